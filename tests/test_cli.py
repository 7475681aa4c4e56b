"""The command line: tables on stdout or in files, one clear line and exit 1 on bad input."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from discourse import corpus_overview, read_corpus
from discourse.cli.commands import main


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a1.md").write_text(
        "---\noutlet: Alpha\npublished: 2023-10-07\ntitle: One\n---\nHamas militants attacked.\n"
    )
    (folder / "a2.md").write_text(
        "---\noutlet: Alpha\npublished: 2023-10-14\ntitle: Two\n---\nFighters died in strikes.\n"
    )
    (folder / "b1.md").write_text(
        "---\noutlet: Beta\npublished: 2023-10-08\ntitle: Three\n---\nThe attack killed many.\n"
    )
    return folder


def test_info_prints_table(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # tables fit the terminal; make this one wide
    assert main(["info", "--corpus", str(corpus_dir)]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    lines = [line for line in out.out.splitlines() if "Alpha" in line or "Beta" in line]
    assert len(lines) == 2
    assert "2023-10-07" in lines[0] and "2023-10-14" in lines[0]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_info_writes_file(corpus_dir: Path, tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"info{suffix}"
    assert main(["info", "--corpus", str(corpus_dir), "--output", str(output)]) == 0
    written = (
        pl.read_csv(output, try_parse_dates=True) if suffix == ".csv" else pl.read_parquet(output)
    )
    expected = corpus_overview(read_corpus(corpus_dir), by="outlet")
    assert_frame_equal(written, expected, check_dtypes=suffix == ".parquet")
    assert written["documents"].to_list() == [2, 1]


def test_info_by_several_columns(corpus_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "by.csv"
    assert (
        main(["info", "--corpus", str(corpus_dir), "--by", "outlet,title", "--output", str(output)])
        == 0
    )
    assert pl.read_csv(output).select("outlet", "title", "documents").rows() == [
        ("Alpha", "One", 1),
        ("Alpha", "Two", 1),
        ("Beta", "Three", 1),
    ]


def test_info_rejected_lists_bad_inputs(corpus_dir: Path, tmp_path: Path) -> None:
    (corpus_dir / "empty.txt").write_text("")
    output = tmp_path / "rejected.csv"
    assert main(["info", "--corpus", str(corpus_dir), "--rejected", "--output", str(output)]) == 0
    rejected = pl.read_csv(output)
    assert rejected["doc_id"].to_list() == ["empty"]
    assert "empty" in rejected["reason"][0]


def test_partly_loadable_corpus_warns_once(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus_dir / "empty.txt").write_text("")
    assert main(["info", "--corpus", str(corpus_dir)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("discourse: 1 input(s) could not be read")


def test_sentiment_documents(corpus_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "s.parquet"
    args = ["sentiment", "--corpus", str(corpus_dir), "--methods", "vader", "--output", str(output)]
    assert main(args) == 0
    scores = pl.read_parquet(output)
    assert sorted(scores["doc_id"].to_list()) == ["a1", "a2", "b1"]
    assert scores.filter(doc_id="b1")["n_sentences"].item() == 1
    assert "textblob_polarity" not in scores.columns
    assert scores["vader_compound"].is_between(-1, 1).all()


def _error_run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(args)
    return code, capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda d, t: ["info", "--corpus", str(t / "nowhere")], "no such file or folder"),
        (lambda d, t: ["info", "--corpus", str(t / "emptydir")], "nothing loadable"),
        (
            lambda d, t: ["info", "--corpus", str(d), "--output", str(t / "x.xlsx")],
            "end the name in .csv or .parquet",
        ),
        (
            lambda d, t: [
                "report",
                "--corpus",
                str(d),
                "--out",
                str(t / "o"),
                "--lexicon",
                str(t / "nope.yaml"),
            ],
            "no such lexicon file",
        ),
        (
            lambda d, t: [
                "report",
                "--corpus",
                str(d),
                "--out",
                str(t / "o"),
                "--lexicon",
                str(t / "bad.yaml"),
            ],
            "bad.yaml",
        ),
        (
            lambda d, t: ["report", "--corpus", str(t / "emptydir"), "--out", str(t / "o")],
            "nothing loadable",
        ),
    ],
)
def test_bad_input_one_line_exit_1(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make_args, message: str
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "emptydir" / "blank.txt").write_text("")
    (tmp_path / "bad.yaml").write_text("version: 1\nlabel_sets:\n  x: [unclosed\n")
    code, err = _error_run(make_args(corpus_dir, tmp_path), capsys)
    assert code == 1
    assert len(err) == 1, err
    assert err[0].startswith("discourse: error: ") and message in err[0]
    assert not (tmp_path / "o" / "index.html").exists()


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["info"])
    assert exit_info.value.code == 2
    assert "--corpus" in capsys.readouterr().err


def test_console_script_no_traceback(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("discourse")
    done = subprocess.run(
        [str(script), "info", "--corpus", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"discourse: error: {tmp_path / 'missing'}: no such file or folder\n"


@pytest.mark.notebook
def test_report_renders_pages(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A one-cell notebook keeps this a test of the command's wiring; tests/test_notebooks.py
    # renders the real notebooks.
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    notebook = tmp_path / "01-count.ipynb"
    cells = [
        new_markdown_cell("# Count\n\nHow many documents?"),
        new_code_cell('CORPUS = ""\nLEXICON = ""', metadata={"tags": ["parameters"]}),
        new_code_cell(
            "from discourse.corpus.reading import read_corpus\nread_corpus(CORPUS).height"
        ),
    ]
    nbformat.write(
        new_notebook(
            cells=cells,
            metadata={
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
        ),
        notebook,
    )
    out = tmp_path / "site"
    args = ["report", "--corpus", str(corpus_dir), "--out", str(out), "--notebooks", str(notebook)]
    assert main([*args, "--no-progress", "--keep-code"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [str(out / "01-count.html"), str(out / "index.html")]
    page = (out / "01-count.html").read_text("utf-8")
    assert "read_corpus</span>" in page  # --keep-code shows the (highlighted) source
    assert "<pre>3</pre>" in page


def test_frames_matches_label_shares(corpus_dir: Path, tmp_path: Path) -> None:
    from discourse import default_lexicon, label_shares

    output = tmp_path / "frames.parquet"
    args = ["frames", "--corpus", str(corpus_dir), "--label-set", "hamas", "--output", str(output)]
    assert main(args) == 0
    expected = label_shares(
        read_corpus(corpus_dir), lexicon=default_lexicon().select("hamas"), by="outlet"
    )
    assert_frame_equal(pl.read_parquet(output), expected)
    militant = pl.read_parquet(output).filter(outlet="Alpha", label="militant")
    # "Hamas militants" is one militant mention; "Fighters" in a2 is the other Hamas mention.
    assert militant.select("n", "set_n").row(0) == (1, 2)


def test_frames_unknown_label_set(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frames", "--corpus", str(corpus_dir), "--label-set", "nope"]) == 1
    assert "label set(s) ['nope'] not in the lexicon" in capsys.readouterr().err


def test_kwic_rows(corpus_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "kwic.csv"
    args = [
        "kwic",
        "--corpus",
        str(corpus_dir),
        "killed",
        "died",
        "--window",
        "8",
        "--output",
        str(output),
    ]
    assert main(args) == 0
    rows = pl.read_csv(output).select("doc_id", "left", "match", "right").rows()
    assert rows == [("a2", "ighters ", "died", " in stri"), ("b1", " attack ", "killed", " many. ")]


def test_kwic_bad_regex(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kwic", "--corpus", str(corpus_dir), "--regex", "("]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "does not compile" in err[0]


def test_keyness_top_per_group(corpus_dir: Path, tmp_path: Path) -> None:
    from discourse import keyness

    output = tmp_path / "key.parquet"
    args = [
        "keyness",
        "--corpus",
        str(corpus_dir),
        "--min-count",
        "1",
        "--top",
        "2",
        "--output",
        str(output),
    ]
    assert main(args) == 0
    written = pl.read_parquet(output)
    full = keyness(read_corpus(corpus_dir), by="outlet", min_count=1, stopwords="english")
    assert_frame_equal(written, full.group_by("outlet", maintain_order=True).head(2))
    assert written.group_by("outlet").len().sort("outlet")["len"].to_list() == [2, 2]


def test_keyness_needs_groups(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keyness", "--corpus", str(corpus_dir), "--by", ""]) == 1
    assert "give --by" in capsys.readouterr().err


# --- corpus options on every command ------------------------------------------------------

_MAPPING = "text=sentence,outlet=paper,published=date"
_MAPPED = {"text": "sentence", "outlet": "paper", "published": "date"}


@pytest.fixture
def odd_csv(tmp_path: Path) -> Path:
    """A table whose columns have other names than the corpus's."""
    path = tmp_path / "odd.csv"
    path.write_text(
        "sentence,paper,date\n"
        '"Hamas militants attacked, officials said.",Alpha,2023-10-07\n'
        '"Fighters died in strikes, and militants fled.",Alpha,2023-10-14\n'
        '"The attack killed many, the militants said.",Beta,2023-10-08\n'
        '"Officials said the militants attacked again.",Beta,2023-10-09\n'
    )
    return path


