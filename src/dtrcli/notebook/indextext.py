"""The text the index keeps for search: what it is made of, how it is stored and asked.

For each note the index keeps three things, apart from the small rows listings read:

- ``texts.body``: the lines of every answer as typed (``question_lines``), casefolded,
  one a line: what SQLite looks for the words in (``GLOB``, which finds a literal
  text far faster than ``instr``; the text holds no NUL, where ``GLOB`` would stop);
- ``texts.heads``: the note's question headings, casefolded, kept once for all the
  notes that share them (table ``headings``: a template's headings are the same in
  each of its notes, and were half of every note's text);
- ``typed.lines``: each question's heading, id and answer lines as typed, what the
  hits are made of, so that no matching note is read again; None for a note search
  must read itself (one whose question heading lost its marker: search warns).

Every part is a superset test only: a hit is always worked out from the lines, exactly
as from the note itself.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any


QuestionLines = list[tuple[str, str, list[str]]]  # (heading, question id, lines)
Text = tuple[str | None, str | None, str | None]  # body, headings (casefolded), lines


def searchable(text: str) -> Text:
    """:func:`searchable_body` of a whole note ((None, None, None) for a note that cannot be
    split: search reads such a note itself)."""
    from dtrcli.errors import NoteError
    from dtrcli.notebook.noteformat import split_front_matter

    try:
        meta, body, _ = split_front_matter(text, Path("note"))
    except NoteError:
        return None, None, None
    return searchable_body(body, meta)


def searchable_body(body: str, meta: dict[str, Any]) -> Text:
    """What search looks at in a note's body (the part after the front matter), as the
    index keeps it (see the module's notes)."""
    from dtrcli.notebook.noteformat import parse_blocks, version_of

    blocks = parse_blocks(body)
    questions = question_lines(blocks, version_of(meta))
    answers = "\n".join(line for _, _, lines in questions for line in lines).casefold()
    heads = "\n".join(heading for heading, _, _ in questions).casefold()
    whole = any(b.unmarked or b.kind == "unreadable" for b in blocks)
    return answers, heads, None if whole else encode_lines(questions)


def question_lines(blocks: list[Any], version: int) -> QuestionLines:
    """Each question of a note (its blocks from parse_blocks) as search sees it: the
    heading, the question's id and the lines of its answer as typed, each stripped
    (without empty lines and dtr's placeholder for no answer)."""
    from dtrcli.notebook.noteformat import NO_ANSWER, unescape

    found: QuestionLines = []
    for block in blocks:
        if block.kind != "question":
            continue
        raw = block.raw.split("\n")
        as_typed = unescape(block.raw, version)  # as typed, not as escaped
        if as_typed is block.raw:  # nothing was escaped (most answers)
            lines = [
                stripped for line in raw if (stripped := line.strip()) and stripped != NO_ANSWER
            ]
        else:
            lines = [
                stripped
                for written, line in zip(raw, as_typed.split("\n"), strict=True)
                if (stripped := line.strip()) and written.strip() != NO_ANSWER
            ]
        found.append((block.heading, block.qid or "", lines))
    return found


def encode_lines(questions: QuestionLines) -> str:
    """:func:`question_lines` as one text, one a line: for each question its id, its
    heading, how many lines its answer has and those lines (no line holds a line break)."""
    parts: list[str] = []
    for heading, qid, lines in questions:
        parts += (qid, heading, str(len(lines)), *lines)
    return "\n".join(parts)


def decode_lines(text: str) -> QuestionLines | None:
    """What :func:`encode_lines` made of a note's questions (None for a text it cannot
    have made: the note is read instead)."""
    parts = text.split("\n") if text else []
    spans = layout(parts)
    if spans is None:
        return None
    return [(parts[at + 1], parts[at], parts[at + 3 : end]) for at, end in spans]


def layout(parts: list[str]) -> list[tuple[int, int]] | None:
    """Where each question is in the lines of a text :func:`encode_lines` made: the index
    of its id (its heading follows, then its count, then its answer's lines) and the end
    of its answer. None for lines it cannot have made."""
    spans: list[tuple[int, int]] = []
    add, size, at = spans.append, len(parts), 0
    try:
        while at < size:
            count = parts[at + 2]  # IndexError: an id and a heading without a count
            if not parts[at] or not count.isdecimal():  # isdecimal: what int() reads
                return None
            end = at + 3 + int(count)
            add((at, end))
            at = end
    except IndexError:
        return None
    return spans if at == size else None  # else the last answer has fewer lines than said


def pattern(needle: str) -> str:
    """The GLOB pattern of any text that holds ``needle``."""
    special = {"*": "[*]", "?": "[?]", "[": "[[]"}
    return "*" + "".join(special.get(ch, ch) for ch in needle) + "*"


def may_mention(within: str) -> str:
    """The notes that may mention the words, joined to their rows (a FROM clause): those
    whose answers or headings hold them, those not settled and those whose text is not
    kept, of the folders ``within`` says (a condition on ``folder``). Its arguments: the
    pattern twice, then ``within``'s four times.

    The texts are read in the order they are stored, one pass over them, and only the
    notes found are looked up (joined to the notes a note at a time, the texts would be
    read in the listing's order, a look-up each: twice the time); the notes without text
    come from the two indexes of names, side by side."""
    return (
        "(SELECT folder, name FROM texts WHERE (body GLOB ? "
        f"OR heads IN (SELECT id FROM headings WHERE text GLOB ?)) AND {within} "
        f"UNION SELECT folder, name FROM notes WHERE settled = 0 AND {within} "
        f"UNION SELECT * FROM (SELECT folder, name FROM notes WHERE {within} "
        "EXCEPT SELECT folder, name FROM texts "
        f"WHERE body IS NOT NULL AND heads IS NOT NULL AND {within} ORDER BY 1, 2)) AS maybe "
        "CROSS JOIN notes USING (folder, name)"
    )


def write(db: sqlite3.Connection, rows: list[tuple[str, str, Text]]) -> None:
    """Store the text of notes, (folder, file name, text) each (inside a transaction); a
    note with no text kept has none stored (any it had goes)."""
    ids: dict[str, int] = {}
    stored = []
    forget(db, [(folder, name) for folder, name, text in rows if text == (None, None, None)])
    for folder, name, (body, heads, lines) in rows:
        if body is None and heads is None and lines is None:
            continue
        head = None
        if heads is not None:
            head = ids.get(heads)
            if head is None:
                db.execute("INSERT OR IGNORE INTO headings (text) VALUES (?)", (heads,))
                (head,) = db.execute("SELECT id FROM headings WHERE text = ?", (heads,)).fetchone()
                ids[heads] = head
        stored.append((folder, name, body, head, lines))
    db.executemany(
        "INSERT OR REPLACE INTO texts (folder, name, body, heads) VALUES (?, ?, ?, ?)",
        [row[:4] for row in stored],
    )
    db.executemany(
        "INSERT OR REPLACE INTO typed (folder, name, lines) VALUES (?, ?, ?)",
        [(*row[:2], row[4]) for row in stored],
    )


def forget(db: sqlite3.Connection, notes: list[tuple[str, str]]) -> None:
    """Remove the text of notes, (folder, file name) each."""
    for table in TABLES[:2]:
        db.executemany(f"DELETE FROM {table} WHERE folder = ? AND name = ?", notes)


TABLES = ("texts", "typed", "headings")  # where text is kept


def containing(
    db: sqlite3.Connection, needle: str
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]] | None:
    """Which stored notes mention ``needle`` (casefolded) in a heading or an answer, as
    (folder, file) pairs, and which stored notes have their text in the index at all (a
    note without it must be read). None when the index cannot say."""
    found: set[tuple[str, str]] = set()
    present: set[tuple[str, str]] = set()
    glob = pattern(needle)
    try:
        for folder, name, hit in db.execute(
            "SELECT folder, name, body GLOB ? OR heads IN (SELECT id FROM headings WHERE text "
            "GLOB ?) FROM notes JOIN texts USING (folder, name)"
            " WHERE body IS NOT NULL AND heads IS NOT NULL AND settled = 1",
            (glob, glob),
        ):
            present.add((folder, name))
            if hit:
                found.add((folder, name))
    except sqlite3.Error:
        return None
    return found, present
