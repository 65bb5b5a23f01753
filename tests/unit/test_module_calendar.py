"""The module calendar: teaching weeks that skip breaks, the intermission, windows."""

from __future__ import annotations

import datetime as dt

import pytest

from dtrcli.module.calendar import (
    ASSESSMENT,
    BREAK,
    FINAL,
    MIDMOD,
    OTHER,
    PORTFOLIO,
    PROJECT,
    AfterWeek,
    Break,
    ModuleCalendar,
    check_break,
    kind_of,
    whole_weeks,
)
from dtrcli.module.profiles import KeyDate
from dtrcli.module.schedule import DUE, OVERDUE, UPCOMING, conversation_status, window_for

D = dt.date
# The listed term: Monday 2026-11-30 to Friday 2027-01-22, with two weeks off at the
# year end.
START = D(2026, 11, 30)
WINTER = Break(D(2026, 12, 21), D(2027, 1, 3), "Winter break")


def test_week_numbers_skip_a_break():
    cal = ModuleCalendar(START, (WINTER,))
    assert [(b.first, b.week) for b in cal.blocks] == [
        (D(2026, 11, 30), 1),
        (D(2026, 12, 7), 2),
        (D(2026, 12, 14), 3),
        (D(2026, 12, 21), None),
        (D(2026, 12, 28), None),
        (D(2027, 1, 4), 4),
        (D(2027, 1, 11), 5),
        (D(2027, 1, 18), 6),
        (D(2027, 1, 25), 7),
    ]
    assert cal.teaching_end == D(2027, 1, 24)
    assert cal.end == D(2027, 1, 31)
    assert cal.teaching_week(D(2027, 1, 22)) == 6  # the term's last day, a Friday
    assert cal.teaching_week(D(2026, 12, 24)) is None
    assert cal.week_number(D(2026, 12, 24)) == 3  # a break week counts as the one before
    assert cal.week_number(D(2027, 1, 4)) == 4


def test_describe_each_part_of_the_module():
    cal = ModuleCalendar(START, (WINTER,))
    assert cal.describe(D(2026, 11, 27)) == "starts in 3 days"
    assert cal.describe(D(2026, 12, 18)) == "week 3 of 6"
    assert cal.describe(D(2026, 12, 29)) == "break (Winter break), week 4 from 2027-01-04"
    assert cal.describe(D(2027, 1, 5)) == "week 4 of 6"
    assert cal.describe(D(2027, 1, 27)) == "intermission, to 2027-01-31"
    assert cal.describe(D(2027, 2, 1)) == "ended 2027-01-24"
    assert [cal.phase(D(2026, 11, 1)), cal.phase(D(2026, 12, 22)), cal.phase(D(2027, 1, 26))] == [
        "before",
        "break",
        "intermission",
    ]


def test_windows_skip_breaks_and_the_exit_runs_through_the_intermission():
    cal = ModuleCalendar(START, (WINTER,))
    assert cal.window((1,)) == (D(2026, 11, 30), D(2026, 12, 6))
    assert cal.window((3, 4)) == (D(2026, 12, 14), D(2027, 1, 10))
    assert cal.window((6,)) == (D(2027, 1, 18), D(2027, 1, 31))
    held = ["2027-01-27"]  # in the intermission, after the portfolio review
    assert conversation_status("exit", "Exit", (6,), cal, held, D(2027, 1, 28)).state == "done"
    assert conversation_status("exit", "Exit", (6,), cal, [], D(2027, 1, 27)).state == DUE
    assert conversation_status("exit", "Exit", (6,), cal, [], D(2027, 2, 1)).state == OVERDUE


def test_a_break_of_a_day_or_two_is_not_a_break_week():
    # Thursday and Friday off: three weekdays are not covered in any week.
    short = Break(D(2026, 11, 26), D(2026, 11, 27), "Thanksgiving")
    cal = ModuleCalendar(D(2026, 11, 23), (short,))
    assert [b.week for b in cal.blocks] == [1, 2, 3, 4, 5, 6, 7]
    assert not whole_weeks(short.first, short.last)
    # A break from a Wednesday is a break week: three of its weekdays are off.
    cal = ModuleCalendar(D(2026, 11, 23), (Break(D(2026, 11, 25), D(2026, 11, 29), "Off"),))
    assert [b.week for b in cal.blocks[:2]] == [None, 1]


def test_a_preset_break_after_a_week():
    cal = ModuleCalendar(START, (), (AfterWeek(3, 1, "Spring break"),))
    assert [b.week for b in cal.blocks] == [1, 2, 3, None, 4, 5, 6, 7]
    assert cal.blocks[3].label == "Spring break"
    (run,) = cal.break_weeks()
    assert cal.break_span(run) == (D(2026, 12, 21), D(2026, 12, 27))


def test_the_mid_module_window_follows_the_programs_mid_module_assessment():
    cal = ModuleCalendar(START, (WINTER,))
    dates = [KeyDate(D(2027, 1, 5), "Mid-mod assessment (BE 3)")]  # week 4, a Tuesday
    # From the assessment to the end of the week after it.
    assert window_for("midmod", (3, 4), cal, dates) == (D(2027, 1, 5), D(2027, 1, 17))
    assert window_for("midmod", (3, 4), cal, []) == cal.window((3, 4))
    assert window_for("exit", (6,), cal, dates) == cal.window((6,))
    status = conversation_status("midmod", "Mid", (3, 4), cal, [], D(2026, 12, 18), None)
    assert status.state == DUE  # its weeks alone
    anchored = window_for("midmod", (3, 4), cal, dates)
    status = conversation_status("midmod", "Mid", (3, 4), cal, [], D(2026, 12, 18), anchored)
    assert status.state == UPCOMING


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Mid-mod assessment", MIDMOD),
        ("Mid Module Assessments (during week 4)", MIDMOD),
        ("BE2 midmod", MIDMOD),
        ("Final assessment", FINAL),
        ("Final IC", FINAL),
        ("Portfolio reviews", PORTFOLIO),
        ("Final solo project due (morning)", PROJECT),
        ("Paired project due", PROJECT),
        ("Early-bird assessments", ASSESSMENT),
        ("Winter Break", BREAK),
        ("No class: MLK Day", BREAK),
        ("Gear Up", OTHER),
    ],
)
def test_kinds_of_key_dates(label, kind):
    assert kind_of(label) == kind


def test_impossible_breaks():
    with pytest.raises(ValueError, match="ends .* before it starts"):
        check_break(D(2027, 1, 3), D(2026, 12, 21), "here")
    with pytest.raises(ValueError, match="longer than 8 weeks"):
        check_break(D(2026, 1, 1), D(2026, 6, 1), "here")
    check_break(WINTER.first, WINTER.last, "here")
