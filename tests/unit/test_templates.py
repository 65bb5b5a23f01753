"""The template loader, its error messages, the built-in templates and answer values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from dtrcli.conversation.questions import TYPES as QUESTION_TYPES
from dtrcli.conversation.questions import coerce_answer
from dtrcli.conversation.schema import (
    QUESTION_KEYS,
    SECTION_KEYS,
    TEMPLATE_KEYS,
    Question,
    When,
)
from dtrcli.conversation.templates import (
    check_recalls,
    load_registry,
    load_template,
    parse_template,
    schema_markdown,
)
from dtrcli.errors import TemplateError


def template_data(*questions: dict[str, Any], **top: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "practice", "title": "Practice DTR"}
    data.update(top)
    data["sections"] = [{"title": "Only section", "questions": list(questions)}]
    return data


def write_yaml(folder: Path, data: Any, name: str = "practice.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def load_error(folder: Path, data: Any) -> tuple[Path, str]:
    """Write ``data`` as a template file, load it, and return (path, the error message)."""
    path = write_yaml(folder, data)
    with pytest.raises(TemplateError) as info:
        load_template(path)
    return path, str(info.value)


# --- loader errors: each names the file, the question and the problem ---------


def test_unknown_question_key_names_file_question_and_suggests_the_right_key(
    tmp_path: Path,
) -> None:
    path, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?", "tpye": "text"}))
    assert str(path) in message
    assert "question 'a'" in message
    assert "unknown key 'tpye'" in message
    assert "did you mean 'type'?" in message


def test_unknown_key_without_a_close_match_has_no_hint(tmp_path: Path) -> None:
    path, message = load_error(
        tmp_path, template_data({"id": "a", "prompt": "A?", "zzzzzz": "text"})
    )
    assert str(path) in message
    assert "question 'a'" in message
    assert "unknown key 'zzzzzz'" in message
    assert "did you mean" not in message


def test_unknown_template_key_suggests_the_right_key(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?"}, weks=1))
    assert str(path) in message
    assert "unknown key 'weks'" in message
    assert "did you mean 'weeks'?" in message


def test_duplicate_question_id(tmp_path: Path) -> None:
    path, message = load_error(
        tmp_path,
        template_data({"id": "goal", "prompt": "First?"}, {"id": "goal", "prompt": "Second?"}),
    )
    assert str(path) in message
    assert "question 'goal'" in message
    assert "used twice" in message


def test_duplicate_question_id_across_sections(tmp_path: Path) -> None:
    data = template_data({"id": "goal", "prompt": "First?"})
    data["sections"].append({"title": "Later", "questions": [{"id": "goal", "prompt": "Again?"}]})
    path, message = load_error(tmp_path, data)
    assert str(path) in message
    assert "question 'goal'" in message
    assert "used twice" in message


def test_unknown_type_lists_the_known_types(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?", "type": "txt"}))
    assert str(path) in message
    assert "question 'a'" in message
    assert "type 'txt'" in message
    for qtype in QUESTION_TYPES:
        assert qtype in message


@pytest.mark.parametrize("qtype", ["select", "checkbox"])
@pytest.mark.parametrize("choices", [None, []], ids=["no-choices", "empty-choices"])
def test_select_and_checkbox_need_choices(
    tmp_path: Path, qtype: str, choices: list[str] | None
) -> None:
    question: dict[str, Any] = {"id": "pick", "prompt": "Pick?", "type": qtype}
    if choices is not None:
        question["choices"] = choices
    path, message = load_error(tmp_path, template_data(question))
    assert str(path) in message
    assert "question 'pick'" in message
    assert f"a {qtype} question needs a list of 'choices'" in message


def test_choices_on_a_text_question(tmp_path: Path) -> None:
    path, message = load_error(
        tmp_path, template_data({"id": "a", "prompt": "A?", "choices": ["x", "y"]})
    )
    assert str(path) in message
    assert "question 'a'" in message
    assert "'choices' only applies to select and checkbox questions" in message


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (
            {"type": "select", "choices": ["x", "y"], "default": "z"},
            "'z' is not one of the choices",
        ),
        (
            {"type": "checkbox", "choices": ["x", "y"], "default": ["z"]},
            "'z' not among the choices",
        ),
        ({"type": "scale", "default": 9}, "9 is outside 1 to 5"),
        ({"type": "scale", "min": 0, "max": 10, "default": 11}, "11 is outside 0 to 10"),
        ({"type": "scale", "default": "lots"}, "expected a whole number from 1 to 5"),
        ({"type": "date", "default": "soon"}, "'soon' is not a date in the form YYYY-MM-DD"),
        ({"type": "date", "default": "2026-02-30"}, "'2026-02-30' is not a day of the calendar"),
        ({"type": "confirm", "default": "maybe"}, "expected yes or no"),
        ({"type": "text", "default": "two\nlines"}, "expected one line of text"),
    ],
    ids=[
        "select",
        "checkbox",
        "scale-range",
        "scale-custom-range",
        "scale-word",
        "date",
        "date-no-such-day",
        "confirm",
        "text-newline",
    ],
)
def test_default_that_does_not_fit_the_type(
    tmp_path: Path, extra: dict[str, Any], reason: str
) -> None:
    path, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?", **extra}))
    assert str(path) in message
    assert "question 'a'" in message
    assert "the default does not fit" in message
    assert reason in message


def test_defaults_that_fit_are_normalised() -> None:
    t = parse_template(
        template_data(
            {"id": "s", "prompt": "S?", "type": "scale", "default": "4"},
            {"id": "c", "prompt": "C?", "type": "confirm", "default": "yes"},
            {"id": "d", "prompt": "D?", "type": "date", "default": dt.date(2024, 3, 5)},
            {"id": "b", "prompt": "B?", "type": "checkbox", "choices": ["x", "y"], "default": "y"},
        )
    )
    assert [q.default for q in t.questions] == [4, True, "2024-03-05", ["y"]]


@pytest.mark.parametrize(
    "questions",
    [
        [
            {"id": "a", "prompt": "A?", "when": {"question": "b", "equals": "x"}},
            {"id": "b", "prompt": "B?"},
        ],
        [{"id": "a", "prompt": "A?", "when": {"question": "nowhere", "equals": "x"}}],
        [{"id": "a", "prompt": "A?", "when": {"question": "a", "answered": True}}],
    ],
    ids=["later", "missing", "itself"],
)
def test_when_must_point_at_an_earlier_question(
    tmp_path: Path, questions: list[dict[str, Any]]
) -> None:
    target = questions[0]["when"]["question"]
    path, message = load_error(tmp_path, template_data(*questions))
    assert str(path) in message
    assert "question 'a'" in message
    assert f"'when' refers to '{target}', which is not an earlier question" in message


@pytest.mark.parametrize(
    ("earlier", "when", "reason"),
    [
        (
            {"type": "select", "choices": ["x", "y"]},
            {"equals": "z"},
            "'z' is not one of the choices",
        ),
        ({"type": "checkbox", "choices": ["x", "y"]}, {"in": ["x", "z"]}, "'z' is not one of"),
        ({"type": "scale"}, {"in": [3, 9]}, "9 is outside 1 to 5"),
        ({"type": "confirm"}, {"equals": "perhaps"}, "expected yes or no"),
        ({"type": "date"}, {"equals": "next week"}, "'next week' is not a date"),
    ],
    ids=["select", "checkbox", "scale", "confirm", "date"],
)
def test_when_compares_with_a_value_the_question_cannot_have(
    tmp_path: Path, earlier: dict[str, Any], when: dict[str, Any], reason: str
) -> None:
    path, message = load_error(
        tmp_path,
        template_data(
            {"id": "first", "prompt": "First?", **earlier},
            {"id": "second", "prompt": "Second?", "when": {"question": "first", **when}},
        ),
    )
    assert str(path) in message
    assert "question 'second'" in message
    assert "'when' compares 'first' with a value it cannot have" in message
    assert reason in message


@pytest.mark.parametrize(
    "when",
    [
        {"question": "first"},
        {"question": "first", "equals": "x", "answered": True},
    ],
    ids=["no-test", "two-tests"],
)
def test_when_needs_exactly_one_test(tmp_path: Path, when: dict[str, Any]) -> None:
    path, message = load_error(
        tmp_path,
        template_data(
            {"id": "first", "prompt": "First?"},
            {"id": "second", "prompt": "Second?", "when": when},
        ),
    )
    assert str(path) in message
    assert "question 'second'" in message
    assert "exactly one of equals, in or answered" in message


def test_unknown_key_in_when_suggests_the_right_key(tmp_path: Path) -> None:
    path, message = load_error(
        tmp_path,
        template_data(
            {"id": "first", "prompt": "First?"},
            {"id": "second", "prompt": "Second?", "when": {"question": "first", "equal": "x"}},
        ),
    )
    assert str(path) in message
    assert "question 'second'" in message
    assert "unknown key 'equal'" in message
    assert "did you mean 'equals'?" in message


def recall_template(recall: str) -> dict[str, Any]:
    return template_data({"id": "echo", "prompt": "Still true?", "recall": recall})


def test_check_recalls_names_a_missing_template(tmp_path: Path) -> None:
    t = load_template(write_yaml(tmp_path, recall_template("nosuch.focus_topic")))
    with pytest.raises(TemplateError) as info:
        check_recalls(t, load_registry().templates)
    message = str(info.value)
    assert str(t.path) in message
    assert "question 'echo'" in message
    assert "'recall' names template 'nosuch', which does not exist" in message


def test_check_recalls_names_a_missing_question(tmp_path: Path) -> None:
    t = load_template(write_yaml(tmp_path, recall_template("kickoff.no_such_question")))
    with pytest.raises(TemplateError) as info:
        check_recalls(t, load_registry().templates)
    message = str(info.value)
    assert str(t.path) in message
    assert "question 'echo'" in message
    assert "'recall' names question 'no_such_question'" in message
    assert "template 'kickoff' does not have" in message


def test_check_recalls_accepts_existing_targets(tmp_path: Path) -> None:
    known = load_registry().templates
    for recall in ("kickoff.focus_topic", "midmod.struggles"):
        t = load_template(write_yaml(tmp_path, recall_template(recall)))
        check_recalls(t, known)  # no error
    same = parse_template(
        template_data(
            {"id": "goal", "prompt": "Goal?"},
            {"id": "echo", "prompt": "Again?", "recall": "goal"},
        )
    )
    check_recalls(same, {})  # a bare question id means the same template


def test_check_recalls_bare_id_missing_in_same_template() -> None:
    t = parse_template(template_data({"id": "echo", "prompt": "Again?", "recall": "goal"}))
    with pytest.raises(TemplateError) as info:
        check_recalls(t, {})
    message = str(info.value)
    assert "practice" in message
    assert "question 'echo'" in message
    assert "'recall' names question 'goal', which template 'practice' does not have" in message


@pytest.mark.parametrize(
    ("recall", "problem"),
    [
        ("nosuch.focus_topic", "'recall' names template 'nosuch', which does not exist"),
        ("kickoff.no_such_question", "'recall' names question 'no_such_question'"),
    ],
    ids=["template", "question"],
)
def test_registry_reports_a_user_template_with_a_bad_recall(
    user_templates: Path, recall: str, problem: str
) -> None:
    path = write_yaml(user_templates, recall_template(recall))
    registry = load_registry()
    found = [p for p in registry.problems if str(path) in p]
    assert len(found) == 1
    assert "question 'echo'" in found[0]
    assert problem in found[0]
    assert {"kickoff", "midmod", "exit"} <= set(registry.templates)


def test_bad_recall_syntax(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, recall_template("Kickoff/focus"))
    assert str(path) in message
    assert "question 'echo'" in message
    assert "'recall' must look like 'kickoff.focus_topic'" in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "id: practice\n"
        "title: Practice DTR\n"
        "sections:\n"
        "  - title: Only section\n"
        "    questions:\n"
        "      - id: a\n"
        "        prompt: [unclosed\n"
        "      - id: b\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as info:
        load_template(path)
    message = str(info.value)
    assert str(path) in message
    assert "not valid YAML at line 8" in message


@pytest.mark.parametrize("text", ["- just\n- a list\n", "plain words\n", "", "42\n"])
def test_a_template_file_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    message = str(info.value)
    assert str(path) in message
    assert "a template must be a mapping with id, title and sections" in message


def test_unreadable_template_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: caf\xe9\n".encode("latin-1"))
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert str(path) in str(info.value)
    assert "is not UTF-8 text" in str(info.value)


@pytest.mark.parametrize(
    "sections",
    [
        [{"title": "Empty"}],
        [{"title": "Empty", "questions": []}, {"title": "Also empty"}],
    ],
    ids=["one-section", "two-sections"],
)
def test_template_with_no_questions(tmp_path: Path, sections: list[dict[str, Any]]) -> None:
    data = {"id": "practice", "title": "Practice DTR", "sections": sections}
    path, message = load_error(tmp_path, data)
    assert str(path) in message
    assert "the template asks no questions" in message


def test_template_with_no_sections(tmp_path: Path) -> None:
    data = {"id": "practice", "title": "Practice DTR", "sections": []}
    path, message = load_error(tmp_path, data)
    assert str(path) in message
    assert "'sections' must be a list with at least one section" in message


@pytest.mark.parametrize("weeks", [0, 53, -1, [], [1, "x"], [2, 60], True, "1", 1.5], ids=repr)
def test_bad_weeks(tmp_path: Path, weeks: Any) -> None:
    path, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?"}, weeks=weeks))
    assert str(path) in message
    assert "'weeks' must be a week number or a list of them, e.g. [3, 4]" in message


@pytest.mark.parametrize(
    ("weeks", "expected", "text"),
    [
        (None, (), "any time"),
        (2, (2,), "week 2"),
        ([4, 3, 3], (3, 4), "weeks 3-4"),
        ([1, 5], (1, 5), "weeks 1, 5"),
    ],
)
def test_good_weeks(weeks: Any, expected: tuple[int, ...], text: str) -> None:
    top = {} if weeks is None else {"weeks": weeks}
    t = parse_template(template_data({"id": "a", "prompt": "A?"}, **top))
    assert t.weeks == expected
    assert t.when_text == text


@pytest.mark.parametrize("bad_id", ["Kickoff", "kick off", "1st", "", "kick_off", "kickoff\n"])
def test_bad_template_id(tmp_path: Path, bad_id: str) -> None:
    path, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?"}, id=bad_id))
    assert str(path) in message
    assert "'id' must be lower case letters, digits and hyphens" in message


@pytest.mark.parametrize("bad_id", ["Goal", "my-goal", "2goal", "", "goal\n"])
def test_bad_question_id(tmp_path: Path, bad_id: str) -> None:
    path, message = load_error(tmp_path, template_data({"id": bad_id, "prompt": "A?"}))
    assert str(path) in message
    assert repr(bad_id) in message
    assert "must be lower case letters, digits and underscores" in message


def test_missing_prompt(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, template_data({"id": "a"}))
    assert str(path) in message
    assert "question 'a'" in message
    assert "'prompt' is required" in message


@pytest.mark.parametrize("bad", ["Two\nlines?", "A <!-- b --> c?", "Ends -->"])
def test_prompt_is_one_line_without_comment_marks(tmp_path: Path, bad: str) -> None:
    """A prompt is a heading of every note: a line break would hide the answer's marker."""
    path, message = load_error(tmp_path, template_data({"id": "a", "prompt": bad}))
    assert str(path) in message and "question 'a'" in message and "'prompt'" in message


