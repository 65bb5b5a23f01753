"""Drafts: the interview so far, saved after every answer.

A draft is a small YAML file beside the mentee's notes
(``.draft-<template>.yaml``, hidden, mode 0600). It is replaced atomically
after each answer and removed once the note is saved. Besides the answers it
keeps, under ``typing``, the text of a prompt the interview was stopped at
(an answer being typed, not given): asked again with it filled in, never
written into a note unless it is then submitted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtrcli.notebook import files, yamlio
from dtrcli.records import field, record

if TYPE_CHECKING:
    from dtrcli.conversation.schema import Template
from dtrcli import notices
from dtrcli.errors import InterviewInterrupted, NoteError

PREFIX = ".draft-"
SUFFIX = ".yaml"


def draft_path(folder: Path, template_id: str) -> Path:
    return folder / f"{PREFIX}{template_id}{SUFFIX}"


@record
class Draft:
    path: Path
    mentee: str
    template: str
    date: str
    started: str
    answers: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    followups: dict[str, str] = field(default_factory=dict)  # follow-up key -> new state
    typing: dict[str, str] = field(default_factory=dict)  # question id -> text, unanswered

    @property
    def saved(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromtimestamp(self.path.stat().st_mtime).astimezone()
        except OSError:
            return None


def answered(draft: Draft) -> int:
    """How many questions the draft holds an answer to."""
    return sum(1 for v in draft.answers.values() if v not in (None, [], ""))


def kept(draft: Draft) -> str:
    """What the draft keeps, in words, with its verb: 'the 2 answers so far and the one
    being typed are'."""
    count, typing = answered(draft), len(draft.typing)
    answers = "the 1 answer so far" if count == 1 else f"the {count} answers so far"
    if not typing:
        return (
            "the interview so far is" if not count else f"{answers} {'is' if count == 1 else 'are'}"
        )
    if not count:
        return "the answer being typed is" if typing == 1 else f"the {typing} being typed are"
    return f"{answers} and {'the one' if typing == 1 else f'the {typing}'} being typed are"


def save_draft(draft: Draft) -> None:
    data = {
        "mentee": draft.mentee,
        "template": draft.template,
        "date": draft.date,
        "started": draft.started,
        "asked": list(draft.asked),
        "answers": draft.answers,
        "followups": draft.followups,
    }
    if draft.typing:
        data["typing"] = draft.typing
    text = yamlio.dump(data)
    with contextlib.suppress(OSError, UnicodeDecodeError, files.Refused, NoteError):
        if files.read_capped(draft.path, "draft").decode("utf-8") == text:
            return  # already saved as it is
    files.replace_file(draft.path, text)


class UnreadableDraft(NoteError):
    """A draft that cannot be read; ``why`` says why ("line 3: the key 'answers' is given
    twice")."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"The draft {path} cannot be read ({why}); it is left in place.")
        self.why = why


def load_draft(path: Path) -> Draft:
    try:
        text = files.read_capped(path, "draft").decode("utf-8")
    except files.Refused as exc:
        raise UnreadableDraft(path, str(exc)) from None
    except UnicodeDecodeError:
        raise UnreadableDraft(path, "it is not UTF-8 text") from None
    except OSError as exc:
        raise UnreadableDraft(path, exc.strerror or str(exc)) from None
    try:
        # Dates stay text (as dtr writes them), so a hand-edited impossible date does not
        # make the whole draft unreadable; the note's date is checked when it is used.
        data = yamlio.load(text, "text-dates")
    except yamlio.YamlProblem as exc:
        line = f"line {exc.line}: " if exc.line is not None else ""
        raise UnreadableDraft(path, line + exc.problem) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("answers", {}), dict)
        or not isinstance(data.get("typing") or {}, dict)
    ):
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
        typing={str(k): _text(v) for k, v in (data.get("typing") or {}).items() if v is not None},
    )


def _text(value: Any) -> str:
    """A half-typed answer as text (a list's items, one a line, if edited into a list)."""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def draft_files() -> list[Path]:
    """Every draft in the data home."""
    out: list[Path] = []
    from dtrcli.notebook.paths import mentee_dirs

    for folder in mentee_dirs():
        # An unreadable draft moved aside was named when it was moved; it is not pending.
        out.extend(
            p for p in sorted(folder.glob(f"{PREFIX}*{SUFFIX}")) if ".unreadable-" not in p.name
        )
    return out


def kept_aside(folder: Path, template_id: str) -> list[Path]:
    """Drafts set aside by "start over" (oldest first), still waiting to be resumed."""
    return sorted(folder.glob(f"{PREFIX}{template_id}.previous-*{SUFFIX}"))


def start_draft(
    template: Template,
    folder: Path,
    mentee: str,
    date: dt.date,
    resume: bool,
    fresh: bool,
    ask: Callable[[Draft], str],
) -> tuple[Draft, Path | None]:
    """A new draft, or the unfinished one (resumed, kept aside, or discarded); with the
    path of a draft kept aside by "start over". ``ask`` asks the mentor what to do with
    an unfinished draft ('resume', 'fresh' or 'discard')."""
    path = draft_path(folder, template.id)
    now = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    new = Draft(path=path, mentee=mentee, template=template.id, date=date.isoformat(), started=now)
    if not path.exists():
        aside = kept_aside(folder, template.id)
        if not aside:
            return new, None
        # A draft set aside by "start over" whose new interview ended without a note
        # (saved later, or stopped): it is the unfinished one now.
        os.replace(aside[-1], path)
        notices.info(f"Found the draft kept aside on {_aside_stamp(aside[-1])}.")
    try:
        old = load_draft(path)
    except NoteError as exc:
        why = f" ({exc.why})" if isinstance(exc, UnreadableDraft) else ""
        kept = _set_aside(path, "unreadable")
        notices.warn(
            f"The draft {path.name} cannot be read{why}; it is kept at {kept} (look at it in "
            "an editor) and this interview starts afresh."
        )
        return new, None
    try:
        choice = "resume" if resume else "fresh" if fresh else ask(old)
    except (KeyboardInterrupt, EOFError):
        raise InterviewInterrupted(
            f"Stopped; the unfinished draft is untouched at {path}.", path
        ) from None
    if choice == "resume":
        return old, None
    if choice == "discard":
        path.unlink()
        return new, None
    kept = _set_aside(path, "previous")
    notices.info(f"The unfinished draft is kept at {kept} until the new note is saved.")
    return new, kept


def _aside_stamp(path: Path) -> str:
    stamp = path.name.rsplit(".previous-", 1)[-1].removesuffix(SUFFIX)
    try:
        return dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _set_aside(path: Path, label: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    os.replace(path, target)
    return target
