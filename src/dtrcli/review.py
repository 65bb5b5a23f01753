"""After the meeting: search the notes, share one with the mentee, sum up a module, export.

Everything here reads the note files; nothing is kept anywhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtrcli import library, store
from dtrcli.errors import NoteError
from dtrcli.notes import (
    NO_ANSWER,
    Block,
    LostMarker,
    Note,
    parse_answer,
    parse_blocks,
    parse_body,
    read_note,
    read_text,
    report_lost_markers,
    split_front_matter,
    template_of,
    unescape,
    warn_lost_markers,
)

if TYPE_CHECKING:
    from dtrcli.templates import Template

# Follow-up items the mentor keeps for themself (left out of what is shared).
_MENTOR_ONLY = re.compile(r"^\s*mentor[\s_-]*only[\s*_~]*[:\-\u2013\u2014]", re.I)
# What may come before a line's words: a bullet or number, a task box, emphasis.
_LEAD = re.compile(r"^(\s*)(?:(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX>\-~]\]\s+)?)?[*_~\s]*")
_ITALIC = re.compile(r"(?<![*\w])\*(?![*\s])([^*]+?)(?<!\s)\*(?![*\w])")
_TASK = re.compile(r"^(\s*)[-*+]\s+\[([ xX>\-~])\]\s+(.*)$")
_ITEM = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_ITEM_START = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")


@dataclass
class FullNote:
    note: Note
    blocks: list[Block]
    body_start: int  # line number in the file where the body starts
    lost: list[LostMarker] = field(default_factory=list)  # questions without their marker

    @property
    def path(self) -> Path:
        return self.note.path


def read_full(path: Path, text: str | None = None, *, warn: bool = True) -> FullNote:
    """A note with its marked blocks, reading the file once (or using ``text``).

    ``warn``: warn about question headings that lost their marker (else the
    caller does, from ``FullNote.lost``)."""
    if text is None:
        text = read_text(path)
    meta, body, start = split_front_matter(text, path)
    note = Note(path=path, meta=meta)
    blocks = parse_blocks(body)
    note.answers, note.private = parse_body(body, blocks)
    lost = report_lost_markers(path, blocks, start, note.template_id, warn=warn)
    return FullNote(note, blocks, start, lost)


# --- search --------------------------------------------------------------------


@dataclass
class Hit:
    note: Note
    question: str  # the heading the match falls under
    qid: str | None
    line: str  # the matching line (the snippet)
    start: int  # match position within `line`
    end: int


def find_folded(line: str, needle: str) -> tuple[int, int] | None:
    """Where a casefolded needle occurs in ``line``, as positions in ``line`` itself.

    Casefolding can change a string's length ('ß' -> 'ss'), so the match is
    found in the folded line and mapped back character by character.
    """
    folded: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(line):
        cf = ch.casefold()
        folded.append(cf)
        origin += [index] * len(cf)
    pos = "".join(folded).find(needle)
    if pos < 0:
        return None
    return origin[pos], origin[pos + len(needle) - 1] + 1


def search(text: str, notes: list[Note]) -> list[Hit]:
    """Case-insensitive search of every answer (and question heading); newest note first."""
    needle = text.casefold()
    hits: list[Hit] = []
    for note in notes:
        try:
            content = read_text(note.path)
            if needle not in content.casefold():
                continue  # the cheap test first: most notes do not mention it
            full = read_full(note.path, content)
        except Exception:  # noqa: BLE001 - a note that cannot be read was warned about already
            continue
        for block in full.blocks:
            if block.kind != "question":
                continue
            for line in block.raw.split("\n"):
                stripped = line.strip()
                if stripped == NO_ANSWER:
                    continue  # dtr's placeholder is not something anyone said
                span = find_folded(stripped, needle) if needle in line.casefold() else None
                if span is not None:
                    hits.append(Hit(note, block.heading, block.qid, stripped, *span))
            span = find_folded(block.heading, needle)
            if span is not None and not any(h.qid == block.qid and h.note is note for h in hits):
                hits.append(Hit(note, block.heading, block.qid, block.heading, *span))
    return hits


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


# --- share -----------------------------------------------------------------------


def mentor_only(line: str) -> bool:
    """Whether a line (or list item) is marked "Mentor only:", however it is written."""
    lead = _LEAD.match(line)
    return bool(_MENTOR_ONLY.match(line[lead.end() if lead else 0 :]))


def _shared_lines(raw: str) -> list[str]:
    """The lines of an answer without "Mentor only:" items or paragraphs, however they
    are written (bullet, number, task, bold): the whole paragraph up to a blank line or
    the next list item, and whatever is indented under it."""
    lines: list[str] = []
    hidden_under: int | None = None  # indent of the mentor-only line being left out
    ended = False  # a blank line closed its paragraph
    for line in raw.split("\n"):
        indent = len(line) - len(line.lstrip())
        if hidden_under is not None:
            if not line.strip():
                ended = True
                lines.append(line)
                continue
            if indent > hidden_under or not (ended or _ITEM_START.match(line)):
                continue  # under the hidden item, or the same paragraph going on
            hidden_under = None
        if mentor_only(line):
            hidden_under, ended = indent, False
            continue
        lines.append(line)
    return lines


def shared_sections(full: FullNote) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(question, answer markdown)]) without private or unanswered parts.

    A private question whose marker was removed would be shared as part of the answer
    above it, so such a note is refused until the marker is back.
    """
    for item in full.lost:
        if item.private and item.into:
            raise NoteError(
                f"{full.path.name}: line {item.line}: the private question '{item.heading}' has "
                f"lost its marker, so its answer would be shared; put "
                f"'<!-- dtr:q {item.qid or 'ID'} private -->' back at the end of that line "
                f"(dtr edit {full.path.parent.name} {full.path.name}) and share again."
            )
    warn_lost_markers(full.path, full.lost)
    private = _private_questions(full.note.template_id)
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for block in full.blocks:
        if block.kind == "section":
            out.append((block.heading, []))
            continue
        if (
            block.private
            or block.qid in private
            or block.heading.endswith("(private)")
            or parse_answer(None, block.raw) is None
        ):
            continue
        answer = "\n".join(_shared_lines(block.raw)).strip("\n")
        if not answer.strip():
            continue
        if not out:
            out.append(("", []))
        out[-1][1].append((block.heading, answer))
    return [(title, items) for title, items in out if items]


