"""A quick note between conversations (``dtr note NAME``): text from ``-m``, standard
input or the editor, saved as a note of the built-in ``note`` template.

Its task lines (``- [ ] ...``) and each ``--followup`` are the note's follow-ups:
listed by ``dtr followups`` and offered at the next conversation like a
conversation's. The mentee must be known already: a note is never the start of a
new mentee.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from dtrcli import dates, notices
from dtrcli.conversation.questions import coerce_answer
from dtrcli.conversation.record import render_note
from dtrcli.conversation.templates import load_registry
from dtrcli.errors import DtrError
from dtrcli.module import duedates
from dtrcli.notebook import files, finding, names, paths

TEMPLATE = "note"
TASK = re.compile(r"^\s*[-*+]\s+\[ \]\s+(?P<text>\S.*)$")
HINT = "<!-- dtr note:"  # the start of the editor's hint, cut off again


def split_tasks(text: str) -> tuple[str, list[str]]:
    """The text without its open task lines (``- [ ] ...``), and those tasks' words."""
    kept, tasks = [], []
    for line in text.split("\n"):
        m = TASK.match(line)
        if m:
            tasks.append(m.group("text").strip())
        else:
            kept.append(line)
    return "\n".join(kept).strip("\n"), tasks


def editor_text(mentee: str, day: dt.date) -> str:
    """What the editor opens with: an empty page, and a hint under it."""
    return (
        f"\n\n{HINT} {mentee}, {day.isoformat()}. Write the note above this comment.\n"
        'Lines such as "- [ ] Mentor: send the SQL article by Friday" are follow-ups,\n'
        "offered at the next conversation. An empty note is not saved. -->\n"
    )


def from_editor(mentee: str, day: dt.date, run: Callable[[Path], int]) -> str:
    """The text written in the editor (``run`` opens a file in it, returning its exit
    code); the hint is cut off. If the editor fails, the text is kept and named."""
    from dtrcli.edit import private_copy

    # The page is plain while the editor has it (even in an encrypted home), in a private
    # folder that goes however the editor ends.
    with private_copy(f"note-{day.isoformat()}.md", editor_text(mentee, day)) as page:
        code = run(page)
        text = page.read_text(encoding="utf-8", errors="replace")
    if code != 0:
        # Kept as any note is (encrypted when the home is), in a folder of the mentor's.
        folder = paths.private_dir(paths.cache_home() / "quick-notes")
        kept = files.write_new(folder, f"note-{day.isoformat()}", text, ".md")
        raise DtrError(
            f"The editor stopped with exit code {code}; no note was written, and what "
            f"was typed is kept in {kept}."
        )
    at = text.find(HINT)
    return text if at < 0 else text[:at]


def write_quick_note(
    name: str, text: str, followups: list[str], day: dt.date | None, missing: str
) -> Path:
    """Save a quick note for the mentee ``name`` (who must be known, else the sentence
    ``missing``); return its path. An empty note (no text, no follow-ups) writes nothing
    and says so.
    """
    from dtrcli.hold import week_of
    from dtrcli.module import profiles

    folder = finding.folder(name, missing)
    day = day or dates.today()
    for given in (text, *followups):
        try:
            given.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are no UTF-8, kept as surrogates
            raise DtrError(
                "The note cannot be saved: its text is not UTF-8 (a file in another "
                "encoding?); nothing was written."
            ) from None
    body, tasks = split_tasks(text)
    template = load_registry().get(TEMPLATE)
    note_q, items_q = template.question("note"), template.question("followups")
    if note_q is None or items_q is None:
        raise DtrError(
            f"The template '{TEMPLATE}' ({template.path}) must ask 'note' and 'followups'."
        )
    try:
        answers = {
            "note": coerce_answer(note_q, body),
            "followups": coerce_answer(items_q, [*tasks, *followups]),
        }
    except ValueError as exc:
        raise DtrError(f"The note cannot be saved: {exc}.") from None
    if answers["note"] is None and answers["followups"] is None:
        raise DtrError("The note is empty; nothing was written.")
    if day > dates.today():
        notices.warn(f"The note is dated {day}, which is after today; --date sets its day.")
    mentee = names.name_for(folder, name)
    try:
        profile = profiles.load_profile(folder)
    except DtrError:
        profile = profiles.Profile(folder=folder)
    answers = duedates.settled_answers(template, answers, day)
    note = render_note(template, answers, mentee=mentee, date=day, week=week_of(profile, day))
    size = len(note.encode("utf-8"))
    if size > files.MAX_READ:  # it would be saved, and then skipped by every command
        raise DtrError(
            f"The note would be {files.megabytes(size)}, and dtr reads no note over "
            f"{files.megabytes(files.MAX_READ)}; nothing was written (keep long texts in a "
            "file of their own)."
        )
    return files.write_new(folder, f"{day.isoformat()}-{TEMPLATE}", note)
