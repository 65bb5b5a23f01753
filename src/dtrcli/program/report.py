"""The coordinator's roll-up: many mentors' bundles, per program and module.

Everything is judged on the report's day (``today``):

- a scheduled conversation is *held* when its note's day is in the bundle, *missed*
  when its window ended before today without it, *due* while its window is open,
  else *upcoming*;
- by week (weeks start on Monday): the conversations held that week, the scheduled
  ones whose window ends that week (*due*), of those the ones missed, and the
  check-ins noted that week;
- a pair is *stalled* when its module has started and not ended (teaching weeks
  and the intermission's week after them) and nothing, no conversation and no
  check-in, has been noted for :data:`STALLED_DAYS` days or more (counted from the
  module's start when nothing has been);
- the baseline (a weekly session of 30 minutes or more) is the bundle's own
  judgement of the weeks over when it was made;
- a pair's rating is its latest, and whether it continues its latest answer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import msgspec

from dtrcli.program.collect import Loaded
from dtrcli.program.schema import Mentee

STALLED_DAYS = 21
AFTER_END_DAYS = 7  # the intermission: a pair is still expected to talk then
CONTINUE_ORDER = ("Yes", "Not sure yet", "No")


_MONDAYS: dict[dt.date, dt.date] = {}


def _monday(day: dt.date) -> dt.date:
    monday = _MONDAYS.get(day)
    if monday is None:
        monday = _MONDAYS[day] = day - dt.timedelta(days=day.weekday())
    return monday


@dataclass
class Stalled:
    mentor: str
    mentee: str
    since: dt.date  # the last conversation or check-in, or the module's start
    days: int


@dataclass
class Group:
    program: str | None
    module: str | None
    mentors: set[str] = field(default_factory=set)
    pairs: int = 0
    states: Counter[str] = field(default_factory=Counter)  # held, due, missed, upcoming
    weeks: dict[dt.date, list[int]] = field(
        default_factory=dict
    )  # monday -> held, due, missed, check-ins
    checkins: int = 0
    stalled: list[Stalled] = field(default_factory=list)
    baseline: Counter[str] = field(default_factory=Counter)  # met, not met, not judged
    ratings: Counter[int] = field(default_factory=Counter)
    continues: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    outcome_pairs: int = 0  # pairs whose bundle shares the outcome
    followups: Counter[str] = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return f"{self.program or 'no program'} · module {self.module or '?'}"

    def week(self, monday: dt.date) -> list[int]:
        row = self.weeks.get(monday)
        if row is None:
            row = self.weeks[monday] = [0, 0, 0, 0]
        return row

    @property
    def rating_mean(self) -> float | None:
        n = sum(self.ratings.values())
        return sum(v * c for v, c in self.ratings.items()) / n if n else None

    def to_data(self) -> dict[str, Any]:
        mean = self.rating_mean
        return {
            "program": self.program,
            "module": self.module,
            "mentors": len(self.mentors),
            "pairs": self.pairs,
            "conversations": {k: self.states[k] for k in ("held", "due", "missed", "upcoming")},
            "checkins": self.checkins,
            "weeks": [
                {"week": monday.isoformat(), "held": h, "due": d, "missed": m, "checkins": k}
                for monday, (h, d, m, k) in sorted(self.weeks.items())
            ],
            "stalled": [
                {
                    "mentor": s.mentor,
                    "mentee": s.mentee,
                    "since": s.since.isoformat(),
                    "days": s.days,
                }
                for s in self.stalled
            ],
            "baseline": {k: self.baseline[k] for k in ("met", "not met", "not judged")},
            "ratings": {
                "count": sum(self.ratings.values()),
                "mean": round(mean, 2) if mean is not None else None,
                "values": {str(v): c for v, c in sorted(self.ratings.items())},
            },
            "continues": {
                **{k: self.continues[k] for k in CONTINUE_ORDER},
                **{k: c for k, c in sorted(self.continues.items()) if k not in CONTINUE_ORDER},
            },
            "outcomes": (
                {
                    "shared": self.outcome_pairs,
                    **{k: self.outcomes[k] for k in ("advancing", "repeating", "not decided")},
                }
            ),
            "followups": {k: self.followups[k] for k in ("open", "done", "dropped", "carried")},
        }


@dataclass
class Report:
    today: dt.date
    bundles: int
    files: int
    groups: list[Group]
    mentors: list[dict[str, Any]]  # one per bundle: mentor, as_of, mentees, file

    def to_data(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "files": self.files,
            "bundles": self.bundles,
            "mentors": self.mentors,
            "groups": [g.to_data() for g in self.groups],
        }


def _pair(group: Group, mentor: str, mentee: Mentee, today: dt.date) -> None:
    group.pairs += 1
    group.mentors.add(mentor)
    last: dt.date | None = None
    for c in mentee.conversations:
        group.week(_monday(c.date))[0] += 1
        if last is None or c.date > last:
            last = c.date
    for k in mentee.checkins:
        group.checkins += 1
        group.week(_monday(k.date))[3] += 1
        if last is None or k.date > last:
            last = k.date
    for s in mentee.schedule:
        row = group.week(_monday(s.last))
        row[1] += 1
        if s.held is not None:
            group.states["held"] += 1
        elif s.last < today:
            group.states["missed"] += 1
            row[2] += 1
        elif s.first <= today:
            group.states["due"] += 1
        else:
            group.states["upcoming"] += 1
    start, end = mentee.start, mentee.end
    under_way = end is None or today <= end + dt.timedelta(days=AFTER_END_DAYS)
    if start is not None and start <= today and under_way:
        since = max(last, start) if last else start
        days = (today - since).days
        if days >= STALLED_DAYS:
            group.stalled.append(Stalled(mentor, mentee.mentee, since, days))
    met = mentee.baseline.met if mentee.baseline else None
    group.baseline["not judged" if met is None else "met" if met else "not met"] += 1
    if mentee.ratings:
        group.ratings[max(mentee.ratings, key=lambda r: r.date).value] += 1
    if mentee.continues is not None:
        group.continues[mentee.continues] += 1
    if mentee.outcome is not msgspec.UNSET:
        group.outcome_pairs += 1
        group.outcomes[mentee.outcome or "not decided"] += 1
    f = mentee.followups
    for state, n in (
        ("open", f.open),
        ("done", f.done),
        ("dropped", f.dropped),
        ("carried", f.carried),
    ):
        group.followups[state] += n


def roll_up(loaded: list[Loaded], today: dt.date, files: int) -> Report:
    """The report of the bundles read, on ``today``."""
    groups: dict[tuple[Any, Any], Group] = {}
    mentors = []
    for one in loaded:
        data = one.data
        mentor = data.mentor
        mentors.append(
            {
                "mentor": mentor,
                "as_of": data.as_of.isoformat(),
                "mentees": len(data.mentees),
                "file": str(one.path),
            }
        )
        for mentee in data.mentees:
            key = (mentee.program, mentee.module)
            group = groups.get(key)
            if group is None:
                group = groups[key] = Group(*key)
            _pair(group, mentor, mentee, today)
    order = sorted(groups.values(), key=lambda g: (g.program or "\uffff", _module_key(g.module)))
    for g in order:
        _every_week(g)
        g.stalled.sort(key=lambda s: (-s.days, s.mentor, s.mentee))
    mentors.sort(key=lambda m: (m["mentor"], m["file"]))
    return Report(today, len(loaded), files, order, mentors)


MAX_WEEKS = 60  # a longer span is shown by the weeks that have something in them only


def _every_week(group: Group) -> None:
    """The weeks between the first and the last, those with nothing in them too (a gap
    in the chart is a gap in the program)."""
    if not group.weeks:
        return
    first, last = min(group.weeks), max(group.weeks)
    if (last - first).days // 7 > MAX_WEEKS:
        return
    day = first
    while day < last:
        day += dt.timedelta(days=7)
        group.week(day)


def _module_key(module: str | None) -> tuple[int, str]:
    if module is None:
        return (1 << 30, "")
    if module.isascii() and module.isdigit():
        return (int(module), "")
    return (1 << 29, module)
