"""Key dates and breaks: adding and removing a mentee's own, or a program's shared by its
mentees, and finding a key date by the words of its label.

The rules ``dtr mentee dates`` follows: the same date and label are never
added twice; a program date needs the mentee's program; a break is whole weeks
and never overlaps another the mentee has (their own or the program's);
removing names what was there (a date, or a break starting that day). Each
function reads, changes and writes under the profile lock.
A section's ``dated_intro`` names a key date by words of its label ("mid-mod"
finds "Mid-mod assessment" and "Mid-module assessment"), and is shown in place
of the section's intro when the mentee's module has that date.
"""

from __future__ import annotations

import datetime as dt

from dtrcli import records
from dtrcli.conversation.schema import Template, put
from dtrcli.errors import DtrError
from dtrcli.module import profiles, programdates
from dtrcli.module.calendar import MAX_BREAK_WEEKS, OWN, PROGRAM, Break
from dtrcli.module.profiles import KeyDate, Profile
from dtrcli.notices import count


def _need_program(profile: Profile) -> str:
    if not profile.program:
        raise DtrError(
            f"{profile.name} has no program; set one with: dtr mentee edit "
            f"{profile.folder.name} --program BE"
        )
    return profile.program


def add_break(profile: Profile, first: dt.date, weeks: int, label: str, *, program: bool) -> str:
    """Add a break of ``weeks`` whole weeks from ``first`` (to the program's with
    ``program``); return what was done."""
    label = label.strip()
    if not 1 <= weeks <= MAX_BREAK_WEEKS:
        raise DtrError(f"A break of {weeks} weeks cannot be; give --weeks 1 to {MAX_BREAK_WEEKS}.")
    new = Break(first, first + dt.timedelta(days=7 * weeks - 1), label, PROGRAM if program else OWN)
    clash = next((b for b in profile.breaks if b.overlaps(new)), None)
    if clash is not None:
        whose = "the program's" if clash.source == PROGRAM else f"{profile.name}'s"
        raise DtrError(
            f"The break {new.text()} overlaps {whose} {clash.label!r} ({clash.text()}); "
            "nothing was added."
        )
    weeks_text = count(weeks, "week")
    if program:
        name = _need_program(profile)
        shared = programdates.program_data(name, profile.module)
        programdates.write_program(name, profile.module, list(shared.dates), [*shared.breaks, new])
        module = f" module {profile.module}" if profile.module else ""
        return (
            f"Added the break {label} ({new.text()}, {weeks_text}) for program {name}{module}; "
            "its weeks are not counted."
        )
    profile.breaks.append(new)
    profiles.save_profile(profile)
    return f"Added the break {label} ({new.text()}, {weeks_text}) for {profile.name}."


def add(profile: Profile, day: dt.date, label: str, *, program: bool) -> str:
    """Add a key date (to the program's with ``program``); return what was done."""
    label = label.strip()
    same = [d for d in profile.dates if d.date == day and d.label.casefold() == label.casefold()]
    if same:
        whose = "the program" if same[0].shared else profile.name
        raise DtrError(f"{whose} already has {day} {same[0].label}; nothing was added.")
    if program:
        programdates.add_program_date(_need_program(profile), profile.module, day, label)
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
        removed = programdates.remove_program_dates(profile.program, profile.module, day, label)
        if not removed:
            raise DtrError(f"The program has no key date or break on {day}.")
        return f"Removed {count(removed, 'program key date')} on {day}."
    before = len(profile.dates) + len(profile.breaks)
    profile.dates = [
        d for d in profile.dates if d.shared or d.date != day or (label and d.label != label)
    ]
    profile.breaks = [
        b
        for b in profile.breaks
        if b.source != OWN or b.first != day or (label and b.label != label)
    ]
    removed = before - len(profile.dates) - len(profile.breaks)
    if not removed:
        shared = any(d.shared and not d.preset and d.date == day for d in profile.dates) or any(
            b.source == PROGRAM and b.first == day for b in profile.breaks
        )
        preset = next((d.preset for d in profile.dates if d.preset and d.date == day), None)
        raise DtrError(
            f"{profile.name} has no key date of their own on {day}"
            + (f" labelled {label!r}" if label else "")
            + (
                "; the one listed is the program's: add --program to remove it."
                if shared
                else f"; the one listed comes from the {preset} preset: add a date of your "
                "own of the same kind to take its place."
                if preset
                else "."
            )
        )
    profiles.save_profile(profile)
    return f"Removed {count(removed, 'key date')} on {day}."


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
        cal = profile.calendar()
        week = cal.teaching_week(found.date) if cal is not None else None
        if week is not None:
            when += f" (week {week})"
        text = put(section.dated_intro[1], {"label": found.label, "when": when})
        sections.append(records.replace(section, intro=text))
    return records.replace(template, sections=tuple(sections))
