"""The lexicon format: phrase expansion, validation with line numbers, the default lexicon, overrides."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from discourse import Label, LexiconError, default_lexicon, expand_phrases, read_lexicon


def lexicon_from(text: str):
    return read_lexicon(io.StringIO(textwrap.dedent(text)))


@pytest.mark.parametrize(
    ("phrase", "variants", "expected"),
    [
        ("terrorist organi{s,z}ation", (), ("terrorist organisation", "terrorist organization")),
        ("Israel Defen{c,s}e Forces", (), ("Israel Defence Forces", "Israel Defense Forces")),
        ("fighter{,s}", (), ("fighter", "fighters")),
        ("{a,b} {c,d}", (), ("a c", "a d", "b c", "b d")),
        ("  the   resistance\n movement ", (), ("the resistance movement",)),
        ("militant", ("plural",), ("militant", "militants")),
        ("gunman", ("plural",), ("gunman", "gunmen")),
        ("atrocity", ("plural",), ("atrocity", "atrocities")),
        ("Islamist movement", ("plural",), ("Islamist movement", "Islamist movements")),
        ("church", ("plural",), ("church", "churches")),
        ("Hamas", ("possessive",), ("Hamas", "Hamas's")),
        (
            "militant",
            ("plural", "possessive"),
            ("militant", "militants", "militant's", "militants's"),
        ),
        ("Hamas-run", ("hyphen",), ("Hamas-run", "Hamas run")),
        (
            "open air prison",
            ("hyphen",),
            ("open air prison", "open air-prison", "open-air prison", "open-air-prison"),
        ),
        ("massacre*", ("plural", "possessive"), ("massacre*",)),
    ],
)
def test_expand_phrases(phrase: str, variants: tuple, expected: tuple) -> None:
    assert expand_phrases(phrase, variants=variants) == expected


@pytest.mark.parametrize(
    "phrase",
    ["", "   ", "organi{s,z ation", "organi}s{ation", "a {b,{c,d}}", "terr*or", "* x", "{,}"],
)
def test_expand_phrases_refuses_bad_syntax(phrase: str) -> None:
    with pytest.raises(LexiconError):
        expand_phrases(phrase)


VALID = """\
version: 1
sources:
  jackson: Holly Jackson's study
label_sets:
  hamas:
    description: How Hamas is designated.
    labels:
      militant:
        phrases: ["militant group", "militant{,s}"]
        variants: [possessive]
        rationale: Wire style.
        used_by: Wire services.
        sources: [jackson]
      resistance:
        phrases: [resistance movement]
        exclude: [Islamic Resistance Movement]
"""


def test_read_lexicon_builds_labels_in_file_order() -> None:
    lexicon = lexicon_from(VALID)
    hamas = lexicon.label_set("hamas")
    assert hamas.description == "How Hamas is designated."
    assert hamas.labels == (
        Label(
            "militant",
            ("militant group", "militant{,s}"),
            (),
            ("possessive",),
            "Wire style.",
            "Wire services.",
            ("jackson",),
        ),
        Label("resistance", ("resistance movement",), ("Islamic Resistance Movement",)),
    )
    assert lexicon.sources == {"jackson": "Holly Jackson's study"}


def test_to_frame_lists_every_form() -> None:
    expected = pl.DataFrame(
        {
            "label_set": ["hamas"] * 8,
            "label": ["militant"] * 6 + ["resistance"] * 2,
            "phrase": [
                "militant group",
                "militant group's",
                "militant",
                "militant's",
                "militants",
                "militants's",
                "resistance movement",
                "Islamic Resistance Movement",
            ],
            "pattern": ["militant group"] * 2
            + ["militant{,s}"] * 4
            + ["resistance movement", "Islamic Resistance Movement"],
            "exclusion": [False] * 7 + [True],
        }
    )
    assert_frame_equal(lexicon_from(VALID).to_frame(), expected)


def _replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (_replace("    description: How", "    descripton: How"), 6, "unknown key 'descripton'"),
        (
            _replace("        rationale: Wire", "        rational: Wire"),
            11,
            "unknown key 'rational'",
        ),
        (_replace("version: 1", "version: 2"), 1, "version must be 1"),
        (
            _replace('phrases: ["militant group", "militant{,s}"]', "phrases: []"),
            9,
            "has no phrases",
        ),
        (_replace('phrases: ["militant group", "militant{,s}"]', 'phrases: ["  "]'), 9, "is empty"),
        (
            _replace('phrases: ["militant group", "militant{,s}"]', "phrases: militant"),
            9,
            "must be a list",
        ),
        (
            _replace('phrases: ["militant group", "militant{,s}"]', "phrases: [3]"),
            9,
            "must be a text string",
        ),
        (_replace('"militant{,s}"]', '"militant{,s"]'), 9, "unbalanced or nested braces"),
        (_replace("variants: [possessive]", "variants: [plurals]"), 10, "unknown variant"),
        (
            _replace("phrases: [resistance movement]", "phrases: [militants]"),
            15,
            "listed under both 'militant' and 'resistance'",
        ),
        (
            _replace("exclude: [Islamic Resistance Movement]", "exclude: [resistance movement]"),
            16,
            "both a phrase and an exclusion",
        ),
        (_replace("sources: [jackson]", "sources: [breach]"), 13, "unknown source(s) ['breach']"),
        (_replace("      resistance:", "      militant:"), 14, "has the key 'militant' twice"),
        (_replace("  hamas:", "  Hamas:"), 5, "lower case letters"),
        ("label_sets:\n  a:\n    labels: {}\n", 3, "has no labels"),
        (_replace("version: 1", "version: 1\nlabel_sets: {}"), 5, "has the key 'label_sets' twice"),
        ("label_sets: {}\n", 1, "label_sets is empty"),
        ("version: 1\n", 1, "needs the key 'label_sets'"),
        ("label_sets:\n  a:\n    labels:\n      b: {phrases: [x]\n", 5, "not valid YAML"),
        ("", None, "the file is empty"),
        ("- a\n- b\n", 1, "must be a mapping"),
    ],
)
def test_read_lexicon_names_the_line_and_the_problem(
    text: str, line: int | None, reason: str
) -> None:
    with pytest.raises(LexiconError) as caught:
        read_lexicon(io.StringIO(text))
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_read_lexicon_names_the_file(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(_replace("variants: [possessive]", "variants: [plurals]"), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.yaml, line 10: unknown variant 'plurals'"):
        read_lexicon(path)
    with pytest.raises(LexiconError, match="cannot read the file"):
        read_lexicon(tmp_path / "missing.yaml")


def test_read_lexicon_from_a_path_equals_from_a_stream(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert read_lexicon(path).label_sets == lexicon_from(VALID).label_sets
    assert read_lexicon(path).source == str(path)


EXTRA = """\
label_sets:
  hamas:
    labels:
      militant: {phrases: [armed men]}
      terrorist: {phrases: ["terrorist{,s}"]}
  army:
    labels:
      official: {phrases: [IDF]}
