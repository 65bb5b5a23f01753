"""The built-in templates say what the school's mentorship pages ask: the baseline as
the pages put it, the norms agreed at kick-off and come back to, the exit's portfolio
review and instructors' focus, the program's own mid-mod day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dtrcli.conversation.templates import load_registry
from tests.cli.test_interview_pipe import (  # noqa: F401 - the fixture
    DOWN,
    ENTER,
    SUBMIT_MULTILINE,
    keys,
    strokes_for,
)
from tests.support.cli import ok, one_line_error

pytestmark = pytest.mark.timeout(30)

TODAY = dt.date(2026, 11, 18)
START = "2026-11-03"
KICKOFF = {
    "meeting_time": "Tuesdays 18:00, on video",
    "channel": "Slack",
    "ack_time": "The same day",
    "reply_time": "Within a day",
    "focus_topic": "SQL joins",
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


def shown(dtr, template: str) -> dict:
    data = json.loads(ok(dtr("templates", "show", template, "--json")).stdout)
    return {q["id"]: q for s in data["sections"] for q in s["questions"]} | {"_": data}


def kickoff(dtr, name: str = "alice", **answers: object) -> Path:
    payload = json.dumps({**KICKOFF, **answers})
    result = ok(dtr("kickoff", name, "--new", "-a", "-", "--date", START, input=payload))
    return Path(result.stdout.strip())


def test_the_kickoff_asks_what_the_pages_ask(dtr):
    k = shown(dtr, "kickoff")
    # A weekly baseline leaves no room for "only when needed".
    assert k["contact_frequency"]["choices"] == ["Daily", "A few times a week", "Once a week"]
    assert "at least once a week" in k["contact_frequency"]["help"]
    # How soon *we* acknowledge, both of us; supports *and resources*.
    assert "one of us" in k["ack_time"]["prompt"] and "we" in k["ack_time"]["prompt"].split()
    assert "resources" in k["other_supports"]["prompt"]
    intro = " ".join(k["_"]["sections"][0]["intro"].split())
    assert "move a meeting or change a pairing the two of you agreed on" in intro
    assert "schedule will change" not in intro


def test_the_exit_asks_about_the_portfolio_review_and_the_instructors_focus(dtr):
    e = shown(dtr, "exit")
    assert e["portfolio_review"]["prompt"] == "How did the portfolio review go?"
    assert "instructors say to focus on" in e["next_focus"]["prompt"]
    assert e["norms_kept"]["recall"] == "kickoff.norms"
    assert e["outcome"]["private"] is True


def test_every_built_in_has_a_new_version(dtr):
    versions = {t: load_registry().get(t).version for t in ("kickoff", "midmod", "exit")}
    assert versions == {"kickoff": 2, "midmod": 2, "exit": 2}
    assert load_registry().get("checkin").version == 1


def test_the_norms_are_put_together_from_the_answers_and_shared(dtr):
    note = kickoff(dtr, norms_agreed="yes")
    text = note.read_text(encoding="utf-8")
    norms = text.split("<!-- dtr:q norms -->", 1)[1].split("###", 1)[0].strip().splitlines()
    assert norms == [
        "- We meet each week: Tuesdays 18:00, on video (30 minutes or more).",
        "- Between meetings we reach each other on Slack.",
        '- When too busy for a full reply, we still say "got it": The same day.',
        "- A full reply follows: Within a day (two working days at most).",
        "- A check-in over chat every week, even a short one.",
        "- Whoever needs to move a meeting or change a pairing we agreed on says so early.",
    ]  # the line of contact_frequency, not answered, is left out
    assert "<!-- dtr:q norms_agreed -->\n\nYes" in text
    assert text.rstrip().endswith("Yes")  # the kick-off ends with the agreement
    shared = ok(dtr("share", "alice")).stdout
    assert (
        "## Our agreement" in shared
        and "- Between meetings we reach each other on Slack." in shared
    )
    assert "**Do we both agree to these norms?**" in shared


def test_norms_written_in_the_answers_file_are_kept_as_written(dtr):
    note = kickoff(dtr, norms="We meet on Tuesdays, whatever happens.")
    assert "We meet on Tuesdays, whatever happens." in note.read_text(encoding="utf-8")
    assert "Between meetings we reach" not in note.read_text(encoding="utf-8")


def test_the_interview_fills_in_the_norms_to_read_back(dtr, keys):  # noqa: F811
    template = load_registry().get("kickoff")
    strokes = strokes_for(
        template.questions,
        meeting_time="Thursdays 7:30" + ENTER,
        norms=" And we keep our cameras on." + SUBMIT_MULTILINE,  # added to the last line
        norms_agreed=DOWN + ENTER,  # (skip), [Yes], No
    )
    keys(*strokes, ENTER, "n", "n")  # save; neither the meeting time nor the channel kept
    result = ok(dtr("kickoff", "alice", "--new"))
    text = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert "- We meet each week: Thursdays 7:30 (30 minutes or more)." in text
    assert "agreed on says so early. And we keep our cameras on." in text
    assert "<!-- dtr:q norms_agreed -->\n\nYes" in text


@pytest.mark.parametrize("later", ["midmod", "exit"])
def test_the_norms_are_recalled_at_mid_module_and_exit(dtr, keys, later):  # noqa: F811
    kickoff(dtr)
    keys(*strokes_for(load_registry().get(later).questions), ENTER)
    result = ok(dtr(later, "alice"))
    said = result.stderr
    assert "Earlier: - We meet each week: Tuesdays 18:00, on video (30 minutes or more)." in said
    assert f"{START} kickoff)" in said


def test_the_mid_module_intro_names_the_programs_own_mid_mod_day(dtr, keys):  # noqa: F811
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    ok(dtr("mentee", "dates", "alice", "add", "2026-11-20", "Mid-mod assessment", "--program"))
    keys(*strokes_for(load_registry().get("midmod").questions), ENTER)
    said = " ".join(ok(dtr("midmod", "alice")).stderr.split())
    assert "Mid-mod assessment is on Friday 20 November (week 3); hold this chat soon after" in said
    assert "on its own day" not in said

    ok(dtr("mentee", "add", "bob", "--start", START))  # no such key date
    keys(*strokes_for(load_registry().get("midmod").questions), ENTER)
    said = " ".join(ok(dtr("midmod", "bob")).stderr.split())
    assert "holds its mid-module assessment on its own day" in said
    assert "end of week 3" not in said


def test_a_template_whose_default_or_dated_intro_names_nothing_is_refused(dtr, tmp_path: Path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "id: t\ntitle: T\nsections:\n  - title: S\n    questions:\n"
        "      - {id: a, prompt: A?}\n"
        "      - {id: b, prompt: B?, type: multiline, default: 'We said {a} and {c}.'}\n",
        encoding="utf-8",
    )
    one_line_error(dtr("templates", "validate", str(path)), "question 'b'", "{c}")
    path.write_text(
        "id: t\ntitle: T\nsections:\n  - title: S\n"
        "    dated_intro: {key_date: review, text: 'On {day}.'}\n"
        "    questions:\n      - {id: a, prompt: A?}\n",
        encoding="utf-8",
    )
    one_line_error(dtr("templates", "validate", str(path)), "dated_intro", "{day}")
    path.write_text(
        "id: t\ntitle: T\nsections:\n  - title: S\n    dated_intro: soon\n"
        "    questions:\n      - {id: a, prompt: A?}\n",
        encoding="utf-8",
    )
    one_line_error(dtr("templates", "validate", str(path)), "'dated_intro' must be a mapping")
