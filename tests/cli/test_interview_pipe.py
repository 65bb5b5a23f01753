"""The interview driven through prompt_toolkit's pipe input, end to end through the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from dtrcli.conversation import terminal as interview
from dtrcli.conversation.record import answers_of
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook import locks
from dtrcli.notebook.notes import read_note
from tests.support.cli import ok, one_line_error
from tests.support.homes import known

pytestmark = pytest.mark.timeout(30)

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
SUBMIT_MULTILINE = "\x1b\r"
CTRL_C = "\x03"

ALL_TYPES = """\
id: checkin
title: Weekly check-in
weeks: [2]
sections:
  - title: How it went
    intro: Five minutes, no more.
    questions:
      - {id: mood, prompt: How was the week?, type: scale, required: true}
      - {id: summary, prompt: One line summary, type: text}
      - {id: details, prompt: Tell me more, type: multiline}
      - {id: track, prompt: Which track?, type: select, choices: [Back end, Front end]}
      - {id: topics, prompt: Topics covered, type: checkbox, choices: [SQL, Ruby, CSS]}
      - {id: blocked, prompt: Blocked on anything?, type: confirm}
      - {id: blocker, prompt: What is blocking you?, type: text,
         when: {question: blocked, equals: true}}
      - {id: next_date, prompt: Next session, type: date}
      - {id: followups, prompt: Follow-ups, type: list}
