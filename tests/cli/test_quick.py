"""The plain forms of history, search and due, answered without typer (dtrcli.cli.quick),
print what typer's commands print, with the same exit code, and never import typer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dtrcli import console
from dtrcli.cli import app, quick
from dtrcli.notebook import index, sealing
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
    deployed = KICKOFF | {"mentee_background": "Deployed the project to a VM."}
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


@pytest.mark.parametrize("args", [("history",), ("search", "joins"), ("due",)], ids=" ".join)
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
    for args in FORMS[:2] + [("search", "joins"), ("due",)]:
        fast, typer_s = both(args)
        assert fast == typer_s
        assert fast[0] == 1 and "no identity" in fast[2], fast


def test_only_plain_forms_are_answered_without_typer(monkeypatch):
    plain = [["history"], ["history", "alice"], ["search", "x y"], ["search", ""], ["due"]]
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
        ["show", "alice"],
        ["--debug", "history"],
    ]
    for args in others:
        assert quick.form(args) is None, args
    monkeypatch.setenv("_DTR_COMPLETE", "bash_complete")
    assert quick.form(["history"]) is None


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
    missing = _modules_after(["history", "nobody"])
    assert missing["typer"] is False and missing["code"] == 1
    # any other form goes to typer: the check above would see it
    other = _modules_after(["history", "--json"])
    assert other["typer"] is True and other["code"] == 0
    assert json.loads(str(other["stdout"]))
