"""Keyness and collocation statistics as vectorised formulas.

Every function here takes Python numbers, numpy arrays, ``pl.Series`` or ``pl.Expr`` (a string is
a column name, as in polars) and returns the same kind of thing, computed by one formula written
once (see :mod:`discourse.stats._vectorise`): ``df.with_columns(g2("a", "b", "c", "d"))`` and
``g2(288, 114_099, 92_965, 104_570_472)`` give identical numbers. Polars results are named after
the statistic (``g2``, ``log_ratio``, ...). Counts are converted to float64 first.

Keyness notation (UCREL, CQPweb): ``a`` = count of the term in the target, ``b`` = its count in the
reference, ``c`` = target size in tokens, ``d`` = reference size in tokens, ``N = c + d``.
Collocation notation: ``o`` = co-occurrences of node and collocate, ``f_x`` = node frequency,
``f_y`` = collocate frequency, ``n`` = corpus size in tokens, ``span`` = tokens in the window
around each node hit (the expected count is ``f_x * f_y * span / n``, Evert's ``span.size``).

Where a value is undefined (``pct_diff`` when ``b = 0``, inputs outside ``0 <= a <= c``), numpy
gives NaN and polars gives null. Division by a zero count follows IEEE rules (``relative_risk``
with ``b = 0`` is ``inf``; ``mi`` with ``o = 0`` is ``-inf``).

p-values, multiple-comparison corrections and Wilson intervals live in
:mod:`discourse.stats.inference` and are re-exported here.

Examples
--------
WordSmith's published keyness example (Scott), reproduced:

>>> a, b, c, d = 288, 114_099, 92_965, 104_570_472
>>> round(g2(a, b, c, d), 4), round(log_ratio(a, b, c, d), 4)
(228.0167, 1.5055)
"""

from __future__ import annotations

from typing import Any

from discourse.stats._vectorise import Number, vectorised
from discourse.stats.inference import adjust_p, p_value, wilson_interval

__all__ = [
    "adjust_p",
    "bic",
    "chi2",
    "dice",
    "g2",
    "g2_collocation",
    "g2_two_term",
    "log_dice",
    "log_ratio",
    "mi",
    "mi3",
    "odds_ratio",
    "p_value",
    "pct_diff",
    "relative_risk",
    "simple_maths",
    "t_score",
    "weighted_log_odds",
    "wilson_interval",
    "z_score",
]


def _xlogx_over(xp: Any, o: Any, e: Any) -> Any:
    """``o * ln(o / e)``, with the convention that an empty cell (o = 0) contributes 0."""
    return xp.where(o > 0, o * xp.log(o / e), 0.0)


