"""A record behaves as a dataclass of the same fields: made, shown, compared, hashed,
refused when frozen, replaced."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import pytest

from dtrcli import records
from tests.support.fresh import lines_printed


def pair(frozen: bool):
    """The same class twice: a dataclass and a record."""
    made = []
    for decorate, field in (
        (dataclasses.dataclass(frozen=frozen), dataclasses.field),
        (records.record(frozen=frozen), records.field),
    ):

        class Thing:
            """A thing."""

            KIND: ClassVar[str] = "thing"
            name: str
            size: int = 1
            tags: list[str] = field(default_factory=list, compare=False)
            where: str | None = field(default=None, compare=False)
            made: int = field(init=False, default=0)

            def __post_init__(self) -> None:
                object.__setattr__(self, "made", self.size * 2)

        made.append(decorate(Thing))
    return made


@pytest.mark.parametrize("frozen", [True, False])
def test_a_record_is_made_shown_and_compared_as_a_dataclass(frozen):
    for kind in pair(frozen):
        one = kind("a", 2, ["x"], where="here")
        assert (one.name, one.size, one.tags, one.where, one.made) == ("a", 2, ["x"], "here", 4)
        assert repr(one).endswith("Thing(name='a', size=2, tags=['x'], where='here', made=4)")
        assert one == kind("a", 2, ["y"], where="elsewhere")  # tags, where: not compared
        assert one != kind("a", 3, ["x"]) and one != ("a", 2, ["x"])
        assert kind("b").tags == [] and kind("b").tags is not kind("b").tags
        assert kind.KIND == "thing" and kind.__match_args__ == ("name", "size", "tags", "where")
        for args, kwargs in (((), {}), (("a",), {"size": 1, "nope": 2}), (("a",), {"name": "b"})):
            with pytest.raises(TypeError):
                kind(*args, **kwargs)
        with pytest.raises(TypeError):
            kind("a", 1, [], None, 5)  # made is not an argument


def test_a_frozen_record_refuses_changes_and_hashes_as_a_dataclass():
    dataclass_kind, record_kind = pair(frozen=True)
    for kind in (dataclass_kind, record_kind):
        one = kind("a", 2, where="here")
        with pytest.raises(dataclasses.FrozenInstanceError):
            one.size = 3
        with pytest.raises(dataclasses.FrozenInstanceError):
            del one.name
    plain = [("a", 2), ("a", 3), ("b", 2)]
    assert [hash(record_kind(n, s, where="x")) for n, s in plain] == [
        hash(record_kind(n, s, where="y")) for n, s in plain
    ]
    assert len({record_kind(n, s) for n, s in plain + plain}) == 3


def test_an_unfrozen_record_changes_and_is_not_hashable():
    for kind in pair(frozen=False):
        one = kind("a")
        one.size = 5
        assert one.size == 5
        with pytest.raises(TypeError):
            hash(one)


def test_replace_makes_a_changed_copy_as_dataclasses_replace():
    dataclass_kind, record_kind = pair(frozen=True)
    for kind, replace in ((dataclass_kind, dataclasses.replace), (record_kind, records.replace)):
        one = kind("a", 2, ["x"], where="here")
        two = replace(one, size=5)
        assert (two.name, two.size, two.tags, two.where, two.made) == ("a", 5, ["x"], "here", 10)
        assert one.size == 2
        with pytest.raises((TypeError, ValueError)):
            replace(one, made=1)  # not a field __init__ takes
    with pytest.raises(TypeError):
        records.replace(record_kind("a"), colour="red")


def test_dtr_s_records_are_records_and_cheap_to_make():
    """The classes a kick-off makes before its first question are records, not
    dataclasses (dataclasses compiles their methods at import)."""
    from dtrcli.conversation import drafts, interview, schema, templates
    from dtrcli.module import calendar, profiles

    for kind in (
        schema.Question,
        schema.Template,
        schema.Section,
        schema.When,
        interview.TextPrompt,
        drafts.Draft,
        templates.Registry,
        calendar.ModuleCalendar,
        profiles.Profile,
    ):
        assert hasattr(kind, "__record_fields__") and not dataclasses.is_dataclass(kind), kind


def test_a_deferred_class_is_a_dataclass_once_its_first_object_is_made():
    @records.deferred(frozen=True)
    class Base:
        name: str
        tags: list[str] = dataclasses.field(default_factory=list, compare=False)

    class Child(Base):  # made from it without a decorator of its own
        pass

    assert not dataclasses.is_dataclass(Base)
    first = Child("a")
    assert dataclasses.is_dataclass(Base) and first.tags == []
    one, two = Base("a", ["x"]), Base("a", ["y"])
    assert one == two and repr(one).endswith("Base(name='a', tags=['x'])")
    assert dataclasses.replace(one, name="b").name == "b"
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.name = "c"
    with pytest.raises(TypeError):
        Base()


def test_the_classes_made_by_the_thousand_wait_until_their_first_object():
    """A kick-off's first question makes none of them: in a new process, importing
    their modules leaves each a class that is not yet a dataclass."""
    code = (
        "import dataclasses\n"
        "from dtrcli.notebook import noteformat, items, notes\n"
        "from dtrcli.module import followups, schedule, calendar\n"
        "kinds = [noteformat.Block, items.Task, notes.Note, notes.FullNote,\n"
        "         followups.Followup, schedule.Status, calendar.Block]\n"
        "print([dataclasses.is_dataclass(k) for k in kinds])\n"
        "print(calendar.Block(None, 1).week, dataclasses.is_dataclass(calendar.Block))\n"
    )
    out = lines_printed(code)
    assert out == [str([False] * 7), "1 True"]
