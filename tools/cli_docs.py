"""Write docs/cli.md from every dtr command's --help (``--check``: fail if it is stale).

Usage: python tools/cli_docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer.main
from docgen import write_or_check  # tools/docgen.py (this folder is on sys.path)

from dtrcli.cli.root import walk

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
WIDTH = 88


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


def main() -> int:
    return write_or_check(DOC, render(), "python tools/cli_docs.py")


if __name__ == "__main__":
    sys.exit(main())
