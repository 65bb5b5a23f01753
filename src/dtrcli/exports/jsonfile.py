"""JSON: every note as data (``dtr export``, the default format): a full backup, or with
``--no-private`` what a coordinator may see."""

from __future__ import annotations

import json
from typing import Any

from dtrcli.conversation.record import answers_of
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import prompts_of
from dtrcli.exports.privacy import (
    hidden_questions,
    private_of,
    shared_answers,
    shared_followups,
)
from dtrcli.module import followups
from dtrcli.notebook.noteformat import read_text
from dtrcli.notebook.notes import Note, note_summary, read_full


def export(notes: list[Note], *, private: bool, templates: dict[str, Template]) -> str:
    data = [note_data(n, templates, private=private) for n in notes]
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def note_data(
    note: Note, templates: dict[str, Template], *, private: bool = True
) -> dict[str, Any]:
    """A note as data; without ``private``, private answers and "Mentor only" items
    are left out (what the mentee could see, plus the shared follow-ups' states)."""
    text = read_text(note.path)
    whole = read_full(note.path, text, prompts_of=prompts_of)
    full = whole.note
    template = templates.get(note.template_id)
    data = note_summary(note)
    # Everything else the front matter holds (tags, keys added by hand), for a full backup.
    data["front_matter"] = {
        k: v
        for k, v in full.meta.items()
        if k not in ("mentee", "date", "template", "title", "created")
    }
    hidden = hidden_questions(whole, private_of(template))
    if private:
        data["answers"] = answers_of(full, template)
        data["private"] = sorted(full.private)
    else:
        shared = Note(full.path, full.meta, shared_answers(whole, hidden))
        data["answers"] = answers_of(shared, template)
        data["private"] = sorted(hidden & set(full.answers))
        data["private_left_out"] = True
    # The answers hold the follow-ups' text; their state (done, dropped ...) is kept
    # here too, so an export is a full backup of what the note records.
    found = followups.note_followups(full, text, template)
    data["followups"] = [
        {"question": f.question, "text": f.text, "state": followups.STATES[f.state]}
        for f in (found if private else shared_followups(whole, found, hidden))
    ]
    return data
