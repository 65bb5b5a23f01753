"""The interview keeps pace with a meeting: a count that never jumps, checkbox answers
shown ticked, "Other" asking for its text, a follow-up review that can be left for
later and names where each item is from, and a review that fits a small terminal.
Driven through prompt_toolkit's pipe input (the ``keys`` fixture)."""

# ruff: noqa: F811 (the ``keys`` fixture is imported from the pipe tests)
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dtrcli.conversation import interview
from dtrcli.conversation.record import answers_of
from dtrcli.conversation.templates import load_registry, parse_template
from dtrcli.errors import TemplateError
from dtrcli.notebook.notes import read_note
from tests.cli.test_interview_pipe import CTRL_C, DOWN, ENTER, SPACE, keys, strokes_for  # noqa: F401
from tests.support.cli import ok
from tests.support.homes import known

pytestmark = pytest.mark.timeout(30)


@pytest.fixture(autouse=True)
def known_alice(home: Path) -> None:
    """Alice is a mentee already (a kick-off or dtr mentee add made her folder)."""
    known("alice")


FRIDAYS = "Fridays" + ENTER  # the kick-off's one required text (no time: no profile offer)
KICKOFF_ANSWERS = Path(__file__).parents[1] / "data" / "kickoff-answers.yaml"

OTHERS = """\
id: checkin
title: Weekly check-in
sections:
  - title: Reach
    questions:
      - id: channel
        prompt: Where do we talk?
        type: select
        required: true
        choices: [Slack, Email, {label: Other, other: true}]
      - id: tools
        prompt: Tools used
        type: checkbox
        choices: [Git, SQL, {label: Something else, other: true}]
      - {id: secret, prompt: Just for me, type: text, private: true}
"""


class Recorder:
    """A UI that answers from a table and keeps the position each question showed."""

    def __init__(self, given: dict[str, Any]) -> None:
        self.given = given
        self.positions: list[tuple[str, str]] = []

    def section(self, section: Any) -> None:
        pass

    def ask(self, q, position, current, recalled, typed):  # type: ignore[no-untyped-def]
        self.positions.append((q.id, position))
        return self.given.get(q.id)

    def review(self, template, answers):  # type: ignore[no-untyped-def]
        return interview.SAVE, None


BRANCHING = {
    "id": "t",
    "title": "T",
    "sections": [
        {
            "title": "S",
            "questions": [
                {"id": "a", "prompt": "A?", "type": "confirm"},
                {"id": "b", "prompt": "B?", "when": {"question": "a", "equals": True}},
                {"id": "c", "prompt": "C?", "when": {"question": "b", "answered": True}},
                {"id": "d", "prompt": "D?"},
                {"id": "e", "prompt": "E?", "when": {"question": "d", "equals": "x"}},
                {"id": "f", "prompt": "F?"},
            ],
        }
    ],
}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # Nothing rules a question out: the count is the whole template from the start.
        (
            {"a": True, "b": "y", "d": "x"},
            [("a", "1/6"), ("b", "2/6"), ("c", "3/6"), ("d", "4/6"), ("e", "5/6"), ("f", "6/6")],
        ),
        # "No" rules out b, and so c which hangs on b: the count drops, never grows.
        ({"a": False, "d": "z"}, [("a", "1/6"), ("d", "2/4"), ("f", "3/3")]),
    ],
)
def test_the_count_never_grows_when_a_conditional_question_appears(given, expected):
    ui = Recorder(given)
    interview.run_interview(parse_template(BRANCHING), ui)  # type: ignore[arg-type]
    assert ui.positions == expected
    totals = [int(p.split("/")[1]) for _, p in ui.positions]
    places = [int(p.split("/")[0]) for _, p in ui.positions]
    assert totals == sorted(totals, reverse=True)
    assert places == list(range(1, len(places) + 1))


def test_checkbox_answers_stay_on_screen_as_ticked_items(dtr, keys, user_templates: Path):
    (user_templates / "checkin.yaml").write_text(OTHERS, encoding="utf-8")
    keys(ENTER, SPACE + DOWN + SPACE + ENTER, ENTER, ENTER)  # Slack; Git and SQL
    result = ok(dtr("run", "checkin", "alice"))
    assert "? [2/3] Tools used\n  [x] Git\n  [x] SQL\n" in result.stderr
    assert "selections" not in result.stderr


