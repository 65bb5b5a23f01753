"""The rounds of an interview made of its two prompts: the open follow-ups decided,
and the review of the answers a page at a time before the note is saved.

:class:`Rounds` is part of :class:`~dtrcli.conversation.terminal.TerminalUI`: what it
prints and asks goes through the UI's console and ``select``; what it lays out comes
from :mod:`dtrcli.conversation.screens`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from dtrcli.console import printable, rule_characters
from dtrcli.conversation import screens
from dtrcli.conversation.interview import CHANGE, SAVE, OpenItem, applicable
from dtrcli.conversation.questions import shorten
from dtrcli.conversation.schema import Template
from dtrcli.notebook.items import OPEN

if TYPE_CHECKING:
    from rich.console import Console


class Rounds:
    """The follow-ups and the review, asked through the UI's ``select``."""

    @property
    def console(self) -> Console:
        raise NotImplementedError

    def select(self, message: str, options: Sequence[tuple[str, Any]], qmark: str = "?") -> Any:
        raise NotImplementedError

    def hint(self, text: str, style: str = "dim") -> None:
        raise NotImplementedError

    def followups(
        self,
        items: Sequence[OpenItem],
        can_carry: bool,
        decided: Callable[[str, str], None],
        origin: Callable[[OpenItem], str] | None = None,
    ) -> None:
        """The open follow-ups, each with the note and question it is from; then all left
        open, or decided for later, or asked one by one (each decision reported as made)."""
        from rich.markup import escape

        where = origin or (lambda item: f"{item.date} {item.template}")
        width, height = self.console.width, self.console.height
        self.console.print()
        self.console.rule(
            f"[bold]Open follow-ups ({len(items)})[/]", align="left", characters=rule_characters()
        )
        for line in screens.followup_lines(items, where, width, height):
            self.console.print(line, markup=False)
        how = self.select("What became of them?", screens.FOLLOWUP_CHOICES)
        if how != "each":
            for item in items:
                decided(item.key, OPEN)
            self.hint(screens.left_open(len(items), later=how == "later"))
            return
        options = screens.item_choices(can_carry)
        for number, item in enumerate(items, start=1):
            self.console.print(
                f"  [dim]{number}/{len(items)} from {escape(printable(where(item)))}:[/]"
            )
            text = shorten(printable(item.text), max(20, width - 4))
            state = self.select(text, options, qmark="-")
            if state == screens.REST:
                for rest in items[number - 1 :]:
                    decided(rest.key, OPEN)
                return
            decided(item.key, state)

    # -- review -------------------------------------------------------------------
    def review(self, template: Template, answers: dict[str, Any]) -> tuple[str, str | None]:
        """The answers a page at a time (a page fits the terminal, its title on screen);
        save, change one of the page's answers, or see the next page."""
        live = applicable(template, answers)
        book = screens.pages(live, self.console.height)
        page = 0
        while True:
            rows = book[page]
            self.console.print()
            self.console.print(screens.review_table(template, answers, rows, len(live)))
            options = [("Save the note", SAVE), ("Change an answer", CHANGE)]
            if len(book) > 1:
                turn = (page + 1) % len(book)
                label = "More answers" if turn else "The first answers again"
                options.append((f"{label} ({screens.span(book[turn])})", "page"))
            action = self.select("Save this note?", options)
            if action == SAVE:
                return SAVE, None
            if action == CHANGE:
                back = "__dtr_back__"
                which = [(f"{i}. {shorten(printable(q.prompt), 70)}", q.id) for i, q in rows]
                qid = self.select("Which answer?", [*which, ("(none: back to saving)", back)])
                return CHANGE, None if qid == back else qid
            page = turn
