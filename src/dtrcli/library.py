"""Reading the notes back: a mentee's notes, picking one, and their names.

Bad files never stop a listing: each is named in a warning on stderr and
the good notes are still shown.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dtrcli import store
from dtrcli.errors import DtrError, MenteeNameError, NoteError
from dtrcli.notes import Note, read_note


def _warn(message: str) -> None:
    from dtrcli import console

    console.warn(message)


def existing_folder(name: str, missing: str | None = None) -> Path:
    """The folder of a mentee who has notes; a clear error with suggestions otherwise.

    ``missing``: the sentence said when there is no such folder.
    """
    folder = store.mentee_dir(name)
    if folder.is_dir():
        return folder
    slug = folder.name
    names = [p.name for p in store.mentee_dirs()]
    close = (
        [n for n in names if n.startswith(slug)]
        or similar_folders(slug)
        or difflib.get_close_matches(slug, names, n=3)
    )
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise NoteError((missing or f"There are no notes for '{name}' yet.") + hint)


# Letters with no decomposition into a base letter and an accent.
_UNACCENTED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
)


def _plain(slug: str) -> str:
    """A folder name without accents or hyphens: 'zoë-o-brien' -> 'zoeobrien'."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", slug.translate(_UNACCENTED))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def similar_folders(slug: str) -> list[str]:
    """Other mentee folders likely to be the same person as ``slug``: spelt with the same
    letters but for accents, hyphens and punctuation ('zoe-obrien', 'zoë-o-brien'), or
    the full name of a first name ('carol' for 'carol-diaz')."""
    plain = _plain(slug)
    return [
        p.name
        for p in store.mentee_dirs()
        if p.name != slug and (_plain(p.name) == plain or p.name.startswith(f"{slug}-"))
    ]


def read_notes(folder: Path, *, body: bool = False) -> list[Note]:
    """Every readable note in a folder, newest first; each unreadable one is warned about.

    Without ``body`` only the front matter is needed, and it comes from the
    cache (dtrcli.index) for every note unchanged since it was cached.
    """
    if body:
        notes = []
        for path in store.note_files(folder):
            try:
                notes.append(read_note(path, body=True))
            except NoteError as exc:
                _warn(f"skipped {exc}")
        notes.sort(key=Note.sort_key, reverse=True)
        return notes
    from dtrcli import index

    cached = index.load(folder)
    seen: dict[str, tuple[index.Stamp, dict[str, Any]]] = {}
    notes = []
    missed = False
    # A name from scandir is one path component: pathlib's own shortcut for that
    # (what Path.glob uses) skips re-parsing the folder for each of thousands of
    # notes; plain joinpath where a Python lacks it.
    child = getattr(folder, "_make_child_relpath", None) or folder.joinpath
    for entry in store.note_entries(folder):
        path = child(entry.name)
        try:
            st = index.stamp(entry.stat())
        except OSError:
            st = []
        hit = cached.get(entry.name)
        if hit is not None and st and hit[0] == st:
            note = Note(path=path, meta=hit[1])
        else:
            missed = True
            try:
                note = read_note(path, body=False)
            except NoteError as exc:
                _warn(f"skipped {exc}")
                continue
        if st:
            seen[entry.name] = (st, note.meta)
        notes.append(note)
    if missed or len(seen) != len(cached):
        index.save(folder, seen, cached)
    notes.sort(key=Note.sort_key, reverse=True)
    return notes


def mentee_notes(name: str, *, body: bool = False) -> list[Note]:
    return read_notes(existing_folder(name), body=body)


