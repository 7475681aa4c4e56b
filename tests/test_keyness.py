"""Keyness: hand-counted tables, group-vs-rest bookkeeping, zero cells, filters, corrections."""

from __future__ import annotations

import math
import re

import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal

from discourse import DiscourseError, NotApplicableError, keyness, stats

COLUMNS = [
    "outlet",
    "term",
    "n_target",
    "n_reference",
    "docs_target",
    "docs_reference",
    "tokens_target",
    "tokens_reference",
    "per_10k_target",
    "per_10k_reference",
    "g2",
    "p",
    "p_adjusted",
    "log_ratio",
    "pct_diff",
    "bic",
    "log_odds_weighted",
]


@pytest.fixture
def corpus() -> pl.DataFrame:
    """Outlet A: 7 tokens in 2 documents; B: 4 tokens; C: 5 tokens."""
    return pl.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1", "c1"],
            "outlet": ["A", "A", "B", "C"],
            "week": [1, 2, 1, 1],
            "text": [
                "Hamas militants fired rockets",
                "militants killed civilians",
                "the resistance fired rockets",
                "terrorists killed civilians and militants",
            ],
        }
    )


def test_one_group_against_the_rest_by_hand(corpus):
    out = keyness(corpus, by="outlet", target="A", min_count=1)
    assert out.columns == COLUMNS
    rows = [
        ("and", 0, 1, 0, 1),
        ("civilians", 1, 1, 1, 1),
        ("fired", 1, 1, 1, 1),
        ("hamas", 1, 0, 1, 0),
        ("killed", 1, 1, 1, 1),
        ("militants", 2, 1, 2, 1),
        ("resistance", 0, 1, 0, 1),
        ("rockets", 1, 1, 1, 1),
        ("terrorists", 0, 1, 0, 1),
        ("the", 0, 1, 0, 1),
    ]
    expected = pl.DataFrame(
        rows,
        schema=["term", "n_target", "n_reference", "docs_target", "docs_reference"],
        orient="row",
        schema_overrides=dict.fromkeys(
            ["n_target", "n_reference", "docs_target", "docs_reference"], pl.Int64
        ),
    ).with_columns(
        outlet=pl.lit("A"),
        tokens_target=pl.lit(7, dtype=pl.Int64),
        tokens_reference=pl.lit(9, dtype=pl.Int64),
    )
    got = out.sort("term").select(expected.columns)
    assert_frame_equal(got, expected)
    assert out["g2"].is_sorted(descending=True)
    militants = out.filter(pl.col("term") == "militants").row(0, named=True)
    assert militants["per_10k_target"] == pytest.approx(2 / 7 * 10_000)
    assert militants["g2"] == pytest.approx(stats.g2(2, 1, 7, 9))
    assert militants["log_ratio"] == pytest.approx(math.log2((2 / 7) / (1 / 9)))
    assert militants["pct_diff"] == pytest.approx((2 / 7 - 1 / 9) * 100 / (1 / 9))
    assert militants["bic"] == pytest.approx(abs(stats.g2(2, 1, 7, 9)) - math.log(16))
    assert militants["p"] == pytest.approx(stats.p_value(stats.g2(2, 1, 7, 9)))


def test_every_group_against_the_rest_adds_up(corpus):
    out = keyness(corpus, by="outlet", min_count=1)
    assert out["outlet"].unique(maintain_order=True).to_list() == ["A", "B", "C"]
    totals = out.group_by("outlet", "term").agg(
        total=pl.col("n_target") + pl.col("n_reference"),
        tokens=pl.col("tokens_target") + pl.col("tokens_reference"),
    )
    assert totals["tokens"].explode().unique().to_list() == [16]
    per_term = totals.explode("total").group_by("term").agg(pl.col("total").unique())
    assert per_term["total"].list.len().max() == 1  # the same corpus total from every group
    assert out.height == 3 * 10  # every term in every group's table, zeros included
    # Each group's target counts add up to its own tokens.
    sums = out.group_by("outlet").agg(pl.sum("n_target"), pl.first("tokens_target"))
    assert (sums["n_target"] == sums["tokens_target"]).all()
    for block in out.partition_by("outlet"):
        assert block["g2"].is_sorted(descending=True)


def test_two_groups_equal_the_statistics_directly(corpus):
    two = corpus.filter(pl.col("outlet") != "C")
    out = keyness(two, by="outlet", target="A", min_count=1).sort("term")
    a, b, c, d = out["n_target"], out["n_reference"], out["tokens_target"], out["tokens_reference"]
    assert_series_equal(out["g2"], stats.g2(a, b, c, d))
    assert_series_equal(out["log_ratio"], stats.log_ratio(a, b, c, d))
    assert_series_equal(out["pct_diff"], stats.pct_diff(a, b, c, d))
    assert_series_equal(out["log_odds_weighted"], stats.weighted_log_odds(a, b, c, d))
    pairwise = keyness(two, by="outlet", target="A", reference="B", min_count=1).sort("term")
    assert_frame_equal(pairwise, out)


