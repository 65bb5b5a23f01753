"""Reading the notes back: a mentee's notes, a note picked by date or kind, listings.

Bad files never stop a listing: each is named in a warning and the good
notes are still shown. Listings need only each note's front matter, which
comes from the cache (:mod:`dtrcli.notebook.cache`) for every note unchanged
since it was cached.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import field
from pathlib import Path

from dtrcli import notices
from dtrcli.dates import parse_day
from dtrcli.errors import NoteError, shown
from dtrcli.notebook import index, paths
from dtrcli.notebook.markers import (
    LostMarker,
    UnreadableMarker,
    lost_markers,
    unreadable_markers,
    warn_lost_markers,
    warn_unreadable_markers,
)
from dtrcli.notebook.noteformat import (
    Block,
    Prompts,
    parse_blocks,
    parse_body,
    read_text,
    split_front_matter,
)
from dtrcli.patterns import Pattern
from dtrcli.records import deferred

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

# The prompts of a note's template, by template id (the wings above know templates).
PromptsOf = Callable[[str], Prompts]
# The template ids dtr knows (asked only when needed: loading templates costs time).
Kinds = Callable[[], Collection[str]]


@deferred
class Note:
    """One note read back from disk."""

    path: Path
    meta: dict[str, Any]
    answers: dict[str, str] = field(default_factory=dict)
    private: set[str] = field(default_factory=set)
    indexed: bool = False  # stored in the index as the file is now (search may ask it)

    @property
    def template_id(self) -> str:
        return str(self.meta.get("template", ""))

    @property
    def date(self) -> str:
        return str(self.meta.get("date", ""))

    @property
    def created(self) -> str:
        return str(self.meta.get("created", ""))

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def mentee(self) -> str:
        return str(self.meta.get("mentee", ""))

    def sort_key(self) -> tuple[str, str, int, str]:
        """Date, then creation time, then the file's ``-N`` suffix (a same-day second note)."""
        return self._sort_key

    @functools.cached_property
    def _sort_key(self) -> tuple[str, str, int, str]:
        name = self.path.name
        stem = name.rsplit(".", 1)[0] if "." in name else name
        head, dash, tail = stem.rpartition("-")
        template = self.template_id
        number = (
            int(tail)
            if dash
            and tail.isascii()
            and tail.isdigit()
            and template
            and not stem.endswith(f"-{template}")
            else 1
        )
        return (self.date, self.created, number, name)


@deferred
class FullNote:
    """A note with its marked blocks, the question headings that lost their marker and
    the markers dtr cannot read."""

    note: Note
    blocks: list[Block]
    body_start: int  # line number in the file where the body starts
    lost: list[LostMarker] = field(default_factory=list)
    unreadable: list[UnreadableMarker] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.note.path


def read_full(
    path: Path,
    text: str | None = None,
    *,
    prompts_of: PromptsOf | None = None,
    warn: bool = True,
) -> FullNote:
    """A note with its marked blocks, reading the file once (or using ``text``).

    ``prompts_of`` gives the prompts of the note's template, so a question heading
    that lost its marker is found (and the question a marker dtr cannot read was meant
    for); ``warn``: warn about each (else the caller does, from ``FullNote.lost`` and
    ``FullNote.unreadable``).
    """
    if text is None:
        text = read_text(path)
    meta, body, start = split_front_matter(text, path)
    note = Note(path=path, meta=meta)
    blocks = parse_blocks(body)
    note.answers, note.private = parse_body(body, blocks)
    lost: list[LostMarker] = []
    unreadable: list[UnreadableMarker] = []
    if any(b.unmarked or b.kind == "unreadable" for b in blocks):
        prompts = prompts_of(note.template_id) if prompts_of else {}
        lost = lost_markers(blocks, start, prompts)
        unreadable = unreadable_markers(blocks, start, prompts)
        if warn:
            warn_lost_markers(path, lost, note.template_id)
            warn_unreadable_markers(path, unreadable, note.template_id)
    return FullNote(note, blocks, start, lost, unreadable)


