"""dtr encrypt on and off killed (SIGKILL) part way through a home of a few hundred
notes: a real ``python -m dtrcli encrypt on`` in its own process, killed once it has
converted some files and not all. Every command still reads every note, and a rerun
finishes the conversion with nothing lost and nothing left plain."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from dtrcli.conversation.templates import load_registry
from dtrcli.notebook import encryption, index, sealing
from tests.cli.test_encryption import KICKOFF, SECRET, home_files, sealed
from tests.support import homes
from tests.support.cli import ok

MENTEES = 30
NOTES_EACH = 10  # 300 notes and 30 profiles


@pytest.fixture
def many(home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """A plain home of 300 notes (each with a private answer) and 30 profiles, and an
    identity without a passphrase; the files as they are stored."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    templates = load_registry().templates
    first = dt.date(2026, 9, 1)
    for m in range(MENTEES):
        name = f"mentee {m:02d}"
        homes.write_profile(home, name, program="BE", module="2", start=first, meets="Tue 18:00")
        for n in range(NOTES_EACH):
            answers = {**KICKOFF, "mentor_notes": f"{SECRET} {m}-{n}"}
            day = first + dt.timedelta(days=n)
            homes.write_note(home, "kickoff", name, day, answers, templates=templates)
    sealing.forget()
    return home_files(home)


def everything(dtr) -> dict[str, str]:
    """What commands that read every note print, read afresh (no index, no identity kept)."""
    sealing.forget()
    index.reset()
    return {
        "export": ok(dtr("export")).stdout,
        "history": ok(dtr("history", "--json")).stdout,
        "search": ok(dtr("search", SECRET, "--json")).stdout,
        "due": ok(dtr("due", "--json")).stdout,
        "mentees": ok(dtr("mentee", "list", "--json")).stdout,
    }


def kill_part_way(home: Path, command: str) -> None:
    """Run ``dtr encrypt COMMAND`` in its own process and SIGKILL it as soon as the first
    file it converts (files are converted in order) has been converted."""
    first = next(encryption.home_files(home))
    was = sealed(first.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "dtrcli", "encrypt", command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while sealed(first.read_bytes()) == was:
            if proc.poll() is not None:
                said = proc.stderr.read().decode() if proc.stderr else ""
                raise AssertionError(f"dtr encrypt {command} ended before the kill: {said}")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def sealed_count(home: Path, names: dict[str, bytes]) -> int:
    stored = home_files(home)
    return sum(sealed(stored[name]) for name in names)


def leftovers(home: Path) -> list[Path]:
    """The temp files of the write the kill cut off."""
    return [p for p in home.rglob(".tmp-*") if p.is_file()]


@pytest.mark.timeout(300)
def test_encrypt_on_killed_part_way_reads_whole_and_a_rerun_finishes(dtr, home, many):
    before = everything(dtr)
    assert before["search"].count(SECRET) >= MENTEES * NOTES_EACH
    ok(dtr("encrypt", "init"))
    kill_part_way(home, "on")
    assert 0 < sealed_count(home, many) < len(many)  # cut off half way
    assert set(many) <= set(home_files(home))  # no file lost
    for tmp in leftovers(home):  # a temp file of the cut-off write holds no plain text
        assert SECRET.encode() not in tmp.read_bytes()
    assert everything(dtr) == before  # every note read, the plain and the encrypted
    status = " ".join(ok(dtr("encrypt")).stderr.split())
    assert "dtr encrypt on finishes it" in status

    ok(dtr("encrypt", "on"))
    stored = home_files(home)
    assert all(sealed(stored[name]) for name in many)  # nothing left plain
    assert [n for n, data in stored.items() if SECRET.encode() in data] == []
    assert "state:" not in stored[sealing.MARKER].decode()
    assert everything(dtr) == before  # nothing lost


@pytest.mark.timeout(300)
def test_encrypt_off_killed_part_way_reads_whole_and_a_rerun_gives_back_every_file(dtr, home, many):
    before = everything(dtr)
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    assert sealed_count(home, many) == len(many)
    kill_part_way(home, "off")
    assert 0 < sealed_count(home, many) < len(many)
    assert everything(dtr) == before
    status = " ".join(ok(dtr("encrypt")).stderr.split())
    assert "dtr encrypt off finishes it" in status

    ok(dtr("encrypt", "off"))
    after = home_files(home)
    for tmp in leftovers(home):  # the cut-off write's temp file, if the kill left one
        del after[tmp.relative_to(home).as_posix()]
    assert after == many  # every file as it was before encryption, byte for byte
    assert everything(dtr) == before
