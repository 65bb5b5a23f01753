"""The module over time: due, followups, calendar."""

from __future__ import annotations

from typing import Annotated

import typer

from dtrcli.cli import listed, offers
from dtrcli.cli.options import (
    ForceOpt,
    JsonOpt,
    NameArg,
    OutputOpt,
    check_output,
    optional_name,
    write_text,
)
from dtrcli.cli.output import no_mentee, templates

app = typer.Typer()
OneMenteeArg = Annotated[str | None, optional_name("Only this mentee's follow-ups.")]


@app.command(epilog="Example: dtr due --json")
def due(as_json: JsonOpt = False) -> None:
    """Which conversations are due, for every mentee.

    Each conversation as done, due this week, upcoming or overdue, the weekly baseline
    (a session of 30 minutes or more: the weeks without one are named) and the next
    key date.
    """
    listed.due(as_json)


@app.command("followups", epilog="Examples: dtr followups alice; dtr followups --due")
def followups_cmd(
    name: OneMenteeArg = None,
    due: Annotated[
        bool,
        typer.Option(
            "--due", help="Only those with a due date, the most overdue first, with their owners."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Open follow-ups, oldest first.

    Across every mentee, or for one. An owner and a due date are read from each item's
    words ("Mentor: send the invite by Friday").
    """
    listed.followups(name, due, as_json)


@app.command(epilog="Example: dtr calendar alice -o alice.ics --remind 2h")
def calendar(
    name: NameArg,
    output: OutputOpt = None,
    force: ForceOpt = False,
    minutes: Annotated[
        int, typer.Option(min=5, max=600, help="Length of the weekly meeting.")
    ] = 45,
    remind: Annotated[
        str | None,
        typer.Option(
            metavar="TIME",
            help="An alarm this long before each meeting and due follow-up, e.g. 2h or 30m.",
            click_type=offers.REMIND,
        ),
    ] = None,
) -> None:
    """The module as an iCalendar file.

    The weekly meeting, each conversation in place of a meeting of its weeks, the key
    dates and the open follow-ups' due dates. Times are in the mentee's time zone (dtr
    mentee edit NAME --timezone).
    """
    from dtrcli import dates
    from dtrcli.errors import DtrError
    from dtrcli.exports.ics import build_calendar
    from dtrcli.module import duedates, followups, profiles
    from dtrcli.module.due import scheduled_templates
    from dtrcli.notebook import finding, names

    check_output(output, force)
    before = None
    if remind is not None:
        try:
            before = dates.parse_minutes(remind)
        except ValueError as exc:
            raise DtrError(f"--remind {exc}.") from None
        if not 1 <= before <= 4 * 7 * 24 * 60:
            raise DtrError(f"--remind {remind!r} is not between a minute and four weeks.")
    folder = finding.folder(name, no_mentee(name))
    profile = profiles.load_profile(folder)
    mentee = profile.name or names.recorded_name(folder) or folder.name
    known = templates()
    due = duedates.all_dated(
        [f for f in followups.mentee_followups(folder, known) if f.state == followups.OPEN]
    )
    data = build_calendar(
        profile, mentee, scheduled_templates(known), minutes, followups=due, remind=before
    )
    done = f"Wrote {output}; import it into your calendar app."
    write_text(data.decode("utf-8"), output, force, done)
