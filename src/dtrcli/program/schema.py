"""The bundle's schema (versioned) and its strict check.

A bundle is one JSON object; the classes below say every key each kind of
object in it may hold and what its value must be, and :data:`DOCS` what each
holds (docs/program.md lists the same tables; a test keeps the two alike). A
key not listed is refused, so a bundle that carries anything dtr does not
share (a private answer, a "Mentor only" note, a field of a newer dtr) is never
read into a report. The answers of a conversation are the one open mapping:
question id to value, and a question the coordinator's template of that kind
keeps private is refused too. Bundles are read with msgspec, which checks them
as it parses them (hundreds of bundles in well under a second).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

import msgspec

VERSION = 1  # the schema this dtr writes and the newest it reads
MARK = "dtr_bundle"  # the key that makes a JSON object a bundle: its schema version
OUTCOMES = ("advancing", "repeating")
FOLLOWUP_STATES = ("open", "done", "dropped", "carried")

Count = Annotated[int, msgspec.Meta(ge=0)]
Answer = str | int | float | bool | None | list[str]
Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
Moment = Annotated[dt.datetime, msgspec.Meta(tz=True)]


class BundleError(ValueError):
    """A bundle that does not follow the schema; the text says why, after its name."""


class _Strict(msgspec.Struct, forbid_unknown_fields=True):
    pass


class Conversation(_Strict):
    date: dt.date
    kind: str
    answers: dict[str, Answer]


class Scheduled(_Strict, rename={"first": "from", "last": "to"}):
    kind: str
    first: dt.date
    last: dt.date
    held: dt.date | None


class Checkin(_Strict):
    date: dt.date
    met: bool | None
    minutes: Count | None


class Baseline(_Strict):
    met: bool | None
    weeks_judged: Count
    weeks_met: Count


class Followups(_Strict):
    open: Count
    done: Count
    dropped: Count
    carried: Count


class Rating(_Strict):
    date: dt.date
    kind: str
    value: Count


class Mentee(_Strict):
    mentee: str
    program: str | None
    module: str | None
    start: dt.date | None
    end: dt.date | None
    conversations: list[Conversation]
    schedule: list[Scheduled]
    checkins: list[Checkin]
    baseline: Baseline | None
    followups: Followups
    ratings: list[Rating]
    continues: str | None
    outcome: Literal["advancing", "repeating", None] | msgspec.UnsetType = msgspec.UNSET


class Bundle(_Strict):
    dtr_bundle: Count
    made: Moment
    as_of: dt.date
    mentor: str
    mentor_id: Id
    pseudonyms: bool
    outcome_shared: bool
    mentees: list[Mentee]


KINDS: dict[str, type[msgspec.Struct]] = {
    "bundle": Bundle,
    "mentee": Mentee,
    "conversation": Conversation,
    "scheduled": Scheduled,
    "checkin": Checkin,
    "baseline": Baseline,
    "followups": Followups,
    "rating": Rating,
}

# kind -> key (as in the JSON) -> what it holds. A key is required unless OPTIONAL says.
DOCS: dict[str, dict[str, str]] = {
    "bundle": {
        MARK: f"the schema version, {VERSION}",
        "made": "when the bundle was made (UTC)",
        "as_of": "the mentor's day the states were read on",
        "mentor": "the mentor's name or alias, or a pseudonym (`mentor-…`)",
        "mentor_id": "a stable id of the mentor's dtr, for file names",
        "pseudonyms": "whether mentor and mentees are pseudonyms",
        "outcome_shared": "whether the module's outcome is included",
        "mentees": "one object per mentee (below)",
    },
    "mentee": {
        "mentee": "the mentee's name, or a pseudonym (`mentee-…`)",
        "program": "the profile's program, or null",
        "module": "the profile's module, or null",
        "start": "the module's first day, or null",
        "end": "the last day of the module's teaching weeks, or null",
        "conversations": "the module's conversations",
        "schedule": "each conversation the module schedules",
        "checkins": "the weekly check-ins",
        "baseline": "the weekly baseline, or null",
        "followups": "how many shared follow-ups are in each state",
        "ratings": "the module's ratings (questions of topic rating)",
        "continues": "the latest answer of topic continue, or null",
        "outcome": "advancing, repeating or null; only with outcome_shared",
    },
    "conversation": {
        "date": "the day it was held",
        "kind": "its template: kickoff, midmod, exit or a mentor's own",
        "answers": "question id to shared answer",
    },
    "scheduled": {
        "kind": "the template",
        "from": "first day of its window",
        "to": "last day of its window",
        "held": "the day it was held, or null",
    },
    "checkin": {
        "date": "the day of the check-in",
        "met": "whether the week's session happened",
        "minutes": "how long it ran, or null",
    },
    "baseline": {
        "met": "every week so far met the baseline (null: none judged)",
        "weeks_judged": "weeks of the module over so far",
        "weeks_met": "of those, weeks with a session of 30 minutes or more",
    },
    "followups": {state: f"follow-ups {state}" for state in FOLLOWUP_STATES},
    "rating": {
        "date": "the day of the conversation",
        "kind": "its template",
        "value": "the rating given",
    },
}
OPTIONAL = {("mentee", "outcome")}


def json_keys(kind: str) -> list[str]:
    """The keys of an object of ``kind`` as the JSON spells them, in order."""
    return [f.encode_name for f in msgspec.structs.fields(KINDS[kind])]


_DECODER = msgspec.json.Decoder(Bundle)

# msgspec's words for what was wrong -> the sentence's (after the place).
_WORDS = (
    (re.compile(r"^Object contains unknown field `(.+?)`"), "is not a field a bundle may hold", 1),
    (re.compile(r"^Object missing required field `(.+?)`"), "is missing", 1),
    (re.compile(r"^Expected `int` >= 0"), "is not a count", 0),
    (re.compile(r"matching regex"), "is not an id of lowercase letters, digits and dashes", 0),
    (re.compile(r"datetime"), "is not a time YYYY-MM-DDTHH:MM:SS+00:00", 0),
    (re.compile(r"date"), "is not a date YYYY-MM-DD", 0),
    (re.compile(r"^Expected `(?:int|int \| null)`"), "is not a count", 0),
    (re.compile(r"^Expected `(?:str|str \| null)`"), "is not text", 0),
    (re.compile(r"^Expected `(?:bool|bool \| null)`"), "is not true or false", 0),
    (re.compile(r"^Expected `array`"), "is not a list", 0),
    (re.compile(r"^Expected `(?:object|object \| null)`"), "is not an object", 0),
    (re.compile(r"^Invalid enum value"), "is not advancing, repeating or null", 0),
)


def _said(error: msgspec.ValidationError) -> str:
    """msgspec's message as dtr says it: 'mentees[0].notes is not a field ...'."""
    text = str(error)
    message, _, place = text.partition(" - at `$")
    place = place.rstrip("`")
    if "answers[...]" in place:
        return (
            f"{place.split('[...]')[0]} holds an answer that is not text, a number, true or "
            "false, or a list of text"
        ).lstrip(".")
    for pattern, words, field in _WORDS:
        m = pattern.search(message)
        if m:
            if field:
                place = f"{place}.{m.group(1)}"
            return f"{place.lstrip('.')} {words}" if place else f"is not an object: {words}"
    return f"does not follow the bundle schema ({text})"


