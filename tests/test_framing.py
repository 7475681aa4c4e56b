"""label_mentions: every matching rule on hand-written fixtures; the memo article against a hand count."""

from __future__ import annotations

import io
import random
import textwrap
from collections import Counter
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from discourse import DiscourseError, default_lexicon, label_mentions, read_lexicon
from discourse.framing._mentions import matcher as _matcher
from discourse.framing._mentions import may_match as _may_match

LEXICON = read_lexicon(
    io.StringIO(
        textwrap.dedent(
            """\
            label_sets:
              hamas:
                labels:
                  name: {phrases: [Hamas], variants: [possessive]}
                  resistance:
                    phrases: [resistance movement, "resistance fighter{,s}"]
                    exclude: [Islamic Resistance Movement]
                  militant: {phrases: ["{,Hamas }militant{,s}", militant group]}
                  terrorist:
                    phrases: ["{,Hamas }terrorist{,s}", "terrorist organi{s,z}ation"]
                    exclude: ["terrorist attack{,s}"]
              army:
                labels:
                  official: {phrases: ["Israel Defen{c,s}e Forces", IDF]}
                  army: {phrases: [Israeli army]}
              sourcing:
                labels:
                  qualified: {phrases: [Hamas-run], variants: [hyphen]}
              chain:
                labels:
                  ab: {phrases: [alpha beta]}
                  bcd: {phrases: [beta gamma delta]}
                  wild: {phrases: ["massacre*"]}
                  literal: {phrases: [massacred]}
            """
        )
    )
)


def mentions_of(*texts: str) -> pl.DataFrame:
    corpus = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": ["A"] * len(texts),
            "text": list(texts),
        }
    )
    return label_mentions(corpus, lexicon=LEXICON)


def found(text: str) -> list[tuple[str, str, str]]:
    """(label set, label, match) in text order."""
    return mentions_of(text).select("label_set", "label", "match").rows()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case, whitespace, line breaks, no-break spaces, curly apostrophes
        ("HAMAS and hamas", [("hamas", "name", "HAMAS"), ("hamas", "name", "hamas")]),
        ("a resistance\nmovement", [("hamas", "resistance", "resistance\nmovement")]),
        ("a resistance \r\n  movement", [("hamas", "resistance", "resistance \r\n  movement")]),
        ("a resistance\u00a0movement", [("hamas", "resistance", "resistance\u00a0movement")]),
        ("Hamas’s leaders", [("hamas", "name", "Hamas’s")]),
        # spelling variants
        ("the terrorist organization", [("hamas", "terrorist", "terrorist organization")]),
        ("the terrorist organisation", [("hamas", "terrorist", "terrorist organisation")]),
        ("Israel Defence Forces", [("army", "official", "Israel Defence Forces")]),
        ("Israel Defense Forces", [("army", "official", "Israel Defense Forces")]),
        # hyphen or space, and a Unicode hyphen folded to "-"
        (
            "the Hamas run ministry",
            [("hamas", "name", "Hamas"), ("sourcing", "qualified", "Hamas run")],
        ),
        (
            "the Hamas‐run ministry",
            [("hamas", "name", "Hamas"), ("sourcing", "qualified", "Hamas‐run")],
        ),
        # whole words only
        ("militantly nonHamas", []),
        # a plural is a different word unless the lexicon lists it
        ("resistance fighters", [("hamas", "resistance", "resistance fighters")]),
        # exclusions consume their stretch; the same words elsewhere still count
        (
            "the Islamic Resistance Movement, a resistance movement",
            [("hamas", "resistance", "resistance movement")],
        ),
        ("a terrorist attack by terrorists", [("hamas", "terrorist", "terrorists")]),
        # longest match first; one stretch never counts twice within a set
        ("Hamas militants", [("hamas", "militant", "Hamas militants")]),
        ("the militant group", [("hamas", "militant", "militant group")]),
        ("alpha beta gamma delta", [("chain", "bcd", "beta gamma delta")]),
        ("alpha beta gamma", [("chain", "ab", "alpha beta")]),
        # a literal beats a wildcard at the same span; the wildcard takes other endings
        (
            "massacred massacres",
            [("chain", "literal", "massacred"), ("chain", "wild", "massacres")],
        ),
        # a soft hyphen inside a word is dropped, however the words around it are spelt
        ("Mili\xadtants fired", [("hamas", "militant", "Mili\xadtants")]),
        ("alpha\xad beta", [("chain", "ab", "alpha\xad beta")]),
        # label sets are independent: the same words count once in each set
        (
            "the IDF and the Israeli army",
            [("army", "official", "IDF"), ("army", "army", "Israeli army")],
        ),
    ],
)
def test_matching_rules(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("called them ‘terrorists’ again", True),
        ("called them “terrorists” again", True),
        ('called them "terrorists" again', True),
        ("called them 'terrorists' again", True),
        ("“They are terrorists,” he said.", True),
        (
            "“The long quotation runs on. Terrorists",
            True,
        ),  # open double quote runs to paragraph end
        ("“Closed quotation.”\n\nTerrorists", False),  # quotes never cross a paragraph break
        ("Israel’s army said terrorists' weapons", False),  # apostrophes are not quotes
        ("the ’90s, then terrorists", False),
        ("terrorists", False),
        ("‘a’ terrorists ‘b’", False),
    ],
)
def test_quoted(text: str, quoted: bool) -> None:
    mentions = mentions_of(text).filter(label="terrorist")
    assert mentions["quoted"].to_list() == [quoted]


