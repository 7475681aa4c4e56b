"""Figures: what is drawn matches the frame, categories are sorted, axes say what they show."""

from __future__ import annotations

import io
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
import seaborn as sns
from IPython.core.pylabtools import print_figure
from matplotlib.colors import to_rgb
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from discourse import (
    DiscourseError,
    plot_documents_over_time,
    plot_keyness,
    plot_label_heatmap,
    plot_label_shares,
    plot_label_shares_over_time,
    plot_sentiment,
)
from discourse.reports._plotting import MAX_HEIGHT, MAX_WIDTH, PALETTE


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
    # Shares of 0 and 1 lie inside the frame, not on it (hidden by it on the headlines corpus).
    low, high = visible[0].get_ylim()
    assert low < 0.0 and 1.0 < high <= 1.05
    assert [t for t in visible[0].get_yticks() if low <= t <= high] == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


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


# --- Any frame a corpus can produce: empty, tiny, huge, many labels -------------------------

WEEKS = [date(2023, 10, 2) + timedelta(weeks=i) for i in range(40)]


def _shares(groups: int, labels: int, *, weeks: int = 0) -> pl.DataFrame:
    """One label set; group g has g + 1 mentions of every label (so the last groups are largest)."""
    rows = [
        (f"Outlet {g:04d}", w, f"label {j:02d}", g + 1)
        for g in range(groups)
        for w in (WEEKS[:weeks] or [None])
        for j in range(labels)
    ]
    frame = pl.DataFrame(rows, schema=["outlet", "week", "label", "n"], orient="row").with_columns(
        label_set=pl.lit("hamas")
    )
    frame = frame.with_columns(set_n=pl.col("n").sum().over("outlet", "week"))
    frame = frame.with_columns(share=pl.col("n") / pl.col("set_n"))
    return frame.with_columns(ci_low=pl.col("share") / 2, ci_high=(pl.col("share") * 2).clip(0, 1))


def _documents(groups: int, weeks: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "outlet": [f"Outlet {g:04d}" for g in range(groups) for _ in range(weeks)],
            "week": WEEKS[:weeks] * groups if weeks <= 40 else _weeks(weeks) * groups,
            "documents": [g + 1 for g in range(groups) for _ in range(weeks)],
        }
    )


def _weeks(n: int) -> list[date]:
    return [date(2020, 1, 6) + timedelta(weeks=i) for i in range(n)]


def _keyness(groups: int, terms: int = 5) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "outlet": [f"Outlet {g:04d}" for g in range(groups) for _ in range(terms)],
            "term": [f"t{t}" for _ in range(groups) for t in range(terms)],
            "log_ratio": [float(t - 2) for _ in range(groups) for t in range(terms)],
            "n_target": [g + 1 for g in range(groups) for _ in range(terms)],
        }
    )


def _scores(groups: int, per_group: int = 1, *, larger: int = 0) -> pl.DataFrame:
    """``per_group`` scored rows per group, one more for the last ``larger`` groups."""
    sizes = [per_group + (g >= groups - larger) for g in range(groups)]
    return pl.DataFrame(
        {
            "outlet": [f"Outlet {g:04d}" for g, k in enumerate(sizes) for _ in range(k)],
            "vader_compound": [((i % 7) - 3) / 4 for k in sizes for i in range(k)],
            "textblob_polarity": [((i % 5) - 2) / 3 for k in sizes for i in range(k)],
        }
    )


EMPTY_CASES = [
    (plot_label_shares, _shares(0, 0).drop("week"), "No label of any set was found"),
    (plot_label_shares, _shares(2, 2).drop("week").with_columns(share=None), "No label"),
    (plot_label_heatmap, _shares(0, 0).drop("week"), "no label of this set was found"),
    (plot_label_heatmap, _shares(2, 2).drop("week").with_columns(share=None), "No share"),
    (plot_label_heatmap, _shares(2, 2).drop("week").with_columns(share=float("nan")), "No share"),
    (plot_documents_over_time, _documents(0, 0), "No dated document"),
    (plot_documents_over_time, _documents(2, 3).with_columns(week=None), "No dated document"),
    (plot_keyness, _keyness(0), "No term to show"),
    (plot_keyness, _keyness(3).with_columns(log_ratio=None), "No term to show"),
    (plot_keyness, _keyness(3).with_columns(log_ratio=float("nan")), "No term to show"),
    (plot_label_shares_over_time, _shares(0, 0, weeks=1), "no label was found in a dated"),
    (plot_label_shares_over_time, _shares(2, 2, weeks=2).with_columns(week=None), "No label"),
    (plot_sentiment, _scores(0), "No score to show"),
    (
        plot_sentiment,
        _scores(3).with_columns(vader_compound=None, textblob_polarity=None),
        "No score to show",
    ),
]


