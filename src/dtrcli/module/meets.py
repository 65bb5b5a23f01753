"""The weekly meeting time of a profile: 'Tue 18:00' read from what was typed
('Tuesdays 6pm', 'Tue 6:30pm') or found in free text, and written one way."""

from __future__ import annotations

import datetime as dt
import re

from dtrcli.module.profiles import ProfileError

_DAYS = {
    "mon": "Mon", "monday": "Mon", "tue": "Tue", "tues": "Tue", "tuesday": "Tue",
    "wed": "Wed", "wednesday": "Wed", "thu": "Thu", "thur": "Thu", "thurs": "Thu",
    "thursday": "Thu", "fri": "Fri", "friday": "Fri", "sat": "Sat", "saturday": "Sat",
    "sun": "Sun", "sunday": "Sun",
}  # fmt: skip
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MEETS = re.compile(r"^\s*([A-Za-z]+)\.?,?\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*$", re.I)


def _day(word: str) -> str | None:
    word = word.lower()
    return _DAYS.get(word) or (_DAYS.get(word[:-1]) if word.endswith("s") else None)


def parse_meets(text: str, source: str = "--meets") -> tuple[int, dt.time]:
    """'Tue 18:00', 'Tuesdays 6pm', 'Tue 6:30pm' -> (weekday 0-6, time).

    ``source`` names where the text came from, for the error message.
    """
    m = _MEETS.match(text)
    day = _day(m.group(1)) if m else None
    if not m or day is None:
        raise ProfileError(
            f"{source} {text!r} is not a weekly time; use a day and a time such as 'Tue 18:00'."
        )
    hour, minute = int(m.group(2)), int(m.group(3) or 0)
    suffix = (m.group(4) or "").lower()
    if suffix and not 1 <= hour <= 12:
        raise ProfileError(f"{source} {text!r} has no such time of day; use e.g. 'Tue 6pm'.")
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ProfileError(f"{source} {text!r} has no such time of day; use e.g. 'Tue 18:00'.")
    return WEEKDAYS.index(day), dt.time(hour, minute)


_DAY_WORD = re.compile(r"\b(" + "|".join(sorted(_DAYS, key=len, reverse=True)) + r")s?\b", re.I)
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", re.I)


def find_meets(text: str) -> str | None:
    """A weekly time found in free text ('Tuesdays 18:00, on video' -> 'Tue 18:00')."""
    day = _DAY_WORD.search(text)
    time = _TIME.search(text, day.end()) if day else None
    if not day or not time or not (time.group(2) or time.group(3)):
        return None
    try:
        return format_meets(f"{day.group(1)} {time.group(0)}")
    except ProfileError:
        return None


def format_meets(text: str) -> str:
    weekday, time = parse_meets(text)
    return f"{WEEKDAYS[weekday]} {time.strftime('%H:%M')}"
