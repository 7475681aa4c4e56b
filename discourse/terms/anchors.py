"""N-grams anchored on a search term: the words just before or just after each of its hits."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import polars as pl

from discourse._typing import By, Frame, Possessives
from discourse.corpus import _indexed, _indexed_more
from discourse.corpus._frame import by_columns, require_columns
from discourse.corpus._indexed import is_index
from discourse.errors import DiscourseError
from discourse.terms._hits import FrameText, covering, finder, place
from discourse.text._tokens import check_possessives

__all__ = ["anchored_ngrams"]

#: Documents whose tokens anchored_ngrams holds at once.
_DOCS_PER_BATCH = 2_000
#: What ends a sentence for n-grams, as in :mod:`discourse.terms._ngrams`.
_BREAK = re.compile(r"[.!?]|\n[ \t\r\f\v]*\n")


def anchored_ngrams(
    corpus: Frame,
    *,
    query: str | Iterable[str],
    side: Literal["left", "right"] = "left",
    n: int = 1,
    by: By = None,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """Count the ``n`` words just before (or after) each hit of ``query``, per group: what
    precedes "Hamas" in each outlet ("terrorist", "the", "resistance movement").

    ``corpus`` may also be a :class:`~discourse.CorpusIndex` (:func:`~discourse.index_corpus`)
    built with the same ``possessives``: the same result, with one-word queries found on its
    token ids and the tokens around them read from its stored offsets, as :func:`~discourse.kwic`
    does.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with ``doc_id``, ``text`` and the ``by`` columns, or a
        :class:`~discourse.CorpusIndex` of one.
    query
        A term or list of terms in the :mod:`discourse.text.matching` syntax (whole-word,
        case-insensitive).
    side
        ``"left"``: the words before the hit; ``"right"``: the words after it.
    n
        How many words, 1 to 3: the tokens next to the hit, in text order. Like the
        n-grams of :func:`~discourse.term_counts`, they never cross a sentence end (".",
        "!", "?" or a blank line), so "rockets" is not a left neighbour in "fired rockets.
        Hamas said"; other punctuation is passed over (it is not a token).
    by
        Group columns (``None``: the whole corpus is one group).
    possessives
        ``"keep"`` counts "Israel's" as one word, ``"split"`` as "israel" and "'s" (see
        :func:`~discourse.tokens`).

    Returns
    -------
    pl.DataFrame
        ``*by``, ``node`` (the hit's own token(s), normalised: "hamas", or "hamas-run" where
        the hit is part of a hyphenated compound), ``ngram`` (the ``n`` normalised tokens,
        space-separated, in text order), ``count`` (``Int64``: hits with that node and n-gram)
        and ``share`` (``count`` over all hits of the group, those with fewer than ``n``
        tokens on that side included), sorted by group, then ``count`` descending, then
        ``node`` and ``ngram``. A hit with fewer than ``n`` tokens on that side in its
        sentence gives no row.

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": [
    ...     "The terrorist Hamas fired. Terrorist Hamas said.",
    ...     "The resistance movement Hamas said, in Hamas-run Gaza"]})
    >>> for row in anchored_ngrams(corpus, query="Hamas", side="left", by="outlet").rows():
    ...     print(row)
    ('X', 'hamas', 'terrorist', 2, 1.0)
    ('Y', 'hamas', 'movement', 1, 0.5)
    ('Y', 'hamas-run', 'in', 1, 0.5)
    >>> anchored_ngrams(corpus, query="Hamas", side="right", n=2)["ngram"].to_list()  # no "."
    ['said in']
    """
    if side not in ("left", "right"):
        raise DiscourseError(f'side must be "left" or "right", not {side!r}.')
    if not (isinstance(n, int) and 1 <= n <= 3):
        raise DiscourseError(f"n must be 1, 2 or 3, not {n!r}.")
    keys = by_columns(by)
    source: FrameText | _indexed.IndexText
    if is_index(corpus):
        require_columns(
            _indexed_more.text_of(corpus, what="anchored_ngrams", possessives=possessives),
            ["doc_id", "text", *keys],
            what="anchored_ngrams",
        )
        source = _indexed.IndexText(corpus, possessives)
        docs = corpus.docs.select("_row", *keys).collect() if keys else None
    else:
        check_possessives(possessives)
        require_columns(corpus, ["doc_id", "text", *keys], what="anchored_ngrams")
        frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
        source = FrameText(frame, possessives)
        docs = frame.select(keys).with_row_index("_row") if keys else None
    # Hits in document order, read a few thousand documents at a time: their token table, not
    # the corpus's, is held.
    hits = source.hits(finder(query, what="anchored_ngrams")).sort("_row", maintain_order=True)
    with_hits = hits["_row"].unique(maintain_order=True)
    bounds = np.searchsorted(
        hits["_row"].to_numpy(), with_hits.gather_every(_DOCS_PER_BATCH).to_numpy()
    )
    cuts = [*bounds.tolist()[1:], hits.height][: len(bounds)]
    lines = pl.concat(
        [
            _lines(
                source,
                hits.slice(lo, hi - lo),
                with_hits.slice(k * _DOCS_PER_BATCH, _DOCS_PER_BATCH),
                n=n,
                side=side,
            )
            for k, (lo, hi) in enumerate(zip(bounds.tolist(), cuts, strict=True))
        ]
        or [_lines(source, hits, with_hits, n=n, side=side)]
    )
    if docs is not None:
        lines = docs.join(lines, on="_row", how="inner", maintain_order="right")
    counted = (
        lines.drop_nulls(["node", "ngram"])
        .group_by([*keys, "node", "ngram"])
        .agg(pl.len().cast(pl.Int64).alias("count"))
    )
    if keys:
        totals = lines.group_by(keys).agg(pl.len().alias("_hits"))
        counted = counted.join(totals, on=keys, how="left")
    else:
        counted = counted.with_columns(pl.lit(lines.height).alias("_hits"))
    out = counted.with_columns((pl.col("count") / pl.col("_hits")).alias("share"))
    order = [*keys, "count", "node", "ngram"]
    descending = [*(False for _ in keys), True, False, False]
    return out.sort(order, descending=descending).select(*keys, "node", "ngram", "count", "share")


def _lines(
    source: FrameText | _indexed.IndexText,
    hits: pl.DataFrame,
    with_hits: pl.Series,
    *,
    n: int,
    side: str,
) -> pl.DataFrame:
    """``_row``, ``node`` and ``ngram`` of each hit of ``hits`` (in the documents ``with_hits``)."""
    tokens = source.tokens(with_hits)
    placed = place(hits, tokens)
    first, last = covering(hits, tokens, placed)
    steps = np.arange(n)
    index = (first[:, None] - n + steps) if side == "left" else (last[:, None] + 1 + steps)
    ok = (index[:, 0] >= placed.first) & (index[:, -1] < placed.stop) & (last >= first)
    texts = source.texts(with_hits.to_list())
    ok = _within_sentences(hits["_row"].to_list(), texts, tokens, index, first, last, ok, side)
    # Only the tokens the hits need are gathered: the token table of every document with a hit
    # is the whole corpus's on a large corpus (a Python list of it took gigabytes).
    norm = tokens["norm"]
    last_token = max(tokens.height - 1, 0)
    words = [source.decode(norm.gather(np.clip(index[:, j], 0, last_token))) for j in range(n)]
    grams = pl.concat_str(words, separator=" ") if n > 1 else words[0]
    width = int((last - first).max(initial=-1)) + 1
    node_words = [
        source.decode(norm.gather(np.clip(first + j, 0, last_token))).scatter(
            np.flatnonzero(first + j > last), None
        )
        for j in range(width)
    ]
    nodes = (
        pl.concat_str(node_words, separator=" ", ignore_nulls=True)
        if width > 1
        else node_words[0]
        if width
        else pl.Series([None] * len(first), dtype=pl.String)
    )
    lines = hits.select(
        "_row",
        node=pl.when(pl.Series(last >= first)).then(nodes),
        ngram=pl.when(pl.Series(ok)).then(grams),
    )
    return lines


def _within_sentences(
    rows: list[int],
    texts: Sequence[str | None] | Mapping[int, str | None],
    tokens: pl.DataFrame,
    index: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    ok: np.ndarray,
    side: str,
) -> np.ndarray:
    """``ok``, false where a sentence end lies between the hit and its n-gram or inside it."""
    starts, ends = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    # The chain of tokens from the n-gram's far end to the hit: each gap between two must hold
    # no break.
    chain = np.column_stack([index, first]) if side == "left" else np.column_stack([last, index])
    out = ok.copy()
    for i in np.flatnonzero(ok):
        text = texts[rows[i]] or ""
        links = chain[i].tolist()
        out[i] = not any(
            _BREAK.search(text, int(ends[a]), int(starts[b])) for a, b in itertools.pairwise(links)
        )
    return out
