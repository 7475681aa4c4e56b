"""What one outlet changed in a story it did not write: sentence-aligned wording differences.

:func:`wording_diff` aligns two documents sentence by sentence and lists each substitution,
insertion and deletion with the text as written on both sides and offsets into both originals.
When a change swaps one label of a label set for another ("Hamas" → "the resistance movement",
"killed" → "massacred"), the row names the label set and both labels. :func:`side_by_side`
renders a pair as HTML with the changes highlighted; :func:`label_swaps` counts the swaps.

How texts are compared
----------------------
- **Sentences** come from :func:`discourse.sentences`. Identical sentences anchor the
  alignment; between anchors, sentences pair one to one, or one to two when a sentence was split
  or two merged, if their folded texts are at least 50 % alike (Indel similarity); the rest are
  whole-sentence insertions or deletions. Unchanged sentences are not reported.
- **Tokens** are words and numbers (:data:`discourse.text._patterns.TOKEN_PATTERN`) and single
  punctuation marks, compared folded (:func:`discourse.text.matching.fold_text`): a change of case,
  quote style, hyphen character or spacing is not a change; added quotation marks are. A change
  is the smallest run of differing tokens; two changes one token apart are reported as one.
- **Labels**: the label mentions (:func:`discourse.label_mentions`) that overlap the
  changed text on each side are compared within each label set. The row names the set whose
  labels differ, preferring a set with a label on both sides (a swap) over one with a label on
  one side only (a label added or dropped); ``label_a`` or ``label_b`` is null when that side has
  none.
"""

from __future__ import annotations

import bisect
import html
from collections import Counter
from collections.abc import Sequence
from typing import Any

import polars as pl

from discourse._typing import By, Frame
from discourse.corpus._frame import by_columns, require_columns
from discourse.errors import DiscourseError
from discourse.framing.labels import label_mentions
from discourse.framing.lexicon import Lexicon
from discourse.stories._align import align_sentences, token_changes, tokenize
from discourse.text.segments import sentences

__all__ = ["label_swaps", "side_by_side", "wording_diff", "wording_diffs"]

_SCHEMA = {
    "doc_a": pl.String,
    "doc_b": pl.String,
    "outlet_a": pl.String,
    "outlet_b": pl.String,
    "sentence_a": pl.Int64,
    "sentence_b": pl.Int64,
    "change": pl.String,
    "text_a": pl.String,
    "text_b": pl.String,
    "start_a": pl.Int64,
    "end_a": pl.Int64,
    "start_b": pl.Int64,
    "end_b": pl.Int64,
    "label_set": pl.String,
    "label_a": pl.String,
    "label_b": pl.String,
}
_Mention = tuple[int, int, str, str]  # start, end, label set, label
_Group = tuple[list[int], list[int]]


class _Doc:
    """One document's text, sentence spans, tokens per sentence and label mentions."""

    def __init__(self, row: dict[str, Any], spans: list[tuple[int, int]], mentions: list[_Mention]):
        self.doc_id: str = row["doc_id"]
        self.outlet: str | None = row["outlet"]
        self.title: str | None = row.get("title")
        self.published = row.get("published")
        self.text: str = row["text"] or ""
        self.spans = spans
        tokens = tokenize(self.text)
        starts = [t.start for t in tokens]
        self.tokens = [
            tokens[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)] for s, e in spans
        ]
        self.mentions = mentions

    def keys(self) -> list[list[str]]:
        return [[t.key for t in sentence] for sentence in self.tokens]

    def labels_in(self, start: int, end: int) -> list[tuple[str, str]]:
        return [(s, label) for ms, me, s, label in self.mentions if ms < end and me > start]


def _load(corpus: Frame, doc_ids: Sequence[str], lexicon: Lexicon | None) -> dict[str, _Doc]:
    require_columns(corpus, ["doc_id", "outlet", "text"], what="wording_diff")
    wanted = list(dict.fromkeys(doc_ids))
    frame = corpus.lazy().filter(pl.col("doc_id").is_in(wanted)).collect()
    missing = sorted(set(wanted) - set(frame["doc_id"].to_list()))
    if missing:
        raise DiscourseError(f"doc_id(s) {missing[:5]} are not in the corpus; check the ids.")
    spans: dict[str, list[tuple[int, int]]] = {d: [] for d in wanted}
    for doc, start, end in sentences(frame).select("doc_id", "start", "end").iter_rows():
        spans[doc].append((start, end))
    mentions: dict[str, list[_Mention]] = {d: [] for d in wanted}
    found = label_mentions(frame, lexicon=lexicon).select(
        "doc_id", "start", "end", "label_set", "label"
    )
    for doc, *mention in found.iter_rows():
        mentions[doc].append(tuple(mention))  # type: ignore[arg-type]
    return {row["doc_id"]: _Doc(row, spans[row["doc_id"]], mentions[row["doc_id"]])
            for row in frame.iter_rows(named=True)}  # fmt: skip


