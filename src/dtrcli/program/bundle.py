"""A mentor's bundle: what the program may see of each mentee's module, and nothing else.

Each mentee's notes of the current module (from a week before its start) are
read through :mod:`dtrcli.exports.privacy`, as ``dtr share`` and ``dtr export
--no-private`` read them: private questions and "Mentor only" content never
get in, and a note whose private question lost its marker stops the bundle
(its answer would be shared with the one above). What goes in is listed by
:mod:`dtrcli.program.schema`: the profile's program, module and dates; each
conversation's day, kind and shared answers; each check-in's met and minutes;
the shared follow-ups counted by state; the scheduled conversations' windows
and the weekly baseline as dtr judges them today; the ratings and the latest
"continue" answer; the module's outcome (a private answer) only when the
mentor says so (``share_outcome``), as one word.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dtrcli import notices
from dtrcli.conversation.record import answers_of
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import prompts_of
from dtrcli.errors import DtrError
from dtrcli.exports.privacy import check_markers, hidden_questions, private_of, shared_answers
from dtrcli.exports.privacy import shared_followups as _shared_followups
from dtrcli.module import checkins, due, followups, nextmodule, schedule
from dtrcli.notebook.noteformat import read_text
from dtrcli.notebook.notes import Note, read_full
from dtrcli.program import pseudonyms as names
from dtrcli.program.schema import MARK, VERSION, BundleError, validate
from dtrcli.shell import quote


def _value(value: Any) -> Any:
    """An answer as JSON holds it: dates as YYYY-MM-DD, lists of text, the rest as is."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [str(_value(v)) for v in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)


def _is_day(text: str) -> bool:
    try:
        return len(text) == 10 and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


def _topic(template: Template | None, topic: str) -> list[str]:
    if template is None:
        return []
    return [q.id for q in template.questions if q.topic == topic or q.id == topic]


_UNSEEN = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))  # soft hyphen, zero widths


def _plain(text: str) -> str:
    """``text`` as it reads: compatibility forms made plain (fullwidth ＡＬＩＣＥ is ALICE)
    and the invisible characters that split a word without being seen taken out, so a
    name written either way is found."""
    return unicodedata.normalize("NFKC", text).translate(_UNSEEN)


def _renamer(view: due.MenteeView, label: str) -> Callable[[Any], Any]:
    """What puts ``label`` (a pseudonym) in place of the mentee's name in an answer: the
    whole name, each of its words of two letters or more, and the folder's name, as
    whole words in any case."""
    words = {
        view.name,
        view.folder.name,
        *(w for w in re.split(r"[\s-]+", view.name) if len(w) > 1),
    }
    # A word ends at anything but a letter or digit: alice_smith (a user name) is two.
    pattern = re.compile(
        r"(?<![^\W_])(?:"
        + "|".join(re.escape(_plain(w)) for w in sorted(words, key=len, reverse=True))
        + r")(?![^\W_])",
        re.IGNORECASE,
    )

    def sub(text: str) -> str:
        return pattern.sub(label, _plain(text))

    def rename(value: Any) -> Any:
        if isinstance(value, str):
            return sub(value)
        if isinstance(value, list):
            return [sub(v) if isinstance(v, str) else v for v in value]
        return value

    return rename


