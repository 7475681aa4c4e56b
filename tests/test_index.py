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
    # Answered from the token ids: one word, a wildcard, braces, a sorted and a near query.
    "kwic_wildcard": lambda c, p: dc.kwic(c, query=["israel*", "{gaza,killed}"], possessives=p),
    "kwic_sorted": lambda c, p: dc.kwic(
        c, query="said", window_tokens=4, sort=["R1", "L2", "outlet"], possessives=p
    ),
    "kwic_near": lambda c, p: dc.kwic(
        c, query="hamas", near_query=["israel*", "said"], near_tokens=3, possessives=p
    ),
    # Read from the text: a phrase, a word with an apostrophe or hyphen, a regex.
    "kwic_phrase": lambda c, p: dc.kwic(
        c,
        query=["health ministry", "israel's", "hamas-run"],
        window_tokens=2,
        sort="L1",
        possessives=p,
    ),
    "kwic_regex": lambda c, p: dc.kwic(
        c, query=r"(?i)hama|'s", regex=True, window_tokens=3, near_query="the", possessives=p
    ),
    "collocations_phrase": lambda c, p: dc.collocations(
        c, node="the gaza", window_tokens=(2, 1), min_count=1, possessives=p
    ),
    "collocations_wide": lambda c, p: dc.collocations(
        c, node="israel", window_tokens=(0, 9), by=["outlet", "published"], possessives=p
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
            if name.startswith(("kwic", "collocations")) or name == "keyness":
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
            lambda c, by=by: dc.term_counts(
                c, ngram=ngram, by=by, stopwords=["the", "killed"], possessives=p
            ),
            lambda c, by=by: dc.dispersion(
                c, ngram=ngram, by=by, stopwords=["it's"], possessives=p
            ),
            lambda c, by=by: dc.group_sizes(c, by=by, possessives=p),
            lambda c, by=by: dc.term_frequency(c, ngram=ngram, by=by, possessives=p),
            lambda c, by=by: dc.dispersion(c, ngram=ngram, by=by, possessives=p),
            lambda c: dc.kwic(c, query="hamas", possessives=p),
            lambda c: dc.kwic(c, query="hamas", window_tokens=2, possessives=p),
            lambda c, by=by: dc.collocations(c, node="hamas", by=by, min_count=1, possessives=p),
        ):
            assert_frame_equal(call(index), call(corpus))


odd_words = st.sampled_from(
    ["Hamas", "hamas", "hamas-run", "Hamas‐led", "Hamas’s", "HAMAS'S", "Israelʼs", "killed",
     "the", "Ha\u00admas", "İsrail", "ΟΔΟΣ", "οδος", "3.5x", "3.5", "hamas_x", "x\u0308y",
     "Kelvin\u212a", "mi\u200cma", "s", "’s", "1,400"]
)  # fmt: skip
odd_texts = st.lists(st.tuples(odd_words, seps), max_size=14).map(
    lambda p: "".join(a + b for a, b in p)
)
queries = st.sampled_from(
    ["hamas", "Hamas*", "ham*", "{hamas,killed}", "s", "οδος", "israel", "isr*", "3",
     "hamas-run", "the hamas", "israel's", "hamas_x", "x\u0308y", "kelvin*", "1,400"]
)  # fmt: skip