def _expected(command: str, corpus: pl.DataFrame) -> pl.DataFrame:
    from discourse import default_lexicon, document_sentiment, keyness, kwic, label_shares

    if command == "info":
        return corpus_overview(corpus, by="outlet")
    if command == "frames":
        return label_shares(corpus, lexicon=default_lexicon(), by="outlet")
    if command == "kwic":
        return kwic(corpus, query=["militants"], window_chars=40, sort="outlet")
    if command == "keyness":
        return keyness(corpus, by="outlet", min_count=1, stopwords="english")
    return document_sentiment(corpus, methods=["vader"])


_EXTRA = {
    "info": [],
    "frames": [],
    "kwic": ["militants"],
    "keyness": ["--min-count", "1"],
    "sentiment": ["--methods", "vader"],
}


@pytest.mark.parametrize("command", list(_EXTRA))
def test_every_command_takes_a_mapping(command: str, odd_csv: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.parquet"
    args = [command, "--corpus", str(odd_csv), "--mapping", _MAPPING, *_EXTRA[command]]
    assert main([*args, "--output", str(output)]) == 0
    expected = _expected(command, read_corpus(odd_csv, mapping=_MAPPED))
    assert expected.height > 0
    assert_frame_equal(pl.read_parquet(output), expected)


@pytest.mark.parametrize("command", list(_EXTRA))
def test_without_the_mapping_the_hint_names_the_flag(
    command: str, odd_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _error_run([command, "--corpus", str(odd_csv), *_EXTRA[command]], capsys)
    assert code == 1 and len(err) == 1, err
    assert (
        "pass --mapping text=COLUMN (and --columns NAME,NAME,... if it has no header row)"
        in (err[0])
    )
    assert "mapping={" not in err[0] and "columns=[" not in err[0]


def test_mapping_flags_repeat_and_merge(odd_csv: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    args = ["info", "--corpus", str(odd_csv), "--mapping", "text=sentence"]
    args += ["--mapping", "outlet=paper, published=date", "--output", str(output)]
    assert main(args) == 0
    assert pl.read_csv(output).select("outlet", "documents", "first").rows() == [
        ("Alpha", 2, "2023-10-07"),
        ("Beta", 2, "2023-10-08"),
    ]


@pytest.mark.parametrize("bad", ["text", "text=", "=sentence", "text=sentence,,outlet=paper"])
def test_malformed_mapping_is_a_usage_error(
    bad: str, odd_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["info", "--corpus", str(odd_csv), "--mapping", bad])
    assert exit_info.value.code == 2
    assert "KEY=COLUMN" in capsys.readouterr().err


def test_unknown_mapping_key_names_the_flag(
    odd_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _error_run(["info", "--corpus", str(odd_csv), "--mapping", "body=x"], capsys)
    assert code == 1 and err[0].startswith("discourse: error: --mapping keys must be among")


def test_mapping_to_a_missing_column_names_the_flag(
    odd_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _error_run(["info", "--corpus", str(odd_csv), "--mapping", "text=body"], capsys)
    assert code == 1
    assert "--mapping names column 'body' for text" in err[0]


def test_headerless_tsv_needs_columns_and_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Like the headline files: tab-separated, no header, ending in .txt, a quote that never closes.
    path = tmp_path / "headlines.txt"
    path.write_text(
        '2023-10-07\tAlpha\t"Militants attack - Alpha\thttps://a.example/1\n'
        "2023-10-08\tBeta\tStrikes on Gaza - Beta\thttps://b.example/2\n"
        "2023-10-09\tBeta\tTruce talks - Beta\thttps://b.example/3\n"
    )
    options = ["--format", "tsv", "--columns", "date,outlet,title,url", "--mapping", "text=title"]
    output = tmp_path / "info.csv"
    assert main(["info", "--corpus", str(path), *options, "--output", str(output)]) == 0
    expected = corpus_overview(
        read_corpus(
            path,
            format="tsv",
            columns=["date", "outlet", "title", "url"],
            mapping={"text": "title"},
        ),
        by="outlet",
    )
    written = pl.read_csv(output, try_parse_dates=True)
    assert_frame_equal(written, expected, check_dtypes=False)
    assert written.select("outlet", "documents").rows() == [("Alpha", 1), ("Beta", 2)]
    # Without --format the .txt file is read as one text document with no outlet.
    code, err = _error_run(["info", "--corpus", str(path)], capsys)
    assert code == 1 and "pass --outlet NAME" in err[0] and "outlet=" not in err[0]


def test_dayfirst(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("text,outlet,date\nSome text.,Alpha,03/04/2023\n")
    output = tmp_path / "o.csv"
    for flags, first in (([], "2023-03-04"), (["--dayfirst"], "2023-04-03")):
        assert main(["info", "--corpus", str(path), *flags, "--output", str(output)]) == 0
        assert pl.read_csv(output)["first"].to_list() == [first]


def test_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes("text,outlet\nCaf\u00e9 talks \u2013 resumed.,Alpha\n".encode("cp1252"))
    code, err = _error_run(["info", "--corpus", str(path)], capsys)
    assert code == 1 and "pass --encoding cp1252" in err[0] and "encoding=" not in err[0]
    output = tmp_path / "kwic.csv"
    args = ["kwic", "--corpus", str(path), "--encoding", "cp1252", "talks", "--output", str(output)]
    assert main(args) == 0
    assert pl.read_csv(output)["left"].to_list() == ["Caf\u00e9 "]
    code, err = _error_run(["info", "--corpus", str(path), "--encoding", "nope"], capsys)
    assert code == 1 and "try --encoding utf-8 or --encoding cp1252" in err[0]


def test_outlet_for_documents_that_name_none(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "memo.txt").write_text(" date 2023-11-29 Musk responded.")
    output = tmp_path / "o.csv"
    args = ["info", "--corpus", str(tmp_path / "c"), "--outlet", "Middle East Monitor"]
    assert main([*args, "--output", str(output)]) == 0
    assert pl.read_csv(output).select("outlet", "documents", "first").rows() == [
        ("Middle East Monitor", 1, "2023-11-29")
    ]


_WIRE = "The minister said on Monday that the talks would resume next week in Cairo."


@pytest.mark.parametrize(("mode", "documents"), [("verbatim", [1, 1]), ("story", [0, 1])])
def test_dedupe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str, documents: list[int]
) -> None:
    path = tmp_path / "t.csv"
    # Wire first, then Courier's verbatim copy and its rewrite (the same story).
    rewrite = _WIRE.replace("said", "claimed")
    path.write_text(
        "text,outlet,date\n"
        f"{_WIRE},Wire,2023-11-24\n{_WIRE},Courier,2023-11-25\n{rewrite},Courier,2023-11-26\n"
    )
    output = tmp_path / "o.csv"
    assert main(["info", "--corpus", str(path), "--dedupe", mode, "--output", str(output)]) == 0
    written = pl.read_csv(output).sort("outlet")
    # "story" keeps Wire's one copy and no Courier row is left, so Courier vanishes.
    counts = dict(zip(written["outlet"], written["documents"], strict=True))
    assert [counts.get("Courier", 0), counts.get("Wire", 0)] == documents
    dropped = 3 - sum(documents)
    copies = "copy" if dropped == 1 else "copies"
    assert f"{dropped} {copies} left out by --dedupe {mode}" in capsys.readouterr().err


# --- what is printed ----------------------------------------------------------------------


def test_tables_have_no_shape_line_and_say_what_was_left_out(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["info", "--corpus", str(demo_dir), "--by", "outlet,title", "--rows", "5"]) == 0
    out = capsys.readouterr().out
    assert "shape:" not in out
    total = corpus_overview(read_corpus(demo_dir), by=["outlet", "title"]).height
    assert total == 41
    assert f"… {total - 5} more row(s) not shown ({total} in all)" in out
    assert "--output FILE.csv writes all of them" in out
    assert sum(line.startswith("│ ") for line in out.splitlines()) == 5 + 1  # header + 5 rows


def test_short_tables_print_whole(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--corpus", str(corpus_dir)]) == 0
    out = capsys.readouterr().out
    assert "more row(s) not shown" not in out and "shape:" not in out


def test_info_rejected_shows_file_and_full_reason(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from discourse import load_corpus

    monkeypatch.setenv("COLUMNS", "60")  # narrower than the reason: nothing may be cut
    long_names = ",".join(f"column_with_a_long_name_{i}" for i in range(6))
    (corpus_dir / "wide.csv").write_text(f"{long_names}\n" + ",".join("x" * 6) + "\n")
    (corpus_dir / "bad.csv").write_text("text,outlet,date\nHello.,Alpha,2023-02-30\n")
    assert main(["info", "--corpus", str(corpus_dir), "--rejected"]) == 0
    out = capsys.readouterr().out.splitlines()
    rejected = load_corpus(corpus_dir, errors="collect").rejected.sort("source")
    assert rejected.height == 2
    wide = rejected.filter(pl.col("source").str.ends_with("wide.csv"))
    assert len(wide["reason"][0]) > 200
    assert (
        f"{corpus_dir / 'wide.csv'}: "
        + wide["reason"][0].replace(
            "mapping={'text': <column>} (and columns=[...]",
            "--mapping text=COLUMN (and --columns NAME,NAME,...",
        )
        in out
    )
    assert f"{corpus_dir / 'bad.csv'}, line 1: impossible date '2023-02-30'" in "\n".join(out)
    assert out[-1] == "2 input(s) rejected, 3 document(s) loaded."


def test_info_rejected_with_options(odd_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--corpus", str(odd_csv), "--rejected", "--mapping", _MAPPING]) == 0
    assert capsys.readouterr().out == "No input was rejected (4 document(s) loaded).\n"


def test_warning_suggests_the_same_options(
    odd_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with odd_csv.open("a") as file:
        file.write(",Gamma,2023-10-10\n")  # a row without text
    assert main(["info", "--corpus", str(odd_csv), "--mapping", _MAPPING]) == 0
    err = capsys.readouterr().err
    suggested = f"discourse info --corpus {odd_csv} --mapping {_MAPPING} --rejected"
    assert f"`{suggested}` lists them" in err
    # The suggestion works as given.
    assert main(suggested.split()[1:]) == 0
    assert "line 5: row has no text (column 'sentence' is empty)" in capsys.readouterr().out


def test_keyness_prints_top_terms_per_outlet(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["keyness", "--corpus", str(demo_dir), "--rows", "100"]) == 0
    out = capsys.readouterr().out
    outlets = read_corpus(demo_dir)["outlet"].unique().to_list()
    rows = [line for line in out.splitlines() if line.startswith("│ ")][1:]
    for outlet in outlets:
        assert sum(line.startswith(f"│ {outlet} ") for line in rows) == 10
    assert "The 10 most over-used terms per outlet" in out
    assert main(["keyness", "--corpus", str(demo_dir), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert len([line for line in out.splitlines() if line.startswith("│ ")]) == 1 + 3 * 5


def test_sentiment_by_outlet(corpus_dir: Path, tmp_path: Path) -> None:
    import numpy as np

    from discourse import document_sentiment

    output = tmp_path / "by.csv"
    args = ["sentiment", "--corpus", str(corpus_dir), "--by", "outlet", "--output", str(output)]
    assert main(args) == 0
    summary = pl.read_csv(output)
    assert summary.columns == [
        "outlet",
        "n",
        "vader_mean",
        "vader_ci_low",
        "vader_ci_high",
        "textblob_mean",
        "textblob_ci_low",
        "textblob_ci_high",
    ]
    scores = document_sentiment(read_corpus(corpus_dir))
    for outlet, n, vader, textblob in summary.select(
        "outlet", "n", "vader_mean", "textblob_mean"
    ).rows():
        mine = scores.filter(outlet=outlet)
        assert n == mine.height == {"Alpha": 2, "Beta": 1}[outlet]
        assert vader == pytest.approx(np.mean(mine["vader_compound"].to_numpy()))
        assert textblob == pytest.approx(np.mean(mine["textblob_polarity"].to_numpy()))
    assert (summary["vader_ci_low"] <= summary["vader_mean"]).all()
    assert (summary["vader_mean"] <= summary["vader_ci_high"]).all()
    # Beta has one document: its interval is that one value.
    beta = summary.filter(outlet="Beta")
    assert beta["vader_ci_low"][0] == beta["vader_ci_high"][0] == beta["vader_mean"][0]


def test_sentiment_by_outlet_counts_are_int64(corpus_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "by.parquet"
    args = ["sentiment", "--corpus", str(corpus_dir), "--by", "outlet", "--methods", "vader"]
    assert main([*args, "--output", str(output)]) == 0
    assert pl.read_parquet(output).schema["n"] == pl.Int64


def test_sentiment_by_unknown_column(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _error_run(["sentiment", "--corpus", str(corpus_dir), "--by", "paper"], capsys)
    assert code == 1 and err[0].startswith("discourse: error: --by paper: the corpus has no such")


def test_kwic_one_aligned_line_per_hit(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from discourse import kwic

    hits = kwic(read_corpus(demo_dir), query="resistance movement", window_chars=40, sort="outlet")
    assert hits.height > 5
    for width in (100, 70):
        monkeypatch.setenv("COLUMNS", str(width))
        assert main(["kwic", "--corpus", str(demo_dir), "resistance movement"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[-1] == f"{hits.height} hit(s)."
        body = lines[:-1]
        assert len(body) == hits.height
        assert all(len(line) <= width for line in body)
        columns = {line.index("[") for line in body}
        assert len(columns) == 1  # every match starts in the same column
        for line, row in zip(body, hits.iter_rows(named=True), strict=True):
            assert f"[{' '.join(row['match'].split())}]" in line
            assert line.startswith(row["outlet"][:5])  # the outlet's start, then the doc_id's end
            assert line[: line.index("[")].endswith(re.sub(r"\s+", " ", row["left"])[-10:])


def test_kwic_says_how_many_hits_were_left_out(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from discourse import kwic

    total = kwic(read_corpus(demo_dir), query="resistance movement").height
    assert main(["kwic", "--corpus", str(demo_dir), "resistance movement", "--rows", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and all("[resistance movement]" in line.lower() for line in lines[:3])
    assert lines[3].startswith(f"… {total - 3} more hit(s) not shown ({total} in all)")


def test_kwic_no_hits(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kwic", "--corpus", str(corpus_dir), "ceasefire"]) == 0
    assert capsys.readouterr().out == "No hits.\n"


# --- report -------------------------------------------------------------------------------


def test_report_passes_read_options(
    odd_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    import discourse.reports.rendering

    seen: dict[str, object] = {}

    def fake(corpus: str, **kwargs: object) -> pl.DataFrame:
        seen.update(kwargs, corpus=corpus)
        return pl.DataFrame({"notebook": ["01-x"], "page": ["01-x.html"], "status": ["ok"]})

    monkeypatch.setattr(discourse.reports.rendering, "render_reports", fake)
    args = ["report", "--corpus", str(odd_csv), "--out", str(tmp_path / "o")]
    args += ["--mapping", _MAPPING, "--columns", "sentence,paper,date", "--format", "csv"]
    args += ["--encoding", "utf-8", "--dayfirst", "--outlet", "Gamma", "--dedupe", "story"]
    # --columns makes the header row data: the early check reads it as one more document.
    assert main(args) == 0
    expected = {
        "mapping": _MAPPED,
        "columns": ["sentence", "paper", "date"],
        "format": "csv",
        "encoding": "utf-8",
        "dayfirst": True,
        "outlet": "Gamma",
        "dedupe": "story",
    }
    assert seen["read_options"] == expected
    assert json.loads(json.dumps(seen["read_options"])) == expected
    assert main(["report", "--corpus", str(odd_csv), "--out", str(tmp_path / "o")]) == 1
    seen.clear()
    assert main([*args[:5], "--mapping", _MAPPING]) == 0
    assert seen["read_options"] == {"mapping": _MAPPED}


def test_report_failure_shows_cell_and_error(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    import discourse.reports.rendering
    from discourse.errors import ReportError

    out = tmp_path / "site"
    results = pl.DataFrame(
        {
            "notebook": ["01-explore-corpus", "03-compare-designations"],
            "title": ["Explore", "Designations"],
            "summary": ["", ""],
            "page": ["01-explore-corpus.html", "03-compare-designations.html"],
            "status": ["ok", "failed at code cell 4: KeyError"],
        }
    )
    failures = [
        {
            "notebook": "03-compare-designations",
            "cell": 4,
            "source": 'shares = label_shares(corpus, by="event")\nshares.head()',
            "ename": "KeyError",
            "evalue": "'event'",
        }
    ]

    def fake(corpus: str, **kwargs: object) -> pl.DataFrame:
        raise ReportError(results, failures)

    monkeypatch.setattr(discourse.reports.rendering, "render_reports", fake)
    assert main(["report", "--corpus", str(corpus_dir), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert printed.out.splitlines() == [
        str(out / "01-explore-corpus.html"),
        f"{out / '03-compare-designations.html'}  (failed at code cell 4: KeyError)",
        str(out / "index.html"),
    ]
    err = printed.err.splitlines()
    assert err[0] == (
        "discourse: error: 1 of 2 report page(s) failed; the other pages and the index were written."
    )
    assert "03-compare-designations.ipynb, code cell 4:" in err
    assert '    shares = label_shares(corpus, by="event")' in err
    assert "    shares.head()" in err
    assert "  KeyError: 'event'" in err
    assert err[-1] == f"Index of the pages (failed ones marked): {out / 'index.html'}"


def test_make_report_passes_the_corpus_options(tmp_path: Path) -> None:
    from discourse.cli._options import read_options
    from discourse.cli.commands import _parser

    root = Path(__file__).resolve().parents[1]
    variables = [
        "CORPUS=news/headlines.txt",
        f"OUT={tmp_path / 'site'}",
        "FORMAT=tsv",
        "COLUMN_NAMES=date,outlet,title,url",
        "MAPPING=text=title,published=date",
        "ENCODING=cp1252",
        "DAYFIRST=1",
        "OUTLET=Middle East Monitor",
        "DEDUPE=story_per_outlet",
    ]
    # A terminal's COLUMNS must not leak in as column names.
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "120"}
    done = subprocess.run(
        ["make", "-s", "-n", "-C", str(root), "report", *variables],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    command = shlex.split(done.stdout.strip().splitlines()[-1])
    assert command[0].endswith("/discourse")
    args = _parser().parse_args(command[1:])
    assert (args.corpus, args.out) == ("news/headlines.txt", str(tmp_path / "site"))
    assert read_options(args) == {
        "mapping": {"text": "title", "published": "date"},
        "columns": ["date", "outlet", "title", "url"],
        "format": "tsv",
        "encoding": "cp1252",
        "dayfirst": True,
        "outlet": "Middle East Monitor",
        "dedupe": "story_per_outlet",
    }
    done = subprocess.run(
        ["make", "-s", "-n", "-C", str(root), "report"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    args = _parser().parse_args(shlex.split(done.stdout.strip().splitlines()[-1])[1:])
    assert (args.corpus, read_options(args)) == ("corpora/demo", {})


@pytest.mark.notebook
def test_report_failure_from_a_real_notebook(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    notebook = tmp_path / "09-broken.ipynb"
    cells = [
        new_markdown_cell("# Broken\n\nDoes it say where?"),
        new_code_cell(
            'CORPUS = ""\nLEXICON = ""\nREAD_OPTIONS = {}', metadata={"tags": ["parameters"]}
        ),
        new_code_cell(
            "from discourse.corpus.reading import read_corpus\ncorpus = read_corpus(CORPUS, **READ_OPTIONS)"
        ),
        new_code_cell('corpus.height\ncorpus["no_such_column"]'),
    ]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernel}), notebook)
    out = tmp_path / "site"
    args = ["report", "--corpus", str(corpus_dir), "--out", str(out), "--notebooks", str(notebook)]
    assert main([*args, "--no-progress", "--dedupe", "verbatim"]) == 1
    printed = capsys.readouterr()
    assert (out / "index.html").is_file() and (out / "09-broken.html").is_file()
    err = printed.err.splitlines()
    assert err[0].startswith("discourse: error: 1 of 1 report page(s) failed")
    cell = err.index("09-broken.ipynb, code cell 3:")  # the parameters cell is code cell 1
    assert err[cell + 1 : cell + 3] == ["    corpus.height", '    corpus["no_such_column"]']
    assert err[cell + 3].startswith("  ColumnNotFoundError: ")
    assert err[-1] == f"Index of the pages (failed ones marked): {out / 'index.html'}"


def test_real_headline_file_with_columns_and_format(
    real_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The data README's figures: 11,505 headlines from 756 publishers, then a stray \x1a line.
    source = real_data / "datasets" / "gaza-news-headlines" / "gaza-news.txt"
    output = tmp_path / "info.parquet"
    options = ["--format", "tsv", "--columns", "date,outlet,title,url", "--mapping", "text=title"]
    assert main(["info", "--corpus", str(source), *options, "--output", str(output)]) == 0
    overview = pl.read_parquet(output)
    assert (overview.height, overview["documents"].sum()) == (756, 11505)
    assert "1 input(s) could not be read" in capsys.readouterr().err
    assert main(["info", "--corpus", str(source), *options, "--rejected"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{source}, line 11506: row holds only control characters "
        "(e.g. \\x1a, a DOS end-of-file mark)",
        "1 input(s) rejected, 11505 document(s) loaded.",
    ]
