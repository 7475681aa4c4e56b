"""The same story in several outlets: near-duplicates, story clusters and syndicated copies.

Much coverage is one wire or press-release story republished or rewritten by many outlets. Such
copies say nothing about the republishing outlet's own wording, and they inflate comparisons (one
wire story counted in twenty outlets). This module finds them; :mod:`~discourse.stories.wording`
shows what a rewrite changed.

How documents are compared
--------------------------
- **Shingles.** A document is the set of its runs of three consecutive words (word 3-grams);
  words are runs of letters and digits, lower-cased, so case, punctuation, quotes, hyphens and
  whitespace do not count. An outlet that republishes a wire story while swapping designations
  ("Hamas" to "the resistance movement"), death verbs and attributions about once every eight
  words keeps most of its 3-word runs, but few of its 5-word runs; independent reports of one
  event, which share names, places, numbers and the odd quotation, share few of either.
  Documents with fewer than five words are never paired, and documents that are not verbatim
  copies must share at least five 3-word shingles: among real headlines, pairs that share
  three or four are as often two stories that share a stock phrase ("Israel's war on Gaza",
  "The humanitarian catastrophe in Gaza") as one story.
- **Containment**, the score ``threshold`` applies to, is the share of the shorter document's
  shingles that the other has: a copy cut short or lengthened by a paragraph still scores
  high. ``jaccard`` (shared 5-word shingles over all of the pair's 5-word shingles) is reported
  beside it. On the demo corpus a verbatim copy scores 1; the rewrite, which swaps labels at
  eight places in about 250 words, has containment 0.86 (Jaccard 0.66); independent reports of
  the same event by different outlets have at most 0.27 (Jaccard 0.06). On generated wire
  stories (``benchmarks/bench_rewrites.py``) rewrites with one change per 8 words have
  containment 0.59-0.74 (5-word Jaccard about 0.29, missed by the former rule of a Jaccard of
  one half), one per 6 words 0.51-0.67, one per 4 words 0.35-0.51, and independent reports at
  most 0.32. The default ``threshold=0.5`` finds nearly all rewrites up to one change per 6 words.
- **Scale.** Candidate pairs come from MinHash signatures of the 3-word shingles (96
  permutations, datasketch's ``affine32`` scheme, computed in bulk) and locality-sensitive
  hashing with the bands ``datasketch.MinHashLSH`` chooses, weighted towards recall, for the
  Jaccard index of two documents whose sizes differ by half and whose containment is the
  threshold (``t / (2.5 - t)``: 0.25 at 0.5, 48 bands of 2). Shingles found in more
  than 1,000 documents and more than 1 % of them (boilerplate, templates, stock phrases) are
  left out of the signatures: they tell nothing about which documents tell one story, and
  they would put thousands of documents in one bucket. A document whose every shingle is that
  common is therefore never paired. A candidate whose
  containment among the signed shingles, estimated from the signatures and the set sizes, is
  0.2 (four standard errors) below the threshold is dropped; the rest are scored exactly on
  all their shingles, so no pair below the threshold is reported.
- **Time window.** Only documents published at most ``within_days`` apart are paired; a document
  without a date is compared with all others.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from discourse._typing import By, DedupeMode, Frame
from discourse.cluster._detect import is_dask
from discourse.corpus import _indexed_more
from discourse.corpus._frame import by_columns, require_columns, verbatim_key
from discourse.corpus._indexed import is_index
from discourse.errors import DiscourseError
from discourse.stories import _minhash

__all__ = ["deduplicate", "same_story", "story_clusters"]

_PAIR_SCHEMA = {
    "doc_a": pl.String,
    "doc_b": pl.String,
    "outlet_a": pl.String,
    "outlet_b": pl.String,
    "published_a": pl.Date,
    "published_b": pl.Date,
    "similarity": pl.Float64,
    "jaccard": pl.Float64,
    "verbatim": pl.Boolean,
    "containment": pl.Float64,
}
#: Words per shingle for proposing and scoring pairs: short enough that a rewrite changing one
#: word in eight keeps most of them, long enough that independent reports share few.
SHINGLE = 3
#: Texts with fewer words are never paired.
MIN_WORDS = 5
#: Two texts that are not verbatim copies must share at least this many shingles: two short
#: headlines that share one stock phrase ("Israel's war on Gaza") are not one story.
MIN_SHARED = 5
#: Shingles found in more documents than this (or than 1 % of them) are not signed.
_COMMON = 1000
#: Candidates whose estimated containment is this far below the threshold are not scored
#: exactly (about four standard deviations of the estimate with 96 permutations).
_ESTIMATE_MARGIN = 0.2


def _documents(corpus: Frame, what: str) -> pl.DataFrame:
    """The columns pairing needs, in publication order (nulls last, then ``doc_id``)."""
    require_columns(corpus, ["doc_id", "outlet", "published", "text"], what=what)
    frame = corpus.lazy().select("doc_id", "outlet", "published", "text").collect()
    if frame["doc_id"].is_duplicated().any():
        repeated = frame.filter(pl.col("doc_id").is_duplicated())["doc_id"].unique().sort()
        raise DiscourseError(
            f"{what} needs unique doc_id values; repeated: {repeated.head(5).to_list()}. "
            "Read the corpus with discourse.read_corpus, which makes them unique."
        )
    return frame.sort("published", "doc_id", nulls_last=True)


def same_story(
    corpus: Frame,
    *,
    threshold: float = 0.5,
    within_days: int | None = 3,
    same_outlet: bool = False,
    num_perm: int = 96,
) -> pl.DataFrame:
    """Pairs of documents that carry the same story: verbatim copies and close rewrites.

    See the module docstring for how documents are compared.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with ``doc_id``, ``outlet``, ``published`` and ``text``.
    threshold
        The least containment of the two documents' 3-word shingle sets: the share of the
        smaller set that the other has (0 < t ≤ 1).
    within_days
        The most days between the two publication dates; ``None`` for no limit.
    same_outlet
        Also pair documents of the same outlet (repeated or updated stories).
    num_perm
        MinHash permutations: more find borderline pairs more reliably and take longer.

    Returns
    -------
    polars.DataFrame
        One row per pair: ``doc_a``, ``doc_b`` (``doc_a`` is the earlier: by ``published``, then
        ``doc_id``), ``outlet_a``, ``outlet_b``, ``published_a``, ``published_b``,
        ``similarity`` (MinHash estimate of the Jaccard index of the 3-word shingle sets, which
        proposed the pair), ``jaccard`` (exact, of the 5-word shingle sets), ``verbatim`` (the
        texts are identical up to whitespace) and ``containment`` (exact, the score
        ``threshold`` applies to); highest containment first.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> wire = "The minister said on Monday that the talks would resume next week in Cairo."
    >>> corpus = pl.DataFrame({
    ...     "doc_id": ["w", "c", "r"], "outlet": ["Wire", "Courier", "Review"],
    ...     "published": [date(2023, 11, 24), date(2023, 11, 25), date(2023, 11, 25)],
    ...     "text": [wire, wire, wire.replace("said", "claimed")]})
    >>> pairs = same_story(corpus)
    >>> pairs.select("doc_a", "doc_b", pl.col("jaccard").round(3), "verbatim").rows()
    [('w', 'c', 1.0, True), ('c', 'r', 0.538, False), ('w', 'r', 0.538, False)]

    >>> pairs.select("doc_a", "doc_b", pl.col("containment").round(3)).row(-1)
    ('w', 'r', 0.75)

    The 14 words give ten 5-word shingles; "claimed" changes the three that contain "said", so
    the texts share 7 of 13 distinct shingles. Of their twelve 3-word shingles, it changes
    three: 9 of 12 are shared.
    """
    if is_index(corpus):
        corpus = _indexed_more.text_of(corpus, what="same_story")
    if is_dask(corpus):
        from discourse.cluster import _stories

        return _stories.same_story(
            corpus,
            threshold=threshold,
            within_days=within_days,
            same_outlet=same_outlet,
            num_perm=num_perm,
        )
    if not 0 < threshold <= 1:
        raise DiscourseError(f"threshold must be in (0, 1], not {threshold!r}")
    if within_days is not None and within_days < 0:
        raise DiscourseError(
            f"within_days must be a number of days >= 0 or None, not {within_days!r}"
        )
    docs = _documents(corpus, "same_story")
    words = _minhash.word_hashes(docs["text"])
    hashes, rows = _minhash.shingle_hashes(docs["text"], SHINGLE, words=words)
    signed = _minhash.informative(hashes, rows, limit=max(_COMMON, len(docs) // 100))
    signature, present = _minhash.signatures(hashes[signed], rows[signed], num_perm=num_perm)
    bands, width = _minhash.band_shape(_proposal_threshold(threshold), num_perm)
    candidates = _minhash.candidate_pairs(signature, present, bands, width)
    sizes = _minhash.set_sizes(hashes[signed], rows[signed], len(docs))
    long_enough = np.bincount(words[1].astype(np.int64), minlength=len(docs)) >= MIN_WORDS
    scored = _scored_pairs(
        candidates,
        docs,
        sizes=sizes,
        long_enough=long_enough,
        words=words,
        hashes=hashes,
        rows=rows,
        signature=signature,
        present=present,
        threshold=threshold,
        within_days=within_days,
        same_outlet=same_outlet,
    )
    return scored.sort(
        ["containment", "jaccard", "doc_a", "doc_b"], descending=[True, True, False, False]
    )


def _scored_pairs(
    candidates: pl.DataFrame,
    docs: pl.DataFrame,
    *,
    sizes: np.ndarray,
    long_enough: np.ndarray,
    words: tuple[np.ndarray, np.ndarray],
    hashes: np.ndarray,
    rows: np.ndarray,
    signature: np.ndarray,
    present: np.ndarray,
    threshold: float,
    within_days: int | None,
    same_outlet: bool,
) -> pl.DataFrame:
    """Candidate row pairs ``a`` < ``b`` filtered and scored: the pairs ``same_story`` returns.

    ``docs`` are the documents in publication order (``doc_id``, ``outlet``, ``published``,
    ``text``); ``a`` and ``b`` are their rows. ``sizes`` (shingle-set sizes), ``long_enough``,
    the word and shingle hashes and the MinHash signatures are those of the same documents.
    Rows are unsorted. The cluster's version calls this on the documents of each pair of
    partitions, so both give the same numbers.
    """
    meta = docs.with_row_index("row").select(
        pl.col("row").cast(pl.Int64),
        "doc_id",
        "outlet",
        "published",
        verbatim_key().alias("key"),
        size=pl.Series(sizes),
        long_enough=pl.Series(long_enough),
    )
    pairs = candidates.join(meta, left_on="a", right_on="row").join(
        meta, left_on="b", right_on="row", suffix="_b"
    )
    keep = pl.col("long_enough") & pl.col("long_enough_b")
    if not same_outlet:
        keep = keep & pl.col("outlet").ne_missing(pl.col("outlet_b"))
    if within_days is not None:
        gap = (pl.col("published_b") - pl.col("published")).dt.total_days().abs()
        keep = keep & gap.le(within_days).fill_null(True)
    pairs = pairs.filter(keep)
    position = np.full(len(meta), -1)
    position[present] = np.arange(len(present))
    left = signature[position[pairs["a"].to_numpy()]]
    right = signature[position[pairs["b"].to_numpy()]]
    estimate = (left == right).mean(axis=1)
    # Containment estimated from the Jaccard estimate and the set sizes: |A∩B| = J(|A|+|B|)/(1+J).
    size_a, size_b = pairs["size"].to_numpy(), pairs["size_b"].to_numpy()
    guess = estimate * (size_a + size_b) / ((1 + estimate) * np.minimum(size_a, size_b))
    pairs = pairs.with_columns(similarity=pl.Series(estimate, dtype=pl.Float64)).filter(
        pl.Series(guess >= threshold - _ESTIMATE_MARGIN)
    )
    _, containment = _minhash.exact_overlap(hashes, rows, pairs)
    smaller = np.minimum(pairs["size"].to_numpy(), pairs["size_b"].to_numpy())
    shared = np.rint(containment * smaller)
    scored = pairs.with_columns(
        containment=pl.Series(containment, dtype=pl.Float64), shared=pl.Series(shared)
    ).filter(
        pl.col("containment") >= threshold,
        (pl.col("shared") >= MIN_SHARED) | (pl.col("key") == pl.col("key_b")),
    )
    hashes5, rows5 = _minhash.shingle_hashes(docs["text"], 5, words=words)
    scored = scored.with_columns(
        jaccard=pl.Series(_minhash.exact_jaccard(hashes5, rows5, scored), dtype=pl.Float64)
    )
    return scored.select(
        pl.col("doc_id").alias("doc_a"),
        pl.col("doc_id_b").alias("doc_b"),
        pl.col("outlet").alias("outlet_a"),
        pl.col("outlet_b"),
        pl.col("published").alias("published_a"),
        pl.col("published_b"),
        "similarity",
        "jaccard",
        (pl.col("key") == pl.col("key_b")).alias("verbatim"),
        "containment",
    ).cast(_PAIR_SCHEMA)  # type: ignore[arg-type]


def _proposal_threshold(threshold: float) -> float:
    """The Jaccard index that MinHash LSH is tuned to propose for a containment ``threshold``.

    Two sets whose sizes differ by half, the smaller containing ``threshold`` of its shingles in
    the larger, have this Jaccard index: ``t / (2.5 - t)``.

    Examples
    --------
    >>> _proposal_threshold(0.5)
    0.25
    """
    return threshold / (2.5 - threshold)


def story_clusters(
    corpus: Frame,
    *,
    threshold: float = 0.5,
    within_days: int | None = 3,
    pairs: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Flag syndication: the story each document belongs to and whether it is the earliest copy.

    A story is a connected group of :func:`same_story` pairs, the same outlet's copies
    included: if A pairs with B and B with C, all three are one story even if A and C are less
    alike. A document that pairs with none is a story of its own.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame); every column is kept.
    threshold, within_days
        As for :func:`same_story`.
    pairs
        The output of :func:`same_story` for this corpus (with ``same_outlet=True`` for copies
        within one outlet), to avoid computing it again.

    Returns
    -------
    polars.DataFrame
        The corpus with ``story`` (the ``doc_id`` of the story's earliest document) and
        ``earliest`` (whether this document is it), in the corpus's row order. Earliest means
        the first ``published`` date (a document without a date comes after the dated ones),
        then the first ``doc_id``.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> wire = "The minister said on Monday that the talks would resume next week in Cairo."
    >>> corpus = pl.DataFrame({
    ...     "doc_id": ["copy", "orig", "other"], "outlet": ["Courier", "Wire", "Wire"],
    ...     "published": [date(2023, 11, 25), date(2023, 11, 24), date(2023, 11, 25)],
    ...     "text": [wire, wire, "Rain is expected across the north of the country today."]})
    >>> story_clusters(corpus).select("doc_id", "story", "earliest").rows()
    [('copy', 'orig', False), ('orig', 'orig', True), ('other', 'other', True)]
    """
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    docs = _documents(frame, "story_clusters")
    if pairs is None:
        pairs = same_story(docs, threshold=threshold, within_days=within_days, same_outlet=True)
    require_columns(pairs, ["doc_a", "doc_b"], what="story_clusters(pairs=...)")
    # Rows of ``docs`` are in publication order, so a component's lowest row is its earliest.
    index = {doc: i for i, doc in enumerate(docs["doc_id"].to_list())}
    a = np.array([index[d] for d in pairs["doc_a"].to_list()], dtype=np.int64)
    b = np.array([index[d] for d in pairs["doc_b"].to_list()], dtype=np.int64)
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(len(docs), len(docs)))
    _, component = connected_components(graph, directed=False)
    first_row = np.full(component.max() + 1 if len(component) else 0, len(docs))
    np.minimum.at(first_row, component, np.arange(len(docs)))
    stories = docs.select(
        "doc_id",
        story=docs["doc_id"].gather(first_row[component]),
    ).with_columns(earliest=pl.col("story") == pl.col("doc_id"))
    return frame.join(stories, on="doc_id", how="left", maintain_order="left")


