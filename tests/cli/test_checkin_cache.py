"""dtr due keeps each check-in's session (met, minutes) in the index: still the note's word.

A check-in is read again whenever its file changed (even to the same size and time) or
the check-in template did; a row that is not one a check-in could give is ignored; a
check-in whose reading warns is never stored (the warning is said each time), nor is an
encrypted home's.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from dtrcli.conversation import templates
from dtrcli.module import checkins
from dtrcli.notebook import index, sealing

# The same fixed day, and a note just written stored at once (index.RACY_NS 0).
from tests.cli.test_profile_cache import START, fixed_today  # noqa: F401 - the fixture
from tests.support.cli import ok
from tests.support.spy import spy

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The check-in notes read for their session since the test began."""
    return spy(monkeypatch, checkins, "_read_session", lambda note, template: note.path)


def checkin(dtr, name: str, day: str, **answers: object) -> Path:
    payload = json.dumps({"met": "yes", **answers})
    return Path(ok(dtr("checkin", name, "-a", "-", "--date", day, input=payload)).stdout.strip())


def weeks(dtr) -> list[tuple[int, str, int | None]]:
    (alice,) = json.loads(ok(dtr("due", "--json")).stdout)
    return [(w["week"], w["state"], w["minutes"]) for w in alice["baseline"]["weeks"]]


def stored() -> dict[str, tuple[int | None, int | None]]:
    with sqlite3.connect(index.index_file()) as db:
        return {name: (met, minutes) for name, met, minutes in db.execute(
            "SELECT name, met, minutes FROM checkins")}  # fmt: skip


def edit_in_place(path: Path, old: str, new: str) -> None:
    """Change the note's text, its size and modification time kept (as an editor may)."""
    before = path.stat()
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size or len(old) != len(new)


def test_an_unchanged_check_in_is_not_read_again(dtr, reads, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START))
    checkin(dtr, "alice", "2026-11-04", session_minutes="45")
    checkin(dtr, "alice", "2026-11-11", session_minutes="20")
    first, as_json = ok(dtr("due")).stdout, ok(dtr("due", "--json")).stdout
    assert stored() == {"2026-11-04-checkin.md": (1, 45), "2026-11-11-checkin.md": (1, 20)}
    assert len(reads) == 2  # the first run read them; the second found them stored
    reads.clear()
    assert ok(dtr("due")).stdout == first
    assert ok(dtr("due", "--json")).stdout == as_json
    assert ok(dtr("mentee", "list")).stdout  # a listing of many mentees too
    assert reads == []


def test_a_hand_edit_is_seen_even_with_the_same_size_and_time(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START))
    note = checkin(dtr, "alice", "2026-11-04", session_minutes="45")
    assert weeks(dtr)[0] == (1, "met", 45)
    edit_in_place(note, "45 minutes", "20 minutes")
    assert note.read_text("utf-8").count("20 minutes") == 1
    assert weeks(dtr)[0] == (1, "short", 20)
    assert stored() == {note.name: (1, 20)}
    # met changed, the file's size with it
    text = note.read_text("utf-8")
    note.write_text(text.replace("\nYes\n", "\nNo\n", 1), "utf-8")
    assert weeks(dtr)[0] == (1, "no session", None)
    assert stored() == {note.name: (0, 20)}


def test_a_changed_check_in_template_reads_the_notes_again(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START))
    checkin(dtr, "alice", "2026-11-04", session_minutes="45")
    assert weeks(dtr)[0] == (1, "met", 45)
    # the user's own check-in template, whose length is words, not minutes
    own = templates.user_dir()
    own.mkdir(parents=True, exist_ok=True)
    built_in = (templates.builtin_dir() / "checkin.yaml").read_text("utf-8")
    (own / "checkin.yaml").write_text(built_in.replace("type: minutes", "type: text"), "utf-8")
    assert weeks(dtr)[0] == (1, "length not noted", None)


def test_a_forged_or_damaged_row_is_ignored(dtr, reads, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START))
    note = checkin(dtr, "alice", "2026-11-04", session_minutes="45")
    expected = ok(dtr("due", "--json")).stdout
    for forged in [
        "met = 2",
        "met = 'yes'",
        "minutes = CAST('45' AS BLOB)",
        "minutes = 4.5",
        "size = -1",
        "mtime = 'x'",
        "template = 7",
    ]:
        with sqlite3.connect(index.index_file()) as db:
            db.execute(f"UPDATE checkins SET {forged}")
            db.execute("DELETE FROM due")  # due's own rows would answer first
        index.reset()
        reads.clear()
        assert ok(dtr("due", "--json")).stdout == expected, forged
        assert reads == [note], forged
        assert stored() == {note.name: (1, 45)}  # written anew
    with sqlite3.connect(index.index_file()) as db:  # a row that says something else
        db.execute("UPDATE checkins SET minutes = 10")
        db.execute("DELETE FROM due")
    reads.clear()
    assert ok(dtr("due", "--json")).stdout != expected  # the row is what the note said ...
    with sqlite3.connect(index.index_file()) as db:  # ... until its stamp is not the file's
        db.execute("UPDATE checkins SET ino = ino + 1")
        db.execute("DELETE FROM due")
    assert ok(dtr("due", "--json")).stdout == expected


def test_a_check_in_whose_reading_warns_is_never_stored(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START))
    note = checkin(dtr, "alice", "2026-11-04", session_minutes="45")
    text = note.read_text("utf-8")
    marker = " <!-- dtr:q session_minutes -->"
    assert marker in text
    note.write_text(text.replace(marker, ""), "utf-8")
    for _ in range(2):
        result = ok(dtr("due"))
        assert "has lost its marker" in result.stderr
        assert stored() == {}


def test_a_check_in_just_written_is_not_stored(dtr, home: Path, monkeypatch):
    monkeypatch.setattr(index, "RACY_NS", 2_000_000_000)
    ok(dtr("mentee", "add", "alice", "--start", START))
    checkin(dtr, "alice", "2026-11-04", session_minutes="45")
    assert weeks(dtr)[0] == (1, "met", 45)
    assert stored() == {}


def test_a_removed_check_in_takes_its_row_along(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START))
    gone = checkin(dtr, "alice", "2026-11-04", session_minutes="45")
    weeks(dtr)
    gone.unlink()
    checkin(dtr, "alice", "2026-11-11", session_minutes="50")
    assert weeks(dtr)[:2] == [(1, "no check-in", None), (2, "met", 50)]
    assert stored() == {"2026-11-11-checkin.md": (1, 50)}


def test_an_encrypted_homes_check_ins_are_never_stored(dtr, home: Path):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    ok(dtr("mentee", "add", "alice", "--start", START))
    checkin(dtr, "alice", "2026-11-04", session_minutes="45")
    sealing.forget()
    assert weeks(dtr)[0] == (1, "met", 45)
    assert stored() == {}
    sealing.marker_path(home).unlink()  # removed by hand, or by a sync
    sealing.forget()
    index.reset()
    assert weeks(dtr)[0] == (1, "met", 45)
    assert stored() == {}
