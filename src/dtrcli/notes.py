"""Answers <-> a Markdown note with YAML front matter.

The note file is the truth: everything dtr shows is read back from it. Each
question's heading ends with a stable marker (an HTML comment, invisible in
rendered Markdown) so answers can be found again after the note is edited by
hand::

    ### What pronouns do you each use? <!-- dtr:q pronouns -->

    she/her

An answer runs from its heading to the next marked heading. Answer lines
that would look like a marked heading, and an answer that reads exactly like
the "no answer" placeholder, are written with one extra leading backslash,
which reading removes again.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtrcli import quickyaml
from dtrcli.errors import NoteError

if TYPE_CHECKING:
    from dtrcli.templates import Question, Template

FORMAT_VERSION = 1
NO_ANSWER = "_(no answer)_"

_MARKER = re.compile(r"<!-- dtr:(q ([a-z][a-z0-9_]*)( private)?|section) -->\s*$")
_MARKED_HEADING = re.compile(r"^#{1,6} .*<!-- dtr:[^>]*-->\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(\S.*?)\s*$")
_ESCAPED = re.compile(r"^(\\*)(#{1,6} .*<!-- dtr:[^>]*-->\s*$|\s*_\(no answer\)_\s*$)")


def _yaml() -> Any:
    import yaml

    return yaml


def _escape(text: str) -> str:
    return "\n".join("\\" + line if _ESCAPED.match(line) else line for line in text.split("\n"))


def unescape(text: str) -> str:
    """Undo :func:`_escape` (one backslash off each line dtr escaped)."""
    out = []
    for line in text.split("\n"):
        m = _ESCAPED.match(line)
        out.append(line[1:] if m and m.group(1) else line)
    return "\n".join(out)


def format_answer(q: Question, value: Any) -> str:
    """An answer as Markdown (the inverse of :func:`parse_answer`)."""
    if value is None or value == [] or value == "":
        return NO_ANSWER
    if q.type == "checkbox":
        return "\n".join(f"- {_escape(v)}" for v in value)
    if q.type == "list":
        return "\n".join(f"- [ ] {_escape(v)}" for v in value)
    if q.type == "confirm":
        return "Yes" if value else "No"
    if q.type == "scale":
        return f"{value} / {q.max}"
    return _escape(str(value))


_ITEM = re.compile(r"^\s*[-*+]\s+(\[[ xX~-]\]\s+)?(.*)$")


def parse_answer(q: Question | None, raw: str) -> Any:
    """Read one answer's Markdown back into a value of the question's type.

    Text the mentor typed by hand is accepted as long as it can be read; a
    value that no longer fits (say a scale answer edited to "great") is kept
    as text rather than dropped.
    """
    text = raw.strip("\n").rstrip()
    if not text.strip() or text.strip() == NO_ANSWER:
        return None
    if q is None or q.type in ("text", "multiline", "select", "date"):
        from dtrcli.templates import normalize_text

        value = unescape(normalize_text(text))
        if q is not None and q.type == "date":
            value = value.strip()
        return value
    if q.type in ("checkbox", "list"):
        items = []
        for line in text.split("\n"):
            if not line.strip():
                continue
            m = _ITEM.match(line)
            items.append(unescape(m.group(2) if m else line.strip()).strip())
        return [i for i in items if i] or None
    if q.type == "confirm":
        word = text.strip().lower()
        if word in ("yes", "y", "true"):
            return True
        if word in ("no", "n", "false"):
            return False
        return text.strip()
    if q.type == "scale":
        m = re.match(r"^\s*(-?\d+)", text)
        return int(m.group(1)) if m else text.strip()
    return text  # pragma: no cover


@dataclass
class Note:
    """One note read back from disk."""

    path: Path
    meta: dict[str, Any]
    answers: dict[str, str] = field(default_factory=dict)
    private: set[str] = field(default_factory=set)

    @property
    def template_id(self) -> str:
        return str(self.meta.get("template", ""))

    @property
    def date(self) -> str:
        return str(self.meta.get("date", ""))

    @property
    def created(self) -> str:
        return str(self.meta.get("created", ""))

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def mentee(self) -> str:
        return str(self.meta.get("mentee", ""))

    def values(self, template: Template | None) -> dict[str, Any]:
        """Answers converted to the types of ``template``'s questions."""
        return {
            qid: parse_answer(template.question(qid) if template else None, raw)
            for qid, raw in self.answers.items()
        }

    def sort_key(self) -> tuple[str, str, int, str]:
        """Date, then creation time, then the file's ``-N`` suffix (a same-day second note)."""
        return self._sort_key

    @functools.cached_property
    def _sort_key(self) -> tuple[str, str, int, str]:
        name = self.path.name
        stem = name.rsplit(".", 1)[0] if "." in name else name
        head, dash, tail = stem.rpartition("-")
        template = self.template_id
        number = (
            int(tail)
            if dash
            and tail.isascii()
            and tail.isdigit()
            and template
            and not stem.endswith(f"-{template}")
            else 1
        )
        return (self.date, self.created, number, name)


