"""dtr's command line. It parses arguments, calls the core and prints.

This is the single place where a :class:`DtrError` becomes a message on
stderr and an exit code. Heavy modules (questionary, rich.markdown) are
imported inside the commands that need them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dtrcli import __version__
from dtrcli.cli_mentees import calendar, due, followups_cmd, mentee_app
from dtrcli.cli_review import WhichArg, edit, export, history, search, share, summary
from dtrcli.clishared import (
    STATE,
    DtrGroup,
    JsonOpt,
    NameArg,
    complete_template,
    json_text,
    markup_escape,
)
from dtrcli.errors import DtrError, InterviewInterrupted, NoteError

app = typer.Typer(
    cls=DtrGroup,
    name="dtr",
    help="Guided notes for mentors' DTR (define the relationship) conversations.\n\n"
    "Run 'dtr kickoff NAME' in week 1, 'dtr midmod NAME' in week 3 or 4 and "
    "'dtr exit NAME' in week 6; 'dtr history NAME' lists what you talked about.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
templates_app = typer.Typer(
    cls=DtrGroup,
    help="List, show and check question templates.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dtr {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks on errors (for bug reports).")
    ] = False,
) -> None:
    STATE["debug"] = debug


# --- shared options ------------------------------------------------------------

AnswersOpt = Annotated[
    str | None,
    typer.Option(
        "--answers",
        "-a",
        metavar="FILE",
        help="Take the answers from a YAML or JSON file (question id: answer) instead of "
        "asking; '-' reads standard input.",
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="Date of the conversation, to record one held earlier (default: today).",
    ),
]
ResumeOpt = Annotated[
    bool, typer.Option("--resume", help="Continue the unfinished draft without asking.")
]
FreshOpt = Annotated[
    bool,
    typer.Option("--fresh", help="Start over without asking; an unfinished draft is kept aside."),
]


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    from dtrcli import store

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise DtrError(f"--date {text!r} is not a date; use the form YYYY-MM-DD.") from None
    if not store.in_range(day):
        raise DtrError(f"--date {text} is too far off; use a date {store.DATE_RANGE}.")
    return day


def _conversation(
    template_id: str,
    name: str,
    answers_file: str | None,
    date: str | None,
    resume: bool = False,
    fresh: bool = False,
) -> None:
    from dtrcli import conversation

    path = conversation.hold(
        template_id,
        name,
        answers_file=answers_file,
        date=_parse_date(date),
        resume=resume,
        fresh=fresh,
    )
    typer.echo(str(path))


@app.command(epilog="Example: dtr kickoff alice")
def kickoff(
    name: NameArg,
    answers: AnswersOpt = None,
    date: DateOpt = None,
    resume: ResumeOpt = False,
    fresh: FreshOpt = False,
) -> None:
    """Week 1: the module kick-off DTR.

    Introductions, the weekly meeting time, how to communicate, what to focus on and
    concerns for the module.
    """
    _conversation("kickoff", name, answers, date, resume, fresh)


@app.command(epilog="Example: dtr midmod alice")
def midmod(
    name: NameArg,
    answers: AnswersOpt = None,
    date: DateOpt = None,
    resume: ResumeOpt = False,
    fresh: FreshOpt = False,
) -> None:
    """Week 3 or 4: the mid-module follow-up.

    Instructor feedback, struggles and focus for the second half, strengths.
    """
    _conversation("midmod", name, answers, date, resume, fresh)


@app.command("exit", epilog="Example: dtr exit alice")
def exit_(
    name: NameArg,
    answers: AnswersOpt = None,
    date: DateOpt = None,
    resume: ResumeOpt = False,
    fresh: FreshOpt = False,
) -> None:
    """Week 6: the module exit DTR.

    Growth, instructor feedback, how you worked together and whether to continue.
    """
    _conversation("exit", name, answers, date, resume, fresh)


@app.command(epilog="Example: dtr run retro alice")
def run(
    template: Annotated[
        str,
        typer.Argument(
            metavar="TEMPLATE",
            help="Template id (see 'dtr templates list').",
            show_default=False,
            autocompletion=complete_template,
        ),
    ],
    name: NameArg,
    answers: AnswersOpt = None,
    date: DateOpt = None,
    resume: ResumeOpt = False,
    fresh: FreshOpt = False,
) -> None:
    """Hold a conversation from any template.

    Built-in or your own (see dtr templates list).
    """
    _conversation(template, name, answers, date, resume, fresh)


# --- review ------------------------------------------------------------------------


app.command(
    epilog="Examples: dtr history alice   dtr history --kind exit --since 2026-10-01   "
    "dtr history alice --json | jq -r '.[0].path'"
)(history)


@app.command(epilog="Examples: dtr show alice   dtr show alice 2026-11-30   dtr show alice exit")
def show(
    name: NameArg,
    which: WhichArg = "latest",
    raw: Annotated[bool, typer.Option("--raw", help="Print the file exactly as stored.")] = False,
) -> None:
    """Read a note (the latest unless you say which)."""
    from dtrcli import library

    note = library.pick_note(name, which)
    text = note.path.read_text(encoding="utf-8")
    if raw or not sys.stdout.isatty():
        typer.echo(text, nl=False)
        return
    from rich.markdown import Markdown

    from dtrcli import console
    from dtrcli.notes import split_front_matter

    _, body, _ = split_front_matter(text, note.path)
    console.out().print(f"[dim]{note.path}[/]")
    console.out().print(Markdown(body))


@app.command(epilog="Example: dtr drafts --json")
def drafts(as_json: JsonOpt = False) -> None:
    """Unfinished interviews and how to resume them.

    Mentee, conversation, age, answers so far and the command that resumes each.
    """
    from dtrcli import console
    from dtrcli import drafts as drafts_mod
    from dtrcli.templates import load_registry

    rows: list[dict[str, Any]] = []
    known = set(load_registry().templates)
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
                "answers": sum(1 for v in d.answers.values() if v not in (None, "", [])),
                "path": str(path),
                "resume": _resume_hint(path, d.template, known),
            }
        )
    if as_json:
        typer.echo(json_text(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        console.info("No unfinished interviews.")
        return
    keys = ("mentee", "template", "age", "answers", "resume")
    console.table_or_blocks(
        ("mentee", "conversation", "saved", "answers", "to resume"),
        [[str(r[k]) for k in keys] for r in rows],
    )


def _resume_hint(path: Path, template_id: str, known: set[str]) -> str:
    """The command that resumes a draft; a set-aside one waits for the current draft."""
    from dtrcli import drafts
    from dtrcli.conversation import command_for

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


# --- templates ---------------------------------------------------------------------


@templates_app.command("list", epilog="Example: dtr templates list")
def templates_list(as_json: JsonOpt = False) -> None:
    """List templates: id, title, week, source."""
    from dtrcli import console
    from dtrcli.templates import load_registry

    reg = load_registry()
    for problem in reg.problems:
        console.warn(problem)
    rows = sorted(reg.templates.values(), key=lambda t: (t.weeks or (99,), t.id))
    if as_json:
        typer.echo(
            json_text(
                [
                    {
                        "id": t.id,
                        "title": t.title,
                        "weeks": list(t.weeks),
                        "source": t.source,
                        "path": str(t.path),
                    }
                    for t in rows
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    console.table(
        ("id", "title", "when", "source"),
        [
            [t.id, t.title, t.when_text, "built-in" if t.source == "built-in" else str(t.path)]
            for t in rows
        ],
    )


@templates_app.command("show", epilog="Example: dtr templates show kickoff --json")
def templates_show(
    template: Annotated[
        str,
        typer.Argument(
            metavar="TEMPLATE",
            help="Template id.",
            show_default=False,
            autocompletion=complete_template,
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Show a template's questions.

    Sections and questions with their ids, types and which are required.
    """
    from dtrcli import console
    from dtrcli.templates import load_registry, template_to_data

    reg = load_registry()
    for problem in reg.problems:
        console.warn(problem)
    t = reg.get(template)
    if as_json:
        typer.echo(json_text(template_to_data(t), indent=2, ensure_ascii=False, default=str))
        return
    o = console.out()
    o.print(f"[bold]{markup_escape(t.title)}[/] ({t.id}, version {t.version}, {t.when_text})")
    if t.description:
        o.print(markup_escape(t.description.strip()))
    number = 0
    for s in t.sections:
        o.print(f"\n[bold]{markup_escape(s.title)}[/]")
        for q in s.questions:
            number += 1
            flags = [q.type]
            if q.required:
                flags.append("required")
            if q.private:
                flags.append("private")
            if q.when:
                flags.append(f"when {q.when.question}")
            if q.recall:
                flags.append(f"recalls {q.recall}")
            o.print(f"  {number:>2}. {markup_escape(q.prompt)} [dim]{q.id} ({', '.join(flags)})[/]")
            if q.choices:
                o.print(f"      [dim]choices: {markup_escape(', '.join(q.choices))}[/]")


