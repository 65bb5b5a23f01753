"""dtr in a real terminal: the kick-off interview typed key by key into tmux.

Each test runs ``python -m dtrcli kickoff NAME`` in a detached tmux pane
(its own tmux server), waits for every prompt to be on screen before it
answers, and then checks the files dtr left: the note (and its answers), the
draft, and what was printed. The questions come from the built-in kickoff
template itself, so the tests follow the template when it changes.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from dtrcli.conversation.questions import parse_answer
from dtrcli.conversation.schema import Question, Template
from dtrcli.conversation.templates import load_registry
from dtrcli.notebook.notes import read_note
from tests.support import homes
from tests.support.tmux import Pane, Tmux, available

pytestmark = pytest.mark.skipif(not available(), reason="needs tmux")

DRAFT = ".draft-kickoff.yaml"
PROMPT_PREFIX = 40  # characters of a prompt to wait for, after its "[n/N] "


@pytest.fixture
def tmux(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    request.addfinalizer(server.kill)
    yield server


@pytest.fixture
def kickoff() -> Template:
    template = load_registry().get("kickoff")
    # Positions "[n/N]" below assume every question is asked.
    assert all(q.when is None for q in template.questions)
    return template


def start(tmux: Tmux, tmp_path: Path, *args: str) -> tuple[Pane, Path]:
    """Start ``dtr ARGS`` in a new pane; return it and the file its stdout goes to (a
    kick-off with --new: its first question is the interview's)."""
    args = (*args, "--new") if args[:1] == ("kickoff",) else args
    out = tmp_path / f"stdout-{time.monotonic_ns()}.txt"
    env = {name: os.environ[name] for name in homes.folders(tmp_path)}  # the test's home
    pane = tmux.spawn([sys.executable, "-m", "dtrcli", *args], stdout=out, env=env, cwd=tmp_path)
    return pane, out


def marker(q: Question, position: int, total: int) -> str:
    """The start of a question's prompt line as dtr shows it."""
    return f"[{position}/{total}] {q.prompt[:PROMPT_PREFIX]}"


def answer(
    pane: Pane, q: Question, position: int, total: int, so_far: dict[str, Any] | None = None
) -> Any:
    """Wait for ``q``'s prompt, answer it as a mentor would; return the expected value.

    ``so_far``: the answers given before it (what a default made from them holds).
    """
    at = marker(q, position, total)
    pane.wait_for_prompt(at)
    filled = q.default_for(so_far or {}) if q.type == "multiline" else None
    if filled:
        # Put together from the earlier answers and filled in: kept as it is.
        pane.wait_for(filled.splitlines()[0][:40], after=at)
        pane.keys("Escape", "Enter")
        return filled
    if q.type in ("text", "scale", "date"):
        typed = {"text": f"{q.id} answer", "scale": str(q.max), "date": "2026-01-15"}[q.type]
        pane.type(typed)
        pane.wait_for(typed, after=at)
        pane.keys("Enter")
        return {"text": typed, "scale": q.max, "date": typed}[q.type]
    if q.type == "multiline":
        first, second = f"{q.id} line one", f"{q.id} line two"
        pane.type(first)
        pane.wait_for(first, after=at)
        pane.keys("Enter")  # a new line, not the end of the answer
        pane.type(second)
        pane.wait_for(second, after=at)
        pane.keys("Escape", "Enter")
        return f"{first}\n{second}"
    if q.type in ("select", "confirm"):
        options = list(q.choices) if q.type == "select" else ["Yes", "No"]
        # Optional questions list "(skip)" first: one Down lands on the first
        # real choice; a required one starts on its first choice, so take the second.
        chosen = options[0] if not q.required else options[1]
        pane.wait_for("» ", after=at)
        pane.keys("Down")
        pane.wait_for(f"» {chosen}", after=at)
        pane.keys("Enter")
        return chosen if q.type == "select" else chosen == "Yes"
    if q.type == "checkbox":
        chosen = [q.choices[0], q.choices[2]] if len(q.choices) > 2 else [q.choices[0]]
        pane.wait_for(f"» ○ {q.choices[0]}", after=at)
        pane.keys("Space")
        if len(q.choices) > 2:
            pane.wait_for(f"● {q.choices[0]}", after=at)
            pane.keys("Down", "Down")
            pane.wait_for(f"» ○ {q.choices[2]}", after=at)
            pane.keys("Space")
        for choice in chosen:
            pane.wait_for(f"● {choice}", after=at)
        pane.keys("Enter")
        return chosen
    if q.type == "list":
        # One prompt per item; the later ones say "item 2", "item 3" ...
        items = [f"{q.id} item one", f"{q.id} item two"]
        # A follow-up without an owner or a due date asks for them: the first gets both,
        # the second is left as it is.
        who = ["Mentee, 2026-12-04", ""] if q.holds_followups else []
        for number, item in enumerate(items, start=1):
            if number > 1:
                pane.wait_for_prompt(f"item {number}", after=items[number - 2])
            pane.type(item)
            pane.wait_for(item, after=at)
            pane.keys("Enter")
            if who:
                pane.wait_for_prompt("who, and by when?", after=item)
                if who[number - 1]:
                    pane.type(who[number - 1])
                    pane.wait_for(who[number - 1], after=item)
                pane.keys("Enter")
        pane.wait_for_prompt(f"item {len(items) + 1}", after=items[-1])
        pane.keys("Enter")  # an empty item ends the list
        if who:
            return [f"{items[0]} (owner: Mentee, due 2026-12-04)", items[1]]
        return items
    raise AssertionError(f"no way to answer a {q.type} question")


def answer_all(pane: Pane, template: Template, start_at: int = 1) -> dict[str, Any]:
    """Answer questions ``start_at``.. (1-based) in order; return the expected answers."""
    questions = template.questions
    total = len(questions)
    given: dict[str, Any] = {}
    for position, q in enumerate(questions, start=1):
        if position >= start_at:
            given[q.id] = answer(pane, q, position, total, given)
    return given


def save_at_review(pane: Pane, template: Template) -> str:
    """At the review table choose "Save the note"; return the review screen."""
    screen = pane.wait_for_prompt("» Save the note", after="Save this note?")
    # The table lists every question by number (a tall one scrolls off a small screen).
    history = pane.screen(history=True)
    title = f"{template.title}: your answers"
    assert title in history
    table = history[history.rfind(title) :]
    for number in range(1, len(template.questions) + 1):
        assert f"│ {number:>2} │" in table, f"row {number} missing from the review:\n{table}"
    pane.keys("Enter")
    return screen


def finish(pane: Pane, stdout: Path, timeout: float = 15) -> tuple[int, list[str]]:
    """Wait for dtr to end after the note is saved; return its status and the offers taken.

    After saving, dtr may offer to copy an answer into the mentee's profile
    ("Save 'Email' as bob's channel in their profile? (Y/n)"); each offer seen
    on screen is accepted with Enter.
    """
    accepted: list[str] = []
    deadline = time.monotonic() + timeout
    while (ended := pane.exited()) is None:
        screen = pane.screen()
        after_save = screen[screen.rfind("Save the note") :]
        offers = [line for line in after_save.splitlines() if "in their profile?" in line]
        if len(offers) > len(accepted) and "(Y/n)" in offers[-1] and pane.reading_keys():
            accepted.append(offers[-1].strip())
            pane.keys("Enter")
        if time.monotonic() > deadline:
            raise AssertionError(
                f"dtr did not end within {timeout}s of saving the note; its stdout so far: "
                f"{stdout.read_text(encoding='utf-8')!r}; screen:\n{pane.screen()}"
            )
        time.sleep(0.05)
    return ended, accepted


def flat(text: str) -> str:
    """Text with all runs of white space made one space (undoes rich's line wrapping)."""
    return " ".join(text.split())


def read_draft(folder: Path) -> dict[str, Any]:
    data = yaml.safe_load((folder / DRAFT).read_text(encoding="utf-8"))
    assert isinstance(data, dict), data
    return data


def check_note(
    template: Template, home: Path, folder: Path, stdout: Path, expected: dict[str, Any]
) -> Path:
    """The saved note: path printed on stdout, every answer in it, the draft gone."""
    printed = stdout.read_text(encoding="utf-8")
    assert len(printed.splitlines()) == 1, f"stdout should hold only the note's path: {printed!r}"
    note = Path(printed.strip())
    assert note.parent == folder, printed
    assert note.name.endswith("-kickoff.md"), printed
    assert note.is_file(), printed
    text = note.read_text(encoding="utf-8")
    parsed = read_note(note)
    for qid, value in expected.items():
        q = template.question(qid)
        assert q is not None
        assert qid in parsed.answers, f"{qid} missing from the note:\n{text}"
        assert parse_answer(q, parsed.answers[qid]) == value, f"{qid} in the note:\n{text}"
        typed = value if isinstance(value, list) else [value]
        typed = [("Yes" if v else "No") if isinstance(v, bool) else v for v in typed]
        for piece in typed:
            assert str(piece) in text, f"{piece!r} ({qid}) not in the note:\n{text}"
    assert not (folder / DRAFT).exists(), "the draft should be removed once the note is saved"
    assert not list(folder.glob(".tmp-*")), "temp files left behind"
    assert list(home.glob("*/*.md")) == [note]
    return note


def process_gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):  # gone, or reaped as it was read
        return True
    return state in ("Z", "X")


