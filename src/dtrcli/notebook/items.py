"""List and task items: the one place that knows how a Markdown item is written.

A list answer is bullet lines; a follow-up is a task item that says where it
stands in a way GitHub, VS Code, pandoc and Obsidian all render as a task:

    - [ ] open    - [x] done    - [x] ~~dropped~~ (dropped)    - [x] carried (carried)

Notes of format version 1 wrote the states as boxes of their own (``[-]``
dropped, ``[>]`` carried); reading accepts those in any note, and items typed
by hand may also be numbered (``1.``), ticked in other ways (``[X]``, ``[~]``)
or wrapped in emphasis.
"""

from __future__ import annotations

import re

from dtrcli.patterns import Pattern
from dtrcli.records import deferred

OPEN, DONE, DROPPED, CARRIED = " ", "x", "-", ">"  # a follow-up's states
BOXES = " xX>-~"  # what may stand inside a task's [ ]

# "- [x] text": the bullet, the box and the text, with the spacing kept for rewriting.
TASK = Pattern(
    r"^(?P<indent>\s*)(?P<bullet>[-*+])(?P<gap>\s+)"
    r"\[(?P<box>[ xX>\-~])\](?P<space>\s+)(?P<text>.*)$"
)
# "- text" (a task too: its box is part of the text).
BULLET = Pattern(r"^(?P<indent>\s*)[-*+]\s+(?P<text>.*)$")
# The start of any list item, bulleted or numbered ("- ", "2. ", "3) "), or typed by
# hand with another bullet ("• ", "– ").
ITEM_START = Pattern(r"^\s*(?:[-*+•◦‣⁃∙▪▫●○■□–—]|\d{1,9}[.)])\s+")


_BOX_STATE = {" ": OPEN, "x": DONE, "X": DONE, "-": DROPPED, "~": DROPPED, ">": CARRIED}
_SAYS = {DROPPED: "dropped", CARRIED: "carried"}
# "(dropped)" or "(carried)" after the words: the state of a ticked task.
_STATE_WORD = Pattern(r"[ \t]+\((dropped|carried)\)[ \t]*$", re.I)
# Words that end so themselves, written with the "(" escaped so as not to be read as one.
_LIKE_STATE = Pattern(r"(?:^|(?<=[ \t]))(?=\((?:dropped|carried)\)[ \t]*$)", re.I)


def bullet(text: str) -> str:
    return f"- {text}"


def task(words: str, state: str = OPEN, *, gfm: bool = True) -> str:
    """A task line; ``words`` is Markdown (escaped), ``gfm``: states as GitHub tasks."""
    return f"- {_marked(words, state, gfm)}"


@deferred(frozen=True)
class Task:
    """A task line read: its parts as written, its words and its state."""

    indent: str
    bullet: str
    gap: str
    box: str
    space: str
    text: str  # everything after the box, as written
    words: str  # the Markdown of its words, without the state's marks
    state: str  # OPEN, DONE, DROPPED or CARRIED


def read_task(line: str, *, gfm: bool = True) -> Task | None:
    """The task on ``line`` (None if it is not one); ``gfm``: read the state's marks
    of GitHub tasks (``~~words~~ (dropped)``, ``words (carried)``) as well as boxes."""
    m = TASK.match(line)
    if not m:
        return None
    box, words = m["box"], m["text"].rstrip()
    state = _BOX_STATE[box]
    said = _STATE_WORD.search(words) if gfm else None
    if said:
        words = words[: said.start()]
        says = DROPPED if said[1].lower() == "dropped" else CARRIED
        if says == DROPPED and len(words) > 4 and words.startswith("~~") and words.endswith("~~"):
            words = words[2:-2]
        if box in "xX":
            state = says
    return Task(m["indent"], m["bullet"], m["gap"], box, m["space"], m["text"], words, state)


def with_state(t: Task, state: str, *, gfm: bool = True) -> str:
    """The task line ``t`` with its state set to ``state``: with ``gfm`` the box and the
    marks change, else only the box."""
    head = f"{t.indent}{t.bullet}{t.gap}"
    if not gfm:
        return f"{head}[{state}]{t.space}{t.text}"
    box, _, rest = _marked(t.words, state, gfm).partition(" ")
    return f"{head}{box}{t.space}{rest}"


def _marked(words: str, state: str, gfm: bool) -> str:
    """``[x] ~~words~~ (dropped)``: the box and the words of a task in ``state``."""
    if not gfm:
        return f"[{state}] {words}"
    words = _LIKE_STATE.sub(r"\\", words, count=1)
    if state == DROPPED:
        return f"[x] ~~{words}~~ ({_SAYS[state]})"
    if state == CARRIED:
        return f"[x] {words} ({_SAYS[state]})"
    return f"[{DONE if state == DONE else OPEN}] {words}"


def item_text(line: str, *, gfm: bool = True) -> str:
    """The words of one item line, without its bullet, task box and state's marks (a
    plain line as is)."""
    t = read_task(line, gfm=gfm)
    if t is not None:
        return t.words.strip()
    m = BULLET.match(line)
    return m.group("text") if m else line.strip()
