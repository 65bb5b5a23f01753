"""Benchmark dtr's start-up and its listings at 10, 1,000 and 10,000 notes, against jrnl.

Run it with the interpreter dtr is installed in (see benchmarks/README.md)::

    python benchmarks/run.py                 # the full run; writes docs/performance.md
    python benchmarks/run.py --quick         # a smoke run; writes nothing unless --output

It builds throw-away data homes in a temp folder (never in the repository),
times whole processes (hyperfine when it is installed, else a loop of
subprocesses), reports medians, and deletes the temp folder at the end.
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


def run_text(argv: list[str], env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
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
    return Tools(dtr, python, jrnl, hyperfine, shutil.which("tmux"))


# --- timing ------------------------------------------------------------------------------


@dataclass
class Timing:
    median: float
    mean: float
    stdev: float
    low: float
    high: float
    runs: int


def time_command(
    tools: Tools,
    argv: list[str],
    env: dict[str, str],
    runs: int,
    warmup: int,
    scratch: Path,
    empty_first: Path | None = None,
) -> list[float]:
    """Wall times (seconds) of ``runs`` whole processes after ``warmup`` untimed ones.

    Standard output and error are discarded. ``empty_first``: a folder removed before
    every run (dtr's cache, for the figures of a first listing).
    """
    if tools.hyperfine:
        out = scratch / f"hyperfine-{uuid.uuid4().hex[:8]}.json"
        cmd = [tools.hyperfine, "--shell=none", "--style", "none", "--output", "null"]
        cmd += ["--warmup", str(warmup), "--runs", str(runs), "--export-json", str(out)]
        if empty_first is not None:
            cmd += ["--prepare", shlex.join(["rm", "-rf", str(empty_first)])]
        run_text([*cmd, shlex.join(argv)], env=env)
        result = json.loads(out.read_text(encoding="utf-8"))["results"][0]
        out.unlink()
        return [float(t) for t in result["times"]]
    samples = []
    for i in range(warmup + runs):
        if empty_first is not None:
            shutil.rmtree(empty_first, ignore_errors=True)
        t0 = time.perf_counter()
        rc = subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        ).returncode
        took = time.perf_counter() - t0
        if rc != 0:
            raise SystemExit(f"failed ({rc}): {shlex.join(argv)}")
        if i >= warmup:
            samples.append(took)
    return samples


def split_runs(runs: int, rounds: int) -> list[int]:
    """``runs`` shared out over at most ``rounds`` rounds, e.g. (5, 4) -> [2, 1, 1, 1]."""
    rounds = max(1, min(rounds, runs))
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


class Terminal:
    """A private, detached tmux server: time a program until its first prompt is on screen."""

    def __init__(self, scratch: Path) -> None:
        width, height = TERM_SIZE
        self.tmux = Tmux(scratch, width=width, height=height, name="dtr-bench")
        # Start the server first, so its start-up is never part of a measurement.
        self.tmux.start()

    def until_text(self, argv: list[str], env: dict[str, str], text: str) -> float:
        """Seconds from launching ``argv`` in a new window until ``text`` is on its screen."""
        t0 = time.perf_counter()
        pane = self.tmux.launch(argv, env=env)
        try:
            pane.wait_for(text, timeout=30, interval=0.002)
            return time.perf_counter() - t0
        except AssertionError as error:
            raise SystemExit(f"{shlex.join(argv)}: {error}") from None
        finally:
            pane.kill()

    def time_until(self, argvs: list[list[str]], env: dict[str, str], text: str) -> list[float]:
        """Time each command line in turn."""
        return [self.until_text(argv, env, text) for argv in argvs]

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


def build_home(size: int, root: Path, seed: int) -> Home:
    """Write a data home of ``size`` valid notes (and a profile per mentee) under ``root``."""
    from dtrcli.conversation.templates import load_registry
    from dtrcli.notebook import paths

    templates = load_registry().templates
    order = [templates["kickoff"], templates["midmod"], templates["exit"]]
    offsets = (0, 17, 38)  # days after the module start: week 1, week 3, week 6
    rng = random.Random(seed + size)
    home = root / f"home-{size}"
    home.mkdir(mode=0o700)
    plan = layout(size)
    entries = []
    word_notes = 0
    written = 0
    total_bytes = 0
    tz = dt.timezone(dt.timedelta(hours=1))
    for name, count in plan:
        if count > 3:  # one note every two days, going back from late 2026
            dates = [dt.date(2026, 11, 20) - dt.timedelta(days=2 * k) for k in range(count)]
            start = dates[-1]
        else:
            start = dt.date(2025, 1, 6) + dt.timedelta(weeks=rng.randint(0, 95))
            dates = [start + dt.timedelta(days=offsets[k]) for k in range(count)]
        for k, date in enumerate(sorted(dates)):
            template = order[k % 3]
            with_word = written % WORD_EVERY == 3
            written += 1
            word_notes += with_word
            answers = make_answers(template, rng, with_word)
            created = dt.datetime.combine(date, dt.time(18, rng.randint(0, 59)), tzinfo=tz)
            path = homes.write_note(
                home, template.id, name, date, answers, created, templates=templates
            )
            text = path.read_text(encoding="utf-8")
            total_bytes += len(text.encode("utf-8"))
            body = text.split("\n---\n", 1)[1].strip("\n").split("\n", 1)
            entries.append(
                (f"{date.isoformat()} {created:%H:%M}", body[0].lstrip("# ") + ".\n" + body[1])
            )
        homes.write_profile(
            home,
            name,
            program=rng.choice(["BE", "FE"]),
            module=str(rng.randint(1, 4)),
            start=start,
            meets=f"{rng.choice(['Mon', 'Tue', 'Wed', 'Thu'])} 18:00",
            channel="Slack",
        )
    entries.sort()
    return Home(
        size=size,
        dtr_home=home,
        mentees=len(plan),
        many=paths.slugify(plan[0][0]),
        many_notes=plan[0][1],
        ten=paths.slugify(plan[1][0] if len(plan) > 1 and plan[1][1] == 10 else plan[0][0]),
        word_notes=word_notes,
        bytes_per_note=total_bytes / size,
        entries=entries,
    )


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
    hits = json.loads(run_text([tools.dtr, "search", WORD, "--json"], env=env))
    if home.word_notes and not hits:
        raise SystemExit(f"dtr search {WORD} found nothing in the {home.size}-note home.")


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
    samples: dict[str, list[float]] = field(default_factory=dict)  # size-independent figures
    by_size_samples: dict[int, dict[str, list[float]]] = field(default_factory=dict)
    homes: dict[int, Home] = field(default_factory=dict)

    def add(self, key: str, samples: list[float], size: int | None = None) -> None:
        into = self.samples if size is None else self.by_size_samples.setdefault(size, {})
        into.setdefault(key, []).extend(samples)

    def timing(self, key: str) -> Timing | None:
        got = self.samples.get(key)
        return summarize(got) if got else None

    @property
    def floor(self) -> Timing | None:
        return self.timing("floor")

    @property
    def help(self) -> Timing | None:
        return self.timing("help")

    @property
    def harness(self) -> Timing | None:
        return self.timing("harness")

    @property
    def by_size(self) -> dict[int, dict[str, Timing]]:
        return {
            size: {key: summarize(got) for key, got in row.items()}
            for size, row in self.by_size_samples.items()
        }


ROWS = (
    ("history_many", "`dtr history NAME` (the mentee with a third of the notes)"),
    ("history_cold", "`dtr history NAME` (most notes), its front-matter cache emptied each run"),
    ("history_ten", "`dtr history NAME` (a mentee with 10 notes)"),
    ("history_all", "`dtr history` (every mentee)"),
    ("search", f"`dtr search {WORD}`"),
    ("due", "`dtr due`"),
    ("kickoff", "`dtr kickoff NAME`: first prompt on screen"),
    ("jrnl_n", "`jrnl -n 10`"),
    ("jrnl_contains", f"`jrnl -contains {WORD}`"),
)


def base_env(scratch: Path) -> dict[str, str]:
    """This environment, with the XDG folders of a clean home in ``scratch`` and none
    of the caller's dtr settings (tests.support.homes); DTR_HOME is set per home."""
    # PYTHONDONTWRITEBYTECODE would make every run compile the modules changed since
    # the last byte-code was written; an installed dtr runs from byte-code.
    skip = ("TMUX", "TMUX_PANE", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in skip and not homes.foreign(k)}
    # HOME stays: a Python may keep dtr's packages under it.
    for var, path in homes.folders(scratch, user_home=False).items():
        if var != "DTR_HOME":
            Path(path).mkdir(exist_ok=True)
            env[var] = path
    return env


def measure(args: argparse.Namespace, tools: Tools, scratch: Path) -> Results:
    """Time everything. Each size's commands are timed in rounds, one command after the
    other in every round, so that a slow spell of a shared machine is spread over all of
    them rather than landing on one. The floor and `dtr --help` are timed in every round
    of every size and pooled."""
    res = Results()
    env = base_env(scratch)
    empty = scratch / "empty-home"
    empty.mkdir(mode=0o700)
    floor = [tools.python, "-c", "pass"]
    help_ = [tools.dtr, "--help"]
    henv = {**env, "DTR_HOME": str(empty)}
    terminal = Terminal(scratch) if tools.tmux else None
    jrnl_version = "v0"
    if tools.jrnl:
        jrnl_version = run_text([tools.jrnl, "--version"], env=env).split()[1]
    try:
        say("warming up: python -c pass, dtr --help")
        time_command(tools, floor, env, 1, args.warmup, scratch)
        time_command(tools, help_, henv, 1, args.warmup, scratch)
        if terminal:
            say(f"timing the terminal harness ({args.kickoff_runs} runs)")
            script = f"import time; print({PROMPT + ' harness'!r}, flush=True); time.sleep(60)"
            argv = [tools.python, "-c", script]
            res.add(
                "harness", terminal.time_until([argv] * (1 + args.kickoff_runs), {}, PROMPT)[1:]
            )
        for size in args.sizes:
            large = size >= args.large_from
            runs = args.large_runs if large else args.runs
            t0 = time.perf_counter()
            home = build_home(size, scratch, args.seed)
            say(
                f"{size:,} notes: {home.mentees:,} mentees, {home.many_notes:,} notes for "
                f"{home.many}, ~{home.bytes_per_note:,.0f} bytes a note, {home.word_notes} with "
                f"{WORD!r}; built in {time.perf_counter() - t0:.1f} s"
            )
            res.homes[size] = home
            if tools.jrnl:
                build_journal(home, scratch, jrnl_version)
            denv = {**env, "DTR_HOME": str(home.dtr_home)}
            check_home(tools, home, denv)
            if tools.jrnl:
                check_journal(tools, home, env)
            cold = scratch / "cold-cache"
            cenv_cold = {**denv, "XDG_CACHE_HOME": str(cold)}
            commands: dict[str, tuple[list[str], dict[str, str]]] = {
                "history_many": ([tools.dtr, "history", home.many], denv),
                "history_cold": ([tools.dtr, "history", home.many], cenv_cold),
                "history_ten": ([tools.dtr, "history", home.ten], denv),
                "history_all": ([tools.dtr, "history"], denv),
                "search": ([tools.dtr, "search", WORD], denv),
                "due": ([tools.dtr, "due"], denv),
            }
            if home.ten == home.many:  # a home of 10 notes: one mentee, one figure
                del commands["history_ten"]
            if tools.jrnl and home.journal_config:
                base = [tools.jrnl, "--config-file", str(home.journal_config)]
                commands["jrnl_n"] = ([*base, "-n", "10"], env)
                commands["jrnl_contains"] = ([*base, "-contains", WORD], env)
            kenv = {"DTR_HOME": str(home.dtr_home)}
            kenv.update({k: env[k] for k in env if k.startswith("XDG_")})
            # A new mentee each run: an interrupted run leaves a draft behind, and a
            # draft makes the next run ask whether to resume before the first question.
            kickoffs = [
                [tools.dtr, "kickoff", f"{KICKOFF_NAME} {i}"] for i in range(1 + args.kickoff_runs)
            ]
            if terminal:
                terminal.time_until(kickoffs[:1], kenv, PROMPT)  # warm-up
            chunks = split_runs(runs, args.rounds)
            kick_chunks = split_runs(args.kickoff_runs, len(chunks))
            kick_chunks += [0] * (len(chunks) - len(kick_chunks))
            done = 1
            for number, chunk in enumerate(chunks):
                warmup = (1 if large else args.warmup) if number == 0 else 0
                say(f"  round {number + 1}/{len(chunks)}: {chunk} run(s) of each command")
                res.add("floor", time_command(tools, floor, env, chunk, warmup, scratch))
                res.add("help", time_command(tools, help_, henv, chunk, warmup, scratch))
                for key, (argv, cenv) in commands.items():
                    emptied = cold if key == "history_cold" else None
                    got = time_command(tools, argv, cenv, chunk, warmup, scratch, emptied)
                    res.add(key, got, size)
                if terminal and kick_chunks[number]:
                    batch = kickoffs[done : done + kick_chunks[number]]
                    done += len(batch)
                    res.add("kickoff", terminal.time_until(batch, kenv, PROMPT), size)
            row = res.by_size_samples[size]
            if "history_ten" not in row:
                row["history_ten"] = row["history_many"]
            if not args.keep:  # free the disk space before the next, bigger home
                shutil.rmtree(home.dtr_home, ignore_errors=True)
                if home.journal_config:
                    shutil.rmtree(home.journal_config.parent, ignore_errors=True)
    finally:
        if terminal:
            terminal.close()
    return res


# --- the report ------------------------------------------------------------------------------


def machine(tools: Tools) -> list[tuple[str, str]]:
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
        "import yaml\n"
        "print(json.dumps({'python': platform.python_version(), 'impl': "
        "platform.python_implementation(), 'exe': sys.executable, "
        "'real': __import__('os').path.realpath(sys.executable), "
        "'dtr': v('dtr'), 'typer': v('typer'), 'click': v('click'), 'rich': v('rich'), "
        "'pyyaml': v('PyYAML'), 'jrnl': v('jrnl'), "
        "'cloader': bool(getattr(yaml, '__with_libyaml__', False)) and "
        "hasattr(yaml, 'CSafeLoader')}))\n"
    )
    info = json.loads(run_text([tools.python, "-c", probe]))
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    hyperfine = run_text([tools.hyperfine, "--version"]).strip() if tools.hyperfine else "absent"
    tmux = run_text([tools.tmux, "-V"]).strip() if tools.tmux else "absent"
    return [
        ("CPU", cpu),
        ("Cores", f"{cores} logical ({usable} usable by this process)"),
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
        ("jrnl", info["jrnl"]),
        ("Timer", f"{hyperfine} (--shell=none)" if tools.hyperfine else "subprocess loop"),
        ("Terminal", f"{tmux}, detached, {TERM_SIZE[0]}x{TERM_SIZE[1]}"),
    ]


