"""Label mentions and counts of a lazily read corpus, a batch of documents at a time.

A LazyFrame (``pl.scan_parquet``, or a saved :class:`~discourse.CorpusIndex`'s documents) is
read in batches; each batch's mentions are found and, for the shares, counted at once (mentions,
quoted mentions and documents per group and label, documents per group), and the batch tables
summed. Neither the texts nor the mention rows are ever held whole, and the counts are exact:
a document lies in one batch, so its labels are counted in one batch only. When a ``doc_id``
repeats in the corpus, the in-memory count of ``docs`` counts distinct ids across batches;
these functions then return ``None`` and the caller counts as before, so results never differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import cast

import polars as pl

from discourse._typing import Period
from discourse.corpus._frame import group_columns, require_columns
from discourse.errors import NotApplicableError
from discourse.framing import _shares
from discourse.framing.lexicon import Lexicon
from discourse.terms.frequency import with_period

Find = Callable[[pl.DataFrame, Lexicon], pl.DataFrame]
Locate = Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame]

# Partial tables are summed once this many have accumulated, so they stay small too.
_SUM_EVERY = 16


def batches(lazy: pl.LazyFrame, rows: int) -> Iterator[pl.DataFrame]:
    """The frame ``rows`` documents at a time, in order; one empty batch for an empty frame."""
    empty = True
    for batch in lazy.collect_batches(chunk_size=rows):
        if batch.height == 0 and not empty:
            continue
        empty = False
        yield batch
    if empty:
        yield lazy.head(0).collect()


def needed(corpus: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """The columns mentions are found with (``doc_id``, every group column, ``text``)."""
    require_columns(corpus, ["doc_id", *keys, "text"], what="label_shares")
    return corpus.select(list(dict.fromkeys(["doc_id", *group_columns(corpus), "text"])))


def kept(
    lazy: pl.LazyFrame, lexicon: Lexicon, rows: int, find: Find
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The corpus without its text, and its mentions without their text and offsets, read
    batch by batch: the mention rows are kept whole, for the exact counts when ids repeat."""
    frames, found = [], []
    for batch in batches(lazy, rows):
        frames.append(batch.drop("text"))
        found.append(find(batch, lexicon).drop("match", "start", "end"))
    return pl.concat(frames), pl.concat(found)


class _Ids:
    """Whether any ``doc_id`` repeats across the batches seen (by hash: a collision only sends
    the caller to the exact in-memory count, it never changes a result)."""

    def __init__(self) -> None:
        self.hashes: list[pl.Series] = []

    def add(self, batch: pl.DataFrame) -> None:
        self.hashes.append(batch.get_column("doc_id").hash())

    def repeat(self) -> bool:
        return bool(pl.concat(self.hashes).is_duplicated().any()) if self.hashes else False


def mentions(
    lazy: pl.LazyFrame, lexicon: Lexicon, rows: int, find: Find, locate: Locate
) -> pl.DataFrame | None:
    """The located mentions (as ``_located_mentions``) batch by batch; ``None`` when ids repeat."""
    ids, found = _Ids(), []
    for batch in batches(lazy, rows):
        ids.add(batch)
        found.append(locate(find(batch, lexicon), batch))
    return None if ids.repeat() else pl.concat(found)


@dataclass
class _Tally:
    """Documents per group and mention counts per group and label, summed over batches."""

    group: list[str]
    documents: list[pl.DataFrame] = field(default_factory=list)
    counts: list[pl.DataFrame] = field(default_factory=list)

    def add(self, documents: pl.DataFrame, counts: pl.DataFrame) -> None:
        self.documents.append(documents)
        self.counts.append(counts)
        if len(self.counts) >= _SUM_EVERY:
            self.documents, self.counts = [self.summed_documents()], [self.summed_counts()]

    def summed_documents(self) -> pl.DataFrame:
        return _sum(self.documents, self.group)

    def summed_counts(self) -> pl.DataFrame:
        return _sum(self.counts, [*self.group, "label_set", "label"])


def _sum(parts: list[pl.DataFrame], on: list[str]) -> pl.DataFrame:
    stacked = pl.concat(parts)
    counts = [c for c in stacked.columns if c not in on]
    return stacked.group_by(on).agg(pl.col(counts).sum().cast(pl.Int64))


def shares(
    lazy: pl.LazyFrame,
    lexicon: Lexicon,
    keys: list[str],
    *,
    include_quoted: bool,
    rows: int,
    find: Find,
) -> pl.DataFrame | None:
    """:func:`discourse.label_shares` of ``lazy`` (its ``doc_id``, group columns and ``text``);
    ``None`` when a ``doc_id`` repeats."""
    tally, ids = _Tally(keys or [_shares._ALL]), _Ids()
    documents = found = 0
    for batch in batches(lazy, rows):
        ids.add(batch)
        mentions = find(batch, lexicon)
        documents += batch.height
        found += mentions.height
        tally.add(*_shares.tally(batch, mentions, keys, include_quoted=include_quoted))
    if ids.repeat():
        return None
    if found == 0:
        raise NotApplicableError(_shares.no_hit_message(documents))
    return _shares.table(tally.summed_documents(), tally.summed_counts(), lexicon, keys)


def shares_over_time(
    lazy: pl.LazyFrame,
    lexicon: Lexicon,
    keys: list[str],
    *,
    every: Period,
    label_set: str | None,
    include_quoted: bool,
    rows: int,
    find: Find,
) -> pl.DataFrame | None:
    """:func:`discourse.label_shares_over_time` of ``lazy``, counted batch by batch as
    :func:`shares` counts; ``None`` when a ``doc_id`` repeats. Raises as the in-memory path."""
    dates = "published" in lazy.collect_schema().names()
    periodic = [*keys, every]
    tally, ids = _Tally(periodic), _Ids()
    documents = found = dated = 0
    for batch in batches(lazy, rows):
        ids.add(batch)
        mentions = find(batch, lexicon)
        documents += batch.height
        found += mentions.height
        if not dates:
            continue
        periods = cast(pl.DataFrame, with_period(batch.select("doc_id", "published"), every=every))
        periods = periods.drop("published").drop_nulls(every)
        dated += periods.height
        frame = batch.drop(every, strict=False).join(periods, on="doc_id", maintain_order="left")
        mentions = mentions.drop(every, strict=False).join(
            periods, on="doc_id", maintain_order="left"
        )
        tally.add(*_shares.tally(frame, mentions, periodic, include_quoted=include_quoted))
    if ids.repeat():
        return None
    if found == 0:
        raise NotApplicableError(_shares.no_hit_message(documents))
    if not dates or dated == 0:
        raise NotApplicableError(_shares.undated_message(documents))
    counts = tally.summed_counts()
    counted = counts if label_set is None else counts.filter(label_set=label_set)
    _shares.require_spans(counted.get_column(every).unique().sort(), dated, every, label_set)
    table = _shares.table(tally.summed_documents(), counts, lexicon, periodic)
    return table if label_set is None else table.filter(label_set=label_set)
