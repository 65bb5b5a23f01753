"""What the command modules share: arguments and options, completion, and output.

Output here: JSON on stdout, a text either on stdout or in the file ``-o``
names (checked before any work is done), and the templates with their
loading problems warned about.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.types import StringParamType

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Template


def print_json(data: Any) -> None:
    """Data as JSON on stdout (json imported only by the commands that print it).

    json escapes C0 controls itself; DEL, C1 controls and the invisible format
    characters (``console.HIDDEN``) are written as ``\\uXXXX`` too, so the JSON
    holds the same data and is still safe to look at in a terminal.
    """
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    typer.echo(_json_hidden().sub(lambda m: f"\\u{ord(m.group()):04x}", text))


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


def complete_mentee(incomplete: str) -> list[tuple[str, str | None]]:
    """Shell completion of NAME: each mentee whose name or folder name begins with what
    is typed, in any case, with or without accents (spelt as ``names.offers`` says)."""
    from dtrcli.notebook import names

    return names.offers(incomplete)


def complete_archived(incomplete: str) -> list[tuple[str, str | None]]:
    """Shell completion of an archived mentee's NAME: the folders in the archive that
    begin with what is typed (any case, with or without accents)."""
    from dtrcli.notebook import paths

    start = paths.plain_spelling(incomplete)
    return [
        (f.name, None)
        for f in paths.archived_dirs()
        if paths.plain_spelling(f.name).startswith(start)
    ]


def complete_template(incomplete: str) -> list[tuple[str, str | None]]:
    """Shell completion of TEMPLATE: built-in and user template ids beginning with what is
    typed (any case), with each template's title as the description."""
    from dtrcli.conversation.templates import load_registry

    typed = incomplete.casefold()
    found = load_registry().templates
    return [(tid, found[tid].title) for tid in sorted(found) if tid.casefold().startswith(typed)]


class Completed(StringParamType):
    """Text completed by one of dtr's completers (above): its offers go to the shell as
    they are, not only those that begin with what was typed as typer's ``autocompletion``
    would keep, so 'zoe' can become 'zoë-ann-oneil'."""

    def __init__(
        self, complete: Callable[[str], list[tuple[str, str | None]]], what: str | None = None
    ) -> None:
        self.complete = complete
        self.what = what  # given: an empty value is refused ("the mentee name")

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        value = super().convert(value, param, ctx)
        if self.what and isinstance(value, str) and not value.strip():
            # "" is no name: never "every mentee", as leaving NAME out would be
            self.fail(f"{self.what} is empty; give a name such as 'alice'.", param, ctx)
        return value

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        try:
            return [CompletionItem(value, help=help) for value, help in self.complete(incomplete)]
        except Exception:  # noqa: BLE001 - completion must never print an error into the shell
            return []


MENTEE = Completed(complete_mentee, "The mentee name")
ARCHIVED = Completed(complete_archived, "The mentee name")
TEMPLATE = Completed(complete_template)

NameArg = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        click_type=MENTEE,
        help='The mentee\'s name, e.g. alice or "Alice Smith" (notes go in a folder named '
        "after it, e.g. alice-smith).",
        show_default=False,
    ),
]


def optional_name(help_text: str) -> Any:
    """A NAME argument that may be left out (``help_text`` says what that means)."""
    return typer.Argument(metavar="NAME", help=help_text, show_default=False, click_type=MENTEE)


EveryMenteeArg = Annotated[str | None, optional_name("The mentee (default: every mentee).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of standard output (a new file, outside dtr's notes folder).",
    ),
]
# --output names that mean standard output itself (whatever it is connected to).
STDOUT_NAMES = ("-", "/dev/stdout")
ForceOpt = Annotated[
    bool, typer.Option("--force", help="With --output: replace FILE if it already exists.")
]


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


def check_output(output: Path | None, force: bool) -> None:
    """Refuse a bad ``-o`` before any work is done."""
    if output is not None and str(output) not in STDOUT_NAMES:
        from dtrcli.notebook import outputs

        outputs.check_output(output, force=force)


def write_text(text: str, output: Path | None, force: bool, done: str | None = None) -> None:
    """``text`` on stdout, or in the file ``-o`` names (``done``: what to say then)."""
    if output is None or str(output) in STDOUT_NAMES:
        typer.echo(text, nl=False, color=True)  # as it is: click would strip escape sequences
        return
    from dtrcli import console
    from dtrcli.notebook import outputs

    outputs.write_output(output, text.encode("utf-8"), force=force)
    console.info(done or f"Wrote {output}.")


def no_mentee(name: str) -> str:
    """The sentence for a mentee command on someone dtr does not know."""
    from dtrcli import shell

    return f"There is no mentee '{name}' yet; add one with: dtr mentee add {shell.quote(name)}"


def screenful(total: int) -> int | None:
    """How many rows of a listing fit the terminal stdout shows (None: not a terminal,
    print them all). Listings build only the rows they print."""
    import shutil

    from dtrcli import console

    if console.terminal_columns() is None:
        return None
    rows = max(shutil.get_terminal_size().lines - 4, 5)
    return rows if total > rows else None


def mentee_views(as_json: bool) -> tuple[Any, list[Any], int]:
    """(today, the views of every mentee, how many mentees there are) for ``due`` and
    ``mentee list``: on a terminal only the views that fit it are built (see
    :func:`screenful`); JSON and pipes get every mentee."""
    from dtrcli import dates
    from dtrcli.module import due
    from dtrcli.notebook import paths

    today = dates.today()
    folders = paths.mentee_dirs()
    shown = None if as_json else screenful(len(folders))
    return (
        today,
        due.all_views(
            templates(), today, folders[:shown] if shown else folders, not shown, light=True
        ),
        len(folders),
    )


def say_more(left: int, what: str) -> None:
    """The line under a listing cut to the terminal: how many more, and how to see them."""
    from dtrcli import console

    if left > 0:
        console.info(f"... and {console.count(left, what)} more (use --json, or a pipe, for all).")
