"""What listings decide once or keep for many rows is decided again in the next run of the
same process: colour (NO_COLOR, FORCE_COLOR), each mentee's name from a profile that
changed, the data home itself."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dtrcli.notebook import index, names
from tests.support.cli import ok

KICKOFF = {
    "names_pronouns": "Sam, Alice",
    "meeting_time": "Tue 18:00",
    "channel": "Slack",
    "focus_topic": "Kubernetes and SQL joins",
}


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every file as settled at once (normally it must be two seconds old), so that
    profiles' names are kept in the index."""
    monkeypatch.setattr(index, "RACY_NS", 0)


@pytest.fixture
def profile_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The profiles whose name a run read from the file (not from the index)."""
    seen: list[Path] = []
    real = names._read_name

    def counting(path: Path) -> str | None:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(names, "_read_name", counting)
    return seen


def kickoff(dtr, name: str, date: str) -> None:
    ok(dtr("kickoff", name, "--new", "-a", "-", "--date", date, input=json.dumps(KICKOFF)))


def profile(home: Path, folder: str, name: str) -> None:
    (home / folder / "mentee.yaml").write_text(f"name: {name}\n", encoding="utf-8")


def test_search_colours_or_not_as_each_run_says(dtr, monkeypatch):
    kickoff(dtr, "alice", "2026-11-02")
    assert "\x1b[" not in ok(dtr("search", "kubernetes")).stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    painted = ok(dtr("search", "kubernetes")).stdout
    assert "\x1b[1;7mKubernetes\x1b[0m" in painted and "\x1b[1m2026-11-02" in painted
    monkeypatch.setenv("NO_COLOR", "1")  # NO_COLOR wins
    assert "\x1b[" not in ok(dtr("search", "kubernetes")).stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b[" not in ok(dtr("search", "kubernetes")).stdout


@pytest.mark.parametrize("listing", [("search", "kubernetes"), ("history",)])
def test_a_profile_renamed_between_two_runs_is_shown_renamed(
    dtr, settled, profile_reads, home: Path, listing
):
    kickoff(dtr, "alice", "2026-11-02")
    kickoff(dtr, "bo", "2026-11-03")
    profile(home, "alice", "Alice Smith")
    profile(home, "bo", "Bo Chen")
    first = ok(dtr(*listing)).stdout
    assert "Alice Smith" in first and "Bo Chen" in first
    profile_reads.clear()
    again = ok(dtr(*listing)).stdout
    assert again == first and profile_reads == []  # the names kept in the index, not read
    profile(home, "alice", "Alice Jones")  # in place: the folder is as it was
    renamed = ok(dtr(*listing)).stdout
    assert "Alice Jones" in renamed and "Alice Smith" not in renamed and "Bo Chen" in renamed
    assert profile_reads == [home / "alice" / "mentee.yaml"]


def stored(path: Path) -> list[tuple[str, str]]:
    """The notes an index file holds, (folder, file name) each."""
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute("SELECT folder, name FROM notes"))
    finally:
        db.close()


def test_a_search_in_another_home_asks_that_home_s_index(
    dtr, settled, home: Path, tmp_path, monkeypatch
):
    kickoff(dtr, "alice", "2026-11-02")
    profile(home, "alice", "Alice Smith")
    assert "Alice Smith" in ok(dtr("search", "kubernetes")).stdout
    first = index.index_file()
    other = tmp_path / "other-home"
    other.mkdir()
    monkeypatch.setenv("DTR_HOME", str(other))
    kickoff(dtr, "alice", "2026-11-05")
    profile(other, "alice", "Alice Other")
    shown = ok(dtr("search", "kubernetes")).stdout
    assert "Alice Other" in shown and "Alice Smith" not in shown and "2026-11-02" not in shown
    assert index.index_file() != first
    assert stored(index.index_file()) == [("alice", "2026-11-05-kickoff.md")]
    assert stored(first) == [("alice", "2026-11-02-kickoff.md")]
