"""Markdown: a mentee's copy of a note (``dtr share``), and one document of many notes
(``dtr export -f markdown``)."""

from __future__ import annotations

import re

from dtrcli import dates
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import prompts_of
from dtrcli.exports.privacy import shared_sections
from dtrcli.notebook.names import labeler
from dtrcli.notebook.noteformat import MARKED_HEADING, read_text, split_front_matter
from dtrcli.notebook.notes import FullNote, Note, read_full


def share(full: FullNote) -> str:
    """The mentee's copy: private answers and "Mentor only:" items left out."""
    n = full.note
    lines = [f"# {n.title or n.template_id}", "", f"{n.date}", ""]
    for title, items in shared_sections(full):
        if title:
            lines += [f"## {title}", ""]
        for question, answer in items:
            lines += [f"**{question}**", "", answer, ""]
    return "\n".join(lines).rstrip() + "\n"


def export(notes: list[Note], *, private: bool, templates: dict[str, Template]) -> str:
    """One document of every note; without ``private``, each note as its shared copy."""
    today = dates.today().isoformat()
    parts = ["# DTR notes", "", f"Exported {today}, {len(notes)} notes."]
    if not private:
        parts[-1] += " Private answers and mentor-only items are left out."
    parts.append("")
    mentee_label = labeler(notes)
    for note in sorted(notes, key=lambda n: (mentee_label(n), n.sort_key())):
        if private:
            text = read_text(note.path)
            _, body, _ = split_front_matter(text, note.path)
            body = "\n".join(_unmarked(line) for line in body.split("\n"))
        else:
            body = share(read_full(note.path, prompts_of=prompts_of, warn=False))
        # Under the export's own "## mentee: conversation" heading: the note's title
        # becomes a "###" heading, its sections "####" and its questions "#####".
        body = re.sub(r"^(#{1,4}) ", r"##\1 ", body, flags=re.M)
        parts += [f"## {mentee_label(note)}: {note.template_id}, {note.date}", "", body.strip(), ""]
    return "\n".join(parts).rstrip() + "\n"


def _unmarked(line: str) -> str:
    """A marked heading without its marker (an answer line that shows one stays as is)."""
    if not MARKED_HEADING.match(line):
        return line
    return re.sub(r" ?<!-- dtr:[^>]*-->[ \t]*$", "", line)
