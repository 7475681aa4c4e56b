"""Run a report notebook cell by cell, so that one analysis the corpus cannot support does not
sink the page.

A cell that raises :class:`~discourse.errors.NotApplicableError` gets the error's sentence as
its output, and the rest of its section (up to the next ``#`` or ``##`` heading) is left out of
the page: the prose there interprets results that do not exist. A later cell that needs a name
only such a skipped cell would have made is treated the same way, with the original reason.
:class:`~discourse.MissingDataError` stops the notebook with its message (the page is about
data the user has not got). Any other error stops the notebook and is recorded as a
failure naming the cell, its source and the error.
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: An error output of IPython names the missing variable this way.
_NAME_ERROR = re.compile(r"name '([^']+)' is not defined")

#: A markdown cell that opens a section at heading level 1 or 2.
_SECTION = re.compile(r"^\s*#{1,2}\s", re.MULTILINE)

NOT_APPLICABLE = "NotApplicableError"
MISSING_DATA = "MissingDataError"

#: The output metadata key of the note a kernel shows for a not-applicable cell (a notebook that
#: calls :func:`discourse.not_applicable_notes`); its value is the sentence.
NOTE_KEY = "discourse_not_applicable"


@dataclass
class Run:
    """What happened to one notebook: the executed notebook and how it ended."""

    nb: Any
    #: ``"ok"``, ``"stopped: <reason>"`` or ``"failed: cell N: <error>"``.
    status: str = "ok"
    #: One dict per failed cell: ``notebook, cell, source, ename, evalue``.
    failures: list[dict[str, Any]] = field(default_factory=list)
    #: One sentence per section the corpus could not support.
    not_applicable: list[str] = field(default_factory=list)


def _assigned(source: str) -> set[str]:
    """Names a cell's top-level statements bind (``x = ...``, ``import x``, ``for x in``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def _replace_error(cell: Any, text: str, *, kind: str) -> None:
    """Put a plain sentence where the cell's error output (and traceback) was."""
    cell.outputs = [
        o
        for o in cell.outputs
        if o.get("output_type") != "error" and NOTE_KEY not in o.get("metadata", {})
    ]
    cell.outputs.append(_note(text, kind=kind))


def _noted(cell: Any) -> str | None:
    """The sentence of the not-applicable note the kernel itself showed for a cell, if any."""
    for output in cell.outputs:
        if NOTE_KEY in output.get("metadata", {}):
            return str(output["metadata"][NOTE_KEY])
    return None


def note_markup(text: str, *, kind: str) -> str:
    """``text`` as a plain, styled HTML sentence (escaped)."""
    colours = {
        "not-applicable": ("#f4f6f8", "#5b6b7a"),
        "failed": ("#fdf0ef", "#b3261e"),
    }
    background, border = colours[kind]
    return (
        f'<p class="discourse-{kind}" style="background:{background};border-left:4px solid '
        f'{border};padding:0.6rem 0.9rem;margin:0.4rem 0;font-family:system-ui,sans-serif">'
        f"{html.escape(text)}</p>"
    )


def _note(text: str, *, kind: str) -> dict[str, Any]:
    """A display output that shows ``text`` as a plain, styled sentence (escaped)."""
    import nbformat

    markup = note_markup(text, kind=kind)
    return nbformat.v4.new_output(
        "display_data", data={"text/html": markup, "text/plain": text}, metadata={}
    )


def run_notebook(path: Path, nb: Any, *, timeout: int, env: Mapping[str, str] | None = None) -> Run:
    """Execute a parameterised notebook in a fresh kernel working in ``path``'s folder.

    ``env``: the kernel's environment variables (``None``: this process's)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        # The kernel talks to us over local TCP; its warning about that is noise on a CLI.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(path.parent)}},
    )
    run = Run(nb=nb)
    kept: list[Any] = []
    unavailable: dict[str, str] = {}
    skipping: str | None = None
    code_number = 0
    client.reset_execution_trackers()
    with client.setup_kernel(**({} if env is None else {"env": dict(env)})):
        assert client.kc is not None
        info = client.wait_for_reply(client.kc.kernel_info())
        if info is not None and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            # Cells are numbered as the user sees the notebook, without papermill's injected one.
            if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get(
                "tags", []
            ):
                code_number += 1
            if skipping is not None:
                if cell.cell_type == "markdown" and _SECTION.search(cell.source):
                    skipping = None
                else:
                    if cell.cell_type == "code":
                        unavailable.update(dict.fromkeys(_assigned(cell.source), skipping))
                    continue
            kept.append(cell)
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            except CellExecutionError as error:
                ename, evalue = error.ename, error.evalue
            else:
                # A notebook that calls not_applicable_notes gets the sentence from its kernel,
                # with the status "ok"; the page treats it as the error it stands for.
                noted = _noted(cell)
                if noted is None:
                    continue
                ename, evalue = NOT_APPLICABLE, noted
            reason = None
            if ename == NOT_APPLICABLE:
                reason = evalue
            elif ename == "NameError" and (found := _NAME_ERROR.search(evalue)):
                reason = unavailable.get(found[1])
            if reason is not None:
                _replace_error(cell, reason, kind="not-applicable")
                unavailable.update(dict.fromkeys(_assigned(cell.source), reason))
                if reason not in run.not_applicable:
                    run.not_applicable.append(reason)
                skipping = reason
                continue
            if ename == MISSING_DATA:
                run.status = f"stopped: {evalue}"
                break
            message = f"This page stopped at code cell {code_number}: {ename}: {evalue}"
            _replace_error(cell, message, kind="failed")
            run.failures.append(
                {
                    "notebook": path.stem,
                    "cell": code_number,
                    "source": cell.source,
                    "ename": ename,
                    "evalue": evalue,
                }
            )
            run.status = f"failed: cell {code_number}: {ename}: {evalue}"
            break
        client.set_widgets_metadata()
    nb.cells = kept
    return run
