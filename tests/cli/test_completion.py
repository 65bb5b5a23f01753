"""Tab completion: what is offered for what was typed.

A shell keeps only the offers that begin with what was typed (fish: the ones
that come closest), so the tests check how each offer is spelt as well as where
it leads.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dtrcli.cli import app
from dtrcli.notebook import names
from tests.support.cli import ok

ANSWERS = str(Path(__file__).parents[1] / "data" / "kickoff-answers.yaml")
ZOE, ALICE = "Zoë Ann O'Neil", "Alice Smith"


@pytest.fixture
def mentees(dtr: Callable[..., Result], home: Path) -> Path:
    """Zoë and Alice have profiles; alan only a note (so only his folder name is known)."""
    ok(dtr("mentee", "add", ZOE))
    ok(dtr("mentee", "add", ALICE))
    ok(dtr("kickoff", "alan", "-a", ANSWERS))
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
    path = Path(ok(dtr("kickoff", offer, "-a", ANSWERS)).stdout.strip())
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
