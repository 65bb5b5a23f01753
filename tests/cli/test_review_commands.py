"""dtr history, show, search, edit, share, summary and export, as a mentor uses them.

Every test starts from the same sample home (built through the CLI, then touched by
hand): three mentees with a module's worth of notes each, one note corrected in a
text editor and one note whose front matter is broken.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cli import listing, ok, one_line_error, runner
from tests.support.homes import Note, add_note, add_notes, known, set_box

# --- the sample home ------------------------------------------------------------------

ALICE_KICKOFF = {
    "names_pronouns": "Sam (they/them), Alice (she/her)",
    "mentee_background": "Taught chemistry for five years.",
    "mentee_explore": "Data engineering",
    "best_times": ["Weekday evenings", "Weekends"],
    "meeting_time": "Tuesdays 18:00",
    "channel": "Slack",
    "contact_frequency": "A few times a week",
    "tech_strengths": "Ruby basics",
    "improve_areas": "Debugging",
    "focus_topic": "SQL joins",
    "review_topics": ["Ruby enumerables", "Hashes"],
    "module_concerns": "Moving house in week 4",
    "mentor_notes": "Worried she undersells herself",
    "followups": [
        "Alice shares her project repo",
        "Sam sends the SQL joins article",
        "Mentor only: ask the instructor about her pace",
    ],
}
ALICE_MIDMOD = {
    "module_rating": 3,
    "instructor_feedback": "Clean tests",
    "struggles": "Recursion and window functions",
    "focus_areas": "Window functions",
    "strengths": "Writing tests first",
    "mentor_support": "Pair on the capstone",
    "meeting_rhythm": True,
    "mentor_notes": "Tired from the new bakery shifts",
    "followups": ["Alice redoes the mid-mod challenge", "Mentor only: check on her workload"],
}
ALICE_EXIT = {
    "module_rating": 5,
    "proudest_win": "Shipped the capstone",
    "technical_growth": "Joins feel natural",
    "professional_growth": "Asks for help sooner",
    "grow_struggles": "Debugging under pressure",
    "instructor_strengths": "Thorough testing",
    "instructor_growth": "Speak up in stand-ups",
    "next_focus": "System design",
    "mentor_help": "Mock interviews",
    "pair_worked": "Weekly pairing",
    "pair_hard": "Time zones",
    "continue_next": "Yes",
    "work_better": "Meet earlier",
    "mentor_notes": "Ready for a harder module",
    "followups": ["Alice updates her portfolio", "Mentor only: write her a reference"],
}
BO_KICKOFF = {
    "meeting_time": "Mondays 08:00",
    "channel": "Email",
    "focus_topic": "CSS grid",
    "mentor_notes": "Bo mentioned a long commute",
    "followups": ["Bo books a desk at the library"],
}
BO_MIDMOD = {
    "module_rating": 4,
    "struggles": "Flexbox corner cases",
    "mentor_notes": "Bo seems to skip lunch",
    "followups": ["Bo tries the flexbox froggy game"],
}
BO_EXIT = {
    "continue_next": "Not sure yet",
    "next_focus": "Accessibility",
    "mentor_notes": "Bo may change programs",
    "followups": ["Mentor only: talk to the program lead"],
}
JOSE_KICKOFF = {
    "meeting_time": "Thursdays 12:30",
    "channel": "Video call",
    "focus_topic": "Learning sql with Postgres",
    "mentor_notes": "José prefers written feedback",
    "followups": ["José sets up Postgres locally"],
}
JOSE_MIDMOD = {
    "module_rating": 2,
    "struggles": "Async JavaScript",
    "mentor_notes": "José is job hunting on the side",
    "followups": ["José reads the event loop chapter"],
}
JOSE_EXIT = {
    "continue_next": "No",
    "next_focus": "Testing",
    "mentor_notes": "José found a job",
    "followups": ["José sends his new address"],
}

# The sample home's notes, mentees named as a mentor might type them.
NOTES = [
    Note("kickoff", "Alice Smith", "2026-11-02", ALICE_KICKOFF),
    Note("midmod", "alice-smith", "2026-11-20", ALICE_MIDMOD),
    Note("exit", "Alice Smith", "2026-12-14", ALICE_EXIT),
    Note("kickoff", "Bo", "2026-11-03", BO_KICKOFF),
    Note("midmod", "Bo", "2026-11-18", BO_MIDMOD),
    Note("exit", "bo", "2026-12-12", BO_EXIT),
    Note("kickoff", "José", "2026-11-04", JOSE_KICKOFF),
    Note("midmod", "José", "2026-11-21", JOSE_MIDMOD),
    Note("exit", "José", "2026-12-15", JOSE_EXIT),
]
# (date, mentee label, conversation), newest first: what `dtr history` lists.
ALL_NOTES = [
    ("2026-12-15", "José", "exit"),
    ("2026-12-14", "Alice Smith", "exit"),
    ("2026-12-12", "Bo", "exit"),
    ("2026-11-21", "José", "midmod"),
    ("2026-11-20", "Alice Smith", "midmod"),
    ("2026-11-18", "Bo", "midmod"),
    ("2026-11-04", "José", "kickoff"),
    ("2026-11-03", "Bo", "kickoff"),
    ("2026-11-02", "Alice Smith", "kickoff"),
]
PRIVATE_ANSWERS = [
    a["mentor_notes"]
    for a in (
        ALICE_KICKOFF,
        ALICE_MIDMOD,
        ALICE_EXIT,
        BO_KICKOFF,
        BO_MIDMOD,
        BO_EXIT,
        JOSE_KICKOFF,
        JOSE_MIDMOD,
        JOSE_EXIT,
    )
]
EDITED_MEETING = "Wednesdays 19:30, on video"  # replaces "Tuesdays 18:00" by hand
BROKEN = "2026-11-25-midmod.md"  # in bo/, its line 3 is not valid YAML


@dataclass
class Sample:
    home: Path
    alice: Path
    bo: Path
    jose: Path

    def note(self, folder: Path, template: str) -> Path:
        (path,) = [p for p in folder.glob(f"*-{template}.md") if p.name != BROKEN]
        return path


@pytest.fixture
def sample(dtr, home: Path) -> Sample:
    add_notes(runner(dtr), NOTES)
    s = Sample(home, home / "alice-smith", home / "bo", home / "josé")

    # Corrected by hand in an editor: the meeting moved; two follow-ups settled.
    kickoff = s.note(s.alice, "kickoff")
    text = kickoff.read_text(encoding="utf-8")
    assert "\nTuesdays 18:00\n" in text
    kickoff.write_text(
        text.replace("\nTuesdays 18:00\n", f"\n{EDITED_MEETING}\n"), encoding="utf-8"
    )
    set_box(kickoff, "Alice shares her project repo", "x")
    set_box(kickoff, "Sam sends the SQL joins article", "-")

    # A note whose front matter no longer parses (line 3).
    (s.bo / BROKEN).write_text(
        "---\ntitle: 'Mid-module follow-up: Bo'\nmentee: Bo: again\ntemplate: midmod\n"
        "date: 2026-11-25\n---\n\n# Mid-module follow-up: Bo\n",
        encoding="utf-8",
    )
    return s


# --- history ---------------------------------------------------------------------------


def test_history_lists_every_mentee_newest_first(dtr, sample):
    result = ok(dtr("history"))
    table = listing(result.stdout)
    assert table[0] == ["date", "mentee", "conversation", "title", "file"]
    assert [tuple(r[:3]) for r in table[1:]] == ALL_NOTES
    assert table[1][3:] == ["Module exit DTR: José", "2026-12-15-exit.md"]


def test_history_of_one_mentee_and_one_kind(dtr, sample):
    result = ok(dtr("history", "alice-smith", "--kind", "midmod"))
    table = listing(result.stdout)
    assert table[0] == ["date", "conversation", "title", "file"]
    assert table[1:] == [
        ["2026-11-20", "midmod", "Mid-module follow-up: Alice Smith", "2026-11-20-midmod.md"]
    ]
    # Either form of the name reads the same folder.
    assert ok(dtr("history", "Alice Smith", "--kind", "midmod")).stdout == result.stdout
    assert len(listing(ok(dtr("history", "José")).stdout)) == 4


def test_history_since(dtr, sample):
    result = ok(dtr("history", "--since", "2026-11-20"))
    assert [tuple(r[:3]) for r in listing(result.stdout)[1:]] == ALL_NOTES[:5]
    result = ok(dtr("history", "--since", "2027-01-01"))
    assert result.stdout == ""
    assert "No notes match" in result.stderr


def test_an_unknown_kind_is_named_not_an_empty_listing(dtr, sample):
    err = one_line_error(
        dtr("history", "alice-smith", "--kind", "kickof"), "'kickof' is not a conversation"
    )
    assert "did you mean 'kickoff'?" in err and "exit, kickoff, midmod" in err
    one_line_error(
        dtr("search", "SQL", "--mentee", "josé", "--kind", "retro"), "'retro' is not a conversation"
    )
    kickoffs = listing(ok(dtr("history", "--kind", "kickoff")).stdout)
    assert listing(ok(dtr("history", "--kind", "KickOff")).stdout) == kickoffs
    # A known conversation with no notes yet is simply an empty listing.
    result = ok(dtr("history", "alice-smith", "--kind", "exit", "--since", "2027-01-01"))
    assert "No notes match" in result.stderr


def test_history_in_a_narrow_terminal_cuts_the_title_not_the_lines(dtr, sample, monkeypatch):
    from dtrcli import console

    monkeypatch.setattr(console, "terminal_columns", lambda: 80)
    lines = ok(dtr("history", "--limit", "4")).stdout.splitlines()
    assert all(console.width(line) <= 80 for line in lines), lines
    assert any("…" in line for line in lines)
    assert all(line.endswith(".md") for line in lines[1:])  # the file name stays whole


def test_history_limit_says_how_many_more(dtr, sample):
    result = ok(dtr("history", "--limit", "2"))
    assert [tuple(r[:3]) for r in listing(result.stdout)[1:]] == ALL_NOTES[:2]
    assert "7 older notes" in result.stderr
    assert "older" not in result.stdout

    result = ok(dtr("history", "alice-smith", "--limit", "2"))
    assert len(listing(result.stdout)) == 3
    assert "1 older note " in result.stderr


def test_history_json(dtr, sample):
    data = json.loads(ok(dtr("history", "--json")).stdout)
    assert [(d["date"], d["mentee"], d["template"]) for d in data] == ALL_NOTES
    first = data[0]
    assert first["folder"] == "josé"
    assert first["file"] == "2026-12-15-exit.md"
    assert Path(first["path"]) == sample.jose / "2026-12-15-exit.md"

    data = json.loads(ok(dtr("history", "bo", "--json", "--limit", "2")).stdout)
    assert [d["template"] for d in data] == ["exit", "midmod"]


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "20/11/2026"])
def test_history_bad_since_is_one_sentence(dtr, sample, since):
    one_line_error(dtr("history", "--since", since), f"--since '{since}'", "YYYY-MM-DD")


def test_history_names_the_broken_note_and_lists_the_rest(dtr, sample):
    result = ok(dtr("history"))
    warnings = [line for line in result.stderr.splitlines() if BROKEN in line]
    assert warnings and all(line.startswith("warning:") for line in warnings)
    assert "line 3" in warnings[0]
    assert len(listing(result.stdout)) == 1 + len(ALL_NOTES)
    assert BROKEN not in result.stdout

    result = ok(dtr("history", "bo"))
    assert BROKEN in result.stderr
    assert [r[1] for r in listing(result.stdout)[1:]] == ["exit", "midmod", "kickoff"]


def test_the_broken_note_is_warned_about_once(dtr, sample):
    for command in (["history"], ["search", "flexbox"], ["summary", "bo"]):
        result = ok(dtr(*command))
        assert result.stderr.count(BROKEN) == 1, (command, result.stderr)


def test_unknown_mentee(dtr, sample):
    one_line_error(dtr("history", "alice-smyth"), "no notes for 'alice-smyth'", "alice-smith")


# --- show -----------------------------------------------------------------------------


def test_show_latest_date_template_and_file(dtr, sample):
    kickoff = sample.note(sample.alice, "kickoff")
    midmod = sample.note(sample.alice, "midmod")
    exit_ = sample.note(sample.alice, "exit")

    def shown(*which: str) -> str:
        return ok(dtr("show", "alice-smith", *which)).stdout

    assert shown() == exit_.read_text(encoding="utf-8")
    assert shown("latest") == exit_.read_text(encoding="utf-8")
    assert shown("2026-11-20") == midmod.read_text(encoding="utf-8")
    assert shown("kickoff") == kickoff.read_text(encoding="utf-8")
    assert shown("2026-11-02-kickoff.md") == kickoff.read_text(encoding="utf-8")
    assert shown("2026-11-02-kickoff") == kickoff.read_text(encoding="utf-8")
    assert ok(dtr("show", "Alice Smith", "midmod", "--raw")).stdout == midmod.read_text(
        encoding="utf-8"
    )
    assert "Module kick-off DTR: José" in ok(dtr("show", "José", "kickoff")).stdout


def test_show_skips_the_broken_note(dtr, sample):
    result = ok(dtr("show", "bo", "midmod"))
    assert "date: 2026-11-18" in result.stdout
    assert BROKEN in result.stderr


def test_show_names_the_broken_note_asked_for(dtr, sample):
    for which in ("2026-11-25", BROKEN):
        result = dtr("show", "bo", which)
        assert result.exit_code == 1
        assert f"error: The note {BROKEN} cannot be read" in result.stderr
        assert f"dtr edit bo {BROKEN}" in result.stderr
        assert "line 3" in result.stderr  # the warning says why


def test_show_unknown_date_or_which(dtr, sample):
    one_line_error(dtr("show", "alice-smith", "2026-11-03"), "2026-11-03", "2026-11-20")
    one_line_error(dtr("show", "alice-smith", "retro"), "'retro'", "dtr history alice-smith")


def test_a_conversation_not_held_yet_is_said_so(dtr, home):
    add_note(runner(dtr), "kickoff", "Pat", "2026-11-02", ALICE_KICKOFF)
    for command in ("show", "share", "edit"):
        one_line_error(dtr(command, "pat", "midmod"), "There is no midmod note for 'pat' yet")


def test_which_ignores_case(dtr, sample):
    by_kind = ok(dtr("show", "alice-smith", "kickoff")).stdout
    assert ok(dtr("show", "alice-smith", "KICKOFF")).stdout == by_kind
    assert ok(dtr("show", "alice-smith", "Latest")).stdout == ok(dtr("show", "alice-smith")).stdout


def test_hand_edited_answer_is_what_show_search_and_export_show(dtr, sample):
    kickoff = ok(dtr("show", "alice-smith", "kickoff")).stdout
    meeting = kickoff.split("So what day and time", 1)[1].split("###", 1)[0]
    assert EDITED_MEETING in meeting and "Tuesdays 18:00" not in meeting

    hits = json.loads(ok(dtr("search", "19:30", "--json")).stdout)
    assert [(h["mentee"], h["question_id"], h["line"]) for h in hits] == [
        ("Alice Smith", "meeting_time", EDITED_MEETING)
    ]
    # The old time stays only in the norms, which were put together from it.
    old = json.loads(ok(dtr("search", "Tuesdays 18:00", "--json")).stdout)
    assert [h["question_id"] for h in old] == ["norms"]

    data = json.loads(ok(dtr("export", "alice-smith")).stdout)
    (note,) = [d for d in data if d["template"] == "kickoff"]
    assert note["answers"]["meeting_time"] == EDITED_MEETING
    assert EDITED_MEETING in ok(dtr("export", "--format", "markdown")).stdout


# --- search ---------------------------------------------------------------------------


def test_search_is_case_insensitive_and_says_where(dtr, sample):
    result = ok(dtr("search", "sql JOINS"))
    lines = result.stdout.splitlines()
    focus = "What's one technical topic we'll focus on together this module?"
    i = lines.index(f"2026-11-02  Alice Smith  kickoff  {focus}")
    assert lines[i + 1] == "  SQL joins"
    i = lines.index(
        "2026-11-02  Alice Smith  kickoff  What are the follow-ups, and who's doing each one?"
    )
    assert lines[i + 1] == "  - [x] ~~Sam sends the SQL joins article~~ (dropped)"
    assert "2 matches in 1 note." in result.stderr

    # Lower case in the note, upper case in the query; across mentees.
    result = ok(dtr("search", "SQL"))
    assert "José" in result.stdout and "Learning sql with Postgres" in result.stdout
    assert "Alice Smith" in result.stdout


def test_a_match_in_the_question_is_one_line(dtr, sample):
    result = ok(dtr("search", "want to remember", "--mentee", "bo", "--kind", "kickoff"))
    lines = result.stdout.splitlines()
    heading = "Mentor only - anything you noticed that you want to remember?"
    assert lines == [f"2026-11-03  Bo  kickoff  {heading}"], lines


def test_search_does_not_match_the_no_answer_placeholder(dtr, sample):
    hits = json.loads(ok(dtr("search", "no answer", "--json")).stdout)
    assert hits == []
    assert "No note mentions" in ok(dtr("search", "(no answer)", "--mentee", "bo")).stderr


def test_search_filters_by_mentee_and_kind(dtr, sample):
    hits = json.loads(ok(dtr("search", "sql", "--mentee", "josé", "--json")).stdout)
    assert {h["mentee"] for h in hits} == {"José"}
    assert [h["line"] for h in hits] == ["Learning sql with Postgres"]

    hits = json.loads(ok(dtr("search", "e", "--kind", "midmod", "--json")).stdout)
    assert hits and {h["conversation"] for h in hits} == {"midmod"}
    assert {h["mentee"] for h in hits} == {"Alice Smith", "Bo", "José"}

    result = ok(dtr("search", "window functions", "--mentee", "Alice Smith", "--kind", "midmod"))
    assert "2026-11-20  Alice Smith  midmod" in result.stdout
    assert "Bo" not in result.stdout


def test_search_json(dtr, sample):
    hits = json.loads(ok(dtr("search", "flexbox", "--json")).stdout)
    assert hits == [
        {
            "mentee": "Bo",
            "date": "2026-11-18",
            "conversation": "midmod",
            "question": "What's been the hardest part of the module so far?",
            "question_id": "struggles",
            "line": "Flexbox corner cases",
            "path": str(sample.note(sample.bo, "midmod")),
        },
        {
            "mentee": "Bo",
            "date": "2026-11-18",
            "conversation": "midmod",
            "question": "What are the follow-ups, and who's doing each one?",
            "question_id": "followups",
            "line": "- [ ] Bo tries the flexbox froggy game",
            "path": str(sample.note(sample.bo, "midmod")),
        },
    ]


def test_search_without_a_match(dtr, sample):
    result = ok(dtr("search", "kubernetes"))
    assert result.stdout == ""
    assert "No note mentions 'kubernetes'" in result.stderr
    assert json.loads(ok(dtr("search", "kubernetes", "--json")).stdout) == []
    one_line_error(dtr("search", "  "), "text to search")


def test_search_snippet_of_a_long_line_shows_the_match(dtr, home):
    background = "Straße " * 60 + "DATENBANKEN " + "und noch mehr Text " * 10
    add_note(
        runner(dtr),
        "kickoff",
        "Jo",
        "2026-11-02",
        {"meeting_time": "Di", "channel": "Slack", "mentee_background": background},
    )
    result = ok(dtr("search", "datenbanken"))
    assert "DATENBANKEN" in result.stdout.splitlines()[1]


# --- share -------------------------------------------------------------------------------

BUILT_IN = ("kickoff", "midmod", "exit")  # the three conversations, each with private parts


def test_the_built_in_templates_are_the_conversations_the_check_in_and_the_note(dtr):
    data = json.loads(ok(dtr("templates", "list", "--json")).stdout)
    assert {t["id"] for t in data if t["source"] == "built-in"} == {*BUILT_IN, "checkin", "note"}


def _answers_for_share(dtr, template: str) -> tuple[dict, list[str], list[str]]:
    """Answers to every question; returns (answers, private texts, shared texts)."""
    data = json.loads(ok(dtr("templates", "show", template, "--json")).stdout)
    answers: dict = {}
    private: list[str] = []
    shared: list[str] = []
    for q in (q for s in data["sections"] for q in s["questions"]):
        qid, kind = q["id"], q["type"]
        if q.get("private"):
            assert kind in ("text", "multiline", "select"), q
            answers[qid] = (
                q["choices"][0]
                if kind == "select"
                else f"Zq-{template}-{qid} the mentor's own words"
            )
            private.append(answers[qid])
        elif kind == "list":
            answers[qid] = [
                f"Mentee reads chapter {qid}",
                "Mentor only: Xk-ask the instructor quietly",
                "mentor only - Xk-second private item",
            ]
            shared.append(f"Mentee reads chapter {qid}")
        elif kind in ("text", "multiline"):
            answers[qid] = f"Shared answer to {qid}"
            shared.append(answers[qid])
        elif kind in ("select", "checkbox"):
            answers[qid] = q["choices"][0] if kind == "select" else q["choices"][:2]
        elif kind == "scale":
            answers[qid] = q["max"]
        elif kind == "confirm":
            answers[qid] = True
        else:
            answers[qid] = "2026-11-05"
    assert private, f"{template} has no private question"
    return answers, private, shared


@pytest.mark.parametrize("template", BUILT_IN)
def test_share_leaves_out_private_answers(dtr, home, template):
    answers, private, shared = _answers_for_share(dtr, template)
    known("Pat")
    add_note(runner(dtr), template, "Pat", "2026-11-10", answers)
    for fmt in ("markdown", "slack"):
        text = ok(dtr("share", "pat", "--format", fmt)).stdout
        for secret in private:
            assert secret not in text, (fmt, secret)
        assert "Zq-" not in text and "Xk-" not in text
        assert "mentor only" not in text.casefold()
        assert "(private)" not in text
        for answer in shared:
            assert answer in text, (fmt, answer)
    assert ok(dtr("share", "pat")).stdout == ok(dtr("share", "pat", "-f", "markdown")).stdout


def test_share_markdown(dtr, sample):
    text = ok(dtr("share", "alice-smith", "kickoff")).stdout
    lines = text.splitlines()
    assert lines[0] == "# Module kick-off DTR: Alice Smith"
    assert "2026-11-02" in lines
    assert "## Scheduling" in lines
    assert "**So what day and time will we meet each week?**" in lines
    assert EDITED_MEETING in lines
    assert "- [x] Alice shares her project repo" in lines
    assert "ask the instructor about her pace" not in text
    assert ALICE_KICKOFF["mentor_notes"] not in text
    assert "<!--" not in text and "title:" not in text
    # Unanswered questions are left out too.
    assert "What might get in the way of meeting?" not in text


def test_share_slack(dtr, sample):
    text = ok(dtr("share", "Alice Smith", "2026-11-02", "--format", "slack")).stdout
    lines = text.splitlines()
    assert not [line for line in lines if line.startswith("#")]
    assert "**" not in text
    assert lines[0] == "*Module kick-off DTR: Alice Smith* (2026-11-02)"
    assert "*Scheduling*" in lines
    # Questions in italics, each answer followed by a blank line.
    at = lines.index("_So what day and time will we meet each week?_")
    assert lines[at + 1] == "Wednesdays 19:30, on video" and lines[at + 2] == ""
    assert "• Weekday evenings" in lines  # a checkbox answer
    assert "• Ruby enumerables" in lines  # a list answer
    assert "• ✅ Alice shares her project repo" in lines
    assert "• ~Sam sends the SQL joins article~" in lines
    assert not [line for line in lines if line.lstrip().startswith("- ")]
    assert "Mentor only" not in text
    assert ALICE_KICKOFF["mentor_notes"] not in text


def test_share_to_a_file(dtr, sample, tmp_path):
    out = tmp_path / "for-alice.txt"
    result = ok(dtr("share", "alice-smith", "midmod", "-f", "slack", "-o", str(out)))
    assert result.stdout == ""
    assert str(out) in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text == ok(dtr("share", "alice-smith", "midmod", "-f", "slack")).stdout
    assert "Writing tests first" in text and ALICE_MIDMOD["mentor_notes"] not in text


def test_output_never_replaces_a_file_unasked(dtr, sample, home, tmp_path):
    out = tmp_path / "for-alice.md"
    out.write_text("my own notes\n", encoding="utf-8")
    one_line_error(dtr("share", "alice-smith", "-o", str(out)), "already exists", "--force")
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    ok(dtr("share", "alice-smith", "-o", str(out), "--force"))
    assert out.read_text(encoding="utf-8") == ok(dtr("share", "alice-smith")).stdout
    # Nothing is ever written into the notes folder: not over a note, not beside one.
    note = sorted((home / "alice-smith").glob("*.md"))[0]
    before = note.read_bytes()
    for target in (note, home / "alice-smith" / "shared.md", home / "export.json"):
        for extra in ((), ("--force",)):
            one_line_error(dtr("export", "-o", str(target), *extra), "inside dtr's notes folder")
    assert note.read_bytes() == before
    assert not (home / "alice-smith" / "shared.md").exists() and not (home / "export.json").exists()
    one_line_error(dtr("export", "-o", str(tmp_path)), "is a folder")
    one_line_error(dtr("export", "-o", str(tmp_path / "no" / "x.json")), "does not exist")
    assert ok(dtr("export", "-o", "-")).stdout.startswith("[")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dtr-")] == []


def test_a_removed_private_marker_is_never_shared(dtr, sample):
    note = sample.note(sample.alice, "midmod")
    text = note.read_text(encoding="utf-8")
    marker = " <!-- dtr:q mentor_notes private -->"
    assert marker in text
    note.write_text(text.replace(marker, ""), encoding="utf-8")
    # The private answer now reads as part of the question above it: sharing stops.
    err = one_line_error(dtr("share", "alice-smith", "midmod"), "private question", "line ")
    assert "<!-- dtr:q mentor_notes private -->" in err
    assert f"dtr edit alice-smith {note.name}" in err
    for fmt in ("markdown", "slack"):
        result = dtr("share", "alice-smith", "midmod", "-f", fmt)
        assert ALICE_MIDMOD["mentor_notes"] not in result.stdout
    # Elsewhere the note is still read, with a warning that names the line.
    result = ok(dtr("export", "alice-smith"))
    assert "lost its marker" in result.stderr and "meeting_rhythm" in result.stderr
    ok(dtr("summary", "alice-smith"))


def test_a_removed_marker_is_reported_not_merged_silently(dtr, sample):
    note = sample.note(sample.alice, "kickoff")
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace(" <!-- dtr:q constraints -->", ""), encoding="utf-8")
    line = next(
        n
        for n, t in enumerate(note.read_text(encoding="utf-8").splitlines(), 1)
        if t.startswith("### What might get in the way")
    )
    result = ok(dtr("share", "alice-smith", "kickoff"))
    assert f"line {line}: the question 'What might get in the way" in result.stderr
    assert "<!-- dtr:q constraints -->" in result.stderr
    # The share goes on (no private answer is at stake) and still reads the rest.
    assert "Tuesdays" in result.stdout or EDITED_MEETING in result.stdout


def test_a_heading_written_in_an_answer_is_not_a_lost_question(dtr, sample):
    note = sample.note(sample.bo, "kickoff")
    text = note.read_text(encoding="utf-8")
    focus = BO_KICKOFF["focus_topic"]
    note.write_text(text.replace(f"\n{focus}\n", f"\n### Plan\n{focus}\n"), encoding="utf-8")
    result = ok(dtr("share", "bo", "kickoff"))
    assert "lost its marker" not in result.stderr
    assert "### Plan" in result.stdout


def test_share_leaves_out_what_the_template_calls_private(dtr, sample):
    note = sample.note(sample.bo, "kickoff")
    text = note.read_text(encoding="utf-8")
    # The marker lost the word 'private' in a hand edit: the template still says so.
    note.write_text(text.replace("dtr:q mentor_notes private", "dtr:q mentor_notes"), "utf-8")
    for fmt in ("markdown", "slack"):
        shared = ok(dtr("share", "bo", "kickoff", "-f", fmt)).stdout
        assert BO_KICKOFF["mentor_notes"] not in shared and "Mentor only" not in shared


@pytest.mark.parametrize(
    "line",
    [
        "1. Mentor only: NUMBERED SECRET",
        "- [ ] **Mentor only:** BOLD SECRET",
        "* __Mentor only__: UNDERLINED SECRET",
        "Mentor only - PLAIN SECRET",
        "  - [x] mentor-only: NESTED SECRET",
    ],
)
def test_share_drops_mentor_only_items_however_written(dtr, home, line):
    path = add_note(
        runner(dtr), "kickoff", "Ann", "2026-11-02", {**ALICE_KICKOFF, "followups": ["Ann: repo"]}
    )
    text = path.read_text(encoding="utf-8")
    extra = f"- [ ] Ann: repo\n{line}\n    more about the SECRET\n- [ ] Sam: article"
    path.write_text(text.replace("- [ ] Ann: repo", extra), encoding="utf-8")
    for fmt in ("markdown", "slack"):
        shared = ok(dtr("share", "ann", "-f", fmt)).stdout
        assert "SECRET" not in shared, fmt
        assert "Ann: repo" in shared and "Sam: article" in shared


def test_a_mentor_only_paragraph_is_left_out_whole(dtr, home):
    answers = {
        **ALICE_KICKOFF,
        "module_concerns": "Moving house mid-module.\nMentor only: worried about\n"
        "her visa status SECRET.\n\nOtherwise fine.",
        "followups": ["Ann: repo"],
    }
    add_note(runner(dtr), "kickoff", "Ann", "2026-11-02", answers)
    for args in (
        ("share", "ann"),
        ("share", "ann", "-f", "slack"),
        ("export", "ann", "--no-private"),
    ):
        out = ok(dtr(*args)).stdout
        assert "SECRET" not in out and "worried" not in out, args
        assert "Moving house mid-module." in out and "Otherwise fine." in out, args


def test_slack_share_of_answers_that_look_like_markup(dtr, home):
    answers = {
        "meeting_time": "Mondays",
        "channel": "Slack",
        "mentee_background": "### Before <!-- dtr:q x -->\n_(no answer)_\n**Bold** and *quiet*",
        "followups": [
            "Mentor-only: check pace",
            "Mentor only - ask about pace",
            "Ann: *push* repo",
        ],
    }
    add_note(runner(dtr), "kickoff", "Ann", "2026-11-02", answers)
    slack = ok(dtr("share", "ann", "-f", "slack")).stdout.splitlines()
    at = slack.index("_What were you doing before the school, and what brought you here?_")
    # Typed, not Markdown: it reads in Slack as it reads in the note, without escapes.
    assert slack[at + 1 : at + 4] == [
        "### Before <!-- dtr:q x -->",
        "_(no answer)_",
        "**Bold** and *quiet*",
    ]
    assert "\\" not in "\n".join(slack)
    assert "• Ann: *push* repo" in slack
    for fmt in ("slack", "markdown"):
        text = ok(dtr("share", "ann", "-f", fmt)).stdout
        assert "pace" not in text, fmt


def test_output_to_standard_output_by_name(dtr, sample, tmp_path):
    plain = ok(dtr("share", "alice-smith")).stdout
    for name in ("-", "/dev/stdout"):
        assert ok(dtr("share", "alice-smith", "-o", name)).stdout == plain
    one_line_error(dtr("share", "alice-smith", "-o", ""), "--output needs a file name")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # The reader is there before dtr opens the pipe (a thread opening it could come too
    # late: dtr refuses a pipe no program reads); the text fits in the pipe's buffer.
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        ok(dtr("share", "alice-smith", "-o", str(fifo)))  # a named pipe is written, not replaced
        os.set_blocking(fd, True)
        got = b"".join(iter(lambda: os.read(fd, 65536), b""))
    finally:
        os.close(fd)
    assert got.decode("utf-8") == plain


def test_share_bad_format(dtr, sample, tmp_path):
    out = tmp_path / "x.html"
    one_line_error(dtr("share", "alice-smith", "--format", "html", "-o", str(out)), "'html'")
    assert not out.exists()


def test_share_keeps_an_answer_that_starts_with_private(dtr, home):
    answers = {
        "meeting_time": "Mondays",
        "channel": "Slack",
        "mentee_explore": "Private-sector fintech, or public health",
    }
    add_note(runner(dtr), "kickoff", "Pat", "2026-11-10", answers)
    for fmt in ("markdown", "slack"):
        assert "Private-sector fintech" in ok(dtr("share", "pat", "-f", fmt)).stdout


# --- edit -------------------------------------------------------------------------------


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """editor(script body): make $EDITOR a shell script; "$1" is the note."""

    def make(body: str) -> Path:
        script = tmp_path / f"editor-{len(list(tmp_path.glob('editor-*')))}.sh"
        script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("EDITOR", shlex.quote(str(script)))
        return script

    return make


def _backups(note: Path) -> list[Path]:
    return sorted(note.parent.glob(f".{note.stem}.before-edit-*.md"))


def test_edit_changes_an_answer(dtr, sample, editor):
    note = sample.note(sample.alice, "midmod")
    editor("sed -i 's/^Recursion and window functions$/Recursion is fine now/' \"$1\"")
    result = ok(dtr("edit", "alice-smith", "midmod"))
    assert "Saved 2026-11-20-midmod.md" in result.stderr

    text = ok(dtr("show", "alice-smith", "midmod", "--raw")).stdout
    assert "\nRecursion is fine now\n" in text
    assert "Recursion and window functions" not in text
    hits = json.loads(ok(dtr("search", "fine now", "--json")).stdout)
    assert [h["question_id"] for h in hits] == ["struggles"]
    assert note.is_file()


def test_edit_with_python_as_the_editor(dtr, sample, editor, tmp_path):
    fix = tmp_path / "fix.py"
    fix.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('System design', 'Distributed systems'))\n",
        encoding="utf-8",
    )
    editor(f'{shlex.quote(sys.executable)} {shlex.quote(str(fix))} "$1"')
    ok(dtr("edit", "Alice Smith"))  # the latest note: the exit DTR
    data = json.loads(ok(dtr("export", "alice-smith")).stdout)
    assert data[0]["template"] == "exit"
    assert data[0]["answers"]["next_focus"] == "Distributed systems"


def test_edit_that_breaks_the_front_matter_keeps_both_versions(dtr, sample, editor):
    note = sample.note(sample.alice, "midmod")
    before = note.read_text(encoding="utf-8")
    editor("sed -i 's/^mentee: Alice Smith$/mentee: Alice: Smith/' \"$1\"")
    err = one_line_error(dtr("edit", "alice-smith", "midmod"), note.name, "line 3")

    (kept,) = _backups(note)
    assert kept.read_text(encoding="utf-8") == before
    assert str(kept) in err
    after = note.read_text(encoding="utf-8")  # the edit itself is not lost either
    assert "mentee: Alice: Smith" in after
    assert after == before.replace("mentee: Alice Smith", "mentee: Alice: Smith", 1)
    # The backup is hidden: it does not show up as a second midmod.
    result = ok(dtr("history", "alice-smith"))
    assert kept.name not in result.stdout
    assert note.name in result.stderr


def test_edit_that_breaks_the_front_matter_reports_only_that(dtr, sample, editor):
    editor("sed -i 's/^mentee: Alice Smith$/mentee: Alice: Smith/' \"$1\"")
    err = one_line_error(dtr("edit", "alice-smith", "midmod"), "line 3")
    assert "was removed" not in err


def test_the_suggested_command_fixes_a_broken_edit(dtr, sample, editor):
    note = sample.note(sample.alice, "midmod")
    editor("sed -i 's/^mentee: Alice Smith$/mentee: Alice: Smith/' \"$1\"")
    err = one_line_error(dtr("edit", "alice-smith", "midmod"))
    suggested = re.search(r"'dtr (edit [^']+)'", err).group(1).split()
    assert suggested == ["edit", "alice-smith", note.name]
    editor("sed -i 's/^mentee: Alice: Smith$/mentee: Alice Smith/' \"$1\"")
    ok(dtr(*suggested))
    assert "midmod" in ok(dtr("history", "alice-smith")).stdout


def test_edit_that_removes_a_marker_names_the_question(dtr, sample, editor):
    note = sample.note(sample.alice, "midmod")
    before = note.read_text(encoding="utf-8")
    line = next(
        n
        for n, text in enumerate(before.splitlines(), start=1)
        if "<!-- dtr:q struggles -->" in text
    )
    editor("sed -i 's/ <!-- dtr:q struggles -->//' \"$1\"")
    one_line_error(dtr("edit", "alice-smith", "2026-11-20"), "'struggles'", f"line {line}:")
    (kept,) = _backups(note)
    assert kept.read_text(encoding="utf-8") == before
    assert "<!-- dtr:q struggles -->" not in note.read_text(encoding="utf-8")


def test_edit_when_the_editor_fails(dtr, sample, editor):
    note = sample.note(sample.alice, "midmod")
    before = note.read_text(encoding="utf-8")
    editor("exit 3")
    one_line_error(dtr("edit", "alice-smith", "midmod"), "exit code 3")
    assert note.read_text(encoding="utf-8") == before
    assert _backups(note) == []


def test_edit_without_a_change(dtr, sample, editor):
    note = sample.note(sample.alice, "midmod")
    editor("true")
    result = ok(dtr("edit", "alice-smith", "midmod"))
    assert "No changes" in result.stderr and note.name in result.stderr
    assert _backups(note) == []


def test_edit_with_a_missing_editor(dtr, sample, monkeypatch, tmp_path):
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    err = one_line_error(dtr("edit", "alice-smith"), "Could not start the editor", "$EDITOR")
    assert "no-such-editor" in err  # the command it tried


def test_edit_opens_a_note_that_is_not_utf8_so_it_can_be_fixed(dtr, sample, editor):
    note = sample.note(sample.alice, "midmod")
    latin1 = note.read_bytes().replace(b"Clean tests", b"Caf\xe9 tests")
    note.write_bytes(latin1)
    editor("true")
    result = ok(dtr("edit", "alice-smith", note.name))
    assert "No changes" in result.stderr and "not UTF-8" in result.stderr
    assert note.read_bytes() == latin1
    # An edit that leaves it broken keeps the old bytes exactly beside it.
    editor("printf '\\n' >> \"$1\"")
    one_line_error(dtr("edit", "alice-smith", note.name), "not UTF-8")
    assert [b.read_bytes() for b in _backups(note)] == [latin1]
    editor("sed -i 's/Caf\\xe9/Caf\\xc3\\xa9/' \"$1\"")
    result = ok(dtr("edit", "alice-smith", note.name))
    assert "Saved" in result.stderr
    assert "Café tests" in note.read_text(encoding="utf-8")


def test_an_editor_that_deletes_the_note(dtr, sample, editor):
    note = sample.note(sample.alice, "midmod")
    before = note.read_text(encoding="utf-8")
    editor('rm "$1"')
    one_line_error(dtr("edit", "alice-smith", "midmod"), f"The editor removed {note.name}")
    assert note.read_text(encoding="utf-8") == before


def test_edit_without_a_change_to_a_broken_note_says_it_is_still_broken(dtr, sample, editor):
    editor("true")
    result = ok(dtr("edit", "bo", BROKEN))
    assert "No changes" in result.stderr
    assert "still cannot be read" in result.stderr and "line 3" in result.stderr


# --- summary ----------------------------------------------------------------------------


def _row(stdout: str, topic: str) -> list[str]:
    """The first line of a topic's row in the summary table, as cells."""
    for line in stdout.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", line)[1:-1]]
        if cells and cells[0] == topic:
            return cells
    raise AssertionError(f"no row {topic!r} in\n{stdout}")


