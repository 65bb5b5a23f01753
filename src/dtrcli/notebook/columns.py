"""A listing's notes a column at a time: history's table of every note, from the index or
the files, without an object made for each of 100,000 notes."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path


class Columns:
    """The listed notes, newest first: each field holds one cell a note (its folder's
    name, its file's name, and its front matter's title, mentee, template and date);
    ``places``: the folder of each folder name."""

    __slots__ = ("places", "folder", "name", "title", "mentee", "template_id", "date")
    # What is read of each note, in this order (the index's column names).
    READ = ("folder", "name", "title", "mentee", "template", "date")

    def __init__(self, places: dict[str, Path], rows: Iterable[Sequence[str]]) -> None:
        self.places = places
        found: list[Sequence[str]] = list(zip(*rows, strict=True)) or [()] * len(self.READ)
        folder, self.name, self.title, mentee, template, date = found
        shared: dict[str, str] = {}  # the texts many notes share are kept once
        one = shared.setdefault
        self.folder: list[str] = list(map(one, folder, folder))
        self.mentee: list[str] = list(map(one, mentee, mentee))
        self.template_id: list[str] = list(map(one, template, template))
        self.date: list[str] = list(map(one, date, date))

    def __len__(self) -> int:
        return len(self.name)
