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
each caller says it in its own sentence about its own file. Besides YAML's
own syntax, every reader refuses what YAML allows but no dtr file needs and
a hostile one uses (``own``: dtr's sentence, not PyYAML's): a key given twice
in one mapping (YAML would keep the last one silently), lists and mappings
nested more than :data:`MAX_DEPTH` deep, aliases that expand to more than
:data:`MAX_VALUES` values or into themselves, a number of more than
:data:`MAX_DIGITS` digits, an escape that is half a character, and any value
that cannot be built (an impossible date), each with its line. :func:`line_of`
finds the line of a value that YAML read but its caller refuses.
"""

from __future__ import annotations

import functools

from dtrcli.patterns import Pattern

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any, Literal

    Kind = Literal["plain", "text-dates", "strings"]

MAX_DEPTH = 100  # lists and mappings inside each other; a template needs 7
MAX_VALUES = 1_000_000  # values, each alias counted as the values it repeats
MAX_DIGITS = 100  # of a whole number; Python cannot even print one of 4,300
_DEEP = f"lists and mappings are nested more than {MAX_DEPTH} deep"
# What PyYAML's constructors raise for a value they cannot build ("!!bool maybe").
_CANNOT_BUILD = (ValueError, TypeError, OverflowError, KeyError, AttributeError, IndexError)
_SURROGATE = Pattern("[\ud800-\udfff]")


class YamlProblem(ValueError):
    """YAML that cannot be read: ``line`` (1-based, in the text given) and what is wrong.

    ``own``: ``problem`` is dtr's own phrase ("the key 'prompt' is given twice"), which
    :meth:`said` makes a sentence of; else it is PyYAML's ("found unknown escape
    character").
    """

    def __init__(self, problem: str, line: int | None = None, own: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.own = own

    def at(self, offset: int = 0) -> str:
        """' at line N' (the text started ``offset`` lines into its file), or ''."""
        return f" at line {self.line + offset}" if self.line is not None else ""

    def said(self, where: str, offset: int = 0) -> str:
        """The sentence about the file ``where``: '<where>: line N: <problem>.'"""
        line = f"line {self.line + offset}: " if self.line is not None else ""
        return f"{where}: {line}{self.problem}."


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
        return _parse(text, kind)
    except YamlProblem as exc:
        if exc.problem != _DEEP or issubclass(_loader(kind), yaml.SafeLoader):
            raise
        # libyaml stops at 1,000 levels: the pure-Python reader, which stops at the first
        # list or mapping too deep, names that line.
        try:
            _parse(text, kind, fast=False)
        except YamlProblem as first:
            raise first from None
        raise


def _parse(text: str, kind: Kind, fast: bool = True) -> Any:
    import yaml

    loader = None
    try:
        loader = _loader(kind, fast)(text)
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise _problem(exc, text) from None
    except RecursionError:  # a safety net: the depth is checked before it comes to this
        raise YamlProblem(_DEEP, _line_now(loader), own=True) from None
    except _CANNOT_BUILD as exc:  # in PyYAML's own scanner
        raise YamlProblem(
            f"an escape or value YAML cannot read ({exc})", _line_now(loader), own=True
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _problem(exc: Exception, text: str) -> YamlProblem:
    """The :class:`YamlProblem` of one of PyYAML's errors."""
    from yaml.reader import ReaderError

    if isinstance(exc, ReaderError):  # a character YAML does not allow (a binary file)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
        # Its first place in the text (libyaml counts the position in bytes, not characters).
        found = text.find(chr(code))
        line = text.count("\n", 0, found if found >= 0 else exc.position) + 1
        return YamlProblem(
            f"the character U+{code:04X} is not allowed in YAML (is it a text file?)", line, True
        )
    mark = getattr(exc, "problem_mark", None)
    at = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or "invalid YAML"
    if getattr(exc, "own", False):
        return YamlProblem(problem, at, own=True)
    if problem == "exceeded maximum nesting depth":  # libyaml's own limit (1,000)
        return YamlProblem(_DEEP, at, own=True)
    return YamlProblem(problem, at)


