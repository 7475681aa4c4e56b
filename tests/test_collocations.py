"""Collocations: hand-counted spans, phrases, groups, and a cross-check with NLTK's finder."""

from __future__ import annotations

import math

import polars as pl
import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures
from polars.testing import assert_frame_equal

from discourse import DiscourseError, collocations, stats

COLUMNS = [
    "collocate",
    "o",
    "f_node",
    "f_collocate",
    "n_tokens",
    "expected",
    "mi",
    "mi3",
    "t_score",
    "z_score",
    "log_dice",
    "g2",
]


def corpus(*texts: str, outlets: list[str] | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": outlets or ["X"] * len(texts),
            "text": list(texts),
        }
    )


def test_counts_and_statistics_by_hand():
    # 12 tokens; "killed" at positions 2 and 9 (second document), window 1 left and 1 right.
    frame = corpus(
        "Israeli strikes killed civilians in Gaza", "rockets fired , troops killed civilians today"
    )
    out = collocations(frame, node="killed", window_tokens=1, min_count=1)
    assert out.columns == COLUMNS
    counts = {row["collocate"]: (row["o"], row["f_collocate"]) for row in out.iter_rows(named=True)}
    assert counts == {"strikes": (1, 1), "civilians": (2, 2), "troops": (1, 1)}
    row = out.filter(pl.col("collocate") == "civilians").row(0, named=True)
    assert (row["f_node"], row["n_tokens"]) == (2, 12)  # the comma is not a token
    expected = 2 * 2 * 2 / 12  # f_node * f_collocate * span / N
    assert row["expected"] == pytest.approx(expected)
    assert row["mi"] == pytest.approx(math.log2(2 / expected))
    assert row["mi3"] == pytest.approx(math.log2(8 / expected))
    assert row["t_score"] == pytest.approx((2 - expected) / math.sqrt(2))
    assert row["z_score"] == pytest.approx((2 - expected) / math.sqrt(expected))
    assert row["log_dice"] == pytest.approx(14.0)
    # In-span tokens (2 hits x 2) against the other 8 tokens.
    assert row["g2"] == pytest.approx(stats.g2(2, 0, 4, 8))
    assert out["collocate"][0] == "civilians"  # sorted by g2 descending


def test_spans_stay_inside_documents_and_count_shared_tokens_once():
    frame = corpus("a b node c", "d node node e")
    out = collocations(frame, node="node", window_tokens=(1, 1), min_count=1)
    got = dict(zip(out["collocate"], out["o"], strict=True))
    # "d" left of the first hit; the two hits in document 2 share no token but see each other.
    assert got == {"b": 1, "c": 1, "d": 1, "e": 1, "node": 2}
    shared = collocations(corpus("x a x"), node="x", window_tokens=1, min_count=1)
    assert shared.select("collocate", "o").rows() == [("a", 1)]


def test_phrase_node_is_matched_as_a_token_sequence():
    frame = corpus(
        "Officials said the Resistance  Movement fired", "a resistance group and a movement"
    )
    out = collocations(frame, node="resistance movement", window_tokens=(1, 1), min_count=1)
    assert out["f_node"].unique().to_list() == [1]
    assert sorted(out["collocate"]) == ["fired", "the"]


@pytest.mark.parametrize("text", ["Israel’s strikes", "ISRAEL'S strikes", "israel's strikes"])
def test_tokens_are_normalised_like_the_rest_of_the_package(text):
    out = collocations(corpus(text), node="Israel's", window_tokens=(0, 1), min_count=1)
    assert out.select("collocate", "o").rows() == [("strikes", 1)]


