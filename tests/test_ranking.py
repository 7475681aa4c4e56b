"""top_terms: each group's highest and lowest rows, as notebook 02 filtered them by hand."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from discourse import DiscourseError, keyness, top_terms


@pytest.fixture
def key() -> pl.DataFrame:
    # Sorted as keyness sorts: by outlet, then g2 descending; "b" and "e" tie in X.
    return pl.DataFrame(
        {
            "outlet": ["X", "X", "X", "X", "X", "Y", "Y", "Y"],
            "term": ["a", "b", "e", "c", "f", "a", "d", "g"],
            "g2": [5.0, 2.0, 2.0, -1.0, -3.0, 4.0, None, -2.0],
        }
    )


def test_high_keeps_the_first_n_of_each_group(key: pl.DataFrame) -> None:
    got = top_terms(key, n=2, by="outlet")
    assert got.select("outlet", "term").rows() == [("X", "a"), ("X", "b"), ("Y", "a"), ("Y", "g")]
    # What notebook 02 wrote by hand for the terms it shows in context.
    by_hand = key.filter(pl.col("g2") > 0).group_by("outlet", maintain_order=True).head(2)
    assert_frame_equal(top_terms(key.filter(pl.col("g2") > 0), n=2, by="outlet"), by_hand)


def test_both_ends_each_row_once(key: pl.DataFrame) -> None:
    got = top_terms(key, n=1, by="outlet", side="both")
    assert got["term"].to_list() == ["a", "f", "a", "g"]
    everything = top_terms(key, n=3, by="outlet", side="both")
    assert_frame_equal(everything, key.filter(pl.col("g2").is_not_null()))


def test_low_and_the_whole_frame_as_one_group(key: pl.DataFrame) -> None:
    assert top_terms(key, n=2, side="low")["term"].to_list() == ["f", "g"]
    assert top_terms(key.lazy(), n=1)["term"].to_list() == ["a"]


def test_other_measure_and_groups(key: pl.DataFrame) -> None:
    frame = key.with_columns(week=pl.Series([1, 1, 2, 2, 2, 1, 1, 1]), score=-pl.col("g2"))
    got = top_terms(frame, n=1, by=["outlet", "week"], measure="score")
    assert got.select("outlet", "week", "term").rows() == [
        ("X", 1, "b"),
        ("X", 2, "f"),
        ("Y", 1, "g"),
    ]


def test_a_keyness_table_as_notebook_02_shows_it() -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "outlet": ["X", "X", "Y", "Y"],
            "text": [
                "militants fired rockets at towns",
                "militants and fighters fired",
                "fighters fired rockets today",
                "gunmen and fighters and towns",
            ],
        }
    )
    key = keyness(corpus, by="outlet", min_count=1)
    by_hand = key.filter(
        (pl.col("g2").rank("ordinal", descending=True).over("outlet") <= 2)
        | (pl.col("g2").rank("ordinal").over("outlet") <= 2)
    )
    assert_frame_equal(top_terms(key, n=2, by="outlet", side="both"), by_hand)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n": 0}, "n must be"),
        ({"n": True}, "n must be"),
        ({"n": 1, "side": "middle"}, "side must be"),
        ({"n": 1, "by": "source"}, "needs column"),
        ({"n": 1, "measure": "log_ratio"}, "needs column"),
    ],
)
def test_bad_arguments_raise(key: pl.DataFrame, options: dict, message: str) -> None:
    with pytest.raises(DiscourseError, match=message):
        top_terms(key, **options)
