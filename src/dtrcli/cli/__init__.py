"""dtr's command line (typer lives here and nowhere else).

``main`` is the console script. ``dtr --version`` is answered before typer is
imported; everything else goes to :data:`app` (``dtrcli.cli.root``), whose
commands are built only when they are run.
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        from dtrcli import __version__

        print(f"dtr {__version__}")
        return
    from dtrcli.cli.root import app

    app(prog_name="dtr")


def __getattr__(name: str) -> Any:
    if name == "app":
        from dtrcli.cli.root import app

        return app
    raise AttributeError(name)
