"""Every counting function gives on a CorpusIndex exactly what it gives on the corpus (issue 17).

One hypothesis test per function, over generated corpora with several outlets, dates or none,
repeated documents, possessives with ’ and ', hyphenated compounds, lexicon phrases ("Hamas
militants", "terrorist", "resistance fighters"), quotes and sentence breaks: the corpus, the index
in memory and the index saved and reopened give the same frame (or the same error). Then the same
on the demo corpus and on the real article, and the index's possessives= checked.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import discourse as dc
from discourse import DiscourseError

Call = Callable[[Any, str], pl.DataFrame]

CALLS: dict[str, Call] = {
    "term_counts": lambda c, p: dc.term_counts(c, by="outlet", ngram=(1, 2), possessives=p),
    "term_frequency": lambda c, p: dc.term_frequency(c, by="outlet", possessives=p),
    "keyness": lambda c, p: dc.keyness(c, by="outlet", min_count=1, possessives=p),
    "dispersion": lambda c, p: dc.dispersion(c, by="outlet", ngram=2, possessives=p),
    "collocations": lambda c, p: dc.collocations(
        c, node="hamas", window_tokens=3, by="outlet", min_count=1, possessives=p
    ),
    "kwic": lambda c, p: dc.kwic(
        c, query=["Hamas", "terrorist*"], window_tokens=3, sort="R1", possessives=p
    ),
    "kwic_chars": lambda c, p: dc.kwic(
        c, query="resistance fighters", window_chars=20, possessives=p
    ),
    "sentences": lambda c, p: dc.sentences(c),
    "tokens": lambda c, p: dc.tokens(c, possessives=p),
    "same_story": lambda c, p: dc.same_story(c, within_days=None, same_outlet=True),
    "same_story_dated": lambda c, p: dc.same_story(c, within_days=2),
    "anchored_ngrams_left": lambda c, p: dc.anchored_ngrams(
        c, query="Hamas", side="left", by="outlet", possessives=p
    ),
    "anchored_ngrams_right": lambda c, p: dc.anchored_ngrams(
        c, query=["Hamas*", "Israel"], side="right", n=2, possessives=p
    ),
    "anchored_ngrams_phrase": lambda c, p: dc.anchored_ngrams(
        c, query=["resistance fighters", "resistance movement"], by="outlet", possessives=p
    ),
    "label_mentions": lambda c, p: dc.label_mentions(c),
    "label_shares": lambda c, p: dc.label_shares(c, by="outlet"),
}


def _outcome(call: Call, corpus: Any, p: str) -> pl.DataFrame | str:
    """The frame ``call`` returns, or its error as ``"Type: message"`` (an index must refuse
    what the corpus refuses, with the same words)."""
    try:
        return call(corpus, p)
    except DiscourseError as error:  # NotApplicableError included
        return f"{type(error).__name__}: {error}"


def _same(got: pl.DataFrame | str, expected: pl.DataFrame | str) -> None:
    if isinstance(got, pl.DataFrame) and isinstance(expected, pl.DataFrame):
        assert_frame_equal(got, expected)
    else:
        assert isinstance(got, str) and isinstance(expected, str), (got, expected)
        assert got == expected


def _check(name: str, corpus: pl.DataFrame, p: str) -> pl.DataFrame | str:
    """Compare ``name`` on the corpus, its index in memory and its index saved and reopened."""
    expected = _outcome(CALLS[name], corpus, p)
    memory = dc.index_corpus(corpus, possessives=p)  # type: ignore[arg-type]
    _same(_outcome(CALLS[name], memory, p), expected)
    with tempfile.TemporaryDirectory() as folder:
        dc.index_corpus(corpus, path=folder, possessives=p, rows_per_file=2)  # type: ignore[arg-type]
        _same(_outcome(CALLS[name], dc.open_index(folder), p), expected)
    return expected


PHRASES = [
    "Hamas militants", "Hamas", "terrorist", "terrorists", "resistance fighters", "Israel’s army",
    "Israel's army", "Hamas’s", "Hamas's", "the Palestinians' land", "Hamas-run", "Hamas‐led",
    "“terrorist”", '"resistance fighters"', "‘Hamas militants’", "it's", "killed", "said", "the",
    "militants", "Gaza", "IDF troops", "occupation forces", "Israel", "fired rockets",
]  # fmt: skip
SEPS = [" ", " ", " ", ", ", ". ", ". ", "! ", "? ", "\n\n", "\n", "; ", " - "]
texts = st.lists(st.tuples(st.sampled_from(PHRASES), st.sampled_from(SEPS)), max_size=18).map(
    lambda parts: "".join(a + b for a, b in parts).strip()
)
outlets = st.sampled_from(["Alpha", "Beta", "Gamma"])


@st.composite
def corpora(draw: st.DrawFn) -> pl.DataFrame:
    """Two to six documents (the first two from different outlets), dated or not, and some
    exact copies of them under other ids and outlets."""
    docs = draw(st.lists(st.tuples(texts, outlets), min_size=2, max_size=6))
    docs[0], docs[1] = (docs[0][0], "Alpha"), (docs[1][0], "Beta")
    copies = draw(st.lists(st.tuples(st.integers(0, len(docs) - 1), outlets), max_size=3))
    docs += [(docs[i][0], outlet) for i, outlet in copies]
    dated = draw(st.booleans())
    days = draw(st.lists(st.integers(0, 5), min_size=len(docs), max_size=len(docs)))
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(docs))],
            "outlet": [outlet for _, outlet in docs],
            "published": [date(2023, 11, 1) + timedelta(days=d) if dated else None for d in days],
            "text": [text for text, _ in docs],
        },
        schema={"doc_id": pl.String, "outlet": pl.String, "published": pl.Date, "text": pl.String},
    )


WIRE = (
    "Hamas militants fired rockets at Israel’s army, IDF troops said. "
    "The resistance fighters said “terrorist” is Israel's word.\n\n"
    "In Hamas-run Gaza, Hamas's officials said 14 were killed. Hamas said it's over!"
)
RICH = pl.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d"],
        "outlet": ["Alpha", "Beta", "Gamma", "Beta"],
        "published": [date(2023, 11, 1), date(2023, 11, 2), None, date(2023, 11, 9)],
        "text": [
            WIRE,
            WIRE,
            "The terrorists of Hamas killed. ‘Hamas militants’ and the Palestinians' land.",
            "",
        ],
    }
)


@pytest.mark.parametrize("name", list(CALLS))
@given(corpus=corpora(), p=st.sampled_from(["keep", "split"]))
@example(corpus=RICH, p="split")
@settings(max_examples=25, deadline=None)
def test_identical_on_generated_corpora(name: str, corpus: pl.DataFrame, p: str) -> None:
    _check(name, corpus, p)


@pytest.mark.parametrize("name", list(CALLS))
def test_rich_example_is_not_empty(name: str) -> None:
    """The example every generated run includes gives rows, not just two equal empty frames."""
    found = _check(name, RICH, "keep")
    assert isinstance(found, pl.DataFrame) and found.height > 0, found


@pytest.fixture(scope="module")
def demo(demo_dir: Path) -> pl.DataFrame:
    return dc.read_corpus(demo_dir)


@pytest.mark.parametrize("name", list(CALLS))
def test_identical_on_demo(name: str, demo: pl.DataFrame) -> None:
    found = _check(name, demo, "keep")
    assert isinstance(found, pl.DataFrame) and found.height > 0


@pytest.mark.parametrize(
    "name",
    ["sentences", "tokens", "anchored_ngrams_left", "kwic", "label_mentions", "label_shares"],
)
def test_identical_on_real_article(name: str, real_data: Path) -> None:
    corpus = dc.read_corpus(real_data / "memo-2023-11-29-musk-gaza.txt")
    for p in ("keep", "split"):
        found = _check(name, corpus, p)
        assert isinstance(found, pl.DataFrame) and found.height > 0


@pytest.mark.parametrize("name", ["tokens", "anchored_ngrams_left", "kwic", "term_counts"])
def test_index_of_other_possessives_refused(name: str) -> None:
    index = dc.index_corpus(RICH, possessives="split")
    with pytest.raises(DiscourseError, match='index_corpus\\(corpus, possessives="keep"\\)'):
        CALLS[name](index, "keep")
