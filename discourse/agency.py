"""Who died, who killed them, and how the sentence says it: casualty agency per sentence.

Studies of war coverage (Holly Jackson on US newspapers, The Breach on Canadian ones) count
the sentences that report deaths, by the victims' side, and ask whether the sentence names who
caused them and whether it uses the passive ("were killed") or an agentless verb ("died").
:func:`agency` reads those properties off each sentence with transparent lexical and clause
rules (see :mod:`discourse._agency_rules`); :func:`mentions_per_death` normalises the counts by
casualty figures the way those studies do.

The labels describe what a sentence says, not what happened: ``agent`` is who the sentence
names as causing the casualties, ``victim`` whose casualties it reports. The two studies define
the victim's side differently (Jackson: the victims' side or where they died, reading the article
when needed; The Breach: the nationality the sentence gives them), hence ``attribution=`` and
``document=``. Accuracy against their hand labels is measured by ``benchmarks/eval_agency.py``
(2026-11-25): victim side 0.87-0.92 on the US papers read as Jackson did, 0.71-0.76 on the
Canadian ones read as The Breach did, whose outlets give the same sentence the same label only
0.78-0.82 of the time (so no reader fitted elsewhere does better; see
``benchmarks/train_victim_model.py``); agent 0.80-0.86; voice 0.90-0.97 against an automatic
tagger, 0.99-1.0 once every disagreement is judged by hand (mostly reduced passives, "people
killed in ...", which it calls active; an upper bound, as only disagreements were read). Check a
sample by hand before publishing a count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

import polars as pl

from discourse._agency_rules import Result, read
from discourse._frame import Frame, by_columns, require_columns
from discourse.errors import DiscourseError
from discourse.text import sentences

__all__ = ["agency", "casualty_sentences", "mentions_per_death"]

#: The sides a victim label counts towards: "both" is a mention of each.
_SIDES = {
    "israeli": ["israeli"],
    "palestinian": ["palestinian"],
    "both": ["israeli", "palestinian"],
}


def agency(
    frame: Frame,
    *,
    text: str = "text",
    document: str | None = None,
    title: str | None = None,
    attribution: Literal["event", "named"] = "event",
) -> pl.DataFrame:
    """Add casualty, voice, agent and victim columns to a frame of sentences.

    Parameters
    ----------
    frame
        One row per sentence (for example from :func:`discourse.text.sentences`); a LazyFrame is
        collected.
    text
        The column holding the sentence.
    document
        A column identifying each sentence's document (such as ``doc_id``), with the sentences of
        a document in reading order. When given, a casualty sentence that names no side of its
        own ("At least 40 people were killed.") takes the victim side of the nearest earlier
        sentence of the same document that names one, as a reader would. ``None`` (the default)
        reads every sentence on its own.
    title
        With ``document``: a column holding each document's headline, read as the document's
        first sentence for that purpose (a reader sees the headline first).
    attribution
        How a death is given a side, after the two studies' definitions. ``"event"`` (the
        default; Jackson's: "the victim must be Palestinian or Israeli or the death otherwise
        occurred in the West Bank, Gaza, or Israel"): by the victims, else where they died or
        who attacked, so foreign nationals killed in an attack on Israel count as Israeli deaths
        and a sentence naming only one side's forces counts its dead for the other side.
        ``"named"`` (The Breach's labels, the victims' nationality): only the side the sentence
        gives its victims, through their nationality, the place or the attacker in the same
        clause; foreign nationals count for neither side.

    Returns
    -------
    polars.DataFrame
        The input rows and columns, then:

        - ``casualty`` (Boolean): the sentence reports deaths or injuries as having happened
          ("could be killed", "threatened to kill" do not count);
        - ``verb`` (String): lemma of the first casualty verb ("kill", "die", "murder"...), null
          when only a noun ("death toll") reports the casualties;
        - ``voice`` (String): "active" or "passive", the grammatical voice of that verb
          ("died" and "Hamas killed" are active, "were killed" and "civilians killed in" passive);
        - ``agent_named`` (Boolean): the sentence names who caused the casualties;
        - ``agent`` (String): "israel", "hamas" (Hamas and other Palestinian armed groups),
          "other", or null;
        - ``victim`` (String): "israeli", "palestinian", "both" or null (no Israeli or
          Palestinian victim can be read from the sentence).

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.DataFrame({"text": ["Four villagers were killed by Israeli shelling.",
    ...                            "Hamas gunmen killed two farmers in a kibbutz.",
    ...                            "The talks resumed on Monday."]})
    >>> agency(s).select("voice", "agent", "victim").rows()
    [('passive', 'israel', 'palestinian'), ('active', 'hamas', 'israeli'), (None, None, None)]
    >>> f = pl.DataFrame({"text": ["Two Canadian women were killed at a kibbutz."]})
    >>> agency(f)["victim"].to_list(), agency(f, attribution="named")["victim"].to_list()
    (['israeli'], [None])
    """
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
    return df.with_columns(
        pl.Series("casualty", [r.casualty for r in results], dtype=pl.Boolean),
        pl.Series("verb", [r.verb for r in results], dtype=pl.String),
        pl.Series("voice", [r.voice for r in results], dtype=pl.String),
        pl.Series("agent_named", [r.agent is not None for r in results], dtype=pl.Boolean),
        pl.Series("agent", [r.agent for r in results], dtype=pl.String),
        pl.Series("victim", [r.victim for r in results], dtype=pl.String),
    )


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


def casualty_sentences(
    corpus: Frame,
    *,
    text: str = "text",
    context: bool = False,
    attribution: Literal["event", "named"] = "event",
) -> pl.DataFrame:
    """The sentences of a corpus that report casualties, with :func:`agency`'s columns.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame).
    text
        The column holding the text.
    context
        Let a sentence that names no side take the side named last in its document, or in its
        ``title`` (see ``document`` and ``title`` in :func:`agency`).
    attribution
        How a death is given a side (see :func:`agency`).

    Returns
    -------
    polars.DataFrame
        The columns of :func:`discourse.text.sentences` (``doc_id``, group columns, ``sentence``,
        ``start``, ``end``, ``text``) and of :func:`agency`, casualty rows only.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": [
    ...     "Talks resumed. Two fishermen in Gaza were killed by Israeli fire."]})
    >>> casualty_sentences(corpus).select("sentence", "voice", "agent", "victim").rows()
    [(1, 'passive', 'israel', 'palestinian')]
    """
    rows = sentences(corpus, text=text)
    if not context:
        return agency(rows, attribution=attribution).filter(pl.col("casualty"))
    names = corpus.collect_schema().names()
    if "title" not in names:
        return agency(rows, document="doc_id", attribution=attribution).filter(pl.col("casualty"))
    heads = corpus.lazy().select("doc_id", _title="title").collect()
    return (
        agency(
            rows.join(heads, on="doc_id", how="left"),
            document="doc_id",
            title="_title",
            attribution=attribution,
        )
        .drop("_title")
        .filter(pl.col("casualty"))
    )


def mentions_per_death(
    casualties: Frame,
    deaths: Frame,
    *,
    by: str | Sequence[str] | None = "outlet",
    date: str = "published",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pl.DataFrame:
    """Casualty mentions per reported death, by victim side, as Jackson and The Breach compute it.

    A sentence whose ``victim`` is "both" counts as a mention of each side. The deaths of a side
    are its cumulative toll on the last date of ``deaths`` on or before ``end`` (as both studies
    take it: the toll since the war began), less, when ``start`` is given, its toll on the last
    date before ``start``. Both studies report the inverse, ``deaths_per_mention`` (NYT, 7-18 Oct
    2023: about 4 Palestinian deaths per mention against 1 Israeli).

    Parameters
    ----------
    casualties
        One row per mention: :func:`casualty_sentences` output, or any frame with ``victim``
        ("israeli", "palestinian", "both" or null), the ``date`` column and the ``by`` columns.
    deaths
        Long cumulative tolls: ``date`` (Date), ``side`` ("israeli"/"palestinian"), ``deaths``.
    by
        Group columns of ``casualties``; every group is measured over the same period.
    date
        The Date column of ``casualties``; rows after ``end``, before ``start`` or with no date
        are not counted.
    start, end
        The period, inclusive. ``end`` defaults to the last date in ``casualties``; with no
        ``start`` every mention up to ``end`` counts against the whole toll series.

    Returns
    -------
    polars.DataFrame
        ``*by, side, mentions, deaths, mentions_per_death, deaths_per_mention`` (the last null
        when there are no mentions), one row per group and side.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> c = pl.DataFrame({"outlet": ["X", "X", "X"], "published": [date(2023, 10, 8)] * 3,
    ...                   "victim": ["israeli", "palestinian", "both"]})
    >>> d = pl.DataFrame({"date": [date(2023, 10, 8)] * 2, "side": ["israeli", "palestinian"],
    ...                   "deaths": [10, 40]})
    >>> mentions_per_death(c, d).select("side", "mentions", "deaths", "deaths_per_mention").rows()
    [('israeli', 2, 10, 5.0), ('palestinian', 2, 40, 20.0)]
    """
    keys = by_columns(by)
    frame = casualties.collect() if isinstance(casualties, pl.LazyFrame) else casualties
    tolls = deaths.collect() if isinstance(deaths, pl.LazyFrame) else deaths
    require_columns(frame, [*keys, date, "victim"], what="mentions_per_death")
    require_columns(tolls, ["date", "side", "deaths"], what="mentions_per_death (deaths)")
    last = end if end is not None else frame[date].max()
    if last is None:
        raise DiscourseError(
            f"mentions_per_death needs dates in column {date!r} or an explicit end= date."
        )
    in_period = frame.filter(pl.col(date) <= last)
    if start is not None:
        in_period = in_period.filter(pl.col(date) >= start)
    mentions = (
        in_period.with_columns(side=pl.col("victim").replace_strict(_SIDES, default=[]))
        .explode("side")
        .filter(pl.col("side").is_not_null())
        .group_by([*keys, "side"])
        .len("mentions")
    )
    at_end = _last_toll(tolls.filter(pl.col("date") <= last), "at_end")
    before = _last_toll(tolls.filter(pl.col("date") < (start or dt.date.min)), "before")
    period_deaths = at_end.join(before, on="side", how="left").select(
        "side", deaths=pl.col("at_end") - pl.col("before").fill_null(0)
    )
    grid = pl.DataFrame({"side": ["israeli", "palestinian"]})
    if keys:
        grid = frame.select(keys).unique().join(grid, how="cross")
    return (
        grid.join(mentions, on=[*keys, "side"], how="left", nulls_equal=True)
        .join(period_deaths, on="side", how="left")
        .with_columns(pl.col("mentions").fill_null(0).cast(pl.Int64))
        .with_columns(
            mentions_per_death=pl.col("mentions") / pl.col("deaths"),
            deaths_per_mention=pl.when(pl.col("mentions") > 0).then(
                pl.col("deaths") / pl.col("mentions")
            ),
        )
        .sort([*keys, "side"])
    )


def _last_toll(tolls: pl.DataFrame, name: str) -> pl.DataFrame:
    """Each side's cumulative toll on the latest date of ``tolls``."""
    return tolls.sort("date").group_by("side").agg(pl.col("deaths").last().alias(name))
