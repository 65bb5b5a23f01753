# ruff: noqa: F811 - the sync tests' fixtures are used by name
"""dtr mentee rename (and --merge), archive and restore: nothing lost, nothing deleted,
every bad case writes nothing, a run cut off is finished by the next."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dtrcli.module import renaming
from tests.cli.test_sync import (  # noqa: F401 - fixtures
    GIT,
    Machine,
    a,
    b,
    both_set_up,
    no_system_git_config,
    remote,
)
from tests.support.cli import listing, ok, one_line_error

KICKOFF = json.dumps(
    {
        "names_pronouns": "Sam, Al",
        "meeting_time": "Tue 18:00",
        "channel": "Slack",
        "focus_topic": "SQL joins",
        "followups": ["Al shares the repo"],
    }
)
MIDMOD = json.dumps({"struggles": "Recursion"})


def files(home: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


@pytest.fixture
def al(dtr, home: Path) -> Path:
    ok(dtr("mentee", "add", "Al", "--program", "BE", "--module", "2", "--channel", "Slack"))
    ok(dtr("kickoff", "al", "-a", "-", "--date", "2026-11-02", input=KICKOFF))
    ok(dtr("midmod", "al", "-a", "-", "--date", "2026-11-20", input=MIDMOD))
    return home / "al"


def test_rename_moves_folder_profile_and_every_note(dtr, home: Path, al: Path):
    assert "Recursion" in ok(dtr("search", "recursion")).stdout  # the index is warm
    before = {p.name: p.read_text(encoding="utf-8") for p in al.glob("*.md")}
    result = ok(dtr("mentee", "rename", "al", "Alan Turing"))
    folder = home / "alan-turing"
    assert result.stdout.strip() == str(folder) and not al.exists()
    assert "Renamed al to Alan Turing (alan-turing); 2 notes changed." in result.stderr
    for name, old in before.items():
        text = (folder / name).read_text(encoding="utf-8")
        assert "mentee: Alan Turing\n" in text and ": Alan Turing" in text.split("---")[1]
        assert "# Module kick-off DTR: Alan Turing" in text or "kickoff" not in name
        # Only the name changed: every answer is as it was.
        assert text.replace("Alan Turing", "Al") == old
    assert "name: Alan Turing" in (folder / "mentee.yaml").read_text(encoding="utf-8")
    rows = listing(ok(dtr("history")).stdout)[1:]
    assert {r[1] for r in rows} == {"Alan Turing"}
    hits = json.loads(ok(dtr("search", "recursion", "--json")).stdout)
    assert [h["path"] for h in hits] == [str(folder / "2026-11-20-midmod.md")]
    assert "Alan Turing" in ok(dtr("mentee", "show", "alan")).stdout
    assert "Alan Turing" in ok(dtr("history", "al")).stdout  # the start of the new name
    # Only the name's case: the folder stays, the notes change.
    ok(dtr("mentee", "rename", "alan-turing", "ALAN TURING"))
    assert "mentee: ALAN TURING" in (folder / "2026-11-02-kickoff.md").read_text("utf-8")


def test_a_rename_cut_off_loses_nothing_and_a_rerun_finishes_it(
    dtr, home: Path, al: Path, monkeypatch
):
    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    real = renaming._move
    monkeypatch.setattr(renaming, "_move", killed)
    assert dtr("mentee", "rename", "al", "Alan").exit_code != 0
    # Every note is whole and read, under its folder, by the old name.
    assert len(listing(ok(dtr("history", "al")).stdout)) == 3
    monkeypatch.setattr(renaming, "_move", real)
    ok(dtr("mentee", "rename", "al", "Alan"))
    assert sorted(p.name for p in (home / "alan").iterdir()) == [
        "2026-11-02-kickoff.md",
        "2026-11-20-midmod.md",
        "mentee.yaml",
    ]
    assert not al.exists()


def test_rename_onto_another_mentee_refuses_without_merge(dtr, home: Path, al: Path):
    ok(dtr("kickoff", "Bea", "--new", "-a", "-", "--date", "2026-11-02", input=KICKOFF))
    before = files(home)
    one_line_error(dtr("mentee", "rename", "al", "bea"), "Bea", "already a mentee", "--merge")
    one_line_error(dtr("mentee", "rename", "nobody", "bea"), "no mentee 'nobody'")
    one_line_error(dtr("mentee", "rename", "al", "../x"), "path separator")
    assert files(home) == before


def test_merge_never_overwrites_a_note(dtr, home: Path, al: Path):
    ok(dtr("mentee", "add", "Bea", "--channel", "Email", "--pronouns", "she/her"))
    ok(dtr("kickoff", "Bea", "-a", "-", "--date", "2026-11-02", input=KICKOFF))
    texts = sorted(p.read_bytes() for p in [*al.glob("*.md"), *(home / "bea").glob("*.md")])
    assert ok(dtr("search", "recursion")).stdout  # the index is warm
    ok(dtr("mentee", "rename", "al", "Bea", "--merge"))
    bea = home / "bea"
    hits = json.loads(ok(dtr("search", "recursion", "--json")).stdout)
    assert [(h["mentee"], h["path"]) for h in hits] == [("Bea", str(bea / "2026-11-20-midmod.md"))]
    assert not al.exists()
    assert sorted(p.name for p in bea.glob("*.md")) == [
        "2026-11-02-kickoff-2.md",
        "2026-11-02-kickoff.md",
        "2026-11-20-midmod.md",
    ]
    merged = sorted(p.read_bytes() for p in bea.glob("*.md"))
    assert len(merged) == len(texts)
    assert b"Al shares the repo" in b"".join(merged)
    # The profile keeps Bea's values; Al's that differ are kept beside them.
    data = ok(dtr("mentee", "show", "bea", "--json")).stdout
    shown = json.loads(data)
    assert shown["conflicts"] == {"channel": ["Slack"]}
    assert "program" in data and "BE" in data
    assert [f.name for f in bea.glob(".mentee-before-merge*.yaml")]  # the old profile kept


def test_a_merge_cut_off_is_finished_without_copying_twice(dtr, home: Path, al: Path, monkeypatch):
    ok(dtr("kickoff", "Bea", "--new", "-a", "-", "--date", "2026-11-02", input=KICKOFF))
    real = renaming._link_free
    calls = []

    def once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(renaming, "_link_free", once)
    assert dtr("mentee", "rename", "al", "bea", "--merge").exit_code != 0
    monkeypatch.setattr(renaming, "_link_free", real)
    # Cut off between linking a note into place and removing the old name.
    os.link(al / "2026-11-20-midmod.md", home / "bea" / "2026-11-20-midmod.md")
    ok(dtr("mentee", "rename", "al", "bea", "--merge"))
    assert len(list((home / "bea").glob("*.md"))) == 3 and not al.exists()


def test_archive_takes_a_mentee_out_of_every_listing_and_restore_brings_them_back(
    dtr, home: Path, al: Path
):
    ok(dtr("kickoff", "Bea", "--new", "-a", "-", "--date", "2026-11-02", input=KICKOFF))
    before = files(home)
    result = ok(dtr("mentee", "archive", "al"))
    assert result.stdout.strip() == str(home / ".archive" / "al")
    assert "dtr mentee restore al" in result.stderr
    assert {k.removeprefix(".archive/") for k in files(home)} == set(before)  # nothing deleted
    for command in (["mentee", "list"], ["due"], ["history"], ["search", "SQL"], ["followups"]):
        shown = ok(dtr(*command, "--json")).stdout
        assert '"Al"' not in shown and "/al/" not in shown and "Bea" in shown, command
    assert [m["mentee"] for m in json.loads(ok(dtr("mentee", "list", "--json")).stdout)] == ["Bea"]
    listed = json.loads(ok(dtr("mentee", "list", "--archived", "--json")).stdout)
    assert [(m["mentee"], m["folder"]) for m in listed] == [("Al", "al")]
    one_line_error(dtr("history", "al"), "al is archived", "dtr mentee restore al")
    one_line_error(dtr("midmod", "al", "-a", "-"), "archived")
    ok(dtr("mentee", "archive", "--restore", "al"))
    assert files(home) == before
    ok(dtr("mentee", "archive", "al"))
    ok(dtr("mentee", "restore", "AL"))
    assert files(home) == before
    assert len(listing(ok(dtr("history", "al")).stdout)) == 3
    hits = json.loads(ok(dtr("search", "recursion", "--json")).stdout)  # the index agrees
    assert [h["path"] for h in hits] == [str(al / "2026-11-20-midmod.md")]


def test_archive_bad_cases_write_nothing(dtr, home: Path, al: Path):
    before = files(home)
    one_line_error(dtr("mentee", "archive", "nobody"), "no mentee 'nobody'")
    one_line_error(dtr("mentee", "restore", "al"), "no archived mentee 'al'")
    assert files(home) == before
    ok(dtr("mentee", "archive", "al"))
    ok(dtr("kickoff", "al", "--new", "-a", "-", input=KICKOFF))  # someone new by that name
    archived = files(home)
    one_line_error(dtr("mentee", "restore", "al"), "There is a mentee al already", "rename")
    one_line_error(dtr("mentee", "archive", "al"), "archive already has a mentee al")
    assert files(home) == archived


@pytest.mark.parametrize("held", ["al", "alan-turing"])
def test_no_rename_or_archive_while_a_conversation_is_open(dtr, home: Path, al: Path, held: str):
    """An interview holds its lock (here, as another terminal would): the folder it will
    save its note into does not move under it, nor does another mentee join it."""
    from dtrcli.notebook import locks

    before = files(home)
    with locks.locked(locks.interview(held, "exit"), wait=False) as mine:
        assert mine
        one_line_error(
            dtr("mentee", "rename", "al", "Alan Turing"), "exit with", "another terminal"
        )
        if held == "al":
            one_line_error(dtr("mentee", "archive", "al"), "exit with Al (al) is open")
        assert files(home) == before
    ok(dtr("mentee", "rename", "al", "Alan Turing"))  # once it is finished
    assert (home / "alan-turing").is_dir()


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_rename_and_an_archive_reach_the_other_machine(a: Machine, b: Machine, remote):
    a.kickoff("al")
    a.kickoff("bea")
    both_set_up(a, b, remote)
    ok(a("sync"))
    ok(b("sync"))
    ok(b("mentee", "rename", "al", "Alan"))
    ok(b("mentee", "archive", "bea"))
    ok(b("sync"))
    ok(a("sync"))
    assert a.notes() == b.notes()
    assert sorted(a.notes()) == [".archive/bea/2026-11-03-kickoff.md", "alan/2026-11-03-kickoff.md"]
    assert (a.home / ".archive" / "bea" / "2026-11-03-kickoff.md").is_file()
    assert [r[1] for r in listing(ok(a("history")).stdout)[1:]] == ["Alan"]
