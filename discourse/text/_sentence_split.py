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
  (:func:`_has_sentbreak`, :func:`_always_breaks`), on its context with the whitespace after the
  mark folded to one space (it only separates tokens), memoised;
- the span steps that follow (absorbing punctuation-only spans, pulling closing quotes back,
  the three repairs, trimming whitespace) are the reference's, inlined, and they read only a
  few characters around each boundary instead of whole sentences.

Paragraphs with a spaced ellipsis (". . .") go through Punkt's own
interior-of-a-run rule, as in the reference.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from punkt import PunktSentenceTokenizer, load_model
from punkt.rules.boundaries import _compile_period_context_regex, _multi_char_interior
from punkt.rules.language import DEFAULT_LANGUAGE_VARS
from punkt.rules.orthography import OrthoContext
from punkt.rules.tokens import _RE_ELLIPSIS, _RE_INITIAL, _RE_NUMERIC, NUMBER_TYPE
from punkt.rules.words import _compile_word_regex

#: A blank line (spaces, tabs or ``\r`` allowed on it) or a Unicode paragraph separator.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n|\u2029")
#: Abbreviations that precede a name and so never end a sentence.
_TITLES = (
    "Mr|Mrs|Ms|Mx|Messrs|Mme|Mlle|Dr|Prof|Rev|Fr|Hon|Adv|Atty|Amb|Sen|Rep|Gov|Pres|Supt|Insp"
    "|Gen|Lt|Col|Maj|Capt|Cpt|Cmdr|Cdr|Adm|Brig|Sgt|Cpl|Pvt|Ft|Mt"
)
#: Abbreviations that introduce what follows ("incl. 600 children", "e.g. the BBC").
_INTRODUCERS = "incl|approx|e\\.g|i\\.e|cf|vs|viz|esp"
_JOINS_NEXT = re.compile(rf"(?:^|[\s(\[\"'“‘])(?:{_TITLES}|{_INTRODUCERS})\.$")
#: "No. 2", "Art. 51", "Vol. 3": a reference abbreviation before a number.
_NUMBERED = re.compile(r"(?:^|[\s(\[\"'“‘])(?:No|Nos|Art|Vol|pp?|para)\.$")
#: The words of letters alone that the two patterns match before a stop.
_TITLE_WORDS = frozenset(f"{_TITLES}|{_INTRODUCERS}".split("|")) - {"e\\.g", "i\\.e"}
_REFERENCE_WORDS = frozenset(("No", "Nos", "Art", "Vol", "p", "pp", "para"))
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


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(load_model("english"))


@lru_cache(maxsize=1 << 18)
def _breaks(context: str) -> bool:
    """Punkt's own decision for one candidate, from its (whitespace-folded) context."""
    return _has_sentbreak(_WORDS.findall(context))


@lru_cache(maxsize=1 << 18)
def _period_breaks(word: str, following: str) -> bool:
    """Punkt's decision on ``word.`` followed by the token ``following``, both one token.

    When the word before a full stop and what follows it are each a single Punkt token (letters
    and digits joined by single ``.`` or ``-``; or a lone punctuation mark after the stop),
    Punkt's context holds exactly two tokens, so its word tokenizer can be skipped. A "?" or
    "!" is always its own token and always a break in the first pass, which the second never
    revises, so those candidates need no decision at all.
    """
    return _has_sentbreak([word + ".", following])


#: Punkt's word tokenizer (``PunktWordTokenizer.tokenize``: one ``findall``).
_WORDS = _compile_word_regex(DEFAULT_LANGUAGE_VARS)
_SENT_END = frozenset(DEFAULT_LANGUAGE_VARS.sent_end_chars)
_NON_INITIAL = frozenset(";:,.!?")
_LC = int(OrthoContext.LC)
_UC = int(OrthoContext.UC)
_MID_UC = int(OrthoContext.MID_UC)
_BEG_LC = int(OrthoContext.BEG_LC)


class _Model(NamedTuple):
    """The English Punkt parameters as plain sets and a dict (``PunktParameters``' contents)."""

    abbrevs: frozenset[str]
    collocations: frozenset[tuple[str, str]]
    starters: frozenset[str]
    numeric_abbrevs: frozenset[str]
    ortho: dict[str, int]
    #: The first types of the collocations: no other type can be one's first half.
    collocation_firsts: frozenset[str]


@lru_cache(maxsize=1)
def _model() -> _Model:
    params = _punkt().params
    return _Model(
        frozenset(params.abbrev_types),
        frozenset(params.collocations),
        frozenset(params.sent_starters),
        frozenset(params.numeric_abbrev_types),
        dict(params.ortho_context),
        frozenset(first for first, _ in params.collocations),
    )


