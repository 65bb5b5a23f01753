"""Follow-ups across a module's notes (done, dropped, carried) and recalled answers."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dtrcli.conversation.answers import read_answers_file, resolve_answers
from dtrcli.conversation.record import recaller, render_note
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import load_registry, parse_template
from dtrcli.hold import _with_carried
from dtrcli.module import followups
from dtrcli.module.due import open_followups
from dtrcli.module.followups import CARRIED, DONE, DROPPED, OPEN, mentee_followups, set_states
from dtrcli.notebook import files
from tests.support import DATA
from tests.support.markdown import Item, list_items
from tests.unit.test_notes import MARKUP

KICKOFF_ITEMS = [
    "Alice shares her project repo",
    "Sam sends the SQL joins article",
    "Alice books a pairing session",
]


@pytest.fixture
def templates() -> dict[str, Template]:
    return load_registry().templates


@pytest.fixture
def folder(home: Path) -> Path:
    return home / "alice"


def kickoff_answers(templates: dict[str, Template], **changes: Any) -> dict[str, Any]:
    raw = read_answers_file(str(DATA / "kickoff-answers.yaml"))
    raw.update(changes)
    return resolve_answers(templates["kickoff"], raw)


def write(
    folder: Path,
    template: Template,
    answers: dict[str, Any],
    day: dt.date,
    created: dt.datetime | None = None,
) -> Path:
    text = render_note(template, answers, mentee="Alice", date=day, created=created)
    return files.write_new(folder, f"{day.isoformat()}-{template.id}", text)


def summary(items: list[followups.Followup]) -> list[tuple[str, str, str, str]]:
    return [(f.date, f.template, f.state, f.text) for f in items]


def test_carry_done_and_drop_across_three_notes(folder: Path, templates):
    kickoff, midmod, exit_ = templates["kickoff"], templates["midmod"], templates["exit"]
    first = write(
        folder,
        kickoff,
        kickoff_answers(templates, followups=KICKOFF_ITEMS),
        dt.date(2026, 11, 2),
    )

    offered = mentee_followups(folder, templates)
    assert summary(offered) == [("2026-11-02", "kickoff", OPEN, t) for t in KICKOFF_ITEMS]
    assert {f.mentee for f in offered} == {"Alice"}
    assert {f.path for f in offered} == {first}

    # Mid-module: the repo was shared, the article is carried, the pairing dropped.
    decisions = {offered[0]: DONE, offered[1]: CARRIED, offered[2]: DROPPED}
    answers = _with_carried(
        midmod,
        {"followups": ["Mentor reviews the mid-mod project"]},
        offered,
        {f.key: state for f, state in decisions.items()},
    )
    before = first.read_text(encoding="utf-8")
    second = write(folder, midmod, answers, dt.date(2026, 11, 18))
    set_states(decisions)

    after = first.read_text(encoding="utf-8")
    assert "- [x] Alice shares her project repo\n" in after
    assert "- [x] Sam sends the SQL joins article (carried)\n" in after
    assert "- [x] ~~Alice books a pairing session~~ (dropped)\n" in after
    changed = [
        (old, new)
        for old, new in zip(before.split("\n"), after.split("\n"), strict=True)
        if old != new
    ]
    assert len(changed) == 3  # only the three boxes changed
    midmod_text = second.read_text(encoding="utf-8")
    assert (
        "- [ ] Sam sends the SQL joins article\n- [ ] Mentor reviews the mid-mod project\n"
        in midmod_text
    )

    now = mentee_followups(folder, templates)
    assert summary(now) == [
        ("2026-11-02", "kickoff", DONE, KICKOFF_ITEMS[0]),
        ("2026-11-02", "kickoff", CARRIED, KICKOFF_ITEMS[1]),
        ("2026-11-02", "kickoff", DROPPED, KICKOFF_ITEMS[2]),
        ("2026-11-18", "midmod", OPEN, "Sam sends the SQL joins article"),
        ("2026-11-18", "midmod", OPEN, "Mentor reviews the mid-mod project"),
    ]

    # Exit: the article arrived, the review is carried once more.
    open_ = [f for f in now if f.state == OPEN]
    decisions = {open_[0]: DONE, open_[1]: CARRIED}
    answers = _with_carried(
        exit_,
        {"continue_next": "Yes", "followups": ["Alice applies to module 3"]},
        open_,
        {f.key: state for f, state in decisions.items()},
    )
    write(folder, exit_, answers, dt.date(2026, 12, 9))
    set_states(decisions)

    final = mentee_followups(folder, templates)
    assert summary(final) == [
        ("2026-11-02", "kickoff", DONE, KICKOFF_ITEMS[0]),
        ("2026-11-02", "kickoff", CARRIED, KICKOFF_ITEMS[1]),
        ("2026-11-02", "kickoff", DROPPED, KICKOFF_ITEMS[2]),
        ("2026-11-18", "midmod", DONE, "Sam sends the SQL joins article"),
        ("2026-11-18", "midmod", CARRIED, "Mentor reviews the mid-mod project"),
        ("2026-12-09", "exit", OPEN, "Mentor reviews the mid-mod project"),
        ("2026-12-09", "exit", OPEN, "Alice applies to module 3"),
    ]
    assert "- [x] Alice shares her project repo\n" in first.read_text(encoding="utf-8")
    still_open = open_followups([folder], templates)
    assert [(f.date, f.mentee, f.text) for f in still_open] == [
        ("2026-12-09", "Alice", "Mentor reviews the mid-mod project"),
        ("2026-12-09", "Alice", "Alice applies to module 3"),
    ]


def test_carried_items_come_first_and_are_not_repeated(templates):
    offered = [
        followups.Followup(Path("x.md"), "followups", 0, "Send the article", OPEN, "d", "t", "m")
    ]
    answers = {"followups": ["New one", "Send the article"]}
    merged = _with_carried(templates["midmod"], answers, offered, {offered[0].key: CARRIED})
    assert merged["followups"] == ["Send the article", "New one"]
    assert _with_carried(templates["midmod"], answers, offered, {}) == answers


def test_carrying_into_a_template_without_follow_ups_keeps_the_answers():
    retro = parse_template(
        {
            "id": "retro",
            "title": "Retro",
            "sections": [{"title": "S", "questions": [{"id": "went_well", "prompt": "Well?"}]}],
        }
    )
    offered = [
        followups.Followup(Path("x.md"), "followups", 0, "Send the article", OPEN, "d", "t", "m")
    ]
    answers = {"went_well": "Pairing"}
    assert _with_carried(retro, answers, offered, {offered[0].key: CARRIED}) == answers


def test_a_note_edited_by_hand_since_it_was_read_is_left_alone(folder: Path, templates):
    note = write(
        folder,
        templates["kickoff"],
        kickoff_answers(templates, followups=KICKOFF_ITEMS),
        dt.date(2026, 11, 2),
    )
    items = mentee_followups(folder, templates)
    edited = note.read_text(encoding="utf-8").replace(
        "- [ ] Alice shares her project repo", "- [ ] Alice shares her project repo link"
    )
    note.write_text(edited, encoding="utf-8")

    assert set_states({items[0]: DONE, items[1]: DROPPED}) == [items[0]]  # said, not lost
    text = note.read_text(encoding="utf-8")
    assert "- [ ] Alice shares her project repo link\n" in text  # changed by hand: untouched
    assert "- [x] ~~Sam sends the SQL joins article~~ (dropped)\n" in text  # unchanged: updated
    assert "- [ ] Alice books a pairing session\n" in text


def test_a_line_added_by_hand_above_moves_nothing_to_the_wrong_box(folder: Path, templates):
    note = write(
        folder,
        templates["kickoff"],
        kickoff_answers(templates, followups=KICKOFF_ITEMS),
        dt.date(2026, 11, 2),
    )
    items = mentee_followups(folder, templates)
    edited = note.read_text(encoding="utf-8").replace(
        "- [ ] Alice shares", "- [ ] Added by hand\n- [ ] Alice shares"
    )
    note.write_text(edited, encoding="utf-8")

    assert set_states({f: DONE for f in items}) == []
    text = note.read_text(encoding="utf-8")
    assert "- [ ] Added by hand\n" in text  # not one of the decided items
    assert text.count("- [x] ") == len(items)  # each found by its text


def test_boxes_typed_by_hand_are_read(folder: Path, templates):
    note = write(
        folder,
        templates["kickoff"],
        kickoff_answers(templates, followups=KICKOFF_ITEMS),
        dt.date(2026, 11, 2),
    )
    text = note.read_text(encoding="utf-8")
    text = text.replace("- [ ] Alice shares", "- [X] Alice shares")
    text = text.replace("- [ ] Sam sends", "* [~] Sam sends")
    note.write_text(text, encoding="utf-8")
    states = [(f.state, f.text) for f in mentee_followups(folder, templates)]
    assert states == [
        (DONE, KICKOFF_ITEMS[0]),
        (DROPPED, KICKOFF_ITEMS[1]),
        (OPEN, KICKOFF_ITEMS[2]),
    ]


def test_task_items_in_other_answers_are_not_follow_ups(folder: Path, templates):
    path = write(
        folder,
        templates["kickoff"],
        kickoff_answers(
            templates,
            mentee_background="Things to learn:",
            followups=["Alice shares her project repo"],
        ),
        dt.date(2026, 11, 2),
    )
    note = path.read_text(encoding="utf-8")
    note = note.replace("Things to learn:\n", "Things to learn:\n- [ ] Docker\n- [x] Git\n")
    path.write_text(note, encoding="utf-8")  # tasks written by hand in another answer
    assert "- [ ] Docker" in note  # it is in the note ...
    items = mentee_followups(folder, templates)
    assert [f.text for f in items] == ["Alice shares her project repo"]  # ... but not a follow-up
    assert [f.question for f in items] == ["followups"]


def test_a_note_without_follow_ups_has_none(folder: Path, templates):
    write(folder, templates["midmod"], {"strengths": "- [ ] not a task"}, dt.date(2026, 11, 18))
    assert mentee_followups(folder, templates) == []


# --- recall ------------------------------------------------------------------------


def _question(template: Template, qid: str):
    q = template.question(qid)
    assert q is not None
    return q


def test_recall_uses_the_latest_earlier_note(folder: Path, templates):
    kickoff, midmod = templates["kickoff"], templates["midmod"]
    # The later kick-off is written first, so file order and creation time disagree with the date.
    write(
        folder,
        kickoff,
        kickoff_answers(templates, focus_topic="Recursion", improve_areas="Big-O"),
        dt.date(2026, 11, 9),
        created=dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.timezone.utc),
    )
    write(
        folder,
        kickoff,
        kickoff_answers(templates, focus_topic="SQL joins"),
        dt.date(2026, 11, 2),
        created=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc),
    )
    recall = recaller(midmod, folder)
    assert recall(_question(midmod, "focus_areas")) == "Recursion (2026-11-09 kickoff)"
    assert recall(_question(midmod, "struggles")) == "Big-O (2026-11-09 kickoff)"
    assert recall(_question(midmod, "strengths")) is None  # recalls nothing
    # A conversation recorded for an earlier day recalls only what was said before it.
    before = recaller(midmod, folder, "2026-11-05")
    assert before(_question(midmod, "focus_areas")) == "SQL joins (2026-11-02 kickoff)"
    assert recaller(midmod, folder, "2026-11-01")(_question(midmod, "focus_areas")) is None


def test_recall_of_a_same_day_second_note(folder: Path, templates):
    kickoff, midmod = templates["kickoff"], templates["midmod"]
    day = dt.date(2026, 11, 2)
    write(folder, kickoff, kickoff_answers(templates, focus_topic="First try"), day)
    second = write(folder, kickoff, kickoff_answers(templates, focus_topic="Second try"), day)
    assert second.name == "2026-11-02-kickoff-2.md"
    recall = recaller(midmod, folder)
    assert recall(_question(midmod, "focus_areas")) == "Second try (2026-11-02 kickoff)"


def test_recall_without_an_earlier_note(folder: Path, templates):
    exit_ = templates["exit"]
    write(folder, templates["kickoff"], kickoff_answers(templates), dt.date(2026, 11, 2))
    recall = recaller(exit_, folder)
    assert recall(_question(exit_, "grow_struggles")) is None  # no mid-module note yet
    assert recall(_question(exit_, "technical_growth")) == "SQL joins (2026-11-02 kickoff)"


# --- states that other tools read --------------------------------------------------------


def _followups_answer(path: Path) -> str:
    """The Markdown of a note's follow-up answer, as a renderer gets it."""
    text = path.read_text(encoding="utf-8")
    answer = text.split("<!-- dtr:q followups -->", 1)[1]
    # up to the next question's heading (the kick-off's norms come after its follow-ups)
    return re.split(r"\n#+ ", answer, maxsplit=1)[0].strip()


