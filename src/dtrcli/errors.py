"""The one exception family dtr raises for things a user can fix.

Every subclass carries a sentence meant for the user: what is wrong and what
to do. ``cli.py`` is the only place that turns them into a message and an
exit code.
"""

from __future__ import annotations

from pathlib import Path


class DtrError(Exception):
    """A problem the user can act on; ``str(err)`` is the message shown."""

    exit_code = 1


class TemplateError(DtrError):
    """A template file is malformed, or a template id is unknown."""


class MenteeNameError(DtrError):
    """A mentee name cannot be turned into a safe folder name."""


class AnswersError(DtrError):
    """An answers file is unreadable or does not fit the template."""


class NoTerminalError(DtrError):
    """An interactive command was run without a terminal and without answers."""


class NoteError(DtrError):
    """A note cannot be found or read."""


class StorageError(DtrError):
    """A note or draft could not be written."""


class InterviewInterrupted(DtrError):
    """The mentor stopped the interview (Ctrl-C, end of input, a signal)."""

    exit_code = 130

    def __init__(self, message: str, draft: Path | None = None) -> None:
        super().__init__(message)
        self.draft = draft


SHOWN = 60  # characters of a typed value a sentence quotes


def shown(value: str) -> str:
    """A typed value to quote in a sentence: as it is, or, when longer than :data:`SHOWN`
    characters (a name pasted by mistake, a whole file), its start and an ellipsis, so
    the sentence stays one line that can be read."""
    return value if len(value) <= SHOWN else value[: SHOWN - 1].rstrip() + "…"
