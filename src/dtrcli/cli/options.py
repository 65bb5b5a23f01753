"""What the command modules share: arguments and options, completion, and output.

Output here: JSON on stdout, a text either on stdout or in the file ``-o``
names (checked before any work is done), and the templates with their
loading problems warned about.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer
from typer._click.types import StringParamType

if TYPE_CHECKING:
    pass


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


F = TypeVar("F", bound=Callable[..., Any])


def profiles_locked(command: F) -> F:
    """Run a command that reads, changes and writes profiles under dtr's profile lock,
    so two at once (or a kick-off saving the meeting time) never lose each other's change."""

    @functools.wraps(command)
    def locked(*args: Any, **kwargs: Any) -> Any:
        from dtrcli.notebook import locks

        with locks.locked("profiles"):
            return command(*args, **kwargs)

    return cast(F, locked)
