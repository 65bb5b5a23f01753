"""dtr note NAME: a quick dated note between conversations, from -m, standard input or
the editor; a note like any other (history, show, search), its follow-ups carried."""

# ruff: noqa: F811 (the ``keys`` fixture is imported from the pipe tests)
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from dtrcli import dates
from dtrcli.conversation import terminal
from dtrcli.conversation.record import answers_of
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook.notes import read_note
from tests.cli.test_completion import fish
from tests.cli.test_interview_pipe import ENTER, keys, strokes_for  # noqa: F401
from tests.support.cli import ok, one_line_error

KICKOFF_ANSWERS = str(Path(__file__).parents[1] / "data" / "kickoff-answers.yaml")
TEXT = "Asked about SQL joins on Slack.\n- [ ] Mentor: send the joins guide\nShe sounded calmer."


@pytest.fixture
def alice(dtr, home: Path) -> Path:
    ok(dtr("mentee", "add", "Alice Smith"))
    return home / "alice-smith"


def notes_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*-note*.md"))


def test_a_note_from_m_is_a_note_like_any_other(dtr, alice: Path):
    result = ok(dtr("note", "alice-smith", "-m", TEXT, "--followup", "Alice: try the kata"))
    path = Path(result.stdout.strip())
    assert path.parent == alice and path.name == f"{dates.today().isoformat()}-note.md"
    note = read_note(path)
    assert note.template_id == "note" and note.date == dates.today().isoformat()
    assert note.mentee == "Alice Smith"
    values = answers_of(note, load_registry().get("note"))
    # The task line is a follow-up, not part of the text; the text keeps its other lines.
    assert values["note"] == "Asked about SQL joins on Slack.\nShe sounded calmer."
    assert values["followups"] == ["Mentor: send the joins guide", "Alice: try the kata"]
    # history, show and search find it.
    assert "note" in ok(dtr("history", "alice-smith")).stdout
    assert "She sounded calmer." in ok(dtr("show", "alice-smith", "note")).stdout
    found = ok(dtr("search", "calmer")).stdout
    assert "Alice Smith  note" in found and "She sounded calmer." in found
    shared = ok(dtr("share", "alice-smith", "note")).stdout  # the mentor's alone, all of it
    assert "calmer" not in shared and "Alice: try the kata" not in shared
    listed = json.loads(ok(dtr("followups", "alice-smith", "--json")).stdout)
    assert [f["text"] for f in listed] == ["Mentor: send the joins guide", "Alice: try the kata"]


