"""What every command module shares: the error boundary and common arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from dtrcli.errors import DtrError

STATE = {"debug": False}


class DtrGroup(TyperGroup):
    """Turns every DtrError (and any surprise) into one sentence and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """A usage mistake (a missing NAME, an unknown command or option) is bad input like
        any other: one sentence, exit status 1 (click's own would be a usage block and 2)."""
        from typer._click import exceptions as click_exceptions

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_exceptions.NoArgsIsHelpError as exc:  # plain 'dtr' or 'dtr mentee'
            typer.echo(exc.format_message())
            code = 0
        except click_exceptions.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "dtr"
            message = exc.format_message().rstrip(".")
            see = f"see '{where} --help'."
            _report(
                f"{message} {see.capitalize()}" if message.endswith("?") else f"{message}; {see}"
            )
            code = 1
        except click_exceptions.ClickException as exc:
            _report(exc.format_message())
            code = 1
        except typer.Abort:
            code = 130
        if not standalone_mode:
            return code
        raise SystemExit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DtrError as exc:
            if STATE["debug"]:
                raise
            _fail(str(exc), exc.exit_code)
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            _closed_pipe()
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            if STATE["debug"] or exc.__class__.__module__.startswith("typer"):
                raise
            _fail(
                f"dtr stopped on an unexpected problem ({exc.__class__.__name__}: {exc}); "
                "run it again with --debug to see the details.",
                1,
            )


def _closed_pipe() -> None:
    """The reader of stdout went away (``dtr history | head -1``): stop quietly.

    Exit status 1 and no message, as rich does for the tables it prints and as
    Python's documentation suggests, with stdout pointed at /dev/null so Python's
    own flush at exit does not complain again.
    """
    import os
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(1)


def _fail(message: str, code: int) -> None:
    _report(message, code)
    raise typer.Exit(code)


def _report(message: str, code: int = 1) -> None:
    from dtrcli import console

    if code == 130:  # the mentor stopped on purpose (Ctrl-C): not an error
        console.info(message)
    else:
        console.error(message)


def json_text(data: Any, **options: Any) -> str:
    """json.dumps, with json imported only by the commands that print JSON."""
    import json

    return json.dumps(data, **options)


def markup_escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def complete_mentee(incomplete: str) -> list[str]:
    """Shell completion of NAME: the mentee folders that start with what is typed."""
    from dtrcli import store

    try:
        typed = incomplete.casefold()
        return [p.name for p in store.mentee_dirs() if p.name.startswith(typed)]
    except Exception:  # noqa: BLE001 - completion must never print an error into the shell
        return []


def complete_template(incomplete: str) -> list[str]:
    """Shell completion of TEMPLATE: built-in and user template ids."""
    try:
        from dtrcli.templates import load_registry

        return sorted(t for t in load_registry().templates if t.startswith(incomplete))
    except Exception:  # noqa: BLE001 - completion must never print an error into the shell
        return []


NameArg = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        autocompletion=complete_mentee,
        help='The mentee\'s name, e.g. alice or "Alice Smith" (notes go in a folder named '
        "after it, e.g. alice-smith).",
        show_default=False,
    ),
]
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
