"""A mentee renamed, merged into another, archived and restored: nothing lost or deleted.

A rename writes the new name into every note's front matter (``mentee`` and
``title``) and heading, and into the profile, each file replaced atomically in
place; the folder is renamed last, in one step. A run cut off anywhere leaves
every note whole under the old folder, found by the old name, and the same
command run again finishes it. A merge moves each file into the other mentee's
folder under a free name (a second note of a day gets ``-2``, as dtr names
one), by a hard link before the old one goes, so a rerun moves what is left
and never copies a file twice; the profiles are merged field by field, a value
both have and differ on kept beside the other as a sync keeps one.

Archiving moves the folder into ``<data home>/.archive`` in one rename, out of
every listing; restoring moves it back.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dtrcli import notices
from dtrcli.errors import DtrError, NoteError
from dtrcli.module import profiles
from dtrcli.notebook import files, finding, locks, names, noteformat, paths, yamlio


@dataclass
class Renamed:
    """What a rename did: the folder the mentee is in now, their name, notes rewritten."""

    folder: Path
    name: str
    notes: int
    merged: bool


def plain_name(typed: str) -> str:
    return " ".join(unicodedata.normalize("NFC", typed).split())


def rename(folder: Path, new: str, *, merge: bool = False) -> Renamed:
    """Give the mentee of ``folder`` the name ``new`` (see the module's text)."""
    name = plain_name(new)
    target = paths.mentee_dir(name)
    if target.is_symlink() and not paths.inside_home(target):
        raise NoteError(
            f"{target} is a link outside dtr's notes folder, which dtr does not follow."
        )
    joining = target != folder and target.exists()
    if joining and not merge:
        who = finding.label(target)
        raise DtrError(
            f"{who} is already a mentee, so '{name}' would put two mentees in one folder; "
            f"to put {folder.name}'s notes with theirs, add --merge."
        )
    if (paths.archive_home() / target.name).exists() and target != folder:
        raise DtrError(
            f"An archived mentee has the folder {target.name}; restore or rename them first "
            f"(dtr mentee restore {target.name})."
        )
    with _no_interview_open(folder, target), locks.locked("profiles"):
        if joining:
            name = names.recorded_name(target) or name
        count = _rename_notes(folder, name)
        _rename_profile(folder, name)
        if joining:
            _merge_into(folder, target)
        elif target != folder:
            _move(folder, target)
    return Renamed(target, name, count, joining)


@contextlib.contextmanager
def _no_interview_open(*folders: Path) -> Iterator[None]:
    """Hold the interview locks of these mentees' folders for the block: a conversation
    open in another terminal would save its note into a folder that has moved."""
    from dtrcli.conversation.templates import load_registry

    ids = sorted(load_registry().templates)
    with contextlib.ExitStack() as held:
        for folder in dict.fromkeys(folders):
            for template_id in ids:
                lock = locks.interview(folder.name, template_id)
                if not held.enter_context(locks.locked(lock, wait=False)):
                    raise DtrError(
                        f"The {template_id} with {finding.label(folder)} is open in another "
                        "terminal; finish or stop it there first (its draft keeps every "
                        "answer), then run this again."
                    )
        yield


def _rename_notes(folder: Path, name: str) -> int:
    """Write ``name`` into each note of ``folder`` that records another; how many."""
    changed = 0
    for path in paths.note_files(folder):
        try:
            text = files.read_capped(path, "note").decode("utf-8")
            meta, _, _ = noteformat.split_front_matter(text, path)
        except (OSError, UnicodeDecodeError, files.Refused, DtrError) as exc:
            notices.warn(f"{path.name} keeps its old name: it cannot be read ({exc}).")
            continue
        old = meta.get("mentee")
        if old == name:
            continue
        new_text = _with_name(text, meta, str(old) if old is not None else None, name)
        if new_text != text:
            files.replace_file(path, new_text)
            changed += 1
    return changed


def _with_name(text: str, meta: dict[str, object], old: str | None, name: str) -> str:
    """The note's text with ``name`` for ``old`` in its front matter and its title."""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r") == "---"), None)
    if end is None:
        return text
    title = str(meta.get("title") or "")
    new_title = title[: -len(old)] + name if old and title.endswith(f": {old}") else None
    put = {"mentee": name, **({"title": new_title} if new_title else {})}
    done: set[str] = set()
    for i in range(1, end):
        key = lines[i].split(":", 1)[0]
        if key in put and key not in done and not lines[i].startswith(" "):
            lines[i] = yamlio.dump({key: put[key]}, width=1000).rstrip("\n")
            done.add(key)
    if "mentee" not in done:
        lines.insert(end, yamlio.dump({"mentee": name}, width=1000).rstrip("\n"))
        end += 1
    if new_title:
        for i in range(end + 1, len(lines)):
            if lines[i].rstrip("\r") == f"# {title}":
                lines[i] = f"# {new_title}"
                break
    return "\n".join(lines)


def _rename_profile(folder: Path, name: str) -> None:
    if not (folder / paths.PROFILE).is_file():
        return
    profile = profiles.load_profile(folder)
    if profile.name != name:
        profile.name = name
        profiles.save_profile(profile)


def _move(folder: Path, target: Path) -> None:
    try:
        os.rename(folder, target)
    except OSError as exc:
        raise DtrError(files.explain(exc, f"rename {folder} to {target.name}")) from None


def _merge_into(folder: Path, target: Path) -> None:
    """Every file of ``folder`` into ``target`` under a free name; the profiles merged."""
    own = folder / paths.PROFILE
    if own.is_file():
        if (target / paths.PROFILE).is_file():
            _merge_profiles(profiles.load_profile(folder), profiles.load_profile(target))
            _link_free(own, target, "mentee-before-merge", ".yaml", keep=False)
        else:
            _link_free(own, target, "mentee", ".yaml")
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file(follow_symlinks=False):
            dot = entry.name.find(".", 1)
            stem, suffix = (entry.name[:dot], entry.name[dot:]) if dot > 0 else (entry.name, "")
            _link_free(Path(entry.path), target, stem, suffix)
    try:
        folder.rmdir()
    except OSError:
        notices.warn(f"{folder} is left behind: it holds something dtr does not move.")


def _link_free(path: Path, target: Path, stem: str, suffix: str, keep: bool = True) -> None:
    """``path`` linked into ``target`` as ``stem[-N]suffix`` (the first name free), then
    removed; one already linked there (a run cut off) is only removed. ``keep``: False
    when its content is merged already, so it is kept only as a hidden copy."""
    for other in target.iterdir():
        with contextlib.suppress(OSError):
            if os.path.samefile(other, path):
                path.unlink()
                return
    if not keep:
        stem = f".{stem}"
    n = 1
    while True:
        free = target / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            os.link(path, free)
            break
        except FileExistsError:
            n += 1
        except OSError as exc:
            raise DtrError(files.explain(exc, f"move {path.name} into {target}")) from None
    path.unlink()


def _merge_profiles(old: profiles.Profile, into: profiles.Profile) -> None:
    """Fields ``into`` lacks taken from ``old``; a value both have and differ on kept
    beside it (``dtr mentee show`` names it); ``old``'s own key dates and breaks added."""
    for key in profiles.FIELDS:
        mine, theirs = getattr(into, key), getattr(old, key)
        if theirs is None or mine == theirs:
            continue
        if mine is None:
            setattr(into, key, theirs)
        else:
            kept = into.conflicts.setdefault(key, [])
            if str(theirs) not in kept:
                kept.append(str(theirs))
    into.dates += [d for d in old.dates if not d.shared and not d.preset and d not in into.dates]
    into.breaks += [b for b in old.breaks if b.source == "own" and b not in into.breaks]
    profiles.save_profile(into)


def archive(folder: Path) -> Path:
    """Move a mentee's folder into the archive; its place there."""
    target = paths.archive_home() / folder.name
    if target.exists():
        raise DtrError(
            f"The archive already has a mentee {folder.name}; restore or rename that one "
            "first (dtr mentee restore)."
        )
    paths.private_dir(paths.archive_home())
    with _no_interview_open(folder):
        _move(folder, target)
    return target


def restore(folder: Path) -> Path:
    """Move an archived mentee's folder back among the mentees; its place."""
    target = paths.data_home() / folder.name
    if target.exists():
        raise DtrError(
            f"There is a mentee {folder.name} already; rename them first "
            f"(dtr mentee rename {folder.name} NEW), then restore."
        )
    _move(folder, target)
    return target
