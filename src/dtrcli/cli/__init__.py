"""dtr's command line (typer lives here and nowhere else).

``main`` is the console script. ``dtr --version`` and ``dtr --help`` are answered
before typer is imported (the help from :mod:`dtrcli.cli.roothelp`, typer's own text
kept for the width most terminals and every pipe get); the plain forms of history,
search and due are answered without typer (:mod:`dtrcli.cli.quick`); everything else goes to
:data:`app` (``dtrcli.cli.root``), whose commands are built only when they are run.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is not imported for --version and --help
if TYPE_CHECKING:
    from typing import Any


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        from dtrcli import __version__

        _write(f"dtr {__version__}\n")
        return
    if sys.argv[1:] in (["--help"], ["-h"]) and _root_help():
        return
    import gc

    global _collecting
    # Importing typer and building the command make tens of thousands of objects and no
    # garbage: the collector waits until the command starts (resume_collector).
    _collecting = gc.isenabled()
    gc.disable()
    try:
        from dtrcli import standins

        standins.pathlib()  # before any module of dtr's imports it
        from dtrcli.cli import quick

        code = quick.run(sys.argv[1:])
        if code is None:
            from dtrcli.cli.root import app

            app(prog_name="dtr")
    finally:
        resume_collector()
    if code:
        raise SystemExit(code)


_collecting = False  # the garbage collector was on before main() turned it off


def resume_collector() -> None:
    """The garbage collector back on, as it was before :func:`main` started dtr (the
    root's callback calls this before any command runs). What start-up made is frozen
    first: it stays for the whole run, and collections would walk it again and again."""
    global _collecting
    if _collecting:
        import gc

        gc.freeze()
        gc.enable()
        _collecting = False


def _root_help() -> bool:
    """Print ``dtr --help`` as typer would, when the text kept is the one it would print
    at this width (click's: the terminal's columns, at most 80, less 2); False when not."""
    from dtrcli.cli import roothelp

    if _help_width() != roothelp.WIDTH:
        return False
    _write(roothelp.TEXT)
    return True


def _write(text: str) -> None:
    """``text`` on stdout; a reader gone (``dtr --help | true``) is a quiet exit 1, as
    for dtr's other output."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None


def _help_width() -> int:
    """The width click lays help out at: ``shutil.get_terminal_size().columns`` (COLUMNS,
    else stdout's terminal, else 80), at most 80, less 2 (shutil is not imported here)."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (ValueError, OSError):
            columns = 0
        columns = columns or 80
    return max(min(columns, 80) - 2, 50)


def __getattr__(name: str) -> Any:
    if name == "app":
        from dtrcli.cli.root import app

        return app
    raise AttributeError(name)
