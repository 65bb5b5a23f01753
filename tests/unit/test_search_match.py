"""Where a search match falls in the original line, whatever casefolding does to its length."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtrcli.search import find_folded, snippet


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


def _hit(line: str, word: str):
    from dtrcli.search import Hit

    start, end = find_folded(line, word.casefold())
    return Hit(note=None, question="Q", qid="q", line=line, start=start, end=end)  # type: ignore[arg-type]


def test_a_snippet_is_cut_between_words_around_the_match():
    words = " ".join(f"word{i}" for i in range(40))
    line = f"{words} the SQL joins {words}"
    cut, start, end = snippet(_hit(line, "sql"), 60)
    assert cut[start:end] == "SQL"
    assert len(cut) <= 60
    assert cut.startswith("...word") and cut.endswith("...")
    inner = cut.removeprefix("...").removesuffix("...")
    assert all(w.startswith("word") or w in ("the", "SQL", "joins") for w in inner.split())


def test_a_line_that_fits_is_not_cut():
    line = "- [ ] Mentor only: ask in week 3 whether she would like to lead a SQL study session"
    assert snippet(_hit(line, "sql"), 100)[0] == line


@given(st.text(min_size=1, max_size=300), st.integers(0, 299), st.integers(20, 120))
def test_the_match_is_always_inside_the_snippet(line, at, width):
    at = at % len(line)
    word = line[at : at + 5]
    if not word.strip():
        return
    start, end = find_folded(line, word.casefold())
    hit = _hit(line, word)
    cut, s, e = snippet(hit, width)
    assert cut[s:e] == line[start:end]


QUESTIONS = st.lists(
    st.tuples(
        st.text().map(lambda t: t.replace("\n", " ")),
        st.text(min_size=1).map(lambda t: t.replace("\n", " ")),
        st.lists(st.text().map(lambda t: t.replace("\n", " "))),
    )
)


@given(QUESTIONS)
def test_the_index_s_lines_read_back_as_written(questions):
    from dtrcli.notebook.indextext import decode_lines, encode_lines

    assert decode_lines(encode_lines(questions)) == questions


@pytest.mark.parametrize(
    "stored",
    ["q", "q\nHeading", "q\nHeading\n2\none", "\nHeading\n0", "q\nHeading\nx", "q\nHeading\n²\nx"],
)
def test_lines_the_index_cannot_have_written_are_not_read(stored):
    from dtrcli.notebook.indextext import decode_lines

    assert decode_lines(stored) is None


@given(QUESTIONS, st.text(min_size=1))
def test_hits_are_each_line_or_heading_that_holds_the_words(questions, words):
    from dtrcli.notebook.notes import Note
    from dtrcli.search import _hits_of

    needle = words.casefold()
    hits: list = []
    _hits_of(Note(path=Path("a/b.md"), meta={}), questions, needle, hits)
    want = []
    answered = set()  # a question's heading is a hit only when no answer of its id is
    for heading, qid, lines in questions:
        held = [line for line in lines if needle in line.casefold()]
        want += [(heading, line) for line in held]
        answered |= {qid} if held else set()
        if qid not in answered and needle in heading.casefold():
            want.append((heading, heading))
            answered.add(qid)
    assert [(h.question, h.line) for h in hits] == want


WORDS = st.sampled_from(["a", "ss", "ß", "İ", "i̇", "σ", "ab a", "b\na", "\nb", "\n", "1", "q"])
FEW = st.text(alphabet="aAbBßSsİiσΣς 1q\n", max_size=8)  # letters whose folds differ in length
TEXT = FEW.map(lambda t: t.replace("\n", " "))


@given(
    st.lists(
        st.tuples(TEXT, st.sampled_from(["q", "r", "1"]), st.lists(TEXT, max_size=4)),
        max_size=5,
    ),
    WORDS | FEW.filter(bool),
)
def test_hits_from_the_index_s_text_are_those_of_its_questions(questions, words):
    """Search makes the hits of a note the index holds from its stored text at once: the
    same hits, in the same order, as from its questions one by one (questions of the same
    id, letters that fold longer, the words in an id, a count or across two lines)."""
    from dtrcli.notebook.indextext import encode_lines
    from dtrcli.search import _hits_of, _stored_hits

    needle = words.casefold()
    note = object()
    want: list = []
    _hits_of(note, questions, needle, want)  # type: ignore[arg-type]
    got: list = []
    assert _stored_hits(note, encode_lines(questions), needle, got)  # type: ignore[arg-type]
    assert [(h.question, h.qid, h.line, h.start, h.end) for h in got] == [
        (h.question, h.qid, h.line, h.start, h.end) for h in want
    ]


@pytest.mark.parametrize("stored", ["q", "q\nHeading\n2\none", "\nHeading\n0", "q\nH\n²\nx"])
def test_no_hit_is_made_from_text_the_index_cannot_have_written(stored):
    from dtrcli.search import _stored_hits

    hits: list = []
    assert not _stored_hits(object(), stored, "h", hits)  # type: ignore[arg-type]
    assert hits == []
