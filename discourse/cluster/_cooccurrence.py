"""Collocations on a Dask DataFrame: span counts and frequencies summed over partitions.

A span never leaves its document, so each partition counts its own spans (``o``), token
frequencies, node hits and tokens per group; the sums are filtered by ``min_count`` and scored
by the in-memory code (:mod:`discourse.terms.association`). The frequency table is one row per
group and word type, so the combine grows with the vocabulary, not with the corpus.
"""

from __future__ import annotations

import dask.dataframe as dd
import polars as pl

from discourse._typing import By, Possessives
from discourse.cluster._engine import keys_of, only, reduce_partitions, sum_counts
from discourse.errors import DiscourseError
from discourse.terms import association as _association
from discourse.text._fold import token_re
from discourse.text._patterns import normalise_token
from discourse.text._tokens import split_possessives


def _collocation_chunk(
    frame: pl.DataFrame,
    cols: list[str],
    node_tokens: list[str],
    left: int,
    right: int,
    possessives: Possessives,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One partition's span counts ``o``, token frequencies, and hits and tokens per group, as
    :func:`discourse.collocations` counts them (spans never leave a document)."""
    tokens = _association._tokens(frame, cols, possessives)
    hits, observed = _association._node_spans(tokens, node_tokens, cols, left, right)
    frequencies = tokens.group_by(*cols, collocate="token").agg(f_collocate=pl.len().cast(pl.Int64))
    sizes = (
        tokens.group_by(cols)
        .agg(n_tokens=pl.len().cast(pl.Int64))
        .join(
            hits.group_by(cols).agg(f_node=pl.len().cast(pl.Int64)),
            on=cols,
            how="left",
            nulls_equal=True,
        )
        .with_columns(pl.col("f_node").fill_null(0))
    )
    return observed, frequencies, sizes


def collocations(
    corpus: dd.DataFrame,
    *,
    node: str,
    window_tokens: int | tuple[int, int] = 5,
    by: By = None,
    min_count: int = 3,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """:func:`discourse.collocations` of a Dask DataFrame: span counts and frequencies summed
    over partitions, then ``min_count`` and the association measures as in memory."""
    corpus = only(corpus, ["text", *keys_of(by)], what="collocations")
    left, right = (
        (window_tokens, window_tokens) if isinstance(window_tokens, int) else window_tokens
    )
    if left < 0 or right < 0 or left + right == 0:
        raise DiscourseError(
            f"window_tokens={window_tokens!r} must have a positive size, e.g. 5 or (2, 3)."
        )
    node_tokens = [normalise_token(t) for t in token_re().findall(node)]
    if possessives == "split":
        listed = pl.Series([node_tokens], dtype=pl.List(pl.String))  # typed even when empty
        node_tokens = pl.select(split_possessives(pl.lit(listed))).item().to_list()
    if not node_tokens:
        raise DiscourseError(f"node {node!r} contains no word to look for.")
    cols = keys_of(by) or [_association._ALL]

    def combine(
        partials: list[tuple[pl.DataFrame, ...]],
    ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        return (
            sum_counts([p[0] for p in partials], [*cols, "collocate"]),
            sum_counts([p[1] for p in partials], [*cols, "collocate"]),
            sum_counts([p[2] for p in partials], cols),
        )

    observed, frequencies, sizes = reduce_partitions(
        corpus,
        lambda frame: _collocation_chunk(frame, cols, node_tokens, left, right, possessives),
        combine,
    )
    table = (
        observed.filter(pl.col("o") >= min_count)
        .join(frequencies, on=[*cols, "collocate"], nulls_equal=True)
        .join(sizes.filter(pl.col("f_node") > 0), on=cols, nulls_equal=True)
        .select(*cols, "collocate", pl.col("o", "f_node", "f_collocate", "n_tokens").cast(pl.Int64))
    )
    return (
        _association._score(table, span=left + right)
        .sort([*cols, "g2", "collocate"], descending=[*([False] * len(cols)), True, False])
        .drop(_association._ALL, strict=False)
    )