def test_summary_side_by_side(dtr, sample):
    result = ok(dtr("summary", "alice-smith"))
    out = result.stdout
    assert "Module summary: Alice Smith" in out
    header = next(line for line in out.splitlines() if "kickoff" in line)
    assert header.index("kickoff") < header.index("midmod") < header.index("exit")
    assert "2026-11-02" in out and "2026-11-20" in out and "2026-12-14" in out

    assert _row(out, "focus") == ["focus", "SQL joins", "Window functions", "System design"]
    assert _row(out, "strengths") == [
        "strengths",
        "Ruby basics",
        "Writing tests first",
        "Thorough testing",
    ]
    assert _row(out, "struggles") == [
        "struggles",
        "Debugging",
        "Recursion and window functions",
        "Debugging under pressure",
    ]
    assert _row(out, "rating") == ["rating", "-", "3 / 5", "5 / 5"]
    assert _row(out, "continue") == ["continue", "-", "-", "Yes"]

    # Made for the school: the mentor's own follow-ups are not in it, nor counted.
    assert "Follow-ups: 1 done, 2 open, 0 carried, 1 dropped." in out
    assert "  [ ] Alice redoes the mid-mod challenge" in out
    assert "Alice shares her project repo" not in out  # done, not open
    assert "mentor only" not in out.casefold() and "workload" not in out
    for secret in PRIVATE_ANSWERS:
        assert secret not in out
    assert result.stderr == ""

    # --private: everything, and a line on stderr saying so.
    mine = ok(dtr("summary", "alice-smith", "--private"))
    assert "Follow-ups: 1 done, 5 open, 0 carried, 1 dropped." in mine.stdout
    assert "  [ ] Mentor only: check on her workload" in mine.stdout
    assert "--private" in mine.stderr and "keep this summary to yourself" in mine.stderr


