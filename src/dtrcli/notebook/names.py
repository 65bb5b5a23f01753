"""The names of mentees as people wrote them: in their profile, in their notes.

A folder is named by :func:`dtrcli.notebook.paths.slugify`; the name shown is
the one recorded for it (the profile's, else the newest note's).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from dtrcli.errors import MenteeNameError
from dtrcli.notebook import files, index, paths, yamlio
from dtrcli.notebook.notes import Note, read_notes


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def profile_name(folder: Path) -> str | None:
    """The name in a mentee's profile, if there is a readable one (listings label
    thousands of folders: only the name is read)."""
    return index.label(folder, _read_name)


def _read_name(path: Path) -> str | None:
    try:
        data = yamlio.load(files.read_capped(path, "profile").decode("utf-8"))
    except (OSError, UnicodeDecodeError, files.Refused, yamlio.YamlProblem):
        return None  # the profile's own commands say what is wrong with it
    return str(data["name"]) if isinstance(data, dict) and data.get("name") else None


def recorded_name(folder: Path) -> str | None:
    """The name kept for a folder: the profile's, else the one in the newest note."""
    if not folder.is_dir():
        return None
    profile = profile_name(folder)
    if profile:
        return profile
    return next((n.mentee for n in read_notes(folder) if n.mentee), None)


def display_name(name: str) -> str:
    """The name to record in a new note, refusing a clash with another person's folder.

    Given a folder's own name (``alice-smith``) the name recorded before
    (``Alice Smith``) is reused. Two different names that map to one folder
    (``Ann Marie`` and ``Ann-Marie``) are refused rather than merged.
    """
    folder = paths.mentee_dir(name)
    known = recorded_name(folder)
    if known is None:
        # One form of each accented letter: 'José' typed as e + combining accent is José.
        return " ".join(unicodedata.normalize("NFC", name).split())
    if name == folder.name or _key(name) == _key(known):
        return known
    raise MenteeNameError(
        f"'{name}' and '{known}' would share the folder {folder.name}. For the same person "
        f"use '{known}' or '{folder.name}'; for someone else, add something to tell them "
        "apart (e.g. a last initial)."
    )


def labeler(notes: list[Note] | None = None) -> Callable[[Note], str]:
    """Names notes by their mentee's recorded name (profile, else newest note), per folder.

    ``notes``, newest first, are the notes already read: their names are used
    rather than reading a folder's notes again.
    """
    names: dict[Path, str] = {}
    newest: dict[Path, str] = {}
    pending = list(notes or [])

    def label(note: Note) -> str:
        if pending:  # gathered at the first use: `history NAME` never asks
            for n in pending:
                if n.mentee:
                    newest.setdefault(n.path.parent, n.mentee)
            pending.clear()
        folder = note.path.parent
        if folder not in names:
            known: str | None = (
                profile_name(folder) or newest[folder]
                if folder in newest
                else recorded_name(folder)
            )
            names[folder] = known or note.mentee or folder.name
        return names[folder]

    return label
