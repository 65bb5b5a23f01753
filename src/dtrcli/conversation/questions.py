"""Question types: one class per type, each knowing all there is to know about it.

A type checks an answer (:meth:`QuestionType.coerce`), writes it into the
note (:meth:`~QuestionType.write`) and reads it back (:meth:`~QuestionType.read`),
describes it in one line for the review (:meth:`~QuestionType.describe`) and
asks it (:meth:`~QuestionType.ask`) through the two prompts a ``Prompter``
offers (:mod:`dtrcli.conversation.interview`). Adding a type is one class here
with :func:`register`; the template loader, answers files, the note and the
interview all find it through :func:`type_of`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any, ClassVar

from dtrcli import dates
from dtrcli.conversation import assigning
from dtrcli.conversation.interview import ChoicePrompt, Prompter, TextPrompt, Validate
from dtrcli.notebook import items, noteformat
from dtrcli.notebook.noteformat import escape, normalize_text, unescape

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Question

SKIP = "__dtr_skip__"  # the "(skip)" choice of a question that may go unanswered
# "- an item": a line of a multiline answer typed as a list item.
_TYPED_BULLET = re.compile(r"^- (?P<text>\S.*)$")


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
        return _shorten(str(value).replace("\n", " / "), 70)

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


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _no_control(text: str) -> str:
    """Refuse control characters (other than newline and tab): notes must stay text."""
    for ch in text:
        if ch not in "\n\t" and unicodedata.category(ch) == "Cc":
            raise ValueError(f"the text contains a control character ({ch!r})")
    return text


def _typed(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("expected text")
    return str(value)


# --- the types -------------------------------------------------------------------------


class _Typed(QuestionType):
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


def _skip_or_keep(q: Question, filled: bool) -> str:
    """', Enter to skip' or ', Enter keeps it' for the hint of a typed answer."""
    skip = "" if q.required or filled else ", Enter to skip"
    return skip + (", Enter keeps it" if filled else "")


@register
class Text(_Typed):
    name = "text"
    summary = "one line of text"

    def coerce(self, q: Question, value: Any) -> Any:
        text = _no_control(normalize_text(_typed(value)))
        if "\n" in text:
            raise ValueError("expected one line of text")
        return text or None

    def hint(self, q: Question, filled: bool) -> str | None:
        if filled:
            return "(Enter keeps it)"
        return None if q.required else "(Enter to skip)"


@register
class Multiline(QuestionType):
    name = "multiline"
    summary = "several lines of text (Esc then Enter submits)"

    def coerce(self, q: Question, value: Any) -> Any:
        return _no_control(normalize_text(_typed(value))) or None

    def write(self, q: Question, value: Any) -> str:
        # Lines typed as a list ("- We meet each week", as the kick-off's norms are) are
        # a list to every viewer; any other text is shown exactly as typed.
        lines = str(value).split("\n")
        typed = [_TYPED_BULLET.match(line) for line in lines]
        if all(typed):
            return "\n".join(items.bullet(escape(m["text"])) for m in typed if m)
        return escape(str(value))

    def read(self, q: Question, text: str) -> Any:
        lines = normalize_text(text).split("\n")
        typed = [_TYPED_BULLET.match(line) for line in lines]
        if all(typed):
            return "\n".join(f"- {unescape(m['text'])}" for m in typed if m)
        return unescape(normalize_text(text))

    def ask(self, q: Question, ui: Prompter, message: str, current: Any) -> Any:
        instruction = "(Esc then Enter to finish" + (")" if q.required else ", empty to skip)")
        answer = ui.text(
            TextPrompt(
                message,
                default="" if current is None else str(current),
                validate=self.validator(q),
                instruction=instruction,
                multiline=True,
            )
        )
        return coerce_answer(q, answer)


def ask_other(label: str, ui: Prompter, typed: str | None) -> str:
    """The text of a choice that asks for it when picked (``other: true``); Enter alone
    keeps the choice's own label."""

    def one_line(text: str) -> bool | str:
        try:
            _other_text(text)
        except ValueError as exc:
            return str(exc)
        return True

    text = ui.text(
        TextPrompt(
            f"{label}: which?",
            default=typed or "",
            validate=one_line,
            instruction=f"(type it; Enter alone keeps '{label}')",
            qmark="  >",
        )
    )
    return _other_text(text) or label


