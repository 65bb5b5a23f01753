"""Where dtr's files live, and how they are written.

Paths are computed when used (never at import time) so that ``DTR_HOME``,
``XDG_DATA_HOME`` and ``XDG_CONFIG_HOME`` set by a test or a user take effect.
Every write goes through :func:`write_new` or :func:`replace_file`: a temp
file in the same folder, fsync, then an atomic link or rename. Notes are
never overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from dtrcli.errors import MenteeNameError, StorageError

DIR_MODE = 0o700
FILE_MODE = 0o600
NOTE_SUFFIX = ".md"


def data_home() -> Path:
    """The folder that holds one sub-folder per mentee."""
    env = os.environ.get("DTR_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("dtr", appauthor=False))


def config_home() -> Path:
    """dtr's configuration folder (user templates live in ``templates/`` in it)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("dtr", appauthor=False))


# --- mentee names -----------------------------------------------------------

_SEPARATORS = ("/", "\\", "\x00")
_DROP = re.compile(r"[\u2018\u2019'`\"\u201c\u201d]")


def slugify(name: str) -> str:
    """Turn a mentee's name into the name of their folder.

    ``"Alice Smith"`` -> ``alice-smith``; ``"Zoë-Ann O'Neil"`` ->
    ``zoë-ann-oneil``. Letters of any script are kept (NFC, lower case);
    spaces and punctuation become single hyphens. Raises
    :class:`MenteeNameError` for names that cannot form a safe folder name.
    """
    raw = name
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise MenteeNameError("The mentee name is empty; give a name such as 'alice'.")
    if any(sep in name for sep in _SEPARATORS):
        raise MenteeNameError(
            f"The mentee name {raw!r} contains a path separator; use a plain name such as 'alice'."
        )
    if name in (".", ".."):
        raise MenteeNameError(f"The mentee name {raw!r} is not a name; use a name such as 'alice'.")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise MenteeNameError(
            f"The mentee name {raw!r} contains control characters; use a plain name."
        )
    folded = unicodedata.normalize("NFC", _DROP.sub("", name.casefold()))
    # Letters and digits of any script stay, with their combining marks (Devanagari,
    # Thai ...); everything else becomes a hyphen.
    slug = "".join(
        ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else "-" for ch in folded
    )
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if slug and unicodedata.category(slug[0]).startswith("M"):
        slug = slug.lstrip("".join(c for c in slug if unicodedata.category(c).startswith("M")))
    if not slug:
        raise MenteeNameError(
            f"The mentee name {raw!r} has no letters or digits to name a folder with; "
            "use a name such as 'alice'."
        )
    if len(slug.encode("utf-8")) > 120:
        raise MenteeNameError(
            f"The mentee name {raw!r} is too long for a folder name; use a shorter name."
        )
    return slug


def mentee_dir(name: str) -> Path:
    """The folder of a mentee, by name or folder name (not created)."""
    return data_home() / slugify(name)


# --- folders and files -------------------------------------------------------


def _not_a_folder(home: Path) -> None:
    """A clear error when the data home exists but is not a folder (a file, a broken link)."""
    if (home.exists() or home.is_symlink()) and not home.is_dir():
        raise StorageError(
            f"dtr's notes folder {home} is not a folder; point DTR_HOME at a folder "
            "(or move that file away)."
        )


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and the data home) private to the user."""
    home = data_home()
    if not home.is_dir():
        _not_a_folder(home)
    try:
        for folder in (home, path):
            folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                os.chmod(folder, DIR_MODE)
    except OSError as exc:
        raise StorageError(_explain(exc, f"create the folder {path}")) from exc
    return path


def _explain(exc: OSError, doing: str) -> str:
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "permission was denied"
    else:
        why = exc.strerror or str(exc)
    return f"Could not {doing}: {why}."


def _write_temp(folder: Path, data: str | bytes, prefix: str = ".tmp-") -> Path:
    """``data`` in a new temp file in ``folder``, flushed to disk, mode 0600."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=folder)
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            # surrogateescape: the bytes of a file that is not UTF-8 (kept before an edit
            # that fixes it) are written back exactly as they were.
            with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _link_new(tmp: Path, target: Path) -> bool:
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


def _fsync_dir(folder: Path) -> None:
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
    ensure_dir(folder)
    try:
        tmp = _write_temp(folder, text)
    except OSError as exc:
        raise StorageError(_explain(exc, f"write a note in {folder}")) from exc
    try:
        n = 1
        while True:
            target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
            try:
                if _link_new(tmp, target):
                    break
            except OSError as exc:
                raise StorageError(_explain(exc, f"save the note in {folder}")) from exc
            n += 1
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _fsync_dir(folder)
    return target


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
        raise StorageError(_explain(exc, f"save the note in {target.parent}")) from exc
    return True


