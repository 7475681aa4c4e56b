"""Finding the mentions of a lexicon's labels, resolved within each label set.

The rules are documented in :mod:`discourse.framing.labels`, whose public functions use these.
:func:`find` works on all documents at once (issue 16): the texts are folded in polars a few
megabytes at a time, the automaton's anchors are found by walking their byte trie from every
word start together (numpy), and offsets, word boundaries, resolution and quotation spans are
computed on whole arrays. Documents that folding lengthens or shortens other than by collapsing
whitespace (soft hyphens, "İ"), that hold NUL, or where a wildcard may match take the
per-document path (:func:`_mentions_in`, one Aho–Corasick pass each).
``tests/test_mentions_fast.py`` holds both to :mod:`discourse.framing._mentions_reference`, the
finder as it was.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache, lru_cache
from typing import NamedTuple, cast

import numpy as np
import polars as pl

from discourse.corpus._frame import group_columns
from discourse.errors import DiscourseError
from discourse.framing.lexicon import Lexicon
from discourse.framing.phrases import _fold_phrase
from discourse.text._fold import WHITESPACE, fold_expr
from discourse.text._quotes import _OPENERS_BEFORE, inside, quote_spans
from discourse.text._sentence_batch import sentence_spans
from discourse.text.matching import FOLD_MAKES_ASCII, PhraseMatcher
from discourse.text.segments import sentences

MENTION_COLUMNS = ("label_set", "label", "match", "start", "end", "quoted")
# (label set index, label index); an exclusion of label i is stored as -1 - i.
Target = tuple[int, int]


@lru_cache(maxsize=8)
def matcher(lexicon: Lexicon) -> PhraseMatcher:
    """One automaton over every form of every label set, keyed by folded form."""
    targets: dict[str, list[Target]] = defaultdict(list)
    for si, label_set in enumerate(lexicon.label_sets):
        for li, label in enumerate(label_set.labels):
            for form in label.forms():
                targets[_fold_phrase(form)].append((si, li))
            for form in label.excluded_forms():
                targets[_fold_phrase(form)].append((si, -1 - li))
    return PhraseMatcher({query: tuple(found) for query, found in targets.items()})


def _resolve(candidates: list[tuple[int, int, int, bool]]) -> list[tuple[int, int, int]]:
    """Longest first, then earliest; a phrase beats an exclusion and a literal beats a wildcard
    at one span. Returns the kept ``(start, end, label)``, exclusions dropped, in text order."""
    # Candidates come in text order; when none overlaps the one before, there is nothing to choose.
    reach = 0
    for start, end, _, _ in candidates:
        if start < reach:
            break
        reach = end
    else:
        return [(start, end, label) for start, end, label, _ in candidates if label >= 0]
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2] < 0, c[3], abs(c[2])))
    starts: list[int] = []
    ends: list[int] = []
    kept = []
    for start, end, label, _ in candidates:
        i = bisect.bisect_right(starts, start)
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        if label >= 0:
            kept.append((start, end, label))
    kept.sort()
    return kept


def _mentions_in(text: str, matcher: PhraseMatcher) -> list[tuple[int, int, int, int, bool]]:
    """``(label set, label, start, end, quoted)`` for one document, in text order."""
    by_set: dict[int, list[tuple[int, int, int, bool]]] = defaultdict(list)
    for match in matcher.finditer(text, overlapping=True):
        wildcard = "*" in match.query
        for si, code in match.key:  # type: ignore[attr-defined]
            by_set[si].append((match.start, match.end, code, wildcard))
    if not by_set:
        return []
    spans = quote_spans(text)
    out = [
        (si, label, start, end, inside(spans, start, end))
        for si, found in by_set.items()
        for start, end, label in _resolve(found)
    ]
    out.sort(key=lambda m: (m[2], m[0]))
    return out


def find(frame: pl.DataFrame, lexicon: Lexicon) -> pl.DataFrame:
    """The mentions without their sentence index, which :func:`label_shares` does not need."""
    clash = sorted(set(group_columns(frame)) & {"sentence", *MENTION_COLUMNS})
    if clash:
        raise DiscourseError(
            f"corpus column(s) {clash} would clash with the columns of the mentions; rename them"
        )
    automaton = matcher(lexicon)
    rows = frame.select(may_match(automaton)).to_series().arg_true()
    texts = frame["text"].gather(rows)
    # A few megabytes at a time: the working arrays stay small enough to be fast.
    size = texts.str.len_bytes().cum_sum().to_numpy()
    cuts = np.searchsorted(size, np.arange(_CHUNK_BYTES, int(size.max(initial=0)), _CHUNK_BYTES))
    parts = []
    for lo, hi in itertools.pairwise([0, *np.unique(cuts).tolist(), len(texts)]):
        if hi > lo:
            found = _find_all(texts[lo:hi], automaton, _plan(lexicon))
            parts.append((found[0] + lo, *found[1:]))
    columns = [np.concatenate(c) for c in zip(*parts, strict=True)] if parts else [_EMPTY] * 8
    doc, si, li, start, end, quoted, byte_start, byte_end = columns
    names = [s.name for s in lexicon.label_sets]
    labels = [label.name for s in lexicon.label_sets for label in s.labels]
    first = np.cumsum([0] + [len(s.labels) for s in lexicon.label_sets])[:-1]
    hits = pl.DataFrame(
        {
            "row": rows.gather(doc),
            "label_set": pl.Series(names, dtype=pl.String).gather(si),
            "label": pl.Series(labels, dtype=pl.String).gather(first[si] + li),
            "match": texts.cast(pl.Binary).gather(doc),
            "start": pl.Series(start, dtype=pl.Int64),
            "end": pl.Series(end, dtype=pl.Int64),
            "quoted": pl.Series(quoted, dtype=pl.Boolean),
            "_byte": pl.Series(byte_start, dtype=pl.Int64),
            "_bytes": pl.Series(byte_end - byte_start, dtype=pl.Int64),
        }
    ).with_columns(
        # Sliced by bytes: a character slice reads each text from its start.
        pl.col("match").bin.slice("_byte", "_bytes").cast(pl.String),
    )
    docs = frame.select("doc_id", *group_columns(frame)).with_row_index("row")
    return docs.join(hits, on="row", how="inner", maintain_order="right").drop(
        "row", "_byte", "_bytes"
    )


_CHUNK_BYTES = 2_000_000
_EMPTY = np.zeros(0, dtype=np.int64)


class _Plan(NamedTuple):
    """The automaton's anchors as polars searches them, and what each literal anchor stands for."""

    anchors: list[str]
    anchor_bytes: np.ndarray  # UTF-8 length of each anchor
    wild: np.ndarray  # whether some variant behind the anchor has a wildcard
    first: np.ndarray  # targets of anchor a: rows first[a] : first[a + 1] of the arrays below
    label_set: np.ndarray
    code: np.ndarray  # label index, or -1 - label index for an exclusion
    # The anchors' byte trie: bytes fall into classes (0: in no anchor); step[state * classes +
    # class] is the next state, or -1; ends[state] the anchor spelt by the path to it, or -1.
    # All int32 (uint8 for the classes): the walk's gathers move half the bytes of int64.
    byte_class: np.ndarray
    classes: int
    step: np.ndarray
    ends: np.ndarray
    pair: np.ndarray  # the state after two bytes from the root, by ``first << 8 | second``
    single: np.ndarray  # the anchor that is one byte, by byte, or -1
    lead: np.ndarray  # whether an anchor starts with the byte (bool, by byte)
    longest: int  # bytes in the longest anchor


