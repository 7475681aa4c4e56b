"""The analyses on a Dask cluster equal the in-memory ones: same rows, order and numbers.

One ``LocalCluster`` of two worker processes (``client`` in ``conftest.py``) serves the whole
session. Corpora: the demo corpus and generated ones, cut into several partition counts (one
partition, one document per partition, more partitions than documents so some are empty, an
outlet in one partition only).
Faults: a worker killed mid-computation, and a corpus larger than a worker's memory limit.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from conftest import MEMORY_LIMIT, ROOT
from polars.testing import assert_frame_equal

import discourse as dc

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


@cache
def demo() -> pl.DataFrame:
    return dc.read_corpus(ROOT / "corpora" / "demo")


WORDS = [
    "militants",
    "fired",
    "rockets",
    "at",
    "the",
    "town",
    "and",
    "two",
    "people",
    "were",
    "killed",
    ".",
    "officials",
    "said",
    "the",
    "strike",
    "hit",
    "a",
    "school",
    ";",
    "the",
    "army",
    "said",
    "Hamas",
    "fighters",
    "were",
    "inside",
    ".",
    "talks",
    "resumed",
    "in",
    "Cairo",
    "as",
    "the",
    "ceasefire",
    "held",
    ",",
    "and",
    "terrorists",
    "were",
    "blamed",
    "for",
    "the",
    "attack",
    "on",
    "the",
    "kibbutz",
]


@cache
def generated(n: int = 60) -> pl.DataFrame:
    """Documents of varied length from three outlets, an outlet found in three middle rows only
    (one partition), a missing outlet, an empty text and a text without words."""
    texts, outlets = [], []
    for i in range(n):
        size = 5 + (i * 7) % 40
        texts.append(" ".join(WORDS[(i * 3 + k * (i % 5 + 1)) % len(WORDS)] for k in range(size)))
        outlets.append(["Alpha", "Beta", "Gamma"][i % 3])
    middle = n // 2
    outlets[middle : middle + 3] = ["Solo"] * 3
    outlets[5] = None
    texts[7], texts[8] = "", "... !!! ?"
    return pl.DataFrame(
        {"doc_id": [f"g{i:04d}" for i in range(n)], "outlet": outlets, "text": texts},
        schema={"doc_id": pl.String, "outlet": pl.String, "text": pl.String},
    )


def rows(result: Any) -> pl.DataFrame:
    """A distributed result as a polars frame: reductions are one; row results are computed."""
    return result if isinstance(result, pl.DataFrame) else pl.from_pandas(result.compute())


#: (name, public function, options): the same call on a polars and on a Dask corpus.
CALLS: list[tuple[str, Callable[..., Any], dict[str, Any]]] = [
    ("term_counts", dc.term_counts, {"by": "outlet"}),
    ("term_counts_ngrams_top", dc.term_counts, {"ngram": (1, 2), "top": 7}),
    (
        "term_frequency_terms",
        dc.term_frequency,
        {"terms": ["killed", "hamas*", "cease fire"], "by": "outlet"},
    ),
    ("term_frequency_bigrams", dc.term_frequency, {"ngram": 2}),
    ("keyness", dc.keyness, {"by": "outlet", "min_count": 2}),
    (
        "keyness_reference",
        dc.keyness,
        {"by": "outlet", "reference": ["Alpha"], "min_count": 1, "correction": "holm"},
    ),
    (
        "keyness_demo_target",
        dc.keyness,
        {"by": "outlet", "target": "Coastal Tribune", "reference": ["Crescent Daily"]},
    ),
    ("dispersion", dc.dispersion, {"by": "outlet"}),
    ("dispersion_terms", dc.dispersion, {"terms": ["killed", "said"]}),
    ("label_shares", dc.label_shares, {"by": "outlet"}),
    ("label_shares_all", dc.label_shares, {"include_quoted": False}),
    ("label_pairwise", dc.label_pairwise, {"by": "outlet"}),
    ("label_independence", dc.label_independence, {"by": "outlet"}),
    ("label_mentions", dc.label_mentions, {}),
    (
        "collocations",
        dc.collocations,
        {"node": "killed", "by": "outlet"},
    ),
    (
        "collocations_all",
        dc.collocations,
        {"node": "the", "min_count": 1},
    ),
    ("sentiment", dc.sentiment, {"methods": ["vader"]}),
    ("document_sentiment", dc.document_sentiment, {}),
    ("casualty_sentences", dc.casualty_sentences, {"context": True}),
    (
        "target_sentiment",
        dc.target_sentiment,
        {"by": "outlet", "methods": ["vader"], "n_resamples": 200, "seed": 7},
    ),
]
IDS = [name for name, *_ in CALLS]


@cache
def expected(corpus: str, name: str) -> pl.DataFrame:
    _, local, options = CALLS[IDS.index(name)]
    return local(demo() if corpus == "demo" else generated(), **options)


DEMO = [call for call in CALLS if call[0] != "keyness_reference"]


# 50 partitions of 41 documents: 41 of one document each, then 9 empty ones.
@pytest.mark.parametrize("npartitions", [3, 50], ids=lambda n: f"{n}parts")
@pytest.mark.parametrize("call", DEMO, ids=[name for name, *_ in DEMO])
def test_demo_corpus_same_result_on_the_cluster(client: Any, call: Any, npartitions: int) -> None:
    name, function, options = call
    got = rows(function(dc.to_dask(demo(), npartitions=npartitions), **options))
    assert_frame_equal(got, expected("demo", name))


GENERATED = [
    "term_counts",
    "term_counts_ngrams_top",
    "term_frequency_terms",
    "keyness",
    "keyness_reference",
    "dispersion",
    "dispersion_terms",
    "label_shares",
    "collocations",
    "collocations_all",
    "label_mentions",
]


# 7 partitions: "Solo" in the fourth only; 64: one document each, then 4 empty.
@pytest.mark.parametrize("npartitions", [7, 64], ids=lambda n: f"{n}parts")
@pytest.mark.parametrize("name", GENERATED)
def test_generated_corpus_same_result_on_the_cluster(
    client: Any, name: str, npartitions: int
) -> None:
    _, function, options = CALLS[IDS.index(name)]
    got = rows(function(dc.to_dask(generated(), npartitions=npartitions), **options))
    assert_frame_equal(got, expected("generated", name))


def test_the_partitions_have_the_edge_cases_claimed() -> None:
    one_each = [len(p) for p in dc.to_dask(demo(), npartitions=50).partitions]
    assert one_each == [1] * 41 + [0] * 9
    parts = dc.to_dask(generated(), npartitions=7)
    sizes = [len(p) for p in parts.partitions]
    assert sum(sizes) == 60 and max(sizes) - min(sizes) <= 1
    solo = [i for i, p in enumerate(parts.partitions) if (p["outlet"] == "Solo").any().compute()]
    assert solo == [3]
    assert dc.to_dask(generated(), npartitions=64).partitions[63].compute().empty


def test_to_dask_keeps_rows_types_and_order(client: Any) -> None:
    corpus = demo()
    back = pl.from_pandas(dc.to_dask(corpus.lazy(), npartitions=4).compute())
    assert_frame_equal(back, corpus)


def test_a_lazy_or_polars_corpus_never_goes_to_the_cluster(client: Any) -> None:
    """The dispatch is on the corpus's type: polars frames stay in this process."""
    before = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)
    dc.term_counts(demo().lazy(), by="outlet")
    after = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)
    assert after == before


