"""compare_page: the numbers it places, its offline and byte-identical HTML, and, in headless
Chromium, search, hover, click-to-KWIC and hostile corpus text that never runs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

import discourse as dc
from discourse.errors import NotApplicableError
from tests.test_browser import HOSTILE_TEXT, PAYLOADS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo() -> pl.DataFrame:
    return dc.load_corpus(ROOT / "corpora" / "demo").corpus


@pytest.fixture(scope="module")
def demo_page(
    demo: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, pl.DataFrame]:
    out = tmp_path_factory.mktemp("compare") / "demo.html"
    points = dc.compare_page(
        demo, a="Coastal Tribune", b=["Crescent Daily", "Northern Ledger"], by="outlet", out=out
    )
    return out, points


def test_points_are_keyness_numbers(
    demo: pl.DataFrame, demo_page: tuple[Path, pl.DataFrame]
) -> None:
    _, points = demo_page
    sides = demo.with_columns(
        side=pl.when(pl.col("outlet") == "Coastal Tribune").then(pl.lit("A")).otherwise(pl.lit("B"))
    ).filter(pl.col("outlet").is_in(["Coastal Tribune", "Crescent Daily", "Northern Ledger"]))
    key = dc.keyness(sides, by="side", target="A", reference="B", min_count=1)
    joined = points.filter(kind="term").join(key, on="term")
    assert joined.height == points.filter(kind="term").height > 100
    assert (joined["n_a"] == joined["n_target"]).all()
    assert (joined["n_b"] == joined["n_reference"]).all()
    assert (joined["g2"] == joined["g2_right"]).all()
    assert (joined["log_ratio"] == joined["log_ratio_right"]).all()
    # Every label of the default lexicon is a point, counted from label_mentions.
    labels = points.filter(kind="label")
    lexicon = dc.default_lexicon().to_frame().select("label_set", "label").unique()
    assert labels.height == lexicon.height
    mentions = dc.label_mentions(sides.drop("side")).join(
        sides.select("doc_id", "side"), on="doc_id"
    )
    hamas = mentions.filter(label_set="hamas", label="name")
    row = labels.filter(term="hamas: name").row(0, named=True)
    assert row["n_a"] == hamas.filter(side="A").height > 0
    assert row["n_b"] == hamas.filter(side="B").height > 0


def test_bounded_terms_rank_scale_and_byte_identical(demo: pl.DataFrame, tmp_path: Path) -> None:
    kw = dict(a="Coastal Tribune", b="Metro Wire Service", by="outlet", max_terms=50, scale="rank")
    one = dc.compare_page(demo, out=tmp_path / "1.html", **kw)  # type: ignore[arg-type]
    two = dc.compare_page(demo.lazy(), out=tmp_path / "2.html", **kw)  # type: ignore[arg-type]
    assert one.equals(two) and one.filter(kind="term").height == 50
    assert one.select(pl.col("x", "y").min()).row(0) == (0.0, 0.0)
    assert one.select(pl.col("x", "y").max()).row(0) == (1.0, 1.0)
    assert (tmp_path / "1.html").read_bytes() == (tmp_path / "2.html").read_bytes()


def test_self_contained(demo_page: tuple[Path, pl.DataFrame]) -> None:
    page = demo_page[0].read_text(encoding="utf-8")
    tags: list[tuple[str, dict[str, str | None]]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append((tag, dict(attrs)))

    Tags().feed(page)
    assert {t for t, _ in tags} >= {"script", "style", "input"}
    assert [(t, a) for t, a in tags if "src" in a or "href" in a] == []
    assert [t for t, _ in tags].count("script") == 3
    assert "window.vegaEmbed=" in page
    assert not re.search(r"<script[^>]*\bsrc", page, re.I)


def test_not_applicable(demo: pl.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(NotApplicableError, match="b='Nowhere'"):
        dc.compare_page(
            demo, a="Coastal Tribune", b="Nowhere", by="outlet", out=tmp_path / "x.html"
        )
    with pytest.raises(NotApplicableError, match="by="):
        dc.compare_page(demo, a="Coastal Tribune", b="Metro Wire Service", out=tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


# --- in the browser -------------------------------------------------------------------------


def _open(browser, path: Path):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    page.wait_for_timeout(300)
    return page, requests, dialogs


def _point_xy(page, row: dict[str, object]) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Page coordinates of a point, from the view's own scales."""
    return page.evaluate(  # type: ignore[no-any-return]
        """([x, y]) => {
          const v = window.compareView, box = document.querySelector('#plot svg').getBoundingClientRect();
          const o = v.origin();
          return [box.left + o[0] + v.scale('x')(x), box.top + o[1] + v.scale('y')(y)];
        }""",
        [row["x"], row["y"]],
    )


