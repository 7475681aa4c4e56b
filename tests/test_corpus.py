"""Tests for discourse.corpus.reading: every format, every kind of bad input, and nothing lost."""

from __future__ import annotations

import os
import warnings
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from discourse import (
    CorpusError,
    DiscourseError,
    LoadedCorpus,
    flag_duplicates,
    load_corpus,
    read_corpus,
)
from discourse.corpus._dates import MONTHS, parse_date, parse_dates


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def md(outlet: str = "Alpha", body: str = "Body text.\n", **keys: str) -> str:
    lines = [f"outlet: {outlet}"] if outlet else []
    lines += [f"{key}: {value}" for key, value in keys.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


# --- formats --------------------------------------------------------------------------------


def test_front_matter_file_gives_the_whole_frame(tmp_path: Path) -> None:
    src = write(
        tmp_path / "a.md",
        md(date="2023-10-07", title="One", url="https://x.test/1", section="world", body="Hi.\n"),
    )
    got = read_corpus(src)
    expected = pl.DataFrame(
        {
            "doc_id": ["a"],
            "outlet": ["Alpha"],
            "published": [date(2023, 10, 7)],
            "title": ["One"],
            "url": ["https://x.test/1"],
            "text": ["Hi.\n"],
            "duplicate_of": [None],
            "source": [str(src)],
            "section": ["world"],
        },
        schema_overrides={"duplicate_of": pl.String},
    )
    assert_frame_equal(got, expected)


def test_published_key_and_yaml_scalars_stay_strings(tmp_path: Path) -> None:
    write(tmp_path / "a.md", md(published="2023-10-07", section="007", flag="yes", reason="x"))
    got = read_corpus(tmp_path)
    assert got.row(0, named=True)["published"] == date(2023, 10, 7)
    assert got.select("section", "flag", "reason").row(0) == ("007", "yes", "x")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (" date 2023-11-29 Musk responded.", "Musk responded."),
        ("date 2023-11-29\n\nFirst paragraph.\n", "First paragraph.\n"),
        ("\ufeffdate 2023-11-29 With a BOM.", "With a BOM."),
    ],
)
def test_bare_date_marker_becomes_published_and_leaves_the_text(
    tmp_path: Path, raw: str, text: str
) -> None:
    write(tmp_path / "memo.txt", raw)
    got = read_corpus(tmp_path, outlet="Monitor")
    assert got.select("doc_id", "outlet", "published", "text").rows() == [
        ("memo", "Monitor", date(2023, 11, 29), text)
    ]


