"""The index: one SQLite file per data home in the cache folder, a pure speed-up.

Listings (history, due, mentee list, followups ...) need each note's front
matter; search needs to know which notes mention a word. Reading and parsing
thousands of small files costs far more than checking that they have not
changed, so the index keeps, for every note, the file's stamp (size,
modification and change times, inode), its front matter and the text search
looks at (question headings and answers, casefolded and as typed:
:mod:`dtrcli.notebook.indextext`), so that a search asks SQLite which notes hold
the words and makes its hits without reading them.

It is checked against the files on every run: a note whose stamp differs in
any of these is read again, and a note changed less than two seconds before
it would be stored is not trusted (a coarse file-system clock could hide a
second edit in the same tick): it is not stored, or, by the listings of
:mod:`dtrcli.notebook.listing`, stored as not settled and read again next time.
The index never holds anything the files do not: a missing, damaged or foreign
file is rebuilt from the notes, a row that is not one a note could give is
ignored, and deleting it is always safe. Any
problem with SQLite itself leaves dtr reading the files, never stopped.

Concurrent runs share it safely (WAL, a busy timeout; a writer that cannot get
in leaves its rows for the next run). It holds titles, names and the notes'
text, so it is private: 0600 in a 0700 folder. ``store_text`` is the switch
for a home whose notes are encrypted (``keeps_text``): the index then keeps
no text, only the front matter listings show, and search reads the notes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
from pathlib import Path

from dtrcli.notebook.indexdb import (
    STAMP_LIKE,
    _connect,
    _remove,
    _transaction,
    front_matter_like,
    stamp_like,
)

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

RACY_NS = 2_000_000_000  # changes newer than this are not stored

Stamp = list[int]  # [size, mtime_ns, ctime_ns, inode]
# The front matter listings show, kept as text (a note's other keys are read from it).
LISTED = ("title", "mentee", "template", "date", "created")
if TYPE_CHECKING:
    Entries = dict[str, tuple[Stamp, dict[str, Any]]]
# A profile's name as stored: (folder, size, mtime_ns, ctime_ns, inode, name).
Label = tuple[str, int, int, int, int, str | None]

store_text = True


def keeps_text() -> bool:
    """Whether the index keeps the notes' text: never for an encrypted home, nor once an
    encrypted note was read in this run (a home whose marker went missing)."""
    from dtrcli.notebook import sealing

    return store_text and sealing.mark() is None and not sealing.opened


def stamp(st: os.stat_result) -> Stamp:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def index_file() -> Path:
    """The index of the current data home: named after the home, links resolved."""
    return _index_file(*(os.environ.get(v) for v in _PLACES))


# What decides where the data home and the cache are (paths are computed when used).
_PLACES = ("DTR_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "HOME", "LOCALAPPDATA")


@functools.lru_cache(maxsize=8)
def _index_file(*_places: str | None) -> Path:
    from dtrcli.notebook.paths import cache_home, data_home

    try:
        from _blake2 import blake2b  # hashlib's, without hashlib loading OpenSSL (7 ms)
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b

    home = str(data_home().resolve()).encode("utf-8", "surrogateescape")
    return cache_home() / "index" / f"{blake2b(home, digest_size=8).hexdigest()}.sqlite3"


def _earlier_name() -> Path:
    """Where the index of this home was kept before its name was a blake2b hash (it
    holds the answers' text, so it goes when the index under today's name is made)."""
    import hashlib

    from dtrcli.notebook.paths import cache_home, data_home

    home = str(data_home().resolve()).encode("utf-8", "surrogateescape")
    return cache_home() / "index" / f"{hashlib.sha256(home).hexdigest()[:16]}.sqlite3"


class _Index:
    """The open index of one data home, and the rows read from it in this run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.rows: dict[str, dict[str, tuple[int, Stamp, dict[str, Any]]]] | None = None
        self.labels: dict[str, Label | None] | None = None  # None: no row kept
        self.every_label = False  # labels holds every folder's row, not those asked for
        self.some: dict[str, dict[str, tuple[int, Stamp, dict[str, Any]]]] = {}
        self.new_labels: list[Label] = []  # read, not yet written (inside bulk())

    def open(self) -> sqlite3.Connection | None:
        if self.db is None:
            try:
                if not self.path.exists():
                    _remove(_earlier_name())  # the same home's index under its former name
                self.db = _connect(self.path)
            except (sqlite3.Error, OSError):
                self.db = None
                return None
        return self.db

    def folder(self, name: str) -> dict[str, tuple[int, Stamp, dict[str, Any]]]:
        if self.rows is None:
            if not _many:  # one mentee's listing: only their rows
                if name not in self.some:
                    self.some[name] = self._load_all(name).get(name, {})
                return self.some[name]
            with bulk():  # thousands of small dicts
                self.rows = self._load_all()
        return self.rows.get(name, {})

    def _load_labels(self, only: list[str] | None = None) -> dict[str, Label | None]:
        db = self.open()
        if db is None:
            return {}
        where = "" if only is None else f"folder IN ({', '.join('?' * len(only))}) AND "
        try:  # each row as SQLite gives it: thousands of folders, nothing made for each
            return {
                row[0]: row
                for row in db.execute(
                    f"SELECT folder, size, mtime, ctime, ino, name FROM labels WHERE {where}"
                    f"{STAMP_LIKE} AND (name IS NULL OR typeof(name) = 'text')",
                    only or (),
                )
            }
        except sqlite3.Error:
            return {}

    def _load_all(
        self, only: str | None = None
    ) -> dict[str, dict[str, tuple[int, Stamp, dict[str, Any]]]]:
        db = self.open()
        if db is None:
            return {}
        rows: dict[str, dict[str, tuple[int, Stamp, dict[str, Any]]]] = {}
        query = (
            f"SELECT id, folder, name, size, mtime, ctime, ino, {', '.join(LISTED)} FROM notes"
            " WHERE settled = 1"
        )
        try:
            for rowid, folder, name, size, mtime, ctime, ino, *fields in db.execute(
                query + (" AND folder = ?" if only is not None else ""),
                (only,) if only is not None else (),
            ):
                st = [size, mtime, ctime, ino]
                front = dict(zip(LISTED, fields, strict=True))
                if stamp_like(st) and front_matter_like(front):
                    rows.setdefault(folder, {})[name] = (rowid, st, front)
        except sqlite3.Error:
            return {}
        return rows


