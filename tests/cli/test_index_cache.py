"""The index is a pure speed-up: whatever happens to it, dtr shows the files."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from dtrcli.notebook import index, labels, listing, notes, refresh
from tests.support.cli import ok

DATA = Path(__file__).resolve().parent.parent / "data"
ANSWERS = str(DATA / "kickoff-answers.yaml")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every file as settled at once (normally it must be two seconds old)."""
    monkeypatch.setattr(index, "RACY_NS", 0)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The notes whose front matter a listing reads from the file."""
    seen: list[Path] = []
    real = notes.read_text

    def counting(path: Path, **kwargs):
        seen.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(notes, "read_text", counting)
    monkeypatch.setattr(refresh, "read_text", counting)
    return seen


def kickoff(dtr, name: str, date: str) -> Path:
    result = ok(dtr("kickoff", name, "--new", "-a", ANSWERS, "--date", date))
    return Path(result.stdout.strip())


def titles(dtr, name: str) -> list[str]:
    result = ok(dtr("history", name, "--json"))
    return [row["title"] for row in json.loads(result.stdout)]


def test_unchanged_notes_are_not_read_again(dtr, settled, reads, home: Path):
    kickoff(dtr, "alice", "2026-11-02")
    kickoff(dtr, "alice", "2026-11-20")
    first = dtr("history", "alice")
    reads.clear()
    second = dtr("history", "alice")
    assert second.stdout == first.stdout
    assert reads == []
    stored = index.index_file()
    assert stored.is_file() and str(stored).startswith(os.environ["XDG_CACHE_HOME"])
    for part in stored.parent.iterdir():  # the database and its WAL files
        assert stat.S_IMODE(part.stat().st_mode) == 0o600, part
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700


def test_a_hand_edit_is_seen_even_with_the_same_size_and_time(dtr, settled, home: Path):
    note = kickoff(dtr, "alice", "2026-11-02")
    assert titles(dtr, "alice") == ["Module kick-off DTR: alice"]
    before = note.stat()
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("kick-off DTR: alice", "KICK-OFF DTR: alice", 1), "utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert note.stat().st_size == before.st_size
    assert note.stat().st_mtime_ns == before.st_mtime_ns
    assert titles(dtr, "alice") == ["Module KICK-OFF DTR: alice"]


def test_a_damaged_index_is_rebuilt(dtr, settled, home: Path):
    kickoff(dtr, "alice", "2026-11-02")
    expected = dtr("history", "alice").stdout
    stored = index.index_file()
    for junk in (b"\x00garbage", b"SQLite format 3\x00" + b"\xff" * 4000, b"[]", b""):
        index.reset()
        for part in stored.parent.glob(stored.name + "*"):
            part.unlink()
        stored.write_bytes(junk)
        result = dtr("history", "alice")
        assert result.exit_code == 0 and result.stdout == expected and result.stderr == ""
    index.reset()
    assert set(index.load(home / "alice")) == {"2026-11-02-kickoff.md"}


def test_a_cache_that_cannot_be_written_changes_nothing(dtr, settled, home: Path):
    kickoff(dtr, "alice", "2026-11-02")
    blocked = Path(os.environ["XDG_CACHE_HOME"])
    shutil.rmtree(blocked / "dtr", ignore_errors=True)  # the templates' cache, made above
    blocked.mkdir(parents=True, exist_ok=True)
    (blocked / "dtr").write_text("a file where the cache folder would go", encoding="utf-8")
    result = dtr("history", "alice")
    assert result.exit_code == 0 and "2026-11-02-kickoff.md" in result.stdout
    assert result.stderr == ""


def test_deleted_and_new_notes(dtr, settled, home: Path):
    first = kickoff(dtr, "alice", "2026-11-02")
    dtr("history", "alice")
    first.unlink()
    kickoff(dtr, "alice", "2026-11-20")
    assert [r.path.name for r in notes.read_notes(home / "alice")] == ["2026-11-20-kickoff.md"]
    assert set(index.load(home / "alice")) == {"2026-11-20-kickoff.md"}


def test_a_broken_note_is_never_cached_and_always_warned_about(dtr, settled, home: Path):
    kickoff(dtr, "alice", "2026-11-02")
    bad = home / "alice" / "2026-11-03-kickoff.md"
    bad.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    for _ in range(2):
        result = ok(dtr("history", "alice"))
        assert bad.name in result.stderr and bad.name not in result.stdout
    assert bad.name not in index.load(home / "alice")


def test_a_just_written_note_is_not_cached_yet(dtr, home: Path):
    kickoff(dtr, "alice", "2026-11-02")
    ok(dtr("history", "alice"))
    assert index.load(home / "alice") == {}  # less than two seconds old: read again next time


def test_front_matter_of_any_shape_is_listed_as_the_file_says(dtr, settled, reads, home: Path):
    """The index keeps only what listings show, as text: keys added by hand (a date, a
    list) do not stop a note being stored, and JSON of the note still has them."""
    note = kickoff(dtr, "alice", "2026-11-02")
    text = note.read_text(encoding="utf-8")
    text = text.replace("\ntags:", "\nreviewed: 2026-11-05\ntags:", 1)
    note.write_text(re.sub(r"^title: .*$", "title: 2026-11-05", text, count=1, flags=re.M), "utf-8")
    first = ok(dtr("history", "alice", "--json")).stdout
    assert note.name in index.load(home / "alice")
    reads.clear()
    assert ok(dtr("history", "alice", "--json")).stdout == first
    assert reads == []
    exported = json.loads(ok(dtr("export", "alice")).stdout)[0]
    assert exported["front_matter"]["reviewed"] == "2026-11-05"


def _same_size_and_time(note: Path, old: str, new: str) -> tuple[str, os.stat_result]:
    """``note``'s text with ``old`` made ``new`` (as long), and its stat before."""
    assert len(old) == len(new)
    return note.read_text(encoding="utf-8").replace(old, new, 1), note.stat()