def test_marker_only_counts_at_the_start(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Text first. date 2023-11-29 later.")
    got = read_corpus(tmp_path, outlet="X")
    assert got.select("published", "text").row(0) == (None, "Text first. date 2023-11-29 later.")


def test_marker_that_disagrees_with_front_matter_is_rejected(tmp_path: Path) -> None:
    write(tmp_path / "a.md", md(date="2023-11-28", body=" date 2023-11-29 Text."))
    with pytest.raises(CorpusError, match="disagrees"):
        read_corpus(tmp_path)


def test_folder_metadata_file_supplies_defaults(tmp_path: Path) -> None:
    write(tmp_path / "_corpus.yaml", "outlet: Root Outlet\nregion: north\n")
    write(tmp_path / "top.txt", "Top.")
    write(tmp_path / "sub" / "_corpus.yaml", "outlet: Sub Outlet\n")
    write(tmp_path / "sub" / "inner.txt", "Inner.")
    write(tmp_path / "sub" / "own.md", md(outlet="Own", body="Own."))
    got = read_corpus(tmp_path, outlet="Keyword")
    assert got.select("doc_id", "outlet", "region").rows() == [
        ("sub/inner", "Sub Outlet", "north"),
        ("sub/own", "Own", "north"),
        ("top", "Root Outlet", "north"),
    ]


def test_folder_metadata_gives_title_url_and_date_to_text_files(tmp_path: Path) -> None:
    write(tmp_path / "_corpus.yaml", "outlet: O\ndate: 2023-10-07\ntitle: T\nurl: https://u.test\n")
    write(tmp_path / "a.txt", "Plain.")
    write(tmp_path / "b.txt", "date 2023-10-09 Marked.")
    got = read_corpus(tmp_path)
    assert got.select("doc_id", "outlet", "published", "title", "url", "text").rows() == [
        ("a", "O", date(2023, 10, 7), "T", "https://u.test", "Plain."),
        ("b", "O", date(2023, 10, 9), "T", "https://u.test", "Marked."),
    ]


def test_folder_metadata_gives_tables_outlet_and_constant_columns(tmp_path: Path) -> None:
    write(tmp_path / "_corpus.yaml", "outlet: Folder\nregion: north\n")
    write(tmp_path / "t.csv", "text,outlet\nFirst,Own\nSecond,\n")
    got = read_corpus(tmp_path, outlet="Keyword")
    assert got.select("doc_id", "outlet", "region").rows() == [
        ("t:1", "Own", "north"),
        ("t:2", "Folder", "north"),
    ]


def test_text_files_and_tables_keep_path_order(tmp_path: Path) -> None:
    write(tmp_path / "a.md", md(body="A."))
    write(tmp_path / "b.csv", "text,outlet,section\nB1,X,s1\nB2,X,s2\n")
    write(tmp_path / "c.md", md(body="C.", topic="t"))
    got = read_corpus(tmp_path)
    assert got.select("doc_id", "section", "topic").rows() == [
        ("a", None, None),
        ("b:1", "s1", None),
        ("b:2", "s2", None),
        ("c", None, "t"),
    ]


def test_columns_that_do_not_fit_the_file_are_reported(tmp_path: Path) -> None:
    src = write(tmp_path / "h.tsv", "2023-10-03\tReuters\tTitle\n")
    with pytest.raises(CorpusError, match="cannot parse the file as TSV"):
        read_corpus(src, columns=["date", "outlet", "text", "url"])


def test_outlet_keyword_is_the_last_default(tmp_path: Path) -> None:
    write(tmp_path / "a.md", md(outlet="", body="No outlet in the file."))
    assert read_corpus(tmp_path, outlet="Keyword")["outlet"].to_list() == ["Keyword"]


def test_csv_with_mapping_keeps_unmapped_columns(tmp_path: Path) -> None:
    src = write(
        tmp_path / "s.csv",
        ",article_date,sentence,publisher,category\n"
        '0,10/13/2023,"One, quoted",NYT,israel\n'
        "1,2023-10-12 15:01:58,Two,WSJ,palestine\n",
    )
    got = read_corpus(
        src, mapping={"text": "sentence", "outlet": "publisher", "date": "article_date"}
    )
    expected = pl.DataFrame(
        {
            "doc_id": ["s:1", "s:2"],
            "outlet": ["NYT", "WSJ"],
            "published": [date(2023, 10, 13), date(2023, 10, 12)],
            "title": [None, None],
            "url": [None, None],
            "text": ["One, quoted", "Two"],
            "duplicate_of": [None, None],
            "source": [str(src)] * 2,
            "column_1": ["0", "1"],
            "category": ["israel", "palestine"],
        },
        schema_overrides={"title": pl.String, "url": pl.String, "duplicate_of": pl.String},
    )
    assert_frame_equal(got, expected)


def test_headerless_tsv_with_columns(tmp_path: Path) -> None:
    src = write(
        tmp_path / "h.txt",
        '2023-10-03\tReuters\t"Quoted start - Reuters\thttps://r.test/1\n'
        "2023-10-04\tAP\tSecond - AP\thttps://ap.test/2\n",
    )
    got = read_corpus(
        src,
        format="tsv",
        columns=["date", "publisher", "title", "url"],
        mapping={"text": "title", "title": "title", "outlet": "publisher"},
    )
    assert got.select("doc_id", "outlet", "published", "title", "text", "url").rows() == [
        ("h:1", "Reuters", date(2023, 10, 3), '"Quoted start - Reuters', '"Quoted start - Reuters',
         "https://r.test/1"),
        ("h:2", "AP", date(2023, 10, 4), "Second - AP", "Second - AP", "https://ap.test/2"),
    ]  # fmt: skip


def test_headerless_csv_with_columns(tmp_path: Path) -> None:
    src = write(tmp_path / "n.csv", '2023-10-03,Reuters,"Gaza, today"\n2023-10-04,AP,Second\n')
    got = read_corpus(src, columns=["published", "outlet", "text"])
    assert got.select("doc_id", "outlet", "published", "text").rows() == [
        ("n:1", "Reuters", date(2023, 10, 3), "Gaza, today"),
        ("n:2", "AP", date(2023, 10, 4), "Second"),
    ]


def test_tsv_with_header_uses_same_name_columns(tmp_path: Path) -> None:
    write(tmp_path / "t.tsv", "published\toutlet\ttext\n2023-10-07\tA\tHello\n")
    got = read_corpus(tmp_path)
    assert got.select("doc_id", "outlet", "published", "text").rows() == [
        ("t:1", "A", date(2023, 10, 7), "Hello")
    ]


def test_jsonl_reads_objects_and_keeps_line_numbers(tmp_path: Path) -> None:
    write(
        tmp_path / "j.jsonl",
        '{"text": "a", "outlet": "A", "tags": ["x", "y"]}\n\n{"text": "b", "outlet": "B", "n": 3}\n',
    )
    got = read_corpus(tmp_path)
    assert got.select("doc_id", "text", "tags", "n").rows() == [
        ("j:1", "a", '["x", "y"]', None),
        ("j:3", "b", None, "3"),
    ]


def test_parquet_keeps_typed_dates(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"body": ["a", "Cafe\u0301"], "outlet": ["A", "B"], "day": [date(2023, 10, 7), None]}
    )
    frame.write_parquet(tmp_path / "p.parquet")
    got = read_corpus(tmp_path / "p.parquet", mapping={"text": "body", "date": "day"})
    assert got.select("doc_id", "outlet", "published", "text").rows() == [
        ("p:1", "A", date(2023, 10, 7), "a"),
        ("p:2", "B", None, "Caf\u00e9"),
    ]


