"""iCalendar: a mentee's module (``dtr calendar``): the weekly meeting, the conversations,
key dates."""

from __future__ import annotations

import datetime as dt
import zlib

from dtrcli import __version__
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import command_for
from dtrcli.errors import DtrError
from dtrcli.module import profiles, schedule

MEETING_MINUTES = 45


def first_meeting(start: dt.date, weekday: int, at: dt.time) -> dt.datetime:
    days = (weekday - start.weekday()) % 7
    return dt.datetime.combine(start + dt.timedelta(days=days), at)


def build_calendar(
    profile: profiles.Profile, name: str, templates: list[Template], minutes: int = MEETING_MINUTES
) -> bytes:
    """The module as iCalendar bytes. Times are local ("floating"), as the mentor set them."""
    from icalendar import Calendar, Event

    if profile.start is None:
        raise DtrError(
            f"{name} has no module start date; set one with: "
            f"dtr mentee edit {profile.folder.name} --start YYYY-MM-DD"
        )
    start = profile.start
    end = schedule.module_end(start)
    slug = profile.folder.name
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", f"-//dtr//dtr {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Mentoring: {name}")

    def event(
        uid: str,
        summary: str,
        begin: dt.date | dt.datetime,
        finish: dt.date | dt.datetime,
        description: str | None = None,
    ) -> Event:
        ev = Event()
        ev.add("uid", f"{uid}@dtr")
        ev.add("dtstamp", stamp)
        ev.add("summary", summary)
        ev.add("dtstart", begin)
        ev.add("dtend", finish)
        if description:
            ev.add("description", description)
        return ev

    meetings: list[dt.datetime] = []
    length = dt.timedelta(minutes=minutes)
    if profile.meets:
        try:
            weekday, at = profiles.parse_meets(profile.meets)
        except profiles.ProfileError:
            raise DtrError(
                f"{profile.path}: meets {profile.meets!r} is not a day and time; fix it with: "
                f"dtr mentee edit {slug} --meets 'Tue 18:00'"
            ) from None
        first = first_meeting(start, weekday, at)
        meetings = [first + dt.timedelta(weeks=i) for i in range(schedule.MODULE_WEEKS)]
        meetings = [m for m in meetings if m.date() <= end]
        weekly = event(
            f"{slug}-weekly-{start.isoformat()}",
            f"Mentoring: {name}",
            first,
            first + length,
            f"Weekly meeting{f' ({profile.channel})' if profile.channel else ''}.",
        )
        weekly.add("rrule", {"freq": "weekly", "count": len(meetings)})
        cal.add_component(weekly)

    for t in templates:
        if not t.weeks:
            continue
        first_day, last_day = schedule.week_window(start, t.weeks)
        summary = f"{t.title}: {name}"
        description = f"{t.when_text.capitalize()} of the module. Run: {command_for(t.id, slug)}"
        in_window = [m for m in meetings if first_day <= m.date() <= last_day]
        uid = f"{slug}-{t.id}-{start.isoformat()}"
        if in_window:
            cal.add_component(event(uid, summary, in_window[0], in_window[0] + length, description))
        else:
            cal.add_component(
                event(uid, summary, first_day, last_day + dt.timedelta(days=1), description)
            )

    for d in profiles.dates_in_module(profile):
        uid = f"{slug}-date-{d.date.isoformat()}-{zlib.crc32(d.label.encode()):08x}"
        cal.add_component(event(uid, f"{d.label} ({name})", d.date, d.date + dt.timedelta(days=1)))
    return bytes(cal.to_ical())
