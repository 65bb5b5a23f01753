"""Follow-ups' owners and due dates: read from each item's words, due and overdue.

An item says who does it and by when in its own words ("Mentor: send the
invite by Friday"); the note keeps the day it names, "(due 2026-11-20)"
(:func:`dtrcli.notebook.assignments.settled`, when the note is written). A day said
in words in a note edited by hand counts from the note's date. A due date that
cannot be read stops the command that needs it, naming the file and line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dtrcli import dates, notices
from dtrcli.conversation.schema import Template
from dtrcli.errors import DtrError
from dtrcli.module import followups
from dtrcli.module.followups import Followup
from dtrcli.notebook import assignments, noteformat
from dtrcli.notebook.noteformat import split_front_matter
from dtrcli.records import deferred


@deferred(frozen=True)
class Dated:
    """A follow-up with its owner and the day it is due (None: not said)."""

    item: Followup
    words: str  # its text without the due date and the note at its end
    owner: str | None
    due: dt.date | None


def line_of(item: Followup) -> int:
    """The line of the note the follow-up is on (1 is the first), 0 if it is not found."""
    try:
        text = noteformat.read_text(item.path)
    except DtrError:
        return 0
    try:
        version = noteformat.version_of(split_front_matter(text, item.path)[0])
    except DtrError:
        return 0
    tasks = followups._task_lines(text, item.question, version)
    words = [followups._words(task, version) for _, task in tasks]
    if item.index < len(tasks) and words[item.index] == item.text:
        return tasks[item.index][0] + 1
    same = [tasks[i][0] for i, w in enumerate(words) if w == item.text]
    return same[0] + 1 if same else 0


def dated(item: Followup) -> Dated:
    """The follow-up's owner and due date; one sentence naming the file and line when its
    due date cannot be read."""
    try:
        said = dt.date.fromisoformat(item.date)
    except ValueError:
        said = None
    a = assignments.assignment(item.text, said or dates.today())
    try:
        if a.due is not None and said is None:
            raise ValueError(f"the note's date {item.date!r} is not a day to count it from")
        due = a.due_day(said) if said else None
    except ValueError as exc:
        line = line_of(item)
        where = f"{item.path}:{line}" if line else str(item.path)
        raise DtrError(
            f"{where}: the due date of '{a.words}' cannot be read: {exc}; "
            "write it as (due YYYY-MM-DD)."
        ) from None
    return Dated(item, a.words, a.owner, due)


def all_dated(found: list[Followup]) -> list[Dated]:
    return [dated(f) for f in found]


def soonest_first(found: list[Dated]) -> list[Dated]:
    """Those with a due date, the most overdue first (then by mentee and note)."""
    return sorted(
        (d for d in found if d.due is not None),
        key=lambda d: (d.due, d.item.mentee, d.item.date, d.item.path.name, d.item.index),
    )


def when_text(due: dt.date, today: dt.date) -> str:
    """'overdue by 3 days', 'due today', 'due tomorrow', 'due in 5 days'."""
    days = (due - today).days
    if days < 0:
        return f"overdue by {-days} day{'' if days == -1 else 's'}"
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due in {days} days"


def settle(text: str, said: str | dt.date) -> str:
    """A follow-up as the note keeps it: a due date said in words ("by Friday") becomes
    the day it names, counted from ``said`` (the day of its note). One that cannot be
    read (an earlier note edited by hand) is kept as it is, and warned about."""
    try:
        day = said if isinstance(said, dt.date) else dt.date.fromisoformat(said)
        return assignments.settled(text, day)
    except ValueError as exc:
        notices.warn(f"The due date of the follow-up '{text}' cannot be read ({exc}); kept as is.")
        return text


def settled_answers(template: Template, answers: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """A conversation's answers with its follow-ups' due dates as the days they name."""
    return {
        qid: [settle(i, day) for i in value]
        if (q := template.question(qid)) is not None and q.holds_followups and value
        else value
        for qid, value in answers.items()
    }
