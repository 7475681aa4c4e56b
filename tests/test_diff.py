"""Tests for discourse.stories.wording: sentence-aligned wording differences and the side-by-side view.

Fixture texts are written for these tests, with substitutions at known places.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from discourse import (
    DiscourseError,
    label_swaps,
    read_corpus,
    read_lexicon,
    side_by_side,
    wording_diff,
    wording_diffs,
)
from discourse.stories._align import tokenize
from discourse.stories.wording import _SCHEMA

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
KEY = yaml.safe_load((DEMO / "answer-key.yaml").read_text(encoding="utf-8"))

SOURCE = (
    "A convoy of lorries crossed the southern border on Tuesday. "
    "Hamas said the aid was far too little. "
    "Twelve people died in strikes overnight, the ministry says. "
    "Talks are due to resume in Cairo next week."
)
# (sentence, old, new, label set, old label, new label) in SOURCE order; each old occurs once.
SUBSTITUTIONS = [
    (1, "Hamas", "The resistance movement", "hamas", "name", "resistance"),
    (2, "died in strikes", "were killed by bombs", "deaths", "died", "killed"),
    (2, "says", "alleges", "attribution", "said", "alleged"),
]
REWRITE = (
    "A convoy of lorries crossed the southern border on Tuesday. "
    "The resistance movement said the aid was far too little. "
    "Twelve people were killed by bombs overnight, the ministry alleges. "
    "Talks are due to resume in Cairo next week."
)
LEXICON = read_lexicon(
    io.StringIO(
        """
label_sets:
  hamas:
    labels:
      name: {phrases: [Hamas]}
      resistance: {phrases: [resistance movement]}
  deaths:
    labels:
      died: {phrases: ["{die,died}"]}
      killed: {phrases: ["{killed,kill}"]}
  attribution:
    labels:
      said: {phrases: ["{say,says,said}"]}
      alleged: {phrases: ["{alleges,alleged}"]}
