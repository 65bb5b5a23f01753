"""dtr on macOS and Windows, simulated: folders that never overlap, locks without flock,
the editor and names as Windows has them, commands quoted for the user's shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from dtrcli.notebook import paths
from tests.support.cli import ok

KICKOFF = {"names_pronouns": "Sam, Alice", "meeting_time": "Tue 18:00", "channel": "Slack"}

TEMPLATE = """\
id: retro
title: Retro
sections:
  - title: How it went
    questions:
      - {id: went, prompt: How did it go?}
"""


def _layout(monkeypatch, tmp_path: Path, system: str) -> dict[str, Path]:
    """platformdirs as it answers on macOS or Windows, inside tmp_path."""
    if system == "macos":
        support = tmp_path / "Library" / "Application Support" / "dtr"
        where = {"data": support, "config": support, "cache": tmp_path / "Library/Caches/dtr"}
    else:
        local = tmp_path / "AppData" / "Local" / "dtr"
        where = {"data": local, "config": local, "cache": local / "Cache"}
    monkeypatch.delenv("DTR_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(where["data"]))
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: str(where["config"]))
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(where["cache"]))
    return where


@pytest.mark.parametrize("system", ["macos", "windows"])
def test_notes_config_and_cache_never_overlap(dtr, tmp_path: Path, monkeypatch, system: str):
    where = _layout(monkeypatch, tmp_path, system)
    templates = where["config"] / "templates"
    templates.mkdir(parents=True)
    (templates / "retro.yaml").write_text(TEMPLATE, encoding="utf-8")
    note = Path(
        ok(dtr("kickoff", "alice", "--new", "-a", "-", input=json.dumps(KICKOFF))).stdout.strip()
    )
    assert note.parent == where["data"] / "notes" / "alice"
    ok(dtr("history"))  # fills the cache
    listed = ok(dtr("mentee", "list"))
    assert "templates" not in listed.stdout and "cache" not in listed.stdout.lower()
    assert listed.stderr == ""
    history = ok(dtr("history"))
    assert history.stderr == "" and "alice" in history.stdout
    assert "retro" in ok(dtr("templates", "list")).stdout
    for folder in (paths.config_home() / "templates", paths.cache_home()):
        assert not folder.is_relative_to(paths.data_home())  # nothing of dtr's among notes
        assert not paths.data_home().is_relative_to(folder)


def test_a_home_of_notes_in_the_old_place_keeps_working(dtr, tmp_path: Path, monkeypatch):
    where = _layout(monkeypatch, tmp_path, "macos")
    old = where["data"] / "alice"
    old.mkdir(parents=True)
    (old / "mentee.yaml").write_text("name: Alice\n", encoding="utf-8")
    (where["config"] / "templates").mkdir()
    (where["config"] / "templates" / "retro.yaml").write_text(TEMPLATE, encoding="utf-8")
    assert paths.data_home() == where["data"]
    listed = ok(dtr("mentee", "list"))
    assert "Alice" in listed.stdout and "templates" not in listed.stdout


def test_linux_homes_are_unchanged(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("DTR_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert paths.data_home() == tmp_path / "share" / "dtr"


# --- Windows details -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("system", "arg", "quoted"),
    [
        ("posix", "alice-smith", "alice-smith"),
        ("posix", "zoë-obrien", "zoë-obrien"),
        ("posix", "Ann Marie", '"Ann Marie"'),
        ("posix", "O'Neil $HOME", "'O'\"'\"'Neil $HOME'"),
        ("nt", "alice-smith", "alice-smith"),
        ("nt", "Ann Marie", '"Ann Marie"'),
        ("nt", 'say "hi"', '"say ""hi"""'),
        ("nt", "O'Neil", '"O\'Neil"'),
    ],
)
def test_suggested_commands_are_quoted_for_the_users_shell(monkeypatch, system, arg, quoted):
    from dtrcli import shell

    monkeypatch.setattr(paths, "on_windows", lambda: system == "nt")
    assert shell.quote(arg) == quoted


def test_the_editor_is_split_as_windows_does(monkeypatch):
    from dtrcli import shell
    from dtrcli.edit import editor_command

    monkeypatch.setattr(paths, "on_windows", lambda: True)
    path = r"C:\Program Files\Notepad++\notepad++.exe"
    monkeypatch.setattr(shell.os.path, "isfile", lambda p: p == path)
    monkeypatch.setenv("EDITOR", path)
    assert editor_command() == [path]
    monkeypatch.setenv("EDITOR", f'"{path}" -multiInst -nosession')
    assert editor_command() == [path, "-multiInst", "-nosession"]
    monkeypatch.setenv("EDITOR", r"C:\tools\vim.exe -u C:\vimrc")
    assert editor_command() == [r"C:\tools\vim.exe", "-u", r"C:\vimrc"]


