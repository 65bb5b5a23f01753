"""mentee rename, archive and restore (commands of the mentee group, registered by it)."""

from __future__ import annotations

from typing import Annotated

import typer

from dtrcli.cli.options import ARCHIVED, MENTEE, NameArg, no_mentee

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
    from dtrcli.errors import DtrError
    from dtrcli.module import renaming
    from dtrcli.notebook import finding, paths

    folder = finding.lookup(name, archived=True)
    if folder is None:
        kept = ", ".join(f.name for f in paths.archived_dirs()) or "none"
        raise DtrError(f"There is no archived mentee '{name}' (archived: {kept}).")
    place = renaming.restore(folder)
    console.info(f"Restored {finding.label(place)}.")
    typer.echo(str(place))


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
