"""When long work shows a progress bar: asked for explicitly, or in a terminal or notebook."""

from __future__ import annotations

import os
import sys


def show_progress(progress: bool | None) -> bool:
    """``progress`` when given; otherwise on in a terminal or a notebook and never under pytest."""
    if progress is not None:
        return progress
    return "PYTEST_CURRENT_TEST" not in os.environ and (
        sys.stderr.isatty() or "ipykernel" in sys.modules
    )
