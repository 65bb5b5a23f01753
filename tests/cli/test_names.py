"""One way to find a mentee, in every command: folder name, display name, a unique
start of either, the first name, any case, with or without accents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_interview_pipe import keys  # noqa: F401 - the pipe input fixture
from tests.support.cli import add_alice_smith, ok, one_line_error

ANSWERS = json.dumps(
    {
        "names_pronouns": "Sam, Alice",
        "meeting_time": "Tue 18:00",
        "channel": "Slack",
        "focus_topic": "SQL joins",
        "followups": ["Alice shares her repo"],
    }
)
MIDMOD = json.dumps({"struggles": "Recursion"})


@pytest.fixture
def people(dtr, home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EDITOR", "true")  # dtr edit: the editor closes with no change
    add_alice_smith(dtr)
    ok(dtr("kickoff", "Alice Smith", "-a", "-", "--date", "2026-11-02", input=ANSWERS))
    ok(dtr("kickoff", "José Núñez", "--new", "-a", "-", "--date", "2026-11-03", input=ANSWERS))
    ok(dtr("kickoff", "Bo", "--new", "-a", "-", "--date", "2026-11-04", input=ANSWERS))
    return home


def everything(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*"))


ALICE = ["alice", "Alice", "ALICE SMITH", "alice-smith", "Alice Smith", "alice-smit", "alic"]
JOSE = ["jose-nunez", "jose", "JOSÉ", "Jose Nunez", "josé-núñez", "jos"]


def commands(name: str) -> list[list[str]]:
    """A command of each kind that takes a mentee's name and only reads."""
    return [
        ["history", name],
        ["show", name, "kickoff"],
        ["share", name],
        ["summary", name],
        ["export", name, "--format", "json"],
        ["followups", name],
        ["search", "SQL", "--mentee", name],
        ["mentee", "show", name],
        ["mentee", "dates", name],
        ["calendar", name],
        ["edit", name, "kickoff"],
        ["show", name, "2026-11-02"],
    ]


@pytest.mark.parametrize("name", ALICE)
def test_every_spelling_of_alice_finds_alice_smith(dtr, people: Path, name: str):
    before = everything(people)
    for command in commands(name):
        result = ok(dtr(*command))
        assert "José" not in result.stdout, command
    assert "Alice Smith" in ok(dtr("history", name)).stdout
    assert everything(people) == before  # nothing was made for the name typed
    path = Path(ok(dtr("midmod", name, "-a", "-", "--date", "2026-11-20", input=MIDMOD)).stdout)
    assert path.parent == people / "alice-smith"


@pytest.mark.parametrize("name", JOSE)
def test_a_name_without_its_accents_finds_the_folder_with_them(dtr, people: Path, name: str):
    assert "José Núñez" in ok(dtr("history", name)).stdout
    assert "José Núñez" in ok(dtr("mentee", "show", name)).stdout
    path = Path(ok(dtr("checkin", name, "-a", "-", input='{"met": true}')).stdout.strip())
    assert path.parent == people / "josé-núñez"
    assert not (people / "jose-nunez").exists() and not (people / "jose").exists()


def test_key_dates_go_to_the_mentee_found(dtr, people: Path):
    ok(dtr("mentee", "dates", "alice", "add", "2026-12-03", "Portfolio review"))
    assert "Portfolio review" in ok(dtr("mentee", "dates", "alice-smith")).stdout
    ok(dtr("mentee", "edit", "ALICE", "--channel", "Email"))
    assert "Email" in ok(dtr("mentee", "show", "Alice Smith")).stdout
    assert not (people / "alice").exists()


def test_a_name_several_mentees_go_by_lists_them_and_does_nothing(dtr, people: Path):
    ok(dtr("kickoff", "Alicia Keys", "--new", "-a", "-", input=ANSWERS))
    before = everything(people)
    for command in [
        *commands("ali"),
        ["midmod", "ali", "-a", "-", "--date", "2026-11-20"],
        ["kickoff", "ali", "-a", "-"],
        ["mentee", "dates", "ali", "add", "2026-12-03", "Portfolio review"],
        ["mentee", "edit", "ali", "--channel", "Email"],
    ]:
        one_line_error(
            dtr(*command, input=MIDMOD),
            "'ali' could be 2 mentees",
            "Alice Smith (alice-smith)",
            "Alicia Keys (alicia-keys)",
        )
    assert everything(people) == before
    # The whole first name is one of them.
    assert "Alice Smith" in ok(dtr("history", "alice")).stdout


def test_a_name_that_finds_nobody_makes_nothing(dtr, home: Path):
    for command in [
        ["mentee", "dates", "alice", "add", "2026-12-03", "Portfolio review"],
        ["mentee", "edit", "alice", "--channel", "Email"],
        ["mentee", "next", "alice", "--start", "2027-01-11"],
        ["midmod", "alice", "-a", "-"],
        ["exit", "alice", "-a", "-"],
        ["checkin", "alice", "-a", "-"],
        ["history", "alice"],
        ["share", "alice"],
        ["calendar", "alice"],
        ["followups", "alice"],
        ["search", "x", "--mentee", "alice"],
    ]:
        one_line_error(dtr(*command, input="{}"), "'alice'")
        assert list(home.iterdir()) == [] if home.exists() else True, command
    ok(dtr("mentee", "list"))  # no ghost mentee
    assert "alice" not in ok(dtr("mentee", "list", "--json")).stdout