def _other_text(value: Any) -> str:
    """Text typed at an "Other" choice: one line, no control characters."""
    text = _no_control(normalize_text(_typed(value)))
    if "\n" in text:
        raise ValueError("expected one line of text")
    return text.strip()


class _Choice(QuestionType):
    keys: ClassVar[tuple[str, ...]] = ("choices",)

    def ask(self, q: Question, ui: Prompter, message: str, current: Any) -> Any:
        options = [(label, label) for label in self.labels(q)]
        if not q.required:
            options.insert(0, ("(skip)", SKIP))
        shown = self.label_of(current)
        typed = None
        if q.other and shown is not None and shown not in dict(options):
            shown, typed = q.other, str(shown)  # text typed at "Other" earlier
        result = ui.choose(
            ChoicePrompt(message, options, shown if shown in dict(options) else None)
        )
        if result == q.other and q.other is not None:
            result = ask_other(q.other, ui, typed)
        return None if result == SKIP else coerce_answer(q, result)

    def labels(self, q: Question) -> list[str]:
        return list(q.choices)

    def label_of(self, value: Any) -> Any:
        return value


@register
class Select(_Choice):
    name = "select"
    summary = "one of `choices`"

    def coerce(self, q: Question, value: Any) -> Any:
        if isinstance(value, str) and value not in q.choices and q.other:
            return _other_text(value) or None  # what was typed at "Other"
        if not isinstance(value, str) or value not in q.choices:
            raise ValueError(f"{value!r} is not one of the choices ({', '.join(q.choices)})")
        return value


class _Items(QuestionType):
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


@register
class Checkbox(_Items):
    name = "checkbox"
    summary = "any number of `choices`"
    keys = ("choices",)
    item_type = "select"

    def coerce(self, q: Question, value: Any) -> Any:
        chosen = [value] if isinstance(value, str) else value
        if not isinstance(chosen, list):
            raise ValueError("expected a list of choices")
        bad = [v for v in chosen if not isinstance(v, str) or (v not in q.choices and not q.other)]
        if bad:
            raise ValueError(
                f"{', '.join(repr(b) for b in bad)} not among the choices ({', '.join(q.choices)})"
            )
        typed = [t for v in chosen if v not in q.choices and (t := _other_text(v))]
        out: list[str] = []
        for c in q.choices:
            if c == q.other and typed:
                out += [t for t in typed if t not in out]  # typed at "Other", in its place
            elif c in chosen and c not in out:
                out.append(c)
        return out or None

    def write(self, q: Question, value: Any) -> str:
        return "\n".join(items.bullet(escape(v)) for v in value)

    def ask(self, q: Question, ui: Prompter, message: str, current: Any) -> Any:
        def at_least_one(values: list[Any]) -> bool | str:
            return bool(values) or not q.required or "Choose at least one."

        options = [(c, c) for c in q.choices]
        current = list(current or [])
        typed = [v for v in current if v not in q.choices]
        if typed and q.other:
            current.append(q.other)
        prompt = ChoicePrompt(message, options, current, many=True, validate=at_least_one)
        chosen = list(ui.choose(prompt))
        if q.other in chosen and q.other is not None:
            chosen[chosen.index(q.other)] = ask_other(q.other, ui, "; ".join(typed) or None)
        return coerce_answer(q, chosen)


