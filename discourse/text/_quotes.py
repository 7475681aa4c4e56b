"""Where quotation marks enclose text: the spans that make a mention ``quoted``.

The rule (documented for users in ``docs/lexicon.md``):

- Quotes never cross a paragraph break (a blank line).
- Double quotes: ``“`` and ``„`` open, ``”`` closes; a straight ``"`` opens at the start of a
  paragraph or after a space or an opening bracket or dash, and closes otherwise. A double quote
  still open at the end of a paragraph runs to its end (a quotation continued in the next
  paragraph reopens there, by convention).
- Single quotes: ``‘`` opens, and a straight ``'`` opens after a space, an opening bracket or dash
  (or at the paragraph start) when a non-space follows. ``’`` or ``'`` closes only when a single
  quote is open and the next character is not a letter or digit, so the apostrophes of
  "Israel’s" and "don't" are never quotes. An unclosed single quote quotes nothing: an apostrophe
  such as "’90s" must not swallow the rest of a paragraph.
- Double and single spans are tracked separately, so a quotation inside a quotation counts.
"""

from __future__ import annotations

import bisect
import re

_MARKS = re.compile(r"[\"“”„'‘’]|\n[^\S\n]*\n")
_OPENERS_BEFORE = set(" \t\n\r\xa0([{—–-/")


Spans = tuple[list[tuple[int, int]], list[tuple[int, int]]]


def quote_spans(text: str) -> Spans:
    """``(double, single)``: sorted ``(open, close)`` offsets of quotations in each kind of mark.

    Examples
    --------
    >>> text = "They called them ‘terrorists’, Israel’s army said. \\"Gaza\\" was shelled."
    >>> double, single = quote_spans(text)
    >>> [text[a + 1:b] for a, b in double + single]
    ['Gaza', 'terrorists']
    """
    double_spans: list[tuple[int, int]] = []
    single_spans: list[tuple[int, int]] = []
    double: int | None = None
    single: int | None = None
    for m in _MARKS.finditer(text):
        i = m.start()
        mark = m.group()
        if mark[0] == "\n":
            if double is not None:
                double_spans.append((double, i))
            double = single = None
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening_context = before in _OPENERS_BEFORE or i == 0
        if mark in "“„" or (mark == '"' and opening_context):
            double = i if double is None else double
        elif mark in '”"':
            if double is not None:
                double_spans.append((double, i))
                double = None
        elif mark == "‘" or (mark == "'" and opening_context and not after.isspace()):
            single = i if single is None else single
        elif single is not None and not after.isalnum():
            single_spans.append((single, i))
            single = None
    if double is not None:
        double_spans.append((double, len(text)))
    return double_spans, single_spans


def inside(spans: Spans, start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside a quotation found by :func:`quote_spans`.

    Examples
    --------
    >>> inside(([(3, 10)], []), 4, 9), inside(([(3, 10)], []), 2, 9)
    (True, False)
    """
    for family in spans:
        # Spans of one kind never overlap: only the last one opening before ``start`` can hold it.
        i = bisect.bisect_left(family, (start, -1)) - 1
        if i >= 0 and end <= family[i][1]:
            return True
    return False
