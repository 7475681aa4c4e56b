"""Render the analysis notebooks into self-contained HTML pages that open offline.

:func:`render_reports` executes each notebook with the corpus (and lexicon) as parameters,
exports it with nbconvert (figures embedded as PNG, interactive tables with their JavaScript
inlined, no script or style fetched from the network) and writes an ``index.html`` that links
the pages. Corpus text reaches a page only through escaping renderers (itables, polars, text
outputs, :func:`escape_html`), so a title such as ``<script>…`` is shown, never run.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from discourse.errors import DiscourseError, MissingDataError, ReportError
from discourse.reports._notebook_run import Run, run_notebook
from discourse.reports._notebooks import NOTEBOOK_DIR as NOTEBOOK_DIR
from discourse.reports._notebooks import (
    declared_parameters,
    notebook_about,
    notebook_paths,
    notebook_summary,
)
from discourse.reports._progress import show_progress
from discourse.reports._provenance import provenance_html, report_provenance

__all__ = ["escape_html", "interactive_tables", "render_reports", "require_data"]

_RESULT_COLUMNS = ("notebook", "title", "summary", "page", "status", "about", "not_applicable")


#: itables gives each table a random id; pages renumber them so one corpus gives the same bytes.
_TABLE_ID = re.compile(r"itables_[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}")

#: The lab template without the scripts it would fetch from a CDN (RequireJS, MathJax, Mermaid).
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}
<style>
/* Long text is cut to one line in tables; hovering or focusing the cell shows all of it. */
table.dataTable td { max-width: 28rem; overflow: hidden; text-overflow: ellipsis;
                     white-space: nowrap; }
table.dataTable td:hover, table.dataTable td:focus { white-space: normal; overflow: visible; }
footer.discourse-provenance { max-width: 1200px; margin: 2rem auto 1.5rem; padding: 0.6rem 1rem 0;
                              border-top: 1px solid #ddd; color: #666; font-size: 0.85rem;
                              font-family: system-ui, sans-serif; }
</style>
{% endblock extra_css %}
{% block body_footer %}
</main>
<footer class="discourse-provenance">{{ resources.discourse_provenance }}</footer>
</body>
{% endblock body_footer %}
"""


def require_data(path: str | Path, *, need: str) -> Path:
    """Return ``path`` if it exists; otherwise stop the notebook saying what is missing.

    Parameters
    ----------
    path
        A file or folder the analysis needs.
    need
        What it is and how to provide it, for the message.

    Returns
    -------
    pathlib.Path
        ``path``, resolved to an absolute path.

    Raises
    ------
    MissingDataError
        ``path`` does not exist.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> require_data(folder, need="a folder") == Path(folder).resolve()
    True
    >>> require_data("/no/such/folder", need="the real data")
    Traceback (most recent call last):
    ...
    discourse.errors.MissingDataError: /no/such/folder is absent: this needs the real data
    """
    found = Path(path)
    if not found.exists():
        raise MissingDataError(f"{found} is absent: this needs {need}")
    return found.resolve()


def escape_html(value: object) -> str:
    """Text made safe to place inside HTML: ``&``, ``<``, ``>`` and both quotes escaped.

    Parameters
    ----------
    value
        Any value; it is shown as its ``str()``.

    Returns
    -------
    str
        The text with those five characters as entities; ``""`` for ``None``.

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

    Returns
    -------
    None
        It sets itables' options and display mode for the rest of the session.

    Examples
    --------
    Outside Jupyter, the HTML it would hand to the notebook is printed instead (hidden here).

    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):
    ...     interactive_tables(max_bytes=2**20)
    >>> import itables
    >>> itables.options.maxBytes
    1048576
    """
    import itables

    itables.options.maxBytes = max_bytes
    itables.options.classes = "display compact"
    itables.options.show_dtypes = False
    itables.options.columnDefs = [{"className": "dt-left", "targets": "_all"}]
    itables.init_notebook_mode(all_interactive=True, connected=False)


def _execute(
    path: Path, parameters: dict[str, Any], *, timeout: int, env: Mapping[str, str] | None = None
) -> Run:
    """Run a notebook with papermill-style injected parameters: those its parameters cell declares.

    A notebook declares only what it uses (one that reads no corpus has no ``CORPUS``), and one
    without a parameters cell runs as it is.
    """
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(path))
    declared = declared_parameters(path)
    mine = {name: value for name, value in parameters.items() if name in declared}
    if mine:
        # The kernel that runs it is python3 (see run_notebook), whatever the file names.
        nb = parameterize_notebook(nb, mine, kernel_name="python3", language="python")
    for cell in nb.cells:
        # papermill gives the cell it injects a random id; a fixed one keeps pages reproducible.
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    return run_notebook(path, nb, timeout=timeout, env=env)


