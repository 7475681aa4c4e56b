"""Figures: what is drawn matches the frame, categories are sorted, axes say what they show."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
import seaborn as sns
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from discourse.errors import DiscourseError
from discourse.plots import (
    PALETTE,
    plot_keyness,
    plot_label_heatmap,
    plot_label_shares,
    plot_label_shares_over_time,
    plot_sentiment,
)


@pytest.fixture
def shares() -> pl.DataFrame:
    # Outlets deliberately out of order: the figure must sort them.
    return pl.DataFrame(
        {
            "outlet": ["Beta", "Beta", "Alpha", "Alpha"],
            "label": ["terrorist", "militant", "terrorist", "militant"],
            "share": [0.75, 0.25, 0.2, 0.8],
            "ci_low": [0.5, 0.1, 0.05, 0.6],
            "ci_high": [0.9, 0.5, 0.4, 0.95],
        }
    )


def test_label_shares_points_and_interval_bars(shares: pl.DataFrame) -> None:
    fig = plot_label_shares(shares)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alpha", "Beta"]
    assert ax.get_xlabel() == "share of labelled mentions"
    assert ax.get_ylabel() == "outlet"
    assert fig.get_suptitle() == "Share of each label per outlet, with 95% intervals"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["militant", "terrorist"]
    # One errorbar container per label; its line holds the shares, its bars span lower..upper.
    containers = ax.containers
    assert len(containers) == 2
    militant = containers[0]
    xs = sorted(militant.lines[0].get_xdata())
    assert xs == [0.25, 0.8]
    segments = militant.lines[2][0].get_segments()
    spans = sorted((round(s[0][0], 6), round(s[1][0], 6)) for s in segments)
    assert spans == [(0.1, 0.5), (0.6, 0.95)]
    colours = sns.color_palette(PALETTE, 2)
    assert to_rgb(militant.lines[0].get_color()) == pytest.approx(colours[0])


def test_label_heatmap_sorted_and_annotated(shares: pl.DataFrame) -> None:
    fig = plot_label_heatmap(shares)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alpha", "Beta"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["militant", "terrorist"]
    assert [t.get_text() for t in ax.texts] == ["0.80", "0.20", "0.25", "0.75"]
    assert fig.get_suptitle() == "Share of each label per outlet"


def test_keyness_signed_bars_top_per_group() -> None:
    k = pl.DataFrame(
        {
            "outlet": ["A"] * 4 + ["B"] * 2,
            "term": ["w", "x", "y", "z", "x", "y"],
            "log_ratio": [3.0, -2.0, 0.5, 1.0, 1.5, -0.25],
        }
    )
    fig = plot_keyness(k, top=3)
    a, b = fig.axes
    assert (a.get_title(), b.get_title()) == ("A", "B")
    # top=3 keeps the three largest |values| of A (w, x, z), drawn from most over- to most under-used.
    assert [t.get_text() for t in a.get_yticklabels()] == ["w", "z", "x"]
    assert [p.get_width() for p in a.patches] == [3.0, 1.0, -2.0]
    over, under = sns.color_palette(PALETTE, 2)
    assert [to_rgb(p.get_facecolor()) for p in a.patches] == [
        pytest.approx(over),
        pytest.approx(over),
        pytest.approx(under),
    ]
    assert [p.get_width() for p in b.patches] == [1.5, -0.25]
    assert a.get_xlabel().startswith("Log Ratio")


def test_keyness_g2_single_panel() -> None:
    k = pl.DataFrame({"term": ["x", "y"], "g2": [-4.0, 9.0]})
    fig = plot_keyness(k, measure="g2", by=None, top=None)
    (ax,) = fig.axes
    assert ax.get_xlabel() == "signed G²"
    assert [p.get_width() for p in ax.patches] == [9.0, -4.0]


def test_label_shares_over_time_one_panel_per_outlet() -> None:
    weeks = [date(2023, 10, 2), date(2023, 10, 9)]
    frame = pl.DataFrame(
        {
            "outlet": ["B", "B", "A", "A"],
            "week": weeks * 2,
            "label": ["x", "x", "x", "x"],
            "share": [0.1, 0.9, 0.4, 0.6],
        }
    )
    fig = plot_label_shares_over_time(frame)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["A", "B"]
    line = visible[1].get_lines()[0]
    assert list(line.get_ydata()) == [0.1, 0.9]
    assert visible[0].get_ylim() == (0.0, 1.0)


def test_sentiment_one_panel_per_score_groups_sorted() -> None:
    scores = pl.DataFrame(
        {
            "outlet": ["B", "A", "A", "B"],
            "vader_compound": [0.5, -0.5, 0.1, 0.3],
            "textblob_polarity": [0.0, 0.2, -0.2, 0.1],
        }
    )
    fig = plot_sentiment(scores)
    left, right = fig.axes
    assert (left.get_xlabel(), right.get_xlabel()) == ("vader_compound", "textblob_polarity")
    assert [t.get_text() for t in left.get_yticklabels()] == ["A", "B"]
    assert left.get_xlim() == (-1.05, 1.05)
    # The mean marker of A on the VADER panel is at (-0.5 + 0.1) / 2.
    means = [
        line for line in left.get_lines() if line.get_marker() == "D" and len(line.get_xdata()) == 1
    ]
    assert sorted(float(np.asarray(m.get_xdata())[0]) for m in means) == pytest.approx([-0.2, 0.4])


@pytest.mark.parametrize(
    ("function", "frame"),
    [
        (plot_label_shares, pl.DataFrame({"outlet": ["A"], "label": ["x"], "share": [0.5]})),
        (plot_label_heatmap, pl.DataFrame({"outlet": ["A"], "share": [0.5]})),
        (plot_keyness, pl.DataFrame({"outlet": ["A"], "term": ["x"]})),
        (plot_sentiment, pl.DataFrame({"outlet": ["A"], "vader_compound": [0.1]})),
    ],
)
def test_missing_columns_raise_naming_them(function, frame: pl.DataFrame) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DiscourseError, match=r"needs column\(s\)"):
        function(frame)


def test_title_override(shares: pl.DataFrame) -> None:
    fig = plot_label_heatmap(shares, title="Custom")
    assert fig.get_suptitle() == "Custom"
