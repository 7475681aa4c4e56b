"""discourse.corpus.reading on the real coverage data, read in place (see ../shared/corpora/real/README.md).

Expected figures come from that README or are recomputed here with the standard library, never
from the reader under test.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from datetime import date, datetime
from pathlib import Path

import pytest

from discourse import load_corpus, read_corpus

pytestmark = pytest.mark.realdata

MEMO = "memo-2023-11-29-musk-gaza.txt"
HEADLINE_COLUMNS = ["date", "publisher", "title", "url"]


def python_date(value: str) -> date:
    """An independent parse of the two forms in these files: ISO (with time) and M/D/YYYY."""
    if "/" in value:
        return datetime.strptime(value, "%m/%d/%Y").date()
    return date.fromisoformat(value[:10])


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def later_copies(
    keys: Sequence[Hashable], dates: Sequence[date | None] | None = None
) -> list[bool]:
    """Which rows are copies: all but the earliest of each key (undated last, then row order)."""
    dated = dates if dates is not None else [None] * len(keys)
    original: dict[Hashable, tuple[bool, date, int]] = {}
    for index, (key, day) in enumerate(zip(keys, dated, strict=True)):
        rank = (day is None, day or date.min, index)
        if key not in original or rank < original[key]:
            original[key] = rank
    return [original[key][2] != index for index, key in enumerate(keys)]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def memo_body(real_data: Path) -> str:
    """The file's body after its front matter, as the bytes stand (no trailing newline added)."""
    return (real_data / MEMO).read_text(encoding="utf-8").split("---\n", 2)[2]


def test_memo_article_with_front_matter(real_data: Path) -> None:
    corpus = read_corpus(real_data / MEMO)
    row = corpus.row(0, named=True)
    assert corpus.height == 1
    assert (row["doc_id"], row["outlet"], row["published"]) == (
        "memo-2023-11-29-musk-gaza",
        "Middle East Monitor",
        date(2023, 11, 29),
    )
    assert row["url"].startswith("https://www.middleeastmonitor.com/20231129-")
    assert row["title"].startswith("Musk responds")
    assert "note" in corpus.columns
    body = memo_body(real_data)
    assert body.startswith(" date 2023-11-29 ")
    assert row["text"] == body.removeprefix(" date 2023-11-29 ")
    assert row["text"].startswith("Elon Musk")
    assert len(row["text"].split()) == len(body.split()) - 2


def test_memo_body_in_the_bare_format(real_data: Path, tmp_path: Path) -> None:
    # Written to a temporary folder, never into the repository.
    (tmp_path / "memo.txt").write_text(memo_body(real_data), encoding="utf-8")
    (tmp_path / "_corpus.yaml").write_text("outlet: Middle East Monitor\n", encoding="utf-8")
    bare = read_corpus(tmp_path)
    with_front_matter = read_corpus(real_data / MEMO)
    assert (
        bare.select("outlet", "published", "text").rows()
        == with_front_matter.select("outlet", "published", "text").rows()
    )
    assert bare["published"].to_list() == [date(2023, 11, 29)]


JACKSON = {
    # file: duplicate (title, sentence) rows as counted in the real data's README
    "tagged_data_nyt_oct7_to_oct18": 235,
    "tagged_data_nyt_oct18_to_oct22": 73,
    "tagged_data_wp_oct7_to_oct22": 40,
    "tagged_data_wsj_oct7_to_oct22": 96,
}


@pytest.mark.parametrize(("name", "repeated_rows"), JACKSON.items())
def test_jackson_sentences_through_mapping(real_data: Path, name: str, repeated_rows: int) -> None:
    path = real_data / "datasets" / "jackson-us-newspapers" / f"{name}.csv"
    loaded = load_corpus(
        path,
        outlet=name.split("_")[2].upper(),
        mapping={"text": "sentence", "date": "article_date", "title": "article_title"},
    )
    corpus, rows = loaded.corpus, rows_of(path)
    assert loaded.rejected.height == 0
    assert corpus.height == len(rows)
    assert corpus["text"].to_list() == [row["sentence"] for row in rows]
    assert corpus["category"].to_list() == [row["category"] for row in rows]
    raw_dates = [row["article_date"] for row in rows]
    assert corpus["published"].to_list() == [python_date(value) for value in raw_dates]
    flagged = corpus["duplicate_of"].is_not_null().to_list()
    published = [python_date(value) for value in raw_dates]
    assert flagged == later_copies([squash(row["sentence"]) for row in rows], published)
    pairs = later_copies([(row["article_title"], row["sentence"]) for row in rows], published)
    assert sum(pairs) == repeated_rows
    assert all(f for f, p in zip(flagged, pairs, strict=True) if p)


