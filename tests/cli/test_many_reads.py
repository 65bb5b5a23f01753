"""Notes read by worker processes (a cold index of many notes) give the index, the
output and the warnings that reading them here one by one gives, whatever happens to
the workers."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from dtrcli.conversation.templates import load_registry
from dtrcli.notebook import index, manyreads, refresh, sealing
from tests.cli.test_encryption import SECRET, a_home, plain_anywhere
from tests.support import homes
from tests.support.cli import ok

TABLES = ("notes", "texts", "typed", "headings", "folders", "labels")


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "RACY_NS", 0)  # notes just written are indexed at once


@pytest.fixture
def apart(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers for any number of notes, two notes a chunk, on two cores at least; how
    many rows the workers' path gave, each run (0: it could not start)."""
    given: list[int] = []
    real = manyreads._apart

    def counted(*args):
        given.append(0)
        for row in real(*args):
            given[-1] += 1
            yield row

    monkeypatch.setattr(manyreads, "MANY", 1)
    monkeypatch.setattr(manyreads, "CHUNK", 2)
    monkeypatch.setattr(manyreads, "cores", lambda: 3)
    monkeypatch.setattr(manyreads, "_apart", counted)
    return given


def a_mixed_home(home: Path) -> None:
    """Notes of three mentees, and notes that warn: one without front matter, one not
    UTF-8, one whose question heading lost its marker."""
    templates = load_registry().templates
    for n in range(24):
        homes.write_note(
            home,
            "kickoff" if n % 2 else "midmod",
            ("Alice Smith", "Bo", "Zoë Ann")[n % 3],
            f"2026-{n % 12 + 1:02d}-{n + 1:02d}",
            {"names_pronouns": f"Sam {n}", "meeting_time": "Tue", "channel": "Slack"}
            if n % 2
            else {"instructor_feedback": f"kube {n}", "meeting_rhythm": "yes"},
            templates=templates,
        )
    (home / "bo" / "2026-05-30-kickoff.md").write_text("no front matter\n", "utf-8")
    (home / "bo" / "2026-05-31-kickoff.md").write_bytes(b"---\n\xff\xfe\n---\n")
    marked = sorted((home / "alice-smith").iterdir())[1]
    text = marked.read_text("utf-8")
    marked.write_text(text.replace(" <!-- dtr:q", " <!-- lost", 1), "utf-8")


def cold(dtr, *args: str) -> tuple[object, dict[str, list[tuple[object, ...]]]]:
    """``dtr ARGS`` on an index built from nothing; (its result, the index's tables)."""
    index.reset()
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]) / "dtr" / "index", ignore_errors=True)
    result = dtr(*args)
    index.reset()
    with sqlite3.connect(index.index_file()) as db:
        tables = {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    db.close()
    return result, tables


def both(dtr, monkeypatch: pytest.MonkeyPatch, *args: str):
    """(output and index read here, the same read by workers)."""
    with monkeypatch.context() as here:
        here.setattr(manyreads, "MANY", 10**9)
        alone = cold(dtr, *args)
    return alone, cold(dtr, *args)


def same(one, other) -> None:
    (first, tables), (second, others) = one, other
    assert (second.exit_code, second.stdout, second.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )
    assert others == tables


@pytest.mark.parametrize("start", [None, "spawn"], ids=["the system's start", "spawned"])
def test_workers_give_the_index_and_the_warnings_reading_here_gives(
    dtr, home, apart, monkeypatch, start
):
    monkeypatch.setattr(manyreads, "START", start)
    a_mixed_home(home)
    for args in (("history",), ("search", "kube")):
        alone, shared = both(dtr, monkeypatch, *args)
        same(alone, shared)
        assert apart[-1] == 26  # every note came from the workers
    result, tables = shared  # of the search: the note that lost a marker is read and warns
    assert "has lost its marker" in result.stderr
    assert len(tables["notes"]) == 24 and result.stderr.count("warning: skipped") == 2


def test_a_note_found_encrypted_is_read_here_and_no_text_kept(
    dtr, home, tmp_path, apart, monkeypatch
):
    """A home whose marker is gone looks plain: a worker hands each encrypted note back
    (it never opens one), and from the first one read here on no text is kept."""
    a_home(dtr)
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    (home / sealing.MARKER).unlink()
    sealing.forget()
    alone, shared = both(dtr, monkeypatch, "history")
    same(alone, shared)
    assert apart[-1] == 4 and "alice" in shared[0].stdout
    assert plain_anywhere(tmp_path, SECRET) == []


def test_an_encrypted_home_is_read_here_alone(dtr, home, tmp_path, apart, monkeypatch):
    """Its notes are opened where the identity is: workers would hand each one back."""
    a_home(dtr)
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    alone, shared = both(dtr, monkeypatch, "history")
    same(alone, shared)
    assert apart == [] and "alice" in shared[0].stdout
    assert plain_anywhere(tmp_path, SECRET) == []


def test_workers_that_cannot_start_leave_every_note_to_this_process(dtr, home, apart, monkeypatch):
    a_mixed_home(home)
    alone = both(dtr, monkeypatch, "history")[0]

    def refused(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", refused)
    same(alone, cold(dtr, "history"))
    assert apart[-1] == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a worker is killed through fork's copy")
def test_a_worker_killed_leaves_the_notes_not_given_to_this_process(dtr, home, apart, monkeypatch):
    a_mixed_home(home)
    alone = both(dtr, monkeypatch, "history")[0]
    parent, real = os.getpid(), refresh.read_text
    # The last note read: its chunk goes out only once the first ones came back.
    last = max(max(folder.iterdir()) for folder in home.iterdir())

    def dies(path: Path) -> str:
        if os.getpid() != parent and path == last:
            os._exit(9)  # the worker is gone, as when the system kills it
        return real(path)

    monkeypatch.setattr(manyreads, "START", "fork")  # the worker has this very function
    monkeypatch.setattr(refresh, "read_text", dies)
    same(alone, cold(dtr, "history"))
    assert 8 <= apart[-1] < 26  # some rows came from the workers, the rest from here


def test_a_reader_no_worker_could_find_is_run_here(dtr, home, apart, monkeypatch):
    a_mixed_home(home)
    alone = both(dtr, monkeypatch, "history")[0]
    real = refresh._read
    monkeypatch.setattr(refresh, "_read", lambda *job, **kw: real(*job, **kw))  # not found by name
    same(alone, cold(dtr, "history"))
    assert apart[-1] == 0


def test_the_notes_read_by_workers_are_counted_on_the_progress_bar(dtr, home, apart, monkeypatch):
    from dtrcli import progressbar

    a_mixed_home(home)
    seen: list[tuple[str, int, int]] = []
    monkeypatch.setattr(progressbar, "progress", lambda *step: seen.append(step))
    cold(dtr, "history")
    assert apart == [26]
    read = [step for step in seen if step[0] == "Reading the notes"]
    assert read == [("Reading the notes", done, 26) for done in range(1, 27)]
