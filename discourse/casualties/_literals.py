"""What text a cue pattern needs before it can match, read off the parsed regular expression.

:func:`~discourse.casualties._cues.cues_of` runs some forty cue patterns over every casualty
sentence. Each pattern opens with ``(?<![\\w'-])``, which stops Python's regex engine from
skipping ahead to a literal prefix: it tries every position of the sentence, and that was most
of the time :func:`discourse.agency` took. The functions here read each pattern's syntax tree
(``re._parser``) and return strings that every match must begin with (or, failing that, contain),
so the cue finder tries a pattern only where one of them stands. They are necessary conditions,
never guesses: a construct they cannot read makes them return ``None``, and the pattern is then
run over the whole sentence as before.
"""

from __future__ import annotations

import re._constants as _c
import re._parser as _parser
from typing import Any

#: Prefixes are cut to this many characters: enough to tell the cue words apart.
PREFIX = 4
#: Beyond this many alternative prefixes a pattern is run without a filter.
_MAX_ALTERNATIVES = 5000

#: A prefix and whether the construct's match ends with it (so the next one may extend it).
_Alt = tuple[str, bool]


def prefixes(pattern: str) -> frozenset[str] | None:
    """Strings of at most :data:`PREFIX` characters one of which begins every match of
    ``pattern``; ``None`` when some match could begin otherwise (or the pattern is unread).

    Examples
    --------
    >>> sorted(prefixes(r"(?<!\\w)(?:gaza|rafah|west bank)s?"))
    ['gaza', 'rafa', 'west']
    >>> prefixes(r"\\w+-israelis?") is None
    True
    """
    alternatives = _sequence(_parser.parse(pattern).data)
    if alternatives is None or any(not text for text, _ in alternatives):
        return None
    return frozenset(text for text, _ in alternatives)


def factors(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains; ``None`` if none is known.

    Examples
    --------
    >>> sorted(factors(r"\\w+-israelis?|hostages?"))
    ['-israeli', 'hostage']
    """
    found = _factors(_parser.parse(pattern).data)
    return frozenset(found) if found else None


def _sequence(items: Any) -> list[_Alt] | None:
    alternatives: list[_Alt] = [("", True)]
    for op, av in items:
        item = _item(op, av)
        if item is None:
            return [(text, False) for text, _ in alternatives]
        grown: list[_Alt] = []
        for text, open_ in alternatives:
            if not open_:
                grown.append((text, False))
                continue
            for more, more_open in item:
                joined = text + more
                if len(joined) >= PREFIX:
                    grown.append((joined[:PREFIX], False))
                else:
                    grown.append((joined, more_open))
        alternatives = list(dict.fromkeys(grown))
        if len(alternatives) > _MAX_ALTERNATIVES:
            return None
        if not any(open_ for _, open_ in alternatives):
            break
    return alternatives


def _item(op: Any, av: Any) -> list[_Alt] | None:
    """The alternatives one construct may begin with; ``None`` if it may begin with anything."""
    if op is _c.LITERAL:
        return [(chr(av), True)]
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        # Zero-width: it consumes nothing, so what follows begins the match.
        return [("", True)]
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        return None if add_flags or del_flags else _sequence(inner.data)
    if op is _c.BRANCH:
        out: list[_Alt] = []
        for branch in av[1]:
            alternatives = _sequence(branch.data)
            if alternatives is None:
                return None
            out.extend(alternatives)
        return out
    if op is _c.IN:
        if all(kind is _c.LITERAL for kind, _ in av):
            return [(chr(code), True) for _, code in av]
        return None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _high, inner = av
        alternatives = _sequence(inner.data)
        # A repeat's first copy begins it; what comes after that copy is not followed further.
        once = None if alternatives is None else [(text, False) for text, _ in alternatives]
        if low == 0:
            return [("", True), *(once or [("", False)])]
        return once
    return None


def _factors(items: Any) -> set[str] | None:
    """The best set of strings one of which every match of the sequence contains."""
    runs: list[set[str]] = []
    literal = ""
    for op, av in items:
        if op is _c.LITERAL:
            literal += chr(av)
            continue
        if literal:
            runs.append({literal})
            literal = ""
        found: set[str] | None = None
        if op is _c.SUBPATTERN and not av[1] and not av[2]:
            found = _factors(av[3].data)
        elif op is _c.BRANCH:
            branches = [_factors(branch.data) for branch in av[1]]
            if all(branches):
                found = set().union(*branches)  # type: ignore[arg-type]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            found = _factors(av[2].data)
        if found:
            runs.append(found)
    if literal:
        runs.append({literal})
    if not runs:
        return None
    return max(runs, key=lambda strings: min(len(s) for s in strings))
