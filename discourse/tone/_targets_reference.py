"""``discourse.target_sentiment`` as it was before issue 16, kept as the reference.

Used only by tests (``tests/test_targets_fast.py``) and ``benchmarks/bench_targets_agency.py``
to check that :func:`discourse.tone.targets.target_sentiment` and
:func:`discourse.tone.targets.target_contexts` give identical frames. The scoring is the frozen
one too: every distinct context scored in this process, TextBlob through ``TextBlob(text)``
(worker processes gave the same numbers). Do not change this module: it is the contract the fast
path is held to.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from discourse._typing import By, Frame, SentimentMethod
from discourse.corpus._frame import by_columns, require_columns
from discourse.errors import DiscourseError
from discourse.framing.lexicon import Lexicon
from discourse.stats.bootstrap import bootstrap_interval
from discourse.text._fold import token_re
from discourse.tone.scoring import _vader, _validate_methods

__all__ = ["target_contexts", "target_sentiment"]

NEUTRAL_BAND = 0.05

_MAIN = {"vader": "vader_compound", "textblob": "textblob_polarity"}
_COLUMNS: dict[str, tuple[str, ...]] = {
    "vader": ("vader_compound", "vader_pos", "vader_neu", "vader_neg"),
    "textblob": ("textblob_polarity", "textblob_subjectivity"),
}


def _score_chunk(texts: Sequence[str], methods: tuple[str, ...]) -> list[tuple[float, ...]]:
    rows: list[tuple[float, ...]] = []
    vader: Any = _vader() if "vader" in methods else None
    if "textblob" in methods:
        from textblob import TextBlob
    for text in texts:
        row: list[float] = []
        for method in methods:
            if method == "vader":
                s = vader.polarity_scores(text)
                row.extend((s["compound"], s["pos"], s["neu"], s["neg"]))
            else:
                blob = TextBlob(text).sentiment
                row.extend((float(blob.polarity), float(blob.subjectivity)))
        rows.append(tuple(row))
    return rows


def _sentiment(
    frame: pl.DataFrame, *, methods: Sequence[SentimentMethod], text: str
) -> pl.DataFrame:
    """The frozen :func:`discourse.sentiment`: each distinct text scored once, in order."""
    chosen = _validate_methods(methods)
    columns = [c for m in chosen for c in _COLUMNS[m]]
    texts = pl.DataFrame({"text": frame.get_column(text).to_list()}, schema={"text": pl.String})
    distinct = texts.get_column("text").drop_nulls().unique(maintain_order=True).to_list()
    scores = _score_chunk(distinct, chosen)
    table = pl.DataFrame(
        {"text": distinct, **{c: [row[i] for row in scores] for i, c in enumerate(columns)}},
        schema={"text": pl.String, **dict.fromkeys(columns, pl.Float64)},
    )
    scored = texts.join(table, on="text", how="left", maintain_order="left")
    clash = [c for c in scored.columns[1:] if c in frame.columns]
    base = frame.drop(clash) if clash else frame
    return pl.concat([base, scored.drop("text")], how="horizontal")


def _context_window(text: str, start: int, end: int, window: int, *, mask: bool) -> str:
    left = [m.start() for m in token_re().finditer(text, 0, start)]
    right = [m.end() for m in token_re().finditer(text, end)]
    lo = left[-window] if len(left) >= window else 0
    hi = right[window - 1] if len(right) >= window else len(text)
    if mask:
        return f"{text[lo:start]} {text[end:hi]}"
    return text[lo:hi]


def target_contexts(
    corpus: Frame,
    *,
    lexicon: Lexicon | None = None,
    window_tokens: int | None = None,
    mask_label: bool = False,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    workers: int | None = None,
    progress: bool | None = None,
    sample: int | None = None,
    by: By = None,
    seed: int = 0,
) -> pl.DataFrame:
    """The frozen :func:`discourse.target_contexts`."""
    if window_tokens is not None and not (
        isinstance(window_tokens, int) and not isinstance(window_tokens, bool) and window_tokens > 0
    ):
        raise DiscourseError(
            f"window_tokens must be a positive number of tokens either side of the mention, or "
            f"None for the whole sentence; got {window_tokens!r}."
        )
    from discourse.framing.labels import _located_mentions

    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    located = _located_mentions(frame, lexicon)
    if sample is not None:
        from discourse.tone.scoring import _sample_per_group

        keys = [*by_columns(by), "label_set", "label"]
        located = _sample_per_group(located, sample, by=keys, seed=seed, what="mentions")
    mentions = located.drop("sentence_start", "sentence_end")
    if window_tokens is None:
        # The sentence spans come from the split label_mentions already made.
        start, end = pl.col("sentence_start"), pl.col("sentence_end")
        text = pl.col("_doc")
        if mask_label:
            context = pl.concat_str(
                text.str.slice(start, pl.col("start") - start),
                pl.lit(" "),
                text.str.slice(pl.col("end"), end - pl.col("end")),
            )
        else:
            context = text.str.slice(start, end - start)
        contexts = (
            located.join(
                frame.select("doc_id", pl.col("text").alias("_doc")),
                on="doc_id",
                how="left",
                maintain_order="left",
            )
            .with_columns(context.alias("context"))
            .drop("_doc", "sentence_start", "sentence_end")
        )
    else:
        texts = dict(frame.select("doc_id", "text").iter_rows())
        context_list = [
            _context_window(texts[d], s, e, window_tokens, mask=mask_label)
            for d, s, e in mentions.select("doc_id", "start", "end").iter_rows()
        ]
        contexts = mentions.with_columns(pl.Series("context", context_list, dtype=pl.String))
    return _sentiment(contexts, methods=methods, text="context")


def _seed_for(seed: int, key: tuple[object, ...]) -> int:
    # A stable per-group seed: the same group gets the same resamples whatever else is present.
    return seed * 1_000_003 + zlib.crc32(repr(key).encode("utf-8"))


def target_sentiment(
    corpus: Frame,
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
    """The frozen :func:`discourse.target_sentiment`."""
    keys = [*by_columns(by), "label_set", "label"]
    scored = target_contexts(
        corpus,
        lexicon=lexicon,
        window_tokens=window_tokens,
        mask_label=mask_label,
        methods=methods,
        workers=workers,
        progress=progress,
        sample=sample,
        by=by,
        seed=seed,
    )
    require_columns(scored, keys, what="target_sentiment(by=...)")
    chosen = [m for m in dict.fromkeys(methods)]
    grouped = scored.group_by(keys).agg(
        pl.len().cast(pl.Int64).alias("n"), *[pl.col(_MAIN[m]).alias(f"_{m}") for m in chosen]
    )
    rows = []
    for row in grouped.sort(keys).iter_rows(named=True):
        key = tuple(row[k] for k in keys)
        out: dict[str, object] = {k: row[k] for k in keys}
        out["n"] = row["n"]
        for m in chosen:
            values = np.asarray(row[f"_{m}"], dtype=float)
            low, high = bootstrap_interval(
                values, n_resamples=n_resamples, level=level, seed=_seed_for(seed, key)
            )
            out.update({f"{m}_mean": values.mean(), f"{m}_ci_low": low, f"{m}_ci_high": high})
        if "vader" in chosen:
            compound = np.asarray(row["_vader"], dtype=float)
            out["negative"] = float((compound <= -NEUTRAL_BAND).mean())
            out["positive"] = float((compound >= NEUTRAL_BAND).mean())
            out["neutral"] = 1.0 - out["negative"] - out["positive"]  # type: ignore[operator]
        rows.append(out)
    schema: dict[str, pl.DataType] = {k: scored.schema[k] for k in keys} | {"n": pl.Int64()}
    for m in chosen:
        schema |= dict.fromkeys((f"{m}_mean", f"{m}_ci_low", f"{m}_ci_high"), pl.Float64())
    if "vader" in chosen:
        schema |= dict.fromkeys(("negative", "neutral", "positive"), pl.Float64())
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
