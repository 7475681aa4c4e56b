"""Whole-word phrase matching on a normalised view of the text, with offsets into the original.

Normalisation (``fold_text``, and ``fold_expr`` for a polars column) lower-cases (and
writes final "ς" as "σ", since lower-casing "Σ" depends on context);
straightens curly quotes and apostrophes and folds Unicode hyphens (``FOLD_TABLE``); removes soft
hyphens; and collapses every run of whitespace (spaces, non-breaking spaces, tabs, line breaks) to
one space.
The original text is never changed: every match reports ``start``/``end`` into it.

Query syntax
------------
- ``resistance movement`` — a literal word or phrase; case-, whitespace-, line-break- and
  curly-quote-indifferent. A plural is a different term: ``militant`` does not match "militants".
- ``terror*`` — ``*`` at the end of a word matches the rest of that word (zero or more word
  characters): terror, terrorist, terrorism. It stops at a hyphen or apostrophe.
- ``organi{s,z}ation``, ``{hamas,islamic} movement``, ``militant{,s}`` — braces give alternatives
  (no nesting; an empty alternative is allowed).
``*``, ``{``, ``}`` cannot be searched for literally; a query with unbalanced braces, a ``*``
inside a word or an empty word before ``*`` raises :class:`~discourse.errors.DiscourseError`.

Whole words
-----------
A match may not start right after, or end right before, a word character (a letter, mark, digit or
connector such as ``_``; exactly Rust's Unicode ``\\w``, which polars uses), so "nonresistance
movement" does not match ``resistance movement``. Hyphens and apostrophes are not word characters,
so the parts of a compound are words: ``hamas`` matches inside "Hamas-run", so does ``run``, and
``hamas-run`` matches the compound. To count "Hamas" but not "Hamas-run", give ``hamas-run`` the
label ``None``: without overlaps the longer match wins and reports ``key=None``, which callers drop.
(Token counts differ on purpose: a token is the whole compound, see ``discourse.text._patterns``.)

Which match wins
----------------
Without overlaps, matching is leftmost-longest: the earliest start, then the longest span. Equal
spans go to the more specific query: the longer literal last word, then a literal before a
wildcard, then more literal characters in all, then the order the patterns were given in.
With ``overlapping=True`` every whole-word match is reported (once per query).

In polars
---------
:attr:`PhraseMatcher.regex` (on ``fold_expr`` text) and :attr:`PhraseMatcher.scan_regex` (on
the cheaper ``scan_expr`` text, used by :mod:`~discourse.terms.frequency`; both in
``discourse.text._fold``) are single regexes whose non-overlapping matches are exactly those of
:meth:`PhraseMatcher.finditer`; the tests check this on
random text. The first matcher built reads Rust's word-character table from polars (about 0.3 s).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Mapping

import ahocorasick
import polars as pl

from discourse.corpus._frame import Frame, group_columns, require_columns
from discourse.errors import DiscourseError
from discourse.text._fold import fold_text, word_res
from discourse.text._query import Match, _Variant, parse_query

__all__ = ["PhraseMatcher", "phrase_matches"]


class _WordChars(dict[str, bool]):
    """Whether a character is a word character (Rust's ``\\w``), looked up once per character."""

    def __missing__(self, char: str) -> bool:
        is_word = self[char] = word_res()[0].match(char) is not None
        return is_word


_IS_WORD = _WordChars()


#: Characters whose folding joins or creates ASCII letters: soft hyphen, Kelvin sign, "İ".
FOLD_MAKES_ASCII: tuple[str, ...] = ("\xad", "\u212a", "\u0130")


class PhraseMatcher:
    """Find many queries in one pass: an Aho–Corasick automaton over the folded text.

    Parameters
    ----------
    patterns
        Queries (see the module docstring), or a mapping from query to the label reported for it
        (``None`` is a label too: use it to block a longer phrase, then drop those matches).

    Examples
    --------
    >>> m = PhraseMatcher({"resistance movement": "R", "islamic resistance movement": None})
    >>> text = "The Islamic Resistance  Movement, a resistance\\nmovement"
    >>> [(text[s:e], key) for s, e, key, _ in m.finditer(text)]
    [('Islamic Resistance  Movement', None), ('resistance\\nmovement', 'R')]
    >>> len(list(m.finditer(text, overlapping=True)))
    3
    """

    def __init__(self, patterns: Mapping[str, Hashable] | Iterable[str]) -> None:
        if isinstance(patterns, str):
            raise DiscourseError("PhraseMatcher takes a list or mapping of queries, not a string.")
        items = (
            list(patterns.items())
            if isinstance(patterns, Mapping)
            else [(q, q) for q in dict.fromkeys(patterns)]
        )
        if not items:
            raise DiscourseError("PhraseMatcher needs at least one query.")
        self.queries: list[str] = [q for q, _ in items]
        self.labels: list[Hashable] = [label for _, label in items]
        self.variants: list[_Variant] = sorted(
            (_Variant(words, i) for i, (q, _) in enumerate(items) for words in parse_query(q)),
            key=lambda v: v.priority,
        )
        self._automaton = ahocorasick.Automaton()
        by_anchor: dict[str, list[int]] = {}
        for rank, variant in enumerate(self.variants):
            by_anchor.setdefault(variant.anchor, []).append(rank)
        for anchor, ranks in by_anchor.items():
            self._automaton.add_word(anchor, (len(anchor), ranks))
        self._automaton.make_automaton()
        # Variants without a wildcard are their own anchor: an automaton hit is the whole phrase.
        self._literal = [not any(wild for _, wild in v.words) for v in self.variants]

    @property
    def regex(self) -> str:
        """One Rust regex on folded text whose leftmost-first matches are this matcher's matches."""
        union = "|".join(v.regex() for v in self.variants)
        return f"\\b{{start-half}}(?:{union})\\b{{end-half}}"

    @property
    def scan_regex(self) -> str:
        """A regex for ``scan_expr`` text that finds the same matches as :meth:`finditer`.

        A match of a phrase-final wildcard is cut a few characters after its literal part (just
        enough to tell it from any literal that starts the same way); :meth:`resolve` names it.
        """
        literals = [v.text for v in self.variants if not any(w for _, w in v.words)]
        parts = []
        for v in self.variants:
            cut = 1 + max(
                (len(t) - len(v.text) for t in literals if t.startswith(v.text)), default=0
            )
            parts.append(v.regex(cut=cut if v.words[-1][1] else 1))
        return f"\\b{{start-half}}(?:{'|'.join(parts)})"

    @property
    def prefilter(self) -> list[str] | None:
        """ASCII literals, one of which (any case) every document with a match contains.

        One per query variant: its longest run of ASCII letters and digits (a short head such as
        "the" would let every document through). ``None`` when some variant has no such run.
        Folding can only join or create ASCII letters through the characters in
        :data:`FOLD_MAKES_ASCII`: documents holding those must always pass.
        """
        needles = set()
        for variant in self.variants:
            runs = [run for word, _ in variant.words for run in re.findall("[a-z0-9]+", word)]
            if not runs:
                return None
            needles.add(max(runs, key=len))
        return sorted(needles)

    def resolve(self, folded_match: str) -> tuple[Hashable, str]:
        """The ``(label, query)`` of a non-overlapping match, given its folded text."""
        folded_match = fold_text(folded_match)[0]
        for variant in self.variants:
            if self._end_of(variant, folded_match, 0) == len(folded_match):
                return self.labels[variant.pattern], self.queries[variant.pattern]
        raise DiscourseError(f"{folded_match!r} is not a match of this PhraseMatcher.")

    def _end_of(self, variant: _Variant, folded: str, start: int) -> int | None:
        """End of ``variant`` matched at ``start`` (whole-word), or ``None``."""
        word_run = word_res()[1]
        pos = start
        for i, (literal, wild) in enumerate(variant.words):
            if i and not folded.startswith(" ", pos):
                return None
            pos += bool(i)
            if not folded.startswith(literal, pos):
                return None
            pos += len(literal)
            if wild:
                pos = word_run.match(folded, pos).end()  # type: ignore[union-attr]
        return None if pos < len(folded) and _IS_WORD[folded[pos]] else pos

    def folded_matches(
        self, folded: str, *, overlapping: bool = False
    ) -> list[tuple[int, int, int]]:
        """Matches in already-folded text as ``(start, end, variant rank)``, sorted by position."""
        size = len(folded)
        found = []
        for last, (length, ranks) in self._automaton.iter(folded):
            start = last + 1 - length
            if start and _IS_WORD[folded[start - 1]]:
                continue
            for rank in ranks:
                if self._literal[rank]:
                    # The automaton found the whole phrase: only its end boundary is left.
                    if last + 1 < size and _IS_WORD[folded[last + 1]]:
                        continue
                    found.append((start, -last - 1, rank))
                    continue
                end = self._end_of(self.variants[rank], folded, start)
                if end is not None:
                    found.append((start, -end, rank))
        found.sort()
        out: list[tuple[int, int, int]] = []
        if overlapping:
            seen = set()
            for start, neg_end, rank in found:
                key = (start, neg_end, self.variants[rank].pattern)
                if key not in seen:
                    seen.add(key)
                    out.append((start, -neg_end, rank))
            return out
        for start, neg_end, rank in found:
            if not out or start >= out[-1][1]:
                out.append((start, -neg_end, rank))
        return out

    def finditer(self, text: str, *, overlapping: bool = False) -> Iterator[Match]:
        """Matches in ``text`` with offsets into it, in order of start (then longest first)."""
        folded, offsets = fold_text(text)
        found = self.folded_matches(folded, overlapping=overlapping)
        if not found:
            return
        # One numpy gather instead of two scalar look-ups per match.
        spans = offsets[[[start for start, _, _ in found], [end for _, end, _ in found]]]
        for start, end, (_, _, rank) in zip(*spans.tolist(), found, strict=True):
            index = self.variants[rank].pattern
            yield Match(start, end, self.labels[index], self.queries[index])


def phrase_matches(
    corpus: Frame,
    *,
    patterns: Mapping[str, Hashable] | Iterable[str] | PhraseMatcher,
    text: str = "text",
    overlapping: bool = False,
) -> pl.DataFrame:
    """Every match of ``patterns`` in a corpus, one row per match.

    Returns
    -------
    pl.DataFrame
        ``doc_id``, the corpus's group columns, ``start``, ``end`` (offsets into ``text``),
        ``match`` (the original text, as written) and ``key`` (the label).

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"],
    ...                        "text": ["Hamas-run ministry", "the Hamas\\ngovernment"]})
    >>> phrase_matches(corpus, patterns=["hamas", "hamas-run"])["match"].to_list()
    ['Hamas-run', 'Hamas']
    """
    require_columns(corpus, ["doc_id", text], what="phrase_matches")
    matcher = patterns if isinstance(patterns, PhraseMatcher) else PhraseMatcher(patterns)
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    groups = [c for c in group_columns(frame) if c != text]
    rows: dict[str, list] = {"row": [], "start": [], "end": [], "match": [], "key": []}
    for row, doc in enumerate(frame[text]):
        for m in matcher.finditer(doc or "", overlapping=overlapping):
            rows["row"].append(row)
            rows["start"].append(m.start)
            rows["end"].append(m.end)
            rows["match"].append(doc[m.start : m.end])
            rows["key"].append(m.key)
    schema = {"row": pl.UInt32, "start": pl.Int64, "end": pl.Int64, "match": pl.String}
    if all(label is None or isinstance(label, str) for label in matcher.labels):
        schema["key"] = pl.String
    hits = pl.DataFrame(rows, schema_overrides=schema, strict=False)
    docs = frame.select("doc_id", *groups).with_row_index("row")
    return docs.join(hits, on="row", how="inner", maintain_order="right").drop("row")