def test_text_is_kept_exactly_after_bom_and_nfc(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301  with  double  spaces\r\nand CRLF.\r\n"
    write(tmp_path / "a.md", "\ufeff" + md(body=decomposed).replace("\n---\n", "\n---\r\n"))
    got = read_corpus(tmp_path)
    assert got["text"].to_list() == ["Caf\u00e9  with  double  spaces\r\nand CRLF.\r\n"]


def test_windows_1252_needs_the_encoding_keyword(tmp_path: Path) -> None:
    write(tmp_path / "a.md", md(body="caf\u00e9 \u2019quoted\u2019").encode("cp1252"))
    with pytest.raises(CorpusError, match="encoding='cp1252'"):
        read_corpus(tmp_path)
    assert read_corpus(tmp_path, encoding="cp1252")["text"].to_list() == [
        "caf\u00e9 \u2019quoted\u2019"
    ]


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dayfirst", "expected"),
    [
        ("2023-10-12", False, date(2023, 10, 12)),
        ("2023-10-12 15:01:58", False, date(2023, 10, 12)),
        ("2023-11-27 10:22:07.899", False, date(2023, 11, 27)),
        ("2023-10-07T23:30:00+05:00", False, date(2023, 10, 7)),
        ("10/13/2023", False, date(2023, 10, 13)),
        ("3/4/2023", False, date(2023, 3, 4)),
        ("3/4/2023", True, date(2023, 4, 3)),
        ("13.10.2023", True, date(2023, 10, 13)),
        ("29 November 2023", False, date(2023, 11, 29)),
        ("Nov. 29, 2023", False, date(2023, 11, 29)),
        ("Sept 3 2023", False, date(2023, 9, 3)),
        ("2024-02-29", False, date(2024, 2, 29)),
    ],
)
def test_dates_in_common_forms(value: str, dayfirst: bool, expected: date) -> None:
    assert parse_date(value, dayfirst=dayfirst) == (expected, None)


