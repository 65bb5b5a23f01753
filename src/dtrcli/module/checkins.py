"""The program's weekly baseline: a working session of 30 minutes or more each week.

The weekly check-in (``dtr checkin NAME``, the built-in ``checkin`` template)
records whether mentor and mentee met that week (``met``) and for how long
(``session_minutes``). A week of the module meets the baseline when a check-in
held in it records a session of :data:`MINUTES` or more, or when one of the
module's conversations (a template with ``weeks``: kick-off, mid-module, exit)
was held in it, since each of those is a session of its own. Every other week
is named: no check-in, no session, a session too short, or one whose length was
not noted. Weeks still to come are not judged, nor is this week until it has a
session that meets the baseline.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from dtrcli.conversation.schema import Template
from dtrcli.errors import DtrError
from dtrcli.module import checkincache, profiles, schedule
from dtrcli.module.calendar import ModuleCalendar
from dtrcli.notebook.notes import Note

MINUTES = 30  # the program's baseline: a weekly working session at least this long
CHECKIN = "checkin"  # the template whose notes record each week's session

MET = "met"
SHORT = "short"
NO_SESSION = "no session"
UNTIMED = "length not noted"
NO_CHECKIN = "no check-in"


@dataclass(frozen=True)
class Week:
    number: int
    first: dt.date
    last: dt.date
    state: str
    minutes: int | None = None  # the longest session noted that week
    held: str | None = None  # what met it: "2026-11-10 checkin", "2026-11-03 kickoff"

    def text(self) -> str:
        """'met (2026-11-10 checkin, 45 minutes)', 'short (20 minutes)', 'no check-in'."""
        if self.state == MET:
            length = f", {self.minutes} minutes" if self.minutes is not None else ""
            return f"met ({self.held}{length})"
        if self.state == SHORT:
            return f"short ({self.minutes} minutes)"
        return self.state


@dataclass(frozen=True)
class Baseline:
    weeks: list[Week]  # the weeks judged so far, in order

    @property
    def missed(self) -> list[Week]:
        return [w for w in self.weeks if w.state != MET]

    def text(self) -> str:
        """'-' (nothing to judge yet), 'met, weeks 1-3', or the weeks that missed it:
        'week 2 no check-in, week 3 short (20 minutes)'."""
        if not self.weeks:
            return "-"
        if not self.missed:
            last = self.weeks[-1].number
            return "met, week 1" if last == 1 else f"met, weeks 1-{last}"
        return ", ".join(f"week {w.number} {w.text()}" for w in self.missed)

    def to_data(self) -> dict[str, Any]:
        return {
            "minutes": MINUTES,
            "met": None if not self.weeks else not self.missed,
            "weeks": [
                {
                    "week": w.number,
                    "from": w.first.isoformat(),
                    "to": w.last.isoformat(),
                    "state": w.state,
                    "minutes": w.minutes,
                    "held": w.held,
                }
                for w in self.weeks
            ],
        }


def _session(note: Note, template: Template | None) -> tuple[bool | None, int | None]:
    """(met?, minutes) a check-in note records; None where it does not say (or dtr
    cannot read it: a length edited to words is not a number)."""
    return checkincache.session(note, template, _read_session)


def _read_session(
    note: Note, template: Template | None
) -> tuple[tuple[bool | None, int | None], bool]:
    """:func:`_session` read from the note's file, and whether that said nothing (a
    heading that lost its marker is warned about: such a reading is not kept)."""
    from dtrcli.conversation.record import answers_of  # only for a check-in held
    from dtrcli.conversation.templates import prompts_of
    from dtrcli.notebook.notes import read_full

    try:
        full = read_full(note.path, prompts_of=prompts_of)  # as record.read reads it
        values = answers_of(full.note, template)
    except DtrError:
        return (None, None), False
    met = values.get("met")
    minutes = values.get("session_minutes")
    return (
        met if isinstance(met, bool) else None,
        minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else None,
    ), not full.lost and not full.unreadable


def _week(
    span: _Span,
    held: list[Note],
    templates: dict[str, Template],
) -> Week:
    """The week of ``span`` judged by ``held``: the notes held in it (from a few days
    before week 1), in any order (they are sorted by their days here)."""
    if not held:
        return span.unheld
    number, first, last = span.number, span.first, span.last
    if len(held) > 1:
        held = sorted(held, key=_order)
    conversations = [n for n in held if (t := templates.get(n.template_id)) and t.weeks]
    sessions = [(n, *_session(n, templates.get(CHECKIN))) for n in held if n.template_id == CHECKIN]
    long_enough = [(n, m) for n, met, m in sessions if met is not False and (m or 0) >= MINUTES]
    if long_enough:
        note, minutes = max(long_enough, key=lambda s: s[1] or 0)
        return _week_of(number, first, last, MET, minutes, f"{note.date} {CHECKIN}")
    if conversations:
        held_first = conversations[0]
        met_by = f"{held_first.date} {held_first.template_id}"
        return _week_of(number, first, last, MET, None, met_by)
    timed = [m for _, met, m in sessions if met is not False and m is not None]
    if timed:
        return _week_of(number, first, last, SHORT, max(timed))
    if any(met is not False for _, met, _ in sessions):
        return _week_of(number, first, last, UNTIMED)
    return _week_of(number, first, last, NO_SESSION if sessions else NO_CHECKIN)


# The weeks judged: mentees of one start share them, and often their days (a Week
# cannot change); each is made once.
_week_of = functools.lru_cache(maxsize=16384, typed=True)(Week)


def _order(note: Note) -> tuple[str, str, int, str]:
    """:meth:`Note.sort_key` of a note, or of the index's light row of one
    (:class:`dtrcli.notebook.listing.Row`, which has its path and front matter)."""
    if isinstance(note, Note):
        return note.sort_key()
    meta = {"date": note.date, "template": note.template_id, "created": note.created}
    return Note(path=note.path, meta=meta).sort_key()


@dataclass(frozen=True)
class _Span:
    """A week of a module as the baseline judges it."""

    number: int
    first: dt.date
    last: dt.date
    since: str  # the first day a note counts for it (a few days early for week 1)
    until: str  # its last day
    unheld: Week  # the week judged when no note was held in it


def _spans(cal: ModuleCalendar, today: dt.date) -> tuple[list[_Span], list[str]]:
    """The weeks of the module up to today's (at most the teaching weeks), and the first
    day each counts notes from."""
    key = (id(cal), today)
    known = _known_spans.get(key)
    if known is not None and known[0] is cal:
        return known[1], known[2]
    spans = []
    for number in range(1, min(cal.week_number(today), schedule.MODULE_WEEKS) + 1):
        first = cal.day_in(number, None)  # break weeks are not numbered: they are skipped
        last = first + dt.timedelta(days=6)
        # A kick-off the Friday before the start counts for week 1.
        since = first - dt.timedelta(days=schedule.EARLY_DAYS) if number == 1 else first
        unheld = Week(number, first, last, NO_CHECKIN)
        spans.append(_Span(number, first, last, since.isoformat(), last.isoformat(), unheld))
    if len(_known_spans) > 4096:
        _known_spans.clear()
    starts = [span.since for span in spans]
    _known_spans[key] = (cal, spans, starts)  # the calendar kept with them: its id stays its own
    return spans, starts


# The weeks of each calendar (mentees of the same start share one) on a day.
_known_spans: dict[tuple[int, dt.date], tuple[ModuleCalendar, list[_Span], list[str]]] = {}


def baseline(
    profile: profiles.Profile,
    notes: list[Note],
    templates: dict[str, Template],
    today: dt.date,
) -> Baseline | None:
    """Each week of the module so far against the baseline (None without a start date)."""
    if profile.start is None:
        return None
    cal = profile.calendar() or schedule.calendar_of(profile.start)
    spans, starts = _spans(cal, today)
    weeks: list[Week] = []
    if not spans:
        return Baseline(weeks)
    # The notes of each of these weeks (the weeks do not overlap: a note's is the last one
    # starting on or before its day, when the day is not after that week's end).
    lowest, highest = spans[0].since, spans[-1].until
    held: list[list[Note] | None] = [None] * len(spans)
    for note in notes:
        day = note.date
        if lowest <= day <= highest:
            at = bisect.bisect_right(starts, day) - 1
            if day <= spans[at].until:
                found = held[at]
                if found is None:
                    held[at] = [note]
                else:
                    found.append(note)
    for span, run in zip(spans, held, strict=True):
        week = span.unheld if run is None else _week(span, run, templates)
        if today <= span.last and week.state != MET:
            break  # this week is not over yet (a break after it: it is over)
        weeks.append(week)
    return Baseline(weeks)