@lru_cache(maxsize=8)
def _plan(lexicon: Lexicon) -> _Plan:
    """:func:`matcher`'s anchors, and the ``(label set, code)`` targets behind each, as arrays."""
    automaton = matcher(lexicon)
    by_anchor: dict[str, list[int]] = {}
    for rank, variant in enumerate(automaton.variants):
        by_anchor.setdefault(variant.anchor, []).append(rank)
    anchors = list(by_anchor)
    wild = np.array([not all(automaton._literal[r] for r in by_anchor[a]) for a in anchors])
    first = [0]
    targets: list[Target] = []
    for anchor in anchors:
        seen = set()
        for rank in by_anchor[anchor]:
            pattern = automaton.variants[rank].pattern
            if pattern in seen:  # the same span of one query is reported once
                continue
            seen.add(pattern)
            key = cast(tuple[Target, ...], automaton.labels[pattern])
            targets.extend(key)
        first.append(len(targets))
    label_sets, codes = np.array(targets, dtype=np.int64).reshape(-1, 2).T
    trie: list[dict[int, int]] = [{}]
    ends = [-1]
    for index, anchor in enumerate(anchors):
        state = 0
        for byte in anchor.encode():
            if byte not in trie[state]:
                trie[state][byte] = len(trie)
                trie.append({})
                ends.append(-1)
            state = trie[state][byte]
        ends[state] = index
    used = sorted({byte for moves in trie for byte in moves})
    byte_class = np.zeros(256, dtype=np.int64)
    byte_class[used] = np.arange(1, len(used) + 1)
    step = np.full((len(trie), len(used) + 1), -1, dtype=np.int64)
    for state, moves in enumerate(trie):
        step[state, byte_class[list(moves)]] = list(moves.values())
    pair = np.full(1 << 16, -1, dtype=np.int64)
    single = np.full(256, -1, dtype=np.int64)
    for one, middle in trie[0].items():
        single[one] = ends[middle]
        for two, state in trie[middle].items():
            pair[one << 8 | two] = state
    sizes = np.array([len(a.encode()) for a in anchors], dtype=np.int64)
    lead = np.zeros(256, dtype=bool)
    lead[list(trie[0])] = True
    return _Plan(
        anchors,
        sizes,
        wild,
        np.array(first, dtype=np.int64),
        label_sets,
        codes,
        byte_class.astype(np.uint8),
        len(used) + 1,
        step.ravel().astype(np.int32),
        np.array(ends, dtype=np.int32),
        pair.astype(np.int32),
        single,
        lead,
        int(sizes.max()),
    )


