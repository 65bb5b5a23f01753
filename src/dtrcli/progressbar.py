"""Progress of long work (a cold index), as a bar on stderr in a terminal.

The index reports its progress through :func:`dtrcli.notices.progress`; the command
line listens with :func:`progress`, which shows a bar (rich's) only once the work has
taken over :data:`PROGRESS_AFTER` seconds and removes it when the work is done.
"""

from __future__ import annotations

import sys

from dtrcli import console

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any


PROGRESS_AFTER = 0.5  # seconds of work before a bar is worth showing


class _Bar:
    def __init__(self) -> None:
        import time

        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None


_bars: dict[str, _Bar] = {}


def progress(what: str, done: int, total: int) -> None:
    """A bar on stderr for work that has taken over :data:`PROGRESS_AFTER` seconds; gone
    when the work is done. Nothing at all when stderr is not a terminal."""
    import time

    try:
        terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        terminal = False
    state = _bars.get(what)
    if done >= total:
        if state is not None and state.bar is not None:
            state.bar.stop()
        _bars.pop(what, None)
        return
    if not terminal:
        return
    if state is None:
        state = _bars[what] = _Bar()
    if state.bar is None:
        if time.monotonic() - state.started < PROGRESS_AFTER:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        state.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console.err(),
            transient=True,
        )
        state.task = state.bar.add_task(what, total=total)
        state.bar.start()
    state.bar.update(state.task, completed=done)