def test_other_asks_for_its_text_and_the_note_records_it(dtr, keys, user_templates: Path):
    (user_templates / "checkin.yaml").write_text(OTHERS, encoding="utf-8")
    keys(
        DOWN + DOWN + ENTER,  # Other
        "Discord" + ENTER,  # ... which?
        SPACE + DOWN + DOWN + SPACE + ENTER,  # Git and Something else
        "Docker" + ENTER,
        ENTER,  # secret
        ENTER,  # save
    )
    result = ok(dtr("run", "checkin", "alice"))
    assert "Other: which?" in result.stderr or "Discord" in result.stderr
    note = read_note(Path(result.stdout.strip()))
    values = answers_of(note, load_registry().get("checkin"))
    assert values["channel"] == "Discord"
    assert values["tools"] == ["Git", "Docker"]


def test_other_left_empty_keeps_its_label(dtr, keys, user_templates: Path):
    (user_templates / "checkin.yaml").write_text(OTHERS, encoding="utf-8")
    keys(DOWN + DOWN + ENTER, ENTER, ENTER, ENTER, ENTER)
    result = ok(dtr("run", "checkin", "alice"))
    values = answers_of(read_note(Path(result.stdout.strip())), load_registry().get("checkin"))
    assert values["channel"] == "Other"


