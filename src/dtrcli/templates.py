"""Question templates: the schema, the loader and its validation.

A template is a YAML file. :data:`TEMPLATE_KEYS`, :data:`SECTION_KEYS` and
:data:`QUESTION_KEYS` are the single source of the schema: the loader
enforces them and ``docs/templates.md`` is generated from them (see
:func:`schema_markdown`). Unknown keys are errors, and every error names the
file, the question and the problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtrcli.errors import TemplateError

QUESTION_TYPES: dict[str, str] = {
    "text": "one line of text",
    "multiline": "several lines of text (Esc then Enter submits)",
    "select": "one of `choices`",
    "checkbox": "any number of `choices`",
    "confirm": "yes or no",
    "scale": "a whole number from `min` to `max` (1 to 5 unless set)",
    "date": "a date, YYYY-MM-DD",
    "list": "repeatable items, one per line (such as follow-ups)",
}

# key -> (what it holds, required?, description). The docs are generated from these.
TEMPLATE_KEYS: dict[str, tuple[str, bool, str]] = {
    "id": (
        "text",
        True,
        "Short name used on the command line (`dtr run ID NAME`) and in "
        "note file names: lower case letters, digits and hyphens.",
    ),
    "title": ("text", True, "Human title of the conversation, the note's heading."),
    "version": ("integer", False, "Version of the template, recorded in every note (default 1)."),
    "description": ("text", False, "What the conversation is for, shown by `dtr templates show`."),
    "weeks": (
        "integer or list of integers",
        False,
        "When in the six-week module the conversation belongs, e.g. `1` or `[3, 4]`.",
    ),
    "tags": ("list of text", False, "Extra tags written into every note's front matter."),
    "sections": ("list of sections", True, "The parts of the conversation, in order."),
}

SECTION_KEYS: dict[str, tuple[str, bool, str]] = {
    "title": ("text", True, "Heading of the section, shown during the interview and in the note."),
    "intro": (
        "text",
        False,
        "Text shown before the section's questions, not asked "
        "(e.g. the program's baseline expectations).",
    ),
    "questions": ("list of questions", False, "The questions of the section, in order."),
}

QUESTION_KEYS: dict[str, tuple[str, bool, str]] = {
    "id": (
        "text",
        True,
        "Unique in the template; the answers file and the note's markers use it: "
        "lower case letters, digits and underscores.",
    ),
    "prompt": ("text", True, "The question as asked."),
    "type": (
        "text",
        False,
        "One of: " + ", ".join(f"`{t}`" for t in QUESTION_TYPES) + " (default `text`).",
    ),
    "help": ("text", False, "A hint shown under the prompt."),
    "choices": ("list of text", False, "The options of a `select` or `checkbox` question."),
    "default": (
        "value",
        False,
        "The answer used when the mentor just presses Enter, and when "
        "an answers file leaves the question out. Must fit the type.",
    ),
    "required": ("yes/no", False, "If true the question cannot be skipped (default false)."),
    "min": ("integer", False, "Lowest value of a `scale` question (default 1)."),
    "max": ("integer", False, "Highest value of a `scale` question (default 5)."),
    "when": (
        "mapping",
        False,
        "Ask only if an earlier answer matches: `{question: ID, equals: "
        "VALUE}`, `{question: ID, in: [VALUES]}` or `{question: ID, answered: true}`. For a "
        "checkbox question `equals` means 'includes'.",
    ),
    "recall": (
        "text",
        False,
        "`TEMPLATE.QUESTION` (or `QUESTION` in the same template): the "
        "answer from the mentee's latest earlier note of that template, to show above "
        "the prompt.",
    ),
    "private": (
        "yes/no",
        False,
        "If true the answer is the mentor's alone and is left out of "
        "what is shared with the mentee (default false).",
    ),
    "profile": (
        "text",
        False,
        "`meets` or `channel`: after the conversation, offer to fill that empty field of the "
        "mentee's profile with this answer (the kick-off's agreed meeting time and channel).",
    ),
    "topic": (
        "text",
        False,
        "A theme shared by related questions across templates (e.g. "
        "`focus`), used to set conversations side by side.",
    ),
}

WHEN_KEYS = ("question", "equals", "in", "answered")
PROFILE_FIELDS = ("meets", "channel")

_TEMPLATE_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class When:
    question: str
    equals: Any = None
    in_: tuple[Any, ...] | None = None
    answered: bool | None = None

    def matches(self, answers: dict[str, Any]) -> bool:
        value = answers.get(self.question)
        if self.answered is not None:
            return (value not in (None, "", [])) == self.answered
        candidates = self.in_ if self.in_ is not None else (self.equals,)
        if isinstance(value, list):
            return any(c in value for c in candidates)
        return value in candidates


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    type: str = "text"
    help: str | None = None
    choices: tuple[str, ...] = ()
    default: Any = None
    required: bool = False
    min: int = 1
    max: int = 5
    when: When | None = None
    recall: str | None = None
    private: bool = False
    topic: str | None = None
    profile: str | None = None

    def applies(self, answers: dict[str, Any]) -> bool:
        """Whether the question is asked, given the answers so far."""
        return self.when is None or self.when.matches(answers)


@dataclass(frozen=True)
class Section:
    title: str
    intro: str | None = None
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    sections: tuple[Section, ...]
    version: int = 1
    description: str | None = None
    weeks: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)
    source: str = field(default="built-in", compare=False)

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, qid: str) -> Question | None:
        for q in self.questions:
            if q.id == qid:
                return q
        return None

    @property
    def when_text(self) -> str:
        if not self.weeks:
            return "any time"
        if len(self.weeks) == 1:
            return f"week {self.weeks[0]}"
        if list(self.weeks) == list(range(self.weeks[0], self.weeks[-1] + 1)):
            return f"weeks {self.weeks[0]}-{self.weeks[-1]}"
        return "weeks " + ", ".join(str(w) for w in self.weeks)


# --- answer values -----------------------------------------------------------


def coerce_answer(q: Question, value: Any) -> Any:
    """Check and normalise one answer for ``q``; raise ``ValueError`` with a reason.

    ``None`` (and an empty text or list) means "no answer" and is returned as None.
    """
    if value is None:
        return None
    t = q.type
    if t in ("text", "multiline"):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError("expected text")
        text = _no_control(normalize_text(str(value)))
        if t == "text" and "\n" in text:
            raise ValueError("expected one line of text")
        return text or None
    if t == "select":
        if not isinstance(value, str) or value not in q.choices:
            raise ValueError(f"{value!r} is not one of the choices ({', '.join(q.choices)})")
        return value
    if t == "checkbox":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValueError("expected a list of choices")
        bad = [v for v in items if not isinstance(v, str) or v not in q.choices]
        if bad:
            raise ValueError(
                f"{', '.join(repr(b) for b in bad)} not among the choices ({', '.join(q.choices)})"
            )
        chosen = [c for c in q.choices if c in items]
        return chosen or None
    if t == "confirm":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("yes", "y", "true"):
            return True
        if isinstance(value, str) and value.strip().lower() in ("no", "n", "false"):
            return False
        raise ValueError("expected yes or no")
    if t == "scale":
        if isinstance(value, bool):
            raise ValueError(f"expected a whole number from {q.min} to {q.max}")
        if not str(value).strip():
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(f"expected a whole number from {q.min} to {q.max}") from None
        if not q.min <= number <= q.max:
            raise ValueError(f"{number} is outside {q.min} to {q.max}")
        return number
    if t == "date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        if not text:
            return None
        if text == "today":
            from dtrcli.store import today

            return today().isoformat()
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(f"{text!r} is not a day of the calendar") from None
            raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD") from None
    if t == "list":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValueError("expected a list of items")
        out = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise ValueError("expected each item to be text")
            text = _no_control(" ".join(normalize_text(str(item)).split("\n")).strip())
            if text:
                out.append(text)
        return out or None
    raise ValueError(f"unknown type {t!r}")  # pragma: no cover - rejected when loading


def _no_control(text: str) -> str:
    """Refuse control characters (other than newline and tab): notes must stay text."""
    for ch in text:
        if ch not in "\n\t" and unicodedata.category(ch) == "Cc":
            raise ValueError(f"the text contains a control character ({ch!r})")
    return text


def normalize_text(text: str) -> str:
    """Line endings to ``\\n``, trailing spaces and blank edges removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


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
    if not isinstance(qid, str) or not _QUESTION_ID.match(qid):
        raise TemplateError(
            f"{where}: question id {qid!r} must be lower case letters, digits and underscores."
        )
    where = f"{where}: question '{qid}'"
    _unknown(raw, QUESTION_KEYS, where)
    if qid in seen:
        raise TemplateError(f"{where}: the id is used twice.")
    qtype = raw.get("type", "text")
    if qtype not in QUESTION_TYPES:
        raise TemplateError(f"{where}: type '{qtype}' is not one of {', '.join(QUESTION_TYPES)}.")
    prompt = _text(raw.get("prompt"), where, "prompt", required=True, line=True)
    choices_raw = raw.get("choices")
    choices: tuple[str, ...] = ()
    if qtype in ("select", "checkbox"):
        if not isinstance(choices_raw, list) or not choices_raw:
            raise TemplateError(f"{where}: a {qtype} question needs a list of 'choices'.")
        if not all(
            isinstance(c, str | int | float) and not isinstance(c, bool) for c in choices_raw
        ):
            raise TemplateError(f"{where}: every choice must be text.")
        choices = tuple(str(c).strip() for c in choices_raw)
        for c in choices:
            _one_line(c, where, f"the choice {c!r}")
        if len(set(choices)) != len(choices):
            raise TemplateError(f"{where}: a choice is listed twice.")
    elif choices_raw is not None:
        raise TemplateError(f"{where}: 'choices' only applies to select and checkbox questions.")
    bounds = {}
    for key, fallback in (("min", 1), ("max", 5)):
        value = raw.get(key)
        if value is not None and qtype != "scale":
            raise TemplateError(f"{where}: '{key}' only applies to scale questions.")
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
        or not re.match(r"^([a-z][a-z0-9-]*\.)?[a-z][a-z0-9_]*$", recall)
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
    )
    if raw.get("default") is not None:
        try:
            default = coerce_answer(q, raw["default"])
        except ValueError as exc:
            raise TemplateError(f"{where}: the default does not fit: {exc}.") from None
        q = Question(**{**q.__dict__, "default": default})
    return q


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
    one_of = {"checkbox": "select", "list": "text"}
    probe = Question(**{**earlier.__dict__, "type": one_of.get(earlier.type, earlier.type)})
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
    if not isinstance(tid, str) or not _TEMPLATE_ID.match(tid):
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
        sections.append(Section(title=stitle, intro=intro, questions=tuple(questions)))
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