@pytest.mark.parametrize(
    ("value", "dayfirst", "problem"),
    [
        ("2023-02-29", False, "impossible date '2023-02-29'"),
        ("2023-13-01", False, "impossible date '2023-13-01'"),
        ("0000-01-05", False, "impossible date '0000-01-05'"),
        (
            "13/10/2023",
            False,
            "impossible date '13/10/2023' (read as month/day/year; see dayfirst=)",
        ),
        ("10/13/2023", True, "impossible date '10/13/2023' (read as day/month/year)"),
        ("next week", False, "unrecognised date 'next week'"),
        ("Mayday 3, 2023", False, "unrecognised date 'Mayday 3, 2023'"),
    ],
)
def test_bad_dates_say_why(value: str, dayfirst: bool, problem: str) -> None:
    assert parse_date(value, dayfirst=dayfirst) == (None, problem)


date_strings = st.one_of(
    st.builds(
        "{:04d}-{:02d}-{:02d}{}".format,
        st.integers(0, 9999),
        st.integers(0, 19),
        st.integers(0, 39),
        st.sampled_from(["", " 15:01:58", "T23:59:59.5Z", " 7:05", "x"]),
    ),
    st.builds(
        "{}{}{}{}{}".format,
        st.integers(0, 39),
        st.sampled_from(["/", "."]),
        st.integers(0, 39),
        st.sampled_from(["/", "."]),
        st.integers(0, 12000),
    ),
    st.builds(
        "{} {} {}".format,
        st.integers(0, 40),
        st.sampled_from([*MONTHS, "Foo"]),
        st.integers(1900, 2100),
    ),
    st.builds(
        "{}. {}, {}".format,
        st.sampled_from([*MONTHS, "Nov"]),
        st.integers(0, 40),
        st.integers(1900, 2100),
    ),
    st.text(max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(value=date_strings, dayfirst=st.booleans())
def test_single_and_column_date_parsers_agree(value: str, dayfirst: bool) -> None:
    column = parse_dates(pl.Series([value], dtype=pl.String), dayfirst=dayfirst).row(0)
    assert parse_date(value, dayfirst=dayfirst) == column


# --- bad input ------------------------------------------------------------------------------

BAD_INPUTS = [
    # (file name, content, reason fragment, line)
    ("bad.md", md(body="caf").encode() + b"\xe9\n", "not valid utf-8: byte 0xe9", 4),
    ("empty.md", b"", "empty file", None),
    ("blank.txt", " \n\t\n", "only whitespace", None),
    ("blank.md", md(body="  \n\n"), "no text", 4),
    ("open.md", "---\noutlet: A\ntitle: never closed\nBody.\n", "never closes", 1),
    ("yaml.md", "---\noutlet: A\ntitle: [unclosed\n---\nBody.\n", "invalid YAML", 4),
    ("notmap.md", "---\n- a list\n---\nBody.\n", "must be 'key: value'", 2),
    ("reserved.md", md(doc_id="mine"), "key 'doc_id' is not allowed", 2),
    ("date.md", md(date="2023-02-30"), "impossible date '2023-02-30'", 3),
    ("marker.txt", "date 2023-02-30 Text.", "impossible date", 1),
    ("nooutlet.txt", "Plain text with no outlet.", "no outlet", 1),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", None),
    ("image.png", b"\x89PNG\r\n", "unsupported file type '.png'", None),
    ("norows.csv", "text,outlet\n", "no rows", None),
    ("notext.csv", "body,outlet\nx,A\n", "no text column", None),
    ("rowtext.csv", "text,outlet\nfine,A\n  ,A\n", "row has no text", 2),
    ("rowdate.csv", "text,outlet,date\nfine,A,2023-01-01\nx,A,31/31/2023\n", "impossible date", 2),
    ("rowoutlet.csv", "text,outlet\nfine,A\nx,\n", "row has no outlet", 2),
    ("nooutletcol.csv", "text\nfine\n", "no outlet column", 1),
    ("list.jsonl", '{"text": "a", "outlet": "A"}\n[1, 2]\n', "must be an object", 2),
    ("broken.jsonl", '{"text": "a", "outlet": "A"}\n{"text": "b",\n', "broken JSON line", 2),
    ("eof.tsv", "text\toutlet\nfine\tA\n\x1a", "only control characters", 2),
    ("ragged.tsv", "text\toutlet\nfine\tA\tB\n", "cannot parse the file as TSV", None),
]


@pytest.mark.parametrize(("name", "content", "reason", "line"), BAD_INPUTS)
def test_bad_input_raises_naming_file_line_and_reason(
    tmp_path: Path, name: str, content: str | bytes, reason: str, line: int | None
) -> None:
    src = write(tmp_path / name, content)
    with pytest.raises(CorpusError) as caught:
        read_corpus(src)
    assert caught.value.source == str(src)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(src) in str(caught.value)
    assert isinstance(caught.value, DiscourseError)


@pytest.mark.parametrize(("name", "content", "reason", "line"), BAD_INPUTS)
def test_bad_input_is_collected_beside_good_documents(
    tmp_path: Path, name: str, content: str | bytes, reason: str, line: int | None
) -> None:
    write(tmp_path / "good.md", md(body="Good."))
    src = write(tmp_path / name, content)
    loaded = load_corpus([tmp_path / "good.md", src], errors="collect")
    assert isinstance(loaded, LoadedCorpus)
    assert loaded.rejected.columns == ["source", "line", "reason", "doc_id"]
    bad = loaded.rejected.filter(pl.col("reason").str.contains(reason, literal=True))
    assert bad.select("source", "line").rows() == [(str(src), line)]
    assert "good" in loaded.corpus["doc_id"].to_list()


def test_duplicate_doc_id_is_rejected_not_overwritten(tmp_path: Path) -> None:
    write(tmp_path / "a.md", md(body="From md."))
    write(tmp_path / "a.txt", md(body="From txt."))
    with pytest.raises(CorpusError, match="duplicate doc_id 'a'"):
        read_corpus(tmp_path)
    loaded = load_corpus(tmp_path, errors="collect")
    assert loaded.corpus.select("doc_id", "text").rows() == [("a", "From md.")]
    assert loaded.rejected.select("source", "doc_id").rows() == [(str(tmp_path / "a.txt"), "a")]


def test_broken_folder_metadata_rejects_every_document_below_it(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "_corpus.yaml", "outlet: [broken\n")
    write(tmp_path / "sub" / "a.txt", "A.")
    write(tmp_path / "b.txt", "B.")
    loaded = load_corpus(tmp_path, outlet="X", errors="collect")
    assert loaded.corpus["doc_id"].to_list() == ["b"]
    assert loaded.rejected["doc_id"].to_list() == ["sub/a"]
    assert "_corpus.yaml" in loaded.rejected["reason"][0]


@pytest.mark.parametrize("source", ["missing-folder", "nothing-*.md"])
def test_sources_that_yield_nothing_are_reported(tmp_path: Path, source: str) -> None:
    with pytest.raises(CorpusError, match=r"no such file|no file matches"):
        read_corpus(tmp_path / source)


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "notes.yaml", "a: b\n")
    with pytest.raises(CorpusError, match="holds no corpus files"):
        read_corpus(tmp_path)


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    evil = f'!!python/object/apply:os.system ["touch {marker}"]'
    write(tmp_path / "docs" / "a.md", md(note=evil))
    loaded = load_corpus(tmp_path / "docs", errors="collect")
    assert not marker.exists()
    assert loaded.corpus.height == 0
    assert "python/object/apply" in loaded.rejected["reason"][0]


def test_read_corpus_warns_when_it_leaves_inputs_out(tmp_path: Path) -> None:
    write(tmp_path / "good.md", md())
    write(tmp_path / "empty.md", "")
    with pytest.warns(UserWarning, match="1 input"):
        got = read_corpus(tmp_path, errors="collect")
    assert got["doc_id"].to_list() == ["good"]


def test_clean_read_does_not_warn(tmp_path: Path) -> None:
    write(tmp_path / "good.md", md())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_corpus(tmp_path, errors="collect")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"errors": "ignore"},
        {"encoding": "no-such-codec"},
        {"format": "docx"},
        {"mapping": {"body": "text"}},
    ],
)
def test_misuse_raises_discourse_error(tmp_path: Path, kwargs: dict[str, object]) -> None:
    write(tmp_path / "a.md", md())
    with pytest.raises(DiscourseError):
        read_corpus(tmp_path, **kwargs)  # type: ignore[arg-type]


