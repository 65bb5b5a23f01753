"""Signals that stop dtr as Ctrl-C does, so nothing is lost or left behind.

A closed terminal (SIGHUP) or a ``kill`` (SIGTERM) during a conversation keeps the
draft and the text being typed (:func:`as_interrupt`); while the draft is saved after
a stop, further signals wait (:func:`ignored`); during ``dtr edit`` they end the edit
so the plain copy is still removed (:func:`raise_interrupt`).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from typing import Any

_ENDING = ("SIGTERM", "SIGHUP")  # SIGHUP: not on Windows


def _numbers(*names: str) -> list[int]:
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


@contextlib.contextmanager
def handled(handler: Any, signums: list[int]) -> Iterator[None]:
    """``handler`` for these signals inside the block, the earlier ones back after it
    (none set outside the main thread, where Python refuses them)."""
    previous = {}
    for sig in signums:
        with contextlib.suppress(ValueError, OSError):
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, old)


def as_interrupt(stop: Callable[[], bool]) -> contextlib.AbstractContextManager[None]:
    """SIGTERM and SIGHUP (a closed terminal) stop the interview like Ctrl-C.

    A prompt on the screen is ended from inside its own event loop (``stop``, the UI's,
    True when it did so), as Ctrl-C ends it, with what was typed still in its buffer: a
    KeyboardInterrupt raised by the handler itself could land in asyncio's clean-up of
    the loop and leave the process waiting there for ever. Between prompts the handler
    raises it at once. Signals after the first change nothing.
    """
    stopping = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal stopping
        if stopping:
            return  # stopping already (a closed terminal can send two): the draft is kept
        stopping = True
        if not stop():
            raise KeyboardInterrupt

    return handled(handler, _numbers(*_ENDING))


def ignored() -> contextlib.AbstractContextManager[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait while the draft is saved after a stop."""
    return handled(signal.SIG_IGN, _numbers("SIGINT", *_ENDING))


def raise_interrupt() -> contextlib.AbstractContextManager[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt, as Ctrl-C does."""

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return handled(stop, _numbers(*_ENDING))