def test_by_computes_everything_within_groups():
    frame = corpus("war killed many", "war killed few", "no war here", outlets=["X", "X", "Y"])
    out = collocations(frame, node="war", window_tokens=(0, 1), by="outlet", min_count=1)
    x = collocations(
        frame.filter(pl.col("outlet") == "X"), node="war", window_tokens=(0, 1), min_count=1
    )
    assert_frame_equal(out.filter(pl.col("outlet") == "X").drop("outlet"), x)
    assert out.filter(pl.col("outlet") == "Y").select("collocate", "f_node", "n_tokens").rows() == [
        ("here", 1, 3)
    ]
    assert_frame_equal(
        collocations(frame.lazy(), node="war", window_tokens=(0, 1), by="outlet", min_count=1), out
    )


def test_min_count_filters_on_o():
    frame = corpus("war killed many", "war killed few", "war ended")
    out = collocations(frame, node="war", window_tokens=(0, 1), min_count=2)
    assert out.select("collocate", "o").rows() == [("killed", 2)]


def test_matches_nltk_windowed_finder():
    # NLTK counts (w1, w2) with w2 up to window_size - 1 tokens to the right of w1, and scales
    # the pair count by 1/(window_size - 1); its pmi then equals our MI with span = window - 1.
    words = [
        "the",
        "army",
        "said",
        "the",
        "strike",
        "killed",
        "ten",
        "people",
        "near",
        "the",
        "camp",
        "where",
        "people",
        "were",
        "killed",
    ]
    finder = BigramCollocationFinder.from_words(words, window_size=4)
    out = collocations(corpus(" ".join(words)), node="killed", window_tokens=(0, 3), min_count=1)
    assert out["n_tokens"][0] == finder.N
    for row in out.iter_rows(named=True):
        assert row["o"] == finder.ngram_fd[("killed", row["collocate"])]
        nltk_pmi = finder.score_ngram(BigramAssocMeasures.pmi, "killed", row["collocate"])
        assert row["mi"] == pytest.approx(nltk_pmi, rel=1e-12)
        assert row["log_dice"] == pytest.approx(
            14
            + math.log2(
                BigramAssocMeasures.dice(row["o"], (row["f_node"], row["f_collocate"]), finder.N)
            )
        )


def test_adjacent_window_matches_nltk_bigram_measures():
    words = ["a", "b", "a", "b", "c", "a", "b", "d", "a", "c", "b", "a"]
    finder = BigramCollocationFinder.from_words(words)
    out = collocations(corpus(" ".join(words)), node="a", window_tokens=(0, 1), min_count=1)
    measures = BigramAssocMeasures
    for row in out.iter_rows(named=True):
        y = row["collocate"]
        assert row["t_score"] == pytest.approx(finder.score_ngram(measures.student_t, "a", y))
        assert row["g2"] == pytest.approx(finder.score_ngram(measures.likelihood_ratio, "a", y))


@pytest.mark.parametrize(
    ("node", "window", "message"),
    [("...", 5, "no word"), ("war", 0, "positive size"), ("war", (-1, 2), "positive size")],
)
def test_bad_arguments_raise(node, window, message):
    with pytest.raises(DiscourseError, match=message):
        collocations(corpus("war"), node=node, window_tokens=window)


def test_missing_text_column_is_reported():
    with pytest.raises(DiscourseError, match="text"):
        collocations(pl.DataFrame({"doc_id": ["a"]}), node="war")


def test_frequencies_agree_with_term_counts():
    from discourse import group_sizes, term_counts

    frame = corpus(
        "Israel’s army said; the army-run camp",
        "Hamas-run ministry: 1,400 killed",
        outlets=["X", "Y"],
    )
    out = collocations(frame, node="army", window_tokens=3, by="outlet", min_count=1)
    counts = term_counts(frame, by="outlet").rename({"term": "collocate"})
    joined = out.join(counts, on=["outlet", "collocate"], how="left")
    assert (joined["f_collocate"] == joined["n"]).all()
    sizes = group_sizes(frame, by="outlet").filter(pl.col("outlet") == "X")
    assert out["n_tokens"].unique().to_list() == sizes["tokens"].to_list()