def test_summary_json(dtr, sample):
    data = json.loads(ok(dtr("summary", "Alice Smith", "--json")).stdout)
    assert data["mentee"] == "Alice Smith"
    assert list(data["conversations"].items()) == [
        ("kickoff", "2026-11-02"),
        ("midmod", "2026-11-20"),
        ("exit", "2026-12-14"),
    ]
    focus = data["topics"]["focus"]
    assert focus["kickoff"] == [
        {
            "question": "What's one technical topic we'll focus on together this module?",
            "answer": "SQL joins",
        }
    ]
    assert [a["answer"] for a in focus["midmod"]] == ["Window functions"]
    assert [a["answer"] for a in focus["exit"]] == ["System design"]
    assert [a["answer"] for a in data["topics"]["growth"]["exit"]] == [
        "Joins feel natural",
        "Asks for help sooner",
    ]
    assert data["topics"]["concerns"] == {
        "kickoff": [
            {
                "question": "Is there anything either of us should know about going into "
                "this module?",
                "answer": "Moving house in week 4",
            }
        ]
    }
    assert "followups" not in data["topics"]
    counts = {k: v for k, v in data["followups"].items() if k != "open_items"}
    assert counts == {"open": 2, "done": 1, "dropped": 1, "carried": 0}
    assert data["followups"]["open_items"] == [
        "Alice redoes the mid-mod challenge",
        "Alice updates her portfolio",
    ]
    text = json.dumps(data, ensure_ascii=False)
    for secret in PRIVATE_ANSWERS:
        assert secret not in text
    assert "mentor only" not in text.casefold()

    mine = json.loads(ok(dtr("summary", "Alice Smith", "--json", "--private")).stdout)
    counts = {k: v for k, v in mine["followups"].items() if k != "open_items"}
    assert counts == {"open": 5, "done": 1, "dropped": 1, "carried": 0}
    assert mine["followups"]["open_items"][0] == "Mentor only: ask the instructor about her pace"
    assert mine["topics"] == data["topics"]  # no private question has a topic


