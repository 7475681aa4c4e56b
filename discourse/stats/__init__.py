"""Statistics as vectorised formulas: keyness and collocation measures, p-values, corrections,
Wilson intervals. ``discourse.stats.g2(a, b, c, d)`` takes numbers, arrays, Series or expressions.
"""

from discourse.stats.formulas import *  # noqa: F403 (the formulas are this package's API)
from discourse.stats.formulas import __all__ as __all__