"""


def strokes_for(questions, **typed: str) -> list[str]:
    """Keys that answer each question: ``typed`` ones as given, the rest left empty."""
    return [
        typed.get(q.id, SUBMIT_MULTILINE if q.type == "multiline" else ENTER) for q in questions
    ]


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """Feed keystrokes to every prompt of one dtr run; the pipe closes after them."""
    monkeypatch.setattr(interview, "stdin_is_terminal", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):

        def send(*strokes: str) -> None:
            for s in strokes:
                pipe.send_text(s)

        yield send


def test_every_question_type_is_asked_and_saved(dtr, keys, user_templates: Path, home: Path):
    known("Alice Smith")
    (user_templates / "checkin.yaml").write_text(ALL_TYPES, encoding="utf-8")
    keys(
        "4" + ENTER,  # scale
        "Good week" + ENTER,  # text
        "Line one\nLine two" + SUBMIT_MULTILINE,  # multiline
        DOWN + DOWN + ENTER,  # select: (skip), Back end, [Front end]
        SPACE + DOWN + DOWN + SPACE + ENTER,  # checkbox: SQL and CSS
        DOWN + ENTER,  # confirm as select: (skip), [Yes], No
        "Flaky tests" + ENTER,  # blocker (asked because blocked = yes)
        "2026-12-01" + ENTER,  # date
        # list: each follow-up asks who and by when; Enter leaves it
        "Pair on SQL" + ENTER + ENTER + "Read the CSS guide" + ENTER + ENTER + ENTER,
        ENTER,  # review: Save the note
    )
    result = ok(dtr("run", "checkin", "Alice Smith"))
    path = Path(result.stdout.strip())
    assert path.parent == home / "alice-smith"
    assert path.name.endswith("-checkin.md")
    template = load_registry().get("checkin")
    values = answers_of(read_note(path), template)
    assert values == {
        "mood": 4,
        "summary": "Good week",
        "details": "Line one\nLine two",
        "track": "Front end",
        "topics": ["SQL", "CSS"],
        "blocked": True,
        "blocker": "Flaky tests",
        "next_date": "2026-12-01",
        "followups": ["Pair on SQL", "Read the CSS guide"],
    }
    # Sections and their intro are shown; the draft is gone once the note is saved.
    assert "How it went" in result.stderr
    assert "Five minutes, no more." in result.stderr
    assert not (home / "alice-smith" / ".draft-checkin.yaml").exists()


def test_bare_enter_skips_optional_questions(dtr, keys, user_templates: Path):
    known("bob")
    (user_templates / "checkin.yaml").write_text(ALL_TYPES, encoding="utf-8")
    keys(
        "3" + ENTER,  # the one required question
        ENTER,  # text
        SUBMIT_MULTILINE,  # multiline left empty
        ENTER,  # select -> (skip)
        ENTER,  # checkbox, nothing chosen
        ENTER,  # confirm -> (skip); so 'blocker' is not asked
        ENTER,  # date
        ENTER,  # list, no items
        ENTER,  # save
    )
    result = ok(dtr("run", "checkin", "bob"))
    note = read_note(Path(result.stdout.strip()))
    values = answers_of(note, load_registry().get("checkin"))
    assert values["mood"] == 3
    assert all(values[k] is None for k in values if k != "mood")
    assert "blocker" not in values


def test_esc_enter_on_a_choice_list_asks_it_again(dtr, keys, user_templates: Path):
    """Esc then Enter ends a multiline answer; on a list of choices it must not answer ''."""
    known("bob")
    (user_templates / "checkin.yaml").write_text(ALL_TYPES, encoding="utf-8")
    keys(
        "4" + ENTER,  # scale
        ENTER,  # text
        SUBMIT_MULTILINE,  # multiline
        SUBMIT_MULTILINE + DOWN + ENTER,  # select: ignored, then Back end
        SUBMIT_MULTILINE + SPACE + ENTER,  # checkbox: ignored, then SQL
        SUBMIT_MULTILINE + DOWN + DOWN + ENTER,  # confirm: ignored, then No
        ENTER,  # date
        ENTER,  # list
        SUBMIT_MULTILINE + ENTER,  # review: ignored, then Save the note
    )
    result = ok(dtr("run", "checkin", "bob"))
    assert "unexpected" not in result.stderr
    values = answers_of(read_note(Path(result.stdout.strip())), load_registry().get("checkin"))
    assert values["track"] == "Back end"
    assert values["topics"] == ["SQL"]
    assert values["blocked"] is False


def test_required_question_cannot_be_skipped(dtr, keys, user_templates: Path):
    known("bob")
    (user_templates / "checkin.yaml").write_text(ALL_TYPES, encoding="utf-8")
    # A bare Enter on the required scale is refused; '9' is out of range; then 2 is taken.
    keys(ENTER, "9" + ENTER, "\x7f2" + ENTER)
    keys(ENTER, SUBMIT_MULTILINE, ENTER, ENTER, ENTER, ENTER, ENTER, ENTER)
    result = ok(dtr("run", "checkin", "bob"))
    values = answers_of(read_note(Path(result.stdout.strip())), load_registry().get("checkin"))
    assert values["mood"] == 2


def test_review_lets_the_mentor_change_an_answer(dtr, keys, user_templates: Path):
    known("bob")
    (user_templates / "checkin.yaml").write_text(ALL_TYPES, encoding="utf-8")
    keys(
        "3" + ENTER,
        "First try" + ENTER,
        SUBMIT_MULTILINE,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        DOWN + ENTER,  # review: Change an answer
        DOWN + ENTER,  # which: 2. One line summary
        "\x15Second try" + ENTER,  # Ctrl-U clears the old answer shown as default
        ENTER,  # review again: Save
    )
    result = ok(dtr("run", "checkin", "bob"))
    values = answers_of(read_note(Path(result.stdout.strip())), load_registry().get("checkin"))
    assert values["summary"] == "Second try"
    assert "your answers" in result.stderr


def test_changing_an_answer_can_be_called_off(dtr, keys, user_templates: Path):
    known("bob")
    (user_templates / "checkin.yaml").write_text(ALL_TYPES, encoding="utf-8")
    keys("3" + ENTER, "Kept" + ENTER, SUBMIT_MULTILINE, *[ENTER] * 5)
    keys(DOWN + ENTER, UP + ENTER, ENTER)  # Change an answer; (none: back); Save
    result = ok(dtr("run", "checkin", "bob"))
    assert result.stderr.count("your answers") == 2  # the review, shown again
    values = answers_of(read_note(Path(result.stdout.strip())), load_registry().get("checkin"))
    assert values["summary"] == "Kept"


def test_kickoff_skipping_all_but_required(dtr, keys, home: Path):
    """The built-in kick-off: answer only what is required, Enter through the rest."""
    template = load_registry().get("kickoff")
    # The required select (channel) takes its first choice on Enter.
    strokes = strokes_for(template.questions, meeting_time="Tuesdays 18:00" + ENTER)
    # Save, then accept the offer to put the meeting time in the profile, decline the channel.
    keys(*strokes, ENTER, ENTER, "n")
    result = ok(dtr("kickoff", "alice", "--new"))
    note = read_note(Path(result.stdout.strip()))
    values = answers_of(note, template)
    assert values["meeting_time"] == "Tuesdays 18:00"
    assert values["channel"] == template.question("channel").choices[0]
    profile = (home / "alice" / "mentee.yaml").read_text(encoding="utf-8")
    assert "meets: Tue 18:00" in profile
    assert "channel" not in profile
    assert template.sections[0].title in result.stderr


def test_a_yes_to_the_profile_counts_even_if_the_next_offer_is_stopped(dtr, keys, home: Path):
    template = load_registry().get("kickoff")
    strokes = strokes_for(template.questions, meeting_time="Mondays 10:00" + ENTER)
    keys(*strokes, ENTER, ENTER, CTRL_C)  # save; yes to the meeting time; Ctrl-C at channel
    result = ok(dtr("kickoff", "rae", "--new"))
    assert Path(result.stdout.strip()).is_file()
    assert "meets: Mon 10:00" in (home / "rae" / "mentee.yaml").read_text(encoding="utf-8")


def test_ctrl_c_keeps_a_draft_and_says_how_to_resume(dtr, keys, home: Path):
    keys("Sam and Alice" + ENTER, CTRL_C)
    result = dtr("kickoff", "alice", "--new")
    assert result.exit_code == 130
    draft = home / "alice" / ".draft-kickoff.yaml"
    assert draft.exists()
    assert "Sam and Alice" in draft.read_text(encoding="utf-8")
    assert "dtr kickoff alice" in result.stderr
    assert "the 1 answer so far is kept" in result.stderr.replace("\n", " ")
    assert str(draft) in result.stderr.replace("\n", "")
    assert "error" not in result.stderr  # stopping on purpose is not an error
    assert not list((home / "alice").glob("*.md"))
    assert result.stdout == ""


def test_resume_asks_only_what_is_unanswered(dtr, keys, home: Path):
    keys("Sam and Alice" + ENTER, CTRL_C)
    assert dtr("kickoff", "alice", "--new").exit_code == 130
    template = load_registry().get("kickoff")
    strokes = strokes_for(template.questions[1:], meeting_time="Tuesdays" + ENTER)
    keys(*strokes, ENTER, "n")  # save; no profile channel
    result = ok(dtr("kickoff", "alice", "--new", "--resume"))
    values = answers_of(read_note(Path(result.stdout.strip())), template)
    assert values[template.questions[0].id] == "Sam and Alice"
    assert values["meeting_time"] == "Tuesdays"
    assert not (home / "alice" / ".draft-kickoff.yaml").exists()


SHORT = """\
id: short
title: Short talk
sections:
  - title: Only
    questions:
      - {id: first, prompt: First?, type: text}
      - {id: second, prompt: Second?, type: text}
