"""A :class:`~discourse.corpus.indexing.CorpusIndex` given to the functions that work on the text
itself: :func:`~discourse.sentences`, :func:`~discourse.tokens`,
:func:`~discourse.anchored_ngrams` and :func:`~discourse.same_story`.

They need what the index does not store: character offsets (sentences, tokens, and the hits that
anchored n-grams place among the tokens) or word hashes of the raw text (same_story's shingles
fold case and punctuation differently from the index's tokens). The index keeps every column of
the corpus, its text included, so these functions run on that kept corpus and give exactly what
they give on the corpus. A function with ``possessives=`` first checks that the index was built
with the same option, as the index's counters do, so that one index never answers for two token
options.
"""

from __future__ import annotations

import polars as pl

from discourse._typing import Possessives
from discourse.corpus.indexing import CorpusIndex


def text_of(
    index: CorpusIndex, *, what: str, possessives: Possessives | None = None
) -> pl.LazyFrame:
    """The indexed corpus (every column, in corpus order), for ``what`` to work on its text.

    ``possessives`` is the option ``what`` was called with, checked against the index's own;
    ``None`` for a function without that option.
    """
    if possessives is not None:
        index.require(possessives, what=what)
    return index.corpus()
