"""Start-up: the commands run most often import only what they use.

Each check runs dtr in a fresh Python (as a mentor's shell does) with its output
to a pipe, and looks at the modules loaded when it ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import ok

ANSWERS = str(Path(__file__).parents[1] / "data" / "kickoff-answers.yaml")


def _run(*args: str, fresh: bool = False) -> tuple[str, set[str]]:
    """dtr's stdout and the modules loaded by the end of the run. ``fresh``: the notes
    written a moment ago are stored in the index too (it waits for a change to settle)."""
    code = (
        "import sys\n"
        + ("import dtrcli.notebook.index as index\nindex.RACY_NS = 0\n" if fresh else "")
        + "from dtrcli.cli import main\n"
        f"sys.argv = ['dtr', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return proc.stdout, set(proc.stderr.split())


NOTE_FORMAT = ("dtrcli.notebook.noteformat", "dtrcli.notebook.notes", "dtrcli.notebook.yamlio")


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
    for module in NOTE_FORMAT:
        assert module not in loaded, f"dtr history {typed} imported {module}"
