"""The type aliases of the API grammar, shared by every subpackage.

A repeated choice is written once here, so that ``by``, a frame argument or a period means the
same in every function (``tests/test_grammar.py`` checks the signatures against them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, TypeAlias

import polars as pl

#: A corpus or long table, eager or lazy: every function taking a frame takes either.
Frame: TypeAlias = pl.DataFrame | pl.LazyFrame

#: Grouping columns. ``None`` (the default everywhere) is the whole input as one group.
By: TypeAlias = str | Sequence[str] | None

#: Stopwords to drop: NLTK's English list, your own words, or none.
Stopwords: TypeAlias = Literal["english"] | Iterable[str] | None

#: Calendar periods for dated documents (weeks start on Monday).
Period: TypeAlias = Literal["week", "month"]

#: Calendar periods, days included, for counting documents over time.
Every: TypeAlias = Literal["day", "week", "month"]

#: Multiple-comparison corrections of p-values.
Correction: TypeAlias = Literal["bonferroni", "holm", "fdr_bh", "none"]

#: How copies are left out of counts: verbatim republications, each story once per outlet, or
#: each story once in the corpus.
DedupeMode: TypeAlias = Literal["verbatim", "story_per_outlet", "story"]

#: Who a casualty sentence blames: the event as reported, or only a named actor.
Attribution: TypeAlias = Literal["event", "named"]

#: The sentiment lexicons.
SentimentMethod: TypeAlias = Literal["vader", "textblob"]

#: How a possessive clitic counts: "split" makes "Israel's" the token "israel" plus the clitic
#: "'s" (Penn Treebank, Sketch Engine, AntConc); "keep" leaves "israel's" one token (quanteda).
Possessives: TypeAlias = Literal["split", "keep"]
