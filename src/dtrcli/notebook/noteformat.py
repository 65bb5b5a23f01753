"""The note format: a Markdown file with YAML front matter, and dtr's markers in it.

The note file is the truth: everything dtr shows is read back from it. Each
question's heading ends with a stable marker (an HTML comment, invisible in
rendered Markdown) so answers can be found again after the note is edited by
hand::

    ### What pronouns do you each use? <!-- dtr:q pronouns -->

    she/her

An answer runs from its heading to the next marked heading. What was typed
is escaped (:mod:`dtrcli.notebook.escapes`) so that any Markdown viewer shows
it as typed, and no answer line can pass for a marked heading or the "no
answer" placeholder; reading removes the escapes again. How each type of
answer is written is up to its question type
(``dtrcli.conversation.questions``); this module knows the parts around it.

Each note says in its front matter which version of the format wrote it
(``dtr_format``). Version 1 wrote answers as typed, with one backslash before
a line that looked like a marked heading or the placeholder, and follow-up
states as boxes of their own (``[-]``, ``[>]``); such notes are read as they
always were.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import field
from pathlib import Path

from dtrcli.errors import NoteError
from dtrcli.notebook import escapes, yamlio
from dtrcli.patterns import Pattern
from dtrcli.records import deferred

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

FORMAT_VERSION = 2
NO_ANSWER = "_(no answer)_"
PRIVATE_SUFFIX = " (private)"

MARKER = Pattern(r"<!-- dtr:(q ([a-z][a-z0-9_]*)( private)?|section) -->\s*$")
# A heading that ends with a marker, or with what was meant to be one: a comment that
# starts like "dtr:q" or "dtr:section" in another case, with a typo or a space more
# ("<!-- DTR:q x -->", "<!-- dtr q x -->", "<!--dtr:Q x-->", "<!-- drt:q x -->"). Each
# ends the answer above it; one that is not a MARKER is warned about (and its answer
# is not read), never taken for a line of the answer above.
_MEANT = (
    r"(?:d\W?t\W?r|d\W?r\W?t|t\W?d\W?r|dtt|dt|dr)\W{0,3}(?:q\b|qu|sec|(?=\s*-*>))"
    r"|(?:dtr|drt|tdr)\b|q\s+[a-z_][\w-]*(?:\s+\w+)?\s*(?=-*>)"
)
_MARK = r"(?i:<!-{0,3}\s*(?:" + _MEANT + r")[^<>]*>)\s*$"
MARKED_HEADING = Pattern(r"^ {0,3}#{1,6}.*?" + _MARK)
_HEADING = Pattern(r"^#{1,6}\s+(\S.*?)\s*$")
_HEADING_LIKE = Pattern(r"\n( {0,3}#[^\n]*)")  # a line either of the two may match
_ESCAPED = Pattern(r"^(\\*)( {0,3}#{1,6}.*?" + _MARK + r"|\s*_\(no answer\)_\s*$)")

# A template's questions by prompt: {prompt: (question id, private?)}. The wings above
# pass it in (the notebook does not read templates) so a heading that lost its marker
# can be named.
Prompts = Mapping[str, tuple[str, bool]]


def version_of(meta: Mapping[str, Any]) -> int:
    """The version of the note format a note was written in (1 when it does not say)."""
    version = meta.get("dtr_format")
    if isinstance(version, int) and not isinstance(version, bool) and version >= 1:
        return version
    return 1


_READING = contextvars.ContextVar("dtr_note_format", default=FORMAT_VERSION)


def _version(version: int | None) -> int:
    return _READING.get() if version is None else version


@contextlib.contextmanager
def reading(version: int) -> Iterator[None]:
    """Read answers written in ``version`` of the format (what :func:`unescape` undoes)."""
    token = _READING.set(version)
    try:
        yield
    finally:
        _READING.reset(token)


def gfm_tasks(version: int | None = None) -> bool:
    """Whether follow-up states are written as GitHub tasks (``- [x] ~~text~~ (dropped)``)
    in ``version`` (the version being read when not given), or as boxes (``[-]``)."""
    return _version(version) >= 2


def escape(text: str) -> str:
    """Answer text as written into a note: what a viewer would take as markup is escaped."""
    return escapes.escape(text)


def unescape(text: str, version: int | None = None) -> str:
    """Undo :func:`escape` of ``version`` (the version being read when not given)."""
    if _version(version) >= 2:
        return escapes.unescape(text)
    out = []  # version 1: one backslash off each line that looked like a marker
    for line in text.split("\n"):
        m = _ESCAPED.match(line)
        out.append(line[1:] if m and m.group(1) else line)
    return "\n".join(out)


def unescape_words(words: str, version: int | None = None) -> str:
    """Undo :func:`escape` of a list item's words (one line, never code)."""
    if _version(version) >= 2:
        return escapes.unescape_line(words)
    return unescape(words, version)


def no_answer(text: str, version: int | None = None) -> bool:
    """Whether an answer's Markdown is empty or dtr's "no answer" placeholder."""
    stripped = text.strip()
    if not stripped:
        return True
    if _version(version) >= 2:
        # Indented four columns, it is code: text someone typed, shown as typed.
        return stripped == NO_ANSWER and escapes.columns(text.lstrip("\n")) < 4
    return stripped == NO_ANSWER


