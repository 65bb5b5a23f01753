"""An encrypted home's passphrase in a real terminal (tmux): asked before the first
question of a conversation, not echoed, three wrong ones stop with nothing written,
and the right one leads to the interview, whose draft is stored encrypted."""

from __future__ import annotations

import os
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from dtrcli.conversation.templates import load_registry
from dtrcli.notebook import sealing
from tests.e2e.test_terminal import start
from tests.support.tmux import Pane, Tmux, available

pytestmark = pytest.mark.skipif(not available(), reason="needs tmux")
ASKED = "Passphrase of dtr's identity"


@pytest.fixture
def tmux(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    request.addfinalizer(server.kill)
    yield server


@pytest.fixture
def encrypted(home: Path) -> None:
    home.mkdir(parents=True)
    sealing.forget()
    sealing.write_mark(sealing.create_identity("right horse"))
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
    pane, _out = start(tmux, tmp_path, "kickoff", "alice")
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
    pane, _out = start(tmux, tmp_path, "kickoff", "alice")
    wait_for_passphrase_prompt(pane)
    pane.type("right horse")
    pane.keys("Enter")
    pane.wait_for_prompt(first_prompt(), timeout=60)
    pane.type("Sam and a private worry")
    pane.keys("Enter")
    pane.wait_for("[2/", after=first_prompt())
    pane.keys("C-c")
    assert pane.wait_exit() == 130
    draft = home / "alice" / ".draft-kickoff.yaml"
    assert sealing.is_sealed(draft.read_bytes())
    assert b"private worry" not in draft.read_bytes()
    assert sys.executable  # the pane ran this Python's dtr