def test_only_a_kickoff_starts_a_new_mentee_and_only_when_told(dtr, home: Path):
    err = one_line_error(dtr("midmod", "bob", "-a", "-", input="{}"), "dtr kickoff bob")
    assert "no mentee 'bob'" in err
    err = one_line_error(dtr("kickoff", "bob", "-a", "-", input=ANSWERS), "dtr mentee add bob")
    assert "--new" in err
    # No terminal and no answers: the same, before any question.
    one_line_error(dtr("kickoff", "bob"), "dtr mentee add bob")
    assert not (home / "bob").exists()
    ok(dtr("kickoff", "bob", "--new", "-a", "-", input=ANSWERS))
    ok(dtr("midmod", "bob", "-a", "-", input="{}"))
    assert len(list((home / "bob").glob("*.md"))) == 2
    # dtr mentee add starts one too; a kick-off then finds them.
    ok(dtr("mentee", "add", "Carol Diaz"))
    ok(dtr("kickoff", "carol", "-a", "-", input=ANSWERS))
    assert len(list((home / "carol-diaz").glob("*.md"))) == 1


def test_an_unknown_name_close_to_a_mentee_says_who(dtr, people: Path):
    one_line_error(dtr("history", "alice-smyth"), "Did you mean alice-smith?")
    one_line_error(dtr("midmod", "alice-smyth", "-a", "-"), "Did you mean alice-smith?")


def test_adding_a_name_that_finds_someone_else_asks_first(dtr, people: Path):
    before = everything(people)
    one_line_error(dtr("mentee", "add", "alice"), "'alice' already finds Alice Smith")
    assert everything(people) == before
    # A name of its own is added; a folder of notes without a profile gets one.
    ok(dtr("mentee", "add", "Alice Jones"))
    ok(dtr("mentee", "add", "bo", "--program", "FE"))
    assert (people / "bo" / "mentee.yaml").is_file()
    one_line_error(dtr("mentee", "add", "Alice Smith"), "already has a profile")


def test_completion_still_offers_each_mentee(dtr, people: Path):
    from dtrcli.notebook import names

    assert [offer for offer, _ in names.offers("ali")] == ["alice-smith"]
    assert [offer for offer, _ in names.offers("Ali")] == ["Alice Smith"]
    assert [offer for offer, _ in names.offers("jose")] == ["jose\u0301-nu\u0301n\u0303ez"]


def test_the_same_letters_win_over_the_start_of_another_name(dtr, home: Path):
    ok(dtr("kickoff", "Ann Marie", "--new", "-a", "-", input=ANSWERS))
    ok(dtr("kickoff", "Ann Mariette", "--new", "-a", "-", input=ANSWERS))
    assert "Ann Marie " in ok(dtr("history", "ANNMARIE")).stdout
    one_line_error(dtr("history", "ann-mari"), "could be 2 mentees")


def test_restore_completes_the_archived_mentees(dtr, people: Path):
    from dtrcli.cli.options import complete_archived

    ok(dtr("mentee", "archive", "jose"))
    assert complete_archived("jos") == [("josé-núñez", None)]
    assert complete_archived("bo") == []


def test_adding_a_name_that_finds_someone_else_asks_at_a_terminal(dtr, keys, people):  # noqa: F811
    keys("n")
    assert one_line_error(dtr("mentee", "add", "alice"), "Nothing was added")
    assert not (people / "alice").exists()


def test_adding_a_name_that_finds_someone_else_is_done_when_the_mentor_says_yes(
    dtr,
    keys,  # noqa: F811
    people: Path,
):
    keys("y")
    ok(dtr("mentee", "add", "alice"))
    assert (people / "alice" / "mentee.yaml").is_file()
    assert "Alice Smith" in ok(dtr("history", "alice-smith")).stdout


def test_new_starts_the_name_given_and_looks_for_no_one_else(dtr, people: Path):
    ok(dtr("kickoff", "Al", "--new", "-a", "-", input=ANSWERS))  # not Alice Smith
    assert len(list((people / "al").glob("*.md"))) == 1
    assert len(list((people / "alice-smith").glob("*.md"))) == 1
    ok(dtr("kickoff", "al", "--new", "-a", "-", input=ANSWERS))  # the folder's own: held again
    assert len(list((people / "al").glob("*.md"))) == 2


@pytest.mark.parametrize(
    "args",
    [
        ("history", ""),
        ("followups", " "),
        ("search", "joins", "--mentee", ""),
        ("followups", "", "--due"),
        ("show", ""),
        ("kickoff", "", "--new"),
    ],
)
def test_an_empty_name_is_no_name_never_every_mentee(dtr, home, args):
    result = dtr(*args)
    one_line_error(result, "The mentee name is empty")
    assert result.stdout == ""


def test_a_name_pasted_by_mistake_is_quoted_short(dtr, home):
    """A whole paragraph given as NAME (or as a note's date) is quoted by its start: the
    sentence stays one line that can be read."""
    long = "a" * 5000
    for args in (("history", long), ("mentee", "show", long), ("history", "b" * 100)):
        said = one_line_error(dtr(*args))
        assert len(said) < 300, said
        assert "…" in said
    ok(dtr("mentee", "add", "alice"))
    ok(dtr("note", "alice", "-m", "hi"))
    said = one_line_error(dtr("show", "alice", "k" * 5000), "is not a date")
    assert len(said) < 300, said
