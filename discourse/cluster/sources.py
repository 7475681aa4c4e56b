"""A corpus read by the workers of a cluster: the client lists the files, the workers read them.

:func:`read_dask` takes the sources and options of :func:`discourse.read_corpus` and gives the
same corpus as a Dask DataFrame, a partition per run of ``files_per_partition`` input files.
The tasks carry file paths, never text. What :func:`~discourse.read_corpus` decides across
files is decided across partitions here, so the rows are identical:

- a ``doc_id`` belongs to the first input that produced it (later ones are rejected): a Dask
  groupby of the ids each partition read finds those produced in several partitions, and each
  partition is read again knowing which of its ids an earlier one owns;
- ``duplicate_of`` names the earliest document with the same text: a Dask groupby on a 128-bit
  hash of each text (whitespace collapsed) finds the copies; only the copies' ids and their
  originals' reach the client, and each partition receives its own;
- the metadata columns are the union, in first-seen order, of the partitions' columns.

The rejected inputs (one row per file, line or table row) come to the client: ``errors="raise"``
raises the first, as :func:`~discourse.read_corpus` does; ``errors="collect"`` warns how many.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import dask
import dask.dataframe as dd
import pandas as pd
import polars as pl

from discourse.cluster._engine import connect, to_pandas
from discourse.corpus._frame import CORE_COLUMNS, verbatim_key
from discourse.corpus._outlets import apply_outlet_map, read_outlet_map
from discourse.corpus._reader import REJECTED_SCHEMA, Options, read_inputs
from discourse.corpus._sources import Input, resolve_sources
from discourse.corpus.reading import Errors, Format, OutletMap, Source, _check_options
from discourse.errors import CorpusError, DiscourseError

__all__ = ["read_dask"]

_LEADING = [*CORE_COLUMNS, "duplicate_of", "source"]


def _read(
    chunk: Sequence[Input],
    options: Options,
    owners: Mapping[str, str],
    merge: Mapping[str, str] | None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One partition's files read on a worker: ``(documents, rejected)``."""
    documents, rejected = read_inputs(chunk, options, owners=owners)
    if merge is not None:
        documents = apply_outlet_map(documents, merge)
    return documents, rejected


def _ids(read: tuple[pl.DataFrame, pl.DataFrame], part: int) -> pd.DataFrame:
    docs = read[0]
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"].to_list(),
            "part": pd.Series([part] * docs.height, dtype="int64"),
            "source": docs["source"].to_list(),
        }
    )


def _clashes(bucket: pd.DataFrame) -> pd.DataFrame:
    """Ids read in several partitions: each partition that has one, with the id's owner (the
    first partition's source)."""
    frame = pl.from_pandas(bucket, include_index=False)
    repeated = frame.filter(pl.col("part").n_unique().over("doc_id") > 1)
    first = (
        repeated.sort("part")
        .group_by("doc_id")
        .agg(owner_part=pl.col("part").first(), owner=pl.col("source").first())
    )
    later = repeated.join(first, on="doc_id").filter(pl.col("part") > pl.col("owner_part"))
    return later.select("doc_id", "part", "owner").unique().to_pandas()


def _text_keys(read: tuple[pl.DataFrame, pl.DataFrame], part: int) -> pd.DataFrame:
    """Per document: a 128-bit hash of its text as ``flag_duplicates`` compares texts, and
    where it stands in the corpus (``published``, partition, row)."""
    docs = read[0]
    key = verbatim_key()
    return (
        docs.with_row_index("position")
        .select(
            h1=key.hash(seed=1),
            h2=key.hash(seed=2),
            has_text=pl.col("text").is_not_null(),
            published=pl.col("published").to_physical().cast(pl.Int64),
            part=pl.lit(part, pl.Int64),
            position=pl.col("position").cast(pl.Int64),
            doc_id="doc_id",
        )
        .to_pandas()
    )


