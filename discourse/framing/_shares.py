"""Shares of labels within label sets per group, and the tests of whether groups differ.

The public functions, with their documentation, are in :mod:`~discourse.framing.labels`; these take
the mentions already found.
"""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl

from discourse.errors import DiscourseError, NotApplicableError
from discourse.framing.lexicon import Lexicon
from discourse.stats.formulas import g2, log_ratio
from discourse.stats.inference import Correction, adjust_p, p_value, wilson_interval

_ALL = "_all"


def _grouped(frame: pl.DataFrame, keys: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """``frame`` with a constant grouping column when ``keys`` is empty (``by=None``)."""
    if keys:
        return frame, keys
    return frame.with_columns(pl.lit("all").alias(_ALL)), [_ALL]


def _labels(lexicon: Lexicon) -> pl.DataFrame:
    return pl.DataFrame(
        [(s.name, label.name) for s in lexicon.label_sets for label in s.labels],
        schema={"label_set": pl.String, "label": pl.String},
        orient="row",
    ).with_row_index("_label_order")


def shares(
    corpus: pl.DataFrame,
    mentions: pl.DataFrame,
    lexicon: Lexicon,
    keys: list[str],
    *,
    include_quoted: bool,
) -> pl.DataFrame:
    """Every group × label, zero counts included; see :func:`discourse.label_shares`."""
    unknown = mentions.join(_labels(lexicon), on=["label_set", "label"], how="anti")
    if unknown.height:
        first = unknown.row(0, named=True)
        raise DiscourseError(
            f"the mentions contain label {first['label_set']}.{first['label']}, which the lexicon "
            "lacks; pass the lexicon the mentions were found with as lexicon=."
        )
    documents, counts = tally(corpus, mentions, keys, include_quoted=include_quoted)
    return table(documents, counts, lexicon, keys)


def tally(
    corpus: pl.DataFrame, mentions: pl.DataFrame, keys: list[str], *, include_quoted: bool
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Documents per group (``_documents``), and ``n``, ``quoted`` and ``docs`` per group and
    label (mentioned ones only); the group is ``_all`` when ``keys`` is empty. Tables of
    disjoint sets of documents add up to that of their union."""
    corpus, group = _grouped(corpus, keys)
    mentions, _ = _grouped(mentions, keys)
    if not include_quoted:
        mentions = mentions.filter(~pl.col("quoted"))
    documents = corpus.group_by(group).agg(pl.len().cast(pl.Int64).alias("_documents"))
    counts = mentions.group_by(*group, "label_set", "label").agg(
        pl.len().cast(pl.Int64).alias("n"),
        pl.col("quoted").sum().cast(pl.Int64).alias("quoted"),
        pl.col("doc_id").n_unique().cast(pl.Int64).alias("docs"),
    )
    return documents, counts


def table(
    documents: pl.DataFrame, counts: pl.DataFrame, lexicon: Lexicon, keys: list[str]
) -> pl.DataFrame:
    """The frame of :func:`discourse.label_shares` from the tables of :func:`tally`."""
    group = keys or [_ALL]
    table = (
        documents.join(_labels(lexicon), how="cross")
        # A missing group value (no outlet) is a group too.
        .join(counts, on=[*group, "label_set", "label"], how="left", nulls_equal=True)
        .with_columns(pl.col("n", "quoted", "docs").fill_null(0).cast(pl.Int64))
        .with_columns(pl.col("n").sum().over(*group, "label_set").alias("set_n"))
    )
    low, high = wilson_interval(pl.col("n"), pl.col("set_n"))
    defined = pl.col("set_n") > 0
    table = table.with_columns(
        pl.when(defined).then(pl.col("n") / pl.col("set_n")).alias("share"),
        pl.when(defined).then(low).alias("ci_low"),
        pl.when(defined).then(high).alias("ci_high"),
        (pl.col("docs") / pl.col("_documents")).alias("doc_share"),
    ).sort(*group, "_label_order")
    columns = [
        "label_set",
        "label",
        "n",
        "set_n",
        "share",
        "ci_low",
        "ci_high",
        "quoted",
        "docs",
        "doc_share",
    ]
    return table.select(*keys, *columns)


def no_hit_message(documents: int) -> str:
    """Why there are no label shares when no phrase of the lexicon occurs in the corpus."""
    what = "one document" if documents == 1 else f"{documents:,} documents"
    return (
        f"No phrase of the lexicon occurs in this corpus ({what}), so there are no label shares "
        "to compare; check that the texts are in the lexicon's language (English), or pass a "
        "lexicon with phrases this corpus uses (lexicon=, or DISCOURSE_LEXICON for the notebooks)."
    )


def undated_message(documents: int) -> str:
    """Why there are no shares over time when no document has a date."""
    what = "the one document has" if documents == 1 else f"none of the {documents:,} documents has"
    return (
        f"Shares over time need dates, and {what} one; give the documents a date "
        "(a published: line in the front matter, or mapping={'date': <column>} for a table)."
    )


def over_time(
    corpus: pl.DataFrame,
    mentions: pl.DataFrame,
    periods: pl.DataFrame,
    lexicon: Lexicon,
    keys: list[str],
    *,
    every: str,
    label_set: str | None,
    include_quoted: bool,
) -> pl.DataFrame:
    """:func:`shares` per group and period of the dated documents; see
    :func:`discourse.label_shares_over_time`. ``periods`` has ``doc_id`` and ``every``."""
    dated = periods.drop_nulls(every)
    if dated.height == 0:
        raise NotApplicableError(undated_message(corpus.height))
    corpus = corpus.drop(every, strict=False).join(dated, on="doc_id", maintain_order="left")
    mentions = mentions.drop(every, strict=False).join(dated, on="doc_id", maintain_order="left")
    counted = mentions if label_set is None else mentions.filter(label_set=label_set)
    if not include_quoted:
        counted = counted.filter(~pl.col("quoted"))
    require_spans(counted.get_column(every).unique().sort(), dated.height, every, label_set)
    table = shares(corpus, mentions, lexicon, [*keys, every], include_quoted=include_quoted)
    return table if label_set is None else table.filter(label_set=label_set)


def require_spans(spans: pl.Series, dated: int, every: str, label_set: str | None) -> None:
    """Raise unless the counted mentions of the ``dated`` documents fall in two periods."""
    what = "the lexicon's phrases" if label_set is None else f"the label set {label_set!r}"
    if spans.len() == 0:
        raise NotApplicableError(
            f"None of the {dated:,} dated documents mentions {what}, so there are no "
            "shares over time; the documents with mentions need a date."
        )
    if spans.len() == 1:
        other = "" if every == "week" else ", or use every='week'"
        raise NotApplicableError(
            f"All mentions of {what} in dated documents fall in one {every} (that of "
            f"{spans[0]}), so there is no change over time to show; add documents from other "
            f"{every}s{other}."
        )


def _name(row: tuple[object, ...]) -> str:
    return ", ".join("(none)" if v is None else str(v) for v in row)


def require_two_groups(table: pl.DataFrame, keys: list[str], *, what: str) -> None:
    """Raise :class:`NotApplicableError` unless two groups of ``table`` mention some label."""
    if not keys:
        raise NotApplicableError(
            f"{what} compares groups, and by=None puts every document in one; "
            'pass by="outlet" or another column.'
        )
    one, many = ("outlet", "outlets") if keys == ["outlet"] else ("group", f"groups of {keys}")
    groups = table.select(keys).unique(maintain_order=True).rows()
    if len(groups) < 2:
        named = f" ({_name(groups[0])})" if groups else ""
        raise NotApplicableError(
            f"{what} compares {many}, and this corpus has {len(groups) or 'no'} {one}{named}; "
            f"add documents from another {one}, or compare by another column with by=..."
        )
    using = table.filter(pl.col("set_n") > 0).select(keys).unique(maintain_order=True).rows()
    if len(using) < 2:
        named = f" ({_name(using[0])})" if using else ""
        raise NotApplicableError(
            f"{what} compares {many}, and only {len(using) or 'none'} of the {len(groups)}{named} "
            f"uses a phrase of the lexicon; add documents in which another {one} designates "
            "these referents."
        )


def independence(table: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """χ² test per label set on the groups × labels table of :func:`shares`."""
    require_two_groups(table, keys, what="The χ² test")
    group = keys
    rows: list[tuple[object, ...]] = []
    for (name,), part in table.group_by("label_set", maintain_order=True):
        wide = part.pivot("label", index=group, values="n", aggregate_function="sum")
        counts = wide.drop(group).to_numpy().astype(np.float64)
        counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
        n = int(counts.sum())
        r, c = counts.shape
        if r < 2 or c < 2:
            rows.append((name, n, r, c, None, None, None, None, None))
            continue
        from scipy.stats import chi2_contingency  # imported here: scipy.stats takes a second

        result = chi2_contingency(counts, correction=False)
        chi2 = float(result.statistic)
        rows.append(
            (
                name,
                n,
                r,
                c,
                chi2,
                int(result.dof),
                float(p_value(chi2, df=result.dof)),
                float(np.sqrt(chi2 / (n * (min(r, c) - 1)))),
                float(result.expected_freq.min()),
            )
        )
    schema = {
        "label_set": pl.String,
        "n": pl.Int64,
        "groups": pl.Int64,
        "labels": pl.Int64,
        "chi2": pl.Float64,
        "dof": pl.Int64,
        "p": pl.Float64,
        "cramers_v": pl.Float64,
        "min_expected": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def pairwise(table: pl.DataFrame, keys: list[str], correction: Correction) -> pl.DataFrame:
    """Each label, each pair of groups: a 2 × 2 G² test of the label against the rest of its set."""
    require_two_groups(table, keys, what="label_pairwise")
    group = keys
    groups = table.select(group).unique(maintain_order=True)
    pairs = [(a, b) for a, b in itertools.combinations(groups.rows(), 2)]
    schema = {k: table.schema[k] for k in group}
    left = pl.DataFrame([a for a, _ in pairs], schema=schema, orient="row")
    right = pl.DataFrame([b for _, b in pairs], schema=schema, orient="row")
    pair_frame = pl.concat(
        [left.rename({k: f"{k}_a" for k in group}), right.rename({k: f"{k}_b" for k in group})],
        how="horizontal",
    ).with_row_index("_pair")
    labels = table.select("label_set", "label").unique(maintain_order=True).with_row_index("_label")
    renamed = [*group, "n", "set_n", "share"]
    sides = [
        table.select(*group, "label_set", "label", "n", "set_n", "share").rename(
            {k: f"{k}_{side}" for k in renamed}
        )
        for side in ("a", "b")
    ]
    out = (
        labels.join(pair_frame, how="cross")
        .join(sides[0], on=[*(f"{k}_a" for k in group), "label_set", "label"], nulls_equal=True)
        .join(sides[1], on=[*(f"{k}_b" for k in group), "label_set", "label"], nulls_equal=True)
        .sort("_label", "_pair")
    )
    tested = (pl.col("set_n_a") > 0) & (pl.col("set_n_b") > 0)
    a, b, c, d = (pl.col(k) for k in ("n_a", "n_b", "set_n_a", "set_n_b"))
    statistic = g2(a, b, c, d)
    out = out.with_columns(
        pl.when(tested).then(log_ratio(a, b, c, d)).alias("log_ratio"),
        pl.when(tested).then(statistic).alias("g2"),
    ).with_columns(p_value(pl.col("g2")).alias("p"))
    out = out.with_columns(
        adjust_p(pl.col("p"), method=correction).over("label_set").alias("p_adjusted"),
        pl.lit(correction).alias("correction"),
    )
    order = [*(f"{k}_a" for k in keys), *(f"{k}_b" for k in keys)]
    return out.select(
        "label_set",
        "label",
        *order,
        "n_a",
        "set_n_a",
        "share_a",
        "n_b",
        "set_n_b",
        "share_b",
        "log_ratio",
        "g2",
        "p",
        "p_adjusted",
        "correction",
    )
