"""What listings of many mentees read from notes, kept in the index by each note's stamp.

``dtr due`` and ``dtr mentee list`` ask of each check-in the session it records
(:mod:`dtrcli.module.checkincache`), ``dtr followups`` asks of every note its
follow-ups (:mod:`dtrcli.module.followupcache`). Reading and parsing thousands of
notes for that costs far more than checking that they have not changed, so inside
:meth:`NoteCache.listing` what a note gave is kept in a table of the index of the data
home (:mod:`dtrcli.notebook.index`) with the note file's stamp (size, modification
and change times, inode) and a digest of what it was read with (the note's template
and dtr's version). A note whose file differs in any of these, or that was read with
another template, is read again; a file changed less than two seconds before is not
stored (a coarse file-system clock could hide a second edit in the same tick); a
note whose reading said something (a question heading that lost its marker) or
failed is never stored, so it is said every time; a row that is not one the reading
could give is ignored (each cache's ``decode`` says None).

What is kept is a note's words, so it is stored only where the index keeps the notes'
text (:func:`index.keeps_text`): an encrypted home's notes are read from their files
every time, and any rows kept before go.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dtrcli.module.profilecache import Scope
from dtrcli.notebook import index, sealing

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Template
    from dtrcli.notebook.notes import Note

V = TypeVar("V")
# How a note's value is read from its file: the value, and whether it may be kept.
Reader = Callable[["Note", "Template | None"], tuple[V, bool]]


class _Listing(Generic[V]):
    """The values stored in the index and those read in this listing."""

    def __init__(self) -> None:
        # (folder, file name) -> (stamp, digest, value), read when first asked
        self.stored: dict[tuple[str, str], tuple[list[int], str, V]] | None = None
        self.digests: dict[int, tuple[Template | None, str]] = {}  # by the template's id()
        self.new: list[tuple[Any, ...]] = []
        self.asked: set[tuple[str, str]] = set()  # the notes whose stored value was looked up
        # Whether the index may keep values (an encrypted home's: never); an encrypted
        # file read since (sealing.opened) stops it too.
        self.keep = index.keeps_text()


class NoteCache(Generic[V]):
    """One table of the index, a row a note: (folder, name, size, mtime, ctime, ino,
    digest, then the columns ``encode`` gives of a value and ``decode`` reads back)."""

    def __init__(
        self,
        table: str,
        columns: int,
        encode: Callable[[V], tuple[Any, ...]],
        decode: Callable[[tuple[Any, ...]], V | None],
    ) -> None:
        self.table, self.encode, self.decode = table, encode, decode
        self.insert = f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * (7 + columns))})"
        self.scope: Scope[_Listing[V]] = Scope(_Listing, self._store)

    def listing(self) -> contextlib.AbstractContextManager[None]:
        """Around a listing of many mentees: :meth:`get` reads the notes through the
        index; the values read anew are stored at the end."""
        return self.scope.open()

    def get(self, note: Note, template: Template | None, read: Reader[V]) -> V:
        """What ``read`` gives of ``note`` (from the index, inside :meth:`listing`, while
        the file is as it was stored and ``template`` the same)."""
        now = self.scope.now
        if now is None or not now.keep or sealing.opened:
            return read(note, template)[0]
        try:
            stamp = index.stamp(os.stat(os.fspath(note.path)))
        except OSError:
            return read(note, template)[0]
        if now.stored is None:
            now.stored = self._read_stored()
        folder, name = note.path.parent.name, note.path.name
        digest = _digest(now, template)
        hit = now.stored.get((folder, name))
        now.asked.add((folder, name))
        if hit is not None and hit[0] == stamp and hit[1] == digest:
            return hit[2]
        found, keep = read(note, template)
        settled = time.time_ns() - index.RACY_NS
        if keep and stamp[1] < settled and stamp[2] < settled and _storable(folder, name):
            now.new.append((folder, name, *stamp, digest, *self.encode(found)))
        return found

    def _read_stored(self) -> dict[tuple[str, str], tuple[list[int], str, V]]:
        db = index.open_db()
        if db is None:
            return {}
        found = {}
        try:
            for row in db.execute(f"SELECT * FROM {self.table}"):
                folder, name, st, digest = row[0], row[1], list(row[2:6]), row[6]
                if not (
                    isinstance(folder, str)
                    and isinstance(name, str)
                    and isinstance(digest, str)
                    and len(st) == 4
                    and all(type(v) is int and v >= 0 for v in st)
                ):
                    continue
                decoded = self.decode(row[7:])
                if decoded is not None:
                    found[folder, name] = (st, digest, decoded)
        except (sqlite3.Error, ValueError):  # ValueError: a row of another shape
            return {}
        return found

    def _store(self, now: _Listing[V]) -> None:
        """Write the values read anew, and forget those of notes no longer in the index (a
        failure leaves the index as it was: it is only a speed-up). A home whose index
        may keep no text keeps none here either."""
        # Rows of notes not asked about may be of notes gone (whose words go with them).
        if now.keep and not now.new and (now.stored is None or now.stored.keys() <= now.asked):
            return
        db = index.open_db()
        if db is None:
            return
        from dtrcli.notebook.indexdb import _transaction

        table = self.table
        with contextlib.suppress(sqlite3.Error, UnicodeError):
            if not index.keeps_text():  # an encrypted note read on the way, or a sealed home
                if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                    with _transaction(db):
                        db.execute(f"DELETE FROM {table}")
                return
            gone = f"FROM {table} WHERE (folder, name) NOT IN (SELECT folder, name FROM notes)"
            if not now.new and not db.execute(f"SELECT EXISTS (SELECT 1 {gone})").fetchone()[0]:
                return
            with _transaction(db):
                db.execute(f"DELETE {gone}")
                db.executemany(self.insert, now.new)


def _digest(now: _Listing[Any], template: Template | None) -> str:
    """What a note was read with: its template's questions, dtr's version."""
    known = now.digests.get(id(template))
    if known is None or known[0] is not template:
        from dtrcli import __version__

        try:
            from _blake2 import blake2b  # hashlib's, without hashlib loading OpenSSL
        except ImportError:  # pragma: no cover - a Python built without it
            from hashlib import blake2b

        held = None if template is None else (template.id, template.version, template.sections)
        text = repr((__version__, held)).encode("utf-8", "surrogateescape")
        known = now.digests[id(template)] = (template, blake2b(text, digest_size=16).hexdigest())
    return known[1]


def _storable(folder: str, name: str) -> bool:
    """Whether the index can hold the names (SQLite's text is UTF-8)."""
    try:
        folder.encode("utf-8"), name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
