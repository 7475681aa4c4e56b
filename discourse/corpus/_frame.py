"""Shared helpers for the two frame shapes: the corpus and derived long tables."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from discourse._typing import Frame
from discourse.cluster._detect import is_dask
from discourse.errors import DiscourseError

#: The fixed leading columns of every corpus frame, in order.
CORE_COLUMNS: tuple[str, ...] = ("doc_id", "outlet", "published", "title", "url", "text")

#: Corpus columns that are bookkeeping or display, not grouping metadata.
NON_GROUP_COLUMNS: frozenset[str] = frozenset(
    {"title", "url", "text", "source", "line", "duplicate_of"}
)

__all__ = [
    "CORE_COLUMNS",
    "NON_GROUP_COLUMNS",
    "Frame",
    "by_columns",
    "group_columns",
    "require_columns",
    "verbatim_key",
]


def verbatim_key() -> pl.Expr:
    """The text as compared for verbatim copies: whitespace runs collapsed, ends trimmed.

    Examples
    --------
    >>> pl.DataFrame({"text": ["  Hi   there "]}).select(verbatim_key()).item()
    'Hi there'
    """
    return pl.col("text").str.replace_all(r"\s+", " ").str.strip_chars()


def by_columns(by: str | Sequence[str] | None) -> list[str]:
    """Normalise a ``by=`` argument to a list of column names.

    Examples
    --------
    >>> by_columns("outlet")
    ['outlet']
    >>> by_columns(None)
    []
    >>> by_columns(["outlet", "week"])
    ['outlet', 'week']
    """
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def group_columns(corpus: Frame) -> list[str]:
    """Columns of a corpus that derived tables carry along: ``outlet``, ``published``, metadata.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"doc_id": ["a"], "outlet": ["X"], "published": [None],
    ...                    "title": [None], "url": [None], "text": ["t"], "section": ["world"]})
    >>> group_columns(df)
    ['outlet', 'published', 'section']
    """
    names = corpus.collect_schema().names()
    return [c for c in names if c != "doc_id" and c not in NON_GROUP_COLUMNS]


def require_columns(frame: Frame, columns: Sequence[str], *, what: str) -> None:
    """Raise :class:`DiscourseError` naming the missing columns and what ``what`` needs them for.

    A Dask DataFrame reaching here belongs to a function with no cluster version: say so, rather
    than fail on a polars method Dask does not have.
    """
    if is_dask(frame):
        raise DiscourseError(
            f"{what} does not run on a Dask DataFrame; pass a polars frame (for example one "
            "outlet or period at a time, .compute() on a filtered Dask frame, then "
            "polars.from_pandas), or see docs/cluster.md for the functions that do."
        )
    if type(frame).__name__ == "CorpusIndex":
        raise DiscourseError(
            f"{what} does not take a CorpusIndex yet; pass the corpus itself (index.corpus() "
            "gives it back), or see docs/STYLE.md (Indexed corpus) for the functions that do."
        )
    names = set(frame.collect_schema().names())
    missing = [c for c in columns if c not in names]
    if missing:
        raise DiscourseError(
            f"{what} needs column(s) {missing}, but the frame has {sorted(names)}; "
            "pass a corpus from discourse.read_corpus or rename the columns."
        )
