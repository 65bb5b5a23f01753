"""Week arithmetic for a six-week module, and what is due when.

A module starts on any day (the profile's ``start``); week 1 is that day and
the six days after it, week 2 the next seven, and so on, skipping break weeks
(:mod:`dtrcli.module.calendar` is the module's calendar; each function here
takes a start day, for a module without breaks, or that calendar). A
template's ``weeks`` say when its conversation belongs (kick-off 1,
mid-module 3-4, exit 6, which runs on through the intermission), so a user's
own template with ``weeks`` takes part too. The mid-module conversation
follows the program's mid-module assessment when its date is known.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Protocol

from dtrcli.module.calendar import MIDMOD, TEACHING_WEEKS, ModuleCalendar, kind_of
from dtrcli.records import deferred

MODULE_WEEKS = TEACHING_WEEKS
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


Start = dt.date | ModuleCalendar


def calendar_of(start: Start) -> ModuleCalendar:
    """The module's calendar: ``start`` itself, or a module from that day without breaks."""
    return start if isinstance(start, ModuleCalendar) else ModuleCalendar(start)


def module_week(start: Start, today: dt.date) -> int:
    """The week of the module ``today`` falls in: 1 on the start day; 0 or less before it;
    7 the intermission (a break week counts as the week before it)."""
    return calendar_of(start).week_number(today)


def week_window(start: Start, weeks: tuple[int, ...]) -> tuple[dt.date, dt.date]:
    """First and last day of the weeks a conversation belongs to (week 6 runs on through
    the intermission)."""
    return calendar_of(start).window(weeks)


def module_end(start: Start) -> dt.date:
    """The last day of week 6."""
    return calendar_of(start).teaching_end


def describe_week(start: Start, today: dt.date) -> str:
    """'week 3 of 6', 'starts in 4 days', 'intermission, to 2026-12-20', 'ended 2026-12-13'."""
    return calendar_of(start).describe(today)


class Dated(Protocol):
    @property
    def date(self) -> dt.date: ...
    @property
    def label(self) -> str: ...


def midmod_date(start: Start, dates: Iterable[Dated]) -> dt.date | None:
    """The first mid-module assessment among the key dates within the module's teaching."""
    cal = calendar_of(start)
    found = sorted(
        d.date
        for d in dates
        if kind_of(d.label) == MIDMOD and cal.start <= d.date <= cal.teaching_end
    )
    return found[0] if found else None


def window_for(
    template_id: str, weeks: tuple[int, ...], start: Start, dates: Iterable[Dated] = ()
) -> tuple[dt.date, dt.date]:
    """The window of a conversation: its weeks; the mid-module conversation's, from the
    program's mid-module assessment to the end of the week after it, when one is known."""
    cal = calendar_of(start)
    if template_id == "midmod":
        day = midmod_date(cal, dates)
        if day is not None:
            return day, cal.last_of_next_week(day)
    return cal.window(weeks)


@deferred(frozen=True)
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
    start: Start,
    held_dates: list[str],
    today: dt.date,
    window: tuple[dt.date, dt.date] | None = None,
) -> Status:
    """Done (with the note's date), due this week, upcoming or overdue.

    ``window``: the conversation's days, when not simply its weeks (see :func:`window_for`).
    """
    cal = calendar_of(start)
    window = window or cal.window(weeks)
    earliest = _earliest(cal.start)
    held = [d for d in held_dates if d >= earliest]
    if held:
        return _status(template_id, title, DONE, window, min(held))
    first, last = window
    if today > max(_missed_after(cal.teaching_end), last):
        state = MISSED
    elif today > last:
        state = OVERDUE
    elif today >= first:
        state = DUE
    else:
        state = UPCOMING
    return _status(template_id, title, state, window, None)


# A listing asks the same of many mentees (those of one start share a calendar, and
# often a day): each answer is made once, and shared (a Status cannot change).
_status = functools.lru_cache(maxsize=16384, typed=True)(Status)


@functools.lru_cache(maxsize=4096)
def _earliest(start: dt.date) -> str:
    """The first day a conversation counts for a module from ``start``."""
    return (start - dt.timedelta(days=EARLY_DAYS)).isoformat()


@functools.lru_cache(maxsize=4096)
def _missed_after(teaching_end: dt.date) -> dt.date:
    """The last day a conversation not held shows as overdue."""
    return teaching_end + dt.timedelta(days=GRACE_DAYS)
