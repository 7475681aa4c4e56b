"""p-values, multiple-comparison corrections and Wilson intervals, vectorised like the statistics.

Each function takes Python numbers, numpy arrays, ``pl.Series`` or ``pl.Expr`` and returns the same
kind. They are re-exported by :mod:`discourse.stats.formulas`.

Examples
--------
>>> round(p_value(3.841459), 4)
0.05
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import polars as pl
from scipy import special

from discourse.errors import DiscourseError
from discourse.stats._vectorise import Number, finish, is_polars, to_expr, unwrap, vectorised

__all__ = ["Correction", "adjust_p", "p_value", "wilson_interval"]

#: Multiple-comparison corrections understood by :func:`adjust_p`.
Correction = Literal["bonferroni", "holm", "fdr_bh", "none"]


def _chi2_sf(values: np.ndarray, df: int) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if df == 1:
            # The χ² (1 df) upper tail is erfc(√(x/2)): the same number, several times faster.
            return np.asarray(special.erfc(np.sqrt(np.abs(values) / 2.0)), dtype=np.float64)
        return np.asarray(special.chdtrc(df, np.abs(values)), dtype=np.float64)


def p_value(statistic: Number, *, df: int = 1) -> Number:
    """Upper-tail p-value of a χ² statistic (G² or Pearson χ²) with ``df`` degrees of freedom.

    The sign of a signed G² is ignored: the test is two-sided.

    Examples
    --------
    >>> round(p_value(10.828), 4)
    0.001
    >>> round(p_value(-10.828), 4)
    0.001
    """
    if is_polars((statistic,)):
        expr = to_expr(statistic).map_batches(
            lambda s: pl.Series(_chi2_sf(s.to_numpy(), df)),
            return_dtype=pl.Float64,
            is_elementwise=True,
        )
        return finish(expr, "p", (statistic,))
    return unwrap(_chi2_sf(np.asarray(statistic, dtype=np.float64), df))


def _adjusted(p: pl.Expr, method: Correction) -> pl.Expr:
    p = p.fill_nan(None)
    m = p.count()
    if method == "none":
        return p
    if method == "bonferroni":
        return (p * m).clip(upper_bound=1.0)
    rank = pl.int_range(1, p.len() + 1).cast(pl.Float64)
    ascending = p.sort(nulls_last=True)
    if method == "holm":
        step = ((m - rank + 1.0) * ascending).cum_max()
    else:
        step = (ascending * m / rank).reverse().cum_min().reverse()
    # Put the step-wise values back in the original order; nulls stay null.
    return step.clip(upper_bound=1.0).gather(p.rank("ordinal") - 1)


def adjust_p(p: Number, *, method: Correction = "bonferroni") -> Number:
    """p-values adjusted for multiple comparisons over the whole input (nulls/NaN not counted).

    ``bonferroni`` multiplies by the number of tests m; ``holm`` is Holm's step-down version
    (never larger than Bonferroni, same family-wise guarantee); ``fdr_bh`` is Benjamini–Hochberg's
    false-discovery-rate control (as ``scipy.stats.false_discovery_control``); ``none`` returns p.
    As an expression it works per group with ``.over(...)``.

    Examples
    --------
    >>> adjust_p([0.01, 0.04, 0.03], method="holm").round(4).tolist()
    [0.03, 0.06, 0.06]
    >>> import polars as pl
    >>> df = pl.DataFrame({"g": ["x", "x", "y"], "p": [0.01, 0.02, 0.01]})
    >>> df.with_columns(adjust_p(pl.col("p")).over("g").alias("p_adj"))["p_adj"].to_list()
    [0.02, 0.04, 0.01]
    """
    if method not in ("bonferroni", "holm", "fdr_bh", "none"):
        raise DiscourseError(
            f"unknown correction {method!r}; use 'bonferroni', 'holm', 'fdr_bh' or 'none'."
        )
    if is_polars((p,)):
        return finish(_adjusted(to_expr(p), method), "p_adjusted", (p,))
    values = np.asarray(p, dtype=np.float64)
    series = pl.Series(values.ravel())
    out = pl.select(_adjusted(pl.lit(series), method)).to_series().to_numpy()
    return unwrap(out.reshape(values.shape))


def _wilson(xp: Any, k: Any, n: Any, *, z: float, sign: float) -> Any:
    p = k / n
    centre = p + z * z / (2.0 * n)
    half = z * xp.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n))
    out = (centre + sign * half) / (1.0 + z * z / n)
    # The bound is exactly 0 at k = 0 and exactly 1 at k = n, where rounding leaves ±1e-16;
    # elsewhere it lies strictly inside [0, 1], which the clip only enforces.
    if sign < 0:
        out = xp.where(k <= 0, 0.0, xp.where(out < 0.0, 0.0, out))
    else:
        out = xp.where(k >= n, 1.0, xp.where(out > 1.0, 1.0, out))
    return xp.where(n > 0, out, xp.undefined)


def wilson_interval(
    successes: Number, trials: Number, *, confidence: float = 0.95
) -> tuple[Number, Number]:
    """Wilson score interval ``(lower, upper)`` for a proportion ``successes / trials``.

    Behaves well at 0 and 1 and for small ``trials``, unlike the normal (Wald) interval. The
    bounds lie in [0, 1]; the lower is exactly 0.0 when there is no success and the upper
    exactly 1.0 when every trial succeeds. Undefined (NaN/null) when ``trials = 0``. Polars
    results are named ``ci_lower``/``ci_upper``.

    Examples
    --------
    >>> low, high = wilson_interval(0, 10)
    >>> low, round(high, 4)
    (0.0, 0.2775)
    >>> low, high = wilson_interval(11, 11)
    >>> round(low, 4), high
    (0.7412, 1.0)
    """
    z = float(special.ndtri(0.5 + confidence / 2.0))
    lower = vectorised("ci_lower", _wilson, successes, trials, z=z, sign=-1.0)
    upper = vectorised("ci_upper", _wilson, successes, trials, z=z, sign=1.0)
    return lower, upper
