"""Keyword in context: rows, offsets, context windows and the escaped HTML view."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from discourse import DiscourseError, NotApplicableError, kwic, kwic_html


@pytest.fixture
def corpus() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "outlet": ["A", "B", "A"],
            "title": ["t1", "t2", "t3"],
            "text": [
                "Officials of the resistance\nmovement spoke.",
                "A  <b>Resistance   movement</b> & more",
                "nonresistance movement only",
            ],
        }
    )


def test_one_row_per_hit_with_original_text(corpus: pl.DataFrame) -> None:
    got = kwic(corpus, query="resistance movement", window_chars=6)
    expected = pl.DataFrame(
        {
            "left": ["f the ", "A <b>"],
            "match": ["resistance\nmovement", "Resistance   movement"],
            "right": [" spoke", "</b> &"],
            "doc_id": ["d1", "d2"],
            "outlet": ["A", "B"],
            "start": [17, 6],
            "end": [36, 27],
        }
    )
    assert_frame_equal(got, expected)
    for doc_id, start, end, match in got.select("doc_id", "start", "end", "match").iter_rows():
        text = corpus.filter(pl.col("doc_id") == doc_id)["text"].item()
        assert text[start:end] == match


def test_token_window(corpus: pl.DataFrame) -> None:
    got = kwic(corpus.lazy(), query="resistance movement", window_tokens=2)
    assert got.select("left", "right").rows() == [("of the ", " spoke"), ("A <b>", "</b> & more")]
    zero = kwic(corpus, query="resistance movement", window_tokens=0)
    assert zero.select("left", "right").rows() == [("", ""), ("", "")]


def test_regex_and_ordering(corpus: pl.DataFrame) -> None:
    got = kwic(corpus, query=r"(?i)\w*resistance", regex=True, window_chars=3, sort="outlet")
    assert got.select("doc_id", "match").rows() == [
        ("d1", "resistance"),
        ("d3", "nonresistance"),
        ("d2", "Resistance"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "query"),
    [
        ({"regex": True}, "(unclosed"),
        ({"window_chars": -1}, "x"),
        ({"window_chars": 1, "window_tokens": 1}, "x"),
        ({}, "a {b"),
        ({"sort": "section"}, "resistance movement"),
    ],
)
def test_bad_arguments_raise(corpus: pl.DataFrame, kwargs: dict, query: str) -> None:
    with pytest.raises(DiscourseError):
        kwic(corpus, query=query, **kwargs)


@pytest.mark.parametrize("regex", [False, True])
def test_no_hit_is_an_empty_frame_of_the_same_columns(corpus: pl.DataFrame, regex: bool) -> None:
    got = kwic(corpus, query="ceasefire", regex=regex, sort="outlet")
    expected = pl.DataFrame(
        schema={
            "left": pl.String,
            "match": pl.String,
            "right": pl.String,
            "doc_id": pl.String,
            "outlet": pl.String,
            "start": pl.Int64,
            "end": pl.Int64,
        }
    )
    assert_frame_equal(got, expected)


def test_empty_corpus_is_an_empty_frame(corpus: pl.DataFrame) -> None:
    got = kwic(corpus.clear(), query=["resistance movement"])
    assert got.columns == ["left", "match", "right", "doc_id", "outlet", "start", "end"]
    assert got.height == 0


@pytest.mark.parametrize("query", [[], (), pl.Series("term", [], dtype=pl.String)])
def test_no_query_is_not_applicable(corpus: pl.DataFrame, query: Iterable[str]) -> None:
    # What a report passes when keyness found no distinctive term: one sentence, no crash.
    with pytest.raises(NotApplicableError, match="nothing to show in context"):
        kwic(corpus, query=query)


def test_html_escapes_and_highlights(corpus: pl.DataFrame) -> None:
    page = kwic_html(kwic(corpus, query="resistance movement", window_chars=10))
    assert page.count("<mark>") == 2
    assert "<mark>Resistance   movement</mark>" in page
    assert "&lt;b&gt;" in page and "<b>" not in page
    assert "&amp;" in page
    assert "http" not in page and "<script" not in page


def test_token_windows_cut_the_tokens_polars_counts() -> None:
    # A combining mark and a zero-width non-joiner are inside a word for polars' tokens (and so
    # for every count); Python's own \w would cut "nai\u0308ve" into two tokens.
    corpus = pl.DataFrame(
        {"doc_id": ["a"], "outlet": ["X"], "text": ["so nai\u0308ve killed mi\u200cma x"]}
    )
    got = kwic(corpus, query="killed", window_tokens=1)
    assert got.select("left", "right").row(0) == ("nai\u0308ve ", " mi\u200cma")


def test_html_of_a_lazy_result(corpus: pl.DataFrame) -> None:
    hits = kwic(corpus, query="resistance movement", window_chars=10)
    assert kwic_html(hits.lazy()) == kwic_html(hits)