def read_note(path: Path, *, body: bool = True, prompts_of: PromptsOf | None = None) -> Note:
    """Read a note; ``body=False`` reads only the front matter (for listings)."""
    if body:
        return read_full(path, prompts_of=prompts_of).note
    meta, _, _ = split_front_matter(read_text(path), path)
    return Note(path=path, meta=meta)


def read_notes(folder: Path) -> list[Note]:
    """Every readable note in a folder (front matter only), newest first; each unreadable
    one is warned about.

    The front matter comes from the index for every note unchanged since it was stored;
    the others are read, and stored with their text for search.
    """
    stored = index.load(folder)
    seen: index.Entries = {}
    texts: dict[str, str] = {}
    notes = []
    # A name from scandir is one path component: pathlib's own shortcut for that
    # (what Path.glob uses) skips re-parsing the folder for each of thousands of
    # notes; plain joinpath where a Python lacks it.
    child = getattr(folder, "_make_child_relpath", None) or folder.joinpath
    for entry in paths.note_entries(folder):
        path = child(entry.name)
        try:
            st = index.stamp(entry.stat())
        except OSError:
            st = []
        hit = stored.get(entry.name)
        if hit is not None and st and hit[0] == st:
            note = Note(path=path, meta=hit[1])
        else:
            try:
                text = read_text(path)
                note = Note(path=path, meta=split_front_matter(text, path)[0])
            except NoteError as exc:
                notices.warn(f"skipped {exc}")
                continue
            texts[entry.name] = text
        if st:
            seen[entry.name] = (st, note.meta)
        notes.append(note)
    if texts or len(seen) != len(stored):
        index.save(folder, seen, stored, texts)
    current = index.load(folder) if texts or len(seen) != len(stored) else stored
    for note in notes:
        row = current.get(note.path.name)
        note.indexed = row is not None and row[0] == seen.get(note.path.name, (None,))[0]
    notes.sort(key=Note.sort_key, reverse=True)
    return notes


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


_DATE = Pattern(r"^\d{4}-\d{2}-\d{2}$")


def pick_note(
    name: str,
    which: str = "latest",
    kinds: Kinds | None = None,
    *,
    kind: str | None = None,
    choose: Callable[[list[Note]], Note] | None = None,
) -> Note:
    """One note by 'latest', a date, a template id or a file name.

    ``kinds`` gives the template ids dtr knows, so a conversation not held yet is said so.
    A date with several notes takes ``kind`` (a conversation) to tell them apart, else
    ``choose`` picks one (the terminal asks), else they are listed in the error.
    """
    folder = _folder(name)
    notes = read_notes(folder)
    if not notes:
        check_readable([folder], name)
        raise NoteError(
            f"There are no notes for '{name}' yet; start with: dtr kickoff {folder.name}"
        )
    if which == "latest":
        return notes[0]
    if _DATE.match(which):
        found = [n for n in notes if n.date == which]
        if kind:
            found = [n for n in found if n.template_id.casefold() == kind.casefold()]
        if len(found) > 1:
            if choose is not None:
                return choose(found)
            listed = ", ".join(f"{n.template_id} ({n.path.name})" for n in found)
            raise NoteError(
                f"'{name}' has {len(found)} notes dated {which}: {listed}; say which, e.g. "
                f"dtr show {folder.name} {which} {found[0].template_id}"
                + (
                    f" (or {found[0].path.name})."
                    if found[0].template_id == found[1].template_id
                    else "."
                )
            )
        if found:
            return found[0]
        if kind:
            raise NoteError(f"'{name}' has no {kind} note dated {which}; see 'dtr history {name}'.")
        try:
            parse_day(which)
        except ValueError as exc:
            raise NoteError(f"{exc}.") from None
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
    if kinds is not None and folded in kinds():
        raise NoteError(f"There is no {folded} note for '{name}' yet; see 'dtr history {name}'.")
    raise NoteError(
        f"'{shown(which)}' is not a date, a conversation or a note file of '{name}'; "
        f"see 'dtr history {name}'."
    )


