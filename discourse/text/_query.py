"""Queries of :mod:`discourse.text.matching`: their brace and wildcard expansion, and a match."""

from __future__ import annotations

import itertools
import re
from collections.abc import Hashable
from typing import NamedTuple

from discourse.errors import DiscourseError
from discourse.text._fold import WHITESPACE, escape_unfolded, fold_text


class Match(NamedTuple):
    """One match: ``text[start:end]`` is the match as written; ``key`` is its label."""

    start: int
    end: int
    key: Hashable
    query: str


class _Variant(NamedTuple):
    """One brace expansion of a query: its words as (literal, ends with a wildcard)."""

    words: tuple[tuple[str, bool], ...]
    pattern: int  # position of the query among the patterns

    @property
    def anchor(self) -> str:
        """The literal text up to the first wildcard, found by the Aho–Corasick pass."""
        out = []
        for literal, wild in self.words:
            out.append(literal)
            if wild:
                break
        return " ".join(out)

    @property
    def priority(self) -> tuple[int, ...]:
        """Sort key: among matches at one position, an earlier key never gives a shorter span."""
        last, last_wild = self.words[-1]
        literal_chars = sum(len(w) for w, _ in self.words)
        return (-len(self.words), -len(last), last_wild, -literal_chars, self.pattern)

    def regex(self, *, cut: int = 0) -> str:
        """This variant as a Rust regex on folded text (boundaries are added around the union).

        With ``cut`` > 0, words are separated by any whitespace run, the end boundary is part of
        the variant, and a wildcard ending the phrase takes at most ``cut`` more characters: the
        same alternative wins, and polars extracts it fast (an unbounded Unicode ``\\w*`` makes
        ``str.extract_all`` orders of magnitude slower).
        """
        sep = f"[{WHITESPACE}]+" if cut else " "
        esc = escape_unfolded if cut else re.escape
        words = [esc(w) + ("\\w*" if wild else "") for w, wild in self.words]
        if not cut:
            return sep.join(words)
        if self.words[-1][1]:
            return sep.join([*words[:-1], esc(self.words[-1][0]) + f"\\w{{0,{cut}}}"])
        return sep.join(words) + "\\b{end-half}"

    @property
    def text(self) -> str:
        return " ".join(w for w, _ in self.words)


_BRACES = re.compile(r"\{([^{}]*)\}")


def parse_query(query: str) -> list[tuple[tuple[str, bool], ...]]:
    """Expand a query into its variants, each a tuple of ``(literal word, wildcard)`` pairs.

    Examples
    --------
    >>> parse_query("Organi{s,z}ation")
    [(('organisation', False),), (('organization', False),)]
    >>> parse_query("terror*  group")
    [(('terror', True), ('group', False))]
    """
    folded = fold_text(query)[0].strip()
    pieces = _BRACES.split(folded)
    if not folded or "{" in "".join(pieces[::2]) or "}" in "".join(pieces[::2]):
        raise DiscourseError(f"query {query!r} is empty or has unbalanced braces {{...}}.")
    choices = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(pieces)]
    variants = []
    for combo in itertools.product(*choices):
        words = []
        for word in "".join(combo).split():
            literal, wild = (word[:-1], True) if word.endswith("*") else (word, False)
            if "*" in literal or not literal:
                raise DiscourseError(
                    f"query {query!r}: '*' may only end a word that has other characters "
                    "before it, as in 'terror*'."
                )
            words.append((literal, wild))
        if words and tuple(words) not in variants:
            variants.append(tuple(words))
    if not variants:
        raise DiscourseError(f"query {query!r} expands to nothing.")
    return variants
