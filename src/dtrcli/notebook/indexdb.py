"""The index's SQLite file: its tables, made or rebuilt when opened, and transactions.

A damaged or foreign file is replaced; a file that is not a regular file (a pipe, a
link, a folder) is never opened. The file is private: 0600 in a 0700 folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
from pathlib import Path

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any


# 16: follow-ups; 15: due's rows; 14: proven, listings from the index alone; 13: check-ins'
# sessions; 12: profiles; 11: lines as typed, headings once; 10: folder names, text apart
FORMAT = 16
TIMEOUT = 2.0  # seconds a run waits for another run's write
LOG_KEPT = 4 << 20  # bytes of write-ahead log a run leaves behind at most (see trim_log)

# Whether a row is one of dtr's notes could give (else listings read the note again: a
# forged or damaged row never shows): text where text belongs, a template id, a real day.
# Worked out by SQLite whenever a row is written, however it is written.
_PLAUSIBLE = (
    "typeof(title) = 'text' AND typeof(mentee) = 'text' AND typeof(created) = 'text' "
    "AND typeof(number) = 'integer' AND typeof(template) = 'text' "
    "AND trim(template, char(32, 9, 10, 11, 12, 13)) != '' "
    "AND typeof(date) = 'text' AND length(date) = 10 AND date(julianday(date)) IS date"
)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, folder TEXT NOT NULL, "
    "name TEXT NOT NULL, size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER, "
    "title TEXT, mentee TEXT, template TEXT, date TEXT, created TEXT, "
    "settled INTEGER NOT NULL DEFAULT 1, number INTEGER NOT NULL DEFAULT 1, "
    f"plausible INTEGER GENERATED ALWAYS AS ({_PLAUSIBLE}) STORED, "
    "UNIQUE (folder, name))",
    # The text search looks at, apart: listings read only the small rows above (see
    # indextext.py: answers casefolded, headings kept once, lines as typed).
    "CREATE TABLE IF NOT EXISTS texts (folder TEXT NOT NULL, name TEXT NOT NULL, body TEXT, "
    "heads INTEGER, UNIQUE (folder, name))",
    "CREATE INDEX IF NOT EXISTS texts_kept ON texts (folder, name) "
    "WHERE body IS NOT NULL AND heads IS NOT NULL",
    "CREATE TABLE IF NOT EXISTS headings (id INTEGER PRIMARY KEY, text TEXT UNIQUE)",
    "CREATE TABLE IF NOT EXISTS typed (folder TEXT NOT NULL, name TEXT NOT NULL, lines TEXT, "
    "UNIQUE (folder, name))",
    # The listings' order, holding what they show: a listing reads the index alone (at
    # 100,000 notes, a look-up in the table for each row would read its pages over and
    # over, far more of them than SQLite keeps in memory).
    "CREATE INDEX IF NOT EXISTS notes_order ON notes "
    "(date DESC, created DESC, number DESC, name DESC, folder, title, mentee, template)",
    # A mentee folder's stamp and its notes' names ('/' between them), for listings.
    "CREATE TABLE IF NOT EXISTS folders (folder TEXT PRIMARY KEY, mtime INTEGER, ctime INTEGER, "
    "ino INTEGER, names TEXT) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS labels (folder TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, "
    "ctime INTEGER, ino INTEGER, name TEXT) WITHOUT ROWID",
    # What each mentee's profile file says, for listings (dtrcli.module.profilecache).
    "CREATE TABLE IF NOT EXISTS profiles (folder TEXT PRIMARY KEY, size INTEGER, "
    "mtime INTEGER, ctime INTEGER, ino INTEGER, data TEXT) WITHOUT ROWID",
    # What each check-in note records of its session, for listings (module.checkincache).
    "CREATE TABLE IF NOT EXISTS checkins (folder TEXT NOT NULL, name TEXT NOT NULL, "
    "size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER, template TEXT, met INTEGER, "
    "minutes INTEGER, PRIMARY KEY (folder, name)) WITHOUT ROWID",
    # Each note's follow-ups, for listings (module.followups).
    "CREATE TABLE IF NOT EXISTS followups (folder TEXT NOT NULL, name TEXT NOT NULL, "
    "size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER, template TEXT, items TEXT, "
    "PRIMARY KEY (folder, name)) WITHOUT ROWID",
    # What the last whole-list check proved (dtrcli.notebook.unchanged): emptied by SQLite
    # whenever a row of notes or folders is written or removed, whoever writes it (asked
    # first whether there is a proof: a cold index writes every row with none).
    "CREATE TABLE IF NOT EXISTS proven (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "folders BLOB NOT NULL, notes BLOB NOT NULL, stamps BLOB NOT NULL)",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()} AFTER {event} ON {table} "
        "WHEN EXISTS (SELECT 1 FROM proven) BEGIN DELETE FROM proven; END"
        for table in ("notes", "folders")
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
    # dtr due's rows as last printed, with what they were made from (module.duecache):
    # made under the proof above, so emptied whenever it is written or removed.
    "CREATE TABLE IF NOT EXISTS due (form TEXT PRIMARY KEY, key BLOB NOT NULL, "
    "rows BLOB NOT NULL) WITHOUT ROWID",
    *(
        f"CREATE TRIGGER IF NOT EXISTS proven_{event.lower()} AFTER {event} ON proven "
        "WHEN EXISTS (SELECT 1 FROM due) BEGIN DELETE FROM due; END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
)


def _connect(path: Path) -> sqlite3.Connection:
    """The index, made or rebuilt as needed (a damaged or foreign file is replaced)."""
    from dtrcli.notebook.paths import private_dir

    private_dir(path.parent)
    for attempt in (1, 2):
        try:
            db = _open_file(path)
            version = db.execute("SELECT value FROM info WHERE key = 'format'").fetchone()
            if version is None or version[0] != str(FORMAT):
                db.close()
                raise sqlite3.DatabaseError("another format")
            return db
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise  # another run is building it: read the files this time
            if attempt == 2:
                raise
        except sqlite3.DatabaseError:
            if attempt == 2:
                raise
        _remove(path)
    raise sqlite3.DatabaseError("unreachable")  # pragma: no cover


def _open_file(path: Path) -> sqlite3.Connection:
    import stat as stats

    with contextlib.suppress(FileNotFoundError):
        if not stats.S_ISREG(os.lstat(path).st_mode):  # a pipe, a link, a folder: not ours
            raise sqlite3.DatabaseError("not a file")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    db = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        fresh = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        if fresh:
            with _transaction(db):
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute("INSERT INTO info VALUES ('format', ?)", (str(FORMAT),))
    except BaseException:
        db.close()
        raise
    return db


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


@contextlib.contextmanager
def at_once(db: sqlite3.Connection) -> Any:
    """Statements that never wait for another run (a busy index fails them at once): for
    work that may be left out when another run is reading or writing."""
    db.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(TIMEOUT * 1000)}")


def trim_log(db: sqlite3.Connection, path: Path) -> None:
    """Empty the write-ahead log when this run left it longer than LOG_KEPT (outside any
    transaction). The first run to open the index after the last one closed it reads the
    whole log again to find its pages, and the log is emptied only when a run closes
    the index last or writes again: a cold index of 100,000 notes, written in one
    transaction, leaves half a gigabyte of it, read again by the next run however little
    that run lists. Left for a later run when another run is using the index."""
    try:
        if os.stat(f"{path}-wal").st_size <= LOG_KEPT:
            return
    except OSError:
        return
    with contextlib.suppress(sqlite3.Error), at_once(db):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Any:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


# --- what a stored row may hold ---------------------------------------------------------------


# stamp_like in SQL: four whole numbers, none below zero.
STAMP_LIKE = " AND ".join(
    f"typeof({c}) = 'integer' AND {c} >= 0" for c in ("size", "mtime", "ctime", "ino")
)


def stamp_like(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
    )


def front_matter_like(meta: dict[str, Any]) -> bool:
    """Whether a stored front matter is one reading the note could have given: anything
    else (a forged or damaged row) is ignored and the note read again."""
    date, template = meta.get("date"), meta.get("template")
    if not isinstance(date, str) or not isinstance(template, str) or not template.strip():
        return False
    if not _a_day(date):
        return False
    get = meta.get
    return (
        isinstance(get("title"), str)
        and isinstance(get("mentee"), str)
        and isinstance(get("created"), str)
    )


@functools.lru_cache(maxsize=4096)
def _a_day(text: str) -> bool:
    try:
        return len(text) == 10 and dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
