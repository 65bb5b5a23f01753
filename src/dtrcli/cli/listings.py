"""Printing listings fast: history's mentee names, search's hits."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any


def labels(folders: list[str], mentees: Sequence[str], places: Mapping[str, Any]) -> list[str]:
    """The name of each listed note's mentee (``folders``: each note's folder name,
    ``mentees``: the name its front matter gives, ``places``: the folder of each folder
    name), as names.labeler names notes: the profile's name, else the newest note's that
    has one, else the note's own or the folder's; worked out once a folder."""
    from dtrcli.notebook import index
    from dtrcli.notebook.names import profile_names, recorded_name

    # Each folder's first note (the newest), the folders in the order they first come.
    first = dict(zip(reversed(folders), reversed(mentees), strict=True))
    named: dict[str, str] | None = None  # each folder's first name given, when asked
    by_folder = {}
    with index.bulk():  # the names read from profiles are stored at once
        order = list(dict.fromkeys(folders))
        profiles = profile_names([(folder, places[folder]) for folder in order])
        for folder, known in zip(order, profiles, strict=True):
            mentee = first[folder]
            if not known:
                place = places[folder]
                if named is None:
                    named = {}
                    for other, each in zip(folders, mentees, strict=True):
                        if other not in named and each:
                            named[other] = each
                # A folder none of whose notes shown has a name: its older notes may.
                known = named[folder] if folder in named else recorded_name(place)
            by_folder[folder] = known or mentee or folder
    return list(map(by_folder.__getitem__, folders))


def _wrapped(plain: str) -> str | None:
    """A line too wide for the screen as rich's ``console.out()`` wraps it, without
    importing rich (None where rich must: see :mod:`dtrcli.conversation.drawing`)."""
    import os

    from dtrcli import console
    from dtrcli.conversation import drawing

    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None  # rich's width for a dumb terminal is its own
    size = 200 if console.piped() else drawing.width()  # console.out()'s width
    return None if size is None else drawing.wrapped(plain, size)


def print_hits(hits: list[Any], label: Any) -> None:
    """Each hit as two lines (where, and the line with the match in reverse), or one when
    the match is in the question; each part shown through console.printable. Lines are
    written as they are (painted on a terminal); one too wide for the screen is wrapped
    between words as rich wraps it."""
    from dtrcli import console
    from dtrcli import search as searching
    from dtrcli.notebook import index

    p, paint, width = console.printable, console.painter(sys.stdout), console.width
    # as console.out(): piped output is not wrapped at 80 columns
    room = 200 if console.piped() else console.terminal_size().columns
    with index.pinned():  # each folder's name is looked up in the one index of this home
        names = [label(h.note) for h in hits]
    out: list[str] = []

    def marked(line: str, start: int, end: int, style: str | None = None) -> tuple[str, str]:
        parts = (p(line[:start]), p(line[start:end]), p(line[end:]))
        shown = paint(parts[0], style) + paint(parts[1], "bold reverse")
        return "".join(parts), shown + paint(parts[2], style)

    def emit(plain: str, shown: str) -> None:
        if width(plain) <= room:
            out.append(shown.rstrip() + "\n")
            return
        drawn = _wrapped(plain)
        if drawn is not None:
            out.append(drawn)
            return
        from rich.text import Text

        rich_out = console.out()
        with rich_out.capture() as captured:
            rich_out.print(Text(plain))
        out.append(captured.get())

    snippet, cut = searching.snippet, max(40, room - 2)
    for h, name in zip(hits, names, strict=True):
        note = h.note
        where = p(f"{note.date}  {name}  {note.template_id}  ")
        head = paint(where, "bold")
        if h.line == h.question:  # the match is in the question itself: one line says it
            plain, shown = marked(h.question, h.start, h.end, "dim")
            emit(where + plain, head + shown)
            continue
        question = p(h.question)
        emit(where + question, head + paint(question, "dim"))
        line, start, end = snippet(h, cut)
        plain, shown = marked(line, start, end)
        emit("  " + plain, "  " + shown)
    sys.stdout.write("".join(out))
