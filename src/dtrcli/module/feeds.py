"""A program's iCalendar feed, saved to a file, read into key dates and breaks.

``dtr calendar import`` reads the feed a program publishes (Google Calendar,
Outlook and the like export the same format) with the icalendar library; dtr
opens no network connection, the mentor saves the file. What is kept:
assessments, project due dates, reviews (by the kind of their summary, see
:func:`dtrcli.module.calendar.kind_of`) and breaks; classes, talks and every
other event are counted and left out. A repeating event (RRULE, with its
EXDATEs) is each of its days; a timed event is on the day it has in the
feed's own time zone; an all-day event's DTEND is the day after its last. A
break that covers most of a week is a break (its weeks are not counted); a
day or two off is a key date.

Only events within a year of today are taken (feeds carry years of history).
Everything that stops the import is one sentence: a file that is not
iCalendar, one with no events or none near this year, an event whose dates
cannot be read or end before they start, overlapping breaks (each with the
file's line).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from dtrcli import dates
from dtrcli.errors import DtrError
from dtrcli.module.calendar import BREAK, OTHER, check_break, kind_of, whole_weeks

BACK = dt.timedelta(days=183)  # how far before today a feed's events are taken
AHEAD = dt.timedelta(days=366)  # and after it
MAX_OCCURRENCES = 1000  # of one repeating event within that time
DAY_OFF = "day off"  # a break shorter than most of a week: a key date
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})  # controls, format characters, separators
_JOINERS = "\u200c\u200d"  # how emoji and some scripts are written: kept


class FeedError(DtrError):
    """A calendar feed that cannot be imported."""


@dataclass(frozen=True)
class Found:
    """One key date (``first`` == ``last`` but for a longer event) or break of a feed."""

    kind: str  # the kind of its label; BREAK for a break
    first: dt.date
    last: dt.date
    label: str
    line: int | None  # of its BEGIN:VEVENT in the file

    @property
    def is_break(self) -> bool:
        return self.kind == BREAK


@dataclass
class Feed:
    name: str | None
    found: list[Found] = field(default_factory=list)
    events: int = 0  # events (each day of a repeating one) near today
    left_out: int = 0  # of those, not an assessment, project, review or break


def read_feed(data: bytes, source: str, today: dt.date) -> Feed:
    """The key dates and breaks of the feed ``data`` (``source`` names it in messages)."""
    from icalendar import Calendar

    text = data.decode("utf-8", errors="replace")
    if not text.lstrip("\ufeff \r\n\t").upper().startswith("BEGIN:VCALENDAR"):
        raise FeedError(f"{source} is not an iCalendar file (it does not start BEGIN:VCALENDAR).")
    try:
        cal = Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise FeedError(f"{source} is not an iCalendar file dtr can read ({exc}).") from None
    events = cal.walk("VEVENT")
    if not events:
        raise FeedError(f"{source} has no events; save the program's calendar with its events.")
    lines = [
        i for i, line in enumerate(text.splitlines(), 1) if line.strip().upper() == "BEGIN:VEVENT"
    ]
    zone = _zone(cal)
    name = str(cal.get("X-WR-CALNAME")) if cal.get("X-WR-CALNAME") else None
    feed = Feed(name)
    years: set[int] = set()
    lo, hi = today - BACK, today + AHEAD
    for index, event in enumerate(events):
        line = lines[index] if index < len(lines) else None
        where = f"{source}, line {line}" if line else source
        label = _one_line(str(event.get("SUMMARY", ""))) or "(no title)"
        for first, last in _days(event, where, label, zone, hi):
            years.add(first.year)
            if not lo <= first <= hi:
                continue
            feed.events += 1
            kind = kind_of(label)
            if kind == OTHER:
                feed.left_out += 1
                continue
            shown = label if first == last else f"{label} (to {last.isoformat()})"
            if kind == BREAK:
                try:
                    check_break(first, last, f"{where}: {label!r}")
                except ValueError as exc:
                    raise FeedError(f"{exc}.") from None
                if whole_weeks(first, last):
                    item = Found(BREAK, first, last, label, line)
                else:  # a day or two off: the weeks go on
                    item = Found(DAY_OFF, first, first, shown, line)
            else:
                item = Found(kind, first, first, shown, line)
            if item not in feed.found:
                feed.found.append(item)
    if not feed.events and not years:
        raise FeedError(
            f"{source} has {len(events)} event{'' if len(events) == 1 else 's'} and none of "
            "them comes on any day (a repeating event that ends before it starts?)."
        )
    if not feed.events:
        span = f"{min(years)}" if min(years) == max(years) else f"{min(years)}-{max(years)}"
        raise FeedError(
            f"{source} has {len(events)} event{'' if len(events) == 1 else 's'}, all in {span}, "
            f"none within a year of today ({today}); save this year's calendar of the program."
        )
    _check_overlaps(feed.found, source)
    feed.found.sort(key=lambda f: (f.first, f.label))
    return feed


def _one_line(text: str) -> str:
    """``text`` on one line, without the control and invisible format characters a
    terminal would act on (ESC, BEL, bidirectional overrides): a label for the key dates."""
    kept = (
        " " if unicodedata.category(ch) in _HIDDEN and ch not in _JOINERS else ch for ch in text
    )
    return " ".join("".join(kept).split())


def _check_overlaps(found: list[Found], source: str) -> None:
    breaks = sorted((f for f in found if f.is_break), key=lambda f: f.first)
    for a, b in zip(breaks, breaks[1:], strict=False):
        if b.first <= a.last:
            raise FeedError(
                f"{source}, line {b.line}: the break {b.label!r} ({b.first} to {b.last}) overlaps "
                f"{a.label!r} at line {a.line} ({a.first} to {a.last}); dtr takes one break "
                "for those days, so make them one in the file."
            )


def _zone(cal: Any) -> Any:
    """The feed's own time zone (X-WR-TIMEZONE, else its first VTIMEZONE), or none."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    names = [str(cal.get("X-WR-TIMEZONE") or "")]
    names += [str(tz.get("TZID", "")) for tz in cal.walk("VTIMEZONE")]
    for n in names:
        if n:
            try:
                return ZoneInfo(n)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def _day(value: Any, zone: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and zone is not None:
            value = value.astimezone(zone)
        return value.date()
    return value


def _decoded(event: Any, key: str, where: str, label: str) -> Any:
    """A DTSTART or DTEND as a date or datetime, or one sentence naming the event."""
    raw = event.get(key)
    if raw is None:
        return None
    try:
        value = raw.dt
    except Exception:  # a value icalendar kept as it stood (vBroken): not a date
        value = None
    if not isinstance(value, dt.date):
        shown = raw.to_ical().decode() if hasattr(raw, "to_ical") else str(raw)
        raise FeedError(f"{where}: the event {label!r} has a {key} that is not a date ({shown}).")
    if not dates.in_range(_day(value, None)):
        raise FeedError(
            f"{where}: the event {label!r} has a {key} too far off; dates are {dates.DATE_RANGE}."
        )
    return value


def _duration(event: Any, where: str, label: str) -> dt.timedelta:
    raw = event.get("DURATION")
    try:
        value = raw.dt
    except Exception:  # kept as it stood (vBroken): not a duration
        value = None
    if not isinstance(value, dt.timedelta):
        shown = raw.to_ical().decode() if hasattr(raw, "to_ical") else str(raw)
        raise FeedError(
            f"{where}: the event {label!r} has a DURATION that is not a length of time ({shown})."
        )
    return value


def _days(
    event: Any, where: str, label: str, zone: Any, until: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """Each (first, last day) of an event: one, or each time a repeating event comes."""
    start = _decoded(event, "DTSTART", where, label)
    if start is None:
        raise FeedError(f"{where}: the event {label!r} has no DTSTART.")
    end = _decoded(event, "DTEND", where, label)
    if end is None and event.get("DURATION") is not None:
        end = start + _duration(event, where, label)
    all_day = not isinstance(start, dt.datetime)
    if end is not None and (isinstance(end, dt.datetime) != isinstance(start, dt.datetime)):
        end = None
    if end is not None and end < start:
        raise FeedError(f"{where}: the event {label!r} ends ({end}) before it starts ({start}).")
    length = (end - start) if end is not None else dt.timedelta(0)
    starts = [start]
    if event.get("RRULE") is not None:
        starts = _occurrences(event, start, until, where, label)

    def last_of(begin: Any) -> dt.date:
        finish = begin + length
        if all_day:
            return finish - dt.timedelta(days=1) if length.days >= 1 else begin
        return _day(finish, zone)

    return [(_day(s, zone), last_of(s)) for s in starts]


def _occurrences(event: Any, start: Any, until: dt.date, where: str, label: str) -> list[Any]:
    """The starts of a repeating event up to ``until``, less its EXDATEs."""
    from dateutil import rrule

    rules = event.get("RRULE")
    rules = rules if isinstance(rules, list) else [rules]
    text = "\n".join("RRULE:" + r.to_ical().decode() for r in rules)
    try:
        rule = rrule.rrulestr(text, dtstart=start, forceset=True)
    except (ValueError, TypeError) as exc:
        raise FeedError(
            f"{where}: the event {label!r} repeats by a rule dtr cannot read ({exc})."
        ) from None
    excluded: set[Any] = set()
    exdates = event.get("EXDATE")
    for ex in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        try:
            excluded |= {d.dt for d in ex.dts}
        except Exception:  # kept as it stood (vBroken): not dates
            shown = ex.to_ical().decode() if hasattr(ex, "to_ical") else str(ex)
            raise FeedError(
                f"{where}: the event {label!r} has an EXDATE that is not a date ({shown})."
            ) from None
    all_day = not isinstance(start, dt.datetime)
    found: list[Any] = []
    for when in rule:
        if all_day:  # dateutil repeats a day as midnights: back to days
            when = when.date()
        if _day(when, None) > until or len(found) >= MAX_OCCURRENCES:
            break
        if when not in excluded:
            found.append(when)
    return found
