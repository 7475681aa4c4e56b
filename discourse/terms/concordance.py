"""Keyword in context: every hit of a query with the text around it, and an HTML view of them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence

import polars as pl

from discourse.corpus._frame import Frame, by_columns, group_columns, require_columns
from discourse.errors import DiscourseError, NotApplicableError
from discourse.text._fold import token_re
from discourse.text.matching import PhraseMatcher

__all__ = ["kwic", "kwic_html"]

_SPACES = re.compile(r"\s+")


def _hits(text: str, finder: PhraseMatcher | re.Pattern[str]) -> Iterator[tuple[int, int]]:
    if isinstance(finder, PhraseMatcher):
        yield from ((m.start, m.end) for m in finder.finditer(text))
    else:
        yield from (m.span() for m in finder.finditer(text) if m.end() > m.start())


def _context(text: str, start: int, end: int, window: int, unit: str) -> tuple[str, str]:
    if unit == "chars":
        left, right = text[max(0, start - window) : start], text[end : end + window]
    else:
        before = [m.start() for m in token_re().finditer(text, 0, start)]
        after = [m.end() for m in token_re().finditer(text, end)][:window]
        left = text[before[-window] if window and len(before) >= window else 0 : start]
        left = left if window else ""
        right = text[end : after[-1]] if after else ""
    return _SPACES.sub(" ", left), _SPACES.sub(" ", right)


def kwic(
    corpus: Frame,
    *,
    query: str | Iterable[str],
    window_chars: int | None = None,
    window_tokens: int | None = None,
    regex: bool = False,
    sort: str | Sequence[str] | None = None,
) -> pl.DataFrame:
    """One row per hit of ``query``, with ``window_chars`` characters (or ``window_tokens``
    tokens) either side.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with ``doc_id`` and ``text``.
    query
        A query or list of queries in the :mod:`discourse.text.matching` syntax (whole-word,
        case-insensitive, found across line breaks and curly quotes); with ``regex=True``, one
        Python regular expression applied to the text as written (add ``(?i)`` yourself).
    window_chars
        Characters of context either side; 40 when neither window is given.
    window_tokens
        Tokens of context either side instead (``TOKEN_PATTERN``); give one window, not both.
    sort
        Columns to order the rows by (then document order and position).

    Returns
    -------
    pl.DataFrame
        ``left``, ``match``, ``right``, then ``doc_id``, the corpus's group columns, ``start``
        and ``end`` (offsets into ``text``), as concordancers show them. ``match`` is the text
        exactly as written (a phrase split by a line break keeps it); ``left`` and ``right``
        show whitespace runs as one space. A query found nowhere gives an empty frame of these
        columns.

    Raises
    ------
    NotApplicableError
        ``query`` is an empty list: there is nothing to look up (in a report, because no term
        was distinctive enough to list).

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["d1"], "outlet": ["A"],
    ...                        "text": ["They said the resistance\\nmovement had fired."]})
    >>> hits = kwic(corpus, query="resistance movement", window_chars=9)
    >>> hits.select("left", "match", "right").row(0)
    ('said the ', 'resistance\\nmovement', ' had fire')
    >>> kwic(corpus, query="resistance movement", window_tokens=1).select("left", "right").row(0)
    ('the ', ' had')
    >>> kwic(corpus, query="ceasefire").columns
    ['left', 'match', 'right', 'doc_id', 'outlet', 'start', 'end']
    """
    if window_chars is not None and window_tokens is not None:
        raise DiscourseError(
            f"give one window, not window_chars={window_chars} and window_tokens={window_tokens}."
        )
    unit = "chars" if window_tokens is None else "tokens"
    window = window_tokens if window_tokens is not None else window_chars
    window = 40 if window is None else window
    if window < 0:
        raise DiscourseError(f"window_{unit} must be 0 or more, not {window}.")
    require_columns(corpus, ["doc_id", "text"], what="kwic")
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    if regex:
        if not isinstance(query, str):
            raise DiscourseError("with regex=True, pass one regular expression as a string.")
        try:
            finder: PhraseMatcher | re.Pattern[str] = re.compile(query)
        except re.error as err:
            raise DiscourseError(f"regex {query!r} does not compile: {err}") from err
    else:
        queries = [query] if isinstance(query, str) else list(query)
        if not queries:
            raise NotApplicableError(
                "There is nothing to show in context: the list of words to look up is empty "
                "(no term was distinctive enough, for example); give kwic at least one word."
            )
        finder = PhraseMatcher(queries)
    groups = group_columns(frame)
    rows: dict[str, list] = {k: [] for k in ("_row", "start", "end", "left", "match", "right")}
    for row, text in enumerate(frame["text"]):
        for start, end in _hits(text or "", finder):
            left, right = _context(text, start, end, window, unit)
            for key, value in zip(
                rows, (row, start, end, left, text[start:end], right), strict=True
            ):
                rows[key].append(value)
    hits = pl.DataFrame(
        rows,
        schema={
            "_row": pl.UInt32,
            "start": pl.Int64,
            "end": pl.Int64,
            "left": pl.String,
            "match": pl.String,
            "right": pl.String,
        },
    )
    docs = frame.select("doc_id", *groups).with_row_index("_row")
    out = docs.join(hits, on="_row", how="inner", maintain_order="right")
    keys = by_columns(sort)
    require_columns(out, keys, what="kwic(sort=...)")
    ordered = out.sort([*keys, "_row", "start"])
    return ordered.select("left", "match", "right", "doc_id", *groups, "start", "end")


def kwic_html(frame: Frame, *, columns: Iterable[str] = ("doc_id", "outlet")) -> str:
    """A self-contained HTML table of a :func:`kwic` result; every piece of text is escaped.

    Parameters
    ----------
    frame
        A :func:`kwic` result (or LazyFrame): ``left``, ``match``, ``right``.
    columns
        Columns shown before the context, where the frame has them.

    Returns
    -------
    str
        A ``<style>`` block and a ``<table class="kwic">`` with one row per hit: the ``columns``
        found, ``left`` (right-aligned), ``match`` (highlighted) and ``right``.

    Examples
    --------
    >>> rows = pl.DataFrame({"doc_id": ["d1"], "outlet": ["<A&B>"], "left": ["x "],
    ...                      "match": ["Hamas-run"], "right": [" <i>"]})
    >>> page = kwic_html(rows)
    >>> "<mark>Hamas-run</mark>" in page, "&lt;A&amp;B&gt;" in page, "<i>" in page
    (True, True, False)
    """
    require_columns(frame, ["left", "match", "right"], what="kwic_html")
    frame = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    shown = [c for c in columns if c in frame.columns]
    style = (
        "<style>table.kwic{border-collapse:collapse;font:14px/1.4 sans-serif}"
        "table.kwic td{padding:2px 6px;white-space:pre;vertical-align:top}"
        "table.kwic td.l{text-align:right}table.kwic mark{background:#ffe08a;padding:0 2px}</style>"
    )
    head = "".join(f"<th>{html.escape(c)}</th>" for c in [*shown, "left", "match", "right"])
    lines = [style, '<table class="kwic">', f"<tr>{head}</tr>"]
    for row in frame.select(*shown, "left", "match", "right").iter_rows(named=True):
        cells = "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in shown)
        lines.append(
            f'<tr>{cells}<td class="l">{html.escape(row["left"])}</td>'
            f"<td><mark>{html.escape(row['match'])}</mark></td>"
            f'<td class="r">{html.escape(row["right"])}</td></tr>'
        )
    lines += ["</table>", ""]
    return "\n".join(lines)
