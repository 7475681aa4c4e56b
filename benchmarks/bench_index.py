"""Benchmark the indexed corpus: repeated questions on a CorpusIndex against the plain corpus.

    .venv/bin/python benchmarks/bench_index.py               # real x25; 100,000 synthetic
    .venv/bin/python benchmarks/bench_index.py --copies 1 --articles 10000   # quick

Prints, each the best of ``--repeat`` runs in this one process: a frequency list (per outlet),
keyness (per outlet), collocations of "hamas" and a KWIC of "hamas" (characters and tokens) on
the real articles (``../shared/corpora/real``, rebuilt as in ``bench_kwic.py``) ``--copies``
times over, on the corpus and on its index, with the ratio and the issue's goal (10x); the
index build time; and the time to reopen a saved index of ``--articles`` synthetic articles
(``bench_terms.synthetic_chunk``, ``--words`` words each) with its goal (under 1 s).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl

import discourse as dc

HERE = Path(__file__).resolve().parent


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


CALLS: dict[str, Callable[[Any], pl.DataFrame]] = {
    "frequency list (by outlet)": lambda c: dc.term_counts(c, by="outlet"),
    "bigram list (by outlet)": lambda c: dc.term_counts(c, by="outlet", ngram=2),
    "group_sizes (by outlet)": lambda c: dc.group_sizes(c, by="outlet"),
    "keyness (by outlet)": lambda c: dc.keyness(c, by="outlet"),
    "collocations 'hamas'": lambda c: dc.collocations(c, node="hamas"),
    "kwic 'hamas' (chars)": lambda c: dc.kwic(c, query="hamas"),
    "kwic 'hamas' (tokens)": lambda c: dc.kwic(c, query="hamas", window_tokens=5),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=25, help="copies of the real articles")
    parser.add_argument("--articles", type=int, default=100_000, help="synthetic, for reopen")
    parser.add_argument("--words", type=int, default=200, help="words per synthetic article")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    articles = _module("bench_kwic").real_articles()
    corpus = pl.concat(
        [articles.with_columns(pl.col("doc_id") + f"#{i}") for i in range(args.copies)]
    )
    mb = corpus["text"].str.len_bytes().sum() / 1e6
    print(
        f"corpus: {articles.height} real articles x{args.copies} = {corpus.height} documents, "
        f"{mb:.1f} MB of text"
    )
    build, index = best(lambda: dc.index_corpus(corpus), 1)
    print(f"index build (in memory): {build:.2f} s")
    print(f"{'question':30} {'corpus s':>9} {'index s':>9} {'ratio':>7}  goal")
    for name, call in CALLS.items():
        plain, expected = best(lambda call=call: call(corpus), args.repeat)
        fast, got = best(lambda call=call: call(index), args.repeat)
        assert expected.equals(got), name
        print(f"{name:30} {plain:9.3f} {fast:9.3f} {plain / fast:6.1f}x  >= 10x")

    synthetic = _module("bench_terms").synthetic_chunk(0, args.articles, args.words, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        saved, _ = best(lambda: dc.index_corpus(synthetic, path=folder), 1)
        print(f"index build + save, {args.articles} synthetic articles: {saved:.2f} s")
        reopen, reopened = best(lambda: dc.open_index(folder), 3)
        print(f"reopen a saved index of {args.articles} articles: {reopen:.4f} s  (goal < 1 s)")
        first, _ = best(lambda: dc.group_sizes(reopened, by="outlet"), 1)
        print(f"first count on the reopened index (group_sizes by outlet): {first:.3f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