def test_mapping_to_a_missing_column_names_the_columns(tmp_path: Path) -> None:
    src = write(tmp_path / "a.csv", "body,outlet\nx,A\n")
    with pytest.raises(CorpusError, match=r"column 'sentence' for text.*\['body', 'outlet'\]"):
        read_corpus(src, mapping={"text": "sentence"})


def test_unmapped_column_clashing_with_the_frame_is_refused(tmp_path: Path) -> None:
    src = write(tmp_path / "a.csv", "body,text,outlet\nx,y,A\n")
    with pytest.raises(CorpusError, match=r"\['text'\] would clash"):
        read_corpus(src, mapping={"text": "body"})


# --- duplicates, ids, order -----------------------------------------------------------------


def test_identical_texts_are_flagged_not_dropped(tmp_path: Path) -> None:
    write(tmp_path / "a.md", md(outlet="AP", body="Same  story.\n"))
    write(tmp_path / "b.md", md(outlet="Other", body="Same story."))
    write(tmp_path / "c.md", md(outlet="Other", body="Different story."))
    write(tmp_path / "t.csv", "text,outlet\nSame story.,X\nDifferent story.,Y\nsame story.,Z\n")
    got = read_corpus(tmp_path)
    assert got.select("doc_id", "duplicate_of").rows() == [
        ("a", None),
        ("b", "a"),
        ("c", None),
        ("t:1", "a"),
        ("t:2", "c"),
        ("t:3", None),
    ]