def _unreadable(name: str, folder: Path, notes: list[Note], which: str) -> None:
    """The note asked for exists but cannot be read: say so, not "no such note"."""
    readable = {n.path.name for n in notes}
    for path in paths.note_files(folder):
        if path.name in readable:
            continue
        stem = path.stem
        if which in (path.name, stem) or stem.startswith(f"{which}-") or stem.endswith(f"-{which}"):
            from dtrcli.notebook.sealing import SealedNoteError

            try:
                read_text(path)
            except SealedNoteError:  # what to do is not an edit: say it
                raise
            except NoteError:
                pass
            raise NoteError(
                f"The note {path.name} cannot be read (the warning above says why); "
                f"fix it with 'dtr edit {folder.name} {path.name}'."
            )


def check_readable(folders: Sequence[Path], name: str | None = None) -> None:
    """Refuse a listing that found no readable note in ``folders`` when they hold notes:
    its notes are broken (each warned about), which is not having none.

    ``name``: the mentee of the one folder, as the user gave it.
    """
    broken = [path for folder in folders for path in paths.note_files(folder)]
    if not broken:
        return
    import shlex

    first = broken[0]
    folder = shlex.quote(first.parent.name)
    example = f"dtr edit {folder} {shlex.quote(first.name)}"
    of = f" for '{name}'" if name else ""
    if len(broken) == 1:
        note = first.name if name else f"{folder}/{first.name}"
        raise NoteError(
            f"The one note{of}, {note}, cannot be read (see the warning above); "
            f"fix it with: {example}"
        )
    edit = f"dtr edit {folder} FILE" if name else "dtr edit NAME FILE"
    raise NoteError(
        f"None of the {len(broken)} notes{of} can be read (see the warnings above); "
        f"fix them with: {edit}, e.g. {example}"
    )


def pick_path(name: str, which: str = "latest", kinds: Kinds | None = None) -> Path:
    """Like pick_note, but a note file named exactly is found even when it cannot be read.

    So `dtr edit NAME FILE` can open a note whose front matter an edit broke.
    """
    folder = _folder(name)
    for path in paths.note_files(folder):
        if which in (path.name, path.stem):
            return path
    return pick_note(name, which, kinds).path


def notes_of(
    names: list[str] | None,
    kind: str | None = None,
    since: dt.date | None = None,
    kinds: Kinds | None = None,
) -> list[Note]:
    """Notes of the given mentees (all when None), newest first, filtered.

    ``kinds`` gives the template ids dtr knows; a ``kind`` that is none of them is refused.
    """
    folders = [_folder(n) for n in names] if names else paths.mentee_dirs()
    notes: list[Note] = []
    with index.bulk():
        for done, folder in enumerate(folders, 1):
            notes += read_notes(folder)
            notices.progress("Reading the notes", done, len(folders))
    if not notes:
        check_readable(folders, names[0] if names and len(names) == 1 else None)
    if kind:
        kept = [n for n in notes if n.template_id == kind] or [
            n for n in notes if n.template_id.casefold() == kind.casefold()
        ]
        if not kept:
            _known_kind(kind, kinds() if kinds else ())
        notes = kept
    if since:
        notes = [n for n in notes if n.date >= since.isoformat()]
    notes.sort(key=Note.sort_key, reverse=True)
    return notes


def _known_kind(kind: str, kinds: Collection[str]) -> None:
    """An unknown --kind is a mistake to say, not an empty listing."""
    import difflib

    ids = sorted(kinds)
    if kind.casefold() not in ids:
        close = difflib.get_close_matches(kind, ids, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise NoteError(
            f"'{kind}' is not a conversation; {hint}dtr knows {', '.join(ids)} "
            "(see 'dtr templates list')."
        )


def _folder(name: str) -> Path:
    """The folder of the mentee ``name`` finds (``finding`` reads names, which reads notes)."""
    from dtrcli.notebook import finding

    return finding.folder(name)