_open: dict[Path, _Index] = {}


_last: tuple[tuple[str | None, ...], _Index] | None = None
_many = 0  # inside bulk(): a listing of many mentees, which reads every row at once
_pinned = 0  # inside pinned() (and bulk()): the data home stays where it is
_FREEZE_FROM = 10_000  # objects made inside bulk() from which they are frozen


def _index() -> _Index:
    global _last
    if _pinned and _last is not None:
        return _last[1]  # inside a listing: the data home stays where it is
    places = tuple(os.environ.get(v) for v in _PLACES)
    if _last is not None and _last[0] == places:
        return _last[1]
    path = _index_file(*places)
    found = _open.get(path)
    if found is None:
        found = _open[path] = _Index(path)
    _last = (places, found)
    return found


def reset() -> None:
    """Forget the open indexes (tests change the data home between runs)."""
    for index in _open.values():
        if index.db is not None:
            with contextlib.suppress(sqlite3.Error):
                index.db.close()
    global _last
    _open.clear()
    _last = None
    _index_file.cache_clear()


def forget_text() -> None:
    """Remove the index of this home (it is rebuilt without text when encrypted)."""
    path = index_file()
    reset()
    _remove(path)


@contextlib.contextmanager
def pinned() -> Any:
    """Around work that asks the index many times in a row (a label for each of hundreds
    of hits): the index of the data home is looked up once, at the start, not at each
    question (the environment is not read again inside)."""
    global _pinned
    if not _pinned:
        _index()  # the home of this listing (inside, _index() need not ask again)
    _pinned += 1
    try:
        yield
    finally:
        _pinned -= 1


@contextlib.contextmanager
def bulk() -> Any:
    """Around a listing of many notes: the garbage collector, which would only walk the
    thousands of small objects being made, waits until it is done, and when they are
    many they are left out of its scans for the rest of the run (gc.freeze: the rows
    of a listing hold no cycles, and at 100,000 notes each scan of them would walk them
    all again, a collection of the oldest generation hundreds of milliseconds); the
    index of the data home is looked up once (:func:`pinned`)."""
    global _many
    with uncollected():
        _many += 1
        try:
            with pinned():
                yield
        finally:
            _many -= 1
            if not _many:
                _store_labels(_index())