@given(
    st.lists(st.tuples(odd_texts, st.sampled_from(["X", "Y"])), min_size=1, max_size=5),
    st.sampled_from(["keep", "split"]),
    queries,
    queries,
    st.sampled_from([None, "R1", ["L1", "R2"]]),
)
@settings(max_examples=80, deadline=None)
def test_kwic_and_collocations_identical_on_odd_text(
    docs: list[tuple[str, str]], p: str, query: str, near: str, sort: Any
) -> None:
    """Soft hyphens, "İ", sigmas, numbers glued to words, underscores, combining marks: the
    documents whose whole words are not the runs inside their tokens are read from the text,
    the others from the ids, and every line is the corpus' line. The index's words are read
    two documents at a time."""
    from discourse.corpus import _indexed

    corpus = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(docs))],
            "outlet": [o for _, o in docs],
            "text": [t for t, _ in docs],
        }
    )
    index = dc.index_corpus(corpus, possessives=p)  # type: ignore[arg-type]
    for call in (
        lambda c: dc.kwic(c, query=query, possessives=p),
        lambda c: dc.kwic(c, query=query, window_tokens=2, sort=sort, possessives=p),
        lambda c: dc.kwic(c, query=[query, near], window_chars=5, sort=sort, possessives=p),
        lambda c: dc.kwic(c, query=query, near_query=near, near_tokens=2, possessives=p),
        lambda c: dc.kwic(
            c, query=r"(?i)ham|s-|\d|'s|a|x", regex=True, window_tokens=3, possessives=p
        ),
        lambda c: dc.collocations(c, node=query.strip("*{}"), min_count=1, possessives=p),
        lambda c: dc.collocations(
            c,
            node=near.strip("*{}"),
            window_tokens=(1, 3),
            by="outlet",
            min_count=1,
            possessives=p,
        ),
    ):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_indexed, "_WORD_DOCS", 2)
            assert_frame_equal(call(index), call(corpus))


def test_one_word_queries_are_answered_from_the_ids(demo: pl.DataFrame) -> None:
    """The token path is the one taken (so the comparisons above test it): one-word queries
    have runs, phrases and regexes do not, and the demo documents are all plain."""
    from discourse.corpus._indexed import IndexText, token_runs
    from discourse.terms._hits import finder

    index = dc.index_corpus(demo)
    vocab = index.vocab.collect()
    runs = token_runs(finder(["hamas", "israel*"]), vocab)
    assert runs is not None and runs.height > 3
    terms = vocab["term"].gather(runs["id"]).to_list()
    assert "hamas" in terms and "hamas-run" in terms and "israeli" in terms
    assert token_runs(finder("health ministry"), vocab) is None
    assert token_runs(finder("hamas-run"), vocab) is None
    assert token_runs(finder("hamas", regex=True), vocab) is None
    flags = index.tokens.select(pl.col("exact").all(), pl.col("plain").all()).collect()
    assert flags.row(0) == (True, True)
    # No text is read to find the hits of a one-word query.
    source = IndexText(index, "split")  # the default the index was built with
    hits = source.hits(finder("hamas"))
    assert hits.height > 0 and source._texts == {}


def test_odd_documents_are_flagged() -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": list("abcde"),
            "text": ["plain text", "Ha\u00admas", "3.5x", "ΟΔΟΣ", "İsrail"],
        }
    )
    flags = dc.index_corpus(corpus).tokens.select("exact", "plain").collect()
    assert flags["exact"].to_list() == [True] * 5
    assert flags["plain"].to_list() == [True, False, False, False, False]


def test_an_index_of_an_older_format_asks_to_be_rebuilt(tmp_path: Path) -> None:
    import json

    dc.index_corpus(HAND, path=tmp_path)
    meta = json.loads((tmp_path / "index.json").read_text())
    meta["format"] = 1
    (tmp_path / "index.json").write_text(json.dumps(meta))
    with pytest.raises(DiscourseError, match=r"format 1.*Rebuild it.*index_corpus"):
        dc.open_index(tmp_path)
    # Building over it says the same (it cannot be reopened), rather than overwrite it.
    with pytest.raises(DiscourseError, match=r"format 1.*Rebuild it"):
        dc.index_corpus(HAND, path=tmp_path)


def test_real_articles_identical(real_data: Path) -> None:
    """Real newspaper sentences (NYT, read in place), grouped into articles."""
    frame = pl.read_csv(
        real_data / "datasets" / "jackson-us-newspapers" / "tagged_data_nyt_oct7_to_oct18.csv"
    )
    corpus = (
        frame.drop_nulls("sentence")
        .group_by("article_index", maintain_order=True)
        .agg(pl.col("sentence").str.join("\n"))
        .select(
            doc_id=pl.col("article_index").cast(pl.String),
            outlet=pl.lit("NYT"),
            text="sentence",
        )
    )
    for p in ("keep", "split"):
        index = dc.index_corpus(corpus, possessives=p)  # type: ignore[arg-type]
        for name in ("kwic_chars", "kwic_tokens", "kwic_wildcard", "kwic_near", "kwic_phrase",
                     "collocations", "collocations_phrase"):  # fmt: skip
            assert_frame_equal(CALLS[name](index, p), CALLS[name](corpus, p))
        for node in ("hamas", "israel", "killed"):
            expected = dc.collocations(corpus, node=node, window_tokens=(3, 2), possessives=p)
            assert expected.height > 0
            assert_frame_equal(
                dc.collocations(index, node=node, window_tokens=(3, 2), possessives=p), expected
            )
        for query in ("hamas", "kill*", "{israel,gaza}"):
            got = dc.kwic(index, query=query, window_tokens=4, sort="R1", possessives=p)
            expected = dc.kwic(corpus, query=query, window_tokens=4, sort="R1", possessives=p)
            assert expected.height > 0
            assert_frame_equal(got, expected)


