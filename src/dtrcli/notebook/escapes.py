"""Typed text as Markdown that every viewer shows as typed, and back.

An answer is what the mentor typed, not Markdown: ``Acme & Co <backend>`` must
not lose ``<backend>`` to a renderer, and ``*nix`` must not turn italic.
:func:`escape` puts a backslash before each character a CommonMark or GitHub
renderer (or Obsidian) would take as markup there, and only there, so the note
stays pleasant as plain text: ``2026-11-30``, ``Q&A``, ``snake_case``, ``5 * 3``
and ``I <3 SQL`` are written as they are. :func:`unescape` removes the
backslashes again (``unescape(escape(text)) == text`` for any text).

What is escaped, where it matters:

- at the start of a line: ``#``, ``>``, a bullet (``-``, ``+``, ``*`` and a
  space), a number that would start a list (``1.``, ``2)``), a rule or an
  underline (``---``, ``***``, ``===``), a code fence, a table's delimiter row;
- ``\\`` before punctuation or at the end of a line; ``<`` before a tag,
  comment or address; ``&`` before an entity (``&amp;``); ``[`` before a
  ``]`` (links, footnotes, task boxes, wiki links);
- ``*``, ``_``, ``~``, ``$``, ``==`` when the paragraph holds a pair that could
  open and close emphasis, strikethrough, maths or a highlight; backticks when
  it holds two runs of them; ``~`` at either end of a line and ``~~`` anywhere
  (a dropped follow-up is wrapped in ``~~``); ``%%`` (an Obsidian comment).

A paragraph that starts indented by four columns or more is an indented code
block: a viewer shows it as typed, with its spaces, so it is written as it is
and read as it is (no escapes inside).
"""

from __future__ import annotations

import re
import string
import unicodedata

from dtrcli.patterns import Pattern

PUNCTUATION = frozenset(string.punctuation)  # what a backslash escapes in CommonMark
_UNESCAPE = Pattern(r"\\([!-/:-@\[-`{-~])")

