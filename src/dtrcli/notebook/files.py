"""How dtr writes files: atomically, privately, never over a note; and how it reads them.

Every write goes through :func:`write_new` (a note: first free name) or
:func:`replace_file` (a draft or profile): a temp file in the same folder,
fsync, then an atomic link or rename, then an fsync of the folder; a file sync
brings goes through :func:`place_bytes`. Exports the mentor names with ``-o`` are
``notebook.outputs``, written the same way.

In an encrypted home (``notebook.sealing``) both encrypt what they write, and
:func:`read_capped` decrypts what it reads: the one place of each.

Every file dtr reads (a template, an answers file, a note, a draft, a profile,
a program's dates) goes through :func:`read_capped`: a folder, a named pipe or a
device is refused by name before it is opened, and so is a file over
:data:`MAX_READ`, so a stray or hostile file costs a ``stat``, never a hang or
seconds of parsing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from dtrcli.errors import StorageError
from dtrcli.notebook import locks
from dtrcli.notebook.paths import (
    DIR_MODE,
    FILE_MODE,
    NOTE_SUFFIX,
    data_home,
    inside_home,
    not_a_folder,
    private_dir,
)

# The most dtr reads of one file: about a hundred times the largest template or note
# of a real conversation (a few KB each), and small enough that even the worst YAML
# of this size is read in about two seconds (docs/templates.md says so).
MAX_READ = 1_000_000


class Refused(Exception):
    """A file dtr will not read; ``str()`` says why, to follow its name ("is a folder, not
    a file"); ``too_large``: the file is over the limit (trimming it would help)."""

    def __init__(self, why: str, too_large: bool = False) -> None:
        super().__init__(why)
        self.too_large = too_large


def _not_a_file(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file ('a named pipe'), else None."""
    import stat

    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"  # pragma: no cover - no other kind on the systems dtr runs on


def megabytes(size: int) -> str:
    """'1 MB', '10.5 MB' (rounded up: a file just over the limit is not said to be at it)."""
    tenths = -(-size // 100_000)
    return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"


def read_capped(
    path: Path, what: str, *, streams: bool = False, limit: int = MAX_READ, decrypt: bool = True
) -> bytes:
    """The bytes of the file ``path``, a ``what`` ('template') of at most ``limit`` bytes.

    It is looked at (stat) before it is opened: a folder, a named pipe, a device or a
    socket is refused (:class:`Refused`) and so is a file over ``limit``. With
    ``streams`` a named pipe or device (/dev/stdin, a shell's ``<(...)``) is read
    instead, up to ``limit`` bytes. An age file (an encrypted home's note, draft or
    profile) is decrypted, unless ``decrypt`` is False (an identity's backup, which
    its passphrase opens). An OSError is left to the caller.
    """
    st = os.stat(path)
    kind = _not_a_file(st.st_mode)
    stream = streams and kind in ("a named pipe", "a device")
    if kind is not None and not stream:
        raise Refused(f"is {kind}, not a file")
    if not stream and st.st_size > limit:
        raise Refused(
            f"is {megabytes(st.st_size)}, and dtr reads no {what} over {megabytes(limit)}", True
        )
    # Not blocking: a file swapped for a named pipe since the stat is refused, not waited on.
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if not stream:
        flags |= getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stream:
            st = os.fstat(fd)
            kind = _not_a_file(st.st_mode)
            if kind is not None:
                raise Refused(f"is {kind}, not a file")
        # Up to one byte more than allowed: if that byte comes, the file is too long. A
        # file is asked for what it holds (a note is read in one go), and the rest of
        # the limit only if it has grown since.
        first = limit + 1 if stream else min(st.st_size, limit) + 1
        data = _read_upto(fd, first)
        if len(data) == first <= limit:
            data += _read_upto(fd, limit + 1 - first)
    finally:
        os.close(fd)
    if len(data) > limit:
        too_long = f"holds more than {megabytes(limit)}, and dtr reads no {what} that long"
        raise Refused(too_long, True)
    if decrypt and data[:1] in (
        b"a",
        b"-",
    ):  # perhaps an age file: an encrypted home's note or draft
        from dtrcli.notebook import sealing

        return sealing.unseal(data, path)
    return data


def stored(path: Path, text: str) -> str | bytes:
    """What is written at ``path`` for ``text``: encrypted in an encrypted home (a note,
    draft or profile), else the text itself."""
    from dtrcli.notebook import sealing

    if not sealing.wanted(path):
        return text
    if not sealing.on():
        sealing.check_plain_write(path)  # a marker removed or damaged: never plain by mistake
        return text
    return sealing.seal(text.encode("utf-8", "surrogateescape"), path)


def readable(path: Path, data: str | bytes) -> str | bytes:
    """``data`` to be written at ``path``, checked before any folder or file is made: dtr
    never writes a note, draft or profile longer than it reads back (:data:`MAX_READ`)."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogateescape"))
    if size > MAX_READ:
        raise StorageError(
            f"{path.name} would hold {megabytes(size)}, more than the {megabytes(MAX_READ)} "
            "dtr reads back; nothing was written (shorten the longest answers)."
        )
    return data


def _read_upto(fd: int, size: int) -> bytes:
    """Up to ``size`` bytes from ``fd`` (fewer at its end)."""
    chunks = []
    while size > 0:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and the data home) private to the user; never through a link that
    leads out of the data home."""
    home = data_home()
    if not home.is_dir():
        not_a_folder(home)
    if path.is_symlink() and not inside_home(path):
        raise StorageError(
            f"{path} is a link to a folder outside dtr's notes folder; dtr does not write "
            "through it (move the folder itself into the notes folder)."
        )
    try:
        private_dir(path)
        for folder in (home, path):
            with contextlib.suppress(OSError):
                os.chmod(folder, DIR_MODE)
    except OSError as exc:
        raise StorageError(explain(exc, f"create the folder {path}")) from exc
    return path


def explain(exc: OSError, doing: str) -> str:
    """One sentence for a failed file operation: 'Could not DOING: why.'"""
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno == errno.EROFS:
        why = "the file system is read-only"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "permission was denied"
    else:
        why = exc.strerror or str(exc)
    return f"Could not {doing}: {why}."


# A save killed at the wrong moment leaves its temp file (the whole note) behind; the
# next write in that folder removes it once it is this old and no writer holds it.
STALE_SECONDS = 60


@contextlib.contextmanager
def temp_file(folder: Path, data: str | bytes, prefix: str = ".tmp-") -> Iterator[Path]:
    """``data`` in a new temp file in ``folder``, flushed to disk, mode 0600, locked while
    the block runs (so a sweep of stale temp files leaves it alone) and removed after."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=folder)
    try:
        locks.acquire(fd, wait=True, advisory=True)
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb", closefd=False) as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            # surrogateescape: the bytes of a file that is not UTF-8 (kept before an edit
            # that fixes it) are written back exactly as they were.
            with os.fdopen(
                fd, "w", encoding="utf-8", errors="surrogateescape", newline="\n", closefd=False
            ) as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        yield Path(tmp)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        os.close(fd)


