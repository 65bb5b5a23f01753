"""A template's YAML data checked against the schema, into a :class:`Template`.

Unknown keys are errors, and every error names the file, the question and
the problem (with the likely key).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtrcli.conversation.questions import TYPES, coerce_answer
from dtrcli.conversation.schema import (
    CHOICE_KEYS,
    DATED_INTRO_KEYS,
    PLACEHOLDER,
    PROFILE_FIELDS,
    QUESTION_KEYS,
    SECTION_KEYS,
    TEMPLATE_KEYS,
    WHEN_KEYS,
    Question,
    Section,
    Template,
    When,
)
from dtrcli.errors import TemplateError
from dtrcli.patterns import Pattern

if TYPE_CHECKING:
    pass

_TEMPLATE_ID = Pattern(r"^[a-z][a-z0-9-]*$")
_QUESTION_ID = Pattern(r"^[a-z][a-z0-9_]*$")


# --- loading -----------------------------------------------------------------


def _unknown(keys: dict[str, Any], allowed: dict[str, Any] | tuple[str, ...], where: str) -> None:
    for key in keys:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise TemplateError(f"{where}: unknown key '{key}'{hint}.")


def _text(
    value: Any, where: str, key: str, required: bool = False, line: bool = False
) -> str | None:
    """Text from a template; ``line``: it becomes a heading of the note, so one line."""
    if value is None:
        if required:
            raise TemplateError(f"{where}: '{key}' is required.")
        return None
    if not isinstance(value, str):
        raise TemplateError(f"{where}: '{key}' must be text.")
    if required and not value.strip():
        raise TemplateError(f"{where}: '{key}' is empty; give it some text.")
    if line:
        value = value.strip()  # a folded YAML block (>) ends with a line break
        _one_line(value, where, f"'{key}'", " (it is a heading in the note); use 'help' for more")
    return value


def _one_line(value: str, where: str, what: str, why: str = "") -> None:
    if any(ch in value for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        raise TemplateError(f"{where}: {what} must be one line{why}.")
    if "<!--" in value or "-->" in value:
        raise TemplateError(f"{where}: {what} must not contain '<!--' or '-->'.")


def _bool(value: Any, where: str, key: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise TemplateError(f"{where}: '{key}' must be true or false.")
    return value


def _question(raw: Any, where: str, seen: dict[str, Question]) -> Question:
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}: each question must be a mapping with 'id' and 'prompt'.")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _QUESTION_ID.fullmatch(qid):
        raise TemplateError(
            f"{where}: question id {qid!r} must be lower case letters, digits and underscores."
        )
    where = f"{where}: question '{qid}'"
    _unknown(raw, QUESTION_KEYS, where)
    if qid in seen:
        raise TemplateError(f"{where}: the id is used twice.")
    qtype = raw.get("type", "text")
    if qtype not in TYPES:
        raise TemplateError(f"{where}: type '{qtype}' is not one of {', '.join(TYPES)}.")
    kind = TYPES[qtype]
    prompt = _text(raw.get("prompt"), where, "prompt", required=True, line=True)
    choices: tuple[str, ...] = ()
    other = None
    if "choices" in kind.keys:
        choices, other = _choices(raw.get("choices"), where, qtype)
    elif raw.get("choices") is not None:
        raise TemplateError(f"{where}: 'choices' only applies to {_takers('choices')} questions.")
    bounds = {}
    for key, fallback in (("min", 1), ("max", 5)):
        value = raw.get(key)
        if value is not None and key not in kind.keys:
            raise TemplateError(f"{where}: '{key}' only applies to {_takers(key)} questions.")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise TemplateError(f"{where}: '{key}' must be a whole number.")
        bounds[key] = fallback if value is None else value
    if bounds["min"] >= bounds["max"]:
        raise TemplateError(f"{where}: 'min' must be smaller than 'max'.")
    when = None
    if raw.get("when") is not None:
        when = _when(raw["when"], where, seen)
    recall = raw.get("recall")
    if recall is not None and (
        not isinstance(recall, str)
        or not re.fullmatch(r"([a-z][a-z0-9-]*\.)?[a-z][a-z0-9_]*", recall)
    ):
        raise TemplateError(f"{where}: 'recall' must look like 'kickoff.focus_topic'.")
    topic = _text(raw.get("topic"), where, "topic")
    profile = raw.get("profile")
    if profile is not None and profile not in PROFILE_FIELDS:
        raise TemplateError(f"{where}: 'profile' must be one of {', '.join(PROFILE_FIELDS)}.")
    q = Question(
        id=qid,
        prompt=prompt or "",
        type=qtype,
        help=_text(raw.get("help"), where, "help"),
        choices=choices,
        required=_bool(raw.get("required"), where, "required"),
        min=bounds["min"],
        max=bounds["max"],
        when=when,
        recall=recall,
        private=_bool(raw.get("private"), where, "private"),
        topic=topic,
        profile=profile,
        other=other,
    )
    if raw.get("default") is not None:
        try:
            default = coerce_answer(q, raw["default"])
        except ValueError as exc:
            raise TemplateError(f"{where}: the default does not fit: {exc}.") from None
        for text in default if isinstance(default, list) else [default]:
            for named in PLACEHOLDER.findall(text) if isinstance(text, str) else []:
                if named not in seen:
                    raise TemplateError(
                        f"{where}: the default names {{{named}}}, which is not an earlier question."
                    )
        q = Question(**{**q.__dict__, "default": default})
    return q


def _dated_intro(raw: Any, where: str) -> tuple[str, str] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise TemplateError(
            f"{where}: 'dated_intro' must be a mapping such as {{key_date: mid-mod, text: ...}}."
        )
    _unknown(raw, DATED_INTRO_KEYS, f"{where}: dated_intro")
    words = _text(raw.get("key_date"), f"{where}: dated_intro", "key_date", required=True)
    text = _text(raw.get("text"), f"{where}: dated_intro", "text", required=True)
    unknown = set(PLACEHOLDER.findall(text or "")) - {"label", "when"}
    if unknown:
        raise TemplateError(
            f"{where}: dated_intro: the text may name {{label}} and {{when}}, "
            f"not {{{sorted(unknown)[0]}}}."
        )
    return (words or "").strip(), text or ""


def _takers(key: str) -> str:
    """The types that take a type-specific key: 'select and checkbox'."""
    return " and ".join(name for name, kind in TYPES.items() if key in kind.keys)


def _choices(raw: Any, where: str, qtype: str) -> tuple[tuple[str, ...], str | None]:
    """The choices' labels, and the one that asks for text when picked (``other: true``)."""
    if not isinstance(raw, list) or not raw:
        raise TemplateError(f"{where}: a {qtype} question needs a list of 'choices'.")
    labels: list[Any] = []
    others: list[str] = []
    for c in raw:
        if isinstance(c, dict):
            _unknown(c, CHOICE_KEYS, f"{where}: a choice")
            if not isinstance(c.get("label"), str) or not c["label"].strip():
                raise TemplateError(
                    f"{where}: a choice given as a mapping needs a 'label', "
                    "e.g. {label: Other, other: true}."
                )
            if _bool(c.get("other"), where, "other"):
                others.append(c["label"].strip())
            c = c["label"]
        labels.append(c)
    if not all(isinstance(c, str | int | float) and not isinstance(c, bool) for c in labels):
        raise TemplateError(f"{where}: every choice must be text.")
    choices = tuple(str(c).strip() for c in labels)
    for c in choices:
        _one_line(c, where, f"the choice {c!r}")
    if len(set(choices)) != len(choices):
        raise TemplateError(f"{where}: a choice is listed twice.")
    if len(others) > 1:
        raise TemplateError(f"{where}: only one choice may ask for text ('other: true').")
    return choices, (others[0] if others else None)


