"""The batched, one-pass index build against the frozen build it replaced (issue 17): every table
identical, row for row, on generated corpora (odd characters, possessives both ways, empty and
missing texts, batches of one to three documents so that vocabularies are merged), the demo
corpus and real articles read in place."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import discourse as dc
from discourse.corpus import _index_build
from discourse.corpus._indexing_reference import _build as reference_build

NAMES = ("docs", "tokens", "vocab", "unigrams", "bigrams", "pairs")

# Pieces chosen to reach every branch: possessives straight, curly and upper case, contractions,
# numbers glued to words, breaks of each kind, and the characters that send a document to the
# two-pass path ("ʼ", "Σ", "İ") or make it not plain (soft hyphen, Kelvin sign, final sigma).
PIECES = [
    "Israel's", "Israel’s", "ISRAEL'S", "Hamas’S", "it's", "Let’s", "don't", "Palestinians'",
    "Hamas‐run", "Hamas-run", "non‑stop", "3.5x", "1,400", "3.5.", "x3", "killed", "Killed",
    "war", "Gaza", ".", "!", "?", "...", "\n\n", "\n \t\n", "\n", " ", "  ", "\xa0", "“quoted”",
    "„low”", "‘single’", "(", ")", "-", "—", "'", "ʼs", "Aʼs", "ΟΔΟΣ", "Σ", "ς", "İstanbul", "İ",
    "\u00ad", "co\u00adop", "\u212a", "é", "e\u0301", "ß", "Ǆ", "ﬁ", "٣", "日本", "_", "a_b", "x'",
    "ʼ", "’", "'s", "\ua7d2x", "\ua7d4",
]  # fmt: skip


def _text() -> st.SearchStrategy[str | None]:
    piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=4))
    joined = st.lists(piece, max_size=14).map(lambda parts: " ".join(parts))
    glued = st.lists(piece, max_size=8).map("".join)
    return st.one_of(st.none(), st.just(""), joined, glued)


def corpora() -> st.SearchStrategy[pl.DataFrame]:
    return st.lists(_text(), min_size=1, max_size=9).map(
        lambda texts: pl.DataFrame(
            {
                "doc_id": [f"d{i}" for i in range(len(texts))],
                "outlet": [["A", "B"][i % 2] for i in range(len(texts))],
                "text": texts,
            },
            schema={"doc_id": pl.String, "outlet": pl.String, "text": pl.String},
        )
    )


def assert_same_build(corpus: pl.DataFrame, possessives: str) -> None:
    expected = reference_build(corpus, possessives)  # type: ignore[arg-type]
    found = _index_build.build(corpus, possessives)  # type: ignore[arg-type]
    for name, want, got in zip(NAMES, expected, found, strict=True):
        try:
            assert_frame_equal(got, want, check_exact=True)
        except AssertionError as error:
            raise AssertionError(f"table {name} differs ({possessives=}): {error}") from None


@pytest.mark.parametrize("possessives", ["split", "keep"])
@pytest.mark.parametrize("batch_docs", [1, 2, 3, 20_000])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(corpus=corpora())
def test_generated_corpora_identical(
    corpus: pl.DataFrame, possessives: str, batch_docs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_index_build, "_BATCH_DOCS", batch_docs)
    # The distinct pairs merged after every batch or few, or once at the end (20,000).
    monkeypatch.setattr(_index_build, "_MERGE_AT", batch_docs)
    assert_same_build(corpus, possessives)


@pytest.mark.parametrize("possessives", ["split", "keep"])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(corpus=corpora())
def test_spilled_build_identical(
    corpus: pl.DataFrame, possessives: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved index's build: batches of two documents waiting on disk between the passes,
    the token, unigram and bigram tables handed on batch by batch; the same tables in the same
    order, and nothing left in the spill folder."""
    monkeypatch.setattr(_index_build, "_BATCH_DOCS", 2)
    monkeypatch.setattr(_index_build, "_MERGE_AT", 1)
    handed: dict[str, list[pl.DataFrame]] = {"tokens": [], "unigrams": [], "bigrams": []}
    with tempfile.TemporaryDirectory() as folder:
        found = _index_build.build(
            corpus,
            possessives,  # type: ignore[arg-type]
            add=lambda name, table: handed[name].append(table),
            spill=Path(folder),
        )
        assert list(Path(folder).iterdir()) == []
    expected = reference_build(corpus, possessives)  # type: ignore[arg-type]
    for i, name in ((1, "tokens"), (3, "unigrams"), (4, "bigrams")):
        assert found[i].height == 0
        batches = (corpus.height + 1) // 2
        assert len(handed[name]) == batches
        got = pl.concat(handed[name]) if handed[name] else expected[i].clear()
        assert_frame_equal(got, expected[i], check_exact=True)
    for i in (0, 2, 5):
        assert_frame_equal(found[i], expected[i], check_exact=True)


