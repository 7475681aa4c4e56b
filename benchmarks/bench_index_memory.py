"""Benchmark the index build's time and peak memory: the frozen build against the batched one.

    .venv/bin/python benchmarks/bench_index_memory.py            # 10,000 generated articles
    .venv/bin/python benchmarks/bench_index_memory.py --docs 2000  # quick

Builds an index of the first ``--docs`` articles of ``--parquet`` (by default
``/tmp/bench-100k/part-0000.parquet``, written by ``bench_report.py``'s generator) three ways,
each in a fresh subprocess: the build as it was before issue 17 (``_indexing_reference._build``,
the whole corpus at once, tokenised twice), the batched one-pass build
(``_index_build.build``, what ``index_corpus`` runs), and ``index_corpus(..., path=...)`` (the
fingerprint and the Parquet files included). For each it prints the build's wall time and the
process's peak resident memory (``VmHWM``: the interpreter, polars and the corpus included;
``ru_maxrss`` would keep the parent's peak across fork and exec), and the memory once the
corpus is read, so that the build's own share shows.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

WAYS = ("reference", "batched", "saved")


def vm_hwm_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux ``/proc``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(way: str, parquet: str, docs: int, possessives: str) -> None:
    import discourse as dc
    from discourse.corpus import _index_build, _indexing_reference

    corpus = pl.read_parquet(parquet).head(docs)
    loaded = vm_hwm_mb()
    start = time.perf_counter()
    if way == "reference":
        _indexing_reference._build(corpus, possessives)  # type: ignore[arg-type]
    elif way == "batched":
        _index_build.build(corpus, possessives)  # type: ignore[arg-type]
    else:
        with tempfile.TemporaryDirectory() as folder:
            dc.index_corpus(corpus, path=Path(folder) / "index", possessives=possessives)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    text_mb = float(corpus["text"].str.len_bytes().sum()) / 1e6
    print(json.dumps({"seconds": seconds, "peak": vm_hwm_mb(), "loaded": loaded, "mb": text_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parquet", default="/tmp/bench-100k/part-0000.parquet")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--possessives", default="split", choices=["split", "keep"])
    parser.add_argument("--ways", nargs="+", default=list(WAYS), choices=WAYS)
    parser.add_argument("--child", choices=WAYS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.parquet, args.docs, args.possessives)
        return
    found = {}
    for way in args.ways:
        command = [sys.executable, __file__, "--child", way, "--parquet", args.parquet]
        command += ["--docs", str(args.docs), "--possessives", args.possessives]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        found[way] = json.loads(out.strip().splitlines()[-1])
        row = found[way]
        print(
            f"{way:10s} {row['seconds']:8.1f} s   peak {row['peak']:7.0f} MB   "
            f"(corpus read: {row['loaded']:5.0f} MB; build's share "
            f"{row['peak'] - row['loaded']:6.0f}"
            f" MB)   {args.docs} articles, {row['mb']:.1f} MB of text",
            flush=True,
        )
    if "reference" in found:
        before = found["reference"]
        for way in ("batched", "saved"):
            if way in found:
                after = found[way]
                print(
                    f"{way} against reference: {before['seconds'] / after['seconds']:.1f}x "
                    f"faster, peak {before['peak']:.0f} -> {after['peak']:.0f} MB"
                )


if __name__ == "__main__":
    main()