"""
    )
)


def corpus_of(**texts: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": list(texts),
            "outlet": [f"Outlet {d}" for d in texts],
            "text": list(texts.values()),
        }
    )


def expected_rows(a: str, b: str, rows: list[tuple]) -> pl.DataFrame:
    """Rows from ``(sentence_a, sentence_b, change, text_a, text_b, start_a, start_b, label_set,
    label_a, label_b)``; ends follow from the texts."""
    return pl.DataFrame(
        [
            {
                "doc_a": a, "doc_b": b, "outlet_a": f"Outlet {a}", "outlet_b": f"Outlet {b}",
                "sentence_a": sa, "sentence_b": sb, "change": change, "text_a": ta, "text_b": tb,
                "start_a": pa, "end_a": pa + len(ta), "start_b": pb, "end_b": pb + len(tb),
                "label_set": ls, "label_a": la, "label_b": lb,
            }
            for sa, sb, change, ta, tb, pa, pb, ls, la, lb in rows
        ],
        schema=_SCHEMA,
    )  # fmt: skip


def test_known_substitutions_with_label_sets() -> None:
    diff = wording_diff(corpus_of(a=SOURCE, b=REWRITE), doc_a="a", doc_b="b", lexicon=LEXICON)
    expected = expected_rows("a", "b", [
        (sentence, sentence, "substitution", old, new, SOURCE.index(old), REWRITE.index(new),
         label_set, label_a, label_b)
        for sentence, old, new, label_set, label_a, label_b in SUBSTITUTIONS
    ])  # fmt: skip
    assert_frame_equal(diff, expected)


def test_offsets_point_into_both_originals() -> None:
    corpus = corpus_of(a=SOURCE, b=REWRITE)
    diff = wording_diff(corpus, doc_a="a", doc_b="b", lexicon=LEXICON)
    for row in diff.iter_rows(named=True):
        assert SOURCE[row["start_a"] : row["end_a"]] == row["text_a"]
        assert REWRITE[row["start_b"] : row["end_b"]] == row["text_b"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (SOURCE, SOURCE),
        ("Hamas’s  leaders met.\nTalks resume.", "hamas's leaders met. Talks   resume."),
        ("A Hamas‐run ministry said so.", "A Hamas-run ministry said so."),
    ],
    ids=["identical", "case-quotes-whitespace", "hyphen-character"],
)
def test_unchanged_text_gives_no_rows(a: str, b: str) -> None:
    diff = wording_diff(corpus_of(a=a, b=b), doc_a="a", doc_b="b")
    assert_frame_equal(diff, pl.DataFrame(schema=_SCHEMA))


def test_whole_sentence_insertion_and_deletion() -> None:
    extra = "Aid agencies warned that bakeries were closing."
    b = SOURCE.replace("Talks are", f"{extra} Talks are").replace(
        "A convoy of lorries crossed the southern border on Tuesday. ", ""
    )
    diff = wording_diff(corpus_of(a=SOURCE, b=b), doc_a="a", doc_b="b", lexicon=LEXICON)
    first = "A convoy of lorries crossed the southern border on Tuesday."
    expected = expected_rows("a", "b", [
        (0, None, "deletion", first, "", 0, 0, None, None, None),
        (None, 2, "insertion", "", extra, SOURCE.index(" Talks"), b.index(extra), None, None, None),
    ])  # fmt: skip
    assert_frame_equal(diff, expected)


def test_split_sentence_aligns_to_both_parts() -> None:
    a = "Hamas said the aid was too little, and it asked for more fuel. Talks resume."
    b = "Hamas said the aid was too little. It asked for more fuel. Talks resume."
    diff = wording_diff(corpus_of(a=a, b=b), doc_a="a", doc_b="b")
    assert diff.select("sentence_a", "sentence_b", "change", "text_a", "text_b").rows() == [
        (0, 0, "substitution", ", and", ".")
    ]


def test_scare_quotes_are_changes() -> None:
    a = "Officials blamed terrorists for the attack."
    b = "Officials blamed “terrorists” for the attack."
    diff = wording_diff(corpus_of(a=a, b=b), doc_a="a", doc_b="b")
    # Two insertions one word apart are reported as one change around that word.
    assert diff.select("change", "text_a", "text_b", "start_a", "start_b").rows() == [
        ("substitution", "terrorists", "“terrorists”", a.index("terr"), b.index("“"))
    ]


def test_unknown_doc_id() -> None:
    with pytest.raises(DiscourseError, match="not in the corpus"):
        wording_diff(corpus_of(a=SOURCE), doc_a="a", doc_b="zz")


def demo_pair() -> tuple[pl.DataFrame, str, str, list[list[str]]]:
    case = KEY["same_story_pairs"][0]
    return read_corpus(DEMO), case["a"][:-3], case["b"][:-3], case["substitutions"]


def core(old: str, new: str) -> tuple[str, str]:
    """The phrases without the words they share at either end (a change is the minimal span)."""
    wo, wn = old.split(), new.split()
    while wo and wn and wo[0].lower() == wn[0].lower():
        wo, wn = wo[1:], wn[1:]
    while wo and wn and wo[-1].lower() == wn[-1].lower():
        wo, wn = wo[:-1], wn[:-1]
    return " ".join(wo), " ".join(wn)


def test_demo_rewrite_pair_matches_answer_key() -> None:
    corpus, a, b, substitutions = demo_pair()
    text_a = corpus.filter(doc_id=a)["text"].item()
    # Replay the key's substitutions: each occurrence at replacement time is one change.
    expected: Counter[tuple[str, str]] = Counter()
    body = text_a
    for old, new in substitutions:
        expected[core(old, new)] += body.count(old)
        body = body.replace(old, new)
    assert body == corpus.filter(doc_id=b)["text"].item()
    diff = wording_diff(corpus, doc_a=a, doc_b=b)
    assert Counter(diff.select("text_a", "text_b").rows()) == expected
    assert set(diff["change"]) == {"substitution"}
    labels = Counter(diff.select("label_set", "label_a", "label_b").rows())
    assert labels[("hamas", "name", "resistance")] == expected[("Hamas", "the resistance movement")]
    assert labels[("deaths", "killed", "massacred")] == 1
    assert labels[("israeli_military", "army", "occupation")] == 1
    assert labels[("figure_sourcing", "israeli_officials", "doubt")] == 1
    assert labels[("figure_sourcing", None, "doubt")] == 1  # "said" -> "claimed"


def test_wording_diffs_and_label_swaps() -> None:
    corpus, a, b, _ = demo_pair()
    pairs = pl.DataFrame({"doc_a": [a, a], "doc_b": [b, b]})
    diffs = wording_diffs(corpus, pairs=pairs)
    single = wording_diff(corpus, doc_a=a, doc_b=b)
    assert_frame_equal(diffs, pl.concat([single, single]))
    swaps = label_swaps(diffs, by=["outlet_a", "outlet_b"])
    assert swaps.columns == ["outlet_a", "outlet_b", "label_set", "label_a", "label_b", "n"]
    assert swaps.row(0) == (
        "Metro Wire Service",
        "Crescent Daily",
        "hamas",
        "name",
        "resistance",
        6,
    )
    assert swaps["n"].sum() == diffs["label_set"].is_not_null().sum()


def test_lazy_inputs_and_label_swaps_over_the_whole_table() -> None:
    corpus, a, b, _ = demo_pair()
    pairs = pl.DataFrame({"doc_a": [a], "doc_b": [b]})
    diffs = wording_diffs(corpus, pairs=pairs)
    assert_frame_equal(wording_diffs(corpus.lazy(), pairs=pairs.lazy()), diffs)
    assert_frame_equal(wording_diff(corpus.lazy(), doc_a=a, doc_b=b), diffs)
    whole = label_swaps(diffs.lazy())
    assert whole.columns == ["label_set", "label_a", "label_b", "n"]
    by_pair = label_swaps(diffs, by=["outlet_a", "outlet_b"])
    assert_frame_equal(whole, by_pair.drop("outlet_a", "outlet_b"))


def test_side_by_side_marks_changes_and_escapes() -> None:
    a = "Talks <b>resumed</b> today. Hamas said 12 people died. Aid & fuel arrived."
    b = "Talks <b>resumed</b> today. The resistance movement said 12 people died. Aid & fuel arrived."
    page = side_by_side(corpus_of(a=a, b=b), doc_a="a", doc_b="b", lexicon=LEXICON)
    assert "<b>" not in page and "&lt;b&gt;resumed&lt;/b&gt;" in page
    assert "Aid &amp; fuel" in page
    assert '<del class="dsc-label" title="hamas: name → resistance">Hamas</del>' in page
    assert (
        '<ins class="dsc-label" title="hamas: name → resistance">The resistance movement</ins>'
        in page
    )
    assert page.count("<tr class=") == 3
    short = side_by_side(
        corpus_of(a=a, b=b), doc_a="a", doc_b="b", lexicon=LEXICON, unchanged=False
    )
    assert short.count("<tr class=") == 1 and "Talks" not in short.split("</thead>")[1]


def test_side_by_side_demo_has_every_change() -> None:
    corpus, a, b, _ = demo_pair()
    page = side_by_side(corpus, doc_a=a, doc_b=b)
    diff = wording_diff(corpus, doc_a=a, doc_b=b)
    assert len(re.findall("<del ", page)) == len(re.findall("<ins ", page)) == diff.height


WORDS = ["Hamas", "militants", "fighters", "killed", "died", "people", "in", "Gaza", "said", "the"]
sentence_words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8)


@st.composite
def edited_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a copy with words substituted, inserted and deleted at random."""
    sentences = draw(st.lists(sentence_words, min_size=1, max_size=4))
    edited = []
    for words in sentences:
        out = []
        for word in words:
            action = draw(st.sampled_from(["keep"] * 6 + ["swap", "drop", "add"]))
            if action in ("keep", "add"):
                out.append(word)
            if action in ("swap", "add"):
                out.append(draw(st.sampled_from(WORDS)))
        edited.append(out or ["Gaza"])
    if draw(st.booleans()):
        edited.insert(draw(st.integers(0, len(edited))), draw(sentence_words))
    text = lambda s: " ".join(" ".join(w).capitalize() + "." for w in s)  # noqa: E731
    return text(sentences), text(edited)


