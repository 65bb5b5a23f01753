"""Regular expressions compiled at their first use behave as re.compile's, and the note
format, its escapes, the YAML loader and the date parser compile none when imported."""

from __future__ import annotations

import re
import subprocess
import sys

from dtrcli.patterns import Pattern


def test_a_pattern_is_the_compiled_expression() -> None:
    lazy, compiled = (
        Pattern(r"(?P<word>[a-z]+)(\d*)", re.I),
        re.compile(r"(?P<word>[a-z]+)(\d*)", re.I),
    )
    for text in ("abc12 DEF", "", "12", "x1y2"):
        for method in ("match", "fullmatch", "search"):
            got, want = getattr(lazy, method)(text), getattr(compiled, method)(text)
            assert (got and got.groups()) == (want and want.groups()), (method, text)
        assert lazy.sub("<\\1>", text) == compiled.sub("<\\1>", text)
        assert lazy.findall(text) == compiled.findall(text)
        assert lazy.split(text) == compiled.split(text)
    assert (lazy.groups, lazy.groupindex, lazy.flags) == (
        compiled.groups,
        compiled.groupindex,
        compiled.flags,
    )
    assert lazy.pattern == compiled.pattern


def test_its_methods_are_the_compiled_ones_after_the_first_use() -> None:
    lazy = Pattern(r"a+")
    assert "match" not in vars(lazy)  # nothing compiled yet
    assert lazy.match("aa")
    assert vars(lazy)["match"] == re.compile(r"a+").match  # later uses: no detour


def test_importing_the_note_format_compiles_no_expression() -> None:
    code = (
        "import re, sys\n"
        "calls = []\n"
        "real = re.compile\n"
        "def compile(pattern, flags=0):\n"
        "    calls.append(sys._getframe(1).f_code.co_filename)\n"
        "    return real(pattern, flags)\n"
        "re.compile = compile\n"
        "import dtrcli.notebook.notes, dtrcli.notebook.names, dtrcli.dates\n"
        "import dtrcli.notebook.finding, dtrcli.notebook.listing, dtrcli.console\n"
        "assert 'dtrcli.notebook.noteformat' in sys.modules\n"
        "print('\\n'.join(c for c in calls if 'dtrcli' in c))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == "\n", proc.stdout
