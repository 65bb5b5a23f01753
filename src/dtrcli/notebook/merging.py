"""The merge rules of sync, and the words its commits use.

A merge of this machine's commit with the remote's is worked out in a
temporary index (``git read-tree -m``), never in the notes folder. What
changed on one side only is taken as it is; a path both sides changed is
decided by :func:`resolve`, and nothing is ever lost:

- a file removed on one side and changed on the other stays, changed;
- a profile (``<mentee>/mentee.yaml``) or a program's dates
  (``.programs/*.yaml``) is merged key by key by the caller (the module wing
  knows these files; :func:`merge_keys` is the rule it follows);
- any other file, a note above all, is kept twice: the other machine's
  version under its name, this machine's under the next free ``-N`` name, the
  way dtr names a second note of a day (:func:`free_name`).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtrcli import notices
from dtrcli.errors import DtrError
from dtrcli.notebook.gitrepo import Change, Git, object_id
from dtrcli.notebook.paths import NOTE_SUFFIX, PROFILE

IGNORE_FILE = ".gitignore"
MERGE_INDEX = "dtr-merge-index"  # in the git folder, while a merge is worked out

MergeMapping = Callable[[str, bytes | None, bytes, bytes], tuple[bytes, list[str]]]
"""``(path, base, this machine's, the other's) -> (merged, what to tell the user)`` for a
profile or a program's dates; raises DtrError when a side cannot be read."""


def empty_tree(like: str) -> str:
    """The id of the empty tree, in the hash of the id ``like``."""
    return object_id("tree", b"", like)


def merge(
    git: Git, base: str | None, ours: str, theirs: str, merge_mapping: MergeMapping
) -> tuple[str, list[str]]:
    """The merge commit of ``ours`` and ``theirs`` (no common ``base``: unrelated
    histories, such as two homes set up apart) and what it kept twice."""
    index = git.dir / MERGE_INDEX
    for left in (index, index.with_name(f"{MERGE_INDEX}.lock")):  # only dtr uses it
        left.unlink(missing_ok=True)
    trees = (base or empty_tree(ours), ours, theirs)
    git.run("read-tree", "-m", "-i", "--aggressive", *trees, index=index)
    raw = git.run("ls-files", "-s", "-z", index=index).stdout
    taken: set[str] = set()
    stages: dict[str, dict[int, tuple[str, str]]] = {}
    for entry in filter(None, raw.split(b"\0")):
        head, name = entry.split(b"\t", 1)
        mode, blob, stage = head.decode().split()
        path = os.fsdecode(name)
        taken.add(path)
        if stage != "0":
            stages.setdefault(path, {})[int(stage)] = (mode, blob)
    lines: list[str] = []
    kept: list[str] = []
    for path in sorted(stages):
        entries, told = resolve(git, path, stages[path], taken, merge_mapping)
        lines.append(f"0 {'0' * len(ours)} 0\t{path}")  # the path's stages go ...
        lines += [f"{mode} {blob} 0\t{where}" for mode, blob, where in entries]  # ... for these
        kept += told
    if lines:
        info = "\0".join(lines).encode("utf-8", "surrogateescape") + b"\0"
        git.run("update-index", "-z", "--index-info", input=info, index=index)
    tree = git.out("write-tree", index=index)
    index.unlink(missing_ok=True)
    changes = git.diff(ours, tree)
    text = message(f"Merged from the remote: {describe(changes)}", changes, kept)
    commit = git.out("commit-tree", tree, "-p", ours, "-p", theirs, input=text.encode())
    return commit, kept


