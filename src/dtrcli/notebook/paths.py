"""Where dtr's files live: the data home, mentee folders and the notes in them.

Paths are computed when used (never at import time) so that ``DTR_HOME``,
``XDG_DATA_HOME``, ``XDG_CONFIG_HOME`` and ``XDG_CACHE_HOME`` set by a test or
a user take effect. A mentee's folder is named after them by :func:`slugify`.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from pathlib import Path

from dtrcli import notices
from dtrcli.errors import MenteeNameError, StorageError, shown

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any

DIR_MODE = 0o700
FILE_MODE = 0o600
NOTE_SUFFIX = ".md"
PROFILE = "mentee.yaml"  # a mentee's profile, beside their notes


def on_windows() -> bool:
    """Whether dtr runs on Windows (one place, so tests can play Windows elsewhere)."""
    return os.name == "nt"


def data_home() -> Path:
    """The folder that holds one sub-folder per mentee (the notes folder).

    ``DTR_HOME`` when set; else the platform's data folder for dtr, which on Linux
    holds the notes itself. Where that folder is also the config folder (macOS) or
    holds the cache (Windows), the notes go in its ``notes`` folder so nothing of
    dtr's own sits among the mentees; a home of notes already kept in the data
    folder itself stays where it is.
    """
    env = os.environ.get("DTR_HOME")
    if env:
        return Path(env).expanduser()
    data = Path(_platformdirs().user_data_dir("dtr", appauthor=False))
    if not any(_overlap(data, other) for other in (config_home(), cache_home())):
        return data
    notes = data / "notes"
    if not notes.is_dir() and _holds_notes(data):
        return data
    return notes


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a in b.parents or b in a.parents


def _holds_notes(folder: Path) -> bool:
    """Whether notes were kept in ``folder`` itself (a mentee folder with a note or a
    profile in it): such a home is not moved from under its mentor."""
    try:
        for entry in os.scandir(folder):
            if entry.is_dir() and not entry.name.startswith("."):
                inner = os.listdir(entry.path)
                if PROFILE in inner or any(n.endswith(NOTE_SUFFIX) for n in inner):
                    return True
    except OSError:
        return False
    return False


def own_folders() -> set[Path]:
    """dtr's folders that are not mentees (user templates, the cache), wherever the
    platform puts them."""
    return {config_home() / "templates", cache_home()}


def config_home() -> Path:
    """dtr's configuration folder (user templates live in ``templates/`` in it)."""
    return Path(_platformdirs().user_config_dir("dtr", appauthor=False))


def cache_home() -> Path:
    """dtr's cache folder: the front-matter cache and the lock files."""
    return Path(_platformdirs().user_cache_dir("dtr", appauthor=False))


def _platformdirs() -> Any:
    """platformdirs, which decides every folder of dtr's own (imported without tempfile:
    see dtrcli.standins)."""
    from dtrcli import standins

    return standins.platformdirs()


# --- mentee names -----------------------------------------------------------

_SEPARATORS = ("/", "\\", "\x00")
# Names Windows keeps for devices: a folder so named cannot be opened there (nor one
# synced from another machine), so a mentee so named gets RESERVED_SUFFIX.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{device}{n}" for device in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3"]
)
RESERVED_SUFFIX = "-mentee"
# Quotes and apostrophes are dropped from a name ("O'Neil" -> oneil).
_DROP = dict.fromkeys(map(ord, "\u2018\u2019'`\"\u201c\u201d"))


def slugify(name: str) -> str:
    """Turn a mentee's name into the name of their folder.

    ``"Alice Smith"`` -> ``alice-smith``; ``"Zoë-Ann O'Neil"`` ->
    ``zoë-ann-oneil``. Letters of any script are kept (NFC, lower case);
    spaces and punctuation become single hyphens. Raises
    :class:`MenteeNameError` for names that cannot form a safe folder name.
    """
    raw = name
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise MenteeNameError("The mentee name is empty; give a name such as 'alice'.")
    if any(sep in name for sep in _SEPARATORS):
        raise MenteeNameError(
            f"The mentee name {shown(raw)!r} contains a path separator; use a plain name "
            "such as 'alice'."
        )
    if name in (".", ".."):
        raise MenteeNameError(
            f"The mentee name {shown(raw)!r} is not a name; use a name such as 'alice'."
        )
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise MenteeNameError(
            f"The mentee name {shown(raw)!r} contains control characters; use a plain name."
        )
    folded = unicodedata.normalize("NFC", name.casefold().translate(_DROP))
    # Letters and digits of any script stay, with their combining marks (Devanagari,
    # Thai ...); everything else becomes a hyphen.
    slug = "".join(
        ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else "-" for ch in folded
    )
    slug = "-".join(part for part in slug.split("-") if part)  # one hyphen between words
    # A mark with no letter to sit on goes first, and so does a hyphen it leaves in front.
    while slug and (slug[0] == "-" or unicodedata.category(slug[0]).startswith("M")):
        slug = slug[1:]
    if not slug:
        raise MenteeNameError(
            f"The mentee name {shown(raw)!r} has no letters or digits to name a folder with; "
            "use a name such as 'alice'."
        )
    if len(slug.encode("utf-8")) > 120:
        raise MenteeNameError(
            f"The mentee name {shown(raw)!r} is too long for a folder name; use a shorter name."
        )
    return slug + RESERVED_SUFFIX if slug in _RESERVED else slug


