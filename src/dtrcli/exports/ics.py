"""iCalendar: a mentee's module (``dtr calendar``): the weekly meeting, the conversations,
key dates, and the open follow-ups' due dates.

Meeting times are in the zone of the mentee's profile (this computer's when it has
none): each carries that zone's name (TZID) and the calendar its rules (VTIMEZONE),
so every calendar app and tool puts a meeting at the same instant, daylight saving
included. A conversation held at a weekly meeting takes that meeting's place: the
weekly series leaves the week out (EXDATE), so each slot is one event. The
module's calendar decides the weeks: there is no meeting in a break week (the
series leaves it out too), and the weeks of a conversation skip the breaks. Key
dates, breaks, and conversations without a meeting in their weeks, are all-day
events, as is each open follow-up on its due date (a "Mentor only" one or a
private question's stays out of a file that may be shared). ``--remind`` adds an
alarm (VALARM) that long before each meeting, conversation and due follow-up.
"""

from __future__ import annotations

import datetime as dt
import zlib

from dtrcli import __version__, notices
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import command_for
from dtrcli.errors import DtrError
from dtrcli.module import meets, profiles, schedule, zones
from dtrcli.module.duedates import Dated

MEETING_MINUTES = 45


def first_meeting(start: dt.date, weekday: int, at: dt.time) -> dt.datetime:
    days = (weekday - start.weekday()) % 7
    return dt.datetime.combine(start + dt.timedelta(days=days), at)


def meeting_zone(profile: profiles.Profile) -> zones.MeetingZone:
    """The zone of the profile's meeting times, or one sentence naming the fix."""
    slug = profile.folder.name
    try:
        zone = zones.meeting_zone(profile.timezone)
    except zones.ZoneError:
        raise DtrError(
            f"{profile.path}: timezone {profile.timezone!r} is not a time zone; fix it with: "
            f"dtr mentee edit {slug} --timezone Europe/Berlin"
        ) from None
    if zone.source == "fallback":
        notices.warn(
            "This computer names no time zone, so the meeting times are in UTC; "
            f"give yours with: dtr mentee edit {slug} --timezone Europe/Berlin"
        )
    return zone


def meeting_times(
    profile: profiles.Profile,
) -> tuple[list[dt.datetime], zones.MeetingZone | None]:
    """Every week's meeting time from the first to week 6 (break weeks included: see
    :func:`in_break`) and their zone (none without a meeting time).

    Each is at the same time of day in the zone, across a change to or from daylight
    saving.
    """
    cal = profile.calendar()
    if cal is None or not profile.meets:
        return [], None
    try:
        weekday, at = meets.parse_meets(profile.meets)
    except profiles.ProfileError:
        raise DtrError(
            f"{profile.path}: meets {profile.meets!r} is not a day and time; fix it with: "
            f"dtr mentee edit {profile.folder.name} --meets 'Tue 18:00'"
        ) from None
    zone = meeting_zone(profile)
    first = first_meeting(cal.start, weekday, at)
    end = cal.teaching_end
    weekly = (first + dt.timedelta(weeks=i) for i in range(len(cal.blocks)))
    return [m.replace(tzinfo=zone.tzinfo) for m in weekly if m.date() <= end], zone


def in_break(profile: profiles.Profile, at: dt.datetime) -> bool:
    """Whether a meeting time falls in a break week of the module (no meeting then)."""
    cal = profile.calendar()
    block = cal.block_of(at.date()) if cal is not None else None
    return block is not None and block.week is None


def conversation_slots(
    start: dt.date | schedule.ModuleCalendar,
    meetings: list[dt.datetime],
    templates: list[Template],
    dates: list[profiles.KeyDate] | None = None,
) -> tuple[dict[dt.datetime, list[Template]], list[Template]]:
    """Which meeting each conversation is held at, and those with no meeting in their weeks.

    Each takes the first meeting of its weeks that no earlier conversation took; when
    every one is taken, it shares the first (the slot is still one event).
    """
    slots: dict[dt.datetime, list[Template]] = {}
    all_day = []
    for t in templates:
        if not t.weeks:
            continue
        first_day, last_day = schedule.window_for(t.id, t.weeks, start, dates or [])
        in_window = [m for m in meetings if first_day <= m.date() <= last_day]
        if not in_window:
            all_day.append(t)
            continue
        free = [m for m in in_window if m not in slots]
        slots.setdefault((free or in_window)[0], []).append(t)
    return slots, all_day


def shareable(found: list[Dated]) -> list[Dated]:
    """The follow-ups with a due date that may be in a file others may see."""
    from dtrcli.exports import privacy

    return [
        d
        for d in found
        if d.due is not None
        and not privacy.mentor_only(d.item.text)
        and d.item.question not in privacy.private_questions(d.item.template)
    ]


