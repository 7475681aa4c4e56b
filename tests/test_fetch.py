"""fetch_articles and extract_article against pages served by a local test server, never the net.

The pages in tests/data/web are written for these tests: JSON-LD dates, og: metadata, a date only
in the byline, a paywall stub, a live blog, a page with no date, a robots.txt forbidding
/private/, a feed, a sitemap index and a PDF. A fake clock stands in for time, so the pace and
the backoff are checked exactly and nothing waits for real (except the one timeout).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from discourse import read_corpus
from discourse.cli.commands import main
from discourse.corpus._webpage import extract_article
from discourse.corpus.fetching import MANIFEST_COLUMNS, fetch_articles
from discourse.errors import CorpusError, DiscourseError

WEB = Path(__file__).parent / "data" / "web"
PAGES = ("jsonld", "og", "byline", "paywall", "liveblog", "undated")


class FakeTime:
    """A monotonic clock that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def _html(name: str) -> str:
    return (WEB / f"{name}.html").read_text(encoding="utf-8")


def _serve_site(server: HTTPServer) -> None:
    for name in PAGES:
        server.expect_request(f"/news/{name}.html").respond_with_data(
            _html(name), content_type="text/html; charset=utf-8"
        )
    server.expect_request("/private/memo.html").respond_with_data(
        (WEB / "private" / "memo.html").read_text(encoding="utf-8"), content_type="text/html"
    )
    server.expect_request("/robots.txt").respond_with_data(
        (WEB / "robots.txt").read_text(encoding="utf-8"), content_type="text/plain"
    )


def _paths(server: HTTPServer, start: int = 0) -> list[str]:
    return [request.path for request, _ in server.log[start:]]


def _manifest_file(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def slow_host() -> Iterator[HTTPServer]:
    """A second host whose page answers after the client has given up."""
    server = HTTPServer(threaded=True)
    server.expect_request("/robots.txt").respond_with_data("", status=404)

    def late(request: Request) -> Response:
        time.sleep(0.6)
        return Response(_html("og"), content_type="text/html")

    server.expect_request("/late.html").respond_with_handler(late)
    server.start()
    yield server
    server.clear()
    server.stop()


# --- extract_article on saved pages -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "published", "outlet", "author", "url"),
    [
        (
            "jsonld",
            "Harbour bridge to close for six weeks of repairs",
            date(2023, 11, 24),
            "Harbour Times",
            "Mara Lindqvist",
            "https://harbourtimes.example/news/2023/bridge-repairs",
        ),
        (
            "og",
            "Council approves budget after late-night vote",
            date(2023, 11, 22),
            "Valley Courier",
            "Tomas Okafor",
            "https://valleycourier.example/politics/budget-vote",
        ),
        (
            "byline",
            "River levels fall as flood warnings are lifted",
            date(2023, 12, 3),
            None,
            None,
            None,
        ),
        # The blog's own headline, not the first update's ("Runners away"), and its start date.
        (
            "liveblog",
            "City marathon: live updates",
            date(2023, 10, 15),
            "Valley Courier",
            None,
            None,
        ),
    ],
)
def test_extract_article_saved_pages(
    name: str,
    title: str,
    published: date,
    outlet: str | None,
    author: str | None,
    url: str | None,
) -> None:
    article = extract_article(_html(name), path=f"{name}.html")
    assert set(article) == {"text", "title", "published", "outlet", "author", "url"}
    assert (article["title"], article["published"], article["outlet"]) == (title, published, outlet)
    assert (article["author"], article["url"]) == (author, url)
    assert len(article["text"].split()) > 100
    # Navigation, footers and paywall furniture stay out of the text.
    assert "Home" not in article["text"].split()
    assert "All rights reserved" not in article["text"]


