"""Benchmark dtr's start-up, listings and search at 10 to 100,000 notes, against grep, rg, jrnl.

Run it with the interpreter dtr is installed in (see benchmarks/README.md)::

    python benchmarks/run.py                 # the full run; writes docs/performance.md
    python benchmarks/run.py --quick         # a smoke run; writes nothing unless --output

It builds throw-away data homes in a temp folder (never in the repository),
times whole processes to a pipe (hyperfine when it is installed, else a loop of
subprocesses) and on a real terminal (tmux), with the index warm and with it
deleted, records each command's peak memory, reports medians against the
targets of benchmarks/README.md, and deletes the temp folder at the end.
Standard library only, plus dtr itself for rendering the notes and the
repository's tests/support/ (its sample-home builder and tmux driver).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # for tests.support when run as a script
from tests.support import homes  # noqa: E402
from tests.support.tmux import Tmux  # noqa: E402

DEFAULT_OUTPUT = REPO / "docs" / "performance.md"
NOTES_START = "<!-- notes:start -->"
NOTES_END = "<!-- notes:end -->"
NOTES_PLACEHOLDER = (
    "_Write the team's design notes here: why the figures are what they are and what "
    "was changed to get them. `benchmarks/run.py` keeps this section as it is._"
)

WORD = "Kubernetes"  # the word searched for
WORD_EVERY = 20  # ... is in every 20th note written (the 4th, the 24th ...)
PROMPT = "[1/"  # the interview's first prompt, "? [1/20] ..."
TERM_SIZE = (120, 40)
MANY_NAME = "Robin Ellis"  # the mentee holding a third of the notes
TEN_NAME = "Sam Okafor"  # the mentee holding exactly 10 notes
KICKOFF_NAME = "Kim Bench"  # a new mentee for the kick-off timing (removed afterwards)
PROGRESS_TEXT = "Reading the notes"  # the progress bar of a cold index (console.progress)
REF_SIZE = 10_000  # the home the targets are set at
MEMORY_LIMIT_MB = 150  # peak memory of search and history at the biggest home
COLD_LIMIT_S = 3.0  # `dtr history` with the index deleted, on a terminal
JRNL_RUNS = 5  # at most, for jrnl (a comparison, with no target)


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    """Alex Ana Ben Bo Cara Chen Dana Dev Eli Emma Finn Gia Hana Ian Ines Jo Kai Lea Leo Mia
    Nia Noa Omar Ola Pia Raj Rosa Sam Tara Teo Uma Val Wes Xin Yara Yusuf Zoe Zane Amir Ivy"""
)
LAST = _words(
    """Abe Baker Costa Diaz Evans Fischer Garcia Haddad Ito Jensen Kim Lopez Mensah Novak
    Olsen Patel Quinn Rossi Silva Tanaka Umar Varga Wong Xu Young Zhou Adler Brandt Cruz
    Dubois Eze Ferreira Gupta Horvat Iqbal Jovanovic Kowalski Larsen Moreau Nakamura Ortiz
    Park Reyes Schmidt Torres Ueda Vogel Weber Yilmaz Zimmer Ahmed Bauer Castro Duarte Ek
    Fontaine Grant Hill"""
)
PHRASES = (
    "Wants to get comfortable with SQL joins before the project week.",
    "Worked through the testing exercises and asked good questions.",
    "Finds the pace of the module hard but is keeping up with the reading.",
    "Paired with a classmate on the API project; it went well.",
    "Would like more feedback on code style and naming.",
    "Struggled with recursion, then explained it back clearly.",
    "Is looking for a study group that meets on weekends.",
    "Plans to rewrite the command-line tool with better error messages.",
    "Felt the instructor's reviews were thorough and kind.",
    "Wants to practise explaining code out loud for interviews.",
    "Has a new job starting next month, so evenings are tight.",
    "Read two chapters on databases and took notes.",
    "Needs help setting up the development environment on Windows.",
    "Shipped the first version of the portfolio site.",
    "Asked about the difference between unit and integration tests.",
    "Is curious about data engineering and pipelines.",
    "Gave a short demo to the cohort and got good questions back.",
    "Keeps a learning journal and reviews it every Friday.",
)
WORD_PHRASES = (
    f"Wants to learn {WORD} after the module.",
    f"Deployed the project to a small {WORD} cluster.",
    f"Asked whether {WORD} is worth learning this early.",
)


# --- small helpers ---------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def times(ratio: float) -> str:
    return f"{ratio:.1f}×"


def mb(kib: float) -> str:
    return f"{kib * 1024 / 1e6:,.1f} MB"


def run_text(argv: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(
            f"failed ({proc.returncode}): {shlex.join(argv)}\n{proc.stderr.strip()[-2000:]}"
        )
    return proc.stdout


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- the tools ---------------------------------------------------------------------------


@dataclass
class Tools:
    dtr: str
    python: str  # the interpreter that runs dtr (its sys.executable)
    jrnl: str | None
    hyperfine: str | None
    tmux: str | None
    grep: str | None
    rg: str | None
    gnu_time: str | None  # GNU time, for peak memory (%M)


def find_tools(args: argparse.Namespace) -> Tools:
    here = Path(sys.executable).parent
    dtr = args.dtr or (str(here / "dtr") if (here / "dtr").exists() else shutil.which("dtr"))
    if not dtr:
        raise SystemExit("dtr is not installed next to this Python nor on PATH; pass --dtr.")
    dtr = str(Path(dtr).absolute())
    # The interpreter from dtr's own "#!" line, asked for its sys.executable, so the
    # floor is timed with the very Python that runs dtr (not a pyenv shim).
    first = Path(dtr).read_bytes().split(b"\n", 1)[0].decode()
    interp = shlex.split(first[2:]) if first.startswith("#!") else [sys.executable]
    python = run_text([*interp, "-c", "import sys; print(sys.executable)"]).strip()
    jrnl = args.jrnl or (str(here / "jrnl") if (here / "jrnl").exists() else shutil.which("jrnl"))
    hyperfine = None if args.no_hyperfine else shutil.which("hyperfine")
    gnu_time = shutil.which("time")
    if gnu_time:
        said = subprocess.run([gnu_time, "--version"], capture_output=True, text=True)
        gnu_time = gnu_time if "GNU" in said.stdout + said.stderr else None
    return Tools(
        dtr,
        python,
        jrnl,
        hyperfine,
        shutil.which("tmux"),
        shutil.which("grep"),
        shutil.which("rg"),
        gnu_time,
    )


# --- timing ------------------------------------------------------------------------------


@dataclass
class Timing:
    median: float
    mean: float
    stdev: float
    low: float
    high: float
    runs: int


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Seconds of one whole process, its output read through a pipe to the end."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    proc.communicate()
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {shlex.join(argv)}")
    return took


def time_command(
    tools: Tools,
    argv: list[str],
    env: dict[str, str],
    runs: int,
    warmup: int,
    scratch: Path,
    empty_first: Path | None = None,
    prepare: list[str] | None = None,
) -> list[float]:
    """Wall times (seconds) of ``runs`` whole processes after ``warmup`` untimed ones.

    Standard output and error go to a pipe that is read and thrown away (not /dev/null:
    GNU grep stops at the first match when its output is /dev/null). ``empty_first``: a
    folder removed before every run (dtr's index, for the figures of a cold index);
    ``prepare``: a command run (untimed) before every run.
    """
    if runs == 0:
        return []
    if tools.hyperfine:
        out = scratch / f"hyperfine-{uuid.uuid4().hex[:8]}.json"
        cmd = [tools.hyperfine, "--shell=none", "--style", "none", "--output", "pipe"]
        cmd += ["--warmup", str(warmup), "--runs", str(runs), "--export-json", str(out)]
        if empty_first is not None:
            cmd += ["--prepare", shlex.join(["rm", "-rf", str(empty_first)])]
        if prepare is not None:
            cmd += ["--prepare", shlex.join(prepare)]
        run_text([*cmd, shlex.join(argv)], env=env, timeout=3600)
        result = json.loads(out.read_text(encoding="utf-8"))["results"][0]
        out.unlink()
        return [float(t) for t in result["times"]]
    samples = []
    for i in range(warmup + runs):
        if empty_first is not None:
            shutil.rmtree(empty_first, ignore_errors=True)
        if prepare is not None:
            run_once(prepare, env)
        took = run_once(argv, env)
        if i >= warmup:
            samples.append(took)
    return samples


def peak_memory(
    tools: Tools,
    argv: list[str],
    env: dict[str, str],
    scratch: Path,
    empty_first: Path | None = None,
    prepare: list[str] | None = None,
) -> int:
    """The peak resident memory (KiB) of one run, output to a pipe.

    Measured by a small process that starts the command: the kernel counts a child's
    peak from the memory of the process it was forked from, so a child of this
    script (which holds a whole home's worth of data) would seem as big as it. GNU
    time (%M) is a few MB; without it, the terminal timer's Python (about 10 MB).
    """
    if empty_first is not None:
        shutil.rmtree(empty_first, ignore_errors=True)
    if prepare is not None:
        run_once(prepare, env)
    out = scratch / f"memory-{uuid.uuid4().hex[:8]}"
    if tools.gnu_time:
        run_once([tools.gnu_time, "-f", "%M", "-o", str(out), *argv], env)
        kib = int(out.read_text(encoding="ascii").split()[-1])
    else:
        run_once([tools.python, "-c", TIMER, str(out), "-", *argv], env)
        kib = int(out.read_text(encoding="ascii").split()[2])
    out.unlink()
    return kib


def split_runs(runs: int, rounds: int) -> list[int]:
    """``runs`` shared out over ``rounds`` rounds, e.g. (5, 4) -> [2, 1, 1, 1], (2, 4) ->
    [1, 1, 0, 0]."""
    rounds = max(1, rounds)
    return [runs // rounds + (1 if i < runs % rounds else 0) for i in range(rounds)]


def summarize(samples: list[float]) -> Timing:
    return Timing(
        statistics.median(samples),
        statistics.fmean(samples),
        statistics.stdev(samples) if len(samples) > 1 else 0.0,
        min(samples),
        max(samples),
        len(samples),
    )


# Runs a command on the terminal it is started in and writes, when it has ended, its wall
# time, exit status and peak memory to a file. Waits for a "go" file first when given one
# (so the terminal's output can be recorded from the very start). Started by tmux in a
# pane of its own, it makes the command's stdout and stderr that pane's terminal.
TIMER = """\
import os, subprocess, sys, time
result, go, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
while go != "-" and not os.path.exists(go):
    time.sleep(0.001)
t0 = time.perf_counter()
proc = subprocess.Popen(argv)
_, status, usage = os.wait4(proc.pid, 0)
took = time.perf_counter() - t0
with open(result + ".part", "w") as fh:
    fh.write(f"{took} {os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
os.rename(result + ".part", result)
"""

ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


@dataclass
class TerminalRun:
    seconds: float
    peak_kib: int
    saw: bool | None  # whether the watched text was written to the terminal (None: not watched)


class Terminal:
    """A private, detached tmux server: time programs on a real terminal."""

    def __init__(self, scratch: Path, python: str, env: dict[str, str]) -> None:
        width, height = TERM_SIZE
        self.python = python
        self.work = scratch / "terminal"
        self.work.mkdir()
        self.env = env
        self.tmux = Tmux(self.work, width=width, height=height, name="dtr-bench", env=env)
        # Start the server first, so its start-up is never part of a measurement.
        self.tmux.start()

    def _differs(self, env: dict[str, str]) -> dict[str, str]:
        """What a command's environment sets unlike the server's (passed to its pane)."""
        return {k: v for k, v in env.items() if self.env.get(k) != v}

    def until_text(self, argv: list[str], env: dict[str, str], text: str) -> float:
        """Seconds from launching ``argv`` in a new window until ``text`` is on its screen."""
        t0 = time.perf_counter()
        pane = self.tmux.launch(argv, env=self._differs(env))
        try:
            pane.wait_for(text, timeout=60, interval=0.002)
            return time.perf_counter() - t0
        except AssertionError as error:
            raise SystemExit(f"{shlex.join(argv)}: {error}") from None
        finally:
            pane.kill()

    def time_until(self, argvs: list[list[str]], env: dict[str, str], text: str) -> list[float]:
        """Time each command line in turn."""
        return [self.until_text(argv, env, text) for argv in argvs]

    def run(
        self,
        argv: list[str],
        env: dict[str, str],
        *,
        empty_first: Path | None = None,
        watch: str | None = None,
        timeout: float = 1800,
    ) -> TerminalRun:
        """Run ``argv`` to its end with its stdout and stderr on the terminal (a pane of
        TERM_SIZE), timed from its start to its end inside the pane (the timer's own
        start-up is not counted). ``watch``: text looked for in everything written to the
        terminal while it ran (recorded with ``tmux pipe-pane``), such as a progress bar
        that is gone from the screen by the end."""
        if empty_first is not None:
            shutil.rmtree(empty_first, ignore_errors=True)
        tag = uuid.uuid4().hex[:10]
        result = self.work / f"{tag}.result"
        go = self.work / f"{tag}.go"
        log = self.work / f"{tag}.log"
        timer = [self.python, "-c", TIMER, str(result), str(go) if watch else "-", *argv]
        pane = self.tmux.launch(timer, env=self._differs(env))
        try:
            if watch:
                self.tmux.run("pipe-pane", "-t", pane.id, f"cat > {shlex.quote(str(log))}")
                go.touch()
            deadline = time.monotonic() + timeout
            asked = time.monotonic()
            while not result.exists():
                time.sleep(0.005)
                if time.monotonic() - asked > 1:
                    asked = time.monotonic()
                    if pane.exited() is not None and not result.exists():
                        raise SystemExit(
                            f"{shlex.join(argv)} on the terminal: the timer ended without a "
                            f"result; screen:\n{pane.screen()}"
                        )
                if time.monotonic() > deadline:
                    raise SystemExit(f"{shlex.join(argv)} on the terminal: timed out")
            seconds, status, peak = result.read_text(encoding="ascii").split()
            if status != "0":
                raise SystemExit(
                    f"failed ({status}) on the terminal: {shlex.join(argv)}\n{pane.screen()}"
                )
        finally:
            pane.kill()
        saw = None
        if watch:
            # cat writes what it is given at once; the pane is gone, so it ends soon.
            deadline = time.monotonic() + 2
            saw = False
            while not saw and time.monotonic() < deadline:
                text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
                saw = watch in ESCAPES.sub("", text)
                time.sleep(0.05)
            log.unlink(missing_ok=True)
        result.unlink()
        go.unlink(missing_ok=True)
        return TerminalRun(float(seconds), int(peak), saw)

    def close(self) -> None:
        self.tmux.kill()


# --- data ---------------------------------------------------------------------------------


@dataclass
class Home:
    size: int
    dtr_home: Path
    mentees: int
    many: str  # folder of the mentee with a third of the notes
    many_notes: int
    ten: str  # folder of a mentee with exactly 10 notes
    word_notes: int
    journal_config: Path | None = None
    bytes_per_note: float = 0.0
    entries: list[tuple[str, str]] = field(default_factory=list)  # (timestamp, text) for jrnl


def make_answers(template: Any, rng: random.Random, with_word: bool) -> dict[str, Any]:
    """Answers of every question type, as an answers file gives them (homes.write_note
    checks them with dtr's own answer checks)."""
    raw: dict[str, Any] = {}
    for q in template.questions:
        if not q.applies(raw):
            continue
        if not q.required and rng.random() < 0.15:
            continue
        if q.type in ("select",):
            raw[q.id] = rng.choice(q.choices)
        elif q.type == "checkbox":
            raw[q.id] = rng.sample(list(q.choices), rng.randint(1, len(q.choices)))
        elif q.type == "confirm":
            raw[q.id] = rng.choice(["yes", "no"])
        elif q.type == "scale":
            raw[q.id] = str(rng.randint(q.min, q.max))
        elif q.type == "date":
            raw[q.id] = (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))).isoformat()
        elif q.type == "list":
            raw[q.id] = rng.sample(PHRASES, rng.randint(1, 3))
        elif q.type == "multiline":
            raw[q.id] = "\n".join(rng.sample(PHRASES, rng.randint(1, 3)))
        else:
            raw[q.id] = rng.choice(PHRASES)
    if with_word:
        open_ = [q for q in template.questions if q.type == "multiline" and q.applies(raw)]
        target = rng.choice(open_)
        raw[target.id] = (str(raw.get(target.id) or "") + "\n" + rng.choice(WORD_PHRASES)).strip()
    return raw


def layout(size: int) -> list[tuple[str, int]]:
    """(mentee name, number of notes): one mentee with a third, one with 10, the rest in threes.

    A home of 10 notes is one mentee with all 10 (both "the mentee with many notes"
    and "the mentee with 10 notes").
    """
    many = max(10, round(size / 3))
    plan = [(MANY_NAME, min(many, size))]
    left = size - plan[0][1]
    if left >= 10:
        plan.append((TEN_NAME, 10))
        left -= 10
    i = 0
    while left > 0:
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        cycle = i // (len(FIRST) * len(LAST))
        plan.append((f"{first} {last}" + (f" {cycle + 1}" if cycle else ""), min(3, left)))
        left -= min(3, left)
        i += 1
    return plan


Job = tuple[str, str, dt.date, dict[str, Any], dt.datetime]  # a note for homes.write_note
_BUILDING: dict[str, Any] = {}  # what the building processes share (set before they fork)


def build_home(size: int, root: Path, seed: int, journal: bool = True) -> Home:
    """Write a data home of ``size`` valid notes (and a profile per mentee) under ``root``.

    ``journal``: keep each note's body for a jrnl journal (``Home.entries``). The answers
    are drawn here, in order (the same seed gives the same home); the notes are written
    by one process a core for the bigger homes."""
    from dtrcli.conversation.templates import load_registry
    from dtrcli.notebook import paths

    templates = load_registry().templates
    order = [templates["kickoff"], templates["midmod"], templates["exit"]]
    offsets = (0, 17, 38)  # days after the module start: week 1, week 3, week 6
    rng = random.Random(seed + size)
    home = root / f"home-{size}"
    home.mkdir(mode=0o700)
    plan = layout(size)
    jobs: list[Job] = []
    profiles = []
    word_notes = 0
    tz = dt.timezone(dt.timedelta(hours=1))
    for name, count in plan:
        if count > 3:  # one note every two days, going back from late 2026 (every day
            # when that would reach back before 1990, so that dates stay after 1900)
            last = dt.date(2026, 11, 20)
            step = 2 if 2 * count < (last - dt.date(1990, 1, 1)).days else 1
            dates = [last - dt.timedelta(days=step * k) for k in range(count)]
            start = dates[-1]
        else:
            start = dt.date(2025, 1, 6) + dt.timedelta(weeks=rng.randint(0, 95))
            dates = [start + dt.timedelta(days=offsets[k]) for k in range(count)]
        for k, date in enumerate(sorted(dates)):
            template = order[k % 3]
            with_word = len(jobs) % WORD_EVERY == 3
            word_notes += with_word
            answers = make_answers(template, rng, with_word)
            created = dt.datetime.combine(date, dt.time(18, rng.randint(0, 59)), tzinfo=tz)
            jobs.append((template.id, name, date, answers, created))
        profiles.append(
            (
                name,
                {
                    "program": rng.choice(["BE", "FE"]),
                    "module": str(rng.randint(1, 4)),
                    "start": start,
                    "meets": f"{rng.choice(['Mon', 'Tue', 'Wed', 'Thu'])} 18:00",
                    "channel": "Slack",
                },
            )
        )
    written = write_notes(home, templates, jobs, journal)
    for name, fields in profiles:
        homes.write_profile(home, name, **fields)
    entries = sorted(entry for _, entry in written if entry is not None)
    return Home(
        size=size,
        dtr_home=home,
        mentees=len(plan),
        many=paths.slugify(plan[0][0]),
        many_notes=plan[0][1],
        ten=paths.slugify(plan[1][0] if len(plan) > 1 and plan[1][1] == 10 else plan[0][0]),
        word_notes=word_notes,
        bytes_per_note=sum(n for n, _ in written) / size,
        entries=entries,
    )


Written = list[tuple[int, tuple[str, str] | None]]  # bytes of each note, its jrnl entry


def write_notes(home: Path, templates: Any, jobs: list[Job], journal: bool) -> Written:
    """Write the notes, with a process a core when there are thousands (fork only)."""
    import multiprocessing

    _BUILDING.update(home=home, templates=templates, journal=journal)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    step = 500
    chunks = [jobs[i : i + step] for i in range(0, len(jobs), step)]
    try:
        if cores < 2 or len(jobs) < 2000 or "fork" not in multiprocessing.get_all_start_methods():
            return [w for chunk in chunks for w in _write_chunk(chunk)]
        with multiprocessing.get_context("fork").Pool(min(cores, 8)) as pool:
            return [w for done in pool.imap(_write_chunk, chunks) for w in done]
    finally:
        _BUILDING.clear()


def _write_chunk(chunk: list[Job]) -> Written:
    home, templates, journal = (_BUILDING[k] for k in ("home", "templates", "journal"))
    written: Written = []
    for template_id, name, date, answers, created in chunk:
        path = homes.write_note(
            home, template_id, name, date, answers, created, templates=templates
        )
        entry = None
        if journal:
            text = path.read_text(encoding="utf-8")
            body = text.split("\n---\n", 1)[1].strip("\n").split("\n", 1)
            entry = (f"{date.isoformat()} {created:%H:%M}", body[0].lstrip("# ") + ".\n" + body[1])
        written.append((path.stat().st_size, entry))
    return written


def build_journal(home: Home, root: Path, jrnl_version: str) -> None:
    """A plain-text jrnl journal with the same entries (each note's body) and its config."""
    folder = root / f"jrnl-{home.size}"
    folder.mkdir()
    journal = folder / "journal.txt"
    with journal.open("w", encoding="utf-8") as fh:
        for stamp, text in home.entries:
            fh.write(f"[{stamp}] {text}\n\n")
    config = folder / "jrnl.yaml"
    config.write_text(
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {json.dumps(str(journal))}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        "timeformat: '%Y-%m-%d %H:%M'\n"
        f"version: {jrnl_version}\n",
        encoding="utf-8",
    )
    home.journal_config = config
    home.entries = []


# --- checks --------------------------------------------------------------------------------


BUNDLES = 500  # mentors' bundles of the program report's row
BUNDLE_MENTEES = 20  # in each: 20 mentees, 3 conversations each (30,000 in all)
REPORT_LIMIT_S = 2.0  # the program report over them


def build_bundles(root: Path, seed: int) -> tuple[Path, int]:
    """:data:`BUNDLES` mentors' bundles (as ``dtr program bundle`` writes them) in a folder
    laid out as the program's repository is: (the folder, the conversations in them)."""
    from dtrcli.program.schema import validate

    rng = random.Random(seed)
    folder = root / "program-bundles"
    conversations = 0
    start = dt.date(2026, 9, 7)
    for number in range(BUNDLES):
        program, module = rng.choice(("BE", "FE", "DS")), str(rng.randint(1, 4))
        begins = start + dt.timedelta(days=7 * rng.randint(0, 8))
        mentees = []
        for m in range(BUNDLE_MENTEES):
            held = []
            schedule = []
            for kind, week in (("kickoff", 1), ("midmod", 3), ("exit", 6)):
                first = begins + dt.timedelta(days=7 * (week - 1))
                last = first + dt.timedelta(days=13 if week > 1 else 6)
                day = (first + dt.timedelta(days=rng.randint(0, 6))).isoformat()
                held.append(
                    {
                        "date": day,
                        "kind": kind,
                        "answers": {f"q{i}": " ".join(rng.sample(PHRASES, 2)) for i in range(12)}
                        | {"module_rating": rng.randint(1, 5), "followups": ["Mentee: a kata"]},
                    }
                )
                schedule.append(
                    {"kind": kind, "from": first.isoformat(), "to": last.isoformat(), "held": day}
                )
            conversations += len(held)
            mentees.append(
                {
                    "mentee": f"mentee-{number:03d}{m:02d}ab",
                    "program": program,
                    "module": module,
                    "start": begins.isoformat(),
                    "end": (begins + dt.timedelta(days=41)).isoformat(),
                    "conversations": held,
                    "schedule": schedule,
                    "checkins": [
                        {
                            "date": (begins + dt.timedelta(days=7 * w + 2)).isoformat(),
                            "met": True,
                            "minutes": rng.choice((20, 30, 45, 60)),
                        }
                        for w in range(6)
                    ],
                    "baseline": {"met": rng.random() < 0.7, "weeks_judged": 6, "weeks_met": 5},
                    "followups": {"open": 1, "done": 2, "dropped": 0, "carried": 0},
                    "ratings": [{"date": held[1]["date"], "kind": "midmod", "value": 4}],
                    "continues": rng.choice(("Yes", "Not sure yet", "No", None)),
                }
            )
        mentor = f"mentor-{number:08x}"
        bundle = {
            "dtr_bundle": 1,
            "made": "2026-11-30T12:00:00+00:00",
            "as_of": "2026-11-30",
            "mentor": mentor,
            "mentor_id": mentor,
            "pseudonyms": True,
            "outcome_shared": False,
            "mentees": mentees,
        }
        if number == 0:
            validate(json.loads(json.dumps(bundle)))  # what dtr reads, or the row means nothing
        path = folder / mentor / f"{program.lower()}-{module}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(bundle, indent=1), encoding="utf-8")
    return folder, conversations


def check_home(tools: Tools, home: Home, env: dict[str, str]) -> None:
    """Every note is a note dtr reads without a warning; the searched word is found."""
    proc = subprocess.run(
        [tools.dtr, "history", "--json"], capture_output=True, text=True, env=env, timeout=600
    )
    listed = json.loads(proc.stdout) if proc.returncode == 0 else None
    if listed is None or len(listed) != home.size or proc.stderr.strip():
        raise SystemExit(
            f"dtr does not read the {home.size}-note home cleanly "
            f"({len(listed) if listed is not None else 'no'} notes listed):\n{proc.stderr[-2000:]}"
        )
    hits = json.loads(run_text([tools.dtr, "search", WORD, "--json"], env=env, timeout=600))
    found = {hit["path"] for hit in hits}
    if len(found) != home.word_notes:
        raise SystemExit(
            f"dtr search {WORD} found {len(found)} notes, not {home.word_notes}, in the "
            f"{home.size}-note home."
        )
    # grep and rg are timed over the same files: they must find the same notes.
    for key, argv in file_searches(tools, home).items():
        files = run_text(argv).splitlines()
        if len(files) != home.word_notes:
            raise SystemExit(f"{key} found {len(files)} files with {WORD}, not {home.word_notes}.")
    # The cold rows delete this folder before every run: it must be where the index is.
    folder = index_folder(env)
    if not list(folder.glob("*.sqlite3")):
        raise SystemExit(f"dtr made no index in {folder}: the cold-index rows would time nothing.")


# The rows `dtr due` kept, deleted from every index file in a folder (the rest stays).
FORGET_DUE = (
    "import pathlib, sqlite3, sys\n"
    "for path in pathlib.Path(sys.argv[1]).glob('*.sqlite3'):\n"
    "    with sqlite3.connect(path) as db:\n"
    "        db.execute('DELETE FROM due')\n"
)


def index_folder(env: dict[str, str]) -> Path:
    """Where dtr keeps its index files (one a data home): deleting it makes the index cold."""
    return Path(env["XDG_CACHE_HOME"]) / "dtr" / "index"


def file_searches(tools: Tools, home: Home) -> dict[str, list[str]]:
    """`grep -ril WORD` and `rg -il WORD` over the home's files (those installed)."""
    found = {}
    if tools.grep:
        found["grep"] = [tools.grep, "-ril", WORD, str(home.dtr_home)]
    if tools.rg:
        found["rg"] = [tools.rg, "-il", WORD, str(home.dtr_home)]
    return found


def check_journal(tools: Tools, home: Home, env: dict[str, str]) -> None:
    assert tools.jrnl and home.journal_config
    base = [tools.jrnl, "--config-file", str(home.journal_config)]
    data = json.loads(run_text([*base, "--format", "json"], env=env))
    count = len(data.get("entries", []))
    if count != home.size:
        raise SystemExit(f"jrnl reads {count} entries, not {home.size}, from its journal.")
    if home.word_notes and WORD not in run_text([*base, "-contains", WORD], env=env):
        raise SystemExit(f"jrnl -contains {WORD} found nothing.")


# --- the run --------------------------------------------------------------------------------


@dataclass
class Results:
    ref: int | None  # the home the targets are set at (10,000 notes)
    big: int | None  # the biggest home, compared with the reference (100,000 notes)
    samples: dict[str, list[float]] = field(default_factory=dict)  # size-independent figures
    by_size_samples: dict[int, dict[str, list[float]]] = field(default_factory=dict)
    memory: dict[int | None, dict[str, int]] = field(default_factory=dict)  # peak KiB
    progress: dict[int, list[tuple[float, bool]]] = field(default_factory=dict)  # cold runs
    homes: dict[int, Home] = field(default_factory=dict)
    load: list[float] = field(default_factory=list)  # 1-minute load average, start and end
    bundle_conversations: int = 0  # in the program report's bundles

    def add(self, key: str, samples: list[float], size: int | None = None) -> None:
        into = self.samples if size is None else self.by_size_samples.setdefault(size, {})
        into.setdefault(key, []).extend(samples)

    def add_memory(self, key: str, kib: int | None, size: int | None = None) -> None:
        if kib:
            row = self.memory.setdefault(size, {})
            row[key] = max(row.get(key, 0), kib)

    def timing(self, key: str) -> Timing | None:
        got = self.samples.get(key)
        return summarize(got) if got else None

    @property
    def floor(self) -> Timing | None:
        return self.timing("floor")

    @property
    def by_size(self) -> dict[int, dict[str, Timing]]:
        return {
            size: {key: summarize(got) for key, got in row.items() if got}
            for size, row in self.by_size_samples.items()
        }


STARTUP_ROWS = (
    ("floor", "`python -c pass` (the floor)"),
    ("version", "`dtr --version`"),
    ("help", "`dtr --help`"),
    ("floor_tty", "`python -c pass` on the terminal (the terminal timer's floor)"),
    ("harness", f"`python -c` printing `{PROMPT}` on the terminal (the kick-off harness's floor)"),
)
PIPE_ROWS = (
    ("history_ten", "`dtr history NAME` (a mentee with 10 notes)"),
    ("history_many", "`dtr history NAME` (the mentee with a third of the notes)"),
    ("history_all", "`dtr history` (every mentee)"),
    ("search", f"`dtr search {WORD}`"),
    ("due", "`dtr due`"),
    ("due_again", "`dtr due` with the rows it kept deleted (every row made again)"),
    ("followups", "`dtr followups` (every mentee's open follow-ups)"),
    ("mentee_list", "`dtr mentee list`"),
)
COLD_ROWS = (
    ("history_all_cold", "`dtr history`, to a pipe"),
    ("search_cold", f"`dtr search {WORD}`, to a pipe"),
    ("history_all_cold_tty", "`dtr history`, on the terminal (with its progress bar)"),
)
TERMINAL_ROWS = (
    ("history_ten_tty", "`dtr history NAME` (a mentee with 10 notes)"),
    ("history_all_tty", "`dtr history` (every mentee; a screenful of rows)"),
    ("search_tty", f"`dtr search {WORD}`"),
    ("due_tty", "`dtr due`"),
    ("kickoff", "`dtr kickoff NAME`: until the first prompt is on screen"),
)
PROGRAM_ROWS = (
    (
        "program_report",
        f"`dtr program report DIR` over {BUNDLES} bundles "
        f"({BUNDLES * BUNDLE_MENTEES * 3:,} conversations), to a pipe",
    ),
)
OTHER_ROWS = (
    ("grep", f"`grep -ril {WORD}` over the home's files"),
    ("rg", f"`rg -il {WORD}` over the home's files"),
    ("jrnl_n", "`jrnl -n 10`"),
    ("jrnl_contains", f"`jrnl -contains {WORD}`"),
)


def base_env(scratch: Path) -> dict[str, str]:
    """This environment, with the XDG folders of a clean home in ``scratch`` and none
    of the caller's dtr settings (tests.support.homes); DTR_HOME is set per home."""
    # PYTHONDONTWRITEBYTECODE would make every run compile the modules changed since
    # the last byte-code was written; an installed dtr runs from byte-code. COLUMNS
    # and LINES would make dtr lay out output to a pipe as for a terminal.
    skip = ("TMUX", "TMUX_PANE", "PYTHONDONTWRITEBYTECODE", "COLUMNS", "LINES")
    env = {k: v for k, v in os.environ.items() if k not in skip and not homes.foreign(k)}
    # HOME stays: a Python may keep dtr's packages under it.
    for var, path in homes.folders(scratch, user_home=False).items():
        if var != "DTR_HOME":
            Path(path).mkdir(exist_ok=True)
            env[var] = path
    return env


@dataclass
class Command:
    argv: list[str]
    env: dict[str, str]
    runs: int
    warmup: int = 0  # untimed runs first
    empty_first: Path | None = None  # removed before every run (the index)
    terminal: bool = False  # on the terminal (tmux) instead of to a pipe
    watch: str | None = None  # text looked for on the terminal
    prepare: list[str] | None = None  # run (untimed) before every run
    changes: bool = False  # it changes what the warm rows find (the index, due's rows)


def rewarm(tools: Tools, env: dict[str, str], huge: bool) -> None:
    """Make the index warm again, untimed, after the rows of a round that changed it (a
    cold index rebuilt, due's rows forgotten, a kick-off's new mentee): the files they
    wrote are left to settle (dtr trusts no file changed in the last two seconds), then
    history, search and due are run once each, as a mentor's earlier runs would have."""
    time.sleep(2.2)
    run_once([tools.dtr, "history"], env)
    run_once([tools.dtr, "search", WORD], env)
    if not huge:
        run_once([tools.dtr, "due"], env)


def wanted(args: argparse.Namespace, key: str) -> bool:
    """Whether a row is timed in this run (``--only``)."""
    return not args.only or key in args.only


def size_class(args: argparse.Namespace, size: int) -> str:
    return "huge" if size >= args.huge_from else "large" if size >= args.large_from else "small"


def commands(
    args: argparse.Namespace, tools: Tools, home: Home, env: dict[str, str], terminal: bool
) -> dict[str, Command]:
    """What is timed in a home. A huge home (``--huge-from``) times what its targets need:
    history and search (to a pipe and, for history, on the terminal), `dtr history NAME`
    and grep and rg; and the cold index once, on the terminal."""
    kind = size_class(args, home.size)
    huge = kind == "huge"
    runs = {"small": args.runs, "large": args.large_runs, "huge": args.huge_runs}[kind]
    # The checks have run history and search once already: a huge home needs no warm-up.
    warmup = {"small": args.warmup, "large": 1, "huge": 0}[kind]
    denv = {**env, "DTR_HOME": str(home.dtr_home)}
    index = index_folder(denv)
    cold = 1 if huge else args.cold_runs
    tty = args.huge_runs if huge else args.terminal_runs
    dtr = tools.dtr
    found: dict[str, Command] = {}
    found["history_ten"] = Command([dtr, "history", home.ten], denv, runs, warmup)
    if home.many != home.ten and not huge:
        found["history_many"] = Command([dtr, "history", home.many], denv, runs, warmup)
    found["history_all"] = Command([dtr, "history"], denv, runs, warmup)
    found["search"] = Command([dtr, "search", WORD], denv, runs, warmup)
    if not huge:
        found["due"] = Command([dtr, "due"], denv, runs, warmup)
        # due prints the rows it printed last while nothing they come from changed:
        # with those rows deleted before each run it builds every row, as on a new day.
        forget = [tools.python, "-c", FORGET_DUE, str(index)]
        found["due_again"] = Command([dtr, "due"], denv, runs, warmup, prepare=forget, changes=True)
        found["followups"] = Command([dtr, "followups"], denv, runs, warmup)
        found["mentee_list"] = Command([dtr, "mentee", "list"], denv, runs, warmup)
    for key, argv in file_searches(tools, home).items():
        found[key] = Command(argv, env, runs, warmup)
    if home.journal_config and tools.jrnl:
        base = [tools.jrnl, "--config-file", str(home.journal_config)]
        # jrnl takes seconds at 10,000 notes: a few runs tell how it compares.
        few = min(runs, JRNL_RUNS)
        found["jrnl_n"] = Command([*base, "-n", "10"], env, few, min(warmup, 1))
        found["jrnl_contains"] = Command([*base, "-contains", WORD], env, few, min(warmup, 1))
    if not huge:
        found["history_all_cold"] = Command([dtr, "history"], denv, cold, 0, index, changes=True)
        found["search_cold"] = Command([dtr, "search", WORD], denv, cold, 0, index, changes=True)
    if terminal:
        w = 0 if huge else 1
        found["history_ten_tty"] = Command([dtr, "history", home.ten], denv, tty, w, None, True)
        found["history_all_tty"] = Command([dtr, "history"], denv, tty, w, None, True)
        if not huge:
            found["search_tty"] = Command([dtr, "search", WORD], denv, tty, w, None, True)
            found["due_tty"] = Command([dtr, "due"], denv, tty, w, None, True)
        found["history_all_cold_tty"] = Command(
            [dtr, "history"], denv, cold, 0, index, True, PROGRESS_TEXT, changes=True
        )
    return found


def measure(args: argparse.Namespace, tools: Tools, scratch: Path) -> Results:
    """Time everything. Each size's commands are timed in rounds, one command after the
    other in every round, so that a slow spell of a shared machine is spread over all of
    them rather than landing on one. The floor, `dtr --version` and `dtr --help` are timed
    in every round of every size and pooled."""
    huge = [s for s in args.sizes if s >= args.huge_from]
    below = [s for s in args.sizes if s < args.huge_from]
    ref = REF_SIZE if REF_SIZE in below else (max(below) if below else None)
    res = Results(ref=ref, big=max(huge) if huge and ref else None)
    res.load.append(os.getloadavg()[0])
    env = base_env(scratch)
    empty = scratch / "empty-home"
    empty.mkdir(mode=0o700)
    henv = {**env, "DTR_HOME": str(empty)}
    startup = {
        "floor": ([tools.python, "-c", "pass"], env),
        "version": ([tools.dtr, "--version"], henv),
        "help": ([tools.dtr, "--help"], henv),
    }
    startup = {k: v for k, v in startup.items() if k == "floor" or wanted(args, k)}
    on_terminal = not args.only or any(k.endswith("_tty") or k == "kickoff" for k in args.only)
    terminal = Terminal(scratch, tools.python, env) if tools.tmux and on_terminal else None
    jrnl_version = "v0"
    if tools.jrnl:
        jrnl_version = run_text([tools.jrnl, "--version"], env=env).split()[1]
    try:
        say("warming up: python -c pass, dtr --version, dtr --help")
        for argv, cenv in startup.values():
            time_command(tools, argv, cenv, 1, args.warmup, scratch)
        if terminal:
            say(f"timing the terminal harness ({args.terminal_runs} + {args.kickoff_runs} runs)")
            floor = [tools.python, "-c", "pass"]
            runs = [terminal.run(floor, env) for _ in range(1 + args.terminal_runs)]
            res.add("floor_tty", [r.seconds for r in runs[1:]])
            res.add_memory("floor_tty", max(r.peak_kib for r in runs))
            script = f"import time; print({PROMPT + ' harness'!r}, flush=True); time.sleep(60)"
            argv = [tools.python, "-c", script]
            res.add(
                "harness", terminal.time_until([argv] * (1 + args.kickoff_runs), {}, PROMPT)[1:]
            )
        for size in args.sizes:
            measure_home(args, tools, scratch, env, terminal, res, size, jrnl_version, startup)
        measure_program(args, tools, scratch, henv, res)
        for key, (argv, cenv) in startup.items():
            res.add_memory(key, peak_memory(tools, argv, cenv, scratch))
    finally:
        if terminal:
            terminal.close()
    res.load.append(os.getloadavg()[0])
    return res


def measure_program(
    args: argparse.Namespace, tools: Tools, scratch: Path, env: dict[str, str], res: Results
) -> None:
    """`dtr program report` over the program's bundles (a folder as the program's git
    repository holds them), its tables to a pipe."""
    started = time.perf_counter()
    folder, conversations = build_bundles(scratch, args.seed)
    res.bundle_conversations = conversations
    say(
        f"program report: {BUNDLES} bundles, {conversations:,} conversations; built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    argv = [tools.dtr, "program", "report", str(folder)]
    runs = max(args.large_runs, 2)
    res.add("program_report", time_command(tools, argv, env, runs, 1, scratch))
    res.add_memory("program_report", peak_memory(tools, argv, env, scratch))
    shutil.rmtree(folder, ignore_errors=True)


def measure_home(
    args: argparse.Namespace,
    tools: Tools,
    scratch: Path,
    env: dict[str, str],
    terminal: Terminal | None,
    res: Results,
    size: int,
    jrnl_version: str,
    startup: dict[str, tuple[list[str], dict[str, str]]],
) -> None:
    started = time.perf_counter()
    kind = size_class(args, size)
    journal = bool(tools.jrnl) and kind != "huge"
    journal = journal and (not args.only or any(k.startswith("jrnl") for k in args.only))
    home = build_home(size, scratch, args.seed, journal=journal)
    built = time.time()
    say(
        f"{size:,} notes: {home.mentees:,} mentees, {home.many_notes:,} notes for "
        f"{home.many}, ~{home.bytes_per_note:,.0f} bytes a note, {home.word_notes} with "
        f"{WORD!r}; built in {time.perf_counter() - started:.1f} s"
    )
    res.homes[size] = home
    if journal:
        build_journal(home, scratch, jrnl_version)
    denv = {**env, "DTR_HOME": str(home.dtr_home)}
    # The index does not store a note changed in the last two seconds: wait, so that the
    # first listing stores every note.
    time.sleep(max(0.0, built + 2.1 - time.time()))
    check_home(tools, home, denv)
    if journal:
        check_journal(tools, home, env)
    say(f"  checked in {time.perf_counter() - started:.1f} s")
    todo = commands(args, tools, home, env, terminal is not None)
    runs_a_round = todo["history_all"].runs
    todo = {key: c for key, c in todo.items() if wanted(args, key)}
    # The rows that change what the others find (the index deleted, due's rows forgotten)
    # come last in each round, and the next round starts with the index warm again.
    todo = dict(sorted(todo.items(), key=lambda item: item[1].changes))
    huge = kind == "huge"
    kick_runs = (args.huge_runs if huge else args.kickoff_runs) if wanted(args, "kickoff") else 0
    kenv = {**env, "DTR_HOME": str(home.dtr_home)}
    # A new mentee each run: an interrupted run leaves a draft behind, and a draft makes
    # the next run ask whether to resume before the first question.
    kickoffs = [
        [tools.dtr, "kickoff", f"{KICKOFF_NAME} {i}", "--new"] for i in range(1 + kick_runs)
    ]
    if terminal and kick_runs:
        terminal.time_until(kickoffs[:1], kenv, PROMPT)  # warm-up
    rounds = max(1, min(args.rounds, max((c.runs for c in todo.values()), default=1)))
    startup_runs = split_runs(runs_a_round, rounds)
    shares = {key: split_runs(c.runs, rounds) for key, c in todo.items()}
    kick_shares = split_runs(kick_runs, rounds)
    done = 1
    for number in range(rounds):
        say(f"  round {number + 1}/{rounds}")
        rewarm(tools, kenv, huge)
        for key, (argv, cenv) in startup.items():
            warm = (0 if huge else args.warmup) if number == 0 else 0
            res.add(key, time_command(tools, argv, cenv, startup_runs[number], warm, scratch))
        for key, c in todo.items():
            n, warm = shares[key][number], c.warmup if number == 0 else 0
            if n == 0:
                continue
            if c.terminal:
                assert terminal is not None
                for i in range(warm + n):
                    run = terminal.run(c.argv, c.env, empty_first=c.empty_first, watch=c.watch)
                    if i < warm:
                        continue
                    res.add(key, [run.seconds], size)
                    res.add_memory(key, run.peak_kib, size)
                    if run.saw is not None:
                        res.progress.setdefault(size, []).append((run.seconds, run.saw))
            else:
                got = time_command(tools, c.argv, c.env, n, warm, scratch, c.empty_first, c.prepare)
                res.add(key, got, size)
        if terminal and kick_shares[number]:
            batch = kickoffs[done : done + kick_shares[number]]
            done += len(batch)
            res.add("kickoff", terminal.time_until(batch, kenv, PROMPT), size)
    # Peak memory: one more run of each command (the terminal's runs report their own).
    for key, c in todo.items():
        if not c.terminal:
            kib = peak_memory(tools, c.argv, c.env, scratch, c.empty_first, c.prepare)
            res.add_memory(key, kib, size)
    row = res.by_size_samples[size]
    if "history_many" not in row and home.many == home.ten and "history_ten" in row:
        row["history_many"] = row["history_ten"]
        res.add_memory("history_many", res.memory[size].get("history_ten"), size)
    say(f"  {size:,} notes done in {(time.perf_counter() - started) / 60:.1f} minutes")
    if not args.keep:  # free the disk space before the next, bigger home
        shutil.rmtree(home.dtr_home, ignore_errors=True)
        if home.journal_config:
            shutil.rmtree(home.journal_config.parent, ignore_errors=True)
        shutil.rmtree(index_folder(denv), ignore_errors=True)


# --- the report ------------------------------------------------------------------------------


def machine(tools: Tools, res: Results) -> list[tuple[str, str]]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    probe = (
        "import json, platform, sys\n"
        "from importlib.metadata import version, PackageNotFoundError\n"
        "def v(n):\n"
        "    try: return version(n)\n"
        "    except PackageNotFoundError: return 'not installed'\n"
        "import sqlite3, yaml\n"
        "print(json.dumps({'python': platform.python_version(), 'impl': "
        "platform.python_implementation(), 'exe': sys.executable, "
        "'real': __import__('os').path.realpath(sys.executable), "
        "'dtr': v('dtrcli'), 'typer': v('typer'), 'click': v('click'), 'rich': v('rich'), "
        "'pyyaml': v('PyYAML'), 'jrnl': v('jrnl'), 'sqlite': sqlite3.sqlite_version, "
        "'cloader': bool(getattr(yaml, '__with_libyaml__', False)) and "
        "hasattr(yaml, 'CSafeLoader')}))\n"
    )
    info = json.loads(run_text([tools.python, "-c", probe]))
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    hyperfine = run_text([tools.hyperfine, "--version"]).strip() if tools.hyperfine else "absent"
    tmux = run_text([tools.tmux, "-V"]).strip() if tools.tmux else "absent"

    def first_line(tool: str | None) -> str:
        return run_text([tool, "--version"]).splitlines()[0].strip() if tool else "absent"

    load = " and ".join(f"{x:.2f}" for x in res.load)
    return [
        ("CPU", cpu),
        ("Cores", f"{cores} logical ({usable} usable by this process)"),
        ("Load average (1 minute) at the start and the end", f"{load} (0 is a quiet machine)"),
        ("OS", platform.platform()),
        ("Python", f"{info['impl']} {info['python']} ({info['exe']} -> {info['real']})"),
        ("dtr", info["dtr"]),
        (
            "typer",
            info["typer"]
            + ("" if info["click"] == "not installed" else f" (click {info['click']})"),
        ),
        ("rich", info["rich"]),
        ("PyYAML", info["pyyaml"]),
        ("YAML C loader (libyaml)", "available" if info["cloader"] else "not available"),
        ("SQLite", info["sqlite"]),
        ("jrnl", info["jrnl"]),
        ("grep", first_line(tools.grep)),
        ("rg", first_line(tools.rg)),
        ("Timer", f"{hyperfine} (--shell=none)" if tools.hyperfine else "subprocess loop"),
        (
            "Peak memory",
            "GNU time (%M)"
            if tools.gnu_time
            else "a Python timer's wait4 (figures near 10 MB are that Python's own)",
        ),
        ("Terminal", f"{tmux}, detached, {TERM_SIZE[0]}x{TERM_SIZE[1]}"),
    ]


@dataclass
class Target:
    text: str
    measured: str
    met: bool | None  # None: not measured in this run


def evaluate(res: Results) -> list[Target]:
    """The issue's targets, each judged on this run's figures."""
    floor = res.floor.median if res.floor else float("nan")
    ref, big = res.ref, res.big
    by_size = res.by_size
    targets: list[Target] = []

    def at(size: int | None, key: str) -> Timing | None:
        return by_size.get(size, {}).get(key) if size is not None else None

    def ratio(text: str, t: Timing | None, limit: float, also: str = "") -> None:
        if t is None:
            targets.append(Target(text, "not measured", None))
            return
        r = t.median / floor
        targets.append(Target(text, f"{times(r)} ({ms(t.median)}){also}", r <= limit))

    floor_text = "`python -c pass`"
    home = f" at {ref:,} notes" if ref else ""
    for key, text, limit in (
        ("search", f"`dtr search {WORD}`", 10),
        ("history_all", "`dtr history` (every mentee)", 15),
        ("due", "`dtr due`", 20),
        ("history_ten", "`dtr history NAME` (10 notes)", 6),
    ):
        for suffix, where in (("", "to a pipe"), ("_tty", "on the terminal")):
            ratio(f"{text}{home}, {where}: ≤ {limit}× {floor_text}", at(ref, key + suffix), limit)
        if key == "search":
            d, g, r = at(ref, "search"), at(ref, "grep"), at(ref, "rg")
            label = f"`dtr search {WORD}`{home} faster than `grep -ril {WORD}` on the same files"
            if d and g:
                rg = f"; `rg -il` {ms(r.median)}" if r else ""
                targets.append(
                    Target(
                        label,
                        f"{ms(d.median)} vs {ms(g.median)} ({d.median / g.median:.2f}× grep{rg})",
                        d.median < g.median,
                    )
                )
            else:
                targets.append(Target(label, "not measured", None))
    cold = at(ref, "history_all_cold_tty")
    label = f"`dtr history`{home} with the index deleted, on the terminal: ≤ 3 s, progress shown"
    if cold:
        runs = res.progress.get(ref or 0, [])
        long = [saw for seconds, saw in runs if seconds > 1.0]
        shown = (
            f"progress bar seen in {sum(long)} of the {len(long)} runs over 1 s"
            if long
            else "no run took over 1 s, so none needed a progress bar"
        )
        targets.append(
            Target(
                label,
                f"{cold.median:.2f} s (median of {cold.runs}); {shown}",
                cold.median <= COLD_LIMIT_S and all(long),
            )
        )
    else:
        targets.append(Target(label, "not measured", None))
    for key, text, limit in (
        ("version", "`dtr --version`", 2),
        ("help", "`dtr --help`", 5),
    ):
        ratio(f"{text}: ≤ {limit}× {floor_text}", res.timing(key), limit)
    harness = res.timing("harness")
    ratio(
        f"first prompt of `dtr kickoff NAME` on screen{home}: ≤ 15× {floor_text}",
        at(ref, "kickoff"),
        15,
        f"; of which the harness's own floor is {ms(harness.median)}" if harness else "",
    )
    if big and ref:
        limit = big / ref
        for key, text in (("search", f"`dtr search {WORD}`"), ("history_all", "`dtr history`")):
            a, b = at(ref, key), at(big, key)
            label = (
                f"{text} at {big:,} notes, to a pipe: ≤ {limit:g}× its {ref:,}-note figure "
                "(as many times as the notes)"
            )
            if a and b:
                targets.append(
                    Target(
                        label,
                        f"{b.median / a.median:.1f}× ({ms(b.median)} vs {ms(a.median)})",
                        b.median / a.median <= limit,
                    )
                )
            else:
                targets.append(Target(label, "not measured", None))
        for key, text in (("search", f"`dtr search {WORD}`"), ("history_all", "`dtr history`")):
            kib = res.memory.get(big, {}).get(key)
            label = f"peak memory of {text} at {big:,} notes: ≤ {MEMORY_LIMIT_MB} MB"
            if kib:
                targets.append(Target(label, mb(kib), kib * 1024 / 1e6 <= MEMORY_LIMIT_MB))
            else:
                targets.append(Target(label, "not measured", None))
    else:
        targets.append(Target("the biggest home against the 10,000-note one", "not measured", None))
    program = res.timing("program_report")
    label = (
        f"`dtr program report` over {BUNDLES} bundles "
        f"({BUNDLES * BUNDLE_MENTEES * 3:,} conversations): < {REPORT_LIMIT_S:g} s"
    )
    if program:
        met = program.median < REPORT_LIMIT_S
        targets.append(Target(label, f"{program.median:.2f} s (median of {program.runs})", met))
    else:
        targets.append(Target(label, "not measured", None))
    return targets


def size_table(res: Results, rows: tuple[tuple[str, str], ...], memory: bool = False) -> list[str]:
    """One row a command, one column a home: the median and its multiple of the floor (or
    the peak memory)."""
    floor = res.floor.median if res.floor else float("nan")
    sizes = sorted(res.by_size)
    lines = ["| command | " + " | ".join(f"{s:,} notes" for s in sizes) + " |"]
    lines.append("|---|" + "---:|" * len(sizes))
    runs: dict[int, set[int]] = {s: set() for s in sizes}
    for key, label in rows:
        cells = []
        for s in sizes:
            if memory:
                kib = res.memory.get(s, {}).get(key)
                cells.append(mb(kib) if kib else "—")
                continue
            t = res.by_size[s].get(key)
            cells.append(f"{ms(t.median)} ({times(t.median / floor)})" if t else "—")
            if t:
                runs[s].add(t.runs)
        if any(c != "—" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if not memory:
        lines.append(
            "| _timed runs_ | "
            + " | ".join("–".join(str(n) for n in sorted(runs[s])) or "—" for s in sizes)
            + " |"
        )
    return lines


def tables(res: Results) -> str:
    floor = res.floor.median if res.floor else float("nan")
    lines = ["### Start-up", ""]
    lines += [
        "| command | median | × `python -c pass` | runs | min – max | peak memory |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, label in STARTUP_ROWS:
        t = res.timing(key)
        if t:
            kib = res.memory.get(None, {}).get(key)
            lines.append(
                f"| {label} | {ms(t.median)} | {times(t.median / floor)} | {t.runs} | "
                f"{ms(t.low)} – {ms(t.high)} | {mb(kib) if kib else '—'} |"
            )
    program = [(label, res.timing(key), key) for key, label in PROGRAM_ROWS if res.timing(key)]
    if program:
        lines += ["", "### The program report", ""]
        lines += [
            "| command | median | runs | min – max | peak memory |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, t, key in program:
            assert t is not None
            kib = res.memory.get(None, {}).get(key)
            lines.append(
                f"| {label} | {ms(t.median)} | {t.runs} | {ms(t.low)} – {ms(t.high)} | "
                f"{mb(kib) if kib else '—'} |"
            )
    sizes = sorted(res.by_size)
    lines += ["", "### The homes", ""]
    lines.append("| | " + " | ".join(f"{s:,} notes" for s in sizes) + " |")
    lines.append("|---|" + "---:|" * len(sizes))
    lines.append("| mentees | " + " | ".join(f"{res.homes[s].mentees:,}" for s in sizes) + " |")
    lines.append(
        "| notes of the mentee with the most | "
        + " | ".join(f"{res.homes[s].many_notes:,}" for s in sizes)
        + " |"
    )
    lines.append(
        f"| notes with `{WORD}` | "
        + " | ".join(f"{res.homes[s].word_notes:,}" for s in sizes)
        + " |"
    )
    sections = (
        (
            "To a pipe, index warm",
            "Median wall time, and in brackets the multiple of `python -c pass`.",
            PIPE_ROWS,
        ),
        (
            "On the terminal, index warm",
            f"The same commands with their output on a {TERM_SIZE[0]}x{TERM_SIZE[1]} terminal "
            "(tmux), timed from their start to their end; `dtr history` shows a screenful "
            "of rows there and says how many more there are.",
            TERMINAL_ROWS,
        ),
        (
            "Index deleted before each run",
            "`<XDG_CACHE_HOME>/dtr/index` removed before every run: the first listing on a "
            "computer, or after the index was lost. The page cache stays warm.",
            COLD_ROWS,
        ),
        ("Other tools over the same notes, to a pipe", "", OTHER_ROWS),
    )
    for title, text, rows in sections:
        lines += ["", f"### {title}", ""]
        if text:
            lines += [text, ""]
        lines += size_table(res, rows)
        if rows is COLD_ROWS and res.progress:
            lines.append(
                "| _progress bar seen on the terminal_ | "
                + " | ".join(
                    f"{sum(saw for _, saw in res.progress[s])} of {len(res.progress[s])} runs"
                    if s in res.progress
                    else "—"
                    for s in sizes
                )
                + " |"
            )
    lines += ["", "### Peak memory", ""]
    lines.append(
        "The largest resident set of the process in one run (the kernel's count for that "
        "child, `ru_maxrss`), in MB of 10^6 bytes."
    )
    lines.append("")
    lines += size_table(res, PIPE_ROWS + COLD_ROWS + OTHER_ROWS, memory=True)
    comparison = [s for s in sizes if "grep" in res.by_size[s] or "jrnl_n" in res.by_size[s]]
    if comparison:
        lines += ["", "### dtr against grep, rg and jrnl", ""]
        lines.append(
            f"| notes | `dtr search {WORD}` | `grep -ril` | `rg -il` | `jrnl -contains` | "
            "dtr / grep | dtr / rg | dtr / jrnl | `dtr history NAME` (a third) | "
            "`jrnl -n 10` | dtr / jrnl |"
        )
        lines.append("|---:|" + "---:|" * 10)

        def cell(t: Timing | None) -> str:
            return ms(t.median) if t else "—"

        def part(a: Timing | None, b: Timing | None) -> str:
            return f"{a.median / b.median:.2f}×" if a and b else "—"

        for s in comparison:
            r = res.by_size[s]
            q, g, rg, c = r.get("search"), r.get("grep"), r.get("rg"), r.get("jrnl_contains")
            h, n = r.get("history_many"), r.get("jrnl_n")
            lines.append(
                f"| {s:,} | {cell(q)} | {cell(g)} | {cell(rg)} | {cell(c)} | {part(q, g)} | "
                f"{part(q, rg)} | {part(q, c)} | {cell(h)} | {cell(n)} | {part(h, n)} |"
            )
    return "\n".join(lines)


def targets_markdown(res: Results, targets: list[Target]) -> str:
    floor = res.floor.median if res.floor else float("nan")
    met = sum(t.met is True for t in targets)
    missed = [t for t in targets if t.met is False]
    lines = [
        f"Ratios are to `python -c pass` in this run ({ms(floor)}).",
        "",
        f"**{met} of {len(targets)} targets met**"
        + (f"; not met: {len(missed)}." if missed else "."),
        "",
        "| target | measured | result |",
        "|---|---|---|",
    ]
    for t in targets:
        verdict = "not measured" if t.met is None else ("**MET**" if t.met else "**NOT MET**")
        lines.append(f"| {t.text} | {t.measured} | {verdict} |")
    return "\n".join(lines)


def preserved_notes(path: Path) -> str:
    if path.exists():
        text = path.read_text(encoding="utf-8")
        m = re.search(re.escape(NOTES_START) + r".*?" + re.escape(NOTES_END), text, re.S)
        if m:
            return m.group(0)
    return f"{NOTES_START}\n{NOTES_PLACEHOLDER}\n{NOTES_END}"


def report(
    res: Results, tools: Tools, command: str, elapsed: float, output: Path | None
) -> tuple[str, list[Target]]:
    targets = evaluate(res)
    homes = res.homes
    sizes = sorted(homes)
    per_note = ", ".join(f"~{homes[s].bytes_per_note:,.0f}" for s in sizes)
    body = [
        "# Performance",
        "",
        "<!-- Generated by benchmarks/run.py; edit only the design notes section at the end. -->",
        "",
        f"Measured on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by:",
        "",
        "```console",
        command,
        "```",
        "",
        f"The whole run took {elapsed / 60:.1f} minutes. See `benchmarks/README.md` for what "
        "each figure means.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine(tools, res)],
        "",
        "## Data",
        "",
        f"Homes of {', '.join(f'{s:,}' for s in sizes)} valid notes (bytes a note: {per_note}), "
        "written with `dtrcli.conversation.record.render_note` from the built-in templates: "
        "one mentee holds a third of the notes, one mentee holds 10, "
        "and the rest hold three each (kick-off, mid-module, exit), each with a "
        "`mentee.yaml` profile. "
        f"Every {WORD_EVERY}th note mentions `{WORD}`. jrnl gets a plain-text "
        "journal (no encryption) with the same number of entries, each the body of one note "
        "(not at the biggest home). "
        "The page cache is warm: every figure is a repeated run after warm-up runs; "
        "dtr's index is warm except where it is said to be deleted.",
        "",
        "## Targets",
        "",
        targets_markdown(res, targets),
        "",
        "## Results",
        "",
        tables(res),
        "",
        "## Design notes",
        "",
        preserved_notes(output) if output else f"{NOTES_START}\n{NOTES_PLACEHOLDER}\n{NOTES_END}",
        "",
    ]
    return "\n".join(body), targets


FULL = {
    "sizes": "10,1000,10000,100000",
    "runs": 20,
    "large_runs": 10,
    "huge_runs": 3,
    "huge_from": 50_000,
    "warmup": 3,
    "rounds": 4,
    "cold_runs": 5,
    "terminal_runs": 5,
    "kickoff_runs": 10,
}
QUICK = {
    "sizes": "10,1000,3000",
    "runs": 3,
    "large_runs": 2,
    "huge_runs": 2,
    "huge_from": 3000,
    "warmup": 1,
    "rounds": 1,
    "cold_runs": 2,
    "terminal_runs": 2,
    "kickoff_runs": 2,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n", 1)[0],
        epilog="Defaults are for the full run; --quick changes those not given.",
    )
    p.add_argument("--sizes", help=f"note counts, comma-separated ({FULL['sizes']})")
    p.add_argument("--runs", type=int, help=f"timed runs per command ({FULL['runs']})")
    p.add_argument(
        "--large-runs", type=int, help=f"timed runs at sizes >= --large-from ({FULL['large_runs']})"
    )
    p.add_argument("--large-from", type=int, default=5000, help="where --large-runs applies (5000)")
    p.add_argument(
        "--huge-runs",
        type=int,
        help=f"timed runs at sizes >= --huge-from, where fewer commands are timed "
        f"({FULL['huge_runs']}; 1 with the index deleted)",
    )
    p.add_argument("--huge-from", type=int, help=f"where --huge-runs applies ({FULL['huge_from']})")
    p.add_argument(
        "--warmup",
        type=int,
        help=f"warm-up runs ({FULL['warmup']}; 1 at large sizes, none at huge ones)",
    )
    p.add_argument(
        "--rounds", type=int, help=f"rounds each size's runs are split into ({FULL['rounds']})"
    )
    p.add_argument(
        "--cold-runs", type=int, help=f"timed runs with the index deleted ({FULL['cold_runs']})"
    )
    p.add_argument(
        "--terminal-runs",
        type=int,
        help=f"timed runs of each listing on the terminal ({FULL['terminal_runs']})",
    )
    p.add_argument(
        "--kickoff-runs", type=int, help=f"timed kick-offs in tmux ({FULL['kickoff_runs']})"
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: sizes 10,1000,3000 (3,000 playing the biggest home), 2-3 runs, "
        "1 round; writes no report unless --output",
    )
    p.add_argument("--output", type=Path, help=f"report file ({DEFAULT_OUTPUT.relative_to(REPO)})")
    p.add_argument("--no-output", action="store_true", help="print the tables only")
    p.add_argument("--no-hyperfine", action="store_true", help="time with a subprocess loop")
    p.add_argument("--dtr", help="the dtr executable (default: next to this Python, or PATH)")
    p.add_argument("--jrnl", help="the jrnl executable (default: next to this Python, or PATH)")
    p.add_argument("--seed", type=int, default=2026, help="random seed of the generated notes")
    p.add_argument("--keep", action="store_true", help="keep the temp folder (for profiling)")
    p.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    p.add_argument(
        "--only",
        metavar="ROWS",
        help="time only these rows, comma-separated (e.g. search,history_all_tty,due,kickoff,"
        "help; the names are the keys of commands() and the start-up rows); the floor is "
        "always timed. For comparing one change: write no report (--no-output).",
    )
    args = p.parse_args(argv)
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.sizes = sorted({int(s.strip().replace("_", "")) for s in args.sizes.split(",")})
    args.only = {k.strip() for k in args.only.split(",") if k.strip()} if args.only else None
    if args.no_output or (args.quick and args.output is None):
        args.output = None
    elif args.output is None:
        args.output = DEFAULT_OUTPUT
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tools = find_tools(args)
    for tool, what in (
        ("jrnl", "jrnl is not installed (pip install -e '.[bench]'): jrnl is left out."),
        ("tmux", "tmux is not installed: nothing is timed on a terminal."),
        ("grep", "grep is not installed: its row is left out."),
        ("rg", "rg is not installed (apt-get install -y ripgrep): its row is left out."),
    ):
        if not getattr(tools, tool):
            say(what)
    python = (
        "python" if Path(sys.executable).parent == Path(tools.python).parent else sys.executable
    )
    command = shlex.join([python, "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="dtr-bench-"))
    try:
        res = measure(args, tools, scratch)
    finally:
        if args.keep:
            say(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.perf_counter() - started
    text, targets = report(res, tools, command, elapsed, args.output)
    results = text.split("## Targets", 1)[1].split("## Design notes", 1)[0]
    print("## Targets" + results.rstrip())
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        say(f"wrote {args.output}")
    say(f"done in {elapsed / 60:.1f} minutes")
    missed = [t.text for t in targets if t.met is False]
    if missed:
        say("targets NOT MET: " + "; ".join(missed))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
