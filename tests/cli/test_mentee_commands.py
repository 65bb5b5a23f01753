"""dtr mentee add/edit/show/list/dates, dtr due, dtr followups and dtr calendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.support.cli import columns, listing, ok, one_line_error

DATA = Path(__file__).parents[1] / "data"
ANSWERS = str(DATA / "kickoff-answers.yaml")
TODAY = dt.date(2026, 11, 18)  # a Wednesday
START = (TODAY - dt.timedelta(days=15)).isoformat()  # 2026-11-03: today is in week 3


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


def kickoff_alice(dtr) -> None:
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    ok(dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", START))


def kickoff_json(dtr, name: str, day: str, items: list[str]) -> None:
    payload = json.dumps({"meeting_time": "Mondays 9am", "channel": "Email", "followups": items})
    ok(dtr("kickoff", name, "--new", "-a", "-", "--date", day, input=payload))


# --- the acceptance scenario -------------------------------------------------------


def test_due_after_a_kickoff_in_week_3(dtr):
    assert START == "2026-11-03"
    kickoff_alice(dtr)

    data = json.loads(ok(dtr("due", "--json")).stdout)
    assert len(data) == 1
    alice = data[0]
    assert (alice["mentee"], alice["start"], alice["week"], alice["meets"]) == (
        "alice",
        "2026-11-03",
        3,
        "Tue 18:00",
    )
    conv = {c["template"]: c for c in alice["conversations"]}
    assert list(conv) == ["kickoff", "midmod", "exit"]
    assert (conv["kickoff"]["state"], conv["kickoff"]["held"]) == ("done", "2026-11-03")
    assert conv["midmod"]["state"] == "due this week"
    assert (conv["midmod"]["from"], conv["midmod"]["to"]) == ("2026-11-17", "2026-11-30")
    assert conv["midmod"]["held"] is None
    assert conv["exit"]["state"] == "upcoming"
    # Week 6 and the intermission after it.
    assert (conv["exit"]["from"], conv["exit"]["to"]) == ("2026-12-08", "2026-12-21")
    assert alice["last"]["template"] == "kickoff" and alice["last"]["date"] == "2026-11-03"

    rows = listing(ok(dtr("due")).stdout)
    assert rows == [
        ["mentee", "week", "kickoff", "midmod", "exit", "weekly session", "next key date"],
        [
            "alice",
            "week 3 of 6",
            "done 2026-11-03",
            "due by 2026-11-30",
            "upcoming 2026-12-08",
            "week 2 no check-in",  # week 1 had the kick-off; week 3 is not over
            "-",
        ],
    ]


def test_due_names_a_mentee_without_start_date(dtr):
    kickoff_alice(dtr)
    ok(dtr("mentee", "add", "Bob Jones"))
    result = ok(dtr("due"))
    assert [r[0] for r in listing(result.stdout)] == ["mentee", "alice"]
    assert (
        "Bob Jones has no module start date: dtr mentee edit bob-jones --start YYYY-MM-DD"
        in result.stderr
    )
    data = json.loads(ok(dtr("due", "--json")).stdout)
    bob = next(d for d in data if d["folder"] == "bob-jones")
    assert bob["start"] is None and bob["week"] is None and bob["conversations"] == []


def test_due_with_nobody(dtr):
    result = ok(dtr("due"))
    assert result.stdout == ""
    assert "dtr mentee add NAME --start" in result.stderr
    assert json.loads(ok(dtr("due", "--json")).stdout) == []


def test_due_shows_an_overdue_kickoff_and_the_next_key_date(dtr):
    ok(dtr("mentee", "add", "carol", "--start", START))
    ok(dtr("mentee", "dates", "carol", "add", "2026-11-10", "Past"))
    ok(dtr("mentee", "dates", "carol", "add", "2026-11-20", "Assessment"))
    rows = listing(ok(dtr("due")).stdout)
    assert rows[1] == [
        "carol",
        "week 3 of 6",
        "overdue since 2026-11-10",
        "due by 2026-11-30",
        "upcoming 2026-12-08",
        "week 1 no check-in, week 2 no check-in",
        "2026-11-20 Assessment",
    ]


# --- dtr mentee list / show --------------------------------------------------------


def test_mentee_list_has_one_row_per_mentee(dtr):
    kickoff_alice(dtr)
    ok(dtr("kickoff", "bob", "--new", "-a", ANSWERS, "--date", "2026-11-10"))  # notes only
    ok(dtr("mentee", "add", "carol", "--program", "BE", "--module", "2"))  # profile only

    rows = listing(ok(dtr("mentee", "list")).stdout)
    assert rows == [
        ["mentee", "module", "week", "last conversation", "due"],
        ["alice", "-", "week 3 of 6", "2026-11-03 kickoff", "midmod due this week"],
        ["bob", "-", "-", "2026-11-10 kickoff", "no start date"],
        ["carol", "BE 2", "-", "-", "no start date"],
    ]

    data = json.loads(ok(dtr("mentee", "list", "--json")).stdout)
    assert [d["mentee"] for d in data] == ["alice", "bob", "carol"]
    assert data[1]["start"] is None and data[1]["last"]["date"] == "2026-11-10"
    assert (data[2]["program"], data[2]["module"], data[2]["last"]) == ("BE", "2", None)


def test_mentee_list_with_nobody(dtr):
    result = ok(dtr("mentee", "list"))
    assert result.stdout == ""
    assert "dtr mentee add NAME" in result.stderr
    assert json.loads(ok(dtr("mentee", "list", "--json")).stdout) == []


def test_mentee_show(dtr, home: Path):
    ok(
        dtr(
            "mentee",
            "add",
            "Alice Smith",
            "--pronouns",
            "she/her",
            "--program",
            "BE",
            "--module",
            "2",
            "--start",
            START,
            "--meets",
            "tuesday 6pm",
            "--channel",
            "Slack",
        )
    )
    ok(dtr("kickoff", "alice-smith", "--new", "-a", ANSWERS, "--date", START))
    ok(dtr("mentee", "dates", "alice-smith", "add", "2026-11-20", "Assessment"))

    lines = [columns(line) for line in ok(dtr("mentee", "show", "alice-smith")).stdout.splitlines()]
    assert lines[0] == ["Alice Smith (she/her)"]
    assert ["folder", str(home / "alice-smith")] in lines
    assert ["program", "BE module 2"] in lines
    assert ["module start", "2026-11-03"] in lines
    assert ["this week", "week 3 of 6"] in lines
    assert ["meets", "Tue 18:00"] in lines
    assert ["channel", "Slack"] in lines
    assert ["kickoff", "done 2026-11-03"] in lines
    # BE module 2's mid-module assessment is on Friday of week 3 (its preset): the
    # follow-up comes after it.
    assert ["midmod", "upcoming 2026-11-20"] in lines
    assert ["exit", "upcoming 2026-12-08"] in lines
    assert ["2026-11-20", "Assessment"] in lines
    assert ["2026-11-20", "Mid-module assessment (preset BE module 2)"] in lines
    assert lines[-1] == ["Notes 1, latest 2026-11-03 kickoff"]

    data = json.loads(ok(dtr("mentee", "show", "alice-smith", "--json")).stdout)
    assert data["mentee"] == "Alice Smith" and data["pronouns"] == "she/her"
    assert (data["week"], data["channel"]) == (3, "Slack")
    assert [c["state"] for c in data["conversations"]] == ["done", "upcoming", "upcoming"]
    own = [d for d in data["dates"] if d["source"] == "own"]
    assert own == [{"date": "2026-11-20", "label": "Assessment", "program": False, "source": "own"}]
    assert data["next_key_date"] == {"date": "2026-11-18", "label": "Paired project due (evening)"}


def test_mentee_show_without_start_and_unknown(dtr):
    ok(dtr("kickoff", "bob", "--new", "-a", ANSWERS))
    out = ok(dtr("mentee", "show", "bob")).stdout
    assert "dtr mentee edit bob --start YYYY-MM-DD" in out
    assert "Conversations" not in out
    assert json.loads(ok(dtr("mentee", "show", "bob", "--json")).stdout)["conversations"] == []
    one_line_error(dtr("mentee", "show", "bobby"), "bobby")


# --- dtr mentee add / edit ---------------------------------------------------------


def test_mentee_add_twice_is_refused(dtr, home: Path):
    result = ok(dtr("mentee", "add", "Alice Smith", "--start", START))
    path = home / "alice-smith" / "mentee.yaml"
    assert result.stdout.strip() == str(path)
    before = path.read_text(encoding="utf-8")
    one_line_error(
        dtr("mentee", "add", "alice smith", "--start", "2027-01-04"),
        "Alice Smith already has a profile",
        "dtr mentee edit alice-smith",
    )
    assert path.read_text(encoding="utf-8") == before


def test_mentee_add_with_a_bad_value_writes_nothing(dtr, home: Path):
    one_line_error(dtr("mentee", "add", "alice", "--meets", "sometime"), "'sometime'")
    one_line_error(dtr("mentee", "add", "alice", "--start", "30/11/2026"), "YYYY-MM-DD")
    assert not (home / "alice" / "mentee.yaml").exists()


def show_json(dtr, name: str) -> dict:
    return json.loads(ok(dtr("mentee", "show", name, "--json")).stdout)


def test_mentee_edit_changes_and_clears(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START, "--channel", "Slack"))
    result = ok(dtr("mentee", "edit", "alice", "--pronouns", "she/her", "--meets", "thurs 7pm"))
    assert "Updated pronouns, meets for alice." in result.stderr
    data = show_json(dtr, "alice")
    assert (data["pronouns"], data["meets"], data["channel"]) == ("she/her", "Thu 19:00", "Slack")

    ok(dtr("mentee", "edit", "alice", "--channel", "", "--start", "2026-11-10"))
    data = show_json(dtr, "alice")
    assert data["channel"] is None
    assert (data["start"], data["week"]) == ("2026-11-10", 2)

    ok(dtr("mentee", "edit", "alice", "--start", ""))
    data = show_json(dtr, "alice")
    assert data["start"] is None and data["conversations"] == []


@pytest.mark.parametrize(
    ("option", "value", "needle"),
    [
        ("--start", "2026-13-01", "'2026-13-01' is not a day of the calendar"),
        ("--start", "next week", "YYYY-MM-DD"),
        ("--start", "9999-12-20", "between 1900 and 2199"),
        ("--start", "0001-01-01", "between 1900 and 2199"),
        ("--meets", "Tue 25:00", "'Tue 25:00'"),
        ("--meets", "evenings", "'Tue 18:00'"),
        ("--timezone", "Europe/Berln", "did you mean 'Europe/Berlin'?"),
        ("--timezone", "Mars/Olympus", "'Mars/Olympus' is not a time zone"),
    ],
)
def test_mentee_edit_refuses_bad_values(dtr, home: Path, option, value, needle):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    path = home / "alice" / "mentee.yaml"
    before = path.read_text(encoding="utf-8")
    one_line_error(dtr("mentee", "edit", "alice", "--channel", "Slack", option, value), needle)
    assert path.read_text(encoding="utf-8") == before


def test_dates_too_far_off_are_refused_and_never_stop_a_listing(dtr, home: Path, tmp_path):
    one_line_error(dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "9999-12-31"), "2199")
    assert not (home / "alice").exists()
    ok(dtr("mentee", "add", "alice", "--start", START))
    one_line_error(dtr("mentee", "dates", "alice", "add", "9999-12-31", "Far"), "2199")
    ok(dtr("mentee", "add", "bob", "--start", START))
    # A profile edited by hand to such a date: named in a warning, the rest still listed.
    path = home / "bob" / "mentee.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(START, "9999-12-20"), "utf-8")
    for args in (("due",), ("mentee", "list")):
        result = ok(dtr(*args))
        assert "alice" in result.stdout and "9999-12-20 is too far off" in result.stderr
    one_line_error(dtr("calendar", "bob"), str(path), "too far off")


def test_mentee_commands_on_someone_unknown_say_how_to_add_them(dtr):
    for args in (
        ("mentee", "show", "nobody"),
        ("mentee", "edit", "nobody", "--channel", "Slack"),
        ("mentee", "dates", "nobody"),
        ("calendar", "nobody"),
    ):
        one_line_error(dtr(*args), "There is no mentee 'nobody' yet", "dtr mentee add nobody")
    one_line_error(dtr("mentee", "show", "Ann Marie"), 'dtr mentee add "Ann Marie"')


def test_mentee_edit_without_an_option(dtr):
    ok(dtr("mentee", "add", "alice"))
    one_line_error(dtr("mentee", "edit", "alice"), "Nothing to change", "--start")


# --- dtr mentee dates --------------------------------------------------------------


def dates_of(dtr, name: str) -> list[str]:
    """The key dates listed, less those of a program's preset (test_presets.py has them)."""
    listed = ok(dtr("mentee", "dates", name)).stdout.splitlines()
    return [line for line in listed if "(preset " not in line]


