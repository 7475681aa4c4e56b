"""The whole report on corpora unlike the demo: every page renders, and says what it cannot do.

Each case builds a corpus (or reads a real one in place), runs :func:`render_reports` over the
corpus notebooks, and checks that every page is written without a traceback, that nothing
failed, and that the sections this corpus cannot support say so in a sentence naming what is
missing. Rendering is the expensive part, so each case renders once (module-scoped) and all its
checks read the same pages.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import real_data_dir

from discourse import render_reports
from discourse.reports.rendering import NOTEBOOK_DIR

pytestmark = pytest.mark.notebook

#: The pages that analyse the given corpus (notebook 10 reads the published studies' files).
CORPUS_NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.glob("0*.ipynb"))

#: Short passages written for these tests, in the register of wire copy.
PASSAGES = [
    "Hamas said its fighters fired rockets at Ashkelon on Tuesday. The Israeli military said "
    "air strikes hit targets in Gaza City, and the health ministry in Gaza said 14 people were "
    "killed.",
    "The resistance movement said the occupation army shelled homes in Khan Younis. Medics said "
    "nine Palestinians died and dozens were wounded, according to the health ministry.",
    "Israel's army said troops killed several militants near the border fence. A spokesman for "
    "the militant group said two of its members were killed in the clashes.",
    "The terrorist organisation holds more than 200 hostages, Israeli officials said. Families "
    "of the captives marched to Jerusalem on Saturday to press the government.",
    "Aid trucks crossed at Rafah on Sunday. The United Nations said fuel was running out at "
    "hospitals in the north, where thousands of displaced people sheltered.",
]

COOKING = [
    "Whisk two eggs with a cup of milk, then fold in the flour until the batter is smooth.",
    "Roast the peppers until their skins blacken, then peel them and slice them thinly.",
    "Simmer the lentils for twenty minutes with cumin, garlic and a bay leaf.",
]

GERMAN = [
    "Die Regierung kündigte am Montag neue Hilfen für die Landwirtschaft an. Kritiker sprachen "
    "von einem Tropfen auf den heißen Stein.",
    "Im Norden des Landes fiel in der Nacht der erste Schnee. Die Straßen blieben offen, doch "
    "die Polizei mahnte zur Vorsicht.",
]


def _write(folder: Path, docs: list[dict[str, Any]]) -> Path:
    """Write documents as Markdown files with YAML front matter (the demo's layout)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, doc in enumerate(docs):
        head = [f"{key}: {value}" for key, value in doc.items() if key != "text"]
        body = "---\n" + "\n".join(head) + "\n---\n\n" + doc["text"] + "\n"
        (folder / f"doc-{i:05d}.md").write_text(body, "utf-8")
    return folder


def _dated(outlet: str, day: int, text: str, **extra: Any) -> dict[str, Any]:
    published = date(2023, 10, 7) + timedelta(days=day)
    return {
        "outlet": outlet,
        "published": published,
        "title": f"Report {day}",
        **extra,
        "text": text,
    }


def one_document(tmp: Path) -> tuple[Path, dict[str, Any]]:
    return _write(tmp, [_dated("Solo Herald", 0, " ".join(PASSAGES))]), {}


def one_outlet(tmp: Path) -> tuple[Path, dict[str, Any]]:
    docs = [_dated("Solo Herald", 3 * i, text) for i, text in enumerate(PASSAGES)]
    return _write(tmp, docs), {}


def two_outlets(tmp: Path) -> tuple[Path, dict[str, Any]]:
    docs = [_dated("North Post", 0, PASSAGES[0]), _dated("South Star", 1, PASSAGES[1])]
    return _write(tmp, docs), {}


def undated(tmp: Path) -> tuple[Path, dict[str, Any]]:
    docs = [
        {"outlet": ["North Post", "South Star"][i % 2], "title": f"Undated {i}", "text": text}
        for i, text in enumerate(PASSAGES)
    ]
    return _write(tmp, docs), {}


def no_lexicon_hit(tmp: Path) -> tuple[Path, dict[str, Any]]:
    docs = [_dated(["Kitchen Weekly", "Table Talk"][i % 2], i, t) for i, t in enumerate(COOKING)]
    return _write(tmp, docs), {}


def non_english(tmp: Path) -> tuple[Path, dict[str, Any]]:
    docs = [_dated(["Nordblatt", "Südkurier"][i % 2], i, t) for i, t in enumerate(GERMAN * 2)]
    return _write(tmp, docs), {}


def date_as_event(tmp: Path) -> tuple[Path, dict[str, Any]]:
    """Two outlets rewriting each other; the CSV's ``event`` column (notebook 06's default)
    holds dates, as when a user passes the date column as the event."""
    rows = [
        {
            "outlet": outlet,
            "date": date(2023, 10, 7) + timedelta(days=i % 3),
            "event": date(2023, 10, 7) + timedelta(days=i % 3),
            "body": PASSAGES[i % len(PASSAGES)]
            + (" Officials gave no further details." if outlet == "South Star" else ""),
        }
        for i in range(6)
        for outlet in ("North Post", "South Star")
    ]
    path = tmp / "wire.csv"
    tmp.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows).write_csv(path)
    return path, {"mapping": {"text": "body"}}


