"""Hits of a query and where they fall among a document's tokens, for the concordancer.

Everything after finding the hits is a pure function of two tables, the hits ``[_row, start,
end]`` and the token table ``[_row, start, end, norm]`` of
:func:`~discourse.text._tokens.token_table` (rows in document and text order), so that a token
table built once can serve every query. A hit is placed among the tokens by binary search on
one sorted key per token, ``(_row << 32) | start``: the cost is linear in the tokens of the
documents that have a hit, whatever the number of hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np
import polars as pl

from discourse._typing import Possessives
from discourse.corpus._frame import group_columns
from discourse.errors import DiscourseError, NotApplicableError
from discourse.text._fold import token_expr, token_re
from discourse.text._tokens import token_table
from discourse.text.matching import PhraseMatcher

Finder = PhraseMatcher | re.Pattern[str]

_HIT_SCHEMA = {"_row": pl.UInt32, "start": pl.Int64, "end": pl.Int64}


def finder(query: str | Iterable[str], *, regex: bool = False, what: str = "kwic") -> Finder:
    """The matcher of ``query``: the matching syntax, or one Python regex with ``regex=True``."""
    if regex:
        if not isinstance(query, str):
            raise DiscourseError("with regex=True, pass one regular expression as a string.")
        try:
            return re.compile(query)
        except re.error as err:
            raise DiscourseError(f"regex {query!r} does not compile: {err}") from err
    queries = [query] if isinstance(query, str) else list(query)
    if not queries:
        raise NotApplicableError(
            "There is nothing to show in context: the list of words to look up is empty "
            f"(no term was distinctive enough, for example); give {what} at least one word."
        )
    return PhraseMatcher(queries)


def find_hits(texts: Iterable[str | None], found: Finder) -> pl.DataFrame:
    """``[_row, start, end]``: every hit in each text, in document and text order (an empty
    regex match is no hit)."""
    rows: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for row, text in enumerate(texts):
        if not text:
            continue
        if isinstance(found, PhraseMatcher):
            spans = [(m.start, m.end) for m in found.finditer(text)]
        else:
            spans = [m.span() for m in found.finditer(text) if m.end() > m.start()]
        for start, end in spans:
            rows.append(row)
            starts.append(start)
            ends.append(end)
    return pl.DataFrame({"_row": rows, "start": starts, "end": ends}, schema=_HIT_SCHEMA)


def doc_tokens(frame: pl.DataFrame, rows: pl.Series, *, possessives: Possessives) -> pl.DataFrame:
    """``[_row, start, end, norm]``: the token table of the documents ``rows`` of ``frame``."""
    docs = frame.select("text").with_row_index("_row").filter(pl.col("_row").is_in(rows.implode()))
    return row_tokens(docs, possessives=possessives)


def row_tokens(docs: pl.DataFrame, *, possessives: Possessives) -> pl.DataFrame:
    """``[_row, start, end, norm]``: the token table of ``docs`` (``[_row, text]``)."""
    table = token_table(docs, ["_row"], possessives=possessives)
    # place() searches one key per token, so the table must be in document and text order.
    table = table.select("_row", "start", "end", token_expr("token").alias("norm"))
    return table.sort("_row", "start").collect()


class FrameText:
    """What :func:`~discourse.kwic` reads from a corpus frame: its documents, their texts, the
    hits of a query and the token table of some documents. A
    :class:`~discourse.corpus._indexed.IndexText` answers the same from an index."""

    def __init__(self, frame: pl.DataFrame, possessives: Possessives) -> None:
        self.frame = frame
        self.possessives = possessives
        self.groups = group_columns(frame)
        self.docs = frame.select("doc_id", *self.groups).with_row_index("_row")
        self._texts: list[str | None] = frame["text"].to_list()

    def texts(self, rows: Iterable[int]) -> Sequence[str | None]:
        return self._texts

    def hits(self, found: Finder, rows: pl.Series | None = None) -> pl.DataFrame:
        if rows is None:
            return find_hits(self._texts, found)
        wanted = set(rows.to_list())
        return find_hits((t if i in wanted else None for i, t in enumerate(self._texts)), found)

    def tokens(self, rows: pl.Series, *, norm: bool = True) -> pl.DataFrame:
        return doc_tokens(self.frame, rows, possessives=self.possessives)

    def decode(self, norm: pl.Series) -> pl.Series:
        """The terms of ``norm`` values picked from :meth:`tokens` (terms already here)."""
        return norm


@dataclass(frozen=True)
class Placed:
    """Where each hit falls among its document's tokens (indexes into the token table).

    ``first``/``stop`` bound the document's tokens; ``before`` is the number of tokens of the
    table starting before the hit's start (so ``before - first`` tokens precede it in its
    document) and ``after`` the first token starting at or after its end. ``cut`` marks hits
    that end inside a token (a regex hit such as "Hamas" in "Hamas-run").
    """

    first: np.ndarray
    stop: np.ndarray
    before: np.ndarray
    after: np.ndarray
    cut: np.ndarray


def _keys(rows: pl.Series | np.ndarray, offsets: pl.Series | np.ndarray) -> np.ndarray:
    return (np.asarray(rows, dtype=np.int64) << 32) | np.asarray(offsets, dtype=np.int64)


def place(hits: pl.DataFrame, tokens: pl.DataFrame) -> Placed:
    """Each hit of ``hits`` placed among ``tokens`` (both in document and text order)."""
    keys = _keys(tokens["_row"], tokens["start"])
    rows = hits["_row"].to_numpy().astype(np.int64)
    first = np.searchsorted(keys, rows << 32, "left")
    stop = np.searchsorted(keys, (rows + 1) << 32, "left")
    before = np.searchsorted(keys, _keys(rows, hits["start"]), "left")
    after = np.searchsorted(keys, _keys(rows, hits["end"]), "left")
    ends = tokens["end"].to_numpy()
    last = np.maximum(after - 1, 0)
    cut = (after > first) & (ends[last] > hits["end"].to_numpy()) if ends.size else after < 0
    return Placed(first, stop, before, after, cut)


def context_spans(
    hits: pl.DataFrame,
    tokens: pl.DataFrame,
    placed: Placed,
    texts: Sequence[str | None] | Mapping[int, str | None],
    window: int,
    dotless: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Where the left context of each hit starts and its right context ends, ``window`` tokens
    away, as a scan of the text from its start would cut them: the whole text before a hit
    with fewer than ``window`` tokens before it, nothing after a hit with no token after it.

    ``dotless`` (only for a table of unsplit tokens, ``possessives="keep"``) marks the tokens
    holding no "." or ",". A hit ending inside such a token, not followed by "." or ",", leaves
    one token of it for the scan (the rest of the token, ending where it ends: no number can
    start in it and run past it), after which the scan meets the table's next tokens; its right
    context is then read from the table instead of scanning the text.
    """
    starts, ends = hits["start"].to_numpy(), hits["end"].to_numpy()
    tok_start, tok_end = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    size = max(tok_start.size - 1, 0)
    if window == 0:
        return starts.copy(), ends.copy()
    if tok_start.size == 0:
        # No token in any document with a hit: the whole text before, nothing after.
        return np.zeros_like(starts), ends.copy()
    enough = placed.before - placed.first >= window
    left = np.where(enough, tok_start[np.clip(placed.before - window, 0, size)], 0)
    last = np.minimum(placed.after + window, placed.stop) - 1
    right = np.where(placed.after < placed.stop, tok_end[np.clip(last, 0, size)], ends)
    rows = hits["_row"].to_numpy()
    cut = np.flatnonzero(placed.cut)
    slow = cut
    if dotless is not None and cut.size:
        inside = placed.after[cut] - 1
        stops = tok_end[inside].astype(np.int64)
        follows = np.array(
            [
                stop < len(text) and text[stop] in ".,"
                for text, stop in zip(
                    ((texts[r] or "") for r in rows[cut].tolist()), stops.tolist(), strict=True
                )
            ],
            dtype=bool,
        )
        fast = dotless[inside] & ~follows
        last = np.minimum(inside[fast] + window - 1, placed.stop[cut[fast]] - 1)
        right[cut[fast]] = tok_end[last]
        slow = cut[~fast]
    for i in slow:
        # The hit ends inside a token: the rest of that token is the first one after it.
        text = texts[int(rows[i])] or ""
        after = [m.end() for m in islice(token_re().finditer(text, int(ends[i])), window)]
        right[i] = after[-1] if after else ends[i]
    return left, right


