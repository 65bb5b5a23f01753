"""Answers given without prompts: reading the file and fitting it to a template."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from dtrcli.conversation.answers import read_answers_file, resolve_answers
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import load_registry, parse_template
from dtrcli.errors import AnswersError
from tests.support import DATA


@pytest.fixture
def kickoff() -> Template:
    return load_registry().get("kickoff")


def problems_of(template: Template, given: dict[str, Any]) -> str:
    with pytest.raises(AnswersError) as info:
        resolve_answers(template, given)
    return str(info.value)


# --- resolve_answers -------------------------------------------------------------------


def test_sample_answers_fit_the_kickoff(kickoff: Template) -> None:
    answers = resolve_answers(kickoff, read_answers_file(str(DATA / "kickoff-answers.yaml")))
    assert answers["meeting_time"] == "Tuesdays 18:00"
    assert answers["best_times"] == ["Weekday evenings", "Weekends"]
    assert answers["followups"] == [
        "Alice shares her project repo",
        "Sam sends the SQL joins article",
    ]
    assert answers["mentee_background"].endswith("tools for teachers.")


def test_only_the_required_answers_are_needed(kickoff: Template) -> None:
    answers = resolve_answers(kickoff, {"meeting_time": "Tuesdays 18:00", "channel": "Slack"})
    assert answers["meeting_time"] == "Tuesdays 18:00"
    assert answers["channel"] == "Slack"
    assert answers["focus_topic"] is None
    assert answers["best_times"] is None
    assert set(answers) == {q.id for q in kickoff.questions}


def test_every_problem_is_listed_in_one_error(kickoff: Template) -> None:
    message = problems_of(
        kickoff,
        {
            "channel": "Slack",  # (its "Other" takes any text)
            "contact_frequency": "Pigeon",
            "meetng_time": "Tuesdays",
            "favourite_colour": "green",
            "best_times": ["Weekends", "Midnight"],
        },
    )
    assert message.startswith("The answers do not fit template 'kickoff': ")
    assert "missing required answer for meeting_time" in message
    assert "unknown question ids favourite_colour, meetng_time" in message
    assert "'contact_frequency': 'Pigeon' is not one of the choices (Daily, " in message
    assert "'best_times': 'Midnight' not among the choices" in message
    assert message.endswith("See 'dtr templates show kickoff'.")


def test_all_missing_required_answers_are_named(kickoff: Template) -> None:
    message = problems_of(kickoff, {})
    assert "missing required answers for meeting_time, channel" in message


def test_a_single_unknown_id(kickoff: Template) -> None:
    message = problems_of(kickoff, {"meeting_time": "Tue", "channel": "Slack", "focus": "SQL"})
    assert "unknown question id focus" in message
    assert "missing" not in message


def test_empty_required_answer_is_missing(kickoff: Template) -> None:
    message = problems_of(kickoff, {"meeting_time": "   ", "channel": "Slack"})
    assert "missing required answer for meeting_time" in message


def test_wrong_types_are_problems(kickoff: Template) -> None:
    message = problems_of(
        kickoff,
        {
            "meeting_time": "Tuesdays\n18:00",
            "channel": "Slack",
            "constraints": ["a", "list"],
            "review_topics": {"not": "a list"},
        },
    )
    assert "'meeting_time': expected one line of text" in message
    assert "'constraints': expected text" in message
    assert "'review_topics': expected a list of items" in message


SHAPED = parse_template(
    {
        "id": "shaped",
        "title": "Shaped",
        "sections": [
            {
                "title": "All",
                "questions": [
                    {"id": "rating", "prompt": "Rating?", "type": "scale", "default": 3},
                    {
                        "id": "channel",
                        "prompt": "Channel?",
                        "type": "select",
                        "choices": ["Slack", "Email"],
                        "default": "Slack",
                        "required": True,
                    },
                    {"id": "keep_going", "prompt": "Continue?", "type": "confirm"},
                    {
                        "id": "why_stop",
                        "prompt": "Why stop?",
                        "required": True,
                        "when": {"question": "keep_going", "equals": False},
                    },
                    {
                        "id": "plans",
                        "prompt": "Plans?",
                        "required": True,
                        "when": {"question": "keep_going", "equals": True},
                    },
                    {"id": "when_date", "prompt": "Date?", "type": "date", "default": "2024-09-03"},
                ],
            }
        ],
    }
)


def test_defaults_are_filled() -> None:
    answers = resolve_answers(SHAPED, {"keep_going": "yes", "plans": "More pairing"})
    assert answers == {
        "rating": 3,
        "channel": "Slack",
        "keep_going": True,
        "plans": "More pairing",
        "when_date": "2024-09-03",
    }


def test_given_values_win_over_defaults() -> None:
    answers = resolve_answers(
        SHAPED,
        {
            "rating": "5",
            "channel": "Email",
            "keep_going": False,
            "why_stop": "Moving abroad",
            "when_date": "2024-10-01",
        },
    )
    assert answers["rating"] == 5
    assert answers["channel"] == "Email"
    assert answers["why_stop"] == "Moving abroad"
    assert answers["when_date"] == "2024-10-01"
    assert "plans" not in answers


def test_questions_excluded_by_when_are_not_required() -> None:
    answers = resolve_answers(SHAPED, {"keep_going": False, "why_stop": "Time"})
    assert "plans" not in answers
    assert answers["why_stop"] == "Time"
    message = problems_of(SHAPED, {"keep_going": True})
    assert "missing required answer for plans" in message
    assert "why_stop" not in message
    # keep_going unanswered: neither branch applies, so neither is required
    answers = resolve_answers(SHAPED, {})
    assert answers["keep_going"] is None
    assert "why_stop" not in answers
    assert "plans" not in answers


def test_a_scale_answer_out_of_range() -> None:
    message = problems_of(SHAPED, {"rating": 9})
    assert "'rating': 9 is outside 1 to 5" in message
    assert "missing" not in message


def test_exit_follow_up_depends_on_continue_next() -> None:
    exit_t = load_registry().get("exit")
    assert "work_better" not in resolve_answers(exit_t, {"continue_next": "No"})
    answers = resolve_answers(exit_t, {"continue_next": "Not sure yet", "work_better": "Earlier"})
    assert answers["work_better"] == "Earlier"


# --- read_answers_file -------------------------------------------------------------------


def test_read_yaml(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "meeting_time: Tuesdays 18:00\nbest_times: [Weekends]\nnotes: |\n  one\n  two\n",
        encoding="utf-8",
    )
    assert read_answers_file(str(path)) == {
        "meeting_time": "Tuesdays 18:00",
        "best_times": ["Weekends"],
        "notes": "one\ntwo\n",
    }


def test_read_json(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    data = {"mentor_support": "Code review", "module_rating": 4, "meeting_rhythm": True}
    path.write_text(json.dumps(data), encoding="utf-8")
    answers = resolve_answers(load_registry().get("midmod"), read_answers_file(str(path)))
    assert answers["module_rating"] == 4
    assert answers["meeting_rhythm"] is True


def test_scalars_stay_as_written(tmp_path: Path) -> None:
    """YAML would read 18:30 as 1110 and 1.10 as 1.1; answers keep what was typed."""
    path = tmp_path / "answers.yaml"
    path.write_text(
        "meeting_time: 18:30\nfocus_topic: 1.10\nchannel: Slack\nnames_pronouns: yes\n",
        encoding="utf-8",
    )
    answers = resolve_answers(load_registry().get("kickoff"), read_answers_file(str(path)))
    assert answers["meeting_time"] == "18:30"
    assert answers["focus_topic"] == "1.10"
    assert answers["names_pronouns"] == "yes"


def test_answer_to_a_question_that_is_not_asked_is_an_error() -> None:
    given = {"continue_next": "No", "work_better": "More pairing"}
    with pytest.raises(AnswersError) as info:
        resolve_answers(load_registry().get("exit"), given)
    assert "work_better" in str(info.value) and "continue_next" in str(info.value)


def test_read_from_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"channel": "Slack"}'))
    assert read_answers_file("-") == {"channel": "Slack"}


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "null\n"])
def test_empty_file_means_no_answers(tmp_path: Path, text: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_answers_file(str(path)) == {}


@pytest.mark.parametrize("text", ["- a\n- b\n", "just words\n", "42\n", '["a"]'])
def test_non_mapping_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        read_answers_file(str(path))
    message = str(info.value)
    assert str(path) in message
    assert "must be a mapping of question id to answer" in message


def test_non_mapping_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("- a\n"))
    with pytest.raises(AnswersError, match="The answers in standard input must be a mapping"):
        read_answers_file("-")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(AnswersError) as info:
        read_answers_file(str(path))
    assert str(info.value) == f"The answers file {path} does not exist."


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(AnswersError) as info:
        read_answers_file(str(tmp_path))  # a folder
    assert str(info.value) == f"The answers file {tmp_path} is a folder, not a file."
    path = tmp_path / "latin1.yaml"
    path.write_bytes("channel: caf\xe9\n".encode("latin-1"))
    with pytest.raises(AnswersError) as info:
        read_answers_file(str(path))
    assert f"The answers file {path} cannot be read" in str(info.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("meeting_time: Tuesdays\nchannel: Slack\nfocus_topic: SQL: joins\n", 3),
        ("meeting_time: Tuesdays\n  channel: Slack\n", 2),
        ('{"channel": "Slack",, }', 1),
        ('meeting_time: Tuesdays\nchannel: "Sl\\qack"\n', 2),  # an escape YAML lacks
    ],
)
def test_invalid_yaml_names_the_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        read_answers_file(str(path))
    assert str(info.value).startswith(
        f"The answers in {path} are not valid YAML or JSON at line {line} ("
    )


def test_keys_become_text(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("1: one\nchannel: Slack\n", encoding="utf-8")
    assert read_answers_file(str(path)) == {"1": "one", "channel": "Slack"}