@contextlib.contextmanager
def uncollected() -> Any:
    """Around making many objects that are no garbage (a listing's rows): the garbage
    collector waits until the work is done, and when they are many they are left out of
    its scans for the rest of the run (gc.freeze)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_count()[0] > _FREEZE_FROM:
                gc.freeze()
            gc.enable()


def open_db() -> sqlite3.Connection | None:
    """The index of the current data home, open (None when it cannot be used)."""
    return _index().open()


def trim_log() -> None:
    """The index's write-ahead log emptied when this run left much of it (indexdb.trim_log)."""
    from dtrcli.notebook.indexdb import trim_log as trim

    index = _index()
    if index.db is not None:
        trim(index.db, index.path)


def forget_rows() -> None:
    """Drop the rows this run read from the index (after they were written anew)."""
    index = _index()
    index.rows = None
    index.some = {}


def load(folder: Path) -> Entries:
    """File name -> (stamp, front matter) as last stored for a mentee folder."""
    return {name: (st, meta) for name, (_, st, meta) in _index().folder(folder.name).items()}


def save(folder: Path, entries: Entries, previous: Entries, texts: dict[str, str]) -> None:
    """Store what a listing read of one folder: new and changed notes (with their text for
    search, from ``texts``), and forget notes no longer there. A failure leaves the index
    as it was (it is optional)."""
    index = _index()
    db = index.open()
    if db is None:
        return
    settled = time.time_ns() - RACY_NS
    known = index.folder(folder.name)
    changed = {
        name: (st, meta)
        for name, (st, meta) in entries.items()
        if (name not in previous or previous[name][0] != st)
        and st[1] < settled
        and st[2] < settled
        and name in texts
    }
    gone = [name for name in known if name not in entries]
    if not changed and not gone:
        return
    from dtrcli.notebook import indextext
    from dtrcli.notebook.notes import Note

    try:
        with _transaction(db):
            for name in gone:
                db.execute("DELETE FROM notes WHERE id = ?", (known[name][0],))
            indextext.forget(db, [(folder.name, name) for name in gone])
            written: list[tuple[str, str, indextext.Text]] = []
            keep = keeps_text()  # once: the notes were read before (none is read here)
            for name, (st, meta) in changed.items():
                text = indextext.searchable(texts[name]) if keep else (None, None, None)
                written.append((folder.name, name, text))
                front = {key: str(meta.get(key, "")) for key in LISTED}
                number = Note(path=folder / name, meta=meta).sort_key()[2]
                (rowid,) = db.execute(
                    f"INSERT OR REPLACE INTO notes (folder, name, size, mtime, ctime, ino, "
                    f"{', '.join(LISTED)}, number) "
                    f"VALUES ({', '.join('?' * (7 + len(LISTED)))}) RETURNING id",
                    (folder.name, name, *st, *front.values(), number),
                ).fetchone()
                known[name] = (rowid, st, front)
            indextext.write(db, written)
            for name in gone:
                known.pop(name, None)
    except (sqlite3.Error, UnicodeError):  # UnicodeError: a file name that is not UTF-8
        return
    if index.rows is not None:
        index.rows[folder.name] = known
    else:
        index.some[folder.name] = known


def _store_labels(index: _Index) -> None:
    """Write the labels read in this run (a failure leaves them for the next run)."""
    found, index.new_labels = index.new_labels, []
    db = index.open()
    if not found or db is None or index.labels is None:
        return
    with contextlib.suppress(sqlite3.Error, UnicodeError):
        with _transaction(db):
            db.executemany("INSERT OR REPLACE INTO labels VALUES (?, ?, ?, ?, ?, ?)", found)
        for row in found:
            index.labels[row[0]] = row


def containing(needle: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]] | None:
    """Which stored notes mention ``needle`` (casefolded) in a heading or an answer, as
    (folder, file) pairs, and which stored notes have their text in the index at all (a
    note without it must be read). None when the index cannot say (no text kept)."""
    from dtrcli.notebook import indextext

    db = _index().open()
    if db is None or not keeps_text():
        return None
    return indextext.containing(db, needle.casefold())
