"""What is due: each mentee's module gathered from their profile and notes.

A :class:`MenteeView` holds a mentee's profile, notes and, when the module's
start is known, the state of each scheduled conversation (done, due this
week, upcoming, overdue, missed: see :mod:`dtrcli.module.schedule` for the
rules), each week so far against the program's weekly baseline (see
:mod:`dtrcli.module.checkins`), plus the next key date. ``dtr due``, ``dtr mentee show`` and ``dtr
mentee list`` print these views.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtrcli import notices
from dtrcli.conversation.schema import Template
from dtrcli.errors import DtrError
from dtrcli.module import checkincache, checkins, profilecache, profiles, schedule
from dtrcli.notebook import index, listing, names, paths
from dtrcli.notebook.notes import Note, note_summary, read_notes

if TYPE_CHECKING:  # imported when follow-ups are asked for: due needs none of their parts
    from dtrcli.module import followups


@dataclass
class MenteeView:
    folder: Path
    name: str
    profile: profiles.Profile
    notes: list[Note]
    statuses: list[schedule.Status] = field(default_factory=list)
    next_date: profiles.KeyDate | None = None
    baseline: checkins.Baseline | None = None

    @property
    def last(self) -> Note | None:
        return self.notes[0] if self.notes else None

    def week_text(self, today: dt.date) -> str:
        cal = self.profile.calendar()
        return "-" if cal is None else cal.describe(today)

    def due_text(self) -> str:
        open_ = [s for s in self.statuses if s.state in (schedule.DUE, schedule.OVERDUE)]
        if self.profile.start is None:
            return "no start date"
        if not open_:
            upcoming = [s for s in self.statuses if s.state == schedule.UPCOMING]
            return f"next: {upcoming[0].template} {upcoming[0].text()}" if upcoming else "-"
        return ", ".join(f"{s.template} {s.state}" for s in open_)

    def to_data(self, today: dt.date) -> dict[str, Any]:
        p = self.profile
        cal = p.calendar()
        return {
            "mentee": self.name,
            "folder": self.folder.name,
            "program": p.program,
            "module": p.module,
            "start": p.start.isoformat() if p.start else None,
            "week": cal.week_number(today) if cal else None,
            "phase": cal.phase(today) if cal else None,
            "breaks": [
                {"from": b.first.isoformat(), "to": b.last.isoformat(), "label": b.label}
                for b in p.breaks
            ],
            "meets": p.meets,
            "timezone": p.timezone,
            "channel": p.channel,
            "pronouns": p.pronouns,
            "last": note_summary(self.last) if self.last else None,
            "conversations": [
                {
                    "template": s.template,
                    "title": s.title,
                    "state": s.state,
                    "held": s.held,
                    "from": s.window[0].isoformat(),
                    "to": s.window[1].isoformat(),
                }
                for s in self.statuses
            ],
            "next_key_date": (
                {"date": self.next_date.date.isoformat(), "label": self.next_date.label}
                if self.next_date
                else None
            ),
            "baseline": self.baseline.to_data() if self.baseline else None,
        }


def scheduled_templates(templates: dict[str, Template]) -> list[Template]:
    """Templates that belong to a week of the module, in the order they come."""
    return sorted((t for t in templates.values() if t.weeks), key=lambda t: (t.weeks, t.id))


def view(
    folder: Path,
    templates: dict[str, Template],
    today: dt.date,
    notes: list[Note] | None = None,
    scheduled: list[Template] | None = None,
) -> MenteeView:
    """A mentee's view; ``notes``: their notes, newest first, when already read;
    ``scheduled``: the :func:`scheduled_templates` of ``templates``, when known."""
    try:
        profile = profilecache.load(folder)
    except DtrError as exc:
        notices.warn(str(exc))
        profile = profiles.Profile(folder=folder)
    if notes is None:
        notes = read_notes(folder)
    name = profile.name or next((n.mentee for n in notes if n.mentee), folder.name)
    v = MenteeView(folder=folder, name=name, profile=profile, notes=notes)
    cal = profile.calendar()
    if cal is not None:
        days: dict[str, list[str]] = {}  # template -> the days its notes were held
        for n in notes:
            days.setdefault(n.template_id, []).append(n.date)
        for t in scheduled_templates(templates) if scheduled is None else scheduled:
            held = days.get(t.id, [])
            window = schedule.window_for(t.id, t.weeks, cal, profile.dates)
            v.statuses.append(
                schedule.conversation_status(t.id, t.title, t.weeks, cal, held, today, window)
            )
    v.next_date = next((d for d in profile.dates if d.date >= today), None)
    v.baseline = checkins.baseline(profile, notes, templates, today)
    return v


def all_views(
    templates: dict[str, Template],
    today: dt.date,
    folders: list[Path] | None = None,
    whole: bool = False,
    light: bool = False,
) -> list[MenteeView]:
    """The view of every mentee (or of ``folders``), in the order of their folders;
    ``whole``: ``folders`` are every mentee's, as :func:`paths.mentee_dirs` gave them;
    ``light``: the notes may be the index's light rows (:class:`listing.Row`: a view's
    mentee, date, template, created, title and path, all ``due`` and ``mentee list``
    read of them), in a fraction of the time."""
    from dtrcli.module import presets

    presets.load()  # a presets file that cannot be read stops here, once, not per mentee
    every = folders is None or whole
    folders = paths.mentee_dirs() if folders is None else folders
    views = []
    scheduled = scheduled_templates(templates)
    with uncollected(), index.bulk(), profilecache.listing(), checkincache.listing():
        # Every folder's notes from the index at once (None: it cannot be used, each
        # folder is read).
        found = listing.notes(folders, check=False, whole=every, rows=light)
        held: dict[str, list[Note]] | None = None
        if found is not None:
            held = {}
            for note, name in zip(found[0], found[2], strict=True):
                held.setdefault(name, []).append(note)
        for done, folder in enumerate(folders, 1):
            notes = None if held is None else held.get(folder.name, [])
            views.append(view(folder, templates, today, notes, scheduled))
            if held is None:
                notices.progress("Reading the notes", done, len(folders))
    return views


@contextlib.contextmanager
def uncollected() -> Iterator[None]:
    """Around building (and printing) many views: the garbage collector waits, and what
    was built then joins its oldest generation without a scan of every object (the
    thousands of small objects of a listing are no garbage; a scan would only walk them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def open_followups(
    folders: list[Path], templates: dict[str, Template], every: bool = False
) -> list[followups.Followup]:
    """Open follow-ups across the given mentee folders, oldest first (``every``: they are
    every mentee's, as paths.mentee_dirs gave them). The notes come from the index when
    it can list them, each note's follow-ups as it keeps them (module.followups)."""
    from dtrcli.module import followups

    OPEN = followups.OPEN
    items: list[followups.Followup] = []
    with index.bulk(), followups.listing():  # bulk: the garbage collector waits too
        found = listing.notes(folders, rows=True, check=False, whole=every) if folders else None
        if found is not None:
            places = {folder.name: folder for folder in folders}
            named: dict[str, str] = {}
            for note, held in zip(found[0], found[2], strict=True):
                name = named.get(held)
                if name is None:
                    name = named[held] = names.recorded_name(places[held]) or held
                items += [f for f in followups.of_note(note, templates, name) if f.state == OPEN]
        else:
            for folder in folders:
                name = names.recorded_name(folder) or folder.name
                items += [
                    f
                    for f in followups.mentee_followups(folder, templates, name)
                    if f.state == OPEN
                ]
    items.sort(key=lambda f: (f.date, f.mentee, f.path.name, f.question, f.index))
    return items
