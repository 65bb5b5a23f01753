"""dtr calendar import: a program's iCalendar feed, saved to a file or piped in, added to
its key dates; real .ics files made here by icalendar, by vobject and as a calendar
app writes them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from icalendar import Calendar, Event

from tests.support.cli import ok, one_line_error

TODAY = dt.date(2026, 11, 25)
START = "2026-11-30"
DENVER = ZoneInfo("America/Denver")
D = dt.date


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


def ics(*events: tuple[str, dt.date | dt.datetime, dt.date | dt.datetime | None]) -> bytes:
    """An iCalendar file made by the icalendar library: (summary, start, end) each."""
    cal = Calendar()
    cal.add("prodid", "-//School//Calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "BE Mod 2")
    for i, (summary, start, end) in enumerate(events):
        ev = Event()
        ev.add("uid", f"{i}@school")
        ev.add("dtstamp", dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
        ev.add("summary", summary)
        ev.add("dtstart", start)
        if end is not None:
            ev.add("dtend", end)
        cal.add_component(ev)
    if any(isinstance(s, dt.datetime) for _, s, _ in events):
        cal.add_missing_timezones()
    return cal.to_ical()


MODULE = ics(
    ("Mid-Mod Assessment", D(2026, 12, 17), D(2026, 12, 18)),
    ("Final Assessment", dt.datetime(2027, 1, 18, 9, tzinfo=DENVER), None),
    ("Portfolio Reviews", D(2027, 1, 22), D(2027, 1, 23)),
    ("Little Shop of Orders due", dt.datetime(2026, 12, 10, 17, tzinfo=DENVER), None),
    ("Winter Break", D(2026, 12, 21), D(2027, 1, 4)),
    ("Thanksgiving (no class)", D(2026, 11, 26), D(2026, 11, 28)),
    ("Class: ActiveRecord joins", dt.datetime(2026, 12, 1, 9, tzinfo=DENVER), None),
    ("Gear Up", dt.datetime(2026, 12, 4, 13, tzinfo=DENVER), None),
)


def program_file(home: Path) -> Path:
    return home / ".programs" / "be-2.yaml"


def write(tmp_path: Path, data: bytes, name: str = "be2.ics") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def imported(dtr, path: str, *more: str):
    return dtr("calendar", "import", path, "--program", "BE", "--module", "2", *more)


def test_import_adds_assessments_projects_reviews_and_breaks(dtr, home: Path, tmp_path: Path):
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    result = ok(imported(dtr, write(tmp_path, MODULE), "--yes"))
    rows = [line.split("  ")[0] for line in result.stdout.splitlines()[1:]]
    assert rows == [
        "2026-11-26",
        "2026-12-10",
        "2026-12-17",
        "2026-12-21 to 2027-01-03",
        "2027-01-18",
        "2027-01-22",
    ]
    assert "Found 6 key dates and breaks in 8 events" in result.stderr
    assert "2 other events (classes, talks ...) left out" in result.stderr
    assert "Added 5 key dates and 1 break to BE module 2" in result.stderr

    saved = yaml.safe_load(program_file(home).read_text(encoding="utf-8"))
    assert saved["breaks"] == [{"from": "2026-12-21", "to": "2027-01-03", "label": "Winter Break"}]
    assert {"date": "2026-11-26", "label": "Thanksgiving (no class) (to 2026-11-27)"} in saved[
        "dates"
    ]
    listed = ok(dtr("mentee", "dates", "alice")).stdout.splitlines()
    assert "2026-12-17  Mid-Mod Assessment  (program)" in listed
    assert "2026-12-21  Winter Break: a break to 2027-01-03  (program)" in listed
    # The program's dates take the place of the preset's of the same kind.
    assert not any("Mid-module assessment" in line for line in listed)
    assert not any("Portfolio review  (preset" in line for line in listed)
    # The module's weeks skip the break; the mid-module follow-up follows its assessment.
    (view,) = json.loads(ok(dtr("due", "--json")).stdout)
    conv = {c["template"]: c for c in view["conversations"]}
    assert (conv["midmod"]["from"], conv["midmod"]["to"]) == ("2026-12-17", "2027-01-10")
    assert (conv["exit"]["from"], conv["exit"]["to"]) == ("2027-01-18", "2027-01-31")

    # Again: nothing new, nothing written.
    before = program_file(home).read_text(encoding="utf-8")
    again = ok(imported(dtr, write(tmp_path, MODULE)))
    assert "already has every one of them" in again.stderr
    assert program_file(home).read_text(encoding="utf-8") == before


# What a calendar app exports (folded lines, CRLF, a VTIMEZONE, UTC times, a weekly
# RRULE with an EXDATE, all-day and timed events), typed out as it writes it.
APP_EXPORT = (
    "BEGIN:VCALENDAR\r\n"
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "VERSION:2.0\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "METHOD:PUBLISH\r\n"
    "X-WR-CALNAME:BE Mod 2\r\n"
    "X-WR-TIMEZONE:America/Denver\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:America/Denver\r\n"
    "X-LIC-LOCATION:America/Denver\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:-0700\r\n"
    "TZOFFSETTO:-0600\r\n"
    "TZNAME:MDT\r\n"
    "DTSTART:19700308T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:-0600\r\n"
    "TZOFFSETTO:-0700\r\n"
    "TZNAME:MST\r\n"
    "DTSTART:19701101T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;TZID=America/Denver:20261201T160000\r\n"
    "DTEND;TZID=America/Denver:20261201T163000\r\n"
    "RRULE:FREQ=WEEKLY;UNTIL=20270112T230000Z;BYDAY=TU\r\n"
    "EXDATE;TZID=America/Denver:20261222T160000\r\n"
    "EXDATE;TZID=America/Denver:20261229T160000\r\n"
    "DTSTAMP:20261101T000000Z\r\n"
    "UID:weekly-eval@google.com\r\n"
    "SUMMARY:Project evaluations\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART:20261219T050000Z\r\n"
    "DTEND:20261219T060000Z\r\n"
    "DTSTAMP:20261101T000000Z\r\n"
    "UID:late@google.com\r\n"
    "SUMMARY:Paired project due (11pm Friday\\, Mountain time: submit the repo\r\n"
    " sitory link)\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;VALUE=DATE:20261218\r\n"
    "DTEND;VALUE=DATE:20261219\r\n"
    "DTSTAMP:20261101T000000Z\r\n"
    "UID:midmod@google.com\r\n"
    "SUMMARY:BE2 Mid-mods\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;TZID=America/Denver:20261130T090000\r\n"
    "DTEND;TZID=America/Denver:20261130T100000\r\n"
    "RRULE:FREQ=DAILY;COUNT=5\r\n"
    "DTSTAMP:20261101T000000Z\r\n"
    "UID:warmup@google.com\r\n"
    "SUMMARY:Warm-up\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_a_calendar_apps_export_with_rrule_vtimezone_all_day_and_timed(dtr, home, tmp_path):
    result = ok(imported(dtr, write(tmp_path, APP_EXPORT.encode()), "--yes"))
    saved = yaml.safe_load(program_file(home).read_text(encoding="utf-8"))
    evals = [d["date"] for d in saved["dates"] if d["label"] == "Project evaluations"]
    # Each Tuesday to 12 January, less the two left out over the holidays.
    assert evals == ["2026-12-01", "2026-12-08", "2026-12-15", "2027-01-05", "2027-01-12"]
    # 05:00 UTC on the 19th is 22:00 on Friday the 18th in the feed's own zone.
    label = "Paired project due (11pm Friday, Mountain time: submit the repository link)"
    assert {"date": "2026-12-18", "label": label} in saved["dates"]
    assert {"date": "2026-12-18", "label": "BE2 Mid-mods"} in saved["dates"]
    assert "5 other events" in result.stderr  # the daily warm-ups


def test_a_feed_made_by_vobject(dtr, home, tmp_path):
    import vobject

    cal = vobject.iCalendar()
    ev = cal.add("vevent")
    ev.add("summary").value = "Mid mod assessment"
    ev.add("dtstart").value = dt.datetime(2026, 12, 18, 9, 0, tzinfo=DENVER)
    ev.add("dtend").value = dt.datetime(2026, 12, 18, 12, 0, tzinfo=DENVER)
    ev = cal.add("vevent")
    ev.add("summary").value = "Spring Break"
    ev.add("dtstart").value = D(2027, 3, 22)
    ev.add("dtend").value = D(2027, 3, 29)
    ev = cal.add("vevent")
    ev.add("summary").value = "Code review"
    ev.add("dtstart").value = dt.datetime(2026, 12, 2, 15, 0, tzinfo=DENVER)
    ev.add("rrule").value = "FREQ=WEEKLY;COUNT=3"
    ok(imported(dtr, write(tmp_path, cal.serialize().encode()), "--yes"))
    saved = yaml.safe_load(program_file(home).read_text(encoding="utf-8"))
    assert [d["date"] for d in saved["dates"]] == [
        "2026-12-02",
        "2026-12-09",
        "2026-12-16",
        "2026-12-18",
    ]
    assert saved["breaks"] == [{"from": "2027-03-22", "to": "2027-03-28", "label": "Spring Break"}]


# --- asking before writing ---------------------------------------------------------------


def test_piped_in_needs_yes(dtr, home: Path):
    one_line_error(
        dtr("calendar", "import", "-", "--program", "BE", "--module", "2", input=MODULE.decode()),
        "add --yes",
    )
    assert not program_file(home).exists()
    result = ok(
        dtr(
            *("calendar", "import", "-", "--program", "BE", "--module", "2", "--yes"),
            input=MODULE.decode(),
        )
    )
    assert "Added 5 key dates and 1 break" in result.stderr
    assert program_file(home).exists()


def test_without_a_terminal_it_says_to_add_yes(dtr, home: Path, tmp_path: Path):
    one_line_error(imported(dtr, write(tmp_path, MODULE)), "no terminal to ask at", "add --yes")
    assert not program_file(home).exists()


def test_at_a_terminal_it_asks_first(dtr, home: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr("dtrcli.cli.calendars.can_ask", lambda: True)
    path = write(tmp_path, MODULE)
    result = ok(dtr("calendar", "import", path, "--program", "BE", "--module", "2", input="n\n"))
    assert "Add these to BE module 2's key dates?" in result.stderr
    assert "Nothing was written." in result.stderr
    assert not program_file(home).exists()
    ok(dtr("calendar", "import", path, "--program", "BE", "--module", "2", input="y\n"))
    assert program_file(home).exists()


def test_the_export_is_still_dtr_calendar_name(dtr, tmp_path: Path):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    ok(dtr("calendar", "alice", "-o", str(tmp_path / "a.ics")))
    ok(dtr("calendar", "export", "alice", "-o", str(tmp_path / "b.ics")))
    assert Calendar.from_ical((tmp_path / "a.ics").read_bytes()).walk("VEVENT")


# --- bad input: one sentence, exit 1, nothing written -------------------------------------

BAD_DATE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
    "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Mid-mod\r\nDTSTART;VALUE=DATE:20261218\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Final assessment\r\nDTSTART;VALUE=DATE:20261345\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("data", "needles"),
    [
        (b"Mid-mod: Friday of week 3\n", ("is not an iCalendar file",)),
        (b"", ("is not an iCalendar file",)),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", ("has no events",)),
        (
            ics(
                ("Mid-mod", D(2019, 3, 1), None),
                ("Final assessment", D(2019, 3, 18), None),
            ),
            ("has 2 events, all in 2019", "save this year's calendar"),
        ),
        (BAD_DATE.encode(), ("be2.ics, line 9", "'Final assessment' has a DTSTART", "20261345")),
        (
            ics(("Mid-mod", D(2026, 12, 18), None), ("Final", D(2027, 1, 18), D(2027, 1, 11))),
            ("be2.ics, line", "'Final' ends (2027-01-11) before it starts"),
        ),
        (
            ics(
                ("Winter break", D(2026, 12, 21), D(2027, 1, 4)),
                ("Holiday break", D(2026, 12, 28), D(2027, 1, 11)),
            ),
            ("be2.ics, line", "'Holiday break'", "overlaps 'Winter break'"),
        ),
        (
            ics(("School closed", D(2026, 12, 1), D(2027, 6, 1))),
            ("be2.ics, line", "longer than 8 weeks"),
        ),
    ],
    ids=["text", "empty", "no-events", "another-year", "bad-date", "ends-first", "overlap", "long"],
)
def test_bad_feeds(dtr, home: Path, tmp_path: Path, data: bytes, needles):
    one_line_error(imported(dtr, write(tmp_path, data), "--yes"), *needles)
    assert not program_file(home).exists()


def test_a_break_overlapping_the_programs_own(dtr, home: Path, tmp_path: Path):
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    ok(
        dtr(
            *("mentee", "dates", "alice", "add", "2026-12-28", "Holidays", "--weeks", "1"),
            "--program",
        )
    )
    before = program_file(home).read_text(encoding="utf-8")
    one_line_error(
        imported(dtr, write(tmp_path, MODULE), "--yes"),
        "'Winter Break' (2026-12-21 to 2027-01-03) overlaps the program's 'Holidays'",
    )
    assert program_file(home).read_text(encoding="utf-8") == before


def test_a_missing_file(dtr, tmp_path: Path):
    one_line_error(imported(dtr, str(tmp_path / "nope.ics"), "--yes"), "does not exist")
    one_line_error(imported(dtr, str(tmp_path), "--yes"), "is a folder")