"""


def test_a_resumed_draft_takes_the_date_given(dtr, keys, user_templates: Path, home: Path):
    known("bob")
    known("alice")
    (user_templates / "short.yaml").write_text(SHORT, encoding="utf-8")
    keys("One" + ENTER, CTRL_C)
    assert dtr("run", "short", "alice", "--date", "2026-11-02").exit_code == 130
    keys("Two" + ENTER, ENTER)
    result = ok(dtr("run", "short", "alice", "--resume", "--date", "2026-11-05"))
    path = Path(result.stdout.strip())
    assert path.name == "2026-11-05-short.md"
    assert read_note(path).date == "2026-11-05"
    assert "2026-11-05 (--date), not 2026-11-02" in result.stderr
    # Without --date a resumed draft keeps the day it was started.
    keys("One" + ENTER, CTRL_C)
    assert dtr("run", "short", "bob", "--date", "2026-11-03").exit_code == 130
    keys("Two" + ENTER, ENTER)
    result = dtr("run", "short", "bob", "--resume")
    assert Path(result.stdout.strip()).name == "2026-11-03-short.md"


def test_a_draft_with_an_impossible_date_still_resumes(dtr, keys, user_templates: Path, home: Path):
    known("alice")
    (user_templates / "short.yaml").write_text(SHORT, encoding="utf-8")
    keys("One" + ENTER, CTRL_C)
    assert dtr("run", "short", "alice", "--date", "2026-11-02").exit_code == 130
    draft = home / "alice" / ".draft-short.yaml"
    text = draft.read_text(encoding="utf-8")
    assert "2026-11-02" in text
    draft.write_text(text.replace("'2026-11-02'", "2026-02-30"), encoding="utf-8")
    listing = ok(dtr("drafts", "--json"))
    assert json.loads(listing.stdout)[0]["answers"] == 1
    keys("Two" + ENTER, ENTER)
    result = ok(dtr("run", "short", "alice", "--resume"))
    assert "'2026-02-30' is not a date" in result.stderr
    values = answers_of(read_note(Path(result.stdout.strip())), None)
    assert values == {"first": "One", "second": "Two"}


def test_resume_menu_discard_starts_clean(dtr, keys, home: Path):
    keys("Sam and Alice" + ENTER, CTRL_C)
    assert dtr("kickoff", "alice", "--new").exit_code == 130
    template = load_registry().get("kickoff")
    strokes = [DOWN + DOWN + ENTER]  # Resume / Start over / [Discard]
    strokes += strokes_for(template.questions, meeting_time="Fridays" + ENTER)
    keys(*strokes, ENTER, "n")  # save; no profile channel
    result = ok(dtr("kickoff", "alice", "--new"))
    values = answers_of(read_note(Path(result.stdout.strip())), template)
    assert values[template.questions[0].id] is None
    assert list((home / "alice").glob(".draft-*")) == []


def test_start_over_keeps_the_old_draft_until_saved(dtr, keys, home: Path):
    keys("First words" + ENTER, CTRL_C)
    assert dtr("kickoff", "alice", "--new").exit_code == 130
    keys("Other words" + ENTER, CTRL_C)
    result = dtr("kickoff", "alice", "--new", "--fresh")
    assert result.exit_code == 130
    texts = [p.read_text(encoding="utf-8") for p in (home / "alice").glob(".draft-*")]
    assert any("First words" in t for t in texts)
    assert any("Other words" in t for t in texts)


def test_recall_shows_the_kickoff_answer_above_the_prompt(dtr, keys):
    answers = Path(__file__).parents[1] / "data" / "kickoff-answers.yaml"
    ok(dtr("kickoff", "alice", "--new", "-a", str(answers), "--date", "2026-11-02"))
    template = load_registry().get("midmod")
    strokes = strokes_for(template.questions)
    # The kick-off's two open follow-ups come first: one by one, carry both.
    keys(ENTER, ENTER, ENTER, *strokes, ENTER)
    result = ok(dtr("midmod", "alice"))
    assert "Earlier: SQL joins (2026-11-02 kickoff)" in result.stderr


def test_drafts_lists_the_unfinished_interview(dtr, keys, home: Path):
    assert dtr("drafts").stderr.strip() == "No unfinished interviews."
    keys("Sam and Alice" + ENTER, "\x1b\r", CTRL_C)
    assert dtr("kickoff", "Alice Smith", "--new").exit_code == 130
    rows = json.loads(dtr("drafts", "--json").stdout)
    assert len(rows) == 1
    assert rows[0]["mentee"] == "Alice Smith"
    assert rows[0]["template"] == "kickoff"
    assert rows[0]["answers"] == 1
    assert rows[0]["resume"] == "dtr kickoff alice-smith"
    table = dtr("drafts").stdout
    assert "Alice Smith" in table and "just now" in table and "dtr kickoff alice-smith" in table


def test_unreadable_draft_is_reported_and_kept(dtr, keys, home: Path):
    folder = home / "alice"
    folder.mkdir(parents=True)
    (folder / ".draft-kickoff.yaml").write_text("answers: [unclosed", encoding="utf-8")
    listing = dtr("drafts")
    assert ".draft-kickoff.yaml" in listing.stderr and "cannot be read" in listing.stderr
    keys(CTRL_C)
    result = dtr("kickoff", "alice", "--new")
    assert result.exit_code == 130
    assert "cannot be read" in result.stderr
    kept = list(folder.glob(".draft-kickoff.unreadable-*.yaml"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == "answers: [unclosed"
    assert "left in place" not in result.stderr and str(kept[0]) in result.stderr
    assert dtr("drafts").stderr.strip() == "No unfinished interviews."  # named once, above


def test_ctrl_c_at_the_resume_menu_leaves_the_draft(dtr, keys, home: Path):
    keys("Sam and Alice" + ENTER, CTRL_C)
    assert dtr("kickoff", "alice", "--new").exit_code == 130
    draft = home / "alice" / ".draft-kickoff.yaml"
    before = draft.read_text(encoding="utf-8")
    keys(CTRL_C)
    result = dtr("kickoff", "alice", "--new")
    assert result.exit_code == 130
    assert "untouched" in result.stderr
    assert draft.read_text(encoding="utf-8") == before


def test_open_followups_are_carried_done_or_dropped(dtr, keys, home: Path):
    answers = Path(__file__).parents[1] / "data" / "kickoff-answers.yaml"
    kickoff = Path(
        dtr("kickoff", "alice", "--new", "-a", str(answers), "--date", "2026-11-02").stdout.strip()
    )
    template = load_registry().get("midmod")
    strokes = strokes_for(
        template.questions, followups="Book a mock interview" + ENTER + ENTER + ENTER
    )
    # One by one; first follow-up: carry (the default); second: Done.
    keys(ENTER, ENTER, DOWN + ENTER, *strokes, ENTER)
    result = ok(dtr("midmod", "alice"))
    assert "Open follow-ups" in result.stderr
    # The review before saving shows the carried follow-up as the note will hold it.
    assert "Alice shares her project repo; Book a mock interview" in result.stderr
    midmod = Path(result.stdout.strip())
    values = answers_of(read_note(midmod), template)
    assert values["followups"] == ["Alice shares her project repo", "Book a mock interview"]
    old = kickoff.read_text(encoding="utf-8")
    assert "- [x] Alice shares her project repo (carried)" in old
    assert "- [x] Sam sends the SQL joins article" in old
    # Next time, only the carried copy is open; drop it.
    listed = json.loads(dtr("followups", "alice", "--json").stdout)
    assert [f["text"] for f in listed] == ["Alice shares her project repo", "Book a mock interview"]
    exit_t = load_registry().get("exit")
    strokes = strokes_for(exit_t.questions)
    keys(ENTER, DOWN + DOWN + ENTER, ENTER, *strokes, ENTER)  # drop the first; carry the second
    result = ok(dtr("exit", "alice"))
    assert "- [x] ~~Alice shares her project repo~~ (dropped)" in midmod.read_text(encoding="utf-8")
    assert "- [x] Book a mock interview (carried)" in midmod.read_text(encoding="utf-8")
    values = answers_of(read_note(Path(result.stdout.strip())), exit_t)
    assert values["followups"] == ["Book a mock interview"]


def test_a_name_without_its_accents_finds_the_mentee(dtr, keys, user_templates, home: Path):
    (user_templates / "short.yaml").write_text(SHORT, encoding="utf-8")
    answers = json.dumps({"names_pronouns": "Zoë", "meeting_time": "Tue", "channel": "Slack"})
    ok(dtr("kickoff", "Zoë O'Brien-Łukasz", "--new", "-a", "-", input=answers))
    keys("One" + ENTER, "Two" + ENTER, ENTER)
    result = ok(dtr("run", "short", "Zoe OBrien-Lukasz"))
    assert Path(result.stdout.strip()).parent == home / "zoë-obrien-łukasz"
    assert not (home / "zoe-obrien-lukasz").exists()


def test_a_conversation_dated_earlier_sees_nothing_from_later_notes(dtr, keys):
    answers = Path(__file__).parents[1] / "data" / "kickoff-answers.yaml"
    ok(dtr("kickoff", "kim", "--new", "-a", str(answers), "--date", "2026-11-20"))
    keys(*strokes_for(load_registry().get("midmod").questions), ENTER)
    result = ok(dtr("midmod", "kim", "--date", "2026-11-10"))
    assert "Open follow-ups" not in result.stderr  # they were agreed after this day
    assert "Earlier:" not in result.stderr


def test_a_draft_kept_aside_can_be_resumed_later(dtr, keys, home: Path):
    keys("First words" + ENTER, CTRL_C)
    assert dtr("kickoff", "erin", "--new").exit_code == 130
    keys("Other words" + ENTER, CTRL_C)
    assert dtr("kickoff", "erin", "--new", "--fresh").exit_code == 130
    rows = {r["path"]: r["resume"] for r in json.loads(dtr("drafts", "--json").stdout)}
    aside = next(p for p in rows if ".previous-" in p)
    assert "once the newer draft is saved or discarded" in rows[aside]
    # Resume the newer draft and save it: the one kept aside is next in line.
    template = load_registry().get("kickoff")
    keys(*strokes_for(template.questions[1:], meeting_time="Tue" + ENTER), ENTER, "n", "n")
    result = ok(dtr("kickoff", "erin", "--new", "--resume"))
    (row,) = json.loads(dtr("drafts", "--json").stdout)
    assert row["resume"].startswith("dtr kickoff erin (kept aside")
    keys(*strokes_for(template.questions[1:], meeting_time="Wed" + ENTER), ENTER, "n", "n")
    result = ok(dtr("kickoff", "erin", "--new", "--resume"))
    assert "Found the draft kept aside" in result.stderr
    values = answers_of(read_note(Path(result.stdout.strip())), template)
    assert values[template.questions[0].id] == "First words"
    assert json.loads(dtr("drafts", "--json").stdout) == []


def test_a_draft_answer_the_edited_template_no_longer_takes_is_asked_again(
    dtr, keys, user_templates: Path, home: Path
):
    known("bob")
    template = user_templates / "rate.yaml"
    template.write_text(
        "id: rate\ntitle: Rate\nsections:\n  - title: S\n    questions:\n"
        "      - {id: score, prompt: Score?, type: scale, min: 0, max: 10}\n"
        "      - {id: note, prompt: Note?, type: text}\n",
        encoding="utf-8",
    )
    keys("8" + ENTER, CTRL_C)
    assert dtr("run", "rate", "bob").exit_code == 130
    template.write_text(template.read_text(encoding="utf-8").replace(", min: 0, max: 10", ""))
    keys("4" + ENTER, "Fine" + ENTER, ENTER)
    result = ok(dtr("run", "rate", "bob", "--resume"))
    assert "The template changed since this draft" in result.stderr
    assert "Score? (was: 8)" in result.stderr
    values = answers_of(read_note(Path(result.stdout.strip())), load_registry().get("rate"))
    assert values == {"score": 4, "note": "Fine"}


def test_the_same_interview_in_a_second_terminal_is_refused(dtr, keys, home: Path):

    with locks.locked("interview alice kickoff", wait=False) as mine:
        assert mine  # as if another terminal were in the kick-off with alice
        result = dtr("kickoff", "alice", "--new")
    one_line_error(result, "already open in another terminal")
    assert not (home / "alice").exists()
    keys("Sam" + ENTER, CTRL_C)  # once it is free, it starts as usual
    assert dtr("kickoff", "alice", "--new").exit_code == 130


def test_a_kickoff_for_a_name_that_finds_nobody_asks_first(dtr, keys, home: Path):
    ok(dtr("mentee", "add", "Carol Diaz", "--start", "2026-11-09"))
    keys("n")  # no new mentee
    result = dtr("kickoff", "Dana")
    assert result.exit_code == 130
    assert "Nothing was started" in result.stderr
    assert sorted(p.name for p in home.iterdir()) == ["carol-diaz"]


def test_a_kickoff_for_a_new_name_starts_them_when_the_mentor_says_yes(
    dtr, keys, user_templates, home: Path
):
    (user_templates / "kickoff.yaml").write_text(SHORT.replace("id: short", "id: kickoff"))
    keys("y", "One" + ENTER, "Two" + ENTER, ENTER)
    result = ok(dtr("kickoff", "Dana"))
    assert Path(result.stdout.strip()).parent == home / "dana"


def test_a_draft_whose_template_is_gone_says_so(dtr, keys, user_templates: Path):
    known("alice")
    (user_templates / "short.yaml").write_text(SHORT, encoding="utf-8")
    keys("One" + ENTER, CTRL_C)
    assert dtr("run", "short", "alice").exit_code == 130
    (user_templates / "short.yaml").unlink()
    (row,) = json.loads(dtr("drafts", "--json").stdout)
    assert row["resume"] == "(no template 'short' any more: see dtr templates list)"


def test_changing_a_list_answer_and_pressing_enter_keeps_it(dtr, keys, user_templates: Path):
    known("bob")
    (user_templates / "todo.yaml").write_text(
        "id: todo\ntitle: To do\nsections:\n  - title: S\n    questions:\n"
        "      - {id: secret, prompt: Mine?, type: text, private: true}\n"
        "      - {id: items, prompt: Items?, type: list}\n",
        encoding="utf-8",
    )
    keys("x" + ENTER, "Book a room" + ENTER + "Send notes" + ENTER + ENTER)
    keys(DOWN + ENTER, DOWN + ENTER, ENTER, ENTER)  # change: 2. Items?; Enter keeps; save
    result = ok(dtr("run", "todo", "bob"))
    assert "Private: left out of what is shared" in result.stderr
    values = answers_of(read_note(Path(result.stdout.strip())), load_registry().get("todo"))
    assert values["items"] == ["Book a room", "Send notes"]


# --- the answer being typed when the interview stops ------------------------------------

CTRL_T = "\x14"  # bound by `signal_key` to send the process a signal
CTRL_U = "\x15"  # clears the line typed so far


@pytest.fixture
def signal_key(monkeypatch: pytest.MonkeyPatch):
    """``signal_key(signum)``: from then on, Ctrl-T at a text prompt sends ``signum`` to
    this process, from inside prompt_toolkit's event loop (as a signal arrives while the
    mentor types)."""
    import os

    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    def arm(signum: int) -> None:
        real = questionary.text

        def text(*args, **kwargs):
            question = real(*args, **kwargs)
            extra = KeyBindings()

            @extra.add("c-t")
            def _send(event) -> None:
                os.kill(os.getpid(), signum)

            app = question.application
            app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), extra])
            return question

        monkeypatch.setattr(questionary, "text", text)

    return arm


def draft_of(home: Path, name: str, template: str = "kickoff") -> dict:
    import yaml

    path = home / name / f".draft-{template}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stop", ["Ctrl-C", "SIGTERM", "SIGHUP"])
def test_a_multiline_answer_being_typed_is_kept_and_filled_in_again(
    dtr, keys, signal_key, home: Path, stop: str
):
    import signal

    template = load_registry().get("kickoff")
    first, typed = template.questions[0], template.questions[1]
    assert typed.type == "multiline"
    if stop != "Ctrl-C":
        signal_key(getattr(signal, stop))
    keys("Sam and Alice" + ENTER, "A long answer\nhalf typ", CTRL_C if stop == "Ctrl-C" else CTRL_T)
    result = dtr("kickoff", "alice", "--new")
    assert result.exit_code == 130, result.output
    said = " ".join(result.stderr.split())
    assert "the 1 answer so far and the one being typed are kept in the draft" in said
    assert "Traceback" not in result.output and "error" not in result.stderr
    draft = draft_of(home, "alice")
    assert draft["answers"] == {first.id: "Sam and Alice"}  # the answers, as they were
    assert draft["typing"] == {typed.id: "A long answer\nhalf typ"}
    assert typed.id not in draft["asked"]
    assert not list((home / "alice").glob("*.md"))
    (row,) = json.loads(ok(dtr("drafts", "--json")).stdout)
    assert (row["answers"], row["typing"]) == (1, 1)
    assert "1 + 1 being typed" in ok(dtr("drafts")).stdout

    # Resumed: the question comes back with the text in it, to be finished.
    strokes = strokes_for(template.questions[2:], meeting_time="Tuesdays" + ENTER)
    keys("ed." + SUBMIT_MULTILINE, *strokes, ENTER, "n")  # save; no profile channel
    result = ok(dtr("kickoff", "alice", "--new", "--resume"))
    assert "Filled in with what was being typed here" in result.stderr
    values = answers_of(read_note(Path(result.stdout.strip())), template)
    assert values[first.id] == "Sam and Alice"
    assert values[typed.id] == "A long answer\nhalf typed."
    assert not (home / "alice" / ".draft-kickoff.yaml").exists()


def test_the_end_of_input_keeps_the_answer_being_typed(dtr, monkeypatch, home: Path):
    """A terminal that goes away ends the input: what was typed is kept all the same."""
    monkeypatch.setattr(interview, "stdin_is_terminal", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("Half a name")
        pipe.close()
        result = dtr("kickoff", "alice", "--new")
    assert result.exit_code == 130, result.output
    assert "the answer being typed is kept" in " ".join(result.stderr.split())
    draft = draft_of(home, "alice")
    assert draft["answers"] == {}
    assert draft["typing"] == {"names_pronouns": "Half a name"}


TODO = """\
id: todo
title: To do
sections:
  - title: S
    questions:
      - {id: first, prompt: First?, type: text}
      - {id: items, prompt: Items?, type: list}
      - {id: last, prompt: Last?, type: text}
