"""The conversations: kickoff, midmod, exit, checkin, and run for any template."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from dtrcli.cli.options import TEMPLATE, NameArg, date_option

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


def _hold(
    template_id: str,
    name: str,
    answers: str | None = None,
    date: str | None = None,
    resume: bool = False,
    fresh: bool = False,
    new: bool = False,
) -> None:
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
    typer.echo(str(path))


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
    _hold(template, name, answers, date, resume, fresh, new)


def _conversation(template_id: str, help_text: str) -> Callable[..., None]:
    """The command of one built-in conversation: ``run`` with its TEMPLATE given (and
    ``--new`` for the kick-off only)."""

    def command(**options: Any) -> None:
        _hold(template_id, **options)

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
