"""The root of the command line: ``dtr``, its options, and where each command lives.

Each command is in the module named in :data:`COMMANDS` and is imported
only when it runs (:class:`~dtrcli.cli.boundary.LazyGroup`); the one-line
help listed by ``dtr --help`` is kept here so that listing imports nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dtrcli import __version__
from dtrcli.cli.boundary import STATE, LazyGroup

# name -> (module of dtrcli.cli, one-line help), in the order --help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "kickoff": ("conversations", "Week 1: the module kick-off DTR."),
    "midmod": ("conversations", "Week 3 or 4: the mid-module follow-up."),
    "exit": ("conversations", "Week 6: the module exit DTR."),
    "checkin": ("conversations", "Every week: a one-minute check-in after the session."),
    "run": ("conversations", "Hold a conversation from any template."),
    "history": ("reading", "List notes, newest first."),
    "show": ("reading", "Read a note (the latest unless you say which)."),
    "drafts": ("reading", "Unfinished interviews and how to resume them."),
    "search": ("reading", "Find text in the notes."),
    "edit": ("reading", "Edit a note in your editor."),
    "share": ("sharing", "The mentee's copy of a note."),
    "summary": ("sharing", "The module's conversations side by side."),
    "export": ("sharing", "Export notes as JSON or Markdown."),
    "due": ("module", "Which conversations are due, for every mentee."),
    "followups": ("module", "Open follow-ups, oldest first."),
    "calendar": ("module", "The module as an iCalendar file."),
    "mentee": ("mentees", "Mentee profiles and key dates."),
    "templates": ("templates", "List, show and check question templates."),
}


class Dtr(LazyGroup):
    lazy = COMMANDS


app = typer.Typer(
    cls=Dtr,
    name="dtr",
    help="Guided notes for mentors' DTR (define the relationship) conversations.\n\n"
    "Run 'dtr kickoff NAME' in week 1, 'dtr midmod NAME' in week 3 or 4 and "
    "'dtr exit NAME' in week 6, 'dtr checkin NAME' after each week's session; "
    "'dtr history NAME' lists what you talked about.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dtr {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks on errors (for bug reports).")
    ] = False,
) -> None:
    from dtrcli import console, notices

    STATE["debug"] = debug
    notices.listen(console.notice)
    notices.listen_progress(console.progress)


def walk() -> list[tuple[list[str], Any]]:
    """Every command and group of dtr as (path, click command), dtr itself first, each
    built (for the generated reference and the tests of help texts)."""
    import typer.main

    found: list[tuple[list[str], Any]] = []

    def visit(command: Any, path: list[str]) -> None:
        found.append((path, command))
        ctx = typer.main._click.Context(command, info_name=" ".join(path))
        list_commands = getattr(command, "list_commands", None)
        for name in list_commands(ctx) if list_commands else []:
            visit(command.get_command(ctx, name), [*path, name])

    visit(typer.main.get_command(app), ["dtr"])
    return found
