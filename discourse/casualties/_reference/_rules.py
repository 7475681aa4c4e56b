"""Frozen copy of ``discourse.casualties._rules`` before the fast path (issue 16; do not change).

The per-sentence rules behind :func:`discourse.agency`.

One sentence is tokenised (abbreviations such as "Oct." and "U.S." stay whole), its casualty
words (triggers) and its side cues (see :mod:`discourse.casualties._words`; found and placed in
their clauses by :mod:`discourse.casualties._cues`) are found, and each trigger's clause is read in
a fixed order:

1. hypothetical uses ("could be killed", "will likely die", "threatened to kill", "at risk of
   dying", "a death sentence") and aim ("soldiers were shooting at the crowd") are no reports,
   but "was able to kill", "only to be shot" and an epistemic modal perfect ("may have been
   killed", not "if ... had ..., could have died") are;
   a verb form used as a noun ("the killing of", "a massacre") carries no voice;
2. voice: a participle after a form of *be*/*get* is passive; a bare participle followed by
   "by", "in", a comma... (or by "by" two words on), after "those", or coordinated with another
   before the clause's verb ("the number killed and displaced has") modifies a noun (a reduced
   passive: "civilians killed in", "members killed early yesterday by"); "die" and every finite
   or *have* + participle form is active;
3. agent: for an active transitive verb, the nearest force or attack before it that is not the
   target of a preposition ("Israeli airstrikes have killed"; not "the campaign against Hamas
   was killing"); for ", killing 40", the first force of the clause outside a prepositional
   phrase ("hundreds of gunmen" is no such phrase), passing over a relative clause between
   commas ("Hamas, which runs Gaza, crossed ..., killing"); for "Israel says it killed" and "the
   army said its jets killed", the speaker; for a passive or "die", the force or attack in a
   "by/in/from/during" phrase after it ("killed by Hamas gunmen", "died in an Israeli strike"),
   else an attack named earlier in the clause; failing all triggers, the side whose attacks the
   sentence names, if only one ("she escaped Israeli strikes, but her cousins were killed"; not
   an attack that only dates the deaths: "since the Oct. 7 attack");
4. victim: the people or force in the object (active) or the subject (passive, "die"; a force
   only in the same clause and outside a prepositional phrase: not "As Hamas gunmen stormed the
   town, two farmers were killed"; after "in which" or "where", the subject there), with the
   forces joined to those people by "and" and those killed "along with" them; or a place where
   it happened ("killed in Gaza", "a strike in southern Lebanon killed"), or the target of the
   subject ("the war against Hamas has killed"); failing those, the side opposite the agent
   unless the sentence names a third country's territory; failing that, the object or place
   further on. A word for a violent event ("massacre", "deadly") beside a verb that named its
   victims recalls another event and adds no side;
5. if no trigger found a side, the people, places and toll sources anywhere in the sentence
   (a force only as the source of a toll: "Hamas said 20 were killed"), or, when the only
   casualty words are nouns, the people and places of the noun's clause;
6. unless ``named``, a sentence still without a side that names only one side's forces (and no
   third country) counts its dead for the other side.

A side's adjective is part of the noun it modifies (:mod:`discourse.casualties._words`): "the
Palestinian militant group Hamas killed" and "the Israeli military killed" name the agent, and
only "Palestinian civilians" or "a Palestinian was killed" name victims, the same rule for both
sides.

A victim side is "both" when the triggers (or one conjunction) name both sides. Cues of a third
country ("Hezbollah", "southern Lebanon"), and with ``named`` of foreign nationals ("27
Americans"), make the victim null rather than a guess.
"""

from __future__ import annotations

from typing import NamedTuple

from discourse.casualties._reference._cues import (
    CLAUSE_OPENERS,
    SAYING,
    Cue,
    after_by,
    caused_by,
    clause_cues,
    companions,
    cues_of,
    located,
    preposition_of,
    sentence_sides,
    span_from,
    speaker,
    victim_cues,
    within,
)
from discourse.casualties._reference._verbs import (
    TARGETING,
    aimed,
    hypothetical,
    is_noun_use,
    leads_clause,
    possessive_subject,
    tokens_of,
    voice_of,
)
from discourse.casualties._words import (
    BOUNDARIES,
    CASUALTY_NOUNS,
    CASUALTY_VERBS,
    HAVE_FORMS,
    INJURY_VERBS,
    NOT_REPORT_NEXT,
    VERB_FORMS,
    words,
)

_AGENT_SIDE = {"isr": "israel", "pal": "hamas", "oth": "other"}
_VICTIM_SIDE = {"isr": "israeli", "pal": "palestinian"}
_OPPOSITE = {"isr": "pal", "pal": "isr"}
_PRONOUN_SUBJECTS = words("it they we its their")
#: Words showing that the dead belong to whoever reports them ("its soldiers").
_OWN_PEOPLE = words("its their our soldier soldiers troops reservists officers fighters members")
_SINCE = words("since before until")
#: Prepositions whose phrase may still name who acted ("gunfire from militants").
_SOURCE_OF = words("of from")
#: Words for a violent event (not for its toll) that may recall another event.
_EVENT_NOUNS = words(
    """massacre massacres slaughter murder murders killing killings bloodshed carnage deadly
    deadliest"""
)


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


