"""Commands about mentees over the module: profiles, key dates, what is due,
follow-ups and the calendar."""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, cast

import typer

from dtrcli.clishared import (
    STDOUT_NAMES,
    DtrGroup,
    ForceOpt,
    JsonOpt,
    NameArg,
    OutputOpt,
    complete_mentee,
    json_text,
    markup_escape,
)
from dtrcli.errors import DtrError

mentee_app = typer.Typer(
    cls=DtrGroup,
    help="Mentee profiles and key dates.\n\n"
    "Pronouns, program, module start, weekly meeting, channel and key dates.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

PronounsOpt = Annotated[str | None, typer.Option(help="e.g. she/her.")]
ProgramOpt = Annotated[str | None, typer.Option(help="The program, e.g. BE or FE.")]
ModuleOpt = Annotated[str | None, typer.Option(help="The module number, e.g. 2.")]
StartOpt = Annotated[
    str | None,
    typer.Option(metavar="YYYY-MM-DD", help="First day of the module (week 1 starts here)."),
]
MeetsOpt = Annotated[
    str | None, typer.Option(metavar="'DAY HH:MM'", help="Weekly meeting, e.g. 'Tue 18:00'.")
]
ChannelOpt = Annotated[str | None, typer.Option(help="How you reach each other, e.g. Slack.")]


F = TypeVar("F", bound=Callable[..., Any])


def _profiles_locked(command: F) -> F:
    """Run a command that reads, changes and writes profiles under dtr's profile lock,
    so two at once (or a kick-off saving the meeting time) never lose each other's change."""

    @functools.wraps(command)
    def locked(*args: Any, **kwargs: Any) -> Any:
        from dtrcli import store

        with store.locked("profiles"):
            return command(*args, **kwargs)

    return cast(F, locked)


def _no_mentee(name: str) -> str:
    import shlex

    arg = name if shlex.quote(name) == name else '"' + name.replace('"', '\\"') + '"'
    return f"There is no mentee '{name}' yet; add one with: dtr mentee add {arg}"


def _today() -> Any:
    from dtrcli import store

    return store.today()


def _registry_templates() -> dict[str, Any]:
    from dtrcli import console
    from dtrcli.templates import load_registry

    reg = load_registry()
    for problem in reg.problems:
        console.warn(problem)
    return reg.templates


def _apply(profile: Any, values: dict[str, str | None]) -> list[str]:
    from dtrcli import mentees

    changed = []
    for key, value in values.items():
        if value is None:
            continue
        value = value.strip()
        if key == "start":
            profile.start = mentees.parse_date(value, "start date") if value else None
        elif key == "meets":
            profile.meets = mentees.format_meets(value) if value else None
        else:
            setattr(profile, key, value or None)
        changed.append(key)
    return changed


@mentee_app.command(
    "add",
    epilog='Example: dtr mentee add "Alice Smith" --program BE --module 2 '
    "--start 2026-11-30 --meets 'Tue 18:00' --channel Slack",
)
@_profiles_locked
def mentee_add(
    name: NameArg,
    pronouns: PronounsOpt = None,
    program: ProgramOpt = None,
    module: ModuleOpt = None,
    start: StartOpt = None,
    meets: MeetsOpt = None,
    channel: ChannelOpt = None,
) -> None:
    """Create a mentee's profile.

    Every field is optional; edit them later with dtr mentee edit.
    """
    from dtrcli import console, library, mentees, store

    display = library.display_name(name)
    folder = store.mentee_dir(name)
    profile = mentees.load_profile(folder)
    if profile.exists:
        raise DtrError(
            f"{display} already has a profile; change it with: dtr mentee edit {folder.name} ..."
        )
    profile.name = display
    _apply(
        profile,
        {
            "pronouns": pronouns,
            "program": program,
            "module": module,
            "start": start,
            "meets": meets,
            "channel": channel,
        },
    )
    mentees.save_profile(profile)
    console.info(f"Added {display} ({folder.name}).")
    typer.echo(str(profile.path))


@mentee_app.command("edit", epilog="Example: dtr mentee edit alice --start 2026-11-30")
@_profiles_locked
def mentee_edit(
    name: NameArg,
    pronouns: PronounsOpt = None,
    program: ProgramOpt = None,
    module: ModuleOpt = None,
    start: StartOpt = None,
    meets: MeetsOpt = None,
    channel: ChannelOpt = None,
) -> None:
    """Change a mentee's profile.

    Only the options given change; an empty value clears a field.
    """
    from dtrcli import console, library, mentees, store

    library.existing_folder(name, _no_mentee(name))
    display = library.display_name(name)
    folder = store.mentee_dir(name)
    profile = mentees.load_profile(folder)
    changed = _apply(
        profile,
        {
            "pronouns": pronouns,
            "program": program,
            "module": module,
            "start": start,
            "meets": meets,
            "channel": channel,
        },
    )
    if not changed:
        raise DtrError("Nothing to change; give an option such as --start 2026-11-30.")
    profile.name = profile.name or display
    mentees.save_profile(profile)
    console.info(f"Updated {', '.join(changed)} for {profile.name}.")


@mentee_app.command("show", epilog="Example: dtr mentee show alice")
def mentee_show(name: NameArg, as_json: JsonOpt = False) -> None:
    """A mentee's profile and module.

    Profile, week of the module, conversations done and due, key dates.
    """
    from dtrcli import console, library, overview

    folder = library.existing_folder(name, _no_mentee(name))
    today = _today()
    v = overview.view(folder, _registry_templates(), today)
    if as_json:
        data = v.to_data(today)
        data["dates"] = [
            {"date": d.date.isoformat(), "label": d.label, "program": d.shared}
            for d in v.profile.dates
        ]
        typer.echo(json_text(data, indent=2, ensure_ascii=False))
        return
    o = console.out()
    p = v.profile
    o.print(
        f"[bold]{markup_escape(v.name)}[/]"
        + (f" ({markup_escape(p.pronouns)})" if p.pronouns else "")
    )
    rows = [
        ("folder", str(folder)),
        (
            "program",
            " ".join(x for x in (p.program, f"module {p.module}" if p.module else None) if x)
            or "-",
        ),
        (
            "module start",
            p.start.isoformat()
            if p.start
            else f"- (dtr mentee edit {folder.name} --start YYYY-MM-DD)",
        ),
        ("this week", v.week_text(today)),
        ("meets", p.meets or "-"),
        ("channel", p.channel or "-"),
    ]
    for label, value in rows:
        o.print(f"  {label:<13} {markup_escape(value)}")
    if v.statuses:
        o.print("[bold]Conversations[/]")
        for s in v.statuses:
            o.print(f"  {s.template:<13} {markup_escape(s.text())}")
    if p.dates:
        o.print("[bold]Key dates[/]")
        for d in p.dates:
            shared = f" [dim](program {markup_escape(p.program or '')})[/]" if d.shared else ""
            o.print(f"  {d.date.isoformat()}    {markup_escape(d.label)}{shared}")
    o.print(
        f"[bold]Notes[/] {len(v.notes)}, latest {v.last.date} {v.last.template_id}"
        if v.last
        else "[bold]Notes[/] none yet"
    )


@mentee_app.command("list", epilog="Example: dtr mentee list --json")
def mentee_list(as_json: JsonOpt = False) -> None:
    """Every mentee, one row each.

    Module, week of the module today, last conversation and what is due.
    """
    from dtrcli import console, overview

    today = _today()
    views = overview.all_views(_registry_templates(), today)
    if as_json:
        typer.echo(json_text([v.to_data(today) for v in views], indent=2, ensure_ascii=False))
        return
    if not views:
        console.info("No mentees yet; add one with: dtr mentee add NAME, or dtr kickoff NAME")
        return
    rows = []
    for v in views:
        module = " ".join(x for x in (v.profile.program, v.profile.module) if x) or "-"
        last = f"{v.last.date} {v.last.template_id}" if v.last else "-"
        rows.append([v.name, module, v.week_text(today), last, v.due_text()])
    console.table_or_blocks(("mentee", "module", "week", "last conversation", "due"), rows)


@mentee_app.command(
    "dates",
    epilog='Examples: dtr mentee dates alice add 2026-12-18 "Mid-module assessment"   '
    "dtr mentee dates alice",
)
@_profiles_locked
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
) -> None:
    """List, add or remove key dates.

    Project due dates, assessments, reviews: for one mentee or (--program) shared by a
    program and module.
    """
    from dtrcli import console, library, mentees, store

    if action not in ("list", "add", "remove"):
        raise DtrError(f"'{action}' is not list, add or remove.")
    if action == "list":
        folder = library.existing_folder(name, _no_mentee(name))
        listed = mentees.load_profile(folder).dates
        for d in listed:
            typer.echo(f"{d.date.isoformat()}  {d.label}" + ("  (program)" if d.shared else ""))
        if not listed:
            console.info(
                "No key dates yet; add one with: "
                f'dtr mentee dates {folder.name} add YYYY-MM-DD "label"'
            )
        return
    if date is None:
        raise DtrError(f'Give the date: dtr mentee dates {name} {action} YYYY-MM-DD "label".')
    day = mentees.parse_date(date)
    display = library.display_name(name)
    folder = store.mentee_dir(name)
    profile = mentees.load_profile(folder)
    profile.name = profile.name or display
    if action == "add":
        if not label or not label.strip():
            raise DtrError(f'Give a label too: dtr mentee dates {name} add {date} "label".')
        same = [
            d
            for d in profile.dates
            if d.date == day and d.label.casefold() == label.strip().casefold()
        ]
        if same:
            whose = "the program" if same[0].shared else profile.name
            raise DtrError(f"{whose} already has {day} {same[0].label}; nothing was added.")
        if program:
            if not profile.program:
                raise DtrError(
                    f"{display} has no program; set one with: dtr mentee edit {folder.name} "
                    "--program BE"
                )
            mentees.add_program_date(profile.program, profile.module, day, label.strip())
            module = f" module {profile.module}" if profile.module else ""
            console.info(
                f"Added {date} {label.strip()} for program {profile.program}{module} "
                "(every mentee in it sees it)."
            )
            return
        profile.dates.append(mentees.KeyDate(day, label.strip()))
        profile.dates.sort(key=lambda d: d.date)
        mentees.save_profile(profile)
        console.info(f"Added {date} {label.strip()} for {profile.name}.")
        return
    if program:
        if not profile.program:
            raise DtrError(f"{display} has no program, so no program key dates.")
        removed = mentees.remove_program_dates(profile.program, profile.module, day, label)
        if not removed:
            raise DtrError(f"The program has no key date on {date}.")
        console.info(f"Removed {console.count(removed, 'program key date')} on {date}.")
        return
    before = len(profile.dates)
    profile.dates = [
        d for d in profile.dates if d.shared or d.date != day or (label and d.label != label)
    ]
    if len(profile.dates) == before:
        shared = [d for d in profile.dates if d.shared and d.date == day]
        raise DtrError(
            f"{profile.name} has no key date of their own on {date}"
            + (f" labelled {label!r}" if label else "")
            + ("; the one listed is the program's: add --program to remove it." if shared else ".")
        )
    mentees.save_profile(profile)
    console.info(f"Removed {console.count(before - len(profile.dates), 'key date')} on {date}.")