def build_calendar(
    profile: profiles.Profile,
    name: str,
    templates: list[Template],
    minutes: int = MEETING_MINUTES,
    *,
    followups: list[Dated] | None = None,
    remind: int | None = None,
) -> bytes:
    """The module as iCalendar bytes.

    ``followups``: the mentee's open ones, each with a due date an all-day event on
    it; ``remind``: minutes before each meeting, conversation and due follow-up for an
    alarm (none if None).
    """
    from icalendar import Alarm, Calendar, Event

    if profile.start is None:
        raise DtrError(
            f"{name} has no module start date; set one with: "
            f"dtr mentee edit {profile.folder.name} --start YYYY-MM-DD"
        )
    start = profile.start
    weeks = profile.calendar()
    assert weeks is not None
    end = weeks.end
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
        alarm: bool = True,
    ) -> Event:
        ev = Event()
        ev.add("uid", f"{uid}@dtr")
        ev.add("dtstamp", stamp)
        ev.add("summary", summary)
        ev.add("dtstart", begin)
        ev.add("dtend", finish)
        if description:
            ev.add("description", description)
        if remind is not None and alarm:
            bell = Alarm()
            bell.add("action", "DISPLAY")
            bell.add("description", summary)
            bell.add("trigger", -dt.timedelta(minutes=remind))
            ev.add_component(bell)
        return ev

    every_week, zone = meeting_times(profile)
    meetings = [m for m in every_week if not in_break(profile, m)]
    length = dt.timedelta(minutes=minutes)
    slots, all_day = conversation_slots(weeks, meetings, templates, profile.dates)
    channel = f" ({profile.channel})" if profile.channel else ""
    utc_note = ""
    if zone is not None and zone.source == "fallback":
        utc_note = (
            "\nTimes are in UTC: this computer names no time zone. Give yours with: "
            f"dtr mentee edit {slug} --timezone Europe/Berlin"
        )

    weekly = [m for m in meetings if m not in slots]
    if weekly:
        # The series starts at the first meeting that is not a conversation (no
        # exception on its own first instance) and leaves out the later ones.
        first = weekly[0]
        series = event(
            f"{slug}-weekly-{start.isoformat()}",
            f"Mentoring: {name}",
            first,
            first + length,
            f"Weekly meeting{channel}.{utc_note}",
        )
        series.add("rrule", {"freq": "weekly", "count": len([m for m in every_week if m >= first])})
        skipped = sorted(m for m in every_week if m > first and (m in slots or m not in meetings))
        if skipped:
            series.add("exdate", skipped)
        cal.add_component(series)

    for at, held in sorted(slots.items()):
        summary = " + ".join(t.title for t in held) + f": {name}"
        lines = [
            f"{t.when_text.capitalize()} of the module. Run: {command_for(t.id, slug)}"
            for t in held
        ]
        lines.append(f"In place of the weekly meeting{channel}.{utc_note}")
        uid = f"{slug}-{'+'.join(t.id for t in held)}-{start.isoformat()}"
        cal.add_component(event(uid, summary, at, at + length, "\n".join(lines)))

    for t in all_day:
        first_day, last_day = schedule.window_for(t.id, t.weeks, weeks, profile.dates)
        description = f"{t.when_text.capitalize()} of the module. Run: {command_for(t.id, slug)}"
        uid = f"{slug}-{t.id}-{start.isoformat()}"
        summary = f"{t.title}: {name}"
        cal.add_component(
            event(uid, summary, first_day, last_day + dt.timedelta(days=1), description)
        )

    for run in weeks.break_weeks():
        first_day, last_day = weeks.break_span(run)
        uid = f"{slug}-break-{first_day.isoformat()}"
        description = "No meeting these weeks; the module's weeks go on after the break."
        cal.add_component(
            event(
                uid,
                f"{run.label} ({name})",
                first_day,
                last_day + dt.timedelta(days=1),
                description,
            )
        )

    for d in profiles.dates_in_module(profile):
        uid = f"{slug}-date-{d.date.isoformat()}-{zlib.crc32(d.label.encode()):08x}"
        cal.add_component(
            event(uid, f"{d.label} ({name})", d.date, d.date + dt.timedelta(days=1), alarm=False)
        )

    for due in shareable(followups or []):
        assert due.due is not None
        f = due.item
        owner = f" Owner: {due.owner}." if due.owner else ""
        about = (
            f"Agreed at the {f.template} of {f.date}.{owner} Mark it done at the next conversation."
        )
        uid = f"{slug}-followup-{f.path.stem}-{f.question}-{f.index}"
        summary = f"Follow-up due: {due.words} ({name})"
        cal.add_component(event(uid, summary, due.due, due.due + dt.timedelta(days=1), about))

    if meetings:
        # The zone's rules from a year before the module to a year after it: a full
        # yearly cycle of its changes on either side, for apps that read the rules.
        cal.add_missing_timezones(dt.date(start.year - 1, 1, 1), dt.date(end.year + 2, 1, 1))
    return bytes(cal.to_ical())