@pytest.mark.parametrize("name", ["Con", "NUL", "aux", "prn", "COM1", "lpt9", "Com¹"])
def test_windows_device_names_never_name_a_folder(dtr, home: Path, name: str):
    note = Path(
        ok(dtr("kickoff", name, "--new", "-a", "-", input=json.dumps(KICKOFF))).stdout.strip()
    )
    assert note.parent.name == f"{name.casefold()}-mentee"
    assert name in ok(dtr("history")).stdout
    assert ok(dtr("history", name)).stdout.count("kickoff") >= 1


def test_a_device_named_folder_made_earlier_still_reads_where_it_can(dtr, home: Path, monkeypatch):
    (home / "con").mkdir(parents=True)
    (home / "con" / "mentee.yaml").write_text("name: Con\n", encoding="utf-8")
    assert "Con" in ok(dtr("mentee", "list")).stdout
    assert paths.mentee_dir("Con") == home / "con"
    monkeypatch.setattr(paths, "on_windows", lambda: True)
    assert paths.mentee_dir("Con") == home / "con-mentee"


# --- locks on every system ---------------------------------------------------------------------

WITHOUT_FCNTL = """\
import fcntl as real, sys
import dtrcli.cli.root, dtrcli.cli.mentees  # the libraries dtr uses, loaded as they are
sys.modules["fcntl"] = None  # from now on import fcntl fails, as on Windows


class msvcrt:  # Windows' byte-range lock, played by a POSIX lock of the same file
    LK_NBLCK = 2

    @staticmethod
    def locking(fd, mode, nbytes):
        try:
            real.lockf(fd, real.LOCK_EX | real.LOCK_NB, nbytes)
        except BlockingIOError:
            raise OSError(36, "Resource deadlock avoided") from None


sys.modules["msvcrt"] = msvcrt
from dtrcli.cli import main
sys.argv = ["dtr", *sys.argv[1:]]
main()
"""


def test_concurrent_changes_are_all_kept_without_fcntl(dtr, home: Path, tmp_path: Path):
    import os
    import subprocess
    import sys

    ok(dtr("mentee", "add", "Bo"))
    script = tmp_path / "no_fcntl.py"
    script.write_text(WITHOUT_FCNTL, encoding="utf-8")
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), "mentee", "dates", "bo", "add", f"2026-12-{d:02d}", "R"],
            env={**os.environ},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for d in range(1, 13)
    ]
    for run in runs:
        _, err = run.communicate()
        assert run.returncode == 0, err
    listed = ok(dtr("mentee", "dates", "bo")).stdout
    assert all(f"2026-12-{d:02d}  R" in listed for d in range(1, 13))


# dtr's folders and what platformdirs' tempfile functions give, with tempfile imported
# before dtr asks for a folder ("first") or not ("later": paths imports platformdirs
# without it).
CHILD = """
import json, sys
if sys.argv[1] == "first":
    import tempfile
from dtrcli.notebook import paths
folders = [str(paths.cache_home()), str(paths.config_home()), str(paths.data_home())]
without = "tempfile" not in sys.modules
import platformdirs.unix as unix
with unix.TemporaryFile() as stand_in:
    stand_in.write(b"x")
import tempfile
print(json.dumps({"folders": folders, "without": without, "real": hasattr(tempfile, "mkstemp"),
                  "temp": unix.gettempdir() == tempfile.gettempdir()}))
"""


def test_platformdirs_decides_the_same_folders_without_tempfile(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "DTR_HOME" and not k.startswith("XDG_")}
    env["HOME"] = str(tmp_path)
    runs = {
        how: json.loads(
            subprocess.run(
                [sys.executable, "-c", CHILD, how], env=env, capture_output=True, text=True,
                check=True,
            ).stdout
        )
        for how in ("first", "later")
    }  # fmt: skip
    assert runs["later"]["folders"] == runs["first"]["folders"]
    assert str(tmp_path) in runs["later"]["folders"][0]
    assert runs["later"]["without"] and not runs["first"]["without"]
    assert runs["later"]["real"] and runs["later"]["temp"]  # tempfile itself, once asked