def _export(nb: Any, *, title: str, keep_code: bool, provenance: str) -> str:
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
    resources = {"metadata": {"name": title}, "discourse_provenance": provenance}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    numbers: dict[str, str] = {}
    return _TABLE_ID.sub(lambda m: numbers.setdefault(m[0], f"itables_{len(numbers) + 1}"), body)


def _item(row: dict[str, Any]) -> str:
    status = row["status"]
    lines = [
        f'<li><a href="{escape_html(row["page"])}">{escape_html(row["title"])}</a>',
        f"<p>{escape_html(row['summary'])}</p>",
    ]
    if row["about"] != "corpus":
        lines.append(
            f'<p class="about">Not an analysis of this corpus: {escape_html(row["about"])}</p>'
        )
    if status.startswith("failed"):
        lines.append(
            f'<p class="failed">This page failed and is incomplete: {escape_html(status)}</p>'
        )
    elif status != "ok":
        lines.append(f'<p class="status">{escape_html(status)}</p>')
    if row["not_applicable"]:
        reasons = "".join(f"<li>{escape_html(r)}</li>" for r in row["not_applicable"])
        lines.append(
            f'<p class="status">Not possible on this corpus:</p><ul class="na">{reasons}</ul>'
        )
    return "\n".join(lines) + "</li>"


