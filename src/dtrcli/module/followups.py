"""Follow-ups: the task-list items of a note's follow-up question, across notes.

A follow-up is a line ``- [ ] text`` in the answer of a follow-up question (a
``list`` question whose id or ``topic`` is ``followups``). Its box says where
it stands, in plain Markdown that any editor shows:

    - [ ] open        - [x] done        - [-] dropped        - [>] carried into a later note

When a conversation starts, the open ones of the mentee's earlier notes are
offered; the mentor's decisions are written back into those notes (only the
box changes) when the new note is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dtrcli.conversation.schema import Question, Template
from dtrcli.notebook import files, items
from dtrcli.notebook.noteformat import MARKED_HEADING, MARKER
from dtrcli.notebook.notes import Note

OPEN, DONE, DROPPED, CARRIED = " ", "x", "-", ">"
STATES = {OPEN: "open", DONE: "done", DROPPED: "dropped", CARRIED: "carried"}


def is_followup_question(q: Question) -> bool:
    return q.type == "list" and (q.id == "followups" or q.topic == "followups")


def followup_ids(template: Template | None) -> set[str]:
    ids = {"followups"}
    if template is not None:
        ids |= {q.id for q in template.questions if is_followup_question(q)}
    return ids


@dataclass(frozen=True)
class Followup:
    path: Path
    question: str
    index: int  # position among the task lines of that answer
    text: str
    state: str
    date: str
    template: str
    mentee: str

    @property
    def key(self) -> str:
        return f"{self.path.name}#{self.question}#{self.index}"


def _task_lines(text: str, qid: str) -> list[tuple[int, re.Match[str]]]:
    """(line number, match) of each task line in the answer of question ``qid``."""
    out = []
    inside = False
    for number, line in enumerate(text.split("\n")):
        if MARKED_HEADING.match(line):
            m = MARKER.search(line)
            inside = bool(m and m.group(2) == qid)
            continue
        if inside:
            task = items.TASK.match(line)
            if task:
                out.append((number, task))
    return out


def note_followups(note: Note, text: str, template: Template | None) -> list[Followup]:
    found = []
    for qid in sorted(followup_ids(template) & set(note.answers)):
        for index, (_, m) in enumerate(_task_lines(text, qid)):
            state = m["box"].lower().replace("~", DROPPED)
            found.append(
                Followup(
                    note.path,
                    qid,
                    index,
                    m["text"].strip(),
                    state,
                    note.date,
                    note.template_id,
                    note.mentee or note.path.parent.name,
                )
            )
    return found


def mentee_followups(folder: Path, templates: dict[str, Template]) -> list[Followup]:
    """Every follow-up in a mentee's notes, oldest note first."""
    from dtrcli.conversation.templates import prompts_of
    from dtrcli.notebook.noteformat import read_text
    from dtrcli.notebook.notes import read_full, read_notes

    found: list[Followup] = []
    for meta in reversed(read_notes(folder)):
        text = read_text(meta.path)
        note = read_full(meta.path, text, prompts_of=prompts_of).note
        found.extend(note_followups(note, text, templates.get(note.template_id)))
    return found


def set_states(decisions: dict[Followup, str]) -> list[Followup]:
    """Write the new boxes back into the notes (atomically, one file at a time).

    An item is found at its place, else by its text (the note was edited since it
    was read); the ones no longer there are returned, untouched.
    """
    by_file: dict[Path, list[tuple[Followup, str]]] = {}
    for item, state in decisions.items():
        by_file.setdefault(item.path, []).append((item, state))
    missing: list[Followup] = []
    for path, changes in by_file.items():
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        for item, state in changes:
            tasks = _task_lines(text, item.question)
            same = [t for t in tasks if t[1]["text"].strip() == item.text]
            if item.index < len(tasks) and tasks[item.index][1]["text"].strip() == item.text:
                number, m = tasks[item.index]
            elif same:
                number, m = same[0]
            else:
                missing.append(item)
                continue
            lines[number] = items.with_box(m, state)
        files.replace_file(path, "\n".join(lines))
    return missing