def test_every_mentee_listing_misses_no_change(dtr, settled, reads, home: Path):
    """`dtr history` of every mentee, from the index: an edit in place that keeps size and
    time, a file replaced by another, a note removed, a folder removed and a note added
    are all seen; only the changed notes are read."""
    alice = kickoff(dtr, "alice", "2026-11-02")
    bo = kickoff(dtr, "bo", "2026-11-03")
    cy = kickoff(dtr, "cy", "2026-11-04")
    dee = kickoff(dtr, "dee", "2026-11-05")
    first = json.loads(ok(dtr("history", "--json")).stdout)
    assert [r["mentee"] for r in first] == ["dee", "cy", "bo", "alice"]
    reads.clear()
    assert json.loads(ok(dtr("history", "--json")).stdout) == first
    assert reads == []
    added = kickoff(dtr, "alice", "2026-11-20")
    # In place, the same size and modification time.
    text, before = _same_size_and_time(alice, "kick-off DTR: alice", "KICK-OFF DTR: alice")
    alice.write_text(text, encoding="utf-8")
    os.utime(alice, ns=(before.st_atime_ns, before.st_mtime_ns))
    # Replaced by another file of the same size and time.
    text, before = _same_size_and_time(bo, "kick-off DTR: bo", "KICK-OFF DTR: bo")
    other = bo.with_name("new.tmp")
    other.write_text(text, encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, bo)
    cy.unlink()
    for part in dee.parent.iterdir():
        part.unlink()
    dee.parent.rmdir()
    reads.clear()
    rows = json.loads(ok(dtr("history", "--json")).stdout)
    assert [(r["file"], r["title"]) for r in rows] == [
        (added.name, "Module kick-off DTR: alice"),
        (bo.name, "Module KICK-OFF DTR: bo"),
        (alice.name, "Module KICK-OFF DTR: alice"),
    ]
    assert sorted(p.name for p in reads) == sorted([added.name, bo.name, alice.name])
    screen = ok(dtr("history"))
    assert "cy" not in screen.stdout and "dee" not in screen.stdout


def test_a_note_changed_just_now_is_listed_and_read_again(dtr, reads, home: Path):
    """A note changed less than two seconds ago is listed from its file, and read again
    by the next listing (its row is not trusted), until it has settled."""
    note = kickoff(dtr, "alice", "2026-11-02")
    reads.clear()
    for _ in range(2):
        assert [r["file"] for r in json.loads(ok(dtr("history", "--json")).stdout)] == [note.name]
    assert reads == [note, note]


