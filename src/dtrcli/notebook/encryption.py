"""dtr encrypt on / off / status: a data home converted a file at a time.

Each file is read, converted in memory and put back atomically (temp file, fsync,
rename: ``files.place_bytes``), so at every moment each file is whole, either as it
was or converted. The home's marker says first where the home is going ("state:
turning on"), so a conversion cut off anywhere reads as it is (every file is
decrypted by its header, whatever the marker says) and the next ``dtr encrypt on``
or ``off`` finishes it; a file changed while it was converted is left for that run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dtrcli import notices
from dtrcli.errors import DtrError
from dtrcli.notebook import files, locks, sealing
from dtrcli.notebook.paths import data_home


@dataclass
class Status:
    recipient: str | None  # the home's, None when not encrypted
    state: str  # '' or sealing.TURNING_ON / TURNING_OFF
    identity: Path | None  # this machine's identity, None when there is none
    protected: bool  # by a passphrase
    mine: str | None  # this machine's public key
    sealed: int  # files stored encrypted
    plain: int  # files that would be encrypted, stored plain


def home_files(home: Path | None = None) -> Iterator[Path]:
    """Every file of the home kept encrypted when the home is (notes, drafts, profiles,
    programs' dates, copies kept by edit): not git's folder, links, or temp files."""
    for root, names in _folders(home or data_home()):
        for name in sorted(names):
            path = Path(root, name)
            if name.startswith(".tmp-") or path.is_symlink() or not sealing.wanted(path):
                continue
            if path.is_file():
                yield path


def _folders(home: Path) -> Iterator[tuple[str, list[str]]]:
    """Each folder of the home (not git's, not through a link) and its file names."""
    for root, dirs, names in os.walk(home):
        dirs[:] = sorted(d for d in dirs if d != ".git" and not os.path.islink(Path(root, d)))
        yield root, names


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(len(sealing.ARMOR))


def _sealed(path: Path) -> bool:
    try:
        return sealing.is_sealed(_head(path))
    except OSError:
        return False


def status() -> Status:
    found = sealing.mark()
    sealed = plain = 0
    for path in home_files():
        try:
            if sealing.is_sealed(_head(path)):
                sealed += 1
            else:
                plain += 1
        except OSError:
            continue
    ident = sealing.identity_path()
    has = ident.is_file()
    return Status(
        recipient=found[0] if found else None,
        state=found[1] if found else "",
        identity=ident if has else None,
        protected=has and sealing.protected(),
        mine=sealing.local_recipient() if has else None,
        sealed=sealed,
        plain=plain,
    )


def turn_on() -> tuple[int, int]:
    """Encrypt every plain file of the home; (files encrypted now, files left because
    they changed meanwhile)."""
    mine = sealing.local_recipient()
    if mine is None:
        raise DtrError("There is no identity yet; create one first with 'dtr encrypt init'.")
    found = sealing.mark()
    if found is not None and found[0] != mine and found[1] != sealing.TURNING_OFF:
        raise DtrError(
            f"This home is encrypted to another identity ({found[0]}) than this machine's "
            f"({mine}); copy that identity here ('dtr encrypt export-identity' on the machine "
            "that has it, then 'dtr encrypt init --from FILE --force' here)."
        )
    if found is not None and found[1] == sealing.TURNING_OFF:
        sealing.unlock()  # files of the other identity would be read
    with _exclusive():
        sealing.write_mark(mine, sealing.TURNING_ON)
        from dtrcli.notebook import index

        index.forget_text()  # what the index kept of the notes while they were plain
        for root, _names in _folders(data_home()):  # a save killed while the home was
            files.sweep(Path(root))  # plain left a whole note in its temp file
        done, left = _convert(lambda raw: None if sealing.is_sealed(raw) else raw, mine)
        if not left:
            sealing.write_mark(mine)
    if (data_home() / ".git").exists():
        notices.warn(
            "The versions committed before now stay plain text in git's history, here and "
            "on the remote; to keep none, start a new remote (docs/privacy.md says how)."
        )
    return done, left


def turn_off() -> tuple[int, int]:
    """Decrypt every encrypted file of the home; (files decrypted now, files left)."""
    found = sealing.mark()
    if found is None and not any(_sealed(path) for path in home_files()):
        return 0, 0  # plain already: nothing to do, and no passphrase asked
    sealing.unlock()  # the passphrase before any file changes
    with _exclusive():
        if found is not None:
            sealing.write_mark(found[0], sealing.TURNING_OFF)
        done, left = _convert(lambda raw: raw if sealing.is_sealed(raw) else None, None)
        if not left:
            sealing.write_mark(None)
    return done, left


def _convert(pick: object, recipient: str | None) -> tuple[int, int]:
    """Each file ``pick`` takes (its raw bytes -> the bytes to convert, or None: leave
    it), encrypted to ``recipient`` (None: decrypted), put back whole."""
    done = left = 0
    for path in list(home_files()):
        try:
            before = os.stat(path)
            raw = path.read_bytes()
        except OSError:
            continue
        taken = pick(raw)  # type: ignore[operator]
        if taken is None:
            continue
        if recipient is None:
            data = sealing.unseal(taken, path)
        else:
            data = sealing.encrypt(taken, recipient)
        try:
            now = os.stat(path)
        except OSError:
            continue
        if (now.st_size, now.st_mtime_ns, now.st_ino) != (
            before.st_size,
            before.st_mtime_ns,
            before.st_ino,
        ):
            left += 1
            notices.warn(f"{path} changed while it was converted; it is left for the next run.")
            continue
        files.place_bytes(path, data, new=False, mode=before.st_mode & 0o777)
        done += 1
    return done, left


@contextlib.contextmanager
def _exclusive() -> Iterator[None]:
    """No sync and no profile change while the home is converted."""
    with locks.locked("sync", wait=False) as mine:
        if not mine:
            raise DtrError(
                "Another dtr encrypt or dtr sync is running; nothing was changed, run this "
                "again when it has finished."
            )
        with locks.locked("profiles"):
            yield


def export_identity() -> bytes:
    """The identity file as stored (encrypted with its passphrase, if it has one)."""
    path = sealing.identity_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DtrError(
            f"There is no identity at {path} to export; create one with 'dtr encrypt init'."
        ) from None
    except OSError as exc:
        raise DtrError(files.explain(exc, f"read {path}")) from None
