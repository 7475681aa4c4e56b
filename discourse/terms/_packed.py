"""N-gram tables (1 to 3 words) by sorting packed integer keys, for :func:`term_counts`.

Each token becomes an integer id (a polars ``Categorical`` shared by every batch). In a batch of
documents, each n-gram occurrence is one ``UInt64``: group code, token id(s), then the
document's index in the batch, in that order of bits. Sorted, the keys of one (group, n-gram)
lie together with their documents in order, so comparing neighbours gives both counts at once:
``n`` is the length of the run and ``docs`` the number of distinct document indexes in it. No
string or tuple is ever hashed. Batch results are merged by the same kind of key and summed,
and compacted as they accumulate, so memory follows the number of distinct n-grams rather than
the size of the corpus. Sorting integers is what makes this two to four times faster than
grouping n-gram strings per document and then per group (see ``benchmarks/README.md``). When
the ids leave few bits for the document index, a stable sort keeps documents in order instead;
when even the ids do not fit (very many groups or word types), :class:`TooWide` sends the caller
back to strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import polars as pl

from discourse._typing import Possessives
from discourse.terms._ngrams import is_dropped, token_lists

__all__ = ["TooWide", "packed_counts"]

_DROPPED = 2**32 - 1  # the id of a sentence break or stopword: never part of an n-gram
_BATCH = 2_000  # documents per batch: 1M articles of 600 words stay under 2 GB
# Merge batch results once they hold at least this many rows: fewer merges for a corpus already
# in memory, bounded memory for one streamed from disk.
#: Rows of unmerged batch results that trigger a merge (in memory, streamed). One threshold for
#: both: at 64M a 100,000-article trigram table peaked 0.9 GB higher for no measurable speed.
_COMPACT = {True: 8_000_000, False: 8_000_000}
_SPLIT = 16_000_000  # a merge of this many rows or more runs as two halves in two threads
_U64 = np.uint64
_KEY_BITS = 64
_MIN_ROOM = 6  # fewer bits for the document index: a stable sort instead of slices


class TooWide(Exception):
    """Too many groups or word types to pack one n-gram in a key; count with strings instead."""


def _changes(values: np.ndarray) -> np.ndarray:
    """Where a sorted array starts a new value: True at 0 and wherever it differs from before."""
    new = np.empty(values.size, dtype=bool)
    new[:1] = True
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return new


def _runs(keys: np.ndarray, low_bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort ``keys`` in place; per distinct ``keys >> low_bits``: the value, the number of keys,
    and the number of distinct keys."""
    keys.sort()
    first = np.flatnonzero(_changes(keys))
    copies = np.diff(first, append=keys.size)
    high = keys[first] >> _U64(low_bits)
    starts = np.flatnonzero(_changes(high))
    return high[starts], np.add.reduceat(copies, starts), np.diff(starts, append=high.size)


