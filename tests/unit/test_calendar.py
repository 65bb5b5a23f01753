"""The module as an iCalendar file: weekly meeting, conversations, key dates.

The file is read back by two parsers that work differently: icalendar, which
finds a TZID's rules in the time zone database, and vobject, which uses the
VTIMEZONE written into the file. Both must put every meeting at the time the
mentor set, in their zone, and at the same instant (the one in UTC written out
here by hand).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from dtrcli import notices, records
from dtrcli.conversation.templates import load_registry
from dtrcli.errors import DtrError
from dtrcli.exports.ics import build_calendar
from dtrcli.module import zones
from dtrcli.module.due import scheduled_templates
from dtrcli.module.profiles import KeyDate, Profile
from dtrcli.module.schedule import week_window

D = dt.date
UTC = dt.timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
START = D(2026, 11, 27)  # a Friday; the first Tuesday is 2026-12-01
INSIDE = KeyDate(D(2026, 12, 10), "Mid-module assessment")
OUTSIDE = KeyDate(D(2027, 2, 1), "Next module starts")
# A module over the end of daylight saving: Europe/Berlin on Sunday 2026-10-25,
# America/Los_Angeles on Sunday 2026-11-01. Its Tuesdays: 10-13 (kick-off), 10-20,
# 10-27 (mid-module), 11-03, 11-10, 11-17 (exit).
DST_START = D(2026, 10, 13)
DST_WEEKS = [D(2026, 10, 13) + dt.timedelta(weeks=i) for i in range(6)]


@pytest.fixture
def templates():
    return scheduled_templates(load_registry().templates)


def profile(home: Path, **changes) -> Profile:
    values = {
        "name": "Alice Smith",
        "start": START,
        "meets": "Tue 18:00",
        "timezone": "Europe/Berlin",
        "channel": "Slack",
        "dates": [INSIDE, OUTSIDE],
    }
    values.update(changes)
    return Profile(folder=home / "alice-smith", **values)


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def by_summary(data: bytes) -> dict[str, object]:
    return {str(e["SUMMARY"]): e for e in events(data)}


def at(day: dt.date, hour: int, minute: int = 0, tz=BERLIN) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


def vobject_times(data: bytes) -> list[tuple[str, dt.datetime]]:
    """Every timed occurrence as vobject reads it (the weekly series expanded, its
    EXDATEs left out), in the zone of the file's own VTIMEZONE, by start."""
    cal = vobject.readOne(io.StringIO(data.decode("utf-8")))
    # vobject keeps the first rules it saw for a TZID for the whole process: put each
    # time in the rules of this file's one VTIMEZONE.
    (vtimezone,) = cal.vtimezone_list
    own = vtimezone.gettzinfo()
    found = []
    for ev in cal.vevent_list:
        start = ev.dtstart.value
        if not isinstance(start, dt.datetime):
            continue
        assert str(start.tzinfo).endswith(f"{vtimezone.tzid.value!r}>")  # <tzicalvtz 'ZONE'>
        times = list(ev.getrruleset()) if hasattr(ev, "rrule") else [start]
        found += [(ev.summary.value, t.replace(tzinfo=own)) for t in times]
    return sorted(found, key=lambda f: f[1])


def test_calendar_parses_back(home: Path, templates):
    cal = Calendar.from_ical(build_calendar(profile(home), "Alice Smith", templates))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Mentoring: Alice Smith"
    assert sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT")) == [
        "Mentoring: Alice Smith",
        "Mid-module assessment (Alice Smith)",
        "Mid-module follow-up: Alice Smith",
        "Module exit DTR: Alice Smith",
        "Module kick-off DTR: Alice Smith",
    ]
    (vtimezone,) = cal.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Berlin"


