"""Days: today, the range dtr accepts, and the one parser of a typed date.

Every date a user gives (``--date``, ``--since``, ``--start``, key dates, a
date answer, front matter) is read by :func:`parse_day`, so they all accept
and refuse the same things with the same words. Tests fix "today" by
replacing :func:`today`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# A module's weeks and a calendar's recurrence are computed from these dates, and the
# far ends of Python's calendar overflow.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
DATE_RANGE = f"between {EARLIEST.year} and {LATEST.year}"

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
