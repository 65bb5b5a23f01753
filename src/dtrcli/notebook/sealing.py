"""Encryption at rest: a data home whose notes, drafts and profiles are age files.

A home is encrypted when it holds :data:`MARKER`, a small plain file naming the age
recipient (the public key) every file dtr writes there is encrypted to, so writing
needs no passphrase. The identity (the secret key) lives in dtr's config folder,
never in the home: ``identity`` (0600), either the text ``age-keygen`` writes or that
text encrypted with a passphrase, both of which ``age -d -i identity`` reads.

Files keep their names (``.md``, ``.yaml``), so listings, sync and completion work
as before; a file is known to be encrypted by its first bytes (the age header),
whatever the marker says, so a home half way through ``dtr encrypt on`` or ``off``
is read whole. :func:`seal` is called by every write of a note, draft or profile
(``notebook.files``) and :func:`unseal` by every read (``files.read_capped``).
The passphrase is asked once a run, through :data:`ask_passphrase` (set by the
command line on a terminal) or taken from ``DTR_PASSPHRASE``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from dtrcli.errors import DtrError, NoteError

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

MARKER = ".dtr-encryption"
MAGIC = b"age-encryption.org/v1\n"
ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
PASSPHRASE_VAR = "DTR_PASSPHRASE"
# Files dtr writes in a home that are kept encrypted: notes (and the copies edit
# keeps), drafts, profiles and programs' dates. .gitignore and the marker stay plain.
SEALED_SUFFIXES = (".md", ".yaml")
TURNING_ON, TURNING_OFF = "turning on", "turning off"

# Set by the command line when it can ask on a terminal: the prompt -> what was typed.
ask_passphrase: Callable[[str], str] | None = None

_identity: Any = None  # the unlocked identity of this run (a pyrage x25519 Identity)
_marks: dict[Path, tuple[str, str] | None] = {}
# Whether this run has opened an encrypted file (whatever the marker says: it may have
# been removed by hand or by a sync, and the index must still keep none of its text).
opened = False
# False in a process that must open no encrypted file: a worker reading notes for the
# index (notebook.manyreads), which hands such a note back to the process it works for.
may_open = True


class IdentityError(DtrError):
    """The identity is missing, damaged, or its passphrase was not given or is wrong."""


class SealedNoteError(NoteError):
    """An encrypted file this machine's identity does not open."""


class Elsewhere(Exception):
    """An encrypted file met where none may be opened (see :data:`may_open`)."""


# --- the home ---------------------------------------------------------------------------


def marker_path(home: Path | None = None) -> Path:
    from dtrcli.notebook.paths import data_home

    return (home or data_home()) / MARKER


def mark(home: Path | None = None) -> tuple[str, str] | None:
    """(recipient, state) of the home's marker ('' when finished, or TURNING_ON/OFF);
    None for a home that is not encrypted."""
    path = marker_path(home)
    if path in _marks:
        return _marks[path]
    found: tuple[str, str] | None = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    recipient = next((ln.strip() for ln in lines if ln.strip().startswith("age1")), None)
    if recipient:
        state = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("state:")), "")
        found = (recipient, state)
    _marks[path] = found
    return found


def write_mark(recipient: str | None, state: str = "", home: Path | None = None) -> None:
    """Write (or with ``recipient`` None, remove) the home's marker."""
    from dtrcli.notebook import files

    path = marker_path(home)
    _marks.pop(path, None)
    if recipient is None:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise DtrError(files.explain(exc, f"remove {path}")) from None
        files.fsync_dir(path.parent)
        return
    text = (
        "# dtr encrypts this home's notes, drafts and profiles to this age recipient;\n"
        "# the identity that opens them is in dtr's config folder (dtr encrypt).\n"
        f"{recipient}\n" + (f"state: {state}\n" if state else "")
    )
    files.place_bytes(path, text.encode(), new=False)
    _marks.pop(path, None)


def on(home: Path | None = None) -> bool:
    """Whether what dtr writes in the home is encrypted (also while turning on)."""
    found = mark(home)
    return found is not None and found[1] != TURNING_OFF


