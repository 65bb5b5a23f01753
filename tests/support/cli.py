"""dtr run in-process (the ``dtr`` fixture), and what a command did, checked.

``ok`` and ``one_line_error`` are the two outcomes every command promises: it works
and says so without a traceback, or it fails on a mistake with one sentence.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from typer.testing import CliRunner, Result

from dtrcli import console
from dtrcli.cli import app, quick


def run_dtr(runner: CliRunner, args: list[str], input: str | None = None) -> Result:
    """dtr run in-process as its console script runs it: the plain forms
    ``dtr.cli.quick`` answers without typer, every other one through typer's app."""
    console.reset()
    if quick.form(args) is None:
        return runner.invoke(app, args, input=input, prog_name="dtr")
    return run_quick(runner, args, input)


def run_quick(runner: CliRunner, args: list[str], input: str | None = None) -> Result:
    """A plain form run by ``dtr.cli.quick`` with the streams typer's CliRunner gives."""
    code, exception, exc_info = 1, None, None
    with runner.isolation(input=input) as (stdout, stderr, output):
        try:
            answered = quick.run(args)
            assert answered is not None, f"not a plain form: {args}"
            code = answered
        except Exception as exc:  # as CliRunner.invoke: a surprise is the result's
            exception, exc_info = exc, sys.exc_info()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            printed = stdout.getvalue(), stderr.getvalue(), output.getvalue()
    return Result(
        runner=runner,
        stdout_bytes=printed[0],
        stderr_bytes=printed[1],
        output_bytes=printed[2],
        return_value=None,
        exit_code=code,
        exception=exception or (SystemExit(code) if code else None),
        exc_info=exc_info,
    )


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
