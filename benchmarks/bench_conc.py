"""Benchmark discourse's indexed corpus against conc (Geoff Ford's polars-based corpus library).

    .venv/bin/python benchmarks/bench_conc.py --conc-python /tmp/concenv/bin/python
    CONC_PYTHON=/tmp/concenv/bin/python .venv/bin/python benchmarks/bench_conc.py --copies 1

conc lives in its own environment, never in the project's venv (it pins other versions of
polars and brings spaCy); make one with

    .venv/bin/uv venv /tmp/concenv -p 3.11
    .venv/bin/uv pip install -p /tmp/concenv/bin/python conc

and pass its interpreter as ``--conc-python`` (or ``$CONC_PYTHON``). conc's side runs in a child
process of that interpreter (a script written to a temporary file), discourse's side in this
one, on the same corpus: the real articles (``../shared/corpora/real``, rebuilt as in
``bench_kwic.py``) ``--copies`` times over (default 1 and 25), as ``bench_index.py`` builds it.
Printed side by side, each the best of ``--repeat`` runs: the build (conc's ``build_from_csv``
against ``dc.index_corpus``, in memory and saved; goal: ours 5x faster), the frequency list,
keyness of one outlet (``--outlet``) against the rest (conc: two corpora, target and
reference), a KWIC of "hamas" (goal: ours within 2x of conc's), collocations of "hamas"; and the
statistics both report, recomputed by discourse from conc's own counts: conc's log-likelihood
against ``dc.stats.g2_two_term`` and conc's Log Ratio against ``dc.stats.log_ratio`` (their
largest absolute differences, asserted within 1e-11 and 1e-15 unless ``--no-assert``).

No English spaCy model can be installed on these machines (``/work/shared/OFFLINE.md``), so conc
runs with spaCy's blank English pipeline saved as a model folder: the rule-based English
tokenizer that ``en_core_web_sm`` also uses (conc disables every other component of the model
and tokenises only). It splits possessives ("Israel's" is "Israel" + "'s"), so discourse is run
with ``possessives="split"`` (``--possessives``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

import discourse as dc
from discourse.stats import g2_two_term, log_ratio

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_kwic  # noqa: E402
from bench_kwic import best  # noqa: E402

SETUP = """\
conc must run in its own environment (never in the project's venv). Make it with:

    .venv/bin/uv venv /tmp/concenv -p 3.11
    .venv/bin/uv pip install -p /tmp/concenv/bin/python conc

then pass --conc-python /tmp/concenv/bin/python (or set CONC_PYTHON)."""

#: conc's side, run by the conc interpreter: ``script.py config.json``. It writes timings and
#: counts to ``out.json`` and each result table to a parquet file in the work folder.
CONC_SCRIPT = textwrap.dedent(
    """
    import json, os, sys, time
    import logging

    config = json.load(open(sys.argv[1]))
    work = config["work"]
    logging.disable(logging.INFO)

    import spacy
    from spacy.language import Language

    @Language.component("bench_noop")
    def bench_noop(doc):
        return doc

    # conc loads a model by name and disables these components: a blank English pipeline
    # holding no-op components of those names tokenises as en_core_web_sm does.
    nlp = spacy.blank("en")
    for name in ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
                 "senter"]:
        nlp.add_pipe("bench_noop", name=name)
    model = os.path.join(work, "blank_en")
    nlp.to_disk(model)

    import conc
    from conc.conc import Conc
    from conc.corpus import Corpus

    def best(fn, repeat):
        times, out = [], None
        for _ in range(repeat):
            start = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - start)
        return min(times), out

    def build(name, csv):
        return Corpus(name=name).build_from_csv(
            source_path=csv, save_path=os.path.join(work, "corpora"), text_column="text",
            metadata_columns=["doc_id", "outlet"], model=model)

    repeat, node = config["repeat"], config["node"]
    out = {"version": conc.__version__, "spacy": spacy.__version__}
    out["build"], corpus = best(lambda: build("all", config["all"]), 1)
    out["target_build"], target = best(lambda: build("target", config["target"]), 1)
    out["reference_build"], reference = best(lambda: build("reference", config["reference"]), 1)
    out["word_tokens"] = corpus.word_token_count
    out["tokens"] = corpus.token_count
    out["documents"] = corpus.document_count
    out["word_tokens_target"] = target.get_token_count_text(exclude_punctuation=True)[0]
    out["word_tokens_reference"] = reference.get_token_count_text(exclude_punctuation=True)[0]
    report = Conc(corpus)
    keyed = Conc(target)
    keyed.set_reference_corpus(reference)
    calls = {
        "frequency": lambda: report.frequencies(page_size=0, show_document_frequency=True),
        "keyness": lambda: keyed.keywords(page_size=0),
        "kwic": lambda: report.concordance(node, context_length=5, page_size=10**9),
        "kwic_page": lambda: report.concordance(node, context_length=5, page_size=20),
        "collocations": lambda: report.collocates(
            node, context_length=5, min_collocate_frequency=config["min_count"], page_size=0),
    }
    for name, call in calls.items():
        # A report may hold a LazyFrame: to_frame() collects it, inside the timing.
        out[name], frame = best(lambda: call().to_frame(), repeat)
        out[name + "_rows"] = frame.height
        frame.write_parquet(os.path.join(work, name + ".parquet"))
    json.dump(out, open(os.path.join(work, "out.json"), "w"))
    """
)


def conc_python(given: str | None) -> str:
    """The conc interpreter, checked to import conc; otherwise how to make it, and exit 2."""
    if not given:
        print(f"no conc interpreter given.\n\n{SETUP}", file=sys.stderr)
        raise SystemExit(2)
    check = subprocess.run([given, "-c", "import conc"], capture_output=True, text=True)
    if check.returncode != 0:
        print(f"{given} cannot import conc.\n\n{SETUP}", file=sys.stderr)
        raise SystemExit(2)
    return given


def run_conc(python: str, corpus: pl.DataFrame, outlet: str, args: argparse.Namespace) -> Any:
    """conc's side in a child process; its timings (s), counts and result tables."""
    with tempfile.TemporaryDirectory(prefix="bench_conc_") as folder:
        work = Path(folder)
        paths = {"all": corpus, "target": corpus.filter(pl.col("outlet") == outlet)}
        paths["reference"] = corpus.filter(pl.col("outlet") != outlet)
        config: dict[str, Any] = {"work": folder, "repeat": args.repeat, "node": args.node}
        config["min_count"] = args.min_count
        for name, frame in paths.items():
            frame.select("doc_id", "outlet", "text").write_csv(work / f"{name}.csv")
            config[name] = str(work / f"{name}.csv")
        (work / "config.json").write_text(json.dumps(config))
        (work / "script.py").write_text(CONC_SCRIPT)
        done = subprocess.run(
            [python, str(work / "script.py"), str(work / "config.json")],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-4000:])
            raise SystemExit(f"conc's side failed (exit {done.returncode})")
        out = json.loads((work / "out.json").read_text())
        tables = {
            name: pl.read_parquet(work / f"{name}.parquet")
            for name in ["frequency", "keyness", "kwic", "collocations"]
        }
    return out, tables


