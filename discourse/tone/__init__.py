"""Tone: VADER and TextBlob sentiment per text, sentence and document, and tone around targets.

Every public name here is also ``discourse.<name>``; modules load on first use.
"""

from __future__ import annotations

import warnings
from importlib import import_module
from typing import Any

import discourse

__all__ = discourse.exported(__name__)

#: Names this package exported before they moved: still importable from here, with a
#: DeprecationWarning, for one release.
_MOVED = {"bootstrap_interval": "discourse.stats.bootstrap"}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        warnings.warn(
            f"discourse.tone.{name} moved to {_MOVED[name]} and the old path goes in the next "
            f"release; use discourse.{name}.",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(import_module(_MOVED[name]), name)
    return discourse.load(__name__, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