@pytest.mark.parametrize(("function", "frame", "message"), EMPTY_CASES)
def test_empty_input_says_so_without_axes(function, frame: pl.DataFrame, message: str) -> None:  # type: ignore[no-untyped-def]
    fig = function(frame)
    assert not any(ax.axison for ax in fig.axes)
    # IPython (notebooks, reports) draws it: a figure without any axes shows as text only.
    assert print_figure(fig, "png")
    (text,) = [t for t in fig.texts if t.get_text() != fig.get_suptitle()]
    assert message in text.get_text()
    assert fig.get_suptitle()
    width, height = fig.get_size_inches()
    assert width <= 7 and height <= 2
    fig.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize(
    ("function", "frame"),
    [
        (plot_documents_over_time, pl.DataFrame({"outlet": ["A"], "week": [date(2023, 1, 2)]})),
        (plot_label_shares_over_time, pl.DataFrame({"outlet": ["A"], "label": ["x"]})),
    ],
)
def test_missing_columns_raise_even_when_empty(function, frame: pl.DataFrame) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DiscourseError, match=r"needs column\(s\)"):
        function(frame.clear())


def _note(fig: Figure) -> str:
    label = fig._supxlabel  # the note under the figure
    return "" if label is None else label.get_text()


def _ytick_texts(ax) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for t in ax.get_yticklabels()]


def _largest(groups: int, keep: int) -> list[str]:
    # The fixtures give group g a weight of g + 1: the largest are the last ones.
    return [f"Outlet {g:04d}" for g in range(groups - keep, groups)]


def test_label_shares_5000_outlets_keeps_the_20_with_most_mentions() -> None:
    fig = plot_label_shares(_shares(5000, 3).drop("week"))
    (ax,) = fig.axes
    assert _ytick_texts(ax) == _largest(5000, 20)
    assert _note(fig) == (
        "Showing the 20 of 5,000 outlets with most mentions; the table has them all."
    )
    assert all(len(c.lines[0].get_xdata()) == 20 for c in ax.containers)
    assert fig.get_size_inches()[1] <= MAX_HEIGHT


def test_label_heatmap_5000_outlets_30_labels_capped_and_not_annotated() -> None:
    fig = plot_label_heatmap(_shares(5000, 30).drop("week"))
    ax = fig.axes[0]
    assert _ytick_texts(ax) == _largest(5000, 20)
    assert len(ax.get_xticklabels()) == 30
    assert len(ax.texts) == 0  # 20 x 30 cells are too many to annotate
    assert "Showing the 20 of 5,000 outlets with most mentions" in _note(fig)
    width, height = fig.get_size_inches()
    assert width <= MAX_WIDTH and height <= MAX_HEIGHT


def test_documents_over_time_5000_outlets_keeps_the_30_with_most_documents() -> None:
    fig = plot_documents_over_time(_documents(5000, 40))
    ax = fig.axes[0]
    assert _ytick_texts(ax) == _largest(5000, 30)
    assert _note(fig) == (
        "Showing the 30 of 5,000 outlets with most documents; the table has them all."
    )
    cells = ax.collections[0].get_array()
    assert cells.shape == (30, 40)
    # Every kept outlet's 40 weekly counts, and nothing else.
    assert float(cells.sum()) == sum(40 * (g + 1) for g in range(4970, 5000))
    assert len(ax.texts) == 0  # 40 columns: no annotation


def test_documents_over_time_many_weeks_are_summed_into_at_most_max_periods_columns() -> None:
    counts = _documents(3, 130)
    fig = plot_documents_over_time(counts, max_periods=60)
    ax = fig.axes[0]
    cells = np.ma.filled(ax.collections[0].get_array(), 0)
    assert cells.shape == (3, 44)  # 130 weeks, three per column
    assert float(cells.sum()) == counts["documents"].sum()
    assert ax.get_xlabel() == "week (first day; each column sums 3 weeks)"
    starts = {f"{w:%Y-%m-%d}" for w in _weeks(130)[::3]}
    assert {t.get_text() for t in ax.get_xticklabels()} <= starts


