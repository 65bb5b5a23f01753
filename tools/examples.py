"""Write docs/review.md: the review and sharing commands with their real output (and
docs/module.md, by tools/module_examples.py, and the examples of docs/program.md, by
tools/program_examples.py).

Builds a small made-up home in a temporary folder (three mentees, six notes, a
profile), runs each command there without a terminal at 100 columns and writes
what it printed into the page, with the temporary folder shown as
~/.local/share/dtr. Your own notes are never read or touched.

Usage: python tools/examples.py [--check]   (--check: exit 1 if the page is stale)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import sys
import tempfile
import textwrap
from pathlib import Path

from docgen import write_or_check  # tools/docgen.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.support when run as a script
from tests.support import homes  # noqa: E402

DOC = ROOT / "docs" / "review.md"
WIDTH = 100
DATA = "~/.local/share/dtr"  # how the temporary data folder is shown

SAM = "Back-end developer at a logistics start-up; I did the school's back-end program in 2021."

# (mentee, conversation, date, answers). The module starts on Monday 2026-11-02:
# kick-offs in week 1, mid-module follow-ups in weeks 3 and 4, the exit in week 6.
NOTES: list[tuple[str, str, str, dict[str, object]]] = [
    (
        "Alice Smith",
        "kickoff",
        "2026-11-03",
        {
            "names_pronouns": "Sam (they/them), Alice (she/her)",
            "mentor_intro": SAM,
            "mentee_background": "Taught primary school for six years; started coding with "
            "free online courses in the summer holidays.",
            "mentee_explore": "Building APIs, and maybe data engineering later.",
            "best_times": ["Weekday evenings"],
            "constraints": "Picks her son up from after-school club at 17:30.",
            "meeting_time": "Tuesdays 18:00, 45 minutes on video",
            "channel": "Slack",
            "contact_frequency": "A few times a week",
            "ack_time": "The same day",
            "reply_time": "Within two working days",
            "tech_strengths": "HTML and CSS from module 1; explaining her thinking at stand-up.",
            "improve_areas": "SQL, joins especially, and reading error messages calmly.",
            "focus_topic": "SQL joins",
            "review_topics": ["Git branches", "JavaScript array methods"],
            "module_concerns": "The group project starts in week 2 and she has never worked "
            "in a shared codebase.",
            "overwhelmed_needs": "A short message asking what is blocking her, and one small "
            "next step.",
            "other_supports": "Her study group and the TA office hours on Thursdays.",
            "mentor_notes": "Very hard on herself about the module 1 assessment; start with "
            "what went well.",
            "followups": [
                "Alice shares her project repo on Slack",
                "Sam sends the SQL joins article",
                "Mentor only: ask the instructors when the mid-module assessment is",
            ],
        },
    ),
    (
        "Bo Chen",
        "kickoff",
        "2026-11-04",
        {
            "names_pronouns": "Sam (they/them), Bo (he/him)",
            "mentor_intro": SAM,
            "mentee_background": "Graphic designer at a print shop; wants to build the "
            "websites he designs.",
            "mentee_explore": "Front-end work on a design system team.",
            "best_times": ["Lunchtime", "Weekends"],
            "constraints": "Works shifts; the rota comes out on Fridays.",
            "meeting_time": "Saturdays 10:00, 45 minutes",
            "channel": "Slack",
            "contact_frequency": "Once a week",
            "ack_time": "Within a day",
            "reply_time": "Within two working days",
            "tech_strengths": "CSS layout, and an eye for detail.",
            "improve_areas": "JavaScript: async code and fetch, and state in React.",
            "focus_topic": "React state and props",
            "review_topics": ["DOM events", "Promises"],
            "module_concerns": "Worried about keeping up while working shifts.",
            "overwhelmed_needs": "Help splitting the week's work into small pieces.",
            "other_supports": "His partner, and a friend who is a front-end developer.",
            "mentor_notes": "Quiet at first; opened up when we talked about design.",
            "followups": [
                "Bo sends his shift rota when it comes out",
                "Sam shares the React docs page on lifting state up",
            ],
        },
    ),
    (
        "Priya Nair",
        "kickoff",
        "2026-11-05",
        {
            "names_pronouns": "Sam (they/them), Priya (she/they)",
            "mentor_intro": SAM,
            "mentee_background": "Data analyst at a hospital: SQL and spreadsheets every day, "
            "and she wants to build the tools herself.",
            "mentee_explore": "Back-end work close to the data: APIs in front of databases.",
            "best_times": ["Early mornings", "Weekday evenings"],
            "constraints": "On call one weekend a month.",
            "meeting_time": "Thursdays 07:30, 30 minutes",
            "channel": "Slack",
            "contact_frequency": "Once a week",
            "ack_time": "The same day",
            "reply_time": "The next working day",
            "tech_strengths": "SQL: she writes reporting queries in her day job.",
            "improve_areas": "Node and Express; splitting a project into files.",
            "focus_topic": "Express routes and middleware",
            "review_topics": ["Callbacks and promises"],
            "module_concerns": "Nothing so far; she is looking forward to it.",
            "overwhelmed_needs": "A little space first, then a call.",
            "other_supports": "A colleague at work who moved into software.",
            "mentor_notes": "Could help classmates with SQL; suggest a study session once "
            "she feels settled.",
            "followups": [
                "Priya shares her module 1 final project",
                "Mentor only: ask in week 3 whether she would like to lead a SQL study session",
            ],
        },
    ),
    (
        "Alice Smith",
        "midmod",
        "2026-11-17",
        {
            "module_rating": 4,
            "instructor_feedback": "Clear commit messages and good questions in class. Her "
            "API tests only cover the happy path.",
            "struggles": "Joins across three tables, and debugging the group project when "
            "someone else's change breaks hers.",
            "focus_areas": "Still SQL joins, then tests for the error cases.",
            "strengths": "She led the group's first code review, and the team now uses her "
            "checklist.",
            "mentor_support": "Pair on one SQL exercise a week and review her test file.",
            "norms_check": "Keeping to them; the Friday check-ins on Slack help.",
            "meeting_rhythm": "yes",
            "mentor_notes": "Much more relaxed than in week 1. Check she is not doing the "
            "group project alone.",
            "followups": [
                "Alice writes tests for the 404 and 500 responses",
                "Sam shares a practice database with three related tables",
                "Mentor only: tell the instructors about her code-review checklist",
            ],
        },
    ),
    (
        "Bo Chen",
        "midmod",
        "2026-11-24",
        {
            "module_rating": 3,
            "instructor_feedback": "His pages look polished, but components grow too big and "
            "state is spread across them.",
            "struggles": "Deciding where state should live; fetching data and showing a "
            "loading message.",
            "focus_areas": "Smaller components, and one fetch with loading and error states.",
            "strengths": "The CSS of the group's app: he made it work on phones.",
            "mentor_support": "A pairing session on splitting his largest component.",
            "meeting_rhythm": "no",
            "mentor_notes": "Tired from extra shifts; ask about his workload next time.",
            "followups": [
                "Sam shares the React docs page on lifting state up",
                "Bo splits the product page into three components",
                "Sam moves our meeting to Sundays 10:00 in the calendar",
            ],
        },
    ),
    (
        "Alice Smith",
        "exit",
        "2026-12-08",
        {
            "module_rating": 5,
            "proudest_win": "The group project's search API: she wrote the SQL and the tests "
            "and demoed it to the cohort.",
            "technical_growth": "Joins no longer scare her: she writes a three-table query and "
            "can explain it. Tests for the error cases are a habit now.",
            "professional_growth": "Speaks up in code review, and asks for help after half an "
            "hour stuck instead of three hours.",
            "grow_struggles": "Debugging other people's code; she will keep reading pull "
            "requests on the group repo.",
            "portfolio_review": "Calm and clear; the reviewers liked her search API demo and "
            "asked for a shorter README.",
            "instructor_strengths": "Thorough tests, clear READMEs, a calm presence in the team.",
            "instructor_growth": "Smaller pull requests, and the debugger instead of print "
            "statements.",
            "next_focus": "Smaller pull requests and the debugger",
            "mentor_help": "Look over one pull request a week with her before she opens it.",
            "norms_kept": "Well, apart from two weeks of moved meetings; we said so early.",
            "pair_worked": "The fixed Tuesday slot, and a short Slack check-in on Fridays.",
            "pair_hard": "Two weeks of moved meetings in the middle, when Sam was travelling.",
            "continue_next": "Yes",
            "work_better": "Put the module's key dates in both our calendars on day one.",
            "outcome": "Advancing to the next module",
            "mentor_notes": "Suggest her as a peer helper for the next cohort.",
            "followups": [
                "Alice: send Sam the module 3 schedule by Friday",
                "Sam: book our first meeting of module 3 (due 2026-12-14)",
                "Mentor only: write the end-of-module note for the program coordinator",
            ],
        },
    ),
]

# What became of the follow-ups, as the mentor recorded it at the next conversation
# (done "x", dropped "-", carried ">"): (mentee folder, note, item, box).
DECIDED = [
    ("alice-smith", "2026-11-03-kickoff.md", "Alice shares her project repo on Slack", "x"),
    ("alice-smith", "2026-11-03-kickoff.md", "Sam sends the SQL joins article", "x"),
    ("alice-smith", "2026-11-03-kickoff.md", "Mentor only: ask the instructors", "x"),
    ("alice-smith", "2026-11-17-midmod.md", "Alice writes tests", "x"),
    ("alice-smith", "2026-11-17-midmod.md", "Sam shares a practice database", "x"),
    ("alice-smith", "2026-11-17-midmod.md", "Mentor only: tell the instructors", "-"),
    ("bo-chen", "2026-11-04-kickoff.md", "Bo sends his shift rota", "x"),
    ("bo-chen", "2026-11-04-kickoff.md", "Sam shares the React docs page", ">"),
]

# The "editor" for the dtr edit examples: changes one answer, or breaks the front matter.
EDITOR = """\
import os, re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
if os.environ["EXAMPLE_EDIT"] == "answer":
    text = text.replace("review her test file.", "review her test file before Friday's demo.")
