"""Records: classes of named fields, made as :func:`dataclasses.dataclass` makes them,
without what making them costs.

dataclasses writes each class's methods out as source and compiles them (five or six
compilations a frozen class in Python 3.11): the kick-off imports some thirty such
classes before its first question, and making them was an eighth of its start.
:func:`record` gives a class the same ``__init__`` (defaults, ``field(default_factory=...)``,
``init=False``, ``__post_init__``), ``__repr__``, ``__eq__`` (same class, the compared
fields in order), ``__hash__`` (a frozen record's; other records are unhashable) and,
frozen, the refusal to change a field (``dataclasses.FrozenInstanceError``), as closures
over its list of fields; :func:`replace` is ``dataclasses.replace`` for records.
``tests/unit/test_records.py`` holds each behaviour against a dataclass of the same fields.

A record's ``__init__`` does more than a dataclass's straight code, so a class made by
the thousand (a note's blocks, its tasks, its follow-ups) is :func:`deferred`: a
dataclass, made when its first object is (a kick-off's first question makes none).
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, overload

    from typing_extensions import dataclass_transform  # typing's own from Python 3.11

    T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """What :func:`field` says of one field."""

    __slots__ = ("compare", "default", "factory", "init", "repr")

    def __init__(
        self, default: Any, factory: Any, compare: bool, init: bool, repr: bool = True
    ) -> None:
        self.default, self.factory, self.compare, self.init = default, factory, compare, init
        self.repr = repr


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    compare: bool = True,
    init: bool = True,
    repr: bool = True,
) -> Any:
    """A field's default made anew for each record, a field left out of comparisons, of
    ``__init__`` or of ``repr``, as :func:`dataclasses.field`."""
    return Field(default, default_factory, compare, init, repr)


def _record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """The class made a record (``@record`` or ``@record(frozen=True)``)."""

    def make(cls: type[T]) -> type[T]:
        return _made(cls, frozen)

    return make if cls is None else make(cls)


def _deferred(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """The class made a dataclass when its first object is made (``@deferred`` or
    ``@deferred(frozen=True)``)."""

    def make(cls: type[T]) -> type[T]:
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            _made_dataclass(cls)
            cls.__init__(self, *args, **kwargs)  # type: ignore[misc]

        __init__.__deferred__ = frozen  # type: ignore[attr-defined]
        cls.__init__ = __init__  # type: ignore[method-assign]
        return cls

    return make if cls is None else make(cls)


def _made_dataclass(cls: type) -> None:
    """``cls``, and any class it is made from whose dataclass waits, made dataclasses."""
    import dataclasses

    for kind in reversed(cls.__mro__):
        waiting = kind.__dict__.get("__init__")
        frozen = getattr(waiting, "__deferred__", None)
        if frozen is not None:
            del kind.__init__  # type: ignore[misc]
            dataclasses.dataclass(frozen=frozen)(kind)


if TYPE_CHECKING:  # what type checkers are told of record: a dataclass_transform

    @overload
    @dataclass_transform(field_specifiers=(field,))
    def record(cls: type[T], /) -> type[T]: ...

    @overload
    def record(*, frozen: bool = False) -> Callable[[type[T]], type[T]]: ...

    def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any: ...

    from dataclasses import dataclass as deferred  # a dataclass, to type checkers

else:
    record = _record
    deferred = _deferred


def _made(cls: type[T], frozen: bool) -> type[T]:
    fields: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        fields.update(getattr(base, "__record_fields__", {}))
    for name, kind in cls.__dict__.get("__annotations__", {}).items():
        if "ClassVar" in str(kind):
            continue
        given = cls.__dict__.get(name, MISSING)
        spec = given if isinstance(given, Field) else Field(given, MISSING, True, True)
        if isinstance(given, Field):
            if spec.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        fields[name] = spec
    init = tuple(name for name, spec in fields.items() if spec.init)
    compared = tuple(name for name, spec in fields.items() if spec.compare)
    key = _key(compared)
    known = frozenset(init)
    shown_fields = tuple(name for name, spec in fields.items() if spec.repr)
    title = cls.__qualname__
    post_init = getattr(cls, "__post_init__", None)
    defaults = {
        name: spec.default
        for name, spec in fields.items()
        if spec.default is not MISSING and spec.factory is MISSING
    }
    factories = tuple(
        (name, spec.factory) for name, spec in fields.items() if spec.factory is not MISSING
    )
    required = frozenset(
        name for name in init if name not in defaults and fields[name].factory is MISSING
    )

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if args:
            if len(args) > len(init):
                raise TypeError(
                    f"{title}.__init__() takes {len(init) + 1} positional arguments but "
                    f"{len(args) + 1} were given"
                )
            values = dict(zip(init, args, strict=False))
            if kwargs:
                if values.keys() & kwargs.keys():
                    twice = sorted(values.keys() & kwargs.keys())[0]
                    raise TypeError(f"{title}.__init__() got multiple values for {twice!r}")
                values.update(kwargs)
        else:
            values = kwargs
        if not values.keys() <= known:
            wrong = sorted(values.keys() - known)[0]
            raise TypeError(f"{title}.__init__() got an unexpected keyword argument {wrong!r}")
        if not required <= values.keys():
            missing = sorted(required - values.keys())[0]
            raise TypeError(f"{title}.__init__() missing 1 required argument: {missing!r}")
        own = self.__dict__
        own.update(defaults)
        own.update(values)
        for name, factory in factories:
            if name not in values:
                own[name] = factory()
        if post_init is not None:
            self.__post_init__()

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown_fields)
        return f"{title}({shown})"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(key(self) == key(other))

    methods: dict[str, Any] = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__}
    if frozen:

        def __hash__(self: Any) -> int:
            return hash(key(self))

        def __setattr__(self: Any, name: str, value: Any) -> None:
            _refuse(self, cls, name, fields)
            object.__setattr__(self, name, value)

        def __delattr__(self: Any, name: str) -> None:
            _refuse(self, cls, name, fields)
            object.__delattr__(self, name)

        methods |= {"__hash__": __hash__, "__setattr__": __setattr__, "__delattr__": __delattr__}
    else:
        methods["__hash__"] = None  # as a dataclass that compares but is not frozen
    for name, method in methods.items():
        own = cls.__dict__.get(name)
        if own is not None:
            continue  # the class's own, as dataclasses keeps it
        if method is not None:
            method.__qualname__ = f"{title}.{name}"
        setattr(cls, name, method)
    cls.__match_args__ = init  # type: ignore[attr-defined, misc]
    cls.__record_fields__ = fields  # type: ignore[attr-defined]
    return cls


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of the fields ``names`` of a record (what it is compared and hashed by)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda made: (one(made),)
    return lambda made: ()


def _refuse(self: Any, cls: type, name: str, fields: dict[str, Field]) -> None:
    if type(self) is cls or name in fields:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with the fields ``changes`` names changed, as
    :func:`dataclasses.replace`."""
    fields: dict[str, Field] = type(obj).__record_fields__  # type: ignore[attr-defined]
    for name in changes:
        if name not in fields or not fields[name].init:
            raise TypeError(f"{type(obj).__qualname__} has no field {name!r} to replace")
    values = {n: getattr(obj, n) for n, spec in fields.items() if spec.init and n not in changes}
    return type(obj)(**values, **changes)