def resolve(
    git: Git,
    path: str,
    sides: dict[int, tuple[str, str]],
    taken: set[str],
    merge_mapping: MergeMapping,
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """What a path both sides changed becomes: its (mode, blob, path) entries, and what
    to tell the user (each also warned about)."""
    base, ours, theirs = sides.get(1), sides.get(2), sides.get(3)
    if ours is None or theirs is None:  # removed on one side (both: read-tree resolved it)
        side = ours or theirs
        assert side is not None
        removed, changed = (
            ("another machine", "this one") if theirs is None else ("this machine", "another one")
        )
        return [(side[0], side[1], path)], _told(
            f"{path} was removed on {removed} and changed on {changed}; "
            "the changed version is kept."
        )
    regular = {ours[0], theirs[0]} <= {"100644", "100755"}
    if regular and (path == IGNORE_FILE or is_mapping(path)):
        blobs = git.blobs([side[1] for side in (base, ours, theirs) if side is not None])
        mine, other = blobs[ours[1]], blobs[theirs[1]]
        if path == IGNORE_FILE:  # every line of either side
            first = other.splitlines()
            lines = first + [line for line in mine.splitlines() if line not in first]
            return [(theirs[0], git.store(b"\n".join(lines) + b"\n"), path)], []
        try:
            data, told = merge_mapping(path, blobs[base[1]] if base else None, mine, other)
        except DtrError as exc:
            notices.warn(f"{path} could not be merged key by key: {exc}")
        else:
            return [(theirs[0], git.store(data), path)], _told(*told)
    free = free_name(path, taken, git.home)
    taken.add(free)
    how = "written" if base is None else "changed differently"
    return [(theirs[0], theirs[1], path), (ours[0], ours[1], free)], _told(
        f"{path} was {how} on this machine and on another one; both are kept: the other "
        f"machine's under its name, this machine's as {free}."
    )


def _told(*sentences: str) -> list[str]:
    for sentence in sentences:
        notices.warn(sentence)
    return list(sentences)


def is_mapping(path: str) -> bool:
    """A profile (``<mentee>/mentee.yaml``) or a program's dates (``.programs/*.yaml``)."""
    parts = path.split("/")
    if len(parts) != 2:
        return False
    folder, name = parts
    return (name == PROFILE and not folder.startswith(".")) or (
        folder == ".programs" and name.endswith(".yaml")
    )


def free_name(path: str, taken: set[str], home: Path) -> str:
    """The name a second version of ``path`` gets, as dtr names a second note of a day:
    ``<stem>-2<suffix>``, or the next number free in the merge and in the notes folder
    (``x-2.md`` of a taken ``x.md`` goes on to ``x-3.md``)."""
    folder, _, name = path.rpartition("/")
    dot = name.find(".", 1)
    stem, suffix = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    prefix = f"{folder}/" if folder else ""
    n = 2
    numbered = re.fullmatch(r"(.+)-(\d+)", stem)
    if numbered and f"{prefix}{numbered.group(1)}{suffix}" in taken:
        stem, n = numbered.group(1), int(numbered.group(2)) + 1
    while f"{prefix}{stem}-{n}{suffix}" in taken or os.path.lexists(
        home / f"{prefix}{stem}-{n}{suffix}"
    ):
        n += 1
    return f"{prefix}{stem}-{n}{suffix}"


# --- key by key -----------------------------------------------------------------------


class _Gone:
    def __repr__(self) -> str:
        return "GONE"


GONE: Any = _Gone()  # a key one side does not have


@dataclass(frozen=True)
class Conflict:
    """A key both sides changed: ``ours`` and ``theirs`` (GONE where one removed it)."""

    key: str  # dotted within nested mappings
    ours: Any
    theirs: Any


def merge_keys(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Conflict]]:
    """Three versions of a mapping merged key by key.

    A key changed on one side takes that side's value; changed on both, the
    other machine's (``theirs``) stays and the conflict is returned, so the caller
    keeps this machine's value too; removed on one side and changed on the other,
    the changed value stays (and is returned as a conflict with GONE). Mappings in
    it merge the same way; lists merge item by item (an item added on either side
    is kept, one removed on either side goes).
    """
    merged: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for key in [
        *theirs,
        *(k for k in ours if k not in theirs),
        *(k for k in base if k not in theirs and k not in ours),
    ]:
        b, o, t = base.get(key, GONE), ours.get(key, GONE), theirs.get(key, GONE)
        if o == t:
            value = o
        elif o == b:
            value = t
        elif t == b:
            value = o
        elif isinstance(o, Mapping) and isinstance(t, Mapping):
            value, inner = merge_keys(b if isinstance(b, Mapping) else {}, o, t)
            conflicts += [Conflict(f"{key}.{c.key}", c.ours, c.theirs) for c in inner]
        elif isinstance(o, list) and isinstance(t, list):
            value = merge_items(b if isinstance(b, list) else [], o, t)
        else:
            value = o if t is GONE else t
            conflicts.append(Conflict(key, o, t))
        if value is not GONE:
            merged[key] = value
    return merged, conflicts


def merge_items(base: Sequence[Any], ours: Sequence[Any], theirs: Sequence[Any]) -> list[Any]:
    """Three versions of a list merged as sets: the other side's order, then this one's
    additions; an item either side removed goes."""

    def key(item: Any) -> str:
        return json.dumps(item, sort_keys=True, default=str)

    was, mine, other = {key(i) for i in base}, {key(i) for i in ours}, {key(i) for i in theirs}
    kept = [i for i in theirs if key(i) in mine or key(i) not in was]
    return kept + [i for i in ours if key(i) not in other and key(i) not in was]


# --- the words of a commit ------------------------------------------------------------

_WORDS = {"A": "new", "M": "changed", "T": "changed", "D": "removed"}


def describe(changes: Sequence[Change]) -> str:
    """One line for a commit's changes: ``alice: 1 new note; bob: profile changed``."""
    folders: dict[str, list[Change]] = {}
    for change in changes:
        folder = change.path.split("/", 1)[0] if "/" in change.path else ""
        folders.setdefault(folder, []).append(change)
    parts = []
    for folder, group in folders.items():
        notes = Counter(_WORDS[c.status] for c in group if _is_note(c.path))
        said = [f"{notices.count(notes['new'], 'new note')}"] if notes["new"] else []
        said += [
            f"{notices.count(notes[w], 'note')} {w}" for w in ("changed", "removed") if notes[w]
        ]
        said += [
            f"{'profile' if c.path.endswith('/' + PROFILE) else c.path.rsplit('/', 1)[-1]} "
            f"{_WORDS[c.status]}"
            for c in group
            if not _is_note(c.path)
        ]
        parts.append(f"{folder}: {', '.join(said)}" if folder else ", ".join(said))
    line = "; ".join(parts) or "nothing changed"
    if len(line) > 72:
        notes_changed = sum(1 for c in changes if _is_note(c.path))
        line = (
            f"{notices.count(len(changes), 'change')} in {notices.count(len(folders), 'folder')}"
            f" ({notices.count(notes_changed, 'note')})"
        )
    return line


def message(subject: str, changes: Sequence[Change], kept: Sequence[str] = ()) -> str:
    """A commit message: the subject, each file with what happened to it, what a merge
    kept twice, and the machine."""
    import socket

    lines = [subject, ""]
    lines += [f"{_WORDS[c.status]:<8} {c.path}" for c in changes]
    if kept:
        lines += ["", *kept]
    lines += ["", f"dtr sync on {socket.gethostname() or 'this computer'}"]
    return "\n".join(lines) + "\n"


def _is_note(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 2 and not parts[0].startswith(".") and parts[1].endswith(NOTE_SUFFIX)
