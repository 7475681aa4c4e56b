"""Read a corpus into one frame: text with front matter, bare text, CSV/TSV, JSONL, Parquet,
news-database exports (Nexis Uni, LexisNexis, Factiva) and saved web pages.

Nothing is lost silently: every file (and every row of a table) ends up either in the corpus or
in the rejected table, with the file, the line or row, and the reason. Identical texts are
flagged in ``duplicate_of``, never dropped. The formats are described in ``corpora/README.md``.
"""

from __future__ import annotations

import codecs
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar, get_args

import polars as pl

from discourse._typing import DedupeMode
from discourse.corpus._frame import CORE_COLUMNS, verbatim_key
from discourse.corpus._outlets import apply_outlet_map, read_outlet_map
from discourse.corpus._reader import Options, read_inputs
from discourse.corpus._sources import resolve_sources
from discourse.corpus._tabular import MAPPING_KEYS
from discourse.errors import DiscourseError

__all__ = ["LoadedCorpus", "flag_duplicates", "load_corpus", "read_corpus"]

Source = str | os.PathLike[str]
Errors = Literal["raise", "collect"]
Format = Literal["auto", "text", "csv", "tsv", "jsonl", "parquet", "nexis", "factiva"]
OutletMap = Mapping[str, str] | str | os.PathLike[str]
FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
_DROPPED_SCHEMA = {
    "doc_id": pl.String,
    "outlet": pl.String,
    "published": pl.Date,
    "source": pl.String,
}


@dataclass(frozen=True)
class LoadedCorpus:
    """What :func:`load_corpus` returns: the documents that loaded and the inputs that did not.

    Attributes
    ----------
    corpus
        The corpus frame: ``doc_id, outlet, published, title, url, text, duplicate_of, source``,
        then metadata columns.
    rejected
        One row per refused input: ``source, line, reason, doc_id`` (``line`` is the line of a
        text file or the 1-based data row of a table; null when the whole file was refused).
    dropped
        The documents that loaded but were left out as copies because ``dedupe=`` was given:
        ``doc_id, outlet, published, source``, one row each (empty without ``dedupe``). They
        are not rejected: they were read, and their copy that was kept is in ``corpus``.

    Examples
    --------
    >>> loaded = load_corpus("corpora/demo", errors="collect")
    >>> loaded.corpus.columns[:6]
    ['doc_id', 'outlet', 'published', 'title', 'url', 'text']
    >>> loaded.rejected.columns
    ['source', 'line', 'reason', 'doc_id']
    """

    corpus: pl.DataFrame
    rejected: pl.DataFrame
    dropped: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=_DROPPED_SCHEMA))


def flag_duplicates(corpus: FrameT) -> FrameT:
    """Set ``duplicate_of`` to the ``doc_id`` of the earliest document with the same text.

    Texts count as the same when they are equal after collapsing runs of whitespace and trimming
    the ends (repeated rows, syndicated copies); case and punctuation still matter. The earliest
    copy (by ``published``, undated last, then in frame order) is the original and has a null
    ``duplicate_of``; every other copy points at it. No row is dropped.

    Returns
    -------
    polars.DataFrame or polars.LazyFrame
        The corpus (same type as given) with ``duplicate_of`` (String) added or replaced in place.

    Examples
    --------
    >>> df = pl.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Hi  there", "Other", "Hi there "]})
    >>> flag_duplicates(df)["duplicate_of"].to_list()
    [None, None, 'a']
    """
    names: list[str] = list(corpus.collect_schema().names())
    order = ["published", "_position"] if "published" in names else ["_position"]
    indexed = corpus.with_row_index("_position").with_columns(verbatim_key().alias("_key"))
    # A group_by and a join rather than a window: sort_by inside .over() misbehaved in polars 2.1.
    originals = indexed.group_by("_key").agg(
        pl.col("doc_id").sort_by(order, nulls_last=True).first().alias("_original")
    )
    original = pl.col("_original")
    # A missing text is not a copy of another missing text.
    is_copy = (original != pl.col("doc_id")) & pl.col("text").is_not_null()
    flagged = pl.when(is_copy).then(original).cast(pl.String)
    columns = names if "duplicate_of" in names else [*names, "duplicate_of"]
    return (
        indexed.join(originals, on="_key", how="left", maintain_order="left")
        .with_columns(flagged.alias("duplicate_of"))
        .select(columns)
    )


