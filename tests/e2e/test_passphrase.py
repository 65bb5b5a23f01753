"""Passphrases in a real terminal (tmux): an encrypted home's, asked before the first
question of a conversation, not echoed, three wrong ones stop with nothing written,
and the right one leads to the interview, whose draft is stored encrypted; a new
identity's, asked twice by dtr encrypt init (two that differ stop with nothing
written); a protected backup's, asked by dtr encrypt init --from; and the same
protected identity opened by Debian's age, which asks for it on the terminal too."""

from __future__ import annotations

import json
import os
import shutil
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from dtrcli.conversation.templates import load_registry
from dtrcli.notebook import sealing
from tests.cli.test_encryption import KICKOFF, SECRET
from tests.e2e.test_terminal import start
from tests.support import homes
from tests.support.cli import ok
from tests.support.tmux import Pane, Tmux, available

pytestmark = pytest.mark.skipif(not available(), reason="needs tmux")
ASKED = "Passphrase of dtr's identity"
PASSPHRASE = "right horse"
AGE = shutil.which("age")


@pytest.fixture
def tmux(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    request.addfinalizer(server.kill)
    yield server


@pytest.fixture
def encrypted(home: Path) -> None:
    home.mkdir(parents=True)
    sealing.forget()
    sealing.write_mark(sealing.create_identity(PASSPHRASE))
    sealing.forget()


def wait_for_passphrase_prompt(pane: Pane, text: str = ASKED) -> None:
    """``text`` on screen and the terminal not echoing (getpass reading a line)."""

    def asked(screen: str) -> bool:
        if text not in screen:
            return False
        fd = os.open(pane.tty, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        try:
            return not termios.tcgetattr(fd)[3] & termios.ECHO
        finally:
            os.close(fd)

    pane.wait_until(asked, f"{text!r} asked with echo off", timeout=60)


def first_prompt() -> str:
    return load_registry().get("kickoff").questions[0].prompt[:30]


def test_three_wrong_passphrases_stop_before_any_question(tmux, tmp_path, home, encrypted):
    pane, _out = start(tmux, tmp_path, "kickoff", "alice", "--new")
    for attempt in range(3):
        wait_for_passphrase_prompt(pane, ASKED + (" (again)" if attempt else ""))
        assert first_prompt() not in pane.screen()
        pane.type("Zq9-not-it")
        pane.keys("Enter")
    assert pane.wait_exit(timeout=60) == 1
    screen = pane.screen()
    assert "typed does not open the identity" in screen.replace("\n", "")
    assert "Zq9-not-it" not in screen  # never echoed
    assert not (home / "alice").exists()  # nothing written: there was nothing to lose


def test_the_right_passphrase_leads_to_the_interview_and_an_encrypted_draft(
    tmux, tmp_path, home, encrypted
):
    # started where core dumps are allowed, so that dtr is seen to turn them off
    env = {name: os.environ[name] for name in homes.folders(tmp_path)}
    run = 'ulimit -S -c unlimited && exec "$0" -m dtrcli kickoff alice --new'
    pane = tmux.spawn(["sh", "-c", run, sys.executable], env=env, cwd=tmp_path)
    wait_for_passphrase_prompt(pane)
    pane.type(PASSPHRASE)
    pane.keys("Enter")
    pane.wait_for_prompt(first_prompt(), timeout=60)
    if sys.platform.startswith("linux"):  # the unlocked identity is never in a core dump
        limits = Path(f"/proc/{pane.pid}/limits").read_text(encoding="ascii")
        core = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
        assert core.split()[4] == "0", core
    pane.type("Sam and a private worry")
    pane.keys("Enter")
    pane.wait_for("[2/", after=first_prompt())
    pane.keys("C-c")
    assert pane.wait_exit() == 130
    draft = home / "alice" / ".draft-kickoff.yaml"
    assert sealing.is_sealed(draft.read_bytes())
    assert b"private worry" not in draft.read_bytes()


def a_note(dtr, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kick-off written (encrypted) in this process, the passphrase in DTR_PASSPHRASE."""
    with monkeypatch.context() as m:
        m.setenv(sealing.PASSPHRASE_VAR, PASSPHRASE)
        given = json.dumps(KICKOFF)
        note = Path(ok(dtr("kickoff", "alice", "--new", "-a", "-", input=given)).stdout.strip())
    sealing.forget()
    assert sealing.is_sealed(note.read_bytes())
    return note


@pytest.mark.skipif(AGE is None, reason="age is not installed")
def test_debians_age_opens_a_note_with_the_identity_and_its_passphrase(
    tmux, tmp_path, home, encrypted, dtr, monkeypatch
):
    note = a_note(dtr, monkeypatch)
    assert sealing.protected()
    out = tmp_path / "shown.txt"
    assert AGE is not None
    pane = tmux.spawn([AGE, "-d", "-i", str(sealing.identity_path()), str(note)], stdout=out)
    wait_for_passphrase_prompt(pane, "Enter passphrase for identity file")
    pane.type(PASSPHRASE)
    pane.keys("Enter")
    assert pane.wait_exit(timeout=60) == 0
    shown = out.read_text(encoding="utf-8")
    assert shown.startswith("---\ntitle:") and SECRET in shown
    assert PASSPHRASE not in pane.screen()


def init_typing(tmux: Tmux, tmp_path: Path, first: str, again: str) -> tuple[int, str]:
    """dtr encrypt init on a terminal, ``first`` and ``again`` typed at its two prompts
    (each waited for, with echo off); its exit status and last screen (lines joined)."""
    pane, _out = start(tmux, tmp_path, "encrypt", "init")
    wait_for_passphrase_prompt(pane, "Passphrase to protect the identity (empty for none)")
    pane.type(first)
    pane.keys("Enter")
    wait_for_passphrase_prompt(pane, "The same passphrase again")
    pane.type(again)
    pane.keys("Enter")
    status = pane.wait_exit(timeout=60)
    return status, pane.screen().replace("\n", "")


def test_init_asks_for_the_passphrase_twice_and_protects_the_identity_with_it(tmux, tmp_path, home):
    import pyrage

    status, screen = init_typing(tmux, tmp_path, "blue kettle", "blue kettle")
    assert status == 0
    assert "(protected by your passphrase)" in screen
    assert "blue kettle" not in screen  # never echoed
    stored = sealing.identity_path().read_bytes()
    assert sealing.is_sealed(stored)
    assert b"AGE-SECRET-KEY-1" in bytes(pyrage.passphrase.decrypt(stored, "blue kettle"))


def test_init_with_two_passphrases_that_differ_stops_and_writes_no_identity(tmux, tmp_path, home):
    status, screen = init_typing(tmux, tmp_path, "blue kettle", "blue kettel")
    assert status == 1
    assert "error: The two passphrases differ; run dtr encrypt init again." in screen
    assert "Traceback" not in screen
    assert not sealing.identity_path().exists()
    assert not sealing.recipient_path().exists()


def test_init_from_a_protected_backup_asks_its_passphrase_and_opens_the_notes(
    tmux, tmp_path, home, encrypted, dtr, monkeypatch
):
    note = a_note(dtr, monkeypatch)
    backup = tmp_path / "backup-identity"
    ok(dtr("encrypt", "export-identity", "-o", str(backup)))
    sealing.identity_path().unlink()
    sealing.recipient_path().unlink()
    sealing.forget()

    pane, _out = start(tmux, tmp_path, "encrypt", "init", "--from", str(backup))
    wait_for_passphrase_prompt(pane, f"Passphrase of {backup}")
    pane.type("Zq9-not-it")
    pane.keys("Enter")
    assert pane.wait_exit(timeout=60) == 1
    assert "passphrase does not open" in pane.screen().replace("\n", "")
    assert not sealing.identity_path().exists()  # nothing changed

    pane, _out = start(tmux, tmp_path, "encrypt", "init", "--from", str(backup))
    wait_for_passphrase_prompt(pane, f"Passphrase of {backup}")
    pane.type(PASSPHRASE)
    pane.keys("Enter")
    assert pane.wait_exit(timeout=60) == 0
    assert "(protected by your passphrase)" in pane.screen().replace("\n", "")
    sealing.forget()
    assert sealing.protected()  # put back with the passphrase it had
    monkeypatch.setenv(sealing.PASSPHRASE_VAR, PASSPHRASE)
    assert SECRET in ok(dtr("show", "alice", note.name)).stdout