def wait_gone(pid: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not process_gone(pid):
        assert time.monotonic() < deadline, f"process {pid} still running after {timeout}s"
        time.sleep(0.05)


def is_dtr(pid: int) -> bool:
    """Whether ``pid`` is the dtr process the test started (before signalling it)."""
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    return sys.executable.encode() == cmdline[0] and b"dtrcli" in cmdline


# -- the tests ---------------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_full_kickoff_in_a_terminal(
    tmux: Tmux, tmp_path: Path, home: Path, kickoff: Template
) -> None:
    pane, stdout = start(tmux, tmp_path, "kickoff", "bob")
    expected = answer_all(pane, kickoff)
    assert len(expected) == len(kickoff.questions) == 22
    save_at_review(pane, kickoff)
    ended, offers = finish(pane, stdout)
    assert ended == 0, pane.screen()
    check_note(kickoff, home, home / "bob", stdout, expected)
    # The channel chosen was offered for the (empty) profile, and kept there.
    assert any(f"Save '{expected['channel']}' as bob's channel" in o for o in offers), offers
    profile = yaml.safe_load((home / "bob" / "mentee.yaml").read_text(encoding="utf-8"))
    assert profile["channel"] == expected["channel"], profile
    # Every question was asked, once (a list question may repeat itself per item).
    history = pane.screen(history=True)
    total = len(kickoff.questions)
    for position, q in enumerate(kickoff.questions, start=1):
        times = history.count(marker(q, position, total))
        assert times >= 1 if q.type == "list" else times == 1, (q.id, times)


