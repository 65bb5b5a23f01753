"""Hostile files: each is refused with dtr's own sentence naming the file (and the line),
exit 1 and nothing written, and never a hang, a traceback or seconds of parsing.

The size limit is checked before a file is read: the tests below see that the file
was never opened (not how long anything took).
"""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.support import DATA
from tests.support.cli import ok, one_line_error
from tests.support.homes import write_note, write_profile

pytestmark = pytest.mark.timeout(60)  # a hang fails, it does not block the run

ANSWERS = DATA / "kickoff-answers.yaml"
TEMPLATE = """\
id: retro
title: Project retro
sections:
  - title: The project
    questions:
      - id: went_well
        prompt: What went well?
      - id: stuck
        prompt: Where did you get stuck?
"""
Dtr = Callable[..., Result]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path opened from now on, by os.open or open (pathlib's included)."""
    paths: list[str] = []
    real_os_open, real_open = os.open, builtins.open

    def os_open(path: object, *args: object, **kwargs: object) -> int:
        paths.append(os.fspath(path))  # type: ignore[arg-type]
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def any_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str | bytes | os.PathLike):
            paths.append(os.fspath(file))  # type: ignore[arg-type]
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", any_open)
    monkeypatch.setattr(io, "open", any_open)
    return paths


class Endless(io.RawIOBase):
    """Standard input that goes on (and on: it gives up after 50 MB)."""

    given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.given > 50_000_000:
            return 0
        size = len(buffer)
        buffer[:size] = b"#" * size
        self.given += size
        return size


