"""Factiva exports (RTF, HTML, text): one article per "Document <id>" line.

Factiva saves articles in two layouts. With indexing codes, each field sits on a line that starts
with its code (in HTML and RTF, a table row: code cell, value cell): ``HD`` headline, ``BY``
byline, ``WC`` word count, ``PD`` date, ``SN`` source name, ``SC`` source code, ``SE``
section, ``LP`` lead paragraphs, ``TD`` the rest of the text, ``NS`` subjects, ``AN`` the
document ID ("Document ..."). Without codes ("Article format"), the header lines are, in order:
headline, byline (optional), "N words", date, time (optional), source name, source code,
language (and edition or page lines), a copyright line, then the body, and the article ends
with its "Document <id>" line. Page furniture ("Page 2 of 9 © 2023 Factiva, Inc.") and the
closing "Search Summary" are not articles.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from discourse.corpus._exports import (
    ExportProblem,
    ParsedExport,
    body_text,
    clean,
    parse_dateline,
    words,
)

_DOCUMENT = re.compile(r"(?:AN\s+)?Document ([A-Za-z0-9]{12,})")
_PAGE = re.compile(r"Page [0-9]+ of [0-9]+(?: ©.*| \(c\).*)?", re.IGNORECASE)
_CODES = frozenset(
    [
        "HD",
        "CLM",
        "SE",
        "HL",
        "BY",
        "CR",
        "WC",
        "PD",
        "ET",
        "SN",
        "SC",
        "ED",
        "PG",
        "LA",
        "CY",
        "LP",
        "TD",
        "CT",
        "RF",
        "CO",
        "IN",
        "NS",
        "RE",
        "IPC",
        "IPD",
        "PUB",
        "AN",
    ]
)
_CODE_LINE = re.compile(r"([A-Z]{2,3})(?:\t+|\s{2,}|\s*$)(.*)")
_WORDS = re.compile(r"[0-9][0-9,]* words")
_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}(?:\s*[AP]M)?(?:\s+[A-Z]{2,4})?", re.IGNORECASE)
_SOURCE_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")
_COPYRIGHT = re.compile(r"(?:\(c\)|©|copyright)", re.IGNORECASE)


def _date(value: str | None, what: str) -> date:
    parsed = parse_dateline(value) if value else None
    if parsed is None:
        raise ExportProblem(f"no parseable date: {what} is {value!r}")
    if isinstance(parsed, str):
        raise ExportProblem(f"{what} gives an {parsed}")
    return parsed


def _tagged(lines: list[str], document_id: str) -> dict[str, Any]:
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        found = _CODE_LINE.fullmatch(line.strip(" "))
        if found and found.group(1) in _CODES:
            current = found.group(1)
            fields.setdefault(current, [])
            if found.group(2).strip():
                fields[current].append(found.group(2).strip())
        elif current is not None:
            fields[current].append(line.strip("\t "))

    def one(code: str) -> str | None:
        return " ".join(part for part in fields.get(code, []) if part.strip()) or None

    text = body_text([*fields.get("LP", []), "", *fields.get("TD", [])])
    if not text:
        raise ExportProblem("the body is empty (no LP or TD text)")
    outlet = one("SN")
    if not outlet:
        raise ExportProblem("no source name (SN)")
    return {
        "outlet": outlet,
        "published": _date(one("PD"), "the PD field"),
        "title": one("HD"),
        "text": text,
        "byline": one("BY"),
        "section": one("SE"),
        "length_words": words(one("WC")),
        "load_date": None,
        "subjects": one("NS"),
        "document_id": document_id,
        "source_code": one("SC"),
    }


def _untagged(lines: list[str], document_id: str) -> dict[str, Any]:
    kept = [line for line in lines if not _PAGE.fullmatch(clean(line))]
    filled = [i for i, line in enumerate(kept) if clean(line)]
    count_at = next((n for n, i in enumerate(filled[:6]) if _WORDS.fullmatch(clean(kept[i]))), None)
    if count_at is None or count_at == 0:
        raise ExportProblem("no headline followed by a word count ('N words') line")
    head = [clean(kept[i]) for i in filled]
    title, byline = head[0], " ".join(head[1:count_at]) or None
    cursor = count_at + 1
    published = _date(head[cursor] if cursor < len(head) else None, "the line after the word count")
    cursor += 1
    if cursor < len(head) and _TIME.fullmatch(head[cursor]):
        cursor += 1
    if cursor + 1 >= len(head):
        raise ExportProblem("the header stops after the date (no source name or body)")
    outlet = head[cursor]
    code = head[cursor + 1] if _SOURCE_CODE.fullmatch(head[cursor + 1]) else None
    cursor += 2 if code else 1
    copyright_at = next(
        (n for n in range(cursor, min(cursor + 5, len(head))) if _COPYRIGHT.match(head[n])), None
    )
    if copyright_at is None:
        raise ExportProblem("no copyright line after the source name, so the body cannot be told")
    text = body_text(kept[filled[copyright_at] + 1 :])
    if not text:
        raise ExportProblem("the body is empty")
    return {
        "outlet": outlet,
        "published": published,
        "title": title,
        "text": text,
        "byline": byline,
        "section": None,
        "length_words": words(head[count_at]),
        "load_date": None,
        "subjects": None,
        "document_id": document_id,
        "source_code": code,
    }


def parse_factiva(lines: list[str]) -> ParsedExport:
    """Every article of a Factiva export, read from its lines.

    Examples
    --------
    >>> lines = ["Talks resume", "By Ana Ruiz", "412 words", "24 November 2023", "14:05",
    ...          "The Guardian", "GRDN", "English", "© 2023 Guardian News", "Text.",
    ...          "Document GRDN000020231124ejbo0005x"]
    >>> number, article = parse_factiva(lines).articles[0]
    >>> article["outlet"], article["published"], article["byline"], article["text"]
    ('The Guardian', datetime.date(2023, 11, 24), 'By Ana Ruiz', 'Text.')
    """
    parsed = ParsedExport()
    tagged = any(re.match(r"HD(?:\t|\s{2,}|\s*$)", line) for line in lines)
    segment: list[str] = []
    for line in lines:
        found = _DOCUMENT.fullmatch(clean(line))
        if found is None:
            segment.append(line)
            continue
        if tagged:
            # The AN row holds the ID; the row's code is part of the separator line.
            segment = [part for part in segment if clean(part) != "AN"]
        parsed.found += 1
        try:
            read = _tagged if tagged else _untagged
            parsed.articles.append((parsed.found, read(segment, found.group(1))))
        except ExportProblem as exc:
            parsed.refused.append((parsed.found, str(exc)))
        segment = []
    tail = [clean(line) for line in segment if clean(line)]
    if any(_WORDS.fullmatch(line) or line.startswith(("WC", "LP", "TD")) for line in tail):
        parsed.found += 1
        parsed.refused.append(
            (parsed.found, "the file ends before this article's 'Document <id>' line (truncated?)")
        )
    return parsed
