"""Same-story pairs on a Dask DataFrame: MinHash bands bucketed across partitions by a shuffle.

The result equals :func:`discourse.same_story` in memory, row for row, because every step the
in-memory call takes over the whole corpus is taken here over the whole corpus too:

1. **Census** (one pass): rows, the outlets, and the publication key of the last document that
   has a 3-word shingle. Repeated ``doc_id`` values are sought by a Dask groupby.
2. **Publication order.** The in-memory call leaves out the shingles found in many documents,
   counting them on a sample of documents picked by their row in publication order. Below
   10,000 documents every document is counted and no order is needed; above, the documents'
   keys (publication date, ``doc_id``: a few bytes each, never the text) are sorted by Dask, and
   the rows of the picked documents (5,000 to 10,000 of them) come back to the client.
3. **Common shingles**: per-partition counts of the picked documents' shingles, summed in a
   tree; those above the in-memory limit are kept (a small table).
4. **Bands**: each partition signs its documents with the in-memory MinHash code and emits one
   row per document and band (band hash, document, outlet code, day). A Dask shuffle on the
   band hash brings equal bands together wherever their documents lie; each bucket pairs its
   documents, the outlet and time-window rules applied there, and the pairs are deduplicated.
5. **Verification**: the candidate pairs (a small per-pair table) are grouped by the pair of
   partitions their documents lie in; a task takes only those documents from the two
   partitions and scores the pairs exactly as in memory.
"""

from __future__ import annotations

import inspect
from typing import Any, NamedTuple

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import polars as pl

from discourse.cluster._engine import SPLIT_EVERY, connect, only, reduce_partitions, to_polars
from discourse.errors import DiscourseError
from discourse.stories import _minhash
from discourse.stories import pairs as _pairs

_NEEDED = ["doc_id", "outlet", "published", "text"]
#: Documents the in-memory common-shingle count samples (``_minhash.informative``'s default).
_SAMPLE: int = inspect.signature(_minhash.informative).parameters["sample"].default
#: A document is numbered ``partition << 32 | position in its partition``.
_SHIFT = 32


def _order_key() -> pl.Expr:
    """A string whose byte order is the in-memory publication order: ``published`` (nulls
    last), then ``doc_id`` (nulls last). Both parts have a fixed-width prefix."""
    physical = pl.col("published").to_physical().cast(pl.Int64)
    flipped = (physical.cast(pl.UInt64, wrap_numerical=True) ^ pl.lit(1 << 63, pl.UInt64)).cast(
        pl.String
    )
    undated = pl.lit("2" + "0" * 20)
    date = pl.when(physical.is_null()).then(undated).otherwise(pl.lit("1") + flipped.str.zfill(20))
    named = pl.lit("0") + pl.col("doc_id").cast(pl.String)
    doc = pl.when(pl.col("doc_id").is_null()).then(pl.lit("1")).otherwise(named)
    return pl.concat_str(date, doc)


def _word_counts(frame: pl.DataFrame) -> np.ndarray:
    _, rows = _minhash.word_hashes(frame["text"])
    return np.bincount(rows.astype(np.int64), minlength=frame.height)


#: Rows per partition of a shuffled table (band rows, document ids): about 100 MB.
_ROWS_PER_PART = 3_000_000