#: ASCII word characters (Rust's ``\\w`` on ASCII: letters, digits, "_"), by byte.
_ASCII_WORD = np.array([b < 0x80 and (chr(b).isalnum() or chr(b) == "_") for b in range(256)])


def _walk(utf8: np.ndarray, plan: _Plan) -> tuple[np.ndarray, np.ndarray]:
    """Every occurrence of every anchor in ``utf8`` that does not start right after an ASCII
    word character, as ``(byte offset, anchor)``: the anchors' trie walked from all those
    positions at once (the first two bytes in one look-up), a byte a step; every match that
    overlapping Aho–Corasick reports and that can start a whole-word match.

    Only positions whose byte can start an anchor are looked at past the first step, and the
    walk reads the bytes it needs at each step rather than classifying the whole text."""
    found_at: list[np.ndarray] = []
    found: list[np.ndarray] = []
    if (plan.single >= 0).any():
        free = ~_ASCII_WORD[utf8[:-2]]  # the byte before position 1, 2, ...
        pos = np.flatnonzero(free & (plan.single[utf8[1:-1]] >= 0)) + 1
        found_at.append(pos)
        found.append(plan.single[utf8[pos]])
    # Positions whose byte lies in the range of the anchors' first bytes (a superset of the
    # starts, the pair look-up drops the rest), after no ASCII word character: comparisons,
    # several times faster than two table look-ups over every byte.
    first, last = np.flatnonzero(plan.lead)[[0, -1]]
    prev, cur = utf8[:-2], utf8[1:-1]
    folded = prev | np.uint8(32)  # ASCII capitals to small letters
    word = ((folded - np.uint8(97)) <= 25) | ((prev - np.uint8(48)) <= 9) | (prev == 95)
    start = np.flatnonzero(((cur - np.uint8(first)) <= np.uint8(last - first)) & ~word) + 1
    pairs = plan.pair[(utf8[start].astype(np.int32) << 8) | utf8[start + 1]]
    alive = pairs >= 0
    pos, state = start[alive], pairs[alive]
    classes = np.int32(plan.classes)
    depth = 2
    while len(pos):
        anchor = plan.ends[state]
        hit = anchor >= 0
        found_at.append(pos[hit])
        found.append(anchor[hit])
        state = plan.step[state * classes + plan.byte_class[utf8[pos + depth]]]
        alive = state >= 0
        pos, state = pos[alive], state[alive]
        depth += 1
    if not found:
        return _EMPTY, _EMPTY
    return np.concatenate(found_at), np.concatenate(found).astype(np.int64)


@cache
def _word_table() -> np.ndarray:
    """Whether each code point is a word character: Rust's Unicode ``\\w``, as polars has it."""
    codes = np.r_[0:0xD800, 0xE000:0x110000].astype(np.uint32)
    chars = codes.tobytes().decode("utf-32-le")
    words = pl.Series([chars]).str.replace_all(r"\W+", "").item()
    table = np.zeros(0x110000, dtype=bool)
    table[_codes(words)] = True
    return table


