"""N-grams for :mod:`discourse.frequency`: tokens, sentence breaks, stopwords, integer bigrams."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import polars as pl

from discourse._patterns import FOLD_TABLE, TOKEN_PATTERN, normalise_token
from discourse.errors import DiscourseError

_BREAK = r"[.!?]|\n[ \t\r\f\v]*\n"
_FOLD_KEYS = [chr(k) for k in FOLD_TABLE]


def stopword_set(stopwords: Literal["english"] | Iterable[str] | None) -> set[str]:
    if stopwords == "english":
        from stopwords import get_stopwords

        return set(get_stopwords("en"))
    return {normalise_token(w) for w in stopwords or ()}


def check_ngram(ngram: int) -> None:
    if ngram not in (1, 2, 3):
        raise DiscourseError(f"ngram must be 1, 2 or 3, not {ngram!r}.")


def token_id(token: pl.Expr, categories: pl.Categories) -> pl.Expr:
    return token.cast(pl.Categorical(categories)).to_physical().cast(pl.UInt64)


def decode_bigrams(frame: pl.DataFrame, categories: pl.Categories, keys: list[str]) -> pl.DataFrame:
    """Turn the integer bigrams made by :func:`gram_lists` back into "first second" strings,
    sorted by ``keys``, ``n`` descending, then ``term``.

    Sorting millions of strings is the slowest step of a bigram table, so the rows are sorted
    first on one integer: each word's rank in the vocabulary, first * 2**32 + second. It gives
    the strings' order because a token holds no character below the separating space.
    """
    words = categories.to_series()
    rank = words.rank("ordinal").cast(pl.UInt64)
    first, second = frame["term"] // 2**32, frame["term"] % 2**32
    order = rank.gather(first) * 2**32 + rank.gather(second)
    frame = frame.with_columns(order.alias("_order")).sort(
        [*keys, "n", "_order"], descending=[False] * len(keys) + [True, False]
    )
    first, second = frame["term"] // 2**32, frame["term"] % 2**32
    term = pl.concat_str([words.gather(first), pl.lit(" "), words.gather(second)])
    return frame.with_columns(pl.select(term).to_series().alias("term")).drop("_order")


def gram_lists(
    lf: pl.LazyFrame,
    keys: list[str],
    ngram: int,
    stop: set[str],
    categories: pl.Categories | None = None,
) -> pl.LazyFrame:
    """``[_row, *keys, grams]``: each document's n-grams as a list (null where one is dropped).

    With ``categories``, bigrams come as integers (see :func:`decode_bigrams`).

    Tokens come from the lower-cased text with the quote and hyphen folds that cannot move a
    token boundary (’, ‐ and ‑ become ', - and -, all token-internal; “ ” „ become ", outside
    tokens; ‘ never occurs inside a token). "ʼ" is a letter that folds to an apostrophe, and "Σ"
    lower-cases by context, so documents holding either are tokenised first and normalised
    token by token, as ``normalise_token`` does.
    """
    safe = {"’": "'", "‐": "-", "‑": "-", "“": '"', "”": '"', "„": '"'}
    fast = pl.col("text").str.to_lowercase().str.replace_many(list(safe), list(safe.values()))
    pattern = f"{TOKEN_PATTERN}|{_BREAK}"
    normalise = pl.element().str.replace_many(_FOLD_KEYS, list(FOLD_TABLE.values()))
    slow = pl.col("text").str.extract_all(pattern).list.eval(normalise.str.to_lowercase())
    odd = pl.col("text").str.contains("[ʼΣ]")  # a regex: contains_any is slow on non-ASCII
    lf = lf.select(*keys, "text").with_row_index("_row")
    tokens = pl.concat(
        [
            lf.filter(~odd).select("_row", *keys, tok=fast.str.extract_all(pattern)),
            lf.filter(odd).select("_row", *keys, tok=slow),
        ]
    )
    if ngram == 1:
        # Unigrams need no neighbours: breaks and stopwords are dropped after exploding.
        return tokens.rename({"tok": "grams"})
    elem = pl.element()
    if categories is not None and ngram == 2:
        # A bigram as one integer, (first token's id) * 2**32 + (second's), for fast grouping.
        ids = pl.when(is_dropped(elem, stop)).then(None).otherwise(token_id(elem, categories))
        length = (pl.col("ids").list.len() - 1).clip(0)
        pairs = pl.col("ids").list.slice(0, length) * 2**32 + pl.col("ids").list.slice(1, length)
        return tokens.select("_row", *keys, ids=pl.col("tok").list.eval(ids)).select(
            "_row", *keys, grams=pairs
        )
    drop = [is_dropped(elem.shift(-i), stop) for i in range(ngram)]
    gram = pl.concat_str([elem.shift(-i) for i in range(ngram)], separator=" ")
    grams = pl.col("tok").list.eval(pl.when(pl.any_horizontal(drop)).then(None).otherwise(gram))
    return tokens.select("_row", *keys, grams=grams)


def is_dropped(token: pl.Expr, stop: set[str]) -> pl.Expr:
    """A sentence break (".", "!", "?" or from a line break on: no token starts so) or stopword."""
    out = (token < " ") | token.is_in([".", "!", "?"])
    return out | token.is_in(list(stop)) if stop else out


def keep_gram(term: pl.Expr, ngram: int, stop: set[str]) -> pl.Expr:
    """Filter for exploded ``grams``: nulls are dropped n-grams; unigrams are checked here."""
    return term.is_not_null() & ~is_dropped(term, stop) if ngram == 1 else term.is_not_null()


def doc_ngrams(lf: pl.LazyFrame, keys: list[str], ngram: int, stop: set[str]) -> pl.LazyFrame:
    """``[_row, *keys, term, count]``: one row per document and n-gram in it."""
    return (
        gram_lists(lf, keys, ngram, stop)
        .explode("grams")
        .filter(keep_gram(pl.col("grams"), ngram, stop))
        .group_by("_row", *keys, pl.col("grams").alias("term"))
        .agg(count=pl.len().cast(pl.Int64))
    )