def test_write_parquet_files_are_doc_id_ranges_read_by_the_workers(
    client: Any, tmp_path: Path
) -> None:
    files = dc.write_parquet(demo(), folder=tmp_path, rows_per_file=10)
    assert files["rows"].to_list() == [10, 10, 10, 10, 1]
    assert files["first_doc_id"][0] == demo()["doc_id"][0]
    corpus = dd.read_parquet(str(tmp_path))
    assert corpus.npartitions == 5
    assert_frame_equal(pl.from_pandas(corpus.compute()), demo())
    got = dc.label_shares(corpus, by="outlet")
    assert_frame_equal(got, dc.label_shares(demo(), by="outlet"))
    with pytest.raises(dc.DiscourseError, match="already holds 5"):
        dc.write_parquet(demo(), folder=tmp_path)


@pytest.mark.parametrize(
    ("call", "options", "says"),
    [
        (dc.term_frequency, {"dedupe": "verbatim"}, "deduplicate the corpus before"),
        (dc.label_shares, {"mentions": pl.DataFrame()}, "leave mentions=None"),
        (dc.sentence_sentiment, {"sample": 5}, "sample=None"),
        (dc.target_sentiment, {"sample": 5}, "sample=None"),
        (dc.agency, {"document": "doc_id"}, "casualty_sentences"),
        (dc.keyness, {}, 'by="outlet"'),
    ],
)
def test_what_cannot_run_distributed_says_what_to_do(call: Any, options: Any, says: str) -> None:
    with pytest.raises(dc.DiscourseError, match=says):
        call(dc.to_dask(demo(), npartitions=2), **options)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("kwic", {"query": "hamas"}),
        ("label_shares_over_time", {}),
        ("sentences", {}),
        ("tokens", {}),
        ("phrase_matches", {"patterns": ["hamas"]}),
        ("corpus_overview", {}),
        ("documents_over_time", {}),
        ("event_pairs", {}),
        ("story_clusters", {}),
        ("voice_shares", {}),
    ],
)
def test_a_function_with_no_cluster_version_says_so(name: str, options: Any) -> None:
    with pytest.raises(dc.DiscourseError, match="does not run on a Dask DataFrame"):
        getattr(dc, name)(dc.to_dask(demo(), npartitions=2), **options)


