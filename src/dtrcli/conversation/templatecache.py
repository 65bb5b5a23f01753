"""What the YAML of each template file held, kept in the user cache folder.

Reading YAML costs PyYAML's import and its parse, about 20 ms before the first
question of every conversation. Each template file is still read on every run;
when its text is the very text read before, the data its YAML gave then is
taken from here instead of being parsed again. Only YAML's part is kept: every
check of the template (the schema, recalls, defaults) runs on every load, so a
problem is said as it always is.

The key is the whole text, not a file's size and time (a quick edit can leave
those as they were), so a changed, added or replaced file is always parsed
anew. The cache is rewritten when the texts read differ from those it holds
(a file changed, added or removed); a missing, damaged or foreign cache file is
rebuilt, one that cannot be written is left alone: deleting it loses nothing.
A text whose YAML is wrong is never kept (its problem is found again on each
run). The file is written with ``marshal`` (plain data only: text, numbers,
lists and mappings), 0600 in dtr's 0700 cache folder.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_BYTES = 64_000_000  # a larger file is not dtr's: it is ignored and written anew


def _stamp() -> tuple[str, int, str, str]:
    """What a cache file must have been written by: this format, dtr and Python."""
    from dtrcli import __version__

    return ("dtr template texts", FORMAT, __version__, sys.implementation.cache_tag or "")


def cache_file() -> Path:
    from dtrcli.notebook.paths import cache_home

    return cache_home() / "templates.marshal"


class TextCache:
    """The YAML data of texts read before (``known``), and of those read in this run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known = _read(path)
        self.used: dict[str, Any] = {}

    def data(self, text: str, parse: Callable[[str], Any]) -> Any:
        """The data ``parse(text)`` gives: kept from before when the text is the same."""
        # A YAML problem is raised by parse, and nothing is kept.
        value = self.known[text] if text in self.known else parse(text)
        self.used[text] = value
        return value

    def save(self) -> None:
        """Write the texts of this run when they are not the ones the file holds."""
        if self.used.keys() == self.known.keys():
            return
        kept = {}
        for text, value in self.used.items():
            with contextlib.suppress(ValueError):  # a value marshal cannot write (a date)
                marshal.dumps(value)
                kept[text] = value
        with contextlib.suppress(OSError):
            _write(self.path, marshal.dumps((_stamp(), kept)))


def opened() -> TextCache:
    return TextCache(cache_file())


def _read(path: Path) -> dict[str, Any]:
    """The texts a cache file holds; {} for a missing, damaged or foreign one."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read(MAX_BYTES + 1)
    except OSError:
        return {}
    if len(blob) > MAX_BYTES:
        return {}
    try:
        stamp, texts = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return {}
    if stamp != _stamp() or not isinstance(texts, dict):
        return {}
    return {text: value for text, value in texts.items() if isinstance(text, str)}


def _write(path: Path, blob: bytes) -> None:
    import tempfile

    from dtrcli.notebook.paths import FILE_MODE, private_dir

    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".templates-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