_ENTITY = Pattern(r"&(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_BREAK = Pattern(r"(?:([-*_])[ \t]*)(?:\1[ \t]*){2,}$")  # ---  * * *  ___
_UNDERLINE = Pattern(r"(?:=+|-+)[ \t]*$")
_NUMBERED = Pattern(r"\d{1,9}(?=[.)](?:[ \t]|$))")
_FENCE = Pattern(r"(?:```|~~~)")
_DELIMITER_ROW = Pattern(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# Characters that mark emphasis and the like when a run of them opens and a later one
# closes; False: a run between two letters or digits takes no part (snake_case is safe).
_PAIRED = {"*": True, "_": False, "~": True, "$": True, "=": True}


def _blank(line: str) -> bool:
    return not line.strip(" \t")


def columns(line: str) -> int:
    """How far a line is indented, in columns (a tab goes to the next multiple of 4)."""
    col = 0
    for ch in line:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


def kinds(lines: list[str]) -> list[str]:
    """Each line's part in a Markdown answer: "blank", "code" (an indented code block:
    four columns or more, after a blank line, the start or another code line) or "text"."""
    out = []
    before = "blank"
    for line in lines:
        if _blank(line):
            kind = "blank"
        elif columns(line) >= 4 and before in ("blank", "code"):
            kind = "code"
        else:
            kind = "text"
        out.append(kind)
        before = kind
    return out


def escape(text: str) -> str:
    """Text as Markdown a renderer shows exactly as typed (see the module's notes)."""
    lines = text.split("\n")
    out: list[str] = []
    paragraph: list[str] = []
    for line, kind in zip(lines, kinds(lines), strict=True):
        if kind == "text":
            paragraph.append(line)
            continue
        if paragraph:
            out += _paragraph(paragraph)
            paragraph = []
        out.append(line)
    if paragraph:
        out += _paragraph(paragraph)
    return "\n".join(out)


def unescape(text: str) -> str:
    """Undo :func:`escape`: a backslash before punctuation is taken off (not in code)."""
    if "\\" not in text:
        return text
    lines = text.split("\n")
    return "\n".join(
        line if kind == "code" else _UNESCAPE.sub(r"\1", line)
        for line, kind in zip(lines, kinds(lines), strict=True)
    )


def unescape_line(text: str) -> str:
    """Undo :func:`escape` on one line that cannot be code (a list item's words)."""
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


# --- one paragraph ------------------------------------------------------------------------


def _space(ch: str) -> bool:
    """Whitespace as CommonMark counts it for emphasis (``""``, an end, counts too)."""
    return not ch or ch in " \t\n" or unicodedata.category(ch) == "Zs"


def _paragraph(lines: list[str]) -> list[str]:
    text = "\n".join(lines)
    marks: set[int] = set()  # positions that get a backslash before them
    _inline(text, marks)
    start = 0
    for line in lines:
        _line_start(line, start, marks)
        start += len(line) + 1
    if not marks:
        return lines
    out = []
    for i, ch in enumerate(text):
        out.append("\\" + ch if i in marks else ch)
    return "".join(out).split("\n")


def _html_start(after: str) -> bool:
    """Whether "<" and then ``after`` could start HTML (a tag, ``<!--``, ``<?``, ``</``)."""
    return after != "" and ((after.isascii() and after.isalpha()) or after in "/!?")


def _line_start(line: str, start: int, marks: set[int]) -> None:
    """A backslash for what would start a block at the beginning of ``line``."""
    rest = line.lstrip(" \t")
    if not rest:
        return
    at = start + len(line) - len(rest)
    first, after = rest[0], rest[1:2]
    starts_block = (
        first in "#>"  # a heading, a quote
        or (first in "-+*" and (not after or after in " \t"))  # a bullet
        or (first == "<" and _html_start(after))  # HTML
        or any(rule.match(rest) for rule in (_BREAK, _UNDERLINE, _FENCE, _DELIMITER_ROW))
    )
    if starts_block:
        marks.add(at)
        return
    m = _NUMBERED.match(rest)
    if m:
        marks.add(at + m.end())  # "1." -> "1\."


def _inline(text: str, marks: set[int]) -> None:
    """Backslashes for what would be inline markup anywhere in the paragraph."""
    for i, ch in enumerate(text):
        if ch in "\\<&[" and _markup(text, i, ch):
            marks.add(i)
    _runs(text, marks)


def _markup(text: str, i: int, ch: str) -> bool:
    """Whether ``text[i]`` (a backslash, ``<``, ``&`` or ``[``) would be read as markup."""
    after = text[i + 1 : i + 2]
    if ch == "\\":  # an escape, or a hard line break at the end of a line
        return after in ("", "\n") or after in PUNCTUATION
    if ch == "<":  # a tag, a comment, an address (all end in ">"); an HTML block
        line_start = i == 0 or text[i - 1] == "\n"
        return (line_start and _html_start(after)) or (not _space(after) and ">" in text[i + 1 :])
    if ch == "&":
        return bool(_ENTITY.match(text, i))
    return "]" in text[i + 1 :]  # a link, a footnote, a task box


def _runs(text: str, marks: set[int]) -> None:
    """Backslashes for runs of ``*`` ``_`` ``~`` ``$`` ``=`` ``%`` and backticks."""
    found: dict[str, list[tuple[int, int]]] = {}
    for m in re.finditer(r"([*_~$=%`])\1*", text):
        found.setdefault(m.group(1), []).append((m.start(), m.end()))
    for ch, runs in found.items():
        if ch == "`":
            if len(runs) >= 2:  # a code span needs two runs
                _mark(runs, marks)
            continue
        if ch == "%":  # "%%" starts an Obsidian comment
            _mark([r for r in runs if r[1] - r[0] >= 2], marks)
            continue
        if ch == "=":  # "==" is a highlight in Obsidian; a lone "=" is nothing
            runs = [r for r in runs if r[1] - r[0] >= 2]
        candidates = [r for r in runs if _can_open(text, r, ch) or _can_close(text, r, ch)]
        if _pair(text, candidates, ch):
            _mark(candidates, marks)
        elif ch == "~":
            # A dropped follow-up is written ~~words~~: a "~~" inside or a "~" at an end
            # of its words would break that.
            long = [r for r in candidates if r[1] - r[0] >= 2]
            _mark(long + [r for r in runs if _at_edge(text, r)], marks)
        elif ch == "$":
            _mark([r for r in runs if r[1] - r[0] >= 2], marks)  # "$$" starts display maths


def _mark(runs: list[tuple[int, int]], marks: set[int]) -> None:
    for start, end in runs:
        marks.update(range(start, end))


def _around(text: str, run: tuple[int, int]) -> tuple[str, str]:
    """The characters before and after a run ("" at an end of the paragraph)."""
    start, end = run
    return text[start - 1 : start] if start else "", text[end : end + 1]


def _can_open(text: str, run: tuple[int, int], ch: str) -> bool:
    before, after = _around(text, run)
    if _space(after):
        return False
    return _PAIRED[ch] or not (before.isalnum() and after.isalnum())


def _can_close(text: str, run: tuple[int, int], ch: str) -> bool:
    before, after = _around(text, run)
    if _space(before):
        return False
    return _PAIRED[ch] or not (before.isalnum() and after.isalnum())


def _pair(text: str, runs: list[tuple[int, int]], ch: str) -> bool:
    """Whether one run could open and a later one close."""
    opened = False
    for run in runs:
        if opened and _can_close(text, run, ch):
            return True
        opened = opened or _can_open(text, run, ch)
    return False


def _at_edge(text: str, run: tuple[int, int]) -> bool:
    before, after = _around(text, run)
    return before in ("", "\n") or after in ("", "\n")
