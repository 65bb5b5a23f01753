"""The guided interview: the flow through a template's questions, and the UI it talks to.

The flow (:func:`run_interview`) is separate from the screen: it talks to an
object with the methods of :class:`UI`. The terminal's
(:class:`dtrcli.conversation.terminal.TerminalUI`) asks with questionary;
tests drive the same one through prompt_toolkit's pipe input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from dtrcli.conversation.schema import Question, Section, Template
from dtrcli.records import record

if TYPE_CHECKING:
    from dtrcli.conversation.drafts import Draft

SAVE = "save"
CHANGE = "change"


# --- the prompts a question type asks through ---------------------------------------

Validate = Callable[[str], "bool | str"]


@record(frozen=True)
class TextPrompt:
    """A line (or lines) of text to type; ``validate`` gives True or what is wrong."""

    message: str
    default: str = ""
    validate: Validate | None = None
    instruction: str | None = None
    multiline: bool = False
    qmark: str = "?"


@record(frozen=True)
class ChoicePrompt:
    """One of ``options`` (label, value) to choose, or with ``many`` any number of them;
    ``chosen``: the value (or values) chosen to begin with."""

    message: str
    options: Sequence[tuple[str, Any]]
    chosen: Any = None
    many: bool = False
    validate: Callable[[list[Any]], bool | str] | None = None


class Prompter(Protocol):
    """The prompts a question type may use; the terminal UI provides them."""

    def hint(self, text: str, style: str = "dim") -> None:
        """A line of plain text under the question (a reminder, a problem)."""

    def text(self, prompt: TextPrompt) -> str:
        """What was typed at ``prompt``."""

    def choose(self, prompt: ChoicePrompt) -> Any:
        """The value of the option chosen (a list of them with ``many``)."""


# --- the screen a conversation talks to ---------------------------------------------


class OpenItem(Protocol):
    """An open follow-up of an earlier note, as the follow-up review shows it."""

    @property
    def key(self) -> str: ...  # what the decision is recorded under

    @property
    def date(self) -> str: ...

    @property
    def template(self) -> str: ...

    @property
    def text(self) -> str: ...


class UI(Protocol):
    """Everything a conversation asks of the screen (the terminal, or a test's own)."""

    def session(self) -> AbstractContextManager[None]:
        """Hold the screen for a run of prompts (the terminal sends them to stderr)."""

    def section(self, section: Section) -> None:
        """Show a section's title and intro before its first question."""

    def ask(
        self, q: Question, position: str, current: Any, recalled: str | None, typed: str | None
    ) -> Any:
        """Ask one question (``position`` such as '3/12'); return the coerced answer.

        ``typed``: text typed at it before an earlier stop, filled in to go on with
        (a list's items one a line, the item being typed last).
        """

    def stop(self) -> bool:
        """Called from a signal handler (SIGTERM, SIGHUP): end the prompt being shown
        as Ctrl-C does, so that it raises KeyboardInterrupt where it was asked. False
        when no prompt is open; the caller then raises KeyboardInterrupt itself."""

    def unfinished(self) -> tuple[str, str] | None:
        """After a question's prompt was stopped (Ctrl-C, a signal, the end of input):
        its id and the text in it (a list's items so far and the line being typed, one
        a line; empty if nothing was typed). None if no question was being asked."""

    def review(self, template: Template, answers: dict[str, Any]) -> tuple[str, str | None]:
        """Show the answers; (SAVE, None), or (CHANGE, the id of the answer to change)."""

    def notice(self, title: str, lines: list[str]) -> None:
        """Show a few lines under a title (key dates, answers to ask again)."""

    def confirm(self, message: str, default: bool = True) -> bool:
        """A yes or no."""

    def followups(
        self,
        items: Sequence[OpenItem],
        can_carry: bool,
        decided: Callable[[str, str], None],
        origin: Callable[[OpenItem], str] | None = None,
    ) -> None:
        """Ask what became of the open follow-ups (all left open, decided later, or one
        by one); ``decided(key, state)`` for each. ``origin``: the note and question an
        item is from, in words."""

    def draft_choice(self, draft: Draft) -> str:
        """What to do with an unfinished draft: 'resume', 'fresh' or 'discard'."""


def applicable(template: Template, answers: dict[str, Any]) -> list[Question]:
    """The questions asked, given the answers so far (``when`` only looks back)."""
    out = []
    for q in template.questions:
        if q.applies(answers):
            out.append(q)
    return out


def still_asked(template: Template, answers: dict[str, Any], asked: set[str]) -> list[Question]:
    """The questions that are or may yet be asked: those that apply, and those whose
    ``when`` looks at a question not answered yet (so the count ``[n/N]`` never grows
    as the interview goes on; it shrinks when an answer rules a question out)."""
    out: list[Question] = []
    open_ids: set[str] = set()
    for q in template.questions:
        when = q.when
        undecided = when is not None and when.question in open_ids
        if undecided or q.applies(answers):
            out.append(q)
            if q.id not in asked:
                open_ids.add(q.id)
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
    typing: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Ask every applicable question not yet asked, then review until the mentor saves.

    ``answers``/``asked`` carry an earlier partial interview (a resumed draft).
    ``typing``: what was being typed at questions when it stopped (by id); each is
    asked again, answered or not, with that text filled in (the first time only).
    ``on_answer`` runs after every answer with the answers so far (to save a draft).
    ``preview`` turns the answers into what the note will hold, for the review
    (earlier follow-ups carried into this note are added when it is saved).
    Ctrl-C surfaces as ``KeyboardInterrupt``; the caller decides what to keep.
    """
    answers = dict(answers or {})
    typing = dict(typing or {})
    asked = set(asked or ()) - set(typing)

    def ask_one(q: Question) -> None:
        current = answers[q.id] if q.id in answers else q.default_for(answers)
        live = still_asked(template, answers, asked - {q.id})
        position = f"{live.index(q) + 1}/{len(live)}" if q in live else ""
        typed = typing.pop(q.id, None)
        value = ui.ask(q, position, current, recall(q) if recall else None, typed)
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
