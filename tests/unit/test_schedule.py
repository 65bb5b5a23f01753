"""Week arithmetic of a six-week module and the state of each conversation."""

from __future__ import annotations

import datetime as dt

import pytest

from dtrcli.module.schedule import (
    DONE,
    DUE,
    MISSED,
    OVERDUE,
    UPCOMING,
    conversation_status,
    describe_week,
    module_end,
    module_week,
    week_window,
)

D = dt.date
DAY = dt.timedelta(days=1)

# A module starting on every day of the week, each one running over the year end:
# (start, weekday, first and last day of weeks 3-4, first and last day of week 6).
YEAR_END_STARTS = [
    (D(2026, 12, 28), "Monday", D(2027, 1, 11), D(2027, 1, 24), D(2027, 2, 1), D(2027, 2, 7)),
    (D(2026, 12, 29), "Tuesday", D(2027, 1, 12), D(2027, 1, 25), D(2027, 2, 2), D(2027, 2, 8)),
    (D(2026, 12, 30), "Wednesday", D(2027, 1, 13), D(2027, 1, 26), D(2027, 2, 3), D(2027, 2, 9)),
    (D(2026, 12, 31), "Thursday", D(2027, 1, 14), D(2027, 1, 27), D(2027, 2, 4), D(2027, 2, 10)),
    (D(2027, 1, 1), "Friday", D(2027, 1, 15), D(2027, 1, 28), D(2027, 2, 5), D(2027, 2, 11)),
    (D(2027, 1, 2), "Saturday", D(2027, 1, 16), D(2027, 1, 29), D(2027, 2, 6), D(2027, 2, 12)),
    (D(2027, 1, 3), "Sunday", D(2027, 1, 17), D(2027, 1, 30), D(2027, 2, 7), D(2027, 2, 13)),
]
WEEKDAY_IDS = [row[1] for row in YEAR_END_STARTS]


@pytest.mark.parametrize(
    ("start", "weekday", "mid_first", "mid_last", "exit_first", "end"),
    YEAR_END_STARTS,
    ids=WEEKDAY_IDS,
)
def test_windows_for_a_start_on_every_weekday(start, weekday, mid_first, mid_last, exit_first, end):
    assert f"{start:%A}" == weekday
    assert week_window(start, (1,)) == (start, start + 6 * DAY)
    assert week_window(start, (3, 4)) == (mid_first, mid_last)
    # The exit's week runs on through the intermission, the seventh week.
    assert week_window(start, (6,)) == (exit_first, end + 7 * DAY)
    assert week_window(start, (7,)) == (end + DAY, end + 7 * DAY)
    assert module_end(start) == end
    # Every week starts on the start's weekday and ends the day before it.
    for first, last in (week_window(start, (w,)) for w in range(1, 8)):
        assert first.weekday() == start.weekday()
        assert (last + DAY).weekday() == start.weekday()


@pytest.mark.parametrize(
    ("start", "weekday", "mid_first", "mid_last", "exit_first", "end"),
    YEAR_END_STARTS,
    ids=WEEKDAY_IDS,
)
def test_week_numbers_around_the_module(start, weekday, mid_first, mid_last, exit_first, end):
    assert module_week(start, start) == 1
    assert module_week(start, start + 6 * DAY) == 1
    assert module_week(start, start + 7 * DAY) == 2
    assert module_week(start, mid_first) == 3
    assert module_week(start, mid_last) == 4
    assert module_week(start, exit_first) == 6
    assert module_week(start, end) == 6
    assert module_week(start, end + DAY) == 7
    assert module_week(start, start - DAY) == 0
    assert module_week(start, start - 7 * DAY) == 0
    assert module_week(start, start - 8 * DAY) == -1
    # Each week of the module has exactly the seven days of its window (week 6's runs
    # on through the intermission, week 7).
    for week in (1, 2, 3, 4, 5, 7):
        first, last = week_window(start, (week,))
        days = [start + i * DAY for i in range(-10, 50)]
        in_week = [d for d in days if module_week(start, d) == week]
        assert in_week == [first + i * DAY for i in range(7)]
        assert in_week[-1] == last


@pytest.mark.parametrize(
    ("start", "weekday", "mid_first", "mid_last", "exit_first", "end"),
    YEAR_END_STARTS,
    ids=WEEKDAY_IDS,
)
def test_describe_week_for_every_weekday(start, weekday, mid_first, mid_last, exit_first, end):
    assert describe_week(start, start - 10 * DAY) == "starts in 10 days"
    assert describe_week(start, start - DAY) == "starts in 1 day"
    assert describe_week(start, start) == "week 1 of 6"
    assert describe_week(start, mid_first) == "week 3 of 6"
    assert describe_week(start, mid_last) == "week 4 of 6"
    assert describe_week(start, end) == "week 6 of 6"
    intermission = f"intermission, to {(end + 7 * DAY).isoformat()}"
    assert describe_week(start, end + DAY) == intermission
    assert describe_week(start, end + 7 * DAY) == intermission
    assert describe_week(start, end + 8 * DAY) == f"ended {end.isoformat()}"
    assert describe_week(start, end + 100 * DAY) == f"ended {end.isoformat()}"


