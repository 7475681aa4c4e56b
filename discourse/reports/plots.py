"""Figures from result frames: one function per chart, no statistics computed here.

Each function takes a frame that an analysis function returned and returns a
:class:`matplotlib.figure.Figure` with sorted categories, labelled axes, a colour-blind safe
palette and a title that says what is compared. Column names are keyword options so a frame
from another tool can be plotted too. Whatever the corpus, a figure stays bounded: at most
``max_groups`` groups (those with most documents or mentions, said under the figure) and at
most 18 × 40 inches. A frame with nothing to draw gives a small figure that says so, never an
error or an empty axis. A colour never stands for two labels, and time axes are ticked on the
data's own periods.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import polars as pl
import seaborn as sns
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from discourse.corpus._frame import require_columns
from discourse.reports._plotting import (
    MAX_HEIGHT,
    PALETTE,
    add_notes,
    empty_figure,
    figure,
    heatmap,
    is_temporal,
    label_styles,
    largest,
    matrix,
    max_labels,
    period_ticks,
    plural,
    ranked_by,
    series_periods,
    shown_note,
)
from discourse.errors import DiscourseError

__all__ = [
    "PALETTE",
    "plot_documents_over_time",
    "plot_keyness",
    "plot_label_heatmap",
    "plot_label_shares",
    "plot_label_shares_over_time",
    "plot_sentiment",
]

#: Cells are annotated with their value only up to this many rows, or cells in all panels
#: (each number is a text artist: thousands of them take seconds to draw).
_ANNOTATE_ROWS, _ANNOTATE_CELLS = 30, 400

#: Heatmap rows and what a heatmap panel needs besides its rows (title, ticks), in inches.
_ROW_HEIGHT, _PANEL_MARGIN = 0.25, 1.4


def _select(
    frame: pl.DataFrame | pl.LazyFrame,
    columns: Sequence[str],
    optional: Sequence[str | None],
    *,
    what: str,
) -> pl.DataFrame:
    require_columns(frame, columns, what=what)
    names = frame.collect_schema().names()
    extra = [c for c in optional if c is not None and c in names and c not in columns]
    return frame.lazy().select(*columns, *extra).collect()


def _nan_to_null(df: pl.DataFrame, columns: Sequence[str]) -> list[pl.Expr]:
    return [pl.col(c).fill_nan(None) for c in columns if df.schema[c].is_float()]


def _present(df: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """The rows with a value (neither null nor NaN) in every one of ``columns``."""
    return df.with_columns(_nan_to_null(df, columns)).drop_nulls(columns)


def _panels(df: pl.DataFrame, panel: str | None) -> list[tuple[Any, pl.DataFrame]]:
    if panel is None or panel not in df.columns:
        return [(None, df)]
    parts = df.partition_by(panel, as_dict=True, include_key=True)
    return sorted(((key[0], part) for key, part in parts.items()), key=lambda kv: str(kv[0]))


def plot_label_shares(
    shares: pl.DataFrame,
    *,
    by: str = "outlet",
    label: str = "label",
    share: str = "share",
    lower: str = "ci_low",
    upper: str = "ci_high",
    panel: str | None = "label_set",
    max_groups: int | None = 20,
    weight: str | None = "n",
    title: str | None = None,
) -> Figure:
    """Share of each label within each group, with its interval as error bars.

    Parameters
    ----------
    shares
        One row per group and label, e.g. from :func:`discourse.label_shares`.
    by, label, share, lower, upper
        Column names: the group, the label, the share (0 … 1) and its interval bounds.
    panel
        When the frame has this column, one panel per value (shares are within a label set,
        so sets are never mixed on one axis).
    max_groups
        Draw the groups with the most mentions (the sum of ``weight``; rows when the frame has
        no such column), at most this many; ``None`` for all. The figure says when it leaves
        groups out.
    weight
        The count column that ranks groups for ``max_groups``.
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal dot plots: groups on the y axis, one colour per label (past ten labels,
        one colour and marker pair per label); rows with a null share (a group that never
        mentions the set) are left out. With no share at all, a figure that says so.

    Examples
    --------
    >>> import polars as pl
    >>> shares = pl.DataFrame({"outlet": ["A", "A", "B", "B"], "label": ["x", "y", "x", "y"],
    ...     "share": [0.25, 0.75, 0.5, 0.5], "ci_low": [0.1, 0.6, 0.3, 0.3],
    ...     "ci_high": [0.4, 0.9, 0.7, 0.7]})
    >>> fig = plot_label_shares(shares)
    >>> fig.axes[0].get_xlabel()
    'share of labelled mentions'
    """
    what = "plot_label_shares()"
    df = _select(shares, [by, label, share, lower, upper], [panel, weight], what=what)
    df = _present(df, [by, label, share])
    title = title or f"Share of each {label} per {by}, with 95% intervals"
    if df.is_empty():
        message = f"No {label} of any set was found in the corpus, so there is no {share} to draw."
        return empty_figure(message, title=title)
    df, groups, total = largest(df, by, max_groups, weight=weight)
    notes = [shown_note(len(groups), total, by, ranked_by(df, weight, otherwise="rows"))]
    row = {g: i for i, g in enumerate(groups)}
    panels = []
    for name, part in _panels(df, panel):
        part, labels, n_labels = largest(part, label, max_labels(), weight=weight)
        notes.append(
            shown_note(len(labels), n_labels, label, ranked_by(df, weight, otherwise="rows"))
        )
        panels.append((name, part, labels))
    heights = [1.0 + 0.3 * len(groups) * max(1.0, len(labels) / 2) for _, _, labels in panels]
    fig = figure(8.5, 0.6 + sum(heights))
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, (name, part, labels) in zip(axes, panels, strict=True):
        styles = label_styles(labels)
        step = 0.8 / len(labels)
        for i, value in enumerate(labels):
            rows = part.filter(pl.col(label) == value).with_columns(
                pl.col(lower).fill_null(pl.col(share)), pl.col(upper).fill_null(pl.col(share))
            )
            xs = rows[share].to_numpy()
            ys = [row[g] - 0.4 + step * (i + 0.5) for g in rows[by]]
            errors = [
                (xs - rows[lower].to_numpy()).clip(min=0),
                (rows[upper].to_numpy() - xs).clip(min=0),
            ]
            colour, marker, _ = styles[value]
            ax.errorbar(xs, ys, xerr=errors, fmt=marker, color=colour, label=str(value), capsize=3)
        ax.set_yticks(range(len(groups)), [str(g) for g in groups])
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of labelled mentions")
        ax.set_ylabel(by)
        ax.legend(
            title=label,
            bbox_to_anchor=(1.02, 1),
            loc="upper left",
            frameon=False,
            ncols=math.ceil(len(labels) / 25),
        )
        ax.set_title("" if name is None else f"{panel}: {name}", loc="left")
    fig.suptitle(title)
    add_notes(fig, notes)
    return fig


def plot_label_heatmap(
    shares: pl.DataFrame,
    *,
    by: str = "outlet",
    label: str = "label",
    value: str = "share",
    panel: str | None = "label_set",
    max_groups: int | None = 20,
    max_labels: int | None = 40,
    weight: str | None = "n",
    title: str | None = None,
) -> Figure:
    """A group × label heatmap of one value (a share, a count, a residual), annotated.

    Parameters
    ----------
    shares
        One row per group and label.
    by, label, value
        Column names: rows of the heatmap, its columns, and the cell value.
    panel
        When the frame has this column, one heatmap per value (in two columns past three).
    max_groups, max_labels
        Draw at most this many rows (the groups with the most mentions, the sum of
        ``weight``, or with the most rows when the frame has no such column) and columns per
        panel (likewise); ``None`` for all. Many panels keep fewer rows, as many as fit the
        figure at a readable size. The figure says when it leaves some out.
    weight
        The count column that ranks groups and labels.
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Rows sorted by group, columns sorted by label; missing cells are blank. Cells carry
        their value up to 400 cells in all when they are wide enough. With no value at all,
        a figure that says so.

    Examples
    --------
    >>> import polars as pl
    >>> shares = pl.DataFrame({"outlet": ["B", "A", "A"], "label": ["x", "x", "y"],
    ...                        "share": [1.0, 0.25, 0.75]})
    >>> fig = plot_label_heatmap(shares)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A', 'B']
    """
    df = _select(shares, [by, label, value], [panel, weight], what="plot_label_heatmap()")
    df = _present(df, [by, label, value])
    title = title or f"{value.capitalize()} of each {label} per {by}"
    if df.is_empty():
        message = f"No {value} to show: no {label} of this set was found in the corpus."
        return empty_figure(message, title=title)
    # Panels go in two columns past three, and each keeps only the rows that fit the capped
    # height at a readable size.
    n_panels = df[panel].n_unique() if panel is not None and panel in df.columns else 1
    ncols = 1 if n_panels <= 3 else 2
    nrows = math.ceil(n_panels / ncols)
    fit = max(1, int(((MAX_HEIGHT - 0.6) / nrows - _PANEL_MARGIN) / _ROW_HEIGHT))
    limit = fit if max_groups is None else min(max_groups, fit)
    df, groups, total = largest(df, by, limit, weight=weight)
    words = ranked_by(df, weight, otherwise="rows")
    notes = [shown_note(len(groups), total, by, words)]
    panels = []
    for name, part in _panels(df, panel):
        part, labels, n_labels = largest(part, label, max_labels, weight=weight)
        notes.append(shown_note(len(labels), n_labels, label, words))
        panels.append((name, part, labels))
    widest = max(len(labels) for _, _, labels in panels)
    fig = figure(
        ncols * (3.0 + 0.75 * widest), 0.6 + nrows * (_PANEL_MARGIN + _ROW_HEIGHT * len(groups))
    )
    cell_width = (fig.get_size_inches()[0] / ncols - 3.0) / widest
    cells = len(groups) * sum(len(labels) for _, _, labels in panels)
    annotate = cells <= _ANNOTATE_CELLS and cell_width >= 0.45
    axes = list(fig.subplots(nrows, ncols, squeeze=False).flat)
    # One colour scale for every panel, so that a colour stands for one value throughout.
    numbers = df[value].cast(pl.Float64).to_numpy()
    norm = Normalize(float(numbers.min()), float(numbers.max()))
    for ax, (name, part, labels) in zip(axes, panels, strict=False):
        mesh = heatmap(
            ax,
            matrix(part, by, label, value, rows=groups, columns=labels),
            rows=groups,
            columns=labels,
            annotate=annotate,
            fmt=".2f",
            norm=norm,
            column_width=cell_width,
        )
        ax.set_xlabel(label)
        ax.set_ylabel(by)
        ax.set_title("" if name is None else f"{panel}: {name}", loc="left")
    for ax in axes[len(panels) :]:
        ax.remove()
    height = fig.get_size_inches()[1]
    fig.colorbar(mesh, ax=axes[: len(panels)], label=value, shrink=min(1.0, 5.0 / height))
    fig.suptitle(title)
    add_notes(fig, notes)
    return fig


def plot_documents_over_time(
    counts: pl.DataFrame,
    *,
    period: str = "week",
    by: str = "outlet",
    value: str = "documents",
    max_groups: int | None = 30,
    max_periods: int = 60,
    title: str | None = None,
) -> Figure:
    """A group × period heatmap of document counts, so gaps and bursts show at a glance.

    Parameters
    ----------
    counts
        One row per group and period, e.g. from :func:`discourse.documents_over_time`.
    period, by, value
        Column names: the period (a date), the group and the count.
    max_groups
        Draw the groups with the most documents, at most this many; ``None`` for all. The
        figure says when it leaves groups out.
    max_periods
        At most this many columns: past it, each column sums that many consecutive periods
        (and the axis label says how many).
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Periods in date order as columns (a regular series of dates with its empty periods
        included, blank), ticked with their first day; groups sorted as rows. Rows with a null
        period or count (undated documents) are left out; with none left, a figure that says so.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> counts = pl.DataFrame({"outlet": ["B", "A"], "week": [date(2023, 10, 9), date(2023, 10, 2)],
    ...                        "documents": [1, 3]})
    >>> fig = plot_documents_over_time(counts)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['2023-10-02', '2023-10-09']
    """
    df = _select(counts, [by, period, value], [], what="plot_documents_over_time()")
    df = _present(df, [by, period, value])
    title = title or f"{value.capitalize()} per {by} and {period}"
    if df.is_empty():
        message = f"No dated document to show: the table has no {value} per {period}."
        return empty_figure(message, title=title)
    df, groups, total = largest(df, by, max_groups, weight=value)
    periods = series_periods(df[period].to_list())
    size = max(1, math.ceil(len(periods) / max(max_periods, 1)))
    starts = periods[::size]
    column = pl.DataFrame(
        {period: periods, "_column": [i // size for i in range(len(periods))]},
        schema={period: df.schema[period], "_column": pl.Int64},
    )
    binned = df.join(column, on=period).group_by(by, "_column").agg(pl.col(value).sum())
    bins = list(range(len(starts)))
    table = matrix(binned, by, "_column", value, rows=groups, columns=bins)
    annotate = len(groups) <= _ANNOTATE_ROWS and len(starts) <= 20
    fig = figure(2.5 + 0.45 * len(starts), 1.8 + 0.4 * len(groups))
    ax = fig.subplots()
    mesh = heatmap(ax, table, rows=groups, columns=None, annotate=annotate, fmt=".0f")
    fig.colorbar(mesh, ax=ax, label=value, shrink=min(1.0, 6.0 / fig.get_size_inches()[1]))
    period_ticks(ax, starts, positions=[i + 0.5 for i in range(len(starts))])
    each = f"; each column sums {size} {plural(period)}" if size > 1 else ""
    ax.set_xlabel(f"{period} (first day{each})")
    ax.set_ylabel(by)
    ax.set_title(title)
    add_notes(fig, [shown_note(len(groups), total, by, value)])
    return fig


def plot_keyness(
    keyness: pl.DataFrame,
    *,
    measure: Literal["log_ratio", "g2"] = "log_ratio",
    by: str | None = "outlet",
    term: str = "term",
    top: int | None = 10,
    max_groups: int | None = 12,
    weight: str | None = "n_target",
    title: str | None = None,
) -> Figure:
    """Signed keyness bars: terms over-used (right) or under-used (left) by each group.

    Parameters
    ----------
    keyness
        One row per group and term, e.g. from :func:`discourse.terms.keywords`; ``measure`` must be
        signed (negative for under-use).
    measure
        The column to draw: ``"log_ratio"`` (effect size, log2 of the ratio of relative
        frequencies) or ``"g2"`` (signed log-likelihood).
    by
        The group column (one panel per group), or ``None`` for a single panel.
    term
        The term column.
    top
        Draw at most this many terms per panel, the largest by absolute value; ``None`` for all.
    max_groups
        Draw a panel for the groups with the most occurrences of the listed terms (the sum of
        ``weight``, or rows when the frame has no such column), at most this many; ``None``
        for all. The figure says when it leaves groups out.
    weight
        The count column that ranks groups.
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        One horizontal bar chart per group (two columns of panels past three groups), terms
        sorted by value. With no term at all, a figure that says so.

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"outlet": ["A", "A", "B"], "term": ["x", "y", "x"],
    ...                   "log_ratio": [1.5, -0.5, -1.5]})
    >>> fig = plot_keyness(k)
    >>> [ax.get_title() for ax in fig.axes]
    ['A', 'B']
    """
    keys = [term, measure] if by is None else [by, term, measure]
    df = _present(_select(keyness, keys, [weight], what="plot_keyness()"), keys)
    axis_label = (
        "Log Ratio (log2 of relative frequencies)" if measure == "log_ratio" else "signed G²"
    )
    title = title or f"Most distinctive terms per {by or 'corpus'} ({axis_label})"
    if df.is_empty():
        message = f"No term to show: the table has no {measure} (no term was distinctive enough)."
        return empty_figure(message, title=title)
    notes = []
    groups: list[Any] = [None]
    if by is not None:
        df, groups, total = largest(df, by, max_groups, weight=weight)
        notes.append(shown_note(len(groups), total, by, ranked_by(df, weight, otherwise="terms")))
    drawn = []
    for group in groups:
        rows = df if by is None else df.filter(pl.col(by) == group)
        rows = rows.sort([pl.col(measure).abs(), pl.col(term)], descending=[True, False])
        if top is not None:
            rows = rows.head(top)
        drawn.append(rows.sort([measure, term], descending=[True, False]))
    ncols = 1 if len(groups) <= 3 else 2
    nrows = math.ceil(len(groups) / ncols)
    heights = [
        0.8 + 0.28 * max(r.height for r in drawn[i * ncols : (i + 1) * ncols]) for i in range(nrows)
    ]
    fig = figure(7.0 * ncols, 0.6 + sum(heights))
    axes = list(fig.subplots(nrows, ncols, squeeze=False, height_ratios=heights).flat)
    over, under = sns.color_palette(PALETTE, n_colors=2)
    for ax, group, rows in zip(axes, groups, drawn, strict=False):
        values = rows[measure].to_list()
        ax.barh(
            [str(t) for t in rows[term]], values, color=[over if v >= 0 else under for v in values]
        )
        ax.axvline(0, color="black", linewidth=0.8)
        ax.invert_yaxis()
        ax.set_xlabel(axis_label)
        ax.set_ylabel(term)
        ax.set_title("" if group is None else str(group))
    for ax in axes[len(groups) :]:
        ax.remove()
    fig.suptitle(title)
    add_notes(fig, notes)
    return fig


def plot_label_shares_over_time(
    shares: pl.DataFrame,
    *,
    period: str = "week",
    by: str = "outlet",
    label: str = "label",
    share: str = "share",
    max_groups: int | None = 12,
    weight: str | None = "n",
    title: str | None = None,
) -> Figure:
    """Share of each label per period, one panel per group.

    Parameters
    ----------
    shares
        One row per group, period and label (of one label set).
    period, by, label, share
        Column names.
    max_groups
        Draw a panel for the groups with the most mentions (the sum of ``weight``, or rows
        when the frame has no such column), at most this many; ``None`` for all. The figure
        says when it leaves groups out.
    weight
        The count column that ranks groups (and labels, past the 80 that markers and colours
        can tell apart).
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Lines with markers, one (colour, marker) pair per label listed in one legend; panels
        share the y axis (0 … 1) and the x axis, ticked on the periods of the frame. With no
        share at all, a figure that says so.

    Raises
    ------
    DiscourseError
        When a group, period and label have more than one row (several label sets).

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> weeks = [date(2023, 10, 2)] * 2 + [date(2023, 10, 9)] * 2
    >>> s = pl.DataFrame({"outlet": ["A"] * 4, "week": weeks, "label": ["x", "y"] * 2,
    ...                   "share": [0.5, 0.5, 0.2, 0.8]})
    >>> fig = plot_label_shares_over_time(s)
    >>> fig.axes[0].get_ylabel()
    'share of labelled mentions'
    """
    keys = [by, period, label]
    what = "plot_label_shares_over_time()"
    df = _present(_select(shares, [*keys, share], [weight], what=what), [*keys, share])
    title = title or f"Share of each {label} per {period}, by {by}"
    if df.is_empty():
        message = (
            f"No {label} share per {period} to show: no {label} was found in a dated document."
        )
        return empty_figure(message, title=title)
    words = ranked_by(df, weight, otherwise="rows")
    df, groups, total = largest(df, by, max_groups, weight=weight)
    # Checked on the groups drawn only: hashing every row of a large table costs seconds.
    if df.select(pl.struct(keys).is_duplicated().any()).item():
        raise DiscourseError(
            f"{what} needs one row per {by}, {period} and {label}, and the table has several; "
            "filter it to one label set first, e.g. .filter(label_set='hamas')."
        )
    df, labels, n_labels = largest(df, label, max_labels(), weight=weight)
    notes = [
        shown_note(len(groups), total, by, words),
        shown_note(len(labels), n_labels, label, words),
    ]
    styles = label_styles(labels)
    periods = sorted(set(df[period].to_list()))
    temporal = is_temporal(periods)
    position = {p: i for i, p in enumerate(periods)}
    ncols = min(3, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig = figure(4.0 * ncols + 2.5, 3.0 * nrows + 0.8)
    grid = fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True)
    parts = df.sort(period).partition_by(by, label, as_dict=True)
    for ax, group in zip(grid.flat, groups, strict=False):
        for value in labels:
            part = parts.get((group, value))
            if part is None:
                continue
            xs = part[period].to_list()
            colour, marker, linestyle = styles[value]
            ax.plot(
                xs if temporal else [position[x] for x in xs],
                part[share].to_list(),
                color=colour,
                marker=marker,
                linestyle=linestyle,
                label=str(value),
            )
        ax.set_ylim(0, 1)
        ax.set_title(str(group))
        ax.set_xlabel(period)
        ax.set_ylabel("share of labelled mentions")
        period_ticks(ax, periods, None if temporal else list(range(len(periods))), limit=6)
    for i, ax in enumerate(grid.flat):
        if i >= len(groups):
            ax.remove()
            grid.flat[i - ncols].xaxis.set_tick_params(labelbottom=True)
    handles = [
        Line2D([], [], color=c, marker=m, linestyle=s, label=str(v))
        for v, (c, m, s) in styles.items()
    ]
    fig.legend(
        handles=handles,
        title=label,
        loc="outside right upper",
        frameon=False,
        ncols=math.ceil(len(handles) / 25),
    )
    fig.suptitle(title)
    add_notes(fig, notes)
    return fig


def plot_sentiment(
    scores: pl.DataFrame,
    *,
    by: str = "outlet",
    columns: Sequence[str] = ("vader_compound", "textblob_polarity"),
    max_groups: int | None = 20,
    title: str | None = None,
) -> Figure:
    """Distribution of sentiment scores per group, one panel per score column.

    Parameters
    ----------
    scores
        One row per scored unit (sentence, document, target mention), e.g. from
        :func:`discourse.sentence_sentiment`.
    by
        The group column.
    columns
        Score columns to draw, each on its own panel (−1 … +1 scales).
    max_groups
        Draw the groups with the most scored rows, at most this many; ``None`` for all. The
        figure says when it leaves groups out.
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Box plots per group with the mean marked; groups sorted (each its own colour up to
        ten groups, one colour past that: the axis names them). With no score at all, a
        figure that says so.

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.DataFrame({"outlet": ["A", "A", "B"], "vader_compound": [0.1, -0.4, 0.3],
    ...                   "textblob_polarity": [0.0, -0.2, 0.5]})
    >>> fig = plot_sentiment(s)
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['vader_compound', 'textblob_polarity']
    """
    columns = list(columns)
    df = _select(scores, [by, *columns], [], what="plot_sentiment()")
    df = _present(df.with_columns(_nan_to_null(df, columns)), [by])
    df = df.filter(pl.any_horizontal(pl.col(columns).is_not_null()))
    title = title or f"Sentiment scores per {by} (box: quartiles, ◆: mean)"
    if df.is_empty():
        message = f"No score to show: the table has no row with a {' or '.join(columns)} score."
        return empty_figure(message, title=title)
    df, groups, total = largest(df, by, max_groups, weight=None)
    colours = sns.color_palette(PALETTE)
    hue: dict[str, Any] = (
        {"hue": by, "hue_order": groups, "palette": PALETTE}
        if len(groups) <= len(colours)
        else {"color": colours[0]}
    )
    fig = figure(4.5 * len(columns), 1.5 + 0.45 * len(groups))
    axes = fig.subplots(1, len(columns), squeeze=False, sharey=True)
    data = df.to_pandas()
    for ax, column in zip(axes[0], columns, strict=True):
        ax.set_xlabel(column)
        if df[column].null_count() == df.height:
            ax.set_axis_off()
            ax.text(0.5, 0.5, f"no {column} score", ha="center", transform=ax.transAxes)
            continue
        sns.boxplot(
            data=data,
            x=column,
            y=by,
            order=groups,
            showmeans=True,
            meanprops={"marker": "D", "markerfacecolor": "white", "markeredgecolor": "black"},
            ax=ax,
            legend=False,
            **hue,
        )
        ax.axvline(0, color="grey", linewidth=0.8, linestyle="--")
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylabel(by)
    fig.suptitle(title)
    add_notes(fig, [shown_note(len(groups), total, by, "scored rows")])
    return fig
