"""Phrase matching: hand-counted edge cases, offsets back into the original, and brute-force checks."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from discourse import DiscourseError, PhraseMatcher, phrase_matches
from discourse.text._fold import fold_expr, fold_text, scan_expr
from discourse.text._patterns import FOLD_TABLE
from discourse.text._query import Match, parse_query

WS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def naive_fold(text: str) -> tuple[str, list[int]]:
    """Character by character: drop soft hyphens, collapse whitespace, lower-case and fold."""
    out: list[str] = []
    offsets: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch == "\xad":
            continue
        if ch in WS:
            if not in_space:
                out.append(" ")
                offsets.append(i)
            in_space = True
            continue
        in_space = False
        low = ch.lower().translate(FOLD_TABLE).replace("ς", "σ")
        out.extend(low)
        offsets.extend([i] * len(low))
    return "".join(out), [*offsets, len(text)]


def spans(patterns, text, **kw) -> list[tuple[str, object]]:
    return [(text[m.start : m.end], m.key) for m in PhraseMatcher(patterns).finditer(text, **kw)]


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("resistance movement", "The Resistance Movement said", ["Resistance Movement"]),
        ("resistance movement", "RESISTANCE MOVEMENT", ["RESISTANCE MOVEMENT"]),
        (
            "resistance movement",
            "a resistance\nmovement and a resistance\r\n movement",
            ["resistance\nmovement", "resistance\r\n movement"],
        ),
        ("resistance movement", "the resistance  movement", ["resistance  movement"]),
        ("resistance movement", "the resistance\u00a0movement", ["resistance\u00a0movement"]),
        ("resistance movement", "nonresistance movement", []),
        ("resistance movement", "resistance movements", []),
        ("resistance movement", "resistance-movement", []),
        ("militant", "militants and a militant", ["militant"]),
        ("militant{,s}", "militants and a militant", ["militants", "militant"]),
        ("israel's", "Israel’s army and Israel's", ["Israel’s", "Israel's"]),
        ("israel", "Israel’s army", ["Israel"]),
        ("hamas", "the Hamas-run ministry", ["Hamas"]),
        ("run", "the Hamas-run ministry", ["run"]),
        ("hamas-run", "the Hamas-run and Hamas‐run ministry", ["Hamas-run", "Hamas‐run"]),
        ("hamas", "Hamas, pro-Hamas, Hamass, _hamas, hamas2", ["Hamas", "Hamas"]),
        (
            "terror*",
            "terror, Terrorists, terrorism; counterterrorism",
            ["terror", "Terrorists", "terrorism"],
        ),
        ("terror*", "terror-linked", ["terror"]),
        (
            "organi{s,z}ation",
            "organisation, Organization, organizations",
            ["organisation", "Organization"],
        ),
        (
            "{hamas,islamic} movement",
            "Hamas movement; Islamic  movement; the movement",
            ["Hamas movement", "Islamic  movement"],
        ),
        ("terror* group", "a terrorist group and terror groups", ["terrorist group"]),
        ("killed", "kil\u00adled and killed", ["kil\u00adled", "killed"]),
        ("“alleged”", 'the “alleged” and "alleged" toll', ["“alleged”", '"alleged"']),
        ("u.s.", "U.S. officials, U.S.A.", ["U.S."]),
        ("istanbul", "İstanbul, istanbul", ["istanbul"]),
        ("i̇stanbul", "İstanbul, Istanbul", ["İstanbul"]),
        ("gaza", "Gaza\u2028Gaza", ["Gaza", "Gaza"]),
    ],
)
def test_hand_counted_matches(query: str, text: str, expected: list[str]) -> None:
    assert [s for s, _ in spans([query], text)] == expected


def test_offsets_survive_length_changing_characters() -> None:
    text = "İİ the  Resistance\u00adMovement İ resistance movement"
    # "İ" folds to two characters; the soft hyphen joins "ResistanceMovement" into one word.
    got = list(PhraseMatcher(["resistance movement"]).finditer(text))
    assert got == [Match(30, 49, "resistance movement", "resistance movement")]
    assert text[30:49] == "resistance movement"


def test_longest_match_wins_and_none_label_blocks() -> None:
    patterns = {
        "resistance movement": "R",
        "islamic resistance movement": None,
        "hamas": "H",
        "hamas-run": None,
    }
    text = "the Islamic Resistance Movement; a resistance movement; Hamas-run; Hamas"
    assert spans(patterns, text) == [
        ("Islamic Resistance Movement", None),
        ("resistance movement", "R"),
        ("Hamas-run", None),
        ("Hamas", "H"),
    ]
    assert spans(patterns, text, overlapping=True) == [
        ("Islamic Resistance Movement", None),
        ("Resistance Movement", "R"),
        ("resistance movement", "R"),
        ("Hamas-run", None),
        ("Hamas", "H"),
        ("Hamas", "H"),
    ]


@pytest.mark.parametrize(
    ("patterns", "text", "expected"),
    [
        ({"terror*": "W", "terrorist": "L"}, "terrorist", [("terrorist", "L")]),
        ({"terrorist": "L", "terror*": "W"}, "terrorists", [("terrorists", "W")]),
        ({"terror*": "short", "terrori*": "long"}, "terrorism", [("terrorism", "long")]),
        ({"a*": 1, "a b": 2}, "ab c a b", [("ab", 1), ("a b", 2)]),
        ({"hamas": "first", "{hamas,fatah}": "second"}, "Hamas", [("Hamas", "first")]),
    ],
)
def test_ties_go_to_the_more_specific_query(patterns, text, expected) -> None:
    assert spans(patterns, text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Terror*", [(("terror", True),)]),
        (
            "{Hamas, Islamic}  Movement",
            [(("hamas", False), ("movement", False)), (("islamic", False), ("movement", False))],
        ),
        ("militant{,s}", [(("militant", False),), (("militants", False),)]),
        ("{a,b}{c,d}", [(("ac", False),), (("ad", False),), (("bc", False),), (("bd", False),)]),
    ],
)
def test_parse_query(query: str, expected) -> None:
    assert parse_query(query) == expected


@pytest.mark.parametrize(
    "query", ["", "  ", "*", "ter*ror", "a {b", "a }b", "{a,{b}}", "*x", "{,}"]
)
def test_bad_queries_raise(query: str) -> None:
    with pytest.raises(DiscourseError):
        PhraseMatcher([query])


def test_phrase_matches_frame() -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["X", "Y", "X"],
            "title": ["t", "t", "t"],
            "text": ["Hamas-run\nministry. The Hamas ministry", "nothing", "Hamas"],
        }
    )
    got = phrase_matches(corpus.lazy(), patterns={"hamas": "H", "hamas-run": None})
    expected = pl.DataFrame(
        {
            "doc_id": ["a", "a", "c"],
            "outlet": ["X", "X", "X"],
            "start": [0, 24, 0],
            "end": [9, 29, 5],
            "match": ["Hamas-run", "Hamas", "Hamas"],
            "key": [None, "H", "H"],
        },
        schema_overrides={"start": pl.Int64, "end": pl.Int64, "key": pl.String},
    )
    assert_frame_equal(got, expected)


# -- property checks ---------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    [
        "a",
        "b",
        "A",
        "B",
        "é",
        "İ",
        "σ",
        "Σ",
        "ς",
        "1",
        "_",
        "-",
        "‐",
        "'",
        "’",
        "“",
        ".",
        ",",
        " ",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\u00a0",
        "\u2009",
        "\xad",
        "\u0307",
        "ʼ",
        "‑",
        "‘",
        "„",
    ]
)
WORDS = st.sampled_from(["a", "b", "ab", "ba", "aa", "abb", "a-b", "a'b", "é", "σα", "i̇", "K"])
texts = st.lists(st.one_of(ALPHABET, WORDS), max_size=40).map("".join)
queries = st.lists(
    st.sampled_from(
        [
            "a",
            "b",
            "ab",
            "a b",
            "a*",
            "b*",
            "a-b",
            "a'b",
            "{a,b} a",
            "a b*",
            "b a a",
            "é",
            "σα",
            "a{,b}",
            "ab*",
            "i̇",
            "a-*",
            "abb",
            "ab b*",
            "k",
            "σας",
            "a’b",
        ]
    ),
    min_size=1,
    max_size=5,
    unique=True,
)

WORD = r"(?:\w|[\u0300-\u036f])"  # Python's \w lacks combining marks, Rust's has them


def reference(patterns: list[str], text: str, overlapping: bool) -> list[tuple[int, int, str]]:
    """Brute force: one Python regex per variant tried at every position of the folded text."""
    folded, offsets = naive_fold(text)
    found = []
    for index, query in enumerate(patterns):
        for words in parse_query(query):
            body = " ".join(re.escape(w) + (WORD + "*" if wild else "") for w, wild in words)
            rx = re.compile(f"(?<!{WORD})(?:{body})(?!{WORD})")
            last, last_wild = words[-1]
            rank = (-len(last), last_wild, -sum(len(w) for w, _ in words), index)
            for start in range(len(folded)):
                m = rx.match(folded, start)
                if m:
                    found.append((start, -m.end(), rank, query))
    found.sort()
    out: list[tuple[int, int, str]] = []
    for start, neg_end, _, query in found:
        hit = (offsets[start], offsets[-neg_end], query)
        if (overlapping and hit not in out) or (
            not overlapping and (not out or offsets[start] >= out[-1][1])
        ):
            out.append(hit)
    return out


@given(texts)
@settings(max_examples=2000, deadline=None)
def test_fold_text_matches_naive_fold_and_polars(text: str) -> None:
    folded, offsets = fold_text(text)
    assert (folded, offsets.tolist()) == naive_fold(text)
    assert pl.select(fold_expr(pl.lit(text))).item() == folded


@given(texts, queries, st.booleans())
@settings(max_examples=2000, deadline=None)
def test_matcher_equals_brute_force(text: str, patterns: list[str], overlapping: bool) -> None:
    got = [
        (m.start, m.end, m.query)
        for m in PhraseMatcher(patterns).finditer(text, overlapping=overlapping)
    ]
    assert got == reference(patterns, text, overlapping)


@given(st.lists(texts, min_size=1, max_size=5), queries)
@settings(max_examples=200, deadline=None)
def test_polars_regex_gives_the_same_matches(docs: list[str], patterns: list[str]) -> None:
    matcher = PhraseMatcher(patterns)
    folded = pl.Series(docs).to_frame("t").select(fold_expr("t")).to_series()
    got = folded.str.extract_all(matcher.regex).to_list()
    for doc, hits in zip(docs, got, strict=True):
        f = fold_text(doc)[0]
        expected = [
            (f[s:e], matcher.queries[matcher.variants[r].pattern])
            for s, e, r in matcher.folded_matches(f)
        ]
        assert [(h, matcher.resolve(h)[1]) for h in hits] == expected


@given(st.lists(texts, min_size=1, max_size=5), queries)
@settings(max_examples=200, deadline=None)
def test_scan_regex_counts_the_same_matches_per_query(docs: list[str], patterns: list[str]) -> None:
    matcher = PhraseMatcher(patterns)
    folded = pl.Series(docs).to_frame("t").select(scan_expr("t")).to_series()
    got = folded.str.extract_all(matcher.scan_regex).to_list()
    for doc, hits in zip(docs, got, strict=True):
        expected = [m.query for m in matcher.finditer(doc)]
        assert [matcher.resolve(h)[1] for h in hits] == expected
        if expected and matcher.prefilter is not None:
            assert any(head in doc.lower() for head in matcher.prefilter) or any(
                c in doc for c in "\xad\u212a\u0130"
            )


@pytest.mark.parametrize(
    ("patterns", "text"),
    [
        (["terrors", "terror*"], "terrorsx terrors terrorist"),
        (["terrorists", "terrorist", "terror*"], "terroristsx terrorists terroristx"),
        (["a b c", "a b*"], "a b cd a b c a  bx"),
        (["terror* group", "terror*"], "terrorist group terrorist\ngroups"),
    ],
)
def test_scan_regex_tells_cut_wildcards_from_literals(patterns, text) -> None:
    matcher = PhraseMatcher(patterns)
    folded = pl.select(scan_expr(pl.lit(text))).item()
    got = pl.Series([folded]).str.extract_all(matcher.scan_regex).item().to_list()
    assert [matcher.resolve(h)[1] for h in got] == [m.query for m in matcher.finditer(text)]


def test_phrase_matches_keys_stay_strings_when_all_are_none() -> None:
    corpus = pl.DataFrame({"doc_id": ["a"], "text": ["Hamas-run"]})
    got = phrase_matches(corpus, patterns={"hamas-run": None})
    assert got.schema["key"] == pl.String
    assert got.select("start", "end", "match").rows() == [(0, 9, "Hamas-run")]


def test_only_dotted_capital_i_lowercases_to_more_characters() -> None:
    # fold_text special-cases U+0130; any other such character would shift offsets.
    longer = [
        c for i in range(0x110000) if not 0xD800 <= i < 0xE000 and len((c := chr(i)).lower()) != 1
    ]
    assert longer == ["\u0130"]