def test_weekly_meeting(home: Path, templates):
    weekly = by_summary(build_calendar(profile(home), "Alice Smith", templates))[
        "Mentoring: Alice Smith"
    ]
    rule = weekly["RRULE"]
    # Week 1's meeting is the kick-off: the series starts in week 2, runs to week 6
    # and leaves out the mid-module follow-up's and the exit's weeks.
    assert rule["FREQ"] == ["WEEKLY"] and rule["COUNT"] == [5]
    assert weekly["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert weekly.decoded("DTSTART") == at(D(2026, 12, 8), 18)
    assert weekly.decoded("DTEND") == at(D(2026, 12, 8), 18, 45)
    skipped = [d.dt for d in weekly["EXDATE"].dts]
    assert skipped == [at(D(2026, 12, 15), 18), at(D(2027, 1, 5), 18)]
    assert "Slack" in str(weekly["DESCRIPTION"])


def test_meeting_length(home: Path, templates):
    found = by_summary(build_calendar(profile(home), "Alice Smith", templates, minutes=90))
    assert found["Mentoring: Alice Smith"].decoded("DTEND") == at(D(2026, 12, 8), 19, 30)
    kickoff = found["Module kick-off DTR: Alice Smith"]
    assert kickoff.decoded("DTEND") - kickoff.decoded("DTSTART") == dt.timedelta(minutes=90)


@pytest.mark.parametrize(
    ("summary", "weeks", "day", "command"),
    [
        ("Module kick-off DTR", (1,), D(2026, 12, 1), "dtr kickoff alice-smith"),
        ("Mid-module follow-up", (3, 4), D(2026, 12, 15), "dtr midmod alice-smith"),
        ("Module exit DTR", (6,), D(2027, 1, 5), "dtr exit alice-smith"),
    ],
)
def test_conversations_fall_on_a_meeting_in_their_weeks(
    home: Path, templates, summary, weeks, day, command
):
    event = by_summary(build_calendar(profile(home), "Alice Smith", templates))[
        f"{summary}: Alice Smith"
    ]
    begin = event.decoded("DTSTART")
    first, last = week_window(START, weeks)
    assert first <= begin.date() <= last
    assert begin == at(day, 18)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert begin.weekday() == 1  # a Tuesday: one of the weekly meetings
    assert event.decoded("DTEND") - begin == dt.timedelta(minutes=45)
    assert command in str(event["DESCRIPTION"])
    assert "In place of the weekly meeting (Slack)." in str(event["DESCRIPTION"])


# --- the same time everywhere ----------------------------------------------------------

# The six Tuesdays at 18:00 in the mentor's zone, as instants in UTC, worked out by hand.
BERLIN_UTC = ["10-13 16:00", "10-20 16:00", "10-27 17:00", "11-03 17:00", "11-10 17:00",
              "11-17 17:00"]  # fmt: skip
LOS_ANGELES_UTC = ["10-14 01:00", "10-21 01:00", "10-28 01:00", "11-04 02:00", "11-11 02:00",
                   "11-18 02:00"]  # fmt: skip


def instants(texts: list[str]) -> list[dt.datetime]:
    return [dt.datetime.strptime(f"2026-{t}", "%Y-%m-%d %H:%M").replace(tzinfo=UTC) for t in texts]


@pytest.mark.parametrize(
    ("zone", "utc"),
    [("Europe/Berlin", BERLIN_UTC), ("America/Los_Angeles", LOS_ANGELES_UTC)],
)
def test_every_meeting_is_at_the_mentors_time_in_both_parsers(home: Path, templates, zone, utc):
    p = profile(home, start=DST_START, timezone=zone, dates=[])
    data = build_calendar(p, "Alice Smith", templates)
    tz = ZoneInfo(zone)

    # vobject, with the file's own VTIMEZONE: Tuesday 18:00 there, each week.
    seen = vobject_times(data)
    assert [t.replace(tzinfo=None) for _, t in seen] == [
        dt.datetime.combine(d, dt.time(18, 0)) for d in DST_WEEKS
    ]
    assert [t.astimezone(UTC) for _, t in seen] == instants(utc)

    # icalendar, with the zone database by name; converted to UTC and back.
    starts = []
    for ev in events(data):
        assert ev["DTSTART"].params["TZID"] == zone
        begin = ev.decoded("DTSTART")
        starts.append(begin.astimezone(UTC))
        assert begin.astimezone(UTC).astimezone(tz).time() == dt.time(18, 0)
        for skipped in ev["EXDATE"].dts if "EXDATE" in ev else []:
            assert skipped.dt.astimezone(UTC) in instants(utc)
    assert set(starts) <= set(instants(utc))
    assert {t.astimezone(UTC) for _, t in seen} == set(instants(utc))


def test_the_file_carries_the_zones_rules_over_the_change(home: Path, templates):
    data = build_calendar(profile(home, start=DST_START, dates=[]), "Alice Smith", templates)
    (vtimezone,) = Calendar.from_ical(data).walk("VTIMEZONE")
    rules = vtimezone.to_tz()  # the VTIMEZONE alone, not the zone database
    assert rules.utcoffset(dt.datetime(2026, 10, 20, 18)) == dt.timedelta(hours=2)
    assert rules.utcoffset(dt.datetime(2026, 10, 27, 18)) == dt.timedelta(hours=1)
    assert b"TZID:Europe/Berlin" in data


def test_one_event_per_slot(home: Path, templates):
    data = build_calendar(profile(home), "Alice Smith", templates)
    seen = vobject_times(data)
    assert [(summary, t.date()) for summary, t in seen] == [
        ("Module kick-off DTR: Alice Smith", D(2026, 12, 1)),
        ("Mentoring: Alice Smith", D(2026, 12, 8)),
        ("Mid-module follow-up: Alice Smith", D(2026, 12, 15)),
        ("Mentoring: Alice Smith", D(2026, 12, 22)),
        ("Mentoring: Alice Smith", D(2026, 12, 29)),
        ("Module exit DTR: Alice Smith", D(2027, 1, 5)),
    ]


def test_a_second_conversation_takes_the_next_free_meeting_or_shares_the_slot(
    home: Path, templates
):
    exit_ = next(t for t in templates if t.id == "exit")
    midmod = next(t for t in templates if t.id == "midmod")
    extra = [
        records.replace(midmod, id="pairing", title="Pairing check-in"),  # weeks 3-4
        records.replace(exit_, id="retro", title="Retro"),  # week 6, as the exit
    ]
    data = build_calendar(profile(home), "Alice Smith", [*templates, *extra])
    seen = vobject_times(data)
    assert [(summary, t.date()) for summary, t in seen] == [
        ("Module kick-off DTR: Alice Smith", D(2026, 12, 1)),
        ("Mentoring: Alice Smith", D(2026, 12, 8)),
        ("Mid-module follow-up: Alice Smith", D(2026, 12, 15)),
        ("Pairing check-in: Alice Smith", D(2026, 12, 22)),
        ("Mentoring: Alice Smith", D(2026, 12, 29)),
        ("Module exit DTR + Retro: Alice Smith", D(2027, 1, 5)),
    ]
    shared = by_summary(data)["Module exit DTR + Retro: Alice Smith"]
    assert "dtr exit alice-smith" in str(shared["DESCRIPTION"])
    assert "dtr run retro alice-smith" in str(shared["DESCRIPTION"])


def test_without_a_weekly_meeting_left_there_is_no_series(home: Path, templates):
    kickoff = next(t for t in templates if t.id == "kickoff")
    weekly = [
        records.replace(kickoff, id=f"week{w}", title=f"Week {w}", weeks=(w,)) for w in range(1, 7)
    ]
    found = by_summary(build_calendar(profile(home, dates=[]), "Alice Smith", weekly))
    assert sorted(found) == [f"Week {w}: Alice Smith" for w in range(1, 7)]


# --- which zone --------------------------------------------------------------------------


def test_without_a_zone_in_the_profile_this_computers_is_used(home: Path, templates, monkeypatch):
    monkeypatch.setattr(zones, "system_zone", lambda: "America/Los_Angeles")
    data = build_calendar(profile(home, timezone=None), "Alice Smith", templates)
    weekly = by_summary(data)["Mentoring: Alice Smith"]
    assert weekly["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert weekly.decoded("DTSTART").astimezone(UTC) == dt.datetime(2026, 12, 9, 2, 0, tzinfo=UTC)


def test_a_computer_without_a_zone_gives_utc_and_says_so(home: Path, templates, monkeypatch):
    monkeypatch.setattr(zones, "system_zone", lambda: None)
    said: list[tuple[str, str]] = []
    notices.listen(lambda level, message: said.append((level, message)))
    try:
        data = build_calendar(profile(home, timezone=None), "Alice Smith", templates)
    finally:
        notices.listen(None)
    weekly = by_summary(data)["Mentoring: Alice Smith"]
    assert weekly.decoded("DTSTART") == dt.datetime(2026, 12, 8, 18, 0, tzinfo=UTC)
    assert "Times are in UTC" in str(weekly["DESCRIPTION"])
    assert "dtr mentee edit alice-smith --timezone" in str(weekly["DESCRIPTION"])
    ((level, message),) = said
    assert level == "warning" and "UTC" in message
    assert "dtr mentee edit alice-smith --timezone Europe/Berlin" in message


def test_a_zone_that_is_not_one_is_named_with_the_fix(home: Path, templates):
    with pytest.raises(DtrError) as info:
        build_calendar(profile(home, timezone="Mars/Olympus"), "Alice Smith", templates)
    message = str(info.value)
    assert "mentee.yaml" in message and "'Mars/Olympus'" in message
    assert "dtr mentee edit alice-smith --timezone" in message


# --- all-day events, errors, identities --------------------------------------------------


def test_key_dates_inside_the_module_only(home: Path, templates):
    found = by_summary(build_calendar(profile(home), "Alice Smith", templates))
    key = found["Mid-module assessment (Alice Smith)"]
    assert key.decoded("DTSTART") == D(2026, 12, 10)
    assert key.decoded("DTEND") == D(2026, 12, 11)
    assert not isinstance(key.decoded("DTSTART"), dt.datetime)  # all day
    assert not any("Next module" in s for s in found)


def test_without_a_meeting_time_conversations_span_their_weeks(home: Path, templates):
    data = build_calendar(profile(home, meets=None), "Alice Smith", templates)
    found = by_summary(data)
    assert "Mentoring: Alice Smith" not in found
    assert len(found) == 4
    # The mid-module follow-up runs from the mid-module assessment (Thursday 2026-12-10,
    # in week 2) to the end of week 3; the exit from week 6 through the intermission.
    for summary, first, after in [
        ("Module kick-off DTR", D(2026, 11, 27), D(2026, 12, 4)),
        ("Mid-module follow-up", D(2026, 12, 10), D(2026, 12, 18)),
        ("Module exit DTR", D(2027, 1, 1), D(2027, 1, 15)),
    ]:
        event = found[f"{summary}: Alice Smith"]
        assert event.decoded("DTSTART") == first
        assert event.decoded("DTEND") == after
        assert not isinstance(event.decoded("DTSTART"), dt.datetime)
    assert not Calendar.from_ical(data).walk("VTIMEZONE")  # nothing timed, no zone


def test_meeting_on_the_last_day_of_each_week_over_the_year_end(home: Path, templates):
    p = profile(home, start=D(2026, 12, 28), meets="Sun 10:00", dates=[])
    found = by_summary(build_calendar(p, "Alice Smith", templates))
    weekly = found["Mentoring: Alice Smith"]
    assert weekly.decoded("DTSTART") == at(D(2027, 1, 10), 10)
    assert weekly["RRULE"]["COUNT"] == [5]  # the last is 2027-02-07, the module's last day
    exit_ = found["Module exit DTR: Alice Smith"]
    assert exit_.decoded("DTSTART") == at(D(2027, 2, 7), 10)


def test_meeting_on_the_start_day(home: Path, templates):
    p = profile(home, start=D(2026, 12, 1), meets="tuesday 6:30pm", dates=[])
    found = by_summary(build_calendar(p, "Alice Smith", templates))
    assert found["Mentoring: Alice Smith"].decoded("DTSTART") == at(D(2026, 12, 8), 18, 30)
    kickoff = found["Module kick-off DTR: Alice Smith"]
    assert kickoff.decoded("DTSTART") == at(D(2026, 12, 1), 18, 30)


def test_without_a_start_date(home: Path, templates):
    with pytest.raises(DtrError) as info:
        build_calendar(profile(home, start=None), "Alice Smith", templates)
    message = str(info.value)
    assert "Alice Smith has no module start date" in message
    assert "dtr mentee edit alice-smith --start YYYY-MM-DD" in message


def test_uids_are_stable_and_unique(home: Path, templates):
    first = [str(e["UID"]) for e in events(build_calendar(profile(home), "A", templates))]
    second = [str(e["UID"]) for e in events(build_calendar(profile(home), "A", templates))]
    assert first == second
    assert len(set(first)) == len(first) == 5
    assert all(uid.endswith("@dtr") for uid in first)
    moved = [
        str(e["UID"])
        for e in events(build_calendar(profile(home, start=D(2027, 3, 5)), "A", templates))
    ]
    module_events = {uid for uid in first if "-date-" not in uid}
    assert len(module_events) == 4
    assert not set(moved) & module_events  # another module: other events
