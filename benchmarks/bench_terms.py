"""Benchmark term counting on a synthetic corpus, side by side with NLTK and scikit-learn.

    python benchmarks/bench_terms.py                       # 100,000 articles in memory
    python benchmarks/bench_terms.py --articles 20000      # smaller
    python benchmarks/bench_terms.py --articles 1000000 --parquet   # ~3.5 GB of text, streamed

Prints, measured in this one process: the per-outlet unigram + bigram table (discourse vs NLTK's
``NLTKWordTokenizer`` + ``FreqDist``, vs scikit-learn's ``CountVectorizer(ngram_range=(1, 2))``
plus a group sum), phrase counting for 60 phrases in MB/s, and the process's peak RSS. NLTK and
scikit-learn run on a sample (``--sample``) and are compared per MB, as the output says.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import resource
import shutil
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from discourse.terms.frequency import term_counts
from discourse.text.matching import PhraseMatcher

PHRASES = [
    "terror*", "militant*", "massacre*", "slaughter*", "murder*", "killed", "died", "dead",
    "deaths", "resistance movement", "militant group", "terrorist organi{s,z}ation", "hamas-run",
    "hamas-controlled", "hamas-led", "health ministry", "according to", "alleged", "claimed",
    "civilians", "hostages", "prisoners", "captives", "genocide", "ethnic cleansing",
    "self-defen{c,s}e", "occupied territor{y,ies}", "settler*", "airstrike*", "bombardment",
    "ceasefire", "humanitarian pause", "human shields", "collateral damage", "war crimes",
    "apartheid", "pogrom", "atrocit{y,ies}", "barbaric", "savage*", "innocent", "children",
    "women and children", "israeli forces", "idf", "israel defen{c,s}e forces",
    "palestinian authority", "west bank", "gaza strip", "hospital", "refugee camp",
    "evacuation order*", "siege", "blockade", "famine", "starvation", "tunnels", "rockets",
    "retaliat*", "incursion",
]  # fmt: skip
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGH"]
LETTERS = np.array(list("etaoinshrdlcumwfgypbvkjxqz"))
LETTER_FREQ = np.array([12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4,
                        2.4, 2.2, 2.0, 2.0, 1.9, 1.5, 1.0, 0.8, 0.15, 0.15, 0.1, 0.07])  # fmt: skip


def vocabulary(rng: np.random.Generator, size: int = 20_000) -> list[str]:
    """Pseudo-words with English letter frequencies; every tenth one capitalised."""
    p = LETTER_FREQ / LETTER_FREQ.sum()
    words = dict.fromkeys(
        "".join(rng.choice(LETTERS, rng.integers(2, 10), p=p)) for _ in range(size)
    )
    return [w.title() if i % 10 == 9 else w for i, w in enumerate(words)]


def synthetic_chunk(first: int, articles: int, words: int, seed: int) -> pl.DataFrame:
    """Articles of ``words`` words: Zipf-distributed vocabulary, sentences of ~15 words, and
    one of the 60 phrases in place of a word about once every 400 words."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary(np.random.default_rng(0))
    zipf = 1 / np.arange(1, len(vocab) + 1) ** 1.1
    idx = rng.choice(len(vocab), size=articles * words, p=zipf / zipf.sum())
    variants = [
        " ".join(w + ("s" if wild else "") for w, wild in v.words)
        for v in PhraseMatcher(PHRASES).variants
    ]
    table = pl.Series(vocab + variants)
    phrase = rng.random(articles * words) < 1 / 400
    idx = np.where(phrase, len(vocab) + rng.integers(0, len(variants), idx.size), idx)
    token = table.gather(idx)
    token = pl.select(
        pl.when(pl.lit(rng.random(idx.size) < 1 / 15)).then(token + ".").otherwise(token)
    ).to_series()
    text = token.reshape((articles, words)).arr.join(" ")
    day = rng.integers(0, 120, articles)
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(first, first + articles)],
            "outlet": np.array(OUTLETS)[rng.integers(0, len(OUTLETS), articles)],
            "published": pl.Series(
                day + date(2023, 10, 7).toordinal() - date(1970, 1, 1).toordinal()
            ).cast(pl.Date),
            "title": pl.Series([None] * articles, dtype=pl.String),
            "url": pl.Series([None] * articles, dtype=pl.String),
            "text": text,
        }
    )


def write_parquet(folder: Path, articles: int, words: int, chunk: int) -> None:
    for n, first in enumerate(range(0, articles, chunk)):
        size = min(chunk, articles - first)
        synthetic_chunk(first, size, words, seed=n).write_parquet(folder / f"part-{n:04d}.parquet")


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def nltk_table(sample: pl.DataFrame) -> dict[str, Counter]:
    from nltk import FreqDist, bigrams
    from nltk.tokenize import NLTKWordTokenizer

    tokenizer = NLTKWordTokenizer()
    tables: dict[str, FreqDist] = {}
    for outlet, text in sample.select("outlet", "text").iter_rows():
        tokens = [t.lower() for t in tokenizer.tokenize(text)]
        table = tables.setdefault(outlet, FreqDist())
        table.update(tokens)
        table.update(" ".join(pair) for pair in bigrams(tokens))
    return tables


