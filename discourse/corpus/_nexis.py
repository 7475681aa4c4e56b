"""Nexis Uni and LexisNexis (nexis.com) exports: one article per "End of Document" or header.

Nexis Uni (DOCX, RTF, text) lays an article out as: title, publication, dateline ("November
24, 2023 Friday 9:20 AM GMT"), "Copyright ...", "Section:", "Length: N words", "Byline:", a line
"Body", the body, then optional "Graphic", "Correction" and "Classification" blocks ("Subject:",
"Geographic:", "Load-Date:") and a line "End of Document". The cover page before the first
article (the list of documents) is skipped because the header is read upwards from the dateline.

The older LexisNexis text export starts each article with "N of M DOCUMENTS", then publication,
dateline and title, upper-case fields ("BYLINE:", "LENGTH:"), the body, and trailing fields
("LOAD-DATE:", "LANGUAGE:").
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from typing import Any

from discourse.corpus._exports import (
    ExportProblem,
    ParsedExport,
    body_text,
    clean,
    parse_dateline,
    words,
)

_END = "End of Document"
# Header fields of a Nexis Uni article (between the dateline and "Body").
_UNI_FIELD = re.compile(
    r"(Section|Length|Byline|Author|Dateline|Highlight|Edition|Series|Correction-Date|"
    r"Type|Pg\.|Column|Newstex ID):\s*(.*)"
)
# Lines that end the body: the headings of the blocks after it, or a bare Load-Date field.
_UNI_BLOCKS = frozenset({"Graphic", "Correction", "Classification", "Notes"})
_TRAILING_FIELD = re.compile(r"([A-Z][A-Za-z.]*(?:[- ][A-Z][A-Za-z]*)*):\s*(.*)")


def _field_map(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        found = _TRAILING_FIELD.fullmatch(clean(line))
        if found and found.group(1) not in fields:
            fields[found.group(1)] = found.group(2).strip()
    return fields


def _load_date(value: str | None) -> date | None:
    parsed = parse_dateline(value) if value else None
    return parsed if isinstance(parsed, date) else None


def _header(header: list[str]) -> tuple[str, str, date, dict[str, str]]:
    """Title, publication, date and fields of a Nexis Uni header (lines before "Body")."""
    fields: dict[str, str] = {}
    first_field = len(header)
    for index, line in enumerate(header):
        text = clean(line)
        found = _UNI_FIELD.fullmatch(text)
        if found:
            fields.setdefault(found.group(1), found.group(2).strip())
        if (found or text.startswith(("Copyright", "©"))) and index < first_field:
            first_field = index
    candidates = ((index, parse_dateline(header[index])) for index in range(first_field))
    dated = [(index, found) for index, found in candidates if found is not None]
    if not dated:
        raise ExportProblem(
            "no dateline (a date such as 'November 24, 2023 Friday' below the publication name)"
        )
    index, published = dated[-1]
    if isinstance(published, str):
        raise ExportProblem(f"the dateline gives an {published}")
    above = [clean(line) for line in header[:index] if clean(line)]
    if len(above) < 2:
        raise ExportProblem("the header lacks the title and publication lines above the dateline")
    assert isinstance(published, date)
    return above[-2], above[-1], published, fields


def _uni_article(lines: list[str]) -> dict[str, Any]:
    body_at = next((i for i, line in enumerate(lines) if clean(line) == "Body"), None)
    if body_at is None:
        raise ExportProblem("no 'Body' line, so no article text (a graphic-only item?)")
    title, outlet, published, fields = _header(lines[:body_at])
    rest = lines[body_at + 1 :]
    end = len(rest)
    for index, line in enumerate(rest):
        text = clean(line)
        load = text.startswith("Load-Date:") and _load_date(text[len("Load-Date:") :])
        if text in _UNI_BLOCKS or load:
            end = index
            break
    text = body_text(rest[:end])
    if not text:
        raise ExportProblem("the body is empty")
    blocks: dict[str, list[str]] = {}
    current = None
    for line in rest[end:]:
        if clean(line) in _UNI_BLOCKS:
            current = clean(line)
            blocks[current] = []
        elif clean(line).startswith("Load-Date:"):
            # A bare Load-Date closes a Graphic or Correction block (no Classification heading).
            current = None
        elif current is not None:
            blocks[current].append(line)
    trailing = _field_map(rest[end:])
    return {
        "outlet": outlet,
        "published": published,
        "title": title,
        "text": text,
        "byline": fields.get("Byline") or fields.get("Author"),
        "section": fields.get("Section"),
        "length_words": words(fields.get("Length")),
        "load_date": _load_date(trailing.get("Load-Date")),
        "subjects": trailing.get("Subject"),
        "document_id": None,
        "geographic": trailing.get("Geographic"),
        "graphic": body_text(blocks.get("Graphic", [])) or None,
        "correction": body_text(blocks.get("Correction", [])) or None,
    }


def _parse_uni(lines: list[str]) -> ParsedExport:
    parsed = ParsedExport()
    segment: list[str] = []
    for line in [*lines, None]:
        if line is not None and clean(line) != _END:
            segment.append(line)
            continue
        if line is None and not any(clean(part) for part in segment):
            break
        parsed.found += 1
        try:
            if line is None:
                raise ExportProblem(
                    f"the file ends before this article's '{_END}' line (a truncated export?)"
                )
            parsed.articles.append((parsed.found, _uni_article(segment)))
        except ExportProblem as exc:
            parsed.refused.append((parsed.found, str(exc)))
        segment = []
    return parsed


_CLASSIC_START = re.compile(r"[0-9]+ of [0-9]+ DOCUMENTS?")
_CLASSIC_FIELD = re.compile(r"([A-Z][A-Z-]+):\s*(.*)")
_CLASSIC_HEADING = frozenset(
    [
        "BYLINE",
        "SECTION",
        "LENGTH",
        "DATELINE",
        "HIGHLIGHT",
        "EDITION",
        "TYPE",
        "SERIES",
        "AUTHOR",
        "SOURCE",
    ]
)
_CLASSIC_TRAILING = frozenset(
    [
        "LOAD-DATE",
        "LANGUAGE",
        "GRAPHIC",
        "PUBLICATION-TYPE",
        "CORRECTION-DATE",
        "CORRECTION",
        "SUBJECT",
        "GEOGRAPHIC",
        "DOCUMENT-TYPE",
        "NOTES",
        "URL",
        "JOURNAL-CODE",
    ]
)


def _paragraphs(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in lines:
        if clean(line):
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _classic_article(lines: list[str]) -> dict[str, Any]:
    paragraphs = _paragraphs(lines)
    dated = next((i for i, p in enumerate(paragraphs[:4]) if parse_dateline(p[0])), None)
    if dated is None or dated == 0:
        raise ExportProblem("no dateline below the publication name")
    published = parse_dateline(paragraphs[dated][0])
    if isinstance(published, str):
        raise ExportProblem(f"the dateline gives an {published}")
    fields: dict[str, str] = {}
    body: list[str] = []
    title: list[str] = []
    ended = False
    for paragraph in paragraphs[dated + 1 :]:
        found = _CLASSIC_FIELD.fullmatch(clean(paragraph[0]))
        key = found.group(1) if found else None
        if key in _CLASSIC_TRAILING or (ended and key):
            ended = True
        if key and ((key in _CLASSIC_HEADING and not body) or ended):
            assert found is not None
            value = " ".join(clean(p) for p in [found.group(2), *paragraph[1:]]).strip()
            fields.setdefault(key, value)
        elif ended:
            continue
        elif not fields and not body:
            title.extend(clean(line) for line in paragraph)
        else:
            body.extend([*paragraph, ""])
    if not ended:
        raise ExportProblem(
            "no LOAD-DATE or LANGUAGE line after the body (a file cut off mid-article?)"
        )
    text = body_text(body)
    if not text:
        raise ExportProblem("the body is empty")
    assert isinstance(published, date)
    return {
        "outlet": clean(paragraphs[dated - 1][-1]),
        "published": published,
        "title": " ".join(title) or None,
        "text": text,
        "byline": fields.get("BYLINE"),
        "section": fields.get("SECTION"),
        "length_words": words(fields.get("LENGTH")),
        "load_date": _load_date(fields.get("LOAD-DATE")),
        "subjects": fields.get("SUBJECT"),
        "document_id": None,
        "geographic": fields.get("GEOGRAPHIC"),
        "graphic": fields.get("GRAPHIC"),
        "correction": fields.get("CORRECTION"),
    }


def _parse_classic(lines: list[str]) -> ParsedExport:
    parsed = ParsedExport()
    starts = [i for i, line in enumerate(lines) if _CLASSIC_START.fullmatch(clean(line))]
    for number, (start, stop) in enumerate(pairwise([*starts, len(lines)]), start=1):
        parsed.found += 1
        try:
            parsed.articles.append((number, _classic_article(lines[start + 1 : stop])))
        except ExportProblem as exc:
            parsed.refused.append((number, str(exc)))
    return parsed


def parse_nexis(lines: list[str]) -> ParsedExport:
    """Every article of a Nexis Uni or LexisNexis export, read from its lines.

    Examples
    --------
    >>> lines = ["Cover page", "Talks resume", "The Guardian (London)",
    ...          "November 24, 2023 Friday", "Length:\\xa0412 words", "Body", "Text.",
    ...          "Load-Date:\\xa0November 25, 2023", "End of Document"]
    >>> parsed = parse_nexis(lines)
    >>> number, article = parsed.articles[0]
    >>> article["outlet"], article["published"], article["text"], article["load_date"]
    ('The Guardian (London)', datetime.date(2023, 11, 24), 'Text.', datetime.date(2023, 11, 25))
    """
    if any(clean(line) == _END for line in lines):
        return _parse_uni(lines)
    return _parse_classic(lines)
