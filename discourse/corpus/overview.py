"""What a corpus holds: documents, words, dates and duplicates per group, and documents over time.

These are the first numbers to read before any comparison: an outlet with three documents, or
one whose documents are mostly wire copies of another's, cannot carry the same weight as the rest.
"""

from __future__ import annotations

import polars as pl

from discourse._typing import By, Every, Frame
from discourse.corpus._frame import by_columns, require_columns
from discourse.errors import DiscourseError, NotApplicableError
from discourse.text._patterns import TOKEN_PATTERN

__all__ = ["corpus_overview", "documents_over_time"]

_TRUNCATE = {"day": "1d", "week": "1w", "month": "1mo"}


def corpus_overview(corpus: Frame, *, by: By = None) -> pl.DataFrame:
    """Documents, words, date range and exact duplicates per group.

    Words are tokens as every counting function in :mod:`discourse` defines them.

    Parameters
    ----------
    corpus
        A corpus frame (see :func:`discourse.read_corpus`).
    by
        Group columns, e.g. ``"outlet"``; ``None`` (the default) for one row for the whole
        corpus.

    Returns
    -------
    pl.DataFrame
        The group columns, then ``documents`` (rows), ``duplicates`` (rows whose text is
        identical to an earlier document's, from ``duplicate_of``), ``undated``, ``first`` and
        ``last`` (dates), ``words`` (total) and ``median_words`` (per document); sorted by group.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "published": [date(2023, 10, 7), None, date(2023, 10, 9)],
    ...     "text": ["Two words.", "Two words.", "Three words here."],
    ...     "duplicate_of": [None, "a", None]})
    >>> overview = corpus_overview(corpus, by="outlet")
    >>> overview.select("outlet", "documents", "duplicates", "undated", "words").rows()
    [('X', 2, 1, 1, 4), ('Y', 1, 0, 0, 3)]
    """
    keys = by_columns(by)
    require_columns(corpus, [*keys, "published", "text"], what="corpus_overview()")
    has_duplicates = "duplicate_of" in corpus.collect_schema().names()
    duplicate = pl.col("duplicate_of").is_not_null() if has_duplicates else pl.lit(False)
    words = pl.col("text").str.count_matches(TOKEN_PATTERN)
    aggregations = [
        pl.len().cast(pl.Int64).alias("documents"),
        duplicate.sum().cast(pl.Int64).alias("duplicates"),
        pl.col("published").is_null().sum().cast(pl.Int64).alias("undated"),
        pl.col("published").min().alias("first"),
        pl.col("published").max().alias("last"),
        words.sum().cast(pl.Int64).alias("words"),
        words.median().alias("median_words"),
    ]
    frame = corpus.lazy()
    result = (
        frame.group_by(keys).agg(aggregations).sort(keys) if keys else frame.select(aggregations)
    )
    return result.collect()


def documents_over_time(corpus: Frame, *, every: Every = "week", by: By = None) -> pl.DataFrame:
    """Documents per period (and group); undated documents are left out.

    Parameters
    ----------
    corpus
        A corpus frame.
    every
        ``"day"``, ``"week"`` (starting Monday) or ``"month"``.
    by
        Group columns, e.g. ``"outlet"``; ``None`` (the default) for the whole corpus.

    Returns
    -------
    pl.DataFrame
        The group columns, then a Date column named after ``every`` (the period's first day),
        then ``documents``; periods with no documents are absent. Sorted by group and period.

    Raises
    ------
    NotApplicableError
        No document has a date: there is no time series to show.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> corpus = pl.DataFrame({"outlet": ["X", "X", "X"],
    ...     "published": [date(2023, 10, 9), date(2023, 10, 15), date(2023, 10, 16)]})
    >>> documents_over_time(corpus, by="outlet").rows()
    [('X', datetime.date(2023, 10, 9), 2), ('X', datetime.date(2023, 10, 16), 1)]
    >>> documents_over_time(corpus.with_columns(published=None))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    discourse.errors.NotApplicableError: Documents over time need dates, and none of the 3 ...
    """
    if every not in _TRUNCATE:
        raise DiscourseError(f"every must be one of {sorted(_TRUNCATE)}, not {every!r}")
    keys = by_columns(by)
    require_columns(corpus, [*keys, "published"], what="documents_over_time()")
    out = (
        corpus.lazy()
        .filter(pl.col("published").is_not_null())
        .group_by(*keys, pl.col("published").dt.truncate(_TRUNCATE[every]).alias(every))
        .agg(documents=pl.len().cast(pl.Int64))
        .sort(*keys, every)
        .collect()
    )
    if out.is_empty():
        raise NotApplicableError(_undated(corpus))
    return out


def _undated(corpus: Frame) -> str:
    """Why there is no time series: the sentence names how many documents lack a date."""
    rows = corpus.lazy().select(pl.len()).collect().item()
    if not rows:
        return "Documents over time need documents, and this corpus has none; add some."
    return (
        f"Documents over time need dates, and none of the {rows:,} documents has one; add a "
        "date to each (a 'published' or 'date' line in the front matter, or a date column "
        "named in mapping={'date': ...})."
    )
