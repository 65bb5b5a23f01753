"""The question types that hold a value: scale (a whole number), date, minutes (a
length of time) and list (items typed one by one, follow-ups among them)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dtrcli import dates
from dtrcli.conversation import assigning
from dtrcli.conversation.interview import Prompter, TextPrompt
from dtrcli.conversation.questions import (
    Items,
    Typed,
    coerce_answer,
    is_followup,
    no_control,
    register,
    skip_or_keep,
)
from dtrcli.notebook import items
from dtrcli.notebook.noteformat import escape, normalize_text

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Question


@register
class Scale(Typed):
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
        return f"({q.min}-{q.max}{skip_or_keep(q, filled)})"


@register
class Date(Typed):
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
        return f"(YYYY-MM-DD or 'today'{skip_or_keep(q, filled)})"


@register
class Minutes(Typed):
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
        return f"(minutes, or e.g. 1h 30m{skip_or_keep(q, filled)})"


@register
class List(Items):
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
            text = no_control(" ".join(normalize_text(str(item)).split("\n")).strip())
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
