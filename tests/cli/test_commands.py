"""The commands as a user runs them, in-process with CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dtrcli import __version__, dates
from dtrcli.cli import app
from dtrcli.notebook import index
from tests.support import homes
from tests.support.cli import ok, one_line_error
from tests.support.homes import known

DATA = Path(__file__).parents[1] / "data"
ANSWERS = str(DATA / "kickoff-answers.yaml")
TODAY = dt.date.today().isoformat()


def test_version(dtr):
    result = ok(dtr("--version"))
    assert result.stdout.strip() == f"dtr {__version__}"


def _commands():
    from dtrcli.cli.root import walk

    for path, cmd in walk():
        if not hasattr(cmd, "list_commands"):
            yield tuple(path[1:]), cmd


def test_every_command_and_option_has_help(dtr):
    seen = []
    for path, cmd in _commands():
        seen.append(" ".join(path))
        assert cmd.help, f"dtr {' '.join(path)} has no help text"
        for param in cmd.params:
            assert getattr(param, "help", None), f"dtr {' '.join(path)}: {param.name} has no help"
        result = ok(dtr(*path, "--help"))
        assert "Usage: dtr" in result.stdout
        assert "Example" in result.stdout, f"dtr {' '.join(path)} --help shows no example"
    assert {"kickoff", "midmod", "exit", "run", "history", "show"} <= set(seen)
    assert {"templates list", "templates show", "templates validate"} <= set(seen)


def test_templates_list_shows_the_three_conversations(dtr):
    result = ok(dtr("templates", "list"))
    lines = result.stdout.splitlines()
    for tid, when in (("kickoff", "week 1"), ("midmod", "weeks 3-4"), ("exit", "week 6")):
        assert any(line.startswith(tid) and when in line and "built-in" in line for line in lines)


def test_user_template_is_listed_and_replaces_a_builtin(dtr, user_templates: Path):
    (user_templates / "kickoff.yaml").write_text(
        "id: kickoff\ntitle: Our own kick-off\nweeks: 1\nsections:\n"
        "  - title: Hello\n    questions:\n      - {id: hello, prompt: Hi?}\n",
        encoding="utf-8",
    )
    result = dtr("templates", "list", "--json")
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["kickoff"]["title"] == "Our own kick-off"
    assert rows["kickoff"]["source"] == "user"
    assert rows["exit"]["source"] == "built-in"


def test_broken_user_template_is_a_warning_not_a_failure(dtr, user_templates: Path):
    (user_templates / "bad.yaml").write_text("id: bad\ntitle: [unclosed\n", encoding="utf-8")
    result = ok(dtr("templates", "list"))
    assert "bad.yaml" in result.stderr
    assert "kickoff" in result.stdout


def test_templates_show_json(dtr):
    result = ok(dtr("templates", "show", "kickoff", "--json"))
    data = json.loads(result.stdout)
    assert data["id"] == "kickoff"
    ids = [q["id"] for s in data["sections"] for q in s["questions"]]
    assert "meeting_time" in ids and "followups" in ids
    assert ids[-2:] == ["norms", "norms_agreed"]  # it ends with the norms both agree to


def test_templates_show_text(dtr):
    result = ok(dtr("templates", "show", "exit"))
    assert "continue_next" in result.stdout and "required" in result.stdout


def test_templates_validate(dtr, tmp_path: Path):
    good = tmp_path / "retro.yaml"
    good.write_text(
        "id: retro\ntitle: Retro\nsections:\n  - title: S\n    questions:\n"
        "      - {id: went_well, prompt: What went well?, recall: kickoff.focus_topic}\n",
        encoding="utf-8",
    )
    result = ok(dtr("templates", "validate", str(good)))
    assert "valid" in result.stderr

    bad = tmp_path / "typo.yaml"
    bad.write_text(
        "id: typo\ntitle: T\nsections:\n  - title: S\n    questions:\n      - {id: a, promt: Hi}\n",
        encoding="utf-8",
    )
    one_line_error(dtr("templates", "validate", str(bad)), "typo.yaml", "'promt'", "'a'")


def test_validate_missing_file(dtr, tmp_path: Path):
    one_line_error(dtr("templates", "validate", str(tmp_path / "nope.yaml")), "nope.yaml")


def test_kickoff_from_answers_file_twice(dtr, home: Path):
    first = ok(dtr("kickoff", "Alice Smith", "--new", "--answers", ANSWERS))
    assert first.stdout.strip() == str(home / "alice-smith" / f"{TODAY}-kickoff.md")
    text = Path(first.stdout.strip()).read_text(encoding="utf-8")
    for needle in (
        "Tuesdays 18:00",
        "SQL joins",
        "- [ ] Alice shares her project repo",
        "Taught chemistry for five years.",
        "mentee: Alice Smith",
    ):
        assert needle in text
    second = dtr("kickoff", "Alice Smith", "--new", "--answers", ANSWERS)
    assert second.stdout.strip() == str(home / "alice-smith" / f"{TODAY}-kickoff-2.md")
    assert Path(first.stdout.strip()).read_text(encoding="utf-8") == text

    listed = json.loads(dtr("history", "alice-smith", "--json").stdout)
    assert [r["file"] for r in listed] == [f"{TODAY}-kickoff-2.md", f"{TODAY}-kickoff.md"]
    assert listed[0]["mentee"] == "Alice Smith"


def test_answers_from_stdin_json(dtr, home: Path):
    payload = json.dumps({"meeting_time": "Mondays", "channel": "Email"})
    result = ok(dtr("kickoff", "bob", "--new", "--answers", "-", input=payload))
    assert "Mondays" in Path(result.stdout.strip()).read_text(encoding="utf-8")


def test_bad_answers_list_every_problem_and_write_nothing(dtr, home: Path):
    payload = json.dumps({"contact_frequency": "Pigeon", "favourite": "x"})
    result = dtr("kickoff", "bob", "--new", "--answers", "-", input=payload)
    assert result.exit_code == 1
    err = result.stderr
    assert "meeting_time" in err and "favourite" in err and "Pigeon" in err
    assert not (home / "bob").exists() or not list((home / "bob").iterdir())


def test_date_option_records_an_earlier_conversation(dtr, home: Path):
    known("bob")
    result = ok(dtr("midmod", "bob", "-a", "-", "--date", "2026-10-05", input="{}"))
    path = Path(result.stdout.strip())
    assert path.name == "2026-10-05-midmod.md"
    assert "date: 2026-10-05" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", ["05/10/2026", "2026-13-01", "yesterday"])
def test_bad_date_is_one_sentence(dtr, bad, home: Path):
    one_line_error(dtr("midmod", "bob", "-a", "-", "--date", bad, input="{}"), "YYYY-MM-DD")
    assert not (home / "bob").exists()


@pytest.mark.parametrize("name", ["../x", "a/b", "..", "", "!!!"])
def test_unsafe_names_are_refused(dtr, name, home: Path):
    one_line_error(dtr("kickoff", name, "--new", "--answers", ANSWERS))
    assert not home.exists() or not any(home.rglob("*.md"))


def test_unknown_template(dtr):
    one_line_error(dtr("run", "nosuch", "bob"), "nosuch", "kickoff")


def test_no_terminal_and_no_answers(dtr, home: Path):
    one_line_error(dtr("kickoff", "bob", "--new"), "--answers")
    assert not (home / "bob").exists()


def test_resume_and_fresh_together(dtr):
    one_line_error(dtr("kickoff", "bob", "--new", "--resume", "--fresh"), "--resume")


def test_a_date_after_today_is_kept_with_a_warning(dtr):

    later = (dates.today() + dt.timedelta(days=30)).isoformat()
    result = ok(dtr("kickoff", "zed", "--new", "-a", ANSWERS, "--date", later))
    assert Path(result.stdout.strip()).name == f"{later}-kickoff.md"
    assert f"dated {later}, which is after today" in result.stderr


def test_answers_file_with_resume_or_fresh_is_refused(dtr, home: Path):
    for flag in ("--resume", "--fresh"):
        one_line_error(
            dtr("kickoff", "bob", "--new", "-a", ANSWERS, flag), "--answers gives every answer"
        )
    assert not (home / "bob").exists()


def test_every_spelling_of_a_name_is_one_person(dtr, home: Path):
    ok(dtr("kickoff", "Ann Marie", "--new", "-a", ANSWERS))
    ok(dtr("kickoff", "ann marie", "-a", ANSWERS))  # same person
    ok(dtr("kickoff", "ann-marie", "-a", ANSWERS))  # the folder's own name
    ok(dtr("kickoff", "Ann-Marie", "-a", ANSWERS))  # the same letters, another hyphen
    notes = list((home / "ann-marie").glob("*.md"))
    assert len(notes) == 4
    assert all("mentee: Ann Marie" in n.read_text(encoding="utf-8") for n in notes)


def test_one_name_in_either_unicode_form_is_one_person(dtr, home: Path):
    composed, decomposed = "Jos\u00e9", "Jose\u0301"  # é as one letter, or e + accent
    ok(dtr("kickoff", decomposed, "--new", "-a", ANSWERS))
    ok(dtr("kickoff", composed, "--new", "-a", ANSWERS))
    notes = sorted((home / "jos\u00e9").glob("*.md"))
    assert len(notes) == 2
    # The name is recorded in its composed form, whichever way it was typed.
    assert all(f"mentee: {composed}\n" in n.read_text(encoding="utf-8") for n in notes)


def test_history_table_and_unknown_mentee(dtr):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-02")
    dtr("midmod", "alice", "-a", "-", "--date", "2026-11-20", input="{}")
    result = ok(dtr("history", "alice"))
    rows = [line for line in result.stdout.splitlines() if line.startswith("2026")]
    assert rows[0].startswith("2026-11-20") and "midmod" in rows[0]
    assert rows[1].startswith("2026-11-02") and "kickoff" in rows[1]
    one_line_error(dtr("history", "alicia"), "alicia")


def test_history_of_a_first_name_finds_the_full_name(dtr):
    dtr("kickoff", "Alice Smith", "--new", "-a", ANSWERS)
    assert "Module kick-off DTR: Alice Smith" in ok(dtr("history", "alice")).stdout
    one_line_error(dtr("history", "alice-smyth"), "alice-smith")


def test_history_survives_a_broken_note(dtr, home: Path):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    folder = home / "alice"
    (folder / "2026-01-01-kickoff.md").write_text("---\ndate: [oops\n---\n", encoding="utf-8")
    (folder / "notes.txt").write_text("stray", encoding="utf-8")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02")
    result = ok(dtr("history", "alice", "--json"))
    assert len(json.loads(result.stdout)) == 1
    assert "2026-01-01-kickoff.md" in result.stderr and "binary.md" in result.stderr


def test_an_impossible_date_in_a_note_names_its_line(dtr, home: Path):
    path = Path(
        dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-02").stdout.strip()
    )
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("date:"))
    lines[at] = "date: 2026-11-32"
    path.write_text("\n".join(lines), encoding="utf-8")
    dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-03")
    result = ok(dtr("history", "alice", "--json"))
    assert [row["date"] for row in json.loads(result.stdout)] == ["2026-11-03"]
    assert f"line {at + 1}: 'date' holds 2026-11-32, which is not a day" in result.stderr


@pytest.mark.parametrize(
    ("line", "read_as", "problem"),
    [
        ("date: Nov 5", None, "'date' must be a day written YYYY-MM-DD, not 'Nov 5'"),
        ("date: 2026-11-09T10:00:00", "2026-11-09", None),
        ("template: [a, b]", None, "'template' must be a template id"),
    ],
)
def test_front_matter_edited_by_hand_is_checked(dtr, home: Path, line, read_as, problem):
    path = Path(
        dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-02").stdout.strip()
    )
    key = line.split(":")[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, text in enumerate(lines) if text.startswith(f"{key}:"))
    lines[at] = line
    path.write_text("\n".join(lines), encoding="utf-8")
    result = dtr("history", "alice", "--json")
    if problem is None:
        rows = json.loads(ok(result).stdout)
        assert [r["date"] for r in rows] == [read_as] and result.stderr == ""
    else:
        # The only note is broken: said so (exit 1), not listed as no notes at all.
        assert result.exit_code == 1 and result.stdout == ""
        warning, error = result.stderr.strip().split("\n")
        assert f"line {at + 1}: {problem}" in warning
        assert error.startswith("error: The one note for 'alice', 2026-11-02-kickoff.md,")


def test_symbolic_link_loops_are_named_and_skipped(dtr, home: Path):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    (home / "alice" / "loop.md").symlink_to("loop.md")
    (home / "ring").symlink_to("ring")
    for args in (("history", "alice"), ("history",), ("show", "alice"), ("due",), ("export",)):
        result = dtr(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "unexpected" not in result.stderr
        assert "loop.md" in result.stderr, args
    everyone = dtr("history", "--json")
    assert [row["mentee"] for row in json.loads(everyone.stdout)] == ["alice"]
    assert "ring" in everyone.stderr


def test_odd_entries_named_like_notes_are_named_too(dtr, home: Path):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    (home / "alice" / "old.md").mkdir()
    (home / "alice" / "gone.md").symlink_to("nowhere.md")
    result = dtr("history", "alice", "--json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 1
    assert "old.md: a folder, not a note" in result.stderr
    assert "gone.md: a link to a file that is not there" in result.stderr


def test_show_latest_by_date_kind_and_file(dtr):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-02")
    dtr("midmod", "alice", "-a", "-", "--date", "2026-11-20", input="{}")
    latest = ok(dtr("show", "alice"))
    assert "template: midmod" in latest.stdout  # not a terminal: the file as stored
    by_date = dtr("show", "alice", "2026-11-02")
    assert "SQL joins" in by_date.stdout
    by_kind = dtr("show", "alice", "kickoff")
    assert by_kind.stdout == by_date.stdout
    by_file = dtr("show", "alice", "2026-11-02-kickoff.md")
    assert by_file.stdout == by_date.stdout
    raw = dtr("show", "alice", "kickoff", "--raw")
    assert raw.stdout.startswith("---\n")
    one_line_error(dtr("show", "alice", "2020-01-01"), "2026-11-02")
    one_line_error(dtr("show", "alice", "whatever"), "dtr history alice")


@pytest.mark.parametrize("which", ["2026-13-45", "2026-02-30"])
def test_show_a_date_that_is_no_day_says_so(dtr, which):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-02")
    for command in ("show", "edit", "share"):
        one_line_error(
            dtr(command, "alice", which),
            f"'{which}' is not a day of the calendar; dates are YYYY-MM-DD.",
        )
    one_line_error(dtr("show", "alice", "2300-01-01"), "too far off")


def _break(path: Path) -> None:
    """A note's front matter edited by hand into something dtr cannot read."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("template: kickoff", "template: [a, b]"), encoding="utf-8")