def deduplicate(
    corpus: Frame,
    *,
    mode: DedupeMode = "verbatim",
    by: By = None,
    threshold: float = 0.5,
    within_days: int | None = 3,
) -> pl.DataFrame:
    """The corpus without copies, so that a syndicated story is not counted many times.

    Counting functions apply it first when given ``dedupe=mode``. The kept copy is always the
    earliest (by ``published``, then ``doc_id``), whatever the corpus's row order.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame).
    mode
        ``"verbatim"``: drop every document whose text is identical (up to whitespace) to an
        earlier one, in any outlet; a republished wire story then counts only for the wire.
        Documents without text (null) are kept.
        ``"story_per_outlet"``: keep each story (:func:`story_clusters`) once per outlet, so an
        outlet's repeated or updated copies count once, and each outlet's own rewrite still
        counts for it. ``"story"``: keep each story once in the whole corpus.
    by
        Column(s) within which copies are sought: a copy is dropped only when an earlier one
        has the same values of these columns (with ``mode="verbatim"``, ``by=["outlet",
        "title"]`` drops a sentence repeated within one article, and keeps the same sentence in
        another). ``None`` (the default): the whole corpus as one group.
    threshold, within_days
        As for :func:`same_story`; unused by ``"verbatim"``.

    Returns
    -------
    polars.DataFrame
        The kept rows, with the corpus's columns, in the corpus's order.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> wire = "The minister said on Monday that the talks would resume next week in Cairo."
    >>> corpus = pl.DataFrame({
    ...     "doc_id": ["copy", "orig", "rewrite"], "outlet": ["Courier", "Wire", "Courier"],
    ...     "published": [date(2023, 11, 25), date(2023, 11, 24), date(2023, 11, 26)],
    ...     "text": [wire, wire, wire.replace("said", "claimed")]})
    >>> deduplicate(corpus)["doc_id"].to_list()
    ['orig', 'rewrite']
    >>> deduplicate(corpus, by="outlet")["doc_id"].to_list()
    ['copy', 'orig', 'rewrite']
    >>> deduplicate(corpus, mode="story_per_outlet")["doc_id"].to_list()
    ['copy', 'orig']
    >>> deduplicate(corpus, mode="story")["doc_id"].to_list()
    ['orig']
    """
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    keys = by_columns(by)
    require_columns(frame, keys, what="deduplicate(by=...)")
    if mode == "verbatim":
        # The reader's rule (flag_duplicates), within each group: in publication order, then
        # doc_id, the first of each text is the original, and a missing text is no copy.
        docs = _documents(frame, "deduplicate")
        extra = [k for k in keys if k not in docs.columns]
        if extra:
            docs = docs.join(frame.select("doc_id", *extra), on="doc_id", maintain_order="left")
        first = pl.struct(*keys, verbatim_key()).is_first_distinct()
        copies = docs.filter(~first, pl.col("text").is_not_null())["doc_id"]
        return frame.filter(~pl.col("doc_id").is_in(copies.implode()))
    if mode not in ("story_per_outlet", "story"):
        raise DiscourseError(
            f"mode must be 'verbatim', 'story_per_outlet' or 'story', not {mode!r}"
        )
    flagged = story_clusters(frame, threshold=threshold, within_days=within_days)
    groups = ["story", "outlet"] if mode == "story_per_outlet" else ["story"]
    kept = (
        flagged.sort("published", "doc_id", nulls_last=True)
        .group_by(list(dict.fromkeys([*groups, *keys])), maintain_order=True)
        .agg(pl.col("doc_id").first())
    )
    return frame.filter(pl.col("doc_id").is_in(kept["doc_id"].implode()))
