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
"""

from __future__ import annotations

import os
import sqlite3
from operator import attrgetter
from pathlib import Path

_FOLDER = attrgetter("st_mtime_ns", "st_ctime_ns", "st_ino")
_NOTE = attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")


def all_unchanged(db: sqlite3.Connection, folders: list[Path]) -> bool:
    """Whether the index holds every note of ``folders`` (all the mentee folders, sorted
    by name) as its file is now, and nothing else (inside the caller's transaction)."""
    names = [folder.name for folder in folders]
    rows = db.execute("SELECT folder, mtime, ctime, ino, names FROM folders ORDER BY folder")
    listed = rows.fetchall()
    if [row[0] for row in listed] != names:
        return False  # a folder without a row, or a row of a folder not listed
    places = [os.fspath(folder) for folder in folders]
    try:
        if list(map(_FOLDER, map(os.stat, places))) != [row[1:4] for row in listed]:
            return False
        expected: list[tuple[str, str]] = []
        paths: list[str] = []
        for place, (folder, *_, held) in zip(places, listed, strict=True):
            for name in held.split("/") if held else ():
                expected.append((folder, name))
                paths.append(f"{place}/{name}")
        notes = db.execute(
            "SELECT folder, name, size, mtime, ctime, ino FROM notes "
            "WHERE settled = 1 AND plausible ORDER BY folder, name"
        ).fetchall()
        if len(notes) != len(expected) or [row[:2] for row in notes] != expected:
            return False
        (held,) = db.execute("SELECT count(*) FROM notes").fetchone()
        if held != len(expected):
            return False  # a row not settled, or one a note could not give
        return list(map(_NOTE, map(os.stat, paths))) == [row[2:] for row in notes]
    except OSError:
        return False
