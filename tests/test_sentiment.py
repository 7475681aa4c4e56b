"""Sentiment scores equal the libraries' own; caching and worker processes change nothing."""

from __future__ import annotations

import importlib
import math

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from discourse.errors import DiscourseError
from discourse.sentiment import score_texts, sentiment

sentiment_module = importlib.import_module("discourse.sentiment")

# Our own sentences, written for these tests.
SENTENCES = [
    "The terrorist organisation attacked the town at dawn.",
    "The militant group attacked the town at dawn.",
    "The resistance movement attacked the town at dawn.",
    "Aid trucks finally reached the hospital, to great relief.",
    "Officials said 40 people were killed in the strike.",
    "It was a horrific, barbaric massacre!!!",
    "The talks were NOT going well, negotiators admitted.",
    "",
    "I love brocoli",
]


def _expected(texts: list[str]) -> pl.DataFrame:
    vader = SentimentIntensityAnalyzer()
    rows = []
    for text in texts:
        v = vader.polarity_scores(text)
        t = TextBlob(text).sentiment
        rows.append((text, v["compound"], v["pos"], v["neu"], v["neg"], t.polarity, t.subjectivity))
    return pl.DataFrame(
        rows,
        schema=[
            "text",
            "vader_compound",
            "vader_pos",
            "vader_neu",
            "vader_neg",
            "textblob_polarity",
            "textblob_subjectivity",
        ],
        orient="row",
    )


def test_scores_equal_the_libraries() -> None:
    frame = pl.DataFrame({"text": SENTENCES})
    assert_frame_equal(sentiment(frame), _expected(SENTENCES), check_dtypes=False)


def test_textblob_documented_example() -> None:
    row = score_texts(["I love brocoli"], methods=["textblob"]).row(0, named=True)
    assert row["textblob_polarity"] == 0.5
    assert row["textblob_subjectivity"] == 0.6


def test_framing_nouns_textblob_neutral_vader_not() -> None:
    scores = score_texts(SENTENCES[:3])
    assert scores.get_column("textblob_polarity").to_list() == [0.0, 0.0, 0.0]
    assert scores.get_column("vader_compound")[0] < scores.get_column("vader_compound")[1]


def test_repeated_texts_are_scored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = sentiment_module._score_chunk

    def counting(texts, methods):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return original(texts, methods)

    monkeypatch.setattr(sentiment_module, "_score_chunk", counting)
    texts = ["Same wire sentence."] * 50 + ["Another one."] * 30
    out = score_texts(texts, workers=1)
    assert sum(calls) == 2
    assert out.height == 80
    assert out.get_column("text").to_list() == texts


def test_worker_processes_give_identical_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"{s} Variant {i}." for i in range(60) for s in SENTENCES[:4]]
    serial = score_texts(texts, workers=1)
    monkeypatch.setattr(sentiment_module, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(sentiment_module, "_CHUNK", 50)
    parallel = score_texts(texts, workers=2)
    assert_frame_equal(serial, parallel)


def test_null_text_gets_null_scores_and_input_columns_are_kept() -> None:
    frame = pl.DataFrame({"id": [1, 2], "text": ["Good.", None]})
    out = sentiment(frame, methods=["vader"])
    assert out.columns == ["id", "text", "vader_compound", "vader_pos", "vader_neu", "vader_neg"]
    assert out.row(1, named=True)["vader_compound"] is None
    assert math.isclose(out.row(0, named=True)["vader_compound"], 0.4404)


def test_unknown_method_is_a_clear_error() -> None:
    with pytest.raises(DiscourseError, match="unknown sentiment method"):
        score_texts(["x"], methods=["afinn"])  # type: ignore[list-item]


def test_missing_text_column_is_a_clear_error() -> None:
    with pytest.raises(DiscourseError, match="needs column"):
        sentiment(pl.DataFrame({"body": ["x"]}))


def test_sentence_sample_per_outlet_is_seeded_and_says_so() -> None:
    from discourse.sentiment import sentence_sentiment

    # Outlet A: 5 sentences in two documents, B: 2, C: 1.
    corpus = pl.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1", "c1"],
            "outlet": ["A", "A", "B", "C"],
            "text": ["Good. Bad. Fine.", "Nice. Sad.", "Happy. Grim.", "Calm."],
        }
    )
    full = sentence_sentiment(corpus, methods=["vader"])
    assert full.height == 8
    with pytest.warns(
        UserWarning, match=r"sampled 5 of 8 sentences \(at most 2 per outlet, seed 0\)"
    ):
        sampled = sentence_sentiment(corpus, methods=["vader"], sample=2)
    assert sampled.group_by("outlet").len().sort("outlet").rows() == [("A", 2), ("B", 2), ("C", 1)]
    # The sample's rows and scores are those of the full run, in corpus order.
    kept = full.join(sampled.select("doc_id", "sentence"), on=["doc_id", "sentence"], how="semi")
    assert_frame_equal(sampled, kept)
    with pytest.warns(UserWarning):
        again = sentence_sentiment(corpus, methods=["vader"], sample=2)
    assert_frame_equal(again, sampled)
    with pytest.warns(UserWarning, match=r"sampled 3 of 8 sentences \(at most 3 in all, seed 4\)"):
        assert sentence_sentiment(corpus, methods=["vader"], sample=3, by=None, seed=4).height == 3
    assert_frame_equal(sentence_sentiment(corpus, methods=["vader"], sample=5), full)
    with pytest.raises(DiscourseError, match="positive number of sentences"):
        sentence_sentiment(corpus, methods=["vader"], sample=0)