def _only_broken(result, *needles: str) -> str:
    """Exit 1, nothing on stdout; the warnings name each broken note, then one error line
    that holds every one of ``needles``."""
    assert result.exit_code == 1, result.output
    assert result.stdout == "", result.output
    *warnings, error = result.stderr.strip().split("\n")
    assert warnings and all(w.startswith("warning: skipped ") for w in warnings), warnings
    assert error.startswith("error: "), error
    for needle in needles:
        assert needle in error, error
    return error


LISTINGS_OF_ONE = [
    ("history", "alice"),
    ("history", "alice", "--json"),
    ("history", "alice", "--kind", "exit"),
    ("show", "alice"),
    ("summary", "alice"),
    ("summary", "alice", "--json"),
    ("followups", "alice"),
    ("followups", "alice", "--json"),
    ("search", "SQL", "--mentee", "alice"),
    ("export", "alice"),
]


@pytest.mark.parametrize("args", LISTINGS_OF_ONE, ids=" ".join)
def test_a_mentee_whose_only_note_is_broken_is_not_told_there_are_none(dtr, home: Path, args):
    path = Path(
        ok(dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-02")).stdout.strip()
    )
    _break(path)
    error = _only_broken(
        dtr(*args),
        f"The one note for 'alice', {path.name}, cannot be read (see the warning above); "
        f"fix it with: dtr edit alice {path.name}",
    )
    assert "No notes yet" not in error and "no notes" not in error


def test_the_edit_suggested_for_a_broken_note_opens_it(dtr, tmp_path: Path, monkeypatch):
    path = Path(
        ok(dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", "2026-11-02")).stdout.strip()
    )
    _break(path)
    error = _only_broken(dtr("show", "alice"))
    command = error.rsplit("fix it with: ", 1)[1].split()
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\nsed -i 's/^template: .*/template: kickoff/' \"$1\"\n")
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    assert command[:2] == ["dtr", "edit"]
    ok(dtr(*command[1:]))
    assert "SQL joins" in ok(dtr("show", "alice")).stdout


def test_many_broken_notes_and_every_mentee(dtr, home: Path):
    paths = [
        Path(ok(dtr("kickoff", "alice", "--new", "-a", ANSWERS, "--date", day)).stdout.strip())
        for day in ("2026-11-02", "2026-11-03")
    ]
    for path in paths:
        _break(path)
    _only_broken(
        dtr("history", "alice"),
        "None of the 2 notes for 'alice' can be read (see the warnings above); "
        f"fix them with: dtr edit alice FILE, e.g. dtr edit alice {paths[0].name}",
    )
    for args in (("history",), ("followups",), ("export",)):
        _only_broken(dtr(*args), "None of the 2 notes can be read", "dtr edit NAME FILE")
    # A file name the shell would split is quoted in the command to type.
    paths[0].rename(paths[0].with_name("2026-11-02 kickoff.md"))
    _only_broken(dtr("history", "alice"), "e.g. dtr edit alice '2026-11-02 kickoff.md'")
    paths[0] = paths[0].with_name("2026-11-02 kickoff.md")
    # One readable note anywhere: the listing is shown, the broken ones warned about.
    ok(dtr("kickoff", "bob", "--new", "-a", ANSWERS))
    result = ok(dtr("history"))
    assert "bob" in result.stdout and paths[0].name in result.stderr
    shown = ok(dtr("mentee", "show", "alice"))
    assert "Notes none can be read (see the warnings above)" in shown.stdout


def test_a_mentee_without_notes_yet(dtr):
    ok(dtr("mentee", "add", "alice"))
    assert "No notes yet; start with: dtr kickoff alice" in ok(dtr("history", "alice")).stderr
    one_line_error(dtr("show", "alice"), "There are no notes for 'alice' yet", "dtr kickoff alice")
    one_line_error(dtr("summary", "alice"), "There are no notes for 'alice' yet")
    assert "Notes none yet" in ok(dtr("mentee", "show", "alice")).stdout


def test_debug_shows_a_traceback_only_when_asked(dtr, monkeypatch):
    from dtrcli.notebook import listing, notes

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(notes, "notes_of", boom)
    monkeypatch.setattr(listing, "notes", boom)
    one_line_error(dtr("history"), "disk on fire", "--debug")
    loud = dtr("--debug", "history")
    assert isinstance(loud.exception, RuntimeError)


def _modules_after(*args: str, env_home: Path) -> set[str]:
    code = (
        "import sys\n"
        "from dtrcli.cli import main\n"
        f"sys.argv = ['dtr', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k == "HOME" or k.startswith("XDG_")},
            "DTR_HOME": str(env_home),  # and the test's own cache and config folders
            "PATH": "/usr/bin:/bin",
        },
        check=False,
    )
    return set(proc.stderr.split())


