"""JupyterLab as a user meets it: ``make lab``'s server, a notebook opened in the Lab UI and run
with "Run All Cells" from the Run menu, in headless Chromium.

Chromium is Debian's package, driven by Playwright through ``executable_path`` (as in
tests/test_browser.py). The server runs the command ``make lab`` runs, on a free local port with
a token, with its config, data, runtime, settings and workspace folders in a temporary folder, so
nothing of the user's Jupyter setup leaks in and nothing persists. It serves a copy of the
notebook, so the repository's notebooks get no outputs or checkpoints.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import real_data_dir

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "03-compare-designations.ipynb"
SCREENSHOT = Path("/tmp/lab-after-run-all.png")

pytestmark = pytest.mark.browser


def _make_lab() -> tuple[dict[str, str], list[str]]:
    """The environment and command ``make lab`` runs (read with ``make -n``, not run)."""
    done = subprocess.run(
        ["make", "-s", "-n", "-C", str(ROOT), "lab", "-o", ".venv/.installed-stamp"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ["PATH"]},
    )
    words = shlex.split(done.stdout.replace("\\\n", " "))
    env: dict[str, str] = {}
    while "=" in words[0] and not words[0].startswith("-"):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    return env, words


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    server: subprocess.Popen[bytes]
    log: Path

    def api(self, path: str, *, method: str = "GET") -> Any:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None


def _start_lab(tmp: Path, corpus: Path | None) -> Lab:
    """Start JupyterLab as ``make lab`` does, on a copy of the notebook, and wait until it answers."""
    make_env, command = _make_lab()
    assert command[1:2] == ["lab"] and command[0].endswith(".venv/bin/jupyter"), command
    assert "--LabApp.news_url=None" in command
    # make lab serves the project's notebooks folder; this server serves a copy of it.
    assert f"--ServerApp.root_dir={ROOT / 'notebooks'}" in command
    command = [word for word in command if not word.startswith("--ServerApp.root_dir=")]
    # The notebook reads the corpus relative to the project root, one folder up from itself.
    root = tmp / "project"
    (root / "notebooks").mkdir(parents=True)
    (root / "corpora").symlink_to(ROOT / "corpora")
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / "notebooks" / NOTEBOOK)
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "DISCOURSE_"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_DATA_DIR=str(tmp / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
        MPLCONFIGDIR=str(tmp / "matplotlib"),
        **{k: v for k, v in make_env.items() if k.startswith("JUPYTER_")},
    )
    if corpus is not None:
        env["DISCOURSE_CORPUS"] = str(corpus)
    args = [
        str(ROOT / command[0]),
        *command[1:],
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root / 'notebooks'}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        f"--LabApp.user_settings_dir={tmp / 'settings'}",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = tmp / "lab.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(args, env=env, stdout=sink, stderr=subprocess.STDOUT)
    lab = Lab(f"http://127.0.0.1:{port}", token, root, server, log)
    deadline = time.monotonic() + 30
    while True:
        try:
            lab.api("/api/status")
            return lab
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)


def _stop_lab(lab: Lab) -> None:
    """Shut the server down through its API (it stops its kernels), then make sure of it."""
    import psutil

    children = psutil.Process(lab.server.pid).children(recursive=True)
    try:
        lab.api("/api/shutdown", method="POST")
        lab.server.wait(timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        lab.server.send_signal(signal.SIGTERM)
        lab.server.wait(timeout=10)
    _, alive = psutil.wait_procs(children, timeout=10)
    for process in alive:
        process.kill()
    assert alive == [], f"kernels left running after the server stopped: {alive}"


def _real_article() -> Path:
    path = real_data_dir() / "memo-2023-11-29-musk-gaza.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent; set DISCOURSE_REAL_DATA")
    return path


#: Run All on the demo corpus, then on one real article: one outlet, so the χ² comparison of
#: outlets is not possible and says so, and Run All must go on past it.
CORPORA = {"demo": lambda: None, "real-article": _real_article}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def lab(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    corpus = CORPORA[request.param]()
    started = _start_lab(tmp_path_factory.mktemp(f"lab-{request.param}"), corpus)
    try:
        yield request.param, started
    finally:
        _stop_lab(started)


#: True once every code cell has run: none queued ("[*]"), the first numbered, kernel idle.
_RUN_ALL_DONE = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent.trim());
  const idle = document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]');
  return prompts.length > 0 && /\\d/.test(prompts[0]) && prompts.every(p => !p.includes('*'))
    && idle !== null;
}"""


#: The input prompts of the code cells: "[ ]:", "[*]:" (queued or running) or "[3]:". Read as
#: text content: cells outside the viewport are not rendered (Lab's content-visibility).
_PROMPTS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
  .map(p => p.textContent.trim())"""

#: The source of each code cell, its editor's lines joined.
_SOURCES = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map(cell =>
  [...cell.querySelectorAll('.jp-InputArea .cm-line')].map(l => l.textContent).join('\\n'))"""