@pytest.mark.timeout(120)
def test_ctrl_c_keeps_a_draft_and_resume_asks_only_the_rest(
    tmux: Tmux, tmp_path: Path, home: Path, kickoff: Template
) -> None:
    folder = home / "bob"
    total = len(kickoff.questions)
    pane, stdout = start(tmux, tmp_path, "kickoff", "bob")
    first = {q.id: answer(pane, q, n, total) for n, q in enumerate(kickoff.questions[:3], 1)}
    pane.wait_for_prompt(marker(kickoff.questions[3], 4, total))
    pane.keys("C-c")
    ended = pane.wait_exit()
    assert ended == 130, pane.screen()
    said = flat(pane.screen())
    assert "No note was written" in said
    assert f"draft {folder / DRAFT}" in said
    assert "run: dtr kickoff bob" in said
    assert stdout.read_text(encoding="utf-8") == ""
    draft = read_draft(folder)
    assert draft["answers"] == first
    assert sorted(draft["asked"]) == sorted(first)
    assert not list(folder.glob("*.md"))

    pane, stdout = start(tmux, tmp_path, "kickoff", "bob")
    pane.wait_for_prompt("» Resume it", after="is waiting. What now?")
    assert "(3 answers" in flat(pane.screen())
    pane.keys("Enter")
    screen = pane.wait_for_prompt(marker(kickoff.questions[3], 4, total))
    rest = answer_all(pane, kickoff, start_at=4)
    save_at_review(pane, kickoff)
    assert finish(pane, stdout)[0] == 0, pane.screen()
    # The first three were not asked again.
    history = pane.screen(history=True)
    for n, q in enumerate(kickoff.questions[:3], start=1):
        assert marker(q, n, total) not in screen
        assert marker(q, n, total) not in history
    check_note(kickoff, home, folder, stdout, {**first, **rest})


