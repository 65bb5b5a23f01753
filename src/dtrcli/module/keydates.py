"""Key dates: adding and removing a mentee's own, or a program's shared by its mentees,
and finding one by the words of its label.

The rules ``dtr mentee dates`` follows: the same date and label are never
added twice; a program date needs the mentee's program; removing names what
was there. Each function reads, changes and writes under the profile lock.
A section's ``dated_intro`` names a key date by words of its label ("mid-mod"
finds "Mid-mod assessment" and "Mid-module assessment"), and is shown in place
of the section's intro when the mentee's module has that date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from dtrcli.conversation.schema import Template, put
from dtrcli.errors import DtrError
from dtrcli.module import profiles, schedule
from dtrcli.module.profiles import KeyDate, Profile
from dtrcli.notices import count


def add(profile: Profile, day: dt.date, label: str, *, program: bool) -> str:
    """Add a key date (to the program's with ``program``); return what was done."""
    label = label.strip()
    same = [d for d in profile.dates if d.date == day and d.label.casefold() == label.casefold()]
    if same:
        whose = "the program" if same[0].shared else profile.name
        raise DtrError(f"{whose} already has {day} {same[0].label}; nothing was added.")
    if program:
        if not profile.program:
            raise DtrError(
                f"{profile.name} has no program; set one with: dtr mentee edit "
                f"{profile.folder.name} --program BE"
            )
        profiles.add_program_date(profile.program, profile.module, day, label)
        module = f" module {profile.module}" if profile.module else ""
        return (
            f"Added {day} {label} for program {profile.program}{module} "
            "(every mentee in it sees it)."
        )
    profile.dates.append(KeyDate(day, label))
    profile.dates.sort(key=lambda d: d.date)
    profiles.save_profile(profile)
    return f"Added {day} {label} for {profile.name}."


def remove(profile: Profile, day: dt.date, label: str | None, *, program: bool) -> str:
    """Remove the key dates on ``day`` (labelled ``label`` if given); return what was done."""
    if program:
        if not profile.program:
            raise DtrError(f"{profile.name} has no program, so no program key dates.")
        removed = profiles.remove_program_dates(profile.program, profile.module, day, label)
        if not removed:
            raise DtrError(f"The program has no key date on {day}.")
        return f"Removed {count(removed, 'program key date')} on {day}."
    before = len(profile.dates)
    profile.dates = [
        d for d in profile.dates if d.shared or d.date != day or (label and d.label != label)
    ]
    if len(profile.dates) == before:
        shared = [d for d in profile.dates if d.shared and d.date == day]
        raise DtrError(
            f"{profile.name} has no key date of their own on {day}"
            + (f" labelled {label!r}" if label else "")
            + ("; the one listed is the program's: add --program to remove it." if shared else ".")
        )
    profiles.save_profile(profile)
    return f"Removed {count(before - len(profile.dates), 'key date')} on {day}."


def _folded(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def named(profile: Profile, words: str) -> KeyDate | None:
    """The first key date of the module whose label holds ``words`` (case, spaces and
    hyphens aside: 'mid-mod' finds 'Mid-module assessment')."""
    wanted = _folded(words)
    return next(
        (d for d in profiles.dates_in_module(profile) if wanted and wanted in _folded(d.label)),
        None,
    )


def with_dated_intros(template: Template, profile: Profile) -> Template:
    """``template`` with each section's ``dated_intro`` in place of its intro, where the
    mentee's module has the key date it names."""
    sections = []
    for section in template.sections:
        found = named(profile, section.dated_intro[0]) if section.dated_intro else None
        if found is None or section.dated_intro is None:
            sections.append(section)
            continue
        when = f"{found.date:%A} {found.date.day} {found.date:%B}"
        if profile.start is not None:
            week = schedule.module_week(profile.start, found.date)
            if 1 <= week <= schedule.MODULE_WEEKS:
                when += f" (week {week})"
        text = put(section.dated_intro[1], {"label": found.label, "when": when})
        sections.append(dataclasses.replace(section, intro=text))
    return dataclasses.replace(template, sections=tuple(sections))
