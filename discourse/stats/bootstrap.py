"""Bootstrap intervals: how far a mean could move if the sample were drawn again.

Seeded, so that the same inputs always give the same interval (a report re-rendered tomorrow
shows the same numbers), and vectorised over the resamples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["bootstrap_interval"]


def bootstrap_interval(
    values: Sequence[float] | np.ndarray,
    *,
    n_resamples: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval for the mean of ``values``.

    Resamples ``values`` with replacement ``n_resamples`` times using numpy's PCG64 generator
    seeded with ``seed``, and returns the ``(1 − level)/2`` and ``(1 + level)/2`` quantiles of
    the resampled means. The same inputs and seed always give the same interval.

    Parameters
    ----------
    values
        The sample (numbers, a list, a numpy array or a ``pl.Series``).
    n_resamples
        How many resamples to draw.
    level
        The interval's coverage, between 0 and 1.
    seed
        The generator's seed.

    Returns
    -------
    tuple[float, float]
        ``(low, high)``. An empty input gives ``(nan, nan)``; a single value gives that value
        twice.

    Examples
    --------
    >>> bootstrap_interval([0.0, 1.0, 0.0, 1.0], seed=1)
    (0.0, 1.0)
    >>> bootstrap_interval([0.5])
    (0.5, 0.5)
    """
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(n_resamples, data.size))].mean(axis=1)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return (float(low), float(high))
