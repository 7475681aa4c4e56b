"""Render the analysis notebooks into self-contained HTML pages that open offline.

:func:`render_reports` executes each notebook with the corpus (and lexicon) as parameters,
exports it with nbconvert (figures embedded as PNG, interactive tables with their JavaScript
inlined, no script or style fetched from the network) and writes an ``index.html`` that links
the pages. Corpus text reaches a page only through escaping renderers (itables, polars, text
outputs, :func:`escape_html`), so a title such as ``<script>…`` is shown, never run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat
import polars as pl

from discourse._progress import show_progress
from discourse.errors import DiscourseError

__all__ = [
    "NOTEBOOK_DIR",
    "MissingDataError",
    "escape_html",
    "interactive_tables",
    "notebook_summary",
    "render_reports",
    "require_data",
]

#: The notebooks that ship with the project (present in a source checkout).
NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"

_RESULT_COLUMNS = ("notebook", "title", "summary", "page", "status")

#: itables gives each table a random id; pages renumber them so one corpus gives the same bytes.
_TABLE_ID = re.compile(r"itables_[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}")

#: The lab template without the scripts it would fetch from a CDN (RequireJS, MathJax, Mermaid).
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


class MissingDataError(DiscourseError):
    """Data a notebook needs is absent; the notebook stops with this message and nothing else.

    IPython shows only the message (no traceback), and :func:`render_reports` renders the
    notebook up to that point instead of failing.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"Stopped: {self}"]


def require_data(path: str | Path, *, need: str) -> Path:
    """Return ``path`` if it exists; otherwise stop the notebook saying what is missing.

    Parameters
    ----------
    path
        A file or folder the analysis needs.
    need
        What it is and how to provide it, for the message.

    Raises
    ------
    MissingDataError
        ``path`` does not exist.

    Examples
    --------
    >>> require_data("/no/such/folder", need="the real data")
    Traceback (most recent call last):
    ...
    discourse.reports.MissingDataError: /no/such/folder is absent: this needs the real data
    """
    found = Path(path)
    if not found.exists():
        raise MissingDataError(f"{found} is absent: this needs {need}")
    return found.resolve()


def escape_html(value: object) -> str:
    """Text made safe to place inside HTML: ``&``, ``<``, ``>`` and both quotes escaped.

    Examples
    --------
    >>> escape_html('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> escape_html(None)
    ''
    """
    return "" if value is None else html.escape(str(value), quote=True)


def interactive_tables(*, max_bytes: int = 2**21) -> None:
    """Show every frame a notebook cell returns as a sortable, searchable table that works offline.

    The DataTables library is inlined into the notebook (itables' offline mode), so a rendered
    page needs no network. itables escapes cell text, so corpus text is shown, never run.

    Parameters
    ----------
    max_bytes
        Frames larger than this are downsampled by itables (it says so under the table).
    """
    import itables

    itables.options.maxBytes = max_bytes
    itables.options.classes = "display compact"
    itables.options.show_dtypes = False
    itables.options.columnDefs = [{"className": "dt-left", "targets": "_all"}]
    itables.init_notebook_mode(all_interactive=True, connected=False)


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
    nb = nbformat.read(path, as_version=4)
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


def _notebooks(notebooks: Sequence[str | Path] | None) -> list[Path]:
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