def _when(raw: Any, where: str, seen: dict[str, Question]) -> When:
    if not isinstance(raw, dict):
        raise TemplateError(
            f"{where}: 'when' must be a mapping such as {{question: ID, equals: X}}."
        )
    _unknown(raw, WHEN_KEYS, f"{where}: when")
    target = raw.get("question")
    if target not in seen:
        raise TemplateError(
            f"{where}: 'when' refers to {target!r}, which is not an earlier question."
        )
    tests = [k for k in ("equals", "in", "answered") if k in raw]
    if len(tests) != 1:
        raise TemplateError(f"{where}: 'when' needs exactly one of equals, in or answered.")
    earlier = seen[target]
    if "answered" in raw:
        return When(question=target, answered=_bool(raw["answered"], where, "when.answered"))
    values = raw["in"] if "in" in raw else [raw["equals"]]
    if not isinstance(values, list) or not values:
        raise TemplateError(f"{where}: 'when.in' must be a list of values.")
    # For a checkbox or list question, `when` compares one of its items.
    probe = Question(**{**earlier.__dict__, "type": TYPES[earlier.type].item_type or earlier.type})
    checked = []
    for value in values:
        try:
            checked.append(coerce_answer(probe, value))
        except ValueError as exc:
            raise TemplateError(
                f"{where}: 'when' compares {target!r} with a value it cannot have: {exc}."
            ) from None
    if "in" in raw:
        return When(question=target, in_=tuple(checked))
    return When(question=target, equals=checked[0])


