"""Modules imported with stand-ins for the modules they take functions of at import: the
module itself is never imported on the way, then imported whole when first called or
imported by anyone else."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dtrcli import standins
from tests.support.fresh import lines_printed


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
    out = lines_printed(code)
    assert out == ["[]", "file:///a%20b/c", "/y True"]


def test_a_name_the_stand_in_lacks_is_taken_from_the_module_itself(modules: Path):
    (modules / "taker.py").write_text("from giver import shout, whisper\n")
    (modules / "giver.py").write_text(
        "def shout(text):\n    return text.upper()\n\ndef whisper(text):\n    return text.lower()\n"
    )
    taker = standins.imported("taker", {"giver": ("shout",)})
    assert "giver" in sys.modules  # whisper: the stand-in has none, so giver was imported
    assert taker.whisper("HI") == "hi" and taker.shout("hi") == "HI"
    import giver  # type: ignore[import-not-found]

    assert taker.whisper is giver.whisper


def test_the_width_of_every_character_is_wcwidths():
    """prompt_toolkit's stand-in for wcwidth.wcwidth: printable ASCII without wcwidth,
    every other character (controls, accents, wide, combining) as wcwidth says."""
    import wcwidth

    chars = [chr(c) for c in range(0x300)] + list("漢字ë́\u200b\u00ad😀\u3000")
    assert [standins.cells(c) for c in chars] == [wcwidth.wcwidth(c) for c in chars]


def test_the_prompts_draw_ascii_without_importing_wcwidth():
    code = (
        "import sys\n"
        "from dtrcli import standins\n"
        "standins.prompt_toolkit()\n"
        "from prompt_toolkit.utils import get_cwidth\n"
        "import questionary\n"
        "print(get_cwidth('? [1/22] What names do you use? (Enter to skip)'))\n"
        "print('wcwidth' in sys.modules)\n"
        "print(get_cwidth('Zoë 漢字'))\n"
        "import wcwidth\n"
        "print('wcwidth' in sys.modules, wcwidth.wcswidth('Zoë 漢字'))\n"
    )
    out = lines_printed(code)
    assert out == ["47", "False", "8", "True 8"]
