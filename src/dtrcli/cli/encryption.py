"""Encryption at rest: dtr encrypt (status), init, on, off, export-identity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dtrcli.cli.boundary import DtrGroup

app = typer.Typer(
    name="encrypt",
    cls=DtrGroup,
    help="Keep the notes encrypted on disk (age files).\n\n"
    "Notes, drafts and profiles are stored encrypted to an identity in dtr's config "
    "folder, and every command reads them as before. Without that identity nobody can "
    "open them, you included: keep a copy (dtr encrypt export-identity). With no command, "
    "says whether this home is encrypted.",
    epilog="Examples: dtr encrypt init   dtr encrypt on   dtr encrypt export-identity -o "
    "~/safe/dtr-identity   dtr encrypt off",
    invoke_without_command=True,
    no_args_is_help=False,
    subcommand_metavar="[COMMAND [ARGS]...]",
    rich_markup_mode=None,
)


@app.callback()
def encrypt(ctx: typer.Context) -> None:
    """Keep the notes encrypted on disk (age files)."""
    if ctx.invoked_subcommand is None:
        _status()


@app.command("status", epilog="Example: dtr encrypt status")
def status() -> None:
    """Whether this home is encrypted, with which identity, and what is left to convert."""
    _status()


def _status() -> None:
    from dtrcli import console
    from dtrcli.notebook import encryption, paths

    report = encryption.status()
    home = paths.data_home()
    if report.identity is None:
        console.info("There is no identity on this machine yet; dtr encrypt init creates one.")
    else:
        guarded = (
            "protected by a passphrase" if report.protected else "not protected by a passphrase"
        )
        console.info(f"Identity: {report.identity} ({guarded}), public key {report.mine}.")
    if report.recipient is None:
        console.info(f"The notes in {home} are not encrypted; dtr encrypt on encrypts them.")
    else:
        if report.mine is None:
            whose = "this machine has no identity to open them"
        elif report.recipient == report.mine:
            whose = "this machine's identity"
        else:
            whose = "another identity than this machine's"
        console.info(f"The notes in {home} are encrypted to {report.recipient} ({whose}).")
    files = console.count(report.sealed, "file")
    console.info(f"{files} stored encrypted, {report.plain} plain.")
    if report.state:
        finish = "on" if report.state == "turning on" else "off"
        console.info(
            f"Encryption was being turned {finish} and that was cut off; "
            f"dtr encrypt {finish} finishes it."
        )


@app.command(
    "init", epilog="Examples: dtr encrypt init   dtr encrypt init --from ~/safe/dtr-identity"
)
def init(
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Put back an identity saved with export-identity (from a backup or another "
            "machine) instead of creating one; '-' reads standard input.",
            show_default=False,
        ),
    ] = None,
    no_passphrase: Annotated[
        bool,
        typer.Option(
            "--no-passphrase",
            help="Do not ask for a passphrase (the identity is then protected only by the "
            "file's permissions).",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an identity that is already there."),
    ] = False,
) -> None:
    """Create the identity that encrypts and opens the notes (in dtr's config folder, 0600).

    On a terminal it asks for a passphrase to protect it (empty for none); in a script
    DTR_PASSPHRASE gives it. Nothing is encrypted yet: dtr encrypt on does that.
    """
    import pyrage

    from dtrcli import console
    from dtrcli.errors import DtrError
    from dtrcli.notebook import sealing

    path = sealing.identity_path()
    if path.exists() and not force:
        raise DtrError(
            f"There is already an identity at {path}; it opens the notes encrypted to it, "
            "so it is kept (add --force to replace it, after saving it with "
            "'dtr encrypt export-identity')."
        )
    raw = None if source is None else _backup(source)
    if raw is not None and sealing.is_sealed(raw):  # kept with the passphrase it has
        passphrase: str | None = _backup_passphrase(raw, source)
        raw = bytes(pyrage.passphrase.decrypt(raw, passphrase))
    else:
        passphrase = None if no_passphrase else _new_passphrase()
    sealing.forget()
    recipient = sealing.create_identity(passphrase, source=raw)
    guarded = " (protected by your passphrase)" if passphrase else ""
    console.info(f"{'Put back' if source else 'Created'} dtr's identity at {path}{guarded}.")
    console.info(f"Its public key is {recipient}.")
    console.info(
        "Keep a copy somewhere safe: without this identity the encrypted notes cannot be "
        "opened by anyone, you included. Save one with: dtr encrypt export-identity -o FILE"
    )
    if sealing.mark() is None:
        console.info("Encrypt this home's notes with: dtr encrypt on")


def _new_passphrase() -> str | None:
    """The passphrase to protect a new identity: DTR_PASSPHRASE, else asked twice on a
    terminal (empty: none), else none."""
    import os
    import sys

    from dtrcli.errors import DtrError
    from dtrcli.notebook import sealing

    given = os.environ.get(sealing.PASSPHRASE_VAR)
    if given is not None:
        return given or None
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None
    import getpass

    first = getpass.getpass("Passphrase to protect the identity (empty for none): ", sys.stderr)
    if not first:
        return None
    if getpass.getpass("The same passphrase again: ", sys.stderr) != first:
        raise DtrError("The two passphrases differ; run dtr encrypt init again.")
    return first


def _backup(source: Path) -> bytes:
    """The bytes of the identity's backup ``source`` as saved: a backup protected by a
    passphrase is an age file, opened by that passphrase, not by this machine's identity
    (files.read_capped would try that). '-' is standard input."""
    import sys

    from dtrcli.errors import DtrError
    from dtrcli.notebook import files

    limit = files.MAX_READ
    try:
        if str(source) == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with source.expanduser().open("rb") as file:  # a pipe too: <(pass show ...)
                data = file.read(limit + 1)
    except FileNotFoundError:
        raise DtrError(f"{source} does not exist; give the identity's file.") from None
    except IsADirectoryError:
        raise DtrError(f"{source} is a folder; give the identity's file.") from None
    except OSError as exc:
        raise DtrError(
            f"{source} cannot be read ({exc.strerror}); give the identity's file."
        ) from None
    if len(data) > limit:
        raise DtrError(
            f"{source} holds more than {files.megabytes(limit)}, which no identity does; give "
            "the file 'dtr encrypt export-identity' wrote."
        )
    return data


def _backup_passphrase(raw: bytes, source: Path | None) -> str:
    """The passphrase that opens a backup protected by one (DTR_PASSPHRASE, or typed)."""
    import os

    import pyrage

    from dtrcli.errors import DtrError
    from dtrcli.notebook import sealing

    given = os.environ.get(sealing.PASSPHRASE_VAR)
    if given is None and sealing.ask_passphrase is not None:
        given = sealing.ask_passphrase(f"Passphrase of {source}: ")
    if given is None:
        raise DtrError(
            f"{source} is protected by a passphrase; run on a terminal to type it, or set "
            f"{sealing.PASSPHRASE_VAR}."
        )
    try:
        pyrage.passphrase.decrypt(raw, given)
    except pyrage.DecryptError:
        raise DtrError(
            f"The passphrase does not open {source}; nothing was changed, run the command "
            "again with the right one."
        ) from None
    return given


@app.command("on", epilog="Example: dtr encrypt on")
def turn_on() -> None:
    """Encrypt this home's notes, drafts and profiles, a file at a time.

    Each file is replaced whole by its encrypted version; if this is cut off, every
    file is still readable and running it again finishes the rest.
    """
    from dtrcli import console
    from dtrcli.notebook import encryption

    done, left = encryption.turn_on()
    console.info(f"Encrypted {console.count(done, 'file')}; this home's notes are now encrypted.")
    if left:
        console.info(f"{console.count(left, 'file')} changed meanwhile; run dtr encrypt on again.")


@app.command("off", epilog="Example: dtr encrypt off")
def turn_off() -> None:
    """Decrypt this home's files back to plain text, a file at a time.

    Needs the identity (and its passphrase); cut off, running it again finishes it.
    """
    from dtrcli import console
    from dtrcli.notebook import encryption, paths

    now = encryption.status()
    if now.recipient is None and not now.sealed:
        console.info(f"The notes in {paths.data_home()} are plain text already.")
        return
    done, left = encryption.turn_off()
    if left:
        console.info(
            f"Decrypted {console.count(done, 'file')}; {console.count(left, 'file')} changed "
            "meanwhile: run dtr encrypt off again."
        )
        return
    console.info(f"Decrypted {console.count(done, 'file')}; this home's notes are plain text now.")


@app.command(
    "export-identity",
    epilog="Examples: dtr encrypt export-identity -o /media/usb/dtr-identity   "
    "dtr encrypt export-identity > backup",
)
def export_identity(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write it to FILE (never inside the notes folder); '-' or none: standard output.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Save a copy of the identity (as stored: with its passphrase, if it has one).

    Keep it apart from this machine (a USB key, a password manager). 'dtr encrypt init
    --from FILE' puts it back, here or on another machine; age -d -i FILE opens the notes.
    """
    import sys

    from dtrcli import console
    from dtrcli.notebook import encryption, outputs

    data = encryption.export_identity()
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    outputs.write_output(output, data, force=force)
    console.info(f"Saved a copy of the identity in {output}; keep it private and safe.")
