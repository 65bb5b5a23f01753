"""The weekly baseline judges each week by the notes held on its days, in whatever order
the notes come: checked against the plain rule (every note's day against every week)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from dtrcli.conversation.templates import load_registry
from dtrcli.module import checkins, schedule
from dtrcli.module.calendar import OWN, Break
from dtrcli.module.profiles import Profile
from dtrcli.notebook.listing import Row
from dtrcli.notebook.notes import Note

START = dt.date(2026, 9, 7)


def plain(profile: Profile, notes: list[Note], templates, today: dt.date) -> list[checkins.Week]:
    """Each week judged by the notes of its days, the weeks found one by one."""
    cal = profile.calendar()
    assert cal is not None
    weeks = []
    for number in range(1, min(cal.week_number(today), 6) + 1):
        first = cal.day_in(number, None)
        last = first + dt.timedelta(days=6)
        since = first - dt.timedelta(days=schedule.EARLY_DAYS) if number == 1 else first
        span = checkins._Span(
            number, first, last, since.isoformat(), last.isoformat(),
            checkins.Week(number, first, last, checkins.NO_CHECKIN),
        )  # fmt: skip
        held = sorted((n for n in notes if span.since <= n.date <= span.until), key=Note.sort_key)
        week = checkins._week(span, held, templates)
        if today <= last and week.state != checkins.MET:
            break
        weeks.append(week)
    return weeks


@pytest.mark.parametrize("light", [False, True], ids=["notes", "index rows"])
@pytest.mark.parametrize("seed", range(40))
def test_the_weeks_are_those_of_the_plain_rule(
    seed: int, light: bool, monkeypatch, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    templates = load_registry().templates
    sessions: dict[str, tuple[bool | None, int | None]] = {}
    monkeypatch.setattr(checkins, "_session", lambda note, template: sessions[note.path.name])
    breaks = []
    if rng.random() < 0.5:  # a break week after week 2 or 3
        first = START + dt.timedelta(weeks=rng.choice([2, 3]))
        breaks.append(Break(first, first + dt.timedelta(days=6), "Break", OWN))
    profile = Profile(folder=tmp_path / "alice", start=START, breaks=breaks)
    notes = []
    for k in range(rng.randint(0, 14)):
        day = START + dt.timedelta(days=rng.randint(-6, 60))
        template = rng.choice(["kickoff", "midmod", "exit", "checkin", "checkin", "note"])
        name = f"{day}-{template}-{k + 2}.md"
        created = f"{day}T{rng.randint(10, 20)}:00:00+01:00"
        meta = {"date": day.isoformat(), "template": template, "created": created}
        notes.append(Note(path=tmp_path / "alice" / name, meta=meta))
        sessions[name] = (rng.choice([True, False, None]), rng.choice([None, 10, 30, 45]))
    rng.shuffle(notes)
    today = START + dt.timedelta(days=rng.randint(0, 70))
    given: list = notes
    if light:  # as dtr due lists them: the index's light rows
        given = [
            Row(n.path.parent, n.path.name, "", "", n.template_id, n.date, n.created) for n in notes
        ]
    found = checkins.baseline(profile, given, templates, today)
    assert found is not None
    assert found.weeks == plain(profile, notes, templates, today)
