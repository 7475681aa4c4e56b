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


def _read_file(
    item: Input, options: Options, cache: dict[Path, dict[str, Any] | Rejected]
) -> dict[str, Any] | tuple[pl.DataFrame, pl.DataFrame]:
    """One text document as a row, or a table as ``(documents, rejected rows)``."""
    if item.problem is not None:
        raise Rejected(item.problem)
    folder = folder_defaults(item.path.parent, item.root, cache)
    defaults = {"outlet": options.outlet} | folder
    data = item.path.read_bytes()
    if item.kind != "text":
        return _read_table(item, data, options, defaults)
    text = decode(data, encoding=options.encoding)
    fields = read_text_document(text, defaults=defaults, dayfirst=options.dayfirst)
    return {"doc_id": item.doc_id, **fields, "source": str(item.path)}


_DUPLICATE_ID = "duplicate doc_id '{}' (already used by {})"


def read_inputs(inputs: Sequence[Input], options: Options) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read every input; return ``(documents, rejected)``, or raise at the first bad one.

    A ``doc_id`` belongs to the first input that produced it; later ones are rejected.
    """
    documents, rejected = _Pile(CORE_SCHEMA), _Pile(REJECTED_SCHEMA)
    owner: dict[str, str] = {}
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
            documents.add_frame(docs.drop("__line").with_columns(source=pl.lit(source)))
    return documents.frame(), rejected.frame()
