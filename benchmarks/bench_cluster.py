"""The Dask engine against the in-memory functions: 1 vs 2 worker processes, time and peak memory.

Writes a synthetic corpus as Parquet (the generator of ``bench_terms.py``; a headline of the
first 12 words of each article for sentiment), then for each function times:

- in memory: ``pl.read_parquet`` then the public function, in a fresh process (both cores:
  polars' threads, and sentiment's own worker processes), after the same warm-up as a worker
  (modules imported, lexicon and VADER loaded);
- on a ``LocalCluster`` of 1 and of 2 worker processes (1 thread each; polars' threads per
  worker = cores / workers, so every run uses the same two cores), reading the files on the
  workers with ``dask.dataframe.read_parquet``: a fresh cluster per run, so each worker's peak
  RSS (``ru_maxrss``) belongs to that run.

Functions: ``term_frequency(terms=60 phrases, by="outlet")``, ``term_frequency(by="outlet")``
(every word), ``label_shares(by="outlet")``, ``sentiment(methods=["vader"], text="title")``
(a Dask DataFrame, reduced to the mean score on the workers) and ``same_story`` (every 100th
article of a file is a rewrite of one in the previous file, so its pairs lie in two
partitions). Distributed results are checked against the in-memory ones
(``assert_frame_equal``) on every run.

    .venv/bin/python benchmarks/bench_cluster.py --articles 100000
    .venv/bin/python benchmarks/bench_cluster.py --articles 1000000 --only term_phrases,label_shares
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent


def _bench_terms() -> Any:
    spec = importlib.util.spec_from_file_location("bench_terms", HERE / "bench_terms.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_corpus(folder: Path, articles: int, words: int, rows_per_file: int) -> float:
    """Synthetic articles as Parquet files of ``rows_per_file`` rows; returns the text in MB."""
    terms = _bench_terms()
    size = 0
    previous: pl.DataFrame | None = None
    for n, first in enumerate(range(0, articles, rows_per_file)):
        chunk = terms.synthetic_chunk(first, min(rows_per_file, articles - first), words, seed=n)
        chunk = chunk.with_columns(title=pl.col("text").str.split(" ").list.head(12).list.join(" "))
        if previous is not None:
            chunk = plant_copies(chunk, previous)
        previous = chunk
        size += chunk["text"].str.len_bytes().sum()
        chunk.write_parquet(folder / f"part-{n:05d}.parquet")
    return size / 1e6


def plant_copies(chunk: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """Every 100th article becomes a rewrite (every 8th word changed) of one in the previous
    file, published a day later: pairs for ``same_story`` that lie in two partitions."""
    rows = list(range(0, min(chunk.height, previous.height), 100))
    source = previous[rows]
    rewrites = [
        " ".join("rewritten" if i % 8 == 7 else w for i, w in enumerate(text.split(" ")))
        for text in source["text"]
    ]
    text, published = chunk["text"].to_list(), chunk["published"].to_list()
    for row, new, day in zip(rows, rewrites, source["published"], strict=True):
        text[row], published[row] = new, day + timedelta(days=1)
    return chunk.with_columns(
        text=pl.Series(text, dtype=pl.String), published=pl.Series(published, dtype=pl.Date)
    )


def calls(*, cluster: bool = False) -> dict[str, tuple[Callable[[Any], Any], bool]]:
    """name -> (the call on a corpus, whether the result is a Dask DataFrame of rows).

    ``cluster``: the functions of ``discourse.cluster`` that the public ones hand a Dask
    DataFrame to (called directly, so the figures do not depend on the dispatch)."""
    import discourse as dc

    if cluster:
        from discourse.cluster import _framing, _rows, _stories, _terms

        tf, ls, st = _terms.term_frequency, _framing.label_shares, _rows.sentiment
        ss = _stories.same_story
    else:
        tf, ls, st, ss = dc.term_frequency, dc.label_shares, dc.sentiment, dc.same_story
    phrases = _bench_terms().PHRASES
    return {
        "term_phrases": (lambda c: tf(c, terms=phrases, by="outlet"), False),
        "term_words": (lambda c: tf(c, by="outlet"), False),
        "label_shares": (lambda c: ls(c, by="outlet"), False),
        "sentiment": (lambda c: st(c, methods=["vader"], text="title"), True),
        "same_story": (lambda c: ss(c), False),
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_memory(folder: str, name: str, queue: Any) -> None:
    call, rows = calls()[name]
    _warm()
    start = time.perf_counter()
    corpus = pl.read_parquet(folder)
    result = call(corpus)
    if rows:
        result = result.select(pl.col("vader_compound").mean())
    queue.put((time.perf_counter() - start, _peak_mb(), result))


def in_memory(folder: Path, name: str) -> tuple[float, float, pl.DataFrame]:
    """Seconds, peak RSS (MB) and result of one in-memory run, in a fresh process."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_in_memory, args=(str(folder), name, queue))
    process.start()
    out = queue.get()
    process.join()
    return out


