"""Frozen reference: the label-mention finder as it stood before the issue-16 speed work.

Used only by tests (``tests/test_mentions_fast.py``) to check, row for row, that the faster
:mod:`discourse.framing._mentions` gives identical mentions: rows, order, offsets, labels,
exclusions, ``match``, ``quoted`` and sentence indexes. Do not call it from library code, and
do not change it: it is the definition of the right answer.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from functools import lru_cache
from typing import Any

import polars as pl

from discourse.corpus._frame import group_columns
from discourse.errors import DiscourseError
from discourse.framing.lexicon import Lexicon
from discourse.framing.phrases import _fold_phrase
from discourse.text._quotes import inside, quote_spans
from discourse.text.matching import FOLD_MAKES_ASCII, PhraseMatcher
from discourse.text.segments import sentences

MENTION_COLUMNS = ("label_set", "label", "match", "start", "end", "quoted")
# (label set index, label index); an exclusion of label i is stored as -1 - i.
Target = tuple[int, int]


@lru_cache(maxsize=8)
def matcher(lexicon: Lexicon) -> PhraseMatcher:
    """One automaton over every form of every label set, keyed by folded form."""
    targets: dict[str, list[Target]] = defaultdict(list)
    for si, label_set in enumerate(lexicon.label_sets):
        for li, label in enumerate(label_set.labels):
            for form in label.forms():
                targets[_fold_phrase(form)].append((si, li))
            for form in label.excluded_forms():
                targets[_fold_phrase(form)].append((si, -1 - li))
    return PhraseMatcher({query: tuple(found) for query, found in targets.items()})


def _resolve(candidates: list[tuple[int, int, int, bool]]) -> list[tuple[int, int, int]]:
    """Longest first, then earliest; a phrase beats an exclusion and a literal beats a wildcard
    at one span. Returns the kept ``(start, end, label)``, exclusions dropped, in text order."""
    # Candidates come in text order; when none overlaps the one before, there is nothing to choose.
    reach = 0
    for start, end, _, _ in candidates:
        if start < reach:
            break
        reach = end
    else:
        return [(start, end, label) for start, end, label, _ in candidates if label >= 0]
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2] < 0, c[3], abs(c[2])))
    starts: list[int] = []
    ends: list[int] = []
    kept = []
    for start, end, label, _ in candidates:
        i = bisect.bisect_right(starts, start)
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        if label >= 0:
            kept.append((start, end, label))
    kept.sort()
    return kept


def _mentions_in(text: str, matcher: PhraseMatcher) -> list[tuple[int, int, int, int, bool]]:
    """``(label set, label, start, end, quoted)`` for one document, in text order."""
    by_set: dict[int, list[tuple[int, int, int, bool]]] = defaultdict(list)
    for match in matcher.finditer(text, overlapping=True):
        wildcard = "*" in match.query
        for si, code in match.key:  # type: ignore[attr-defined]
            by_set[si].append((match.start, match.end, code, wildcard))
    if not by_set:
        return []
    spans = quote_spans(text)
    out = [
        (si, label, start, end, inside(spans, start, end))
        for si, found in by_set.items()
        for start, end, label in _resolve(found)
    ]
    out.sort(key=lambda m: (m[2], m[0]))
    return out


def find(frame: pl.DataFrame, lexicon: Lexicon) -> pl.DataFrame:
    """The mentions without their sentence index, which :func:`label_shares` does not need."""
    clash = sorted(set(group_columns(frame)) & {"sentence", *MENTION_COLUMNS})
    if clash:
        raise DiscourseError(
            f"corpus column(s) {clash} would clash with the columns of the mentions; rename them"
        )
    automaton = matcher(lexicon)
    found: list[tuple[int, int, int, int, int, bool]] = []
    rows = frame.select(may_match(automaton)).to_series().arg_true()
    texts = dict(zip(rows.to_list(), frame["text"].gather(rows).to_list(), strict=True))
    for row, text in texts.items():
        found.extend((row, *mention) for mention in _mentions_in(text, automaton))
    columns: list[tuple[Any, ...]] = list(zip(*found, strict=True)) or [()] * 6
    names = [s.name for s in lexicon.label_sets]
    labels = [[label.name for label in s.labels] for s in lexicon.label_sets]
    hits = pl.DataFrame(
        {
            "row": pl.Series(columns[0], dtype=pl.UInt32),
            "label_set": [names[si] for si in columns[1]],
            "label": [labels[si][li] for si, li in zip(columns[1], columns[2], strict=True)],
            "match": [
                texts[row][a:b]
                for row, a, b in zip(columns[0], columns[3], columns[4], strict=True)
            ],
            "start": pl.Series(columns[3], dtype=pl.Int64),
            "end": pl.Series(columns[4], dtype=pl.Int64),
            "quoted": pl.Series(columns[5], dtype=pl.Boolean),
        },
        schema_overrides={"label_set": pl.String, "label": pl.String, "match": pl.String},
    )
    docs = frame.select("doc_id", *group_columns(frame)).with_row_index("row")
    return docs.join(hits, on="row", how="inner", maintain_order="right").drop("row")


def may_match(automaton: PhraseMatcher) -> pl.Expr:
    """Whether a document can hold a match: a fast Rust pass that skips most texts without one."""
    text = pl.col("text").cast(pl.String)
    needles = automaton.prefilter
    if needles is None:
        return text.fill_null("") != ""
    return (
        text.str.contains_any(needles, ascii_case_insensitive=True)
        | text.str.contains_any(list(FOLD_MAKES_ASCII))
    ).fill_null(False)


def with_sentence(mentions: pl.DataFrame, corpus: pl.DataFrame) -> pl.DataFrame:
    """Add each mention's sentence index, splitting only the documents that have mentions."""
    with_hits = corpus.filter(pl.col("doc_id").is_in(mentions["doc_id"].unique().implode()))
    bounds = sentences(with_hits).select(
        "doc_id",
        pl.col("sentence").cast(pl.Int64),
        pl.col("start").alias("sentence_start"),
        pl.col("end").alias("sentence_end"),
    )
    groups = mentions.columns[1 : mentions.columns.index("label_set")]
    located = (
        mentions.with_row_index("_order")
        .sort("start")
        .join_asof(
            bounds.sort("sentence_start"),
            left_on="start",
            right_on="sentence_start",
            by="doc_id",
            strategy="backward",
            check_sortedness=False,  # sorted by start overall, so sorted within each document
        )
        .sort("_order")
    )
    return located.select(
        "doc_id", *groups, "sentence", *MENTION_COLUMNS, "sentence_start", "sentence_end"
    )
