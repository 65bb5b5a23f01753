"""The merge rules of sync: key by key, item by item, second names; the commit words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dtrcli.module.profiles import ProfileError, merge_stored
from dtrcli.notebook.gitrepo import Change
from dtrcli.notebook.merging import (
    GONE,
    Conflict,
    describe,
    free_name,
    is_mapping,
    merge_items,
    merge_keys,
)


@pytest.mark.parametrize(
    ("base", "ours", "theirs", "merged"),
    [
        ({"a": 1}, {"a": 2}, {"a": 1}, {"a": 2}),  # changed here
        ({"a": 1}, {"a": 1}, {"a": 3}, {"a": 3}),  # changed there
        ({"a": 1}, {"a": 2}, {"a": 2}, {"a": 2}),  # the same change on both
        ({"a": 1, "b": 1}, {"a": 2, "b": 1}, {"a": 1, "b": 3}, {"a": 2, "b": 3}),  # apart
        ({"a": 1}, {}, {"a": 1}, {}),  # removed here
        ({}, {"a": 1}, {"b": 2}, {"b": 2, "a": 1}),  # added on each side
        (
            {"m": {"x": 1, "y": 1}},
            {"m": {"x": 2, "y": 1}},
            {"m": {"x": 1, "y": 2}},
            {"m": {"x": 2, "y": 2}},
        ),
    ],
)
def test_keys_changed_on_one_side_take_that_change(base, ours, theirs, merged):
    assert merge_keys(base, ours, theirs) == (merged, [])


def test_a_key_changed_on_both_keeps_theirs_and_returns_both():
    merged, conflicts = merge_keys({"a": 1, "b": 0}, {"a": 2, "b": 0}, {"a": 3, "b": 0})
    assert merged == {"a": 3, "b": 0}
    assert conflicts == [Conflict("a", 2, 3)]


@pytest.mark.parametrize(("ours", "theirs"), [({}, {"a": 3}), ({"a": 3}, {})])
def test_a_key_removed_on_one_side_and_changed_on_the_other_stays_changed(ours, theirs):
    merged, conflicts = merge_keys({"a": 1}, ours, theirs)
    assert merged == {"a": 3}
    assert [(c.ours is GONE, c.theirs is GONE) for c in conflicts] == [
        ("a" not in ours, "a" not in theirs)
    ]


def test_lists_merge_item_by_item():
    base = [{"date": "2026-12-01", "label": "Demo"}, {"date": "2026-12-08", "label": "Old"}]
    ours = [*base, {"date": "2026-12-15", "label": "Mine"}]
    theirs = [base[0], {"date": "2026-12-10", "label": "Theirs"}]  # removed Old, added one
    assert merge_items(base, ours, theirs) == [
        base[0],
        {"date": "2026-12-10", "label": "Theirs"},
        {"date": "2026-12-15", "label": "Mine"},
    ]


def test_second_names_follow_the_second_note_of_a_day(tmp_path: Path):
    taken = {"alice/2026-11-03-kickoff.md"}
    assert (
        free_name("alice/2026-11-03-kickoff.md", taken, tmp_path) == "alice/2026-11-03-kickoff-2.md"
    )
    taken.add("alice/2026-11-03-kickoff-2.md")
    assert (
        free_name("alice/2026-11-03-kickoff.md", taken, tmp_path) == "alice/2026-11-03-kickoff-3.md"
    )
    # the second note itself, changed on both: the next number, not -2-2
    assert (
        free_name("alice/2026-11-03-kickoff-2.md", taken, tmp_path)
        == "alice/2026-11-03-kickoff-3.md"
    )
    # a name that ends in a number of its own keeps it
    assert (
        free_name("alice/2026-11-03-week-3.md", set(), tmp_path) == "alice/2026-11-03-week-3-2.md"
    )
    # a file in the notes folder that is not in the merge is not taken over
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "2026-11-03-kickoff-3.md").write_text("new here", encoding="utf-8")
    assert (
        free_name("alice/2026-11-03-kickoff.md", taken, tmp_path) == "alice/2026-11-03-kickoff-4.md"
    )
    assert free_name("alice/mentee.yaml", set(), tmp_path) == "alice/mentee-2.yaml"
    assert free_name("README", set(), tmp_path) == "README-2"


@pytest.mark.parametrize(
    ("path", "mapping"),
    [
        ("alice/mentee.yaml", True),
        (".programs/be-2.yaml", True),
        ("mentee.yaml", False),
        ("alice/2026-11-03-kickoff.md", False),
        (".programs/notes.md", False),
        (".hidden/mentee.yaml", False),
        ("alice/old/mentee.yaml", False),
    ],
)
def test_which_files_merge_key_by_key(path, mapping):
    assert is_mapping(path) is mapping


def _change(status: str, path: str) -> Change:
    return Change(status, path, "100644", "100644", None, None)


def test_commit_subjects_say_what_changed_by_mentee():
    changes = [
        _change("A", "alice/2026-11-03-kickoff.md"),
        _change("A", "alice/2026-11-20-midmod.md"),
        _change("M", "alice/mentee.yaml"),
        _change("D", "bob/2026-10-01-exit.md"),
        _change("M", ".programs/be-2.yaml"),
    ]
    assert describe(changes[:3]) == "alice: 2 new notes, profile changed"
    assert describe(changes[3:]) == "bob: 1 note removed; .programs: be-2.yaml changed"
    many = [_change("A", f"mentee-{n}/2026-11-03-kickoff.md") for n in range(9)]
    assert describe(many) == "9 changes in 9 folders (9 notes)"


def _yaml(data: dict) -> bytes:
    return yaml.safe_dump(data, sort_keys=False).encode()


def test_a_profile_merges_key_by_key_and_keeps_both_values_of_a_true_conflict():
    base = {"name": "Alice", "meets": "Mon 10:00", "dates": [{"date": "2026-12-01", "label": "A"}]}
    ours = {**base, "meets": "Wed 17:00", "channel": "Slack"}
    theirs = {
        **base,
        "meets": "Tue 18:00",
        "start": dt.date(2026, 11, 2),
        "dates": [*base["dates"], {"date": "2026-11-20", "label": "B"}],
    }
    data, told = merge_stored("alice/mentee.yaml", _yaml(base), _yaml(ours), _yaml(theirs))
    merged = yaml.safe_load(data)
    assert merged["meets"] == "Tue 18:00"
    assert merged["conflicts"] == {"meets": ["Wed 17:00"]}
    assert merged["channel"] == "Slack" and merged["start"] == dt.date(2026, 11, 2)
    assert [d["label"] for d in merged["dates"]] == ["B", "A"]  # sorted by date
    assert list(merged)[:3] == ["name", "start", "meets"]  # the order dtr writes
    assert len(told) == 1 and "meets was changed on both machines" in told[0]


def test_a_profile_that_is_not_yaml_cannot_be_merged_key_by_key():
    with pytest.raises(ProfileError):
        merge_stored("alice/mentee.yaml", None, b"name: [unclosed\n", b"name: Alice\n")
    with pytest.raises(ProfileError):
        merge_stored("alice/mentee.yaml", None, b"- a list\n", b"name: Alice\n")
