"""Target sentiment gives exactly the frames it gave before issue 16.

:func:`discourse.target_sentiment` and :func:`discourse.target_contexts` (with the scoring of
:mod:`discourse.tone.scoring`) run against the frozen copy in
:mod:`discourse.tone._targets_reference` on the demo corpus, real sentences and articles from the
shared folder (read in place) and generated corpora whose sentences repeat across documents and
outlets; frames must be equal, floats bit for bit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from discourse import read_corpus
from discourse.tone import _targets_reference as reference
from discourse.tone.scoring import _score_chunk
from discourse.tone.targets import target_contexts, target_sentiment

ROOT = Path(__file__).resolve().parents[1]

OPTIONS: list[dict[str, Any]] = [
    {},
    {"by": "outlet"},
    {"by": "outlet", "mask_label": True},
    {"window_tokens": 3},
    {"by": "outlet", "window_tokens": 2, "mask_label": True, "methods": ["textblob"]},
    {"methods": ["vader"], "seed": 3},
]


def compare(corpus: pl.DataFrame, options: list[dict[str, Any]] = OPTIONS) -> None:
    for option in options:
        assert_frame_equal(
            target_sentiment(corpus, n_resamples=200, workers=1, **option),
            reference.target_sentiment(corpus, n_resamples=200, **option),
            check_exact=True,
        )
        contexts = {k: v for k, v in option.items() if k not in {"by", "seed"}}
        assert_frame_equal(
            target_contexts(corpus, workers=1, **contexts),
            reference.target_contexts(corpus, **contexts),
            check_exact=True,
        )


def test_demo_corpus() -> None:
    compare(read_corpus(ROOT / "corpora" / "demo"))


@pytest.fixture(scope="module")
def real_corpus(real_data: Path) -> pl.DataFrame:
    """Canadian newspapers' casualty sentences (one document each, wire copy repeated across
    outlets) and the prose files of the folder, as one corpus."""
    parts = []
    base = real_data / "datasets" / "breach-canadian-newspapers"
    for stem, outlet in [("globe", "Globe"), ("post", "Post"), ("star", "Star")]:
        frame = read_corpus(
            base / f"{stem}_sentences.csv",
            outlet=outlet,
            mapping={"text": "sentence", "date": "date"},
        ).head(250)
        parts.append(frame.select("doc_id", "outlet", "text"))
    prose = [
        real_data / "memo-2023-11-29-musk-gaza.txt",
        real_data / "datasets" / "gaza-news-headlines" / "cnn-news-israel-hamas-war.txt",
    ]
    parts.append(
        pl.DataFrame(
            {
                "doc_id": [p.stem for p in prose],
                "outlet": ["Prose"] * len(prose),
                "text": [p.read_text(encoding="utf-8")[:20_000] for p in prose],
            }
        )
    )
    corpus = pl.concat(parts).with_columns(doc_id=pl.col("outlet") + ":" + pl.col("doc_id"))
    assert corpus["doc_id"].is_unique().all()
    return corpus


def test_real_texts(real_corpus: pl.DataFrame) -> None:
    compare(real_corpus, OPTIONS[1:4])


SENTENCES = [
    "Hamas militants attacked the town on Saturday.",
    "The terrorist organisation killed civilians, officials said.",
    "Israeli forces struck the camp and 12 people were killed.",
    "The IDF said it hit a Hamas command centre.",
    "Palestinian militants fired rockets; nobody was hurt!",
    "The militant group welcomed the very good talks.",
    "Aid workers said the situation was not terrible, but awful.",
    "Gaza's health ministry reported 40 deaths.",
    "Reuters contributed reporting.",
    "Residents praised the rescue crews.",
]

sentence = st.one_of(
    st.sampled_from(SENTENCES),
    st.lists(
        st.sampled_from(
            [
                "Hamas",
                "militants",
                "terrorists",
                "IDF",
                "Israeli forces",
                "the militant group",
                "resistance fighters",
                "killed",
                "good",
                "terrible",
                "not",
                "very",
                "!",
                ",",
                ":)",
                "GREAT",
                "“",
                "’",
                "—",
            ]
        ),
        min_size=1,
        max_size=15,
    ).map(lambda words: " ".join(words) + "."),
)


@settings(max_examples=60, deadline=None)
@given(
    pool=st.lists(sentence, min_size=1, max_size=8),
    docs=st.lists(
        st.tuples(st.sampled_from(["A", "B", "C"]), st.lists(st.integers(0, 7), max_size=6)),
        min_size=1,
        max_size=8,
    ),
)
def test_generated_corpora_with_repeated_sentences(
    pool: list[str], docs: list[tuple[str, list[int]]]
) -> None:
    """Documents of different outlets built from one pool of sentences (wire copy)."""
    corpus = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(docs))],
            "outlet": [outlet for outlet, _ in docs],
            "text": [" ".join(pool[i % len(pool)] for i in picks) for _, picks in docs],
        }
    )
    compare(corpus, OPTIONS[:2] + OPTIONS[3:5])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(sentence, st.text(max_size=60)), min_size=1, max_size=5))
def test_scores_equal_the_reference_scores(texts: list[str]) -> None:
    methods = ("vader", "textblob")
    assert _score_chunk(texts, methods) == reference._score_chunk(texts, methods)