@templates_app.command("validate", epilog="Example: dtr templates validate my-retro.yaml")
def templates_validate(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The template file to check.", show_default=False)
    ],
) -> None:
    """Check a template file.

    Exit 1 and say what is wrong if anything is.
    """
    from dtrcli import console
    from dtrcli.templates import check_recalls, load_registry, load_template

    if not file.is_file():
        raise DtrError(f"{file} is not a file.")
    t = load_template(file)
    known = dict(load_registry().templates)
    known[t.id] = t
    check_recalls(t, known)
    console.info(
        f"{file}: template '{t.id}' is valid ({console.count(len(t.questions), 'question')})."
    )


# --- the rest, in the order --help lists them -------------------------------------------
app.command(epilog="Example: dtr search 'SQL' --mentee alice")(search)
app.command(epilog="Example: EDITOR=vim dtr edit alice kickoff")(edit)
app.command(epilog="Example: dtr share alice kickoff --format slack | pbcopy")(share)
app.command(epilog="Example: dtr summary alice")(summary)
app.command(
    epilog="Examples: dtr export -o dtr-backup.json; dtr export alice --no-private -f markdown"
)(export)
app.add_typer(mentee_app, name="mentee")
app.command(epilog="Example: dtr due --json")(due)
app.command("followups", epilog="Example: dtr followups alice")(followups_cmd)
app.command(epilog="Example: dtr calendar alice -o alice.ics")(calendar)
app.add_typer(templates_app, name="templates")


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="dtr")
    except InterviewInterrupted as exc:  # pragma: no cover - handled in the group
        print(str(exc), file=sys.stderr)
        sys.exit(exc.exit_code)
    except NoteError as exc:  # pragma: no cover - handled in the group
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
