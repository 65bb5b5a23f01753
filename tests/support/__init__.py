"""Helpers shared by the tests, tools/ and benchmarks/.

- ``tests.support.tmux``: drive a program in a real terminal (a private tmux server).
- ``tests.support.cli``: check what a dtr command did (``ok``, ``one_line_error``) and
  read its listings.
- ``tests.support.homes``: fill a data home with sample notes, through the CLI or in
  process, and the environment of a dtr that sees only that home.
- ``tests.support.fresh``: what Python code prints in a new interpreter.

tools/ and benchmarks/ run as scripts from the repository root; they put the root
on ``sys.path`` to import these.
"""

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"  # shared sample files
