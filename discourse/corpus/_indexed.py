"""The counters on a :class:`~discourse.corpus.indexing.CorpusIndex`: the same tables as on the
corpus, from the token lists tokenised once instead of the text.

N-grams are built from the stored token lists exactly as :mod:`discourse.terms._ngrams` builds
them (a sentence break or a stopword in the window drops the n-gram); counts then run on those
lists, so no regex touches the text again. ``terms=`` queries, collocations and KWIC work on the
text, which the index keeps: they are computed on it and give the corpus' results.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from discourse.corpus._frame import by_columns, require_columns
from discourse.corpus.indexing import CorpusIndex
from discourse.errors import DiscourseError
from discourse.terms._ngrams import is_dropped, ngram_sizes, stopword_set


def is_index(value: object) -> bool:
    return isinstance(value, CorpusIndex)


def _grams(index: CorpusIndex, n: int, stop: set[str]) -> pl.LazyFrame:
    """``[_row, term, count]``: one row per document and n-gram in it."""
    tok = index.tokens
    if n == 1:
        elems = tok.explode("tok").filter(~is_dropped(pl.col("tok"), stop))
        return elems.group_by("_row", pl.col("tok").alias("term")).agg(
            count=pl.len().cast(pl.Int64)
        )
    elem = pl.element()
    drop = [is_dropped(elem.shift(-i), stop) for i in range(n)]
    gram = pl.concat_str([elem.shift(-i) for i in range(n)], separator=" ")
    grams = pl.col("tok").list.eval(pl.when(pl.any_horizontal(drop)).then(None).otherwise(gram))
    return (
        tok.select("_row", term=grams)
        .explode("term")
        .drop_nulls("term")
        .group_by("_row", "term")
        .agg(count=pl.len().cast(pl.Int64))
    )


def _per_doc(index: CorpusIndex, keys: list[str], ngram: Any, stopwords: Any) -> pl.LazyFrame:
    stop = stopword_set(stopwords)
    parts = [_grams(index, n, stop) for n in ngram_sizes(ngram)]
    per_doc = pl.concat(parts) if len(parts) > 1 else parts[0]
    if keys:
        per_doc = per_doc.join(index.docs.select("_row", *keys), on="_row")
    return per_doc


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
    per_doc = _per_doc(index, keys, options["ngram"], options["stopwords"])
    out = (
        per_doc.group_by(*keys, "term")
        .agg(n=pl.col("count").sum().cast(pl.Int64), docs=pl.len().cast(pl.Int64))
        .select(*keys, pl.col("term").cast(pl.String), "n", "docs")
        .sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])
        .collect()
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
    per_doc = _per_doc(index, keys, options["ngram"], options["stopwords"])
    sizes = index.docs.select("_row", *keys, tokens="_tokens").with_columns(
        share=pl.col("tokens") / pl.col("tokens").sum().over(keys or pl.lit(1))
    )
    smallest = sizes.group_by(keys or pl.lit(1).alias("_all")).agg(min_share=pl.col("share").min())
    gap = (pl.col("count") / pl.col("count").sum().over(*keys, "term") - pl.col("share")).abs()
    out = (
        per_doc.join(sizes.select("_row", "share"), on="_row")
        .group_by(*keys, "term")
        .agg(
            n=pl.col("count").sum(),
            docs=pl.len(),
            dp=0.5 * (gap.sum() + 1 - pl.col("share").sum()),
        )
    )
    joined = (
        out.join(smallest, on=keys, how="left")
        if keys
        else out.join(smallest.drop("_all"), how="cross")
    )
    norm = pl.col("dp") / (1 - pl.col("min_share"))
    cols = [
        *keys,
        pl.col("term").cast(pl.String),
        pl.col("n", "docs").cast(pl.Int64),
        "dp",
        norm.alias("dp_norm"),
    ]
    result = joined.select(cols).collect()
    return result.sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])


def on_text(index: CorpusIndex, possessives: Any, what: str) -> pl.LazyFrame:
    """The indexed corpus itself, for a function that works on the text (KWIC, collocations)."""
    index.require(possessives, what=what)
    return index.corpus()
