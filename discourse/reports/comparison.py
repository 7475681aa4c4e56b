"""An interactive, offline comparison page of two outlets or groups (a scattertext-like term plot).

Every term (the most frequent ``max_terms``) and every lexicon label is placed by its rate in
each group; colour is a keyness statistic computed here in polars (:func:`discourse.keyness`
for terms, the same :mod:`discourse.stats` formulas for labels); clicking a point shows its
KWIC lines from both groups. The page is drawn by Vega-Lite, whose JavaScript is inlined from
the ``vl-convert-python`` package, so nothing is fetched when the page is viewed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import polars as pl

from discourse._typing import By, Frame
from discourse.errors import DiscourseError, NotApplicableError
from discourse.framing.lexicon import Lexicon

__all__ = ["compare_page"]

_SIDE = "__side__"
_BATCH = 2_000


def compare_page(
    corpus: Frame,
    *,
    a: Any,
    b: Any,
    out: str | Path,
    by: By = None,
    lexicon: Lexicon | None = None,
    max_terms: int = 2000,
    scale: Literal["rate", "rank"] = "rate",
    color: Literal["g2", "log_ratio"] = "g2",
    kwic_lines: int = 5,
    window_chars: int = 60,
    title: str | None = None,
) -> pl.DataFrame:
    """Write one self-contained HTML page comparing two groups term by term and label by label.

    Each of the ``max_terms`` most frequent terms, and each designation label of the lexicon,
    is a point placed by its rate per 10,000 tokens in group ``b`` (x) and group ``a`` (y), on
    log axes (``scale="rate"``) or by its frequency rank as a fraction of the ranks
    (``scale="rank"``, as scattertext does). Points are coloured by signed G² or Log Ratio
    (positive: more frequent in ``a``). The page has a search box, a terms/labels toggle,
    hover tooltips with the counts and, on click, up to ``kwic_lines`` keyword-in-context lines
    per group. Every number is computed here; the page only displays them. The JavaScript is
    inlined (no network at view time) and the same input gives byte-identical HTML.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with ``doc_id``, ``text`` and the ``by`` column.
    a, b
        The two groups: a value of the ``by`` column, or a list of values pooled together.
    out
        The HTML file to write.
    by
        The column whose values ``a`` and ``b`` name, e.g. ``"outlet"`` (required).
    lexicon
        The designation lexicon for the labels; ``None`` uses the default lexicon.
    max_terms
        At most this many terms, the most frequent in both groups together.
    scale
        ``"rate"``: per-10k rates on log axes; ``"rank"``: frequency rank scaled to 0..1.
    color
        The keyness statistic colouring the points: ``"g2"`` (signed) or ``"log_ratio"``.
    kwic_lines
        At most this many KWIC lines per point and group, in corpus order.
    window_chars
        Characters of context on each side of a KWIC match.
    title
        The page title; ``None``: "<a> vs <b>".

    Returns
    -------
    polars.DataFrame
        The points on the page: ``kind`` ("term" or "label"), ``term``, ``n_a``, ``n_b``,
        ``per_10k_a``, ``per_10k_b``, ``g2``, ``log_ratio``, ``x``, ``y``.

    Raises
    ------
    NotApplicableError
        ``by`` is ``None``, or one of the two groups has no documents or no tokens.

    Examples
    --------
    >>> import polars as pl, tempfile, pathlib
    >>> corpus = pl.DataFrame({
    ...     "doc_id": ["1", "2", "3"], "outlet": ["X", "Y", "Y"],
    ...     "text": ["Hamas militants fired", "Hamas fighters fired", "fighters again"],
    ... })
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "page.html"
    >>> points = compare_page(corpus, a="X", b="Y", by="outlet", out=path)
    >>> points.filter(kind="term").select("term", "n_a", "n_b").sort("term").head(3)
    shape: (3, 3)
    ┌──────────┬─────┬─────┐
    │ term     ┆ n_a ┆ n_b │
    │ ---      ┆ --- ┆ --- │
    │ str      ┆ i64 ┆ i64 │
    ╞══════════╪═════╪═════╡
    │ again    ┆ 0   ┆ 1   │
    │ fighters ┆ 0   ┆ 2   │
    │ fired    ┆ 1   ┆ 1   │
    └──────────┴─────┴─────┘
    >>> "<script src=" in path.read_text(encoding="utf-8")
    False
    """
    from discourse.reports._comparison import build_points, render_page

    if scale not in ("rate", "rank"):
        raise DiscourseError(f'scale= is "rate" or "rank", not {scale!r}.')
    if color not in ("g2", "log_ratio"):
        raise DiscourseError(f'color= is "g2" or "log_ratio", not {color!r}.')
    if max_terms < 1 or kwic_lines < 0:
        raise DiscourseError("max_terms= must be at least 1 and kwic_lines= at least 0.")
    column = _by_column(by)
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    sides = _sides(frame, column, a, b)
    name_a, name_b = _name(a), _name(b)
    points, kwic = build_points(
        sides,
        lexicon=lexicon,
        max_terms=max_terms,
        scale=scale,
        kwic_lines=kwic_lines,
        window_chars=window_chars,
    )
    page = render_page(
        points,
        kwic,
        name_a=name_a,
        name_b=name_b,
        title=title if title is not None else f"{name_a} vs {name_b}",
        scale=scale,
        color=color,
        docs=(
            sides.filter(pl.col(_SIDE) == "a").height,
            sides.filter(pl.col(_SIDE) == "b").height,
        ),
    )
    Path(out).write_text(page, encoding="utf-8")
    return points


def _by_column(by: By) -> str:
    if by is None:
        raise NotApplicableError(
            'compare_page needs by= (e.g. by="outlet"): the column whose values a= and b= name.'
        )
    if isinstance(by, str):
        return by
    cols = list(by)
    if len(cols) != 1:
        raise DiscourseError("compare_page compares values of one column: give by= one name.")
    return str(cols[0])


def _values(value: Any) -> list[Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        return [value]
    return list(value)


def _name(value: Any) -> str:
    return " + ".join(str(v) for v in _values(value))


def _sides(frame: pl.DataFrame, column: str, a: Any, b: Any) -> pl.DataFrame:
    """The documents of the two groups, with a ``__side__`` column "a"/"b"."""
    if column not in frame.columns:
        raise DiscourseError(f"by={column!r} is not a column of the corpus: {frame.columns}.")
    groups = sorted(map(str, frame.get_column(column).unique().drop_nulls().to_list()))
    shown = ", ".join(groups[:5]) + (", ..." if len(groups) > 5 else "")
    if a is None or b is None:
        raise NotApplicableError(
            f"A comparison needs two {column} groups to compare, and this corpus has "
            f"{len(groups)} ({shown or 'none'}); add documents from another {column}, or name "
            f"two values as a= and b=."
        )
    va, vb = _values(a), _values(b)
    unknown = [v for v in [*va, *vb] if str(v) not in groups]
    if len(va) + len(vb) > 2 and unknown:
        raise DiscourseError(f"{unknown} not among the {column} values of the corpus ({shown}).")
    both = set(map(str, va)) & set(map(str, vb))
    if both:
        raise DiscourseError(f"{sorted(both)} is in both a= and b=; a group cannot face itself.")
    value = pl.col(column).cast(pl.String)
    sides = frame.with_columns(
        pl.when(value.is_in([str(v) for v in va]))
        .then(pl.lit("a"))
        .when(value.is_in([str(v) for v in vb]))
        .then(pl.lit("b"))
        .alias(_SIDE)
    ).filter(pl.col(_SIDE).is_not_null())
    present = set(sides.get_column(_SIDE).to_list())
    for side, value_ in (("a", a), ("b", b)):
        if side not in present:
            raise NotApplicableError(
                f"A comparison needs documents from two {column} groups, and this corpus has "
                f"none from {side}={_name(value_)!r} ({column} values: {shown or 'none'}); "
                f"name two of its values as a= and b=."
            )
    return sides
