"""Keyword in context: every hit of a query with the text around it, and an HTML view of them."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import numpy as np
import polars as pl

from discourse._typing import Possessives
from discourse.corpus import _indexed
from discourse.corpus._frame import Frame, by_columns, require_columns
from discourse.corpus._indexed import is_index
from discourse.errors import DiscourseError
from discourse.terms._hits import (
    POSITION,
    FrameText,
    context_spans,
    finder,
    near,
    place,
    position_tokens,
)
from discourse.text._tokens import check_possessives

__all__ = ["kwic", "kwic_html"]

#: A run of what Python's ``\s`` matches (Rust's ``\s`` leaves out U+001C..U+001F), shown as
#: one space.
_SPACES = r"[\s\x1c-\x1f]+"


def kwic(
    corpus: Frame,
    *,
    query: str | Iterable[str],
    window_chars: int | None = None,
    window_tokens: int | None = None,
    regex: bool = False,
    sort: str | Sequence[str] | None = None,
    near_query: str | Iterable[str] | None = None,
    near_tokens: int = 5,
    possessives: Possessives = "split",
) -> pl.DataFrame:
    """One row per hit of ``query``, with ``window_chars`` characters (or ``window_tokens``
    tokens) either side.

    ``corpus`` may also be a :class:`~discourse.CorpusIndex` (:func:`~discourse.index_corpus`):
    the same result, from tokens counted once. A query whose every variant is one word of word
    characters (``hamas``, ``terror*``, ``{gaza,rafah}``) is found by term id and its token
    windows cut from the stored offsets; a phrase, a word holding a hyphen or apostrophe
    (``hamas-run``, ``israel's``), ``regex=True``, and documents whose folded words are not
    their tokens' (a soft hyphen, "İ", a sigma, "3.5x") are searched in the kept text, as on
    the corpus. ``near_query`` is found the same way, in the documents with a hit.

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
    regex
        Take ``query`` as a regular expression.
    sort
        What to order the rows by (then document order and position): columns of the result
        or the corpus, and token positions as concordancers sort them: ``"R1"`` is the first
        token after the hit, ``"L2"`` the second before it (compared in lower case with
        apostrophes and hyphens folded; a line with no token there comes last), so
        ``sort=["R1", "R2"]`` groups the lines by what follows the hit, as AntConc does.
    near_query
        Keep only the lines with this word or phrase (or any of these, in the matching
        syntax) within ``near_tokens`` tokens of the hit, on either side.
    near_tokens
        How far from the hit ``near_query`` may be, in tokens: 1 is the token just before or
        after it.
    possessives
        ``"split"`` (the default) counts "Israel's" as "Israel" and "'s" in token windows and
        positions, ``"keep"`` as one token (see :func:`~discourse.tokens`).

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
    >>> lines = pl.DataFrame({"doc_id": ["a", "b", "c"], "text": [
    ...     "Hamas said no.", "Hamas fired rockets, officials said.", "Hamas-run Gaza"]})
    >>> kwic(lines, query="Hamas", window_tokens=2, sort="R1")["right"].to_list()
    [' fired rockets', '-run Gaza', ' said no']
    >>> near = kwic(lines, query="Hamas", window_tokens=2, near_query="said", near_tokens=1)
    >>> near["doc_id"].to_list()
    ['a']
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
    if near_tokens < 1:
        raise DiscourseError(f"near_tokens must be 1 or more, not {near_tokens}.")
    source: FrameText | _indexed.IndexText
    if is_index(corpus):
        source = _indexed.IndexText(corpus, possessives)
    else:
        check_possessives(possessives)
        require_columns(corpus, ["doc_id", "text"], what="kwic")
        frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
        source = FrameText(frame, possessives)
    found = finder(query, regex=regex)
    groups = source.groups
    keys = by_columns(sort)
    positions = [k for k in keys if POSITION.match(k)]
    hits = source.hits(found)
    with_hits = hits["_row"].unique()
    texts = source.texts(with_hits.to_list())
    extra: dict[str, pl.Series] = {}
    if unit == "tokens" or positions or near_query is not None:
        tokens = source.tokens(with_hits, norm=bool(positions))
        placed = place(hits, tokens)
        if near_query is not None:
            # Only the documents with a hit can hold a line to keep.
            others = source.hits(finder(near_query, what="kwic(near_query=...)"), with_hits)
            keep = near(hits, placed, others, place(others, tokens), near_tokens)
            hits = hits.filter(pl.Series(keep))
            placed = place(hits, tokens)
        extra = {p: source.decode(position_tokens(placed, tokens, p)) for p in positions}
    if unit == "tokens":
        dotless = tokens["_dotless"].to_numpy() if "_dotless" in tokens.columns else None
        left_at, right_at = context_spans(hits, tokens, placed, texts, window, dotless)
    else:
        left_at = np.maximum(hits["start"].to_numpy() - window, 0)
        right_at = hits["end"].to_numpy() + window
    lefts, matches, rights = [], [], []
    for row, start, end, left, right in zip(
        hits["_row"].to_list(), hits["start"].to_list(), hits["end"].to_list(),
        left_at.tolist(), right_at.tolist(), strict=True,
    ):  # fmt: skip
        text = texts[row] or ""
        lefts.append(text[left:start])
        matches.append(text[start:end])
        rights.append(text[end:right])
    lines = hits.with_columns(
        pl.Series("left", lefts, dtype=pl.String).str.replace_all(_SPACES, " "),
        pl.Series("match", matches, dtype=pl.String),
        pl.Series("right", rights, dtype=pl.String).str.replace_all(_SPACES, " "),
        *(s.alias(f"_{name}") for name, s in extra.items()),
    )
    out = source.docs.join(lines, on="_row", how="inner", maintain_order="right")
    require_columns(out, [k for k in keys if k not in positions], what="kwic(sort=...)")
    order = [f"_{k}" if k in positions else k for k in keys]
    # A line with no token at a position comes last; columns keep polars' order (nulls first).
    last = [k in positions for k in keys] + [False, False]
    ordered = out.sort([*order, "_row", "start"], nulls_last=last, maintain_order=True)
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
