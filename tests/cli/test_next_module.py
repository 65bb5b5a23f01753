"""The module's outcome at the exit, and dtr mentee next: the profile moved on, what is
still open carried, a repeating mentee's struggles recalled; on a fixed day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from dtrcli.conversation.templates import load_registry
from tests.cli.test_interview_pipe import ENTER, keys, strokes_for  # noqa: F401 - the fixture
from tests.support.cli import ok, one_line_error

pytestmark = pytest.mark.timeout(30)

TODAY = dt.date(2026, 11, 16)
START = "2026-09-28"  # module 2 of BE; the next one starts on TODAY
NEXT = TODAY.isoformat()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


def held(dtr, template: str, day: str, **answers: object) -> None:
    new = ["--new"] if template == "kickoff" else []
    ok(dtr(template, "alice", *new, "-a", "-", "--date", day, input=json.dumps(answers)))


def module_of(dtr, outcome: str | None = "Advancing to the next module") -> None:
    """A whole module 2 with alice: kick-off, mid-module, exit (with ``outcome``)."""
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    held(
        dtr,
        "kickoff",
        "2026-09-29",
        meeting_time="Tue 18:00",
        channel="Slack",
        focus_topic="SQL joins",
        followups=["Mentee: read the joins guide", "Mentor: share the slides"],
    )
    held(dtr, "midmod", "2026-10-15", struggles="Recursion and the group project")
    exit_answers = {
        "grow_struggles": "Still recursion",
        "next_focus": "Testing",
        "continue_next": "Yes",
    }
    held(dtr, "exit", "2026-11-06", **exit_answers, **({"outcome": outcome} if outcome else {}))


def profile(home: Path) -> str:
    return (home / "alice" / "mentee.yaml").read_text(encoding="utf-8")


def fields(home: Path) -> dict:
    return yaml.safe_load(profile(home))


def test_the_outcome_is_private(dtr, home: Path):
    module_of(dtr, "Repeating this module")
    note = next((home / "alice").glob("*-exit.md"))
    assert "<!-- dtr:q outcome private -->" in note.read_text(encoding="utf-8")
    assert "Repeating this module" not in ok(dtr("share", "alice", "exit")).stdout
    assert "Repeating this module" not in ok(dtr("summary", "alice")).stdout


def test_advancing_moves_to_the_next_module_with_what_is_open(dtr, home: Path):
    module_of(dtr)
    result = ok(dtr("mentee", "next", "alice", "--start", NEXT))
    said = " ".join(result.stderr.split())
    assert "alice starts BE module 3 on 2026-11-16 (advancing, as the exit of 2026-11-06" in said
    assert "Carried: the focus topic 'Testing' and 2 open follow-ups" in said
    shown = json.loads(ok(dtr("mentee", "show", "alice", "--json")).stdout)
    assert (shown["module"], shown["start"], shown["week"]) == ("3", NEXT, 1)
    conversations = {c["template"]: c["state"] for c in shown["conversations"]}
    assert conversations["kickoff"] == "due this week"  # the old kick-off was last module's
    assert fields(home)["previous"]["outcome"] == "advancing"
    lines = [
        " ".join(line.split()) for line in ok(dtr("mentee", "show", "alice")).stdout.splitlines()
    ]
    assert "last module BE 2 from 2026-09-28, advancing; focus: Testing" in lines
    # The follow-ups are still open, and the next kick-off offers them.
    open_items = json.loads(ok(dtr("followups", "alice", "--json")).stdout)
    assert [f["text"] for f in open_items] == [
        "Mentee: read the joins guide",
        "Mentor: share the slides",
    ]


def test_repeating_stays_in_the_module_and_the_kickoff_recalls_the_struggles(
    dtr,
    keys,  # noqa: F811
    home: Path,
):
    module_of(dtr, "Repeating this module")
    ok(dtr("mentee", "next", "alice", "--start", NEXT))
    assert (fields(home)["module"], fields(home)["start"]) == ("2", NEXT)
    assert fields(home)["previous"] == {
        "program": "BE",
        "module": "2",
        "start": START,
        "outcome": "repeating",
        "focus": "Testing",
    }
    # The kick-off: the two open follow-ups first (one by one, carry both), then the questions.
    kickoff = load_registry().get("kickoff").questions
    keys(ENTER, ENTER, ENTER, *strokes_for(kickoff, meeting_time="Fridays" + ENTER), ENTER, "n")
    said = ok(dtr("kickoff", "alice", "--new")).stderr
    assert "From the last module (BE 2)" in said
    assert "Taking this module again" in said
    assert "Focus carried: Testing" in said
    assert "Struggles named last time:" in said
    assert "Still recursion (2026-11-06 exit)" in said
    assert "Recursion and the group project (2026-10-15 midmod)" in said
    assert "Open follow-ups" in said


def test_an_advancing_mentees_kickoff_shows_the_focus_but_no_struggles(
    dtr,
    keys,  # noqa: F811
):
    module_of(dtr)
    ok(dtr("mentee", "next", "alice", "--start", NEXT))
    kickoff = load_registry().get("kickoff").questions
    keys(ENTER, ENTER, ENTER, *strokes_for(kickoff, meeting_time="Fridays" + ENTER), ENTER, "n")
    said = ok(dtr("kickoff", "alice", "--new")).stderr
    assert "Focus carried: Testing" in said
    assert "Struggles named last time" not in said and "again" not in said


def test_the_outcome_can_be_given_when_the_exit_did_not_record_it(dtr, home: Path):
    module_of(dtr, outcome=None)
    before = profile(home)
    one_line_error(
        dtr("mentee", "next", "alice", "--start", NEXT),
        "The exit of 2026-11-06 records no outcome",
        "--advance (or --repeat)",
    )
    assert profile(home) == before
    ok(dtr("mentee", "next", "alice", "--start", NEXT, "--repeat"))
    assert fields(home)["previous"]["outcome"] == "repeating" and fields(home)["module"] == "2"


def test_an_option_goes_before_the_exits_outcome(dtr, home: Path):
    module_of(dtr)
    result = ok(dtr("mentee", "next", "alice", "--start", NEXT, "--repeat"))
    assert "The exit of 2026-11-06 said advancing; going by --repeat." in result.stderr
    assert fields(home)["module"] == "2"


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        ((), ("Give the first day of the next module", "--start YYYY-MM-DD")),
        (("--start", "2026-09-01"), ("is not after the start", "2026-09-28")),
        (("--start", "2026-13-01"), ("--start date", "not a day of the calendar")),
        (("--start", NEXT, "--advance", "--repeat"), ("either --advance or --repeat",)),
    ],
)
def test_bad_input_is_one_sentence_and_nothing_is_written(dtr, home: Path, args, needles):
    module_of(dtr)
    before = profile(home)
    one_line_error(dtr("mentee", "next", "alice", *args), *needles)
    assert profile(home) == before


def test_a_mentee_without_a_profile_or_a_module_is_told_how(dtr, home: Path):
    one_line_error(dtr("mentee", "next", "zed", "--start", NEXT), "dtr mentee add zed")
    held(dtr, "kickoff", "2026-09-29", meeting_time="Tue 18:00", channel="Slack")
    one_line_error(
        dtr("mentee", "next", "alice", "--start", NEXT), "has no profile", "dtr mentee add alice"
    )
    assert not (home / "alice" / "mentee.yaml").exists()
    ok(dtr("mentee", "add", "alice", "--start", START))
    one_line_error(
        dtr("mentee", "next", "alice", "--start", NEXT, "--advance"),
        "names no module",
        "dtr mentee edit alice --module 2",
    )
    ok(dtr("mentee", "edit", "alice", "--module", "2b"))
    one_line_error(
        dtr("mentee", "next", "alice", "--start", NEXT, "--advance"), "'2b' is not a number"
    )
    ok(dtr("mentee", "next", "alice", "--start", NEXT, "--advance", "--module", "3"))
    assert fields(home)["module"] == "3"
