"""The wheel works outside the checkout: built from the sdist, installed into a new venv.

The sdist is built from the checkout and the wheel from the sdist (as ``make dist`` does), so
the wheel proves the sdist holds everything a build needs. The wheel goes into a new virtual
environment in a temporary folder outside the repository, with its dependencies at the
versions of the project's environment, from uv's cache (filled when the project was installed;
PyPI only if something is missing there). Every command then runs from a folder outside the
repository, with no variable pointing back into it, and checks that ``discourse`` is the
installed copy: the CLI renders a report from the packaged notebooks, a script uses the API,
and ``python -m discourse`` answers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")

STORIES = {
    "harbour/a.md": (
        "Harbour Post",
        "Hamas militants attacked towns near the border, killing hundreds, officials said. "
        "The health ministry said 230 Palestinians were killed in air strikes on Gaza.",
    ),
    "harbour/b.md": (
        "Harbour Post",
        "A blast at al-Ahli hospital killed hundreds, the Hamas-run health ministry said.",
    ),
    "valley/a.md": (
        "Valley Times",
        "Resistance fighters stormed settlements. Israeli warplanes bombed Gaza and 230 "
        "Palestinians died, according to the health ministry.",
    ),
    "valley/b.md": (
        "Valley Times",
        "Israeli forces bombed al-Ahli hospital, a massacre that killed hundreds of people.",
    ),
}


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built with the project's setuptools (no download).

    They are built from a copy of the files git sees (tracked or not ignored), as in a fresh
    clone with the work in progress: nothing is written into the checkout, and builds in two
    test workers at once do not meet.
    """
    source = tmp_path_factory.mktemp("source")
    listed = _run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        env=dict(os.environ),
    )
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source]
    _run(command, cwd=source, env=dict(os.environ))
    return out


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outside")
    assert not folder.resolve().is_relative_to(ROOT)
    for name, (outlet, text) in STORIES.items():
        path = folder / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\noutlet: {outlet}\ndate: 2023-10-18\n---\n{text}\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def venv(dist: Path, outside: Path) -> tuple[Path, dict[str, str]]:
    """A new venv outside the repository with the wheel installed, and an environment for it."""
    if UV is None:
        pytest.fail("uv is not installed in the project's environment (make install puts it there)")
    home = outside / "venv"
    _run(
        [UV, "venv", "--quiet", "--python", sys.executable, home], cwd=outside, env=dict(os.environ)
    )
    python = home / "bin" / "python"
    # The same versions as the environment the rest of the suite ran in.
    frozen = _run(
        [UV, "pip", "freeze", "--python", sys.executable], cwd=outside, env=dict(os.environ)
    )
    pins = [line for line in frozen.splitlines() if not line.startswith(("-e", "discourse"))]
    constraints = outside / "constraints.txt"
    constraints.write_text("\n".join(pins) + "\n", "utf-8")
    (wheel,) = dist.glob("*.whl")
    install = [UV, "pip", "install", "--quiet", "--python", python, "-c", constraints, wheel]
    try:
        _run([*install, "--offline"], cwd=outside, env=dict(os.environ))
    except AssertionError:
        _run(install, cwd=outside, env=dict(os.environ))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER", "DISCOURSE_", "PYTEST", "COV"))
    }
    env["PATH"] = f"{home / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(home)
    # Jupyter and NLTK data of this venv only: its own kernel, language data built afresh.
    env["JUPYTER_DATA_DIR"] = str(outside / "jupyter-data")
    env["JUPYTER_CONFIG_DIR"] = str(outside / "jupyter-config")
    env["DISCOURSE_DATA_DIR"] = str(outside / "discourse-data")
    return home, env


