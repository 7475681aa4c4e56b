"""The frame a figure draws: its columns checked and selected, rows without a value left out, and
its groups found.

A figure draws a result frame, and result frames put their group columns first (``label_shares``
gives the ``by`` columns, then ``label_set``, ``label`` ...). So ``by=None`` in a plot means the
columns before the frame's key columns: a table made with ``by="outlet"`` is drawn per outlet, one
made with ``by=None`` as one group, and one made with several columns per combination of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from discourse._typing import By, Frame
from discourse.corpus._frame import by_columns, require_columns

#: The group a frame without group columns is drawn as.
WHOLE = "all rows"

#: Joins the values of several group columns into the one name a figure shows.
JOIN = " · "


def select(
    frame: Frame, columns: Sequence[str], optional: Sequence[str | None], *, what: str
) -> pl.DataFrame:
    """``columns`` (required) and those of ``optional`` that the frame has, collected."""
    require_columns(frame, columns, what=what)
    names = frame.collect_schema().names()
    extra = [c for c in optional if c is not None and c in names and c not in columns]
    return frame.lazy().select(*dict.fromkeys([*columns, *extra])).collect()


def nan_to_null(df: pl.DataFrame, columns: Sequence[str]) -> list[pl.Expr]:
    """Float columns of ``columns`` with NaN as null, so that one test finds a missing value."""
    return [pl.col(c).fill_nan(None) for c in columns if df.schema[c].is_float()]


def present(df: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """The rows with a value (neither null nor NaN) in every one of ``columns``."""
    return df.with_columns(nan_to_null(df, columns)).drop_nulls(columns)


def by_panel(df: pl.DataFrame, panel: str | None) -> list[tuple[Any, pl.DataFrame]]:
    """One (value, rows) pair per value of ``panel`` in sorted order; the whole frame without it."""
    if panel is None or panel not in df.columns:
        return [(None, df)]
    parts = df.partition_by(panel, as_dict=True, include_key=True)
    return sorted(((key[0], part) for key, part in parts.items()), key=lambda kv: str(kv[0]))


def group_by_columns(frame: Frame, by: By, *, keys: Sequence[str | None]) -> list[str]:
    """The group columns of ``frame``: ``by``, or with ``None`` the columns before its first key.

    Examples
    --------
    >>> df = pl.DataFrame({"outlet": ["A"], "week": [1], "label": ["x"], "share": [1.0]})
    >>> group_by_columns(df, None, keys=["label_set", "label"])
    ['outlet', 'week']
    >>> group_by_columns(df, None, keys=["week"])
    ['outlet']
    >>> group_by_columns(df.drop("outlet"), None, keys=["week"])
    []
    >>> group_by_columns(df, "week", keys=["label"])
    ['week']
    """
    if by is not None:
        return by_columns(by)
    names = frame.collect_schema().names()
    first = min((names.index(k) for k in keys if k is not None and k in names), default=0)
    return names[:first]


def one_group_column(df: pl.DataFrame, columns: Sequence[str]) -> tuple[pl.DataFrame, str]:
    """``df`` with one column naming each row's group, and that column's name.

    One column is kept as it is (its values sort as they are: dates as dates). Several are
    joined into text, ``"A · 2023-10-02"``, in a column named after them all; a row with a null
    in any of them has a null group. No column at all: every row is the one group ``all rows``.

    Examples
    --------
    >>> df = pl.DataFrame({"outlet": ["A", "B"], "section": ["world", None], "n": [1, 2]})
    >>> one_group_column(df, ["outlet", "section"])[0].rows()
    [('A', 'world', 1, 'A · world'), ('B', None, 2, None)]
    >>> one_group_column(df, [])[1]
    'group'
    """
    if len(columns) == 1:
        return df, columns[0]
    if not columns:
        name = _free_name(df, "group")
        return df.with_columns(pl.lit(WHOLE).alias(name)), name
    name = _free_name(df, " × ".join(columns))
    parts = [pl.col(c).cast(pl.String) for c in columns]
    return df.with_columns(pl.concat_str(parts, separator=JOIN).alias(name)), name


def per(keys: Sequence[str], name: str) -> str:
    """A title's " per outlet", or nothing when the frame has no group columns."""
    return f" per {name}" if keys else ""


def _free_name(df: pl.DataFrame, name: str) -> str:
    while name in df.columns:
        name = f"{name}_"
    return name