def test_terms_in_only_one_group_have_zero_cells(corpus):
    out = keyness(corpus, by="outlet", min_count=1)
    hamas = out.filter(pl.col("term") == "hamas").sort("outlet")
    assert hamas.select("outlet", "n_target", "n_reference").rows() == [
        ("A", 1, 0),
        ("B", 0, 1),
        ("C", 0, 1),
    ]
    assert hamas["g2"][0] > 0 and hamas["g2"][1] < 0
    assert hamas["pct_diff"][0] is None  # undefined when the reference count is 0
    assert hamas["pct_diff"][1] == pytest.approx(-100.0)
    assert hamas["log_ratio"][0] == pytest.approx(math.log2((1 / 7) / (0.5 / 9)))


def test_published_toy_framing_case_end_to_end():
    # "terrorist" 120 times in 250,000 tokens (outlet A) against 40 in 400,000 (outlet B).
    frame = pl.DataFrame(
        {
            "doc_id": ["a", "b"],
            "outlet": ["A", "B"],
            "text": [
                "terrorist " * 120 + "word " * (250_000 - 120),
                "terrorist " * 40 + "word " * (400_000 - 40),
            ],
        }
    )
    row = (
        keyness(frame, by="outlet", target="A")
        .filter(pl.col("term") == "terrorist")
        .row(0, named=True)
    )
    assert (row["tokens_target"], row["tokens_reference"]) == (250_000, 400_000)
    assert round(row["g2"], 4) == 88.2383
    assert round(row["log_ratio"], 4) == 2.2630
    assert round(row["pct_diff"], 4) == 380.0


@pytest.mark.parametrize(("min_count", "terms"), [(1, 10), (2, 5), (3, 1), (4, 0)])
def test_min_count_uses_the_combined_count(corpus, min_count, terms):
    out = keyness(corpus, by="outlet", target="A", min_count=min_count)
    assert out.height == terms
    assert ((out["n_target"] + out["n_reference"]) >= min_count).all()


@pytest.mark.parametrize("correction", ["bonferroni", "holm", "fdr_bh", "none"])
def test_correction_is_applied_per_group_over_the_kept_terms(corpus, correction):
    out = keyness(corpus, by="outlet", min_count=2, correction=correction)
    for block in out.partition_by("outlet"):
        expected = stats.adjust_p(block["p"].to_numpy(), method=correction)
        assert block["p_adjusted"].to_list() == pytest.approx(list(expected))
    if correction == "bonferroni":
        m = out.filter(pl.col("outlet") == "A").height
        a = out.filter(pl.col("outlet") == "A")
        assert a["p_adjusted"].to_list() == pytest.approx([min(p * m, 1) for p in a["p"]])


def test_a_list_of_targets_is_compared_one_by_one(corpus):
    every = keyness(corpus, by="outlet", min_count=1)
    two = keyness(corpus, by="outlet", target=["C", "A"], min_count=1)
    assert_frame_equal(two, every.filter(pl.col("outlet").is_in(["A", "C"])))


def test_reference_groups_are_pooled(corpus):
    pooled = keyness(corpus, by="outlet", target="A", reference=["B", "C"], min_count=1)
    rest = keyness(corpus, by="outlet", target="A", min_count=1)
    assert_frame_equal(pooled, rest)
    against_c = keyness(corpus, by="outlet", reference="C", min_count=1)
    assert against_c["outlet"].unique().sort().to_list() == ["A", "B"]
    assert against_c["tokens_reference"].unique().to_list() == [5]
    b = against_c.filter(pl.col("outlet") == "B")
    # B's table has B's and C's terms only.
    assert sorted(b["term"]) == sorted(
        [
            "the",
            "resistance",
            "fired",
            "rockets",
            "terrorists",
            "killed",
            "civilians",
            "and",
            "militants",
        ]
    )


def test_several_by_columns_and_lazy_input(corpus):
    out = keyness(corpus.lazy(), by=["outlet", "week"], target=[("A", 1), ("B", 1)], min_count=1)
    assert out.columns[:3] == ["outlet", "week", "term"]
    assert out.select("outlet", "week").unique().sort("outlet").rows() == [("A", 1), ("B", 1)]
    a1 = out.filter(pl.col("outlet") == "A")
    assert a1["tokens_target"].unique().to_list() == [4]
    assert a1["tokens_reference"].unique().to_list() == [12]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"by": "outlet", "target": "Z"}, "not in the corpus"),
        ({"by": "outlet", "target": "A", "reference": ["A", "B"]}, "both target= and reference="),
        ({"by": [], "target": "A"}, "needs by="),
        ({"by": ["outlet", "week"], "target": "A"}, "one value per by column"),
    ],
)
def test_bad_arguments_raise(corpus, options, message):
    with pytest.raises(DiscourseError, match=message):
        keyness(corpus, **options)


def test_without_by_there_is_nothing_to_compare(corpus):
    for frame in (corpus, corpus.lazy()):
        with pytest.raises(NotApplicableError, match=re.escape('needs by= (e.g. by="outlet")')):
            keyness(frame)


