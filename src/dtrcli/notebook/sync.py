"""Sync through git: the data home as a repository with a private remote.

``dtr sync`` commits what changed (``.gitignore`` keeps drafts, temp files,
kept copies and dtr's cache out), fetches, merges and pushes. The merge is
worked out apart from the notes folder (:mod:`merging`), which then moves to
the result a file at a time, each atomically (:mod:`checkout`). A sync killed
anywhere leaves every file whole and the next one completes it: the move is
written down before it starts, and a mark in the git folder while a sync runs
tells the next one that git's lock files left behind were its own. Files are
moved as they are, never read (an encrypted home syncs its ciphertext), but
for the profiles the caller merges key by key. Nothing here prints.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dtrcli.errors import DtrError
from dtrcli.notebook import files, locks, merging
from dtrcli.notebook.checkout import move, resume, write_marker
from dtrcli.notebook.gitrepo import (
    REMOTE,
    Change,
    Git,
    SyncError,
    clear_locks,
    find_git,
    held_lock,
    is_repository,
    on_disk,
    said,
    unfinished,
)
from dtrcli.notebook.merging import IGNORE_FILE, MergeMapping, describe, empty_tree, message
from dtrcli.notebook.paths import cache_home, data_home

RUNNING = "dtr-sync-running"  # in the git folder while a sync runs (left behind if killed)
IGNORED = (
    ".draft-*",  # interviews in progress, and drafts kept aside (.previous-, .unreadable-)
    ".tmp-*.part",  # a save in progress
    ".*.before-edit-*.md",  # the copy dtr edit keeps of a note before it is edited
    ".*.sw?",  # editors' and systems' litter
    "*~",
    ".DS_Store",
)
FALLBACK_NAME, FALLBACK_EMAIL = "dtr", "dtr@localhost"


class SyncStopped(SyncError):
    """The mentor stopped the sync (Ctrl-C)."""

    exit_code = 130


@dataclass
class Outcome:
    """What a sync did."""

    remote: str | None = None
    created: bool = False  # sync init made the repository
    resumed: bool = False  # an interrupted sync was finished first
    committed: list[Change] = field(default_factory=list)
    received: list[Change] = field(default_factory=list)
    sent: bool = False
    kept: list[str] = field(default_factory=list)  # what a merge kept twice, one sentence each


# --- the commands ---------------------------------------------------------------------


def init(remote: str | None, merge_mapping: MergeMapping) -> Outcome:
    """Make the data home a repository (if it is not one) with ``remote``, then sync."""
    git = Git(find_git(), data_home())
    files.ensure_dir(git.home)
    url = address(remote) if remote else None
    heads = _heads(git, url) if url else set()
    with _locked():
        created = not is_repository(git.home)
        if created:
            git.run("init", "-q", "--shared=0600")
            first = next(iter(heads)) if len(heads) == 1 else "main"
            git.run("symbolic-ref", "HEAD", f"refs/heads/{first}")
        git.run("config", "core.autocrlf", "false")
        if url:
            _set_remote(git, url, heads)
        outcome = _sync(git, merge_mapping)
    outcome.created = created
    return outcome


def sync(merge_mapping: MergeMapping) -> Outcome:
    """Commit what changed here, bring what changed elsewhere, send the result."""
    git = opened()
    with _locked():
        return _sync(git, merge_mapping)


def opened() -> Git:
    """git on the data home, which must be set up for sync."""
    git = Git(find_git(), data_home())
    if not is_repository(git.home):
        raise SyncError(
            "The notes folder is not set up for sync yet; set it up with: dtr sync init "
            "REMOTE (the address of a private git repository)."
        )
    return git


def address(remote: str) -> str:
    """A remote as git is given it: a local path made absolute (git would read it from
    the notes folder), any URL or ``host:path`` as typed."""
    if "://" in remote or (
        re.match(r"^[^/\\]+:", remote) and not re.match(r"^[A-Za-z]:[\\/]", remote)
    ):
        return remote
    return str(Path(remote).expanduser().absolute())


def _heads(git: Git, url: str) -> set[str]:
    proc = git.run("ls-remote", "--heads", url, check=False)
    if proc.returncode != 0:
        raise SyncError(
            f"Could not reach {url} ({said(proc.stderr)}); check the address, that the "
            "repository exists and that you may write to it, then run 'dtr sync init' again "
            "(nothing was changed)."
        )
    lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
    return {line.split("\t", 1)[1].removeprefix("refs/heads/") for line in lines if "\t" in line}


def _set_remote(git: Git, url: str, heads: set[str]) -> None:
    current = git.config(f"remote.{REMOTE}.url")
    if current is None:
        git.run("remote", "add", REMOTE, url)
    elif current != url:
        raise SyncError(
            f"The notes folder already syncs with {current}; to use {url} instead run: "
            f"git -C {git.home} remote set-url {REMOTE} {url}, then dtr sync."
        )
    branch = git.branch()
    if not git.config(f"branch.{branch}.merge"):
        upstream = next(iter(heads)) if len(heads) == 1 and branch not in heads else branch
        git.run("config", f"branch.{branch}.remote", REMOTE)
        git.run("config", f"branch.{branch}.merge", f"refs/heads/{upstream}")


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    with locks.locked("sync", wait=False) as mine:
        if not mine:
            raise SyncError(
                "Another dtr sync is running on this notes folder; wait for it to finish, "
                "then run 'dtr sync' again."
            )
        yield


@contextlib.contextmanager
def _running(git: Git) -> Iterator[None]:
    """Mark the sync as running; a mark found at the start means the last one was killed,
    so the lock files left in the git folder are its own and go."""
    marker = git.dir / RUNNING
    if marker.exists():
        clear_locks(git.dir)
    else:
        lock = held_lock(git.dir)
        if lock is not None:
            raise SyncError(
                f"git is busy in the notes folder ({lock} exists); if no git command is "
                "running there, remove that file, then run 'dtr sync' again."
            )
    write_marker(marker, f"{os.getpid()}\n")
    try:
        yield
    except KeyboardInterrupt:  # the mark stays: a git stopped with dtr may have left locks
        raise SyncStopped(
            "Stopped; nothing is lost: run 'dtr sync' again to complete the sync."
        ) from None
    except DtrError:
        marker.unlink(missing_ok=True)
        raise
    marker.unlink(missing_ok=True)


def _identity(git: Git) -> None:
    """The fallback author for a mentor who never told git who they are."""
    found = git.run("config", "--get-regexp", r"^user\.(name|email)$", check=False).stdout
    keys = {line.split(b" ", 1)[0].decode() for line in found.splitlines()}
    env = os.environ
    if "user.name" not in keys and not (
        env.get("GIT_AUTHOR_NAME") and env.get("GIT_COMMITTER_NAME")
    ):
        git.options += ["-c", f"user.name={FALLBACK_NAME}"]
    if "user.email" not in keys and not (
        env.get("EMAIL") or (env.get("GIT_AUTHOR_EMAIL") and env.get("GIT_COMMITTER_EMAIL"))
    ):
        git.options += ["-c", f"user.email={FALLBACK_EMAIL}"]


def check_state(git: Git) -> str:
    """The branch to sync; a SyncError for a repository in a state dtr never leaves."""
    found = unfinished(git.dir)
    if found:
        what, command = found
        raise SyncError(
            f"The git repository of the notes folder is in the middle of {what} dtr did not "
            f"start; finish it or undo it ({command.format(home=git.home)}), then run "
            "'dtr sync' again."
        )
    branch = git.branch()
    if git.paths("ls-files", "-u"):
        raise SyncError(
            "The git repository of the notes folder has conflicts dtr did not leave; "
            f"resolve them (git -C {git.home} status lists them), then run 'dtr sync' again."
        )
    return branch


def _sync(git: Git, merge_mapping: MergeMapping) -> Outcome:
    _identity(git)
    with _running(git):
        branch = check_state(git)
        outcome = Outcome(remote=git.config(f"remote.{REMOTE}.url"))
        outcome.resumed = resume(git, branch)
        if outcome.remote is not None and git.rev("HEAD") is None:
            outcome.received += _start_from_remote(git, branch, outcome.remote)
        ensure_ignored(git.home)
        outcome.committed = _commit(git, branch)
        if outcome.remote is None:
            return outcome
        upstream = upstream_of(git, branch)
        for _attempt in range(3):
            _fetch(git, outcome.remote)
            outcome.received += _integrate(git, branch, upstream, merge_mapping, outcome)
            head = git.rev("HEAD")
            if head is None or head == git.rev(f"refs/remotes/{REMOTE}/{upstream}"):
                return outcome
            if _push(git, branch, upstream, outcome.remote):
                outcome.sent = True
                return outcome
    raise SyncError(
        "The remote kept changing while dtr was syncing; run 'dtr sync' again to finish."
    )


def upstream_of(git: Git, branch: str) -> str:
    """The remote's branch this one syncs with (set to the same name if none is set)."""
    merge = git.config(f"branch.{branch}.merge")
    if merge:
        return merge.removeprefix("refs/heads/")
    git.run("config", f"branch.{branch}.remote", REMOTE)
    git.run("config", f"branch.{branch}.merge", f"refs/heads/{branch}")
    return branch