def _worker_peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def distributed(folder: Path, name: str, workers: int) -> tuple[float, list[float], Any]:
    """Seconds (workers already started), each worker's peak RSS (MB), and the result."""
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    threads = str(max(1, (os.cpu_count() or 2) // workers))
    cluster = LocalCluster(
        n_workers=workers,
        processes=True,
        threads_per_worker=1,
        dashboard_address=":0",
        env={"POLARS_MAX_THREADS": threads},
    )
    client = Client(cluster)
    try:
        client.run(_warm)
        call, rows = calls(cluster=True)[name]
        start = time.perf_counter()
        result = call(dd.read_parquet(str(folder)))
        if rows:
            result = pl.DataFrame({"vader_compound": [result["vader_compound"].mean().compute()]})
        seconds = time.perf_counter() - start
        peaks = sorted(client.run(_worker_peak).values())
    finally:
        client.close()
        cluster.close()
    return seconds, peaks, result


def _warm() -> None:
    """What every run loads once per worker (the lexicon, VADER), outside the timed part."""
    import discourse.cluster._framing
    import discourse.cluster._rows
    import discourse.cluster._terms  # noqa: F401
    from discourse.framing.lexicon import default_lexicon
    from discourse.tone.scoring import _score_chunk

    default_lexicon()
    _score_chunk(["warm"], ("vader",))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=300, help="words per article")
    parser.add_argument("--rows-per-file", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2")
    parser.add_argument("--only", default=",".join(calls()), help="functions, comma-separated")
    parser.add_argument("--no-memory", action="store_true", help="skip the in-memory runs")
    args = parser.parse_args()
    from polars.testing import assert_frame_equal

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        mb = write_corpus(folder, args.articles, args.words, args.rows_per_file)
        print(
            f"{args.articles:,} articles x {args.words} words ({mb:,.0f} MB of text) in "
            f"{len(list(folder.iterdir()))} Parquet files, written in "
            f"{time.perf_counter() - start:.0f} s; {os.cpu_count()} cores",
            flush=True,
        )
        for name in args.only.split(","):
            local, local_seconds = None, 0.0
            if not args.no_memory:
                local_seconds, peak, local = in_memory(folder, name)
                print(
                    f"{name:13} in memory       {local_seconds:8.1f} s  peak {peak:,.0f} MB",
                    flush=True,
                )
            for workers in map(int, args.workers.split(",")):
                seconds, peaks, result = distributed(folder, name, workers)
                same = ratio = ""
                if local is not None:
                    assert_frame_equal(result, local)
                    same = "  (= in memory)"
                    ratio = f"  {seconds / local_seconds:.2f}x in-memory time"
                peak_text = ", ".join(f"{p:,.0f}" for p in peaks)
                print(
                    f"{name:13} {workers} worker(s)     {seconds:8.1f} s  peak per worker "
                    f"{peak_text} MB{ratio}{same}",
                    flush=True,
                )


if __name__ == "__main__":
    sys.exit(main())