def test_flag_duplicates_on_a_frame_and_a_lazy_frame() -> None:
    frame = pl.DataFrame({"doc_id": ["x", "y", "z", "w"], "text": ["a", "b", "a", "a"]})
    expected = frame.with_columns(duplicate_of=pl.Series([None, None, "x", "x"], dtype=pl.String))
    assert_frame_equal(flag_duplicates(frame), expected)
    assert_frame_equal(flag_duplicates(frame.lazy()).collect(), expected)


def test_doc_ids_are_relative_posix_paths_and_stable(tmp_path: Path, monkeypatch) -> None:
    for name in ["z.md", "b/y.md", "b/a/x.md", "a.md"]:
        write(tmp_path / "corpus" / name, md(body=f"Text of {name}."))
    first = read_corpus(tmp_path / "corpus")
    assert first["doc_id"].to_list() == ["a", "b/a/x", "b/y", "z"]
    monkeypatch.chdir(tmp_path)
    again = read_corpus("corpus")
    assert_frame_equal(first.drop("source"), again.drop("source"))
    assert again["source"].to_list() == [
        os.path.join("corpus", n) for n in ["a.md", "b/a/x.md", "b/y.md", "z.md"]
    ]


def test_glob_and_list_sources(tmp_path: Path) -> None:
    write(tmp_path / "x" / "one.md", md(body="One."))
    write(tmp_path / "x" / "two.txt", md(body="Two."))
    write(tmp_path / "y" / "three.md", md(body="Three."))
    got = read_corpus([str(tmp_path / "x" / "*.md"), tmp_path / "y", tmp_path / "x"])
    # A file reached twice (the pattern and the folder) is read once, from its first source.
    assert got["doc_id"].to_list() == ["one", "three", "two"]


def test_readme_and_hidden_files_are_not_documents(tmp_path: Path) -> None:
    write(tmp_path / "README.md", "# About this corpus\n")
    write(tmp_path / ".hidden.md", md())
    write(tmp_path / "_corpus.yaml", "outlet: Folder\n")
    write(tmp_path / "doc.md", md())
    assert read_corpus(tmp_path)["doc_id"].to_list() == ["doc"]
    assert read_corpus(str(tmp_path / "*"))["doc_id"].to_list() == ["doc"]


