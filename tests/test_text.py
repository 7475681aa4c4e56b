"""Tests for discourse.text.segments: sentence splitting and tokenisation with offsets."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from discourse import DiscourseError, sentences, tokens
from discourse.text._fold import token_re
from discourse.text._patterns import normalise_token

ROOT = Path(__file__).resolve().parents[1]

SENTENCE_SCHEMA = {
    "doc_id": pl.String,
    "outlet": pl.String,
    "sentence": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "text": pl.String,
}
TOKEN_SCHEMA = {
    "doc_id": pl.String,
    "outlet": pl.String,
    "token_index": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "token": pl.String,
    "norm": pl.String,
}


def corpus_of(*texts: str | None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": ["X"] * len(texts),
            "text": list(texts),
        },
        schema={"doc_id": pl.String, "outlet": pl.String, "text": pl.String},
    )


def split(text: str) -> list[str]:
    return sentences(corpus_of(text)).get_column("text").to_list()


# --- sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Cohen said 12 had died. She left.", ["Dr. Cohen said 12 had died.", "She left."]),
        (
            "The U.S. State Department said so. Others agreed.",
            ["The U.S. State Department said so.", "Others agreed."],
        ),
        (
            "Aid came from the U.S. The E.U. sent more.",
            ["Aid came from the U.S.", "The E.U. sent more."],
        ),
        ("Mr. Ali and Mrs. Levi met. They talked.", ["Mr. Ali and Mrs. Levi met.", "They talked."]),
        (
            "Gen. Tal Harel came. Lt. Col. Amir Dahan briefed him.",
            ["Gen. Tal Harel came.", "Lt. Col. Amir Dahan briefed him."],
        ),
        (
            "It hit at 3 a.m. local time. Rescuers came.",
            ["It hit at 3 a.m. local time.", "Rescuers came."],
        ),
        (
            "J. R. Hughes wrote it. It was published.",
            ["J. R. Hughes wrote it.", "It was published."],
        ),
        (
            "She met Antony J. Baker there. They spoke.",
            ["She met Antony J. Baker there.", "They spoke."],
        ),
        ("Prices rose 3.5 per cent. Fuel led.", ["Prices rose 3.5 per cent.", "Fuel led."]),
        ("The toll was 1,400. It rose.", ["The toll was 1,400.", "It rose."]),
        ("“We will respond,” he said. “Soon.”", ["“We will respond,” he said.", "“Soon.”"]),
        (
            "“Is anyone alive?” a rescuer shouted. No reply.",
            ["“Is anyone alive?” a rescuer shouted.", "No reply."],
        ),
        (
            'He said: "It is a massacre." The army disagreed.',
            ['He said: "It is a massacre."', "The army disagreed."],
        ),
        (
            "The No. 2 official quit. His deputy took over.",
            ["The No. 2 official quit.", "His deputy took over."],
        ),
        (
            "Some 2,000, incl. 600 children, fled. More followed.",
            ["Some 2,000, incl. 600 children, fled.", "More followed."],
        ),
        (
            "Outlets, e.g. the Post, avoid it. Others do not.",
            ["Outlets, e.g. the Post, avoid it.", "Others do not."],
        ),
        ("Pres. Ruiz arrived. Sirens sounded.", ["Pres. Ruiz arrived.", "Sirens sounded."]),
        (
            "A spokesman for the I.D.F. said so. Others denied it.",
            ["A spokesman for the I.D.F. said so.", "Others denied it."],
        ),
        ("It began on Oct. 7. He vowed war.", ["It began on Oct. 7.", "He vowed war."]),
        ("What next? Nobody knows!", ["What next?", "Nobody knows!"]),
    ],
)
def test_sentences_handle_abbreviations_numbers_and_quotes(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "GAZA CITY\n\nStrikes went on. Shops shut.",
            ["GAZA CITY", "Strikes went on.", "Shops shut."],
        ),
        ("No full stop here\n\nNor here", ["No full stop here", "Nor here"]),
        ("Windows breaks\r\n\r\nend paragraphs too.", ["Windows breaks", "end paragraphs too."]),
        ("A blank line\n  \t\nwith spaces on it.", ["A blank line", "with spaces on it."]),
        (
            "At least 30 people\nwere killed. The army was silent.",
            ["At least 30 people\nwere killed.", "The army was silent."],
        ),
        ("One line.\nAnother line.", ["One line.", "Another line."]),
    ],
)
def test_blank_lines_always_end_a_sentence_single_breaks_do_not(
    text: str, expected: list[str]
) -> None:
    assert split(text) == expected


def test_sentences_carry_group_columns_and_offsets(tiny_corpus: pl.DataFrame) -> None:
    first = "Hamas militants attacked."
    second = "Dr. Smith said 12 people were killed."
    third = "The resistance movement said fighters died in the strikes."
    fourth = "The terrorist organisation killed civilians, officials said."
    expected = pl.DataFrame(
        {
            "doc_id": ["a1", "a1", "a2", "b1"],
            "outlet": ["Alpha", "Alpha", "Alpha", "Beta"],
            "published": [
                date(2023, 10, 7),
                date(2023, 10, 7),
                date(2023, 10, 14),
                date(2023, 10, 8),
            ],
            "sentence": [0, 1, 0, 0],
            "start": [0, len(first) + 1, 0, 0],
            "end": [len(first), len(first) + 1 + len(second), len(third), len(fourth)],
            "text": [first, second, third, fourth],
        },
        schema_overrides={"sentence": pl.Int64, "start": pl.Int64, "end": pl.Int64},
    )
    assert_frame_equal(sentences(tiny_corpus), expected)
    assert_frame_equal(sentences(tiny_corpus.lazy()), expected)


def test_offsets_point_into_the_original_text() -> None:
    text = "  👍 Dr. Lee\u00a0said “yes.”\n\n  Then—he left.  "
    out = sentences(corpus_of(text))
    assert out.get_column("text").to_list() == ["👍 Dr. Lee\u00a0said “yes.”", "Then—he left."]
    for start, end, piece in out.select("start", "end", "text").iter_rows():
        assert text[start:end] == piece


@pytest.mark.parametrize("texts", [(), ("",), ("   \n\n  ",), (None,), ("", None, " ")])
def test_empty_documents_give_no_rows_with_a_stable_schema(texts: tuple[str | None, ...]) -> None:
    assert sentences(corpus_of(*texts)).schema == pl.Schema(SENTENCE_SCHEMA)
    assert sentences(corpus_of(*texts)).height == 0
    assert tokens(corpus_of(*texts)).schema == pl.Schema(TOKEN_SCHEMA)
    assert tokens(corpus_of(*texts)).height == 0


def test_metadata_columns_follow_doc_id_and_text_column_can_be_renamed() -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": ["a"],
            "outlet": ["X"],
            "body": ["One. Two."],
            "section": ["world"],
            "source": ["f"],
        }
    )
    out = sentences(corpus, text="body")
    assert out.columns == ["doc_id", "outlet", "section", "sentence", "start", "end", "text"]
    assert out.get_column("text").to_list() == ["One.", "Two."]
    assert tokens(corpus, text="body").columns == [
        "doc_id",
        "outlet",
        "section",
        "token_index",
        "start",
        "end",
        "token",
        "norm",
    ]


def test_bad_input_is_refused_with_a_clear_message() -> None:
    with pytest.raises(DiscourseError, match="needs column"):
        sentences(pl.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(DiscourseError, match="not text"):
        tokens(pl.DataFrame({"doc_id": ["a"], "text": [1]}))
    with pytest.raises(DiscourseError, match="clash"):
        sentences(pl.DataFrame({"doc_id": ["a"], "text": ["x"], "sentence": ["meta"]}))


def test_every_hand_written_gold_passage_is_split_correctly() -> None:
    spec = importlib.util.spec_from_file_location(
        "sentence_gold", ROOT / "benchmarks" / "sentence_gold.py"
    )
    assert spec is not None and spec.loader is not None
    gold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gold)
    corpus = corpus_of(*(text for text, _ in gold.GOLD))
    got = sentences(corpus).group_by("doc_id", maintain_order=True).agg("text")
    wrong = [
        (expected, found)
        for (_, expected), found in zip(gold.GOLD, got.get_column("text").to_list(), strict=True)
        if expected != found
    ]
    assert wrong == []


# --- tokens ----------------------------------------------------------------------------------


def test_tokens_small_case() -> None:
    text = "Israel’s  Hamas‐Run 1,400—killed. Don't!"
    keep = pl.DataFrame(
        {
            "doc_id": ["d0"] * 5,
            "outlet": ["X"] * 5,
            "token_index": [0, 1, 2, 3, 4],
            "start": [0, 10, 20, 26, 34],
            "end": [8, 19, 25, 32, 39],
            "token": ["Israel’s", "Hamas‐Run", "1,400", "killed", "Don't"],
            "norm": ["israel's", "hamas-run", "1,400", "killed", "don't"],
        },
        schema=TOKEN_SCHEMA,
    )
    assert_frame_equal(tokens(corpus_of(text), possessives="keep"), keep)
    assert_frame_equal(tokens(corpus_of(text).lazy(), possessives="keep"), keep)
    # The default splits the clitic off "Israel’s" (characters 6-8); "Don't" stays whole.
    split = pl.DataFrame(
        {
            "doc_id": ["d0"] * 6,
            "outlet": ["X"] * 6,
            "token_index": [0, 1, 2, 3, 4, 5],
            "start": [0, 6, 10, 20, 26, 34],
            "end": [6, 8, 19, 25, 32, 39],
            "token": ["Israel", "’s", "Hamas‐Run", "1,400", "killed", "Don't"],
            "norm": ["israel", "'s", "hamas-run", "1,400", "killed", "don't"],
        },
        schema=TOKEN_SCHEMA,
    )
    assert_frame_equal(tokens(corpus_of(text)), split)
    assert_frame_equal(tokens(corpus_of(text).lazy()), split)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S.-led coalition's 3.5% rise, on 7/10, killed 1,200—as “officials” said.",
        "👍🏽 Emoji 😀 before words keeps offsets in code points: ok.",
        "Café naïve Zürich İstanbul ΟΔΟΣ Straße MIXED-case",
        "Tabs\tand\nnew lines\r\nand  double  spaces",
        # Where Python's \w and Rust's differ: combining marks, joiners, "²" and "½".
        "nai\u0308ve re\u0301sume\u0301 x² ½ mi\u200cma under‿tie",
    ],
)
def test_tokens_match_the_shared_pattern_and_offsets(text: str) -> None:
    out = tokens(corpus_of(text), possessives="keep")  # one token per pattern match
    expected = [(m.start(), m.end(), m.group()) for m in token_re().finditer(text)]
    assert list(out.select("start", "end", "token").iter_rows()) == expected
    assert out.get_column("norm").to_list() == [normalise_token(t) for _, _, t in expected]
    assert out.get_column("token_index").to_list() == list(range(len(expected)))


def test_combining_marks_stay_inside_a_token() -> None:
    # Arabic short-vowel marks are combining characters: polars' \w keeps the word whole, where
    # Python's re would cut it at every mark.
    word = "كَتَبَ"
    out = tokens(corpus_of(f"{word} و"))
    assert out.get_column("token").to_list() == [word, "و"]
    assert out.get_column("start").to_list() == [0, len(word) + 1]


def test_tokens_carry_group_columns(tiny_corpus: pl.DataFrame) -> None:
    out = tokens(tiny_corpus)
    assert out.columns == ["doc_id", "outlet", "published", *list(TOKEN_SCHEMA)[2:]]
    counts = out.group_by("doc_id", maintain_order=True).len()
    assert counts.rows() == [("a1", 10), ("a2", 9), ("b1", 7)]
    assert out.filter(pl.col("doc_id") == "b1").get_column("published").unique().to_list() == [
        date(2023, 10, 8)
    ]


# --- invariants on arbitrary and real text ---------------------------------------------------

_TEXT = st.lists(
    st.sampled_from(
        [*"abcXYZ019 .,!?\"'’“”()-\n\t😀é\u0308²½\u200c", "Dr.", "U.S.", "\n\n", " Mr. ", "e.g. "]
    ),
    max_size=60,
).map("".join)


def check_invariants(text: str) -> None:
    sents = sentences(corpus_of(text))
    cursor = 0
    for start, end, piece in sents.select("start", "end", "text").iter_rows():
        assert start >= cursor and piece == text[start:end] == piece.strip() != ""
        assert text[cursor:start].strip() == ""  # nothing but whitespace is left out
        cursor = end
    assert text[cursor:].strip() == ""
    toks = tokens(corpus_of(text))
    assert [(m.start(), m.end()) for m in token_re().finditer(text)] == list(
        toks.select("start", "end").iter_rows()
    )


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_sentences_tile_the_text_and_tokens_agree_with_re(text: str) -> None:
    check_invariants(text)


@pytest.mark.realdata
def test_real_article_offsets(real_data: Path) -> None:
    raw = (real_data / "memo-2023-11-29-musk-gaza.txt").read_text("utf-8")
    body = raw.split("---", 2)[2]
    check_invariants(body)
    # Counted by reading the article: 7 paragraphs holding 12 sentences, none split at "7 October".
    assert sentences(corpus_of(body)).height == 12
