"""The house's promises about where things go: a question type is one class, an export
format is one module and a registry line, a command is built only when it is run."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from dtrcli import exports
from dtrcli.conversation import questions, terminal
from dtrcli.conversation.interview import TextPrompt
from dtrcli.conversation.questions import QuestionType, register
from dtrcli.conversation.record import answers_of
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook.notes import read_note
from tests.support.cli import ok, one_line_error
from tests.support.homes import known

pytestmark = pytest.mark.timeout(30)

# --- a question type of its own ------------------------------------------------------------

HOURS = """\
id: timesheet
title: Time spent
sections:
  - title: The week
    questions:
      - {id: spent, prompt: Hours spent together, type: hours, required: true}
      - {id: note, prompt: Anything else, type: text}
"""


@pytest.fixture
def hours_type(user_templates: Path) -> Iterator[type[QuestionType]]:
    """A throwaway type, "hours": a number such as 1.5, written '1.5 h' in the note."""

    class Hours(QuestionType):
        name = "hours"
        summary = "a number of hours, such as 1.5"

        def coerce(self, q: Any, value: Any) -> Any:
            text = str(value).strip().removesuffix("h").strip()
            if not text:
                return None
            try:
                hours = float(text)
            except ValueError:
                raise ValueError(f"{value!r} is not a number of hours") from None
            if not 0 < hours <= 24:
                raise ValueError(f"{hours} is not between 0 and 24 hours")
            return hours

        def write(self, q: Any, value: Any) -> str:
            return f"{value:g} h"

        def read(self, q: Any, text: str) -> Any:
            return self.coerce(q, text)

        def describe(self, q: Any, value: Any) -> str:
            return f"{value:g} hours"

        def ask(self, q: Any, ui: Any, message: str, current: Any) -> Any:
            typed = ui.text(TextPrompt(message, validate=self.validator(q), instruction="(hours)"))
            return questions.coerce_answer(q, typed)

    register(Hours)
    (user_templates / "timesheet.yaml").write_text(HOURS, encoding="utf-8")
    yield Hours
    del questions.TYPES["hours"]


def test_a_new_question_type_is_one_class(hours_type, dtr, home: Path, monkeypatch):
    known("carol")
    template = load_registry().get("timesheet")
    assert template.question("spent").type == "hours"

    # From an answers file: checked by the type, written its way, read back as a number.
    known("bob")
    path = Path(
        ok(dtr("run", "timesheet", "bob", "-a", "-", input='{"spent": "1.5"}')).stdout.strip()
    )
    assert "### Hours spent together <!-- dtr:q spent -->\n\n1.5 h\n" in path.read_text("utf-8")
    assert answers_of(read_note(path), template) == {"spent": 1.5, "note": None}
    export = json.loads(ok(dtr("export", "bob")).stdout)
    assert export[0]["answers"]["spent"] == 1.5
    one_line_error(dtr("run", "timesheet", "bo", "-a", "-", input='{"spent": "lots"}'), "'lots'")

    # Through the interview: the type asks, refuses a bad answer, and the review shows it.
    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("30\r")  # refused by the type's check: the text stays to be fixed
        pipe.send_text("\x7f\x7f2\r")  # corrected to 2 (accepted, "30" would have failed)
        pipe.send_text("short week\r")
        pipe.send_text("\r")  # Save the note
        result = ok(dtr("run", "timesheet", "carol"))
    note = read_note(Path(result.stdout.strip()))
    assert answers_of(note, template) == {"spent": 2.0, "note": "short week"}
    assert "2 hours" in result.stderr  # the review table, in the type's own words
    assert "| `hours` | a number of hours, such as 1.5 |" in _schema_docs()


def _schema_docs() -> str:
    from dtrcli.conversation.templates import schema_markdown

    return schema_markdown()


# --- an export format of its own -------------------------------------------------------------


def test_a_new_export_format_is_one_module_and_a_registry_line(dtr, monkeypatch):
    # A command's --format help is read from the registry once a process, when the command
    # is first built: built here first, its help stays the registry's own for other tests.
    for command in ("share", "export"):
        ok(dtr(command, "--help"))
    shout = types.ModuleType("dtrcli.exports.shout")

    def share(full: Any) -> str:
        from dtrcli.exports.privacy import shared_sections

        return "".join(
            f"{q.upper()}: {a.upper()}\n" for _, qa in shared_sections(full) for q, a in qa
        )

    shout.share = share  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dtrcli.exports.shout", shout)
    monkeypatch.setattr(
        exports, "FORMATS", (*exports.FORMATS, exports.Format("shout", "shout", ("share",)))
    )
    ok(dtr("kickoff", "alice", "--new", "-a", "-", input=json.dumps(KICKOFF)))
    out = ok(dtr("share", "alice", "--format", "shout")).stdout
    assert "SO WHAT DAY AND TIME WILL WE MEET EACH WEEK?: TUESDAYS 18:00\n" in out
    assert "NERVOUS" not in out  # a private answer stays out, as in every shared format
    assert exports.names("share") == ["markdown", "slack", "shout"]
    one_line_error(dtr("share", "alice", "--format", "pdf"), "markdown or slack or shout")


def test_the_format_choices_and_help_come_from_the_registry(dtr):
    for use, command in (("share", "share"), ("export", "export")):
        text = " ".join(ok(dtr(command, "--help")).stdout.split())
        assert exports.help_text(use) in text
        for name in exports.names(use):
            assert exports.load(name, use)  # every listed format has its module


KICKOFF = {
    "names_pronouns": "Sam (they/them), Alice (she/her)",
    "meeting_time": "Tuesdays 18:00",
    "channel": "Slack",
    "mentor_notes": "Seemed nervous about asking for time.",
}


# --- commands built only when run -----------------------------------------------------------


def test_the_help_listing_says_what_each_command_says_of_itself():
    from dtrcli.cli.root import COMMANDS, walk

    built = {" ".join(path[1:]): command for path, command in walk()}
    for name, (_module, line) in COMMANDS.items():
        assert built[name].get_short_help_str(limit=200) == line, name


def test_help_and_version_build_no_command(home: Path):
    for args in (["--help"], ["--version"]):
        code = (
            "import sys\nfrom dtrcli.cli import main\n"
            f"sys.argv = ['dtr', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        loaded = set(proc.stderr.split())
        for module in ("reading", "sharing", "mentees", "module", "conversations", "templates"):
            assert f"dtrcli.cli.{module}" not in loaded, (args, module)
        if args == ["--version"]:
            assert "typer" not in loaded and proc.stdout.startswith("dtr ")
