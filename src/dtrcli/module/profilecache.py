"""Profiles for listings of many mentees: kept in the index, shared parts looked up once.

``dtr due`` and ``dtr mentee list`` need every mentee's profile. Parsing and checking
thousands of ``mentee.yaml`` files costs far more than checking that they have not
changed, so inside :func:`listing` what a profile file itself says (its fields, own
key dates and breaks, checked as :func:`dtrcli.module.profiles.own_profile` checks
them) is kept in the index of the data home (:mod:`dtrcli.notebook.index`, table
``profiles``), with the file's stamp (size, modification and change times, inode).
A profile whose file differs in any of these is read again; a file changed less
than two seconds before is not stored (a coarse file-system clock could hide a
second edit in the same tick); a profile with a problem is never stored, so its
sentence is said every time; a row that is not one a profile could give is
ignored. The program's dates and the preset's are added on every run, from their
own files.

A profile may hold private words (a previous module's outcome and focus), so it is
stored only where the index keeps the notes' text (:func:`index.keeps_text`): an
encrypted home's profiles are read from their files every time.

:func:`shared` and :func:`preset_dates` are what mentees share (the program's file,
its preset, the preset's dates on a calendar): inside :func:`listing` each is looked
up once, as the files are when the listing starts; so is the whole of what they add to
a profile (its dates, breaks and calendar), for the mentees of the same program,
module, start and own dates and breaks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from dtrcli.module import presets, profiles, programdates
from dtrcli.module.calendar import OWN, Break, KeyDate, ModuleCalendar
from dtrcli.notebook import index, sealing
from dtrcli.notebook.paths import PROFILE

_TEXT = ("name", "pronouns", "program", "module", "meets", "timezone", "channel")
_KEYS = frozenset((*_TEXT, "start", "dates", "breaks", "conflicts", "previous"))
_INSERT = "INSERT OR REPLACE INTO profiles VALUES (?, ?, ?, ?, ?, ?)"
S = TypeVar("S")


class _Listing:
    """The profiles stored in the index and those read in this listing."""

    def __init__(self) -> None:
        self.stored: dict[str, tuple[list[int], str]] | None = None  # read when first asked
        self.new: list[tuple[Any, ...]] = []
        self.seen: set[str] = set()  # the folders looked in
        self.absent: list[str] = []  # those without a profile file
        self.shared: dict[Any, Any] = {}
        # Whether the index may keep profiles (an encrypted home's: never); an encrypted
        # file read since (sealing.opened) stops it too.
        self.keep = index.keeps_text()


class Scope(Generic[S]):
    """What a listing of many mentees keeps while it runs: made as the outermost
    :meth:`open` starts (a listing inside it shares it), stored as it ends well."""

    def __init__(self, make: Callable[[], S], store: Callable[[S], None]) -> None:
        self.make, self.store = make, store
        self.now: S | None = None

    @contextlib.contextmanager
    def open(self) -> Iterator[None]:
        if self.now is not None:
            yield
            return
        self.now = self.make()
        try:
            yield
            self.store(self.now)
        finally:
            self.now = None


_scope: Scope[_Listing] = Scope(_Listing, lambda now: _store(now))


def listing() -> contextlib.AbstractContextManager[None]:
    """Around a listing of many mentees: :func:`load` reads profiles through the index,
    and what they share is looked up once; the profiles read anew are stored at the end."""
    return _scope.open()


def load(folder: Path) -> profiles.Profile:
    """The profile of the mentee in ``folder``, as :func:`profiles.load_profile` gives it
    (from the index, inside :func:`listing`, while the file is as it was stored)."""
    now = _scope.now
    if now is None or not now.keep or sealing.opened:
        return profiles.load_profile(folder)
    now.seen.add(folder.name)
    try:
        st = os.stat(f"{os.fspath(folder)}/{PROFILE}")
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        now.absent.append(folder.name)
        return profiles.load_profile(folder)  # none (or not a file, which it refuses)
    if now.stored is None:
        now.stored = _read_stored()
    stamp = index.stamp(st)
    hit = now.stored.get(folder.name)
    profile = _from_text(folder, hit[1]) if hit is not None and hit[0] == stamp else None
    if profile is None:
        profile, late = profiles.own_profile(folder)
        settled = time.time_ns() - index.RACY_NS
        fresh = stamp[1] >= settled or stamp[2] >= settled
        if late is None and profile.exists and not fresh and _storable(folder):
            now.new.append((folder.name, *stamp, _to_text(profile)))
        if late is not None:
            profiles.complete(profile)
            raise late
    _complete(now, profile)
    return profile


def _complete(now: _Listing, profile: profiles.Profile) -> None:
    """:func:`profiles.complete`, worked out once for the mentees whose program, module,
    start and own dates and breaks are the same (all it depends on, with the files every
    mentee shares, looked up once a listing): they get equal lists, the same calendar."""
    key = (
        "complete",
        profile.program,
        profile.module,
        profile.start,
        tuple(profile.dates),
        tuple(profile.breaks),
    )
    known = now.shared.get(key)
    if known is None:
        profiles.complete(profile)  # a problem is raised each time: nothing is kept
        profile.calendar()
        known = now.shared[key] = (
            profile.dates,
            profile.breaks,
            profile.preset,
            profile.__dict__.get("_calendar_of"),
        )
        profile.dates, profile.breaks = list(profile.dates), list(profile.breaks)
        return
    dates, breaks, profile.preset, calendar = known
    profile.dates, profile.breaks = list(dates), list(breaks)
    if calendar is not None:  # Profile.calendar checks it is the calendar of these fields
        profile.__dict__["_calendar_of"] = calendar


def shared(program: str | None, module: str | None) -> tuple[programdates.ProgramData, Any]:
    """The dates and breaks of a program's file, and its preset."""
    memo = _scope.now.shared if _scope.now is not None else None
    key = ("program", program, module)
    if memo is not None and key in memo:
        found: tuple[programdates.ProgramData, Any] = memo[key]
        return found
    found = (programdates.program_data(program, module), presets.find(program, module))
    if memo is not None:
        memo[key] = found
    return found


