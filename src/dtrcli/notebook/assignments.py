"""A follow-up's owner and due date: words of its text (the box is not touched here).

Typed:   "Mentor: send the invite by Friday"    (the owner before a colon, "by"/"due" a day)
Written: "Mentor: send the invite (due 2026-11-20)"
         "book a mock interview (owner: Mentee, due 2026-11-27)"  (an owner given when asked)

An owner dtr is told goes at the end, never before the words: the start of an item
is where "Mentor only" keeps it private, and that must not move.
"""

from __future__ import annotations

import datetime as dt
import re

from dtrcli import dates
from dtrcli.patterns import Pattern
from dtrcli.records import deferred

# "Mentor: ..." / "Alice Smith: ...": one to three words before a colon.
_OWNER = Pattern(r"^(?P<owner>[^\W\d_][\w'’.-]*(?: [\w'’.-]+){0,2}):\s+(?P<rest>\S.*)$")
# "(owner: Mentee, due 2026-11-27)", "(due Friday)", "(owner: Sam)" at the end.
_NOTE = Pattern(
    r"\s*\((?:owner:\s*(?P<owner>[^,;()]*?)\s*)?(?:[,;]\s*)?(?:due:?\s+(?P<due>[^()]*?)\s*)?\)\s*$",
    re.I,
)
# "... by Friday", "... due next week": the words after the last "by" or "due".
_SAID_DUE = Pattern(r"\s+(?:by|due)\s+(?=\S)", re.I)


def private_start(text: str) -> bool:
    """Whether an item starts with the words "Mentor only" (so its owner is the mentor)."""
    # The letters one at a time, to the first that differs: most items' first letter does.
    wanted = "mentoronly"
    seen = 0
    for ch in text[:40].casefold():
        if ch.isalpha():
            if ch != wanted[seen]:
                return False
            seen += 1
            if seen == len(wanted):
                return True
    return False


@deferred(frozen=True)
class Assignment:
    """An item's words, its owner and when it is due, as written in its text."""

    words: str  # the item without the due date said at its end and without its note
    owner: str | None  # "Mentor: ..." at the start, or "(owner: ...)" at the end
    noted_owner: str | None  # the owner written in the note at the end (written there again)
    due: str | None  # the day as written: "2026-11-20", "Friday"
    noted_due: bool  # written in the note at the end, "(due ...)": it must be a day

    def due_day(self, said: dt.date) -> dt.date | None:
        """The day it is due, counted from ``said`` (the day of its note); raises
        ``ValueError`` with the reason when the due date cannot be read."""
        if self.due is None:
            return None
        day = dates.parse_when(self.due, said)
        if day is None:
            raise ValueError(
                f"{self.due!r} is not a day dtr can read (e.g. Friday, Nov 20 or 2026-11-20)"
            )
        return day


def _is_day(words: str, said: dt.date) -> bool:
    """Whether words after "by" mean a day ("Friday", "Feb 30": yes; "Knuth": no)."""
    try:
        return dates.parse_when(words, said) is not None
    except ValueError:
        return True


def assignment(text: str, said: dt.date) -> Assignment:
    """Read an item's owner and due date from its text (``said``: the day of its note).

    An item ending "by Knuth" has no due date; one ending "(due someday)" has one that
    cannot be read (:meth:`Assignment.due_day` says so).
    """
    words, noted_owner, due, noted = text.strip(), None, None, False
    note = _NOTE.search(words)
    if note and (note["owner"] is not None or note["due"] is not None) and note.start() > 0:
        noted_owner = (note["owner"] or "").strip() or None
        due = (note["due"] or "").strip() or None
        noted = due is not None
        words = words[: note.start()].rstrip()
    if due is None:
        for said_at in reversed(list(_SAID_DUE.finditer(words))):
            tail = words[said_at.end() :].strip()
            if _is_day(tail, said):
                due, words = tail, words[: said_at.start()].rstrip()
                break
    owner = noted_owner
    if owner is None:
        if private_start(words):
            owner = "Mentor"
        else:
            m = _OWNER.match(words)
            owner = m["owner"] if m else None
    return Assignment(words, owner, noted_owner, due, noted)


def settled(text: str, said: dt.date) -> str:
    """The item as a note keeps it: a due date said in words ("by Friday") written as
    the day it names, in the note at the end ("(due 2026-11-20)"); else as it is.
    Raises ``ValueError`` with the reason when its due date cannot be read."""
    a = assignment(text, said)
    day = a.due_day(said)
    if day is None or (a.noted_due and a.due == day.isoformat()):
        return text.strip()
    return assigned(a.words, a.noted_owner, day.isoformat())


def assigned(words: str, owner: str | None, due: str | None) -> str:
    """An item's text with the owner dtr was told and its due date in a note at the end."""
    parts = ([f"owner: {owner}"] if owner else []) + ([f"due {due}"] if due else [])
    return f"{words} ({', '.join(parts)})" if parts else words