def test_titles_and_choices_are_one_line(tmp_path: Path) -> None:
    _, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?"}, title="T\nU"))
    assert "'title' must be one line" in message
    data = template_data({"id": "a", "prompt": "A?"})
    data["sections"][0]["title"] = "Part\none"
    _, message = load_error(tmp_path, data)
    assert "'title' must be one line" in message
    choice = {"id": "a", "prompt": "A?", "type": "select", "choices": ["Yes\nreally", "No"]}
    _, message = load_error(tmp_path, template_data(choice))
    assert "must be one line" in message and "Yes" in message


def test_an_empty_title_is_said_to_be_empty(tmp_path: Path) -> None:
    _, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?"}, title=""))
    assert "'title' is empty" in message


def test_a_folded_prompt_loses_its_final_line_break(tmp_path: Path) -> None:
    path = tmp_path / "folded.yaml"
    path.write_text(
        "id: folded\ntitle: Folded\nsections:\n  - title: S\n    questions:\n"
        "      - id: a\n        prompt: >\n          A long question\n          on two lines?\n",
        encoding="utf-8",
    )
    assert load_template(path).questions[0].prompt == "A long question on two lines?"


def test_an_impossible_date_written_as_a_yaml_date(tmp_path: Path) -> None:
    """Unquoted, YAML itself would try (and fail) to build 2026-02-30 as a date."""
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: bad\ntitle: Bad\nsections:\n  - title: S\n    questions:\n"
        "      - {id: due, prompt: Due?, type: date, default: 2026-02-30}\n"
        "      - {id: start, prompt: Start?, type: date, default: 2026-02-03}\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="question 'due'.*'2026-02-30' is not a day"):
        load_template(path)
    path.write_text(path.read_text(encoding="utf-8").replace("02-30", "02-28"), encoding="utf-8")
    assert [q.default for q in load_template(path).questions] == ["2026-02-28", "2026-02-03"]


