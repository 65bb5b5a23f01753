"""Regular expressions compiled when first used, not when their module is imported.

Compiling the expressions of the note format, its escapes and the date parser
took a quarter of what importing them costs, in every command that imports them
whether it reads a note or not. A :class:`Pattern` is written where
``re.compile`` was and used the same way (``MARKER.match(line)``); its first use
compiles it, and from then on its methods are the compiled expression's own, so
a loop over many lines pays nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any


class Pattern:
    """``re.compile(pattern, flags)``, compiled at the first use of any of its methods or
    attributes (each then kept on the instance: later uses find it at once)."""

    pattern: str
    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    sub: Callable[..., str]
    subn: Callable[..., tuple[str, int]]
    split: Callable[..., list[Any]]
    findall: Callable[..., list[Any]]
    finditer: Callable[..., Iterator[re.Match[str]]]
    flags: int
    groups: int
    groupindex: dict[str, int]

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold yet
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value
        return value

    def compiled(self) -> re.Pattern[str]:
        """The compiled expression (re keeps the compiled ones: compiled once a run)."""
        return re.compile(self.pattern, self._flags)

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"
