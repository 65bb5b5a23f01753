"""Question headings whose dtr marker was lost or garbled in an edit by hand: found in
a note's blocks, each with the sentence that says how to put it back, and warned about.

A heading that lost its marker no longer starts an answer (its text joins the answer
before it); one whose marker cannot be read is kept as text. Neither is dropped
silently: the commands that read notes warn, and ``dtr share`` refuses a copy that
could carry a private answer out.
"""

from __future__ import annotations

import re
from pathlib import Path

from dtrcli import notices
from dtrcli.notebook.noteformat import (
    PRIVATE_SUFFIX,
    Block,
    Prompts,
    marker,
)
from dtrcli.patterns import Pattern
from dtrcli.records import record

_COMMENTS = Pattern(r"(?:\s*<!-{0,3}[^<>]*>)+\s*$")  # comments that end a heading


def id_hint(qid: str | None, template_id: str) -> str:
    """What to write for ``ID`` in a marker whose question is not known."""
    if qid:
        return ""
    return (
        f", with ID the question's id in lower case as 'dtr templates show {template_id}' "
        "lists them"
    )


@record
class LostMarker:
    """A question heading whose marker was removed: its answer merges into ``into``."""

    line: int  # line number in the file
    heading: str
    qid: str | None  # the template's question with this prompt, if known
    private: bool
    into: str | None  # the question whose answer now holds it (None: under a section)


def _missing_private(blocks: list[Block], prompts: Prompts) -> str | None:
    """The one private question of the template that no marker of the note names."""
    present = {b.qid for b in blocks if b.qid}
    missing = {qid for qid, private in prompts.values() if private and qid not in present}
    return missing.pop() if len(missing) == 1 else None


def lost_markers(blocks: list[Block], body_start: int, prompts: Prompts) -> list[LostMarker]:
    """Headings inside answers that are (or look like) questions of the note's template.

    A heading that ends "(private)" but no longer reads like any question is named
    after the template's private question the note lacks, when there is one.
    """
    lost = []
    for block in blocks:
        for number, heading in block.unmarked:
            heading = _COMMENTS.sub("", heading)
            text = heading.removesuffix(PRIVATE_SUFFIX).strip()
            known = prompts.get(text)
            private = heading.endswith(PRIVATE_SUFFIX) or bool(known and known[1])
            if known is None and not private:
                continue  # a heading the mentor wrote in an answer
            qid = known[0] if known else _missing_private(blocks, prompts)
            line = body_start + number - 1
            lost.append(LostMarker(line, text, qid, private, block.qid))
    return lost


def lost_marker_hint(item: LostMarker, template_id: str) -> str:
    """'put '<!-- dtr:q x -->' back at the end of that line' (saying what ID is)."""
    return (
        f"put '{marker(item.qid, item.private)}' back at the end of that line"
        f"{id_hint(item.qid, template_id)}"
    )


def warn_lost_markers(path: Path, lost: list[LostMarker], template_id: str = "") -> None:
    for item in lost:
        effect = (
            f"its answer is read as part of '{item.into}'"
            if item.into
            else "dtr does not see its answer"
        )
        notices.warn(
            f"{path}: line {item.line}: the question '{item.heading}' has lost its marker, so "
            f"{effect}; {lost_marker_hint(item, template_id)} "
            f"(dtr edit {path.parent.name} {path.name})."
        )


@record
class UnreadableMarker:
    """A heading whose marker dtr cannot read (wrong case, a typo): its answer is not read."""

    line: int  # line number in the file
    written: str  # the marker as written
    heading: str
    section: bool  # meant as a section's marker
    qid: str | None  # the question it was meant for, if that can be known
    private: bool


_MEANT_ID = Pattern(r"\bq\W*\s([^\s<>]+)", re.I)


def unreadable_markers(
    blocks: list[Block], body_start: int, prompts: Prompts
) -> list[UnreadableMarker]:
    """The markers dtr cannot read, each with the one it was meant to be (if known): the
    question its id names in another case, or whose prompt its heading is, or (for a
    private one) the template's private question the note lacks."""
    found = []
    ids = dict(prompts.values())
    for block in blocks:
        if block.kind != "unreadable":
            continue
        words = block.marker.casefold()
        text = block.heading.removesuffix(PRIVATE_SUFFIX).strip()
        meant = _MEANT_ID.search(block.marker)
        typed = meant[1].casefold().replace("-", "_").strip("\"'") if meant else ""
        known = prompts.get(text)
        private = "priv" in words or block.heading.endswith(PRIVATE_SUFFIX)
        section = "sec" in words and not meant
        qid: str | None = None
        if typed in ids:
            qid = typed
        elif known:
            qid = known[0]
        elif private:
            qid = _missing_private(blocks, prompts)
        private = private or bool(qid and ids.get(qid))
        line = body_start + block.line - 1
        found.append(UnreadableMarker(line, block.marker, text, section, qid, private))
    return found


def warn_unreadable_markers(
    path: Path, unreadable: list[UnreadableMarker], template_id: str = ""
) -> None:
    for item in unreadable:
        meant = "<!-- dtr:section -->" if item.section else marker(item.qid, item.private)
        hint = "" if item.section else id_hint(item.qid, template_id)
        notices.warn(
            f"{path}: line {item.line}: dtr cannot read the marker '{item.written}', so the "
            f"answer under '{item.heading}' is not read (not exported, searched or shared); "
            f"write '{meant}' instead, in lower case as dtr writes it{hint} "
            f"(dtr edit {path.parent.name} {path.name})."
        )