@pytest.mark.timeout(120)
def test_sigkill_loses_nothing_answered(
    tmux: Tmux, tmp_path: Path, home: Path, kickoff: Template
) -> None:
    folder = home / "carol"
    total = len(kickoff.questions)
    pane, _ = start(tmux, tmp_path, "kickoff", "carol")
    first = {q.id: answer(pane, q, n, total) for n, q in enumerate(kickoff.questions[:2], 1)}
    pane.wait_for_prompt(marker(kickoff.questions[2], 3, total))
    assert is_dtr(pane.pid)
    os.kill(pane.pid, signal.SIGKILL)
    ended = pane.wait_exit()
    assert ended == 128 + signal.SIGKILL, ended  # as a shell reports it
    assert read_draft(folder)["answers"] == first
    assert not list(folder.glob("*.md"))

    pane, stdout = start(tmux, tmp_path, "kickoff", "carol", "--resume")
    screen = pane.wait_for_prompt(marker(kickoff.questions[2], 3, total))
    assert "What now?" not in screen  # --resume does not ask
    rest = answer_all(pane, kickoff, start_at=3)
    save_at_review(pane, kickoff)
    assert finish(pane, stdout)[0] == 0, pane.screen()
    check_note(kickoff, home, folder, stdout, {**first, **rest})


@pytest.mark.timeout(120)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_termination_signal_keeps_the_draft(
    tmux: Tmux, tmp_path: Path, home: Path, kickoff: Template, signum: int
) -> None:
    folder = home / "dave"
    total = len(kickoff.questions)
    pane, stdout = start(tmux, tmp_path, "kickoff", "dave")
    first = {q.id: answer(pane, q, n, total) for n, q in enumerate(kickoff.questions[:2], 1)}
    pane.wait_for_prompt(marker(kickoff.questions[2], 3, total))
    assert is_dtr(pane.pid)
    os.kill(pane.pid, signum)
    ended = pane.wait_exit()
    assert ended == 130, (ended, pane.screen())
    said = flat(pane.screen())
    assert f"draft {folder / DRAFT}" in said
    assert "run: dtr kickoff dave" in said
    assert stdout.read_text(encoding="utf-8") == ""
    assert read_draft(folder)["answers"] == first
    assert not list(folder.glob("*.md"))


@pytest.mark.timeout(120)
def test_closing_the_terminal_keeps_the_draft(
    tmux: Tmux, tmp_path: Path, home: Path, kickoff: Template
) -> None:
    folder = home / "erin"
    total = len(kickoff.questions)
    pane, stdout = start(tmux, tmp_path, "kickoff", "erin")
    first = {q.id: answer(pane, q, n, total) for n, q in enumerate(kickoff.questions[:2], 1)}
    pane.wait_for_prompt(marker(kickoff.questions[2], 3, total))
    assert is_dtr(pane.pid)
    pane.close()
    wait_gone(pane.pid)
    assert stdout.read_text(encoding="utf-8") == ""
    assert read_draft(folder)["answers"] == first
    assert not list(folder.glob("*.md"))
    assert not list(folder.glob(".tmp-*"))

    # And the draft picks up where the closed terminal left off.
    pane, stdout = start(tmux, tmp_path, "kickoff", "erin", "--resume")
    rest = answer_all(pane, kickoff, start_at=3)
    save_at_review(pane, kickoff)
    assert finish(pane, stdout)[0] == 0, pane.screen()
    check_note(kickoff, home, folder, stdout, {**first, **rest})