def due(as_json: JsonOpt = False) -> None:
    """Which conversations are due, for every mentee.

    Each conversation as done, due this week, upcoming or overdue, and the next key date.
    """
    from dtrcli import console, overview

    today = _today()
    views = overview.all_views(_registry_templates(), today)
    if as_json:
        typer.echo(json_text([v.to_data(today) for v in views], indent=2, ensure_ascii=False))
        return
    if not views:
        console.info("No mentees yet; add one with: dtr mentee add NAME --start YYYY-MM-DD")
        return
    styles = {
        "done": "green",
        "due this week": "bold yellow",
        "overdue": "bold red",
        "upcoming": "dim",
        "missed": "dim",
    }
    names = [s.template for v in views for s in v.statuses]
    columns = list(dict.fromkeys(names))
    rows: list[list[str]] = []
    row_styles: list[list[str | None]] = []
    missing = []
    for v in views:
        if v.profile.start is None:
            missing.append(v)
            continue
        cells = [v.name, v.week_text(today)]
        cell_styles: list[str | None] = [None, None]
        by_id = {s.template: s for s in v.statuses}
        for col in columns:
            s = by_id.get(col)
            cells.append(s.text() if s else "")
            cell_styles.append(styles.get(s.state) if s else None)
        nd = v.next_date
        cells.append(f"{nd.date.isoformat()} {nd.label}" if nd else "-")
        cell_styles.append(None)
        rows.append(cells)
        row_styles.append(cell_styles)
    if rows:
        console.table_or_blocks(["mentee", "week", *columns, "next key date"], rows, row_styles)
    for v in missing:
        console.info(
            f"{v.name} has no module start date: "
            f"dtr mentee edit {shlex.quote(v.folder.name)} --start YYYY-MM-DD"
        )


