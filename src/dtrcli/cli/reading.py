"""Reading the notes: history, show, drafts, search, edit."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dtrcli.cli import listed
from dtrcli.cli.options import MENTEE, TEMPLATE, EveryMenteeArg, JsonOpt, NameArg
from dtrcli.cli.output import markup_escape, print_json
from dtrcli.errors import NoteError

app = typer.Typer()

WhichArg = Annotated[
    str,
    typer.Argument(
        metavar="WHICH",
        help="latest (default), a date YYYY-MM-DD, a conversation such as kickoff, or a file name.",
    ),
]
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        metavar="TEMPLATE",
        click_type=TEMPLATE,
        help="Only this conversation, e.g. exit.",
    ),
]


@app.command(
    epilog="Examples: dtr history alice   dtr history --kind exit --since 2026-10-01   "
    "dtr history alice --json | jq -r '.[0].path'"
)
def history(
    name: EveryMenteeArg = None,
    kind: KindOpt = None,
    since: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Only notes from this date on.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Show at most N notes.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List notes, newest first.

    Date, conversation, title and file; every mentee's without NAME.
    """
    listed.history(name, kind, since, limit, as_json)


@app.command(
    epilog="Examples: dtr show alice   dtr show alice 2026-11-30   dtr show alice exit   "
    "dtr show alice 2026-11-30 checkin   dtr show alice --json"
)
def show(
    name: NameArg,
    which: WhichArg = "latest",
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help="With a date: the conversation, when that day has several notes.",
            show_default=False,
            click_type=TEMPLATE,
        ),
    ] = None,
    raw: Annotated[bool, typer.Option("--raw", help="Print the file exactly as stored.")] = False,
    as_json: JsonOpt = False,
    pager: Annotated[
        bool,
        typer.Option(
            "--pager/--no-pager",
            help="Page a note taller than the terminal through $PAGER (default less -R).",
        ),
    ] = True,
) -> None:
    """Read a note (the latest unless you say which)."""
    from dtrcli.notebook.noteformat import read_text
    from dtrcli.notebook.notes import pick_note

    note = pick_note(
        name, which, listed.kinds, kind=kind, choose=_ask_which if _both_terminals() else None
    )
    if as_json:
        from dtrcli.cli.output import templates
        from dtrcli.exports.jsonfile import note_data

        print_json(note_data(note, templates(), private=True))
        return
    text = read_text(note.path)
    if raw or not sys.stdout.isatty():
        typer.echo(text, nl=False, color=True)  # color: click would strip escape sequences
        return
    from rich.markdown import Markdown

    from dtrcli import console
    from dtrcli.notebook.noteformat import split_front_matter

    # The file as stored is for --raw and pipes; a terminal is shown its text with
    # every control character made visible.
    _, body, _ = split_front_matter(text, note.path)
    out = console.out()
    with out.capture() as shown:
        out.print(f"[dim]{markup_escape(note.path)}[/]")
        out.print(Markdown(console.printable(body, lines=True)))
    page = shown.get()
    if pager and page.count("\n") >= shutil.get_terminal_size().lines and _real_terminal():
        _page(page)
    else:
        sys.stdout.write(page)


def _real_terminal() -> bool:
    """stdout is a terminal a pager can take over (not a test's stand-in)."""
    import os

    try:
        return os.isatty(sys.stdout.fileno())
    except (AttributeError, ValueError, OSError):
        return False


def _both_terminals() -> bool:
    from dtrcli.conversation.terminal import stdin_is_terminal

    return stdin_is_terminal() and sys.stdout.isatty()


def _ask_which(found: list[Any]) -> Any:
    """Several notes on the day asked for: the mentor picks one."""
    from dtrcli.console import printable
    from dtrcli.conversation.interview import ChoicePrompt
    from dtrcli.conversation.terminal import TerminalUI

    options = [(f"{n.template_id}: {printable(n.title)} ({n.path.name})", n) for n in found]
    ui = TerminalUI()
    with ui.session():
        return ui.choose(ChoicePrompt(f"{found[0].date} has {len(found)} notes; which?", options))


def _page(text: str) -> None:
    """``text`` through the mentor's pager ($PAGER, else less -R); printed if it will not run."""
    import os
    import subprocess

    from dtrcli import shell

    command = shell.split(os.environ.get("PAGER") or "less -R")
    try:
        subprocess.run(command, input=text, text=True, check=False)
    except OSError:
        sys.stdout.write(text)


@app.command(epilog="Example: dtr drafts --json")
def drafts(as_json: JsonOpt = False) -> None:
    """Unfinished interviews and how to resume them.

    Mentee, conversation, age, answers so far (and any that was being typed when it
    stopped) and the command that resumes each.
    """
    from dtrcli import console
    from dtrcli.conversation import drafts as drafts_mod

    rows: list[dict[str, Any]] = []
    known = listed.kinds()
    for path in drafts_mod.draft_files():
        try:
            d = drafts_mod.load_draft(path)
        except NoteError as exc:
            console.warn(str(exc))
            continue
        saved = d.saved
        rows.append(
            {
                "mentee": d.mentee,
                "folder": path.parent.name,
                "template": d.template,
                "date": d.date,
                "saved": saved.isoformat(timespec="seconds") if saved else None,
                "age": _age(saved),
                "answers": drafts_mod.answered(d),
                "typing": len(d.typing),  # answers being typed when it stopped, kept
                "path": str(path),
                "resume": _resume_hint(path, d.template, known),
            }
        )
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.info("No unfinished interviews.")
        return
    keys = ("mentee", "template", "age", "answers", "resume")
    console.table_or_blocks(
        ("mentee", "conversation", "saved", "answers", "to resume"),
        [
            [
                str(r[k])
                + (f" + {r['typing']} being typed" if k == "answers" and r["typing"] else "")
                for k in keys
            ]
            for r in rows
        ],
    )


def _resume_hint(path: Path, template_id: str, known: set[str]) -> str:
    """The command that resumes a draft; a set-aside one waits for the current draft."""
    from dtrcli.conversation import drafts
    from dtrcli.conversation.templates import command_for

    if template_id not in known:
        return f"(no template '{template_id}' any more: see dtr templates list)"
    command = command_for(template_id, path.parent.name)
    current = drafts.draft_path(path.parent, template_id)
    if path == current:
        return command
    newest = drafts.kept_aside(path.parent, template_id)[-1:]
    if current.exists() or newest != [path]:
        return f"{command} once the newer draft is saved or discarded (kept aside: {path.name})"
    return f"{command} (kept aside: {path.name})"


def _age(when: dt.datetime | None) -> str:
    if when is None:
        return "?"
    seconds = (dt.datetime.now().astimezone() - when).total_seconds()
    if seconds < 60:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return "?"  # pragma: no cover


@app.command(epilog="Example: dtr search 'SQL' --mentee alice")
def search(
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="What to look for (any case).", show_default=False)
    ],
    mentee: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Only this mentee's notes.", click_type=MENTEE),
    ] = None,
    kind: KindOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find text in the notes.

    Case-insensitive; each match with mentee, date, conversation, question and line.
    """
    listed.search(text, mentee, kind, as_json)


@app.command(epilog="Example: EDITOR=vim dtr edit alice kickoff")
def edit(name: NameArg, which: WhichArg = "latest") -> None:
    """Edit a note in your editor.

    Opens $VISUAL or $EDITOR, then checks dtr can still read the note.
    """
    from dtrcli import edit as editing
    from dtrcli.notebook.notes import pick_path

    editing.edit_note(
        pick_path(name, which, listed.kinds), name, lambda f: typer.launch(f, wait=True)
    )