def test_mentee_dates_add_list_remove(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START))
    result = ok(dtr("mentee", "dates", "alice", "add", "2026-12-04", "Project due"))
    assert "Added 2026-12-04 Project due for alice." in result.stderr
    ok(dtr("mentee", "dates", "alice", "add", "2026-11-20", "Mid-module assessment"))
    assert dates_of(dtr, "alice") == [
        "2026-11-20  Mid-module assessment",
        "2026-12-04  Project due",
    ]
    assert dates_of(dtr, "alice") == ok(dtr("mentee", "dates", "alice", "list")).stdout.splitlines()

    result = ok(dtr("mentee", "dates", "alice", "remove", "2026-11-20"))
    assert "Removed 1 key date on 2026-11-20." in result.stderr
    assert dates_of(dtr, "alice") == ["2026-12-04  Project due"]
    one_line_error(
        dtr("mentee", "dates", "alice", "remove", "2026-11-20"),
        "alice has no key date of their own on 2026-11-20.",
    )
    one_line_error(
        dtr("mentee", "dates", "alice", "remove", "2026-12-04", "Wrong label"),
        "labelled 'Wrong label'",
    )
    assert dates_of(dtr, "alice") == ["2026-12-04  Project due"]


def test_mentee_dates_refusals(dtr):
    ok(dtr("mentee", "add", "alice"))
    one_line_error(dtr("mentee", "dates", "alice", "add", "4 Dec", "x"), "'4 Dec'", "YYYY-MM-DD")
    one_line_error(dtr("mentee", "dates", "alice", "add", "2026-12-04"), "Give a label")
    one_line_error(dtr("mentee", "dates", "alice", "add"), "Give the date")
    one_line_error(dtr("mentee", "dates", "alice", "move"), "'move' is not list, add or remove")
    one_line_error(
        dtr("mentee", "dates", "alice", "add", "2026-12-04", "Demo", "--program"),
        "alice has no program",
        "dtr mentee edit alice --program",
    )
    assert dates_of(dtr, "alice") == []
    ok(dtr("mentee", "dates", "alice", "add", "2026-12-04", "Demo day"))
    one_line_error(
        dtr("mentee", "dates", "alice", "add", "2026-12-04", "demo day"),
        "already has 2026-12-04 Demo day",
    )
    ok(dtr("mentee", "dates", "alice", "add", "2026-12-04", "Retro"))  # another event that day
    assert len(dates_of(dtr, "alice")) == 2


