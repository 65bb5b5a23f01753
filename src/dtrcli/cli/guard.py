"""What every run of a command does around it, through typer or not (no typer here).

Before the command: :func:`begin` (the collector back on, notices to the console, an
encrypted home's identity unlocked). After it: :func:`ended` turns what the command
raised into one sentence on stderr and an exit code, the way
:class:`~dtrcli.cli.boundary.DtrGroup` does for typer's commands (it calls the same
functions), so :mod:`dtrcli.cli.quick` ends a command exactly as typer's path does.
"""

from __future__ import annotations

import sys

from dtrcli.errors import DtrError

STATE = {"debug": False}

# Commands that read no note's text: an encrypted home's identity is not unlocked for them
# (encrypt unlocks it itself where it must; sync needs it to merge profiles, so it is not here).
NO_NOTES_READ = ("encrypt", "templates")


def begin(command: str | None, rest: list[str], debug: bool, completing: bool = False) -> None:
    """Ready the run of ``command`` (``rest``: the words after its name; ``completing``:
    a shell asking for completions, when no passphrase is ever asked)."""
    from dtrcli import console, notices, progressbar
    from dtrcli.cli import resume_collector

    resume_collector()
    STATE["debug"] = debug
    notices.listen(console.notice)
    notices.listen_progress(progressbar.progress)
    _unlock(command, rest, completing)


def _unlock(command: str | None, rest: list[str], completing: bool) -> None:
    """In an encrypted home, the identity unlocked before the command starts: its
    passphrase asked on the terminal (once a run, not echoed), else taken from
    DTR_PASSPHRASE, else the command stops with one sentence, having done nothing."""
    from dtrcli.notebook import sealing

    sealing.forget()
    sealing.ask_passphrase = None
    if completing:  # completing a word: never a prompt
        return
    if sys.stdin.isatty() and sys.stderr.isatty():

        def ask(prompt: str) -> str:
            import getpass

            return getpass.getpass(prompt, sys.stderr)

        sealing.ask_passphrase = ask
    if command in (None, *NO_NOTES_READ):
        return
    if command == "program" and rest[:1] == ["report"]:
        return  # the coordinator's report reads bundles, never this home's notes
    if any(arg in ("-h", "--help") for arg in rest):
        return
    sealing.ready()


def ended(exc: BaseException) -> int:
    """The exit code for what a command raised, with its one sentence said (a DtrError,
    a closed stdout pipe, any surprise); raised again with --debug. Typer's commands
    (DtrGroup.invoke) and the plain forms (cli.quick) both end here."""
    if isinstance(exc, DtrError):
        if STATE["debug"]:
            raise exc
        report(str(exc), exc.exit_code)
        return exc.exit_code
    if isinstance(exc, BrokenPipeError):
        quiet_stdout()
        return 1
    if STATE["debug"]:
        raise exc
    report(unexpected(exc))
    return 1


def unexpected(exc: BaseException) -> str:
    return (
        f"dtr stopped on an unexpected problem ({exc.__class__.__name__}: {exc}); "
        "run it again with --debug to see the details."
    )


def quiet_stdout() -> None:
    """The reader of stdout went away (``dtr history | head -1``): stdout is pointed at
    /dev/null, so Python's own flush at exit does not complain again. The run ends with
    exit status 1 and no message, as rich does for the tables it prints and as Python's
    documentation suggests."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def report(message: str, code: int = 1) -> None:
    """``message`` on stderr: "error: ..." unless the mentor stopped on purpose (130)."""
    from dtrcli import console

    try:
        if code == 130:  # the mentor stopped on purpose (Ctrl-C): not an error
            console.info(message)
        else:
            console.error(message)
    except OSError:
        closed_terminal()


def closed_terminal() -> None:
    """stderr went away (the terminal window was closed): nothing can be said any more.

    stderr is pointed at /dev/null, so Python's own flush at exit stays quiet too;
    the exit status is kept.
    """
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
