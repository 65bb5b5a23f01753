"""The YAML files of profiles and programs: read (decrypted in an encrypted home),
checked (key dates, breaks) and written. Each problem is a ProfileError that names
the file and, where it can, the line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dtrcli import dates
from dtrcli.errors import DtrError
from dtrcli.module.calendar import Break, KeyDate, check_break
from dtrcli.notebook import files, yamlio


class ProfileError(DtrError):
    """A profile value is not valid, or a profile file cannot be read."""


def parse_date(value: Any, what: str = "date") -> dt.date:
    """A date typed or stored as YYYY-MM-DD (or read as a date by YAML), in dtr's range."""
    return dates.parse(value, f"The {what}", ProfileError)


def load_yaml(path: Path, what: str = "profile") -> Any:
    """A profile's (or a program file's) YAML; a ProfileError that names the line. A date
    YAML cannot build (2026-13-28) is read as text, so the check of that date names it."""
    try:
        raw = files.read_capped(path, what)
    except files.Refused as exc:
        raise ProfileError(f"{path} {exc}; fix or remove it.") from None
    except OSError:
        raise ProfileError(f"{path} cannot be read as YAML; fix or remove it.") from None
    return stored_data(raw, path)


def stored_data(raw: bytes, where: object) -> Any:
    """What a stored profile or program file holds: the one place its bytes become data
    (read from the file, or from a version sync merges). A date YAML cannot build
    (2026-13-28) is read as text, so the check of that date names it. An encrypted
    version (from sync) is decrypted first."""
    from dtrcli.notebook import sealing

    raw = sealing.unseal(raw, where)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError(f"{where} cannot be read as YAML; fix or remove it.") from None
    try:
        return yamlio.load(text)
    except yamlio.YamlProblem as exc:
        problem = exc
    if problem.line is None and not problem.own:
        try:
            return yamlio.load(text, "text-dates")
        except yamlio.YamlProblem as exc:
            problem = exc
    if problem.own:
        raise ProfileError(problem.said(str(where))) from None
    raise ProfileError(
        f"{where} cannot be read as YAML{problem.at()} ({problem.problem}); fix or remove it."
    ) from None


def stored_text(data: dict[str, Any]) -> str:
    """What a profile or program file stores for ``data`` (saved, or merged by sync)."""
    return yamlio.dump(data)


def conflicts_of(raw: Any) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        return {}
    return {
        str(key): [str(v) for v in (values if isinstance(values, list) else [values])]
        for key, values in raw.items()
    }


def where_in(path: Path, *keys: str | int) -> str:
    """'<file>, line N' for the value at ``keys`` of a YAML file (the file alone if the
    line cannot be found)."""
    try:
        line = yamlio.line_of(files.read_capped(path, "profile").decode("utf-8"), *keys)
    except (OSError, UnicodeDecodeError, files.Refused, DtrError):
        line = None
    return f"{path}, line {line}" if line else str(path)


def key_dates(raw: Any, path: Path, shared: bool = False) -> list[KeyDate]:
    if raw is not None and not isinstance(raw, list):
        raise ProfileError(f"{where_in(path, 'dates')}: 'dates' must be a list of key dates.")
    out = []
    for i, item in enumerate(raw or []):
        if not isinstance(item, dict) or "date" not in item or not item.get("label"):
            raise ProfileError(
                f"{where_in(path, 'dates', i)}: each key date needs a 'date' and a 'label'."
            )
        value = item["date"]
        try:
            day = parse_date(value, "key date")
        except ProfileError as exc:
            raise ProfileError(f"{where_in(path, 'dates', i)}: {exc}") from None
        out.append(KeyDate(day, str(item.get("label", "")), shared))
    return out


def breaks_of(raw: Any, path: Path, source: str) -> list[Break]:
    """The breaks of a profile or program file: each from a day to a day, labelled; none
    impossible, none overlapping another of the file."""
    if raw is not None and not isinstance(raw, list):
        raise ProfileError(f"{where_in(path, 'breaks')}: 'breaks' must be a list of breaks.")
    out: list[Break] = []
    for i, item in enumerate(raw or []):
        where = where_in(path, "breaks", i)
        if not isinstance(item, dict) or not {"from", "to"} <= set(item) or not item.get("label"):
            raise ProfileError(f"{where}: each break needs 'from', 'to' and a 'label'.")
        try:
            first = parse_date(item["from"], "first day of the break")
            last = parse_date(item["to"], "last day of the break")
            check_break(first, last, where)
        except ProfileError as exc:
            raise ProfileError(f"{where}: {exc}") from None
        except ValueError as exc:
            raise ProfileError(f"{exc}.") from None
        b = Break(first, last, str(item["label"]), source)
        clash = next((o for o in out if o.overlaps(b)), None)
        if clash is not None:
            raise ProfileError(
                f"{where}: the break {b.label!r} ({b.text()}) overlaps {clash.label!r} "
                f"({clash.text()}); make them one break or move one."
            )
        out.append(b)
    return out


def breaks_data(breaks: list[Break]) -> list[dict[str, str]]:
    return [
        {"from": b.first.isoformat(), "to": b.last.isoformat(), "label": b.label}
        for b in sorted(breaks, key=lambda b: b.first)
    ]