def test_an_answers_file_may_give_the_text_of_other(dtr, user_templates: Path, tmp_path: Path):
    (user_templates / "checkin.yaml").write_text(OTHERS, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("channel: Discord\ntools: [Git, Docker]\n", encoding="utf-8")
    path = Path(ok(dtr("run", "checkin", "alice", "-a", str(answers))).stdout.strip())
    values = answers_of(read_note(path), load_registry().get("checkin"))
    assert values["channel"] == "Discord" and values["tools"] == ["Git", "Docker"]


def test_the_kickoffs_other_channel_asks_which(dtr, keys, home: Path):
    kickoff = load_registry().get("kickoff")
    channel = kickoff.question("channel")
    assert channel is not None and channel.other == "Other"
    pick = DOWN * channel.choices.index("Other") + ENTER + "Discord" + ENTER
    keys(*strokes_for(kickoff.questions, channel=pick, meeting_time=FRIDAYS), ENTER, "n")
    result = ok(dtr("kickoff", "alice"))
    values = answers_of(read_note(Path(result.stdout.strip())), kickoff)
    assert values["channel"] == "Discord"
    assert "Between meetings we reach each other on Discord." in values["norms"]


@pytest.mark.parametrize(
    ("choices", "problem"),
    [
        ([{"label": "A", "other": True}, {"label": "B", "other": True}], "only one choice"),
        ([{"other": True}], "needs a 'label'"),
        ([{"label": "A", "othre": True}], "did you mean 'other'"),
        ([{"label": "A", "other": "yes"}], "'other' must be true or false"),
    ],
)
def test_a_bad_other_choice_is_refused_by_name(choices, problem):
    data = yaml.safe_load(OTHERS)
    data["sections"][0]["questions"][0]["choices"] = choices
    with pytest.raises(TemplateError, match=problem):
        parse_template(data)


def test_templates_show_json_gives_the_other_choice(dtr, user_templates: Path):
    import json

    (user_templates / "checkin.yaml").write_text(OTHERS, encoding="utf-8")
    data = json.loads(ok(dtr("templates", "show", "checkin", "--json")).stdout)
    choices = data["sections"][0]["questions"][0]["choices"]
    assert choices == ["Slack", "Email", {"label": "Other", "other": True}]


# --- the follow-up review ------------------------------------------------------------


def kickoff_with_followups(dtr) -> Path:
    said = ok(dtr("kickoff", "alice", "-a", str(KICKOFF_ANSWERS), "--date", "2026-11-02"))
    return Path(said.stdout.strip())


def test_the_followups_name_the_note_and_question_and_can_all_stay_open(dtr, keys):
    kickoff = kickoff_with_followups(dtr)
    before = kickoff.read_text(encoding="utf-8")
    midmod = load_registry().get("midmod")
    keys(DOWN + ENTER, *strokes_for(midmod.questions), ENTER)  # Leave all open
    result = ok(dtr("midmod", "alice"))
    prompt = load_registry().get("kickoff").question("followups").prompt  # type: ignore[union-attr]
    assert f"From 2026-11-02 kickoff, {prompt}:\n   1. Alice shares her project repo\n" in (
        result.stderr
    )
    assert "2 follow-ups left open." in result.stderr
    assert kickoff.read_text(encoding="utf-8") == before  # nothing ticked
    values = answers_of(read_note(Path(result.stdout.strip())), midmod)
    assert values.get("followups") is None  # nothing carried


def test_decide_later_leaves_them_open_and_is_not_asked_again(dtr, keys, home: Path):
    kickoff = kickoff_with_followups(dtr)
    before = kickoff.read_text(encoding="utf-8")
    midmod = load_registry().get("midmod")
    # Decide later, then stop at the first question: the draft remembers the decision.
    keys(DOWN + DOWN + ENTER, CTRL_C)
    stopped = dtr("midmod", "alice")
    assert stopped.exit_code == 130  # stopped as by Ctrl-C
    assert "left open to decide later" in stopped.stderr
    keys(ENTER, *strokes_for(midmod.questions), ENTER)  # resume: straight to the questions
    result = ok(dtr("midmod", "alice"))
    assert "Open follow-ups" not in result.stderr
    assert kickoff.read_text(encoding="utf-8") == before
    # The next conversation offers them again.
    keys(DOWN + ENTER, *strokes_for(load_registry().get("exit").questions), ENTER)
    again = ok(dtr("exit", "alice"))
    assert "Open follow-ups (2)" in again.stderr
    assert kickoff.read_text(encoding="utf-8") == before


def test_one_by_one_can_leave_the_rest_open(dtr, keys):
    kickoff = kickoff_with_followups(dtr)
    midmod = load_registry().get("midmod")
    # One by one: the first done, then "leave it and the rest open".
    keys(ENTER, DOWN + ENTER, DOWN * 4 + ENTER, *strokes_for(midmod.questions), ENTER)
    result = ok(dtr("midmod", "alice"))
    assert "1/2 from 2026-11-02 kickoff" in result.stderr
    text = kickoff.read_text(encoding="utf-8")
    assert "- [x] Alice shares her project repo" in text
    assert "- [ ] Sam sends the SQL joins article" in text


# --- the review before saving ----------------------------------------------------------


def test_the_review_marks_private_answers(dtr, keys, user_templates: Path):
    (user_templates / "checkin.yaml").write_text(OTHERS, encoding="utf-8")
    keys(ENTER, ENTER, "only mine" + ENTER, ENTER)
    result = ok(dtr("run", "checkin", "alice"))
    row = next(line for line in result.stderr.splitlines() if "Just for me" in line and "3" in line)
    assert "(private) only mine" in row
    shared = next(line for line in result.stderr.splitlines() if "Where do we talk?" in line)
    assert "(private)" not in shared


def test_the_review_fits_a_24_row_terminal_a_page_at_a_time(
    dtr, keys, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("LINES", "24")
    kickoff = load_registry().get("kickoff")
    total = len(kickoff.questions)
    assert total > 14  # more answers than one page holds
    # Save this note? -> More answers (15-N), then save from the second page.
    keys(*strokes_for(kickoff.questions, meeting_time=FRIDAYS), DOWN + DOWN + ENTER, ENTER, "n")
    result = ok(dtr("kickoff", "alice"))
    err = result.stderr
    assert f"Module kick-off DTR: your answers (1-14 of {total})" in err
    assert f"Module kick-off DTR: your answers (15-{total} of {total})" in err
    # Every line of a page's table is one line of the terminal.
    table = err[err.index("(1-14 of") : err.index(f"(15-{total}")]
    rows = [line for line in table.splitlines()[1:] if line.strip()]
    assert all(len(line) <= 60 for line in rows)
    assert len(rows) <= 24 - 5  # with the title and the prompt under it


def test_a_prompt_wider_than_the_terminal_is_wrapped_between_words(
    dtr, keys, user_templates: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("COLUMNS", "60")
    long = "In a few words, how did this week of the module go for you overall?"
    (user_templates / "checkin.yaml").write_text(
        OTHERS.replace("Just for me", f'"{long}"'), encoding="utf-8"
    )
    keys(ENTER, ENTER, "fine" + ENTER, ENTER)
    err = ok(dtr("run", "checkin", "alice")).stderr
    lines = err[err.index("[3/3]") - 2 : err.index("(Enter to skip)") + 15].splitlines()
    assert len(lines) > 1 and all(len(line) <= 60 for line in lines)
    # Joined with spaces, the lines read as the prompt: no word was broken.
    assert " ".join(" ".join(lines).split()) == f"? [3/3] {long} (Enter to skip)"