def shared_statistics(keywords: pl.DataFrame, c: int, d: int) -> dict[str, float]:
    """|conc − discourse| of the log-likelihood and of Log Ratio, on conc's counts: the largest
    absolute difference and the value where it occurs, and for Log Ratio the largest relative to
    the rounding of the two logarithms conc subtracts (``log2`` of each count per 10,000 words),
    in units of machine epsilon times the larger: what a different order of the same operations
    leaves."""
    a = keywords["frequency"].cast(pl.Float64).to_numpy()
    b = keywords["frequency_reference"].cast(pl.Float64).to_numpy()
    cs, ds = np.full_like(a, c), np.full_like(a, d)
    ours = {"ll": np.abs(g2_two_term(a, b, cs, ds)), "lr": log_ratio(a, b, cs, ds)}
    out: dict[str, float] = {"n": keywords.height}
    for key, column in [("ll", "log_likelihood"), ("lr", "log_ratio")]:
        theirs = keywords[column].to_numpy()
        gap = np.abs(theirs - ours[key])
        worst = int(np.argmax(gap)) if gap.size else 0
        out[key] = float(gap[worst]) if gap.size else 0.0
        out[key + "_at"] = float(theirs[worst]) if gap.size else 0.0
    # conc: log2(a/c·10⁴) − log2(b/d·10⁴), a zero count taken as 0.5.
    logs = np.maximum(
        np.abs(np.log2(np.where(a == 0, 0.5, a) / cs * 1e4)),
        np.abs(np.log2(np.where(b == 0, 0.5, b) / ds * 1e4)),
    )
    gap = np.abs(keywords["log_ratio"].to_numpy() - ours["lr"])
    scale = np.finfo(float).eps * np.maximum(logs, 1.0)
    out["lr_ulps"] = float((gap / scale).max(initial=0.0))
    return out


