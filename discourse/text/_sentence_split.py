"""The per-paragraph splitter behind :func:`discourse.text.segments.sentences` (issue 16).

:mod:`discourse.text._sentence_batch` splits all documents at once and leaves the rare shapes
(runs of marks, spaced ellipses, unusual quotes, odd whitespace) to :func:`_region` here, which
gives exactly the spans of the reference splitter
(:mod:`discourse.text._sentences_reference`: Punkt per paragraph, then the three repairs) by
doing Punkt's own steps once per paragraph instead of through its generator pipeline:

- candidate boundaries come from Punkt's own regex, run over each paragraph in place
  (``pos``/``endpos``, no paragraph copies); the word before each is found as Punkt finds it
  (back to the last ASCII whitespace, runs like ``?!`` keep only their last mark);
- "?" and "!" are always breaks for Punkt and need no decision; a full stop is decided by
  Punkt's two annotation passes re-stated with the model's parameters as plain sets and a dict
  (:mod:`discourse.text._punkt_rules`), on its context as Punkt builds it, memoised;
- the span steps that follow (absorbing punctuation-only spans, pulling closing quotes back,
  the three repairs, trimming whitespace) are the reference's, inlined, and they read only a
  few characters around each boundary instead of whole sentences.

Paragraphs with a spaced ellipsis (". . .") go through Punkt's own
interior-of-a-run rule, as in the reference.
"""

from __future__ import annotations

import re

from punkt.rules.boundaries import _compile_period_context_regex, _multi_char_interior
from punkt.rules.language import DEFAULT_LANGUAGE_VARS

from discourse.text._punkt_rules import _JOINS_NEXT, _NUMBERED, _breaks, _period_breaks

#: A blank line (spaces, tabs or ``\r`` allowed on it) or a Unicode paragraph separator.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n|\u2029")
_OPENERS = "\"'“‘«([¿¡-—–"
_SKIPPED = _OPENERS + " "
_STOP_OR_SPACE = frozenset(". ")
#: The longest text the two repair patterns can match: "Messrs." after one opener is 8
#: characters, so a tail of at least ``_TAIL_KEEP`` characters decides them as the whole would.
_TAIL = 24
_TAIL_KEEP = 12

