"""Label mentions and shares on a CorpusIndex (issue 17): exactly what the corpus gives, in memory
or saved and reopened (its documents then read from Parquet batch by batch), on the demo corpus
and on generated corpora. The labels are found in the text the index keeps, so its
``possessives=`` plays no part, and an index gives its own corpus's results."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import discourse as dc
import discourse.framing._batches as batches
import discourse.framing.labels as labels
from discourse import DiscourseError, NotApplicableError
from discourse.corpus.indexing import CorpusIndex

Call = Callable[[Any], pl.DataFrame]

CALLS: dict[str, Call] = {
    "label_mentions": lambda c: dc.label_mentions(c),
    "label_shares": lambda c: dc.label_shares(c),
    "label_shares_by": lambda c: dc.label_shares(c, by="outlet"),
    "label_shares_by_two": lambda c: dc.label_shares(c, by=["outlet", "section"]),
    "label_shares_unquoted": lambda c: dc.label_shares(c, by="outlet", include_quoted=False),
    "label_shares_dedupe": lambda c: dc.label_shares(c, by="outlet", dedupe="verbatim"),
    "label_independence": lambda c: dc.label_independence(c, by="outlet"),
    "label_pairwise": lambda c: dc.label_pairwise(c, by="outlet", include_quoted=False),
    "label_shares_over_time": lambda c: dc.label_shares_over_time(c, by="outlet"),
    "label_shares_over_time_month": lambda c: dc.label_shares_over_time(
        c, every="month", label_set="hamas"
    ),
}


@pytest.fixture(scope="module")
def demo(demo_dir: Path) -> pl.DataFrame:
    return dc.read_corpus(demo_dir)


@pytest.fixture(scope="module")
def expected(demo: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {name: call(demo) for name, call in CALLS.items()}


@pytest.fixture(scope="module", params=["keep", "split"])
def demo_indexes(
    request: pytest.FixtureRequest, demo: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory
) -> tuple[CorpusIndex, CorpusIndex]:
    folder = tmp_path_factory.mktemp(f"index-{request.param}")
    dc.index_corpus(demo, path=folder, possessives=request.param, rows_per_file=7)
    return dc.index_corpus(demo, possessives=request.param), dc.open_index(folder)


@pytest.mark.parametrize("rows", [5, 50_000])
@pytest.mark.parametrize("name", list(CALLS))
def test_identical_on_demo(
    name: str,
    rows: int,
    expected: dict[str, pl.DataFrame],
    demo_indexes: tuple[CorpusIndex, CorpusIndex],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In memory and saved (7 documents a file), read 5 documents at a time or all at once."""
    monkeypatch.setattr(labels, "_BATCH_ROWS", rows)
    assert expected[name].height > 0
    for index in demo_indexes:
        assert_frame_equal(CALLS[name](index), expected[name])


