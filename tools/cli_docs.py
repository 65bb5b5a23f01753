"""Write docs/cli.md from every dtr command's --help (``--check``: fail if it is stale).

Usage: python tools/cli_docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer.main

from dtrcli.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
WIDTH = 88


def _walk(command, path):
    yield path, command
    for name in getattr(command, "commands", {}):
        yield from _walk(command.commands[name], [*path, name])


def render() -> str:
    root = typer.main.get_command(app)
    parts = [
        "# Command reference",
        "",
        "Generated from each command's `--help` by `python tools/cli_docs.py`;",
        "CI fails when it is out of date.",
        "",
    ]
    for path, command in _walk(root, ["dtr"]):
        settings = {**(command.context_settings or {}), **root.context_settings}
        settings.update(terminal_width=WIDTH, max_content_width=WIDTH)
        ctx = typer.main._click.Context(command, info_name=" ".join(path), **settings)
        text = command.get_help(ctx).rstrip()
        parts += [f"## {' '.join(path)}", "", "```text", text, "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print("docs/cli.md is out of date: run python tools/cli_docs.py", file=sys.stderr)
            return 1
        print("docs/cli.md is up to date.")
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