def test_states_render_as_tasks_with_the_state_in_words(folder: Path, templates):
    note = write(
        folder,
        templates["kickoff"],
        kickoff_answers(templates, followups=[*KICKOFF_ITEMS, "Book a room"]),
        dt.date(2026, 11, 2),
    )
    offered = mentee_followups(folder, templates)
    set_states({offered[0]: DONE, offered[1]: DROPPED, offered[2]: CARRIED})
    rendered = list_items(_followups_answer(note))
    assert rendered is not None  # a task list and nothing else
    assert [(i.task, i.checked, i.text, i.struck) for i in rendered] == [
        (True, True, KICKOFF_ITEMS[0], []),
        (True, True, f"{KICKOFF_ITEMS[1]} (dropped)", [KICKOFF_ITEMS[1]]),
        (True, True, f"{KICKOFF_ITEMS[2]} (carried)", []),
        (True, False, "Book a room", []),
    ]
    # Obsidian ticks a box only for [x] or another mark: each closed state is [x], and
    # the words say which; the old boxes [-] and [>] are not tasks to GitHub at all.
    assert list_items("- [-] a\n- [>] b") == [
        Item(task=False, checked=False, text="[-] a"),
        Item(task=False, checked=False, text="[>] b"),
    ]
    # dtr reads them back, and the text a mentor sees has no marks.
    assert summary(mentee_followups(folder, templates)) == [
        ("2026-11-02", "kickoff", DONE, KICKOFF_ITEMS[0]),
        ("2026-11-02", "kickoff", DROPPED, KICKOFF_ITEMS[1]),
        ("2026-11-02", "kickoff", CARRIED, KICKOFF_ITEMS[2]),
        ("2026-11-02", "kickoff", OPEN, "Book a room"),
    ]


