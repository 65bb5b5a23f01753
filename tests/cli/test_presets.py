"""Program presets and the module calendar on the command line: key dates filled from a
preset, where each came from, breaks, the note's week line and the calendar file."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.support.cli import ok, one_line_error

DATA = Path(__file__).parents[1] / "data"
ANSWERS = str(DATA / "kickoff-answers.yaml")
TODAY = dt.date(2026, 12, 16)  # a Wednesday, in week 3 of a module from 2026-11-30
START = "2026-11-30"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "dtr"
    folder.mkdir(parents=True)
    return folder


def dates_of(dtr, name: str) -> list[str]:
    return ok(dtr("mentee", "dates", name)).stdout.splitlines()


def due_of(dtr, name: str) -> dict:
    (view,) = [v for v in json.loads(ok(dtr("due", "--json")).stdout) if v["folder"] == name]
    return view


def test_a_preset_fills_the_key_dates_with_nothing_typed(dtr, home: Path):
    result = ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    assert "Key dates from the BE module 2 preset: 7" in result.stderr
    assert dates_of(dtr, "alice") == [
        "2026-12-06  First solo project due (evening)  (preset BE module 2)",
        "2026-12-16  Paired project due (evening)  (preset BE module 2)",
        "2026-12-18  Mid-module assessment  (preset BE module 2)",
        "2026-12-31  Group project due (evening)  (preset BE module 2)",
        "2027-01-04  Final assessment  (preset BE module 2)",
        "2027-01-06  Final solo project due (morning)  (preset BE module 2)",
        "2027-01-08  Portfolio review  (preset BE module 2)",
    ]
    # Nothing of the preset is written into the profile: it follows the start date.
    assert "dates" not in (home / "alice" / "mentee.yaml").read_text(encoding="utf-8")
    ok(dtr("mentee", "edit", "alice", "--start", "2026-12-07"))
    assert dates_of(dtr, "alice")[2].startswith("2026-12-25  Mid-module assessment")
    # Module 4 is one preset for both programs; "mod 4" is module 4.
    ok(dtr("mentee", "add", "bo", "--program", "fe", "--module", "mod 4", "--start", START))
    assert "2026-12-21  Mid-module assessments (during week 4)  (preset FE module 4)" in dates_of(
        dtr, "bo"
    )


def test_where_each_date_came_from(dtr):
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    # In week 2, where the preset has it on Friday of week 3.
    ok(dtr("mentee", "dates", "alice", "add", "2026-12-10", "Mid-mod assessment", "--program"))
    ok(dtr("mentee", "dates", "alice", "add", "2026-12-10", "Pairing with Sam"))
    listed = dates_of(dtr, "alice")
    # The program's mid-module assessment takes the place of the preset's.
    assert "2026-12-10  Mid-mod assessment  (program)" in listed
    assert not any("Mid-module assessment" in line for line in listed)
    assert "2026-12-10  Pairing with Sam" in listed
    shown = json.loads(ok(dtr("mentee", "show", "alice", "--json")).stdout)["dates"]
    assert {d["source"] for d in shown} == {"own", "program", "preset"}
    # The mid-module follow-up follows the program's date, not weeks 3-4.
    conv = {c["template"]: c for c in due_of(dtr, "alice")["conversations"]}
    assert (conv["midmod"]["from"], conv["midmod"]["to"]) == ("2026-12-10", "2026-12-20")
    assert conv["midmod"]["state"] == "due this week"
    # A preset's date cannot be removed as the mentee's own; the sentence says why.
    one_line_error(
        dtr("mentee", "dates", "alice", "remove", "2027-01-08"), "the BE module 2 preset"
    )


def test_a_break_moves_the_weeks_and_the_preset_dates(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    result = ok(
        dtr("mentee", "dates", "alice", "add", "2026-12-21", "Winter break", "--weeks", "2")
    )
    assert "2026-12-21 to 2027-01-03, 2 weeks" in result.stderr
    listed = dates_of(dtr, "alice")
    assert "2026-12-21  Winter break: a break to 2027-01-03" in listed
    assert "2027-01-18  Final assessment  (preset BE module 2)" in listed
    assert "2027-01-22  Portfolio review  (preset BE module 2)" in listed

    view = due_of(dtr, "alice")
    assert (view["week"], view["phase"]) == (3, "teaching")
    conv = {c["template"]: c for c in view["conversations"]}
    assert (conv["exit"]["from"], conv["exit"]["to"]) == ("2027-01-18", "2027-01-31")
    assert view["breaks"] == [{"from": "2026-12-21", "to": "2027-01-03", "label": "Winter break"}]

    # Overlapping and impossible breaks are refused; nothing is written.
    before = (home / "alice" / "mentee.yaml").read_text(encoding="utf-8")
    one_line_error(
        dtr("mentee", "dates", "alice", "add", "2026-12-28", "Holiday", "--weeks", "1"),
        "overlaps alice's 'Winter break' (2026-12-21 to 2027-01-03)",
    )
    one_line_error(
        dtr("mentee", "dates", "alice", "add", "2027-03-01", "Long", "--weeks", "0"), "--weeks 1"
    )
    assert (home / "alice" / "mentee.yaml").read_text(encoding="utf-8") == before

    # In the break, due says so; removing the break brings the weeks back.
    out = ok(dtr("mentee", "list")).stdout
    assert "week 3 of 6" in out
    ok(dtr("mentee", "dates", "alice", "remove", "2026-12-21"))
    assert "2027-01-04  Final assessment  (preset BE module 2)" in dates_of(dtr, "alice")


def test_a_program_break_is_shared(dtr):
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    ok(dtr("mentee", "add", "bob", "--program", "BE", "--module", "2", "--start", START))
    ok(
        dtr(
            *("mentee", "dates", "alice", "add", "2026-12-21", "Winter break"),
            *("--weeks", "2", "--program"),
        )
    )
    assert "2026-12-21  Winter break: a break to 2027-01-03  (program)" in dates_of(dtr, "bob")
    one_line_error(
        dtr("mentee", "dates", "bob", "add", "2026-12-28", "Holiday", "--weeks", "1"),
        "the program's 'Winter break'",
    )


def test_the_week_line_of_a_note_in_a_break_and_the_intermission(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START))
    ok(dtr("mentee", "dates", "alice", "add", "2026-12-21", "Winter break", "--weeks", "2"))
    ok(dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2027-01-05"))
    exit_answers = '{"continue_next": "Yes"}'
    ok(dtr("run", "exit", "alice", "-a", "-", "--date", "2027-01-26", input=exit_answers))
    ok(dtr("run", "midmod", "alice", "-a", "-", "--date", "2026-12-22", input="{}"))
    kickoff = (home / "alice" / "2027-01-05-kickoff.md").read_text(encoding="utf-8")
    assert "Tuesday 5 January 2027 (week 4 of the module)." in kickoff
    exit_ = (home / "alice" / "2027-01-26-exit.md").read_text(encoding="utf-8")
    assert "Tuesday 26 January 2027 (the intermission after week 6)." in exit_
    midmod = (home / "alice" / "2026-12-22-midmod.md").read_text(encoding="utf-8")
    assert "Tuesday 22 December 2026 (Winter break, after week 3)." in midmod


def test_the_calendar_file_has_the_break_and_no_meeting_in_it(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START, "--meets", "Tue 18:00"))
    ok(dtr("mentee", "dates", "alice", "add", "2026-12-21", "Winter break", "--weeks", "2"))
    out = home.parent / "alice.ics"
    ok(dtr("calendar", "alice", "-o", str(out)))
    cal = Calendar.from_ical(out.read_bytes())
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    winter = events["Winter break (alice)"]
    assert (winter.decoded("DTSTART"), winter.decoded("DTEND")) == (
        dt.date(2026, 12, 21),
        dt.date(2027, 1, 4),
    )
    weekly = events["Mentoring: alice"]
    exdates = weekly["EXDATE"] if isinstance(weekly["EXDATE"], list) else [weekly["EXDATE"]]
    skipped = {d.dt.date() for x in exdates for d in x.dts}
    assert {dt.date(2026, 12, 22), dt.date(2026, 12, 29)} <= skipped
    # The weekly series runs to week 6's meeting, after the break.
    assert weekly["RRULE"]["COUNT"] == [7]
    exit_ = events["Module exit DTR: alice"]
    assert exit_.decoded("DTSTART").date() == dt.date(2027, 1, 19)


# --- the presets file ----------------------------------------------------------------


def test_a_presets_file_in_the_config_folder_replaces_a_module_and_adds_programs(dtr, config):
    (config / "presets.yaml").write_text(
        "programs:\n"
        "  DS: Data Science\n"
        "modules:\n"
        "  - program: BE\n"
        "    module: 2\n"
        "    dates:\n"
        "      - {week: 2, day: Wed, label: Mid-mod assessment}\n"
        "  - program: DS\n"
        "    module: 1\n"
        "    dates:\n"
        "      - {week: 1, label: Orientation}\n"
        "    breaks:\n"
        "      - {after: 3, weeks: 1, label: Reading week}\n",
        encoding="utf-8",
    )
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    assert dates_of(dtr, "alice") == ["2026-12-09  Mid-mod assessment  (preset BE module 2)"]
    ok(dtr("mentee", "add", "dana", "--program", "DS", "--module", "1", "--start", START))
    assert dates_of(dtr, "dana") == [
        "2026-11-30  Orientation  (preset DS module 1)",
        "2026-12-21  Reading week: a break to 2026-12-27  (preset DS module 1)",
    ]
    assert due_of(dtr, "dana")["week"] == 3
    # The other built-in modules are still there.
    ok(dtr("mentee", "add", "bo", "--program", "BE", "--module", "3", "--start", START))
    assert any("Mid-module assessment" in line for line in dates_of(dtr, "bo"))


def test_a_presets_files_yaml_is_kept_by_its_whole_text(dtr, config, monkeypatch):
    from dtrcli.module import presets
    from dtrcli.notebook import yamlio

    text = (
        "modules:\n"
        "  - program: BE\n"
        "    module: 2\n"
        "    dates:\n"
        "      - {week: 2, day: Wed, label: Mid-mod assessment}\n"
    )
    (config / "presets.yaml").write_text(text, encoding="utf-8")
    presets._read.cache_clear()  # as a run starts (this process ran other tests' runs)
    ok(dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START))
    assert dates_of(dtr, "alice") == ["2026-12-09  Mid-mod assessment  (preset BE module 2)"]
    parsed: list[str] = []
    real = yamlio.load

    def counting(text: str, *args, **kwargs):
        parsed.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(yamlio, "load", counting)
    presets._read.cache_clear()  # as the next run starts
    assert dates_of(dtr, "alice") == ["2026-12-09  Mid-mod assessment  (preset BE module 2)"]
    assert text not in parsed  # nor the built-in presets: both kept from the run before
    assert presets.BUILT_IN.read_text(encoding="utf-8") not in parsed
    # An edit that keeps the file's size and time is still seen: the key is its text.
    path = config / "presets.yaml"
    before = path.stat()
    edited = text.replace("day: Wed", "day: Thu")
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    presets._read.cache_clear()
    assert dates_of(dtr, "alice") == ["2026-12-10  Mid-mod assessment  (preset BE module 2)"]
    assert parsed.count(edited) == 1


def test_no_preset_for_a_program_says_so(dtr):
    result = ok(dtr("mentee", "add", "alice", "--program", "UX", "--module", "1", "--start", START))
    assert "dtr has no preset for UX module 1" in result.stderr
    assert "BE 1" in result.stderr
    assert dates_of(dtr, "alice") == []


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        (
            "modules:\n  - program: BX\n    module: 2\n",
            ("presets.yaml, line 2", "the program 'BX' is not one of the file's programs"),
        ),
        (
            "modules:\n  - program: BE\n    module: 2\n    dates:\n"
            "      - {week: 3, day: Fri, label: Mid-mod}\n"
            "      - {week: 8, day: Mon, label: Demo}\n",
            ("presets.yaml, line 6", "week 8 is past the module"),
        ),
        (
            "modules:\n  - program: BE\n    module: 2\n    dates:\n"
            "      - {week: 3, day: Fryday, label: Mid-mod}\n",
            ("presets.yaml, line 5", "'Fryday' is not a day of the week"),
        ),
        (
            "modules:\n  - program: BE\n    module: 2\n    breaks:\n"
            "      - {after: 3, weeks: 1, label: One}\n"
            "      - {after: 3, weeks: 2, label: Two}\n",
            ("presets.yaml, line 6", "overlaps another break after week 3"),
        ),
        (
            "modules:\n  - program: BE\n    module: 2\n    breaks:\n"
            "      - {after: 2, weeks: 20, label: Long}\n",
            ("presets.yaml, line 5", "a break of 20 weeks cannot be"),
        ),
        ("modules: [\n", ("presets.yaml", "is not YAML")),
    ],
    ids=["unknown-program", "week-past-the-module", "bad-day", "overlap", "impossible", "yaml"],
)
def test_a_bad_presets_file_is_one_sentence_with_its_line(dtr, home: Path, config, text, needles):
    (config / "presets.yaml").write_text(text, encoding="utf-8")
    add = dtr("mentee", "add", "alice", "--program", "BE", "--module", "2", "--start", START)
    one_line_error(add, *needles)
    assert not (home / "alice").exists()  # nothing written
    one_line_error(dtr("due"), *needles)


def test_dates_that_cannot_be_read_are_named_with_file_and_line(dtr, home: Path):
    ok(dtr("mentee", "add", "alice", "--start", START))
    path = home / "alice" / "mentee.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "breaks:\n- from: 2026-12-21\n  to: 2027-01-03\n  label: Winter\n"
        + "- from: 2026-12-28\n  to: 2027-01-10\n  label: Holiday\n",
        encoding="utf-8",
    )
    one_line_error(dtr("mentee", "dates", "alice"), f"{path}, line", "overlaps 'Winter'")
    text = path.read_text(encoding="utf-8").replace("from: 2026-12-28", "from: 2026-13-28")
    path.write_text(text, encoding="utf-8")
    err = one_line_error(dtr("mentee", "dates", "alice"), "2026-13-28", "not a day")
    line = text.splitlines().index("- from: 2026-13-28") + 1
    assert f"{path}: line {line}" in err or f"{path}, line {line}" in err
    text = text.replace("from: 2026-13-28\n  to: 2027-01-10", "from: 2027-01-10\n  to: 2027-01-01")
    path.write_text(text, encoding="utf-8")
    one_line_error(dtr("mentee", "dates", "alice"), f"{path}, line {line}", "before it starts")
