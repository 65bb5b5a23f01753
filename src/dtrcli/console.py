"""The screen: data to stdout, messages to stderr, colour only on a terminal.

Listings (history, due, mentee list ...) are plain aligned columns written
here without rich, so the commands run most often start fast; rich is loaded
only for what needs it (rendered Markdown, the interview, highlighted search
results). ``NO_COLOR`` turns colour off.

Everything read from files (titles, names, answers, labels, templates, file
names, messages quoting them) is shown through :func:`printable`, so a note
edited by hand cannot clear the screen, set the window title or reverse the
text around it.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from itertools import repeat

from dtrcli.notices import count as count
from dtrcli.visible import HIDDEN as HIDDEN
from dtrcli.visible import printable as printable

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console

_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "reverse": "7"}


def piped() -> bool:
    """Whether stdout is data (a file or a pipe, and no COLUMNS): not wrapped at 80 columns."""
    return not sys.stdout.isatty() and "COLUMNS" not in os.environ


@cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, width=200 if piped() else None)


@cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def reset() -> None:
    """Forget the consoles (tests swap sys.stdout/sys.stderr between runs)."""
    out.cache_clear()
    err.cache_clear()
    _warned.clear()


def _colour(stream: object) -> bool:
    """Colour on a terminal; never with NO_COLOR; always with FORCE_COLOR (even to a pipe);
    not on a dumb terminal (TERM=dumb)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if dumb():
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def dumb() -> bool:
    """TERM=dumb: a terminal that understands no escapes and may not draw boxes."""
    return os.environ.get("TERM") == "dumb"


def box() -> Any:
    """The lines rich draws tables with: plain ASCII on a dumb terminal."""
    from rich import box as boxes

    return boxes.ASCII if dumb() else boxes.HEAVY_HEAD


def rule_characters() -> str:
    return "-" if dumb() else "─"


def paint(text: str, style: str | None, stream: object) -> str:
    if not style or not _colour(stream):
        return text
    return _painted(text, style)


def _painted(text: str, style: str) -> str:
    codes = _codes(style)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


@cache
def _codes(style: str) -> str:
    """The escape codes of a style ("bold reverse": "1;7"), worked out once a run."""
    return ";".join(_ANSI[s] for s in style.split() if s in _ANSI)


def painter(stream: object) -> Callable[[str, str | None], str]:
    """:func:`paint` for ``stream`` with whether to colour decided once, at this call (a
    listing paints thousands of parts): ``painter(stream)(text, style)``."""
    if not _colour(stream):
        return _unpainted
    return lambda text, style: _painted(text, style) if style else text


def _unpainted(text: str, style: str | None) -> str:
    return text


_warned: set[str] = set()


def warn(message: str) -> None:
    """A warning on stderr, once per run however many times the same file is read."""
    if message in _warned:
        return
    _warned.add(message)
    _say("warning:", "yellow", message)


def notice(level: str, message: str) -> None:
    """Where the core's messages (:mod:`dtrcli.notices`) are printed."""
    if level == "warning":
        warn(message)
    else:
        info(message)


def info(message: str) -> None:
    _say("", None, message)


def error(message: str) -> None:
    _say("error:", "red", message)


said = 0  # messages written on stderr in this run (due keeps only rows made without one)


def _say(label: str, style: str | None, message: str) -> None:
    """A message on stderr; in a terminal, lines break between words, not inside them."""
    global said
    said += 1
    message = printable(message, lines=True)
    text = f"{label} {message}" if label else message
    try:
        terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:
        columns = terminal_size().columns
        if any(width(line) > columns for line in text.split("\n")):
            import textwrap  # only here: most messages fit on a line

            text = "\n".join(
                textwrap.fill(line, columns, break_long_words=False, break_on_hyphens=False)
                if width(line) > columns
                else line
                for line in text.split("\n")
            )
    if label:
        text = paint(label, style, sys.stderr) + text[len(label) :]
    print(text, file=sys.stderr)


