"""The two consoles: data to stdout, messages to stderr (colour only on a terminal)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@cache
def out() -> Console:
    import os
    import sys

    from rich.console import Console

    # Piped or redirected output is data: do not wrap table rows at 80 columns.
    piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
    return Console(highlight=False, soft_wrap=False, width=200 if piped else None)


@cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def reset() -> None:
    """Forget the consoles (tests swap sys.stdout/sys.stderr between runs)."""
    out.cache_clear()
    err.cache_clear()


def warn(message: str) -> None:
    from rich.markup import escape

    err().print(f"[yellow]warning:[/] {escape(message)}")


def info(message: str) -> None:
    from rich.markup import escape

    err().print(escape(message))
