"""Lexicon sentiment with VADER and TextBlob, side by side, parallel and cached.

Both scorers read the *words* of a text against a lexicon of word valences. A score says how
positive or negative the surrounding wording is; it does not say what a designation means or
what stance an outlet takes. VADER is the original ``vaderSentiment`` package (its lexicon ships
inside it, so nothing is downloaded). NLTK's port reads the same lexicon (a test checks it) but
treats punctuation differently, so its ``pos``/``neu``/``neg`` shares differ on most texts and its
compound on a few percent of them: scores from the two are not interchangeable.

Scores are computed once per distinct text (wire copies repeat sentences across outlets) and, for
large inputs, in worker processes spread over the available cores. The workers are joblib's
(loky): they do not re-run the caller's main module, so notebooks, scripts, ``python -c``, scripts
read from standard input and the CLI all work as they are, with no ``__main__`` guard. A session
keeps its workers for later calls and joblib stops them after five idle minutes. Where worker
processes cannot be started or die (a daemonic process, a sandbox without process support, a worker
killed for memory), the remaining texts are scored in this process; ``workers=1`` asks for that
from the start. The scores are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import Any

import polars as pl

from discourse._typing import By, Frame, SentimentMethod
from discourse.cluster._detect import is_dask
from discourse.corpus._frame import require_columns
from discourse.reports._progress import show_progress

__all__ = ["document_sentiment", "sentence_sentiment", "sentiment"]

#: Columns each method adds, in order.
METHOD_COLUMNS: dict[str, tuple[str, ...]] = {
    "vader": ("vader_compound", "vader_pos", "vader_neu", "vader_neg"),
    "textblob": ("textblob_polarity", "textblob_subjectivity"),
}

#: Below this many distinct texts, worker processes cost more than they save.
PARALLEL_THRESHOLD = 4000

_CHUNK = 2000


@cache
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _score_chunk(texts: Sequence[str], methods: tuple[str, ...]) -> list[tuple[float, ...]]:
    """Score texts with each method; one tuple per text, columns as in :data:`METHOD_COLUMNS`."""
    rows: list[tuple[float, ...]] = []
    vader: Any = _vader() if "vader" in methods else None
    textblob: Any = _textblob() if "textblob" in methods else None
    for text in texts:
        row: list[float] = []
        for method in methods:
            if method == "vader":
                s = vader.polarity_scores(text)
                row.extend((s["compound"], s["pos"], s["neu"], s["neg"]))
            else:
                polarity, subjectivity = textblob(text)
                row.extend((float(polarity), float(subjectivity)))
        rows.append(tuple(row))
    return rows


def _textblob() -> Any:
    """TextBlob's sentiment function, called without a ``TextBlob``.

    ``TextBlob(text).sentiment`` is ``PatternAnalyzer().analyze(text)``, which returns this
    function's ``(polarity, subjectivity)`` in a namedtuple class it defines anew on every call;
    with the blob's own set-up that was more than half the time TextBlob took per text. The
    numbers are the same (``tests/test_targets_fast.py`` compares them).
    """
    from textblob.en import sentiment

    return sentiment


def _in_workers(
    chunks: list[list[str]], methods: tuple[str, ...], workers: int
) -> Iterator[list[tuple[float, ...]]]:
    """Each chunk's scores, in order, from joblib's loky worker processes.

    loky starts workers that import only what the task needs (never the caller's ``__main__``),
    reuses them across calls and shuts them down quietly at exit.
    """
    from joblib import Parallel, delayed

    run = Parallel(
        n_jobs=min(workers, len(chunks)),
        backend="loky",
        batch_size=1,
        return_as="generator",
        max_nbytes=None,
    )
    yield from run(delayed(_score_chunk)(chunk, methods) for chunk in chunks)


def _daemonic() -> bool:
    return bool(multiprocessing.current_process().daemon)


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _score_texts(
    texts: Iterable[str],
    *,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    workers: int | None = None,
    progress: bool | None = None,
) -> pl.DataFrame:
    """Score distinct texts; one row per input text, in input order.

    Each distinct text is scored once. With more than ``PARALLEL_THRESHOLD`` distinct texts the
    work is spread over ``workers`` processes (default: the cores this process may use).

    Parameters
    ----------
    texts
        The texts to score.
    methods
        ``"vader"`` and/or ``"textblob"``.
    workers
        Worker processes; ``1`` scores in this process.
    progress
        Show a progress bar; by default only in a terminal or notebook and never under pytest.

    Returns
    -------
    pl.DataFrame
        ``text`` then the columns of each method (see :data:`METHOD_COLUMNS`).

    Examples
    --------
    >>> _score_texts(["I love brocoli"], methods=["textblob"])
    shape: (1, 3)
    ┌────────────────┬───────────────────┬───────────────────────┐
    │ text           ┆ textblob_polarity ┆ textblob_subjectivity │
    │ ---            ┆ ---               ┆ ---                   │
    │ str            ┆ f64               ┆ f64                   │
    ╞════════════════╪═══════════════════╪═══════════════════════╡
    │ I love brocoli ┆ 0.5               ┆ 0.6                   │
    └────────────────┴───────────────────┴───────────────────────┘
    """
    chosen = _validate_methods(methods)
    columns = [c for m in chosen for c in METHOD_COLUMNS[m]]
    frame = pl.DataFrame({"text": list(texts)}, schema={"text": pl.String})
    distinct = frame.get_column("text").drop_nulls().unique(maintain_order=True).to_list()
    scores = _score_distinct(distinct, chosen, workers=workers, progress=progress)
    table = pl.DataFrame(
        {"text": distinct, **{c: [row[i] for row in scores] for i, c in enumerate(columns)}},
        schema={"text": pl.String, **dict.fromkeys(columns, pl.Float64)},
    )
    return frame.join(table, on="text", how="left", maintain_order="left")


def _validate_methods(methods: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(methods))
    unknown = [m for m in chosen if m not in METHOD_COLUMNS]
    if unknown or not chosen:
        from discourse.errors import DiscourseError

        raise DiscourseError(
            f"unknown sentiment method(s) {unknown or list(methods)}; choose from "
            f"{sorted(METHOD_COLUMNS)}."
        )
    return chosen


def _score_distinct(
    texts: list[str], methods: tuple[str, ...], *, workers: int | None, progress: bool | None
) -> list[tuple[float, ...]]:
    n_workers = workers if workers is not None else _workers()
    chunks = [texts[i : i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
    bar = None
    if show_progress(progress) and len(chunks) > 1:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), desc="sentiment", unit="text")
    results: list[tuple[float, ...]] = []
    done = 0
    if workers is None and chunks and os.environ.get("DISCOURSE_SCHEDULER"):
        # A report rendered with --scheduler: the Dask cluster scores the chunks, to the same
        # numbers (discourse.cluster; Dask is imported only then).
        from discourse.cluster._engine import map_chunks

        for part in map_chunks(_score_chunk, chunks, methods):
            results.extend(part)
            done += 1
            if bar is not None:
                bar.update(len(part))
    # A daemonic process (a multiprocessing.Pool worker) may not start processes of its own.
    elif n_workers > 1 and len(texts) >= PARALLEL_THRESHOLD and not _daemonic():
        try:
            for part in _in_workers(chunks, methods, n_workers):
                results.extend(part)
                done += 1
                if bar is not None:
                    bar.update(len(part))
        except (OSError, BrokenProcessPool):
            # No process support here, or a worker died (e.g. killed for memory): the chunks
            # not yet returned are scored below, in this process, to the same numbers.
            pass
    for chunk in chunks[done:]:
        results.extend(_score_chunk(chunk, methods))
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    return results


def sentiment(
    frame: Frame,
    *,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    text: str = "text",
    workers: int | None = None,
    progress: bool | None = None,
) -> pl.DataFrame:
    """Add sentiment scores to each row of a frame.

    The values are exactly what the libraries return for the row's text: VADER's ``compound``
    (−1 … +1, normalised sum of word valences with VADER's rules for negation, intensifiers and
    punctuation) and its ``pos``/``neu``/``neg`` proportions; TextBlob's ``polarity`` (−1 … +1,
    mean of the adjectives' and adverbs' valences it knows) and ``subjectivity`` (0 … 1).
    A null text gets null scores.

    Parameters
    ----------
    frame
        Any frame (or LazyFrame) with a text column: a corpus, sentences, or mention contexts.
    methods
        ``"vader"`` and/or ``"textblob"``.
    text
        The column to score.
    workers
        Worker processes; ``1`` scores in this process. By default the cores this process may
        use, once there are more than ``PARALLEL_THRESHOLD`` distinct texts.
    progress
        Show a progress bar; by default only in a terminal or notebook and never under pytest.

    Returns
    -------
    pl.DataFrame
        The input columns, then ``vader_compound, vader_pos, vader_neu, vader_neg`` and/or
        ``textblob_polarity, textblob_subjectivity``.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"text": ["A horrific attack.", "The talks went well."]})
    >>> sentiment(df, methods=["vader"]).select("text", "vader_compound")
    shape: (2, 2)
    ┌──────────────────────┬────────────────┐
    │ text                 ┆ vader_compound │
    │ ---                  ┆ ---            │
    │ str                  ┆ f64            │
    ╞══════════════════════╪════════════════╡
    │ A horrific attack.   ┆ -0.8176        │
    │ The talks went well. ┆ 0.2732         │
    └──────────────────────┴────────────────┘
    """
    if is_dask(frame):
        from discourse.cluster import _rows

        return _rows.sentiment(
            frame, methods=methods, text=text, workers=workers, progress=progress
        )
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    require_columns(frame, [text], what="sentiment()")
    scores = _score_texts(
        frame.get_column(text).to_list(), methods=methods, workers=workers, progress=progress
    )
    clash = [c for c in scores.columns[1:] if c in frame.columns]
    base = frame.drop(clash) if clash else frame
    return pl.concat([base, scores.drop("text")], how="horizontal")


def sentence_sentiment(
    corpus: Frame,
    *,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    workers: int | None = None,
    progress: bool | None = None,
    sample: int | None = None,
    by: By = None,
    seed: int = 0,
) -> pl.DataFrame:
    """Sentiment of every sentence of a corpus, or of a seeded sample of each group's sentences.

    Parameters
    ----------
    corpus
        A corpus frame (see :func:`discourse.read_corpus`).
    methods, workers, progress
        See :func:`sentiment`.
    sample
        Score at most this many sentences per group: a group with more keeps a random sample
        drawn with numpy's PCG64 seeded with ``seed`` (the same corpus and seed give the same
        sample), in corpus order. A warning says "sampled N of M sentences" whenever a sentence
        is left out. ``None`` (the default) scores every sentence.
    by
        The groups sampled separately (``None``, the default: the whole corpus as one group);
        only used with ``sample``. Pass ``by="outlet"`` to sample each outlet alike.
    seed
        The sample's seed.

    Returns
    -------
    pl.DataFrame
        The columns of :func:`discourse.sentences` (``doc_id``, the corpus's grouping columns,
        ``sentence, start, end, text``), then the score columns; the sampled sentences only.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["d1"], "outlet": ["A"], "text": ["Good news. Bad news."]})
    >>> sentence_sentiment(corpus, methods=["vader"]).select("sentence", "text", "vader_compound")
    shape: (2, 3)
    ┌──────────┬────────────┬────────────────┐
    │ sentence ┆ text       ┆ vader_compound │
    │ ---      ┆ ---        ┆ ---            │
    │ i64      ┆ str        ┆ f64            │
    ╞══════════╪════════════╪════════════════╡
    │ 0        ┆ Good news. ┆ 0.4404         │
    │ 1        ┆ Bad news.  ┆ -0.5423        │
    └──────────┴────────────┴────────────────┘
    """
    if is_dask(corpus):
        from discourse.cluster import _rows

        return _rows.sentence_sentiment(
            corpus,
            methods=methods,
            workers=workers,
            progress=progress,
            sample=sample,
            by=by,
            seed=seed,
        )
    from discourse.text.segments import sentences

    split = sentences(corpus)
    if sample is not None:
        split = _sample_per_group(split, sample, by=by, seed=seed)
    return sentiment(split, methods=methods, workers=workers, progress=progress)


def _sample_per_group(
    frame: pl.DataFrame,
    size: int,
    *,
    by: str | Sequence[str] | None,
    seed: int,
    what: str = "sentences",
) -> pl.DataFrame:
    """At most ``size`` rows of each group, chosen at random with ``seed``, in frame order."""
    import warnings

    import numpy as np

    from discourse.corpus._frame import by_columns
    from discourse.errors import DiscourseError

    if size < 1:
        raise DiscourseError(f"sample must be a positive number of {what}, not {size!r}.")
    keys = by_columns(by)
    require_columns(frame, keys, what="sample=..., by=...")
    draw = pl.Series("_draw", np.random.default_rng(seed).permutation(frame.height))
    rank = pl.col("_draw").rank("ordinal")
    kept = (
        frame.with_columns(draw).filter((rank.over(keys) if keys else rank) <= size).drop("_draw")
    )
    if kept.height < frame.height:
        per = f"per {', '.join(keys)}" if keys else "in all"
        warnings.warn(
            f"sampled {kept.height:,} of {frame.height:,} {what} (at most {size:,} {per}, "
            f"seed {seed}): the scores describe the sample; pass sample=None to score them all.",
            stacklevel=3,
        )
    return kept


def document_sentiment(
    corpus: Frame,
    *,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    workers: int | None = None,
    progress: bool | None = None,
) -> pl.DataFrame:
    """Sentiment of every document: the mean of its sentences' scores.

    Both lexicons were built for sentence-length text (VADER's compound saturates on long texts),
    so a document's score is the unweighted mean over its sentences.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame).
    methods, workers, progress
        See :func:`sentiment`.

    Returns
    -------
    pl.DataFrame
        ``doc_id``, the corpus's grouping columns, ``n_sentences``, then the mean of each score
        column, one row per document that has at least one sentence.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["d1"], "outlet": ["A"], "text": ["Good news. Bad news."]})
    >>> scores = document_sentiment(corpus, methods=["vader"])
    >>> scores.select("doc_id", "n_sentences", "vader_compound")
    shape: (1, 3)
    ┌────────┬─────────────┬────────────────┐
    │ doc_id ┆ n_sentences ┆ vader_compound │
    │ ---    ┆ ---         ┆ ---            │
    │ str    ┆ u32         ┆ f64            │
    ╞════════╪═════════════╪════════════════╡
    │ d1     ┆ 2           ┆ -0.05095       │
    └────────┴─────────────┴────────────────┘
    """
    if is_dask(corpus):
        from discourse.cluster import _rows

        return _rows.document_sentiment(corpus, methods=methods, workers=workers, progress=progress)
    scored = sentence_sentiment(corpus, methods=methods, workers=workers, progress=progress)
    chosen = _validate_methods(methods)
    scores = [c for m in chosen for c in METHOD_COLUMNS[m]]
    keys = [c for c in scored.columns if c not in {"sentence", "start", "end", "text", *scores}]
    return scored.group_by(keys, maintain_order=True).agg(
        pl.len().alias("n_sentences"), *[pl.col(c).mean() for c in scores]
    )
