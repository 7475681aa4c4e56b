"""The counters on a :class:`~discourse.corpus.indexing.CorpusIndex`: the same tables as on the
corpus, from the token lists tokenised once instead of the text.

N-grams are built from the stored token lists exactly as :mod:`discourse.terms._ngrams` builds
them (a sentence break or a stopword in the window drops the n-gram); counts then run on those
lists, so no regex touches the text again. ``terms=`` queries, collocations and KWIC work on the
text, which the index keeps: they are computed on it and give the corpus' results.
"""

from __future__ import annotations

from typing import Any, TypeGuard

import polars as pl

from discourse.corpus._frame import by_columns, require_columns
from discourse.corpus.indexing import CorpusIndex
from discourse.errors import DiscourseError
from discourse.terms._ngrams import is_dropped, ngram_sizes, stopword_set


def is_index(value: object) -> TypeGuard[CorpusIndex]:
    """Whether a counter was given a :class:`CorpusIndex` rather than a corpus frame."""
    return isinstance(value, CorpusIndex)


_BITS = 64


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
    parts = [_grams(index, vocab, n, stop) for n in ngram_sizes(ngram)]
    per_doc = pl.concat(parts) if len(parts) > 1 else parts[0]
    if keys:
        per_doc = per_doc.join(index.docs.select("_row", *keys), on="_row")
    return per_doc


def _unigrams(
    index: CorpusIndex, vocab: pl.DataFrame, keys: list[str], stopwords: Any
) -> pl.LazyFrame:
    """As :func:`_per_doc` for unigrams, from the stored per-document counts."""
    bad_ids = vocab.with_row_index("id").filter(is_dropped(pl.col("term"), stopword_set(stopwords)))
    per_doc = index.unigrams.filter(~pl.col("id").is_in(bad_ids["id"].cast(pl.UInt32).implode()))
    per_doc = per_doc.select(
        "_row", g=pl.col("id").cast(pl.UInt64), size=pl.lit(1, pl.Int32), count="count"
    )
    if keys:
        per_doc = per_doc.join(index.docs.select("_row", *keys), on="_row")
    return per_doc


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
    if ngram_sizes(options["ngram"]) == [1]:
        per_doc = _unigrams(index, vocab, keys, options["stopwords"])
    else:
        per_doc = _per_doc(index, vocab, keys, options["ngram"], options["stopwords"])
    counts = (
        per_doc.group_by(*keys, "size", "g")
        .agg(n=pl.col("count").sum().cast(pl.Int64), docs=pl.len().cast(pl.Int64))
        .collect()
    )
    out = (
        _decode(counts, vocab)
        .select(*keys, pl.col("term").cast(pl.String), "n", "docs")
        .sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])
    )
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
