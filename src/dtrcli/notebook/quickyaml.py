"""A fast reader for the plain YAML dtr writes itself, with PyYAML as the judge.

Listing 10,000 notes means reading 10,000 front matters. PyYAML, even its C
loader, builds a node tree per document and costs about 0.06 ms for a
front matter; the notes' front matter is a handful of ``key: value`` lines
and one short list. ``load`` reads exactly that shape (what
``yaml.safe_dump`` writes for dtr's notes and profiles) and returns None for
anything else, so the caller hands the text to PyYAML. Every value it does
return is the value PyYAML would return; tests/unit/test_quickyaml.py
checks that against PyYAML on generated documents.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_INT = re.compile(r"(?:0|[1-9][0-9]{0,17})\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_QUOTED = re.compile(r"'((?:[^']|'')*)'\Z")
# Plain words PyYAML (YAML 1.1) reads as booleans or null rather than strings.
_SPECIAL = frozenset(
    [
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "null",
        "Null",
        "NULL",
    ]
)
_NOT_SIMPLE = object()


def _scalar(text: str) -> Any:
    """The value of one scalar, or _NOT_SIMPLE when PyYAML should decide."""
    if not text or text != text.strip():
        return _NOT_SIMPLE
    first = text[0]
    if first == "'":
        m = _QUOTED.match(text)
        return m.group(1).replace("''", "'") if m else _NOT_SIMPLE
    if first.isdigit():
        if _INT.match(text):
            return int(text)
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return _NOT_SIMPLE
        return _NOT_SIMPLE
    if not first.isalpha() or text in _SPECIAL:
        return _NOT_SIMPLE
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return _NOT_SIMPLE
    return text


def load(text: str) -> dict[str, Any] | None:
    """A flat mapping of simple scalars and lists of them; None if the text is anything else."""
    # Python's "printable" is stricter than YAML's: it also leaves out control
    # characters, line breaks other than "\n", the byte order mark and non-ASCII
    # spaces, so whatever could be read differently goes to PyYAML.
    if not text or not text.replace("\n", "").replace("\t", " ").isprintable():
        return None
    data: dict[str, Any] = {}
    items: list[Any] | None = None
    for line in text.split("\n"):
        if not line:
            continue
        if line[0] == "-":
            if items is None or not line.startswith("- "):
                return None
            value = _scalar(line[2:])
            if value is _NOT_SIMPLE:
                return None
            items.append(value)
            continue
        key, colon, raw = line.partition(":")
        if (
            not colon
            or not key.isidentifier()
            or not key.isascii()
            or len(key) > 100
            or key in _SPECIAL
            or key in data
        ):
            return None
        if raw == "" or raw == " ":
            items = []
            data[key] = items
            continue
        if raw[0] != " ":
            return None
        value = _scalar(raw[1:])
        if value is _NOT_SIMPLE:
            return None
        data[key] = value
        items = None
    if not data:
        return None
    # A key with no value and no list items is null in YAML.
    return {k: (None if v == [] else v) for k, v in data.items()}
