"""What the whole-list check proved is kept in the index (the table ``proven``) and trusted
only while the rows and the files are as they were: every change is still seen."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from dtrcli.notebook import index, manyreads, paths, unchanged
from tests.cli.test_index_cache import ANSWERS, _same_size_and_time, settled  # noqa: F401
from tests.support.cli import ok
from tests.support.spy import spy


def kickoff(dtr, name: str, date: str) -> Path:
    result = ok(dtr("kickoff", name, "--new", "-a", ANSWERS, "--date", date))
    return Path(result.stdout.strip())


def quick(db: sqlite3.Connection | None = None) -> bool:
    """What the whole-list check says now, as a listing of every mentee asks it."""
    db = db or index.open_db()
    assert db is not None
    db.execute("BEGIN")
    try:
        return unchanged.all_unchanged(db, paths.mentee_dirs())
    finally:
        db.execute("COMMIT")


def proved() -> bool:
    """Whether the index keeps a proof."""
    db = sqlite3.connect(index.index_file())
    try:
        return db.execute("SELECT count(*) FROM proven").fetchone()[0] == 1
    finally:
        db.close()


def listed(dtr) -> list[tuple[str, str, str]]:
    rows = json.loads(ok(dtr("history", "--json")).stdout)
    return [(r["mentee"], r["file"], r["title"]) for r in rows]


@pytest.fixture
def three(dtr, settled, home: Path) -> dict[str, Path]:  # noqa: F811
    """Three mentees with a note each, listed twice: the second listing kept its proof."""
    found = {name: kickoff(dtr, name, date) for name, date in
             (("alice", "2026-11-02"), ("bo", "2026-11-03"), ("cy", "2026-11-04"))}  # fmt: skip
    ok(dtr("history"))
    assert not proved()  # the listing that wrote the rows proves nothing yet
    ok(dtr("history"))
    assert proved() and quick()
    return found


def _edit_in_place(notes: dict[str, Path], home: Path) -> None:
    text, before = _same_size_and_time(notes["alice"], "kick-off DTR: alice", "KICK-OFF DTR: alice")
    notes["alice"].write_text(text, encoding="utf-8")
    os.utime(notes["alice"], ns=(before.st_atime_ns, before.st_mtime_ns))


def _replace(notes: dict[str, Path], home: Path) -> None:
    text, before = _same_size_and_time(notes["bo"], "kick-off DTR: bo", "KICK-OFF DTR: bo")
    other = notes["bo"].with_name("new.tmp")
    other.write_text(text, encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, notes["bo"])


def _add(notes: dict[str, Path], home: Path) -> None:
    text = notes["cy"].read_text(encoding="utf-8").replace("2026-11-04", "2026-11-24")
    (notes["cy"].parent / "2026-11-24-kickoff.md").write_text(text, encoding="utf-8")


def _new_folder(notes: dict[str, Path], home: Path) -> None:
    (home / "dee").mkdir()
    text = notes["cy"].read_text(encoding="utf-8").replace("cy", "dee")
    (home / "dee" / notes["cy"].name).write_text(text, encoding="utf-8")


def _remove_folder(notes: dict[str, Path], home: Path) -> None:
    for part in notes["cy"].parent.iterdir():
        part.unlink()
    notes["cy"].parent.rmdir()


CHANGES: dict[str, Callable[[dict[str, Path], Path], None]] = {
    "edited in place, the same size and time": _edit_in_place,
    "replaced by a file of the same size and time": _replace,
    "removed": lambda notes, home: notes["alice"].unlink(),
    "added": _add,
    "a new folder": _new_folder,
    "a folder removed": _remove_folder,
}


@pytest.fixture(params=["here", "two processes"])
def apart(request, monkeypatch) -> list[object]:
    """The proof's files stated by this process, or (from any number of notes) by two
    child processes, as on Linux from unchanged._APART_FROM notes: the children forked."""
    if request.param == "two processes":
        if not unchanged._FORKS:
            pytest.skip("two processes state the files on Linux alone")
        monkeypatch.setattr(unchanged, "_APART_FROM", 0)
        monkeypatch.setattr(manyreads, "cores", lambda: 2)  # whatever the machine has
    else:
        monkeypatch.setattr(unchanged, "_APART_FROM", 10**12)
    return spy(monkeypatch, unchanged, "_child")


@pytest.mark.parametrize("relative", [True, False], ids=["dir_fd", "paths"])
@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_to_the_files_is_seen_while_a_proof_is_kept(
    dtr, three, home: Path, monkeypatch, change, relative, apart
):
    """After each kind of change the check says no (it is decided by the proof, still
    kept), the listing shows the change, and the listing after it proves anew; with the
    stats made from the home's folder or, as on Windows, from full paths, here or in two
    child processes."""
    monkeypatch.setattr(unchanged, "_RELATIVE", relative)
    before = listed(dtr)
    CHANGES[change](three, home)
    assert proved()
    assert not quick()
    after = listed(dtr)
    assert after != before
    index.reset()
    assert after == listed(dtr)
    assert proved() and quick()
    assert listed(dtr) == after  # from the proof: the same rows
    assert bool(apart) == (unchanged._APART_FROM == 0)  # the children stated the files


def test_a_child_that_dies_leaves_the_check_to_this_process(dtr, three, home: Path, monkeypatch):
    """A child process stating the files that is killed gives no answer: the check says
    no, the full check lists the files as they are, and no child is left behind."""
    if not unchanged._FORKS:
        pytest.skip("two processes state the files on Linux alone")
    monkeypatch.setattr(unchanged, "_APART_FROM", 0)
    monkeypatch.setattr(manyreads, "cores", lambda: 2)
    before = listed(dtr)
    monkeypatch.setattr(unchanged, "_matched_last", lambda *args: os.kill(os.getpid(), 9))
    assert not quick()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child waited for
    _edit_in_place(three, home)
    after = listed(dtr)
    assert after != before and ("alice", three["alice"].name, "Module KICK-OFF DTR: alice") in after


def test_a_fork_that_fails_leaves_the_check_to_this_process(dtr, three, home: Path, monkeypatch):
    """No child process can be made (too many processes): the check says no, the listing
    is the files', and no pipe is left open."""
    if not unchanged._FORKS:
        pytest.skip("two processes state the files on Linux alone")
    monkeypatch.setattr(unchanged, "_APART_FROM", 0)
    monkeypatch.setattr(manyreads, "cores", lambda: 2)
    before = listed(dtr)

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    open_before = len(os.listdir("/proc/self/fd"))
    assert not quick()
    assert len(os.listdir("/proc/self/fd")) == open_before
    assert listed(dtr) == before


