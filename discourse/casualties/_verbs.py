"""How a casualty verb is used in a sentence, for :mod:`discourse.casualties._rules`.

The sentence is tokenised (abbreviations such as "Oct." and "U.S." stay whole, folded to lower
case), and each casualty verb form is read for three things: whether it is used as a noun ("the
killing of"), whether it reports a death or only imagines one ("could be killed", "at risk of
dying"; but an epistemic perfect, "may have been killed", reports an uncertain past death), and
its grammatical voice, including the reduced passive of a bare participle that modifies a noun
("civilians killed in the strike").
"""

from __future__ import annotations

import re

from discourse.casualties._words import (
    ADVERBS,
    BE_FORMS,
    CASUALTY_VERBS,
    HAVE_FORMS,
    HYPOTHETICAL_GAP,
    MODALS,
    NOUN_VERBS,
    REDUCED_RELATIVE_NEXT,
    SUBJECT_WORDS,
    words,
)
from discourse.text._patterns import FOLD_TABLE

__all__ = [
    "TARGETING",
    "aimed",
    "hypothetical",
    "is_noun_use",
    "joined",
    "leads_clause",
    "phrase_preposition",
    "possessive_subject",
    "tokens_of",
    "voice_of",
]

# Abbreviations keep their full stop so that "Oct. 7" and "U.S." do not end a clause.
_ABBREVIATION = (
    r"(?:[a-z]\.){2,}|(?:oct|nov|dec|jan|feb|aug|sept?|mr|mrs|ms|dr|lt|col|gen|sgt|st|no|"
    r"capt|maj|cpl|sen|rep|gov|prof|rev|jr|sr|mt|ft)\.(?!\w)"
)
_OTHER_TOKENS = r"|\d+(?:[.,]\d+)+|\w+(?:['‐\-]\w+)*|[^\w\s]"
_TOKEN_RE = re.compile(f"(?i:{_ABBREVIATION}){_OTHER_TOKENS}")
#: The same tokens in a text already in lower case, matched without case folding (faster).
_LOWER_TOKEN_RE = re.compile(f"(?:{_ABBREVIATION}){_OTHER_TOKENS}")
_ARTICLES = words("the a an his her their its our")
_DETERMINERS = _ARTICLES | words("this these those mass such")
#: Words before "to" that make the infinitive a fact ("managed to kill", "fled, only to be shot",
#: "the weapons they are using to kill").
_ACHIEVED = words("able managed went proceeded continued began only used using")
#: Modals whose perfect says a past death is likely ("may have been killed"), not imagined.
_EPISTEMIC = words("may might could must")
#: Words that open a condition; with "had" soon after ("if the wall had fallen, dozens could
#: have died") it is contrary to fact, and so is the modal perfect it governs.
_CONDITIONAL = words("if unless")
#: Words coordinated with a participle ("killed or missing") and finite verbs that follow such a
#: pair when it modifies a noun ("the number killed and displaced has risen").
_PREDICATES = words("missing dead taken hurt")
_FINITE = words("is are was were has have had will would mean means")
#: Endings of adverbs made from adjectives ("brutally", "indiscriminately"); the -ly adjectives
#: ("deadly", "ugly", "cowardly") and nouns ("family") have none of them.
_ADVERB_ENDINGS = ("ally", "ately", "edly", "ingly", "ously", "fully", "ively", "lessly", "ently")
#: Prepositions that put a noun inside a phrase, so that it is no subject or object of a verb.
_PREPOSITIONS = words(
    """of with to from against on at for about into toward towards over across through inside
    along near behind beyond past upon onto"""
)
#: Prepositions naming what an attack is aimed at ("strikes on", "the war against").
TARGETING = words("against on at into onto upon toward towards")
#: Words before "of" that make what follows the head of the phrase ("dozens of gunmen").
_QUANTITIES = words(
    """hundreds dozens scores thousands tens some many several few most all one two three four
    five six seven eight nine ten number group groups band members barrage wave waves series
    round rounds salvo volley hail string spate"""
)
_POSSESSIVES = words("its their")
#: Adverbs that may stand between a comma and a participle (", often killing").
_MANNER = ADVERBS | words("often sometimes repeatedly routinely frequently")


def tokens_of(text: str) -> list[str]:
    """The lower-cased tokens of ``text``, punctuation as tokens of its own."""
    folded = text.translate(FOLD_TABLE)
    if folded.isascii() or _caseless(folded):
        # Lowering changes only letters that have case, never a token's length or its
        # characters' classes (word, digit, space) here, so the tokens are the same.
        return _LOWER_TOKEN_RE.findall(folded.lower())
    return [t.lower() for t in _TOKEN_RE.findall(folded)]


def _caseless(text: str) -> bool:
    """Every character of ``text`` outside ASCII has no case ("—", "…"): lowering the text
    leaves them alone, and a case-insensitive match does not fold them onto ASCII letters
    (as it folds "ſ" onto "s" or "K", the Kelvin sign, onto "k")."""
    return all(c == c.lower() == c.upper() for c in set(text) if not c.isascii())


def is_noun_use(tokens: list[str], i: int, lemma: str, tag: str) -> bool:
    """A verb form used as a noun or adjective: "the killing of", "a brutal massacre",
    "the murdered"."""
    prev = tokens[i - 1] if i else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if tag == "VBN":
        return prev in _ARTICLES
    if prev in _DETERMINERS or prev.endswith("'s") or prev.isdigit():
        return True
    if nxt == "of":
        # "killing of civilians" names an act; "dying of thirst" is still a verb.
        return lemma != "die"
    # "massacre", "murder", "slaughter" are nouns unless something makes them verbs, such as an
    # adverb ("the gang brutally slaughters"); a word after an article is an adjective.
    adverb = prev.endswith(_ADVERB_ENDINGS) and (i < 2 or tokens[i - 2] not in _DETERMINERS)
    return (
        lemma in NOUN_VERBS
        and tag in {"VB", "VBP", "VBZ"}
        and not (
            adverb or prev in MODALS or prev in SUBJECT_WORDS or prev in {"and", "or", "did", "do"}
        )
    )