def width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters count 2)."""
    if text.isascii():
        return len(text)
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def terminal_columns() -> int | None:
    """The width of the terminal stdout is shown in; None when it goes to a file or pipe."""
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return terminal_size().columns


def terminal_size() -> os.terminal_size:
    """``shutil.get_terminal_size()``, without importing shutil (nor the compression
    modules it imports): COLUMNS and LINES where they are whole numbers above 0, else the
    size of the terminal of ``sys.__stdout__``, else 80 by 24."""
    found = []
    for name in ("COLUMNS", "LINES"):
        try:
            found.append(int(os.environ[name]))
        except (KeyError, ValueError):
            found.append(0)
    columns, lines = found
    if columns <= 0 or lines <= 0:
        try:
            size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # none, closed, not a terminal
            size = os.terminal_size((80, 24))
        columns = columns if columns > 0 else size.columns or 80
        lines = lines if lines > 0 else size.lines or 24
    return os.terminal_size((columns, lines))


def table_width(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """How wide :func:`table` would print these rows."""
    widths = [width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(str(cell)))
    return sum(widths) + 2 * (len(widths) - 1)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Sequence[Sequence[str | None]] | None = None,
    shrink: int | None = None,
) -> None:
    """Print aligned columns to stdout: a bold header line, then one line per row.

    ``shrink``: the column cut short (with "…") when the rows are wider than the
    terminal, so no line wraps in the middle of a word; files and pipes get it whole.
    Cells are shown through :func:`printable`, on one line each.
    """
    columns = list(zip(*rows, strict=True)) or [() for _ in headers]
    table_of_columns(headers, columns, styles, shrink)


def table_of_columns(
    headers: Sequence[str],
    cells: Sequence[Sequence[object]],
    styles: Sequence[Sequence[str | None]] | None = None,
    shrink: int | None = None,
) -> None:
    """:func:`table` of the rows whose cells ``cells`` holds a column at a time (each
    column as long as the others): what a listing of many rows gives without making a
    list for each row."""
    count = len(headers)
    # A column at a time: most columns are plain ASCII text, checked at once in C (and
    # each column joined once: whether it is ASCII is then known, as wide as long).
    shown = [_shown(column) for column in cells]
    columns = [column for column, _ in shown]
    plain = [ascii for _, ascii in shown]
    size = len(columns[0]) if columns else 0  # rows
    terminal = terminal_columns() if shrink is not None else None
    if terminal is not None and shrink is not None:
        over = _width_of(headers, columns, plain) - terminal
        if over > 0:
            cut = columns[shrink]
            room = max(width(headers[shrink]), 12, _widest(cut, plain[shrink]) - over)
            columns[shrink] = [_cut(cell, room) for cell in cut]
            plain[shrink] = "".join(columns[shrink]).isascii()
    widths = [
        max(width(h), _widest(column, ascii))
        for h, column, ascii in zip(headers, columns, plain, strict=True)
    ]
    colour = _colour(sys.stdout)  # asked once, not once per cell
    last = count - 1

    def line(values: Sequence[str], row_styles: Sequence[str | None]) -> str:
        parts = []
        for i, value in enumerate(values):
            style = row_styles[i] if colour else None
            parts.append(paint(value, style, sys.stdout) if style else value)
            if i < last:
                parts.append(" " * (widths[i] - width(value) + 2))
        return "".join(parts).rstrip()

    write = sys.stdout.write
    head = line(headers, ["bold"] * count)
    if colour and styles:  # painted rows (a terminal): a line at a time
        lines = [head]
        for row, row_styles in zip(zip(*columns, strict=True), styles, strict=True):
            lines.append(line(row, row_styles))  # written a thousand lines at a time
            if len(lines) >= 1000:
                write("\n".join(lines) + "\n")
                lines.clear()
        write("\n".join(lines) + "\n")
        return
    # Plain rows: each column padded to its width a thousand rows at a time, then joined.
    first = [head]
    for start in range(0, size, 1000):
        padded = []
        for i, column in enumerate(columns):
            part = column[start : start + 1000]
            room = widths[i] + 2
            if i == last:
                padded.append(part)
            elif plain[i]:  # as wide as long: padded in C, not a cell at a time in Python
                padded.append(list(map(str.ljust, part, repeat(room, len(part)))))
            else:
                padded.append([cell + " " * (room - width(cell)) for cell in part])
        joined = map(str.rstrip, map("".join, zip(*padded, strict=True)))
        write("\n".join([*first, *joined]) + "\n")
        first = []
    if first:
        write(head + "\n")


def _shown(column: Sequence[object]) -> tuple[list[str], bool]:
    """A column's cells as text shown on one line each (printable), and whether they are
    all ASCII."""
    # Cells that are all text already (most columns) are only copied, not each made text.
    cells: list[str] = (
        list(column)  # type: ignore[arg-type]  # each is a str: just checked
        if set(map(type, column)) <= {str}
        else list(map(str, column))
    )
    text = "".join(cells)
    if text.isprintable():
        return cells, text.isascii()
    cells = list(map(printable, cells))
    return cells, "".join(cells).isascii()


def _widest(column: Sequence[str], ascii: bool) -> int:
    """The width of a column's widest cell (``ascii``: whether all its cells are)."""
    if not column:
        return 0
    return max(map(len, column)) if ascii else max(map(width, column))


def _width_of(
    headers: Sequence[str], columns: Sequence[Sequence[str]], plain: Sequence[bool]
) -> int:
    """How wide :func:`table` prints these columns (``plain``: whether each is ASCII)."""
    sizes = [
        max(width(h), _widest(column, ascii))
        for h, column, ascii in zip(headers, columns, plain, strict=True)
    ]
    return sum(sizes) + 2 * (len(sizes) - 1)


def _cut(text: str, room: int) -> str:
    if width(text) <= room:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > room - 1:
            break
        out += ch
    return out.rstrip() + "…"


def table_or_blocks(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Sequence[Sequence[str | None]] | None = None,
) -> None:
    """A :func:`table`, or, in a terminal too narrow for it, one block per row: the first
    cell in bold, then a line per field. Files and pipes always get the table."""
    rows = [[printable(str(c)) for c in row] for row in rows]
    columns = terminal_columns()
    if columns is None or table_width(headers, rows) <= columns:
        table(headers, rows, styles)
        return
    label = max(width(h) for h in headers[1:])
    lines: list[str] = []
    for index, row in enumerate(rows):
        row_styles = styles[index] if styles else [None] * len(row)
        if lines:
            lines.append("")
        lines.append(paint(str(row[0]), "bold", sys.stdout))
        for head, cell, style in zip(headers[1:], row[1:], row_styles[1:], strict=True):
            pad = " " * (label - width(head))
            lines.append(f"  {head}{pad}  {paint(str(cell), style, sys.stdout)}")
    sys.stdout.write("\n".join(lines) + "\n")