def test_losing_a_worker_midway_changes_nothing(client: Any, tmp_path: Path) -> None:
    corpus = generated(2000)
    corpus = corpus.with_columns(pl.concat_str([pl.col("text")] * 20, separator=" "))
    dc.write_parquet(corpus, folder=tmp_path, rows_per_file=100)
    expected_result = dc.term_frequency(corpus, ngram=(1, 3), by="outlet")
    before = client.run(os.getpid)
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(
            dc.term_frequency, dd.read_parquet(str(tmp_path)), ngram=(1, 3), by="outlet"
        )
        busy: list[str] = []
        deadline = time.monotonic() + 60
        while not busy and time.monotonic() < deadline:
            busy = [w for w, tasks in client.processing().items() if tasks]
            time.sleep(0.02)
        time.sleep(0.3)
        assert busy and not running.done(), "the computation ended before a worker was killed"
        victim = busy[0]
        os.kill(before[victim], signal.SIGKILL)
        got = running.result(timeout=300)
    assert_frame_equal(got, expected_result)
    client.wait_for_workers(2, timeout=60)
    assert before[victim] not in client.run(os.getpid).values()


@pytest.mark.heavy
def test_a_corpus_larger_than_a_workers_memory_completes(client: Any, tmp_path: Path) -> None:
    filler = "Talks resumed in Cairo as the truce held and aid trucks crossed the border. " * 110
    per_file, files = 6_000, 66
    texts = pl.Series(
        "text",
        [filler + ("Two people were killed." if j % 4 == 0 else "") for j in range(per_file)],
    )
    for i in range(files):
        ids = pl.Series("doc_id", [f"m{i:03d}-{j:05d}" for j in range(per_file)])
        outlets = pl.Series(
            "outlet", [["Alpha", "Beta", "Gamma"][(i + j) % 3] for j in range(per_file)]
        )
        pl.DataFrame([ids, outlets, texts]).write_parquet(tmp_path / f"part-{i:05d}.parquet")
    size = files * int(texts.str.len_bytes().sum())
    assert size > 3 * MEMORY_LIMIT, size
    limits = {w["memory_limit"] for w in client.scheduler_info()["workers"].values()}
    assert limits == {MEMORY_LIMIT}
    pids = client.run(os.getpid)
    got = dc.term_counts(dd.read_parquet(str(tmp_path)), terms=["killed"], by="outlet")
    assert client.run(os.getpid) == pids, "a worker was restarted (over its memory limit?)"
    assert_frame_equal(
        got, dc.term_counts(pl.scan_parquet(tmp_path), terms=["killed"], by="outlet")
    )
    assert got["n"].sum() == files * per_file // 4


