"""Figures from result frames, and the rendering of the notebooks into shareable HTML pages.

Every public name here is also ``discourse.<name>``; modules load on first use.
"""

from __future__ import annotations

from typing import Any

import discourse

__all__ = discourse.exported(__name__)


def __getattr__(name: str) -> Any:
    return discourse.load(__name__, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