def test_summary_skips_the_broken_note(dtr, sample):
    result = ok(dtr("summary", "bo", "--json"))
    data = json.loads(result.stdout)
    assert data["conversations"]["midmod"] == "2026-11-18"
    assert BROKEN in result.stderr


# --- export -------------------------------------------------------------------------------


def test_export_json_has_every_note_with_typed_answers(dtr, sample):
    result = ok(dtr("export"))
    data = json.loads(result.stdout)
    assert [(d["date"], d["template"]) for d in data] == [(d, t) for d, _, t in ALL_NOTES]
    assert {d["mentee"] for d in data} == {"Alice Smith", "Bo", "José"}
    assert BROKEN in result.stderr

    by = {(d["folder"], d["template"]): d for d in data}
    kickoff = by["alice-smith", "kickoff"]["answers"]
    assert kickoff["best_times"] == ["Weekday evenings", "Weekends"]  # checkbox
    assert kickoff["review_topics"] == ["Ruby enumerables", "Hashes"]  # list
    assert kickoff["followups"] == [
        "Alice shares her project repo",
        "Sam sends the SQL joins article",
        "Mentor only: ask the instructor about her pace",
    ]
    states = by["alice-smith", "kickoff"]["followups"]
    assert [(f["text"], f["state"]) for f in states] == [
        ("Alice shares her project repo", "done"),
        ("Sam sends the SQL joins article", "dropped"),
        ("Mentor only: ask the instructor about her pace", "open"),
    ]
    assert {f["question"] for f in states} == {"followups"}
    assert kickoff["channel"] == "Slack"
    assert kickoff["constraints"] is None  # skipped
    midmod = by["alice-smith", "midmod"]["answers"]
    assert midmod["module_rating"] == 3  # scale
    assert midmod["meeting_rhythm"] is True  # confirm
    assert by["josé", "exit"]["answers"]["continue_next"] == "No"
    assert "work_better" not in by["josé", "exit"]["answers"]  # not asked after "No"
    assert by["bo", "kickoff"]["private"] == ["mentor_notes"]
    assert by["bo", "kickoff"]["path"] == str(sample.note(sample.bo, "kickoff"))


