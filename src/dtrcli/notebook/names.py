"""The names of mentees as people wrote them: in their profile, in their notes.

A folder is named by :func:`dtrcli.notebook.paths.slugify`; the name shown is
the one recorded for it (the profile's, else the newest note's).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from dtrcli.errors import MenteeNameError
from dtrcli.notebook import labels, paths

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from dtrcli.notebook.listing import Row
    from dtrcli.notebook.notes import Note

# The note format, the YAML loader and the file readers are imported when a note or a
# profile is read: finding a mentee whose folder is named (history NAME) needs none.


def read_notes(folder: Path) -> list[Note]:
    """The notes of a mentee folder, newest first (dtrcli.notebook.notes.read_notes)."""
    from dtrcli.notebook.notes import read_notes as read

    return read(folder)


def profile_name(folder: Path) -> str | None:
    """The name in a mentee's profile, if there is a readable one (listings label
    thousands of folders: only the name is read)."""
    return labels.label(folder, _read_name)


def profile_names(folders: Iterable[tuple[str, Path]]) -> list[str | None]:
    """:func:`profile_name` of each (folder name, folder), for a listing of thousands."""
    return labels.labels_of(folders, _read_name)


def _read_name(path: Path) -> str | None:
    from dtrcli.notebook import files, yamlio

    try:
        data = yamlio.load(files.read_capped(path, "profile").decode("utf-8"))
    except (OSError, UnicodeDecodeError, files.Refused, yamlio.YamlProblem):
        return None  # the profile's own commands say what is wrong with it
    return str(data["name"]) if isinstance(data, dict) and data.get("name") else None


def recorded_name(folder: Path) -> str | None:
    """The name kept for a folder: the profile's, else the one in the newest note."""
    profile = profile_name(folder)  # none when the folder is not there
    if profile:
        return profile
    if not folder.is_dir():
        return None
    return next((n.mentee for n in read_notes(folder) if n.mentee), None)


def name_for(folder: Path, typed: str) -> str:
    """The name a note records for ``folder``'s mentee: the one recorded before, else the
    name typed (one form of each accented letter: 'José' typed as e + combining accent
    is José; single spaces)."""
    return recorded_name(folder) or " ".join(unicodedata.normalize("NFC", typed).split())


def labeler(notes: list[Note] | None = None) -> Callable[[Note | Row], str]:
    """Names notes by their mentee's recorded name (profile, else newest note), per folder.

    ``notes``, newest first, are the notes already read: their names are used
    rather than reading a folder's notes again. Folders are told apart by the text of
    their path (thousands of notes: no Path is made or hashed for each).
    """
    import os

    names: dict[str, str] = {}
    newest: dict[str, str] = {}
    pending = list(notes or [])

    def label(note: Note | Row) -> str:
        if pending:  # gathered at the first use: `history NAME` never asks
            for n in pending:
                if n.mentee:
                    newest.setdefault(os.path.dirname(str(n.path)), n.mentee)
            pending.clear()
        place = getattr(note, "place", None)  # a listing's row: its folder, as listed
        where = os.fspath(place) if place is not None else os.path.dirname(str(note.path))
        found = names.get(where)
        if found is None:
            folder = _folder(note)
            known: str | None = (
                profile_name(folder) or newest[where] if where in newest else recorded_name(folder)
            )
            found = names[where] = known or note.mentee or folder.name
        return found

    return label


def read_labels(notes: Iterable[Note | Row]) -> None:
    """Have the index read what it keeps of these notes' folders' profile names at once
    (labels.read_labels), before :func:`labeler` names them."""
    labels.read_labels({_folder(note).name for note in notes})


def _folder(note: Note | Row) -> Path:
    place = getattr(note, "place", None)  # a listing's row: its folder, as listed
    return place if place is not None else note.path.parent


def offers(typed: str) -> list[tuple[str, str | None]]:
    """What shell completion offers for the start of a mentee's name: ``(offer, name)``
    for each mentee whose name (the profile's) or folder name begins with ``typed`` in
    any case, with or without accents ('zoe', 'Zo' and 'zoë-a' all begin
    "Zoë Ann O'Neil"). ``name`` is the profile's name where the offer is not it.

    A shell keeps only the offers that begin with what was typed (fish: or the ones
    that come closest), so each offer is spelt that way wherever a spelling that
    leads to the mentee's folder does: the name or the folder name itself ('Zo' ->
    "Zoë Ann O'Neil", 'zo' -> 'zoë-ann-oneil'); with its accents as separate marks
    ('zoe' -> 'zoë-ann-oneil' written e + diaeresis, which dtr reads as ë); or, for
    the name, in the case typed ('ALI' -> 'ALIce Smith'). Where one mentee has no
    such spelling, every offer is a folder name, so that none is kept from view.
    Only profiles are read, never notes, so completion stays fast.
    """
    typed = unicodedata.normalize("NFC", typed)
    start = paths.plain_spelling(typed)
    found: list[tuple[str | None, str, str | None]] = []
    for folder in paths.mentee_dirs():
        name = profile_name(folder)
        name = unicodedata.normalize("NFC", name) if name else None
        spellings = [name] if name and _leads_to(name, folder) else []
        spellings.append(folder.name)
        if any(paths.plain_spelling(s).startswith(start) for s in spellings):
            found.append((_spelt_as_typed(typed, spellings), folder.name, name))
    every = all(offer is not None for offer, _, _ in found)
    return [
        (shown, name if name and name != unicodedata.normalize("NFC", shown) else None)
        for offer, folder, name in found
        for shown in [offer if every and offer is not None else folder]
    ]


def _leads_to(name: str, folder: Path) -> bool:
    """Whether ``name`` typed on the command line is taken for ``folder``'s mentee."""
    try:
        return paths.slugify(name) == folder.name
    except MenteeNameError:
        return False


def _spelt_as_typed(typed: str, spellings: list[str]) -> str | None:
    """A spelling beginning with ``typed`` of the name or the folder name (the last of
    ``spellings``), or None; see :func:`offers`."""
    for spelling in spellings:
        if spelling.startswith(typed):
            return spelling
    marks = unicodedata.normalize("NFD", typed)
    for spelling in spellings:
        if unicodedata.normalize("NFD", spelling).startswith(marks):
            return unicodedata.normalize("NFD", spelling)
    if len(spellings) > 1:  # a name in another case is the same person; a folder's is not
        name = unicodedata.normalize("NFD", spellings[0])
        if name[: len(marks)].casefold() == marks.casefold():
            return marks + name[len(marks) :]
    return None
