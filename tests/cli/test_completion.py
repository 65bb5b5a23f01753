"""Tab completion: what is offered for what was typed, and what each shell is given.

A shell keeps only the offers that begin with what was typed (fish: the ones
that come closest), so the tests check how each offer is spelt as well as where
it leads. Then what dtr answers each shell as it asks (in process), and the
scripts it installs; the shells themselves, in a real terminal, are in
tests/e2e/test_shells.py.
"""

from __future__ import annotations

import shlex
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dtrcli.cli import app, boundary, completion
from dtrcli.notebook import names
from tests.support.cli import ok, one_line_error

ANSWERS = str(Path(__file__).parents[1] / "data" / "kickoff-answers.yaml")
ZOE, ALICE = "Zoë Ann O'Neil", "Alice Smith"


@pytest.fixture
def mentees(dtr: Callable[..., Result], home: Path) -> Path:
    """Zoë and Alice have profiles; alan only a note (so only his folder name is known)."""
    ok(dtr("mentee", "add", ZOE))
    ok(dtr("mentee", "add", ALICE))
    ok(dtr("kickoff", "alan", "--new", "-a", ANSWERS))
    return home


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# What is typed -> what is offered (offer, description). An accent typed without it gets
# the offer spelt with separate accents, so that it begins as typed.
OFFERS = [
    ("Zo", [(ZOE, None)]),
    ("zo", [("zoë-ann-oneil", ZOE)]),
    ("zoe", [(nfd("zoë-ann-oneil"), ZOE)]),
    ("Zoe", [(nfd(ZOE), None)]),
    ("ZOE", [("ZOE\u0308 Ann O'Neil", ZOE)]),
    ("Ali", [(ALICE, None)]),
    ("ali", [("alice-smith", ALICE)]),
    ("alice-s", [("alice-smith", ALICE)]),
    ("ALICE S", [("ALICE Smith", ALICE)]),
    ("alicesm", [("alice-smith", ALICE)]),  # no spelling begins so: the folder
    ("a", [("alan", None), ("alice-smith", ALICE)]),
    # alan's folder name is all there is of him, and 'Alan' need not be his name: every
    # offer is then a folder name, so fish (which keeps the closest) shows them all.
    ("A", [("alan", None), ("alice-smith", ALICE)]),
    ("", [("alan", None), (ALICE, None), (ZOE, None)]),
    ("b", []),
]


@pytest.mark.parametrize(("typed", "offered"), OFFERS)
def test_a_mentee_completes_from_the_start_of_their_name(mentees, typed, offered):
    assert names.offers(typed) == offered


def test_every_offer_begins_as_typed_or_is_a_folder(mentees):
    folders = {p.name for p in mentees.iterdir()}
    for typed, offered in OFFERS:
        for value, _ in offered:
            begins = value.startswith(typed) or nfd(value).startswith(nfd(typed))
            assert begins or value in folders, (typed, value)


@pytest.mark.parametrize(
    ("typed", "folder", "name"),
    [(t, "zoë-ann-oneil", ZOE) for t in ("Zo", "zo", "zoe", "Zoe", "ZOE")]
    + [(t, "alice-smith", ALICE) for t in ("Ali", "ali", "ALICE S", "alicesm")],
)
def test_each_offer_is_taken_for_that_mentee_even_by_a_conversation(
    dtr, mentees, typed, folder, name
):
    """Every offer, typed back as NAME, names the mentee's own folder: a kick-off held
    with it goes there, with the name already recorded (nothing refused, no new folder)."""
    [(offer, _)] = names.offers(typed)
    folders = sorted(p.name for p in mentees.iterdir())
    path = Path(ok(dtr("kickoff", offer, "--new", "-a", ANSWERS)).stdout.strip())
    assert sorted(p.name for p in mentees.iterdir()) == folders
    assert path.parent.name == folder
    assert f"mentee: {name}\n" in path.read_text(encoding="utf-8")