# --- nothing lost (generated folders) -------------------------------------------------------

GOOD: dict[str, str | bytes] = {
    "md": md(date="2023-10-07", body="Fine text."),
    "bare": "date 2023-10-08 Bare text with an outlet from the folder.",
}
BAD: dict[str, str | bytes] = {
    "utf8": b"---\noutlet: A\n---\n\xff\xfe bad",
    "empty": b"",
    "blank": md(body=" \n"),
    "open": "---\noutlet: A\nBody.",
    "yaml": "---\noutlet: [\n---\nBody.",
    "date": md(date="2023-04-31"),
    "binary": b"\x00\x01\x02",
}


@st.composite
def folders(draw: st.DrawFn) -> list[tuple[str, str, str | bytes]]:
    names = draw(st.lists(st.sampled_from(sorted(GOOD) + sorted(BAD)), min_size=1, max_size=12))
    return [
        (f"d{i % 3}/f{i}", kind, GOOD[kind] if kind in GOOD else BAD[kind])
        for i, kind in enumerate(names)
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=folders(), rows=st.lists(st.sampled_from(["ok", "", "dup"]), max_size=6))
def test_loaded_plus_rejected_equals_inputs(
    tmp_path_factory: pytest.TempPathFactory,
    files: list[tuple[str, str, str | bytes]],
    rows: list[str],
) -> None:
    root = tmp_path_factory.mktemp("gen")
    write(root / "_corpus.yaml", "outlet: Folder Outlet\n")
    for stem, kind, content in files:
        write(root / f"{stem}.{'txt' if kind == 'bare' else 'md'}", content)
    # Same stem, another extension, sorted first: "d0/f0" is then a duplicate doc_id (or bad).
    write(root / "d0" / "f0.markdown", md(body="Clash."))
    table = "".join(f"{'Same text' if r == 'dup' else r},T\n" for r in rows)
    write(root / "t.csv", "text,outlet\n" + table)
    inputs = len(files) + 1 + max(len(rows), 1)
    loaded = load_corpus(root, errors="collect")
    assert loaded.corpus.height + loaded.rejected.height == inputs
    expected_bad = {f"{stem}" for stem, kind, _ in files if kind in BAD}
    assert expected_bad | {"d0/f0"} <= set(loaded.rejected["doc_id"].to_list())
    good_ids = {stem for stem, kind, _ in files if kind in GOOD} | {"d0/f0"}
    assert good_ids <= set(loaded.corpus["doc_id"].to_list())
    assert loaded.corpus["doc_id"].is_unique().all()
    same = loaded.corpus.filter(pl.col("text") == "Same text")
    assert same.height == rows.count("dup")
    assert same["duplicate_of"].null_count() == min(1, same.height)
    with pytest.raises(CorpusError):
        load_corpus(root)  # the clash file alone makes every generated folder bad


def test_flag_duplicates_does_not_pair_missing_texts() -> None:
    frame = pl.DataFrame({"doc_id": ["x", "y", "z"], "text": [None, None, "a"]})
    assert flag_duplicates(frame)["duplicate_of"].to_list() == [None, None, None]


# --- dedupe= --------------------------------------------------------------------------------

_WIRE = "The minister said on Monday that the talks would resume next week in Cairo."


def _syndicated(folder: Path) -> Path:
    """A wire story, a verbatim copy and a rewrite in another outlet, and an unrelated story."""
    write(folder / "orig.md", md(outlet="Wire", body=_WIRE, published="2023-11-24"))
    write(folder / "copy.md", md(outlet="Courier", body=_WIRE, published="2023-11-25"))
    rewrite = _WIRE.replace("said", "claimed")
    write(folder / "rewrite.md", md(outlet="Courier", body=rewrite, published="2023-11-26"))
    other = "Aid lorries crossed at Rafah after a week of closure, officials at the crossing said."
    write(folder / "other.md", md(outlet="Courier", body=other, published="2023-11-27"))
    return folder