def preset_dates(preset: Any, cal: ModuleCalendar, profile: profiles.Profile) -> list[KeyDate]:
    """The preset's dates on the module's calendar, less those of the profile's dates
    (its own and the program's) that replace them."""
    memo = _scope.now.shared if _scope.now is not None else None
    if memo is None:
        return presets.preset_dates(preset, cal, profile.dates)
    # The calendar is made from the start, the breaks and the preset (the same object
    # for every mentee of a listing, kept alive by the memo).
    key = ("preset", id(preset), profile.start, tuple(profile.breaks), tuple(profile.dates))
    if key not in memo:
        memo[key] = (preset, presets.preset_dates(preset, cal, profile.dates))
    return list(memo[key][1])


# --- the rows ---------------------------------------------------------------------------


def _to_text(p: profiles.Profile) -> str:
    data: dict[str, Any] = {key: getattr(p, key) for key in _TEXT}
    data["start"] = p.start.isoformat() if p.start else None
    data["dates"] = [[d.date.isoformat(), d.label] for d in p.dates]
    data["breaks"] = [[b.first.isoformat(), b.last.isoformat(), b.label] for b in p.breaks]
    data["conflicts"] = p.conflicts
    data["previous"] = p.previous
    return json.dumps(data, separators=(",", ":"))


def _from_text(folder: Path, text: str) -> profiles.Profile | None:
    """The profile a stored row gives; None for a row no profile could give."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or set(data) != _KEYS:
            return None
        p = profiles.Profile(folder=folder, exists=True)
        for key in _TEXT:
            value = data[key]
            if value is not None and not isinstance(value, str):
                return None
            setattr(p, key, value)
        start = data["start"]
        p.start = None if start is None else _day(start)
        p.dates = [KeyDate(_day(day), _text(label)) for day, label in data["dates"]]
        p.breaks = [
            Break(_day(first), _day(last), _text(label), OWN)
            for first, last, label in data["breaks"]
        ]
        conflicts = data["conflicts"]
        if not isinstance(conflicts, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in conflicts.values()
        ):
            return None
        p.conflicts = conflicts
        previous = data["previous"]
        if previous is not None and not (
            isinstance(previous, dict) and all(isinstance(v, str) for v in previous.values())
        ):
            return None
        p.previous = previous
    except (ValueError, TypeError):  # not JSON, not a day, a list of another length
        return None
    return p


def _day(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise TypeError(value)
    day = dt.date.fromisoformat(value)
    if day.isoformat() != value:
        raise ValueError(value)
    return day


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _read_stored() -> dict[str, tuple[list[int], str]]:
    db = index.open_db()
    if db is None:
        return {}
    found = {}
    try:
        for folder, *st, text in db.execute("SELECT * FROM profiles"):
            if isinstance(folder, str) and isinstance(text, str) and _stamp_like(st):
                found[folder] = (st, text)
    except sqlite3.Error:
        return {}
    return found


def _stamp_like(st: list[Any]) -> bool:
    return len(st) == 4 and all(type(v) is int and v >= 0 for v in st)


def _store(now: _Listing) -> None:
    """Write the profiles read anew, and forget those whose file went (a failure leaves
    the index as it was: it is only a speed-up)."""
    if now.stored is None:
        return  # no profile was looked for
    gone = [folder for folder in now.absent if folder in now.stored]
    if now.new:  # a write anyway: the rows of folders gone (or renamed) go too
        gone += [f for f in now.stored if f not in now.seen and not _has_profile(f)]
    if (not now.new and not gone) or not index.keeps_text():
        return  # keeps_text: an encrypted profile may have been read on the way
    db = index.open_db()
    if db is None:
        return
    from dtrcli.notebook.indexdb import _transaction

    with contextlib.suppress(sqlite3.Error, UnicodeError), _transaction(db):
        db.executemany("DELETE FROM profiles WHERE folder = ?", [(f,) for f in gone])
        db.executemany(_INSERT, now.new)


def _storable(folder: Path) -> bool:
    """Whether the index can hold the folder's name (SQLite's text is UTF-8)."""
    try:
        folder.name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _has_profile(folder: str) -> bool:
    from dtrcli.notebook.paths import data_home

    return os.path.isfile(data_home() / folder / PROFILE)
