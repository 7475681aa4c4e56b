"""Reading tabular corpora (CSV, TSV, JSONL, Parquet): one document per row, in polars.

Rows are checked with expressions, not a Python loop, so large tables stay fast; JSONL lines are
parsed one by one because a broken line must be reported on its own.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import polars as pl

from discourse.corpus._dates import parse_dates
from discourse.corpus._textfiles import RESERVED_KEYS, Rejected

TableFormat = Literal["csv", "tsv", "jsonl", "parquet"]

#: The keys of ``mapping`` and the column each one reads when not mapped (first that exists).
MAPPING_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("text",),
    "outlet": ("outlet",),
    "date": ("published", "date"),
    "title": ("title",),
    "url": ("url",),
    "doc_id": ("doc_id",),
}
_FIELD = {"text": "text", "outlet": "outlet", "date": "published", "title": "title", "url": "url"}
_CORE = ("outlet", "published", "title", "url", "text")
# A row made only of control characters is debris, such as the DOS end-of-file mark \x1a.
_DEBRIS = r"^[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+$"


def raw_table(
    text: str | None, data: bytes, *, kind: TableFormat, columns: Sequence[str] | None
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """Parse a table into string columns (Parquet keeps its types) plus JSONL line refusals.

    ``text`` is the decoded file (``None`` for Parquet, which is read from ``data``).
    """
    broken: list[tuple[int, str]] = []
    try:
        if kind == "parquet":
            # Text files are normalised when decoded; Parquet strings arrive already decoded.
            frame = pl.read_parquet(io.BytesIO(data))
            frame = frame.with_columns(pl.col(pl.String).str.normalize("NFC"))
        elif kind == "jsonl":
            assert text is not None
            frame, broken = _jsonl(text)
        else:
            assert text is not None
            frame = pl.read_csv(
                io.BytesIO(text.encode("utf-8")),
                separator="," if kind == "csv" else "\t",
                has_header=columns is None,
                new_columns=list(columns) if columns is not None else None,
                infer_schema=False,
                # Tab-separated files are read without quoting (as the IANA format defines
                # them): headlines often start with a quotation mark that never closes a field.
                quote_char='"' if kind == "csv" else None,
                raise_if_empty=False,
            )
    except pl.exceptions.PolarsError as exc:
        message = str(exc).strip().splitlines()[0]
        raise Rejected(f"cannot parse the file as {kind.upper()}: {message}") from None
    # An unnamed column (a pandas index written to CSV) gets the name polars gives header-less ones.
    names = [name or f"column_{i}" for i, name in enumerate(frame.columns, start=1)]
    return frame.rename(dict(zip(frame.columns, names, strict=True))), broken


def _jsonl(text: str) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    broken: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            broken.append((number, f"broken JSON line: {exc.msg} at column {exc.colno}"))
            continue
        if not isinstance(record, dict):
            broken.append((number, f"a JSONL line must be an object, not {type(record).__name__}"))
            continue
        records.append({key: _as_string(value) for key, value in record.items()})
        lines.append(number)
    names = list(dict.fromkeys(key for record in records for key in record))
    frame = pl.DataFrame(
        {name: [record.get(name) for record in records] for name in names},
        schema=dict.fromkeys(names, pl.String),
    )
    return frame.with_columns(__line=pl.Series(lines, dtype=pl.Int64)), broken


def _as_string(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def resolve_mapping(names: Sequence[str], mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Which column feeds each corpus field: ``mapping`` first, then a same-name column."""
    mapping = dict(mapping or {})
    if "published" in mapping:
        mapping["date"] = mapping.pop("published")
    resolved: dict[str, str] = {}
    for key, defaults in MAPPING_KEYS.items():
        if key in mapping:
            if mapping[key] not in names:
                raise Rejected(
                    f"mapping names column {mapping[key]!r} for {key}, but the file's columns "
                    f"are {list(names)}"
                )
            resolved[key] = mapping[key]
        else:
            found = next((name for name in defaults if name in names), None)
            if found is not None:
                resolved[key] = found
    if "text" not in resolved:
        raise Rejected(
            f"no text column: the file's columns are {list(names)}; "
            "pass mapping={'text': <column>} (and columns=[...] if it has no header row)"
        )
    return resolved