def sweep(folder: Path) -> None:
    """Remove the temp files of saves that were killed: older than :data:`STALE_SECONDS`
    and held by no writer. Nothing else is touched; a file that cannot be looked at is
    left where it is."""
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            stale = [e for e in entries if e.name.startswith(".tmp-") and e.name.endswith(".part")]
    except OSError:
        return
    for entry in stale:
        try:
            if entry.is_symlink() or not entry.is_file():
                continue
            if now - entry.stat().st_mtime < STALE_SECONDS:
                continue
            fd = os.open(entry.path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if locks.acquire(fd, wait=False, advisory=True):
                os.unlink(entry.path)
        except OSError:
            pass
        finally:
            os.close(fd)


def link_new(tmp: Path, target: Path) -> bool:
    """Give the written ``tmp`` the name ``target`` if that name is free (False if taken).

    A hard link is atomic and never replaces a file; a file system without hard
    links gets an exclusive create instead.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        return _copy_exclusive(tmp, target)
    return True


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_new(folder: Path, stem: str, text: str, suffix: str = NOTE_SUFFIX) -> Path:
    """Write ``text`` to ``folder/stem.md``, or ``stem-2.md``, ``stem-3.md`` ...

    The first free name is taken atomically (hard link of a fully written
    temp file), so two writers at the same moment get two distinct files
    and an existing file is never replaced.
    """
    data = readable(folder / f"{stem}{suffix}", stored(folder / f"{stem}{suffix}", text))
    ensure_dir(folder)
    sweep(folder)
    try:
        with temp_file(folder, data) as tmp:
            target = _link_first_free(tmp, folder, stem, suffix)
    except OSError as exc:
        raise StorageError(explain(exc, f"write a note in {folder}")) from exc
    fsync_dir(folder)
    return target


def _link_first_free(tmp: Path, folder: Path, stem: str, suffix: str) -> Path:
    n = 1
    while True:
        target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            if link_new(tmp, target):
                return target
        except OSError as exc:
            raise StorageError(explain(exc, f"save the note in {folder}")) from exc
        n += 1


def _copy_exclusive(src: Path, target: Path) -> bool:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(src.read_bytes())
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise StorageError(explain(exc, f"save the note in {target.parent}")) from exc
    return True


def replace_file(path: Path, text: str) -> None:
    """Atomically replace (or create) ``path`` with ``text``: used for drafts."""
    data = readable(path, stored(path, text))
    ensure_dir(path.parent)
    sweep(path.parent)
    try:
        with temp_file(path.parent, data) as tmp:
            os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(explain(exc, f"write {path}")) from exc
    fsync_dir(path.parent)


def place_bytes(path: Path, data: bytes, *, new: bool, mode: int = FILE_MODE) -> bool:
    """Put ``data`` at ``path`` exactly as given (a file sync brings from another machine,
    whatever it holds): atomically, replacing the file there, or with ``new`` only if the
    name is free (False when it is taken). Mode 0600 unless ``mode`` says otherwise."""
    ensure_dir(path.parent)
    sweep(path.parent)
    try:
        with temp_file(path.parent, data) as tmp:
            if mode != FILE_MODE:
                os.chmod(tmp, mode)
            if new:
                placed = link_new(tmp, path)
            else:
                os.replace(tmp, path)
                placed = True
    except OSError as exc:
        raise StorageError(explain(exc, f"write {path}")) from exc
    fsync_dir(path.parent)
    return placed
