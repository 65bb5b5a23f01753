"""mentee rename, archive and restore (commands of the mentee group, registered by it),
the archived mentees listed, and the folder mentee add gives a name."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dtrcli.cli.options import ARCHIVED, MENTEE, NameArg
from dtrcli.cli.output import no_mentee, print_json
from dtrcli.errors import DtrError

NewNameArg = Annotated[
    str,
    typer.Argument(
        metavar="NEW",
        help='The new name, e.g. "Alice Smith-Jones" (the folder is named after it).',
        show_default=False,
    ),
]


def mentee_rename(
    name: NameArg,
    new: NewNameArg,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="NEW is another mentee already: put NAME's notes and profile with theirs "
            "(no note is replaced; a second note of a day gets -2).",
        ),
    ] = False,
) -> None:
    """Give a mentee another name.

    The folder, the profile and every note's front matter and title; a run cut off is
    finished by running it again.
    """
    from dtrcli import console
    from dtrcli.module import renaming
    from dtrcli.notebook import finding

    folder = finding.folder(name, no_mentee(name))
    done = renaming.rename(folder, new, merge=merge)
    notes = console.count(done.notes, "note")
    if done.merged:
        console.info(f"Moved {folder.name} into {done.name} ({done.folder.name}); {notes} renamed.")
    else:
        console.info(f"Renamed {folder.name} to {done.name} ({done.folder.name}); {notes} changed.")
    typer.echo(str(done.folder))


def mentee_archive(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="The mentee (with --restore: the archived one).",
            show_default=False,
            click_type=MENTEE,
        ),
    ],
    restore: Annotated[
        bool, typer.Option("--restore", help="Bring an archived mentee back.")
    ] = False,
) -> None:
    """Move a mentee out of every listing, into the archive.

    Nothing is deleted: the notes and profile stay in the .archive folder of the notes
    folder; dtr mentee restore NAME brings them back.
    """
    if restore:
        mentee_restore(name)
        return
    from dtrcli import console, shell
    from dtrcli.module import renaming
    from dtrcli.notebook import finding

    folder = finding.folder(name, no_mentee(name))
    place = renaming.archive(folder)
    console.info(
        f"Archived {finding.label(place)}; bring them back with: "
        f"dtr mentee restore {shell.quote(place.name)}"
    )
    typer.echo(str(place))


def mentee_restore(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="The archived mentee.", show_default=False, click_type=ARCHIVED
        ),
    ],
) -> None:
    """Bring an archived mentee back into the listings."""
    from dtrcli import console
    from dtrcli.module import renaming
    from dtrcli.notebook import finding, paths

    folder = finding.lookup(name, archived=True)
    if folder is None:
        kept = ", ".join(f.name for f in paths.archived_dirs()) or "none"
        raise DtrError(f"There is no archived mentee '{name}' (archived: {kept}).")
    place = renaming.restore(folder)
    console.info(f"Restored {finding.label(place)}.")
    typer.echo(str(place))


def new_folder(name: str) -> Path:
    """The folder ``mentee add NAME`` gives a profile: the one NAME names (whose notes may
    be there already), asking first when NAME would rather find someone else."""
    from dtrcli import shell
    from dtrcli.conversation import terminal
    from dtrcli.notebook import finding, paths

    folder = paths.mentee_dir(name)
    found = [f for f in finding.candidates(name) if f != folder]
    if folder.is_dir() or not found:
        return folder
    who = ", ".join(finding.label(f) for f in found)
    if not terminal.stdin_is_terminal():
        raise DtrError(
            f"'{name}' already finds {who}; to add someone else, give a name that tells them "
            f"apart (e.g. with a last initial), or to change theirs: dtr mentee edit "
            f"{shell.quote(found[0].name)} ..."
        )
    ui = terminal.TerminalUI()
    with ui.session():
        yes = ui.confirm(f"'{name}' already finds {who}. Add a new mentee, {name}?", default=False)
    if not yes:
        raise DtrError("Nothing was added.")
    return folder


def archived_list(as_json: bool) -> None:
    """The archived mentees: name and folder."""
    from dtrcli import console
    from dtrcli.notebook import names, paths

    found = paths.archived_dirs()
    rows = [(names.recorded_name(f) or f.name, str(f)) for f in found]
    if as_json:
        print_json(
            [
                {"mentee": n, "folder": f.name, "path": p}
                for (n, p), f in zip(rows, found, strict=True)
            ]
        )
    elif rows:
        console.table(("mentee", "folder"), [list(r) for r in rows])
    else:
        console.info("No archived mentees.")


def register(app: typer.Typer) -> None:
    app.command(
        "rename",
        epilog='Examples: dtr mentee rename alice "Alice Smith"   '
        "dtr mentee rename ali alice-smith --merge",
    )(mentee_rename)
    app.command(
        "archive",
        epilog="Examples: dtr mentee archive bo   dtr mentee archive --restore bo",
    )(mentee_archive)
    app.command("restore", epilog="Example: dtr mentee restore bo")(mentee_restore)
