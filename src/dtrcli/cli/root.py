"""The root of the command line: ``dtr``, its options, and where each command lives.

Each command is in the module named in :data:`COMMANDS` and is imported
only when it runs (:class:`~dtrcli.cli.boundary.LazyGroup`); the one-line
help listed by ``dtr --help`` is kept here so that listing imports nothing.
"""

# No `from __future__ import annotations`: typer reads the annotations of the root's
# options on every run, and strings would be evaluated then (twice).
from typing import Annotated, Any

import typer

from dtrcli import __version__
from dtrcli.cli.boundary import ARGS, LazyGroup

# name -> (module of dtrcli.cli, one-line help), in the order --help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "kickoff": ("conversations", "Week 1: the module kick-off DTR."),
    "midmod": ("conversations", "Week 3 or 4: the mid-module follow-up."),
    "exit": ("conversations", "Week 6: the module exit DTR."),
    "checkin": ("conversations", "Every week: a one-minute check-in after the session."),
    "run": ("conversations", "Hold a conversation from any template."),
    "note": ("conversations", "A quick dated note between conversations."),
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
    "calendar": ("calendars", "The module as an iCalendar file; a program's calendar read in."),
    "mentee": ("mentees", "Mentee profiles and key dates."),
    "templates": ("templates", "List, show and check question templates."),
    "sync": ("sync", "Sync the notes with your other machines through git."),
    "encrypt": ("encryption", "Keep the notes encrypted on disk (age files)."),
    "program": ("program", "Your shared notes as a bundle; many mentors' bundles as one report."),
}


COMPLETION_OPTIONS = ("--install-completion", "--show-completion")
SHELL = "dtr.completion.shell"  # ctx.meta: the shell named after one of them


class Dtr(LazyGroup):
    lazy = COMMANDS

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """'dtr --install-completion zsh' (or '=zsh'): the word after a completion option
        names the shell (a click flag takes no value, so it is taken out here)."""
        for at, arg in enumerate(args):
            option, equals, named = arg.partition("=")
            if option in COMPLETION_OPTIONS:
                after = args[at + 1] if at + 1 < len(args) else ""
                if equals:
                    ctx.meta[SHELL] = named or None
                    args = [*args[:at], option, *args[at + 1 :]]
                elif after[:1] not in ("", "-") and after not in self.lazy:
                    ctx.meta[SHELL] = after
                    args = [*args[: at + 1], *args[at + 2 :]]
                break
            if not arg.startswith("-"):  # a command: the rest is its own
                break
        return super().parse_args(ctx, args)

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        """A shell asking for completions is answered by dtr's own (cli/completion.py)."""
        import os

        var = complete_var or "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())
        if os.environ.get(var):
            from dtrcli.cli import completion, resume_collector

            resume_collector()  # as before a command: completing may read every profile
            completion.answer(self, ctx_args, prog_name, var)


app = typer.Typer(
    cls=Dtr,
    name="dtr",
    help="Guided notes for mentors' DTR (define the relationship) conversations.\n\n"
    "Run 'dtr kickoff NAME' in week 1, 'dtr midmod NAME' in week 3 or 4 and "
    "'dtr exit NAME' in week 6, 'dtr checkin NAME' after each week's session; "
    "'dtr history NAME' lists what you talked about.",
    no_args_is_help=True,
    add_completion=False,  # dtr's own --install-completion and --show-completion, below
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dtr {__version__}")
        raise typer.Exit()


def _completion(ctx: typer.Context, param: typer.CallbackParam, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from dtrcli.cli import completion

        which = "show" if param.name == "show_completion" else "install"
        completion.option(ctx, which, ctx.meta.get(SHELL))


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks on errors (for bug reports).")
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_completion,
            expose_value=False,
            help="Install tab completion for your shell, or the one named after it "
            "(bash, zsh, fish, powershell).",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=_completion,
            expose_value=False,
            help="Print the completion script for your shell, or the one named after it, "
            "to install it yourself.",
        ),
    ] = False,
) -> None:
    from dtrcli.cli import guard

    rest = ctx.meta.get(ARGS, [])
    guard.begin(ctx.invoked_subcommand, rest, debug, completing=ctx.resilient_parsing)


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
