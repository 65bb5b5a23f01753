"""Many notes read at once, on every core this run may use.

A cold index (a new machine, a deleted cache, a sync that touched every file) reads
every note: its front matter, its questions and the text search keeps, about a third
of a millisecond of Python a note, seconds at 10,000 notes on one core. :func:`rows`
gives what a reading function makes of each of many notes, in their order; when they
are at least :data:`MANY` and more than one core is there, worker processes
(:mod:`concurrent.futures`) read them a chunk at a time while this process writes the
rows that came back. What comes out is the same either way:

- a worker opens no encrypted file (``sealing.may_open``) and is let raise nothing: such
  a note is handed back and read here, where the identity is (its passphrase asked
  once) and where an error is what it would have been;
- what a worker would have warned about comes back with the note's row and is said
  here, in the notes' order;
- whatever keeps the workers from starting or finishing (a system that cannot start
  processes, a worker killed) leaves the notes not yet given to this process.

Only a few chunks a worker are out at a time: memory does not grow with the notes.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence

from dtrcli import notices

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

MANY = 2000  # notes to read before workers are worth starting (a spawned one imports dtr)
CHUNK = 100  # notes a worker reads at a time
AHEAD = 3  # chunks out with each worker at a time
MOST = 8  # workers at most (the writes here are the limit beyond that)
START: str | None = None  # how workers start (multiprocessing's method); None: the system's


class _Stopped(Exception):
    """The workers could not start or finish: the rest is read here."""


def rows(
    read: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], what: str, apart: bool = True
) -> Iterator[Any]:
    """``read(*job)`` of each of ``jobs``, in order (``read`` a function of a module, or a
    partial of one, so that a worker finds it); the progress reported as ``what``.
    ``apart``: False where workers would only hand every note back (an encrypted home's
    notes are opened here)."""
    total = len(jobs)
    done = 0
    workers = _workers(total) if apart else 1
    if workers > 1:
        try:
            for row in _apart(read, jobs, workers):
                done += 1
                yield row
                notices.progress(what, done, total)
            return
        except _Stopped:
            pass  # the notes not given yet are read here
    for job in jobs[done:]:
        done += 1
        yield read(*job)
        notices.progress(what, done, total)


def _workers(total: int) -> int:
    return 1 if total < MANY else min(cores(), MOST, -(-total // CHUNK))


def cores() -> int:
    """The cores this process may use (the proof's stats ask it too: unchanged._apart)."""
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (Linux)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _apart(
    read: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], workers: int
) -> Iterator[Any]:
    """What workers made of each job, in order (a job they handed back read here)."""
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    failures = (BrokenProcessPool, OSError, RuntimeError, pickle.PicklingError, EOFError)
    try:
        # A worker finds ``read`` by its name; one it cannot find would never come back
        # (Python 3.11's pool then waits for it for ever), so it is tried here first. The
        # jobs and rows are plain data.
        pickle.dumps(read)
        pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context(START), initializer=_begin
        )
    except (*failures, AttributeError, ImportError, NotImplementedError, ValueError) as exc:
        raise _Stopped from exc
    chunks = (jobs[at : at + CHUNK] for at in range(0, len(jobs), CHUNK))
    out: deque[Any] = deque()
    try:
        while True:
            try:
                while len(out) < workers * AHEAD and (chunk := next(chunks, None)):
                    out.append((chunk, pool.submit(_read_all, read, chunk)))
                if not out:
                    return
                chunk, future = out.popleft()
                made = future.result()
            except failures as exc:
                raise _Stopped from exc
            for job, result in zip(chunk, made, strict=True):
                if result is None:  # handed back
                    yield read(*job)
                    continue
                row, said = result
                for level, message in said:
                    notices.say(level, message)
                yield row
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _begin() -> None:
    """In each worker, before any job: Ctrl-C is for the process it works for, which
    stops it; no encrypted file is opened."""
    import signal

    from dtrcli.notebook import sealing

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sealing.may_open = False


def _read_all(
    read: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]
) -> list[tuple[Any, list[tuple[str, str]]] | None]:
    """In a worker: (what ``read`` made, what it said) of each job, or None for a job it
    hands back (an encrypted note, or one whose reading raised)."""
    made: list[tuple[Any, list[tuple[str, str]]] | None] = []
    for job in jobs:
        with notices.kept() as said:
            try:
                row = read(*job)
            except Exception:  # read again where it started: its error is raised there
                made.append(None)
                continue
        made.append((row, said))
    return made
