"""Tab completion in real shells: bash, zsh and fish in a terminal (tmux).

Each test starts the shell with its own HOME, ZDOTDIR and XDG_CONFIG_HOME in
the test's folder, installs completion there as a user would (``dtr
--install-completion`` typed into that shell), starts a fresh shell and
presses Tab: what it puts on the line is read off the screen. A test is
skipped only where its shell is not installed (CI installs all three).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import homes
from tests.support.cli import ok
from tests.support.tmux import Pane, Tmux, available

pytestmark = pytest.mark.skipif(not available(), reason="needs tmux")

ANSWERS = str(Path(__file__).parents[1] / "data" / "kickoff-answers.yaml")
PROMPT = "ready> "
ZOE, ALICE = "Zoë Ann O'Neil", "Alice Smith"


def needs(shell: str) -> str:
    path = shutil.which(shell)
    if path is None:
        pytest.skip(f"needs {shell}")
    return path


@pytest.fixture
def mentees(dtr: Callable[..., object]) -> None:
    """Zoë and Alice have profiles; alan has only a note."""
    ok(dtr("mentee", "add", ZOE))
    ok(dtr("mentee", "add", ALICE))
    ok(dtr("kickoff", "alan", "--new", "-a", ANSWERS))


@pytest.fixture
def env(tmp_path: Path, mentees: None) -> dict[str, str]:
    """The shell's environment: the test's folders, and `dtr` first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "dtr"
    wrapper.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m dtrcli "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    found = homes.folders(tmp_path)
    for folder in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        Path(found[folder]).mkdir(parents=True, exist_ok=True)
    (tmp_path / "zdotdir").mkdir()
    return {
        **found,
        "ZDOTDIR": str(tmp_path / "zdotdir"),
        "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


@pytest.fixture
def tmux(tmp_path: Path, env: dict[str, str]) -> Iterator[Tmux]:
    server = Tmux(tmp_path, width=160, height=40, env=env)
    yield server
    server.kill()


def composed(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def shows(pane: Pane, text: str) -> str:
    """Wait for ``text`` on screen, accents composed or not as the shell printed them."""
    return pane.wait_until(lambda s: composed(text) in composed(s), f"{text!r} on screen")


def fresh(pane: Pane, shell: str) -> None:
    """Start a new ``shell`` in the pane in place of the one there."""
    pane.type(f"exec {shell}")
    pane.keys("Enter")
    pane.wait_until(lambda s: s.rstrip().endswith(PROMPT.strip()), "a fresh prompt")


def install(tmux: Tmux, env: dict[str, str], shell: str) -> Pane:
    """Open ``shell``, type 'dtr --install-completion', then open a fresh ``shell``."""
    pane = tmux.spawn([needs(shell)], env=env, cwd=Path(env["HOME"]))
    shows(pane, PROMPT)
    pane.type("dtr --install-completion")
    pane.keys("Enter")
    shows(pane, f"Installed {shell} completion in")
    fresh(pane, shell)
    return pane


def tab(pane: Pane, line: str, expected: str) -> str:
    """Type ``line`` on an empty screen, press Tab, wait for ``expected`` on the line."""
    pane.keys("C-u")
    pane.keys("C-l")
    pane.wait_until(lambda s: s.strip() == PROMPT.strip(), "an empty screen")
    pane.type(line)
    shows(pane, PROMPT + line)
    pane.keys("Tab")
    return shows(pane, expected)


# What is typed -> what the line must then read (the shell's quoting of the name).
PREFIXES = [
    ("dtr mentee show Zo", "dtr mentee show Zoë\\ Ann\\ O\\'Neil "),
    ("dtr mentee show zo", "dtr mentee show zoë-ann-oneil "),
    ("dtr mentee show zoe", "dtr mentee show zoë-ann-oneil "),
    ("dtr mentee show ZOE", "dtr mentee show ZOË\\ Ann\\ O\\'Neil "),
    ("dtr show Ali", "dtr show Alice\\ Smith "),
    ("dtr show ali", "dtr show alice-smith "),
    ("dtr show alice-s", "dtr show alice-smith "),
    ("dtr history ALA", "dtr history alan "),
    ("dtr search sql --mentee ali", "dtr search sql --mentee alice-smith "),
]


def check_prefixes(pane: Pane) -> None:
    for line, expected in PREFIXES:
        tab(pane, line, PROMPT + expected)


def check_named_mentee(pane: Pane) -> None:
    """What Tab put on the line names the mentee: the command shows her profile."""
    tab(pane, "dtr mentee show zoe", "zoë-ann-oneil ")
    pane.keys("Enter")
    shows(pane, f"{ZOE}\n  folder")


# --- zsh -------------------------------------------------------------------------------


def test_zsh_completes_names_as_typed_from_the_first_tab(tmux: Tmux, env: dict[str, str]):
    zdotdir = Path(env["ZDOTDIR"])
    (zdotdir / ".zshrc").write_text(f"PS1='{PROMPT}'\n", encoding="utf-8")
    pane = install(tmux, env, "zsh")
    assert (Path(env["HOME"]) / ".zfunc" / "_dtr").is_file()
    assert "compinit" in (zdotdir / ".zshrc").read_text(encoding="utf-8")
    assert not (Path(env["HOME"]) / ".zshrc").exists()  # ZDOTDIR's is the one zsh reads
    # The very first Tab of this new zsh completes.
    tab(pane, "dtr mentee show Zo", PROMPT + PREFIXES[0][1])
    check_prefixes(pane)
    check_named_mentee(pane)


def test_zsh_descriptions_keep_their_punctuation(tmux: Tmux, env: dict[str, str]):
    (Path(env["ZDOTDIR"]) / ".zshrc").write_text(f"PS1='{PROMPT}'\n", encoding="utf-8")
    pane = install(tmux, env, "zsh")
    screen = tab(pane, "dtr sh", "The mentee's copy of a note.")
    assert "Read a note (the latest unless you say which)." in screen
    screen = tab(pane, "dtr run ", "Module kick-off DTR")
    assert "Mid-module follow-up" in screen and "Module exit DTR" in screen
    screen = tab(pane, "dtr history al", f"-- {ALICE}")  # the folder, described by the name
    assert "alice-smith " in screen and "alan" in screen


def test_zsh_completes_with_the_script_evaluated_after_compinit(tmux: Tmux, env: dict[str, str]):
    """The README's way by hand: eval "$(dtr --show-completion zsh)" after compinit."""
    (Path(env["ZDOTDIR"]) / ".zshrc").write_text(
        f"PS1='{PROMPT}'\nautoload -Uz compinit; compinit\neval \"$(dtr --show-completion zsh)\"\n",
        encoding="utf-8",
    )
    pane = tmux.spawn([needs("zsh")], env=env, cwd=Path(env["HOME"]))
    shows(pane, PROMPT)
    tab(pane, "dtr show zoe", PROMPT + "dtr show zoë-ann-oneil ")


# --- fish ------------------------------------------------------------------------------


def fish_config(env: dict[str, str]) -> None:
    folder = Path(env["XDG_CONFIG_HOME"]) / "fish"
    folder.mkdir(parents=True)
    (folder / "config.fish").write_text(
        "set -g fish_greeting ''\n"
        "set -g fish_autosuggestion_enabled 0\n"  # grey suggestions would fool the screen
        f"function fish_prompt; echo -n '{PROMPT}'; end\n",
        encoding="utf-8",
    )


def test_fish_finds_its_completion_where_xdg_config_home_says(tmux: Tmux, env: dict[str, str]):
    assert env["XDG_CONFIG_HOME"] != str(Path(env["HOME"]) / ".config")
    fish_config(env)
    pane = install(tmux, env, "fish")
    assert (Path(env["XDG_CONFIG_HOME"]) / "fish" / "completions" / "dtr.fish").is_file()
    assert not (Path(env["HOME"]) / ".config").exists()
    check_prefixes(pane)
    check_named_mentee(pane)


def test_fish_descriptions_keep_their_punctuation(tmux: Tmux, env: dict[str, str]):
    fish_config(env)
    pane = install(tmux, env, "fish")
    screen = tab(pane, "dtr sh", "The mentee's copy of a note.")
    assert "Read a note (the latest unless you say which)." in screen
    screen = tab(pane, "dtr run ", "Module kick-off DTR")
    assert "Mid-module follow-up" in screen and "Module exit DTR" in screen


def test_fish_completes_with_the_script_sourced(tmux: Tmux, env: dict[str, str]):
    """The README's way by hand: dtr --show-completion fish | source, in config.fish."""
    fish_config(env)
    with (Path(env["XDG_CONFIG_HOME"]) / "fish" / "config.fish").open("a") as config:
        config.write("dtr --show-completion fish | source\n")
    pane = tmux.spawn([needs("fish")], env=env, cwd=Path(env["HOME"]))
    shows(pane, PROMPT)
    tab(pane, "dtr show zoe", PROMPT + "dtr show zoë-ann-oneil ")


# --- bash ------------------------------------------------------------------------------


def test_bash_completes_names_as_typed(tmux: Tmux, env: dict[str, str]):
    (Path(env["HOME"]) / ".bashrc").write_text(f"PS1='{PROMPT}'\n", encoding="utf-8")
    pane = install(tmux, env, "bash")
    assert (Path(env["HOME"]) / ".bash_completions" / "dtr.sh").is_file()
    check_prefixes(pane)
    check_named_mentee(pane)