def _private_questions(template_id: str) -> set[str]:
    """The template's private questions: private even if a marker lost its 'private'."""
    template = template_of(template_id)
    return {q.id for q in template.questions if q.private} if template else set()


def share_markdown(full: FullNote) -> str:
    n = full.note
    lines = [f"# {n.title or n.template_id}", "", f"{n.date}", ""]
    for title, items in shared_sections(full):
        if title:
            lines += [f"## {title}", ""]
        for question, answer in items:
            lines += [f"**{question}**", "", answer, ""]
    return "\n".join(lines).rstrip() + "\n"


def _slack_line(line: str) -> str:
    m = _TASK.match(line)
    if m:
        mark = {"x": "✅ ", "X": "✅ ", "-": "~", "~": "~", ">": "➡️ "}.get(m.group(2), "")
        text = _slack_inline(m.group(3))
        if mark == "~":
            return f"{m.group(1)}• ~{text}~"
        return f"{m.group(1)}• {mark}{text}"
    m = _ITEM.match(line)
    if m:
        return f"{m.group(1)}• {_slack_inline(m.group(2))}"
    return _slack_inline(re.sub(r"^#{1,6}\s+", "", unescape(line)), unescaped=True)


def _slack_inline(text: str, unescaped: bool = False) -> str:
    # dtr's own escape of a line that looks like its markers, and HTML comments, mean
    # nothing in Slack; Markdown *italic* is Slack _italic_ and **bold** is *bold*.
    if not unescaped:
        text = unescape(text)
    text = re.sub(r"\s*<!--.*?-->", "", text)
    text = _ITALIC.sub(r"_\1_", text)
    return re.sub(r"\*\*(.+?)\*\*", r"*\1*", text)


def share_slack(full: FullNote) -> str:
    """Slack's own markup: *bold*, bullet lines, no headings; ready to paste."""
    n = full.note
    lines = [f"*{n.title or n.template_id}* ({n.date})", ""]
    for title, items in shared_sections(full):
        if title:  # sections in bold, questions in italics: the two read apart
            lines += [f"*{title}*", ""]
        for question, answer in items:
            lines.append(f"_{question}_")
            lines += [_slack_line(line) for line in answer.split("\n")]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- summary -----------------------------------------------------------------------


def module_summary(
    notes: list[Note], templates: dict[str, Template]
) -> tuple[list[str], list[tuple[str, dict[str, list[tuple[str, str]]]]]]:
    """Topics across the module's conversations.

    Returns the conversation ids in module order and rows of (topic, {conversation:
    [(question, answer)]}), taking each conversation's latest note. The pairing comes
    from the templates' ``topic`` keys.
    """
    latest: dict[str, Note] = {}
    for note in notes:  # newest first
        latest.setdefault(note.template_id, note)
    order = sorted(latest, key=lambda t: (templates[t].weeks if t in templates else (99,), t))
    rows: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for tid in order:
        template = templates.get(tid)
        if template is None:
            continue
        answers = read_note(latest[tid].path).answers
        for q in template.questions:
            if not q.topic or q.topic == "followups" or q.private:
                continue
            value = parse_answer(q, answers.get(q.id, ""))
            if value is None:
                continue
            text = "; ".join(value) if isinstance(value, list) else str(value)
            if isinstance(value, bool):
                text = "yes" if value else "no"
            rows.setdefault(q.topic, {}).setdefault(tid, []).append((q.prompt, text))
    return order, list(rows.items())


