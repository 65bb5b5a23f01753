"""dtr checkin and the weekly baseline in dtr due and dtr mentee show, on a fixed day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dtrcli.conversation.record import answers_of
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook.notes import read_note
from tests.cli.test_interview_pipe import ENTER, keys  # noqa: F401 - the fixture
from tests.support.cli import listing, ok, one_line_error
from tests.support.homes import known

pytestmark = pytest.mark.timeout(30)

TODAY = dt.date(2026, 11, 25)  # a Wednesday of week 4 of a module that started 2026-11-03
START = "2026-11-03"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


def checkin(dtr, name: str, day: str, **answers: object) -> Path:
    payload = json.dumps({"met": "yes", **answers})
    return Path(ok(dtr("checkin", name, "-a", "-", "--date", day, input=payload)).stdout.strip())


def test_a_check_in_in_about_a_minute(dtr, keys, home: Path):  # noqa: F811
    ok(dtr("mentee", "add", "alice", "--start", START))
    keys(
        ENTER,  # did we meet? Yes (the first choice)
        "1h 15m" + ENTER,  # how long
        "SQL joins on the practice database" + ENTER,
        ENTER,  # no blockers
        ENTER,  # no next step
        ENTER,  # save at the review
    )
    result = ok(dtr("checkin", "alice"))
    note = Path(result.stdout.strip())
    assert note.name == "2026-11-25-checkin.md"
    text = note.read_text(encoding="utf-8")
    assert "75 minutes" in text and "(week 4 of the module)" in text
    values = answers_of(read_note(note), load_registry().get("checkin"))
    assert values["met"] is True and values["session_minutes"] == 75
    assert values["worked_on"] == "SQL joins on the practice database"


def test_check_in_is_a_built_in_that_is_never_due(dtr):
    listed = {t["id"]: t for t in json.loads(ok(dtr("templates", "list", "--json")).stdout)}
    assert listed["checkin"]["source"] == "built-in" and listed["checkin"]["weeks"] == []
    ok(dtr("mentee", "add", "alice", "--start", START))
    checkin(dtr, "alice", "2026-11-10", session_minutes="45")
    (alice,) = json.loads(ok(dtr("due", "--json")).stdout)
    assert [c["template"] for c in alice["conversations"]] == ["kickoff", "midmod", "exit"]
    assert "dtr checkin NAME" in ok(dtr("--help")).stdout


def test_the_baseline_names_weeks_without_a_check_in_and_short_sessions(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START))
    kickoff = json.dumps({"meeting_time": "Tuesdays 18:00", "channel": "Slack"})
    ok(
        dtr("kickoff", "alice", "--new", "-a", "-", "--date", "2026-10-30", input=kickoff)
    )  # for week 1
    checkin(dtr, "alice", "2026-11-17", session_minutes="20")  # week 3: too short
    checkin(dtr, "alice", "2026-11-25", session_minutes="45")  # this week, already met

    (alice,) = json.loads(ok(dtr("due", "--json")).stdout)
    weeks = alice["baseline"]["weeks"]
    assert alice["baseline"]["minutes"] == 30 and alice["baseline"]["met"] is False
    assert [(w["week"], w["state"], w["minutes"]) for w in weeks] == [
        (1, "met", None),
        (2, "no check-in", None),
        (3, "short", 20),
        (4, "met", 45),
    ]
    assert weeks[0]["held"] == "2026-10-30 kickoff"
    assert (weeks[1]["from"], weeks[1]["to"]) == ("2026-11-10", "2026-11-16")

    rows = listing(ok(dtr("due")).stdout)
    assert rows[0][5] == "weekly session"
    assert rows[1][5] == "week 2 no check-in, week 3 short (20 minutes)"

    shown = ok(dtr("mentee", "show", "alice")).stdout
    assert "Weekly sessions (the baseline: 30 minutes or more)" in shown
    lines = [" ".join(line.split()) for line in shown.splitlines()]
    assert "week 1 2026-11-03 met (2026-10-30 kickoff)" in lines
    assert "week 2 2026-11-10 no check-in" in lines
    assert "week 3 2026-11-17 short (20 minutes)" in lines
    assert "week 4 2026-11-24 met (2026-11-25 checkin, 45 minutes)" in lines


def test_this_week_is_not_named_before_it_is_over(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START))
    for day in ("2026-11-03", "2026-11-10", "2026-11-17"):
        checkin(dtr, "alice", day, session_minutes="30")
    (alice,) = json.loads(ok(dtr("due", "--json")).stdout)
    assert [w["week"] for w in alice["baseline"]["weeks"]] == [1, 2, 3]
    assert alice["baseline"]["met"] is True
    assert listing(ok(dtr("due")).stdout)[1][5] == "met, weeks 1-3"


def test_no_session_and_a_length_not_noted_are_named(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START))
    checkin(dtr, "alice", "2026-11-04", met="no")
    checkin(dtr, "alice", "2026-11-11")  # met, no length given
    checkin(dtr, "alice", "2026-11-18", session_minutes="2h")
    (alice,) = json.loads(ok(dtr("due", "--json")).stdout)
    assert [w["state"] for w in alice["baseline"]["weeks"]] == [
        "no session",
        "length not noted",
        "met",
    ]
    assert listing(ok(dtr("due")).stdout)[1][5] == "week 1 no session, week 2 length not noted"


def test_without_a_start_date_there_is_no_baseline(dtr):
    ok(dtr("mentee", "add", "bob"))
    checkin(dtr, "bob", "2026-11-18", session_minutes="45")
    (bob,) = json.loads(ok(dtr("due", "--json")).stdout)
    assert bob["baseline"] is None
    assert "Weekly sessions" not in ok(dtr("mentee", "show", "bob")).stdout


def test_a_session_length_that_cannot_be_read_is_one_sentence(dtr, home: Path):
    payload = json.dumps({"met": "yes", "session_minutes": "an hour"})
    known("alice")
    err = one_line_error(
        dtr("checkin", "alice", "-a", "-", input=payload), "'session_minutes'", "'an hour'"
    )
    assert "is not a length of time" in err
    assert not list((home / "alice").iterdir())


def test_a_break_is_not_a_week_and_the_week_before_it_is_over(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START))
    # Today (2026-11-25) is in a break week; week 3 ended on 2026-11-23.
    ok(dtr("mentee", "dates", "alice", "add", "2026-11-24", "Thanksgiving", "--weeks", "1"))
    checkin(dtr, "alice", "2026-11-03", session_minutes="30")
    checkin(dtr, "alice", "2026-11-10", session_minutes="30")
    (alice,) = json.loads(ok(dtr("due", "--json")).stdout)
    weeks = alice["baseline"]["weeks"]
    assert [(w["week"], w["state"]) for w in weeks] == [
        (1, "met"),
        (2, "met"),
        (3, "no check-in"),
    ]
    assert listing(ok(dtr("due")).stdout)[1][5] == "week 3 no check-in"
