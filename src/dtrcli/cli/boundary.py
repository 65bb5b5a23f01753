"""The one exit point: every DtrError (and any surprise) becomes one sentence and an
exit code here, and nowhere else.

:class:`DtrGroup` is the click group of dtr and of its command groups. Its
``main`` turns click's usage errors into one line and exit 1; its ``invoke``
turns a :class:`DtrError` into "error: ..." on stderr and its exit code (a
stop on purpose, exit 130, is said without "error:"), and a closed stdout
pipe into a quiet end. :class:`LazyGroup` builds a command only when it is
run, so ``dtr --help`` and each command start without building the others.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

from dtrcli.cli.guard import ended, report


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
            report(
                f"{message} {see.capitalize()}" if message.endswith("?") else f"{message}; {see}"
            )
            code = 1
        except click_exceptions.ClickException as exc:
            report(exc.format_message())
            code = 1
        except typer.Abort:
            code = 130
        if not standalone_mode:
            return code
        raise SystemExit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            if exc.__class__.__module__.startswith("typer"):
                raise  # click's own usage errors: DtrGroup.main says them
            raise typer.Exit(ended(exc)) from None  # said in one sentence (or, --debug, raised)


ARGS = "dtr.command.args"  # ctx.meta: what follows the command's name


class LazyGroup(DtrGroup):
    """dtr's top level: each command is imported and built the first time it is needed.

    ``lazy`` maps a command's name to the module of ``dtrcli.cli`` that holds it and
    its one-line help, which ``dtr --help`` lists without importing anything (a test
    checks each line against the command's own help). A module holding a command
    group has an ``app`` that is the group; any other holds its commands in ``app``.
    """

    lazy: dict[str, tuple[str, str]] = {}
    commands: dict[str, Any]

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(n for n in self.lazy if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.commands[cmd_name] = build(cmd_name, self.lazy[cmd_name][0])
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """A typo is matched against every command, built or not ("Did you mean ...?")."""
        import difflib

        from typer._click import exceptions as click_exceptions

        ctx.meta[ARGS] = list(args[1:])  # the command's own (its --help, for the root)
        try:
            return self._click_resolve_command(ctx, args)
        except click_exceptions.UsageError as exc:
            matches = difflib.get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                names = ", ".join(repr(m) for m in matches)
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {names}?"
            raise

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Tab completion of a command name: each with its one-line help, none built."""
        from typer._click.core import Command
        from typer._click.shell_completion import CompletionItem

        found = [
            CompletionItem(name, help=self._help(name))
            for name in self.list_commands(ctx)
            if name.startswith(incomplete)
        ]
        return found + Command.shell_complete(self, ctx, incomplete)  # the options

    def _help(self, name: str) -> str:
        if name in self.lazy:
            return self.lazy[name][1]
        return str(self.commands[name].get_short_help_str(limit=200))

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [
            (
                name,
                self.lazy[name][1]
                if name in self.lazy
                else self.commands[name].get_short_help_str(),
            )
            for name in self.list_commands(ctx)
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def build(name: str, module: str) -> Any:
    """The click command ``name`` from the typer app of ``dtrcli.cli.<module>``."""
    import typer.main

    app = importlib.import_module(f"dtrcli.cli.{module}").app
    if app.info.name == name:  # a command group
        _evaluate_group(app)
        group = typer.main.get_group(app)
        group.name = name
        return group
    for info in app.registered_commands:
        callback_name = info.callback.__name__ if info.callback else ""
        if (info.name or callback_name.replace("_", "-")) == name:
            _evaluate(info.callback)
            return typer.main.get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=None
            )
    raise LookupError(f"dtrcli.cli.{module} has no command {name!r}")  # pragma: no cover


def _evaluate(callback: Any) -> None:
    """A command's annotations evaluated, once: typer reads them twice (the signature,
    then the type hints) and would evaluate each annotation a module's ``from __future__
    import annotations`` leaves as a string both times (the annotations are the same)."""
    import inspect

    found = getattr(callback, "__annotations__", None)
    if found and any(isinstance(value, str) for value in found.values()):
        callback.__annotations__ = inspect.get_annotations(callback, eval_str=True)


def _evaluate_group(app: Any) -> None:
    """:func:`_evaluate` for every command of a group, its own options and its groups."""
    if app.registered_callback is not None:
        _evaluate(app.registered_callback.callback)
    for info in app.registered_commands:
        _evaluate(info.callback)
    for group in app.registered_groups:
        _evaluate_group(group.typer_instance)
