"""The top of a result table: each group's highest (or lowest) rows by one measure.

Reports show each outlet's most over-used and most avoided terms from a :func:`discourse.keyness`
table, or the few most distinctive ones to read in context; this is that filter, written once.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import polars as pl

from discourse._typing import By, Frame
from discourse.corpus._frame import by_columns, require_columns
from discourse.errors import DiscourseError

__all__ = ["top_terms"]

#: Which end of the ranking to keep: the highest values, the lowest, or both.
Side: TypeAlias = Literal["high", "low", "both"]


def top_terms(
    frame: Frame, *, n: int, by: By = None, measure: str = "g2", side: Side = "high"
) -> pl.DataFrame:
    """Each group's ``n`` rows with the highest (or lowest) ``measure``, in the frame's order.

    Parameters
    ----------
    frame
        A result table (or LazyFrame), e.g. of :func:`discourse.keyness`: one row per group and
        term with a numeric ``measure`` column.
    n
        Rows to keep at each end, per group (fewer where a group has fewer).
    by
        The group column(s); ``None``: the whole frame is one group.
    measure
        The numeric column to rank by (G² by default); rows where it is null are never kept.
    side
        ``high``: the ``n`` highest values; ``low``: the ``n`` lowest; ``both``: the two sets
        together, each row once (all of a group's rows when it has ``2 * n`` or fewer).

    Returns
    -------
    pl.DataFrame
        The rows kept, with every column of ``frame``, in its order. Equal values are ranked in
        the frame's order, so on a table sorted by ``measure`` the first rows win a tie.

    Raises
    ------
    DiscourseError
        ``n`` is not a whole number of 1 or more, or a column is missing.

    Examples
    --------
    >>> key = pl.DataFrame({"outlet": ["X", "X", "X", "Y", "Y"],
    ...                     "term": ["a", "b", "c", "a", "d"], "g2": [5.0, 1.0, -3.0, 2.0, -1.0]})
    >>> top_terms(key, n=1, by="outlet").rows()
    [('X', 'a', 5.0), ('Y', 'a', 2.0)]
    >>> top_terms(key, n=1, by="outlet", side="both")["term"].to_list()
    ['a', 'c', 'a', 'd']
    >>> top_terms(key, n=2, side="low")["term"].to_list()
    ['c', 'd']
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DiscourseError(f"n must be a whole number of rows, 1 or more; not {n!r}.")
    if side not in ("high", "low", "both"):
        raise DiscourseError(f"side must be 'high', 'low' or 'both', not {side!r}.")
    cols = by_columns(by)
    require_columns(frame, [*cols, measure], what="top_terms")
    table = frame.collect() if isinstance(frame, pl.LazyFrame) else frame

    def rank(descending: bool) -> pl.Expr:
        ranked = pl.col(measure).rank("ordinal", descending=descending)
        return (ranked.over(cols) if cols else ranked) <= n

    keep = {"high": rank(True), "low": rank(False), "both": rank(True) | rank(False)}[side]
    return table.filter(keep)
