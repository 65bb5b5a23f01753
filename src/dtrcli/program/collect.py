"""Bundles gathered: read from files and folders for the report, or pushed to a shared
git repository the program owns.

A folder is read with everything under it that ends in ``.json`` (a clone of
the program's repository, say; ``.git`` is passed over). Each file is checked
against :mod:`dtrcli.program.schema`; one that is not a bundle, of a newer
schema, with a field the schema does not allow, or cut short is named in one
warning and left out, and the rest is read. Of the bundles of one mentor for
one program and module, the newest (by ``made``) is kept.

``dtr program bundle --push REMOTE`` clones the repository into a temporary
folder, writes the bundle as ``MENTOR_ID/PROGRAM-MODULE.json`` (one file per
program and module), commits and pushes; a push that loses a race with another
mentor's is fetched and tried again, and as no two mentors write the same
file, neither overwrites the other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from dtrcli import notices
from dtrcli.errors import DtrError
from dtrcli.notebook import files
from dtrcli.notebook.gitrepo import Git, SyncError, find_git, said
from dtrcli.program.schema import Bundle, BundleError, decode

MAX_BYTES = 64_000_000  # the largest bundle read
TRIES = 5  # pushes tried when other mentors push at the same time


@dataclass
class Loaded:
    path: Path
    data: Bundle


def bundle_files(given: list[Path]) -> list[Path]:
    """The files named, and the ``.json`` files under the folders named, in order."""
    found: list[Path] = []
    for path in given:
        try:
            folder = path.is_dir()
        except OSError:  # a name too long: read_one names the file and what is wrong
            folder = False
        if folder:
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(root) / n for n in sorted(names) if n.endswith(".json")]
        else:
            found.append(path)
    return found


def read_one(path: Path, private: dict[str, set[str]]) -> Bundle:
    """The bundle in ``path``; a :class:`BundleError` saying why it cannot be read."""
    try:
        raw = files.read_capped(path, "bundle", limit=MAX_BYTES)
    except FileNotFoundError:
        raise BundleError("does not exist") from None
    except files.Refused as exc:
        raise BundleError(str(exc)) from None
    except OSError as exc:
        raise BundleError(f"cannot be read ({exc.strerror or exc})") from None
    return decode(raw, private)


def read_bundles(given: list[Path], private: dict[str, set[str]]) -> tuple[list[Loaded], int]:
    """The bundles read from ``given`` (the newest of each mentor, program and module),
    and how many files were looked at. Each file left out is warned about."""
    paths = bundle_files(given)
    loaded: list[Loaded] = []
    with _collector_paused():
        for path in paths:
            _read_into(loaded, path, private)
    return newest(loaded), len(paths)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while bundles are read: it would walk every
    object read so far again and again (seconds, for hundreds of bundles), and a bundle
    has no cycles to collect."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_into(loaded: list[Loaded], path: Path, private: dict[str, set[str]]) -> None:
    """The bundle in ``path`` added to ``loaded``, or a warning that names it."""
    try:
        loaded.append(Loaded(path, read_one(path, private)))
    except BundleError as exc:
        reason = str(exc)
        verb = reason.startswith(("is ", "has ", "does ", "ends ", "cannot "))
        lead = "it " if verb else "its "
        notices.warn(f"{path} is left out of the report: {lead}{reason}.")


def newest(loaded: list[Loaded]) -> list[Loaded]:
    """Each bundle with only the mentees no newer bundle of the same mentor, program and
    module replaces (a bundle left with none is dropped). Of two made the same second,
    the one whose file comes last counts."""
    latest: dict[tuple[str, Any, Any], tuple[dt.datetime, int]] = {}
    for number, one in enumerate(loaded):
        stamp = (one.data.made, number)
        for m in one.data.mentees:
            key = (one.data.mentor_id, m.program, m.module)
            if key not in latest or stamp > latest[key]:
                latest[key] = stamp
    kept = []
    for number, one in enumerate(loaded):
        stamp, mentor = (one.data.made, number), one.data.mentor_id
        mentees = [m for m in one.data.mentees if latest[(mentor, m.program, m.module)] == stamp]
        if len(mentees) == len(one.data.mentees):
            kept.append(one)
        elif mentees:
            kept.append(Loaded(one.path, msgspec.structs.replace(one.data, mentees=mentees)))
    return kept


# --- pushing to the program's repository ------------------------------------------------


def push(remote: str, named: dict[str, dict[str, Any]], text: Any, author: str) -> list[str]:
    """Write each bundle of ``named`` (file name -> bundle; ``text`` makes its JSON) into
    the repository at ``remote``, commit and push; the file names written."""
    from dtrcli.notebook.sync import address

    exe = find_git()
    url = address(remote)
    scratch = Path(tempfile.mkdtemp(prefix="dtr-program-"))
    try:
        git = Git(
            exe,
            scratch / "repo",
            ["-c", f"user.name={author}", "-c", f"user.email={author}@dtr.invalid"],
        )
        Git(exe, scratch).run("clone", "-q", "--", url, "repo")
        branch = _branch(git)
        for attempt in range(TRIES):
            for name, bundle in named.items():
                target = git.home / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text(bundle), encoding="utf-8")
            git.run("add", "--", *named)
            if git.ok("diff", "--cached", "--quiet"):
                return list(named)  # the same bundle is there already
            git.run("commit", "-q", "-m", f"Bundle of {author}: {', '.join(named)}")
            proc = git.run("push", "-q", "origin", f"HEAD:refs/heads/{branch}", check=False)
            if proc.returncode == 0:
                return list(named)
            if attempt == TRIES - 1:
                raise SyncError(
                    f"git push to {remote} failed ({said(proc.stderr)}); nothing was sent: "
                    "run the command again."
                )
            git.run("fetch", "-q", "origin")
            git.run("reset", "-q", "--hard", f"origin/{branch}")
        return list(named)
    except SyncError as exc:  # the clone is removed below: no folder to look into
        message = re.sub(r"see 'git -C .*? status', then ", "", str(exc))
        raise DtrError(message.replace("run 'dtr sync' again", "run the command again")) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _branch(git: Git) -> str:
    """The branch the repository's HEAD names (main for an empty one)."""
    proc = git.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
    name = proc.stdout.decode("utf-8", "replace").strip()
    return name or "main"
