"""The terminal: the interview asked with questionary, shown with rich (on stderr).

This is the only module that imports questionary (and so prompt_toolkit),
always inside functions, so commands that never prompt start fast; prompt_toolkit is
first imported through :func:`dtrcli.standins.prompt_toolkit`.
:class:`TerminalUI` is the :class:`~dtrcli.conversation.interview.UI` of a
real terminal and the :class:`~dtrcli.conversation.questions.Prompter` every
question type asks through.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from dtrcli import standins
from dtrcli.console import printable, rule_characters
from dtrcli.conversation import drawing
from dtrcli.conversation.interview import (
    ChoicePrompt,
    TextPrompt,
)
from dtrcli.conversation.questions import type_of
from dtrcli.conversation.rounds import Rounds
from dtrcli.conversation.schema import Question, Section
from dtrcli.records import field, record

if TYPE_CHECKING:
    from rich.console import Console

    from dtrcli.conversation.drafts import Draft


def choose(make: Callable[[], Any], values: list[Any] | None) -> Any:
    """Ask a select or confirm (``values``: what it may return) or a checkbox
    (``None``) until it gives one of them.

    prompt_toolkit's default keys let Esc then Enter (the way a multiline answer
    ends) submit a choice list's empty input line, which answers ``""``: that
    key is bound to do nothing, and any other answer outside ``values`` asks
    the same question again instead of passing it on.
    """
    standins.prompt_toolkit()
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    ignore = KeyBindings()

    @ignore.add("escape", "enter", eager=True)
    def _nothing(event: Any) -> None:
        """Esc then Enter does nothing here (the question stays as it is)."""

    while True:
        question = make()
        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), ignore])
        result = ask(question)
        if (values is None and isinstance(result, list)) or (
            values is not None and result in values
        ):
            return result


_stop_asked = False  # a signal asked the prompt being shown to stop


def ask(question: Any) -> Any:
    """Show a questionary question and return its answer; KeyboardInterrupt if it was
    stopped (Ctrl-C, or :func:`stop` from a signal handler, even one that came as
    the prompt was closing with an answer)."""
    global _stop_asked
    _stop_asked = False
    result = question.unsafe_ask()
    if _stop_asked:
        raise KeyboardInterrupt
    return result


def stop() -> bool:
    """From a signal handler: end the prompt being shown as Ctrl-C does, by a call
    scheduled in its event loop (safe at any moment of the loop). False when no
    prompt's loop is running."""
    import asyncio

    global _stop_asked
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    _stop_asked = True
    loop.call_soon_threadsafe(_exit_prompt)
    return True


def _exit_prompt() -> None:
    from prompt_toolkit.application import get_app_or_none

    app = get_app_or_none()
    if app is not None and app.is_running and not app.is_done:
        app.exit(exception=KeyboardInterrupt, style="class:aborting")


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
    standins.prompt_toolkit()
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    with create_app_session(output=create_output(stdout=sys.stderr)):
        yield


@record
class _Typing:
    """What is typed at the question being asked, kept should its prompt be stopped."""

    qid: str
    given: list[str] = field(default_factory=list)  # text of its earlier prompts (a list's)
    refill: list[str] = field(default_factory=list)  # typed before a stop, to fill in again
    open: str | None = None  # the text in the prompt that was stopped

    def text(self) -> str:
        return "\n".join([*self.given, *([] if self.open is None else [self.open]), *self.refill])