def _counterfactual(tokens: list[str]) -> bool:
    """The sentence states a condition contrary to fact: "if (unless) ... had ...", "otherwise",
    or an opening "had" ("Had the guards stayed, ..."); not "unclear if", which asks whether."""
    first = next((t for t in tokens if t[0].isalnum()), "")
    return (
        first == "had"
        or "otherwise" in tokens
        or any(
            tok in _CONDITIONAL and any(t == "had" or t.endswith("'d") for t in tokens[k : k + 8])
            for k, tok in enumerate(tokens)
        )
    )


def hypothetical(tokens: list[str], i: int) -> bool:
    """The verb at ``i`` imagines a death rather than reporting one."""
    for j in range(i - 1, max(i - 5, -1), -1):
        tok = tokens[j]
        if tok in _EPISTEMIC and "have" in tokens[j + 1 : i]:
            # "may have been killed", "might have died": a past death, its toll or cause
            # uncertain; "if ... had ..., many could have been killed" imagines one.
            return _counterfactual(tokens)
        if tok in MODALS:
            # "believed to have been killed", "was able to kill" and "only to be shot" report
            # a death; "to be killed", "not only to kill" and "could be used to kill" do not.
            fact = (
                j > 0
                and tokens[j - 1] in _ACHIEVED
                and tokens[j - 2 : j] != ["not", "only"]
                and not hypothetical(tokens, j - 1)
            )
            return not (tok == "to" and (tokens[j + 1] == "have" or fact))
        # An adverb does not end the search: "will likely die", "could easily be killed".
        if not (
            tok in BE_FORMS
            or tok in HAVE_FORMS
            or tok in ADVERBS
            or tok.endswith("ly")
            or tok in SUBJECT_WORDS
            or tok in HYPOTHETICAL_GAP
        ):
            return False
    return False


def voice_of(tokens: list[str], i: int, lemma: str, tag: str) -> tuple[str, bool]:
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
    if (
        nxt in REDUCED_RELATIVE_NEXT
        or tokens[i] == "slain"
        or prev == "those"
        or "by" in tokens[i + 2 : i + 4]
    ):
        # "members killed early yesterday by ..." and "those killed were" too.
        return "passive", True
    if nxt in {"and", "or"} and i + 3 < len(tokens):
        second, after = tokens[i + 2], tokens[i + 3]
        if second[0].isdigit() and after.endswith("ed"):
            # "900 killed and 2,500 wounded": two tolls.
            return "passive", True
        if second.endswith("ed") or second in _PREDICATES:
            # "killed or abducted by Hamas" and "killed and displaced has exceeded" are
            # passive (the clause's verb follows), "killed and abducted hundreds" active.
            passive = after in REDUCED_RELATIVE_NEXT or after in _FINITE
            return ("passive", True) if passive else ("active", False)
    return "active", False


def phrase_preposition(tokens: list[str], start: int) -> str | None:
    """The preposition that puts the noun phrase starting at ``start`` inside a phrase ("on the
    militants"), if one does; "of" after a quantity ("hundreds of gunmen", "a wave of strikes")
    makes the phrase the head, so it does not."""
    j = start - 1
    while j >= 0 and tokens[j] in _DETERMINERS:  # articles included
        j -= 1
    if j < 0 or tokens[j] not in _PREPOSITIONS:
        return None
    if tokens[j] == "of" and j > 0 and tokens[j - 1] in _QUANTITIES:
        return None
    return tokens[j]


def leads_clause(tokens: list[str], i: int) -> bool:
    """The participle at ``i`` follows a comma or "and" (", often killing 40", "kidnapping and
    killing"), so its subject is the subject of the clause before it."""
    j = i - 1
    while j > 0 and tokens[j] in _MANNER:
        j -= 1
    return tokens[i].endswith("ing") and j >= 0 and tokens[j] in {",", "and", "then"}


def possessive_subject(tokens: list[str], i: int) -> bool:
    """The subject of the verb at ``i`` opens with "its" or "their" ("its jets have killed")."""
    j = i - 1
    while j >= 0 and (tokens[j] in HAVE_FORMS or tokens[j] in ADVERBS):
        j -= 1
    for k in range(j, max(j - 3, -1), -1):
        if tokens[k] in _POSSESSIVES:
            return True
        if not tokens[k].isalpha():
            return False
    return False


def joined(tokens: list[str], end: int, start: int) -> bool:
    """The phrases ending at ``end`` and starting at ``start`` are joined by "and" or "or", with
    at most a number or an article besides ("12 villagers and a soldier")."""
    gap = tokens[end:start]
    return 0 < len(gap) <= 3 and gap[0] in {"and", "or"} and all(t.isalnum() for t in gap)


def aimed(tokens: list[str], i: int, lemma: str, tag: str) -> bool:
    """The active "shot at" says where someone aimed, not that anyone was hit ("settlers were
    shooting at the crowd"; but "he was shot at a checkpoint" was hit)."""
    return (
        lemma == "shoot"
        and i + 1 < len(tokens)
        and tokens[i + 1] in {"at", "toward", "towards"}
        and voice_of(tokens, i, lemma, tag)[0] == "active"
    )
