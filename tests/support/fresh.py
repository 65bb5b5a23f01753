"""Python code run in a new interpreter, for what only a fresh process shows (which
modules an import brings in, classes not yet made)."""

from __future__ import annotations

import subprocess
import sys


def lines_printed(code: str) -> list[str]:
    """The lines ``code`` prints when a new Python runs it (failing the test if it fails)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
