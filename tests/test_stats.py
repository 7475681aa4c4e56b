"""Statistics: published check values, scipy and NLTK cross-checks, and backend agreement."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from nltk.metrics import BigramAssocMeasures
from polars.testing import assert_series_equal
from scipy import stats as sps

from discourse import DiscourseError, stats

WORDSMITH = (288, 114_099, 92_965, 104_570_472)
TOY = (120, 40, 250_000, 400_000)
ZERO = (12, 0, 250_000, 400_000)


@pytest.mark.parametrize(
    ("fn", "table", "options", "expected"),
    [
        (stats.g2, WORDSMITH, {}, 228.0167),
        (stats.g2_two_term, WORDSMITH, {}, 227.6419),
        (stats.chi2, WORDSMITH, {}, 342.6442),
        (stats.log_ratio, WORDSMITH, {}, 1.5055),
        (stats.pct_diff, WORDSMITH, {}, 183.9228),
        (stats.relative_risk, WORDSMITH, {}, 2.8392),
        (stats.odds_ratio, WORDSMITH, {}, 2.8449),
        (stats.simple_maths, WORDSMITH, {}, 2.8375),
        (stats.simple_maths, WORDSMITH, {"n": 100}, 2.6848),
        (stats.g2, TOY, {}, 88.2383),
        (stats.g2_two_term, TOY, {}, 88.2161),
        (stats.log_ratio, TOY, {}, 2.2630),
        (stats.pct_diff, TOY, {}, 380.0),
        (stats.simple_maths, TOY, {}, 4.7624),
        (stats.g2, ZERO, {}, 22.9326),
        (stats.log_ratio, ZERO, {}, 5.2630),
    ],
)
def test_published_check_values(fn, table, options, expected):
    assert round(fn(*table, **options), 4) == pytest.approx(expected, abs=1e-9)


def test_wordsmith_g2_rounds_to_the_published_two_decimals():
    assert round(stats.g2(*WORDSMITH), 2) == 228.02


def test_bic_is_unsigned_g2_minus_log_n():
    a, b, c, d = TOY
    assert stats.bic(b, a, d, c) == pytest.approx(88.2383 - math.log(c + d), abs=1e-4)


def test_signs_follow_the_direction_of_the_difference():
    a, b, c, d = TOY
    assert stats.g2(b, a, d, c) == pytest.approx(-stats.g2(a, b, c, d))
    assert stats.g2_two_term(b, a, d, c) == pytest.approx(-stats.g2_two_term(a, b, c, d))
    assert stats.log_ratio(b, a, d, c) == pytest.approx(-stats.log_ratio(a, b, c, d))
    assert stats.g2(10, 40, 100, 400) == 0.0


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # Zero cells contribute 0; hand-computed closed forms.
        ((0, 0, 100, 100), 0.0),
        ((5, 0, 5, 5), 2 * (5 * math.log(2) + 5 * math.log(2))),
        ((0, 5, 5, 5), -2 * (5 * math.log(2) + 5 * math.log(2))),
    ],
)
def test_g2_zero_cells(table, expected):
    assert stats.g2(*table) == pytest.approx(expected)


def test_undefined_values_are_nan_in_numpy_and_null_in_polars():
    assert math.isnan(stats.pct_diff(*ZERO))
    assert math.isnan(stats.g2(5, 1, 4, 10))  # a > c is not a table
    series = stats.pct_diff(pl.Series([12, 120]), pl.Series([0, 40]), 250_000, 400_000)
    assert series.null_count() == 1
    assert series[1] == pytest.approx(380.0)
    assert stats.relative_risk(*ZERO) == math.inf
    nulls = pl.DataFrame({"a": [None, 288]}, schema={"a": pl.Int64})
    out = nulls.select(stats.g2("a", 114_099, 92_965, 104_570_472)).to_series()
    assert out[0] is None and round(out[1], 4) == 228.0167


TABLES = np.array(
    [WORDSMITH, TOY, ZERO, (0, 12, 250_000, 400_000), (0, 0, 10, 10), (3, 7, 1000, 1000)],
    dtype=np.int64,
).T

KEYNESS = [
    stats.g2,
    stats.g2_two_term,
    stats.chi2,
    stats.log_ratio,
    stats.pct_diff,
    stats.bic,
    stats.simple_maths,
    stats.relative_risk,
    stats.odds_ratio,
    stats.weighted_log_odds,
]


@pytest.mark.parametrize("fn", KEYNESS, ids=lambda f: f.__name__)
def test_keyness_backends_agree(fn):
    a, b, c, d = TABLES
    as_numpy = fn(a, b, c, d)
    scalars = [fn(*map(int, row)) for row in TABLES.T]
    np.testing.assert_array_equal(as_numpy, np.array(scalars))
    frame = pl.DataFrame({"a": a, "b": b, "c": c, "d": d})
    from_series = fn(frame["a"], frame["b"], frame["c"], frame["d"])
    from_expr = frame.select(fn(pl.col("a"), "b", pl.col("c"), "d")).to_series()
    expected = pl.Series(from_series.name, as_numpy).fill_nan(None)
    assert_series_equal(from_series, expected, check_exact=False, rel_tol=1e-12)
    assert_series_equal(from_expr, from_series)


COLLOCATION = [stats.mi, stats.mi3, stats.t_score, stats.z_score, stats.g2_collocation]


@pytest.mark.parametrize("fn", [*COLLOCATION, stats.dice, stats.log_dice], ids=lambda f: f.__name__)
def test_collocation_backends_agree(fn):
    frame = pl.DataFrame(
        {"o": [4, 1, 30], "f_x": [8, 1, 40], "f_y": [16, 3, 900], "n": [1024, 50, 100_000]}
    )
    args = ["o", "f_x", "f_y"] if fn in (stats.dice, stats.log_dice) else ["o", "f_x", "f_y", "n"]
    as_numpy = fn(*(frame[c].to_numpy() for c in args))
    scalars = [fn(*(int(frame[c][i]) for c in args)) for i in range(frame.height)]
    np.testing.assert_array_equal(as_numpy, np.array(scalars))
    from_expr = frame.select(fn(*(pl.col(c) for c in args))).to_series()
    assert_series_equal(fn(*(frame[c] for c in args)), from_expr)
    np.testing.assert_allclose(from_expr.to_numpy(), as_numpy, rtol=1e-12)


@st.composite
def tables(draw):
    """2×2 keyness tables with no empty row or column (scipy needs positive expected counts)."""
    a = draw(st.integers(0, 5_000))
    b = draw(st.integers(0, 5_000))
    c = a + draw(st.integers(0, 10**7))
    d = b + draw(st.integers(0, 10**7))
    assume(a + b > 0 and (c - a) + (d - b) > 0 and c > 0 and d > 0)
    return a, b, c, d


@settings(max_examples=300, deadline=None)
@given(tables())
def test_g2_and_chi2_match_scipy(table):
    a, b, c, d = table
    observed = np.array([[a, b], [c - a, d - b]])
    g, *_ = sps.chi2_contingency(observed, correction=False, lambda_="log-likelihood")
    x2, *_ = sps.chi2_contingency(observed, correction=False)
    x2_yates, *_ = sps.chi2_contingency(observed, correction=True)
    assert abs(stats.g2(a, b, c, d)) == pytest.approx(g, rel=1e-9, abs=1e-7)
    assert stats.chi2(a, b, c, d) == pytest.approx(x2, rel=1e-9, abs=1e-9)
    assert stats.chi2(a, b, c, d, yates=True) == pytest.approx(x2_yates, rel=1e-9, abs=1e-9)
    assert stats.p_value(stats.g2(a, b, c, d)) == pytest.approx(
        sps.chi2.sf(g, 1), rel=1e-6, abs=1e-12
    )


@st.composite
def cooccurrences(draw):
    o = draw(st.integers(1, 500))
    f_x = o + draw(st.integers(0, 5_000))
    f_y = o + draw(st.integers(0, 5_000))
    n = f_x + f_y - o + draw(st.integers(1, 10**7))
    return o, f_x, f_y, n


@settings(max_examples=300, deadline=None)
@given(cooccurrences())
def test_collocation_measures_match_nltk(counts):
    o, f_x, f_y, n = counts
    m = BigramAssocMeasures
    assert stats.mi(o, f_x, f_y, n) == pytest.approx(m.pmi(o, (f_x, f_y), n), rel=1e-9)
    assert stats.t_score(o, f_x, f_y, n) == pytest.approx(m.student_t(o, (f_x, f_y), n), rel=1e-9)
    assert stats.dice(o, f_x, f_y) == pytest.approx(m.dice(o, (f_x, f_y), n), rel=1e-12)
    # NLTK's likelihood ratio is unsigned and adds 1e-20 inside the logarithm.
    assert abs(stats.g2_collocation(o, f_x, f_y, n)) == pytest.approx(
        m.likelihood_ratio(o, (f_x, f_y), n), rel=1e-7, abs=1e-6
    )


@settings(max_examples=100, deadline=None)
@given(cooccurrences(), st.integers(2, 10))
def test_windowed_mi_matches_nltk_scaled_count(counts, span):
    o, f_x, f_y, n = counts
    # NLTK scales the windowed pair count by 1/span instead of multiplying E by span.
    nltk_mi = BigramAssocMeasures.pmi(o / span, (f_x, f_y), n)
    assert stats.mi(o, f_x, f_y, n, span=span) == pytest.approx(nltk_mi, rel=1e-9)


def test_collocation_by_hand():
    # O = 4, f_x = 8, f_y = 16, N = 1024, span 2 -> E = 0.25.
    assert stats.mi(4, 8, 16, 1024, span=2) == pytest.approx(4.0)
    assert stats.mi3(4, 8, 16, 1024, span=2) == pytest.approx(8.0)
    assert stats.t_score(4, 8, 16, 1024, span=2) == pytest.approx(3.75 / 2)
    assert stats.z_score(4, 8, 16, 1024, span=2) == pytest.approx(3.75 / 0.5)
    assert stats.log_dice(8, 8, 8) == pytest.approx(14.0)
    # The windowed G² is the keyness G² of in-window tokens (16) against the rest (1008).
    assert stats.g2_collocation(4, 8, 16, 1024, span=2) == pytest.approx(stats.g2(4, 12, 16, 1008))
    assert stats.g2_collocation(0, 8, 16, 1024, span=2) < 0


def test_weighted_log_odds_by_hand():
    # tidylo's bind_log_odds with the informative prior alpha_w = total count, alpha_0 = N.
    y_i, y_j, n_i, n_j = 120, 40, 250_000, 400_000
    y_w, n_all = y_i + y_j, n_i + n_j
    omega_i = (y_i + y_w) / (n_i + n_all - y_i - y_w)
    omega_j = (y_j + y_w) / (n_j + n_all - y_j - y_w)
    expected = (math.log(omega_i) - math.log(omega_j)) / math.sqrt(
        1 / (y_i + y_w) + 1 / (y_j + y_w)
    )
    assert stats.weighted_log_odds(y_i, y_j, n_i, n_j) == pytest.approx(expected, rel=1e-12)
    assert stats.weighted_log_odds(y_j, y_i, n_j, n_i) == pytest.approx(-expected, rel=1e-12)


@pytest.mark.parametrize("value", [3.841, 6.635, 10.828, 15.137])
def test_p_value_at_critical_values(value):
    assert stats.p_value(value) == pytest.approx(sps.chi2.sf(value, 1), rel=1e-12)
    frame = pl.DataFrame({"g2": [value, -value, None]})
    out = frame.select(stats.p_value(pl.col("g2"))).to_series()
    assert out[0] == out[1] == pytest.approx(sps.chi2.sf(value, 1), rel=1e-12)
    assert out[2] is None


@pytest.mark.parametrize("df", [1, 2, 5])
def test_p_value_degrees_of_freedom(df):
    values = np.array([0.0, 0.5, 3.0, 12.0, 80.0])
    np.testing.assert_allclose(stats.p_value(values, df=df), sps.chi2.sf(values, df), rtol=1e-12)
    series = stats.p_value(pl.Series(values), df=df)
    np.testing.assert_allclose(series.to_numpy(), sps.chi2.sf(values, df), rtol=1e-12)


P_VALUES = [0.01, 0.04, 0.03, 0.2, 0.005, 0.5]


def test_bonferroni_and_holm_by_hand():
    np.testing.assert_allclose(
        stats.adjust_p(P_VALUES), [0.06, 0.24, 0.18, 1.0, 0.03, 1.0], rtol=1e-12
    )
    # Holm: sorted 0.005, 0.01, 0.03, 0.04, 0.2, 0.5 times 6..1, then running maximum.
    np.testing.assert_allclose(
        stats.adjust_p(P_VALUES, method="holm"), [0.05, 0.12, 0.12, 0.4, 0.03, 0.5], rtol=1e-12
    )
    np.testing.assert_array_equal(stats.adjust_p(P_VALUES, method="none"), P_VALUES)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=40))
def test_benjamini_hochberg_matches_scipy(ps):
    expected = sps.false_discovery_control(ps, method="bh")
    np.testing.assert_allclose(
        stats.adjust_p(ps, method="fdr_bh"), expected, rtol=1e-12, atol=1e-15
    )


def test_adjust_p_per_group_ignores_nulls():
    frame = pl.DataFrame({"g": ["x", "x", "x", "y"], "p": [0.01, None, 0.02, 0.01]})
    out = frame.select(stats.adjust_p(pl.col("p"), method="holm").over("g")).to_series()
    assert out.to_list() == pytest.approx([0.02, None, 0.02, 0.01])


def test_adjust_p_rejects_unknown_methods():
    with pytest.raises(DiscourseError, match="fdr_bh"):
        stats.adjust_p([0.1], method="sidak")  # type: ignore[arg-type]


@pytest.mark.parametrize(("k", "n"), [(0, 10), (10, 10), (3, 7), (81, 263), (1, 1000)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_wilson_interval_matches_scipy(k, n, confidence):
    expected = sps.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    low, high = stats.wilson_interval(k, n, confidence=confidence)
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-12)
    frame = pl.DataFrame({"k": [k, 0], "n": [n, 0]})
    out = frame.select(*stats.wilson_interval("k", "n", confidence=confidence))
    assert out.columns == ["ci_lower", "ci_upper"]
    assert out.row(0) == pytest.approx((low, high), abs=1e-15)
    assert out.row(1) == (None, None)


N_RANGE = np.arange(1, 2001)


@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95, 0.99, 0.999])
def test_wilson_interval_ends_are_exact(confidence):
    """0 of n starts at exactly 0.0 and n of n ends at exactly 1.0, for every kind of input."""
    zeros = np.zeros_like(N_RANGE)
    low0, high0 = stats.wilson_interval(zeros, N_RANGE, confidence=confidence)
    lown, highn = stats.wilson_interval(N_RANGE, N_RANGE, confidence=confidence)
    assert np.all(low0 == 0.0)
    assert np.all(highn == 1.0)
    assert np.all((high0 > 0.0) & (high0 < 1.0))
    assert np.all((lown > 0.0) & (lown < 1.0))
    # The failing cases reported: 0 of 7 gave 3.6e-17, 11 of 11 gave 1.0000000000000002.
    assert stats.wilson_interval(0, 7, confidence=confidence)[0] == 0.0
    assert stats.wilson_interval(11, 11, confidence=confidence)[1] == 1.0
    frame = pl.DataFrame({"k": np.concatenate([zeros, N_RANGE]), "n": np.tile(N_RANGE, 2)})
    out = frame.select(*stats.wilson_interval(pl.col("k"), pl.col("n"), confidence=confidence))
    assert out["ci_lower"][: N_RANGE.size].to_list() == [0.0] * N_RANGE.size
    assert out["ci_upper"][N_RANGE.size :].to_list() == [1.0] * N_RANGE.size
    series = stats.wilson_interval(frame["k"], frame["n"], confidence=confidence)
    assert series[0].to_list() == out["ci_lower"].to_list()
    assert series[1].to_list() == out["ci_upper"].to_list()


def test_wilson_interval_every_k_matches_scipy_and_stays_in_unit_interval():
    """All k = 0 … n for n = 1 … 80 and a few large n, against scipy's Wilson to 1e-12."""
    pairs = [(k, n) for n in [*range(1, 81), 263, 1000, 12_345] for k in range(n + 1)]
    pairs = [(k, n) for k, n in pairs if n <= 80 or k % max(1, n // 40) == 0 or k == n]
    k = np.array([p[0] for p in pairs])
    n = np.array([p[1] for p in pairs])
    for confidence in (0.9, 0.95, 0.99):
        low, high = stats.wilson_interval(k, n, confidence=confidence)
        assert np.all((low >= 0.0) & (low <= k / n) & (k / n <= high) & (high <= 1.0))
        expected = [
            sps.binomtest(int(a), int(b)).proportion_ci(
                confidence_level=confidence, method="wilson"
            )
            for a, b in pairs
        ]
        np.testing.assert_allclose(low, [e.low for e in expected], rtol=0, atol=1e-12)
        np.testing.assert_allclose(high, [e.high for e in expected], rtol=0, atol=1e-12)
        # Independently: the bounds are the roots of (k/n − p)² = z² p (1 − p) / n.
        z = sps.norm.ppf(0.5 + confidence / 2)
        for bound in (low, high):
            gap = (k / n - bound) ** 2 - z * z * bound * (1 - bound) / n
            np.testing.assert_allclose(gap, 0.0, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 10**6), data=st.data())
def test_wilson_interval_property(n, data):
    k = data.draw(st.integers(0, n))
    low, high = stats.wilson_interval(k, n)
    expected = sps.binomtest(k, n).proportion_ci(method="wilson")
    assert 0.0 <= low <= k / n <= high <= 1.0
    assert (low == 0.0) == (k == 0)
    assert (high == 1.0) == (k == n)
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-12)


