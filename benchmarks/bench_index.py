"""Benchmark the indexed corpus: repeated questions on a CorpusIndex against the plain corpus.

    .venv/bin/python benchmarks/bench_index.py               # real x25; 100,000 synthetic
    .venv/bin/python benchmarks/bench_index.py --copies 1 --articles 10000   # quick

Prints, each the best of ``--repeat`` runs in this one process: a frequency list (per outlet),
keyness (per outlet), collocations of "hamas" and a KWIC of "hamas" (characters and tokens) on
the real articles (``../shared/corpora/real``, rebuilt as in ``bench_kwic.py``) ``--copies``
times over, on the corpus and on its index, with the ratio and the issue's goal (10x); the
token-window KWIC against the character-window KWIC on the index (goal: within 2x); the peak
memory of collocations on the saved index, each in a fresh subprocess (its ``VmHWM``, the
interpreter and polars included, since ``ru_maxrss`` keeps the parent's peak across fork and
exec; goal under 600 MB), and on the corpus for comparison; the
index build time; and the time to reopen a saved index of ``--articles`` synthetic articles
(``bench_terms.synthetic_chunk``, ``--words`` words each) with its goal (under 1 s). Every goal
line says ``met`` or ``NOT met``.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

import discourse as dc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_kwic  # noqa: E402
import bench_terms  # noqa: E402
from bench_kwic import best  # noqa: E402

CALLS: dict[str, Callable[[Any], pl.DataFrame]] = {
    "frequency list (by outlet)": lambda c: dc.term_counts(c, by="outlet"),
    "bigram list (by outlet)": lambda c: dc.term_counts(c, by="outlet", ngram=2),
    "group_sizes (by outlet)": lambda c: dc.group_sizes(c, by="outlet"),
    "keyness (by outlet)": lambda c: dc.keyness(c, by="outlet"),
    "collocations 'hamas'": lambda c: dc.collocations(c, node="hamas"),
    "kwic 'hamas' (chars)": lambda c: dc.kwic(c, query="hamas"),
    "kwic 'hamas' (tokens)": lambda c: dc.kwic(c, query="hamas", window_tokens=5),
}


GOALS = {
    "frequency list (by outlet)": 10.0,
    "bigram list (by outlet)": 10.0,
    "group_sizes (by outlet)": 10.0,
    "keyness (by outlet)": 10.0,
    "collocations 'hamas'": 10.0,
    "kwic 'hamas' (chars)": 10.0,
    "kwic 'hamas' (tokens)": 10.0,
}


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def peak_of(kind: str, where: str) -> float:
    """Peak RSS (MB) of a fresh interpreter running collocations of "hamas" on ``where``: a
    saved index (``kind="index"``) or a Parquet corpus (``kind="corpus"``)."""
    code = (
        "import polars as pl, discourse as dc\n"
        f"data = dc.open_index({where!r}) if {kind!r} == 'index' else pl.read_parquet({where!r})\n"
        "dc.collocations(data, node='hamas')\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()\n"
        "print(int(status[0]) / 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=25, help="copies of the real articles")
    parser.add_argument("--articles", type=int, default=100_000, help="synthetic, for reopen")
    parser.add_argument("--words", type=int, default=200, help="words per synthetic article")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    articles = bench_kwic.real_articles()
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
    timings = {}
    for name, call in CALLS.items():
        plain, expected = best(partial(call, corpus), args.repeat)
        fast, got = best(partial(call, index), args.repeat)
        assert expected.equals(got), name
        timings[name] = fast
        goal = GOALS[name]
        print(
            f"{name:30} {plain:9.3f} {fast:9.3f} {plain / fast:6.1f}x  >= {goal:.0f}x "
            f"{verdict(plain / fast >= goal)}"
        )
    tokens = timings["kwic 'hamas' (tokens)"] / timings["kwic 'hamas' (chars)"]
    print(
        f"kwic on the index, token windows / character windows: {tokens:.2f}x  (goal <= 2x) "
        f"{verdict(tokens <= 2)}"
    )

    with tempfile.TemporaryDirectory() as folder:
        saved, _ = best(lambda: dc.index_corpus(corpus, path=Path(folder) / "index"), 1)
        print(f"index build + save, x{args.copies}: {saved:.2f} s")
        corpus.write_parquet(Path(folder) / "corpus.parquet")
        on_index = peak_of("index", str(Path(folder) / "index"))
        on_corpus = peak_of("corpus", str(Path(folder) / "corpus.parquet"))
        print(
            f"collocations 'hamas' x{args.copies}, peak RSS of a fresh process: on the saved "
            f"index {on_index:.0f} MB (goal < 600 MB) {verdict(on_index < 600)}; on the corpus "
            f"{on_corpus:.0f} MB"
        )

    synthetic = bench_terms.synthetic_chunk(0, args.articles, args.words, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        saved, _ = best(lambda: dc.index_corpus(synthetic, path=folder), 1)
        print(f"index build + save, {args.articles} synthetic articles: {saved:.2f} s")
        reopen, reopened = best(lambda: dc.open_index(folder), 3)
        print(
            f"reopen a saved index of {args.articles} articles: {reopen:.4f} s  (goal < 1 s) "
            f"{verdict(reopen < 1)}"
        )
        first, _ = best(lambda: dc.group_sizes(reopened, by="outlet"), 1)
        print(f"first count on the reopened index (group_sizes by outlet): {first:.3f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