@pytest.mark.parametrize(
    "args", [("--help",), ("history", "alice"), ("history",), ("due",), ("templates", "list")]
)
def test_light_commands_do_not_import_the_prompt_library(args, home: Path, dtr):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    loaded = _modules_after(*args, env_home=home)
    assert "dtrcli.cli" in loaded
    for module in ("questionary", "prompt_toolkit", "rich.markdown", "icalendar", "pydantic"):
        assert module not in loaded, f"dtr {' '.join(args)} imported {module}"


@pytest.mark.parametrize("args", [("history", "alice"), ("history",)])
def test_history_reads_dtr_front_matter_without_pyyaml(args, home: Path, dtr):
    """The fast front-matter reader handles every note dtr writes (see docs/performance.md)."""
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    dtr("kickoff", "Zoë-Ann O'Neil", "--new", "-a", ANSWERS)
    loaded = _modules_after(*args, env_home=home)
    assert "dtrcli.cli" in loaded
    for module in ("yaml", "dtrcli.conversation.templates", "dtrcli.exports.privacy"):
        assert module not in loaded, f"dtr {' '.join(args)} imported {module}"


def test_search_the_index_answers_reads_no_note(home: Path, dtr, monkeypatch):
    """A search whose notes the index holds makes its hits without the note format, the
    Note class or dataclasses (see docs/performance.md), nor what pathlib and platformdirs
    take at import (dtrcli.standins); one that reads notes has them."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    homes.write_profile(home, "Alice")  # the name shown: no note is read for it
    ok(dtr("history"))  # every note stored, settled
    loaded = _modules_after("search", "Slack", env_home=home)
    assert "dtrcli.search" in loaded
    for module in ("dataclasses", "dtrcli.notebook.notes", "dtrcli.notebook.noteformat",
                   "urllib.parse", "tempfile", "shutil"):  # fmt: skip
        assert module not in loaded, f"dtr search imported {module}"
    index.reset()
    index.index_file().unlink()
    assert "dtrcli.notebook.notes" in _modules_after("search", "Slack", env_home=home)


def test_due_reads_the_presets_without_pyyaml_once_they_were_read(home: Path, dtr):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    _modules_after("due", env_home=home)  # the presets' YAML read once, and kept
    loaded = _modules_after("due", env_home=home)
    assert "dtrcli.module.presets" in loaded
    assert "yaml" not in loaded


def test_python_dash_m(home: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "dtrcli", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.strip() == f"dtr {__version__}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("kickoff",), "error: Missing argument 'NAME'; see 'dtr kickoff --help'.\n"),
        (
            ("histry",),
            "error: No such command 'histry'. Did you mean 'history'? See 'dtr --help'.\n",
        ),
        (("history", "--bogus"), "error: No such option: --bogus; see 'dtr history --help'.\n"),
        (("mentee", "add"), "error: Missing argument 'NAME'; see 'dtr mentee add --help'.\n"),
    ],
)
def test_usage_mistakes_are_one_sentence_and_exit_1(dtr, args, expected):
    assert one_line_error(dtr(*args)) == expected


def test_no_command_shows_the_help(dtr):
    for args in ((), ("mentee",)):
        result = ok(dtr(*args))
        assert result.stdout.startswith("Usage: dtr")
        assert result.stderr == ""


def test_a_data_home_that_is_a_file(dtr, home: Path):
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("not a folder", encoding="utf-8")
    for args in (("history",), ("due",), ("kickoff", "alice", "-a", ANSWERS), ("drafts",)):
        assert one_line_error(dtr(*args)) == (
            f"error: dtr's notes folder {home} is not a folder; "
            "point DTR_HOME at a folder (or move that file away).\n"
        ), args
    assert home.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize(
    "args", [("history",), ("history", "alice", "--json"), ("search", "SQL"), ("show", "alice")]
)
def test_a_closed_pipe_ends_quietly(args, home: Path, dtr):
    """`dtr history | head -1`: the reader is gone before dtr writes; no error is printed."""
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "dtrcli", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "DTR_HOME": str(home)},
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.stderr == ""
    assert proc.returncode == 1


def _complete(words: str) -> list[str]:
    """What the shell is offered for the last word of ``words`` (bash protocol)."""
    from typer.testing import CliRunner

    env = {"_DTR_COMPLETE": "complete_bash", "COMP_WORDS": words}
    env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    result = CliRunner().invoke(app, [], env=env, prog_name="dtr")
    return result.stdout.split()


def test_shell_completion_offers_mentees_and_templates(dtr):
    for name in ("Alice Smith", "Alan", "Bo"):
        ok(dtr("kickoff", name, "--new", "-a", ANSWERS))
    assert _complete("dtr history al") == ["alan", "alice-smith"]
    assert _complete("dtr kickoff b") == ["bo"]
    assert _complete("dtr search sql --mentee alic") == ["alice-smith"]
    assert _complete("dtr followups ") == ["alan", "alice-smith", "bo"]
    assert _complete("dtr run mi") == ["midmod"]
    assert _complete("dtr templates show ex") == ["exit"]
    assert _complete("dtr history --kind mi") == ["midmod"]
    assert _complete("dtr search sql --kind k") == ["kickoff"]


def test_shell_completion_without_any_notes_offers_nothing(dtr):
    assert _complete("dtr history a") == []


def test_folders_dtr_did_not_make_are_not_mentees(dtr, home: Path):
    dtr("kickoff", "alice", "--new", "-a", ANSWERS)
    (home / "Daily notes").mkdir()
    (home / "Daily notes" / "2026-11-28.md").write_text("# hi\n", encoding="utf-8")
    result = dtr("history", "--json")
    assert [r["folder"] for r in json.loads(result.stdout)] == ["alice"]
    assert result.stderr == ""
    assert "Daily" not in dtr("mentee", "list").stdout
