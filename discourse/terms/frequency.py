"""Term and n-gram frequencies per group, with rates per 10,000 tokens, per article and per unit.

Two ways to say what a term is:

- ``ngram=1, 2, 3`` (or a range, ``(1, 2)``): every n-gram of tokens. Tokens are
  ``TOKEN_PATTERN`` matches normalised by ``normalise_token`` (lower case, straight
  apostrophes, ASCII hyphens): "Hamas-run" is one token.
  N-grams do not cross sentence-ending punctuation (``.``, ``!``, ``?``) or a blank line, so
  "killed. The" is not a bigram (nor is "Dr. Smith": a missed n-gram rather than a false one).
- ``terms=``: queries in the :mod:`discourse.text.matching` syntax (whole-word, case-insensitive,
  indifferent to line breaks, runs of spaces, non-breaking spaces and curly quotes; ``terror*``,
  ``organi{s,z}ation``), counted without overlaps, exactly as :class:`PhraseMatcher` finds them.

Counting runs in polars' streaming engine, so a ``LazyFrame`` such as ``pl.scan_parquet(...)``
is read in batches (see ``benchmarks/README.md`` for speed and memory).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Literal

import polars as pl

from discourse._typing import By, DedupeMode, Period, Possessives, Stopwords
from discourse.cluster._detect import is_dask
from discourse.corpus import _indexed
from discourse.corpus._frame import Frame, by_columns, require_columns
from discourse.corpus._indexed import is_index
from discourse.errors import DiscourseError
from discourse.stories.pairs import deduplicate
from discourse.terms._ngrams import doc_ngrams, ngram_sizes, stopword_set
from discourse.terms._packed import TooWide, packed_counts
from discourse.text._fold import scan_expr
from discourse.text._tokens import check_possessives, token_count
from discourse.text.matching import PhraseMatcher

__all__ = ["dispersion", "group_sizes", "term_counts", "term_frequency", "with_period"]

Terms = Iterable[str] | Mapping[str, Hashable]
_PIECE = 2_000  # rows per chunk of an in-memory corpus


def _check(corpus: object, possessives: Possessives) -> None:
    """A valid ``possessives`` (a Dask corpus counts either way, as in memory)."""
    check_possessives(possessives)


def _lazy(corpus: Frame, columns: list[str], what: str, *, spread: bool = False) -> pl.LazyFrame:
    require_columns(corpus, columns, what=what)
    if spread and isinstance(corpus, pl.DataFrame) and corpus.n_chunks("all") == [1] * corpus.width:
        # Polars spreads the work over an in-memory frame's chunks: one chunk would use one core.
        # Only for phrase counting: the n-gram queries, read in batches, were slower so.
        pieces = range(0, max(corpus.height, 1), _PIECE)
        corpus = pl.concat([corpus.slice(i, _PIECE) for i in pieces], rechunk=False)
    return corpus.lazy()


def _collect(query: pl.LazyFrame, *, tokens: bool = False) -> pl.DataFrame:
    # A subplan used twice (the two tokenising branches) would otherwise be cached, that is, the
    # whole corpus held in memory; reading the source twice keeps the query streaming. Queries
    # that hold token lists read batches of 2,000 documents (polars' default suits short rows):
    # 1M articles of 600 words then stay under 2 GB. Phrase matching is faster in larger batches.
    flags = pl.QueryOptFlags(comm_subplan_elim=False)
    if not tokens:
        return query.collect(engine="streaming", optimizations=flags)
    with pl.Config(streaming_chunk_size=2_000):
        return query.collect(engine="streaming", optimizations=flags)


# Characters whose case-insensitive match differs from a match on lower-cased text ("ſ" is "s"
# to ``(?i)``, "İ" lowers to two characters) or that :func:`scan_expr` rewrites. A regex finds
# them at several GB/s; ``str.contains_any`` with non-ASCII needles is ten times slower.
_CASE_ODD = "[\xad\u02bc\u017f\u0130]"


def _matches(lf: pl.LazyFrame, keys: list[str], matcher: PhraseMatcher) -> pl.DataFrame:
    """Per document and distinct lower-cased match text: how many times it was found.

    When every query is ASCII, documents without a :data:`_CASE_ODD` character are matched as
    written with ``(?i)``: the same matches as on :func:`scan_expr` text, without lower-casing the
    corpus. The regex engine's own literal prefilter skips text that cannot match.
    """
    regex = matcher.scan_regex
    lf = lf.select(*keys, "text").with_row_index("_row")
    odd = pl.col("text").str.contains(_CASE_ODD)
    folded = scan_expr("text").str.extract_all(regex)
    if all(v.text.isascii() for v in matcher.variants):
        hits = pl.concat(
            [
                lf.filter(~odd).select(
                    "_row", *keys, hit=pl.col("text").str.extract_all(f"(?i){regex}")
                ),
                lf.filter(odd).select("_row", *keys, hit=folded),
            ]
        )
    else:
        hits = lf.select("_row", *keys, hit=folded)
    return _collect(
        hits.explode("hit")
        .drop_nulls("hit")
        .group_by("_row", *keys, pl.col("hit").str.to_lowercase())
        .agg(count=pl.len().cast(pl.Int64))
    )


def _doc_counts(
    lf: pl.LazyFrame,
    keys: list[str],
    *,
    ngram: int | tuple[int, int],
    terms: Terms | None,
    stopwords: Literal["english"] | Iterable[str] | None,
    possessives: Possessives = "split",
) -> tuple[pl.LazyFrame, list[str] | None]:
    """``[_row, *keys, term, count]`` for each document and term in it; the term list if given."""
    if terms is None:
        stop = stopword_set(stopwords)
        per_size = [doc_ngrams(lf, keys, n, stop, possessives) for n in ngram_sizes(ngram)]
        return pl.concat(per_size) if len(per_size) > 1 else per_size[0], None
    matcher = PhraseMatcher(terms)
    labels = [label for label in dict.fromkeys(matcher.labels) if label is not None]
    if not all(isinstance(label, str) for label in labels):
        raise DiscourseError("terms= needs string term names (or None) as mapping values.")
    found = _matches(lf, keys, matcher)
    names = {h: matcher.resolve(h)[0] for h in found["hit"].unique().to_list()}
    lookup = pl.DataFrame(
        {"hit": list(names), "term": list(names.values())},
        schema={"hit": pl.String, "term": pl.String},
    )
    per_doc = (
        found.lazy()
        .join(lookup.lazy(), on="hit")
        .drop_nulls("term")
        .group_by("_row", *keys, "term")
        .agg(pl.col("count").sum())
    )
    return per_doc, [str(label) for label in labels]


def term_counts(
    corpus: Frame,
    *,
    ngram: int | tuple[int, int] = 1,
    terms: Terms | None = None,
    by: By = None,
    stopwords: Stopwords = None,
    top: int | None = None,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """How often each term occurs, and in how many documents, per group.

    ``corpus`` may also be a :class:`~discourse.CorpusIndex` (:func:`~discourse.index_corpus`):
    the same result, from tokens counted once.

    Parameters
    ----------
    ngram
        1, 2 or 3: count every n-gram (ignored when ``terms`` is given); a range such as
        ``(1, 2)`` counts words and bigrams in one table (one tokenising pass), as
        scikit-learn's ``ngram_range`` and quanteda's ``tokens_ngrams(n = 1:2)`` do.
    terms
        Queries (see :mod:`~discourse.text.matching`), or a mapping from query to the term name
        reported
        (``None`` drops those matches: ``{"hamas": "Hamas", "hamas-run": None}``). Every term gets
        a row in every group, with zeros where it is absent.
    stopwords
        ``"english"`` (the ``stopwords`` package's list) or your own words: n-grams containing
        one are dropped.
    top
        Keep each group's ``top`` most frequent terms (ties in alphabetical order of term);
        ``None`` keeps all. The n-gram tables of a large corpus hold tens of millions of rows;
        cut this way, only the rows kept are ever turned into strings.
    possessives
        ``"split"`` (the default) counts "Israel's" as "israel" and the clitic "'s", as the
        Penn Treebank does, ``"keep"`` as one token (contractions such as "it's" and "don't",
        and hyphenated compounds, stay whole; see ``docs/STYLE.md``, Normalisation). It
        changes the n-grams and every token total, not the ``terms=`` matches.

    Returns
    -------
    pl.DataFrame
        ``*by``, ``term``, ``n`` (occurrences), ``docs`` (documents with at least one),
        sorted by group, ``n`` descending, then ``term``.

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                        "text": ["Militants killed. Killed again", "killed"]})
    >>> term_counts(corpus, terms=["killed", "militant"], by="outlet").rows()
    [('X', 'killed', 2, 1), ('X', 'militant', 0, 0), ('Y', 'killed', 1, 1), ('Y', 'militant', 0, 0)]
    >>> term_counts(corpus, ngram=2).rows()
    [('killed again', 1, 1), ('militants killed', 1, 1)]
    >>> term_counts(corpus, ngram=(1, 2)).head(3).rows()
    [('killed', 3, 2), ('again', 1, 1), ('killed again', 1, 1)]
    >>> term_counts(corpus, by="outlet", top=1).rows()
    [('X', 'killed', 2, 1), ('Y', 'killed', 1, 1)]
    >>> israel = pl.DataFrame({"doc_id": ["a"], "text": ["Israel’s army and Israel"]})
    >>> term_counts(israel, possessives="split").rows()
    [('israel', 2, 1), ("'s", 1, 1), ('and', 1, 1), ('army', 1, 1)]
    """
    if is_index(corpus):
        return _indexed.term_counts(
            corpus,
            ngram=ngram,
            terms=terms,
            by=by,
            stopwords=stopwords,
            top=top,
            possessives=possessives,
        )
    _check(corpus, possessives)
    if is_dask(corpus):
        from discourse.cluster import _terms

        return _terms.term_counts(
            corpus,
            ngram=ngram,
            terms=terms,
            by=by,
            stopwords=stopwords,
            top=top,
            possessives=possessives,
        )
    keys = by_columns(by)
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise DiscourseError(
            f"top must be a whole number of terms, 1 or more, or None; not {top!r}."
        )
    lf = _lazy(corpus, ["doc_id", "text", *keys], "term_counts", spread=terms is not None)
    if terms is None:
        try:
            # Sorted by packed_counts, on integers; too many groups or word types to pack
            # fall back to counting strings below.
            in_memory = isinstance(corpus, pl.DataFrame)
            sizes, stop = ngram_sizes(ngram), stopword_set(stopwords)
            return packed_counts(
                lf, keys, sizes, stop, in_memory=in_memory, top=top, possessives=possessives
            )
        except TooWide:
            pass
    per_doc, labels = _doc_counts(
        lf, keys, ngram=ngram, terms=terms, stopwords=stopwords, possessives=possessives
    )
    totals = per_doc.group_by(*keys, "term").agg(n=pl.col("count").sum(), docs=pl.len())
    if labels is None:
        out = _collect(totals, tokens=True)
    else:
        groups = _collect(lf.select(keys).unique()) if keys else pl.DataFrame()
        frame = pl.DataFrame({"term": labels}, schema={"term": pl.String})
        grid = groups.join(frame, how="cross") if keys else frame
        out = grid.join(_collect(totals), on=[*keys, "term"], how="left", nulls_equal=True)
        out = out.with_columns(pl.col("n", "docs").fill_null(0))
    out = out.select(*keys, "term", pl.col("n", "docs").cast(pl.Int64))
    out = out.sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])
    if top is None:
        return out
    rank = pl.int_range(pl.len()).over(keys) if keys else pl.int_range(pl.len())
    return out.filter(rank < top)


def group_sizes(
    corpus: Frame, *, by: By = None, possessives: Possessives = "split"
) -> pl.DataFrame:
    """Tokens and articles per group: the denominators of every rate.

    ``corpus`` may also be a :class:`~discourse.CorpusIndex` (:func:`~discourse.index_corpus`):
    the same result, from tokens counted once.

    Parameters
    ----------
    by
        Group columns (``None``: the whole corpus).
    possessives
        ``"split"`` (the default) counts "Israel's" as "israel" and the clitic "'s", as the
        Penn Treebank does, ``"keep"`` as one token (contractions such as "it's" and "don't",
        and hyphenated compounds, stay whole; see ``docs/STYLE.md``, Normalisation). It
        changes the n-grams and every token total, not the ``terms=`` matches.

    Returns
    -------
    pl.DataFrame
        ``*by``, ``tokens`` (``TOKEN_PATTERN`` matches, stopwords included), ``articles``.

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"],
    ...                        "text": ["Hamas-run ministry said.", "1,400 killed"]})
    >>> group_sizes(corpus, by="outlet").rows()
    [('X', 5, 2)]
    """
    if is_index(corpus):
        return _indexed.group_sizes(corpus, by=by, possessives=possessives)
    _check(corpus, possessives)
    if is_dask(corpus):
        from discourse.cluster import _terms

        return _terms.group_sizes(corpus, by=by, possessives=possessives)
    keys = by_columns(by)
    lf = _lazy(corpus, ["doc_id", "text", *keys], "group_sizes")
    sizes = lf.select(*keys, tokens=token_count(pl.col("text"), possessives))
    agg = [pl.col("tokens").cast(pl.Int64).sum(), pl.len().cast(pl.Int64).alias("articles")]
    out = _collect(sizes.group_by(keys).agg(agg) if keys else sizes.select(agg))
    return out.sort(keys) if keys else out


def term_frequency(
    corpus: Frame,
    *,
    terms: Terms | None = None,
    ngram: int | tuple[int, int] = 1,
    by: By = None,
    stopwords: Stopwords = None,
    denominator: pl.DataFrame | None = None,
    dedupe: DedupeMode | None = None,
    top: int | None = None,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """Term counts with rates: per 10,000 tokens, per article, share of articles, per unit.

    ``corpus`` may also be a :class:`~discourse.CorpusIndex` (:func:`~discourse.index_corpus`):
    the same result, from tokens counted once.

    Parameters
    ----------
    terms, ngram, by, stopwords, top, possessives
        As in :func:`term_counts` (``top``: each group's most frequent terms only;
        ``possessives`` also sets how ``tokens`` are counted).
    denominator
        An external denominator, e.g. deaths per week: every column but the last is a join key
        (each must be in ``by``), the last is the value. ``per_unit`` = ``n`` / value, so with
        deaths it is mentions per death. Groups without a value get a null rate.
    dedupe
        Count without copies: ``"verbatim"`` drops republished identical texts,
        ``"story_per_outlet"`` keeps each story once per outlet, ``"story"`` once in the corpus
        (see :func:`discourse.deduplicate`; it collects a LazyFrame). ``None`` (the
        default) counts every document.

    Returns
    -------
    pl.DataFrame
        ``*by``, ``term``, ``n``, ``docs``, ``tokens``, ``articles``, ``per_10k``
        (n per 10,000 tokens), ``per_article`` (n / articles), ``doc_share`` (docs / articles),
        then ``per_unit`` when ``denominator`` is given.

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                        "text": ["Militants killed two.", "No one died", "Killed"]})
    >>> deaths = pl.DataFrame({"outlet": ["X", "Y"], "deaths": [4, 10]})
    >>> out = term_frequency(corpus, terms=["killed"], by="outlet", denominator=deaths)
    >>> out.select("outlet", "n", "tokens", "per_10k", "per_article", "per_unit").rows()
    [('X', 1, 6, 1666.6666666666667, 0.5, 0.25), ('Y', 1, 1, 10000.0, 1.0, 0.1)]
    """
    if is_index(corpus):
        return _indexed.term_frequency(
            corpus,
            terms=terms,
            ngram=ngram,
            by=by,
            stopwords=stopwords,
            denominator=denominator,
            dedupe=dedupe,
            top=top,
            possessives=possessives,
        )
    _check(corpus, possessives)
    if is_dask(corpus):
        from discourse.cluster import _terms

        return _terms.term_frequency(
            corpus,
            terms=terms,
            ngram=ngram,
            by=by,
            stopwords=stopwords,
            denominator=denominator,
            dedupe=dedupe,
            top=top,
            possessives=possessives,
        )
    keys = by_columns(by)
    if dedupe is not None:
        corpus = deduplicate(corpus, mode=dedupe)
    counts = term_counts(
        corpus,
        ngram=ngram,
        terms=terms,
        by=by,
        stopwords=stopwords,
        top=top,
        possessives=possessives,
    )
    sizes = group_sizes(corpus, by=by, possessives=possessives)
    return _rates(counts, sizes, keys, denominator)


def _rates(
    counts: pl.DataFrame, sizes: pl.DataFrame, keys: list[str], denominator: pl.DataFrame | None
) -> pl.DataFrame:
    """The rates of :func:`term_frequency` from counts and group sizes (summed over partitions
    on a cluster): per 10,000 tokens, per article, document share, and per ``denominator`` unit."""
    out = counts.join(sizes, on=keys, how="left") if keys else counts.join(sizes, how="cross")
    out = out.with_columns(
        per_10k=pl.col("n") * 10_000 / pl.col("tokens"),
        per_article=pl.col("n") / pl.col("articles"),
        doc_share=pl.col("docs") / pl.col("articles"),
    )
    if denominator is None:
        return out
    *on, value = denominator.columns
    if not on or not set(on) <= set(keys):
        raise DiscourseError(
            f"denominator columns {denominator.columns}: all but the last ({value!r}) must be "
            f"grouping columns in by={keys}, e.g. by=['outlet', 'week'] with [week, deaths]."
        )
    if denominator.select(on).is_duplicated().any():
        raise DiscourseError(
            f"denominator has more than one row for some {on}; aggregate it first."
        )
    rate = (pl.col("n") / pl.col(value)).alias("per_unit")
    return out.join(denominator, on=on, how="left").with_columns(rate).drop(value)


def with_period(corpus: Frame, *, every: Period = "week", column: str = "published") -> Frame:
    """Add a ``week`` (its Monday) or ``month`` (its first day) Date column derived from ``column``.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with a date or datetime ``column``.
    every
        The period: ``week`` (weeks start on Monday) or ``month``.
    column
        The column holding each document's date.

    Returns
    -------
    pl.DataFrame or pl.LazyFrame
        The corpus (of the type given) with every column it had, then a Date column named
        after ``every``: the period's first day, null where ``column`` is null.

    Examples
    --------
    >>> from datetime import date
    >>> corpus = pl.DataFrame({"published": [date(2023, 10, 7), date(2023, 10, 9), None]})
    >>> with_period(corpus)["week"].to_list()
    [datetime.date(2023, 10, 2), datetime.date(2023, 10, 9), None]
    >>> with_period(corpus, every="month")["month"].to_list()
    [datetime.date(2023, 10, 1), datetime.date(2023, 10, 1), None]
    """
    if every not in ("week", "month"):
        raise DiscourseError(f"every must be 'week' or 'month', not {every!r}.")
    require_columns(corpus, [column], what="with_period")
    period = pl.col(column).cast(pl.Date).dt.truncate("1w" if every == "week" else "1mo")
    return corpus.with_columns(period.alias(every))


def dispersion(
    corpus: Frame,
    *,
    terms: Terms | None = None,
    ngram: int | tuple[int, int] = 1,
    by: By = None,
    stopwords: Stopwords = None,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """How evenly each term is spread over the documents of a group: Gries' DP.

    DP (Gries 2008, "Dispersions and adjusted frequencies in corpora", *IJCL* 13(4)) is half the
    sum, over documents, of |share of the term's occurrences − share of the group's tokens|:
    0 when the term occurs in proportion to document length everywhere, near 1 when it is packed
    into one small document. ``dp_norm`` divides by 1 − (smallest document share), so that its
    maximum is 1 (Lijffijt & Gries 2012, *IJCL* 17(1)). ``terms``, ``ngram``, ``by``,
    ``stopwords`` and ``possessives`` are as in :func:`term_counts`.

    ``corpus`` may also be a :class:`~discourse.CorpusIndex` (:func:`~discourse.index_corpus`):
    the same result, from tokens counted once.

    Returns
    -------
    pl.DataFrame
        ``*by``, ``term``, ``n``, ``docs``, ``dp``, ``dp_norm``; terms never found are left out.

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b", "c"],
    ...                        "text": ["war war", "war and peace", "peace talks and more talks"]})
    >>> dispersion(corpus, terms=["war"]).rows()
    [('war', 3, 2, 0.5, 0.625)]
    """
    if is_index(corpus):
        return _indexed.dispersion(
            corpus, terms=terms, ngram=ngram, by=by, stopwords=stopwords, possessives=possessives
        )
    _check(corpus, possessives)
    if is_dask(corpus):
        from discourse.cluster import _terms

        return _terms.dispersion(
            corpus, terms=terms, ngram=ngram, by=by, stopwords=stopwords, possessives=possessives
        )
    keys = by_columns(by)
    lf = _lazy(corpus, ["doc_id", "text", *keys], "dispersion")
    per_doc, _ = _doc_counts(
        lf, keys, ngram=ngram, terms=terms, stopwords=stopwords, possessives=possessives
    )
    sizes = lf.select(*keys, tokens=token_count(pl.col("text"), possessives)).with_row_index("_row")
    table = _dp_table(per_doc, sizes, keys, ["term"])
    cols = [*keys, "term", pl.col("n", "docs").cast(pl.Int64), "dp", "dp_norm"]
    result = _collect(table.select(cols), tokens=terms is None)
    return result.sort([*keys, "n", "term"], descending=[False] * len(keys) + [True, False])


def _dp_table(
    per_doc: pl.LazyFrame, sizes: pl.LazyFrame, keys: list[str], term: list[str]
) -> pl.LazyFrame:
    """Gries' DP and its normalised form per group and term, with ``n`` and ``docs``.

    ``per_doc`` has ``_row`` (the document), the group ``keys``, the ``term`` columns and
    ``count``; ``sizes`` has ``_row``, the ``keys`` and each document's ``tokens``. Written once
    for the corpus and the indexed corpus.
    """
    sizes = sizes.with_columns(
        share=pl.col("tokens") / pl.col("tokens").sum().over(keys or pl.lit(1))
    )
    smallest = sizes.group_by(keys or pl.lit(1).alias("_all")).agg(min_share=pl.col("share").min())
    gap = (pl.col("count") / pl.col("count").sum().over(*keys, *term) - pl.col("share")).abs()
    out = (
        per_doc.join(sizes.select("_row", "share"), on="_row")
        .group_by(*keys, *term)
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
    return joined.with_columns(dp_norm=pl.col("dp") / (1 - pl.col("min_share")))
