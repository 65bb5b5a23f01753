"""Make the README's pictures: a mid-module interview and the history view, as SVG.

Runs dtr in a real terminal (tmux, driven by tests/support/tmux.py) on a made-up
home, captures the screen with its colours and turns it into SVG with rich.
Usage: python tools/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.text import Text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.support when run as a script
from tests.support import homes  # noqa: E402
from tests.support.homes import Note  # noqa: E402
from tests.support.tmux import Pane, Tmux, available  # noqa: E402

IMAGES = ROOT / "docs" / "images"
WIDTH, HEIGHT = 100, 48  # the terminal's size; a picture is as wide

KICKOFF = {
    "names_pronouns": "Sam (they/them), Alice (she/her)",
    "meeting_time": "Tuesdays 18:00",
    "channel": "Slack",
    "improve_areas": "SQL and debugging",
    "focus_topic": "SQL joins",
    "followups": ["Alice shares her project repo", "Sam sends the SQL joins article"],
}
# On file before the pictures: three kick-offs and Bo's mid-module follow-up.
NOTES = [
    Note("kickoff", "Alice Smith", "2026-11-02", KICKOFF),
    Note("kickoff", "José Ortega", "2026-11-03", KICKOFF),
    Note("kickoff", "Bo Chen", "2026-11-04", KICKOFF),
    Note("midmod", "bo-chen", "2026-11-20", {"module_rating": 4}),
]


def send(pane: Pane, text: str = "", *keys: str) -> None:
    """Type ``text``, then press ``keys`` (tmux key names)."""
    if text:
        pane.type(text)
    if keys:
        pane.keys(*keys)


def picture(pane: Pane) -> str:
    """The screen with its colours, line by line as shown."""
    return pane.screen(colour=True, joined=False)


def svg(ansi: str, title: str, path: Path) -> None:
    lines = ansi.rstrip("\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    with open(os.devnull, "w") as sink:
        console = Console(
            record=True, width=WIDTH, force_terminal=True, color_system="truecolor", file=sink
        )
        console.print(Text.from_ansi("\n".join(lines)))
    path.write_text(console.export_svg(title=title), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> int:
    if not available():
        print("tmux is needed to make the pictures", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        homes.add_notes(homes.process(homes.clean_env(tmp)), NOTES)
        dtr = [sys.executable, "-m", "dtrcli"]
        terminal_env = homes.clean_env(tmp, width=None)
        tmux = Tmux(tmp, width=WIDTH, height=HEIGHT, name="dtr-shots", env=terminal_env)
        try:
            pane = tmux.spawn(["bash", "--norc", "--noprofile"], env={"PS1": "$ "})
            # Each answer is typed once its prompt is on screen and reading keys.
            pane.wait_for_prompt("$")
            send(pane, "clear", "Enter")
            command = f"{' '.join(dtr)} midmod alice-smith --date 2026-11-19"
            send(pane, command, "Enter")
            pane.wait_for_prompt("Carry it into this note")
            send(pane, "", "Enter")
            pane.wait_for_prompt("Sam sends")
            send(pane, "", "Down", "Enter")
            pane.wait_for_prompt("[1/10]")
            send(pane, "4", "Enter")
            pane.wait_for_prompt("[2/10]")
            send(
                pane,
                "Good progress on the group project; test coverage needs work.",
                "Escape",
                "Enter",
            )
            pane.wait_for_prompt("[3/10]")
            send(pane, "Joins across three tables", "Escape", "Enter")
            pane.wait_for_prompt("[4/10]")
            send(pane, "Still SQL joins, then testing", "Escape", "Enter")
            pane.wait_for_prompt("[5/10]")
            send(pane, "Pairing, explaining her code", "Escape", "Enter")
            pane.wait_for_prompt("[6/10]")
            send(pane, "", "Enter")
            pane.wait_for_prompt("[7/10]")
            send(pane, "Keeping to them", "Enter")
            for number in (8, 9):
                pane.wait_for_prompt(f"[{number}/10]")
                send(pane, "", *(["Escape", "Enter"] if number == 9 else ["Enter"]))
            pane.wait_for_prompt("[10/10]")
            send(pane, "Alice writes tests for the API", "Enter")
            pane.wait_for_prompt("who, and by when?")
            send(pane, "Alice, Friday", "Enter")
            pane.wait_for_prompt("+ item 2")
            send(pane, "", "Enter")
            pane.wait_for_prompt("Save this note?")
            time.sleep(0.3)
            svg(picture(pane), "dtr midmod alice-smith", IMAGES / "interview.svg")
            send(pane, "", "Enter")
            pane.wait_for("-midmod.md")
            send(pane, "clear", "Enter")
            time.sleep(0.3)
            send(pane, f"{' '.join(dtr)} history", "Enter")
            pane.wait_for("conversation")
            time.sleep(0.3)
            text = picture(pane).replace(" ".join(dtr), "dtr")
            svg(text, "dtr history", IMAGES / "history.svg")
        finally:
            tmux.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