def test_min_and_max_only_on_scale_and_in_order(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, template_data({"id": "a", "prompt": "A?", "max": 3}))
    assert str(path) in message
    assert "question 'a'" in message
    assert "'max' only applies to scale questions" in message
    path, message = load_error(
        tmp_path, template_data({"id": "a", "prompt": "A?", "type": "scale", "min": 5, "max": 5})
    )
    assert "question 'a'" in message
    assert "'min' must be smaller than 'max'" in message


# --- the built-in templates -------------------------------------------------------


def test_builtin_templates_load_without_problems() -> None:
    registry = load_registry()
    assert registry.problems == []
    assert {"kickoff", "midmod", "exit"} <= set(registry.templates)
    assert registry.get("kickoff").weeks == (1,)
    assert registry.get("midmod").weeks == (3, 4)
    assert registry.get("exit").weeks == (6,)
    for t in registry.templates.values():
        assert t.source == "built-in"
        check_recalls(t, registry.templates)


@pytest.mark.parametrize("tid", ["midmod", "exit", "checkin"])
def test_each_builtin_ends_with_a_followups_list(tid: str) -> None:
    last = load_registry().get(tid).questions[-1]
    assert last.id == "followups"
    assert last.type == "list"


def test_the_kickoff_ends_with_the_norms_both_agree_to() -> None:
    kickoff = load_registry().get("kickoff")
    assert kickoff.sections[-1].title == "Our agreement"
    assert [q.id for q in kickoff.sections[-1].questions] == ["norms", "norms_agreed"]
    assert kickoff.question("followups").type == "list"


