"""Sentences per second: a plain loop over VADER and TextBlob vs ``discourse.tone.scoring``.

Run: ``python benchmarks/bench_sentiment.py [--sentences 20000] [--repeat-share 0.3]``.
Prints, measured side by side in one process:
1. a plain Python loop calling both libraries on every sentence;
2. ``discourse.tone.scoring`` with all cores (distinct sentences: the gain is parallelism alone);
3. the same two on a corpus where a share of sentences repeat (wire copies): the gain adds caching.
The first call in a process starts the worker pool ("cold"); later calls reuse it ("warm").
"""

from __future__ import annotations

import argparse
import os
import random
import time

import polars as pl
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from discourse.tone.scoring import sentiment

SUBJECTS = ["Officials", "Witnesses", "The ministry", "Aid workers", "Residents", "The army"]
VERBS = ["said", "reported", "warned", "claimed", "confirmed", "denied"]
EVENTS = [
    "that {n} people were killed in a strike on the camp",
    "that a horrific attack left {n} dead",
    "that talks on a truce were going well",
    "that {n} hostages were released to great relief",
    "that the hospital had run out of fuel",
    "that fighting resumed after a brief pause",
]
TAILS = ["on Tuesday.", "late on Friday.", "in a statement.", "amid growing alarm.", "."]


def make_sentences(n: int, *, repeat_share: float, seed: int = 7) -> list[str]:
    """``n`` synthetic news sentences; ``repeat_share`` of them copy an earlier one."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        if out and rng.random() < repeat_share:
            out.append(rng.choice(out))
            continue
        event = rng.choice(EVENTS).format(n=rng.randint(2, 500))
        out.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {event} {rng.choice(TAILS)} #{i}")
    return out


def plain_loop(texts: list[str]) -> float:
    vader = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for text in texts:
        vader.polarity_scores(text)
        TextBlob(text).sentiment  # noqa: B018 - the property computes the score
    return time.perf_counter() - start


def toolkit(texts: list[str], workers: int) -> float:
    frame = pl.DataFrame({"text": texts})
    start = time.perf_counter()
    sentiment(frame, workers=workers, progress=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=40_000)
    parser.add_argument("--repeat-share", type=float, default=0.3)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    n = args.sentences
    print(f"machine: {cores} cores available; {n:,} sentences per run")
    runs = [
        ("distinct, cold pool", make_sentences(n, repeat_share=0.0, seed=1)),
        ("distinct, warm pool", make_sentences(n, repeat_share=0.0, seed=2)),
        (f"{args.repeat_share:.0%} repeated", make_sentences(n, repeat_share=args.repeat_share)),
    ]
    for label, texts in runs:
        loop = plain_loop(texts)
        fast = toolkit(texts, workers=cores)
        print(
            f"{label:>20}: plain loop {n / loop:7,.0f} sent/s | "
            f"discourse.tone.scoring ({cores} workers) {n / fast:7,.0f} sent/s | "
            f"speed-up {loop / fast:4.2f}x"
        )
    print(
        "cold pool: the first call in a session also starts the worker processes, which import"
        " TextBlob and NLTK once; later calls reuse them."
    )


if __name__ == "__main__":
    main()