else:  # a longer title, and the quotes YAML needs around its colon are lost
    text = re.sub(r"^title: '(.*)'$", r"title: \\1 (after the assessment)", text, flags=re.M)
open(path, "w", encoding="utf-8").write(text)
"""

INTRO = """\
<!-- Generated by tools/examples.py; do not edit by hand. Regenerate: python tools/examples.py -->

# After the meeting: reviewing and sharing notes

Once a conversation is saved, these commands help you look back over it, tidy it
up and send your mentee their copy. Everything below is real output: the notes
of a made-up mentor, Sam, and three mentees in a back-end and front-end module
that started on 2 November 2026. Alice Smith has had all three conversations,
Bo Chen the kick-off and the mid-module follow-up, and Priya Nair the kick-off.
The notes were typed up from answers files (see
[Without a terminal](../README.md#without-a-terminal)).

Output that goes to a file or another program, as here, has no colour; in a
terminal, `dtr show` renders the note and listings are highlighted. Every
command and option is in the [command reference](cli.md).
"""

# (heading, explanation, command, expected exit code). A command may set env vars first.
EXAMPLES: list[tuple[str, str, str, int]] = [
    (
        "Every note",
        "`dtr history` lists every note of every mentee, newest first, so you can see "
        "at a glance who you have met and when.",
        "dtr history",
        0,
    ),
    (
        "One mentee's notes",
        "Give a name (or the folder name) for just that mentee's notes.",
        "dtr history alice-smith",
        0,
    ),
    (
        "Read a note",
        "`dtr show` prints a note; say which one by conversation, date or file name. "
        "In a terminal it is rendered; piped or redirected, as here, it is the file "
        "itself, front matter included.",
        "dtr show alice-smith midmod",
        0,
    ),
    (
        "Search every note",
        "`dtr search` finds a word in every answer, with the mentee, the date and the "
        "question it answers; your private answers are searched too. Handy before a meeting: "
        "what did we say about SQL?",
        'dtr search "sql"',
        0,
    ),
    (
        "The mentee's copy",
        "`dtr share` gives the note as you would send it to your mentee: your private "
        'notes (the "Mentor only" question) and every line, follow-up or paragraph that '
        "starts with `Mentor only`, however you wrote it, are left out, and so are "
        "questions you skipped.",
        "dtr share alice-smith kickoff",
        0,
    ),
    (
        "The mentee's copy, for Slack",
        "`--format slack` uses Slack's own formatting, ready to paste into a direct "
        "message (`| pbcopy` on a Mac, `| xclip -selection clipboard` on Linux): a "
        "Markdown link becomes its text and its address, and every answer reads as it "
        "reads in the note.",
        "dtr share alice-smith kickoff --format slack",
        0,
    ),
    (
        "The whole module side by side",
        "`dtr summary` puts the kick-off, mid-module and exit answers next to each other, "
        "topic by topic, with how the follow-ups ended up. Useful for the exit "
        "conversation and for any end-of-module note to the school: like `dtr share`, it "
        "leaves out private answers and `Mentor only` items, paragraphs and follow-ups "
        "(here the mentor's note for the program coordinator). `--private` shows "
        "everything, for yourself.",
        "dtr summary alice-smith",
        0,
    ),
    (
        "Open follow-ups",
        "`dtr followups` lists the follow-ups not yet done, dropped or carried into a "
        "later note, oldest first, across every mentee. Your own `Mentor only:` items "
        "are listed here too: this list is for you.",
        "dtr followups",
        0,
    ),
    (
        "Export",
        "`dtr export` writes every note as data (JSON) or as one Markdown document. By "
        "default it is a full backup: private answers are included (their ids are listed "
        "under `private`), so keep the file to yourself. For a program coordinator add "
        "`--no-private`: private answers and mentor-only items are left out, as in "
        "`dtr share`. The output below is cut after the first note.",
        "dtr export alice-smith --format json",
        0,
    ),
    (
        "Correct a note",
        "`dtr edit` opens a note in your editor (`$VISUAL` or `$EDITOR`). When you close "
        "it, dtr checks it can still read the note. Here the mentor adds \"before Friday's "
        'demo" to one answer.',
        "EXAMPLE_EDIT=answer dtr edit alice-smith midmod",
        0,
    ),
    (
        "When an edit goes wrong",
        "If the edit would stop dtr reading the note, dtr says which line to fix and keeps "
        "the version from before your edit beside the note. Here the title in the front "
        "matter lost the quotes YAML needs around a colon. Run the command it gives to "
        "fix the line, or copy the kept version back over the note.",
        "EXAMPLE_EDIT=break dtr edit alice-smith midmod",
        1,
    ),
]


def build_home(run: homes.Run, data: Path) -> None:
    """Sam's notes: a profile for Alice, six conversations, follow-ups decided."""
    run(
        *("mentee", "add", "Alice Smith", "--pronouns", "she/her", "--program", "BE"),
        *("--module", "2", "--start", "2026-11-02", "--meets", "Tue 18:00"),
        *("--channel", "Slack"),
    )
    for name, kind, date, answers in NOTES:
        # Written as if typed up the evening of the meeting, so the page does not
        # change each time it is made.
        created = dt.datetime.fromisoformat(f"{date}T20:15:00+00:00")
        homes.add_note(run, kind, name, date, answers, created)
    for folder, note, item, box in DECIDED:
        homes.set_box(data / folder / note, item, box)


def _restore(note: Path, before: str) -> None:
    """Copy the version kept by the failed edit back over the note, as the page suggests."""
    (kept,) = note.parent.glob(f".{note.stem}.before-edit-*")
    if kept.read_text(encoding="utf-8") != before:
        raise SystemExit(f"{kept.name} is not the note as it was before the edit")
    kept.replace(note)


def _tidy(text: str, tmp: Path, data: Path) -> str:
    for real in {str(data), os.path.realpath(data)}:
        text = text.replace(real, DATA)
    for real in {str(tmp), os.path.realpath(tmp)}:
        text = text.replace(real, "/tmp")
    # The version kept by a failed edit is named after the time of the edit.
    text = re.sub(r"before-edit-\d{8}-\d{6}", "before-edit-20261208-211500", text)
    return "\n".join(line.rstrip() for line in text.splitlines())


def _cut_export(text: str) -> str:
    """The JSON export up to the end of its first note."""
    lines = text.splitlines()
    more = len(json.loads(text)) - 1
    if not more:
        return text
    end = lines.index("  },") + 1
    return "\n".join([*lines[:end], f"  ... (cut here: {more} more notes in the same form)"])


def render() -> str:
    parts = [INTRO]
    with tempfile.TemporaryDirectory(prefix="dtr-examples-") as name:
        tmp = Path(name)
        env = homes.clean_env(tmp, width=WIDTH)
        data = Path(env["DTR_HOME"])
        build_home(homes.process(env), data)
        editor = tmp / "editor.py"
        editor.write_text(EDITOR, encoding="utf-8")
        env["EDITOR"] = shlex.join([sys.executable, str(editor)])
        midmod = data / "alice-smith" / "2026-11-17-midmod.md"
        for heading, explanation, command, expect in EXAMPLES:
            words = shlex.split(command)
            run_env = dict(env)
            while "=" in words[0]:
                key, _, value = words.pop(0).partition("=")
                run_env[key] = value
            before = midmod.read_text(encoding="utf-8")
            output = homes.run_dtr(words[1:], run_env, expect=expect, merge_stderr=True)
            if words[1] == "export":
                output = _cut_export(output)
            if words[1] == "edit" and expect != 0:
                _restore(midmod, before)
            shown = re.sub(r"^(\w+=\S+ )+", "", command)  # not the example's own env vars
            text = textwrap.fill(explanation, 80, break_on_hyphens=False)
            parts += [f"## {heading}", "", text, "", "```console", f"$ {shown}"]
            parts += [_tidy(output, tmp, data), "```", ""]
    return "\n".join(parts)


def main() -> int:
    try:
        page = render()
    except (AssertionError, ValueError) as problem:  # a command or a sample edit failed
        raise SystemExit(str(problem)) from None
    code = write_or_check(DOC, page, "python tools/examples.py")
    import module_examples  # tools/module_examples.py: docs/module.md

    module_page = module_examples.render()
    code = max(code, write_or_check(module_examples.DOC, module_page, "python tools/examples.py"))
    import program_examples  # tools/program_examples.py: the examples of docs/program.md

    program_page = program_examples.render(program_examples.DOC.read_text(encoding="utf-8"))
    return max(code, write_or_check(program_examples.DOC, program_page, "python tools/examples.py"))


if __name__ == "__main__":
    sys.exit(main())
