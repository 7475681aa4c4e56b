"""Statistics as vectorised formulas: keyness and collocation measures, p-values, corrections,
Wilson intervals. ``discourse.stats.g2(a, b, c, d)`` takes numbers, arrays, Series or expressions.
Seeded bootstrap intervals (:func:`discourse.bootstrap_interval`) load on first use.
"""

from __future__ import annotations

from typing import Any

import discourse
from discourse.stats.formulas import *  # noqa: F403 (the formulas are this package's API)
from discourse.stats.formulas import __all__ as _formulas

__all__ = sorted([*_formulas, *discourse.exported(__name__)])


def __getattr__(name: str) -> Any:
    return discourse.load(__name__, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
