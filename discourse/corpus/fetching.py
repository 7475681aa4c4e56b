"""Build a corpus folder from web pages: one front-matter text file per article and a manifest.

Every URL given (or listed by a feed or sitemap) gets one row in ``DIR/manifest.csv``: the file
written, or why not. Running again resumes: written pages and refused ones are kept, failures
that may pass (timeouts, 429, 5xx, an unreadable robots.txt) are tried again. Links inside the
pages are never followed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polars as pl

from discourse.corpus._crawl import USER_AGENT, Crawler, FetchProblem
from discourse.corpus._listing import list_urls
from discourse.corpus._webpage import MIN_WORDS, extract_article
from discourse.errors import CorpusError, DiscourseError
from discourse.reports._progress import show_progress

__all__ = ["MANIFEST_COLUMNS", "fetch_articles"]

#: The columns of ``manifest.csv`` and of the frame :func:`fetch_articles` returns, in order.
MANIFEST_COLUMNS = (
    "url",
    "final_url",
    "status",
    "outcome",
    "file",
    "reason",
    "sha256",
    "fetched_at",
    "kind",
    "listed_by",
)
MANIFEST = "manifest.csv"
_SCHEMA = {name: pl.String for name in MANIFEST_COLUMNS} | {"status": pl.Int64}
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def fetch_articles(
    urls: Iterable[str],
    *,
    out: str | os.PathLike[str],
    feeds: Sequence[str] = (),
    sitemaps: Sequence[str] = (),
    delay: float = 1.0,
    timeout: float = 10.0,
    retries: int = 3,
    backoff: float = 1.0,
    max_wait: float = 60.0,
    max_bytes: int = 5_000_000,
    min_words: int = MIN_WORDS,
    retry_rejected: bool = False,
    user_agent: str = USER_AGENT,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    progress: bool | None = None,
) -> pl.DataFrame:
    """Download web pages, extract their articles and write them as a corpus folder.

    Each article becomes ``out/<host>/<path>-<hash>.txt`` with YAML front matter (``title``,
    ``outlet``, ``published``, ``author``, ``url``), which :func:`discourse.read_corpus` reads.
    ``out/manifest.csv`` gets one row per URL (see Returns), rewritten after the run; during a
    run rows are appended as pages are done, so an interrupted run loses nothing.

    Parameters
    ----------
    urls
        Page URLs (or one URL), fetched in order; repeats are fetched once. Only http(s) is
        fetched.
    out
        The corpus folder (created if needed). A manifest already there is resumed.
    feeds, sitemaps
        RSS/Atom/JSON feeds and XML/text sitemaps whose article URLs are fetched too (on the
        same host only, parsed by trafilatura). Both are read again on every run, since they
        change; the pages they list that are done are not.
    delay
        Seconds between two requests to the same host (a robots.txt ``Crawl-delay`` that asks
        for more wins).
    timeout
        Seconds to wait for a connection and for each read.
    retries, backoff, max_wait
        A 408, 429 or 5xx answer is tried ``retries`` more times, after ``backoff`` seconds,
        then twice that and so on, or after the server's ``Retry-After``; a wait longer than
        ``max_wait`` gives up (the page is tried again on the next run).
    max_bytes
        Pages larger than this (after decompression) are refused.
    min_words
        Pages with less article text are refused (teasers, paywalls, index pages).
    retry_rejected
        Also fetch again the pages refused by an earlier run (404, robots.txt, no date, ...).
    user_agent
        Sent with every request; its first word is the name robots.txt rules are matched on.
    clock, sleep
        Monotonic seconds and a way to wait them, for the pace and the backoff. Tests pass a
        fake pair so that nothing waits for real.
    progress
        Show a progress bar over the pages; by default only in a terminal or notebook and
        never under pytest.

    Returns
    -------
    polars.DataFrame
        The manifest, one row per URL: this run's feeds and sitemaps, then its pages in order,
        then rows kept from earlier runs. Columns:

        - ``url``: as given, or as listed by a feed or sitemap;
        - ``final_url``: where redirects ended;
        - ``status``: the last HTTP status (Int64; null when nothing answered);
        - ``outcome``: ``written``; ``rejected`` (kept as refused); ``failed`` (tried again
          next run); ``listed`` (a feed or sitemap that was read);
        - ``file``: the article file, relative to ``out``;
        - ``reason``: why nothing was written (or, for a listing, what it listed);
        - ``sha256``: of the article text as written;
        - ``fetched_at``: UTC, ISO 8601;
        - ``kind``: ``page``, ``feed`` or ``sitemap``;
        - ``listed_by``: the feed or sitemap that listed the URL.

    Examples
    --------
    A URL that is not http(s) is refused without a request:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     manifest = fetch_articles(["ftp://example.org/a.txt"], out=folder)
    >>> manifest.select("url", "outcome", "status").row(0)
    ('ftp://example.org/a.txt', 'rejected', None)
    >>> manifest["reason"][0]
    'a ftp: URL; only http:// and https:// pages are fetched'

    """
    if delay < 0 or timeout <= 0 or retries < 0 or backoff < 0 or max_bytes <= 0:
        raise DiscourseError(
            "delay, retries and backoff must be >= 0, and timeout and max_bytes > 0"
        )
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise CorpusError("out= must be a folder; this is a file", source=str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    earlier = _read_manifest(folder / MANIFEST)
    crawler = Crawler(
        delay=delay,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_wait=max_wait,
        max_bytes=max_bytes,
        user_agent=user_agent,
        clock=clock,
        sleep=sleep,
    )
    rows: dict[str, dict[str, Any]] = {}
    with _Journal(folder / MANIFEST) as journal:
        given = [urls] if isinstance(urls, str) else urls
        pages: dict[str, str | None] = {url.strip(): None for url in given if url.strip()}
        for kind, sources in (("feed", feeds), ("sitemap", sitemaps)):
            for listing in list_urls(crawler, list(sources), kind=kind):
                row = _row(listing.url, kind=listing.kind, listed_by=listing.listed_by)
                row.update(listing.fields)
                journal.add(row)
                rows[listing.url] = row
                for found in listing.urls:
                    pages.setdefault(found, listing.url)
        bar = _bar(len(pages)) if show_progress(progress) else None
        for url, listed_by in pages.items():
            before = earlier.get(url)
            if before is None or _needs_fetch(before, folder, retry_rejected=retry_rejected):
                rows[url] = _fetch_one(
                    crawler, url, folder, listed_by=listed_by, min_words=min_words
                )
                journal.add(rows[url])
            else:
                rows[url] = before
            if bar is not None:
                bar.update(1)
                bar.set_postfix_str(str(rows[url].get("outcome")), refresh=False)
        if bar is not None:
            bar.close()
    for url, row in earlier.items():
        rows.setdefault(url, row)
    manifest = pl.DataFrame(
        [[row.get(name) for name in MANIFEST_COLUMNS] for row in rows.values()],
        schema=_SCHEMA,
        orient="row",
    )
    _write_manifest(manifest, folder / MANIFEST)
    return manifest


def _bar(total: int) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="fetch", unit="page")


def _row(url: str, *, kind: str = "page", listed_by: str | None = None) -> dict[str, Any]:
    return {
        "url": url,
        "kind": kind,
        "listed_by": listed_by,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _needs_fetch(row: dict[str, Any], folder: Path, *, retry_rejected: bool) -> bool:
    if row.get("outcome") == "written":
        return not (row.get("file") and (folder / row["file"]).is_file())
    return row.get("outcome") != "rejected" or retry_rejected


def _fetch_one(
    crawler: Crawler, url: str, folder: Path, *, listed_by: str | None, min_words: int
) -> dict[str, Any]:
    row = _row(url, listed_by=listed_by)
    try:
        page = crawler.get(url)
    except FetchProblem as exc:
        outcome = "failed" if exc.transient else "rejected"
        row.update(outcome=outcome, reason=exc.reason, status=exc.status, final_url=exc.final_url)
        return row
    row.update(final_url=page.final_url, status=page.status)
    try:
        article = extract_article(page.text, url=page.final_url, min_words=min_words)
    except CorpusError as exc:
        row.update(outcome="rejected", reason=exc.reason)
        return row
    text = unicodedata.normalize("NFC", article["text"])
    relative = _file_name(url)
    _write_article(folder / relative, article, text)
    row.update(
        outcome="written",
        file=relative.as_posix(),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    return row


def _file_name(url: str) -> Path:
    """``<host>/<path words>-<8 hex of the URL>.txt``: readable, stable, and never shared."""
    parts = urlsplit(url)
    host = _UNSAFE.sub("_", parts.netloc.lower()).strip("_") or "host"
    stem = _UNSAFE.sub("-", f"{parts.path} {parts.query}").strip("-")[-80:].strip("-") or "index"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return Path(host, f"{stem}-{digest}.txt")


def _write_article(path: Path, article: dict[str, Any], text: str) -> None:
    # JSON strings are valid YAML double-quoted scalars, and the reader keeps them as strings.
    lines = ["---"]
    for key in ("title", "outlet", "published", "author", "url"):
        value = article.get(key)
        if value is not None:
            shown = value.isoformat() if key == "published" else str(value)
            lines.append(f"{key}: {json.dumps(shown, ensure_ascii=False)}")
    lines.append("---")
    # No newline after the text, so the corpus text is byte for byte what sha256 was taken of.
    content = "\n".join(lines) + "\n" + text
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(content, encoding="utf-8", newline="\n")
    partial.replace(path)


class _Journal:
    """Rows appended to the manifest as they are made; the last row of a URL is the one kept."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def __enter__(self) -> _Journal:
        new = not self._path.exists() or self._path.stat().st_size == 0
        self._file = self._path.open("a", encoding="utf-8", newline="")
        self._writer = csv.DictWriter(self._file, fieldnames=MANIFEST_COLUMNS)
        if new:
            self._writer.writeheader()
        return self

    def add(self, row: dict[str, Any]) -> None:
        self._writer.writerow({name: row.get(name) for name in MANIFEST_COLUMNS})
        self._file.flush()

    def __exit__(self, *exc: object) -> None:
        self._file.close()


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "url" not in reader.fieldnames:
            raise CorpusError(
                "not a fetch manifest (no 'url' column); choose another out= folder or move "
                "this file away",
                source=str(path),
            )
        rows: dict[str, dict[str, Any]] = {}
        for row in reader:
            cleaned = {key: (value or None) for key, value in row.items() if key}
            status = cleaned.get("status")
            cleaned["status"] = int(status) if status and status.isdigit() else None
            rows[row["url"]] = cleaned
    return rows


def _write_manifest(manifest: pl.DataFrame, path: Path) -> None:
    partial = path.with_name(f".{path.name}.partial")
    manifest.write_csv(partial)
    partial.replace(path)
