"""Mentee profiles: optional facts about a mentee, kept as YAML beside their notes.

``<mentee folder>/mentee.yaml`` holds the name, pronouns, program, module,
start date of the module, the weekly meeting time and its time zone, the channel
and key dates.
A mentee may also exist only through notes; every field is optional.
Program-wide key dates (shared by every mentee of a program and module) live in
``<data home>/.programs/<program>-<module>.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtrcli import dates
from dtrcli.errors import DtrError
from dtrcli.notebook import files, paths, yamlio
from dtrcli.notebook.paths import PROFILE

FIELDS = ("pronouns", "program", "module", "start", "meets", "timezone", "channel")

_DAYS = {
    "mon": "Mon", "monday": "Mon", "tue": "Tue", "tues": "Tue", "tuesday": "Tue",
    "wed": "Wed", "wednesday": "Wed", "thu": "Thu", "thur": "Thu", "thurs": "Thu",
    "thursday": "Thu", "fri": "Fri", "friday": "Fri", "sat": "Sat", "saturday": "Sat",
    "sun": "Sun", "sunday": "Sun",
}  # fmt: skip
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MEETS = re.compile(r"^\s*([A-Za-z]+)\.?,?\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*$", re.I)


class ProfileError(DtrError):
    """A profile value is not valid, or a profile file cannot be read."""


def _day(word: str) -> str | None:
    word = word.lower()
    return _DAYS.get(word) or (_DAYS.get(word[:-1]) if word.endswith("s") else None)


def parse_meets(text: str, source: str = "--meets") -> tuple[int, dt.time]:
    """'Tue 18:00', 'Tuesdays 6pm', 'Tue 6:30pm' -> (weekday 0-6, time).

    ``source`` names where the text came from, for the error message.
    """
    m = _MEETS.match(text)
    day = _day(m.group(1)) if m else None
    if not m or day is None:
        raise ProfileError(
            f"{source} {text!r} is not a weekly time; use a day and a time such as 'Tue 18:00'."
        )
    hour, minute = int(m.group(2)), int(m.group(3) or 0)
    suffix = (m.group(4) or "").lower()
    if suffix and not 1 <= hour <= 12:
        raise ProfileError(f"{source} {text!r} has no such time of day; use e.g. 'Tue 6pm'.")
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ProfileError(f"{source} {text!r} has no such time of day; use e.g. 'Tue 18:00'.")
    return WEEKDAYS.index(day), dt.time(hour, minute)


_DAY_WORD = re.compile(r"\b(" + "|".join(sorted(_DAYS, key=len, reverse=True)) + r")s?\b", re.I)
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", re.I)


def find_meets(text: str) -> str | None:
    """A weekly time found in free text ('Tuesdays 18:00, on video' -> 'Tue 18:00')."""
    day = _DAY_WORD.search(text)
    time = _TIME.search(text, day.end()) if day else None
    if not day or not time or not (time.group(2) or time.group(3)):
        return None
    try:
        return format_meets(f"{day.group(1)} {time.group(0)}")
    except ProfileError:
        return None


def format_meets(text: str) -> str:
    weekday, time = parse_meets(text)
    return f"{WEEKDAYS[weekday]} {time.strftime('%H:%M')}"


def parse_date(value: Any, what: str = "date") -> dt.date:
    """A date typed or stored as YYYY-MM-DD (or read as a date by YAML), in dtr's range."""
    return dates.parse(value, f"The {what}", ProfileError)


@dataclass(frozen=True)
class KeyDate:
    date: dt.date
    label: str
    shared: bool = False  # from the program's dates


@dataclass
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
    exists: bool = False
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
        if self.previous:
            data["previous"] = dict(self.previous)
        return data


def _load_yaml(path: Path) -> Any:
    try:
        return yamlio.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlio.YamlProblem):
        raise ProfileError(f"{path} cannot be read as YAML; fix or remove it.") from None


def _dates(raw: Any, path: Path, shared: bool = False) -> list[KeyDate]:
    out = []
    for item in raw or []:
        if not isinstance(item, dict) or "date" not in item or not item.get("label"):
            raise ProfileError(f"{path}: each key date needs a 'date' and a 'label'.")
        value = item["date"]
        try:
            day = parse_date(value, "key date")
        except ProfileError as exc:
            raise ProfileError(f"{path}: {exc}") from None
        out.append(KeyDate(day, str(item.get("label", "")), shared))
    return out


def load_profile(folder: Path) -> Profile:
    """The profile of the mentee in ``folder`` (empty if there is none)."""
    path = folder / PROFILE
    profile = Profile(folder=folder)
    if not path.is_file():
        return profile
    data = _load_yaml(path)
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
    profile.dates = _dates(data.get("dates"), path)
    previous = data.get("previous")
    if previous is not None:
        if not isinstance(previous, dict):
            raise ProfileError(f"{path}: 'previous' must be a mapping of fields; fix or remove it.")
        profile.previous = {str(k): str(v) for k, v in previous.items() if v is not None}
    profile.dates += program_dates(profile.program, profile.module)
    profile.dates.sort(key=lambda d: d.date)
    return profile


def save_profile(profile: Profile) -> None:
    files.replace_file(profile.path, yamlio.dump(profile.to_data()))


def program_file(program: str, module: str | None) -> Path:
    slug = paths.slugify(f"{program} {module}" if module else program)
    return paths.data_home() / ".programs" / f"{slug}.yaml"


def program_dates(program: str | None, module: str | None) -> list[KeyDate]:
    if not program:
        return []
    path = program_file(program, module)
    try:
        st = path.stat()
    except OSError:
        return []
    return list(_program_dates(path, st.st_size, st.st_mtime_ns, st.st_ctime_ns))


@functools.lru_cache(maxsize=64)
def _program_dates(path: Path, *stamp: int) -> tuple[KeyDate, ...]:
    """A program file's dates, read once per version of the file (many mentees share it)."""
    data = _load_yaml(path)
    return tuple(_dates((data or {}).get("dates") if isinstance(data, dict) else None, path, True))


def add_program_date(program: str, module: str | None, day: dt.date, label: str) -> Path:
    path = program_file(program, module)
    existing = [
        {"date": d.date.isoformat(), "label": d.label} for d in program_dates(program, module)
    ]
    existing.append({"date": day.isoformat(), "label": label})
    existing.sort(key=lambda d: d["date"])
    data = {"program": program, "module": module, "dates": existing}
    files.replace_file(path, yamlio.dump(data))
    return path


def remove_program_dates(program: str, module: str | None, day: dt.date, label: str | None) -> int:
    """Remove a program's key dates on ``day`` (with ``label`` if given); return how many."""
    dates = program_dates(program, module)
    kept = [d for d in dates if d.date != day or (label is not None and d.label != label)]
    if len(kept) != len(dates):
        data = {
            "program": program,
            "module": module,
            "dates": [{"date": d.date.isoformat(), "label": d.label} for d in kept],
        }
        files.replace_file(program_file(program, module), yamlio.dump(data))
    return len(dates) - len(kept)


def dates_in_module(profile: Profile) -> list[KeyDate]:
    """Key dates within the module (all of them if there is no start date)."""
    if profile.start is None:
        return list(profile.dates)
    from dtrcli.module.schedule import module_end

    first = profile.start - dt.timedelta(days=7)
    return [d for d in profile.dates if first <= d.date <= module_end(profile.start)]
