"""Mentee profiles: optional facts about a mentee, kept as YAML beside their notes.

``<mentee folder>/mentee.yaml`` holds the name, pronouns, program, module,
start date of the module, the weekly meeting time and its time zone, the channel,
key dates and breaks.
A mentee may also exist only through notes; every field is optional.
Program-wide key dates and breaks (shared by every mentee of a program and module)
live in ``<data home>/.programs/<program>-<module>.yaml`` (:mod:`~dtrcli.module.programdates`);
the files' YAML is read and checked by :mod:`~dtrcli.module.profilefile`; the program's preset
(:mod:`dtrcli.module.presets`) adds the dates it knows, relative to the module's
weeks, where neither the program nor the mentee has one of the same kind that week.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from pathlib import Path
from typing import Any

from dtrcli.errors import MenteeNameError
from dtrcli.module import profilefile
from dtrcli.module.calendar import (
    OWN,
    Break,
    KeyDate,
    ModuleCalendar,
)
from dtrcli.module.profilefile import ProfileError, parse_date
from dtrcli.notebook import files
from dtrcli.notebook.paths import PROFILE
from dtrcli.records import field, record

FIELDS = ("pronouns", "program", "module", "start", "meets", "timezone", "channel")


@record
class Profile:
    folder: Path
    name: str | None = None
    pronouns: str | None = None
    program: str | None = None
    module: str | None = None
    start: dt.date | None = None
    meets: str | None = None
    timezone: str | None = None  # of the meeting time; None: this computer's
    channel: str | None = None
    dates: list[KeyDate] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)
    # field -> the values another machine gave it at a sync (dtr mentee edit settles it)
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    exists: bool = False
    preset: Any = None  # the program's preset (presets.Preset), when there is one
    # The module before this one (dtr mentee next): program, module, start, outcome, focus.
    previous: dict[str, str] | None = None

    @property
    def path(self) -> Path:
        return self.folder / PROFILE

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        for key in FIELDS:
            value = getattr(self, key)
            if value is not None:
                data[key] = value.isoformat() if isinstance(value, dt.date) else value
        own = [d for d in self.dates if not d.shared]
        if own:
            data["dates"] = [{"date": d.date.isoformat(), "label": d.label} for d in own]
        own_breaks = [b for b in self.breaks if b.source == OWN]
        if own_breaks:
            data["breaks"] = profilefile.breaks_data(own_breaks)
        if self.conflicts:
            data["conflicts"] = {key: list(values) for key, values in self.conflicts.items()}
        if self.previous:
            data["previous"] = dict(self.previous)
        return data

    def calendar(self) -> ModuleCalendar | None:
        """The module's calendar: its start, every break, the preset's breaks after a week."""
        if self.start is None:
            return None
        key = (self.start, tuple(self.breaks), self.preset)
        known = self.__dict__.get("_calendar_of")  # asked several times for each view
        if known is not None and known[0] == key:
            return known[1]  # type: ignore[no-any-return]
        # The preset's breaks are part of the module unless real ones are known.
        after = tuple(self.preset.breaks) if self.preset is not None and not self.breaks else ()
        cal = _calendar(self.start, key[1], after)
        self.__dict__["_calendar_of"] = (key, cal)
        return cal


@functools.lru_cache(maxsize=4096)
def _calendar(start: dt.date, breaks: tuple[Break, ...], after: tuple[Any, ...]) -> ModuleCalendar:
    """The calendar of a module from these (all frozen); laid out once however often a
    listing asks (a mentee's view asks four times, and mentees share starts and breaks)."""
    return ModuleCalendar(start, breaks, after)


def load_profile(folder: Path) -> Profile:
    """The profile of the mentee in ``folder`` (empty if there is none)."""
    profile, late = own_profile(folder)
    if profile.exists:
        complete(profile)
    if late is not None:
        raise late
    return profile


def own_profile(folder: Path) -> tuple[Profile, ProfileError | None]:
    """What ``folder``'s profile file itself says, checked (no program or preset dates
    yet: :func:`complete` adds them), and a problem of its 'previous' found on the way
    (raised after those of the program's dates, as loading the profile finds them)."""
    path = folder / PROFILE
    profile = Profile(folder=folder)
    if not path.exists():  # a folder or named pipe of that name is refused, not skipped
        return profile, None
    data = profilefile.load_yaml(path)
    if not isinstance(data, dict):
        raise ProfileError(f"{path} is not a mapping of fields; fix or remove it.")
    profile.exists = True
    profile.name = str(data["name"]) if data.get("name") else None
    for key in ("pronouns", "program", "meets", "timezone", "channel"):
        if data.get(key) is not None:
            setattr(profile, key, str(data[key]))
    if data.get("module") is not None:
        profile.module = str(data["module"])
    start = data.get("start")
    if start is not None:
        try:
            profile.start = parse_date(start, "start date")
        except ProfileError as exc:
            raise ProfileError(f"{path}: {exc}") from None
    profile.dates = profilefile.key_dates(data.get("dates"), path)
    profile.breaks = profilefile.breaks_of(data.get("breaks"), path, OWN)
    profile.conflicts = profilefile.conflicts_of(data.get("conflicts"))
    previous = data.get("previous")
    if previous is not None:
        if not isinstance(previous, dict):
            late = ProfileError(
                f"{path}: 'previous' must be a mapping of fields; fix or remove it."
            )
            return profile, late
        profile.previous = {str(k): str(v) for k, v in previous.items() if v is not None}
    return profile, None


def complete(profile: Profile) -> None:
    """Add the dates and breaks of the profile's program and preset (:func:`add_shared`);
    a program name that cannot name a file is a ProfileError."""
    try:
        add_shared(profile)
    except MenteeNameError:  # the program and module name the file of their shared dates
        module = f" and module {profile.module!r}" if profile.module else ""
        raise ProfileError(
            f"{profile.path}: the program {profile.program!r}{module} cannot be a program's "
            "name (it holds a control character or a path separator); fix or remove it."
        ) from None


def add_shared(profile: Profile) -> None:
    """Add the program's key dates and breaks, then its preset's, to the mentee's own."""
    from dtrcli.module import profilecache

    found, preset = profilecache.shared(profile.program, profile.module)
    profile.dates += found.dates
    profile.breaks += found.breaks
    profile.preset = preset
    if preset is not None:
        cal = profile.calendar()
        if cal is not None:
            profile.dates += profilecache.preset_dates(preset, cal, profile)
    profile.dates.sort(key=lambda d: d.date)
    profile.breaks.sort(key=lambda b: b.first)


def plain_field(key: str, value: str) -> str:
    """``value`` for the profile field ``key`` when it is plain text; a ProfileError that
    names the option when it holds a control character (a terminal would act on it)."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ProfileError(f"--{key} {value!r} contains control characters; use plain text.")
    return value


def save_profile(profile: Profile) -> None:
    files.replace_file(profile.path, profilefile.stored_text(profile.to_data()))


def dates_in_module(profile: Profile) -> list[KeyDate]:
    """Key dates within the module (all of them if there is no start date)."""
    cal = profile.calendar()
    if cal is None:
        return list(profile.dates)
    first = cal.start - dt.timedelta(days=7)
    return [d for d in profile.dates if first <= d.date <= cal.teaching_end]


_ORDER = ("name", *FIELDS, "dates", "conflicts")


def merge_stored(
    path: str, base: bytes | None, ours: bytes, theirs: bytes
) -> tuple[bytes, list[str]]:
    """A profile or a program's dates changed on two machines, merged key by key (sync).

    A field changed on one machine takes that change; key dates added on either are
    kept and those removed on either go. A field changed on both keeps the other
    machine's value, and this machine's beside it under ``conflicts`` (``dtr mentee
    show`` lists it, ``dtr mentee edit`` with that field settles it); each such
    conflict is one sentence returned. A side that is not a mapping is a ProfileError.
    """
    from dtrcli.notebook.merging import GONE, merge_keys

    sides = []
    for raw in (base, ours, theirs):
        data = {} if raw is None else profilefile.stored_data(raw, path)
        if not isinstance(data, dict):
            raise ProfileError(f"{path} is not a mapping of fields on both machines.")
        sides.append(data)
    merged, conflicts = merge_keys(*sides)
    told = []
    for c in conflicts:
        if c.ours is GONE or c.theirs is GONE:
            kept = c.theirs if c.ours is GONE else c.ours
            told.append(
                f"{path}: {c.key} was cleared on one machine and changed on the other; "
                f"the changed value {_shown(kept)} is kept."
            )
            continue
        if not isinstance(merged.get("conflicts"), dict):  # kept, even if not dtr's shape
            earlier = merged.get("conflicts")
            merged["conflicts"] = {} if earlier is None else {"conflicts": earlier}
        others = merged["conflicts"].setdefault(c.key, [])
        if _shown(c.ours) not in map(_shown, others):
            others.append(c.ours.isoformat() if isinstance(c.ours, dt.date) else c.ours)
        told.append(
            f"{path}: {c.key} was changed on both machines; the other machine's "
            f"{_shown(c.theirs)} is kept, and this machine's {_shown(c.ours)} beside it "
            "under conflicts (dtr mentee show lists it; dtr mentee edit settles it)."
        )
    if isinstance(merged.get("dates"), list):
        merged["dates"].sort(key=lambda d: str(d.get("date")) if isinstance(d, dict) else "")
    ordered = {k: merged[k] for k in _ORDER if k in merged}
    ordered.update((k, v) for k, v in merged.items() if k not in ordered)
    from dtrcli.notebook import sealing

    # Merged in the clear, stored as the home stores it: encrypted in an encrypted home.
    return sealing.seal(profilefile.stored_text(ordered).encode("utf-8"), Path(path)), told


def _shown(value: Any) -> str:
    return repr(value.isoformat() if isinstance(value, dt.date) else value)
