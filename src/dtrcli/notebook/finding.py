"""Finding a mentee by the name typed: the one way every command does it.

A name finds a mentee when it is, in any case and with or without accents,
spaces or punctuation (:func:`dtrcli.notebook.paths.plain_spelling`):

1. their folder's name, or a name that makes it (``"Alice Smith"`` -> ``alice-smith``);
2. the same letters as the folder name or the name they go by
   (``jose-nunez`` -> ``josé-núñez``);
3. their first name (``alice``, ``Zoe``);
4. the start of the folder name or of the name they go by (``alice-smit``, ``ali``).

The first of these that finds anyone decides; when it finds several, they are
listed and nothing is done. A name that finds nobody is never made into a folder
here: only a kick-off and ``dtr mentee add`` start a new mentee (they ask first).
Archived mentees are not found (``dtr mentee restore`` brings them back).
"""

from __future__ import annotations

from pathlib import Path

from dtrcli import notices
from dtrcli.errors import DtrError, NoteError, shown
from dtrcli.notebook import names, paths


class UnknownMentee(NoteError):
    """No mentee goes by the name typed."""


class AmbiguousMentee(DtrError):
    """The name typed finds more than one mentee."""


def _words(text: str) -> list[str]:
    return [w for w in (paths.plain_spelling(part) for part in text.replace("-", " ").split()) if w]


def _tiers(typed: str, folder: Path, name: str | None) -> tuple[bool, bool, bool]:
    """Whether ``typed`` (its plain spelling) is the same as, the first name of, or the
    start of ``folder``'s name or the name its mentee goes by."""
    spellings = [folder.name] + ([name] if name else [])
    plain = [paths.plain_spelling(s) for s in spellings]
    firsts = [words[0] for words in (_words(s) for s in spellings) if words]
    return (typed in plain, typed in firsts, any(p.startswith(typed) for p in plain))


def candidates(name: str, archived: bool = False) -> list[Path]:
    """The folders of the mentees ``name`` finds, by the first rule that finds any (see
    the module's text); a name that cannot be a folder's is refused (MenteeNameError).
    ``archived``: among the archived mentees instead."""
    if archived:
        folder = paths.archive_home() / paths.slugify(name)
        if folder.is_dir() and not folder.is_symlink():
            return [folder]
    else:
        folder = paths.mentee_dir(name)
    if folder.is_symlink() and not paths.inside_home(folder):
        raise NoteError(
            f"{folder} is a link to a folder outside dtr's notes folder, which dtr does not "
            "follow; move the folder itself into the notes folder."
        )
    if folder.is_dir():
        return [folder]
    typed = paths.plain_spelling(name)
    if not typed:
        return []
    found: list[list[Path]] = [[], [], []]
    for other in paths.archived_dirs() if archived else paths.mentee_dirs():
        with notices.quiet():  # another mentee's broken note is said when it is listed
            known = names.recorded_name(other)
        for rule, hit in enumerate(_tiers(typed, other, known)):
            if hit:
                found[rule].append(other)
    return next((hits for hits in found if hits), [])


def lookup(name: str, archived: bool = False) -> Path | None:
    """The folder of the one mentee ``name`` finds, or None when it finds nobody; several
    are refused with their names (AmbiguousMentee)."""
    found = candidates(name, archived)
    if len(found) > 1:
        raise AmbiguousMentee(ambiguous(name, found))
    return found[0] if found else None


def exact(name: str) -> Path | None:
    """The folder ``name`` makes, when it is a mentee's (no looser rule is asked)."""
    found = candidates(name) if paths.mentee_dir(name).is_dir() else []
    return found[0] if found else None


def folder(name: str, missing: str | None = None) -> Path:
    """The folder of the one mentee ``name`` finds; one sentence otherwise.

    ``missing``: what is said when it finds nobody (a hint of close names follows).
    """
    found = lookup(name)
    if found is not None:
        return found
    raise UnknownMentee((missing or f"There are no notes for '{shown(name)}' yet.") + hint(name))


def label(folder: Path) -> str:
    """'Alice Smith (alice-smith)', or the folder name when it is the name."""
    with notices.quiet():
        known = names.recorded_name(folder)
    return f"{known} ({folder.name})" if known and known != folder.name else folder.name


def ambiguous(name: str, found: list[Path]) -> str:
    listed = ", ".join(label(f) for f in found)
    return (
        f"'{shown(name)}' could be {len(found)} mentees: {listed}; type more of the name, "
        f"e.g. {found[0].name}."
    )


def hint(name: str) -> str:
    """' Did you mean ...?' with the mentees spelt close to ``name``, an archived one
    named as such; or ''."""
    try:
        slug = paths.slugify(name)
    except DtrError:
        return ""
    archived = [f.name for f in paths.archived_dirs()]
    plain = paths.plain_spelling(name)
    for kept in archived:
        if paths.plain_spelling(kept) == plain or kept.startswith(slug):
            return f" {kept} is archived; bring them back with: dtr mentee restore {kept}"
    folders = [p.name for p in paths.mentee_dirs()]
    import difflib  # only for a name dtr does not know

    close = difflib.get_close_matches(slug, folders, n=3)
    return f" Did you mean {', '.join(close)}?" if close else ""
