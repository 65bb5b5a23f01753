"""The mentees' names for listings, kept in the index (table ``labels``) while each
profile file is as it was when its name was stored.

A listing names every mentee from their ``mentee.yaml``; reading thousands of them
costs far more than a stat of each. :func:`label` answers one folder, :func:`labels_of`
thousands at once (a listing of every mentee) and :func:`read_labels` reads ahead the
rows of a few hundred (the folders of a search's hits). A profile whose stamp differs,
or that has no row, is read (``read``) and its name stored, unless it changed in the
last two seconds (:data:`index.RACY_NS`); inside :func:`index.bulk` the names read are
written once, when the listing is done.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path

from dtrcli.notebook import index as _store
from dtrcli.notebook.index import Label, _index, _store_labels

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any


def label(folder: Path, read: Any) -> str | None:
    """The name in a mentee's profile: from the index while the profile file is as it was
    stored, else ``read(path)`` (and stored). None when there is no profile."""
    try:
        now = _PROFILE(os.stat(f"{os.fspath(folder)}/mentee.yaml"))
    except OSError:
        return None
    index = _index()
    labels = index.labels
    if labels is None or (folder.name not in labels and not index.every_label):
        labels = index.labels = index._load_labels()
        index.every_label = True
    hit = labels.get(folder.name)
    if hit is not None and hit[1:5] == now:
        return hit[5]
    name = read(folder / "mentee.yaml")
    settled = time.time_ns() - _store.RACY_NS  # read when asked (tests set it)
    if now[1] < settled and now[2] < settled:
        index.new_labels.append((folder.name, *now, name))
        if not _store._many:  # else all at once when the listing is done
            _store_labels(index)
    return name


def labels_of(folders: Iterable[tuple[str, Path]], read: Any) -> list[str | None]:
    """:func:`label` of each (folder name, folder) (thousands, for a listing of every
    mentee): each profile's stamp is compared with the row kept of it here, and only a
    profile that differs, or has no row, goes through :func:`label` (read and stored)."""
    index = _index()
    labels = index.labels
    if labels is None or not index.every_label:
        labels = index.labels = index._load_labels()
        index.every_label = True
    found: list[str | None] = []
    add, kept, stat, fspath = found.append, labels.get, os.stat, os.fspath
    for name, folder in folders:
        try:
            now = _PROFILE(stat(f"{fspath(folder)}/mentee.yaml"))
        except OSError:
            add(None)  # no profile
            continue
        hit = kept(name)
        add(hit[5] if hit is not None and hit[1:5] == now else label(folder, read))
    return found


_PROFILE = attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")  # a label's stamp


def read_labels(folders: set[str]) -> None:
    """Read the rows of these folders' profile names only, not every folder's at the first
    :func:`label` (a search names the mentees of its hits: a few hundred folders of
    thousands)."""
    index = _index()
    if index.labels is None:
        wanted = sorted(folders)
        found: dict[str, Label | None] = dict.fromkeys(wanted)  # no row, unless read
        for first in range(0, len(wanted), 500):  # older SQLite take at most 999 arguments
            found.update(index._load_labels(wanted[first : first + 500]))
        index.labels = found
