"""Peak memory of label_shares on a Parquet corpus read lazily (issue 16: <= 1.5 GB at 1M articles).

    python benchmarks/bench_label_shares_memory.py                    # 1,000,000 articles
    python benchmarks/bench_label_shares_memory.py --articles 100000  # smaller
    python benchmarks/bench_label_shares_memory.py --compare          # also the kept-rows count

A child process writes synthetic 25-word articles (every one with several mentions of the
default lexicon, some in quotation marks; 8 outlets) to one Parquet file in row groups of
50,000. Another, fresh, process runs ``label_shares(pl.scan_parquet(path), by="outlet")`` and
reports its time and peak RSS (``ru_maxrss``, which includes the interpreter and the imports).
``--compare`` also measures the previous way (the mention rows kept whole, then counted) and
checks that both tables are identical. The lead can call :func:`measure` instead.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

#: Issue 16: peak RSS of the streamed label_shares at 1,000,000 articles.
GOAL_MB = 1.5 * 1024
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGH"]
# Lexicon forms (one to three words) and filler words; about 40 % of the words are forms.
FORMS = [
    "Hamas", "militants", "terrorists", "fighters", "gunmen", "Israel", "Israeli forces",
    "Israeli army", "IDF", "Gaza", "the enclave", "West Bank", "occupied West Bank", "hostages",
    "captives", "prisoners", "killed", "died", "massacre", "atrocities", "brutal", "Hamas-run",
    "health ministry", "alleged", "incursion", "terror attack", "jihadists", "Islamist",
]  # fmt: skip
FILLER = [
    "the", "said", "on", "a", "of", "in", "and", "to", "officials", "today", "city", "night",
    "were", "after", "report", "people", "near", "border", "more", "than", "told", "reporters",
]  # fmt: skip
WORDS = 25


def synthetic(articles: int, *, seed: int = 16) -> pl.DataFrame:
    """``articles`` 25-word articles, each with several mentions, ~1 in 12 words quoted."""
    rng = np.random.default_rng(seed)
    pool = pl.Series(FORMS + FILLER)
    size = articles * WORDS
    form = rng.random(size) < 0.4
    idx = np.where(
        form, rng.integers(0, len(FORMS), size), len(FORMS) + rng.integers(0, len(FILLER), size)
    )
    token = pool.gather(idx)
    quoted = pl.lit(rng.random(size) < 1 / 12)
    stop = pl.lit(rng.random(size) < 1 / 10)
    token = pl.select(
        pl.when(quoted)
        .then("‘" + token + "’")
        .otherwise(token)
        .pipe(lambda t: pl.when(stop).then(t + ".").otherwise(t))
    ).to_series()
    return pl.DataFrame(
        {
            "doc_id": [f"d{i:07d}" for i in range(articles)],
            "outlet": pl.Series(np.array(OUTLETS)[rng.integers(0, len(OUTLETS), articles)]),
            "text": token.reshape((articles, WORDS)).arr.join(" ") + ".",
        }
    )


def _write(path: str, articles: int) -> None:
    synthetic(articles).write_parquet(path, row_group_size=50_000)


def _count(path: str, by: str, mode: str, out: str) -> None:
    """In a fresh process: label_shares of the scan, its time and the process's peak RSS."""
    from discourse.framing import _batches
    from discourse.framing.labels import label_shares

    if mode == "kept":  # the previous way: every mention row kept, then counted
        _batches.shares = lambda *args, **kwargs: None  # type: ignore[assignment]
    start = time.perf_counter()
    table = label_shares(pl.scan_parquet(path), by=by)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table.write_parquet(out)
    mentions = int(table["n"].sum())
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak, "mentions": mentions}))


def _child(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr}")
    return done.stdout


def measure(
    articles: int = 1_000_000,
    *,
    by: str = "outlet",
    compare: bool = False,
    folder: str | None = None,
) -> dict[str, object]:
    """Write the corpus (child process), time ``label_shares`` on its scan (fresh process).

    Returns ``articles``, ``mentions``, ``seconds``, ``peak_rss_mb``, ``goal_mb``, ``met`` and,
    with ``compare``, ``kept_seconds``, ``kept_peak_rss_mb`` and ``identical`` (the two tables).
    """
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = str(Path(tmp) / "articles.parquet")
        _child("write", path, str(articles))
        runs: dict[str, dict[str, Any]] = {}
        for mode in ("batches", "kept") if compare else ("batches",):
            out = str(Path(tmp) / f"{mode}.parquet")
            runs[mode] = json.loads(_child("count", path, by, mode, out))
            runs[mode]["table"] = pl.read_parquet(out)
        new = runs["batches"]
        result: dict[str, object] = {
            "articles": articles,
            "mentions": new["mentions"],
            "seconds": round(new["seconds"], 1),
            "peak_rss_mb": round(new["peak_rss_mb"]),
            "goal_mb": GOAL_MB,
            "met": new["peak_rss_mb"] <= GOAL_MB,
        }
        if compare:
            old = runs["kept"]
            result["kept_seconds"] = round(old["seconds"], 1)
            result["kept_peak_rss_mb"] = round(old["peak_rss_mb"])
            result["identical"] = new["table"].equals(old["table"])
        return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        command, *args = sys.argv[2:]
        if command == "write":
            _write(args[0], int(args[1]))
        else:
            _count(*args)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--by", default="outlet")
    parser.add_argument("--compare", action="store_true", help="also the kept-rows count")
    parser.add_argument("--folder", default=None, help="where to write the Parquet (a temp dir)")
    options = parser.parse_args()
    result = measure(
        options.articles, by=options.by, compare=options.compare, folder=options.folder
    )
    print(f"label_shares(pl.scan_parquet(...), by={options.by!r}) on {options.articles:,} articles")
    print(f"mentions: {result['mentions']:,}")
    verdict = "met" if result["met"] else "NOT met"
    print(
        f"time: {result['seconds']} s, peak RSS: {result['peak_rss_mb']:,} MB "
        f"(goal <= 1.5 GB = {GOAL_MB:,.0f} MB: {verdict})"
    )
    if options.compare:
        print(
            f"mention rows kept whole (before): {result['kept_seconds']} s, peak RSS "
            f"{result['kept_peak_rss_mb']:,} MB; tables identical: {result['identical']}"
        )


if __name__ == "__main__":
    main()
