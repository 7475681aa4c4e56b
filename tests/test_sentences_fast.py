"""The fast sentence splitter gives exactly the rows of the one it replaced (issue 16).

:func:`discourse.sentences` runs :mod:`discourse.text._sentence_batch` (all documents at once),
which leaves rare paragraphs to :mod:`discourse.text._sentence_split`; Punkt's decisions are
re-stated in :mod:`discourse.text._punkt_rules`. The splitter as it was is frozen in
:mod:`discourse.text._sentences_reference`. All run here on the test passages, the demo corpus,
every prose text of the real data folder (read in place) and generated adversarial text, one
text at a time and in batches, and their frames must be equal row for row: doc_id, group
columns, sentence index, offsets and text. The decision shortcuts are checked against Punkt.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import polars as pl
import pytest
from conftest import benchmark_module
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from discourse import sentences
from discourse.corpus.reading import read_corpus
from discourse.text import _punkt_rules, _sentence_batch
from discourse.text._punkt_rules import (
    _JOINS_NEXT,
    _NUMBERED,
    _REFERENCE_WORDS,
    _TITLE_WORDS,
    _always_breaks,
    _breaks,
    _clear_memos,
    _like_zero,
    _punkt,
)
from discourse.text._sentence_batch import sentence_spans
from discourse.text._sentence_split import _CANDIDATE, _sentence_spans
from discourse.text._sentences_reference import _sentence_spans_reference, _sentences_reference


def corpus_of(texts: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": ["X"] * len(texts),
            "text": texts,
        },
        schema={"doc_id": pl.String, "outlet": pl.String, "text": pl.String},
    )


def assert_same(texts: list[str | None]) -> None:
    corpus = corpus_of(texts)
    assert_frame_equal(sentences(corpus), _sentences_reference(corpus))


def batch(texts: list[str | None]) -> list[list[tuple[int, int]]]:
    """Each text's spans from the vectorised splitter, all texts in one call."""
    found = sentence_spans(pl.Series(texts, dtype=pl.String))
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    for row, start, end in found.select("row", "start", "end").iter_rows():
        out[row].append((start, end))
    return out


def first_difference(texts: list[str]) -> str | None:
    """The first text the splitters disagree on, to make a failure readable.

    Each text goes through the per-document splitter, and all of them through the vectorised
    one in a single batch (so every text meets its neighbours' paragraphs and memoised words).
    """
    expected = [_sentence_spans_reference(text) for text in texts]
    for text, spans in zip(texts, expected, strict=True):
        if _sentence_spans(text) != spans:
            return text
    for text, spans, got in zip(texts, expected, batch(list(texts)), strict=True):
        if got != spans:
            return text
    return None


# --- the project's own passages --------------------------------------------------------------


def test_gold_passages() -> None:
    gold = benchmark_module("sentence_gold")
    texts = [text for text, _ in gold.GOLD + gold.HELD_OUT]
    assert first_difference(texts) is None
    assert_same(texts)


def test_demo_corpus(demo_dir: Path) -> None:
    corpus = read_corpus(demo_dir)
    assert_frame_equal(sentences(corpus), _sentences_reference(corpus))


# --- the real data folder, every prose text in it --------------------------------------------


def real_texts(folder: Path) -> dict[str, list[str]]:
    """Every prose text of the real folder: the article, sentences, titles, headlines, notes."""
    texts: dict[str, list[str]] = {}
    texts["memo article"] = [(folder / "memo-2023-11-29-musk-gaza.txt").read_text("utf-8")]
    data = folder / "datasets"
    for path in sorted((data / "jackson-us-newspapers").glob("tagged_data_*.csv")):
        frame = pl.read_csv(path, infer_schema=False)
        texts[path.name] = [*frame["sentence"].drop_nulls(), *frame["article_title"].drop_nulls()]
    breach = data / "breach-canadian-newspapers"
    for path in sorted(breach.glob("*_sentences.csv")):
        frame = pl.read_csv(path, infer_schema=False)
        texts[path.name] = [*frame["sentence"].drop_nulls(), *frame["title"].drop_nulls()]
    for path in sorted(breach.glob("*_article_list.csv")):
        texts[path.name] = pl.read_csv(path, infer_schema=False)["title"].drop_nulls().to_list()
    headlines = data / "gaza-news-headlines"
    for name in (
        "gaza-news.txt",
        "wsj-news-middleeast.txt",
        "googlenews-bbc-gaza.txt",
        "bds-movement-mentions.txt",
    ):
        lines = (headlines / name).read_text("utf-8").splitlines()
        texts[name] = [line.split("\t")[2] for line in lines if line.count("\t") >= 2]
        texts[name + " (whole file)"] = ["\n".join(lines)]
    texts["cnn live blog"] = [(headlines / "cnn-news-israel-hamas-war.txt").read_text("utf-8")]
    toll = pl.read_csv(headlines / "death-toll.tsv", separator="\t", infer_schema=False)
    texts["death-toll.tsv"] = toll["title"].drop_nulls().to_list()
    with (folder / "musk-visit-2023-11" / "coverage-index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts["coverage index"] = [
        row[column] for row in rows for column in ("title_or_slug", "notes") if row[column]
    ]
    return texts


