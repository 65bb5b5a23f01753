"""The question types answered by typing text: text (one line) and multiline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dtrcli.conversation.interview import Prompter, TextPrompt
from dtrcli.conversation.questions import (
    QuestionType,
    Typed,
    coerce_answer,
    no_control,
    register,
    typed_text,
)
from dtrcli.notebook import items
from dtrcli.notebook.noteformat import escape, normalize_text, unescape
from dtrcli.patterns import Pattern

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Question

# "- an item": a line of a multiline answer typed as a list item.
_TYPED_BULLET = Pattern(r"^- (?P<text>\S.*)$")


@register
class Text(Typed):
    name = "text"
    summary = "one line of text"

    def coerce(self, q: Question, value: Any) -> Any:
        text = no_control(normalize_text(typed_text(value)))
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
        return no_control(normalize_text(typed_text(value))) or None

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
