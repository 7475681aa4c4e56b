"""Article URLs from feeds and sitemaps, read with trafilatura's parsers over the polite crawler.

trafilatura's own feed and sitemap search downloads with its own client (no robots.txt, no pace
shared with the pages) and checks every link with courlan, which drops hosts without a public
suffix: an intranet archive, ``localhost``. So the documents are fetched here, parsed by
trafilatura, and the links kept are the http(s) ones on the listing's own host.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from trafilatura.feeds import FeedParameters, determine_feed, find_links
from trafilatura.sitemaps import DETECT_SITEMAP_LINK, MAX_SITEMAPS_SEEN, SitemapObject

from discourse.corpus._crawl import LIST_TYPES, PAGE_TYPES, Crawler, FetchProblem


@dataclass
class Listing:
    """One feed or sitemap read: its manifest fields and the page URLs it lists."""

    url: str
    kind: str
    listed_by: str | None
    urls: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _keep(base: str, links: Sequence[str]) -> list[str]:
    """Absolute http(s) links on ``base``'s host, first occurrence first, ``base`` left out.

    The site's home page is left out too: it is the feed channel's own ``<link>``, not an item.
    """
    kept: dict[str, None] = {}
    for link in links:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
        home = parts.path in ("", "/") and not parts.query
        if parts.scheme in ("http", "https") and _host(absolute) == _host(base) and not home:
            kept.setdefault(absolute, None)
    kept.pop(base, None)
    return list(kept)


class _Sitemap(SitemapObject):
    def handle_link(self, link: str) -> None:
        # trafilatura's handler cleans links with courlan; see the module docstring.
        for absolute in _keep(self.current_url, [link]):
            target = self.sitemap_urls if DETECT_SITEMAP_LINK.search(absolute) else self.urls
            target.append(absolute)


def _links(kind: str, url: str, text: str) -> tuple[list[str], list[str]]:
    """Page links and nested sitemap links of one downloaded feed or sitemap."""
    if kind == "feed":
        parts = urlsplit(url)
        params = FeedParameters(f"{parts.scheme}://{parts.netloc}", _host(url), url)
        return _keep(url, find_links(text.strip(), params)), []
    sitemap = _Sitemap(url, _host(url), [])
    sitemap.current_url = url
    sitemap.content = text
    sitemap.process()
    return _keep(url, sitemap.urls), _keep(url, sitemap.sitemap_urls)


def _read(crawler: Crawler, listing: Listing) -> tuple[list[str], list[str]]:
    fields = listing.fields
    fields["fetched_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        page = crawler.get(listing.url, accept=LIST_TYPES | PAGE_TYPES)
    except FetchProblem as exc:
        fields.update(
            outcome="failed" if exc.transient else "rejected",
            reason=exc.reason,
            status=exc.status,
            final_url=exc.final_url,
        )
        return [], []
    fields.update(final_url=page.final_url, status=page.status)
    pages, nested = _links(listing.kind, page.final_url, page.text)
    if pages or nested:
        fields.update(outcome="listed", reason=f"{len(pages)} page URLs, {len(nested)} sitemaps")
        return pages, nested
    hint = ""
    if listing.kind == "feed":
        parts = urlsplit(page.final_url)
        params = FeedParameters(f"{parts.scheme}://{parts.netloc}", _host(page.final_url), "")
        found = determine_feed(page.text, params)
        hint = f"; this page links to these feeds: {', '.join(found)}" if found else ""
    fields.update(outcome="rejected", reason=f"no links found: not a readable {listing.kind}{hint}")
    return [], []


def list_urls(crawler: Crawler, sources: Sequence[str], *, kind: str) -> list[Listing]:
    """Read each feed or sitemap (and sitemaps listed by sitemaps, up to trafilatura's limit)."""
    listings: list[Listing] = []
    queue = [Listing(url.strip(), kind, None) for url in sources if url.strip()]
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAPS_SEEN:
        listing = queue.pop(0)
        if listing.url in seen:
            continue
        seen.add(listing.url)
        pages, nested = _read(crawler, listing)
        listing.urls = pages
        listings.append(listing)
        queue.extend(Listing(child, "sitemap", listing.url) for child in nested)
    for left in queue:
        if left.url not in seen:
            reason = f"not read: more than {MAX_SITEMAPS_SEEN} feeds or sitemaps in one run"
            left.fields.update(outcome="rejected", reason=reason)
            listings.append(left)
            seen.add(left.url)
    return listings
