"""Sentence spans of many documents at once (issue 16): the vectorised front of the splitter.

:func:`sentence_spans` gives, for a whole column of documents, exactly the spans
:func:`discourse.text._sentence_split._sentence_spans` gives one document at a time (and so
those of the frozen reference). All documents are joined into one string (a blank line between
two of them, which is a paragraph break) and read as UTF-8 bytes with numpy:

- whitespace-separated tokens, the newlines in each gap (two or more make a paragraph break),
  and the sentence-ending marks are found with array operations over the whole batch;
- a mark is a candidate when Punkt's boundary regex would match it: a character of its
  non-word class follows, or whitespace and then a token of the same paragraph. Its word is
  the token it ends (Punkt scans back to the last ASCII whitespace);
- "?" and "!" always break; a full stop is decided by Punkt's rules on its context
  (:func:`~discourse.text._sentence_split._breaks`, plain set and dict lookups), memoised by
  the context's text, one dictionary lookup per candidate;
- the steps after Punkt (closing quotes and brackets pulled back, the three repairs) are
  array operations on the breaks: each repair reads only the word before a break and the
  first letter after it.

A paragraph is left to the per-paragraph splitter when anything in it is outside those common
shapes: two candidates in one token ("?!", "U.S.)."), a spaced ellipsis, a sentence that would
start with a mark, a closing quote that is not followed by whitespace and more text, a next
sentence that opens with nothing but opening quotes or dashes. A document holding whitespace
other than ASCII (no-break spaces, Unicode line or paragraph separators, ``\\x1c``-``\\x1f``)
goes to the per-document splitter whole, because Punkt's word scan and Python's ``\\s`` disagree
on those characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import polars as pl

from discourse.text._punkt_rules import (
    _BREAK,
    _CONTEXT_MEMO,
    _NUMBER,
    _REFERENCE,
    _TITLE,
    _WORD_MEMO,
    _context_breaks,
    _remember,
    _word_flags,
)
from discourse.text._sentence_split import _region

__all__ = ["sentence_spans"]

#: Whitespace Python's ``str.isspace`` and ``\\s`` see, other than Punkt's ASCII whitespace.
_OTHER_SPACE = "".join(
    c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \t\n\r\x0b\x0c"
)
#: Characters read per batch (the joined string, its bytes and a few arrays of that length).
_BATCH_CHARS = 8_000_000
_SEPARATOR = "\n\n"

_MARK_BYTES = frozenset(b".?!")
_SKIPPED = "\"'“‘«([¿¡-—– "


def _lut(chars: str) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(chars.encode("ascii"))] = True
    return table


_NON_WORD_ASCII = _lut(")\";}]*:@'({[!?")
_CLOSERS_ASCII = _lut("\"')]}")
_OPENERS_ASCII = _lut("\"'([-")
_ENDERS_ASCII = _lut(".?!")
#: After a closer: another closer, a dash ("--") or an odd space (``\\x1c``-``\\x1f``; those
#: beyond ASCII start with a byte >= 0x80) may extend Punkt's realignment.
_UNSURE_AFTER_CLOSER = _lut("\"')]}-\x1c\x1d\x1e\x1f")


def sentence_spans(
    texts: pl.Series | Sequence[str | None], *, with_text: bool = False
) -> pl.DataFrame:
    """Every sentence of every document: ``row``, ``sentence``, ``start``, ``end`` (``text``).

    ``row`` is the document's position in ``texts``, ``sentence`` the 0-based index within it
    and ``texts[row][start:end]`` the sentence (``str`` offsets, whitespace excluded), exactly
    as :func:`discourse.sentences` reports them; ``with_text`` adds that slice as ``text``.
    Null and empty documents give no rows. Rows come in document order.
    """
    series = texts if isinstance(texts, pl.Series) else pl.Series(list(texts), dtype=pl.String)
    series = series.fill_null("")
    lengths = series.str.len_chars().cast(pl.Int64).to_numpy()
    found = _Found([], [], [], [] if with_text else None)
    # Batches of consecutive documents of about _BATCH_CHARS characters.
    total = np.cumsum(lengths + len(_SEPARATOR))
    cuts = np.searchsorted(
        total, np.arange(_BATCH_CHARS, int(total[-1]) if len(total) else 0, _BATCH_CHARS)
    )
    bounds = [0, *sorted(set((cuts + 1).tolist()) - {0, len(series)}), len(series)]
    for lo, hi in pairwise(bounds):
        if hi > lo:
            _run_batch(series.slice(lo, hi - lo), lo, lengths[lo:hi], found)
    schema: dict[str, pl.DataType] = {
        "row": pl.Int64(),
        "sentence": pl.Int64(),
        "start": pl.Int64(),
        "end": pl.Int64(),
    }
    if with_text:
        schema["text"] = pl.String()
    if not found.rows:
        return pl.DataFrame(schema=schema)
    rows = np.concatenate(found.rows)
    order = np.argsort(rows, kind="stable")
    rows = rows[order]
    first = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    sizes = np.diff(np.append(first, len(rows)))
    columns: dict[str, object] = {
        "row": rows,
        "sentence": np.arange(len(rows), dtype=np.int64) - np.repeat(first, sizes),
        "start": np.concatenate(found.starts)[order],
        "end": np.concatenate(found.ends)[order],
    }
    if found.texts is not None:
        columns["text"] = pl.concat(found.texts).gather(pl.Series(order))
    return pl.DataFrame(columns, schema=schema)


class _Found(NamedTuple):
    rows: list[np.ndarray]
    starts: list[np.ndarray]
    ends: list[np.ndarray]
    texts: list[pl.Series] | None


def _run_batch(docs: pl.Series, first: int, lengths: np.ndarray, found: _Found) -> None:
    """Split ``docs`` (rows ``first`` on, of ``lengths`` characters) and add their spans."""
    # Documents apart (a blank line between two is a paragraph break), padded with blanks.
    padded = pl.concat([pl.Series([""]), docs, pl.Series(["", ""])]).str.join(_SEPARATOR)
    big = padded.item()
    data = np.frombuffer(padded.cast(pl.Binary).item(), dtype=np.uint8)
    doc_start = np.cumsum(lengths + len(_SEPARATOR)) - lengths
    starts, ends = _batch_spans(big, data, doc_start, lengths)
    if not len(starts):
        return
    doc = np.searchsorted(doc_start, starts, side="right") - 1
    offset = doc_start[doc]
    found.rows.append(doc + first)
    found.starts.append(starts - offset)
    found.ends.append(ends - offset)
    if found.texts is not None:
        texts = map(big.__getitem__, map(slice, starts.tolist(), ends.tolist()))
        found.texts.append(pl.Series(list(texts), dtype=pl.String))


def _batch_spans(
    big: str, data: np.ndarray, doc_start: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sentence ``(start, end)`` char offsets in ``big`` (documents apart, padded with blanks).

    ``doc_start`` and ``lengths`` place the documents in ``big``.

    ``data`` is ``big`` in UTF-8. Whitespace other than ASCII (``\\xa0``, Unicode line and
    paragraph separators, ``\\x1c``-``\\x1f``) is whitespace to Python's ``\\s`` and ``isspace``
    but not to Punkt's word scan. At the edge of a token it acts as whitespace for both,
    and is read as such; inside a token it changes only where Punkt's regex ends the next token
    (cut below), except after a mark, and a paragraph separator is one; those paragraphs go to
    the fallback.
    """
    ascii_only = big.isascii()
    continuation = None if ascii_only else np.flatnonzero((data & 0xC0) == 0x80)

    def chars(at: np.ndarray) -> np.ndarray:
        if continuation is None:
            return at
        return at - np.searchsorted(continuation, at)

    # Tokens: maximal runs without ASCII whitespace (the string starts and ends with blanks).
    content = ~((data == 32) | ((data >= 9) & (data <= 13)))
    risky_at, odd_inside = _odd_space_roles(data, content, ascii_only=ascii_only)
    edges = np.flatnonzero(content[1:] != content[:-1])
    tok_start = edges[0::2] + 1
    tok_end = edges[1::2] + 1
    count = len(tok_start)
    if not count:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # Two newlines in the gap after a token end its paragraph (the last gap always does).
    newlines = np.flatnonzero(data == 10)
    gap = np.searchsorted(tok_end, newlines, side="right") - 1
    per_gap = np.bincount(gap[gap >= 0], minlength=count)
    ends_para = per_gap >= 2
    para_first = np.flatnonzero(np.concatenate(([True], ends_para[:-1])))
    para_last = np.flatnonzero(ends_para)

    # Candidates: where Punkt's boundary regex matches a mark.
    marks = np.flatnonzero((data == 46) | (data == 63) | (data == 33))
    tok = np.searchsorted(tok_start, marks, side="right") - 1
    b1, b2, b3 = data[marks + 1], data[marks + 2], data[marks + 3]
    curly = (
        (b1 == 0xE2) & (b2 == 0x80) & ((b3 == 0x98) | (b3 == 0x99) | (b3 == 0x9C) | (b3 == 0x9D))
    )
    guillemet = (b1 == 0xC2) & ((b2 == 0xAB) | (b2 == 0xBB))
    after_char = _NON_WORD_ASCII[b1] | curly | guillemet
    next_tok = ~after_char & (marks + 1 == tok_end[tok]) & ~ends_para[tok]
    is_candidate = after_char | next_tok
    para = np.searchsorted(para_first, tok, side="right") - 1
    fallback = np.zeros(len(para_first), dtype=bool)
    para_start = chars(tok_start[para_first])
    if len(risky_at):
        fallback[np.searchsorted(tok_start[para_first], risky_at, side="right") - 1] = True
    odd_space = chars(odd_inside)
    # A spaced ellipsis ("\.\s\." anywhere): Punkt's interior-of-a-run rule.
    spaced = (
        (data[marks] == 46)
        & (marks + 1 == tok_end[tok])
        & (tok_start[np.minimum(tok + 1, count - 1)] == marks + 2)
        & (data[marks + 2] == 46)
    )
    fallback[para[spaced]] = True

    marks, tok, para = marks[is_candidate], tok[is_candidate], para[is_candidate]
    after_char, b1 = after_char[is_candidate], b1[is_candidate]
    # Candidates in one token ("word.”.", "?!"): Punkt's word scan finds no whitespace between
    # them, so each but the last is dropped and the last takes the first one's word (the
    # token's), unless the first starts its token (an empty word, which keeps it).
    dropped = np.zeros(len(tok), dtype=bool)
    dropped[:-1] = tok[1:] == tok[:-1]
    leads = np.concatenate(([True], ~dropped[:-1]))
    fallback[para[leads & dropped & (marks == tok_start[tok])]] = True
    kept = ~dropped
    marks, tok, para, after_char, b1 = (a[kept] for a in (marks, tok, para, after_char, b1))

    # Decisions for full stops: most words end a sentence whatever follows (memoised by the
    # word); the others by their context, memoised by its text up to the next token.
    stop = data[marks] == 46
    decided = np.flatnonzero(stop & ~fallback[para])
    flags = np.zeros(len(marks), dtype=np.int64)
    if len(decided):
        word = chars(tok_start[tok[decided]]).tolist()
        mark = chars(marks[decided] + 1).tolist()
        keys = list(map(big.__getitem__, map(slice, word, mark)))
        _remember(_WORD_MEMO, keys, _word_flags)
        flags[decided] = list(map(_WORD_MEMO.__getitem__, keys))
        depends = decided[(flags[decided] & _BREAK) == 0]
        if len(depends):
            # The context Punkt decides on: the word and stop, then one non-word character or
            # a space and the next token (up to any whitespace, as Punkt's regex reads it).
            char_len = np.where(b1[depends] < 0x80, 1, np.where(b1[depends] == 0xC2, 2, 3))
            begin = chars(tok_start[tok[depends]])
            stop_end = chars(marks[depends] + 1)
            after = chars(marks[depends] + 1 + char_len)
            following = np.minimum(tok[depends] + 1, count - 1)
            next_start = chars(tok_start[following])
            next_end = chars(tok_end[following])
            if len(odd_space):
                cut = np.searchsorted(odd_space, next_start)
                inside = cut < len(odd_space)
                cut_at = odd_space[np.minimum(cut, len(odd_space) - 1)]
                next_end = np.where(inside & (cut_at < next_end), cut_at, next_end)
            # A number decides as any number does ("0."): one key for all of them.
            number = (flags[depends] & _NUMBER) > 0
            keys = [
                ("0." if num else big[a:b]) + (big[b:c] if char else " " + big[d:e])
                for a, b, c, d, e, char, num in zip(
                    begin.tolist(),
                    stop_end.tolist(),
                    after.tolist(),
                    next_start.tolist(),
                    next_end.tolist(),
                    after_char[depends].tolist(),
                    number.tolist(),
                    strict=True,
                )
            ]
            _remember(_CONTEXT_MEMO, keys, _context_breaks)
            flags[depends] |= list(map(_CONTEXT_MEMO.__getitem__, keys))
    breaks = ~fallback[para] & (~stop | (flags & _BREAK > 0))
    marks, tok, para, after_char, flags, stop = (
        a[breaks] for a in (marks, tok, para, after_char, flags, stop)
    )

    # Where the next sentence starts; closing quotes and brackets move back (realignment).
    start = np.where(after_char, marks + 1, tok_start[np.minimum(tok + 1, count - 1)])
    first = data[start]
    fallback[para[_ENDERS_ASCII[first]]] = True
    second, third = data[start + 1], data[start + 2]
    closer_len = np.where(
        _CLOSERS_ASCII[first],
        1,
        np.where(
            (first == 0xE2) & (second == 0x80) & ((third == 0x99) | (third == 0x9D)),
            3,
            np.where((first == 0xC2) & ((second == 0xAB) | (second == 0xBB)), 2, 0),
        ),
    )
    # Punkt's realignment pattern: closers, then whitespace, "--" or the end of the span. Only
    # one closer ending its token is handled here; a closer followed by another closer, a dash
    # or a non-ASCII character is left to the fallback.
    start_tok = np.minimum(np.where(after_char, tok, tok + 1), count - 1)
    closer = closer_len > 0
    follows = data[start + closer_len]
    realign = closer & (start + closer_len == tok_end[start_tok])
    unsure = closer & ~realign & (_UNSURE_AFTER_CLOSER[follows] | (follows >= 0x80))
    fallback[para[unsure]] = True
    # A closer ending the paragraph joins the sentence before; no sentence follows.
    closes_para = realign & ends_para[start_tok]
    finish = np.where(realign, start + closer_len, marks + 1)
    start_tok = np.where(realign, np.minimum(start_tok + 1, count - 1), start_tok)
    start = np.where(realign, tok_start[start_tok], start)
    first = data[start]
    fallback[para[realign & ~closes_para & _ENDERS_ASCII[first]]] = True

    # The repairs: a lower-case start continues the sentence; so does anything after a title
    # or introducer, and a number after a reference abbreviation.
    lower = (first >= 97) & (first <= 122)
    digit = (first >= 48) & (first <= 57)
    odd = np.flatnonzero((_OPENERS_ASCII[first] | (first >= 0x80)) & ~closes_para & ~fallback[para])
    if len(odd):
        # The first character after the openers and spaces, within the span (which ends at the
        # next break of the paragraph, or at its end).
        following = np.minimum(odd + 1, len(para) - 1)
        span_end = np.where(
            (odd + 1 < len(para)) & (para[following] == para[odd]),
            finish[following],
            tok_end[para_last[para[odd]]],
        )
        begin = chars(start[odd])
        texts = map(big.__getitem__, map(slice, begin.tolist(), chars(span_end).tolist()))
        for index, piece in zip(odd.tolist(), texts, strict=True):
            head = piece.lstrip(_SKIPPED)
            if not head:
                fallback[para[index]] = True
                continue
            lower[index] = head[0].islower()
            digit[index] = head[0].isdigit()
    ends_stop = stop & ~realign
    merge = (
        closes_para
        | lower
        | (ends_stop & ((flags & _TITLE > 0) | (digit & (flags & _REFERENCE > 0))))
    )
    keep = ~merge & ~fallback[para]

    fast = ~fallback
    starts = np.sort(np.concatenate((tok_start[para_first[fast]], start[keep])))
    ends = np.sort(np.concatenate((finish[keep], tok_end[para_last[fast]])))
    starts, ends = chars(starts), chars(ends)
    slow = np.flatnonzero(fallback)
    if len(slow):
        spans: list[tuple[int, int]] = []
        # Each paragraph with the whitespace around it, as far as its document's ends: Punkt's
        # word scan reads a paragraph's leading whitespace.
        doc = np.searchsorted(doc_start, para_start[slow], side="right") - 1
        before = chars(tok_end[para_last[np.maximum(slow - 1, 0)]])
        after = chars(tok_start[para_first[np.minimum(slow + 1, len(para_first) - 1)]])
        lo = np.where(slow > 0, np.maximum(before, doc_start[doc]), doc_start[doc])
        end_of_doc = doc_start[doc] + lengths[doc]
        hi = np.where(slow + 1 < len(para_first), np.minimum(after, end_of_doc), end_of_doc)
        for begin, end in zip(lo.tolist(), hi.tolist(), strict=True):
            _region(big, begin, end, spans)
        if spans:
            found = np.array(spans, dtype=np.int64)
            order = np.argsort(np.concatenate((starts, found[:, 0])), kind="stable")
            starts = np.concatenate((starts, found[:, 0]))[order]
            ends = np.concatenate((ends, found[:, 1]))[order]
    return starts.astype(np.int64), ends.astype(np.int64)


