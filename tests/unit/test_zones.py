"""Time zones: names checked against the database, this computer's zone, the fallback."""

from __future__ import annotations

import zoneinfo

import pytest
import tzlocal

from dtrcli.module import zones


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        (" America/Los_Angeles ", "America/Los_Angeles"),
        ("utc", "UTC"),
    ],
)
def test_a_zone_is_stored_as_the_database_spells_it(typed, stored):
    assert zones.parse_zone(typed) == stored


def test_a_misspelt_zone_is_one_sentence_with_the_likely_name():
    with pytest.raises(zones.ZoneError) as info:
        zones.parse_zone("Europe/Berln")
    assert str(info.value) == (
        "--timezone 'Europe/Berln' is not a time zone; did you mean 'Europe/Berlin'?"
    )


@pytest.mark.parametrize("typed", ["Mars/Olympus", "America", "../etc/passwd", "localtime", ""])
def test_what_is_no_zone_is_refused(typed):
    with pytest.raises(zones.ZoneError) as info:
        zones.parse_zone(typed)
    assert f"--timezone {typed!r} is not a time zone" in str(info.value)


def test_without_a_zone_database_the_sentence_says_what_to_install(monkeypatch):
    zones._names.cache_clear()
    monkeypatch.setattr(zoneinfo, "available_timezones", set)
    try:
        with pytest.raises(zones.ZoneError) as info:
            zones.parse_zone("Europe/Berlin")
    finally:
        zones._names.cache_clear()
    assert "no time zone database" in str(info.value) and "tzdata" in str(info.value)


@pytest.mark.parametrize(
    ("found", "used"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        (None, None),  # nothing names a zone (a bare container: its clock is UTC)
        ("Mars/Olympus", None),  # a setting that is no zone
        ("localtime", None),  # a file in the database that is no place
    ],
)
def test_this_computers_zone(monkeypatch, found, used):
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: found)
    assert zones.system_zone() == used


def test_conflicting_settings_give_no_zone_and_no_traceback(monkeypatch):
    def conflicting():
        raise zoneinfo.ZoneInfoNotFoundError("Multiple conflicting time zone configurations")

    monkeypatch.setattr(tzlocal, "get_localzone_name", conflicting)
    assert zones.system_zone() is None


def test_this_computers_zone_without_mocks_is_a_zone_or_none():
    name = zones.system_zone()
    assert name is None or zoneinfo.ZoneInfo(name).key == name


def test_the_zone_of_the_meeting_times(monkeypatch):
    monkeypatch.setattr(zones, "system_zone", lambda: "Asia/Tokyo")
    assert zones.meeting_zone("Europe/Berlin") == zones.MeetingZone("Europe/Berlin", "profile")
    assert zones.meeting_zone(None) == zones.MeetingZone("Asia/Tokyo", "computer")
    monkeypatch.setattr(zones, "system_zone", lambda: None)
    fallback = zones.meeting_zone(None)
    assert fallback == zones.MeetingZone("UTC", "fallback")
    assert fallback.tzinfo.key == "UTC"
    with pytest.raises(zones.ZoneError):
        zones.meeting_zone("Mars/Olympus")