def test_program_dates_are_shared_by_the_same_program_and_module(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    ok(dtr("mentee", "add", "bob", "--program", "BE", "--module", "2"))
    ok(dtr("mentee", "add", "carol", "--program", "BE", "--module", "3"))
    ok(dtr("mentee", "dates", "alice", "add", "2026-11-20", "Alice's demo"))
    result = ok(dtr("mentee", "dates", "alice", "add", "2026-12-11", "Demo day", "--program"))
    assert "for program BE module 2" in result.stderr

    assert dates_of(dtr, "alice") == ["2026-11-20  Alice's demo", "2026-12-11  Demo day  (program)"]
    assert dates_of(dtr, "bob") == ["2026-12-11  Demo day  (program)"]
    assert dates_of(dtr, "carol") == []
    assert "No key dates yet" in ok(dtr("mentee", "dates", "carol")).stderr
    one_line_error(
        dtr("mentee", "dates", "bob", "remove", "2026-12-11"), "the program's: add --program"
    )
    assert "Demo day" not in (home / "alice" / "mentee.yaml").read_text(encoding="utf-8")
    shown = show_json(dtr, "bob")["dates"]
    assert shown == [
        {"date": "2026-12-11", "label": "Demo day", "program": True, "source": "program"}
    ]
    # The program's dates are not a mentee.
    listed = json.loads(ok(dtr("mentee", "list", "--json")).stdout)
    assert [d["mentee"] for d in listed] == ["alice", "bob", "carol"]


# --- dtr followups -----------------------------------------------------------------


def test_followups_oldest_first(dtr, home: Path):
    kickoff_json(dtr, "bob", "2026-11-10", ["Bob fixes CI"])
    kickoff_alice(dtr)  # 2026-11-03, two follow-ups
    payload = json.dumps({"followups": ["Alice redoes the mid-mod challenge"]})
    ok(dtr("midmod", "alice", "-a", "-", "--date", "2026-11-17", input=payload))

    rows = listing(ok(dtr("followups")).stdout)
    assert rows == [
        ["date", "mentee", "conversation", "follow-up"],
        ["2026-11-03", "alice", "kickoff", "Alice shares her project repo"],
        ["2026-11-03", "alice", "kickoff", "Sam sends the SQL joins article"],
        ["2026-11-10", "bob", "kickoff", "Bob fixes CI"],
        ["2026-11-17", "alice", "midmod", "Alice redoes the mid-mod challenge"],
    ]

    # One ticked off by hand no longer shows.
    kickoff = home / "alice" / "2026-11-03-kickoff.md"
    text = kickoff.read_text(encoding="utf-8")
    kickoff.write_text(text.replace("- [ ] Alice shares", "- [x] Alice shares"), encoding="utf-8")

    data = json.loads(ok(dtr("followups", "alice", "--json")).stdout)
    assert [(d["date"], d["conversation"], d["text"]) for d in data] == [
        ("2026-11-03", "kickoff", "Sam sends the SQL joins article"),
        ("2026-11-17", "midmod", "Alice redoes the mid-mod challenge"),
    ]
    assert data[0]["mentee"] == "alice"
    assert data[0]["file"] == "2026-11-03-kickoff.md"
    assert data[0]["path"] == str(kickoff)


def test_no_followups(dtr):
    kickoff_json(dtr, "bob", "2026-11-10", [])
    result = ok(dtr("followups", "bob"))
    assert result.stdout == "" and "No open follow-ups." in result.stderr
    assert json.loads(ok(dtr("followups", "--json")).stdout) == []
    one_line_error(dtr("followups", "zed"), "'zed'")


# --- dtr calendar ------------------------------------------------------------------


def vevents(data: bytes | str) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_calendar_to_a_file_and_to_stdout(dtr, tmp_path: Path):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    ok(dtr("mentee", "dates", "alice", "add", "2026-11-20", "Assessment"))
    ok(dtr("mentee", "dates", "alice", "add", "2027-03-01", "Far away"))

    target = tmp_path / "a.ics"
    result = ok(dtr("calendar", "alice", "-o", str(target)))
    assert result.stdout == ""
    assert f"Wrote {target}" in result.stderr
    events = vevents(target.read_bytes())
    assert len(events) == 5  # weekly meeting, three conversations, one key date
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == [
        "Assessment (alice)",
        "Mentoring: alice",
        "Mid-module follow-up: alice",
        "Module exit DTR: alice",
        "Module kick-off DTR: alice",
    ]
    weekly = next(e for e in events if str(e["SUMMARY"]) == "Mentoring: alice")
    kickoff = next(e for e in events if str(e["SUMMARY"]) == "Module kick-off DTR: alice")
    # START is a Tuesday: its meeting is the kick-off, and the weekly series starts a week on.
    assert kickoff.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2026, 11, 3, 18, 0)
    assert weekly.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2026, 11, 10, 18, 0)

    printed = ok(dtr("calendar", "alice")).stdout
    assert printed.startswith("BEGIN:VCALENDAR")
    assert sorted(str(e["SUMMARY"]) for e in vevents(printed)) == summaries
    assert sorted(str(e["UID"]) for e in vevents(printed)) == sorted(str(e["UID"]) for e in events)


