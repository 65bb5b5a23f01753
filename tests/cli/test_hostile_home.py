"""A hostile home: locks that fail closed, private folders, links out of the home, litter,
a damaged cache, folders that cannot be read, a read-only disk."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dtrcli.notebook import files, index, locks, paths
from tests.support.cli import ok, one_line_error

KICKOFF = {"names_pronouns": "Sam, Alice", "meeting_time": "Tue 18:00", "channel": "Slack"}


def kickoff(dtr, name: str = "alice", date: str = "2026-11-30", **answers: str) -> Path:
    given = json.dumps({**KICKOFF, **answers})
    return Path(
        ok(dtr("kickoff", name, "--new", "-a", "-", "--date", date, input=given)).stdout.strip()
    )


def _dtr_process(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dtrcli", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# --- locks never switch themselves off ------------------------------------------------------


def test_no_usable_cache_folder_stops_a_profile_change(
    dtr, home: Path, tmp_path: Path, monkeypatch
):
    ok(dtr("mentee", "add", "Bo"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    before = (home / "bo" / "mentee.yaml").read_text(encoding="utf-8")
    err = one_line_error(dtr("mentee", "dates", "bo", "add", "2026-12-03", "Review"), "lock")
    assert "changed nothing" in err
    assert (home / "bo" / "mentee.yaml").read_text(encoding="utf-8") == before


def test_parallel_changes_with_no_lock_folder_all_refuse(dtr, home: Path, tmp_path: Path):
    ok(dtr("mentee", "add", "Bo"))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "file")}
    (tmp_path / "file").write_text("", encoding="utf-8")
    runs = [
        _dtr_process("mentee", "dates", "bo", "add", f"2026-12-{day:02d}", "Review", env=env)
        for day in range(1, 9)
    ]
    said_added = [p for p in runs if "Added" in p.communicate()[1]]
    assert all(p.returncode == 1 for p in runs)
    assert said_added == []
    assert "dates" not in (home / "bo" / "mentee.yaml").read_text(encoding="utf-8")


def test_one_home_reached_through_a_link_has_one_lock(home: Path, tmp_path: Path, monkeypatch):
    home.mkdir(parents=True)
    link = tmp_path / "home-link"
    link.symlink_to(home)
    first = locks.lock_path("profiles")
    monkeypatch.setenv("DTR_HOME", str(link))
    assert locks.lock_path("profiles") == first


def test_parallel_changes_through_two_spellings_of_one_home_are_all_kept(
    dtr, home: Path, tmp_path: Path
):
    ok(dtr("mentee", "add", "Bo"))
    link = tmp_path / "home-link"
    link.symlink_to(home)
    runs = [
        _dtr_process(
            "mentee",
            "dates",
            "bo",
            "add",
            f"2026-12-{day:02d}",
            f"Review {day}",
            env={**os.environ, "DTR_HOME": str(link if day % 2 else home)},
        )
        for day in range(1, 17)
    ]
    for p in runs:
        p.communicate()
        assert p.returncode == 0
    listed = ok(dtr("mentee", "dates", "bo")).stdout
    assert all(f"2026-12-{day:02d}  Review {day}" in listed for day in range(1, 17))


def test_without_any_way_to_lock_dtr_stops(dtr, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_locks(name, *args, **kwargs):
        if name in ("fcntl", "msvcrt"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    ok(dtr("mentee", "add", "Bo"))
    monkeypatch.setattr("builtins.__import__", no_locks)
    one_line_error(dtr("mentee", "edit", "bo", "--channel", "Slack"), "no way to lock")


# --- folders only the mentor can open --------------------------------------------------------


def test_every_folder_dtr_makes_is_private_whatever_the_umask(tmp_path: Path):
    env = {
        **os.environ,
        "DTR_HOME": str(tmp_path / "data" / "dtr"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    given = json.dumps(KICKOFF)

    def run(*args: str, stdin: str | None = None) -> None:
        subprocess.run(
            [sys.executable, "-m", "dtrcli", *args],
            env=env,
            input=stdin,
            text=True,
            capture_output=True,
            check=True,
            preexec_fn=lambda: os.umask(0),
        )

    run("kickoff", "alice", "--new", "-a", "-", stdin=given)
    run("mentee", "add", "Bo", "--program", "BE")
    run("mentee", "dates", "bo", "add", "2026-12-03", "Review", "--program")
    run("history")
    made = [p for root in ("data", "cache") for p in (tmp_path / root).rglob("*") if p.is_dir()]
    made += [tmp_path / "data", tmp_path / "cache"]
    assert len(made) >= 7  # data home, mentee folders, .programs, cache, index, locks ...
    for folder in made:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for note in (tmp_path / "data").rglob("*.*"):
        if note.is_file():
            assert stat.S_IMODE(note.stat().st_mode) == 0o600, note


# --- links out of the home are never followed --------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_a_note_linked_from_outside_is_skipped_everywhere(dtr, home: Path, outside: Path):
    kickoff(dtr)
    foreign = outside / "secret.md"
    foreign.write_text(
        "---\ntemplate: kickoff\ndate: 2026-12-01\ntitle: FOREIGN TITLE\n---\n\n"
        "### Q <!-- dtr:q names_pronouns -->\n\nFOREIGN WORDS\n",
        encoding="utf-8",
    )
    (home / "alice" / "2026-12-01-kickoff.md").symlink_to(foreign)
    for args in (
        ("history", "alice"),
        ("history",),
        ("show", "alice"),
        ("search", "FOREIGN"),
        ("export", "alice"),
        ("export", "alice", "-f", "markdown"),
        ("share", "alice"),
        ("followups",),
    ):
        result = dtr(*args)
        assert "FOREIGN" not in result.stdout, args
    warned = dtr("history", "alice")
    assert "outside dtr's notes folder" in warned.stderr
    picked = dtr("show", "alice", "2026-12-01-kickoff.md")
    assert picked.exit_code == 1 and "FOREIGN" not in picked.output
    before = foreign.read_text(encoding="utf-8")
    assert dtr("edit", "alice", "2026-12-01-kickoff.md").exit_code == 1
    assert foreign.read_text(encoding="utf-8") == before


def test_a_mentee_folder_linked_from_outside_is_neither_read_nor_written(
    dtr, home: Path, outside: Path
):
    kickoff(dtr, "alice")
    theirs = outside / "bob"
    theirs.mkdir()
    (theirs / "2026-11-30-kickoff.md").write_text(
        "---\ntemplate: kickoff\ndate: 2026-11-30\ntitle: BOB FOREIGN\n---\n", encoding="utf-8"
    )
    (home / "bob").symlink_to(theirs)
    listing = dtr("history")
    assert listing.exit_code == 0 and "BOB FOREIGN" not in listing.stdout
    assert "alice" in listing.stdout and "outside dtr's notes folder" in listing.stderr
    one_line_error(dtr("history", "bob"), "outside dtr's notes folder")
    one_line_error(
        dtr("kickoff", "bob", "--new", "-a", "-", input=json.dumps(KICKOFF)),
        "outside dtr's notes folder",
    )
    one_line_error(dtr("mentee", "add", "Bob"), "outside dtr's notes folder")
    assert sorted(p.name for p in theirs.iterdir()) == ["2026-11-30-kickoff.md"]


def test_a_link_inside_the_home_is_followed(dtr, home: Path):
    note = kickoff(dtr)
    (home / "alice" / "2026-12-02-kickoff.md").symlink_to(note)
    rows = ok(dtr("history", "alice")).stdout.strip().split("\n")[1:]
    assert sorted(row.split()[-1] for row in rows) == [
        "2026-11-30-kickoff.md",
        "2026-12-02-kickoff.md",
    ]


# --- no litter ------------------------------------------------------------------------------


def test_the_next_save_removes_what_a_killed_save_left(dtr, home: Path):
    kickoff(dtr)
    folder = home / "alice"
    stale = folder / ".tmp-killed.part"
    stale.write_text("---\nprivate answers of a save that was killed\n", encoding="utf-8")
    old = time.time() - files.STALE_SECONDS - 5
    os.utime(stale, (old, old))
    fresh = folder / ".tmp-writing-now.part"  # a save under way in another process
    fresh.write_text("half", encoding="utf-8")
    held = folder / ".tmp-held.part"  # an old one a live writer still holds
    held.write_text("held", encoding="utf-8")
    os.utime(held, (old, old))
    fcntl = pytest.importorskip("fcntl")
    with open(held, "rb+") as writer:
        fcntl.flock(writer, fcntl.LOCK_EX)
        kickoff(dtr, date="2026-12-07")
        assert held.exists()
    assert not stale.exists()
    assert fresh.exists()
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".tmp-")) == [
        "2026-11-30-kickoff.md",
        "2026-12-07-kickoff.md",
    ]


def test_a_profile_change_removes_litter_too(dtr, home: Path):
    ok(dtr("mentee", "add", "Bo"))
    stale = home / "bo" / ".tmp-x.part"
    stale.write_text("left", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    ok(dtr("mentee", "edit", "bo", "--channel", "Slack"))
    assert not stale.exists()


# --- any damage to the index is rebuilt ------------------------------------------------------


def _store(dtr, monkeypatch) -> Path:
    monkeypatch.setattr(index, "RACY_NS", 0)  # store a note written a moment ago
    note = kickoff(dtr)
    ok(dtr("history", "alice"))
    index.reset()
    return note


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xffgarbage",
        b"SQLite format 3\x00" + b"\x00" * 90,  # a truncated database
        b"[" * 200_000 + b"]" * 200_000,
        b"",
    ],
)
def test_a_damaged_index_is_never_a_problem(dtr, home: Path, damage: bytes, monkeypatch):
    _store(dtr, monkeypatch)
    target = index.index_file()
    for part in target.parent.glob(target.name + "*"):
        part.unlink()
    target.write_bytes(damage)
    listing = ok(dtr("history", "alice"))
    assert "2026-11-30" in listing.stdout and "Module kick-off DTR" in listing.stdout
    assert listing.stderr == ""
    assert "Sam" in ok(dtr("search", "Sam")).stdout


def test_a_note_whose_file_name_is_not_utf8_is_still_listed_and_searched(
    dtr, home: Path, monkeypatch
):
    """The index cannot hold such a name: the notes are read from the files instead,
    every one listed and searched, never an unexpected problem (how such a name is
    printed is the output's business)."""
    note = _store(dtr, monkeypatch)
    odd = os.path.join(os.fsencode(note.parent), b"\xff-copy.md")
    with open(odd, "wb") as copy:
        copy.write(note.read_bytes())
    from dtrcli import search
    from dtrcli.notebook import listing, notes

    for _ in range(2):
        assert listing.notes(None) is None  # the files are read instead
        listed = notes.notes_of(None)
        assert sorted(os.fsencode(n.path.name) for n in listed) == [
            b"2026-11-30-kickoff.md",
            b"\xff-copy.md",
        ]
        assert len({h.note.path for h in search.search("Sam", listed)}) == 2


def test_a_foreign_database_is_replaced(dtr, home: Path, monkeypatch):
    import sqlite3

    _store(dtr, monkeypatch)
    target = index.index_file()
    for part in target.parent.glob(target.name + "*"):
        part.unlink()
    other = sqlite3.connect(target)
    other.execute("CREATE TABLE notes (x)")
    other.execute("INSERT INTO notes VALUES (1)")
    other.commit()
    other.close()
    assert "Module kick-off DTR" in ok(dtr("history", "alice")).stdout


@pytest.mark.parametrize(
    "forged",
    [
        {"date": "9999-99-99", "title": "FORGED TITLE"},
        {"date": "2026-02-30", "title": "FORGED TITLE"},
        {"template": "", "title": "FORGED TITLE"},
        {"template": None, "title": "FORGED TITLE"},
        {"date": 20261130, "title": "FORGED TITLE"},
        {"title": b"FORGED TITLE"},
        {"size": -1, "title": "FORGED TITLE"},
        {"mtime": "soon", "title": "FORGED TITLE"},
    ],
)
def test_a_forged_index_row_shows_what_the_note_holds(dtr, home: Path, forged, monkeypatch):
    import sqlite3

    _store(dtr, monkeypatch)
    db = sqlite3.connect(index.index_file())
    columns = ", ".join(f"{key} = ?" for key in forged)
    assert db.execute(f"UPDATE notes SET {columns}", tuple(forged.values())).rowcount == 1
    db.commit()
    db.close()
    listing = ok(dtr("history", "alice"))
    assert "FORGED" not in listing.stdout
    assert "2026-11-30" in listing.stdout and "Module kick-off DTR: alice" in listing.stdout


def test_a_forged_stamp_or_text_never_hides_a_note_from_search(dtr, home: Path, monkeypatch):
    import sqlite3

    _store(dtr, monkeypatch)
    db = sqlite3.connect(index.index_file())
    db.execute("UPDATE texts SET body = NULL")  # the text gone, the stamps as they were
    db.commit()
    db.close()
    assert "Sam" in ok(dtr("search", "Sam")).stdout
    assert "Module kick-off DTR: alice" in ok(dtr("history", "alice")).stdout


# --- folders that cannot be read, a read-only disk ------------------------------------------


def _refuse_scandir(monkeypatch, refused: Path) -> None:
    real = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(path) == refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_mentee_folder_is_named_and_the_rest_listed(dtr, home: Path, monkeypatch):
    kickoff(dtr, "alice")
    kickoff(dtr, "bob")
    _refuse_scandir(monkeypatch, home / "bob")
    for args in (("history",), ("due",), ("followups",), ("mentee", "list"), ("search", "Sam")):
        result = dtr(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
        assert "bob: the folder cannot be read (permission denied)" in result.stderr, args
    assert "alice" in dtr("history").stdout


def test_an_unreadable_data_home_is_one_sentence(dtr, home: Path, monkeypatch):
    kickoff(dtr)
    _refuse_scandir(monkeypatch, home)
    for args in (("history",), ("due",), ("mentee", "list"), ("followups",), ("export",)):
        one_line_error(dtr(*args), "cannot be read (permission denied)")


def test_an_output_inside_a_folder_that_cannot_be_entered_is_one_sentence(
    dtr, tmp_path: Path, monkeypatch
):
    kickoff(dtr)
    real = Path.resolve

    def resolve(self, strict=False):
        if "locked-away" in str(self):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, strict)

    monkeypatch.setattr(Path, "resolve", resolve)
    one_line_error(
        dtr("export", "-o", str(tmp_path / "locked-away" / "x.json")), "cannot be entered"
    )


def test_a_read_only_disk_is_named_as_such(dtr, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files.tempfile, "mkstemp", read_only)
    err = one_line_error(
        dtr("kickoff", "alice", "--new", "-a", "-", input=json.dumps(KICKOFF)), "read-only"
    )
    assert "permission" not in err


def test_paths_private_dir_leaves_existing_parents_alone(tmp_path: Path):
    parent = tmp_path / "shared"
    parent.mkdir(mode=0o755)
    os.chmod(parent, 0o755)
    made = paths.private_dir(parent / "a" / "b")
    assert made.is_dir()
    assert stat.S_IMODE(parent.stat().st_mode) == 0o755
    assert stat.S_IMODE((parent / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((parent / "a" / "b").stat().st_mode) == 0o700