@cache
def _space_table() -> np.ndarray:
    """Whether each code point is whitespace that folding collapses (``_fold.WHITESPACE``)."""
    table = np.zeros(0x110000, dtype=bool)
    space = re.compile(f"[{WHITESPACE}]")
    table[[c for c in range(0x3001) if space.match(chr(c))]] = True
    return table


def _is_word(utf8: np.ndarray, at: np.ndarray, *, before: bool) -> np.ndarray:
    """Whether the character that ends (``before``) or starts at each byte offset ``at`` of
    ``utf8`` is a word character (an ASCII byte is the character itself; the others, few, are
    decoded one by one)."""
    words = _word_table()
    byte = utf8[at]
    out = words[byte]
    wide = np.flatnonzero(byte >= 0x80)
    if len(wide):
        chars = []
        for k in at[wide].tolist():
            if before:
                while utf8[k] & 0xC0 == 0x80:
                    k -= 1
            lead = int(utf8[k])
            size = 1 + (lead >= 0xC0) + (lead >= 0xE0) + (lead >= 0xF0)
            chars.append(ord(utf8[k : k + size].tobytes().decode()))
        out[wide] = words[chars]
    return out


def _joined(texts: pl.Series, *, pad: int = 0) -> np.ndarray:
    """The UTF-8 bytes of ``texts``, each after a NUL separator, a NUL after the last one and
    ``pad`` more zero bytes (joined by polars: many times faster than ``str.join``)."""
    body = texts.str.join("\x00").cast(pl.Binary).item() if len(texts) else b""
    return np.frombuffer(b"\x00" + body + b"\x00" + bytes(pad), dtype=np.uint8)


class _Chars(NamedTuple):
    """Texts as characters, decoded from UTF-8 in numpy: each character's first byte (the
    character itself when ASCII) and the code points of the few others."""

    lead: np.ndarray  # uint8, one per character
    wide: np.ndarray  # the characters that are not ASCII, by index
    wide_codes: np.ndarray  # their code points (uint32)
    shift: np.ndarray  # continuation byte i less i: turns character offsets into byte offsets


def _decoded(utf8: np.ndarray) -> _Chars:
    """The characters of UTF-8 bytes (see :class:`_Chars`)."""
    first = (utf8 & 0xC0) != 0x80
    lead = utf8[first]
    shift = np.flatnonzero(~first)
    shift -= np.arange(len(shift))
    wide = np.flatnonzero(lead >= 0x80)
    codes = np.zeros(len(wide), dtype=np.uint32)
    if len(wide):
        at = wide + np.searchsorted(shift, wide, side="right")
        last = len(utf8) - 1
        b0 = lead[wide].astype(np.uint32)
        b1, b2, b3 = (utf8[np.minimum(at + k, last)].astype(np.uint32) & 0x3F for k in (1, 2, 3))
        codes = np.where(
            b0 >= 0xF0,
            (b0 & 0x07) << 18 | b1 << 12 | b2 << 6 | b3,
            np.where(b0 >= 0xE0, (b0 & 0x0F) << 12 | b1 << 6 | b2, (b0 & 0x1F) << 6 | b1),
        ).astype(np.uint32)
    return _Chars(lead, wide, codes, shift)


def _code_at(chars: _Chars, index: np.ndarray) -> np.ndarray:
    """The code points of the characters at ``index``."""
    out = chars.lead[index].astype(np.uint32)
    wide = np.flatnonzero(out >= 0x80)
    if len(wide):
        out[wide] = chars.wide_codes[np.searchsorted(chars.wide, index[wide])]
    return out


def _byte_at(chars: _Chars, index: np.ndarray) -> np.ndarray:
    """The byte offsets of the characters at ``index``."""
    return index + np.searchsorted(chars.shift, index, side="right")


def _count(flags: np.ndarray) -> np.ndarray:
    """The running count of true flags (``np.cumsum`` of a bool array is several times slower)."""
    return np.cumsum(flags.view(np.uint8), dtype=np.int64)


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


#: Documents the vectorised path leaves to :func:`_mentions_in`: folding changes their length
#: other than by collapsing whitespace (soft hyphen, "İ"), or they hold the separator it uses.
_SLOW_CHARS = ["\xad", "\u0130", "\x00"]


