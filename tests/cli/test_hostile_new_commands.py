"""Hostile input to the newer commands (calendar import, program, encrypt, note ...):
files that are no files, values a terminal would act on, feeds and bundles written to
break dtr. Each ends in one sentence and exit status 1, or is read as a user means it."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml

from tests.support.cli import add_alice_smith, ok, one_line_error

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


def feed(*events: str) -> str:
    """An iCalendar file with these events (their lines, CRLF-joined), as a calendar app
    writes one."""
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{i}@school\r\n{e}END:VEVENT\r\n" for i, e in enumerate(events)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//School//EN\r\n{body}END:VCALENDAR\r\n"


def imported(dtr, tmp_path: Path, text: str, *more: str):
    path = tmp_path / "feed.ics"
    path.write_text(text, encoding="utf-8")
    return dtr("calendar", "import", str(path), "--program", "BE", "--module", "2", *more)


def program_dates(home: Path) -> dict:
    return yaml.safe_load((home / ".programs" / "be-2.yaml").read_text(encoding="utf-8"))


# --- dtr calendar import ---------------------------------------------------------------


def test_an_all_day_repeating_event_is_a_day_each_time(dtr, home: Path, tmp_path: Path):
    text = feed(
        "SUMMARY:Weekly assessment\r\nDTSTART;VALUE=DATE:20261207\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\r\nEXDATE;VALUE=DATE:20261214\r\n"
    )
    result = ok(imported(dtr, tmp_path, text, "--yes"))
    assert "T00:00" not in result.output
    labels = [(d["date"], d["label"]) for d in program_dates(home)["dates"]]
    assert labels == [("2026-12-07", "Weekly assessment"), ("2026-12-21", "Weekly assessment")]


def test_control_characters_of_a_summary_never_reach_the_terminal_or_the_dates(
    dtr, home: Path, tmp_path: Path
):
    text = feed("SUMMARY:Review \x1b[2J\x07 day\u202e\r\nDTSTART;VALUE=DATE:20261218\r\n")
    result = ok(imported(dtr, tmp_path, text, "--yes"))
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output
    assert program_dates(home)["dates"] == [{"date": "2026-12-18", "label": "Review [2J day"}]


@pytest.mark.parametrize(
    ("event", "needles"),
    [
        (
            "SUMMARY:Assessment\r\nDTSTART:20261220T100000Z\r\n"
            "RRULE:FREQ=DAILY;UNTIL=20251201T000000Z\r\n",
            ("feed.ics", "none of them comes on any day"),
        ),
        (
            "SUMMARY:Assessment\r\nDTSTART:20261220T100000Z\r\nDURATION:soon\r\n",
            ("feed.ics, line 4", "DURATION that is not a length of time (soon)"),
        ),
        (
            "SUMMARY:Assessment\r\nDTSTART:20261220T100000Z\r\nEXDATE:garbage\r\n"
            "RRULE:FREQ=DAILY;COUNT=3\r\n",
            ("feed.ics, line 4", "EXDATE that is not a date (garbage)"),
        ),
    ],
)
def test_an_event_dtr_cannot_read_is_one_sentence(dtr, home: Path, tmp_path: Path, event, needles):
    one_line_error(imported(dtr, tmp_path, feed(event), "--yes"), *needles)
    assert not (home / ".programs").exists()


def test_a_named_pipe_is_refused_not_waited_on(dtr, tmp_path: Path):
    fifo = tmp_path / "feed.ics"
    os.mkfifo(fifo)
    result = dtr("calendar", "import", str(fifo), "--program", "BE", "--yes")
    one_line_error(result, "feed.ics is a named pipe", "- for standard input")


def test_an_unreadable_calendar_file_is_one_sentence(dtr, tmp_path: Path, monkeypatch):
    path = tmp_path / "feed.ics"
    path.write_text(feed("SUMMARY:Assessment\r\nDTSTART;VALUE=DATE:20261218\r\n"))

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("dtrcli.notebook.files.os.open", denied)
    result = dtr("calendar", "import", str(path), "--program", "BE", "--yes")
    one_line_error(result, "feed.ics cannot be read (Permission denied)")


# --- dtr program report ----------------------------------------------------------------


def a_bundle(dtr) -> dict:
    add_alice_smith(dtr)
    return json.loads(ok(dtr("program", "bundle", "--mentor", "Sam")).stdout)


def test_a_file_nested_too_deep_is_named_and_left_out(dtr, tmp_path: Path):
    folder = tmp_path / "bundles"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(a_bundle(dtr)))
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    result = ok(dtr("program", "report", str(folder)))
    assert "deep.json is left out of the report: it is nested deeper than any bundle" in (
        result.stderr
    )


def test_names_in_a_bundle_never_reach_the_terminal_as_control_sequences(dtr, tmp_path: Path):
    data = a_bundle(dtr)
    data["mentor"] = "\x1b]0;owned\x07Sam"
    data["mentees"][0]["module"] = "2\x00\u202e"
    data["mentees"][0]["mentee"] = "Alice\u202e Smith"
    data["mentees"][0]["conversations"] = data["mentees"][0]["checkins"] = []
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data))
    result = ok(dtr("program", "report", str(path)))
    for raw in ("\x1b", "\x07", "\x00", "\u202e"):
        assert raw not in result.stdout
    assert "^[]0;owned^GSam" in result.stdout and "module 2^@<U+202E>" in result.stdout


# --- -o onto dtr's own files ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("calendar", "Alice Smith"),
        ("program", "bundle", "--mentor", "Sam"),
        ("encrypt", "export-identity"),
    ],
)
def test_o_never_replaces_the_identity_or_a_key_in_dtrs_config_folder(dtr, command):
    from dtrcli.notebook import paths

    ok(dtr("mentee", "add", "Alice Smith", "--program", "BE", "--start", "2026-11-02"))
    ok(dtr("encrypt", "init", "--no-passphrase"))
    identity = paths.config_home() / "identity"
    kept = {p.name: p.read_bytes() for p in paths.config_home().iterdir()}
    for name in kept:
        target = str(paths.config_home() / name)
        one_line_error(
            dtr(*command, "-o", target, "--force"), "inside dtr's config folder", "identity"
        )
    assert {p.name: p.read_bytes() for p in paths.config_home().iterdir()} == kept
    assert identity.read_bytes().startswith(b"# created")


# --- dtr encrypt init --from -------------------------------------------------------------


def test_a_backup_protected_by_a_passphrase_is_put_back_anywhere(
    dtr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from dtrcli.notebook import paths, sealing

    monkeypatch.setenv("DTR_PASSPHRASE", "correct horse")
    ok(dtr("encrypt", "init"))
    backup = tmp_path / "backup"
    ok(dtr("encrypt", "export-identity", "-o", str(backup)))
    assert sealing.is_sealed(backup.read_bytes())
    public = (paths.config_home() / "identity.pub").read_text()
    # A new machine: no identity at all.
    (paths.config_home() / "identity").unlink()
    (paths.config_home() / "identity.pub").unlink()
    sealing.forget()
    ok(dtr("encrypt", "init", "--from", str(backup)))
    assert (paths.config_home() / "identity.pub").read_text() == public
    # A machine with another identity, the backup on standard input.
    monkeypatch.delenv("DTR_PASSPHRASE")
    ok(dtr("encrypt", "init", "--no-passphrase", "--force"))
    assert (paths.config_home() / "identity.pub").read_text() != public
    monkeypatch.setenv("DTR_PASSPHRASE", "correct horse")
    sealing.forget()
    ok(dtr("encrypt", "init", "--from", "-", "--force", input=backup.read_bytes()))
    assert (paths.config_home() / "identity.pub").read_text() == public
    monkeypatch.setenv("DTR_PASSPHRASE", "wrong")
    result = dtr("encrypt", "init", "--from", str(backup), "--force")
    one_line_error(result, "The passphrase does not open", "backup")


def test_an_identity_file_that_is_not_there_is_one_plain_sentence(dtr, tmp_path: Path):
    result = dtr("encrypt", "init", "--from", str(tmp_path / "gone"))
    one_line_error(result, "gone does not exist; give the identity's file.")


# --- dtr note ------------------------------------------------------------------------------


def notes_of(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "alice-smith").glob("*.md"))


@pytest.mark.parametrize(
    ("args", "given", "needle"),
    [
        ((), b"caf\xe9 in Latin-1", "Standard input is not UTF-8 text (byte 4 is not)"),
        (("-m", "caf\udce9"), None, "its text is not UTF-8"),
        (("-m", "ok", "--followup", "caf\udce9"), None, "its text is not UTF-8"),
    ],
)
def test_a_note_that_is_not_utf8_is_refused_and_nothing_written(dtr, home, args, given, needle):
    ok(dtr("mentee", "add", "Alice Smith"))
    one_line_error(dtr("note", "Alice Smith", *args, input=given), needle)
    assert notes_of(home) == []
    assert "skipped" not in ok(dtr("history", "Alice Smith")).stderr


def test_a_note_from_standard_input_keeps_its_lines_whatever_their_ends(dtr, home):
    ok(dtr("mentee", "add", "Alice Smith"))
    ok(dtr("note", "Alice Smith", input="\ufeffh\u00e9llo\r\nline two\rline three\n".encode()))
    (name,) = notes_of(home)
    text = (home / "alice-smith" / name).read_text(encoding="utf-8")
    assert "h\u00e9llo\nline two\nline three\n" in text and "\r" not in text
    assert "\ufeff" not in text


# --- dtr mentee next -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "needle"),
    [
        ("", "--module '' is not a module's name"),
        ("   ", "--module '' is not a module's name"),
        ("3\x1b[2J", "contains control characters"),
        ("3/../../x", "is not a module's name"),
    ],
)
def test_mentee_next_refuses_a_module_that_is_no_name_and_keeps_the_profile(
    dtr, home: Path, module: str, needle: str
):
    add_alice_smith(dtr)
    profile = home / "alice-smith" / "mentee.yaml"
    before = profile.read_bytes()
    result = dtr(
        "mentee", "next", "Alice Smith", "--start", "2027-01-11", "--advance", "--module", module
    )
    one_line_error(result, needle)
    assert profile.read_bytes() == before


# --- dtr encrypt on / off at once -----------------------------------------------------------


@pytest.mark.parametrize("command", ["on", "off"])
def test_a_second_conversion_at_once_says_what_is_running(dtr, home: Path, command: str):
    from dtrcli.notebook import locks

    ok(dtr("mentee", "add", "Alice Smith"))
    ok(dtr("note", "Alice Smith", "-m", "A quiet week"))
    ok(dtr("encrypt", "init", "--no-passphrase"))
    if command == "off":
        ok(dtr("encrypt", "on"))
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    with locks.locked("sync"):  # what the other dtr encrypt (or a dtr sync) holds
        one_line_error(dtr("encrypt", command), "Another dtr encrypt or dtr sync is running")
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before


# --- huge values ---------------------------------------------------------------------------

HUGE = "x" * 2_000_000  # a 2 MB argument


@pytest.mark.parametrize("args", [("-m", HUGE), ("-m", "ok", "--followup", HUGE)])
def test_a_note_over_the_size_dtr_reads_is_never_saved(dtr, home: Path, args):
    ok(dtr("mentee", "add", "Alice Smith"))
    one_line_error(dtr("note", "Alice Smith", *args), "dtr reads no note over 1 MB")
    assert notes_of(home) == []


def test_mentee_next_refuses_a_huge_module_without_repeating_it(dtr, home: Path):
    add_alice_smith(dtr)
    before = (home / "alice-smith" / "mentee.yaml").read_bytes()
    result = dtr(
        "mentee", "next", "Alice Smith", "--start", "2027-01-11", "--advance", "--module", HUGE
    )
    assert len(one_line_error(result, "is not a module's name")) < 200
    assert (home / "alice-smith" / "mentee.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ("calendar", "Alice Smith", "-o"),
        ("program", "bundle", "--mentor", "Sam", "-o"),
        ("encrypt", "export-identity", "-o"),
    ],
)
def test_an_output_name_too_long_for_the_system_is_one_sentence(dtr, tmp_path: Path, command):
    ok(dtr("mentee", "add", "Alice Smith", "--program", "BE", "--start", "2026-11-02"))
    ok(dtr("encrypt", "init", "--no-passphrase"))
    result = dtr(*command, str(tmp_path / ("x" * 300)))
    assert "unexpected" not in one_line_error(result, "Could not write", "File name too long")


def test_a_bundle_name_too_long_for_the_system_is_named_and_left_out(dtr, tmp_path: Path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(a_bundle(dtr)))
    result = ok(dtr("program", "report", str(good), str(tmp_path / ("x" * 300))))
    assert "is left out of the report: it cannot be read (File name too long)" in result.stderr
    assert "unexpected" not in result.stderr


# --- dtr program bundle --pseudonyms -------------------------------------------------------


def test_pseudonyms_find_the_name_however_it_is_written(dtr, tmp_path: Path):
    ok(dtr("mentee", "add", "Alice Smith", "--program", "BE", "--start", "2026-11-02"))
    spelled = "alice_smith, ＡＬＩＣＥ, Al\u00adice, A\u200blice, SMITH_Alice"
    answers = tmp_path / "kickoff.yaml"
    answers.write_text(
        json.dumps({"meeting_time": "Tuesdays", "channel": "Slack", "names_pronouns": spelled})
    )
    ok(dtr("kickoff", "Alice Smith", "-a", str(answers), "--date", "2026-11-03"))
    data = json.loads(ok(dtr("program", "bundle", "--pseudonyms")).stdout)
    (mentee,) = data["mentees"]
    said = mentee["conversations"][0]["answers"]["names_pronouns"]
    assert "lice" not in said.casefold() and "smith" not in said.casefold(), said
    assert said.count(mentee["mentee"]) == 7, said


@pytest.mark.parametrize("program", ["../../x", "BE\x1b[2J", "BE/2", "!!!", "B" * 300])
def test_calendar_import_says_a_program_name_is_bad_without_calling_it_a_mentee(
    dtr, home: Path, tmp_path: Path, program: str
):
    path = tmp_path / "feed.ics"
    path.write_text(feed("SUMMARY:Assessment\r\nDTSTART;VALUE=DATE:20261218\r\n"))
    result = dtr("calendar", "import", str(path), "--program", program, "--yes")
    err = one_line_error(result, "cannot be a program's name", "--program BE")
    assert "mentee" not in err and len(err) < 300
    assert not (home / ".programs").exists()


def test_push_to_nothing_or_nowhere_is_one_sentence_that_names_no_removed_folder(
    dtr, tmp_path: Path
):
    ok(dtr("mentee", "add", "Alice Smith", "--program", "BE", "--start", "2026-11-02"))
    one_line_error(dtr("program", "bundle", "--pseudonyms", "--push", " "), "--push needs")
    err = one_line_error(
        dtr("program", "bundle", "--pseudonyms", "--push", str(tmp_path / "none")),
        "git clone failed",
        "run the command again",
    )
    assert "git -C" not in err


def test_the_report_needs_no_passphrase_as_it_reads_no_note(
    dtr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "b.json"
    path.write_text(json.dumps(a_bundle(dtr)))
    monkeypatch.setenv("DTR_PASSPHRASE", "correct horse")
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    monkeypatch.delenv("DTR_PASSPHRASE")
    from dtrcli.notebook import sealing

    sealing.forget()
    ok(dtr("program", "report", str(path)))
    one_line_error(dtr("program", "bundle", "--mentor", "Sam"), "protected by a passphrase")


# --- an encrypted home whose marker is gone -------------------------------------------------


@pytest.mark.parametrize("marker", [None, "", "garbage\n", "# a comment only\n"])
def test_a_note_is_never_written_plain_into_an_encrypted_home_without_its_marker(
    dtr, home: Path, marker: str | None
):
    from dtrcli.notebook import sealing

    ok(dtr("mentee", "add", "Alice Smith"))
    ok(dtr("note", "Alice Smith", "-m", "A first note"))
    ok(dtr("encrypt", "init", "--no-passphrase"))
    ok(dtr("encrypt", "on"))
    mark = home / sealing.MARKER
    if marker is None:
        mark.unlink()  # removed: by hand, a sync, someone who can push to the remote
    else:
        mark.write_text(marker)
    sealing._marks.clear()
    before = notes_of(home)
    one_line_error(dtr("note", "Alice Smith", "-m", "Xylophone42"), "nothing was written")
    assert notes_of(home) == before
    ok(dtr("encrypt", "on"))  # what the sentence says to do
    ok(dtr("note", "Alice Smith", "-m", "Xylophone42"))
    for name in notes_of(home):
        assert b"Xylophone42" not in (home / "alice-smith" / name).read_bytes()


def test_a_new_mentee_is_never_written_plain_into_an_encrypted_home_without_its_marker(
    dtr, home: Path
):
    """The first file of a new folder has no neighbours of its own: the home's other
    folders tell that its notes are encrypted."""
    from dtrcli.notebook import sealing

    ok(dtr("mentee", "add", "Alice Smith"))
    ok(dtr("note", "Alice Smith", "-m", "A first note"))
    ok(dtr("encrypt", "init", "--no-passphrase"))
    ok(dtr("encrypt", "on"))
    (home / sealing.MARKER).unlink()
    sealing._marks.clear()
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    one_line_error(dtr("mentee", "add", "Bob Jones"), "is encrypted", "nothing was written")
    given = '{"meeting_time": "Tue 18:00", "channel": "Slack", "mentor_notes": "Xylophone42"}'
    one_line_error(dtr("kickoff", "Carol", "--new", "-a", "-", input=given), "nothing was written")
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before
    ok(dtr("encrypt", "on"))  # what the sentence says to do
    ok(dtr("mentee", "add", "Bob Jones"))
    assert (home / "bob-jones" / "mentee.yaml").read_bytes().startswith(sealing.MAGIC)


def test_a_note_written_while_encryption_is_being_turned_off_is_plain(dtr, home: Path):
    from dtrcli.notebook import sealing

    ok(dtr("mentee", "add", "Alice Smith"))
    ok(dtr("note", "Alice Smith", "-m", "A first note"))
    ok(dtr("encrypt", "init", "--no-passphrase"))
    ok(dtr("encrypt", "on"))
    recipient = sealing.local_recipient()
    sealing.write_mark(recipient, sealing.TURNING_OFF)  # an encrypt off cut off
    sealing._marks.clear()
    path = Path(ok(dtr("note", "Alice Smith", "-m", "Second")).stdout.strip())
    assert path.read_bytes().startswith(b"---")


def test_a_calendar_of_classes_only_adds_nothing_and_says_why(dtr, home: Path, tmp_path: Path):
    text = feed("SUMMARY:Class: joins\r\nDTSTART;VALUE=DATE:20261218\r\n")
    result = ok(imported(dtr, tmp_path, text, "--yes"))
    assert "None of them is an assessment" in result.stderr
    assert "already has" not in result.stderr
    assert not (home / ".programs").exists()


def test_no_note_is_written_longer_than_dtr_reads_back(dtr, home: Path):
    """Answers just under the answers file's limit make a note over the note's limit: it
    is refused before anything is written, where it would be skipped by every command."""
    from dtrcli.notebook import files

    ok(dtr("mentee", "add", "Alice Smith"))
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    many = ["ab"] * (files.MAX_READ // 7)  # each 6 bytes in the file, more in the note
    given = json.dumps({"met": True, "session_minutes": "45", "followups": many})
    assert len(given) <= files.MAX_READ
    said = one_line_error(dtr("checkin", "alice", "-a", "-", input=given), "nothing was written")
    assert "more than the 1 MB dtr reads back" in said
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before
    short = json.dumps({"met": True, "session_minutes": "45", "worked_on": "word " * 1000})
    note = Path(ok(dtr("checkin", "alice", "-a", "-", input=short)).stdout.strip())
    assert "word word" in ok(dtr("show", "alice", note.name)).stdout