def note_summary(note: Note) -> dict[str, Any]:
    return {
        "mentee": note.mentee,
        "folder": note.path.parent.name,
        "date": note.date,
        "template": note.template_id,
        "title": note.title,
        "created": note.created,
        "file": note.path.name,
        "path": str(note.path),
    }


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def pick_note(name: str, which: str = "latest") -> Note:
    """One note by 'latest', a date, a template id or a file name."""
    folder = existing_folder(name)
    notes = read_notes(folder)
    if not notes:
        raise NoteError(f"There are no readable notes for '{name}' in {folder}.")
    if which == "latest":
        return notes[0]
    if _DATE.match(which):
        found = [n for n in notes if n.date == which]
        if found:
            return found[0]
        _unreadable(name, folder, notes, which)
        dates = ", ".join(sorted({n.date for n in notes}, reverse=True)[:5])
        raise NoteError(f"No note for '{name}' is dated {which}; notes exist for {dates}.")
    for n in notes:
        if which in (n.path.name, n.path.stem):
            return n
    found = [n for n in notes if n.template_id == which]
    if found:
        return found[0]
    folded = which.casefold()
    if folded != which:  # KICKOFF, Latest, a file name in other case
        found = [
            n
            for n in notes
            if folded in (n.template_id.casefold(), n.path.name.casefold(), n.path.stem.casefold())
        ]
        if folded == "latest" or found:
            return notes[0] if folded == "latest" else found[0]
    _unreadable(name, folder, notes, which)
    from dtrcli.templates import load_registry

    if folded in load_registry().templates:
        raise NoteError(f"There is no {folded} note for '{name}' yet; see 'dtr history {name}'.")
    raise NoteError(
        f"'{which}' is not a date, a conversation or a note file of '{name}'; "
        f"see 'dtr history {name}'."
    )


def _unreadable(name: str, folder: Path, notes: list[Note], which: str) -> None:
    """The note asked for exists but cannot be read: say so, not "no such note"."""
    readable = {n.path.name for n in notes}
    for path in store.note_files(folder):
        if path.name in readable:
            continue
        stem = path.stem
        if which in (path.name, stem) or stem.startswith(f"{which}-") or stem.endswith(f"-{which}"):
            raise NoteError(
                f"The note {path.name} cannot be read (the warning above says why); "
                f"fix it with 'dtr edit {folder.name} {path.name}'."
            )


def pick_path(name: str, which: str = "latest") -> Path:
    """Like pick_note, but a note file named exactly is found even when it cannot be read.

    So `dtr edit NAME FILE` can open a note whose front matter an edit broke.
    """
    folder = existing_folder(name)
    for path in store.note_files(folder):
        if which in (path.name, path.stem):
            return path
    return pick_note(name, which).path


def _key(name: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def profile_name(folder: Path) -> str | None:
    """The name in a mentee's profile, if there is a readable one."""
    from dtrcli import mentees

    try:
        return mentees.profile_name(folder)
    except DtrError:
        return None


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
    folder = store.mentee_dir(name)
    known = recorded_name(folder)
    if known is None:
        import unicodedata

        # One form of each accented letter: 'José' typed as e + combining accent is José.
        return " ".join(unicodedata.normalize("NFC", name).split())
    if name == folder.name or _key(name) == _key(known):
        return known
    raise MenteeNameError(
        f"'{name}' and '{known}' would share the folder {folder.name}. For the same person "
        f"use '{known}' or '{folder.name}'; for someone else, add something to tell them "
        "apart (e.g. a last initial)."
    )


def notes_of(
    names: list[str] | None,
    kind: str | None = None,
    since: dt.date | None = None,
) -> list[Note]:
    """Notes of the given mentees (all when None), newest first, filtered."""
    folders = [existing_folder(n) for n in names] if names else store.mentee_dirs()
    notes: list[Note] = []
    for folder in folders:
        notes += read_notes(folder)
    if kind:
        kept = [n for n in notes if n.template_id == kind] or [
            n for n in notes if n.template_id.casefold() == kind.casefold()
        ]
        if not kept:
            _known_kind(kind)
        notes = kept
    if since:
        notes = [n for n in notes if n.date >= since.isoformat()]
    notes.sort(key=Note.sort_key, reverse=True)
    return notes


def _known_kind(kind: str) -> None:
    """An unknown --kind is a mistake to say, not an empty listing."""
    from dtrcli.templates import load_registry

    ids = sorted(load_registry().templates)
    if kind.casefold() not in ids:
        close = difflib.get_close_matches(kind, ids, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise NoteError(
            f"'{kind}' is not a conversation; {hint}dtr knows {', '.join(ids)} "
            "(see 'dtr templates list')."
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
