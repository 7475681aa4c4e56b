"""render_reports: parameters reach the notebook, pages are offline, escaped and deterministic."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import polars as pl
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from discourse import DiscourseError, escape_html, render_reports
from discourse.errors import ReportError
from discourse.reports._notebooks import notebook_summary

PAYLOAD = '<img src=x onerror="document.body.dataset.pwned=1">'

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def _write(path: Path, cells: list) -> Path:  # type: ignore[type-arg]
    nbformat.write(new_notebook(cells=cells, metadata=KERNEL), path)
    return path


def _parameters() -> object:
    return new_code_cell('CORPUS = "unset"\nLEXICON = "unset"', metadata={"tags": ["parameters"]})


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("notebooks")
    table = (
        "import polars as pl\n"
        "from discourse.reports.rendering import interactive_tables\n"
        "interactive_tables()\n"
        f"pl.DataFrame({{'outlet': [{PAYLOAD!r}, 'Plain'], 'n': [1, 2]}})"
    )
    figure = (
        "from discourse.reports.plots import plot_label_heatmap\n"
        "plot_label_heatmap(pl.DataFrame({'outlet': ['A'], 'label': ['x'], 'share': [0.5]}))"
    )
    first = _write(
        folder / "01-first.ipynb",
        [
            new_markdown_cell("# First page\n\nWhat does the corpus hold?"),
            _parameters(),
            new_code_cell("print('corpus=' + CORPUS, 'lexicon=' + LEXICON)"),
            new_code_cell(table),
            new_code_cell(figure),
        ],
    )
    second = _write(
        folder / "02-stops.ipynb",
        [
            new_markdown_cell("# Second page\n\nCan it stop cleanly?"),
            _parameters(),
            new_code_cell(
                "from discourse.errors import MissingDataError\n"
                "raise MissingDataError('the folder real/ is absent; set DISCOURSE_REAL_DATA')"
            ),
            new_code_cell("print('never runs')"),
        ],
    )
    return [first, second]


@pytest.fixture(scope="module")
def rendered(
    notebooks: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, pl.DataFrame]:
    corpus = tmp_path_factory.mktemp("corpus")
    out = tmp_path_factory.mktemp("out")
    pages = render_reports(corpus, out=out, notebooks=notebooks, progress=False)
    return out, pages


def test_result_frame_and_index(rendered: tuple[Path, pl.DataFrame]) -> None:
    out, pages = rendered
    assert pages.columns == [
        "notebook",
        "title",
        "summary",
        "page",
        "status",
        "about",
        "not_applicable",
    ]
    assert pages.select("notebook", "title", "summary", "page").rows() == [
        ("01-first", "First page", "What does the corpus hold?", "01-first.html"),
        ("02-stops", "Second page", "Can it stop cleanly?", "02-stops.html"),
    ]
    assert pages["status"].to_list() == [
        "ok",
        "stopped: the folder real/ is absent; set DISCOURSE_REAL_DATA",
    ]
    index = (out / "index.html").read_text("utf-8")
    assert '<a href="01-first.html">First page</a>\n<p>What does the corpus hold?</p>' in index
    assert '<a href="02-stops.html">Second page</a>' in index
    assert sorted(p.name for p in out.iterdir()) == ["01-first.html", "02-stops.html", "index.html"]


def test_parameters_injected(rendered: tuple[Path, pl.DataFrame], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    out, _ = rendered
    page = (out / "01-first.html").read_text("utf-8")
    found = re.search(r"corpus=(\S+) lexicon=(\S*)\n", page)
    assert found is not None
    assert Path(found[1]).is_absolute() and Path(found[1]).name.startswith("corpus")
    assert found[2] == ""


def test_page_escapes_corpus_text_and_hides_code(rendered: tuple[Path, pl.DataFrame]) -> None:
    out, _ = rendered
    page = (out / "01-first.html").read_text("utf-8")
    assert PAYLOAD not in page
    assert "&lt;img src=x onerror=" in page
    # Code hidden by default: the source of the cells is not on the page.
    assert "interactive_tables()" not in page
    # The figure is embedded, not linked.
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 1
    assert 'src="data:image/png;base64,' in images[0]


def test_page_needs_no_network(rendered: tuple[Path, pl.DataFrame]) -> None:
    out, _ = rendered
    for name in ("01-first.html", "index.html"):
        page = (out / name).read_text("utf-8")
        # Links a reader may follow are fine; nothing may be fetched when the page loads.
        fetched = re.findall(r"""\ssrc\s*=\s*["']?(?:https?:)?//""", page)
        linked_css = re.findall(r"<link[^>]+stylesheet", page)
        imports = re.findall(r"""import[^;\n]*["']https?://|url\(\s*["']?https?:""", page)
        assert (fetched, linked_css, imports) == ([], [], [])
        assert "<script src=" not in page