def warnings(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def notes_of(home: Path, folder: str) -> list[Path]:
    return sorted((home / folder).glob("*.md")) if (home / folder).is_dir() else []


# --- templates -------------------------------------------------------------------------


def test_a_10_mb_template_is_refused_unread_and_every_other_command_goes_on(
    dtr: Dtr, home: Path, user_templates: Path, opened: list[str]
) -> None:
    big = user_templates / "big.yaml"
    # A valid template, were it read: only its size keeps it out.
    big.write_text(TEMPLATE.replace("retro", "big") + "#" * 10_000_000 + "\n", encoding="utf-8")
    (user_templates / "retro.yaml").write_text(TEMPLATE, encoding="utf-8")
    said = f"warning: {big}: is 10.1 MB, and dtr reads no template over 1 MB."
    opened.clear()

    listing = ok(dtr("templates", "list"))
    assert warnings(listing) == [said]
    assert "retro" in listing.stdout and "kickoff" in listing.stdout
    assert "big" not in listing.stdout

    held = ok(dtr("kickoff", "alice", "--new", "--answers", str(ANSWERS)))
    assert warnings(held) == [said]  # once, however often the templates are loaded
    assert len(notes_of(home, "alice")) == 1
    ok(dtr("history", "alice"))
    ok(dtr("show", "alice"))

    assert str(big) not in opened
    assert any(path.endswith("retro.yaml") for path in opened)  # the spy sees reads


def test_a_named_pipe_a_device_and_a_folder_in_the_templates_folder_are_named(
    dtr: Dtr, user_templates: Path, opened: list[str]
) -> None:
    os.mkfifo(user_templates / "pipe.yaml")  # opening it to read would wait for ever
    (user_templates / "zero.yaml").symlink_to("/dev/zero")
    (user_templates / "folder.yaml").mkdir()
    opened.clear()
    listing = ok(dtr("templates", "list"))
    assert sorted(warnings(listing)) == [
        f"warning: {user_templates / 'folder.yaml'}: is a folder, not a file.",
        f"warning: {user_templates / 'pipe.yaml'}: is a named pipe, not a file.",
        f"warning: {user_templates / 'zero.yaml'}: is a device, not a file.",
    ]
    assert "kickoff" in listing.stdout
    assert not any(path.endswith(("pipe.yaml", "zero.yaml")) for path in opened)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            TEMPLATE.replace("What went well?\n", "What went well?\n        prompt: Again?\n"),
            ": line 8: the key 'prompt' is given twice.",
        ),
        (TEMPLATE.replace("title: Project retro", "title: retro\ntitle: Retro"), ": line 3:"),
        (
            TEMPLATE.replace("Project retro", '"Project \\q retro"'),
            ": not valid YAML at line 2: found unknown escape character",
        ),
        (
            TEMPLATE + "tags: " + "[" * 50_000 + "]" * 50_000 + "\n",
            ": line 10: lists and mappings are nested more than 100 deep.",
        ),
        (
            TEMPLATE + "version: " + "9" * 5000 + "\n",
            ": line 10: 'version' holds a number of 5,000 digits, which is more than dtr reads",
        ),
        (TEMPLATE + "help: \x00\x01\x02\n", ": line 10: the character U+0000 is not allowed"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{n}: &{n} [{', '.join(['*' + chr(ord(n) - 1)] * 10)}]\n" for n in "bcdefghij"
            ),
            ": line 6: its aliases repeat values until there are more than 1,000,000.",
        ),
    ],
    ids=["key-twice", "title-twice", "escape", "deep", "long-number", "nul", "aliases"],
)
def test_validate_names_the_file_and_line_of_hostile_yaml(
    dtr: Dtr, tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "retro.yaml"
    path.write_text(text, encoding="utf-8")
    one_line_error(dtr("templates", "validate", str(path)), f"error: {path}{said}")


def test_validate_refuses_a_10_mb_template_by_its_size(
    dtr: Dtr, tmp_path: Path, opened: list[str]
) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(10 * 1024 * 1024)
    opened.clear()
    one_line_error(
        dtr("templates", "validate", str(path)),
        f"error: {path}: is 10.5 MB, and dtr reads no template over 1 MB.",
    )
    assert str(path) not in opened


def test_validate_names_a_named_pipe_a_device_and_a_folder(
    dtr: Dtr, tmp_path: Path, opened: list[str]
) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    for name, what in (
        ("pipe.yaml", "a named pipe"),
        ("folder.yaml", "a folder"),
        ("/dev/zero", "a device"),
    ):
        path = tmp_path / name
        one_line_error(dtr("templates", "validate", str(path)), f"error: {path}: is {what}, not")
    assert not any(path.endswith("pipe.yaml") or path == "/dev/zero" for path in opened)
    one_line_error(
        dtr("templates", "validate", str(tmp_path / "gone.yaml")),
        f"error: {tmp_path / 'gone.yaml'} does not exist.",
    )


def test_a_template_with_a_byte_order_mark_and_windows_line_ends_is_valid(
    dtr: Dtr, tmp_path: Path
) -> None:
    path = tmp_path / "retro.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TEMPLATE.replace("\n", "\r\n").encode("utf-8"))
    assert (
        "template 'retro' is valid (2 questions)"
        in ok(dtr("templates", "validate", str(path))).stderr
    )


# --- answers files ---------------------------------------------------------------------


def _answers(text: str) -> str:
    return ANSWERS.read_text(encoding="utf-8") + text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (_answers("channel: Zoom\n"), ": line 26: the key 'channel' is given twice."),
        (
            _answers("review_topics: " + "[" * 50_000 + "]" * 50_000 + "\n"),
            ": line 26: lists and mappings are nested more than 100 deep.",
        ),
        (
            _answers("extra: !!int " + "9" * 5000 + "\n"),
            ": line 26: 'extra' holds a number of 5,000 digits",
        ),
        (
            _answers('extra: "\\q"\n'),
            " are not valid YAML or JSON at line 26 (found unknown escape character",
        ),
        (_answers("extra: \x00\n"), ": line 26: the character U+0000 is not allowed in YAML"),
    ],
    ids=["key-twice", "deep", "long-number", "escape", "nul"],
)
def test_a_hostile_answers_file_is_named_with_its_line(
    dtr: Dtr, home: Path, tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    assert len(text.splitlines()) == 26
    one_line_error(dtr("kickoff", "alice", "--new", "--answers", str(path)), str(path), said)
    assert notes_of(home, "alice") == []


def test_answers_over_1_mb_are_refused(
    dtr: Dtr, home: Path, tmp_path: Path, opened: list[str]
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(_answers("# " + "x" * 2_000_000 + "\n"), encoding="utf-8")
    opened.clear()
    one_line_error(
        dtr("kickoff", "alice", "--new", "--answers", str(path)),
        f"error: The answers file {path} is 2.1 MB, and dtr reads no answers file over 1 MB.",
    )
    assert str(path) not in opened
    one_line_error(
        dtr("kickoff", "alice", "--new", "--answers", "/dev/zero"),
        "error: The answers file /dev/zero holds more than 1 MB, and dtr reads no answers file",
    )
    one_line_error(
        dtr("kickoff", "alice", "--new", "--answers", "-", input=_answers("# " + "x" * 1_000_000)),
        "error: Standard input gives more than 1 MB of answers",
    )
    one_line_error(
        dtr("kickoff", "alice", "--new", "--answers", str(tmp_path)),
        f"error: The answers file {tmp_path} is a folder, not a file.",
    )
    assert notes_of(home, "alice") == []


def test_standard_input_is_read_up_to_the_limit_not_to_its_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dtrcli.conversation.answers import read_answers_file
    from dtrcli.errors import AnswersError

    endless = Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    with pytest.raises(AnswersError, match="^Standard input gives more than 1 MB of answers"):
        read_answers_file("-")
    assert endless.given < 2_000_000


def test_answers_from_a_named_pipe_are_read(dtr: Dtr, home: Path, tmp_path: Path) -> None:
    """A shell's <(...) is a pipe: it is read like standard input, not refused."""
    pipe = tmp_path / "answers"
    os.mkfifo(pipe)
    copy = f"open({str(pipe)!r}, 'wb').write(open({str(ANSWERS)!r}, 'rb').read())"
    writer = subprocess.Popen([sys.executable, "-c", copy])
    try:
        ok(dtr("kickoff", "alice", "--new", "--answers", str(pipe)))
    finally:
        writer.wait(timeout=30)
    assert len(notes_of(home, "alice")) == 1


# --- notes -----------------------------------------------------------------------------


@pytest.fixture
def good_note(home: Path) -> Path:
    answers = {"names_pronouns": "Sam", "meeting_time": "Tue 18:00", "channel": "Slack"}
    return write_note(home, "kickoff", "alice", "2026-11-30", answers)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda t: t.replace("template: kickoff\n", "template: kickoff\ntemplate: exit\n"),
            "line 5: the key 'template' is given twice.",
        ),
        (
            lambda t: t.replace("---\n", "---\ntags: " + "[" * 50_000 + "]" * 50_000 + "\n", 1),
            "line 2: lists and mappings are nested more than 100 deep.",
        ),
        (
            lambda t: t.replace("---\n", "---\nversion: " + "9" * 5000 + "\n", 1),
            "line 2: 'version' holds a number of 5,000 digits",
        ),
        (
            lambda t: t.replace("---\n", '---\nextra: "\\q"\n', 1),
            "line 2: the front matter is not valid YAML.",
        ),
        (
            lambda t: t.replace("date: 2026-11-30", "date: 2026-11-31"),
            "'date' holds 2026-11-31, which is not a day of the calendar.",
        ),
        (
            lambda t: t + "x" * 1_100_000,
            "is 1.2 MB, and dtr reads no note over 1 MB (shorten it with 'dtr edit alice ",
        ),
    ],
    ids=["key-twice", "deep", "long-number", "escape", "no-such-day", "huge"],
)
def test_a_hostile_note_is_skipped_with_its_file_and_line(
    dtr: Dtr, good_note: Path, change: Callable[[str], str], said: str
) -> None:
    bad = good_note.with_name("2026-11-29-kickoff.md")
    bad.write_text(change(good_note.read_text(encoding="utf-8")), encoding="utf-8")
    listing = ok(dtr("history", "alice"))
    (warning,) = warnings(listing)
    assert warning.startswith(f"warning: skipped {bad}: line ") or "MB" in said, warning
    assert said in warning and warning.endswith("."), warning
    assert good_note.name in listing.stdout and bad.name not in listing.stdout


