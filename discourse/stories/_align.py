"""Sentence alignment and token-level differences for :mod:`discourse.stories.wording`.

Texts are compared on the folded view (:func:`discourse.text.matching.fold_text`), so a change of
case, quote style, hyphen character or whitespace is not a change; every span is reported as
offsets into the original text.
"""

from __future__ import annotations

import functools
import re
from difflib import SequenceMatcher
from typing import NamedTuple

from rapidfuzz.distance import Indel

from discourse.text._fold import WHITESPACE, fold_text, token_re, word_res

#: Two sentences align when their folded texts are at least this similar (Indel ratio).
MIN_SIMILARITY = 0.5
#: Changes separated by at most this many unchanged tokens are reported as one change, so that
#: a reworded phrase ("health ministry in the Hamas-run territory" / "Ministry of Health in
#: Gaza") is one row rather than fragments around a shared "in".
_JOIN_GAP = 1
#: Up to this many sentence pairs (about 100 sentences a side) the alignment is one dynamic
#: programme over both documents; anchoring on identical sentences first is faster on long
#: documents but can pair a repeated sentence with the wrong copy.
_WHOLE_DP = 10_000


class Token(NamedTuple):
    """A token: ``text[start:end]`` as written, ``key`` its folded form."""

    start: int
    end: int
    key: str


@functools.cache
def _token_re() -> re.Pattern[str]:
    """Words and numbers by the package's one token rule (:func:`~discourse.text._fold.token_re`,
    Rust's word characters), and each other non-space character on its own, so that added or
    removed quotation marks (scare quotes) show as changes."""
    word = word_res()[0].pattern
    return re.compile(rf"{token_re().pattern}|(?!{word})[^{WHITESPACE}]")


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets into it and their folded form."""
    folded, offsets = fold_text(text)
    return [
        Token(int(offsets[m.start()]), int(offsets[m.end()]), m.group())
        for m in _token_re().finditer(folded)
    ]


def _align_block(a: list[list[str]], b: list[list[str]]) -> list[tuple[list[int], list[int]]]:
    """Best alignment of two runs of sentences, order kept: one-to-one, one-to-two (a split) or
    two-to-one (a merge) matches at least :data:`MIN_SIMILARITY` alike, maximising the characters
    the matched sentences have in common; unmatched sentences form groups with an empty side."""
    n, m = len(a), len(b)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            options = []
            if i:
                options.append((score[i - 1][j], (1, 0)))
            if j:
                options.append((score[i][j - 1], (0, 1)))
            for di, dj in ((1, 1), (1, 2), (2, 1)):
                if i >= di and j >= dj:
                    left = " ".join(t for s in a[i - di : i] for t in s)
                    right = " ".join(t for s in b[j - dj : j] for t in s)
                    sim = float(Indel.normalized_similarity(left, right))
                    if sim >= MIN_SIMILARITY:
                        # Characters in common (twice), so a long sentence weighs more; a split
                        # or merge must gain something over the one-to-one match it extends.
                        gain = sim * (len(left) + len(right)) - (di + dj - 2)
                        options.append((score[i - di][j - dj] + gain, (di, dj)))
            score[i][j], step[i][j] = max(options, key=lambda o: o[0])
    groups: list[tuple[list[int], list[int]]] = []
    i, j = n, m
    while i or j:
        di, dj = step[i][j]
        groups.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    return groups[::-1]


def align_sentences(a: list[list[str]], b: list[list[str]]) -> list[tuple[list[int], list[int]]]:
    """Groups ``(sentences of a, sentences of b)`` in text order, covering every sentence once.

    Sentences pair by similarity (:func:`_align_block`) over the whole documents; past
    :data:`_WHOLE_DP` sentence pairs, identical sentences first anchor the alignment and only
    the runs between anchors are aligned that way. A group with one side empty is a sentence
    only one text has.
    """
    if len(a) * len(b) <= _WHOLE_DP:
        return _align_block(a, b)
    keys_a = [" ".join(s) for s in a]
    keys_b = [" ".join(s) for s in b]
    groups: list[tuple[list[int], list[int]]] = []
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            groups.extend(([i], [j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        for ga, gb in _align_block(a[i1:i2], b[j1:j2]):
            groups.append(([i1 + i for i in ga], [j1 + j for j in gb]))
    return groups


def token_changes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Changed token ranges ``(kind, i1, i2, j1, j2)`` between two token-key lists, nearby
    changes joined (:data:`_JOIN_GAP`)."""
    ops = [
        [op, i1, i2, j1, j2]
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if op != "equal"
    ]
    joined: list[list] = []
    for op in ops:
        if joined and op[1] - joined[-1][2] <= _JOIN_GAP and op[3] - joined[-1][4] <= _JOIN_GAP:
            joined[-1][2], joined[-1][4] = op[2], op[4]
        else:
            joined.append(op)
    kinds = {(True, True): "substitution", (True, False): "deletion", (False, True): "insertion"}
    return [(kinds[(i2 > i1, j2 > j1)], i1, i2, j1, j2) for _, i1, i2, j1, j2 in joined]
