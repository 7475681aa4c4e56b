"""Lexicon phrase syntax: every literal form a phrase stands for, and the form phrases are
compared in.

``{a,b}`` alternatives (``organi{s,z}ation``, ``fighter{,s}``); a trailing ``*`` on a word
matches any ending (``massacre*``); the ``plural``, ``possessive`` and ``hyphen`` variants a
label asks for (see ``docs/lexicon.md``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Literal, TypeAlias

from discourse.errors import LexiconError
from discourse.text._fold import fold_text

__all__ = ["expand_phrases"]

#: The generated variants a label may ask for (see :func:`expand_phrases`).
Variant: TypeAlias = Literal["plural", "possessive", "hyphen"]

_BRACES = re.compile(r"\{([^{}]*)\}")
_BAD_STAR = re.compile(r"\*(?=\S)|(?:^|\s)\*")
_SIBILANT = re.compile(r"(?:s|x|z|ch|sh)$", re.IGNORECASE)
_CONSONANT_Y = re.compile(r"[^aeiou]y$", re.IGNORECASE)


def _fold_phrase(phrase: str) -> str:
    """The comparison form of a phrase: the text's matching fold (lower case, straight quotes,
    one space between words), without the spaces at its ends."""
    return " ".join(fold_text(phrase)[0].split())


def _plural(phrase: str) -> str:
    if phrase.endswith("*"):
        return phrase
    if phrase.lower().endswith("man"):
        return phrase[:-2] + ("EN" if phrase.endswith("MAN") else "en")
    if _CONSONANT_Y.search(phrase):
        return phrase[:-1] + "ies"
    if _SIBILANT.search(phrase):
        return phrase + "es"
    return phrase + "s"


def _possessives(phrase: str) -> list[str]:
    # Only "'s": a bare "s'" would swallow a closing single quote ("the ‘fighters’").
    return [] if phrase.endswith("*") else [phrase + "'s"]


def _hyphenations(phrase: str) -> list[str]:
    parts = re.split(r"[ -]", phrase)
    if len(parts) == 1 or len(parts) > 5:
        return []
    return [
        "".join(p + s for p, s in zip(parts, (*seps, ""), strict=True))
        for seps in itertools.product(" -", repeat=len(parts) - 1)
    ]


def expand_phrases(phrase: str, *, variants: Iterable[Variant] = ()) -> tuple[str, ...]:
    """Every literal form a lexicon phrase stands for, in a stable order, without repeats.

    ``{a,b}`` groups expand first (all combinations); then ``plural`` adds the plural of the
    last word (-s, -es, -ies, -man → -men), ``possessive`` adds ``'s`` (a phrase matches before
    any apostrophe anyway; the variant makes the match include the ``'s``), and ``hyphen``
    writes every space or hyphen between words both ways (up to 5 words).

    Parameters
    ----------
    phrase
        A phrase as a lexicon writes it.
    variants
        The variants to generate: any of ``"plural"``, ``"possessive"``, ``"hyphen"``.

    Returns
    -------
    tuple of str
        The forms, the phrase's own spelling first; a form ending in ``*`` is a wildcard.

    Raises
    ------
    LexiconError
        An empty phrase, unbalanced or nested braces, or a ``*`` that does not end a word.

    Examples
    --------
    >>> expand_phrases("terrorist organi{s,z}ation")
    ('terrorist organisation', 'terrorist organization')
    >>> expand_phrases("gunman", variants=["plural", "possessive"])
    ('gunman', 'gunmen', "gunman's", "gunmen's")
    >>> expand_phrases("Hamas-run", variants=["hyphen"])
    ('Hamas-run', 'Hamas run')
    """
    chosen = set(variants)
    text = " ".join(phrase.split())
    if not text:
        raise LexiconError("a phrase is empty")
    pieces = _BRACES.split(text)  # literal, alternatives, literal, ...
    literals = "".join(pieces[::2])
    if "{" in literals or "}" in literals:
        raise LexiconError(f"phrase {phrase!r} has unbalanced or nested braces")
    if _BAD_STAR.search(text):
        raise LexiconError(f"phrase {phrase!r}: '*' may only end a word, as in 'massacre*'")
    forms: list[str] = []
    choices = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(pieces)]
    for choice in itertools.product(*choices):
        form = " ".join("".join(choice).split())
        if not form:
            raise LexiconError(f"phrase {phrase!r} can expand to an empty phrase")
        stems = [form, _plural(form)] if "plural" in chosen else [form]
        if "possessive" in chosen:
            stems += [p for s in stems for p in _possessives(s)]
        for stem in stems:
            forms.append(stem)
            if "hyphen" in chosen:
                forms.extend(_hyphenations(stem))
    return tuple(dict.fromkeys(forms))
