"""The notebooks: committed thin and clean, and each one runs against the bundled corpus.

Execution goes through :func:`discourse.render_reports`, the path ``make report`` takes,
so a passing test also means the page renders. The real-data notebooks need
``../shared/corpora/real`` (or ``$DISCOURSE_REAL_DATA``); without it they must stop cleanly.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import nbformat
import pytest

from discourse import render_reports
from discourse.reports._notebooks import NOTEBOOK_DIR, declared_parameters, notebook_summary

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))
NEEDS_REAL_DATA = {"04-examine-casualty-reporting", "10-replicate-published-counts"}


def _code(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_notebooks_are_found() -> None:
    names = [p.stem for p in NOTEBOOKS]
    assert names == sorted(names)
    assert {"01-explore-corpus", "03-compare-designations"} <= set(names)
    assert all(re.fullmatch(r"\d\d-[a-z]+(-[a-z]+)+", n) for n in names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_thin_shape(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    title, question = notebook_summary(path)
    assert title and question.endswith("?"), "a title, then the question"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    declared = declared_parameters(path)
    if "CORPUS" in declared:
        assert 'os.environ.get("DISCOURSE_CORPUS", "corpora/demo")' in tagged[0].source
    if "LEXICON" in declared:
        assert 'os.environ.get("DISCOURSE_LEXICON", "")' in tagged[0].source
    for source in _code(path):
        tree = ast.parse(source)
        defined = [
            n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)
        ]
        assert defined == [], f"no def, class or lambda in a notebook: {source[:60]}"
    # Every code cell after the parameters is explained: prose comes before each group of calls.
    kinds = [c.cell_type for c in nb.cells]
    assert kinds.count("markdown") >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_declares_only_the_parameters_it_uses(path: Path) -> None:
    """A parameter no later cell reads would be a setting that does nothing."""
    declared = declared_parameters(path)
    later = _code(path)[1:]
    used = {n.id for s in later for n in ast.walk(ast.parse(s)) if isinstance(n, ast.Name)}
    assert declared and [n for n in declared if n not in used] == []


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_against_demo_corpus(path: Path, tmp_path: Path) -> None:
    pages = render_reports(
        ROOT / "corpora" / "demo", out=tmp_path, notebooks=[path], progress=False
    )
    status = pages["status"].item()
    real = Path(os.environ.get("DISCOURSE_REAL_DATA", ROOT.parent / "shared/corpora/real"))
    if path.stem in NEEDS_REAL_DATA and not real.is_dir():
        assert status.startswith("stopped: ") and "DISCOURSE_REAL_DATA" in status
        return
    assert status == "ok"
    page = (tmp_path / f"{path.stem}.html").read_text("utf-8")
    plots = sum(len(re.findall(r"\bplot_\w+\(", s)) for s in _code(path)[1:])
    assert len(re.findall(r"<img [^>]*src=\"data:image/png;base64,", page)) == plots
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page, "warnings on the page"
    assert "Traceback" not in page


@pytest.mark.notebook
def test_real_data_notebooks_stop_cleanly_without_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DISCOURSE_REAL_DATA", str(tmp_path / "absent"))
    path = NOTEBOOK_DIR / "10-replicate-published-counts.ipynb"
    if not path.exists():
        path = NOTEBOOK_DIR / "04-examine-casualty-reporting.ipynb"
    assert os.environ["DISCOURSE_REAL_DATA"].endswith("absent")
    pages = render_reports(ROOT / "corpora" / "demo", out=tmp_path, notebooks=[path])
    status = pages["status"].item()
    assert status.startswith(f"stopped: {tmp_path / 'absent'}") and "DISCOURSE_REAL_DATA" in status
    page = (tmp_path / f"{path.stem}.html").read_text("utf-8")
    assert "Stopped: " in page and "Traceback" not in page
