"""The corpus options every ``discourse`` command takes, parsed into ``read_corpus`` keywords.

``--mapping text=sentence,outlet=paper`` becomes ``mapping={"text": "sentence", "outlet":
"paper"}``, ``--columns a,b`` becomes ``columns=["a", "b"]``, and so on; options not given are
left out, so the library's defaults apply. The values are JSON-like, as the report notebooks'
``READ_OPTIONS`` need.
"""

from __future__ import annotations

import argparse
from typing import Any

_FORMATS = ("auto", "text", "csv", "tsv", "jsonl", "parquet", "nexis", "factiva")
_DEDUPE = ("verbatim", "story_per_outlet", "story")


def mapping(value: str) -> dict[str, str]:
    """``--mapping`` as a dict: ``"text=sentence,outlet=paper"`` → ``{"text": "sentence", …}``."""
    pairs: dict[str, str] = {}
    for item in value.split(","):
        key, sep, column = (part.strip() for part in item.partition("="))
        if not sep or not key or not column:
            raise argparse.ArgumentTypeError(
                f"{item!r} is not KEY=COLUMN; e.g. --mapping text=sentence,outlet=paper"
            )
        pairs[key] = column
    return pairs


def names(value: str) -> list[str]:
    """``--columns`` as a list: ``"date,outlet,title"`` → ``["date", "outlet", "title"]``."""
    given = [name.strip() for name in value.split(",")]
    if not all(given):
        raise argparse.ArgumentTypeError(f"{value!r}: give column names separated by commas")
    return given


def positive(value: str) -> int:
    """A whole number of 1 or more (``--rows``)."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value}: give a whole number of 1 or more")
    return number


def read_options(args: argparse.Namespace) -> dict[str, Any]:
    """The given corpus options as :func:`discourse.read_corpus` keywords (JSON-like values)."""
    # --mapping may be given several times; later keys win.
    merged = {k: v for pairs in args.mapping or [] for k, v in pairs.items()}
    options = {
        "mapping": merged or None,
        "columns": args.columns,
        "format": args.format,
        "encoding": args.encoding,
        "dayfirst": True if args.dayfirst else None,
        "outlet": args.outlet,
        "dedupe": args.dedupe,
        "outlet_map": getattr(args, "outlet_map", None),
    }
    return {key: value for key, value in options.items() if value is not None}


def option_flags(options: dict[str, Any]) -> list[str]:
    """The command-line flags that give ``options`` again (for a command to suggest)."""
    flags: list[str] = []
    for key, value in options.items():
        if key == "mapping":
            flags += ["--mapping", ",".join(f"{k}={v}" for k, v in value.items())]
        elif key == "columns":
            flags += ["--columns", ",".join(value)]
        elif key == "dayfirst":
            flags.append("--dayfirst")
        else:
            flags += [f"--{key.replace('_', '-')}", str(value)]
    return flags


def corpus_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--corpus`` and the options of :func:`discourse.read_corpus` to a subcommand."""
    group = parser.add_argument_group("corpus options (as for discourse.read_corpus)")
    group.add_argument("--corpus", required=True, metavar="PATH", help="corpus file or folder")
    group.add_argument(
        "--mapping",
        type=mapping,
        action="append",
        metavar="KEY=COL,...",
        help="which table column holds text, outlet, published (or date), title, url; "
        "e.g. text=sentence,outlet=paper,published=date",
    )
    group.add_argument(
        "--columns",
        type=names,
        metavar="A,B,...",
        help="column names for a CSV/TSV without a header row (the first row is then data)",
    )
    group.add_argument(
        "--format", choices=_FORMATS, help="read every file in this format (default: by extension)"
    )
    group.add_argument(
        "--encoding", metavar="CODEC", help="the files' encoding, e.g. cp1252 (default: utf-8)"
    )
    group.add_argument(
        "--dayfirst", action="store_true", help="read dates like 03/04/2023 as day/month/year"
    )
    group.add_argument("--outlet", metavar="NAME", help="outlet of documents that name none")
    group.add_argument(
        "--outlet-map",
        metavar="FILE",
        help="YAML or CSV file (columns raw,outlet) merging the names one outlet goes by",
    )
    group.add_argument(
        "--dedupe",
        choices=_DEDUPE,
        help="leave copies out: identical texts (verbatim), each story once per outlet "
        "(story_per_outlet), or each story once (story)",
    )