def test_a_folder_with_a_linked_note_is_listed_from_the_folder(dtr, settled, home: Path, tmp_path):
    """A note reached through a link is checked as the folder shows it every time: when
    a link further on comes to lead out of the notes folder, the note is skipped at once,
    though its own folder did not change."""
    note = kickoff(dtr, "alice", "2026-11-02")
    inside = home / "shared-notes"
    inside.mkdir()
    (inside / "kept.md").write_bytes(note.read_bytes())
    way = home / "way"
    way.symlink_to(inside)
    link = home / "bo" / "2026-11-02-kickoff.md"
    link.parent.mkdir()
    link.symlink_to(way / "kept.md")
    assert "bo" in {r["folder"] for r in json.loads(ok(dtr("history", "--json")).stdout)}
    ok(dtr("history"))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "kept.md").write_bytes(note.read_bytes())
    way.unlink()
    way.symlink_to(outside)
    result = ok(dtr("history", "--json"))
    assert "bo" not in {r["folder"] for r in json.loads(result.stdout)}
    assert "outside dtr's notes folder" in result.stderr


def test_history_names_mentees_as_the_labeler_does(settled, home: Path):
    """The mentee column of `dtr history` (worked out once a folder, from the rows shown)
    is the labeler's over every note: the profile's name, else the newest note's that
    has one (though only older rows than those shown have it), else the folder's."""
    from dtrcli.cli.listings import labels as _labels
    from dtrcli.conversation.templates import load_registry
    from dtrcli.notebook.names import labeler
    from tests.support import homes

    templates = load_registry().templates
    answers = {"instructor_feedback": "fine", "meeting_rhythm": "yes"}
    written = {}
    for name, day in [("Ann Lee", "01"), ("Ann Lee", "09"), ("Bo Park", "02"), ("Bo Park", "08"),
                      ("Cy Diaz", "03"), ("Cy Diaz", "07"), ("Di Ek", "04")]:  # fmt: skip
        written[(name, day)] = homes.write_note(
            home, "midmod", name, f"2026-11-{day}", answers, templates=templates
        )
    homes.write_profile(home, "Ann Lee", program="BE", module="1")  # the profile's name
    renamed = {("Ann Lee", "09"): "Annie", ("Bo Park", "08"): "''", ("Cy Diaz", "07"): "''",
               ("Cy Diaz", "03"): "''"}  # fmt: skip
    for key, mentee in renamed.items():
        text = written[key].read_text(encoding="utf-8")
        text = re.sub(r"^mentee: .*$", f"mentee: {mentee}", text, flags=re.M)
        written[key].write_text(text, encoding="utf-8")
    every = notes.notes_of(None)
    expected = [labeler(every)(n) for n in every]
    assert expected[:4] == ["Ann Lee", "Bo Park", "cy-diaz", "Di Ek"]
    for limit in (None, 1, 2, 3, 5, 7):
        got = listing.notes(None, limit=limit, columns=True)
        assert got is not None
        shown, _, folders = got
        assert _labels(folders, shown.mentee, shown.places) == expected[: limit or len(expected)]


def test_the_index_under_its_former_name_goes_when_todays_is_made(dtr, home, tmp_path):
    import hashlib

    from dtrcli.notebook import index

    key = str(home.resolve()).encode("utf-8", "surrogateescape")
    earlier = index.index_file().parent / f"{hashlib.sha256(key).hexdigest()[:16]}.sqlite3"
    earlier.parent.mkdir(parents=True, exist_ok=True)
    earlier.write_bytes(b"an index of an earlier dtr, with the answers' text")
    ok(dtr("mentee", "add", "alice"))
    index.reset()
    ok(dtr("history"))
    assert index.index_file().is_file() and not earlier.exists()


def test_the_quick_check_finds_every_change(dtr, settled, home: Path):
    """The check a listing of every mentee makes first says nothing changed only when
    the full check would find nothing to do: after each kind of change it does not, and
    after the listing that stored the change it does again."""
    from tests.cli.test_index_proven import quick

    alice = kickoff(dtr, "alice", "2026-11-02")
    bo = kickoff(dtr, "bo", "2026-11-03")
    ok(dtr("history"))
    assert quick()

    def edit_in_place() -> None:
        text, before = _same_size_and_time(alice, "kick-off DTR: alice", "KICK-OFF DTR: alice")
        alice.write_text(text, encoding="utf-8")
        os.utime(alice, ns=(before.st_atime_ns, before.st_mtime_ns))

    changes = [
        edit_in_place,
        lambda: kickoff(dtr, "bo", "2026-11-20"),
        lambda: bo.unlink(),
        lambda: kickoff(dtr, "cy", "2026-11-21"),
    ]
    for number, change in enumerate(changes):
        change()
        assert not quick(), number
        ok(dtr("history"))
        assert quick(), number
    # A note dtr cannot read is read (and warned about) by every listing.
    (alice.parent / "notes.md").write_text("not a note", encoding="utf-8")
    assert not quick()
    assert "notes.md" in ok(dtr("history")).stderr
    assert not quick()
    (alice.parent / "notes.md").unlink()
    ok(dtr("history"))
    assert quick()
    db = index.open_db()
    assert db is not None
    db.execute("UPDATE notes SET settled = 0 WHERE name = ?", (alice.name,))
    assert not quick()


