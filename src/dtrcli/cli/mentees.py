"""Mentees: add, edit, show, list (their key dates in menteedates.py, rename and
archive in renames.py)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from dtrcli.cli import menteedates, offers, renames
from dtrcli.cli.boundary import DtrGroup
from dtrcli.cli.options import JsonOpt, NameArg, profiles_locked
from dtrcli.cli.output import (
    kept_or_made,
    markup_escape,
    no_mentee,
    print_json,
    say_more,
    templates,
    views_of,
)
from dtrcli.errors import DtrError

app = typer.Typer(
    name="mentee",
    cls=DtrGroup,
    help="Mentee profiles and key dates.\n\n"
    "Pronouns, program, module start, weekly meeting, time zone, channel and key dates; "
    "the move to the next module; rename, archive and restore.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

PronounsOpt = Annotated[str | None, typer.Option(help="e.g. she/her.")]
ProgramOpt = Annotated[
    str | None, typer.Option(help="The program, e.g. BE or FE.", click_type=offers.PROGRAM)
]
ModuleOpt = Annotated[
    str | None, typer.Option(help="The module number, e.g. 2.", click_type=offers.MODULE)
]
StartOpt = Annotated[
    str | None,
    typer.Option(metavar="YYYY-MM-DD", help="First day of the module (week 1 starts here)."),
]
MeetsOpt = Annotated[
    str | None, typer.Option(metavar="'DAY HH:MM'", help="Weekly meeting, e.g. 'Tue 18:00'.")
]
TimezoneOpt = Annotated[
    str | None,
    typer.Option(
        metavar="ZONE",
        help="Zone of --meets, e.g. Europe/Berlin (default: this computer's).",
        click_type=offers.ZONE,
    ),
]
ChannelOpt = Annotated[str | None, typer.Option(help="How you reach each other, e.g. Slack.")]


def _apply(profile: Any, values: dict[str, str | None]) -> list[str]:
    from dtrcli.module import meets, profiles, zones

    changed = []
    for key, value in values.items():
        if value is None:
            continue
        value = profiles.plain_field(key, value.strip())
        if key == "start":
            profile.start = profiles.parse_date(value, "start date") if value else None
        elif key == "meets":
            profile.meets = meets.format_meets(value) if value else None
        elif key == "timezone":
            profile.timezone = zones.parse_zone(value) if value else None
        else:
            setattr(profile, key, value or None)
        profile.conflicts.pop(key, None)  # the value a sync kept beside it is settled
        changed.append(key)
    return changed


def _profile_fields(
    name: NameArg,
    pronouns: PronounsOpt = None,
    program: ProgramOpt = None,
    module: ModuleOpt = None,
    start: StartOpt = None,
    meets: MeetsOpt = None,
    timezone: TimezoneOpt = None,
    channel: ChannelOpt = None,
) -> None:
    """The signature of ``mentee add`` and ``mentee edit`` (never called)."""


def _with_profile_fields(body: Callable[[str, dict[str, str | None]], None]) -> Callable[..., None]:
    """A command taking NAME and the profile options, calling ``body(name, fields)``
    under the profile lock (``fields``: each option as given, None when left out)."""

    @profiles_locked
    def command(name: str, **fields: str | None) -> None:
        body(name, fields)

    command.__signature__ = inspect.signature(  # type: ignore[attr-defined]
        _profile_fields, eval_str=True
    )
    command.__annotations__ = dict(_profile_fields.__annotations__)
    command.__doc__ = body.__doc__
    command.__name__ = body.__name__
    return command


def mentee_add(name: str, fields: dict[str, str | None]) -> None:
    """Create a mentee's profile.

    Every field is optional; edit them later with dtr mentee edit.
    """
    from dtrcli import console
    from dtrcli.module import presets, profiles
    from dtrcli.notebook import names

    presets.load()  # a presets file that cannot be read stops here, before anything is written
    folder = renames.new_folder(name)
    display = names.name_for(folder, name)
    profile = profiles.load_profile(folder)
    if profile.exists:
        raise DtrError(
            f"{display} already has a profile; change it with: dtr mentee edit {folder.name} ..."
        )
    profile.name = display
    _apply(profile, fields)
    profiles.save_profile(profile)
    console.info(f"Added {display} ({folder.name}).")
    _say_preset(folder)
    typer.echo(str(profile.path))


def _say_preset(folder: Any) -> None:
    """Which key dates the program's preset gave the mentee, or that it has none."""
    from dtrcli import console
    from dtrcli.module import presets, profiles

    profile = profiles.load_profile(folder)
    if not profile.program or not profile.module:
        return
    if profile.preset is None:
        console.info(
            f"dtr has no preset for {profile.program} module {profile.module} (it knows "
            f"{', '.join(presets.known())}); add key dates with: dtr mentee dates "
            f"{folder.name} add DATE LABEL, or dtr calendar import FILE"
        )
        return
    given = [d for d in profile.dates if d.preset]
    if profile.start is None:
        console.info(
            f"The {profile.preset.name} preset gives its key dates once the module has a "
            f"start: dtr mentee edit {folder.name} --start YYYY-MM-DD"
        )
    elif given:
        console.info(
            f"Key dates from the {profile.preset.name} preset: {len(given)} "
            f"(see dtr mentee dates {folder.name})."
        )


