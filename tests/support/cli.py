"""What a dtr command run by the ``dtr`` fixture (typer's CliRunner) did, checked.

``ok`` and ``one_line_error`` are the two outcomes every command promises: it works
and says so without a traceback, or it fails on a mistake with one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from typer.testing import Result


def ok(result: Result) -> Result:
    """The command worked: exit status 0 and no traceback in its output."""
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output, result.output
    return result


def one_line_error(result: Result, *needles: str) -> str:
    """The command refused with one sentence; return that line (its stderr).

    Exit status 1, nothing on stdout, stderr one line that starts with
    ``error: `` and holds every one of ``needles``, no traceback anywhere.
    """
    assert result.exit_code == 1, result.output
    assert result.stdout == "", result.output
    err = result.stderr
    assert err.startswith("error: "), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in result.output, result.output
    for needle in needles:
        assert needle in err, err
    return err


def columns(line: str) -> list[str]:
    """The cells of one row of a ``console.table`` listing (columns are 2+ spaces apart)."""
    return re.split(r"\s{2,}", line.strip())


def listing(stdout: str) -> list[list[str]]:
    """A ``console.table`` listing as rows of cells, the header first; blank lines left out."""
    return [columns(line) for line in stdout.splitlines() if line.strip()]


def runner(dtr: Callable[..., Result]) -> Callable[..., str]:
    """The ``dtr`` fixture as a ``tests.support.homes.Run``: each command must be ok;
    its stdout is returned."""

    def run(*args: str, input: str | None = None) -> str:
        return ok(dtr(*args, input=input)).stdout

    return run


# The copies of mentee ann's notes meant for someone else: none may hold anything private.
SHARED_COPIES = [
    ("share", "ann"),
    ("share", "ann", "--format", "slack"),
    ("export", "ann", "--no-private"),
    ("export", "ann", "--no-private", "--format", "markdown"),
    ("summary", "ann"),
    ("summary", "ann", "--json"),
    ("program", "bundle", "ann", "--mentor", "Sam Lee"),
]


def add_alice_smith(dtr: Callable[..., Result]) -> None:
    """Alice Smith, in module 2 of BE since 2026-11-02."""
    ok(
        dtr(
            "mentee",
            "add",
            "Alice Smith",
            "--program",
            "BE",
            "--module",
            "2",
            "--start",
            "2026-11-02",
        )
    )
