"""Editing a note by hand (``dtr edit``): the editor to start, what must survive the
edit, and putting back what an edit broke or removed."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from dtrcli import notices, stopping
from dtrcli.errors import DtrError, NoteError
from dtrcli.notebook import files
from dtrcli.notebook.noteformat import marker, parse_blocks, split_front_matter


def editor_command() -> list[str] | None:
    """$VISUAL, else $EDITOR, else a terminal editor on PATH (None: use the system's opener)."""
    import os
    import shutil

    from dtrcli import shell

    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shell.split(value)
    for name in ("nano", "vim", "vi"):
        if shutil.which(name):
            return [name]
    return None


def run_editor(path: Path, launch: Callable[[str], int], instead: str = "") -> int:
    """Open ``path`` in the mentor's editor (``launch``: the system's opener, when none
    is set) and wait; its exit code. ``instead``: what else the mentor may do, said when
    no editor starts."""
    import subprocess

    command = editor_command()
    try:
        if command is None:
            return launch(str(path))
        return subprocess.run([*command, str(path)], check=False).returncode
    except OSError as exc:
        tried = " ".join(command) if command else "the system's opener"
        raise DtrError(
            f"Could not start the editor {tried!r} ({exc.strerror}); set $VISUAL or $EDITOR "
            f"to an editor on your PATH{instead}."
        ) from None


def markers(text: str, path: Path) -> dict[str, tuple[int, str]]:
    """Question id -> (line number in the file of its marked heading, the marker)."""
    try:
        _, body, start = split_front_matter(text, path)
    except Exception:  # noqa: BLE001 - a broken file has no markers to compare
        return {}
    return {
        b.qid: (start + b.line - 1, marker(b.qid, b.private)) for b in parse_blocks(body) if b.qid
    }


def check_edit(before: str, after: str, path: Path) -> list[str]:
    """Problems that would stop dtr reading the edited note back."""
    try:
        after.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8, kept by surrogateescape
        line = next(n for n, t in enumerate(after.split("\n"), 1) if not _encodes(t))
        return [f"line {line}: the text is not UTF-8 (save the file as UTF-8)"]
    size = len(after.encode("utf-8"))
    if size > files.MAX_READ:
        limit = files.megabytes(files.MAX_READ)
        return [f"the note is {files.megabytes(size)}, and dtr reads no note over {limit}"]
    try:
        split_front_matter(after, path)
    except NoteError as exc:
        # Markers cannot be compared in a file that does not parse; this is the problem.
        return [str(exc).removeprefix(f"{path}: ").rstrip(".")]
    problems = []
    kept = markers(after, path)
    for qid, (line, mark) in markers(before, path).items():
        if qid not in kept:
            problems.append(f"line {line}: the marker of question '{qid}' ({mark}) was removed")
    return problems


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def keep_previous(path: Path, text: str) -> Path:
    """Save the version before an edit beside the note (hidden, never overwritten)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return files.write_new(path.parent, f".{path.stem}.before-edit-{stamp}", text)


def edit_note(path: Path, name: str, launch: Callable[[str], int]) -> None:
    """Open ``path`` in the mentor's editor and check dtr can still read it.

    ``launch`` opens a file with the system's opener when no editor is set. A note
    the edit made unreadable is refused with the version before kept beside it; a
    note the editor removed is put back.
    """
    from dtrcli.notebook import sealing

    # Read as bytes kept exactly (a note saved in another encoding can be opened to fix it).
    raw = path.read_bytes()
    if sealing.is_sealed(raw) or sealing.on():
        _edit_sealed(path, name, launch, raw)
        return
    before = raw.decode("utf-8", "surrogateescape")
    _run_editor(path, launch)
    try:
        after = path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        if path.exists() or path.is_symlink():
            kept = keep_previous(path, before)
            raise DtrError(
                f"{path.name} cannot be read after the edit ({exc.strerror or exc}); the "
                f"version before it is kept at {kept}."
            ) from None
        back = files.write_new(path.parent, path.stem, before)
        raise DtrError(
            f"The editor removed {path.name}; dtr put the note back as it was ({back.name}). "
            "To delete a note, delete its file yourself."
        ) from None
    _settle(path, name, before, after, None)


def _run_editor(path: Path, launch: Callable[[str], int]) -> None:
    """The mentor's editor on ``path``; a DtrError if it cannot start or fails."""
    code = run_editor(path, launch)
    if code != 0:
        raise DtrError(
            f"The editor stopped with exit code {code}; {path} is as the editor left it."
        )


def _settle(
    path: Path, name: str, before: str, after: str, save: Callable[[str], None] | None
) -> None:
    """After the edit: nothing changed, a note dtr could not read (refused, the version
    before kept beside it), or saved (``save`` writes it when the editor did not)."""
    if after == before:
        notices.info(f"No changes to {path.name}.")
        still = check_edit(before, after, path)
        if still:
            notices.warn(f"{path.name} still cannot be read by dtr: {'; '.join(still)}.")
        return
    problems = check_edit(before, after, path)
    if problems:
        kept = keep_previous(path, before)
        raise DtrError(
            f"{path.name}: {'; '.join(problems)}. dtr cannot read the note this way; fix it with "
            f"'dtr edit {name} {path.name}' (the version before your edit is kept at {kept})."
        )
    if save is not None:
        save(after)
    notices.info(f"Saved {path.name}.")
    warn_markers(path, after)


# The private folder an encrypted note is edited in: dtr-edit-<pid>-<random>.
EDIT_PREFIX = "dtr-edit-"
IN_USE = ".in-use"  # locked while the folder's copy is being edited


def _edit_sealed(path: Path, name: str, launch: Callable[[str], int], raw: bytes) -> None:
    """An encrypted note edited as plain text in a private temporary file (0600 in a
    0700 folder, removed however the editor ends), then encrypted back in its place."""

    from dtrcli.notebook import sealing

    before = sealing.unseal(raw, path).decode("utf-8", "surrogateescape")
    with private_copy(path.name, before) as copy:
        _run_editor(copy, launch)
        try:
            after = copy.read_bytes().decode("utf-8", "surrogateescape")
        except OSError:
            raise DtrError(
                f"The editor removed the copy it was editing; {path.name} is unchanged."
            ) from None

    def save(text: str) -> None:
        if path.read_bytes() != raw:  # changed meanwhile (a sync): both versions kept
            kept = files.write_new(path.parent, f".{path.stem}.edited", text)
            raise DtrError(
                f"{path.name} changed while it was being edited; your edit is kept at "
                f"{kept}: copy it in with 'dtr edit {name} {path.name}'."
            )
        files.replace_file(path, text)

    _settle(path, name, before, after, save)


@contextlib.contextmanager
def private_copy(name: str, text: str) -> Iterator[Path]:
    """A plain file ``name`` holding ``text`` for an editor: 0600 in a 0700 folder of
    :func:`private_temp`, removed however the editor ends (SIGTERM and SIGHUP stop dtr
    as Ctrl-C does; a folder left by a dtr killed outright goes at the next edit)."""
    import shutil
    import tempfile

    from dtrcli.notebook import locks

    base = private_temp()
    _sweep_edits(base)
    folder = Path(tempfile.mkdtemp(prefix=f"{EDIT_PREFIX}{os.getpid()}-", dir=base))
    copy = folder / name
    held = None
    try:
        # Held while the copy is in use; the system lets go of it however dtr ends, so a
        # later edit can tell a folder in use from one a killed dtr left.
        held = os.open(folder / IN_USE, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        locks.acquire(held, wait=False)
        fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
            fh.write(text)
        with stopping.raise_interrupt():  # so the plain copy is still removed
            yield copy
    finally:
        if held is not None:
            os.close(held)
        shutil.rmtree(folder, ignore_errors=True)


def private_temp() -> Path:
    """Where a plain copy may be for a moment: the user's runtime folder (memory only on
    most systems, the user's alone) when there is one, else the system's temp folder."""
    import tempfile

    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime) and os.access(runtime, os.W_OK):
        return Path(runtime)
    return Path(tempfile.gettempdir())


def _sweep_edits(base: Path) -> None:
    """Remove the folders of edits whose dtr is gone (killed while the editor ran): their
    lock is free. One without a lock file is a minute old before it goes (being made)."""
    import shutil
    import time

    from dtrcli.notebook import locks

    with contextlib.suppress(OSError):
        for entry in os.scandir(base):
            if not entry.name.startswith(EDIT_PREFIX) or not entry.is_dir(follow_symlinks=False):
                continue
            if hasattr(os, "getuid") and entry.stat().st_uid != os.getuid():
                continue  # another user's (a shared temp folder)
            try:
                fd = os.open(os.path.join(entry.path, IN_USE), os.O_RDWR)
            except FileNotFoundError:
                if time.time() - entry.stat().st_mtime > 60:
                    shutil.rmtree(entry.path, ignore_errors=True)
                continue
            try:
                gone = locks.acquire(fd, wait=False)
            finally:
                os.close(fd)
            if gone:
                shutil.rmtree(entry.path, ignore_errors=True)


def warn_markers(path: Path, text: str) -> None:
    """Warn about each question heading of the saved note that lost its marker, and
    each marker dtr cannot read (a marker typed by hand as '<!-- dtr:q ID -->')."""
    from dtrcli.conversation.templates import prompts_of
    from dtrcli.notebook.notes import read_full

    try:
        read_full(path, text, prompts_of=prompts_of)
    except NoteError:  # check_edit has said what stops dtr reading it
        return