def test_kickoff_opens_with_the_baseline_expectations() -> None:
    first = load_registry().get("kickoff").sections[0]
    assert first.intro is not None
    intro = " ".join(first.intro.split())
    assert "once a week" in intro
    assert "30 minutes or longer" in intro
    assert "within two working days" in intro
    assert "move a meeting or change a pairing" in intro


def test_registry_get_unknown_template_suggests_a_close_one() -> None:
    with pytest.raises(TemplateError) as info:
        load_registry().get("kickof")
    message = str(info.value)
    assert "There is no template 'kickof'" in message
    assert "did you mean 'kickoff'?" in message
    assert "exit, kickoff, midmod" in message


def test_user_template_replaces_a_builtin(user_templates: Path) -> None:
    path = write_yaml(
        user_templates,
        {
            "id": "kickoff",
            "title": "Our own kick-off",
            "sections": [
                {
                    "title": "All of it",
                    "questions": [
                        {"id": "meeting_time", "prompt": "When do we meet?"},
                        {"id": "improve_areas", "prompt": "What to improve?"},
                        {"id": "focus_topic", "prompt": "Focus?"},
                        {"id": "norms", "prompt": "What do we agree to?"},
                    ],
                }
            ],
        },
        name="my-kickoff.yaml",
    )
    registry = load_registry()
    assert registry.problems == []
    kickoff = registry.get("kickoff")
    assert kickoff.source == "user"
    assert kickoff.title == "Our own kick-off"
    assert kickoff.path == path
    assert registry.get("midmod").source == "built-in"