def test_export_json_keeps_front_matter_added_by_hand(dtr, sample):
    note = sample.note(sample.bo, "exit")
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("\ndate:", "\ncohort: 2611-BE\ndate:", 1), encoding="utf-8")
    (row,) = [d for d in json.loads(ok(dtr("export", "bo")).stdout) if d["template"] == "exit"]
    assert row["front_matter"]["cohort"] == "2611-BE"
    assert "dtr" in row["front_matter"]["tags"]


def test_export_one_mentee(dtr, sample):
    data = json.loads(ok(dtr("export", "josé", "--format", "json")).stdout)
    assert [(d["mentee"], d["template"]) for d in data] == [
        ("José", "exit"),
        ("José", "midmod"),
        ("José", "kickoff"),
    ]
    one_line_error(dtr("export", "nobody"), "no notes for 'nobody'")


def test_export_markdown_is_one_document(dtr, sample):
    result = ok(dtr("export", "--format", "markdown"))
    text = result.stdout
    assert text.startswith("# DTR notes\n")
    assert "9 notes." in text
    lines = text.splitlines()
    headings = [line for line in lines if re.match(r"## .*: \w+, \d{4}-\d\d-\d\d$", line)]
    assert sorted(headings) == sorted(f"## {m}: {t}, {d}" for d, m, t in ALL_NOTES)
    # Sorted by mentee, oldest note first.
    assert headings[:3] == [
        "## Alice Smith: kickoff, 2026-11-02",
        "## Alice Smith: midmod, 2026-11-20",
        "## Alice Smith: exit, 2026-12-14",
    ]
    # The note's title, its sections and its questions, each a level below the one above,
    # without dtr's markers (this document is read, not read back).
    assert "### Module kick-off DTR: Alice Smith" in lines
    assert "#### Scheduling" in lines
    assert "##### So what day and time will we meet each week?" in lines
    assert "<!--" not in text
    assert "\n---\n" not in text and "template_version" not in text  # no front matter
    assert "Flexbox corner cases" in text and "Learning sql with Postgres" in text


