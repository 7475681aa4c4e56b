"""Keyness: which terms one group of documents (an outlet, a week) uses more or less than others.

Counting is :func:`discourse.term_counts`; the statistics are :mod:`discourse.stats`.
Every comparison is a 2×2 table per term: ``a`` = count in the target, ``b`` = count in the
reference, ``c``/``d`` = their sizes in tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from discourse import stats
from discourse._typing import By, Possessives, Stopwords
from discourse.cluster._detect import is_dask
from discourse.corpus._frame import Frame, by_columns
from discourse.errors import DiscourseError, NotApplicableError
from discourse.stats.inference import Correction
from discourse.terms.frequency import Terms, group_sizes, term_counts
from discourse.text._tokens import check_possessives

__all__ = ["keyness"]

_COUNTS = ["n_target", "n_reference", "docs_target", "docs_reference"]


def keyness(
    corpus: Frame,
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
    """Keyness of every term for each group against a reference, with G², p, Log Ratio, %DIFF.

    ``corpus`` may also be a :class:`~discourse.CorpusIndex` (:func:`~discourse.index_corpus`):
    the same result, from tokens counted once.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with a ``text`` column and the ``by`` columns.
    by
        The column(s) whose values are the groups compared, e.g. ``"outlet"``. Required in
        practice: with ``None`` the corpus is one group, with nothing to compare it to.
    target
        The group(s) to report. ``None``: every group, each in turn (the usual case with more
        than two outlets). A value (a tuple when ``by`` has several columns), a list of them, or
        a frame with the ``by`` columns (e.g. the largest outlets of
        :func:`discourse.corpus_overview`; other columns are ignored): each of those groups,
        separately. With thousands of outlets, naming the few to report keeps the table small;
        the reference is still every other group.
    reference
        ``None``: each target against all other groups pooled ("the rest"). A group or a list of
        groups: each target against those groups pooled (a target may not be among them).
        With ``target=None`` and a reference, every group outside the reference is a target.
    terms, ngram, stopwords, possessives
        Passed to :func:`discourse.term_counts`: queries in the
        :mod:`discourse.text.matching` syntax instead of every word, n-grams (1–3), stopwords
        (``"english"`` or your own list), and whether "Israel's" is one token or "israel"
        plus "'s". Sizes ``c`` and ``d`` are always in tokens (:func:`discourse.group_sizes`),
        also for n-grams and queries.
    min_count
        Keep a term in a comparison only if ``n_target + n_reference >= min_count``. The filter is
        applied before the correction, so the number of tests is the number of terms kept in
        that comparison.
    correction
        Multiple-comparison correction for ``p_adjusted``, applied per target group:
        ``"bonferroni"`` (default), ``"holm"``, ``"fdr_bh"`` (Benjamini–Hochberg) or ``"none"``.

    Returns
    -------
    pl.DataFrame
        One row per target group and term with a count in either side (none, with the columns
        below, when no term reaches ``min_count``), sorted by the ``by``
        columns, then ``g2`` descending (most characteristic of the target first, terms the
        target avoids last). Columns:

        - the ``by`` columns: the target group;
        - ``term``;
        - ``n_target``, ``n_reference``: occurrences; ``docs_target``, ``docs_reference``:
          documents containing the term (Int64);
        - ``tokens_target``, ``tokens_reference``: sizes ``c`` and ``d`` in tokens (Int64);
        - ``per_10k_target``, ``per_10k_reference``: occurrences per 10,000 tokens;
        - ``g2``: signed 4-term log-likelihood (:func:`discourse.stats.g2`), + where the target
          uses the term relatively more;
        - ``p``: its χ² (1 df) p-value; ``p_adjusted``: after ``correction``;
        - ``log_ratio``: Hardie's Log Ratio (zero counts taken as 0.5, so with a tiny reference
          its sign can differ from ``g2``'s);
        - ``pct_diff``: %DIFF, null when ``n_reference`` is 0;
        - ``bic``: ``|g2| − ln(c + d)`` (Wilson 2013; > 2 positive, > 6 strong evidence);
        - ``log_odds_weighted``: Monroe et al.'s weighted log-odds (a z-score) with the pooled
          target + reference counts as informative Dirichlet prior, as in tidylo.

    Raises
    ------
    NotApplicableError
        The corpus has fewer than two groups (or ``by`` is ``None``): there is nothing to
        compare.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({
    ...     "doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "text": ["militants fired rockets", "militants and militants", "fighters fired"],
    ... })
    >>> out = keyness(corpus, by="outlet", min_count=2)
    >>> out.select("outlet", "term", "n_target", "n_reference", "g2").with_columns(
    ...     pl.col("g2").round(4))
    shape: (4, 5)
    ┌────────┬───────────┬──────────┬─────────────┬─────────┐
    │ outlet ┆ term      ┆ n_target ┆ n_reference ┆ g2      │
    │ ---    ┆ ---       ┆ ---      ┆ ---         ┆ ---     │
    │ str    ┆ str       ┆ i64      ┆ i64         ┆ f64     │
    ╞════════╪═══════════╪══════════╪═════════════╪═════════╡
    │ X      ┆ militants ┆ 3        ┆ 0           ┆ 2.2672  │
    │ X      ┆ fired     ┆ 1        ┆ 1           ┆ -0.818  │
    │ Y      ┆ fired     ┆ 1        ┆ 1           ┆ 0.818   │
    │ Y      ┆ militants ┆ 0        ┆ 3           ┆ -2.2672 │
    └────────┴───────────┴──────────┴─────────────┴─────────┘
    >>> keyness(corpus.filter(pl.col("outlet") == "X"), by="outlet")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    discourse.errors.NotApplicableError: Keyness compares each outlet ... has one outlet (X); ...
    """
    check_possessives(possessives)
    if is_dask(corpus):
        from discourse.cluster import _terms

        return _terms.keyness(
            corpus,
            by=by,
            target=target,
            reference=reference,
            terms=terms,
            ngram=ngram,
            stopwords=stopwords,
            min_count=min_count,
            correction=correction,
            possessives=possessives,
        )
    cols = by_columns(by)
    if not cols:
        raise NotApplicableError(
            'keyness needs by= (e.g. by="outlet"): the column(s) whose values are the groups '
            "compared; without it the whole corpus is one group, with nothing to compare it to."
        )
    sizes = group_sizes(corpus, by=cols, possessives=possessives).select(
        *cols, pl.col("tokens").cast(pl.Int64)
    )
    if sizes.height < 2:
        raise NotApplicableError(_one_group(sizes, cols))
    counts = term_counts(
        corpus, ngram=ngram, terms=terms, by=cols, stopwords=stopwords, possessives=possessives
    )
    counts = counts.select(*cols, "term", pl.col("n", "docs").cast(pl.Int64))
    targets = _keys(target, sizes, cols, what="target")
    references = _keys(reference, sizes, cols, what="reference")
    if references is None:
        table = _against_rest(counts, sizes, cols, targets, min_count)
    else:
        table = _against_reference(counts, sizes, cols, targets, references, min_count)
    table = table.filter(
        (pl.col("n_target") + pl.col("n_reference") >= max(min_count, 1))
        & (pl.col("tokens_target") > 0)
        & (pl.col("tokens_reference") > 0)
    )
    return _score(table, cols, correction).sort(
        [*cols, "g2", "term"], descending=[*([False] * len(cols)), True, False]
    )


def _one_group(sizes: pl.DataFrame, cols: list[str]) -> str:
    """The sentence saying why keyness cannot be done with fewer than two groups."""
    noun = " and ".join(cols)
    has = (
        "no documents"
        if sizes.is_empty()
        else f"one {noun} ({', '.join(map(str, sizes.row(0)[:-1]))})"
    )
    return (
        f"Keyness compares each {noun} with the others, and this corpus has {has}; add "
        f"documents from another {noun}, or compare by another column (by=...)."
    )


def _keys(value: Any, sizes: pl.DataFrame, cols: list[str], *, what: str) -> pl.DataFrame | None:
    """The groups named by ``target=``/``reference=`` as a frame of ``cols``; error on unknowns."""
    if value is None:
        return None
    if isinstance(value, pl.DataFrame):
        missing = [c for c in cols if c not in value.columns]
        if missing:
            raise DiscourseError(
                f"{what}= is a frame without the by column(s) {missing}; give one with {cols}."
            )
        value = value.select(cols).rows() if len(cols) > 1 else value[cols[0]].to_list()
    elif isinstance(value, pl.Series):
        value = value.to_list()
    one = isinstance(value, tuple) if len(cols) > 1 else isinstance(value, str | int | float)
    values = [value] if one or not isinstance(value, Sequence | set) else list(value)
    rows = [v if isinstance(v, tuple) else (v,) for v in values]
    if any(len(r) != len(cols) for r in rows):
        raise DiscourseError(f"{what}= must give one value per by column {cols}; got {value!r}.")
    keys = pl.DataFrame(rows, schema=sizes.select(cols).schema, orient="row").unique()
    unknown = keys.join(sizes, on=cols, how="anti", nulls_equal=True)
    if unknown.height:
        known = sizes.select(cols).head(10).rows()
        raise DiscourseError(
            f"{what}= names group(s) {unknown.rows()} not in the corpus; groups include {known}."
        )
    return keys


def _against_rest(
    counts: pl.DataFrame,
    sizes: pl.DataFrame,
    cols: list[str],
    targets: pl.DataFrame | None,
    min_count: int,
) -> pl.DataFrame:
    """Each target group against all other groups: reference = corpus total minus the target."""
    totals = (
        counts.group_by("term")
        .agg(n_all=pl.sum("n"), docs_all=pl.sum("docs"))
        .filter(pl.col("n_all") >= min_count)
    )
    groups = sizes if targets is None else sizes.join(targets, on=cols, nulls_equal=True)
    return (
        groups.rename({"tokens": "tokens_target"})
        .with_columns(tokens_reference=sizes["tokens"].sum() - pl.col("tokens_target"))
        .join(totals, how="cross")
        .join(counts, on=[*cols, "term"], how="left", nulls_equal=True)
        .with_columns(pl.col("n", "docs").fill_null(0))
        .select(
            *cols,
            "term",
            n_target="n",
            n_reference=pl.col("n_all") - pl.col("n"),
            docs_target="docs",
            docs_reference=pl.col("docs_all") - pl.col("docs"),
            tokens_target="tokens_target",
            tokens_reference="tokens_reference",
        )
    )


def _against_reference(
    counts: pl.DataFrame,
    sizes: pl.DataFrame,
    cols: list[str],
    targets: pl.DataFrame | None,
    references: pl.DataFrame,
    min_count: int,
) -> pl.DataFrame:
    """Each target group against the pooled reference groups."""
    in_reference = sizes.join(references, on=cols, how="semi", nulls_equal=True)
    if targets is None:
        groups = sizes.join(references, on=cols, how="anti", nulls_equal=True)
    else:
        overlap = targets.join(references, on=cols, how="semi", nulls_equal=True)
        if overlap.height:
            raise DiscourseError(
                f"group(s) {overlap.rows()} are in both target= and reference=; "
                "a group cannot be compared with itself."
            )
        groups = sizes.join(targets, on=cols, nulls_equal=True)
    reference_counts = (
        counts.join(references, on=cols, how="semi", nulls_equal=True)
        .group_by("term")
        .agg(n_reference=pl.sum("n"), docs_reference=pl.sum("docs"))
    )
    target_counts = counts.join(groups, on=cols, how="semi", nulls_equal=True)
    # Reference total + every target's count bounds the combined count from above: terms below
    # min_count even then never need a row.
    vocabulary = (
        pl.concat(
            [reference_counts.select("term", n="n_reference"), target_counts.select("term", "n")]
        )
        .group_by("term")
        .agg(pl.sum("n"))
        .filter(pl.col("n") >= min_count)
        .select("term")
    )
    return (
        groups.select(*cols, tokens_target="tokens")
        .with_columns(tokens_reference=pl.lit(in_reference["tokens"].sum(), dtype=pl.Int64))
        .join(vocabulary, how="cross")
        .join(target_counts, on=[*cols, "term"], how="left", nulls_equal=True)
        .join(reference_counts, on="term", how="left")
        .with_columns(pl.col("n", "docs", "n_reference", "docs_reference").fill_null(0))
        .select(
            *cols,
            "term",
            n_target="n",
            n_reference="n_reference",
            docs_target="docs",
            docs_reference="docs_reference",
            tokens_target="tokens_target",
            tokens_reference="tokens_reference",
        )
    )


def _score(table: pl.DataFrame, cols: list[str], correction: Correction) -> pl.DataFrame:
    a, b, c, d = (
        pl.col(x) for x in ("n_target", "n_reference", "tokens_target", "tokens_reference")
    )
    return (
        table.with_columns(pl.col(_COUNTS).cast(pl.Int64))
        .with_columns(
            per_10k_target=a / c * 10_000,
            per_10k_reference=b / d * 10_000,
            g2=stats.g2(a, b, c, d),
        )
        .with_columns(p=stats.p_value(pl.col("g2")))
        .with_columns(
            p_adjusted=stats.adjust_p(pl.col("p"), method=correction).over(cols),
            log_ratio=stats.log_ratio(a, b, c, d),
            pct_diff=stats.pct_diff(a, b, c, d),
            bic=stats.bic(a, b, c, d),
            log_odds_weighted=stats.weighted_log_odds(a, b, c, d),
        )
    )
