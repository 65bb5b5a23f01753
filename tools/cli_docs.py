"""Write docs/cli.md from every dtr command's --help, and src/dtrcli/cli/roothelp.py
from ``dtr --help`` (``--check``: fail if either is stale).

Usage: python tools/cli_docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer.main
from docgen import write_or_check  # tools/docgen.py (this folder is on sys.path)

from dtrcli.cli.root import app, walk

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
ROOT_HELP = Path(__file__).resolve().parents[1] / "src" / "dtrcli" / "cli" / "roothelp.py"
WIDTH = 88
ROOT_WIDTH = 78  # click's width on a terminal of 80 columns or more, and to a pipe


def render() -> str:
    commands = walk()
    root = commands[0][1]
    parts = [
        "# Command reference",
        "",
        "Generated from each command's `--help` by `python tools/cli_docs.py`;",
        "CI fails when it is out of date.",
        "",
    ]
    for path, command in commands:
        settings = {**(command.context_settings or {}), **root.context_settings}
        settings.update(terminal_width=WIDTH, max_content_width=WIDTH)
        ctx = typer.main._click.Context(command, info_name=" ".join(path), **settings)
        text = command.get_help(ctx).rstrip()
        parts += [f"## {' '.join(path)}", "", "```text", text, "```", ""]
    return "\n".join(parts)


def help_text(command: object, path: list[str], width: int) -> str:
    """What ``dtr ... --help`` prints at ``width`` (click's help formatter)."""
    settings = {**(command.context_settings or {})}  # type: ignore[attr-defined]
    settings.update(terminal_width=width, max_content_width=width)
    ctx = typer.main._click.Context(command, info_name=" ".join(path), **settings)
    return str(command.get_help(ctx)) + "\n"  # type: ignore[attr-defined]


def render_root_help() -> str:
    """The module ``dtr --help`` is answered from before typer is imported."""
    text = help_text(typer.main.get_command(app), ["dtr"], ROOT_WIDTH)
    return (
        '"""What ``dtr --help`` prints at click\'s width of WIDTH columns, kept so that it is\n'
        "printed without importing typer (see dtrcli.cli.main).\n\n"
        "Generated from typer's own help by ``python tools/cli_docs.py``; CI fails when it is\n"
        'out of date.\n"""\n\n'
        f"WIDTH = {ROOT_WIDTH}\n"
        f"TEXT = (\n{_lines(text)})\n"
    )


def _lines(text: str) -> str:
    """Each line of ``text`` as a string literal, quoted as ruff format quotes it."""
    return "".join(f"    {_quoted(line)}\n" for line in text.splitlines(keepends=True))


def _quoted(line: str) -> str:
    quoted = repr(line)
    if quoted.startswith("'") and '"' not in line:
        quoted = '"' + quoted[1:-1].replace("\\'", "'") + '"'
    return quoted


def main() -> int:
    docs = write_or_check(DOC, render(), "python tools/cli_docs.py")
    root = write_or_check(ROOT_HELP, render_root_help(), "python tools/cli_docs.py")
    return docs or root


if __name__ == "__main__":
    sys.exit(main())
