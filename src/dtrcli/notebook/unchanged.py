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
from collections.abc import Iterator
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any

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
        total = sum(len(held.split("/")) if held else 0 for *_, held in listed)
        (count,) = db.execute("SELECT count(*) FROM notes").fetchone()
        if count != total:
            return False  # a row not settled, a row a note could not give, a note gone
        rows = db.execute(
            "SELECT folder, name, size, mtime, ctime, ino FROM notes "
            "WHERE settled = 1 AND plausible ORDER BY folder, name"
        )
        wanted = _notes_held(places, listed)
        seen = 0
        # A few thousand notes at a time: at 100,000 notes the rows, names and stats of
        # all of them at once would be most of what the listing holds in memory.
        while chunk := rows.fetchmany(_CHUNK):
            want = list(islice(wanted, len(chunk)))
            if [row[:2] for row in chunk] != [(folder, name) for folder, name, _ in want]:
                return False
            paths = [path for *_, path in want]
            if list(map(_NOTE, map(os.stat, paths))) != [row[2:] for row in chunk]:
                return False
            seen += len(chunk)
        return seen == total
    except OSError:
        return False


_CHUNK = 2000


def _notes_held(places: list[str], listed: list[Any]) -> Iterator[tuple[str, str, str]]:
    """(folder, name, path) of each note the folders' rows say they hold, in order."""
    for place, (folder, *_, held) in zip(places, listed, strict=True):
        for name in held.split("/") if held else ():
            yield folder, name, f"{place}/{name}"