def check_plain_write(path: Path) -> None:
    """Before ``path`` is written in plain text in a home with no marker: stop when the
    marker is there but damaged (it names no recipient), or when the folder holds
    encrypted files (the marker was removed: by a sync, a hand, someone who can push to
    the remote), so that a note is never written plain into an encrypted home."""
    if mark() is not None:
        return  # being turned off: plain is what is wanted now
    marker = marker_path()
    fix = (
        "nothing was written: put it back (from a backup, or 'git checkout "
        f"{MARKER}' in the notes folder), or run 'dtr encrypt on' to write it again."
    )
    if marker.exists():
        raise IdentityError(
            f"{marker} is damaged (it names no age recipient), so dtr cannot tell whether "
            f"this home is encrypted; {fix}"
        )
    for other in _neighbours(path, marker.parent):
        try:
            with other.open("rb") as file:
                head = file.read(len(ARMOR))
        except OSError:
            continue
        if is_sealed(head):
            raise IdentityError(
                f"{other} is encrypted, but this home has no {MARKER} saying its notes are; "
                f"rather than write {path.name} in plain text, {fix}"
            )


_LOOK_AT = 3  # files looked at: an encrypted home's are all encrypted


def _neighbours(path: Path, home: Path) -> list[Path]:
    """A few files dtr keeps encrypted next to ``path``; for the first file of a new
    folder (a new mentee), a few from the first other folders of the home that hold any."""
    found = _kept_files(path.parent, path)
    if found or path.parent == home:
        return found
    try:
        folders = sorted(p for p in home.iterdir() if not p.name.startswith("."))
    except OSError:
        return []
    for folder in folders:
        if len(found) >= _LOOK_AT:
            break
        if folder != path.parent and folder.is_dir():
            found += _kept_files(folder, path)[: _LOOK_AT - len(found)]
    return found


def _kept_files(folder: Path, but: Path) -> list[Path]:
    try:
        names = sorted(folder.iterdir())
    except OSError:
        return []
    found: list[Path] = []
    for other in names:
        if len(found) >= _LOOK_AT:
            break
        if other != but and wanted(other) and other.is_file():
            found.append(other)
    return found


def wanted(path: Path) -> bool:
    """Whether ``path`` (in the data home) is kept encrypted when the home is."""
    return path.name.endswith(SEALED_SUFFIXES) and path.name != MARKER


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC) or data.startswith(ARMOR)


# --- encrypting and decrypting ---------------------------------------------------------


def seal(data: bytes, path: Path) -> bytes:
    """``data`` as it is stored at ``path``: encrypted to the home's recipient when the
    home is encrypted and the file is one kept so, else unchanged."""
    found = mark()
    if found is None or found[1] == TURNING_OFF or not wanted(path) or is_sealed(data):
        return data
    mine = local_recipient()
    if mine != found[0]:  # never to a key this machine cannot open (a marker changed)
        raise IdentityError(
            f"{marker_path()} names {found[0]}, and this machine's identity is "
            f"{mine or 'missing'}; dtr encrypts only to an identity it has: bring that one "
            "here ('dtr encrypt init --from FILE'), or if you did not put it there, remove "
            "that file and run 'dtr encrypt on'."
        )
    return encrypt(data, found[0])


def encrypt(data: bytes, recipient: str) -> bytes:
    import pyrage

    try:
        return bytes(pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(recipient)]))
    except (pyrage.RecipientError, pyrage.EncryptError, ValueError) as exc:
        raise IdentityError(
            f"The recipient {recipient!r} in {marker_path()} cannot be used ({exc}); run "
            "'dtr encrypt on' again to write it."
        ) from None


def unseal(data: bytes, where: object) -> bytes:
    """``data`` decrypted if it is an age file, else unchanged; ``where`` names it."""
    if not is_sealed(data):
        return data
    if not may_open:
        raise Elsewhere(where)
    import pyrage

    global opened
    opened = True  # an encrypted note was read: its text is kept nowhere (see index)
    identity = unlock()
    try:
        return bytes(pyrage.decrypt(data, [identity]))
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).casefold():
            raise SealedNoteError(
                f"{where} is encrypted to another identity than this machine's; copy that "
                "identity here ('dtr encrypt export-identity' on the machine that has it, "
                "then 'dtr encrypt init --from FILE' here)."
            ) from None
        raise SealedNoteError(
            f"{where} is encrypted but damaged ({exc}); put back a whole copy (from a "
            "backup, or 'dtr sync' from another machine)."
        ) from None


# --- the identity --------------------------------------------------------------------------


def identity_path() -> Path:
    from dtrcli.notebook.paths import config_home

    return config_home() / "identity"


def recipient_path() -> Path:
    return identity_path().with_name("identity.pub")


def protected(path: Path | None = None) -> bool:
    """Whether the identity file is encrypted with a passphrase."""
    try:
        with open(path or identity_path(), "rb") as fh:
            return is_sealed(fh.read(len(ARMOR)))
    except OSError:
        return False


