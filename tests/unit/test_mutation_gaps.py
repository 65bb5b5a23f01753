"""Behaviour a mutation run showed no other test could see.

Each test here fails when the behaviour it names is broken: a note's file and folder
reaching the disk, the ends of the accepted date range, hand-written confirm answers,
negative scale answers, the format version in the front matter, and a private
question whose heading was edited out of recognition being kept out of a share.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from dtrcli.conversation.drafts import Draft, draft_path, load_draft, save_draft
from dtrcli.conversation.questions import format_answer, parse_answer
from dtrcli.conversation.record import answers_of
from dtrcli.conversation.schema import Question, Template
from dtrcli.conversation.templates import load_registry
from dtrcli.dates import EARLIEST, LATEST
from dtrcli.module.profiles import ProfileError, load_profile, parse_date, save_profile
from dtrcli.notebook.files import ensure_dir, replace_file, write_new
from dtrcli.notebook.noteformat import FORMAT_VERSION, split_front_matter
from dtrcli.notebook.notes import read_note
from dtrcli.notebook.paths import mentee_dir
from tests.support.cli import ok, one_line_error
from tests.support.homes import known


def new_note(dtr, template: str, name: str, date: str, answers: dict) -> Path:
    builtin = template in ("kickoff", "midmod", "exit")
    args = (template, name) if builtin else ("run", template, name)
    args += ("--new",) if template == "kickoff" else ()
    result = ok(dtr(*args, "-a", "-", "--date", date, input=json.dumps(answers)))
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path.is_file()
    return path


KICKOFF = {"meeting_time": "Tuesdays 18:00", "channel": "Slack", "focus_topic": "SQL joins"}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text[4 : text.index("\n---\n", 3)])


# --- 1. a saved file and its folder are fsynced ----------------------------------------


@dataclass(frozen=True)
class Synced:
    """What one os.fsync call flushed, looked at when it was called."""

    dev: int
    ino: int
    folder: bool
    size: int
    links: int  # names the file had at that moment
    names: tuple[str, ...]  # a folder's entries at that moment


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[Synced]:
    """Every os.fsync call from here on, in order (the real fsync still runs)."""
    real_fsync = os.fsync
    seen: list[Synced] = []

    def fsync(fd: int) -> None:
        st = os.fstat(fd)
        folder = stat.S_ISDIR(st.st_mode)
        names = tuple(sorted(os.listdir(fd))) if folder else ()
        seen.append(Synced(st.st_dev, st.st_ino, folder, st.st_size, st.st_nlink, names))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return seen


def file_syncs(seen: list[Synced], path: Path) -> list[Synced]:
    st = path.stat()
    return [s for s in seen if not s.folder and (s.dev, s.ino) == (st.st_dev, st.st_ino)]


def folder_syncs(seen: list[Synced], folder: Path) -> list[Synced]:
    st = folder.stat()
    return [s for s in seen if s.folder and (s.dev, s.ino) == (st.st_dev, st.st_ino)]


def assert_written_to_disk(seen: list[Synced], path: Path, *, linked: bool) -> None:
    """The file was fsynced whole while only its temp name existed, then its folder was
    fsynced once the file had its name and the temp name was gone."""
    data = path.read_bytes()
    files = file_syncs(seen, path)
    assert files, f"the file {path.name} was never fsynced: {seen}"
    assert files[0].size == len(data)
    if linked:
        assert files[0].links == 1  # flushed before it was given its name
    folders = folder_syncs(seen, path.parent)
    assert folders, f"the folder {path.parent} was never fsynced: {seen}"
    last = folders[-1]
    assert seen.index(last) > seen.index(files[0])
    assert path.name in last.names
    assert not [n for n in last.names if n.endswith(".part")], last.names


def test_write_new_fsyncs_the_note_and_its_folder(home: Path, synced: list[Synced]) -> None:
    folder = home / "alice"
    text = "---\ntemplate: kickoff\ndate: 2026-11-02\n---\n\nÉté notes\n"
    path = write_new(folder, "2026-11-02-kickoff", text)
    assert path == folder / "2026-11-02-kickoff.md"
    assert path.read_text(encoding="utf-8") == text
    assert_written_to_disk(synced, path, linked=True)


def test_write_new_under_a_taken_name_fsyncs_the_second_file(
    home: Path, synced: list[Synced]
) -> None:
    folder = home / "alice"
    write_new(folder, "2026-11-02-kickoff", "first\n")
    synced.clear()
    path = write_new(folder, "2026-11-02-kickoff", "second, longer\n")
    assert path.name == "2026-11-02-kickoff-2.md"
    assert_written_to_disk(synced, path, linked=True)


def test_replace_file_fsyncs_the_new_file_and_its_folder(home: Path, synced: list[Synced]) -> None:
    path = home / "alice" / "mentee.yaml"
    replace_file(path, "name: Alice\n")
    assert_written_to_disk(synced, path, linked=False)
    # Replacing it again: the new content is what reaches the disk, then the folder.
    synced.clear()
    replace_file(path, "name: Alice Smith\nstart: 2026-11-30\n")
    assert path.read_text(encoding="utf-8") == "name: Alice Smith\nstart: 2026-11-30\n"
    assert_written_to_disk(synced, path, linked=False)


def test_a_draft_is_fsynced_with_its_folder(home: Path, synced: list[Synced]) -> None:
    folder = ensure_dir(home / "alice")
    draft = Draft(
        path=draft_path(folder, "kickoff"),
        mentee="alice",
        template="kickoff",
        date="2026-11-02",
        started="2026-11-02T18:00:00+00:00",
        answers={"focus_topic": "SQL joins"},
        asked=["focus_topic"],
    )
    save_draft(draft)
    assert load_draft(draft.path).answers == {"focus_topic": "SQL joins"}
    assert_written_to_disk(synced, draft.path, linked=False)


def test_a_profile_is_fsynced_with_its_folder(home: Path, synced: list[Synced]) -> None:
    profile = load_profile(mentee_dir("alice"))
    profile.name = "Alice"
    save_profile(profile)
    assert_written_to_disk(synced, profile.path, linked=False)


def test_a_note_saved_by_the_cli_and_a_profile_added_reach_the_disk(
    dtr, home: Path, synced: list[Synced]
) -> None:
    path = new_note(dtr, "kickoff", "alice", "2026-11-02", KICKOFF)
    assert_written_to_disk(synced, path, linked=True)
    synced.clear()
    result = ok(dtr("mentee", "add", "Bo", "--start", "2026-11-30"))
    profile = Path(result.stdout.strip().splitlines()[-1])
    assert_written_to_disk(synced, profile, linked=False)


# --- 2. the ends of the accepted date range --------------------------------------------


def test_the_range_ends_are_what_the_messages_say() -> None:
    assert EARLIEST.isoformat() == "1900-01-01"
    assert LATEST.isoformat() == "2199-12-31"


@pytest.mark.parametrize("day", ["1900-01-01", "2199-12-31"])
def test_a_note_dated_at_either_end_of_the_range_is_saved(dtr, home: Path, day: str) -> None:
    path = new_note(dtr, "kickoff", "alice", day, KICKOFF)
    assert path.name == f"{day}-kickoff.md"
    assert str(front_matter(path)["date"]) == day


@pytest.mark.parametrize("day", ["1899-12-31", "2200-01-01"])
def test_a_note_dated_just_outside_the_range_is_refused(dtr, home: Path, day: str) -> None:
    result = dtr("kickoff", "alice", "--new", "-a", "-", "--date", day, input=json.dumps(KICKOFF))
    one_line_error(result, f"--date {day}", "too far off", "between 1900 and 2199")
    assert list(home.rglob("*.md")) == []


@pytest.mark.parametrize("day", ["1900-01-01", "2199-12-31"])
def test_a_start_date_at_either_end_of_the_range_is_kept(dtr, home: Path, day: str) -> None:
    ok(dtr("mentee", "add", "Bo", "--start", day))
    data = yaml.safe_load((home / "bo" / "mentee.yaml").read_text(encoding="utf-8"))
    assert str(data["start"]) == day
    assert json.loads(ok(dtr("mentee", "show", "bo", "--json")).stdout)["start"] == day


@pytest.mark.parametrize("day", ["1899-12-31", "2200-01-01"])
def test_a_start_date_just_outside_the_range_is_refused(dtr, home: Path, day: str) -> None:
    one_line_error(dtr("mentee", "add", "Bo", "--start", day), day, "too far off")
    assert not (home / "bo" / "mentee.yaml").exists()


@pytest.mark.parametrize(
    ("day", "inside"),
    [("1899-12-31", False), ("1900-01-01", True), ("2199-12-31", True), ("2200-01-01", False)],
)
def test_parse_date_takes_the_ends_and_refuses_one_day_beyond(day: str, inside: bool) -> None:
    if inside:
        assert parse_date(day).isoformat() == day
    else:
        with pytest.raises(ProfileError, match="too far off"):
            parse_date(day)


# --- 3. confirm answers written by hand as y / n ---------------------------------------


def meeting_rhythm() -> Question:
    question = load_registry().get("midmod").question("meeting_rhythm")
    assert question is not None and question.type == "confirm"
    return question


@pytest.mark.parametrize(
    ("written", "value"), [("y", True), ("Y", True), ("n", False), ("N", False)]
)
def test_parse_answer_reads_y_and_n(written: str, value: bool) -> None:
    assert parse_answer(meeting_rhythm(), written) is value
    assert parse_answer(meeting_rhythm(), f"{written}\n") is value


@pytest.mark.parametrize(("written", "value"), [("y", True), ("n", False)])
def test_a_confirm_answer_edited_to_y_or_n_is_read_back(
    dtr, home: Path, written: str, value: bool
) -> None:
    known("alice")
    answers = {"meeting_rhythm": not value, "struggles": "Recursion"}
    path = new_note(dtr, "midmod", "alice", "2026-11-20", answers)
    text = path.read_text(encoding="utf-8")
    before = "<!-- dtr:q meeting_rhythm -->\n\n" + ("No" if value else "Yes") + "\n"
    assert before in text
    path.write_text(
        text.replace(before, f"<!-- dtr:q meeting_rhythm -->\n\n{written}\n"), encoding="utf-8"
    )
    note = read_note(path)
    assert note.answers["meeting_rhythm"] == written
    assert answers_of(note, load_registry().get("midmod"))["meeting_rhythm"] is value
    (exported,) = json.loads(ok(dtr("export", "alice")).stdout)
    assert exported["answers"]["meeting_rhythm"] is value


# --- 4. a negative scale answer --------------------------------------------------------

MOOD = {
    "id": "mood",
    "prompt": "How are things, from -2 (bad) to 2 (good)?",
    "type": "scale",
    "min": -2,
    "max": 2,
}


@pytest.fixture
def practice(user_templates: Path) -> Template:
    data = {
        "id": "practice",
        "title": "Practice DTR",
        "sections": [{"title": "Only section", "questions": [MOOD]}],
    }
    (user_templates / "practice.yaml").write_text(
        yaml.safe_dump(data, sort_keys=False), encoding="utf-8"
    )
    template = load_registry().get("practice")
    assert template.source == "user"
    return template


def test_a_negative_scale_answer_is_written_and_read_back_as_a_number(
    dtr, home: Path, practice: Template
) -> None:
    known("alice")
    q = practice.question("mood")
    assert q is not None and (q.min, q.max) == (-2, 2)
    assert format_answer(q, -2) == "-2 / 2"
    assert parse_answer(q, "-2 / 2") == -2

    path = new_note(dtr, "practice", "alice", "2026-11-02", {"mood": -2})
    text = path.read_text(encoding="utf-8")
    assert f"### {MOOD['prompt']} <!-- dtr:q mood -->\n\n-2 / 2\n" in text
    note = read_note(path)
    assert note.answers["mood"] == "-2 / 2"
    value = answers_of(note, practice)["mood"]
    assert value == -2 and type(value) is int
    (exported,) = json.loads(ok(dtr("export", "alice")).stdout)
    assert exported["answers"]["mood"] == -2


def test_a_negative_scale_answer_edited_by_hand_is_read_as_that_number(
    practice: Template,
) -> None:
    q = practice.question("mood")
    assert q is not None
    for raw, value in (("-1 / 2", -1), ("-2", -2), ("  -1  ", -1), ("0 / 2", 0)):
        assert parse_answer(q, raw) == value, raw


# --- 5. the format version in the front matter -----------------------------------------


def test_a_saved_note_carries_dtr_format_2(dtr, home: Path) -> None:
    assert FORMAT_VERSION == 2
    path = new_note(dtr, "kickoff", "alice", "2026-11-02", KICKOFF)
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("\n---\n", 3)]
    assert "\ndtr_format: 2\n" in head + "\n"
    assert front_matter(path)["dtr_format"] == 2
    meta, _, _ = split_front_matter(text, path)
    assert meta["dtr_format"] == 2


def test_export_carries_dtr_format_in_front_matter(dtr, home: Path) -> None:
    new_note(dtr, "kickoff", "alice", "2026-11-02", KICKOFF)
    new_note(dtr, "midmod", "alice", "2026-11-20", {"struggles": "Recursion"})
    exported = json.loads(ok(dtr("export")).stdout)
    assert len(exported) == 2
    for data in exported:
        assert data["front_matter"]["dtr_format"] == 2, data["front_matter"]


# --- 6. a private heading edited beyond recognition ------------------------------------

SECRET = "She may leave the program SECRET"
PRIVATE_HEADING = "### Mentor only - anything you noticed that you want to remember? (private)"
EDITED_HEADING = "### What I noticed about her (private)"


def test_a_private_heading_that_lost_its_marker_and_its_prompt_stops_share(
    dtr, home: Path, tmp_path: Path
) -> None:
    known("alice")
    midmod = load_registry().get("midmod")
    assert "What I noticed about her" not in {q.prompt for q in midmod.questions}
    answers = {"meeting_rhythm": True, "struggles": "Recursion", "mentor_notes": SECRET}
    path = new_note(dtr, "midmod", "alice", "2026-11-20", answers)
    # As saved, the share leaves the private answer out.
    shared = ok(dtr("share", "alice")).stdout
    assert "Recursion" in shared and SECRET not in shared

    text = path.read_text(encoding="utf-8")
    marked = f"{PRIVATE_HEADING} <!-- dtr:q mentor_notes private -->\n"
    assert marked in text
    path.write_text(text.replace(marked, f"{EDITED_HEADING}\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    line = lines.index(EDITED_HEADING) + 1

    for fmt in ("markdown", "slack"):
        result = dtr("share", "alice", "-f", fmt)
        err = one_line_error(result, f"line {line}:", "'What I noticed about her'", "private")
        assert path.name in err
        assert SECRET not in result.stdout and SECRET not in err
    out = tmp_path / "shared.md"
    one_line_error(dtr("share", "alice", "-o", str(out)), f"line {line}:")
    assert not out.exists()
