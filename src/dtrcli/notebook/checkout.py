"""Moving the notes folder from one commit to another, a file at a time, each atomically.

git's own checkout writes a file in place, so a sync killed in the middle of
one could leave half a note. Here each file that changes is written whole to a
temp file beside it and linked or renamed into place (``files.place_bytes``),
exactly as the commit holds it (an encrypted home's ciphertext stays
ciphertext). The move is written down first (``dtr-sync-pending`` in the git
folder: the commit it starts from and the one it goes to), so a sync killed
anywhere is finished by the next one (:func:`resume`). A file that is neither
the version it started from nor the one it goes to was changed here meanwhile:
the move stops before writing anything and the next sync commits that change
and merges again, so nothing is lost either way.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from dtrcli import notices
from dtrcli.notebook import files, locks
from dtrcli.notebook.gitrepo import Git, SyncError, object_id, on_disk
from dtrcli.notebook.paths import DIR_MODE, FILE_MODE, inside_home

PENDING = "dtr-sync-pending"  # "<old commit or -> <new commit>": where the folder is going


class _Changed(SyncError):
    """A file in the notes folder changed after dtr committed it."""


def write_marker(path: Path, text: str) -> None:
    """A small file in the git folder, written whole and renamed into place."""
    tmp = path.with_name(f"{path.name}.new")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def move(git: Git, branch: str, old: str | None, new: str) -> None:
    """Take the notes folder, the branch and the index from commit ``old`` (None: an
    unborn branch) to ``new``."""
    pending = git.dir / PENDING
    write_marker(pending, f"{old or '-'} {new}\n")
    try:
        _move(git, branch, old, new)
    except _Changed as exc:
        pending.unlink(missing_ok=True)
        raise SyncError(
            f"{exc} changed while dtr was syncing; nothing is lost: run 'dtr sync' again."
        ) from None
    git.run("read-tree", new)
    pending.unlink(missing_ok=True)


def resume(git: Git, branch: str) -> bool:
    """Finish the move a killed sync left half done; whether there was one."""
    pending = git.dir / PENDING
    try:
        old, new = pending.read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        pending.unlink(missing_ok=True)
        return False
    notices.info("The last sync was interrupted; dtr finishes it first.")
    start = None if old == "-" else old
    head = git.rev("HEAD")
    if head == start:
        with contextlib.suppress(_Changed):  # changed since: committed and merged again
            _move(git, branch, start, new)
            head = new
    if head == new:
        git.run("read-tree", new)
    pending.unlink(missing_ok=True)
    return True


def _move(git: Git, branch: str, old: str | None, new: str) -> None:
    with locks.locked("profiles"):  # no profile is saved between its check and its write
        _apply(git, old, new)
        git.run("update-ref", "-m", "dtr sync", f"refs/heads/{branch}", new, old or "")


def _apply(git: Git, old: str | None, new: str) -> None:
    """Make each file that changes from ``old`` to ``new`` what ``new`` has; additions
    and changes first, removals last."""
    changes = [
        c
        for c in git.diff(old or object_id("tree", b"", new), new)
        if "160000" not in (c.old_mode, c.new_mode)  # another repository inside: not dtr's
    ]
    plan = []
    for change in changes:
        path = _safe(git.home, change.path)
        now = on_disk(path, new)
        if now == change.new:  # done by the sync that was killed
            continue
        if now != change.old:
            if change.new is None:  # removed there, changed here since: it stays, and the
                continue  # next sync sends it again
            raise _Changed(path)
        plan.append((change, path))
    contents = git.blobs([c.new for c, _ in plan if c.new])
    for change, path in sorted(plan, key=lambda item: item[0].new is None):
        if change.new is None:
            _remove(path, git.home)
        elif change.new_mode == "120000":
            _link(path, os.fsdecode(contents[change.new]))
        else:
            mode = DIR_MODE if change.new_mode == "100755" else FILE_MODE
            placed = files.place_bytes(
                path, contents[change.new], new=change.old is None, mode=mode
            )
            if not placed and on_disk(path, new) != change.new:  # a note saved meanwhile
                raise _Changed(path)


def _safe(home: Path, path: str) -> Path:
    """Where a path of a commit is in the notes folder; never outside it."""
    parts = path.split("/")
    if any(p in ("", ".", "..") or p.casefold() == ".git" for p in parts):
        raise SyncError(f"The remote holds a file dtr will not write ({path!r}); remove it there.")
    target = home.joinpath(*parts)
    if not inside_home(target.parent):
        raise SyncError(f"{target.parent} leads out of the notes folder; dtr does not write there.")
    return target


def _remove(path: Path, home: Path) -> None:
    """Remove a file, and the folders it leaves empty (never the home)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    for folder in path.parents:
        if folder == home or not folder.is_relative_to(home):
            break
        try:
            folder.rmdir()  # only an empty folder goes
        except OSError:
            break


def _link(path: Path, target: str) -> None:
    files.ensure_dir(path.parent)
    tmp = path.with_name(f".tmp-{os.getpid()}-link.part")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)
