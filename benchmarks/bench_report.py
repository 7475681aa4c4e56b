"""Peak memory and time of the whole report, notebook by notebook, on large and wide corpora.

Each notebook renders in its own child process (``render_reports(..., notebooks=[one])``, as
``discourse report`` runs them one after another). ``os.wait4`` gives the peak RSS of the
largest single process in that child's tree (the renderer or its Jupyter kernel), and a thread
samples the RSS summed over the whole tree (renderer, kernel and sentiment workers) every 0.2 s.
The report's peak is the largest of them (pages render one at a time); its time is their sum.

Corpora:

- ``--headlines``: the 11,505 Google-News headlines from 756 publishers in the shared real-data
  folder, read in place (``format="tsv"``, no header row, the title as the text);
- ``--articles N``: N generated articles (default 100,000) across 40 outlets of Zipf-like sizes
  over eight months, written as parquet parts. Each sentence is a sentence of the bundled demo
  corpus (ours) with about one word in three replaced by a pseudo-word, so documents read as
  English to the lexicons and sentiment scorers but do not share long runs of words.

    .venv/bin/python benchmarks/bench_report.py --headlines
    .venv/bin/python benchmarks/bench_report.py --articles 100000 --dir /tmp/bench-100k
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_terms import vocabulary  # noqa: E402

from discourse.corpus.reading import read_corpus  # noqa: E402
from discourse.reports.rendering import NOTEBOOK_DIR  # noqa: E402

REAL = Path(os.environ.get("DISCOURSE_REAL_DATA", ROOT.parent / "shared" / "corpora" / "real"))
HEADLINES = REAL / "datasets" / "gaza-news-headlines" / "gaza-news.txt"
HEADLINE_OPTIONS = {
    "format": "tsv",
    "columns": ["date", "outlet", "title", "url"],
    "mapping": {"text": "title"},
}

RENDER = """
import json, sys
from datetime import datetime
from discourse.reports import rendering
corpus, out, notebook, options, cells_file = sys.argv[1:6]
run_notebook = rendering.run_notebook

def timed_run(path, nb, **kwargs):
    # nbclient records when each cell started and when its reply came (record_timing).
    run = run_notebook(path, nb, **kwargs)
    cells = []
    for number, cell in enumerate(c for c in run.nb.cells if c.cell_type == "code"):
        timing = cell.metadata.get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            began = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            ended = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            line = next((s for s in cell.source.splitlines() if s and not s.startswith("#")), "")
            cells.append([number, (ended - began).total_seconds(), line[:70]])
    with open(cells_file, "w") as handle:
        json.dump(cells, handle)
    return run

rendering.run_notebook = timed_run
rendering.render_reports(corpus, out=out, notebooks=[notebook], read_options=json.loads(options),
                         progress=False)