def _stable_runs(keys: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As :func:`_runs`, for keys without the document index: ``doc`` (ascending) gives it."""
    order = np.argsort(keys, kind="stable")
    keys, doc = keys[order], doc[order]
    new_key = _changes(keys)
    starts = np.flatnonzero(new_key)
    docs = np.add.reduceat((new_key | _changes(doc)).astype(np.int64), starts)
    return keys[starts], np.diff(starts, append=keys.size), docs


def _merge(
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted keys with ``n`` and ``docs`` summed per key, from parts each sorted by key."""
    keys = np.concatenate([k for k, _, _ in parts])
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(_changes(keys))
    n, docs = (np.concatenate([p[i] for p in parts])[order] for i in (1, 2))
    n_sum, docs_sum = (_narrow(np.add.reduceat(c, starts, dtype=np.int64)) for c in (n, docs))
    return keys[starts], n_sum, docs_sum


def _narrow(counts: np.ndarray) -> np.ndarray:
    """Counts as UInt32 when they fit (half the memory of int64), else as they are; sums are
    taken in int64 and narrowed again, so nothing wraps."""
    if counts.size == 0 or int(counts.max()) < 2**32:
        return counts.astype(np.uint32, copy=False)
    return counts


def _pack(columns: list[np.ndarray], bits: list[int]) -> np.ndarray:
    """One ``UInt64`` per row: the columns side by side, the first in the highest bits."""
    out = columns[0].astype(_U64)
    for column, width in zip(columns[1:], bits[1:], strict=True):
        out <<= _U64(width)
        # Unsigned columns widen inside the ufunc without a copy; signed ones (never negative
        # here) have no common type with UInt64 and are converted.
        np.bitwise_or(out, column if column.dtype.kind == "u" else column.astype(_U64), out=out)
    return out


def _unpack(keys: np.ndarray, bits: list[int]) -> list[np.ndarray]:
    columns = []
    for width in reversed(bits):
        columns.append((keys & _U64((1 << width) - 1)).astype(np.uint32))
        keys = keys >> _U64(width)
    return columns[::-1]


class _Table:
    """Counts per (group code, token ids), merged batch by batch.

    Each part is ``(keys, bits, n, docs)``: sorted packed keys with the widths of their fields.
    """

    def __init__(self, ngram: int, *, in_memory: bool = False) -> None:
        self.ngram = ngram
        self.threshold = _COMPACT[in_memory]
        self.parts: list[tuple[np.ndarray, list[int], np.ndarray, np.ndarray]] = []
        self.rows = 0
        self.merged = 0  # rows in parts[0] after the last merge
        # Field widths only grow, from room for a million word types (a hundred thousand for
        # trigrams), so that parts rarely need re-packing when they are merged.
        self.bits = [1] + [20 if ngram < 3 else 17] * ngram

    def add(self, group: np.ndarray, ids: np.ndarray, doc: np.ndarray, bad: np.ndarray) -> None:
        """Count the n-grams of one batch: ``group`` per document; ``ids`` of all its tokens in
        order, with each token's document index ``doc`` and whether it is ``bad`` (dropped)."""
        size = self.ngram
        span = ids.size - (size - 1)
        if span <= 0:
            return
        # An n-gram starts at each token whose n-th successor is in the same document, if none
        # of its tokens is dropped.
        keep = ~bad[:span]
        for i in range(1, size):
            keep &= ~bad[i : i + span]
        if size > 1:
            keep &= doc[size - 1 :] == doc[:span]
        doc = doc[:span][keep]
        columns = [group[doc], *(ids[i : i + span][keep] for i in range(size))]
        if doc.size == 0:
            return
        need = [max(int(c.max()).bit_length(), 1) for c in columns]
        self.bits = [max(a, b) for a, b in zip(self.bits, need, strict=True)]
        bits = self.bits if sum(self.bits) < _KEY_BITS else need
        room = _KEY_BITS - sum(bits)
        if room < 0:
            raise TooWide(f"{sum(bits)} bits are needed to pack one n-gram")
        if room < _MIN_ROOM:
            # Too few bits for document indexes: a stable sort keeps each n-gram's occurrences
            # in document order instead (slower than a plain sort, faster than many slices).
            self._append(*_stable_runs(_pack(columns, bits), doc), bits)
        else:
            # A batch whose document indexes do not fit beside the ids is counted in slices.
            step = 1 << room
            for first in range(0, int(doc[-1]) + 1, step):
                part = (doc >= first) & (doc < first + step) if step <= doc[-1] else slice(None)
                keys = _pack([*(c[part] for c in columns), doc[part] - first], [*bits, room])
                self._append(*_runs(keys, room), bits)
        if self.rows - self.merged > max(self.threshold, self.merged):
            # Merging only once the new rows outnumber the merged ones keeps the total work
            # O(rows log rows), and memory at most twice the merged table.
            self.compact()

    def _append(self, keys: np.ndarray, n: np.ndarray, docs: np.ndarray, bits: list[int]) -> None:
        self.parts.append((keys, bits, _narrow(n), _narrow(docs)))
        self.rows += keys.size

    def compact(self) -> None:
        """Merge the parts into one. Each part is sorted, so the stable sort only merges runs;
        a large merge is cut at one key into two halves merged in two threads."""
        if len(self.parts) < 2:
            return
        bits = [max(widths) for widths in zip(*(p[1] for p in self.parts), strict=True)]
        parts = [
            (k if b == bits else _pack(_unpack(k, b), bits), n, d) for k, b, n, d in self.parts
        ]
        rows = sum(k.size for k, _, _ in parts)
        if rows < _SPLIT:
            merged = [_merge(parts)]
        else:
            largest = max(parts, key=lambda p: p[0].size)[0]
            pivot = largest[largest.size // 2]
            cuts = [int(np.searchsorted(k, pivot)) for k, _, _ in parts]
            halves = [
                [(k[:c], n[:c], d[:c]) for (k, n, d), c in zip(parts, cuts, strict=True)],
                [(k[c:], n[c:], d[c:]) for (k, n, d), c in zip(parts, cuts, strict=True)],
            ]
            with ThreadPoolExecutor(max_workers=2) as pool:
                merged = list(pool.map(_merge, halves))
        keys, n, docs = (np.concatenate(c) for c in zip(*merged, strict=True))
        self.parts = [(keys, bits, n, docs)]
        self.rows = self.merged = keys.size

    def columns(self) -> list[np.ndarray]:
        """``[group, id..., n, docs]`` after :meth:`compact`; empty when nothing was counted."""
        if not self.parts:
            return []
        keys, bits, n, docs = self.parts[0]
        return [*_unpack(keys, bits), n, docs]


def _batches(query: pl.LazyFrame) -> Iterator[pl.DataFrame]:
    # As in frequency._collect: the source is read twice rather than cached, and the engine
    # works on morsels of _BATCH documents (its default, meant for short rows, would hold the
    # token lists of whole parquet row groups).
    flags = pl.QueryOptFlags(comm_subplan_elim=False)
    with pl.Config(streaming_chunk_size=_BATCH):
        yield from query.collect_batches(chunk_size=_BATCH, engine="streaming", optimizations=flags)


def packed_counts(
    lf: pl.LazyFrame,
    keys: list[str],
    sizes: list[int],
    stop: set[str],
    *,
    in_memory: bool,
    top: int | None = None,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """``[*keys, term, n, docs]`` for every n-gram of the ``sizes`` (1 to 3), sorted by group,
    ``n`` descending, then term; the text is tokenised once for all sizes. With ``top``, only
    each group's first ``top`` rows in that order, chosen before any string is built. Raises
    :class:`TooWide` when an n-gram's key would need more than 64 bits."""
    categories = pl.Categories.random()
    # Polars keeps a Categories' mapping only while some column or plan of that type exists (a
    # cast Series turned into integers at once does not keep it), and a dropped mapping hands out
    # the same ids again to other words. The running query holds it; this column says so and
    # holds it until the words are read back.
    anchor = pl.Series("anchor", [], dtype=pl.Categorical(categories))
    elem = pl.element()
    code = elem.cast(pl.Categorical(categories)).to_physical()
    ids = pl.when(is_dropped(elem, stop)).then(pl.lit(_DROPPED, pl.UInt32)).otherwise(code)
    query = token_lists(lf, keys, possessives).select(*keys, ids=pl.col("tok").list.eval(ids))
    groups: dict[tuple[object, ...], int] = {}
    tables = [_Table(n, in_memory=in_memory) for n in sizes]
    # Each table counts a batch in a thread of its own (numpy releases the GIL) while this one
    # takes the next batch from polars: one batch in flight per table bounds the memory.
    with ThreadPoolExecutor(max_workers=len(tables)) as pool:
        pending: list[Future[None]] = []
        for batch in _batches(query):
            rows = batch.select(keys).iter_rows() if keys else (() for _ in range(batch.height))
            group = np.fromiter(
                (groups.setdefault(row, len(groups)) for row in rows), np.uint32, batch.height
            )
            lengths = batch["ids"].list.len().fill_null(0).to_numpy()
            flat = batch["ids"].explode().drop_nulls().to_numpy()
            doc = np.repeat(np.arange(lengths.size, dtype=np.uint32), lengths)
            for done in pending:
                done.result()
            pending = [pool.submit(t.add, group, flat, doc, flat == _DROPPED) for t in tables]
        for done in pending:
            done.result()
        list(pool.map(_Table.compact, tables))
    out = _table_frame(tables, groups, lf.select(keys).collect_schema(), categories, top=top)
    del anchor
    return out


def _row_order(group_rank: np.ndarray, n: np.ndarray, ranks: list[np.ndarray]) -> np.ndarray:
    """The permutation sorting rows by group rank, ``n`` descending, then the words' ranks.

    One ``argsort`` of packed keys (group rank, largest ``n`` minus ``n``, the word ranks or, if
    they are too wide, the dense rank of their packed order) when they fit in 64 bits, which is
    several times faster than a sort on several columns; that sort otherwise.
    """
    most = int(n.max())
    bits = [max(int(group_rank.max()).bit_length(), 1), most.bit_length()]
    width = max(int(r.max()).bit_length() for r in ranks)
    # Every (group, term) is one row, so the keys are distinct and any sort is stable.
    if width * len(ranks) <= 64:
        word_order = _pack(ranks, [width] * len(ranks))
        if sum(bits) + width * len(ranks) <= 64:
            return np.argsort(
                _pack([group_rank, most - n, word_order], [*bits, width * len(ranks)])
            )
        distinct, dense = np.unique(word_order, return_inverse=True)
        if sum(bits) + distinct.size.bit_length() <= 64:
            return np.argsort(_pack([group_rank, most - n, dense], [*bits, 64 - sum(bits)]))
    columns = {"g": group_rank, "n": n} | {f"w{i}": r for i, r in enumerate(ranks)}
    descending = [False, True] + [False] * len(ranks)
    return (
        pl.DataFrame(columns)
        .select(pl.arg_sort_by(list(columns), descending=descending))
        .to_series()
        .to_numpy()
    )


def _first_per_group(group_rank: np.ndarray, top: int) -> np.ndarray:
    """Where a row is among the first ``top`` of its group, for rows sorted by group.

    Examples
    --------
    >>> _first_per_group(np.array([0, 0, 0, 2, 2, 5]), 2).tolist()
    [True, True, False, True, True, True]
    """
    new = _changes(group_rank)
    starts = np.flatnonzero(new)
    position = np.arange(group_rank.size) - starts[np.cumsum(new) - 1]
    return position < top


def _top_candidates(parts: list[list[np.ndarray]], top: int) -> list[list[np.ndarray]]:
    """The rows of ``parts`` (``[group, id..., n, docs]``) that may be among their group's
    ``top`` most frequent: ``n`` at least the group's ``top``-th largest ``n`` (ties all kept).

    Examples
    --------
    >>> part = [np.array([0, 0, 0, 1], np.uint32), np.array([7, 8, 9, 7], np.uint32),
    ...         np.array([5, 1, 1, 2]), np.array([1, 1, 1, 1])]
    >>> [c.tolist() for c in _top_candidates([part], 1)[0]]
    [[0, 1], [7, 7], [5, 2], [1, 1]]
    >>> _top_candidates([part], 2)[0][1].tolist()
    [7, 8, 9, 7]
    """
    group = np.concatenate([p[0] for p in parts])
    n = np.concatenate([p[-2] for p in parts])
    most = int(n.max())
    width = max(most.bit_length(), 1)
    keys = _pack([group, most - n], [max(int(group.max()).bit_length(), 1), width])
    del n
    keys.sort()
    sorted_group = keys >> _U64(width)
    starts = np.flatnonzero(_changes(sorted_group))
    last = np.append(starts[1:], keys.size) - 1
    nth = np.minimum(starts + top - 1, last)
    threshold = np.zeros(int(group.max()) + 1, dtype=np.int64)
    threshold[sorted_group[starts]] = most - (keys[nth] & _U64((1 << width) - 1)).astype(np.int64)
    del keys, sorted_group, group
    out = []
    for part in parts:
        keep = part[-2] >= threshold[part[0]]
        out.append([column[keep] for column in part])
    return out


def _table_frame(
    tables: list[_Table],
    groups: dict[tuple[object, ...], int],
    schema: pl.Schema,
    words: pl.Categories,
    *,
    top: int | None = None,
) -> pl.DataFrame:
    """The counts as ``[*keys, term, n, docs]``, sorted by group, ``n`` descending, then term;
    with ``top``, each group's first ``top`` rows only.

    Rows are sorted on integers before any string is built: groups by their rank among the
    groups, terms by their words' ranks in the vocabulary, first word first, 0 where a shorter
    n-gram has no word ("a" before "a b" before "a b c"). That is the order of the strings
    because a token holds no character below the separating space.
    """
    keys = list(schema)
    parts = [table.columns() for table in tables if table.parts]
    if not parts:
        return pl.DataFrame(schema={**schema, "term": pl.String, "n": pl.Int64, "docs": pl.Int64})
    if top is not None:
        # Sorting every row by term needs several arrays of the table's size; the rows that can
        # be among a group's first are few, and only they are sorted and turned into strings.
        parts = _top_candidates(parts, top)
    names = pl.DataFrame(list(groups), schema=schema, orient="row") if keys else None
    by_rank = np.zeros(len(groups), dtype=np.uint32)
    if names is not None:
        by_rank[names.with_row_index("code").sort(keys)["code"].to_numpy()] = np.arange(len(groups))
    vocabulary = words.to_series()
    rank = np.append(vocabulary.rank("ordinal").cast(pl.UInt64).to_numpy(), 0)
    longest = max(len(p) - 3 for p in parts)
    missing = len(vocabulary)  # the id of a word a shorter n-gram lacks: rank 0, no word
    group, n, docs = (np.concatenate([p[i] for p in parts]) for i in (0, -2, -1))
    ids = [
        np.concatenate([p[1 + i] if i < len(p) - 3 else np.full(p[0].size, missing) for p in parts])
        for i in range(longest)
    ]
    order = _row_order(by_rank[group], n, [rank[i] for i in ids])
    if top is not None:
        # Ties at a group's top-th count were all kept as candidates: now cut by term.
        order = order[_first_per_group(by_rank[group[order]], top)]
    # A word a shorter n-gram lacks is a null index, so a null word that concat_str skips.
    word = [
        vocabulary.gather(pl.Series(i[order]).replace(missing, None).cast(pl.UInt32)) for i in ids
    ]
    term = pl.concat_str([pl.lit(w) for w in word], separator=" ", ignore_nulls=True)
    counts = pl.DataFrame(
        [
            pl.select(term.alias("term")).to_series(),
            pl.Series("n", n[order], pl.Int64),
            pl.Series("docs", docs[order], pl.Int64),
        ]
    )
    if names is None:
        return counts
    return pl.concat([names[group[order]], counts], how="horizontal")