@lru_cache(maxsize=1 << 16)
def _first_pass(tok: str) -> tuple[str, bool, bool]:
    """``(type, sentbreak, abbreviation or ellipsis)`` of a token after Punkt's first pass.

    :func:`punkt.annotate.first_pass_annotation` and :class:`punkt.PunktToken` with the
    parameters read as plain sets.
    """
    model = _model()
    type_ = _RE_NUMERIC.sub(NUMBER_TYPE, tok.lower())
    if tok in _SENT_END:
        return type_, True, False
    if _RE_ELLIPSIS.match(tok) is not None:
        return type_, False, True
    if tok.endswith(".") and not tok.endswith(".."):
        stem = tok[:-1]
        stem = (stem[:-1] if stem.endswith(".") else stem).lower()
        if stem in model.abbrevs or stem.rsplit("-", 1)[-1] in model.abbrevs:
            return type_, False, True
        return type_, True, False
    return type_, False, False


@lru_cache(maxsize=1 << 18)
def _always_breaks(word_and_stop: str) -> bool:
    """Whether Punkt breaks after ``word.`` whatever follows it.

    What follows is whitespace and a token, or one character of Punkt's non-word class; either
    way the context's word tokens are those of ``word.`` and then those of what follows. True
    when a token of ``word.`` before the last already ends a sentence, or when the last one is
    an ordinary word (not an abbreviation, initial or number, and not the first half of a
    collocation), which the second pass never revises. False means "it depends".
    """
    tokens = _WORDS.findall(word_and_stop)
    return _has_sentbreak(tokens) or _last_always_breaks(tokens[-1])


def _last_always_breaks(last: str) -> bool:
    """:func:`_always_breaks` for the last token of the word (the one ending on the stop)."""
    type_, sentbreak, _ = _first_pass(last)
    if not sentbreak or _RE_INITIAL.match(last) is not None:
        return False
    if not last.endswith("."):
        return True
    model = _model()
    if len(type_) > 1 and type_.endswith("."):
        type_ = type_[:-1]
    stem = (type_[:-1] if type_.endswith(".") else type_).lower()
    return not (
        type_ == NUMBER_TYPE or type_ in model.collocation_firsts or stem in model.numeric_abbrevs
    )


def _like_zero(word_and_stop: str) -> bool:
    """Whether ``word.`` is one number token that Punkt treats exactly as it treats ``0.``.

    Its type is then ``##number##`` and its first pass that of ``0.``, so with anything after it
    Punkt's decision is the one it takes on ``0.`` (numbers are never initials).
    """
    tokens = _WORDS.findall(word_and_stop)
    return len(tokens) == 1 and _first_pass(tokens[0]) == _first_pass("0.")


def _has_sentbreak(tokens: list[str]) -> bool:
    """Punkt's ``_context_has_sentbreak`` on the word tokens of a context, with plain lookups.

    True when a token other than the last ends a sentence after both annotation passes
    (:func:`punkt.annotate.second_pass_annotation`, with each token's successor as first
    annotated).
    """
    if len(tokens) < 2:
        return False
    model = _model()
    passes = list(map(_first_pass, tokens))
    for index in range(len(tokens) - 1):
        tok = tokens[index]
        type_, sentbreak, abbr = passes[index]
        if not tok.endswith("."):
            if sentbreak:
                return True
            continue
        following = tokens[index + 1]
        next_type, next_break, _ = passes[index + 1]
        if next_break and len(next_type) > 1 and next_type.endswith("."):
            next_type = next_type[:-1]
        if len(type_) > 1 and type_.endswith("."):
            type_ = type_[:-1]
        if _second_pass(tok, type_, sentbreak, abbr, following, next_type, model):
            return True
    return False


def _second_pass(
    tok: str, type_: str, sentbreak: bool, abbr: bool, following: str, next_type: str, m: _Model
) -> bool:
    """Whether a period-final token ends a sentence after Punkt's second pass."""
    if (type_, next_type) in m.collocations:
        return False
    if next_type.startswith(NUMBER_TYPE):
        stem = type_[:-1] if type_.endswith(".") else type_
        if stem.lower() in m.numeric_abbrevs:
            return False
    initial = _RE_INITIAL.match(tok) is not None
    upper = following[:1].isupper()
    if abbr and not initial:
        if _ortho(following, next_type, m) == 1:
            return True
        if upper and next_type in m.starters:
            return True
    if initial or type_ == NUMBER_TYPE:
        verdict = _ortho(following, next_type, m)
        if verdict == -1:
            return False
        if verdict == 0 and initial and upper and not m.ortho.get(next_type, 0) & _LC:
            return False
    return sentbreak


def _ortho(tok: str, type_: str, m: _Model) -> int:
    """Punkt's orthographic heuristic: 1 (yes, a sentence start), -1 (no), 0 (unknown)."""
    if tok in _NON_INITIAL:
        return -1
    context = m.ortho.get(type_, 0)
    first = tok[:1]
    if first.isupper() and context & _LC and not context & _MID_UC:
        return 1
    if first.islower() and (context & _UC or not context & _BEG_LC):
        return -1
    return 0


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
            breaks = _breaks(text[word : match.end()] + (" " + next_tok if next_tok else following))
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
