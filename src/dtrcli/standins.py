"""Modules imported without the modules they take a function or two of at import and use
only for what dtr's listings never ask.

pathlib (to Python 3.12) takes ``quote_from_bytes`` of urllib.parse (which imports
ipaddress) for ``Path.as_uri``; platformdirs' Unix class takes two functions of tempfile
(which imports shutil and random, and shutil the compression modules) for a runtime
folder dtr never asks for. Together they were a tenth of a listing's start.
:func:`imported` puts a stand-in for each such module in ``sys.modules`` while it
imports the one asked for, and takes it out again: whoever imports the module next gets
the module itself, and each function of a stand-in imports it when called.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any


def imported(name: str, stand_ins: dict[str, tuple[str, ...]]) -> ModuleType:
    """The module ``name``, imported (when it is not yet) with each module of
    ``stand_ins`` that is not imported yet standing in as the functions named."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    import types

    placed = {}
    for module, functions in stand_ins.items():
        if module not in sys.modules:
            stand_in = placed[module] = types.ModuleType(module)
            for function in functions:
                setattr(stand_in, function, _forwarding(module, function))
    sys.modules.update(placed)
    try:
        return __import__(name, fromlist=["_"])  # the module itself, not its package
    finally:
        for module, stand_in in placed.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


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
