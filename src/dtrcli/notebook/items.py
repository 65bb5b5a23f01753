"""List and task items: the one place that knows how a Markdown item is written.

A list answer is bullet lines; a follow-up is a task item whose box says
where it stands (``- [ ]`` open, ``[x]`` done, ``[-]`` dropped, ``[>]``
carried). Items typed by hand may also be numbered (``1.``), ticked in
other ways (``[X]``, ``[~]``) or wrapped in emphasis; reading accepts all of
them.
"""

from __future__ import annotations

import re

BOXES = " xX>-~"  # what may stand inside a task's [ ]

# "- [x] text": the bullet, the box and the text, with the spacing kept for rewriting.
TASK = re.compile(
    r"^(?P<indent>\s*)(?P<bullet>[-*+])(?P<gap>\s+)"
    r"\[(?P<box>[ xX>\-~])\](?P<space>\s+)(?P<text>.*)$"
)
# "- text" (a task too: its box is part of the text).
BULLET = re.compile(r"^(?P<indent>\s*)[-*+]\s+(?P<text>.*)$")
# The start of any list item, bulleted or numbered ("- ", "2. ", "3) "), or typed by
# hand with another bullet ("• ", "– ").
ITEM_START = re.compile(r"^\s*(?:[-*+•◦‣⁃∙▪▫●○■□–—]|\d{1,9}[.)])\s+")


def bullet(text: str) -> str:
    return f"- {text}"


def task(text: str, box: str = " ") -> str:
    return f"- [{box}] {text}"


def item_text(line: str) -> str:
    """The words of one item line, without its bullet and task box (a plain line as is)."""
    m = TASK.match(line) or BULLET.match(line)
    return m.group("text") if m else line.strip()


def with_box(m: re.Match[str], box: str) -> str:
    """The task line ``m`` matched, with its box set to ``box`` and nothing else changed."""
    return f"{m['indent']}{m['bullet']}{m['gap']}[{box}]{m['space']}{m['text']}"
