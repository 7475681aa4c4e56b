"""Polite HTTP for :func:`discourse.fetch_articles`: robots.txt, a pace per host, bounded retries.

urllib3 rather than :mod:`urllib.request`: trafilatura already depends on it, and it lets the
crawler refuse a response from its headers before reading the body (a PDF, a page over the size
cap), stream the body with a cap, handle each redirect itself (so robots.txt and the scheme are
checked at every hop) and keep connections to a host open between pages. The clock and the
sleep are injected, so tests of the pace and the backoff run without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import urllib3
from trafilatura.utils import decode_file

import discourse

#: Sent with every request; robots.txt rules for ``discourse`` (or ``*``) apply to it.
USER_AGENT = (
    f"discourse/{discourse.__version__} "
    "(news-corpus research tool; polite: robots.txt, rate-limited)"
)
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
LIST_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "text/plain",
        # sitemap.xml.gz: decode_file below decompresses it.
        "application/gzip",
        "application/x-gzip",
    }
)
_RETRY_STATUS = frozenset({408, 429}) | frozenset(range(500, 600))
_ROBOTS_CAP = 500 * 1024  # RFC 9309: crawlers must read at least 500 KiB of a robots.txt


class FetchProblem(Exception):
    """A URL could not be fetched; ``transient`` problems are tried again on the next run."""

    def __init__(
        self,
        reason: str,
        *,
        transient: bool = False,
        status: int | None = None,
        final_url: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.status = status
        self.final_url = final_url


@dataclass(frozen=True)
class Page:
    """A successful response: the URL after redirects, the status and the decoded body."""

    final_url: str
    status: int
    text: str


@dataclass
class Crawler:
    """Fetch one URL at a time, politely. One instance per run: it caches robots.txt per host."""

    delay: float = 1.0
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 60.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    _pool: urllib3.PoolManager = field(init=False, repr=False)
    _robots: dict[str, RobotFileParser | FetchProblem] = field(default_factory=dict, repr=False)
    _last: dict[str, float] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._pool = urllib3.PoolManager(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            retries=False,
        )

    def get(self, url: str, *, accept: frozenset[str] = PAGE_TYPES) -> Page:
        """Fetch ``url`` and follow redirects; raise :class:`FetchProblem` with the reason."""
        current = url
        for _ in range(self.max_redirects + 1):
            _check_scheme(current, final_url=None if current == url else current)
            self._check_robots(current)
            status, headers, body = self._request(current, accept=accept)
            location = headers.get("Location")
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                continue
            return _page(current, status, headers, body, accept=accept)
        raise FetchProblem(
            f"more than {self.max_redirects} redirects (stopped at {current})", final_url=current
        )

    def _wait_turn(self, host: str) -> None:
        robots = self._robots.get(host)
        crawl_delay = (
            robots.crawl_delay(_agent(self.user_agent))
            if isinstance(robots, RobotFileParser)
            else None
        )
        pause = max(self.delay, float(crawl_delay or 0))
        last = self._last.get(host)
        if last is not None and last + pause > self.clock():
            self.sleep(last + pause - self.clock())
        self._last[host] = self.clock()

    def _request(
        self, url: str, *, accept: frozenset[str], cap: int | None = None
    ) -> tuple[int, Message, bytes]:
        host = urlsplit(url).netloc.lower()
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            self.requests += 1
            try:
                response = self._pool.request(
                    "GET",
                    url,
                    redirect=False,
                    preload_content=False,
                    timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
                )
                headers = _headers(response)
                status = response.status
                if status in _RETRY_STATUS and attempt < self.retries:
                    wait = _retry_after(headers.get("Retry-After"), self.backoff * 2**attempt)
                    response.drain_conn()
                    response.release_conn()
                    if wait > self.max_wait:
                        raise FetchProblem(
                            f"HTTP {status}; the server asks to wait {wait:g} s, more than "
                            f"the {self.max_wait:g} s allowed (max_wait=)",
                            transient=True,
                            status=status,
                            final_url=url,
                        )
                    self.sleep(wait)
                    continue
                body = b""
                if 200 <= status < 300:
                    try:
                        _check_type(headers, accept, url, status)
                    except FetchProblem:
                        response.close()
                        raise
                    body = _read_capped(
                        response, cap or self.max_bytes, url, status, truncate=cap is not None
                    )
                response.release_conn()
                return status, headers, body
            except urllib3.exceptions.LocationValueError as exc:
                raise FetchProblem(f"not a valid URL ({exc})", final_url=url) from None
            except urllib3.exceptions.NewConnectionError as exc:
                # A subclass of ConnectTimeoutError, though nothing timed out: the host said no.
                why = str(exc).split("): ", 1)[-1]
                raise FetchProblem(
                    f"could not connect: {why}", transient=True, final_url=url
                ) from None
            except urllib3.exceptions.TimeoutError:
                raise FetchProblem(
                    f"no answer within the {self.timeout:g} s timeout",
                    transient=True,
                    final_url=url,
                ) from None
            except urllib3.exceptions.HTTPError as exc:
                raise FetchProblem(
                    f"connection failed: {type(exc).__name__}: {exc}", transient=True, final_url=url
                ) from None
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        if host not in self._robots:
            self._robots[host] = self._read_robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
        robots = self._robots[host]
        if isinstance(robots, FetchProblem):
            raise FetchProblem(robots.reason, transient=True, final_url=url)
        if not robots.can_fetch(_agent(self.user_agent), url):
            raise FetchProblem(
                f"robots.txt of {host} disallows this path for {_agent(self.user_agent)}",
                final_url=url,
            )

    def _read_robots(self, robots_url: str) -> RobotFileParser | FetchProblem:
        parser = RobotFileParser(robots_url)
        current = robots_url
        try:
            for _ in range(self.max_redirects + 1):
                status, headers, body = self._request(current, accept=frozenset(), cap=_ROBOTS_CAP)
                if not (300 <= status < 400 and headers.get("Location")):
                    break
                current = urljoin(current, headers["Location"])
        except FetchProblem as exc:
            return _robots_unreadable(robots_url, exc.reason)
        if 200 <= status < 300:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        elif 400 <= status < 500:
            parser.parse([])  # RFC 9309: a missing robots.txt allows everything
        else:
            return _robots_unreadable(robots_url, f"HTTP {status}")
        return parser


def _robots_unreadable(robots_url: str, why: str) -> FetchProblem:
    return FetchProblem(
        f"{robots_url} could not be read ({why}); RFC 9309 treats the whole site as disallowed "
        "until it can be read, so this page is tried again on the next run",
        transient=True,
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _agent(user_agent: str) -> str:
    return user_agent.split("/", 1)[0]


def _check_scheme(url: str, *, final_url: str | None) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise FetchProblem(f"not a valid URL ({exc})", final_url=final_url) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        what = f"a {parts.scheme}: URL" if parts.scheme else "no http:// or https:// in front"
        raise FetchProblem(
            f"{what}; only http:// and https:// pages are fetched", final_url=final_url
        )


def _headers(response: urllib3.BaseHTTPResponse) -> Message:
    message = Message()
    for name, value in response.headers.items():
        message[name] = value
    return message


def _retry_after(value: str | None, default: float) -> float:
    if value is not None and value.strip().isdigit():
        return float(value.strip())
    return default


def _check_type(headers: Message, accept: frozenset[str], url: str, status: int) -> None:
    media = headers.get_content_type() if headers.get("Content-Type") else None
    if accept and media is not None and media not in accept:
        what = "a web page" if accept == PAGE_TYPES else "a feed or sitemap"
        wanted = ", ".join(sorted(accept))
        raise FetchProblem(
            f"not {what}: the server sent {media} (accepted: {wanted})",
            status=status,
            final_url=url,
        )


def _read_capped(
    response: urllib3.BaseHTTPResponse, cap: int, url: str, status: int, *, truncate: bool
) -> bytes:
    """The body, decompressed, up to ``cap`` bytes: past it, refused (or cut, if ``truncate``)."""
    declared = response.headers.get("Content-Length", "")
    over = declared.isdigit() and int(declared) > cap
    chunks: list[bytes] = []
    size = 0
    if truncate or not over:
        for chunk in response.stream(64 * 1024, decode_content=True):
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                over = True
                break
    if not over:
        return b"".join(chunks)
    # Closed, not drained: draining would download the rest of a page that is too large.
    response.close()
    if truncate:
        return b"".join(chunks)[:cap]
    raise FetchProblem(
        f"larger than the {cap:,}-byte cap (max_bytes=)", status=status, final_url=url
    )


def _page(url: str, status: int, headers: Message, body: bytes, *, accept: frozenset[str]) -> Page:
    if not 200 <= status < 300:
        transient = status in _RETRY_STATUS
        again = " (tried again on the next run)" if transient else ""
        raise FetchProblem(
            f"HTTP {status} {_phrase(status)}{again}",
            transient=transient,
            status=status,
            final_url=url,
        )
    if not headers.get("Content-Type") and accept == PAGE_TYPES:
        head = body[:1024].lower()
        if b"<html" not in head and b"<!doctype html" not in head:
            raise FetchProblem(
                "no Content-Type and the body does not look like HTML", status=status, final_url=url
            )
    charset = headers.get_content_charset()
    text: str | None = None
    if charset:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_file(body)
    return Page(final_url=url, status=status, text=text)
