"""Counting casualty sentences: their voice under both conventions, and mentions per death.

:func:`voice_shares` summarises the voice and named agents of the sentences that
:func:`discourse.casualty_sentences` finds, under both conventions for reduced passives ("29 staff
killed"); :func:`mentions_per_death` normalises the counts by casualty figures over the corpus's
period, as Holly Jackson and The Breach did, and :func:`casualty_tolls` puts a table of daily
tolls in the shape it takes. See ``docs/casualties.md`` for which convention and period each
study used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal, TypeAlias, cast

import polars as pl

from discourse._typing import By, Frame
from discourse.corpus._frame import by_columns, require_columns
from discourse.errors import DiscourseError, NotApplicableError

__all__ = ["casualty_tolls", "mentions_per_death", "voice_shares"]

#: The sides whose deaths are counted.
Side: TypeAlias = Literal["israeli", "palestinian"]

#: The sides a victim label counts towards: "both" is a mention of each.
_SIDES = {
    "israeli": ["israeli"],
    "palestinian": ["palestinian"],
    "both": ["israeli", "palestinian"],
}


def voice_shares(
    casualties: Frame,
    *,
    by: By = None,
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
        Group columns, such as ``["outlet", "victim"]``; ``None`` (the default) summarises all
        the sentences as one group.
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
    *,
    deaths: Frame,
    by: By = None,
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
        Group columns of ``casualties``, such as ``"outlet"``; every group is measured over the
        same period. ``None`` (the default) counts all the mentions as one group.
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
    >>> per_death = mentions_per_death(c, deaths=d, by="outlet")
    >>> per_death.select("outlet", "side", "mentions", "deaths", "deaths_per_mention").rows()
    [('X', 'israeli', 2, 10, 5.0), ('X', 'palestinian', 2, 40, 20.0)]
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


def casualty_tolls(
    table: Frame,
    *,
    columns: Mapping[Side, str],
    date: str = "date",
) -> pl.DataFrame:
    """Cumulative tolls in the long shape that :func:`mentions_per_death` takes, from wide ones.

    Published toll series (OCHA's daily figures, a ministry's reports) give one row per date and
    one column per side; this puts each side's figures in rows and leaves out the dates on
    which a side has no figure.

    Parameters
    ----------
    table
        One row per date (a LazyFrame is collected).
    columns
        The column holding each side's cumulative deaths: ``{"israeli": ..., "palestinian":
        ...}`` (one side alone is allowed).
    date
        The Date (or Datetime, or ISO-date String) column of ``table``.

    Returns
    -------
    polars.DataFrame
        ``date`` (Date), ``side`` ("israeli" or "palestinian"), ``deaths`` (Int64 for whole
        numbers, else as in ``table``):
        the rows of the first side in ``columns`` in the table's order, then the next side's;
        no row with null deaths.

    Raises
    ------
    DiscourseError
        A side other than "israeli" or "palestinian", a missing column, or a date that cannot
        be read as a date.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> ocha = pl.DataFrame({"date": [date(2023, 10, 8), date(2023, 10, 9)],
    ...                      "isr_total": [700, None], "pal_total": [413, 560]})
    >>> tolls = casualty_tolls(ocha, columns={"israeli": "isr_total", "palestinian": "pal_total"})
    >>> for row in tolls.rows():
    ...     print(row)
    (datetime.date(2023, 10, 8), 'israeli', 700)
    (datetime.date(2023, 10, 8), 'palestinian', 413)
    (datetime.date(2023, 10, 9), 'palestinian', 560)
    """
    unknown = [side for side in columns if side not in _SIDES["both"]]
    if unknown or not columns:
        raise DiscourseError(
            f"casualty_tolls: columns= maps each side to its column, and {unknown or 'nothing'} "
            "is not a side; use the keys 'israeli' and 'palestinian'."
        )
    frame = table.collect() if isinstance(table, pl.LazyFrame) else table
    require_columns(frame, [date, *columns.values()], what="casualty_tolls")
    column = frame.get_column(date)
    try:
        dates = column.str.to_date() if column.dtype == pl.String else column.cast(pl.Date)
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
        raise DiscourseError(
            f"casualty_tolls: the column {date!r} holds {frame.schema[date]} values that are not "
            "dates; parse them first (for example pl.read_csv(..., try_parse_dates=True))."
        ) from None
    sides = {column: side for side, column in columns.items()}
    long = (
        frame.select(dates.alias("date"), *columns.values())
        .unpivot(index="date", on=list(columns.values()), variable_name="side", value_name="deaths")
        .with_columns(pl.col("side").replace_strict(sides))
        .drop_nulls("deaths")
    )
    if long.schema["deaths"].is_integer():
        long = long.with_columns(pl.col("deaths").cast(pl.Int64))
    return long
