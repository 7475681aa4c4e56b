"""Label mentions and shares on a Dask DataFrame.

Mentions are found per partition by the in-memory code (one document never spans partitions);
:func:`label_shares` sums each partition's mention and document counts per group and label,
then computes shares, intervals and tests from the sums as :mod:`discourse.framing._shares`
does in memory.
"""

from __future__ import annotations

from typing import Any

import dask.dataframe as dd
import polars as pl

from discourse._typing import By, Correction
from discourse.cluster._engine import (
    columns,
    keys_of,
    map_rows,
    not_distributed,
    only,
    reduce_partitions,
    require,
    sum_counts,
)
from discourse.corpus._frame import NON_GROUP_COLUMNS
from discourse.errors import NotApplicableError
from discourse.framing import _shares
from discourse.framing import labels as _labels
from discourse.framing.lexicon import Lexicon, default_lexicon
from discourse.stats.inference import wilson_interval


def label_mentions(corpus: dd.DataFrame, *, lexicon: Lexicon | None = None) -> Any:
    """:func:`discourse.label_mentions` per partition: a Dask DataFrame of the mentions, in
    document order (``.compute()`` and ``polars.from_pandas`` give the in-memory frame)."""
    require(corpus, ["doc_id", "text"], what="label_mentions")
    lexicon = default_lexicon() if lexicon is None else lexicon
    return map_rows(corpus, lambda frame: _labels.label_mentions(frame, lexicon=lexicon))


def _counts(
    frame: pl.DataFrame, lexicon: Lexicon, keys: list[str], include_quoted: bool
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """One partition: documents per group, mentions per group and label, mentions found."""
    frame, found, _ = _labels._mentions_for(frame, lexicon, None, keys)
    corpus, group = _shares._grouped(frame, keys)
    mentions, _ = _shares._grouped(found, keys)
    if not include_quoted:
        mentions = mentions.filter(~pl.col("quoted"))
    documents = corpus.group_by(group).agg(pl.len().cast(pl.Int64).alias("_documents"))
    counts = mentions.group_by(*group, "label_set", "label").agg(
        pl.len().cast(pl.Int64).alias("n"),
        pl.col("quoted").sum().cast(pl.Int64).alias("quoted"),
        pl.col("doc_id").n_unique().cast(pl.Int64).alias("docs"),
    )
    return documents, counts, found.height


def _summed(
    partials: list[tuple[pl.DataFrame, pl.DataFrame, int]], group: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    documents = sum_counts([p[0] for p in partials], group)
    counts = sum_counts([p[1] for p in partials], [*group, "label_set", "label"])
    return documents, counts, sum(p[2] for p in partials)


def _table(
    documents: pl.DataFrame, counts: pl.DataFrame, lexicon: Lexicon, keys: list[str]
) -> pl.DataFrame:
    """The frame of :func:`discourse.label_shares` from summed documents and mention counts."""
    group = keys or [_shares._ALL]
    labels = pl.DataFrame(
        [(s.name, label.name) for s in lexicon.label_sets for label in s.labels],
        schema={"label_set": pl.String, "label": pl.String},
        orient="row",
    ).with_row_index("_label_order")
    table = (
        documents.join(labels, how="cross")
        .join(counts, on=[*group, "label_set", "label"], how="left", nulls_equal=True)
        .with_columns(pl.col("n", "quoted", "docs").fill_null(0).cast(pl.Int64))
        .with_columns(pl.col("n").sum().over(*group, "label_set").alias("set_n"))
    )
    low, high = wilson_interval(pl.col("n"), pl.col("set_n"))
    defined = pl.col("set_n") > 0
    table = table.with_columns(
        pl.when(defined).then(pl.col("n") / pl.col("set_n")).alias("share"),
        pl.when(defined).then(low).alias("ci_low"),
        pl.when(defined).then(high).alias("ci_high"),
        (pl.col("docs") / pl.col("_documents")).alias("doc_share"),
    ).sort(*group, "_label_order")
    columns = ["label_set", "label", "n", "set_n", "share", "ci_low", "ci_high", "quoted"]
    return table.select(*keys, *columns, "docs", "doc_share")


def label_shares(
    corpus: dd.DataFrame,
    *,
    lexicon: Lexicon | None = None,
    by: By = None,
    mentions: Any = None,
    include_quoted: bool = True,
    dedupe: Any = None,
) -> pl.DataFrame:
    """:func:`discourse.label_shares` of a Dask DataFrame (``mentions=``/``dedupe=`` excepted)."""
    if mentions is not None:
        raise not_distributed(
            "label_shares",
            "mentions= (the mentions are found on the workers, partition by partition)",
            "leave mentions=None",
        )
    if dedupe is not None:
        raise not_distributed(
            "label_shares",
            f"dedupe={dedupe!r} (finding copies compares documents across partitions)",
            "deduplicate the corpus before it is partitioned (discourse.deduplicate), or "
            "leave dedupe=None",
        )
    keys = keys_of(by)
    require(corpus, ["doc_id", "text", *keys], what="label_shares")
    # The columns the in-memory call reads: the document, its group columns, the text.
    groups = [c for c in columns(corpus) if c != "doc_id" and c not in NON_GROUP_COLUMNS]
    corpus = only(corpus, ["doc_id", *groups, "text"], what="label_shares")
    lexicon = default_lexicon() if lexicon is None else lexicon
    group = keys or [_shares._ALL]
    documents, counts, found = reduce_partitions(
        corpus,
        lambda frame: _counts(frame, lexicon, keys, include_quoted),
        lambda partials: _summed(partials, group),
    )
    if found == 0:
        total = int(documents["_documents"].sum()) if documents.height else 0
        raise NotApplicableError(_shares.no_hit_message(total))
    return _table(documents, counts, lexicon, keys)


def label_independence(
    corpus: dd.DataFrame,
    *,
    lexicon: Lexicon | None = None,
    by: By = None,
    mentions: Any = None,
    include_quoted: bool = True,
    dedupe: Any = None,
) -> pl.DataFrame:
    """:func:`discourse.label_independence` from the distributed :func:`label_shares`."""
    table = label_shares(
        corpus,
        lexicon=lexicon,
        by=by,
        mentions=mentions,
        include_quoted=include_quoted,
        dedupe=dedupe,
    )
    return _shares.independence(table, keys_of(by))


def label_pairwise(
    corpus: dd.DataFrame,
    *,
    lexicon: Lexicon | None = None,
    by: By = None,
    mentions: Any = None,
    include_quoted: bool = True,
    correction: Correction = "holm",
    dedupe: Any = None,
) -> pl.DataFrame:
    """:func:`discourse.label_pairwise` from the distributed :func:`label_shares`."""
    table = label_shares(
        corpus,
        lexicon=lexicon,
        by=by,
        mentions=mentions,
        include_quoted=include_quoted,
        dedupe=dedupe,
    )
    return _shares.pairwise(table, keys_of(by), correction)
