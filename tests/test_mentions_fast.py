"""The label-mention finder must equal its frozen reference row for row (issue 16).

``discourse/framing/_mentions_reference.py`` is the finder as it stood before the speed work.
Whatever :mod:`discourse.framing._mentions` does to go faster, ``label_mentions`` (and the
sentence spans that ``_located_mentions`` adds) and ``label_shares`` must give identical frames:
rows, order, offsets (Python character offsets), labels, exclusions, ``match``, ``quoted`` and
``sentence``. Compared on the demo corpus, on the real texts of the shared folder (read in place),
and on generated texts built from the lexicon's forms with the characters that folding, word
boundaries, quotes and byte offsets make tricky.
"""

from __future__ import annotations

import csv
from contextlib import contextmanager
from unittest import mock

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import discourse.framing._mentions_reference as reference
from discourse.corpus.reading import read_corpus
from discourse.errors import NotApplicableError
from discourse.framing import _mentions, labels
from discourse.framing.lexicon import Label, LabelSet, Lexicon, default_lexicon

DEFAULT = default_lexicon()

# A lexicon with what the default one lacks: wildcards, a phrase that is another label's
# exclusion (the phrase wins), the same form in two sets, exclusions inside longer phrases, and
# phrases overlapping without nesting ("hamas militant" / "militant group").
WILD = Lexicon(
    (
        LabelSet(
            "wild",
            (
                Label("terror", ("terror*", "terror* group", "hamas-run"), ("terrorism",)),
                Label(
                    "militant",
                    ("militant{,s}", "hamas militant*", "militant group", "gunm*"),
                    ("resistance movement", "militant wing*"),
                ),
                Label("resistance", ("resistance movement", "resist*"), ("islamic resist*",)),
                Label("blocked", ("group",), ("terror group", "hamas")),
            ),
        ),
        LabelSet(
            "name",
            (
                Label("hamas", ("hamas", "hamas's", "hamas movement"), ("hamas-run",)),
                Label("quote", ("'militants'", '"terrorists"')),
            ),
        ),
    )
)

# Anchors whose first bytes are digits, capitals' neighbours and non-ASCII letters: the walk
# starts from a range of first bytes, so these widen it past the small letters.
ODD_START = Lexicon(
    (
        LabelSet(
            "odd",
            (
                Label("date", ("7 october", "10/7")),
                Label("elite", ("élite unit*", "über-terror", "ʼmilitants")),
                Label("sign", ("@idf", "#gaza")),
            ),
        ),
    )
)


def _forms(lexicon: Lexicon) -> list[str]:
    return sorted(
        {
            form.replace("*", suffix)
            for s in lexicon.label_sets
            for label in s.labels
            for form in (*label.forms(), *label.excluded_forms())
            for suffix in ("", "ist", "s")
        }
    )


FORMS = _forms(DEFAULT)[::3] + _forms(WILD) + _forms(ODD_START)

FILLERS = [
    " ", "  ", " \n ", "\n", "\n\n", "\r\n", "\t", "\xa0", "\u2009", ".", ". ", ", ", ";",
    "“", "”", '"', " \"", "'", " '", "‘", "’", "ʼ", "(", ")", "—", "-", "‐", "‑", "/",
    "é", "café ", "naïve", "😀", "مرحبا ", "ﷺ", "İ", "\xad", "\u212a", "ς", "Σ", "ß",
    "x", "non", "s", "_", "1", "²", "Mr. ", "U.S. ", "e.g. ", "Hamas", "said", "he said: ",
]  # fmt: skip


@st.composite
def styled_form(draw: st.DrawFn) -> str:
    """A lexicon form as a text might write it: case, spacing, quotes and hyphens varied."""
    form = draw(st.sampled_from(FORMS))
    case = draw(st.sampled_from(["lower", "upper", "title", "capitalize"]))
    form = getattr(form, case)()
    space = draw(st.sampled_from([" ", "  ", "\n", " \n", "\xa0", "\t", "\r\n"]))
    hyphen = draw(st.sampled_from(["-", "‐", "‑", "\xad-"]))
    apostrophe = draw(st.sampled_from(["'", "’", "ʼ"]))
    return form.replace(" ", space).replace("-", hyphen).replace("'", apostrophe)


texts = st.lists(
    st.one_of(styled_form(), st.sampled_from(FILLERS), st.text(max_size=3)), max_size=30
).map("".join)


def _corpus(docs: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(docs))],
            "outlet": [f"o{i % 3}" for i in range(len(docs))],
            "text": docs,
        },
        schema={"doc_id": pl.String, "outlet": pl.String, "text": pl.String},
    )


@contextmanager
def _reference_finder():
    """``label_shares`` (and ``_located_mentions``) computed with the frozen finder."""
    with (
        mock.patch.object(labels, "find", reference.find),
        mock.patch.object(labels, "with_sentence", reference.with_sentence),
    ):
        yield


def _shares(corpus: pl.DataFrame | pl.LazyFrame, lexicon: Lexicon) -> pl.DataFrame | None:
    by = "outlet" if "outlet" in corpus.collect_schema().names() else None
    try:
        return labels.label_shares(corpus, lexicon=lexicon, by=by)
    except NotApplicableError:
        return None