def many_outlets(tmp: Path) -> tuple[Path, dict[str, Any]]:
    """1,500 outlets with two short items each: every figure and table must stay bounded."""
    rng = random.Random(7)
    rows = [
        {
            "outlet": f"Outlet {o:04d}",
            "date": date(2023, 10, 7) + timedelta(days=rng.randrange(120)),
            "text": rng.choice(PASSAGES),
        }
        for o in range(1500)
        for _ in range(2)
    ]
    path = tmp / "many.parquet"
    tmp.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows).write_parquet(path)
    return path, {}


def real_article(tmp: Path) -> tuple[Path, dict[str, Any]]:
    """The article the project started from, alone (read in place)."""
    path = real_data_dir() / "memo-2023-11-29-musk-gaza.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent; set DISCOURSE_REAL_DATA")
    return path, {}


def real_event_index(tmp: Path) -> tuple[Path, dict[str, Any]]:
    """42 reports of one event from 39 outlets: titles only, an event column, some undated."""
    path = real_data_dir() / "musk-visit-2023-11" / "coverage-index.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent; set DISCOURSE_REAL_DATA")
    options = {"mapping": {"text": "title_or_slug", "outlet": "outlet_or_site", "date": "date"}}
    return path, options


CASES: dict[str, Callable[[Path], tuple[Path, dict[str, Any]]]] = {
    "one_document": one_document,
    "one_outlet": one_outlet,
    "two_outlets": two_outlets,
    "undated": undated,
    "no_lexicon_hit": no_lexicon_hit,
    "non_english": non_english,
    "date_as_event": date_as_event,
    "many_outlets": many_outlets,
    "real_article": real_article,
    "real_event_index": real_event_index,
}

#: For each case, words that must appear in one of the "not possible here" sentences.
EXPECTED_NOT_APPLICABLE: dict[str, list[str]] = {
    "one_document": ["outlet"],
    "one_outlet": ["outlet"],
    "undated": ["date"],
    "no_lexicon_hit": ["lexicon"],
    "real_article": ["outlet"],
}


@pytest.fixture(scope="module", params=sorted(CASES))
def rendered(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[str, Path, pl.DataFrame]:
    name = request.param
    corpus, options = CASES[name](tmp_path_factory.mktemp(f"corpus-{name}"))
    out = tmp_path_factory.mktemp(f"report-{name}")
    pages = render_reports(
        corpus, out=out, notebooks=CORPUS_NOTEBOOKS, read_options=options, progress=False
    )
    return name, out, pages


def test_every_page_renders(rendered: tuple[str, Path, pl.DataFrame]) -> None:
    name, out, pages = rendered
    assert pages["status"].to_list() == ["ok"] * len(CORPUS_NOTEBOOKS), name
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([*(f"{p.stem}.html" for p in CORPUS_NOTEBOOKS), "index.html"])
    for page in out.iterdir():
        text = page.read_text("utf-8")
        assert "Traceback" not in text, f"{name}: {page.name} shows a traceback"
        assert "discourse-failed" not in text, f"{name}: {page.name} failed"
        # A figure IPython could not draw shows as its repr, e.g. "<Figure size ... 0 Axes>".
        assert "&lt;Figure size" not in text, f"{name}: {page.name} shows a figure as text"
        # Pages stay shareable whatever the number of outlets.
        assert page.stat().st_size < 12 * 2**20, f"{name}: {page.name} is too large"


def test_says_what_it_cannot_do(rendered: tuple[str, Path, pl.DataFrame]) -> None:
    name, out, pages = rendered
    sentences = [s for found in pages["not_applicable"].to_list() for s in found]
    for word in EXPECTED_NOT_APPLICABLE.get(name, []):
        assert any(word in s.lower() for s in sentences), (name, word, sentences)
    index = (out / "index.html").read_text("utf-8")
    for sentence in sentences:
        # Each is one plain sentence (or two), shown on the index as on its page.
        assert 0 < len(sentence) < 400 and "\n" not in sentence
        assert "Traceback" not in sentence
    if sentences:
        assert "Not possible on this corpus:" in index
