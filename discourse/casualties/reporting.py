"""Who died, who killed them, and how the sentence says it: casualty agency per sentence.

Studies of war coverage (Holly Jackson on US newspapers, The Breach on Canadian ones) count
the sentences that report deaths, by the victims' side, and ask whether the sentence names who
caused them and whether it uses the passive ("were killed") or an agentless verb ("died").
:func:`agency` reads those properties off each sentence with transparent lexical and clause
rules (see :mod:`discourse.casualties._rules`); :func:`voice_shares` summarises voice under both
conventions for reduced passives ("29 staff killed"), and :func:`mentions_per_death` normalises
the counts by casualty figures over the corpus's period, as those studies do (see
``docs/casualties.md``).

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
from typing import Literal, cast

import polars as pl

from discourse.casualties._rules import Result, read
from discourse.corpus._frame import Frame, by_columns, require_columns
from discourse.errors import DiscourseError, NotApplicableError
from discourse.text.segments import sentences

__all__ = ["agency", "casualty_sentences", "mentions_per_death", "voice_shares"]

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
        One row per sentence (for example from :func:`discourse.sentences`); a LazyFrame is
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
        - ``passive_form`` (String): for a passive, "auxiliary" (a form of *be* or *get* before
          the participle: "were killed", "have been killed", "got shot") or "reduced" (a bare
          participle: "29 staff killed", "those killed in the strike"); null otherwise. Studies
          that count only auxiliary passives call the reduced ones active (see
          :func:`voice_shares` and ``docs/casualties.md``);
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
    >>> r = pl.DataFrame({"text": ["Nine guards were killed.", "Nine guards killed in a raid."]})
    >>> agency(r).select("voice", "passive_form").rows()
    [('passive', 'auxiliary'), ('passive', 'reduced')]
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
        The columns of :func:`discourse.sentences` (``doc_id``, group columns, ``sentence``,
        ``start``, ``end``, ``text``) and of :func:`agency`, casualty rows only.

    Raises
    ------
    NotApplicableError
        No sentence of the corpus reports a casualty.

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
        found = agency(rows, attribution=attribution).filter(pl.col("casualty"))
    elif "title" not in corpus.collect_schema().names():
        found = agency(rows, document="doc_id", attribution=attribution).filter(pl.col("casualty"))
    else:
        heads = corpus.lazy().select("doc_id", _title="title").collect()
        found = (
            agency(
                rows.join(heads, on="doc_id", how="left"),
                document="doc_id",
                title="_title",
                attribution=attribution,
            )
            .drop("_title")
            .filter(pl.col("casualty"))
        )
    if found.is_empty():
        documents = corpus.lazy().select(pl.len()).collect().item()
        raise NotApplicableError(
            f"No sentence of the {documents} document(s) reports a death or an injury (a verb "
            "such as 'killed' or 'died', or a noun such as 'death toll'), so there is no "
            "casualty reporting to examine; this needs coverage that reports casualties."
        )
    return found


def voice_shares(
    casualties: Frame,
    *,
    by: str | Sequence[str] | None = ("outlet", "victim"),
    top: int | None = None,
) -> pl.DataFrame:
    """Shares of casualty sentences in each voice, under both conventions for reduced passives.

    Studies disagree on "29 staff killed" and "those killed in the strike": counted as passive
    (their grammar: a participle with an implied *be*), or, as Jackson's automatic tagger does,
    only auxiliary passives ("were killed", "have been killed") count and the rest is active.
    ``passive`` and ``active`` follow the first convention, ``passive_auxiliary`` and
    ``active_or_reduced`` the second; each pair leaves out the sentences with no voice (only a
    noun, "death toll", reports the casualties). ``agent_named`` does not depend on either.

    Parameters
    ----------
    casualties
        :func:`casualty_sentences` output, or any frame with :func:`agency`'s ``voice``,
        ``passive_form`` and ``agent_named`` columns and the ``by`` columns.
    by
        Group columns.
    top
        Keep only the ``top`` values of the first ``by`` column with the most sentences (ties
        by value), for a figure with one row per value; ``None`` keeps all.

    Returns
    -------
    polars.DataFrame
        ``*by, sentences, passive, active, passive_auxiliary, active_or_reduced, agent_named``:
        a count, then shares of ``sentences``; one row per group, sorted by ``by`` (nulls last).

    Raises
    ------
    NotApplicableError
        ``casualties`` has no rows.

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.DataFrame({"voice": ["passive", "passive", "active", None],
    ...                   "passive_form": ["auxiliary", "reduced", None, None],
    ...                   "agent_named": [False, False, True, False]})
    >>> voice_shares(s, by=None).rows()
    [(4, 0.5, 0.25, 0.25, 0.5, 0.25)]
    """
    keys = by_columns(by)
    frame = casualties.collect() if isinstance(casualties, pl.LazyFrame) else casualties
    require_columns(frame, [*keys, "voice", "passive_form", "agent_named"], what="voice_shares")
    if frame.is_empty():
        raise NotApplicableError(
            "There are no casualty sentences to summarise (this corpus has none, or none of "
            "the kind selected, such as sentences naming the victims' side); coverage that "
            "reports deaths would have them."
        )
    if top is not None and keys:
        largest = (
            frame.group_by(keys[0])
            .len()
            .sort(["len", keys[0]], descending=[True, False], nulls_last=True)
            .head(top)
        )
        frame = frame.join(largest.select(keys[0]), on=keys[0], how="semi", nulls_equal=True)
    voice, form = pl.col("voice"), pl.col("passive_form")
    shares = [
        (voice == "passive").alias("passive"),
        (voice == "active").alias("active"),
        (form == "auxiliary").alias("passive_auxiliary"),
        ((voice == "active") | (form == "reduced")).alias("active_or_reduced"),
        pl.col("agent_named"),
    ]
    aggregations = [pl.len().cast(pl.Int64).alias("sentences")] + [
        share.fill_null(False).mean() for share in shares
    ]
    if not keys:
        return frame.select(aggregations)
    return frame.group_by(keys).agg(aggregations).sort(keys, nulls_last=True)


def mentions_per_death(
    casualties: Frame,
    deaths: Frame,
    *,
    by: str | Sequence[str] | None = "outlet",
    date: str = "published",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pl.DataFrame:
    """Casualty mentions per reported death, by victim side, over the period the mentions cover.

    The period runs from ``start`` to ``end``, by default the first and last dates of the
    mentions, narrowed to the dates of the toll series. Mentions dated outside it, or undated,
    are not counted and are reported in ``outside_period``. A sentence whose ``victim`` is
    "both" counts as a mention of each side.

    The deaths of a side are its cumulative toll on the last date of ``deaths`` on or before
    the period's end (the latest with a figure for that side). This is what Jackson and The
    Breach did: their periods begin on 7 October 2023, when the war began, so the toll at the
    end is the toll of the period. When ``start`` is given, the toll on the last date before it
    is subtracted, so that only deaths reported during the period count. Both studies report
    ``deaths_per_mention`` (NYT, 7-18 Oct 2023: about 4 Palestinian deaths per mention against
    1 Israeli). See ``docs/casualties.md``.

    Parameters
    ----------
    casualties
        One row per mention: :func:`casualty_sentences` output, or any frame with ``victim``
        ("israeli", "palestinian", "both" or null), the ``date`` column and the ``by`` columns.
    deaths
        Long cumulative tolls: ``date`` (Date), ``side`` ("israeli"/"palestinian"), ``deaths``
        (rows with a null date or null deaths are ignored).
    by
        Group columns of ``casualties``; every group is measured over the same period.
    date
        The Date (or Datetime) column of ``casualties``.
    start, end
        The period, inclusive; see above.

    Returns
    -------
    polars.DataFrame
        ``*by, side, start, end, mentions, outside_period, deaths, mentions_per_death,
        deaths_per_mention``, one row per group and side, sorted by them. ``start`` and ``end``
        are the period counted (the same on every row); ``outside_period`` counts the group's
        mentions of that side left out (undated, or dated outside the period or the tolls).
        The two rates are null when ``deaths`` is not positive (a toll revised down within the
        period); ``deaths_per_mention`` also when there are no mentions.

    Raises
    ------
    NotApplicableError
        No mention has a date, or none is dated within the period and the toll series.

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
    require_columns(frame, [*keys, "victim"], what="mentions_per_death")
    require_columns(tolls, ["date", "side", "deaths"], what="mentions_per_death (deaths)")
    if date not in frame.columns:
        raise NotApplicableError(
            f"Mentions per death need each mention's date, and the casualty mentions have no "
            f"{date!r} column; add publication dates to the corpus (a 'published' field) or "
            "name the date column with date=."
        )
    when = pl.col(date).cast(pl.Date) if frame.schema[date] != pl.Date else pl.col(date)
    tolls = tolls.with_columns(pl.col("date").cast(pl.Date)).drop_nulls(["date", "deaths"])
    if tolls.is_empty():
        raise DiscourseError(
            "mentions_per_death (deaths): no toll row has both a date and a number of deaths; "
            "pass cumulative tolls with columns date, side and deaths."
        )
    dated = frame.select(when).to_series().drop_nulls()
    if dated.is_empty():
        raise NotApplicableError(
            f"Mentions per death compare each mention's date with the tolls up to it, and none "
            f"of the {frame.height} casualty mention(s) has a date in {date!r}; add publication "
            "dates to the documents (a 'published:' line in the front matter, or a date column)."
        )
    first, last = _span(tolls["date"])
    seen_first, seen_last = _span(dated)
    lo, hi = max(start or seen_first, first), min(end or seen_last, last)
    counted = when.is_between(lo, hi).fill_null(False)
    if lo > hi or not frame.select(counted.any()).item():
        period = "" if start is None and end is None else f" and the period asked ({start}-{end})"
        raise NotApplicableError(
            f"No casualty mention is dated within the tolls' dates ({first} to {last}){period}: "
            f"the mentions run from {seen_first} to {seen_last}; pass tolls that cover the "
            "corpus's dates."
        )
    sided = (
        frame.select(
            *keys,
            counted=counted,
            side=pl.col("victim").replace_strict(
                _SIDES, default=[], return_dtype=pl.List(pl.String)
            ),
        )
        .explode("side")
        .drop_nulls("side")
        .group_by([*keys, "side"])
        .agg(
            mentions=pl.col("counted").sum().cast(pl.Int64),
            outside_period=(~pl.col("counted")).sum().cast(pl.Int64),
        )
    )
    at_end = _last_toll(tolls.filter(pl.col("date") <= hi), "at_end")
    before = _last_toll(tolls.filter(pl.col("date") < lo), "before")
    if start is None:
        before = before.clear()
    period_deaths = at_end.join(before, on="side", how="left").select(
        "side", deaths=pl.col("at_end") - pl.col("before").fill_null(0)
    )
    grid = pl.DataFrame({"side": ["israeli", "palestinian"]})
    if keys:
        grid = frame.select(keys).unique().join(grid, how="cross")
    positive = pl.col("deaths") > 0
    return (
        grid.join(sided, on=[*keys, "side"], how="left", nulls_equal=True)
        .join(period_deaths, on="side", how="left")
        .select(
            *keys,
            "side",
            start=pl.lit(lo, dtype=pl.Date),
            end=pl.lit(hi, dtype=pl.Date),
            mentions=pl.col("mentions").fill_null(0),
            outside_period=pl.col("outside_period").fill_null(0),
            deaths="deaths",
        )
        .with_columns(
            mentions_per_death=pl.when(positive).then(pl.col("mentions") / pl.col("deaths")),
            deaths_per_mention=pl.when(positive & (pl.col("mentions") > 0)).then(
                pl.col("deaths") / pl.col("mentions")
            ),
        )
        .sort([*keys, "side"], nulls_last=True)
    )


def _span(dates: pl.Series) -> tuple[dt.date, dt.date]:
    """The first and last of a Date series without nulls."""
    return cast(dt.date, dates.min()), cast(dt.date, dates.max())


def _last_toll(tolls: pl.DataFrame, name: str) -> pl.DataFrame:
    """Each side's cumulative toll on the latest date of ``tolls``."""
    return tolls.sort("date").group_by("side").agg(pl.col("deaths").last().alias(name))
