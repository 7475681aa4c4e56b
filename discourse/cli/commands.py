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
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from discourse.cli._options import corpus_options, option_flags, positive, read_options
from discourse.cli._output import (
    cli_hints,
    detail_columns,
    show_failures,
    show_kwic,
    show_rejected,
    show_table,
)
from discourse.corpus.reading import LoadedCorpus
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
#: Rows of keyness shown per group on screen when --top is not given.
_SCREEN_TOP = 10


def _load_all(args: argparse.Namespace, **override: Any) -> LoadedCorpus:
    from discourse.corpus.reading import load_corpus

    if not Path(args.corpus).exists() and not any(ch in args.corpus for ch in "*?["):
        raise DiscourseError(f"{args.corpus}: no such file or folder")
    return load_corpus(args.corpus, errors="collect", **(read_options(args) | override))


def _load(args: argparse.Namespace, **override: Any) -> pl.DataFrame:
    loaded = _load_all(args, **override)
    rejected = loaded.rejected
    if loaded.corpus.height == 0 and loaded.dropped.height == 0:
        first = (
            f" (first: {rejected['source'][0]}: {rejected['reason'][0]})" if rejected.height else ""
        )
        raise DiscourseError(
            f"{args.corpus}: nothing loadable, {rejected.height} input(s) rejected{first}"
        )
    if rejected.height:
        command = shlex.join(
            ["discourse", "info", "--corpus", args.corpus, *option_flags(read_options(args))]
        )
        print(
            f"discourse: {rejected.height} input(s) could not be read and are left out; "
            f"`{command} --rejected` lists them",
            file=sys.stderr,
        )
    if loaded.dropped.height:
        copies = "1 copy" if loaded.dropped.height == 1 else f"{loaded.dropped.height} copies"
        print(
            f"discourse: {copies} left out by --dedupe {args.dedupe}; "
            f"{loaded.corpus.height} document(s) kept",
            file=sys.stderr,
        )
    return loaded.corpus


def _lexicon(args: argparse.Namespace) -> Any:
    from discourse.framing.lexicon import default_lexicon, read_lexicon

    if args.lexicon is None:
        return default_lexicon()
    if not Path(args.lexicon).is_file():
        raise DiscourseError(f"{args.lexicon}: no such lexicon file")
    return read_lexicon(args.lexicon)


def _by(args: argparse.Namespace) -> list[str] | None:
    if getattr(args, "by", None) is None:
        return None
    return [c.strip() for c in args.by.split(",") if c.strip()] or None


def _check_by(corpus: pl.DataFrame, by: Sequence[str] | None) -> None:
    missing = [c for c in by or [] if c not in corpus.columns]
    if missing:
        raise DiscourseError(
            f"--by {','.join(missing)}: the corpus has no such column; its columns are "
            f"{corpus.columns} (--mapping can rename a table's columns)"
        )


def _report(args: argparse.Namespace) -> None:
    from discourse.errors import ReportError
    from discourse.reports.rendering import render_reports

    # Fail early, with the CLI's messages, on a corpus or lexicon that cannot be read; copies
    # are only found in the notebooks, which read the corpus themselves.
    _load(args, dedupe=None)
    if args.lexicon is not None:
        _lexicon(args)
    try:
        pages = render_reports(
            args.corpus,
            out=args.out,
            lexicon=args.lexicon,
            read_options=read_options(args),
            keep_code=args.keep_code,
            notebooks=args.notebooks,
            progress=None if args.progress else False,
        )
    except ReportError as error:
        _print_pages(error.results, args.out)
        show_failures(
            error.failures,
            pages=error.results.height,
            index=str(Path(args.out) / "index.html"),
            stream=sys.stderr,
        )
        raise _Reported from None
    _print_pages(pages, args.out)


class _Reported(Exception):
    """The error was printed in full already; exit with 1."""


def _print_pages(pages: pl.DataFrame, out: str) -> None:
    for row in pages.iter_rows(named=True):
        note = "" if row["status"] == "ok" else f"  ({row['status']})"
        print(f"{Path(out) / row['page']}{note}")
    print(f"{Path(out) / 'index.html'}")


def _info(args: argparse.Namespace) -> pl.DataFrame | None:
    from discourse.corpus.overview import corpus_overview

    if args.rejected:
        loaded = _load_all(args)
        if args.output:
            return loaded.rejected.with_columns(
                pl.col("reason").map_elements(cli_hints, return_dtype=pl.String)
            )
        show_rejected(loaded.rejected, loaded=loaded.corpus.height)
        return None
    corpus = _load(args)
    if args.raw_outlets:
        # Without --outlet-map the names as read are the outlet column itself.
        raw = "outlet_raw" if "outlet_raw" in corpus.columns else "outlet"
        counts = corpus.group_by(raw_outlet=raw, outlet="outlet").agg(
            documents=pl.len().cast(pl.Int64)
        )
        return counts.sort(["documents", "raw_outlet"], descending=[True, False])
    _check_by(corpus, _by(args))
    return corpus_overview(corpus, by=_by(args))


