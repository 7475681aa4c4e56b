"""discourse.not_applicable_notes in a real IPython kernel: a cell the corpus cannot support shows
its sentence with the reply status "ok" (so JupyterLab's Run All goes on), and a rendered page is
the same whether or not the notebook calls it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from discourse.reports._notebook_run import NOTE_KEY, run_notebook

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[1]
ONE_OUTLET = (
    "import discourse as dc\n"
    f"corpus = dc.read_corpus({str(ROOT / 'corpora' / 'demo')!r})"
    ".filter(outlet='Northern Ledger')"
)
KEYNESS = "x = 1\nscores = dc.keyness(corpus, by='outlet')\ny = 2"


@pytest.fixture
def kernel() -> Iterator[Any]:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(
        kernel_name="python3", extra_arguments=["--IPKernelApp.log_level=ERROR"]
    )
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def _run(client: Any, code: str) -> tuple[str, list[dict[str, Any]]]:
    """Execute ``code``; return the reply's status and the outputs (type, content)."""
    msg_id = client.execute(code)
    reply = client.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=60)
    outputs = []
    while True:
        message = client.get_iopub_msg(timeout=60)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
        if message["msg_type"] in {"stream", "display_data", "execute_result", "error"}:
            outputs.append({"output_type": message["msg_type"], **message["content"]})
    return reply["content"]["status"], outputs


def _note(outputs: list[dict[str, Any]]) -> str | None:
    notes = [o for o in outputs if NOTE_KEY in o.get("metadata", {})]
    assert len(notes) <= 1
    return notes[0]["metadata"][NOTE_KEY] if notes else None


def test_a_not_applicable_cell_says_so_with_status_ok(kernel: Any) -> None:
    assert _run(kernel, ONE_OUTLET) == ("ok", [])
    # Without the handler: IPython shows the sentence, but as an error that stops Run All.
    status, outputs = _run(kernel, KEYNESS)
    assert status == "error" and [o["output_type"] for o in outputs] == ["error"]
    sentence = outputs[0]["evalue"]
    assert "one outlet" in sentence

    assert _run(kernel, "dc.not_applicable_notes()\ndc.not_applicable_notes()") == ("ok", [])
    status, outputs = _run(kernel, KEYNESS)
    assert status == "ok" and [o["output_type"] for o in outputs] == ["display_data"]
    assert _note(outputs) == sentence == outputs[0]["data"]["text/plain"]
    html = outputs[0]["data"]["text/html"]
    assert 'class="discourse-not-applicable"' in html and "Traceback" not in html
    # The cell stopped at the error: x was made, y was not.
    assert _run(kernel, "print(x, 'y' in dir())")[1][0]["text"] == "1 False\n"

    # A cell that needs what the cell would have made says the same sentence, and so on.
    status, outputs = _run(kernel, "top = scores.head(3)")
    assert (status, _note(outputs)) == ("ok", sentence)
    status, outputs = _run(kernel, "top")
    assert (status, _note(outputs)) == ("ok", sentence)


def test_other_errors_still_stop(kernel: Any) -> None:
    _run(kernel, "import discourse as dc\ndc.not_applicable_notes()")
    status, outputs = _run(kernel, "no_such_name")
    assert status == "error" and outputs[0]["ename"] == "NameError"
    status, outputs = _run(kernel, "1 / 0")
    assert status == "error" and outputs[0]["ename"] == "ZeroDivisionError"
    status, outputs = _run(kernel, "raise dc.DiscourseError('bad input')")
    assert status == "error" and outputs[0]["ename"] == "DiscourseError"


def test_a_name_made_later_is_available_again(kernel: Any) -> None:
    _run(kernel, f"{ONE_OUTLET}\ndc.not_applicable_notes()")
    status, _ = _run(kernel, "later = dc.keyness(corpus, by='outlet')")
    assert status == "ok"
    assert _run(kernel, "later = 5") == ("ok", [])
    status, outputs = _run(kernel, "later")
    assert status == "ok" and outputs[0]["data"]["text/plain"] == "5"


def _notebook(*, notes: bool) -> Any:
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    setup = "import discourse as dc" + ("\ndc.not_applicable_notes()" if notes else "")
    cells = [
        new_markdown_cell("# A page"),
        new_code_cell(setup),
        new_code_cell(ONE_OUTLET.split("\n", 1)[1]),
        new_markdown_cell("## Keyness"),
        new_code_cell("print('before')\nscores = dc.keyness(corpus, by='outlet')"),
        new_code_cell("scores.head(3)"),
        new_markdown_cell("## Next section"),
        new_code_cell("top = scores.head(3)"),
        new_code_cell("corpus.height"),
    ]
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index}"
    return new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    )


def test_the_rendered_page_is_the_same(tmp_path: Path) -> None:
    runs = {}
    for notes in (False, True):
        nb = _notebook(notes=notes)
        runs[notes] = run_notebook(tmp_path / "01-page.ipynb", copy.deepcopy(nb), timeout=120)
    without, with_notes = runs[False], runs[True]
    assert without.status == with_notes.status == "ok"
    assert without.not_applicable == with_notes.not_applicable != []
    # The same cells are kept, with the same outputs (the setup cell differs in its source only).
    assert len(without.nb.cells) == len(with_notes.nb.cells) == 7
    for a, b in zip(without.nb.cells[2:], with_notes.nb.cells[2:], strict=True):
        assert (a.source, a.get("outputs")) == (b.source, b.get("outputs"))
    outputs = with_notes.nb.cells[4].outputs
    assert [o["output_type"] for o in outputs] == ["stream", "display_data"]
    assert outputs[1]["metadata"] == {}
    nbformat.validate(with_notes.nb)
