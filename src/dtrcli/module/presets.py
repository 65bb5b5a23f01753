"""Program presets: each program and module's key dates, relative to the module's weeks.

The built-in presets are ``presets.yaml`` beside this module (package data, so
``pip install .`` and ``pip install -e .`` both find it); a ``presets.yaml`` in
dtr's config folder replaces the modules it names and may add programs. A
preset date is a week (1-6), a day of that week (or none: some time that week)
and a label; a preset break is a number of break weeks after a week.

A mentee of a program and module with a preset gets its dates, placed on the
module's calendar, unless the program's dates or the mentee's own already have
one of the same kind (:func:`dtrcli.module.calendar.kind_of`): a mid-module
assessment, a final assessment or a portfolio review anywhere in the module,
any other kind in the same week or with the same label. Every problem in a
presets file is one sentence naming the file and line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtrcli.errors import DtrError
from dtrcli.module.calendar import (
    FINAL,
    MAX_BREAK_WEEKS,
    MIDMOD,
    OTHER,
    PORTFOLIO,
    TEACHING_WEEKS,
    WEEKDAYS,
    AfterWeek,
    KeyDate,
    ModuleCalendar,
    kind_of,
)
from dtrcli.notebook import paths, yamlio

BUILT_IN = Path(__file__).resolve().with_name("presets.yaml")
FILE_NAME = "presets.yaml"
# Kinds a module has one of: a program's or the mentee's anywhere in the module replaces
# the preset's.
ONCE_A_MODULE = (MIDMOD, FINAL, PORTFOLIO)
_DAY_NAMES = {
    **{d.lower(): i for i, d in enumerate(WEEKDAYS)},
    **{
        n: i
        for i, n in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}


class PresetError(DtrError):
    """A presets file cannot be read or says something that cannot be."""


@dataclass(frozen=True)
class PresetDate:
    week: int
    weekday: int | None  # 0 Monday; None: some time that week (its first day)
    label: str


@dataclass(frozen=True)
class Preset:
    program: str
    module: str
    dates: tuple[PresetDate, ...]
    breaks: tuple[AfterWeek, ...]
    path: Path

    @property
    def name(self) -> str:
        """'BE module 2'."""
        return f"{self.program} module {self.module}"


def user_file() -> Path:
    return paths.config_home() / FILE_NAME


def module_key(module: Any) -> str:
    """'2', 'Mod 2', 'module 2' -> '2'; anything else as typed, case folded."""
    text = str(module).strip()
    m = re.fullmatch(r"(?:mod(?:ule)?\s*)?(\d+)", text, re.I)
    return str(int(m.group(1))) if m else text.casefold()


def find(program: str | None, module: str | None) -> Preset | None:
    """The preset of a program and module, if there is one."""
    if not program or module is None:
        return None
    return load().get((program.strip().casefold(), module_key(module)))


def known() -> list[str]:
    """'BE 1', 'BE 2', ... for messages."""
    return sorted(f"{p.program} {p.module}" for p in load().values())


def load() -> dict[tuple[str, str], Preset]:
    """Every preset: the built-in ones, replaced or added to by the user's file."""
    presets = dict(_read_stamped(BUILT_IN, {}))
    user = user_file()
    if user.is_file():
        names = {p.program.casefold(): p.program for p in presets.values()}
        presets.update(_read_stamped(user, names))
    return presets


def _read_stamped(path: Path, names: dict[str, str]) -> dict[tuple[str, str], Preset]:
    try:
        st = path.stat()
    except OSError:
        raise PresetError(f"{path} cannot be read; fix or remove it.") from None
    return _read(path, tuple(sorted(names.items())), st.st_size, st.st_mtime_ns)


def _yaml_of(path: Path, text: str) -> Any:
    """What the YAML of a presets file holds: kept in the cache folder by the file's whole
    text, as the templates' is (:mod:`dtrcli.conversation.templatecache`), so that ``dtr
    due`` does not import and run PyYAML on every run; a text that is not YAML is never kept."""
    from dtrcli.conversation.templatecache import TextCache
    from dtrcli.notebook.paths import cache_home

    which = "presets" if path == BUILT_IN else "presets-user"  # one text each
    cache = TextCache(cache_home() / f"{which}.marshal")
    data = cache.data(text, lambda text: yamlio.load(text, "text-dates"))
    cache.save()
    return data