def mentee_dir(name: str) -> Path:
    """The folder of a mentee, by name or folder name (not created).

    A folder named like a Windows device ('con'), made before such names got their
    suffix, is still the mentee's where the system can open it.
    """
    slug = slugify(name)
    home = data_home()
    legacy = slug.removesuffix(RESERVED_SUFFIX)
    if legacy != slug and legacy in _RESERVED and not on_windows() and (home / legacy).is_dir():
        return home / legacy
    return home / slug


def not_a_folder(home: Path) -> None:
    """A clear error when the data home exists but is not a folder (a file, a broken link)."""
    if (home.exists() or home.is_symlink()) and not home.is_dir():
        raise StorageError(
            f"dtr's notes folder {home} is not a folder; point DTR_HOME at a folder "
            "(or move that file away)."
        )


def private_dir(path: Path) -> Path:
    """Create ``path`` and the folders missing above it, each 0700 whatever the umask
    (``mkdir``'s mode gives only the last folder its mode, and the umask applies)."""
    missing = []
    folder = path
    while not folder.is_dir() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        with contextlib.suppress(OSError):  # a file system without modes
            os.chmod(folder, DIR_MODE)
    return path


def inside_home(path: Path) -> bool:
    """Whether ``path``, links followed, is in the data home (itself reached through any
    link): a link leading elsewhere is never read or written through."""
    try:
        home = data_home().resolve()
        return path.resolve().is_relative_to(home)
    except (OSError, RuntimeError):  # a link that loops
        return False


# --- what is in the data home ----------------------------------------------------


def _is(entry: os.DirEntry[str], kind: str) -> bool:
    """``entry.is_dir()``/``is_file()``, warning about (and skipping) an entry that cannot be
    looked at, such as a symbolic link that loops or leads out of the data home, or a
    file that vanished."""
    try:
        if entry.is_symlink() and not inside_home(Path(entry.path)):
            why = "a link to something outside dtr's notes folder, which dtr does not follow"
        elif kind == "dir":
            return entry.is_dir()
        elif entry.is_file():
            return True
        else:
            why = (
                "a folder, not a note"
                if entry.is_dir()
                else "a link to a file that is not there"
                if entry.is_symlink()
                else "not a regular file"
            )
    except OSError as exc:
        why = str(exc.strerror or exc)
    notices.warn(f"skipped {entry.path}: {why}.")
    return False


