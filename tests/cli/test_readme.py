"""Every ``$ dtr ...`` line of README.md's console blocks runs, as written and in the
README's order, against a sample home, and exits 0.

The home is Alice Smith's module as the README tells it: her first kick-off, an exit
(for ``dtr mentee next``), and no profile until ``dtr mentee add``. Files a block
shows with ``$ cat FILE`` are written from the lines shown; the program's calendar
is a small feed. The commands that ask at a terminal are given one: the check-in's
questions through prompt_toolkit's pipe input, the calendar import's yes on stdin.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from dtrcli.conversation.templates import load_registry
from tests.cli.test_interview_pipe import ENTER, keys, strokes_for  # noqa: F401 - fixture
from tests.support.cli import ok, runner
from tests.support.homes import add_note

README = Path(__file__).parents[2] / "README.md"
TODAY = dt.date(2027, 1, 6)  # week 4 of Alice's module, after the winter break

KICKOFF = {
    "names_pronouns": "Sam (they/them), Alice (she/her)",
    "meeting_time": "Tuesdays 18:00, video call",
    "channel": "Slack",
    "focus_topic": "SQL joins",
    "followups": ["Alice shares her project repo"],
}
EXIT = {"continue_next": "Yes", "outcome": "Advancing to the next module"}

FEED = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//School//Module calendars//EN",
        *(
            line
            for uid, day, summary in [
                ("midmod", "20261218", "BE2 Mid-Mod assessment"),
                ("reviews", "20270122", "Portfolio Reviews"),
            ]
            for line in [
                "BEGIN:VEVENT",
                f"UID:{uid}@school",
                "DTSTAMP:20261101T000000Z",
                f"DTSTART;VALUE=DATE:{day}",
                f"SUMMARY:{summary}",
                "END:VEVENT",
            ]
        ),
        "END:VCALENDAR",
        "",
    ]
)


def console_blocks(text: str) -> list[list[str]]:
    """The lines of each ```console block."""
    return [block.split("\n") for block in re.findall(r"```console\n(.*?)```", text, re.S)]


def examples() -> list[tuple[str, list[str]]]:
    """Each ``$ `` line of the console blocks with the lines shown under it."""
    found = []
    for lines in console_blocks(README.read_text(encoding="utf-8")):
        for i, line in enumerate(lines):
            if line.startswith("$ "):
                shown = []
                for after in lines[i + 1 :]:
                    if after.startswith("$ "):
                        break
                    shown.append(after)
                found.append((line[2:], shown))
    return found


def test_the_readme_has_examples_of_every_kind():
    commands = [c for c, _ in examples()]
    assert len([c for c in commands if c.startswith("dtr ")]) >= 20
    assert any(c.startswith("dtr checkin") for c in commands)


@pytest.fixture
def sample(dtr, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)
    run = runner(dtr)
    add_note(run, "kickoff", "Alice Smith", "2026-11-28", KICKOFF)
    add_note(run, "exit", "Alice Smith", "2027-01-05", EXIT)
    where = tmp_path / "cwd"
    where.mkdir()
    (where / "be-mod2.ics").write_text(FEED, encoding="utf-8")
    monkeypatch.chdir(where)
    monkeypatch.setenv("EDITOR", "true")  # dtr edit: the editor closes with no change
    monkeypatch.setattr("dtrcli.cli.calendars.can_ask", lambda: True)
    return where


def test_every_readme_example_runs_as_written(dtr, sample: Path, keys, monkeypatch):  # noqa: F811
    ran = []
    for command, shown in examples():
        if command.startswith("cat "):
            (sample / command.split()[1]).write_text("\n".join(shown) + "\n", encoding="utf-8")
            continue
        dtr_part, _, pipe = command.partition(" | ")
        args = shlex.split(dtr_part, comments=True)
        assert args[0] == "dtr", command
        given = None
        if args[1] == "checkin":  # asks at a terminal: answered through the pipe input
            checkin = load_registry().get("checkin")
            open_items = json.loads(ok(dtr("followups", args[2], "--json")).stdout)
            # The open follow-ups gone through one by one (the first choice), each carried
            # (its first choice), then every question as it comes.
            review = [ENTER, *[ENTER] * len(open_items)] if open_items else []
            keys(*review, *strokes_for(checkin.questions), ENTER)
        if args[1:3] == ["calendar", "import"]:
            given = "y\n"
        result = dtr(*args[1:], input=given)
        assert result.exit_code == 0, f"$ {command}\n{result.output}"
        if pipe and shutil.which(pipe.split()[0]):
            out = subprocess.run(
                shlex.split(pipe), input=result.stdout, capture_output=True, text=True
            )
            assert out.returncode == 0 and Path(out.stdout.strip()).is_file(), command
        ran.append(args[1])
    assert "checkin" in ran and "share" in ran
    assert json.loads(ok(dtr("mentee", "list", "--json")).stdout)[0]["mentee"] == "Alice Smith"