def _copies(bucket: pd.DataFrame) -> pd.DataFrame:
    """``flag_duplicates`` on a bucket of text hashes: each copy, its partition and original."""
    frame = pl.from_pandas(bucket, include_index=False)
    originals = frame.group_by("h1", "h2").agg(
        original=pl.col("doc_id")
        .sort_by(["published", "part", "position"], nulls_last=True)
        .first()
    )
    flagged = frame.join(originals, on=["h1", "h2"]).filter(
        pl.col("has_text"), pl.col("original") != pl.col("doc_id")
    )
    return flagged.select("doc_id", "part", "original").to_pandas()


def _schema(read: tuple[pl.DataFrame, pl.DataFrame]) -> pl.Schema:
    return read[0].schema


def _rejected(read: tuple[pl.DataFrame, pl.DataFrame]) -> pl.DataFrame:
    return read[1]


def _partition(
    chunk: Sequence[Input],
    owners: Mapping[str, str],
    merge: Mapping[str, str] | None,
    copies: Mapping[str, str],
    schema: Mapping[str, pl.DataType],
    *,
    options: Options,
) -> pd.DataFrame:
    """One partition of the corpus, read on a worker: ``read_corpus``'s rows and columns."""
    documents, _ = _read(chunk, options, owners, merge)
    documents = pl.concat([pl.DataFrame(schema=schema), documents], how="diagonal_relaxed")
    flagged = documents.with_columns(
        duplicate_of=pl.col("doc_id").replace_strict(copies, default=None, return_dtype=pl.String)
    )
    return to_pandas(
        flagged.select(
            *_LEADING,
            *[
                pl.col(c).cast(pl.String) if schema[c] == pl.Null else pl.col(c)
                for c in schema
                if c not in _LEADING
            ],
        )
    )


