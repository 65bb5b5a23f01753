"""dtr due keeps the rows it printed in the index, and prints them again only while
nothing they are made from changed: every change to a note, a profile, a program file,
the presets, the templates, dtr's own files or the day is seen."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from dtrcli.cli import listed
from dtrcli.conversation import templates
from dtrcli.module import duecache
from dtrcli.notebook import index, paths, sealing, unchanged
from tests.cli.test_checkin_cache import checkin
from tests.cli.test_index_cache import _same_size_and_time

# The same fixed day, and a file just written stored at once (index.RACY_NS 0).
from tests.cli.test_profile_cache import START, TODAY, fixed_today  # noqa: F401 - the fixture
from tests.support.cli import ok
from tests.support.spy import spy

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times due made its rows (rather than printing the ones kept)."""
    return spy(monkeypatch, listed, "views_of", lambda *args: 1)


def kept() -> set[str]:
    """The forms whose rows the index keeps."""
    with sqlite3.connect(index.index_file()) as db:
        return {form for (form,) in db.execute("SELECT form FROM due")}


def forget() -> None:
    with sqlite3.connect(index.index_file()) as db:
        db.execute("DELETE FROM due")


def both(dtr) -> tuple[str, str]:
    return ok(dtr("due")).stdout, ok(dtr("due", "--json")).stdout


@pytest.fixture
def two(dtr, home: Path, made: list[int]) -> dict[str, Path]:
    """Two mentees with a profile, a kick-off and a check-in each, whose rows are kept."""
    ok(dtr("mentee", "add", "alice", "--start", START, "--program", "BE", "--module", "2"))
    ok(dtr("mentee", "add", "bob", "--start", "2026-11-10"))
    notes = {
        "alice": checkin(dtr, "alice", "2026-11-04", session_minutes="45"),
        "bob": checkin(dtr, "bob", "2026-11-11", session_minutes="40"),
    }
    both(dtr)  # the index's rows written
    both(dtr)  # proved unchanged: the rows kept
    assert kept() == {"rows", "json"}
    made.clear()
    return notes


def test_the_rows_kept_are_printed_while_nothing_changed(dtr, two, made: list[int]):
    before = both(dtr)
    assert made == []  # printed as kept
    forget()
    assert both(dtr) == before  # as made from the files
    assert made == [1, 1]


def _note_in_place(notes: dict[str, Path], home: Path) -> None:
    text, before = _same_size_and_time(notes["alice"], "45 minutes", "15 minutes")
    notes["alice"].write_text(text, encoding="utf-8")
    os.utime(notes["alice"], ns=(before.st_atime_ns, before.st_mtime_ns))


def _note_added(notes: dict[str, Path], home: Path) -> None:
    text = notes["bob"].read_text(encoding="utf-8").replace("2026-11-11", "2026-11-18")
    (home / "bob" / "2026-11-18-checkin.md").write_text(text, encoding="utf-8")


def _profile_in_place(notes: dict[str, Path], home: Path) -> None:
    path = home / "alice" / paths.PROFILE
    text, before = _same_size_and_time(path, START, "2026-11-17")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _profile_removed(notes: dict[str, Path], home: Path) -> None:
    (home / "bob" / paths.PROFILE).unlink()


def _new_mentee(notes: dict[str, Path], home: Path) -> None:
    (home / "cy").mkdir()
    (home / "cy" / paths.PROFILE).write_text("name: Cy\nstart: 2026-11-17\n", encoding="utf-8")


def _program_file(notes: dict[str, Path], home: Path) -> None:
    (home / ".programs").mkdir(exist_ok=True)
    (home / ".programs" / "be-2.yaml").write_text(
        "program: BE\nmodule: '2'\ndates:\n- date: '2026-11-27'\n  label: Demo day\n",
        encoding="utf-8",
    )


def _presets_file(notes: dict[str, Path], home: Path) -> None:
    paths.config_home().mkdir(parents=True, exist_ok=True)
    (paths.config_home() / "presets.yaml").write_text(
        "modules:\n  - program: BE\n    module: 2\n    dates:\n"
        "      - {week: 4, day: Thu, label: Show and tell}\n",
        encoding="utf-8",
    )


def _own_template(notes: dict[str, Path], home: Path) -> None:
    own = templates.user_dir()
    own.mkdir(parents=True, exist_ok=True)
    built_in = (templates.builtin_dir() / "checkin.yaml").read_text("utf-8")
    (own / "checkin.yaml").write_text(built_in.replace("type: minutes", "type: text"), "utf-8")


