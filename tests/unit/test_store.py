"""Where files live, mentee folder names, and how notes are written."""

from __future__ import annotations

import os
import stat
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dtrcli.errors import MenteeNameError, StorageError
from dtrcli.notebook import files, paths
from dtrcli.notebook.files import replace_file, write_new
from dtrcli.notebook.paths import data_home, slugify

# --- mentee names -> folder names -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Alice Smith", "alice-smith"),
        ("  José  ", "josé"),
        ("Jose\u0301", "josé"),  # decomposed accent: NFC gives the same folder
        ("李雷", "李雷"),
        ("Zoë-Ann O'Neil", "zoë-ann-oneil"),
        ("Zoë-Ann O\u2019Neil", "zoë-ann-oneil"),
        ("ALICE", "alice"),
        ("alice_smith", "alice-smith"),
        ("Dr. Alice  Smith!", "dr-alice-smith"),
        ("--alice--", "alice"),
        ("R2D2", "r2d2"),
    ],
)
def test_slugify_examples(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "empty"),
        ("  ", "empty"),
        (".", "is not a name"),
        ("..", "is not a name"),
        ("../x", "path separator"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("a\x00b", "path separator"),
        ("a\tb", "control characters"),
        ("!!!", "no letters or digits"),
        ("...", "no letters or digits"),
        ("a" * 300, "too long"),
    ],
    ids=repr,
)
def test_slugify_refusals(name: str, problem: str) -> None:
    with pytest.raises(MenteeNameError) as info:
        slugify(name)
    message = str(info.value)
    assert problem in message
    assert "'alice'" in message or "shorter name" in message or "plain name" in message


def test_slugify_long_names_are_measured_in_bytes() -> None:
    assert slugify("a" * 120) == "a" * 120
    with pytest.raises(MenteeNameError, match="too long"):
        slugify("a" * 121)
    assert slugify("李" * 40) == "李" * 40  # 120 bytes in UTF-8
    with pytest.raises(MenteeNameError, match="too long"):
        slugify("李" * 41)


@settings(max_examples=200, deadline=None)
@example("Alice Smith")
@example("Zoë-Ann O'Neil")
@example("İ")
@example("ǅ")
@example("\ufe00{0")  # a mark with nothing to sit on, then punctuation
@example("\u0301-\u0301x")
@given(st.text())
def test_slugify_properties(name: str) -> None:
    try:
        slug = slugify(name)
    except MenteeNameError as exc:
        assert str(exc)
        return
    assert slug
    assert "/" not in slug and "\\" not in slug and "\x00" not in slug
    assert slug not in (".", "..")
    assert slug == slug.strip("-")
    assert "--" not in slug
    assert len(slug.encode("utf-8")) <= 120
    assert slugify(slug) == slug
    assert slugify(" " + name + " ") == slug
    assert slugify("\t" + name + "\n") == slug


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcXYZ019 -_.'", min_size=1))
def test_slugify_ignores_case(name: str) -> None:
    try:
        slug = slugify(name)
    except MenteeNameError:
        with pytest.raises(MenteeNameError):
            slugify(name.upper())
        return
    assert slugify(name.upper()) == slug
    assert slugify(name.lower()) == slug
    assert slug == slug.lower()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1), min_size=1))
def test_slugify_spaces_and_hyphens_are_the_same(words: list[str]) -> None:
    try:
        spaced = slugify(" ".join(words))
    except MenteeNameError:
        return
    assert slugify("-".join(words)) == spaced
    assert slugify("  ".join(words)) == spaced


def test_mentee_dir_is_under_the_data_home(home: Path) -> None:
    assert paths.mentee_dir("Alice Smith") == home / "alice-smith"
    assert not (home / "alice-smith").exists()


# --- data home ------------------------------------------------------------------------


def test_data_home_honours_dtr_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert data_home() == home
    monkeypatch.setenv("DTR_HOME", "/srv/mentoring")
    assert data_home() == Path("/srv/mentoring")


def test_data_home_expands_a_tilde(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("DTR_HOME", "~/dtr-notes")
    assert data_home() == tmp_path / "dtr-notes"


def test_data_home_falls_back_to_xdg_data_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DTR_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert data_home() == tmp_path / "xdg-data" / "dtr"
    monkeypatch.setenv("DTR_HOME", "")
    assert data_home() == tmp_path / "xdg-data" / "dtr"


def test_config_home_follows_xdg_config_home(tmp_path: Path) -> None:
    assert paths.config_home() == tmp_path / "config" / "dtr"


# --- writing notes ---------------------------------------------------------------------

NOTE = "---\ntemplate: kickoff\ndate: 2024-09-03\n---\n\n# Kick-off: Zoë\n\nLine two ✓\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-"))


