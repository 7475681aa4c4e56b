"""Reading one text document: decoding, YAML front matter, the bare ``date YYYY-MM-DD`` marker.

Each function raises :class:`Rejected` with a reason and a line number; the caller decides
whether that becomes a :class:`discourse.CorpusError` or a row of the rejected table.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from discourse.corpus._dates import parse_date

#: Keys a document cannot set: the reader fills them in.
RESERVED_KEYS: frozenset[str] = frozenset({"doc_id", "text", "duplicate_of", "source"})

#: Name of the folder-level metadata file: defaults for every document in and below its folder.
FOLDER_METADATA = "_corpus.yaml"

# The scraper the project started from prefixed article bodies with " date 2023-11-29 ".
_DATE_MARKER = re.compile(r"\A\s*date\s+([0-9]{4}-[0-9]{2}-[0-9]{2})(?:\s+|\Z)")
_FENCE = re.compile(r"---[ \t]*\r?\n?\Z")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*\r?\n?\Z")


class Rejected(Exception):
    """One input cannot be read: ``reason`` says why, ``line`` where (``None``: the whole file)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


# libyaml's parser when it is installed (about ten times faster); the safe constructor either way.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringLoader(_SafeLoader):  # type: ignore[misc]
    """A safe loader that keeps scalars as written: ``2023-11-29`` stays a string, as does ``yes``.

    Dates are then parsed by one function (with its impossible-date check) and metadata such as
    ``section: 007`` keeps its leading zeros. Only ``null``/``~``/empty still load as ``None``.
    """


_StringLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


def decode(data: bytes, *, encoding: str) -> str:
    """Bytes to text: refuse empty and binary files and undecodable bytes; drop a BOM; NFC."""
    if not data:
        raise Rejected("empty file (0 bytes)")
    utf16 = encoding.lower().replace("-", "").replace("_", "").startswith(("utf16", "utf32"))
    if b"\x00" in data[:8192] and not utf16:
        raise Rejected("binary file (it contains NUL bytes); a corpus file must be text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "; if it is Windows-1252, pass encoding='cp1252'" if encoding == "utf-8" else ""
        raise Rejected(
            f"not valid {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}{hint}", line
        ) from None
    text = text.removeprefix("\ufeff")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise Rejected("the file holds only whitespace")
    return text


def load_yaml_mapping(text: str, *, first_line: int, what: str) -> dict[str, Any]:
    """Load YAML safely into a ``{key: str | None}`` mapping; ``first_line`` numbers the errors."""
    try:
        loaded = yaml.load(text, Loader=_StringLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = first_line + mark.line if mark is not None else first_line
        raise Rejected(f"invalid YAML in {what}: {problem}", line) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        kind = type(loaded).__name__
        raise Rejected(f"{what} must be 'key: value' lines, not a {kind}", first_line)
    result: dict[str, Any] = {}
    for key, value in loaded.items():
        if not isinstance(key, str) or key in RESERVED_KEYS:
            raise Rejected(
                f"{what} key {key!r} is not allowed (reserved or not a name)", first_line
            )
        # Lists and mappings are kept as JSON so that every metadata column is a string column.
        result[key] = value if value is None or isinstance(value, str) else json.dumps(value)
    return result


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Split ``---``-fenced YAML front matter from the body.

    Returns the metadata, the body (exactly as in the file) and the body's first line number.
    """
    lines = text.splitlines(keepends=True)
    if not _FENCE.match(lines[0]):
        return {}, text, 1
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            meta = load_yaml_mapping("".join(lines[1:index]), first_line=2, what="front matter")
            return meta, "".join(lines[index + 1 :]), index + 2
    raise Rejected("front matter opened on line 1 never closes (no closing '---' line)", 1)


def _key_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def read_text_document(text: str, *, defaults: dict[str, Any], dayfirst: bool) -> dict[str, Any]:
    """Fields of one text document: ``outlet, published, title, url, text`` and metadata.

    ``defaults`` (folder metadata, then the ``outlet=`` keyword) fill keys the file lacks.
    """
    meta, body, body_line = split_front_matter(text)
    date_keys = [key for key in ("published", "date") if meta.get(key) not in (None, "")]
    published: date | None = None
    for key in date_keys:
        value, problem = parse_date(meta[key], dayfirst=dayfirst)
        if problem is not None:
            raise Rejected(f"front matter {key}: {problem}", _key_line(text, key))
        if published is not None and value != published:
            raise Rejected("front matter 'date' and 'published' disagree", _key_line(text, key))
        published = value
    marker = _DATE_MARKER.match(body)
    if marker is not None:
        value, problem = parse_date(marker.group(1))
        if problem is not None:
            raise Rejected(f"leading date marker: {problem}", body_line)
        if published is not None and value != published:
            raise Rejected(
                f"the leading marker 'date {marker.group(1)}' disagrees with the front matter "
                f"date {published.isoformat()}",
                body_line,
            )
        published = value
        body = body[marker.end() :]
    if not body.strip():
        raise Rejected("the document has no text (the body is empty or only whitespace)", body_line)
    folder_date = defaults.get("published") or defaults.get("date")
    if not date_keys and marker is None and folder_date:
        published, problem = parse_date(folder_date, dayfirst=dayfirst)
        if problem is not None:
            raise Rejected(f"{FOLDER_METADATA} date: {problem}")
    fields = {key: value for key, value in defaults.items() if value not in (None, "")}
    fields.update({key: value for key, value in meta.items() if value not in (None, "")})
    if not fields.get("outlet"):
        raise Rejected(
            "no outlet: add 'outlet:' to the front matter or to a folder's "
            f"{FOLDER_METADATA}, or pass outlet=",
            1,
        )
    fields.pop("date", None)
    fields.update(published=published, text=body)
    return fields


def folder_defaults(
    directory: Path, root: Path, cache: dict[Path, dict[str, Any] | Rejected]
) -> dict[str, Any]:
    """Merged ``_corpus.yaml`` defaults from ``root`` down to ``directory`` (deeper wins).

    Raises :class:`Rejected` if any of those files is broken, so that no document silently loses
    the metadata its folder meant to give it.
    """
    if directory not in cache:
        try:
            cache[directory] = _merge_folder(directory, root, cache)
        except Rejected as exc:
            cache[directory] = exc
    found = cache[directory]
    if isinstance(found, Rejected):
        raise found
    return found


def _merge_folder(
    directory: Path, root: Path, cache: dict[Path, dict[str, Any] | Rejected]
) -> dict[str, Any]:
    inside = directory != root and root in directory.parents
    merged = dict(folder_defaults(directory.parent, root, cache)) if inside else {}
    meta_file = directory / FOLDER_METADATA
    if meta_file.is_file():
        try:
            text = decode(meta_file.read_bytes(), encoding="utf-8")
            merged.update(load_yaml_mapping(text, first_line=1, what=FOLDER_METADATA))
        except Rejected as exc:
            where = f"{meta_file}" + (f", line {exc.line}" if exc.line else "")
            raise Rejected(f"folder metadata {where} is invalid: {exc.reason}") from None
    return merged