CHANGES: dict[str, Callable[[dict[str, Path], Path], None]] = {
    "a note edited in place, the same size and time": _note_in_place,
    "a note added": _note_added,
    "a profile edited in place, the same size and time": _profile_in_place,
    "a profile removed": _profile_removed,
    "a new mentee": _new_mentee,
    "a program file": _program_file,
    "the user's presets": _presets_file,
    "the user's own template": _own_template,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_is_seen(dtr, two, home: Path, made: list[int], change: str):
    """After the change both forms are made again, show it, are as made from the files
    alone, and are kept again once the index has proved the notes anew."""
    before = both(dtr)
    CHANGES[change](two, home)
    after = both(dtr)
    assert made == [1, 1]
    assert after[0] != before[0] and after[1] != before[1]
    index.reset()
    forget()
    assert both(dtr) == after
    both(dtr)
    assert kept() == {"rows", "json"}
    made.clear()
    assert both(dtr) == after
    assert made == []


def test_another_day_is_seen(dtr, two, made: list[int], monkeypatch: pytest.MonkeyPatch):
    before = both(dtr)
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY + dt.timedelta(days=7))
    after = both(dtr)
    assert made == [1, 1]
    assert after[0] != before[0] and after[1] != before[1]
    forget()
    assert both(dtr) == after


def test_a_change_to_dtrs_own_files_is_seen(
    dtr, two, made: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """dtr's code, built-in templates and presets are part of what the rows are made of
    (here a stand-in folder: a file changed in place, the same size and time); the
    byte-code Python writes beside the code is not."""
    own = tmp_path / "dtrcli"
    (own / "module").mkdir(parents=True)
    code = own / "module" / "schedule.py"
    code.write_text("RULES = 1\n", encoding="utf-8")
    monkeypatch.setattr(duecache, "_PACKAGE", str(own))
    both(dtr)
    made.clear()
    (own / "module" / "__pycache__").mkdir()  # byte-code Python writes as dtr runs
    (own / "module" / "__pycache__" / "schedule.pyc").write_bytes(b"RULES = 1")
    both(dtr)
    assert made == []
    before = code.stat()
    code.write_text("RULES = 2\n", encoding="utf-8")
    os.utime(code, ns=(before.st_atime_ns, before.st_mtime_ns))
    both(dtr)
    assert made == [1, 1]


def test_rows_made_with_a_warning_are_never_kept_and_it_is_said_each_time(
    dtr, two, home: Path, made: list[int]
):
    forget()
    (home / "bob" / paths.PROFILE).write_text("name: Bob\nstart: soon\n", encoding="utf-8")
    for _ in range(3):
        result = ok(dtr("due"))
        assert "start date" in result.stderr
    assert made == [1, 1, 1]
    assert kept() == set()


def test_files_changed_in_the_last_two_seconds_are_not_kept(
    dtr, two, home: Path, made: list[int], monkeypatch: pytest.MonkeyPatch
):
    """A profile written at the very moment due looks (every other file settled): the
    rows are made each time and not kept, until the profile has settled."""
    forget()
    profile = home / "bob" / paths.PROFILE
    profile.write_text("name: Bob\nstart: 2026-11-17\n", encoding="utf-8")
    written = profile.stat().st_ctime_ns

    class Clock:
        now = written  # two seconds after the change (index.RACY_NS is 2 s)

        @classmethod
        def time_ns(cls) -> int:
            return cls.now + 2_000_000_000

    monkeypatch.setattr(index, "RACY_NS", 2_000_000_000)
    monkeypatch.setattr(duecache, "time", Clock)
    for _ in range(3):
        ok(dtr("due"))
    assert made == [1, 1, 1]
    assert kept() == set()
    Clock.now = written + 1
    ok(dtr("due"))
    assert kept() == {"rows"}
    ok(dtr("due"))
    assert made == [1, 1, 1, 1]


@pytest.mark.parametrize(
    "forged",
    [b"not marshal", b"\xe9\x00", None, ["mentee"], (["mentee"], [["a", "b"]], [], [], 1)],
    ids=["garbage", "cut short", "none", "a list", "rows of another length"],
)
def test_a_forged_or_damaged_row_is_ignored(dtr, two, made: list[int], forged):
    import marshal

    before = both(dtr)
    blob = forged if isinstance(forged, bytes) else marshal.dumps(forged)
    with sqlite3.connect(index.index_file()) as db:
        db.execute("UPDATE due SET rows = ?", (blob,))
    assert both(dtr) == before
    assert made == [1, 1]


def test_a_note_row_written_empties_the_rows_kept(dtr, two):
    """SQLite's triggers: any write of a note's row (by any run) removes the proof, and
    with it the rows kept under it."""
    with sqlite3.connect(index.index_file()) as db:
        db.execute("UPDATE notes SET title = title WHERE rowid = (SELECT min(rowid) FROM notes)")
        assert db.execute("SELECT count(*) FROM proven").fetchone()[0] == 0
    assert kept() == set()


def test_rows_are_not_kept_under_a_proof_another_run_replaced(dtr, two, home: Path):
    """Rows made while another run proved other stamps are left out: only the proof the
    listing made them under may hold them."""
    forget()
    folders = paths.mentee_dirs()
    rows, keeper = duecache.lookup(duecache.ROWS, TODAY, folders)
    assert rows is None and keeper is not None
    db = index.open_db()
    assert db is not None
    db.execute("BEGIN")
    assert unchanged.all_unchanged(db, folders)
    db.execute("COMMIT")
    with sqlite3.connect(index.index_file()) as other:
        other.execute("UPDATE proven SET stamps = stamps || x'00'")
    keeper.store((["mentee"], [], [], [], 0))
    assert kept() == set()


def test_an_encrypted_homes_rows_are_never_kept(dtr, home: Path, made: list[int]):
    """Nor when its marker went missing (by hand, or by a sync): the profiles read are
    sealed, and nothing read from them is kept."""
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    ok(dtr("mentee", "add", "alice", "--start", START))
    for _ in range(3):
        sealing.forget()
        ok(dtr("due"))
    assert made == [1, 1, 1]
    assert kept() == set()
    sealing.marker_path(home).unlink()
    for _ in range(3):
        sealing.forget()
        index.reset()
        ok(dtr("due"))
    assert made == [1] * 6
    assert kept() == set()


def test_a_change_is_seen_when_the_proof_could_not_be_removed(
    dtr, two, home: Path, made: list[int], monkeypatch: pytest.MonkeyPatch
):
    """The stamps are compared on every run: a proof another run's write kept from being
    removed (and the rows kept under it) is not trusted once a note changed."""
    before = both(dtr)
    monkeypatch.setattr(unchanged, "_write", lambda *args: None)  # never written or removed
    _note_in_place(two, home)
    assert kept() == {"rows", "json"}
    after = both(dtr)
    assert made == [1, 1]
    assert after[0] != before[0] and after[1] != before[1]


def test_rows_made_again_state_the_notes_once(
    dtr, two, made: list[int], monkeypatch: pytest.MonkeyPatch
):
    """On another day the rows are made again: the listing takes the proof the look-up
    has just checked (vouched for), and it is for that listing alone."""
    checks: list[int] = []
    real = unchanged._as_proved

    def counting(*args):
        checks.append(1)
        return real(*args)

    monkeypatch.setattr(unchanged, "_as_proved", counting)
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY + dt.timedelta(days=1))
    ok(dtr("due"))
    assert made == [1] and checks == [1]
    assert unchanged.vouched is None
    ok(dtr("history"))
    assert checks == [1, 1]  # the next run states them again