def _find_all(texts: pl.Series, automaton: PhraseMatcher, plan: _Plan) -> tuple[np.ndarray, ...]:
    """Mentions in ``texts`` as arrays ``(doc, label set, label, start, end, quoted)``, sorted by
    document, start and label set: what :func:`_mentions_in` gives for each text, found for all
    texts at once."""
    slow = texts.str.contains_any(_SLOW_CHARS).fill_null(False).to_numpy()
    fast = np.flatnonzero(~slow)
    folded = texts.gather(fast).to_frame("text").select(fold_expr("text"))["text"]
    # Every folded text, one after the other, each between separators (and padding at the end,
    # so that the walk may read past the last text).
    utf8 = _joined(folded, pad=plan.longest)
    byte0 = np.cumsum(np.r_[1, folded.str.len_bytes().to_numpy().astype(np.int64) + 1])
    at, anchor = _walk(utf8, plan)
    doc = np.searchsorted(byte0, at, side="right") - 1
    # Documents where a wildcard may match go the Python way, whole.
    wild_docs = np.unique(doc[plan.wild[anchor]])
    if len(wild_docs):
        keep = ~np.isin(doc, wild_docs)
        doc, at, anchor = doc[keep], at[keep], anchor[keep]
    parts = [_vectorised(texts.gather(fast), utf8, plan.longest, doc, at, anchor, plan)]
    # ... mapped back to positions in ``texts``
    parts[0] = (fast[parts[0][0]], *parts[0][1:])
    slow_rows = np.union1d(np.flatnonzero(slow), fast[wild_docs]).astype(np.int64)
    if len(slow_rows):
        parts.append(_python_path(texts, slow_rows, automaton))
    if len(parts) == 1:  # already in order
        return parts[0]
    columns = [np.concatenate(c) for c in zip(*parts, strict=True)]
    order = np.lexsort((columns[1], columns[3], columns[0]))
    return tuple(c[order] for c in columns)


def _python_path(
    texts: pl.Series, rows: np.ndarray, automaton: PhraseMatcher
) -> tuple[np.ndarray, ...]:
    """:func:`_mentions_in` for the texts at ``rows``, as the arrays :func:`_find_all` returns."""
    found = [
        (row, *mention)
        for row, text in zip(rows.tolist(), texts.gather(rows).to_list(), strict=True)
        for mention in _mentions_in(text, automaton)
    ]
    columns = np.array(found, dtype=np.int64).reshape(-1, 6).T
    texts_of = texts.gather(columns[0]).to_list() if len(found) else []
    byte_start, byte_end = (
        np.array(
            [len(text[:at].encode()) for text, at in zip(texts_of, column.tolist(), strict=True)],
            dtype=np.int64,
        )
        for column in (columns[3], columns[4])
    )
    return (*columns[:5], columns[5].astype(bool), byte_start, byte_end)


