"""Output the commands share, for typer's path and the quick one (no typer here).

JSON on stdout, text for rich markup, the templates with their loading problems
warned about, and the views of every mentee cut to a screenful.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from dtrcli.conversation.schema import Template


def print_json(data: Any) -> None:
    """Data as JSON on stdout (json imported only by the commands that print it).

    json escapes C0 controls itself; DEL, C1 controls and the invisible format
    characters (``console.HIDDEN``) are written as ``\\uXXXX`` too, so the JSON
    holds the same data and is still safe to look at in a terminal.
    """
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(_json_hidden().sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
    sys.stdout.flush()


@functools.cache
def _json_hidden() -> re.Pattern[str]:
    """The characters json.dumps leaves as they are that are escaped anyway (outside
    its strings json writes only ASCII, so each is inside a string)."""
    from dtrcli.console import HIDDEN

    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(HIDDEN) if c >= 0x7F) + "]")


def markup_escape(text: object, lines: bool = False) -> str:
    """Text from a file for rich markup: shown through ``console.printable`` (on one
    line unless ``lines``), with rich's markup escaped."""
    from rich.markup import escape

    from dtrcli.console import printable

    return escape(printable(str(text), lines))


def templates() -> dict[str, Template]:
    """Every template dtr knows; each problem met loading them is warned about."""
    from dtrcli import console
    from dtrcli.conversation.templates import load_registry

    reg = load_registry()
    for problem in reg.problems:
        console.warn(problem)
    return reg.templates


def date_option(text: str | None, option: str) -> dt.date | None:
    """The date an option gives (``--date``, ``--since``), or None when it was left out."""
    if text is None:
        return None
    from dtrcli import dates

    return dates.parse(text, option)


def no_mentee(name: str) -> str:
    """The sentence for a mentee command on someone dtr does not know."""
    from dtrcli import shell

    return f"There is no mentee '{name}' yet; add one with: dtr mentee add {shell.quote(name)}"


def screenful(total: int) -> int | None:
    """How many rows of a listing fit the terminal stdout shows (None: not a terminal,
    print them all). Listings build only the rows they print."""
    from dtrcli import console

    if console.terminal_columns() is None:
        return None
    rows = screen_rows()
    return rows if total > rows else None


def screen_rows() -> int:
    """The rows of a listing a screenful holds (the terminal's lines, less four for the
    header and what is said under the table; five at least)."""
    from dtrcli import console

    return max(console.terminal_size().lines - 4, 5)


def kept_or_made(
    as_json: bool,
    forms: tuple[str, str],
    make: Callable[[bool, dt.date, list[Any], int | None], Any],
    show: Callable[[bool, Any], None],
) -> None:
    """Every mentee's rows (``due``, ``mentee list``): those the index keeps (module.duecache,
    under ``forms``: the table's, the JSON's) while nothing they are made from changed, else
    ``make(as_json, today, folders, shown)``'s, kept when made without a warning (a warning
    is said every time); shown with ``show(as_json, rows)``. On a terminal only the rows
    that fit are made (``shown``, see :func:`screenful`), and those are never kept."""
    from dtrcli import console, dates
    from dtrcli.notebook import paths

    today = dates.today()
    folders = paths.mentee_dirs()
    shown = None if as_json else screenful(len(folders))
    keeper = None
    if shown is None and folders:
        from dtrcli.module import duecache

        rows, keeper = duecache.lookup(forms[1] if as_json else forms[0], today, folders)
        if rows is not None:
            show(as_json, rows)
            return
    from dtrcli.module.due import uncollected

    said = console.said
    try:
        with uncollected():
            rows = make(as_json, today, folders, shown)
            if keeper is not None and console.said == said:
                keeper.store(rows)
            show(as_json, rows)
    finally:
        if keeper is not None:
            keeper.close()


def views_of(today: dt.date, folders: list[Any], shown: int | None) -> list[Any]:
    """The views of the first ``shown`` of every mentee's ``folders`` (all of them: None)."""
    from dtrcli.module import due

    return due.all_views(
        templates(), today, folders[:shown] if shown else folders, not shown, light=True
    )


def say_more(left: int, what: str) -> None:
    """The line under a listing cut to the terminal: how many more, and how to see them."""
    from dtrcli import console

    if left > 0:
        console.info(f"... and {console.count(left, what)} more (use --json, or a pipe, for all).")