def test_the_listing_after_a_change_shows_what_the_files_hold(dtr, three, home: Path):
    for change in CHANGES.values():
        change(three, home)
    assert listed(dtr) == [
        ("dee", "2026-11-04-kickoff.md", "Module kick-off DTR: dee"),
        ("bo", three["bo"].name, "Module KICK-OFF DTR: bo"),
    ]


# Writes another run could make to the rows, each leaving the files as they are.
WRITES = {
    "a note's row unsettled": "UPDATE notes SET settled = 0 WHERE folder = 'alice'",
    "a note's row removed": "DELETE FROM notes WHERE folder = 'bo'",
    "a note's row added": "INSERT INTO notes (folder, name, size, mtime, ctime, ino, title, "
    "mentee, template, date, created) SELECT folder, 'x.md', size, mtime, ctime, ino, title, "
    "mentee, template, date, created FROM notes WHERE folder = 'cy'",
    "a folder's row changed": "UPDATE folders SET mtime = mtime + 1 WHERE folder = 'cy'",
    "a folder's row removed": "DELETE FROM folders WHERE folder = 'alice'",
    "a folder's row added": "INSERT INTO folders VALUES ('zed', 1, 1, 1, '')",
}


@pytest.mark.parametrize("write", list(WRITES))
def test_any_write_to_the_rows_forgets_the_proof(dtr, three, home: Path, write):
    """Whoever writes a row of notes or folders (another run, by any statement), the proof
    goes with it, and the next listing checks the files in full."""
    db = sqlite3.connect(index.index_file())
    db.execute(WRITES[write])
    db.commit()
    db.close()
    assert not proved()
    assert not quick()
    assert [row[0] for row in listed(dtr)] == ["cy", "bo", "alice"]
    assert [row[0] for row in listed(dtr)] == ["cy", "bo", "alice"]
    assert proved() and quick()  # the listing after the one that put the rows right


