"""Who does a follow-up, and by when: checked as it is typed, asked when its words do not say.

A follow-up's words may say both ("Mentor: send the invite by Friday"); for one
that does not, the interview asks once ("who, and by when?") and writes the
answer in a note at the item's end ("(owner: Mentee, due Friday)"), never before
its words, where "Mentor only" keeps an item private. The day is said as people
say it and becomes a date when the note is written, counted from its date
(:func:`dtrcli.notebook.assignments.settled`).
"""

from __future__ import annotations

import re

from dtrcli import dates
from dtrcli.conversation.interview import Prompter, TextPrompt
from dtrcli.notebook import assignments
from dtrcli.patterns import Pattern


def due_problem(text: str) -> str | None:
    """Why an item's due date cannot be read, or None (none given, or it can be)."""
    try:
        assignments.assignment(text, dates.today()).due_day(dates.today())
    except ValueError as exc:
        return str(exc)
    return None


def check_item(text: str) -> bool | str:
    problem = due_problem(text) if text.strip() else None
    return True if problem is None else f"The due date cannot be read: {problem}."


_WHO_THEN_WHEN = Pattern(r"^(?P<who>.+?)(?:\s*[,;]\s*|\s+(?=(?:by|due)\s))(?P<when>.+)$", re.I)


def _who_and_when(text: str, ask_owner: bool, ask_due: bool) -> tuple[str | None, str | None]:
    """An answer to "who, and by when?" ('Mentee, Friday', 'Sam by Nov 20', 'Friday',
    'Mentee') as (owner, the day as said); raises ``ValueError`` with what is wrong."""
    text = " ".join(text.split()).strip(" ,;")
    if not text:
        return None, None

    def day(words: str) -> str:
        """The words if they name a day (without a leading 'by'), else ValueError."""
        words = re.sub(r"^(?:by|due)\s+", "", words.strip(" ,;"), flags=re.I)
        if dates.parse_when(words, dates.today()) is None:
            raise ValueError(f"{words!r} is not a day dtr can read (e.g. Friday or 2026-11-20)")
        return words

    if not ask_owner:
        return None, day(text)
    who, when = text, None
    if ask_due:
        try:
            return None, day(text)
        except ValueError:
            pass
        m = _WHO_THEN_WHEN.match(text)
        if m:
            who, when = m["who"], day(m["when"])
    if any(ch in who for ch in "()[]:") or len(who) > 40:
        after = ", and a day after a comma" if ask_due else ""
        raise ValueError(f"give a name, e.g. Mentee{after}")
    return who, when


def assign(ui: Prompter, item: str) -> str:
    """Ask who does a follow-up and by when, where its words do not say; the item with
    the answer in a note at its end."""
    a = assignments.assignment(item, dates.today())
    ask_owner, ask_due = a.owner is None, a.due is None
    if not (ask_owner or ask_due):
        return item
    message = "who, and by when?" if ask_owner and ask_due else "who?" if ask_owner else "by when?"
    example = "'Mentee, Friday'" if ask_owner and ask_due else "Mentee" if ask_owner else "Friday"

    def check(text: str) -> bool | str:
        try:
            _who_and_when(text, ask_owner, ask_due)
        except ValueError as exc:
            reason = str(exc)
            return f"{reason[0].upper()}{reason[1:]}."
        return True

    answer = ui.text(
        TextPrompt(
            message, qmark="   ", instruction=f"(e.g. {example}; Enter to leave it)", validate=check
        )
    )
    owner, when = _who_and_when(answer, ask_owner, ask_due)
    if owner is None and when is None:
        return item
    return assignments.assigned(a.words, owner or a.noted_owner, when or a.due)
