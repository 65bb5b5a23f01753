"""YAML that a hostile or broken file holds: every reader refuses it with the line it is
at, the same with libyaml and with PyYAML's pure-Python reader (which a PyYAML built
without libyaml uses)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from dtrcli.notebook import yamlio
from dtrcli.notebook.yamlio import YamlProblem

KINDS = ("plain", "text-dates", "strings")


@pytest.fixture(params=["libyaml", "python"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test twice: with PyYAML's C loader and with its pure-Python one."""
    import yaml

    if request.param == "libyaml" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML is built without libyaml")
    if request.param == "python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    yamlio._loader.cache_clear()
    assert issubclass(yamlio._loader("plain"), yaml.SafeLoader) == (request.param == "python")
    yield request.param
    yamlio._loader.cache_clear()


def refused(text: str, kind: str = "plain") -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        yamlio.load(text, kind)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("id: a\ntitle: T\nid: b\n", 3, "id"),
        ("sections:\n  - title: S\n    questions:\n      - id: a\n        id: b\n", 5, "id"),
        ("{channel: Slack, meeting_time: Tue, channel: Zoom}\n", 1, "channel"),
        ('{"channel": "Slack",\n "channel": "Zoom"}\n', 2, "channel"),  # JSON too
    ],
    ids=["top", "nested", "flow", "json"],
)
def test_a_key_given_twice_is_refused_at_its_second_line(
    reader: str, kind: str, text: str, line: int, key: str
) -> None:
    problem = refused(text, kind)
    assert (problem.own, problem.line, problem.problem) == (
        True,
        line,
        f"the key '{key}' is given twice",
    )


def test_keys_that_are_the_same_text_are_the_same_key_in_an_answers_file(reader: str) -> None:
    assert refused("1: a\n'1': b\n", "strings").line == 2


def test_a_merge_may_be_overridden_by_the_mapping_own_keys(reader: str) -> None:
    text = "base: &b {prompt: P, help: H}\nq: {<<: *b, prompt: Q}\n"
    assert yamlio.load(text) == {
        "base": {"prompt": "P", "help": "H"},
        "q": {"prompt": "Q", "help": "H"},
    }


@pytest.mark.parametrize("kind", KINDS)
def test_fifty_thousand_nested_lists_are_refused_at_their_line(reader: str, kind: str) -> None:
    depth_before = sys.getrecursionlimit()
    problem = refused("channel: Slack\nfollowups: " + "[" * 50_000 + "]" * 50_000 + "\n", kind)
    assert (problem.own, problem.line) == (True, 2)
    assert problem.problem == "lists and mappings are nested more than 100 deep"
    assert sys.getrecursionlimit() == depth_before


def test_deep_block_nesting_is_refused_at_the_first_line_too_deep(reader: str) -> None:
    """libyaml stops at 1,000 levels by itself; dtr names line 101, where 100 is passed."""
    text = "".join(" " * i + "-\n" for i in range(3000))
    assert refused(text).line == 101


def test_a_hundred_levels_are_still_read(reader: str) -> None:
    value, levels = yamlio.load("a: " + "[" * 99 + "]" * 99)["a"], 0  # and the mapping: 100
    while isinstance(value, list):
        value, levels = (value[0] if value else None), levels + 1
    assert levels == 99
    assert refused("a: " + "[" * 100 + "]" * 100).line == 1


@pytest.mark.parametrize("kind", ["plain", "text-dates"])
@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 5000, "-" + "1" * 101])
def test_a_number_of_thousands_of_digits_is_refused(reader: str, kind: str, number: str) -> None:
    problem = refused(f"title: T\nversion: {number}\n", kind)
    assert (problem.own, problem.line) == (True, 2)
    assert problem.problem.startswith("'version' holds a number of ")
    assert "more than dtr reads (100 digits at most)" in problem.problem


def test_a_long_number_in_an_answers_file_stays_text_unless_tagged(reader: str) -> None:
    assert yamlio.load("module_rating: " + "9" * 5000, "strings") == {"module_rating": "9" * 5000}
    assert refused("module_rating: !!int " + "9" * 5000, "strings").line == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("escape", ["\\q", "\\xZZ", "\\U99999999", "\\ud800", "\\UDFFF0000"])
def test_an_escape_yaml_lacks_is_refused_at_its_line(reader: str, kind: str, escape: str) -> None:
    problem = refused(f'id: x\ntitle: "bad {escape} escape"\n', kind)
    assert problem.line == 2, problem.problem


def test_aliases_that_repeat_values_a_billion_times_are_refused(reader: str) -> None:
    text = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    for name in "bcdefghi":
        before = chr(ord(name) - 1)
        text += f"{name}: &{name} [{', '.join(['*' + before] * 10)}]\n"
    problem = refused(text)
    assert problem.own
    assert problem.line == 6  # f: the first list that repeats more than a million values
    assert "more than 1,000,000" in problem.problem


def test_an_alias_inside_what_it_repeats_is_refused(reader: str) -> None:
    problem = refused("x: 1\nchoices: &c [a, *c]\n")
    assert (problem.own, problem.line) == (True, 2)


def test_an_alias_used_a_few_times_is_fine(reader: str) -> None:
    text = "scale: &s [never, sometimes, often]\na: *s\nb: *s\n"
    assert yamlio.load(text, "strings")["b"] == ["never", "sometimes", "often"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_nul_byte_is_refused_at_its_line(reader: str, kind: str) -> None:
    problem = refused("id: x\ntitle: T\nhelp: \x00\x01\x02\n", kind)
    assert (problem.own, problem.line) == (True, 3)
    assert "U+0000" in problem.problem


def test_a_nul_byte_after_other_scripts_is_at_its_own_line(reader: str) -> None:
    """libyaml counts bytes: two-byte letters before the NUL must not move it down."""
    text = "title: " + "é" * 50 + "\nhelp: \x00\n" + "a: 1\n" * 60
    assert refused(text).line == 2


def test_an_impossible_date_names_its_key_and_line(reader: str) -> None:
    problem = refused("template: kickoff\ndate: 2026-02-30\n")
    assert problem.said("note.md", offset=1) == (
        "note.md: line 3: 'date' holds 2026-02-30, which is not a day of the calendar."
    )


@pytest.mark.parametrize("value", ["!!bool maybe", "!!int twelve", "!!float x", "!!timestamp soon"])
def test_an_explicit_tag_that_does_not_fit_names_its_line(reader: str, value: str) -> None:
    problem = refused(f"a: 1\nb: {value}\n", "text-dates")
    assert (problem.own, problem.line) == (True, 2)
    assert problem.problem.startswith("'b' holds ")


@pytest.mark.parametrize("kind", KINDS)
def test_a_byte_order_mark_and_windows_line_ends_are_read(reader: str, kind: str) -> None:
    data = yamlio.load("\ufeffid: x\r\ntitle: T\r\ntags: [a]\r\n", kind)  # type: ignore[arg-type]
    assert data["id"] == "x" and data["title"] == "T" and data["tags"] == ["a"]