def test_user_template_with_yml_suffix_is_loaded(user_templates: Path) -> None:
    write_yaml(user_templates, template_data({"id": "a", "prompt": "A?"}), name="extra.yml")
    assert load_registry().get("practice").source == "user"


def test_broken_user_template_is_a_problem_and_builtins_still_load(user_templates: Path) -> None:
    broken = write_yaml(
        user_templates, template_data({"id": "a", "prompt": "A?", "type": "txt"}), name="bad.yaml"
    )
    good = write_yaml(
        user_templates, template_data({"id": "a", "prompt": "A?"}, id="good"), name="good.yaml"
    )
    registry = load_registry()
    assert len(registry.problems) == 1
    assert str(broken) in registry.problems[0]
    assert "question 'a'" in registry.problems[0]
    assert "type 'txt'" in registry.problems[0]
    assert {"kickoff", "midmod", "exit", "checkin", "note", "good"} == set(registry.templates)
    assert registry.get("good").path == good
    assert registry.get("kickoff").source == "built-in"


def test_broken_user_kickoff_leaves_the_builtin_kickoff(user_templates: Path) -> None:
    (user_templates / "kickoff.yaml").write_text("id: kickoff\ntitle: [oops\n", encoding="utf-8")
    registry = load_registry()
    assert len(registry.problems) == 1
    assert "kickoff.yaml" in registry.problems[0]
    assert "not valid YAML" in registry.problems[0]
    assert registry.get("kickoff").source == "built-in"