@pytest.mark.parametrize(
    "forged", [{"name": b"FORGED"}, {"size": -1}, {"mtime": "soon"}, {"ino": 1.5}]
)
def test_a_forged_profile_name_row_shows_what_the_profile_holds(dtr, settled, home: Path, forged):
    import sqlite3

    kickoff(dtr, "alice", "2026-11-02")
    kickoff(dtr, "bo", "2026-11-03")
    (home / "alice" / "mentee.yaml").write_text("name: Alice Smith\n", encoding="utf-8")
    assert "Alice Smith" in ok(dtr("history")).stdout
    db = sqlite3.connect(index.index_file())
    columns = ", ".join(f"{key} = ?" for key in forged)
    assert db.execute(f"UPDATE labels SET {columns}", tuple(forged.values())).rowcount == 1
    db.commit()
    db.close()
    index.reset()
    shown = ok(dtr("history")).stdout
    assert "Alice Smith" in shown and "FORGED" not in shown


def test_what_a_big_listing_made_is_left_out_of_the_collectors_scans(monkeypatch):
    """The many objects made inside index.bulk() are frozen when it ends (the collector
    would walk them on every scan); a few are not, and the collector is on again."""
    import gc

    def made(count: int) -> int:
        before = gc.get_freeze_count()
        with index.bulk():
            kept = [[n] for n in range(count)]
        assert gc.isenabled()
        frozen = gc.get_freeze_count() - before
        assert len(kept) == count
        return frozen

    monkeypatch.setattr(index, "_FREEZE_FROM", 1000)
    try:
        assert made(10) == 0
        assert made(5000) >= 5000
    finally:
        gc.unfreeze()


def test_search_names_its_mentees_from_the_rows_of_their_folders_only(
    dtr, settled, home: Path, monkeypatch
):
    """Search reads what the index keeps of the profile names of its hits' folders, not of
    every folder; a profile changed since, or a forged row, shows what the profile holds."""
    import sqlite3

    for name, day in (("alice", "02"), ("bo", "03"), ("cy", "04")):
        kickoff(dtr, name, f"2026-11-{day}")
        (home / name / "mentee.yaml").write_text(f"name: {name.title()} Smith\n", "utf-8")
    cy = next((home / "cy").glob("*.md"))  # cy's note does not mention the words
    cy.write_text(cy.read_text("utf-8").replace("bakery", "bank"), "utf-8")
    ok(dtr("history"))  # every profile's name stored
    asked: list[list[str] | None] = []
    real = index._Index._load_labels
    monkeypatch.setattr(
        index._Index, "_load_labels", lambda self, only=None: asked.append(only) or real(self, only)
    )

    def mentees() -> list[str]:
        index.reset()
        return [hit["mentee"] for hit in json.loads(ok(dtr("search", "bakery", "--json")).stdout)]

    assert mentees() == ["Bo Smith", "Alice Smith"]
    assert asked == [["alice", "bo"]]
    (home / "bo" / "mentee.yaml").write_text("name: Bo Jones\n", "utf-8")
    assert mentees() == ["Bo Jones", "Alice Smith"]
    ok(dtr("history"))
    db = sqlite3.connect(index.index_file())
    assert db.execute(
        "UPDATE labels SET name = 'FORGED', size = -1 WHERE folder = 'alice'"
    ).rowcount
    db.commit()
    db.close()
    assert mentees() == ["Bo Jones", "Alice Smith"]


def test_a_profile_name_not_read_ahead_is_still_read_from_the_index(dtr, settled, home: Path):
    for name, day in (("alice", "02"), ("bo", "03")):
        kickoff(dtr, name, f"2026-11-{day}")
        (home / name / "mentee.yaml").write_text(f"name: {name.title()} Smith\n", "utf-8")
    ok(dtr("history"))  # every profile's name stored
    index.reset()
    read: list[Path] = []
    labels.read_labels({"alice"})
    from_the_file = lambda path: read.append(path) or "from the file"  # noqa: E731
    assert labels.label(home / "bo", from_the_file) == "Bo Smith"
    assert labels.label(home / "alice", read.append) == "Alice Smith" and read == []
