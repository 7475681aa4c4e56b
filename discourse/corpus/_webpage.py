"""One web page to one article: trafilatura's extraction plus the checks a corpus needs.

Shared by :func:`discourse.fetch_articles` (pages downloaded now) and :func:`read_corpus` (pages a
researcher saved as ``.html``), so both routes give the same text, title, date and outlet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from discourse.errors import CorpusError

#: Fewer words than this is a teaser, a paywall stub or an index page, not an article.
MIN_WORDS = 40

# Fast mode of htmldate: markup, <time>, the URL and byline-like elements. Its extensive search
# also guesses from copyright lines ("© 2023" becomes 2023-01-01), a date no article was written on.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_JSONLD = re.compile(
    r"<script[^>]*type\s*=\s*[\"']?application/ld\+json[^>]*>(.*?)</script>", re.DOTALL | re.I
)
_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "WebPage",
    }
)


def _jsonld_objects(html: str) -> Iterator[dict[str, Any]]:
    """Top-level JSON-LD objects (and ``@graph`` members); broken blocks are skipped."""
    for block in _JSONLD.findall(html):
        try:
            loaded = json.loads(block)
        except (json.JSONDecodeError, RecursionError):
            continue
        items = loaded if isinstance(loaded, list) else [loaded]
        for item in items:
            if isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    yield from (part for part in graph if isinstance(part, dict))
                else:
                    yield item


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(kind in _ARTICLE_TYPES for kind in kinds)


def _page_facts(html: str) -> tuple[str | None, bool]:
    """The top-level article headline from JSON-LD, and whether the page says it is paywalled.

    trafilatura takes the first ``headline`` anywhere in the JSON-LD, which on a live blog is the
    headline of one update (``liveBlogUpdate``), not the blog's own.
    """
    headline: str | None = None
    paywalled = False
    for item in _jsonld_objects(html):
        if not _is_article(item):
            continue
        if headline is None and isinstance(item.get("headline"), str) and item["headline"].strip():
            headline = item["headline"].strip()
        if str(item.get("isAccessibleForFree")).lower() == "false":
            paywalled = True
    return headline, paywalled


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host or None


def extract_article(
    html: str, *, url: str | None = None, path: str | None = None, min_words: int = MIN_WORDS
) -> dict[str, Any]:
    """Extract the article of one HTML page: its text and the corpus fields.

    Parameters
    ----------
    html
        The page's HTML, already decoded.
    url
        Where the page came from; used for relative links, for dates in the URL and as the
        fallback ``url`` and ``outlet`` (its host) when the page names neither.
    path
        The saved file, named in the error when the page is refused.
    min_words
        Shorter extracted texts are refused as teasers or paywall stubs.

    Returns
    -------
    dict
        ``text`` (str), ``title`` (str or None), ``published`` (:class:`datetime.date`),
        ``outlet`` (the site name, else the URL's host, else None), ``author`` (str or None)
        and ``url`` (the canonical URL the page declares, else ``url``).

    Raises
    ------
    CorpusError
        When the page holds no article text, too little of it, or no publication date.
        ``reason`` says which and what to do; ``source`` is ``path`` or ``url``.

    Examples
    --------
    >>> page = (
    ...     '<html><head><meta property="og:site_name" content="Example Post">'
    ...     '<meta property="article:published_time" content="2023-11-24"></head>'
    ...     '<body><article><h1>A headline</h1><p>' + "Words of the article. " * 20 + "</p>"
    ...     "</article></body></html>"
    ... )
    >>> article = extract_article(page, url="https://example.org/a")
    >>> article["outlet"], article["published"], article["url"]
    ('Example Post', datetime.date(2023, 11, 24), 'https://example.org/a')
    """
    where = path or url
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except ValueError as exc:
        raise CorpusError(f"the page could not be parsed as HTML ({exc})", source=where) from None
    headline, paywalled = _page_facts(html)
    text = "" if document is None else (getattr(document, "text", None) or "").strip()
    words = len(text.split())
    if words < min_words:
        plural = "" if words == 1 else "s"
        found = f"only {words} word{plural} of article text" if words else "no article text"
        hint = (
            "; the page marks its content as not free (isAccessibleForFree: false): a paywall"
            if paywalled
            else "; it may be a teaser, a paywall stub or an index page"
        )
        raise CorpusError(
            f"{found} (fewer than {min_words}){hint}. Save the full article or leave it out",
            source=where,
        )
    assert document is not None
    found_date = getattr(document, "date", None)
    if not found_date:
        raise CorpusError(
            "no publication date in the page's metadata (JSON-LD, meta tags, <time>), its URL "
            "or its byline; save the text with the date in its front matter, or leave it out",
            source=where,
        )
    return {
        "text": text,
        "title": headline or getattr(document, "title", None) or None,
        "published": date.fromisoformat(found_date[:10]),
        "outlet": getattr(document, "sitename", None) or _host(url) or None,
        "author": getattr(document, "author", None) or None,
        "url": getattr(document, "url", None) or url,
    }
