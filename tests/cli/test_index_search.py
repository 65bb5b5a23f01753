"""Search on the index finds exactly what a scan of every note finds; the index is shared
safely by runs at the same time."""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtrcli import search
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook import index, listing, refresh
from dtrcli.notebook.notes import notes_of
from tests.support import homes
from tests.support.cli import ok

WORDS = [
    "Kubernetes", "kube", "SQL", "joins", "Straße", "strasse", "ZOË", "zoë", "naïve", "mock",
    "interview", "mock interview", "İstanbul", "ﬁnal", "ß", "x", "ab", "Mentor", "déjà vu",
    "o'neil", '"quoted"', "50%", "a_b", "C++", "<backend>", "Ünïcödé",
]  # fmt: skip


def _home(home: Path, seed: int, notes: int = 40) -> None:
    rng = random.Random(seed)
    templates = load_registry().templates
    for n in range(notes):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6)))
        homes.write_note(
            home,
            "kickoff" if n % 2 else "midmod",
            rng.choice(["Alice Smith", "Bo", "Zoë Ann"]),
            f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            {
                "names_pronouns": f"Sam and {words}",
                "meeting_time": "Tue 18:00",
                "channel": "Slack",
                "followups": [w for w in words.split() if rng.random() < 0.5],
            }
            if n % 2
            else {"instructor_feedback": words, "meeting_rhythm": "yes"},
            templates=templates,
        )


def _hits(needle: str) -> list[tuple[str, str, str | None, str, int, int]]:
    found = search.search(needle, notes_of(None))
    return [(h.note.path.name, h.question, h.qid, h.line, h.start, h.end) for h in found]


def _listed_hits(
    needle: str, read: bool = False
) -> list[tuple[str, str, str | None, str, int, int]]:
    """What `dtr search` finds: the index narrows the notes in SQL and gives their
    questions as typed (``read``: the notes it narrowed to are read instead)."""
    texts: list[str | None] = []
    got = listing.notes(None, needle=needle.casefold(), texts=texts)
    assert got is not None and len(texts) == len(got[0])
    found = search.search(needle, got[0], narrowed=True, texts=None if read else texts)
    return [(h.note.path.name, h.question, h.qid, h.line, h.start, h.end) for h in found]


def _scan_hits(needle: str, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(index, "containing", lambda _needle: None)  # read every note
        return _hits(needle)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_search_gives_the_same_hits_as_a_scan(home: Path, seed: int, monkeypatch):
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, seed)
    notes_of(None)  # the listing stores every note
    for needle in [*WORDS, "SAM", "sam and", "Tue 18", "nothing like this", "[x]", "a*", "?", "*"]:
        scanned = _scan_hits(needle, monkeypatch)
        assert _hits(needle) == scanned, needle
        assert _listed_hits(needle) == scanned, needle
        assert _listed_hits(needle, read=True) == scanned, needle


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(needle=st.text(min_size=1, max_size=6))
def test_index_search_matches_a_scan_for_any_text(home_with_notes: Path, needle: str):
    mp = pytest.MonkeyPatch()
    try:
        scanned = _scan_hits(needle, mp)
        assert _hits(needle) == scanned
        assert _listed_hits(needle) == scanned
    finally:
        mp.undo()


@pytest.fixture
def home_with_notes(home: Path, monkeypatch) -> Path:
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 7, notes=25)
    notes_of(None)
    return home


def test_search_reads_only_the_notes_that_mention_the_words(home: Path, monkeypatch):
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 4)
    notes_of(None)
    reads: list[Path] = []
    real = search.read_text
    monkeypatch.setattr(search, "read_text", lambda p: reads.append(p) or real(p))
    hits = _hits("Kubernetes")
    assert {Path(h[0]).name for h in hits} <= {p.name for p in reads}
    assert len(reads) == len({h[0] for h in hits})  # no note without the word was read
    reads.clear()
    monkeypatch.setattr(index, "store_text", False)  # an index that keeps no text
    assert _hits("Kubernetes") == hits
    assert len(reads) == len(notes_of(None))  # every note is read


