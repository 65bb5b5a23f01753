"""Write the examples of docs/program.md: dtr program report with its real output.

Builds three made-up mentors' homes in a temporary folder (each its own data and
config folder, as on three computers), runs ``dtr program bundle`` in each and
``dtr program report`` over the bundles, in this process with "today" fixed
(dtrcli.dates.today) at 100 columns, and puts what it printed between the page's
example marks. Run by tools/examples.py (and its --check) with docs/review.md.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

from docgen import on_a_fixed_day  # tools/docgen.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "program.md"
TODAY = dt.date(2026, 11, 25)  # a Wednesday of week 4 of a module that started 2026-11-03
START = dt.date(2026, 11, 3)
BEGIN, END = "<!-- examples:start -->", "<!-- examples:end -->"

KICKOFF = {
    "meeting_time": "Tuesdays 18:00",
    "channel": "Slack",
    "focus_topic": "SQL joins",
    "mentor_notes": "Mentor only: never in a bundle",
    "followups": ["Mentee: share the project repo"],
}


def _homes() -> dict[str, list[tuple[str, str, list[tuple[str, str, dict[str, object]]]]]]:
    """mentor -> [(mentee, program, [(template, day, answers)])]."""
    checkin = {"met": True, "session_minutes": "45"}
    short = {"met": True, "session_minutes": "20"}
    return {
        "Sam Lee": [
            (
                "Alice Smith",
                "BE",
                [
                    ("kickoff", "2026-11-03", KICKOFF),
                    ("checkin", "2026-11-11", checkin),
                    ("midmod", "2026-11-19", {"module_rating": 4}),
                ],
            ),
            ("Bo Chen", "BE", [("kickoff", "2026-11-04", KICKOFF)]),
        ],
        "Kim Park": [
            (
                "Dana Cruz",
                "BE",
                [
                    ("kickoff", "2026-11-03", KICKOFF),
                    ("checkin", "2026-11-10", short),
                    ("checkin", "2026-11-18", checkin),
                ],
            ),
        ],
        "Lu Adler": [
            (
                "Finn Weber",
                "FE",
                [
                    ("kickoff", "2026-11-03", KICKOFF),
                    ("checkin", "2026-11-12", checkin),
                    ("midmod", "2026-11-20", {"module_rating": 5}),
                    ("exit", "2026-11-24", {"module_rating": 5, "continue_next": "Yes"}),
                ],
            ),
        ],
    }


# (command, whether only its warnings are shown: the rest is the report above)
EXAMPLES = [
    ("dtr program report bundles/", False),
    ("dtr program report bundles/ -o report.html", False),
    ("dtr program report bundles/ notes.json", True),
]


def render(page: str) -> str:
    """``page`` with its examples made afresh."""
    from typer.testing import CliRunner

    sys.path.insert(0, str(ROOT))
    from tests.support import homes

    from dtrcli import console
    from dtrcli.cli import app
    from dtrcli.notebook import index

    parts = []
    with tempfile.TemporaryDirectory(prefix="dtr-program-") as name, on_a_fixed_day(TODAY):
        tmp = Path(name)
        runner = CliRunner()

        def run(command: str) -> str:
            console.reset()
            index.reset()
            result = runner.invoke(app, shlex.split(command)[1:], prog_name="dtr")
            if result.exit_code != 0:
                raise SystemExit(f"{command} exited {result.exit_code}:\n{result.output}")
            return result.output

        (tmp / "bundles").mkdir()
        for number, (mentor, mentees) in enumerate(_homes().items()):
            os.environ.clear()
            os.environ.update(homes.clean_env(tmp / f"mentor-{number}", width=100))
            data = Path(os.environ["DTR_HOME"])
            for mentee, program, notes in mentees:
                homes.write_profile(data, mentee, program=program, module="2", start=START)
                for template, day, answers in notes:
                    homes.write_note(data, template, mentee, day, answers)
            out = tmp / "bundles" / f"{mentor.split()[0].lower()}.json"
            run(f"dtr program bundle --mentor {shlex.quote(mentor)} -o {out}")
        os.environ.clear()
        os.environ.update(homes.clean_env(tmp / "coordinator", width=100))
        os.chdir(tmp)
        (tmp / "notes.json").write_text('[{"mentee": "Alice"}]\n', encoding="utf-8")
        for command, warnings in EXAMPLES:
            lines = [line.rstrip() for line in run(command).splitlines()]
            if warnings:
                lines = ["..."] + [line for line in lines if line.startswith("warning:")]
            output = "\n".join(lines).replace(str(tmp) + os.sep, "")
            parts += ["```console", f"$ {command}", output, "```", ""]
    body = "\n".join(
        [
            BEGIN,
            "<!-- Generated by tools/examples.py; do not edit by hand. -->",
            "",
            f"Three mentors' bundles on {TODAY.isoformat()}, a Wednesday of week 4:",
            "",
            *parts,
            END,
        ]
    )
    return re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: body, page, flags=re.S)