def test_write_new_creates_a_private_file_in_a_private_folder(home: Path) -> None:
    folder = home / "alice"
    path = write_new(folder, "2024-09-03-kickoff", NOTE)
    assert path == folder / "2024-09-03-kickoff.md"
    assert path.read_text(encoding="utf-8") == NOTE
    assert mode(path) == 0o600
    assert mode(folder) == 0o700
    assert mode(home) == 0o700
    assert leftovers(folder) == []


def test_write_new_keeps_line_endings_as_given(home: Path) -> None:
    path = write_new(home / "alice", "note", "a\nb\n")
    assert path.read_bytes() == b"a\nb\n"


def test_write_new_never_overwrites(home: Path) -> None:
    folder = home / "alice"
    first = write_new(folder, "2024-09-03-kickoff", "first\n")
    second = write_new(folder, "2024-09-03-kickoff", "second\n")
    third = write_new(folder, "2024-09-03-kickoff", "third\n")
    assert first.name == "2024-09-03-kickoff.md"
    assert second.name == "2024-09-03-kickoff-2.md"
    assert third.name == "2024-09-03-kickoff-3.md"
    assert first.read_text(encoding="utf-8") == "first\n"
    assert second.read_text(encoding="utf-8") == "second\n"
    assert third.read_text(encoding="utf-8") == "third\n"
    assert mode(second) == 0o600
    assert leftovers(folder) == []
    assert set(paths.note_files(folder)) == {first, second, third}


def test_write_new_skips_a_taken_suffix(home: Path) -> None:
    folder = home / "alice"
    folder.mkdir(parents=True)
    (folder / "note.md").write_text("mine\n", encoding="utf-8")
    (folder / "note-2.md").write_text("also mine\n", encoding="utf-8")
    path = write_new(folder, "note", "new\n")
    assert path.name == "note-3.md"
    assert (folder / "note.md").read_text(encoding="utf-8") == "mine\n"
    assert (folder / "note-2.md").read_text(encoding="utf-8") == "also mine\n"


def test_write_new_from_many_threads_at_once(home: Path) -> None:
    folder = home / "alice"
    count = 8
    barrier = threading.Barrier(count)
    results: list[Path] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    big = "x" * 200_000

    def writer(i: int) -> None:
        try:
            barrier.wait()
            path = write_new(folder, "2024-09-03-kickoff", f"writer {i}\n{big}\n")
            with lock:
                results.append(path)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == count
    contents = sorted(p.read_text(encoding="utf-8") for p in results)
    assert contents == sorted(f"writer {i}\n{big}\n" for i in range(count))
    names = {p.name for p in results}
    assert names == {"2024-09-03-kickoff.md"} | {f"2024-09-03-kickoff-{n}.md" for n in range(2, 9)}
    assert leftovers(folder) == []


def _write_in_process(folder: str, i: int) -> str:
    return str(write_new(Path(folder), "2024-09-03-kickoff", f"process {i}\n" + "y" * 100_000))


def test_write_new_from_several_processes_at_once(home: Path) -> None:
    folder = home / "bob"
    with ProcessPoolExecutor(max_workers=4) as pool:
        paths = [Path(p) for p in pool.map(_write_in_process, [str(folder)] * 4, range(4))]
    assert len(set(paths)) == 4
    assert sorted(p.read_text(encoding="utf-8") for p in paths) == sorted(
        f"process {i}\n" + "y" * 100_000 for i in range(4)
    )
    assert leftovers(folder) == []


def test_write_new_into_a_folder_that_is_a_file(home: Path) -> None:
    home.mkdir()
    blocker = home / "alice"
    blocker.write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(StorageError) as info:
        write_new(blocker, "note", "text\n")
    message = str(info.value)
    assert message.startswith(f"Could not create the folder {blocker}: ")
    assert message.endswith(".")
    assert "\n" not in message
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_write_new_below_a_file(home: Path) -> None:
    home.mkdir()
    (home / "alice").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(StorageError) as info:
        write_new(home / "alice" / "deeper", "note", "text\n")
    assert str(home / "alice" / "deeper") in str(info.value)
    assert str(info.value).startswith("Could not create the folder")


def test_data_home_that_is_a_file(home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("oops\n", encoding="utf-8")
    with pytest.raises(StorageError, match="^dtr.s notes folder .* is not a folder"):
        write_new(home / "alice", "note", "text\n")


def test_failed_link_is_a_storage_error_and_leaves_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = home / "alice"

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "link", refuse)
    with pytest.raises(StorageError) as info:
        write_new(folder, "note", "text\n")
    assert str(info.value) == f"Could not save the note in {folder}: the disk is full."
    assert list(folder.iterdir()) == []


