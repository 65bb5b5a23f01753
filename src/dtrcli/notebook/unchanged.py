"""Whether every note of a listing is as the index holds it, in as few steps as possible.

The common case of a listing of every mentee (``history``, ``search``): nothing changed
since the last run. :func:`all_unchanged` proves it with the same stats the full check
in :mod:`dtrcli.notebook.listing` makes (one of each folder, one of each note: nothing
cheaper is exact), but made and compared a list at a time rather than a note at a
time. It says True only when that check would find nothing to do: every folder has a
row whose stamp is the folder's, the notes held are exactly the names those rows give,
each settled and plausible and with the stamp of its file; and (every mentee) no row
is kept of a folder not listed. Anything else, a stat that fails included, is False,
and the full check runs.

Once it said True, the index keeps what it proved in one row (the table ``proven``):
the folders' paths, the paths of the notes their rows hold and the stamps compared,
packed. SQLite's triggers empty that table whenever a row of ``notes`` or ``folders``
is written or removed, by any run and any statement, so while the row is there the
rows it was proved against are as they were; whether they still match the files then
turns on the stamps alone, and the next listing makes the same stats and compares them
with the packed ones in one step, without reading a row of a note. Stamps that differ
mean the check above would say False too: the answer is False (the listing reads what
changed) and the proof goes, so the listing after proves anew. The row is written
inside the listing's transaction, whose reads it describes (a write another run made
since makes the write fail, and it is left out). What the last call proved stays in
:data:`proved` (``due`` keeps its rows under it: :mod:`dtrcli.module.duecache`); a
proof the caller has just checked can be :data:`vouched` for, and the next call on
the same folders then takes it, while the row is still the one checked, without
stating the files again.

The stats of a proof are most of a large listing's time. From _APART_FROM notes, on
Linux with two cores or more, two child processes make them, half each (threads would
wait on each other for the interpreter's lock between stats), and each sends back how
long a part of the packed stamps it matched; meanwhile this process does the caller's
``alongside`` work (a search's query). Elsewhere that work runs in a thread beside
the stats.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from itertools import islice
from operator import attrgetter
from pathlib import Path

from dtrcli.notebook.indexdb import at_once

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

_FOLDER = attrgetter("st_mtime_ns", "st_ctime_ns", "st_ino")
_NOTE = attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")
_APART = "\0"  # between two paths (no file name holds it)
_RELATIVE = os.stat in os.supports_dir_fd  # not on Windows: full paths there
_CHUNK = 2000  # notes compared (and packed) at a time
_APART_FROM = 20_000  # notes from which two child processes state them (see _apart)
_FORKS = sys.platform == "linux"  # fork is not on Windows, and not safe on macOS

# The proof the last call of all_unchanged said True with, as the row ``proven`` holds it
# (folders, notes, stamps); None when it said False, or proved nothing it could keep.
proved: tuple[bytes, bytes, bytes] | None = None
# A proof checked a moment before by the same run, for the next call alone (then None).
vouched: tuple[bytes, bytes, bytes] | None = None


def all_unchanged(
    db: sqlite3.Connection,
    folders: list[Path],
    every: bool = True,
    places: list[str] | None = None,
    alongside: Callable[[], object] | None = None,
) -> bool:
    """Whether the index holds every note of ``folders`` (all the mentee folders, sorted
    by name) as its file is now, and nothing else (inside the caller's transaction).

    ``every``: False for folders given by the caller (``due``), which may be all of them
    or a few: only a proof of exactly these folders can then say True. ``places``: the
    text of each folder's path (``os.fspath``), when the caller has it. ``alongside``:
    work on the index alone (no file), done while the proof's files are stated (in a
    second thread, or here while child processes state them: see :func:`_as_proved`)
    and over before this returns. What it found holds only when this says True (the
    rows are then as proved)."""
    global proved, vouched
    before, proved, vouched = vouched, None, None
    if places is None:
        places = [os.fspath(folder) for folder in folders]
    try:
        listed = _APART.join(places).encode("utf-8", "surrogateescape")
    except UnicodeError:
        return False
    # The folders compared by SQLite, their length first (one mentee's listing: no more).
    proof = db.execute(
        "SELECT notes, stamps FROM proven WHERE length(folders) = ? AND folders = ?",
        (len(listed), listed),
    ).fetchone()
    if places and proof is not None:
        try:
            # A proof vouched for (checked against the files a moment before, in this
            # run) holds while the row is the one checked then.
            notes, stamps = proof
            same = before == (listed, notes, stamps) or _as_proved(places, notes, stamps, alongside)
        except (OSError, UnicodeError, ValueError):
            same = False  # a file gone, most often
        if not same:
            _write(db, "DELETE FROM proven")
        else:
            proved = (listed, *proof)
        return same
    if not every:
        return False
    try:
        found = _checked(db, folders, places)
    except (OSError, UnicodeError, ValueError):
        return False
    if found is not None:
        _remember(db, listed, places, *found)
    return found is not None


def _meanwhile(work: Callable[[], object] | None, check: Callable[..., int], *args: Any) -> int:
    """``check(*args)``, with ``work()`` run meanwhile in a thread of its own (joined before
    this returns, whatever happens). _thread, not threading: nothing to import."""
    if work is None:
        return check(*args)
    import _thread

    running = _thread.allocate_lock()
    running.acquire()

    def run() -> None:
        try:
            work()
        finally:
            running.release()

    _thread.start_new_thread(run, ())
    try:
        return check(*args)
    finally:
        running.acquire()  # the work is done with the connection before the caller goes on


def _as_proved(
    places: list[str], notes: bytes, stamps: bytes, alongside: Callable[[], object] | None = None
) -> bool:
    """Whether the folders and notes proved unchanged before still have the stamps they
    had then (the rows, untouched since, hold those stamps): stated and compared a chunk
    of _CHUNK notes at a time, as they were packed (a few in memory at once).

    ``alongside`` is done meanwhile: where :func:`_apart` allows, the files are stated by
    two child processes (the kernel answers both at once, where threads of one Python
    wait on each other) and ``alongside`` runs here; else it runs in a thread."""
    home = os.path.dirname(places[0])  # of every folder (see _remember)
    prefix = os.path.join(home, "")
    held = notes.decode("utf-8", "surrogateescape").split(_APART) if notes else []
    fd = None
    if _RELATIVE:  # paths from the home's folder: the kernel walks two names, not all
        fd = os.open(home or os.curdir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        split = _apart(len(places), len(held))
        if split is None:
            parts = _parts(fd, prefix, places, held, 0)
            return _meanwhile(alongside, _matched, stamps, parts) == len(stamps)
        first = functools.partial(_matched, stamps, _parts(fd, prefix, places, held[:split], 0))
        last = functools.partial(_matched_last, stamps, _parts(fd, prefix, [], held, split))
        ahead, behind = _forked([first, last], alongside)
        return ahead >= 0 and behind >= 0 and ahead + behind == len(stamps)
    finally:
        if fd is not None:
            os.close(fd)


def _parts(
    fd: int | None, prefix: str, places: list[str], held: list[str], first: int
) -> Iterator[bytes]:
    """The stamps of the folders at ``places`` (when any), then of the notes of ``held`` from
    ``first`` on, packed as :func:`_remember` keeps them: the folders', then a part for each
    _CHUNK notes. Each is stated when its part is asked for."""
    stats: list[tuple[int, ...]]
    if places:
        if fd is not None:
            start = len(prefix)
            stats = [_FOLDER(os.stat(place[start:], dir_fd=fd)) for place in places]
        else:
            stats = list(map(_FOLDER, map(os.stat, places)))
        yield marshal.dumps(stats, 2)
    for at in range(first, len(held), _CHUNK):
        paths = held[at : at + _CHUNK]
        if fd is not None:
            stats = [_NOTE(os.stat(path, dir_fd=fd)) for path in paths]
        else:
            stats = list(map(_NOTE, map(os.stat, [prefix + path for path in paths])))
        yield marshal.dumps(stats, 2)


def _matched(stamps: bytes, parts: Iterator[bytes]) -> int:
    """How long a start of ``stamps`` the parts are, when they are one (else -1): compared
    as each is made, so that the first one that differs ends the stats."""
    at = 0
    for part in parts:
        if stamps[at : at + len(part)] != part:
            return -1
        at += len(part)
    return at


def _matched_last(stamps: bytes, parts: Iterator[bytes]) -> int:
    """How long an end of ``stamps`` the parts are, when they are one (else -1)."""
    packed = b"".join(parts)
    return len(packed) if stamps.endswith(packed) else -1


def _apart(folders: int, notes: int) -> int | None:
    """Where the notes are cut in two for two child processes (a multiple of _CHUNK: the
    first takes the folders and the notes before it, the second the rest), or None to
    state them all here: too few notes for two processes to be quicker, a system without
    fork (or one where a fork is not safe: macOS), one core, or threads already running."""
    if notes < _APART_FROM or not _FORKS:
        return None
    from dtrcli.notebook.manyreads import cores

    if cores() < 2:
        return None
    threads = sys.modules.get("threading")
    if threads is not None and threads.active_count() > 1:
        return None  # a fork copies one thread of many (what the others hold stays held)
    chunks = round((notes - folders) / (2 * _CHUNK))
    return min(max(chunks, 0) * _CHUNK, notes)


def _forked(works: list[Callable[[], int]], alongside: Callable[[], object] | None) -> list[int]:
    """What each of ``works`` gives (-1 when it failed), each done by a child process of
    its own while ``alongside`` runs here. The children are forked with every signal held
    off (none runs this program's handlers: only SIGKILL ends one early) and are waited
    for, whatever happens here."""
    import signal

    children: list[tuple[int, int]] = []
    answers: list[int] = []
    try:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
        try:
            for work in works:
                children.append(_child(work))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if alongside is not None:
            alongside()
        for _, reading in children:
            answers.append(_heard(reading))
    finally:
        for number, (pid, reading) in enumerate(children):
            if number >= len(answers):  # not heard from: ended now
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            os.close(reading)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    return answers


def _child(work: Callable[[], int]) -> tuple[int, int]:
    """A child process doing ``work``: its pid, and the pipe its answer comes down."""
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except BaseException:  # no child (too many processes, say): the pipe goes too
        os.close(reading)
        os.close(writing)
        raise
    if pid == 0:  # the child: its answer, then the end, with nothing of the parent's run
        try:
            os.close(reading)
            os.write(writing, b"%d" % work())
        finally:
            os._exit(0)
    os.close(writing)
    return pid, reading


def _heard(reading: int) -> int:
    """What a child wrote (-1 for nothing: it failed, or was ended)."""
    got = b""
    while part := os.read(reading, 64):
        got += part
    try:
        return int(got)
    except ValueError:
        return -1


def _remember(
    db: sqlite3.Connection, listed: bytes, places: list[str], notes: list[str], stamps: bytes
) -> None:
    """Keep what was proved, when the folders are all in one folder (the data home)."""
    global proved
    home = os.path.dirname(places[0]) if places else ""
    if not places or any(os.path.dirname(place) != home for place in places):
        return  # no folder to stat (the check is quick), or folders of several places
    with contextlib.suppress(UnicodeError):
        held = _APART.join(notes).encode("utf-8", "surrogateescape")
        _write(db, "INSERT OR REPLACE INTO proven VALUES (1, ?, ?, ?)", (listed, held, stamps))
        proved = (listed, held, stamps)


def _write(db: sqlite3.Connection, statement: str, args: tuple[object, ...] = ()) -> None:
    """A write of the proof, left out when it cannot be made at once (another run is
    writing, or has written since this transaction began: its reads are out of date)."""
    with contextlib.suppress(sqlite3.Error), at_once(db):  # never wait: not needed
        db.execute(statement, args)


def _checked(
    db: sqlite3.Connection, folders: list[Path], places: list[str]
) -> tuple[list[str], bytes] | None:
    """The full check, made a list at a time: when every note is as its row holds it, the
    note paths (from the home) and the stamps compared (packed), else None."""
    names = [folder.name for folder in folders]
    rows = db.execute("SELECT folder, mtime, ctime, ino, names FROM folders ORDER BY folder")
    listed = rows.fetchall()
    if [row[0] for row in listed] != names:
        return None  # a folder without a row, or a row of a folder not listed
    folder_stamps = [row[1:4] for row in listed]
    if list(map(_FOLDER, map(os.stat, places))) != folder_stamps:
        return None
    total = sum(len(held.split("/")) if held else 0 for *_, held in listed)
    (count,) = db.execute("SELECT count(*) FROM notes").fetchone()
    if count != total:
        return None  # a row not settled, a row a note could not give, a note gone
    rows = db.execute(
        "SELECT folder, name, size, mtime, ctime, ino FROM notes "
        "WHERE settled = 1 AND plausible ORDER BY folder, name"
    )
    wanted = _notes_held(places, listed)
    notes: list[str] = []
    parts: list[bytes] = []
    # A few thousand notes at a time: at 100,000 notes the rows, names and stats of
    # all of them at once would be most of what the listing holds in memory.
    while chunk := rows.fetchmany(_CHUNK):
        want = list(islice(wanted, len(chunk)))
        held = [row[:2] for row in chunk]
        if held != [(folder, name) for folder, name, _ in want]:
            return None
        stamps = [row[2:] for row in chunk]
        if list(map(_NOTE, map(os.stat, [path for *_, path in want]))) != stamps:
            return None
        notes += [f"{folder}/{name}" for folder, name in held]
        parts.append(marshal.dumps(stamps, 2))
        if len(chunk) != _CHUNK:
            break  # the last (every chunk packed but the last holds _CHUNK notes)
    if len(notes) != total:
        return None
    return notes, marshal.dumps(folder_stamps, 2) + b"".join(parts)  # as _as_proved packs


def _notes_held(places: list[str], listed: list[Any]) -> Iterator[tuple[str, str, str]]:
    """(folder, name, path) of each note the folders' rows say they hold, in order."""
    for place, (folder, *_, held) in zip(places, listed, strict=True):
        for name in held.split("/") if held else ():
            yield folder, name, f"{place}/{name}"
