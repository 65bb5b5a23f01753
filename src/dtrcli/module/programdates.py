"""A program's own key dates and breaks, shared by every mentee of a program and
module: ``<data home>/.programs/<program>-<module>.yaml``, read once for each version
of the file and written whole."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from pathlib import Path
from typing import Any

from dtrcli.module import profilefile
from dtrcli.module.calendar import PROGRAM, Break, KeyDate
from dtrcli.module.profilefile import ProfileError
from dtrcli.notebook import files, paths
from dtrcli.records import record


def program_file(program: str, module: str | None) -> Path:
    slug = paths.slugify(f"{program} {module}" if module else program)
    return paths.data_home() / ".programs" / f"{slug}.yaml"


@record(frozen=True)
class ProgramData:
    """What a program file holds: the key dates and breaks of a program and module."""

    dates: tuple[KeyDate, ...] = ()
    breaks: tuple[Break, ...] = ()


def program_data(program: str | None, module: str | None) -> ProgramData:
    if not program:
        return ProgramData()
    path = program_file(program, module)
    try:
        st = path.stat()
    except OSError:
        return ProgramData()
    return _program_data(path, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def program_dates(program: str | None, module: str | None) -> list[KeyDate]:
    return list(program_data(program, module).dates)


@functools.lru_cache(maxsize=64)
def _program_data(path: Path, *stamp: int) -> ProgramData:
    """A program file's dates and breaks, read once per version of the file (many mentees
    share it)."""
    data = profilefile.load_yaml(path, "program file")
    data = data if isinstance(data, dict) else {}
    return ProgramData(
        tuple(profilefile.key_dates(data.get("dates"), path, True)),
        tuple(profilefile.breaks_of(data.get("breaks"), path, PROGRAM)),
    )


def write_program(
    program: str, module: str | None, dates: list[KeyDate], breaks: list[Break]
) -> Path:
    """Replace the program file's dates and breaks."""
    path = program_file(program, module)
    data: dict[str, Any] = {
        "program": program,
        "module": module,
        "dates": [
            {"date": d.date.isoformat(), "label": d.label}
            for d in sorted(dates, key=lambda d: d.date)
        ],
    }
    if breaks:
        data["breaks"] = profilefile.breaks_data(breaks)
    if path.is_file():  # what a sync kept beside the dates stays
        with contextlib.suppress(ProfileError):
            old = profilefile.load_yaml(path, "program file")
            if isinstance(old, dict) and old.get("conflicts"):
                data["conflicts"] = old["conflicts"]
    files.replace_file(path, profilefile.stored_text(data))
    return path


def add_program_date(program: str, module: str | None, day: dt.date, label: str) -> Path:
    shared = program_data(program, module)
    dates = [*shared.dates, KeyDate(day, label, True)]
    return write_program(program, module, dates, list(shared.breaks))


def remove_program_dates(program: str, module: str | None, day: dt.date, label: str | None) -> int:
    """Remove a program's key dates and breaks on ``day`` (with ``label`` if given); return
    how many."""
    shared = program_data(program, module)
    dates = [d for d in shared.dates if d.date != day or (label is not None and d.label != label)]
    breaks = [
        b for b in shared.breaks if b.first != day or (label is not None and b.label != label)
    ]
    removed = len(shared.dates) - len(dates) + len(shared.breaks) - len(breaks)
    if removed:
        write_program(program, module, dates, breaks)
    return removed