@pytest.mark.parametrize(
    ("rows", "by", "says"),
    [
        (
            ["a1", "a2"],
            "outlet",
            "this corpus has one outlet (A); add documents from another outlet",
        ),
        (["a1"], ["outlet", "week"], "has one outlet and week (A, 1); add documents"),
        ([], "outlet", "this corpus has no documents; add documents"),
    ],
)
def test_fewer_than_two_groups_is_not_applicable(corpus, rows, by, says):
    one = corpus.filter(pl.col("doc_id").is_in(rows))
    with pytest.raises(NotApplicableError, match=re.escape(says)):
        keyness(one, by=by)
    with pytest.raises(NotApplicableError):
        keyness(one.lazy(), by=by, target="A" if rows else None, min_count=1)


def test_nothing_reaching_min_count_is_an_empty_frame_with_every_column(corpus):
    # The most frequent term, "militants", occurs 3 times in all.
    out = keyness(corpus, by="outlet", min_count=4)
    assert out.height == 0
    assert out.columns == COLUMNS
    assert out.schema == keyness(corpus, by="outlet", min_count=1).schema


def test_target_may_be_a_frame_or_series_of_groups(corpus):
    listed = keyness(corpus, by="outlet", target=["C", "A"], min_count=1)
    overview = pl.DataFrame({"outlet": ["A", "C"], "documents": [2, 1]})
    assert_frame_equal(keyness(corpus, by="outlet", target=overview, min_count=1), listed)
    assert_frame_equal(keyness(corpus, by="outlet", target=overview["outlet"], min_count=1), listed)
    pairs = pl.DataFrame({"week": [1], "outlet": ["B"]})
    got = keyness(corpus, by=["outlet", "week"], target=pairs, min_count=1)
    assert set(got.select("outlet", "week").rows()) == {("B", 1)}
    with pytest.raises(DiscourseError, match=r"without the by column\(s\) \['outlet'\]"):
        keyness(corpus, by="outlet", target=pl.DataFrame({"source": ["A"]}))


def test_terms_ngrams_and_stopwords_are_passed_to_term_counts(corpus):
    queries = keyness(corpus, by="outlet", target="A", terms=["militants", "killed"], min_count=1)
    assert sorted(queries.select("term", "n_target", "n_reference").rows()) == [
        ("killed", 1, 1),
        ("militants", 2, 1),
    ]
    assert queries["tokens_target"].unique().to_list() == [7]
    bigrams = keyness(corpus, by="outlet", target="B", ngram=2, min_count=2)
    assert bigrams.select("term", "n_target", "n_reference").rows() == [
        ("fired rockets", 1, 1),
        ("killed civilians", 0, 2),
    ]
    assert bigrams["tokens_reference"].unique().to_list() == [12]  # sizes stay in tokens
    kept = keyness(corpus, by="outlet", target="B", stopwords=["the", "and"], min_count=1)
    assert not {"the", "and"} & set(kept["term"])


@pytest.mark.realdata
def test_real_headlines_against_an_independent_count(real_data):
    from collections import Counter

    from discourse.text._fold import token_re
    from discourse.text._patterns import CONTRACTED, POSSESSIVE_PATTERN, normalise_token

    def split(token: str) -> list[str]:
        # possessives="split", the default: "Hamas's" is "hamas" and "'s"; "it's" stays whole.
        norm = normalise_token(token)
        found = re.match(POSSESSIVE_PATTERN, norm)
        return [found.group(1), "'s"] if found and found.group(1) not in CONTRACTED else [norm]

    path = real_data / "datasets" / "gaza-news-headlines" / "gaza-news.txt"
    frame = (
        pl.read_csv(
            path,
            separator="\t",
            has_header=False,
            quote_char=None,
            truncate_ragged_lines=True,
            new_columns=["date", "outlet", "text", "url"],
        )
        .drop_nulls("text")
        .with_row_index("doc_id")
        .with_columns(pl.col("doc_id").cast(pl.String))
    )
    outlets = ["Reuters", "Al Jazeera English", "The Associated Press", "The Jerusalem Post"]
    frame = frame.filter(pl.col("outlet").is_in(outlets))
    out = keyness(frame, by="outlet", min_count=1)
    tokens = {o: Counter() for o in outlets}
    for outlet, text in frame.select("outlet", "text").iter_rows():
        tokens[outlet].update(w for t in token_re().findall(text) for w in split(t))
    sizes = {o: sum(c.values()) for o, c in tokens.items()}
    total = sum(sizes.values())
    for outlet in outlets:
        block = out.filter(pl.col("outlet") == outlet)
        assert block["tokens_target"][0] == sizes[outlet]
        assert block["n_target"].sum() == sizes[outlet]
        for term in ["hamas", "terrorist", "killed", "militants", "israel", "'s"]:
            row = block.filter(pl.col("term") == term).row(0, named=True)
            a = tokens[outlet][term]
            b = sum(tokens[o][term] for o in outlets) - a
            assert (row["n_target"], row["n_reference"]) == (a, b)
            assert row["g2"] == pytest.approx(stats.g2(a, b, sizes[outlet], total - sizes[outlet]))
