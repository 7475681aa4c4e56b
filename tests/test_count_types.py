"""One integer type for counts: every integer column of every public result is Int64.

Counts from polars' ``len()`` and ``n_unique()`` come back as UInt32; mixed with Int64 counts
from other functions they break joins and subtraction (an unsigned difference wraps around).
Each result below is computed on the demo corpus and every integer column checked.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl
import pytest

import discourse as dc


@pytest.fixture(scope="module")
def corpus(demo_dir: Any) -> pl.DataFrame:
    return dc.read_corpus(demo_dir)


@pytest.fixture(scope="module")
def lexicon() -> dc.Lexicon:
    return dc.default_lexicon()


TOLLS = pl.DataFrame(
    {
        "date": [date(2023, 10, 7), date(2023, 12, 31)] * 2,
        "side": ["israeli", "israeli", "palestinian", "palestinian"],
        "deaths": [700, 1200, 400, 21000],
    }
)

RESULTS: dict[str, Callable[[pl.DataFrame, Any], pl.DataFrame]] = {
    "term_frequency": lambda c, lex: dc.term_frequency(c, by="outlet"),
    "term_counts": lambda c, lex: dc.term_counts(c, by="outlet"),
    "group_sizes": lambda c, lex: dc.group_sizes(c, by="outlet"),
    "dispersion": lambda c, lex: dc.dispersion(c, terms=["hamas"], by="outlet"),
    "keyness": lambda c, lex: dc.keyness(c, by="outlet"),
    "collocations": lambda c, lex: dc.collocations(c, node="hamas"),
    "kwic": lambda c, lex: dc.kwic(c, query=["hamas"]),
    "corpus_overview": lambda c, lex: dc.corpus_overview(c, by="outlet"),
    "documents_over_time": lambda c, lex: dc.documents_over_time(c, every="week", by="outlet"),
    "sentences": lambda c, lex: dc.sentences(c),
    "tokens": lambda c, lex: dc.tokens(c),
    "label_mentions": lambda c, lex: dc.label_mentions(c, lexicon=lex),
    "label_shares": lambda c, lex: dc.label_shares(c, lexicon=lex, by="outlet"),
    "label_shares_over_time": lambda c, lex: dc.label_shares_over_time(c, lexicon=lex, by="outlet"),
    "label_independence": lambda c, lex: dc.label_independence(c, lexicon=lex, by="outlet"),
    "label_pairwise": lambda c, lex: dc.label_pairwise(c, lexicon=lex, by="outlet"),
    "casualty_sentences": lambda c, lex: dc.casualty_sentences(c),
    "voice_shares": lambda c, lex: dc.voice_shares(
        dc.casualty_sentences(c), by=("outlet", "victim")
    ),
    "mentions_per_death": lambda c, lex: dc.mentions_per_death(
        dc.casualty_sentences(c), deaths=TOLLS, by="outlet"
    ),
    "same_story": lambda c, lex: dc.same_story(c),
    "event_pairs": lambda c, lex: dc.event_pairs(c),
    "target_sentiment": lambda c, lex: dc.target_sentiment(
        c, lexicon=lex, by="outlet", progress=False
    ),
    "sentiment_agreement": lambda c, lex: dc.sentiment_agreement(
        dc.sentence_sentiment(c, progress=False), by="outlet"
    ),
}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_integer_columns_are_int64(name: str, corpus: pl.DataFrame, lexicon: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = RESULTS[name](corpus, lexicon)
    assert result.height > 0, f"{name} gave no rows on the demo corpus: the check would be empty"
    other = {col: dtype for col, dtype in result.schema.items() if dtype.is_integer()}
    assert other == dict.fromkeys(other, pl.Int64), f"{name}: {other}"
