"""Which label each outlet chooses for the same referent: mentions of label sets, and their shares.

:func:`label_mentions` finds every phrase of a lexicon (:mod:`discourse.framing.lexicon`) in one
Aho–Corasick pass over each text and resolves the matches within each label set:

- **Longest match first.** Among overlapping candidates of one label set, the longest wins, then
  the earliest; a stretch of text is never counted twice within a set ("Hamas terrorists" is one
  mention of ``terrorist``, not also one of ``name``). Label sets are independent: the same words
  may count once in each set ("Hamas-run" names Hamas and qualifies a source).
- **Exclusions consume their stretch.** An exclusion that wins is dropped with its text, so
  "Islamic Resistance Movement" is not the designation "resistance movement". At an identical
  span a phrase beats an exclusion, and a literal beats a wildcard.
- **Normalised view.** Case, curly quotes, Unicode hyphens, whitespace and line breaks are folded
  for matching (:func:`discourse.text.matching.fold_text`); offsets point into the original text.
- **quoted**: the mention lies inside quotation marks (rules in :mod:`discourse.text._quotes`);
  scare quotes are a framing device, and so is quoting the other side's words.

:func:`label_shares` turns mentions into each group's shares of each label set, with Wilson
intervals; :func:`label_independence` and :func:`label_pairwise` (in
:mod:`~discourse.framing._shares`) test whether groups differ.
"""

from __future__ import annotations

from typing import cast

import polars as pl

from discourse._typing import By, Correction, DedupeMode, Frame, Period
from discourse.cluster._detect import is_dask
from discourse.corpus._frame import by_columns, group_columns, require_columns
from discourse.corpus._indexed import is_index
from discourse.errors import DiscourseError, NotApplicableError
from discourse.framing import _batches
from discourse.framing import _shares as _tests
from discourse.framing._mentions import find, with_sentence
from discourse.framing.lexicon import Lexicon, default_lexicon
from discourse.stories.pairs import deduplicate
from discourse.terms.frequency import with_period

__all__ = [
    "label_independence",
    "label_mentions",
    "label_pairwise",
    "label_shares",
    "label_shares_over_time",
]


def label_mentions(corpus: Frame, *, lexicon: Lexicon | None = None) -> pl.DataFrame:
    """Every mention of every label, one row per match, resolved within each label set.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with ``doc_id`` and ``text``, or a
        :class:`~discourse.CorpusIndex` (the same result, from the text it keeps). A LazyFrame
        or an index is read ``_BATCH_ROWS`` (50,000) documents at a time.
    lexicon
        The label sets to look for; :func:`discourse.default_lexicon` when ``None``.

    Returns
    -------
    polars.DataFrame
        ``doc_id``, the corpus's group columns (``outlet``, ``published``, metadata),
        ``sentence`` (0-based index of the sentence within the document, as
        :func:`discourse.sentences` splits it), ``label_set``, ``label``, ``match`` (the
        text as written), ``start``, ``end`` (offsets into ``text``) and ``quoted``; in document
        order, then by position.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["d1"], "outlet": ["A"], "text": [
    ...     "The Islamic Resistance Movement, Hamas, said its ‘resistance\\nfighters’ fought "
    ...     "IDF troops. Militants fired rockets."]})
    >>> mentions = label_mentions(corpus).filter(label_set="hamas")
    >>> for row in mentions.select("sentence", "label", "match", "quoted").rows():
    ...     print(row)
    (0, 'name', 'Hamas', False)
    (0, 'resistance', 'resistance\\nfighters', True)
    (1, 'militant', 'Militants', False)
    """
    if is_dask(corpus):
        from discourse.cluster import _framing

        return _framing.label_mentions(corpus, lexicon=lexicon)
    return _located_mentions(corpus, lexicon).drop("sentence_start", "sentence_end")


def _located_mentions(corpus: Frame, lexicon: Lexicon | None) -> pl.DataFrame:
    """:func:`label_mentions` plus ``sentence_start``/``sentence_end``, the mention's sentence
    span in the document, for callers that need the sentence itself without splitting again.
    A LazyFrame (or a :class:`~discourse.CorpusIndex`'s documents) is read in batches."""
    corpus = _corpus_of(corpus)
    require_columns(corpus, ["doc_id", "text"], what="label_mentions")
    lexicon = default_lexicon() if lexicon is None else lexicon
    if isinstance(corpus, pl.LazyFrame):
        located = _batches.mentions(corpus, lexicon, _BATCH_ROWS, find, with_sentence)
        if located is not None:
            return located
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    return with_sentence(find(frame, lexicon), frame)


