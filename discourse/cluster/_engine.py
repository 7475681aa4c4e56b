"""How a Dask DataFrame corpus is computed on: polars code per partition, partial results combined.

Every partition is turned into a polars frame on the worker that holds it; the polars function
runs there and only its (small) partial result travels. Partials are combined in a tree, eight
at a time, so the client receives one frame of the size of the result. Dask's own scheduler
places, retries and recomputes the tasks (a lost worker's partitions are recomputed elsewhere).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import dask
import dask.dataframe as dd
import distributed
import pandas as pd
import polars as pl

from discourse.corpus._frame import by_columns
from discourse.errors import DiscourseError

#: Partials combined per task of the tree: few enough to keep each combine small.
SPLIT_EVERY = 8


def to_polars(part: pd.DataFrame) -> pl.DataFrame:
    """One partition as a polars frame (Arrow-backed columns convert without copies)."""
    return pl.from_pandas(part, include_index=False)


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """A polars frame as the pandas partition Dask keeps, with Arrow-backed columns."""
    return frame.to_pandas(use_pyarrow_extension_array=True)


def columns(corpus: dd.DataFrame) -> list[str]:
    """The column names of a Dask DataFrame, without computing anything."""
    return [str(c) for c in corpus.columns]


def require(corpus: dd.DataFrame, needed: Sequence[str], *, what: str) -> None:
    """Raise :class:`DiscourseError` naming the columns ``what`` needs that the corpus lacks."""
    have = columns(corpus)
    missing = [c for c in needed if c not in have]
    if missing:
        raise DiscourseError(
            f"{what} needs column(s) {missing}, but the Dask DataFrame has {sorted(have)}; "
            "rename them, or build it with discourse.to_dask(read_corpus(...))."
        )


def only(corpus: dd.DataFrame, needed: Sequence[str], *, what: str) -> dd.DataFrame:
    """The columns a function reads, checked: Dask then reads only those from Parquet."""
    require(corpus, needed, what=what)
    return corpus[list(dict.fromkeys(needed))]


def keys_of(by: Any) -> list[str]:
    return by_columns(by)


def not_distributed(what: str, option: str, instead: str) -> DiscourseError:
    """The error for an option that has no distributed form, naming what to do instead."""
    return DiscourseError(
        f"{what} on a Dask DataFrame does not support {option}; {instead}. Nothing was computed "
        "(the corpus is never collected onto the client to do it in memory)."
    )


def connect() -> distributed.Client | None:
    """The active client; without one, a client of the scheduler named by the environment
    variable ``DISCOURSE_SCHEDULER`` (``tcp://host:8786``), which becomes the default. ``None``:
    neither, so Dask's local scheduler computes in this process."""
    try:
        return distributed.get_client()
    except ValueError:
        address = os.environ.get("DISCOURSE_SCHEDULER")
        return distributed.Client(address) if address else None


def map_chunks(function: Callable[..., Any], chunks: Sequence[Any], *args: Any) -> list[Any]:
    """``function(chunk, *args)`` for each chunk, on the cluster :func:`connect` finds, in order.

    For in-memory work that a report sends to the cluster named by ``DISCOURSE_SCHEDULER``
    (``discourse report --scheduler``): the chunks travel from this process to the workers.
    """
    client = connect()
    if client is None:
        raise DiscourseError(
            "no Dask cluster: set DISCOURSE_SCHEDULER to a scheduler's address (tcp://host:8786)."
        )
    futures = client.map(function, list(chunks), *[[a] * len(chunks) for a in args], pure=True)
    return list(client.gather(futures))


def _combine_tree(parts: list[Any], combine: Callable[[list[Any]], Any]) -> Any:
    """One delayed value: ``combine`` of ``SPLIT_EVERY`` partials at a time, level by level."""
    step = dask.delayed(combine, pure=True)
    while len(parts) > 1:
        parts = [step(parts[i : i + SPLIT_EVERY]) for i in range(0, len(parts), SPLIT_EVERY)]
    return step(parts) if parts else None


def _partial(part: pd.DataFrame, chunk: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return chunk(to_polars(part), *args)


def reduce_partitions(
    corpus: dd.DataFrame,
    chunk: Callable[..., Any],
    combine: Callable[[list[Any]], Any],
    *args: Any,
) -> Any:
    """``combine`` of ``chunk(partition, *args)`` over every partition, computed by Dask.

    ``combine`` must be associative (it is applied to partials of partials). ``args`` may hold
    delayed values (a table computed by an earlier pass), which Dask sends to each worker once.
    """
    task = dask.delayed(_partial, pure=True)
    partials = [task(part, chunk, args) for part in corpus.to_delayed()]
    if not partials:
        raise DiscourseError("the Dask DataFrame has no partitions; there is nothing to count.")
    connect()
    (result,) = dask.compute(_combine_tree(partials, combine))
    return result


def reduce_many(
    corpus: dd.DataFrame, jobs: Sequence[tuple[Callable[..., Any], Callable[[list[Any]], Any]]]
) -> list[Any]:
    """Several reductions of the same partitions in one pass: each partition is read once."""

    def both(frame: pl.DataFrame) -> tuple[Any, ...]:
        return tuple(chunk(frame) for chunk, _ in jobs)

    def merged(partials: list[tuple[Any, ...]]) -> tuple[Any, ...]:
        return tuple(comb([p[i] for p in partials]) for i, (_, comb) in enumerate(jobs))

    return list(reduce_partitions(corpus, both, merged))


def map_rows(corpus: dd.DataFrame, function: Callable[[pl.DataFrame], pl.DataFrame]) -> Any:
    """A Dask DataFrame: ``function`` applied to each partition (a result per row stays there).

    The empty schema of the result comes from ``function`` run on an empty partition.
    """
    connect()
    meta = to_pandas(function(to_polars(corpus._meta)))

    def run(part: pd.DataFrame) -> pd.DataFrame:
        return to_pandas(function(to_polars(part)))

    return corpus.map_partitions(run, meta=meta, enforce_metadata=False)


def sum_counts(partials: list[pl.DataFrame], on: Sequence[str]) -> pl.DataFrame:
    """Partial count tables summed per ``on`` (group columns, term ...); every other column is a
    count (Int64). A missing group value (null) is a group, as in memory."""
    frames = [p for p in partials if p.width]
    if not frames:
        return partials[0]
    stacked = pl.concat(frames, how="vertical_relaxed")
    counts = [c for c in stacked.columns if c not in on]
    if not on:
        return stacked.select(pl.col(counts).sum().cast(pl.Int64))
    return stacked.group_by(list(on)).agg(pl.col(counts).sum().cast(pl.Int64))
