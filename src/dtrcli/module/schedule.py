"""Week arithmetic for a six-week module, and what is due when.

A module starts on any day (the profile's ``start``); week 1 is that day and
the six days after it, week 2 the next seven, and so on. A template's
``weeks`` say when its conversation belongs (kick-off 1, mid-module 3-4,
exit 6), so a user's own template with ``weeks`` takes part too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MODULE_WEEKS = 6
# A conversation held up to this many days before the module starts still counts
# for it (a kick-off the Friday before a Monday start).
EARLY_DAYS = 7

DONE = "done"
DUE = "due this week"
UPCOMING = "upcoming"
OVERDUE = "overdue"
MISSED = "missed"  # the module ended weeks ago without it: no longer a to-do
# How long after the module's end a conversation not held still shows as overdue.
GRACE_DAYS = 28


def module_week(start: dt.date, today: dt.date) -> int:
    """The week of the module ``today`` falls in: 1 on the start day; 0 or less before it."""
    return (today - start).days // 7 + 1


def week_window(start: dt.date, weeks: tuple[int, ...]) -> tuple[dt.date, dt.date]:
    """First and last day of the weeks a conversation belongs to."""
    first = start + dt.timedelta(days=7 * (min(weeks) - 1))
    last = start + dt.timedelta(days=7 * max(weeks) - 1)
    return first, last


def module_end(start: dt.date) -> dt.date:
    return start + dt.timedelta(days=7 * MODULE_WEEKS - 1)


def describe_week(start: dt.date, today: dt.date) -> str:
    """'week 3 of 6', 'starts in 4 days', 'ended 2026-12-11'."""
    week = module_week(start, today)
    if week < 1:
        days = (start - today).days
        return f"starts in {days} day{'' if days == 1 else 's'}"
    if week > MODULE_WEEKS:
        return f"ended {module_end(start).isoformat()}"
    return f"week {week} of {MODULE_WEEKS}"


@dataclass(frozen=True)
class Status:
    template: str
    title: str
    state: str
    window: tuple[dt.date, dt.date]
    held: str | None = None  # date of the note, when done

    def text(self) -> str:
        if self.state == DONE:
            return f"done {self.held}"
        first, last = self.window
        if self.state == UPCOMING:
            return f"upcoming {first.isoformat()}"
        if self.state == OVERDUE:
            return f"overdue since {(last + dt.timedelta(days=1)).isoformat()}"
        if self.state == MISSED:
            return "not held"
        return f"due by {last.isoformat()}"


def conversation_status(
    template_id: str,
    title: str,
    weeks: tuple[int, ...],
    start: dt.date,
    held_dates: list[str],
    today: dt.date,
) -> Status:
    """Done (with the note's date), due this week, upcoming or overdue."""
    window = week_window(start, weeks)
    earliest = (start - dt.timedelta(days=EARLY_DAYS)).isoformat()
    held = sorted(d for d in held_dates if d >= earliest)
    if held:
        return Status(template_id, title, DONE, window, held[0])
    first, last = window
    if today > module_end(start) + dt.timedelta(days=GRACE_DAYS):
        state = MISSED
    elif today > last:
        state = OVERDUE
    elif today >= first:
        state = DUE
    else:
        state = UPCOMING
    return Status(template_id, title, state, window)
