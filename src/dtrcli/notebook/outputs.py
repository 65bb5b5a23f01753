"""Export targets: the files a mentor names with ``-o`` (share, export, calendar, a copy
of the identity).

:func:`check_output` refuses a bad target before any work is done, and
:func:`write_output` writes it all or nothing (a temp file beside it, then a link, or
with ``--force`` a rename), never inside the data home and never over a file unless
asked. What is written is the mentor's own output for others: it is never encrypted,
whatever the home is (docs/privacy.md says so).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from dtrcli.errors import StorageError
from dtrcli.notebook import files
from dtrcli.notebook.paths import config_home, data_home


def check_output(path: Path, *, force: bool = False) -> Path:
    """Refuse an export file that :func:`write_output` would refuse; return its full path.

    Commands call this first, so a bad ``--output`` is reported before any work.
    """
    if not str(path).strip() or str(path) == ".":
        raise StorageError("--output needs a file name (or '-' for standard output).")
    try:
        return _check_output(path, force)
    except PermissionError:
        raise StorageError(
            f"Could not write {path}: a folder on the way to it cannot be entered "
            "(permission was denied)."
        ) from None
    except OSError as exc:  # a name too long, a loop of links
        raise StorageError(files.explain(exc, f"write {path}")) from None


def _check_output(path: Path, force: bool) -> Path:
    if _is_stream(path.expanduser()):
        return path.expanduser()  # /dev/stdout, a named pipe: written to, never replaced
    home = data_home().resolve()
    target = path.expanduser().resolve()
    if target == home or home in target.parents:
        raise StorageError(
            f"Will not write {path} inside dtr's notes folder ({home}); choose a file elsewhere."
        )
    config = config_home().resolve()
    if (target == config or config in target.parents) and config / "templates" not in (
        target.parents
    ):
        raise StorageError(
            f"Will not write {path} inside dtr's config folder ({config}), where its identity "
            "and keys are; choose a file elsewhere."
        )
    if target.is_dir():
        raise StorageError(f"{path} is a folder; give the name of a file to write.")
    if not target.parent.is_dir():
        raise StorageError(f"Could not write {path}: the folder {target.parent} does not exist.")
    if target.exists() and not force:
        raise StorageError(f"{path} already exists; add --force to replace it.")
    return target


def _is_stream(target: Path) -> bool:
    """A device or named pipe (such as /dev/stdout), as opposed to a file or folder."""
    import stat

    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _open_stream(target: Path, path: Path) -> int:
    """Open a device or named pipe to write to. A named pipe is opened without waiting
    first: with no program reading it, opening would wait for ever (ENXIO says so)."""
    import stat

    if not stat.S_ISFIFO(target.stat().st_mode):
        return os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise StorageError(
                f"No program is reading the named pipe {path}; start the reader first."
            ) from None
        raise
    os.set_blocking(fd, True)  # the reader is there: write as to any file
    return fd


def write_output(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write an export (share, export, calendar) to a file the mentor named.

    Never inside the data home (a stray file there could pass for a note, or
    replace one), never over an existing file unless ``force``, and all or
    nothing: a temp file beside it, then a link (or, with ``force``, a rename).
    """
    target = check_output(path, force=force)
    if _is_stream(target):
        try:
            with os.fdopen(_open_stream(target, path), "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise StorageError(files.explain(exc, f"write {path}")) from exc
        return
    try:
        with files.temp_file(target.parent, data, prefix=".dtr-") as tmp:
            if force:
                os.replace(tmp, target)
            elif not files.link_new(tmp, target):
                raise StorageError(f"{path} already exists; add --force to replace it.")
    except OSError as exc:
        raise StorageError(files.explain(exc, f"write {path}")) from exc
    files.fsync_dir(target.parent)
