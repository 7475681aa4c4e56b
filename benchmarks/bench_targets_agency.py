"""Target sentiment and casualty agency: today's code against the frozen references (issue 16).

Run: ``python benchmarks/bench_targets_agency.py [--articles 100000] [--skip-targets]
[--skip-agency] [--real DIR]``. Prints, measured side by side in one process:

1. ``target_sentiment(corpus, by="outlet")`` on ``--articles`` synthetic articles, the frozen
   reference (``discourse/tone/_targets_reference.py``) against ``discourse.target_sentiment``,
   with the ratio, and checks the two frames are equal;
2. ``agency`` in sentences per second on the hand-labelled casualty sentences of the real data
   folder (as ``benchmarks/eval_agency.py`` times it; on their distinct sentences too), the frozen
   reference (``discourse/casualties/_reference/``) against ``discourse.agency``, with the ratio
   and whether the goal (>= 2x) is met, and checks the labels are equal.

The synthetic articles: 8 outlets, 10-16 sentences each, drawn from the sentences of the bundled
demo corpus (which mention the default lexicon's labels at news density). As in news, about one
sentence in ten is boilerplate shared by every outlet ("Reuters contributed reporting."), about
three in ten are wire copy (a sentence from a pool of earlier ones, printed by many articles),
and the rest are new: a demo sentence with its numbers redrawn and an opening such as "On
Tuesday," so that it is distinct text. ``measure_targets`` and ``measure_agency`` return the
figures as dicts, for ``bench_framing.py`` or a notebook.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from discourse.casualties._reference.tagging import agency as reference_agency
from discourse.casualties.tagging import agency
from discourse.corpus.reading import read_corpus
from discourse.text.segments import sentences
from discourse.tone._targets_reference import target_sentiment as reference_target_sentiment
from discourse.tone.targets import target_sentiment

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
REAL = ROOT.parent / "shared" / "corpora" / "real"
OUTLETS = [f"outlet-{c}" for c in "ABCDEFGH"]
BOILERPLATE = [
    "Reuters contributed reporting.",
    "This story has been updated.",
    "Follow our live coverage for the latest.",
    "The Associated Press contributed to this report.",
    "Sign up for our newsletter.",
    "Editing by the news desk.",
]
OPENINGS = ["", "On Monday, ", "On Tuesday, ", "Late on Friday, ", "Earlier, ", "Meanwhile, "]
_NUMBER = re.compile(r"\d+")


def synthetic(articles: int, *, seed: int = 16) -> pl.DataFrame:
    """A corpus of ``articles`` news-like documents with realistic repetition (see the module
    docstring)."""
    rng = random.Random(seed)
    demo = sentences(read_corpus(DEMO))["text"].to_list()
    wire: list[str] = []
    docs = []
    for _ in range(articles):
        parts = []
        for _ in range(rng.randint(10, 16)):
            draw = rng.random()
            if draw < 0.1:
                parts.append(rng.choice(BOILERPLATE))
            elif draw < 0.4 and wire:
                parts.append(rng.choice(wire))
            else:
                base = _NUMBER.sub(lambda _: str(rng.randint(2, 900)), rng.choice(demo))
                opening = rng.choice(OPENINGS)
                text = opening + (base[0].lower() + base[1:] if opening else base)
                parts.append(text)
                if rng.random() < 0.05:
                    wire.append(text)
        docs.append(" ".join(parts))
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(articles)],
            "outlet": [OUTLETS[i % len(OUTLETS)] for i in range(articles)],
            "text": docs,
        }
    )


def _timed(run: Any) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of this process (the machine is shared: CPU time is what the
    code costs whatever else runs), and the result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def measure_targets(
    articles: int = 100_000, *, corpus: pl.DataFrame | None = None, workers: int = 1
) -> dict[str, Any]:
    """``target_sentiment(by="outlet")`` on ``articles`` synthetic articles (or ``corpus``),
    reference then today's code; raises if the frames differ. The reference scores in this
    process, so today's code gets ``workers`` too (default 1: the same single core)."""
    corpus = synthetic(articles) if corpus is None else corpus
    mb = float(corpus["text"].str.len_bytes().sum()) / 1e6
    warm = corpus.head(20)
    reference_target_sentiment(warm, by="outlet", workers=1)
    target_sentiment(warm, by="outlet", workers=1)
    old, old_cpu, expected = _timed(lambda: reference_target_sentiment(corpus, by="outlet"))
    new, new_cpu, got = _timed(lambda: target_sentiment(corpus, by="outlet", workers=workers))
    assert_frame_equal(got, expected, check_exact=True)
    return {
        "articles": corpus.height,
        "mb": mb,
        "rows": got.height,
        "mentions": int(got["n"].sum()),
        "reference_s": old,
        "new_s": new,
        "ratio": old / new,
        "reference_cpu_s": old_cpu,
        "new_cpu_s": new_cpu,
        "cpu_ratio": old_cpu / new_cpu,
    }


