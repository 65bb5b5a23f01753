"""The module's conversations side by side, topic by topic (``dtr summary``).

Meant for notes to the school, so what is private is left out unless asked
for: private questions, "Mentor only" items and paragraphs, and the
follow-ups the mentor keeps for themself (the rules of
:mod:`dtrcli.exports.privacy`).
"""

from __future__ import annotations

from pathlib import Path

from dtrcli.conversation.questions import describe, parse_answer
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import prompts_of
from dtrcli.exports.privacy import hidden_questions, private_of, shared_answers, shared_followups
from dtrcli.module.followups import Followup, note_followups
from dtrcli.notebook.noteformat import read_text, version_of
from dtrcli.notebook.notes import Note, read_full, read_notes


def _has_topics(template: Template) -> bool:
    return any(q.topic and q.topic != "followups" for q in template.questions)


def module_summary(
    notes: list[Note], templates: dict[str, Template], *, private: bool = False
) -> tuple[list[str], list[tuple[str, dict[str, list[tuple[str, str]]]]]]:
    """Topics across the module's conversations.

    Returns the conversation ids in module order and rows of (topic, {conversation:
    [(question, answer)]}), taking each conversation's latest note. The pairing comes
    from the templates' ``topic`` keys. Without ``private``, private questions and
    "Mentor only" parts are left out.
    """
    latest: dict[str, Note] = {}
    for note in notes:  # newest first
        latest.setdefault(note.template_id, note)
    # A note whose template sets nothing side by side (a quick note) has no column.
    latest = {t: n for t, n in latest.items() if t not in templates or _has_topics(templates[t])}
    order = sorted(latest, key=lambda t: (templates[t].weeks if t in templates else (99,), t))
    rows: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for tid in order:
        template = templates.get(tid)
        if template is None:
            continue
        full = read_full(latest[tid].path, prompts_of=prompts_of)
        hidden = set() if private else hidden_questions(full, private_of(template))
        answers = full.note.answers if private else shared_answers(full, hidden)
        version = version_of(full.note.meta)
        for q in template.questions:
            if not q.topic or q.topic == "followups" or q.id in hidden:
                continue
            if q.private and not private:
                continue
            value = parse_answer(q, answers.get(q.id, ""), version)
            if value is None:
                continue
            text = describe(q, value) if isinstance(value, int) else str(value)
            if isinstance(value, list):
                text = "; ".join(value)
            elif isinstance(value, bool):
                text = "yes" if value else "no"
            rows.setdefault(q.topic, {}).setdefault(tid, []).append((q.prompt, text))
    return order, list(rows.items())


def module_followups(
    folder: Path, templates: dict[str, Template], *, private: bool = False
) -> list[Followup]:
    """Every follow-up in a mentee's notes, oldest note first; without ``private``, only
    those that may be shared (no "Mentor only" item, none of a private question)."""
    found: list[Followup] = []
    for meta in reversed(read_notes(folder)):
        text = read_text(meta.path)
        full = read_full(meta.path, text, prompts_of=prompts_of)
        template = templates.get(full.note.template_id)
        items = note_followups(full.note, text, template)
        if not private:
            items = shared_followups(full, items, hidden_questions(full, private_of(template)))
        found.extend(items)
    return found
