"""Rendered reports in headless Chromium: pages draw, figures load, and corpus text never runs.

Chromium is Debian's package (``.ci/run`` installs it); Playwright drives it through
``executable_path`` and never downloads a browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse import render_reports

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser

#: Each payload would set ``data-pwned`` on <body> (or add #injected) if the page ran it.
PAYLOADS = [
    "<script>document.body.dataset.pwned=1</script>",
    "<img src=x onerror=document.body.dataset.pwned=2>",
    "<svg onload=document.body.dataset.pwned=3>",
    '"><b id=injected>bold</b><"',
]
HOSTILE_TEXT = (
    f"{PAYLOADS[0]} Three people were killed in an Israeli strike on Gaza, officials said. "
    f"{PAYLOADS[1]} Hamas militants killed two soldiers. {PAYLOADS[2]} {PAYLOADS[3]}\n"
)


def _open(browser, page_path: Path):  # type: ignore[no-untyped-def]
    """Load a page from disk; return it with the network requests and dialogs it caused."""
    page = browser.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    return page, requests, dialogs


def _offline(requests: list[str]) -> list[str]:
    return [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]


def test_report_page_draws_tables_and_figures(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render_reports(ROOT / "corpora" / "demo", out=tmp_path, notebooks=["01-explore-corpus"])
    page, requests, _ = _open(browser, tmp_path / "01-explore-corpus.html")
    assert _offline(requests) == []
    assert page.title() == "Explore the corpus"
    body = page.inner_text("body")
    assert "Documents per outlet" in body and "Northern Ledger" in body
    # DataTables ran; tables longer than a page get a search box and paging.
    assert page.locator("table.dataTable").count() >= 3
    assert page.locator(".dt-search input").count() >= 1
    page.fill(".dt-search input >> nth=0", "Northern Ledger")
    rows = page.locator("table.dataTable >> nth=0").locator("tbody tr")
    assert rows.count() == 8 and "Northern Ledger" in rows.nth(0).inner_text()
    # Figures decoded to real images, not broken placeholders.
    sizes = page.evaluate("Array.from(document.images).map(i => [i.naturalWidth, i.naturalHeight])")
    assert len(sizes) == 1 and all(w > 300 and h > 100 for w, h in sizes)
    page.close()

    index, requests, _ = _open(browser, tmp_path / "index.html")
    assert _offline(requests) == []
    links = index.evaluate("Array.from(document.links).map(a => a.getAttribute('href'))")
    assert links == ["01-explore-corpus.html"]
    index.close()


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = (
        tmp_path_factory.mktemp("hostile") / "c<img src=x onerror=document.body.dataset.pwned=4>"
    )
    corpus.mkdir()
    for i, outlet in enumerate([PAYLOADS[1], PAYLOADS[0], "Plain Outlet"]):
        front = (
            f"---\noutlet: '{outlet}'\npublished: 2023-10-0{i + 7}\ntitle: '{PAYLOADS[i]}'\n---\n"
        )
        (corpus / f"doc{i}{PAYLOADS[2]}.md").write_text(front + HOSTILE_TEXT, encoding="utf-8")
    out = corpus.parent / "site"
    render_reports(
        corpus,
        out=out,
        notebooks=["01-explore-corpus", "04-examine-casualty-reporting"],
        progress=False,
    )
    return out


@pytest.mark.parametrize(
    "name", ["index.html", "01-explore-corpus.html", "04-examine-casualty-reporting.html"]
)
def test_hostile_corpus_runs_nothing(browser, hostile_report: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page, requests, dialogs = _open(browser, hostile_report / name)
    state = page.evaluate(
        "({pwned: document.body.dataset.pwned ?? null,"
        " injected: document.querySelectorAll('#injected').length,"
        " svgs: document.querySelectorAll('svg[onload]').length,"
        " handlers: document.querySelectorAll('[onerror], [onload]').length})"
    )
    assert state == {"pwned": None, "injected": 0, "svgs": 0, "handlers": 0}
    assert dialogs == []
    # The only request besides the page itself would be the payload's <img src=x>.
    assert _offline(requests) == []
    assert not any(u.endswith("/x") for u in requests)
    # The payload is shown to the reader as text.
    body = page.inner_text("body")
    assert "<img src=x onerror=document.body.dataset.pwned=" in body
    if name != "index.html":
        assert PAYLOADS[0] in body
    page.close()


def test_hostile_text_is_visible_in_casualty_table(browser, hostile_report: Path) -> None:  # type: ignore[no-untyped-def]
    page, _, _ = _open(browser, hostile_report / "04-examine-casualty-reporting.html")
    # The table fits one page, so itables shows it without a search box; long cells are cut to
    # one line by CSS, and the text is all there (shown on hover).
    visible = page.locator("table.dataTable >> nth=0").inner_text()
    assert "<script>document.body.dataset.pwned=1</script> Three people were killed" in visible
    page.close()