def test_documents_over_time_shows_weeks_without_documents_as_blank_columns() -> None:
    counts = pl.DataFrame(
        {"outlet": ["A", "A", "B"], "week": [WEEKS[0], WEEKS[3], WEEKS[1]], "documents": [2, 1, 4]}
    )
    fig = plot_documents_over_time(counts)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"{w:%Y-%m-%d}" for w in WEEKS[:4]]
    cells = ax.collections[0].get_array()
    assert cells.mask.tolist() == [[False, True, True, False], [True, False, True, True]]
    assert [t.get_text() for t in ax.texts] == ["2", "1", "4"]


def test_keyness_5000_outlets_keeps_12_panels_in_two_columns() -> None:
    fig = plot_keyness(_keyness(5000))
    assert [ax.get_title() for ax in fig.axes] == _largest(5000, 12)
    assert "Showing the 12 of 5,000 outlets with most occurrences of these terms" in _note(fig)
    assert len({round(ax.get_position().x0, 2) for ax in fig.axes}) == 2


def test_keyness_odd_number_of_panels_leaves_no_empty_axis() -> None:
    fig = plot_keyness(_keyness(5))
    assert len(fig.axes) == 5


def test_label_shares_over_time_5000_outlets_keeps_12_panels() -> None:
    fig = plot_label_shares_over_time(_shares(5000, 2, weeks=3))
    assert [ax.get_title() for ax in fig.axes] == _largest(5000, 12)
    assert "Showing the 12 of 5,000 outlets with most mentions" in _note(fig)
    width, height = fig.get_size_inches()
    assert width <= MAX_WIDTH and height <= MAX_HEIGHT


def test_sentiment_5000_outlets_keeps_the_20_with_most_scores_in_one_colour() -> None:
    fig = plot_sentiment(_scores(5000, per_group=2, larger=20))
    left, _ = fig.axes
    assert _ytick_texts(left) == _largest(5000, 20)
    assert _note(fig) == (
        "Showing the 20 of 5,000 outlets with most scored rows; the table has them all."
    )
    # Past ten groups the boxes share one colour (the axis names them) instead of cycling.
    faces = {to_rgb(p.get_facecolor()) for p in left.patches}
    assert len(faces) == 1


def test_sentiment_few_groups_one_colour_each() -> None:
    fig = plot_sentiment(_scores(4, per_group=3))
    left, _ = fig.axes
    assert len({to_rgb(p.get_facecolor()) for p in left.patches}) == 4


def _encodings(lines) -> list[tuple[tuple[float, float, float], str]]:  # type: ignore[no-untyped-def]
    return [(tuple(round(c, 4) for c in to_rgb(x.get_color())), x.get_marker()) for x in lines]


def _by_label(lines) -> dict[str, tuple[tuple[float, float, float], str]]:  # type: ignore[no-untyped-def]
    return dict(zip([x.get_label() for x in lines], _encodings(lines), strict=True))


def test_label_shares_over_time_25_labels_never_share_an_encoding() -> None:
    fig = plot_label_shares_over_time(_shares(2, 25, weeks=3))
    ax = fig.axes[0]
    drawn = _by_label(ax.get_lines())
    assert len(drawn) == 25
    assert len(set(drawn.values())) == 25
    (legend,) = fig.legends
    entries = [t.get_text() for t in legend.get_texts()]
    assert entries == [f"label {j:02d}" for j in range(25)]
    handles = dict(zip(entries, _encodings(legend.legend_handles), strict=True))
    assert len(set(handles.values())) == 25
    assert handles == drawn  # the legend says what the lines show
    # The same label has the same encoding in every panel.
    assert _by_label(fig.axes[1].get_lines()) == drawn


def test_label_shares_25_labels_never_share_an_encoding() -> None:
    fig = plot_label_shares(_shares(3, 25).drop("week"))
    (ax,) = fig.axes
    points = [c.lines[0] for c in ax.containers]
    assert len(set(_encodings(points))) == 25
    handles, labels = ax.get_legend_handles_labels()
    assert labels == [f"label {j:02d}" for j in range(25)]
    assert _encodings([h.lines[0] for h in handles]) == _encodings(points)


