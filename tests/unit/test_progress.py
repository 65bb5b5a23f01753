"""Long work shows a bar on stderr in a terminal, and nothing anywhere else."""

from __future__ import annotations

import io
import sys

from dtrcli import console, notices, progressbar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_shows_for_long_work_in_a_terminal_and_goes(monkeypatch):
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(progressbar, "PROGRESS_AFTER", 0)
    console.reset()
    notices.listen_progress(progressbar.progress)
    try:
        for done in range(1, 6):
            notices.progress("Reading the notes", done, 5)
    finally:
        notices.listen_progress(None)
    assert "Reading the notes" in screen.getvalue()


def test_no_bar_when_the_work_is_quick_or_stderr_is_not_a_terminal(monkeypatch):
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    monkeypatch.setattr(progressbar, "PROGRESS_AFTER", 0)
    console.reset()
    for done in range(1, 4):
        progressbar.progress("Reading the notes", done, 3)
    assert piped.getvalue() == ""
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(progressbar, "PROGRESS_AFTER", 60)
    console.reset()
    for done in range(1, 4):
        progressbar.progress("Reading the notes", done, 3)
    assert screen.getvalue() == ""


def test_history_of_many_mentees_reports_progress(dtr, home, monkeypatch):
    import json

    seen: list[tuple[str, int, int]] = []
    answers = json.dumps({"names_pronouns": "Sam", "meeting_time": "Tue", "channel": "Slack"})
    for name in ("alice", "bo", "cy"):
        dtr("kickoff", name, "--new", "-a", "-", input=answers)
    monkeypatch.setattr(progressbar, "progress", lambda *step: seen.append(step))
    dtr("history")
    # The folders looked over, then the notes read (one a folder here).
    looked = [("Looking over the notes", done, 3) for done in (1, 2, 3)]
    assert seen == looked + [("Reading the notes", done, 3) for done in (1, 2, 3)]