@pytest.mark.parametrize(
    ("start", "today", "text"),
    [
        # Across a month end: week 2 starts in February.
        (D(2026, 1, 30), D(2026, 2, 5), "week 1 of 6"),
        (D(2026, 1, 30), D(2026, 2, 6), "week 2 of 6"),
        (D(2026, 1, 30), D(2026, 3, 12), "week 6 of 6"),
        (D(2026, 1, 30), D(2026, 3, 13), "intermission, to 2026-03-19"),
        (D(2026, 1, 30), D(2026, 3, 20), "ended 2026-03-12"),
        # Across a leap day.
        (D(2028, 2, 25), D(2028, 3, 2), "week 1 of 6"),
        (D(2028, 2, 25), D(2028, 3, 3), "week 2 of 6"),
        (D(2028, 2, 25), D(2028, 4, 7), "intermission, to 2028-04-13"),
        (D(2028, 2, 25), D(2028, 4, 14), "ended 2028-04-06"),
        # Before the start, across a month end and a year end.
        (D(2026, 12, 1), D(2026, 11, 28), "starts in 3 days"),
        (D(2027, 1, 4), D(2026, 12, 30), "starts in 5 days"),
    ],
)
def test_describe_week_across_month_and_year_ends(start, today, text):
    assert describe_week(start, today) == text


def test_windows_across_a_month_end():
    start = D(2026, 1, 30)  # a Friday
    assert week_window(start, (3, 4)) == (D(2026, 2, 13), D(2026, 2, 26))
    assert week_window(start, (6,)) == (D(2026, 3, 6), D(2026, 3, 19))


# --- conversation_status -------------------------------------------------------

START = D(2026, 11, 30)  # a Monday; the module ends on 2027-01-10


def status(template, weeks, held, today):
    return conversation_status(template, template.title(), weeks, START, held, today)


def test_a_note_in_the_module_is_done_with_its_date():
    s = status("kickoff", (1,), ["2026-12-02"], D(2026, 12, 20))
    assert s.state == DONE
    assert s.held == "2026-12-02"
    assert s.text() == "done 2026-12-02"


def test_a_note_up_to_seven_days_before_the_start_counts():
    s = status("kickoff", (1,), ["2026-11-23"], START)
    assert s.state == DONE
    assert s.text() == "done 2026-11-23"


def test_a_note_older_than_that_is_from_another_module():
    s = status("kickoff", (1,), ["2026-11-22"], START + DAY)
    assert s.state == DUE
    assert s.held is None
    assert s.text() == "due by 2026-12-06"


def test_the_first_note_of_the_module_is_the_one_shown():
    held = ["2026-12-16", "2026-10-01", "2026-12-15"]
    s = status("midmod", (3, 4), held, D(2026, 12, 20))
    assert s.state == DONE
    assert s.text() == "done 2026-12-15"


@pytest.mark.parametrize(
    ("today", "state", "text"),
    [
        (D(2026, 11, 20), UPCOMING, "upcoming 2026-12-14"),  # before the module
        (D(2026, 12, 13), UPCOMING, "upcoming 2026-12-14"),  # last day of week 2
        (D(2026, 12, 14), DUE, "due by 2026-12-27"),  # first day of week 3
        (D(2026, 12, 22), DUE, "due by 2026-12-27"),  # week 4
        (D(2026, 12, 27), DUE, "due by 2026-12-27"),  # last day of week 4
        (D(2026, 12, 28), OVERDUE, "overdue since 2026-12-28"),  # week 5
        (D(2027, 2, 1), OVERDUE, "overdue since 2026-12-28"),  # after the module
        (D(2027, 2, 7), OVERDUE, "overdue since 2026-12-28"),  # four weeks after its end
        (D(2027, 2, 8), MISSED, "not held"),  # long past: no longer a to-do
    ],
)
def test_midmod_over_the_module(today, state, text):
    s = status("midmod", (3, 4), [], today)
    assert s.state == state
    assert s.text() == text
    assert s.window == (D(2026, 12, 14), D(2026, 12, 27))
    assert s.template == "midmod" and s.title == "Midmod"


@pytest.mark.parametrize("week", [3, 4])
def test_midmod_is_due_this_week_in_week_3_and_week_4(week):
    for offset in range(7):
        today = START + dt.timedelta(weeks=week - 1, days=offset)
        assert module_week(START, today) == week
        assert status("midmod", (3, 4), [], today).state == DUE == "due this week"


def test_exit_after_the_intermission_is_overdue():
    # Week 6 ends on 2027-01-10; the exit may still be held in the intermission after it.
    assert status("exit", (6,), [], D(2027, 1, 10)).text() == "due by 2027-01-17"
    assert status("exit", (6,), [], D(2027, 1, 17)).state == DUE
    late = status("exit", (6,), [], D(2027, 1, 18))
    assert late.state == OVERDUE
    assert late.text() == "overdue since 2027-01-18"


def test_kickoff_before_the_module_starts_is_upcoming():
    s = status("kickoff", (1,), [], START - 3 * DAY)
    assert s.state == UPCOMING
    assert s.text() == "upcoming 2026-11-30"


def test_a_note_held_after_its_window_still_counts_as_done():
    s = status("midmod", (3, 4), ["2027-01-05"], D(2027, 1, 8))
    assert s.state == DONE
    assert s.text() == "done 2027-01-05"