def _compare(corpus: pl.DataFrame, lexicon: Lexicon = DEFAULT) -> pl.DataFrame:
    """Assert that every output equals the reference's; return the reference mentions."""
    found = reference.find(corpus, lexicon)
    expected = reference.with_sentence(found, corpus)
    assert_frame_equal(_mentions.find(corpus, lexicon), found)
    assert_frame_equal(_mentions.with_sentence(found, corpus), expected)
    assert_frame_equal(labels._located_mentions(corpus, lexicon), expected)
    assert_frame_equal(
        labels.label_mentions(corpus, lexicon=lexicon),
        expected.drop("sentence_start", "sentence_end"),
    )
    new_shares = _shares(corpus, lexicon)
    with _reference_finder():
        old_shares = _shares(corpus, lexicon)
    if old_shares is None:
        assert new_shares is None
    else:
        assert new_shares is not None
        assert_frame_equal(new_shares, old_shares)
    return expected


@pytest.fixture(scope="module")
def demo(demo_dir) -> pl.DataFrame:
    return read_corpus(demo_dir)


def test_demo_corpus_matches_reference(demo: pl.DataFrame) -> None:
    mentions = _compare(demo)
    assert mentions.height > 100 and mentions["quoted"].any()
    _compare(demo, WILD)


def test_streamed_shares_match_reference(demo: pl.DataFrame, tmp_path, monkeypatch) -> None:
    path = tmp_path / "demo.parquet"
    demo.write_parquet(path, row_group_size=3)
    monkeypatch.setattr(labels, "_BATCH_ROWS", 4)
    new = _shares(pl.scan_parquet(path), DEFAULT)
    with _reference_finder():
        old = _shares(pl.scan_parquet(path), DEFAULT)
    assert new is not None and old is not None
    assert_frame_equal(new, old)


EDGE_TEXTS: list[str | None] = [
    "Hamas said militants fired rockets.",  # label at start
    "The statement came from Hamas",  # label at end, no full stop
    "Hamas’s fighters and Hamas's militants met the IDF's troops.",  # both apostrophes
    "He said: “The resistance\nfighters will win. Militants agree.” Then Hamas left.",
    "HAMAS, hamas and Hamas‐run ministry; the Islamic Resistance  Movement.",
    "‘Terrorists’ attacked, said the Israel Defense Forces.\n\nGunmen fled.",
    "é😀مرحبا Hamas militants; naïve “terrorists” in İstanbul, \u212aelvin Hamas.",
    "nonHamas Hamasx _Hamas Hamas_ Hamas² 1Hamas",  # word boundaries
    "Nothing to see here at all.",
    "",
    None,
    "terrorist terror group terrorism’s hamas militants militant group gunmen resistance",
]


def test_edge_cases_match_reference() -> None:
    corpus = _corpus(EDGE_TEXTS)
    assert _compare(corpus).height > 10
    assert _compare(corpus, WILD).height > 10
    odd = _corpus(["On 7 October the élite units, über-terror, @IDF and #Gaza; 10/7 ʼmilitants"])
    assert _compare(odd, ODD_START).height >= 5
    assert _compare(corpus.select("doc_id", "text")).height > 10  # no group column
    assert _compare(_corpus([None, "", "nothing"])).height == 0
    assert _compare(pl.concat([corpus, corpus.reverse()])).height > 20  # repeated doc ids


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(docs=st.lists(st.one_of(texts, st.none()), max_size=6))
def test_generated_texts_match_reference(docs: list[str | None]) -> None:
    corpus = _corpus(docs)
    _compare(corpus)
    _compare(corpus, WILD)
    _compare(corpus, ODD_START)


def _real_corpus(real_data) -> pl.DataFrame:
    """The real texts, read in place: the MEMO article, the Musk-visit index, the headlines,
    the US and Canadian newspapers' sentences joined into articles."""
    texts: list[str] = [(real_data / "memo-2023-11-29-musk-gaza.txt").read_text(encoding="utf-8")]
    with open(real_data / "musk-visit-2023-11/coverage-index.csv", encoding="utf-8") as handle:
        texts += ["\n\n".join(row.values()) for row in csv.DictReader(handle)]
    heads = real_data / "datasets/gaza-news-headlines"
    for name in ("gaza-news.txt", "wsj-news-middleeast.txt", "bds-movement-mentions.txt"):
        lines = (heads / name).read_text(encoding="utf-8", errors="replace").splitlines()
        texts += [line.split("\t")[2] for line in lines if line.count("\t") >= 3]
    texts.append((heads / "cnn-news-israel-hamas-war.txt").read_text(encoding="utf-8"))
    jackson = real_data / "datasets/jackson-us-newspapers"
    for name in ("tagged_data_nyt_oct7_to_oct18.csv", "tagged_data_wp_oct7_to_oct22.csv"):
        frame = pl.read_csv(jackson / name, infer_schema=False)
        texts += (
            frame.group_by("article_index", maintain_order=True)
            .agg(pl.col("sentence").str.join("\n"))["sentence"]
            .to_list()
        )
    breach = real_data / "datasets/breach-canadian-newspapers"
    for name in ("globe_sentences.csv", "star_sentences.csv"):
        frame = pl.read_csv(breach / name, infer_schema=False)
        texts += (
            frame.group_by("title", maintain_order=True)
            .agg(pl.col("sentence").str.join(" "))["sentence"]
            .to_list()
        )
    return _corpus(list(texts))


def test_real_texts_match_reference(real_data) -> None:
    corpus = _real_corpus(real_data)
    assert corpus.height > 10_000
    assert _compare(corpus).height > 10_000
    _compare(corpus.head(3000), WILD)