def _cell(page: Any, source: str) -> Any:
    """The code cell whose input is exactly ``source``."""
    sources = page.evaluate(_SOURCES)
    assert source in sources, f"no code cell reads {source!r}: {sources}"
    return page.locator(".jp-Notebook .jp-CodeCell").nth(sources.index(source))


def _wait_for_kernel(server: Lab) -> None:
    """Wait until the server runs the notebook's kernel and the kernel is idle."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        sessions = server.api("/api/sessions")
        states = [s["kernel"]["execution_state"] for s in sessions if s["path"] == NOTEBOOK]
        if states == ["idle"]:
            return
        time.sleep(0.25)
    raise AssertionError(f"the notebook's kernel did not start: {server.log.read_text()[-2000:]}")


def test_run_all_in_jupyterlab(browser: Any, lab: tuple[str, Lab]) -> None:
    name, server = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server.url}/lab?token={server.token}")

    # Once the launcher offers the Python kernel (Lab knows its kernels), open the notebook from
    # the file browser, as a user does; its kernel starts without asking.
    page.locator(".jp-LauncherCard", has_text="Python 3").first.wait_for(timeout=30_000)
    item = page.locator(".jp-DirListing-item", has_text=NOTEBOOK)
    item.wait_for(timeout=30_000)
    item.dblclick()
    _wait_for_kernel(server)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=30_000)

    # Run ▸ Run All Cells.
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-item:has(.lm-Menu-itemLabel:text-is('Run All Cells'))").click()
    page.wait_for_function(_RUN_ALL_DONE, timeout=75_000)

    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").inner_text()
    prompts = page.evaluate(_PROMPTS)
    assert all(p.strip("[]: ").isdigit() for p in prompts), f"Run All stopped: {prompts}"
    numbers = [int(p.strip("[]: ")) for p in prompts]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), numbers

    # The label-shares figure is displayed.
    figure = _cell(
        page,
        'dc.plot_label_shares(\n    shares.filter(pl.col("label_set").is_in(["hamas", "israeli_military", "deaths"])),\n    by="outlet",\n    max_groups=TOP_OUTLETS,\n)',
    )
    image = figure.locator(".jp-OutputArea-output img")
    image.scroll_into_view_if_needed()
    assert image.count() == 1 and image.evaluate("i => i.complete && i.naturalWidth > 200")

    # The label-shares table is interactive and answers a search.
    table_cell = _cell(page, 'shares.filter(pl.col("set_n") > 0)')
    table_cell.scroll_into_view_if_needed()
    table = table_cell.locator("table.dataTable")
    table.wait_for(timeout=10_000)
    search = table_cell.locator(".dt-search input")
    rows = table.locator("tbody tr")
    total = rows.count()
    label = rows.first.locator("td").nth(1).text_content().strip()
    assert label
    search.fill(label)
    page.wait_for_timeout(300)
    shown = rows.all_text_contents()
    assert shown and all(label.lower() in row.lower() for row in shown), (label, shown)
    info = table_cell.locator(".dt-info").text_content()
    assert "filtered from" in info, info  # fewer rows than before, all of them that label set
    if name == "demo":
        # The table filtered to one label, with the figure's top below it.
        table_cell.evaluate("cell => cell.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(SCREENSHOT))
    search.fill("no-such-label-anywhere")
    page.wait_for_timeout(300)
    assert [r.strip() for r in rows.all_text_contents()] == ["No matching records found"], total

    # Save, then read the notebook as Lab wrote it: every code cell ran, none has an error.
    page.keyboard.press("Control+s")
    saved = server.root / "notebooks" / NOTEBOOK
    deadline = time.monotonic() + 15
    while True:
        try:
            nb = json.loads(saved.read_text("utf-8"))
        except json.JSONDecodeError:
            # Read while Lab was writing it: the file is cut short; read it again.
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(250)
            continue
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        if all(c["execution_count"] for c in code) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    assert all(c["execution_count"] for c in code), "Run All did not reach every cell"
    errors = [
        (c["source"][:60], o.get("ename"))
        for c in code
        for o in c["outputs"]
        if o["output_type"] == "error"
    ]
    assert errors == []
    notes = page.locator(".jp-OutputArea-output .discourse-not-applicable").all_text_contents()
    if name == "real-article":
        # One outlet: the χ² test between outlets says so, and Run All carried on past it.
        assert any("outlet" in note for note in notes), notes
        page.locator(".discourse-not-applicable").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOT.with_name("lab-after-run-all-real-article.png")))
    else:
        assert notes == []

    # No news pop-up, and nothing fetched from anywhere but the local server.
    assert page.get_by_text("Would you like to get notified").count() == 0
    assert [u for u in requests if not u.startswith((server.url, "data:", "blob:"))] == []
    page.close()
