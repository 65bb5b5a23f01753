"""console.table (and table_of_columns, its rows given a column at a time), which pads a
column at a time, prints exactly what padding each line cell by cell prints: wide and
combining characters, controls, empty and trailing cells, colour on and off, the column
cut on a narrow terminal."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dtrcli import console
from dtrcli.console import _colour, _cut, paint, printable, table_width, terminal_columns, width


def reference_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Sequence[Sequence[str | None]] | None = None,
    shrink: int | None = None,
) -> None:
    """The table as it was printed a line at a time, cell by cell."""
    cells = [[printable(str(c)) for c in row] for row in rows]
    columns = terminal_columns() if shrink is not None else None
    if columns is not None and shrink is not None:
        over = table_width(headers, cells) - columns
        if over > 0:
            room = max(
                width(headers[shrink]), 12, max((width(r[shrink]) for r in cells), default=0) - over
            )
            for row in cells:
                row[shrink] = _cut(row[shrink], room)
    widths = [width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))
    colour = _colour(sys.stdout)
    last = len(headers) - 1

    def line(values: Sequence[str], used: Sequence[int], row_styles: Sequence[str | None]) -> str:
        parts = []
        for i, value in enumerate(values):
            style = row_styles[i] if colour else None
            parts.append(paint(value, style, sys.stdout) if style else value)
            if i < last:
                parts.append(" " * (widths[i] - used[i] + 2))
        return "".join(parts).rstrip()

    lines = [line(headers, [width(h) for h in headers], ["bold"] * len(headers))]
    plain: list[str | None] = [None] * len(headers)
    for index, row in enumerate(cells):
        lines.append(line(row, [width(c) for c in row], styles[index] if styles else plain))
    sys.stdout.write("\n".join(lines) + "\n")


class Screen(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def printed(monkeypatch: pytest.MonkeyPatch, terminal: bool, how, *args) -> str:
    screen = Screen(terminal)
    monkeypatch.setattr(sys, "stdout", screen)
    how(*args)
    return screen.getvalue()


# Letters, wide (CJK, emoji) and combining characters, spaces of other kinds, controls.
CELL = st.text(alphabet=st.sampled_from(list("ab Zé\u0301漢😀\t\n\x1b\u202e\u00a0\u3000-")))
STYLE = st.sampled_from([None, "bold", "dim", "red", "bold red", "yellow"])


@settings(max_examples=200, deadline=None)
@given(
    headers=st.lists(st.text(alphabet="abc é", min_size=1, max_size=6), min_size=1, max_size=4),
    data=st.data(),
    terminal=st.booleans(),
    columns=st.integers(min_value=10, max_value=60),
)
def test_the_same_lines_as_cell_by_cell(headers, data, terminal, columns):
    rows = data.draw(
        st.lists(st.lists(CELL, min_size=len(headers), max_size=len(headers)), max_size=8)
    )
    styles = data.draw(
        st.none()
        | st.lists(
            st.lists(STYLE, min_size=len(headers), max_size=len(headers)),
            min_size=len(rows),
            max_size=len(rows),
        )
    )
    shrink = data.draw(st.none() | st.integers(min_value=0, max_value=len(headers) - 1))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COLUMNS", str(columns))
        env.delenv("NO_COLOR", raising=False)
        env.delenv("FORCE_COLOR", raising=False)
        env.delenv("TERM", raising=False)
        want = printed(env, terminal, reference_table, headers, rows, styles, shrink)
        got = printed(env, terminal, console.table, headers, rows, styles, shrink)
        cells = [[row[i] for row in rows] for i in range(len(headers))]  # a column at a time
        by_columns = printed(
            env, terminal, console.table_of_columns, headers, cells, styles, shrink
        )
    assert got == want
    assert by_columns == want


def test_thousands_of_rows_are_the_same_lines(monkeypatch):
    rows = [
        [f"2026-11-{n % 28 + 1:02d}", "Zoë" if n % 7 else "Ann", "x" * (n % 13), ""]
        for n in range(2500)
    ]
    headers = ["date", "mentee", "title", "sync"]
    want = printed(monkeypatch, False, reference_table, headers, rows)
    assert printed(monkeypatch, False, console.table, headers, rows) == want
    cells = [list(column) for column in zip(*rows, strict=True)]
    assert printed(monkeypatch, False, console.table_of_columns, headers, cells) == want
    assert want.count("\n") == 2501


def test_cells_are_shown_as_str_gives_them(monkeypatch):
    """Text cells are only copied, but any other cell (a number, text with its own str)
    is shown as str() gives it."""

    class Kind(str):
        def __str__(self) -> str:
            return "shown"

    out = printed(monkeypatch, False, console.table, ["kind", "n"], [[Kind("raw"), 7], ["x", 10]])
    assert out == "kind   n\nshown  7\nx      10\n"


@pytest.mark.parametrize("columns", [None, "100", "0", "-3", "wide", " 90 "])
@pytest.mark.parametrize("lines", [None, "30", "0", "x"])
@pytest.mark.parametrize("screen", [None, (132, 43), (0, 0)])
def test_the_terminal_size_is_shutil_s(monkeypatch, columns, lines, screen):
    """console.terminal_size answers as shutil.get_terminal_size (which dtr's listings do
    without importing): COLUMNS and LINES, else the terminal of stdout, else 80 by 24."""
    import fcntl
    import os
    import shutil
    import struct
    import termios

    for name, value in (("COLUMNS", columns), ("LINES", lines)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    leader, follower = os.openpty()
    try:
        if screen is not None:
            size = struct.pack("HHHH", screen[1], screen[0], 0, 0)
            fcntl.ioctl(follower, termios.TIOCSWINSZ, size)
        with open(follower, "w", closefd=False) if screen else open(os.devnull, "w") as out:
            monkeypatch.setattr(sys, "__stdout__", out)  # a terminal, or not one
            assert console.terminal_size() == shutil.get_terminal_size()
        monkeypatch.setattr(sys, "__stdout__", None)
        assert console.terminal_size() == shutil.get_terminal_size()
    finally:
        os.close(leader)
        os.close(follower)