def test_a_note_from_standard_input(dtr, alice: Path):
    path = Path(ok(dtr("note", "Alice Smith", input="Quiet week, no session.\n")).stdout.strip())
    values = answers_of(read_note(path), load_registry().get("note"))
    assert values == {"note": "Quiet week, no session.", "followups": None}


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, code: int = 0) -> None:
    """$EDITOR: a program that writes ``body`` above what the file holds, then exits."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"p.write_text({body!r} + p.read_text(encoding='utf-8'), encoding='utf-8')\n"
        f"sys.exit({code})\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)


def test_a_note_from_the_editor_without_its_hint(dtr, alice, tmp_path, monkeypatch):
    editor(tmp_path, monkeypatch, "Talked about the portfolio.\n- [ ] Alice: draft the README\n")
    path = Path(ok(dtr("note", "alice-smith")).stdout.strip())
    text = path.read_text(encoding="utf-8")
    assert "dtr note:" not in text and "Write the note above" not in text
    values = answers_of(read_note(path), load_registry().get("note"))
    assert values["note"] == "Talked about the portfolio."
    assert values["followups"] == ["Alice: draft the README"]
    assert list((tmp_path / "cache").rglob("note-*.md")) == []  # the editor's page is gone


def test_an_editor_that_fails_keeps_the_text_and_writes_no_note(dtr, alice, tmp_path, monkeypatch):
    editor(tmp_path, monkeypatch, "Half a thought", code=3)
    err = one_line_error(dtr("note", "alice-smith"), "exit code 3", "no note was written")
    kept = Path(err.rsplit(" in ", 1)[1].strip().rstrip("."))
    assert kept.read_text(encoding="utf-8").startswith("Half a thought")
    assert notes_in(alice) == []


@pytest.mark.parametrize("how", [("-m", ""), ("-m", "   \n\n"), ("editor",)])
def test_an_empty_note_writes_nothing_and_says_so(dtr, alice, tmp_path, monkeypatch, how):
    if how == ("editor",):
        editor(tmp_path, monkeypatch, "")
        result = dtr("note", "alice-smith")
    else:
        result = dtr("note", "alice-smith", *how)
    one_line_error(result, "The note is empty; nothing was written.")
    assert notes_in(alice) == []


def test_a_name_that_matches_nobody_is_refused_and_nothing_made(dtr, home: Path, monkeypatch):
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", "false-editor-never-started")
    one_line_error(dtr("note", "bob", "-m", "hello"), "There is no mentee 'bob'")
    one_line_error(dtr("note", "bob"), "There is no mentee 'bob'")  # before any editor
    assert not (home / "bob").exists()


def test_a_followup_whose_due_date_cannot_be_read_is_one_sentence(dtr, alice: Path):
    result = dtr("note", "alice-smith", "-m", "x", "--followup", "Mentor: call by 2026-13-40")
    one_line_error(result, "cannot be read")
    assert notes_in(alice) == []


def test_the_next_conversation_offers_the_notes_followups(dtr, keys, home: Path):
    ok(dtr("kickoff", "alice", "--new", "-a", KICKOFF_ANSWERS, "--date", "2026-11-02"))
    ok(dtr("note", "alice", "-m", "Met at the meetup.", "--followup", "Book a mock interview"))
    midmod = load_registry().get("midmod")
    # One by one: the kick-off's two are left open, the note's is carried.
    keys(ENTER, "\x1b[B" * 3 + ENTER, "\x1b[B" * 3 + ENTER, ENTER, *strokes_for(midmod.questions))
    keys(ENTER)
    result = ok(dtr("midmod", "alice"))
    assert f"From {dates.today().isoformat()} note, Follow-ups:" in result.stderr
    values = answers_of(read_note(Path(result.stdout.strip())), midmod)
    assert values["followups"] == ["Book a mock interview"]
    note = next((home / "alice").glob("*-note.md"))
    assert "- [x] Book a mock interview (carried)" in note.read_text(encoding="utf-8")


def test_note_completes_the_mentees_name(dtr, alice: Path):
    assert fish("dtr note Ali") == [("Alice Smith", None)]


def test_a_quick_note_is_no_column_of_the_module_summary(dtr, home: Path):
    ok(dtr("kickoff", "alice", "--new", "-a", KICKOFF_ANSWERS, "--date", "2026-11-02"))
    ok(dtr("note", "alice", "-m", "Met at the meetup."))
    header = ok(dtr("summary", "alice")).stdout.split("topic")[0]
    assert "kickoff" in header and "note" not in header


def test_an_editor_that_does_not_start_is_one_sentence(dtr, alice, tmp_path, monkeypatch):
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    result = dtr("note", "alice-smith")
    one_line_error(result, "Could not start the editor", "give the text with -m")
    assert notes_in(alice) == []


def test_a_quick_notes_follow_ups_stay_the_mentors(dtr, alice, tmp_path):
    ok(dtr("mentee", "edit", "alice-smith", "--start", "2026-11-02", "--meets", "Tue 18:00"))
    rent = "Mentor: ask about rent by Friday"
    ok(
        dtr(
            "note", "alice-smith", "-m", "Rent worries.", "--followup", rent, "--date", "2026-11-03"
        )
    )
    listed = json.loads(ok(dtr("followups", "alice-smith", "--json")).stdout)
    assert [f["text"] for f in listed] == ["Mentor: ask about rent (due 2026-11-06)"]
    calendar = tmp_path / "alice.ics"
    ok(dtr("calendar", "alice-smith", "-o", str(calendar)))
    bundle = tmp_path / "bundle.json"
    ok(dtr("program", "bundle", "--mentor", "Sam", "-o", str(bundle)))
    for shared in (calendar, bundle):
        assert "rent" not in shared.read_text(encoding="utf-8").casefold(), shared.name
