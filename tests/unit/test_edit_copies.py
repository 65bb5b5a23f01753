"""The private folder a plain copy is edited in: gone when its dtr is gone, never while
another dtr still edits in it (both checked with real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dtrcli import edit

HOLD = (
    "import time\n"
    "from dtrcli import edit\n"
    "with edit.private_copy('note.md', 'a private answer') as copy:\n"
    "    print(copy, flush=True)\n"
    "    time.sleep(120)\n"
)


def editing(env: dict[str, str]) -> tuple[subprocess.Popen[str], Path]:
    """A dtr with a plain copy open in its private folder, and that copy."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    copy = Path(proc.stdout.readline().strip())
    assert copy.is_file(), "the copy was not made"
    return proc, copy


def test_a_copy_left_by_a_killed_dtr_goes_and_one_in_use_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    env = dict(os.environ)
    live, live_copy = editing(env)
    dead, dead_copy = editing(env)
    try:
        dead.kill()  # SIGKILL: nothing of dtr's own runs to remove the copy
        dead.wait()
        assert dead_copy.is_file()

        with edit.private_copy("mine.md", "text") as mine:
            assert mine.read_text(encoding="utf-8") == "text"
            assert oct(mine.stat().st_mode & 0o777) == oct(0o600)
            assert not dead_copy.parent.exists()  # its dtr is gone: swept
            assert live_copy.is_file()  # still being edited: kept
        assert not mine.parent.exists()
        assert live_copy.is_file()
    finally:
        for proc in (live, dead):
            proc.kill()
            proc.wait()