def measure_agency(real: Path = REAL, *, repeats: int = 3) -> dict[str, Any]:
    """``agency`` in sentences per second on the hand-labelled casualty sentences (all of
    them, as ``eval_agency.py`` times it, and the distinct ones), reference against today's
    code, runs alternating, best of ``repeats`` CPU times; raises if the labels differ."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import eval_agency

    labelled = eval_agency.load_labelled(real)
    distinct = labelled.unique("text", maintain_order=True)
    out: dict[str, Any] = {"sentences": labelled.height, "distinct": distinct.height}
    for name, frame in [("all", labelled), ("distinct", distinct)]:
        assert_frame_equal(agency(frame), reference_agency(frame), check_exact=True)
        olds, news = [], []
        for _ in range(repeats):
            olds.append(_timed(lambda: reference_agency(frame))[1])  # noqa: B023
            news.append(_timed(lambda: agency(frame))[1])  # noqa: B023
        old, new = min(olds), min(news)
        out[f"{name}_reference_per_s"] = frame.height / old
        out[f"{name}_new_per_s"] = frame.height / new
        out[f"{name}_ratio"] = old / new
    out["goal_met"] = out["all_ratio"] >= 2.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1, help="for today's code (default 1)")
    parser.add_argument("--skip-targets", action="store_true")
    parser.add_argument("--skip-agency", action="store_true")
    parser.add_argument("--real", type=Path, default=REAL)
    args = parser.parse_args()
    if not args.skip_targets:
        t = measure_targets(args.articles, workers=args.workers)
        print(
            f"target_sentiment(by='outlet'), {t['articles']:,} articles ({t['mb']:.1f} MB, "
            f"{t['mentions']:,} mentions, {t['rows']} rows; frames equal):\n"
            f"  wall: reference {t['reference_s']:8.1f} s   new {t['new_s']:8.1f} s   "
            f"ratio {t['ratio']:.2f}x\n"
            f"  CPU:  reference {t['reference_cpu_s']:8.1f} s   new {t['new_cpu_s']:8.1f} s   "
            f"ratio {t['cpu_ratio']:.2f}x"
        )
    if not args.skip_agency:
        a = measure_agency(args.real)
        print(
            f"agency, {a['sentences']:,} hand-labelled casualty sentences "
            f"({a['distinct']:,} distinct; labels equal; best of 3 CPU times):"
        )
        for name in ("all", "distinct"):
            print(
                f"  {name:8} reference {a[f'{name}_reference_per_s']:7,.0f}/s   "
                f"new {a[f'{name}_new_per_s']:7,.0f}/s   ratio {a[f'{name}_ratio']:.2f}x"
            )
        print(f"  goal >= 2x on all: {'met' if a['goal_met'] else 'NOT met'}")


if __name__ == "__main__":
    main()
