"""The module as an iCalendar file: weekly meeting, conversations, key dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from dtrcli.conversation.templates import load_registry
from dtrcli.errors import DtrError
from dtrcli.exports.ics import build_calendar
from dtrcli.module.due import scheduled_templates
from dtrcli.module.profiles import KeyDate, Profile
from dtrcli.module.schedule import week_window

D = dt.date
START = D(2026, 11, 27)  # a Friday; the first Tuesday is 2026-12-01
INSIDE = KeyDate(D(2026, 12, 10), "Mid-module assessment")
OUTSIDE = KeyDate(D(2027, 2, 1), "Next module starts")


@pytest.fixture
def templates():
    return scheduled_templates(load_registry().templates)


def profile(home: Path, **changes) -> Profile:
    values = {
        "name": "Alice Smith",
        "start": START,
        "meets": "Tue 18:00",
        "channel": "Slack",
        "dates": [INSIDE, OUTSIDE],
    }
    values.update(changes)
    return Profile(folder=home / "alice-smith", **values)


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def by_summary(data: bytes) -> dict[str, object]:
    return {str(e["SUMMARY"]): e for e in events(data)}


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


def test_weekly_meeting(home: Path, templates):
    weekly = by_summary(build_calendar(profile(home), "Alice Smith", templates))[
        "Mentoring: Alice Smith"
    ]
    rule = weekly["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["COUNT"] == [6]
    assert weekly.decoded("DTSTART") == dt.datetime(2026, 12, 1, 18, 0)
    assert weekly.decoded("DTEND") == dt.datetime(2026, 12, 1, 18, 45)
    assert "Slack" in str(weekly["DESCRIPTION"])


def test_meeting_length(home: Path, templates):
    weekly = by_summary(build_calendar(profile(home), "Alice Smith", templates, minutes=90))[
        "Mentoring: Alice Smith"
    ]
    assert weekly.decoded("DTEND") == dt.datetime(2026, 12, 1, 19, 30)


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
    assert begin == dt.datetime.combine(day, dt.time(18, 0))
    assert begin.weekday() == 1  # a Tuesday: one of the weekly meetings
    assert event.decoded("DTEND") - begin == dt.timedelta(minutes=45)
    assert command in str(event["DESCRIPTION"])


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
    for summary, first, after in [
        ("Module kick-off DTR", D(2026, 11, 27), D(2026, 12, 4)),
        ("Mid-module follow-up", D(2026, 12, 11), D(2026, 12, 25)),
        ("Module exit DTR", D(2027, 1, 1), D(2027, 1, 8)),
    ]:
        event = found[f"{summary}: Alice Smith"]
        assert event.decoded("DTSTART") == first
        assert event.decoded("DTEND") == after
        assert not isinstance(event.decoded("DTSTART"), dt.datetime)


def test_meeting_on_the_last_day_of_each_week_over_the_year_end(home: Path, templates):
    p = profile(home, start=D(2026, 12, 28), meets="Sun 10:00", dates=[])
    found = by_summary(build_calendar(p, "Alice Smith", templates))
    weekly = found["Mentoring: Alice Smith"]
    assert weekly.decoded("DTSTART") == dt.datetime(2027, 1, 3, 10, 0)
    assert weekly["RRULE"]["COUNT"] == [6]  # the sixth is 2027-02-07, the module's last day
    exit_ = found["Module exit DTR: Alice Smith"]
    assert exit_.decoded("DTSTART") == dt.datetime(2027, 2, 7, 10, 0)


def test_meeting_on_the_start_day(home: Path, templates):
    p = profile(home, start=D(2026, 12, 1), meets="tuesday 6:30pm", dates=[])
    found = by_summary(build_calendar(p, "Alice Smith", templates))
    assert found["Mentoring: Alice Smith"].decoded("DTSTART") == dt.datetime(2026, 12, 1, 18, 30)
    kickoff = found["Module kick-off DTR: Alice Smith"]
    assert kickoff.decoded("DTSTART") == dt.datetime(2026, 12, 1, 18, 30)


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
