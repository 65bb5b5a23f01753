"""dtr calendar: a mentee's module as an iCalendar file (export, the default), and a
program's iCalendar feed read into its key dates (import)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dtrcli.cli import offers
from dtrcli.cli.boundary import DtrGroup
from dtrcli.cli.module import calendar as export_calendar
from dtrcli.errors import DtrError, MenteeNameError


class CalendarGroup(DtrGroup):
    """``dtr calendar NAME`` is ``dtr calendar export NAME``: a first word that is not
    one of the group's commands is a mentee's name."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "export", self.commands["export"], args
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="calendar",
    cls=CalendarGroup,
    help="The module as an iCalendar file; a program's calendar read in.\n\n"
    "dtr calendar NAME (or dtr calendar export NAME) writes a mentee's module; "
    "dtr calendar import FILE adds a program's published dates to its key dates.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

app.command("export", epilog="Example: dtr calendar alice -o alice.ics")(export_calendar)


MAX_FEED = 50_000_000  # bytes of a calendar file: years of a busy program's events


def can_ask() -> bool:
    """Whether a question can be put to someone at a terminal."""
    return sys.stdin.isatty() and sys.stderr.isatty()


@app.command(
    "import",
    epilog="Example: dtr calendar import be-mod2.ics --program BE --module 2   "
    "(save the program's public calendar as a file first: dtr opens no network connection)",
)
def calendar_import(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE|-", help="The program's calendar (.ics) saved to a file, or - for stdin."
        ),
    ],
    program: Annotated[
        str,
        typer.Option(
            "--program",
            help="The program whose key dates they are, e.g. BE.",
            click_type=offers.PROGRAM,
        ),
    ],
    module: Annotated[
        str | None,
        typer.Option(
            "--module", help="Its module, e.g. 2.", show_default=False, click_type=offers.MODULE
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Write without asking.")] = False,
) -> None:
    """Add a program's calendar to its key dates.

    Reads an iCalendar file (or standard input) and adds its assessments, project due
    dates, reviews and breaks, within a year of today, to the key dates every mentee of
    the program and module shares. Shows what it found and asks before writing.
    """
    from dtrcli import console, dates
    from dtrcli.module import feeds, profiles, programdates
    from dtrcli.notebook import locks

    program = program.strip()
    if not program:
        raise DtrError("--program is empty; give the program, e.g. --program BE.")
    module = module.strip() if module and module.strip() else None
    source, data = _read(file)
    feed = feeds.read_feed(data, source, dates.today())
    whose = f"{program} module {module}" if module else program
    with locks.locked("profiles"):
        try:
            shared = programdates.program_data(program, module)
        except MenteeNameError:  # the program and module name the file of its key dates
            shown = whose if len(whose) <= 40 else whose[:37] + "..."
            raise DtrError(
                f"{shown!r} cannot be a program's name: use letters and digits, with no "
                "control character or path separator, in under 100 characters, e.g. "
                "--program BE --module 2."
            ) from None
        new = _new_items(feed.found, shared, source)
        if new and not yes and (file == "-" or not can_ask()):
            raise DtrError(
                f"Nothing was written: there is no terminal to ask at; add --yes to add the "
                f"{len(new)} new key dates and breaks to {whose}'s."
            )
        _show(feed, new, whose)
        if not feed.found:
            console.info(
                "None of them is an assessment, project due date, review or break; "
                "nothing was added."
            )
            return
        if not new:
            console.info(f"{whose} already has every one of them; nothing to add.")
            return
        if not yes and not typer.confirm(
            f"Add these to {whose}'s key dates?", default=True, err=True
        ):
            console.info("Nothing was written.")
            return
        added_dates = [profiles.KeyDate(f.first, f.label, True) for f in new if not f.is_break]
        added_breaks = [
            profiles.Break(f.first, f.last, f.label, "program") for f in new if f.is_break
        ]
        path = programdates.write_program(
            program,
            module,
            [*shared.dates, *added_dates],
            [*shared.breaks, *added_breaks],
        )
    from dtrcli.notices import count

    console.info(
        f"Added {count(len(added_dates), 'key date')} and {count(len(added_breaks), 'break')} "
        f"to {whose} ({path.name}); every mentee of it sees them."
    )


def _read(file: str) -> tuple[str, bytes]:
    if file == "-":
        return "standard input", sys.stdin.buffer.read()
    from dtrcli.notebook import files

    path = Path(file).expanduser()
    try:
        return str(path), files.read_capped(path, "calendar", limit=MAX_FEED)
    except files.Refused as exc:
        raise DtrError(
            f"{path} {exc}; give the .ics file saved from the program (or - for standard input)."
        ) from None
    except FileNotFoundError:
        raise DtrError(f"{path} does not exist; save the program's calendar there first.") from None
    except OSError as exc:
        raise DtrError(f"{path} cannot be read ({exc.strerror}).") from None


def _new_items(found: list[Any], shared: Any, source: str) -> list[Any]:
    """What the program does not have yet; a break overlapping one of its own stops."""
    known = {(d.date, d.label.casefold()) for d in shared.dates}
    spans = {(b.first, b.last) for b in shared.breaks}
    new = []
    for f in found:
        if f.is_break:
            if (f.first, f.last) in spans:
                continue
            clash = next(
                (b for b in shared.breaks if b.first <= f.last and f.first <= b.last), None
            )
            if clash is not None:
                raise DtrError(
                    f"{source}, line {f.line}: the break {f.label!r} ({f.first} to {f.last}) "
                    f"overlaps the program's {clash.label!r} ({clash.text()}); nothing was "
                    "written (remove one with dtr mentee dates NAME remove DATE --program)."
                )
        elif (f.first, f.label.casefold()) in known:
            continue
        new.append(f)
    return new


def _show(feed: Any, new: list[Any], whose: str) -> None:
    """What the feed holds for the program, one row each, and what is left out."""
    from dtrcli import console
    from dtrcli.notices import count

    rows = []
    for f in feed.found:
        status = "new" if f in new else "already there"
        when = f"{f.first} to {f.last}" if f.is_break else f.first.isoformat()
        rows.append([when, f.kind, console.printable(f.label), status])
    if rows:
        console.table_or_blocks(("date", "kind", "label", whose), rows)
    name = f" ({feed.name})" if feed.name else ""
    console.info(
        f"Found {count(len(feed.found), 'key date or break', 'key dates and breaks')} in "
        f"{count(feed.events, 'event')} of the calendar{name} within a year of today; "
        f"{count(feed.left_out, 'other event')} (classes, talks ...) left out."
    )
