"""dtr sync through the real git: two data homes on this machine and a bare repository in
tmp_path as their remote; changes on both sides, the same note on both, a profile on
both, syncs cut off (a remote gone, dtr or git killed) and run again, and bad input."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from dtrcli.notebook import gitrepo, index
from tests.support.cli import listing, ok, one_line_error

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

KICKOFF = {"names_pronouns": "Sam, Alice", "meeting_time": "Tue 18:00", "channel": "Slack"}


@pytest.fixture(autouse=True)
def no_system_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """git sees no settings of this machine's (HOME is the test's own already)."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GIT_COMMITTER_EMAIL", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)


def git(*args: str, cwd: Path | None = None) -> str:
    assert GIT is not None
    proc = subprocess.run(
        [GIT, *(["-C", str(cwd)] if cwd else []), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(path))
    return path


class Machine:
    """One data home; ``run(...)`` is dtr on it (in process)."""

    def __init__(self, home: Path, dtr: Callable[..., Result], monkeypatch) -> None:
        self.home = home
        self._dtr = dtr
        self._mp = monkeypatch

    def __call__(self, *args: str, input: str | None = None) -> Result:
        self._mp.setenv("DTR_HOME", str(self.home))
        index.reset()
        return self._dtr(*args, input=input)

    def kickoff(self, name: str = "alice", date: str = "2026-11-03", **answers: str) -> Path:
        given = json.dumps({**KICKOFF, **answers})
        out = ok(self("kickoff", name, "--new", "-a", "-", "--date", date, input=given)).stdout
        return Path(out.strip())

    def files(self) -> dict[str, bytes]:
        """Every file of the notes folder but git's own, by path."""
        found = {}
        for path in self.home.rglob("*"):
            rel = path.relative_to(self.home).as_posix()
            if path.is_file() and not rel.startswith(".git/"):
                found[rel] = path.read_bytes()
        return found

    def notes(self) -> dict[str, bytes]:
        return {k: v for k, v in self.files().items() if k.endswith(".md") and "/." not in k}


@pytest.fixture
def a(tmp_path: Path, dtr, monkeypatch) -> Machine:
    return Machine(tmp_path / "a", dtr, monkeypatch)


@pytest.fixture
def b(tmp_path: Path, dtr, monkeypatch) -> Machine:
    return Machine(tmp_path / "b", dtr, monkeypatch)


def tracked(remote: Path, branch: str = "main") -> list[str]:
    return git("ls-tree", "-r", "--name-only", branch, cwd=remote).split()


def both_set_up(a: Machine, b: Machine, remote: Path) -> None:
    ok(a("sync", "init", str(remote)))
    ok(b("sync", "init", str(remote)))


# --- what is sent and what never is ----------------------------------------------------


def test_drafts_temp_files_kept_copies_and_the_cache_are_never_committed(
    a: Machine, remote: Path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(a.home / ".cache"))  # dtr's cache in the home
    note = a.kickoff()
    ok(a("mentee", "edit", "alice", "--meets", "Tue 18:00"))
    folder = note.parent
    litter = [
        ".draft-midmod.yaml",
        ".draft-midmod.previous-20261103-101010.yaml",
        ".draft-midmod.unreadable-20261103-101010.yaml",
        ".tmp-abc123.part",
        ".2026-11-03-kickoff.before-edit-20261103-101010.md",
    ]
    for name in litter:
        (folder / name).write_text("private: the draft answers\n", encoding="utf-8")
    ok(a("history"))  # the index and its locks are in the cache, inside the home
    assert any((a.home / ".cache").rglob("*.sqlite3"))

    result = ok(a("sync", "init", str(remote)))

    assert sorted(tracked(remote)) == [
        ".gitignore",
        "alice/2026-11-03-kickoff.md",
        "alice/mentee.yaml",
    ]
    assert "Sent to" in result.stderr
    ignore = (a.home / ".gitignore").read_text(encoding="utf-8")
    assert "/.cache/" in ignore
    for name in litter:
        assert (folder / name).exists()  # left where they are, only not sent
    assert git("status", "--porcelain", cwd=a.home) == ""


def test_a_draft_tracked_before_is_no_longer_sent(a: Machine, remote: Path):
    a.kickoff()
    draft = a.home / "alice" / ".draft-exit.yaml"
    draft.write_text("answers: {}\n", encoding="utf-8")
    git("-c", "init.defaultBranch=mine", "init", "-q", cwd=a.home)
    git("add", "-A", cwd=a.home)
    git("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "mine", cwd=a.home)
    assert "alice/.draft-exit.yaml" in git("ls-files", cwd=a.home)

    ok(a("sync", "init", str(remote)))

    assert "alice/2026-11-03-kickoff.md" in tracked(remote, "mine")
    assert "alice/.draft-exit.yaml" not in tracked(remote, "mine")
    assert draft.exists()


def test_sync_init_without_a_remote_keeps_history_here_and_says_how_to_add_one(a: Machine):
    a.kickoff()
    result = ok(a("sync", "init"))
    assert "dtr sync init REMOTE" in result.stderr
    assert "alice/2026-11-03-kickoff.md" in git("ls-files", cwd=a.home)
    assert stat.S_IMODE((a.home / ".git").stat().st_mode) == 0o700


# --- two machines -----------------------------------------------------------------------


def test_a_second_machine_starts_from_the_remote_with_one_history(
    a: Machine, b: Machine, remote: Path
):
    ok(a("sync", "init", str(remote)))
    a.kickoff("alice")
    ok(a("sync"))
    ok(b("mentee", "add", "Bob"))  # the second machine has notes of its own already

    said = ok(b("sync", "init", str(remote))).stderr
    assert "Brought" in said and "Sent to" in said

    merges = git("rev-list", "--merges", "main", cwd=remote).split()
    roots = git("rev-list", "--max-parents=0", "main", cwd=remote).split()
    assert merges == [] and len(roots) == 1  # b's commit sits on a's: no second history
    assert set(a.notes()) <= set(b.notes()) and "bob/mentee.yaml" in tracked(remote)
    assert b.files()["alice/2026-11-03-kickoff.md"] == a.files()["alice/2026-11-03-kickoff.md"]


def test_a_second_machine_with_a_note_of_the_same_name_keeps_both(
    a: Machine, b: Machine, remote: Path
):
    ok(a("sync", "init", str(remote)))
    a.kickoff("alice", names_pronouns="From machine a")
    ok(a("sync"))
    b.kickoff("alice", names_pronouns="From machine b")

    ok(b("sync", "init", str(remote)))

    texts = [v.decode() for k, v in b.notes().items() if k.startswith("alice/")]
    assert len(texts) == 2
    assert any("From machine a" in t for t in texts) and any("From machine b" in t for t in texts)


def test_changes_on_both_sides_reach_both(a: Machine, b: Machine, remote: Path):
    both_set_up(a, b, remote)
    a.kickoff("alice", focus_topic="SQL joins")
    b.kickoff("bob", focus_topic="CSS grid")
    ok(b("mentee", "add", "bob", "--meets", "Wed 17:00"))

    ok(a("sync"))
    result = ok(b("sync"))
    assert "Brought 1 change" in result.stderr
    ok(a("sync"))

    assert a.files() == b.files()
    assert set(a.notes()) == {"alice/2026-11-03-kickoff.md", "bob/2026-11-03-kickoff.md"}
    assert b"CSS grid" in a.notes()["bob/2026-11-03-kickoff.md"]
    rows = listing(ok(a("history")).stdout)
    assert sorted(r[1] for r in rows[1:]) == ["alice", "bob"]
    assert "sync" not in rows[0]  # nothing waits to be sent
    assert "Everything here is on" in ok(a("sync", "--status")).stderr


def test_files_brought_are_private_to_the_mentor(a: Machine, b: Machine, remote: Path):
    both_set_up(a, b, remote)
    a.kickoff("alice")
    ok(a("sync"))
    ok(b("sync"))
    note = b.home / "alice" / "2026-11-03-kickoff.md"
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    assert stat.S_IMODE(note.parent.stat().st_mode) == 0o700


def test_the_same_note_name_on_both_machines_keeps_both(a: Machine, b: Machine, remote: Path):
    both_set_up(a, b, remote)
    a.kickoff("alice", focus_topic="SQL joins")
    b.kickoff("alice", focus_topic="CSS grid")

    ok(a("sync"))
    result = ok(b("sync"))
    ok(a("sync"))

    assert "both are kept" in result.stderr
    assert "alice/2026-11-03-kickoff-2.md" in result.stderr
    for machine in (a, b):
        notes = machine.notes()
        assert set(notes) == {"alice/2026-11-03-kickoff.md", "alice/2026-11-03-kickoff-2.md"}
        assert b"SQL joins" in notes["alice/2026-11-03-kickoff.md"]  # sent first: its name
        assert b"CSS grid" in notes["alice/2026-11-03-kickoff-2.md"]
    assert a.files() == b.files()
    assert len(listing(ok(b("history", "alice")).stdout)) == 3  # the header and both notes


def test_a_note_edited_differently_on_both_machines_keeps_both_versions(
    a: Machine, b: Machine, remote: Path
):
    both_set_up(a, b, remote)
    note = a.kickoff("alice")
    ok(a("sync"))
    ok(b("sync"))
    text = note.read_text(encoding="utf-8")
    note.write_text(text + "\nEdited on the laptop.\n", encoding="utf-8")
    other = b.home / "alice" / note.name
    other.write_text(text + "\nEdited on the desktop.\n", encoding="utf-8")

    ok(a("sync"))
    result = ok(b("sync"))
    ok(a("sync"))

    assert "changed differently" in result.stderr
    for machine in (a, b):
        notes = machine.notes()
        assert b"laptop" in notes["alice/2026-11-03-kickoff.md"]
        assert b"desktop" in notes["alice/2026-11-03-kickoff-2.md"]


def test_a_note_removed_on_one_machine_and_changed_on_the_other_stays(
    a: Machine, b: Machine, remote: Path
):
    both_set_up(a, b, remote)
    note = a.kickoff("alice")
    ok(a("sync"))
    ok(b("sync"))
    note.unlink()
    other = b.home / "alice" / note.name
    other.write_text(other.read_text(encoding="utf-8") + "\nStill here.\n", encoding="utf-8")

    ok(a("sync"))
    result = ok(b("sync"))
    ok(a("sync"))

    assert "the changed version is kept" in result.stderr
    assert b"Still here." in a.notes()["alice/2026-11-03-kickoff.md"]


def test_a_profile_edited_on_both_machines_is_merged_key_by_key(
    a: Machine, b: Machine, remote: Path
):
    ok(a("mentee", "add", "Alice", "--program", "BE", "--module", "2"))
    both_set_up(a, b, remote)
    ok(a("mentee", "edit", "alice", "--meets", "Tue 18:00"))
    ok(a("mentee", "dates", "alice", "add", "2026-12-01", "Project due"))
    ok(b("mentee", "edit", "alice", "--pronouns", "she/her", "--channel", "Slack"))
    ok(b("mentee", "dates", "alice", "add", "2026-12-08", "Assessment"))

    ok(a("sync"))
    result = ok(b("sync"))
    ok(a("sync"))

    assert "warning" not in result.stderr  # no field changed on both: nothing to say
    shown = json.loads(ok(a("mentee", "show", "alice", "--json")).stdout)
    assert (shown["pronouns"], shown["meets"], shown["channel"]) == (
        "she/her",
        "Tue 18:00",
        "Slack",
    )
    assert [d["label"] for d in shown["dates"]] == ["Project due", "Assessment"]
    assert "conflicts" not in shown
    assert a.files() == b.files()


def test_a_field_changed_on_both_machines_keeps_both_values_and_says_so(
    a: Machine, b: Machine, remote: Path
):
    ok(a("mentee", "add", "Alice", "--meets", "Mon 10:00"))
    both_set_up(a, b, remote)
    ok(a("mentee", "edit", "alice", "--meets", "Tue 18:00"))
    ok(b("mentee", "edit", "alice", "--meets", "Wed 17:00"))

    ok(a("sync"))
    result = ok(b("sync"))

    assert "meets was changed on both machines" in result.stderr
    assert "'Tue 18:00' is kept" in result.stderr and "'Wed 17:00'" in result.stderr
    shown = ok(b("mentee", "show", "alice"))
    assert "Tue 18:00" in shown.stdout
    assert "also 'Wed 17:00'" in shown.stdout and "--meets" in shown.stdout
    data = json.loads(ok(b("mentee", "show", "alice", "--json")).stdout)
    assert data["conflicts"] == {"meets": ["Wed 17:00"]}
    # another save of the profile keeps it; setting the field settles it
    ok(b("mentee", "dates", "alice", "add", "2026-12-01", "Review"))
    assert "conflicts" in (b.home / "alice" / "mentee.yaml").read_text(encoding="utf-8")
    ok(b("mentee", "edit", "alice", "--meets", "Wed 17:00"))
    assert "conflicts" not in (b.home / "alice" / "mentee.yaml").read_text(encoding="utf-8")
    ok(b("sync"))
    ok(a("sync"))
    assert json.loads(ok(a("mentee", "show", "alice", "--json")).stdout)["meets"] == "Wed 17:00"


def test_program_dates_added_on_both_machines_are_all_kept(a: Machine, b: Machine, remote: Path):
    ok(a("mentee", "add", "Alice", "--program", "BE", "--module", "2"))
    both_set_up(a, b, remote)
    ok(a("mentee", "dates", "alice", "add", "2026-12-01", "Demo day", "--program"))
    ok(b("mentee", "dates", "alice", "add", "2026-12-15", "Holidays", "--program"))

    ok(a("sync"))
    ok(b("sync"))
    ok(a("sync"))

    listed = ok(a("mentee", "dates", "alice")).stdout
    assert "Demo day" in listed and "Holidays" in listed
    assert a.files() == b.files()


def test_files_travel_exactly_as_they_are(a: Machine, b: Machine, remote: Path):
    """Sync moves bytes it does not read (an encrypted home's notes are not text)."""
    both_set_up(a, b, remote)
    blob = bytes(range(256)) * 4
    (a.home / "alice").mkdir(mode=0o700)
    (a.home / "alice" / "2026-11-03-kickoff.md").write_bytes(blob)
    (b.home / "alice").mkdir(mode=0o700)
    (b.home / "alice" / "2026-11-03-kickoff.md").write_bytes(blob[::-1])

    ok(a("sync"))
    ok(b("sync"))
    ok(a("sync"))

    for machine in (a, b):
        assert machine.files()["alice/2026-11-03-kickoff.md"] == blob
        assert machine.files()["alice/2026-11-03-kickoff-2.md"] == blob[::-1]


def test_commits_say_what_changed(a: Machine, remote: Path):
    ok(a("sync", "init", str(remote)))
    a.kickoff("alice")
    ok(a("mentee", "add", "bob"))
    ok(a("sync"))
    message = git("log", "-1", "--format=%B", "main", cwd=remote)
    assert message.splitlines()[0] == "alice: 1 new note; bob: profile new"
    assert "new      alice/2026-11-03-kickoff.md" in message


def test_a_mentor_who_never_set_up_git_gets_dtr_as_author(a: Machine, remote: Path):
    ok(a("sync", "init", str(remote)))
    author = git("log", "-1", "--format=%an <%ae>", "main", cwd=remote).strip()
    assert author == "dtr <dtr@localhost>"


def test_the_mentors_own_git_identity_is_used(a: Machine, remote: Path, tmp_path: Path):
    config = Path(os.environ["HOME"]) / ".gitconfig"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[user]\n\tname = Sam Mentor\n\temail = sam@example.org\n", encoding="utf-8")
    ok(a("sync", "init", str(remote)))
    author = git("log", "-1", "--format=%an <%ae>", "main", cwd=remote).strip()
    assert author == "Sam Mentor <sam@example.org>"


def test_the_remote_moving_on_during_a_sync_is_merged_in(
    a: Machine, b: Machine, remote: Path, tmp_path: Path, monkeypatch
):
    """Another machine pushes between this one's fetch and push: fetched and merged again."""
    both_set_up(a, b, remote)
    b.kickoff("bob")
    clone = tmp_path / "third"
    git("clone", "-q", "-b", "main", str(remote), str(clone))
    (clone / "carol").mkdir()
    (clone / "carol" / "mentee.yaml").write_text("name: Carol\n", encoding="utf-8")
    git("add", "-A", cwd=clone)
    git("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "carol", cwd=clone)
    wrapper = _git_wrapper(  # the first push of this machine's finds the remote moved on
        tmp_path,
        f'if echo " $* " | grep -q " push " && [ ! -e "{tmp_path}/pushed" ]; then '
        f': > "{tmp_path}/pushed"; "{GIT}" -C "{clone}" push -q origin main; fi',
    )
    monkeypatch.setenv("PATH", f"{wrapper}{os.pathsep}{os.environ['PATH']}")

    ok(b("sync"))

    assert (tmp_path / "pushed").exists()
    assert {"bob/2026-11-03-kickoff.md", "carol/mentee.yaml"} <= set(tracked(remote))
    assert (b.home / "carol" / "mentee.yaml").is_file()


# --- interrupted --------------------------------------------------------------------------


def test_a_remote_that_disappears_loses_nothing_and_the_next_sync_sends_it(
    a: Machine, b: Machine, remote: Path, tmp_path: Path
):
    both_set_up(a, b, remote)
    note = a.kickoff("alice")
    away = tmp_path / "away.git"
    remote.rename(away)

    one_line_error(a("sync"), "Could not reach the remote", "run 'dtr sync' again")

    assert note.is_file()
    rows = listing(ok(a("history")).stdout)
    assert rows[0][-1] == "sync" and rows[1][-1] == "not yet"
    status = ok(a("sync", "--status"))
    assert "committed" in status.stdout and "alice/2026-11-03-kickoff.md" in status.stdout
    away.rename(remote)
    assert "Sent to" in ok(a("sync")).stderr
    assert "sync" not in listing(ok(a("history")).stdout)[0]
    ok(b("sync"))
    assert set(b.notes()) == {"alice/2026-11-03-kickoff.md"}


def test_a_remote_that_never_answers_is_given_up_and_nothing_is_lost(
    a: Machine, remote: Path, tmp_path: Path, monkeypatch
):
    ok(a("sync", "init", str(remote)))
    note = a.kickoff("alice")
    git("remote", "set-url", "origin", "ssh://mentor@notes.invalid/notes.git", cwd=a.home)
    pid_file = tmp_path / "ssh.pid"
    # An ssh that connects to nothing and never gives up on its own.
    monkeypatch.setenv("GIT_SSH_COMMAND", f"sh -c 'echo $$ > {pid_file}; exec sleep 300'")
    monkeypatch.setenv("DTR_SYNC_TIMEOUT", "2")

    one_line_error(a("sync"), "git fetch had no answer from the remote in 2 seconds", "again")

    pid = int(pid_file.read_text(encoding="ascii"))
    for _ in range(200):  # the ssh it started is ended with it
        if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the ssh git started ({pid}) is still running")
    assert note.is_file()
    assert not list((a.home / ".git").glob("*.lock"))
    assert listing(ok(a("history")).stdout)[1][-1] == "not yet"
    git("remote", "set-url", "origin", str(remote), cwd=a.home)
    assert "Sent to" in ok(a("sync")).stderr


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):  # gone, or reaped as it was read
        return "X"


def _git_wrapper(folder: Path, before: str) -> Path:
    """A folder with a ``git`` that runs ``before`` (shell), then the real git."""
    bin_dir = folder / "wrapped-bin"
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / "git"
    script.write_text(f'#!/bin/sh\n{before}\nexec "{GIT}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return bin_dir


def _kill_at(folder: Path, command: str, nth: int, lock: str, *, parent: bool) -> Path:
    """A git that, the ``nth`` time it is asked for ``command``, leaves ``lock`` (in the
    repository of ``-C DIR``) as a killed git would, and is killed (with dtr: ``parent``)."""
    count = folder / f"count-{command}"
    kill = "kill -9 $PPID; kill -9 $$" if parent else "kill -9 $$"
    return _git_wrapper(
        folder,
        f"""for word in "$@"; do
  if [ "$word" = "{command}" ]; then
    n=$(cat "{count}" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "{count}"
    if [ $n = {nth} ]; then
      if [ -n "{lock}" ]; then mkdir -p "$(dirname "$2/.git/{lock}")"; : > "$2/.git/{lock}"; fi
      {kill}
    fi
    break
  fi
done""",
    )


def _diverged(a: Machine, b: Machine, remote: Path) -> None:
    """Both machines changed notes and a profile; A has sent its changes, B has not."""
    ok(a("mentee", "add", "Alice", "--meets", "Mon 10:00"))
    both_set_up(a, b, remote)
    a.kickoff("alice", focus_topic="SQL joins")
    ok(a("mentee", "edit", "alice", "--pronouns", "she/her"))
    a.kickoff("carol")
    ok(a("sync"))
    b.kickoff("alice", focus_topic="CSS grid")
    b.kickoff("bob")
    ok(b("mentee", "edit", "alice", "--channel", "Slack"))


# (git command, which call of it, the lock file a git killed there holds, whether the
# move to the merge had begun: the next sync then finishes it first)
KILL_POINTS = [
    ("add", 1, "index.lock", False),  # staging what changed here
    ("commit-tree", 1, "", False),  # this machine's commit
    ("update-ref", 1, "refs/heads/main.lock", False),  # ... moving the branch to it
    ("fetch", 1, "refs/remotes/origin/main.lock", False),
    ("read-tree", 1, "dtr-merge-index.lock", False),  # working out the merge
    ("cat-file", 1, "", False),  # the profile, merged key by key
    ("commit-tree", 2, "", False),  # the merge commit
    ("cat-file", 2, "", True),  # the folder about to move to the merge
    ("update-ref", 2, "refs/heads/main.lock", True),  # every file moved, the branch not yet
    ("read-tree", 2, "index.lock", True),  # the branch moved, the index not yet
    ("push", 1, "", False),
]


@pytest.mark.parametrize(("command", "nth", "lock", "moving"), KILL_POINTS)
def test_dtr_killed_during_a_sync_leaves_the_home_usable_and_the_next_sync_completes_it(
    a: Machine,
    b: Machine,
    remote: Path,
    tmp_path: Path,
    command: str,
    nth: int,
    lock: str,
    moving: bool,
):
    _diverged(a, b, remote)
    before = b.notes()
    env = {**os.environ, "DTR_HOME": str(b.home)}
    env["PATH"] = f"{_kill_at(tmp_path, command, nth, lock, parent=True)}{os.pathsep}{env['PATH']}"
    killed = subprocess.run(
        [sys.executable, "-m", "dtrcli", "sync"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr

    after = list(b.notes().values())
    for name, text in before.items():  # every note whole, none lost
        assert text in after, name
    ok(b("history"))
    ok(b("mentee", "show", "alice"))
    ok(b("sync", "--status"))

    rerun = ok(b("sync"))
    ok(a("sync"))

    assert ("The last sync was interrupted" in rerun.stderr) == moving

    assert a.files() == b.files()
    notes = a.notes()
    assert set(notes) == {
        "alice/2026-11-03-kickoff.md",
        "alice/2026-11-03-kickoff-2.md",
        "bob/2026-11-03-kickoff.md",
        "carol/2026-11-03-kickoff.md",
    }
    assert b"SQL joins" in notes["alice/2026-11-03-kickoff.md"]
    assert b"CSS grid" in notes["alice/2026-11-03-kickoff-2.md"]
    shown = json.loads(ok(a("mentee", "show", "alice", "--json")).stdout)
    assert (shown["pronouns"], shown["channel"]) == ("she/her", "Slack")
    assert git("status", "--porcelain", cwd=b.home) == ""
    assert not list((b.home / ".git").glob("dtr-*"))


def test_git_killed_under_dtr_is_one_sentence_and_the_next_sync_completes_it(
    a: Machine, b: Machine, remote: Path, tmp_path: Path, monkeypatch
):
    _diverged(a, b, remote)
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", f"{_kill_at(tmp_path, 'add', 1, 'index.lock', parent=False)}:{path}")
    one_line_error(b("sync"), "git add was stopped", "nothing is lost", "run 'dtr sync' again")
    assert not (b.home / ".git" / "index.lock").exists()  # its lock went with it
    monkeypatch.setenv("PATH", path)
    ok(b("sync"))
    ok(a("sync"))
    assert a.files() == b.files()


# --- bad input ------------------------------------------------------------------------------


def test_no_git_installed_is_one_sentence(a: Machine, remote: Path, tmp_path: Path, monkeypatch):
    a.kickoff("alice")
    ok(a("sync", "init", str(remote)))
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    before = a.files()
    for args in (("sync",), ("sync", "init", str(remote)), ("sync", "--status")):
        one_line_error(a(*args), "needs git", "install it")
    assert a.files() == before
    assert "sync" not in listing(ok(a("history")).stdout)[0]  # history still works


def test_a_remote_that_cannot_be_reached_at_init_changes_nothing(a: Machine, tmp_path: Path):
    a.kickoff("alice")
    before = a.files()
    one_line_error(
        a("sync", "init", str(tmp_path / "nowhere.git")), "Could not reach", "nothing was changed"
    )
    assert not (a.home / ".git").exists()
    assert a.files() == before


def test_sync_before_init_says_how_to_set_it_up(a: Machine):
    a.kickoff("alice")
    one_line_error(a("sync"), "not set up", "dtr sync init REMOTE")
    one_line_error(a("sync", "--status"), "dtr sync init REMOTE")


def test_another_remote_at_init_is_refused(a: Machine, remote: Path, tmp_path: Path):
    ok(a("sync", "init", str(remote)))
    other = tmp_path / "other.git"
    git("init", "-q", "--bare", str(other))
    one_line_error(a("sync", "init", str(other)), "already syncs with", "remote set-url")


def _head(home: Path) -> str:
    return git("rev-parse", "HEAD", cwd=home).strip()


@pytest.mark.parametrize(
    ("make", "needles"),
    [
        (
            lambda h: (h / ".git" / "MERGE_HEAD").write_text(_head(h) + "\n"),
            ("a merge", "merge --abort"),
        ),
        (lambda h: (h / ".git" / "rebase-merge").mkdir(), ("a rebase", "rebase --abort")),
        (lambda h: git("checkout", "-q", "--detach", cwd=h), ("not on a branch", "switch")),
        (lambda h: (h / ".git" / "index.lock").write_text(""), ("git is busy", "index.lock")),
    ],
    ids=["merge", "rebase", "detached", "busy"],
)
def test_a_repository_in_a_state_dtr_did_not_leave_is_one_sentence(
    a: Machine, remote: Path, make, needles
):
    a.kickoff("alice")
    ok(a("sync", "init", str(remote)))
    (a.home / "alice" / "2026-11-03-kickoff.md").write_text("changed\n", encoding="utf-8")
    make(a.home)
    before = a.files()
    one_line_error(a("sync"), *needles, "dtr sync")
    assert a.files() == before
    assert git("log", "--format=%s", "main", cwd=remote).count("\n") == 1  # only the first


def test_a_second_sync_at_once_is_refused(a: Machine, remote: Path):
    from dtrcli.notebook import locks

    ok(a("sync", "init", str(remote)))
    with locks.locked("sync"):
        one_line_error(a("sync"), "Another dtr sync is running")


# --- what is not yet sent ------------------------------------------------------------------


def test_status_lists_what_is_not_yet_sent(a: Machine, remote: Path):
    ok(a("sync", "init", str(remote)))
    assert "Everything here is on" in ok(a("sync", "--status")).stderr
    a.kickoff("alice")
    status = ok(a("sync", "--status"))
    assert listing(status.stdout) == [
        ["not yet sent", "file"],
        ["new", "alice/2026-11-03-kickoff.md"],
    ]
    assert "1 file not yet on" in status.stderr
    assert tracked(remote) == [".gitignore"]  # --status sends nothing


@pytest.fixture
def git_calls(monkeypatch) -> Iterator[list[list[str]]]:
    calls: list[list[str]] = []
    real = gitrepo._run  # every git dtr runs goes through it

    def counting(args, *rest, **kwargs):
        if isinstance(args, list) and args and Path(str(args[0])).name == "git":
            calls.append([str(a) for a in args])
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(gitrepo, "_run", counting)
    yield calls


def test_history_marks_notes_not_yet_synced_with_one_git_status(
    a: Machine, remote: Path, git_calls: list[list[str]]
):
    a.kickoff("alice", date="2026-11-03")
    ok(a("history"))
    assert git_calls == []  # not set up: git is never asked
    ok(a("sync", "init", str(remote)))
    a.kickoff("bob", date="2026-11-04")
    git_calls.clear()

    result = ok(a("history"))

    assert len(git_calls) == 1 and "status" in git_calls[0]
    rows = listing(result.stdout)
    assert rows[0][-1] == "sync"
    assert [(r[1], r[-1]) for r in rows[1:]] == [
        ("bob", "not yet"),
        ("alice", "2026-11-03-kickoff.md"),
    ]
    assert "1 note not yet synced" in result.stderr
    data = json.loads(ok(a("history", "--json")).stdout)
    assert [(n["mentee"], n["synced"]) for n in data] == [("bob", False), ("alice", True)]