def test_jackson_files_together_mix_date_formats(real_data: Path) -> None:
    folder = real_data / "datasets" / "jackson-us-newspapers"
    paths = [folder / f"{name}.csv" for name in JACKSON]
    corpus = read_corpus(paths, outlet="US", mapping={"text": "sentence", "date": "article_date"})
    raw_dates = [row["article_date"] for path in paths for row in rows_of(path)]
    assert {"/" in value for value in raw_dates} == {True, False}
    assert corpus["published"].to_list() == [python_date(value) for value in raw_dates]
    assert corpus["doc_id"].is_unique().all()
    # Across papers too: the same sentence in two files is flagged once per later copy.
    texts = [squash(row["sentence"]) for path in paths for row in rows_of(path)]
    published = [python_date(value) for value in raw_dates]
    assert corpus["duplicate_of"].is_not_null().to_list() == later_copies(texts, published)


@pytest.mark.parametrize("paper", ["globe", "post", "star"])
@pytest.mark.parametrize(
    ("kind", "mapping"),
    [
        ("sentences", {"text": "sentence"}),
        ("article_list", {"text": "title", "date": "datetime"}),
    ],
)
def test_breach_tables_through_mapping(
    real_data: Path, paper: str, kind: str, mapping: dict[str, str]
) -> None:
    path = real_data / "datasets" / "breach-canadian-newspapers" / f"{paper}_{kind}.csv"
    loaded = load_corpus(path, outlet=paper, mapping=mapping)
    rows = rows_of(path)
    assert loaded.rejected.height == 0
    assert loaded.corpus.height == len(rows)
    assert loaded.corpus["doc_id"].to_list() == [
        f"{paper}_{kind}:{i}" for i in range(1, len(rows) + 1)
    ]
    assert loaded.corpus["text"].to_list() == [row[mapping["text"]] for row in rows]
    date_column = mapping.get("date", "date")
    assert loaded.corpus["published"].to_list() == [python_date(row[date_column]) for row in rows]
    assert loaded.corpus["duplicate_of"].is_not_null().to_list() == later_copies(
        [squash(row[mapping["text"]]) for row in rows],
        [python_date(row[date_column]) for row in rows],
    )


def test_gaza_news_headlines_without_header_row(real_data: Path) -> None:
    path = real_data / "datasets" / "gaza-news-headlines" / "gaza-news.txt"
    loaded = load_corpus(
        path,
        format="tsv",
        columns=HEADLINE_COLUMNS,
        mapping={"text": "title", "title": "title", "outlet": "publisher"},
        errors="collect",
    )
    corpus = loaded.corpus
    assert corpus.height == 11_505
    assert corpus["outlet"].n_unique() == 756
    counts = dict(corpus["outlet"].value_counts().rows())
    assert (counts["Al Jazeera English"], counts["Reuters"], counts["Middle East Monitor"]) == (
        1578,
        875,
        11,
    )
    assert (corpus["published"].min(), corpus["published"].max()) == (
        date(2023, 10, 3),
        date(2024, 6, 12),
    )
    # The stray \x1a last line is reported, not dropped.
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "\x1a"
    assert loaded.rejected.select("line", "doc_id").rows() == [
        (len(lines), f"gaza-news:{len(lines)}")
    ]
    assert "control characters" in loaded.rejected["reason"][0]
    titles = [line.split("\t")[2] for line in lines[:-1]]
    assert corpus["duplicate_of"].is_not_null().to_list() == later_copies(
        [squash(t) for t in titles], [python_date(line.split("\t")[0]) for line in lines[:-1]]
    )


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("wsj-news-middleeast.txt", 654),
        ("googlenews-bbc-gaza.txt", 705),
        ("bds-movement-mentions.txt", 1794),
    ],
)
def test_other_headline_sets(real_data: Path, name: str, rows: int) -> None:
    loaded = load_corpus(
        real_data / "datasets" / "gaza-news-headlines" / name,
        format="tsv",
        columns=HEADLINE_COLUMNS,
        mapping={"text": "title", "outlet": "publisher"},
    )
    assert (loaded.corpus.height, loaded.rejected.height) == (rows, 0)
    assert loaded.corpus["published"].null_count() == 0


def test_coverage_index(real_data: Path) -> None:
    path = real_data / "musk-visit-2023-11" / "coverage-index.csv"
    corpus = read_corpus(path, mapping={"text": "title_or_slug", "outlet": "outlet_or_site"})
    rows = rows_of(path)
    assert corpus.height == len(rows) == 42
    assert corpus["outlet"].n_unique() == 39
    assert corpus["published"].to_list() == [
        python_date(r["date"]) if r["date"] else None for r in rows
    ]
    texts = Counter(row["title_or_slug"] for row in rows)
    assert corpus["duplicate_of"].is_not_null().sum() == sum(n - 1 for n in texts.values())
