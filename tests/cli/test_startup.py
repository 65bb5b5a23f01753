"""Start-up: the commands run most often import only what they use.

Each check runs dtr in a fresh Python (as a mentor's shell does) with its output
to a pipe, and looks at the modules loaded when it ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dtrcli.cli import roothelp
from tests.support.cli import ok

ANSWERS = str(Path(__file__).parents[1] / "data" / "kickoff-answers.yaml")


def _run(*args: str, fresh: bool = False, **env: str) -> tuple[str, set[str]]:
    """dtr's stdout and the modules loaded by the end of the run (``env``: set for it).
    ``fresh``: the notes written a moment ago are stored in the index too (it waits for
    a change to settle)."""
    code = (
        "import sys\n"
        + ("import dtrcli.notebook.index as index\nindex.RACY_NS = 0\n" if fresh else "")
        + "from dtrcli.cli import main\n"
        f"sys.argv = ['dtr', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | env
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return proc.stdout, set(proc.stderr.split())


NOTE_FORMAT = ("dtrcli.notebook.noteformat", "dtrcli.notebook.notes", "dtrcli.notebook.yamlio")
SCREEN = ("rich", "questionary", "prompt_toolkit")  # the table is written without them


@pytest.mark.parametrize("typed", ["alice", "Alice"])
def test_history_of_a_mentee_from_a_warm_index_reads_no_note(typed, dtr, home: Path):
    """`dtr history NAME` lists the index's rows: the note format, the YAML loader and the
    Note class are never imported (a note read would import them), and the rows are
    the notes."""
    ok(dtr("kickoff", "alice", "--new", "-a", ANSWERS))
    ok(dtr("note", "alice", "-m", "Talked about the capstone."))
    cold, _ = _run("history", typed, fresh=True)  # builds the index from the files
    warm, loaded = _run("history", typed)
    assert warm == cold and warm.count("\n") == 3, warm
    assert "dtrcli.notebook.listing" in loaded
    for module in NOTE_FORMAT + SCREEN:
        assert module not in loaded, f"dtr history {typed} imported {module}"


def _typer_help(columns: int) -> str:
    """What typer itself prints for ``dtr --help`` when the terminal has ``columns``
    (typer's CliRunner would lay it out at 80 whatever the width)."""
    code = "import sys\nfrom dtrcli.cli.root import app\napp(['--help'], prog_name='dtr')\n"
    env = os.environ | {"COLUMNS": str(columns)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return proc.stdout


def test_the_help_kept_is_typers_own():
    """roothelp.TEXT is what typer prints at its usual width (python tools/cli_docs.py
    writes it again when a command or an option changes; CI checks it is current)."""
    assert roothelp.WIDTH == 78
    for columns in (80, 200):
        assert _typer_help(columns) == roothelp.TEXT


@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help_to_a_pipe_is_printed_without_typer(option):
    """`dtr --help` is typer's text, printed before typer (or typing) is imported."""
    out, loaded = _run(option)
    assert out == roothelp.TEXT
    assert "dtrcli.cli" in loaded
    for module in ("typer", "typing", "dtrcli.cli.root", *SCREEN):
        assert module not in loaded, f"dtr {option} imported {module}"


def test_help_on_a_narrow_screen_is_laid_out_by_typer():
    """Where click would lay the help out narrower than the text kept, typer does it."""
    out, loaded = _run("--help", COLUMNS="60")
    assert out == _typer_help(60) != roothelp.TEXT
    assert "typer" in loaded


def _help_on_a_terminal(columns: int) -> str:
    """`dtr --help` on a terminal ``columns`` wide (a pseudo-terminal), as it shows it."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    code = "from dtrcli.cli import main\nimport sys\nsys.argv = ['dtr', '--help']\nmain()\n"
    try:
        proc = subprocess.run([sys.executable, "-c", code], stdout=follower, env=env, check=True)
    finally:
        os.close(follower)
    assert proc.returncode == 0
    shown = b""
    with contextlib.suppress(OSError):  # EIO: the terminal's other end is closed
        while chunk := os.read(leader, 65536):
            shown += chunk
    os.close(leader)
    return shown.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_help_on_a_terminal_is_laid_out_for_its_width():
    """A terminal of 80 columns or more gets the text kept; a narrower one typer's
    layout for its width, as before."""
    assert _help_on_a_terminal(120) == _help_on_a_terminal(80) == roothelp.TEXT
    narrow = _help_on_a_terminal(70)
    assert narrow == _typer_help(70) != roothelp.TEXT
    assert max(len(line) for line in narrow.splitlines()) <= 68


def _collector_when_listing(args: list[str]) -> tuple[bool, int, bool, str]:
    """dtr run as its console script with ``args``: whether the collector was on when the
    command started (history's body), how many objects were frozen then, whether it is
    on after; stdout. The listing itself runs with the collector waiting."""
    code = (
        "import gc, json, sys\n"
        "from dtrcli.cli import listed\n"
        "from dtrcli.notebook import listing\n"
        "seen, inside = [], []\n"
        "real, real_notes = listed.history, listing.notes\n"
        "def history(*args, **kwargs):\n"
        "    seen.append([gc.isenabled(), gc.get_freeze_count()])\n"
        "    return real(*args, **kwargs)\n"
        "def notes(*args, **kwargs):\n"
        "    inside.append(gc.isenabled())\n"
        "    return real_notes(*args, **kwargs)\n"
        "listed.history, listing.notes = history, notes\n"
        "from dtrcli.cli import main\n"
        f"sys.argv = ['dtr', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps({'seen': seen, 'inside': inside, 'after': gc.isenabled()}),"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found = json.loads(proc.stderr)
    [[enabled, frozen]] = found["seen"]
    assert found["inside"] == [False]  # the rows listed and printed are no garbage
    return enabled, frozen, found["after"], proc.stdout


def test_a_command_runs_with_the_garbage_collector_on(dtr):
    """The collector waits while typer is imported and the command built (or, for a plain
    form, while the listing's modules are imported), and is on (start-up's objects
    frozen, so it does not walk them again) when the command runs."""
    ok(dtr("kickoff", "alice", "--new", "-a", ANSWERS))
    enabled, frozen, after, out = _collector_when_listing(["history", "alice", "--limit", "5"])
    assert enabled and after
    assert frozen > 10_000  # typer's classes and functions, among others
    assert "kickoff" in out
    enabled, quick, after, out = _collector_when_listing(["history", "alice"])  # no typer
    assert enabled and after
    assert 1_000 < quick < frozen
    assert "kickoff" in out
