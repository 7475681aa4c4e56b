"""The per-sentence rules behind :func:`discourse.agency.agency`.

One sentence is tokenised (abbreviations such as "Oct." and "U.S." stay whole), its casualty
words (triggers) and its side cues (see :mod:`discourse._agency_lexicon`) are found, and each
trigger's clause is read in a fixed order:

1. hypothetical uses ("could be killed", "threatened to kill", "if they die") are no reports;
   a verb form used as a noun ("the killing of", "a massacre") carries no voice;
2. voice: a participle after a form of *be*/*get* is passive; a bare participle followed by
   "by", "in", a comma... modifies a noun (a reduced passive: "civilians killed in"); "die" and
   every finite or *have* + participle form is active;
3. agent: for an active transitive verb, the nearest force or attack before it ("Israeli
   airstrikes have killed"; for ", killing 40", the first force of the clause; for "Israel says
   it killed", the speaker); for a passive or "die", the force or attack in a "by/in/from/
   during" phrase after it ("killed by Hamas gunmen", "died in an Israeli strike"), else an
   attack named earlier in the clause;
4. victim: the people or force in the object (active) or the subject (passive, "die"), or a
   place where it happened ("killed in Gaza", "a strike in southern Lebanon killed"); failing
   those, the side opposite the agent; failing that, the object or place further on;
5. if no trigger found a side, the people, places and toll sources anywhere in the sentence
   (a force only as the source of a toll: "Hamas said 20 were killed").

A victim side is "both" when the triggers (or one conjunction) name both sides. Cues of a third
country ("Hezbollah", "southern Lebanon") make the victim null rather than a guess.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from discourse._agency_lexicon import (
    ADVERBS,
    BE_FORMS,
    BOUNDARIES,
    CASUALTY_NOUNS,
    CASUALTY_VERBS,
    CAUSE_PREPOSITIONS,
    CUES,
    HAVE_FORMS,
    INJURY_VERBS,
    MODALS,
    NOUN_VERBS,
    REDUCED_RELATIVE_NEXT,
    SUBJECT_WORDS,
    VERB_FORMS,
    words,
)
from discourse._patterns import FOLD_TABLE

# Abbreviations keep their full stop so that "Oct. 7" and "U.S." do not end a clause.
_TOKEN_RE = re.compile(
    r"(?i:(?:[a-z]\.){2,}|(?:oct|nov|dec|jan|feb|aug|sept?|mr|mrs|ms|dr|lt|col|gen|sgt|st|no|"
    r"capt|maj|cpl|sen|rep|gov|prof|rev|jr|sr|mt|ft)\.(?!\w))"
    r"|\d+(?:[.,]\d+)+|\w+(?:['‐\-]\w+)*|[^\w\s]"
)
_ARTICLES = words("the a an his her their its our")
_DETERMINERS = _ARTICLES | words("this these those mass such")
_AGENT_SIDE = {"isr": "israel", "pal": "hamas", "oth": "other"}
_VICTIM_SIDE = {"isr": "israeli", "pal": "palestinian"}
_OPPOSITE = {"isr": "pal", "pal": "isr"}
_WINDOW = 15
_PRONOUN_SUBJECTS = words("it they we its their")
_SAYING = words("said says say told")
_LOCATIVE = words("in at on near inside across throughout")
_CLAUSE_OPENERS = words("when where after before as since because while which who whose")
#: Words showing that the dead belong to whoever reports them ("its soldiers").
_OWN_PEOPLE = words("its their our soldier soldiers troops reservists officers fighters members")
_REPORTING = _SAYING | words("reported reports announced confirmed claimed estimated")


class Cue(NamedTuple):
    start: int
    end: int
    side: str
    role: str


class Result(NamedTuple):
    """What :func:`read` finds in one sentence (``None`` fields when it reports no casualty)."""

    casualty: bool
    verb: str | None
    voice: str | None
    agent: str | None
    victim: str | None
    #: No victim cue at all (not even one naming a third country), so context may decide.
    open: bool


_NO_CASUALTY = Result(False, None, None, None, None, False)


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN_RE.findall(text.translate(FOLD_TABLE))]


def _cues(tokens: list[str]) -> list[Cue]:
    norm = " ".join(tokens)
    owner = []
    for i, tok in enumerate(tokens):
        owner.extend([i] * (len(tok) + 1))
    claimed = [False] * len(tokens)
    found = []
    for pattern, side, role in CUES:
        for m in pattern.finditer(norm):
            start, end = owner[m.start()], owner[m.end() - 1] + 1
            if any(claimed[start:end]):
                continue
            claimed[start:end] = [True] * (end - start)
            found.append(Cue(start, end, side, role))
    return sorted(found)


def _is_noun_use(tokens: list[str], i: int, lemma: str, tag: str) -> bool:
    """A verb form used as a noun or adjective: "the killing of", "a brutal massacre",
    "the murdered"."""
    prev = tokens[i - 1] if i else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if tag == "VBN":
        return prev in _ARTICLES
    if prev in _DETERMINERS or prev.endswith("'s") or prev.isdigit() or nxt == "of":
        return True
    # "massacre", "murder", "slaughter" are nouns unless something makes them verbs.
    return (
        lemma in NOUN_VERBS
        and tag in {"VB", "VBP", "VBZ"}
        and not (prev in MODALS or prev in SUBJECT_WORDS or prev in {"and", "or", "did", "do"})
    )


def _hypothetical(tokens: list[str], i: int) -> bool:
    for j in range(i - 1, max(i - 5, -1), -1):
        tok = tokens[j]
        if tok in MODALS:
            # "believed to have been killed" reports a death; "to be killed" does not.
            return not (tok == "to" and tokens[j + 1] == "have")
        if not (tok in BE_FORMS or tok in HAVE_FORMS or tok in ADVERBS or tok in SUBJECT_WORDS):
            return False
    return False


def _voice(tokens: list[str], i: int, lemma: str, tag: str) -> tuple[str, bool]:
    """The voice of the verb at ``i`` and whether it is a bare participle modifying a noun."""
    if not CASUALTY_VERBS[lemma] or tag != "VBN":
        return "active", False
    for j in range(i - 1, max(i - 5, -1), -1):
        tok = tokens[j]
        if tok in BE_FORMS:
            return "passive", False
        if tok in HAVE_FORMS:
            return "active", False
        if not (tok in ADVERBS or tok.endswith("ly")):
            break
    prev = tokens[i - 1] if i else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else "."
    if prev in SUBJECT_WORDS or " ".join(tokens[i + 1 : i + 3]) in {"at least", "at most"}:
        return "active", False
    if nxt in REDUCED_RELATIVE_NEXT or tokens[i] == "slain":
        return "passive", True
    if nxt in {"and", "or"} and i + 3 < len(tokens) and tokens[i + 2].endswith("ed"):
        # "killed or abducted by Hamas" is passive, "killed and abducted hundreds" active.
        return ("passive", True) if tokens[i + 3] in REDUCED_RELATIVE_NEXT else ("active", False)
    return "active", False


def _span(
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


def _in(cue: Cue, span: range) -> bool:
    return len(span) > 0 and min(span) <= cue.start and cue.end - 1 <= max(span)


def _caused_by(tokens: list[str], cue: Cue, after: int) -> bool:
    """The cue follows "by", "in", "from"... closely: it names a cause, not a victim."""
    gap = tokens[max(cue.start - 4, after + 1) : cue.start]
    return "," not in gap and any(t in CAUSE_PREPOSITIONS for t in gap)


def _located(tokens: list[str], cue: Cue) -> bool:
    """A place cue that says where something happened ("in Rafah"), not where from."""
    preceding = tokens[cue.start - 1] if cue.start else ""
    return preceding in _LOCATIVE or tokens[cue.start] in _LOCATIVE


def _victims(cues: list[Cue]) -> list[Cue]:
    """All people cues (a conjunction names both sides), else the first force or place."""
    people = [c for c in cues if c.role == "people"]
    return (
        people
        or [c for c in cues if c.role == "actor"][:1]
        or [c for c in cues if c.role == "place"][:1]
    )


def _trigger_roles(
    tokens: list[str], cues: list[Cue], i: int, *, active_transitive: bool, noun: bool
) -> tuple[Cue | None, list[Cue], list[Cue]]:
    """The agent cue, the victim cues and weaker victim cues (used only when there are neither
    victim cues nor an agent whose opposite side the victims must be) of the word at ``i``."""
    left, right = _span(tokens, i, -1), _span(tokens, i, 1)
    clause = _span(tokens, i, 1, stops=BOUNDARIES | {","})
    before = [c for c in cues if _in(c, left)][::-1]
    after = [c for c in cues if _in(c, right)]
    if noun:
        # A cue may contain the noun itself: "the Hamas massacre", "Israeli killings".
        around = [c for c in cues if c.start <= i < c.end] + before + after
        near = sorted(
            (c for c in around if min(abs(c.start - i), abs(c.end - 1 - i)) <= 4),
            key=lambda c: min(abs(c.start - i), abs(c.end - 1 - i)),
        )
        agent = next((c for c in near if c.role == "instr"), None) or next(
            (
                c
                for c in after
                if c.role in {"instr", "actor"} and _in(c, clause) and _caused_by(tokens, c, i)
            ),
            None,
        )
        return agent, _victims([c for c in near if c.role in {"people", "place"}]), []
    if active_transitive:
        # ", killing 40 people" and "kidnapping and killing" belong to the clause's subject,
        # the first force named since the clause began.
        leading = tokens[i].endswith("ing") and i > 0 and tokens[i - 1] in {",", "and", "then"}
        if leading:
            head = _span(tokens, i, -1, stops=BOUNDARIES | _CLAUSE_OPENERS, width=2 * _WINDOW)
            before = [c for c in cues if _in(c, head)][::-1]
        elif i > 0 and tokens[i - 1] in _PRONOUN_SUBJECTS | HAVE_FORMS:
            # "Israel says it killed": the pronoun stands for the speaker before "says".
            wide = _span(tokens, i, -1, stops=BOUNDARIES - _SAYING)
            before = [c for c in cues if _in(c, wide)][::-1]
        forces = [c for c in before if c.role in {"instr", "actor"}]
        agent = (forces[-1] if leading else forces[0]) if forces else None
        obj = [c for c in after if not _caused_by(tokens, c, i) or c.role == "place"]
        near_obj = [c for c in obj if _in(c, clause)]
        # "A strike in Rafah killed five": a place inside the subject says where they died.
        in_subject = [
            c
            for c in before
            if c.role == "place"
            and agent
            and agent.role == "instr"
            and c.start >= agent.end
            and _located(tokens, c)
        ]
        weaker = _victims(obj) or [c for c in before if c.role == "place"][:1]
        return agent, _victims(near_obj) or in_subject[:1], weaker
    agent = next(
        (c for c in after if c.role in {"instr", "actor"} and _caused_by(tokens, c, i)), None
    ) or next((c for c in before if c.role == "instr"), None)
    subject = [c for c in before if c.role in {"people", "actor"}]
    victims = [c for c in subject if c.role == "people"] or subject[:1]
    if not victims and any(tokens[j] in _OWN_PEOPLE for j in left):
        # "Israel says 32 of its soldiers were killed": the speaker's own people.
        victims = _speaker(tokens, cues, left)
    if not victims:
        victims = [
            c for c in after if _in(c, clause) and c.role in {"people", "place"} and c is not agent
        ][:1]
    return agent, victims, [c for c in before if c.role == "place"][:1]


def _speaker(tokens: list[str], cues: list[Cue], span: range) -> list[Cue]:
    """The force or toll source that says the clause in ``span`` ("Hamas said ...")."""
    if not span or min(span) < 2 or tokens[min(span) - 1] not in _SAYING:
        return []
    return [
        c
        for c in cues
        if c.end == min(span) - 1 and c.role in {"actor", "source"} and c.side != "oth"
    ]


class Reading(NamedTuple):
    """A :class:`Result`, the side it hands on to later sentences, and whether its verb is a bare
    participle modifying a noun ("people killed in ...", a reduced passive)."""

    result: Result
    hint: str | None
    bare: bool = False


def read(text: str, *, hint: bool = True) -> Reading:
    """The sentence's :class:`Result` and (with ``hint``) the side it names for the sentences
    after it; without ``hint`` a sentence with no casualty word is not searched for cues."""
    tokens = _tokens(text)
    triggers: list[tuple[int, str | None, str]] = []
    for i, tok in enumerate(tokens):
        if tok in VERB_FORMS:
            form_lemma, form_tag = VERB_FORMS[tok]
            noun = _is_noun_use(tokens, i, form_lemma, form_tag)
            if noun or not _hypothetical(tokens, i):
                triggers.append((i, None if noun else form_lemma, form_tag))
        elif tok in CASUALTY_NOUNS:
            triggers.append((i, None, "NN"))
    if not triggers:
        if not hint:
            return Reading(_NO_CASUALTY, None)
        return Reading(_NO_CASUALTY, _label(_sentence_sides(tokens, _cues(tokens), 0)))
    cues = _cues(tokens)
    verbs = [t for t in triggers if t[1] is not None]
    deaths = [t for t in verbs if t[1] not in INJURY_VERBS]
    main = deaths[0] if deaths else verbs[0] if verbs else triggers[0]
    voice: str | None = None
    agent_side: str | None = None
    bare = False
    sides: set[str] = set()
    other_victim = False
    for i, lemma, tag in (
        [main]
        + [t for t in verbs if t != main]
        + [t for t in triggers if t[1] is None and t != main]
    ):
        noun = lemma is None
        this_voice, this_bare = ("", False) if lemma is None else _voice(tokens, i, lemma, tag)
        if (i, lemma, tag) == main and lemma is not None:
            voice, bare = this_voice, this_bare
        active_transitive = lemma is not None and this_voice == "active" and CASUALTY_VERBS[lemma]
        agent, victims, weaker = _trigger_roles(
            tokens, cues, i, active_transitive=active_transitive, noun=noun
        )
        if agent is not None and agent_side is None:
            agent_side = agent.side
        if not victims and agent is not None and agent.side in _OPPOSITE:
            sides.add(_OPPOSITE[agent.side])
            continue
        victims = victims or weaker
        other_victim |= any(v.side == "oth" for v in victims)
        sides.update(v.side for v in victims if v.side != "oth")
    if not sides and not other_victim and verbs:
        # A sentence with only casualty nouns ("death and destruction") names victims only
        # through cues next to the noun; anywhere else in it is too loose a link.
        sides = _sentence_sides(tokens, cues, main[0])
    victim = _label(sides)
    result = Result(
        True,
        main[1],
        voice,
        _AGENT_SIDE.get(agent_side or ""),
        victim,
        not sides and not other_victim,
    )
    return Reading(result, victim, bare)


def _label(sides: set[str]) -> str | None:
    return "both" if len(sides) == 2 else _VICTIM_SIDE.get(next(iter(sides), ""))


def _sentence_sides(tokens: list[str], cues: list[Cue], anchor: int) -> set[str]:
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
    return {best.side}
