"""The interview's pace in a real terminal of 60 columns and 24 rows (tmux): the count,
prompts wrapped between words, checkbox answers ticked, "Other" asking which, private
answers marked, and a review whose title stays on screen."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from dtrcli.conversation import drafts
from dtrcli.conversation.answers import resolve_answers
from dtrcli.conversation.record import answers_of
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook.notes import read_note
from tests.support import homes
from tests.support.tmux import Pane, Tmux, available

pytestmark = pytest.mark.skipif(not available(), reason="needs tmux")

WIDTH, HEIGHT = 60, 24
LONG = "In a few words, how did this week of the module go for you overall?"
PACE = f"""\
id: pace
title: Weekly pace check
sections:
  - title: The week
    questions:
      - {{id: blocked, prompt: Blocked on anything?, type: confirm}}
      - {{id: blocker, prompt: What is blocking you?,
         when: {{question: blocked, equals: true}}}}
      - {{id: week, prompt: "{LONG}"}}
      - id: channel
        prompt: Where do we talk?
        type: select
        required: true
        choices: [Slack, Email, {{label: Other, other: true}}]
      - {{id: tools, prompt: Tools used, type: checkbox, choices: [Git, SQL, Docker]}}
      - {{id: secret, prompt: Just for me, private: true}}
"""


@pytest.fixture
def tmux(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Tmux]:
    server = Tmux(tmp_path, width=WIDTH, height=HEIGHT)
    request.addfinalizer(server.kill)
    yield server


def start(tmux: Tmux, tmp_path: Path, *args: str) -> tuple[Pane, Path]:
    """``dtr ARGS`` in a new pane, for alice, who is a mentee already."""
    homes.known("alice")
    out = tmp_path / f"stdout-{time.monotonic_ns()}.txt"
    env = {name: os.environ[name] for name in homes.folders(tmp_path)}
    pane = tmux.spawn([sys.executable, "-m", "dtrcli", *args], stdout=out, env=env, cwd=tmp_path)
    return pane, out


def lines(pane: Pane) -> list[str]:
    """The screen line by line as shown (a wrapped line as two)."""
    return pane.screen(history=True, joined=False).splitlines()


def test_a_small_terminal_keeps_pace(tmux: Tmux, tmp_path: Path, home: Path):
    templates = tmp_path / "config" / "dtr" / "templates"
    templates.mkdir(parents=True)
    (templates / "pace.yaml").write_text(PACE, encoding="utf-8")
    pane, out = start(tmux, tmp_path, "run", "pace", "alice")

    # The conditional question is counted until "No" rules it out: 6, then 5, never more.
    pane.wait_for_prompt("[1/6] Blocked on anything?")
    pane.keys("Down", "Down")  # (skip), Yes, [No]
    pane.wait_for("» No")
    pane.keys("Enter")

    # A prompt wider than the terminal is wrapped between words, its hint whole.
    pane.wait_for_prompt("(Enter to skip)", after="[2/5]")
    shown = lines(pane)
    first = next(i for i, line in enumerate(shown) if "[2/5]" in line)
    last = next(i for i, line in enumerate(shown) if "(Enter to skip)" in line)
    # Lines joined with a space read as the prompt only if no word was broken.
    said = " ".join(" ".join(shown[first : last + 1]).split())
    assert f"[2/5] {LONG} (Enter to skip)" in said, shown[first : last + 1]
    assert all(len(line) <= WIDTH for line in shown)
    pane.type("Fine")
    pane.wait_for("Fine", after="(Enter to skip)")
    pane.keys("Enter")

    # "Other" asks which; the text typed is the answer.
    pane.wait_for_prompt("[3/5] Where do we talk?")
    pane.keys("Down", "Down")
    pane.wait_for("» Other", after="[3/5]")
    pane.keys("Enter")
    pane.wait_for_prompt("Other: which?")
    pane.type("Discord")
    pane.wait_for("Discord", after="Other: which?")
    pane.keys("Enter")

    # A checkbox answer stays as its ticked items.
    pane.wait_for_prompt("» ○ Git", after="[4/5] Tools used")
    pane.keys("Space", "Down", "Space")
    pane.wait_for("● SQL", after="[4/5] Tools used")
    pane.keys("Enter")
    pane.wait_for_prompt("[5/5] Just for me")
    screen = pane.screen()
    assert "[x] Git" in screen and "[x] SQL" in screen
    assert "selections" not in screen
    pane.type("only mine")
    pane.wait_for("only mine", after="[5/5]")
    pane.keys("Enter")

    # The review: its title on screen with the prompt, the private answer marked.
    screen = pane.wait_for_prompt("» Save the note", after="Save this note?")
    assert "Weekly pace check: your answers" in screen
    assert "(private) only mine" in screen
    assert all(len(line) <= WIDTH for line in screen.splitlines())
    pane.keys("Enter")
    assert pane.wait_exit() == 0
    note = read_note(Path(out.read_text(encoding="utf-8").strip()))
    values = answers_of(note, load_registry().get("pace"))
    assert values["channel"] == "Discord"
    assert values["tools"] == ["Git", "SQL"]
    assert values["blocked"] is False and "blocker" not in values


def test_the_kickoff_review_pages_on_24_rows(tmux: Tmux, tmp_path: Path, home: Path):
    """A resumed draft with every answer goes straight to the review: 22 answers do not
    fit 24 rows, so they come a page at a time, each page's title on screen."""
    kickoff = load_registry().get("kickoff")
    given = yaml.safe_load(
        (Path(__file__).parents[1] / "data" / "kickoff-answers.yaml").read_text(encoding="utf-8")
    )
    answers = resolve_answers(kickoff, given)
    folder = home / "alice"
    folder.mkdir(parents=True)
    today = dt.date.today().isoformat()
    drafts.save_draft(
        drafts.Draft(
            path=drafts.draft_path(folder, "kickoff"),
            mentee="alice",
            template="kickoff",
            date=today,
            started=today,
            answers=answers,
            asked=[q.id for q in kickoff.questions],
        )
    )
    total = len(kickoff.questions)
    pane, out = start(tmux, tmp_path, "kickoff", "alice", "--resume")
    screen = pane.wait_for_prompt("» Save the note", after="Save this note?")
    assert f"Module kick-off DTR: your answers (1-14 of {total})" in screen
    assert "(private) Seemed" not in screen  # mentor_notes is on the second page
    pane.keys("Down", "Down")
    pane.wait_for(f"» More answers (15-{total})")
    pane.keys("Enter")
    screen = pane.wait_for_prompt("» Save the note", after=f"(15-{total} of {total})")
    assert f"Module kick-off DTR: your answers (15-{total} of {total})" in screen
    assert "(private) Seemed" in screen
    pane.keys("Enter")
    # The profile's offers (meeting time, channel): no to each.
    pane.wait_for_prompt("weekly meeting in their profile?")
    pane.type("n")
    pane.wait_for_prompt("channel in their profile?")
    pane.type("n")
    assert pane.wait_exit() == 0
    assert Path(out.read_text(encoding="utf-8").strip()).is_file()


