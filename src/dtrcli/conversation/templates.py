"""Loading templates: reading a YAML file, the registry, the schema's docs.

Each file's data is checked by :mod:`dtrcli.conversation.templatecheck`. Built-in
templates come first, then the user's own (``<config folder>/templates``), which
replace a built-in one of the same id.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtrcli.conversation.questions import TYPES
from dtrcli.conversation.schema import (
    QUESTION_KEYS,
    SECTION_KEYS,
    TEMPLATE_KEYS,
    Template,
)
from dtrcli.conversation.templatecheck import parse_template
from dtrcli.errors import TemplateError
from dtrcli.records import record

if TYPE_CHECKING:
    from dtrcli.conversation.templatecache import TextCache


def load_template(path: Path, source: str = "user", cache: TextCache | None = None) -> Template:
    """Read and validate one template file (its YAML's data from ``cache`` when the
    text is the one parsed before).

    A folder, a named pipe or a device is refused by name and a file over 1 MB by its
    size, before it is read (see docs/templates.md).
    """
    from dtrcli.notebook import files, yamlio

    def parse(text: str) -> Any:
        return yamlio.load(text, "text-dates")

    try:
        text = files.read_capped(path, "template").decode("utf-8")
    except files.Refused as exc:
        raise TemplateError(f"{path}: {exc}.") from None
    except UnicodeDecodeError:
        raise TemplateError(f"{path}: is not UTF-8 text; save it as UTF-8.") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        data = parse(text) if cache is None else cache.data(text, parse)
    except yamlio.YamlProblem as exc:
        if exc.own:
            raise TemplateError(exc.said(str(path))) from None
        if exc.line is None:
            raise TemplateError(f"{path}: holds {exc.problem}.") from None
        raise TemplateError(f"{path}: not valid YAML{exc.at()}: {exc.problem}.") from None
    return parse_template(data, path, source)


def builtin_dir() -> Path:
    """The built-in templates: the top-level ``templates/`` folder, found through the
    ``src/dtrcli/templates`` link in a checkout and as package data in a wheel."""
    return Path(__file__).resolve().parent.parent / "templates"


def user_dir() -> Path:
    from dtrcli.notebook.paths import config_home

    return config_home() / "templates"


@record
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
    from dtrcli.conversation import templatecache

    templates: dict[str, Template] = {}
    problems: list[str] = []
    cache = templatecache.opened()
    for folder, source in ((builtin_dir(), "built-in"), (user_dir(), "user")):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            try:
                t = load_template(path, source, cache)
            except TemplateError as exc:
                problems.append(str(exc))
                continue
            earlier = templates.get(t.id)
            if earlier is not None and earlier.source == source:
                problems.append(
                    f"{path} and {earlier.path} both define template '{t.id}'; using {path}."
                )
            templates[t.id] = t
    cache.save()
    for t in templates.values():
        # A recall that points nowhere (say a user's own kick-off replaced the built-in one)
        # only loses the reminder, so the template stays usable and the problem is reported.
        try:
            check_recalls(t, templates)
        except TemplateError as exc:
            problems.append(f"{exc} That reminder is not shown.")
    return Registry(templates, problems)


def template_of(template_id: str) -> Template | None:
    """The template a note names, if dtr knows it (None when not, or when the templates
    cannot be loaded: reading a note never stops on a template problem)."""
    from dtrcli.errors import DtrError

    try:
        return load_registry().templates.get(template_id)
    except DtrError:
        return None


def prompts_of(template_id: str) -> dict[str, tuple[str, bool]]:
    """{prompt: (question id, private?)} of a template (for notes whose markers were lost)."""
    template = template_of(template_id)
    if template is None:
        return {}
    return {q.prompt: (q.id, q.private) for q in template.questions}


BUILT_IN_COMMANDS = {"kickoff", "midmod", "exit", "checkin"}


def command_for(template_id: str, name: str) -> str:
    """The command that holds a conversation of ``template_id`` with ``name``."""
    from dtrcli.shell import quote

    who = quote(name)
    if template_id in BUILT_IN_COMMANDS:
        return f"dtr {template_id} {who}"
    return f"dtr run {quote(template_id)} {who}"


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
            text = text.replace("{types}", ", ".join(f"`{t}`" for t in TYPES))
            out.append(f"| `{key}` | {holds} | {'yes' if required else 'no'} | {text} |")
        out.append("")
    out.append("### Question types\n")
    out.append("| type | answer |")
    out.append("|---|---|")
    for qtype, kind in TYPES.items():
        out.append(f"| `{qtype}` | {kind.summary} |")
    return "\n".join(out) + "\n"