def test_search_through_the_index_reads_only_the_notes_that_mention_the_words(
    dtr, home: Path, monkeypatch
):
    """`dtr search` asks SQLite which notes mention the words and makes the hits from the
    questions the index holds, reading no note; with no text in the index it reads every
    note, and finds the same."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 4)
    ok(dtr("history"))
    reads: list[Path] = []
    real = search.read_text
    monkeypatch.setattr(search, "read_text", lambda p: reads.append(p) or real(p))
    found = json.loads(ok(dtr("search", "Kubernetes", "--json")).stdout)
    assert found and reads == []
    assert _listed_hits("Kubernetes") == _scan_hits("Kubernetes", monkeypatch)
    reads.clear()
    monkeypatch.setattr(index, "store_text", False)
    assert json.loads(ok(dtr("search", "Kubernetes", "--json")).stdout) == found
    assert len(reads) == len(notes_of(None))
    ok(dtr("history"))  # the text kept before the switch is gone from the index
    with contextlib.closing(sqlite3.connect(index.index_file())) as db:
        assert db.execute("SELECT count(*) FROM texts WHERE body IS NOT NULL").fetchone() == (0,)
        for table in ("texts", "typed", "headings"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table


def _kickoff_about(dtr, monkeypatch, focus: str) -> None:
    """A kick-off with alice whose focus is ``focus``, stored in the index."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    answers = {"names_pronouns": "Sam", "meeting_time": "Tue", "channel": "Slack",
               "focus_topic": focus}  # fmt: skip
    ok(dtr("kickoff", "alice", "--new", "-a", "-", input=json.dumps(answers)))
    ok(dtr("history"))


def test_a_phrase_is_found_as_typed(dtr, home: Path, monkeypatch):
    _kickoff_about(dtr, monkeypatch, "a mock interview next week")
    found = ok(dtr("search", "mock interview", "--json")).stdout
    assert json.loads(found)[0]["line"] == "a mock interview next week"
    assert json.loads(ok(dtr("search", "interview mock", "--json")).stdout) == []


