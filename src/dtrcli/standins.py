"""Modules imported without the modules they take a function or two of at import and use
only for what dtr's listings never ask.

pathlib (to Python 3.12) takes ``quote_from_bytes`` of urllib.parse (which imports
ipaddress) for ``Path.as_uri``; platformdirs' Unix class takes two functions of tempfile
(which imports shutil and random, and shutil the compression modules) for a runtime
folder dtr never asks for. Together they were a tenth of a listing's start.
prompt_toolkit takes ``wcwidth`` of wcwidth (whose import, from its version 0.3, builds
tables and expressions that were a twentieth of the kick-off's start) to measure each
character it draws: its stand-in answers 1 for a printable ASCII character, as every
version of wcwidth does, and asks wcwidth itself of any other.

:func:`imported` puts a stand-in for each such module in ``sys.modules`` while it
imports the one asked for, and takes it out again: whoever imports the module next gets
the module itself, and each function of a stand-in imports it when called. A name the
stand-in does not have (a later version of the importing module may take one more)
imports the module itself at once and is taken from it.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any


def imported(
    name: str,
    stand_ins: dict[str, tuple[str, ...]],
    own: dict[str, dict[str, Callable[..., Any]]] | None = None,
) -> ModuleType:
    """The module ``name``, imported (when it is not yet) with each module of
    ``stand_ins`` that is not imported yet standing in as the functions named (each
    forwarding to the module's own, or the one ``own`` gives for it)."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    import types

    placed = {}
    for module, functions in stand_ins.items():
        if module not in sys.modules:
            stand_in = placed[module] = types.ModuleType(module)
            given = (own or {}).get(module, {})
            for function in functions:
                setattr(stand_in, function, given.get(function) or _forwarding(module, function))
            stand_in.__getattr__ = _whole(module, stand_in)  # type: ignore[method-assign]
    sys.modules.update(placed)
    try:
        return __import__(name, fromlist=["_"])  # the module itself, not its package
    finally:
        for module, stand_in in placed.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


def _whole(module: str, stand_in: ModuleType) -> Callable[[str], Any]:
    """The stand-in's ``__getattr__``: a name it lacks is taken from the module itself,
    imported then (in its place in ``sys.modules``). Python's own questions of a module
    (``__path__``, ``__spec__``...) are not answered: the import system asks them of
    every module it imports from."""

    def attribute(attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if sys.modules.get(module) is stand_in:
            del sys.modules[module]
        return getattr(__import__(module, fromlist=["_"]), attr)

    return attribute


def _forwarding(module: str, function: str) -> Callable[..., Any]:
    """``module.function``, the module imported at the first call."""

    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(__import__(module, fromlist=["_"]), function)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = function
    return forward


def pathlib() -> ModuleType:
    """pathlib, without urllib.parse (see the module's notes)."""
    return imported("pathlib", {"urllib.parse": ("quote_from_bytes",)})


def platformdirs() -> ModuleType:
    """platformdirs, without tempfile (see the module's notes)."""
    return imported("platformdirs", {"tempfile": ("TemporaryFile", "gettempdir")})


def prompt_toolkit() -> ModuleType:
    """prompt_toolkit, without wcwidth until a character other than printable ASCII is
    measured (see the module's notes)."""
    return imported("prompt_toolkit", {"wcwidth": ("wcwidth",)}, {"wcwidth": {"wcwidth": cells}})


_wcwidth = _forwarding("wcwidth", "wcwidth")


def cells(char: str, *rest: Any, **options: Any) -> int:
    """``wcwidth.wcwidth(char)``: the columns a character takes on the terminal, 1 for a
    printable ASCII one (space to '~') without importing wcwidth."""
    if not rest and not options and len(char) == 1 and " " <= char <= "~":
        return 1
    return int(_wcwidth(char, *rest, **options))
