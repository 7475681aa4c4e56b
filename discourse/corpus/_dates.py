"""Date parsing for the corpus readers: ISO dates and the common forms found in real news data.

Columns are parsed with polars expressions (a 10,000-row table costs milliseconds), single
front-matter values in plain Python with the same patterns; the tests check that both agree.
A value becomes a date, stays null because it was empty, or gets a reason saying why it was
refused ("unrecognised date" or "impossible date"); nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import polars as pl

# Only ASCII digits and blanks ([0-9], [ \t]): Python's and Rust's \d and \s disagree on other
# characters, and both parsers must accept exactly the same strings. A time of day after the
# date is accepted and ignored: the date is kept as written, not converted between time zones
# (which could move a report to another day).
_BLANK = " \t\r\n"
_TIME = (
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?[ \t]*"
    r"(?:Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_ISO = rf"^([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}}){_TIME}$"
_NUMERIC = rf"^([0-9]{{1,2}})[/.]([0-9]{{1,2}})[/.]([0-9]{{4}}){_TIME}$"
_DAY_MONTH_NAME = rf"^([0-9]{{1,2}})[ \t]+([A-Za-z]+)\.?,?[ \t]+([0-9]{{4}}){_TIME}$"
_MONTH_NAME_DAY = rf"^([A-Za-z]+)\.?[ \t]+([0-9]{{1,2}}),?[ \t]+([0-9]{{4}}){_TIME}$"

_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
#: Full month names, three-letter abbreviations and "sept", lower case, to the month number.
MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}


_SHAPES = (_ISO, _NUMERIC, _DAY_MONTH_NAME, _MONTH_NAME_DAY)
_COMPILED = tuple(re.compile(shape) for shape in _SHAPES)


def _hint(dayfirst: bool) -> str:
    return " (read as day/month/year)" if dayfirst else " (read as month/day/year; see dayfirst=)"


def parse_dates(values: pl.Series, *, dayfirst: bool = False) -> pl.DataFrame:
    """Parse a series of date strings (or dates) into ``published`` and a refusal ``problem``.

    Accepted: ``2023-10-12``, ``2023-10-12 15:01:58`` (also ``T``, fractions, a zone),
    ``10/13/2023`` (month first unless ``dayfirst``; ``.`` also separates), ``29 November 2023``
    and ``Nov. 29, 2023``. Empty values give a null date and no problem.

    Returns
    -------
    polars.DataFrame
        ``published`` (Date) and ``problem`` (String, null when the value was accepted).

    Examples
    --------
    >>> s = pl.Series(["2023-10-12 15:01:58", "10/13/2023", "2023-02-30", "", "soon"])
    >>> parse_dates(s)["published"].to_list()
    [datetime.date(2023, 10, 12), datetime.date(2023, 10, 13), None, None, None]
    >>> parse_dates(s)["problem"].to_list()[2:]
    ["impossible date '2023-02-30'", None, "unrecognised date 'soon'"]
    """
    if values.dtype == pl.Date or isinstance(values.dtype, pl.Datetime):
        frame = pl.DataFrame({"published": values.cast(pl.Date)})
        return frame.with_columns(problem=pl.lit(None, dtype=pl.String))
    value = pl.col("value")
    iso, numeric, day_name, name_day = (
        [value.str.extract_groups(shape).struct.field(str(group)) for group in (1, 2, 3)]
        for shape in _SHAPES
    )
    first, second = (1, 0) if dayfirst else (0, 1)
    months = pl.Series(list(MONTHS), dtype=pl.String)
    numbers = pl.Series(list(MONTHS.values()), dtype=pl.Int32)

    def month_number(name: pl.Expr) -> pl.Expr:
        return name.str.to_lowercase().replace_strict(months, numbers, default=None)

    year = pl.coalesce(iso[0], numeric[2], day_name[2], name_day[2])
    month = pl.coalesce(
        iso[1].cast(pl.Int32),
        numeric[first].cast(pl.Int32),
        month_number(day_name[1]),
        month_number(name_day[0]),
    )
    day = pl.coalesce(iso[2], numeric[second], day_name[0], name_day[1]).cast(pl.Int32)
    text = pl.format(
        "{}-{}-{}", year, month.cast(pl.String).str.zfill(2), day.cast(pl.String).str.zfill(2)
    )
    # Year 0 parses in polars but not in Python's datetime; both call it impossible.
    parsed = pl.when(year.cast(pl.Int32) > 0).then(
        text.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    )
    problem = (
        pl.when(value.is_null() | (value == ""))
        .then(None)
        .when(year.is_null() | month.is_null())
        .then(pl.format("unrecognised date '{}'", value))
        .when(parsed.is_null() & numeric[0].is_not_null())
        .then(pl.format("impossible date '{}'{}", value, pl.lit(_hint(dayfirst))))
        .when(parsed.is_null())
        .then(pl.format("impossible date '{}'", value))
    )
    frame = pl.DataFrame({"value": values.cast(pl.String).str.strip_chars(_BLANK)})
    return frame.select(published=pl.when(problem.is_null()).then(parsed), problem=problem)


def parse_date(value: object, *, dayfirst: bool = False) -> tuple[date | None, str | None]:
    """Parse one value (a string, a date or ``None``) by the rules of :func:`parse_dates`.

    Plain Python, for one front-matter date at a time; the tests check that both agree.

    Examples
    --------
    >>> parse_date("13/10/2023", dayfirst=True)
    (datetime.date(2023, 10, 13), None)
    >>> parse_date("2023-02-29")
    (None, "impossible date '2023-02-29'")
    >>> parse_date(None)
    (None, None)
    """
    if isinstance(value, datetime):
        return value.date(), None
    if value is None or isinstance(value, date):
        return value, None
    text = str(value).strip(_BLANK)
    if not text:
        return None, None
    iso, numeric, day_name, name_day = (shape.fullmatch(text) for shape in _COMPILED)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif numeric:
        first, second, year = (int(g) for g in numeric.groups())
        month, day = (second, first) if dayfirst else (first, second)
    elif day_name and day_name.group(2).lower() in MONTHS:
        day, month, year = (
            int(day_name.group(1)),
            MONTHS[day_name.group(2).lower()],
            int(day_name.group(3)),
        )
    elif name_day and name_day.group(1).lower() in MONTHS:
        month, day, year = (
            MONTHS[name_day.group(1).lower()],
            int(name_day.group(2)),
            int(name_day.group(3)),
        )
    else:
        return None, f"unrecognised date '{text}'"
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"impossible date '{text}'" + (_hint(dayfirst) if numeric else "")