def test_discourse_scheduler_names_the_cluster_when_no_client_is_active(client: Any) -> None:
    import subprocess
    import sys

    code = (
        "import polars as pl, discourse as dc\n"
        "from discourse.cluster import _engine\n"
        "corpus = dc.to_dask(pl.DataFrame({'doc_id': ['a'], 'text': ['one two']}), npartitions=1)\n"
        "print(dc.term_counts(corpus)['n'].to_list(), _engine.connect().scheduler.address)\n"
    )
    address = client.scheduler.address
    env = {**os.environ, "DISCOURSE_SCHEDULER": address}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["[1,", "1]", address]


# --- same_story: MinHash bands shuffled across partitions --------------------------------------


@cache
def stories(n_stories: int = 10, n_noise: int = 20, seed: int = 3) -> pl.DataFrame:
    """Stories of two to five copies each (verbatim, a word swapped every 5-12 words, cut
    short, re-spaced and upper-cased) from four outlets, a tenth without outlet or date, a few
    days apart; unrelated documents, two too short to pair, an empty text. Rows shuffled, so
    that the copies of a story lie in different partitions."""
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(3000)])
    start = date(2023, 10, 1)
    rows: list[tuple[str | None, date | None, str]] = []
    for _ in range(n_stories):
        base = [str(w) for w in rng.choice(vocab, int(rng.integers(20, 80)))]
        day = start + timedelta(days=int(rng.integers(0, 30)))
        for _ in range(int(rng.integers(2, 6))):
            words, kind = list(base), int(rng.integers(0, 4))
            if kind == 1:
                for k in range(0, len(words), int(rng.integers(5, 12))):
                    words[k] = str(rng.choice(vocab))
            elif kind == 2:
                words = words[: max(6, len(words) * 2 // 3)]
            body = " ".join(words)
            if kind == 3:
                body = body.replace(" ", "  ", 3).upper()
            published = (
                None if rng.random() < 0.1 else day + timedelta(days=int(rng.integers(0, 6)))
            )
            outlet = str(rng.choice(["Alpha", "Beta", "Gamma", "Delta"]))
            rows.append((outlet if rng.random() > 0.1 else None, published, body))
    for _ in range(n_noise):
        day = start + timedelta(days=int(rng.integers(0, 30)))
        text = " ".join(str(w) for w in rng.choice(vocab, int(rng.integers(0, 50))))
        rows.append((str(rng.choice(["Alpha", "Beta", "Gamma"])), day, text))
    rows += [
        ("Alpha", start, "too short here"),
        ("Beta", start, "too short here"),
        ("Gamma", None, ""),
    ]
    shuffled = [rows[i] for i in rng.permutation(len(rows))]
    schema = {"outlet": pl.String, "published": pl.Date, "text": pl.String}
    frame = pl.DataFrame(shuffled, schema=schema, orient="row")
    doc_id = pl.format("s{}", pl.int_range(pl.len()).cast(pl.String).str.zfill(5))
    return frame.select(doc_id.alias("doc_id"), *schema)


@cache
def many_stories(n: int = 10_100, seed: int = 5) -> pl.DataFrame:
    """Over 10,000 documents, so that the in-memory count of common shingles samples every
    other row in publication order; 10 stock phrases in 962 to 1,034 documents each, around
    its limit of 1,000, so that which shingles are left unsigned depends on that sample."""
    rng = np.random.default_rng(seed)
    vocab = np.array([f"v{i}" for i in range(5000)])
    phrases = [f"p{k}a p{k}b p{k}c p{k}d" for k in range(10)]
    texts = [
        " ".join(str(w) for w in rng.choice(vocab, int(rng.integers(2, 14)))) for _ in range(n)
    ]
    for k, phrase in enumerate(phrases):
        for i in rng.choice(n, 962 + 8 * k, replace=False):
            texts[i] += " " + phrase
    start = date(2023, 1, 1)
    frame = pl.DataFrame(
        {
            "doc_id": [f"L{i:06d}" for i in range(n)],
            "outlet": [["Alpha", "Beta", "Gamma"][i % 3] for i in range(n)],
            "published": [start + timedelta(days=int(d)) for d in rng.integers(0, 60, n)],
            "text": texts,
        }
    )
    planted = stories(n_stories=40, n_noise=0, seed=seed)
    tails = pl.Series([str(rng.choice(phrases)) for _ in range(planted.height)])
    planted = planted.with_columns(text=pl.col("text") + " " + tails)
    return pl.concat([frame, planted]).sample(fraction=1.0, shuffle=True, seed=seed)


def few_stories() -> pl.DataFrame:
    return stories(n_stories=5, n_noise=3, seed=11)


@cache
def stories_expected(corpus: str, options: tuple[tuple[str, Any], ...]) -> pl.DataFrame:
    frames = {"demo": demo, "stories": stories, "few_stories": few_stories, "many": many_stories}
    return dc.same_story(frames[corpus](), **dict(options))


def _partition_of(parts: Any) -> dict[str, int]:
    return {doc: i for i, part in enumerate(parts.partitions) for doc in part["doc_id"].compute()}


# (One document per partition and empty partitions: the generated corpus below.)
@pytest.mark.parametrize("npartitions", [3, 9], ids=lambda n: f"{n}parts")
def test_same_story_demo_corpus_same_pairs_on_the_cluster(client: Any, npartitions: int) -> None:
    expected_pairs = stories_expected("demo", ())
    assert expected_pairs.height >= 2
    got = dc.same_story(dc.to_dask(demo(), npartitions=npartitions))
    assert_frame_equal(got, expected_pairs)


SAME_STORY_CASES = [
    ("stories", 1, ()),
    ("stories", 4, ()),
    ("few_stories", 24, ()),  # 21 documents: one per partition, then 3 empty
    ("stories", 4, (("same_outlet", True), ("within_days", None))),
    ("stories", 7, (("threshold", 0.7), ("within_days", 2), ("num_perm", 64))),
]


@pytest.mark.parametrize(("corpus_name", "npartitions", "options"), SAME_STORY_CASES)
def test_same_story_generated_pairs_across_partitions(
    client: Any, corpus_name: str, npartitions: int, options: tuple[tuple[str, Any], ...]
) -> None:
    corpus = stories() if corpus_name == "stories" else few_stories()
    expected_pairs = stories_expected(corpus_name, options)
    assert expected_pairs.height >= 5 and expected_pairs["verbatim"].any()
    assert not expected_pairs["verbatim"].all()
    parts = dc.to_dask(corpus, npartitions=npartitions)
    if npartitions > 1:
        where = _partition_of(parts)
        split = [where[a] != where[b] for a, b in expected_pairs.select("doc_a", "doc_b").rows()]
        assert sum(split) >= 4, "too few pairs lie in two partitions to test the shuffle"
    assert_frame_equal(dc.same_story(parts, **dict(options)), expected_pairs)


def test_same_story_samples_common_shingles_in_publication_order(client: Any) -> None:
    """Beyond 10,000 documents, the shingles left unsigned are those of the in-memory sample
    (every other row in publication order), which differ from an exact count: the Dask
    version sorts the publication keys to pick the same rows, and the pairs are identical."""
    from discourse.cluster import _engine, _stories
    from discourse.stories import _minhash
    from discourse.stories.pairs import _documents

    corpus = many_stories()
    docs = _documents(corpus, "test")
    hashes, rows_ = _minhash.shingle_hashes(docs["text"], 3)
    sampled = _minhash.informative(hashes, rows_, limit=1000)
    in_memory = pl.Series(np.unique(hashes[~sampled])).sort()
    exact = (pl.DataFrame({"row": rows_, "hash": hashes}).unique().group_by("hash").len()).filter(
        pl.col("len") > 1000
    )["hash"]
    assert set(exact.to_list()) != set(in_memory.to_list())

    parts = dc.to_dask(corpus, npartitions=6)[_stories._NEEDED]
    census = _engine.reduce_partitions(parts, _stories._census, _stories._merge_census)
    assert census.counts is None and (int(rows_.max()) + 1) // 5000 == 2
    common = _stories._common_shingles(parts, census)
    assert common.to_list() == in_memory.to_list()
    assert_frame_equal(dc.same_story(parts), stories_expected("many", ()))


def test_same_story_edge_cases_on_the_cluster(client: Any) -> None:
    few = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["X", "Y", None],
            "published": [date(2024, 1, 1), None, None],
            "text": ["too short", "", None],
        },
        schema={"doc_id": pl.String, "outlet": pl.String, "published": pl.Date, "text": pl.String},
    )
    for frame in (few, few.clear()):
        assert_frame_equal(dc.same_story(dc.to_dask(frame, npartitions=2)), dc.same_story(frame))
    twice = pl.concat([stories().head(3), stories().slice(1, 1)])
    with pytest.raises(dc.DiscourseError, match="unique doc_id values; repeated: \\['s00001'\\]"):
        dc.same_story(twice)
    with pytest.raises(dc.DiscourseError, match="unique doc_id values; repeated: \\['s00001'\\]"):
        dc.same_story(dc.to_dask(twice, npartitions=3))
    with pytest.raises(dc.DiscourseError, match="threshold"):
        dc.same_story(dc.to_dask(few, npartitions=1), threshold=0)


