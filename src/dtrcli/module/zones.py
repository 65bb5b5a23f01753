"""Time zones: the zone a mentee's weekly meeting time is in.

A zone is an IANA name ('Europe/Berlin', 'America/Los_Angeles') checked against
the time zone database Python's ``zoneinfo`` reads (the system's, or the
``tzdata`` package on Windows). A profile without one uses this computer's zone,
as ``tzlocal`` finds it: the TZ variable, the system's settings (the
/etc/localtime link, /etc/timezone and friends; the registry on Windows, whose
zone names it translates). A computer that names no zone keeps its clock in
UTC, and so does dtr then.
"""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from dataclasses import dataclass

from dtrcli.errors import DtrError

UTC = "UTC"
# Names in the database that are no place's zone: another program reading the
# calendar cannot know what they mean.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


class ZoneError(DtrError):
    """A time zone name that is not in the time zone database."""


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every zone name of the database, by its case-folded spelling."""
    return {n.casefold(): n for n in zoneinfo.available_timezones() if n not in _NOT_PLACES}


def _loads(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError, UnicodeError):  # not found, not a key, a folder
        return False
    return name not in _NOT_PLACES


def parse_zone(text: str, source: str = "--timezone") -> str:
    """A zone name as the database spells it ('europe/berlin' -> 'Europe/Berlin').

    ``source`` names where the text came from, for the error message.
    """
    names = _names()
    if not names:
        raise ZoneError(
            "This computer has no time zone database; install Python's tzdata package "
            "(pip install tzdata)."
        )
    found = names.get(text.strip().casefold())
    if found:
        return found
    close = difflib.get_close_matches(text.strip(), names.values(), n=1, cutoff=0.8)
    hint = f"did you mean {close[0]!r}?" if close else "use a name such as 'Europe/Berlin'."
    raise ZoneError(f"{source} {text!r} is not a time zone; {hint}")


def system_zone() -> str | None:
    """This computer's zone name, or None when it names none dtr can use."""
    import logging
    import warnings

    logging.getLogger("tzlocal").addHandler(logging.NullHandler())  # its notes are not ours
    try:
        import tzlocal

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            name = tzlocal.get_localzone_name()
    except Exception:  # conflicting settings, an unreadable registry: no zone
        return None
    return name if isinstance(name, str) and _loads(name) else None


@dataclass(frozen=True)
class MeetingZone:
    """The zone of a mentee's meeting times and where it came from."""

    name: str
    source: str  # "profile", "computer", or "fallback" (the computer names no zone)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.name)


def meeting_zone(stored: str | None, source: str = "timezone") -> MeetingZone:
    """The profile's zone (``stored``), else this computer's, else UTC.

    A stored name that is not a zone raises ZoneError (``source`` names it).
    """
    if stored:
        if not _loads(stored):
            raise ZoneError(f"{source} {stored!r} is not a time zone.")
        return MeetingZone(stored, "profile")
    name = system_zone()
    return MeetingZone(name, "computer") if name else MeetingZone(UTC, "fallback")
