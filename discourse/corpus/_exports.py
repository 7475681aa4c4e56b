"""News-database exports (Nexis Uni, LexisNexis, Factiva): text extraction, detection, datelines.

An export file holds many articles. The container (DOCX, RTF, HTML, plain text) is first turned
into lines; the layout parsers in ``_nexis`` and ``_factiva`` then split the lines at the
export's own separators and read each article's header, body and trailing fields. Every article
found either loads or is refused with its number and a reason; nothing is dropped silently.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any, Literal

ExportFormat = Literal["nexis", "factiva"]

#: The columns every export article fills (null when the export does not say), in this order.
EXPORT_COLUMNS: tuple[str, ...] = (
    "byline",
    "section",
    "length_words",
    "load_date",
    "subjects",
    "document_id",
)


@dataclass
class ParsedExport:
    """What a layout parser found in one file.

    ``articles`` are ``(number, fields)`` pairs (fields: ``outlet, published, title, text`` and
    the :data:`EXPORT_COLUMNS`), ``refused`` are ``(number, reason)`` pairs; numbers are 1-based
    positions in the file. ``found`` is how many articles the separators delimit, so that
    ``len(articles) + len(refused) == found``.
    """

    articles: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    found: int = 0


class ExportProblem(Exception):
    """One article of an export cannot be read; the message is the reason."""


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# A dateline may carry a weekday before or after the date, then a time, a zone or an edition.
_DATELINES = (
    re.compile(
        rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?P<day>[0-9]{{1,2}}),?\s+(?P<year>[0-9]{{4}})"
        rf"(?:,?\s+{_WEEKDAY})?(?P<rest>\b.*)?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:{_WEEKDAY},?\s+)?(?P<day>[0-9]{{1,2}})\.?\s+{_MONTH},?\s+(?P<year>[0-9]{{4}})"
        rf"(?:,?\s+{_WEEKDAY})?(?P<rest>\b.*)?",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?P<rest>[ T].*)?"),
)
# What may follow the date on a dateline: a time, a zone, an edition; never a sentence's verb.
_DATELINE_REST = re.compile(r"\s*[-,;|]?\s*(?:[0-9]{1,2}[:.][0-9]{2}.*|[A-Z][A-Za-z ,;.-]*)?")


def parse_dateline(line: str) -> date | str | None:
    """The date a dateline gives, a reason if it names an impossible date, or ``None``.

    Examples
    --------
    >>> parse_dateline("November 24, 2023 Friday 9:20 AM GMT")
    datetime.date(2023, 11, 24)
    >>> parse_dateline("24 November 2023")
    datetime.date(2023, 11, 24)
    >>> parse_dateline("February 30, 2024 Friday")
    "impossible date 'February 30, 2024 Friday'"
    >>> parse_dateline("Talks resume in Cairo") is None
    True
    """
    text = clean(line)
    for pattern in _DATELINES:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        rest = found.group("rest") or ""
        if not _DATELINE_REST.fullmatch(rest):
            continue
        month_text = found.group("month")
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
        if month is None:
            continue
        try:
            return date(int(found.group("year")), month, int(found.group("day")))
        except ValueError:
            return f"impossible date '{text}'"
    return None


def clean(line: str) -> str:
    """A line as compared with field names: no-break spaces as spaces, ends trimmed."""
    return line.replace("\xa0", " ").strip()


def words(value: str | None) -> int | None:
    """The number in a length field such as ``412 words`` or ``1,204 words``."""
    found = re.search(r"([0-9][0-9,.]*)\s*words", value or "", re.IGNORECASE)
    return int(re.sub(r"[,.]", "", found.group(1))) if found else None


def body_text(lines: list[str]) -> str:
    """Body lines as one text: outer blank lines dropped, runs of blank lines kept as one."""
    kept: list[str] = []
    for line in lines:
        if line.strip() or (kept and kept[-1]):
            kept.append(line.rstrip())
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


# Containers -------------------------------------------------------------------------------


def _docx_lines(data: bytes) -> list[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    # Paragraphs and tables in document order (a table inside an article stays in place).
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(block.text.split("\n"))
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    return lines


def _rtf_lines(data: bytes) -> list[str]:
    from striprtf.striprtf import rtf_to_text

    # RTF is 7-bit text with escapes; latin-1 maps any stray byte without failing.
    text = rtf_to_text(data.decode("latin-1"), errors="replace")
    lines = []
    for line in text.split("\n"):
        # striprtf ends each table cell with "|": a row "HD|Headline|" becomes "HD\tHeadline".
        if line.endswith("|") and line.count("|") >= 2:
            line = "\t".join(cell.strip() for cell in line[:-1].split("|"))
        lines.append(line)
    return lines


class _HtmlLines(HTMLParser):
    _BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "tr",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "tbody",
            "thead",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "pre",
            "ul",
            "ol",
            "dl",
            "dt",
            "dd",
            "hr",
            "title",
        ]
    )
    _SKIP = frozenset({"script", "style", "head", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_lines(text: str) -> list[str]:
    """An HTML page as text lines: one per block element, table cells separated by tabs."""
    parser = _HtmlLines()
    parser.feed(text)
    parser.close()
    lines = []
    for line in "".join(parser.parts).split("\n"):
        line = re.sub(r"[ ]*\t[ \t]*", "\t", line).strip(" ")
        lines.append(line.lstrip("\t"))
    return lines


def export_lines(data: bytes, *, suffix: str, encoding: str = "utf-8") -> list[str]:
    """The lines of an export file, whatever its container (by ``suffix``), NFC-normalised.

    Raises :class:`ExportProblem` when the container itself cannot be opened.
    """
    suffix = suffix.lower()
    try:
        if suffix == ".docx":
            lines = _docx_lines(data)
        elif suffix == ".rtf":
            lines = _rtf_lines(data)
        else:
            text = data.decode(encoding).removeprefix("\ufeff")
            if suffix in (".html", ".htm"):
                lines = html_lines(text)
            else:
                lines = re.split(r"\r\n|\r|\n", text)
    except UnicodeDecodeError as exc:
        raise ExportProblem(f"not valid {encoding} at byte offset {exc.start}") from None
    except Exception as exc:  # python-docx and zipfile raise many kinds on a broken file
        raise ExportProblem(
            f"cannot open the {suffix} file ({type(exc).__name__}: {exc})"
        ) from None
    return [unicodedata.normalize("NFC", line.rstrip("\r")) for line in lines]


# Detection --------------------------------------------------------------------------------

_NEXIS_END = re.compile(r"^[ \t\xa0]*End of Document[ \t\xa0]*$", re.MULTILINE)
_NEXIS_BODY = re.compile(r"^[ \t\xa0]*Body[ \t\xa0]*$", re.MULTILINE)
_NEXIS_LENGTH = re.compile(r"^[ \t\xa0]*Length:[ \t\xa0]*[0-9][0-9,]*\s+words", re.MULTILINE)
_CLASSIC_HEADER = re.compile(r"^[ \t]*[0-9]+ of [0-9]+ DOCUMENTS?[ \t]*$", re.MULTILINE)
_CLASSIC_LENGTH = re.compile(r"^[ \t]*LENGTH:[ \t]*[0-9][0-9,]*\s+words", re.MULTILINE)
_FACTIVA_DOC = re.compile(r"^[ \t]*(?:AN\t?[ \t]*)?Document [A-Za-z0-9]{12,}[ \t]*$", re.MULTILINE)
_FACTIVA_WORDS = re.compile(r"^[ \t]*(?:WC\t?[ \t]*)?[0-9][0-9,]* words[ \t]*$", re.MULTILINE)


def detect(lines: list[str]) -> ExportFormat | None:
    """Which export layout the lines follow, judged by structure, never by one keyword.

    A Nexis Uni export needs "End of Document" lines, a line that is only "Body" and a
    "Length: N words" field; a LexisNexis (nexis.com) one "N of M DOCUMENTS" headers and a
    "LENGTH: N words" field; a Factiva one "Document <id>" lines and "N words" lines. An article
    that mentions "Load-Date" or "End of Document" in its prose matches none of these.

    Examples
    --------
    >>> detect(["Title", "Outlet", "May 2, 2024", "Length: 12 words", "Body", "Hi.",
    ...         "End of Document"])
    'nexis'
    >>> detect(["Load-Date: May 2, 2024 was the day we met.", "End of Document"]) is None
    True
    """
    text = "\n".join(lines)
    if _NEXIS_END.search(text) and _NEXIS_BODY.search(text) and _NEXIS_LENGTH.search(text):
        return "nexis"
    if _CLASSIC_HEADER.search(text) and _CLASSIC_LENGTH.search(text):
        return "nexis"
    if _FACTIVA_DOC.search(text) and _FACTIVA_WORDS.search(text):
        return "factiva"
    return None


def parse_export(lines: list[str], *, fmt: ExportFormat | Literal["auto"]) -> ParsedExport | None:
    """The articles of an export in the given layout, or ``None`` if ``auto`` sees no export.

    Raises :class:`ExportProblem` when a named layout finds no separator at all in the file.
    """
    # Imported here: both layout modules import this one.
    from discourse.corpus._factiva import parse_factiva
    from discourse.corpus._nexis import parse_nexis

    layout = detect(lines) if fmt == "auto" else fmt
    if layout is None:
        return None
    parsed = parse_nexis(lines) if layout == "nexis" else parse_factiva(lines)
    if parsed.found == 0:
        markers = {
            "nexis": "'End of Document' lines or 'N of M DOCUMENTS' headers",
            "factiva": "'Document <id>' lines",
        }
        raise ExportProblem(f"no {layout} article separators ({markers[layout]}) in the file")
    return parsed
