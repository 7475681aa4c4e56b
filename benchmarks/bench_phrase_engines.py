"""How fast can one core search for the 60 benchmark phrases? The ceiling behind bench_terms.py.

    python benchmarks/bench_phrase_engines.py [--articles 10000]

Runs on ONE thread (``POLARS_MAX_THREADS=1``, set before polars loads) over the synthetic
articles of ``bench_terms.py`` and prints MB/s for each way of finding many phrases at once:
the case-insensitive Rust regex that ``term_counts(terms=...)`` runs, the same regex on
lower-cased text, polars' Aho-Corasick ``find_many`` (the ``aho-corasick`` crate), and
pyahocorasick; then how the Rust regex slows as the number of literals grows past what its
SIMD prefilter (Teddy) takes. Two cores can do at most about twice the best figure.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ["POLARS_MAX_THREADS"] = "1"

import ahocorasick
from bench_terms import PHRASES, synthetic_chunk

from discourse.text.matching import PhraseMatcher


def best_of(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    text = synthetic_chunk(0, args.articles, 600, seed=0)["text"].rechunk()
    lower = text.str.to_lowercase()
    mb = text.str.len_bytes().sum() / 1e6
    matcher = PhraseMatcher(PHRASES)
    regex = matcher.scan_regex
    literals = sorted({v.text for v in matcher.variants})
    automaton = ahocorasick.Automaton()
    for word in literals:
        automaton.add_word(word, word)
    automaton.make_automaton()
    python_texts = lower.to_list()

    def pyahocorasick_pass() -> int:
        return sum(1 for t in python_texts for _ in automaton.iter_long(t))

    engines = {
        "Rust regex, (?i), text as written (term_counts)": lambda: text.str.count_matches(
            f"(?i){regex}"
        ).sum(),
        "Rust regex on lower-cased text (lower-casing not timed)": lambda: lower.str.count_matches(
            regex
        ).sum(),
        "Aho-Corasick find_many, lower-cased, literals": lambda: (
            lower.str.find_many(literals).list.len().sum()
        ),
        "pyahocorasick iter_long, lower-cased, literals": pyahocorasick_pass,
    }
    print(f"{args.articles:,} articles, {mb:.0f} MB, one thread, {len(literals)} literal variants")
    for name, fn in engines.items():
        took = best_of(fn)
        print(f"  {name:58s} {mb / took:7,.0f} MB/s")
    print("Rust regex, alternation of the first k variants' first 5 letters, lower-cased text:")
    heads = sorted({v[:5] for v in literals})
    for k in (1, 4, 8, 16, 32, len(heads)):
        took = best_of(lambda k=k: lower.str.count_matches("|".join(heads[:k])).sum())
        print(f"  k = {k:3d}: {mb / took:7,.0f} MB/s")


if __name__ == "__main__":
    main()
