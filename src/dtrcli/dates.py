"""Days: today, the range dtr accepts, the one parser of a typed date, and lengths of time.

Every date a user gives (``--date``, ``--since``, ``--start``, key dates, a
date answer, front matter) is read by :func:`parse_day`, so they all accept
and refuse the same things with the same words. A follow-up's due date may
be said as people say it ("Friday", "next week", "Nov 20"): :func:`parse_when`
reads those, counted from the day they were said. A length of time ("45",
"1h 30m": a session, a reminder) is read by :func:`parse_minutes`. Tests fix
"today" by replacing :func:`today`.
"""

from __future__ import annotations

import datetime as dt

from dtrcli.patterns import Pattern

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

# A module's weeks and a calendar's recurrence are computed from these dates, and the
# far ends of Python's calendar overflow.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
DATE_RANGE = f"between {EARLIEST.year} and {LATEST.year}"

_DAY = Pattern(r"\d{4}-\d{2}-\d{2}")


def today() -> dt.date:
    """Today's date (one place, so tests and ``--date`` agree)."""
    return dt.date.today()


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def parse_day(value: Any) -> dt.date:
    """A date written YYYY-MM-DD (or already a date) within dtr's range.

    Raises ``ValueError`` whose text is the reason, ready to follow a name:
    "'soon' is not a date in the form YYYY-MM-DD", "'2026-02-30' is not a day
    of the calendar", "2300-01-01 is too far off; use a date between 1900 and 2199".
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        if not _DAY.fullmatch(text):
            raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a day of the calendar; dates are YYYY-MM-DD"
            ) from None
    if not in_range(day):
        raise ValueError(f"{day} is too far off; use a date {DATE_RANGE}")
    return day


def parse(value: Any, what: str, error: type[Exception] | None = None) -> dt.date:
    """:func:`parse_day`, with a refusal that names ``what`` (e.g. "--date") as one sentence.

    ``error``: the exception class to raise (a DtrError subclass; DtrError if None).
    """
    try:
        return parse_day(value)
    except ValueError as exc:
        if error is None:
            from dtrcli.errors import DtrError

            error = DtrError
        raise error(f"{what} {exc}.") from None


# --- days as people say them: "Friday", "next week", "Nov 20" --------------------------

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_IN = Pattern(r"in (\d{1,3}) (day|days|week|weeks)")
_MONTH_DAY = Pattern(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?")
_DAY_MONTH = Pattern(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?(?:,? (\d{4}))?")


def parse_when(text: str, said: dt.date) -> dt.date | None:
    """The day a phrase names, counted from ``said`` (the day it was said); None when the
    phrase is not a day at all.

    ``2026-11-20``, ``today``, ``tomorrow``, ``Friday`` (the first Friday after
    ``said``), ``next Friday`` (the Friday of the week after), ``next week``
    (its Monday), ``the end of the week`` (its Friday, or the next one once it
    is past), ``in 3 days``, ``in 2 weeks``, ``Nov 20`` or ``20 November`` (the
    next one from ``said``, or of the year given). Raises ``ValueError`` with
    the reason when the phrase means a day that does not exist ("Feb 30",
    "2026-02-30") or is outside dtr's range.
    """
    words = " ".join(text.casefold().replace(",", " , ").split()).replace(" ,", ",")
    words = words.removeprefix("the ").removesuffix(".")
    if _DAY.fullmatch(words):
        return parse_day(words)
    day = _relative(words, said)
    if day is None:
        day = _calendar_day(words, said, text.strip())
    if day is not None and not in_range(day):
        raise ValueError(f"{day} is too far off; use a date {DATE_RANGE}")
    return day


def _relative(words: str, said: dt.date) -> dt.date | None:
    if words == "today":
        return said
    if words == "tomorrow":
        return said + dt.timedelta(days=1)
    monday = said - dt.timedelta(days=said.weekday())
    if words == "next week":
        return monday + dt.timedelta(weeks=1)
    if words in ("end of the week", "end of week", "end of this week"):
        friday = monday + dt.timedelta(days=4)
        return friday if friday >= said else friday + dt.timedelta(weeks=1)
    m = _IN.fullmatch(words)
    if m:
        per = 7 if m.group(2).startswith("week") else 1
        return said + dt.timedelta(days=int(m.group(1)) * per)
    first, _, rest = words.partition(" ")
    if first in ("this", "next") and rest in WEEKDAYS:
        if first == "next":
            return monday + dt.timedelta(weeks=1, days=WEEKDAYS[rest])
        words = rest
    if words in WEEKDAYS:
        return said + dt.timedelta(days=(WEEKDAYS[words] - said.weekday() - 1) % 7 + 1)
    return None


def _calendar_day(words: str, said: dt.date, shown: str) -> dt.date | None:
    """'Nov 20', '20 November 2026': the next such day from ``said`` (or in the year given)."""
    m = _MONTH_DAY.fullmatch(words)
    if m and m.group(1) in MONTHS:
        month, day, year = MONTHS[m.group(1)], int(m.group(2)), m.group(3)
    else:
        m = _DAY_MONTH.fullmatch(words)
        if not m or m.group(2) not in MONTHS:
            return None
        month, day, year = MONTHS[m.group(2)], int(m.group(1)), m.group(3)
    years = [int(year)] if year else list(range(said.year, said.year + 5))
    for number in years:
        try:
            found = dt.date(number, month, day)
        except ValueError:
            continue
        if year or found >= said:
            return found
    raise ValueError(f"{shown!r} is not a day of the calendar")


# --- lengths of time: "45", "1h 30m", "1:15", "2 days" ---------------------------------

_UNITS = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440, "w": 10080, "week": 10080, "weeks": 10080,
}  # fmt: skip
_CLOCK = Pattern(r"(\d{1,3}):([0-5]\d)")
_PART = Pattern(r"(\d+(?:[.,]\d+)?)\s*([a-z]*)")


def parse_minutes(text: str) -> int:
    """A length of time in whole minutes: ``45`` (minutes), ``45m``, ``1h``, ``1h 30m``,
    ``1h30``, ``1.5 hours``, ``1:15``, ``2 days``, ``1 hour and 15 minutes``.

    Raises ``ValueError`` whose text is the reason, ready to follow a name.
    """
    words = " ".join(str(text).casefold().replace(",", " ").split())
    words = " ".join(w for w in words.split() if w != "and")
    clock = _CLOCK.fullmatch(words)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    total = 0.0
    position = 0
    previous = None
    for m in _PART.finditer(words):
        if words[position : m.start()].strip() or not m.group(0):
            break
        number, unit = float(m.group(1).replace(",", ".")), m.group(2)
        if not unit:  # a bare number: minutes, or the minutes after hours ("1h30")
            unit = "m" if previous in (None, 60) else ""
        if unit not in _UNITS:
            break
        total += number * _UNITS[unit]
        previous = _UNITS[unit]
        position = m.end()
        while position < len(words) and words[position] == " ":
            position += 1
    else:
        if position == len(words) and words:
            return round(total)
    raise ValueError(
        f"{str(text).strip()!r} is not a length of time; use minutes or hours, "
        "e.g. 45, 1h or 1h 30m"
    )