def read_dask(
    source: Source | Sequence[Source],
    *,
    files_per_partition: int = 100,
    outlet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    columns: Sequence[str] | None = None,
    format: Format = "auto",
    encoding: str = "utf-8",
    dayfirst: bool = False,
    errors: Errors = "raise",
    outlet_map: OutletMap | None = None,
) -> dd.DataFrame:
    """Read a corpus on the workers of a cluster: :func:`discourse.read_corpus` as a Dask
    DataFrame.

    This process lists the files (their paths must be the same on the workers, as on a shared
    file system); the workers read them, twice while this call runs (to settle repeated
    ``doc_id`` values and verbatim copies across partitions) and again whenever the result is
    computed. ``dedupe=`` has no distributed form: flag copies with ``duplicate_of``.

    Parameters
    ----------
    source
        A file, a folder (read recursively), a glob pattern, or a list of them, as for
        :func:`discourse.read_corpus`.
    files_per_partition
        Input files per partition, in input order (a table or an export file is one file).
    outlet, mapping, columns, format, encoding, dayfirst, errors, outlet_map
        As for :func:`discourse.read_corpus`.

    Returns
    -------
    dask.dataframe.DataFrame
        The rows and columns of :func:`discourse.read_corpus` (``doc_id, outlet, published,
        title, url, text, duplicate_of, source``, then metadata), in order: computed and
        turned into a polars frame, it equals the in-memory corpus.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in "abc":
    ...     _ = (folder / f"{name}.txt").write_text(f"Report {name}.")
    >>> corpus = read_dask(folder, files_per_partition=2, outlet="Wire")
    >>> corpus.npartitions, corpus.compute()["doc_id"].tolist()
    (2, ['a', 'b', 'c'])
    """
    _check_options(errors, encoding, mapping, format, None)
    if (
        isinstance(files_per_partition, bool)
        or not isinstance(files_per_partition, int)
        or files_per_partition < 1
    ):
        raise DiscourseError(
            f"files_per_partition must be a whole number, 1 or more; not {files_per_partition!r}."
        )
    merge = None if outlet_map is None else read_outlet_map(outlet_map)
    if merge is not None:
        apply_outlet_map(pl.DataFrame(schema={"outlet": pl.String}), merge)  # checks the map
    options = Options(
        outlet, mapping, columns, encoding, dayfirst, collect=True, detect=format == "auto"
    )
    inputs = resolve_sources(source, fmt=format)
    chunks = [
        inputs[i : i + files_per_partition] for i in range(0, len(inputs), files_per_partition)
    ]
    connect()
    read = dask.delayed(_read, pure=True)

    # First reading: ids read in more than one partition.
    first = [read(chunk, options, {}, None) for chunk in chunks]
    ids_meta = pd.DataFrame(
        {"doc_id": pd.Series([], dtype=object), "part": pd.Series([], dtype="int64")}
    ).assign(source=pd.Series([], dtype=object))
    ids = dd.from_delayed(
        [dask.delayed(_ids)(r, p) for p, r in enumerate(first)], meta=ids_meta, verify_meta=False
    )
    clash_meta = pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=object),
            "part": pd.Series([], dtype="int64"),
            "owner": pd.Series([], dtype=object),
        }
    )
    buckets = max(1, len(chunks) // 8)
    clashes = pl.from_pandas(
        ids.shuffle(on="doc_id", npartitions=buckets, shuffle_method="tasks")
        .map_partitions(_clashes, meta=clash_meta, enforce_metadata=False)
        .compute()
    )
    owners: list[dict[str, str]] = [{} for _ in chunks]
    for doc_id, part, owner in clashes.iter_rows():
        owners[part][doc_id] = owner

    # Second reading: the partitions as read_corpus keeps them; rejections, columns, copies.
    second = [read(chunk, options, owners[p], merge) for p, chunk in enumerate(chunks)]
    keys_meta = pd.DataFrame(
        {
            "h1": pd.Series([], dtype="uint64"),
            "h2": pd.Series([], dtype="uint64"),
            "has_text": pd.Series([], dtype=bool),
            "published": pd.Series([], dtype="Int64"),
            "part": pd.Series([], dtype="int64"),
            "position": pd.Series([], dtype="int64"),
            "doc_id": pd.Series([], dtype=object),
        }
    )
    keys = dd.from_delayed(
        [dask.delayed(_text_keys)(r, p) for p, r in enumerate(second)],
        meta=keys_meta,
        verify_meta=False,
    )
    copies_meta = pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=object),
            "part": pd.Series([], dtype="int64"),
            "original": pd.Series([], dtype=object),
        }
    )
    copies_frame = keys.shuffle(on=["h1", "h2"], npartitions=buckets, shuffle_method="tasks")
    copies_frame = copies_frame.map_partitions(_copies, meta=copies_meta, enforce_metadata=False)
    schemas, rejected_parts, copies_pd = dask.compute(
        [dask.delayed(_schema)(r) for r in second],
        [dask.delayed(_rejected)(r) for r in second],
        copies_frame.to_delayed(),  # delayed, as the two lists: one graph, each file read once
    )
    rejected = pl.concat([pl.DataFrame(schema=REJECTED_SCHEMA), *rejected_parts])
    if rejected.height and errors == "raise":
        source_, line, reason, _ = rejected.row(0)
        raise CorpusError(reason, source=source_, line=line)
    copies: list[dict[str, str]] = [{} for _ in chunks]
    for doc_id, part, original in pl.from_pandas(pd.concat([copies_meta, *copies_pd])).iter_rows():
        copies[part][doc_id] = original
    schema = pl.concat(
        [pl.DataFrame(schema=s) for s in schemas] or [pl.DataFrame(schema=_empty_schema())],
        how="diagonal_relaxed",
    ).schema
    meta = _partition([], {}, None, {}, schema, options=options).iloc[:0]
    corpus = dd.from_map(
        _partition,
        chunks or [[]],
        [owners[p] for p in range(len(chunks))] or [{}],
        [merge] * max(1, len(chunks)),
        copies or [{}],
        [schema] * max(1, len(chunks)),
        meta=meta,
        divisions=[None] * (max(1, len(chunks)) + 1),
        label="read-corpus",
        enforce_metadata=False,
        options=options,
    )
    if rejected.height:
        warnings.warn(
            f"{rejected.height} input(s) could not be read and are not in the corpus; "
            "call discourse.load_corpus(...).rejected to see which and why",
            stacklevel=2,
        )
    return corpus


def _empty_schema() -> pl.Schema:
    documents, _ = read_inputs([], Options(None, None, None, "utf-8", False, collect=True))
    return documents.schema