def _out_partitions(docs: dd.DataFrame, n_docs: int, per_doc: int) -> int:
    """Partitions of a table of ``per_doc`` rows per document: by its size, at most as many
    as the corpus has."""
    return max(1, min(docs.npartitions, -(-n_docs * per_doc // _ROWS_PER_PART)))


def _shuffle_method(partitions: int) -> str | None:
    """Dask's task shuffle for a few output partitions (no set-up cost); otherwise Dask's
    default (peer-to-peer on a distributed cluster), made for large shuffles."""
    return "tasks" if partitions <= SPLIT_EVERY else None


# --- 1. census -------------------------------------------------------------------------------


class Census(NamedTuple):
    """What one pass over the corpus tells: rows, outlets, the largest order key of a
    document with a 3-word shingle, and (below ``2 * _SAMPLE`` documents, where the in-memory
    count takes every document) the documents per shingle, so a small corpus needs no pass
    to count them."""

    rows: int
    outlets: frozenset[Any]
    last_key: str | None
    counts: pl.DataFrame | None


def _census(frame: pl.DataFrame) -> Census:
    shingled = pl.Series(_word_counts(frame) >= _pairs.SHINGLE)
    keys = frame.select(_order_key().alias("key"))["key"].filter(shingled)
    small = frame.height < 2 * _SAMPLE
    return Census(
        frame.height,
        frozenset(frame["outlet"].unique().to_list()),
        keys.max(),  # type: ignore[arg-type]
        _shingle_counts(frame, None) if small else None,
    )


def _merge_census(parts: list[Census]) -> Census:
    keys = [p.last_key for p in parts if p.last_key is not None]
    rows = sum(p.rows for p in parts)
    counts = [p.counts for p in parts]
    small = rows < 2 * _SAMPLE and all(c is not None for c in counts)
    return Census(
        rows,
        frozenset().union(*(p.outlets for p in parts)),
        max(keys) if keys else None,
        _sum_counts([c for c in counts if c is not None]) if small else None,
    )


def _check_unique_ids(docs: dd.DataFrame, n_docs: int) -> None:
    """The in-memory error for repeated ``doc_id`` values, found by a Dask groupby."""
    ids = docs[["doc_id"]].assign(n=1)
    out = _out_partitions(docs, n_docs, 1)
    counts = ids.groupby("doc_id", dropna=False).n.sum(
        split_out=out, shuffle_method=_shuffle_method(out)
    )
    repeated = counts[counts > 1].compute()
    if len(repeated):
        names = sorted(repeated.index.dropna().tolist())[:5]
        raise DiscourseError(
            f"same_story needs unique doc_id values; repeated: {names}. "
            "Read the corpus with discourse.read_corpus, which makes them unique."
        )


# --- 2. publication order (only beyond 10,000 documents) -------------------------------------


def _keys(part: pd.DataFrame) -> pd.DataFrame:
    frame = to_polars(part)
    shingled = _word_counts(frame) >= _pairs.SHINGLE
    return frame.select(
        _order_key().alias("key"), "doc_id", shingled=pl.Series(shingled, dtype=pl.Boolean)
    ).to_pandas(use_pyarrow_extension_array=True)


def _length(part: pd.DataFrame) -> int:
    return len(part)


def _picked(part: pd.DataFrame, offset: int, step: int) -> list[Any]:
    """``doc_id`` of the shingled documents the in-memory sample picks by row (``informative``)."""
    frame = to_polars(part).with_row_index("row", offset=offset)
    picked = (pl.col("row").cast(pl.UInt64).hash(seed=7) % step) == 0
    return frame.filter(pl.col("shingled"), picked)["doc_id"].to_list()


def _sample(docs: dd.DataFrame, n_docs: int, last_key: str | None) -> tuple[int, Any]:
    """``(step, picked doc_ids)`` of the in-memory sample; ``None``: every document."""
    if last_key is None or n_docs < 2 * _SAMPLE:
        return 1, None  # every row is below 2 * _SAMPLE: step 1
    meta = pd.DataFrame(
        {
            "key": pd.Series([], dtype="string[pyarrow]"),
            "doc_id": pd.Series([], dtype="string[pyarrow]"),
            "shingled": pd.Series([], dtype="bool[pyarrow]"),
        }
    )
    ordered = docs.map_partitions(_keys, meta=meta, enforce_metadata=False)
    ordered = ordered.sort_values("key").persist()
    parts = ordered.to_delayed()
    lengths = dask.compute(*[dask.delayed(_length)(p) for p in parts])
    offsets = np.r_[0, np.cumsum(lengths)].astype(int)
    # The last shingled document's row: the documents ordered before it, counted.
    last_row = int(sum(dask.compute(*[dask.delayed(_before)(p, last_key) for p in parts])))
    step = max(1, (last_row + 1) // _SAMPLE)
    if step == 1:
        return 1, None
    lists = dask.compute(
        *[dask.delayed(_picked)(p, int(offsets[i]), step) for i, p in enumerate(parts)]
    )
    return step, pl.Series("doc_id", [d for ids in lists for d in ids], dtype=pl.String)


def _before(part: pd.DataFrame, key: str) -> int:
    return int(to_polars(part)["key"].lt(key).sum())


# --- 3. common shingles ----------------------------------------------------------------------


def _shingle_counts(frame: pl.DataFrame, picked: pl.Series | None) -> pl.DataFrame:
    """Documents per 3-word shingle among the partition's picked documents."""
    if picked is not None:
        frame = frame.filter(pl.col("doc_id").is_in(picked.implode()))
    hashes, rows = _minhash.shingle_hashes(frame["text"], _pairs.SHINGLE)
    return (
        pl.DataFrame({"row": rows, "hash": hashes})
        .unique()
        .group_by("hash")
        .agg(docs=pl.len().cast(pl.Int64))
    )


def _sum_counts(parts: list[pl.DataFrame]) -> pl.DataFrame:
    if not parts:
        return pl.DataFrame(schema={"hash": pl.UInt64, "docs": pl.Int64})
    return pl.concat(parts).group_by("hash").agg(pl.col("docs").sum())


def _common_shingles(docs: dd.DataFrame, census: Census) -> pl.Series:
    """The 3-word shingles the in-memory call leaves unsigned (``_minhash.informative``)."""
    n_docs = census.rows
    if census.counts is not None:
        step, counts = 1, census.counts
    else:
        step, picked = _sample(docs, n_docs, census.last_key)
        counts = reduce_partitions(docs, _shingle_counts, _sum_counts, picked)
    limit = max(_pairs._COMMON, n_docs // 100)
    return counts.filter(pl.col("docs") * step > limit)["hash"].sort()


# --- 4. bands, shuffled ----------------------------------------------------------------------

_BAND_META = pd.DataFrame(
    {
        "key": pd.Series([], dtype="uint64"),
        "doc": pd.Series([], dtype="int64"),
        "outlet": pd.Series([], dtype="int64"),
        "day": pd.Series([], dtype="Int64"),
    }
)


def _signed(frame: pl.DataFrame, common: pl.Series, num_perm: int) -> dict[str, Any]:
    """What the in-memory call computes per document, for this frame's documents."""
    words = _minhash.word_hashes(frame["text"])
    hashes, rows = _minhash.shingle_hashes(frame["text"], _pairs.SHINGLE, words=words)
    signed = ~pl.Series(hashes).is_in(common.implode()).to_numpy()
    signature, present = _minhash.signatures(hashes[signed], rows[signed], num_perm=num_perm)
    return {
        "words": words,
        "hashes": hashes,
        "rows": rows,
        "signature": signature,
        "present": present,
        "sizes": _minhash.set_sizes(hashes[signed], rows[signed], frame.height),
        "long_enough": np.bincount(words[1].astype(np.int64), minlength=frame.height)
        >= _pairs.MIN_WORDS,
    }


def _band_rows(
    part: pd.DataFrame,
    number: int,
    *,
    common: pl.Series,
    num_perm: int,
    bands: int,
    width: int,
    outlets: dict[Any, int],
) -> pd.DataFrame:
    """One row per document and band: the band's hash (as ``_minhash.candidate_pairs`` makes
    it), the document's number, outlet code and day. Documents too short to pair emit none."""
    frame = to_polars(part)
    signed = _signed(frame, common, num_perm)
    present = signed["present"].astype(np.int64)
    keep = signed["long_enough"][present]
    signature, present = signed["signature"][keep], present[keep]
    outlet = np.array([outlets[o] for o in frame["outlet"].to_list()], dtype=np.int64)
    # Days bound the buckets' pairs only for dates; other types are checked in verification.
    day = frame["published"].to_physical().cast(pl.Int64)
    if frame.schema["published"] != pl.Date:
        day = pl.Series([None] * frame.height, dtype=pl.Int64)
    keys = []
    for band in range(bands):
        block = signature[:, band * width : (band + 1) * width].astype(np.uint64)
        key = np.full(len(block), band, np.uint64)
        for column in block.T:
            key = key * _minhash._MIX ^ column
        keys.append(key)
    rows = np.tile(present, bands)
    return pd.DataFrame(
        {
            "key": np.concatenate(keys) if keys else np.empty(0, np.uint64),
            "doc": (number << _SHIFT) | rows,
            "outlet": outlet[rows],
            "day": pd.array(day.gather(rows).to_list(), dtype="Int64"),
        }
    )


def _bucket_pairs(
    part: pd.DataFrame, *, within_days: int | None, same_outlet: bool
) -> pd.DataFrame:
    """Pairs ``(a, b)``, ``a < b``, of documents sharing a band hash in this bucket, kept by the
    in-memory outlet and time-window rules."""
    buckets = pl.from_pandas(part, include_index=False)
    shared = buckets.filter(pl.len().over("key") > 1)
    pairs = shared.join(shared, on="key", suffix="_b").filter(pl.col("doc") < pl.col("doc_b"))
    if not same_outlet:
        pairs = pairs.filter(pl.col("outlet") != pl.col("outlet_b"))
    if within_days is not None:
        gap = (pl.col("day_b") - pl.col("day")).abs()
        pairs = pairs.filter(gap.le(within_days).fill_null(True))
    found = pairs.select(a=pl.col("doc"), b=pl.col("doc_b")).unique()
    return found.to_pandas()


# --- 5. verification -------------------------------------------------------------------------


def _subset(part: pd.DataFrame, number: int, positions: list[int]) -> pl.DataFrame:
    """The partition's documents at ``positions``, numbered."""
    frame = (
        to_polars(part)
        .with_row_index("doc")
        .select(
            (pl.lit(number << _SHIFT, pl.Int64) | pl.col("doc").cast(pl.Int64)).alias("doc"),
            *_NEEDED,
        )
    )
    return frame.filter(pl.col("doc").is_in(pl.Series([(number << _SHIFT) | p for p in positions])))


def _verify(
    candidates: pl.DataFrame,
    documents: list[pl.DataFrame],
    *,
    common: pl.Series,
    threshold: float,
    within_days: int | None,
    same_outlet: bool,
    num_perm: int,
) -> pl.DataFrame:
    """The in-memory scoring of ``same_story``, for candidate pairs of the given documents."""
    docs = pl.concat(documents).unique("doc").sort("published", "doc_id", nulls_last=True)
    per_doc = _signed(docs, common, num_perm)
    words, hashes, rows = per_doc["words"], per_doc["hashes"], per_doc["rows"]
    signature, present = per_doc["signature"], per_doc["present"]
    # The earlier document (publication order) is ``a``, as rows are in memory.
    local = {doc: row for row, doc in enumerate(docs["doc"].to_list())}
    ends = np.array(
        [[local[a], local[b]] for a, b in candidates.select("a", "b").iter_rows()], dtype=np.int64
    ).reshape(-1, 2)
    found = pl.DataFrame({"a": ends.min(axis=1), "b": ends.max(axis=1)})
    return _pairs._scored_pairs(
        found,
        docs,
        sizes=per_doc["sizes"],
        long_enough=per_doc["long_enough"],
        words=words,
        hashes=hashes,
        rows=rows,
        signature=signature,
        present=present,
        threshold=threshold,
        within_days=within_days,
        same_outlet=same_outlet,
    )


# --- the public function's cluster version ---------------------------------------------------


def same_story(
    corpus: dd.DataFrame,
    *,
    threshold: float = 0.5,
    within_days: int | None = 3,
    same_outlet: bool = False,
    num_perm: int = 96,
) -> pl.DataFrame:
    """:func:`discourse.same_story` on a Dask DataFrame: the same pairs, in the same order.

    See the module docstring for the five steps; only per-band and per-pair tables, the common
    shingles and at most 10,000 sampled ``doc_id`` values reach the client.
    """
    if not 0 < threshold <= 1:
        raise DiscourseError(f"threshold must be in (0, 1], not {threshold!r}")
    if within_days is not None and within_days < 0:
        raise DiscourseError(
            f"within_days must be a number of days >= 0 or None, not {within_days!r}"
        )
    docs = only(corpus, _NEEDED, what="same_story")
    if docs.npartitions == 0:
        raise DiscourseError("the Dask DataFrame has no partitions; there is nothing to pair.")
    connect()
    census = reduce_partitions(docs, _census, _merge_census)
    n_docs = census.rows
    _check_unique_ids(docs, n_docs)
    empty = pl.DataFrame(schema=_pairs._PAIR_SCHEMA)
    if census.last_key is None:
        return empty
    common = _common_shingles(docs, census)

    bands, width = _minhash.band_shape(_pairs._proposal_threshold(threshold), num_perm)
    named = sorted(o for o in census.outlets if o is not None)
    outlets: dict[Any, int] = {o: i for i, o in enumerate(named)}
    outlets[None] = -1
    # One list of partitions for the bands and the verification: a document's number is its
    # place in it (Dask may fuse small Parquet files differently in another graph).
    partitions = docs.to_delayed()
    signing = dask.delayed(_band_rows, pure=True)
    common_once = dask.delayed(common)
    band_rows = dd.from_delayed(
        [
            signing(
                part,
                number,
                common=common_once,
                num_perm=num_perm,
                bands=bands,
                width=width,
                outlets=outlets,
            )
            for number, part in enumerate(partitions)
        ],
        meta=_BAND_META,
        verify_meta=False,
    )
    out = _out_partitions(docs, n_docs, bands)
    buckets = band_rows.shuffle(on="key", npartitions=out, shuffle_method=_shuffle_method(out))
    found = buckets.map_partitions(
        _bucket_pairs,
        within_days=within_days,
        same_outlet=same_outlet,
        meta=pd.DataFrame({"a": pd.Series([], dtype="int64"), "b": pd.Series([], dtype="int64")}),
        enforce_metadata=False,
    )
    candidates = pl.from_pandas(
        found.drop_duplicates(split_out=out, shuffle_method=_shuffle_method(out)).compute()
    )
    if not candidates.height:
        return empty

    candidates = candidates.with_columns(
        part_a=pl.col("a") // (1 << _SHIFT), part_b=pl.col("b") // (1 << _SHIFT)
    )
    ends = pl.concat(
        [
            candidates.select(part=pl.col(f"part_{s}"), pos=pl.col(s) % (1 << _SHIFT))
            for s in ("a", "b")
        ]
    ).unique()
    subset = dask.delayed(_subset, pure=True)
    subsets = {
        int(part): subset(partitions[int(part)], int(part), group["pos"].sort().to_list())
        for (part,), group in ends.group_by("part")
    }
    verify = dask.delayed(_verify, pure=True)
    tasks = []
    for (pa, pb), group in candidates.group_by("part_a", "part_b"):
        documents = [subsets[int(pa)]] if pa == pb else [subsets[int(pa)], subsets[int(pb)]]
        tasks.append(
            verify(
                group.select("a", "b"),
                documents,
                common=common_once,
                threshold=threshold,
                within_days=within_days,
                same_outlet=same_outlet,
                num_perm=num_perm,
            )
        )
    scored = pl.concat([empty, *dask.compute(*tasks)])
    return scored.sort(
        ["containment", "jaccard", "doc_a", "doc_b"], descending=[True, True, False, False]
    )