def _execute(path: Path, parameters: dict[str, Any], *, timeout: int) -> tuple[Any, str]:
    """Run a notebook with papermill-style injected parameters; return it and a status."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(load_notebook_node(str(path)), parameters)
    for cell in nb.cells:
        # papermill gives the cell it injects a random id; a fixed one keeps pages reproducible.
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        # The kernel talks to us over local TCP; its warning about that is noise on a CLI.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        if error.ename != MissingDataError.__name__:
            raise DiscourseError(
                f"{path.name} failed: {error.ename}: {error.evalue}; run the notebook in "
                "JupyterLab with the same corpus to see the cell"
            ) from None
        stop = next(
            i
            for i, cell in enumerate(nb.cells)
            if any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        )
        nb.cells = nb.cells[: stop + 1]
        return nb, f"stopped: {error.evalue}"
    return nb, "ok"


def _export(nb: Any, *, title: str, keep_code: bool) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=not keep_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.raw_template = _OFFLINE_TEMPLATE
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    numbers: dict[str, str] = {}
    return _TABLE_ID.sub(lambda m: numbers.setdefault(m[0], f"itables_{len(numbers) + 1}"), body)


def _index_page(rows: list[dict[str, str]], *, corpus: str) -> str:
    items = "\n".join(
        f'<li><a href="{escape_html(r["page"])}">{escape_html(r["title"])}</a>'
        f"<p>{escape_html(r['summary'])}</p>"
        + (f'<p class="status">{escape_html(r["status"])}</p>' if r["status"] != "ok" else "")
        + "</li>"
        for r in rows
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>discourse reports</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2.5rem auto; padding: 0 1rem;
       color: #1d1d1f; line-height: 1.5; }}
h1 {{ font-size: 1.7rem; margin-bottom: 0.2rem; }}
.corpus {{ color: #555; margin-top: 0; }}
ol {{ padding-left: 1.2rem; }}
li {{ margin: 1.1rem 0; }}
li a {{ font-size: 1.15rem; font-weight: 600; color: #0b5cad; text-decoration: none; }}
li a:hover {{ text-decoration: underline; }}
li p {{ margin: 0.2rem 0 0; }}
.status {{ color: #9a4a00; }}
footer {{ margin-top: 2rem; color: #666; font-size: 0.9rem; }}
</style>
</head>
<body>
<h1>How the outlets word the same events</h1>
<p class="corpus">Corpus: <code>{escape_html(corpus)}</code></p>
<ol>
{items}
</ol>
<footer>Made with <code>discourse</code>. Counts describe wording, not truth; each page says how
it counts. Tables are sortable and searchable; every page works offline.</footer>
</body>
</html>
"""


def render_reports(
    corpus: str | Path,
    *,
    out: str | Path,
    lexicon: str | Path | None = None,
    notebooks: Sequence[str | Path] | None = None,
    keep_code: bool = False,
    timeout: int = 900,
    progress: bool | None = None,
) -> pl.DataFrame:
    """Execute the notebooks against a corpus and write one HTML page each plus ``index.html``.

    Each notebook gets ``CORPUS`` (and ``LEXICON``) injected after its ``parameters`` cell, runs
    in its own folder, and is exported with figures embedded and code hidden unless
    ``keep_code``. Pages open from disk with no network. The same inputs give the same bytes.

    Parameters
    ----------
    corpus
        Path to a corpus (a folder or file that :func:`discourse.read_corpus` reads).
    out
        Folder for the pages; created if needed; existing pages of the same name are replaced.
    lexicon
        A lexicon file; ``None`` for the packaged one.
    notebooks
        Notebook paths or names (``"01-explore-corpus"``); ``None`` for all shipped notebooks.
    keep_code
        Show the code cells above their outputs.
    timeout
        Seconds any one cell may run.
    progress
        Show a progress bar across notebooks; ``None`` shows it on an interactive terminal.

    Returns
    -------
    pl.DataFrame
        One row per notebook: ``notebook, title, summary, page, status`` (``"ok"``, or
        ``"stopped: …"`` when the notebook stopped because data it needs is absent).

    Raises
    ------
    DiscourseError
        The corpus or lexicon path does not exist, a notebook is missing, or a cell failed.
    """
    from tqdm.auto import tqdm

    corpus_path = Path(corpus).resolve()
    if not corpus_path.exists():
        raise DiscourseError(f"{corpus}: corpus not found; give a folder or file of documents")
    parameters = {"CORPUS": str(corpus_path), "LEXICON": ""}
    if lexicon is not None:
        lexicon_path = Path(lexicon).resolve()
        if not lexicon_path.is_file():
            raise DiscourseError(f"{lexicon}: lexicon file not found")
        parameters["LEXICON"] = str(lexicon_path)
    paths = _notebooks(notebooks)
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in tqdm(paths, desc="notebooks", unit="nb", disable=not show_progress(progress)):
        title, summary = notebook_summary(path)
        nb, status = _execute(path, parameters, timeout=timeout)
        page = f"{path.stem}.html"
        (out_dir / page).write_text(_export(nb, title=title, keep_code=keep_code), "utf-8")
        rows.append(
            {
                "notebook": path.stem,
                "title": title,
                "summary": summary,
                "page": page,
                "status": status,
            }
        )
    (out_dir / "index.html").write_text(_index_page(rows, corpus=str(corpus)), "utf-8")
    return pl.DataFrame(rows, schema=dict.fromkeys(_RESULT_COLUMNS, pl.String))