def test_ten_labels_differ_by_colour_alone() -> None:
    fig = plot_label_shares_over_time(_shares(1, 10, weeks=2))
    encodings = _encodings(fig.axes[0].get_lines())
    assert len({colour for colour, _ in encodings}) == 10
    assert {marker for _, marker in encodings} == {"o"}


def test_time_ticks_are_the_data_s_own_weeks_thinned() -> None:
    frame = _shares(2, 2, weeks=30)
    fig = plot_label_shares_over_time(frame)
    weeks = set(date2num(WEEKS[:30]).tolist())
    for ax in fig.axes:
        ticks = ax.get_xticks().tolist()
        assert 2 <= len(ticks) <= 6
        assert set(ticks) <= weeks
        assert ticks[0] == date2num(WEEKS[0])
    labels = {t.get_text() for t in fig.axes[-1].get_xticklabels()}
    assert labels <= {f"{w:%Y-%m-%d}" for w in WEEKS[:30]}


def test_time_ticks_skip_weeks_that_are_not_in_the_frame() -> None:
    frame = _shares(1, 1, weeks=5).filter(pl.col("week") != WEEKS[2])
    fig = plot_label_shares_over_time(frame)
    ticks = fig.axes[0].get_xticks().tolist()
    assert ticks == date2num([WEEKS[i] for i in (0, 1, 3, 4)]).tolist()


def test_text_periods_are_categories_in_order() -> None:
    frame = pl.DataFrame(
        {
            "outlet": ["A"] * 3,
            "week": ["2023-W41", "2023-W40", "2023-W42"],
            "label": ["x"] * 3,
            "share": [0.2, 0.1, 0.3],
        }
    )
    fig = plot_label_shares_over_time(frame)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023-W40", "2023-W41", "2023-W42"]
    assert list(ax.get_lines()[0].get_ydata()) == [0.1, 0.2, 0.3]


def test_label_shares_over_time_rejects_several_rows_per_key() -> None:
    frame = pl.concat([_shares(1, 2, weeks=2), _shares(1, 2, weeks=2)])
    with pytest.raises(DiscourseError, match="one row per outlet, week and label"):
        plot_label_shares_over_time(frame)


SINGLE_ROW = [
    (plot_label_shares, _shares(1, 1).drop("week")),
    (plot_label_heatmap, _shares(1, 1).drop("week")),
    (plot_documents_over_time, _documents(1, 1)),
    (plot_keyness, _keyness(1, terms=1)),
    (plot_label_shares_over_time, _shares(1, 1, weeks=1)),
    (plot_sentiment, _scores(1)),
]


@pytest.mark.parametrize(("function", "frame"), SINGLE_ROW)
def test_a_single_row_draws_one_group(function, frame: pl.DataFrame) -> None:  # type: ignore[no-untyped-def]
    assert frame.height == 1
    fig = function(frame)
    assert fig.axes
    assert _note(fig) == ""
    fig.savefig(io.BytesIO(), format="png")


def test_one_week_is_ticked_on_that_week() -> None:
    fig = plot_label_shares_over_time(_shares(2, 3, weeks=1))
    assert fig.axes[0].get_xticks().tolist() == [date2num(WEEKS[0])]
    fig = plot_documents_over_time(_documents(2, 1))
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2023-10-02"]


def test_max_groups_none_draws_every_group() -> None:
    fig = plot_label_shares(_shares(25, 2).drop("week"), max_groups=None)
    assert len(_ytick_texts(fig.axes[0])) == 25
    assert _note(fig) == ""


def test_label_heatmap_many_sets_keeps_rows_that_fit_at_a_readable_height() -> None:
    sets = pl.concat(
        [
            _shares(200, 8).drop("week").with_columns(label_set=pl.lit(f"set {k:02d}"))
            for k in range(11)
        ]
    )
    fig = plot_label_heatmap(sets)
    fig.canvas.draw()
    assert fig.get_size_inches()[1] <= MAX_HEIGHT
    assert len({round(ax.get_position().x0, 2) for ax in fig.axes if ax.get_title(loc="left")}) == 2
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(panels) == 11
    rows = _ytick_texts(panels[0])
    assert 10 <= len(rows) <= 20
    assert rows == _largest(200, len(rows))
    assert f"Showing the {len(rows)} of 200 outlets with most mentions" in _note(fig)
    inches = panels[0].get_window_extent().height / fig.dpi
    assert inches / len(rows) >= 0.2
    assert all(len(ax.texts) == 0 for ax in panels)  # 11 x 8 x rows cells: not annotated


