"""The index's rows of notes brought in line with the files, before a listing reads them.

:func:`refresh` looks at every note file of the folders listed (one directory listing
a folder, one stat a note: nothing cheaper tells a hand edit that kept a file's size
and time apart) and compares each with the row the index keeps of it (size,
modification and change times, inode); a listing of every mentee first makes the same
comparison a list at a time (:mod:`dtrcli.notebook.unchanged`), which settles the
common case of nothing changed. A note that differs, is new or changed too recently to
be trusted is read again and its row written (with the text search looks at,
:mod:`dtrcli.notebook.indextext`), and a row whose file is gone is removed, all inside
the listing's transaction (:mod:`dtrcli.notebook.listing`). Every folder is looked over
before any note is read, so that many notes to read (a cold index) can be read on every
core (:mod:`dtrcli.notebook.manyreads`).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from pathlib import Path

from dtrcli import notices
from dtrcli.errors import NoteError
from dtrcli.notebook import index, indextext, manyreads, paths, sealing, unchanged

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from collections.abc import Callable

# The note format and the Note class are imported when a note must be read: a listing
# from a warm index (history NAME) starts without them.


def read_text(path: Path) -> str:
    from dtrcli.notebook.noteformat import read_text as read

    return read(path)


BATCH = 500  # rows written at a time (a cold index of 100,000 notes is not held in memory)
CHUNK = 500  # folders whose rows are compared at a time

_COLUMNS = "folder, name, size, mtime, ctime, ino, settled, number, " + ", ".join(index.LISTED)
_INSERT = (
    f"INSERT OR REPLACE INTO notes ({_COLUMNS}) VALUES ({', '.join('?' * (8 + len(index.LISTED)))})"
)

# A note's row and its text for search (indextext.searchable_body).
Pending = tuple[tuple[object, ...], indextext.Text]
# A note to read (its folder, its file name, its stamp), and whether it has a row.
Wanted = tuple[tuple[Path, str, tuple[int, int, int, int] | None], bool]


def refresh(
    db: sqlite3.Connection,
    folders: list[Path],
    every: bool,
    places: list[str] | None = None,
    alongside: Callable[[], object] | None = None,
) -> bool:
    """Bring the rows of ``folders`` in line with their files (inside the caller's
    transaction): a row whose file is as stored is kept, any other note is read again,
    and the rows of notes (or, listing every mentee, folders) no longer there go. The
    rows are compared a few hundred folders at a time (a small part of them in memory).
    ``places``: the text of each folder's path, when known; ``alongside``: work on the
    index run while a proof is checked (:func:`~dtrcli.notebook.unchanged.all_unchanged`),
    whose answer holds when it held. True when every row was proved as it is (nothing
    read, nothing written but the proof)."""
    keep = index.keeps_text()  # asked once (the home's marker is read once a run)
    if not keep:
        # kept while text was stored (the profiles' and due's rows too): none is kept now
        for table in (*indextext.TABLES, "profiles", "due"):
            if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                db.execute(f"DELETE FROM {table}")
    if (every or len(folders) > 1) and unchanged.all_unchanged(
        db, folders, every, places, alongside
    ):
        return True  # the common case, proved a list at a time (or as proved before)
    pending: list[Pending] = []
    gone: list[tuple[str, str]] = []
    scanned: list[tuple[object, ...]] = []
    wanted: list[Wanted] = []  # the notes to read, and whether each has a row
    settled_before = time.time_ns() - index.RACY_NS
    for first in range(0, len(folders), CHUNK):
        chunk = folders[first : first + CHUNK]
        names = [f.name for f in chunk]
        where = f" WHERE folder IN ({', '.join('?' * len(names))})"
        stored: dict[str, dict[str, tuple[int, int, int, int] | None]] = {}
        for folder, name, size, mtime, ctime, ino, settled in db.execute(
            "SELECT folder, name, size, mtime, ctime, ino, settled = 1 AND plausible FROM notes"
            + where,
            names,
        ):
            stored.setdefault(folder, {})[name] = (size, mtime, ctime, ino) if settled else None
        listed = {
            folder: ((mtime, ctime, ino), files)
            for folder, mtime, ctime, ino, files in db.execute(
                "SELECT * FROM folders" + where, names
            )
        }
        for done, folder in enumerate(chunk, first + 1):
            known = stored.pop(folder.name, {})
            seen = set()
            for name, stamp in _stamps(folder, listed.get(folder.name), settled_before, scanned):
                seen.add(name)
                if stamp is None or known.get(name) != stamp:
                    wanted.append(((folder, name, stamp), name in known))
            gone += [(folder.name, name) for name in known if name not in seen]
            notices.progress("Looking over the notes", done, len(folders))
    # Not in an encrypted home (no text kept): each of its notes is opened here.
    reader = functools.partial(_read, settled_before=settled_before, keep_text=keep)
    read = manyreads.rows(reader, [job for job, _ in wanted], "Reading the notes", apart=keep)
    for (job, had_row), row in zip(wanted, read, strict=True):
        if row is None:
            if had_row:
                gone.append((job[0].name, job[1]))
            continue
        # Once an encrypted note was read (here), its text and that of any note after it
        # is kept nowhere.
        if sealing.opened:
            row = row[0], (None, None, None)
        pending.append(row)
        if len(pending) >= BATCH:
            _write(db, pending)
    dropped = False
    if every:  # folders no longer there (or no longer mentee folders)
        present = {f.name for f in folders}
        held = db.execute("SELECT DISTINCT folder FROM notes UNION SELECT folder FROM folders")
        for folder_name in [f for (f,) in held.fetchall() if f not in present]:
            dropped = True
            for table in ("notes", *indextext.TABLES[:2], "folders"):
                db.execute(f"DELETE FROM {table} WHERE folder = ?", (folder_name,))
    if pending:
        _write(db, pending)
    if gone:
        db.executemany("DELETE FROM notes WHERE folder = ? AND name = ?", gone)
        indextext.forget(db, gone)
    if scanned:
        db.executemany("INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?, ?)", scanned)
    if pending or gone or dropped:
        index.forget_rows()  # what this run had read of the index is out of date
    return False


def _stamps(
    folder: Path,
    listed: tuple[tuple[int, int, int], str] | None,
    settled_before: int,
    scanned: list[tuple[object, ...]],
) -> list[tuple[str, tuple[int, int, int, int] | None]]:
    """(file name, stamp) of each note of a folder, in the order of their names.

    The names come from the folder's row when the folder is as it was then: a file is
    added to, removed from or renamed in a folder only through the folder, which sets
    its change time to the time of the change, a time no one can set back; a row is
    kept only for a folder whose change time was over two seconds old when it was
    listed and which held nothing but plain files, so an equal change time proves the
    same names. Any other folder is listed (its row, when it may be kept, is added to
    ``scanned``)."""
    place = os.fspath(folder)
    try:
        st = os.stat(place)
        key = (st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    except OSError:
        key = None
    found: list[tuple[str, tuple[int, int, int, int] | None]] = []
    if key is not None and listed is not None and listed[0] == key:
        for name in listed[1].split("/") if listed[1] else ():
            try:
                fst = os.stat(f"{place}/{name}")
                found.append((name, (fst.st_size, fst.st_mtime_ns, fst.st_ctime_ns, fst.st_ino)))
            except OSError:
                found.append((name, None))
        return found
    plain = True
    for entry in _note_entries(folder):
        plain = plain and entry.is_file(follow_symlinks=False)
        try:
            fst = entry.stat()
            found.append((entry.name, (fst.st_size, fst.st_mtime_ns, fst.st_ctime_ns, fst.st_ino)))
        except OSError:
            found.append((entry.name, None))
    if plain and key is not None and key[0] < settled_before and key[1] < settled_before:
        scanned.append((folder.name, *key, "/".join(name for name, _ in found)))
    return found


def _note_entries(folder: Path) -> list[os.DirEntry[str]]:
    """:func:`dtrcli.notebook.paths.note_entries`, with the plain file (nearly every note)
    told apart from one DirEntry field: only links and oddities go through its checks."""
    found = []
    for entry in paths._scan(folder, "the folder"):
        name = entry.name
        if not name.endswith(paths.NOTE_SUFFIX) or name.startswith("."):
            continue
        if entry.is_file(follow_symlinks=False) or paths._is(entry, "file"):
            found.append(entry)
    found.sort(key=lambda e: e.name)
    return found


def _write(db: sqlite3.Connection, pending: list[Pending]) -> None:
    db.executemany(_INSERT, [row for row, _ in pending])
    indextext.write(db, [(str(row[0]), str(row[1]), text) for row, text in pending])
    pending.clear()


def _read(
    folder: Path,
    name: str,
    stamp: tuple[int, int, int, int] | None,
    settled_before: int,
    keep_text: bool,
) -> Pending | None:
    """The row of a note read from its file (None, with a warning, when it cannot be read):
    one changed too recently, or whose file could not be looked at, is stored as not
    settled, so the next run reads it again. ``keep_text``: index.keeps_text() as asked
    at the start of the refresh (:func:`refresh` drops the text of a note read once an
    encrypted one was: a worker reading it does not know)."""
    from dtrcli.notebook.noteformat import split_front_matter
    from dtrcli.notebook.notes import Note

    path = folder / name
    try:
        text = read_text(path)
        meta, body, _ = split_front_matter(text, path)
    except NoteError as exc:
        notices.warn(f"skipped {exc}")
        return None
    note = Note(path=path, meta=meta)
    settled = stamp is not None and stamp[1] < settled_before and stamp[2] < settled_before
    size, mtime, ctime, ino = stamp if stamp is not None else (0, 0, 0, 0)
    row = (
        folder.name,
        name,
        size,
        mtime,
        ctime,
        ino,
        1 if settled else 0,
        note.sort_key()[2],
        *(str(meta.get(key, "")) for key in index.LISTED),
    )
    if not keep_text:
        return row, (None, None, None)
    return row, indextext.searchable_body(body, meta)
