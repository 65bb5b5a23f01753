"""Where a search match falls in the original line, whatever casefolding does to its length."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dtrcli.review import find_folded


def test_a_match_after_a_letter_that_folds_longer():
    line = "Straße und DATENBANKEN"
    start, end = find_folded(line, "datenbanken")
    assert line[start:end] == "DATENBANKEN"


def test_a_match_on_the_folding_letter_itself():
    line = "Die Straße"
    start, end = find_folded(line, "strasse")
    assert line[start:end] == "Straße"


def test_no_match():
    assert find_folded("Flexbox", "grid") is None


@given(st.text(), st.text(min_size=1), st.text())
def test_the_span_covers_the_needle(before, middle, after):
    line = before + middle + after
    needle = middle.casefold()
    span = find_folded(line, needle)
    assert span is not None
    start, end = span
    assert needle in line[start:end].casefold()
