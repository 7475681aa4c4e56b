"""Bulk MinHash and LSH banding for :mod:`discourse.stories.pairs`.

The signatures are exactly those of ``datasketch.MinHash`` in its default ``"affine32"`` scheme
(MurmurHash3 finaliser, then ``a * h + b`` in 32 bits, with datasketch's own permutation
parameters), given each shingle's 32-bit hash; the tests check them value for value against
``MinHash.update_batch``. They are computed for many documents at once with numpy because
datasketch hashes and permutes one document at a time in Python: three to five times slower than
the whole of :func:`discourse.same_story` in ``benchmarks/bench_same_story.py``.
The band count and width are the ones ``datasketch.MinHashLSH`` chooses for the threshold.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from datasketch import MinHash, MinHashLSH

#: Shingles permuted at once: big enough to amortise numpy's call overhead, small enough for cache.
_CHUNK = 100_000
#: An odd 64-bit multiplier combining consecutive word hashes into one shingle hash.
_MIX = np.uint64(0x9E3779B97F4A7C15)
#: LSH weights (false positive, false negative): candidates are checked exactly afterwards, so a
#: missed pair costs more than an extra candidate.
LSH_WEIGHTS = (0.05, 0.95)


def word_hashes(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every word of ``texts`` in order, and the row each came from.

    Words are runs of word characters, lower-cased: punctuation, quotes, hyphens, apostrophes
    and whitespace all separate words, so none of them tells copies apart.
    """
    tokens = (
        texts.rename("text")
        .to_frame()
        .with_row_index("row")
        .select(
            "row",
            # Splitting on one space after a regex replace is twice as fast as extract_all.
            pl.col("text")
            .str.to_lowercase()
            .str.replace_all(r"\W+", " ")
            .str.strip_chars(" ")
            .str.split(" ")
            .alias("token"),
        )
        .explode("token")
        .filter(pl.col("token").str.len_bytes() > 0)
    )
    return tokens["token"].hash(seed=0).to_numpy(), tokens["row"].to_numpy()