# --- answer values ------------------------------------------------------------


def q(qtype: str = "text", **kw: Any) -> Question:
    if qtype in ("select", "checkbox") and "choices" not in kw:
        kw["choices"] = ("Lunchtime", "Evenings", "Weekends")
    return Question(id="x", prompt="X?", type=qtype, **kw)


@pytest.mark.parametrize(
    ("question", "given", "expected"),
    [
        (q("text"), "Tuesdays 18:00   ", "Tuesdays 18:00"),
        (q("text"), "  indented", "  indented"),
        (q("text"), 42, "42"),
        (q("text"), "", None),
        (q("text"), "   ", None),
        (q("multiline"), "one  \r\ntwo\rthree\n\n", "one\ntwo\nthree"),
        (q("multiline"), "\n\n  \n", None),
        (q("select"), "Evenings", "Evenings"),
        (q("checkbox"), ["Weekends", "Lunchtime"], ["Lunchtime", "Weekends"]),
        (q("checkbox"), "Evenings", ["Evenings"]),
        (q("checkbox"), [], None),
        (q("confirm"), True, True),
        (q("confirm"), False, False),
        (q("confirm"), " Yes ", True),
        (q("confirm"), "y", True),
        (q("confirm"), "true", True),
        (q("confirm"), "NO", False),
        (q("confirm"), "n", False),
        (q("scale"), 3, 3),
        (q("scale"), " 5 ", 5),
        (q("scale"), "1", 1),
        (q("scale", min=0, max=10), 0, 0),
        (q("date"), dt.date(2024, 3, 5), "2024-03-05"),
        (q("date"), dt.datetime(2024, 3, 5, 14, 30), "2024-03-05"),
        (q("date"), " 2024-03-05 ", "2024-03-05"),
        (q("date"), "", None),
        (q("list"), "just one", ["just one"]),
        (q("list"), ["a", "  ", "b\nc", 7, "d  "], ["a", "b c", "7", "d"]),
        (q("list"), [], None),
    ],
    ids=lambda v: repr(v) if not isinstance(v, Question) else v.type,
)
def test_coerce_answer_good_values(question: Question, given: Any, expected: Any) -> None:
    assert coerce_answer(question, given) == expected


def test_coerce_date_today() -> None:
    assert coerce_answer(q("date"), "today") == dt.date.today().isoformat()


@pytest.mark.parametrize("qtype", list(QUESTION_TYPES))
def test_coerce_none_is_no_answer(qtype: str) -> None:
    assert coerce_answer(q(qtype), None) is None


