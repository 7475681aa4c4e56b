"""Reading a list of input files into documents and rejections, in order, with unique doc_ids.

Text documents are gathered as Python rows and turned into one frame per run of text files, so a
folder of thousands of small files does not build thousands of one-row frames.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import polars as pl

from discourse.corpus._exports import ExportProblem, export_lines, html_lines, parse_export
from discourse.corpus._sources import Input
from discourse.corpus._tabular import TableFormat, raw_table, read_table
from discourse.corpus._textfiles import Rejected, decode, folder_defaults, read_text_document
from discourse.errors import CorpusError

CORE_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "outlet": pl.String(),
    "published": pl.Date(),
    "title": pl.String(),
    "url": pl.String(),
    "text": pl.String(),
    "source": pl.String(),
}
REJECTED_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "line": pl.Int64(),
    "reason": pl.String(),
    "doc_id": pl.String(),
}


@dataclass(frozen=True)
class Options:
    """The reading options of :func:`discourse.load_corpus`, checked."""

    outlet: str | None
    mapping: Mapping[str, str] | None
    columns: Sequence[str] | None
    encoding: str
    dayfirst: bool
    collect: bool
    #: ``format="auto"``: a ``.txt`` or ``.html`` file is checked for an export's layout first.
    detect: bool = True


class _Pile:
    """Rows and frames in arrival order; consecutive Python rows become one frame."""

    def __init__(self, schema: Mapping[str, pl.DataType]) -> None:
        self.schema = dict(schema)
        self.frames: list[pl.DataFrame] = []
        self.rows: list[dict[str, Any]] = []

    def add_frame(self, frame: pl.DataFrame) -> None:
        self._flush()
        self.frames.append(frame)

    def frame(self) -> pl.DataFrame:
        self._flush()
        return pl.concat([pl.DataFrame(schema=self.schema), *self.frames], how="diagonal_relaxed")

    def _flush(self) -> None:
        if self.rows:
            # Metadata keys differ between files: every key seen becomes a (nullable) column.
            self.frames.append(
                pl.from_dicts(self.rows, schema_overrides=self.schema, infer_schema_length=None)
            )
            self.rows = []


def _read_table(
    item: Input, data: bytes, options: Options, defaults: dict[str, Any]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    kind = cast(TableFormat, item.kind)
    text = None if kind == "parquet" else decode(data, encoding=options.encoding)
    raw, broken = raw_table(text, data, kind=kind, columns=options.columns)
    if raw.height == 0 and not broken:
        raise Rejected("the table has no rows")
    documents, rejected = read_table(
        raw,
        mapping=options.mapping,
        defaults=defaults,
        dayfirst=options.dayfirst,
        id_prefix=item.doc_id,
    )
    broken_rows = pl.DataFrame(
        {
            "line": [line for line, _ in broken],
            "reason": [reason for _, reason in broken],
            "doc_id": [f"{item.doc_id}:{line}" for line, _ in broken],
        },
        schema={name: REJECTED_SCHEMA[name] for name in ("line", "reason", "doc_id")},
    )
    return documents, pl.concat([rejected, broken_rows]).sort("line")


_EXPORT_SCHEMA: dict[str, pl.DataType] = {
    **CORE_SCHEMA,
    "length_words": pl.Int64(),
    "load_date": pl.Date(),
    "__line": pl.Int64(),
}
# Bytes every Nexis or Factiva export holds: a text file without them is not parsed twice.
_EXPORT_HINTS = (b"End of Document", b"DOCUMENTS", b"Document ")
_NOT_DATA = ("date", "published")


def _read_export(
    item: Input, lines: list[str], defaults: dict[str, Any]
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """An export's articles and refusals as frames, or ``None`` if ``auto`` finds no export."""
    fmt = item.kind if item.kind in ("nexis", "factiva") else "auto"
    try:
        parsed = parse_export(lines, fmt=cast(Any, fmt))
    except ExportProblem as exc:
        raise Rejected(str(exc)) from None
    if parsed is None:
        return None
    # Folder metadata fills what the export leaves empty; the export's dates always win.
    extra = {k: v for k, v in defaults.items() if k not in _NOT_DATA and v not in (None, "")}
    rows = [
        {
            "doc_id": f"{item.doc_id}:{number}",
            **extra,
            **{k: v for k, v in fields.items() if v is not None or k not in extra},
            "url": None,
            "source": f"{item.path}#{number}",
            "__line": number,
        }
        for number, fields in parsed.articles
    ]
    documents = (
        pl.from_dicts(rows, schema_overrides=_EXPORT_SCHEMA, infer_schema_length=None)
        if rows
        else pl.DataFrame(schema=_EXPORT_SCHEMA)
    ).select(*_EXPORT_SCHEMA, pl.exclude(*_EXPORT_SCHEMA))
    refused = pl.DataFrame(
        {
            "line": [number for number, _ in parsed.refused],
            "reason": [f"article {n} of {parsed.found}: {why}" for n, why in parsed.refused],
            "doc_id": [f"{item.doc_id}:{number}" for number, _ in parsed.refused],
        },
        schema={name: REJECTED_SCHEMA[name] for name in ("line", "reason", "doc_id")},
    )
    return documents, refused


