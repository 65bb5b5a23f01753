"""The sealing layer under every read and write: which files an encrypted home keeps
encrypted, the marker's states, reads by the file's header, and the identity's
problems as one sentence each."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtrcli.conversation import drafts
from dtrcli.module import profilefile
from dtrcli.notebook import files, sealing


@pytest.fixture(autouse=True)
def fresh() -> None:
    sealing.forget()


@pytest.fixture
def encrypted(home: Path) -> str:
    home.mkdir(parents=True, exist_ok=True)
    recipient = sealing.create_identity(None)
    sealing.write_mark(recipient)
    return recipient


def test_notes_drafts_and_profiles_are_written_encrypted_and_read_back(home, encrypted):
    folder = home / "alice"
    note = files.write_new(folder, "2026-11-03-kickoff", "---\ntitle: x\n---\nsecret\n")
    files.replace_file(folder / "mentee.yaml", "name: Alice\n")
    ignore = home / ".gitignore"
    files.replace_file(ignore, ".draft-*\n")
    for path in (note, folder / "mentee.yaml"):
        assert sealing.is_sealed(path.read_bytes())
    assert ignore.read_text() == ".draft-*\n"  # sync's own file stays plain
    assert files.read_capped(note, "note") == b"---\ntitle: x\n---\nsecret\n"
    assert profilefile.load_yaml(folder / "mentee.yaml") == {"name": "Alice"}


def test_a_draft_round_trips_encrypted(home, encrypted):
    draft = drafts.Draft(
        path=drafts.draft_path(home / "alice", "kickoff"),
        mentee="alice",
        template="kickoff",
        date="2026-11-03",
        started="2026-11-03T10:00:00",
        answers={"channel": "Slack, and a private worry"},
    )
    drafts.save_draft(draft)
    assert sealing.is_sealed(draft.path.read_bytes())
    assert drafts.load_draft(draft.path).answers == draft.answers


def test_a_home_turning_off_writes_plain_but_still_reads_encrypted(home, encrypted):
    folder = home / "alice"
    sealed_note = files.write_new(folder, "a", "one\n")
    sealing.write_mark(encrypted, sealing.TURNING_OFF)
    plain_note = files.write_new(folder, "b", "two\n")
    assert plain_note.read_bytes() == b"two\n"
    assert files.read_capped(sealed_note, "note") == b"one\n"
    assert not sealing.on() and sealing.mark() == (encrypted, sealing.TURNING_OFF)


def test_without_a_marker_nothing_is_encrypted(home):
    home.mkdir(parents=True)
    note = files.write_new(home / "alice", "a", "one\n")
    assert note.read_bytes() == b"one\n"
    assert sealing.mark() is None


def test_a_missing_identity_is_one_sentence_with_what_to_do(home, encrypted, tmp_path):
    note = files.write_new(home / "alice", "a", "one\n")
    sealing.identity_path().unlink()
    sealing.forget()
    with pytest.raises(sealing.IdentityError, match="dtr encrypt init --from FILE"):
        files.read_capped(note, "note")


def test_a_damaged_file_is_named_and_says_what_to_do(home, encrypted):
    note = files.write_new(home / "alice", "a", "one\n")
    note.write_bytes(note.read_bytes()[:-5])
    with pytest.raises(sealing.SealedNoteError, match="damaged"):
        files.read_capped(note, "note")


def test_a_wrong_passphrase_from_the_environment_is_one_sentence(home, monkeypatch):
    monkeypatch.setenv(sealing.PASSPHRASE_VAR, "right")
    sealing.create_identity("right")
    sealing.forget()
    monkeypatch.setenv(sealing.PASSPHRASE_VAR, "wrong")
    with pytest.raises(sealing.IdentityError, match="in DTR_PASSPHRASE does not open"):
        sealing.unlock()
