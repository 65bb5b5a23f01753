"""The session each check-in records, kept in the index for listings of many mentees.

The weekly baseline (:mod:`dtrcli.module.checkins`) asks of each check-in held in a
week it judges whether mentor and mentee met and for how long. Inside :func:`listing`
(``dtr due``, ``dtr mentee list``) the two answers a check-in gave are kept in the
index of the data home (table ``checkins``), as :mod:`dtrcli.module.notecache` keeps
what a note gave: by the file's stamp and the template read with, never for an
encrypted home.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dtrcli.module.notecache import NoteCache

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Template
    from dtrcli.notebook.notes import Note

Session = tuple[bool | None, int | None]  # (met?, minutes), None where the note does not say
# How a check-in's session is read from its file: the session, and whether it may be kept.
Reader = Callable[["Note", "Template | None"], tuple[Session, bool]]


def _encode(found: Session) -> tuple[int | None, int | None]:
    met, minutes = found
    return None if met is None else int(met), minutes


def _decode(value: tuple[Any, ...]) -> Session | None:
    met, minutes = value  # ValueError: a row of another shape
    if (met is None or (type(met) is int and met in (0, 1))) and (
        minutes is None or type(minutes) is int
    ):
        return None if met is None else bool(met), minutes
    return None


_cache: NoteCache[Session] = NoteCache("checkins", 2, _encode, _decode)


def listing() -> contextlib.AbstractContextManager[None]:
    """Around a listing of many mentees: :func:`session` reads check-ins through the
    index; the sessions read anew are stored at the end."""
    return _cache.listing()


def session(note: Note, template: Template | None, read: Reader) -> Session:
    """What the check-in ``note`` records, as ``read`` gives it (from the index, inside
    :func:`listing`, while the file is as it was stored and ``template`` the same)."""
    return _cache.get(note, template, read)
