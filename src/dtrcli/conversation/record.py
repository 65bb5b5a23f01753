"""A conversation on paper: answers written into a note, and read back from notes.

:func:`render_note` writes the whole note of a conversation (front matter,
title, the sections and questions asked, each answer as its question type
writes it). :func:`values` reads a note's answers back as values of its
template's types, and :func:`recaller` finds the earlier answer a question
recalls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dtrcli.conversation.questions import format_answer, parse_answer
from dtrcli.conversation.schema import Question, Template
from dtrcli.conversation.templates import prompts_of
from dtrcli.notebook import noteformat
from dtrcli.notebook.notes import Note, read_note, read_notes


def render_note(
    template: Template,
    answers: dict[str, Any],
    *,
    mentee: str,
    date: dt.date,
    created: dt.datetime | None = None,
    week: int | str | None = None,
) -> str:
    """The full text of a note: front matter and a body that reads well on its own.

    ``week``: the week of the module the conversation was held in, when the
    mentee's start date is known (or, as text, the intermission or a break);
    else the template's weeks are named.
    """
    created = created or dt.datetime.now().astimezone()
    meta = {
        "title": f"{template.title}: {mentee}",
        "mentee": mentee,
        "template": template.id,
        "template_version": template.version,
        "date": date,
        "created": created.replace(microsecond=0).isoformat(),
        "tags": ["dtr", template.id, *template.tags],
        "dtr_format": noteformat.FORMAT_VERSION,
    }
    lines = [noteformat.front_matter(meta), "", f"# {template.title}: {mentee}", ""]
    if isinstance(week, str):
        when = f" ({week})"
    elif week is not None:
        when = f" (week {week} of the module)"
    else:
        when = f" ({template.when_text} of the module)" if template.weeks else ""
    lines += [f"{date:%A} {date.day} {date:%B %Y}{when}.", ""]
    for section in template.sections:
        asked = [q for q in section.questions if q.applies(answers)]
        if not asked:
            continue
        lines += [noteformat.section_heading(section.title), ""]
        for q in asked:
            lines += [noteformat.question_heading(q.prompt, q.id, q.private), ""]
            lines += [format_answer(q, answers.get(q.id)), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def answers_of(note: Note, template: Template | None) -> dict[str, Any]:
    """A note's answers converted to the types of ``template``'s questions."""
    version = noteformat.version_of(note.meta)
    return {
        qid: parse_answer(template.question(qid) if template else None, raw, version)
        for qid, raw in note.answers.items()
    }


def read(path: Path) -> Note:
    """A note with its answers, warning about question headings that lost their marker."""
    return read_note(path, prompts_of=prompts_of)


def recaller(
    template: Template, folder: Path, until: str | None = None
) -> Callable[[Question], str | None]:
    """Find the answer a question's ``recall`` points to in the mentee's notes.

    The latest note of that template, held on or before ``until`` (the day of
    this conversation, YYYY-MM-DD), that answered the question wins.
    """
    found: dict[str, list[Note]] = {}

    def recall(q: Question) -> str | None:
        if not q.recall:
            return None
        tid, _, qid = q.recall.rpartition(".")
        tid = tid or template.id
        if tid not in found:
            found[tid] = [
                read(n.path)
                for n in read_notes(folder)
                if n.template_id == tid and (until is None or n.date <= until)
            ]
        for note in found[tid]:  # newest first
            value = parse_answer(None, note.answers.get(qid, ""), noteformat.version_of(note.meta))
            if value:
                return f"{value} ({note.date} {tid})"
        return None

    return recall