# --- export ---------------------------------------------------------------------------


def note_data(
    note: Note, templates: dict[str, Template], *, private: bool = True
) -> dict[str, Any]:
    """A note as data; without ``private``, private answers and "Mentor only:" items
    are left out (what the mentee could see, plus the shared follow-ups' states)."""
    from dtrcli import followups

    text = read_text(note.path)
    full = read_full(note.path, text).note
    template = templates.get(note.template_id)
    data = library.note_summary(note)
    # Everything else the front matter holds (tags, keys added by hand), for a full backup.
    data["front_matter"] = {
        k: v
        for k, v in full.meta.items()
        if k not in ("mentee", "date", "template", "title", "created")
    }
    answers = full.values(template)
    hidden = set(full.private) | _private_questions(note.template_id)
    if not private:
        answers = {
            qid: _without_mentor_only(value) for qid, value in answers.items() if qid not in hidden
        }
    data["answers"] = answers
    data["private"] = sorted(full.private if private else hidden & set(full.answers))
    if not private:
        data["private_left_out"] = True
    # The answers hold the follow-ups' text; their state (done, dropped ...) is kept
    # here too, so an export is a full backup of what the note records.
    data["followups"] = [
        {"question": f.question, "text": f.text, "state": followups.STATES[f.state]}
        for f in followups.note_followups(full, text, template)
        if private or not (f.question in hidden or mentor_only(f.text))
    ]
    return data


def _without_mentor_only(value: Any) -> Any:
    if isinstance(value, list):
        return [v for v in value if not (isinstance(v, str) and mentor_only(v))]
    if isinstance(value, str):
        return "\n".join(_shared_lines(value))
    return value


def export_markdown(notes: list[Note], *, private: bool = True) -> str:
    """One document of every note; without ``private``, each note as its shared copy."""
    parts = ["# DTR notes", "", f"Exported {dt.date.today().isoformat()}, {len(notes)} notes."]
    if not private:
        parts[-1] += " Private answers and mentor-only items are left out."
    parts.append("")
    mentee_label = library.labeler(notes)
    for note in sorted(notes, key=lambda n: (mentee_label(n), n.sort_key())):
        if private:
            text = note.path.read_text(encoding="utf-8")
            _, body, _ = split_front_matter(text, note.path)
            body = re.sub(r" ?<!-- dtr:[^>]*-->[ \t]*$", "", body, flags=re.M)
        else:
            body = share_markdown(read_full(note.path, warn=False))
        # Under the export's own "## mentee: conversation" heading: the note's title
        # becomes a "###" heading, its sections "####" and its questions "#####".
        body = re.sub(r"^(#{1,4}) ", r"##\1 ", body, flags=re.M)
        parts += [f"## {mentee_label(note)}: {note.template_id}, {note.date}", "", body.strip(), ""]
    return "\n".join(parts).rstrip() + "\n"


# --- edit ---------------------------------------------------------------------------------


def editor_command() -> list[str] | None:
    """$VISUAL, else $EDITOR, else a terminal editor on PATH (None: use the system's opener)."""
    import os
    import shlex
    import shutil

    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    for name in ("nano", "vim", "vi"):
        if shutil.which(name):
            return [name]
    return None


def markers(text: str, path: Path) -> dict[str, tuple[int, str]]:
    """Question id -> (line number in the file of its marked heading, the marker)."""
    try:
        _, body, start = split_front_matter(text, path)
    except Exception:  # noqa: BLE001 - a broken file has no markers to compare
        return {}
    return {
        b.qid: (start + b.line - 1, f"<!-- dtr:q {b.qid}{' private' if b.private else ''} -->")
        for b in parse_blocks(body)
        if b.qid
    }


def check_edit(before: str, after: str, path: Path) -> list[str]:
    """Problems that would stop dtr reading the edited note back."""
    try:
        after.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8, kept by surrogateescape
        line = next(n for n, t in enumerate(after.split("\n"), 1) if not _encodes(t))
        return [f"line {line}: the text is not UTF-8 (save the file as UTF-8)"]

    try:
        split_front_matter(after, path)
    except NoteError as exc:
        # Markers cannot be compared in a file that does not parse; this is the problem.
        return [str(exc).removeprefix(f"{path}: ").rstrip(".")]
    problems = []
    kept = markers(after, path)
    for qid, (line, marker) in markers(before, path).items():
        if qid not in kept:
            problems.append(f"line {line}: the marker of question '{qid}' ({marker}) was removed")
    return problems


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def keep_previous(path: Path, text: str) -> Path:
    """Save the version before an edit beside the note (hidden, never overwritten)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return store.write_new(path.parent, f".{path.stem}.before-edit-{stamp}", text)