# --- read_dask: the workers read the files ----------------------------------------------------


def _tricky_folder(folder: Path) -> Path:
    """Files whose reading depends on other files: an id produced twice (``a.md`` and
    ``a.txt``; a table's row id in another table), verbatim copies in other files (the
    earliest dated is the original), metadata columns found in one file only, an empty file."""
    (folder / "a.md").write_text("---\noutlet: Alpha\ndate: 2023-10-08\n---\nThe same words.\n")
    (folder / "a.txt").write_text("Another text with the id a.")
    (folder / "b.md").write_text("---\noutlet: Beta\ndate: 2023-10-07\n---\nThe  same words. \n")
    (folder / "c.md").write_text("---\noutlet: Gamma\ntopic: aid\n---\nThe same words.")
    (folder / "d.txt").write_text("")
    (folder / "t1.csv").write_text("doc_id,outlet,date,text\nx1,Alpha,2023-10-09,One row.\n")
    (folder / "t2.csv").write_text(
        "doc_id,outlet,date,text,lang\nx2,Beta,2023-10-09,One row.,en\nx1,Beta,,Taken id.,en\n"
    )
    (folder / "u.md").write_text("---\noutlet: Delta\nlang: fr\n---\nUne ligne.\n")
    return folder


@pytest.mark.parametrize("files_per_partition", [1, 2, 100])
def test_read_dask_equals_read_corpus(
    client: Any, tmp_path: Path, files_per_partition: int
) -> None:
    folder = _tricky_folder(tmp_path)
    with pytest.warns(UserWarning, match="3 input\\(s\\) could not be read") as seen:
        expected_corpus = dc.read_corpus(folder, errors="collect", outlet="Wire")
    loaded = dc.load_corpus(folder, errors="collect", outlet="Wire")
    assert loaded.rejected["reason"].str.contains("duplicate doc_id").sum() == 2
    assert expected_corpus["duplicate_of"].drop_nulls().to_list() == ["b", "b", "x1"]
    with pytest.warns(UserWarning) as caught:
        corpus = dc.read_dask(
            folder, files_per_partition=files_per_partition, errors="collect", outlet="Wire"
        )
    assert [str(w.message) for w in caught] == [str(w.message) for w in seen]
    assert corpus.npartitions == -(-8 // files_per_partition)
    assert_frame_equal(pl.from_pandas(corpus.compute()), expected_corpus)
    with pytest.raises(dc.CorpusError) as in_memory:
        dc.read_corpus(folder, outlet="Wire")
    with pytest.raises(dc.CorpusError) as on_workers:
        dc.read_dask(folder, files_per_partition=files_per_partition, outlet="Wire")
    assert str(on_workers.value) == str(in_memory.value)


@pytest.mark.parametrize(
    ("source", "options"),
    [
        (ROOT / "corpora" / "demo", {}),
        (ROOT / "tests" / "data" / "exports", {"errors": "collect"}),
        (ROOT / "tests" / "data" / "web", {"errors": "collect", "outlet_map": {"x": "Y"}}),
    ],
    ids=["demo", "exports", "web"],
)
def test_read_dask_equals_read_corpus_on_fixtures(
    client: Any, source: Path, options: dict[str, Any]
) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected_corpus = dc.read_corpus(source, **options)
        corpus = dc.read_dask(source, files_per_partition=3, **options)
    assert corpus.npartitions > 1
    assert_frame_equal(pl.from_pandas(corpus.compute()), expected_corpus)


def test_read_dask_tasks_carry_paths_not_text(client: Any) -> None:
    import pickle

    corpus = dc.read_dask(ROOT / "corpora" / "demo", files_per_partition=10)
    graph = pickle.dumps(dict(corpus.__dask_graph__()))
    texts = demo()["text"].to_list()
    assert not any(text[:80].encode() in graph for text in texts)
    assert len(graph) < sum(len(t) for t in texts) / 4
    assert b"coastal-tribune" in graph  # the files' paths
    assert_frame_equal(dc.label_shares(corpus, by="outlet"), dc.label_shares(demo(), by="outlet"))


# --- discourse report --scheduler -------------------------------------------------------------


def test_report_with_a_scheduler_scores_sentiment_on_the_cluster(
    client: Any, tmp_path: Path
) -> None:
    """``discourse report --scheduler``: the notebook's kernel gets ``DISCOURSE_SCHEDULER`` and
    its sentiment scoring runs as tasks on that scheduler; the page is the one rendered
    without it."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from discourse.cli.commands import main

    notebook = tmp_path / "05-tone.ipynb"
    cells = [
        new_markdown_cell("# Tone\n\nHow positive is each outlet's wording?"),
        new_code_cell('CORPUS = "corpora/demo"', metadata={"tags": ["parameters"]}),
        new_code_cell(
            "import discourse as dc\n"
            "scores = dc.sentence_sentiment(dc.read_corpus(CORPUS), methods=['vader'])\n"
            "print(round(scores['vader_compound'].mean(), 6))"
        ),
    ]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernel}), notebook)
    corpus = ROOT / "corpora" / "demo"
    expected_mean = dc.sentence_sentiment(demo(), methods=["vader"])["vader_compound"].mean()
    address = client.scheduler.address
    with distributed.get_task_stream(client) as stream:
        args = ["report", "--corpus", str(corpus), "--out", str(tmp_path / "site")]
        assert (
            main([*args, "--notebooks", str(notebook), "--no-progress", "--scheduler", address])
            == 0
        )
    page = (tmp_path / "site" / "05-tone.html").read_text("utf-8")
    assert f"{round(expected_mean, 6)}" in page
    scored = [t for t in stream.data if "score_chunk" in str(t["key"])]
    assert scored, "no sentiment task reached the scheduler"


def test_same_story_from_parquet_files_the_workers_read(client: Any, tmp_path: Path) -> None:
    """Small Parquet files of which 4 of 10 columns are read, which Dask fuses into fewer
    partitions in a map_partitions graph than in to_delayed: the documents are numbered in
    one list of partitions."""
    import pandas as pd

    wide = stories().with_columns(**{f"extra{i}": pl.col("text") for i in range(6)})
    dc.write_parquet(wide, folder=tmp_path, rows_per_file=7)
    corpus = dd.read_parquet(str(tmp_path))
    needed = corpus[["doc_id", "outlet", "published", "text"]]
    sizes = needed.map_partitions(lambda p: pd.DataFrame({"n": [len(p)]}), meta={"n": int})
    assert len(sizes.compute()) < len(needed.to_delayed()), "no fusion to test"
    assert_frame_equal(dc.same_story(corpus), stories_expected("stories", ()))
