"""Tone around designations, with uncertainty, and how far the two sentiment lexicons agree.

Target sentiment scores the *context* of each mention of a label (its sentence, or a window of
tokens around it) and aggregates per group and label with seeded bootstrap intervals, so that a
small difference between outlets is not over-read. It measures the words around a term, not the
term's meaning or an outlet's stance: a sentence that reports deaths scores negative whatever the
designation in it.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import polars as pl

from discourse._typing import By, Frame, SentimentMethod
from discourse.cluster._detect import is_dask
from discourse.corpus._frame import by_columns, require_columns
from discourse.errors import DiscourseError
from discourse.framing.lexicon import Lexicon
from discourse.stats.bootstrap import bootstrap_interval
from discourse.text._fold import token_re
from discourse.tone.scoring import sentiment

__all__ = [
    "sentiment_agreement",
    "sentiment_disagreements",
    "target_contexts",
    "target_sentiment",
]

#: VADER's standard thresholds: compound ≥ 0.05 positive, ≤ −0.05 negative, otherwise neutral.
NEUTRAL_BAND = 0.05

_MAIN = {"vader": "vader_compound", "textblob": "textblob_polarity"}


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
    """Every label mention with its context and the context's sentiment.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame).
    lexicon
        A :class:`discourse.Lexicon`; the packaged default when ``None``.
    window_tokens
        The context: ``None`` (the default) scores the mention's whole sentence; an integer
        ``n`` scores ``n`` tokens either side of the mention (within the document), with the
        mention itself.
    mask_label
        Drop the matched label from the context before scoring, so that the label's own
        valence ("terrorist" is negative in VADER) does not drive the score.
    methods, workers, progress
        See :func:`discourse.sentiment`.
    sample, by, seed
        Score at most ``sample`` mentions of each label per ``by`` group (``None``: the whole
        corpus as one group; ``by="outlet"`` samples each outlet alike): a seeded random
        sample, in corpus order, with a warning saying "sampled N of M mentions" (as
        :func:`discourse.sentence_sentiment` samples sentences). ``sample=None`` scores every
        mention, and ``by`` is then unused.

    Returns
    -------
    pl.DataFrame
        The columns of :func:`discourse.label_mentions` (``doc_id``, the corpus's grouping
        columns, ``label_set, label, phrase, start, end, matched`` ...), then ``context`` (the
        text scored) and the score columns of :func:`discourse.sentiment`; one row per mention.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["d1"], "outlet": ["A"],
    ...     "text": ["Talks went well. Hamas said the strike killed 12 people."]})
    >>> contexts = target_contexts(corpus, methods=["vader"]).filter(label_set="hamas")
    >>> contexts.select("label", "context", "vader_compound").rows()
    [('name', 'Hamas said the strike killed 12 people.', -0.7184)]
    >>> target_contexts(corpus, window_tokens=1, methods=["vader"]).filter(
    ...     label_set="hamas").item(0, "context")
    'well. Hamas said'
    """
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
    return sentiment(contexts, methods=methods, text="context", workers=workers, progress=progress)


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
    """Sentiment of the contexts of each label's mentions, per group, with bootstrap intervals.

    Parameters
    ----------
    corpus, lexicon, window_tokens, mask_label, methods, workers, progress, sample
        See :func:`target_contexts`; with ``sample``, ``n`` counts the mentions scored.
    by
        Grouping column(s) of the corpus; ``None`` (the default) for the whole corpus as one
        group. ``by="outlet"`` compares outlets.
    n_resamples, level, seed
        The percentile bootstrap of the mean (:func:`discourse.bootstrap_interval`); each
        group's seed is derived from ``seed`` and the group's key, so results are reproducible.

    Returns
    -------
    pl.DataFrame
        ``[*by], label_set, label, n``, then for each method ``<method>_mean``,
        ``<method>_ci_low``, ``<method>_ci_high`` (VADER's compound, TextBlob's polarity), then
        ``negative, neutral, positive``: the shares of contexts whose VADER compound is
        ≤ −0.05, in between, ≥ 0.05. Sorted by groups, label set, label.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"], "text": [
    ...     "Hamas said the strike killed 12 people.", "Hamas welcomed the talks."]})
    >>> tone = target_sentiment(corpus, by="outlet", methods=["vader"], n_resamples=100)
    >>> tone.filter(label_set="hamas").select("outlet", "label", "n", "vader_mean").rows()
    [('A', 'name', 1, -0.7184), ('B', 'name', 1, 0.34)]
    """
    if is_dask(corpus):
        from discourse.cluster import _tone

        return _tone.target_sentiment(
            corpus,
            lexicon=lexicon,
            by=by,
            window_tokens=window_tokens,
            mask_label=mask_label,
            methods=methods,
            n_resamples=n_resamples,
            level=level,
            seed=seed,
            workers=workers,
            progress=progress,
            sample=sample,
        )
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


def _category(column: str) -> pl.Expr:
    value = pl.col(column)
    return (
        pl.when(value >= NEUTRAL_BAND)
        .then(pl.lit("positive"))
        .when(value <= -NEUTRAL_BAND)
        .then(pl.lit("negative"))
        .otherwise(pl.lit("neutral"))
    )


def sentiment_agreement(scored: Frame, *, by: By = None) -> pl.DataFrame:
    """How far VADER and TextBlob agree on the same texts.

    Parameters
    ----------
    scored
        A frame (or LazyFrame) scored with both methods (:func:`discourse.sentiment` or
        :func:`discourse.sentence_sentiment`).
    by
        Grouping column(s); ``None`` (the default) for the whole frame.

    Returns
    -------
    pl.DataFrame
        ``[*by], n, pearson, spearman`` (correlation of VADER's compound with TextBlob's
        polarity), ``same_category`` (share of texts both put in the same one of negative /
        neutral / positive, using ±0.05 for both), ``vader_only_negative`` and
        ``textblob_only_negative`` (shares that one calls negative and the other does not).

    Examples
    --------
    >>> import polars as pl
    >>> scored = pl.DataFrame({"vader_compound": [-0.8, 0.0, 0.4, -0.4],
    ...                        "textblob_polarity": [-0.5, 0.0, 0.0, 0.2]})
    >>> sentiment_agreement(scored).select("n", "same_category", "vader_only_negative")
    shape: (1, 3)
    ┌─────┬───────────────┬─────────────────────┐
    │ n   ┆ same_category ┆ vader_only_negative │
    │ --- ┆ ---           ┆ ---                 │
    │ i64 ┆ f64           ┆ f64                 │
    ╞═════╪═══════════════╪═════════════════════╡
    │ 4   ┆ 0.5           ┆ 0.25                │
    └─────┴───────────────┴─────────────────────┘
    """
    if isinstance(scored, pl.LazyFrame):
        scored = scored.collect()
    require_columns(scored, ["vader_compound", "textblob_polarity"], what="sentiment_agreement()")
    keys = by_columns(by)
    v, t = pl.col("vader_compound"), pl.col("textblob_polarity")
    cats = scored.with_columns(_category("vader_compound").alias("_v")).with_columns(
        _category("textblob_polarity").alias("_t")
    )
    aggs = [
        pl.len().cast(pl.Int64).alias("n"),
        pl.corr(v, t, method="pearson").alias("pearson"),
        pl.corr(v, t, method="spearman").alias("spearman"),
        (pl.col("_v") == pl.col("_t")).mean().alias("same_category"),
        ((pl.col("_v") == "negative") & (pl.col("_t") != "negative"))
        .mean()
        .alias("vader_only_negative"),
        ((pl.col("_t") == "negative") & (pl.col("_v") != "negative"))
        .mean()
        .alias("textblob_only_negative"),
    ]
    if keys:
        return cats.group_by(keys).agg(aggs).sort(keys)
    return cats.select(aggs)


def sentiment_disagreements(scored: Frame, *, n: int = 10, by: By = None) -> pl.DataFrame:
    """The texts on which VADER and TextBlob disagree most, largest gap first.

    Parameters
    ----------
    scored
        A frame (or LazyFrame) scored with both methods, as for :func:`sentiment_agreement`.
    n
        How many rows to keep (per group).
    by
        Grouping column(s); ``None`` (the default) for the whole frame.

    Returns
    -------
    pl.DataFrame
        The ``n`` rows (per group when ``by`` is given) with the largest
        ``|vader_compound − textblob_polarity|``, with that gap as a ``gap`` column.

    Examples
    --------
    >>> import polars as pl
    >>> scored = pl.DataFrame({"text": ["a", "b"], "vader_compound": [-0.8, 0.1],
    ...                        "textblob_polarity": [0.0, 0.1]})
    >>> sentiment_disagreements(scored, n=1).get_column("text").to_list()
    ['a']
    """
    if isinstance(scored, pl.LazyFrame):
        scored = scored.collect()
    require_columns(
        scored, ["vader_compound", "textblob_polarity"], what="sentiment_disagreements()"
    )
    gap = (pl.col("vader_compound") - pl.col("textblob_polarity")).abs().alias("gap")
    ranked = scored.with_columns(gap).sort("gap", descending=True, maintain_order=True)
    keys = by_columns(by)
    if keys:
        return ranked.group_by(keys, maintain_order=True).head(n)
    return ranked.head(n)
