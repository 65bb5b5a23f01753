"""``dtr due``'s rows (and ``dtr mentee list``'s) kept in the index while nothing they
are made from has changed.

``dtr due`` to a pipe (and ``--json``) builds every mentee's row from their profile,
notes and check-ins, the program's dates, the presets, the templates and today: most
of the time the same rows as the run before. The rows printed are kept in the index of
the data home (:mod:`dtrcli.notebook.index`, table ``due``, one row for the table and
one for the JSON, and two more for ``mentee list``, made from the same files) with a key
of what they were made from, and printed again while all of it is as it was:

- every note and mentee folder: the index's proof (:mod:`dtrcli.notebook.unchanged`)
  holds for them now, and it is the very proof the rows were made under (SQLite's
  triggers empty ``due`` whenever the row ``proven`` is written or removed, as any
  write of a note's or folder's row removes it);
- every mentee's ``mentee.yaml``, the program files (``<data home>/.programs``), the
  user's presets file and templates folder, and dtr's own files (its code, built-in
  templates and presets): each one's stamp (kind, size, modification and change times,
  inode), or its absence, is the one in the key;
- today, the form, dtr's and Python's versions and the config folder.

Rows are kept only when made without a message on stderr (a warning is said every
time), from files all changed more than two seconds before (a coarse file-system clock
could hide a second edit in the same tick), and never for an encrypted home (the rows
hold names and dates, as the profiles do). A stored row that is not what a run could
have stored is ignored. Deleting the index loses nothing: the rows are made again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
import stat
import sys
import time
from operator import attrgetter

from dtrcli import __version__
from dtrcli.notebook import index, paths, unchanged

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path
    from typing import Any

FORMAT = 1  # of the key and the rows: a new one makes every stored row a stranger's
ROWS, JSON = "rows", "json"  # the forms kept: the table (pipe or terminal), --json
MENTEES, MENTEES_JSON = "mentees", "mentees-json"  # dtr mentee list's, kept the same way
_BYTE_CODE = "__pycache__"
# A file's stamp in the key: its kind too (a folder of that name is not the file).
_STAMP = attrgetter("st_mode", "st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # dtrcli's folder


class Keeper:
    """What a run that found no rows kept knows, to keep the rows it makes."""

    def __init__(self, form: str, key: bytes, settled: bool) -> None:
        self.form, self.key, self.settled = form, key, settled

    def store(self, rows: Any) -> None:
        """Keep ``rows`` (made since :func:`lookup`, under the proof their listing of the
        notes had) when they may be kept; a failure leaves the index as it was."""
        proof = unchanged.proved
        if not self.settled or proof is None or not index.keeps_text():
            return
        try:
            blob = marshal.dumps(rows)
        except ValueError:  # not plain data
            return
        db = index.open_db()
        if db is None:
            return
        from dtrcli.notebook.indexdb import _transaction

        with contextlib.suppress(sqlite3.Error), _transaction(db):
            # Only while the proof the rows were made under is the one the index holds.
            db.execute(
                "INSERT OR REPLACE INTO due SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM proven "
                "WHERE folders = ? AND notes = ? AND stamps = ?)",
                (self.form, self.key, blob, *proof),
            )

    def close(self) -> None:
        """After the rows are made: the proof vouched for is for their listing alone."""
        unchanged.vouched = None


def lookup(form: str, today: dt.date, folders: list[Path]) -> tuple[Any, Keeper | None]:
    """(the rows kept, None) when every mentee's rows (``folders``: every mentee folder,
    as :func:`paths.mentee_dirs` gives them) can be printed as kept; else (None, a
    :class:`Keeper` to keep the rows this run makes, or None when they cannot be)."""
    if not index.keeps_text():
        return None, None
    made = _key(form, today, folders)
    if made is None:
        return None, None
    key, settled = made
    db = index.open_db()
    if db is None:
        return None, None
    try:
        db.execute("BEGIN")
        try:
            same = unchanged.all_unchanged(db, folders)
            # The key compared by SQLite (rows of another key are not read).
            row = (
                db.execute(
                    "SELECT rows FROM due WHERE form = ? AND length(key) = ? AND key = ?",
                    (form, len(key), key),
                ).fetchone()
                if same
                else None
            )
            db.execute("COMMIT")  # the proof made on the way stays
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
    except (sqlite3.Error, UnicodeError):
        return None, None
    if row is not None:
        rows = _rows(form, row[0])
        if rows is not None:
            return rows, None
    # The listing that makes the rows need not state every note again (Keeper.close).
    unchanged.vouched = unchanged.proved
    return None, Keeper(form, key, settled)


def _rows(form: str, blob: Any) -> Any:
    """The rows a stored blob holds; None for one this module would not have stored."""
    try:
        rows = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None
    if form in (JSON, MENTEES_JSON):
        ok = type(rows) is list and all(type(view) is dict for view in rows)
        return rows if ok else None
    if form == MENTEES:
        try:
            cells, total = rows
        except (TypeError, ValueError):
            return None
        ok = type(cells) is list and all(_texts(row) and len(row) == 5 for row in cells)
        return rows if ok and type(total) is int else None
    try:
        headers, cells, styles, missing, total = rows
    except (TypeError, ValueError):
        return None
    ok = (
        _texts(headers)
        and type(cells) is list
        and all(_texts(row) and len(row) == len(headers) for row in cells)
        and type(styles) is list
        and len(styles) == len(cells)
        and all(_styles(row) and len(row) == len(headers) for row in styles)
        and type(missing) is list
        and all(type(pair) is tuple and len(pair) == 2 and _texts(list(pair)) for pair in missing)
        and type(total) is int
    )
    return rows if ok else None


def _texts(items: Any) -> bool:
    return type(items) is list and all(type(item) is str for item in items)


def _styles(items: Any) -> bool:
    return type(items) is list and all(item is None or type(item) is str for item in items)


def _key(form: str, today: dt.date, folders: list[Path]) -> tuple[bytes, bool] | None:
    """What the rows are made from, packed, and whether every file in it is settled
    (changed over two seconds ago); None when a place cannot be looked at."""
    settled = time.time_ns() - index.RACY_NS  # before any stat, as the index does
    config = paths.config_home()
    try:
        places = [
            _tree(_PACKAGE),  # the code, built-in templates (a link in a checkout), presets
            _folder(os.fspath(config / "templates")),
            _one(os.fspath(config / "presets.yaml")),
            _folder(os.fspath(paths.data_home() / ".programs")),
        ]
        profiles = [_one(f"{os.fspath(folder)}/{paths.PROFILE}") for folder in folders]
    except OSError:
        return None
    facts = (FORMAT, form, today.isoformat(), __version__, sys.version, os.fspath(config))
    key = marshal.dumps((facts, places, profiles))
    newest = max(
        (max(st[2], st[3]) for st in _stamps(places, profiles) if st is not None and st[1:]),
        default=0,
    )
    return key, newest < settled


def _stamps(places: list[Any], profiles: list[Any]) -> Any:
    yield from profiles
    for place in places:
        if place is None or type(place) is tuple:
            yield place
        else:
            for _, st in place:
                yield st


def _one(path: str) -> tuple[int, int, int, int, int] | None:
    """A file's stamp (its kind too: a folder of that name is not the file), or None."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return _STAMP(st)


def _folder(path: str) -> list[tuple[str, Any]] | None:
    """Each entry's stamp (by name), or None when there is no such folder. The byte-code
    Python writes itself (``__pycache__``) is left out: it changes as dtr is run."""
    try:
        with os.scandir(path) as scan:
            entries = sorted((entry.name, entry) for entry in scan if entry.name != _BYTE_CODE)
    except (FileNotFoundError, NotADirectoryError):
        return None
    found: list[tuple[str, Any]] = []
    for name, entry in entries:
        try:
            st = entry.stat()  # follows a link, as reading the file does
        except FileNotFoundError:
            found.append((name, None))
            continue
        if stat.S_ISDIR(st.st_mode):  # what it holds is its own listing's (_tree)
            found.append((name, (st.st_mode,)))
            continue
        found.append((name, _STAMP(st)))
    return found


def _tree(path: str) -> list[tuple[str, Any]]:
    """:func:`_folder` of dtr's own folder and of each folder in it."""
    found = _folder(path)
    if found is None:
        raise FileNotFoundError(path)
    for name, own in list(found):
        if own is not None and stat.S_ISDIR(own[0]):
            found += [(f"{name}/{inner}", st) for inner, st in _tree(f"{path}/{name}")]
    return found