def _corpus_of(corpus: Frame) -> Frame:
    """The corpus itself, lazily read, when given a :class:`~discourse.CorpusIndex`: mentions
    are found in the text, which the index keeps (its tokens and ``possessives`` play no
    part)."""
    return corpus.corpus() if is_index(corpus) else corpus


def _mentions_for(
    corpus: Frame, lexicon: Lexicon | None, mentions: pl.DataFrame | None, keys: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame, Lexicon]:
    """The corpus (only the columns needed) and its mentions, found unless given."""
    needed = ["doc_id", *keys] + (["text"] if mentions is None else [])
    require_columns(corpus, needed, what="label_shares")
    if mentions is None:
        needed = ["doc_id", *group_columns(corpus), "text"]
        if isinstance(corpus, pl.LazyFrame):
            lexicon = default_lexicon() if lexicon is None else lexicon
            lazy = corpus.select(list(dict.fromkeys(needed)))
            return *_batches.kept(lazy, lexicon, _BATCH_ROWS, find), lexicon
    frame = corpus.lazy().select(list(dict.fromkeys(needed))).collect()
    lexicon = default_lexicon() if lexicon is None else lexicon
    return frame, find(frame, lexicon) if mentions is None else mentions, lexicon


_BATCH_ROWS = 50_000  # documents per batch when a LazyFrame is read batch by batch


def label_shares(
    corpus: Frame,
    *,
    lexicon: Lexicon | None = None,
    by: By = None,
    mentions: pl.DataFrame | None = None,
    include_quoted: bool = True,
    dedupe: DedupeMode | None = None,
) -> pl.DataFrame:
    """Each group's share of each label within its label set, with Wilson intervals.

    Every group of the corpus and every label of the lexicon gets a row, so a label an outlet never
    uses shows ``n = 0``; a group with no mention of a whole label set has a null ``share``.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame); its documents define the groups and the document counts.
        A LazyFrame (``pl.scan_parquet``) or a :class:`~discourse.CorpusIndex` (the same result,
        from the text it keeps) is read 50,000 documents at a time and counted batch by batch,
        so neither its texts nor its mentions are held whole.
    lexicon
        The lexicon; :func:`discourse.default_lexicon` when ``None``.
    by
        Grouping column(s) of the corpus, such as ``"outlet"``; ``None`` (the default) counts the
        whole corpus as one group.
    mentions
        The output of :func:`label_mentions` for this corpus and lexicon, to avoid matching again.
    include_quoted
        Whether mentions inside quotation marks count (they do by default; ``quoted`` reports
        how many there were either way).
    dedupe
        Count without copies: ``"verbatim"`` drops republished identical texts,
        ``"story_per_outlet"`` keeps each story once per outlet, ``"story"`` once in the corpus
        (see :func:`discourse.deduplicate`). ``None`` (the default) counts every document.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``label_set``, ``label``, ``n`` (mentions), ``set_n`` (mentions of
        the label set in the group), ``share`` (``n / set_n``), ``ci_low``, ``ci_high`` (95 %
        Wilson interval of the share), ``quoted`` (mentions inside quotation marks), ``docs``
        (documents of the group with the label) and ``doc_share`` (of the group's documents).

    Raises
    ------
    NotApplicableError
        No phrase of the lexicon occurs in the corpus: there is nothing to share out.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "text": [
    ...     "Hamas militants attacked. The militant group said...", "Hamas terrorists attacked."]})
    >>> shares = label_shares(corpus, by="outlet")
    >>> shares = shares.filter(pl.col("label").is_in(["militant", "terrorist"]))
    >>> for row in shares.select("outlet", "label", "n", "share").rows():
    ...     print(row)
    ('A', 'militant', 2, 1.0)
    ('A', 'terrorist', 0, 0.0)
    ('B', 'militant', 0, 0.0)
    ('B', 'terrorist', 1, 1.0)
    """
    if is_dask(corpus):
        from discourse.cluster import _framing

        return _framing.label_shares(
            corpus,
            lexicon=lexicon,
            by=by,
            mentions=mentions,
            include_quoted=include_quoted,
            dedupe=dedupe,
        )
    keys = by_columns(by)
    corpus = _corpus_of(corpus)
    if dedupe is not None:
        corpus = deduplicate(corpus, mode=dedupe)
        if mentions is not None:
            mentions = mentions.filter(pl.col("doc_id").is_in(corpus["doc_id"].implode()))
    if isinstance(corpus, pl.LazyFrame) and mentions is None:
        lazy = _batches.needed(corpus, keys)
        lexicon = default_lexicon() if lexicon is None else lexicon
        table = _batches.shares(
            lazy, lexicon, keys, include_quoted=include_quoted, rows=_BATCH_ROWS, find=find
        )
        if table is not None:
            return table
    frame, found, lexicon = _mentions_for(corpus, lexicon, mentions, keys)
    if found.height == 0:
        raise NotApplicableError(_tests.no_hit_message(frame.height))
    return _tests.shares(frame, found, lexicon, keys, include_quoted=include_quoted)


