"""The cache of the templates' YAML: used when a text is the same, never when it changed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dtrcli.conversation import templatecache
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook import yamlio

MINE = """\
id: retro
title: Retro
sections:
  - title: Looking back
    questions:
      - id: {qid}
        prompt: {prompt}
"""


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every YAML parse of a template fail the test; return the texts asked for."""
    asked: list[str] = []

    def load(text: str, kind: str = "plain") -> object:
        asked.append(text)
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(yamlio, "load", load)
    return asked


def test_a_second_load_takes_the_yaml_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, user_templates: Path
) -> None:
    (user_templates / "retro.yaml").write_text(MINE.format(qid="went_well", prompt="Went well?"))
    first = load_registry()
    assert templatecache.cache_file().is_file()
    _no_yaml(monkeypatch)
    second = load_registry()
    assert second.templates == first.templates
    assert second.problems == first.problems == []


def test_a_changed_file_is_parsed_again_even_with_its_size_and_time_unchanged(
    user_templates: Path,
) -> None:
    path = user_templates / "retro.yaml"
    path.write_text(MINE.format(qid="went_well", prompt="Went well?"))
    assert load_registry().get("retro").questions[0].prompt == "Went well?"
    before = path.stat()
    path.write_text(MINE.format(qid="went_fine", prompt="Went fine?"))  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    retro = load_registry().get("retro")
    assert [q.id for q in retro.questions] == ["went_fine"]
    assert retro.questions[0].prompt == "Went fine?"


def test_an_added_file_is_seen_and_a_removed_one_is_gone(user_templates: Path) -> None:
    assert "retro" not in load_registry().templates
    path = user_templates / "retro.yaml"
    path.write_text(MINE.format(qid="went_well", prompt="Went well?"))
    assert "retro" in load_registry().templates
    path.unlink()
    assert "retro" not in load_registry().templates
    assert not any("went_well" in text for text in templatecache.opened().known)


def test_a_problem_is_said_on_every_load(user_templates: Path) -> None:
    (user_templates / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    (user_templates / "typo.yaml").write_text(
        MINE.format(qid="went_well", prompt="Went well?").replace("title: Retro", "titel: Retro")
    )
    first = load_registry().problems
    assert len(first) == 2
    assert any("not valid YAML" in p for p in first)
    assert any("unknown key 'titel'" in p for p in first)
    assert load_registry().problems == first  # the second time from the cache


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal at all", b"\xff" * 40, None],
    ids=["empty", "text", "bytes", "foreign"],
)
def test_a_damaged_or_foreign_cache_file_is_rebuilt(
    monkeypatch: pytest.MonkeyPatch, content: bytes | None
) -> None:
    import marshal

    expected = load_registry()
    path = templatecache.cache_file()
    if content is None:  # a valid marshal file written by something else
        content = marshal.dumps((("another program", 1), {"id: x\n": {"id": "x"}}))
    path.write_bytes(content)
    again = load_registry()
    assert again.templates == expected.templates and again.problems == expected.problems
    _no_yaml(monkeypatch)
    assert load_registry().templates == expected.templates  # rebuilt: used again


def test_a_cache_file_of_another_version_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    load_registry()
    monkeypatch.setattr(templatecache, "FORMAT", templatecache.FORMAT + 1)
    assert templatecache.opened().known == {}


def test_a_cache_that_cannot_be_written_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(templatecache, "cache_file", lambda: blocker / "templates.marshal")
    registry = load_registry()
    assert "kickoff" in registry.templates and registry.problems == []


def test_the_cache_file_is_private() -> None:
    load_registry()
    path = templatecache.cache_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
