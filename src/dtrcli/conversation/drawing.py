"""The interview's section rules, intros and hints (and a search hit's line too wide for
the screen), drawn as rich draws them, without rich.

Importing rich costs about as much as everything else dtr does before the first
question is on the screen, and what is drawn before it is plain: a blank line,
the section's rule, its intro in italics, a hint dimmed. Each function here
gives the very characters rich's ``Console(stderr=True, highlight=False)``
would write for one of those (the same words on the same lines, the same
escape codes), or None when the text or the terminal is one it does not
cover: text beyond Latin letters and common punctuation, a tab, markup or
emoji codes, a word longer than a line, a title that does not fit, a Windows
console, NO_COLOR, FORCE_COLOR, TTY_COMPATIBLE or TTY_INTERACTIVE, a dumb
terminal, an encoding other than UTF-8. Then rich draws it, as before.
tests/unit/test_drawing.py holds the two side by side.
"""

from __future__ import annotations

import os
import re
import sys

BOLD, ITALIC, RULE = "1", "3", "92"  # rule.line is bright_green in rich's theme
STYLES = {"dim": "2", "yellow": "33"}  # the styles of a hint

# One cell each in rich, and neither markup, emoji codes, tabs nor combining marks:
# ASCII's printable characters but "[" and "\\" (markup), Latin-1's letters and signs
# but the soft hyphen, Latin Extended-A, and the dashes, quotes, bullet and ellipsis of
# General Punctuation.
_PLAIN = re.compile("[ -Z\\]-~\u00a0-\u00ac\u00ae-\u017f\u2010-\u2027]*")
_ONE_CELL = re.compile("[ -~\u00a0-\u00ac\u00ae-\u017f\u2010-\u2027]*")  # and "[", "\\"
_EMOJI = re.compile(r":\S*:")  # what rich's emoji codes look like (":smile:")
_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap's word: leading and trailing space its own
_TRAILING = re.compile(r"\s+$")
_SETTINGS = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def _terminal() -> bool | None:
    """Whether rich would colour stderr (True) or write it plain (False); None when it
    would decide by more than this module knows."""
    if os.name != "posix" or any(name in os.environ for name in _SETTINGS):
        return None
    if not (getattr(sys.stderr, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None  # rich draws an ASCII rule there
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        return None
    if tty and os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None
    return tty


def width() -> int | None:
    """The width rich gives the console: COLUMNS, else the first of stdin, stdout and
    stderr that is a terminal, else 80 (None where this module does not decide)."""
    if _terminal() is None:
        return None
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    found = None
    for fd in (0, 1, 2):
        try:
            found = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    found = found or 80
    return found if found >= 10 else None  # a screen this narrow is left to rich


def plain(text: str) -> bool:
    """Whether ``text`` is one this module draws: a cell a character, nothing rich reads."""
    return _PLAIN.fullmatch(text) is not None and _EMOJI.search(text) is None


def cells(text: str) -> int | None:
    """The cells ``text`` takes on the screen, as rich counts them (None: ask rich)."""
    return len(text) if _ONE_CELL.fullmatch(text) else None


def _paint(text: str, code: str | None, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if text and code and colour else text


def _lines(spans: list[tuple[str, str | None]], size: int, colour: bool) -> str | None:
    """The spans (text, style code) of one paragraph, wrapped at ``size`` as rich wraps
    them (rich._wrap.divide_line, Text.rstrip_end), each line ended; None when a word
    is longer than a line."""
    text = "".join(part for part, _ in spans)
    breaks = [0]
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if length > size:
            return None  # rich folds it across lines: left to rich
        if size - offset >= length:
            offset += len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    breaks.append(len(text))
    out = []
    for begin, end in zip(breaks, breaks[1:], strict=False):
        excess = end - begin - size
        if excess > 0:
            trailing = _TRAILING.search(text, begin, end)
            end -= min(len(trailing.group()) if trailing else 0, excess)
        if end - begin > size:
            return None
        at = 0
        for part, code in spans:
            lo, hi = max(begin, at), min(end, at + len(part))
            if lo < hi:
                out.append(_paint(text[lo:hi], code, colour))
            at += len(part)
        out.append("\n")
    return "".join(out)


def wrapped(text: str, size: int) -> str | None:
    """Plain ``text`` as ``rich.Console(width=size).print(Text(text))`` writes it with
    no style (wrapped between words, each line ended); None where rich must do it."""
    if size < 10 or not plain(text):
        return None
    return _paragraphs([(text, None)], size, False)


def _paragraphs(spans: list[tuple[str, str | None]], size: int, colour: bool) -> str | None:
    """Text that may hold line breaks: each line wrapped on its own, as rich does."""
    lines: list[list[tuple[str, str | None]]] = [[]]
    for part, code in spans:
        for number, piece in enumerate(part.split("\n")):
            if number:
                lines.append([])
            lines[-1].append((piece, code))
    out = []
    for line in lines:
        drawn = _lines(line, size, colour) if any(p for p, _ in line) else "\n"
        if drawn is None:
            return None
        out.append(drawn)
    return "".join(out)


def section(title: str, intro: str | None, characters: str) -> str | None:
    """A blank line, ``title`` in a rule of ``characters`` across the screen, and the
    intro (None: none) in italics with a blank line after it (texts made printable)."""
    colour, size = _terminal(), width()
    if colour is None or size is None or not plain(title) or len(characters) != 1:
        return None
    if len(title) > size - 2:
        return None  # rich cuts it short with an ellipsis
    rule = characters * (size - len(title) - 1)
    out = ["\n", _paint(title, BOLD, colour), " ", _paint(rule, RULE, colour), "\n"]
    if intro is not None:
        if not plain(intro.replace("\n", " ")):
            return None
        drawn = _paragraphs([(intro, ITALIC)], size, colour)
        if drawn is None:
            return None
        out += [drawn, "\n"]
    return "".join(out)


def hint(text: str, style: str = "dim") -> str | None:
    """``text`` (already printable) indented two spaces, dimmed (or in ``style``)."""
    colour, size = _terminal(), width()
    code = STYLES.get(style)
    if colour is None or size is None or code is None or not plain(text.replace("\n", " ")):
        return None
    return _paragraphs([("  ", None), (text, code)], size, colour)