def _vectorised(
    texts: pl.Series,
    utf8: np.ndarray,
    pad: int,
    doc: np.ndarray,
    byte_start: np.ndarray,
    anchor: np.ndarray,
    plan: _Plan,
) -> tuple[np.ndarray, ...]:
    """Resolve the literal anchor hits ``(doc, byte offset in utf8, anchor)``, where ``utf8``
    holds the folded ``texts`` between separators, in UTF-8, then ``pad`` zero bytes."""
    empty = np.zeros(0, dtype=np.int64)
    if not len(doc):
        return empty, empty, empty, empty, empty, empty.astype(bool), empty, empty
    # A character offset is the byte offset less the continuation bytes before it.
    continuation = np.flatnonzero((utf8 & 0xC0) == 0x80)
    byte_end = byte_start + plan.anchor_bytes[anchor]
    fold_start = byte_start - np.searchsorted(continuation, byte_start)
    fold_end = byte_end - np.searchsorted(continuation, byte_end)
    whole = ~_is_word(utf8, byte_start - 1, before=True) & ~_is_word(utf8, byte_end, before=False)
    doc, anchor, fold_start, fold_end = (
        doc[whole],
        anchor[whole],
        fold_start[whole],
        fold_end[whole],
    )
    # Folding keeps every character but the 2nd, 3rd... of a whitespace run, in order: a folded
    # offset is that plus the characters dropped before the one it stands for.
    chars = _decoded(_joined(texts))
    space = (chars.lead == 32) | ((chars.lead - np.uint8(9)) <= 4)
    space[chars.wide] = _space_table()[chars.wide_codes]  # few: looked up, the rest compared
    dropped = np.flatnonzero(space[1:] & space[:-1]) + 1
    if len(chars.lead) - len(dropped) != len(utf8) - pad - len(continuation):
        raise AssertionError("the folded texts do not line up with the texts")
    gap = dropped - np.arange(len(dropped))
    start = fold_start + np.searchsorted(gap, fold_start, side="right")
    end = fold_end + np.searchsorted(gap, fold_end, side="right")
    text0 = np.cumsum(np.r_[1, texts.str.len_chars().to_numpy().astype(np.int64) + 1])
    # One candidate per target of each anchor hit.
    counts = plan.first[anchor + 1] - plan.first[anchor]
    hit = np.repeat(np.arange(len(doc)), counts)
    target = np.arange(len(hit)) - np.repeat(np.cumsum(counts) - counts, counts)
    target += plan.first[anchor][hit]
    doc, start, end = doc[hit], start[hit], end[hit]
    si, code = plan.label_set[target], plan.code[target]
    # In each label set, in text order (offsets run on across documents). Candidates with one
    # start all overlap, so their order only breaks ties between identical mentions.
    size = len(chars.lead) + 1
    sets = int(plan.label_set.max()) + 1
    order = np.argsort(si * size + start, kind="stable")
    doc, si, code, start, end = doc[order], si[order], code[order], start[order], end[order]
    doc, si, code, start, end = _resolved(doc, si, code, start, end, size)
    order = np.argsort(start * sets + si)
    doc, si, code, start, end = doc[order], si[order], code[order], start[order], end[order]
    quoted = _quoted(chars, text0[1:] - 1, start, end)
    first = _byte_at(chars, text0[doc])
    return (
        doc,
        si,
        code,
        start - text0[doc],
        end - text0[doc],
        quoted,
        _byte_at(chars, start) - first,
        _byte_at(chars, end) - first,
    )


def _resolved(
    doc: np.ndarray, si: np.ndarray, code: np.ndarray, start: np.ndarray, end: np.ndarray, size: int
) -> tuple[np.ndarray, ...]:
    """:func:`_resolve` for every document and label set at once, given the candidates in the
    order :func:`_mentions_in` collects them (``size`` is more than any offset).

    Candidates that overlap none in their set are kept (unless exclusions); in a cluster of
    overlapping ones where the winner (the one :func:`_resolve` takes first) overlaps all the
    others, only the winner stands; other clusters go through :func:`_resolve` itself.
    """
    if not len(doc):
        return doc, si, code, start, end
    # Offsets run on across documents, so a cluster never spans two of them.
    group = np.r_[True, si[1:] != si[:-1]]
    shift = _count(group) * size
    reach = np.maximum.accumulate(end + shift)
    new = group | np.r_[True, start[1:] + shift[1:] >= reach[:-1]]
    cluster = _count(new) - 1
    bounds = np.flatnonzero(np.r_[new, True])
    alone = np.diff(bounds) == 1
    tangled = np.flatnonzero(~alone)
    keep = alone[cluster] & (code >= 0)
    # The winner of each cluster: longest, then earliest, phrase before exclusion, lower label.
    rows = np.flatnonzero(~alone[cluster])
    simple = np.ones(len(alone), dtype=bool)
    if len(rows):
        sub = cluster[rows]
        a, b, c = start[rows], end[rows], code[rows]
        order = rows[np.lexsort((np.abs(c), c < 0, a, a - b, sub))]
        first = np.flatnonzero(np.r_[True, cluster[order][1:] != cluster[order][:-1]])
        top = np.zeros(len(alone), dtype=np.int64)
        top[cluster[order[first]]] = order[first]
        np.logical_and.at(simple, sub, (a < end[top[sub]]) & (b > start[top[sub]]))
        winners = top[tangled][simple[tangled]]
        keep[winners] = code[winners] >= 0
    resolved: list[tuple[int, int, int, int, int]] = []
    for c in tangled[~simple[tangled]].tolist():
        lo, hi = int(bounds[c]), int(bounds[c + 1])
        candidates = [
            (a, b, label, False)
            for a, b, label in zip(
                start[lo:hi].tolist(), end[lo:hi].tolist(), code[lo:hi].tolist(), strict=True
            )
        ]
        d, s = int(doc[lo]), int(si[lo])
        resolved.extend((d, s, label, a, b) for a, b, label in _resolve(candidates))
    extra = np.array(resolved, dtype=np.int64).reshape(-1, 5).T
    return tuple(
        np.r_[column[keep], more]
        for column, more in zip((doc, si, code, start, end), extra, strict=True)
    )


