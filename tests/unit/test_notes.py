"""Notes: answers rendered to Markdown and read back from the file."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dtrcli.conversation.answers import read_answers_file, resolve_answers
from dtrcli.conversation.questions import coerce_answer, format_answer
from dtrcli.conversation.record import answers_of, render_note
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import load_registry, parse_template
from dtrcli.errors import NoteError
from dtrcli.notebook.noteformat import NO_ANSWER, normalize_text, split_front_matter
from dtrcli.notebook.notes import read_note
from tests.support import DATA
from tests.support.markdown import RENDERER, lines_of, list_items, shown

DATE = dt.date(2024, 9, 3)
CREATED = dt.datetime(2024, 9, 3, 18, 45, 12, 345678, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def builtin(tid: str) -> Template:
    return load_registry().get(tid)


def kickoff_answers() -> dict[str, Any]:
    return resolve_answers(
        builtin("kickoff"), read_answers_file(str(DATA / "kickoff-answers.yaml"))
    )


def save(path: Path, template: Template, answers: dict[str, Any], mentee: str = "Alice") -> Path:
    text = render_note(template, answers, mentee=mentee, date=DATE, created=CREATED)
    path.write_text(text, encoding="utf-8")
    return path


def test_kickoff_answers_round_trip(tmp_path: Path) -> None:
    kickoff = builtin("kickoff")
    answers = kickoff_answers()
    assert set(answers) == {q.id for q in kickoff.questions}
    note = read_note(save(tmp_path / "note.md", kickoff, answers))
    values = answers_of(note, kickoff)
    assert values == answers
    assert list(values) == [q.id for q in kickoff.questions]
    assert values["best_times"] == ["Weekday evenings", "Weekends"]
    assert values["review_topics"] == ["Ruby enumerables", "Hashes"]
    assert values["followups"] == [
        "Alice shares her project repo",
        "Sam sends the SQL joins article",
    ]
    assert values["mentee_background"] == (
        "Taught chemistry for five years.\nCame to the school to build tools for teachers."
    )
    assert values["channel"] == "Slack"


def test_scale_and_confirm_read_back_as_int_and_bool(tmp_path: Path) -> None:
    midmod = builtin("midmod")
    answers = resolve_answers(
        midmod,
        {
            "module_rating": 4,
            "struggles": "Recursion",
            "meeting_rhythm": "no",
            "followups": ["Move our meeting to Thursdays"],
        },
    )
    values = answers_of(read_note(save(tmp_path / "note.md", midmod, answers)), midmod)
    assert values == answers
    assert values["module_rating"] == 4 and type(values["module_rating"]) is int
    assert values["meeting_rhythm"] is False
    answers["meeting_rhythm"] = True
    values = answers_of(read_note(save(tmp_path / "note2.md", midmod, answers)), midmod)
    assert values["meeting_rhythm"] is True


def test_skipped_answers_read_back_as_none(tmp_path: Path) -> None:
    kickoff = builtin("kickoff")
    given = read_answers_file(str(DATA / "kickoff-answers.yaml"))
    skipped = ["constraints", "best_times", "review_topics", "mentee_background", "followups"]
    for qid in skipped:
        del given[qid]
    path = save(tmp_path / "note.md", kickoff, resolve_answers(kickoff, given))
    assert NO_ANSWER in path.read_text(encoding="utf-8")
    values = answers_of(read_note(path), kickoff)
    for qid in skipped:
        assert qid in values
        assert values[qid] is None
    assert values["meeting_time"] == "Tuesdays 18:00"


def replace_line(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines.count(old) == 1, f"{old!r} is not a line of the note"
    lines[lines.index(old)] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def test_hand_edited_answers_are_read_back(tmp_path: Path) -> None:
    kickoff = builtin("kickoff")
    path = save(tmp_path / "note.md", kickoff, kickoff_answers())
    replace_line(path, "Tuesdays 18:00", "Wednesdays 19:30, on video")
    replace_line(path, "- [ ] Sam sends the SQL joins article", "- [x] Sam sent the article")
    replace_line(path, "Came to the school to build tools for teachers.", "Wants to teach code.")
    values = answers_of(read_note(path), kickoff)
    assert values["meeting_time"] == "Wednesdays 19:30, on video"
    assert values["followups"] == ["Alice shares her project repo", "Sam sent the article"]
    assert values["mentee_background"] == "Taught chemistry for five years.\nWants to teach code."
    assert values["focus_topic"] == "SQL joins"


def test_hand_edited_scale_and_confirm(tmp_path: Path) -> None:
    midmod = builtin("midmod")
    answers = resolve_answers(midmod, {"module_rating": 2, "meeting_rhythm": True})
    path = save(tmp_path / "note.md", midmod, answers)
    replace_line(path, "2 / 5", "5")
    replace_line(path, "Yes", "no")
    values = answers_of(read_note(path), midmod)
    assert values["module_rating"] == 5
    assert values["meeting_rhythm"] is False
    replace_line(path, "5", "great")
    assert answers_of(read_note(path), midmod)["module_rating"] == "great"


def test_private_questions(tmp_path: Path) -> None:
    kickoff = builtin("kickoff")
    path = save(tmp_path / "note.md", kickoff, kickoff_answers())
    note = read_note(path)
    assert note.private == {"mentor_notes"}
    assert answers_of(note, kickoff)["mentor_notes"] == "Seemed nervous about asking for time."
    assert "(private)" in path.read_text(encoding="utf-8")


def test_front_matter(tmp_path: Path) -> None:
    kickoff = builtin("kickoff")
    path = save(tmp_path / "note.md", kickoff, kickoff_answers(), mentee="Alice Smith")
    note = read_note(path)
    assert note.meta["mentee"] == note.mentee == "Alice Smith"
    assert note.meta["template"] == note.template_id == "kickoff"
    assert note.meta["template_version"] == load_registry().get("kickoff").version == 2
    assert note.meta["title"] == note.title == "Module kick-off DTR: Alice Smith"
    assert note.meta["date"] == note.date == "2024-09-03"
    assert note.meta["created"] == note.created == "2024-09-03T18:45:12+02:00"
    assert note.meta["tags"] == ["dtr", "kickoff"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert "# Module kick-off DTR: Alice Smith" in text
    assert "(week 1 of the module)" in text


def test_front_matter_only(tmp_path: Path) -> None:
    path = save(tmp_path / "note.md", builtin("kickoff"), kickoff_answers())
    note = read_note(path, body=False)
    assert note.template_id == "kickoff"
    assert note.answers == {}


def test_template_tags_are_added(tmp_path: Path) -> None:
    t = parse_template(
        {
            "id": "coffee",
            "title": "Coffee chat",
            "tags": ["informal", "week-2"],
            "sections": [{"title": "Chat", "questions": [{"id": "topic", "prompt": "Topic?"}]}],
        }
    )
    note = read_note(save(tmp_path / "note.md", t, {"topic": "Jobs"}))
    assert note.meta["tags"] == ["dtr", "coffee", "informal", "week-2"]


def test_questions_whose_when_is_false_are_absent(tmp_path: Path) -> None:
    exit_t = builtin("exit")
    answers = resolve_answers(exit_t, {"continue_next": "No"})
    assert "work_better" not in answers
    path = save(tmp_path / "note.md", exit_t, answers)
    text = path.read_text(encoding="utf-8")
    assert "dtr:q work_better" not in text
    assert "What would make next module work even better for us?" not in text
    values = answers_of(read_note(path), exit_t)
    assert "work_better" not in values
    assert values["continue_next"] == "No"

    answers = resolve_answers(exit_t, {"continue_next": "Yes", "work_better": "More time"})
    values = answers_of(read_note(save(tmp_path / "yes.md", exit_t, answers)), exit_t)
    assert values["work_better"] == "More time"


def test_a_section_with_no_question_asked_is_left_out(tmp_path: Path) -> None:
    t = parse_template(
        {
            "id": "branch",
            "title": "Branch",
            "sections": [
                {
                    "title": "Start",
                    "questions": [{"id": "go", "prompt": "Go on?", "type": "confirm"}],
                },
                {
                    "title": "Only if going on",
                    "questions": [
                        {
                            "id": "more",
                            "prompt": "More?",
                            "when": {"question": "go", "equals": True},
                        }
                    ],
                },
            ],
        }
    )
    text = save(tmp_path / "note.md", t, {"go": False}).read_text(encoding="utf-8")
    assert "Only if going on" not in text
    assert "## Start" in text


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("# Just a heading\n\nNo front matter.\n", "does not start with '---'"),
        ("", "does not start with '---'"),
        ("---\ntemplate: kickoff\ndate: 2024-09-03\n", "no closing '---'"),
        ("---\ntemplate: [kickoff\ndate: 2024-09-03\n---\nbody\n", "not valid YAML"),
        ("---\n- a\n- b\n---\nbody\n", "not a mapping"),
        ("---\nmentee: Alice\n---\nbody\n", "lacks 'template' or 'date'"),
    ],
    ids=["no-front-matter", "empty", "unclosed", "bad-yaml", "list", "no-template"],
)
def test_broken_front_matter_names_the_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "2024-09-03-kickoff.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NoteError) as info:
        read_note(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_invalid_front_matter_yaml_gives_the_line_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ndate: 2024-09-03\ntemplate: kickoff: extra\n---\nbody\n", encoding="utf-8"
    )
    with pytest.raises(NoteError) as info:
        read_note(path)
    assert str(info.value) == f"{path}: line 3: the front matter is not valid YAML."


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text file"),
        (b"---\ntemplate: kickoff\ndate: 2024-09-03\n---\ncaf\xe9\n", "is not UTF-8 text"),
    ],
    ids=["binary", "latin-1"],
)
def test_binary_file_names_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "picture.md"
    path.write_bytes(content)
    with pytest.raises(NoteError) as info:
        read_note(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_missing_note_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.md"
    with pytest.raises(NoteError) as info:
        read_note(path)
    assert str(path) in str(info.value)
    assert "cannot be read" in str(info.value)


def test_windows_line_endings_are_read(tmp_path: Path) -> None:
    kickoff = builtin("kickoff")
    answers = kickoff_answers()
    text = render_note(kickoff, answers, mentee="Alice", date=DATE, created=CREATED)
    path = tmp_path / "crlf.md"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert answers_of(read_note(path), kickoff) == answers


# --- answers that look like Markdown structure survive a round trip -------------------
# ... and a Markdown renderer shows each one as it was typed.

RT = parse_template(
    {
        "id": "roundtrip",
        "title": "Round trip",
        "sections": [
            {
                "title": "Answers",
                "questions": [
                    {"id": "one_line", "prompt": "One line?"},
                    {"id": "many_lines", "prompt": "Many lines?", "type": "multiline"},
                    {"id": "items", "prompt": "Items?", "type": "list"},
                    {"id": "followups", "prompt": "Follow-ups?", "type": "list"},
                    {"id": "after", "prompt": "After?"},
                ],
            }
        ],
    }
)
ONE_LINE, MANY_LINES, ITEMS, FOLLOWUPS, AFTER = RT.questions


def round_trip(path: Path, one_line: Any, many_lines: Any, items: Any) -> None:
    expected = {
        "one_line": coerce_answer(ONE_LINE, one_line),
        "many_lines": coerce_answer(MANY_LINES, many_lines),
        "items": coerce_answer(ITEMS, items),
        "followups": coerce_answer(FOLLOWUPS, items),
        "after": "sentinel",
    }
    text = render_note(RT, expected, mentee="Alice", date=DATE, created=CREATED)
    path.write_text(text, encoding="utf-8")
    # dtr reads back exactly what was typed ...
    assert answers_of(read_note(path), RT) == expected
    # ... and a renderer shows it as typed: plain text, no markup, nothing lost.
    for q in (ONE_LINE, MANY_LINES):
        typed = expected[q.id]
        if typed is None:
            continue
        if q is MANY_LINES and all(re.match(r"- \S", line) for line in typed.split("\n")):
            # lines typed as a list are a list to a renderer, each item as typed
            bullets = list_items(format_answer(q, typed))
            assert bullets is not None
            assert [b.text for b in bullets] == [line[2:] for line in typed.split("\n")]
            continue
        assert shown(format_answer(q, typed)) == lines_of(typed), q.id
    if expected["items"] is not None:
        bullets = list_items(format_answer(ITEMS, expected["items"]))
        assert bullets is not None
        assert [(b.task, b.text, b.struck) for b in bullets] == [
            (False, i, []) for i in expected["items"]
        ]
        tasks = list_items(format_answer(FOLLOWUPS, expected["followups"]))
        assert tasks is not None
        assert [(t.task, t.checked, t.text) for t in tasks] == [
            (True, False, i) for i in expected["followups"]
        ]
    # The note's own structure is untouched: its headings are dtr's, and no others.
    _, body, _ = split_front_matter(text, path)
    headings = [t for t in RENDERER.parse(body) if t.type == "heading_open"]
    assert len(headings) == 1 + len(RT.sections) + len(RT.questions)


@pytest.mark.parametrize(
    "text",
    [
        NO_ANSWER,
        "\\" + NO_ANSWER,
        "    " + NO_ANSWER,
        "### Fake heading <!-- dtr:q after -->",
        "## Fake section <!-- dtr:section -->",
        "\\### Fake heading <!-- dtr:q after -->",
        "\\\\### Fake heading <!-- dtr:q after -->",
        "#Fake <!-- dtr:q after -->",
        "# Title",
        "---",
        "\\",
        "- [ ] not a list",
        "Alum, now at Acme & Co <backend>",
        "*nix, 2*3 and **bold** _it_ ~~gone~~ `code` $5/$6 ==mark== %%hidden%%",
        "[a link](http://example.org) <http://example.org> ![img](x.png) [[Wiki]] [^1]",
        "&amp; &#32; &#x41; &copy;",
        "1. first",
        "a | b",
        "|---|:--:|",
        "    indented code \\* kept",
        "> quoted",
        "C:\\Users\\",
        "Zoë 李雷 🙂",
    ],
)
def test_tricky_text_round_trips(tmp_path: Path, text: str) -> None:
    multiline = f"{text}\n---\n{text}\n\n{text}\n<!-- dtr:q after -->"
    round_trip(tmp_path / "note.md", text, multiline, [text, f"- {text}", f"[x] {text}"])


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("2026-11-30", "2026-11-30"),
        ("Q&A with the cohort", "Q&A with the cohort"),
        ("snake_case and 5 * 3", "snake_case and 5 * 3"),
        ("I <3 SQL, and a < b", "I <3 SQL, and a < b"),
        ("$200 stipend or $300", "$200 stipend or $300"),
        ("-5 degrees, +1 and #1", "-5 degrees, +1 and #1"),
        ("#1 priority", "\\#1 priority"),
        ("Alum, now at Acme & Co <backend>", "Alum, now at Acme & Co \\<backend>"),
        ("*nix and 2*3", "\\*nix and 2\\*3"),
        ("_(no answer)_", "\\_(no answer)\\_"),
        ("say &amp; mean it", "say \\&amp; mean it"),
        ("see [the docs](x)", "see \\[the docs](x)"),
        ("- a dash", "\\- a dash"),
        ("1. first", "1\\. first"),
        ("C:\\Users\\", "C:\\Users\\\\"),
    ],
)
def test_only_what_a_renderer_would_take_as_markup_is_escaped(typed: str, written: str) -> None:
    assert format_answer(ONE_LINE, typed) == written
    assert shown(written) == [typed.strip()]


def test_an_answer_cannot_hijack_the_next_question(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    round_trip(path, "x", "### After? <!-- dtr:q after -->\nnot the answer", None)
    assert answers_of(read_note(path), RT)["after"] == "sentinel"


def test_lists_that_are_not_follow_ups_are_plain_bullets(tmp_path: Path) -> None:
    kickoff = builtin("kickoff")
    text = save(tmp_path / "note.md", kickoff, kickoff_answers()).read_text(encoding="utf-8")
    assert "\n- Ruby enumerables\n- Hashes\n" in text  # review_topics: no boxes to tick
    assert "\n- [ ] Alice shares her project repo\n" in text  # follow-ups: tasks
    _, body, _ = split_front_matter(text, tmp_path / "note.md")
    topics = body.split("<!-- dtr:q review_topics -->")[1].split("\n## ")[0].strip()
    assert [(i.task, i.text) for i in list_items(topics) or []] == [
        (False, "Ruby enumerables"),
        (False, "Hashes"),
    ]


def test_a_note_of_format_version_1_reads_back_as_before(tmp_path: Path) -> None:
    """tests/data/kickoff-v1.md was written by dtr before answers were escaped; every
    value below is what that dtr read from it."""
    path = tmp_path / "2026-11-02-kickoff.md"
    path.write_bytes((DATA / "kickoff-v1.md").read_bytes())
    values = answers_of(read_note(path), builtin("kickoff"))
    assert values["mentee_background"] == (
        "Alum, now at Acme & Co <backend>\n### Fake <!-- dtr:q followups -->\n"
        "_(no answer)_\nC:\\Users\\ and a \\\\ pair\n    indented \\* code"
    )
    assert values["meeting_time"] == "Tuesdays 18:00 \\*sharp\\*"
    assert values["review_topics"] == [
        "Ruby <enumerables>",
        "[x] Hashes",
        "### Not <!-- dtr:q x -->",
    ]
    assert values["followups"] == [
        "Alice shares her *repo*",
        "Sam sends the article (dropped)",
        "Book a room",
        "Mentor only: check pace",
    ]
    assert values["names_pronouns"] is None


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example of a property test (each overwrites the same note)."""
    return tmp_path_factory.mktemp("notes")


