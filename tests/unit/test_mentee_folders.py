"""The names of a data home's folders checked all at once (nearly every home: each is a
plain slug) say no more than each name's own check says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dtrcli.notebook import paths

NAME = st.text(alphabet="abcz09-_ AÉé.²ßﬁ", min_size=1, max_size=14)  # "/" is in no file name
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@given(st.lists(NAME | SLUG, max_size=6))
@settings(max_examples=400)
def test_names_taken_at_once_are_each_a_mentee_folder(names: list[str]) -> None:
    if paths._all_slugs(names):
        assert all(paths._is_slug(name) for name in names)


@given(st.lists(SLUG, min_size=1, max_size=6))
def test_names_as_dtr_makes_them_are_taken_at_once(names: list[str]) -> None:
    assert paths._all_slugs(names)
    assert not paths._all_slugs([*names, "a" * 121])  # too long: each name is asked
    assert not paths._all_slugs([*names, "-a"]) and not paths._all_slugs(["a-", *names])
    assert not paths._all_slugs([*names, "a--b"]) and not paths._all_slugs([*names, "Ab"])