_QUOTE_MARKS = np.array([ord(c) for c in "\"“”„'‘’"], dtype=np.uint32)


@cache
def _char_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every code point: Python's ``str.isspace``; whether it makes a straight quote after
    it an opening one (``_quotes._OPENERS_BEFORE``, or the separator: a text start); whether it
    is a quotation mark."""
    space = np.zeros(0x110000, dtype=bool)
    space[[c for c in range(0x3001) if chr(c).isspace()]] = True
    opener = np.zeros(0x110000, dtype=bool)
    opener[[0, *map(ord, _OPENERS_BEFORE)]] = True
    quote = np.zeros(0x110000, dtype=bool)
    quote[_QUOTE_MARKS] = True
    return space, opener, quote


def _quoted(chars: _Chars, ends: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whether each mention ``[start, end)`` lies inside a quotation, by the rules of
    :func:`discourse.text._quotes.quote_spans`, for texts laid end to end in ``chars`` (each
    after a ``0`` separator, ``ends`` the separators after them)."""
    out = np.zeros(len(start), dtype=bool)
    if not len(start):
        return out
    space, opener, quote = _char_tables()
    codes = chars.lead
    marks = np.union1d(
        np.flatnonzero((codes == ord('"')) | (codes == ord("'"))),
        chars.wide[quote[chars.wide_codes]],
    )
    # A paragraph break: a line break, whitespace other than line breaks, a line break.
    lines = np.flatnonzero(codes == 10)
    after_line = lines + 1
    ahead = _code_at(chars, after_line)
    pending = np.flatnonzero(space[ahead] & (ahead != 10))
    while len(pending):
        after_line[pending] += 1
        ahead = _code_at(chars, after_line[pending])
        pending = pending[space[ahead] & (ahead != 10)]
    breaks = lines[_code_at(chars, after_line) == 10]
    mark = _code_at(chars, marks)
    opening = opener[_code_at(chars, marks - 1)]
    after = _code_at(chars, marks + 1)
    after[after == 0] = ord(" ")  # a text's end counts as a space
    straight_double, straight_single = ord('"'), ord("'")
    double_open = (mark == ord("“")) | (mark == ord("„")) | ((mark == straight_double) & opening)
    double_close = ~double_open & ((mark == straight_double) | (mark == ord("”")))
    single = ~double_open & ~double_close
    single_open = single & (
        (mark == ord("‘")) | ((mark == straight_single) & opening & ~_is(after, str.isspace))
    )
    single_close = single & ~single_open & ~_is(after, str.isalnum)
    for opens, closes, end_spans in (
        (double_open, double_close, True),
        (single_open, single_close, False),
    ):
        spans = _spans(marks[opens], marks[closes], breaks, ends, end_spans=end_spans)
        if not len(spans[0]):
            continue
        k = np.searchsorted(spans[0], start) - 1
        out |= (k >= 0) & (end <= spans[1][np.maximum(k, 0)])
    return out