def test_a_follow_up_whose_words_end_like_a_state_keeps_them(folder: Path, templates):
    items = ["Ask why the demo was (dropped)", "Keep the slides (Carried)"]
    note = write(
        folder,
        templates["kickoff"],
        kickoff_answers(templates, followups=items),
        dt.date(2026, 11, 2),
    )
    offered = mentee_followups(folder, templates)
    assert [(f.state, f.text) for f in offered] == [(OPEN, t) for t in items]
    set_states({offered[0]: DONE, offered[1]: DROPPED})
    assert [(f.state, f.text) for f in mentee_followups(folder, templates)] == [
        (DONE, items[0]),
        (DROPPED, items[1]),
    ]
    rendered = list_items(_followups_answer(note)) or []
    assert [i.text for i in rendered] == [items[0], f"{items[1]} (dropped)"]


def test_states_written_by_hand_in_an_editor_are_read(folder: Path, templates):
    note = write(
        folder,
        templates["kickoff"],
        kickoff_answers(templates, followups=KICKOFF_ITEMS),
        dt.date(2026, 11, 2),
    )
    text = note.read_text(encoding="utf-8")
    text = text.replace(
        "- [ ] Alice shares her project repo", "- [x] Alice shares her project repo (Dropped)"
    )
    text = text.replace("- [ ] Sam sends", "- [>] Sam sends")  # the boxes of format 1
    text = text.replace(
        "- [ ] Alice books a pairing session", "* [-] Alice books a pairing session"
    )
    note.write_text(text, encoding="utf-8")
    assert [(f.state, f.text) for f in mentee_followups(folder, templates)] == [
        (DROPPED, KICKOFF_ITEMS[0]),
        (CARRIED, KICKOFF_ITEMS[1]),
        (DROPPED, KICKOFF_ITEMS[2]),
    ]


