"""Colour and drawing follow the terminal: NO_COLOR, FORCE_COLOR and TERM=dumb; show --json."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import ok
from tests.support.homes import known

KICKOFF = {
    "names_pronouns": "Sam, Alice",
    "meeting_time": "Tue 18:00",
    "channel": "Slack",
    "focus_topic": "SQL joins",
    "mentor_notes": "Seemed nervous.",
}
BOXES = set("─│┌┐└┘├┤┬┴┼━┃┏┓┗┛┡┩╇╈╞╡╪═║")


def _notes(dtr) -> Path:
    path = ok(dtr("kickoff", "alice", "--new", "-a", "-", input=json.dumps(KICKOFF))).stdout.strip()
    ok(dtr("midmod", "alice", "-a", "-", input=json.dumps({"focus_areas": "SQL joins"})))
    return Path(path)


def test_force_color_colours_even_a_pipe(dtr, monkeypatch):
    _notes(dtr)
    assert "\x1b[" not in ok(dtr("history")).stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[1m" in ok(dtr("history")).stdout
    monkeypatch.setenv("NO_COLOR", "1")  # NO_COLOR wins
    assert "\x1b[" not in ok(dtr("history")).stdout


def test_a_dumb_terminal_gets_no_escapes_and_no_box_drawing(dtr, monkeypatch):
    _notes(dtr)
    monkeypatch.setenv("TERM", "dumb")
    for args in (("summary", "alice"), ("history",), ("due",), ("mentee", "list")):
        out = ok(dtr(*args)).output
        assert "\x1b[" not in out, args
        assert not BOXES & set(out), args
    assert "+" in ok(dtr("summary", "alice")).stdout  # ASCII lines instead


def test_boxes_outside_a_dumb_terminal(dtr, monkeypatch):
    _notes(dtr)
    monkeypatch.delenv("TERM", raising=False)
    assert BOXES & set(ok(dtr("summary", "alice")).stdout)


def test_show_json_is_the_note_as_data(dtr):
    path = _notes(dtr)
    data = json.loads(ok(dtr("show", "alice", "kickoff", "--json")).stdout)
    assert data["path"] == str(path)
    assert data["answers"]["focus_topic"] == "SQL joins"
    assert data["answers"]["mentor_notes"] == "Seemed nervous."  # the mentor's own view
    assert data["template"] == "kickoff" and "dtr_format" in data["front_matter"]


def test_the_interview_on_a_dumb_terminal_draws_in_ascii(dtr, monkeypatch, user_templates):
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from dtrcli.conversation import terminal

    (user_templates / "tiny.yaml").write_text(
        "id: tiny\ntitle: Tiny\nsections:\n  - title: One\n    questions:\n"
        "      - {id: a, prompt: First?}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("yes\r\r")
        known("bob")
        result = ok(dtr("run", "tiny", "bob"))
    assert "Tiny: your answers" in result.stderr
    assert not BOXES & set(result.stderr)


def test_listings_on_a_terminal_build_only_a_screenful(dtr, monkeypatch):
    from dtrcli import console
    from dtrcli.module import due

    answers = json.dumps({"names_pronouns": "Sam", "meeting_time": "Tue", "channel": "Slack"})
    for n in range(12):
        ok(dtr("kickoff", f"mentee{n:02d}", "--new", "-a", "-", input=answers))
    built: list[int] = []
    real = due.view
    monkeypatch.setattr(due, "view", lambda *a, **k: built.append(1) or real(*a, **k))
    monkeypatch.setattr(console, "terminal_columns", lambda: 120)
    monkeypatch.setenv("LINES", "10")  # room for 6 rows
    for args in (("due",), ("mentee", "list")):
        built.clear()
        result = ok(dtr(*args))
        assert len(built) == 6, args
        assert "... and 6 mentees more (use --json, or a pipe, for all)." in result.stderr
    monkeypatch.setattr(console, "terminal_columns", lambda: None)  # a pipe: everything
    built.clear()
    assert ok(dtr("mentee", "list")).stdout.count("mentee") >= 12 and len(built) == 12
    built.clear()
    assert len(json.loads(ok(dtr("due", "--json")).stdout)) == 12


def test_a_day_with_several_notes_says_which_or_takes_the_kind(dtr):
    _notes(dtr)
    answers = json.dumps({"focus_areas": "SQL joins"})
    ok(dtr("midmod", "alice", "-a", "-", "--date", "2026-11-30", input=answers))
    ok(
        dtr(
            "kickoff",
            "alice",
            "--new",
            "-a",
            "-",
            "--date",
            "2026-11-30",
            input=json.dumps(KICKOFF),
        )
    )
    from tests.support.cli import one_line_error

    one_line_error(
        dtr("show", "alice", "2026-11-30"),
        "has 2 notes dated 2026-11-30",
        "kickoff (2026-11-30-kickoff.md)",
        "midmod (2026-11-30-midmod.md)",
    )
    assert "focus_areas" in ok(dtr("show", "alice", "2026-11-30", "midmod")).stdout
    assert "names_pronouns" in ok(dtr("show", "alice", "2026-11-30", "KICKOFF")).stdout
    one_line_error(dtr("show", "alice", "2026-11-30", "exit"), "no exit note dated 2026-11-30")


def test_a_rating_reads_the_same_in_summary_as_everywhere(dtr):
    known("alice")
    ok(dtr("midmod", "alice", "-a", "-", input=json.dumps({"module_rating": 4})))
    assert "4 / 5" in ok(dtr("summary", "alice")).stdout
    assert "4 / 5" in ok(dtr("show", "alice")).stdout
    topics = json.loads(ok(dtr("summary", "alice", "--json")).stdout)["topics"]
    assert any(cell["answer"] == "4 / 5" for t in topics.values() for c in t.values() for cell in c)
