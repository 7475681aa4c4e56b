"""Keyword in context: rows, offsets, context windows and the escaped HTML view."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


# --- token windows: one tokenisation per document, the same lines as the scan they replace ---


def _frozen_token_context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    """The token windows as kwic cut them before it placed hits in a token table: scan the text
    from its start to each hit, and from the hit to the end (frozen here as the reference)."""
    import re

    from discourse.text._fold import token_re

    before = [m.start() for m in token_re().finditer(text, 0, start)]
    after = [m.end() for m in token_re().finditer(text, end)][:window]
    left = text[before[-window] if window and len(before) >= window else 0 : start]
    left = left if window else ""
    right = text[end : after[-1]] if after else ""
    spaces = re.compile(r"\s+")
    return spaces.sub(" ", left), spaces.sub(" ", right)


def _frozen_lines(frame: pl.DataFrame, got: pl.DataFrame, window: int) -> list[tuple]:
    texts = dict(frame.select("doc_id", "text").iter_rows())
    return [
        (*_frozen_token_context(texts[d], s, e, window), texts[d][s:e], d, s, e)
        for d, s, e in got.select("doc_id", "start", "end").iter_rows()
    ]


def _check_against_frozen(frame: pl.DataFrame, query: str, window: int, regex: bool) -> int:
    # The frozen scan counts "Israel's" as one token: possessives="keep".
    got = kwic(frame, query=query, window_tokens=window, regex=regex, possessives="keep")
    chars = kwic(frame, query=query, window_chars=3, regex=regex)
    # The same hits in the same order as the character windows, and the frozen contexts.
    assert got.select("doc_id", "start", "end").equals(chars.select("doc_id", "start", "end"))
    rows = got.select("left", "right", "match", "doc_id", "start", "end").rows()
    assert rows == _frozen_lines(frame, got, window)
    return got.height


@pytest.mark.parametrize("window", [0, 1, 2, 5, 12])
@pytest.mark.parametrize(
    ("query", "regex"),
    [
        ("Hamas", False),
        (["Israel", "health ministry", "killed"], False),
        (r"(?i)ham|s-|\d+|'s|run", True),
        (r"(?i)ee|oo", True),
    ],
)
def test_token_windows_equal_the_frozen_scan(
    demo: pl.DataFrame, query: str, regex: bool, window: int
) -> None:
    assert _check_against_frozen(demo, query, window, regex) > 0


@pytest.fixture(scope="module")
def demo() -> pl.DataFrame:
    from conftest import ROOT

    from discourse import read_corpus

    return read_corpus(ROOT / "corpora" / "demo").head(60)


_ALPHABET = ["a", "b", "1", "2", " ", "  ", "\n", "'", "’", "-", "‐", ",", ".", "é", "x\u0308"]


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join), max_size=4),
    pattern=st.sampled_from([r"a", r"b+", r"1", r"[.,-]", r"a'?b", r"\d[.,]?", r"’s?"]),
    window=st.integers(0, 4),
)
def test_token_windows_equal_the_frozen_scan_on_any_text(
    texts: list[str], pattern: str, window: int
) -> None:
    # Hits that start or end inside a token (regex hits) are where a table could disagree.
    frame = pl.DataFrame(
        {"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts},
        schema={"doc_id": pl.String, "text": pl.String},
    )
    _check_against_frozen(frame, pattern, window, regex=True)


def test_hits_in_documents_without_a_token() -> None:
    frame = pl.DataFrame({"doc_id": ["a", "b"], "text": ["... !!!", None]})
    got = kwic(frame, query=r"\.", regex=True, window_tokens=2, sort="R1")
    assert got.select("left", "right", "start").rows() == [
        ("", "", 0),
        (".", "", 1),
        ("..", "", 2),
    ]
    assert (
        _frozen_lines(frame, got, 2)
        == got.select("left", "right", "match", "doc_id", "start", "end").rows()
    )


def test_sorting_by_a_column_with_nulls_keeps_nulls_first() -> None:
    frame = pl.DataFrame(
        {"doc_id": ["a", "b"], "section": ["x", None], "text": ["Hamas said", "Hamas"]}
    )
    assert kwic(frame, query="Hamas", sort="section")["doc_id"].to_list() == ["b", "a"]
    # A position with no token comes last.
    assert kwic(frame, query="Hamas", sort="R1")["doc_id"].to_list() == ["a", "b"]
