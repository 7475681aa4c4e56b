"""The same analyses on a Dask cluster: the public functions take a Dask DataFrame too.

A reducing function (``term_frequency``, ``label_shares`` ...) given a Dask DataFrame runs the
polars code on each partition, on the workers, and combines the partial counts exactly; the
result is the polars frame the in-memory call returns. Functions whose result has one row per
document or sentence (``sentiment``, ``label_mentions`` ...) return a Dask DataFrame, partitioned
like the corpus. :func:`to_dask` and :func:`write_parquet` make a corpus ready for a cluster.
See ``docs/cluster.md``. Dask (``pip install discourse[cluster]``) is imported only here.
"""

from __future__ import annotations

from typing import Any

import discourse

__all__ = discourse.exported(__name__)


def __getattr__(name: str) -> Any:
    return discourse.load(__name__, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