# --- bootstrap intervals ------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=60),
    st.integers(0, 2**31),
)
def test_bootstrap_is_reproducible_and_brackets_the_mean(values: list[float], seed: int) -> None:
    first = stats.bootstrap_interval(values, seed=seed, n_resamples=500)
    second = stats.bootstrap_interval(values, seed=seed, n_resamples=500)
    assert first == second
    mean = float(np.mean(values))
    assert first[0] <= mean + 1e-12
    assert first[1] >= mean - 1e-12


def test_bootstrap_interval_narrows_with_more_data() -> None:
    rng = np.random.default_rng(3)
    small = rng.normal(0, 1, 20)
    large = rng.normal(0, 1, 2000)
    low_s, high_s = stats.bootstrap_interval(small)
    low_l, high_l = stats.bootstrap_interval(large)
    assert high_l - low_l < (high_s - low_s) / 5


def test_bootstrap_of_nothing_is_nan() -> None:
    low, high = stats.bootstrap_interval([])
    assert np.isnan(low) and np.isnan(high)


def test_bootstrap_interval_agrees_with_scipy_percentile_bootstrap():
    sample = np.random.default_rng(5).normal(0.2, 1.0, 200)
    low, high = stats.bootstrap_interval(sample, n_resamples=4000, seed=2)
    expected = sps.bootstrap(
        (sample,), np.mean, n_resamples=4000, method="percentile", rng=np.random.default_rng(9)
    ).confidence_interval
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=0.02)


def test_bootstrap_interval_is_exported_from_stats_and_the_package():
    import discourse

    assert "bootstrap_interval" in stats.__all__
    assert stats.bootstrap_interval is discourse.bootstrap_interval