def _label_change(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> tuple[Any, Any, Any]:
    """``(label set, label a, label b)`` of the most telling label difference, or nulls."""
    best: tuple[int, int, str, str | None, str | None] | None = None
    for order, label_set in enumerate(dict.fromkeys(s for s, _ in [*a, *b])):
        left = [label for s, label in a if s == label_set]
        right = [label for s, label in b if s == label_set]
        removed = Counter(left) - Counter(right)
        added = Counter(right) - Counter(left)
        if not removed and not added:
            continue
        label_a = next((x for x in left if x in removed), None)
        label_b = next((x for x in right if x in added), None)
        rank = (0 if label_a and label_b else 1, order)
        if best is None or rank < best[:2]:
            best = (*rank, label_set, label_a, label_b)
    return (None, None, None) if best is None else best[2:]


def _point(tokens: list, index: int, fallback: int) -> int:
    """Offset of an empty span before token ``index`` (after the previous token)."""
    if index:
        return int(tokens[index - 1].end)
    return int(tokens[0].start) if tokens else fallback


def _compare(a: _Doc, b: _Doc) -> tuple[list[_Group], list[dict[str, Any]]]:
    """The sentence alignment of two documents and their change rows."""
    groups = align_sentences(a.keys(), b.keys())
    rows: list[dict[str, Any]] = []
    cursor_a = cursor_b = 0
    for ga, gb in groups:
        ta = [t for i in ga for t in a.tokens[i]]
        tb = [t for i in gb for t in b.tokens[i]]
        found = []
        for kind, i1, i2, j1, j2 in token_changes([t.key for t in ta], [t.key for t in tb]):
            sa, ea = (ta[i1].start, ta[i2 - 1].end) if i2 > i1 else (_point(ta, i1, cursor_a),) * 2
            sb, eb = (tb[j1].start, tb[j2 - 1].end) if j2 > j1 else (_point(tb, j1, cursor_b),) * 2
            found.append((kind, sa, ea, sb, eb))
        cursor_a = a.spans[ga[-1]][1] if ga else cursor_a
        cursor_b = b.spans[gb[-1]][1] if gb else cursor_b
        for kind, sa, ea, sb, eb in found:
            label_set, label_a, label_b = _label_change(a.labels_in(sa, ea), b.labels_in(sb, eb))
            rows.append({
                "doc_a": a.doc_id, "doc_b": b.doc_id, "outlet_a": a.outlet, "outlet_b": b.outlet,
                "sentence_a": ga[0] if ga else None, "sentence_b": gb[0] if gb else None,
                "change": kind, "text_a": a.text[sa:ea], "text_b": b.text[sb:eb],
                "start_a": sa, "end_a": ea, "start_b": sb, "end_b": eb,
                "label_set": label_set, "label_a": label_a, "label_b": label_b,
            })  # fmt: skip
    return groups, rows


def wording_diffs(corpus: Frame, *, pairs: Frame, lexicon: Lexicon | None = None) -> pl.DataFrame:
    """:func:`wording_diff` for every pair of a frame with ``doc_a`` and ``doc_b`` columns,
    such as the output of :func:`discourse.same_story`; the rows of all pairs, in order.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) holding every document of ``pairs``.
    pairs
        A frame (or LazyFrame) with ``doc_a`` and ``doc_b`` columns (any others are ignored).
    lexicon
        The label sets; :func:`discourse.default_lexicon` when ``None``.

    Returns
    -------
    polars.DataFrame
        The columns of :func:`wording_diff` (``doc_a, doc_b, outlet_a, outlet_b, sentence_a,
        sentence_b, change, text_a, text_b, start_a, end_a, start_b, end_b, label_set, label_a,
        label_b``), one row per change: the pairs in the order given, each in text order.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["Wire", "Daily"], "text": [
    ...     "Israeli strikes have killed 40 people. Talks resume.",
    ...     "Israeli strikes have massacred 40 people. Talks resume."]})
    >>> pairs = pl.DataFrame({"doc_a": ["a"], "doc_b": ["b"]})
    >>> wording_diffs(corpus, pairs=pairs).select("outlet_a", "outlet_b", "text_a", "text_b").rows()
    [('Wire', 'Daily', 'killed', 'massacred')]
    """
    if isinstance(pairs, pl.LazyFrame):
        pairs = pairs.collect()
    require_columns(pairs, ["doc_a", "doc_b"], what="wording_diffs(pairs=...)")
    ids = pairs.select("doc_a", "doc_b").rows()
    docs = _load(corpus, [d for pair in ids for d in pair], lexicon)
    rows = [row for a, b in ids for row in _compare(docs[a], docs[b])[1]]
    return pl.DataFrame(rows, schema=_SCHEMA)


def wording_diff(
    corpus: Frame, *, doc_a: str, doc_b: str, lexicon: Lexicon | None = None
) -> pl.DataFrame:
    """What changed from document ``doc_a`` to ``doc_b``, one row per change.

    See the module docstring for how sentences are aligned, what counts as a change and how the
    labels are named.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) holding both documents.
    doc_a, doc_b
        The ``doc_id`` of each document; ``doc_a`` is usually the earlier (the source).
    lexicon
        The label sets; :func:`discourse.default_lexicon` when ``None``.

    Returns
    -------
    polars.DataFrame
        ``doc_a``, ``doc_b``, ``outlet_a``, ``outlet_b``, ``sentence_a``, ``sentence_b`` (index
        of the first aligned sentence on each side, as :func:`discourse.sentences` numbers
        them; null for a sentence only the other side has), ``change`` (``substitution``,
        ``insertion`` or ``deletion``), ``text_a``, ``text_b`` (as written; empty on the side
        without text), ``start_a``, ``end_a``, ``start_b``, ``end_b`` (offsets into each
        original; an empty side gives the point where the text would go), ``label_set``,
        ``label_a``, ``label_b``; in text order.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["wire", "daily"], "outlet": ["Wire", "Daily"], "text": [
    ...     "The talks resumed. Hamas said 12 people died in strikes.",
    ...     "The talks resumed. The resistance movement said 12 people died in strikes today."]})
    >>> diff = wording_diff(corpus, doc_a="wire", doc_b="daily")
    >>> diff.select("change", "text_a", "text_b").rows()
    [('substitution', 'Hamas', 'The resistance movement'), ('insertion', '', 'today')]
    >>> diff.select("label_set", "label_a", "label_b").row(0)
    ('hamas', 'name', 'resistance')
    >>> diff.select("sentence_a", "start_a", "end_a", "start_b", "end_b").row(0)
    (1, 19, 24, 19, 42)
    """
    return wording_diffs(
        corpus, pairs=pl.DataFrame({"doc_a": [doc_a], "doc_b": [doc_b]}), lexicon=lexicon
    )


def label_swaps(diffs: Frame, *, by: By = None, both_sides: bool = False) -> pl.DataFrame:
    """How often each label change occurs in the output of :func:`wording_diffs`.

    Parameters
    ----------
    diffs
        The output of :func:`wording_diff` or :func:`wording_diffs` (or a LazyFrame of it).
    by
        Columns to count within; ``None`` (the default) for the whole table.
        ``by=["outlet_a", "outlet_b"]`` counts each pair of outlets apart.
    both_sides
        Count only swaps, where both sides have a label: between independently written reports
        most one-sided rows are sentences only one report has, not a label added or dropped.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``label_set``, ``label_a``, ``label_b``, ``n`` (changes); most
        frequent first. Changes that touch no label are left out.

    Examples
    --------
    >>> import polars as pl
    >>> diffs = pl.DataFrame({"outlet_a": ["W", "W", "W"], "outlet_b": ["D", "D", "D"],
    ...     "label_set": ["hamas", "hamas", "deaths"], "label_a": ["name", "name", "killed"],
    ...     "label_b": ["resistance", "resistance", None]})
    >>> label_swaps(diffs, by=["outlet_a", "outlet_b"]).rows()
    [('W', 'D', 'hamas', 'name', 'resistance', 2), ('W', 'D', 'deaths', 'killed', None, 1)]
    >>> label_swaps(diffs, both_sides=True).rows()
    [('hamas', 'name', 'resistance', 2)]
    """
    if isinstance(diffs, pl.LazyFrame):
        diffs = diffs.collect()
    keys = [*by_columns(by), "label_set", "label_a", "label_b"]
    require_columns(diffs, keys, what="label_swaps")
    kept = diffs.filter(pl.col("label_set").is_not_null())
    if both_sides:
        kept = kept.filter(pl.col("label_a").is_not_null(), pl.col("label_b").is_not_null())
    return (
        kept.group_by(keys)
        .agg(n=pl.len().cast(pl.Int64))
        .sort(["n", *keys], descending=[True] + [False] * len(keys), nulls_last=True)
    )


_STYLE = (
    "<style>"
    ".dsc-sbs{border-collapse:collapse;width:100%;font-size:0.9em}"
    ".dsc-sbs th,.dsc-sbs td{border:1px solid #ddd;padding:4px 8px;vertical-align:top;"
    "text-align:left;width:50%}"
    ".dsc-sbs tr.dsc-same td{color:#888}"
    ".dsc-sbs del{background:#fdd;text-decoration:line-through}"
    ".dsc-sbs ins{background:#dfd;text-decoration:none}"
    ".dsc-sbs .dsc-label{outline:2px solid #c60}"
    "</style>"
)


def _marked(text: str, lo: int, hi: int, marks: list[tuple[int, int, str, str]], tag: str) -> str:
    """``text[lo:hi]`` escaped, with each ``(start, end, css class, title)`` mark wrapped."""
    out, pos = [], lo
    for start, end, css, title in marks:
        if start >= end or start < lo or end > hi:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<{tag} class="{css}" title="{html.escape(title)}">')
        out.append(f"{html.escape(text[start:end])}</{tag}>")
        pos = end
    out.append(html.escape(text[pos:hi]))
    return "".join(out)


def _heading(doc: _Doc) -> str:
    parts = [doc.outlet, str(doc.published) if doc.published else None, doc.title, doc.doc_id]
    return " · ".join(html.escape(str(p)) for p in parts if p)


def side_by_side(
    corpus: Frame,
    *,
    doc_a: str,
    doc_b: str,
    lexicon: Lexicon | None = None,
    unchanged: bool = True,
) -> str:
    """An HTML table of two documents, aligned sentence by sentence, with the changes marked.

    Deleted text is struck through on the left, inserted text highlighted on the right; a change
    that swaps labels is outlined and its tooltip names the label set and both labels. All text
    is escaped. Show it in a notebook with ``IPython.display.HTML(side_by_side(...))`` or write
    it into a report.

    Parameters
    ----------
    corpus, doc_a, doc_b, lexicon
        As for :func:`wording_diff`.
    unchanged
        Also show the unchanged sentences (greyed), for context.

    Returns
    -------
    str
        A self-contained HTML fragment (a ``<style>`` element and a ``<table>``).

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["Wire", "Daily"], "text": [
    ...     "Talks resumed. Hamas <officials> met.",
    ...     "Talks resumed. The resistance <officials> met."]})
    >>> page = side_by_side(corpus, doc_a="a", doc_b="b", unchanged=False)
    >>> '<del class="dsc-label" title="hamas: name → resistance">Hamas</del>' in page
    True
    >>> "&lt;officials&gt;" in page and "<officials>" not in page
    True
    """
    docs = _load(corpus, [doc_a, doc_b], lexicon)
    a, b = docs[doc_a], docs[doc_b]
    groups, rows = _compare(a, b)
    marks_a, marks_b = [], []
    for row in rows:
        css = "dsc-label" if row["label_set"] else "dsc-change"
        title = (
            f"{row['label_set']}: {row['label_a'] or '—'} → {row['label_b'] or '—'}"
            if row["label_set"]
            else row["change"]
        )
        marks_a.append((row["start_a"], row["end_a"], css, title))
        marks_b.append((row["start_b"], row["end_b"], css, title))
    changed_a = {row["sentence_a"] for row in rows}
    changed_b = {row["sentence_b"] for row in rows}
    body = []
    for ga, gb in groups:
        same = not (ga and ga[0] in changed_a) and not (gb and gb[0] in changed_b)
        if same and not unchanged:
            continue
        cells = []
        for doc, group, marks, tag in ((a, ga, marks_a, "del"), (b, gb, marks_b, "ins")):
            lo, hi = (doc.spans[group[0]][0], doc.spans[group[-1]][1]) if group else (0, 0)
            cells.append(f"<td>{_marked(doc.text, lo, hi, marks, tag)}</td>")
        body.append(f'<tr class="{"dsc-same" if same else "dsc-changed"}">{"".join(cells)}</tr>')
    head = f"<tr><th>{_heading(a)}</th><th>{_heading(b)}</th></tr>"
    table = f'<table class="dsc-sbs"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'
    return _STYLE + table
