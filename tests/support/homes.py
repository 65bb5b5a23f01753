"""Sample data homes for dtr: how the tests, tools/ and benchmarks/ fill one.

The data (who the mentees are, what they said) stays with whoever uses it; this
module holds the mechanics they share:

- the environment of a dtr that sees nothing but a fresh home (:func:`folders`,
  :func:`clean_env`, :func:`foreign`);
- running dtr: a :data:`Run` runs one command and returns its stdout, in process
  (``tests.support.cli.runner``) or as a process (:func:`process`, :func:`run_dtr`);
- writing a note through dtr's own answer checks, two ways: through the CLI
  (:func:`add_note`: a command a note, every check a mentor's answers get) or in
  process (:func:`write_note`: the same checks and the same text, with no process
  a note, for thousands of them);
- touching a note by hand afterwards: a fixed ``created`` stamp
  (:func:`set_created`), a follow-up's box ticked (:func:`set_box`).

Nothing here imports dtr until an in-process function is called.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Template

# A caller's settings that change what dtr does or prints.
_FOREIGN = ("VISUAL", "EDITOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")

Run = Callable[..., str]
"""``run(*args, input=None) -> stdout``: one dtr command that must succeed."""


# --- the environment -------------------------------------------------------------------


def foreign(name: str) -> bool:
    """Whether the environment variable ``name`` is a caller's setting that changes
    what dtr does: an editor, forced colour or terminal, a ``DTR_`` setting."""
    return name in _FOREIGN or name.startswith("DTR_")


def folders(root: Path, *, user_home: bool = True) -> dict[str, str]:
    """Where dtr keeps everything, all under ``root``.

    ``DTR_HOME`` is ``root/dtr-home``; the XDG config, data, cache and state
    folders are ``root/config`` and so on. With ``user_home``, ``HOME`` and
    ``LOCALAPPDATA`` are ``root/home`` too (on macOS and Windows the cache ignores
    ``XDG_CACHE_HOME``); leave them for a Python whose packages are under ``HOME``.
    """
    places = {
        "DTR_HOME": root / "dtr-home",
        "XDG_CONFIG_HOME": root / "config",
        "XDG_DATA_HOME": root / "data",
        "XDG_CACHE_HOME": root / "cache",
        "XDG_STATE_HOME": root / "state",
    }
    if user_home:
        places.update(HOME=root / "home", LOCALAPPDATA=root / "home")
    return {name: str(path) for name, path in places.items()}


def clean_env(
    root: Path,
    *,
    width: int | None = 100,
    height: int = 50,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment (``base``: this process's) for dtr on a fresh home under ``root``.

    No :func:`foreign` settings, and :func:`folders`. With a ``width``, for output
    read by a program (as the docs show it): that many columns and ``height``
    lines, no colour, and stdout and stderr unbuffered in UTF-8 so that merged they
    keep the order they were written in. ``width=None``: for dtr in a real
    terminal, which has its own size and colours.
    """
    base = os.environ if base is None else base
    env = {k: v for k, v in base.items() if not foreign(k)}
    env.update(folders(root))
    if width is not None:
        env.update(
            COLUMNS=str(width),
            LINES=str(height),
            NO_COLOR="1",
            PYTHONUNBUFFERED="1",
            PYTHONIOENCODING="utf-8",
        )
    return env


# --- running dtr -----------------------------------------------------------------------


