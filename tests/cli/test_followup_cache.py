"""dtr followups keeps each note's follow-ups in the index: still the note's word.

A note is read again whenever its file changed (even to the same size and time) or its
template did; a row that is not one a note could give is ignored; a note whose reading
warns is never stored (the warning is said each time), nor is an encrypted home's.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dtrcli.conversation import templates
from dtrcli.module import followups
from dtrcli.notebook import index, sealing
from tests.cli.test_checkin_cache import edit_in_place

# The same fixed day, and a note just written stored at once (index.RACY_NS 0).
from tests.cli.test_profile_cache import fixed_today  # noqa: F401 - the fixture
from tests.support.cli import ok
from tests.support.spy import spy

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notes read for their follow-ups since the test began (their file names)."""
    return spy(monkeypatch, followups, "_read_items", lambda note, template: note.path.name)


def kickoff(dtr, name: str, day: str, items: list[str]) -> Path:
    payload = json.dumps({"meeting_time": "Tue 18:00", "channel": "Slack", "followups": items})
    return Path(
        ok(dtr("kickoff", name, "--new", "-a", "-", "--date", day, input=payload)).stdout.strip()
    )


def open_items(dtr, *args: str) -> list[tuple[str, str]]:
    return [
        (d["mentee"], d["text"]) for d in json.loads(ok(dtr("followups", *args, "--json")).stdout)
    ]


def stored() -> dict[str, list[list[object]]]:
    with sqlite3.connect(index.index_file()) as db:
        return {name: json.loads(items) for name, items in db.execute(
            "SELECT name, items FROM followups")}  # fmt: skip


def test_unchanged_notes_are_not_read_again(dtr, reads, home: Path):
    kickoff(dtr, "Alice", "2026-11-03", ["Send the invite", "Read the guide"])
    kickoff(dtr, "Bob", "2026-11-04", ["Book a room"])
    expected = [("Alice", "Send the invite"), ("Alice", "Read the guide"), ("Bob", "Book a room")]
    first = ok(dtr("followups")).stdout
    assert open_items(dtr) == expected
    assert sorted(reads) == ["2026-11-03-kickoff.md", "2026-11-04-kickoff.md"]
    assert stored() == {
        "2026-11-03-kickoff.md": [
            ["followups", 0, "Send the invite", " "],
            ["followups", 1, "Read the guide", " "],
        ],
        "2026-11-04-kickoff.md": [["followups", 0, "Book a room", " "]],
    }
    reads.clear()
    assert ok(dtr("followups")).stdout == first
    assert open_items(dtr) == expected
    assert open_items(dtr, "alice") == expected[:2]  # one mentee's, through the same rows
    assert reads == []


def test_a_hand_edit_is_seen_even_with_the_same_size_and_time(dtr, home: Path):
    note = kickoff(dtr, "Alice", "2026-11-03", ["Send the invite", "Read the guide"])
    assert len(open_items(dtr)) == 2
    edit_in_place(note, "- [ ] Send the invite", "- [x] Send the invite")
    assert open_items(dtr) == [("Alice", "Read the guide")]
    assert stored()[note.name][0] == ["followups", 0, "Send the invite", "x"]
    edit_in_place(note, "Read the guide", "Read the gulde")
    assert open_items(dtr) == [("Alice", "Read the gulde")]


def test_a_changed_template_reads_its_notes_again(dtr, reads, home: Path):
    kickoff(dtr, "Alice", "2026-11-03", ["Send the invite"])
    assert open_items(dtr) == [("Alice", "Send the invite")]
    reads.clear()
    own = templates.user_dir()
    own.mkdir(parents=True, exist_ok=True)
    built_in = (templates.builtin_dir() / "kickoff.yaml").read_text("utf-8")
    assert "\nversion: 2\n" in built_in
    (own / "kickoff.yaml").write_text(built_in.replace("\nversion: 2\n", "\nversion: 3\n"), "utf-8")
    assert open_items(dtr) == [("Alice", "Send the invite")]
    assert reads == ["2026-11-03-kickoff.md"]


def test_a_forged_or_damaged_row_is_ignored(dtr, reads, home: Path):
    note = kickoff(dtr, "Alice", "2026-11-03", ["Send the invite"])
    expected = open_items(dtr)
    for forged in [
        "items = 'not json'",
        "items = '{}'",
        'items = \'[["followups", -1, "Send the invite", " "]]\'',
        'items = \'[["followups", 0, "Send the invite", "?"]]\'',
        'items = \'[["followups", 0, 7, " "]]\'',
        "items = '[[\"followups\", 0]]'",
        "items = 7",
        "size = -1",
        "template = 7",
    ]:
        with sqlite3.connect(index.index_file()) as db:
            db.execute(f"UPDATE followups SET {forged}")
        index.reset()
        reads.clear()
        assert open_items(dtr) == expected, forged
        assert reads == [note.name], forged
        assert stored() == {note.name: [["followups", 0, "Send the invite", " "]]}  # anew
    with sqlite3.connect(index.index_file()) as db:  # a row that says something else
        db.execute('UPDATE followups SET items = \'[["followups", 0, "Other words", " "]]\'')
    assert open_items(dtr) == [("Alice", "Other words")]  # the row is what the note said ...
    with sqlite3.connect(index.index_file()) as db:  # ... until its stamp is not the file's
        db.execute("UPDATE followups SET ino = ino + 1")
    assert open_items(dtr) == expected


def test_a_note_whose_reading_warns_is_never_stored(dtr, home: Path):
    note = kickoff(dtr, "Alice", "2026-11-03", ["Send the invite"])
    text = note.read_text("utf-8")
    marker = " <!-- dtr:q followups -->"
    assert marker in text
    note.write_text(text.replace(marker, ""), "utf-8")
    for _ in range(2):
        result = ok(dtr("followups", "--json"))
        assert "has lost its marker" in result.stderr
        assert stored() == {}


def test_a_note_just_written_is_not_stored(dtr, home: Path, monkeypatch):
    monkeypatch.setattr(index, "RACY_NS", 2_000_000_000)
    kickoff(dtr, "Alice", "2026-11-03", ["Send the invite"])
    assert open_items(dtr) == [("Alice", "Send the invite")]
    assert stored() == {}


def test_a_removed_note_takes_its_row_along(dtr, home: Path):
    gone = kickoff(dtr, "Alice", "2026-11-03", ["Send the invite"])
    kept = kickoff(dtr, "Bob", "2026-11-04", ["Book a room"])
    assert len(open_items(dtr)) == 2
    gone.unlink()
    assert open_items(dtr) == [("Bob", "Book a room")]
    assert list(stored()) == [kept.name]  # its words went with it, though nothing was read


def test_an_encrypted_homes_follow_ups_are_never_stored(dtr, home: Path):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    kickoff(dtr, "Alice", "2026-11-03", ["Send the invite"])
    sealing.forget()
    assert open_items(dtr) == [("Alice", "Send the invite")]
    assert stored() == {}
    sealing.marker_path(home).unlink()  # removed by hand, or by a sync
    sealing.forget()
    index.reset()
    assert open_items(dtr) == [("Alice", "Send the invite")]
    assert stored() == {}
