"""Figures of scores: signed keyness bars per term, and sentiment distributions per group.

Each function takes a frame that an analysis function returned (eager or lazy) and returns a
:class:`matplotlib.figure.Figure` with sorted categories, labelled axes, a colour-blind safe
palette and a title that says what is compared. Column names are keyword options so a frame
from another tool can be plotted too; ``by=None`` draws the groups the frame already has (the
columns before its key columns, see :mod:`discourse.reports._plot_frames`). Whatever the corpus,
a figure stays bounded: at most ``max_groups`` groups (those with most documents or mentions,
said under the figure) and at most 18 × 40 inches. A frame with nothing to draw gives a small
figure that says so, never an error or an empty axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import polars as pl
import seaborn as sns
from matplotlib.figure import Figure

from discourse._typing import By, Frame
from discourse.reports._plot_frames import (
    group_by_columns,
    nan_to_null,
    one_group_column,
    per,
    present,
    select,
)
from discourse.reports._plotting import (
    PALETTE,
    add_notes,
    empty_figure,
    figure,
    largest,
    ranked_by,
    shown_note,
)

__all__ = ["plot_keyness", "plot_sentiment"]


def plot_keyness(
    keyness: Frame,
    *,
    measure: Literal["log_ratio", "g2"] = "log_ratio",
    by: By = None,
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
        One row per group and term, e.g. from :func:`discourse.keyness` (or a LazyFrame);
        ``measure`` must be signed (negative for under-use).
    measure
        The column to draw: ``"log_ratio"`` (effect size, log2 of the ratio of relative
        frequencies) or ``"g2"`` (signed log-likelihood).
    by
        The group column(s): one panel per group (per combination of several). ``None`` (the
        default): the columns before ``term``, the groups the frame was computed for; a frame
        without any draws a single panel.
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
    group_keys = group_by_columns(keyness, by, keys=[term])
    df = select(keyness, [*group_keys, term, measure], [weight], what="plot_keyness()")
    name: str | None = None
    if group_keys:
        df, name = one_group_column(df, group_keys)
    keys = [term, measure] if name is None else [name, term, measure]
    df = present(df, keys)
    axis_label = (
        "Log Ratio (log2 of relative frequencies)" if measure == "log_ratio" else "signed G²"
    )
    title = title or f"Most distinctive terms per {name or 'corpus'} ({axis_label})"
    if df.is_empty():
        message = f"No term to show: the table has no {measure} (no term was distinctive enough)."
        return empty_figure(message, title=title)
    notes = []
    groups: list[Any] = [None]
    if name is not None:
        df, groups, total = largest(df, name, max_groups, weight=weight)
        notes.append(shown_note(len(groups), total, name, ranked_by(df, weight, otherwise="terms")))
    drawn = []
    for group in groups:
        rows = df if name is None else df.filter(pl.col(name) == group)
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


def plot_sentiment(
    scores: Frame,
    *,
    by: By = None,
    columns: Sequence[str] = ("vader_compound", "textblob_polarity"),
    max_groups: int | None = 20,
    title: str | None = None,
) -> Figure:
    """Distribution of sentiment scores per group, one panel per score column.

    Parameters
    ----------
    scores
        One row per scored unit (sentence, document, target mention), e.g. from
        :func:`discourse.sentence_sentiment` (or a LazyFrame).
    by
        The group column(s), e.g. ``"outlet"``: one box per group (per combination of several).
        ``None`` (the default): the columns before ``doc_id``, ``sentence``, ``text`` and the
        score columns, the groups a summary frame was computed for. A table of scored
        sentences or documents starts with ``doc_id``, so it is drawn as one group: pass
        ``by=`` to compare groups.
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
    keys = group_by_columns(scores, by, keys=["doc_id", "sentence", "text", *columns])
    df = select(scores, [*keys, *columns], [], what="plot_sentiment()")
    df, by = one_group_column(df, keys)
    df = present(df.with_columns(nan_to_null(df, columns)), [by])
    df = df.filter(pl.any_horizontal(pl.col(columns).is_not_null()))
    title = title or f"Sentiment scores{per(keys, by)} (box: quartiles, ◆: mean)"
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
