"""The one place dtr reads and writes YAML.

Four readers, one per kind of file, all PyYAML's safe loader (the C one
where it is built):

* ``"plain"``: front matter and profiles, as YAML means them;
* ``"text-dates"``: templates and drafts, where a date stays text so it is
  checked like any answer (an impossible 2026-02-30 is then named as a bad
  default of its question, not a failure inside YAML);
* ``"strings"``: answers files, where every scalar but null stays text
  (``18:30`` is not the number 1110, ``1.10`` is not 1.1).

Every failure is a :class:`YamlProblem` with the line it was found at, so
each caller says it in its own sentence about its own file; :func:`line_of`
finds the line of a value that YAML read but its caller refuses.
"""

from __future__ import annotations

import functools
from typing import Any, Literal

Kind = Literal["plain", "text-dates", "strings"]


class YamlProblem(ValueError):
    """YAML that cannot be read: ``line`` (1-based, in the text given) and what is wrong."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line

    def at(self, offset: int = 0) -> str:
        """' at line N' (the text started ``offset`` lines into its file), or ''."""
        return f" at line {self.line + offset}" if self.line is not None else ""


def load(text: str, kind: Kind = "plain") -> Any:
    """Parse ``text``; raise :class:`YamlProblem` for anything YAML cannot read.

    Plain YAML of the flat shape dtr writes itself is read by :mod:`quickyaml`,
    which gives the same values without PyYAML's cost (listings read thousands).
    """
    if kind == "plain":
        from dtrcli.notebook import quickyaml

        quick = quickyaml.load(text)
        if quick is not None:
            return quick
    import yaml

    try:
        return yaml.load(text, Loader=_loader(kind))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise YamlProblem(problem, mark.line + 1 if mark is not None else None) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot build
        raise YamlProblem(f"a value that cannot be read ({exc})") from None


def line_of(text: str, *keys: str | int) -> int | None:
    """The line (1-based) where the value reached by ``keys`` (mapping keys, list
    indexes) starts in ``text``, to name it in a message; None when it cannot be found."""
    import yaml

    try:
        node = yaml.compose(text, Loader=_loader("plain"))
    except yaml.YAMLError:
        return None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if str(k.value) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if 0 <= key < len(node.value) else None
        else:
            node = None
        if node is None:
            return None
    return node.start_mark.line + 1 if node is not None else None


def dump(data: Any, width: int | None = None) -> str:
    """YAML as dtr writes it: keys in order, any script as itself (``width``: where long
    values may wrap; front matter keeps each value on its line)."""
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=width)


@functools.cache
def _loader(kind: Kind) -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if kind == "plain":
        return base
    keep = {
        "text-dates": lambda tag: tag != "tag:yaml.org,2002:timestamp",
        "strings": lambda tag: tag == "tag:yaml.org,2002:null",
    }[kind]
    return type(
        f"{kind.title().replace('-', '')}Loader",
        (base,),
        {
            "yaml_implicit_resolvers": {
                first: [(tag, rx) for tag, rx in resolvers if keep(tag)]
                for first, resolvers in base.yaml_implicit_resolvers.items()
            }
        },
    )
