"""Answers given without prompts: ``--answers FILE`` (YAML or JSON, ``-`` for stdin)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from dtrcli.errors import AnswersError
from dtrcli.templates import Template, coerce_answer


def _answers_loader() -> type:
    """A YAML loader that keeps every scalar as text (only ``null`` / ``~`` are special).

    Plain YAML would read ``meeting_time: 18:30`` as the number 1110 and ``1.10`` as
    1.1; each answer is checked and converted against its question's type instead.
    """
    import yaml

    class AnswersLoader(yaml.SafeLoader):
        pass

    null = "tag:yaml.org,2002:null"
    AnswersLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag == null]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return AnswersLoader


def read_answers_file(source: str) -> dict[str, Any]:
    """Parse an answers file (a mapping of question id to value)."""
    import yaml

    name = "standard input" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersError(f"The answers file {source} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersError(f"The answers file {name} cannot be read ({exc}).") from None
    try:
        data = yaml.load(text, Loader=_answers_loader())  # JSON is YAML too
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise AnswersError(f"The answers in {name} are not valid YAML or JSON{at}.") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AnswersError(
            f"The answers in {name} must be a mapping of question id to answer, "
            "e.g. 'meeting_time: Tuesdays 18:00'."
        )
    return {str(k): v for k, v in data.items()}


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
            value = q.default
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
