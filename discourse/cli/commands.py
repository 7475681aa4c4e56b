"""The ``discourse`` command: render reports and run the main analyses from a shell.

Every subcommand takes the corpus options of :func:`discourse.read_corpus` (``--mapping``,
``--columns``, ``--format``, ``--encoding``, ``--dayfirst``, ``--outlet``, ``--dedupe``) and
prints a readable table, or writes CSV or Parquet with ``--output``. Bad input (a missing file,
a corpus with nothing loadable, an invalid lexicon) ends with one line on stderr and exit code 1,
its hint naming the flag to use; usage errors exit with 2, as argparse does. A report whose
pages fail lists each failing cell and error, and exits with 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from discourse.cli._analyses import (
    SCREEN_TOP,
    Reported,
    by_option,
    run_frames,
    run_info,
    run_keyness,
    run_kwic,
    run_report,
    run_sentiment,
)
from discourse.cli._options import corpus_options, positive
from discourse.cli._output import (
    cli_hints,
    detail_columns,
    show_table,
)
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


def _common(parser: argparse.ArgumentParser, *, by: str | None = "outlet") -> None:
    corpus_options(parser)
    parser.add_argument(
        "--output", metavar="FILE", help="write the whole table to FILE (.csv or .parquet)"
    )
    parser.add_argument(
        "--rows", type=positive, default=40, metavar="N", help="print at most N rows (default 40)"
    )
    parser.set_defaults(note=None)
    default = f" (default: {by})" if by else ""
    parser.add_argument(
        "--by", default=by, metavar="COLS", help=f"group columns, comma-separated{default}"
    )


def _urls(items: Sequence[str]) -> list[str]:
    """URLs given on the command line; an argument naming a file gives one URL per line."""
    urls: list[str] = []
    for item in items:
        path = Path(item)
        if "://" not in item and path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            urls.extend(s for line in lines if (s := line.strip()) and not s.startswith("#"))
        else:
            urls.append(item)
    return urls


def _fetch(args: argparse.Namespace) -> None:
    from discourse.corpus.fetching import fetch_articles

    urls = _urls(args.urls)
    if not urls and not args.feed and not args.sitemap:
        raise DiscourseError("nothing to fetch: give URLs, a file of URLs, --feed or --sitemap")
    manifest = fetch_articles(
        urls,
        out=args.out,
        feeds=args.feed or (),
        sitemaps=args.sitemap or (),
        delay=args.delay,
        timeout=args.timeout,
        retries=args.retries,
        max_bytes=args.max_bytes,
        min_words=args.min_words,
        retry_rejected=args.retry_rejected,
        progress=args.progress,
    )
    for url, outcome, reason in manifest.select("url", "outcome", "reason").iter_rows():
        if outcome in ("rejected", "failed"):
            print(f"{url}: {outcome}: {reason}")
    counts = dict(manifest.group_by("outcome").len().iter_rows())
    summary = ", ".join(
        f"{counts[name]} {name}"
        for name in ("written", "rejected", "failed", "listed")
        if counts.get(name)
    )
    again = " (run again to retry the failed ones)" if counts.get("failed") else ""
    print(f"{summary or 'nothing'}; manifest: {Path(args.out) / 'manifest.csv'}{again}")


def _add_fetch(sub: Any) -> None:
    fetch = sub.add_parser(
        "fetch", help="download web pages into a corpus folder, with a manifest (resumes)"
    )
    fetch.add_argument(
        "urls", nargs="*", metavar="URLS", help="page URLs, or files listing one URL per line"
    )
    fetch.add_argument("--out", required=True, metavar="DIR", help="the corpus folder to write")
    fetch.add_argument("--feed", action="append", metavar="URL", help="also fetch a feed's pages")
    fetch.add_argument(
        "--sitemap", action="append", metavar="URL", help="also fetch a sitemap's pages"
    )
    fetch.add_argument(
        "--delay", type=float, default=1.0, help="seconds between requests to a host (default 1)"
    )
    fetch.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for an answer (default 10)"
    )
    fetch.add_argument("--retries", type=int, default=3, help="retries on 429 and 5xx (default 3)")
    fetch.add_argument(
        "--max-bytes", type=positive, default=5_000_000, help="largest page (default 5000000)"
    )
    fetch.add_argument(
        "--min-words", type=int, default=40, help="least article text kept (default 40 words)"
    )
    fetch.add_argument(
        "--retry-rejected", action="store_true", help="fetch pages refused by earlier runs again"
    )
    fetch.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        default=None,
        help="no progress bar (shown in a terminal)",
    )
    fetch.set_defaults(run=_fetch)


class _Version(argparse.Action):
    """``--version``: the release and the packaged lexicon, worked out only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from discourse.reports._provenance import version_line

        print(version_line())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discourse", description="Measure how news outlets word the same events."
    )
    parser.add_argument(
        "--version", action=_Version, help="show the version and the packaged lexicon's digest"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = sub.add_parser("report", help="render every notebook against a corpus into HTML pages")
    corpus_options(report)
    report.add_argument("--out", required=True, metavar="DIR", help="folder for the HTML pages")
    report.add_argument(
        "--lexicon", metavar="FILE", help="lexicon file (default: the packaged one)"
    )
    report.add_argument("--keep-code", action="store_true", help="show the code above each output")
    report.add_argument("--notebooks", nargs="+", metavar="NAME", help="only these notebooks")
    report.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no progress bar"
    )
    report.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a Dask scheduler (tcp://host:8786) that scores sentiment for the notebooks "
        "(default: $DISCOURSE_SCHEDULER, else this machine); see docs/cluster.md",
    )
    report.set_defaults(run=run_report)

    info = sub.add_parser("info", help="documents, words, dates and duplicates per outlet")
    _common(info)
    info.add_argument(
        "--rejected", action="store_true", help="list the inputs that did not load, and why"
    )
    info.add_argument(
        "--raw-outlets",
        action="store_true",
        help="list each outlet name as read, what --outlet-map merges it into, and its documents",
    )
    info.set_defaults(run=run_info)

    frames = sub.add_parser("frames", help="each outlet's share of each label, with intervals")
    _common(frames)
    frames.add_argument(
        "--lexicon", metavar="FILE", help="lexicon file (default: the packaged one)"
    )
    frames.add_argument("--label-set", nargs="+", metavar="NAME", help="only these label sets")
    frames.set_defaults(run=run_frames)

    kwic = sub.add_parser("kwic", help="every hit of a query with its context, one per line")
    _common(kwic)
    kwic.add_argument("query", nargs="+", help="phrases (wildcards: terror*), or one --regex")
    kwic.add_argument("--window", type=int, default=40, help="characters either side (default 40)")
    kwic.add_argument("--regex", action="store_true", help="QUERY is a Python regular expression")
    kwic.set_defaults(run=run_kwic)

    keyness = sub.add_parser(
        "keyness", help="terms each outlet over- or under-uses (G², Log Ratio)"
    )
    _common(keyness)
    keyness.add_argument("--ngram", type=int, default=1, help="1 for words, 2 or 3 for phrases")
    keyness.add_argument("--min-count", type=int, default=5, help="drop rarer terms (default 5)")
    keyness.add_argument(
        "--top",
        type=int,
        metavar="N",
        help=f"the N most over-used terms per group (default: {SCREEN_TOP} on screen, "
        "all with --output)",
    )
    keyness.add_argument(
        "--keep-stopwords", action="store_true", help="keep English stopwords (dropped by default)"
    )
    keyness.set_defaults(run=run_keyness)

    sentiment = sub.add_parser(
        "sentiment", help="VADER and TextBlob scores per document or sentence, or per group"
    )
    _common(sentiment, by=None)
    sentiment.add_argument("--level", choices=["document", "sentence"], default="document")
    sentiment.add_argument(
        "--methods", nargs="+", choices=["vader", "textblob"], default=["vader", "textblob"]
    )
    sentiment.set_defaults(run=run_sentiment)

    _add_fetch(sub)
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
                keep = by_option(args) or []
                show_table(
                    result.select(detail_columns(result, _DETAIL, keep)),
                    rows=args.rows,
                    note=getattr(args, "note", None),
                )
    except Reported:
        return 1
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly; Python would complain at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (DiscourseError, OSError) as error:
        print(f"discourse: error: {cli_hints(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
