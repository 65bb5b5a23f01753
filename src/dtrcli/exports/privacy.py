"""What may be shared: the rules every format for others follows.

A question is private when its marker says so, when its template says so
(even if the marker lost the word), when its heading ends "(private)" or
starts "Mentor only", or when it stands in a section whose title does.

Any line, list item, paragraph, heading or table row marked "Mentor only",
however it is written, is left out with what belongs to it. A line is
marked when, once it is made plain (Unicode compatibility forms and accents
folded, invisible characters dropped, every dash a '-' and every colon a
':', look-alike letters from other alphabets read as Latin), it starts with
the words "mentor only" (or "mentors only") after any bullets, numbers, task
boxes, quote marks, emphasis, code marks, brackets, heading or table marks,
and the words are not followed by a letter or digit; the words may be
written together or apart (spaces, hyphens, underscores, dots ...), in any
case. A line that holds the words further on, as a label (followed by a
colon or a dash, or ending the line) or in brackets, is left out too. The
words "mentor" and "only" with a colon between them ("Mentors: only Alice
can ...") are not a mark, nor are other words that start the same
("Mentorship only ...").

``share``, ``export --no-private``, ``summary`` and every other copy meant
for someone else go through :func:`hidden_questions` and :func:`shared_lines`
(or :func:`shared_sections`, :func:`shared_answers`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from dtrcli.conversation.questions import parse_answer
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import template_of
from dtrcli.errors import NoteError
from dtrcli.module.followups import Followup
from dtrcli.notebook import items
from dtrcli.notebook.markers import lost_marker_hint, warn_lost_markers, warn_unreadable_markers
from dtrcli.notebook.notes import FullNote

# --- a line made plain ------------------------------------------------------------------

# Characters that read as something else: colons, dashes, apostrophes, look-alike letters
# of other alphabets, and blanks that are letters to Unicode (each after casefolding and
# NFKD, which already turn the full-width, small, circled and styled forms into ASCII).
_AS: dict[str, str] = {
    **dict.fromkeys("ː˸꞉∶∷։׃܃܄፡፥᠄⁚ꓽ᛬⦂", ":"),
    **dict.fromkeys("−⁃˗➖ー─━⎯﹘", "-"),
    **dict.fromkeys("ʼʻˈʹ′‛", "'"),
    **dict.fromkeys("\u115f\u1160\u3164\uffa0", ""),
    "\u2800": " ",
    **dict.fromkeys("мμᴍɱ", "m"),
    **dict.fromkeys("еεᴇɛҽє", "e"),
    **dict.fromkeys("пηɴոνռ", "n"),
    **dict.fromkeys("тτᴛ", "t"),
    **dict.fromkeys("оοᴏσօөɵ", "o"),
    **dict.fromkeys("гʀɾᴦ", "r"),
    **dict.fromkeys("ѕꜱ", "s"),
    **dict.fromkeys("ӏʟǀɩł", "l"),
    **dict.fromkeys("іιı", "i"),
    **dict.fromkeys("уүγʏυ", "y"),
}
_DROPPED = ("Cf", "Cc", "Cn", "Co", "Cs")  # invisible: format, control, unassigned ...


def plain(line: str) -> str:
    """A line as the privacy rules read it: casefolded, compatibility forms and accents
    folded, invisible characters dropped, dashes '-', colons ':', look-alikes Latin."""
    if "&" in line:
        line = html.unescape(line)
    if line.isascii():
        return line.lower()
    out = []
    for ch in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", line).casefold()):
        if ch.isascii():
            out.append(ch)
        elif ch in _AS:
            out.append(_AS[ch])
        else:
            kind = unicodedata.category(ch)
            if kind[0] == "M" or kind in _DROPPED:
                continue  # accents, zero-width and direction marks, soft hyphens ...
            out.append("-" if kind == "Pd" else " " if kind[0] == "Z" else ch)
    return "".join(out)


# --- "Mentor only", however it is written ---------------------------------------------

_GAP = r"(?:[^\w:]|_)*"  # between the letters: anything but letters, digits and colons
_WORDS = _GAP.join(["(?:m|rn)", "e", "n", "t", "[o0]", "r"]) + f"(?:{_GAP}s)?{_GAP}"
_WORDS += _GAP.join(["[o0]", "n", "[l1i|]", "y"])
_ALONE = r"(?![^\W_])"  # not followed by a letter or a digit
# What may stand before the words: bullets, numbers, task boxes, "a)", Slack's :emoji:,
# quote, emphasis, code, bracket, heading and table marks, any other sign.
_LEAD = re.compile(
    r"(?:\[[^\]]{0,3}\]|(?<![^\W_])[a-z]{1,3}[.)](?=\s)|:[a-z0-9_+-]{1,40}:|[^\w]|_|\d)*"
)


def _lead(text: str) -> int:
    m = _LEAD.match(text)
    return m.end() if m else 0


_STARTS = re.compile(_WORDS + _ALONE)
_INSIDE = re.compile(r"(?<![^\W_])" + _WORDS + _ALONE)
# Then a colon, a dash or the end of the line (not a sentence's end).
_AS_LABEL = re.compile(r"(?:[^\w:.,;!?-]|_)*(?:[:-]|$)")
_OPENING = re.compile(r"[(\[{<«‹「『【〔〈《](?:[^\w]|_)*$")  # in brackets
_TAG = re.compile(r"<!--.*?-->|</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>")


def mentor_only(line: str) -> bool:
    """Whether a line (or list item, heading, table row) is marked "Mentor only"."""
    text = plain(line)
    if "n" not in text:  # the cheap test first: every way of writing it has an n
        return False
    for variant in {text, _TAG.sub("", text)}:
        cells = [variant, *variant.split("|")] if "|" in variant else [variant]
        if any(_STARTS.match(cell, _lead(cell)) for cell in cells):
            return True
        for m in _INSIDE.finditer(variant):
            if _AS_LABEL.match(variant, m.end()) or _OPENING.search(variant, 0, m.start()):
                return True
    return False


_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s|$)")
_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _indent(line: str) -> int:
    text = plain(line) if not line.isascii() else line
    return len(text) - len(text.lstrip())


def hidden_lines(raw: str) -> list[bool]:
    """For each line of an answer: whether it is left out of what is shared.

    A "Mentor only" line is left out with the rest of its paragraph (up to a blank
    line or the next list item) and whatever is indented under it; a heading with
    everything up to the next heading of its level or above; a table row alone (a
    header row: the whole table).
    """
    lines = raw.split("\n")
    hidden = [False] * len(lines)
    mode = ""  # what is being left out: "" nothing, "para", "heading", "table"
    under = 0  # the paragraph's indent, or the heading's level
    ended = False  # a blank line closed the paragraph
    for number, line in enumerate(lines):
        heading = _HEADING.match(line)
        if (mode == "heading" and heading and len(heading[1]) <= under) or (
            mode == "table" and not _TABLE_ROW.match(line)
        ):
            mode = ""  # the next heading of its level, the table's end
        elif mode == "para":
            if not line.strip():
                ended = True
                continue
            if _UNDERLINE.match(line) and not ended:  # "Mentor only" above "---": a heading
                mode, under = "heading", 1 if "=" in line else 2
            elif _indent(line) > under or not (ended or items.ITEM_START.match(line) or heading):
                hidden[number] = True
                continue  # under the hidden item, or the same paragraph going on
            else:
                mode = ""
        if mode:
            hidden[number] = True
            continue
        if not mentor_only(line):
            continue
        hidden[number] = True
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if heading:
            mode, under = "heading", len(heading[1])
        elif _TABLE_ROW.match(line):
            mode = "table" if _TABLE_RULE.match(following) else ""
        else:
            mode, under, ended = "para", _indent(line), False
    return hidden


def shared_lines(raw: str) -> list[str]:
    """The lines of an answer without its "Mentor only" parts (see :func:`hidden_lines`)."""
    return [line for line, hide in zip(raw.split("\n"), hidden_lines(raw), strict=True) if not hide]


def shared_text(raw: str) -> str:
    return "\n".join(shared_lines(raw)).strip("\n")


# --- private questions ----------------------------------------------------------------

_PRIVATE_TAIL = re.compile(r"[(\[{]\W*private\W*$")


def private_heading(heading: str) -> bool:
    """A question heading (or a section title) that says it is private."""
    return bool(_PRIVATE_TAIL.search(plain(heading).rstrip())) or mentor_only(heading)


def private_questions(template_id: str) -> set[str]:
    """The template's private questions: private even if a marker lost its 'private'
    (and those whose prompt starts "Mentor only")."""
    return private_of(template_of(template_id))


def private_of(template: Template | None) -> set[str]:
    """:func:`private_questions` of a template at hand."""
    if template is None:
        return set()
    return {q.id for q in template.questions if q.private or private_heading(q.prompt)}


def hidden_questions(full: FullNote, private: set[str] | None = None) -> set[str]:
    """The note's questions whose answers are never shared: private by the marker, the
    template (``private``: its private questions, if at hand) or the heading, or in a
    section that is."""
    if private is None:
        private = private_questions(full.note.template_id)
    hidden = set(private)
    section_private = False
    for block in full.blocks:
        if block.kind == "section":
            section_private = private_heading(block.heading)
        elif block.qid is not None and (
            block.private or section_private or private_heading(block.heading)
        ):
            hidden.add(block.qid)
    return hidden


def check_markers(full: FullNote) -> None:
    """Refuse a note whose private question lost its marker (its answer would be shared
    with the one above); warn about every other marker lost or unreadable."""
    for item in full.lost:
        if item.private and item.into:
            raise NoteError(
                f"{full.path.name}: line {item.line}: the private question '{item.heading}' has "
                f"lost its marker, so its answer would be shared; "
                f"{lost_marker_hint(item, full.note.template_id)} "
                f"(dtr edit {full.path.parent.name} {full.path.name}) and share again."
            )
    warn_lost_markers(full.path, full.lost, full.note.template_id)
    warn_unreadable_markers(full.path, full.unreadable, full.note.template_id)


def shared_answers(full: FullNote, hidden: set[str] | None = None) -> dict[str, str]:
    """The raw Markdown of each answer that may be shared, its "Mentor only" parts left
    out (an answer that was nothing else is left empty). ``hidden``: the note's
    :func:`hidden_questions`, if at hand."""
    if hidden is None:
        hidden = hidden_questions(full)
    return {qid: shared_text(raw) for qid, raw in full.note.answers.items() if qid not in hidden}


def shared_sections(full: FullNote) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(question, answer markdown)]) without private or unanswered parts.

    A private question whose marker was removed would be shared as part of the answer
    above it, so such a note is refused until the marker is back.
    """
    check_markers(full)
    hidden = hidden_questions(full)
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for block in full.blocks:
        if block.kind == "section":
            out.append((block.heading, []))
            continue
        if block.qid is None or block.qid in hidden or parse_answer(None, block.raw) is None:
            continue
        answer = shared_text(block.raw)
        if not answer.strip():
            continue
        if not out:
            out.append(("", []))
        out[-1][1].append((block.heading, answer))
    return [(title, items) for title, items in out if items]


def shared_followups(
    full: FullNote, found: Iterable[Followup], hidden: set[str] | None = None
) -> list[Followup]:
    """The follow-ups of ``full`` that may be shared: not under a private question, not
    a "Mentor only" item, nor under one."""
    if hidden is None:
        hidden = hidden_questions(full)
    from dtrcli.notebook.noteformat import gfm_tasks, unescape_words, version_of

    version = version_of(full.note.meta)
    gfm = gfm_tasks(version)
    kept: dict[str, list[tuple[str, bool]]] = {}  # each task's words, and whether shared
    for qid, raw in full.note.answers.items():
        kept[qid] = [
            (unescape_words(task.words, version).strip(), not hide)
            for task, hide in zip(
                (items.read_task(line, gfm=gfm) for line in raw.split("\n")),
                hidden_lines(raw),
                strict=True,
            )
            if task
        ]
    out = []
    for f in found:
        tasks = kept.get(f.question, [])
        if f.question not in hidden and f.index < len(tasks) and tasks[f.index] == (f.text, True):
            out.append(f)
    return out