def test_fourteen_open_followups_fit_on_one_screen_and_stay_open(
    tmux: Tmux, tmp_path: Path, home: Path
):
    given = yaml.safe_load(
        (Path(__file__).parents[1] / "data" / "kickoff-answers.yaml").read_text(encoding="utf-8")
    )
    given["followups"] = [f"Task number {n} for the week ahead" for n in range(1, 15)]
    answers = tmp_path / "kickoff.yaml"
    answers.write_text(yaml.safe_dump(given), encoding="utf-8")
    pane, out = start(
        tmux, tmp_path, "kickoff", "alice", "-a", str(answers), "--date", "2026-11-02"
    )
    assert pane.wait_exit() == 0
    kickoff = Path(out.read_text(encoding="utf-8").strip())
    before = kickoff.read_text(encoding="utf-8")

    pane, out = start(tmux, tmp_path, "midmod", "alice")
    screen = pane.wait_for_prompt("» Go through them one by one", after="What became of them?")
    shown = screen.splitlines()
    assert any(line.startswith("Open follow-ups (14)") for line in shown), screen
    assert any(line.startswith("From 2026-11-02 kickoff, What are") for line in shown), screen
    assert any(line.startswith("   1. Task number 1 ") for line in shown), screen
    assert any(line.startswith("  14. Task number 14 ") for line in shown), screen
    assert all(len(line) <= WIDTH for line in shown)
    pane.keys("Down")
    pane.wait_for("» Leave all open", after="What became of them?")
    pane.keys("Enter")
    pane.wait_for_prompt("14 follow-ups left open.")
    pane.keys("C-c")
    pane.wait_exit()
    assert kickoff.read_text(encoding="utf-8") == before


def test_a_quick_note_from_the_editor_in_a_terminal(tmux: Tmux, tmp_path: Path, home: Path):
    """In a terminal, dtr note opens $EDITOR on a page with a hint; what is written above
    it is the note, its task lines the follow-ups."""
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "hint = p.read_text(encoding='utf-8')\n"
        "assert 'Write the note above this comment' in hint, hint\n"
        "p.write_text('Quiet week.\\n- [ ] Mentor: share the SQL guide\\n' + hint,"
        " encoding='utf-8')\n",
        encoding="utf-8",
    )
    folder = home / "alice"
    folder.mkdir(parents=True)
    (folder / "mentee.yaml").write_text("name: Alice\n", encoding="utf-8")
    out = tmp_path / "stdout.txt"
    env = {name: os.environ[name] for name in homes.folders(tmp_path)}
    env["EDITOR"] = f"{sys.executable} {editor}"
    pane = tmux.spawn(
        [sys.executable, "-m", "dtrcli", "note", "alice"], stdout=out, env=env, cwd=tmp_path
    )
    assert pane.wait_exit() == 0, pane.screen()
    path = Path(out.read_text(encoding="utf-8").strip())
    values = answers_of(read_note(path), load_registry().get("note"))
    assert values == {"note": "Quiet week.", "followups": ["Mentor: share the SQL guide"]}
