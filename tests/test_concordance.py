"""The concordancer's tools: kwic sorted by token positions and filtered by a nearby word,
n-grams anchored on a term, and the barcode plot of where hits fall. Hand-checked fixtures."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import discourse as dc
from discourse import DiscourseError, NotApplicableError


@pytest.fixture
def corpus() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "outlet": ["X", "X", "Y", "Y"],
            "text": [
                "Officials said terrorist Hamas fired rockets. Hamas said nothing.",
                "Hamas-run ministry said 40 died; the Hamas-led government agreed.",
                "The resistance movement Hamas fired back at the Israeli army.",
                "Hamas",
            ],
        }
    )


# --- kwic(sort=[positions]) ---


def test_sort_by_the_first_token_right_then_document_order(corpus: pl.DataFrame) -> None:
    # R1 of each hit, by hand: a:fired, a:said, b:ministry (Hamas-run: the rest of the token
    # is skipped), b:government (Hamas-led at 37), c:fired, d:(none, last).
    got = dc.kwic(corpus, query="Hamas", window_tokens=1, sort="R1")
    assert got.select("doc_id", "start").rows() == [
        ("a", 25),
        ("c", 24),
        ("b", 37),
        ("b", 0),
        ("a", 46),
        ("d", 0),
    ]


def test_sort_by_two_positions_and_a_column(corpus: pl.DataFrame) -> None:
    # R1 then R2: fired back < fired rockets; then outlet breaks nothing further.
    got = dc.kwic(corpus, query="Hamas", window_tokens=2, sort=["R1", "R2"])
    assert got["right"].to_list()[:2] == [" fired back", " fired rockets"]
    by_outlet = dc.kwic(corpus, query="Hamas", window_tokens=1, sort=["outlet", "L1"])
    # X: L1 = terrorist (a25), rockets (a46), none (b0: first word), the (b37); Y: movement,
    # none. Nulls last within each outlet.
    assert by_outlet.select("doc_id", "start").rows() == [
        ("a", 46),
        ("a", 25),
        ("b", 37),
        ("b", 0),
        ("c", 24),
        ("d", 0),
    ]


def test_positions_are_case_and_apostrophe_folded() -> None:
    frame = pl.DataFrame({"doc_id": ["a", "b", "c"], "text": ["X Zeta", "X alpha", "X Beta’s"]})
    got = dc.kwic(frame, query="X", window_tokens=1, sort="R1")
    assert got["doc_id"].to_list() == ["b", "c", "a"]


@pytest.mark.parametrize("sort", ["R0", "L", "r1", "section"])
def test_a_sort_key_that_is_no_position_or_column_is_refused(
    corpus: pl.DataFrame, sort: str
) -> None:
    with pytest.raises(DiscourseError):
        dc.kwic(corpus, query="Hamas", sort=sort)


# --- kwic(near_query=, near_tokens=) ---


@pytest.mark.parametrize(
    ("near", "within", "expected"),
    [
        # "said" in a: 2 tokens before the first hit (L2), right after the second (R1);
        # in b: R2 of the first hit (ministry said), 5 tokens before the second.
        ("said", 1, [("a", 46)]),
        ("said", 2, [("a", 25), ("a", 46), ("b", 0)]),
        ("said", 5, [("a", 25), ("a", 46), ("b", 0), ("b", 37)]),
        (["fired", "israeli army"], 1, [("a", 25), ("c", 24)]),
        ("israeli army", 4, []),  # "Israeli" is R5 of c's hit
        ("israeli army", 5, [("c", 24)]),
    ],
)
def test_near_keeps_lines_with_the_word_within_n_tokens(
    corpus: pl.DataFrame, near: str, within: int, expected: list
) -> None:
    got = dc.kwic(corpus, query="Hamas", near_query=near, near_tokens=within)
    assert got.select("doc_id", "start").rows() == expected


def test_near_does_not_count_the_hit_itself(corpus: pl.DataFrame) -> None:
    # "Hamas" near "Hamas": a's hits are tokens 3 and 6, b's (in Hamas-run, Hamas-led) 0 and
    # 6; d's lone hit never counts itself.
    counts = [
        dc.kwic(corpus, query="Hamas", near_query="hamas", near_tokens=k).height
        for k in (2, 3, 5, 6)
    ]
    assert counts == [0, 2, 2, 4]


def test_near_with_a_bad_distance_is_refused(corpus: pl.DataFrame) -> None:
    with pytest.raises(DiscourseError, match="near_tokens"):
        dc.kwic(corpus, query="Hamas", near_query="said", near_tokens=0)


# --- anchored_ngrams ---


def test_left_unigrams_per_outlet(corpus: pl.DataFrame) -> None:
    got = dc.anchored_ngrams(corpus, query="Hamas", side="left", n=1, by="outlet")
    # X: hits a1 (terrorist), a2 (none: "rockets." ends a sentence), b1 (none), b2 (the, node
    # hamas-led): 4 hits. Y: c (movement), d (none): 2 hits.
    assert got.rows() == [
        ("X", "hamas", "terrorist", 1, 0.25),
        ("X", "hamas-led", "the", 1, 0.25),
        ("Y", "hamas", "movement", 1, 0.5),
    ]
    assert got.schema["count"] == pl.Int64


def test_right_bigrams_whole_corpus(corpus: pl.DataFrame) -> None:
    got = dc.anchored_ngrams(corpus, query=["Hamas"], side="right", n=2)
    assert got.select("node", "ngram", "count").rows() == [
        ("hamas", "fired back", 1),
        ("hamas", "fired rockets", 1),
        ("hamas", "said nothing", 1),
        ("hamas-led", "government agreed", 1),
        ("hamas-run", "ministry said", 1),
    ]
    assert got["share"].to_list() == [1 / 6] * 5


def test_trigram_left_and_a_phrase_query(corpus: pl.DataFrame) -> None:
    got = dc.anchored_ngrams(corpus, query="resistance movement", side="left", n=1)
    assert got.rows() == [("resistance movement", "the", 1, 1.0)]
    three = dc.anchored_ngrams(corpus, query="fired", side="left", n=3)
    assert three["ngram"].to_list() == ["resistance movement hamas", "said terrorist hamas"]
    assert three["node"].to_list() == ["fired", "fired"]


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Rockets. Hamas said", []),
        ("Rockets!\nHamas said", []),
        ("they fired\n\nHamas said", []),
        ("the group, Hamas, said", ["group"]),
        ("the (armed) Hamas said", ["armed"]),
        ("in the U.S. Hamas is", []),  # a missed n-gram rather than a false one
    ],
)
def test_anchored_ngrams_stop_at_a_sentence_end(text: str, left: list[str]) -> None:
    frame = pl.DataFrame({"doc_id": ["a"], "text": [text]})
    got = dc.anchored_ngrams(frame, query="Hamas", side="left", n=1)
    assert got["ngram"].to_list() == left


def test_possessives_split_makes_the_clitic_the_next_word() -> None:
    frame = pl.DataFrame({"doc_id": ["a"], "text": ["Israel’s army. Israel's navy."]})
    keep = dc.anchored_ngrams(frame, query="Israel", side="right", possessives="keep")
    split = dc.anchored_ngrams(frame, query="Israel", side="right")  # the default
    assert keep.select("node", "ngram", "count").rows() == [
        ("israel's", "army", 1),
        ("israel's", "navy", 1),
    ]
    assert split.select("node", "ngram", "count").rows() == [("israel", "'s", 2)]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"side": "both"}, DiscourseError),
        ({"n": 4}, DiscourseError),
        ({"n": 0}, DiscourseError),
        ({"query": []}, NotApplicableError),
        ({"by": "section"}, DiscourseError),
    ],
)
def test_anchored_ngrams_bad_arguments(corpus: pl.DataFrame, kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        dc.anchored_ngrams(corpus, **{"query": "Hamas", **kwargs})


def test_anchored_ngrams_nothing_found_is_an_empty_frame(corpus: pl.DataFrame) -> None:
    got = dc.anchored_ngrams(corpus.lazy(), query="ceasefire", by="outlet")
    assert got.columns == ["outlet", "node", "ngram", "count", "share"]
    assert got.height == 0


# --- plot_dispersion ---


def test_barcodes_per_document_and_per_group(corpus: pl.DataFrame) -> None:
    fig = dc.plot_dispersion(corpus, query="Hamas")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["a (2 hits)", "b (2 hits)", "c (1 hit)", "d (1 hit)"]
    ticks = [line[0, 0] for line in ax.collections[1].get_segments()]
    text = corpus["text"][0]
    assert ticks == [25 / len(text), 46 / len(text)]
    grouped = dc.plot_dispersion(corpus, query="Hamas", by="outlet").axes[0]
    assert [t.get_text() for t in grouped.get_yticklabels()] == ["X (4 hits)", "Y (2 hits)"]
    total = len(corpus["text"][0]) + len(corpus["text"][1])
    xs = [line[0, 0] for line in grouped.collections[1].get_segments()]
    assert xs == [25 / total, 46 / total, (len(text) + 0) / total, (len(text) + 37) / total]


def test_barcodes_cap_rows_and_say_so(corpus: pl.DataFrame) -> None:
    fig = dc.plot_dispersion(corpus, query="Hamas", max_rows=2)
    assert len(fig.axes[0].get_yticklabels()) == 2
    assert "Showing the 2 of 4 documents" in fig.texts[-1].get_text()


def test_barcodes_of_many_terms_name_the_first_five(corpus: pl.DataFrame) -> None:
    """A notebook's list of distinctive terms must not widen the figure with a long title; a
    generator of terms is read once and still searched."""
    terms = ["Hamas", "Gaza", "Israel", "army", "said", "killed", "the"]
    fig = dc.plot_dispersion(corpus, query=(t for t in terms))
    title = fig.axes[0].get_title()
    assert title == "Where “Hamas, Gaza, Israel, army, said and 2 more” falls in each document"
    listed = dc.plot_dispersion(corpus, query=terms)
    hits = sum(len(c.get_segments()) for c in listed.axes[0].collections[1:])
    assert hits == sum(len(c.get_segments()) for c in fig.axes[0].collections[1:]) > 0
    assert fig.get_size_inches()[0] == 9.0
    assert dc.plot_dispersion(corpus, query="Hamas", title="Mine").axes[0].get_title() == "Mine"


def test_barcodes_without_a_hit_say_so(corpus: pl.DataFrame) -> None:
    fig = dc.plot_dispersion(corpus, query="ceasefire", by="outlet")
    assert not any(ax.axison for ax in fig.axes) and "No hit" in fig.texts[0].get_text()


@pytest.mark.parametrize("side", ["left", "right"])
def test_anchored_ngrams_in_batches_of_documents_are_the_same(side: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Hits are read a few thousand documents at a time (memory); any batch size gives one table."""
    from discourse.terms import anchors

    demo = dc.read_corpus(Path(__file__).resolve().parents[1] / "corpora" / "demo")
    whole = dc.anchored_ngrams(demo, query="{Hamas,Israel*,Gaza}", side=side, n=2, by="outlet")
    assert whole.height > 10
    for size in (1, 3):
        monkeypatch.setattr(anchors, "_DOCS_PER_BATCH", size)
        got = dc.anchored_ngrams(demo, query="{Hamas,Israel*,Gaza}", side=side, n=2, by="outlet")
        assert_frame_equal(got, whole)


@pytest.mark.parametrize("by", [None, "outlet"])
def test_barcodes_on_an_index_are_the_same(by: str | None) -> None:
    """The figure drawn from an index (in memory and saved) is the corpus's, tick for tick."""
    demo = dc.read_corpus(Path(__file__).resolve().parents[1] / "corpora" / "demo")
    query = ["Hamas", "killed", "health ministry"]

    def drawn(fig):  # type: ignore[no-untyped-def]
        ax = fig.axes[0]
        ticks = [seg.tolist() for lines in ax.collections for seg in lines.get_segments()]
        return (
            [t.get_text() for t in ax.get_yticklabels()],
            ticks,
            [t.get_text() for t in fig.texts],
        )

    want = drawn(dc.plot_dispersion(demo, query=query, by=by, max_rows=12))
    assert len(want[1]) > 20
    with tempfile.TemporaryDirectory() as folder:
        for index in (dc.index_corpus(demo), dc.index_corpus(demo, path=folder)):
            assert drawn(dc.plot_dispersion(index, query=query, by=by, max_rows=12)) == want
