"""The privacy rules on single lines: what a line reads as, and which lines are marks."""

from __future__ import annotations

import pytest

from dtrcli.exports.privacy import hidden_lines, mentor_only, plain


@pytest.mark.parametrize(
    ("line", "reads"),
    [
        ("Men\u200btor\u00ad only", "mentor only"),  # zero-width space, soft hyphen
        ("\ufeff\u202aMentor\u2060only\u202c", "mentoronly"),  # BOM, bidi, word joiner
        ("\u2066M\u034fentor\u2069", "mentor"),  # isolates, combining grapheme joiner
        ("Mentor\u2011only\u2014x\u2212y", "mentor-only-x-y"),  # typographic dashes
        ("a\uff1ab\ufe55c\ua789d\u2236e\u02d0", "a:b:c:d:e:"),  # colons of every kind
        ("\uff2d\uff45\uff4e\uff54\uff4f\uff52", "mentor"),  # full-width letters
        ("\U0001d40c\u24c2", "mm"),  # styled and circled letters
        ("\u1d0d\u1d07\u0274\u1d1b\u1d0f\u0280", "mentor"),  # small capitals
        ("\u041c\u0435ntor \u043enly", "mentor only"),  # Cyrillic look-alikes
        ("Me\u0301ntor\u00a0\u3000only", "mentor  only"),  # accents, wide spaces
        ("Mentor&nbsp;only", "mentor only"),  # an HTML entity
    ],
)
def test_a_line_made_plain(line, reads):
    assert plain(line) == reads


@pytest.mark.parametrize(
    "line",
    [
        "- [x] Mentor only: done",
        "  * [>] mentor-only carried",
        "(a) Mentor only: x",
        "iv. Mentor only",
        "\u2611 Mentor only",
        "\U0001f512 MENTOR ONLY",
        ":lock: mentor only",
        "### Mentor only",
        "| Ann | Mentor only | x |",
        "#mentoronly ask about the visa",
        "Ask about the visa #mentoronly",
        "<span>Mentor</span> only: x",
        "<mentor only> x",
        "Mentor's only: x",
        "M e n t o r  o n l y: x",
        "rnentor only: x",
        "Ment0r 0nly: x",
        "Mentor onIy: x",
        "\u02bbMentor only\u02bc x",  # modifier letters as quotes
    ],
)
def test_more_ways_of_writing_it(line):
    assert mentor_only(line), line


@pytest.mark.parametrize(
    "line",
    [
        "Mentors: only Alice can merge to main.",
        "Mentor: only on Tuesdays",
        "Mentorship only works with trust.",
        "Mentor onlyfans",
        "Tormentor only: the bug",
        "The mentor only asks questions.",
        "Ask your mentor only if you are stuck: it helps.",
        "Bring questions to your mentor only.",
        "We planned a mentor-only meeting for the team.",
        "Mentor on Lyft rides",
        "",
    ],
)
def test_what_is_not_a_mark(line):
    assert not mentor_only(line), line


def test_what_goes_with_a_hidden_line():
    raw = "\n".join(
        [
            "- shared",  # 0
            "- Mentor only: x",  # 1
            "  continued",  # 2
            "    - under it",  # 3
            "",  # 4 (blank lines are kept)
            "    still under it",  # 5
            "- shared again",  # 6
            "\u2022 Mentor\u2011only: y",  # 7
            "\u2022 a new item",  # 8
            "#### Mentor only",  # 9
            "text",  # 10
            "##### deeper",  # 11
            "### Next",  # 12
            "Mentor only",  # 13
            "---",  # 14: makes it a heading
            "",  # 15
            "under it",  # 16
            "## Plan",  # 17
            "| a | b |",  # 18
            "|---|---|",  # 19
            "| Mentor only | z |",  # 20
            "| c | d |",  # 21
            "| Mentor only | head |",  # 22: a header row hides its table
            "|---|---|",  # 23
            "| e | f |",  # 24
            "after the table",  # 25
        ]
    )
    hidden = [n for n, hide in enumerate(hidden_lines(raw)) if hide]
    assert hidden == [1, 2, 3, 5, 7, 9, 10, 11, 13, 14, 15, 16, 20, 22, 23, 24]
