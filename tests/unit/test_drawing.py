"""What the interview draws without rich is what rich draws, character for character."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from dtrcli.conversation import drawing
from dtrcli.conversation.schema import Section
from dtrcli.conversation.terminal import TerminalUI

PLAIN = [chr(c) for c in range(0x20, 0x17F + 1) if drawing.plain(chr(c))] + [
    chr(c) for c in range(0x2010, 0x2028)
]
FIXTURES = HealthCheck.function_scoped_fixture
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßøłœ’“”—–…•"


class Screen(io.StringIO):
    """stderr as a terminal (or not) with a UTF-8 encoding."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Screen]]:
    def make(tty: bool = True, width: int = 80, term: str = "xterm-256color") -> Screen:
        out = Screen(tty)
        monkeypatch.setattr(sys, "stderr", out)
        monkeypatch.setenv("COLUMNS", str(width))
        monkeypatch.setenv("TERM", term)
        return out

    yield make


def _both(draw: Callable[[TerminalUI], None], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """What ``draw`` writes on stderr, then what rich alone writes for it."""
    out = sys.stderr
    assert isinstance(out, Screen)
    draw(TerminalUI())
    light = out.getvalue()
    out.seek(0)
    out.truncate()
    with monkeypatch.context() as m:
        m.setattr(drawing, "section", lambda *a: None)
        m.setattr(drawing, "hint", lambda *a: None)
        draw(TerminalUI())
    return light, out.getvalue()


def test_every_character_drawn_is_one_cell_in_rich() -> None:
    assert len(PLAIN) > 300
    assert all(cell_len(c) == 1 for c in PLAIN)
    assert not any(drawing.plain(c) for c in "[\\\t\u00ad\u0301\u200b漢😀")


def test_the_kickoff_first_screen_is_rich_s(
    screen: Callable[..., Screen], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dtrcli.conversation.templates import load_registry

    section = load_registry().get("kickoff").sections[0]
    for width in (40, 80, 120, 200):
        for tty in (True, False):
            screen(tty=tty, width=width)
            assert drawing.section(section.title, section.intro, "─") is not None
            light, rich = _both(lambda ui: (ui.section(section), ui.hint("A hint.")), monkeypatch)
            assert light == rich
            assert ("\x1b[3m" in light) is tty


words = st.text(alphabet=LETTERS + ",.;:'!?-()", min_size=1, max_size=9)
spaces = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\u00a0"])
texts = st.lists(st.tuples(words, spaces), max_size=40).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(alphabet=LETTERS + " -", min_size=1, max_size=30).map(str.strip).filter(bool),
    intro=st.none() | texts,
    hint=texts,
    width=st.integers(min_value=12, max_value=130),
    tty=st.booleans(),
)
def test_plain_text_is_drawn_as_rich_draws_it(
    screen: Callable[..., Screen],
    monkeypatch: pytest.MonkeyPatch,
    title: str,
    intro: str | None,
    hint: str,
    width: int,
    tty: bool,
) -> None:
    screen(tty=tty, width=width)
    if intro is not None and not drawing.plain(intro.replace("\n", " ")):
        intro = None  # emoji codes (":a:"): left to rich, as the next test shows
    if len(title) <= width - 2 and drawing.plain(title):
        assert drawing.section(title, intro and intro.strip(), "─") is not None
    if hint and drawing.plain(hint.replace("\n", " ")) and width >= 12:
        assert drawing.hint(hint) is not None
    section = Section(title=title, intro=intro, questions=())
    light, rich = _both(lambda ui: (ui.section(section), ui.hint(hint)), monkeypatch)
    assert light == rich


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(min_size=1, max_size=140).map(str.strip).filter(bool),
    intro=st.none() | st.text(max_size=300),
    hint=st.text(max_size=200),
    style=st.sampled_from(["dim", "yellow", "bold"]),
    width=st.integers(min_value=1, max_value=130),
    term=st.sampled_from(["xterm-256color", "xterm", "dumb", "screen"]),
)
def test_any_text_is_drawn_as_rich_draws_it(
    screen: Callable[..., Screen],
    monkeypatch: pytest.MonkeyPatch,
    title: str,
    intro: str | None,
    hint: str,
    style: str,
    width: int,
    term: str,
) -> None:
    """Whatever it is (markup, emoji codes, tabs, wide or combining characters, a title
    too long, a narrow or dumb terminal), the screen is rich's."""
    from dtrcli.console import printable

    screen(tty=True, width=width, term=term)
    title = printable(title)
    section = Section(title=title, intro=intro, questions=())
    light, rich = _both(lambda ui: (ui.section(section), ui.hint(hint, style)), monkeypatch)
    assert light == rich


@pytest.mark.parametrize("setting", ["NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"])
def test_a_setting_rich_reads_leaves_the_drawing_to_rich(
    screen: Callable[..., Screen], monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    screen(tty=True, width=80)
    monkeypatch.setenv(setting, "1")
    assert drawing.section("Introductions", "Hello there.", "─") is None
    assert drawing.hint("A hint.") is None


@given(st.text(max_size=60))
def test_a_line_s_cells_are_counted_as_rich_counts_them(text: str) -> None:
    assert drawing.cells(text) in (None, cell_len(text))
    assert drawing.cells("[1/12] a\\b") == 10  # markup's characters are one cell each


class Stdout(Screen):
    """stdout as a terminal (or not)."""


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURES])
@given(
    words=st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=14), min_size=1, max_size=40),
    gaps=st.lists(st.sampled_from([" ", "  ", ", ", " - "]), min_size=40, max_size=40),
    size=st.integers(min_value=20, max_value=140),
    tty=st.booleans(),
)
def test_a_search_line_too_wide_is_wrapped_as_rich_wraps_it(
    words: list[str], gaps: list[str], size: int, tty: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dtr search's line wider than the screen, wrapped without rich, is what rich's
    console.out() prints for it (on a terminal of any width, or to a pipe)."""
    from rich.text import Text

    from dtrcli import console
    from dtrcli.cli import listings

    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False)).strip()
    out = Stdout(tty)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", Screen(tty))
    monkeypatch.setenv("TERM", "xterm-256color")
    if tty:
        monkeypatch.setenv("COLUMNS", str(size))
    else:
        monkeypatch.delenv("COLUMNS", raising=False)
    ours = listings._wrapped(text)
    assert ours is not None  # plain text, every word shorter than the line: no rich
    console.reset()
    rich_out = console.out()
    with rich_out.capture() as captured:
        rich_out.print(Text(text))
    assert ours == captured.get()