def _weeks(raw: Any, where: str) -> tuple[int, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    if not items or not all(
        isinstance(w, int) and not isinstance(w, bool) and 1 <= w <= 52 for w in items
    ):
        raise TemplateError(
            f"{where}: 'weeks' must be a week number or a list of them, e.g. [3, 4]."
        )
    return tuple(sorted(set(items)))


def parse_template(data: Any, path: Path | None = None, source: str = "built-in") -> Template:
    """Validate the parsed YAML of one template and build a :class:`Template`."""
    where = str(path) if path else "template"
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: a template must be a mapping with id, title and sections.")
    _unknown(data, TEMPLATE_KEYS, where)
    tid = data.get("id")
    if not isinstance(tid, str) or not _TEMPLATE_ID.fullmatch(tid):
        raise TemplateError(
            f"{where}: 'id' must be lower case letters, digits and hyphens, e.g. 'kickoff'."
        )
    title = _text(data.get("title"), where, "title", required=True, line=True) or ""
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise TemplateError(f"{where}: 'version' must be a whole number from 1 up.")
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise TemplateError(f"{where}: 'tags' must be a list of words.")
    sections_raw = data.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        raise TemplateError(f"{where}: 'sections' must be a list with at least one section.")
    seen: dict[str, Question] = {}
    sections = []
    for index, sraw in enumerate(sections_raw, start=1):
        swhere = f"{where}: section {index}"
        if not isinstance(sraw, dict):
            raise TemplateError(f"{swhere}: must be a mapping with a title and questions.")
        _unknown(sraw, SECTION_KEYS, swhere)
        stitle = _text(sraw.get("title"), swhere, "title", required=True, line=True) or ""
        intro = _text(sraw.get("intro"), swhere, "intro")
        qraw = sraw.get("questions") or []
        if not isinstance(qraw, list):
            raise TemplateError(f"{swhere}: 'questions' must be a list.")
        questions = []
        for item in qraw:
            q = _question(item, where, seen)
            seen[q.id] = q
            questions.append(q)
        sections.append(
            Section(
                title=stitle,
                intro=intro,
                questions=tuple(questions),
                dated_intro=_dated_intro(sraw.get("dated_intro"), swhere),
            )
        )
    if not seen:
        raise TemplateError(f"{where}: the template asks no questions.")
    return Template(
        id=tid,
        title=title,
        version=version,
        description=_text(data.get("description"), where, "description"),
        weeks=_weeks(data.get("weeks"), where),
        tags=tuple(tags),
        sections=tuple(sections),
        path=path,
        source=source,
    )