def label_independence(
    corpus: Frame,
    *,
    lexicon: Lexicon | None = None,
    by: By = None,
    mentions: pl.DataFrame | None = None,
    include_quoted: bool = True,
    dedupe: DedupeMode | None = None,
) -> pl.DataFrame:
    """Per label set, Pearson's χ² test of independence between group and label, and Cramér's V.

    The table is groups × labels of mention counts (as :func:`label_shares` counts them); groups
    without a mention of the set and labels nobody used are left out, so ``dof`` is
    ``(groups - 1) * (labels - 1)`` of what remains. No continuity correction. Cramér's V is
    ``sqrt(chi2 / (n * (min(groups, labels) - 1)))``. With fewer than two groups or labels left,
    the statistics are null. ``min_expected`` below 5 warns that the χ² approximation is rough.
    Fewer than two groups that mention any label (one outlet, or ``by=None``, the default: pass
    ``by="outlet"`` to compare outlets) raise :class:`~discourse.errors.NotApplicableError`, as
    does a corpus without any mention. ``corpus`` may be a :class:`~discourse.CorpusIndex`, as
    for :func:`label_shares`.

    Returns
    -------
    polars.DataFrame
        ``label_set``, ``n`` (mentions), ``groups``, ``labels`` (in the table), ``chi2``, ``dof``,
        ``p``, ``cramers_v``, ``min_expected``.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "text": [
    ...     "Militants, militants and militants.", "Terrorists, terrorists and terrorists."]})
    >>> tests = label_independence(corpus, by="outlet").filter(label_set="hamas")
    >>> tests.select("n", "groups", "labels", "chi2", "dof", "cramers_v").row(0)
    (6, 2, 2, 6.0, 1, 1.0)
    """
    if is_dask(corpus):
        from discourse.cluster import _framing

        return _framing.label_independence(
            corpus,
            lexicon=lexicon,
            by=by,
            mentions=mentions,
            include_quoted=include_quoted,
            dedupe=dedupe,
        )
    keys = by_columns(by)
    table = label_shares(
        corpus,
        lexicon=lexicon,
        by=by,
        mentions=mentions,
        include_quoted=include_quoted,
        dedupe=dedupe,
    )
    return _tests.independence(table, keys)