@pytest.mark.parametrize(
    ("question", "given", "reason"),
    [
        (q("text"), "two\nlines", "expected one line of text"),
        (q("text"), True, "expected text"),
        (q("text"), ["a"], "expected text"),
        (q("multiline"), {"a": 1}, "expected text"),
        (q("select"), "Never", "'Never' is not one of the choices (Lunchtime, Evenings, Weekends)"),
        (q("select"), ["Evenings"], "is not one of the choices"),
        (q("checkbox"), ["Evenings", "Never"], "'Never' not among the choices"),
        (q("checkbox"), 5, "expected a list of choices"),
        (q("confirm"), "maybe", "expected yes or no"),
        (q("confirm"), 1, "expected yes or no"),
        (q("scale"), 0, "0 is outside 1 to 5"),
        (q("scale"), 6, "6 is outside 1 to 5"),
        (q("scale"), "great", "expected a whole number from 1 to 5"),
        (q("scale"), "2.5", "expected a whole number from 1 to 5"),
        (q("scale"), True, "expected a whole number from 1 to 5"),
        (q("scale", min=0, max=10), 11, "11 is outside 0 to 10"),
        (q("date"), "05/03/2024", "'05/03/2024' is not a date in the form YYYY-MM-DD"),
        (q("date"), "2024-02-30", "'2024-02-30' is not a day of the calendar"),
        (q("list"), 5, "expected a list of items"),
        (q("list"), ["ok", True], "expected each item to be text"),
        (q("list"), ["ok", ["nested"]], "expected each item to be text"),
    ],
    ids=lambda v: repr(v) if not isinstance(v, Question) else v.type,
)
def test_coerce_answer_bad_values(question: Question, given: Any, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        coerce_answer(question, given)
    assert reason in str(info.value)


# --- schema docs and conditions -------------------------------------------------


def test_schema_markdown_mentions_every_key_and_type() -> None:
    md = schema_markdown()
    for keys in (TEMPLATE_KEYS, SECTION_KEYS, QUESTION_KEYS):
        for key, (_holds, _required, text) in keys.items():
            assert f"| `{key}` |" in md
            assert text.split("{types}")[0] in md
    for qtype in QUESTION_TYPES:
        assert f"| `{qtype}` |" in md
    assert "One of: " + ", ".join(f"`{t}`" for t in QUESTION_TYPES) + " (default `text`)." in md


@pytest.mark.parametrize(
    ("when", "answers", "expected"),
    [
        (When("a", equals="x"), {"a": "x"}, True),
        (When("a", equals="x"), {"a": "y"}, False),
        (When("a", equals="x"), {}, False),
        (When("a", equals=3), {"a": 3}, True),
        (When("a", equals=True), {"a": False}, False),
        (When("a", in_=("x", "y")), {"a": "y"}, True),
        (When("a", in_=("x", "y")), {"a": "z"}, False),
        (When("a", in_=("x", "y")), {"a": None}, False),
        (When("a", answered=True), {"a": "x"}, True),
        (When("a", answered=True), {"a": False}, True),
        (When("a", answered=True), {"a": None}, False),
        (When("a", answered=True), {"a": ""}, False),
        (When("a", answered=True), {"a": []}, False),
        (When("a", answered=True), {}, False),
        (When("a", answered=False), {}, True),
        (When("a", answered=False), {"a": "x"}, False),
        # a checkbox answer is a list: equals means "includes", in means "includes any"
        (When("a", equals="x"), {"a": ["y", "x"]}, True),
        (When("a", equals="x"), {"a": ["y"]}, False),
        (When("a", in_=("x", "z")), {"a": ["y", "z"]}, True),
        (When("a", in_=("x", "z")), {"a": ["y"]}, False),
    ],
)
def test_when_matches(when: When, answers: dict[str, Any], expected: bool) -> None:
    assert when.matches(answers) is expected


def test_when_from_a_template_on_checkbox_and_confirm() -> None:
    t = parse_template(
        template_data(
            {"id": "times", "prompt": "When?", "type": "checkbox", "choices": ["Day", "Night"]},
            {"id": "night", "prompt": "Late?", "when": {"question": "times", "equals": "Night"}},
            {"id": "ok", "prompt": "OK?", "type": "confirm"},
            {"id": "why", "prompt": "Why not?", "when": {"question": "ok", "equals": "no"}},
        )
    )
    night, why = t.question("night"), t.question("why")
    assert night is not None and why is not None
    assert night.applies({"times": ["Day", "Night"]})
    assert not night.applies({"times": ["Day"]})
    assert not night.applies({})
    assert why.applies({"ok": False})
    assert not why.applies({"ok": True})
    assert not why.applies({})


def test_when_on_a_list_question_matches_one_of_its_items(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path,
        template_data(
            {"id": "followups", "prompt": "Follow-ups", "type": "list"},
            {
                "id": "why",
                "prompt": "Why the call?",
                "when": {"question": "followups", "equals": "Call"},
            },
        ),
    )
    question = load_template(path).question("why")
    assert question is not None
    assert question.applies({"followups": ["Email", "Call"]})
    assert not question.applies({"followups": ["Email"]})


def test_two_user_templates_with_one_id_are_reported(
    user_templates: Path,
) -> None:
    from dtrcli.conversation.templates import load_registry

    data = template_data({"id": "a", "prompt": "A?"})
    write_yaml(user_templates, data, "one.yaml")
    write_yaml(user_templates, data, "two.yaml")
    registry = load_registry()
    assert any("one.yaml" in p and "two.yaml" in p and "'practice'" in p for p in registry.problems)