def followups_cmd(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="Only this mentee's follow-ups.",
            show_default=False,
            autocompletion=complete_mentee,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Open follow-ups, oldest first.

    Across every mentee, or for one.
    """
    from dtrcli import console, library, overview, store

    folders = [library.existing_folder(name)] if name else store.mentee_dirs()
    items = overview.open_followups(folders, _registry_templates())
    if as_json:
        typer.echo(
            json_text(
                [
                    {
                        "mentee": f.mentee,
                        "date": f.date,
                        "conversation": f.template,
                        "text": f.text,
                        "file": f.path.name,
                        "path": str(f.path),
                    }
                    for f in items
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not items:
        console.info("No open follow-ups.")
        return
    console.table_or_blocks(
        ("date", "mentee", "conversation", "follow-up"),
        [[f.date, f.mentee, f.template, f.text] for f in items],
    )


def calendar(
    name: NameArg,
    output: OutputOpt = None,
    force: ForceOpt = False,
    minutes: Annotated[
        int, typer.Option(min=5, max=600, help="Length of the weekly meeting.")
    ] = 45,
) -> None:
    """The module as an iCalendar file.

    The weekly meeting, the three conversations in their weeks and the key dates.
    """
    from dtrcli import console, library, mentees, overview, store
    from dtrcli.calendar_export import build_calendar

    if output is not None and str(output) not in STDOUT_NAMES:
        store.check_output(output, force=force)

    folder = library.existing_folder(name, _no_mentee(name))
    profile = mentees.load_profile(folder)
    v = overview.view(folder, {}, _today())
    templates = overview.scheduled_templates(_registry_templates())
    data = build_calendar(profile, v.name, templates, minutes)
    if output is None or str(output) in STDOUT_NAMES:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    store.write_output(output, data, force=force)
    console.info(f"Wrote {output}; import it into your calendar app.")
