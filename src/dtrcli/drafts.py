"""Drafts: the interview so far, saved after every answer.

A draft is a small YAML file beside the mentee's notes
(``.draft-<template>.yaml``, hidden, mode 0600). It is replaced atomically
after each answer and removed once the note is saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtrcli import store
from dtrcli.errors import NoteError

PREFIX = ".draft-"
SUFFIX = ".yaml"


def draft_path(folder: Path, template_id: str) -> Path:
    return folder / f"{PREFIX}{template_id}{SUFFIX}"


@dataclass
class Draft:
    path: Path
    mentee: str
    template: str
    date: str
    started: str
    answers: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    followups: dict[str, str] = field(default_factory=dict)  # follow-up key -> new state

    @property
    def saved(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromtimestamp(self.path.stat().st_mtime).astimezone()
        except OSError:
            return None


def save_draft(draft: Draft) -> None:
    import yaml

    data = {
        "mentee": draft.mentee,
        "template": draft.template,
        "date": draft.date,
        "started": draft.started,
        "asked": list(draft.asked),
        "answers": draft.answers,
        "followups": draft.followups,
    }
    store.replace_file(draft.path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def load_draft(path: Path) -> Draft:
    import yaml

    from dtrcli.templates import text_dates_loader

    try:
        # Dates stay text (as dtr writes them), so a hand-edited impossible date does not
        # make the whole draft unreadable; the note's date is checked when it is used.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=text_dates_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError):
        raise NoteError(f"The draft {path} cannot be read; it is left in place.") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
        raise NoteError(f"The draft {path} is not a dtr draft; it is left in place.")
    return Draft(
        path=path,
        mentee=str(data.get("mentee", path.parent.name)),
        template=str(data.get("template", path.name[len(PREFIX) : -len(SUFFIX)])),
        date=str(data.get("date", "")),
        started=str(data.get("started", "")),
        answers=dict(data.get("answers") or {}),
        asked=[str(a) for a in data.get("asked") or []],
        followups={str(k): str(v) for k, v in (data.get("followups") or {}).items()},
    )


def draft_files() -> list[Path]:
    """Every draft in the data home."""
    out: list[Path] = []
    for folder in store.mentee_dirs():
        # An unreadable draft moved aside was named when it was moved; it is not pending.
        out.extend(
            p for p in sorted(folder.glob(f"{PREFIX}*{SUFFIX}")) if ".unreadable-" not in p.name
        )
    return out


def kept_aside(folder: Path, template_id: str) -> list[Path]:
    """Drafts set aside by "start over" (oldest first), still waiting to be resumed."""
    return sorted(folder.glob(f"{PREFIX}{template_id}.previous-*{SUFFIX}"))
