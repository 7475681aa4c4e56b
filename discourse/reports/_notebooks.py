"""The notebooks a report renders: where they ship, their title and question, what data they
analyse and the parameters they declare."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from discourse.errors import DiscourseError


def _read(path: str | Path) -> Any:
    """The notebook at ``path`` (nbformat 4). nbformat is imported here, not with the module:
    a report kernel imports this module (``dc.interactive_tables``) and never reads a notebook,
    and nbformat's jsonschema takes over a second to import."""
    import nbformat

    return nbformat.read(path, as_version=4)


def _notebook_dir() -> Path:
    """Where the shipped notebooks are: inside an installed package, else in the checkout.

    A wheel carries ``notebooks/`` as ``discourse/_notebooks/`` (copied there by ``setup.py``
    at build time); a checkout or an editable install has only ``notebooks/`` beside the
    package.
    """
    packaged = resources.files("discourse") / "_notebooks"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "notebooks"


#: The notebooks that ship with the project.
NOTEBOOK_DIR = _notebook_dir()


def notebook_summary(path: str | Path) -> tuple[str, str]:
    """The title and one-line summary of a notebook, from its first markdown cell.

    The title is the first ``#`` heading. The summary is the first paragraph after it (wrapped
    lines joined) up to and including its first question mark, or its first sentence when it
    asks no question.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "# Explore the corpus\\n\\nWhat is in it, and\\nwhen? More.\\n\\nNext.")])
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "01-x.ipynb"
    >>> nbformat.write(nb, p)
    >>> notebook_summary(p)
    ('Explore the corpus', 'What is in it, and when?')
    """
    path = Path(path)
    nb = _read(path)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = cell.source.strip()
        title = path.stem
        if text.startswith("#"):
            heading, _, text = text.partition("\n")
            title = heading.lstrip("#").strip()
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        if not paragraphs:
            return title, ""
        first = paragraphs[0]
        end = first.find("?") + 1 or first.find(". ") + 1 or len(first)
        return title, first[:end]
    return path.stem, ""


def notebook_paths(notebooks: Sequence[str | Path] | None) -> list[Path]:
    if notebooks is None:
        found = sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))
        if not found:
            raise DiscourseError(
                f"no notebooks found in {NOTEBOOK_DIR}; pass notebooks=[...] with .ipynb paths"
            )
        return found
    paths = []
    for item in notebooks:
        path = Path(item)
        if path.suffix != ".ipynb" and not path.exists():
            path = NOTEBOOK_DIR / f"{path.name}.ipynb"
        if not path.is_file():
            raise DiscourseError(f"{item}: notebook not found; give a path to an .ipynb file")
        paths.append(path)
    return paths


def notebook_about(path: Path) -> str:
    """What a notebook analyses: ``"corpus"``, or a sentence naming the other data it uses."""
    nb = _read(path)
    return str(nb.metadata.get("discourse", {}).get("about", "corpus"))


def declared_parameters(path: Path) -> list[str]:
    """The names a notebook's ``parameters`` cell assigns (none without such a cell).

    Read from the cell's code, as papermill reads it, without needing the notebook's kernel.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> cell = nbformat.v4.new_code_cell('CORPUS = "x"  # the corpus\\nTOP = 5',
    ...                                  metadata={"tags": ["parameters"]})
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "01-x.ipynb"
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), p)
    >>> declared_parameters(p)
    ['CORPUS', 'TOP']
    """
    nb = _read(path)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            names: dict[str, None] = {}
            for node in ast.parse(cell.source).body:
                targets = node.targets if isinstance(node, ast.Assign) else []
                if isinstance(node, ast.AnnAssign):
                    targets = [node.target]
                names.update((t.id, None) for t in targets if isinstance(t, ast.Name))
            return list(names)
    return []
