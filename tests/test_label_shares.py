"""label_shares, label_independence and label_pairwise against hand counts and scipy."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from scipy import stats as sps

from discourse import (
    DiscourseError,
    NotApplicableError,
    label_independence,
    label_mentions,
    label_pairwise,
    label_shares,
    label_shares_over_time,
    read_lexicon,
)

LEXICON = read_lexicon(
    io.StringIO(
        "label_sets:\n"
        "  hamas:\n"
        "    labels:\n"
        "      name: {phrases: [Hamas]}\n"
        "      resistance: {phrases: [resistance movement]}\n"
        "      militant: {phrases: ['{,Hamas }militant{,s}']}\n"
        "      terrorist: {phrases: ['terrorist{,s}']}\n"
        "  army:\n"
        "    labels:\n"
        "      official: {phrases: [IDF]}\n"
    )
)

# Outlet A: militant 3 (2 documents), terrorist 1. Outlet B: name 1, terrorist 1 in scare quotes.
# Outlet C: no mention at all. Only A mentions the army.
CORPUS = pl.DataFrame(
    {
        "doc_id": ["a1", "a2", "b1", "c1"],
        "outlet": ["A", "A", "B", "C"],
        "section": ["news", "opinion", "news", "news"],
        "text": [
            "Hamas militants attacked. Terrorists fled. The IDF said so.",
            "Militants and militants.",
            "Hamas said. ‘Terrorists’, they said.",
            "Nothing.",
        ],
    }
)


def wilson(k: int, n: int) -> tuple[float | None, float | None]:
    if n == 0:
        return None, None
    ci = sps.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return ci.low, ci.high


def expected_shares(rows: list[tuple], keys: dict[str, list]) -> pl.DataFrame:
    """rows: (label_set, label, n, set_n, quoted, docs, group documents)."""
    frame = {
        **keys,
        "label_set": [],
        "label": [],
        "n": [],
        "set_n": [],
        "share": [],
        "ci_low": [],
        "ci_high": [],
        "quoted": [],
        "docs": [],
        "doc_share": [],
    }
    for label_set, label, n, set_n, quoted, docs, documents in rows:
        low, high = wilson(n, set_n)
        frame["label_set"].append(label_set)
        frame["label"].append(label)
        frame["n"].append(n)
        frame["set_n"].append(set_n)
        frame["share"].append(n / set_n if set_n else None)
        frame["ci_low"].append(low)
        frame["ci_high"].append(high)
        frame["quoted"].append(quoted)
        frame["docs"].append(docs)
        frame["doc_share"].append(docs / documents)
    counts = ("n", "set_n", "quoted", "docs")
    return pl.DataFrame(frame, schema_overrides={c: pl.Int64 for c in counts})


def test_label_shares_by_outlet() -> None:
    rows = [
        ("hamas", "name", 0, 4, 0, 0, 2),
        ("hamas", "resistance", 0, 4, 0, 0, 2),
        ("hamas", "militant", 3, 4, 0, 2, 2),
        ("hamas", "terrorist", 1, 4, 0, 1, 2),
        ("army", "official", 1, 1, 0, 1, 2),
        ("hamas", "name", 1, 2, 0, 1, 1),
        ("hamas", "resistance", 0, 2, 0, 0, 1),
        ("hamas", "militant", 0, 2, 0, 0, 1),
        ("hamas", "terrorist", 1, 2, 1, 1, 1),
        ("army", "official", 0, 0, 0, 0, 1),
        ("hamas", "name", 0, 0, 0, 0, 1),
        ("hamas", "resistance", 0, 0, 0, 0, 1),
        ("hamas", "militant", 0, 0, 0, 0, 1),
        ("hamas", "terrorist", 0, 0, 0, 0, 1),
        ("army", "official", 0, 0, 0, 0, 1),
    ]
    expected = expected_shares(rows, {"outlet": ["A"] * 5 + ["B"] * 5 + ["C"] * 5})
    assert_frame_equal(label_shares(CORPUS, lexicon=LEXICON, by="outlet"), expected)
    mentions = label_mentions(CORPUS, lexicon=LEXICON)
    assert_frame_equal(
        label_shares(CORPUS.lazy(), lexicon=LEXICON, by="outlet", mentions=mentions), expected
    )


def test_label_shares_without_quoted_mentions() -> None:
    shares = label_shares(CORPUS, lexicon=LEXICON, by="outlet", include_quoted=False).filter(
        outlet="B", label_set="hamas"
    )
    assert shares.select("label", "n", "set_n", "share").rows() == [
        ("name", 1, 1, 1.0),
        ("resistance", 0, 1, 0.0),
        ("militant", 0, 1, 0.0),
        ("terrorist", 0, 1, 0.0),
    ]


def test_label_shares_by_none_and_by_two_columns() -> None:
    overall = label_shares(CORPUS, lexicon=LEXICON, by=None)
    assert overall.columns[:2] == ["label_set", "label"]
    assert overall.select("label", "n", "set_n", "docs").rows() == [
        ("name", 1, 6, 1),
        ("resistance", 0, 6, 0),
        ("militant", 3, 6, 2),
        ("terrorist", 2, 6, 2),
        ("official", 1, 1, 1),
    ]
    assert overall["doc_share"].to_list() == [0.25, 0.0, 0.5, 0.5, 0.25]
    two = label_shares(CORPUS, lexicon=LEXICON, by=["outlet", "section"]).filter(label="militant")
    assert two.select("outlet", "section", "n", "set_n").rows() == [
        ("A", "news", 1, 2),
        ("A", "opinion", 2, 2),
        ("B", "news", 0, 2),
        ("C", "news", 0, 0),
    ]


def test_a_missing_group_value_is_a_group() -> None:
    corpus = pl.DataFrame(
        {"doc_id": ["a", "b"], "outlet": [None, "B"], "text": ["Hamas militants", "Hamas"]},
        schema_overrides={"outlet": pl.String},
    )
    shares = label_shares(corpus, lexicon=LEXICON, by="outlet").filter(label="militant")
    assert shares.select("outlet", "n", "set_n").rows() == [(None, 1, 1), ("B", 0, 1)]
    pairs = label_pairwise(corpus, lexicon=LEXICON, by="outlet").filter(label="militant")
    assert pairs.select("outlet_a", "outlet_b", "n_a", "n_b").rows() == [(None, "B", 1, 0)]


def test_label_shares_refuses_mentions_from_another_lexicon() -> None:
    mentions = label_mentions(CORPUS, lexicon=LEXICON).with_columns(pl.lit("other").alias("label"))
    with pytest.raises(DiscourseError, match="lexicon lacks"):
        label_shares(CORPUS, lexicon=LEXICON, by="outlet", mentions=mentions)


def test_label_independence_against_scipy() -> None:
    tests = label_independence(CORPUS, lexicon=LEXICON, by="outlet")
    # hamas: outlet C (no mention) and "resistance" (never used) leave the table.
    table = np.array([[0, 3, 1], [1, 0, 1]])
    ref = sps.chi2_contingency(table, correction=False)
    v = np.sqrt(ref.statistic / (table.sum() * (min(table.shape) - 1)))
    expected = pl.DataFrame(
        {
            "label_set": ["hamas", "army"],
            "n": [6, 1],
            "groups": [2, 1],
            "labels": [3, 1],
            "chi2": [ref.statistic, None],
            "dof": [2, None],
            "p": [ref.pvalue, None],
            "cramers_v": [v, None],
            "min_expected": [ref.expected_freq.min(), None],
        },
        schema_overrides={"groups": pl.Int64, "labels": pl.Int64, "dof": pl.Int64},
    )
    assert_frame_equal(tests, expected)


def test_label_pairwise_against_scipy_with_holm() -> None:
    pairs = label_pairwise(CORPUS, lexicon=LEXICON, by="outlet").filter(label_set="hamas")
    tested = pairs.filter(pl.col("g2").is_not_null())
    assert tested.select("outlet_a", "outlet_b").unique().rows() == [("A", "B")]
    assert pairs.filter(pl.col("outlet_b") == "C")["p"].null_count() == 8  # A–C and B–C
    raw = []
    for label, a, b in [
        ("name", 0, 1),
        ("resistance", 0, 0),
        ("militant", 3, 0),
        ("terrorist", 1, 1),
    ]:
        row = tested.filter(label=label).row(0, named=True)
        assert (row["n_a"], row["set_n_a"], row["n_b"], row["set_n_b"]) == (a, 4, b, 2)
        table = np.array([[a, 4 - a], [b, 2 - b]])
        if a + b == 0:
            g2, p = 0.0, 1.0
        else:
            ref = sps.chi2_contingency(table, correction=False, lambda_="log-likelihood")
            g2 = ref.statistic * (1 if a / 4 > b / 2 else -1)
            p = ref.pvalue
        assert row["g2"] == pytest.approx(g2, abs=1e-9)
        assert row["p"] == pytest.approx(p)
        raw.append(p)
    # Holm over the family of four tested comparisons in the label set.
    order = np.argsort(raw)
    holm = np.empty(4)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (4 - rank) * raw[i]))
        holm[i] = running
    assert tested["p_adjusted"].to_list() == pytest.approx(holm.tolist())
    assert set(pairs["correction"]) == {"holm"}
    bonferroni = label_pairwise(
        CORPUS, lexicon=LEXICON, by="outlet", correction="bonferroni"
    ).filter(label_set="hamas", outlet_b="B")
    assert bonferroni["p_adjusted"].to_list() == pytest.approx(np.minimum(np.array(raw) * 4, 1))


def test_label_pairwise_needs_two_groups() -> None:
    with pytest.raises(NotApplicableError, match="by=None puts every document in one"):
        label_pairwise(CORPUS, lexicon=LEXICON, by=None)
    with pytest.raises(NotApplicableError, match=r"this corpus has 1 outlet \(A\)"):
        label_pairwise(CORPUS.filter(outlet="A"), lexicon=LEXICON, by="outlet")


def test_no_phrase_of_the_lexicon_means_no_label_shares() -> None:
    corpus = pl.DataFrame(
        {"doc_id": ["s", "b"], "outlet": ["K", "L"], "text": ["Slice the onions.", "Bake it."]}
    )
    assert label_mentions(corpus, lexicon=LEXICON).height == 0
    message = r"No phrase of the lexicon occurs in this corpus \(2 documents\)"
    for analysis in (label_shares, label_independence, label_pairwise, label_shares_over_time):
        with pytest.raises(NotApplicableError, match=message):
            analysis(corpus, lexicon=LEXICON, by="outlet")
    with pytest.raises(NotApplicableError, match=r"\(one document\)"):
        label_shares(corpus.head(1), lexicon=LEXICON, by="outlet")


@pytest.mark.parametrize("analysis", [label_independence, label_pairwise])
def test_comparing_outlets_needs_two_that_use_the_lexicon(analysis) -> None:
    one_outlet = CORPUS.with_columns(outlet=pl.lit("A"))
    with pytest.raises(NotApplicableError, match=r"this corpus has 1 outlet \(A\); add documents"):
        analysis(one_outlet, lexicon=LEXICON, by="outlet")
    # A and C, but only A uses a phrase of the lexicon.
    with pytest.raises(NotApplicableError, match=r"only 1 of the 2 \(A\) uses a phrase"):
        analysis(CORPUS.filter(pl.col("outlet") != "B"), lexicon=LEXICON, by="outlet")
    by_section = r"groups of \['section'\], and this corpus has 1 group \(news\)"
    with pytest.raises(NotApplicableError, match=by_section):
        analysis(CORPUS.filter(section="news"), lexicon=LEXICON, by="section")


# Week of Monday 2023-10-02: a1 (militant 1, name 1 -> "Hamas militants" is one militant mention,
# "Hamas said" one name mention), b1 (terrorist 1). Week of 2023-10-09: a2 (militant 2).
# a3 is undated and left out (its terrorist mention does not count).
DATED = pl.DataFrame(
    {
        "doc_id": ["a1", "b1", "a2", "a3"],
        "outlet": ["A", "B", "A", "A"],
        "published": [date(2023, 10, 3), date(2023, 10, 8), date(2023, 10, 9), None],
        "text": [
            "Hamas militants attacked. Hamas said so.",
            "Terrorists attacked.",
            "Militants and militants.",
            "Terrorists.",
        ],
    }
)


def test_label_shares_over_time_by_hand() -> None:
    weekly = label_shares_over_time(DATED, lexicon=LEXICON, by="outlet", label_set="hamas")
    week1, week2 = date(2023, 10, 2), date(2023, 10, 9)
    got = weekly.filter(pl.col("n") > 0).select("outlet", "week", "label", "n", "set_n", "docs")
    assert got.rows() == [
        ("A", week1, "name", 1, 2, 1),
        ("A", week1, "militant", 1, 2, 1),
        ("A", week2, "militant", 2, 2, 1),
        ("B", week1, "terrorist", 1, 1, 1),
    ]
    # One row per outlet, week with a document, and label of the set; B has no document in week 2.
    assert weekly.select("outlet", "week").unique().sort("outlet", "week").rows() == [
        ("A", week1),
        ("A", week2),
        ("B", week1),
    ]
    assert weekly.height == 3 * 4
    assert weekly.columns == [
        "outlet",
        "week",
        *label_shares(DATED, lexicon=LEXICON, by="outlet").columns[1:],
    ]
    by_hand = label_shares(
        DATED.filter(pl.col("published").is_not_null()).with_columns(
            week=pl.col("published").dt.truncate("1w")
        ),
        lexicon=LEXICON,
        by=["outlet", "week"],
    ).filter(label_set="hamas")
    assert_frame_equal(weekly, by_hand)
    mentions = label_mentions(DATED, lexicon=LEXICON)
    assert_frame_equal(
        label_shares_over_time(
            DATED, lexicon=LEXICON, by="outlet", label_set="hamas", mentions=mentions
        ),
        weekly,
    )
    overall = label_shares_over_time(DATED, lexicon=LEXICON, by=None).filter(pl.col("n") > 0)
    assert overall.select("week", "label", "n").rows() == [
        (week1, "name", 1),
        (week1, "militant", 1),
        (week1, "terrorist", 1),
        (week2, "militant", 2),
    ]


def test_label_shares_over_time_says_why_it_cannot() -> None:
    undated = DATED.with_columns(published=pl.lit(None, dtype=pl.Date))
    with pytest.raises(NotApplicableError, match="none of the 4 documents has one"):
        label_shares_over_time(undated, lexicon=LEXICON, by="outlet")
    with pytest.raises(NotApplicableError, match="none of the 4 documents has one"):
        label_shares_over_time(DATED.drop("published"), lexicon=LEXICON, by="outlet")
    with pytest.raises(NotApplicableError, match=r"fall in one week \(that of 2023-10-02\)"):
        label_shares_over_time(DATED.filter(pl.col("doc_id") != "a2"), lexicon=LEXICON, by="outlet")
    with pytest.raises(NotApplicableError, match=r"fall in one month .*or use every='week'"):
        label_shares_over_time(DATED, lexicon=LEXICON, by="outlet", every="month")
    with pytest.raises(NotApplicableError, match="None of the 3 dated documents mentions"):
        label_shares_over_time(DATED, lexicon=LEXICON, by="outlet", label_set="army")
    with pytest.raises(DiscourseError, match="label_set 'gaza' is not in the lexicon"):
        label_shares_over_time(DATED, lexicon=LEXICON, by="outlet", label_set="gaza")


def test_without_by_the_corpus_is_one_group() -> None:
    assert_frame_equal(
        label_shares(CORPUS, lexicon=LEXICON), label_shares(CORPUS, lexicon=LEXICON, by=None)
    )
    assert_frame_equal(
        label_shares_over_time(DATED, lexicon=LEXICON),
        label_shares_over_time(DATED, lexicon=LEXICON, by=None),
    )
    for analysis in (label_independence, label_pairwise):
        with pytest.raises(NotApplicableError, match='pass by="outlet"'):
            analysis(CORPUS, lexicon=LEXICON)


@pytest.mark.parametrize(
    "analysis", [label_independence, label_pairwise, label_shares_over_time, label_mentions]
)
def test_a_lazy_corpus_gives_the_same_result(analysis) -> None:
    options = {} if analysis is label_mentions else {"by": "outlet"}
    assert_frame_equal(
        analysis(DATED.lazy(), lexicon=LEXICON, **options),
        analysis(DATED, lexicon=LEXICON, **options),
    )


def test_label_shares_streamed_from_parquet_equals_in_memory(
    demo_dir, tmp_path, monkeypatch
) -> None:
    """A LazyFrame (scan_parquet) is read in batches; the shares are identical to in-memory."""
    import discourse.framing.labels as labels
    from discourse.corpus.reading import read_corpus

    demo = read_corpus(demo_dir)

    path = tmp_path / "demo.parquet"
    demo.write_parquet(path, row_group_size=3)
    monkeypatch.setattr(labels, "_BATCH_ROWS", 4)
    streamed = labels.label_shares(pl.scan_parquet(path), by="outlet")
    assert_frame_equal(streamed, labels.label_shares(demo, by="outlet"))
    whole = labels.label_shares(pl.scan_parquet(path))
    assert_frame_equal(whole, labels.label_shares(demo))


# Streamed counting (issue 16): a LazyFrame is read in batches whose counts are summed; every
# result must equal the in-memory one, whatever the batch boundaries.
STREAM = pl.DataFrame(
    {
        "doc_id": ["s1", "s2", "s3", "s4", "s5", "s6", "s7"],
        "outlet": ["A", "A", "B", "A", "C", "B", None],
        "section": ["news", "news", "opinion", "opinion", "news", "news", "news"],
        "published": [
            date(2023, 10, 3),
            date(2023, 10, 4),
            date(2023, 10, 9),
            None,
            date(2023, 10, 10),
            date(2023, 10, 17),
            date(2023, 10, 3),
        ],
        "text": [
            "Nothing here.",  # a batch may hold no mention at all
            "Still nothing.",
            "Hamas militants attacked. ‘Terrorists’, they said. Militants.",
            "Terrorists and militants. The IDF said.",
            "Hamas said so. Hamas.",  # C lies in one batch only
            "‘Militants’ fired. The IDF replied.",
            "Terrorists.",
        ],
    }
)


def _all_analyses(corpus: pl.DataFrame | pl.LazyFrame) -> dict[str, pl.DataFrame]:
    out = {}
    for by in (None, "outlet", ["outlet", "section"]):
        for quoted in (True, False):
            name = f"{by}-{quoted}"
            out[f"shares-{name}"] = label_shares(
                corpus, lexicon=LEXICON, by=by, include_quoted=quoted
            )
            out[f"weekly-{name}"] = label_shares_over_time(
                corpus, lexicon=LEXICON, by=by, include_quoted=quoted
            )
    out["monthly"] = label_shares_over_time(
        corpus.with_columns(published=pl.col("published").dt.offset_by("3w")),
        lexicon=LEXICON,
        by="outlet",
        every="month",
        label_set="hamas",
    )
    out["independence"] = label_independence(corpus, lexicon=LEXICON, by="outlet")
    out["pairwise"] = label_pairwise(corpus, lexicon=LEXICON, by="section", include_quoted=False)
    out["mentions"] = label_mentions(corpus, lexicon=LEXICON)
    return out


def _counting(batches: Any, sizes: list[int]) -> Any:
    """``batches`` recording the size of every batch it gives."""

    def counted(lazy: pl.LazyFrame, rows: int) -> Iterator[pl.DataFrame]:
        for batch in batches(lazy, rows):
            sizes.append(batch.height)
            yield batch

    return counted


def _same(got: dict[str, pl.DataFrame], expected: dict[str, pl.DataFrame]) -> None:
    assert got.keys() == expected.keys()
    for name, frame in expected.items():
        try:
            assert_frame_equal(got[name], frame)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None


@pytest.mark.parametrize("rows", [1, 2, 3, 4, 7, 50])
def test_streamed_counts_equal_in_memory(rows: int, tmp_path, monkeypatch) -> None:
    """Batches of 1 to 50 documents (uneven: 7 = 3 + 3 + 1 ...), from memory and Parquet."""
    import discourse.framing._batches as batches
    import discourse.framing.labels as labels

    expected = _all_analyses(STREAM)
    path = tmp_path / "stream.parquet"
    STREAM.write_parquet(path, row_group_size=2)
    monkeypatch.setattr(labels, "_BATCH_ROWS", rows)

    def keeps_rows(*args, **kwargs):
        raise AssertionError("the mention rows were kept whole")

    monkeypatch.setattr(batches, "kept", keeps_rows)
    seen: list[int] = []
    monkeypatch.setattr(batches, "batches", _counting(batches.batches, seen))
    for lazy in (STREAM.lazy(), pl.scan_parquet(path)):
        got = _all_analyses(lazy)
        _same(got, expected)
    assert seen and max(seen) == min(rows, STREAM.height)


def test_streamed_counts_with_repeated_doc_ids(monkeypatch) -> None:
    """A doc_id in two batches counts once in ``docs``, as in memory (summing batch counts would
    count it twice): the streamed path falls back to keeping the mention rows."""
    import discourse.framing.labels as labels

    repeated = STREAM.with_columns(doc_id=pl.Series(["s1", "s3", "s3", "s4", "s4", "s3", "s1"]))
    monkeypatch.setattr(labels, "_BATCH_ROWS", 2)
    expected = _all_analyses(repeated)
    assert expected["shares-outlet-True"].filter(outlet="B", label="militant")["docs"].item() == 1
    got = _all_analyses(repeated.lazy())
    _same(got, expected)


def test_streamed_counts_dedupe_and_errors(monkeypatch) -> None:
    import discourse.framing.labels as labels

    monkeypatch.setattr(labels, "_BATCH_ROWS", 2)
    copied = pl.concat([STREAM, STREAM.head(3).with_columns(doc_id=pl.lit("copy") + "_x")])
    copied = copied.with_columns(doc_id=pl.col("doc_id") + pl.int_range(pl.len()).cast(pl.String))
    for mode in ("verbatim", "story"):
        assert_frame_equal(
            label_shares(copied.lazy(), lexicon=LEXICON, by="outlet", dedupe=mode),
            label_shares(copied, lexicon=LEXICON, by="outlet", dedupe=mode),
        )
    nothing = STREAM.head(2)
    for corpus in (nothing, nothing.head(0)):
        for analysis in (label_shares, label_shares_over_time):
            with pytest.raises(NotApplicableError) as in_memory:
                analysis(corpus, lexicon=LEXICON, by="outlet")
            with pytest.raises(NotApplicableError) as streamed:
                analysis(corpus.lazy(), lexicon=LEXICON, by="outlet")
            assert str(streamed.value) == str(in_memory.value)
    cases: list[tuple[pl.DataFrame, dict[str, Any]]] = [
        (STREAM.drop("published"), {}),
        (STREAM.with_columns(published=pl.lit(None, pl.Date)), {}),
        (STREAM, {"label_set": "army", "include_quoted": False}),
        (STREAM.filter(pl.col("doc_id").is_in(["s4", "s5"])), {}),
        (STREAM, {"every": "year"}),
    ]
    for corpus, options in cases:
        with pytest.raises(DiscourseError) as refused:
            label_shares_over_time(corpus, lexicon=LEXICON, by="outlet", **options)
        with pytest.raises(DiscourseError) as refused_lazily:
            label_shares_over_time(corpus.lazy(), lexicon=LEXICON, by="outlet", **options)
        assert str(refused_lazily.value) == str(refused.value)


def _headlines(real_data) -> pl.DataFrame:
    """The Google-News headlines (read in place): publisher as outlet, date as published."""
    lines = (
        (real_data / "datasets/gaza-news-headlines/gaza-news.txt")
        .read_text(encoding="utf-8", errors="replace")
        .splitlines()
    )
    rows = [line.split("\t") for line in lines if line.count("\t") >= 3]
    return pl.DataFrame(
        {
            "doc_id": [f"h{i}" for i in range(len(rows))],
            "outlet": [row[1] for row in rows],
            "published": [row[0] for row in rows],
            "text": [row[2] for row in rows],
        }
    ).with_columns(pl.col("published").str.to_date(strict=False))


def test_streamed_counts_equal_in_memory_on_real_headlines(real_data, tmp_path, monkeypatch):
    import discourse.framing.labels as labels
    from discourse import index_corpus

    corpus = _headlines(real_data)
    assert corpus.height > 10_000
    path = tmp_path / "headlines.parquet"
    corpus.write_parquet(path, row_group_size=1_000)
    monkeypatch.setattr(labels, "_BATCH_ROWS", 997)  # batches that cut the row groups
    calls = [
        lambda c: label_shares(c, by="outlet"),
        lambda c: label_shares(c, include_quoted=False),
        lambda c: label_shares_over_time(c, every="month"),
        lambda c: label_independence(c, by="outlet"),
        lambda c: label_mentions(c),
    ]
    for call in calls:
        expected = call(corpus)
        assert expected.height > 10
        for other in (pl.scan_parquet(path), index_corpus(corpus)):
            assert_frame_equal(call(other), expected)


_words = st.sampled_from(
    ["Hamas", "militants", "Terrorists", "IDF", "resistance movement", "the", "‘militant’",
     "“terrorists”", "said", "Hamas militants"]
)  # fmt: skip
_texts = st.lists(st.tuples(_words, st.sampled_from([" ", ". ", "\n\n", ", "])), max_size=8).map(
    lambda parts: "".join(a + b for a, b in parts)
)
_docs = st.tuples(
    st.sampled_from(["d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"]),
    st.sampled_from(["A", "B", None]),
    st.sampled_from([None, 0, 4, 9, 30]),
    _texts,
)


@given(st.lists(_docs, min_size=1, max_size=8), st.sampled_from([1, 2, 3, 5]))
@settings(max_examples=60, deadline=None)
def test_streamed_counts_on_generated_corpora(docs: list[tuple[Any, ...]], rows: int) -> None:
    """Any corpus (ids may repeat, groups and dates may be missing), any batch size."""
    import discourse.framing.labels as labels

    corpus = pl.DataFrame(
        {
            "doc_id": [d for d, _, _, _ in docs],
            "outlet": [o for _, o, _, _ in docs],
            "published": [
                None if n is None else date.fromordinal(date(2023, 10, 2).toordinal() + n)
                for _, _, n, _ in docs
            ],
            "text": [t for _, _, _, t in docs],
        },
        schema={"doc_id": pl.String, "outlet": pl.String, "published": pl.Date, "text": pl.String},
    )
    saved = labels._BATCH_ROWS
    labels._BATCH_ROWS = rows
    try:
        for call in (
            lambda c: label_shares(c, lexicon=LEXICON, by="outlet"),
            lambda c: label_shares(c, lexicon=LEXICON, include_quoted=False),
            lambda c: label_shares_over_time(c, lexicon=LEXICON, by="outlet"),
            lambda c: label_pairwise(c, lexicon=LEXICON, by="outlet"),
            lambda c: label_mentions(c, lexicon=LEXICON),
        ):
            try:
                expected = call(corpus)
            except NotApplicableError as error:
                with pytest.raises(NotApplicableError) as raised:
                    call(corpus.lazy())
                assert str(raised.value) == str(error)
                continue
            assert_frame_equal(call(corpus.lazy()), expected)
    finally:
        labels._BATCH_ROWS = saved
