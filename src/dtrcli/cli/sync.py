"""Sync: the notes folder as a git repository, sent to and brought from a private remote."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dtrcli.cli.boundary import DtrGroup

if TYPE_CHECKING:
    from dtrcli.notebook.sync import Outcome

app = typer.Typer(
    name="sync",
    cls=DtrGroup,
    help="Sync the notes with your other machines through git.\n\n"
    "Commits what changed here, brings what changed elsewhere (a note written on both "
    "machines is kept twice, a profile is merged field by field) and sends the result. "
    "Set it up once with 'dtr sync init REMOTE'.",
    epilog="Examples: dtr sync init git@github.com:me/dtr-notes.git   dtr sync   dtr sync --status",
    invoke_without_command=True,
    no_args_is_help=False,
    subcommand_metavar="[COMMAND [ARGS]...]",
    rich_markup_mode=None,
)


@app.callback()
def sync(
    ctx: typer.Context,
    status: Annotated[
        bool,
        typer.Option("--status", help="Say what is not yet sent, without syncing."),
    ] = False,
) -> None:
    """Sync the notes with your other machines through git."""
    if ctx.invoked_subcommand is not None:
        return
    if status:
        _status()
        return
    from dtrcli.module import profiles
    from dtrcli.notebook import sync as syncing

    _report(syncing.sync(profiles.merge_stored))


@app.command("init", epilog="Example: dtr sync init git@github.com:me/dtr-notes.git")
def init(
    remote: Annotated[
        str | None,
        typer.Argument(
            metavar="REMOTE",
            help="The address of a private git repository (none: history here only).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Make the notes folder a git repository that syncs with REMOTE.

    Then syncs once: on a second machine this brings the notes already there.
    """
    from dtrcli import console
    from dtrcli.module import profiles
    from dtrcli.notebook import paths
    from dtrcli.notebook import sync as syncing

    outcome = syncing.init(remote, profiles.merge_stored)
    if outcome.created:
        console.info(f"The notes folder {paths.data_home()} is now a git repository.")
    if outcome.remote:
        console.info(
            f"It syncs with {outcome.remote}: keep that repository private, since whoever "
            "can read it reads every note."
        )
    _report(outcome)


def _report(outcome: Outcome) -> None:
    from dtrcli import console
    from dtrcli.notebook.merging import describe

    if outcome.committed:
        n = console.count(len(outcome.committed), "change")
        console.info(f"Committed {n} here: {describe(outcome.committed)}.")
    if outcome.received:
        n = console.count(len(outcome.received), "change")
        console.info(f"Brought {n} from {outcome.remote}: {describe(outcome.received)}.")
    if outcome.remote is None:
        console.info(
            "There is no remote to send them to; add one with: dtr sync init REMOTE"
            if outcome.committed
            else "Nothing changed; there is no remote yet: dtr sync init REMOTE adds one."
        )
    elif outcome.sent:
        console.info(f"Sent to {outcome.remote}.")
    elif not outcome.received:
        console.info(f"Already in sync with {outcome.remote}.")


def _status() -> None:
    from dtrcli import console
    from dtrcli.notebook import syncstatus

    report = syncstatus.status()
    rows = [[what, path] for what, path in report.changed]
    listed = {path for _what, path in report.changed}
    rows += [["committed", path] for path in report.unsent if path not in listed]
    if rows:
        console.table(["not yet sent", "file"], rows)
    where = report.remote or "a remote (there is none yet: dtr sync init REMOTE adds one)"
    if report.running:
        console.info("A dtr sync is running now.")
    elif report.interrupted:
        console.info("The last sync was interrupted; dtr sync completes it.")
    if rows:
        console.info(f"{console.count(len(rows), 'file')} not yet on {where}; dtr sync sends them.")
    elif report.never_sent and report.remote:
        console.info(f"Nothing has been sent to {where} yet; dtr sync sends the notes.")
    else:
        console.info(f"Everything here is on {where} (as of the last sync).")
    if report.behind:
        console.info(
            f"At the last sync {where} had {console.count(report.behind, 'commit')} not here "
            "yet; dtr sync brings them."
        )
