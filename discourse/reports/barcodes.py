"""Barcode plots: where each hit of a query falls in each document or group, as AntConc's
concordance plot draws them."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import polars as pl
from matplotlib.figure import Figure

from discourse._typing import By, Frame
from discourse.corpus._frame import by_columns, require_columns
from discourse.corpus._indexed import IndexText, is_index
from discourse.reports._plotting import add_notes, empty_figure, figure, largest, plural
from discourse.terms._hits import find_hits, finder

__all__ = ["plot_dispersion"]

_NAMED = 5  # terms of a list named in the default title


def plot_dispersion(
    corpus: Frame,
    *,
    query: str | Iterable[str],
    by: By = None,
    regex: bool = False,
    max_rows: int | None = 30,
    title: str | None = None,
) -> Figure:
    """Draw where each hit of ``query`` falls, one barcode per document or per group: a tick
    at each hit's position from the start (0) to the end (1) of the text.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with ``doc_id``, ``text`` and the ``by`` columns, or a
        :class:`~discourse.CorpusIndex` of one (:func:`~discourse.index_corpus`): the same
        figure, its hits found on the index.
    query
        A term or list of terms in the :mod:`discourse.text.matching` syntax, or one regular
        expression with ``regex=True`` (as :func:`~discourse.kwic` takes them).
    by
        ``None`` (the default): one row per document with a hit, as AntConc plots each file.
        A column or columns: one row per group, every group drawn, its documents laid end to
        end in corpus order.
    regex
        Take ``query`` as a regular expression.
    max_rows
        Draw the documents or groups with the most hits, at most this many (``None`` for all);
        the figure says when it leaves some out.
    title
        Replaces the default title, which names the query (the first five terms of a longer
        list, and how many more).

    Returns
    -------
    matplotlib.figure.Figure
        One axis: a row per document (its ``doc_id``) or group, labelled with its number of
        hits, rows in order of their labels; a tick per hit at its start's character offset
        over the length of the text (of the group's texts, with ``by``). Without any hit, a
        figure that says so.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                        "text": ["Hamas said. " * 3, "Nothing here, then Hamas."]})
    >>> fig = plot_dispersion(corpus, query="Hamas", by="outlet")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['X (3 hits)', 'Y (1 hit)']
    >>> [round(float(line[0, 0]), 2) for line in fig.axes[0].collections[1].get_segments()]
    [0.0, 0.33, 0.67]
    """
    keys = by_columns(by)
    source = corpus.corpus() if is_index(corpus) else corpus
    require_columns(source, ["doc_id", "text", *keys], what="plot_dispersion")
    if not isinstance(query, str):
        query = [str(t) for t in query]  # read once (an iterator), named and searched
    terms = [query] if isinstance(query, str) else query
    # A long list of terms (a notebook's distinctive terms) is named by its first few, so that
    # the title stays within the figure's width instead of widening and shrinking the figure.
    shown = ", ".join(terms[:_NAMED])
    if len(terms) > _NAMED:
        shown += f" and {len(terms) - _NAMED} more"
    noun = "document" if not keys else " × ".join(keys)
    title = title or "\n".join(textwrap.wrap(f"Where “{shown}” falls in each {noun}", 90))
    label = (
        pl.concat_str(
            [pl.col(k).cast(pl.String).fill_null("(none)") for k in keys], separator=" · "
        )
        if keys
        else pl.col("doc_id").cast(pl.String)
    )
    # Each document's length and offset in its row of the plot (``_label``).
    docs = (
        source.lazy()
        .select(
            label.alias("_label"),
            pl.col("text").fill_null("").str.len_chars().cast(pl.Int64).alias("_length"),
        )
        .with_row_index("_doc")
        .with_columns(
            (pl.col("_length").cum_sum() - pl.col("_length")).over("_label").alias("_offset"),
            pl.col("_length").sum().over("_label").alias("_total"),
        )
        .collect()
    )
    # The hits' offsets alone (kwic's lines without their text): on the index's tokens where
    # the query allows, else in the texts; ``_row`` is the document's place in the corpus.
    found = finder(query, regex=regex, what="plot_dispersion")
    if is_index(corpus):
        hits = IndexText(corpus, corpus.possessives).hits(found)
    else:
        hits = find_hits(source.lazy().select("text").collect()["text"].to_list(), found)
    placed = (
        docs.join(
            hits.select(pl.col("_row").cast(pl.UInt32).alias("_doc"), "start"),
            on="_doc",
            how="inner",
            maintain_order="right",
        )
        .with_columns(((pl.col("_offset") + pl.col("start")) / pl.col("_total")).alias("_x"))
        .rename({"_label": "_row"})
    )
    if placed.is_empty():
        return empty_figure(f"No hit of “{shown}” in the corpus.", title=title)
    counted = placed.group_by("_row").agg(pl.len().alias("_hits"))
    if keys:
        every = docs.unique("_label").select(pl.col("_label").alias("_row"))
        counted = every.join(counted, on="_row", how="left").fill_null(0)
    counted, names, total = largest(
        counted.rename({"_row": "row"}), "row", max_rows, weight="_hits"
    )
    hits_of = dict(counted.select("row", "_hits").iter_rows())
    fig = figure(9.0, 1.2 + 0.32 * len(names))
    ax = fig.subplots()
    ax.set_xlim(0, 1)
    ax.set_ylim(len(names) - 0.5, -0.5)
    for i, name in enumerate(names):
        xs = placed.filter(pl.col("_row") == name)["_x"].to_list()
        ax.hlines(i, 0, 1, color="0.85", linewidth=0.6)
        ax.vlines(xs, i - 0.4, i + 0.4, color="#0072B2", linewidth=0.9)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([f"{n} ({hits_of[n]:,} hit{'' if hits_of[n] == 1 else 's'})" for n in names])
    ax.set_xlabel("position in the text (0 = start, 1 = end)")
    ax.set_title(title)
    left_out = (
        f"Showing the {len(names)} of {total:,} {plural(noun)} with most hits."
        if len(names) < total
        else ""
    )
    add_notes(fig, [left_out])
    return fig