"""


def test_a_list_keeps_its_items_so_far_and_the_line_being_typed(
    dtr, keys, user_templates: Path, home: Path
):
    known("bob")
    (user_templates / "todo.yaml").write_text(TODO, encoding="utf-8")
    keys("One" + ENTER, "Book a room" + ENTER + "Send no", CTRL_C)
    assert dtr("run", "todo", "bob").exit_code == 130
    draft = draft_of(home, "bob", "todo")
    assert draft["answers"] == {"first": "One"}
    assert draft["typing"] == {"items": "Book a room\nSend no"}
    # Each item comes back in its prompt: Enter keeps the first, the second is finished.
    keys(ENTER, "tes" + ENTER, ENTER, "Do", CTRL_C)
    result = dtr("run", "todo", "bob", "--resume")
    assert result.exit_code == 130
    assert "One line a prompt: Book a room; Send no" in result.stderr
    draft = draft_of(home, "bob", "todo")
    assert draft["answers"] == {"first": "One", "items": ["Book a room", "Send notes"]}
    assert draft["typing"] == {"last": "Do"}  # the list is answered: its text is gone
    keys("ne" + ENTER, ENTER)
    result = ok(dtr("run", "todo", "bob", "--resume"))
    values = answers_of(read_note(Path(result.stdout.strip())), load_registry().get("todo"))
    assert values == {"first": "One", "items": ["Book a room", "Send notes"], "last": "Done"}


def test_an_answer_being_changed_is_kept_beside_the_one_given(
    dtr, keys, user_templates: Path, home: Path
):
    known("bob")
    (user_templates / "short.yaml").write_text(SHORT, encoding="utf-8")
    # Answer both, then at the review change the second and stop while typing.
    keys("One" + ENTER, "Two" + ENTER, DOWN + ENTER, DOWN + ENTER, " more", CTRL_C)
    assert dtr("run", "short", "bob").exit_code == 130
    draft = draft_of(home, "bob", "short")
    assert draft["answers"] == {"first": "One", "second": "Two"}  # untouched
    assert draft["typing"] == {"second": "Two more"}
    keys("!" + ENTER, ENTER)  # asked again, filled in; then save at the review
    result = ok(dtr("run", "short", "bob", "--resume"))
    values = answers_of(read_note(Path(result.stdout.strip())), None)
    assert values == {"first": "One", "second": "Two more!"}


def test_text_filled_in_again_is_not_an_answer_until_submitted(
    dtr, keys, user_templates: Path, home: Path
):
    known("bob")
    (user_templates / "short.yaml").write_text(SHORT, encoding="utf-8")
    keys("One" + ENTER, "Not this", CTRL_C)
    assert dtr("run", "short", "bob").exit_code == 130
    # Stopped again at once: the text filled in is still only being typed.
    keys(CTRL_C)
    result = dtr("run", "short", "bob", "--resume")
    assert result.exit_code == 130
    assert draft_of(home, "bob", "short")["typing"] == {"second": "Not this"}
    # The mentor clears it and leaves the question unanswered: the note never holds it.
    keys(CTRL_U + ENTER, ENTER)
    result = ok(dtr("run", "short", "bob", "--resume"))
    note = Path(result.stdout.strip())
    assert "Not this" not in note.read_text(encoding="utf-8")
    assert answers_of(read_note(note), None) == {"first": "One", "second": None}


CHOICES = """\
id: pick
title: Pick
sections:
  - title: S
    questions:
      - {id: first, prompt: First?, type: text}
      - {id: track, prompt: Which track?, type: select, choices: [Back end, Front end]}
      - {id: topics, prompt: Topics covered, type: checkbox, choices: [SQL, Ruby]}
      - {id: blocked, prompt: Blocked on anything?, type: confirm}
