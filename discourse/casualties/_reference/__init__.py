"""Frozen copies of the casualty rules before the fast path (issue 16); see ``tagging``."""