def normalize_text(text: str) -> str:
    """Line endings to ``\\n``, trailing spaces and blank edges removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def marker(qid: str | None, private: bool = False) -> str:
    """The marker of a question heading (``ID`` when the question is not known)."""
    return f"<!-- dtr:q {qid or 'ID'}{' private' if private else ''} -->"


def question_heading(prompt: str, qid: str, private: bool) -> str:
    suffix = PRIVATE_SUFFIX if private else ""
    return f"### {prompt}{suffix} {marker(qid, private)}"


def section_heading(title: str) -> str:
    return f"## {title} <!-- dtr:section -->"


def front_matter(meta: Mapping[str, Any]) -> str:
    """The front matter block of a note (with its '---' lines)."""
    text = yamlio.dump(dict(meta), width=1000)
    return f"---\n{text.rstrip(chr(10))}\n---"


def _load_front(front: str, path: Path) -> Any:
    try:
        return yamlio.load(front)
    except yamlio.YamlProblem as exc:
        if exc.own:  # a key given twice, an impossible date ...: the front starts on line 2
            raise NoteError(exc.said(str(path), offset=1)) from None
        if exc.line is not None:
            raise NoteError(
                f"{path}: line {exc.line + 1}: the front matter is not valid YAML."
            ) from None
        raise NoteError(f"{path}: the front matter holds {exc.problem}.") from None


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line number where the body starts)."""
    text = text.removeprefix("\ufeff")  # the byte order mark some editors begin a file with
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


_DAY = Pattern(r"^\d{4}-\d{2}-\d{2}$")


def _line_of(front: str, key: str) -> int:
    """The line number in the file of a top-level key of the front matter."""
    for number, line in enumerate(front.split("\n"), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 2


@deferred
class Block:
    """A marked heading of the body and the Markdown under it."""

    kind: str  # "section", "question" or "unreadable" (a marker dtr cannot read)
    heading: str  # the heading's text without '#', the marker or "(private)"
    qid: str | None = None
    private: bool = False
    raw: str = ""
    line: int = 0  # line number of the heading within the body (1-based)
    marker: str = ""  # the marker of an "unreadable" block, as written
    # Headings in the answer without a marker: (line in the body, heading text). One
    # that is a question of the note's template lost its marker (see lost_markers).
    unmarked: list[tuple[int, str]] = field(default_factory=list)


def parse_blocks(body: str) -> list[Block]:
    """The body's marked headings in order, each with the raw Markdown below it."""
    blocks: list[Block] = []
    start_of_raw = 0  # where the last block's Markdown starts
    number, counted = 1, 0  # the line number at offset ``counted``
    # Looked up once, not once a heading (a cold index parses thousands of notes).
    count, marker, make, add = body.count, MARKER.match, Block, blocks.append
    # Only a line that starts like a heading can be one: the expression finds them and
    # the lines between are taken as one slice each (most lines are neither).
    text = "\n" + body  # each line then starts after a "\n", which is quick to look for
    for found in _HEADING_LIKE.finditer(text):
        at, end = found.span()  # in body: text's offsets less the "\n" before the line
        number += count("\n", counted, at)
        counted = at
        line = text[at + 1 : end]
        start = line.rfind("<!")  # a marker starts "<!": most lines hold none
        # A MARKER there makes the line a marked heading (the line starts like one); the
        # longer expression is asked only of what is not.
        m = marker(line, start) if start >= 0 else None
        if m or (start >= 0 and MARKED_HEADING.match(line)):
            if blocks:
                blocks[-1].raw = body[start_of_raw:at].strip("\n")
            start_of_raw = end
            heading = line[:start].strip().lstrip("#").strip()
            if m is None:
                mark = line[start:].strip()
                add(make("unreadable", heading, line=number, marker=mark))
                continue
            _, qid, private = m.groups()
            if qid:
                if private and heading.endswith(PRIVATE_SUFFIX):
                    heading = heading[: -len(PRIVATE_SUFFIX)]
                add(make("question", heading, qid, bool(private), line=number))
            else:
                add(make("section", heading, line=number))
            continue
        if blocks and line.startswith("#"):
            m = _HEADING.match(line)
            if m:
                blocks[-1].unmarked.append((number, m.group(1)))
    if blocks:
        blocks[-1].raw = body[start_of_raw:].strip("\n")
    return blocks


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
    """A note file's text; a NoteError for an unreadable, binary, non-UTF-8 or too large
    file (over 1 MB: a note of a real conversation is a few KB)."""
    from dtrcli.notebook import files

    try:
        raw = files.read_capped(path, "note")
    except files.Refused as exc:
        trim = f" (shorten it with 'dtr edit {path.parent.name} {path.name}')"
        raise NoteError(f"{path}: {exc}{trim if exc.too_large else ''}.") from None
    except OSError as exc:
        raise NoteError(f"{path}: cannot be read ({exc.strerror}).") from None
    if b"\x00" in raw:
        raise NoteError(f"{path}: is not a text file.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NoteError(f"{path}: is not UTF-8 text.") from None
