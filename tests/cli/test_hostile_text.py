"""Text read from files never acts on the terminal.

A title, name, label, follow-up, answer or template edited by hand to hold escape
sequences (clear the screen, set the window title, an 8-bit CSI) or a right-to-left
override is shown with each such character made visible (``console.printable``), in
every listing and message, piped or on a terminal, and in the interview. JSON stays
the same data. ``show --raw`` and ``show`` to a pipe still print the file as stored.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import typer.testing
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from dtrcli import console
from dtrcli.conversation import terminal as interview
from tests.support import DATA
from tests.support.cli import ok

# Clear the screen, set the window title (OSC 0 ... BEL), an 8-bit CSI, a right-to-left
# override: as they reach a program, as YAML's double quotes write them, as dtr shows them.
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x9b2J\u202eevil"
SHOWN = "^[[2J^[]0;pwned^G<U+009B>2J<U+202E>evil"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # dtr's own colours, on a terminal
TODAY = dt.date(2026, 11, 16)  # week 3 of alice's module; her key date is ahead

ENTER = "\r"
DOWN = "\x1b[B"


def hostile(tag: str) -> str:
    """HOSTILE for one field of one file, ``tag`` saying which (no space: a line wrapped
    between words keeps it whole)."""
    return f"{HOSTILE}_{tag}"


def in_yaml(tag: str) -> str:
    """:func:`hostile` as YAML's double quotes write it."""
    return rf'"\e[2J\e]0;pwned\a\x9b2J\u202eevil_{tag}"'


def shown(tag: str) -> str:
    """:func:`hostile` as dtr shows it."""
    return f"{SHOWN}_{tag}"


def raw_controls(text: str, terminal: bool = False) -> list[str]:
    """Every character of ``text`` that would act on a terminal (newlines aside);
    ``terminal``: dtr's own colour codes are left out first."""
    if terminal:
        text = SGR.sub("", text)
    return [f"U+{ord(c):04X}" for c in text if ord(c) in console.HIDDEN and c != "\n"]


HOSTILE_TEMPLATE = f"""\
id: hostile
title: {in_yaml("ttitle")}
description: {in_yaml("tdesc")}
weeks: [3]
sections:
  - title: {in_yaml("section")}
    intro: {in_yaml("intro")}
    questions:
      - id: pick
        prompt: {in_yaml("prompt")}
        help: {in_yaml("help")}
        type: select
        choices: [{in_yaml("choice")}, plain]
        profile: channel
      - id: focus
        prompt: {in_yaml("focus")}
        type: text
        recall: kickoff.focus_topic
        topic: {in_yaml("topic")}
      - {{id: followups, prompt: Follow-ups, type: list}}
"""


