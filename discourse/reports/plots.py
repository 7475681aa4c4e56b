"""Figures of label shares: dot plots with intervals, and group × label heatmaps.

Each function takes a frame that an analysis function returned (eager or lazy) and returns a
:class:`matplotlib.figure.Figure` with sorted categories, labelled axes, a colour-blind safe
palette and a title that says what is compared. Column names are keyword options so a frame
from another tool can be plotted too; ``by=None`` draws the groups the frame already has (the
columns before its key columns, see :mod:`discourse.reports._plot_frames`). Whatever the corpus,
a figure stays bounded: at most ``max_groups`` groups (those with most documents or mentions,
said under the figure) and at most 18 × 40 inches. A frame with nothing to draw gives a small
figure that says so, never an error or an empty axis. A colour never stands for two labels.
"""

from __future__ import annotations

import math

import polars as pl
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from discourse._typing import By, Frame
from discourse.reports._plot_frames import (
    by_panel,
    group_by_columns,
    one_group_column,
    per,
    present,
    select,
)
from discourse.reports._plotting import (
    MAX_HEIGHT,
    add_notes,
    empty_figure,
    figure,
    heatmap,
    label_styles,
    largest,
    matrix,
    max_labels,
    ranked_by,
    shown_note,
)

__all__ = ["plot_label_heatmap", "plot_label_shares"]

# ``discourse.plots`` of 0.1 held every figure, and its old path loads this module: it still
# finds them all here for one release.
from discourse.reports.scores import plot_keyness as plot_keyness
from discourse.reports.scores import plot_sentiment as plot_sentiment
from discourse.reports.timelines import (
    plot_documents_over_time as plot_documents_over_time,
)
from discourse.reports.timelines import (
    plot_label_shares_over_time as plot_label_shares_over_time,
)

#: Cells are annotated with their value only up to this many cells in all panels (each number
#: is a text artist: thousands of them take seconds to draw).
_ANNOTATE_CELLS = 400

#: Heatmap rows and what a heatmap panel needs besides its rows (title, ticks), in inches.
_ROW_HEIGHT, _PANEL_MARGIN = 0.25, 1.4


def plot_label_shares(
    shares: Frame,
    *,
    by: By = None,
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
        One row per group and label, e.g. from :func:`discourse.label_shares` (or a LazyFrame).
    by
        The group column(s), one row of the plot per group (per combination of several).
        ``None`` (the default): the columns before ``panel`` and ``label``, the groups the
        frame was computed for; none at all draws one row for every share.
    label, share, lower, upper
        Column names: the label, the share (0 … 1) and its interval bounds.
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
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('share of labelled mentions', 'outlet')
    """
    what = "plot_label_shares()"
    keys = group_by_columns(shares, by, keys=[panel, label])
    df = select(shares, [*keys, label, share, lower, upper], [panel, weight], what=what)
    df, by = one_group_column(df, keys)
    df = present(df, [by, label, share])
    title = title or f"Share of each {label}{per(keys, by)}, with 95% intervals"
    if df.is_empty():
        message = f"No {label} of any set was found in the corpus, so there is no {share} to draw."
        return empty_figure(message, title=title)
    df, groups, total = largest(df, by, max_groups, weight=weight)
    notes = [shown_note(len(groups), total, by, ranked_by(df, weight, otherwise="rows"))]
    row = {g: i for i, g in enumerate(groups)}
    panels = []
    for name, part in by_panel(df, panel):
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
    shares: Frame,
    *,
    by: By = None,
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
        One row per group and label, e.g. from :func:`discourse.label_shares` (or a LazyFrame).
    by
        The group column(s): one row of the heatmap per group (per combination of several).
        ``None`` (the default): the columns before ``panel`` and ``label``, the groups the
        frame was computed for; none at all draws one row.
    label, value
        Column names: the columns of the heatmap and the cell value.
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
    keys = group_by_columns(shares, by, keys=[panel, label])
    df = select(shares, [*keys, label, value], [panel, weight], what="plot_label_heatmap()")
    df, by = one_group_column(df, keys)
    df = present(df, [by, label, value])
    title = title or f"{value.capitalize()} of each {label}{per(keys, by)}"
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
    for name, part in by_panel(df, panel):
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