def test_a_note_with_a_byte_order_mark_and_windows_line_ends_is_read(
    dtr: Dtr, good_note: Path
) -> None:
    text = good_note.read_text(encoding="utf-8")
    good_note.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    listing = ok(dtr("history", "alice"))
    assert good_note.name in listing.stdout and warnings(listing) == []
    assert "Tue 18:00" in ok(dtr("show", "alice", "--raw")).stdout


def test_an_edit_that_makes_a_note_too_large_is_refused(good_note: Path) -> None:
    from dtrcli.edit import check_edit

    before = good_note.read_text(encoding="utf-8")
    assert check_edit(before, before + "x" * 1_000_000, good_note) == [
        "the note is 1.1 MB, and dtr reads no note over 1 MB"
    ]
    assert check_edit(before, before + "x" * 100_000, good_note) == []


# --- profiles, program dates, drafts ---------------------------------------------------


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (
            lambda p: p.write_text("name: Alice\nprogram: BE\nname: Bob\n", encoding="utf-8"),
            ": line 3: the key 'name' is given twice.",
        ),
        (
            lambda p: p.write_text("name: Alice\nstart: 2026-02-30\n", encoding="utf-8"),
            ": line 2: 'start' holds 2026-02-30, which is not a day of the calendar.",
        ),
        (
            lambda p: p.write_text('name: "Al\\qice"\n', encoding="utf-8"),
            " cannot be read as YAML at line 1 (found unknown escape character",
        ),
        (
            lambda p: p.write_text("name: " + "[" * 50_000 + "]" * 50_000, encoding="utf-8"),
            ": line 1: lists and mappings are nested more than 100 deep.",
        ),
        (lambda p: os.mkfifo(p), " is a named pipe, not a file; fix or remove it."),
        (lambda p: p.mkdir(), " is a folder, not a file; fix or remove it."),
        (
            lambda p: p.write_text("name: Alice\n#" + "x" * 1_000_000, encoding="utf-8"),
            " is 1.1 MB, and dtr reads no profile over 1 MB; fix or remove it.",
        ),
    ],
    ids=["key-twice", "no-such-day", "escape", "deep", "pipe", "folder", "huge"],
)
def test_a_hostile_profile_is_named_with_its_line(
    dtr: Dtr, good_note: Path, make: Callable[[Path], object], said: str
) -> None:
    profile = good_note.parent / "mentee.yaml"
    make(profile)
    one_line_error(dtr("mentee", "dates", "alice"), f"error: {profile}{said}")
    one_line_error(dtr("mentee", "edit", "alice", "--pronouns", "she/her"), str(profile))
    ok(dtr("history"))  # listings name mentees without the profile


