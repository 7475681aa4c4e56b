"""possessives="split" on a Dask corpus: the same rows, order and numbers as in memory.

Every counter that takes the option (``term_counts``, ``term_frequency``, ``group_sizes``,
``dispersion``, ``keyness``, ``collocations``) runs on a generated corpus full of possessives,
contractions and plural possessives cut into several partition counts, on generated texts
(hypothesis) and on a sample of the real articles, on the session's ``LocalCluster``
(``client`` in ``conftest.py``). Each case also checks that "split" changes the in-memory
result, so a cluster path that ignored the option would fail.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import polars as pl
import pytest
from conftest import benchmark_module, real_data_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import discourse as dc

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

WORDS = [
    "Israel's", "army", "said", "Hamas’s", "leaders", "it's", "don't", "Palestinians'",
    "homes", "Israel", "Gaza’s", "hospital", "was", "hit", ".", "that's", "the", "UN's",
    "let's", "Hamas-run", "ministry", "Israel’s", "killed", "people", ",", "Netanyahu's",
]  # fmt: skip


@cache
def generated(n: int = 48) -> pl.DataFrame:
    """Documents of varied length from three outlets, one outlet in three middle rows only, a
    missing outlet, an empty text and a text without words."""
    texts: list[str] = []
    outlets: list[str | None] = []
    for i in range(n):
        size = 4 + (i * 5) % 30
        texts.append(" ".join(WORDS[(i * 7 + k * (i % 4 + 1)) % len(WORDS)] for k in range(size)))
        outlets.append(["Alpha", "Beta", "Gamma"][i % 3])
    outlets[n // 2 : n // 2 + 3] = ["Solo"] * 3
    outlets[4] = None
    texts[6], texts[9] = "", "... ’s !"
    return pl.DataFrame(
        {"doc_id": [f"g{i:03d}" for i in range(n)], "outlet": outlets, "text": texts},
        schema={"doc_id": pl.String, "outlet": pl.String, "text": pl.String},
    )


Case = tuple[Callable[..., pl.DataFrame], dict[str, Any]]
#: (name, public function, options): called with possessives="split" on polars and on Dask.
CALLS: list[tuple[str, Callable[..., pl.DataFrame], dict[str, Any]]] = [
    ("term_counts", dc.term_counts, {"by": "outlet"}),
    ("term_counts_ngrams_top", dc.term_counts, {"ngram": (1, 2), "top": 9}),
    ("term_frequency", dc.term_frequency, {"by": "outlet"}),
    ("term_frequency_bigrams", dc.term_frequency, {"ngram": 2}),
    ("group_sizes", dc.group_sizes, {"by": "outlet"}),
    ("group_sizes_all", dc.group_sizes, {}),
    ("dispersion", dc.dispersion, {"by": "outlet"}),
    ("dispersion_terms", dc.dispersion, {"terms": ["israel", "army"]}),
    ("keyness", dc.keyness, {"by": "outlet", "min_count": 1}),
    ("keyness_reference", dc.keyness, {"by": "outlet", "reference": ["Alpha"], "min_count": 1}),
    ("collocations", dc.collocations, {"node": "israel", "by": "outlet", "min_count": 1}),
    ("collocations_clitic_node", dc.collocations, {"node": "Israel's army", "min_count": 1}),
]
IDS = [name for name, *_ in CALLS]


def _call(name: str) -> tuple[Callable[..., pl.DataFrame], dict[str, Any]]:
    _, function, options = CALLS[IDS.index(name)]
    return function, options


@cache
def expected(name: str, possessives: str) -> pl.DataFrame:
    function, options = _call(name)
    return function(generated(), possessives=possessives, **options)


def test_the_generated_corpus_has_what_split_changes() -> None:
    tokens = dc.tokens(generated(), possessives="split")["norm"]
    assert tokens.is_in(["'s"]).sum() > 20 and tokens.is_in(["it's", "let's", "that's"]).any()
    assert not tokens.is_in(["israel's", "palestinians'"]).any()


# 5 partitions: "Solo" in the third only; 64: one document each, then 16 empty.
@pytest.mark.parametrize("npartitions", [5, 64], ids=lambda n: f"{n}parts")
@pytest.mark.parametrize("name", IDS)
def test_split_on_the_cluster_equals_in_memory(client: Any, name: str, npartitions: int) -> None:
    function, options = _call(name)
    corpus = dc.to_dask(generated(), npartitions=npartitions)
    got = function(corpus, possessives="split", **options)
    assert_frame_equal(got, expected(name, "split"))
    # The option reaches the workers: "keep" on the cluster is the in-memory "keep", not this.
    assert not expected(name, "split").equals(expected(name, "keep"))


@pytest.mark.parametrize("name", ["term_counts", "group_sizes", "dispersion", "collocations"])
def test_keep_on_the_cluster_is_still_keep(client: Any, name: str) -> None:
    function, options = _call(name)
    got = function(dc.to_dask(generated(), npartitions=5), possessives="keep", **options)
    assert_frame_equal(got, expected(name, "keep"))


_PIECES = ["Israel", "UN", "'s", "’s", "'S", "s", "'", "it", "-run", " ", ". ", "don't"]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join), min_size=1, max_size=6),
    st.integers(min_value=1, max_value=4),
)
def test_split_on_any_text(client: Any, texts: list[str], npartitions: int) -> None:
    frame = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": [["A", "B"][i % 2] for i in range(len(texts))],
            "text": texts,
        }
    )
    corpus = dc.to_dask(frame, npartitions=npartitions)
    cases: list[Case] = [
        (dc.term_counts, {"by": "outlet", "ngram": (1, 2)}),
        (dc.group_sizes, {"by": "outlet"}),
        (dc.dispersion, {}),
    ]
    for function, options in cases:
        got = function(corpus, possessives="split", **options)
        assert_frame_equal(got, function(frame, possessives="split", **options))


def test_split_on_real_articles(client: Any) -> None:
    if not real_data_dir().is_dir():
        pytest.skip("real data folder is absent; set DISCOURSE_REAL_DATA to its location")
    articles = benchmark_module("bench_kwic").real_articles()
    sample = articles.gather_every(max(articles.height // 120, 1))
    corpus = dc.to_dask(sample, npartitions=6)
    cases: list[Case] = [
        (dc.term_frequency, {"by": "outlet"}),
        (dc.dispersion, {"terms": ["israel", "'s", "hamas"]}),
        (dc.keyness, {"by": "outlet"}),
        (dc.collocations, {"node": "israel", "by": "outlet"}),
    ]
    for function, options in cases:
        local = function(sample, possessives="split", **options)
        assert_frame_equal(function(corpus, possessives="split", **options), local)
        assert not local.equals(function(sample, possessives="keep", **options))


def test_a_node_without_words_says_so_when_split() -> None:
    # The node's clitics are split from a typed list even when it holds no word.
    for corpus in [generated(), dc.to_dask(generated(), npartitions=2)]:
        with pytest.raises(dc.DiscourseError, match="no word"):
            dc.collocations(corpus, node="...", possessives="split")
