"""Formats for others, behind one registry.

Each format is a module of this package; :data:`FORMATS` says which command
offers it. A format for ``dtr share`` has ``share(full_note) -> str`` (the
mentee's copy of one note, through :mod:`dtrcli.exports.privacy`); a format
for ``dtr export`` has ``export(notes, *, private, templates) -> str``.
Adding a format is its module and a line here; the commands' ``--format``
choices and help come from this table.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Literal

from dtrcli.errors import DtrError

Use = Literal["share", "export"]


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # the module in dtrcli.exports
    uses: tuple[Use, ...]


FORMATS = (
    Format("markdown", "markdown", ("share", "export")),
    Format("slack", "slack", ("share",)),
    Format("json", "jsonfile", ("export",)),
)
DEFAULTS: dict[Use, str] = {"share": "markdown", "export": "json"}


def names(use: Use) -> list[str]:
    """The formats of one command, its default first."""
    found = [f.name for f in FORMATS if use in f.uses]
    return sorted(found, key=lambda n: n != DEFAULTS[use])


def help_text(use: Use) -> str:
    """'markdown (default) or slack.' for --format's help."""
    first, *rest = names(use)
    listed = f"{first} (default)"
    if rest:
        listed += ", ".join([""] + rest[:-1]) + f" or {rest[-1]}"
    return listed + "."


def load(name: str, use: Use) -> ModuleType:
    """The module of format ``name`` for ``use``; one sentence if there is none."""
    for f in FORMATS:
        if f.name == name and use in f.uses:
            return importlib.import_module(f"dtrcli.exports.{f.module}")
    first, *rest = names(use)
    raise DtrError(f"--format {name!r} is not {' or '.join([first, *rest])}.")
