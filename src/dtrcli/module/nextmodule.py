"""The module's outcome, and moving a mentee on to the next module.

The exit records where the module leaves the mentee (its ``outcome`` question,
private: an answer starting "Advancing" or "Repeating"). ``dtr mentee next NAME
--start DATE`` moves the profile to the next module, or the same one again when
repeating, and keeps what the module ended with under ``previous``: program,
module, start, outcome and the focus topic (the latest answer of a ``focus``
question). Open follow-ups stay open in their notes, so the next conversation
offers them as always. The next kick-off shows what was carried, and for a
repeating mentee the struggles named last time (the ``struggles`` answers of
that module's later conversations).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dtrcli import notices
from dtrcli.conversation.questions import parse_answer
from dtrcli.conversation.record import read
from dtrcli.conversation.schema import Template
from dtrcli.errors import DtrError
from dtrcli.module import followups, profiles, schedule
from dtrcli.notebook.notes import Note, read_notes
from dtrcli.records import record
from dtrcli.shell import quote

ADVANCING = "advancing"
REPEATING = "repeating"
OPTIONS = {ADVANCING: "--advance", REPEATING: "--repeat"}


def outcome_of(answer: Any) -> str | None:
    """ADVANCING, REPEATING or None (not decided, or not said)."""
    words = str(answer or "").strip().casefold()
    if words.startswith(("advanc", "moving on", "next module")):
        return ADVANCING
    if words.startswith(("repeat", "another run", "again")):
        return REPEATING
    return None


@record
class Move:
    """What ``dtr mentee next`` does: the profile as it becomes, and what it carries."""

    profile: profiles.Profile
    outcome: str
    exit_date: str | None  # the exit note that recorded the outcome
    focus: str | None
    open_items: list[followups.Followup]


def _module_notes(folder: Path, start: dt.date | None, until: dt.date) -> list[Note]:
    """The notes of the module that started on ``start`` (all before ``until`` if unknown),
    newest first."""
    since = (start - dt.timedelta(days=schedule.EARLY_DAYS)).isoformat() if start else ""
    return [n for n in read_notes(folder) if since <= n.date < until.isoformat()]


def _asks(template: Template | None, topic: str) -> bool:
    """Whether a template has a question of ``topic`` (or with that id)."""
    return template is not None and any(
        q.topic == topic or q.id == topic for q in template.questions
    )


def _answers(
    notes: list[Note], templates: dict[str, Template], topic: str
) -> list[tuple[str, str]]:
    """(answer, 'DATE TEMPLATE') of every question of ``topic`` in ``notes``, newest first."""
    found = []
    for note in notes:
        template = templates.get(note.template_id)
        if template is None:
            continue
        asked = [q for q in template.questions if q.topic == topic or q.id == topic]
        if not asked:
            continue
        answers = read(note.path).answers
        for q in asked:
            value = parse_answer(q, answers.get(q.id, ""))
            if value not in (None, "", []):
                text = "; ".join(value) if isinstance(value, list) else str(value)
                found.append((text, f"{note.date} {note.template_id}"))
    return found


MODULE_LENGTH = 100  # characters of a module's name given with --module


def _next_module(module: str, outcome: str, given: str | None, name: str) -> str:
    if given is not None:
        given = profiles.plain_field("module", given.strip())
        if not given or len(given) > MODULE_LENGTH or any(sep in given for sep in "/\\"):
            shown = given if len(given) <= MODULE_LENGTH else given[:20] + "..."
            raise DtrError(
                f"--module {shown!r} is not a module's name; give the module moved to, "
                "e.g. --module 3."
            )
        return given
    if outcome == REPEATING:
        return module
    if not module.strip().isdigit():
        raise DtrError(
            f"{name}'s module {module!r} is not a number, so dtr cannot count the next one; "
            "give it with --module."
        )
    return str(int(module) + 1)


def plan(
    profile: profiles.Profile,
    templates: dict[str, Template],
    start: dt.date,
    *,
    outcome: str | None = None,
    module: str | None = None,
) -> Move:
    """The move to the module starting on ``start``; ``outcome`` (ADVANCING or REPEATING)
    overrides the exit's, ``module`` the module counted from it. Nothing is written."""
    slug = quote(profile.folder.name)
    name = profile.name or profile.folder.name
    if not profile.exists:
        raise DtrError(
            f"{name} has no profile to move on; add one with: dtr mentee add {slug} "
            "--program BE --module 2 --start YYYY-MM-DD"
        )
    if profile.module is None and module is None:
        raise DtrError(
            f"{name}'s profile names no module to move on from; give it with: "
            f"dtr mentee edit {slug} --module 2"
        )
    if profile.start is not None and start <= profile.start:
        raise DtrError(
            f"--start {start} is not after the start of {name}'s module ({profile.start}); "
            "give the first day of the next module."
        )
    notes = _module_notes(profile.folder, profile.start, start)
    said = [(outcome_of(text), held) for text, held in _answers(notes, templates, "outcome")]
    recorded = next(((o, held) for o, held in said if o is not None), None)
    chosen = outcome or (recorded[0] if recorded else None)
    if chosen is None:
        exits = [n for n in notes if _asks(templates.get(n.template_id), "outcome")]
        where = (
            f"The exit of {exits[0].date} records no outcome"
            if exits
            else f"No exit with {name} is noted for this module"
        )
        raise DtrError(
            f"{where}; say which with: dtr mentee next {slug} --start {start} --advance "
            "(or --repeat)."
        )
    if outcome and recorded and recorded[0] != outcome:
        option = OPTIONS[outcome]
        notices.info(f"The exit of {recorded[1].split()[0]} said {recorded[0]}; going by {option}.")
    focus = next(iter(_answers(notes, templates, "focus")), None)
    previous = {
        "program": profile.program,
        "module": profile.module,
        "start": profile.start.isoformat() if profile.start else None,
        "outcome": chosen,
        "focus": focus[0] if focus else None,
    }
    profile.previous = {k: v for k, v in previous.items() if v is not None}
    profile.module = _next_module(profile.module or "", chosen, module, name)
    profile.start = start
    open_items = [
        f
        for f in followups.mentee_followups(profile.folder, templates)
        if f.state == followups.OPEN
    ]
    exit_date = recorded[1].split()[0] if recorded and not outcome else None
    return Move(profile, chosen, exit_date, focus[0] if focus else None, open_items)


