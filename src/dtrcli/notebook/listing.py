"""Listings straight from the index: checked against the files, sorted and cut by SQLite.

A listing of many notes (``history``, ``search``) asks :func:`notes` for them. The
index's rows of the folders listed are first brought in line with the files
(:mod:`dtrcli.notebook.refresh`: every note looked at, the changed ones read again);
then SQLite sorts the rows (newest first), filters them (``--kind``, ``--since``, the
words searched for) and cuts them to the rows printed, and only those become
:class:`~dtrcli.notebook.notes.Note` objects (or light rows, or columns).

The check and the rows listed are read in one transaction, so another run
writing at the same time cannot make a listing miss a note it saw. When the
index cannot be used (no cache folder, a damaged file being rebuilt by another
run, a lock not got in time) :func:`notes` says so with None and the caller
reads the files as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from dtrcli.notebook import index, indextext, paths, refresh
from dtrcli.notebook.columns import Columns

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

    from dtrcli.notebook.notes import Kinds

_ORDER = "ORDER BY date DESC, created DESC, number DESC, name DESC, folder ASC"


if TYPE_CHECKING:
    Listed = tuple[Any, int, list[str]]  # the notes (a list, or Columns), their count, folders


class Row:
    """A listed note as the index holds it, for a listing that only shows it: what a
    :class:`~dtrcli.notebook.notes.Note` offers listings (its front matter's date,
    template, title, mentee and created, and its path, made when asked), in a tenth of
    the memory (a listing of 100,000 notes)."""

    __slots__ = ("place", "_path", "name", "title", "mentee", "template_id", "date", "created")

    def __init__(self, place: Path, name: str, *front: str) -> None:
        self.place, self.name = place, name  # the folder, the file's name
        self._path: Path | None = None
        self.title, self.mentee, self.template_id, self.date, self.created = front

    @property
    def path(self) -> Path:
        path = self._path
        if path is None:  # the name is one path component: pathlib's shortcut (see _make)
            child = getattr(self.place, "_make_child_relpath", None)
            path = self._path = child(self.name) if child else self.place / self.name
        return path


class Unavailable(Exception):
    """The index cannot answer this time (the files are read instead)."""


def notes(
    folders: Sequence[Path] | None,
    kind: str | None = None,
    since: dt.date | None = None,
    kinds: Kinds | None = None,
    limit: int | None = None,
    needle: str | None = None,
    typed: str | None = None,
    check: bool = True,
    rows: bool = False,
    texts: list[str | None] | None = None,
    whole: bool = False,
    columns: bool = False,
) -> Listed | None:
    """The notes of ``folders`` (every mentee's when None), newest first, as
    :func:`dtrcli.notebook.notes.notes_of` gives them, how many there are in all and the
    folder name of each note: only the first ``limit`` are built. ``needle``
    (casefolded): only the notes whose text in the index mentions it, and those whose
    text it does not hold (search reads them). None when the index cannot be used.
    ``typed``: the one mentee's name as the user gave it (for the error when none of
    their notes can be read); ``check``: refuse, as notes_of does, a listing of no
    readable notes from folders that hold notes; ``rows``: :class:`Row` objects rather
    than notes; ``texts`` (with ``needle``): filled with each note's questions as the
    index holds them (index.encode_lines), None for a note search must read; ``whole``:
    ``folders`` are every mentee's folder, as :func:`paths.mentee_dirs` gave them;
    ``columns``: the notes as one :class:`~dtrcli.notebook.columns.Columns` (without
    ``needle``)."""
    every = folders is None or whole
    places = None  # the text of each folder's path, when known
    if folders is None:
        listed, places = paths.mentee_places()
    else:
        listed = list(folders)
    db = index.open_db()
    if db is None:
        return None
    try:
        with index.bulk():
            found, held = _listing(
                db, listed, every, kind, since, kinds, limit, needle, rows, texts, columns, places
            )
    except (sqlite3.Error, Unavailable, UnicodeError):  # UnicodeError: a name not UTF-8
        with contextlib.suppress(sqlite3.Error):
            if db.in_transaction:
                db.execute("ROLLBACK")
        return None
    index.trim_log()  # a cold index leaves all its rows in the log
    if held == 0:  # as notes_of: broken notes are not having none, nor is a kind unknown
        from dtrcli.notebook.notes import _known_kind, check_readable

        if check:
            check_readable(listed, typed)
        if kind:
            _known_kind(kind, kinds() if kinds else ())
    return found


def _listing(
    db: sqlite3.Connection,
    folders: list[Path],
    every: bool,
    kind: str | None,
    since: dt.date | None,
    kinds: Kinds | None,
    limit: int | None,
    needle: str | None,
    light: bool = False,
    texts: list[str | None] | None = None,
    by_columns: bool = False,
    places: list[str] | None = None,
) -> tuple[Listed, int]:
    """The listing, and whether the folders hold any note before any filter (1 or 0)."""
    db.execute("BEGIN")
    try:
        if needle is not None and not index.keeps_text():
            raise Unavailable  # the index keeps no text: search reads every note
        answer = functools.partial(
            _answer, db, folders, every, kind, since, limit, needle, texts is not None, by_columns
        )
        # A search's rows are asked while the files are stated (see unchanged): they hold
        # when nothing changed, else the rows are brought in line and asked again.
        ahead = _Ahead(answer) if needle is not None else None
        proved = refresh.refresh(db, folders, every, places, ahead)
        # What the thread found, when it ran on the rows proved (else asked now).
        found = ahead.get() if ahead is not None and ahead.done and proved else answer()
        held, chosen, rows, total = found
        if held == 0:
            db.execute("COMMIT")
            return ([], 0, []), 0
        if kind and not chosen:  # no note of that kind: one dtr does not know is refused
            from dtrcli.notebook.notes import _known_kind

            _known_kind(kind, kinds() if kinds else ())
        if texts is not None:
            rows = _texts_apart(rows, texts)
        if by_columns:
            made: Any = Columns({f.name: f for f in folders}, list(rows))
            names = made.folder
        else:
            made, names = _make(rows, folders, light)
        db.execute("COMMIT")  # after the last row: the rows are those the check saw
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    return (made, len(made) if total is None else total, names), held


if TYPE_CHECKING:
    # Whether the folders hold a note, the templates --kind stands for, the rows listed
    # and how many rows there are in all (None: as many as listed).
    Answer = tuple[int, list[str] | None, Any, int | None]


def _answer(
    db: sqlite3.Connection,
    folders: list[Path],
    every: bool,
    kind: str | None,
    since: dt.date | None,
    limit: int | None,
    needle: str | None,
    with_texts: bool,
    by_columns: bool,
) -> Answer:
    """What SQLite answers of a listing, asked of the index alone (no file, no message: a
    search asks it in a second thread). ``rows``: all of them (a search, whose hits are
    worked out from every row), else a cursor."""
    where, args = _where(db, folders, every)
    within, within_args = where, list(args)  # the folders alone
    # Whether there is one, not how many: at 100,000 notes a count reads them all.
    held = int(db.execute(f"SELECT EXISTS (SELECT 1 FROM notes WHERE {where})", args).fetchone()[0])
    if held == 0:
        return 0, None, [], None
    chosen = _templates(db, where, args, kind) if kind else None
    if chosen is not None:
        where += f" AND template IN ({', '.join('?' * len(chosen))})"
        args += chosen
    if since is not None:
        where += " AND date >= ?"
        args.append(since.isoformat())
    source, first = "notes", []  # first: the arguments of source, before those of where
    if needle is not None:
        # A note whose row is not settled is read (and warned about) as before it was
        # stored: its text is not trusted yet.
        source = indextext.may_mention(within)
        first = [indextext.pattern(needle)] * 2 + within_args * 4
    wanted = ""
    if with_texts:  # trusted once settled, and only as text
        source += " LEFT JOIN typed USING (folder, name)"
        wanted = ", CASE WHEN settled = 1 AND typeof(lines) = 'text' THEN lines END"
    read = ", ".join(Columns.READ if by_columns else ("folder", "name", *index.LISTED))
    cursor = db.execute(
        f"SELECT {read}{wanted} FROM {source} "
        f"WHERE {where} {_ORDER}" + (" LIMIT ?" if limit is not None else ""),
        (*first, *args, limit) if limit is not None else [*first, *args],
    )
    if needle is None and limit is None:
        return held, chosen, cursor, None  # read as the notes are made (100,000 of them)
    rows = cursor.fetchall()
    total = None if len(rows) != limit else _count(db, where, [*first, *args], source)
    return held, chosen, rows, total


class _Ahead:
    """:func:`_answer` worked out in another thread (called there), and its result."""

    __slots__ = ("work", "done", "answer", "error")

    def __init__(self, work: Callable[[], Answer]) -> None:
        self.work, self.done = work, False
        self.answer: Answer | None = None
        self.error: BaseException | None = None

    def __call__(self) -> None:
        try:
            self.answer = self.work()
        except BaseException as exc:  # raised in the caller's thread, if asked for
            self.error = exc
        self.done = True

    def get(self) -> Answer:
        if self.error is not None:
            raise self.error
        assert self.answer is not None
        return self.answer


def _texts_apart(cursor: sqlite3.Cursor, texts: list[str | None]) -> Any:
    """The rows of ``cursor`` without their last column, which goes to ``texts``."""
    add = texts.append
    for *row, text in cursor:
        add(text)
        yield row


def _make(cursor: Any, folders: list[Path], light: bool) -> tuple[list[Any], list[str]]:
    """The listed notes (or :class:`Row` objects) and each one's folder name, made as the
    rows come; the texts many rows share (folder, template, date, mentee) are kept once."""
    shared: dict[str, str] = {}
    one = shared.setdefault
    made: list[Any] = []
    names: list[str] = []
    if light:
        places = {folder.name: folder for folder in folders}
        row, add, named = Row, made.append, names.append  # looked up once, not once a row
        for folder, name, title, mentee, template, date, created in cursor:
            folder = one(folder, folder)
            add(row(places[folder], name, title, one(mentee, mentee), one(template, template),
                    one(date, date), created))  # fmt: skip
            named(folder)
        return made, names
    from dtrcli.notebook.notes import Note

    # A name is one path component: pathlib's own shortcut for that (what Path.glob
    # uses) skips parsing the folder again for each note; joinpath where a Python lacks it.
    children = {
        folder.name: getattr(folder, "_make_child_relpath", None) or folder.joinpath
        for folder in folders
    }
    keys = index.LISTED
    for folder, name, *front in cursor:
        folder = one(folder, folder)
        note = Note(path=children[folder](name), meta=dict(zip(keys, front, strict=True)))
        note.indexed = True
        made.append(note)
        names.append(folder)
    return made, names


def _where(db: sqlite3.Connection, folders: list[Path], every: bool) -> tuple[str, list[str]]:
    if every:
        return "1", []
    names = sorted({folder.name for folder in folders})
    return f"folder IN ({', '.join('?' * len(names))})", names


def _count(db: sqlite3.Connection, where: str, args: list[str], source: str = "notes") -> int:
    return int(db.execute(f"SELECT count(*) FROM {source} WHERE {where}", args).fetchone()[0])


def _templates(db: sqlite3.Connection, where: str, args: list[str], kind: str) -> list[str]:
    """The template ids ``--kind`` stands for: itself, else any spelling of it in other
    case (none: the caller refuses an id dtr does not know)."""
    held = [t for (t,) in db.execute(f"SELECT DISTINCT template FROM notes WHERE {where}", args)]
    return [t for t in held if t == kind] or [t for t in held if t.casefold() == kind.casefold()]
