"""The cache of the notes' front matter, one file per mentee folder: a pure speed-up.

Listings (history, due, mentee list ...) need only each note's front matter.
Reading and parsing thousands of small files costs far more than checking
that they have not changed, so the front matter read from each note is kept
in the user cache folder (platformdirs' user_cache_dir), with the file's size,
modification time, change time and inode. A note whose stamp differs in any
of these is read again. The cache never holds anything the files do not: a
missing, unreadable or damaged cache is simply rebuilt from the notes, and
deleting it is always safe.

A file changed less than two seconds before the cache is written is not put
in it (a file system with coarse timestamps could hide a second edit within
the same tick); it is read again next time. Bad notes are never cached, so
their warning is repeated until they are fixed. The cache holds titles and
names, so like the notes it is private: folder 0700, file 0600.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

FORMAT = 2  # 2: notes with a date not YYYY-MM-DD are no longer read
RACY_NS = 2_000_000_000  # changes newer than this are not cached
CACHE_LIMIT = 100_000_000  # a folder of 100,000 notes caches about 30 MB

Stamp = list[int]  # [size, mtime_ns, ctime_ns, inode]


def stamp(st: os.stat_result) -> Stamp:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def cache_file(folder: Path) -> Path:
    """Where a mentee folder's cache lives: keyed by the data home and the folder name."""
    return _folder_of(str(folder.parent), os.environ.get("XDG_CACHE_HOME")) / (
        folder.name + ".json"
    )


@functools.lru_cache(maxsize=8)
def _folder_of(home: str, xdg_cache_home: str | None) -> Path:
    """The cache folder of one data home (the environment is part of the key, for tests)."""
    from dtrcli.notebook.paths import cache_home

    key = hashlib.sha256(os.path.abspath(home).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_home() / "index" / key[:16]


def load(folder: Path) -> dict[str, tuple[Stamp, dict[str, Any]]]:
    """File name -> (stamp, front matter) as last cached; empty when there is no usable cache."""
    from dtrcli.notebook.files import Refused, read_capped

    try:
        # Capped like every file dtr reads (a named pipe of its name is not waited on).
        data = json.loads(read_capped(cache_file(folder), "cache", limit=CACHE_LIMIT))
    except (OSError, ValueError, Refused):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    entries = data.get("notes")
    if not isinstance(entries, dict):
        return {}
    out = {}
    for name, entry in entries.items():
        if (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], list)
            and isinstance(entry[1], dict)
        ):
            out[name] = (entry[0], entry[1])
    return out


def _plain(value: Any) -> bool:
    """True if JSON gives the value back exactly (no dates, no non-string keys)."""
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def save(
    folder: Path,
    entries: dict[str, tuple[Stamp, dict[str, Any]]],
    previous: dict[str, tuple[Stamp, dict[str, Any]]],
) -> None:
    """Write the cache atomically when it changed; a failure leaves it out (it is optional)."""
    settled = time.time_ns() - RACY_NS
    notes: dict[str, list[Any]] = {}
    for name, (st, meta) in entries.items():
        before = previous.get(name)
        if before is not None and before[0] == st:
            notes[name] = [st, before[1]]
        elif st[1] < settled and st[2] < settled and _plain(meta):
            notes[name] = [st, meta]
    if notes.keys() == previous.keys() and all(notes[k][0] == previous[k][0] for k in notes):
        return
    path = cache_file(folder)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"format": FORMAT, "notes": notes}, f, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass
