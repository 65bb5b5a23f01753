"""The guided interview: walks the mentor through a template's questions.

This is the only module that imports questionary (and so prompt_toolkit),
always inside functions, so commands that never prompt start fast.

The flow (:func:`run_interview`) is separate from the terminal (:class:`TerminalUI`)
so the same flow runs in a real terminal, under a prompt_toolkit pipe input in
tests, or with any other UI object that has the same three methods.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from dtrcli.templates import Question, Section, Template, coerce_answer

SKIP = "__dtr_skip__"
SAVE = "save"
CHANGE = "change"


class UI(Protocol):
    def section(self, section: Section) -> None: ...

    def ask(self, q: Question, position: str, current: Any, recalled: str | None) -> Any: ...

    def review(self, template: Template, answers: dict[str, Any]) -> tuple[str, str | None]: ...


def applicable(template: Template, answers: dict[str, Any]) -> list[Question]:
    """The questions asked, given the answers so far (``when`` only looks back)."""
    out = []
    for q in template.questions:
        if q.applies(answers):
            out.append(q)
    return out


def run_interview(
    template: Template,
    ui: UI,
    *,
    answers: dict[str, Any] | None = None,
    asked: set[str] | None = None,
    on_answer: Callable[[dict[str, Any], set[str]], None] | None = None,
    recall: Callable[[Question], str | None] | None = None,
    preview: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Ask every applicable question not yet asked, then review until the mentor saves.

    ``answers``/``asked`` carry an earlier partial interview (a resumed draft).
    ``on_answer`` runs after every answer with the answers so far (to save a draft).
    ``preview`` turns the answers into what the note will hold, for the review
    (earlier follow-ups carried into this note are added when it is saved).
    Ctrl-C surfaces as ``KeyboardInterrupt``; the caller decides what to keep.
    """
    answers = dict(answers or {})
    asked = set(asked or ())

    def ask_one(q: Question) -> None:
        current = answers.get(q.id, q.default)
        live = applicable(template, answers)
        position = f"{live.index(q) + 1}/{len(live)}" if q in live else ""
        value = ui.ask(q, position, current, recall(q) if recall else None)
        answers[q.id] = value
        asked.add(q.id)
        if on_answer is not None:
            on_answer(prune(template, answers), asked)

    def walk() -> None:
        shown: set[int] = set()
        for index, section in enumerate(template.sections):
            for q in section.questions:
                if q.id in asked or not q.applies(answers):
                    continue
                if index not in shown:
                    ui.section(section)
                    shown.add(index)
                ask_one(q)

    walk()
    while True:
        current = prune(template, answers)
        action, qid = ui.review(template, preview(current) if preview else current)
        if action == SAVE:
            return prune(template, answers)
        q = template.question(qid or "")
        if q is not None:
            ask_one(q)
            walk()


def prune(template: Template, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers of the questions that still apply (a changed answer can rule some out)."""
    out: dict[str, Any] = {}
    for q in template.questions:
        if q.id in answers and q.applies(out):
            out[q.id] = answers[q.id]
    return out


def describe(q: Question, value: Any) -> str:
    """A short one-line rendering of an answer for the review table."""
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"  # as the note writes it
    if q.type == "scale":
        return f"{value} / {q.max}"
    return _shorten(str(value).replace("\n", " / "), 70)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def choose(make: Callable[[], Any], values: list[Any] | None) -> Any:
    """Ask a select or confirm (``values``: what it may return) or a checkbox
    (``None``) until it gives one of them.

    prompt_toolkit's default keys let Esc then Enter (the way a multiline answer
    ends) submit a choice list's empty input line, which answers ``""``: that
    key is bound to do nothing, and any other answer outside ``values`` asks
    the same question again instead of passing it on.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    ignore = KeyBindings()

    @ignore.add("escape", "enter", eager=True)
    def _nothing(event: Any) -> None:
        """Esc then Enter does nothing here (the question stays as it is)."""

    while True:
        question = make()
        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), ignore])
        result = question.unsafe_ask()
        if (values is None and isinstance(result, list)) or (
            values is not None and result in values
        ):
            return result