@settings(max_examples=60, deadline=None)
@given(edited_pair())
def test_changes_turn_a_into_b(pair: tuple[str, str]) -> None:
    a, b = pair
    diff = wording_diff(corpus_of(a=a, b=b), doc_a="a", doc_b="b")
    rebuilt = a
    # Rows are in text order on both sides, so applying them from the last keeps offsets valid.
    for row in reversed(diff.rows(named=True)):
        assert a[row["start_a"] : row["end_a"]] == row["text_a"]
        assert b[row["start_b"] : row["end_b"]] == row["text_b"]
        rebuilt = f"{rebuilt[: row['start_a']]} {row['text_b']} {rebuilt[row['end_a'] :]}"
    assert [t.key for t in tokenize(rebuilt)] == [t.key for t in tokenize(b)]
    assert diff.is_empty() == ([t.key for t in tokenize(a)] == [t.key for t in tokenize(b)])


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        # A combining mark or a joiner is inside a word for polars' tokens, so for the diff too.
        ("so nai\u0308ve", ["so", "nai\u0308ve"]),
        ("mi\u200cma x", ["mi\u200cma", "x"]),
        # Numbers keep their separators; every other mark is a token of its own.
        ("“1,400” killed.", ['"', "1,400", '"', "killed", "."]),
        ("Hamas‐run ½", ["hamas-run", "½"]),
    ],
)
def test_tokenize_uses_the_shared_token_rule(text: str, keys: list[str]) -> None:
    got = tokenize(text)
    assert [t.key for t in got] == keys
    assert [len(text[t.start : t.end]) for t in got] == [len(k) for k in keys]
