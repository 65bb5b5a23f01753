"""What the page generators in tools/ share: write the page, or check it is current."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


@contextlib.contextmanager
def on_a_fixed_day(today: dt.date) -> Iterator[None]:
    """Run dtr in this process as on ``today``; afterwards the environment, the folder,
    dtr's today, its console and its index are as they were found."""
    from dtrcli import console, dates
    from dtrcli.notebook import index

    saved_env = dict(os.environ)
    saved_today = dates.today
    dates.today = lambda: today  # type: ignore[assignment]
    try:
        yield
    finally:
        os.chdir(ROOT)
        os.environ.clear()
        os.environ.update(saved_env)
        dates.today = saved_today  # type: ignore[assignment]
        console.reset()
        index.reset()
