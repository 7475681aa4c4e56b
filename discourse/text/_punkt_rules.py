"""Punkt's decisions on full stops, from the English model's parameters as plain lookups.

:func:`_has_sentbreak` is Punkt's ``_context_has_sentbreak`` (both annotation passes of
:mod:`punkt.annotate` on a context's word tokens) with the parameters read as sets and a dict;
:func:`_always_breaks` says when the word before a stop decides alone; :func:`_word_flags` and
:func:`_context_breaks` are what the vectorised splitter (:mod:`discourse.text._sentence_batch`)
memoises. Also the vocabulary of the repairs that follow Punkt (titles, introducers, reference
abbreviations). ``tests/test_sentences_fast.py`` holds all of it to Punkt's own code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from punkt import PunktSentenceTokenizer, load_model
from punkt.rules.language import DEFAULT_LANGUAGE_VARS
from punkt.rules.orthography import OrthoContext
from punkt.rules.tokens import _RE_ELLIPSIS, _RE_INITIAL, _RE_NUMERIC, NUMBER_TYPE
from punkt.rules.words import _compile_word_regex

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

_BREAK, _TITLE, _REFERENCE, _NUMBER = 1, 2, 4, 8
_WORD_MEMO: dict[str, int] = {}
_CONTEXT_MEMO: dict[str, int] = {}
_MEMO_LIMIT = 1 << 20


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(load_model("english"))


@lru_cache(maxsize=1 << 18)
def _breaks(context: str) -> bool:
    """Punkt's own decision for one candidate, from its context."""
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


def _clear_memos() -> None:
    """Forget every memoised decision (for timing the splitter on text it has not seen)."""
    _WORD_MEMO.clear()
    _CONTEXT_MEMO.clear()
    for cached in (_always_breaks, _breaks, _period_breaks, _first_pass):
        cached.cache_clear()


def _remember(memo: dict[str, int], keys: list[str], compute: Callable[[str], int]) -> None:
    """Add the keys ``memo`` lacks (emptied first when it has grown past its limit)."""
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    for key in set(keys).difference(memo):
        memo[key] = compute(key)


def _word_flags(word_and_stop: str) -> int:
    """Always-breaks, title and reference flags of a word and its full stop."""
    word = word_and_stop[:-1]
    if word.isalpha():  # one Punkt token, not a number: set lookups only
        flags = _BREAK if _last_always_breaks(word_and_stop) else 0
        if word in _TITLE_WORDS:
            flags |= _TITLE
        if word in _REFERENCE_WORDS:
            flags |= _REFERENCE
        return flags
    flags = _BREAK if _always_breaks(word_and_stop) else 0
    if not flags and _like_zero(word_and_stop):
        flags |= _NUMBER
    if _JOINS_NEXT.search(word_and_stop):
        flags |= _TITLE
    if _NUMBERED.search(word_and_stop):
        flags |= _REFERENCE
    return flags


def _context_breaks(context: str) -> int:
    """Punkt's decision on a full stop, from its context."""
    return _BREAK if _breaks(context) else 0
