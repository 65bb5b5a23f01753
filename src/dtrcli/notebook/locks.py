"""Locks: one writer at a time for a profile change, one interview per draft.

A lock is a lock on a small file in dtr's cache folder (``flock`` on POSIX,
``msvcrt.locking`` on Windows), so the system releases it when the process
ends however it ends (even SIGKILL), and no stray file is left in the notes
folder. Locks fail closed: when no lock can be taken dtr stops with one
sentence rather than going on unlocked. A lock is named after the data home
with its links resolved, so one home reached by two paths has one lock.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from dtrcli.errors import StorageError
from dtrcli.notebook.paths import FILE_MODE, cache_home, data_home, private_dir


@contextlib.contextmanager
def locked(what: str, *, wait: bool = True) -> Iterator[bool]:
    """Hold a lock named ``what`` (per data home) for the duration of the block.

    With ``wait=False`` the block gets False at once when another process holds
    it. A lock that cannot be taken at all is a :class:`StorageError`.
    """
    path = lock_path(what)
    folder = path.parent
    try:
        private_dir(folder)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise StorageError(
            f"dtr could not take its lock in {folder} ({exc.strerror or exc}), so it changed "
            "nothing; make that folder writable, or point XDG_CACHE_HOME at a folder dtr can "
            "write."
        ) from None
    try:
        yield acquire(fd, wait=wait)
    finally:
        os.close(fd)


def interview(folder: str, template_id: str) -> str:
    """The name of the lock an interview of the mentee of ``folder`` holds while it runs."""
    return f"interview {folder} {template_id}"


def lock_path(what: str) -> Path:
    """The file of the lock ``what`` of this data home (its links resolved)."""
    import hashlib

    home = str(data_home().resolve())
    key = hashlib.sha256(f"{home}\0{what}".encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_home() / "locks" / f"{key}.lock"


def acquire(fd: int, *, wait: bool, advisory: bool = False) -> bool:
    """Lock the open file ``fd`` until it is closed: ``flock`` on POSIX, else
    ``msvcrt.locking`` of its first byte; False when another process holds it and
    ``wait`` is False.

    With ``advisory`` only a lock other processes may read and write past is wanted
    (a temp file's, which a sweep asks about): where the system has no ``flock`` it is
    True, and the caller has another guard (the file's age). Otherwise a system with
    no lock at all is a :class:`StorageError`: locks fail closed.
    """
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True
    if advisory:  # pragma: no cover - not on POSIX
        return True
    try:
        import msvcrt
    except ImportError:
        raise StorageError(
            "This system offers dtr no way to lock a file, so it changed nothing."
        ) from None
    while True:  # msvcrt locks the first byte; the system frees it with the process
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            if not wait:
                return False
            time.sleep(0.05)
            continue
        return True