@register
class Confirm(_Choice):
    name = "confirm"
    summary = "yes or no"
    keys = ()

    def coerce(self, q: Question, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        word = value.strip().lower() if isinstance(value, str) else None
        if word in ("yes", "y", "true"):
            return True
        if word in ("no", "n", "false"):
            return False
        raise ValueError("expected yes or no")

    def write(self, q: Question, value: Any) -> str:
        return "Yes" if value else "No"

    def read(self, q: Question, text: str) -> Any:
        try:
            return self.coerce(q, text)
        except ValueError:
            return text.strip()

    def describe(self, q: Question, value: Any) -> str:
        return self.write(q, value) if isinstance(value, bool) else str(value)

    def labels(self, q: Question) -> list[str]:
        return ["Yes", "No"]

    def label_of(self, value: Any) -> Any:
        return None if value is None else "Yes" if value else "No"


@register
class Scale(_Typed):
    name = "scale"
    summary = "a whole number from `min` to `max` (1 to 5 unless set)"
    keys = ("min", "max")

    def coerce(self, q: Question, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"expected a whole number from {q.min} to {q.max}")
        if not str(value).strip():
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(f"expected a whole number from {q.min} to {q.max}") from None
        if not q.min <= number <= q.max:
            raise ValueError(f"{number} is outside {q.min} to {q.max}")
        return number

    def write(self, q: Question, value: Any) -> str:
        return f"{value} / {q.max}"

    def read(self, q: Question, text: str) -> Any:
        m = re.match(r"^\s*(-?\d+)", text)
        return int(m.group(1)) if m else text.strip()

    def describe(self, q: Question, value: Any) -> str:
        return self.write(q, value)

    def hint(self, q: Question, filled: bool) -> str | None:
        return f"({q.min}-{q.max}{_skip_or_keep(q, filled)})"


@register
class Date(_Typed):
    name = "date"
    summary = "a date, YYYY-MM-DD"

    def coerce(self, q: Question, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if value == "today":
                return dates.today().isoformat()
        return dates.parse_day(value).isoformat()

    def read(self, q: Question, text: str) -> Any:
        return super().read(q, text).strip()

    def hint(self, q: Question, filled: bool) -> str | None:
        return f"(YYYY-MM-DD or 'today'{_skip_or_keep(q, filled)})"


@register
class Minutes(_Typed):
    name = "minutes"
    summary = "a length of time: `45` (minutes), `1h` or `1h 30m`, written in minutes"

    def coerce(self, q: Question, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a length of time such as 45 or 1h 30m")
        if isinstance(value, int | float):
            minutes = round(value)
        elif not str(value).strip():
            return None
        else:
            minutes = dates.parse_minutes(str(value))
        if not 1 <= minutes <= 24 * 60:
            raise ValueError(f"{minutes} minutes is not between a minute and a day")
        return minutes

    def write(self, q: Question, value: Any) -> str:
        return f"{value} minute{'' if value == 1 else 's'}"

    def read(self, q: Question, text: str) -> Any:
        try:
            return self.coerce(q, text.strip())
        except ValueError:
            return text.strip()

    def describe(self, q: Question, value: Any) -> str:
        return self.write(q, value) if isinstance(value, int) else str(value)

    def hint(self, q: Question, filled: bool) -> str | None:
        return f"(minutes, or e.g. 1h 30m{_skip_or_keep(q, filled)})"


@register
class List(_Items):
    name = "list"
    summary = (
        "repeatable items, one per line (such as follow-ups, which may say who does each "
        "and by when)"
    )
    item_type = "text"

    def coerce(self, q: Question, value: Any) -> Any:
        given = [value] if isinstance(value, str) else value
        if not isinstance(given, list):
            raise ValueError("expected a list of items")
        out = []
        for item in given:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise ValueError("expected each item to be text")
            text = _no_control(" ".join(normalize_text(str(item)).split("\n")).strip())
            if text and q.holds_followups:
                problem = assigning.due_problem(text)
                if problem:
                    raise ValueError(f"the due date of {text!r} cannot be read: {problem}")
            if text:
                out.append(text)
        return out or None

    def write(self, q: Question, value: Any) -> str:
        # Follow-ups are tasks (their state is ticked later); any other list is bullets.
        item = items.task if is_followup(q) else items.bullet
        return "\n".join(item(escape(v)) for v in value)

    def ask(self, q: Question, ui: Prompter, message: str, current: Any) -> Any:
        given: list[str] = []
        if current:
            ui.hint("Before: " + "; ".join(current))
        keep = "(Enter alone keeps them; or type the new list, one item a line)"
        while True:
            first = not given
            item = ui.text(
                TextPrompt(
                    message if first else f"item {len(given) + 1}",
                    qmark="?" if first else "  +",
                    instruction=(
                        keep if current else "(one item, Enter on an empty line to finish)"
                    )
                    if first
                    else "",
                    validate=assigning.check_item if q.holds_followups else None,
                )
            ).strip()
            if not item:
                if first and current:
                    return coerce_answer(q, list(current))  # changed my mind: keep them
                if q.required and not given:
                    ui.hint("Add at least one item.", "yellow")
                    continue
                break
            given.append(assigning.assign(ui, item) if q.holds_followups else item)
        return coerce_answer(q, given)
