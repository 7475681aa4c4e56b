"""Recognise a Dask collection without importing Dask (it is an optional dependency)."""

from __future__ import annotations

from typing import Any, TypeGuard


def is_dask(value: object) -> TypeGuard[Any]:
    """Whether ``value`` is a Dask collection (a Dask DataFrame, for a corpus).

    A public function starts with ``if is_dask(corpus): return <the cluster version>``; the
    guard types the corpus as ``Any`` there, since Dask may not be installed.

    Examples
    --------
    >>> import polars as pl
    >>> is_dask(pl.DataFrame({"text": ["a"]}))
    False
    """
    return type(value).__module__.startswith("dask")