def replace_file(path: Path, text: str) -> None:
    """Atomically replace (or create) ``path`` with ``text``: used for drafts."""
    ensure_dir(path.parent)
    tmp: Path | None = None
    try:
        tmp = _write_temp(path.parent, text)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise StorageError(_explain(exc, f"write {path}")) from exc
    _fsync_dir(path.parent)


def check_output(path: Path, *, force: bool = False) -> Path:
    """Refuse an export file that :func:`write_output` would refuse; return its full path.

    Commands call this first, so a bad ``--output`` is reported before any work.
    """
    if not str(path).strip() or str(path) == ".":
        raise StorageError("--output needs a file name (or '-' for standard output).")
    if _is_stream(path.expanduser()):
        return path.expanduser()  # /dev/stdout, a named pipe: written to, never replaced
    home = data_home().resolve()
    target = path.expanduser().resolve()
    if target == home or home in target.parents:
        raise StorageError(
            f"Will not write {path} inside dtr's notes folder ({home}); choose a file elsewhere."
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


def write_output(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write an export (share, export, calendar) to a file the mentor named.

    Never inside the data home (a stray file there could pass for a note, or
    replace one), never over an existing file unless ``force``, and all or
    nothing: a temp file beside it, then a link (or, with ``force``, a rename).
    """
    target = check_output(path, force=force)
    if _is_stream(target):
        try:
            with open(target, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise StorageError(_explain(exc, f"write {path}")) from exc
        return
    tmp: Path | None = None
    try:
        tmp = _write_temp(target.parent, data, prefix=".dtr-")
        if force:
            os.replace(tmp, target)
        elif not _link_new(tmp, target):
            raise StorageError(f"{path} already exists; add --force to replace it.")
    except OSError as exc:
        raise StorageError(_explain(exc, f"write {path}")) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _fsync_dir(target.parent)


# Dates dtr accepts (--date, --start, key dates): a module's weeks and a calendar's
# recurrence are computed from them, and the far ends of Python's calendar overflow.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
DATE_RANGE = f"between {EARLIEST.year} and {LATEST.year}"


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


@contextlib.contextmanager
def locked(what: str, *, wait: bool = True) -> Iterator[bool]:
    """Hold a lock named ``what`` (per data home) for the duration of the block.

    The lock is an flock on a small file in dtr's cache folder, so the system
    releases it when the process ends however it ends (even SIGKILL), and no
    stray file is left in the notes folder. With ``wait=False`` the block gets
    False at once when another process holds it. Where flock does not exist
    (Windows) the block always gets True.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield True
        return
    import hashlib

    import platformdirs

    key = hashlib.sha256(f"{data_home()}\0{what}".encode()).hexdigest()[:24]
    folder = Path(platformdirs.user_cache_dir("dtr", appauthor=False)) / "locks"
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


def today() -> dt.date:
    """Today's date (one place, so tests and ``--date`` agree)."""
    return dt.date.today()


def _is(entry: os.DirEntry[str], kind: str) -> bool:
    """``entry.is_dir()``/``is_file()``, warning about (and skipping) an entry that cannot be
    looked at, such as a symbolic link that loops or a file that vanished."""
    try:
        if kind == "dir":
            return entry.is_dir()
        if entry.is_file():
            return True
        why = (
            "a folder, not a note"
            if entry.is_dir()
            else "a link to a file that is not there"
            if entry.is_symlink()
            else "not a regular file"
        )
    except OSError as exc:
        why = str(exc.strerror or exc)
    from dtrcli import console

    console.warn(f"skipped {entry.path}: {why}.")
    return False


def mentee_dirs() -> list[Path]:
    """Every mentee folder in the data home, sorted by name."""
    home = data_home()
    if not home.is_dir():
        _not_a_folder(home)
        return []
    with os.scandir(home) as entries:
        return sorted(
            Path(e.path)
            for e in entries
            if not e.name.startswith(".") and _is_slug(e.name) and _is(e, "dir")
        )


def _is_slug(name: str) -> bool:
    """Whether a folder name is one dtr makes for a mentee (so 'Daily notes', say, in a
    notes vault shared with other tools, is not taken for a mentee)."""
    try:
        return slugify(name) == name
    except MenteeNameError:
        return False


def note_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The Markdown files in a mentee folder as directory entries, sorted by name."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted(
            (
                e
                for e in entries
                if e.name.endswith(NOTE_SUFFIX) and not e.name.startswith(".") and _is(e, "file")
            ),
            key=lambda e: e.name,
        )


def note_files(folder: Path) -> list[Path]:
    """The Markdown files in a mentee folder (not drafts, not hidden files)."""
    return [folder / e.name for e in note_entries(folder)]