FRAGMENTS = [
    "\n",
    "\r\n",
    "#",
    "### ",
    "---",
    "<!-- dtr:q x -->",
    "<!-- dtr:q after -->",
    "<!-- dtr:section -->",
    NO_ANSWER,
    "\\",
    "- ",
    "[ ] ",
    "  ",
    "    ",
    "\t",
    "é",
    "李雷",
    "\u00a0",
]
# What Markdown (CommonMark, GitHub, Obsidian) would take as markup somewhere.
MARKUP = [
    *"*_`~[]()!<>&#|:=$%+-.\\",
    "**",
    "__",
    "```",
    "~~",
    "~~~",
    "$$",
    "==",
    "%%",
    "![",
    "</",
    "<!--",
    "-->",
    "<b>",
    "&amp;",
    "&#32;",
    "&#x41;",
    "1.",
    "2)",
    "|---|",
    ":--",
    "===",
    "http://x.y",
    "<http://x.y>",
    "a@b.co",
    "[x] ",
    " (dropped)",
    " (carried)",
    "[^1]",
    "[[w]]",
    "a",
    " ",
]


def _control(text: str) -> bool:
    text = text.replace("\r", "")
    return any(ch not in "\n\t" and unicodedata.category(ch) == "Cc" for ch in text)


def texts(newlines: bool) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.text(), st.sampled_from(FRAGMENTS), st.sampled_from(MARKUP))
    strategy = st.lists(pieces, max_size=12).map("".join)
    if not newlines:
        strategy = strategy.map(lambda s: s.replace("\r", " ").replace("\n", " "))
    return strategy


