"""The body of every conversation command, for typer's path and the quick one (no typer
here): ``dtr kickoff``, ``midmod``, ``exit``, ``checkin`` and ``run`` all end in
:func:`conversation`, and so does :mod:`dtrcli.cli.quick`'s plain ``dtr kickoff NAME``.
"""

from __future__ import annotations

import sys

from dtrcli.cli.output import date_option


def conversation(
    template_id: str,
    name: str,
    answers: str | None = None,
    date: str | None = None,
    resume: bool = False,
    fresh: bool = False,
    new: bool = False,
) -> None:
    """Hold the conversation and print the saved note's path on stdout."""
    from dtrcli import hold

    path = hold.hold(
        template_id,
        name,
        answers_file=answers,
        date=date_option(date, "--date"),
        resume=resume,
        fresh=fresh,
        new=new,
    )
    sys.stdout.write(f"{path}\n")
    sys.stdout.flush()
