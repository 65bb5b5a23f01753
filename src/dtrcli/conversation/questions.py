"""Question types: one class per type, each knowing all there is to know about it.

A type checks an answer (:meth:`QuestionType.coerce`), writes it into the
note (:meth:`~QuestionType.write`) and reads it back (:meth:`~QuestionType.read`),
describes it in one line for the review (:meth:`~QuestionType.describe`) and
asks it (:meth:`~QuestionType.ask`) through the two prompts a ``Prompter``
offers (:mod:`dtrcli.conversation.interview`). The types are in
:mod:`~dtrcli.conversation.texttypes`, :mod:`~dtrcli.conversation.choicetypes` and
:mod:`~dtrcli.conversation.valuetypes`; adding one is a class with :func:`register`
(here, what they share); the template loader, answers files, the note and the
interview all find it through :func:`type_of`.
"""

from __future__ import annotations

import importlib
import unicodedata
from typing import TYPE_CHECKING, Any, ClassVar

from dtrcli.conversation.interview import Prompter, TextPrompt, Validate
from dtrcli.notebook import items, noteformat
from dtrcli.notebook.noteformat import escape, normalize_text, unescape

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Question

SKIP = "__dtr_skip__"  # the "(skip)" choice of a question that may go unanswered


class QuestionType:
    """What every type has; subclasses set ``name`` and ``summary`` and override."""

    name: ClassVar[str]
    summary: ClassVar[str]  # one line for docs/templates.md
    keys: ClassVar[tuple[str, ...]] = ()  # type-specific template keys it accepts
    item_type: ClassVar[str | None] = None  # what `when` compares one item of it as

    def coerce(self, q: Question, value: Any) -> Any:
        """Check and normalise an answer; raise ``ValueError`` with the reason.

        ``value`` is never None; return None for "no answer" (an empty text).
        """
        raise NotImplementedError

    def write(self, q: Question, value: Any) -> str:
        """The answer as Markdown in the note (``value`` is a coerced answer)."""
        return escape(str(value))

    def read(self, q: Question, text: str) -> Any:
        """The answer read back from the note's Markdown (not empty, not the placeholder).

        Text edited by hand is accepted as long as it can be read; a value that no
        longer fits (a scale answer edited to "great") is kept as text.
        """
        return unescape(normalize_text(text))

    def describe(self, q: Question, value: Any) -> str:
        """The answer on one line of the review table."""
        return shorten(str(value).replace("\n", " / "), 70)

    def ask(self, q: Question, ui: Prompter, message: str, current: Any) -> Any:
        """Ask the question; return the coerced answer (None when skipped)."""
        raise NotImplementedError

    def validator(self, q: Question) -> Validate:
        def validate(text: str) -> bool | str:
            try:
                value = None if not text.strip() else self.coerce(q, text)
            except ValueError as exc:
                return str(exc)
            if value is None and q.required:
                return "An answer is needed here."
            return True

        return validate


TYPES: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Make a type known to templates (a class decorator)."""
    TYPES[cls.name] = cls()
    return cls


def type_of(q: Question) -> QuestionType:
    return TYPES[q.type]


# --- what every question does, whatever its type ------------------------------------


def coerce_answer(q: Question, value: Any) -> Any:
    """Check and normalise one answer for ``q``; raise ``ValueError`` with a reason.

    ``None`` (and an empty text or list) means "no answer" and is returned as None.
    """
    if value is None:
        return None
    return type_of(q).coerce(q, value)


def format_answer(q: Question, value: Any) -> str:
    """An answer as Markdown (the inverse of :func:`parse_answer`)."""
    if value is None or value == [] or value == "":
        return noteformat.NO_ANSWER
    return type_of(q).write(q, value)


def parse_answer(q: Question | None, raw: str, version: int = noteformat.FORMAT_VERSION) -> Any:
    """Read one answer's Markdown, written in ``version`` of the note format, back into a
    value of the question's type (text when the question is not known)."""
    text = raw.strip("\n").rstrip()
    if noteformat.no_answer(text, version):
        return None
    with noteformat.reading(version):
        return (TYPES["text"] if q is None else type_of(q)).read(q, text)  # type: ignore[arg-type]


def is_followup(q: Question) -> bool:
    """A follow-up question: a ``list`` whose id or ``topic`` is ``followups``; its items
    are tasks that say what became of them."""
    return q.type == "list" and (q.id == "followups" or q.topic == "followups")


def describe(q: Question, value: Any) -> str:
    """A short one-line rendering of an answer for the review table."""
    if value is None or value == []:
        return "-"
    return type_of(q).describe(q, value)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def no_control(text: str) -> str:
    """Refuse control characters (other than newline and tab): notes must stay text."""
    for ch in text:
        if ch not in "\n\t" and unicodedata.category(ch) == "Cc":
            raise ValueError(f"the text contains a control character ({ch!r})")
    return text


def typed_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("expected text")
    return str(value)


# --- what the types share --------------------------------------------------------------


class Typed(QuestionType):
    """A type answered by typing one line, checked as it is typed."""

    def hint(self, q: Question, filled: bool) -> str | None:
        return None

    def ask(self, q: Question, ui: Prompter, message: str, current: Any) -> Any:
        filled = current is not None and str(current) != ""
        answer = ui.text(
            TextPrompt(
                message,
                default="" if current is None else str(current),
                validate=self.validator(q),
                instruction=self.hint(q, filled),
            )
        )
        return coerce_answer(q, answer)


def skip_or_keep(q: Question, filled: bool) -> str:
    """', Enter to skip' or ', Enter keeps it' for the hint of a typed answer."""
    skip = "" if q.required or filled else ", Enter to skip"
    return skip + (", Enter keeps it" if filled else "")


class Items(QuestionType):
    """A type whose answer is several items, a bullet line each in the note."""

    def read(self, q: Question, text: str) -> Any:
        found = []
        for line in text.split("\n"):
            if line.strip():
                words = items.item_text(line, gfm=noteformat.gfm_tasks())
                found.append(noteformat.unescape_words(words).strip())
        return [i for i in found if i] or None

    def describe(self, q: Question, value: Any) -> str:
        return "; ".join(str(v) for v in value)


# The types, registered in the order templates' docs and errors list them: each module
# imports this one, and is imported here once everything above is defined.
for _types in ("texttypes", "choicetypes", "valuetypes"):
    importlib.import_module(f"dtrcli.conversation.{_types}")