@functools.lru_cache(maxsize=8)
def _read(
    path: Path, names: tuple[tuple[str, str], ...], *stamp: int
) -> dict[tuple[str, str], Preset]:
    """A presets file, checked; ``names``: programs known before it (the built-in ones)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = _yaml_of(path, text)
    except (OSError, UnicodeDecodeError):
        raise PresetError(f"{path} cannot be read; fix or remove it.") from None
    except yamlio.YamlProblem as exc:
        raise PresetError(f"{path}{_line_text(exc.line)} is not YAML ({exc.problem}).") from None

    def where(*keys: str | int) -> str:
        line = yamlio.line_of(text, *keys)
        return f"{path}{_line_text(line)}"

    if not isinstance(data, dict):
        raise PresetError(f"{where()}: a presets file has 'programs' and 'modules'.")
    unknown = [k for k in data if k not in ("programs", "modules")]
    if unknown:
        raise PresetError(
            f"{where(unknown[0])}: {unknown[0]!r} is not a part of a presets file "
            "(it has 'programs' and 'modules')."
        )
    programs = data.get("programs") or {}
    if not isinstance(programs, dict):
        raise PresetError(f"{where('programs')}: 'programs' maps each short name to its name.")
    known_names = dict(names) | {str(p).casefold(): str(p) for p in programs}
    modules = data.get("modules") or []
    if not isinstance(modules, list):
        raise PresetError(f"{where('modules')}: 'modules' is a list of modules.")
    out: dict[tuple[str, str], Preset] = {}
    for i, entry in enumerate(modules):
        for preset in _entry(entry, path, known_names, lambda *k, i=i: where("modules", i, *k)):
            key = (preset.program.casefold(), module_key(preset.module))
            if key in out:
                raise PresetError(
                    f"{where('modules', i)}: {preset.name} is given twice in this file."
                )
            out[key] = preset
    return out


def _line_text(line: int | None) -> str:
    return f", line {line}" if line else ""


def _entry(entry: Any, path: Path, names: dict[str, str], where: Any) -> list[Preset]:
    if not isinstance(entry, dict) or "program" not in entry or "module" not in entry:
        raise PresetError(f"{where()}: each module needs a 'program' and a 'module'.")
    extra = [k for k in entry if k not in ("program", "module", "dates", "breaks")]
    if extra:
        raise PresetError(
            f"{where(extra[0])}: {extra[0]!r} is not part of a module "
            "(it has program, module, dates and breaks)."
        )
    programs = entry["program"] if isinstance(entry["program"], list) else [entry["program"]]
    for program in programs:
        if str(program).casefold() not in names:
            raise PresetError(
                f"{where('program')}: the program {program!r} is not one of the file's "
                f"programs ({', '.join(sorted(names.values())) or 'none'}); add it under "
                "'programs'."
            )
    module = str(entry["module"]).strip()
    if not module:
        raise PresetError(f"{where('module')}: 'module' is empty.")
    items = _list(entry, "dates", where)
    dates = tuple(_date(item, where, "dates", j) for j, item in enumerate(items))
    breaks: list[AfterWeek] = []
    for j, item in enumerate(_list(entry, "breaks", where)):
        b = _break(item, where, j)
        if any(o.week == b.week for o in breaks):
            raise PresetError(
                f"{where('breaks', j)}: the break {b.label!r} overlaps another break after "
                f"week {b.week}; make them one break."
            )
        breaks.append(b)
    return [Preset(names[str(p).casefold()], module, dates, tuple(breaks), path) for p in programs]


def _list(entry: dict[str, Any], key: str, where: Any) -> list[Any]:
    value = entry.get(key) or []
    if not isinstance(value, list):
        raise PresetError(f"{where(key)}: '{key}' must be a list.")
    return value


def _week(value: Any, where: Any, what: str, last: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise PresetError(f"{where}: {what} must be a week number from 1 to {last}.")
    if value > last:
        raise PresetError(
            f"{where}: week {value} is past the module (it has {TEACHING_WEEKS} teaching "
            f"weeks); {what} must be 1 to {last}."
        )
    return value


class _Place:
    """Where an item of a presets file is, as a message says it: worked out only when a
    message is written (finding the line reads the YAML again)."""

    def __init__(self, where: Any, *keys: str | int) -> None:
        self.where, self.keys = where, keys

    def __format__(self, spec: str) -> str:
        return format(self.where(*self.keys), spec)


def _date(item: Any, where: Any, key: str, j: int) -> PresetDate:
    here: Any = _Place(where, key, j)
    if not isinstance(item, dict) or "week" not in item or not item.get("label"):
        raise PresetError(f"{here}: each date needs a 'week' and a 'label' (and a 'day').")
    week = _week(item["week"], here, "'week'", TEACHING_WEEKS)
    day = item.get("day")
    weekday = None
    if day is not None:
        weekday = _DAY_NAMES.get(str(day).strip().lower())
        if weekday is None:
            raise PresetError(f"{here}: {day!r} is not a day of the week; use Mon ... Sun.")
    return PresetDate(week, weekday, str(item["label"]).strip())


def _break(item: Any, where: Any, j: int) -> AfterWeek:
    here: Any = _Place(where, "breaks", j)
    if not isinstance(item, dict) or "after" not in item or not item.get("label"):
        raise PresetError(f"{here}: each break needs 'after' (a week), 'weeks' and a 'label'.")
    week = _week(item["after"], here, "'after'", TEACHING_WEEKS - 1)
    weeks = item.get("weeks", 1)
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= MAX_BREAK_WEEKS:
        raise PresetError(
            f"{here}: a break of {weeks!r} weeks cannot be; 'weeks' is 1 to {MAX_BREAK_WEEKS}."
        )
    return AfterWeek(week, weeks, str(item["label"]).strip())


def preset_dates(preset: Preset, cal: ModuleCalendar, others: list[Any]) -> list[Any]:
    """The preset's key dates on the module's calendar, less those the program's or the
    mentee's own dates (``others``) replace."""

    out = []
    for p in preset.dates:
        day = cal.day_in(p.week, p.weekday)
        kind = kind_of(p.label)
        replaced = any(
            (kind in ONCE_A_MODULE and kind_of(o.label) == kind and cal.start <= o.date <= cal.end)
            or (
                cal.block_of(o.date) == cal.block_of(day)
                and (
                    o.label.casefold() == p.label.casefold()
                    or (kind != OTHER and kind_of(o.label) == kind)
                )
            )
            for o in others
        )
        if not replaced:
            out.append(KeyDate(day, p.label, True, preset=preset.name))
    return out