def _odd_space_roles(
    data: np.ndarray, content: np.ndarray, *, ascii_only: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Find whitespace other than ASCII in UTF-8 ``data`` and settle its role.

    Such a space at either edge of a token (next to ASCII whitespace, or to another such space
    that is) becomes whitespace in ``content``. Returns the byte offsets of the risky ones (a
    paragraph separator, or inside a token right after a mark) and of the others left inside
    tokens.
    """
    size = len(data)
    ascii_odd = (data >= 0x1C) & (data <= 0x1F)
    if ascii_only:
        lead = np.flatnonzero(ascii_odd)
    else:
        lead = np.flatnonzero(ascii_odd | (data == 0xC2) | ((data >= 0xE1) & (data <= 0xE3)))
    lead = lead[lead + 2 < size]
    b0, b1, b2 = data[lead], data[lead + 1], data[lead + 2]
    one = (b0 >= 0x1C) & (b0 <= 0x1F)
    two = (b0 == 0xC2) & ((b1 == 0xA0) | (b1 == 0x85))
    general = (b0 == 0xE2) & (b1 == 0x80) & (((b2 >= 0x80) & (b2 <= 0x8A)) | (b2 == 0xA8))
    three = (
        ((b0 == 0xE1) & (b1 == 0x9A) & (b2 == 0x80))
        | general
        | ((b0 == 0xE2) & (b1 == 0x80) & (b2 == 0xAF))
        | ((b0 == 0xE2) & (b1 == 0x81) & (b2 == 0x9F))
        | ((b0 == 0xE3) & (b1 == 0x80) & (b2 == 0x80))
    )
    separator = (b0 == 0xE2) & (b1 == 0x80) & (b2 == 0xA9)
    found = one | two | three | separator
    at = lead[found].tolist()
    width = np.where(one, 1, np.where(two, 2, 3))[found].tolist()
    paragraph = separator[found].tolist()
    pending = [(a, w) for a, w, sep in zip(at, width, paragraph, strict=True) if not sep]
    changed = True
    while changed:  # edges first, then the spaces they expose
        changed = False
        inside = []
        for start, span in pending:
            if not content[start - 1] or not content[start + span]:
                content[start : start + span] = False
                changed = True
            else:
                inside.append((start, span))
        pending = inside
    risky = [a for a, sep in zip(at, paragraph, strict=True) if sep]
    risky += [start for start, _ in pending if data[start - 1] in _MARK_BYTES]
    return np.array(sorted(risky), dtype=np.int64), np.array(
        [a for a, _ in pending], dtype=np.int64
    )
