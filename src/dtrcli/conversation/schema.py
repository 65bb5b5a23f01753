"""The template schema: its keys (the single source for the loader and the docs) and
the frozen records a loaded template is made of.

``docs/templates.md`` is generated from :data:`TEMPLATE_KEYS`,
:data:`SECTION_KEYS`, :data:`QUESTION_KEYS` and the question types (see
:func:`dtrcli.conversation.templates.schema_markdown`); the loader there enforces
the same tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dtrcli.patterns import Pattern
from dtrcli.records import field, record

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
    "dated_intro": (
        "mapping",
        False,
        "`{key_date: WORDS, text: TEXT}`: shown in place of `intro` when one of the "
        "mentee's key dates in the module has WORDS in its label (case, spaces and hyphens "
        "aside), e.g. the program's own mid-module assessment; TEXT may say `{label}` and "
        "`{when}` (its day, and its week of the module when the start is known).",
    ),
    "questions": ("list of questions", False, "The questions of the section, in order."),
}
DATED_INTRO_KEYS = ("key_date", "text")

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
        "One of: {types} (default `text`).",
    ),
    "help": ("text", False, "A hint shown under the prompt."),
    "choices": (
        "list of text",
        False,
        "The options of a `select` or `checkbox` question. One of them may be a mapping "
        "`{label: Other, other: true}`: picking it asks for text, and the text typed is "
        "the answer the note records (an answers file may give any text for it).",
    ),
    "default": (
        "value",
        False,
        "The answer used when the mentor just presses Enter, and when "
        "an answers file leaves the question out. Must fit the type. Text may name an "
        "earlier answer as `{ID}`; a line naming one that was not given is left out "
        "(the kick-off's norms are made so from its answers).",
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
CHOICE_KEYS = ("label", "other")  # a choice given as a mapping
# "{meeting_time}" in a default: the answer to that earlier question.
PLACEHOLDER = Pattern(r"\{([a-z][a-z0-9_]*)\}")
PROFILE_FIELDS = ("meets", "channel")


@record(frozen=True)
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


@record(frozen=True)
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
    other: str | None = None  # the choice that asks for text when picked ("Other")

    def applies(self, answers: dict[str, Any]) -> bool:
        """Whether the question is asked, given the answers so far."""
        return self.when is None or self.when.matches(answers)

    def default_for(self, answers: dict[str, Any]) -> Any:
        """The default, with each ``{ID}`` in its text the answer to that question; a line
        naming a question not answered is left out."""
        if isinstance(self.default, str):
            return fill(self.default, answers)
        if isinstance(self.default, list):
            return [line for item in self.default if (line := fill(item, answers))] or None
        return self.default

    @property
    def holds_followups(self) -> bool:
        """A list of follow-ups (its id or topic is ``followups``): each item may say who
        does it and by when."""
        return self.type == "list" and (self.id == "followups" or self.topic == "followups")


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else " ".join(str(value).split())


def put(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{NAME}`` the value of that name."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def fill(text: str, answers: dict[str, Any]) -> str | None:
    """``text`` with each ``{ID}`` the answer to that question; the lines naming an
    answer not given are left out (None if no line is left)."""
    lines = []
    for line in str(text).split("\n"):
        values = {qid: _as_text(answers.get(qid)) for qid in PLACEHOLDER.findall(line)}
        if all(values.values()):
            lines.append(put(line, values))
    return "\n".join(lines).strip("\n") or None


@record(frozen=True)
class Section:
    title: str
    intro: str | None = None
    questions: tuple[Question, ...] = ()
    dated_intro: tuple[str, str] | None = None  # (words of a key date's label, text)


@record(frozen=True)
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
                item["choices"] = [
                    {"label": c, "other": True} if c == q.other else c for c in q.choices
                ]
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
        if s.dated_intro:
            section["dated_intro"] = {"key_date": s.dated_intro[0], "text": s.dated_intro[1]}
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