@dataclass
class Target:
    text: str
    measured: str
    met: bool | None  # None: not measured in this run


def evaluate(res: Results) -> tuple[list[Target], dict[str, float]]:
    floor = res.floor.median if res.floor else float("nan")
    targets: list[Target] = []
    extra: dict[str, float] = {}
    sizes = sorted(res.by_size)

    def get(size: int, key: str) -> Timing | None:
        return res.by_size.get(size, {}).get(key)

    def slowest(key: str, label: str, limit: float) -> None:
        """A start-up target judged on the slowest median over every home size."""
        measured = [s for s in sizes if get(s, key)]
        if not measured:
            targets.append(Target(label, "not measured", None))
            return
        worst = max(get(s, key).median for s in measured)  # type: ignore[union-attr]
        targets.append(
            Target(
                label,
                f"{times(worst / floor)} ({ms(worst)}, slowest over homes of "
                f"{', '.join(f'{s:,}' for s in measured)} notes)",
                worst / floor <= limit,
            )
        )

    slowest("history_ten", "`dtr history NAME` with 10 notes ≤ 10× `python -c pass`", 10)
    if res.help:
        targets.append(
            Target(
                "`dtr --help` ≤ 8× `python -c pass`",
                f"{times(res.help.median / floor)} ({ms(res.help.median)})",
                res.help.median / floor <= 8,
            )
        )
    slowest("kickoff", "first prompt of `dtr kickoff NAME` ≤ 25× `python -c pass`", 25)
    for dkey, jkey, label in (
        ("history_many", "jrnl_n", "`dtr history NAME` faster than `jrnl -n 10`"),
        ("search", "jrnl_contains", f"`dtr search {WORD}` faster than `jrnl -contains {WORD}`"),
    ):
        for size in (1000, 10000):
            d, j = get(size, dkey), get(size, jkey)
            if d and j:
                targets.append(
                    Target(
                        f"{label} at {size:,} notes",
                        f"{ms(d.median)} vs {ms(j.median)} ({d.median / j.median:.2f}× jrnl)",
                        d.median < j.median,
                    )
                )
            else:
                targets.append(Target(f"{label} at {size:,} notes", "not measured", None))
    lo, hi = (10, 10000)
    a, b = get(lo, "history_many"), get(hi, "history_many")
    if a and b:
        dn = res.homes[hi].many_notes - res.homes[lo].many_notes
        per = (b.median - a.median) / dn * 1000
        extra["per_note_ms"] = per
        targets.append(
            Target(
                "cost per additional note of `dtr history NAME` ≤ 0.05 ms",
                f"{per:.3f} ms = ({ms(b.median)} − {ms(a.median)}) / "
                f"({res.homes[hi].many_notes:,} − {res.homes[lo].many_notes:,} notes)",
                per <= 0.05,
            )
        )
        ten = get(hi, "history_ten")
        if ten:
            extra["per_note_same_home_ms"] = (
                (b.median - ten.median) / (res.homes[hi].many_notes - 10) * 1000
            )
        ca, cb = get(lo, "history_cold"), get(hi, "history_cold")
        if ca and cb:
            extra["per_note_cold_ms"] = (cb.median - ca.median) / dn * 1000
    else:
        targets.append(
            Target("cost per additional note of `dtr history NAME` ≤ 0.05 ms", "not measured", None)
        )
    return targets, extra