def _line_now(loader: Any) -> int | None:
    """The line PyYAML's pure-Python reader was at (the C one does not say)."""
    line = getattr(loader, "line", None)
    return line + 1 if isinstance(line, int) else None


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
def _loader(kind: Kind, fast: bool = True) -> Any:
    """The loader class of ``kind``: the C one where PyYAML has it (``fast``), else Python."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader
    attrs: dict[str, Any] = {}
    if kind != "plain":
        keep = {
            "text-dates": lambda tag: tag != "tag:yaml.org,2002:timestamp",
            "strings": lambda tag: tag == "tag:yaml.org,2002:null",
        }[kind]
        attrs["yaml_implicit_resolvers"] = {
            first: [(tag, rx) for tag, rx in resolvers if keep(tag)]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }
    checks, python_checks = _checks()
    mixin = python_checks if base is yaml.SafeLoader else checks
    loader: Any = type(f"{kind.title().replace('-', '')}Loader", (mixin, base), attrs)
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    for name in ("null", "bool", "int", "float", "binary", "timestamp"):  # what can fail
        tag = f"tag:yaml.org,2002:{name}"
        loader.add_constructor(tag, _guarded(loader.yaml_constructors[tag]))
    return loader


@functools.cache
def _checks() -> tuple[type, type]:
    """The checks every reader makes on top of PyYAML's safe loader, and those only the
    pure-Python one needs (two mixin classes)."""
    import yaml
    from yaml.constructor import ConstructorError, SafeConstructor

    class Refusal(ConstructorError):
        own = True  # the problem is dtr's phrase

    class Checks(SafeConstructor):
        """Refuses keys given twice, deep or exploding documents and values that cannot be
        built, each at the line of its node. The constructor is Python for the C
        loader too, so the checks are the same for both."""

        _key_of: dict[Any, str]

        def refuse(self, node: Any, problem: str) -> Refusal:
            return Refusal(None, None, problem, node.start_mark)

        def holds(self, node: Any, what: str, why: str) -> str:
            """Say "'date' holds WHAT, which WHY" for the value of a key, else "WHAT WHY"."""
            key = self._key_of.get(node)
            return f"'{_short(key)}' holds {what}, which {why}" if key else f"{what} {why}"

        def construct_document(self, node: Any) -> Any:
            self._key_of = {}
            self.check_tree(node)
            return super().construct_document(node)

        def check_tree(self, root: Any) -> None:
            """The depth of the document, level by level, before any of it is built; its
            size too if an alias repeats a part of it (else it is no larger than its text)."""
            level = [root] if isinstance(root, yaml.CollectionNode) else []
            seen = {id(root)}
            shared = False
            depth = 0
            while level:
                depth += 1
                if depth > MAX_DEPTH:
                    raise self.refuse(level[0], _DEEP)
                below = []
                for node in level:
                    for kid in _children(node):
                        if isinstance(kid, yaml.CollectionNode):
                            if id(kid) in seen:
                                shared = True
                            else:
                                seen.add(id(kid))
                                below.append(kid)
                level = below
            if shared:
                self.check_aliases(root)

        def check_aliases(self, root: Any) -> None:
            """Depth and size of a document with its aliases expanded, and no alias inside
            what it repeats."""
            seen: dict[int, tuple[int, int]] = {}  # id(list or mapping) -> (depth, values)
            open_: set[int] = set()
            stack: list[tuple[Any, list[Any] | None]] = [(root, None)]
            while stack:
                node, kids = stack.pop()
                if kids is not None:  # its lists and mappings are done
                    depth, values = 1, len(_children(node)) + 1 - len(kids)
                    for kid in kids:
                        below, count = seen[id(kid)]
                        depth = max(depth, below + 1)
                        values += count
                    seen[id(node)] = (depth, values)
                    open_.discard(id(node))
                elif id(node) in open_:
                    raise self.refuse(node, "an alias repeats the list or mapping it is in")
                elif id(node) not in seen and isinstance(node, yaml.CollectionNode):
                    open_.add(id(node))
                    kids = [k for k in _children(node) if isinstance(k, yaml.CollectionNode)]
                    stack.append((node, kids))
                    stack.extend((k, None) for k in kids if id(k) not in seen)
            if id(root) not in seen:
                return  # a lone scalar
            node = root
            if seen[id(root)][0] > MAX_DEPTH:
                for _ in range(MAX_DEPTH):
                    node = max(
                        (k for k in _children(node) if id(k) in seen), key=lambda k: seen[id(k)][0]
                    )
                raise self.refuse(node, _DEEP)
            if seen[id(root)][1] > MAX_VALUES:
                while True:
                    big = [k for k in _children(node) if seen.get(id(k), (0, 0))[1] > MAX_VALUES]
                    if not big:
                        break
                    node = big[0]
                raise self.refuse(
                    node,
                    f"its aliases repeat values until there are more than {MAX_VALUES:,}",
                )

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                given: set[Any] = set()
                for key_node, value_node in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue  # '<<' merges keys that the mapping's own may replace
                    key = self.construct_object(key_node, deep=True)
                    try:
                        twice = key in given
                    except TypeError:
                        continue  # PyYAML says "found unhashable key"
                    if twice:
                        raise self.refuse(key_node, f"the key '{_short(key)}' is given twice")
                    given.add(key)
                    if isinstance(key, str):
                        self._key_of[value_node] = key
            return super().construct_mapping(node, deep)

        def cannot_build(self, node: Any, exc: Exception) -> Refusal:
            """The refusal of a value a constructor could not build (an impossible date)."""
            text = _short(node.value) if isinstance(node, yaml.ScalarNode) else "a value"
            if node.tag == "tag:yaml.org,2002:timestamp":
                return self.refuse(node, self.holds(node, text, "is not a day of the calendar"))
            return self.refuse(node, self.holds(node, text, f"cannot be read ({exc})"))

        def construct_int(self, node: Any) -> Any:
            text = str(self.construct_scalar(node))
            digits = sum(ch.isalnum() for ch in text)
            if digits > MAX_DIGITS:
                raise self.refuse(
                    node,
                    self.holds(
                        node,
                        f"a number of {digits:,} digits",
                        f"is more than dtr reads ({MAX_DIGITS} digits at most)",
                    ),
                )
            return SafeConstructor.construct_yaml_int(self, node)

    class PythonChecks(Checks):
        """What libyaml refuses itself: nesting deep enough to exhaust Python's stack
        while it is composed, and an escape that is half of a character."""

        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:  # the pure-Python composer
            self._depth += 1
            try:
                event = self.peek_event()  # type: ignore[attr-defined]
                start = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
                if self._depth > MAX_DEPTH and isinstance(event, start):
                    raise self.refuse(event, _DEEP)
                return super().compose_node(parent, index)  # type: ignore[misc]
            finally:
                self._depth -= 1

        def construct_scalar(self, node: Any) -> Any:
            value = super().construct_scalar(node)
            if isinstance(value, str) and not value.isascii():
                half = _SURROGATE.search(value)
                if half:  # only the pure-Python reader lets "\ud800" through
                    raise self.refuse(
                        node,
                        self.holds(
                            node,
                            f"the escape \\u{ord(half.group()):04x}",
                            "is half of a character, not one",
                        ),
                    )
            return value

    return Checks, PythonChecks


def _guarded(build: Any) -> Any:
    """A constructor of scalars whose failure (ValueError and kin) names its line."""

    def construct(loader: Any, node: Any) -> Any:
        try:
            return build(loader, node)
        except _CANNOT_BUILD as exc:
            raise loader.cannot_build(node, exc) from None

    return construct


def _construct_int(loader: Any, node: Any) -> Any:
    return loader.construct_int(node)


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