def test_a_program_file_with_a_key_twice_is_named_with_its_line(dtr: Dtr, home: Path) -> None:
    write_profile(home, "Alice", program="BE", module="2")
    programs = home / ".programs"
    programs.mkdir()
    path = programs / "be-2.yaml"
    path.write_text("dates:\n- date: '2026-12-18'\n  label: A\n  label: B\n", encoding="utf-8")
    one_line_error(
        dtr("mentee", "dates", "alice"), f"error: {path}: line 4: the key 'label' is given twice."
    )
    path.unlink()
    os.mkfifo(path)
    one_line_error(dtr("mentee", "dates", "alice"), f"error: {path} is a named pipe, not a file")


def test_a_hostile_draft_is_named_and_left_in_place(dtr: Dtr, good_note: Path) -> None:
    twice = good_note.parent / ".draft-kickoff.yaml"
    twice.write_text("template: kickoff\nanswers: {}\nanswers: {a: b}\n", encoding="utf-8")
    pipe = good_note.parent / ".draft-midmod.yaml"
    os.mkfifo(pipe)
    listing = ok(dtr("drafts"))
    assert warnings(listing) == [
        f"warning: The draft {twice} cannot be read (line 3: the key 'answers' is given "
        "twice); it is left in place.",
        f"warning: The draft {pipe} cannot be read (is a named pipe, not a file); it is "
        "left in place.",
    ]
    assert twice.exists() and pipe.exists()


@pytest.mark.parametrize("kind", ["pipe", "folder", "link"])
def test_something_else_in_place_of_the_index_is_not_waited_on(
    dtr: Dtr, good_note: Path, tmp_path: Path, kind: str
) -> None:
    from dtrcli.notebook import index

    path = index.index_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(tmp_path / "elsewhere.sqlite3")
    assert good_note.name in ok(dtr("history", "alice")).stdout
    assert not (tmp_path / "elsewhere.sqlite3").exists()


# --- -o on a named pipe ----------------------------------------------------------------


def test_output_to_a_named_pipe_no_one_reads_is_refused(
    dtr: Dtr, good_note: Path, tmp_path: Path
) -> None:
    write_profile(good_note.parents[1], "alice", start=dt.date(2026, 11, 30))
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for command in (["share", "alice"], ["export", "--format", "json"], ["calendar", "alice"]):
        one_line_error(
            dtr(*command, "-o", str(pipe)),
            f"error: No program is reading the named pipe {pipe}; start the reader first.",
        )


def test_output_to_a_named_pipe_with_a_reader_is_written(
    dtr: Dtr, good_note: Path, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # the reader is there first
    try:
        ok(dtr("share", "alice", "-o", str(pipe)))
        received = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert b"Tue 18:00" in received