def test_a_note_of_format_version_1_keeps_its_boxes(folder: Path, templates):
    """A note written before follow-ups were GitHub tasks reads as it did, and dtr writes
    the states into it as that note writes them (only the box changes)."""
    folder.mkdir(parents=True)
    note = folder / "2026-11-02-kickoff.md"
    note.write_bytes((DATA / "kickoff-v1.md").read_bytes())
    found = mentee_followups(folder, templates)
    assert [(f.state, f.text) for f in found] == [
        (DONE, "Alice shares her *repo*"),
        (DONE, "Sam sends the article (dropped)"),  # words, in version 1
        (CARRIED, "Book a room"),
        (DROPPED, "Mentor only: check pace"),
    ]
    before = note.read_text(encoding="utf-8")
    set_states({found[0]: DROPPED})
    after = note.read_text(encoding="utf-8")
    assert after == before.replace("- [x] Alice shares", "- [-] Alice shares")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(typed=["~", "a~", "~ b", "x ~~ y"], states=[DROPPED] * 4)  # in "~~...~~"
@example(typed=["Ask (dropped)", "Go (carried)", "*a* _b_", "[x] c"], states=[DONE] * 4)
@given(
    typed=st.lists(
        st.lists(st.one_of(st.text(max_size=6), st.sampled_from(MARKUP)), min_size=1, max_size=8)
        .map("".join)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: s and not any(unicodedata.category(c) == "Cc" for c in s)),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    states=st.lists(st.sampled_from([OPEN, DONE, DROPPED, CARRIED]), min_size=4, max_size=4),
)
def test_any_follow_up_in_any_state_renders_and_reads_back(home: Path, templates, typed, states):
    folder = home / "prop"
    shutil.rmtree(folder, ignore_errors=True)
    note = write(
        folder,
        templates["kickoff"],
        kickoff_answers(templates, followups=typed),
        dt.date(2026, 11, 2),
    )
    offered = mentee_followups(folder, templates)
    assert [f.text for f in offered] == typed
    decided = dict(zip(offered, states, strict=False))
    assert set_states({f: s for f, s in decided.items() if s != OPEN}) == []
    # dtr reads each state and each text back as they were ...
    assert [(f.state, f.text) for f in mentee_followups(folder, templates)] == [
        (decided[f], f.text) for f in offered
    ]
    # ... and a renderer shows each as a task, ticked unless open, with the state in words.
    suffix = {OPEN: "", DONE: "", DROPPED: " (dropped)", CARRIED: " (carried)"}
    rendered = list_items(_followups_answer(note))
    assert rendered is not None
    assert [(i.task, i.checked, i.text) for i in rendered] == [
        (True, decided[f] != OPEN, f.text + suffix[decided[f]]) for f in offered
    ]
    assert [i.struck for i in rendered] == [
        [f.text] if decided[f] == DROPPED else [] for f in offered
    ]
