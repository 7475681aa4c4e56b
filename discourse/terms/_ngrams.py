"""N-grams for :mod:`discourse.terms.frequency`: tokens, sentence breaks, stopwords."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import polars as pl

from discourse._typing import Possessives
from discourse.errors import DiscourseError
from discourse.text._fold import token_expr
from discourse.text._patterns import TOKEN_PATTERN, normalise_token
from discourse.text._tokens import split_possessives

_BREAK = r"[.!?]|\n[ \t\r\f\v]*\n"


def stopword_set(stopwords: Literal["english"] | Iterable[str] | None) -> set[str]:
    if stopwords == "english":
        from stopwords import get_stopwords

        return set(get_stopwords("en"))
    return {normalise_token(w) for w in stopwords or ()}


def ngram_sizes(ngram: int | tuple[int, int]) -> list[int]:
    """The n-gram sizes asked for: ``2`` is [2], ``(1, 2)`` is [1, 2] (a range, both ends in)."""
    low, high = ngram if isinstance(ngram, tuple) else (ngram, ngram)
    if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high <= 3):
        raise DiscourseError(
            f"ngram must be 1, 2 or 3, or a range such as (1, 2) within them, not {ngram!r}."
        )
    return list(range(low, high + 1))


#: The folds of the lower-cased text that cannot move a token boundary (one character for one):
#: ’, ‐ and ‑ occur only inside tokens, “ ” „ only outside them. The index build uses them too.
SAFE_FOLDS = {"’": "'", "‐": "-", "‑": "-", "“": '"', "”": '"', "„": '"'}


def token_lists(
    lf: pl.LazyFrame, keys: list[str], possessives: Possessives = "split"
) -> pl.LazyFrame:
    """``[_row, *keys, tok]``: each document's tokens and sentence breaks, normalised.

    Tokens come from the lower-cased text with the quote and hyphen folds that cannot move a
    token boundary (’, ‐ and ‑ become ', - and -, all token-internal; “ ” „ become ", outside
    tokens; ‘ never occurs inside a token). "ʼ" is a letter that folds to an apostrophe, and "Σ"
    lower-cases by context, so documents holding either are tokenised first and normalised
    token by token, as ``normalise_token`` does. With ``possessives="split"``, each possessive
    token is then the word and the clitic "'s" (:func:`~discourse.text._tokens.split_possessives`).
    """
    lower = pl.col("text").str.to_lowercase()
    folded = lower.str.replace_many(list(SAFE_FOLDS), list(SAFE_FOLDS.values()))
    pattern = f"{TOKEN_PATTERN}|{_BREAK}"
    slow = pl.col("text").str.extract_all(pattern).list.eval(token_expr(pl.element()))
    # Regexes find these characters at several GB/s (contains_any is slow on non-ASCII), and
    # documents without them skip the replacements (a quarter of the tokenising time).
    odd = pl.col("text").str.contains("[ʼΣ]")
    quotes = pl.col("text").str.contains(f"[{''.join(SAFE_FOLDS)}]")
    lf = lf.select(*keys, "text").with_row_index("_row")
    out = pl.concat(
        [
            lf.filter(~odd & ~quotes).select("_row", *keys, tok=lower.str.extract_all(pattern)),
            lf.filter(~odd & quotes).select("_row", *keys, tok=folded.str.extract_all(pattern)),
            lf.filter(odd).select("_row", *keys, tok=slow),
        ]
    )
    if possessives == "split":
        return out.with_columns(split_possessives(pl.col("tok")))
    return out


def gram_lists(
    lf: pl.LazyFrame,
    keys: list[str],
    ngram: int,
    stop: set[str],
    possessives: Possessives = "split",
) -> pl.LazyFrame:
    """``[_row, *keys, grams]``: each document's n-grams as a list (null where one is dropped)."""
    tokens = token_lists(lf, keys, possessives)
    if ngram == 1:
        # Unigrams need no neighbours: breaks and stopwords are dropped after exploding.
        return tokens.rename({"tok": "grams"})
    elem = pl.element()
    drop = [is_dropped(elem.shift(-i), stop) for i in range(ngram)]
    gram = pl.concat_str([elem.shift(-i) for i in range(ngram)], separator=" ")
    grams = pl.col("tok").list.eval(pl.when(pl.any_horizontal(drop)).then(None).otherwise(gram))
    return tokens.select("_row", *keys, grams=grams)


def is_dropped(token: pl.Expr, stop: set[str]) -> pl.Expr:
    """A sentence break (".", "!", "?" or from a line break on: no token starts so) or stopword."""
    out = (token < " ") | token.is_in([".", "!", "?"])
    return out | token.is_in(list(stop)) if stop else out


def doc_ngrams(
    lf: pl.LazyFrame,
    keys: list[str],
    ngram: int,
    stop: set[str],
    possessives: Possessives = "split",
) -> pl.LazyFrame:
    """``[_row, *keys, term, count]``: one row per document and n-gram in it.

    Each document's list is counted on its own (``value_counts``), so no group-by spans the
    corpus and memory follows the batch, not the number of (document, n-gram) pairs.
    """
    elem = pl.element()
    kept = elem.filter(~is_dropped(elem, stop)) if ngram == 1 else elem.drop_nulls()
    return (
        gram_lists(lf, keys, ngram, stop, possessives)
        .select("_row", *keys, vc=pl.col("grams").list.eval(kept.value_counts()))
        .explode("vc")
        .drop_nulls("vc")
        .select(
            "_row", *keys, term=pl.col("vc").struct[0], count=pl.col("vc").struct[1].cast(pl.Int64)
        )
    )
