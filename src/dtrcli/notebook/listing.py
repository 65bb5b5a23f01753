"""Listings straight from the index: checked against the files, sorted and cut by SQLite.

A listing of many notes (``history``, ``search``) asks :func:`notes` for them. It
looks at every note file of the folders listed (one directory listing a folder,
one stat a note: nothing cheaper tells a hand edit that kept a file's size and
time apart, since editing a file in place leaves its folder as it was) and
compares each with the row the index keeps of it (size, modification and change
times, inode); a listing of every mentee first makes the same comparison a list
at a time (:mod:`dtrcli.notebook.unchanged`), which settles the common case of
nothing changed (a listing of folders given, as ``due`` gives them all, asks only
whether the last such comparison holds for them). A note that differs, is new or
changed too recently to be trusted is read again and its row written, a row
whose file is gone is removed, all in one transaction; then SQLite sorts the
rows (newest first), filters them (``--kind``, ``--since``, the words searched
for) and cuts them to the rows printed, and only those become
:class:`~dtrcli.notebook.notes.Note` objects.

The check and the rows listed are read in one transaction, so another run
writing at the same time cannot make a listing miss a note it saw. When the
index cannot be used (no cache folder, a damaged file being rebuilt by another
run, a lock not got in time) :func:`notes` says so with None and the caller
reads the files as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from dtrcli import notices
from dtrcli.errors import NoteError
from dtrcli.notebook import index, indextext, paths, unchanged
from dtrcli.notebook.columns import Columns

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

    from dtrcli.notebook.notes import Kinds

# The note format and the Note class are imported when a note must be read or built:
# a listing from a warm index (history NAME) starts without them.


def read_text(path: Path) -> str:
    from dtrcli.notebook.noteformat import read_text as read

    return read(path)


BATCH = 500  # rows written at a time (a cold index of 100,000 notes is not held in memory)
CHUNK = 500  # folders whose rows are compared at a time

_COLUMNS = "folder, name, size, mtime, ctime, ino, settled, number, " + ", ".join(index.LISTED)
_INSERT = (
    f"INSERT OR REPLACE INTO notes ({_COLUMNS}) VALUES ({', '.join('?' * (8 + len(index.LISTED)))})"
)
_ORDER = "ORDER BY date DESC, created DESC, number DESC, name DESC, folder ASC"


if TYPE_CHECKING:
    Listed = tuple[Any, int, list[str]]  # the notes (a list, or Columns), their count, folders
# A note's row and its text for search (indextext.searchable_body).
Pending = tuple[tuple[object, ...], indextext.Text]


class Row:
    """A listed note as the index holds it, for a listing that only shows it: what a
    :class:`~dtrcli.notebook.notes.Note` offers listings (its front matter's date,
    template, title, mentee and created, and its path, made when asked), in a tenth of
    the memory (a listing of 100,000 notes)."""

    __slots__ = ("place", "_path", "name", "title", "mentee", "template_id", "date", "created")

    def __init__(self, place: Path, name: str, *front: str) -> None:
        self.place, self.name = place, name  # the folder, the file's name
        self._path: Path | None = None
        self.title, self.mentee, self.template_id, self.date, self.created = front

    @property
    def path(self) -> Path:
        path = self._path
        if path is None:  # the name is one path component: pathlib's shortcut (see _make)
            child = getattr(self.place, "_make_child_relpath", None)
            path = self._path = child(self.name) if child else self.place / self.name
        return path


class Unavailable(Exception):
    """The index cannot answer this time (the files are read instead)."""


def notes(
    folders: Sequence[Path] | None,
    kind: str | None = None,
    since: dt.date | None = None,
    kinds: Kinds | None = None,
    limit: int | None = None,
    needle: str | None = None,
    typed: str | None = None,
    check: bool = True,
    rows: bool = False,
    texts: list[str | None] | None = None,
    whole: bool = False,
    columns: bool = False,
) -> Listed | None:
    """The notes of ``folders`` (every mentee's when None), newest first, as
    :func:`dtrcli.notebook.notes.notes_of` gives them, how many there are in all and the
    folder name of each note: only the first ``limit`` are built. ``needle``
    (casefolded): only the notes whose text in the index mentions it, and those whose
    text it does not hold (search reads them). None when the index cannot be used.
    ``typed``: the one mentee's name as the user gave it (for the error when none of
    their notes can be read); ``check``: refuse, as notes_of does, a listing of no
    readable notes from folders that hold notes; ``rows``: :class:`Row` objects rather
    than notes; ``texts`` (with ``needle``): filled with each note's questions as the
    index holds them (index.encode_lines), None for a note search must read; ``whole``:
    ``folders`` are every mentee's folder, as :func:`paths.mentee_dirs` gave them;
    ``columns``: the notes as one :class:`~dtrcli.notebook.columns.Columns` (without
    ``needle``)."""
    every = folders is None or whole
    places = None  # the text of each folder's path, when known
    if folders is None:
        listed, places = paths.mentee_places()
    else:
        listed = list(folders)
    db = index.open_db()
    if db is None:
        return None
    try:
        with index.bulk():
            found, held = _listing(
                db, listed, every, kind, since, kinds, limit, needle, rows, texts, columns, places
            )
    except (sqlite3.Error, Unavailable, UnicodeError):  # UnicodeError: a name not UTF-8
        with contextlib.suppress(sqlite3.Error):
            if db.in_transaction:
                db.execute("ROLLBACK")
        return None
    index.trim_log()  # a cold index leaves all its rows in the log
    if held == 0:  # as notes_of: broken notes are not having none, nor is a kind unknown
        from dtrcli.notebook.notes import _known_kind, check_readable

        if check:
            check_readable(listed, typed)
        if kind:
            _known_kind(kind, kinds() if kinds else ())
    return found


def _listing(
    db: sqlite3.Connection,
    folders: list[Path],
    every: bool,
    kind: str | None,
    since: dt.date | None,
    kinds: Kinds | None,
    limit: int | None,
    needle: str | None,
    light: bool = False,
    texts: list[str | None] | None = None,
    by_columns: bool = False,
    places: list[str] | None = None,
) -> tuple[Listed, int]:
    """The listing, and whether the folders hold any note before any filter (1 or 0)."""
    db.execute("BEGIN")
    try:
        _refresh(db, folders, every, places)
        where, args = _where(db, folders, every)
        within, within_args = where, list(args)  # the folders alone
        # Whether there is one, not how many: at 100,000 notes a count reads them all.
        held = int(
            db.execute(f"SELECT EXISTS (SELECT 1 FROM notes WHERE {where})", args).fetchone()[0]
        )
        if held == 0:
            db.execute("COMMIT")
            return ([], 0, []), 0
        templates = _templates(db, where, args, kind, kinds) if kind else None
        if templates is not None:
            where += f" AND template IN ({', '.join('?' * len(templates))})"
            args += templates
        if since is not None:
            where += " AND date >= ?"
            args.append(since.isoformat())
        source, first = "notes", []  # first: the arguments of source, before those of where
        if needle is not None:
            if not index.keeps_text():
                raise Unavailable  # the index keeps no text: search reads every note
            # A note whose row is not settled is read (and warned about) as before it was
            # stored: its text is not trusted yet.
            source = indextext.may_mention(within)
            first = [indextext.pattern(needle)] * 2 + within_args * 4
        wanted = ""
        if texts is not None:  # trusted once settled, and only as text
            source += " LEFT JOIN typed USING (folder, name)"
            wanted = ", CASE WHEN settled = 1 AND typeof(lines) = 'text' THEN lines END"
        read = ", ".join(Columns.READ if by_columns else ("folder", "name", *index.LISTED))
        cursor = db.execute(
            f"SELECT {read}{wanted} FROM {source} "
            f"WHERE {where} {_ORDER}" + (" LIMIT ?" if limit is not None else ""),
            (*first, *args, limit) if limit is not None else [*first, *args],
        )
        if texts is not None:
            cursor = _texts_apart(cursor, texts)
        if by_columns:
            made: Any = Columns({f.name: f for f in folders}, cursor.fetchall())
            names = made.folder
        else:
            made, names = _make(cursor, folders, light)
        if limit is None or len(made) < limit:
            total = len(made)
        else:
            total = _count(db, where, [*first, *args], source)
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    return (made, total, names), held


def _texts_apart(cursor: sqlite3.Cursor, texts: list[str | None]) -> Any:
    """The rows of ``cursor`` without their last column, which goes to ``texts``."""
    add = texts.append
    for *row, text in cursor:
        add(text)
        yield row


def _make(cursor: Any, folders: list[Path], light: bool) -> tuple[list[Any], list[str]]:
    """The listed notes (or :class:`Row` objects) and each one's folder name, made as the
    rows come; the texts many rows share (folder, template, date, mentee) are kept once."""
    shared: dict[str, str] = {}
    one = shared.setdefault
    made: list[Any] = []
    names: list[str] = []
    if light:
        places = {folder.name: folder for folder in folders}
        row, add, named = Row, made.append, names.append  # looked up once, not once a row
        for folder, name, title, mentee, template, date, created in cursor:
            folder = one(folder, folder)
            add(row(places[folder], name, title, one(mentee, mentee), one(template, template),
                    one(date, date), created))  # fmt: skip
            named(folder)
        return made, names
    from dtrcli.notebook.notes import Note

    # A name is one path component: pathlib's own shortcut for that (what Path.glob
    # uses) skips parsing the folder again for each note; joinpath where a Python lacks it.
    children = {
        folder.name: getattr(folder, "_make_child_relpath", None) or folder.joinpath
        for folder in folders
    }
    keys = index.LISTED
    for folder, name, *front in cursor:
        folder = one(folder, folder)
        note = Note(path=children[folder](name), meta=dict(zip(keys, front, strict=True)))
        note.indexed = True
        made.append(note)
        names.append(folder)
    return made, names


def _where(db: sqlite3.Connection, folders: list[Path], every: bool) -> tuple[str, list[str]]:
    if every:
        return "1", []
    names = sorted({folder.name for folder in folders})
    return f"folder IN ({', '.join('?' * len(names))})", names


def _count(db: sqlite3.Connection, where: str, args: list[str], source: str = "notes") -> int:
    return int(db.execute(f"SELECT count(*) FROM {source} WHERE {where}", args).fetchone()[0])


def _templates(
    db: sqlite3.Connection, where: str, args: list[str], kind: str, kinds: Kinds | None
) -> list[str]:
    """The template ids ``--kind`` stands for: itself, else any spelling of it in other
    case; an id dtr does not know and no note has is refused."""
    held = [t for (t,) in db.execute(f"SELECT DISTINCT template FROM notes WHERE {where}", args)]
    chosen = [t for t in held if t == kind] or [t for t in held if t.casefold() == kind.casefold()]
    if not chosen:
        from dtrcli.notebook.notes import _known_kind

        _known_kind(kind, kinds() if kinds else ())
    return chosen


def _refresh(
    db: sqlite3.Connection, folders: list[Path], every: bool, places: list[str] | None = None
) -> None:
    """Bring the rows of ``folders`` in line with their files (inside the caller's
    transaction): a row whose file is as stored is kept, any other note is read again,
    and the rows of notes (or, listing every mentee, folders) no longer there go. The
    rows are compared a few hundred folders at a time (a small part of them in memory).
    ``places``: the text of each folder's path, when known."""
    keep = index.keeps_text()  # asked once (the home's marker is read once a run)
    if not keep:
        # kept while text was stored (the profiles' and due's rows too): none is kept now
        for table in (*indextext.TABLES, "profiles", "due"):
            if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                db.execute(f"DELETE FROM {table}")
    if (every or len(folders) > 1) and unchanged.all_unchanged(db, folders, every, places):
        return  # the common case, proved a list at a time (or as proved before)
    pending: list[Pending] = []
    gone: list[tuple[str, str]] = []
    scanned: list[tuple[object, ...]] = []
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
                if stamp is not None and known.get(name) == stamp:
                    continue
                row = _read(folder, name, stamp, settled_before, keep)
                if row is None:
                    if name in known:
                        gone.append((folder.name, name))
                    continue
                pending.append(row)
                if len(pending) >= BATCH:
                    _write(db, pending)
            gone += [(folder.name, name) for name in known if name not in seen]
            notices.progress("Reading the notes", done, len(folders))
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
    at the start of the refresh (its text is kept unless an encrypted note was read since,
    this one included)."""
    from dtrcli.notebook import sealing
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
    if not keep_text or sealing.opened:
        return row, (None, None, None)
    return row, indextext.searchable_body(body, meta)
