"""dtr due and dtr mentee list keep each profile in the index: still the file's word.

A profile is read again whenever its file changed (even to the same size and time),
appeared or went; a row that is not one a profile could give is ignored; an
encrypted home's profiles are never stored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pytest

from dtrcli.module import profilefile
from dtrcli.notebook import index, sealing
from tests.support.cli import ok

pytestmark = pytest.mark.timeout(60)

TODAY = dt.date(2026, 11, 25)  # a Wednesday of week 4 of a module that started 2026-11-03
START = "2026-11-03"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)
    monkeypatch.setattr(index, "RACY_NS", 0)  # a profile just written is stored at once


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The profile files read (parsed) since the test began."""
    seen: list[Path] = []
    real = profilefile.load_yaml

    def counting(path: Path, what: str = "profile"):
        seen.append(path)
        return real(path, what)

    monkeypatch.setattr(profilefile, "load_yaml", counting)
    return seen


def due(dtr) -> list[dict]:
    return json.loads(ok(dtr("due", "--json")).stdout)


def stored() -> dict[str, str]:
    with sqlite3.connect(index.index_file()) as db:
        return dict(db.execute("SELECT folder, data FROM profiles"))


def test_an_unchanged_profile_is_not_read_again(dtr, reads, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", "2026-11-03", "--program", "BE", "--module", "2"))
    ok(dtr("mentee", "add", "bob", "--start", "2026-11-10"))
    first, listed = ok(dtr("due")).stdout, ok(dtr("mentee", "list")).stdout
    assert set(stored()) == {"alice", "bob"}
    reads.clear()
    assert ok(dtr("due")).stdout == first
    assert ok(dtr("mentee", "list")).stdout == listed
    assert reads == []
    # the preset's dates are still added on each run, from the preset
    assert due(dtr)[0]["next_key_date"] is not None


def test_a_hand_edit_is_seen_even_with_the_same_size_and_time(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", "2026-11-03"))
    assert due(dtr)[0]["week"] == 4
    path = home / "alice" / "mentee.yaml"
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace("2026-11-03", "2026-11-17"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    [row] = due(dtr)
    assert (row["start"], row["week"]) == ("2026-11-17", 2)
    assert "2026-11-17" in stored()["alice"]


def test_an_added_or_removed_profile_is_seen(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", "2026-11-03"))
    ok(dtr("mentee", "add", "bob", "--start", "2026-11-03"))
    due(dtr)
    (home / "bob" / "mentee.yaml").unlink()
    (home / "carol").mkdir()
    (home / "carol" / "mentee.yaml").write_text("name: Carol\nstart: 2026-11-10\n", "utf-8")
    rows = {row["folder"]: row for row in due(dtr)}
    assert rows["bob"]["start"] is None and rows["bob"]["mentee"] == "bob"
    assert (rows["carol"]["mentee"], rows["carol"]["start"]) == ("Carol", "2026-11-10")
    assert set(stored()) == {"alice", "carol"}  # bob's row went with his file
    (home / "bob" / "mentee.yaml").write_text("name: Bob\nstart: 2026-11-17\n", "utf-8")
    rows = {row["folder"]: row for row in due(dtr)}
    assert (rows["bob"]["mentee"], rows["bob"]["start"]) == ("Bob", "2026-11-17")
    # a mentee folder that went (archived, renamed) takes its row along
    (home / "carol" / "mentee.yaml").unlink()
    (home / "carol").rmdir()
    ok(dtr("mentee", "add", "dave", "--start", "2026-11-03"))
    due(dtr)
    assert set(stored()) == {"alice", "bob", "dave"}


def test_a_forged_or_damaged_row_is_ignored(dtr, reads, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", "2026-11-03", "--channel", "Slack"))
    expected = ok(dtr("due", "--json")).stdout
    row = json.loads(stored()["alice"])
    for forged in [
        "not json",
        json.dumps({**row, "start": "2026-13-45"}),
        json.dumps({**row, "dates": [["2026-11-20"]]}),
        json.dumps({**row, "channel": 7}),
        json.dumps({k: v for k, v in row.items() if k != "previous"}),
    ]:
        with sqlite3.connect(index.index_file()) as db:
            db.execute("UPDATE profiles SET data = ?", (forged,))
            db.execute("DELETE FROM due")  # due's own rows would answer first
        index.reset()
        reads.clear()
        assert ok(dtr("due", "--json")).stdout == expected, forged
        assert reads == [home / "alice" / "mentee.yaml"], forged
        assert json.loads(stored()["alice"]) == row  # written anew


def test_a_profile_with_a_problem_is_never_stored_and_said_each_time(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", "2026-11-03"))
    (home / "alice" / "mentee.yaml").write_text("name: Alice\nstart: 2026-11-03\nprevious: 3\n")
    for _ in range(2):
        result = ok(dtr("due"))
        assert "'previous' must be a mapping" in result.stderr
        assert stored() == {}


def test_an_encrypted_homes_profiles_are_never_stored(dtr, home: Path, monkeypatch):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    ok(dtr("mentee", "add", "alice", "--start", "2026-11-03", "--channel", "Discord"))
    sealing.forget()
    ok(dtr("due"))
    assert stored() == {}
    sealing.marker_path(home).unlink()  # removed by hand, or by a sync
    sealing.forget()
    index.reset()
    assert ok(dtr("due", "--json")).stdout.count("Discord") == 1
    assert stored() == {}


def test_mentees_of_one_module_share_its_dates_but_keep_their_own(dtr, home: Path):
    """What a profile's program, module and start give (the program's and preset's dates,
    the calendar) is worked out once a listing for the mentees they are the same for; a
    mentee's own date or break is theirs alone."""
    for name in ("alice", "bob", "carol", "dan"):
        ok(dtr("mentee", "add", name, "--program", "BE", "--module", "2", "--start", START))
    ok(dtr("mentee", "dates", "carol", "add", "2026-11-18", "Mid-module assessment"))
    ok(dtr("mentee", "dates", "dan", "add", "2026-11-16", "Reading week", "--weeks", "1"))
    for _ in range(2):  # as read from the files, then from the index
        rows = {row["folder"]: row for row in due(dtr)}
        assert rows["alice"] == {**rows["bob"], "mentee": "alice", "folder": "alice"}
        assert [c["from"] for c in rows["carol"]["conversations"]] != [
            c["from"] for c in rows["alice"]["conversations"]
        ]  # the mid-module conversation follows her own assessment
        assert rows["dan"]["breaks"] == [
            {"from": "2026-11-16", "to": "2026-11-22", "label": "Reading week"}
        ]
        assert rows["dan"]["week"] == 3 and rows["alice"]["week"] == 4
        assert rows["alice"]["breaks"] == rows["carol"]["breaks"] == []