def carried(
    profile: profiles.Profile, templates: dict[str, Template], day: dt.date
) -> tuple[str, list[str]] | None:
    """What a conversation on ``day`` at the start of the new module (the kick-off) shows
    from the module before, as (title, lines); None when there is nothing to show."""
    previous = profile.previous
    if not previous or profile.start is None:
        return None
    if day < profile.start - dt.timedelta(days=schedule.EARLY_DAYS):
        return None  # held before the new module: nothing was carried yet
    what = " ".join(x for x in (previous.get("program"), previous.get("module")) if x)
    title = f"From the last module ({what})" if what else "From the last module"
    repeating = previous.get("outcome") == REPEATING
    lines = ["Taking this module again (the exit's outcome, private)."] if repeating else []
    if previous.get("focus"):
        lines.append(f"Focus carried: {previous['focus']}")
    if repeating:
        try:
            last_start: dt.date | None = dt.date.fromisoformat(previous.get("start", ""))
        except ValueError:
            last_start = None
        ended = profile.start - dt.timedelta(days=schedule.EARLY_DAYS)
        later = [  # the module's later conversations (mid-module, exit), not its kick-off
            n
            for n in _module_notes(profile.folder, last_start, ended)
            if (t := templates.get(n.template_id)) is not None and t.weeks and 1 not in t.weeks
        ]
        struggles = _answers(later, templates, "struggles")
        if struggles:
            lines.append("Struggles named last time:")
            lines += [f"  {text} ({held})" for text, held in struggles]
    return (title, lines) if lines else None
