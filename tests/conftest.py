"""Shared fixtures: every test gets its own data home and config folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dtrcli import console
from dtrcli.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point DTR_HOME and the XDG folders at a temp dir; return DTR_HOME."""
    dtr_home = tmp_path / "dtr-home"
    monkeypatch.setenv("DTR_HOME", str(dtr_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    console.reset()
    yield dtr_home
    console.reset()


@pytest.fixture
def user_templates(tmp_path: Path) -> Path:
    """The user templates folder (XDG_CONFIG_HOME/dtr/templates), created."""
    folder = tmp_path / "config" / "dtr" / "templates"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def dtr() -> Callable[..., Result]:
    """Run dtr in-process: dtr("history", "alice", input=...)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        console.reset()
        return runner.invoke(app, list(args), input=input, prog_name="dtr")

    return invoke
