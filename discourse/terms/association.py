"""Collocations: the words found near a node word or phrase more often than chance predicts.

Span convention (document-bounded surface co-occurrence, Evert 2008):

- Text is split into tokens with :data:`discourse.text._patterns.TOKEN_PATTERN` and normalised with
  the shared folding table and lower-casing, as the other counting functions do. A possessive is
  its own token: "movement's" is not "movement".
- The node may be a phrase ("resistance movement"): its token sequence is matched.
- The span of a hit is the ``left`` tokens before its first token and the ``right`` tokens after
  its last, inside the same document; spans cross sentence boundaries but never documents.
  Another hit's tokens inside a span count as collocates like any other token.
- ``o`` counts collocate tokens inside the spans; a token inside the spans of two nearby hits is
  counted once, so ``o`` never exceeds the collocate's frequency and the 2×2 table stays valid.
  Where spans do not overlap this equals the usual per-hit count (and NLTK's windowed count).
- ``f_node`` = hits of the node, ``f_collocate`` = the collocate's frequency, ``n_tokens`` = tokens,
  all within the group when ``by`` is given.
- ``expected = f_node · f_collocate · S / n_tokens`` with the nominal span ``S = left + right``:
  the node frequency is adjusted by the total span size, as in Evert's R package ``corpora``
  (``am.score(span.size=)``) and KorAP's collocation analysis (``window_size`` = left + right
  context). Spans cut short by a document edge are not shrunk, so on very short documents
  (headlines) E is overstated and MI understated.
"""

from __future__ import annotations

import polars as pl

from discourse import stats
from discourse._typing import By, Possessives
from discourse.cluster._detect import is_dask
from discourse.corpus import _indexed
from discourse.corpus._frame import Frame, by_columns, require_columns
from discourse.corpus._indexed import is_index
from discourse.errors import DiscourseError
from discourse.text._fold import token_expr, token_re
from discourse.text._patterns import TOKEN_PATTERN, normalise_token
from discourse.text._tokens import check_possessives, split_possessives

__all__ = ["collocations"]

_ALL = "__all__"