def test_label_heatmap_panels_share_one_colour_scale() -> None:
    frame = pl.DataFrame(
        {
            "outlet": ["A", "A", "A", "A"],
            "label_set": ["s", "s", "t", "t"],
            "label": ["x", "y", "x", "z"],
            "share": [0.1, 0.9, 0.3, 0.5],
        }
    )
    fig = plot_label_heatmap(frame)
    meshes = [ax.collections[0] for ax in fig.axes if ax.get_title(loc="left")]
    assert len(meshes) == 2
    assert {(m.norm.vmin, m.norm.vmax) for m in meshes} == {(0.1, 0.9)}
    assert len(fig.axes) == 3  # two panels and one colour bar


FIGURES = [
    (plot_label_shares, "shares"),
    (plot_label_heatmap, "shares"),
    (plot_keyness, "keyness"),
    (plot_label_shares_over_time, "weekly"),
    (plot_sentiment, "scores"),
    (plot_documents_over_time, "documents"),
]


def _frame(kind: str) -> pl.DataFrame:
    """A result frame with ``outlet`` and ``section`` as its two group columns."""
    groups = {"outlet": ["A", "A", "B", "B"], "section": ["world", "world", "world", "home"]}
    week = {"week": [date(2023, 10, 2)] * 4}
    values = {
        "shares": {
            "label": ["x", "y", "x", "x"],
            "share": [0.5, 0.5, 1.0, 1.0],
            "ci_low": [0.25] * 4,
            "ci_high": [1.0] * 4,
        },
        "keyness": {"term": ["t", "u", "t", "u"], "log_ratio": [1.0, -1.0, 0.5, 2.0]},
        "weekly": {**week, "label": ["x", "y", "x", "x"], "share": [0.5, 0.5, 1.0, 1.0]},
        "scores": {"vader_compound": [0.1, -0.2, 0.3, 0.4], "textblob_polarity": [0.0] * 4},
        "documents": {**week, "documents": [1, 2, 3, 4]},
    }[kind]
    return pl.DataFrame({**groups, **values})


def _group_names(fig: Figure, function) -> list[str]:  # type: ignore[no-untyped-def]
    ax = fig.axes[0]
    if function in (plot_keyness, plot_label_shares_over_time):
        return [a.get_title() for a in fig.axes if a.get_title()]
    return [t.get_text() for t in ax.get_yticklabels()]


@pytest.mark.parametrize(("function", "kind"), FIGURES)
def test_by_none_draws_the_group_columns_the_frame_has(function, kind: str) -> None:  # type: ignore[no-untyped-def]
    frame = _frame(kind)
    if kind == "weekly":  # one row per group, week and label
        frame = frame.with_columns(label=pl.Series(["x", "y", "x", "y"]))
    # Both group columns, joined; the same drawn from a LazyFrame.
    both = ["A · world", "B · home", "B · world"]
    assert _group_names(function(frame), function) == both
    assert _group_names(function(frame.lazy()), function) == both
    # Named columns win over the frame's own.
    assert _group_names(function(frame, by="outlet"), function) == ["A", "B"]
    # Without group columns, every row is one group (keyness: one untitled panel).
    whole = function(frame.drop("outlet", "section").head(2))
    expected = [] if function is plot_keyness else ["all rows"]
    assert _group_names(whole, function) == expected


def test_scored_sentences_are_one_group_unless_by_names_one() -> None:
    # sentence_sentiment's table starts with doc_id: its outlet is metadata, not a group.
    scores = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["A", "B", "B"],
            "sentence": [0, 0, 1],
            "vader_compound": [0.1, 0.2, 0.3],
            "textblob_polarity": [0.0, 0.1, 0.2],
        }
    )
    assert _group_names(plot_sentiment(scores), plot_sentiment) == ["all rows"]
    assert _group_names(plot_sentiment(scores, by="outlet"), plot_sentiment) == ["A", "B"]
    assert plot_sentiment(scores).get_suptitle() == "Sentiment scores (box: quartiles, ◆: mean)"