class TerminalUI(Rounds):
    """Asks with questionary; prints sections and the review with rich (to stderr).

    Every text from a file (a template's titles, prompts, choices and help, answers
    recalled, follow-ups, names) is shown through :func:`dtrcli.console.printable`:
    a template or note edited by hand cannot act on the terminal.
    """

    def __init__(self) -> None:
        self._console: Console | None = None
        self._typing: _Typing | None = None  # the question being asked
        self._stopped: _Typing | None = None  # the question whose prompt was stopped

    @property
    def console(self) -> Console:
        """rich's console on stderr, made when first needed: what is drawn before the
        first question is drawn without importing rich where :mod:`drawing` can."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False)
        return self._console

    @staticmethod
    def _drawn(text: str | None) -> bool:
        if text is None:
            return False
        sys.stderr.write(text)
        sys.stderr.flush()
        return True

    # -- output ---------------------------------------------------------------
    def section(self, section: Section) -> None:
        intro = printable(section.intro.strip(), lines=True) if section.intro else None
        if self._drawn(drawing.section(printable(section.title), intro, rule_characters())):
            return
        self.console.print()
        from rich.markup import escape

        self.console.rule(
            f"[bold]{escape(printable(section.title))}[/]",
            align="left",
            characters=rule_characters(),
        )
        if section.intro:
            intro = printable(section.intro.strip(), lines=True)
            self.console.print(intro, style="italic", markup=False)
            self.console.print()

    def session(self) -> contextlib.AbstractContextManager[None]:
        return terminal_session()

    # -- questions --------------------------------------------------------------
    def ask(
        self,
        q: Question,
        position: str,
        current: Any,
        recalled: str | None,
        typed: str | None = None,
    ) -> Any:
        message = f"[{position}] {q.prompt}" if position else q.prompt
        if recalled:
            from rich.markup import escape

            # lines under the first one
            text = printable(recalled, lines=True).replace("\n", "\n           ")
            self.console.print(f"  [dim]Earlier:[/] {escape(text)}")
        if q.help:
            self.hint(q.help)
        if q.private and "private" not in (q.help or "").casefold():
            self.hint("Private: left out of what is shared with the mentee.")
        self._typing = typing = _Typing(q.id, refill=typed.split("\n") if typed else [])
        self._stopped = None
        if typed:
            self.hint("Filled in with what was being typed here when the interview stopped.")
        try:
            value = type_of(q).ask(q, self, message, current)
        except BaseException:
            self._stopped = typing
            raise
        finally:
            self._typing = None
        return value

    def stop(self) -> bool:
        return stop()

    def unfinished(self) -> tuple[str, str] | None:
        stopped = self._stopped
        return None if stopped is None else (stopped.qid, stopped.text())

    # -- the prompts a question type asks through (questions.Prompter) ----------------
    def hint(self, text: str, style: str = "dim") -> None:
        if self._drawn(drawing.hint(printable(text, lines=True), style)):
            return
        from rich.markup import escape

        self.console.print(f"  [{style}]{escape(printable(text, lines=True))}[/]")

    def text(self, prompt: TextPrompt) -> str:
        standins.prompt_toolkit()
        import questionary

        message, instruction, qmark = printable(prompt.message), prompt.instruction, prompt.qmark
        if prompt.multiline or self._too_wide(qmark, message, instruction):
            # prompt_toolkit draws nothing at all for a multiline prompt whose message is
            # wider than the terminal, and breaks a long one anywhere, mid-word: the
            # question is printed here, wrapped between words, and the input line gets
            # a short marker of its own.
            self._question_line(qmark, message, instruction)
            message, instruction, qmark = "", "", ">"
        typing = self._typing
        default = prompt.default
        if typing is not None and typing.refill:  # a stopped answer, filled in again
            if prompt.multiline:
                default, typing.refill = "\n".join(typing.refill), []
            else:
                if len(typing.refill) > 1 and not typing.given:
                    self.hint("One line a prompt: " + "; ".join(typing.refill))
                default = typing.refill.pop(0)
        question = questionary.text(
            message,
            default=default,
            validate=prompt.validate,
            multiline=prompt.multiline,
            instruction=instruction,
            qmark=qmark,
        )
        buffer = question.application.current_buffer
        try:
            answer = str(ask(question))
        except BaseException:
            # Ctrl-C, a signal (raised wherever prompt_toolkit's loop was), the end of
            # input: the buffer still holds what was typed.
            if typing is not None:
                typing.open = buffer.text
            raise
        if typing is not None:
            typing.given.append(answer)
        return answer

    def _too_wide(self, qmark: str, message: str, instruction: str | None) -> bool:
        """Whether a prompt's line would be wider than the terminal (and so broken
        mid-word by prompt_toolkit)."""
        line = f"{qmark} {message} {instruction or ''}"
        size = drawing.width() or self.console.width
        length = drawing.cells(line)
        if length is None:
            from rich.cells import cell_len

            length = cell_len(line)
        return length >= size

    def _fit(self, message: str, instruction: str, qmark: str = "?") -> str:
        """The message for a prompt's own line: '' when it would be wider than the
        terminal, for then it is printed here above the prompt, wrapped between words."""
        if not self._too_wide(qmark, message, instruction):
            return message
        self._question_line(qmark, message, "")
        return ""

    def _question_line(self, qmark: str, message: str, instruction: str | None) -> None:
        from rich.markup import escape

        hint = f" [dim]{escape(instruction)}[/]" if instruction else ""
        self.console.print(f"[bold]{escape(qmark)} {escape(message)}[/]{hint}")

    def choose(self, prompt: ChoicePrompt) -> Any:
        standins.prompt_toolkit()
        import questionary

        message = printable(prompt.message)
        if prompt.many:
            boxes = [
                questionary.Choice(printable(label), value=value, checked=value in prompt.chosen)
                for label, value in prompt.options
            ]
            instruction = "(Space to choose, Enter to finish)"
            if self._too_wide("?", message, instruction):
                self._question_line("?", message, instruction)
                message, instruction = "", ""

            def ask() -> Any:
                question = questionary.checkbox(
                    message,
                    choices=boxes,
                    validate=prompt.validate or (lambda _: True),
                    instruction=instruction,
                )
                # questionary leaves "done (2 selections)" behind: its line is erased
                # and the ticked items are shown instead.
                question.application.erase_when_done = True
                return question

            chosen = list(choose(ask, None))
            self._ticked(message, [label for label, value in prompt.options if value in chosen])
            return chosen
        choices = [
            questionary.Choice(printable(label), value=value) for label, value in prompt.options
        ]
        message = self._fit(message, "(Use arrow keys)")
        return choose(
            lambda: questionary.select(message, choices=choices, default=prompt.chosen),
            [c.value for c in choices],
        )

    def _ticked(self, message: str, labels: list[str]) -> None:
        """A checkbox's answer as it stays on screen: the question, then each item ticked."""
        from rich.markup import escape

        if message:
            self.console.print(f"[bold]? {escape(message)}[/]")
        if not labels:
            self.console.print("  [dim](none chosen)[/]")
        for label in labels:
            self.console.print(f"  [x] {printable(label)}", markup=False)

    # -- around the questions ------------------------------------------------------
    def notice(self, title: str, lines: list[str]) -> None:
        from rich.markup import escape

        self.console.print(f"[bold]{escape(printable(title))}[/]")
        for line in lines:
            self.console.print(f"  {escape(printable(line))}")

    def confirm(self, message: str, default: bool = True) -> bool:
        standins.prompt_toolkit()
        import questionary

        message = self._fit(printable(message), "(Y/n)")
        return bool(choose(lambda: questionary.confirm(message, default=default), [True, False]))

    def select(self, message: str, options: Sequence[tuple[str, Any]], qmark: str = "?") -> Any:
        """The value of one of ``options`` (label, value), chosen from a list."""
        standins.prompt_toolkit()
        import questionary

        choices = [questionary.Choice(label, value=value) for label, value in options]
        message = self._fit(message, "(Use arrow keys)", qmark)
        return choose(
            lambda: questionary.select(message, choices=choices, qmark=qmark),
            [value for _, value in options],
        )

    def draft_choice(self, draft: Draft) -> str:
        from dtrcli.console import count
        from dtrcli.conversation.drafts import answered

        saved = draft.saved
        when = saved.strftime("%Y-%m-%d %H:%M") if saved else "earlier"
        half = len(draft.typing)
        typing = f" and {'one' if half == 1 else half} half-typed" if half else ""
        message = printable(
            f"An unfinished {draft.template} with {draft.mentee} "
            f"({count(answered(draft), 'answer')}{typing}, saved {when}) is waiting. What now?"
        )
        with terminal_session():
            answer = self.select(
                message,
                [
                    ("Resume it (asks only what is unanswered)", "resume"),
                    ("Start over (the draft is kept aside until you save)", "fresh"),
                    ("Discard the draft", "discard"),
                ],
            )
        return str(answer)
