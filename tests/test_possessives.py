"""possessives="split" | "keep": hand-counted on a fixture with ’ and ', a plural possessive,
contractions and a hyphenated compound, through every counter that takes the option."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import discourse as dc
from discourse import DiscourseError

TEXT = (
    "Israel’s army and Israel's navy. Palestinians' homes. It's late, don't go. "
    "Hamas-run ministry. Hamas's leaders. That’s Israel."
)
#: By hand, keep: 17 tokens. Split adds one clitic for each of Israel’s, Israel's, Hamas's.
KEEP = [
    "israel's", "army", "and", "israel's", "navy", "palestinians", "homes", "it's", "late",
    "don't", "go", "hamas-run", "ministry", "hamas's", "leaders", "that's", "israel",
]  # fmt: skip
SPLIT = [
    "israel", "'s", "army", "and", "israel", "'s", "navy", "palestinians", "homes", "it's",
    "late", "don't", "go", "hamas-run", "ministry", "hamas", "'s", "leaders", "that's", "israel",
]  # fmt: skip


@pytest.fixture
def corpus() -> pl.DataFrame:
    return pl.DataFrame(
        {"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": [TEXT, "Israel said so."]}
    )


@pytest.mark.parametrize(("mode", "expected"), [("keep", KEEP), ("split", SPLIT)])
def test_tokens(corpus: pl.DataFrame, mode: str, expected: list[str]) -> None:
    got = dc.tokens(corpus.head(1), possessives=mode)
    assert got["norm"].to_list() == expected
    assert got["token_index"].to_list() == list(range(len(expected)))
    # Offsets still give back the text as written, the clitic with its curly apostrophe.
    assert [TEXT[s:e] for s, e in got.select("start", "end").iter_rows()] == got["token"].to_list()
    if mode == "split":
        assert got["token"].to_list()[:2] == ["Israel", "’s"]


def test_split_is_the_default(corpus: pl.DataFrame) -> None:
    assert_frame_equal(dc.tokens(corpus), dc.tokens(corpus, possessives="split"))
    assert_frame_equal(dc.term_counts(corpus), dc.term_counts(corpus, possessives="split"))
    assert_frame_equal(dc.group_sizes(corpus), dc.group_sizes(corpus, possessives="split"))


@pytest.mark.parametrize(
    ("mode", "israel", "clitic", "whole", "tokens"),
    [("keep", 2, 0, 2, 20), ("split", 4, 3, 0, 23)],
)
def test_term_counts_and_sizes(
    corpus: pl.DataFrame, mode: str, israel: int, clitic: int, whole: int, tokens: int
) -> None:
    counts = dict(dc.term_counts(corpus, possessives=mode).select("term", "n").iter_rows())
    assert counts.get("israel", 0) == israel
    assert counts.get("'s", 0) == clitic
    assert counts.get("israel's", 0) == whole
    # Contractions and compounds are the same tokens either way; "s" is never a token.
    assert (counts["it's"], counts["that's"], counts["don't"], counts["hamas-run"]) == (1, 1, 1, 1)
    assert counts["palestinians"] == 1 and "s" not in counts and "it" not in counts
    sizes = dc.group_sizes(corpus, possessives=mode)
    assert sizes["tokens"].item() == tokens
    freq = dc.term_frequency(corpus, possessives=mode, by="outlet")
    x = freq.filter(pl.col("outlet") == "X", pl.col("term") == "israel")
    assert x["tokens"].item() == tokens - 3  # "Israel said so." is doc b
    assert x["n"].item() == israel - 1


def test_ngrams_and_dispersion(corpus: pl.DataFrame) -> None:
    bigrams = dc.term_counts(corpus.head(1), ngram=2, possessives="split")["term"].to_list()
    assert "israel 's" in bigrams and "'s army" in bigrams and "hamas 's" in bigrams
    keep = dc.term_counts(corpus.head(1), ngram=2, possessives="keep")["term"].to_list()
    assert "israel's army" in keep
    spread = dc.dispersion(corpus, possessives="split").filter(pl.col("term") == "israel")
    assert spread.select("n", "docs").row(0) == (4, 2)


def test_keyness_counts_the_clitic_split(corpus: pl.DataFrame) -> None:
    table = dc.keyness(corpus, by="outlet", min_count=1, possessives="split")
    x = table.filter(pl.col("outlet") == "X", pl.col("term") == "israel")
    assert x.select("n_target", "n_reference").row(0) == (3, 1)


def test_collocations_split_the_node_and_the_text(corpus: pl.DataFrame) -> None:
    out = dc.collocations(
        corpus.head(1), node="Israel's", window_tokens=(0, 1), min_count=1, possessives="split"
    )
    assert out.select("collocate", "o", "f_node").rows() == [("army", 1, 2), ("navy", 1, 2)]
    keep = dc.collocations(
        corpus.head(1), node="israel", window_tokens=(1, 0), min_count=1, possessives="keep"
    )
    assert keep.select("collocate", "f_node").rows() == [("that's", 1)]


def test_kwic_token_windows_and_positions(corpus: pl.DataFrame) -> None:
    one = corpus.head(1)
    split = dc.kwic(one, query="Israel", window_tokens=1, possessives="split", sort="R1")
    assert split.select("match", "right").rows() == [
        ("Israel", "’s"),
        ("Israel", "'s"),
        ("Israel", ""),  # no token after it: punctuation is not one
    ]
    keep = dc.kwic(one, query="Hamas's", window_tokens=1)
    assert keep.select("left", "right").row(0) == ("ministry. ", " leaders")


@pytest.mark.parametrize("fn", [dc.tokens, dc.term_counts, dc.group_sizes])
def test_unknown_mode_is_refused(corpus: pl.DataFrame, fn) -> None:
    with pytest.raises(DiscourseError, match='"split" or "keep"'):
        fn(corpus, possessives="strip")


def test_real_corpus_israel_keep_against_split() -> None:
    from conftest import benchmark_module, real_data_dir

    if not real_data_dir().is_dir():
        pytest.skip("real data folder is absent")
    articles = benchmark_module("bench_kwic").real_articles()
    keep = dc.term_counts(articles, terms=None, possessives="keep")
    split = dc.term_counts(articles, possessives="split")
    n = {m: dict(t.filter(pl.col("term").str.starts_with("israel")).select("term", "n").iter_rows())
         for m, t in [("keep", keep), ("split", split)]}  # fmt: skip
    # Every "israel's" of keep is an "israel" plus a clitic of split, nothing else moves.
    assert n["split"]["israel"] == n["keep"]["israel"] + n["keep"]["israel's"]
    assert "israel's" not in n["split"]


_PIECES = ["Israel", "it", "UN", "'s", "’s", "'S", "s", "'", "-run", " ", ". ", "don't", "1,400"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), max_size=3))
def test_tokens_and_counters_agree_on_any_text(texts: list[str]) -> None:
    # tokens(), the n-gram counters and the token totals split the same clitics.
    frame = pl.DataFrame(
        {"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts},
        schema={"doc_id": pl.String, "text": pl.String},
    )
    table = dc.tokens(frame, possessives="split")
    for doc_id, start, end, token in table.select("doc_id", "start", "end", "token").iter_rows():
        assert texts[int(doc_id[1:])][start:end] == token
    assert table.height == dc.group_sizes(frame, possessives="split")["tokens"].item()
    by_tokens = table.group_by(term="norm").agg(n=pl.len().cast(pl.Int64))
    counted = dc.term_counts(frame, possessives="split").select("term", "n")
    assert_frame_equal(counted, by_tokens, check_row_order=False)
