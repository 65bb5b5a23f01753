"""Private stays private, however it is written.

Every copy meant for someone else (``share`` in Markdown and Slack, ``export
--no-private`` as JSON and Markdown, ``summary`` as a table and as JSON) leaves
out a "Mentor only" line however the mentor typed it, and what belongs to it;
the mentor's own views (``export``, ``followups``, ``summary --private``) keep
everything. Lines that merely mention mentors stay shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import SHARED_COPIES, ok, runner
from tests.support.homes import add_note, write_note

SECRET = "Xylophone42"  # the word on each hidden line: it must never be shared

BASE = {
    "meeting_time": "Tuesdays 18:00",
    "channel": "Slack",
    "focus_topic": "SQL joins",
    "module_concerns": "Moving house mid-module.",
    "mentor_notes": "The mentor's own words Quokka7",
    "followups": ["Ann shares her repo", "Sam sends the article"],
}

# How mentors write "Mentor only": (id, the text with {s} where the secret goes, whether
# it is one line that can also stand as a follow-up). One family after another.
SPELLINGS = [
    # typographic hyphens and dashes
    ("non-breaking-hyphen", "Mentor\u2011only: {s}", True),
    ("hyphen", "Mentor\u2010only: {s}", True),
    ("en-dash", "Mentor\u2013only {s}", True),
    ("em-dash-after", "Mentor only \u2014 {s}", True),
    ("minus-sign", "Mentor\u2212only: {s}", True),
    ("full-width-hyphen", "Mentor\uff0donly: {s}", True),
    # typographic colons
    ("full-width-colon", "Mentor only\uff1a {s}", True),
    ("small-colon", "Mentor only\ufe55 {s}", True),
    ("modifier-colon", "Mentor only\ua789 {s}", True),
    ("ratio", "Mentor only\u2236 {s}", True),
    ("triangular-colon", "Mentor only\u02d0 {s}", True),
    # zero-width and other invisible characters
    ("zero-width-space", "Men\u200btor only: {s}", True),
    ("byte-order-mark", "\ufeffMentor only: {s}", True),
    ("zero-width-joiner", "Mentor\u200d only: {s}", True),
    ("soft-hyphen", "Mentor\u00adonly: {s}", True),
    ("bidi-embedding", "\u202aMentor only:\u202c {s}", True),
    ("word-joiner", "Ment\u2060or only: {s}", True),
    ("bidi-isolate", "\u2066Mentor only\u2069: {s}", True),
    ("no-break-space", "Mentor\u00a0only: {s}", True),
    ("combining-joiner", "M\u034fentor only: {s}", True),
    # quote wrapping
    ("straight-quotes", '"Mentor only": {s}', True),
    ("curly-quotes", "\u201cMentor only\u201d: {s}", True),
    ("single-quotes", "'Mentor only' {s}", True),
    ("guillemets", "\u00abMentor only\u00bb {s}", True),
    ("low-quotes", "\u201eMentor only\u201c \u2013 {s}", True),
    ("blockquote", "> Mentor only: {s}", False),
    # code wrapping
    ("backticks", "`Mentor only`: {s}", True),
    ("double-backticks", "``Mentor only:`` {s}", True),
    ("code-in-task", "- [ ] `mentor-only` {s}", False),
    # bracket wrapping
    ("square-brackets", "[Mentor only] {s}", True),
    ("parentheses", "(Mentor only) {s}", True),
    ("braces", "{{Mentor only}} {s}", True),
    ("cjk-brackets", "\u3010Mentor only\u3011{s}", True),
    ("wiki-link", "[[Mentor only]] {s}", True),
    ("angle-brackets", "<Mentor only> {s}", False),
    # other punctuation after the words, or none
    ("full-stop", "Mentor only. {s}", True),
    ("semicolon", "Mentor only; {s}", True),
    ("exclamation", "Mentor only! {s}", True),
    ("ellipsis", "Mentor only\u2026 {s}", True),
    ("comma", "Mentor only, {s}", True),
    ("slash", "Mentor only / {s}", True),
    ("arrow", "Mentor only \u2192 {s}", True),
    ("nothing", "Mentor only {s}", True),
    # Unicode compatibility forms and look-alike letters
    (
        "full-width-letters",
        "\uff2d\uff45\uff4e\uff54\uff4f\uff52 \uff4f\uff4e\uff4c\uff59: {s}",
        True,
    ),
    (
        "bold-math-letters",
        "\U0001d40c\U0001d41e\U0001d427\U0001d42d\U0001d428\U0001d42b only: {s}",
        True,
    ),
    ("small-capitals", "\u1d0d\u1d07\u0274\u1d1b\u1d0f\u0280 \u1d0f\u0274\u029f\u028f: {s}", True),
    ("circled-letter", "\u24c2entor only: {s}", True),
    ("cyrillic-look-alikes", "\u041centor \u043enly: {s}", True),
    ("accent", "Me\u0301ntor only: {s}", True),
    # case and how the words are joined
    ("camel-case", "MentorOnly: {s}", True),
    ("underscore", "mentor_only: {s}", True),
    ("capitals", "MENTOR ONLY {s}", True),
    ("spaced-hyphen", "Mentor - only: {s}", True),
    ("plural", "Mentors only: {s}", True),
    # where it stands: markup around it, a heading, a table, a paragraph, mid-line
    ("bold", "**Mentor only:** {s}", True),
    ("underline-emphasis", "__Mentor only__: {s}", True),
    ("numbered", "1) Mentor only: {s}", False),
    ("html-bold", "<b>Mentor only</b>: {s}", True),
    ("html-entity", "Mentor&nbsp;only: {s}", True),
    ("slack-emoji", ":lock: Mentor only: {s}", True),
    ("heading", "#### Mentor only\n{s}\n\n##### More\n{s} again\n\n#### Plan", False),
    ("heading-with-colon", "#### Mentor only:\n- {s}\n\n### Plan", False),
    ("underlined-heading", "Mentor only\n---\n\n{s}\n\n## Plan", False),
    ("table-row", "| Who | What |\n|---|---|\n| Mentor only | {s} |\n| Ann | repo |", False),
    ("next-line", "Mentor only:\n{s}", False),
    ("label-mid-line", "Ann is doing well. Mentor only: {s}", True),
    ("en-dash-label-mid-line", "Ann is doing well. Mentor only \u2013 {s}", True),
    ("table-cell", "| Who | What |\n|---|---|\n| Ann | Mentor only | {s} |", False),
    ("in-brackets-mid-line", "Sam checks in (mentor only) {s}", True),
]

# Lines that stay shared: the words do not start the line as a mark.
SHARED = [
    "Mentors: only Alice can merge to main.",
    "Mentorship only works with trust.",
    "Mentoring only happens on Tuesdays.",
    "The mentor only asks questions.",
    "Only the mentor: Sam.",
    "Bring questions about grades to your mentor only.",
    "Mentor onboarding: Tuesday.",
    "We planned a mentor-only meeting for the team.",
]


def _note_with(home: Path, concerns: str, followup: str | None) -> Path:
    """A kick-off whose concerns answer (and follow-ups) hold ``concerns`` as typed by
    hand in an editor, between shared paragraphs."""
    path = write_note(home, "kickoff", "Ann", "2026-11-02", BASE)
    text = path.read_text(encoding="utf-8")
    answer = f"Moving house mid-module.\n\n{concerns}\n\nOtherwise fine."
    text = text.replace("Moving house mid-module.", answer)
    if followup is not None:
        text = text.replace(
            "- [ ] Ann shares her repo", f"- [ ] Ann shares her repo\n- [ ] {followup}"
        )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("spelling", "in_list"), [(t, f) for _, t, f in SPELLINGS], ids=[i for i, _, _ in SPELLINGS]
)
def test_mentor_only_is_left_out_of_every_shared_copy(dtr, home, spelling, in_list):
    line = spelling.format(s=SECRET)
    _note_with(home, line, line if in_list else None)
    # The mentor's own copies have it.
    assert SECRET in ok(dtr("export", "ann")).stdout
    assert SECRET in ok(dtr("summary", "ann", "--private")).stdout
    for args in SHARED_COPIES:
        out = ok(dtr(*args)).stdout
        assert SECRET not in out, (args, out)
        assert BASE["mentor_notes"] not in out, args
        # What was shared around it still is.
        assert "Moving house mid-module." in out and "Otherwise fine." in out, (args, out)
        if args[0] != "summary":
            assert "Sam sends the article" in out, args


def test_every_family_of_spellings_is_tried():
    assert len(SPELLINGS) >= 30
    assert len({i for i, _, _ in SPELLINGS}) == len(SPELLINGS)


@pytest.mark.parametrize("line", SHARED)
def test_lines_that_merely_mention_mentors_stay_shared(dtr, home, line):
    _note_with(home, line, line)
    for args in SHARED_COPIES:
        assert line in ok(dtr(*args)).stdout, args  # in the answer, or as a follow-up
    data = json.loads(ok(dtr("export", "ann", "--no-private")).stdout)[0]
    assert line in data["answers"]["followups"]
    assert line in [f["text"] for f in data["followups"]]


def test_what_is_under_a_mentor_only_item_goes_with_it(dtr, home):
    path = add_note(runner(dtr), "kickoff", "Ann", "2026-11-02", BASE)
    text = path.read_text(encoding="utf-8")
    nested = (
        "- [ ] Ann shares her repo\n"
        "- [ ] Mentor\u2011only: ask the instructor\n"
        f"    more about {SECRET}\n"
        f"  - [ ] a sub-task {SECRET}\n"
        "\u2022 Sam books the room"
    )
    path.write_text(text.replace("- [ ] Ann shares her repo", nested), encoding="utf-8")
    for args in SHARED_COPIES:
        out = ok(dtr(*args)).stdout
        assert SECRET not in out and "instructor" not in out, (args, out)
    data = json.loads(ok(dtr("export", "ann", "--no-private")).stdout)[0]
    assert data["answers"]["followups"] == [
        "Ann shares her repo",
        "\u2022 Sam books the room",
        "Sam sends the article",
    ]
    assert [f["text"] for f in data["followups"]] == [
        "Ann shares her repo",
        "Sam sends the article",
    ]
    # The mentor's own list of follow-ups is complete.
    mine = ok(dtr("followups", "ann", "--json")).stdout
    assert "ask the instructor" in mine and f"a sub-task {SECRET}" in mine


def test_a_question_or_section_called_mentor_only_is_private(dtr, home):
    path = add_note(runner(dtr), "kickoff", "Ann", "2026-11-02", BASE)
    text = path.read_text(encoding="utf-8")
    heading = "### Is there anything either of us should know about going into this module?"
    assert heading in text
    text = text.replace(heading, "### \u201cMentor only\u201d \u2013 what to watch")
    text = text.replace(f"\n{BASE['focus_topic']}\n", f"\n{BASE['focus_topic']} {SECRET}\n")
    text = text.replace("## Specific support <!--", "## Mentor\u00a0only <!--")
    path.write_text(text, encoding="utf-8")
    for args in SHARED_COPIES:
        out = ok(dtr(*args)).stdout
        assert SECRET not in out and "Moving house" not in out, (args, out)
        if args[0] != "summary":
            assert "Tuesdays 18:00" in out, args