def _version_problem(data: Any) -> str | None:
    """Why an object of JSON is not a bundle this dtr reads, looking only at its version."""
    if not isinstance(data, dict) or MARK not in data:
        return "is not a dtr bundle"
    version = data[MARK]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return f"has a schema version dtr does not know ({version!r})"
    if version > VERSION:
        return (
            f"is of bundle schema {version}, newer than this dtr reads ({VERSION}); "
            "update dtr to read it"
        )
    return None


def _json_problem(exc: msgspec.DecodeError, raw: bytes) -> str:
    if "truncated" in str(exc):
        return "ends before its JSON does (a file cut short?)"
    return f"is not a dtr bundle (not JSON: {str(exc).lower()})"


def decode(raw: bytes, private: dict[str, set[str]] | None = None) -> Bundle:
    """The bundle in ``raw`` (JSON), else a :class:`BundleError` saying why not.

    ``private``: template id -> its private questions; an answer to one is refused.
    """
    if not raw.strip():
        raise BundleError("is empty")
    try:
        return _decoded(raw, private)
    except RecursionError:  # [[[[...]]]] thousands deep: no bundle is
        raise BundleError("is nested deeper than any bundle (it is not a dtr bundle)") from None


def _decoded(raw: bytes, private: dict[str, set[str]] | None) -> Bundle:
    try:
        bundle = _DECODER.decode(raw)
    except msgspec.ValidationError as exc:
        try:
            data = msgspec.json.decode(raw)
        except msgspec.DecodeError as bad:
            raise BundleError(_json_problem(bad, raw)) from None
        raise BundleError(_version_problem(data) or _said(exc)) from None
    except msgspec.DecodeError as exc:
        raise BundleError(_json_problem(exc, raw)) from None
    problem = _version_problem({MARK: bundle.dtr_bundle})
    if problem:
        raise BundleError(problem)
    check(bundle, private or {})
    return bundle


def check(bundle: Bundle, private: dict[str, set[str]]) -> None:
    """What the types cannot say: the outcome only where shared, no private answer."""
    for m, mentee in enumerate(bundle.mentees):
        if mentee.outcome is not msgspec.UNSET and not bundle.outcome_shared:
            raise BundleError(
                f"mentees[{m}].outcome is there, but the bundle says no outcome is shared"
            )
        for c, conversation in enumerate(mentee.conversations):
            hidden = private.get(conversation.kind)
            if hidden and not hidden.isdisjoint(conversation.answers):
                qid = sorted(hidden.intersection(conversation.answers))[0]
                raise BundleError(
                    f"mentees[{m}].conversations[{c}].answers.{qid} is a private answer, "
                    "which a bundle never holds"
                )


def validate(data: Any, private: dict[str, set[str]] | None = None) -> Bundle:
    """:func:`decode` of data already parsed (for tests and tools)."""
    return decode(msgspec.json.encode(data), private)