def test_a_filled_in_answer_says_enter_keeps_it(tmux: Tmux, tmp_path: Path, user_templates: Path):
    (user_templates / "rate.yaml").write_text(
        "id: rate\ntitle: Rate\nsections:\n  - title: S\n    questions:\n"
        "      - {id: score, prompt: How was it?, type: scale, default: 4}\n"
        "      - {id: word, prompt: One word?, type: text}\n",
        encoding="utf-8",
    )
    homes.known("bob")  # a conversation other than a kick-off starts no mentee
    pane, out = start(tmux, tmp_path, "run", "rate", "bob")
    screen = pane.wait_for_prompt("How was it?")
    assert "(1-5, Enter keeps it)" in screen and "Enter to skip" not in screen
    pane.keys("Enter")
    screen = pane.wait_for_prompt("One word?")
    assert "(Enter to skip)" in screen.split("One word?")[-1]
    pane.keys("C-c")
    assert pane.wait_exit() == 130


def test_esc_enter_on_a_choice_list_changes_nothing_on_screen(
    tmux: Tmux, tmp_path: Path, user_templates: Path
):
    (user_templates / "pick.yaml").write_text(
        "id: pick\ntitle: Pick\nsections:\n  - title: S\n    questions:\n"
        "      - {id: colour, prompt: Which colour?, type: select, choices: [Red, Blue]}\n",
        encoding="utf-8",
    )
    homes.known("bob")  # a conversation other than a kick-off starts no mentee
    pane, out = start(tmux, tmp_path, "run", "pick", "bob")
    pane.wait_for_prompt("Which colour?")
    pane.keys("Escape", "Enter")
    time.sleep(0.5)
    pane.keys("Down", "Down", "Enter")  # (skip), Red, [Blue]
    pane.wait_for_prompt("Save this note?")
    pane.keys("Enter")
    assert pane.wait_exit() == 0
    assert pane.screen(history=True).count("Which colour?") == 1 + 1  # asked once; review row
    note = Path(out.read_text(encoding="utf-8").strip())
    assert "Blue" in note.read_text(encoding="utf-8")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("stop", ["Ctrl-C", "SIGTERM", "SIGHUP"])
def test_the_answer_being_typed_is_kept_and_comes_back_filled_in(
    tmux: Tmux, tmp_path: Path, home: Path, kickoff: Template, stop: str
) -> None:
    """A long multiline answer typed when the terminal goes away is not lost."""
    folder = home / "fay"
    total = len(kickoff.questions)
    typed = kickoff.questions[1]
    assert typed.type == "multiline"
    at = marker(typed, 2, total)
    lines = ["A long answer, line one", "and line two, half typ"]
    pane, stdout = start(tmux, tmp_path, "kickoff", "fay")
    first = {q.id: answer(pane, q, n, total) for n, q in enumerate(kickoff.questions[:1], 1)}
    pane.wait_for_prompt(at)
    pane.type(lines[0])
    pane.wait_for(lines[0], after=at)
    pane.keys("Enter")  # a new line of the same answer
    pane.type(lines[1])
    pane.wait_for(lines[1], after=at)
    if stop == "Ctrl-C":
        pane.keys("C-c")
    else:
        assert is_dtr(pane.pid)
        if stop == "SIGTERM":
            os.kill(pane.pid, signal.SIGTERM)
        else:
            pane.close()  # the terminal window closed: SIGHUP while the prompt is open
    if stop == "SIGHUP":
        wait_gone(pane.pid)
    else:
        assert pane.wait_exit() == 130, pane.screen()
        said = flat(pane.screen(history=True))
        assert "the 1 answer so far and the one being typed are kept" in said, said
        assert f"draft {folder / DRAFT}" in said
        assert "Traceback" not in said and "error" not in said
    assert stdout.read_text(encoding="utf-8") == ""
    draft = read_draft(folder)
    assert draft["answers"] == first  # the answers given, as they were
    assert draft["typing"] == {typed.id: "\n".join(lines)}
    assert typed.id not in draft["asked"]
    assert not list(folder.glob("*.md"))
    assert not list(folder.glob(".tmp-*"))

    # Resumed (from the menu, or with --resume): the question is asked again with the
    # text filled in; the mentor finishes it.
    pane, stdout = start(
        tmux, tmp_path, "kickoff", "fay", *([] if stop == "Ctrl-C" else ["--resume"])
    )
    if stop == "Ctrl-C":
        pane.wait_for_prompt("» Resume it", after="is waiting. What now?")
        assert "(1 answer and one half-typed" in flat(pane.screen())
        pane.keys("Enter")
    screen = pane.wait_for_prompt(lines[1], after=at)
    assert lines[0] in screen[screen.rfind(at) :]
    assert "Filled in with what was being typed here" in flat(screen)
    pane.type("ed.")
    pane.wait_for(lines[1] + "ed.", after=at)
    pane.keys("Escape", "Enter")
    rest = answer_all(pane, kickoff, start_at=3)
    save_at_review(pane, kickoff)
    assert finish(pane, stdout)[0] == 0, pane.screen()
    finished = f"{lines[0]}\n{lines[1]}ed."
    check_note(kickoff, home, folder, stdout, {**first, typed.id: finished, **rest})


