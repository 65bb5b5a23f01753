"""Mentees' key dates: mentee dates (list, add, remove) and mentee next (on to the
next module)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dtrcli.cli.options import NameArg, profiles_locked
from dtrcli.cli.output import no_mentee, templates
from dtrcli.errors import DtrError


def _listed_date(d: Any) -> str:
    from dtrcli import console

    whose = f"preset {d.preset}" if d.preset else "program" if d.shared else ""
    return f"{d.date.isoformat()}  {console.printable(d.label)}" + (f"  ({whose})" if whose else "")


@profiles_locked
def mentee_dates(
    name: NameArg,
    action: Annotated[
        str, typer.Argument(metavar="ACTION", help="list (default), add or remove.")
    ] = "list",
    date: Annotated[
        str | None, typer.Argument(metavar="DATE", help="The date, YYYY-MM-DD.", show_default=False)
    ] = None,
    label: Annotated[
        str | None,
        typer.Argument(metavar="LABEL", help="What happens that day.", show_default=False),
    ] = None,
    program: Annotated[
        bool,
        typer.Option(
            "--program",
            help="Add to (or remove from) the dates shared by the program and module.",
        ),
    ] = False,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            metavar="N",
            help="Add a break of N weeks from DATE: its weeks are not counted.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List, add or remove key dates and breaks.

    Project due dates, assessments, reviews and breaks: for one mentee or (--program)
    shared by a program and module. The list says where each came from: the mentee's
    own, the program's, or the program's preset.
    """
    from dtrcli import console
    from dtrcli.module import keydates, profiles
    from dtrcli.notebook import finding, names

    if action not in ("list", "add", "remove"):
        raise DtrError(f"'{action}' is not list, add or remove.")
    folder = finding.folder(name, no_mentee(name))
    if action == "list":
        shown = profiles.load_profile(folder)
        listed: list[tuple[Any, str]] = [(d.date, _listed_date(d)) for d in shown.dates]
        for b in shown.breaks:
            whose = "" if b.source == "own" else f"  ({b.source})"
            text = (
                f"{b.first.isoformat()}  {console.printable(b.label)}: a break to {b.last}{whose}"
            )
            listed.append((b.first, text))
        cal = shown.calendar()
        if cal is not None and not shown.breaks:
            for run in cal.break_weeks():  # a preset's break after a week
                first, last = cal.break_span(run)
                listed.append(
                    (
                        first,
                        f"{first}  {run.label}: a break to {last}  (preset {shown.preset.name})",
                    )
                )
        for _, text in sorted(listed, key=lambda row: row[0]):
            typer.echo(text)
        if not listed:
            console.info(
                "No key dates yet; add one with: "
                f'dtr mentee dates {folder.name} add YYYY-MM-DD "label"'
            )
        return
    if date is None:
        raise DtrError(f'Give the date: dtr mentee dates {name} {action} YYYY-MM-DD "label".')
    day = profiles.parse_date(date)
    profile = profiles.load_profile(folder)
    profile.name = profile.name or names.name_for(folder, name)
    if weeks is not None and action != "add":
        raise DtrError("--weeks goes with add: dtr mentee dates NAME add DATE LABEL --weeks 2.")
    if action == "add":
        if not label or not label.strip():
            raise DtrError(f'Give a label too: dtr mentee dates {name} add {date} "label".')
        if weeks is not None:
            console.info(keydates.add_break(profile, day, weeks, label, program=program))
        else:
            console.info(keydates.add(profile, day, label, program=program))
    else:
        console.info(keydates.remove(profile, day, label, program=program))


@profiles_locked
def mentee_next(
    name: NameArg,
    start: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD", help="First day of the next module.", show_default=False
        ),
    ] = None,
    advance: Annotated[
        bool, typer.Option("--advance", help="On to the next module, whatever the exit says.")
    ] = False,
    repeat: Annotated[
        bool, typer.Option("--repeat", help="The same module again, whatever the exit says.")
    ] = False,
    module: Annotated[
        str | None, typer.Option(help="The module moved to (default: counted from the outcome).")
    ] = None,
) -> None:
    """Move a mentee on to the next module.

    The exit's outcome says which: the next module, or the same one again when repeating.
    Open follow-ups stay open and the focus topic is kept; the next kick-off shows them.
    """
    from dtrcli import console, shell
    from dtrcli.module import nextmodule, profiles
    from dtrcli.notebook import finding, names

    folder = finding.folder(name, no_mentee(name))
    if advance and repeat:
        raise DtrError("Choose either --advance or --repeat, not both.")
    if start is None:
        raise DtrError(
            "Give the first day of the next module: "
            f"dtr mentee next {shell.quote(folder.name)} --start YYYY-MM-DD"
        )
    day = profiles.parse_date(start, "--start date")
    profile = profiles.load_profile(folder)
    profile.name = profile.name or names.recorded_name(folder) or folder.name
    outcome = nextmodule.ADVANCING if advance else nextmodule.REPEATING if repeat else None
    move = nextmodule.plan(profile, templates(), day, outcome=outcome, module=module)
    profiles.save_profile(move.profile)
    p = move.profile
    program = f"{p.program} module" if p.program else "module"
    source = f", as the exit of {move.exit_date} recorded" if move.exit_date else ""
    console.info(f"{p.name} starts {program} {p.module} on {day} ({move.outcome}{source}).")
    carried = [f"the focus topic '{move.focus}'"] if move.focus else []
    if move.open_items:
        carried.append(console.count(len(move.open_items), "open follow-up"))
    if carried:
        console.info(f"Carried: {' and '.join(carried)}; the next kick-off shows them.")


def register(app: typer.Typer) -> None:
    app.command(
        "dates",
        epilog='Examples: dtr mentee dates alice add 2026-12-18 "Mid-module assessment"   '
        'dtr mentee dates alice add 2026-12-21 "Winter break" --weeks 2 --program   '
        "dtr mentee dates alice",
    )(mentee_dates)
    app.command(
        "next",
        epilog="Examples: dtr mentee next alice --start 2027-01-11   "
        "dtr mentee next alice --start 2027-01-11 --repeat",
    )(mentee_next)
