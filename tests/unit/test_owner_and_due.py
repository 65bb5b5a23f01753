"""Days said in words, and a follow-up's owner and due date in its words."""

from __future__ import annotations

import datetime as dt

import pytest

from dtrcli.dates import parse_when
from dtrcli.notebook.assignments import assigned, assignment, private_start, settled

WEDNESDAY = dt.date(2026, 11, 18)
FRIDAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("2026-11-20", FRIDAY),
        ("today", WEDNESDAY),
        ("tomorrow", dt.date(2026, 11, 19)),
        ("Friday", FRIDAY),
        ("fri", FRIDAY),
        ("this Friday", FRIDAY),
        ("Wednesday", dt.date(2026, 11, 25)),  # the next one, not today
        ("next Friday", dt.date(2026, 11, 27)),  # the Friday of next week
        ("next Monday", dt.date(2026, 11, 23)),
        ("next week", dt.date(2026, 11, 23)),  # its Monday
        ("the end of the week", FRIDAY),
        ("in 3 days", dt.date(2026, 11, 21)),
        ("in 2 weeks", dt.date(2026, 12, 2)),
        ("Nov 20", FRIDAY),
        ("20 November", FRIDAY),
        ("20th Nov", FRIDAY),
        ("Nov 1", dt.date(2027, 11, 1)),  # passed this year: next year's
        ("Dec 25, 2026", dt.date(2026, 12, 25)),
        ("Feb 29", dt.date(2028, 2, 29)),  # the next one there is
    ],
)
def test_days_as_people_say_them(said: str, day: dt.date) -> None:
    assert parse_when(said, WEDNESDAY) == day


def test_the_end_of_the_week_said_at_the_weekend_is_next_friday() -> None:
    assert parse_when("end of week", dt.date(2026, 11, 21)) == dt.date(2026, 11, 27)


@pytest.mark.parametrize("words", ["Knuth", "someday", "the team", "5pm", ""])
def test_words_that_are_no_day(words: str) -> None:
    assert parse_when(words, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("said", "reason"),
    [
        ("Feb 30", "'Feb 30' is not a day of the calendar"),
        ("31 April 2027", "not a day of the calendar"),
        ("2026-02-30", "not a day of the calendar"),
        ("2300-01-01", "too far off"),
    ],
)
def test_days_that_do_not_exist_say_why(said: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_when(said, WEDNESDAY)


@pytest.mark.parametrize(
    ("text", "words", "owner", "due"),
    [
        ("Mentor: send the invite by Friday", "Mentor: send the invite", "Mentor", "Friday"),
        ("Mentor: send the invite (due 2026-11-20)", "Mentor: send the invite", "Mentor",
         "2026-11-20"),
        ("book a room (owner: Mentee, due Friday)", "book a room", "Mentee", "Friday"),
        ("Alice Smith: pair on SQL due next week", "Alice Smith: pair on SQL", "Alice Smith",
         "next week"),
        ("read the book by Knuth", "read the book by Knuth", None, None),
        ("Sam sends the SQL joins article", "Sam sends the SQL joins article", None, None),
        ("fix it (see the notes)", "fix it (see the notes)", None, None),
        ("Mentor only: call the school by Monday", "Mentor only: call the school", "Mentor",
         "Monday"),
        ("**Mentor only** ask quietly", "**Mentor only** ask quietly", "Mentor", None),
    ],
)  # fmt: skip
def test_an_items_owner_and_due_date(text: str, words: str, owner: str, due: str) -> None:
    a = assignment(text, WEDNESDAY)
    assert (a.words, a.owner, a.due) == (words, owner, due)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Mentor: send the invite by Friday", "Mentor: send the invite (due 2026-11-20)"),
        ("Mentor: send the invite (due 2026-11-20)", "Mentor: send the invite (due 2026-11-20)"),
        ("a room (owner: Mentee, due next week)", "a room (owner: Mentee, due 2026-11-23)"),
        ("send it by Friday (owner: Sam)", "send it (owner: Sam, due 2026-11-20)"),
        ("read the book by Knuth", "read the book by Knuth"),
        ("Mentor only: call the school by Monday", "Mentor only: call the school (due 2026-11-23)"),
    ],
)  # fmt: skip
def test_the_note_keeps_the_day_a_due_date_names(typed: str, kept: str) -> None:
    assert settled(typed, WEDNESDAY) == kept
    assert settled(kept, dt.date(2027, 6, 1)) == kept  # read any day later: the same day


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("book a room (due someday)", "'someday' is not a day dtr can read"),
        ("book a room by Feb 30", "'Feb 30' is not a day of the calendar"),
    ],
)
def test_a_due_date_that_cannot_be_read_says_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        settled(text, WEDNESDAY)


def test_an_owner_given_is_written_at_the_end_never_before_the_words() -> None:
    assert assigned("book a room", "Mentee", "Friday") == "book a room (owner: Mentee, due Friday)"
    assert assigned("book a room", None, None) == "book a room"
    # "Mentor only" keeps its place at the start, however it is written.
    for start in ("Mentor only: ask", "mentor-only ask", "MENTOR ONLY - ask", "*Mentor only* ask"):
        assert private_start(start)
        assert assigned(start, "Sam", None).startswith(start)
    assert not private_start("Mentee: only ask the mentor")


@pytest.mark.parametrize(
    ("answer", "owner", "when"),
    [
        ("Mentee, Friday", "Mentee", "Friday"),
        ("Alice Smith; next week", "Alice Smith", "next week"),
        ("Sam by Nov 20", "Sam", "Nov 20"),
        ("by Friday", None, "Friday"),
        ("Mentee", "Mentee", None),
        ("", None, None),
    ],
)
def test_who_and_by_when_asked_for_both(answer: str, owner: str, when: str) -> None:
    from dtrcli.conversation.assigning import _who_and_when

    assert _who_and_when(answer, True, True) == (owner, when)


@pytest.mark.parametrize(
    ("answer", "ask_owner", "ask_due", "reason"),
    [
        ("Mentee, Fryday", True, True, "'Fryday' is not a day dtr can read"),
        ("Mentee", False, True, "'Mentee' is not a day dtr can read"),
        ("Sam, Feb 30", True, True, "'Feb 30' is not a day of the calendar"),
        ("Mentee (maybe)", True, False, "give a name, e.g. Mentee"),
    ],
)
def test_who_and_by_when_refuses_what_it_cannot_read(
    answer: str, ask_owner: bool, ask_due: bool, reason: str
) -> None:
    from dtrcli.conversation.assigning import _who_and_when

    with pytest.raises(ValueError, match=reason.replace("(", r"\(")):
        _who_and_when(answer, ask_owner, ask_due)


def test_an_item_typed_with_a_day_that_does_not_exist_is_refused_as_typed() -> None:
    from dtrcli.conversation.assigning import check_item

    assert check_item("book a room by Friday") is True
    assert check_item("read the book by Knuth") is True
    assert check_item("book a room (due Feb 30)") == (
        "The due date cannot be read: 'Feb 30' is not a day of the calendar."
    )
