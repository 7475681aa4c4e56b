"""Unigram and bigram tables by sorting packed integer keys, for :func:`term_counts`.

Each token becomes an integer id (a polars ``Categorical`` shared by every batch). In a batch of
documents, each n-gram occurrence is one ``UInt64``: group code, token id(s), then the
document's index in the batch, in that order of bits. Sorted, the keys of one (group, n-gram)
lie together with their documents in order, so comparing neighbours gives both counts at once:
``n`` is the length of the run and ``docs`` the number of distinct document indexes in it. No
string or tuple is ever hashed. Batch results are merged by the same kind of key and summed,
and compacted as they accumulate, so memory follows the number of distinct n-grams rather than
the size of the corpus. Sorting integers is what makes this about three times faster than
grouping n-gram strings per document and then per group (see ``benchmarks/README.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import polars as pl

from discourse._ngrams import is_dropped, token_lists
from discourse.errors import DiscourseError

__all__ = ["packed_counts"]

_DROPPED = 2**32 - 1  # the id of a sentence break or stopword: never part of an n-gram
_BATCH = 2_000  # documents per batch: 1M articles of 600 words stay under 2 GB
# Merge batch results once they hold at least this many rows: fewer merges for a corpus already
# in memory, bounded memory for one streamed from disk.
_COMPACT = {True: 24_000_000, False: 8_000_000}
_U64 = np.uint64


def _runs(keys: np.ndarray, low_bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort ``keys`` in place; per distinct ``keys >> low_bits``: the value, the number of keys,
    and the number of distinct keys."""
    keys.sort()
    new = np.empty(keys.size, dtype=bool)
    new[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    first = np.flatnonzero(new)
    copies = np.diff(first, append=keys.size)
    high = keys[first] >> _U64(low_bits)
    new = new[: high.size]
    np.not_equal(high[1:], high[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    return high[starts], np.add.reduceat(copies, starts), np.diff(starts, append=high.size)


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
        # Field widths only grow, from room for a million word types, so that parts rarely
        # need re-packing when they are merged.
        self.bits = [1] + [20] * ngram

    def add(self, group: np.ndarray, ids: np.ndarray, doc: np.ndarray, bad: np.ndarray) -> None:
        """Count the n-grams of one batch: ``group`` per document; ``ids`` of all its tokens in
        order, with each token's document index ``doc`` and whether it is ``bad`` (dropped)."""
        if self.ngram == 1:
            keep = ~bad
            columns = [group[doc[keep]], ids[keep]]
            doc = doc[keep]
        else:
            keep = (doc[1:] == doc[:-1]) & ~bad[1:] & ~bad[:-1]
            doc = doc[:-1][keep]
            columns = [group[doc], ids[:-1][keep], ids[1:][keep]]
        if doc.size == 0:
            return
        need = [max(int(c.max()).bit_length(), 1) for c in columns]
        self.bits = [max(a, b) for a, b in zip(self.bits, need, strict=True)]
        bits = self.bits if sum(self.bits) < 64 else need
        room = 64 - sum(bits)
        if room < 0:
            raise DiscourseError(
                f"{sum(bits)} bits are needed to pack one n-gram: too many groups or token "
                "types to count this way; count fewer groups at a time."
            )
        # A batch whose document indexes do not fit beside the ids is counted in slices.
        step = 1 << room
        for first in range(0, int(doc[-1]) + 1, step):
            part = (doc >= first) & (doc < first + step) if step <= doc[-1] else slice(None)
            keys = _pack([*(c[part] for c in columns), doc[part] - first], [*bits, room])
            high, n, docs = _runs(keys, room)
            self.parts.append((high, bits, n, docs))
            self.rows += high.size
        if self.rows - self.merged > max(self.threshold, self.merged):
            # Merging only once the new rows outnumber the merged ones keeps the total work
            # O(rows log rows), and memory at most twice the merged table.
            self.compact()

    def compact(self) -> None:
        """Merge the parts into one. Each part is sorted, so the stable sort only merges runs."""
        if len(self.parts) < 2:
            return
        bits = [max(widths) for widths in zip(*(p[1] for p in self.parts), strict=True)]
        keys = np.concatenate(
            [k if b == bits else _pack(_unpack(k, b), bits) for k, b, _, _ in self.parts]
        )
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        new = np.empty(keys.size, dtype=bool)
        new[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        n, docs = (np.concatenate([p[i] for p in self.parts])[order] for i in (2, 3))
        self.parts = [
            (keys[starts], bits, np.add.reduceat(n, starts), np.add.reduceat(docs, starts))
        ]
        self.rows = self.merged = starts.size

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
    lf: pl.LazyFrame, keys: list[str], sizes: list[int], stop: set[str], *, in_memory: bool
) -> pl.DataFrame:
    """``[*keys, term, n, docs]`` for every n-gram of the ``sizes`` (1 and/or 2), sorted by
    group, ``n`` descending, then term; the text is tokenised once for all sizes."""
    categories = pl.Categories.random()
    # Polars keeps a Categories' mapping only while some column or plan of that type exists (a
    # cast Series turned into integers at once does not keep it), and a dropped mapping hands out
    # the same ids again to other words. The running query holds it; this column says so and
    # holds it until the words are read back.
    anchor = pl.Series("anchor", [], dtype=pl.Categorical(categories))
    elem = pl.element()
    code = elem.cast(pl.Categorical(categories)).to_physical()
    ids = pl.when(is_dropped(elem, stop)).then(pl.lit(_DROPPED, pl.UInt32)).otherwise(code)
    query = token_lists(lf, keys).select(*keys, ids=pl.col("tok").list.eval(ids))
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
    out = _table_frame(tables, groups, lf.select(keys).collect_schema(), categories)
    del anchor
    return out


def _row_order(
    group_rank: np.ndarray, n: np.ndarray, word_order: np.ndarray, word_bits: int
) -> np.ndarray:
    """The permutation sorting rows by group rank, ``n`` descending, then word order.

    One ``argsort`` of packed keys (group rank, largest ``n`` minus ``n``, the word order or,
    if that is too wide, its dense rank) when they fit in 64 bits, which is several times
    faster than a sort on three columns; that sort otherwise.
    """
    most = int(n.max())
    bits = [max(int(group_rank.max()).bit_length(), 1), most.bit_length()]
    # Every (group, term) is one row, so the keys are distinct and any sort is stable.
    if sum(bits) + word_bits <= 64:
        return np.argsort(_pack([group_rank, most - n, word_order], [*bits, word_bits]))
    distinct, dense = np.unique(word_order, return_inverse=True)
    if sum(bits) + distinct.size.bit_length() <= 64:
        return np.argsort(_pack([group_rank, most - n, dense], [*bits, 64 - sum(bits)]))
    columns = {"g": group_rank, "n": n, "w": word_order}
    return (
        pl.DataFrame(columns)
        .select(pl.arg_sort_by(["g", "n", "w"], descending=[False, True, False]))
        .to_series()
        .to_numpy()
    )


def _table_frame(
    tables: list[_Table],
    groups: dict[tuple[object, ...], int],
    schema: pl.Schema,
    words: pl.Categories,
) -> pl.DataFrame:
    """The counts as ``[*keys, term, n, docs]``, sorted by group, ``n`` descending, then term.

    Rows are sorted on integers before any string is built: groups by their rank among the
    groups, terms by each word's rank in the vocabulary (the first word's in the high bits, the
    second's, or 0 for a unigram, in the low ones). That is the order of the strings because
    a token holds no character below the separating space.
    """
    keys = list(schema)
    parts = [table.columns() for table in tables if table.parts]
    if not parts:
        return pl.DataFrame(schema={**schema, "term": pl.String, "n": pl.Int64, "docs": pl.Int64})
    names = pl.DataFrame(list(groups), schema=schema, orient="row") if keys else None
    by_rank = np.zeros(len(groups), dtype=np.uint32)
    if names is not None:
        by_rank[names.with_row_index("code").sort(keys)["code"].to_numpy()] = np.arange(len(groups))
    vocabulary = words.to_series()
    rank = vocabulary.rank("ordinal").cast(pl.UInt64).to_numpy()
    # A unigram's second word is 0 (rank 0 sorts first: "a" before "a b").
    group, first, second, n, docs = (
        np.concatenate(c)
        for c in zip(
            *(
                [g, ids[0], ids[1] if ids[1:] else np.zeros_like(ids[0]), n, d]
                for g, *ids, n, d in parts
            ),
            strict=True,
        )
    )
    unigram = np.concatenate([np.full(p[0].size, len(p) == 4) for p in parts])
    width = int(rank.max()).bit_length()
    word_order = (rank[first] << _U64(width)) | np.where(unigram, 0, rank[second])
    order = _row_order(by_rank[group], n, word_order, 2 * width)
    first_word = vocabulary.gather(first[order])
    second_word = vocabulary.gather(second[order])
    term = pl.select(
        pl.when(pl.lit(unigram[order]))
        .then(pl.lit(first_word))
        .otherwise(pl.lit(first_word) + " " + second_word)
    ).to_series()
    counts = pl.DataFrame(
        [
            term.alias("term"),
            pl.Series("n", n[order], pl.Int64),
            pl.Series("docs", docs[order], pl.Int64),
        ]
    )
    if names is None:
        return counts
    return pl.concat([names[group[order]], counts], how="horizontal")
