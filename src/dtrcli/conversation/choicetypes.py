"""The question types answered by picking: select (one choice), checkbox (any number)
and confirm (yes or no); a choice marked ``other`` asks for the text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from dtrcli.conversation.interview import ChoicePrompt, Prompter, TextPrompt
from dtrcli.conversation.questions import (
    SKIP,
    Items,
    QuestionType,
    coerce_answer,
    no_control,
    register,
    typed_text,
)
from dtrcli.notebook import items
from dtrcli.notebook.noteformat import escape, normalize_text

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Question


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
    text = no_control(normalize_text(typed_text(value)))
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


@register
class Checkbox(Items):
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