def test_extract_article_falls_back_to_the_url() -> None:
    article = extract_article(_html("byline"), url="https://ledger.example/2023/floods")
    assert article["outlet"] == "ledger.example"
    assert article["url"] == "https://ledger.example/2023/floods"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (_html("paywall"), "only 20 words of article text (fewer than 40); the page marks its"),
        ("<html><body><nav>Home</nav></body></html>", "only 1 word of article text (fewer than"),
        ("<html><body></body></html>", "no article text (fewer than 40); it may be a teaser"),
        # "© 2023" in its footer is no publication date (htmldate's extensive search says 2023-01-01).
        (_html("undated"), "no publication date in the page's metadata"),
    ],
)
def test_extract_article_refuses_with_a_reason(html: str, reason: str) -> None:
    with pytest.raises(CorpusError) as caught:
        extract_article(html, path="saved/page.html")
    assert caught.value.reason.startswith(reason)
    assert caught.value.source == "saved/page.html"


# --- fetch_articles: the whole route --------------------------------------------------------


def test_fetch_builds_a_corpus_with_a_complete_manifest(
    httpserver: HTTPServer, slow_host: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    _serve_site(httpserver)
    httpserver.expect_request("/gone.html").respond_with_data("gone", status=404)
    httpserver.expect_request("/r1").respond_with_response(
        Response(status=301, headers={"Location": "/r2"})
    )
    httpserver.expect_request("/r2").respond_with_response(
        Response(status=302, headers={"Location": httpserver.url_for("/news/og.html")})
    )
    httpserver.expect_request("/report.pdf").respond_with_data(
        (WEB / "doc.pdf").read_bytes(), content_type="application/pdf"
    )
    big = "<html><body>" + "<p>A sentence of a very long page.</p>" * 20_000 + "</body></html>"
    httpserver.expect_request("/huge.html").respond_with_data(big, content_type="text/html")
    url = httpserver.url_for
    urls = [
        *(url(f"/news/{name}.html") for name in PAGES),
        url("/private/memo.html"),
        url("/gone.html"),
        url("/r1"),
        url("/report.pdf"),
        url("/huge.html"),
        slow_host.url_for("/late.html"),
        "ftp://files.example/story.txt",
        "mailto:desk@example.org",
        "harbourtimes.example/news",
        "http://[broken/",
        "http://localhost:1/closed-port",
        url("/news/jsonld.html"),  # a repeat: fetched once, one row
    ]
    out = tmp_path / "corpus"
    started = datetime.now(UTC).replace(microsecond=0)
    manifest = fetch_articles(
        urls, out=out, timeout=0.3, max_bytes=200_000, clock=fake.clock, sleep=fake.sleep
    )
    ended = datetime.now(UTC)

    assert manifest.columns == list(MANIFEST_COLUMNS)
    assert manifest.schema["status"] == pl.Int64
    assert manifest["url"].to_list() == urls[:-1]
    expected = {
        url("/news/jsonld.html"): (200, "written", None),
        url("/news/og.html"): (200, "written", None),
        url("/news/byline.html"): (200, "written", None),
        url("/news/paywall.html"): (200, "rejected", "only 20 words of article text"),
        url("/news/liveblog.html"): (200, "written", None),
        url("/news/undated.html"): (200, "rejected", "no publication date"),
        url("/private/memo.html"): (None, "rejected", "robots.txt of localhost:"),
        url("/gone.html"): (404, "rejected", "HTTP 404 Not Found"),
        url("/r1"): (200, "written", None),
        url("/report.pdf"): (200, "rejected", "not a web page: the server sent application/pdf"),
        url("/huge.html"): (200, "rejected", "larger than the 200,000-byte cap"),
        slow_host.url_for("/late.html"): (None, "failed", "no answer within the 0.3 s timeout"),
        "ftp://files.example/story.txt": (
            None,
            "rejected",
            "a ftp: URL; only http:// and https://",
        ),
        "mailto:desk@example.org": (None, "rejected", "a mailto: URL; only http:// and https://"),
        "harbourtimes.example/news": (None, "rejected", "no http:// or https:// in front; only"),
        "http://[broken/": (None, "rejected", "not a valid URL (Invalid IPv6 URL)"),
        "http://localhost:1/closed-port": (
            None,
            "failed",
            "http://localhost:1/robots.txt could not be read (could not connect: Failed to",
        ),
    }
    for row in manifest.iter_rows(named=True):
        status, outcome, reason = expected[row["url"]]
        assert (row["status"], row["outcome"]) == (status, outcome), row
        assert row["kind"] == "page"
        assert row["listed_by"] is None
        assert started <= datetime.fromisoformat(row["fetched_at"]) <= ended
        if outcome == "written":
            assert row["reason"] is None
            assert row["file"].startswith(f"localhost_{httpserver.port}/")
            text = (out / row["file"]).read_text(encoding="utf-8").split("---\n", 2)[2]
            assert row["sha256"] == hashlib.sha256(text.encode()).hexdigest()
        else:
            assert row["reason"].startswith(reason), row
            assert row["file"] is None and row["sha256"] is None
    assert manifest.filter(url=url("/r1"))["final_url"].item() == url("/news/og.html")
    assert manifest.filter(url=url("/gone.html"))["final_url"].item() == url("/gone.html")
    # The robots.txt refusal and the scheme refusals made no request; the PDF was not downloaded.
    assert "/private/memo.html" not in _paths(httpserver)
    assert _paths(httpserver).count("/robots.txt") == 1
    assert _paths(httpserver).count("/news/jsonld.html") == 1

    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert written == sorted(manifest.filter(outcome="written")["file"].to_list())
    jsonld = (out / manifest.filter(url=url("/news/jsonld.html"))["file"].item()).read_text()
    assert jsonld.startswith(
        "---\n"
        'title: "Harbour bridge to close for six weeks of repairs"\n'
        'outlet: "Harbour Times"\n'
        'published: "2023-11-24"\n'
        'author: "Mara Lindqvist"\n'
        'url: "https://harbourtimes.example/news/2023/bridge-repairs"\n'
        "---\n"
    )
    # The file on disk says the same as the frame returned.
    on_disk = _manifest_file(out)
    assert [row["url"] for row in on_disk] == manifest["url"].to_list()
    assert [row["outcome"] for row in on_disk] == manifest["outcome"].to_list()

    # Every written file, as read_corpus reads it: the fields the page declared.
    corpus = read_corpus(out)
    budget = (
        "Council approves budget after late-night vote",
        "Valley Courier",
        date(2023, 11, 22),
        "Tomas Okafor",
        "https://valleycourier.example/politics/budget-vote",
    )
    declared = {
        url("/news/jsonld.html"): (
            "Harbour bridge to close for six weeks of repairs",
            "Harbour Times",
            date(2023, 11, 24),
            "Mara Lindqvist",
            "https://harbourtimes.example/news/2023/bridge-repairs",
        ),
        url("/news/og.html"): budget,
        url("/r1"): budget,
        # No site name, author or canonical link: the host and the URL fetched stand in.
        url("/news/byline.html"): (
            "River levels fall as flood warnings are lifted",
            f"localhost:{httpserver.port}",
            date(2023, 12, 3),
            None,
            url("/news/byline.html"),
        ),
        url("/news/liveblog.html"): (
            "City marathon: live updates",
            "Valley Courier",
            date(2023, 10, 15),
            None,
            url("/news/liveblog.html"),
        ),
    }
    fields = ["title", "outlet", "published", "author", "url"]
    for page, file in manifest.filter(outcome="written").select("url", "file").iter_rows():
        document = corpus.filter(source=str(out / file))
        assert document.select(fields).row(0) == declared[page], page
        assert document["doc_id"].item() == file.removesuffix(".txt")
    assert corpus.height == len(declared)
    assert corpus["duplicate_of"].null_count() == 4  # /r1 redirected to og.html: a flagged copy
    hashes = {hashlib.sha256(text.encode()).hexdigest() for text in corpus["text"]}
    assert hashes == set(manifest["sha256"].drop_nulls())

    # Run again: done and refused pages are not fetched; only the failure is tried again.
    seen, seen_slow = len(httpserver.log), len(slow_host.log)
    again = fetch_articles(
        urls, out=out, timeout=0.3, max_bytes=200_000, clock=fake.clock, sleep=fake.sleep
    )
    assert _paths(httpserver, seen) == []
    assert _paths(slow_host, seen_slow) == ["/robots.txt", "/late.html"]
    assert again.drop("fetched_at").equals(manifest.drop("fetched_at"))
    assert len(_manifest_file(out)) == len(urls) - 1


def test_rerun_when_everything_is_done_makes_no_request(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve_site(httpserver)
    urls = [httpserver.url_for(f"/news/{name}.html") for name in PAGES]
    first = fetch_articles(urls, out=tmp_path, clock=fake.clock, sleep=fake.sleep)
    assert len(httpserver.log) == 1 + len(PAGES)
    agents = {request.headers["User-Agent"] for request, _ in httpserver.log}
    assert len(agents) == 1 and agents.pop().startswith("discourse/")
    second = fetch_articles(urls, out=tmp_path, clock=fake.clock, sleep=fake.sleep, progress=True)
    assert f"{len(PAGES)}/{len(PAGES)}" in capsys.readouterr().err
    assert len(httpserver.log) == 1 + len(PAGES)
    # The rows kept are the first run's, fetch times included.
    assert second.equals(first)


def test_rerun_fetches_a_deleted_file_and_rejected_pages_on_request(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    _serve_site(httpserver)
    urls = [httpserver.url_for("/news/og.html"), httpserver.url_for("/news/paywall.html")]
    first = fetch_articles(urls, out=tmp_path, clock=fake.clock, sleep=fake.sleep)
    (tmp_path / first["file"][0]).unlink()
    seen = len(httpserver.log)
    fetch_articles(urls, out=tmp_path, clock=fake.clock, sleep=fake.sleep)
    assert _paths(httpserver, seen) == ["/robots.txt", "/news/og.html"]
    assert (tmp_path / first["file"][0]).is_file()
    seen = len(httpserver.log)
    fetch_articles(urls, out=tmp_path, retry_rejected=True, clock=fake.clock, sleep=fake.sleep)
    assert _paths(httpserver, seen) == ["/robots.txt", "/news/paywall.html"]


def test_a_page_without_content_length_is_cut_at_the_cap(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        yield b"<html><body>"
        for _ in range(1000):  # 10 MB if read to the end
            sent.append(1)
            yield b"<p>" + b"word " * 2000 + b"</p>"

    httpserver.expect_request("/endless.html").respond_with_response(
        Response(chunks(), content_type="text/html")
    )
    manifest = fetch_articles(
        httpserver.url_for("/endless.html"),
        out=tmp_path,
        max_bytes=100_000,
        clock=fake.clock,
        sleep=fake.sleep,
    )
    assert manifest.select("outcome", "status", "reason").row(0) == (
        "rejected",
        200,
        "larger than the 100,000-byte cap (max_bytes=)",
    )
    assert len(sent) < 1000  # the client hung up instead of reading the rest


def test_command_line_fetch(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve_site(httpserver)
    listing = tmp_path / "urls.txt"
    pages = [httpserver.url_for(f"/news/{name}.html") for name in ("jsonld", "paywall")]
    listing.write_text("# two pages\n" + "\n".join(pages) + "\n\n", encoding="utf-8")
    out = tmp_path / "web"
    argv = ["fetch", str(listing), "ftp://files.example/a", "--out", str(out), "--delay", "0"]
    assert main(argv) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"{pages[1]}: rejected: only 20 words of article text")
    assert printed[1] == (
        "ftp://files.example/a: rejected: a ftp: URL; only http:// and https:// pages are fetched"
    )
    assert printed[2] == f"1 written, 2 rejected; manifest: {out / 'manifest.csv'}"
    assert len(_manifest_file(out)) == 3
    assert main(["fetch", "--out", str(out)]) == 1
    assert "nothing to fetch" in capsys.readouterr().err


# --- politeness -----------------------------------------------------------------------------


def test_each_host_is_paced_and_crawl_delay_wins(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    other = HTTPServer()
    other.start()
    try:
        stamps: list[tuple[int, str, float]] = []

        def record(server: HTTPServer, path: str, body: str, kind: str = "text/html") -> None:
            def handler(request: Request) -> Response:
                stamps.append((server.port, request.path, fake.now))
                return Response(body, content_type=kind)

            server.expect_request(path).respond_with_handler(handler)

        record(httpserver, "/robots.txt", "User-agent: *\nCrawl-delay: 5\n", "text/plain")
        record(other, "/robots.txt", "User-agent: discourse\nDisallow:\n", "text/plain")
        for server in (httpserver, other):
            for name in ("jsonld", "og"):
                record(server, f"/{name}.html", _html(name))
        urls = [
            httpserver.url_for("/jsonld.html"),
            other.url_for("/jsonld.html"),
            httpserver.url_for("/og.html"),
            other.url_for("/og.html"),
        ]
        manifest = fetch_articles(urls, out=tmp_path, delay=2.0, clock=fake.clock, sleep=fake.sleep)
    finally:
        other.clear()
        other.stop()
    assert manifest["outcome"].to_list() == ["written"] * 4
    by_host: dict[int, list[float]] = {}
    for port, _, at in stamps:
        by_host.setdefault(port, []).append(at)
    gaps = {port: [b - a for a, b in itertools.pairwise(times)] for port, times in by_host.items()}
    # robots.txt, then 5 s (its Crawl-delay) between its pages. The other host waits its own
    # 2 s (delay=) after its robots.txt, then 3 s only because the first host's wait came first.
    assert gaps[httpserver.port] == [5.0, 5.0]
    assert gaps[other.port] == [2.0, 3.0]
    assert fake.sleeps == [5.0, 2.0, 3.0]


def test_backoff_on_429_and_5xx_then_success_or_failure(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    answers = iter(
        [
            Response("busy", status=503),
            Response("slow down", status=429, headers={"Retry-After": "7"}),
            Response(_html("og"), content_type="text/html"),
        ]
    )
    httpserver.expect_request("/flaky.html").respond_with_handler(lambda request: next(answers))
    httpserver.expect_request("/down.html").respond_with_data("down", status=502)
    httpserver.expect_request("/later.html").respond_with_response(
        Response("later", status=429, headers={"Retry-After": "3600"})
    )
    urls = [httpserver.url_for(p) for p in ("/flaky.html", "/down.html", "/later.html")]
    manifest = fetch_articles(
        urls, out=tmp_path, delay=0, retries=2, backoff=1.5, clock=fake.clock, sleep=fake.sleep
    )
    rows = manifest.select("outcome", "status", "reason").rows()
    assert rows == [
        ("written", 200, None),
        ("failed", 502, "HTTP 502 Bad Gateway (tried again on the next run)"),
        (
            "failed",
            429,
            "HTTP 429; the server asks to wait 3600 s, more than the 60 s allowed (max_wait=)",
        ),
    ]
    # flaky: backoff 1.5 s, then Retry-After 7 s; down: 1.5 s and 3 s, then it gives up.
    assert fake.sleeps == [1.5, 7.0, 1.5, 3.0]
    assert _paths(httpserver).count("/down.html") == 3
    assert _paths(httpserver).count("/later.html") == 1


def test_unreadable_robots_txt_disallows_the_host_until_next_run(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("error", status=500)
    httpserver.expect_request("/news/og.html").respond_with_data(
        _html("og"), content_type="text/html"
    )
    urls = [httpserver.url_for("/news/og.html"), httpserver.url_for("/news/og.html?page=2")]
    manifest = fetch_articles(urls, out=tmp_path, retries=1, clock=fake.clock, sleep=fake.sleep)
    assert manifest["outcome"].to_list() == ["failed", "failed"]
    assert manifest["reason"][0].startswith(
        f"{httpserver.url_for('/robots.txt')} could not be read"
    )
    assert "RFC 9309" in manifest["reason"][1]
    # robots.txt asked twice (one retry), once for the host; the pages never.
    assert _paths(httpserver) == ["/robots.txt", "/robots.txt"]


def test_redirects_are_checked_at_every_hop(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    _serve_site(httpserver)
    for hop in range(7):
        httpserver.expect_request(f"/loop{hop}").respond_with_response(
            Response(status=302, headers={"Location": f"/loop{hop + 1}"})
        )
    httpserver.expect_request("/to-private").respond_with_response(
        Response(status=301, headers={"Location": "/private/memo.html"})
    )
    httpserver.expect_request("/to-ftp").respond_with_response(
        Response(status=301, headers={"Location": "ftp://files.example/a"})
    )
    httpserver.expect_request("/untyped").respond_with_data(b"%PDF-1.4 binary", content_type="")
    urls = [httpserver.url_for(p) for p in ("/loop0", "/to-private", "/to-ftp", "/untyped")]
    manifest = fetch_articles(urls, out=tmp_path, clock=fake.clock, sleep=fake.sleep)
    assert manifest.select("outcome", "final_url", "reason").rows() == [
        (
            "rejected",
            httpserver.url_for("/loop6"),
            f"more than 5 redirects (stopped at {httpserver.url_for('/loop6')})",
        ),
        (
            "rejected",
            httpserver.url_for("/private/memo.html"),
            f"robots.txt of localhost:{httpserver.port} disallows this path for discourse",
        ),
        (
            "rejected",
            "ftp://files.example/a",
            "a ftp: URL; only http:// and https:// pages are fetched",
        ),
        (
            "rejected",
            httpserver.url_for("/untyped"),
            "no Content-Type and the body does not look like HTML",
        ),
    ]
    assert "/private/memo.html" not in _paths(httpserver)


# --- feeds and sitemaps ---------------------------------------------------------------------


def test_feed_and_sitemap_list_pages_on_their_host(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    _serve_site(httpserver)
    base = httpserver.url_for("").rstrip("/")
    for name in ("feed", "sitemap_index", "sitemap_news"):
        body = (WEB / f"{name}.xml").read_text(encoding="utf-8").replace("BASE", base)
        kind = "application/rss+xml" if name == "feed" else "application/xml"
        httpserver.expect_request(f"/{name}.xml").respond_with_data(body, content_type=kind)
    feed, index = httpserver.url_for("/feed.xml"), httpserver.url_for("/sitemap_index.xml")
    direct = httpserver.url_for("/news/og.html")
    manifest = fetch_articles(
        [direct], out=tmp_path, feeds=[feed], sitemaps=[index], clock=fake.clock, sleep=fake.sleep
    )
    rows = manifest.select("url", "kind", "outcome", "listed_by", "reason").rows()
    news = httpserver.url_for("/sitemap_news.xml")
    assert rows == [
        (feed, "feed", "listed", None, "2 page URLs, 0 sitemaps"),
        (index, "sitemap", "listed", None, "0 page URLs, 1 sitemaps"),
        (news, "sitemap", "listed", index, "2 page URLs, 0 sitemaps"),
        (direct, "page", "written", None, None),  # given directly, though the feed lists it too
        (httpserver.url_for("/news/jsonld.html"), "page", "written", feed, None),
        (httpserver.url_for("/news/byline.html"), "page", "written", news, None),
        (httpserver.url_for("/news/liveblog.html"), "page", "written", news, None),
    ]
    assert not any("other-site" in path for path in _paths(httpserver))
    # Feeds and sitemaps are read again on a re-run; the pages they list are not.
    seen = len(httpserver.log)
    fetch_articles(
        [direct], out=tmp_path, feeds=[feed], sitemaps=[index], clock=fake.clock, sleep=fake.sleep
    )
    assert _paths(httpserver, seen) == [
        "/robots.txt",
        "/feed.xml",
        "/sitemap_index.xml",
        "/sitemap_news.xml",
    ]


def test_a_web_page_given_as_feed_names_its_feeds(
    httpserver: HTTPServer, fake: FakeTime, tmp_path: Path
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    home = '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Home</body></html>'
    httpserver.expect_request("/").respond_with_data(home, content_type="text/html")
    manifest = fetch_articles(
        [], out=tmp_path, feeds=[httpserver.url_for("/")], clock=fake.clock, sleep=fake.sleep
    )
    assert manifest.select("outcome", "reason").row(0) == (
        "rejected",
        f"no links found: not a readable feed; this page links to these feeds: {httpserver.url_for('/feed.xml')}",
    )


# --- misuse ---------------------------------------------------------------------------------


def test_bad_options_and_folders(tmp_path: Path) -> None:
    with pytest.raises(DiscourseError, match="timeout and max_bytes > 0"):
        fetch_articles([], out=tmp_path, timeout=0)
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(CorpusError, match="out= must be a folder"):
        fetch_articles([], out=tmp_path / "file.txt")
    (tmp_path / "manifest.csv").write_text("doc_id,text\na,b\n")
    with pytest.raises(CorpusError, match="not a fetch manifest"):
        fetch_articles([], out=tmp_path)
