"""The plain forms of history, search, due, followups and the conversations, answered
without typer (dtrcli.cli.quick), print what typer's commands print, with the same exit
code, and never import typer."""
# ruff: noqa: F811 (the ``keys`` fixture is imported from the pipe tests)

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dtrcli import console
from dtrcli.cli import app, quick
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook import index, sealing
from tests.cli.test_interview_pipe import CTRL_C, ENTER, keys, strokes_for  # noqa: F401
from tests.support.cli import ok, run_quick
from tests.support.homes import write_note, write_profile

FORMS = [
    ("history",),
    ("history", "alice"),
    ("history", "zoë"),
    ("history", "nobody"),
    ("history", "Alice Smith"),
    ("history", "a" * 500),
    ("history", "../etc"),
    ("search", "joins"),
    ("search", "JOINS"),
    ("search", "zoe"),
    ("search", "Deployed the project"),
    ("search", "not in any note"),
    ("search", ""),
    ("search", "   "),
    ("search", "*"),
    ("due",),
    ("followups",),
    ("followups", "alice"),
    ("followups", "zoë"),
    ("followups", "nobody"),
]


def both(args: tuple[str, ...]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """(exit code, stdout, stderr) of ``args`` through the quick path, then typer's."""
    runner = CliRunner()
    seen = []
    for run in (
        lambda: run_quick(runner, list(args)),
        lambda: runner.invoke(app, list(args), prog_name="dtr"),
    ):
        console.reset()
        index.reset()
        sealing.forget()
        result = run()
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        seen.append((result.exit_code, result.stdout, result.stderr))
    return seen[0], seen[1]


KICKOFF = {"meeting_time": "Tuesdays 18:00", "channel": "Slack", "focus_topic": "SQL joins"}


def a_home(home: Path) -> None:
    write_profile(home, "Alice", start="2026-10-05")
    write_profile(home, "Zoë Ann", start="2026-10-05")
    deployed = KICKOFF | {
        "mentee_background": "Deployed the project to a VM.",
        "followups": ["Mentor: send the kata by 2026-10-20", "Alice: read chapter 3"],
    }
    write_note(home, "kickoff", "alice", "2026-10-05", deployed)
    write_note(home, "midmod", "alice", "2026-10-26", {"module_rating": 4, "struggles": "joins"})
    write_note(home, "kickoff", "Zoë Ann", "2026-10-06", KICKOFF | {"mentor_notes": "zoë's"})
    write_note(home, "checkin", "bob", "2026-10-07", {"met": True})
    (home / "carol").mkdir()
    (home / "carol" / "2026-10-08-kickoff.md").write_text("not a note at all\n", "utf-8")


@pytest.mark.parametrize("args", FORMS, ids=" ".join)
def test_a_plain_form_prints_what_typers_command_prints(home, args):
    a_home(home)
    assert quick.form(list(args)) is not None
    fast, typer_s = both(args)
    assert fast == typer_s
    if args == ("search", "joins"):
        assert "joins" in fast[1] and fast[0] == 0
    if args == ("followups", "alice"):
        assert "send the kata" in fast[1] and "read chapter 3" in fast[1] and fast[0] == 0


@pytest.mark.parametrize(
    "args", [("history",), ("search", "joins"), ("due",), ("followups",)], ids=" ".join
)
def test_an_empty_home_and_a_home_that_is_a_file_end_the_same_way(home, args):
    fast, typer_s = both(args)
    assert fast == typer_s and fast[0] == 0
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file, not a folder", "utf-8")
    fast, typer_s = both(args)
    assert fast == typer_s


def test_a_locked_encrypted_home_stops_both_ways_with_the_same_sentence(dtr, home, tmp_path):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    ok(dtr("mentee", "add", "alice", "--start", "2026-10-05"))
    (tmp_path / "config" / "dtr" / "identity").unlink()
    for args in FORMS[:2] + [("search", "joins"), ("due",), ("followups",)]:
        fast, typer_s = both(args)
        assert fast == typer_s
        assert fast[0] == 1 and "no identity" in fast[2], fast


def test_only_plain_forms_are_answered_without_typer(monkeypatch):
    plain = [["history"], ["history", "alice"], ["search", "x y"], ["search", ""], ["due"]]
    plain += [["kickoff", "alice"], ["kickoff", "Alice Smith", "--new"], ["kickoff", "--new", "a"]]
    plain += [["midmod", "alice"], ["exit", "zoë"], ["checkin", "alice"]]
    plain += [["followups"], ["followups", "Alice Smith"]]
    for args in plain:
        assert quick.form(args) == (args[0], args[1:])
    others = [
        [],
        ["history", "alice", "bob"],
        ["history", "--json"],
        ["history", "-h"],
        ["history", ""],
        ["history", "  "],
        ["history", "--"],
        ["search"],
        ["search", "--kind", "exit"],
        ["search", "-x"],
        ["search", "a", "b"],
        ["due", "alice"],
        ["due", "--json"],
        ["followups", "--due"],
        ["followups", "alice", "--json"],
        ["followups", "alice", "bob"],
        ["followups", ""],
        ["show", "alice"],
        ["--debug", "history"],
        ["kickoff"],
        ["kickoff", "--new"],
        ["kickoff", ""],
        ["kickoff", "alice", "bob"],
        ["kickoff", "alice", "--new", "--new"],
        ["kickoff", "alice", "--answers", "-"],
        ["kickoff", "alice", "--resume"],
        ["kickoff", "alice", "--help"],
        ["midmod", "alice", "--new"],
        ["exit", "-a"],
        ["checkin", " "],
        ["run", "kickoff", "alice"],
    ]
    for args in others:
        assert quick.form(args) is None, args
    monkeypatch.setenv("_DTR_COMPLETE", "bash_complete")
    assert quick.form(["history"]) is None


CONVERSATION_FORMS = [
    ("kickoff", "alice"),
    ("kickoff", "Someone New"),
    ("kickoff", "Someone New", "--new"),
    ("kickoff", "--new", "alice"),
    ("midmod", "alice"),
    ("midmod", "nobody"),
    ("exit", "zoë"),
    ("checkin", "Zoë Ann"),
    ("checkin", "../etc"),
]


@pytest.mark.parametrize("args", CONVERSATION_FORMS, ids=" ".join)
def test_a_conversation_without_a_terminal_ends_as_typers_does(home, args):
    a_home(home)
    before = sorted(str(p) for p in home.rglob("*"))
    assert quick.form(list(args)) is not None
    fast, typer_s = both(args)
    assert fast == typer_s
    assert fast[0] == 1 and fast[1] == "" and fast[2].startswith("error: ")
    assert sorted(str(p) for p in home.rglob("*")) == before  # nothing written either way


def _kickoff_note(keys, home: Path, run) -> tuple[str, str]:
    """The path printed and the note written by a kick-off with alice (a new mentee)."""
    template = load_registry().get("kickoff")
    strokes = strokes_for(template.questions, meeting_time="Tuesdays 18:00" + ENTER)
    keys(*strokes, ENTER, "n", "n")  # save; no to putting the answers in the profile
    console.reset()
    index.reset()
    sealing.forget()
    result = run()
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    text = re.sub(r"(?m)^created: .*$", "created: (the time)", path.read_text(encoding="utf-8"))

    shutil.rmtree(home / "alice")
    return result.stdout, text


def test_a_kickoff_held_both_ways_prints_and_writes_the_same(keys, home):
    runner = CliRunner()
    args = ["kickoff", "alice", "--new"]
    fast = _kickoff_note(keys, home, lambda: run_quick(runner, args))
    typer_s = _kickoff_note(keys, home, lambda: runner.invoke(app, args, prog_name="dtr"))
    assert fast == typer_s
    assert "Tuesdays 18:00" in fast[1]


def test_ctrl_c_in_a_plain_kickoff_keeps_the_draft_as_typers_does(keys, home):
    runner = CliRunner()
    seen = []
    for run in (
        lambda: run_quick(runner, ["kickoff", "alice", "--new"]),
        lambda: runner.invoke(app, ["kickoff", "alice", "--new"], prog_name="dtr"),
    ):
        keys("Sam and Alice" + ENTER, CTRL_C)
        console.reset()
        sealing.forget()
        result = run()
        draft = home / "alice" / ".draft-kickoff.yaml"
        # The time the draft was started differs when the two runs fall in two seconds.
        kept = re.sub(r"(?m)^started: .*$", "started: (the time)", draft.read_text("utf-8"))
        seen.append((result.exit_code, result.stdout, result.stderr, kept))
        draft.unlink()
    assert seen[0] == seen[1]
    assert seen[0][0] == 130 and "Sam and Alice" in seen[0][3]


def _modules_after(args: list[str]) -> dict[str, object]:
    """What dtr run as its console script printed, and whether it imported typer."""
    code = (
        "import json, sys\n"
        f"sys.argv = ['dtr', *{args!r}]\n"
        "from dtrcli.cli import main\n"
        "try:\n"
        "    main()\n"
        "    code = 0\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "sys.stdout.flush()\n"
        "print(json.dumps({'typer': 'typer' in sys.modules, 'code': code}), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=False
    )
    said = json.loads(done.stderr.strip().splitlines()[-1])
    return {"stdout": done.stdout, **said}


def test_the_console_script_answers_plain_forms_without_importing_typer(home):
    a_home(home)
    listed = _modules_after(["history"])
    assert listed["typer"] is False and listed["code"] == 0
    assert "alice" in str(listed["stdout"]).lower()
    found = _modules_after(["search", "joins"])
    assert found["typer"] is False and "joins" in str(found["stdout"])
    due = _modules_after(["due"])
    assert due["typer"] is False and due["code"] == 0 and "Alice" in str(due["stdout"])
    followed = _modules_after(["followups", "alice"])
    assert followed["typer"] is False and "send the kata" in str(followed["stdout"])
    missing = _modules_after(["history", "nobody"])
    assert missing["typer"] is False and missing["code"] == 1
    kickoff = _modules_after(["kickoff", "alice"])  # no terminal: one sentence, exit 1
    assert kickoff["typer"] is False and kickoff["code"] == 1
    # any other form goes to typer: the check above would see it
    other = _modules_after(["history", "--json"])
    assert other["typer"] is True and other["code"] == 0
    assert json.loads(str(other["stdout"]))