def test_export_markdown_nests_each_note_under_its_heading(dtr, sample):
    lines = ok(dtr("export", "alice-smith", "--format", "markdown")).stdout.splitlines()
    start = lines.index("## Alice Smith: kickoff, 2026-11-02")
    end = lines.index("## Alice Smith: midmod, 2026-11-20")
    inside = [line for line in lines[start + 1 : end] if line.startswith("#")]
    assert inside[0] == "### Module kick-off DTR: Alice Smith"
    assert all(line.startswith("#### ") or line.startswith("##### ") for line in inside[1:])


def test_export_without_private_answers(dtr, sample):
    data = json.loads(ok(dtr("export", "--no-private")).stdout)
    blob = json.dumps(data, ensure_ascii=False)
    for secret in (ALICE_KICKOFF["mentor_notes"], ALICE_MIDMOD["mentor_notes"], "Mentor only"):
        assert secret not in blob
    by = {(d["folder"], d["template"]): d for d in data}
    kickoff = by["alice-smith", "kickoff"]
    assert "mentor_notes" not in kickoff["answers"] and kickoff["private_left_out"] is True
    assert kickoff["answers"]["followups"] == [
        "Alice shares her project repo",
        "Sam sends the SQL joins article",
    ]
    assert [f["text"] for f in kickoff["followups"]] == kickoff["answers"]["followups"]
    text = ok(dtr("export", "--no-private", "-f", "markdown")).stdout
    assert "Private answers and mentor-only items are left out." in text
    assert ALICE_KICKOFF["mentor_notes"] not in text and "Mentor only" not in text
    assert "### Module kick-off DTR: Alice Smith" in text.splitlines()
    assert "Ruby enumerables" in text
    # The default is the full backup.
    assert ALICE_KICKOFF["mentor_notes"] in ok(dtr("export", "-f", "markdown")).stdout


def test_export_to_a_file(dtr, sample, tmp_path):
    out = tmp_path / "backup.json"
    result = ok(dtr("export", "-o", str(out)))
    assert result.stdout == ""
    assert f"Wrote {out}." in result.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 9

    md = tmp_path / "alice.md"
    ok(dtr("export", "alice-smith", "-f", "markdown", "-o", str(md)))
    text = md.read_text(encoding="utf-8")
    assert "3 notes." in text and "Bo" not in text


def test_export_bad_format(dtr, sample):
    one_line_error(dtr("export", "--format", "csv"), "'csv'")
