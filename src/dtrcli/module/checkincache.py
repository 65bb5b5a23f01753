"""The session each check-in records, kept in the index for listings of many mentees.

The weekly baseline (:mod:`dtrcli.module.checkins`) asks of each check-in held in a
week it judges whether mentor and mentee met and for how long. Reading every such
note for its answers costs far more than checking that it has not changed, so inside
:func:`listing` (``dtr due``, ``dtr mentee list``) the two answers a check-in gave are
kept in the index of the data home (:mod:`dtrcli.notebook.index`, table
``checkins``) with the note file's stamp (size, modification and change times,
inode) and a digest of what they were read with (the check-in template's questions
and dtr's version). A note whose file differs in any of these, or that was read with
another template, is read again; a file changed less than two seconds before is not
stored (a coarse file-system clock could hide a second edit in the same tick); a
note whose reading said something (a question heading that lost its marker) or
failed is never stored, so it is said every time; a row that is not one a check-in
could give is ignored.

The answers are a note's words, so they are stored only where the index keeps the
notes' text (:func:`index.keeps_text`): an encrypted home's check-ins are read from
their files every time, and any rows kept before go.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dtrcli.module.profilecache import Scope
from dtrcli.notebook import index, sealing

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Template
    from dtrcli.notebook.notes import Note

Session = tuple[bool | None, int | None]  # (met?, minutes), None where the note does not say
# How a check-in's session is read from its file: the session, and whether it may be kept.
Reader = Callable[["Note", "Template | None"], tuple[Session, bool]]

_INSERT = "INSERT OR REPLACE INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


class _Listing:
    """The sessions stored in the index and those read in this listing."""

    def __init__(self) -> None:
        # (folder, file name) -> (stamp, digest, session), read when first asked
        self.stored: dict[tuple[str, str], tuple[list[int], str, Session]] | None = None
        self.digest: tuple[Template | None, str] | None = None  # of the template asked with
        self.new: list[tuple[Any, ...]] = []
        # Whether the index may keep sessions (an encrypted home's: never); an encrypted
        # file read since (sealing.opened) stops it too.
        self.keep = index.keeps_text()


_scope: Scope[_Listing] = Scope(_Listing, lambda now: _store(now))


def listing() -> contextlib.AbstractContextManager[None]:
    """Around a listing of many mentees: :func:`session` reads check-ins through the
    index; the sessions read anew are stored at the end."""
    return _scope.open()


def session(note: Note, template: Template | None, read: Reader) -> Session:
    """What the check-in ``note`` records, as ``read`` gives it (from the index, inside
    :func:`listing`, while the file is as it was stored and ``template`` the same)."""
    now = _scope.now
    if now is None or not now.keep or sealing.opened:
        return read(note, template)[0]
    path = os.fspath(note.path)
    try:
        stamp = index.stamp(os.stat(path))
    except OSError:
        return read(note, template)[0]
    if now.stored is None:
        now.stored = _read_stored()
    folder, name = note.path.parent.name, note.path.name
    digest = _digest(now, template)
    hit = now.stored.get((folder, name))
    if hit is not None and hit[0] == stamp and hit[1] == digest:
        return hit[2]
    found, keep = read(note, template)
    settled = time.time_ns() - index.RACY_NS
    if keep and stamp[1] < settled and stamp[2] < settled and _storable(folder, name):
        met = None if found[0] is None else int(found[0])
        now.new.append((folder, name, *stamp, digest, met, found[1]))
    return found


def _digest(now: _Listing, template: Template | None) -> str:
    """What the answers were read with: the check-in template's questions, dtr's version."""
    if now.digest is None or now.digest[0] is not template:
        from dtrcli import __version__

        try:
            from _blake2 import blake2b  # hashlib's, without hashlib loading OpenSSL
        except ImportError:  # pragma: no cover - a Python built without it
            from hashlib import blake2b

        held = None if template is None else (template.id, template.version, template.sections)
        text = repr((__version__, held)).encode("utf-8", "surrogateescape")
        now.digest = (template, blake2b(text, digest_size=16).hexdigest())
    return now.digest[1]


# --- the rows ---------------------------------------------------------------------------


def _read_stored() -> dict[tuple[str, str], tuple[list[int], str, Session]]:
    db = index.open_db()
    if db is None:
        return {}
    found = {}
    try:
        for folder, name, *st, digest, met, minutes in db.execute("SELECT * FROM checkins"):
            if (
                isinstance(folder, str)
                and isinstance(name, str)
                and isinstance(digest, str)
                and len(st) == 4
                and all(type(v) is int and v >= 0 for v in st)
                and (met is None or (type(met) is int and met in (0, 1)))
                and (minutes is None or type(minutes) is int)
            ):
                found[folder, name] = (st, digest, (None if met is None else bool(met), minutes))
    except (sqlite3.Error, ValueError):  # ValueError: a row of another shape
        return {}
    return found


def _store(now: _Listing) -> None:
    """Write the sessions read anew, and forget those of notes no longer in the index (a
    failure leaves the index as it was: it is only a speed-up). A home whose index may
    keep no text keeps none here either."""
    if now.keep and not now.new:
        return
    db = index.open_db()
    if db is None:
        return
    from dtrcli.notebook.indexdb import _transaction

    with contextlib.suppress(sqlite3.Error, UnicodeError):
        if not index.keeps_text():  # an encrypted note read on the way, or a sealed home
            if db.execute("SELECT 1 FROM checkins LIMIT 1").fetchone():
                with _transaction(db):
                    db.execute("DELETE FROM checkins")
            return
        with _transaction(db):
            db.execute(
                "DELETE FROM checkins WHERE (folder, name) NOT IN (SELECT folder, name FROM notes)"
            )
            db.executemany(_INSERT, now.new)


def _storable(folder: str, name: str) -> bool:
    """Whether the index can hold the names (SQLite's text is UTF-8)."""
    try:
        folder.encode("utf-8"), name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