@pytest.fixture
def hostile_home(dtr, home: Path, user_templates: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """alice's kick-off note, profile, draft and a template, each edited by hand to hold
    HOSTILE (tagged with the field): the note's title, mentee, a question heading, an
    answer, a follow-up; the profile's name, pronouns, channel, a key date's label (the
    program holds only the override: it names a file); the draft's mentee; every text
    of the template. Beside the note, a broken one whose file name and bad date hold
    it too (a warning quoting both). Returns the note."""
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)
    answers = str(DATA / "kickoff-answers.yaml")
    path = Path(
        ok(dtr("kickoff", "alice", "--new", "-a", answers, "--date", "2026-11-02")).stdout.strip()
    )
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("title: 'Module kick-off DTR: alice'", f"title: {in_yaml('title')}"),
        ("mentee: alice", f"mentee: {in_yaml('mentee')}"),
        ("### What's one technical topic", f"### What's one {hostile('heading')} topic"),
        ("\nSQL joins\n", f"\n{hostile('answer')}\n"),
        ("- [ ] Alice shares her project repo", f"- [ ] {hostile('followup')}"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    folder = path.parent
    broken = text.replace("date: 2026-11-02", f"date: {in_yaml('baddate')}")
    (folder / f"2026-11-01-{hostile('file')}.md").write_text(broken, encoding="utf-8")
    (folder / "mentee.yaml").write_text(
        f"name: {in_yaml('name')}\npronouns: {in_yaml('pronouns')}\n"
        'program: "BE\\u202eevil_program"\nmodule: 2\nstart: 2026-11-02\n'
        f"dates:\n  - {{date: 2026-11-20, label: {in_yaml('label')}}}\n",
        encoding="utf-8",
    )
    (user_templates / "hostile.yaml").write_text(HOSTILE_TEMPLATE, encoding="utf-8")
    hostile_answers = json.dumps({"focus": "Joins again"})
    ok(dtr("run", "hostile", "alice", "-a", "-", "--date", "2026-11-09", input=hostile_answers))
    (folder / ".draft-hostile.yaml").write_text(
        f"mentee: {in_yaml('draft')}\ntemplate: hostile\ndate: '2026-11-16'\n"
        "started: '2026-11-16T10:00:00'\nasked: []\nanswers: {}\nfollowups: {}\n",
        encoding="utf-8",
    )
    return path


WARNED = ("file", "baddate")  # the broken note's warning: its file name, its bad date
# Each listing, and the fields it shows (made visible).
LISTINGS = {
    ("history",): ("name", "title", *WARNED),
    ("history", "alice"): ("title", *WARNED),
    ("followups",): ("name", "followup", *WARNED),
    ("followups", "alice"): ("name", "followup", *WARNED),
    ("due",): ("name", "label"),
    ("mentee", "list"): ("name",),
    ("mentee", "show", "alice"): ("name", "pronouns", "label", *WARNED),
    ("mentee", "dates", "alice"): ("label",),
    ("search", "\u202eevil_answer"): ("name", "heading", "answer", *WARNED),
    ("summary", "alice"): ("name", "answer", "topic", "followup", *WARNED),
    ("show", "alice", "kickoff"): ("heading", "answer", "followup", *WARNED),
    ("drafts",): ("draft",),
    ("templates", "list"): ("ttitle",),
    ("templates", "show", "hostile"): ("ttitle", "tdesc", "section", "prompt", "choice", "focus"),
}


@pytest.mark.parametrize("screen", ["piped", "terminal", "narrow"])
@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_no_control_character_from_a_file_reaches_the_terminal(
    dtr, hostile_home: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], screen: str
):
    """Piped; on a terminal (stdout and stderr: colours, rendered Markdown, lines wrapped
    between words); on a narrow one (a listing as one block per row, cells cut short)."""
    terminal = screen != "piped"
    if terminal:
        monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    if screen == "narrow":
        monkeypatch.setenv("COLUMNS", "40")
    result = ok(dtr(*args))
    file_itself = args == ("show", "alice", "kickoff") and not terminal  # show to a pipe: as stored
    if not file_itself:
        assert raw_controls(result.stdout, terminal) == [], result.stdout
    assert raw_controls(result.stderr, terminal) == [], result.stderr
    if screen == "narrow":
        return  # the texts are wrapped and cut short there
    # Shown, not dropped: what the files hold can still be seen (and fixed).
    said = SGR.sub("", result.output)
    for tag in LISTINGS[args]:
        if tag == "baddate":  # quoted as Python writes a string: \x1b, \u202e
            assert "\\x1b[2J" in said and "evil_baddate" in said
        elif file_itself and tag != "file":
            assert hostile(tag) in result.stdout
        else:
            assert shown(tag) in said, (tag, said)
    if args == ("mentee", "show", "alice"):
        assert "<U+202E>evil_program" in said