def run_dtr(
    args: Iterable[str],
    env: Mapping[str, str],
    *,
    input: str | None = None,
    expect: int = 0,
    merge_stderr: bool = False,
) -> str:
    """Run ``python -m dtrcli ARGS`` in ``env``; return its stdout.

    ``input``: its stdin (else nothing). ``merge_stderr``: stderr goes into the
    same text, where it was written. Fails (AssertionError, with the output)
    unless it exits with ``expect``.
    """
    args = list(args)
    proc = subprocess.run(
        [sys.executable, "-m", "dtrcli", *args],
        env=dict(env),
        input=input,
        stdin=subprocess.DEVNULL if input is None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if proc.returncode != expect:
        said = proc.stdout if merge_stderr else proc.stdout + proc.stderr
        raise AssertionError(
            f"dtr {shlex.join(args)} exited {proc.returncode} (expected {expect}):\n{said}"
        )
    return proc.stdout


def process(env: Mapping[str, str]) -> Run:
    """A :data:`Run` that starts ``python -m dtrcli`` in ``env`` for each command."""

    def run(*args: str, input: str | None = None) -> str:
        return run_dtr(args, env, input=input)

    return run


# --- notes -----------------------------------------------------------------------------


class Note(NamedTuple):
    """One conversation to write: ``add_note(run, *note)``, ``write_note(home, *note)``."""

    template: str  # a template id: kickoff, midmod, exit ...
    mentee: str  # a name or a folder name, as a mentor types it
    date: str | dt.date  # the day it was held
    answers: Mapping[str, Any]  # as an answers file gives them
    created: dt.datetime | None = None  # the front matter's stamp; None: when written


def add_note(
    run: Run,
    template: str,
    mentee: str,
    date: str | dt.date,
    answers: Mapping[str, Any],
    created: dt.datetime | None = None,
) -> Path:
    """Write a note through the CLI; return its path.

    ``dtr TEMPLATE MENTEE --answers - --date DATE`` (a kick-off with ``--new``), the
    answers as JSON on stdin, so they get every check a mentor's do. ``created``: the
    stamp written over the one of the moment it was saved (see :func:`set_created`).
    """
    day = date if isinstance(date, str) else date.isoformat()
    new = ("--new",) if template == "kickoff" else ()  # a kick-off may start a new mentee
    stdout = run(template, mentee, *new, "--answers", "-", "--date", day, input=json.dumps(answers))
    path = Path(stdout.strip().splitlines()[-1])
    assert path.is_file(), f"dtr {template} {mentee} printed {stdout!r}, not a note's path"
    if created is not None:
        set_created(path, created)
    return path


def add_notes(run: Run, notes: Iterable[Note]) -> list[Path]:
    """:func:`add_note` for each of ``notes``, in order; their paths."""
    return [add_note(run, *note) for note in notes]


def write_note(
    home: Path,
    template: str,
    mentee: str,
    date: str | dt.date,
    answers: Mapping[str, Any],
    created: dt.datetime | None = None,
    *,
    templates: Mapping[str, Template] | None = None,
) -> Path:
    """Write a note in this process, as the CLI writes one from an answers file.

    The answers are checked (and defaults filled in) by dtr's own
    ``resolve_answers`` and the text is ``render_note``'s, into
    ``home/<the mentee's folder>/<date>-<template>.md``, private to the user like
    dtr's own files. It never asks the mentee's profile (no week of the module)
    and refuses a file that is there already. ``templates``: the templates by id
    (default: dtr's registry, loaded for each note).
    """
    from dtrcli.conversation.answers import resolve_answers
    from dtrcli.conversation.record import render_note
    from dtrcli.conversation.templates import load_registry
    from dtrcli.notebook import paths

    chosen = (templates or load_registry().templates)[template]
    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    text = render_note(
        chosen, resolve_answers(chosen, dict(answers)), mentee=mentee, date=day, created=created
    )
    folder = home / paths.slugify(mentee)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}-{chosen.id}.md"
    with path.open("x", encoding="utf-8") as fh:
        fh.write(text)
    path.chmod(0o600)
    return path


def write_profile(home: Path, name: str, **fields: Any) -> Path:
    """Write a mentee's profile (``mentee.yaml``) in this process; return its path.

    ``fields``: those of ``dtrcli.module.profiles.Profile`` (program, module, start,
    meets, channel ...). The text is ``save_profile``'s, written without its
    flushes to disk (thousands of profiles take seconds, not minutes).
    """
    import yaml

    from dtrcli.module.profiles import Profile
    from dtrcli.notebook import paths

    folder = home / paths.slugify(name)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    profile = Profile(folder=folder, name=name, **fields)
    text = yaml.safe_dump(profile.to_data(), sort_keys=False, allow_unicode=True)
    profile.path.write_text(text, encoding="utf-8")
    profile.path.chmod(0o600)
    return profile.path


# --- touched by hand -------------------------------------------------------------------


def set_created(path: Path, created: dt.datetime) -> None:
    """Give a note a fixed ``created`` stamp, as if written then (pages that do not
    change each time they are made)."""
    text = path.read_text(encoding="utf-8")
    stamp = created.replace(microsecond=0).isoformat()
    new, count = re.subn(r"^created: .*$", f"created: '{stamp}'", text, count=1, flags=re.M)
    if not count:
        raise ValueError(f"{path.name} has no created stamp")
    path.write_text(new, encoding="utf-8")


def set_box(path: Path, item: str, box: str) -> None:
    """Record what became of an open follow-up, as a mentor would in an editor (and
    as dtr writes it).

    The first open item (``- [ ]``) of the note that starts with ``item`` gets the
    state ``box``: ``x`` done, ``-`` dropped, ``>`` carried into a later note.
    """
    from dtrcli.notebook import items

    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines):
        task = items.read_task(line)
        if task is not None and task.state == items.OPEN and task.words.startswith(item):
            lines[number] = items.with_state(task, box)
            path.write_text("\n".join(lines), encoding="utf-8")
            return
    raise ValueError(f"no open follow-up {item!r} in {path.name}")


def known(*names: str) -> None:
    """Make these mentees known to the dtr of this process (``DTR_HOME``) by their empty
    folders, as a kick-off or ``dtr mentee add`` would: a conversation other than a
    kick-off starts no new mentee."""
    from dtrcli.notebook import paths

    for name in names:
        paths.private_dir(paths.data_home() / paths.slugify(name))