def side_by_side(title: str, left: list[str], right: list[str], width: int = 38) -> None:
    print(f"  {title}")
    print(f"    {'conc':{width}} discourse")
    for i in range(max(len(left), len(right))):
        one = left[i] if i < len(left) else ""
        two = right[i] if i < len(right) else ""
        print(f"    {one:{width}} {two}")


def compare(copies: int, articles: pl.DataFrame, python: str, args: argparse.Namespace) -> None:
    corpus = pl.concat([articles.with_columns(pl.col("doc_id") + f"#{i}") for i in range(copies)])
    mb = float(corpus["text"].str.len_bytes().sum()) / 1e6
    print(
        f"\n== corpus: {articles.height} real articles x{copies} = {corpus.height} documents, "
        f"{mb:.1f} MB of text; keyness: {args.outlet!r} against the rest =="
    )
    started = time.perf_counter()
    theirs, tables = run_conc(python, corpus, args.outlet, args)
    print(
        f"conc {theirs['version']} (spaCy {theirs['spacy']}, blank English tokenizer): "
        f"{theirs['documents']} documents, {theirs['word_tokens']:,} word tokens "
        f"({theirs['tokens']:,} with punctuation); its side took "
        f"{time.perf_counter() - started:.0f} s"
    )

    possessives = args.possessives
    build, index = best(lambda: dc.index_corpus(corpus, possessives=possessives), 1)
    with tempfile.TemporaryDirectory() as folder:
        saved, _ = best(lambda: dc.index_corpus(corpus, path=folder, possessives=possessives), 1)
    sizes = dc.group_sizes(index, possessives=possessives)
    print(
        f"discourse {dc.__version__}: {sizes['tokens'][0]:,} tokens (possessives={possessives!r})"
    )

    calls: dict[str, Callable[[], pl.DataFrame]] = {
        "frequency": lambda: dc.term_counts(index, possessives=possessives),
        "keyness": lambda: dc.keyness(
            index, by="outlet", target=args.outlet, possessives=possessives
        ),
        "kwic": lambda: dc.kwic(index, query=args.node, possessives=possessives),
        "kwic_tokens": lambda: dc.kwic(
            index, query=args.node, window_tokens=5, possessives=possessives
        ),
        "collocations": lambda: dc.collocations(
            index, node=args.node, min_count=args.min_count, possessives=possessives
        ),
    }
    ours: dict[str, float] = {}
    results: dict[str, pl.DataFrame] = {}
    for name, call in calls.items():
        ours[name], results[name] = best(call, args.repeat)

    rows = [
        ("build (conc: build_from_csv)", theirs["build"], build, "in memory"),
        ("build + save", theirs["build"], saved, "goal: ours >= 5x faster"),
        ("frequency list (+ doc freq)", theirs["frequency"], ours["frequency"], ""),
        ("keyness, outlet vs rest", theirs["keyness"], ours["keyness"], ""),
        (f"kwic {args.node!r} (chars)", theirs["kwic"], ours["kwic"], "goal: ours <= 2x conc"),
        (f"kwic {args.node!r} (5 tokens)", theirs["kwic"], ours["kwic_tokens"], "goal: <= 2x"),
        (f"collocations {args.node!r}", theirs["collocations"], ours["collocations"], ""),
    ]
    print(f"{'question':32} {'conc s':>9} {'ours s':>9} {'conc/ours':>9}  note")
    for name, slow, fast, note in rows:
        print(f"{name:32} {slow:9.3f} {fast:9.3f} {slow / fast:8.1f}x  {note}")
    print(
        f"(conc's KWIC above returns every line; its first page of 20 lines: "
        f"{theirs['kwic_page']:.3f} s. conc's build of the target and reference corpora for "
        f"keyness: {theirs['target_build']:.1f} s + {theirs['reference_build']:.1f} s, not counted)"
    )

    print("\nresults side by side")
    freq = tables["frequency"]
    side_by_side(
        "most frequent words (n, docs)",
        [
            f"{t} {n:,} {d:,}"
            for t, n, d in freq.head(8).select("token", "frequency", "document_frequency").rows()
        ],
        [f"{t} {n:,} {d:,}" for t, n, d in results["frequency"].head(8).rows()],
    )
    theirs_kw = tables["keyness"]
    ours_kw = results["keyness"].filter(pl.col("g2") > 0)
    side_by_side(
        f"keywords of {args.outlet} (log-likelihood)",
        [f"{t} {g:.1f}" for t, g in theirs_kw.head(8).select("token", "log_likelihood").rows()],
        [f"{t} {g:.1f}" for t, g in ours_kw.head(8).select("term", "g2").rows()],
    )
    top = 50
    overlap = len(set(theirs_kw.head(top)["token"]) & set(ours_kw.head(top)["term"]))
    print(f"    (top-{top} keywords in common: {overlap})")
    kwic_lines = tables["kwic"].height
    print(
        f"  KWIC lines for {args.node!r}: conc {kwic_lines:,} (rows of its table), discourse "
        f"{results['kwic'].height:,} (chars) / {results['kwic_tokens'].height:,} (tokens)"
    )
    colloc = tables["collocations"].sort("log_likelihood", descending=True)
    side_by_side(
        f"collocates of {args.node!r} by log-likelihood (conc's 2-term, discourse's G2)",
        [f"{t} {o}" for t, o in colloc.head(8).select("token", "collocate_frequency").rows()],
        [f"{t} {o}" for t, o in results["collocations"].head(8).select("collocate", "o").rows()],
    )

    stats = shared_statistics(
        theirs_kw, theirs["word_tokens_target"], theirs["word_tokens_reference"]
    )
    print(
        f"\nshared statistics, recomputed by discourse on conc's counts ({stats['n']:,} keywords):"
    )
    for key, name, goal in [("ll", "log-likelihood vs g2_two_term", 1e-11),
                            ("lr", "Log Ratio vs log_ratio", 1e-15)]:  # fmt: skip
        met = "met" if stats[key] <= goal else "NOT met"
        print(
            f"  {name:32} max |diff| = {stats[key]:.3g} (at {stats[key + '_at']:.6g})  "
            f"issue's bound {goal:g}: {met}"
        )
    print(
        f"  Log Ratio's largest difference in eps x the logarithms conc subtracts: "
        f"{stats['lr_ulps']:.1f}"
    )
    if args.check:
        assert stats["ll"] <= 1e-11, f"log-likelihood differs by {stats['ll']}"
        # conc subtracts two logarithms of up to ~15 (one ulp there: 1.8e-15): past 1e-15 the
        # two must still agree to the rounding of that subtraction, a few eps of its operands.
        assert stats["lr"] <= 1e-15 or stats["lr_ulps"] <= 8, f"Log Ratio: {stats}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conc-python", default=os.environ.get("CONC_PYTHON"))
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 25])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--outlet", default="New York Times", help="keyness target")
    parser.add_argument("--node", default="hamas")
    parser.add_argument("--min-count", type=int, default=3, help="collocations' minimum")
    parser.add_argument("--possessives", choices=["split", "keep"], default="split")
    parser.add_argument("--no-assert", dest="check", action="store_false")
    args = parser.parse_args()
    python = conc_python(args.conc_python)
    articles = bench_kwic.real_articles()
    for copies in args.copies:
        compare(copies, articles, python, args)


if __name__ == "__main__":
    main()
