"""Term statistics on a Dask DataFrame: counts per partition, summed, then the in-memory formulas.

Each partition runs :func:`discourse.term_counts` and :func:`discourse.group_sizes` (polars, on
the worker); the Int64 counts are summed per group and term, and every rate or statistic is then
computed from the summed counts by the code the in-memory functions use, so the two agree.
"""

from __future__ import annotations

from typing import Any

import dask
import dask.dataframe as dd
import polars as pl

from discourse._typing import By, Possessives, Stopwords
from discourse.cluster._engine import (
    keys_of,
    not_distributed,
    only,
    reduce_many,
    reduce_partitions,
    sum_counts,
)
from discourse.errors import DiscourseError, NotApplicableError
from discourse.stats.inference import Correction
from discourse.terms import frequency as _frequency
from discourse.terms import keywords as _keywords
from discourse.terms.frequency import Terms, _rates
from discourse.text._tokens import token_count


def _check_top(top: int | None) -> None:
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise DiscourseError(
            f"top must be a whole number of terms, 1 or more, or None; not {top!r}."
        )


def _options(
    ngram: int | tuple[int, int],
    terms: Terms | None,
    stopwords: Stopwords,
    possessives: Possessives,
) -> dict[str, Any]:
    """The counting options each partition's in-memory call takes."""
    return {"ngram": ngram, "terms": terms, "stopwords": stopwords, "possessives": possessives}


def _ordered(counts: pl.DataFrame, keys: list[str], top: int | None) -> pl.DataFrame:
    """The in-memory order of :func:`discourse.term_counts`, then each group's ``top``."""
    out = counts.select(*keys, "term", pl.col("n", "docs").cast(pl.Int64))
    out = out.sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])
    if top is None:
        return out
    rank = pl.int_range(pl.len()).over(keys) if keys else pl.int_range(pl.len())
    return out.filter(rank < top)


def _count_job(keys: list[str], options: dict[str, Any]) -> tuple[Any, Any]:
    def chunk(frame: pl.DataFrame) -> pl.DataFrame:
        return _frequency.term_counts(frame, by=keys or None, top=None, **options)

    return chunk, lambda partials: sum_counts(partials, [*keys, "term"])


def _size_job(keys: list[str], possessives: Possessives) -> tuple[Any, Any]:
    def chunk(frame: pl.DataFrame) -> pl.DataFrame:
        return _frequency.group_sizes(frame, by=keys or None, possessives=possessives)

    return chunk, lambda partials: sum_counts(partials, keys)