def render_note(
    template: Template,
    answers: dict[str, Any],
    *,
    mentee: str,
    date: dt.date,
    created: dt.datetime | None = None,
    week: int | None = None,
) -> str:
    """The full text of a note: front matter and a body that reads well on its own.

    ``week``: the week of the module the conversation was held in, when the
    mentee's start date is known; else the template's weeks are named.
    """
    created = created or dt.datetime.now().astimezone()
    meta = {
        "title": f"{template.title}: {mentee}",
        "mentee": mentee,
        "template": template.id,
        "template_version": template.version,
        "date": date,
        "created": created.replace(microsecond=0).isoformat(),
        "tags": ["dtr", template.id, *template.tags],
        "dtr_format": FORMAT_VERSION,
    }
    yaml = _yaml()
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    lines = ["---", front.rstrip("\n"), "---", "", f"# {template.title}: {mentee}", ""]
    if week is not None:
        when = f" (week {week} of the module)"
    else:
        when = f" ({template.when_text} of the module)" if template.weeks else ""
    lines += [f"{date:%A} {date.day} {date:%B %Y}{when}.", ""]
    for section in template.sections:
        asked = [q for q in section.questions if q.applies(answers)]
        if not asked:
            continue
        lines += [f"## {section.title} <!-- dtr:section -->", ""]
        for q in asked:
            flag = " private" if q.private else ""
            suffix = " (private)" if q.private else ""
            lines += [f"### {q.prompt}{suffix} <!-- dtr:q {q.id}{flag} -->", ""]
            lines += [format_answer(q, answers.get(q.id)), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _load_front(front: str, path: Path) -> Any:
    yaml = _yaml()
    try:
        return yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        raise NoteError(f"{path}: {line}the front matter is not valid YAML.") from None
    except (ValueError, TypeError, OverflowError):  # e.g. an impossible date: 2026-11-32
        raise NoteError(f"{path}: {_unreadable_value(front, yaml)}") from None


def _unreadable_value(front: str, yaml: Any) -> str:
    """Which line of the front matter YAML cannot turn into a value (an impossible date)."""
    for number, line in enumerate(front.split("\n"), start=2):
        try:
            yaml.safe_load(line)
        except (ValueError, TypeError, OverflowError):
            key, _, value = line.partition(":")
            return (
                f"line {number}: '{key.strip()}' holds {value.strip()}, which is not a "
                "day of the calendar."
            )
        except yaml.YAMLError:
            continue
    return "the front matter holds a value YAML cannot read."


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line number where the body starts)."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        raise NoteError(f"{path}: line 1: the note does not start with '---' front matter.")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise NoteError(f"{path}: the front matter has no closing '---' line.")
    front = text[4 : end + 1]
    body = text[end + 5 :]
    meta = quickyaml.load(front)
    if meta is None:
        meta = _load_front(front, path)
    if not isinstance(meta, dict):
        raise NoteError(f"{path}: line 2: the front matter is not a mapping of keys and values.")
    if isinstance(meta.get("date"), dt.datetime):
        meta["date"] = meta["date"].date()  # a time added by hand: the day is what counts
    for key in ("date", "created"):
        if isinstance(meta.get(key), dt.date | dt.datetime):
            meta[key] = meta[key].isoformat()
    if "template" not in meta or "date" not in meta:
        raise NoteError(f"{path}: the front matter lacks 'template' or 'date'.")
    if not isinstance(meta["date"], str) or not _DAY.match(meta["date"]):
        raise NoteError(
            f"{path}: line {_line_of(front, 'date')}: 'date' must be a day written "
            f"YYYY-MM-DD, not {meta['date']!r}."
        )
    if not isinstance(meta["template"], str) or not meta["template"].strip():
        raise NoteError(
            f"{path}: line {_line_of(front, 'template')}: 'template' must be a template id "
            "such as kickoff."
        )
    return meta, body, front.count("\n") + 3


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _line_of(front: str, key: str) -> int:
    """The line number in the file of a top-level key of the front matter."""
    for number, line in enumerate(front.split("\n"), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 2


@dataclass
class Block:
    """A marked heading of the body and the Markdown under it."""

    kind: str  # "section" or "question"
    heading: str  # the heading's text without '#', the marker or "(private)"
    qid: str | None = None
    private: bool = False
    raw: str = ""
    line: int = 0  # line number of the heading within the body (1-based)
    # Headings in the answer without a marker: (line in the body, heading text). One
    # that is a question of the note's template lost its marker (see lost_markers).
    unmarked: list[tuple[int, str]] = field(default_factory=list)


_PRIVATE_SUFFIX = " (private)"


def parse_blocks(body: str) -> list[Block]:
    """The body's marked headings in order, each with the raw Markdown below it."""
    blocks: list[Block] = []
    buf: list[str] = []

    def flush() -> None:
        if blocks:
            blocks[-1].raw = "\n".join(buf).strip("\n")

    for number, line in enumerate(body.split("\n"), start=1):
        if _MARKED_HEADING.match(line):
            flush()
            buf = []
            m = _MARKER.search(line)
            heading = line[: line.index("<!-- dtr:")].lstrip("#").strip()
            if m and m.group(2):
                private = bool(m.group(3))
                if private and heading.endswith(_PRIVATE_SUFFIX):
                    heading = heading[: -len(_PRIVATE_SUFFIX)]
                blocks.append(Block("question", heading, m.group(2), private, line=number))
            else:
                blocks.append(Block("section", heading, line=number))
            continue
        if blocks and line.startswith("#"):
            m = _HEADING.match(line)
            if m:
                blocks[-1].unmarked.append((number, m.group(1)))
        buf.append(line)
    flush()
    return blocks


@dataclass
class LostMarker:
    """A question heading whose marker was removed: its answer merges into ``into``."""

    line: int  # line number in the file
    heading: str
    qid: str | None  # the template's question with this prompt, if known
    private: bool
    into: str | None  # the question whose answer now holds it (None: under a section)


def lost_markers(
    blocks: list[Block], body_start: int, template: Template | None
) -> list[LostMarker]:
    """Headings inside answers that are (or look like) questions of the note's template."""
    prompts = {q.prompt: q for q in template.questions} if template else {}
    lost = []
    for block in blocks:
        for number, heading in block.unmarked:
            text = heading.removesuffix(_PRIVATE_SUFFIX).strip()
            q = prompts.get(text)
            private = heading.endswith(_PRIVATE_SUFFIX) or bool(q and q.private)
            if q is None and not private:
                continue  # a heading the mentor wrote in an answer
            line = body_start + number - 1
            lost.append(LostMarker(line, text, q.id if q else None, private, block.qid))
    return lost


def template_of(template_id: str) -> Template | None:
    """The template a note names, if dtr knows it (None when not, or when it cannot be
    loaded: reading a note never stops on a template problem)."""
    from dtrcli.errors import DtrError
    from dtrcli.templates import load_registry

    try:
        return load_registry().templates.get(template_id)
    except DtrError:
        return None


def report_lost_markers(
    path: Path, blocks: list[Block], body_start: int, template_id: str, *, warn: bool = True
) -> list[LostMarker]:
    """The question headings that lost their marker; each is warned about (with ``warn``)."""
    if not any(b.unmarked for b in blocks):
        return []
    lost = lost_markers(blocks, body_start, template_of(template_id))
    if warn:
        warn_lost_markers(path, lost)
    return lost


def warn_lost_markers(path: Path, lost: list[LostMarker]) -> None:
    from dtrcli import console

    for item in lost:
        marker = f"<!-- dtr:q {item.qid or 'ID'}{' private' if item.private else ''} -->"
        effect = (
            f"its answer is read as part of '{item.into}'"
            if item.into
            else "dtr does not see its answer"
        )
        console.warn(
            f"{path}: line {item.line}: the question '{item.heading}' has lost its marker, so "
            f"{effect}; put '{marker}' back at the end of that line "
            f"(dtr edit {path.parent.name} {path.name})."
        )


def parse_body(body: str, blocks: list[Block] | None = None) -> tuple[dict[str, str], set[str]]:
    """Map each marked question id to the raw Markdown of its answer."""
    answers: dict[str, str] = {}
    private: set[str] = set()
    for block in parse_blocks(body) if blocks is None else blocks:
        if block.qid is not None:
            answers[block.qid] = block.raw
            if block.private:
                private.add(block.qid)
    return answers, private


def read_text(path: Path) -> str:
    """A note file's text; a NoteError for an unreadable, binary or non-UTF-8 file."""
    try:
        # Unbuffered: one read for a whole note, a listing reads thousands of them.
        with open(path, "rb", buffering=0) as f:
            raw = f.readall()
    except OSError as exc:
        raise NoteError(f"{path}: cannot be read ({exc.strerror}).") from None
    if b"\x00" in raw:
        raise NoteError(f"{path}: is not a text file.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NoteError(f"{path}: is not UTF-8 text.") from None


def read_note(path: Path, *, body: bool = True) -> Note:
    """Read a note; ``body=False`` reads only the front matter (for listings)."""
    text = read_text(path)
    meta, rest, start = split_front_matter(text, path)
    note = Note(path=path, meta=meta)
    if body:
        blocks = parse_blocks(rest)
        note.answers, note.private = parse_body(rest, blocks)
        report_lost_markers(path, blocks, start, note.template_id)
    return note