def stdin_is_terminal() -> bool:
    """Whether prompts can be shown (tests replace this to drive a pipe input)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def terminal_session() -> Iterator[None]:
    """Send prompts to stderr, so stdout carries only data (the new note's path)."""
    if not sys.stderr.isatty():
        yield
        return
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    with create_app_session(output=create_output(stdout=sys.stderr)):
        yield


class TerminalUI:
    """Asks with questionary; prints sections and the review with rich (to stderr)."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False)

    # -- output ---------------------------------------------------------------
    def section(self, section: Section) -> None:
        self.console.print()
        from rich.markup import escape

        self.console.rule(f"[bold]{escape(section.title)}[/]", align="left")
        if section.intro:
            self.console.print(section.intro.strip(), style="italic", markup=False)
            self.console.print()

    # -- questions --------------------------------------------------------------
    def ask(self, q: Question, position: str, current: Any, recalled: str | None) -> Any:
        import questionary
        from rich.markup import escape

        message = f"[{position}] {q.prompt}" if position else q.prompt
        if recalled:
            text = recalled.replace("\n", "\n           ")  # lines under the first one
            self.console.print(f"  [dim]Earlier:[/] {escape(text)}")
        if q.help:
            self.console.print(f"  [dim]{escape(q.help)}[/]")
        if q.private and "private" not in (q.help or "").casefold():
            self.console.print("  [dim]Private: left out of what is shared with the mentee.[/]")
        skip_hint = "" if q.required else " (Enter to skip)"

        if q.type in ("text", "multiline", "date", "scale"):
            # With an answer already filled in (a default, or a change), Enter keeps it.
            filled = current is not None and str(current) != ""
            skip = "" if q.required or filled else ", Enter to skip"
            keeps = ", Enter keeps it" if filled else ""
            hints = {
                "text": "(Enter keeps it)" if filled else skip_hint.strip(),
                "multiline": "(Esc then Enter to finish"
                + (", empty to skip)" if not q.required else ")"),
                "date": f"(YYYY-MM-DD or 'today'{skip}{keeps})",
                "scale": f"({q.min}-{q.max}{skip}{keeps})",
            }

            def validate(text: str) -> bool | str:
                try:
                    value = coerce_answer(q, text)
                except ValueError as exc:
                    return str(exc)
                if value is None and q.required:
                    return "An answer is needed here."
                return True

            default = "" if current is None else str(current)
            instruction: str | None
            if q.type == "multiline":
                # prompt_toolkit draws nothing at all for a multiline prompt whose message is
                # wider than the terminal, so the question is printed here and the input
                # line gets a short marker of its own.
                self.console.print(f"[bold]? {escape(message)}[/] [dim]{hints['multiline']}[/]")
                message, instruction, qmark = "", "", ">"
            else:
                instruction, qmark = hints[q.type] or None, "?"
            result = questionary.text(
                message,
                default=default,
                validate=validate,
                multiline=q.type == "multiline",
                instruction=instruction,
                qmark=qmark,
            ).unsafe_ask()
            return coerce_answer(q, result)

        if q.type in ("select", "confirm"):
            options = list(q.choices) if q.type == "select" else ["Yes", "No"]
            choices = [questionary.Choice(o, value=o) for o in options]
            if not q.required:
                choices.insert(0, questionary.Choice("(skip)", value=SKIP))
            if q.type == "confirm" and current is not None:
                current = "Yes" if current else "No"
            chosen: str | None = current if current in options else None
            result = choose(
                lambda: questionary.select(message, choices=choices, default=chosen),
                [c.value for c in choices],
            )
            if result == SKIP:
                return None
            return coerce_answer(q, result)

        if q.type == "checkbox":
            ticked = current or []
            choices = [questionary.Choice(c, value=c, checked=c in ticked) for c in q.choices]

            def at_least_one(values: list[str]) -> bool | str:
                return bool(values) or not q.required or "Choose at least one."

            result = choose(
                lambda: questionary.checkbox(
                    message,
                    choices=choices,
                    validate=at_least_one,
                    instruction="(Space to choose, Enter to finish)",
                ),
                None,
            )
            return coerce_answer(q, result)

        if q.type == "list":
            items: list[str] = []
            if current:
                self.console.print("  [dim]Before: " + escape("; ".join(current)) + "[/]")
            keep = "(Enter alone keeps them; or type the new list, one item a line)"
            while True:
                first = not items
                item = questionary.text(
                    message if first else f"item {len(items) + 1}",
                    qmark="?" if first else "  +",
                    instruction=(
                        keep if current else "(one item, Enter on an empty line to finish)"
                    )
                    if first
                    else "",
                ).unsafe_ask()
                item = item.strip()
                if not item:
                    if first and current:
                        return coerce_answer(q, list(current))  # changed my mind: keep them
                    if q.required and not items:
                        self.console.print("  [yellow]Add at least one item.[/]")
                        continue
                    break
                items.append(item)
            return coerce_answer(q, items)
        raise ValueError(q.type)  # pragma: no cover - rejected when loading

    # -- around the questions ------------------------------------------------------
    def notice(self, title: str, lines: list[str]) -> None:
        from rich.markup import escape

        self.console.print(f"[bold]{escape(title)}[/]")
        for line in lines:
            self.console.print(f"  {escape(line)}")

    def confirm(self, message: str, default: bool = True) -> bool:
        import questionary

        return bool(choose(lambda: questionary.confirm(message, default=default), [True, False]))

    def followups(
        self, items: list[Any], can_carry: bool, decided: Callable[[str, str], None]
    ) -> None:
        """Ask what became of each open follow-up; report each decision as it is made."""
        import questionary
        from rich.markup import escape

        self.console.print()
        self.console.rule("[bold]Open follow-ups[/]", align="left")
        choices = []
        if can_carry:
            choices.append(questionary.Choice("Carry it into this note", value=">"))
        choices += [
            questionary.Choice("Done", value="x"),
            questionary.Choice("Drop it", value="-"),
            questionary.Choice("Leave it open", value=" "),
        ]
        for item in items:
            self.console.print(f"  [dim]{item.date} {escape(item.template)}:[/]")
            text = _shorten(item.text, 90)
            state = choose(
                lambda: questionary.select(text, choices=choices, qmark="-"),  # noqa: B023
                [c.value for c in choices],
            )
            decided(item.key, state)

    # -- review -------------------------------------------------------------------
    def review(self, template: Template, answers: dict[str, Any]) -> tuple[str, str | None]:
        import questionary
        from rich.table import Table
        from rich.text import Text

        live = applicable(template, answers)
        table = Table(
            title=f"{template.title}: your answers",
            title_justify="left",
            show_lines=False,
            expand=False,
        )
        table.add_column("#", justify="right", style="dim")
        table.add_column("Question")
        table.add_column("Answer")
        for index, q in enumerate(live, start=1):
            table.add_row(str(index), Text(q.prompt), Text(describe(q, answers.get(q.id))))
        self.console.print()
        self.console.print(table)
        action = choose(
            lambda: questionary.select(
                "Save this note?",
                choices=[
                    questionary.Choice("Save the note", value=SAVE),
                    questionary.Choice("Change an answer", value=CHANGE),
                ],
            ),
            [SAVE, CHANGE],
        )
        if action == SAVE:
            return SAVE, None
        back = "__dtr_back__"
        qid = choose(
            lambda: questionary.select(
                "Which answer?",
                choices=[
                    *(
                        questionary.Choice(f"{i}. {_shorten(q.prompt, 70)}", value=q.id)
                        for i, q in enumerate(live, start=1)
                    ),
                    questionary.Choice("(none: back to saving)", value=back),
                ],
            ),
            [*(q.id for q in live), back],
        )
        return CHANGE, None if qid == back else qid
