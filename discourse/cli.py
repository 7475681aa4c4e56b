"""The ``discourse`` command: render reports and run the main analyses from a shell.

Every subcommand prints a readable table, or writes CSV or Parquet with ``--output``. Bad input
(a missing file, a corpus with nothing loadable, an invalid lexicon) ends with one line on
stderr and exit code 1; usage errors exit with 2, as argparse does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from discourse.errors import DiscourseError

__all__ = ["main"]

Command = Callable[[argparse.Namespace], pl.DataFrame | None]

#: Columns left out of printed tables (they stay in ``--output`` files): bookkeeping and detail.
_DETAIL = frozenset(
    {
        "published",
        "event",
        "section",
        "source",
        "start",
        "end",
        "quoted",
        "docs",
        "docs_target",
        "docs_reference",
        "tokens_target",
        "tokens_reference",
        "p",
        "pct_diff",
        "bic",
        "log_odds_weighted",
        "doc_share",
        "vader_pos",
        "vader_neu",
        "vader_neg",
        "textblob_subjectivity",
    }
)


def _load(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.corpus import load_corpus

    path = Path(args.corpus)
    if not path.exists() and not any(ch in args.corpus for ch in "*?["):
        raise DiscourseError(f"{args.corpus}: no such file or folder")
    loaded = load_corpus(args.corpus, errors="collect")
    rejected = loaded.rejected
    if loaded.corpus.height == 0:
        first = (
            f" (first: {rejected['source'][0]}: {rejected['reason'][0]})" if rejected.height else ""
        )
        raise DiscourseError(
            f"{args.corpus}: nothing loadable, {rejected.height} input(s) rejected{first}"
        )
    if rejected.height:
        print(
            f"discourse: {rejected.height} input(s) could not be read and are left out; "
            f"`discourse info --corpus {args.corpus} --rejected` lists them",
            file=sys.stderr,
        )
    return loaded.corpus


def _lexicon(args: argparse.Namespace) -> Any:
    from discourse.lexicon import default_lexicon, read_lexicon

    if args.lexicon is None:
        return default_lexicon()
    if not Path(args.lexicon).is_file():
        raise DiscourseError(f"{args.lexicon}: no such lexicon file")
    return read_lexicon(args.lexicon)


def _by(args: argparse.Namespace) -> list[str] | None:
    return [c.strip() for c in args.by.split(",") if c.strip()] or None


def _report(args: argparse.Namespace) -> None:
    from discourse.reports import render_reports

    _load(args)
    if args.lexicon is not None:
        _lexicon(args)
    pages = render_reports(
        args.corpus,
        out=args.out,
        lexicon=args.lexicon,
        keep_code=args.keep_code,
        notebooks=args.notebooks,
        progress=None if args.progress else False,
    )
    for row in pages.iter_rows(named=True):
        note = "" if row["status"] == "ok" else f"  ({row['status']})"
        print(f"{Path(args.out) / row['page']}{note}")
    print(f"{Path(args.out) / 'index.html'}")


def _info(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.corpus import load_corpus
    from discourse.overview import corpus_overview

    if args.rejected:
        if not Path(args.corpus).exists():
            raise DiscourseError(f"{args.corpus}: no such file or folder")
        return load_corpus(args.corpus, errors="collect").rejected
    return corpus_overview(_load(args), by=_by(args))


def _frames(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.framing import label_shares

    lexicon = _lexicon(args)
    if args.label_set:
        known = [s.name for s in lexicon.label_sets]
        unknown = [name for name in args.label_set if name not in known]
        if unknown:
            raise DiscourseError(f"label set(s) {unknown} not in the lexicon; it has {known}")
        lexicon = lexicon.select(*args.label_set)
    return label_shares(_load(args), lexicon, by=_by(args))


def _kwic(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.kwic import kwic

    query = args.query[0] if args.regex else args.query
    if args.regex and len(args.query) > 1:
        raise DiscourseError("with --regex give one regular expression")
    return kwic(_load(args), query, window=args.window, regex=args.regex, by=_by(args))


def _keyness(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.keyness import keyness

    by = _by(args)
    if by is None:
        raise DiscourseError("keyness compares groups: give --by (e.g. --by outlet)")
    table = keyness(
        _load(args),
        by=by,
        ngram=args.ngram,
        min_count=args.min_count,
        stopwords=None if args.keep_stopwords else "english",
    )
    if args.top is not None:
        table = table.group_by(by, maintain_order=True).head(args.top)
    return table


def _sentiment(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.sentiment import document_sentiment, sentence_sentiment

    score = document_sentiment if args.level == "document" else sentence_sentiment
    return score(_load(args), methods=args.methods, progress=None)


def _write(frame: pl.DataFrame, output: str) -> None:
    path = Path(output)
    if path.suffix.lower() == ".csv":
        nested = [n for n, t in frame.schema.items() if t.is_nested()]
        if nested:
            raise DiscourseError(
                f"{output}: columns {nested} hold lists, which CSV cannot; write .parquet instead"
            )
        frame.write_csv(path)
    elif path.suffix.lower() == ".parquet":
        frame.write_parquet(path)
    else:
        raise DiscourseError(f"{output}: unknown output format; end the name in .csv or .parquet")


def _show(frame: pl.DataFrame, keep: Sequence[str]) -> None:
    """Print the columns a reader needs; ``--output`` files keep every column."""
    frame = frame.select([c for c in frame.columns if c in keep or c not in _DETAIL])
    width = shutil.get_terminal_size((120, 40)).columns
    with pl.Config(
        tbl_rows=40,
        tbl_cols=-1,
        fmt_str_lengths=60,
        tbl_width_chars=width,
        tbl_formatting="UTF8_FULL_CONDENSED",
    ):
        print(frame)


def _common(parser: argparse.ArgumentParser, *, by: bool = True) -> None:
    parser.add_argument("--corpus", required=True, metavar="PATH", help="corpus file or folder")
    parser.add_argument(
        "--output", metavar="FILE", help="write the table to FILE (.csv or .parquet)"
    )
    if by:
        parser.add_argument(
            "--by",
            default="outlet",
            metavar="COLS",
            help="group columns, comma-separated (default: outlet)",
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discourse", description="Measure how news outlets word the same events."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = sub.add_parser("report", help="render every notebook against a corpus into HTML pages")
    report.add_argument("--corpus", required=True, metavar="PATH", help="corpus file or folder")
    report.add_argument("--out", required=True, metavar="DIR", help="folder for the HTML pages")
    report.add_argument(
        "--lexicon", metavar="FILE", help="lexicon file (default: the packaged one)"
    )
    report.add_argument("--keep-code", action="store_true", help="show the code above each output")
    report.add_argument("--notebooks", nargs="+", metavar="NAME", help="only these notebooks")
    report.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no progress bar"
    )
    report.set_defaults(run=_report)

    info = sub.add_parser("info", help="documents, words, dates and duplicates per outlet")
    _common(info)
    info.add_argument("--rejected", action="store_true", help="list the inputs that did not load")
    info.set_defaults(run=_info)

    frames = sub.add_parser("frames", help="each outlet's share of each label, with intervals")
    _common(frames)
    frames.add_argument(
        "--lexicon", metavar="FILE", help="lexicon file (default: the packaged one)"
    )
    frames.add_argument("--label-set", nargs="+", metavar="NAME", help="only these label sets")
    frames.set_defaults(run=_frames)

    kwic = sub.add_parser("kwic", help="every hit of a query with its context")
    _common(kwic)
    kwic.add_argument("query", nargs="+", help="phrases (wildcards: terror*), or one --regex")
    kwic.add_argument("--window", type=int, default=40, help="characters either side (default 40)")
    kwic.add_argument("--regex", action="store_true", help="QUERY is a Python regular expression")
    kwic.set_defaults(run=_kwic)

    keyness = sub.add_parser(
        "keyness", help="terms each outlet over- or under-uses (G², Log Ratio)"
    )
    _common(keyness)
    keyness.add_argument("--ngram", type=int, default=1, help="1 for words, 2 or 3 for phrases")
    keyness.add_argument("--min-count", type=int, default=5, help="drop rarer terms (default 5)")
    keyness.add_argument("--top", type=int, metavar="N", help="keep the N most over-used per group")
    keyness.add_argument(
        "--keep-stopwords", action="store_true", help="keep English stopwords (dropped by default)"
    )
    keyness.set_defaults(run=_keyness)

    sentiment = sub.add_parser(
        "sentiment", help="VADER and TextBlob scores per document or sentence"
    )
    _common(sentiment, by=False)
    sentiment.add_argument("--level", choices=["document", "sentence"], default="document")
    sentiment.add_argument(
        "--methods", nargs="+", choices=["vader", "textblob"], default=["vader", "textblob"]
    )
    sentiment.set_defaults(run=_sentiment)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 1 bad input, 2 usage)."""
    args = _parser().parse_args(argv)
    run: Command = args.run
    try:
        result = run(args)
        if result is not None:
            if getattr(args, "output", None):
                _write(result, args.output)
            else:
                _show(result, _by(args) or [] if hasattr(args, "by") else [])
    except (DiscourseError, OSError) as error:
        print(f"discourse: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