def test_search_hover_click_shows_kwic(browser, demo_page: tuple[Path, pl.DataFrame]) -> None:  # type: ignore[no-untyped-def]
    path, points = demo_page
    page, requests, _ = _open(browser, path)
    assert [u for u in requests if not u.startswith("file:")] == []
    page.fill("#search", "terrorists")
    page.wait_for_timeout(300)
    # The search labels the match on the plot.
    texts = page.evaluate(
        "Array.from(document.querySelectorAll('#plot svg text')).map(t => t.textContent)"
    )
    assert "terrorists" in texts
    row = points.filter(kind="term", term="terrorists").row(0, named=True)
    x, y = _point_xy(page, row)
    page.mouse.move(x, y)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
    tip = page.inner_text("#vg-tooltip-element")
    assert "terrorists" in tip and str(row["n_a"]) in tip
    page.mouse.click(x, y)
    page.wait_for_selector("#kwic[data-term='terrorists']", timeout=5_000)
    marks = page.locator("#kwic mark").all_inner_texts()
    assert marks and all(m.lower() == "terrorists" for m in marks)
    assert page.locator("#kwic .line[data-side='a']").count() == min(5, row["n_a"])
    # The toggle shows designation labels instead of terms.
    page.check("input[name=kind][value=label]")
    page.fill("#search", "hamas: name")
    page.wait_for_timeout(300)
    label = points.filter(kind="label", term="hamas: name").row(0, named=True)
    x, y = _point_xy(page, label)
    page.mouse.click(x, y)
    page.wait_for_selector("#kwic[data-term='hamas: name']", timeout=5_000)
    assert "Hamas" in " ".join(page.locator("#kwic mark").all_inner_texts())
    page.close()


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pl.DataFrame]:
    outlets = [PAYLOADS[1], PAYLOADS[0]]
    corpus = pl.DataFrame(
        {
            "doc_id": [f"d{i}{PAYLOADS[2]}" for i in range(4)],
            "outlet": [outlets[i % 2] for i in range(4)],
            "text": [
                HOSTILE_TEXT + f" {PAYLOADS[3]}" + " script" * (i + 1) + " onerror" * (4 - i)
                for i in range(4)
            ],
        }
    )
    out = tmp_path_factory.mktemp("hostile") / "page.html"
    points = dc.compare_page(
        corpus, a=outlets[0], b=outlets[1], by="outlet", out=out, title=PAYLOADS[3]
    )
    return out, points


@pytest.mark.parametrize("term", ["script", "onerror", "img", "hamas: militant"])
def test_hostile_corpus_runs_nothing_on_hover_or_click(browser, hostile_page, term: str) -> None:  # type: ignore[no-untyped-def]
    path, points = hostile_page
    page, requests, dialogs = _open(browser, path)
    kind = "label" if ":" in term else "term"
    if kind == "label":
        page.check("input[name=kind][value=label]")
        page.wait_for_timeout(200)
    page.fill("#search", term)
    page.wait_for_timeout(200)
    row = points.filter(kind=kind, term=term).row(0, named=True)
    x, y = _point_xy(page, row)
    page.mouse.move(x, y)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
    page.mouse.click(x, y)
    page.wait_for_selector(f"#kwic[data-term='{term}']", timeout=5_000)
    page.wait_for_timeout(200)
    state = page.evaluate(
        "({pwned: document.body.dataset.pwned ?? null,"
        " injected: document.querySelectorAll('#injected').length,"
        " handlers: document.querySelectorAll('[onerror], [onload]').length})"
    )
    assert state == {"pwned": None, "injected": 0, "handlers": 0}
    assert dialogs == []
    assert [u for u in requests if not u.startswith("file:")] == []
    # The payloads are shown as text: in the KWIC lines and the page's headings.
    panel = page.inner_text("#kwic")
    assert "<script>document.body.dataset.pwned=1</script>" in panel or "<img src=x" in panel
    assert PAYLOADS[3] in page.inner_text("h1")
    page.close()


