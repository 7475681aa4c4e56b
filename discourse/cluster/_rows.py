"""Results with a row per document, sentence or mention, on a Dask DataFrame.

A document never spans partitions, so each partition runs the in-memory function on its own
documents and the result stays partitioned on the workers: a Dask DataFrame of the rows the
in-memory call returns, in the same order (``.compute()`` then ``polars.from_pandas`` gives that
frame). Write it with ``to_parquet`` or reduce it further; nothing is collected to the client.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dask.dataframe as dd
import polars as pl

from discourse._typing import Attribution, SentimentMethod
from discourse.casualties import tagging as _tagging
from discourse.cluster._engine import map_rows, not_distributed, require
from discourse.errors import NotApplicableError
from discourse.text.segments import sentences
from discourse.tone import scoring as _scoring


def sentiment(
    frame: dd.DataFrame,
    *,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    text: str = "text",
    workers: int | None = None,
    progress: bool | None = None,
) -> Any:
    """:func:`discourse.sentiment` per partition; the Dask workers are the parallelism, so
    ``workers`` and ``progress`` do not apply (each partition is scored in its worker)."""
    require(frame, [text], what="sentiment()")
    _scoring._validate_methods(methods)
    return map_rows(
        frame,
        lambda part: _scoring.sentiment(
            part, methods=methods, text=text, workers=1, progress=False
        ),
    )


def sentence_sentiment(
    corpus: dd.DataFrame,
    *,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    workers: int | None = None,
    progress: bool | None = None,
    sample: int | None = None,
    by: Any = None,
    seed: int = 0,
) -> Any:
    """:func:`discourse.sentence_sentiment` per partition (``sample=`` excepted)."""
    if sample is not None:
        raise not_distributed(
            "sentence_sentiment",
            "sample= (one seeded draw over every sentence of the corpus)",
            "score every sentence (sample=None) and sample the scored rows, or sample the "
            "corpus in memory",
        )
    require(corpus, ["doc_id", "text"], what="sentence_sentiment")
    _scoring._validate_methods(methods)
    return map_rows(
        corpus,
        lambda part: _scoring.sentence_sentiment(part, methods=methods, workers=1, progress=False),
    )


def document_sentiment(
    corpus: dd.DataFrame,
    *,
    methods: Sequence[SentimentMethod] = ("vader", "textblob"),
    workers: int | None = None,
    progress: bool | None = None,
) -> Any:
    """:func:`discourse.document_sentiment` per partition: a document's sentences are all in
    its partition, so each mean is the in-memory mean."""
    require(corpus, ["doc_id", "text"], what="document_sentiment")
    _scoring._validate_methods(methods)
    return map_rows(
        corpus,
        lambda part: _scoring.document_sentiment(part, methods=methods, workers=1, progress=False),
    )


def agency(
    frame: dd.DataFrame,
    *,
    text: str = "text",
    document: str | None = None,
    title: str | None = None,
    attribution: Attribution = "event",
) -> Any:
    """:func:`discourse.agency` per partition of a frame of sentences (``document=`` excepted:
    a partition boundary may cut a document's sentences apart)."""
    if document is not None:
        raise not_distributed(
            "agency",
            "document= (a document's sentences may lie in two partitions)",
            "pass the corpus to discourse.casualty_sentences(corpus, context=True), which "
            "keeps each document in one partition",
        )
    require(frame, [text], what="agency")
    return map_rows(frame, lambda part: _tagging.agency(part, text=text, attribution=attribution))


def casualty_sentences(
    corpus: dd.DataFrame,
    *,
    text: str = "text",
    context: bool = False,
    attribution: Attribution = "event",
) -> Any:
    """:func:`discourse.casualty_sentences` per partition. A partition without a casualty
    sentence gives no rows; a corpus without any gives an empty frame (the in-memory call's
    NotApplicableError needs the whole corpus seen first)."""
    require(corpus, ["doc_id", text], what="casualty_sentences")

    def found(part: pl.DataFrame) -> pl.DataFrame:
        try:
            return _tagging.casualty_sentences(
                part, text=text, context=context, attribution=attribution
            )
        except NotApplicableError:
            rows = sentences(part.clear(), text=text)
            return _tagging.agency(rows, attribution=attribution).clear()

    return map_rows(corpus, found)