def shingle_hashes(
    texts: pl.Series, size: int, *, words: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every run of ``size`` consecutive words, and the row each came from.

    Words are as :func:`word_hashes` cuts them (pass its result as ``words`` to reuse it). A
    text with fewer than ``size`` words has no shingle.
    """
    token_hash, rows = word_hashes(texts) if words is None else words
    n = len(token_hash) - size + 1
    if n <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.uint32)
    combined = token_hash[:n].copy()
    for i in range(1, size):
        combined *= _MIX
        combined ^= token_hash[i : i + n]
    # A shingle is whole only if its first and last token come from the same row.
    whole = rows[:n] == rows[size - 1 :]
    return combined[whole], rows[:n][whole]


def _segments(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end index of each run of equal values in sorted ``rows``."""
    if not len(rows):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    return starts, np.r_[starts[1:], len(rows)]


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as ``datasketch`` applies it before permuting."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values ^= values >> np.uint32(13)
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def signatures(
    hashes: np.ndarray, rows: np.ndarray, *, num_perm: int, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures of the rows with shingles, from sorted ``rows`` and 64-bit ``hashes``.

    The input to datasketch's permutations is the high 32 bits of each shingle hash.

    Returns
    -------
    signature, present
        ``signature`` is ``(rows with shingles, num_perm)`` uint32; ``present`` lists those rows.
    """
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    a = a.astype(np.uint32)[:, None]
    b = b.astype(np.uint32)[:, None]
    mixed = _fmix32((hashes >> np.uint64(32)).astype(np.uint32))
    starts, _ = _segments(rows)
    present = rows[starts]
    out = np.empty((len(starts), num_perm), np.uint32)
    bounds = np.r_[starts, len(rows)]
    first = 0
    while first < len(starts):
        # Whole documents per chunk, at least one.
        last = max(int(np.searchsorted(bounds, bounds[first] + _CHUNK, "right")) - 1, first + 1)
        lo, hi = bounds[first], bounds[last]
        permuted = a * mixed[lo:hi]
        permuted += b
        out[first:last] = np.minimum.reduceat(permuted, bounds[first:last] - lo, axis=1).T
        first = last
    return out, present


def band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows per band)`` as ``datasketch.MinHashLSH`` picks them for ``threshold``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


def candidate_pairs(
    signature: np.ndarray, present: np.ndarray, bands: int, width: int
) -> pl.DataFrame:
    """Row pairs ``(a, b)``, ``a < b``, whose signatures agree on at least one whole band."""
    keys = []
    for band in range(bands):
        block = signature[:, band * width : (band + 1) * width].astype(np.uint64)
        key = np.full(len(block), band, np.uint64)
        for column in block.T:
            key = key * _MIX ^ column
        keys.append(pl.DataFrame({"key": key, "row": present.astype(np.int64)}))
    buckets = pl.concat(keys)
    shared = buckets.filter(pl.len().over("key") > 1)
    return (
        shared.join(shared, on="key", suffix="_b")
        .filter(pl.col("row") < pl.col("row_b"))
        .select(pl.col("row").alias("a"), pl.col("row_b").alias("b"))
        .unique()
    )


def exact_jaccard(hashes: np.ndarray, rows: np.ndarray, pairs: pl.DataFrame) -> np.ndarray:
    """Jaccard similarity of the shingle sets of each pair ``(a, b)`` of rows; 0 when both
    sets are empty."""
    return exact_overlap(hashes, rows, pairs)[0]


def exact_overlap(
    hashes: np.ndarray, rows: np.ndarray, pairs: pl.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Jaccard similarity and containment (shared shingles over the smaller set's) of the
    shingle sets of each pair ``(a, b)`` of rows; 0 when either set is empty."""
    starts, ends = _segments(rows)
    bounds = dict(zip(rows[starts].tolist(), zip(starts, ends, strict=True), strict=True))
    sets: dict[int, np.ndarray] = {}

    def shingles(row: int) -> np.ndarray:
        if row not in sets:
            lo, hi = bounds.get(row, (0, 0))
            sets[row] = np.unique(hashes[lo:hi])
        return sets[row]

    jaccard = np.zeros(pairs.height)
    containment = np.zeros(pairs.height)
    for i, (a, b) in enumerate(pairs.select("a", "b").iter_rows()):
        left, right = shingles(a), shingles(b)
        if not len(left) or not len(right):
            continue
        common = len(np.intersect1d(left, right, assume_unique=True))
        jaccard[i] = common / (len(left) + len(right) - common)
        containment[i] = common / min(len(left), len(right))
    return jaccard, containment


def set_sizes(hashes: np.ndarray, rows: np.ndarray, n_rows: int) -> np.ndarray:
    """The number of distinct shingles of each of ``n_rows`` rows."""
    sizes = np.zeros(n_rows, np.int64)
    if len(rows):
        counted = (
            pl.DataFrame({"row": rows, "hash": hashes})
            .group_by("row")
            .agg(pl.col("hash").n_unique())
        )
        sizes[counted["row"].to_numpy().astype(np.int64)] = counted["hash"].to_numpy()
    return sizes


def informative(
    hashes: np.ndarray, rows: np.ndarray, *, limit: int, sample: int = 5_000
) -> np.ndarray:
    """A mask of the shingles worth signing: those found in at most ``limit`` documents.

    A shingle shared by thousands of documents (boilerplate, a template, a stock phrase) says
    nothing about which of them tell one story, and it puts all of them in one LSH bucket:
    pairs without end. Bounding document frequency bounds the buckets. Frequencies are counted
    on a pseudo-random ``sample`` of the documents and scaled up: a shingle in 1 % of 100,000
    documents is in about 50 of the 5,000 counted.
    """
    if not len(rows):
        return np.ones(0, bool)
    step = max(1, (int(rows.max()) + 1) // sample)
    # Rows are in publication order: pick them by a hash of the row, not every step-th one.
    picked = (pl.col("row").cast(pl.UInt64).hash(seed=7) % step) == 0
    counted = pl.DataFrame({"row": rows, "hash": hashes}).filter(picked)
    frequency = counted.unique().group_by("hash").agg(docs=pl.len() * step)
    common = frequency.filter(pl.col("docs") > limit)["hash"]
    return ~pl.Series(hashes).is_in(common.implode()).to_numpy()