def test_each_control_character_is_shown_in_one_readable_form():
    assert console.printable(HOSTILE) == SHOWN
    assert console.printable("a\x00b\x7fc\x85d\u2066e\ufefff\u200bg") == (
        "a^@b^?c<U+0085>d<U+2066>e<U+FEFF>f<U+200B>g"
    )
    # One line: newline and tab become spaces (a table cell); lines: they are kept.
    assert console.printable("one\ntwo\tthree\r") == "one two three^M"
    assert console.printable("one\ntwo\tthree\r", lines=True) == "one\ntwo\tthree^M"
    # Text as people write it is left alone: accents, CJK, emoji joined by ZWJ, Persian ZWNJ.
    for text in ("Zoë Müller", "李小龍", "👩\u200d💻", "می\u200cخواهم"):
        assert console.printable(text) == text


def test_json_is_the_same_data_with_nothing_raw_in_it(dtr, hostile_home: Path):
    """C0 is escaped by json itself; DEL, C1 and the format characters are escaped too."""
    history = ok(dtr("history", "--json")).stdout
    mentee = ok(dtr("mentee", "show", "alice", "--json")).stdout
    for text in (history, mentee):
        assert raw_controls(text) == [], text
        assert "\\u009b" in text and "\\u202e" in text
    kickoff = next(row for row in json.loads(history) if row["template"] == "kickoff")
    assert kickoff["title"] == hostile("title")  # exactly what the file holds
    assert json.loads(mentee)["mentee"] == hostile("name")
    assert json.loads(mentee)["program"] == "BE\u202eevil_program"


def test_the_file_itself_is_printed_and_shared_as_stored(dtr, hostile_home: Path):
    """show --raw (and show to a pipe) is the file, not a listing: as it is stored, escape
    sequences and all; share and export write the answers as they are."""
    stored = hostile_home.read_text(encoding="utf-8")
    assert hostile("answer") in stored
    assert ok(dtr("show", "alice", "kickoff", "--raw")).stdout == stored
    assert ok(dtr("show", "alice", "kickoff")).stdout == stored
    for args in (("share", "alice", "kickoff"), ("export", "alice", "-f", "markdown")):
        out = ok(dtr(*args)).stdout
        assert hostile("answer") in out and hostile("followup") in out, args


def test_the_interview_shows_no_control_character_from_a_file(
    dtr, hostile_home: Path, monkeypatch: pytest.MonkeyPatch
):
    """Every text from a file the interview shows: the draft's mentee (what to do with
    the draft), the earlier note's follow-up, the key date, the section's title and
    intro, prompts, help, choices, the recalled answer and the review table. What
    questionary draws is read from a terminal's output; what rich prints, from stderr."""
    monkeypatch.setattr(interview, "stdin_is_terminal", lambda: True)
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=200), term="xterm")
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        pipe.send_text(
            ENTER  # the draft: resume it
            + ENTER * 3  # the two open follow-ups: one by one, carry them into this note
            + DOWN
            + ENTER  # pick: the choice under (skip)
            + ENTER  # focus: nothing
            + ENTER  # follow-ups: none more
            + DOWN
            + ENTER  # review: change an answer
            + ENTER  # which: 1. pick
            + ENTER  # pick: keep the choice
            + ENTER  # review: save
            + "n"  # save the choice as the channel in the profile? no
        )
        result = ok(dtr("run", "hostile", "alice"))
    drawn = screen.getvalue()
    assert raw_controls(result.stderr) == [], result.stderr
    # prompt_toolkit writes a text's ESC as "?" itself and draws C0 and C1 as ^[ and <9b>,
    # but not the override; and none of the sequences may be there as they were.
    for raw in ("\x9b", "\u202e", "\x07", "\x1b]0;pwned", "\x1b[2J"):
        assert raw not in drawn, repr(raw)
    for tag in ("draft", "followup", "prompt", "choice", "focus"):
        assert shown(tag) in drawn, tag
    assert f"1. {shown('prompt')}" in drawn  # which answer to change
    assert f"Save '{shown('choice')}' as {shown('name')}'s channel" in drawn
    stderr_tags = ("label", "section", "intro", "help", "answer", "ttitle", "prompt", "focus")
    for tag in (*stderr_tags, "choice", "followup"):
        assert shown(tag) in result.stderr, tag
