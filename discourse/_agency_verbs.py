"""How a casualty verb is used in a sentence, for :mod:`discourse._agency_rules`.

The sentence is tokenised (abbreviations such as "Oct." and "U.S." stay whole, folded to lower
case), and each casualty verb form is read for three things: whether it is used as a noun ("the
killing of"), whether it reports a death or only imagines one ("could be killed", "at risk of
dying"), and its grammatical voice, including the reduced passive of a bare participle that
modifies a noun ("civilians killed in the strike").
"""

from __future__ import annotations

import re

from discourse._agency_lexicon import (
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
from discourse._patterns import FOLD_TABLE

__all__ = ["hypothetical", "is_noun_use", "tokens_of", "voice_of"]

# Abbreviations keep their full stop so that "Oct. 7" and "U.S." do not end a clause.
_TOKEN_RE = re.compile(
    r"(?i:(?:[a-z]\.){2,}|(?:oct|nov|dec|jan|feb|aug|sept?|mr|mrs|ms|dr|lt|col|gen|sgt|st|no|"
    r"capt|maj|cpl|sen|rep|gov|prof|rev|jr|sr|mt|ft)\.(?!\w))"
    r"|\d+(?:[.,]\d+)+|\w+(?:['‐\-]\w+)*|[^\w\s]"
)
_ARTICLES = words("the a an his her their its our")
_DETERMINERS = _ARTICLES | words("this these those mass such")
#: Words before "to" that make the infinitive a fact ("managed to kill").
_ACHIEVED = words("able managed went proceeded continued began")


def tokens_of(text: str) -> list[str]:
    """The lower-cased tokens of ``text``, punctuation as tokens of its own."""
    return [t.lower() for t in _TOKEN_RE.findall(text.translate(FOLD_TABLE))]


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
    # "massacre", "murder", "slaughter" are nouns unless something makes them verbs.
    return (
        lemma in NOUN_VERBS
        and tag in {"VB", "VBP", "VBZ"}
        and not (prev in MODALS or prev in SUBJECT_WORDS or prev in {"and", "or", "did", "do"})
    )


def hypothetical(tokens: list[str], i: int) -> bool:
    """The verb at ``i`` imagines a death rather than reporting one."""
    for j in range(i - 1, max(i - 5, -1), -1):
        tok = tokens[j]
        if tok in MODALS:
            # "believed to have been killed" and "was able to kill" report a death; "to be
            # killed" does not.
            return not (
                tok == "to" and (tokens[j + 1] == "have" or (j > 0 and tokens[j - 1] in _ACHIEVED))
            )
        if not (
            tok in BE_FORMS
            or tok in HAVE_FORMS
            or tok in ADVERBS
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
    if nxt in REDUCED_RELATIVE_NEXT or tokens[i] == "slain" or "by" in tokens[i + 2 : i + 4]:
        # "members killed early yesterday by ..." too.
        return "passive", True
    if nxt in {"and", "or"} and i + 3 < len(tokens) and tokens[i + 2].endswith("ed"):
        # "killed or abducted by Hamas" is passive, "killed and abducted hundreds" active.
        return ("passive", True) if tokens[i + 3] in REDUCED_RELATIVE_NEXT else ("active", False)
    return "active", False
