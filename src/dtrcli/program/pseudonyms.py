"""Stable pseudonyms: the same person gets the same one in every bundle from this dtr.

A pseudonym is a keyed hash (HMAC-SHA256) of what it stands for, with a random
key made once and kept in the config folder (``program.key``, private to the
user). Without the key nobody can tell who a pseudonym is, not even by trying
every name; with the same key (copied to the mentor's other machine) the same
pseudonyms come out there too. The mentor's id, which names the bundle's file
in a shared repository, is made the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from dtrcli.errors import DtrError
from dtrcli.notebook import files, paths

KEY_FILE = "program.key"
_LENGTH = 64  # hex digits of the key


def key_path() -> Path:
    return paths.config_home() / KEY_FILE


def key() -> bytes:
    """This dtr's key, made the first time it is asked for."""
    path = key_path()
    if not path.exists():
        files.place_bytes(path, secrets.token_hex(_LENGTH // 2).encode() + b"\n", new=True)
    try:
        raw = files.read_capped(path, "the pseudonym key").decode("ascii").strip()
    except (files.Refused, UnicodeDecodeError):
        raw = ""
    if len(raw) != _LENGTH or any(c not in "0123456789abcdef" for c in raw):
        raise DtrError(
            f"{path} is not a key dtr made (64 hexadecimal digits); put back the one you "
            "had, or remove it to make a new one (the pseudonyms then change)."
        )
    return raw.encode()


def pseudonym(secret: bytes, kind: str, value: str, digits: int = 8) -> str:
    """``kind-xxxxxxxx``: the keyed hash of ``value`` (e.g. 'mentee-3f9a0c1d')."""
    digest = hmac.new(secret, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}-{digest[:digits]}"
