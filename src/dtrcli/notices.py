"""The one channel the core tells the user things through.

Modules below the command line never print. What they have to say (a note
skipped in a listing, a draft kept aside) goes to :func:`warn` or
:func:`info`, and the command line decides how it is shown (``dtrcli.cli``
sends it to stderr through :mod:`dtrcli.console`). Without a listener, as in
a library call, messages go to stderr as plain lines.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

Listener = Callable[[str, str], None]  # (level: "warning" or "info", message)
Progress = Callable[[str, int, int], None]  # (what is being done, done, total)

_listener: Listener | None = None
_progress: Progress | None = None


def listen(listener: Listener | None) -> None:
    """Send every message from now on to ``listener`` (None: back to plain stderr)."""
    global _listener
    _listener = listener


def listen_progress(progress: Progress | None) -> None:
    """Send the progress of long work (a cold index) to ``progress`` (None: nowhere)."""
    global _progress
    _progress = progress


def progress(what: str, done: int, total: int) -> None:
    """``done`` of ``total`` steps of ``what`` are done (the last call has done == total)."""
    if _progress is not None:
        _progress(what, done, total)


def warn(message: str) -> None:
    """Something the user should know went wrong or was skipped; the work went on."""
    _say("warning", message)


def info(message: str) -> None:
    """Something the user should know happened (a file kept aside, a date used)."""
    _say("info", message)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Drop the warnings and news given inside (a glance at files that are not the
    command's own, such as other mentees' notes read for their names)."""
    global _quiet
    before, _quiet = _quiet, True
    try:
        yield
    finally:
        _quiet = before


_quiet = False


@contextlib.contextmanager
def kept() -> Iterator[list[tuple[str, str]]]:
    """Keep every message given inside, (level, message) each, rather than show it (a
    worker process's, given again by the process that started it with :func:`say`)."""
    global _listener, _quiet
    said: list[tuple[str, str]] = []
    before = _listener, _quiet
    _listener, _quiet = lambda level, message: said.append((level, message)), False
    try:
        yield said
    finally:
        _listener, _quiet = before


def say(level: str, message: str) -> None:
    """A message kept by :func:`kept`, given now."""
    _say(level, message)


def _say(level: str, message: str) -> None:
    if _quiet:
        return
    if _listener is not None:
        _listener(level, message)
        return
    print(f"warning: {message}" if level == "warning" else message, file=sys.stderr)


def count(n: int, word: str, plural: str | None = None) -> str:
    """'1 answer', '2 answers' (``plural`` where adding an s is wrong)."""
    return f"{n} {word if n == 1 else plural or word + 's'}"
