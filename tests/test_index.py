"""The indexed corpus: every supported counter gives on a CorpusIndex exactly what it gives on
the corpus (demo corpus, hand fixtures, generated corpora), saved and reopened too; a different
corpus or possessives= is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import discourse as dc
from discourse import DiscourseError
from discourse.corpus.indexing import CorpusIndex

Call = Callable[[Any, str], pl.DataFrame]

CALLS: dict[str, Call] = {
    "term_counts": lambda c, p: dc.term_counts(c, possessives=p),
    "term_counts_by": lambda c, p: dc.term_counts(c, by="outlet", ngram=(1, 3), possessives=p),
    "term_counts_stop_top": lambda c, p: dc.term_counts(
        c, by="outlet", ngram=2, stopwords="english", top=5, possessives=p
    ),
    "term_counts_terms": lambda c, p: dc.term_counts(
        c, terms=["hamas", "israel*", "killed"], by="outlet", possessives=p
    ),
    "term_frequency": lambda c, p: dc.term_frequency(c, by="outlet", ngram=2, possessives=p),
    "term_frequency_terms": lambda c, p: dc.term_frequency(c, terms=["hamas"], possessives=p),
    "group_sizes": lambda c, p: dc.group_sizes(c, possessives=p),
    "group_sizes_by": lambda c, p: dc.group_sizes(c, by="outlet", possessives=p),
    "dispersion": lambda c, p: dc.dispersion(c, by="outlet", possessives=p),
    "dispersion_3": lambda c, p: dc.dispersion(c, ngram=3, possessives=p),
    "dispersion_terms": lambda c, p: dc.dispersion(c, terms=["hamas", "killed"], possessives=p),
    "keyness": lambda c, p: dc.keyness(c, by="outlet", min_count=1, possessives=p),
    "kwic_chars": lambda c, p: dc.kwic(c, query="hamas", possessives=p),
    "kwic_tokens": lambda c, p: dc.kwic(
        c, query=["hamas", "killed"], window_tokens=3, possessives=p
    ),
    "collocations": lambda c, p: dc.collocations(
        c, node="hamas", by="outlet", min_count=1, possessives=p
    ),
}


@pytest.fixture(scope="module")
def demo(demo_dir: Path) -> pl.DataFrame:
    return dc.read_corpus(demo_dir)


@pytest.fixture(scope="module", params=["keep", "split"])
def demo_indexes(
    request: pytest.FixtureRequest, demo: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, CorpusIndex, CorpusIndex]:
    p = request.param
    folder = tmp_path_factory.mktemp(f"index-{p}")
    dc.index_corpus(demo, path=folder, possessives=p, rows_per_file=7)
    return p, dc.index_corpus(demo, possessives=p), dc.open_index(folder)


@pytest.mark.parametrize("name", list(CALLS))
def test_identical_on_demo(name: str, demo: pl.DataFrame, demo_indexes: Any) -> None:
    p, memory, saved = demo_indexes
    expected = CALLS[name](demo, p)
    assert expected.height > 0
    assert_frame_equal(CALLS[name](memory, p), expected)
    assert_frame_equal(CALLS[name](saved, p), expected)


HAND = pl.DataFrame(
    {
        "doc_id": ["a", "b", "c"],
        "outlet": ["X", "X", "Y"],
        "text": [
            "Israel’s army said. Hamas's fighters and Israel",
            "It's the Palestinians' land; don't go.\n\nHamas-run ministry",
            "",
        ],
    }
)


def test_hand_fixture_counts() -> None:
    keep = dc.index_corpus(HAND, possessives="keep")
    split = dc.index_corpus(HAND)  # the default, possessives="split"
    counts = dict(
        zip(
            *dc.term_counts(keep, possessives="keep").select("term", "n").to_dict().values(),
            strict=True,
        )
    )
    assert counts["israel's"] == 1 and counts["hamas's"] == 1 and counts["israel"] == 1
    counts = dict(
        zip(
            *dc.term_counts(split).select("term", "n").to_dict().values(),
            strict=True,
        )
    )
    # Two possessives split off; "it's", "don't", "Palestinians'" and "Hamas-run" stay whole.
    assert counts["israel"] == 2 and counts["hamas"] == 1 and counts["'s"] == 2
    assert counts["it's"] == 1 and counts["don't"] == 1 and counts["hamas-run"] == 1
    # 7 tokens in a, 8 in b ("Palestinians'" counts once), and the two clitics.
    sizes = dc.group_sizes(split, by="outlet")
    assert sizes.rows() == [("X", 17, 2), ("Y", 0, 1)]
    assert dc.group_sizes(keep, by="outlet", possessives="keep").rows() == [
        ("X", 15, 2),
        ("Y", 0, 1),
    ]
    # "said. Hamas's" is no bigram: n-grams stop at sentence ends and blank lines.
    grams = dc.term_counts(keep, ngram=2, possessives="keep")["term"].to_list()
    assert "said hamas's" not in grams and "go hamas-run" not in grams
    for p, index in (("keep", keep), ("split", split)):
        for name, call in CALLS.items():
            if name in ("kwic_chars", "kwic_tokens", "collocations", "keyness"):
                continue
            assert_frame_equal(call(index, p), call(HAND, p))


words = st.sampled_from(
    ["Hamas", "hamas-run", "Hamas’s", "Israel's", "killed", "Killed", "the", "it's",
     "Palestinians'", "3.5", "İ", "ΟΔΟΣ", "x‑y", "“Hamas”", "don't", "Israelʼs"]
)  # fmt: skip
seps = st.sampled_from([" ", "\n", ". ", "! ", ", ", "\n\n", "\u00a0", "-", "’", "", "?"])
texts = st.lists(st.tuples(words, seps), max_size=15).map(lambda p: "".join(a + b for a, b in p))
corpora = st.lists(st.tuples(texts, st.sampled_from(["X", "Y", "Z"])), min_size=1, max_size=6)


@given(corpora, st.sampled_from(["keep", "split"]), st.sampled_from([1, 2, 3, (1, 3)]))
@settings(max_examples=60, deadline=None)
def test_identical_on_generated_corpora(docs: list[tuple[str, str]], p: str, ngram: Any) -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(docs))],
            "outlet": [o for _, o in docs],
            "text": [t for t, _ in docs],
        }
    )
    index = dc.index_corpus(corpus, possessives=p)  # type: ignore[arg-type]
    for by in (None, "outlet"):
        for call in (
            lambda c, by=by: dc.term_counts(c, ngram=ngram, by=by, possessives=p),
            lambda c, by=by: dc.term_counts(c, ngram=ngram, by=by, top=2, possessives=p),
            lambda c, by=by: dc.group_sizes(c, by=by, possessives=p),
            lambda c, by=by: dc.term_frequency(c, ngram=ngram, by=by, possessives=p),
            lambda c, by=by: dc.dispersion(c, ngram=ngram, by=by, possessives=p),
            lambda c: dc.kwic(c, query="hamas", possessives=p),
            lambda c: dc.kwic(c, query="hamas", window_tokens=2, possessives=p),
            lambda c, by=by: dc.collocations(c, node="hamas", by=by, min_count=1, possessives=p),
        ):
            assert_frame_equal(call(index), call(corpus))


def test_invalidation(tmp_path: Path) -> None:
    index = dc.index_corpus(HAND, path=tmp_path / "ix")
    index.check(HAND)
    changed = HAND.with_columns(pl.col("text").str.replace("army", "troops"))
    with pytest.raises(DiscourseError, match="different corpus"):
        index.check(changed)
    with pytest.raises(DiscourseError, match="index_corpus"):
        dc.term_counts(index, possessives="keep")  # built with the default, "split"
    with pytest.raises(DiscourseError, match="another corpus"):
        dc.index_corpus(changed, path=tmp_path / "ix")
    with pytest.raises(DiscourseError, match="another corpus"):
        dc.index_corpus(HAND, path=tmp_path / "ix", possessives="keep")
    # The same corpus and options reopen the saved index rather than building it again.
    again = dc.index_corpus(HAND, path=tmp_path / "ix")
    assert again.fingerprint == index.fingerprint and again.path == tmp_path / "ix"
    with pytest.raises(DiscourseError, match="no saved index"):
        dc.open_index(tmp_path / "nothing")
    with pytest.raises(DiscourseError, match="does not take a CorpusIndex"):
        dc.agency(index)
    with pytest.raises(DiscourseError, match="dedupe"):
        dc.term_frequency(index, dedupe="verbatim")


def test_saved_layout_is_partitioned(tmp_path: Path) -> None:
    dc.index_corpus(HAND, path=tmp_path, rows_per_file=2)
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    docs = pl.read_parquet(tmp_path / "docs")
    assert docs["doc_id"].to_list() == ["a", "b", "c"]
    assert_frame_equal(dc.open_index(tmp_path).corpus().collect(), HAND)
