"""The counters on a :class:`~discourse.corpus.indexing.CorpusIndex`: the same tables as on the
corpus, from the token lists tokenised once instead of the text.

N-grams are built from the stored token lists exactly as :mod:`discourse.terms._ngrams` builds
them (a sentence break or a stopword in the window drops the n-gram); unigram and bigram tables
sum the stored per-document counts with ``numpy.bincount`` (one bin per group and id), so no
regex touches the text again. Collocations count spans on the word ids; KWIC finds one-word
queries on the ids and cuts token windows from the stored offsets (:class:`IndexText`). ``terms=``
queries, and KWIC queries that are phrases or regexes, work on the text, which the index keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeGuard

import numpy as np
import polars as pl

from discourse._typing import Possessives
from discourse.corpus._frame import by_columns, group_columns, require_columns
from discourse.corpus.indexing import CorpusIndex
from discourse.errors import DiscourseError
from discourse.terms._hits import Finder, find_hits, row_tokens
from discourse.terms._ngrams import is_dropped, ngram_sizes, stopword_set
from discourse.text._fold import word_res
from discourse.text.matching import PhraseMatcher


def is_index(value: object) -> TypeGuard[CorpusIndex]:
    """Whether a counter was given a :class:`CorpusIndex` rather than a corpus frame."""
    return isinstance(value, CorpusIndex)


_BITS = 64
#: Most bins a per-(group, id) ``numpy.bincount`` may use; beyond it sorted runs are summed
#: (unigram and bigram tables, :func:`_merged`) or ``numpy.unique`` counts (collocations).
_BINS = 1 << 26


def _vocab(index: CorpusIndex) -> pl.DataFrame:
    return index.vocab.collect()


def _grams(index: CorpusIndex, vocab: pl.DataFrame, n: int, stop: set[str]) -> pl.LazyFrame:
    """``[_row, size, g, count]``: one row per document and n-gram in it, the n-gram packed as
    ``g`` = its ids read as the digits of a number in base ``len(vocab)``.

    An n-gram is kept when its n tokens lie in one document and none is a sentence break or
    stopword, as :func:`~discourse.terms._ngrams.gram_lists` decides.
    """
    size = max(vocab.height, 1)
    bad_ids = vocab.with_row_index("id").filter(is_dropped(pl.col("term"), stop))["id"]
    flat = index.tokens.explode("ids").drop_nulls("ids")
    ids = pl.col("ids").cast(pl.UInt64)
    bad = pl.col("ids").is_in(bad_ids.cast(pl.UInt32).implode())
    if n == 1:
        kept = flat.filter(~bad).select("_row", g=ids)
    else:
        same = [pl.col("_row").shift(-i) == pl.col("_row") for i in range(1, n)]
        drops = [bad.shift(-i) for i in range(n)]
        packed = pl.sum_horizontal(
            [ids.shift(-i) * pl.lit(size ** (n - 1 - i), pl.UInt64) for i in range(n)]
        )
        kept = (
            flat.select(
                "_row",
                g=packed,
                keep=pl.all_horizontal(same).fill_null(False)
                & ~pl.any_horizontal(drops).fill_null(True),
            )
            .filter(pl.col("keep"))
            .drop("keep")
        )
    return kept.group_by("_row", "g").agg(size=pl.lit(n, pl.Int32), count=pl.len().cast(pl.Int64))


def _stored_bigrams(index: CorpusIndex, vocab: pl.DataFrame, stop: set[str]) -> pl.LazyFrame:
    """As :func:`_grams` for bigrams, from the stored per-document bigram counts: a pair is
    dropped when either word is a stopword (pairs across a sentence break are not stored)."""
    size = pl.lit(max(vocab.height, 1), pl.UInt64)
    table = index.bigrams.join(index.pairs.with_row_index("id"), on="id")
    if stop:
        bad = vocab.with_row_index("id").filter(is_dropped(pl.col("term"), stop))["id"]
        bad_ids = bad.cast(pl.UInt64).implode()
        g = pl.col("g")
        table = table.filter(~(g // size).is_in(bad_ids) & ~(g % size).is_in(bad_ids))
    return table.select("_row", "g", size=pl.lit(2, pl.Int32), count="count")


def _decode(frame: pl.DataFrame, vocab: pl.DataFrame) -> pl.DataFrame:
    """Replace ``size`` and ``g`` by the n-gram's ``term``, its tokens joined by spaces."""
    size = max(vocab.height, 1)
    words = vocab["term"]
    parts = []
    for n in frame["size"].unique().sort().to_list():
        rows = frame.filter(pl.col("size") == n)
        g = rows["g"]
        tokens = [words.gather((g // size ** (n - 1 - i)) % size) for i in range(n)]
        term = pl.concat_str([pl.lit(t) for t in tokens], separator=" ") if n > 1 else None
        rows = rows.with_columns(tokens[0].alias("term") if term is None else term.alias("term"))
        parts.append(rows.drop("size", "g"))
    if not parts:
        return frame.drop("size", "g").with_columns(term=pl.lit(None, pl.String))
    return pl.concat(parts)


def _per_doc(
    index: CorpusIndex, vocab: pl.DataFrame, keys: list[str], ngram: Any, stopwords: Any
) -> pl.LazyFrame:
    stop = stopword_set(stopwords)
    parts = [
        _stored_bigrams(index, vocab, stop) if n == 2 else _grams(index, vocab, n, stop)
        for n in ngram_sizes(ngram)
    ]
    per_doc = pl.concat(parts) if len(parts) > 1 else parts[0]
    if keys:
        per_doc = per_doc.join(index.docs.select("_row", *keys), on="_row")
    return per_doc


def _unigram_counts(
    index: CorpusIndex,
    vocab: pl.DataFrame,
    stopwords: Any,
    code_of_row: np.ndarray,
    n_groups: int,
    top: int | None,
) -> pl.DataFrame:
    """``[_g, size, g, n, docs]`` for unigrams (``g`` the id), summed over the stored
    per-document counts (:func:`_summed`)."""
    size = max(vocab.height, 1)
    bad = vocab.select(is_dropped(pl.col("term"), stopword_set(stopwords))).to_series().to_numpy()
    return _summed(
        index.unigrams,
        lambda ids: ~bad[ids],
        code_of_row,
        n_groups,
        size,
        top,
        1,
        lambda i: i.astype(np.uint64),
    )


def _bigram_counts(
    index: CorpusIndex,
    vocab: pl.DataFrame,
    stopwords: Any,
    code_of_row: np.ndarray,
    n_groups: int,
    top: int | None,
) -> pl.DataFrame:
    """``[_g, size, g, n, docs]`` for bigrams, as :func:`_unigram_counts` does for unigrams,
    from the stored per-document pair counts."""
    size = max(vocab.height, 1)
    pairs = index.pairs.collect()["g"].to_numpy()
    stop = stopword_set(stopwords)
    keep: Callable[[np.ndarray], np.ndarray | None] = lambda ids: None  # noqa: E731
    if stop and pairs.size:
        bad = vocab.select(is_dropped(pl.col("term"), stop)).to_series().to_numpy()
        good_pair = ~(bad[pairs // size] | bad[pairs % size])
        keep = lambda ids: good_pair[ids]  # noqa: E731
    return _summed(
        index.bigrams,
        keep,
        code_of_row,
        n_groups,
        max(pairs.size, 1),
        top,
        2,
        lambda i: pairs[i] if pairs.size else np.zeros(0, dtype=np.uint64),
    )


#: Rows of a stored count table, or documents of token lists, read at once when the counts
#: cannot be binned; and how many parts (by n-gram) their sums are merged in.
_CHUNK_ROWS = 4_000_000
_GRAM_DOCS = 5_000
#: Documents whose words KWIC reads from the token table at a time.
_WORD_DOCS = 5_000
_BUCKETS = 16


def _summed(
    table: pl.LazyFrame,
    keep: Callable[[np.ndarray], np.ndarray | None],
    code_of_row: np.ndarray,
    n_groups: int,
    width: int,
    top: int | None,
    n_words: int,
    gram_of: Callable[[np.ndarray], np.ndarray],
) -> pl.DataFrame:
    """``[_g, size, g, n, docs]`` from stored per-document counts (``[_row, id, count]``, one
    row per document and id, so ``docs`` counts rows; ``keep`` says which ids count).

    The table is read ``_CHUNK_ROWS`` rows at a time. With groups x ``width`` ids at most
    ``_BINS``, each chunk adds to one ``numpy.bincount`` bin per group and id; otherwise the
    chunks' sums are merged by :func:`_merged`. Memory holds a chunk and the sums."""

    def chunks() -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Each chunk's kept rows: ``(group numbers, ids, counts)``."""
        for frame in table.collect_batches(chunk_size=_CHUNK_ROWS):
            ids = frame["id"].to_numpy()
            kept = keep(ids)
            codes = code_of_row[frame["_row"].to_numpy()]
            weights = frame["count"].to_numpy()
            if kept is not None:
                ids, codes, weights = ids[kept], codes[kept], weights[kept]
            yield codes, ids, weights

    if n_groups * width <= _BINS:
        bins = n_groups * width
        docs = np.zeros(bins, dtype=np.int64)
        n = np.zeros(bins, dtype=np.float64)
        for codes, ids, weights in chunks():
            key = codes.astype(np.int64) * width + ids
            docs += np.bincount(key, minlength=bins)
            n += np.bincount(key, weights=weights, minlength=bins)
        found = np.flatnonzero(docs)
        return _finished(found // width, found % width, n[found], docs[found], n_words, gram_of)
    sums = (_sums(c.astype(np.uint32), i.astype(np.uint64), w) for c, i, w in chunks())
    out = _merged(sums, top)
    return _finished(
        out["_g"].to_numpy(),
        out["g"].to_numpy().astype(np.int64),
        out["n"].to_numpy(),
        out["docs"].to_numpy(),
        n_words,
        gram_of,
    )


def _finished(
    codes: np.ndarray,
    ids: np.ndarray,
    n: np.ndarray,
    docs: np.ndarray,
    n_words: int,
    gram_of: Callable[[np.ndarray], np.ndarray],
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "_g": codes.astype(np.uint32),
            "size": np.full(codes.size, n_words, dtype=np.int32),
            "g": gram_of(ids),
            "n": n.astype(np.int64),
            "docs": docs.astype(np.int64),
        }
    )


def _runs(frame: pl.DataFrame, cols: list[str]) -> np.ndarray:
    """Where each run of equal ``cols`` starts in ``frame`` (sorted on them)."""
    change = np.zeros(frame.height, dtype=bool)
    change[:1] = True
    for col in cols:
        values = frame[col].to_numpy()
        change[1:] |= values[1:] != values[:-1]
    return np.flatnonzero(change)


def _sums(codes: np.ndarray, g: np.ndarray, counts: np.ndarray) -> pl.DataFrame:
    """``[_g, g, n, docs]`` sorted: the rows (one per document and ``g``) summed by group and
    ``g``, ``docs`` the rows."""
    frame = pl.DataFrame({"_g": codes, "g": g, "n": counts}).sort("_g", "g")
    at = _runs(frame, ["_g", "g"])
    return pl.DataFrame(
        {
            "_g": frame["_g"].to_numpy()[at],
            "g": frame["g"].to_numpy()[at],
            "n": np.add.reduceat(frame["n"].to_numpy(), at) if at.size else at,
            "docs": np.diff(np.append(at, frame.height)),
        },
        schema={"_g": pl.UInt32, "g": pl.UInt64, "n": pl.Int64, "docs": pl.Int64},
    )


def _merged(chunks: Iterable[pl.DataFrame], top: int | None) -> pl.DataFrame:
    """The sums of ``chunks`` (each ``[_g, g, n, docs]``, a document's rows all in one chunk)
    added up per group and ``g``, sorted on them. The chunks are held split in ``_BUCKETS``
    parts by ``g`` and each part is merged on its own; with ``top``, a part keeps only each
    group's ``top`` first rows by ``n`` (descending) then ``g`` (a total order, so the
    groups' first rows overall are among them)."""
    schema = {"_g": pl.UInt32, "g": pl.UInt64, "n": pl.Int64, "docs": pl.Int64}
    buckets: list[list[pl.DataFrame]] = [[] for _ in range(_BUCKETS)]
    for chunk in chunks:
        part = (chunk["g"] % _BUCKETS).cast(pl.Int64).to_numpy()
        for b, piece in (
            chunk.with_columns(_b=pl.Series(part))
            .partition_by("_b", as_dict=True, include_key=False)
            .items()
        ):
            buckets[int(b[0])].append(piece)  # type: ignore[call-overload]
    merged = []
    for held in buckets:
        if not held:
            continue
        frame = pl.concat(held).sort("_g", "g")
        held.clear()
        at = _runs(frame, ["_g", "g"])
        summed = pl.DataFrame(
            {
                "_g": frame["_g"].to_numpy()[at],
                "g": frame["g"].to_numpy()[at],
                "n": np.add.reduceat(frame["n"].to_numpy(), at),
                "docs": np.add.reduceat(frame["docs"].to_numpy(), at),
            },
            schema=schema,
        )
        del frame
        if top is not None:
            summed = summed.sort(["_g", "n", "g"], descending=[False, True, False]).filter(
                pl.int_range(pl.len()).over("_g") < top
            )
        merged.append(summed)
    return pl.concat(merged).sort("_g", "g") if merged else pl.DataFrame(schema=schema)


def _long_gram_counts(
    index: CorpusIndex,
    vocab: pl.DataFrame,
    n: int,
    stopwords: Any,
    code_of_row: np.ndarray,
    top: int | None,
) -> pl.DataFrame:
    """``[_g, size, g, n, docs]`` for n-grams of ``n`` >= 3 words, read from the token lists
    ``_GRAM_DOCS`` documents at a time: an n-gram is kept when its ``n`` ids lie in one
    document and none is a sentence break or stopword, as
    :func:`~discourse.terms._ngrams.gram_lists` decides; ``g`` packs its ids as the digits of a
    number in base ``len(vocab)``. A document lies in one batch, so the batches' sums add up
    (:func:`_merged`)."""
    size = np.uint64(max(vocab.height, 1))
    bad = vocab.select(is_dropped(pl.col("term"), stopword_set(stopwords))).to_series().to_numpy()

    def chunks() -> Iterable[pl.DataFrame]:
        for batch in index.tokens.select("_row", "ids").collect_batches(chunk_size=_GRAM_DOCS):
            ids = batch["ids"].explode(empty_as_null=False, keep_nulls=False).to_numpy()
            span = ids.size - n + 1
            if span <= 0:
                continue
            rows = np.repeat(batch["_row"].to_numpy(), batch["ids"].list.len().fill_null(0))
            dropped = bad[ids]
            keep = ~dropped[:span]
            g = ids[:span].astype(np.uint64)
            for i in range(1, n):
                keep &= (rows[i : i + span] == rows[:span]) & ~dropped[i : i + span]
                g = g * size + ids[i : i + span]
            # One row per document and n-gram (its count), then summed by group.
            per_doc = pl.DataFrame({"_row": rows[:span][keep], "g": g[keep]}).sort("_row", "g")
            at = _runs(per_doc, ["_row", "g"])
            counts = np.diff(np.append(at, per_doc.height))
            codes = code_of_row[per_doc["_row"].to_numpy()[at]].astype(np.uint32)
            yield _sums(codes, per_doc["g"].to_numpy()[at], counts)

    out = _merged(chunks(), top)
    return out.select(
        "_g",
        size=pl.lit(n, pl.Int32),
        g="g",
        n="n",
        docs="docs",
    )


def _fits(vocab: pl.DataFrame, ngram: Any) -> bool:
    """Whether an n-gram of the largest size asked for packs in 64 bits."""
    return int(max(vocab.height, 1)) ** max(ngram_sizes(ngram)) < 2**_BITS


def _keys(index: CorpusIndex, by: Any, what: str) -> list[str]:
    keys = by_columns(by)
    require_columns(index.docs, ["doc_id", "text", *keys], what=what)
    return keys


def term_counts(index: CorpusIndex, **options: Any) -> pl.DataFrame:
    from discourse.terms import frequency

    index.require(options["possessives"], what="term_counts")
    top = options["top"]
    if options["terms"] is not None:
        return frequency.term_counts(index.corpus(), **options)
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise DiscourseError(
            f"top must be a whole number of terms, 1 or more, or None; not {top!r}."
        )
    keys = _keys(index, options["by"], "term_counts")
    vocab = _vocab(index)
    if not _fits(vocab, options["ngram"]):
        return frequency.term_counts(index.corpus(), **options)
    groups, code_of_row = _group_codes(index, keys, keys)
    sizes = ngram_sizes(options["ngram"])
    tables = []
    for n in sizes:
        # A single size is ranked on g, so each part of a merge may keep its top rows.
        first = top if len(sizes) == 1 else None
        count = {1: _unigram_counts, 2: _bigram_counts}.get(n)
        if count is not None:
            tables.append(
                count(index, vocab, options["stopwords"], code_of_row, groups.height, first)
            )
        else:
            tables.append(
                _long_gram_counts(index, vocab, n, options["stopwords"], code_of_row, first)
            )
    found = pl.concat(tables) if len(tables) > 1 else tables[0]
    if len(sizes) == 1:
        # Ids are positions in the sorted vocabulary, and no token holds a character below
        # " ": sorting on g (first id, then second) is sorting on the term, and much faster.
        found = found.sort(["_g", "n", "g"], descending=[False, True, False])
    counts = _decode(found, vocab)
    if keys:
        counts = counts.join(groups, on="_g", how="left", maintain_order="left")
    out = counts.select(*keys, pl.col("term").cast(pl.String), "n", "docs")
    if len(sizes) > 1:
        out = out.sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])
    elif keys:
        out = out.sort(keys, maintain_order=True)
    if top is None:
        return out
    rank = pl.int_range(pl.len()).over(keys) if keys else pl.int_range(pl.len())
    return out.filter(rank < top)


def group_sizes(index: CorpusIndex, *, by: Any, possessives: Any) -> pl.DataFrame:
    index.require(possessives, what="group_sizes")
    keys = _keys(index, by, "group_sizes")
    agg = [
        pl.col("_tokens").cast(pl.Int64).sum().alias("tokens"),
        pl.len().cast(pl.Int64).alias("articles"),
    ]
    docs = index.docs
    out = (docs.group_by(keys).agg(agg) if keys else docs.select(agg)).collect()
    return out.sort(keys) if keys else out


def term_frequency(index: CorpusIndex, **options: Any) -> pl.DataFrame:
    from discourse.terms import frequency

    index.require(options["possessives"], what="term_frequency")
    if options.pop("dedupe") is not None:
        raise DiscourseError(
            "term_frequency(dedupe=...) needs the corpus itself: deduplicate it with "
            "dc.deduplicate(corpus, mode=...) and index the result, or pass the corpus."
        )
    denominator = options.pop("denominator")
    keys = by_columns(options["by"])
    counts = term_counts(index, **options)
    sizes = group_sizes(index, by=options["by"], possessives=options["possessives"])
    return frequency._rates(counts, sizes, keys, denominator)


def dispersion(index: CorpusIndex, **options: Any) -> pl.DataFrame:
    from discourse.terms import frequency

    index.require(options["possessives"], what="dispersion")
    if options["terms"] is not None:
        return frequency.dispersion(index.corpus(), **options)
    keys = _keys(index, options["by"], "dispersion")
    vocab = _vocab(index)
    if not _fits(vocab, options["ngram"]):
        return frequency.dispersion(index.corpus(), **options)
    per_doc = _per_doc(index, vocab, keys, options["ngram"], options["stopwords"])
    sizes = index.docs.select("_row", *keys, tokens="_tokens")
    table = frequency._dp_table(per_doc, sizes, keys, ["size", "g"])
    cols = [
        *keys,
        pl.col("term").cast(pl.String),
        pl.col("n", "docs").cast(pl.Int64),
        "dp",
        "dp_norm",
    ]
    result = _decode(table.collect(), vocab).select(cols)
    return result.sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])


def on_text(index: CorpusIndex, possessives: Any, what: str) -> pl.LazyFrame:
    """The indexed corpus itself, for a function that works on the text (KWIC, collocations)."""
    index.require(possessives, what=what)
    return index.corpus()


# --- KWIC and collocations on token ids and offsets --------------------------------------------


def _breaks(vocab: pl.DataFrame) -> np.ndarray:
    """Whether each id is a sentence-break marker rather than a word."""
    return vocab.select(is_dropped(pl.col("term"), set())).to_series().to_numpy()


def _flat_words(
    frame: pl.DataFrame, breaks: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The words of ``frame``'s ``exact`` documents end to end: their ids, the ``_row`` of each
    word, and each word's start and end in the text; documents in ``frame``'s order."""
    ids = frame["ids"].explode(empty_as_null=False, keep_nulls=False).to_numpy()
    lengths = frame["ids"].list.len().fill_null(0).to_numpy()
    rows = np.repeat(frame["_row"].to_numpy(), lengths)
    words = ~breaks[ids] if ids.size else np.zeros(0, dtype=bool)
    starts = frame["starts"].explode(empty_as_null=False, keep_nulls=False).to_numpy()
    ends = frame["ends"].explode(empty_as_null=False, keep_nulls=False).to_numpy()
    return ids[words], rows[words], starts, ends


def _all_exact(index: CorpusIndex) -> bool:
    return bool(index.tokens.select(pl.col("exact").all()).collect().item())


_WORD_RUN: list[re.Pattern[str]] = []


def _word_run() -> re.Pattern[str]:
    """A run of word characters (Rust's ``\\w``, as the matching syntax and the tokens use)."""
    if not _WORD_RUN:
        _WORD_RUN.append(re.compile(word_res()[0].pattern + "+"))
    return _WORD_RUN[0]


def token_runs(found: Finder, vocab: pl.DataFrame) -> pl.DataFrame | None:
    """``[id, off, len]``: the whole-word matches of ``found`` inside each vocabulary term, or
    ``None`` when its matches cannot be read from the tokens.

    A query can be answered from the tokens when each of its variants (braces expanded) is one
    word of word characters, possibly ending in ``*``: its matches are then exactly the runs of
    word characters in the folded text equal to the word (or starting with it), and in a
    ``plain`` document those runs are the runs inside the normalised tokens. A phrase, a word
    holding a hyphen, apostrophe or other non-word character, and a regex are not.
    """
    if not isinstance(found, PhraseMatcher):
        return None
    words: list[tuple[str, bool]] = []
    for variant in found.variants:
        if len(variant.words) != 1:
            return None
        literal, wild = variant.words[0]
        if not _word_run().fullmatch(literal):
            return None
        words.append((literal, wild))
    exact = {w for w, wild in words if not wild}
    prefixes = tuple(w for w, wild in words if wild)
    literals = sorted({w for w, _ in words})
    candidates = vocab.with_row_index("id").filter(pl.col("term").str.contains_any(literals))
    ids: list[int] = []
    offs: list[int] = []
    lens: list[int] = []
    for term_id, term in candidates.iter_rows():
        for m in _word_run().finditer(term):
            run = m.group()
            if run in exact or run.startswith(prefixes):
                ids.append(term_id)
                offs.append(m.start())
                lens.append(m.end() - m.start())
    return pl.DataFrame(
        {"id": ids, "off": offs, "len": lens},
        schema={"id": pl.UInt32, "off": pl.Int64, "len": pl.Int64},
    )


class IndexText:
    """What :func:`~discourse.kwic` reads from a :class:`CorpusIndex`: hits found on the token
    ids where the query allows (:func:`token_runs`; in the other documents and for other queries
    on the kept text), the token table rebuilt from the stored offsets, and the text of the
    documents with a hit only. The same interface as :class:`~discourse.terms._hits.FrameText`.
    """

    def __init__(self, index: CorpusIndex, possessives: Possessives) -> None:
        index.require(possessives, what="kwic")
        self.index = index
        self.possessives = possessives
        self.groups = group_columns(index.corpus())
        self.docs = index.docs.select("_row", "doc_id", *self.groups).collect()
        self._vocab: pl.DataFrame | None = None
        self._texts: dict[int, str | None] = {}
        self._flag_table: _Flags | None = None
        self._sizes: np.ndarray | None = None
        self._breaks: np.ndarray | None = None

    @property
    def vocab(self) -> pl.DataFrame:
        if self._vocab is None:
            self._vocab = _vocab(self.index)
        return self._vocab

    def texts(self, rows: Iterable[int]) -> dict[int, str | None]:
        """The texts of documents ``rows`` (read once, then kept)."""
        wanted = sorted({int(r) for r in rows} - set(self._texts))
        if wanted:
            found = (
                self.index.docs.filter(
                    pl.col("_row").is_in(pl.Series(wanted, dtype=pl.UInt32).implode())
                )
                .select("_row", "text")
                .collect()
            )
            self._texts.update(zip(found["_row"].to_list(), found["text"].to_list(), strict=True))
        return self._texts

    def _text_hits(self, found: Finder, wanted: list[int]) -> pl.DataFrame:
        """Hits found in the text of documents ``wanted`` (as the corpus' kwic finds them)."""
        texts = self.texts(wanted)
        local = find_hits((texts[r] for r in wanted), found)
        back = pl.Series(wanted, dtype=pl.UInt32)
        return local.with_columns(_row=back.gather(local["_row"]))

    def _flags(self) -> _Flags:
        """Which documents are ``plain``, and those not ``exact`` or not ``plain``."""
        if self._flag_table is None:
            table = self.index.tokens.select("_row", "exact", "plain").collect()
            plain = np.zeros(self.index.height, dtype=bool)
            plain[table.filter(pl.col("plain"))["_row"].to_numpy()] = True
            self._flag_table = _Flags(
                plain=plain,
                inexact=table.filter(~pl.col("exact"))["_row"].to_list(),
                odd=table.filter(~pl.col("plain"))["_row"].to_list(),
            )
        return self._flag_table

    def _words(
        self, chosen: np.ndarray | None
    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """The words (ids, rows, starts, ends) of the ``exact`` documents (of those ``chosen``
        only, when given), ``_WORD_DOCS`` documents at a time, in ``_row`` order: memory holds
        one chunk and what the caller keeps of it."""
        frame = self.index.tokens.filter(pl.col("exact"))
        if chosen is not None:
            rows = np.flatnonzero(chosen)
            if rows.size == 0:
                return
            # The range first: a saved index skips the row groups outside it (anchored_ngrams
            # asks for a few thousand neighbouring documents at a time).
            frame = frame.filter(pl.col("_row").is_between(int(rows[0]), int(rows[-1]))).filter(
                pl.col("_row").is_in(pl.Series(rows, dtype=pl.UInt32).implode())
            )
        if self._breaks is None:
            self._breaks = _breaks(self.vocab)
        breaks = self._breaks
        columns = frame.select("_row", "ids", "starts", "ends")
        for chunk in columns.collect_batches(chunk_size=_WORD_DOCS, maintain_order=True):
            yield _flat_words(chunk, breaks)

    def hits(self, found: Finder, rows: pl.Series | None = None) -> pl.DataFrame:
        """``[_row, start, end]`` as :func:`~discourse.terms._hits.find_hits` finds them in the
        text, in documents ``rows`` (all when ``None``)."""
        runs = token_runs(found, self.vocab)
        if runs is None:
            docs = self.index.docs.select("_row")
            if rows is not None:
                docs = docs.filter(pl.col("_row").is_in(rows.cast(pl.UInt32).implode()))
            return self._text_hits(found, docs.collect()["_row"].to_list())
        flags = self._flags()
        wanted = np.zeros(max(self.vocab.height, 1), dtype=bool)
        wanted[runs["id"].to_numpy()] = True
        take = flags.plain.copy()
        rest = flags.odd
        chosen = None
        if rows is not None:
            chosen = np.zeros(self.index.height, dtype=bool)
            chosen[rows.to_numpy()] = True
            take &= chosen
            rest = [r for r in rest if chosen[r]]
        found_rows, found_ids, found_at = [], [], []
        for ids, rows_of, starts, _ in self._words(chosen):
            picked = np.flatnonzero(wanted[ids] & take[rows_of])
            found_rows.append(rows_of[picked])
            found_ids.append(ids[picked])
            found_at.append(starts[picked])
        on_tokens = (
            pl.DataFrame(
                {
                    "_row": np.concatenate(found_rows) if found_rows else [],
                    "id": np.concatenate(found_ids) if found_ids else [],
                    "at": np.concatenate(found_at) if found_at else [],
                },
                schema={"_row": pl.UInt32, "id": pl.UInt32, "at": pl.Int64},
            )
            .join(runs, on="id")
            .select(
                "_row",
                start=pl.col("at") + pl.col("off"),
                end=pl.col("at") + pl.col("off") + pl.col("len"),
            )
        )
        if rest:
            on_tokens = pl.concat([on_tokens, self._text_hits(found, rest)])
        return on_tokens.sort("_row", "start")

    def decode(self, norm: pl.Series) -> pl.Series:
        """The terms of ``norm`` values picked from :meth:`tokens` (ids, or terms already)."""
        if norm.dtype == pl.String:
            return norm
        return self.vocab["term"].gather(norm).alias(norm.name)

    def tokens(self, rows: pl.Series, *, norm: bool = True) -> pl.DataFrame:
        """``[_row, start, end, norm]``: the token table of documents ``rows``, as
        :func:`~discourse.terms._hits.doc_tokens` builds it from their text (``norm`` left out
        unless asked for; vocabulary ids or terms, read with :meth:`decode`)."""
        chosen = np.zeros(self.index.height, dtype=bool)
        chosen[rows.to_numpy()] = True
        # The chosen exact documents' words, filled in chunk by chunk (an exact document's
        # words are its _tokens): no second copy of them at any time.
        if self._sizes is None:
            found = self.index.docs.select(pl.col("_tokens").fill_null(0)).collect()
            self._sizes = found.to_series().to_numpy()
        exact = chosen.copy()
        exact[self._flags().inexact] = False
        total = int(self._sizes[exact].sum())
        ids, rows_of, starts, ends = (np.empty(total, dtype=np.uint32) for _ in range(4))
        at = 0
        for chunk in self._words(chosen):
            n = chunk[0].size
            for whole, part in zip((ids, rows_of, starts, ends), chunk, strict=True):
                whole[at : at + n] = part
            at += n
        assert at == total, "the stored token counts disagree with the stored tokens"
        columns: dict[str, Any] = {"_row": rows_of, "start": starts, "end": ends}
        if norm:
            # As ids, decoded by decode() once picked (the terms of every word of a large
            # corpus took gigabytes as strings).
            columns["norm"] = pl.Series(ids, dtype=pl.UInt32)
        rest = [r for r in self._flags().inexact if chosen[r]]
        if self.possessives == "keep" and not rest:
            # Tokens with no "." or ",": kwic reads a hit's right context from the table when
            # it ends inside one (see context_spans).
            dotless = ~self.vocab["term"].str.contains("[.,]").to_numpy()
            columns["_dotless"] = dotless[ids]
        table = pl.DataFrame(columns)
        if not rest:
            # Documents in _row order, words in text order: sorted already. Offsets stay
            # UInt32 (the table is read as numbers only).
            return table
        table = table.with_columns(
            pl.col("_row").cast(pl.UInt32), pl.col("start", "end").cast(pl.Int64)
        )
        if norm:
            # Some documents' tokens come from their text: every term as a string.
            table = table.with_columns(norm=self.decode(table["norm"]))
        texts = self.texts(rest)
        docs = pl.DataFrame(
            {"_row": rest, "text": [texts[r] for r in rest]},
            schema={"_row": pl.UInt32, "text": pl.String},
        )
        found = row_tokens(docs, possessives=self.possessives).select(table.columns)
        return pl.concat([table, found]).sort("_row", "start")


@dataclass
class _Flags:
    """Which documents of an index are ``plain``; those not ``exact``, and those not ``plain``."""

    plain: np.ndarray
    inexact: list[int]
    odd: list[int]


def _group_codes(
    index: CorpusIndex, by: list[str], cols: list[str]
) -> tuple[pl.DataFrame, np.ndarray]:
    """The groups (``[_g, *cols]``, one row each) and each document's group number by ``_row``."""
    docs = index.docs.select("_row", *by).collect()
    if not by:
        groups = pl.DataFrame({"_g": [0]}, schema={"_g": pl.UInt32}).with_columns(
            *(pl.lit(True).alias(c) for c in cols)
        )
        return groups, np.zeros(docs.height, dtype=np.int64)
    table = docs.group_by(by, maintain_order=True).agg("_row").with_row_index("_g")
    members = table.select("_g", "_row").explode("_row")
    code = np.zeros(docs.height, dtype=np.int64)
    code[members["_row"].to_numpy()] = members["_g"].to_numpy()
    return table.drop("_row"), code


def _pair_counts(
    code: np.ndarray, ids: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How often each (group number, id) pair occurs: ``(groups, ids, counts)``."""
    key = code.astype(np.int64) * size + ids.astype(np.int64)
    if code.size and int(code.max() + 1) * size <= _BINS:
        counts = np.bincount(key, minlength=0)
        keys = np.flatnonzero(counts)
        counts = counts[keys]
    else:
        keys, counts = np.unique(key, return_counts=True)
    return keys // size, keys % size, counts


def collocation_counts(
    index: CorpusIndex,
    *,
    node_tokens: list[str],
    by: list[str],
    cols: list[str],
    left: int,
    right: int,
    min_count: int,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame] | None:
    """The four tables :func:`~discourse.collocations` joins, counted on the token ids:
    ``observed`` ``[*cols, collocate, o]`` (``o >= min_count``), ``f_collocate``, ``f_node`` and
    ``n_tokens``; ``None`` when some document's words are not its collocation tokens (never
    seen; then the text is read). ``cols`` is ``by``, or ``[all_column]`` without groups.

    Positions count words only (sentence breaks are not tokens there); the node is a run of
    consecutive ids in one document; a span is ``left`` words before the hit and ``right``
    after it in the same document, each position counted once however many spans hold it.
    """
    if not _all_exact(index):
        return None
    vocab = _vocab(index)
    terms = vocab["term"]
    size_v = max(terms.len(), 1)
    found = terms.search_sorted(pl.Series(node_tokens, dtype=pl.String)).to_list()
    node_ids = [
        i for i, t in zip(found, node_tokens, strict=True) if i < len(terms) and terms[i] == t
    ]
    lists = index.tokens.select("ids").collect()["ids"]
    flat = lists.explode(empty_as_null=False, keep_nulls=False).to_numpy()
    ids: np.ndarray = flat[~_breaks(vocab)[flat]] if flat.size else flat
    # Documents in _row order (a document without text has no words): word i of the corpus
    # belongs to the document d with bounds[d] <= i < bounds[d + 1].
    sizes = index.docs.select(pl.col("_tokens").fill_null(0)).collect().to_series().to_numpy()
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    if bounds[-1] != ids.size:
        return None
    size = len(node_tokens)
    hits = np.zeros(0, dtype=np.int64)
    if len(node_ids) == size and ids.size >= size:
        hits = np.flatnonzero(ids[: ids.size - size + 1] == node_ids[0])
        for k in range(1, size):
            hits = hits[ids[hits + k] == node_ids[k]]
    doc = np.searchsorted(bounds, hits, "right") - 1
    first, stop = bounds[doc], bounds[doc + 1]
    inside_doc = hits + size <= stop
    hits, doc, first, stop = hits[inside_doc], doc[inside_doc], first[inside_doc], stop[inside_doc]
    # Each word inside some span, once: a mark per word of the corpus.
    marked = np.zeros(ids.size, dtype=bool)
    for step in [*range(-left, 0), *range(size, size + right)]:
        at = hits + step
        marked[at[(at >= first) & (at < stop)]] = True
    groups, code_of_row = _group_codes(index, by, cols)
    if groups.height == 1:
        # One group: counts are bins of the ids themselves.
        o_all = np.bincount(ids[marked], minlength=size_v)
        i = np.flatnonzero((o_all > 0) & (o_all >= min_count))
        g, o = np.zeros(i.size, dtype=np.int64), o_all[i]
        fg, fi, fc = g, i, np.bincount(ids, minlength=size_v)[i]
    else:
        code = np.repeat(code_of_row, sizes)
        g, i, o = _pair_counts(code[marked], ids[marked], size_v)
        keep = o >= min_count
        g, i, o = g[keep], i[keep], o[keep]
        # The collocates' frequencies, in the groups where they are observed.
        wanted = np.zeros(size_v, dtype=bool)
        wanted[i] = True
        among = wanted[ids]
        fg, fi, fc = _pair_counts(code[among], ids[among], size_v)
    n_tokens = np.bincount(code_of_row, weights=sizes, minlength=groups.height)
    f_node = np.bincount(code_of_row[doc], minlength=groups.height)
    u32 = pl.UInt32

    def table(g: np.ndarray, **columns: Any) -> pl.DataFrame:
        frame = pl.DataFrame({"_g": g, **columns}).with_columns(pl.col("_g").cast(u32))
        if "id" in columns:
            frame = frame.with_columns(collocate=terms.gather(frame["id"])).drop("id")
        return frame.join(groups, on="_g", how="left").drop("_g")

    every = np.arange(groups.height)
    return (
        table(g, id=i, o=o),
        table(fg, id=fi, f_collocate=fc),
        table(every[f_node > 0], f_node=f_node[f_node > 0]),
        table(every, n_tokens=n_tokens.astype(np.int64)),
    )