def test_a_row_removed_by_another_run_is_listed_from_its_note(dtr, three, home: Path):
    db = sqlite3.connect(index.index_file())
    db.execute("DELETE FROM notes WHERE folder = 'bo'")
    db.commit()
    db.close()
    assert [row[0] for row in listed(dtr)] == ["cy", "bo", "alice"]


def test_a_write_by_another_run_between_two_listings_is_seen(dtr, three, home: Path):
    """One mentee's listing (another run) reads an edited note and writes its row: the
    listing of every mentee after it shows the edit."""
    _edit_in_place(three, home)
    assert "KICK-OFF DTR: alice" in ok(dtr("history", "alice")).stdout
    assert not proved()
    assert ("alice", three["alice"].name, "Module KICK-OFF DTR: alice") in listed(dtr)


def test_a_proof_from_reads_another_run_has_since_changed_is_left_out(dtr, three, home: Path):
    """A run whose transaction began before another run wrote a row proves what it read,
    but cannot keep the proof (it would describe rows no longer there)."""
    db = sqlite3.connect(index.index_file())
    db.execute("DELETE FROM proven")
    db.commit()
    mine = index.open_db()
    assert mine is not None
    mine.execute("BEGIN")
    mine.execute("SELECT count(*) FROM notes").fetchone()  # the transaction's reads begin
    db.execute("UPDATE notes SET settled = 0 WHERE folder = 'alice'")
    db.commit()
    db.close()
    assert unchanged.all_unchanged(mine, paths.mentee_dirs())  # true of what it reads
    assert mine.in_transaction
    mine.execute("COMMIT")
    assert not proved()
    assert not quick()


@pytest.mark.parametrize("spelled", ["relative", "dot"])
def test_a_home_given_as_a_relative_path_is_proved_and_checked(
    dtr, three, home: Path, monkeypatch, spelled
):
    """DTR_HOME relative to the working folder ("notes", or "." inside it): the proof
    names the folders as listed, and a change is still seen."""
    if spelled == "dot":
        monkeypatch.chdir(home)
        monkeypatch.setenv("DTR_HOME", ".")
    else:
        monkeypatch.chdir(home.parent)
        monkeypatch.setenv("DTR_HOME", home.name)
    index.reset()
    before = listed(dtr)
    assert listed(dtr) == before
    assert proved() and quick()
    _edit_in_place(three, home)
    assert not quick()
    assert ("alice", three["alice"].name, "Module KICK-OFF DTR: alice") in listed(dtr)


def test_a_listing_of_every_mentee_reads_the_index_alone(dtr, three, home: Path):
    """The rows of `dtr history` come from the index of their order, which holds all a
    listing shows (no look-up in the table for each row: at 100,000 notes those would
    read the table's pages over and over)."""
    db = index.open_db()
    assert db is not None
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    try:
        listed(dtr)
    finally:
        db.set_trace_callback(None)
    ordered = [sql for sql in seen if "ORDER BY date DESC" in sql]
    assert ordered
    for sql in ordered:
        plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql))
        assert "COVERING INDEX notes_order" in plan, plan


def test_a_proof_the_files_no_longer_match_goes_and_is_made_again(dtr, three, home: Path):
    """Stamps that differ from the proof's make the check say no and the proof go (were
    it kept, every later listing would check in full); the next check proves anew."""
    db = sqlite3.connect(index.index_file())
    db.execute("UPDATE proven SET stamps = ?", (b"not these stamps",))  # no trigger: not a row
    db.commit()
    db.close()
    assert proved()
    assert not quick()
    assert not proved()
    assert quick() and proved()


def test_a_proof_with_stamps_of_more_files_than_it_names_holds_for_none(
    dtr, three, home: Path, apart
):
    """Stamps with more in them than the folders' and the notes' (a damaged row): the
    stamps stated match its start and its end, but not the whole, so the check says no
    (here, and where two child processes each compare a part)."""
    places = [os.fspath(folder) for folder in paths.mentee_dirs()]
    folders = next(unchanged._parts(None, "", places, [], 0))  # the folders' packed stamps
    db = sqlite3.connect(index.index_file())
    (stamps,) = db.execute("SELECT stamps FROM proven").fetchone()
    assert stamps.startswith(folders)
    db.execute("UPDATE proven SET stamps = ?", (folders + b"\0" + stamps[len(folders) :],))
    db.commit()
    db.close()
    assert not quick()
    assert listed(dtr) == listed(dtr)  # from the files, then proved anew
    assert proved() and quick()