def test_offers_read_profiles_never_notes(mentees, monkeypatch):
    def read(*args: object) -> None:
        raise AssertionError("a note was read to complete a name")

    monkeypatch.setattr(names, "read_notes", read)
    monkeypatch.setattr("dtrcli.notebook.notes.read_note", read)
    assert names.offers("a") == [("alan", None), ("alice-smith", ALICE)]
    (mentees / "alice-smith" / "mentee.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    assert names.offers("Ali") == [("alice-smith", None)]  # a broken profile: the folder


def test_the_shell_is_given_every_offer_not_only_those_typed(mentees):
    """typer would keep only offers that begin with what was typed ('alicesm' would get
    nothing); dtr's completers give the shell all of theirs."""
    env = {"_DTR_COMPLETE": "complete_bash", "COMP_WORDS": "dtr show alicesm", "COMP_CWORD": "2"}
    result = CliRunner().invoke(app, [], env=env, prog_name="dtr")
    assert result.stdout.splitlines() == ["alice-smith"]


# --- what each shell is given ----------------------------------------------------------


def ask(shell: str, line: str) -> str:
    """What dtr answers ``shell`` asking to complete the last word of ``line``."""
    env = {"_DTR_COMPLETE": f"{shell}_complete"}
    if shell == "bash":
        words = line.split(" ")
        env.update(COMP_WORDS="\n".join(words), COMP_CWORD=str(len(words) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
    result = CliRunner().invoke(app, [], env=env, prog_name="dtr")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def fish(line: str) -> list[tuple[str, str | None]]:
    """fish's offers: (value as given to fish, description)."""
    found = []
    for row in ask("fish", line).splitlines():
        if row:
            kind, _, rest = row.partition(",")
            value, _, help = rest.partition("\t")
            found.append((value if kind == "plain" else f"<{kind}>", help or None))
    return found


def zsh(line: str) -> list[tuple[str, str | None]]:
    rows = ask("zsh", line).rstrip("\n").split("\n")
    triples = [rows[i : i + 3] for i in range(0, len(rows) - 2, 3)]
    return [(v if k == "plain" else f"<{k}>", None if h == "_" else h) for k, v, h in triples]


def bash(line: str) -> list[str]:
    return [row.partition(",")[2] for row in ask("bash", line).splitlines() if row]


@pytest.mark.parametrize(("typed", "offered"), OFFERS)
def test_fish_is_given_the_offers_as_they_are(mentees, typed, offered):
    assert fish(f"dtr show {shlex.quote(typed)}") == offered


def test_zsh_and_bash_get_each_accented_letter_as_one(mentees):
    assert zsh("dtr show zoe") == [("zoë-ann-oneil", ZOE)]
    assert zsh("dtr show Ali") == [(ALICE, None)]
    assert bash("dtr show zoe") == ["zoë-ann-oneil"]


def test_bash_gets_each_offer_quoted_as_it_goes_on_the_line(mentees):
    assert bash("dtr show Zo") == ["Zoë\\ Ann\\ O\\'Neil"]
    assert bash('dtr show "Zo') == ["\"Zoë Ann O'Neil"]
    assert bash("dtr show 'Zo") == ["'Zoë Ann O'\\''Neil"]
    assert bash("dtr search sql --mentee ali") == ["alice-smith"]


def test_commands_complete_with_their_whole_help_none_built(mentees, monkeypatch):
    def build(name: str, module: str) -> None:
        raise AssertionError(f"{name} was built to complete a command name")

    monkeypatch.setattr(boundary, "build", build)
    assert zsh("dtr sh") == [
        ("show", "Read a note (the latest unless you say which)."),
        ("share", "The mentee's copy of a note."),
    ]
    options = dict(zsh("dtr --"))
    assert options["--install-completion"].startswith("Install tab completion for your shell")
    assert "--show-completion" in dict(fish("dtr --"))


def test_templates_complete_in_any_case_with_their_titles(mentees):
    assert fish("dtr run ") == [
        ("checkin", "Weekly check-in"),
        ("exit", "Module exit DTR"),
        ("kickoff", "Module kick-off DTR"),
        ("midmod", "Mid-module follow-up"),
        ("note", "Note"),
    ]
    assert zsh("dtr templates show K") == [("kickoff", "Module kick-off DTR")]
    assert fish("dtr history --kind mi") == [("midmod", "Mid-module follow-up")]


def test_arguments_reached_through_lazy_commands_and_groups(mentees):
    assert fish("dtr mentee show zo") == [("zoë-ann-oneil", ZOE)]
    assert fish("dtr mentee dates Zo") == [(ZOE, None)]
    assert fish("dtr followups al") == [("alan", None), ("alice-smith", ALICE)]
    assert fish("dtr program bundle alan al") == [("alan", None), ("alice-smith", ALICE)]


def test_a_file_is_left_to_the_shell_a_name_never(mentees):
    assert fish("dtr kickoff alan --answers ") == [("<file>", None)]
    assert zsh("dtr kickoff alan -a da") == [("<file>", None)]
    assert bash("dtr calendar alan -o ") == [""]  # 'file,': bash's own file names
    assert fish("dtr program report ") == [("<file>", None)]
    assert zsh("dtr program report bundles/ -o r") == [("<file>", None)]
    assert fish("dtr show nobody") == []
    assert zsh("dtr run nothing") == []


def test_nothing_but_offers_reaches_the_shell(dtr, mentees, monkeypatch, tmp_path):
    (mentees / "alan" / "mentee.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    (mentees / "stray").symlink_to(tmp_path)  # a link out of the notes folder: skipped
    assert fish("dtr show al") == [("alan", None), ("alice-smith", ALICE)]
    home = tmp_path / "a-file"
    home.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("DTR_HOME", str(home))
    assert ask("zsh", "dtr show a") == "\n"  # ask() checked: exit 0, nothing on stderr
    assert ask("fish", "dtr show a") == "\n"


def test_scripts_an_earlier_dtr_installed_are_still_answered(mentees):
    env = {"_DTR_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "dtr show ali"}
    result = CliRunner().invoke(app, [], env=env, prog_name="dtr")
    assert result.stdout.startswith('_arguments \'*: :(("alice-smith":"Alice Smith"')


def test_powershell_gets_a_name_with_spaces_quoted(mentees):
    env = {"_DTR_COMPLETE": "complete_powershell", "_TYPER_COMPLETE_ARGS": "dtr show Zo"}
    env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = "Zo"
    result = CliRunner().invoke(app, [], env=env, prog_name="dtr")
    assert result.stdout.splitlines() == ["'Zoë Ann O''Neil'::: "]


# --- the scripts -----------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_of_the_shell_named(dtr, shell):
    result = ok(dtr("--show-completion", shell))
    assert result.stdout == completion.script(shell)
    assert f"_DTR_COMPLETE={shell}_complete" in result.stdout


def test_the_shell_may_be_named_after_an_equals_sign_or_other_options(dtr):
    assert ok(dtr("--show-completion=zsh")).stdout == completion.script("zsh")
    assert ok(dtr("--debug", "--show-completion", "fish")).stdout == completion.script("fish")


def test_show_completion_for_powershell_is_typers_script(dtr):
    script = ok(dtr("--show-completion", "pwsh")).stdout
    assert "Register-ArgumentCompleter -Native -CommandName dtr" in script
    assert '$Env:_DTR_COMPLETE = "complete_powershell"' in script


def test_the_zsh_script_completes_on_its_first_load():
    script = completion.script("zsh")
    assert script.startswith("#compdef dtr\n")
    # Autoloaded as _dtr, the file runs the function it defines; sourced, it registers it.
    assert 'if [[ $funcstack[1] == _dtr ]]; then\n    _dtr "$@"\nelse\n    compdef _dtr dtr' in (
        script
    )


def test_show_completion_without_a_shell_uses_the_one_running(dtr, monkeypatch):
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("fish", "/usr/bin/fish"))
    assert ok(dtr("--show-completion")).stdout == completion.script("fish")

    def unknown() -> None:
        raise shellingham.ShellDetectionFailure()

    monkeypatch.setattr(shellingham, "detect_shell", unknown)
    one_line_error(dtr("--show-completion"), "could not tell which shell", "zsh")


def test_a_shell_dtr_does_not_complete_is_one_sentence(dtr):
    one_line_error(dtr("--show-completion", "tcsh"), "not in tcsh")
    one_line_error(dtr("--install-completion", "tcsh"), "not in tcsh")


def test_install_completion_for_zsh_uses_zdotdir(dtr, tmp_path, monkeypatch):
    zdotdir = tmp_path / "zdotdir"
    monkeypatch.setenv("ZDOTDIR", str(zdotdir))
    first = ok(dtr("--install-completion", "zsh"))
    ok(dtr("--install-completion", "zsh"))
    home = Path.home()
    assert (home / ".zfunc" / "_dtr").read_text(encoding="utf-8") == completion.script("zsh")
    rc = (zdotdir / ".zshrc").read_text(encoding="utf-8")
    assert rc == "fpath+=~/.zfunc; autoload -Uz compinit; compinit\n"  # once
    assert not (home / ".zshrc").exists()
    assert first.stdout == ""
    assert str(home / ".zfunc" / "_dtr") in first.stderr and str(zdotdir) in first.stderr


def test_install_completion_for_fish_goes_where_fish_looks(dtr, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    ok(dtr("--install-completion", "fish"))
    path = tmp_path / "elsewhere" / "fish" / "completions" / "dtr.fish"
    assert path.read_text(encoding="utf-8") == completion.script("fish")
    monkeypatch.delenv("XDG_CONFIG_HOME")
    ok(dtr("--install-completion", "fish"))
    assert (Path.home() / ".config" / "fish" / "completions" / "dtr.fish").is_file()


def test_install_completion_for_bash_keeps_the_bashrc(dtr):
    home = Path.home()
    home.mkdir(parents=True, exist_ok=True)
    (home / ".bashrc").write_text("alias ll='ls -l'", encoding="utf-8")  # no final newline
    ok(dtr("--install-completion", "bash"))
    ok(dtr("--install-completion", "bash"))
    path = home / ".bash_completions" / "dtr.sh"
    assert path.read_text(encoding="utf-8") == completion.script("bash")
    rc = (home / ".bashrc").read_text(encoding="utf-8")
    assert rc == f"alias ll='ls -l'\nsource {path}\n"


def test_install_completion_over_an_earlier_one_adds_no_second_line(dtr):
    home = Path.home()
    home.mkdir(parents=True, exist_ok=True)
    line = f"source '{home / '.bash_completions' / 'dtr.sh'}'"  # as typer wrote it
    (home / ".bashrc").write_text(line + "\n", encoding="utf-8")
    ok(dtr("--install-completion", "bash"))
    assert (home / ".bashrc").read_text(encoding="utf-8") == line + "\n"


def test_install_completion_that_cannot_write_is_one_sentence(dtr):
    home = Path.home()
    (home / ".bashrc").mkdir(parents=True)
    one_line_error(dtr("--install-completion", "bash"), ".bashrc", "Add this line")


def test_the_profile_options_offer_the_presets_programs_modules_and_the_time_zones():
    """--program and --module offer what the presets know (the programs with their
    modules, the modules with their programs), --timezone the system's zones by name or
    by place, for mentee add and edit and calendar import."""
    assert ("BE", "modules 1, 2, 3, 4") in fish("dtr mentee add bob --program ")
    assert [v for v, _ in fish("dtr mentee edit bob --program f")] == ["FE"]
    assert fish("dtr mentee add bob --module ")[:2] == [("1", "BE, FE"), ("2", "BE, FE")]
    assert [v for v, _ in fish("dtr calendar import x.ics --program b")] == ["BE"]
    assert [v for v, _ in fish("dtr calendar import x.ics --program BE --module 3")] == ["3"]
    assert ("Europe/Berlin", None) in fish("dtr mentee edit bob --timezone berl")
    assert ("Europe/Berlin", None) in fish("dtr mentee add bob --timezone Europe/Be")
    assert fish("dtr mentee add bob --timezone Nowhere/At") == []


def test_remind_offers_alarm_times_never_files(home: Path):
    """--remind takes a length of time: it offers a few, each one dtr reads, and no file."""
    from dtrcli import dates

    offered = fish("dtr calendar alice --remind ")
    assert ("1h", "an hour before") in offered and len(offered) == 6
    assert all(not value.startswith("<") for value, _ in offered)  # no <file> offer
    assert [v for v, _ in fish("dtr calendar alice --remind 1")] == ["10m", "15m", "1h", "1d"]
    for time, _ in offered:
        assert 1 <= dates.parse_minutes(time) <= 4 * 7 * 24 * 60


def test_the_programs_offered_include_the_users_own_presets(home: Path):
    from dtrcli.module import presets

    user = presets.user_file()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text(
        "programs:\n  DS: Data Science\nmodules:\n  - program: DS\n    module: 1\n"
        "    dates:\n      - {week: 3, day: Fri, label: Mid-module assessment}\n",
        encoding="utf-8",
    )
    assert ("DS", "modules 1") in fish("dtr mentee add bob --program d")
