"""Write the Nexis Uni DOCX export fixture the export tests read (run: python make_docx.py OUT).

The layout follows what Nexis Uni puts in a DOCX export: a cover page listing the documents,
then per article title, publication, dateline, copyright, "Section:", "Length:", "Byline:" (the
field names are followed by a no-break space), "Body", the paragraphs, optional "Graphic" and
"Classification" blocks, and "End of Document". Some paragraphs start with a line break, as in
real exports. The articles are invented for the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx

NBSP = "\xa0"

ARTICLES = [
    {
        "title": "Ceasefire talks resume in Cairo as aid convoys wait",
        "outlet": "The Guardian (London)",
        "dateline": "November 24, 2023 Friday 9:20 AM GMT",
        "section": "WORLD NEWS; Version:3",
        "length": "164 words",
        "byline": "Ana Ruiz in Cairo",
        "body": [
            "Negotiators returned to Cairo on Friday for a second day of talks.",
            "Aid lorries queued at the crossing while officials checked their loads.",
        ],
        "graphic": "Lorries wait at the crossing on Friday. Photograph: Staff",
        "subject": "ARMED CONFLICT (92%); HUMANITARIAN AID (88%)",
        "geographic": "CAIRO, EGYPT (90%)",
        "load_date": "November 25, 2023",
    },
    {
        "title": "Hospital generators run low, doctors say",
        "outlet": "Guardian.com",
        "dateline": "November 25, 2023 Saturday",
        "section": "WORLD",
        "length": "96 words",
        "byline": None,
        "body": [
            "Doctors said the generators had fuel for two more days.",
            "A spokesman for the ministry said a delivery was expected.",
        ],
        "correction": "An earlier version of this article gave the wrong day for the delivery.",
        "subject": "HOSPITALS (91%)",
        "geographic": None,
        "load_date": "November 26, 2023",
    },
    {
        "title": "Editorial: the pause must hold",
        "outlet": "The Guardian - Final Edition",
        "dateline": "26 November 2023",
        "section": "OPINION; Pg. 4",
        "length": "71 words",
        "byline": "Editorial board",
        "body": ["A pause is only a start.", "Length: of a ceasefire matters less than its terms."],
        "subject": None,
        "geographic": None,
        "load_date": None,
    },
]


def write_nexis_docx(path: Path, articles: list[dict] = ARTICLES) -> Path:
    document = docx.Document()
    document.add_paragraph("Date and Time: Monday, 27 November 2023 10:02:00 GMT")
    document.add_paragraph(f"Documents ({len(articles)})")
    for number, article in enumerate(articles, start=1):
        document.add_paragraph(f"{number}. {article['title']}")
        document.add_paragraph("Client/Matter: -None-")
        document.add_paragraph("Search Terms: ceasefire")
    document.add_paragraph("")
    for article in articles:
        document.add_paragraph(article["title"])
        document.add_paragraph(article["outlet"])
        document.add_paragraph(article["dateline"])
        document.add_paragraph("")
        document.add_paragraph("\nCopyright 2023 Guardian News and Media Ltd All Rights Reserved")
        document.add_paragraph("\n")
        document.add_paragraph(f"Section:{NBSP}{article['section']}")
        document.add_paragraph(f"Length:{NBSP}{article['length']}")
        if article["byline"]:
            document.add_paragraph(f"Byline:{NBSP}{article['byline']}")
        document.add_paragraph("Body")
        document.add_paragraph("")
        for paragraph in article["body"]:
            document.add_paragraph(paragraph)
        for block in ("graphic", "correction"):
            if article.get(block):
                document.add_paragraph(block.capitalize())
                document.add_paragraph("")
                document.add_paragraph(article[block])
        if article["subject"] or article["geographic"]:
            document.add_paragraph("Classification")
            document.add_paragraph(f"Language:{NBSP}ENGLISH")
            if article["subject"]:
                document.add_paragraph(f"\nSubject:{NBSP}{article['subject']}")
            if article["geographic"]:
                document.add_paragraph(f"\nGeographic:{NBSP}{article['geographic']}")
        if article["load_date"]:
            document.add_paragraph(f"\nLoad-Date:{NBSP}{article['load_date']}")
        document.add_paragraph("")
        document.add_paragraph("\nEnd of Document")
    document.save(path)
    return path


if __name__ == "__main__":
    write_nexis_docx(Path(sys.argv[1]))
