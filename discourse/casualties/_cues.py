"""A sentence's side cues and where they stand in its clauses, for the rules of
:mod:`~discourse.casualties._rules`.

The cue lists of :mod:`discourse.casualties._words` are matched over the tokens of one sentence
(an earlier cue claims its tokens; ``both`` gives one cue of each side, and foreign nationals
count as a third country's people only when the reading is ``named``). The helpers below place
a cue relative to a casualty word: the tokens towards a clause boundary on either side of it,
whether a cue follows "by", "in", "from"... (a cause, not a victim), says where ("in Rafah"),
sits inside a prepositional phrase, is joined to others by "and" or "along with", belongs to
the clause a participle continues ("Hamas, which runs Gaza, crossed ..., killing"), or is the
speaker of a reported clause ("Hamas said ..."); and, for a sentence whose casualty words name
no side, which side its people, places and toll sources name. They find and place cues; the rules
decide which of them name the agent and the victims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from discourse.casualties._literals import PREFIX, factors, prefixes
from discourse.casualties._verbs import joined, phrase_preposition
from discourse.casualties._words import BOUNDARIES, CAUSE_PREPOSITIONS, CUES, words

_WINDOW = 15
SAYING = words("said says say told")
_LOCATIVE = words("in at on near inside across throughout")
CLAUSE_OPENERS = words("when where after before as since because while which who whose")
_BY = words("by from")
#: Words before "with" that make the dead of its phrase die with the others ("along with").
_ALONG = words("along together")
_AS_WELL = ["as", "well", "as"]
_RELATIVE = words("which who whose")
_REPORTING = SAYING | words("reported reports announced confirmed claimed estimated")


class Cue(NamedTuple):
    """A cue's tokens (``start`` to ``end``, exclusive), its side and its role (see
    :mod:`discourse.casualties._words`)."""

    start: int
    end: int
    side: str
    role: str


def _cue_index() -> tuple[dict[str, list[int]], tuple[int, ...], dict[int, frozenset[str] | None]]:
    """Which cue patterns a prefix at a word start may begin (prefix -> pattern indices), the
    prefix lengths in use, and the patterns without prefixes with the strings one of which
    their matches contain (``None``: run on every sentence)."""
    by_prefix: dict[str, list[int]] = {}
    unfiltered: dict[int, frozenset[str] | None] = {}
    for k, (pattern, _side, _role) in enumerate(CUES):
        found = prefixes(pattern.pattern)
        if found is None or any(not p[0].isalnum() and p[0] not in "'-" for p in found):
            unfiltered[k] = factors(pattern.pattern)
            continue
        for prefix in found:
            by_prefix.setdefault(prefix, []).append(k)
    return by_prefix, tuple(sorted({len(p) for p in by_prefix})), unfiltered


_BY_PREFIX, _PREFIX_LENGTHS, _UNFILTERED = _cue_index()
_INNER_START = re.compile(r"[^\w'-]")


def _candidates(tokens: list[str], norm: str) -> dict[int, list[int]]:
    r"""For each cue pattern that may match the normalised sentence ``norm`` (``tokens`` joined
    by single spaces), the positions where it may begin: where one of its prefixes stands at a
    token start or after a character that is no word character, apostrophe or hyphen (each cue
    pattern opens with ``(?<![\w'-])``)."""
    found: dict[int, list[int]] = {}
    offset = 0
    for tok in tokens:
        starts = (
            [offset]
            if tok.isalnum()
            else [offset, *(offset + m.end() for m in _INNER_START.finditer(tok))]
        )
        for p in starts:
            key = norm[p : p + PREFIX]
            for length in _PREFIX_LENGTHS:
                for k in _BY_PREFIX.get(key if length == PREFIX else key[:length], ()):
                    if k in found:
                        found[k].append(p)
                    else:
                        found[k] = [p]
        offset += len(tok) + 1
    return found


def _matches(pattern: re.Pattern[str], norm: str, positions: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(norm)`` for a pattern whose matches can begin only at ``positions``:
    the leftmost match at or after the end of the previous one, tried only there."""
    end = 0
    for p in sorted(set(positions)):
        if p >= end:
            m = pattern.match(norm, p)
            if m is not None:
                end = m.end()
                yield m


def cues_of(tokens: list[str], named: bool) -> list[Cue]:
    norm = " ".join(tokens)
    owner = []
    for i, tok in enumerate(tokens):
        owner.extend([i] * (len(tok) + 1))
    claimed = [False] * len(tokens)
    found = []
    candidates = _candidates(tokens, norm)
    for k, (pattern, side, role) in enumerate(CUES):
        matches: Iterable[re.Match[str]]
        if k in candidates:
            matches = _matches(pattern, norm, candidates[k])
        elif k in _UNFILTERED:
            needed = _UNFILTERED[k]
            if needed is not None and not any(s in norm for s in needed):
                continue
            matches = pattern.finditer(norm)
        else:
            continue
        for m in matches:
            start, end = owner[m.start()], owner[m.end() - 1] + 1
            if any(claimed[start:end]):
                continue
            claimed[start:end] = [True] * (end - start)
            if side == "nil":
                continue
            if side == "frn":
                if not named:
                    continue
                side = "oth"
            if side == "both":
                found.append(Cue(start, end, "isr", role))
                side = "pal"
            found.append(Cue(start, end, side, role))
    return sorted(found)


def span_from(
    tokens: list[str],
    i: int,
    step: int,
    *,
    stops: frozenset[str] = BOUNDARIES,
    width: int = _WINDOW,
) -> range:
    """Token indices from ``i`` (exclusive) towards a clause boundary, at most ``width`` long."""
    stop = i
    for _ in range(width):
        j = stop + step
        if j < 0 or j >= len(tokens) or tokens[j] in stops:
            break
        stop = j
    return range(i + step, stop + step, step) if stop != i else range(0)


def within(cue: Cue, span: range) -> bool:
    return len(span) > 0 and min(span) <= cue.start and cue.end - 1 <= max(span)


def caused_by(tokens: list[str], cue: Cue, after: int) -> bool:
    """The cue follows "by", "in", "from"... closely: it names a cause, not a victim."""
    gap = tokens[max(cue.start - 4, after + 1) : cue.start]
    return "," not in gap and any(t in CAUSE_PREPOSITIONS for t in gap)


def after_by(tokens: list[str], cue: Cue) -> bool:
    """A force after "by" or "from" caused a death; after "in" it says where ("the deadliest day
    in Israel's history")."""
    return cue.start > 0 and tokens[cue.start - 1] in _BY


def located(tokens: list[str], cue: Cue) -> bool:
    """A place cue that says where something happened ("in Rafah"), not where from."""
    preceding = tokens[cue.start - 1] if cue.start else ""
    return preceding in _LOCATIVE or tokens[cue.start] in _LOCATIVE


def victim_cues(cues: list[Cue], tokens: list[str]) -> list[Cue]:
    """All people cues (a conjunction names both sides) and the forces joined to them ("12
    villagers and a soldier"), else the first force, else all places ("killed in Israel and
    Gaza")."""
    people = [c for c in cues if c.role == "people"]
    if people:
        return [
            c
            for c in cues
            if c.role == "people"
            or (c.role == "actor" and any(_joined(tokens, c, p) for p in people))
        ]
    return [c for c in cues if c.role == "actor"][:1] or [c for c in cues if c.role == "place"]


def companions(tokens: list[str], cues: list[Cue], i: int) -> list[Cue]:
    """People or forces killed "along with" or "as well as" the victims of the verb at ``i``
    ("killed four hostages, along with the fighters holding them")."""
    span = span_from(tokens, i, 1)
    links = [
        j
        for j in span
        if (tokens[j] == "with" and tokens[j - 1] in _ALONG) or tokens[j - 2 : j + 1] == _AS_WELL
    ]
    return [
        c
        for j in links
        for c in cues
        if c.role in {"people", "actor"}
        and within(c, span)
        and j < c.start <= j + 4
        and all(t.isalnum() for t in tokens[j + 1 : c.start])
    ]


def clause_cues(tokens: list[str], cues: list[Cue], i: int) -> list[Cue]:
    """The cues of the clause that a participle at ``i`` continues, nearest first, passing over
    a relative clause between commas ("Hamas, which runs the enclave, stormed ..., killing")."""
    stops = BOUNDARIES | CLAUSE_OPENERS
    head = span_from(tokens, i, -1, stops=stops, width=2 * _WINDOW)
    found = [c for c in cues if within(c, head)]
    opener = min(head, default=i) - 1
    close = next((j for j in range(opener + 1, i) if tokens[j] == ","), i)
    if opener > 0 and tokens[opener] in _RELATIVE and tokens[opener - 1] == "," and close < i:
        outer = span_from(tokens, opener - 1, -1, stops=stops, width=_WINDOW)
        found = [c for c in cues if within(c, outer)] + [c for c in found if c.start > close]
    return found[::-1]


def preposition_of(tokens: list[str], cue: Cue) -> str | None:
    return phrase_preposition(tokens, cue.start)


def _joined(tokens: list[str], a: Cue, b: Cue) -> bool:
    first, second = sorted((a, b))
    return joined(tokens, first.end, second.start)


def speaker(tokens: list[str], cues: list[Cue], span: range) -> list[Cue]:
    """The force or toll source that says the clause in ``span`` ("Hamas said ...")."""
    if not span or min(span) < 2 or tokens[min(span) - 1] not in SAYING:
        return []
    return [
        c
        for c in cues
        if c.end == min(span) - 1 and c.role in {"actor", "source"} and c.side != "oth"
    ]


def sentence_sides(tokens: list[str], cues: list[Cue], anchor: int) -> set[str]:
    """The victim side from the people, places and toll sources anywhere in the sentence, by
    that order of trust, the nearest to ``anchor`` winning a tie. A force counts only as the
    source of a toll ("Hamas said 20 were killed", "Israel says ...")."""
    rank = {"people": 0, "place": 1, "source": 2}
    victims = [
        c._replace(role="source")
        if c.role == "actor" and c.end < len(tokens) and tokens[c.end] in _REPORTING
        else c
        for c in cues
        if c.side != "oth"
    ]
    victims = [c for c in victims if c.role in rank]
    if not victims:
        return set()
    best = min(victims, key=lambda c: (rank[c.role], abs(c.start - anchor)))
    return {c.side for c in victims if c[:2] == best[:2] and c.role == best.role}