def test_the_prefilter_keeps_exactly_the_documents_that_can_match() -> None:
    """Every phrase of the default lexicon, disguised by folding, passes the fast prefilter."""
    matcher = _matcher(default_lexicon())
    rng = random.Random(7)
    texts = ["Nothing to see here.", "", None]
    for variant in matcher.variants:
        chars = []
        for char in variant.text:
            pick = rng.random()
            if char == "k" and pick < 0.5:
                char = "\u212a"
            elif char == " ":
                char = rng.choice([" ", "\n", "\xa0 ", " \xad"])
            chars.append(char.upper() if pick < 0.3 else char)
        chars.insert(rng.randrange(len(chars) + 1), "\xad" if rng.random() < 0.3 else "")
        texts.append("Before, " + "".join(chars) + " after.")
    corpus = pl.DataFrame({"text": texts}, schema={"text": pl.String})
    can_match = [bool(text) and any(True for _ in matcher.finditer(text)) for text in texts]
    assert sum(can_match) == len(matcher.variants)
    assert corpus.select(_may_match(matcher)).to_series().to_list() == can_match


def test_offsets_point_into_the_original_text() -> None:
    text = "“Hamas‐run”  ministry:\n the Islamic  Resistance\nMovement’s IDF and Hamas’s militants."
    mentions = mentions_of(text)
    assert mentions.height == 5
    for start, end, match in mentions.select("start", "end", "match").rows():
        assert text[start:end] == match


def test_columns_sentences_and_groups() -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": ["x", "y", "z"],
            "outlet": ["A", "B", "B"],
            "published": [date(2023, 10, 7), None, date(2023, 10, 9)],
            "title": [None, None, None],
            "url": [None, None, None],
            "text": ["Nothing here. Hamas said so. Then the IDF.", "", None],
            "section": ["world", "opinion", "world"],
        },
        schema_overrides={"title": pl.String, "url": pl.String, "text": pl.String},
    )
    expected = pl.DataFrame(
        {
            "doc_id": ["x", "x"],
            "outlet": ["A", "A"],
            "published": [date(2023, 10, 7)] * 2,
            "section": ["world", "world"],
            "sentence": [1, 2],
            "label_set": ["hamas", "army"],
            "label": ["name", "official"],
            "match": ["Hamas", "IDF"],
            "start": [14, 38],
            "end": [19, 41],
            "quoted": [False, False],
        }
    )
    assert_frame_equal(label_mentions(corpus, lexicon=LEXICON), expected)
    assert_frame_equal(label_mentions(corpus.lazy(), lexicon=LEXICON), expected)


def test_metadata_columns_that_clash_are_refused() -> None:
    corpus = pl.DataFrame({"doc_id": ["d"], "outlet": ["A"], "label": ["x"], "text": ["Hamas"]})
    with pytest.raises(DiscourseError, match=r"\['label'\] would clash"):
        label_mentions(corpus, lexicon=LEXICON)


def test_no_mentions_gives_an_empty_frame_with_the_columns() -> None:
    mentions = mentions_of("Nothing to see.")
    assert mentions.height == 0
    assert mentions.columns == [
        "doc_id",
        "outlet",
        "sentence",
        "label_set",
        "label",
        "match",
        "start",
        "end",
        "quoted",
    ]


@pytest.mark.parametrize(
    ("phrase", "label_set", "label"),
    [
        ("the resistance movement", "hamas", "resistance"),
        ("resistance fighters", "hamas", "resistance"),
        ("the militant group", "hamas", "militant"),
        ("militants", "hamas", "militant"),
        ("gunmen", "hamas", "gunmen"),
        ("the terrorist organisation", "hamas", "terrorist"),
        ("terrorists", "hamas", "terrorist"),
        ("the Islamist group", "hamas", "islamist"),
        ("the Israel Defense Forces", "israeli_military", "official"),
        ("the IDF", "israeli_military", "official"),
        ("the occupation state", "israel", "occupation"),
        ("the apartheid state", "israel", "apartheid"),
        ("the Zionist entity", "israel", "zionist"),
        ("the occupied West Bank", "west_bank", "occupied"),
        ("Judea and Samaria", "west_bank", "judea_samaria"),
        ("they were killed", "deaths", "killed"),
        ("they died", "deaths", "died"),
        ("they lost their lives", "deaths", "lost_lives"),
        ("they were massacred", "deaths", "massacred"),
        ("they were slaughtered", "deaths", "slaughtered"),
        ("they were murdered", "deaths", "murdered"),
        ("they perished", "deaths", "perished"),
        ("according to the health ministry", "figure_sourcing", "health_ministry"),
        ("the Hamas-controlled ministry", "figure_sourcing", "hamas_qualified"),
        ("the alleged toll", "figure_sourcing", "doubt"),
        ("Israeli officials said", "figure_sourcing", "israeli_officials"),
        ("a horrific attack", "emotive", "horrific"),
        ("a barbaric attack", "emotive", "barbaric"),
        ("a massacre", "emotive", "massacre"),
        ("the slaughter", "emotive", "slaughter"),
        ("brutal", "emotive", "brutal"),
        ("they butchered", "emotive", "butchered"),
        ("the hostages", "captives", "hostages"),
        ("the detainees", "captives", "detainees"),
    ],
)
def test_default_lexicon_covers_the_issue_vocabulary(
    phrase: str, label_set: str, label: str
) -> None:
    corpus = pl.DataFrame({"doc_id": ["d"], "outlet": ["A"], "text": [phrase]})
    mentions = label_mentions(corpus).filter(label_set=label_set)
    assert mentions.select("label").to_series().to_list() == [label]


