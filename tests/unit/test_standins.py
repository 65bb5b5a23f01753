"""Modules imported with stand-ins for the modules they take functions of at import: the
module itself is never imported on the way, then imported whole when first called or
imported by anyone else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dtrcli import standins


@pytest.fixture
def modules(tmp_path: Path, monkeypatch) -> Path:
    """A module ``taker`` that takes ``shout`` of the module ``giver`` at import."""
    (tmp_path / "giver.py").write_text("def shout(text, end='!'):\n    return text.upper() + end\n")
    (tmp_path / "taker.py").write_text("from giver import shout\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("giver", "taker"):
        sys.modules.pop(name, None)


def test_a_module_is_imported_without_what_it_takes(modules: Path):
    taker = standins.imported("taker", {"giver": ("shout",)})
    assert "taker" in sys.modules and "giver" not in sys.modules
    assert taker.shout("hi", end="?") == "HI?"  # the function itself, imported now
    import giver  # type: ignore[import-not-found]

    assert giver.shout is not taker.shout and giver.shout("a") == "A!"
    assert standins.imported("taker", {}) is taker  # imported once


def test_a_module_already_imported_is_not_stood_in_for(modules: Path):
    import giver  # type: ignore[import-not-found]

    taker = standins.imported("taker", {"giver": ("shout",)})
    assert taker.shout is giver.shout


def test_dtr_s_listings_start_without_urllib_and_tempfile():
    """pathlib and platformdirs work as ever once dtr imported them with stand-ins."""
    code = (
        "import sys\n"
        "from dtrcli import standins\n"
        "pathlib = standins.pathlib()\n"
        "dirs = standins.platformdirs()\n"
        "dirs.user_cache_dir('dtr', appauthor=False)\n"
        "print(sorted({'urllib.parse', 'tempfile'} & set(sys.modules)))\n"
        "print(pathlib.Path('/a b/c').as_uri())\n"
        "import urllib.parse, tempfile\n"
        "print(urllib.parse.urlsplit('https://x/y').path, callable(tempfile.mkstemp))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "file:///a%20b/c", "/y True"]
