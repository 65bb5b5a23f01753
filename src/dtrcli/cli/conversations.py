"""The conversations: kickoff, midmod, exit, checkin, and run for any template."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from dtrcli.cli.held import conversation
from dtrcli.cli.options import TEMPLATE, NameArg

app = typer.Typer()

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
NewOpt = Annotated[
    bool,
    typer.Option(
        "--new",
        help="A kick-off only: NAME is a new mentee, started without asking (for scripts); "
        "a mentee whose folder NAME names is held as before, and no other is looked for.",
    ),
]
FreshOpt = Annotated[
    bool,
    typer.Option("--fresh", help="Start over without asking; an unfinished draft is kept aside."),
]


@app.command(epilog="Example: dtr run retro alice")
def run(
    template: Annotated[
        str,
        typer.Argument(
            metavar="TEMPLATE",
            help="Template id (see 'dtr templates list').",
            show_default=False,
            click_type=TEMPLATE,
        ),
    ],
    name: NameArg,
    answers: AnswersOpt = None,
    date: DateOpt = None,
    resume: ResumeOpt = False,
    fresh: FreshOpt = False,
    new: NewOpt = False,
) -> None:
    """Hold a conversation from any template.

    Built-in or your own (see dtr templates list).
    """
    conversation(template, name, answers, date, resume, fresh, new)


def _conversation(template_id: str, help_text: str) -> Callable[..., None]:
    """The command of one built-in conversation: ``run`` with its TEMPLATE given (and
    ``--new`` for the kick-off only)."""

    def command(**options: Any) -> None:
        conversation(template_id, **options)

    dropped = {"template"} if template_id == "kickoff" else {"template", "new"}
    signature = inspect.signature(run, eval_str=True)
    command.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p for p in signature.parameters.values() if p.name not in dropped]
    )
    command.__annotations__ = {k: v for k, v in run.__annotations__.items() if k not in dropped}
    command.__doc__ = help_text
    command.__name__ = template_id
    return command


app.command("kickoff", epilog="Example: dtr kickoff alice")(
    _conversation(
        "kickoff",
        """Week 1: the module kick-off DTR.

    Introductions, the weekly meeting time, how to communicate, what to focus on and
    concerns for the module.
    """,
    )
)
app.command("midmod", epilog="Example: dtr midmod alice")(
    _conversation(
        "midmod",
        """Week 3 or 4: the mid-module follow-up.

    Instructor feedback, struggles and focus for the second half, strengths.
    """,
    )
)
app.command("exit", epilog="Example: dtr exit alice")(
    _conversation(
        "exit",
        """Week 6: the module exit DTR.

    Growth, instructor feedback, how you worked together and whether to continue.
    """,
    )
)
app.command("checkin", epilog="Example: dtr checkin alice")(
    _conversation(
        "checkin",
        """Every week: a one-minute check-in after the session.

    Whether you met and for how long, what you worked on, blockers and the next step;
    dtr due says whether the weekly baseline (30 minutes or more) is met.
    """,
    )
)


@app.command(
    epilog='Examples: dtr note alice -m "Asked about SQL joins; sent the guide" '
    '--followup "Alice: try the joins kata by Friday"; echo "Quiet week" | dtr note alice'
)
def note(
    name: NameArg,
    message: Annotated[
        str | None,
        typer.Option(
            "--message", "-m", metavar="TEXT", help="The note's text (no editor is opened)."
        ),
    ] = None,
    followup: Annotated[
        list[str] | None,
        typer.Option(
            "--followup",
            metavar="TEXT",
            help="A follow-up, offered at the next conversation (repeat for more).",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The note's date (default: today)."),
    ] = None,
) -> None:
    """A quick dated note between conversations.

    The text comes from -m TEXT, else standard input when it is not a terminal, else
    your editor ($VISUAL or $EDITOR; not opened for --followup alone). Lines
    "- [ ] ..." and each --followup are follow-ups: listed by dtr followups and offered
    at the next conversation. The note is shown by dtr history, show and search like
    any other; it is yours, its follow-ups too, and kept out of what is shared (share,
    a program's bundle, a calendar file). An empty one is not saved.
    """
    from dtrcli import dates, quicknote
    from dtrcli.cli.output import date_option, no_mentee

    day = date_option(date, "--date") or dates.today()
    missing = no_mentee(name)
    if message is not None:
        text = message
    elif not _terminal_input():
        text = _read_stdin()
    elif followup:
        text = ""
    else:
        from dtrcli.notebook import finding, names

        folder = finding.folder(name, missing)  # a name that matches nobody: before the editor
        text = quicknote.from_editor(names.name_for(folder, name), day, _edit)
    path = quicknote.write_quick_note(name, text, list(followup or []), day, missing)
    typer.echo(str(path))


def _terminal_input() -> bool:
    from dtrcli.conversation.terminal import stdin_is_terminal

    return stdin_is_terminal()


def _read_stdin() -> str:
    import sys

    from dtrcli.errors import DtrError
    from dtrcli.notebook import files

    data = sys.stdin.buffer.read(files.MAX_READ + 1)
    if len(data) > files.MAX_READ:
        limit = files.megabytes(files.MAX_READ)
        raise DtrError(f"Standard input gives more than {limit}, and a note is at most {limit}.")
    try:  # bytes, whatever the locale: text in another encoding is one sentence
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise DtrError(
            f"Standard input is not UTF-8 text (byte {exc.start + 1} is not); save it as "
            "UTF-8 and try again. Nothing was written."
        ) from None


def _edit(path: Any) -> int:
    """Open ``path`` in the mentor's editor (the system's opener when none is set)."""
    from dtrcli.edit import run_editor

    return run_editor(path, lambda f: typer.launch(f, wait=True), ", or give the text with -m")
