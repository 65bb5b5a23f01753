"""Folder names made without regular expressions give what the expressions gave."""

from __future__ import annotations

import random
import re
import unicodedata

from dtrcli.errors import MenteeNameError
from dtrcli.notebook import paths

# The expressions paths.py used before (compiled at import, on every command's start).
DROP = re.compile(r"[\u2018\u2019'`\"\u201c\u201d]")
ASCII_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ALPHABET = "aZ09-- _.'`\"\u2018\u2019\u201c\u201d\u00e9e\u0301\u0915\u093f\u00df\u0130!?,/\t"


def slug_by_expressions(name: str) -> str:
    """paths.slugify's folding as it was written with re (the refusals aside)."""
    folded = unicodedata.normalize("NFC", DROP.sub("", name.casefold()))
    slug = "".join(
        ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else "-" for ch in folded
    )
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    while slug and (slug[0] == "-" or unicodedata.category(slug[0]).startswith("M")):
        slug = slug[1:]
    return slug


def names(count: int) -> list[str]:
    rng = random.Random(14)
    made = ["Alice Smith", "Zoë-Ann O'Neil", "--a--b--", "a-", "-a", "a", "", "-", "o\u2019brien"]
    made += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))) for _ in range(count)]
    return made


def test_slugify_folds_as_the_expressions_did() -> None:
    for name in names(5000):
        folded = slug_by_expressions(unicodedata.normalize("NFC", name).strip())
        try:
            slug = paths.slugify(name)
        except MenteeNameError as exc:  # refused before folding, or nothing left after it
            assert "no letters or digits" not in str(exc) or folded == "", name
            continue
        assert slug in (folded, folded + paths.RESERVED_SUFFIX), name


def test_an_ascii_slug_is_told_as_the_expression_did() -> None:
    for name in names(5000) + ["abc", "a-b-c", "ABC", "a--b", "ab1-2c", "\u00b9", "a\u0301"]:
        assert paths._ascii_slug(name) == bool(ASCII_SLUG.fullmatch(name)), name