def mentee_edit(name: str, fields: dict[str, str | None]) -> None:
    """Change a mentee's profile.

    Only the options given change; an empty value clears a field.
    """
    from dtrcli import console
    from dtrcli.module import presets, profiles
    from dtrcli.notebook import finding, names

    presets.load()
    folder = finding.folder(name, no_mentee(name))
    display = names.name_for(folder, name)
    profile = profiles.load_profile(folder)
    changed = _apply(profile, fields)
    if not changed:
        raise DtrError("Nothing to change; give an option such as --start 2026-11-30.")
    profile.name = profile.name or display
    profiles.save_profile(profile)
    console.info(f"Updated {', '.join(changed)} for {profile.name}.")
    if {"program", "module", "start"} & set(changed):
        _say_preset(folder)


app.command(
    "add",
    epilog='Example: dtr mentee add "Alice Smith" --program BE --module 2 '
    "--start 2026-11-30 --meets 'Tue 18:00' --timezone Europe/Berlin --channel Slack",
)(_with_profile_fields(mentee_add))
app.command("edit", epilog="Example: dtr mentee edit alice --start 2026-11-30")(
    _with_profile_fields(mentee_edit)
)


@app.command("show", epilog="Example: dtr mentee show alice")
def mentee_show(name: NameArg, as_json: JsonOpt = False) -> None:
    """A mentee's profile and module.

    Profile, week of the module, conversations done and due, each week's session
    against the baseline, key dates.
    """
    from dtrcli import console, dates
    from dtrcli.module import due, profiles
    from dtrcli.notebook import finding, paths

    folder = finding.folder(name, no_mentee(name))
    today = dates.today()
    v = due.view(folder, templates(), today)
    if as_json:
        data = v.to_data(today)
        data["dates"] = [
            {
                "date": d.date.isoformat(),
                "label": d.label,
                "program": d.source == "program",
                "source": d.source,
            }
            for d in v.profile.dates
        ]
        if v.profile.conflicts:
            data["conflicts"] = v.profile.conflicts
        print_json(data)
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
        ("timezone", _zone_text(p.timezone)),
        ("channel", p.channel or "-"),
    ]
    if p.previous:
        before = p.previous
        what = " ".join(x for x in (before.get("program"), before.get("module")) if x) or "-"
        since = f" from {before['start']}" if before.get("start") else ""
        focus = f"; focus: {before['focus']}" if before.get("focus") else ""
        rows.append(("last module", f"{what}{since}, {before.get('outcome', '-')}{focus}"))
    for label, value in rows:
        o.print(f"  {label:<13} {markup_escape(value)}")
    for key, others in p.conflicts.items():
        also = ", ".join(repr(x) for x in others)
        settle = (
            f"dtr mentee edit {folder.name} --{key} ... settles it"
            if key in profiles.FIELDS
            else f"edit {p.path} to settle it"
        )
        o.print(
            f"  {markup_escape(key):<13} [yellow]also {markup_escape(also)}[/] (both machines "
            f"changed it before a sync; {markup_escape(settle)})"
        )
    if v.statuses:
        o.print("[bold]Conversations[/]")
        for s in v.statuses:
            o.print(f"  {markup_escape(s.template):<13} {markup_escape(s.text())}")
    if v.baseline and v.baseline.weeks:
        from dtrcli.module.checkins import MET, MINUTES

        o.print(f"[bold]Weekly sessions[/] (the baseline: {MINUTES} minutes or more)")
        for w in v.baseline.weeks:
            style = "" if w.state == MET else "yellow"
            text = markup_escape(w.text())
            o.print(
                f"  week {w.number:<8} {w.first.isoformat()}  "
                + (f"[{style}]{text}[/]" if style else text)
            )
    if p.dates:
        o.print("[bold]Key dates[/]")
        for d in p.dates:
            whose = _source_text(d, p.program)
            shared = f" [dim]({markup_escape(whose)})[/]" if whose else ""
            o.print(f"  {d.date.isoformat()}    {markup_escape(d.label)}{shared}")
    cal = p.calendar()
    if cal is not None and cal.break_weeks():
        o.print("[bold]Breaks[/] (the weeks are counted after each)")
        for run in cal.break_weeks():
            first, last = cal.break_span(run)
            o.print(f"  {first.isoformat()}    {markup_escape(run.label or '')} to {last}")
    o.print(
        f"[bold]Notes[/] {len(v.notes)}, latest "
        f"{markup_escape(v.last.date)} {markup_escape(v.last.template_id)}"
        if v.last
        else "[bold]Notes[/] none can be read (see the warnings above)"
        if paths.note_files(folder)
        else "[bold]Notes[/] none yet"
    )