def test_saved_build_leaves_no_spill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``index_corpus(path=)`` removes its spill folder after a build, and after a failed one
    (with every table it had begun), so that the folder can be used again."""
    corpus = pl.DataFrame({"doc_id": list("abc"), "text": ["war. Gaza", "killed", "died"]})
    monkeypatch.setattr(_index_build, "_BATCH_DOCS", 1)
    dc.index_corpus(corpus, path=tmp_path / "ok")
    assert sorted(p.name for p in (tmp_path / "ok").iterdir()) == [
        "docs",
        "index.json",
        "tokens",
        "vocab",
    ]
    real_batch, seen = _index_build._batch, []

    def failing(texts: pl.DataFrame, possessives: str) -> object:
        seen.append(texts.height)
        if len(seen) == 2:
            raise RuntimeError("disk full")
        return real_batch(texts, possessives)  # type: ignore[arg-type]

    monkeypatch.setattr(_index_build, "_batch", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        dc.index_corpus(corpus, path=tmp_path / "failed")
    assert list((tmp_path / "failed").iterdir()) == []
    monkeypatch.setattr(_index_build, "_batch", real_batch)
    index = dc.index_corpus(corpus, path=tmp_path / "failed")
    assert_frame_equal(
        index.tokens.collect(), reference_build(corpus, "split")[1], check_exact=True
    )


@pytest.mark.parametrize("possessives", ["split", "keep"])
def test_batches_bounded_by_bytes(possessives: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A byte budget smaller than one document still makes progress, one document a batch, and
    a word only one batch holds lands at its place in the merged vocabulary."""
    corpus = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "text": ["zebra's war. Gaza", "aardvark killed\n\nIsrael’s", None, "mmm 3.5x war"],
        }
    )
    monkeypatch.setattr(_index_build, "_BATCH_BYTES", 5)
    assert list(_index_build._bounds(np.array([20, 1, 1, 30]), 20_000, 5)) == [
        (0, 1),
        (1, 3),
        (3, 4),
    ]
    assert_same_build(corpus, possessives)