_CANDIDATE = _compile_period_context_regex(DEFAULT_LANGUAGE_VARS)
_REALIGN = re.compile(DEFAULT_LANGUAGE_VARS.boundary_realignment_pattern, re.MULTILINE)
_REALIGN_FIRST = frozenset("\"')]}’”\xab\xbb")
#: A spaced ellipsis, the one multi-character run whose inner marks are candidates. Punkt's
#: pattern for it is ``(?:\.\s){2,}\.``, which matches exactly where this shortest form does;
#: written out, Python's ``re`` scans for it about fifty times faster.
_SPACED_RUN = re.compile(r"\.\s\.\s\.")
#: What Punkt's boundary detector counts as whitespace (``string.whitespace``, ASCII only).
_ASCII_SPACE = frozenset(" \t\n\r\x0b\x0c")
_ENDERS = ".?!"
#: One Punkt word token with no sentence-ending mark: letters and digits joined by single
#: full stops or hyphens ("U.S", "3.5", "Hamas-run", "Gaza").
_SIMPLE = re.compile(r"[^\W_]+(?:[.\-][^\W_]+)*")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, whitespace excluded.

    Identical to :func:`discourse.text._sentences_reference._sentence_spans_reference`.
    """
    spans: list[tuple[int, int]] = []
    if "\n" not in text and "\u2029" not in text:  # one paragraph
        _paragraph(text, 0, len(text), spans, _SPACED_RUN.search(text) is not None)
        return spans
    _region(text, 0, len(text), spans)
    return spans


def _region(text: str, begin: int, stop: int, out: list[tuple[int, int]]) -> None:
    """Append the sentences of ``text[begin:stop]``, one or more whole paragraphs, to ``out``.

    ``begin`` and ``stop`` must fall on paragraph breaks (or the ends of ``text``), give or take
    whitespace.
    """
    spaced = _SPACED_RUN.search(text, begin, stop) is not None
    for brk in [*_PARAGRAPH_BREAK.finditer(text, begin, stop), None]:
        end = brk.start() if brk else stop
        _paragraph(text, begin, end, out, spaced)
        begin = brk.end() if brk else end


def _paragraph(text: str, begin: int, stop: int, out: list[tuple[int, int]], spaced: bool) -> None:
    """Append the sentences of ``text[begin:stop]`` (document offsets) to ``out``.

    ``spaced`` says whether the document holds a spaced ellipsis anywhere.
    """
    interior: frozenset[int] = frozenset()
    if spaced and _SPACED_RUN.search(text, begin, stop):
        interior = frozenset(
            i + begin for i in _multi_char_interior(text[begin:stop], DEFAULT_LANGUAGE_VARS)
        )
    space = _ASCII_SPACE
    # Punkt's boundary detector and its decisions: the spans before realignment.
    raw: list[tuple[int, int]] = []
    last_break = begin
    prev: re.Match[str] | None = None
    prev_word = begin
    prev_stop = begin
    for match in _CANDIDATE.finditer(text, begin, stop):
        at = match.start()
        if interior and at in interior:
            continue
        k = at - 1
        while k > prev_stop and text[k] not in space:
            k -= 1
        word = k + 1 if k > prev_stop else prev_word
        if prev is not None and prev_stop <= word:
            last_break = _decide(text, prev, prev_word, last_break, raw)
        prev, prev_word, prev_stop = match, word, at
    if prev is not None:
        last_break = _decide(text, prev, prev_word, last_break, raw)
    end = stop
    while end > begin and text[end - 1].isspace():
        end -= 1
    if not raw:  # one sentence (or none): nothing to absorb, realign or repair
        while last_break < end and text[last_break].isspace():
            last_break += 1
        if last_break < end:
            out.append((last_break, end))
        return
    raw.append((last_break, end))

    # Spans that are only sentence-ending marks join the one before; empty spans go.
    absorbed: list[tuple[int, int]] = []
    for start, finish in raw:
        if start >= finish:
            continue
        if absorbed and not text[start:finish].strip(_ENDERS):
            absorbed[-1] = (absorbed[-1][0], finish)
        else:
            absorbed.append((start, finish))

    # Closing quotes and brackets move back onto the sentence before; then the repairs.
    merged: list[tuple[int, int]] = []
    shift = 0
    last = len(absorbed) - 1
    for index, (start, finish) in enumerate(absorbed):
        start += shift
        if index < last:
            following = absorbed[index + 1][0]
            realign = None
            if text[following] in _REALIGN_FIRST:
                realign = _REALIGN.match(text, following, absorbed[index + 1][1])
            if realign is not None:
                finish = following + len(realign.group().rstrip())
                shift = realign.end() - following
            else:
                shift = 0
                if start >= finish:
                    continue
        elif start >= finish:
            continue
        # _continues is False, without the call, when the next sentence opens on a capital or
        # digit and the one before ends on something other than a full stop or a space.
        if (
            merged
            and (
                text[start] in _SKIPPED
                or text[start].islower()
                or text[merged[-1][1] - 1] in _STOP_OR_SPACE
                or text[merged[-1][1] - 1].isspace()
            )
            and _continues(text, merged[-1], start, finish)
        ):
            merged[-1] = (merged[-1][0], finish)
        else:
            merged.append((start, finish))

    for start, finish in merged:
        while start < finish and text[start].isspace():
            start += 1
        while finish > start and text[finish - 1].isspace():
            finish -= 1
        if start < finish:
            out.append((start, finish))


def _decide(
    text: str, match: re.Match[str], word: int, last_break: int, raw: list[tuple[int, int]]
) -> int:
    """Record the span ending at candidate ``match`` if Punkt breaks there; the next start."""
    next_tok = match.group("next_tok")
    at = match.start()
    if text[at] == ".":  # "?" and "!" always end a sentence for Punkt (see _period_breaks)
        before = text[word:at]
        following = next_tok if next_tok else match.group("after_tok")
        if _SIMPLE.fullmatch(before) and (not next_tok or _SIMPLE.fullmatch(next_tok)):
            breaks = _period_breaks(before, following)
        else:
            # Punkt's own context, whitespace as written: folding it would change how Punkt's
            # word scan reads a run like ".\xa0.\xa0 ." (a spaced ellipsis once folded).
            breaks = _breaks(text[word : match.end()] + match.group("after_tok"))
        if not breaks:
            return last_break
    raw.append((last_break, match.end()))
    return match.start("next_tok") if next_tok else match.end()


def _continues(text: str, before: tuple[int, int], start: int, finish: int) -> bool:
    """Whether Punkt's break between ``before`` and ``text[start:finish]`` is inside a sentence."""
    first = text[start]
    if first in _SKIPPED:
        first_text = text[start : min(finish, start + _TAIL)].lstrip(_SKIPPED)
        if not first_text and finish > start + _TAIL:
            first_text = text[start:finish].lstrip(_SKIPPED)
        first = first_text[:1]
    if first.islower():
        return True
    lo, hi = before
    last = hi - 1
    while last > lo and text[last].isspace():
        last -= 1
    if text[last] != ".":  # both repairs need the sentence to end on a full stop
        return False
    tail = text[max(lo, hi - _TAIL) : hi].rstrip()
    if len(tail) < _TAIL_KEEP and hi - _TAIL > lo:
        tail = text[lo:hi].rstrip()
    return _JOINS_NEXT.search(tail) is not None or (
        first.isdigit() and _NUMBERED.search(tail) is not None
    )