"""


@pytest.mark.parametrize("at", [1, 2, 3], ids=["select", "checkbox", "confirm"])
def test_a_choice_question_stopped_keeps_nothing_extra(
    dtr, keys, user_templates: Path, home: Path, at: int
):
    known("bob")
    (user_templates / "pick.yaml").write_text(CHOICES, encoding="utf-8")
    # Move about in the choices (nothing is typed), then stop.
    keys("One" + ENTER, *[ENTER] * (at - 1), DOWN + SPACE + DOWN, CTRL_C)
    result = dtr("run", "pick", "bob")
    assert result.exit_code == 130, result.output
    assert "being typed" not in result.stderr
    draft = draft_of(home, "bob", "pick")
    assert "typing" not in draft
    assert draft["answers"]["first"] == "One"
    assert draft["asked"] == sorted(["first", "track", "topics"][:at])  # stopped where meant


def test_a_draft_from_before_typing_was_kept_still_resumes(
    dtr, keys, user_templates: Path, home: Path
):
    (user_templates / "short.yaml").write_text(SHORT, encoding="utf-8")
    folder = home / "bob"
    folder.mkdir(parents=True)
    (folder / ".draft-short.yaml").write_text(
        "mentee: bob\ntemplate: short\ndate: '2026-11-02'\nstarted: '2026-11-02T10:00:00+00:00'\n"
        "asked:\n- first\nanswers:\n  first: One\nfollowups: {}\n",
        encoding="utf-8",
    )
    (row,) = json.loads(ok(dtr("drafts", "--json")).stdout)
    assert row["answers"] == 1
    keys("Two" + ENTER, ENTER)
    result = ok(dtr("run", "short", "bob", "--resume"))
    values = answers_of(read_note(Path(result.stdout.strip())), None)
    assert values == {"first": "One", "second": "Two"}


def test_a_prompt_ending_in_an_error_keeps_the_answer_being_typed(
    dtr, keys, monkeypatch: pytest.MonkeyPatch, home: Path
):
    """A closed terminal can end a prompt with an I/O error rather than a stop."""
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    real = questionary.text

    def text(*args, **kwargs):
        question = real(*args, **kwargs)
        extra = KeyBindings()

        @extra.add("c-t")
        def _fail(event) -> None:
            event.app.exit(exception=OSError(5, "Input/output error"))

        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), extra])
        return question

    monkeypatch.setattr(questionary, "text", text)
    keys("Sam and Alice" + ENTER, "Half of it", CTRL_T)
    result = dtr("kickoff", "alice", "--new")
    assert result.exit_code == 1, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: dtr stopped on an unexpected problem (OSError"), last
    assert "Traceback" not in result.output
    draft = draft_of(home, "alice")
    assert draft["answers"] == {"names_pronouns": "Sam and Alice"}
    assert draft["typing"] == {"mentor_intro": "Half of it"}


def test_a_stop_said_to_a_closed_terminal_ends_quietly(
    dtr, keys, monkeypatch: pytest.MonkeyPatch, home: Path
):
    """The window is gone, so the stop message cannot be shown: no traceback, exit 130."""
    import os

    from dtrcli import console

    def gone(message: str) -> None:
        raise OSError(5, "Input/output error")

    quieted: list[int] = []
    monkeypatch.setattr(console, "info", gone)
    monkeypatch.setattr(os, "dup2", lambda fd, to: quieted.append(to))
    keys("Sam and Alice" + ENTER, "Half of it", CTRL_C)
    result = dtr("kickoff", "alice", "--new")
    assert result.exit_code == 130
    assert isinstance(result.exception, SystemExit), result.exception
    assert quieted == [2]  # stderr now goes to /dev/null, for Python's flush at exit
    assert draft_of(home, "alice")["typing"] == {"mentor_intro": "Half of it"}