def test_calendar_meeting_length(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    events = vevents(ok(dtr("calendar", "alice", "--minutes", "60")).stdout)
    weekly = next(e for e in events if str(e["SUMMARY"]) == "Mentoring: alice")
    assert weekly.decoded("DTEND").replace(tzinfo=None) == dt.datetime(2026, 11, 10, 19, 0)


def test_timezone_is_stored_shown_and_cleared(dtr, home: Path, monkeypatch):
    monkeypatch.setattr("dtrcli.module.zones.system_zone", lambda: "Asia/Tokyo")
    ok(dtr("mentee", "add", "alice", "--meets", "Tue 18:00", "--timezone", "europe/berlin"))
    assert "timezone: Europe/Berlin" in (home / "alice" / "mentee.yaml").read_text("utf-8")
    lines = [columns(line) for line in ok(dtr("mentee", "show", "alice")).stdout.splitlines()]
    assert ["timezone", "Europe/Berlin"] in lines
    assert show_json(dtr, "alice")["timezone"] == "Europe/Berlin"

    result = ok(dtr("mentee", "edit", "alice", "--timezone", ""))
    assert "Updated timezone for alice." in result.stderr
    lines = [columns(line) for line in ok(dtr("mentee", "show", "alice")).stdout.splitlines()]
    assert ["timezone", "Asia/Tokyo (this computer's)"] in lines
    assert show_json(dtr, "alice")["timezone"] is None
    monkeypatch.setattr("dtrcli.module.zones.system_zone", lambda: None)
    lines = [columns(line) for line in ok(dtr("mentee", "show", "alice")).stdout.splitlines()]
    assert ["timezone", "UTC (this computer names no time zone)"] in lines


def test_calendar_in_the_profiles_zone(dtr):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    ok(dtr("mentee", "edit", "alice", "--timezone", "America/Los_Angeles"))
    data = ok(dtr("calendar", "alice")).stdout
    (vtimezone,) = Calendar.from_ical(data).walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "America/Los_Angeles"
    weekly = next(e for e in vevents(data) if str(e["SUMMARY"]) == "Mentoring: alice")
    assert weekly["DTSTART"].params["TZID"] == "America/Los_Angeles"
    utc = weekly.decoded("DTSTART").astimezone(dt.timezone.utc)
    assert utc == dt.datetime(2026, 11, 11, 2, 0, tzinfo=dt.timezone.utc)  # 18:00 PST


def test_calendar_on_a_computer_without_a_zone_warns_and_uses_utc(dtr, monkeypatch):
    monkeypatch.setattr("dtrcli.module.zones.system_zone", lambda: None)
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    result = ok(dtr("calendar", "alice"))
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning: ") and "UTC" in warning
    assert "dtr mentee edit alice --timezone Europe/Berlin" in warning
    weekly = next(e for e in vevents(result.stdout) if str(e["SUMMARY"]) == "Mentoring: alice")
    assert weekly.decoded("DTSTART") == dt.datetime(2026, 11, 10, 18, 0, tzinfo=dt.timezone.utc)


def test_calendar_names_a_bad_zone_in_the_profile(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    profile = home / "alice" / "mentee.yaml"
    profile.write_text(profile.read_text("utf-8") + "timezone: Berlin\n", "utf-8")
    one_line_error(
        dtr("calendar", "alice"), "mentee.yaml", "'Berlin'", "dtr mentee edit alice --timezone"
    )


def test_calendar_includes_a_users_own_scheduled_template(dtr, user_templates: Path):
    (user_templates / "retro.yaml").write_text(
        "id: retro\ntitle: Week 5 retro\nweeks: 5\nsections:\n"
        "  - title: S\n    questions:\n      - {id: went_well, prompt: What went well?}\n",
        encoding="utf-8",
    )
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    events = vevents(ok(dtr("calendar", "alice")).stdout)
    retro = next(e for e in events if str(e["SUMMARY"]) == "Week 5 retro: alice")
    assert retro.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2026, 12, 1, 18, 0)
    assert "dtr run retro alice" in str(retro["DESCRIPTION"])


def test_calendar_without_a_start_date(dtr, tmp_path: Path):
    ok(dtr("kickoff", "bob", "--new", "-a", ANSWERS))
    target = tmp_path / "b.ics"
    one_line_error(
        dtr("calendar", "bob", "-o", str(target)),
        "bob has no module start date",
        "dtr mentee edit bob --start YYYY-MM-DD",
    )
    assert not target.exists()
    one_line_error(dtr("calendar", "nobody"), "'nobody'")


def test_calendar_does_not_replace_a_file_unasked(dtr, home: Path, tmp_path: Path):
    ok(dtr("mentee", "add", "alice", "--start", "2026-11-02"))
    target = tmp_path / "a.ics"
    target.write_text("an older calendar", encoding="utf-8")
    one_line_error(dtr("calendar", "alice", "-o", str(target)), "already exists")
    assert target.read_text(encoding="utf-8") == "an older calendar"
    ok(dtr("calendar", "alice", "-o", str(target), "--force"))
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    profile = home / "alice" / "mentee.yaml"
    before = profile.read_bytes()
    one_line_error(dtr("calendar", "alice", "-o", str(profile), "--force"), "notes folder")
    assert profile.read_bytes() == before


# --- edges found in review ---------------------------------------------------------------


def test_meets_accepts_plural_day_names(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--meets", "Tuesdays 18:00"))
    assert "meets: Tue 18:00" in (home / "alice" / "mentee.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", ["Tue 13pm", "Tue 0pm", "Tue 24:00"])
def test_meets_refuses_impossible_times(dtr, bad):
    one_line_error(dtr("mentee", "add", "alice", "--meets", bad), "no such time of day")


def test_an_impossible_date_in_one_profile_does_not_stop_the_others(dtr, home: Path):
    kickoff_alice(dtr)
    ok(dtr("mentee", "add", "bob", "--start", START))
    (home / "bob" / "mentee.yaml").write_text("name: bob\nstart: 2026-11-32\n", encoding="utf-8")
    result = ok(dtr("due"))
    assert "alice" in result.stdout
    assert "bob" in result.stderr and "mentee.yaml" in result.stderr
    assert "unexpected" not in result.stderr


def test_a_key_date_without_label_is_reported(dtr, home: Path):
    kickoff_alice(dtr)
    profile = home / "alice" / "mentee.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8") + "dates:\n- date: 2026-12-01\n", encoding="utf-8"
    )
    one_line_error(dtr("mentee", "dates", "alice"), "'label'", "mentee.yaml")


