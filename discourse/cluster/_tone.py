"""Target sentiment on a Dask DataFrame: contexts scored on the workers, intervals on the client.

The percentile bootstrap resamples each group's scores by position, so the client gathers one
score per mention and method (never a text), in corpus order, and draws the resamples with the
seed derived from ``seed`` and the group, as in memory: the same seed gives the same interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dask.dataframe as dd
import numpy as np
import polars as pl

from discourse._typing import By, SentimentMethod
from discourse.cluster._engine import keys_of, not_distributed, reduce_partitions, require
from discourse.framing.lexicon import Lexicon, default_lexicon
from discourse.stats.bootstrap import bootstrap_interval
from discourse.tone import targets as _targets


def _scores(
    part: pl.DataFrame, keys: list[str], chosen: Sequence[str], options: dict[str, Any]
) -> pl.DataFrame:
    scored = _targets.target_contexts(part, workers=1, progress=False, **options)
    return scored.select(*keys, *[pl.col(_targets._MAIN[m]).alias(f"_{m}") for m in chosen])


def target_sentiment(
    corpus: dd.DataFrame,
    *,
    lexicon: Lexicon | None = None,
    by: By = None,
    window_tokens: int | None = None,
    mask_label: bool = False,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    n_resamples: int = 2000,
    level: float = 0.95,
    seed: int = 0,
    workers: int | None = None,
    progress: bool | None = None,
    sample: int | None = None,
) -> pl.DataFrame:
    """:func:`discourse.target_sentiment` of a Dask DataFrame (``sample=`` excepted)."""
    if sample is not None:
        raise not_distributed(
            "target_sentiment",
            "sample= (one seeded draw over every mention of the corpus)",
            "leave sample=None, or sample the corpus in memory",
        )
    keys = [*keys_of(by), "label_set", "label"]
    require(corpus, ["doc_id", "text", *keys_of(by)], what="target_sentiment")
    chosen = list(dict.fromkeys(methods))
    options = {
        "lexicon": default_lexicon() if lexicon is None else lexicon,
        "window_tokens": window_tokens,
        "mask_label": mask_label,
        "methods": methods,
    }
    scored = reduce_partitions(
        corpus,
        lambda part: _scores(part, keys, chosen, options),
        lambda partials: pl.concat(partials, how="vertical_relaxed"),
    )
    grouped = scored.group_by(keys).agg(
        pl.len().cast(pl.Int64).alias("n"), *map(pl.col, [f"_{m}" for m in chosen])
    )
    rows = []
    for row in grouped.sort(keys).iter_rows(named=True):
        key = tuple(row[k] for k in keys)
        out: dict[str, object] = {k: row[k] for k in keys}
        out["n"] = row["n"]
        for m in chosen:
            values = np.asarray(row[f"_{m}"], dtype=float)
            low, high = bootstrap_interval(
                values, n_resamples=n_resamples, level=level, seed=_targets._seed_for(seed, key)
            )
            out.update({f"{m}_mean": values.mean(), f"{m}_ci_low": low, f"{m}_ci_high": high})
        if "vader" in chosen:
            compound = np.asarray(row["_vader"], dtype=float)
            band = _targets.NEUTRAL_BAND
            out["negative"] = float((compound <= -band).mean())
            out["positive"] = float((compound >= band).mean())
            out["neutral"] = 1.0 - out["negative"] - out["positive"]  # type: ignore[operator]
        rows.append(out)
    schema: dict[str, pl.DataType] = {k: scored.schema[k] for k in keys} | {"n": pl.Int64()}
    for m in chosen:
        schema |= dict.fromkeys((f"{m}_mean", f"{m}_ci_low", f"{m}_ci_high"), pl.Float64())
    if "vader" in chosen:
        schema |= dict.fromkeys(("negative", "neutral", "positive"), pl.Float64())
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
