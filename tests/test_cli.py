"""The command line: tables on stdout or in files, one clear line and exit 1 on bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from discourse.cli import main
from discourse.corpus import read_corpus
from discourse.overview import corpus_overview


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
    expected = corpus_overview(read_corpus(corpus_dir))
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
        new_code_cell("from discourse.corpus import read_corpus\nread_corpus(CORPUS).height"),
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
    from discourse.framing import label_shares
    from discourse.lexicon import default_lexicon

    output = tmp_path / "frames.parquet"
    args = ["frames", "--corpus", str(corpus_dir), "--label-set", "hamas", "--output", str(output)]
    assert main(args) == 0
    expected = label_shares(read_corpus(corpus_dir), default_lexicon().select("hamas"))
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
    from discourse.keyness import keyness

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