def label_pairwise(
    corpus: Frame,
    *,
    lexicon: Lexicon | None = None,
    by: By = None,
    mentions: pl.DataFrame | None = None,
    include_quoted: bool = True,
    correction: Correction = "holm",
    dedupe: DedupeMode | None = None,
) -> pl.DataFrame:
    """For each label and each pair of groups, whether the label's share of its set differs.

    Each comparison is a 2 × 2 log-likelihood test (G², 4-term, 1 df; see
    :func:`discourse.stats.g2`): the label against the rest of its label set, group ``a`` against
    group ``b``. p-values are adjusted within each label set (its labels × pairs of groups are one
    family) by ``correction``: Holm's step-down method by default, or ``"bonferroni"``,
    ``"fdr_bh"`` (Benjamini–Hochberg) or ``"none"``. A pair in which either group never mentions
    the set is not tested (null). G² is approximate for small counts: read ``n_a`` and ``n_b``.
    Fewer than two groups that mention any label (one outlet, or ``by=None``, the default: pass
    ``by="outlet"`` to compare outlets) raise :class:`~discourse.errors.NotApplicableError`.
    ``corpus`` may be a :class:`~discourse.CorpusIndex`, as for :func:`label_shares`.

    Returns
    -------
    polars.DataFrame
        ``label_set``, ``label``, the ``by`` columns suffixed ``_a`` and ``_b``, ``n_a``,
        ``set_n_a``, ``share_a``, ``n_b``, ``set_n_b``, ``share_b``, ``log_ratio`` (log₂ of
        share a over share b, zeros counted as 0.5), ``g2`` (signed: positive when ``a`` uses the
        label more), ``p``, ``p_adjusted`` and ``correction`` (its name, so exported tables say).

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "text": [
    ...     "Militants, militants and militants.", "Terrorists, terrorists and terrorists."]})
    >>> pairs = label_pairwise(corpus, by="outlet").filter(label="militant")
    >>> pairs.select("outlet_a", "outlet_b", "n_a", "n_b", "correction").row(0)
    ('A', 'B', 3, 0, 'holm')
    """
    if is_dask(corpus):
        from discourse.cluster import _framing

        return _framing.label_pairwise(
            corpus,
            lexicon=lexicon,
            by=by,
            mentions=mentions,
            include_quoted=include_quoted,
            correction=correction,
            dedupe=dedupe,
        )
    keys = by_columns(by)
    table = label_shares(
        corpus,
        lexicon=lexicon,
        by=by,
        mentions=mentions,
        include_quoted=include_quoted,
        dedupe=dedupe,
    )
    return _tests.pairwise(table, keys, correction)


def label_shares_over_time(
    corpus: Frame,
    *,
    lexicon: Lexicon | None = None,
    every: Period = "week",
    by: By = None,
    label_set: str | None = None,
    mentions: pl.DataFrame | None = None,
    include_quoted: bool = True,
) -> pl.DataFrame:
    """:func:`label_shares` per group and period: the week (its Monday) or the month (its 1st).

    Only dated documents count (``published`` not null); undated ones are left out.

    Parameters
    ----------
    corpus, lexicon, by, mentions, include_quoted
        As for :func:`label_shares` (a LazyFrame or :class:`~discourse.CorpusIndex` is counted
        batch by batch too).
    every
        ``"week"`` or ``"month"`` (see :func:`discourse.with_period`).
    label_set
        Keep only this label set (and require its mentions to span two periods).

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``week`` or ``month``, then the columns of :func:`label_shares`;
        one row per group, period in which the group has a document, and label.

    Raises
    ------
    NotApplicableError
        No document is dated, no phrase of the lexicon (or of ``label_set``) occurs in the dated
        documents, or all their mentions fall in one period: there is no change to show.

    Examples
    --------
    >>> from datetime import date
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "A"],
    ...     "published": [date(2023, 10, 9), date(2023, 10, 18)],
    ...     "text": ["Hamas militants attacked.", "Hamas terrorists attacked."]})
    >>> weekly = label_shares_over_time(corpus, label_set="hamas").filter(pl.col("n") > 0)
    >>> for row in weekly.select("week", "label", "n", "set_n").rows():
    ...     print(row)
    (datetime.date(2023, 10, 9), 'militant', 1, 1)
    (datetime.date(2023, 10, 16), 'terrorist', 1, 1)
    """
    keys = by_columns(by)
    lexicon = default_lexicon() if lexicon is None else lexicon
    names = [s.name for s in lexicon.label_sets]
    if label_set is not None and label_set not in names:
        raise DiscourseError(f"label_set {label_set!r} is not in the lexicon; choose from {names}.")
    corpus = _corpus_of(corpus)
    if isinstance(corpus, pl.LazyFrame) and mentions is None and every in ("week", "month"):
        table = _batches.shares_over_time(
            _batches.needed(corpus, keys),
            lexicon,
            keys,
            every=every,
            label_set=label_set,
            include_quoted=include_quoted,
            rows=_BATCH_ROWS,
            find=find,
        )
        if table is not None:
            return table
    frame, found, lexicon = _mentions_for(corpus, lexicon, mentions, keys)
    if found.height == 0:
        raise NotApplicableError(_tests.no_hit_message(frame.height))
    if "published" not in corpus.collect_schema().names():
        raise NotApplicableError(_tests.undated_message(frame.height))
    dates = corpus.lazy().select("doc_id", "published").collect()
    periods = cast(pl.DataFrame, with_period(dates, every=every)).drop("published")
    return _tests.over_time(
        frame,
        found,
        periods,
        lexicon,
        keys,
        every=every,
        label_set=label_set,
        include_quoted=include_quoted,
    )
