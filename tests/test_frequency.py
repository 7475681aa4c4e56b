"""Term frequencies: hand counts, agreement with PhraseMatcher and plain Python, real data."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from discourse import (
    DiscourseError,
    PhraseMatcher,
    dispersion,
    group_sizes,
    term_counts,
    term_frequency,
    with_period,
)
from discourse._typing import Possessives
from discourse.terms import frequency
from discourse.terms._packed import TooWide, _Table
from discourse.text._fold import token_re
from discourse.text._patterns import (
    CONTRACTED,
    POSSESSIVE_PATTERN,
    TOKEN_PATTERN,
    normalise_token,
)

I64 = pl.Int64


def frame(rows: list[tuple], by: list[str]) -> pl.DataFrame:
    cols = [*by, "term", "n", "docs"]
    return pl.DataFrame(rows, schema=cols, orient="row").with_columns(pl.col("n", "docs").cast(I64))


def test_unigrams_by_outlet_hand_counted(tiny_corpus: pl.DataFrame) -> None:
    got = term_counts(tiny_corpus, by="outlet").filter(pl.col("n") > 1)
    assert_frame_equal(got, frame([("Alpha", "said", 2, 2), ("Alpha", "the", 2, 1)], ["outlet"]))
    beta = term_counts(tiny_corpus, by="outlet").filter(pl.col("outlet") == "Beta")
    assert beta["term"].sort().to_list() == sorted(
        ["the", "terrorist", "organisation", "killed", "civilians", "officials", "said"]
    )
    assert beta["n"].to_list() == [1] * 7


def test_bigrams_do_not_cross_sentence_ends(tiny_corpus: pl.DataFrame) -> None:
    alpha = term_counts(tiny_corpus.filter(pl.col("doc_id") == "a1"), ngram=2)
    assert sorted(alpha["term"].to_list()) == sorted(
        [
            "hamas militants",
            "militants attacked",
            "smith said",
            "said 12",
            "12 people",
            "people were",
            "were killed",
        ]
    )
    tri = term_counts(tiny_corpus, ngram=3, by="outlet").filter(pl.col("outlet") == "Beta")
    assert tri["term"].to_list()[:1] == ["civilians officials said"]
    assert tri.height == 5


def test_bigrams_sorted_as_strings() -> None:
    # Bigrams are sorted as integers before they are decoded: the order must still be that of
    # the strings, with a first word that is a prefix of another ("ab c" < "ab-d e" < "abc a").
    text = "abc a. ab-d e. ab c. ab’s x. ab 3.5. Ab C. été z. z été. ΟΔΟΣ b. ab-d e. a1 b. a b"
    corpus = pl.DataFrame({"doc_id": ["d", "e"], "outlet": ["Y", "X"], "text": [text, text]})
    rows = term_counts(corpus, ngram=2, by="outlet").rows()
    assert [r[1] for r in rows[:2]] == ["ab c", "ab-d e"]  # n = 2 first
    assert rows == sorted(rows, key=lambda r: (r[0], -r[2], r[1]))
    # Ten bigram types per outlet; "ab’s x" is two since possessives="split" became the
    # default ("ab 's", "'s x"): eleven.
    assert len(rows) == 2 * 11


def test_stopwords_drop_ngrams(tiny_corpus: pl.DataFrame) -> None:
    got = term_counts(tiny_corpus, ngram=2, stopwords="english", by="outlet")
    assert "the resistance" not in got["term"].to_list()
    assert "resistance movement" in got["term"].to_list()
    mine = term_counts(tiny_corpus, stopwords=["said", "the"])
    assert not {"said", "the"} & set(mine["term"].to_list())


def test_group_sizes_hand_counted(tiny_corpus: pl.DataFrame) -> None:
    expected = pl.DataFrame(
        {"outlet": ["Alpha", "Beta"], "tokens": [19, 7], "articles": [2, 1]},
        schema_overrides={"articles": I64},
    )
    assert_frame_equal(group_sizes(tiny_corpus, by="outlet"), expected)
    assert group_sizes(tiny_corpus).rows() == [(26, 3)]


@pytest.mark.parametrize(
    ("text", "query", "n"),
    [
        ("The Resistance Movement and the resistance movement", "resistance movement", 2),
        ("a resistance\nmovement, a resistance\r\n  movement", "resistance movement", 2),
        ("a resistance  movement and resistance\u00a0movement", "resistance movement", 2),
        ("nonresistance movement", "resistance movement", 0),
        ("Israel’s and Israel's", "israel's", 2),
        ("the Hamas-run ministry, Hamas‐run", "hamas-run", 2),
        ("the Hamas-run ministry", "hamas", 1),
        ("militants, a militant", "militant", 1),
        ("terror, terrorists, counterterrorism", "terror*", 2),
        ("organisation and organization", "organi{s,z}ation", 2),
        # Matched as written, case-insensitively, unless one of these characters is present:
        ("KILLED, Killed", "killed", 2),
        ("\u017fiege and SIEGE", "siege", 1),  # long s is "s" only to a case-insensitive regex
        ("\u212aILLED and killed", "killed", 2),  # Kelvin sign lower-cases to "k"
        ("\u0130DF and IDF", "idf", 1),  # dotted capital I lower-cases to two characters
        ("ISRAEL\u02bcS and ISRAEL'S", "israel's", 2),
        ("KIL\xadLED", "killed", 1),
    ],
)
def test_term_counts_edge_cases(text: str, query: str, n: int) -> None:
    corpus = pl.DataFrame({"doc_id": ["d"], "text": [text]})
    assert term_counts(corpus, terms=[query]).rows() == [(query, n, int(n > 0))]


def test_labels_merge_and_none_blocks(tiny_corpus: pl.DataFrame) -> None:
    terms = {"terrorist organi{s,z}ation": "terrorist", "killed": "killed", "organisation": None}
    got = term_counts(tiny_corpus.lazy(), terms=terms, by="outlet")
    expected = frame(
        [
            ("Alpha", "killed", 1, 1),
            ("Alpha", "terrorist", 0, 0),
            ("Beta", "killed", 1, 1),
            ("Beta", "terrorist", 1, 1),
        ],
        ["outlet"],
    )
    assert_frame_equal(got, expected)


def test_term_frequency_rates_and_denominator(tiny_corpus: pl.DataFrame) -> None:
    deaths = pl.DataFrame({"outlet": ["Alpha"], "deaths": [4]})
    got = term_frequency(tiny_corpus, terms=["said"], by="outlet", denominator=deaths)
    expected = pl.DataFrame(
        {
            "outlet": ["Alpha", "Beta"],
            "term": ["said", "said"],
            "n": [2, 1],
            "docs": [2, 1],
            "tokens": [19, 7],
            "articles": [2, 1],
            "per_10k": [2 * 10_000 / 19, 10_000 / 7],
            "per_article": [1.0, 1.0],
            "doc_share": [1.0, 1.0],
            "per_unit": [0.5, None],
        },
        schema_overrides={"n": I64, "docs": I64, "articles": I64},
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    "denominator",
    [
        pl.DataFrame({"deaths": [4]}),
        pl.DataFrame({"week": [date(2023, 10, 2)], "deaths": [4]}),
        pl.DataFrame({"outlet": ["Alpha", "Alpha"], "deaths": [4, 5]}),
    ],
)
def test_bad_denominator_raises(tiny_corpus: pl.DataFrame, denominator: pl.DataFrame) -> None:
    with pytest.raises(DiscourseError):
        term_frequency(tiny_corpus, terms=["said"], by="outlet", denominator=denominator)


def test_counts_per_week(tiny_corpus: pl.DataFrame) -> None:
    weekly = with_period(tiny_corpus.lazy(), every="week")
    got = term_counts(weekly, terms=["said"], by=["outlet", "week"])
    assert got.rows() == [
        ("Alpha", date(2023, 10, 2), "said", 1, 1),
        ("Alpha", date(2023, 10, 9), "said", 1, 1),
        ("Beta", date(2023, 10, 2), "said", 1, 1),
    ]


def test_dispersion_hand_computed() -> None:
    # sizes 2, 3, 5 tokens (shares .2, .3, .5); "war" 2, 1, 0 of 3:
    # DP = (|2/3-.2| + |1/3-.3| + |0-.5|) / 2 = 0.5; DPnorm = 0.5 / (1 - .2) = 0.625.
    # "talks" 0, 0, 2: DP = (.2 + .3 + |1-.5|) / 2 = 0.5.
    corpus = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "g": ["x"] * 3,
            "text": ["war war", "war and peace", "peace talks and more talks"],
        }
    )
    got = dispersion(corpus, terms=["war", "talks"], by="g")
    assert got.select("term", "n", "docs").rows() == [("war", 3, 2), ("talks", 2, 1)]
    assert got["dp"].to_list() == pytest.approx([0.5, 0.5])
    assert got["dp_norm"].to_list() == pytest.approx([0.625, 0.625])


def test_dispersion_after_a_document_without_the_query() -> None:
    # The first document holds no "war" (it must still count as a document of share 2/6).
    # Sizes 2, 1, 3 (shares 1/3, 1/6, 1/2); "war" 0, 1, 2 of 3:
    # DP = (1/3 + |1/3-1/6| + |2/3-1/2|) / 2 = 1/3; DPnorm = (1/3) / (1 - 1/6) = 0.4.
    corpus = pl.DataFrame(
        {"doc_id": ["a", "b", "c"], "text": ["peace talks", "war", "war war peace"]}
    )
    got = dispersion(corpus, terms=["war"])
    assert got.select("term", "n", "docs").rows() == [("war", 3, 2)]
    assert got["dp"].to_list() == pytest.approx([1 / 3])
    assert got["dp_norm"].to_list() == pytest.approx([0.4])


# -- agreement with independent counts ---------------------------------------------------------

words = st.sampled_from(
    [
        "Hamas",
        "hamas-run",
        "Hamas’s",
        "killed",
        "Killed",
        "kil\xadled",
        "the",
        "terror",
        "terrorists",
        "militant",
        "militants",
        "3.5",
        "İ",
        "resistance",
        "movement",
        "nonresistance",
        "Israelʼs",
        "ʼtis",
        "ΟΔΟΣ",
        "x‑y",
        "‘quote",
        "“Hamas”",
        "a_b",
    ]
)
seps = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        ". ",
        "! ",
        ", ",
        "\n\n",
        "\u00a0",
        "-",
        "’",
        "",
        "?",
        "\n \t\n",
        "ʼ",
        "‘",
        ":",
    ]
)
docs = st.lists(
    st.lists(st.tuples(words, seps), max_size=15).map(lambda p: "".join(a + b for a, b in p)),
    min_size=1,
    max_size=6,
)
QUERIES = ["hamas", "hamas-run", "killed", "terror*", "militant", "resistance movement", "hamas's"]


@given(docs)
@settings(max_examples=100, deadline=None)
def test_term_counts_equal_phrase_matcher(texts: list[str]) -> None:
    corpus = pl.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "text": texts})
    matcher = PhraseMatcher(QUERIES)
    n: Counter[str] = Counter()
    d: Counter[str] = Counter()
    for text in texts:
        found = [m.key for m in matcher.finditer(text)]
        n.update(found)
        d.update(set(found))
    got = term_counts(corpus, terms=QUERIES)
    assert {r[0]: (r[1], r[2]) for r in got.rows()} == {q: (n[q], d[q]) for q in QUERIES}


def python_tokens(token: str, possessives: str) -> list[str]:
    """One token normalised; with "split", a possessive ("israel's", not "it's") as two."""
    norm = normalise_token(token)
    found = re.match(POSSESSIVE_PATTERN, norm)
    if possessives == "split" and found and found.group(1) not in CONTRACTED:
        return [found.group(1), "'s"]
    return [norm]


def python_ngrams(text: str, k: int, possessives: str = "keep") -> list[str]:
    """Tokens and sentence breaks in one left-to-right scan, n-grams within each stretch."""
    out: list[str] = []
    stretch: list[str] = []
    for m in re.finditer(rf"({TOKEN_PATTERN})|[.!?]|\n[ \t\r\f\v]*\n|\Z", text):
        if m.group(1):
            stretch += python_tokens(m.group(1), possessives)
            continue
        out += [" ".join(stretch[i : i + k]) for i in range(len(stretch) - k + 1)]
        stretch = []
    return out


@given(
    docs,
    st.sampled_from([1, 2, 3, (1, 2), (2, 3), (1, 3)]),
    st.booleans(),
    st.sampled_from(["split", "keep"]),
)
@settings(max_examples=150, deadline=None)
def test_ngrams_equal_plain_python(
    texts: list[str], ngram: int | tuple[int, int], grouped: bool, possessives: Possessives
) -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": [str(i) for i in range(len(texts))],
            "outlet": ["B" if i % 3 else "A" for i in range(len(texts))],
            "text": texts,
        }
    )
    low, high = ngram if isinstance(ngram, tuple) else (ngram, ngram)
    n: Counter[tuple[str, str]] = Counter()
    d: Counter[tuple[str, str]] = Counter()
    for outlet, text in zip(corpus["outlet"], texts, strict=True):
        group = outlet if grouped else ""
        grams = [
            (group, g) for k in range(low, high + 1) for g in python_ngrams(text, k, possessives)
        ]
        n.update(grams)
        d.update(set(grams))
    by = "outlet" if grouped else None
    got = term_counts(corpus, ngram=ngram, by=by, possessives=possessives)
    rows = [r if grouped else ("", *r) for r in got.rows()]
    assert {(r[0], r[1]): (r[2], r[3]) for r in rows} == {g: (n[g], d[g]) for g in n}
    assert rows == sorted(rows, key=lambda r: (r[0], -r[2], r[1]))
    sizes = group_sizes(corpus, possessives=possessives)
    tokens = [python_tokens(t, possessives) for text in texts for t in token_re().findall(text)]
    assert sizes["tokens"].item() == sum(len(t) for t in tokens)


@pytest.mark.parametrize("ngram", [1, 2, (1, 2)])
def test_stopwords_in_ngram_ranges(ngram: int | tuple[int, int]) -> None:
    corpus = pl.DataFrame({"doc_id": ["a"], "text": ["The strike hit the camp. The camp"]})
    got = term_counts(corpus, ngram=ngram, stopwords=["the"])
    expected = {
        1: [("camp", 2, 1), ("hit", 1, 1), ("strike", 1, 1)],
        2: [("strike hit", 1, 1)],
    }
    sizes = [ngram] if isinstance(ngram, int) else [1, 2]
    want = sorted((r for k in sizes for r in expected[k]), key=lambda r: (-r[1], r[0]))
    assert got.rows() == want


@pytest.mark.parametrize("ngram", [0, 4, (2, 1), (0, 2), (1, 4), "2"])
def test_bad_ngram_raises(ngram: object) -> None:
    corpus = pl.DataFrame({"doc_id": ["a"], "text": ["x"]})
    with pytest.raises(DiscourseError, match="ngram must be"):
        term_counts(corpus, ngram=ngram)


@pytest.mark.parametrize("wide", [2**28, 2**29])
def test_packed_table_counts_when_ids_are_wide(wide: int) -> None:
    # Token ids near 2**28 leave 64 - 1 - 28 - 28 = 7 bits for the document index, so a batch
    # of 300 documents is counted in slices of 128; near 2**29 only 5 bits are left, and a
    # stable sort keeps the documents in order instead. The sums must not change.
    rng = np.random.default_rng(1)
    lengths = rng.integers(0, 6, 300)
    ids = rng.choice(np.array([wide - 1, wide - 2, 5], dtype=np.uint32), lengths.sum())
    group = np.zeros(300, dtype=np.uint32)
    table = _Table(2)
    doc = np.repeat(np.arange(300, dtype=np.uint32), lengths)
    table.add(group, ids, doc, np.zeros(ids.size, dtype=bool))
    table.compact()
    _, first, second, n, docs = table.columns()
    got = {(a, b): (x, y) for a, b, x, y in zip(first, second, n, docs, strict=True)}
    want_n: Counter[tuple[int, int]] = Counter()
    want_docs: Counter[tuple[int, int]] = Counter()
    start = 0
    for size in lengths:
        doc = ids[start : start + size].tolist()
        pairs = list(itertools.pairwise(doc))
        want_n.update(pairs)
        want_docs.update(set(pairs))
        start += size
    assert got == {k: (want_n[k], want_docs[k]) for k in want_n}
    with pytest.raises(TooWide, match="bits are needed"):
        wide = np.full(3, 2**28, np.uint32)
        _Table(2).add(np.full(1, 2**8, np.uint32), wide, np.zeros(3, np.uint32), wide == 0)


# -- real data ----------------------------------------------------------------------------------

REAL_TERMS = {
    "massacre*": r"massacre\w*",
    "slaughter*": r"slaughter\w*",
    "murder*": r"murder\w*",
    "killed": "killed",
    "died": "died",
    "terror*": r"terror\w*",
    "militant*": r"militant\w*",
    "hamas-{run,controlled,led}": "hamas-(?:run|controlled|led)",
}


def real_sentences(root: Path) -> pl.DataFrame:
    parts = []
    jackson = root / "datasets" / "jackson-us-newspapers"
    for name, outlet in [
        ("nyt_oct7_to_oct18", "New York Times"),
        ("nyt_oct18_to_oct22", "New York Times"),
        ("wp_oct7_to_oct22", "Washington Post"),
        ("wsj_oct7_to_oct22", "Wall Street Journal"),
    ]:
        df = pl.read_csv(jackson / f"tagged_data_{name}.csv", infer_schema=False)
        parts.append(
            df.select(
                pl.lit(outlet).alias("outlet"),
                pl.col("sentence").alias("text"),
                pl.lit(name).alias("source"),
            )
        )
    breach = root / "datasets" / "breach-canadian-newspapers"
    for name, outlet in [
        ("globe", "Globe and Mail"),
        ("post", "National Post"),
        ("star", "Toronto Star"),
    ]:
        df = pl.read_csv(breach / f"{name}_sentences.csv", infer_schema=False)
        parts.append(
            df.select(
                pl.lit(outlet).alias("outlet"),
                pl.col("sentence").alias("text"),
                pl.lit(name).alias("source"),
            )
        )
    corpus = pl.concat(parts).drop_nulls("text").with_row_index("row")
    return corpus.select(
        pl.format("{}:{}", "source", "row").alias("doc_id"),
        "outlet",
        pl.lit(None, pl.Date).alias("published"),
        pl.lit(None, pl.String).alias("title"),
        pl.lit(None, pl.String).alias("url"),
        "text",
        "source",
    )


@pytest.mark.realdata
def test_real_sentence_counts_equal_plain_python_recount(real_data: Path) -> None:
    corpus = real_sentences(real_data)
    assert corpus.height > 10_000
    got = term_counts(corpus, terms=list(REAL_TERMS), by="outlet")
    expected: Counter[tuple[str, str]] = Counter()
    docs: Counter[tuple[str, str]] = Counter()
    for outlet, text in corpus.select("outlet", "text").iter_rows():
        plain = " ".join(text.split()).lower().replace("\u2010", "-").replace("\u2011", "-")
        for term, pattern in REAL_TERMS.items():
            hits = len(re.findall(rf"(?<!\w){pattern}(?!\w)", plain))
            expected[outlet, term] += hits
            docs[outlet, term] += hits > 0
    assert {(o, t): (n, d) for o, t, n, d in got.rows()} == {
        key: (expected[key], docs[key]) for key in expected
    }
    assert got.filter(pl.col("term") == "killed")["n"].min() > 100


def test_dedupe_counts_a_syndicated_story_once() -> None:
    from datetime import date

    wire = "Officials said the convoy was delayed again at the crossing on Tuesday morning."
    corpus = pl.DataFrame(
        {
            "doc_id": ["copy", "wire", "own"],
            "outlet": ["Courier", "Wire", "Courier"],
            "published": [date(2023, 11, 25), date(2023, 11, 24), date(2023, 11, 25)],
            "text": [wire, wire, "The convoy was delayed, officials said."],
        }
    )
    plain = term_frequency(corpus, terms=["convoy"], by="outlet")
    once = term_frequency(corpus, terms=["convoy"], by="outlet", dedupe="verbatim")
    assert dict(plain.select("outlet", "n").rows()) == {"Courier": 2, "Wire": 1}
    assert dict(once.select("outlet", "n").rows()) == {"Courier": 1, "Wire": 1}
    assert dict(once.select("outlet", "articles").rows()) == {"Courier": 1, "Wire": 1}


def test_word_ids_stay_stable_between_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Batches of one document: every word must keep the id it was first given, or the counts
    # of one word would land on another.
    monkeypatch.setattr("discourse.terms._packed._BATCH", 1)
    texts = ["alpha beta", "gamma alpha", "delta beta gamma", "alpha"]
    corpus = pl.DataFrame({"doc_id": list("abcd"), "text": texts})
    got = term_counts(corpus, ngram=(1, 2)).rows()
    assert got == [
        ("alpha", 3, 3),
        ("beta", 2, 2),
        ("gamma", 2, 2),
        ("alpha beta", 1, 1),
        ("beta gamma", 1, 1),
        ("delta", 1, 1),
        ("delta beta", 1, 1),
        ("gamma alpha", 1, 1),
    ]


@pytest.mark.parametrize("ngram", [1, 3, (1, 3)])
def test_too_wide_to_pack_falls_back_to_strings(
    monkeypatch: pytest.MonkeyPatch, ngram: int | tuple[int, int]
) -> None:
    # With 2-bit keys no n-gram fits; the string path must give the same table.
    corpus = pl.DataFrame(
        {
            "doc_id": list("abc"),
            "outlet": ["X", "Y", "X"],
            "text": ["The strike hit the camp. The camp", "camp strike hit", "hit the camp"],
        }
    )
    packed = term_counts(corpus, ngram=ngram, by="outlet")
    calls: list[int] = []
    doc_counts = frequency._doc_counts

    def spy(*args: object, **options: object) -> object:
        calls.append(1)
        return doc_counts(*args, **options)

    monkeypatch.setattr("discourse.terms._packed._KEY_BITS", 2)
    monkeypatch.setattr(frequency, "_doc_counts", spy)

    assert_frame_equal(term_counts(corpus, ngram=ngram, by="outlet"), packed)
    assert len(calls) == 1


def test_many_small_batches_and_split_merges_count_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Batches of two documents and merges every few rows, each cut into two halves at a key:
    # the table must equal the one counted in one batch and the plain-Python recount.
    texts = [
        "Strikes hit the camp. The camp burned",
        "the camp was hit again, strikes said",
        "No strikes. Camp quiet",
        "strikes and strikes and the camp",
        "Hit the camp hit the camp",
        "burned camp, burned tents",
        "The strikes stopped",
    ]
    corpus = pl.DataFrame(
        {"doc_id": [str(i) for i in range(7)], "outlet": list("ABABABA"), "text": texts}
    )
    whole = term_counts(corpus, ngram=(1, 3), by="outlet")
    monkeypatch.setattr("discourse.terms._packed._BATCH", 2)
    monkeypatch.setattr("discourse.terms._packed._COMPACT", {True: 3, False: 3})
    monkeypatch.setattr("discourse.terms._packed._SPLIT", 6)
    assert_frame_equal(term_counts(corpus, ngram=(1, 3), by="outlet"), whole)
    n: Counter[tuple[str, str]] = Counter()
    for outlet, text in zip(corpus["outlet"], texts, strict=True):
        n.update((outlet, g) for k in (1, 2, 3) for g in python_ngrams(text, k))
    assert {(r[0], r[1]): r[2] for r in whole.rows()} == dict(n)


TOP_TEXTS = {
    # X: camp 3, hit 2, the 2, strike 1, tents 1 (ties at 2 and at 1 broken by term)
    "X": ["The camp hit the camp", "camp hit strike tents"],
    # Y: one document, every word once
    "Y": ["quiet night"],
    # Z: no token at all
    "Z": ["..."],
}


def top_corpus() -> pl.DataFrame:
    rows = [(o, t) for o, texts in TOP_TEXTS.items() for t in texts]
    return pl.DataFrame(
        {
            "doc_id": [str(i) for i in range(len(rows))],
            "outlet": [o for o, _ in rows],
            "text": [t for _, t in rows],
        }
    )


def test_top_terms_per_group_hand_counted() -> None:
    got = term_counts(top_corpus(), by="outlet", top=2)
    expected = frame(
        [("X", "camp", 3, 2), ("X", "hit", 2, 2), ("Y", "night", 1, 1), ("Y", "quiet", 1, 1)],
        ["outlet"],
    )
    assert_frame_equal(got, expected)
    assert term_counts(top_corpus(), top=1).rows() == [("camp", 3, 2)]


@pytest.mark.parametrize("top", [1, 2, 3, 4, 50])
@pytest.mark.parametrize("ngram", [1, 2, (1, 3)])
@pytest.mark.parametrize("wide", [False, True])
def test_top_equals_the_full_table_cut_per_group(
    monkeypatch: pytest.MonkeyPatch, top: int, ngram: int | tuple[int, int], wide: bool
) -> None:
    # Ties at the cut ("hit"/"the" at 2, five words at 1) are broken by term as in the full
    # table; the string path (keys too wide to pack) must cut the same rows.
    corpus = top_corpus()
    full = term_counts(corpus, ngram=ngram, by="outlet")
    expected = full.filter(pl.int_range(pl.len()).over("outlet") < top)
    if wide:
        monkeypatch.setattr("discourse.terms._packed._KEY_BITS", 2)
    assert_frame_equal(term_counts(corpus, ngram=ngram, by="outlet", top=top), expected)
    rates = term_frequency(corpus, ngram=ngram, by="outlet", top=top)
    assert_frame_equal(rates.select(full.columns), expected)


def test_top_with_queries_keeps_zero_rows_in_term_order() -> None:
    got = term_counts(top_corpus(), terms=["camp", "tents", "night"], by="outlet", top=2)
    assert got.rows() == [
        ("X", "camp", 3, 2),
        ("X", "tents", 1, 1),
        ("Y", "night", 1, 1),
        ("Y", "camp", 0, 0),
        ("Z", "camp", 0, 0),
        ("Z", "night", 0, 0),
    ]


@pytest.mark.parametrize("top", [0, -1, 1.5, True, "3"])
def test_bad_top_raises(top: object) -> None:
    with pytest.raises(DiscourseError, match="top must be a whole number"):
        term_counts(top_corpus(), top=top)


def test_top_with_many_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = top_corpus()
    expected = term_counts(corpus, ngram=(1, 2), by="outlet").filter(
        pl.int_range(pl.len()).over("outlet") < 3
    )
    monkeypatch.setattr("discourse.terms._packed._BATCH", 1)
    monkeypatch.setattr("discourse.terms._packed._COMPACT", {True: 2, False: 2})
    assert_frame_equal(term_counts(corpus, ngram=(1, 2), by="outlet", top=3), expected)


def test_empty_and_tokenless_corpora_give_empty_tables() -> None:
    corpus = top_corpus()
    for source in (corpus.clear(), corpus.filter(pl.col("outlet") == "Z")):
        got = term_frequency(source, by="outlet", ngram=2, top=5)
        assert got.height == 0
        assert got.columns == [
            "outlet", "term", "n", "docs", "tokens", "articles", "per_10k", "per_article",
            "doc_share",
        ]  # fmt: skip


@pytest.mark.parametrize(
    "count",
    [
        lambda c: term_frequency(c, by="outlet", ngram=(1, 2)),
        lambda c: term_frequency(c, terms=["killed", "militant*"], by="outlet"),
        lambda c: term_counts(c, by="outlet", stopwords="english", top=2),
        lambda c: group_sizes(c, by="outlet"),
        lambda c: dispersion(c, terms=["said"], by="outlet"),
    ],
)
def test_a_lazy_corpus_gives_the_same_table(tiny_corpus: pl.DataFrame, count) -> None:
    assert_frame_equal(count(tiny_corpus.lazy()), count(tiny_corpus))
