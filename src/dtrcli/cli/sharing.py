"""Copies for others and for the record: share, summary, export."""

from __future__ import annotations

from typing import Annotated

import typer

from dtrcli import exports
from dtrcli.cli.options import (
    EveryMenteeArg,
    ForceOpt,
    JsonOpt,
    NameArg,
    OutputOpt,
    check_output,
    write_text,
)
from dtrcli.cli.output import markup_escape, print_json, templates
from dtrcli.cli.reading import WhichArg
from dtrcli.errors import DtrError

app = typer.Typer()


@app.command(epilog="Example: dtr share alice kickoff --format slack | pbcopy")
def share(
    name: NameArg,
    which: WhichArg = "latest",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=exports.help_text("share"))
    ] = exports.DEFAULTS["share"],
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """The mentee's copy of a note.

    Private answers and "Mentor only" items, paragraphs and follow-ups are left out.
    """
    check_output(output, force)
    from dtrcli.conversation.templates import load_registry, prompts_of
    from dtrcli.notebook.notes import pick_note, read_full

    form = exports.load(fmt, "share")
    note = pick_note(name, which, lambda: set(load_registry().templates))
    write_text(form.share(read_full(note.path, prompts_of=prompts_of, warn=False)), output, force)


@app.command(epilog="Example: dtr summary alice")
def summary(
    name: NameArg,
    as_json: JsonOpt = False,
    private: Annotated[
        bool,
        typer.Option(
            "--private",
            help="Include private answers and mentor-only items and follow-ups "
            "(for yourself only).",
        ),
    ] = False,
) -> None:
    """The module's conversations side by side.

    Topic by topic (from the templates' topic keys), with follow-ups done and open.
    Made for a note to the school: private answers and "Mentor only" items,
    paragraphs and follow-ups are left out, unless --private is given.
    """
    from dtrcli import console
    from dtrcli import summary as summing
    from dtrcli.module import followups
    from dtrcli.notebook import finding
    from dtrcli.notebook.names import recorded_name
    from dtrcli.notebook.notes import check_readable, read_notes

    folder = finding.folder(name)
    notes = read_notes(folder)
    if not notes:
        check_readable([folder], name)
    known = templates()
    order, rows = summing.module_summary(notes, known, private=private)
    items = summing.module_followups(folder, known, private=private)
    if private:
        console.info(
            "Private answers and mentor-only items are included (--private): "
            "keep this summary to yourself."
        )
    counts = {
        label: sum(1 for f in items if f.state == state)
        for state, label in followups.STATES.items()
    }
    open_items = [f.text for f in items if f.state == followups.OPEN]
    dates = {t: next(n.date for n in notes if n.template_id == t) for t in order}
    mentee = recorded_name(folder) or folder.name
    if as_json:
        print_json(
            {
                "mentee": mentee,
                "conversations": dates,
                "topics": {
                    topic: {
                        t: [{"question": q, "answer": a} for q, a in qa] for t, qa in cells.items()
                    }
                    for topic, cells in rows
                },
                "followups": {**counts, "open_items": open_items},
            }
        )
        return
    if not notes:
        raise DtrError(
            f"There are no notes for '{name}' yet; start with: dtr kickoff {folder.name}"
        )
    from rich.table import Table
    from rich.text import Text

    shown = console.printable
    table = Table(box=console.box(), show_lines=True, header_style="bold")
    table.add_column("topic", style="bold")
    for t in order:
        table.add_column(Text(f"{shown(t)}\n{shown(dates[t])}"))
    for topic, cells in rows:
        table.add_row(
            # Two answers on one topic (e.g. technical and professional growth): a blank
            # line between them, so they do not read as one paragraph.
            Text(shown(topic)),
            *(
                Text(shown("\n\n".join(a for _, a in cells.get(t, [])), lines=True) or "-")
                for t in order
            ),
        )
    out = console.out()
    out.print(Text(f"Module summary: {shown(mentee)}", "bold"))
    out.print(table)
    out.print(
        f"Follow-ups: {counts['done']} done, {counts['open']} open, "
        f"{counts['carried']} carried, {counts['dropped']} dropped."
    )
    for text in open_items:
        out.print(f"  [ ] {markup_escape(text)}")


@app.command(
    epilog="Examples: dtr export -o dtr-backup.json; dtr export alice --no-private -f markdown"
)
def export(
    name: EveryMenteeArg = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=exports.help_text("export"))
    ] = exports.DEFAULTS["export"],
    output: OutputOpt = None,
    force: ForceOpt = False,
    private: Annotated[
        bool,
        typer.Option(
            "--private/--no-private",
            help="Keep private answers and mentor-only items (the default, for a backup); "
            "--no-private leaves them out, as 'dtr share' does (for a coordinator).",
        ),
    ] = True,
) -> None:
    """Export notes as JSON or Markdown.

    Every note as data (json) or one document (markdown). The default is a full
    backup, private answers included; add --no-private for anyone but yourself.
    """
    check_output(output, force)
    from dtrcli.notebook.notes import notes_of

    form = exports.load(fmt, "export")
    notes = notes_of([name] if name else None)
    write_text(form.export(notes, private=private, templates=templates()), output, force)
