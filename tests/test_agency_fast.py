"""The fast ``agency`` gives exactly the labels of the one it replaced (issue 16).

The rules as they were are frozen in :mod:`discourse.casualties._reference`. Both run here on the
hand-labelled sentences of the real data folder (read in place) and on generated sentences made
of the cue words, casualty verbs, abbreviations and characters that the tokeniser and the cue
prefilter treat specially; frames must be equal row for row, for both attributions, with and
without document context.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import benchmark_module
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from discourse import agency
from discourse.casualties import _cues, _verbs
from discourse.casualties._literals import factors, prefixes
from discourse.casualties._reference import _cues as reference_cues
from discourse.casualties._reference import _verbs as reference_verbs
from discourse.casualties._reference.tagging import agency as reference_agency
from discourse.casualties._words import CUES

OPTIONS: list[dict[str, Any]] = [
    {},
    {"attribution": "named"},
    {"document": "doc", "title": "title"},
    {"document": "doc", "title": "title", "attribution": "named"},
]

#: Words and phrases the rules and cue patterns react to, with characters the tokeniser folds,
#: lowers or splits on ("’", "‐", the Kelvin sign, the long s, a dotted capital I).
FRAGMENTS = [
    "Israeli",
    "Israel",
    "Israel's",
    "Israelis",
    "Palestinian",
    "Palestinians",
    "Gazan",
    "Gaza",
    "Gaza's",
    "Hamas",
    "Hamas'",
    "Hamas-run",
    "Hamas-led",
    "IDF",
    "IDF's",
    "Hezbollah",
    "southern Lebanon",
    "West Bank",
    "Rafah",
    "kibbutz",
    "kibbutzim",
    "Be’eri",
    "Nova festival",
    "in southern Israel",
    "near the Gaza border",
    "health ministry",
    "Gaza health ministry",
    "Israeli officials",
    "Israeli-Palestinian",
    "Palestinian-American",
    "Palestinian‐American",
    "Arab-Israeli",
    "27 Americans",
    "French citizens",
    "U.S.",
    "U.S. citizens",
    "US soldiers",
    "Oct. 7",
    "October 7th",
    "Oct. 7 attack",
    "Mr.",
    "Dr.",
    "1,400",
    "2.5",
    "civilians",
    "children",
    "women and children",
    "soldiers",
    "troops",
    "gunmen",
    "militants",
    "hostages",
    "the militant group",
    "air strikes",
    "airstrike",
    "rocket fire from Gaza",
    "Islamic Jihad",
    "Palestinian Islamic Jihad",
    "on both sides",
    "killed",
    "were killed",
    "was shot at",
    "shot at",
    "have been killed",
    "died",
    "dying of",
    "killing",
    "the killing of",
    "massacre",
    "a brutal massacre",
    "could be killed",
    "may have been killed",
    "threatened to kill",
    "only to be shot",
    "wounded",
    "death toll",
    "deaths",
    "a death sentence",
    "by",
    "in",
    "on",
    "of",
    "from",
    "the",
    "and",
    "or",
    "along with",
    "as well as",
    "which",
    "who",
    "those",
    "its",
    "their",
    "it",
    "said",
    "says",
    "since",
    "if",
    "had",
    ",",
    ".",
    ";",
    '"',
    "“",
    "”",
    "—",
    "(",
    ")",
    "'",
    "-",
    "KILLED",
    "\u212a",
    "\u017f",
    "\u0130srael",
    "é",
    "Zoë",
]

sentence_text = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=25).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map("".join),
    st.text(alphabet=st.sampled_from(list("aeilrs sdk.-'’,GHIPK\u017f\u0130")), max_size=40),
)


def compare(frame: pl.DataFrame) -> None:
    for options in OPTIONS:
        assert_frame_equal(
            agency(frame, **options), reference_agency(frame, **options), check_exact=True
        )


@pytest.fixture(scope="module")
def labelled(real_data: Path) -> pl.DataFrame:
    return benchmark_module("eval_agency").load_labelled(real_data)


def test_hand_labelled_sentences_get_the_reference_labels(labelled: pl.DataFrame) -> None:
    assert labelled.height > 10_000
    compare(labelled)


def test_hand_labelled_sentences_get_the_reference_tokens_and_cues(
    labelled: pl.DataFrame,
) -> None:
    texts = labelled["text"].to_list()
    for text in texts:
        tokens = _verbs.tokens_of(text)
        assert tokens == reference_verbs.tokens_of(text), text
        for named in (False, True):
            assert _cues.cues_of(tokens, named) == reference_cues.cues_of(tokens, named), text


def test_real_sentences_repeated_across_documents(labelled: pl.DataFrame) -> None:
    """Wire copy: the same sentence in many documents, each with its own context."""
    sample = labelled.head(400)
    repeated = pl.concat([sample, sample.with_columns(doc=pl.col("doc") + "-copy")]).sort(
        "doc", maintain_order=True
    )
    compare(repeated)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), sentence_text), min_size=1, max_size=12))
def test_generated_sentences(rows: list[tuple[int, str]]) -> None:
    frame = pl.DataFrame(
        {
            "doc": [f"d{doc}" for doc, _ in rows],
            "title": [f"{rows[0][1]} {doc}" for doc, _ in rows],
            "text": [text for _, text in rows],
        }
    )
    compare(frame)
    # The same sentences again, each twice: repeated text reads the same.
    compare(pl.concat([frame, frame]))


@settings(max_examples=300, deadline=None)
@given(sentence_text)
def test_generated_tokens_and_cues(text: str) -> None:
    tokens = _verbs.tokens_of(text)
    assert tokens == reference_verbs.tokens_of(text)
    for named in (False, True):
        assert _cues.cues_of(tokens, named) == reference_cues.cues_of(tokens, named)


def test_null_and_empty_sentences() -> None:
    frame = pl.DataFrame(
        {"doc": ["a", "a", "b"], "title": [None, None, "x"], "text": [None, "", "Two died."]},
        schema={"doc": pl.String, "title": pl.String, "text": pl.String},
    )
    compare(frame)


def test_every_real_cue_match_begins_with_a_prefix_of_its_pattern(
    labelled: pl.DataFrame,
) -> None:
    """The prefixes are necessary conditions: no match of a pattern starts otherwise."""
    checked = 0
    needs = [(pattern, prefixes(pattern.pattern), factors(pattern.pattern)) for pattern, *_ in CUES]
    for text in labelled["text"].to_list():
        norm = " ".join(_verbs.tokens_of(text))
        for pattern, found, needed in needs:
            for m in pattern.finditer(norm):
                checked += 1
                if found is not None:
                    assert any(m.group().startswith(p) for p in found), (pattern.pattern, m)
                elif needed is not None:
                    assert any(s in m.group() for s in needed), (pattern.pattern, m)
    assert checked > 30_000


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"gaza|rafah", {"gaza", "rafa"}),
        (r"(?<![\w'-])(?:idf|israel)(?![\w'-])", {"idf", "isra"}),
        (r"(?:palestinian )?islamic jihad", {"pale", "isla"}),
        (r"kibbutz\w*|nova", {"kibb", "nova"}),
        (r"[iy]es|no", {"ies", "yes", "no"}),
        (r"(?:oct\.?|october) 7", {"oct ", "oct.", "octo"}),
        (r"a(?:bc)*d", {"abc", "ad"}),
        # Nothing certain: a class, any character, a case-insensitive group, an optional start.
        (r"[a-z]+ing", None),
        (r".ab", None),
        (r"(?i:gaza)", None),
        (r"(?:the )?|x", None),
        (r"\w+-israeli", None),
    ],
)
def test_prefixes(pattern: str, expected: set[str] | None) -> None:
    found = prefixes(pattern)
    assert found == (None if expected is None else frozenset(expected))
    if found is not None:
        for text in ["gaza", "rafah", "idf", "israel", "islamic jihad", "no", "yes", "ad"]:
            m = re.match(pattern, text)
            assert m is None or any(m.group().startswith(p) for p in found)


def test_factors() -> None:
    assert factors(r"\w+-israelis?|hostages?|captives") == {"-israeli", "hostage", "captives"}
    assert factors(r"\w+|hostage") is None
