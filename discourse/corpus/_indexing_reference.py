"""The index build as it was before batching (issue 17): do not change: the contract the batched
build is held to.

A verbatim copy of ``_build``, ``_runs`` and ``_with_offsets`` from
:mod:`discourse.corpus.indexing` and the constant they need, kept for
``tests/test_index_build_fast.py`` and ``benchmarks/bench_index_memory.py`` only; no library code
imports it.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from discourse._typing import Frame, Possessives
from discourse.terms._ngrams import is_dropped, token_lists
from discourse.text._fold import token_expr
from discourse.text._tokens import token_table

_FOLD_ODD = "[\u00ad\u0130\u212a\u03a3\u03c2]"


def _build(
    corpus: Frame, possessives: Possessives
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    docs = corpus.lazy().with_row_index("_row")
    tokens = token_lists(docs.drop("_row"), [], possessives).collect().sort("_row")
    counts = tokens.select(
        "_row",
        _tokens=pl.col("tok")
        .list.eval((~is_dropped(pl.element(), set())).cast(pl.Int64))
        .list.sum()
        .fill_null(0)
        .cast(pl.Int64),
    )
    frame = docs.collect().join(counts, on="_row", how="left", maintain_order="left")
    # Token ids: positions in the sorted vocabulary, so that id order is the terms' order.
    vocab = tokens.select(pl.col("tok").explode().drop_nulls().unique().sort().alias("term"))
    ids = pl.element().cast(pl.Enum(vocab["term"])).to_physical().cast(pl.UInt32)
    table = tokens.select("_row", ids=pl.col("tok").list.eval(ids))
    # Each document's distinct ids and their counts: unigram tables and keyness sum these.
    flat = table.lazy().explode("ids").drop_nulls("ids")
    row = pl.col("_row").cast(pl.UInt64) * pl.lit(1 << 32, pl.UInt64)
    keys, found = _runs(flat.select(row + pl.col("ids").cast(pl.UInt64)).collect().to_series())
    unigrams = pl.DataFrame(
        {"_row": keys >> 32, "id": keys & 0xFFFFFFFF, "count": found},
        schema={"_row": pl.UInt32, "id": pl.UInt32, "count": pl.Int64},
    )
    # Each document's pairs of adjacent words (no sentence break between them), numbered in
    # order of g = first * len(vocab) + second: per-group counts are then bins of a bincount.
    size = max(vocab.height, 1)
    ids = pl.col("ids").cast(pl.UInt64)
    word = ~pl.col("ids").is_in(
        vocab.with_row_index("id").filter(is_dropped(pl.col("term"), set()))["id"].implode()
    )
    grams = (
        flat.select(
            "_row",
            g=ids * pl.lit(size, pl.UInt64) + ids.shift(-1),
            keep=(pl.col("_row") == pl.col("_row").shift(-1)) & word & word.shift(-1),
        )
        .filter(pl.col("keep").fill_null(False))
        .select(row, pair=(pl.col("g").rank("dense") - 1).cast(pl.UInt64), g="g")
        .collect()
    )
    pairs = grams.select(pl.col("g").unique().sort())
    keys, found = _runs(grams.select(pl.col("_row") + pl.col("pair")).to_series())
    bigrams = pl.DataFrame(
        {"_row": keys >> 32, "id": keys & 0xFFFFFFFF, "count": found},
        schema={"_row": pl.UInt32, "id": pl.UInt32, "count": pl.Int64},
    )
    tokens_table = _with_offsets(table, frame, vocab, possessives)
    return frame, tokens_table, vocab, unigrams, bigrams, pairs


def _runs(keys: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``keys``, sorted, and how often each occurs (a sort and a scan
    are several times faster than a group-by on the two numbers packed in each key)."""
    values = keys.sort().to_numpy()
    if values.size == 0:
        return values, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
    return values[starts], np.diff(np.append(starts, values.size)).astype(np.int64)


def _with_offsets(
    table: pl.DataFrame, frame: pl.DataFrame, vocab: pl.DataFrame, possessives: Possessives
) -> pl.DataFrame:
    """``table`` with each word's character offsets into the text (``starts``, ``ends``: the
    ids less the sentence breaks, one to one) and two flags per document.

    The offsets are :func:`~discourse.text._tokens.token_table`'s, the token table of KWIC.
    ``exact``: its tokens, normalised, are the document's words in the ids (always so, checked
    here rather than assumed); ``starts``/``ends`` are null where not. ``plain``: ``exact``, and
    the whole words of the folded text (what the matching syntax finds) are the runs of word
    characters inside the normalised tokens, at the same offsets (see ``_FOLD_ODD``; a number
    token ending right where another token starts, "3.5x", is not plain either).
    """
    u32 = pl.List(pl.UInt32)
    breaks = vocab.with_row_index("id").filter(is_dropped(pl.col("term"), set()))["id"]
    elem = pl.element()
    words = pl.col("ids").fill_null(pl.lit([], u32))
    words = words.list.eval(elem.filter(~elem.is_in(breaks.cast(pl.UInt32).implode())))
    start, end, norm = pl.col("start"), pl.col("end"), pl.col("norm")
    same = pl.col("_row") == pl.col("_row").shift(1)
    edge = (
        same
        & (start == end.shift(1))
        & norm.str.contains(r"^\w")
        & norm.shift(1).str.contains(r"\w$")
    )
    spans = (
        token_table(frame.lazy().select("_row", "text"), ["_row"], possessives=possessives)
        .select("_row", "start", "end", norm=token_expr("token"))
        .with_columns(edge=edge.fill_null(False))
        .with_columns(
            nid=norm.cast(pl.Enum(vocab["term"]), strict=False).to_physical().cast(pl.UInt32)
        )
        .group_by("_row", maintain_order=True)
        .agg(
            starts=start.cast(pl.UInt32),
            ends=end.cast(pl.UInt32),
            nids=pl.col("nid").cast(pl.UInt32),
            edge=pl.col("edge").any(),
        )
        .collect()
    )
    odd = frame.select("_row", odd=pl.col("text").str.contains(_FOLD_ODD).fill_null(False))
    out = (
        table.join(spans, on="_row", how="left", maintain_order="left")
        .join(odd, on="_row", how="left", maintain_order="left")
        .with_columns(_w=words)
    )
    exact = (
        pl.when(pl.col("nids").is_null())
        .then(pl.col("_w").list.len() == 0)
        .otherwise((pl.col("_w") == pl.col("nids")).fill_null(False))
    )
    out = out.with_columns(exact=exact)
    none = pl.lit([], u32)
    return out.select(
        "_row",
        "ids",
        pl.when("exact").then(pl.col("starts").fill_null(none)).alias("starts"),
        pl.when("exact").then(pl.col("ends").fill_null(none)).alias("ends"),
        "exact",
        plain=pl.col("exact") & ~pl.col("edge").fill_null(False) & ~pl.col("odd"),
    )
