"""Make the README's pictures: a mid-module interview and the history view, as SVG.

Runs dtr in a real terminal (tmux) on a made-up home, captures the screen with its
colours and turns it into SVG with rich. Usage: python tools/screenshots.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.text import Text

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
WIDTH, HEIGHT = 100, 48
SOCKET = f"dtr-shots-{os.getpid()}"

KICKOFF = """\
names_pronouns: "Sam (they/them), Alice (she/her)"
meeting_time: Tuesdays 18:00
channel: Slack
improve_areas: SQL and debugging
focus_topic: SQL joins
followups: [Alice shares her project repo, Sam sends the SQL joins article]
"""


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=True
    ).stdout


def screen(colour: bool = False) -> str:
    return tmux("capture-pane", "-p", *(["-e"] if colour else []), "-t", "shots")


def wait_for(text: str, timeout: float = 15) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if text in screen():
            return
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {text!r}; screen:\n{screen()}")


def send(text: str = "", *keys: str) -> None:
    if text:
        tmux("send-keys", "-t", "shots", "-l", text)
    if keys:
        tmux("send-keys", "-t", "shots", *keys)


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
    if not shutil.which("tmux"):
        print("tmux is needed to make the pictures", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        answers = Path(tmp) / "kickoff.yaml"
        answers.write_text(KICKOFF, encoding="utf-8")
        env = {
            **os.environ,
            "DTR_HOME": str(home),
            "XDG_CONFIG_HOME": str(Path(tmp) / "cfg"),
            "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
        }
        dtr = [sys.executable, "-m", "dtrcli"]
        for name, date in (
            ("Alice Smith", "2026-11-02"),
            ("José Ortega", "2026-11-03"),
            ("Bo Chen", "2026-11-04"),
        ):
            subprocess.run(
                [*dtr, "kickoff", name, "-a", str(answers), "--date", date],
                env=env,
                check=True,
                capture_output=True,
            )
        subprocess.run(
            [*dtr, "midmod", "bo-chen", "-a", "-", "--date", "2026-11-20"],
            input="module_rating: 4\n",
            text=True,
            env=env,
            check=True,
            capture_output=True,
        )
        shell_env = " ".join(
            f"{k}={v}"
            for k, v in (
                ("DTR_HOME", home),
                ("XDG_CONFIG_HOME", Path(tmp) / "cfg"),
                ("XDG_CACHE_HOME", Path(tmp) / "cache"),
            )
        )
        tmux(
            "new-session",
            "-d",
            "-s",
            "shots",
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            f"env {shell_env} PS1='$ ' TERM=xterm-256color bash --norc --noprofile",
        )
        try:
            send("clear", "Enter")
            command = f"{' '.join(dtr)} midmod alice-smith --date 2026-11-19"
            send(command, "Enter")
            wait_for("Carry it into this note")
            send("", "Enter")
            wait_for("Sam sends")
            send("", "Down", "Enter")
            wait_for("[1/9]")
            send("4", "Enter")
            wait_for("[2/9]")
            send("Good progress on the group project; test coverage needs work.", "Escape", "Enter")
            wait_for("[3/9]")
            send("Joins across three tables", "Escape", "Enter")
            wait_for("[4/9]")
            send("Still SQL joins, then testing", "Escape", "Enter")
            wait_for("[5/9]")
            send("Pairing, explaining her code", "Escape", "Enter")
            for number in (6, 7, 8):
                wait_for(f"[{number}/9]")
                send("", *(["Escape", "Enter"] if number == 8 else ["Enter"]))
            wait_for("[9/9]")
            send("Alice writes tests for the API", "Enter")
            wait_for("+ item 2")
            send("", "Enter")
            wait_for("Save this note?")
            time.sleep(0.3)
            svg(screen(colour=True), "dtr midmod alice-smith", IMAGES / "interview.svg")
            send("", "Enter")
            wait_for("-midmod.md")
            send("clear", "Enter")
            time.sleep(0.3)
            send(f"{' '.join(dtr)} history", "Enter")
            wait_for("conversation")
            time.sleep(0.3)
            text = screen(colour=True).replace(" ".join(dtr), "dtr")
            svg(text, "dtr history", IMAGES / "history.svg")
        finally:
            subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
