"""What the page generators in tools/ share: write the page, or check it is current."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(doc: Path, text: str, command: str) -> int:
    """With --check: exit status 1 when ``doc`` differs from ``text``; else write it."""
    name = doc.relative_to(doc.parents[1]) if len(doc.parents) > 1 else doc
    if "--check" in sys.argv[1:]:
        if not doc.exists() or doc.read_text(encoding="utf-8") != text:
            print(f"{name} is out of date: run {command}", file=sys.stderr)
            return 1
        print(f"{name} is up to date.")
        return 0
    doc.write_text(text, encoding="utf-8")
    print(f"wrote {name}")
    return 0
