"""Recognise a Dask collection without importing Dask (it is an optional dependency)."""

from __future__ import annotations

from typing import Any


def is_dask(value: Any) -> bool:
    """Whether ``value`` is a Dask collection (a Dask DataFrame, for a corpus).

    Examples
    --------
    >>> import polars as pl
    >>> is_dask(pl.DataFrame({"text": ["a"]}))
    False
    """
    return type(value).__module__.startswith("dask")
