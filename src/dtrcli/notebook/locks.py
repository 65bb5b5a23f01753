"""Locks: one writer at a time for a profile change, one interview per draft.

A lock is an flock on a small file in dtr's cache folder, so the system
releases it when the process ends however it ends (even SIGKILL), and no
stray file is left in the notes folder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from dtrcli.notebook.paths import FILE_MODE, cache_home, data_home


@contextlib.contextmanager
def locked(what: str, *, wait: bool = True) -> Iterator[bool]:
    """Hold a lock named ``what`` (per data home) for the duration of the block.

    With ``wait=False`` the block gets False at once when another process holds
    it. Where flock does not exist (Windows) the block always gets True.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield True
        return
    import hashlib

    key = hashlib.sha256(f"{data_home()}\0{what}".encode()).hexdigest()[:24]
    folder = cache_home() / "locks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / f"{key}.lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError:
        yield True  # no cache folder to lock in: go on unlocked rather than stop
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