# The Middle East Monitor article, counted by hand from the body text (the front matter excluded):
# "Hamas" 5 times (the formal name "Islamic Resistance Movement" beside it is excluded), "the
# resistance movement" and "resistance fighters" once each, "Israel" 8 (including the closing
# cross-link line), "occupation state" twice ("the occupation state", "The apartheid occupation
# state"), "Israel Defence Forces" and "Israeli army" once each, "Gaza"/"Gaza Strip" 8 (one inside
# Musk's quoted words) and "the enclave" once, "hostages" once, "killed" 3 times, "die" once
# (inside scare quotes in the cross-link), "alleged" once. Nothing emotive.
MEMO_HAND_COUNT = {
    ("hamas", "name"): 5,
    ("hamas", "resistance"): 2,
    ("israel", "name"): 8,
    ("israel", "occupation"): 2,
    ("israeli_military", "official"): 1,
    ("israeli_military", "army"): 1,
    ("gaza", "name"): 8,
    ("gaza", "enclave"): 1,
    ("captives", "hostages"): 1,
    ("deaths", "killed"): 3,
    ("deaths", "died"): 1,
    ("figure_sourcing", "doubt"): 1,
}


@pytest.mark.realdata
def test_memo_article_matches_the_hand_count(real_data) -> None:
    from discourse import read_corpus

    corpus = read_corpus(real_data / "memo-2023-11-29-musk-gaza.txt")
    mentions = label_mentions(corpus, lexicon=default_lexicon())
    counts = Counter(mentions.select("label_set", "label").rows())
    assert dict(counts) == MEMO_HAND_COUNT
    text = corpus["text"][0]
    assert mentions.filter(pl.col("quoted"))["match"].to_list() == ["Gaza", "die"]
    name = text.index("Islamic Resistance Movement")
    hamas = mentions.filter(label_set="hamas")
    assert hamas.filter((pl.col("start") < name + 27) & (pl.col("end") > name)).height == 0
    for start, end, match in mentions.select("start", "end", "match").rows():
        assert text[start:end] == match


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # Short labels that reports of the Musk visit used (../shared/corpora/real coverage index).
        ("the Hamas terrorist organization", [("hamas", "terrorist")]),
        ("Hamas terrorists", [("hamas", "terrorist")]),
        ("Hamas militants", [("hamas", "militant")]),
        ("Gaza-based militant group Hamas", [("gaza", "name"), ("hamas", "militant")]),
        ("pro-Palestinian militants", [("hamas", "militant")]),
        ("Palestinian gunmen", [("hamas", "gunmen")]),
        ("the Palestinian armed group", [("hamas", "group")]),
        ("the Palestinian group that controls Gaza", [("hamas", "governing"), ("gaza", "name")]),
        ("the Islamic Resistance Movement, Hamas", [("hamas", "name")]),
        ("the Hamas terror attacks", [("hamas", "name"), ("attack", "terror_attack")]),
        ("the barbaric October 7 Hamas attack", [("emotive", "barbaric"), ("hamas", "name")]),
        (
            "Hamas-led authorities put the death toll",
            [("hamas", "name"), ("figure_sourcing", "hamas_qualified")],
        ),
        ("52 people were massacred", [("deaths", "massacred")]),
        ("the occupier", [("israel", "occupation")]),
        ("besieged Gaza", [("gaza", "besieged")]),
        ("the occupied Palestinian territories", [("palestinian_territories", "occupied")]),
        ("IDF strikes", [("israeli_military", "official")]),
        ("Israel's military", [("israeli_military", "army")]),
        ("pro-Palestine protesters in Palestine", [("palestinian_territories", "palestine")]),
        (
            "hostages Hamas kidnapped",
            [("captives", "hostages"), ("hamas", "name"), ("captives", "abducted")],
        ),
    ],
)
def test_default_lexicon_on_designations_seen_in_real_coverage(phrase: str, expected: list) -> None:
    corpus = pl.DataFrame({"doc_id": ["d"], "outlet": ["A"], "text": [phrase]})
    assert label_mentions(corpus).select("label_set", "label").rows() == expected
