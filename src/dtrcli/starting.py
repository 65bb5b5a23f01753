"""Starting a new mentee: only a kick-off or ``dtr mentee add`` does, and only when asked.

A name that finds nobody (:mod:`dtrcli.notebook.finding`) is a new mentee for a
kick-off after the mentor says so at the terminal (``--new`` says so for a
script); every other conversation, and a kick-off with no one to ask, stops
with one sentence that says how to go on. ``dtr mentee add`` asks only when
the name already finds someone else (by their first name, say).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from dtrcli.conversation.templates import command_for
from dtrcli.errors import InterviewInterrupted
from dtrcli.notebook import finding

KICKOFF = "kickoff"  # the one conversation that may start a new mentee


def may_start(template_id: str, name: str, *, new: bool, asking: bool) -> None:
    """Refuse a conversation with a name that finds nobody, unless it is a kick-off that
    may start a new mentee (``new``, or a terminal to ask at: ``asking``)."""
    from dtrcli import shell

    who = shell.quote(name)
    if template_id != KICKOFF:
        raise finding.UnknownMentee(
            f"There is no mentee '{name}' yet; a new mentee starts with a kick-off: "
            f"dtr kickoff {who}." + finding.hint(name)
        )
    if not (new or asking):
        raise finding.UnknownMentee(
            f"There is no mentee '{name}' yet, and without a terminal no one can be asked "
            f"before a new one is started; add them first with: dtr mentee add {who} "
            "(or give this kick-off --new)." + finding.hint(name)
        )


def confirm_new(
    name: str,
    mentee: str,
    folder: Path,
    session: Callable[[], AbstractContextManager[object]],
    confirm: Callable[..., bool],
) -> None:
    """Ask before a kick-off starts a new mentee; stop (exit 130) when the answer is no."""
    close = finding.hint(name).strip()
    question = (
        f"There is no mentee '{name}' yet.{' ' + close if close else ''} "
        f"Start a new mentee, {mentee} (folder {folder.name})?"
    )
    try:
        with session():
            yes = confirm(question, default=not close)
    except (KeyboardInterrupt, EOFError):
        yes = False
    if not yes:
        raise InterviewInterrupted(
            "Nothing was started. To find a mentee, see dtr mentee list; to add one: "
            f"{command_for(KICKOFF, name)} (or dtr mentee add)."
        )