def identity_text(identity: Any) -> str:
    created = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"# created: {created}\n# public key: {identity.to_public()}\n"
        f"# dtr's identity: it opens this machine's encrypted notes; keep a copy safe.\n"
        f"{identity}\n"
    )


def create_identity(passphrase: str | None, *, source: bytes | None = None) -> str:
    """Write the identity (new, or the text of ``source``, a backup) and its public key;
    with ``passphrase`` the identity is encrypted with it. Returns the recipient."""
    import pyrage

    from dtrcli.notebook import files
    from dtrcli.notebook.paths import private_dir

    global _identity
    if source is not None:
        identity, text = _parse(source, "The file given", True)
    else:
        identity = pyrage.x25519.Identity.generate()
        text = identity_text(identity)
    stored = text.encode()
    if passphrase:
        stored = bytes(pyrage.passphrase.encrypt(stored, passphrase))
    path = identity_path()
    try:
        private_dir(path.parent)
        _write_private(path, stored)
        _write_private(recipient_path(), f"{identity.to_public()}\n".encode())
    except OSError as exc:
        raise DtrError(files.explain(exc, f"write {path}")) from None
    _identity = identity
    return str(identity.to_public())


def _write_private(path: Path, data: bytes) -> None:
    """``data`` at ``path`` (outside the home), 0600, atomically."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def local_recipient() -> str | None:
    """This machine's public key (from ``identity.pub``, else the identity if unprotected)."""
    if _identity is not None:
        return str(_identity.to_public())
    try:
        text = recipient_path().read_text(encoding="utf-8").strip()
        if text.startswith("age1"):
            return text
    except OSError:
        pass
    if identity_path().is_file() and not protected():
        return str(unlock().to_public())
    return None


def _parse(raw: bytes, where: object, source: bool = False) -> tuple[Any, str]:
    import pyrage

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    key = next((ln.strip() for ln in text.splitlines() if ln.startswith("AGE-SECRET-KEY-")), "")
    try:
        return pyrage.x25519.Identity.from_str(key), text
    except (pyrage.IdentityError, ValueError):
        fix = (
            "give the file 'dtr encrypt export-identity' wrote"
            if source
            else "put back your backup of it with 'dtr encrypt init --from FILE --force'"
        )
        raise IdentityError(f"{where} is not an age identity (it may be damaged); {fix}.") from None


def unlock() -> Any:
    """This machine's identity, read (and its passphrase asked) once a run."""
    global _identity
    if _identity is not None:
        return _identity
    path = identity_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IdentityError(
            f"This home's notes are encrypted, and there is no identity at {path} to open "
            "them; put back your backup with 'dtr encrypt init --from FILE'."
        ) from None
    except OSError as exc:
        raise IdentityError(f"The identity {path} cannot be read ({exc.strerror}).") from None
    no_core_dumps()  # from now on this process holds the secret key and the notes' text
    if is_sealed(raw):
        raw = _with_passphrase(raw, path)
    _identity = _parse(raw, f"The identity {path}")[0]
    return _identity


def no_core_dumps() -> None:
    """No core dump of this process: one would put the unlocked identity and the notes'
    text on disk in the clear (the system's crash folder). POSIX only."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    except (OSError, ValueError):  # pragma: no cover - a system that refuses it
        pass


def _with_passphrase(raw: bytes, path: Path) -> bytes:
    import pyrage

    given = os.environ.get(PASSPHRASE_VAR)
    tries = 1 if given is not None or ask_passphrase is None else 3
    for attempt in range(tries):
        if given is None:
            if ask_passphrase is None:
                raise IdentityError(
                    f"The identity {path} is protected by a passphrase; run dtr on a terminal "
                    f"to type it, or set {PASSPHRASE_VAR}."
                )
            again = " (again)" if attempt else ""
            passphrase = ask_passphrase(f"Passphrase of dtr's identity{again}: ")
        else:
            passphrase = given
        try:
            return bytes(pyrage.passphrase.decrypt(raw, passphrase))
        except pyrage.DecryptError:
            continue
    where = f"in {PASSPHRASE_VAR}" if given is not None else "typed"
    raise IdentityError(
        f"The passphrase {where} does not open the identity {path}; nothing was changed, "
        "run the command again with the right one."
    )


def ready() -> None:
    """Before anything is typed: in an encrypted home, the identity unlocked (its
    passphrase asked now, never after the answers exist)."""
    if mark() is not None:
        unlock()


def forget() -> None:
    """Forget the identity and markers read in this run (tests; a new identity)."""
    global _identity, opened
    _identity = None
    opened = False
    _marks.clear()