def _source_text(d: Any, program: str | None) -> str:
    """'preset BE module 2', 'program BE', or '' for a mentee's own key date."""
    if d.preset:
        return f"preset {d.preset}"
    return f"program {program or ''}".strip() if d.shared else ""


def _zone_text(stored: str | None) -> str:
    """The profile's time zone, or this computer's (which its meeting times are in)."""
    from dtrcli.module import zones

    if stored:
        return stored
    name = zones.system_zone()
    return f"{name} (this computer's)" if name else "UTC (this computer names no time zone)"


@app.command("list", epilog="Example: dtr mentee list --json")
def mentee_list(
    as_json: JsonOpt = False,
    archived: Annotated[
        bool, typer.Option("--archived", help="The archived mentees instead.")
    ] = False,
) -> None:
    """Every mentee, one row each.

    Module, week of the module today, last conversation and what is due.
    """
    if archived:
        renames.archived_list(as_json)
        return

    kept_or_made(as_json, ("mentees", "mentees-json"), _list_rows, _print_list)  # duecache's


def _print_list(as_json: bool, made: Any) -> None:
    from dtrcli import console

    if as_json:
        print_json(made)
        return
    rows, total = made
    if not total:
        console.info("No mentees yet; add one with: dtr mentee add NAME, or dtr kickoff NAME")
        return
    console.table_or_blocks(("mentee", "module", "week", "last conversation", "due"), rows)
    say_more(total - len(rows), "mentee")


def _list_rows(as_json: bool, today: Any, folders: list[Any], shown: int | None) -> Any:
    """What mentee list prints: each view's data (``--json``), else the table's rows and
    how many mentees there are."""
    views = views_of(today, folders, shown)
    if as_json:
        return [v.to_data(today) for v in views]
    rows = []
    for v in views:
        module = " ".join(x for x in (v.profile.program, v.profile.module) if x) or "-"
        last = f"{v.last.date} {v.last.template_id}" if v.last else "-"
        rows.append([v.name, module, v.week_text(today), last, v.due_text()])
    return rows, len(folders)


menteedates.register(app)  # dates, next
renames.register(app)  # rename, archive, restore
