"""What produced a report: every page's footer, ``discourse --version`` and ``dc.__version__``."""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import discourse as dc
from discourse.cli import main
from discourse.reports._provenance import Provenance, provenance_html, report_provenance

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
PACKAGED = ROOT / "discourse" / "data" / "default-lexicon.yaml"
#: A folder name that would run script if a page put it in unescaped.
HOSTILE = '<img src=x onerror="alert(1)">news'
FOOTER = re.compile(r'<footer class="discourse-provenance">(.*?)</footer>', re.DOTALL)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, outlet in [("a", "Alpha"), ("b", "Alpha"), ("c", "Beta"), ("d", "Gamma")]:
        (folder / f"{name}.md").write_text(
            f"---\noutlet: {outlet}\n---\nMilitants attacked {name}."
        )
    (folder / "empty.txt").write_text("")  # rejected: it is not a document
    return folder


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("provenance")
    corpus = _corpus(base / HOSTILE)
    lexicon = base / "mine.yaml"
    lexicon.write_text("labels: {}\n")
    notebook = base / "01-count.ipynb"
    cells = [
        new_markdown_cell("# Count\n\nHow many documents?"),
        new_code_cell('CORPUS = "x"', metadata={"tags": ["parameters"]}),
        new_code_cell("1 + 1"),
    ]
    nbformat.write(new_notebook(cells=cells), notebook)
    out = base / "out"
    dc.render_reports(corpus, out=out, lexicon=lexicon, notebooks=[notebook], progress=False)
    return out, corpus, lexicon


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_every_page_ends_with_what_produced_it(rendered: tuple[Path, Path, Path]) -> None:
    out, corpus, lexicon = rendered
    expected = (
        f"Made with discourse {VERSION} from the corpus {corpus} (4 documents from 3 outlets) "
        f"with the lexicon {lexicon} (sha256 {_sha(lexicon)})."
    )
    page = (out / "01-count.html").read_text("utf-8")
    footers = FOOTER.findall(page)
    assert [_text(f) for f in footers] == [expected]
    # Only the four <code> elements are markup; the corpus path is text.
    assert re.findall(r"<(\w+)", footers[0]) == ["code"] * 4
    # The footer closes the page, after the notebook's own content.
    assert page.index("</main>") < page.index('<footer class="discourse-provenance">')
    index = (out / "index.html").read_text("utf-8")
    footer = re.search(r"<footer>(.*?)</footer>", index, re.DOTALL)
    assert footer is not None
    assert _text(footer[1]).startswith(f"{expected} Counts describe wording")
    assert re.findall(r"<(\w+)", footer[1]) == ["code"] * 4


def test_the_footer_escapes_the_corpus_path(rendered: tuple[Path, Path, Path]) -> None:
    out, _, _ = rendered
    for name in ("01-count.html", "index.html"):
        page = (out / name).read_text("utf-8")
        assert HOSTILE not in page
        assert "&lt;img src=x onerror=" in page


def test_counts_are_those_the_notebooks_read(tmp_path: Path) -> None:
    demo = dc.read_corpus(ROOT / "corpora" / "demo")
    found = report_provenance(ROOT / "corpora" / "demo", lexicon=None, read_options={})
    assert (found.documents, found.outlets) == (demo.height, demo["outlet"].n_unique()) == (41, 5)
    assert found.version == VERSION and found.lexicon is None
    assert found.lexicon_sha256 == _sha(PACKAGED)
    # The read options reach the count: with dedupe, a verbatim copy is left out.
    corpus = _corpus(tmp_path / "c")
    (corpus / "copy.md").write_text("---\noutlet: Delta\n---\nMilitants attacked a.")
    every = report_provenance(corpus, lexicon=None, read_options={})
    once = report_provenance(corpus, lexicon=None, read_options={"dedupe": "verbatim"})
    assert (every.documents, every.outlets, once.documents, once.outlets) == (5, 4, 4, 3)


def test_an_unreadable_corpus_is_said_to_be_so(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    nothing = report_provenance(tmp_path, lexicon=None, read_options={})
    assert (nothing.documents, nothing.outlets) == (0, 0)
    assert "(0 documents from 0 outlets)" in provenance_html(nothing)
    # Options read_corpus refuses: the notebooks say why; the footer says the size is unknown.
    found = report_provenance(tmp_path, lexicon=None, read_options={"encoding": "no-such-codec"})
    assert (found.documents, found.outlets) == (None, None)
    line = provenance_html(found)
    assert f"<code>{tmp_path}</code> (not readable) with the packaged lexicon" in line


def test_packaged_lexicon_and_plurals() -> None:
    line = provenance_html(Provenance("1.2.3", None, "abcdefabcdef", "c", 1, 1))
    assert line == (
        "Made with <code>discourse 1.2.3</code> from the corpus <code>c</code> "
        "(1 document from 1 outlet) with the packaged lexicon <code>default-lexicon.yaml</code> "
        "(sha256 <code>abcdefabcdef</code>)."
    )
    many = provenance_html(Provenance("1.2.3", None, "abcdefabcdef", "c", 12345, 2))
    assert "(12,345 documents from 2 outlets)" in many


def test_version_is_pyproject_version() -> None:
    assert dc.__version__ == VERSION
    assert "__version__" in dir(dc)


def test_version_option(capsys: pytest.CaptureFixture[str]) -> None:
    expected = (
        f"discourse {VERSION} (packaged lexicon default-lexicon.yaml, sha256 {_sha(PACKAGED)})\n"
    )
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr() == (expected, "")
    done = subprocess.run(
        [sys.executable, "-m", "discourse", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")
