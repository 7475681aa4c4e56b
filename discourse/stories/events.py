"""Reports of one event: every cross-outlet pair sharing an event column, and the pair to read.

:func:`event_pairs` scores the pairs of a known same-event set (a metadata column such as the
demo corpus's ``event``) with the shingle measures of :mod:`discourse.stories.pairs`, whether or
not they are near-duplicates; :func:`closest_pair` picks the most similar pair of either, to show
with :func:`discourse.wording_diff`.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from discourse._typing import Frame
from discourse.corpus._frame import require_columns, verbatim_key
from discourse.errors import NotApplicableError
from discourse.stories import _minhash
from discourse.stories.pairs import _PAIR_SCHEMA, SHINGLE, _documents

__all__ = ["closest_pair", "event_pairs"]


def event_pairs(corpus: Frame, *, on: str = "event", max_pairs: int = 500_000) -> pl.DataFrame:
    """Every pair of documents from different outlets that share a value of ``on``, scored.

    For comparing known same-event sets (a metadata column such as the demo corpus's
    ``event``) whether or not they are near-duplicates; :func:`same_story` finds pairs without
    such a column.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with ``doc_id``, ``outlet``, ``published``, ``text`` and
        the column ``on``.
    on
        The column naming each document's event, of any type (a ``published`` date pairs the
        reports of one day). Documents whose value is null are not paired.
    max_pairs
        The most pairs to score (some tens of thousands a second): a column that names
        something broader than events, such as the date of a big corpus, would otherwise make
        millions.

    Returns
    -------
    polars.DataFrame
        ``on``, then the columns of :func:`same_story` but ``similarity``: ``doc_a`` (the
        earlier), ``doc_b``, ``outlet_a``, ``outlet_b``, ``published_a``, ``published_b``,
        ``jaccard`` (of the 5-word shingle sets; 0 when either text has fewer than five words),
        ``verbatim`` and ``containment`` (of the 3-word shingle sets); by ``on``, then most
        similar first. Empty, with these columns, when no two outlets share a value.

    Raises
    ------
    NotApplicableError
        When the corpus has no column ``on``, fewer than two outlets, or more than
        ``max_pairs`` pairs.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"],
    ...     "published": [None, None, None], "event": ["truce", "truce", "raid"],
    ...     "text": ["Talks will resume in Cairo next week.",
    ...              "Talks will resume in Cairo on Monday.", "Troops entered the hospital."]})
    >>> event_pairs(corpus).select("event", "doc_a", "doc_b", "jaccard").rows()
    [('truce', 'a', 'b', 0.2)]
    """
    require_columns(corpus, ["doc_id", "text"], what="event_pairs")
    names = corpus.collect_schema().names()
    if on not in names:
        raise NotApplicableError(
            f"Comparing reports of the same event needs a column naming each document's event, "
            f"and this corpus has no column {on!r} (its columns: {', '.join(names)}); add one "
            "(an 'event:' line in each file's front matter, or a column of the table) or name "
            "another column with on=... (DISCOURSE_EVENT_COLUMN in the notebooks)."
        )
    docs = _documents(corpus, "event_pairs")
    outlets = docs["outlet"].drop_nulls().unique()
    if outlets.len() < 2:
        raise NotApplicableError(
            "Reports of the same event are compared across outlets, and this corpus has "
            + (f"one ({outlets[0]})" if outlets.len() else "none named")
            + "; add documents from another outlet."
        )
    groups = corpus.lazy().select("doc_id", pl.col(on).alias("_group")).collect()
    docs = docs.join(groups, on="doc_id", maintain_order="left").with_row_index("row")
    counts = (
        docs.filter(pl.col("_group").is_not_null())
        .group_by("_group")
        .agg(n=pl.len().cast(pl.Int64), own=pl.col("outlet").value_counts().struct.field("count"))
    )
    # Pairs within each group less those within one outlet of it.
    total = int(
        counts.select(
            (pl.col("n") * (pl.col("n") - 1) // 2).sum()
            - (pl.col("own").list.eval(pl.element().cast(pl.Int64) * (pl.element() - 1) // 2)
               .list.sum().sum())
        ).item()
    )  # fmt: skip
    if total > max_pairs:
        largest = int(counts["n"].max())  # type: ignore[arg-type]
        raise NotApplicableError(
            f"The column {on!r} groups this corpus into {total:,} pairs of documents from "
            f"different outlets (up to {largest:,} documents share one value), more than "
            f"max_pairs={max_pairs:,} allows: if it names events, raise max_pairs; if it names "
            "something broader (such as a day), use a column that names events."
        )
    meta = docs.select(
        pl.col("row").cast(pl.Int64),
        "doc_id",
        "outlet",
        "published",
        "_group",
        verbatim_key().alias("key"),
    )
    pairs = (
        meta.join(meta, on="_group", suffix="_b")
        .filter(pl.col("row") < pl.col("row_b"), pl.col("outlet").ne_missing(pl.col("outlet_b")))
        .rename({"row": "a", "row_b": "b"})
    )
    words = _minhash.word_hashes(docs["text"])
    hashes, rows = _minhash.shingle_hashes(docs["text"], 5, words=words)
    hashes3, rows3 = _minhash.shingle_hashes(docs["text"], SHINGLE, words=words)
    scored = pairs.with_columns(
        jaccard=pl.Series(_minhash.exact_jaccard(hashes, rows, pairs), dtype=pl.Float64),
        containment=pl.Series(_minhash.exact_overlap(hashes3, rows3, pairs)[1], dtype=pl.Float64),
    )
    schema = {on: docs.schema["_group"]} | {
        k: v for k, v in _PAIR_SCHEMA.items() if k != "similarity"
    }
    return (
        scored.select(
            pl.col("_group").alias(on),
            pl.col("doc_id").alias("doc_a"),
            pl.col("doc_id_b").alias("doc_b"),
            pl.col("outlet").alias("outlet_a"),
            "outlet_b",
            pl.col("published").alias("published_a"),
            "published_b",
            "jaccard",
            (pl.col("key") == pl.col("key_b")).alias("verbatim"),
            "containment",
        )
        .cast(schema)  # type: ignore[arg-type]
        .sort([on, "jaccard", "doc_a", "doc_b"], descending=[False, True, False, False])
    )


def closest_pair(pairs: Frame, *, verbatim: bool = False) -> dict[str, Any]:
    """The most similar pair of :func:`same_story` or :func:`event_pairs` output, as a dict.

    Parameters
    ----------
    pairs
        A frame (or LazyFrame) with ``doc_a``, ``doc_b``, ``jaccard`` and ``verbatim`` columns.
    verbatim
        Also consider verbatim copies (which have no wording to compare).

    Returns
    -------
    dict
        The row with the highest ``jaccard`` (then the first ``doc_a``, ``doc_b``).

    Raises
    ------
    NotApplicableError
        When there is no such pair.

    Examples
    --------
    >>> import polars as pl
    >>> pairs = pl.DataFrame({"doc_a": ["w", "w"], "doc_b": ["c", "r"], "jaccard": [1.0, 0.6],
    ...                       "verbatim": [True, False]})
    >>> closest_pair(pairs)["doc_b"]
    'r'
    """
    if isinstance(pairs, pl.LazyFrame):
        pairs = pairs.collect()
    require_columns(pairs, ["doc_a", "doc_b", "jaccard", "verbatim"], what="closest_pair")
    kept = pairs if verbatim else pairs.filter(~pl.col("verbatim"))
    if not pairs.height:
        raise NotApplicableError(
            "No two documents from different outlets tell the same story in this corpus, so "
            "there is no pair to compare; a corpus where outlets republish or rewrite each "
            "other's stories has some."
        )
    if not kept.height:
        raise NotApplicableError(
            f"All {pairs.height:,} pairs of documents that tell the same story are verbatim "
            "copies, so there is no change of wording to show."
        )
    return kept.sort(["jaccard", "doc_a", "doc_b"], descending=[True, False, False]).row(
        0, named=True
    )