def read_table(
    raw: pl.DataFrame,
    *,
    mapping: Mapping[str, str] | None,
    defaults: Mapping[str, Any],
    dayfirst: bool,
    id_prefix: str,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Turn a raw table into corpus rows and refused rows.

    Returns ``(documents, rejected)``: documents have ``doc_id, outlet, published, title, url,
    text``, the unmapped columns, then ``__line`` (the row's line, for the caller's checks);
    rejected rows have ``line, reason, doc_id``. A ``doc_id`` column (or the one ``mapping``
    names for it) gives the ids; otherwise a row's id is ``<id_prefix>:<line>``.
    """
    line = pl.col("__line") if "__line" in raw.columns else pl.int_range(1, pl.len() + 1)
    raw = raw.with_columns(__line=line.cast(pl.Int64))
    names = [name for name in raw.columns if name != "__line"]
    used = resolve_mapping(names, mapping)
    extra = [name for name in names if name not in used.values()]
    clash = [name for name in extra if name in RESERVED_KEYS or name in _CORE]
    if clash:
        raise Rejected(
            f"unmapped column(s) {clash} would clash with corpus columns; map them or rename them"
        )
    dates = parse_dates(
        raw[used["date"]] if "date" in used else pl.Series([None] * raw.height, dtype=pl.String),
        dayfirst=dayfirst,
    )
    fields = [
        pl.col(used[key]).cast(pl.String).alias(_FIELD[key])
        for key in ("outlet", "title", "url", "text")
        if key in used
    ]
    debris = pl.concat_str([pl.col(name).cast(pl.String) for name in names], ignore_nulls=True)
    frame = raw.with_columns(__debris=debris.str.contains(_DEBRIS).fill_null(False)).with_columns(
        *fields, dates["published"], __date_problem=dates["problem"]
    )
    if "doc_id" in used:
        own = pl.col(used["doc_id"]).cast(pl.String).str.strip_chars()
        frame = frame.with_columns(__own_id=pl.when(own != "").then(own))
        first = pl.col("__line").first().over("__own_id")
    for key in ("outlet", "title", "url"):
        column = pl.col(key) if key in used else pl.lit(None, dtype=pl.String)
        value = pl.when(column.str.strip_chars() == "").then(None).otherwise(column)
        if key == "outlet":
            value = value.fill_null(pl.lit(defaults.get("outlet"), dtype=pl.String))
        frame = frame.with_columns(value.alias(key))
    outlet_from = f"column {used['outlet']!r} is empty" if "outlet" in used else "no outlet column"
    text_column = used["text"]
    id_problem: pl.Expr = pl.lit(None, dtype=pl.String)
    if "doc_id" in used:
        # A table's own ids are kept; a row without one, or repeating one, cannot be told apart.
        id_problem = (
            pl.when(pl.col("__own_id").is_null())
            .then(pl.lit(f"row has no doc_id (column {used['doc_id']!r} is empty)"))
            .when(first != pl.col("__line"))
            .then(pl.format("duplicate doc_id '{}' (already used by line {})", "__own_id", first))
        )
    reason = (
        pl.when(pl.col("__debris"))
        .then(pl.lit("row holds only control characters (e.g. \\x1a, a DOS end-of-file mark)"))
        .when(id_problem.is_not_null())
        .then(id_problem)
        .when(pl.col("text").is_null() | (pl.col("text").str.strip_chars() == ""))
        .then(pl.lit(f"row has no text (column {text_column!r} is empty)"))
        .when(pl.col("__date_problem").is_not_null())
        .then(pl.col("__date_problem"))
        .when(pl.col("outlet").is_null())
        .then(pl.lit(f"row has no outlet ({outlet_from}) and no default (_corpus.yaml or outlet=)"))
    )
    doc_id = (
        pl.col("__own_id")
        if "doc_id" in used
        else pl.format("{}:{}", pl.lit(id_prefix), pl.col("__line"))
    )
    frame = frame.with_columns(doc_id=doc_id, __reason=reason)
    rejected = frame.filter(pl.col("__reason").is_not_null()).select(
        line="__line", reason="__reason", doc_id="doc_id"
    )
    constants = {
        key: pl.lit(value, dtype=pl.String)
        for key, value in defaults.items()
        if key not in (*_CORE, "date") and key not in extra and value is not None
    }
    documents = frame.filter(pl.col("__reason").is_null()).select(
        "doc_id", *_CORE, *extra, **constants, __line="__line"
    )
    return documents, rejected