def tables(res: Results) -> str:
    floor = res.floor.median if res.floor else float("nan")
    lines = ["### Start-up", ""]
    lines += [
        "| command | median | × `python -c pass` | runs | min – max |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, t in (
        ("`python -c pass` (the floor)", res.floor),
        ("`dtr --help`", res.help),
        (f"terminal harness: `python -c` printing `{PROMPT}` in tmux", res.harness),
    ):
        if t:
            lines.append(
                f"| {label} | {ms(t.median)} | {times(t.median / floor)} | {t.runs} | "
                f"{ms(t.low)} – {ms(t.high)} |"
            )
    sizes = sorted(res.by_size)
    lines += ["", "### By number of notes", ""]
    lines.append("Median wall time, and in brackets the multiple of `python -c pass`.")
    lines.append("")
    lines.append("| command | " + " | ".join(f"{s:,} notes" for s in sizes) + " |")
    lines.append("|---|" + "---:|" * len(sizes))
    lines.append(
        "| _mentees / notes of the mentee with the most_ | "
        + " | ".join(f"{res.homes[s].mentees:,} / {res.homes[s].many_notes:,}" for s in sizes)
        + " |"
    )
    for key, label in ROWS:
        cells = []
        for s in sizes:
            t = res.by_size[s].get(key)
            cells.append(f"{ms(t.median)} ({times(t.median / floor)})" if t else "—")
        if any(c != "—" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append(
        "| _runs per command_ | "
        + " | ".join(str(res.by_size[s]["due"].runs) for s in sizes)
        + " |"
    )
    if any("jrnl_n" in res.by_size[s] for s in sizes):
        lines += ["", "### dtr against jrnl", ""]
        lines.append(
            "| notes | `dtr history NAME` | `jrnl -n 10` | dtr / jrnl | "
            f"`dtr search {WORD}` | `jrnl -contains {WORD}` | dtr / jrnl |"
        )
        lines.append("|---:|---:|---:|---:|---:|---:|---:|")
        for s in sizes:
            r = res.by_size[s]
            if "jrnl_n" not in r:
                continue
            h, n, q, c = r["history_many"], r["jrnl_n"], r["search"], r["jrnl_contains"]
            lines.append(
                f"| {s:,} | {ms(h.median)} | {ms(n.median)} | {h.median / n.median:.2f}× | "
                f"{ms(q.median)} | {ms(c.median)} | {q.median / c.median:.2f}× |"
            )
    return "\n".join(lines)


def targets_markdown(targets: list[Target], extra: dict[str, float]) -> str:
    lines = ["| target | measured | result |", "|---|---|---|"]
    for t in targets:
        verdict = "not measured" if t.met is None else ("**MET**" if t.met else "**NOT MET**")
        lines.append(f"| {t.text} | {t.measured} | {verdict} |")
    if "per_note_same_home_ms" in extra:
        lines += [
            "",
            "Cross-check of the cost per note within the 10,000-note home (the mentee with the "
            "most notes against the mentee with 10): "
            f"{extra['per_note_same_home_ms']:.3f} ms a note.",
        ]
    if "per_note_cold_ms" in extra:
        lines += [
            "",
            "The same cost with dtr's front-matter cache emptied before every run (the first "
            "listing after every note changed): "
            f"{extra['per_note_cold_ms']:.3f} ms a note.",
        ]
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
    targets, extra = evaluate(res)
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
        *[f"| {k} | {v} |" for k, v in machine(tools)],
        "",
        "## Data",
        "",
        f"Homes of {', '.join(f'{s:,}' for s in sizes)} valid notes (bytes a note: {per_note}), "
        "written with `dtrcli.conversation.record.render_note` from the built-in templates: "
        "one mentee holds a third of the notes (one every two days), one mentee holds 10, "
        "and the rest hold three each (kick-off, mid-module, exit), each with a "
        "`mentee.yaml` profile. "
        f"Every {WORD_EVERY}th note mentions `{WORD}`. jrnl gets a plain-text "
        "journal (no encryption) with the same number of entries, each the body of one note. "
        "The page cache is warm: every figure is a repeated run after warm-up runs.",
        "",
        "## Results",
        "",
        tables(res),
        "",
        "## Targets",
        "",
        targets_markdown(targets, extra),
        "",
        "## Design notes",
        "",
        preserved_notes(output) if output else f"{NOTES_START}\n{NOTES_PLACEHOLDER}\n{NOTES_END}",
        "",
    ]
    return "\n".join(body), targets


