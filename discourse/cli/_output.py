"""What the ``discourse`` command prints: tables, concordance lines, rejections, failed pages.

Library messages name keyword arguments (``pass mapping={'text': <column>}``); on the command
line the same hint names the flag (``pass --mapping text=COLUMN``). The translation lives here,
so the library keeps speaking Python.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

import polars as pl

#: Library keyword hints and the command-line flags they become, applied in order.
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"mapping=\{'(\w+)': <column>\}"), r"--mapping \1=COLUMN"),
    (re.compile(r"\bcolumns=\[\.\.\.\]"), "--columns NAME,NAME,..."),
    (re.compile(r"\bencoding='([\w-]+)'"), r"--encoding \1"),
    (re.compile(r"try 'utf-8' or 'cp1252'"), "try --encoding utf-8 or --encoding cp1252"),
    (re.compile(r"\bdayfirst="), "--dayfirst"),
    (re.compile(r"\boutlet=(?=$|[\s),;.])"), "--outlet NAME"),
    (re.compile(r"(^|: )mapping (names column|keys must)"), r"\1--mapping \2"),
    (re.compile(r"\bby='(\w+)'"), r"--by \1"),
    (re.compile(r"\bby=\.\.\."), "--by COLUMN"),
    (re.compile(r"\bby=(?=$|[\s),;.])"), "--by"),
    (re.compile(r"\bdedupe=(?=$|[\s),;.])"), "--dedupe"),
)


def cli_hints(message: str) -> str:
    """A library message with its keyword hints replaced by the command-line flags.

    >>> cli_hints("no text column; pass mapping={'text': <column>} (and columns=[...] if ...)")
    'no text column; pass --mapping text=COLUMN (and --columns NAME,NAME,... if ...)'
    >>> cli_hints("row has no outlet (no outlet column) and no default (_corpus.yaml or outlet=)")
    'row has no outlet (no outlet column) and no default (_corpus.yaml or --outlet NAME)'
    """
    for pattern, flag in _HINTS:
        message = pattern.sub(flag, message)
    return message


def _width() -> int:
    return shutil.get_terminal_size((120, 40)).columns


def show_table(frame: pl.DataFrame, *, rows: int, note: str | None = None) -> None:
    """Print at most ``rows`` rows, then say how many were left out and how to get them all."""
    shown = frame.head(rows)
    with pl.Config(
        tbl_rows=rows,
        tbl_cols=-1,
        fmt_str_lengths=60,
        tbl_width_chars=_width(),
        tbl_formatting="UTF8_FULL_CONDENSED",
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
        tbl_hide_dtype_separator=True,
    ):
        print(shown)
    left = frame.height - shown.height
    if left:
        print(
            f"… {left} more row(s) not shown ({frame.height} in all): --rows N prints more, "
            "--output FILE.csv writes all of them"
        )
    if note:
        print(note)


def show_rejected(rejected: pl.DataFrame, *, loaded: int) -> None:
    """One line per refused input: the file, the line or row, and the full reason."""
    if rejected.height == 0:
        print(f"No input was rejected ({loaded} document(s) loaded).")
        return
    for source, line, reason in rejected.select("source", "line", "reason").iter_rows():
        where = source if line is None else f"{source}, line {line}"
        print(f"{where}: {cli_hints(reason)}")
    print(f"{rejected.height} input(s) rejected, {loaded} document(s) loaded.")


def _one_line(text: str) -> str:
    """Every run of whitespace as one space, the ends included (they separate the match)."""
    return re.sub(r"\s+", " ", text)


def _label(outlet: str | None, doc_id: str, width: int) -> str:
    """``outlet/doc_id`` in ``width`` characters: the outlet's start and the doc_id's end.

    >>> _label("Crescent Daily", "crescent-daily/2023-11-01-jabalia-strike", 17)
    'Crescen…/…-strike'
    """
    label = doc_id if outlet is None else f"{outlet}/{doc_id}"
    if len(label) <= width:
        return label
    head = ""
    if outlet is not None:
        # The outlet gets at most half the room, the doc_id's distinguishing end the rest.
        keep = min(len(outlet), max(1, (width - 1) // 2))
        head = (outlet if keep == len(outlet) else outlet[: keep - 1] + "…") + "/"
    room = width - len(head)
    return head + (doc_id if len(doc_id) <= room else "…" + doc_id[len(doc_id) - room + 1 :])


def show_kwic(hits: pl.DataFrame, *, window: int, rows: int) -> None:
    """One line per hit: ``outlet/doc_id``, left context right-aligned, ``[match]``, right context.

    The contexts are cut to fit the terminal (never beyond ``window`` characters), so the
    matches line up in one column. At most ``rows`` hits are printed.
    """
    if hits.height == 0:
        print("No hits.")
        return
    total, hits = hits.height, hits.head(rows)
    width = _width()
    outlets = hits["outlet"] if "outlet" in hits.columns else [None] * hits.height
    full = [
        doc if outlet is None else f"{outlet}/{doc}"
        for outlet, doc in zip(outlets, hits["doc_id"], strict=True)
    ]
    label_width = min(max(len(label) for label in full), max(12, width // 4))
    labels = [
        _label(outlet, doc, label_width)
        for outlet, doc in zip(outlets, hits["doc_id"], strict=True)
    ]
    matches = [f"[{_one_line(m)}]" for m in hits["match"]]
    match_width = max(len(m) for m in matches)
    # What is left after the label, its gap and the longest match, split between the sides.
    side = max(10, min(window, (width - label_width - 2 - match_width) // 2))
    for label, left, match, right in zip(labels, hits["left"], matches, hits["right"], strict=True):
        before = _one_line(left)[-side:] if side else ""
        after = _one_line(right)[:side]
        print(f"{label:<{label_width}}  {before:>{side}}{match}{after}".rstrip())
    if total > hits.height:
        print(
            f"… {total - hits.height} more hit(s) not shown ({total} in all): --rows N prints "
            "more, --output FILE.csv writes all of them"
        )
    else:
        print(f"{total} hit(s).")


def _indent(text: str, prefix: str = "    ") -> str:
    return textwrap.indent(text.rstrip() or "(empty cell)", prefix, lambda _: True)


def show_failures(
    failures: Iterable[Mapping[str, Any]], *, pages: int, index: str, stream: TextIO
) -> None:
    """For each failed report page: the notebook, the failing cell's code and the error."""
    failed = list(failures)
    names = {str(f["notebook"]) for f in failed}
    print(
        f"discourse: error: {len(names)} of {pages} report page(s) failed; the other pages "
        "and the index were written.",
        file=stream,
    )
    for failure in failed:
        print(f"\n{failure['notebook']}.ipynb, code cell {failure['cell']}:", file=stream)
        print(_indent(str(failure["source"])), file=stream)
        print(f"  {failure['ename']}: {cli_hints(str(failure['evalue']))}", file=stream)
    print(f"\nIndex of the pages (failed ones marked): {index}", file=stream)


def detail_columns(frame: pl.DataFrame, hidden: frozenset[str], keep: Sequence[str]) -> list[str]:
    """The columns worth printing: all but bookkeeping and detail (``--output`` keeps those)."""
    return [c for c in frame.columns if c in keep or c not in hidden]
