"""Text from files made safe to show: every character a terminal would act on, or that
changes how the text around it is shown without being seen, written visibly instead.

Used by the screen (:mod:`dtrcli.console`, which re-exports :func:`printable`) and by
the pages dtr writes for others to open (the program report's HTML).
"""

from __future__ import annotations

# What a terminal would act on instead of showing, or what changes how the text around
# it is shown without being seen, and how each is shown instead: C0 controls and DEL in
# caret notation (ESC "^[", BEL "^G", CR "^M", DEL "^?"), as cat -v and less show them;
# C1 controls (0x80-0x9F, 0x9B being the 8-bit CSI), bidirectional marks, embeddings,
# overrides and isolates, zero-width space, word joiner and the other invisible
# operators, line and paragraph separators and the byte order mark as <U+XXXX>.
# Zero-width joiner and non-joiner (U+200D, U+200C) are left as they are: they are
# how emoji sequences and Persian or Indic words are written, and change nothing around.
_CARET = {code: "^" + chr(code + 64) for code in range(32)} | {0x7F: "^?"}
_FORMAT = (0x061C, 0x180E, 0x200B, 0x200E, 0x200F, *range(0x2028, 0x202F), *range(0x2060, 0x2070))
HIDDEN: frozenset[int] = frozenset([*_CARET, *range(0x80, 0xA0), *_FORMAT, 0xFEFF])
"""The code points :func:`printable` shows otherwise (newline and tab aside, where text
keeps its lines)."""
_SHOWN = _CARET | {code: f"<U+{code:04X}>" for code in sorted(HIDDEN) if code not in _CARET}
_ONE_LINE = _SHOWN | {ord("\n"): " ", ord("\t"): " "}
_LINES = {code: text for code, text in _SHOWN.items() if code not in (ord("\n"), ord("\t"))}


def printable(text: str, lines: bool = False) -> str:
    """``text`` safe to show in a terminal: every control or invisible format character
    made visible (see :data:`HIDDEN`: ESC as ``^[``, U+202E as ``<U+202E>``).

    ``lines``: newlines and tabs are kept (text shown on lines of its own); without it
    they become spaces (a table cell, a field on one line).
    """
    if text.isprintable():  # the common case, checked in C
        return text
    return text.translate(_LINES if lines else _ONE_LINE)