def sklearn_table(sample: pl.DataFrame):
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    matrix = CountVectorizer(ngram_range=(1, 2)).fit_transform(sample["text"].to_list())
    codes = sample["outlet"].cast(pl.Categorical).to_physical().to_numpy()
    groups = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))))
    return groups @ matrix


def ours(corpus) -> pl.DataFrame:
    """Words and bigrams per outlet in one table, tokenising once (like ``ngram_range=(1, 2)``)."""
    return term_counts(corpus, ngram=(1, 2), by="outlet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--sample", type=int, default=2_000, help="articles for NLTK/sklearn")
    parser.add_argument("--parquet", action="store_true", help="write parts, then scan them")
    parser.add_argument("--chunk", type=int, default=25_000, help="articles per parquet part")
    parser.add_argument("--dir", type=Path, default=None, help="where parquet parts go")
    parser.add_argument("--no-ngrams", action="store_true", help="no n-gram comparison")
    parser.add_argument("--unigrams", action="store_true", help="also time the unigram table")
    parser.add_argument("--data", type=Path, default=None, help="scan parquet parts written before")
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, "
          f"{multiprocessing.cpu_count()} cores, polars {pl.__version__}")  # fmt: skip
    folder = None
    if args.data is not None:
        corpus = pl.scan_parquet(args.data / "*.parquet")
        sample = corpus.head(args.sample).collect()
        print(f"scanning parquet parts in {args.data}")
    elif args.parquet:
        folder = Path(tempfile.mkdtemp(dir=args.dir, prefix="bench-terms-"))
        # A child process writes the data, so its memory is not in this process's peak RSS.
        child = multiprocessing.get_context("spawn").Process(
            target=write_parquet, args=(folder, args.articles, args.words, args.chunk)
        )
        _, took = timed(lambda: (child.start(), child.join()))
        corpus = pl.scan_parquet(folder / "*.parquet")
        sample = corpus.head(args.sample).collect()
        print(f"wrote {args.articles:,} articles to {folder} in {took:.0f} s")
    else:
        corpus, took = timed(lambda: synthetic_chunk(0, args.articles, args.words, seed=0))
        sample = corpus.head(args.sample)
        print(f"built {args.articles:,} articles in memory in {took:.0f} s")
    size_mb = (
        corpus.lazy()
        .select(pl.col("text").str.len_bytes().cast(pl.Int64).sum())
        .collect(engine="streaming")
        .item()
        / 1e6
    )
    sample_mb = sample["text"].str.len_bytes().cast(pl.Int64).sum() / 1e6
    print(
        f"text: {size_mb:,.0f} MB; comparison sample: {args.sample:,} articles, {sample_mb:.1f} MB"
    )

    if not args.no_ngrams:
        compare(corpus, sample, size_mb, sample_mb)
    # The first matcher built in a process reads Rust's word-character table (about 0.3 s, once).
    _, t_first = timed(lambda: term_counts(sample.head(10), terms=PHRASES, by="outlet"))
    print(f"\nfirst phrase query in this process (10 articles): {t_first:.2f} s")
    phrases, t_phr = timed(lambda: term_counts(corpus, terms=PHRASES, by="outlet"))
    print(f"60 phrases, one pass: {t_phr:.2f} s, {size_mb / t_phr:,.0f} MB/s, "
          f"{phrases['n'].sum():,} matches")  # fmt: skip
    if args.unigrams:
        table, t_uni = timed(lambda: term_counts(corpus, ngram=1, by="outlet"))
        print(f"unigram table per outlet, whole corpus: {t_uni:.1f} s, "
              f"{size_mb / t_uni:,.0f} MB/s, {table.height:,} rows")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:,.0f} MB")
    if folder is not None and args.dir is None:
        shutil.rmtree(folder)


def compare(corpus, sample: pl.DataFrame, size_mb: float, sample_mb: float) -> None:
    table, t_ours = timed(lambda: ours(corpus))
    _, t_ours_sample = timed(lambda: ours(sample))
    _, t_nltk = timed(lambda: nltk_table(sample))
    _, t_sk = timed(lambda: sklearn_table(sample))
    rate = size_mb / t_ours
    bigrams = table["term"].str.contains(" ").sum()
    print(f"\nunigram + bigram table per outlet ({table.height - bigrams:,} + {bigrams:,} rows)")
    print(f"  discourse, whole corpus : {t_ours:8.1f} s  {rate:7.1f} MB/s")
    print(
        f"  discourse, sample       : {t_ours_sample:8.2f} s  {sample_mb / t_ours_sample:7.1f} MB/s"
    )
    print(
        f"  NLTK, sample            : {t_nltk:8.2f} s  {sample_mb / t_nltk:7.1f} MB/s"
        f"  -> discourse is {rate / (sample_mb / t_nltk):.0f}x (whole corpus vs sample, per MB)"
    )
    print(
        f"  scikit-learn, sample    : {t_sk:8.2f} s  {sample_mb / t_sk:7.1f} MB/s"
        f"  -> discourse is {rate / (sample_mb / t_sk):.1f}x (per MB)"
    )


if __name__ == "__main__":
    main()
