"""Encryption at rest (dtr encrypt): an identity, a home turned on and off, every command
reading an encrypted home as it read it plain, Debian's age opening dtr's files, no
plain text left in the data, cache, temp or draft folders after any command, a
conversion cut off and run again, and bad input (a wrong passphrase, no identity, a
damaged one, a note encrypted to another identity)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from dtrcli.errors import StorageError
from dtrcli.notebook import files, index, sealing
from tests.cli.test_interview_pipe import CTRL_C, ENTER, keys  # noqa: F401 - a fixture
from tests.support.cli import listing, ok, one_line_error

AGE = shutil.which("age")
# A private answer: it must never be found in plain text anywhere but the config folder.
SECRET = "Xylophone-worries-about-rent"
KICKOFF = {
    "names_pronouns": "Sam, Alice",
    "meeting_time": "Tue 18:00",
    "channel": "Slack",
    "mentor_notes": f"{SECRET} this month",
}
CHECKIN = {
    "met": True,
    "session_minutes": "45",
    "worked_on": f"recursion, and {SECRET}",
    "followups": ["Mentor: send the kata by 2026-12-04"],
}


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temp folders dtr might use are the test's own, so they can be scanned."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(index, "RACY_NS", 0)  # notes just written are indexed at once
    sealing.forget()
    return folder


def identity(tmp_path: Path) -> Path:
    return tmp_path / "config" / "dtr" / "identity"


def kickoff(dtr, name: str = "alice", date: str = "2026-11-03", **answers: object) -> Path:
    given = json.dumps({**KICKOFF, **answers})
    return Path(
        ok(dtr("kickoff", name, "--new", "-a", "-", "--date", date, input=given)).stdout.strip()
    )


def checkin(dtr, name: str = "alice", date: str = "2026-11-10") -> Path:
    given = json.dumps(CHECKIN)
    return Path(ok(dtr("checkin", name, "-a", "-", "--date", date, input=given)).stdout.strip())


def a_home(dtr) -> None:
    """Two mentees with a profile, a kick-off and a check-in each."""
    for name in ("alice", "bob"):
        ok(dtr("mentee", "add", name, "--program", "BE", "--module", "2", "--start", "2026-11-02"))
        ok(dtr("mentee", "edit", name, "--meets", "Tue 18:00"))
        kickoff(dtr, name)
        checkin(dtr, name)


def home_files(home: Path) -> dict[str, bytes]:
    return {
        p.relative_to(home).as_posix(): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(home).parts
    }


def sealed(data: bytes) -> bool:
    return data.startswith(b"age-encryption.org/v1\n")


READING = [
    ("history",),
    ("history", "--json"),
    ("show", "alice"),
    ("show", "bob", "checkin"),
    ("search", SECRET),
    ("due",),
    ("followups",),
    ("followups", "--due"),
    ("share", "alice"),
    ("summary", "alice"),
    ("export",),
    ("export", "--format", "markdown"),
    ("calendar", "alice"),
    ("mentee", "show", "alice"),
    ("mentee", "list"),
]


def outputs(dtr) -> dict[tuple[str, ...], str]:
    """What each reading command prints (a calendar's stamp of when it was made aside)."""
    return {
        args: "\n".join(
            line for line in ok(dtr(*args)).stdout.splitlines() if not line.startswith("DTSTAMP")
        )
        for args in READING
    }


def plain_anywhere(tmp_path: Path, needle: str = SECRET) -> list[str]:
    """Every file under the test's folders (the data home, cache, temp and draft folders)
    but the config folder and the test's own scripts that holds ``needle``, as typed or
    casefolded."""
    found = []
    for path in tmp_path.rglob("*"):
        if path.relative_to(tmp_path).parts[0] in ("config", "bin") or not path.is_file():
            continue
        if path.is_symlink():
            continue
        data = path.read_bytes()
        if needle.encode() in data or needle.casefold().encode() in data:  # the index folds
            found.append(str(path.relative_to(tmp_path)))
    return found


# --- the identity ----------------------------------------------------------------------


def test_init_creates_a_private_identity_and_says_losing_it_loses_the_notes(dtr, tmp_path):
    result = ok(dtr("encrypt", "init"))
    path = identity(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "AGE-SECRET-KEY-1" in path.read_text(encoding="utf-8")
    said = " ".join(result.stderr.split())
    assert "without this identity the encrypted notes cannot be opened by anyone" in said
    assert "dtr encrypt export-identity" in said
    # A second init would make the notes encrypted to the first unreadable: refused.
    before = path.read_bytes()
    one_line_error(dtr("encrypt", "init"), "already an identity", "--force")
    assert path.read_bytes() == before


def test_export_identity_is_the_identity_and_init_from_puts_it_back(dtr, tmp_path, home):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    note = kickoff(dtr)
    backup = tmp_path / "backup"
    ok(dtr("encrypt", "export-identity", "-o", str(backup)))
    assert backup.read_bytes() == identity(tmp_path).read_bytes()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert ok(dtr("encrypt", "export-identity")).stdout == backup.read_text(encoding="utf-8")
    one_line_error(dtr("encrypt", "export-identity", "-o", str(home / "x")), "inside")

    identity(tmp_path).unlink()
    sealing.forget()
    one_line_error(dtr("show", "alice"), "no identity", "dtr encrypt init --from FILE")
    ok(dtr("encrypt", "init", "--from", str(backup)))
    assert SECRET in ok(dtr("show", "alice", note.name)).stdout


def test_init_from_a_backup_protected_by_a_passphrase_puts_it_back_protected(
    dtr, tmp_path, monkeypatch
):
    monkeypatch.setenv("DTR_PASSPHRASE", "correct horse")
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    note = kickoff(dtr)
    backup = tmp_path / "backup"
    ok(dtr("encrypt", "export-identity", "-o", str(backup)))
    identity(tmp_path).unlink()
    sealing.forget()
    monkeypatch.setenv("DTR_PASSPHRASE", "wrong")
    one_line_error(dtr("encrypt", "init", "--from", str(backup)), "passphrase does not open")
    assert not identity(tmp_path).exists()
    monkeypatch.setenv("DTR_PASSPHRASE", "correct horse")
    said = " ".join(ok(dtr("encrypt", "init", "--from", str(backup))).stderr.split())
    assert "(protected by your passphrase)" in said
    assert sealed(identity(tmp_path).read_bytes())
    assert SECRET in ok(dtr("show", "alice", note.name)).stdout


def test_a_passphrase_protects_the_identity_and_is_asked_for_before_anything(
    dtr, tmp_path, monkeypatch
):
    monkeypatch.setenv("DTR_PASSPHRASE", "correct horse")
    ok(dtr("encrypt", "init"))
    assert sealed(identity(tmp_path).read_bytes())  # the identity itself encrypted
    ok(dtr("encrypt", "on"))
    kickoff(dtr)
    assert SECRET in ok(dtr("show", "alice")).stdout
    status = " ".join(ok(dtr("encrypt")).stderr.split())
    assert "(protected by a passphrase)" in status

    monkeypatch.setenv("DTR_PASSPHRASE", "wrong")
    before = home_files(tmp_path / "dtr-home")
    one_line_error(dtr("show", "alice"), "DTR_PASSPHRASE does not open the identity")
    one_line_error(
        dtr("kickoff", "bob", "--new", "-a", "-", input=json.dumps(KICKOFF)), "passphrase"
    )
    monkeypatch.delenv("DTR_PASSPHRASE")
    one_line_error(dtr("search", "x"), "protected by a passphrase", "DTR_PASSPHRASE")
    assert home_files(tmp_path / "dtr-home") == before  # nothing written, nothing lost


def test_a_wrong_passphrase_stops_before_the_first_question(dtr, keys, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DTR_PASSPHRASE", "correct horse")
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    monkeypatch.setenv("DTR_PASSPHRASE", "wrong")
    keys("Sam and Alice" + ENTER, CTRL_C)
    result = dtr("kickoff", "alice", "--new")
    one_line_error(result, "passphrase")
    assert not (tmp_path / "dtr-home" / "alice").exists()  # no draft: nothing was typed


def test_a_typed_passphrase_is_asked_once_and_three_wrong_ones_stop(tmp_path, monkeypatch):
    monkeypatch.setenv("DTR_PASSPHRASE", "right")
    sealing.create_identity("right")
    monkeypatch.delenv("DTR_PASSPHRASE")
    sealing.forget()
    asked: list[str] = []
    monkeypatch.setattr(sealing, "ask_passphrase", lambda p: asked.append(p) or "wrong")
    with pytest.raises(sealing.IdentityError, match="typed does not open"):
        sealing.unlock()
    assert len(asked) == 3
    asked.clear()
    monkeypatch.setattr(sealing, "ask_passphrase", lambda p: asked.append(p) or "right")
    assert sealing.unlock() is sealing.unlock()
    assert len(asked) == 1  # asked once a run


def test_a_damaged_identity_is_one_sentence(dtr, tmp_path):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    kickoff(dtr)
    identity(tmp_path).write_text("AGE-SECRET-KEY-1NOTAKEY\n", encoding="utf-8")
    one_line_error(dtr("show", "alice"), "is not an age identity", "backup")


# --- an encrypted home --------------------------------------------------------------------


def test_every_command_shows_what_it_showed_before_and_age_opens_the_files(dtr, tmp_path, home):
    a_home(dtr)
    plain = home_files(home)
    before = outputs(dtr)
    ok(dtr("encrypt", "init"))
    result = ok(dtr("encrypt", "on"))
    assert "Encrypted 6 files" in result.stderr  # 2 profiles, 4 notes
    stored = home_files(home)
    kept = {name for name in stored if sealed(stored[name])}
    assert kept == set(plain)  # every note and profile
    assert stored[sealing.MARKER].decode().strip().endswith(sealing.local_recipient() or "?")

    index.reset()
    assert outputs(dtr) == before

    if AGE is not None:  # Debian's age opens each file with the same identity
        for name in plain:
            opened = subprocess.run(
                [AGE, "-d", "-i", str(identity(tmp_path)), str(home / name)],
                capture_output=True,
                check=True,
            ).stdout
            assert opened == plain[name]

    ok(dtr("encrypt", "off"))
    assert home_files(home) == plain
    assert outputs(dtr) == before


@pytest.mark.skipif(AGE is None, reason="age is not installed")
def test_debians_age_opens_a_note_dtr_wrote_encrypted(dtr, tmp_path):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    note = kickoff(dtr)
    assert sealed(note.read_bytes())
    assert AGE is not None
    shown = subprocess.run(
        [AGE, "-d", "-i", str(identity(tmp_path)), str(note)], capture_output=True, check=True
    ).stdout.decode()
    assert SECRET in shown and shown.startswith("---\ntitle:")


def test_no_plain_text_is_left_anywhere_after_each_command(dtr, tmp_path, home, monkeypatch):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    a_home(dtr)
    assert plain_anywhere(tmp_path) == []
    (tmp_path / "bin").mkdir()
    editor = tmp_path / "bin" / "editor.sh"
    editor.write_text(f"#!/bin/sh\nsed -i 's/this month/{SECRET} again/' \"$1\"\n")
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    out = tmp_path / "outside"
    out.mkdir()
    for args in [
        *READING,
        ("edit", "alice", "kickoff"),
        ("mentee", "edit", "alice", "--channel", f"Discord {SECRET}"),
        ("followups", "--json"),
        ("drafts",),
    ]:
        ok(dtr(*args))
        index.reset()
        assert plain_anywhere(tmp_path) == [], args
    assert f"{SECRET} again" in ok(dtr("show", "alice", "kickoff")).stdout
    # search still finds the text, read from the notes since the index keeps none
    assert "4 notes" in ok(dtr("search", SECRET)).stderr


def test_a_write_in_an_encrypted_home_never_puts_plain_text_in_its_temp_file(
    dtr, home, monkeypatch
):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    seen: dict[str, list[bytes]] = {"link": [], "replace": []}

    def watching(call: str):
        real = getattr(os, call)

        def watch(src: object, dst: object) -> None:
            if Path(str(src)).name.startswith(".tmp-"):  # the temp file, as written to disk
                seen[call].append(Path(str(src)).read_bytes())
            real(src, dst)

        return watch

    monkeypatch.setattr(files.os, "link", watching("link"))
    monkeypatch.setattr(files.os, "replace", watching("replace"))
    a_home(dtr)  # notes (linked into place), profiles (renamed into place)
    assert seen["link"] and seen["replace"]
    assert all(sealed(data) for data in seen["link"] + seen["replace"])


def test_encrypt_on_removes_the_plain_temp_file_of_a_save_killed_before(dtr, home):
    a_home(dtr)
    # A whole note, what a save killed before it was linked leaves: here a first note,
    # so its folder has no file that encrypt on converts (and so sweeps) anyway.
    (home / "carol").mkdir(mode=0o700)
    stale = home / "carol" / ".tmp-k1ll3d.part"
    stale.write_text(f"---\ntitle: Kick-off\n---\n{SECRET}\n", encoding="utf-8")
    an_hour_ago = stale.stat().st_mtime - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    assert not stale.exists()
    assert [n for n, data in home_files(home).items() if SECRET.encode() in data] == []


def test_what_is_written_with_o_is_plain_and_private(dtr, tmp_path, home):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    a_home(dtr)
    out = tmp_path / "outside"
    out.mkdir()
    for args in [("share", "alice"), ("export",), ("calendar", "alice")]:
        target = out / f"{args[0]}.txt"
        ok(dtr(*args, "-o", str(target)))
        assert not sealed(target.read_bytes()), args  # the mentor's own output, for others
        assert stat.S_IMODE(target.stat().st_mode) == 0o600, args
    assert "Mentor: send the kata" in (out / "share.txt").read_text(encoding="utf-8")


def test_a_draft_is_stored_encrypted_and_resumes(dtr, keys, tmp_path, home):  # noqa: F811
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    keys(f"Sam and {SECRET}" + ENTER, CTRL_C)
    assert dtr("kickoff", "alice", "--new").exit_code == 130
    draft = home / "alice" / ".draft-kickoff.yaml"
    assert sealed(draft.read_bytes())
    assert plain_anywhere(tmp_path) == []
    listed = json.loads(ok(dtr("drafts", "--json")).stdout)
    assert [d["mentee"] for d in listed] == ["alice"]

    from dtrcli.conversation.templates import load_registry
    from tests.cli.test_interview_pipe import strokes_for

    template = load_registry().get("kickoff")
    keys(*strokes_for(template.questions[1:], meeting_time="Tuesdays" + ENTER), ENTER, "n")
    note = Path(ok(dtr("kickoff", "alice", "--new", "--resume")).stdout.strip())
    assert sealed(note.read_bytes()) and not draft.exists()
    assert f"Sam and {SECRET}" in ok(dtr("show", "alice")).stdout
    assert plain_anywhere(tmp_path) == []


def test_edit_works_on_a_private_copy_removed_however_the_editor_ends(
    dtr, tmp_path, home, monkeypatch
):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    note = kickoff(dtr)
    (tmp_path / "bin").mkdir()
    seen = tmp_path / "bin" / "seen"
    editor = tmp_path / "bin" / "editor.sh"
    editor.write_text(
        f'#!/bin/sh\nstat -c "%a %n" "$1" "$(dirname "$1")" > {seen}\n'
        "sed -i 's/this month/and the bus/' \"$1\"\nexit ${EXIT:-0}\n"
    )
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))

    ok(dtr("edit", "alice", note.name))
    (file_line, folder_line) = seen.read_text().splitlines()
    copy = Path(file_line.split(" ", 1)[1])
    assert file_line.startswith("600 ") and folder_line.startswith("700 ")
    assert home not in copy.parents
    assert not copy.parent.exists()  # removed
    assert sealed(note.read_bytes())
    assert "and the bus" in ok(dtr("show", "alice", note.name)).stdout

    monkeypatch.setenv("EXIT", "3")  # the editor fails: the copy still goes
    one_line_error(dtr("edit", "alice", note.name), "exit code 3")
    copy = Path(seen.read_text().splitlines()[0].split(" ", 1)[1])
    assert not copy.parent.exists()
    assert plain_anywhere(tmp_path, "and the bus") == []


def test_a_note_encrypted_to_another_identity_is_one_sentence_and_left_alone(dtr, tmp_path, home):
    import pyrage

    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    kickoff(dtr)
    other = pyrage.x25519.Identity.generate().to_public()
    stranger = home / "alice" / "2026-11-20-checkin.md"
    data = pyrage.encrypt(b"---\ntitle: x\n---\n", [other])
    stranger.write_bytes(data)
    shown = dtr("show", "alice", stranger.name)
    assert shown.exit_code == 1 and shown.stdout == ""
    said = shown.stderr.strip().splitlines()[-1]  # after the listing's warning
    assert said.startswith("error: ") and "another identity" in said
    assert "dtr encrypt init --from FILE" in said and "Traceback" not in shown.output
    listed = ok(dtr("history"))
    assert "another identity" in listed.stderr and "2026-11-03" in listed.stdout
    assert stranger.read_bytes() == data


# --- converting a home, cut off ---------------------------------------------------------


def _fail_after(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    real = files.place_bytes
    calls = {"n": 0}

    def place(path: Path, data: bytes, **kw: object) -> bool:
        calls["n"] += 1
        if calls["n"] > n and path.name != sealing.MARKER:
            raise StorageError(f"Could not write {path}: the disk is full.")
        return real(path, data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "place_bytes", place)


def test_encrypt_on_cut_off_reads_whole_and_the_next_run_finishes(dtr, home, monkeypatch):
    a_home(dtr)
    plain = home_files(home)
    before = outputs(dtr)
    ok(dtr("encrypt", "init"))
    with monkeypatch.context() as m:
        _fail_after(m, 3)  # the marker and two files
        one_line_error(dtr("encrypt", "on"), "disk is full")
    stored = home_files(home)
    assert 0 < sum(sealed(stored[n]) for n in plain) < len(plain)  # half way
    index.reset()
    assert outputs(dtr) == before  # every file whole and read
    assert "dtr encrypt on finishes it" in " ".join(ok(dtr("encrypt")).stderr.split())
    ok(dtr("encrypt", "on"))
    stored = home_files(home)
    assert all(sealed(stored[n]) for n in plain)
    assert "state:" not in stored[sealing.MARKER].decode()

    with monkeypatch.context() as m:  # and back, cut off too
        _fail_after(m, 2)
        one_line_error(dtr("encrypt", "off"), "disk is full")
    index.reset()
    assert outputs(dtr) == before
    ok(dtr("encrypt", "off"))
    assert home_files(home) == plain


def test_encrypt_on_without_an_identity_says_how_and_off_on_a_plain_home_does_nothing(dtr):
    one_line_error(dtr("encrypt", "on"), "dtr encrypt init")
    assert "plain text already" in ok(dtr("encrypt", "off")).stderr  # no identity needed


def test_the_index_keeps_no_text_of_an_encrypted_home(dtr, tmp_path):
    a_home(dtr)
    ok(dtr("history"))
    index.reset()
    ok(dtr("search", SECRET))  # the index now holds the text
    index.reset()
    assert [p for p in plain_anywhere(tmp_path) if p.startswith("cache")]
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    assert plain_anywhere(tmp_path) == []  # the index that held it is gone
    assert "4 notes" in ok(dtr("search", SECRET)).stderr
    assert plain_anywhere(tmp_path) == []
    assert os.listdir(tmp_path / "cache" / "dtr" / "index")  # but an index is kept


def test_the_index_keeps_no_text_of_an_encrypted_home_whose_marker_is_gone(dtr, home, tmp_path):
    """Without its marker the home looks plain until a note read turns out encrypted: from
    that note on nothing is kept, and the index is rebuilt from scratch here."""
    a_home(dtr)
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    (home / sealing.MARKER).unlink()
    sealing.forget()
    shutil.rmtree(tmp_path / "cache" / "dtr" / "index")
    index.reset()
    assert "alice" in ok(dtr("history")).stdout
    assert "4 notes" in ok(dtr("search", SECRET)).stderr
    assert plain_anywhere(tmp_path) == []


# --- with sync --------------------------------------------------------------------------


@pytest.fixture
def two_machines(tmp_path: Path, dtr, monkeypatch):
    """Two data homes and a bare remote; one identity (copied, as export-identity and
    init --from would), encryption turned on in the first before sync is set up."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from tests.cli.test_sync import Machine, git

    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(remote))
    a, b = Machine(tmp_path / "a", dtr, monkeypatch), Machine(tmp_path / "b", dtr, monkeypatch)
    (tmp_path / "a").mkdir()
    ok(a("encrypt", "init"))
    ok(a("encrypt", "on"))
    return a, b, remote


def remote_objects(remote: Path) -> dict[str, bytes]:
    """Every file of the remote's main branch, by path."""
    from tests.cli.test_sync import git

    found = {}
    for line in git("ls-tree", "-r", "main", cwd=remote).splitlines():
        _mode, _kind, rest = line.split(" ", 2)
        blob, path = rest.split("\t", 1)
        found[path] = subprocess.run(
            ["git", "-C", str(remote), "cat-file", "blob", blob], capture_output=True, check=True
        ).stdout
    return found


def test_with_sync_the_remote_holds_only_ciphertext_and_the_other_machine_reads_it(
    two_machines, tmp_path
):
    a, b, remote = two_machines
    ok(a("mentee", "add", "Alice", "--program", "BE", "--module", "2"))
    ok(a("kickoff", "alice", "--new", "-a", "-", "--date", "2026-11-03", input=json.dumps(KICKOFF)))
    ok(a("sync", "init", str(remote)))
    ok(b("sync", "init", str(remote)))

    sent = remote_objects(remote)
    assert set(sent) >= {"alice/mentee.yaml", "alice/2026-11-03-kickoff.md", sealing.MARKER}
    for path, data in sent.items():
        if path not in (".gitignore", sealing.MARKER):
            assert sealed(data), path
    every = subprocess.run(
        ["git", "-C", str(remote), "cat-file", "--batch-all-objects", "--batch"],
        capture_output=True,
        check=True,
    ).stdout
    assert SECRET.encode() not in every and b"Alice" not in every.replace(b"alice", b"")
    assert SECRET in ok(b("show", "alice")).stdout  # the other machine reads it
    written = ok(b("kickoff", "bob", "--new", "-a", "-", input=json.dumps(KICKOFF))).stdout.strip()
    assert sealed(Path(written).read_bytes())  # the home's marker came too: b writes sealed


def test_with_sync_a_profile_changed_on_both_machines_is_merged_and_stays_encrypted(
    two_machines,
):
    a, b, remote = two_machines
    ok(a("mentee", "add", "Alice", "--program", "BE", "--module", "2"))
    ok(a("sync", "init", str(remote)))
    ok(b("sync", "init", str(remote)))
    ok(a("mentee", "edit", "alice", "--meets", "Tue 18:00"))
    ok(b("mentee", "edit", "alice", "--pronouns", "she/her"))
    ok(a("sync"))
    result = ok(b("sync"))
    ok(a("sync"))

    assert "could not be merged" not in result.stderr
    for machine in (a, b):
        shown = json.loads(ok(machine("mentee", "show", "alice", "--json")).stdout)
        assert (shown["meets"], shown["pronouns"]) == ("Tue 18:00", "she/her")
        assert sealed((machine.home / "alice" / "mentee.yaml").read_bytes())
    assert sealed(remote_objects(remote)["alice/mentee.yaml"])


def test_with_sync_history_marks_the_notes_not_yet_synced(two_machines):
    a, _b, remote = two_machines
    ok(a("kickoff", "alice", "--new", "-a", "-", "--date", "2026-11-03", input=json.dumps(KICKOFF)))
    ok(a("sync", "init", str(remote)))
    ok(a("kickoff", "bob", "--new", "-a", "-", "--date", "2026-11-04", input=json.dumps(KICKOFF)))
    result = ok(a("history"))
    assert "1 note not yet synced" in result.stderr
    rows = listing(result.stdout)
    assert [(r[1], r[-1]) for r in rows[1:]] == [
        ("bob", "not yet"),
        ("alice", "2026-11-03-kickoff.md"),
    ]


def test_a_marker_changed_to_another_key_is_never_encrypted_to(dtr, home):
    import pyrage

    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    kickoff(dtr)
    stranger = str(pyrage.x25519.Identity.generate().to_public())
    (home / sealing.MARKER).write_text(f"{stranger}\n", encoding="utf-8")  # say, from a remote
    sealing.forget()
    before = home_files(home)
    given = json.dumps(CHECKIN)
    one_line_error(dtr("checkin", "alice", "-a", "-", input=given), stranger, "encrypts only")
    assert home_files(home) == before
    (home / sealing.MARKER).unlink()
    ok(dtr("encrypt", "on"))
    checkin(dtr)
    assert SECRET in ok(dtr("show", "alice", "checkin")).stdout


def test_with_sync_a_protected_identity_without_its_passphrase_stops_before_the_sync(
    two_machines, monkeypatch
):
    a, _b, remote = two_machines
    ok(a("sync", "init", str(remote)))
    monkeypatch.setenv("DTR_PASSPHRASE", "a passphrase")
    export = a.home.parent / "plain-identity"
    ok(a("encrypt", "export-identity", "-o", str(export)))
    ok(a("encrypt", "init", "--from", str(export), "--force"))  # now protected by it
    monkeypatch.delenv("DTR_PASSPHRASE")
    one_line_error(a("sync"), "protected by a passphrase", "DTR_PASSPHRASE")


def test_the_midmodule_recalls_the_encrypted_kickoff(dtr, home):
    from dtrcli.conversation.record import recaller
    from dtrcli.conversation.templates import load_registry

    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    kickoff(dtr, focus_topic=f"closures, {SECRET}")
    midmod = load_registry().get("midmod")
    recall = recaller(midmod, home / "alice", "2026-11-20")
    asked = next(q for q in midmod.questions if q.recall == "kickoff.focus_topic")
    assert recall(asked) == f"closures, {SECRET} (2026-11-03 kickoff)"


@pytest.mark.parametrize("code", [0, 3])
def test_a_quick_note_is_written_in_a_plain_page_and_kept_only_encrypted(
    dtr, tmp_path, home, monkeypatch, code
):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    ok(dtr("mentee", "add", "alice"))
    (tmp_path / "bin").mkdir()
    editor = tmp_path / "bin" / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "page = p.read_text(encoding='utf-8')\n"
        "assert 'Write the note above' in page, page  # the editor is given plain text\n"
        f"p.write_text({SECRET!r} + ' came up.\\n' + page, encoding='utf-8')\n"
        f"sys.exit({code})\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.setattr("dtrcli.conversation.terminal.stdin_is_terminal", lambda: True)

    result = dtr("note", "alice")

    assert plain_anywhere(tmp_path) == []  # the page is gone, what is kept is sealed
    if code == 0:
        note = Path(ok(result).stdout.strip())
        assert sealed(note.read_bytes())
        assert f"{SECRET} came up." in ok(dtr("show", "alice", "note")).stdout
    else:
        said = one_line_error(result, "exit code 3", "no note was written")
        kept = Path(said.rsplit(" in ", 1)[1].strip().rstrip("."))
        assert sealed(kept.read_bytes())
        assert SECRET in sealing.unseal(kept.read_bytes(), kept).decode()


def test_a_removed_marker_never_lets_the_index_keep_the_text(dtr, tmp_path, home):
    ok(dtr("encrypt", "init"))
    ok(dtr("encrypt", "on"))
    a_home(dtr)
    sealing.marker_path(home).unlink()  # removed by hand, or by a sync
    for args in [("history",), ("search", SECRET), ("search", SECRET), ("followups",)]:
        sealing.forget()  # each command a new run, as from the shell
        index.reset()
        ok(dtr(*args))
        assert plain_anywhere(tmp_path) == [], args
    assert "4 notes" in ok(dtr("search", SECRET)).stderr  # still found, from the notes