def position_tokens(placed: Placed, tokens: pl.DataFrame, position: str) -> pl.Series:
    """The ``norm`` value at ``position`` of each hit ("L1" just before it, "R2" the second
    after it), null where the document has none there (the source's ``decode`` reads it)."""
    side, offset = position[0], int(position[1:])
    index = placed.before - offset if side == "L" else placed.after + offset - 1
    inside = (index >= placed.first) & (index < placed.stop)
    picks = pl.select(pl.when(pl.Series(inside)).then(pl.Series(index))).to_series()
    return tokens["norm"].gather(picks).alias(position)


POSITION = re.compile(r"^[LR][1-9][0-9]*$")


def near(
    hits: pl.DataFrame, placed: Placed, others: pl.DataFrame, others_placed: Placed, within: int
) -> np.ndarray:
    """Which hits have one of ``others`` (another query's hits, placed among the same tokens)
    within ``within`` tokens on either side: a token of it at position L1..L{within} or
    R1..R{within} of the hit, or overlapping those. An occurrence overlapping the hit itself
    does not count."""
    mine = pl.DataFrame(
        {
            "_hit": np.arange(hits.height),
            "_row": hits["_row"],
            "start": hits["start"],
            "end": hits["end"],
            "h0": placed.before,
            "h1": placed.after - 1,
        }
    )
    theirs = pl.DataFrame(
        {
            "_row": others["_row"],
            "s": others["start"],
            "e": others["end"],
            "n0": others_placed.before,
            "n1": others_placed.after - 1,
        }
    )
    close = (
        mine.join(theirs, on="_row")
        .filter(
            ~((pl.col("s") < pl.col("end")) & (pl.col("e") > pl.col("start"))),
            pl.col("n0") <= pl.col("h1") + within,
            pl.col("n1") >= pl.col("h0") - within,
        )
        .get_column("_hit")
    )
    return np.isin(np.arange(hits.height), close.to_numpy())


def covering(
    hits: pl.DataFrame, tokens: pl.DataFrame, placed: Placed
) -> tuple[np.ndarray, np.ndarray]:
    """The first and last token of each hit, counting a token the hit starts or ends inside
    ("Hamas" in "Hamas-run" covers the token "hamas-run"); ``last < first`` for a hit with no
    token (punctuation found by a regex)."""
    ends = tokens["end"].to_numpy()
    prev = np.maximum(placed.before - 1, 0)
    inside = (placed.before > placed.first) & (
        ends[prev] > hits["start"].to_numpy() if ends.size else placed.before < 0
    )
    return np.where(inside, placed.before - 1, placed.before), placed.after - 1
