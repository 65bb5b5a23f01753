"""Mentee profiles: the weekly meeting time, mentee.yaml, key dates and program dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dtrcli.errors import DtrError
from dtrcli.module.meets import find_meets, format_meets, parse_meets
from dtrcli.module.profiles import (
    KeyDate,
    Profile,
    ProfileError,
    dates_in_module,
    load_profile,
    save_profile,
)
from dtrcli.module.programdates import add_program_date
from dtrcli.notebook import paths

D = dt.date
T = dt.time


# --- the weekly meeting time ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weekday", "time", "canonical"),
    [
        ("Tue 18:00", 1, T(18, 0), "Tue 18:00"),
        ("tuesday 6pm", 1, T(18, 0), "Tue 18:00"),
        ("Tue 6:30pm", 1, T(18, 30), "Tue 18:30"),
        ("Tue 12am", 1, T(0, 0), "Tue 00:00"),
        ("Tue 12pm", 1, T(12, 0), "Tue 12:00"),
        ("Mon 9am", 0, T(9, 0), "Mon 09:00"),
        ("WED 7:05 PM", 2, T(19, 5), "Wed 19:05"),
        ("thurs 8", 3, T(8, 0), "Thu 08:00"),
        ("Fri, 9am", 4, T(9, 0), "Fri 09:00"),
        ("Tues. 18:00", 1, T(18, 0), "Tue 18:00"),
        ("  saturday   10:15  ", 5, T(10, 15), "Sat 10:15"),
        ("Sun 0:00", 6, T(0, 0), "Sun 00:00"),
        ("sunday 23:59", 6, T(23, 59), "Sun 23:59"),
    ],
)
def test_parse_and_format_meets(text, weekday, time, canonical):
    assert parse_meets(text) == (weekday, time)
    assert format_meets(text) == canonical
    assert format_meets(canonical) == canonical


@pytest.mark.parametrize(
    "text",
    ["12am", "18:00", "Tue", "", "   ", "someday 18:00", "Tue 18.00", "Tue 6pm sharp"],
)
def test_meets_that_is_not_a_weekly_time(text):
    with pytest.raises(ProfileError) as info:
        parse_meets(text)
    message = str(info.value)
    assert repr(text) in message
    assert "'Tue 18:00'" in message
    assert "\n" not in message and message.endswith(".") and message.count(". ") == 0


@pytest.mark.parametrize("text", ["Tue 24:00", "Tue 18:60", "Tue 99:00"])
def test_meets_with_no_such_time_of_day(text):
    with pytest.raises(ProfileError) as info:
        format_meets(text)
    message = str(info.value)
    assert repr(text) in message and "no such time of day" in message
    assert "\n" not in message and message.endswith(".")


def test_a_profile_error_is_a_dtr_error():
    with pytest.raises(DtrError):
        parse_meets("whenever")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Tuesdays 18:00, on video", "Tue 18:00"),
        ("Tue 18:00", "Tue 18:00"),
        ("We said Thursday at 6:30pm.", "Thu 18:30"),
        ("mondays 7 pm on Zoom", "Mon 19:00"),
        ("Fridays 12am (night owls)", "Fri 00:00"),
        ("Every wed 9am before work", "Wed 09:00"),
    ],
)
def test_find_meets_in_free_text(text, found):
    assert find_meets(text) == found


@pytest.mark.parametrize(
    "text",
    ["Mondays", "Tuesdays at 6", "18:00 works", "", "no idea yet", "Sat 25:00", "Sunday 18:75"],
)
def test_find_meets_finds_nothing(text):
    assert find_meets(text) is None


# --- mentee.yaml ---------------------------------------------------------------


def test_profile_round_trip(home: Path):
    folder = home / "zoe-smith"
    profile = Profile(
        folder=folder,
        name="Zoë Smith",
        pronouns="she/her",
        program="BE",
        module="2",
        start=D(2026, 11, 30),
        meets="Tue 18:00",
        channel="Slack",
        dates=[KeyDate(D(2026, 12, 18), "Project due"), KeyDate(D(2026, 12, 4), "Assessment")],
    )
    save_profile(profile)
    assert profile.path == folder / "mentee.yaml"
    raw = yaml.safe_load(profile.path.read_text(encoding="utf-8"))
    assert raw["name"] == "Zoë Smith"
    assert raw["start"] == "2026-11-30"
    assert raw["module"] == "2"

    loaded = load_profile(folder)
    assert loaded.exists
    assert (loaded.name, loaded.pronouns, loaded.program, loaded.module) == (
        "Zoë Smith",
        "she/her",
        "BE",
        "2",
    )
    assert loaded.start == D(2026, 11, 30)
    assert (loaded.meets, loaded.channel) == ("Tue 18:00", "Slack")
    # Her own dates (BE module 2's preset adds its own, tested in test_presets.py).
    assert [d for d in loaded.dates if d.source == "own"] == [
        KeyDate(D(2026, 12, 4), "Assessment"),
        KeyDate(D(2026, 12, 18), "Project due"),
    ]


def test_a_profile_with_only_a_name_round_trips(home: Path):
    save_profile(Profile(folder=home / "bob", name="Bob"))
    assert yaml.safe_load((home / "bob" / "mentee.yaml").read_text(encoding="utf-8")) == {
        "name": "Bob"
    }
    loaded = load_profile(home / "bob")
    assert loaded.exists and loaded.name == "Bob"
    assert loaded.start is None and loaded.meets is None and loaded.dates == []


def test_no_profile_is_an_empty_profile(home: Path):
    profile = load_profile(home / "nobody")
    assert not profile.exists
    assert profile.name is None and profile.start is None and profile.dates == []


def test_a_hand_written_profile_is_read(home: Path):
    folder = home / "alice"
    folder.mkdir(parents=True)
    (folder / "mentee.yaml").write_text(
        "name: Alice\nmodule: 2\nstart: 2026-11-30\ndates:\n"
        "  - {date: 2026-12-04, label: Assessment}\n",
        encoding="utf-8",
    )
    profile = load_profile(folder)
    assert profile.module == "2"
    assert profile.start == D(2026, 11, 30)
    assert profile.dates == [KeyDate(D(2026, 12, 4), "Assessment")]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("name: Alice\nstart: [oops\n", "cannot be read as YAML"),
        ("- just\n- a list\n", "is not a mapping"),
        ("name: Alice\nstart: next monday\n", "'next monday' is not a date"),
        ("name: Alice\ndates:\n  - label: no date\n", "needs a 'date'"),
        ("name: Alice\ndates:\n  - {date: soon, label: x}\n", "'soon' is not a date"),
        ("name: Alice\nstart: 9999-12-20\n", "9999-12-20 is too far off"),
        ("name: Alice\ndates:\n  - {date: 0001-01-01, label: x}\n", "0001-01-01 is too far off"),
    ],
)
def test_a_broken_profile_names_the_file(home: Path, content, words):
    folder = home / "alice"
    folder.mkdir(parents=True)
    path = folder / "mentee.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(folder)
    message = str(info.value)
    assert words in message
    assert "\n" not in message
    if "is not a date" not in words:
        assert str(path) in message


# --- key dates -------------------------------------------------------------------


def _mentee(home: Path, slug: str, program: str | None, module: str | None) -> Path:
    save_profile(Profile(folder=home / slug, name=slug.title(), program=program, module=module))
    return home / slug


def test_program_dates_are_shared_by_one_program_and_module(home: Path):
    alice = _mentee(home, "alice", "BE", "2")
    bob = _mentee(home, "bob", "BE", "2")
    carol = _mentee(home, "carol", "BE", "3")
    dave = _mentee(home, "dave", "FE", "2")
    eve = _mentee(home, "eve", None, None)

    path = add_program_date("BE", "2", D(2026, 12, 18), "Demo day")
    add_program_date("BE", "2", D(2026, 12, 4), "Assessment")
    assert path == home / ".programs" / "be-2.yaml"

    shared = [
        KeyDate(D(2026, 12, 4), "Assessment", True),
        KeyDate(D(2026, 12, 18), "Demo day", True),
    ]
    assert load_profile(alice).dates == shared
    assert load_profile(bob).dates == shared
    for other in (carol, dave, eve):
        assert load_profile(other).dates == []
    # The program's folder is not a mentee.
    assert [p.name for p in paths.mentee_dirs()] == ["alice", "bob", "carol", "dave", "eve"]


def test_own_and_program_dates_mix_but_only_own_ones_are_saved(home: Path):
    alice = _mentee(home, "alice", "BE", "2")
    add_program_date("BE", "2", D(2026, 12, 18), "Demo day")
    profile = load_profile(alice)
    profile.dates.append(KeyDate(D(2026, 12, 1), "Alice's talk"))
    save_profile(profile)

    text = (alice / "mentee.yaml").read_text(encoding="utf-8")
    assert "Alice's talk" in text and "Demo day" not in text
    assert [(d.label, d.shared) for d in load_profile(alice).dates] == [
        ("Alice's talk", False),
        ("Demo day", True),
    ]


def test_a_program_without_a_module_has_its_own_dates(home: Path):
    solo = _mentee(home, "solo", "Data", None)
    moduled = _mentee(home, "moduled", "Data", "1")
    add_program_date("Data", None, D(2026, 12, 18), "Graduation")
    assert [d.label for d in load_profile(solo).dates] == ["Graduation"]
    assert load_profile(moduled).dates == []


def test_dates_in_module(home: Path):
    dates = [
        KeyDate(D(2026, 11, 22), "Too early"),
        KeyDate(D(2026, 11, 23), "Week before the start"),
        KeyDate(D(2026, 11, 30), "First day"),
        KeyDate(D(2027, 1, 10), "Last day"),
        KeyDate(D(2027, 1, 11), "Next module"),
    ]
    profile = Profile(folder=home / "alice", start=D(2026, 11, 30), dates=dates)
    assert [d.label for d in dates_in_module(profile)] == [
        "Week before the start",
        "First day",
        "Last day",
    ]
    without_start = Profile(folder=home / "alice", dates=dates)
    assert dates_in_module(without_start) == dates
