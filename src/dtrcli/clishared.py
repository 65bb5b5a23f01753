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

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DtrError as exc:
            if STATE["debug"]:
                raise
            _fail(str(exc), exc.exit_code)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            if STATE["debug"] or exc.__class__.__module__.startswith("typer"):
                raise
            _fail(
                f"dtr stopped on an unexpected problem ({exc.__class__.__name__}: {exc}); "
                "run it again with --debug to see the details.",
                1,
            )


def _fail(message: str, code: int) -> None:
    from dtrcli import console

    if code == 130:  # the mentor stopped on purpose (Ctrl-C): not an error
        console.info(message)
    else:
        console.error(message)
    raise typer.Exit(code)


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
ForceOpt = Annotated[
    bool, typer.Option("--force", help="With --output: replace FILE if it already exists.")
]
