"""Throughput of ``discourse.label_mentions`` (MB of text per second) and the alternatives.

Run: ``python benchmarks/bench_framing.py [--mb 20] [--repeat 3] [--reference]``.
Builds a synthetic corpus of about ``--mb`` megabytes by shuffling the paragraphs of the bundled
demo corpus (so mention density is that of news text), then prints, with the default lexicon:
1. ``label_mentions`` end to end (matching, per-set resolution, quotes, sentence index);
2. ``label_shares``, which needs no sentence index (matching, resolution, quotes, counting);
   and ``discourse.sentences`` alone (Punkt), the floor under ``label_mentions``;
3. polars ``str.extract_many`` over the folded text: Aho–Corasick in Rust that only lists the
   phrases found (no offsets, no longest-match resolution, no exclusions): a lower bound;
4. one Python regex per label (the approach the issue rules out), on a 1 MB sample;
5. with ``--reference``, the frozen finder from before the issue-16 work
   (``discourse/framing/_mentions_reference.py``), once: the "before" figure of the same run.
The goal (issue 16): ``label_mentions`` within 4x of ``extract_many`` (time ratio, same run).
Each figure is the best of ``--repeat`` runs after a warm-up on 20 documents (the lexicon's
automaton and lookup tables are built once per process).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

import polars as pl

from discourse.corpus.reading import read_corpus
from discourse.framing import _mentions_reference as reference
from discourse.framing.labels import label_mentions, label_shares
from discourse.framing.lexicon import default_lexicon
from discourse.text._fold import fold_expr
from discourse.text.segments import sentences

#: Issue 16: label_mentions within 4x of polars extract_many over the same phrases and text.
GOAL = 4.0
DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def synthetic(megabytes: float, *, seed: int = 11) -> pl.DataFrame:
    paragraphs = [p for text in read_corpus(DEMO)["text"] for p in text.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    docs, size = [], 0
    while size < megabytes * 1e6:
        text = "\n\n".join(rng.sample(paragraphs, 8))
        docs.append(text)
        size += len(text.encode())
    return pl.DataFrame(
        {"doc_id": [f"d{i}" for i in range(len(docs))], "outlet": ["X"] * len(docs), "text": docs}
    )


def rate(corpus: pl.DataFrame, seconds: float) -> float:
    return float(corpus["text"].str.len_bytes().sum()) / 1e6 / seconds


def timed(run, repeat: int = 1) -> float:
    """The best of ``repeat`` timings (the machine is shared: the best is the least disturbed)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many timings")
    parser.add_argument(
        "--reference",
        action="store_true",
        help="also time the frozen finder from before the issue-16 work (the 'before' figure)",
    )
    args = parser.parse_args()
    lexicon = default_lexicon()
    corpus = synthetic(args.mb)
    print(f"corpus: {corpus.height} documents, {rate(corpus, 1.0):.1f} MB")
    phrases = lexicon.to_frame()["phrase"].str.to_lowercase().unique().to_list()

    def rust_run() -> None:
        corpus.select(fold_expr("text").str.extract_many(phrases, overlapping=True))

    # Warm up: the lexicon's automaton and lookup tables are built once per process.
    label_mentions(corpus.head(20), lexicon=lexicon)
    reference.find(corpus.head(20), lexicon)
    full = timed(lambda: label_mentions(corpus, lexicon=lexicon), args.repeat)
    rust = timed(rust_run, args.repeat)
    shares = timed(lambda: label_shares(corpus, lexicon=lexicon, by="outlet"), args.repeat)
    split = timed(lambda: sentences(corpus), args.repeat)
    before = (
        timed(lambda: reference.with_sentence(reference.find(corpus, lexicon), corpus))
        if args.reference
        else None
    )
    sample = corpus.head(max(1, int(corpus.height / args.mb)))
    regexes = [
        re.compile(r"\b(?:" + "|".join(re.escape(f) for f in label.forms()) + r")\b", re.I)
        for s in lexicon.label_sets
        for label in s.labels
    ]
    naive = timed(lambda: [[r.findall(t) for r in regexes] for t in sample["text"]])

    if before is not None:
        print(f"label_mentions, frozen reference:    {rate(corpus, before):7.1f} MB/s (before)")
    print(f"label_mentions, end to end:          {rate(corpus, full):7.1f} MB/s")
    print(f"label_shares (no sentence index):    {rate(corpus, shares):7.1f} MB/s")
    print(f"sentences alone (Punkt):             {rate(corpus, split):7.1f} MB/s")
    print(f"polars extract_many (lower bound):   {rate(corpus, rust):7.1f} MB/s")
    print(f"one regex per label ({len(regexes)} regexes):   {rate(sample, naive):7.1f} MB/s")
    print(
        f"ratio label_mentions / per-label regexes: {rate(corpus, full) / rate(sample, naive):.1f}x"
    )
    if before is not None:
        print(f"ratio reference / extract_many: {before / rust:.1f}x (before)")
    ratio = full / rust
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"ratio label_mentions / extract_many: {ratio:.1f}x (goal <= {GOAL:g}x: {verdict})")
    print(f"ratio label_shares / extract_many: {shares / rust:.1f}x")


if __name__ == "__main__":
    main()
