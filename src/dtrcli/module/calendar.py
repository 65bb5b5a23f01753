"""The module's calendar: six teaching weeks, the breaks between them, the intermission.

A module starts on its start day and runs in blocks of seven days from it. A
block is a **break week** when a break covers most of its working days (three
of its five weekdays), or when a preset says a break follows a week ("after
week 3, one week"). Break weeks have no number: the teaching weeks go on after
them, so week 4 is the fourth week of teaching however many breaks came
first. Week 7 is the **intermission**, the week after the last teaching week;
the weeks after it go on counting (8, 9 ...), for a template of a later week.

A conversation's window is the first to the last day of its weeks; one that
reaches week 6 runs on through the intermission (an exit held after the
portfolio review, in the week off, is on time). The mid-module conversation
follows the program's mid-module assessment when there is one (see
:func:`dtrcli.module.schedule.window_for`).

Key dates carry a kind worked out from their label (:func:`kind_of`), so a
preset's date gives way to the program's or the mentee's own of the same kind
in the same week, and the mid-module assessment can be found.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

from dtrcli.patterns import Pattern
from dtrcli.records import deferred, field, record

_M = TypeVar("_M", bound=Callable[..., Any])

TEACHING_WEEKS = 6
INTERMISSION = TEACHING_WEEKS + 1
# A break longer than this is not a break within a module.
MAX_BREAK_WEEKS = 8
# A break covering this many of a block's five weekdays makes it a break week.
BREAK_WEEKDAYS = 3
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

OWN = "own"
PROGRAM = "program"
PRESET = "preset"

# Kinds of key dates, from their labels (first match wins).
MIDMOD = "mid-module assessment"
FINAL = "final assessment"
PORTFOLIO = "portfolio review"
ASSESSMENT = "assessment"
PROJECT = "project due"
REVIEW = "review"
BREAK = "break"
OTHER = "other"
_KINDS: tuple[tuple[str, Pattern], ...] = (
    (BREAK, Pattern(r"\b(break|holiday|vacation|no (class|school)|day off|closed)\b", re.I)),
    (MIDMOD, Pattern(r"\bmid[- ]?mod(ule)?s?\b", re.I)),
    (PORTFOLIO, Pattern(r"\bportfolios?\b", re.I)),
    (FINAL, Pattern(r"\bfinal\b.*\b(assessments?|ic|challenge|exam)\b", re.I)),
    (ASSESSMENT, Pattern(r"\b(assessments?|exam|ic|independent challenge|quiz)\b", re.I)),
    (PROJECT, Pattern(r"\b(projects?|due|code freeze|mvp|submission)\b", re.I)),
    (REVIEW, Pattern(r"\b(reviews?|evals?|evaluations?|presentations?|demo)\b", re.I)),
)


@functools.lru_cache(maxsize=1024)
def kind_of(label: str) -> str:
    """The kind of a key date, from its label: 'Mid-mod assessment' -> mid-module assessment
    (labels repeat across mentees: each is read once)."""
    for kind, pattern in _KINDS:
        if pattern.search(label):
            return kind
    return OTHER


@record(frozen=True)
class Break:
    """Days off: ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date
    label: str
    source: str = OWN  # own, program or preset

    def text(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"

    def overlaps(self, other: Break) -> bool:
        return self.first <= other.last and other.first <= self.last


@record(frozen=True)
class AfterWeek:
    """A preset's break: ``weeks`` break weeks after teaching week ``week``."""

    week: int
    weeks: int
    label: str


@deferred(frozen=True)
class Block:
    """Seven days of the module: a numbered week (1-6 teaching, 7 the intermission) or a
    break week (``week`` None, ``label`` the break's)."""

    first: dt.date
    week: int | None
    label: str | None = None

    @property
    def last(self) -> dt.date:
        return self.first + dt.timedelta(days=6)


def check_break(first: dt.date, last: dt.date, where: str) -> None:
    """A break that cannot be: it ends before it starts, or lasts longer than a module."""
    if last < first:
        raise ValueError(f"{where}: the break ends ({last}) before it starts ({first})")
    if (last - first).days + 1 > 7 * MAX_BREAK_WEEKS:
        raise ValueError(
            f"{where}: a break from {first} to {last} is longer than {MAX_BREAK_WEEKS} weeks"
        )


def whole_weeks(first: dt.date, last: dt.date) -> bool:
    """Whether a break covers most of the working days of some week (else it is a day or
    two off, kept as a key date)."""
    day = first
    while day <= last:
        block = [day + dt.timedelta(days=i) for i in range(7)]
        if sum(1 for d in block if d.weekday() < 5 and first <= d <= last) >= BREAK_WEEKDAYS:
            return True
        day += dt.timedelta(days=1)
    return False


def _remembered(method: _M) -> _M:
    """A method of a calendar whose answer is kept (each argument a date or a number)."""
    name = method.__name__

    @functools.wraps(method)
    def remembered(self: ModuleCalendar, *args: object) -> object:
        key = (name, *args)
        known = self._known
        if key in known:
            return known[key]
        found = known[key] = method(self, *args)
        return found

    return remembered  # type: ignore[return-value]


@record
class ModuleCalendar:
    """The weeks of one module from its start day and its breaks."""

    start: dt.date
    breaks: tuple[Break, ...] = ()
    after: tuple[AfterWeek, ...] = ()
    blocks: list[Block] = field(init=False)
    # What was worked out of it (the weeks, windows and days asked for): a calendar is
    # shared by every mentee of the same start and breaks, and a listing asks each
    # the same questions.
    _known: dict[tuple[object, ...], object] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.blocks = self._build()

    def _covered(self, first: dt.date) -> str | None:
        """The label of the break that covers most working days of the block at ``first``."""
        for b in self.breaks:
            days = [first + dt.timedelta(days=i) for i in range(7)]
            if sum(1 for d in days if d.weekday() < 5 and b.first <= d <= b.last) >= BREAK_WEEKDAYS:
                return b.label
        return None

    def _build(self) -> list[Block]:
        blocks: list[Block] = []
        week = 0
        pending: list[str] = []  # labels of the break weeks a preset puts after this week
        limit = INTERMISSION + MAX_BREAK_WEEKS * (len(self.breaks) + len(self.after) + 1)
        while week < INTERMISSION and len(blocks) < limit:
            first = self.start + dt.timedelta(days=7 * len(blocks))
            label = pending.pop(0) if pending else self._covered(first)
            if label is not None and week < INTERMISSION:
                blocks.append(Block(first, None, label))
                continue
            week += 1
            blocks.append(Block(first, week))
            for a in self.after:
                if a.week == week and week < TEACHING_WEEKS:
                    pending += [a.label] * a.weeks
        return blocks

    # --- the weeks -------------------------------------------------------------------

    @_remembered
    def _numbered(self, week: int) -> Block:
        """The block of week ``week`` (1-7 from the calendar, later ones counted on)."""
        for b in self.blocks:
            if b.week == week:
                return b
        last = self.blocks[-1]
        return Block(last.first + dt.timedelta(days=7 * (week - INTERMISSION)), week)

    def block_of(self, day: dt.date) -> Block | None:
        """The block ``day`` falls in, none before the start or after the intermission."""
        index = (day - self.start).days // 7
        return self.blocks[index] if 0 <= index < len(self.blocks) else None

    @property
    def teaching_end(self) -> dt.date:
        """The last day of week 6: the end of the module's teaching."""
        return self._numbered(TEACHING_WEEKS).last

    @property
    def end(self) -> dt.date:
        """The last day of the intermission."""
        return self._numbered(INTERMISSION).last

    @_remembered
    def week_number(self, day: dt.date) -> int:
        """The week ``day`` falls in: 1-6 teaching, 7 the intermission, 8 on after it; 0 or
        less before the start. A break week counts as the week before it."""
        if day < self.start:
            return (day - self.start).days // 7 + 1
        block = self.block_of(day)
        if block is None:
            return INTERMISSION + (day - self.end - dt.timedelta(days=1)).days // 7 + 1
        index = self.blocks.index(block)
        return next((b.week for b in reversed(self.blocks[: index + 1]) if b.week), 0)

    def teaching_week(self, day: dt.date) -> int | None:
        """The teaching week (1-6) of ``day``, none in a break, the intermission or outside."""
        block = self.block_of(day)
        if block is None or block.week is None or block.week > TEACHING_WEEKS:
            return None
        return block.week

    @_remembered
    def window(self, weeks: tuple[int, ...]) -> tuple[dt.date, dt.date]:
        """First and last day of the weeks a conversation belongs to; a window that
        reaches the last teaching week runs on through the intermission."""
        first = self._numbered(min(weeks)).first
        last_week = max(weeks)
        last = self.end if last_week == TEACHING_WEEKS else self._numbered(last_week).last
        return first, last

    @_remembered
    def last_of_next_week(self, day: dt.date) -> dt.date:
        """The last day of the numbered week after the one ``day`` falls in."""
        return self._numbered(max(self.week_number(day), 0) + 1).last

    @_remembered
    def day_in(self, week: int, weekday: int | None) -> dt.date:
        """The day of week ``week`` that is a ``weekday`` (0 Monday), or its first day."""
        first = self._numbered(week).first
        if weekday is None:
            return first
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7)

    def break_weeks(self) -> list[Block]:
        """The runs of break weeks in the module, each as one block of its first week."""
        runs: list[Block] = []
        for i, b in enumerate(self.blocks):
            if b.week is None and (i == 0 or self.blocks[i - 1].week is not None):
                runs.append(b)
        return runs

    def break_span(self, run: Block) -> tuple[dt.date, dt.date]:
        """First and last day of the run of break weeks that starts with ``run``."""
        index = self.blocks.index(run)
        last = run
        for b in self.blocks[index:]:
            if b.week is not None:
                break
            last = b
        return run.first, last.last

    @_remembered
    def describe(self, today: dt.date) -> str:
        """'week 3 of 6', 'starts in 4 days', 'break (Winter break), week 4 from 2027-01-04',
        'intermission, to 2027-01-17', 'ended 2027-01-10'."""
        if today < self.start:
            days = (self.start - today).days
            return f"starts in {days} day{'' if days == 1 else 's'}"
        block = self.block_of(today)
        if block is None:
            return f"ended {self.teaching_end.isoformat()}"
        if block.week is None:
            index = self.blocks.index(block)
            nxt = next(b for b in self.blocks[index:] if b.week is not None)
            then = (
                f"week {nxt.week} from {nxt.first.isoformat()}"
                if (nxt.week or 0) <= TEACHING_WEEKS
                else f"intermission from {nxt.first.isoformat()}"
            )
            return f"break ({block.label}), {then}"
        if block.week == INTERMISSION:
            return f"intermission, to {block.last.isoformat()}"
        return f"week {block.week} of {TEACHING_WEEKS}"

    @_remembered
    def phase(self, today: dt.date) -> str:
        """before, teaching, break, intermission or ended."""
        if today < self.start:
            return "before"
        block = self.block_of(today)
        if block is None:
            return "ended"
        if block.week is None:
            return "break"
        return "intermission" if block.week == INTERMISSION else "teaching"


@record(frozen=True)
class KeyDate:
    date: dt.date
    label: str
    shared: bool = False  # not the mentee's own: the program's or its preset's
    preset: str | None = None  # the preset it comes from, e.g. "BE module 2"

    @property
    def source(self) -> str:
        """own, program or preset."""
        return PRESET if self.preset else PROGRAM if self.shared else OWN