def _g2(xp: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    n = c + d
    row1 = a + b
    row2 = n - row1
    total = (
        _xlogx_over(xp, a, c * row1 / n)
        + _xlogx_over(xp, b, d * row1 / n)
        + _xlogx_over(xp, c - a, c * row2 / n)
        + _xlogx_over(xp, d - b, d * row2 / n)
    )
    # Rounding can leave a tiny negative sum when the table is near independence.
    g = xp.where(total < 0, 0.0, 2.0 * total)
    valid = (a >= 0) & (b >= 0) & (a <= c) & (b <= d)
    return xp.where(valid, xp.where(a * d < b * c, -g, g), xp.undefined)


def g2(a: Number, b: Number, c: Number, d: Number) -> Number:
    """Signed log-likelihood G² over the full 2×2 table (Dunning; AntConc 4, WordSmith, quanteda).

    ``2·Σ O·ln(O/E)`` over the cells ``a, b, c−a, d−b``; empty cells contribute 0. Positive when
    the term is relatively more frequent in the target (``a/c > b/d``), negative when less.

    Examples
    --------
    >>> round(g2(288, 114_099, 92_965, 104_570_472), 4)
    228.0167
    >>> round(g2(40, 120, 400_000, 250_000), 4)
    -88.2383
    """
    return vectorised("g2", _g2, a, b, c, d)


def _g2_two_term(xp: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    n = c + d
    g = 2.0 * (_xlogx_over(xp, a, c * (a + b) / n) + _xlogx_over(xp, b, d * (a + b) / n))
    return xp.where(a * d < b * c, -xp.abs(g), xp.abs(g))


def g2_two_term(a: Number, b: Number, c: Number, d: Number) -> Number:
    """Signed two-term log-likelihood ``2·[a·ln(a/E1) + b·ln(b/E2)]`` (UCREL's LL wizard).

    Reported only to reproduce UCREL's figures; :func:`g2` is the statistic ``discourse`` uses.

    Examples
    --------
    >>> round(g2_two_term(288, 114_099, 92_965, 104_570_472), 4)
    227.6419
    """
    return vectorised("g2_two_term", _g2_two_term, a, b, c, d)


def _log_ratio(xp: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    a = xp.where(a == 0, 0.5, a)
    b = xp.where(b == 0, 0.5, b)
    return xp.log2((a / c) / (b / d))


def log_ratio(a: Number, b: Number, c: Number, d: Number) -> Number:
    """Log Ratio (Hardie 2014): ``log2((a/c)/(b/d))``, a zero count replaced by 0.5.

    One unit means twice as frequent in the target; the sign follows :func:`g2`.

    Examples
    --------
    >>> round(log_ratio(12, 0, 250_000, 400_000), 4)
    5.263
    """
    return vectorised("log_ratio", _log_ratio, a, b, c, d)


def _pct_diff(xp: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    return xp.where(b == 0, xp.undefined, (a / c - b / d) * 100.0 / (b / d))


def pct_diff(a: Number, b: Number, c: Number, d: Number) -> Number:
    """%DIFF (Gabrielatos & Marchi 2012): ``(a/c − b/d)·100/(b/d)``; NaN/null when ``b = 0``.

    Examples
    --------
    >>> round(pct_diff(288, 114_099, 92_965, 104_570_472), 4)
    183.9228
    >>> pct_diff(12, 0, 250_000, 400_000)
    nan
    """
    return vectorised("pct_diff", _pct_diff, a, b, c, d)


def _chi2(xp: Any, a: Any, b: Any, c: Any, d: Any, *, yates: bool) -> Any:
    n = c + d
    row1 = a + b
    diff = xp.abs(a * d - b * c)
    if yates:
        # As scipy: move each cell by 0.5 towards its expected value, never past it.
        diff = xp.where(diff > n / 2.0, diff - n / 2.0, 0.0)
    denom = row1 * (n - row1) * c * d
    return xp.where(denom == 0, 0.0, n * diff * diff / denom)


def chi2(a: Number, b: Number, c: Number, d: Number, *, yates: bool = False) -> Number:
    """Pearson's χ² on the 2×2 table, unsigned; no continuity correction unless ``yates=True``.

    With ``yates=True`` Yates' correction is applied to every table (as ``scipy.stats.
    chi2_contingency(correction=True)``), not conditionally as quanteda does. A table with an
    empty row (the term absent everywhere) gives 0.

    Examples
    --------
    >>> round(chi2(288, 114_099, 92_965, 104_570_472), 4)
    342.6442
    """
    return vectorised("chi2", _chi2, a, b, c, d, yates=yates)


def _bic(xp: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    return xp.abs(_g2(xp, a, b, c, d)) - xp.log(c + d)


def bic(a: Number, b: Number, c: Number, d: Number) -> Number:
    """Bayes factor approximation (Wilson 2013): ``|G²| − ln(N)``.

    Wilson reads values above 2 as positive, above 6 strong and above 10 very strong evidence of a
    difference; values below 0 favour no difference.

    Examples
    --------
    >>> round(bic(288, 114_099, 92_965, 104_570_472), 4)
    209.5504
    """
    return vectorised("bic", _bic, a, b, c, d)


def _simple_maths(xp: Any, a: Any, b: Any, c: Any, d: Any, *, n: float) -> Any:
    return (a / c * 1e6 + n) / (b / d * 1e6 + n)


def simple_maths(a: Number, b: Number, c: Number, d: Number, *, n: float = 1.0) -> Number:
    """Kilgarriff's simple maths (Sketch Engine): ``(fpm_target + n)/(fpm_reference + n)``.

    ``fpm`` is frequency per million tokens; a larger ``n`` favours commoner words.

    Examples
    --------
    >>> round(simple_maths(288, 114_099, 92_965, 104_570_472), 4)
    2.8375
    >>> round(simple_maths(288, 114_099, 92_965, 104_570_472, n=100), 4)
    2.6848
    """
    return vectorised("simple_maths", _simple_maths, a, b, c, d, n=n)


def _relative_risk(xp: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    return (a / c) / (b / d)


def relative_risk(a: Number, b: Number, c: Number, d: Number) -> Number:
    """Ratio of relative frequencies ``(a/c)/(b/d)``.

    Examples
    --------
    >>> round(relative_risk(288, 114_099, 92_965, 104_570_472), 4)
    2.8392
    """
    return vectorised("relative_risk", _relative_risk, a, b, c, d)


def _odds_ratio(xp: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    return (a / (c - a)) / (b / (d - b))


def odds_ratio(a: Number, b: Number, c: Number, d: Number) -> Number:
    """Odds ratio ``[a/(c−a)]/[b/(d−b)]``.

    Examples
    --------
    >>> round(odds_ratio(288, 114_099, 92_965, 104_570_472), 4)
    2.8449
    """
    return vectorised("odds_ratio", _odds_ratio, a, b, c, d)


def _weighted_log_odds(xp: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    # Informative Dirichlet prior from the pooled counts: alpha_w = a + b, alpha_0 = c + d.
    alpha_w = a + b
    alpha_0 = c + d
    delta = xp.log((a + alpha_w) / (c + alpha_0 - a - alpha_w)) - xp.log(
        (b + alpha_w) / (d + alpha_0 - b - alpha_w)
    )
    return delta / xp.sqrt(1.0 / (a + alpha_w) + 1.0 / (b + alpha_w))


def weighted_log_odds(a: Number, b: Number, c: Number, d: Number) -> Number:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    The prior is the pooled counts of target and reference (``α_w = a + b``, ``α_0 = c + d``),
    as in tidylo's ``bind_log_odds``; the result is the log-odds difference divided by its
    estimated standard deviation, a z-score. Undefined (NaN/null) when the term is absent.

    Examples
    --------
    >>> round(weighted_log_odds(120, 40, 250_000, 400_000), 4)
    5.3006
    """
    return vectorised("log_odds_weighted", _weighted_log_odds, a, b, c, d)


def _expected(f_x: Any, f_y: Any, n: Any, span: float) -> Any:
    return f_x * f_y * span / n


def _mi(xp: Any, o: Any, f_x: Any, f_y: Any, n: Any, *, span: float) -> Any:
    return xp.log2(o / _expected(f_x, f_y, n, span))


def mi(o: Number, f_x: Number, f_y: Number, n: Number, *, span: float = 1) -> Number:
    """Pointwise mutual information ``log2(O/E)``, ``E = f_x·f_y·span/n``.

    Equal to NLTK's ``BigramAssocMeasures.pmi`` on a finder built with ``window_size = span + 1``.

    Examples
    --------
    >>> mi(4, 8, 16, 1024)
    5.0
    """
    return vectorised("mi", _mi, o, f_x, f_y, n, span=span)


def _mi3(xp: Any, o: Any, f_x: Any, f_y: Any, n: Any, *, span: float) -> Any:
    return xp.log2(o * o * o / _expected(f_x, f_y, n, span))


def mi3(o: Number, f_x: Number, f_y: Number, n: Number, *, span: float = 1) -> Number:
    """MI³ (Daille 1994) ``log2(O³/E)``, which favours frequent co-occurrences.

    Examples
    --------
    >>> mi3(4, 8, 16, 1024)
    9.0
    """
    return vectorised("mi3", _mi3, o, f_x, f_y, n, span=span)


def _t_score(xp: Any, o: Any, f_x: Any, f_y: Any, n: Any, *, span: float) -> Any:
    return (o - _expected(f_x, f_y, n, span)) / xp.sqrt(o)


def t_score(o: Number, f_x: Number, f_y: Number, n: Number, *, span: float = 1) -> Number:
    """t-score ``(O − E)/√O`` (Church et al. 1991).

    NLTK's ``student_t`` is the same for adjacent pairs; with a window it divides O by the span
    instead of multiplying E by it, which gives a different value.

    Examples
    --------
    >>> t_score(4, 8, 16, 1024)
    1.9375
    """
    return vectorised("t_score", _t_score, o, f_x, f_y, n, span=span)


def _z_score(xp: Any, o: Any, f_x: Any, f_y: Any, n: Any, *, span: float) -> Any:
    e = _expected(f_x, f_y, n, span)
    return (o - e) / xp.sqrt(e)


def z_score(o: Number, f_x: Number, f_y: Number, n: Number, *, span: float = 1) -> Number:
    """z-score ``(O − E)/√E`` (Dennis 1965; Berry-Rogghe 1973).

    Examples
    --------
    >>> round(z_score(4, 8, 16, 1024), 4)
    10.9602
    """
    return vectorised("z_score", _z_score, o, f_x, f_y, n, span=span)


def _dice(xp: Any, o: Any, f_x: Any, f_y: Any) -> Any:
    return 2.0 * o / (f_x + f_y)


def dice(o: Number, f_x: Number, f_y: Number) -> Number:
    """Dice coefficient ``2O/(f_x + f_y)``; uses raw frequencies, so the span does not enter.

    Examples
    --------
    >>> dice(4, 8, 16)
    0.3333333333333333
    """
    return vectorised("dice", _dice, o, f_x, f_y)


def _log_dice(xp: Any, o: Any, f_x: Any, f_y: Any) -> Any:
    return 14.0 + xp.log2(_dice(xp, o, f_x, f_y))


def log_dice(o: Number, f_x: Number, f_y: Number) -> Number:
    """logDice (Rychlý 2008) ``14 + log2(Dice)``: at most 14, independent of corpus size.

    Examples
    --------
    >>> round(log_dice(4, 8, 16), 4)
    12.415
    """
    return vectorised("log_dice", _log_dice, o, f_x, f_y)


def _g2_collocation(xp: Any, o: Any, f_x: Any, f_y: Any, n: Any, *, span: float) -> Any:
    # Tokens inside node windows (span·f_x of them) against the rest of the corpus; the
    # collocate's tokens fall o inside and f_y − o outside. The sign is + for attraction (O > E).
    inside = f_x * span
    return _g2(xp, o, f_y - o, inside, n - inside)


def g2_collocation(o: Number, f_x: Number, f_y: Number, n: Number, *, span: float = 1) -> Number:
    """Signed G² over the table ``O11 = O, O12 = span·f_x − O, O21 = f_y − O`` and the rest.

    Positive for attraction (O > E), negative for repulsion. For adjacent pairs (``span = 1``) its
    absolute value equals NLTK's ``BigramAssocMeasures.likelihood_ratio``.

    Examples
    --------
    >>> round(g2_collocation(4, 8, 16, 1024), 4)
    23.3556
    """
    return vectorised("g2", _g2_collocation, o, f_x, f_y, n, span=span)