def test_hostile_report_page_runs_nothing(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Report page 07 on the hostile corpus of test_browser: its frame runs nothing either."""
    corpus = tmp_path / "c<img src=x onerror=document.body.dataset.pwned=4>"
    corpus.mkdir()
    for i, outlet in enumerate([PAYLOADS[1], PAYLOADS[0], PAYLOADS[1]]):
        front = (
            f"---\noutlet: '{outlet}'\npublished: 2023-10-0{i + 7}\ntitle: '{PAYLOADS[i]}'\n---\n"
        )
        text = HOSTILE_TEXT + " script" * (i + 1)
        (corpus / f"doc{i}{PAYLOADS[2]}.md").write_text(front + text, encoding="utf-8")
    out = tmp_path / "site"
    pages = dc.render_reports(corpus, out=out, notebooks=["07-explore-comparison"], progress=False)
    assert pages["status"].to_list() == ["ok"]
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((out / "07-explore-comparison.html").as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("body[data-ready='1']").wait_for(timeout=20_000)
    frame.locator("#search").fill("script")
    page.wait_for_timeout(300)
    inner = next(f for f in page.frames if f != page.main_frame)
    points = inner.evaluate(
        "JSON.parse(document.getElementById('compare-data').textContent)"
        ".spec.data.values.find(r => r.id === 'term:script')"
    )
    row = {"x": points["x"], "y": points["y"]}
    fx, fy = _point_xy(inner, row)
    box = page.locator("iframe").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + fx, box["y"] + fy)
    page.mouse.click(box["x"] + fx, box["y"] + fy)
    frame.locator("#kwic[data-term='script']").wait_for(timeout=5_000)
    assert "<script>document.body.dataset.pwned=1</script>" in frame.locator("#kwic").inner_text()
    for doc in (page, inner):
        state = doc.evaluate(
            "({pwned: document.body.dataset.pwned ?? null,"
            " injected: document.querySelectorAll('#injected').length,"
            " handlers: document.querySelectorAll('[onerror], [onload]').length})"
        )
        assert state == {"pwned": None, "injected": 0, "handlers": 0}
    assert dialogs == []
    page.close()


@pytest.mark.realdata
def test_real_headlines_page(browser, real_data: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Google-News headlines: Al Jazeera English against Reuters and AP pooled."""
    headlines = pl.read_csv(
        real_data / "datasets" / "gaza-news-headlines" / "gaza-news.txt",
        separator="\t",
        has_header=False,
        new_columns=["date", "outlet", "text", "url"],
        quote_char=None,
    ).with_columns(
        doc_id=pl.int_range(pl.len()).cast(pl.String),
        text=pl.col("text").str.replace(r" - [^-]+$", ""),  # the " - Publisher" suffix
    )
    out = tmp_path / "real.html"
    points = dc.compare_page(
        headlines,
        a="Al Jazeera English",
        b=["Reuters", "The Associated Press"],
        by="outlet",
        out=out,
    )
    assert points.filter(kind="term").height == 2000
    assert out.stat().st_size < 10 * 2**20
    page, requests, _ = _open(browser, out)
    assert [u for u in requests if not u.startswith("file:")] == []
    page.fill("#search", "militants")
    row = points.filter(kind="term", term="militants").row(0, named=True)
    x, y = _point_xy(page, row)
    page.mouse.click(x, y)
    page.wait_for_selector("#kwic[data-term='militants']", timeout=5_000)
    lines = page.locator("#kwic .line[data-side='b']")
    assert lines.count() == min(5, row["n_b"]) > 0
    assert all(m.lower() == "militants" for m in page.locator("#kwic mark").all_inner_texts())
    page.close()