def load_template(path: Path, source: str = "user") -> Template:
    """Read and validate one template file."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateError(f"{path}: is not UTF-8 text; save it as UTF-8.") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        data = yaml.load(text, Loader=text_dates_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise TemplateError(f"{path}: not valid YAML{at}: {problem}.") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot build
        raise TemplateError(f"{path}: holds a value that cannot be read ({exc}).") from None
    return parse_template(data, path, source)


@functools.cache
def text_dates_loader() -> Any:
    """YAML's safe loader (the C one where built), reading dates as text.

    For templates and drafts: a date is checked like any answer (so 2026-02-30
    in a template is named as a bad default of its question) instead of failing
    inside YAML.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    timestamp = "tag:yaml.org,2002:timestamp"
    return type(
        "TemplateLoader",
        (base,),
        {
            "yaml_implicit_resolvers": {
                first: [(tag, rx) for tag, rx in resolvers if tag != timestamp]
                for first, resolvers in base.yaml_implicit_resolvers.items()
            }
        },
    )


def builtin_dir() -> Path:
    return Path(__file__).resolve().parent / "templates"


def user_dir() -> Path:
    from dtrcli.store import config_home

    return config_home() / "templates"


@dataclass
class Registry:
    """Every template dtr knows, and the problems met while loading them."""

    templates: dict[str, Template]
    problems: list[str]

    def get(self, tid: str) -> Template:
        if tid in self.templates:
            return self.templates[tid]
        known = ", ".join(sorted(self.templates)) or "none"
        close = difflib.get_close_matches(tid, list(self.templates), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise TemplateError(
            f"There is no template '{tid}'; {hint}known templates: {known} "
            "(see 'dtr templates list')."
        )


def check_recalls(template: Template, known: dict[str, Template]) -> None:
    """Raise if a ``recall`` points to a template or question that does not exist."""
    for q in template.questions:
        if q.recall is None:
            continue
        tid, _, qid = q.recall.rpartition(".")
        tid = tid or template.id
        target = template if tid == template.id else known.get(tid)
        where = f"{template.path or template.id}: question '{q.id}'"
        if target is None:
            raise TemplateError(f"{where}: 'recall' names template '{tid}', which does not exist.")
        if target.question(qid) is None:
            raise TemplateError(
                f"{where}: 'recall' names question '{qid}', which template '{tid}' does not have."
            )


def load_registry() -> Registry:
    """Built-in templates, then the user's (a user template replaces a built-in one)."""
    templates: dict[str, Template] = {}
    problems: list[str] = []
    for folder, source in ((builtin_dir(), "built-in"), (user_dir(), "user")):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            try:
                t = load_template(path, source)
            except TemplateError as exc:
                problems.append(str(exc))
                continue
            earlier = templates.get(t.id)
            if earlier is not None and earlier.source == source:
                problems.append(
                    f"{path} and {earlier.path} both define template '{t.id}'; using {path}."
                )
            templates[t.id] = t
    for t in templates.values():
        # A recall that points nowhere (say a user's own kick-off replaced the built-in one)
        # only loses the reminder, so the template stays usable and the problem is reported.
        try:
            check_recalls(t, templates)
        except TemplateError as exc:
            problems.append(f"{exc} That reminder is not shown.")
    return Registry(templates, problems)


def template_to_data(t: Template) -> dict[str, Any]:
    """A template as plain data (for ``dtr templates show --json``)."""
    sections = []
    for s in t.sections:
        questions = []
        for q in s.questions:
            item: dict[str, Any] = {"id": q.id, "prompt": q.prompt, "type": q.type}
            if q.help:
                item["help"] = q.help
            if q.choices:
                item["choices"] = list(q.choices)
            if q.default is not None:
                item["default"] = q.default
            if q.required:
                item["required"] = True
            if q.type == "scale":
                item["min"], item["max"] = q.min, q.max
            if q.when is not None:
                w: dict[str, Any] = {"question": q.when.question}
                if q.when.answered is not None:
                    w["answered"] = q.when.answered
                elif q.when.in_ is not None:
                    w["in"] = list(q.when.in_)
                else:
                    w["equals"] = q.when.equals
                item["when"] = w
            if q.recall:
                item["recall"] = q.recall
            if q.private:
                item["private"] = True
            if q.topic:
                item["topic"] = q.topic
            if q.profile:
                item["profile"] = q.profile
            questions.append(item)
        section: dict[str, Any] = {"title": s.title}
        if s.intro:
            section["intro"] = s.intro
        section["questions"] = questions
        sections.append(section)
    data: dict[str, Any] = {"id": t.id, "title": t.title, "version": t.version}
    if t.description:
        data["description"] = t.description
    if t.weeks:
        data["weeks"] = list(t.weeks)
    if t.tags:
        data["tags"] = list(t.tags)
    data["sections"] = sections
    data["source"] = t.source
    data["path"] = str(t.path) if t.path else None
    return data


def schema_markdown() -> str:
    """The reference tables of docs/templates.md, generated from the key tables above."""
    out = []
    for title, keys in (
        ("Template keys", TEMPLATE_KEYS),
        ("Section keys", SECTION_KEYS),
        ("Question keys", QUESTION_KEYS),
    ):
        out.append(f"### {title}\n")
        out.append("| key | holds | required | meaning |")
        out.append("|---|---|---|---|")
        for key, (holds, required, text) in keys.items():
            out.append(f"| `{key}` | {holds} | {'yes' if required else 'no'} | {text} |")
        out.append("")
    out.append("### Question types\n")
    out.append("| type | answer |")
    out.append("|---|---|")
    for qtype, text in QUESTION_TYPES.items():
        out.append(f"| `{qtype}` | {text} |")
    return "\n".join(out) + "\n"