@pytest.fixture(scope="module")
def real(real_data: Path) -> dict[str, list[str]]:
    return real_texts(real_data)


@pytest.mark.realdata
def test_real_texts_each_file(real: dict[str, list[str]]) -> None:
    assert sum(map(len, real.values())) > 20_000  # everything was read
    for name, texts in real.items():
        assert first_difference(texts) is None, name


@pytest.mark.realdata
def test_real_texts_as_one_corpus_frame(real: dict[str, list[str]]) -> None:
    # Sentences joined into paragraphs and articles, so boundaries meet every kind of neighbour.
    sample = [t for texts in real.values() for t in texts]
    rng = random.Random(16)
    docs: list[str | None] = [None, "", "  \n\n "]
    for _ in range(400):
        docs.append("\n\n".join(" ".join(rng.sample(sample, 4)) for _ in range(3)))
    _clear_memos()  # every decision taken afresh, on text the splitter has not seen
    assert_same(docs)


@pytest.mark.realdata
def test_real_texts_in_one_batch(real: dict[str, list[str]]) -> None:
    # Every real text in one call of the vectorised splitter, with empty memos.
    texts = [t for name in sorted(real) for t in real[name]]
    _clear_memos()
    assert first_difference(texts) is None


@pytest.mark.realdata
def test_decisions_on_real_contexts(real: dict[str, list[str]]) -> None:
    # Punkt's own decision against the plain-lookup one on every full stop's context.
    punkt = _punkt()
    contexts: set[str] = set()
    for texts in real.values():
        for text in texts:
            for match in _CANDIDATE.finditer(text):
                word = text.rfind(" ", 0, match.start()) + 1
                contexts.add(text[word : match.start()] + "." + (match.group("after_tok") or ""))
    assert len(contexts) > 5_000
    for context in contexts:
        folded = " ".join(context.split())
        assert _breaks(folded) == punkt._context_has_sentbreak(folded), folded


# --- generated adversarial text --------------------------------------------------------------

PIECES = [
    "Dr.", "U.S.", "Gen.", "Lt. Col.", "J.", "R.", "J. R.", "a.m.", "p.m.", "No.", "Nos.", "Art.",
    "incl.", "e.g.", "i.e.", "etc.", "Inc.", "Co.", "vs.", "Oct.", "Jan.", "St.", "Mt.", "Messrs.",
    "3.5", "1,400.", "7.", "2", "12", "10th.", "...", ". . .", "..", "--", "?!", "!!!", "?", "!",
    ".", "said.", "killed.", "He", "She", "The", "the", "and", "However", "but", "Israel", "Gaza",
    "Hamas", "IDF.", "I.D.F.", '"', "'", "“", "”", "‘", "’", "(", ")", "[", "]", "«", "»", "—", "-",
    ",", ";", ":", "\n", "\n\n", "\n \n", "\r\n", "\u2029", "\u2028", "\xa0", " ", "  ", "\t", "\u3000", "\x1c", "\u2009", "\x85", "\r\n\r\n", ".\xa0", "\xa0\n",
    "é", "İstanbul.", "ß", "Ωmega.", "😀", "x.y", "a.b.c", "$5.99.", "(AP)", "[1].", "“Soon.”",
    '."', ".”", "?”", "!)", ".)", '"The', "“We", "(the",
]  # fmt: skip
_ADVERSARIAL = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", " ", " ", "\n", "  "])),
    max_size=40,
).map(lambda parts: "".join(piece + gap for piece, gap in parts))


@settings(max_examples=400, deadline=None)
@given(_ADVERSARIAL)
def test_generated_text(text: str) -> None:
    assert _sentence_spans(text) == _sentence_spans_reference(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ADVERSARIAL, max_size=6))
def test_generated_batches(texts: list[str]) -> None:
    assert first_difference(texts) is None


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list(" .?!\"'”“’)(\n\tAaBb1é-,;:\u2029\xa0\u3000\x1c")),
        max_size=40,
    )
)
def test_punctuation_soup(text: str) -> None:
    assert _sentence_spans(text) == _sentence_spans_reference(text)
    assert batch([text, None, text]) == [
        _sentence_spans_reference(text),
        [],
        _sentence_spans_reference(text),
    ]