@settings(max_examples=300, deadline=None)
@example(one_line=" " + NO_ANSWER, many_lines="", items=[])
@example(one_line="", many_lines="\t" + NO_ANSWER, items=[])
@example(one_line="\x00", many_lines="", items=[])
@example(one_line="", many_lines="", items=["a\x00b"])
@example(one_line="a *b* c", many_lines="x\n\n    *code*\ny *z*", items=["~a", "b~~c", "d ~e~"])
@example(one_line="", many_lines="a | b\n:--\n\nc | d\n|---|---|\n\ne\n===\nf\n-", items=[])
@given(one_line=texts(newlines=False), many_lines=texts(newlines=True), items=st.lists(texts(True)))
def test_answers_round_trip_property(
    scratch: Path, one_line: str, many_lines: str, items: list[str]
) -> None:
    normalized = [
        normalize_text(one_line),
        normalize_text(many_lines),
        *(" ".join(normalize_text(i).split("\n")).strip() for i in items),
    ]
    if any(_control(t) for t in normalized):
        # Control characters (NUL, ESC ...) would make the note unreadable: refused up front.
        with pytest.raises(ValueError, match="control character"):
            for q, value in ((ONE_LINE, one_line), (MANY_LINES, many_lines), (ITEMS, items)):
                coerce_answer(q, value)
        return
    expected_text = normalize_text(one_line) or None
    assert coerce_answer(ONE_LINE, one_line) == expected_text
    expected_items = [" ".join(normalize_text(i).split("\n")).strip() for i in items]
    assert coerce_answer(ITEMS, items) == ([i for i in expected_items if i] or None)
    round_trip(scratch / "note.md", one_line, many_lines, items)


def test_answers_file_yaml_and_note_agree(tmp_path: Path) -> None:
    """The sample answers file is what a mentor scripts; the note keeps every value."""
    raw = yaml.safe_load((DATA / "kickoff-answers.yaml").read_text(encoding="utf-8"))
    kickoff = builtin("kickoff")
    values = answers_of(read_note(save(tmp_path / "note.md", kickoff, kickoff_answers())), kickoff)
    for qid, value in raw.items():
        q = kickoff.question(qid)
        assert q is not None
        assert values[qid] == coerce_answer(q, value)


def test_the_review_names_a_yes_no_answer_as_the_note_writes_it() -> None:
    from dtrcli.conversation.questions import describe, format_answer
    from dtrcli.conversation.schema import Question

    q = Question(id="ok", prompt="OK?", type="confirm")
    for value in (True, False):
        assert describe(q, value) == format_answer(q, value)
