"""Figures from result frames: one function per chart, no statistics computed here.

Each function takes a frame that an analysis function returned, converts it to pandas at this
edge (seaborn does not read polars), and returns a :class:`matplotlib.figure.Figure` with
sorted categories, labelled axes, a colour-blind safe palette and a title that says what is
compared. Column names are keyword options so a frame from another tool can be plotted too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import matplotlib.pyplot as plt
import polars as pl
import seaborn as sns
from matplotlib.figure import Figure

from discourse._frame import require_columns

__all__ = [
    "PALETTE",
    "plot_documents_over_time",
    "plot_keyness",
    "plot_label_heatmap",
    "plot_label_shares",
    "plot_label_shares_over_time",
    "plot_sentiment",
]

#: Qualitative palette safe for the common colour-vision deficiencies (Okabe–Ito based).
PALETTE = "colorblind"

#: Sequential colour map that stays readable in greyscale and for colour-blind readers.
_SEQUENTIAL = "cividis"


def _figure(size: tuple[float, float]) -> Figure:
    # Made through pyplot so Jupyter knows how to draw it, then closed so it is drawn once (as the
    # cell's value) and pyplot does not keep every figure alive.
    fig = plt.figure(figsize=size, layout="constrained")
    plt.close(fig)
    return fig


def _pandas(frame: pl.DataFrame | pl.LazyFrame, columns: Sequence[str], *, what: str) -> Any:
    require_columns(frame, columns, what=what)
    df = frame.lazy().select(columns).collect()
    return df.to_pandas()


def _sorted(values: Sequence[object]) -> list[object]:
    return sorted({v for v in values if v is not None}, key=str)


def _panels(df: Any, panel: str | None) -> list[tuple[object, Any]]:
    if panel is None or panel not in df.columns:
        return [(None, df)]
    return [(name, df[df[panel] == name]) for name in _sorted(df[panel].tolist())]


def plot_label_shares(
    shares: pl.DataFrame,
    *,
    by: str = "outlet",
    label: str = "label",
    share: str = "share",
    lower: str = "ci_low",
    upper: str = "ci_high",
    panel: str | None = "label_set",
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
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal dot plots: groups on the y axis, one colour per label; rows with a null share
        (a group that never mentions the set) are left out.

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
    columns = [by, label, share, lower, upper]
    if panel is not None and panel in shares.columns:
        columns.append(panel)
    df = _pandas(shares, columns, what="plot_label_shares()").dropna(subset=[share])
    panels = _panels(df, panel)
    groups = _sorted(df[by].tolist())
    heights = [1.0 + 0.3 * len(groups) * max(1.0, len(set(p[label])) / 2) for _, p in panels]
    fig = _figure((8.5, 0.6 + sum(heights)))
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, (name, part) in zip(axes, panels, strict=True):
        labels = _sorted(part[label].tolist())
        colours = sns.color_palette(PALETTE, n_colors=max(len(labels), 1))
        step = 0.8 / max(len(labels), 1)
        for i, value in enumerate(labels):
            rows = part[part[label] == value]
            ys = [groups.index(g) - 0.4 + step * (i + 0.5) for g in rows[by]]
            errors = [
                (rows[share] - rows[lower]).clip(lower=0),
                (rows[upper] - rows[share]).clip(lower=0),
            ]
            ax.errorbar(
                rows[share], ys, xerr=errors, fmt="o", color=colours[i], label=str(value), capsize=3
            )
        ax.set_yticks(range(len(groups)), [str(g) for g in groups])
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of labelled mentions")
        ax.set_ylabel(by)
        ax.legend(title=label, bbox_to_anchor=(1.02, 1), loc="upper left", frameon=False)
        ax.set_title("" if name is None else f"{panel}: {name}", loc="left")
    fig.suptitle(title or f"Share of each {label} per {by}, with 95% intervals")
    return fig


def plot_label_heatmap(
    shares: pl.DataFrame,
    *,
    by: str = "outlet",
    label: str = "label",
    value: str = "share",
    panel: str | None = "label_set",
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
        When the frame has this column, one heatmap per value, stacked.
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Rows sorted by group, columns sorted by label; missing cells are blank.

    Examples
    --------
    >>> import polars as pl
    >>> shares = pl.DataFrame({"outlet": ["B", "A", "A"], "label": ["x", "x", "y"],
    ...                        "share": [1.0, 0.25, 0.75]})
    >>> fig = plot_label_heatmap(shares)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A', 'B']
    """
    columns = [by, label, value]
    if panel is not None and panel in shares.columns:
        columns.append(panel)
    df = _pandas(shares, columns, what="plot_label_heatmap()")
    panels = _panels(df, panel)
    groups = _sorted(df[by].tolist())
    widest = max(len(set(p[label])) for _, p in panels)
    height = 1.0 + 0.45 * len(groups)
    fig = _figure((3.0 + 1.1 * widest, 0.6 + height * len(panels)))
    axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
    for ax, (name, part) in zip(axes, panels, strict=True):
        table = part.pivot_table(index=by, columns=label, values=value, aggfunc="first")
        table = table.reindex(index=groups, columns=_sorted(table.columns.tolist()))
        sns.heatmap(
            table, annot=True, fmt=".2f", cmap=_SEQUENTIAL, ax=ax, cbar_kws={"label": value}
        )
        ax.set_xlabel(label)
        ax.set_ylabel(by)
        ax.set_title("" if name is None else f"{panel}: {name}", loc="left")
    fig.suptitle(title or f"{value.capitalize()} of each {label} per {by}")
    return fig