def test_runs_at_the_same_time_share_the_index(home: Path, tmp_path: Path):
    """Eight listings and searches while notes are written: every run succeeds and shows
    what the files hold."""
    _home(home, 5, notes=30)
    env = {**os.environ}
    runs = []
    for n in range(8):
        args = ["history", "--json"] if n % 2 else ["search", "Sam", "--json"]
        runs.append(
            subprocess.Popen(
                [sys.executable, "-m", "dtrcli", *args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for run in runs:
        out, err = run.communicate()
        assert run.returncode == 0, err
        assert err == "" or "warning" not in err
        assert json.loads(out)
    index.reset()
    assert len(json.loads(subprocess.run(
        [sys.executable, "-m", "dtrcli", "history", "--json"], env=env, capture_output=True,
        text=True, check=True,
    ).stdout)) == 30  # fmt: skip


def test_search_without_a_usable_index_reads_the_files(dtr, home: Path, monkeypatch):
    """With no index to ask (its folder cannot be made), search and history read the
    notes and show what they show with it."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 6)
    with_index = [ok(dtr(*args)).stdout for args in (("search", "Sam", "--json"), ("history",))]
    index.reset()
    blocked = Path(os.environ["XDG_CACHE_HOME"])
    for part in sorted(blocked.rglob("*"), reverse=True):
        part.unlink() if not part.is_dir() or part.is_symlink() else part.rmdir()
    (blocked / "dtr").write_text("a file where the cache folder would go", encoding="utf-8")
    assert listing.notes(None) is None
    without = [ok(dtr(*args)).stdout for args in (("search", "Sam", "--json"), ("history",))]
    assert without == with_index and json.loads(without[0])


def test_search_reads_a_note_whose_heading_lost_its_marker(dtr, home: Path, monkeypatch):
    """A note search must warn about (a question heading without its marker) is read by
    every search that may find something in it, as the scan reads it; the others are not
    read, and a hand edit is found at once."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 8, notes=6)
    path = sorted(home.rglob("*-kickoff.md"))[0]
    text = path.read_text(encoding="utf-8")
    marker = " <!-- dtr:q meeting_time -->"
    assert marker in text
    path.write_text(text.replace(marker, "").replace("Tue 18:00", "Tue 18:00 Zebra"), "utf-8")
    ok(dtr("history"))
    reads: list[Path] = []
    real = search.read_text
    monkeypatch.setattr(search, "read_text", lambda p: reads.append(p) or real(p))
    result = ok(dtr("search", "zebra", "--json"))
    assert reads == [path]
    assert f"{path}: line " in result.stderr and "has lost its marker" in result.stderr
    assert json.loads(result.stdout) == json.loads(_scan_json(dtr, "zebra", monkeypatch))
    reads.clear()
    assert len(json.loads(ok(dtr("search", "Slack", "--json")).stdout)) >= 5
    assert reads == [path]  # it mentions Slack too; no other note is read
    reads.clear()
    other = sorted(home.rglob("*-kickoff.md"))[1]
    other.write_text(other.read_text(encoding="utf-8").replace("Slack", "Zebra chat"), "utf-8")
    found = json.loads(ok(dtr("search", "zebra", "--json")).stdout)
    assert {Path(h["path"]) for h in found} == {path, other}
    assert json.loads(_scan_json(dtr, "zebra", monkeypatch)) == found


def _scan_json(dtr, needle: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """`dtr search --json` reading every note (no index to ask)."""
    with monkeypatch.context() as m:
        m.setattr(listing, "notes", lambda *a, **k: None)
        m.setattr(index, "containing", lambda _needle: None)
        return ok(dtr("search", needle, "--json")).stdout


@pytest.mark.parametrize(
    "forged", [b"a blob", 7, "no count", "\nno id\n0", "q\nheading\n3\none line"]
)
def test_questions_the_index_could_not_have_written_are_read_from_the_note(
    dtr, home: Path, monkeypatch, forged
):
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 9, notes=4)
    ok(dtr("history"))
    found = ok(dtr("search", "Slack", "--json")).stdout
    with contextlib.closing(sqlite3.connect(index.index_file())) as db:
        db.execute("UPDATE typed SET lines = ?", (forged,))
        db.commit()
    reads: list[Path] = []
    real = search.read_text
    monkeypatch.setattr(search, "read_text", lambda p: reads.append(p) or real(p))
    assert ok(dtr("search", "Slack", "--json")).stdout == found
    assert len(reads) == len({h["path"] for h in json.loads(found)})


def test_glob_characters_are_looked_for_as_typed(dtr, home: Path, monkeypatch):
    """`*`, `?` and `[` in the words are the characters themselves, not a pattern."""
    _kickoff_about(dtr, monkeypatch, "the [draft] of *one* page, or a?b")
    for needle, found in [("[draft]", 1), ("*one*", 1), ("a?b", 1), ("[d", 1), ("t]", 1),
                          ("[a-z]", 0), ("o*e", 0), ("a?c", 0), ("*", 1), ("?", 1)]:  # fmt: skip
        hits = json.loads(ok(dtr("search", needle, "--json")).stdout)
        assert len([h for h in hits if "draft" in h["line"]]) == found, needle
        assert hits == json.loads(_scan_json(dtr, needle, monkeypatch)), needle


@pytest.mark.parametrize(
    "lost",
    [
        "DELETE FROM texts WHERE folder = ? AND name = ?",
        "UPDATE texts SET body = NULL WHERE folder = ? AND name = ?",
    ],
)
def test_a_note_whose_text_the_index_lost_is_still_found(dtr, home: Path, monkeypatch, lost):
    """A note the index holds without its text (a damaged index: the rows of the notes
    untouched, so nothing tells the listing to read them again) is searched as the scan
    searches it."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 10, notes=12)
    ok(dtr("history"))
    found = json.loads(ok(dtr("search", "Slack", "--json")).stdout)
    assert found == json.loads(_scan_json(dtr, "Slack", monkeypatch))
    path = Path(found[0]["path"])
    with contextlib.closing(sqlite3.connect(index.index_file())) as db:
        db.execute(lost, (path.parent.name, path.name))
        db.commit()
    index.reset()
    assert json.loads(ok(dtr("search", "Slack", "--json")).stdout) == found


def test_a_note_not_settled_is_searched_whatever_its_stored_text(home: Path, monkeypatch):
    """The text of a note whose row is not settled is not trusted: search looks at the
    note itself, even where the text stored says it does not mention the words."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 11, notes=12)
    notes_of(None)
    scanned = _scan_hits("Slack", monkeypatch)
    assert scanned
    name = scanned[0][0]
    with contextlib.closing(sqlite3.connect(index.index_file())) as db:
        db.execute("UPDATE notes SET settled = 0 WHERE name = ?", (name,))
        db.execute("UPDATE texts SET body = '', heads = -1 WHERE name = ?", (name,))  # no words
        db.commit()
    index.reset()
    monkeypatch.setattr(refresh, "refresh", lambda *args: None)  # the rows as they are
    assert _listed_hits("Slack") == scanned


def test_a_search_of_one_mentee_finds_what_a_scan_of_their_notes_finds(home: Path, monkeypatch):
    monkeypatch.setattr(index, "RACY_NS", 0)
    _home(home, 2)
    notes_of(None)
    for folder in sorted(p for p in home.iterdir() if p.is_dir()):
        for needle in ("Sam", "Kubernetes", "ß", "mock interview", "Tue 18"):
            texts: list[str | None] = []
            got = listing.notes([folder], needle=needle.casefold(), texts=texts)
            assert got is not None and {n.path.parent for n in got[0]} <= {folder}
            found = search.search(needle, got[0], narrowed=True, texts=texts)
            scanned = _scan_hits(needle, monkeypatch)
            assert [(h.note.path.name, h.question, h.line) for h in found] == [
                (name, question, line)
                for name, question, _, line, _, _ in scanned
                if (folder / name).exists()
            ], (folder.name, needle)