def _trigger_roles(
    tokens: list[str], cues: list[Cue], i: int, *, active_transitive: bool, noun: bool
) -> tuple[Cue | None, list[Cue], list[Cue]]:
    """The agent cue, the victim cues and weaker victim cues (used only when there are neither
    victim cues nor an agent whose opposite side the victims must be) of the word at ``i``."""
    left, right = span_from(tokens, i, -1), span_from(tokens, i, 1)
    clause = span_from(tokens, i, 1, stops=BOUNDARIES | {","})
    before = [c for c in cues if within(c, left)][::-1]
    after = [c for c in cues if within(c, right)]
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
                if (c.role == "instr" or (c.role == "actor" and after_by(tokens, c)))
                and within(c, clause)
                and caused_by(tokens, c, i)
            ),
            None,
        )
        return agent, victim_cues([c for c in near if c.role in {"people", "place"}], tokens), []
    if active_transitive:
        # ", killing 40 people" and "kidnapping and killing" belong to the clause's subject,
        # the first force named since the clause began.
        leading = leads_clause(tokens, i)
        if leading:
            before = clause_cues(tokens, cues, i)
        elif i > 0 and tokens[i - 1] in _PRONOUN_SUBJECTS | HAVE_FORMS:
            # "Israel says it killed": the pronoun stands for the speaker before "says".
            wide = span_from(tokens, i, -1, stops=BOUNDARIES - SAYING)
            before = [c for c in cues if within(c, wide)][::-1]
        # The target of an attack is no agent ("the campaign against Hamas was killing
        # civilians"); with no victim in the object it says whose dead they are.
        targets = [] if leading else [c for c in before if preposition_of(tokens, c) in TARGETING]
        forces = [c for c in before if c.role in {"instr", "actor"} and c not in targets]
        if leading:
            # The clause's subject, not a force inside a phrase ("firing on the militants,
            # killing two"); only an "of" or "from" phrase may hold it ("awareness of Israel's
            # secrets" may be all a clause names; "gunfire from militants"), and after a quantity
            # it is the head ("hundreds of gunmen").
            heads = [c for c in forces if preposition_of(tokens, c) is None]
            forces = heads or [c for c in forces if preposition_of(tokens, c) in _SOURCE_OF]
        elif not forces and possessive_subject(tokens, i):
            # "The army said its jets killed ...": the possessor is the speaker.
            forces = [c for c in speaker(tokens, cues, left) if c.role == "actor"]
        agent = (forces[-1] if leading else forces[0]) if forces else None
        obj = [c for c in after if not caused_by(tokens, c, i) or c.role == "place"]
        near_obj = [c for c in obj if within(c, clause)]
        # "A strike in Rafah killed five": a place inside the subject says where they died.
        in_subject = [
            c
            for c in before
            if c.role == "place"
            and agent
            and agent.role == "instr"
            and c.start >= agent.end
            and located(tokens, c)
        ] or [
            c
            for c in targets
            if c.role in {"people", "actor", "place"} and (agent is None or c.start >= agent.end)
        ]
        weaker = victim_cues(obj, tokens) or [c for c in before if c.role == "place"][:1]
        return agent, victim_cues(near_obj, tokens) or in_subject[:1], weaker
    agent = next(
        (c for c in after if c.role in {"instr", "actor"} and caused_by(tokens, c, i)), None
    ) or next((c for c in before if c.role == "instr"), None)
    # A force before a comma belongs to another clause ("As Hamas gunmen descended on Israel,
    # civilians were killed"), and one inside a phrase is no subject ("protesting against
    # Israel"; but "dozens of Hamas fighters"); a population is the subject even so.
    subject = [
        c
        for c in before
        if c.role == "people"
        or (
            c.role == "actor"
            and "," not in tokens[c.end : i]
            and preposition_of(tokens, c) in {None, "of"}
            and not after_by(tokens, c)
        )
    ]
    # In a relative clause the subject after "in which" or "where" is the one that died.
    opener = next((j for j in left if tokens[j] in CLAUSE_OPENERS), None)
    inner = [c for c in subject if opener is not None and c.start > opener]
    subject = inner or subject
    victims = victim_cues(subject, tokens)
    if not victims and any(tokens[j] in _OWN_PEOPLE for j in left):
        # "Israel says 32 of its soldiers were killed": the speaker's own people.
        victims = speaker(tokens, cues, left)
    if not victims:
        victims = victim_cues(
            [
                c
                for c in after
                if within(c, clause) and c.role in {"people", "place"} and c is not agent
            ],
            tokens,
        )
    return agent, victims, [c for c in before if c.role == "place"][:1]