def test_identical_without_bincounts(demo: pl.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no room for bincount bins, the polars group-by and numpy.unique paths give the same
    tables (they are taken for many groups times a large vocabulary)."""
    from discourse.corpus import _indexed

    index = dc.index_corpus(demo)
    calls = [
        lambda c: dc.term_counts(c, by="outlet"),
        lambda c: dc.term_counts(c, by="outlet", ngram=2, stopwords="english"),
        lambda c: dc.collocations(c, node="israel", by="outlet", min_count=1),
    ]
    expected = [call(demo) for call in calls]
    monkeypatch.setattr(_indexed, "_BINS", 0)
    for call, frame in zip(calls, expected, strict=True):
        assert_frame_equal(call(index), frame)


@given(corpora, st.sampled_from(["keep", "split"]), st.sampled_from([2, 3, (1, 3), (2, 3)]))
@settings(max_examples=40, deadline=None)
def test_identical_in_small_batches_without_bincounts(
    docs: list[tuple[str, str]], p: str, ngram: Any
) -> None:
    """N-grams of three words and more counted one or two documents at a time, and stored
    counts read a row or two at a time instead of in bincount bins, merged in one to 16 parts
    (with top=, each keeping its first rows), give the corpus's tables."""
    from discourse.corpus import _indexed

    corpus = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(docs))],
            "outlet": [o for _, o in docs],
            "text": [t for t, _ in docs],
        }
    )
    index = dc.index_corpus(corpus, possessives=p)  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        for batch, bins, buckets in ((1, 0, 3), (2, 1 << 26, 16), (2, 0, 1)):
            patch.setattr(_indexed, "_GRAM_DOCS", batch)
            patch.setattr(_indexed, "_CHUNK_ROWS", batch)
            patch.setattr(_indexed, "_BINS", bins)
            patch.setattr(_indexed, "_BUCKETS", buckets)
            for by in (None, "outlet"):
                for stopwords, top in ((None, None), (["the", "killed"], None), (None, 2)):
                    options = {"ngram": ngram, "by": by, "stopwords": stopwords, "top": top}
                    expected = dc.term_counts(corpus, possessives=p, **options)
                    found = dc.term_counts(index, possessives=p, **options)
                    assert_frame_equal(found, expected)


def test_long_ngrams_in_batches_on_the_demo(
    demo: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Uni-, bi- and trigrams of the demo corpus, three documents or 1,000 stored rows at a
    time, merged in three parts, with and without top=."""
    from discourse.corpus import _indexed

    index = dc.index_corpus(demo)
    calls = [
        lambda c: dc.term_counts(c, by="outlet", ngram=3),
        lambda c: dc.term_frequency(c, by="outlet", ngram=3, stopwords="english", top=5),
        lambda c: dc.term_counts(c, ngram=(2, 3)),
        lambda c: dc.term_counts(c, by="outlet", ngram=2, top=5),
        lambda c: dc.term_counts(c, by="outlet", stopwords="english", top=5),
    ]
    expected = [call(demo) for call in calls]
    assert expected[0].height > 1000
    assert expected[3]["n"].n_unique() > 5
    monkeypatch.setattr(_indexed, "_GRAM_DOCS", 3)
    monkeypatch.setattr(_indexed, "_CHUNK_ROWS", 1000)
    monkeypatch.setattr(_indexed, "_BINS", 0)
    monkeypatch.setattr(_indexed, "_BUCKETS", 3)
    for call, frame in zip(calls, expected, strict=True):
        assert_frame_equal(call(index), frame)


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
