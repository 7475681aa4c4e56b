"""Load time of ``discourse.read_corpus`` against the bare readers it wraps.

Run: ``python benchmarks/bench_corpus.py [--rows 10000] [--files 2000]``.
Prints, in one process, on generated data in a temporary folder:
1. a ``--rows`` CSV: ``polars.read_csv`` alone vs ``read_corpus`` (which adds decoding checks, NFC,
   date parsing, per-row rejection and duplicate flagging);
2. ``--files`` Markdown files with front matter: a plain loop reading each file and
   ``yaml.safe_load``-ing its header vs ``read_corpus``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import yaml

from discourse.corpus.reading import read_corpus

WORDS = ["Hamas", "Israel", "Gaza", "killed", "died", "said", "officials", "the", "strike", "camp"]
DATES = ["10/13/2023", "2023-10-12 15:01:58", "2023-10-07"]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def plain_markdown(folder: Path) -> list[dict[str, object]]:
    documents = []
    for path in sorted(folder.rglob("*.md")):
        _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
        documents.append({**yaml.safe_load(header), "text": body})
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(0)
    folder = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    table = folder / "sentences.csv"
    pl.DataFrame(
        {
            "sentence": [" ".join(rng.choices(WORDS, k=30)) for _ in range(args.rows)],
            "publisher": [rng.choice("ABC") for _ in range(args.rows)],
            "article_date": [rng.choice(DATES) for _ in range(args.rows)],
        }
    ).write_csv(table)
    mapping = {"text": "sentence", "outlet": "publisher", "date": "article_date"}
    bare = best_of(args.repeat, lambda: pl.read_csv(table))
    ours = best_of(args.repeat, lambda: read_corpus(table, mapping=mapping))
    print(f"CSV, {args.rows:,} rows: polars.read_csv {bare:.3f} s, read_corpus {ours:.3f} s")
    markdown = folder / "markdown"
    for i in range(args.files):
        path = markdown / f"outlet-{i % 5}" / f"{i:06d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        header = f"outlet: Outlet {i % 5}\ndate: 2023-10-{i % 28 + 1:02d}\ntitle: Report {i}\n"
        path.write_text(f"---\n{header}---\n{' '.join(rng.choices(WORDS, k=300))}\n")
    bare = best_of(args.repeat, lambda: plain_markdown(markdown))
    ours = best_of(args.repeat, lambda: read_corpus(markdown))
    print(f"Markdown, {args.files:,} files: plain loop {bare:.3f} s, read_corpus {ours:.3f} s")


if __name__ == "__main__":
    main()
