"""A listing of every mentee from the index: the write-ahead log it leaves behind, the
same table from the files when the index cannot be used, the profiles' names checked
against their files."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from dtrcli.notebook import index, indexdb
from tests.cli.test_index_cache import kickoff, settled  # noqa: F401 - settled: a fixture
from tests.support.cli import ok

pytestmark = pytest.mark.usefixtures("settled")  # every file is settled at once


def test_a_long_log_is_emptied_by_the_listing_that_wrote_it(
    dtr, monkeypatch: pytest.MonkeyPatch, home: Path
):
    """The rows a listing wrote leave the write-ahead log once it is longer than
    LOG_KEPT (the next run would read all of it again), and the listing after still
    sees a changed note."""
    note = kickoff(dtr, "alice", "2026-11-02")
    kickoff(dtr, "bob", "2026-11-03")
    log = Path(f"{index.index_file()}-wal")
    first = ok(dtr("history")).stdout
    assert log.stat().st_size > 0  # shorter than LOG_KEPT: kept
    note.write_text(note.read_text(encoding="utf-8").replace("DTR: alice", "DTR: Al", 1), "utf-8")
    monkeypatch.setattr(indexdb, "LOG_KEPT", 0)
    second = ok(dtr("history")).stdout
    assert log.stat().st_size == 0
    assert "DTR: alice" in first and "DTR: alice" not in second
    assert "DTR: Al " in second and "DTR: bob" in second


def test_a_log_another_run_is_reading_is_left_for_later(
    dtr, monkeypatch: pytest.MonkeyPatch, home: Path
):
    kickoff(dtr, "alice", "2026-11-02")
    ok(dtr("history"))
    log = Path(f"{index.index_file()}-wal")
    other = sqlite3.connect(index.index_file(), isolation_level=None)
    try:
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM notes").fetchone()  # a reader, mid-listing
        kickoff(dtr, "bob", "2026-11-03")
        monkeypatch.setattr(indexdb, "LOG_KEPT", 0)
        result = ok(dtr("history"))
        assert "DTR: alice" in result.stdout and "DTR: bob" in result.stdout
        assert log.stat().st_size > 0  # not emptied under the reader: the next run will
        other.execute("COMMIT")
    finally:
        other.close()
    ok(dtr("history"))
    assert log.stat().st_size == 0


def test_every_mentee_is_listed_the_same_from_the_files(dtr, home: Path):
    """`dtr history` when the index cannot be used (the files read): the same table."""
    kickoff(dtr, "alice", "2026-11-02")
    kickoff(dtr, "bob", "2026-11-20")
    kickoff(dtr, "alice", "2026-11-21")
    listed = ok(dtr("history")).stdout
    assert listed.count("\n") == 4 and listed.index("alice") < listed.index("bob")
    index.reset()
    blocked = Path(os.environ["XDG_CACHE_HOME"])
    shutil.rmtree(blocked / "dtr")
    (blocked / "dtr").write_text("a file where the cache folder would go", encoding="utf-8")
    assert ok(dtr("history")).stdout == listed


def test_a_profile_name_edited_in_place_is_shown_by_the_listing_of_every_mentee(dtr, home: Path):
    """The profiles' names are compared with the rows kept of them all at once: an edit
    that keeps the file's size and modification time is still seen."""
    from tests.support import homes

    kickoff(dtr, "Alice Smith", "2026-11-02")
    kickoff(dtr, "Bo Park", "2026-11-03")
    profile = homes.write_profile(home, "Alice Smith", program="BE", module="1")
    assert "2026-11-02  Alice Smith  kickoff" in ok(dtr("history")).stdout
    before = profile.stat()
    profile.write_text(profile.read_text(encoding="utf-8").replace("Smith", "Smyth"), "utf-8")
    os.utime(profile, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert profile.stat().st_size == before.st_size
    listed = ok(dtr("history")).stdout
    assert "2026-11-02  Alice Smyth  kickoff" in listed and "Bo Park" in listed
    assert ok(dtr("history")).stdout == listed