def test_without_hard_links_notes_are_still_written_once(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = home / "alice"

    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    first = write_new(folder, "note", "first\n")
    second = write_new(folder, "note", "second\n")
    assert (first.name, second.name) == ("note.md", "note-2.md")
    assert first.read_text(encoding="utf-8") == "first\n"
    assert second.read_text(encoding="utf-8") == "second\n"
    assert mode(second) == 0o600
    assert leftovers(folder) == []


# --- replacing drafts ------------------------------------------------------------------


def test_replace_file_creates_and_replaces(home: Path) -> None:
    path = home / "alice" / ".draft-kickoff.yaml"
    replace_file(path, "one\n")
    assert path.read_text(encoding="utf-8") == "one\n"
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    replace_file(path, "two\n")
    assert path.read_text(encoding="utf-8") == "two\n"
    assert leftovers(path.parent) == []


def test_replace_file_keeps_the_old_content_until_replaced(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = home / "alice" / ".draft-kickoff.yaml"
    replace_file(path, "old answers\n")
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def watching_replace(src: str, dst: str) -> None:
        # At the moment of the swap the new text is complete in its own file and the
        # draft still holds the old text.
        seen.append((Path(src).read_text(encoding="utf-8"), Path(dst).read_text(encoding="utf-8")))
        assert Path(src).parent == path.parent
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", watching_replace)
    replace_file(path, "new answers\n" * 1000)
    assert seen == [("new answers\n" * 1000, "old answers\n")]
    assert path.read_text(encoding="utf-8") == "new answers\n" * 1000


def test_replace_file_failure_keeps_the_old_content(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = home / "alice" / ".draft-kickoff.yaml"
    replace_file(path, "old answers\n")

    def fail(src: str, dst: str) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(StorageError) as info:
        replace_file(path, "new answers\n")
    assert str(info.value) == f"Could not write {path}: permission was denied."
    assert path.read_text(encoding="utf-8") == "old answers\n"
    assert leftovers(path.parent) == []


def test_replace_file_in_a_folder_that_is_a_file(home: Path) -> None:
    home.mkdir()
    (home / "alice").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(StorageError, match="^Could not create the folder"):
        replace_file(home / "alice" / ".draft-kickoff.yaml", "x\n")


# --- listing -------------------------------------------------------------------------


def test_listings_skip_hidden_entries_and_drafts(home: Path) -> None:
    for name in ("bob", "alice", ".trash"):
        (home / name).mkdir(parents=True)
    (home / "stray.md").write_text("x", encoding="utf-8")
    assert [p.name for p in paths.mentee_dirs()] == ["alice", "bob"]
    folder = home / "alice"
    for name in ("2024-09-03-kickoff.md", ".draft-kickoff.yaml", ".hidden.md", "notes.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "sub.md").mkdir()
    assert [p.name for p in paths.note_files(folder)] == ["2024-09-03-kickoff.md"]


def test_mentee_folders_come_in_the_order_of_their_paths(home: Path) -> None:
    """Sorted by name, as sorting the paths would sort them: digits, hyphens, accents."""
    names = ["zoë", "bob", "alice-smith-2", "alice-smith", "alice2", "élodie", "a-10", "a-9", "z"]
    for name in names:
        (home / name).mkdir(parents=True)
    found = paths.mentee_dirs()
    assert found == sorted(home / name for name in names)
    assert [p.name for p in found][:4] == ["a-10", "a-9", "alice-smith", "alice-smith-2"]


@pytest.mark.parametrize("where", ["absolute", "relative", "current", "trailing"])
def test_mentee_folders_paths_as_text_are_their_paths(home: Path, monkeypatch, where) -> None:
    """The text of each mentee folder's path, made once for a listing of every mentee, is
    what os.fspath gives for it, however DTR_HOME is written."""
    for name in ("bob", "zoë", "a-1"):
        (home / name).mkdir(parents=True)
    monkeypatch.chdir(home.parent)
    given = {"absolute": str(home), "relative": home.name, "current": ".",
             "trailing": f"{home}{os.sep}"}[where]  # fmt: skip
    if where == "current":
        monkeypatch.chdir(home)
    monkeypatch.setenv("DTR_HOME", given)
    folders, places = paths.mentee_places()
    assert [p.name for p in folders] == ["a-1", "bob", "zoë"]
    assert places == [os.fspath(folder) for folder in folders]
    assert folders == paths.mentee_dirs()


def test_listings_of_missing_folders_are_empty(home: Path) -> None:
    assert paths.mentee_dirs() == []
    assert paths.note_files(home / "nobody") == []


@given(st.text(alphabet="abcz09-_ AÉé.", max_size=14))
@settings(max_examples=300)
def test_a_folder_is_taken_for_a_mentee_exactly_when_dtr_would_make_it(name: str) -> None:
    from dtrcli.notebook.paths import _RESERVED, _is_slug

    try:
        made = slugify(name) == name
    except MenteeNameError:
        made = False
    assert _is_slug(name) == (made or name in _RESERVED)