"""


def test_extend_overrides_labels_appends_labels_and_sets() -> None:
    merged = lexicon_from(VALID).extend(lexicon_from(EXTRA))
    assert [s.name for s in merged.label_sets] == ["hamas", "army"]
    hamas = merged.label_set("hamas")
    assert [label.name for label in hamas.labels] == ["militant", "resistance", "terrorist"]
    assert hamas.label("militant").phrases == ("armed men",)
    assert hamas.description == "How Hamas is designated."
    assert merged.sources == {"jackson": "Holly Jackson's study"}


def test_extend_refuses_a_phrase_under_two_labels() -> None:
    clash = "label_sets:\n  hamas:\n    labels:\n      other: {phrases: [militant group]}\n"
    with pytest.raises(LexiconError, match="listed under both 'militant' and 'other'"):
        lexicon_from(VALID).extend(lexicon_from(clash))


def test_select_and_lookup_errors() -> None:
    lexicon = default_lexicon()
    assert [s.name for s in lexicon.select("deaths", "hamas").label_sets] == ["deaths", "hamas"]
    with pytest.raises(LexiconError, match="no label set 'nope'"):
        lexicon.label_set("nope")
    with pytest.raises(LexiconError, match="has no label 'nope'"):
        lexicon.label_set("hamas").label("nope")


REQUIRED_SETS = {
    "hamas",
    "israel",
    "israeli_military",
    "gaza",
    "west_bank",
    "palestinian_territories",
    "captives",
    "deaths",
    "figure_sourcing",
    "emotive",
}


def test_default_lexicon_documents_every_label() -> None:
    lexicon = default_lexicon()
    assert {s.name for s in lexicon.label_sets} >= REQUIRED_SETS
    assert {"jackson", "breach", "intercept", "cfmm"} <= set(lexicon.sources)
    for label_set in lexicon.label_sets:
        assert label_set.description, label_set.name
        for label in label_set.labels:
            where = f"{label_set.name}.{label.name}"
            assert label.rationale and label.used_by and label.sources, where
            assert set(label.sources) <= set(lexicon.sources), where


def test_default_lexicon_is_cached() -> None:
    assert default_lexicon() is default_lexicon()


@pytest.mark.parametrize("empty", [None, ""])
def test_read_lexicon_without_a_file_is_the_packaged_lexicon(empty: str | None) -> None:
    # Notebooks pass DISCOURSE_LEXICON through: unset (or empty) means the packaged lexicon.
    assert read_lexicon(empty) is default_lexicon()
    assert read_lexicon() is default_lexicon()


def test_the_notebook_lexicon_line_reads_a_file_or_the_default(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(VALID, encoding="utf-8")
    for setting, expected in (("", default_lexicon()), (str(path), read_lexicon(path))):
        lexicon = read_lexicon(setting and Path("..", setting))
        assert lexicon.label_sets == expected.label_sets


def test_expand_phrases_takes_variants_by_keyword() -> None:
    with pytest.raises(TypeError):
        expand_phrases("gunman", ["plural"])  # type: ignore[misc]