"""


def demo_sentences() -> list[str]:
    demo = read_corpus(ROOT / "corpora" / "demo")
    found = demo.select(pl.col("text").str.split(". ")).explode("text")["text"].to_list()
    return [s.strip() for s in found if s and len(s.split()) >= 6]


def write_articles(folder: Path, articles: int, *, chunk: int = 10_000, seed: int = 3) -> None:
    """Generated articles as parquet parts (see the module docstring)."""
    rng = np.random.default_rng(seed)
    pool = [s.split() for s in demo_sentences()]
    fake = np.array(vocabulary(np.random.default_rng(0)), dtype=object)
    sizes = 1 / np.arange(1, 41) ** 0.9
    outlets = np.array([f"Outlet {i:02d}" for i in range(1, 41)], dtype=object)
    epoch = date(2023, 10, 7).toordinal() - date(1970, 1, 1).toordinal()
    for part, first in enumerate(range(0, articles, chunk)):
        size = min(chunk, articles - first)
        texts = []
        for _ in range(size):
            sentences = []
            for i in rng.integers(0, len(pool), rng.integers(12, 28)):
                words = list(pool[i])
                swap = rng.random(len(words)) < 1 / 3
                for j in np.flatnonzero(swap):
                    words[j] = fake[rng.integers(0, len(fake))]
                sentences.append(" ".join(words).rstrip(".") + ".")
            texts.append(
                "\n\n".join(" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4))
            )
        pl.DataFrame(
            {
                "doc_id": [f"g{i}" for i in range(first, first + size)],
                "outlet": outlets[rng.choice(40, size, p=sizes / sizes.sum())],
                "published": pl.Series(rng.integers(0, 240, size) + epoch).cast(pl.Date),
                "title": [f"Generated article {i}" for i in range(first, first + size)],
                "text": texts,
            }
        ).write_parquet(folder / f"part-{part:04d}.parquet")


def _tree_rss(pid: int) -> int:
    """Bytes resident in a process and all its descendants now (kernel, sentiment workers)."""
    import psutil

    try:
        root = psutil.Process(pid)
        members = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for member in members:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += member.memory_info().rss
    return total


def render_one(corpus: Path, notebook: Path, options: dict[str, object], out: Path) -> dict:
    started = time.perf_counter()
    cells_file = out / f"{notebook.stem}.cells.json"
    out.mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RENDER,
            str(corpus),
            str(out),
            str(notebook),
            json.dumps(options),
            str(cells_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    # The largest sum over the process tree, sampled every 0.2 s while the page renders.
    tree_peak = [0]

    def sample() -> None:
        while child.poll() is None:
            tree_peak[0] = max(tree_peak[0], _tree_rss(child.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert child.stderr is not None
    errors = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    sampler.join()
    seconds = time.perf_counter() - started
    page = out / f"{notebook.stem}.html"
    return {
        "notebook": notebook.stem,
        "seconds": round(seconds, 1),
        "peak_rss_gb": round(usage.ru_maxrss / 2**20, 2),
        "tree_peak_gb": round(tree_peak[0] / 2**30, 2),
        "page_mb": round(page.stat().st_size / 2**20, 2) if page.exists() else None,
        "ok": os.waitstatus_to_exitcode(status) == 0,
        "error": re.sub(r"\s+", " ", errors.strip().splitlines()[-1])[:200] if errors else "",
        "cells": json.loads(cells_file.read_text()) if cells_file.exists() else [],
    }


def measure(
    corpus: Path,
    options: dict[str, object],
    out: Path,
    label: str,
    *,
    cells_per_page: int = 4,
    pages: str = "0",
) -> None:
    notebooks = [
        nb
        for nb in sorted(NOTEBOOK_DIR.glob("0*.ipynb"))
        if any(nb.stem.startswith(prefix) for prefix in pages.split(","))
    ]
    rows = []
    for nb in notebooks:
        rows.append(render_one(corpus, nb, options, out))
        done = {k: v for k, v in rows[-1].items() if k != "cells"}
        print(f"{label}: {done}", flush=True)  # each page as it ends, for long runs
    cells = [
        {"notebook": row["notebook"], "cell": cell, "seconds": round(seconds, 1), "code": code}
        for row in rows
        for cell, seconds, code in row.pop("cells")
    ]
    table = pl.DataFrame(rows)
    with pl.Config(
        tbl_rows=60, tbl_width_chars=160, fmt_str_lengths=80, tbl_hide_dataframe_shape=True
    ):
        print(table)
        if cells:
            # Where each page's time goes: its slowest code cells (time from the cell's start
            # to the kernel's reply; kernel start-up and the HTML export are the rest).
            slowest = (
                pl.DataFrame(cells)
                .sort("seconds", descending=True)
                .group_by("notebook", maintain_order=True)
                .head(cells_per_page)
                .sort("notebook", "seconds", descending=[False, True])
            )
            print(slowest)
    print(
        f"{label}: whole report {table['seconds'].sum():.0f} s, "
        f"peak RSS {table['peak_rss_gb'].max():.2f} GB in one process, "
        f"{table['tree_peak_gb'].max():.2f} GB summed over the process tree (sampled), "
        f"{int(table['ok'].sum())} of {table.height} pages ok"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--headlines", action="store_true", help="the 756-publisher headlines")
    parser.add_argument("--articles", type=int, default=0, help="generated articles (e.g. 100000)")
    parser.add_argument("--dir", type=Path, help="keep the generated parquet parts here")
    parser.add_argument("--out", type=Path, help="keep the rendered pages under this folder")
    parser.add_argument(
        "--pages", default="0", help="notebook name prefixes, comma-separated (e.g. 01,02,03)"
    )
    args = parser.parse_args()
    if not args.headlines and not args.articles:
        parser.error("give --headlines, --articles N or both")
    with tempfile.TemporaryDirectory() as temporary:
        scratch = args.out or Path(temporary)
        if args.headlines:
            if not HEADLINES.is_file():
                sys.exit(f"{HEADLINES} is absent; set DISCOURSE_REAL_DATA")
            measure(
                HEADLINES,
                HEADLINE_OPTIONS,
                Path(scratch, "headlines"),
                "11,505 headlines",
                pages=args.pages,
            )
        if args.articles:
            folder = args.dir or Path(scratch, "articles")
            folder.mkdir(parents=True, exist_ok=True)
            if not any(folder.glob("*.parquet")):
                started = time.perf_counter()
                write_articles(folder, args.articles)
                print(
                    f"generated {args.articles:,} articles in {time.perf_counter() - started:.0f} s"
                )
            size = sum(p.stat().st_size for p in folder.glob("*.parquet")) / 2**20
            print(f"corpus: {folder} ({size:.0f} MB of parquet)")
            measure(
                folder,
                {},
                Path(scratch, "articles-report"),
                f"{args.articles:,} articles",
                pages=args.pages,
            )


if __name__ == "__main__":
    main()
