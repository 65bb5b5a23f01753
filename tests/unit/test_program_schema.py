"""The bundle schema: strict at every level, versioned, and documented as it is checked."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from dtrcli.program import schema
from dtrcli.program.schema import BundleError, validate

DOCS = Path(__file__).resolve().parents[2] / "docs" / "program.md"


def bundle() -> dict[str, Any]:
    return {
        "dtr_bundle": 1,
        "made": "2026-11-25T17:02:11+00:00",
        "as_of": "2026-11-25",
        "mentor": "Sam",
        "mentor_id": "mentor-3c1fbd0e",
        "pseudonyms": False,
        "outcome_shared": False,
        "mentees": [
            {
                "mentee": "Ann",
                "program": "BE",
                "module": "2",
                "start": "2026-11-03",
                "end": "2026-12-14",
                "conversations": [
                    {"date": "2026-11-03", "kind": "kickoff", "answers": {"channel": "Slack"}}
                ],
                "schedule": [
                    {"kind": "kickoff", "from": "2026-11-03", "to": "2026-11-09", "held": None}
                ],
                "checkins": [{"date": "2026-11-11", "met": True, "minutes": 45}],
                "baseline": {"met": None, "weeks_judged": 0, "weeks_met": 0},
                "followups": {"open": 1, "done": 0, "dropped": 0, "carried": 0},
                "ratings": [{"date": "2026-11-03", "kind": "midmod", "value": 4}],
                "continues": None,
            }
        ],
    }


def test_a_whole_bundle_is_read():
    read = validate(bundle())
    assert (read.mentor, read.as_of.isoformat(), read.mentees[0].schedule[0].last.day) == (
        "Sam",
        "2026-11-25",
        9,
    )
    assert read.mentees[0].conversations[0].answers == {"channel": "Slack"}


# Where an extra key can be put, one per kind of object.
PLACES = [
    ("bundle", lambda b: b),
    ("mentee", lambda b: b["mentees"][0]),
    ("conversation", lambda b: b["mentees"][0]["conversations"][0]),
    ("scheduled", lambda b: b["mentees"][0]["schedule"][0]),
    ("checkin", lambda b: b["mentees"][0]["checkins"][0]),
    ("baseline", lambda b: b["mentees"][0]["baseline"]),
    ("followups", lambda b: b["mentees"][0]["followups"]),
    ("rating", lambda b: b["mentees"][0]["ratings"][0]),
]


def test_every_kind_of_object_is_tried():
    assert {kind for kind, _ in PLACES} == set(schema.KINDS) == set(schema.DOCS)


@pytest.mark.parametrize(("kind", "where"), PLACES, ids=[k for k, _ in PLACES])
def test_a_key_the_schema_does_not_list_is_refused_everywhere(kind, where):
    data = bundle()
    where(data)["private"] = "the mentor's own words"
    with pytest.raises(BundleError, match="private is not a field a bundle may hold"):
        validate(data)


@pytest.mark.parametrize(("kind", "where"), PLACES, ids=[k for k, _ in PLACES])
def test_a_missing_key_is_refused_everywhere(kind, where):
    data = bundle()
    target = where(data)
    target.pop(list(target)[-1])
    with pytest.raises(BundleError, match="is missing"):
        validate(data)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda b: b.update(dtr_bundle=2), "of bundle schema 2, newer than this dtr reads (1)"),
        (lambda b: b.update(dtr_bundle="1"), "schema version dtr does not know"),
        (lambda b: b.update(dtr_bundle=0), "schema version dtr does not know"),
        (lambda b: b.update(made="2026-11-25T17:02:11"), "made is not a time"),
        (lambda b: b.update(dtr_bundle=True), "schema version dtr does not know"),
        (lambda b: b.update(made="yesterday"), "made is not a time"),
        (lambda b: b.update(as_of="2026-02-30"), "as_of is not a date"),
        (lambda b: b.update(mentor_id="../other"), "mentor_id is not an id"),
        (lambda b: b.update(mentees={}), "mentees is not a list"),
        (lambda b: b["mentees"][0].update(start=20261103), "start is not a date"),
        (lambda b: b["mentees"][0]["checkins"][0].update(minutes=-5), "minutes is not a count"),
        (lambda b: b["mentees"][0]["checkins"][0].update(minutes=True), "minutes is not a count"),
        (lambda b: b["mentees"][0]["followups"].update(open="1"), "open is not a count"),
        (
            lambda b: b["mentees"][0]["conversations"][0]["answers"].update(x={"a": 1}),
            "answers holds an answer that is not text",
        ),
        (lambda b: b["mentees"][0].update(outcome="advancing"), "no outcome is shared"),
        (lambda b: b["mentees"].append("Ann"), "mentees[1] is not an object"),
    ],
)
def test_wrong_values_are_named_with_their_place(change, said):
    data = bundle()
    change(data)
    with pytest.raises(BundleError, match=re.escape(said)):
        validate(data)


def test_not_a_bundle():
    for data in ([1, 2], {"mentees": []}, "text", None):
        with pytest.raises(BundleError, match="is not a dtr bundle"):
            validate(data)


def test_the_outcome_only_where_it_is_shared():
    data = bundle()
    data["outcome_shared"] = True
    data["mentees"][0]["outcome"] = "repeating"
    assert validate(copy.deepcopy(data)).mentees[0].outcome == "repeating"
    data["mentees"][0]["outcome"] = "Repeating this module"
    with pytest.raises(BundleError, match="not advancing, repeating or null"):
        validate(data)


def test_an_answer_the_template_keeps_private_is_refused():
    data = bundle()
    data["mentees"][0]["conversations"][0]["answers"]["mentor_notes"] = "mine"
    validate(copy.deepcopy(data))  # no templates known: an answer like any other
    with pytest.raises(BundleError, match=r"answers\.mentor_notes is a private answer"):
        validate(data, {"kickoff": {"mentor_notes"}})


def test_the_docs_list_every_key_as_it_is_checked():
    text = DOCS.read_text(encoding="utf-8")
    assert f"## The bundle schema, version {schema.VERSION}" in text
    for kind in schema.KINDS:
        assert list(schema.DOCS[kind]) == schema.json_keys(kind), kind
        section = text.split(f"### `{kind}`\n", 1)[1].split("\n### ", 1)[0]
        rows = re.findall(r"^\| `([^`]+)` \| (yes|no) \| (.+) \|$", section, re.M)
        assert rows == [
            (key, "no" if (kind, key) in schema.OPTIONAL else "yes", what)
            for key, what in schema.DOCS[kind].items()
        ], kind


def test_only_the_outcome_may_be_left_out():
    assert {("mentee", "outcome")} == schema.OPTIONAL
    data = bundle()
    assert "outcome" not in data["mentees"][0]
    validate(data)