def _is(codes: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """``test`` of each character, asked once per distinct character."""
    unique, index = np.unique(codes, return_inverse=True)
    return np.array([test(chr(c)) for c in unique.tolist()], dtype=bool)[index]


def _spans(
    opens: np.ndarray, closes: np.ndarray, breaks: np.ndarray, ends: np.ndarray, *, end_spans: bool
) -> tuple[np.ndarray, np.ndarray]:
    """``(open, close)`` of each quotation: from the first opening mark after a reset to the
    reset that follows (a closing mark; a paragraph break or text end too when ``end_spans``);
    a stretch without an opening mark quotes nothing."""
    pos = np.concatenate([opens, closes, breaks, ends])
    kind = np.repeat([0, 1, 2, 2], [len(opens), len(closes), len(breaks), len(ends)])
    order = np.argsort(pos, kind="stable")
    pos, kind = pos[order], kind[order]
    reset = kind > 0
    segment = _count(reset) - reset
    is_open = kind == 0
    segments: np.ndarray
    segments, first = np.unique(segment[is_open], return_index=True)
    open_at = pos[is_open][first]
    close = np.flatnonzero(reset)[segments]
    valid = np.ones(len(segments), dtype=bool) if end_spans else kind[close] == 1
    return open_at[valid], pos[close][valid]


def may_match(automaton: PhraseMatcher) -> pl.Expr:
    """Whether a document can hold a match: a fast Rust pass that skips most texts without one."""
    text = pl.col("text").cast(pl.String)
    needles = automaton.prefilter
    if needles is None:
        return text.fill_null("") != ""
    return (
        text.str.contains_any(needles, ascii_case_insensitive=True)
        | text.str.contains_any(list(FOLD_MAKES_ASCII))
    ).fill_null(False)


def with_sentence(mentions: pl.DataFrame, corpus: pl.DataFrame) -> pl.DataFrame:
    """Add each mention's sentence index, splitting only the documents that have mentions."""
    with_hits = corpus.filter(pl.col("doc_id").is_in(mentions["doc_id"].unique().implode()))
    groups = mentions.columns[1 : mentions.columns.index("label_set")]
    # The spans alone (``row``: the document's position in ``with_hits``), as sentences() finds
    # them, without building each sentence's text.
    if with_hits["doc_id"].is_duplicated().any():
        return _with_sentence_joined(mentions, with_hits, groups)
    bounds = sentence_spans(with_hits["text"])
    if bounds.height == 0:
        return _with_sentence_joined(mentions, with_hits, groups)
    # Each mention's sentence: the last of its document that starts at or before it.
    docs = with_hits.select("doc_id").with_row_index("_doc")
    mention_doc = _doc_numbers(mentions, docs)
    sentence_doc = bounds["row"].to_numpy()
    sentence_start = bounds["start"].to_numpy()
    start = mentions["start"].to_numpy()
    size = int(max(sentence_start.max(), start.max(initial=0))) + 1
    keys = sentence_doc * size + sentence_start
    # Spans come in document order, then by start: the keys are sorted already.
    order = np.arange(len(keys)) if (np.diff(keys) > 0).all() else np.argsort(keys, kind="stable")
    keys = keys[order]
    found = np.searchsorted(keys, mention_doc * size + start, side="right") - 1
    row = order[np.maximum(found, 0)]
    valid = pl.Series((found >= 0) & (mention_doc >= 0) & (sentence_doc[row] == mention_doc))
    located = bounds.select("sentence", "start", "end")[row].select(
        pl.when(valid).then(pl.col("sentence").cast(pl.Int64)).alias("sentence"),
        pl.when(valid).then(pl.col("start")).alias("sentence_start"),
        pl.when(valid).then(pl.col("end")).alias("sentence_end"),
    )
    return pl.concat([mentions, located], how="horizontal").select(
        "doc_id", *groups, "sentence", *MENTION_COLUMNS, "sentence_start", "sentence_end"
    )


def _doc_numbers(frame: pl.DataFrame, docs: pl.DataFrame) -> np.ndarray:
    """The position of each row's ``doc_id`` among ``docs`` (-1 when absent), looked up once per
    run of rows with one ``doc_id`` (mentions and sentences come document by document)."""
    run = frame["doc_id"].rle_id()
    heads = frame.select("doc_id").filter(run.is_first_distinct())
    numbers = heads.join(docs, on="doc_id", how="left", maintain_order="left")["_doc"]
    return numbers.fill_null(-1).cast(pl.Int64).to_numpy()[run.to_numpy()]


def _with_sentence_joined(
    mentions: pl.DataFrame, with_hits: pl.DataFrame, groups: list[str]
) -> pl.DataFrame:
    """:func:`with_sentence` by an as-of join on ``doc_id``, for corpora whose ids repeat (the
    sentences of documents sharing an id are then pooled, as they always were) or without any
    sentence."""
    bounds = sentences(with_hits).select(
        "doc_id",
        pl.col("sentence").cast(pl.Int64),
        pl.col("start").alias("sentence_start"),
        pl.col("end").alias("sentence_end"),
    )
    located = (
        mentions.with_row_index("_order")
        .sort("start")
        .join_asof(
            bounds.sort("sentence_start"),
            left_on="start",
            right_on="sentence_start",
            by="doc_id",
            strategy="backward",
            check_sortedness=False,  # sorted by start overall, so sorted within each document
        )
        .sort("_order")
    )
    return located.select(
        "doc_id", *groups, "sentence", *MENTION_COLUMNS, "sentence_start", "sentence_end"
    )