def test_stopped_notebook_shows_reason_only(rendered: tuple[Path, pl.DataFrame]) -> None:
    out, _ = rendered
    page = (out / "02-stops.html").read_text("utf-8")
    assert "Stopped: the folder real/ is absent; set DISCOURSE_REAL_DATA" in page
    assert "never runs" not in page
    assert "Traceback" not in page


def test_same_inputs_same_bytes(
    rendered: tuple[Path, pl.DataFrame], notebooks: list[Path], tmp_path: Path
) -> None:
    out, _ = rendered
    corpus = next(iter(re.findall(r"corpus=(\S+) ", (out / "01-first.html").read_text("utf-8"))))
    render_reports(corpus, out=tmp_path, notebooks=notebooks[:1], progress=False)
    assert (tmp_path / "01-first.html").read_bytes() == (out / "01-first.html").read_bytes()


def test_keep_code_and_lexicon(notebooks: list[Path], tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("labels: {}\n")
    render_reports(
        tmp_path, out=tmp_path / "out", lexicon=lexicon, notebooks=notebooks[1:], keep_code=True
    )
    page = (tmp_path / "out" / "02-stops.html").read_text("utf-8")
    assert "MissingDataError" in page and "raise" in page
    # The cell after the stop is not shown, not even as code.
    assert "never runs" not in page


def test_failing_page_is_written_listed_and_raised(notebooks: list[Path], tmp_path: Path) -> None:
    broken = _write(
        tmp_path / "03-broken.ipynb",
        [
            new_markdown_cell("# Broken\n\nDoes it fail loudly?"),
            _parameters(),
            new_code_cell("x = 1"),
            new_code_cell("1 / 0"),
            new_code_cell("print('never runs')"),
        ],
    )
    out = tmp_path / "out"
    with pytest.raises(
        ReportError, match=r"03-broken.ipynb failed at code cell 3: ZeroDivisionError"
    ) as raised:
        render_reports(tmp_path, out=out, notebooks=[broken, notebooks[0]], progress=False)
    assert raised.value.failures == [
        {
            "notebook": "03-broken",
            "cell": 3,
            "source": "1 / 0",
            "ename": "ZeroDivisionError",
            "evalue": "division by zero",
        }
    ]
    assert raised.value.results["status"].to_list() == [
        "failed: cell 3: ZeroDivisionError: division by zero",
        "ok",
    ]
    # Both pages and the index are written; the index says which page failed and where.
    assert sorted(p.name for p in out.iterdir()) == [
        "01-first.html",
        "03-broken.html",
        "index.html",
    ]
    index = (out / "index.html").read_text("utf-8")
    assert "1 of 2 pages failed" in index
    assert "failed: cell 3: ZeroDivisionError: division by zero" in index
    page = (out / "03-broken.html").read_text("utf-8")
    assert "This page stopped at code cell 3: ZeroDivisionError: division by zero" in page
    assert "never runs" not in page and "Traceback" not in page


def test_not_applicable_section_is_explained_and_skipped(tmp_path: Path) -> None:
    nb = _write(
        tmp_path / "04-sections.ipynb",
        [
            new_markdown_cell("# Sections\n\nWhich sections can this corpus support?"),
            _parameters(),
            new_markdown_cell("## Keyness\n\nHow outlets differ."),
            new_code_cell(
                "from discourse.errors import NotApplicableError\n"
                "raise NotApplicableError('Keyness needs two outlets; this corpus has one.')"
            ),
            new_code_cell("key = 'never computed'\nprint('skipped cell')"),
            new_markdown_cell("The bars show the prose about a result that does not exist."),
            new_markdown_cell("## Later\n\nA section that needs the skipped result."),
            new_code_cell("print(key)"),
            new_markdown_cell("## Last\n\nAn independent section."),
            new_code_cell("print('independent ' + 'runs')"),
        ],
    )
    out = tmp_path / "out"
    pages = render_reports(tmp_path, out=out, notebooks=[nb], progress=False)
    assert pages.row(0, named=True)["status"] == "ok"
    assert pages["not_applicable"].to_list() == [
        ["Keyness needs two outlets; this corpus has one."]
    ]
    page = (out / "04-sections.html").read_text("utf-8")
    assert page.count("Keyness needs two outlets; this corpus has one.") == 2
    assert "skipped cell" not in page and "does not exist" not in page
    assert "independent runs" in page
    assert "Traceback" not in page and "NameError" not in page
    index = (out / "index.html").read_text("utf-8")
    assert "Not possible on this corpus:" in index
    assert "<li>Keyness needs two outlets; this corpus has one.</li>" in index


def test_pages_about_other_data_are_set_apart(notebooks: list[Path], tmp_path: Path) -> None:
    other = nbformat.read(notebooks[0], as_version=4)
    other.metadata["discourse"] = {"about": "the published studies' sentence files"}
    path = tmp_path / "10-other.ipynb"
    nbformat.write(other, path)
    pages = render_reports(tmp_path, out=tmp_path / "out", notebooks=[notebooks[0], path])
    assert pages["about"].to_list() == ["corpus", "the published studies' sentence files"]
    index = (tmp_path / "out" / "index.html").read_text("utf-8")
    own, _, beyond = index.partition("<h2>Beyond this corpus</h2>")
    assert "01-first.html" in own and "10-other.html" not in own
    assert "Not an analysis of this corpus: the published studies&#x27; sentence files" in beyond


def test_read_options_reach_the_notebook(tmp_path: Path) -> None:
    nb = _write(
        tmp_path / "05-options.ipynb",
        [
            new_markdown_cell("# Options"),
            new_code_cell(
                'CORPUS = "unset"\nLEXICON = "unset"\nREAD_OPTIONS = {}',
                metadata={"tags": ["parameters"]},
            ),
            new_code_cell(
                "print('options:', READ_OPTIONS['dayfirst'], READ_OPTIONS['mapping']['text'])"
            ),
        ],
    )
    options = {"mapping": {"text": "sentence"}, "dayfirst": True}
    render_reports(
        tmp_path, out=tmp_path / "out", notebooks=[nb], read_options=options, progress=False
    )
    page = (tmp_path / "out" / "05-options.html").read_text("utf-8")
    assert "options: True sentence" in page


def test_a_notebook_gets_only_the_parameters_it_declares(tmp_path: Path) -> None:
    names = "print('names:', sorted(n for n in globals() if n.isupper()))"
    only_corpus = _write(
        tmp_path / "01-corpus.ipynb",
        [
            new_markdown_cell("# Corpus only\n\nWhich parameters arrive?"),
            new_code_cell('CORPUS = "unset"', metadata={"tags": ["parameters"]}),
            new_code_cell(names + "\nprint('corpus set:', CORPUS != 'unset')"),
        ],
    )
    undeclared = _write(
        tmp_path / "02-none.ipynb",
        [new_markdown_cell("# No parameters\n\nDoes it run as it is?"), new_code_cell(names)],
    )
    pages = render_reports(
        tmp_path, out=tmp_path / "out", notebooks=[only_corpus, undeclared], progress=False
    )
    assert pages["status"].to_list() == ["ok", "ok"]
    first = (tmp_path / "out" / "01-corpus.html").read_text("utf-8")
    assert "names: ['CORPUS']" in first and "corpus set: True" in first
    second = (tmp_path / "out" / "02-none.html").read_text("utf-8")
    assert "names: []" in second


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"corpus": "no/such/corpus"}, "corpus not found"),
        ({"lexicon": "no/such/lexicon.yaml"}, "lexicon file not found"),
        ({"notebooks": ["no-such-notebook"]}, "notebook not found"),
    ],
)
def test_bad_paths_raise_before_running(tmp_path: Path, kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    arguments = {"corpus": tmp_path, "out": tmp_path / "out"} | kwargs
    corpus = arguments.pop("corpus")
    with pytest.raises(DiscourseError, match=message):
        render_reports(corpus, **arguments)
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Title\n\nThe question?\n\nMore prose.", ("Title", "The question?")),
        ("## Deep title\nNext line", ("Deep title", "Next line")),
        ("No heading here\nsecond", ("05-x", "No heading here second")),
        ("# Wrapped\n\nA question that\nwraps? Then prose.", ("Wrapped", "A question that wraps?")),
        ("# Plain\n\nFirst sentence. Second one.", ("Plain", "First sentence.")),
    ],
)
def test_notebook_summary(tmp_path: Path, source: str, expected: tuple[str, str]) -> None:
    path = _write(tmp_path / "05-x.ipynb", [new_code_cell("1"), new_markdown_cell(source)])
    assert notebook_summary(path) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"),
        ('a "quoted" & <b>', "a &quot;quoted&quot; &amp; &lt;b&gt;"),
        (3, "3"),
        (None, ""),
    ],
)
def test_escape_html(value: object, expected: str) -> None:
    assert escape_html(value) == expected