def _read_page(item: Input, text: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """A saved web page, through the extraction :func:`discourse.fetch_articles` uses."""
    # Imported here: trafilatura is slow to import and only web pages need it.
    from discourse.corpus._webpage import extract_article

    try:
        article = extract_article(text, path=str(item.path))
    except CorpusError as exc:
        raise Rejected(exc.reason) from None
    fields = {k: v for k, v in defaults.items() if k not in _NOT_DATA and v not in (None, "")}
    fields.update({k: v for k, v in article.items() if v is not None})
    if not fields.get("outlet"):
        raise Rejected("the page names no site and no URL: pass outlet= or add a _corpus.yaml")
    return {"doc_id": item.doc_id, **fields, "source": str(item.path)}


def _text_row(item: Input, text: str, options: Options, defaults: dict[str, Any]) -> dict[str, Any]:
    fields = read_text_document(text, defaults=defaults, dayfirst=options.dayfirst)
    return {"doc_id": item.doc_id, **fields, "source": str(item.path)}


def _read_file(
    item: Input, options: Options, cache: dict[Path, dict[str, Any] | Rejected]
) -> dict[str, Any] | tuple[pl.DataFrame, pl.DataFrame]:
    """One document as a row, or a table or an export as ``(documents, rejected rows)``."""
    if item.problem is not None:
        raise Rejected(item.problem)
    folder = folder_defaults(item.path.parent, item.root, cache)
    defaults = {"outlet": options.outlet} | folder
    data = item.path.read_bytes()
    if item.kind in ("csv", "tsv", "jsonl", "parquet"):
        return _read_table(item, data, options, defaults)
    suffix = item.path.suffix.lower()
    if suffix in (".docx", ".rtf") and item.kind != "text":
        if not data:
            raise Rejected("empty file (0 bytes)")
        try:
            lines = export_lines(data, suffix=suffix)
        except ExportProblem as exc:
            raise Rejected(str(exc)) from None
        text = None
    else:
        text = decode(data, encoding=options.encoding)
        plain = item.kind == "text" and not any(hint in data for hint in _EXPORT_HINTS)
        if item.kind == "text" and (plain or not options.detect):
            return _text_row(item, text, options, defaults)
        is_html = suffix in (".html", ".htm")
        lines = html_lines(text) if is_html else text.splitlines()
    exported = _read_export(item, lines, defaults)
    if exported is not None:
        return exported
    if item.kind == "html" and text is not None:
        return _read_page(item, text, defaults)
    if item.kind == "text" and text is not None:
        return _text_row(item, text, options, defaults)
    raise Rejected(
        "not a Nexis Uni, LexisNexis or Factiva export (no 'End of Document', 'N of M "
        "DOCUMENTS' or 'Document <id>' article separators); pass format='nexis' or "
        "format='factiva' to read it as one anyway"
    )


_DUPLICATE_ID = "duplicate doc_id '{}' (already used by {})"


def read_inputs(
    inputs: Sequence[Input], options: Options, *, owners: Mapping[str, str] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read every input; return ``(documents, rejected)``, or raise at the first bad one.

    A ``doc_id`` belongs to the first input that produced it; later ones are rejected.
    ``owners`` (``{doc_id: source}``) names ids already taken by inputs read elsewhere (the
    earlier files of a corpus read by a cluster, :func:`discourse.read_dask`).
    """
    documents, rejected = _Pile(CORE_SCHEMA), _Pile(REJECTED_SCHEMA)
    owner: dict[str, str] = dict(owners or {})
    cache: dict[Path, dict[str, Any] | Rejected] = {}
    for item in inputs:
        source = str(item.path)
        refusal: tuple[int | None, str] | None = None
        try:
            result = _read_file(item, options, cache)
        except Rejected as exc:
            refusal = (exc.line, exc.reason)
        else:
            if isinstance(result, dict) and item.doc_id in owner:
                refusal = (None, _DUPLICATE_ID.format(item.doc_id, owner[item.doc_id]))
        if refusal is not None:
            line, reason = refusal
            if not options.collect:
                raise CorpusError(reason, source=source, line=line)
            rejected.rows.append(
                {"source": source, "line": line, "reason": reason, "doc_id": item.doc_id}
            )
        elif isinstance(result, dict):
            owner[item.doc_id] = source
            documents.rows.append(result)
        else:
            docs, bad = result
            clash = pl.Series([doc_id in owner for doc_id in docs["doc_id"]], dtype=pl.Boolean)
            if clash.any():
                first = pl.col("doc_id").replace_strict(owner, default=None)
                taken = docs.filter(clash).select(
                    line="__line",
                    reason=pl.format(_DUPLICATE_ID, "doc_id", first),
                    doc_id="doc_id",
                )
                bad, docs = pl.concat([bad, taken]).sort("line"), docs.filter(~clash)
            if bad.height and not options.collect:
                line, reason, _ = bad.row(0)
                raise CorpusError(reason, source=source, line=line)
            rejected.add_frame(bad.select(pl.lit(source).alias("source"), pl.all()))
            owner.update(dict.fromkeys(docs["doc_id"].to_list(), source))
            if "source" not in docs.columns:
                docs = docs.with_columns(source=pl.lit(source))
            documents.add_frame(docs.drop("__line"))
    return documents.frame(), rejected.frame()
