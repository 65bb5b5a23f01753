"""Search: every answer and question heading of the notes, case and width folded."""

from __future__ import annotations

from dtrcli.notebook import index, indextext

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from dtrcli.notebook.listing import Row
    from dtrcli.notebook.notes import Note

    Listed = Note | Row  # what search is given: notes read, or the index's rows of them

# The note format and the Note class are imported when a note must be read: a search
# the index answers makes its hits from the questions it keeps, without them.


def read_text(path: Path) -> str:
    from dtrcli.notebook.noteformat import read_text as read

    return read(path)


class Hit:
    """A match: the note, the heading it falls under, the question's id, the matching
    line (the snippet) and where the match is in it."""

    __slots__ = ("note", "question", "qid", "line", "start", "end")

    def __init__(
        self, note: Listed, question: str, qid: str | None, line: str, start: int, end: int
    ) -> None:
        self.note, self.question, self.qid = note, question, qid
        self.line, self.start, self.end = line, start, end

    def _fields(self) -> tuple[object, ...]:
        return (self.note, self.question, self.qid, self.line, self.start, self.end)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hit) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return "Hit({}, {!r}, {!r}, {!r}, {}, {})".format(*self._fields())


def find_folded(line: str, needle: str) -> tuple[int, int] | None:
    """Where a casefolded needle occurs in ``line``, as positions in ``line`` itself.

    Casefolding can change a string's length ('ß' -> 'ss'), so the match is
    found in the folded line and mapped back character by character.
    """
    whole = line.casefold()
    if len(whole) == len(line):  # each character folds to one: positions are the same
        pos = whole.find(needle)
        return None if pos < 0 else (pos, pos + len(needle))
    folded: list[str] = []
    origin: list[int] = []
    for position, ch in enumerate(line):
        cf = ch.casefold()
        folded.append(cf)
        origin += [position] * len(cf)
    pos = "".join(folded).find(needle)
    if pos < 0:
        return None
    return origin[pos], origin[pos + len(needle) - 1] + 1


def _prompts_of(template_id: str) -> Any:
    """The prompts of a template (the templates are loaded only for a note that lost a
    marker: most searches never need them)."""
    from dtrcli.conversation.templates import prompts_of

    return prompts_of(template_id)


def _bare(text: str) -> str:
    """Text without backslashes: a note's escapes cannot hide a word from the cheap test."""
    return text.replace("\\", "")


def search(
    text: str,
    notes: list[Any],
    *,
    narrowed: bool = False,
    texts: list[str | None] | None = None,
) -> list[Hit]:
    """Case-insensitive search of every answer (and question heading); newest note first.

    ``narrowed``: ``notes`` are already only those the index says may mention ``text``
    (:func:`dtrcli.notebook.listing.notes` with a needle), so it is not asked again;
    ``texts``: each note's questions as the index holds them (what listing.notes gives),
    so that only a note without them (None) is read."""
    needle = text.casefold()
    hits: list[Hit] = []
    known = None if narrowed else index.containing(needle)
    for number, note in enumerate(notes):
        stored = texts[number] if texts is not None else None
        if stored is not None and _stored_hits(note, stored, needle, hits):
            continue
        where = (note.path.parent.name, note.path.name)
        if known is not None and note.indexed and where in known[1] and where not in known[0]:
            continue  # the index holds this note's text, as it is now, without the words
        try:
            content = read_text(note.path)
            folded = content.casefold()
            if needle not in folded and _bare(needle) not in _bare(folded):
                continue  # the cheap test first: most notes do not mention it
            from dtrcli.notebook.noteformat import version_of
            from dtrcli.notebook.notes import read_full

            full = read_full(note.path, content, prompts_of=_prompts_of)
        except Exception:  # noqa: BLE001 - a note that cannot be read was warned about already
            continue
        questions = indextext.question_lines(full.blocks, version_of(full.note.meta))
        _hits_of(note, questions, needle, hits)
    return hits


def _hits_of(
    note: Listed, questions: indextext.QuestionLines, needle: str, hits: list[Hit]
) -> None:
    """The hits in one note's questions (indextext.question_lines), added to ``hits``: each
    line of an answer that holds the needle, else the question's heading if it does."""
    answered: set[str] = set()  # the questions with a hit in their answer
    for heading, qid, lines in questions:
        # One test of the whole answer first (casefolding is a character at a time, so
        # a line that holds the needle folded is in the answer folded): most do not.
        if lines and needle in "\n".join(lines).casefold():
            for line in lines:
                span = find_folded(line, needle) if needle in line.casefold() else None
                if span is not None:
                    hits.append(Hit(note, heading, qid, line, *span))
                    answered.add(qid)
        span = find_folded(heading, needle) if needle in heading.casefold() else None
        if span is not None and qid not in answered:
            hits.append(Hit(note, heading, qid, heading, *span))
            answered.add(qid)


def _stored_hits(note: Listed, stored: str, needle: str, hits: list[Hit]) -> bool:
    """:func:`_hits_of` for a note's questions as the index holds them (encoded by
    indextext.encode_lines): the same hits in the same order, the lines that hold the
    needle found in the whole text casefolded at once; False, with no hit added, for a
    text the index could not have written (the note is read instead)."""
    parts = stored.split("\n") if stored else []
    spans = indextext.layout(parts)
    if spans is None:
        return False
    # Casefolding is a character at a time and no character folds to a line break, so
    # line n of the folded text is line n folded.
    folded = stored.casefold()
    held: set[int] = set()  # the lines where the needle folded starts (a line of each)
    line, seen, at = 0, 0, folded.find(needle)
    while at >= 0:
        line += folded.count("\n", seen, at)
        held.add(line)
        seen = folded.find("\n", at)
        if seen < 0:
            break
        at = folded.find(needle, seen + 1)
    if not held:
        return True
    wanted = sorted(held)
    first = wanted[0]  # the first of them not yet passed
    last = wanted[-1]
    answered: set[str] = set()
    for at, end in spans:
        if first >= end:
            continue  # no line of this question holds it
        if at > last:
            break
        first = next((n for n in wanted if n >= end), last + 1)
        qid, heading = parts[at], parts[at + 1]
        for number in range(at + 3, end):
            if number in held:
                line_text = parts[number]
                span = find_folded(line_text, needle)
                if span is not None:
                    hits.append(Hit(note, heading, qid, line_text, *span))
                    answered.add(qid)
        if at + 1 in held and qid not in answered:
            span = find_folded(heading, needle)
            if span is not None:
                hits.append(Hit(note, heading, qid, heading, *span))
                answered.add(qid)
    return True


def snippet(hit: Hit, width: int = 80) -> tuple[str, int, int]:
    """The matching line cut to about ``width`` characters around the match."""
    line, start, end = hit.line, hit.start, hit.end
    if len(line) <= width:
        return line, start, end
    room = width - 6  # the two "..."
    left = max(0, start - (room - (end - start)) // 2)
    right = max(end, min(len(line), left + room))
    left = min(start, max(0, right - room))
    # Cut between words, never inside the match.
    if left > 0:
        space = line.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(line):
        space = line.rfind(" ", end, right)
        right = space if space != -1 else right
    prefix = "..." if left > 0 else ""
    suffix = "..." if right < len(line) else ""
    cut = prefix + line[left:right] + suffix
    return cut, start - left + len(prefix), end - left + len(prefix)