@pytest.mark.parametrize("possessives", ["split", "keep"])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(corpus=corpora())
def test_pairs_counted_without_packing(
    corpus: pl.DataFrame, possessives: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bigram counts of a batch too wide to pack each pair in one integer (lexsort)."""
    monkeypatch.setattr(_index_build, "_PACK_BITS", 0)
    monkeypatch.setattr(_index_build, "_BATCH_DOCS", 2)
    assert_same_build(corpus, possessives)


def test_bounds_respect_both_limits() -> None:
    sizes = np.array([3, 3, 3, 3, 3, 3, 3])
    assert list(_index_build._bounds(sizes, 2, 100)) == [(0, 2), (2, 4), (4, 6), (6, 7)]
    assert list(_index_build._bounds(sizes, 100, 7)) == [(0, 2), (2, 4), (4, 6), (6, 7)]
    assert list(_index_build._bounds(np.zeros(0, dtype=np.int64), 2, 7)) == []


@pytest.mark.parametrize("possessives", ["split", "keep"])
def test_demo_corpus_identical(
    demo_dir: Path, possessives: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = dc.read_corpus(demo_dir)
    assert_same_build(corpus, possessives)
    monkeypatch.setattr(_index_build, "_BATCH_DOCS", 3)
    assert_same_build(corpus, possessives)


def _real_articles(real: Path) -> pl.DataFrame:
    """NYT and Globe and Mail sentences grouped into articles, read in place."""
    data = real / "datasets"
    nyt = pl.read_csv(data / "jackson-us-newspapers" / "tagged_data_nyt_oct7_to_oct18.csv")
    globe = pl.read_csv(data / "breach-canadian-newspapers" / "globe_sentences.csv")
    parts = [
        nyt.select(key=pl.col("article_index").cast(pl.String), sentence="sentence"),
        globe.select(key=pl.col("url").cast(pl.String), sentence="sentence"),
    ]
    return (
        pl.concat(parts)
        .drop_nulls("sentence")
        .group_by("key", maintain_order=True)
        .agg(pl.col("sentence").str.join("\n"))
        .select(doc_id="key", text="sentence")
    )


@pytest.mark.parametrize("possessives", ["split", "keep"])
def test_real_articles_identical(
    real_data: Path, possessives: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _real_articles(real_data)
    assert corpus.height > 100
    monkeypatch.setattr(_index_build, "_BATCH_BYTES", 200_000)
    assert_same_build(corpus, possessives)


@pytest.mark.parametrize("batch_docs", [1, 2, 20_000])
def test_index_corpus_uses_the_batched_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_docs: int
) -> None:
    """The in-memory and the saved index hold the tables of the frozen build, and the saved
    token table is cut into parts of ``rows_per_file`` rows as before, whatever the batches."""
    corpus = pl.DataFrame(
        {
            "doc_id": list("abcdefg"),
            "text": ["Israel's army. War", None, "ΟΔΟΣ war 3.5x", "", "war war", "x", None],
        }
    )
    monkeypatch.setattr(_index_build, "_BATCH_DOCS", batch_docs)
    expected = reference_build(corpus, "split")
    saved = dc.index_corpus(corpus, path=tmp_path / "saved", rows_per_file=2)
    for index in (dc.index_corpus(corpus), saved):
        tables = (index.docs, index.tokens, index.vocab, index.unigrams, index.bigrams, index.pairs)
        for want, got in zip(expected, tables, strict=True):
            assert_frame_equal(got.collect(), want, check_exact=True)
    for part, table in (("docs", expected[0]), ("tokens", expected[1])):
        files = sorted((tmp_path / "saved" / part).glob("part-*.parquet"))
        heights = [pl.read_parquet(f).height for f in files]
        assert heights == [min(2, table.height - i) for i in range(0, table.height, 2)]


def test_saved_index_of_no_tokens(tmp_path: Path) -> None:
    corpus = pl.DataFrame(
        {"doc_id": ["a"], "text": [None]}, schema={"doc_id": pl.String, "text": pl.String}
    )
    expected = reference_build(corpus, "split")
    index = dc.index_corpus(corpus, path=tmp_path)
    assert [f.name for f in (tmp_path / "tokens").glob("part-*.parquet")] == ["part-00000.parquet"]
    assert_frame_equal(index.tokens.collect(), expected[1], check_exact=True)


def test_every_character_whose_lower_case_moves_a_boundary_takes_two_passes() -> None:
    """The one pass reads the lower-cased text: that is the text's tokens only where lower case
    keeps each character one character, and a word (or digit) character one. Every code point
    where it does not (polars' own tables, so a polars upgrade is caught here) must send its
    document to the two passes."""
    codes = [*range(0xD800), *range(0xE000, 0x110000)]
    chars = pl.DataFrame({"c": [chr(i) for i in codes]})
    lower = pl.col("c").str.to_lowercase()
    moved = chars.filter(
        (lower.str.len_chars() != 1)
        | (pl.col("c").str.contains(r"^\w$") != lower.str.contains(r"^\w$"))
        | (pl.col("c").str.contains(r"^\d$") != lower.str.contains(r"^\d$"))
    )
    assert moved.height > 0
    assert moved["c"].str.contains(_index_build._TWO_PASS).all(), moved["c"].to_list()


def test_gap_characters_start_no_item() -> None:
    """A piece is stripped of ``_GAP_CHARS`` to find its item: none of them may be a word
    character, a full stop, "!", "?" or a line break to polars' regex."""
    gap = pl.Series(list(_index_build._GAP_CHARS))
    assert not gap.str.contains(r"^[\w.!?\n]$").any()
