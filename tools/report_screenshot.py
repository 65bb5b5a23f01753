"""Make docs/images/program-report.png: the program report's HTML page in headless Chromium.

Builds made-up mentors' homes in a temp folder (tests/support/homes.py), runs
``dtr program bundle`` in each and ``dtr program report -o`` over the bundles,
then has Chromium take a picture of the page. For the docs, not for CI.
Needs Chromium (``apt-get install -y chromium``).
Usage: python tools/report_screenshot.py [--keep]
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.support when run as a script
from tests.support import homes  # noqa: E402

IMAGE = ROOT / "docs" / "images" / "program-report.png"
SIZE = (1100, 1900)  # the window Chromium draws the page in

MENTORS = {
    "Sam Lee": [("Alice Smith", "BE", "2"), ("José Ortega", "BE", "2"), ("Bo Chen", "FE", "1")],
    "Kim Park": [("Dana Cruz", "BE", "2"), ("Eli Novak", "BE", "2")],
    "Lu Adler": [("Finn Weber", "FE", "1"), ("Gia Rossi", "FE", "1"), ("Hana Ito", "BE", "2")],
    "Raj Patel": [("Ian Moreau", "BE", "2"), ("Ines Silva", "FE", "1")],
}
KICKOFF = {
    "meeting_time": "Tuesdays 18:00",
    "channel": "Slack",
    "focus_topic": "SQL joins",
    "mentor_notes": "Mentor only: never in a bundle",
    "followups": ["Mentee: share the project repo", "Mentor: send the SQL article"],
}


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


WEEKS_IN = {"BE": 4, "FE": 6}  # how far into its module each program is


def fill(home: Path, mentees: list[tuple[str, str, str]], rng: random.Random) -> None:
    """Profiles and notes: BE four weeks into its module, FE at its end; most pairs keep
    up, some go quiet."""
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    for name, program, module in mentees:
        weeks_in = WEEKS_IN[program]
        start = monday - dt.timedelta(weeks=weeks_in)
        homes.write_profile(home, name, program=program, module=module, start=start)
        quiet = rng.random() < 0.25
        if rng.random() < 0.85:
            homes.write_note(home, "kickoff", name, start + dt.timedelta(days=1), KICKOFF)
        for week in range(1, 1 if quiet else weeks_in):
            if rng.random() < 0.8:
                day = start + dt.timedelta(weeks=week, days=rng.randint(0, 4))
                minutes = str(rng.choice((20, 30, 45, 60, 75)))
                answers = {"met": True, "session_minutes": minutes}
                homes.write_note(home, "checkin", name, day, answers)
        if quiet:
            continue
        if rng.random() < 0.8:
            day = start + dt.timedelta(weeks=2, days=rng.randint(0, 6))
            answers = {"module_rating": rng.choice((3, 4, 4, 5)), "mentor_notes": "private"}
            homes.write_note(home, "midmod", name, day, answers)
        if weeks_in >= 6 and rng.random() < 0.8:
            day = start + dt.timedelta(weeks=5, days=rng.randint(0, 4))
            answers = {
                "module_rating": rng.choice((4, 5, 5)),
                "continue_next": rng.choice(("Yes", "Yes", "Not sure yet")),
                "outcome": "Advancing to the next module",
                "mentor_notes": "private",
            }
            homes.write_note(home, "exit", name, day, answers)


def main() -> int:
    browser = chromium()
    if browser is None:
        print("Chromium is needed (apt-get install -y chromium)", file=sys.stderr)
        return 1
    keep = "--keep" in sys.argv[1:]
    rng = random.Random(18)
    tmp = Path(tempfile.mkdtemp(prefix="dtr-report-"))
    try:
        bundles = tmp / "bundles"
        bundles.mkdir()
        for number, (mentor, mentees) in enumerate(MENTORS.items()):
            env = homes.clean_env(tmp / f"mentor-{number}")
            fill(Path(env["DTR_HOME"]), mentees, rng)
            out = bundles / f"mentor-{number}.json"
            homes.run_dtr(["program", "bundle", "--mentor", mentor, "-o", str(out)], env)
        page = tmp / "report.html"
        env = homes.clean_env(tmp / "coordinator")
        homes.run_dtr(["program", "report", str(bundles), "-o", str(page)], env)
        IMAGE.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",  # as root in a container
                "--disable-gpu",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--window-size={SIZE[0]},{SIZE[1]}",
                f"--screenshot={IMAGE}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        print(f"wrote {IMAGE.relative_to(ROOT)}")
        if keep:
            print(f"kept {tmp}")
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