def _scan(folder: Path, what: str) -> list[os.DirEntry[str]]:
    """The entries of a folder; one that cannot be read is a warning and no entries."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except FileNotFoundError:
        return []
    except OSError as exc:
        notices.warn(f"skipped {folder}: {what} cannot be read ({_why(exc)}).")
        return []


def _why(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return str(exc.strerror or exc)


def mentee_dirs() -> list[Path]:
    """Every mentee folder in the data home, sorted by name."""
    return mentee_places()[0]


def mentee_places() -> tuple[list[Path], list[str]]:
    """:func:`mentee_dirs`, and the text of each one's path (``os.fspath`` of each, made
    without asking thousands of Paths: a listing of every mentee stats them all)."""
    home = data_home()
    if not home.is_dir():
        not_a_folder(home)
        return [], []
    try:
        with os.scandir(home) as scan:
            entries = list(scan)
    except OSError as exc:
        raise StorageError(
            f"dtr's notes folder {home} cannot be read ({_why(exc)}); give yourself access to "
            "it or point DTR_HOME at another folder."
        ) from None
    own = [folder for folder in own_folders() if _overlap(folder, home)]
    entries = [e for e in entries if not e.name.startswith(".")]
    slugs = _all_slugs([e.name for e in entries])  # nearly always: each name is not asked
    kept = [
        e
        for e in entries
        if (slugs or _is_slug(e.name))
        and (not own or not any(_overlap(Path(e.path), folder) for folder in own))
        # a plain folder (nearly every one) is told from one DirEntry field: only links
        # and oddities go through _is's checks
        and (e.is_dir(follow_symlinks=False) or _is(e, "dir"))
    ]
    # Sorted by name before any Path is made: the order Path's own comparison gives
    # for folders of one parent (case-folded on Windows), without its cost.
    kept.sort(key=_name_order)
    # Each name is one path component: pathlib's own shortcut for that (what Path.glob
    # uses) skips parsing the home again for each folder; joinpath where a Python lacks it.
    child = getattr(home, "_make_child_relpath", None) or home.joinpath
    folders = [child(e.name) for e in kept]
    if not folders:
        return [], []
    # A child's path is its parent's, as pathlib writes it, then the name.
    base = os.fspath(folders[0])[: -len(kept[0].name)]
    return folders, [base + e.name for e in kept]


def _name_order(entry: os.DirEntry[str]) -> str:
    return entry.name.lower() if os.name == "nt" else entry.name


def _is_slug(name: str) -> bool:
    """Whether a folder name is one dtr makes for a mentee (so 'Daily notes', say, in a
    notes vault shared with other tools, is not taken for a mentee)."""
    if _ascii_slug(name) and len(name) <= 120:  # most names: no need to slugify
        return name not in _RESERVED or not on_windows()
    try:
        return slugify(name) == name or (name in _RESERVED and not on_windows())
    except MenteeNameError:
        return False


def _all_slugs(names: list[str]) -> bool:
    """Whether every one of ``names`` passes :func:`_is_slug` as a name of lower-case
    ASCII letters and digits in words joined by single hyphens (:func:`_ascii_slug`),
    checked all at once ('/', in no file name, between them); False says nothing."""
    if not names or max(map(len, names)) > 120:
        return False
    joined = "/".join(names)
    return (
        joined.isascii()
        and joined.replace("-", "").replace("/", "").isalnum()
        and joined == joined.lower()
        and joined[0] != "-"
        and joined[-1] != "-"
        and "--" not in joined
        and "/-" not in joined
        and "-/" not in joined
        and (not on_windows() or _RESERVED.isdisjoint(names))
    )


def _ascii_slug(name: str) -> bool:
    """Whether ``name`` is lower-case ASCII letters and digits, in words joined by single
    hyphens (no regular expression: compiling one would slow every command's start)."""
    return (
        name.isascii()
        and name.replace("-", "").isalnum()
        and name == name.lower()
        and name[0] != "-"
        and name[-1] != "-"
        and "--" not in name
    )


def note_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The Markdown files in a mentee folder as directory entries, sorted by name (a folder
    that cannot be read is warned about and has none)."""
    return sorted(
        (
            e
            for e in _scan(folder, "the folder")
            if e.name.endswith(NOTE_SUFFIX) and not e.name.startswith(".") and _is(e, "file")
        ),
        key=lambda e: e.name,
    )


def note_files(folder: Path) -> list[Path]:
    """The Markdown files in a mentee folder (not drafts, not hidden files)."""
    return [folder / e.name for e in note_entries(folder)]


# --- archived mentees ------------------------------------------------------------

ARCHIVE = ".archive"  # in the data home: the folders of archived mentees


def archive_home() -> Path:
    """The folder archived mentees are kept in, inside the data home (not created)."""
    return data_home() / ARCHIVE


def archived_dirs() -> list[Path]:
    """The folders of archived mentees, sorted by name."""
    return sorted(
        Path(e.path)
        for e in _scan(archive_home(), "the archive")
        if not e.name.startswith(".") and _is_slug(e.name) and _is(e, "dir")
    )


# Letters with no decomposition into a base letter and an accent.
_UNACCENTED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
)


def _plain(slug: str) -> str:
    """A folder name without accents or hyphens: 'zoë-o-brien' -> 'zoeobrien'."""
    decomposed = unicodedata.normalize("NFKD", slug.translate(_UNACCENTED))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def plain_spelling(name: str) -> str:
    """A name as it is matched when typed: no case, accents, spaces or punctuation
    ("Zoë Ann O'Neil", "zoe-ann-oneil" and "ZOE ANN ONEIL" are all 'zoeannoneil')."""
    return _plain(unicodedata.normalize("NFC", name).casefold())
