"""Lengths of time: a session's length as a mentor types it."""

from __future__ import annotations

import pytest

from dtrcli.dates import parse_minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45", 45),
        ("45m", 45),
        ("45 min", 45),
        ("30 minutes", 30),
        ("1h", 60),
        ("1h 30m", 90),
        ("1h30", 90),
        ("1 h 30", 90),
        ("1.5 hours", 90),
        ("1:15", 75),
        ("1 hour and 15 minutes", 75),
        ("2 days", 2880),
    ],
)
def test_lengths_of_time(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["an hour", "45 parsecs", "h", "", "30 30", "-5", "1h 2x"])
def test_lengths_that_cannot_be_read(text: str) -> None:
    with pytest.raises(ValueError, match="is not a length of time; use minutes or hours"):
        parse_minutes(text)