@pytest.mark.parametrize(
    "text",
    [".\xa0.\xa0 .\xa0", "x.\xa0.\xa0 . Y", ".\xa0.\u3000 .", "Go.\xa0.\t . Then"],
)
def test_non_ascii_whitespace_after_a_mark(text: str) -> None:
    """Punkt reads its context with the whitespace as written (CI found ".\xa0.\xa0 ." once)."""
    assert _sentence_spans(text) == _sentence_spans_reference(text)
    assert batch([text]) == [_sentence_spans_reference(text)]


def test_seeded_adversarial_corpus_frame() -> None:
    rng = random.Random(0)
    gaps = ["", " ", " ", " ", "\n", "  ", "\n\n"]
    docs: list[str | None] = [None, "", " ", "\n\n", "No final punctuation", "Ends on a mark."]
    for _ in range(1500):
        docs.append(
            "".join(rng.choice(PIECES) + rng.choice(gaps) for _ in range(rng.randint(0, 60)))
        )
    assert first_difference([d for d in docs if d]) is None
    assert_same(docs)


WORDS = [
    "said", "Dr", "U.S", "Mr", "J", "3.5", "10th", "etc", "Inc", "co", "No", "e.g", "i.e", "St",
    "Oct", "a.m", "p.m", "vs", "Gaza", "(AP", '"Yes', "“Soon", "x)", "end.", "1,400", "II", "",
    "Hamas-run", "mining-co", "A.B.C", "s", "bach", "..", "-", "é", "İ", "2015", "5.", "-3",
]  # fmt: skip
FOLLOWING = [
    "The", "the", "He", "he", "However", "however", "2", "12.", "Bach", "officials", ")", '"',
    "”", "“", "'", "!", "?", ".", "...", ",", ";", "Yes!", '"Yes."', "(the", "É", "über", "J.",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(WORDS), st.sampled_from([".", "!", "?"]), st.sampled_from(FOLLOWING))
def test_decisions_match_punkt(word: str, mark: str, following: str) -> None:
    punkt = _punkt()
    for context in (word + mark + " " + following, word + mark + following[:1]):
        assert _breaks(context) == punkt._context_has_sentbreak(context), context
    # "Breaks whatever follows" must hold for every following token.
    if mark == "." and _always_breaks(word + "."):
        assert punkt._context_has_sentbreak(word + ". " + following)
    # A number decides as "0." does.
    if mark == "." and _like_zero(word + "."):
        for after in (" " + following, following[:1]):
            zero = punkt._context_has_sentbreak("0." + after)
            assert punkt._context_has_sentbreak(word + "." + after) == zero


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.sampled_from(sorted(_TITLE_WORDS | _REFERENCE_WORDS) + WORDS),
        st.text(alphabet=st.sampled_from(list("abDrNoMsépİ")), min_size=1, max_size=6),
    )
)
def test_word_flags_of_letters_match_the_patterns(word: str) -> None:
    # Words of letters skip Punkt's tokenizer and the repairs' patterns: same flags.
    flags = _punkt_rules._word_flags(word + ".")
    assert bool(flags & _punkt_rules._BREAK) == _always_breaks(word + ".")
    assert bool(flags & _punkt_rules._TITLE) == bool(_JOINS_NEXT.search(word + "."))
    assert bool(flags & _punkt_rules._REFERENCE) == bool(_NUMBERED.search(word + "."))


def test_many_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Documents split over many batches give the rows of one batch, and of the reference.
    rng = random.Random(1)
    docs: list[str | None] = [None, ""]
    for _ in range(300):
        docs.append("".join(rng.choice(PIECES) + rng.choice(["", " ", "\n\n"]) for _ in range(30)))
    whole = sentence_spans(pl.Series(docs, dtype=pl.String), with_text=True)
    monkeypatch.setattr(_sentence_batch, "_BATCH_CHARS", 500)
    assert_frame_equal(sentence_spans(pl.Series(docs, dtype=pl.String), with_text=True), whole)
    assert_same(docs)


def test_memoised_decisions_do_not_leak_between_contexts() -> None:
    # The same word and mark with different next tokens, in both orders, decided each time.
    texts = [
        "It was the U.S. He left.",
        "It was the U.S. officials left.",
        "It was the U.S. He left.",
    ]
    assert [_sentence_spans(t) for t in texts] == [_sentence_spans_reference(t) for t in texts]
    assert len(_sentence_spans(texts[0])) != len(_sentence_spans(texts[1]))
