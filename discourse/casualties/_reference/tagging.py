"""``discourse.agency`` as it was before the fast path (issue 16), kept as the reference.

Used only by tests (``tests/test_agency_fast.py``) and ``benchmarks/bench_targets_agency.py`` to
check that :func:`discourse.casualties.tagging.agency` gives identical labels, row for row. This
package holds frozen copies of ``tagging.agency``, ``_rules``, ``_cues`` and ``_verbs``; the word
lists of :mod:`discourse.casualties._words` are shared. Do not change it: it is the contract the
fast path is held to.
"""

from __future__ import annotations

import polars as pl

from discourse._typing import Attribution, Frame
from discourse.casualties._reference._rules import Result, read
from discourse.corpus._frame import require_columns
from discourse.errors import DiscourseError

__all__ = ["agency"]


def agency(
    frame: Frame,
    *,
    text: str = "text",
    document: str | None = None,
    title: str | None = None,
    attribution: Attribution = "event",
) -> pl.DataFrame:
    """The frozen :func:`discourse.agency` (see the module docstring)."""
    if attribution not in ("event", "named"):
        raise DiscourseError(f"attribution must be 'event' or 'named', not {attribution!r}.")
    df = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    needed = [text, *([document] if document else []), *([title] if document and title else [])]
    require_columns(df, needed, what="agency")
    readings = [
        read(s or "", hint=document is not None, named=attribution == "named")
        for s in df[text].to_list()
    ]
    results = [r.result for r in readings]
    if document is not None:
        heads = df[title].to_list() if title else [None] * df.height
        results = _carry_sides(
            results,
            [r.hint for r in readings],
            df[document].to_list(),
            heads,
            attribution == "named",
        )
    forms = [_passive_form(r.voice, d.bare) for r, d in zip(results, readings, strict=True)]
    return df.with_columns(
        pl.Series("casualty", [r.casualty for r in results], dtype=pl.Boolean),
        pl.Series("verb", [r.verb for r in results], dtype=pl.String),
        pl.Series("voice", [r.voice for r in results], dtype=pl.String),
        pl.Series("passive_form", forms, dtype=pl.String),
        pl.Series("agent_named", [r.agent is not None for r in results], dtype=pl.Boolean),
        pl.Series("agent", [r.agent for r in results], dtype=pl.String),
        pl.Series("victim", [r.victim for r in results], dtype=pl.String),
    )


def _passive_form(voice: str | None, bare: bool) -> str | None:
    if voice != "passive":
        return None
    return "reduced" if bare else "auxiliary"


def _carry_sides(
    results: list[Result],
    hints: list[str | None],
    documents: list[object],
    titles: list[str | None],
    named: bool,
) -> list[Result]:
    """Give side-less casualty sentences the side last named earlier in the same document,
    starting from the side its title names."""
    last: dict[object, str | None] = {}
    out = []
    for result, hint, doc, head in zip(results, hints, documents, titles, strict=True):
        if doc not in last:
            last[doc] = read(head, named=named).hint if head else None
        if result.casualty and result.victim is None and result.open:
            result = result._replace(victim=last[doc])
        if hint is not None:
            last[doc] = hint
        out.append(result)
    return out