def test_a_second_terminal_cannot_open_the_same_interview(
    tmux: Tmux, tmp_path: Path, kickoff: Template
):
    first, _ = start(tmux, tmp_path, "kickoff", "gail")
    first.wait_for_prompt(marker(kickoff.questions[0], 1, len(kickoff.questions)))
    second, out = start(tmux, tmp_path, "kickoff", "gail")
    assert second.wait_exit() == 1
    screen = second.screen(history=True)
    assert "already open in another terminal" in screen and "Traceback" not in screen
    assert out.read_text(encoding="utf-8") == ""
    first.keys("C-c")
    assert first.wait_exit() == 130


def test_no_usable_lock_folder_stops_the_interview_before_it_starts(tmux: Tmux, tmp_path: Path):
    blocker = tmp_path / "cache"  # XDG_CACHE_HOME of this test's home, made a file
    if blocker.is_dir():
        import shutil

        shutil.rmtree(blocker)
    blocker.write_text("not a folder", encoding="utf-8")
    pane, out = start(tmux, tmp_path, "kickoff", "hal")
    assert pane.wait_exit() == 1
    screen = pane.screen(history=True)
    assert "could not take its lock" in screen and "Traceback" not in screen
    assert out.read_text(encoding="utf-8") == ""
    assert not (Path(os.environ["DTR_HOME"]) / "hal" / DRAFT).exists()


def test_a_long_note_is_paged_and_a_short_one_is_not(tmux: Tmux, tmp_path: Path):
    import json
    import subprocess

    env = {name: os.environ[name] for name in homes.folders(tmp_path)}
    given = {"names_pronouns": "Sam", "meeting_time": "Tue 18:00", "channel": "Slack",
             "module_concerns": "\n".join(f"line {n}" for n in range(80))}  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "dtrcli", "kickoff", "ivy", "--new", "-a", "-"],
        input=json.dumps(given), text=True, env={**os.environ, **env}, check=True,
        capture_output=True,
    )  # fmt: skip
    paged = tmp_path / "paged.txt"
    pager = f"sh -c 'cat > {paged}'"
    pane = tmux.spawn(
        [sys.executable, "-m", "dtrcli", "show", "ivy"],
        stdout=None,
        env={**env, "PAGER": pager},
        cwd=tmp_path,
    )
    assert pane.wait_exit() == 0
    assert "line 79" in paged.read_text(encoding="utf-8")
    paged.unlink()
    pane = tmux.spawn(
        [sys.executable, "-m", "dtrcli", "show", "ivy", "--no-pager"],
        stdout=None,
        env={**env, "PAGER": pager},
        cwd=tmp_path,
    )
    assert pane.wait_exit() == 0
    assert not paged.exists()
    assert "line 79" in pane.screen(history=True)