def plot_documents_over_time(
    counts: pl.DataFrame,
    *,
    period: str = "week",
    by: str = "outlet",
    value: str = "documents",
    title: str | None = None,
) -> Figure:
    """A group × period heatmap of document counts, so gaps and bursts show at a glance.

    Parameters
    ----------
    counts
        One row per group and period, e.g. from :func:`discourse.documents_over_time`.
    period, by, value
        Column names: the period (a date), the group and the count.
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Periods in date order as columns (labelled by their first day), groups sorted as rows,
        empty periods blank.

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
    df = _pandas(counts, [by, period, value], what="plot_documents_over_time()")
    table = df.pivot_table(index=by, columns=period, values=value, aggfunc="sum")
    table = table.reindex(index=_sorted(table.index.tolist()), columns=sorted(table.columns))
    table.columns = [f"{c:%Y-%m-%d}" if hasattr(c, "strftime") else str(c) for c in table.columns]
    fig = _figure((2.5 + 0.55 * len(table.columns), 1.5 + 0.45 * len(table.index)))
    ax = fig.subplots()
    sns.heatmap(table, annot=True, fmt=".0f", cmap=_SEQUENTIAL, ax=ax, cbar_kws={"label": value})
    ax.set_xlabel(f"{period} (first day)")
    ax.set_ylabel(by)
    ax.set_title(title or f"{value.capitalize()} per {by} and {period}")
    return fig


def plot_keyness(
    keyness: pl.DataFrame,
    *,
    measure: Literal["log_ratio", "g2"] = "log_ratio",
    by: str | None = "outlet",
    term: str = "term",
    top: int | None = 10,
    title: str | None = None,
) -> Figure:
    """Signed keyness bars: terms over-used (right) or under-used (left) by each group.

    Parameters
    ----------
    keyness
        One row per group and term, e.g. from :func:`discourse.keyness`; ``measure`` must be
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
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        One horizontal bar chart per group, terms sorted by value.

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"outlet": ["A", "A", "B"], "term": ["x", "y", "x"],
    ...                   "log_ratio": [1.5, -0.5, -1.5]})
    >>> fig = plot_keyness(k)
    >>> [ax.get_title() for ax in fig.axes]
    ['A', 'B']
    """
    columns = [term, measure] if by is None else [by, term, measure]
    df = _pandas(keyness, columns, what="plot_keyness()")
    groups = _sorted(df[by].tolist()) if by is not None else [None]
    axis_label = (
        "Log Ratio (log2 of relative frequencies)" if measure == "log_ratio" else "signed G²"
    )
    heights = [min(len(df if g is None else df[df[by] == g]), top or len(df)) for g in groups]
    fig = _figure((7, 1.0 + 0.28 * sum(heights) + 0.6 * len(groups)))
    axes = fig.subplots(len(groups), 1, squeeze=False)
    over, under = sns.color_palette(PALETTE, n_colors=2)
    for ax, group in zip(axes[:, 0], groups, strict=True):
        rows = df if group is None else df[df[by] == group]
        rows = rows.assign(_abs=rows[measure].abs()).sort_values(
            ["_abs", term], ascending=[False, True]
        )
        if top is not None:
            rows = rows.head(top)
        rows = rows.sort_values([measure, term], ascending=[False, True])
        colours = [over if v >= 0 else under for v in rows[measure]]
        ax.barh([str(t) for t in rows[term]], rows[measure], color=colours)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.invert_yaxis()
        ax.set_xlabel(axis_label)
        ax.set_ylabel(term)
        ax.set_title("" if group is None else str(group))
    fig.suptitle(title or f"Most distinctive terms per {by or 'corpus'} ({axis_label})")
    return fig


def plot_label_shares_over_time(
    shares: pl.DataFrame,
    *,
    period: str = "week",
    by: str = "outlet",
    label: str = "label",
    share: str = "share",
    title: str | None = None,
) -> Figure:
    """Share of each label per period, one panel per group.

    Parameters
    ----------
    shares
        One row per group, period and label.
    period, by, label, share
        Column names.
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Lines with markers; panels share the y axis (0 … 1).

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
    df = _pandas(shares, [by, period, label, share], what="plot_label_shares_over_time()")
    groups = _sorted(df[by].tolist())
    labels = _sorted(df[label].tolist())
    ncols = min(3, max(len(groups), 1))
    nrows = -(-max(len(groups), 1) // ncols)
    fig = _figure((4 * ncols + 1.5, 3 * nrows + 0.5))
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True)
    for ax, group in zip(axes.flat, groups, strict=False):
        sns.lineplot(
            data=df[df[by] == group],
            x=period,
            y=share,
            hue=label,
            hue_order=labels,
            palette=PALETTE,
            marker="o",
            ax=ax,
            legend=ax is axes.flat[0],
        )
        ax.set_ylim(0, 1)
        ax.set_title(str(group))
        ax.set_xlabel(period)
        ax.set_ylabel("share of labelled mentions")
        ax.tick_params(axis="x", labelrotation=45)
    for ax in axes.flat[len(groups) :]:
        ax.set_visible(False)
    if groups and axes.flat[0].get_legend() is not None:
        sns.move_legend(axes.flat[0], "upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.suptitle(title or f"Share of each {label} per {period}, by {by}")
    return fig


def plot_sentiment(
    scores: pl.DataFrame,
    *,
    by: str = "outlet",
    columns: Sequence[str] = ("vader_compound", "textblob_polarity"),
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
    title
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Box plots per group with the mean marked; groups sorted.

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.DataFrame({"outlet": ["A", "A", "B"], "vader_compound": [0.1, -0.4, 0.3],
    ...                   "textblob_polarity": [0.0, -0.2, 0.5]})
    >>> fig = plot_sentiment(s)
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['vader_compound', 'textblob_polarity']
    """
    df = _pandas(scores, [by, *columns], what="plot_sentiment()")
    groups = _sorted(df[by].tolist())
    size = (4.5 * len(columns), 1.5 + 0.45 * len(groups))
    fig = _figure(size)
    axes = fig.subplots(1, len(columns), squeeze=False, sharey=True)
    for ax, column in zip(axes[0], columns, strict=True):
        sns.boxplot(
            data=df,
            x=column,
            y=by,
            order=groups,
            hue=by,
            hue_order=groups,
            palette=PALETTE,
            showmeans=True,
            meanprops={"marker": "D", "markerfacecolor": "white", "markeredgecolor": "black"},
            ax=ax,
            legend=False,
        )
        ax.axvline(0, color="grey", linewidth=0.8, linestyle="--")
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel(column)
        ax.set_ylabel(by)
    fig.suptitle(title or f"Sentiment scores per {by} (box: quartiles, ◆: mean)")
    return fig