FULL = {
    "sizes": "10,1000,10000",
    "runs": 20,
    "large_runs": 10,
    "warmup": 3,
    "rounds": 4,
    "kickoff_runs": 10,
}
QUICK = {
    "sizes": "10,1000",
    "runs": 3,
    "large_runs": 2,
    "warmup": 1,
    "rounds": 1,
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
    p.add_argument("--warmup", type=int, help=f"warm-up runs ({FULL['warmup']}; 1 at large sizes)")
    p.add_argument(
        "--rounds", type=int, help=f"rounds each size's runs are split into ({FULL['rounds']})"
    )
    p.add_argument(
        "--kickoff-runs", type=int, help=f"timed kick-offs in tmux ({FULL['kickoff_runs']})"
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: sizes 10,1000, 3 runs, 2 kick-offs, 1 round; "
        "writes no report unless --output",
    )
    p.add_argument("--output", type=Path, help=f"report file ({DEFAULT_OUTPUT.relative_to(REPO)})")
    p.add_argument("--no-output", action="store_true", help="print the tables only")
    p.add_argument("--no-hyperfine", action="store_true", help="time with a subprocess loop")
    p.add_argument("--dtr", help="the dtr executable (default: next to this Python, or PATH)")
    p.add_argument("--jrnl", help="the jrnl executable (default: next to this Python, or PATH)")
    p.add_argument("--seed", type=int, default=2026, help="random seed of the generated notes")
    p.add_argument("--keep", action="store_true", help="keep the temp folder (for profiling)")
    p.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    args = p.parse_args(argv)
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.sizes = sorted({int(s.strip().replace("_", "")) for s in args.sizes.split(",")})
    if args.no_output or (args.quick and args.output is None):
        args.output = None
    elif args.output is None:
        args.output = DEFAULT_OUTPUT
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tools = find_tools(args)
    if not tools.jrnl:
        say("jrnl is not installed (pip install -e '.[bench]'): jrnl is left out.")
    if not tools.tmux:
        say("tmux is not installed: the kick-off prompt is not timed.")
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
    results = text.split("## Results", 1)[1].split("## Design notes", 1)[0]
    print("## Results" + results.rstrip())
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
