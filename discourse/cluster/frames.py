"""A corpus made ready for a Dask cluster: partitioned in memory, or written as Parquet files.

Partitions are contiguous runs of documents in corpus order, so a partition (or a Parquet file)
is a range of ``doc_id`` values as the corpus orders them: the unit an index of the corpus
(issue 17) can be built and cached for, file by file.
"""

from __future__ import annotations

from pathlib import Path

import dask.dataframe as dd
import polars as pl

from discourse._typing import Frame
from discourse.cluster._engine import to_pandas
from discourse.corpus._frame import require_columns
from discourse.errors import DiscourseError

__all__ = ["to_dask", "write_parquet"]


def _piece(frame: pl.DataFrame) -> object:
    return to_pandas(frame)


def to_dask(frame: Frame, *, npartitions: int) -> dd.DataFrame:
    """A Dask DataFrame of the corpus, in ``npartitions`` contiguous runs of documents.

    The public functions take the result wherever they take a corpus, and compute on the
    cluster of the active ``dask.distributed`` client (or Dask's local scheduler). The data
    travel from this process to the workers; a corpus too large for one machine is read by the
    workers instead, from Parquet (see :func:`write_parquet` and ``dask.dataframe.read_parquet``).

    Parameters
    ----------
    frame
        A corpus (or any frame), eager or lazy (a LazyFrame is collected here).
    npartitions
        How many partitions: exactly this many, of sizes differing by at most one row. More
        partitions than rows leaves some empty.

    Returns
    -------
    dask.dataframe.DataFrame
        The same columns and rows, in order, Arrow-backed (strings, dates and nullable integers
        keep their polars types).

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b", "c"], "text": ["x", "y", "z"]})
    >>> parts = to_dask(corpus, npartitions=2)
    >>> parts.npartitions, len(parts)
    (2, 3)
    """
    if isinstance(npartitions, bool) or not isinstance(npartitions, int) or npartitions < 1:
        raise DiscourseError(f"npartitions must be a whole number, 1 or more; not {npartitions!r}.")
    eager = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    size, extra = divmod(eager.height, npartitions)
    bounds = [i * size + min(i, extra) for i in range(npartitions + 1)]
    pieces = [eager.slice(bounds[i], bounds[i + 1] - bounds[i]) for i in range(npartitions)]
    return dd.from_map(
        _piece, pieces, meta=to_pandas(eager.clear()), divisions=[None] * (npartitions + 1)
    )


def write_parquet(
    corpus: Frame, *, folder: str | Path, rows_per_file: int = 100_000
) -> pl.DataFrame:
    """Write a corpus as numbered Parquet files of ``rows_per_file`` documents each.

    The workers of a cluster then read the files themselves:
    ``dask.dataframe.read_parquet(folder)`` gives one partition per file, in corpus order.
    A LazyFrame (``pl.scan_parquet``, ``pl.scan_csv``) is written in slices, never held whole.

    Parameters
    ----------
    corpus
        A corpus with ``doc_id`` (eager or lazy).
    folder
        Created if absent; it must not already hold ``part-*.parquet`` files (a partly
        overwritten corpus would mix two versions).
    rows_per_file
        Documents per file (the last file holds the rest).

    Returns
    -------
    pl.DataFrame
        One row per file: ``file`` (its name in ``folder``), ``rows`` (Int64), ``first_doc_id``
        and ``last_doc_id``.

    Examples
    --------
    >>> import tempfile
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b", "c"], "text": ["x", "y", "z"]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_parquet(corpus, folder=folder, rows_per_file=2).rows()
    [('part-00000.parquet', 2, 'a', 'b'), ('part-00001.parquet', 1, 'c', 'c')]
    """
    if isinstance(rows_per_file, bool) or not isinstance(rows_per_file, int) or rows_per_file < 1:
        raise DiscourseError(
            f"rows_per_file must be a whole number, 1 or more; not {rows_per_file!r}."
        )
    require_columns(corpus, ["doc_id"], what="write_parquet")
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    existing = sorted(root.glob("part-*.parquet"))
    if existing:
        raise DiscourseError(
            f"{root} already holds {len(existing)} part-*.parquet file(s) "
            f"({existing[0].name} ...); "
            "write to an empty folder, or delete them first."
        )
    lazy = corpus.lazy()
    written: list[tuple[str, int, str | None, str | None]] = []
    start = 0
    while True:
        piece = lazy.slice(start, rows_per_file).collect()
        if piece.height == 0 and written:
            break
        name = f"part-{len(written):05d}.parquet"
        piece.write_parquet(root / name)
        ids = piece.get_column("doc_id").cast(pl.String)
        first, last = (ids[0], ids[-1]) if piece.height else (None, None)
        written.append((name, piece.height, first, last))
        if piece.height < rows_per_file:
            break
        start += rows_per_file
    schema = {
        "file": pl.String,
        "rows": pl.Int64,
        "first_doc_id": pl.String,
        "last_doc_id": pl.String,
    }
    return pl.DataFrame(written, schema=schema, orient="row")
