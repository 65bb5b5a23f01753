"""The real ``git`` command, run on the data home: the layer under :mod:`sync`.

Every call is ``git -C <home>`` with the caller's repository variables
(``GIT_DIR``, ``GIT_INDEX_FILE`` ...) removed and the search for a repository
stopped at the home, so a home inside another repository is never mistaken
for it. Output is read with ``-z`` wherever git offers it; a git that fails
is one sentence (:class:`SyncError`); a git that was killed has the lock
files it held removed (the caller holds dtr's sync lock, so they were its
own) and says to run ``dtr sync`` again. Nothing here prints.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import signal
import stat
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dtrcli.errors import DtrError

REMOTE = "origin"
ZERO = "0" * 40
# Lock files git holds while it changes a repository; a git killed on the spot leaves them.
LOCKS = ("index.lock", "HEAD.lock", "ORIG_HEAD.lock", "config.lock", "packed-refs.lock")
# Where git keeps an operation it was left in the middle of, and how to get out of it.
UNFINISHED = (
    ("MERGE_HEAD", "a merge", "git -C {home} merge --abort"),
    ("rebase-merge", "a rebase", "git -C {home} rebase --abort"),
    ("rebase-apply", "a rebase", "git -C {home} rebase --abort"),
    ("CHERRY_PICK_HEAD", "a cherry-pick", "git -C {home} cherry-pick --abort"),
    ("REVERT_HEAD", "a revert", "git -C {home} revert --abort"),
    ("BISECT_LOG", "a bisect", "git -C {home} bisect reset"),
)
# The caller's settings that would point git at another repository or index.
_FOREIGN = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)


# The commands that talk to a remote, and how long one may take before it is given up.
NETWORK_COMMANDS = ("fetch", "push", "ls-remote")
NETWORK_SECONDS = 300.0


def network_seconds() -> float:
    """How long a command that talks to the remote may take: ``DTR_SYNC_TIMEOUT``
    seconds when set to a positive number, else five minutes."""
    try:
        seconds = float(os.environ.get("DTR_SYNC_TIMEOUT", ""))
    except ValueError:
        return NETWORK_SECONDS
    return seconds if seconds > 0 else NETWORK_SECONDS


def _run(
    argv: list[str], input: bytes | None, env: dict[str, str], timeout: float | None
) -> subprocess.CompletedProcess[bytes]:
    """Run git; past ``timeout`` seconds, end it and everything it started (an ssh
    waiting on a host), then raise ``subprocess.TimeoutExpired``."""
    windows = os.name == "nt"
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=not windows,
    )
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except BaseException:  # the time is up, or dtr itself is stopped (Ctrl-C): git too
        if windows:
            proc.kill()
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


class SyncError(DtrError):
    """Sync cannot go on: git is missing, fails, or the repository needs the user first."""


def find_git() -> str:
    """The git program on PATH; a :class:`SyncError` that says to install it otherwise."""
    exe = shutil.which("git")
    if exe is None:
        raise SyncError(
            "dtr sync needs git, which is not installed here (or not on PATH); install it "
            "(for example: sudo apt-get install git) and run the command again."
        )
    return exe


def git_dir(home: Path) -> Path:
    """The repository folder of ``home``: ``home/.git``, or where a ``.git`` file points."""
    dot = home / ".git"
    if dot.is_file():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            line = dot.read_text(encoding="utf-8").strip()
            if line.startswith("gitdir:"):
                return (home / line.removeprefix("gitdir:").strip()).absolute()
    return dot


def is_repository(home: Path) -> bool:
    """Whether ``home`` is itself a git repository (not a folder inside one)."""
    return os.path.lexists(home / ".git")


@dataclass
class Git:
    """git run on one data home; ``options``: ``-c`` settings given to every call."""

    exe: str
    home: Path
    options: list[str] = field(default_factory=list)

    @property
    def dir(self) -> Path:
        return git_dir(self.home)

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        index: Path | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        """``git ARGS`` in the home; ``index``: a temporary index file instead of the
        repository's; ``check``: a failure is a :class:`SyncError`."""
        env = {k: v for k, v in os.environ.items() if k not in _FOREIGN}
        env["GIT_CEILING_DIRECTORIES"] = str(self.home.absolute().parent)
        if _no_tty():
            env.setdefault("GIT_TERMINAL_PROMPT", "0")
        if index is not None:
            env["GIT_INDEX_FILE"] = str(index)
        network = bool(args) and args[0] in NETWORK_COMMANDS
        if network:
            # A remote that stops answering over HTTP is given up after a while, as
            # ssh gives up a host that does not answer (see network_seconds).
            env.setdefault("GIT_HTTP_LOW_SPEED_LIMIT", "1000")
            env.setdefault("GIT_HTTP_LOW_SPEED_TIME", "30")
        try:
            proc = _run(
                [self.exe, "-C", str(self.home), *self.options, *args],
                input,
                env,
                network_seconds() if network else None,
            )
        except subprocess.TimeoutExpired as exc:
            clear_locks(self.dir)
            raise SyncError(
                f"git {args[0]} had no answer from the remote in {exc.timeout:g} seconds; "
                "nothing is lost: check the network (or set DTR_SYNC_TIMEOUT to wait "
                "longer), then run 'dtr sync' again."
            ) from None
        except OSError as exc:
            raise SyncError(
                f"dtr could not run git ({exc.strerror or exc}); check that git works "
                "(git --version) and run the command again."
            ) from None
        if proc.returncode < 0:  # killed by a signal: the locks it held are left behind
            clear_locks(self.dir)
            name = next((a for a in args if not a.startswith("-")), "")
            raise SyncError(
                f"git {name} was stopped before it finished; nothing is lost: "
                "run 'dtr sync' again to complete the sync."
            )
        if check and proc.returncode != 0:
            name = next((a for a in args if not a.startswith("-")), "")
            raise SyncError(f"git {name} failed ({said(proc.stderr)}); {self.advice()}")
        return proc

    def out(self, *args: str, **kwargs: object) -> str:
        """The output of ``git ARGS`` as text, stripped."""
        proc = self.run(*args, **kwargs)  # type: ignore[arg-type]
        return proc.stdout.decode("utf-8", "surrogateescape").strip()

    def ok(self, *args: str) -> bool:
        """Whether ``git ARGS`` succeeds (its failure is an answer, not an error)."""
        return self.run(*args, check=False).returncode == 0

    def rev(self, name: str) -> str | None:
        """The commit ``name`` points at, or None where there is none (an unborn branch)."""
        proc = self.run("rev-parse", "-q", "--verify", f"{name}^{{commit}}", check=False)
        if proc.returncode != 0:
            return None
        return proc.stdout.decode().strip() or None

    def config(self, key: str) -> str | None:
        proc = self.run("config", "--get", key, check=False)
        return proc.stdout.decode("utf-8", "surrogateescape").strip() or None

    def branch(self) -> str:
        """The branch checked out; a :class:`SyncError` for a detached HEAD."""
        proc = self.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
        if proc.returncode != 0:
            raise SyncError(
                f"The git repository of the notes folder is not on a branch (a detached "
                f"HEAD, which dtr never leaves); go back to one with: git -C {self.home} "
                "switch main (or your branch), then run 'dtr sync' again."
            )
        return proc.stdout.decode("utf-8", "surrogateescape").strip()

    def advice(self) -> str:
        return f"nothing is lost; see 'git -C {self.home} status', then run 'dtr sync' again."

    def paths(self, *args: str, index: Path | None = None) -> list[str]:
        """The NUL-separated paths ``git ARGS -z`` prints."""
        raw = self.run(*args, "-z", index=index).stdout
        return [os.fsdecode(p) for p in raw.split(b"\0") if p]

    def diff(self, old: str, new: str) -> list[Change]:
        """What changes from tree-ish ``old`` to ``new``, file by file (no renames)."""
        raw = self.run("diff-tree", "-r", "-z", "--no-renames", "--raw", old, new).stdout
        parts = raw.split(b"\0")
        changes = []
        for head, path in zip(parts[0::2], parts[1::2], strict=False):
            if not head.startswith(b":"):
                continue
            old_mode, new_mode, old_id, new_id, status = head[1:].decode().split()
            changes.append(
                Change(
                    status[0],
                    os.fsdecode(path),
                    old_mode,
                    new_mode,
                    None if set(old_id) == {"0"} else old_id,
                    None if set(new_id) == {"0"} else new_id,
                )
            )
        return changes

    def blobs(self, ids: Sequence[str]) -> dict[str, bytes]:
        """The content of the blobs ``ids``, read by one ``git cat-file --batch``."""
        if not ids:
            return {}
        raw = self.run("cat-file", "--batch", input="".join(f"{i}\n" for i in ids).encode()).stdout
        found, at = {}, 0
        while at < len(raw):
            end = raw.index(b"\n", at)
            object_id, _kind, size = raw[at:end].decode().split()
            start = end + 1
            found[object_id] = raw[start : start + int(size)]
            at = start + int(size) + 1
        return found

    def store(self, data: bytes) -> str:
        """Write ``data`` as a blob; its id."""
        return self.out("hash-object", "-w", "--stdin", input=data)