def mentee_data(
    view: due.MenteeView,
    templates: dict[str, Template],
    *,
    label: str,
    share_outcome: bool,
    pseudonym: bool = False,
) -> dict[str, Any]:
    """One mentee of the bundle (``label``: their name, or with ``pseudonym`` the
    pseudonym that also takes the place of their name in the answers)."""
    rename = _renamer(view, label) if pseudonym else None
    profile = view.profile
    since = ""
    if profile.start is not None:
        since = (profile.start - dt.timedelta(days=schedule.EARLY_DAYS)).isoformat()
    notes = sorted((n for n in view.notes if n.date >= since), key=Note.sort_key)
    conversations: list[dict[str, Any]] = []
    held_checkins: list[dict[str, Any]] = []
    ratings: list[dict[str, Any]] = []
    counts = dict.fromkeys(followups.STATES.values(), 0)
    continues: str | None = None
    outcome: str | None = None
    for meta in notes:
        if not _is_day(meta.date):
            notices.warn(
                f"{meta.path}: its date {meta.date!r} is not a day of the calendar, so the "
                "note is left out of the bundle; correct it with: "
                f"dtr edit {quote(meta.path.parent.name)} {quote(meta.path.name)}"
            )
            continue
        text = read_text(meta.path)
        whole = read_full(meta.path, text, prompts_of=prompts_of, warn=False)
        check_markers(whole)  # a private answer that lost its marker stops here
        template = templates.get(meta.template_id)
        hidden = hidden_questions(whole, private_of(template))
        shared = Note(meta.path, whole.note.meta, shared_answers(whole, hidden))
        values = {q: _value(v) for q, v in answers_of(shared, template).items() if v is not None}
        if rename is not None:
            values = {q: rename(v) for q, v in values.items()}
        found = followups.note_followups(whole.note, text, template)
        for f in _shared_followups(whole, found, hidden):
            counts[followups.STATES[f.state]] += 1
        if share_outcome:
            for qid in _topic(template, "outcome"):
                said = nextmodule.outcome_of(answers_of(whole.note, template).get(qid))
                outcome = said or outcome
        if meta.template_id == checkins.CHECKIN:
            met, minutes = values.get("met"), values.get("session_minutes")
            held_checkins.append(
                {
                    "date": meta.date,
                    "met": met if isinstance(met, bool) else None,
                    "minutes": minutes if type(minutes) is int and minutes >= 0 else None,
                }
            )
            continue
        conversations.append({"date": meta.date, "kind": meta.template_id, "answers": values})
        for qid in _topic(template, "rating"):
            if type(values.get(qid)) is int and values[qid] >= 0:
                ratings.append({"date": meta.date, "kind": meta.template_id, "value": values[qid]})
        for qid in _topic(template, "continue"):
            if isinstance(values.get(qid), str):
                continues = values[qid]
    cal = profile.calendar()
    base = view.baseline
    data: dict[str, Any] = {
        "mentee": label,
        "program": profile.program,
        "module": profile.module,
        "start": profile.start.isoformat() if profile.start else None,
        "end": cal.teaching_end.isoformat() if cal else None,
        "conversations": conversations,
        "schedule": [
            {
                "kind": s.template,
                "from": s.window[0].isoformat(),
                "to": s.window[1].isoformat(),
                "held": s.held,
            }
            for s in view.statuses
        ],
        "checkins": held_checkins,
        "baseline": None
        if base is None
        else {
            "met": None if not base.weeks else not base.missed,
            "weeks_judged": len(base.weeks),
            "weeks_met": len(base.weeks) - len(base.missed),
        },
        "followups": counts,
        "ratings": ratings,
        "continues": continues,
    }
    if share_outcome:
        data["outcome"] = outcome
    return data


def build(
    folders: list[Path],
    templates: dict[str, Template],
    today: dt.date,
    *,
    mentor: str | None,
    pseudonyms: bool,
    share_outcome: bool,
) -> dict[str, Any]:
    """The bundle of the mentees in ``folders`` as of ``today``."""
    if not folders:
        raise DtrError(
            "There are no mentees to bundle yet; add one with: dtr mentee add NAME "
            "--program BE --module 2 --start YYYY-MM-DD"
        )
    secret = names.key()
    mentor_id = names.pseudonym(secret, "mentor", "")
    if pseudonyms:
        mentor = mentor_id
    elif not (mentor or "").strip():
        raise DtrError(
            "Say who the bundle is from with --mentor NAME (the name the program knows you "
            "by), or use --pseudonyms to send it under a pseudonym."
        )
    assert mentor is not None
    views = due.all_views(templates, today, folders)
    mentees = [
        mentee_data(
            v,
            templates,
            label=names.pseudonym(secret, "mentee", v.folder.name) if pseudonyms else v.name,
            share_outcome=share_outcome,
            pseudonym=pseudonyms,
        )
        for v in views
    ]
    made = {
        MARK: VERSION,
        "made": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "as_of": today.isoformat(),
        "mentor": mentor.strip(),
        "mentor_id": mentor_id,
        "pseudonyms": pseudonyms,
        "outcome_shared": share_outcome,
        "mentees": mentees,
    }
    try:  # what the report will read: a bundle it would refuse is never written
        validate(json.loads(dumps(made)))
    except BundleError as exc:
        raise DtrError(f"dtr made a bundle it cannot read ({exc}); please report this.") from None
    return made


def dumps(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, indent=1, ensure_ascii=False) + "\n"


def _slug(text: str | None) -> str:
    """A program or module as a file name's part: lowercase letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", (text or "").casefold()).strip("-")[:40]


def file_names(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The bundle split by program and module, each under the name it has in a shared
    repository: ``MENTOR_ID/PROGRAM-MODULE.json`` (so the next bundle of the same mentor
    and module replaces it, and two mentors never write the same file)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for mentee in bundle["mentees"]:
        program = _slug(mentee["program"]) or "no-program"
        module = _slug(mentee["module"]) or "no-module"
        groups.setdefault(f"{bundle['mentor_id']}/{program}-{module}.json", []).append(mentee)
    return {name: {**bundle, "mentees": found} for name, found in sorted(groups.items())}
