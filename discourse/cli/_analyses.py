"""What each analysis subcommand runs: load the corpus as the options say, call the library, and
return the table to print or write (``None`` when the command printed its own output)."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from discourse.cli._options import option_flags, read_options
from discourse.cli._output import cli_hints, show_failures, show_kwic, show_rejected
from discourse.corpus.reading import LoadedCorpus
from discourse.errors import DiscourseError

#: Rows of keyness shown per group on screen when --top is not given.
SCREEN_TOP = 10


def load_all(args: argparse.Namespace, **override: Any) -> LoadedCorpus:
    from discourse.corpus.reading import load_corpus

    if not Path(args.corpus).exists() and not any(ch in args.corpus for ch in "*?["):
        raise DiscourseError(f"{args.corpus}: no such file or folder")
    return load_corpus(args.corpus, errors="collect", **(read_options(args) | override))


def load(args: argparse.Namespace, **override: Any) -> pl.DataFrame:
    loaded = load_all(args, **override)
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


def lexicon_of(args: argparse.Namespace) -> Any:
    from discourse.framing.lexicon import default_lexicon, read_lexicon

    if args.lexicon is None:
        return default_lexicon()
    if not Path(args.lexicon).is_file():
        raise DiscourseError(f"{args.lexicon}: no such lexicon file")
    return read_lexicon(args.lexicon)


def by_option(args: argparse.Namespace) -> list[str] | None:
    if getattr(args, "by", None) is None:
        return None
    return [c.strip() for c in args.by.split(",") if c.strip()] or None


def check_by(corpus: pl.DataFrame, by: Sequence[str] | None) -> None:
    missing = [c for c in by or [] if c not in corpus.columns]
    if missing:
        raise DiscourseError(
            f"--by {','.join(missing)}: the corpus has no such column; its columns are "
            f"{corpus.columns} (--mapping can rename a table's columns)"
        )


def run_report(args: argparse.Namespace) -> None:
    from discourse.errors import ReportError
    from discourse.reports.rendering import render_reports

    # Fail early, with the CLI's messages, on a corpus or lexicon that cannot be read; copies
    # are only found in the notebooks, which read the corpus themselves.
    load(args, dedupe=None)
    if args.lexicon is not None:
        lexicon_of(args)
    try:
        pages = render_reports(
            args.corpus,
            out=args.out,
            lexicon=args.lexicon,
            read_options=read_options(args),
            keep_code=args.keep_code,
            notebooks=args.notebooks,
            progress=None if args.progress else False,
            scheduler=args.scheduler,
        )
    except ReportError as error:
        _print_pages(error.results, args.out)
        show_failures(
            error.failures,
            pages=error.results.height,
            index=str(Path(args.out) / "index.html"),
            stream=sys.stderr,
        )
        raise Reported from None
    _print_pages(pages, args.out)


class Reported(Exception):
    """The error was printed in full already; exit with 1."""


def _print_pages(pages: pl.DataFrame, out: str) -> None:
    for row in pages.iter_rows(named=True):
        note = "" if row["status"] == "ok" else f"  ({row['status']})"
        print(f"{Path(out) / row['page']}{note}")
    print(f"{Path(out) / 'index.html'}")


def run_info(args: argparse.Namespace) -> pl.DataFrame | None:
    from discourse.corpus.overview import corpus_overview

    if args.rejected:
        loaded = load_all(args)
        if args.output:
            return loaded.rejected.with_columns(
                pl.col("reason").map_elements(cli_hints, return_dtype=pl.String)
            )
        show_rejected(loaded.rejected, loaded=loaded.corpus.height)
        return None
    corpus = load(args)
    if args.raw_outlets:
        # Without --outlet-map the names as read are the outlet column itself.
        raw = "outlet_raw" if "outlet_raw" in corpus.columns else "outlet"
        counts = corpus.group_by(raw_outlet=raw, outlet="outlet").agg(
            documents=pl.len().cast(pl.Int64)
        )
        return counts.sort(["documents", "raw_outlet"], descending=[True, False])
    check_by(corpus, by_option(args))
    return corpus_overview(corpus, by=by_option(args))


def run_frames(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.framing.labels import label_shares

    lexicon = lexicon_of(args)
    if args.label_set:
        known = [s.name for s in lexicon.label_sets]
        unknown = [name for name in args.label_set if name not in known]
        if unknown:
            raise DiscourseError(f"label set(s) {unknown} not in the lexicon; it has {known}")
        lexicon = lexicon.select(*args.label_set)
    corpus = load(args)
    check_by(corpus, by_option(args))
    return label_shares(corpus, lexicon=lexicon, by=by_option(args))


def run_kwic(args: argparse.Namespace) -> pl.DataFrame | None:
    from discourse.terms.concordance import kwic

    query = args.query[0] if args.regex else args.query
    if args.regex and len(args.query) > 1:
        raise DiscourseError("with --regex give one regular expression")
    corpus = load(args)
    check_by(corpus, by_option(args))
    hits = kwic(
        corpus, query=query, window_chars=args.window, regex=args.regex, sort=by_option(args)
    )
    if args.output:
        return hits
    show_kwic(hits, window=args.window, rows=args.rows)
    return None


def run_keyness(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.terms.keywords import keyness
    from discourse.terms.ranking import top_terms

    by = by_option(args)
    if by is None:
        raise DiscourseError("keyness compares groups: give --by (e.g. --by outlet)")
    corpus = load(args)
    check_by(corpus, by)
    table = keyness(
        corpus,
        by=by,
        ngram=args.ngram,
        min_count=args.min_count,
        stopwords=None if args.keep_stopwords else "english",
    )
    top = args.top if args.top is not None or args.output else SCREEN_TOP
    if top is not None:
        table = top_terms(table, n=top, by=by)
    if args.top is None and not args.output:
        args.note = (
            f"The {SCREEN_TOP} most over-used terms per {'/'.join(by)}; "
            "--top N shows N, --output FILE.csv writes every term."
        )
    return table


def run_sentiment(args: argparse.Namespace) -> pl.DataFrame:
    from discourse.tone.scoring import document_sentiment, sentence_sentiment

    score = document_sentiment if args.level == "document" else sentence_sentiment
    corpus = load(args)
    by = by_option(args)
    check_by(corpus, by)
    scores = score(corpus, methods=args.methods, progress=None)
    if by is None:
        return scores
    args.note = (
        f"n: {args.level}s scored; ci_low, ci_high: 95% percentile bootstrap interval of the mean."
    )
    return _sentiment_by(scores, by=by, methods=args.methods)


def _sentiment_by(scores: pl.DataFrame, *, by: list[str], methods: Sequence[str]) -> pl.DataFrame:
    """Per group: ``n`` scored units, then each method's mean with a 95% bootstrap interval."""
    from discourse.stats.bootstrap import bootstrap_interval
    from discourse.tone.scoring import METHOD_COLUMNS

    columns = {m: METHOD_COLUMNS[m][0] for m in dict.fromkeys(methods)}
    grouped = scores.group_by(by).agg(
        pl.len().cast(pl.Int64).alias("n"), *[pl.col(c) for c in columns.values()]
    )
    rows = []
    for row in grouped.sort(by).iter_rows(named=True):
        out: dict[str, Any] = {key: row[key] for key in by} | {"n": row["n"]}
        for method, column in columns.items():
            values = np.asarray([v for v in row[column] if v is not None], dtype=float)
            low, high = bootstrap_interval(values, seed=0)
            mean = float(values.mean()) if values.size else float("nan")
            out |= {f"{method}_mean": mean, f"{method}_ci_low": low, f"{method}_ci_high": high}
        rows.append(out)
    schema: dict[str, Any] = {key: scores.schema[key] for key in by} | {"n": pl.Int64}
    for method in columns:
        schema |= dict.fromkeys(
            (f"{method}_mean", f"{method}_ci_low", f"{method}_ci_high"), pl.Float64
        )
    return pl.DataFrame(rows, schema=schema, orient="row")
