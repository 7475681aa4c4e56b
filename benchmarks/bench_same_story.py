"""Speed and recall of ``discourse.same_story`` on synthetic articles with planted copies.

Usage: ``python benchmarks/bench_same_story.py [--n 100000] [--threshold 0.5]``

Articles are 300-600 random words (Zipf-distributed over 20,000 word types) from 200 outlets over
one year. Planted stories: 2 % of the articles are republished by one to three other outlets
within two days, each copy verbatim or with 2 % or 5 % of its words replaced (Jaccard of 5-word
shingles about 1, 0.8 and 0.6). The script prints the time of ``same_story``, its recall and
precision on the planted pairs, and the time datasketch's own per-document MinHash and
MinHashLSH take on a sample, extrapolated to the whole corpus, as the alternative.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta

import numpy as np
import polars as pl
from datasketch import MinHash, MinHashLSH

from discourse.stories import _minhash
from discourse.stories.pairs import same_story

VOCABULARY = 20_000
EDIT_RATES = (0.0, 0.02, 0.05)


def synthetic(n: int, seed: int = 7) -> tuple[pl.DataFrame, set[tuple[str, str]]]:
    """``n`` articles with planted copies, and the planted pairs (any two copies of one story
    in different outlets)."""
    rng = np.random.default_rng(seed)
    n_sources = n // 50
    copies_per_source = rng.integers(1, 4, n_sources)
    n_copies = int(copies_per_source.sum())
    n_fresh = n - n_copies
    lengths = rng.integers(300, 601, n_fresh)
    weights = 1 / np.arange(1, VOCABULARY + 1)
    words = rng.choice(VOCABULARY, int(lengths.sum()), p=weights / weights.sum())
    bodies = np.split(words, np.cumsum(lengths)[:-1])
    outlets = rng.integers(0, 200, n)
    days = rng.integers(0, 365, n)
    planted: set[tuple[str, str]] = set()
    row = n_fresh
    for source, k in enumerate(copies_per_source):
        story = [source]
        for _ in range(k):
            body = bodies[source].copy()
            edits = rng.random(len(body)) < EDIT_RATES[rng.integers(0, len(EDIT_RATES))]
            body[edits] = rng.integers(0, VOCABULARY, int(edits.sum()))
            bodies.append(body)
            outlets[row] = (outlets[source] + rng.integers(1, 200)) % 200
            days[row] = days[source] + rng.integers(0, 3)
            story.append(row)
            row += 1
        planted |= {
            (f"d{x}", f"d{y}") for x in story for y in story if x < y and outlets[x] != outlets[y]
        }
    flat = np.concatenate(bodies)
    doc = np.repeat(np.arange(n), [len(b) for b in bodies])
    texts = (
        pl.DataFrame({"doc": doc, "word": flat})
        .group_by("doc", maintain_order=True)
        .agg(pl.format("w{}", "word").str.join(" ").alias("text"))
    )
    start = date(2023, 10, 7)
    corpus = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "outlet": [f"outlet{o}" for o in outlets],
            "published": [start + timedelta(days=int(d)) for d in days],
            "text": texts["text"],
        }
    )
    return corpus, planted


def datasketch_seconds_per_doc(corpus: pl.DataFrame, threshold: float, sample: int = 1000) -> float:
    """Seconds per document for datasketch's own MinHash (update_batch) plus MinHashLSH."""
    texts = corpus["text"].head(sample)
    hashes, rows = _minhash.shingle_hashes(texts, 5)
    per_doc = np.split(
        (hashes >> np.uint64(32)).astype(np.uint32), np.flatnonzero(np.diff(rows)) + 1
    )
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=96, weights=_minhash.LSH_WEIGHTS)
    for i, values in enumerate(per_doc):
        sketch = MinHash(num_perm=96, hashfunc=int)
        sketch.update_batch(values.tolist())
        lsh.insert(i, sketch)
        lsh.query(sketch)
    return (time.perf_counter() - started) / len(per_doc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    started = time.perf_counter()
    corpus, planted = synthetic(args.n)
    words = corpus["text"].str.count_matches(" ").sum() + args.n
    print(f"corpus: {args.n:,} articles, {words:,} words, {len(planted):,} planted pairs "
          f"(built in {time.perf_counter() - started:.1f} s)")  # fmt: skip
    started = time.perf_counter()
    pairs = same_story(corpus, threshold=args.threshold, within_days=3)
    elapsed = time.perf_counter() - started
    found = set(pairs.select("doc_a", "doc_b").rows())
    found |= {(b, a) for a, b in found}
    hits = sum(pair in found for pair in planted)
    # The planted pairs the threshold should find: exact Jaccard at least the threshold.
    ids = {d: i for i, d in enumerate(corpus["doc_id"].to_list())}
    hashes, rows = _minhash.shingle_hashes(corpus["text"], 5)
    planted_rows = pl.DataFrame(
        [(ids[a], ids[b]) for a, b in planted], schema=["a", "b"], orient="row"
    ).cast(pl.Int64)
    scores = _minhash.exact_jaccard(hashes, rows, planted_rows)
    above = [pair for pair, s in zip(planted, scores, strict=True) if s >= args.threshold]
    hits_above = sum(pair in found for pair in above)
    planted_both = planted | {(b, a) for a, b in planted}
    precision = sum(p in planted_both for p in pairs.select("doc_a", "doc_b").rows()) / max(
        pairs.height, 1
    )
    print(f"same_story: {elapsed:.1f} s for {args.n:,} articles, {pairs.height:,} pairs found")
    recall = hits_above / max(len(above), 1)
    print(f"recall: {recall:.4f} of the {len(above):,} planted pairs with Jaccard >= "
          f"{args.threshold} ({hits / len(planted):.4f} of all planted pairs)")  # fmt: skip
    print(f"precision: {precision:.4f} (found pairs that were planted)")
    per_doc = datasketch_seconds_per_doc(corpus, args.threshold)
    print(f"datasketch MinHash + MinHashLSH, one document at a time: {per_doc * 1e3:.2f} ms a "
          f"document, about {per_doc * args.n:.0f} s for {args.n:,} "
          f"({per_doc * args.n / elapsed:.1f}x same_story's time, before pairing)")  # fmt: skip


if __name__ == "__main__":
    main()
