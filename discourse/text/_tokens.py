"""The token table (one row per token, with offsets into the original text) and the possessive
option, as polars expressions shared by :func:`~discourse.text.segments.tokens`, the counters
and :func:`~discourse.terms.concordance.kwic`.

Every function here is a pure function of frames, so a prebuilt token table can stand in for
the text wherever one is taken.
"""

from __future__ import annotations

import polars as pl

from discourse._typing import Possessives
from discourse.errors import DiscourseError
from discourse.text._patterns import CONTRACTED, POSSESSIVE_PATTERN, TOKEN_PATTERN

#: One token and the gap before it: consecutive matches tile the text, so their cumulative
#: lengths give each token's end offset without a Python loop.
GAP_AND_TOKEN = f"(?s).*?(?:{TOKEN_PATTERN})"
#: The clitic's normalised form.
CLITIC = "'s"

_CONTRACTED = sorted(CONTRACTED)


def check_possessives(possessives: object) -> None:
    if possessives not in ("split", "keep"):
        raise DiscourseError(
            f'possessives must be "split" or "keep", not {possessives!r}: "split" counts '
            '"Israel\'s" as "israel" plus the clitic "\'s", "keep" as one token.'
        )


def is_possessive(token: pl.Expr) -> pl.Expr:
    """Whether each token (as written or normalised) ends in a possessive clitic to split off:
    "Israel's" and "Hamas’s" do, "it's", "let's" and "don't" do not."""
    base = token.str.extract(POSSESSIVE_PATTERN, 1)
    contracted = base.str.to_lowercase().str.replace_all("[’ʼ]", "'").is_in(_CONTRACTED)
    return base.is_not_null() & ~contracted


def split_possessives(tokens: pl.Expr) -> pl.Expr:
    """A list column of tokens with each possessive token replaced by the word and the clitic,
    in text order (``["Israel's", "army"]`` becomes ``["Israel", "'s", "army"]``).
    Sentence-break markers and other non-tokens in the list are left as they are."""
    elem = pl.element()
    parts = (
        pl.when(is_possessive(elem))
        .then(elem.str.replace(POSSESSIVE_PATTERN, "${1}\x00${2}"))
        .otherwise(elem)
        .str.split("\x00")
    )
    return tokens.list.eval(parts.explode())


def possessive_count(text: pl.Expr) -> pl.Expr:
    """How many possessive clitics each text holds: the tokens that ``"split"`` adds."""
    found = text.str.extract_all(TOKEN_PATTERN).list.eval(is_possessive(pl.element()))
    return found.list.sum().fill_null(0).cast(pl.Int64)


def token_count(text: pl.Expr, possessives: Possessives) -> pl.Expr:
    """Tokens per text (``Int64``), the clitics counted as tokens with ``"split"``."""
    count = text.str.count_matches(TOKEN_PATTERN).cast(pl.Int64)
    return count + possessive_count(text) if possessives == "split" else count


def token_table(
    frame: pl.LazyFrame | pl.DataFrame,
    keys: list[str],
    *,
    text: str = "text",
    possessives: Possessives = "split",
) -> pl.LazyFrame:
    """``[*keys, token_index, start, end, token]``: one row per token of each document, in text
    order, with character offsets into the text (``text[start:end] == token``). Documents with
    no token give no rows. With ``possessives="split"`` a possessive token is two rows, the
    word and the clitic (``start``/``end`` cut two characters from its end)."""
    lists = (
        frame.lazy()
        .select(
            *keys,
            pl.col(text).str.extract_all(TOKEN_PATTERN).alias("token"),
            pl.col(text)
            .str.extract_all(GAP_AND_TOKEN)
            .list.eval(pl.element().str.len_chars().cast(pl.Int64).cum_sum())
            .alias("end"),
        )
        .filter(pl.col("token").list.len() > 0)
    )
    exploded = lists.with_columns(
        pl.int_ranges(0, pl.col("token").list.len(), dtype=pl.Int64).alias("token_index")
    ).explode(["token_index", "token", "end"])
    start = pl.col("end") - pl.col("token").str.len_chars().cast(pl.Int64)
    if possessives == "keep":
        return exploded.select(*keys, "token_index", start.alias("start"), "end", "token")
    poss = pl.col("_poss")
    first = pl.col("token_index") == 0
    # Token i moves right by the clitics split off before it in its document: the running
    # count of possessives, less its value where the document starts (token_index 0).
    before = poss.cast(pl.Int64).cum_sum() - poss.cast(pl.Int64)
    table = exploded.with_columns(is_possessive(pl.col("token")).alias("_poss")).with_columns(
        (pl.col("token_index") + before - pl.when(first).then(before).forward_fill()).alias(
            "token_index"
        ),
        start.alias("start"),
        first.cast(pl.Int64).cum_sum().alias("_doc"),
    )
    words = table.select(
        *keys,
        "token_index",
        "start",
        pl.when(poss).then(pl.col("end") - 2).otherwise("end").alias("end"),
        pl.when(poss).then(pl.col("token").str.head(-2)).otherwise("token").alias("token"),
        "_doc",
    )
    clitics = table.filter(poss).select(
        *keys,
        pl.col("token_index") + 1,
        (pl.col("end") - 2).alias("start"),
        "end",
        pl.col("token").str.tail(2),
        "_doc",
    )
    # Sorted on two integers (document number, token number): each clitic after its word.
    return pl.concat([words, clitics]).sort("_doc", "token_index").drop("_doc")