def _index_page(rows: list[dict[str, Any]], *, corpus: str, provenance: str) -> str:
    own = "\n".join(_item(r) for r in rows if r["about"] == "corpus")
    other = "\n".join(_item(r) for r in rows if r["about"] != "corpus")
    failed = sum(r["status"].startswith("failed") for r in rows)
    warning = (
        f'<p class="failed">{failed} of {len(rows)} pages failed; each is listed below with the '
        "cell and the error.</p>"
        if failed
        else ""
    )
    others = (
        f"<h2>Beyond this corpus</h2>\n<p>These pages use other data, named on each.</p>\n"
        f"<ol>\n{other}\n</ol>"
        if other
        else ""
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
h2 {{ font-size: 1.25rem; margin-top: 2rem; }}
.corpus {{ color: #555; margin-top: 0; }}
ol {{ padding-left: 1.2rem; }}
li {{ margin: 1.1rem 0; }}
ul.na li {{ margin: 0.1rem 0; color: #555; }}
li a {{ font-size: 1.15rem; font-weight: 600; color: #0b5cad; text-decoration: none; }}
li a:hover {{ text-decoration: underline; }}
li p {{ margin: 0.2rem 0 0; }}
.status, .about {{ color: #6b4a00; }}
.failed {{ color: #b3261e; font-weight: 600; }}
footer {{ margin-top: 2rem; color: #666; font-size: 0.9rem; }}
</style>
</head>
<body>
<h1>How the outlets word the same events</h1>
<p class="corpus">Corpus: <code>{escape_html(corpus)}</code></p>
{warning}
<ol>
{own}
</ol>
{others}
<footer>{provenance} Counts describe wording, not truth; each page says how it counts.
Tables are sortable and searchable; every page works offline.</footer>
</body>
</html>
"""


def render_reports(
    corpus: str | Path,
    *,
    out: str | Path,
    lexicon: str | Path | None = None,
    read_options: Mapping[str, Any] | None = None,
    notebooks: Sequence[str | Path] | None = None,
    keep_code: bool = False,
    timeout: int = 900,
    progress: bool | None = None,
    scheduler: str | None = None,
) -> pl.DataFrame:
    """Execute the notebooks against a corpus and write one HTML page each plus ``index.html``.

    Each notebook gets those of ``CORPUS``, ``LEXICON`` and ``READ_OPTIONS`` that its
    ``parameters`` cell declares injected after that cell, runs in its own folder, and is
    exported with figures embedded and code hidden unless ``keep_code``. Pages open from disk
    with no network. The same inputs give the same bytes.

    A section the corpus cannot support (a cell raising
    :class:`~discourse.errors.NotApplicableError`, such as keyness on one outlet) shows that
    error's sentence instead of results, and the page carries on at its next section. A page
    whose cell fails for any other reason is written up to that cell with the error named; the
    other pages and ``index.html`` are still written, then :class:`ReportError` is raised.

    Parameters
    ----------
    corpus
        Path to a corpus (a folder or file that :func:`discourse.read_corpus` reads).
    out
        Folder for the pages; created if needed; existing pages of the same name are replaced.
    lexicon
        A lexicon file; ``None`` for the packaged one.
    read_options
        Keyword options for :func:`discourse.read_corpus` (``mapping``, ``columns``,
        ``format``, ``encoding``, ``dayfirst``, ``outlet``, ``dedupe``); JSON-like values only.
    notebooks
        Notebook paths or names (``"01-explore-corpus"``); ``None`` for all shipped notebooks.
    keep_code
        Show the code cells above their outputs.
    timeout
        Seconds any one cell may run.
    progress
        Show a progress bar across notebooks; ``None`` shows it on an interactive terminal.
    scheduler
        A Dask scheduler's address (``tcp://host:8786``), given to the notebooks' kernels as
        ``DISCOURSE_SCHEDULER`` (``None``: the kernels inherit this process's): sentiment
        scoring then runs on that cluster, the rest in the kernel (``docs/cluster.md``).

    Returns
    -------
    pl.DataFrame
        One row per notebook: ``notebook, title, summary, page, status`` (``"ok"``, or
        ``"stopped: …"`` when the notebook stopped because data it needs is absent),
        ``about`` (``"corpus"``, or what other data the page analyses) and ``not_applicable``
        (the sentences of the sections this corpus could not support).

    Raises
    ------
    DiscourseError
        The corpus or lexicon path does not exist, or a notebook is missing (nothing is run).
    ReportError
        A page failed; everything was written first.

    Examples
    --------
    One notebook, with a title, its question, a ``parameters`` cell and one call, rendered
    against a one-document corpus (a few seconds: a kernel starts):

    >>> import shutil, tempfile, nbformat
    >>> folder = Path(tempfile.mkdtemp())
    >>> story = "---\\noutlet: Daily\\n---\\nHamas militants attacked."
    >>> _ = (folder / "story.txt").write_text(story)
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("# Count\\n\\nHow many documents are there?"),
    ...     nbformat.v4.new_code_cell('CORPUS = "corpora/demo"', metadata={"tags": ["parameters"]}),
    ...     nbformat.v4.new_code_cell("import discourse as dc\\ndc.read_corpus(CORPUS).height")])
    >>> nbformat.write(nb, folder / "01-count.ipynb")
    >>> pages = render_reports(folder / "story.txt", out=folder / "pages",
    ...                        notebooks=[folder / "01-count.ipynb"], progress=False)
    >>> pages.select("notebook", "title", "summary", "status").rows()
    [('01-count', 'Count', 'How many documents are there?', 'ok')]
    >>> sorted(p.name for p in (folder / "pages").iterdir())
    ['01-count.html', 'index.html']
    >>> shutil.rmtree(folder)
    """
    from tqdm.auto import tqdm

    corpus_path = Path(corpus).resolve()
    if not corpus_path.exists():
        raise DiscourseError(f"{corpus}: corpus not found; give a folder or file of documents")
    parameters: dict[str, Any] = {
        "CORPUS": str(corpus_path),
        "LEXICON": "",
        "READ_OPTIONS": dict(read_options or {}),
    }
    if lexicon is not None:
        lexicon_path = Path(lexicon).resolve()
        if not lexicon_path.is_file():
            raise DiscourseError(f"{lexicon}: lexicon file not found")
        parameters["LEXICON"] = str(lexicon_path)
    paths = notebook_paths(notebooks)
    provenance = provenance_html(
        report_provenance(corpus, lexicon=lexicon, read_options=parameters["READ_OPTIONS"])
    )
    env = None if scheduler is None else {**os.environ, "DISCOURSE_SCHEDULER": scheduler}
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    failures: list[dict[str, Any]] = []
    for path in tqdm(paths, desc="notebooks", unit="nb", disable=not show_progress(progress)):
        title, summary = notebook_summary(path)
        run = _execute(path, parameters, timeout=timeout, env=env)
        page = f"{path.stem}.html"
        html_page = _export(run.nb, title=title, keep_code=keep_code, provenance=provenance)
        (out_dir / page).write_text(html_page, "utf-8")
        failures.extend(run.failures)
        rows.append(
            {
                "notebook": path.stem,
                "title": title,
                "summary": summary,
                "page": page,
                "status": run.status,
                "about": notebook_about(path),
                "not_applicable": run.not_applicable,
            }
        )
    index = _index_page(rows, corpus=str(corpus), provenance=provenance)
    (out_dir / "index.html").write_text(index, "utf-8")
    schema = dict.fromkeys(_RESULT_COLUMNS, pl.String) | {"not_applicable": pl.List(pl.String)}
    results = pl.DataFrame(rows, schema=schema)
    if failures:
        raise ReportError(results, failures)
    return results