def _frames(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.framing.labels import label_shares

    lexicon = _lexicon(args)
    if args.label_set:
        known = [s.name for s in lexicon.label_sets]
        unknown = [name for name in args.label_set if name not in known]
        if unknown:
            raise DiscourseError(f"label set(s) {unknown} not in the lexicon; it has {known}")
        lexicon = lexicon.select(*args.label_set)
    corpus = _load(args)
    _check_by(corpus, _by(args))
    return label_shares(corpus, lexicon=lexicon, by=_by(args))


def _kwic(args: argparse.Namespace) -> pl.DataFrame | None:
    from discourse.terms.concordance import kwic

    query = args.query[0] if args.regex else args.query
    if args.regex and len(args.query) > 1:
        raise DiscourseError("with --regex give one regular expression")
    corpus = _load(args)
    _check_by(corpus, _by(args))
    hits = kwic(corpus, query=query, window_chars=args.window, regex=args.regex, sort=_by(args))
    if args.output:
        return hits
    show_kwic(hits, window=args.window, rows=args.rows)
    return None


def _keyness(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.terms.keywords import keyness

    by = _by(args)
    if by is None:
        raise DiscourseError("keyness compares groups: give --by (e.g. --by outlet)")
    corpus = _load(args)
    _check_by(corpus, by)
    table = keyness(
        corpus,
        by=by,
        ngram=args.ngram,
        min_count=args.min_count,
        stopwords=None if args.keep_stopwords else "english",
    )
    top = args.top if args.top is not None or args.output else _SCREEN_TOP
    if top is not None:
        table = table.group_by(by, maintain_order=True).head(top)
    if args.top is None and not args.output:
        args.note = (
            f"The {_SCREEN_TOP} most over-used terms per {'/'.join(by)}; "
            "--top N shows N, --output FILE.csv writes every term."
        )
    return table


def _sentiment(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.tone.scoring import document_sentiment, sentence_sentiment

    score = document_sentiment if args.level == "document" else sentence_sentiment
    corpus = _load(args)
    by = _by(args)
    _check_by(corpus, by)
    scores = score(corpus, methods=args.methods, progress=None)
    if by is None:
        return scores
    args.note = (
        f"n: {args.level}s scored; ci_low, ci_high: 95% percentile bootstrap interval of the mean."
    )
    return _sentiment_by(scores, by=by, methods=args.methods)


def _sentiment_by(scores: pl.DataFrame, *, by: list[str], methods: Sequence[str]) -> pl.DataFrame:
    """Per group: ``n`` scored units, then each method's mean with a 95% bootstrap interval."""
    from discourse.tone.scoring import METHOD_COLUMNS
    from discourse.stats.bootstrap import bootstrap_interval

    columns = {m: METHOD_COLUMNS[m][0] for m in dict.fromkeys(methods)}
    grouped = scores.group_by(by).agg(pl.len().alias("n"), *[pl.col(c) for c in columns.values()])
    rows = []
    for row in grouped.sort(by).iter_rows(named=True):
        out: dict[str, Any] = {key: row[key] for key in by} | {"n": row["n"]}
        for method, column in columns.items():
            values = np.asarray([v for v in row[column] if v is not None], dtype=float)
            low, high = bootstrap_interval(values, seed=0)
            mean = float(values.mean()) if values.size else float("nan")
            out |= {f"{method}_mean": mean, f"{method}_ci_low": low, f"{method}_ci_high": high}
        rows.append(out)
    schema: dict[str, Any] = {key: scores.schema[key] for key in by} | {"n": pl.UInt32}
    for method in columns:
        schema |= dict.fromkeys(
            (f"{method}_mean", f"{method}_ci_low", f"{method}_ci_high"), pl.Float64
        )
    return pl.DataFrame(rows, schema=schema, orient="row")


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discourse", description="Measure how news outlets word the same events."
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
    report.set_defaults(run=_report)

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
    info.set_defaults(run=_info)

    frames = sub.add_parser("frames", help="each outlet's share of each label, with intervals")
    _common(frames)
    frames.add_argument(
        "--lexicon", metavar="FILE", help="lexicon file (default: the packaged one)"
    )
    frames.add_argument("--label-set", nargs="+", metavar="NAME", help="only these label sets")
    frames.set_defaults(run=_frames)

    kwic = sub.add_parser("kwic", help="every hit of a query with its context, one per line")
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
    keyness.add_argument(
        "--top",
        type=int,
        metavar="N",
        help=f"the N most over-used terms per group (default: {_SCREEN_TOP} on screen, "
        "all with --output)",
    )
    keyness.add_argument(
        "--keep-stopwords", action="store_true", help="keep English stopwords (dropped by default)"
    )
    keyness.set_defaults(run=_keyness)

    sentiment = sub.add_parser(
        "sentiment", help="VADER and TextBlob scores per document or sentence, or per group"
    )
    _common(sentiment, by=None)
    sentiment.add_argument("--level", choices=["document", "sentence"], default="document")
    sentiment.add_argument(
        "--methods", nargs="+", choices=["vader", "textblob"], default=["vader", "textblob"]
    )
    sentiment.set_defaults(run=_sentiment)

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
                keep = _by(args) or []
                show_table(
                    result.select(detail_columns(result, _DETAIL, keep)),
                    rows=args.rows,
                    note=getattr(args, "note", None),
                )
    except _Reported:
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