def test_a_saved_index_is_read_batch_by_batch(
    demo: pl.DataFrame, demo_indexes: tuple[CorpusIndex, CorpusIndex], monkeypatch
) -> None:
    """The shares of a reopened index come from batch counts: its documents are never collected
    whole, nor its mention rows kept."""
    saved = demo_indexes[1]
    assert saved.path is not None
    monkeypatch.setattr(labels, "_BATCH_ROWS", 4)
    sizes: list[int] = []
    original = batches.batches

    def counted(lazy: pl.LazyFrame, n: int) -> Iterator[pl.DataFrame]:
        for batch in original(lazy, n):
            sizes.append(batch.height)
            yield batch

    monkeypatch.setattr(batches, "batches", counted)

    def kept(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the mention rows were kept whole")

    monkeypatch.setattr(batches, "kept", kept)
    shares = dc.label_shares(saved, by="outlet")
    assert_frame_equal(shares, dc.label_shares(demo, by="outlet"))
    assert sum(sizes) == demo.height and max(sizes) == 4


def test_mentions_given_with_an_index(demo: pl.DataFrame, demo_indexes: Any) -> None:
    mentions = dc.label_mentions(demo)
    for index in demo_indexes:
        for call in (dc.label_shares, dc.label_pairwise, dc.label_shares_over_time):
            assert_frame_equal(
                call(index, by="outlet", mentions=mentions),
                call(demo, by="outlet", mentions=mentions),
            )


def test_an_index_is_its_own_corpus(tmp_path: Path) -> None:
    """An index gives the shares of the corpus it was built from, whatever its possessives=, and
    check() refuses another corpus; the label functions take no possessives= to mismatch."""
    ours = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["X", "X", "Y"],
            "text": ["Hamas’s militants fired.", "‘Terrorists’ and militants.", "Hamas said."],
        }
    )
    theirs = ours.with_columns(pl.col("text").str.replace("militants", "terrorists"))
    for possessives in ("keep", "split"):
        index = dc.index_corpus(ours, path=tmp_path / possessives, possessives=possessives)
        for reopened in (index, dc.open_index(tmp_path / possessives)):
            shares = dc.label_shares(reopened, by="outlet")
            assert_frame_equal(shares, dc.label_shares(ours, by="outlet"))
            assert not shares.equals(dc.label_shares(theirs, by="outlet"))
            assert_frame_equal(dc.label_mentions(reopened), dc.label_mentions(ours))
            with pytest.raises(DiscourseError, match="different corpus"):
                reopened.check(theirs)
            with pytest.raises(TypeError, match="possessives"):
                dc.label_shares(reopened, by="outlet", possessives=possessives)  # type: ignore[call-arg]
    message = "No phrase of the lexicon occurs in this corpus"
    empty = dc.index_corpus(ours.with_columns(text=pl.lit("Nothing.")))
    for call in (dc.label_shares, dc.label_independence, dc.label_shares_over_time):
        with pytest.raises(NotApplicableError, match=message):
            call(empty, by="outlet")


words = st.sampled_from(
    ["Hamas", "militants", "Terrorists", "IDF", "Israeli forces", "Gaza", "killed", "the",
     "‘fighters’", "“Hamas-run”", "hostages", "resistance movement", "said", "Israel’s"]
)  # fmt: skip
seps = st.sampled_from([" ", "\n", ". ", ", ", "\n\n", "", "-"])
texts = st.lists(st.tuples(words, seps), max_size=12).map(lambda p: "".join(a + b for a, b in p))
docs = st.tuples(texts, st.sampled_from(["X", "Y", "Z"]), st.sampled_from([None, 1, 5, 9, 20, 40]))


@given(st.lists(docs, min_size=1, max_size=7), st.sampled_from([1, 2, 3, 50_000]))
@settings(max_examples=40, deadline=None)
def test_identical_on_generated_corpora(
    rows_in: list[tuple[str, str, int | None]], rows: int
) -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(rows_in))],
            "outlet": [o for _, o, _ in rows_in],
            "published": [
                None if d is None else date.fromordinal(date(2023, 10, 1).toordinal() + d)
                for _, _, d in rows_in
            ],
            "text": [t for t, _, _ in rows_in],
        },
        schema_overrides={"published": pl.Date},
    )
    index = dc.index_corpus(corpus)
    saved = labels._BATCH_ROWS
    labels._BATCH_ROWS = rows
    try:
        for call in (
            dc.label_mentions,
            lambda c: dc.label_shares(c, by="outlet"),
            lambda c: dc.label_shares(c, include_quoted=False),
            lambda c: dc.label_independence(c, by="outlet"),
            lambda c: dc.label_pairwise(c, by="outlet"),
            lambda c: dc.label_shares_over_time(c, by="outlet"),
        ):
            try:
                want = call(corpus)
            except NotApplicableError as error:
                with pytest.raises(NotApplicableError) as raised:
                    call(index)
                assert str(raised.value) == str(error)
                continue
            assert_frame_equal(call(index), want)
    finally:
        labels._BATCH_ROWS = saved
