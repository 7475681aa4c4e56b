"""Figures over time: documents per group and period, and label shares per period.

Each function takes a frame that an analysis function returned (eager or lazy) and returns a
:class:`matplotlib.figure.Figure` with sorted categories, labelled axes, a colour-blind safe
palette and a title that says what is compared. Column names are keyword options so a frame
from another tool can be plotted too; ``by=None`` draws the groups the frame already has (the
columns before its key columns, see :mod:`discourse.reports._plot_frames`). Whatever the corpus,
a figure stays bounded: at most ``max_groups`` groups (those with most documents or mentions,
said under the figure) and at most 18 × 40 inches. A frame with nothing to draw gives a small
figure that says so, never an error or an empty axis. Time axes are ticked on the data's own
periods.
"""

from __future__ import annotations

import math

import polars as pl
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from discourse._typing import By, Frame
from discourse.errors import DiscourseError
from discourse.reports._plot_frames import group_by_columns, one_group_column, per, present, select
from discourse.reports._plotting import (
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

__all__ = ["plot_documents_over_time", "plot_label_shares_over_time"]

#: Cells are annotated with their count only up to this many rows (each number is a text artist).
_ANNOTATE_ROWS = 30
_MARGIN = 0.04  # of the share axis, above 1 and below 0


def plot_documents_over_time(
    counts: Frame,
    *,
    period: str = "week",
    by: By = None,
    value: str = "documents",
    max_groups: int | None = 30,
    max_periods: int = 60,
    title: str | None = None,
) -> Figure:
    """A group × period heatmap of document counts, so gaps and bursts show at a glance.

    Parameters
    ----------
    counts
        One row per group and period, e.g. from :func:`discourse.documents_over_time` (or a
        LazyFrame).
    by
        The group column(s): one row of the heatmap per group (per combination of several).
        ``None`` (the default): the columns before ``period``, the groups the frame was
        counted for; none at all draws one row.
    period, value
        Column names: the period (a date) and the count.
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
    keys = group_by_columns(counts, by, keys=[period])
    df = select(counts, [*keys, period, value], [], what="plot_documents_over_time()")
    df, by = one_group_column(df, keys)
    df = present(df, [by, period, value])
    title = title or f"{value.capitalize()}{per(keys, by)} {'and' if keys else 'per'} {period}"
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


def plot_label_shares_over_time(
    shares: Frame,
    *,
    period: str = "week",
    by: By = None,
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
        One row per group, period and label (of one label set), e.g. from
        :func:`discourse.label_shares_over_time` (or a LazyFrame).
    by
        The group column(s): one panel per group (per combination of several). ``None`` (the
        default): the columns before ``period``, the groups the frame was computed for; none at
        all draws one panel.
    period, label, share
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
    what = "plot_label_shares_over_time()"
    groups_of = group_by_columns(shares, by, keys=[period])
    df = select(shares, [*groups_of, period, label, share], [weight], what=what)
    df, by = one_group_column(df, groups_of)
    keys = [by, period, label]
    df = present(df, [*keys, share])
    title = title or f"Share of each {label} per {period}" + (f", by {by}" if groups_of else "")
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
        # A margin above 1 and below 0: a label used for every mention of a week (share 1) or
        # for none (0) would otherwise be drawn on the frame and hidden by it.
        ax.set_ylim(-_MARGIN, 1 + _MARGIN)
        ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
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
