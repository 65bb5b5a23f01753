"""Follow-ups: the task items of a note's follow-up question, across notes.

A follow-up is a task line in the answer of a follow-up question (a ``list``
question whose id or ``topic`` is ``followups``). Where it stands is written
so that GitHub, VS Code, pandoc and Obsidian show a task, ticked or not, and
say the state in words (the syntax is :mod:`dtrcli.notebook.items`'):

    - [ ] open    - [x] done    - [x] ~~dropped~~ (dropped)    - [x] carried (carried)

Notes of format version 1 keep the boxes they were written with (``[-]``
dropped, ``[>]`` carried into a later note), and dtr writes those there.

When a conversation starts, the open ones of the mentee's earlier notes are
offered; the mentor's decisions are written back into those notes (only the
task's box and marks change) when the new note is saved.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from dtrcli.conversation.questions import is_followup
from dtrcli.conversation.schema import Question, Template
from dtrcli.module.notecache import NoteCache
from dtrcli.notebook import files, items, noteformat
from dtrcli.notebook.noteformat import MARKED_HEADING, MARKER, split_front_matter
from dtrcli.notebook.notes import Note
from dtrcli.records import deferred

OPEN, DONE, DROPPED, CARRIED = items.OPEN, items.DONE, items.DROPPED, items.CARRIED
STATES = {OPEN: "open", DONE: "done", DROPPED: "dropped", CARRIED: "carried"}


def is_followup_question(q: Question) -> bool:
    return is_followup(q)


def followup_ids(template: Template | None) -> set[str]:
    ids = {"followups"}
    if template is not None:
        ids |= {q.id for q in template.questions if is_followup_question(q)}
    return ids


@deferred(frozen=True)
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


def origin(item: Followup, templates: dict[str, Template]) -> str:
    """Where a follow-up is from, in words: its note's date and kind, and the question
    (``2026-11-02 kickoff, Follow-ups (who does what)``)."""
    template = templates.get(item.template)
    q = template.question(item.question) if template is not None else None
    return f"{item.date} {item.template}, {q.prompt if q is not None else item.question}"


def _task_lines(text: str, qid: str, version: int) -> list[tuple[int, items.Task]]:
    """(line number, task) of each task line in the answer of question ``qid``."""
    out = []
    inside = False
    gfm = noteformat.gfm_tasks(version)
    for number, line in enumerate(text.split("\n")):
        if MARKED_HEADING.match(line):
            m = MARKER.search(line)
            inside = bool(m and m.group(2) == qid)
            continue
        if inside:
            task = items.read_task(line, gfm=gfm)
            if task:
                out.append((number, task))
    return out


def _words(task: items.Task, version: int) -> str:
    """A task's words as typed (what the mentor sees), without escapes or marks."""
    return noteformat.unescape_words(task.words, version).strip()


def note_followups(note: Note, text: str, template: Template | None) -> list[Followup]:
    found = []
    version = noteformat.version_of(note.meta)
    for qid in sorted(followup_ids(template) & set(note.answers)):
        for index, (_, task) in enumerate(_task_lines(text, qid, version)):
            found.append(
                Followup(
                    note.path,
                    qid,
                    index,
                    _words(task, version),
                    task.state,
                    note.date,
                    note.template_id,
                    note.mentee or note.path.parent.name,
                )
            )
    return found


def mentee_followups(
    folder: Path, templates: dict[str, Template], name: str | None = None
) -> list[Followup]:
    """Every follow-up in a mentee's notes, oldest note first (inside :func:`listing`,
    each note's as the index keeps them while its file is as it was); ``name``: the
    mentee's name to give each (else each note's own, else the folder's)."""
    from dtrcli.notebook.notes import read_notes

    found: list[Followup] = []
    for note in reversed(read_notes(folder)):
        found += of_note(note, templates, name)
    return found


def of_note(note: Any, templates: dict[str, Template], name: str | None = None) -> list[Followup]:
    """The follow-ups of a note (a Note, or a listing's row of one), read from its file or
    (inside :func:`listing`) as the index keeps them; ``name`` as mentee_followups's."""
    mentee = name or note.mentee or note.path.parent.name
    path, date, template = note.path, note.date, note.template_id
    return [
        Followup(path, qid, index, words, state, date, template, mentee)
        for qid, index, words, state in _cache.get(note, templates.get(template), _read_items)
    ]


# A note's follow-ups as the index keeps them: (question id, index, words, state) each.
Items = list[tuple[str, int, str, str]]


def _read_items(note: Note, template: Template | None) -> tuple[Items, bool]:
    """The follow-ups of ``note`` read from its file, and whether that said nothing (a
    heading that lost its marker is warned about: such a reading is not kept)."""
    from dtrcli.conversation.templates import prompts_of
    from dtrcli.notebook.noteformat import read_text
    from dtrcli.notebook.notes import read_full

    text = read_text(note.path)
    full = read_full(note.path, text, prompts_of=prompts_of)
    found = note_followups(full.note, text, template)
    items = [(f.question, f.index, f.text, f.state) for f in found]
    return items, not full.lost and not full.unreadable


def _encode(items: Items) -> tuple[str]:
    import json

    return (json.dumps(items, ensure_ascii=False),)


def _decode(value: tuple[Any, ...]) -> Items | None:
    """The follow-ups of a row (None for a row a note could not give)."""
    import json

    (text,) = value  # ValueError: a row of another shape
    if not isinstance(text, str):
        return None
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    found: Items = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 4):
            return None
        qid, index, words, state = item
        if not (
            isinstance(qid, str)
            and type(index) is int
            and index >= 0
            and isinstance(words, str)
            and state in STATES
        ):
            return None
        found.append((qid, index, words, state))
    return found


_cache: NoteCache[Items] = NoteCache("followups", 1, _encode, _decode)


def listing() -> contextlib.AbstractContextManager[None]:
    """Around a listing of many mentees' follow-ups: :func:`mentee_followups` reads them
    through the index; those read anew are stored at the end."""
    return _cache.listing()


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
        text = noteformat.read_text(path)
        version = noteformat.version_of(split_front_matter(text, path)[0])
        lines = text.split("\n")
        for item, state in changes:
            tasks = _task_lines(text, item.question, version)
            same = [t for t in tasks if _words(t[1], version) == item.text]
            if item.index < len(tasks) and _words(tasks[item.index][1], version) == item.text:
                number, task = tasks[item.index]
            elif same:
                number, task = same[0]
            else:
                missing.append(item)
                continue
            lines[number] = items.with_state(task, state, gfm=noteformat.gfm_tasks(version))
        files.replace_file(path, "\n".join(lines))
    return missing