# --- the steps ----------------------------------------------------------------------


def ensure_ignored(home: Path) -> None:
    """The lines of ``.gitignore`` that keep drafts, temp files, kept copies and dtr's
    cache out of every commit (lines the mentor added stay)."""
    path = home / IGNORE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError):
        raise SyncError(
            f"{path} cannot be read; fix or remove it, then run 'dtr sync' again."
        ) from None
    wanted = list(IGNORED)
    with contextlib.suppress(OSError, ValueError):
        inner = cache_home().resolve().relative_to(home.resolve())
        if inner.parts:
            wanted.append(f"/{inner.as_posix()}/")
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in wanted if line not in have]
    if missing:
        head = "" if text else "# Never synced: dtr writes these lines (lines you add stay).\n"
        gap = "\n" if text and not text.endswith("\n") else ""
        files.replace_file(path, text + gap + head + "\n".join(missing) + "\n")


def _start_from_remote(git: Git, branch: str, remote: str) -> list[Change]:
    """A second machine's first sync: when the remote already holds notes and none of
    its files is here with other content, the branch starts from the remote's commit and
    its files are brought in, so what is here is committed on top of it (no second
    history to merge). Otherwise nothing happens here, and the usual merge keeps both."""
    upstream = upstream_of(git, branch)
    _fetch(git, remote)
    theirs = git.rev(f"refs/remotes/{REMOTE}/{upstream}")
    if theirs is None:
        return []
    incoming = git.diff(empty_tree(theirs), theirs)
    for change in incoming:
        if on_disk(git.home.joinpath(*change.path.split("/")), theirs) not in (None, change.new):
            return []
    move(git, branch, None, theirs)
    return incoming


