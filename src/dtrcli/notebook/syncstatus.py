"""What is not yet on the remote of a synced home, without syncing and without the
network (the remote as git last saw it): ``dtr sync --status``, and the listings'
"not yet synced" column (one ``git status`` a run)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dtrcli.errors import DtrError
from dtrcli.notebook import locks
from dtrcli.notebook.checkout import PENDING
from dtrcli.notebook.gitrepo import REMOTE, Git, is_repository, porcelain
from dtrcli.notebook.paths import data_home


@dataclass
class Unsynced:
    """The files of the notes folder not yet on the remote (``everything``: never sent)."""

    paths: set[str] = field(default_factory=set)
    everything: bool = False

    def __contains__(self, path: object) -> bool:
        return self.everything or path in self.paths


@dataclass
class Report:
    """``dtr sync --status``: what is not yet on the remote, as far as this machine knows."""

    remote: str | None
    changed: list[tuple[str, str]]  # not committed yet: (new | changed | removed, path)
    unsent: list[str]  # committed here, not on the remote
    never_sent: bool  # the branch has never been on the remote
    behind: int  # commits the remote had at the last sync that are not here
    running: bool  # a sync is running now
    interrupted: bool  # the last sync was stopped before it finished


def status() -> Report:
    """What is not yet pushed (no network: the remote as of the last sync)."""
    from dtrcli.notebook.sync import RUNNING, opened

    git = opened()
    state = porcelain(git)
    remote = git.config(f"remote.{REMOTE}.url")
    never = state.upstream is None or state.ahead is None
    if never:
        unsent = git.paths("ls-tree", "-r", "--name-only", "HEAD") if git.rev("HEAD") else []
    elif state.ahead:
        unsent = git.paths("diff", "--name-only", "--no-renames", state.upstream or "", "HEAD")
    else:
        unsent = []
    with locks.locked("sync", wait=False) as free:
        running = not free
    left = any((git.dir / name).exists() for name in (PENDING, RUNNING))
    return Report(
        remote, state.changed, unsent, never, state.behind or 0, running, left and not running
    )


def unsynced() -> Unsynced | None:
    """What is not yet synced, for listings: None when sync is not set up (or git cannot
    tell). One ``git status`` a run; a ``git diff`` more only while commits wait to be
    sent (a sync that could not reach the remote)."""
    home = data_home()
    if not is_repository(home):
        return None
    import shutil

    exe = shutil.which("git")
    if exe is None:
        return None
    try:
        git = Git(exe, home)
        state = porcelain(git)
        found = Unsynced({path for _what, path in state.changed})
        if state.upstream is None or state.ahead is None:
            found.everything = True
        elif state.ahead:
            ahead = git.paths("diff", "--name-only", "--no-renames", state.upstream, "HEAD")
            found.paths |= set(ahead)
    except (DtrError, OSError):
        return None
    return found