@pytest.mark.parametrize(
    ("mode", "kept", "dropped"),
    [
        # Counted by hand: verbatim drops only the identical later copy; the rewrite is the
        # same story, so story_per_outlet keeps one Courier copy (the earliest) and the Wire
        # original; story keeps only the original.
        ("verbatim", ["orig", "other", "rewrite"], ["copy"]),
        ("story_per_outlet", ["copy", "orig", "other"], ["rewrite"]),
        ("story", ["orig", "other"], ["copy", "rewrite"]),
    ],
)
def test_dedupe_leaves_copies_out_and_lists_them(
    tmp_path: Path, mode: str, kept: list[str], dropped: list[str]
) -> None:
    source = _syndicated(tmp_path)
    loaded = load_corpus(source, dedupe=mode)  # type: ignore[arg-type]
    assert sorted(loaded.corpus["doc_id"].to_list()) == kept
    assert sorted(loaded.dropped["doc_id"].to_list()) == dropped
    assert loaded.dropped.columns == ["doc_id", "outlet", "published", "source"]
    assert loaded.rejected.height == 0
    # Kept and dropped partition what loaded; the kept rows are unchanged, in frame order.
    full = read_corpus(source)
    assert loaded.corpus.height + loaded.dropped.height == full.height
    assert_frame_equal(loaded.corpus, full.filter(pl.col("doc_id").is_in(kept)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # copies are not errors: read_corpus does not warn
        assert_frame_equal(read_corpus(source, dedupe=mode), loaded.corpus)  # type: ignore[arg-type]


def test_without_dedupe_nothing_is_dropped(tmp_path: Path) -> None:
    loaded = load_corpus(_syndicated(tmp_path))
    assert loaded.corpus.height == 4
    assert loaded.dropped.height == 0
    assert loaded.dropped.schema == pl.Schema(
        {"doc_id": pl.String, "outlet": pl.String, "published": pl.Date, "source": pl.String}
    )


def test_dedupe_with_rejected_inputs_and_nothing_loaded(tmp_path: Path) -> None:
    write(tmp_path / "empty.md", "")
    loaded = load_corpus(tmp_path, errors="collect", dedupe="story")
    assert (loaded.corpus.height, loaded.dropped.height, loaded.rejected.height) == (0, 0, 1)


def test_unknown_dedupe_mode_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a.md", md())
    with pytest.raises(DiscourseError, match="dedupe must be"):
        load_corpus(tmp_path, dedupe="fuzzy")  # type: ignore[arg-type]


def test_table_ids_come_from_its_doc_id_column(tmp_path: Path) -> None:
    table = tmp_path / "coverage.csv"
    table.write_text(
        "doc_id,outlet,text\n"
        "ap-1,AP,Strikes hit Gaza.\n"
        "ap-2,AP,Rockets hit Sderot.\n"
        ",AP,No id here.\n"
        "ap-1,AP,A second ap-1.\n",
        encoding="utf-8",
    )
    loaded = load_corpus(table, errors="collect")
    assert loaded.corpus["doc_id"].to_list() == ["ap-1", "ap-2"]
    assert loaded.rejected.select("line", "reason").rows() == [
        # Rows are numbered from the first data row, as in every table rejection.
        (3, "row has no doc_id (column 'doc_id' is empty)"),
        (4, "duplicate doc_id 'ap-1' (already used by line 1)"),
    ]


def test_mapped_doc_id_and_clash_across_files(tmp_path: Path) -> None:
    pl.DataFrame(
        {"id": ["x1", "x2"], "outlet": ["A", "B"], "body": ["One.", "Two."]}
    ).write_parquet(tmp_path / "a.parquet")
    pl.DataFrame({"id": ["x2"], "outlet": ["C"], "body": ["Three."]}).write_parquet(
        tmp_path / "b.parquet"
    )
    loaded = load_corpus(tmp_path, mapping={"doc_id": "id", "text": "body"}, errors="collect")
    assert loaded.corpus.select("doc_id", "outlet").rows() == [("x1", "A"), ("x2", "B")]
    assert loaded.rejected.select("line", "doc_id").rows() == [(1, "x2")]
    assert "duplicate doc_id 'x2'" in loaded.rejected["reason"].item()
