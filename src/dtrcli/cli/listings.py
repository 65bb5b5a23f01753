"""Printing listings fast: history's mentee names, search's hits."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any


def labels(shown: list[Any], folders: list[str]) -> list[str]:
    """The name of each listed row's mentee (``folders``: each row's folder name), as
    names.labeler names notes: the profile's name, else the newest note's that has one,
    else the row's own or the folder's; worked out once a folder."""
    from dtrcli.notebook import index
    from dtrcli.notebook.names import profile_name, recorded_name

    # Each folder's first row (the newest), the folders in the order they first come.
    first = dict(zip(reversed(folders), reversed(shown), strict=True))
    named: dict[str, Any] | None = None  # each folder's first row with a name, when asked
    by_folder = {}
    with index.bulk():  # the names read from profiles are stored at once
        for folder in dict.fromkeys(folders):
            row = first[folder]
            known = profile_name(row.place)
            if not known:
                if named is None:
                    named = {}
                    for other, each in zip(folders, shown, strict=True):
                        if other not in named and each.mentee:
                            named[other] = each
                # A folder none of whose rows shown has a name: its older notes may.
                known = named[folder].mentee if folder in named else recorded_name(row.place)
            by_folder[folder] = known or row.mentee or folder
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