def term_counts(
    corpus: dd.DataFrame,
    *,
    ngram: int | tuple[int, int] = 1,
    terms: Terms | None = None,
    by: By = None,
    stopwords: Stopwords = None,
    top: int | None = None,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """:func:`discourse.term_counts` of a Dask DataFrame (same arguments, same result)."""
    keys = keys_of(by)
    _check_top(top)
    corpus = only(corpus, ["doc_id", "text", *keys], what="term_counts")
    options = _options(ngram, terms, stopwords, possessives)
    chunk, combine = _count_job(keys, options)
    return _ordered(reduce_partitions(corpus, chunk, combine), keys, top)


def group_sizes(
    corpus: dd.DataFrame, *, by: By = None, possessives: Possessives = "split"
) -> pl.DataFrame:
    """:func:`discourse.group_sizes` of a Dask DataFrame."""
    keys = keys_of(by)
    corpus = only(corpus, ["doc_id", "text", *keys], what="group_sizes")
    chunk, combine = _size_job(keys, possessives)
    sizes = reduce_partitions(corpus, chunk, combine)
    return sizes.sort(keys) if keys else sizes


def _counts_and_sizes(
    corpus: dd.DataFrame, keys: list[str], options: dict[str, Any]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Summed term counts and group sizes from one reading of the partitions."""
    corpus = only(corpus, ["doc_id", "text", *keys], what="term_frequency")
    jobs = [_count_job(keys, options), _size_job(keys, options["possessives"])]
    counts, sizes = reduce_many(corpus, jobs)
    return counts, (sizes.sort(keys) if keys else sizes)


def term_frequency(
    corpus: dd.DataFrame,
    *,
    terms: Terms | None = None,
    ngram: int | tuple[int, int] = 1,
    by: By = None,
    stopwords: Stopwords = None,
    denominator: pl.DataFrame | None = None,
    dedupe: Any = None,
    top: int | None = None,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """:func:`discourse.term_frequency` of a Dask DataFrame (``dedupe=`` excepted)."""
    if dedupe is not None:
        raise not_distributed(
            "term_frequency",
            f"dedupe={dedupe!r} (finding copies compares documents across partitions)",
            "deduplicate the corpus before it is partitioned (discourse.deduplicate), or "
            "leave dedupe=None",
        )
    keys = keys_of(by)
    _check_top(top)
    options = _options(ngram, terms, stopwords, possessives)
    summed, sizes = _counts_and_sizes(corpus, keys, options)
    counts = _ordered(summed, keys, top)
    return _rates(counts, sizes, keys, denominator)


def keyness(
    corpus: dd.DataFrame,
    *,
    by: By = None,
    target: Any = None,
    reference: Any = None,
    terms: Terms | None = None,
    ngram: int | tuple[int, int] = 1,
    stopwords: Stopwords = None,
    min_count: int = 5,
    correction: Correction = "bonferroni",
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """:func:`discourse.keyness` of a Dask DataFrame: the 2×2 tables from summed counts."""
    cols = keys_of(by)
    if not cols:
        raise NotApplicableError(
            'keyness needs by= (e.g. by="outlet"): the column(s) whose values are the groups '
            "compared; without it the whole corpus is one group, with nothing to compare it to."
        )
    options = _options(ngram, terms, stopwords, possessives)
    summed, sizes = _counts_and_sizes(corpus, cols, options)
    sizes = sizes.select(*cols, pl.col("tokens").cast(pl.Int64))
    if sizes.height < 2:
        raise NotApplicableError(_keywords._one_group(sizes, cols))
    counts = _ordered(summed, cols, None)
    targets = _keywords._keys(target, sizes, cols, what="target")
    references = _keywords._keys(reference, sizes, cols, what="reference")
    if references is None:
        table = _keywords._against_rest(counts, sizes, cols, targets, min_count)
    else:
        table = _keywords._against_reference(counts, sizes, cols, targets, references, min_count)
    table = table.filter(
        (pl.col("n_target") + pl.col("n_reference") >= max(min_count, 1))
        & (pl.col("tokens_target") > 0)
        & (pl.col("tokens_reference") > 0)
    )
    return _keywords._score(table, cols, correction).sort(
        [*cols, "g2", "term"], descending=[*([False] * len(cols)), True, False]
    )


def _doc_shares(
    frame: pl.DataFrame, keys: list[str], totals: pl.DataFrame, possessives: Possessives
) -> pl.LazyFrame:
    """Each document's ``_row`` and share of its group's tokens (the group total given)."""
    tokens = token_count(pl.col("text"), possessives)
    rows = frame.lazy().select(*keys, tokens=tokens).with_row_index("_row")
    if keys:
        rows = rows.join(totals.lazy(), on=keys, how="left", nulls_equal=True)
    else:
        rows = rows.join(totals.lazy(), how="cross")
    return rows.select("_row", share=pl.col("tokens") / pl.col("total"))


def _dispersion_chunk(
    frame: pl.DataFrame,
    keys: list[str],
    options: dict[str, Any],
    totals: pl.DataFrame,
    term_totals: pl.DataFrame,
) -> pl.DataFrame:
    """Per group and term in this partition: ``n``, ``docs``, and the two sums DP needs, with
    each document's share of its group's tokens and the term's total over the whole corpus."""
    lf = frame.lazy().select("doc_id", "text", *keys)
    per_doc, _ = _frequency._doc_counts(lf, keys, **options)
    gap = (pl.col("count") / pl.col("n_all") - pl.col("share")).abs()
    return (
        per_doc.join(_doc_shares(frame, keys, totals, options["possessives"]), on="_row")
        .join(term_totals.lazy(), on=[*keys, "term"], how="left", nulls_equal=True)
        .group_by(*keys, "term")
        .agg(
            n=pl.col("count").sum().cast(pl.Int64),
            docs=pl.len().cast(pl.Int64),
            gaps=gap.sum(),
            shares=pl.col("share").sum(),
        )
        .collect()
    )


def _dispersion_sums(partials: list[pl.DataFrame], keys: list[str]) -> pl.DataFrame:
    stacked = pl.concat(partials, how="vertical_relaxed")
    return stacked.group_by(*keys, "term").agg(
        pl.col("n", "docs").sum().cast(pl.Int64), pl.col("gaps", "shares").sum()
    )


def _extremes_chunk(frame: pl.DataFrame, keys: list[str], possessives: Possessives) -> pl.DataFrame:
    tokens = token_count(pl.col("text"), possessives)
    rows = frame.lazy().select(*keys, tokens=tokens)
    agg = [pl.col("tokens").sum().alias("total"), pl.col("tokens").min().alias("fewest")]
    return (rows.group_by(keys).agg(agg) if keys else rows.select(agg)).collect()


def _extremes(partials: list[pl.DataFrame], keys: list[str]) -> pl.DataFrame:
    stacked = pl.concat(partials, how="vertical_relaxed").drop_nulls("fewest")
    agg = [pl.col("total").sum().cast(pl.Int64), pl.col("fewest").min().cast(pl.Int64)]
    return stacked.group_by(keys).agg(agg) if keys else stacked.select(agg)


def dispersion(
    corpus: dd.DataFrame,
    *,
    terms: Terms | None = None,
    ngram: int | tuple[int, int] = 1,
    by: By = None,
    stopwords: Stopwords = None,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """:func:`discourse.dispersion` of a Dask DataFrame, in two passes over the partitions.

    DP sums, over documents, |the document's share of a term − its share of the group's
    tokens|: both shares need corpus totals. The first pass sums each group's tokens (and finds
    its shortest document) and each term's count; the second sends those totals to the workers,
    which sum the per-document terms of DP in their partitions.
    """
    keys = keys_of(by)
    corpus = only(corpus, ["doc_id", "text", *keys], what="dispersion")
    options = _options(ngram, terms, stopwords, possessives)
    count_chunk, count_combine = _count_job(keys, options)
    term_totals, extremes = reduce_many(
        corpus,
        [
            (count_chunk, count_combine),
            (lambda f: _extremes_chunk(f, keys, possessives), lambda p: _extremes(p, keys)),
        ],
    )
    term_totals = term_totals.filter(pl.col("n") > 0).select(*keys, "term", n_all="n")
    totals = extremes.select(*keys, "total")
    sums = reduce_partitions(
        corpus,
        _dispersion_chunk,
        lambda partials: _dispersion_sums(partials, keys),
        keys,
        options,
        dask.delayed(totals),
        dask.delayed(term_totals),
    )
    smallest = extremes.select(*keys, min_share=pl.col("fewest") / pl.col("total"))
    joined = sums.join(smallest, on=keys, how="left") if keys else sums.join(smallest, how="cross")
    dp = 0.5 * (pl.col("gaps") + 1 - pl.col("shares"))
    out = joined.select(
        *keys,
        "term",
        pl.col("n", "docs").cast(pl.Int64),
        dp.alias("dp"),
        (dp / (1 - pl.col("min_share"))).alias("dp_norm"),
    )
    return out.sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])
