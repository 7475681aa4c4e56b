"""Target sentiment and the agreement of the two lexicons."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from discourse import DiscourseError, sentiment_agreement, sentiment_disagreements


def test_agreement_counts_categories_by_hand() -> None:
    scored = pl.DataFrame(
        {
            "outlet": ["A", "A", "A", "B", "B"],
            "vader_compound": [-0.5, 0.3, 0.01, -0.2, 0.6],
            "textblob_polarity": [-0.1, 0.0, 0.0, -0.3, 0.5],
        }
    )
    out = sentiment_agreement(scored, by="outlet")
    a = out.filter(pl.col("outlet") == "A").row(0, named=True)
    b = out.filter(pl.col("outlet") == "B").row(0, named=True)
    # A: (neg,neg) agree, (pos,neu) differ, (neu,neu) agree.
    assert a["n"] == 3
    assert a["same_category"] == pytest.approx(2 / 3)
    assert a["vader_only_negative"] == 0.0
    assert b["same_category"] == 1.0
    assert b["pearson"] == pytest.approx(1.0)


def test_disagreements_rank_by_gap_within_groups() -> None:
    scored = pl.DataFrame(
        {
            "outlet": ["A", "A", "B"],
            "text": ["x", "y", "z"],
            "vader_compound": [-0.9, 0.1, 0.5],
            "textblob_polarity": [0.0, 0.0, 0.5],
        }
    )
    out = sentiment_disagreements(scored, n=1, by="outlet")
    assert sorted(out.get_column("text").to_list()) == ["x", "z"]
    assert out.filter(pl.col("text") == "x").get_column("gap").item() == pytest.approx(0.9)


def test_bootstrap_interval_keeps_its_old_path_with_a_warning() -> None:
    import discourse
    import discourse.tone

    with pytest.warns(DeprecationWarning, match="moved to discourse.stats.bootstrap"):
        old = discourse.tone.bootstrap_interval
    assert old is discourse.bootstrap_interval
    assert "bootstrap_interval" not in discourse.tone.__all__


def test_agreement_and_disagreements_take_a_lazy_frame() -> None:
    scored = pl.DataFrame(
        {
            "outlet": ["A", "A", "B"],
            "text": ["x", "y", "z"],
            "vader_compound": [-0.9, 0.1, 0.5],
            "textblob_polarity": [0.0, 0.0, 0.5],
        }
    )
    for function in (sentiment_agreement, sentiment_disagreements):
        assert_frame_equal(function(scored.lazy(), by="outlet"), function(scored, by="outlet"))


# --- the demo corpus and real data -------------------------------------------------------------

import yaml  # noqa: E402
from textblob import TextBlob  # noqa: E402
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from discourse import read_corpus, sentence_sentiment, target_contexts, target_sentiment  # noqa: E402


@pytest.fixture(scope="module")
def demo(demo_dir):  # type: ignore[no-untyped-def]
    corpus = read_corpus(demo_dir)
    return corpus.filter(pl.col("duplicate_of").is_null())


def test_demo_outlets_without_emotive_language_read_less_negative(demo, demo_dir) -> None:  # type: ignore[no-untyped-def]
    key = yaml.safe_load((demo_dir / "answer-key.yaml").read_text(encoding="utf-8"))
    calm = {o for o, p in key["outlets"].items() if p["emotive_for"] == "none"}
    emotive = {o for o, p in key["outlets"].items() if p["emotive_for"] != "none"}
    assert calm and emotive
    means = dict(
        sentence_sentiment(demo, methods=["vader"])
        .group_by("outlet")
        .agg(pl.col("vader_compound").mean())
        .iter_rows()
    )
    assert min(means[o] for o in calm) > max(means[o] for o in emotive)


def test_target_sentiment_is_reproducible_and_intervals_bracket_the_mean(demo) -> None:  # type: ignore[no-untyped-def]
    first = target_sentiment(demo, by="outlet", n_resamples=300, seed=11)
    second = target_sentiment(demo, by="outlet", n_resamples=300, seed=11)
    assert_frame_equal(first, second)
    assert first.columns[:4] == ["outlet", "label_set", "label", "n"]
    for method in ("vader", "textblob"):
        mean, low, high = (pl.col(f"{method}_{s}") for s in ("mean", "ci_low", "ci_high"))
        assert first.filter((low > mean + 1e-12) | (high < mean - 1e-12)).height == 0
    shares = first.select(pl.sum_horizontal("negative", "neutral", "positive"))
    assert shares.to_series().round(9).unique().to_list() == [1.0]


def test_target_sentiment_counts_match_label_mentions(demo) -> None:  # type: ignore[no-untyped-def]
    from discourse import label_mentions

    counts = label_mentions(demo).group_by("outlet", "label_set", "label").len()
    out = target_sentiment(demo, by="outlet", n_resamples=50).select(
        "outlet", "label_set", "label", pl.col("n").cast(pl.UInt32).alias("len")
    )
    assert_frame_equal(out, counts.sort("outlet", "label_set", "label"), check_row_order=True)


def test_masking_the_label_removes_its_own_valence(demo) -> None:  # type: ignore[no-untyped-def]
    outlet = pl.col("outlet") == "Coastal Tribune"
    terrorist = (pl.col("label_set") == "hamas") & (pl.col("label") == "terrorist")
    plain = target_contexts(demo.filter(outlet), methods=["vader"]).filter(terrorist)
    masked = target_contexts(demo.filter(outlet), methods=["vader"], mask_label=True).filter(
        terrorist
    )
    assert plain.height == masked.height > 0
    for (before, match), after in zip(
        plain.select("context", "match").iter_rows(), masked.get_column("context"), strict=True
    ):
        assert len(after) == len(before) - len(match) + 1
        assert before.count(match) == after.count(match) + 1
    assert masked["vader_compound"].mean() > plain["vader_compound"].mean()


def test_token_window_contexts_hold_the_match_and_n_tokens_each_side() -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": ["d"],
            "outlet": ["A"],
            "text": ["one two three four the militant group five six seven eight"],
        }
    )
    contexts = target_contexts(corpus, window_tokens=2, methods=["vader"])
    militant = contexts.filter(pl.col("label") == "militant")
    assert militant.get_column("match").to_list() == ["militant group"]
    assert militant.get_column("context").to_list() == ["four the militant group five six"]


def test_target_contexts_take_a_lazy_corpus_and_whole_sentences_by_default() -> None:
    corpus = pl.DataFrame(
        {"doc_id": ["d"], "outlet": ["A"], "text": ["Calm day. The militant group fled the town."]}
    )
    eager = target_contexts(corpus, methods=["vader"])
    assert_frame_equal(target_contexts(corpus.lazy(), methods=["vader"]), eager)
    assert_frame_equal(target_contexts(corpus, window_tokens=None, methods=["vader"]), eager)
    assert eager.filter(label="militant")["context"].to_list() == [
        "The militant group fled the town."
    ]
    lazy = target_sentiment(corpus.lazy(), methods=["vader"], n_resamples=20)
    assert_frame_equal(lazy, target_sentiment(corpus, methods=["vader"], n_resamples=20))
    assert "outlet" not in lazy.columns


@pytest.mark.parametrize("bad", [0, -1, 1.5, "sentence", True])
def test_window_tokens_must_be_a_positive_count_or_none(bad: object) -> None:
    corpus = pl.DataFrame({"doc_id": ["d"], "outlet": ["A"], "text": ["The militant group fled."]})
    with pytest.raises(DiscourseError, match="window_tokens must be a positive number"):
        target_contexts(corpus, window_tokens=bad, methods=["vader"])  # type: ignore[arg-type]


def test_real_sentences_score_end_to_end(real_data) -> None:  # type: ignore[no-untyped-def]
    path = real_data / "datasets" / "breach-canadian-newspapers" / "globe_sentences.csv"
    corpus = read_corpus(
        path, outlet="Globe and Mail", mapping={"text": "sentence", "date": "date"}
    )
    scored = sentiment_module_sentiment(corpus)
    assert scored.height == corpus.height
    assert scored.get_column("vader_compound").null_count() == 0
    vader = SentimentIntensityAnalyzer()
    for text, compound, polarity in scored.select(
        "text", "vader_compound", "textblob_polarity"
    ).rows()[::97]:
        assert compound == vader.polarity_scores(text)["compound"]
        assert polarity == TextBlob(text).sentiment.polarity


def sentiment_module_sentiment(corpus: pl.DataFrame) -> pl.DataFrame:
    from discourse import sentiment

    return sentiment(corpus)


def test_target_sample_per_outlet_and_label_says_so() -> None:

    # Outlet A: militant 3 (two documents), terrorist 1; outlet B: militant 1.
    corpus = pl.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1"],
            "outlet": ["A", "A", "B"],
            "text": [
                "Militants fled. Terrorists fired.",
                "The militants left. A militant spoke.",
                "Militants fled.",
            ],
        }
    )
    full = target_contexts(corpus, methods=["vader"]).filter(label_set="hamas")
    assert full.group_by("outlet", "label").len().sort("outlet", "label").rows() == [
        ("A", "militant", 3),
        ("A", "terrorist", 1),
        ("B", "militant", 1),
    ]
    message = r"sampled 4 of 5 mentions \(at most 2 per outlet, label_set, label, seed 0\)"
    with pytest.warns(UserWarning, match=message):
        sampled = target_contexts(corpus, methods=["vader"], sample=2, by="outlet").filter(
            label_set="hamas"
        )
    kept = full.join(sampled.select("doc_id", "start"), on=["doc_id", "start"], how="semi")
    assert_frame_equal(sampled, kept)
    with pytest.warns(UserWarning, match=message):
        table = target_sentiment(corpus, by="outlet", methods=["vader"], sample=2).filter(
            label_set="hamas"
        )
    assert table.select("outlet", "label", "n").rows() == [
        ("A", "militant", 2),
        ("A", "terrorist", 1),
        ("B", "militant", 1),
    ]
