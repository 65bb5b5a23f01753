"""Follow-ups with owners and due dates: typed or asked, kept as days, listed overdue
first, carried in JSON and in the calendar with reminders; on a fixed day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from dtrcli.conversation.record import answers_of
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook.notes import read_note
from tests.cli.test_interview_pipe import ENTER, keys, strokes_for  # noqa: F401 - the fixture
from tests.support.cli import listing, ok, one_line_error

pytestmark = pytest.mark.timeout(30)

TODAY = dt.date(2026, 11, 18)  # a Wednesday
START = "2026-11-03"  # a Tuesday: today is in week 3


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


def kickoff(dtr, name: str, day: str, items: list[str]) -> Path:
    payload = json.dumps({"meeting_time": "Tue 18:00", "channel": "Slack", "followups": items})
    return Path(
        ok(dtr("kickoff", name, "--new", "-a", "-", "--date", day, input=payload)).stdout.strip()
    )


def test_an_owner_and_a_day_typed_in_the_item_are_kept_readably(dtr):
    note = kickoff(
        dtr,
        "alice",
        START,
        ["Mentor: send the invite by Friday", "Mentee: read the guide by next week"],
    )
    text = note.read_text(encoding="utf-8")
    # "Friday" and "next week" count from the day of the kick-off, not from today.
    assert "- [ ] Mentor: send the invite (due 2026-11-06)" in text
    assert "- [ ] Mentee: read the guide (due 2026-11-09)" in text
    data = json.loads(ok(dtr("followups", "alice", "--json")).stdout)
    assert [(d["owner"], d["due"], d["overdue"]) for d in data] == [
        ("Mentor", "2026-11-06", True),
        ("Mentee", "2026-11-09", True),
    ]


def test_followups_due_lists_the_overdue_first(dtr):
    kickoff(dtr, "alice", START, ["Mentee: the repo by Nov 25", "no date at all"])
    kickoff(dtr, "bob", "2026-11-10", ["Mentor: a room (due 2026-11-12)", "Bob: demo by today"])
    rows = listing(ok(dtr("followups", "--due")).stdout)
    assert rows == [
        ["due", "when", "mentee", "owner", "follow-up"],
        ["2026-11-10", "overdue by 8 days", "bob", "Bob", "Bob: demo (due 2026-11-10)"],
        ["2026-11-12", "overdue by 6 days", "bob", "Mentor", "Mentor: a room (due 2026-11-12)"],
        ["2026-11-25", "due in 7 days", "alice", "Mentee", "Mentee: the repo (due 2026-11-25)"],
    ]
    result = ok(dtr("followups", "--due"))
    assert "1 more open follow-up without a due date: dtr followups" in result.stderr
    due = json.loads(ok(dtr("followups", "--due", "--json")).stdout)
    assert [d["due"] for d in due] == ["2026-11-10", "2026-11-12", "2026-11-25"]
    everything = json.loads(ok(dtr("followups", "--json")).stdout)
    assert {d["text"]: d["due"] for d in everything}["no date at all"] is None
    # The plain listing is unchanged: oldest note first, every open follow-up.
    assert [r[3] for r in listing(ok(dtr("followups")).stdout)[1:]][:2] == [
        "Mentee: the repo (due 2026-11-25)",
        "no date at all",
    ]


def test_a_due_date_that_cannot_be_read_is_named_with_its_file_and_line(dtr, tmp_path: Path):
    note = kickoff(dtr, "alice", START, ["Mentor: send the invite", "Mentee: book a room"])
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("book a room", "book a room (due someday)"), encoding="utf-8")
    line = next(
        n for n, s in enumerate(note.read_text(encoding="utf-8").splitlines(), 1) if "someday" in s
    )
    for command in (("followups", "--due"), ("followups", "alice", "--json")):
        one_line_error(dtr(*command), f"{note}:{line}:", "'someday'", "(due YYYY-MM-DD)")
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    target = tmp_path / "alice.ics"
    one_line_error(dtr("calendar", "alice", "-o", str(target)), f"{note}:{line}:")
    assert not target.exists()


def test_a_day_that_does_not_exist_is_refused_before_anything_is_written(dtr, home: Path):
    payload = json.dumps({"meeting_time": "Tue", "channel": "Slack", "followups": ["x by Feb 30"]})
    one_line_error(
        dtr("kickoff", "alice", "--new", "-a", "-", input=payload),
        "'followups'",
        "'Feb 30' is not a day",
    )
    assert not (home / "alice").exists()


def test_who_and_by_when_are_asked_when_the_item_does_not_say(dtr, keys, home: Path):  # noqa: F811
    ok(dtr("mentee", "add", "alice", "--start", START))
    strokes = strokes_for(
        load_registry().get("checkin").questions,
        followups="finish the kata"
        + ENTER
        + "Mentee, Fryday"  # not a day: said so, and asked again
        + ENTER
        + "\x15"  # Ctrl-U clears the line
        + "Mentee, Friday"
        + ENTER
        + "Mentor: share the slides"  # the owner is said: only the day is asked
        + ENTER
        + ENTER  # no day
        + "Mentor only: ask the instructor by Monday"  # both said: nothing asked
        + ENTER
        + ENTER,
    )
    keys(ENTER, *strokes[1:], ENTER)  # met: Yes; ...; save
    result = ok(dtr("checkin", "alice"))
    note = Path(result.stdout.strip())
    values = answers_of(read_note(note), load_registry().get("checkin"))
    assert values["followups"] == [
        "finish the kata (owner: Mentee, due 2026-11-20)",
        "Mentor: share the slides",
        "Mentor only: ask the instructor (due 2026-11-23)",
    ]
    # The mentor-only item still starts with its marker: it is never shared.
    shared = ok(dtr("share", "alice")).stdout
    assert "finish the kata" in shared and "ask the instructor" not in shared


def test_the_calendar_has_due_followups_and_reminders(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    kickoff(
        dtr,
        "alice",
        START,
        ["Mentor: send the invite by Friday", "Mentor only: call the school by Monday", "undated"],
    )
    plain = Calendar.from_ical(ok(dtr("calendar", "alice")).stdout)
    assert not plain.walk("VALARM")
    events = {str(e["SUMMARY"]): e for e in plain.walk("VEVENT")}
    due = events["Follow-up due: Mentor: send the invite (alice)"]
    assert due.decoded("DTSTART") == dt.date(2026, 11, 6)
    assert "Owner: Mentor." in str(due["DESCRIPTION"])
    assert not any("call the school" in s for s in events)  # mentor only: not in a file
    assert not any("undated" in s for s in events)

    cal = Calendar.from_ical(ok(dtr("calendar", "alice", "--remind", "2h")).stdout)
    with_alarm = {
        str(e["SUMMARY"]): e.walk("VALARM")[0].decoded("TRIGGER")
        for e in cal.walk("VEVENT")
        if e.walk("VALARM")
    }
    assert with_alarm == {
        "Mentoring: alice": -dt.timedelta(hours=2),
        "Module kick-off DTR: alice": -dt.timedelta(hours=2),
        "Mid-module follow-up: alice": -dt.timedelta(hours=2),
        "Module exit DTR: alice": -dt.timedelta(hours=2),
        "Follow-up due: Mentor: send the invite (alice)": -dt.timedelta(hours=2),
    }


@pytest.mark.parametrize(
    ("given", "needle"),
    [("soon", "--remind 'soon' is not a length of time"), ("5w", "not between a minute")],
)
def test_a_reminder_that_cannot_be_read_is_one_sentence(dtr, tmp_path: Path, given, needle):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    target = tmp_path / "a.ics"
    one_line_error(dtr("calendar", "alice", "--remind", given, "-o", str(target)), needle)
    assert not target.exists()
