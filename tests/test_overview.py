"""Corpus overview: counts per group that can be checked by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from discourse import DiscourseError, NotApplicableError, corpus_overview, documents_over_time


@pytest.fixture
def corpus() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": ["a1", "a2", "a3", "b1"],
            "outlet": ["Alpha", "Alpha", "Alpha", "Beta"],
            "published": [date(2023, 10, 7), date(2023, 10, 9), None, date(2023, 11, 1)],
            "text": [
                "Hamas-run ministry said 1,400 died.",  # Hamas-run, ministry, said, 1,400, died
                "Israel's army said.",  # Israel's, army, said
                "Hamas-run ministry said 1,400 died.",
                "One two three four five six",
            ],
            "duplicate_of": [None, None, "a1", None],
        }
    )


def test_overview_per_outlet(corpus: pl.DataFrame) -> None:
    expected = pl.DataFrame(
        {
            "outlet": ["Alpha", "Beta"],
            "documents": [3, 1],
            "duplicates": [1, 0],
            "undated": [1, 0],
            "first": [date(2023, 10, 7), date(2023, 11, 1)],
            "last": [date(2023, 10, 9), date(2023, 11, 1)],
            "words": [13, 6],
            "median_words": [5.0, 6.0],
        },
        schema_overrides={
            "documents": pl.Int64,
            "duplicates": pl.Int64,
            "undated": pl.Int64,
            "words": pl.Int64,
        },
    )
    assert_frame_equal(corpus_overview(corpus, by="outlet"), expected)


def test_overview_whole_corpus_and_lazy(corpus: pl.DataFrame) -> None:
    whole = corpus_overview(corpus.lazy(), by=None)
    assert whole.select("documents", "duplicates", "undated", "words").row(0) == (4, 1, 1, 19)


def test_overview_without_duplicate_column(corpus: pl.DataFrame) -> None:
    assert corpus_overview(corpus.drop("duplicate_of"), by="outlet")["duplicates"].to_list() == [
        0,
        0,
    ]


@pytest.mark.parametrize(
    ("every", "expected"),
    [
        (
            "day",
            [
                ("Alpha", date(2023, 10, 7), 1),
                ("Alpha", date(2023, 10, 9), 1),
                ("Beta", date(2023, 11, 1), 1),
            ],
        ),
        # 7 Oct 2023 was a Saturday: its week starts on Monday 2 Oct; 9 Oct starts the next.
        (
            "week",
            [
                ("Alpha", date(2023, 10, 2), 1),
                ("Alpha", date(2023, 10, 9), 1),
                ("Beta", date(2023, 10, 30), 1),
            ],
        ),
        ("month", [("Alpha", date(2023, 10, 1), 2), ("Beta", date(2023, 11, 1), 1)]),
    ],
)
def test_documents_over_time(corpus: pl.DataFrame, every: str, expected: list[tuple]) -> None:  # type: ignore[type-arg]
    result = documents_over_time(corpus, every=every, by="outlet")  # type: ignore[arg-type]
    assert result.columns == ["outlet", every, "documents"]
    assert result.rows() == expected


def test_documents_over_time_whole_corpus(corpus: pl.DataFrame) -> None:
    assert documents_over_time(corpus, every="month", by=None).rows() == [
        (date(2023, 10, 1), 2),
        (date(2023, 11, 1), 1),
    ]


def test_bad_every_and_missing_columns(corpus: pl.DataFrame) -> None:
    with pytest.raises(DiscourseError, match="every must be one of"):
        documents_over_time(corpus, every="year")  # type: ignore[arg-type]
    with pytest.raises(DiscourseError, match="published"):
        corpus_overview(corpus.drop("published"))


@pytest.mark.parametrize("frame", ["eager", "lazy"])
def test_undated_corpus_has_no_time_series(corpus: pl.DataFrame, frame: str) -> None:
    undated = corpus.with_columns(pl.lit(None, pl.Date).alias("published"))
    source = undated.lazy() if frame == "lazy" else undated
    with pytest.raises(NotApplicableError, match="none of the 4 documents has one; add a date"):
        documents_over_time(source, every="week")
    # The overview still describes it: every document counted as undated, no date range.
    overview = corpus_overview(source, by="outlet")
    assert overview.select("outlet", "documents", "undated", "first", "last").rows() == [
        ("Alpha", 3, 3, None, None),
        ("Beta", 1, 1, None, None),
    ]


def test_empty_corpus(corpus: pl.DataFrame) -> None:
    with pytest.raises(NotApplicableError, match="this corpus has none"):
        documents_over_time(corpus.clear())
    assert corpus_overview(corpus.clear(), by="outlet").height == 0
    assert (
        corpus_overview(corpus.clear(), by="outlet").columns
        == corpus_overview(corpus, by="outlet").columns
    )
    assert corpus_overview(corpus.clear(), by=None).select("documents", "words").row(0) == (0, 0)


def test_one_document(corpus: pl.DataFrame) -> None:
    one = corpus.head(1)
    assert documents_over_time(one, by="outlet").rows() == [("Alpha", date(2023, 10, 2), 1)]
    assert corpus_overview(one, by="outlet").select("documents", "words", "median_words").row(
        0
    ) == (1, 5, 5.0)