def test_what_is_said_under_the_table_is_said_from_the_rows_kept(
    dtr, two, home: Path, made: list[int]
):
    """A mentee without a start date is named under the table, kept rows or not."""
    (home / "cy").mkdir()
    (home / "cy" / paths.PROFILE).write_text("name: Cy\n", encoding="utf-8")
    first = ok(dtr("due"))
    assert "Cy has no module start date: dtr mentee edit cy --start" in first.stderr
    ok(dtr("due"))
    made.clear()
    again = ok(dtr("due"))
    assert made == []
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)


@pytest.fixture
def listed_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times mentee list made its rows (rather than printing the ones kept)."""
    from dtrcli.cli import mentees

    return spy(monkeypatch, mentees, "views_of", lambda *args: 1)


def lists(dtr) -> tuple[str, str]:
    return ok(dtr("mentee", "list")).stdout, ok(dtr("mentee", "list", "--json")).stdout


@pytest.mark.parametrize("change", list(CHANGES))
def test_mentee_list_keeps_its_rows_and_sees_every_change(
    dtr, two, home: Path, listed_made: list[int], change: str
):
    """mentee list keeps its rows as due does: printed again while nothing changed, made
    again after any change, and then as made from the files alone."""
    before = lists(dtr)
    assert listed_made == [1, 1]
    assert {"mentees", "mentees-json"} <= kept()
    assert "alice   BE 2    week 4 of 6" in before[0]
    listed_made.clear()
    assert lists(dtr) == before
    assert listed_made == []  # printed as kept
    CHANGES[change](two, home)
    after = lists(dtr)
    assert listed_made == [1, 1]
    index.reset()
    forget()
    assert lists(dtr) == after  # as made from the files alone
