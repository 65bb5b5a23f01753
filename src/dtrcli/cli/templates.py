"""Templates: list, show and check them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dtrcli.cli.boundary import DtrGroup
from dtrcli.cli.options import TEMPLATE, JsonOpt
from dtrcli.cli.output import markup_escape, print_json, templates
from dtrcli.errors import DtrError

app = typer.Typer(
    name="templates",
    cls=DtrGroup,
    help="List, show and check question templates.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("list", epilog="Example: dtr templates list")
def templates_list(as_json: JsonOpt = False) -> None:
    """List templates: id, title, week, source."""
    from dtrcli import console

    rows = sorted(templates().values(), key=lambda t: (t.weeks or (99,), t.id))
    if as_json:
        print_json(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "weeks": list(t.weeks),
                    "source": t.source,
                    "path": str(t.path),
                }
                for t in rows
            ]
        )
        return
    console.table(
        ("id", "title", "when", "source"),
        [
            [t.id, t.title, t.when_text, "built-in" if t.source == "built-in" else str(t.path)]
            for t in rows
        ],
    )


@app.command("show", epilog="Example: dtr templates show kickoff --json")
def templates_show(
    template: Annotated[
        str,
        typer.Argument(
            metavar="TEMPLATE",
            help="Template id.",
            show_default=False,
            click_type=TEMPLATE,
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Show a template's questions.

    Sections and questions with their ids, types and which are required.
    """
    from dtrcli import console
    from dtrcli.conversation.schema import template_to_data
    from dtrcli.conversation.templates import Registry

    t = Registry(templates(), []).get(template)
    if as_json:
        print_json(template_to_data(t))
        return
    o = console.out()
    about = markup_escape(f"({t.id}, version {t.version}, {t.when_text})")
    o.print(f"[bold]{markup_escape(t.title)}[/] {about}")
    if t.description:
        o.print(markup_escape(t.description.strip(), lines=True))
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
            about = markup_escape(f"{q.id} ({', '.join(flags)})")
            o.print(f"  {number:>2}. {markup_escape(q.prompt)} [dim]{about}[/]")
            if q.choices:
                o.print(f"      [dim]choices: {markup_escape(', '.join(q.choices))}[/]")


@app.command("validate", epilog="Example: dtr templates validate my-retro.yaml")
def templates_validate(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The template file to check.", show_default=False)
    ],
) -> None:
    """Check a template file.

    Exit 1 and say what is wrong if anything is.
    """
    from dtrcli import console
    from dtrcli.conversation.templates import check_recalls, load_registry, load_template

    if not file.exists():  # a folder, a named pipe, a device: load_template names it
        raise DtrError(f"{file} does not exist.")
    t = load_template(file)
    known = dict(load_registry().templates)
    known[t.id] = t
    check_recalls(t, known)
    console.info(
        f"{file}: template '{t.id}' is valid ({console.count(len(t.questions), 'question')})."
    )
