"""Answers given without prompts: ``--answers FILE`` (YAML or JSON, ``-`` for stdin)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from dtrcli.conversation.questions import coerce_answer
from dtrcli.conversation.schema import Template
from dtrcli.errors import AnswersError


def read_answers_file(source: str) -> dict[str, Any]:
    """Parse an answers file (a mapping of question id to value).

    Every scalar but null stays text, to be checked against its question's type.
    """
    from dtrcli.notebook import files, yamlio

    name = "standard input" if source == "-" else source
    try:
        text = _read(source)
    except FileNotFoundError:
        raise AnswersError(f"The answers file {source} does not exist.") from None
    except files.Refused as exc:
        raise AnswersError(f"The answers file {name} {exc}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersError(f"The answers file {name} cannot be read ({exc}).") from None
    try:
        data = yamlio.load(text, "strings")  # JSON is YAML too
    except yamlio.YamlProblem as exc:
        if exc.own:
            raise AnswersError(exc.said(name)) from None
        raise AnswersError(
            f"The answers in {name} are not valid YAML or JSON{exc.at()} ({exc.problem})."
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AnswersError(
            f"The answers in {name} must be a mapping of question id to answer, "
            "e.g. 'meeting_time: Tuesdays 18:00'."
        )
    return {str(k): v for k, v in data.items()}


def _read(source: str) -> str:
    """The text of an answers file, of at most 1 MB: a folder is refused, while standard
    input, /dev/stdin or a shell's ``<(...)`` is read up to that size."""
    from dtrcli.notebook import files

    if source != "-":
        return files.read_capped(Path(source), "answers file", streams=True).decode("utf-8")
    text = sys.stdin.read(files.MAX_READ + 1)
    if len(text) > files.MAX_READ:
        limit = files.megabytes(files.MAX_READ)
        raise AnswersError(
            f"Standard input gives more than {limit} of answers, and dtr reads no answers "
            f"file over {limit}."
        )
    return text


def resolve_answers(template: Template, given: dict[str, Any]) -> dict[str, Any]:
    """Check answers against the template and fill defaults.

    Raises one error that lists every problem found.
    """
    problems: list[str] = []
    known = {q.id for q in template.questions}
    unknown = sorted(k for k in given if k not in known)
    if unknown:
        problems.append(
            f"unknown question id{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"
        )
    answers: dict[str, Any] = {}
    missing = []
    for q in template.questions:
        if not q.applies(answers):
            if given.get(q.id) not in (None, "", []):
                problems.append(
                    f"'{q.id}' is answered but not asked, given the answer to "
                    f"'{q.when.question if q.when else ''}'"
                )
            continue
        value = given.get(q.id)
        if value is None:
            value = q.default_for(answers)
        try:
            value = coerce_answer(q, value)
        except ValueError as exc:
            problems.append(f"'{q.id}': {exc}")
            continue
        if value is None and q.required:
            missing.append(q.id)
            continue
        answers[q.id] = value
    if missing:
        problems.insert(
            0, f"missing required answer{'s' if len(missing) > 1 else ''} for {', '.join(missing)}"
        )
    if problems:
        raise AnswersError(
            f"The answers do not fit template '{template.id}': "
            + "; ".join(problems)
            + f". See 'dtr templates show {template.id}'."
        )
    return answers