@dataclass(frozen=True)
class Change:
    """One file's change between two trees: status A, M, D or T and both sides."""

    status: str
    path: str
    old_mode: str
    new_mode: str
    old: str | None  # blob id, None where the file is not on that side
    new: str | None


def said(stderr: bytes) -> str:
    """git's own reason, in a few words: its first ``fatal:``/``error:`` line, or its last."""
    lines = [
        line.strip()
        for line in stderr.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.startswith("hint:")
    ]
    for line in lines:
        for mark in ("fatal:", "error:"):
            if line.startswith(mark):
                return line.removeprefix(mark).strip().rstrip(".")
    return lines[-1].rstrip(".") if lines else "no reason given"


def object_id(kind: str, data: bytes, like: str) -> str:
    """The id git gives an object (sha1, or sha256 where ``like`` is 64 digits long)."""
    digest = hashlib.sha256() if len(like) == 64 else hashlib.sha1()  # noqa: S324 - git's id
    digest.update(f"{kind} {len(data)}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def on_disk(path: Path, like: str) -> str | None:
    """The blob id of what is at ``path`` in the work tree (a link: its target), None if
    nothing is there, '?' for a folder or anything else no blob can be."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return "?"
    if stat.S_ISLNK(st.st_mode):
        return object_id("blob", os.fsencode(os.readlink(path)), like)
    if not stat.S_ISREG(st.st_mode):
        return "?"
    try:
        return object_id("blob", path.read_bytes(), like)
    except OSError:
        return "?"


def unfinished(folder: Path) -> tuple[str, str] | None:
    """An operation git was left in the middle of in the repository ``folder``: (what it
    is, the command that ends it); None if there is none."""
    for name, what, command in UNFINISHED:
        if os.path.lexists(folder / name):
            return what, command
    return None


def clear_locks(folder: Path) -> None:
    """Remove the lock files a killed git left in the repository ``folder``."""
    for name in LOCKS:
        with contextlib.suppress(OSError):
            (folder / name).unlink()
    for path in _ref_locks(folder):
        with contextlib.suppress(OSError):
            path.unlink()


def held_lock(folder: Path) -> Path | None:
    """A lock file of git's in ``folder`` (another git at work, or one killed), if any."""
    for name in LOCKS:
        if os.path.lexists(folder / name):
            return folder / name
    return next(_ref_locks(folder), None)


def _ref_locks(folder: Path) -> Iterator[Path]:
    refs = folder / "refs"
    for root, _dirs, names in os.walk(refs):
        for name in names:
            if name.endswith(".lock"):
                yield Path(root) / name


@functools.cache
def _no_tty() -> bool:
    """Whether no terminal can be asked (git must not wait there for a password)."""
    try:
        with open("/dev/tty", "rb"):
            return False
    except OSError:
        return True


@dataclass
class State:
    """What ``git status`` says: the files not committed and the branch against its
    upstream (``ahead``/``behind`` None when the upstream has no commit here yet)."""

    changed: list[tuple[str, str]]  # ("new" | "changed" | "removed", path)
    upstream: str | None  # e.g. origin/main
    ahead: int | None
    behind: int | None


def porcelain(git: Git) -> State:
    """One ``git status --porcelain=v2``, read without taking git's optional locks."""
    raw = git.run(
        "--no-optional-locks",
        "status",
        "--porcelain=v2",
        "-z",
        "--branch",
        "--untracked-files=all",
        "--no-renames",
    ).stdout
    state = State([], None, None, None)
    items = iter(raw.split(b"\0"))
    for item_bytes in items:
        item = os.fsdecode(item_bytes)
        if item.startswith("# branch.upstream "):
            state.upstream = item.split(" ", 2)[2]
        elif item.startswith("# branch.ab "):
            ahead, behind = item.split(" ")[2:4]
            state.ahead, state.behind = int(ahead.lstrip("+")), int(behind.lstrip("-"))
        elif item.startswith("? "):
            state.changed.append(("new", item[2:]))
        elif item[:2] in ("1 ", "2 ", "u "):
            fields = item.split(" ", {"1": 8, "2": 9, "u": 10}[item[0]])
            xy, path = fields[1], fields[-1]
            if item[0] == "2":
                next(items, None)  # the path it had before
            what = "removed" if "D" in xy else "new" if "A" in xy else "changed"
            state.changed.append((what, path))
    return state