def _check_options(
    errors: str, encoding: str, mapping: Mapping[str, str] | None, fmt: str, dedupe: str | None
) -> None:
    if errors not in ("raise", "collect"):
        raise DiscourseError(f"errors must be 'raise' or 'collect', not {errors!r}")
    if dedupe not in (None, "verbatim", "story_per_outlet", "story"):
        raise DiscourseError(
            f"dedupe must be None, 'verbatim', 'story_per_outlet' or 'story', not {dedupe!r}"
        )
    if fmt not in get_args(Format):
        raise DiscourseError(f"format must be one of {', '.join(get_args(Format))}; got {fmt!r}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise DiscourseError(f"unknown encoding {encoding!r}; try 'utf-8' or 'cp1252'") from None
    unknown = set(mapping or {}) - {*MAPPING_KEYS, "published"}
    if unknown:
        raise DiscourseError(
            f"mapping keys must be among {sorted(MAPPING_KEYS)}; got {sorted(unknown)}"
        )


def load_corpus(
    source: Source | Sequence[Source],
    *,
    outlet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    columns: Sequence[str] | None = None,
    format: Format = "auto",
    encoding: str = "utf-8",
    dayfirst: bool = False,
    errors: Errors = "raise",
    dedupe: DedupeMode | None = None,
    outlet_map: OutletMap | None = None,
) -> LoadedCorpus:
    """Read a corpus and keep account of every input that could not be read.

    Parameters
    ----------
    source
        A file, a folder (read recursively), a glob pattern, or a list of them.
    outlet
        The outlet for documents that name none (front matter, folder ``_corpus.yaml`` or an
        outlet column take precedence).
    mapping
        For tables: which column holds ``text``, ``outlet``, ``date``, ``title``, ``url`` and
        ``doc_id``, e.g. ``{"text": "sentence", "date": "article_date"}``. Unmapped keys use a
        column of the same name (``published`` or ``date`` for the date) when there is one. A
        table's own ids are kept (a row with none, or repeating one, is rejected); without an
        id column a row's id is ``<file stem>:<row>``.
    columns
        Column names for CSV/TSV files without a header row (the first row is then data).
    format
        ``"auto"`` goes by extension (``.txt .md`` text, ``.csv``, ``.tsv .tab``, ``.jsonl
        .ndjson``, ``.parquet``, ``.html .htm`` web pages, ``.docx .rtf`` exports), and reads a
        ``.txt``, ``.html``, ``.docx`` or ``.rtf`` file whose content has the layout of a Nexis
        Uni, LexisNexis or Factiva export as that export: one row per article, ``doc_id``
        ``<file>:<n>`` and ``source`` ``<path>#<n>``. Any other value reads every file in that
        format (``"nexis"``, ``"factiva"`` for exports).
    encoding
        The files' encoding (a Python codec name such as ``"cp1252"``); never guessed.
    dayfirst
        Read ambiguous numeric dates such as ``03/04/2023`` as day/month/year.
    errors
        ``"raise"``: the first bad input raises :class:`discourse.CorpusError`. ``"collect"``:
        bad inputs become rows of ``rejected`` and the rest loads.
    dedupe
        Leave copies out after loading, with :func:`discourse.deduplicate`:
        ``"verbatim"`` keeps the earliest of identical texts, ``"story_per_outlet"`` each story
        once per outlet, ``"story"`` each story once. ``None`` (the default) keeps every
        document and only flags verbatim copies in ``duplicate_of``. What was left out is in
        ``dropped``, not in ``rejected``.
    outlet_map
        Merge the names one outlet goes by: a dict ``{name as read: outlet}``, or a YAML file
        (``name: outlet`` lines, or ``outlet: [name, ...]``) or a CSV file (columns ``raw,
        outlet``). Names match whatever their case and spacing; ``outlet_raw`` keeps the name as
        read.

    Returns
    -------
    LoadedCorpus
        ``corpus`` (``doc_id, outlet, published, title, url, text, duplicate_of, source``, then
        metadata), ``rejected`` (``source, line, reason, doc_id``) and ``dropped`` (``doc_id,
        outlet, published, source`` of the copies ``dedupe`` left out).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("---\\noutlet: Alpha\\ndate: 2023-10-07\\n---\\nHello.\\n")
    >>> _ = (folder / "b.txt").write_text("")
    >>> loaded = load_corpus(folder, errors="collect")
    >>> loaded.corpus.select("doc_id", "outlet", "published", "text").rows()
    [('a', 'Alpha', datetime.date(2023, 10, 7), 'Hello.\\n')]
    >>> loaded.rejected.select("line", "reason", "doc_id").rows()
    [(None, 'empty file (0 bytes)', 'b')]
    >>> _ = (folder / "c.md").write_text("---\\noutlet: Beta\\ndate: 2023-10-08\\n---\\nHello.\\n")
    >>> loaded = load_corpus(folder, errors="collect", dedupe="verbatim")
    >>> loaded.corpus["doc_id"].to_list(), loaded.dropped["doc_id"].to_list()
    (['a'], ['c'])
    """
    _check_options(errors, encoding, mapping, format, dedupe)
    merge = None if outlet_map is None else read_outlet_map(outlet_map)
    options = Options(
        outlet,
        mapping,
        columns,
        encoding,
        dayfirst,
        collect=errors == "collect",
        detect=format == "auto",
    )
    documents, rejected = read_inputs(resolve_sources(source, fmt=format), options)
    if merge is not None:
        documents = apply_outlet_map(documents, merge)
    leading = [*CORE_COLUMNS, "duplicate_of", "source"]
    corpus = flag_duplicates(documents).select(
        *leading,
        # A metadata key that only ever held null values still gets a string column.
        *[
            pl.col(c).cast(pl.String) if documents[c].dtype == pl.Null else pl.col(c)
            for c in documents.columns
            if c not in leading
        ],
    )
    if dedupe is None:
        return LoadedCorpus(corpus, rejected)
    # Imported here: discourse.stories.pairs imports this module.
    from discourse.stories.pairs import deduplicate

    kept = deduplicate(corpus, mode=dedupe)
    dropped = corpus.filter(~pl.col("doc_id").is_in(kept["doc_id"].implode()))
    return LoadedCorpus(kept, rejected, dropped.select(*_DROPPED_SCHEMA))


def read_corpus(
    source: Source | Sequence[Source],
    *,
    outlet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    columns: Sequence[str] | None = None,
    format: Format = "auto",
    encoding: str = "utf-8",
    dayfirst: bool = False,
    errors: Errors = "raise",
    dedupe: DedupeMode | None = None,
    outlet_map: OutletMap | None = None,
) -> pl.DataFrame:
    """Read a corpus into one frame; the options are those of :func:`load_corpus`.

    With ``errors="collect"`` the bad inputs are left out and a :class:`UserWarning` says how
    many; call :func:`load_corpus` to see them. With ``dedupe=`` the copies are left out
    silently (they are not errors); :func:`load_corpus` lists them in ``dropped``.

    Returns
    -------
    polars.DataFrame
        ``doc_id, outlet, published, title, url, text, duplicate_of, source``, then metadata.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "memo.txt").write_text(" date 2023-11-29 Musk responded.")
    >>> corpus = read_corpus(folder, outlet="Middle East Monitor")
    >>> corpus.select("doc_id", "published", "text").rows()
    [('memo', datetime.date(2023, 11, 29), 'Musk responded.')]
    """
    loaded = load_corpus(
        source,
        outlet=outlet,
        mapping=mapping,
        columns=columns,
        format=format,
        encoding=encoding,
        dayfirst=dayfirst,
        errors=errors,
        dedupe=dedupe,
        outlet_map=outlet_map,
    )
    if loaded.rejected.height:
        warnings.warn(
            f"{loaded.rejected.height} input(s) could not be read and are not in the corpus; "
            "call discourse.load_corpus(...).rejected to see which and why",
            stacklevel=2,
        )
    return loaded.corpus
