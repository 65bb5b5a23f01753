"""What the terminal shows around the questions, made to fit its size: the review of
the answers a page at a time, and the list of open follow-ups with where each is from.

Nothing here prints or prompts: :mod:`dtrcli.conversation.terminal` prints what
these make and asks the questions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dtrcli.console import box, printable
from dtrcli.conversation.interview import OpenItem
from dtrcli.conversation.questions import describe
from dtrcli.conversation.schema import Question, Template
from dtrcli.notebook import items

# Rows the review needs besides its answers: a blank line, the title, the table's
# top, header, rule under it and bottom, then "Save this note?" and its three choices.
REVIEW_ROWS = 10
REST = "rest"  # "leave it and the rest open", in the follow-ups asked one by one
FOLLOWUP_CHOICES = [
    ("Go through them one by one", "each"),
    ("Leave all open", "open"),
    ("Decide later (not asked again this time)", "later"),
]
FEWEST = 5  # answers on a page, however short the terminal


def pages(questions: Sequence[Question], height: int) -> list[list[tuple[int, Question]]]:
    """The questions (numbered from 1) in pages that fit ``height`` rows with the
    title and the prompt below them."""
    numbered = list(enumerate(questions, start=1))
    size = max(FEWEST, height - REVIEW_ROWS)
    return [numbered[i : i + size] for i in range(0, len(numbered), size)] or [[]]


def span(page: Sequence[tuple[int, Question]]) -> str:
    return f"{page[0][0]}-{page[-1][0]}" if page else "0"


def review_table(
    template: Template, answers: dict[str, Any], page: Sequence[tuple[int, Question]], of: int
) -> Any:
    """One page of the answers as a table, a line each; a private answer is marked
    (it is left out of what is shared with the mentee)."""
    from rich.table import Table
    from rich.text import Text

    title = f"{printable(template.title)}: your answers"
    if page and (len(page) < of or page[0][0] > 1):
        title += f" ({span(page)} of {of})"
    table = Table(
        box=box(),
        title=Text(title, overflow="ellipsis", no_wrap=True),
        title_justify="left",
        show_lines=False,
        expand=True,
    )
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Question", no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column("Answer", no_wrap=True, overflow="ellipsis", ratio=1)
    for index, q in page:
        answer = Text(printable(describe(q, answers.get(q.id))))
        if q.private:
            answer = Text.assemble(("(private) ", "magenta"), answer)
        table.add_row(str(index), Text(printable(q.prompt)), answer)
    return table


def followup_lines(
    items: Sequence[OpenItem], origin: Callable[[OpenItem], str], width: int, height: int
) -> list[str]:
    """The open follow-ups a line each, under the note and question they are from (a
    line for each note); as many as leave room for the choice below them, then how
    many more there are."""
    room = max(3, height - 9)
    lines: list[str] = []
    last = None
    for number, item in enumerate(items, start=1):
        where = origin(item)
        needed = 1 + (where != last)
        if len(lines) + needed > room - (number < len(items)):
            lines.append(f"    ... and {len(items) - number + 1} more")
            break
        if where != last:
            lines.append(shorten(f"From {printable(where)}:", width - 1))
            last = where
        lines.append(shorten(f"{number:>4}. {printable(item.text)}", width - 1))
    return lines


def item_choices(can_carry: bool) -> list[tuple[str, str]]:
    """What may become of one open follow-up (carried only where the note has a
    follow-up question to carry it into)."""
    carry = [("Carry it into this note", items.CARRIED)] if can_carry else []
    return [
        *carry,
        ("Done", items.DONE),
        ("Drop it", items.DROPPED),
        ("Leave it open", items.OPEN),
        ("Leave it and the rest open", REST),
    ]


def left_open(count: int, later: bool) -> str:
    what = f"{count} follow-up{'' if count == 1 else 's'}"
    if later:
        return f"{what} left open to decide later; the next conversation offers them again."
    return f"{what} left open."


def shorten(text: str, width: int) -> str:
    """``text`` on one line of ``width`` columns, cut short with "..." if need be."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 3).rstrip() + "..."