def test_the_proof_packs_stamps_as_the_full_check_does(
    dtr,
    settled,  # noqa: F811
    home: Path,
    monkeypatch,
    apart,
):
    """More notes than the check compares at a time: the stamps the proof keeps, packed a
    chunk at a time, are those the next check packs (here, or cut between two child
    processes), and an edit in the last chunk is seen."""
    monkeypatch.setattr(unchanged, "_CHUNK", 2)
    made = [kickoff(dtr, "alice", f"2026-11-{day:02d}") for day in (2, 9, 16, 23, 30)]
    ok(dtr("history"))
    ok(dtr("history"))
    assert proved() and quick() and quick()
    text, before = _same_size_and_time(made[-1], "kick-off DTR: alice", "KICK-OFF DTR: alice")
    made[-1].write_text(text, encoding="utf-8")
    os.utime(made[-1], ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not quick()
    assert listed(dtr)[0][2] == "Module KICK-OFF DTR: alice"


def test_folders_given_are_answered_only_by_a_proof_of_exactly_them(dtr, three, home: Path):
    """A listing of folders the caller gives (due gives every mentee's) uses the proof
    when it names exactly those folders, and makes no full check of its own."""
    db = index.open_db()
    assert db is not None
    folders = paths.mentee_dirs()

    def given(chosen: list[Path]) -> bool:
        db.execute("BEGIN")
        try:
            return unchanged.all_unchanged(db, chosen, every=False)
        finally:
            db.execute("COMMIT")

    assert given(folders)
    assert not given(folders[:2]) and proved()  # a proof of others: no answer, kept
    db.execute("DELETE FROM proven")
    assert not given(folders) and not proved()  # no proof: no full check, none made
    assert quick() and proved()
    _edit_in_place(three, home)
    assert not given(folders)


def test_due_sees_a_change_while_a_proof_is_kept(dtr, three, home: Path):
    """`dtr due` lists every mentee's folder: a kick-off whose date was changed in place,
    with the same size and time, shows its new date."""
    for name in three:
        ok(dtr("mentee", "edit", name, "--start", "2026-10-26"))
    ok(dtr("history"))
    ok(dtr("history"))
    assert proved()
    db = index.open_db()
    assert db is not None
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    try:
        assert "done 2026-11-02" in ok(dtr("due")).stdout
    finally:
        db.set_trace_callback(None)
    assert any("FROM proven" in sql for sql in seen)
    assert not any("FROM folders" in sql for sql in seen)  # no check of its own
    text, before = _same_size_and_time(three["alice"], "date: 2026-11-02", "date: 2026-11-05")
    three["alice"].write_text(text, encoding="utf-8")
    os.utime(three["alice"], ns=(before.st_atime_ns, before.st_mtime_ns))
    assert proved()
    shown = ok(dtr("due")).stdout
    assert "done 2026-11-05" in shown and "done 2026-11-02" not in shown


def _searched(dtr, text: str) -> list[tuple[str, str]]:
    rows = json.loads(ok(dtr("search", text, "--json")).stdout)
    return sorted((r["mentee"], r["line"]) for r in rows)


@pytest.mark.parametrize("change", ["an answer edited in place", "a note removed", "added"])
def test_a_search_while_a_proof_is_kept_finds_what_the_files_hold(
    dtr, three, home: Path, change, apart
):
    """A search asks the index for its rows while the check stats the files: after a change
    the check finds, the hits are those of the files as they are now, not of the rows the
    change made out of date."""
    assert _searched(dtr, "chemistry") == [(name, "Taught chemistry for five years.")
                                           for name in ("alice", "bo", "cy")]  # fmt: skip
    if change == "an answer edited in place":
        text, before = _same_size_and_time(three["bo"], "chemistry", "geography")
        three["bo"].write_text(text, encoding="utf-8")
        os.utime(three["bo"], ns=(before.st_atime_ns, before.st_mtime_ns))
        expected = ["alice", "cy"]
    elif change == "a note removed":
        three["alice"].unlink()
        expected = ["bo", "cy"]
    else:
        _add(three, home)
        expected = ["alice", "bo", "cy", "cy"]
    assert proved()  # the search below is answered alongside the proof's check
    assert [name for name, _ in _searched(dtr, "chemistry")] == expected
    if change == "an answer edited in place":
        assert _searched(dtr, "geography") == [("bo", "Taught geography for five years.")]
