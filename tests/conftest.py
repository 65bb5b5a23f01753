"""Shared fixtures: every test gets its own data home and config folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dtrcli import console
from dtrcli.notebook import index
from tests.support import homes
from tests.support.cli import run_dtr


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point DTR_HOME, the XDG folders and HOME into a temp dir; return DTR_HOME.

    The layout is ``tests.support.homes.folders``; none of the caller's editor,
    colour or DTR_ settings is seen.
    """
    for name in [name for name in os.environ if homes.foreign(name)]:
        monkeypatch.delenv(name)
    for name, value in homes.folders(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COLUMNS", "200")
    console.reset()
    index.reset()
    yield Path(os.environ["DTR_HOME"])
    console.reset()
    index.reset()


@pytest.fixture
def user_templates(tmp_path: Path) -> Path:
    """The user templates folder (XDG_CONFIG_HOME/dtr/templates), created."""
    folder = tmp_path / "config" / "dtr" / "templates"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def dtr() -> Callable[..., Result]:
    """Run dtr in-process as its console script does: dtr("history", "alice", input=...)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return run_dtr(runner, list(args), input)

    return invoke