def collocations(
    corpus: Frame,
    *,
    node: str,
    window_tokens: int | tuple[int, int] = 5,
    by: By = None,
    min_count: int = 3,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """Collocates of ``node`` within ``window_tokens`` tokens, with MI, MI3, t, z, logDice and G².

    ``corpus`` may also be a :class:`~discourse.CorpusIndex` (:func:`~discourse.index_corpus`):
    the same result, counted on the stored word ids (the text is read only if the index found
    a document whose words it could not check against its token offsets).

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with a ``text`` column.
    node
        A word or phrase; it is tokenised and normalised like the text ("Resistance Movement"
        and "resistance movement" are the same node).
    window_tokens
        Tokens on each side (``5`` = 5 left and 5 right), or ``(left, right)``.
    by
        Column(s) to group by: every count and statistic is computed within each group.
    min_count
        Keep collocates with ``o >= min_count``.
    possessives
        ``"split"`` (the default) counts "Israel's" as "israel" and the clitic "'s", ``"keep"``
        as one token (see :func:`discourse.tokens`); the node is tokenised the same way.

    Returns
    -------
    pl.DataFrame
        One row per group and collocate, sorted by the ``by`` columns then ``g2`` descending:
        the ``by`` columns, ``collocate``, ``o``, ``f_node``, ``f_collocate``, ``n_tokens``
        (Int64), ``expected``, ``mi``, ``mi3``, ``t_score``, ``z_score``, ``log_dice`` and the
        signed ``g2`` (+ for attraction), all as in :mod:`discourse.stats` with ``span = S``.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "rockets were fired at towns", "no rockets were fired today"]})
    >>> out = collocations(corpus, node="fired", window_tokens=(2, 0), min_count=2)
    >>> out.select("collocate", "o", "f_node", "f_collocate", "n_tokens", "expected")
    shape: (2, 6)
    ┌───────────┬─────┬────────┬─────────────┬──────────┬──────────┐
    │ collocate ┆ o   ┆ f_node ┆ f_collocate ┆ n_tokens ┆ expected │
    │ ---       ┆ --- ┆ ---    ┆ ---         ┆ ---      ┆ ---      │
    │ str       ┆ i64 ┆ i64    ┆ i64         ┆ i64      ┆ f64      │
    ╞═══════════╪═════╪════════╪═════════════╪══════════╪══════════╡
    │ rockets   ┆ 2   ┆ 2      ┆ 2           ┆ 10       ┆ 0.8      │
    │ were      ┆ 2   ┆ 2      ┆ 2           ┆ 10       ┆ 0.8      │
    └───────────┴─────┴────────┴─────────────┴──────────┴──────────┘
    """
    index = corpus if is_index(corpus) else None
    if index is not None:
        corpus = _indexed.on_text(index, possessives, "collocations")
    check_possessives(possessives)
    if is_dask(corpus):
        from discourse.cluster import _cooccurrence

        return _cooccurrence.collocations(
            corpus,
            node=node,
            window_tokens=window_tokens,
            by=by,
            min_count=min_count,
            possessives=possessives,
        )
    require_columns(corpus, ["text", *by_columns(by)], what="collocations")
    window = window_tokens
    left, right = (window, window) if isinstance(window, int) else window
    if left < 0 or right < 0 or left + right == 0:
        raise DiscourseError(
            f"window_tokens={window!r} must have a positive size, e.g. 5 or (2, 3)."
        )
    node_tokens = [normalise_token(t) for t in token_re().findall(node)]
    if possessives == "split":
        listed = pl.Series([node_tokens], dtype=pl.List(pl.String))  # typed even when empty
        node_tokens = pl.select(split_possessives(pl.lit(listed))).item().to_list()
    if not node_tokens:
        raise DiscourseError(f"node {node!r} contains no word to look for.")
    cols = by_columns(by) or [_ALL]
    counts = None
    if index is not None:
        counts = _indexed.collocation_counts(
            index,
            node_tokens=node_tokens,
            by=by_columns(by),
            cols=cols,
            left=left,
            right=right,
            min_count=min_count,
        )
    if counts is None:
        tokens = _tokens(corpus, cols, possessives)
        hits, observed = _node_spans(tokens, node_tokens, cols, left, right)
        counts = (
            observed.filter(pl.col("o") >= min_count),
            tokens.group_by(*cols, collocate="token").agg(f_collocate=pl.len()),
            hits.group_by(cols).agg(f_node=pl.len()),
            tokens.group_by(cols).agg(n_tokens=pl.len()),
        )
    observed, f_collocate, f_node, n_tokens = counts
    table = (
        observed.join(f_collocate, on=[*cols, "collocate"], nulls_equal=True)
        .join(f_node, on=cols, nulls_equal=True)
        .join(n_tokens, on=cols, nulls_equal=True)
        .select(*cols, "collocate", pl.col("o", "f_node", "f_collocate", "n_tokens").cast(pl.Int64))
    )
    return (
        _score(table, span=left + right)
        .sort([*cols, "g2", "collocate"], descending=[*([False] * len(cols)), True, False])
        .drop(_ALL, strict=False)
    )


def _node_spans(
    tokens: pl.DataFrame, node_tokens: list[str], cols: list[str], left: int, right: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The node's hits (``doc``, group columns, ``pos``) and each collocate's count ``o`` of
    tokens within ``left``/``right`` tokens of a hit, in the same document (a token in two
    overlapping windows counts once)."""
    hit = pl.lit(True)
    for offset, expected in enumerate(node_tokens):
        same_doc = pl.col("doc").shift(-offset) == pl.col("doc")
        hit = hit & same_doc & (pl.col("token").shift(-offset) == expected)
    hits = tokens.filter(hit).select("doc", *cols, "pos")
    start, end = pl.col("pos"), pl.col("pos") + len(node_tokens)
    spans = (
        hits.select(
            "doc",
            pos=pl.concat_list(pl.int_ranges(start - left, start), pl.int_ranges(end, end + right)),
        )
        .explode("pos")
        .drop_nulls("pos")
        .unique()
    )
    observed = (
        tokens.join(spans, on=["doc", "pos"], how="semi")
        .group_by(*cols, collocate="token")
        .agg(o=pl.len().cast(pl.Int64))
    )
    return hits, observed


def _tokens(corpus: Frame, cols: list[str], possessives: Possessives = "split") -> pl.DataFrame:
    """One row per token: document number, group columns, position, normalised token."""
    frame = corpus.lazy()
    if cols == [_ALL]:
        frame = frame.with_columns(pl.lit(True).alias(_ALL))
    lists = (
        pl.col("text")
        .fill_null("")
        .str.extract_all(TOKEN_PATTERN)
        .list.eval(token_expr(pl.element()))
    )
    if possessives == "split":
        lists = split_possessives(lists)
    return (
        frame.with_row_index("doc")
        .select(
            "doc",
            *cols,
            token=lists,
        )
        .with_columns(pos=pl.int_ranges(pl.col("token").list.len()))
        .explode("token", "pos")
        .drop_nulls("token")
        .collect()
    )


def _score(table: pl.DataFrame, *, span: int) -> pl.DataFrame:
    o, f_x, f_y, n = (pl.col(c) for c in ("o", "f_node", "f_collocate", "n_tokens"))
    return table.with_columns(
        expected=(f_x * f_y * span / n).cast(pl.Float64),
        mi=stats.mi(o, f_x, f_y, n, span=span),
        mi3=stats.mi3(o, f_x, f_y, n, span=span),
        t_score=stats.t_score(o, f_x, f_y, n, span=span),
        z_score=stats.z_score(o, f_x, f_y, n, span=span),
        log_dice=stats.log_dice(o, f_x, f_y),
        g2=stats.g2_collocation(o, f_x, f_y, n, span=span),
    )