def test_program_dates_can_be_removed(dtr):
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    ok(dtr("mentee", "add", "bob", "--program", "BE", "--module", "2"))
    ok(dtr("mentee", "dates", "alice", "add", "2026-12-03", "Final", "--program"))
    assert "Final" in dtr("mentee", "dates", "bob").stdout
    one_line_error(dtr("mentee", "dates", "alice", "remove", "2026-12-03"), "no key date")
    ok(dtr("mentee", "dates", "alice", "remove", "2026-12-03", "--program"))
    assert "Final" not in dtr("mentee", "dates", "bob").stdout


def test_edit_does_not_create_a_mentee_by_typo(dtr, home: Path):
    kickoff_alice(dtr)
    one_line_error(dtr("mentee", "edit", "alcie", "--start", START), "alcie")
    assert not (home / "alcie").exists()


def test_calendar_names_a_bad_meeting_time_in_the_profile(dtr, home: Path):
    kickoff_alice(dtr)
    profile = home / "alice" / "mentee.yaml"
    text = profile.read_text(encoding="utf-8").replace("meets: Tue 18:00", "meets: whenever")
    profile.write_text(text, encoding="utf-8")
    one_line_error(dtr("calendar", "alice"), "mentee.yaml", "whenever", "dtr mentee edit alice")


