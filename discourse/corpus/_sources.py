"""Turning ``source`` (files, folders, glob patterns, lists of them) into a deterministic file list.

Each file gets a ``doc_id`` from its path relative to the source root, without the extension,
with ``/`` separators, so the id is the same on every run and every machine.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

Kind = Literal["text", "csv", "tsv", "jsonl", "parquet", "export", "html", "nexis", "factiva"]

#: File extensions read by ``format="auto"`` and the format each one means.
EXTENSIONS: dict[str, Kind] = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    # Word and RTF files are read as news-database exports, HTML as Factiva exports or web pages.
    ".docx": "export",
    ".rtf": "export",
    ".html": "html",
    ".htm": "html",
}
_GLOB_CHARS = frozenset("*?[")
#: The first columns of the manifest ``discourse fetch`` writes beside its articles.
_FETCH_MANIFEST = b"url,final_url,status,outcome,"


@dataclass(frozen=True)
class Input:
    """One file to read (or a source that yields none, with ``problem`` saying why)."""

    path: Path
    root: Path
    doc_id: str
    kind: Kind | None
    problem: str | None = None


def _is_document(relative: Path) -> bool:
    """Folders and patterns skip hidden and ``_``-prefixed names (``_corpus.yaml``), READMEs and
    the ``~$`` lock files Word leaves beside an open document."""
    if any(part.startswith((".", "_", "~$")) for part in relative.parts):
        return False
    return relative.stem.lower() != "readme"


def _is_fetch_manifest(file: Path, relative: Path) -> bool:
    """``manifest.csv`` at a folder's root, in the layout fetch_articles writes: bookkeeping."""
    if relative.as_posix() != "manifest.csv":
        return False
    with file.open("rb") as handle:
        return handle.read(len(_FETCH_MANIFEST)) == _FETCH_MANIFEST


def _input(path: Path, root: Path, fmt: str) -> Input:
    doc_id = path.relative_to(root).with_suffix("").as_posix()
    kind = EXTENSIONS.get(path.suffix.lower()) if fmt == "auto" else cast(Kind, fmt)
    if kind is None:
        supported = " ".join(sorted(EXTENSIONS))
        problem = f"unsupported file type {path.suffix or '(none)'!r}; supported: {supported}"
        return Input(path, root, doc_id, None, problem)
    return Input(path, root, doc_id, kind)


def _glob_root(pattern: str) -> Path:
    fixed: list[str] = []
    for part in Path(pattern).parts:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path()


def _expand(item: str | os.PathLike[str], fmt: str) -> list[Input]:
    path = Path(item)
    if path.is_file():
        return [_input(path, path.parent, fmt)]
    if path.is_dir():
        found = [
            _input(file, path, fmt)
            for file in sorted(path.rglob("*"), key=lambda p: p.relative_to(path).as_posix())
            if file.is_file()
            and _is_document(file.relative_to(path))
            and (fmt != "auto" or file.suffix.lower() in EXTENSIONS)
            and not _is_fetch_manifest(file, file.relative_to(path))
        ]
        if found:
            return found
        return [Input(path, path, path.name, None, "the folder holds no corpus files")]
    text = os.fspath(item)
    if _GLOB_CHARS & set(text):
        root = _glob_root(text)
        matches = sorted(Path(match) for match in glob.glob(text, recursive=True))
        found = [
            _input(match, root, fmt)
            for match in matches
            if match.is_file() and _is_document(match.relative_to(root))
        ]
        if found:
            return found
        return [Input(path, root, path.stem, None, "no file matches this pattern")]
    return [Input(path, path.parent, path.stem, None, "no such file or folder")]


def resolve_sources(source: Any, *, fmt: str) -> list[Input]:
    """Every input file in order: sources as given, files sorted by relative path within each.

    A file reached twice (a folder and a pattern inside it) is read once, from its first source.
    """
    items = [source] if isinstance(source, str | os.PathLike) else list(source)
    seen: set[Path] = set()
    inputs: list[Input] = []
    for item in items:
        for found in _expand(item, fmt):
            key = found.path.resolve()
            if found.problem is None and key in seen:
                continue
            seen.add(key)
            inputs.append(found)
    return inputs
