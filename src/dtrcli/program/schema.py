"""The bundle's schema (versioned) and its strict check.

A bundle is one JSON object; :data:`FIELDS` says, for each kind of object in it,
every key it may hold and what its value must be. A key not listed is refused,
so a bundle that carries anything dtr does not share (a private answer, a
"Mentor only" note, a field of a newer dtr) is never read into a report. The
answers of a conversation are the one open mapping: question id to value, and a
question the coordinator's template of that kind keeps private is refused too.
docs/program.md lists the same tables (a test keeps the two alike).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

VERSION = 1  # the schema this dtr writes and the newest it reads
MARK = "dtr_bundle"  # the key that makes a JSON object a bundle: its schema version
OUTCOMES = ("advancing", "repeating")
FOLLOWUP_STATES = ("open", "done", "dropped", "carried")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class BundleError(ValueError):
    """A bundle that does not follow the schema; the text says why, after its name."""


def _fail(where: str, what: str) -> None:
    raise BundleError(f"{where} {what}")


# A check of a value: None when it is right, else what is wrong with it ("is not text").
# A check of objects inside the value (``nested``) is given the value's place and raises.
Check = Callable[..., str | None]


def text(value: Any) -> str | None:
    return None if isinstance(value, str) else "is not text"


def optional_text(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else "is not text"


def day(value: Any) -> str | None:
    if isinstance(value, str) and len(value) == 10:
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return "is not a date YYYY-MM-DD"


def optional_day(value: Any) -> str | None:
    return None if value is None else day(value)


def moment(value: Any) -> str | None:
    try:
        dt.datetime.fromisoformat(value)
        return None
    except (TypeError, ValueError):
        return "is not a time YYYY-MM-DDTHH:MM:SS+00:00"


def flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "is not true or false"


def optional_flag(value: Any) -> str | None:
    return None if value is None or isinstance(value, bool) else "is not true or false"


def count(value: Any) -> str | None:
    if value.__class__ is int and value >= 0:
        return None
    return "is not a count"


def optional_count(value: Any) -> str | None:
    return None if value is None else count(value)


def mentor_id(value: Any) -> str | None:
    if isinstance(value, str) and _ID.match(value):
        return None
    return "is not an id of lowercase letters, digits and dashes"


def outcome(value: Any) -> str | None:
    return None if value is None or value in OUTCOMES else "is not advancing, repeating or null"


_ANSWER_TYPES = (str, bool, int, float, type(None))


def answers(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "is not a mapping of question ids to answers"
    for qid, given in value.items():
        if isinstance(given, _ANSWER_TYPES):
            continue
        if isinstance(given, list) and all(isinstance(v, str) for v in given):
            continue
        return f"has an answer {qid!r} that is not text, a number, true or false, or a list"
    return None


def nested(check: Callable[[Any, str], None]) -> Check:
    check.nested = True  # type: ignore[attr-defined]
    return check


def listed(kind: str) -> Check:
    @nested
    def check(value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise BundleError(f"{where} is not a list")
        for at, item in enumerate(value):
            check_object(item, kind, f"{where}[{at}]")

    return check


def one(kind: str, optional: bool = False) -> Check:
    @nested
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        check_object(value, kind, where)

    return check


# kind of object -> key -> (check, required, what it holds: for docs/program.md)
FIELDS: dict[str, dict[str, tuple[Check, bool, str]]] = {
    "bundle": {
        MARK: (count, True, f"the schema version, {VERSION}"),
        "made": (moment, True, "when the bundle was made (UTC)"),
        "as_of": (day, True, "the mentor's day the states were read on"),
        "mentor": (text, True, "the mentor's name or alias, or a pseudonym (`mentor-…`)"),
        "mentor_id": (mentor_id, True, "a stable id of the mentor's dtr, for file names"),
        "pseudonyms": (flag, True, "whether mentor and mentees are pseudonyms"),
        "outcome_shared": (flag, True, "whether the module's outcome is included"),
        "mentees": (listed("mentee"), True, "one object per mentee (below)"),
    },
    "mentee": {
        "mentee": (text, True, "the mentee's name, or a pseudonym (`mentee-…`)"),
        "program": (optional_text, True, "the profile's program, or null"),
        "module": (optional_text, True, "the profile's module, or null"),
        "start": (optional_day, True, "the module's first day, or null"),
        "end": (optional_day, True, "the last day of the module's teaching weeks, or null"),
        "conversations": (listed("conversation"), True, "the module's conversations"),
        "schedule": (listed("scheduled"), True, "each conversation the module schedules"),
        "checkins": (listed("checkin"), True, "the weekly check-ins"),
        "baseline": (one("baseline", optional=True), True, "the weekly baseline, or null"),
        "followups": (one("followups"), True, "how many shared follow-ups are in each state"),
        "ratings": (listed("rating"), True, "the module's ratings (questions of topic rating)"),
        "continues": (optional_text, True, "the latest answer of topic continue, or null"),
        "outcome": (outcome, False, "advancing, repeating or null; only with outcome_shared"),
    },
    "conversation": {
        "date": (day, True, "the day it was held"),
        "kind": (text, True, "its template: kickoff, midmod, exit or a mentor's own"),
        "answers": (answers, True, "question id to shared answer"),
    },
    "scheduled": {
        "kind": (text, True, "the template"),
        "from": (day, True, "first day of its window"),
        "to": (day, True, "last day of its window"),
        "held": (optional_day, True, "the day it was held, or null"),
    },
    "checkin": {
        "date": (day, True, "the day of the check-in"),
        "met": (optional_flag, True, "whether the week's session happened"),
        "minutes": (optional_count, True, "how long it ran, or null"),
    },
    "baseline": {
        "met": (optional_flag, True, "every week so far met the baseline (null: none judged)"),
        "weeks_judged": (count, True, "weeks of the module over so far"),
        "weeks_met": (count, True, "of those, weeks with a session of 30 minutes or more"),
    },
    "followups": {state: (count, True, f"follow-ups {state}") for state in FOLLOWUP_STATES},
    "rating": {
        "date": (day, True, "the day of the conversation"),
        "kind": (text, True, "its template"),
        "value": (count, True, "the rating given"),
    },
}


def check_object(value: Any, kind: str, where: str) -> None:
    """``value`` is an object of ``kind``: every required key, no key not listed."""
    if not isinstance(value, dict):
        _fail(where or "the bundle", "is not an object")
    fields = FIELDS[kind]
    for key in value:
        if key not in fields:
            _fail(f"{where}.{key}" if where else key, "is not a field a bundle may hold")
    for key, (check, required, _) in fields.items():
        if key in value:
            if getattr(check, "nested", False):
                check(value[key], f"{where}.{key}" if where else key)
            elif (problem := check(value[key])) is not None:
                _fail(f"{where}.{key}" if where else key, problem)
        elif required:
            _fail(f"{where}.{key}" if where else key, "is missing")


def validate(data: Any, private: dict[str, set[str]] | None = None) -> dict[str, Any]:
    """``data`` (parsed JSON) as a bundle of this schema, else a :class:`BundleError`.

    ``private``: template id -> its private questions; an answer to one is refused.
    """
    if not isinstance(data, dict) or MARK not in data:
        raise BundleError("is not a dtr bundle")
    version = data[MARK]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BundleError(f"has a schema version dtr does not know ({version!r})")
    if version > VERSION:
        raise BundleError(
            f"is of bundle schema {version}, newer than this dtr reads ({VERSION}); "
            "update dtr to read it"
        )
    check_object(data, "bundle", "")
    private = private or {}
    for m, mentee in enumerate(data["mentees"]):
        if "outcome" in mentee and not data["outcome_shared"]:
            _fail(f"mentees[{m}].outcome", "is there, but the bundle says no outcome is shared")
        for c, conversation in enumerate(mentee["conversations"]):
            hidden = private.get(conversation["kind"], ())
            for qid in conversation["answers"]:
                if qid in hidden:
                    _fail(
                        f"mentees[{m}].conversations[{c}].answers.{qid}",
                        "is a private answer, which a bundle never holds",
                    )
    return data
