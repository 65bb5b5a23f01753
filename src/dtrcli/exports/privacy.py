"""What may be shared: the rules every format for others follows.

A question is private when its marker says so, when its template says so
(even if the marker lost the word) or when its heading ends "(private)".
Any line, list item or paragraph marked "Mentor only:", however it is
written (bullet, number, task box, bold), is left out with what is indented
under it. ``share``, ``export --no-private`` and every other copy meant for
someone else go through :func:`shared_sections` and :func:`without_mentor_only`.
"""

from __future__ import annotations

import re
from typing import Any

from dtrcli.conversation.questions import parse_answer
from dtrcli.conversation.templates import template_of
from dtrcli.errors import NoteError
from dtrcli.notebook import items
from dtrcli.notebook.noteformat import marker, warn_lost_markers
from dtrcli.notebook.notes import FullNote

# Follow-up items the mentor keeps for themself (left out of what is shared).
_MENTOR_ONLY = re.compile(r"^\s*mentor[\s_-]*only[\s*_~]*[:\-\u2013\u2014]", re.I)


def mentor_only(line: str) -> bool:
    """Whether a line (or list item) is marked "Mentor only:", however it is written."""
    line = line.replace("\\", "")  # "*Mentor only*:" as typed is written \*Mentor only\*:
    lead = items.LEAD.match(line)
    return bool(_MENTOR_ONLY.match(line[lead.end() if lead else 0 :]))


def shared_lines(raw: str) -> list[str]:
    """The lines of an answer without "Mentor only:" items or paragraphs, however they
    are written (bullet, number, task, bold): the whole paragraph up to a blank line or
    the next list item, and whatever is indented under it."""
    lines: list[str] = []
    hidden_under: int | None = None  # indent of the mentor-only line being left out
    ended = False  # a blank line closed its paragraph
    for line in raw.split("\n"):
        indent = len(line) - len(line.lstrip())
        if hidden_under is not None:
            if not line.strip():
                ended = True
                lines.append(line)
                continue
            if indent > hidden_under or not (ended or items.ITEM_START.match(line)):
                continue  # under the hidden item, or the same paragraph going on
            hidden_under = None
        if mentor_only(line):
            hidden_under, ended = indent, False
            continue
        lines.append(line)
    return lines


def shared_sections(full: FullNote) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(question, answer markdown)]) without private or unanswered parts.

    A private question whose marker was removed would be shared as part of the answer
    above it, so such a note is refused until the marker is back.
    """
    for item in full.lost:
        if item.private and item.into:
            raise NoteError(
                f"{full.path.name}: line {item.line}: the private question '{item.heading}' has "
                f"lost its marker, so its answer would be shared; put "
                f"'{marker(item.qid, True)}' back at the end of that line "
                f"(dtr edit {full.path.parent.name} {full.path.name}) and share again."
            )
    warn_lost_markers(full.path, full.lost)
    private = private_questions(full.note.template_id)
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for block in full.blocks:
        if block.kind == "section":
            out.append((block.heading, []))
            continue
        if (
            block.private
            or block.qid in private
            or block.heading.endswith("(private)")
            or parse_answer(None, block.raw) is None
        ):
            continue
        answer = "\n".join(shared_lines(block.raw)).strip("\n")
        if not answer.strip():
            continue
        if not out:
            out.append(("", []))
        out[-1][1].append((block.heading, answer))
    return [(title, items) for title, items in out if items]


def private_questions(template_id: str) -> set[str]:
    """The template's private questions: private even if a marker lost its 'private'."""
    template = template_of(template_id)
    return {q.id for q in template.questions if q.private} if template else set()


def without_mentor_only(value: Any) -> Any:
    """An answer's value without its "Mentor only:" items or paragraphs."""
    if isinstance(value, list):
        return [v for v in value if not (isinstance(v, str) and mentor_only(v))]
    if isinstance(value, str):
        return "\n".join(shared_lines(value))
    return value