def test_sdist_holds_what_the_wheel_is_built_from(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    needed = {"pyproject.toml", "setup.py", "README.md", "discourse/data/default-lexicon.yaml"}
    assert needed | {f"notebooks/{n}" for n in NOTEBOOKS} <= names


def test_wheel_carries_the_notebooks_and_data(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    assert wheel.name == f"discourse-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        # The one copy in the repository is notebooks/: the wheel's are the same bytes.
        for name in NOTEBOOKS:
            assert (
                archive.read(f"discourse/_notebooks/{name}")
                == (ROOT / "notebooks" / name).read_bytes()
            )
    assert {"discourse/data/default-lexicon.yaml", "discourse/py.typed"} <= names
    assert not any(n.startswith(("notebooks/", "tests/", "corpora/")) for n in names)


def test_installed_package_is_the_wheels_copy(
    venv: tuple[Path, dict[str, str]], outside: Path
) -> None:
    home, env = venv
    code = (
        "import json, sys, discourse\n"
        "from discourse.reports._notebooks import NOTEBOOK_DIR, notebook_paths\n"
        "print(json.dumps({'file': discourse.__file__, 'version': discourse.__version__,"
        " 'path': sys.path, 'notebooks': [str(p) for p in notebook_paths(None)],"
        " 'dir': str(NOTEBOOK_DIR)}))"
    )
    found = json.loads(_run([home / "bin" / "python", "-c", code], cwd=outside, env=env))
    site = home.resolve()
    assert Path(found["file"]).resolve().is_relative_to(site)
    assert found["version"] == VERSION
    assert not [p for p in found["path"] if p and Path(p).resolve().is_relative_to(ROOT)]
    assert Path(found["dir"]).resolve().is_relative_to(site)
    assert [Path(p).name for p in found["notebooks"]] == [n for n in NOTEBOOKS if n[0].isdigit()]


def test_python_m_discourse(venv: tuple[Path, dict[str, str]], outside: Path) -> None:
    home, env = venv
    usage = _run([home / "bin" / "python", "-m", "discourse", "--help"], cwd=outside, env=env)
    assert usage.startswith("usage: discourse ") and "report" in usage
    version = _run([home / "bin" / "discourse", "--version"], cwd=outside, env=env)
    assert version.startswith(
        f"discourse {VERSION} (packaged lexicon default-lexicon.yaml, sha256 "
    )


def test_report_from_the_packaged_notebooks(
    venv: tuple[Path, dict[str, str]], outside: Path
) -> None:
    home, env = venv
    out = outside / "report"
    # Two notebooks keep this under a minute: the corpus overview and the designations page,
    # which reads the packaged lexicon.
    _run(
        [home / "bin" / "discourse", "report", "--corpus", "corpus", "--out", out,
         "--notebooks", "01-explore-corpus", "03-compare-designations", "--no-progress"],
        cwd=outside,
        env=env,
    )  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == [
        "01-explore-corpus.html",
        "03-compare-designations.html",
        "index.html",
    ]
    footer = (
        f"Made with <code>discourse {VERSION}</code> from the corpus <code>corpus</code> "
        "(4 documents from 2 outlets) with the packaged lexicon"
    )
    for page in out.iterdir():
        assert footer in page.read_text("utf-8"), page.name
    assert 'class="failed"' not in (out / "index.html").read_text("utf-8")
    designations = (out / "03-compare-designations.html").read_text("utf-8")
    assert "Harbour Post" in designations and "Valley Times" in designations
    assert 'src="data:image/png;base64,' in designations


def test_api_in_a_script(venv: tuple[Path, dict[str, str]], outside: Path) -> None:
    home, env = venv
    script = outside / "analysis.py"
    script.write_text(
        "import json\n"
        "import discourse as dc\n"
        "corpus = dc.read_corpus('corpus')\n"
        "terms = dc.term_frequency(corpus, by='outlet')\n"
        "killed = terms.filter(terms['term'] == 'killed')\n"
        "print(json.dumps({'documents': corpus.height,\n"
        "                  'killed': dict(killed.select('outlet', 'n').iter_rows()),\n"
        "                  'sentences': dc.sentences(corpus).height,\n"
        "                  'nltk_data': str(dc.ensure_nltk_data())}))\n",
        "utf-8",
    )
    found = json.loads(_run([home / "bin" / "python", script], cwd=outside, env=env))
    nltk_data = Path(found.pop("nltk_data"))
    assert found == {
        "documents": 4,
        "killed": {"Harbour Post": 2, "Valley Times": 1},
        "sentences": 6,
    }
    # NLTK's data, built from this venv's pinned packages into its own folder, not downloaded.
    assert nltk_data.parent == outside / "discourse-data"
    assert (nltk_data / "tokenizers" / "punkt_tab" / "english").is_dir()


def test_report_kernels_run_in_the_new_venv(
    venv: tuple[Path, dict[str, str]], outside: Path
) -> None:
    """The notebooks' kernel is the new venv's Python, with the wheel's ``discourse``."""
    home, env = venv
    script = outside / "kernel.py"
    script.write_text(
        "import nbformat\n"
        "import discourse as dc\n"
        "from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook\n"
        "cells = [new_markdown_cell('# Where\\n\\nWhich Python runs this?'),\n"
        "         new_code_cell('import sys, discourse\\nprint(sys.prefix, discourse.__file__)')]\n"
        "nbformat.write(new_notebook(cells=cells), '01-where.ipynb')\n"
        "dc.render_reports('corpus', out='where', notebooks=['01-where.ipynb'], progress=False)\n",
        "utf-8",
    )
    _run([home / "bin" / "python", script], cwd=outside, env=env)
    page = (outside / "where" / "01-where.html").read_text("utf-8")
    site = (
        home / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    )
    assert f"{home} {site / 'discourse' / '__init__.py'}" in page
