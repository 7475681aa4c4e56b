"""What every figure of :mod:`discourse.reports` shares: bounded sizes, the empty figure, keeping
the largest groups, one encoding per label, and ticks on the data's own periods."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.collections import QuadMesh
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

#: Qualitative palette safe for the common colour-vision deficiencies (Okabe–Ito based).
PALETTE = "colorblind"

#: Sequential colour map that stays readable in greyscale and for colour-blind readers.
SEQUENTIAL = "cividis"

#: Largest figure, in inches, whatever the number of groups, labels or periods: the image a
#: notebook keeps is at most this many inches times its dpi on each side.
MAX_WIDTH = 18.0
MAX_HEIGHT = 40.0

#: Markers combined with the palette's colours when labels outnumber the colours, so that every
#: label has its own (colour, marker) pair; the line style changes with the marker.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.")

#: At most this many tick labels on a time axis.
MAX_TICKS = 12


def figure(width: float, height: float) -> Figure:
    """A constrained-layout figure no larger than ``MAX_WIDTH`` × ``MAX_HEIGHT`` inches.

    Examples
    --------
    >>> figure(100, 2).get_size_inches().tolist()
    [18.0, 2.0]
    """
    size = (min(max(width, 3.0), MAX_WIDTH), min(max(height, 1.5), MAX_HEIGHT))
    # Made through pyplot so Jupyter knows how to draw it, then closed so it is drawn once (as the
    # cell's value) and pyplot does not keep every figure alive.
    fig = plt.figure(figsize=size, layout="constrained")
    plt.close(fig)
    return fig


def empty_figure(message: str, *, title: str) -> Figure:
    """A small figure with the title and a sentence saying what was empty, and no visible axes.

    It holds one hidden axes: IPython draws no image of a figure without any (notebooks and
    reports would show ``<Figure size 700x160 with 0 Axes>`` instead of the sentence).

    Examples
    --------
    >>> fig = empty_figure("No document is dated.", title="Documents per week")
    >>> [ax.axison for ax in fig.axes], fig.texts[0].get_text(), fig.get_suptitle()
    ([False], 'No document is dated.', 'Documents per week')
    """
    fig = figure(7.0, 1.6)
    fig.add_axes((0.0, 0.0, 1.0, 1.0)).set_axis_off()
    fig.text(0.5, 0.4, message, ha="center", va="center", wrap=True, color="0.25")
    fig.suptitle(title)
    return fig


def plural(noun: str) -> str:
    """English plural of a column name used as a noun.

    Examples
    --------
    >>> [plural(w) for w in ["outlet", "category", "class", "day"]]
    ['outlets', 'categories', 'classes', 'days']
    """
    if noun.endswith("y") and noun[-2:-1] not in set("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def largest(
    frame: pl.DataFrame, column: str, limit: int | None, *, weight: str | None
) -> tuple[pl.DataFrame, list[Any], int]:
    """Keep the rows of the ``limit`` values of ``column`` with the largest total ``weight``.

    Values are ranked by the sum of ``weight`` (by their number of rows when ``weight`` is
    ``None`` or not a column), ties by value. Returns the kept rows, the kept values sorted by
    their text, and how many values there were.

    Examples
    --------
    >>> df = pl.DataFrame({"outlet": ["A", "B", "B", "C"], "n": [5, 1, 1, 3]})
    >>> rows, kept, total = largest(df, "outlet", 2, weight="n")
    >>> kept, total, rows.height
    (['A', 'C'], 3, 2)
    """
    size = pl.col(weight).sum() if weight is not None and weight in frame.columns else pl.len()
    ranked = frame.group_by(column).agg(size.alias("_size"))
    ranked = ranked.sort(["_size", column], descending=[True, False], nulls_last=True)
    total = ranked.height
    if limit is not None and total > limit:
        ranked = ranked.head(max(limit, 1))
        frame = frame.join(ranked.select(column), on=column, how="semi")
    return frame, sorted(ranked[column].to_list(), key=str), total


def shown_note(kept: int, total: int, noun: str, ranked_by: str) -> str:
    """The sentence a figure carries when it leaves groups out ('' when it shows them all).

    Examples
    --------
    >>> shown_note(20, 756, "outlet", "documents")
    'Showing the 20 of 756 outlets with most documents; the table has them all.'
    >>> shown_note(5, 5, "outlet", "documents")
    ''
    """
    if kept >= total:
        return ""
    shown = f"Showing the {kept} of {total:,} {plural(noun)} with most {ranked_by}"
    return f"{shown}; the table has them all."


def add_notes(fig: Figure, notes: Sequence[str]) -> None:
    """Put the non-empty notes under the figure, in small grey type."""
    text = " ".join(n for n in notes if n)
    if text:
        fig.supxlabel(text, fontsize="small", color="0.3", wrap=True)


def label_styles(labels: Sequence[Any]) -> dict[Any, tuple[Any, str, Any]]:
    """One (colour, marker, line style) per label, never two labels with the same encoding.

    Up to the palette's ten colours, labels differ by colour (all with circles and solid
    lines); past ten, each run of ten colours gets the next marker and line style, so every
    (colour, marker) pair is unique. Callers keep at most ``max_labels()`` labels.

    Examples
    --------
    >>> styles = label_styles([f"l{i}" for i in range(12)])
    >>> styles["l0"][1:], styles["l10"][1:]
    (('o', '-'), ('s', '--'))
    >>> styles["l0"][0] == styles["l10"][0]
    True
    """
    colours = sns.color_palette(PALETTE)
    if len(labels) <= len(colours):
        colours = sns.color_palette(PALETTE, n_colors=max(len(labels), 1))
    step = len(colours)
    return {
        value: (
            colours[i % step],
            MARKERS[i // step],
            LINESTYLES[(i // step) % len(LINESTYLES)],
        )
        for i, value in enumerate(labels)
    }


def max_labels() -> int:
    """How many labels :func:`label_styles` can tell apart."""
    return len(sns.color_palette(PALETTE)) * len(MARKERS)


def is_temporal(values: Sequence[Any]) -> bool:
    """Whether the values are dates or datetimes (drawn on a date axis)."""
    return bool(values) and all(isinstance(v, date | datetime) for v in values)


def thinned(values: Sequence[Any], limit: int = MAX_TICKS) -> list[Any]:
    """At most ``limit`` of the values, evenly spaced, always starting with the first.

    Examples
    --------
    >>> thinned(list(range(10)), 4)
    [0, 3, 6, 9]
    >>> thinned([1, 2], 4)
    [1, 2]
    """
    values = list(values)
    if len(values) <= limit:
        return values
    step = math.ceil(len(values) / limit)
    return values[::step]


def period_text(value: Any) -> str:
    """A period as a tick label: ``YYYY-MM-DD`` for dates, else its text."""
    return f"{value:%Y-%m-%d}" if isinstance(value, date | datetime) else str(value)


def period_ticks(
    ax: Axes,
    periods: Sequence[Any],
    positions: Sequence[float] | None = None,
    *,
    limit: int = MAX_TICKS,
) -> None:
    """Ticks on the data's own periods (thinned evenly when many), labelled by their first day.

    ``positions`` gives the x position of each period when the axis is categorical (a
    heatmap's column centres); otherwise the periods are the positions, on a date axis.
    """
    index = thinned(range(len(periods)), limit)
    ticks = [periods[i] if positions is None else positions[i] for i in index]
    ax.set_xticks(ticks, [period_text(periods[i]) for i in index])
    ax.tick_params(axis="x", labelrotation=45)
    for text in ax.get_xticklabels():
        text.set_horizontalalignment("right")
        text.set_rotation_mode("anchor")


def ranked_by(frame: pl.DataFrame, weight: str | None, *, otherwise: str) -> str:
    """What groups were ranked by, in words, for :func:`shown_note`."""
    if weight is None or weight not in frame.columns:
        return otherwise
    return {"n": "mentions", "n_target": "occurrences of these terms"}.get(weight, weight)


def series_periods(values: Sequence[Any], *, limit: int = 10_000) -> list[Any]:
    """The sorted periods, with the missing ones of a regular date series filled in.

    Dates whose gaps are all multiples of the smallest gap (weeks, days) are a regular series,
    and a period in which no group has a row is a gap worth seeing; other periods (months,
    text, numbers) are kept as they are.

    Examples
    --------
    >>> weeks = series_periods([date(2023, 10, 23), date(2023, 10, 2), date(2023, 10, 9)])
    >>> [f"{w:%m-%d}" for w in weeks]
    ['10-02', '10-09', '10-16', '10-23']
    >>> series_periods([date(2023, 10, 1), date(2023, 11, 1), date(2023, 12, 1)])[1]
    datetime.date(2023, 11, 1)
    """
    periods = sorted(set(values))
    if len(periods) < 3 or not all(type(p) is date for p in periods):
        return periods
    gaps = [(b - a).days for a, b in itertools.pairwise(periods)]
    step = min(gaps)
    span = (periods[-1] - periods[0]).days
    if any(g % step for g in gaps) or span // step >= limit:
        return periods
    return pl.date_range(periods[0], periods[-1], interval=f"{step}d", eager=True).to_list()


def matrix(
    frame: pl.DataFrame,
    row: str,
    column: str,
    value: str,
    *,
    rows: Sequence[Any],
    columns: Sequence[Any],
) -> np.ndarray:
    """The ``rows`` × ``columns`` table of ``value`` (the first row of each pair), NaN where absent.

    Examples
    --------
    >>> df = pl.DataFrame({"o": ["B", "A", "A"], "l": ["x", "x", "y"], "v": [1.0, 2.0, 3.0]})
    >>> matrix(df, "o", "l", "v", rows=["A", "B"], columns=["x", "y"]).tolist()
    [[2.0, 3.0], [1.0, nan]]
    """
    out = np.full((len(rows), len(columns)), np.nan)
    where_row = {v: i for i, v in enumerate(rows)}
    where_column = {v: j for j, v in enumerate(columns)}
    pairs = frame.select(row, column, value).unique(
        [row, column], keep="first", maintain_order=True
    )
    for r, c, v in pairs.iter_rows():
        if r in where_row and c in where_column:
            out[where_row[r], where_column[c]] = v
    return out


def heatmap(
    ax: Axes,
    values: np.ndarray,
    *,
    rows: Sequence[Any],
    columns: Sequence[Any] | None,
    annotate: bool,
    fmt: str,
    norm: Normalize | None = None,
    column_width: float = 1.0,
) -> QuadMesh:
    """Draw a table of values as coloured cells, first row on top, blank where NaN.

    Drawn with one mesh rather than :func:`seaborn.heatmap`, which draws the whole figure
    once more to decide on rotating its tick labels (some 300 MB for a large figure).
    ``columns`` ``None`` leaves the x ticks to the caller (e.g. :func:`period_ticks`); labels
    longer than ``column_width`` (inches) are slanted. ``norm`` maps values to colours (give
    panels one, so that a colour means one value throughout); the caller adds the colour bar.
    """
    cells = np.ma.masked_invalid(values)
    n_rows, n_columns = values.shape
    mesh = ax.pcolormesh(cells, cmap=SEQUENTIAL, norm=norm)
    ax.set_xlim(0, n_columns)
    ax.set_ylim(n_rows, 0)
    index = thinned(range(n_rows), 60)
    ax.set_yticks([i + 0.5 for i in index], [str(rows[i]) for i in index])
    if columns is not None:
        ax.set_xticks([j + 0.5 for j in range(n_columns)], [str(c) for c in columns])
        # About 0.08 inch per character at the default font size.
        if max(len(str(c)) for c in columns) * 0.08 > column_width:
            ax.tick_params(axis="x", labelrotation=30)
            for text in ax.get_xticklabels():
                text.set_horizontalalignment("right")
                text.set_rotation_mode("anchor")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if annotate:
        rgba = np.asarray(mesh.cmap(mesh.norm(values)))
        for (i, j), v in np.ndenumerate(values):
            if np.isnan(v):
                continue
            dark = sns.utils.relative_luminance(rgba[i, j]) <= 0.408
            colour = "white" if dark else "black"
            ax.text(j + 0.5, i + 0.5, format(v, fmt), ha="center", va="center", color=colour)
    return mesh