def test_a_note_names_the_week_it_was_held_in(dtr, tmp_path: Path):
    answers = tmp_path / "midmod.yaml"
    answers.write_text("module_rating: 4\n", encoding="utf-8")
    ok(dtr("kickoff", "ann", "--new", "-a", ANSWERS, "--date", "2026-11-03"))
    before = Path(
        ok(dtr("midmod", "ann", "-a", str(answers), "--date", "2026-11-18")).stdout.strip()
    )
    assert "(weeks 3-4 of the module)." in before.read_text(encoding="utf-8")  # no start date

    ok(dtr("mentee", "add", "bea", "--start", START))
    note = Path(ok(dtr("midmod", "bea", "-a", str(answers), "--date", "2026-11-18")).stdout.strip())
    assert "Wednesday 18 November 2026 (week 3 of the module)." in note.read_text(encoding="utf-8")
    late = Path(ok(dtr("midmod", "bea", "-a", str(answers), "--date", "2027-01-20")).stdout.strip())
    assert "(weeks 3-4 of the module)." in late.read_text(encoding="utf-8")  # after the module


def test_due_in_a_narrow_terminal_shows_one_block_per_mentee(dtr, monkeypatch):
    from dtrcli import console

    ok(dtr("mentee", "add", "Alice Smith", "--start", START))
    ok(dtr("mentee", "dates", "alice-smith", "add", "2026-12-01", "Mid-module assessment"))
    wide = ok(dtr("due")).stdout  # not a terminal: always the table
    assert wide.splitlines()[0].split() == [
        "mentee",
        "week",
        "kickoff",
        "midmod",
        "exit",
        "weekly",
        "session",
        "next",
        "key",
        "date",
    ]
    monkeypatch.setattr(console, "terminal_columns", lambda: 60)
    narrow = ok(dtr("due")).stdout.splitlines()
    assert narrow[0] == "Alice Smith"
    assert narrow[1].split() == ["week", "week", "3", "of", "6"]
    assert narrow[-1].split() == ["next", "key", "date", "2026-12-01", "Mid-module", "assessment"]
    assert max(len(line) for line in narrow) <= 60
    listing = ok(dtr("mentee", "list")).stdout.splitlines()
    assert listing[0] == "Alice Smith" and max(len(line) for line in listing) <= 60
    monkeypatch.setattr(console, "terminal_columns", lambda: 200)
    assert ok(dtr("due")).stdout == wide