def _commit(git: Git, branch: str) -> list[Change]:
    git.run("add", "-A")
    stray = git.paths("ls-files", "-c", "-i", "--exclude-standard")
    if stray:  # tracked before the ignore lines were there: no longer sent
        git.run("rm", "--cached", "-q", "--", *(f":(literal){p}" for p in stray))
    tree = git.out("write-tree")
    head = git.rev("HEAD")
    changes = git.diff(f"{head}^{{tree}}" if head else empty_tree(tree), tree)
    if not changes:
        return []
    text = message(describe(changes), changes)
    commit = git.out("commit-tree", tree, *(["-p", head] if head else []), input=text.encode())
    git.run("update-ref", "-m", "dtr sync: commit", f"refs/heads/{branch}", commit, head or "")
    return changes


def _fetch(git: Git, remote: str) -> None:
    proc = git.run("fetch", "--quiet", "--prune", "--no-tags", REMOTE, check=False)
    if proc.returncode != 0:
        raise SyncError(_unreachable(remote, proc.stderr))


def _unreachable(remote: str, stderr: bytes) -> str:
    return (
        f"Could not reach the remote {remote} ({said(stderr)}); nothing is lost (what changed "
        "here is committed here): check the address and the network, then run 'dtr sync' again."
    )


def _push(git: Git, branch: str, upstream: str, remote: str) -> bool:
    """Send the branch; False when the remote has moved on since the fetch."""
    args = ["push", "--porcelain", "--no-verify"]
    proc = git.run(*args, REMOTE, f"refs/heads/{branch}:refs/heads/{upstream}", check=False)
    if proc.returncode == 0:
        return True
    out = proc.stdout.decode("utf-8", "replace")
    if "[rejected]" in out and ("fetch first" in out or "non-fast-forward" in out):
        return False
    if "[remote rejected]" in out:
        why = out.split("[remote rejected]", 1)[1].strip().splitlines()[0].strip(" ()")
        raise SyncError(
            f"The remote {remote} refused the notes ({why}); nothing is lost (they are "
            "committed here): fix that on the remote, then run 'dtr sync' again."
        )
    raise SyncError(_unreachable(remote, proc.stderr))


def _integrate(
    git: Git, branch: str, upstream: str, merge_mapping: MergeMapping, outcome: Outcome
) -> list[Change]:
    """Bring the remote's commit into the branch and the notes folder; what it changed."""
    theirs = git.rev(f"refs/remotes/{REMOTE}/{upstream}")
    ours = git.rev("HEAD")
    if theirs is None or theirs == ours:
        return []
    base = None
    if ours is not None:
        proc = git.run("merge-base", ours, theirs, check=False)
        base = proc.stdout.decode().strip() or None
        if base == theirs:
            return []
    if ours is None or base == ours:
        target = theirs
    else:
        target, kept = merging.merge(git, base, ours, theirs, merge_mapping)
        outcome.kept += kept
    received = git.diff(ours or empty_tree(theirs), target)
    move(git, branch, ours, target)
    return received