class Reading(NamedTuple):
    """A :class:`Result`, the side it hands on to later sentences, and whether its verb is a bare
    participle modifying a noun ("people killed in ...", a reduced passive)."""

    result: Result
    hint: str | None
    bare: bool = False


def read(text: str, *, hint: bool = True, named: bool = False) -> Reading:
    """The sentence's :class:`Result` and (with ``hint``) the side it names for the sentences
    after it; without ``hint`` a sentence with no casualty word is not searched for cues.
    ``named`` reads only the sides the sentence gives its victims: foreign nationals ("27
    Americans") are victims of neither side, and naming one side's forces alone says nothing of
    the victims. Otherwise nationality is ignored for them, so the place or attack decides, and
    one side's forces imply the other side's dead."""
    tokens = tokens_of(text)
    triggers: list[tuple[int, str | None, str]] = []
    for i, tok in enumerate(tokens):
        if tok in VERB_FORMS:
            form_lemma, form_tag = VERB_FORMS[tok]
            noun = is_noun_use(tokens, i, form_lemma, form_tag)
            if noun or not (hypothetical(tokens, i) or aimed(tokens, i, form_lemma, form_tag)):
                triggers.append((i, None if noun else form_lemma, form_tag))
        elif tok in CASUALTY_NOUNS and (
            i + 1 == len(tokens) or tokens[i + 1] not in NOT_REPORT_NEXT
        ):
            triggers.append((i, None, "NN"))
    if not triggers:
        if not hint:
            return Reading(_NO_CASUALTY, None)
        return Reading(_NO_CASUALTY, _label(sentence_sides(tokens, cues_of(tokens, named), 0)))
    cues = cues_of(tokens, named)
    verbs = [t for t in triggers if t[1] is not None]
    deaths = [t for t in verbs if t[1] not in INJURY_VERBS]
    main = deaths[0] if deaths else verbs[0] if verbs else triggers[0]
    voice: str | None = None
    agent_side: str | None = None
    bare = False
    sides: set[str] = set()
    other_victim = False
    # An Israeli strike in Lebanon or Syria kills neither side's people.
    abroad = any(c.side == "oth" and c.role == "place" for c in cues)
    for i, lemma, tag in (
        [main]
        + [t for t in verbs if t != main]
        + [t for t in triggers if t[1] is None and t != main]
    ):
        noun = lemma is None
        this_voice, this_bare = ("", False) if lemma is None else voice_of(tokens, i, lemma, tag)
        if (i, lemma, tag) == main and lemma is not None:
            voice, bare = this_voice, this_bare
        active_transitive = lemma is not None and this_voice == "active" and CASUALTY_VERBS[lemma]
        agent, victims, weaker = _trigger_roles(
            tokens, cues, i, active_transitive=active_transitive, noun=noun
        )
        if agent is not None and agent_side is None:
            agent_side = agent.side
        if noun and tokens[i] in _EVENT_NOUNS and verbs and (sides or other_victim):
            # A word for a violent event beside a verb that named its victims recalls another
            # event ("killed the commander behind the massacre at the kibbutz"); a toll or "left
            # 40 dead" is a report of its own.
            continue
        if not victims and agent is not None and agent.side in _OPPOSITE and not abroad:
            sides.add(_OPPOSITE[agent.side])
            continue
        victims = (victims or weaker) + companions(tokens, cues, i)
        other_victim |= any(v.side == "oth" for v in victims)
        sides.update(v.side for v in victims if v.side != "oth")
    if not sides and not other_victim and verbs:
        sides = sentence_sides(tokens, cues, main[0])
    elif not sides and not other_victim:
        # A sentence with only casualty nouns ("death and destruction") names victims through
        # the people or places of the noun's own clause; the rest of it is too loose a link.
        head = main[0]
        clause = range(
            min(span_from(tokens, head, -1), default=head),
            max(span_from(tokens, head, 1), default=head) + 1,
        )
        sides = {
            c.side
            for c in cues
            if c.role in {"people", "place"} and c.side != "oth" and within(c, clause)
        }
    if not sides and not other_victim and not named and not abroad:
        # Only one side's forces are named ("she escaped Israeli strikes, but her cousins were
        # killed"): the dead are the other side's.
        forces = {c.side for c in cues if c.role in {"instr", "actor"}}
        if len(forces) == 1 and next(iter(forces)) in _OPPOSITE:
            sides = {_OPPOSITE[next(iter(forces))]}
    if agent_side is None:
        # No trigger names its cause, but the sentence names one side's attacks ("she escaped
        # Israeli strikes, but her cousins were killed").
        # An attack after "since" or "before" dates the deaths and caused none of them.
        attacks = {
            c.side
            for c in cues
            if c.role == "instr" and not _SINCE & set(tokens[max(c.start - 2, 0) : c.start])
        }
        agent_side = next(iter(attacks)) if len(attacks) == 1 else None
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
