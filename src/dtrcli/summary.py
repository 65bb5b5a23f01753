"""The module's conversations side by side, topic by topic (``dtr summary``)."""

from __future__ import annotations

from dtrcli.conversation.questions import parse_answer
from dtrcli.conversation.record import read
from dtrcli.conversation.schema import Template
from dtrcli.notebook.noteformat import version_of
from dtrcli.notebook.notes import Note


def module_summary(
    notes: list[Note], templates: dict[str, Template]
) -> tuple[list[str], list[tuple[str, dict[str, list[tuple[str, str]]]]]]:
    """Topics across the module's conversations.

    Returns the conversation ids in module order and rows of (topic, {conversation:
    [(question, answer)]}), taking each conversation's latest note. The pairing comes
    from the templates' ``topic`` keys.
    """
    latest: dict[str, Note] = {}
    for note in notes:  # newest first
        latest.setdefault(note.template_id, note)
    order = sorted(latest, key=lambda t: (templates[t].weeks if t in templates else (99,), t))
    rows: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for tid in order:
        template = templates.get(tid)
        if template is None:
            continue
        note = read(latest[tid].path)
        answers, version = note.answers, version_of(note.meta)
        for q in template.questions:
            if not q.topic or q.topic == "followups" or q.private:
                continue
            value = parse_answer(q, answers.get(q.id, ""), version)
            if value is None:
                continue
            text = "; ".join(value) if isinstance(value, list) else str(value)
            if isinstance(value, bool):
                text = "yes" if value else "no"
            rows.setdefault(q.topic, {}).setdefault(tid, []).append((q.prompt, text))
    return order, list(rows.items())