def test_a_conversation_not_held_long_after_the_module_is_missed_not_overdue(dtr):
    ok(dtr("mentee", "add", "old", "--start", "2020-01-06"))
    (row,) = json.loads(ok(dtr("due", "--json")).stdout)
    assert {c["state"] for c in row["conversations"]} == {"missed"}
    table = ok(dtr("due")).stdout
    assert "overdue" not in table and table.count("not held") == 3
    assert "overdue" not in ok(dtr("mentee", "list")).stdout


def test_key_dates_added_at_the_same_moment_are_all_kept(dtr, home: Path):
    import subprocess
    import sys

    ok(dtr("mentee", "add", "bob"))
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dtrcli",
                "mentee",
                "dates",
                "bob",
                "add",
                f"2026-12-0{i}",
                f"E{i}",
            ],
            stderr=subprocess.DEVNULL,
        )
        for i in range(1, 9)
    ]
    assert [p.wait(60) for p in procs] == [0] * 8
    assert len(dates_of(dtr, "bob")) == 8


def test_followups_in_a_narrow_terminal_show_one_block_each(dtr, monkeypatch):
    from dtrcli import console

    ok(dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-02"))
    monkeypatch.setattr(console, "terminal_columns", lambda: 40)
    lines = ok(dtr("followups")).stdout.splitlines()
    assert lines[0] == "2026-11-02"
    assert lines[1].split() == ["mentee", "alice"]
    assert any(line.split()[:1] == ["follow-up"] for line in lines)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--program", "B\x07E"),
        ("--module", "2\x01"),
        ("--channel", "Sl\x1back"),
        ("--pronouns", "she\x00"),
    ],
)
def test_a_profile_field_with_a_control_character_is_refused_before_anything_is_written(
    dtr, home, option, value
):
    result = dtr("mentee", "add", "Bob", option, value)
    one_line_error(result, option, "control characters")
    assert "Added" not in result.output
    assert not (home / "bob").exists()
    ok(dtr("mentee", "add", "Bob"))
    one_line_error(dtr("mentee", "edit", "bob", option, value), option, "control characters")
    assert option.lstrip("-") not in (home / "bob" / "mentee.yaml").read_text(encoding="utf-8")


def test_a_hand_edited_program_with_a_control_character_names_the_file(dtr, home):
    ok(dtr("mentee", "add", "Bob", "--program", "BE"))
    profile = home / "bob" / "mentee.yaml"
    profile.write_text('name: Bob\nprogram: "B\\aE"\n', encoding="utf-8")
    warned = dtr("mentee", "show", "bob").stderr
    assert f"{profile}: the program 'B\\x07E' cannot be a program's name" in warned
    assert "mentee name" not in warned
