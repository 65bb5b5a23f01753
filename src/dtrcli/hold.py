"""Holding a conversation: template + answers (asked or from a file) -> a saved note.

:func:`hold` is the whole of ``dtr kickoff NAME`` and its kin: the template,
the mentee, a draft saved after every answer (resumed, kept aside or
discarded), the open follow-ups of earlier notes, the interview or the
answers file, the note written, the follow-ups' boxes set, and the offer to
fill the profile from an answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dtrcli import dates, notices, starting, stopping
from dtrcli.conversation import drafts
from dtrcli.conversation.interview import UI, run_interview
from dtrcli.conversation.questions import coerce_answer
from dtrcli.conversation.record import recaller, render_note
from dtrcli.conversation.schema import Template
from dtrcli.conversation.templates import command_for, load_registry
from dtrcli.errors import DtrError, InterviewInterrupted, NoTerminalError
from dtrcli.module import followups, keydates, nextmodule, profiles
from dtrcli.notebook import files, finding, locks, names, paths, sealing


def _one_interview_at_a_time(run: Callable[..., Path]) -> Callable[..., Path]:
    """An interview holds a lock for its mentee and conversation while it runs: a
    second terminal starting the same one would write over the same draft."""

    @functools.wraps(run)
    def hold(template_id: str, name: str, **options: Any) -> Path:
        if options.get("answers_file") is not None:
            return run(template_id, name, **options)
        found = finding.exact(name) if options.get("new") else finding.lookup(name)
        folder = found or paths.mentee_dir(name)
        with locks.locked(locks.interview(folder.name, template_id), wait=False) as mine:
            if not mine:
                raise DtrError(
                    f"The {template_id} with {name} is already open in another terminal; "
                    "finish or stop it there first (its draft keeps every answer)."
                )
            return run(template_id, name, **options)

    return hold


@_one_interview_at_a_time
def hold(
    template_id: str,
    name: str,
    *,
    answers_file: str | None = None,
    date: dt.date | None = None,
    resume: bool = False,
    fresh: bool = False,
    new: bool = False,
) -> Path:
    """Run one conversation and save its note; return the note's path.

    ``date``: the day the conversation was held, given by the mentor (--date);
    else a resumed draft's date, else today. ``new``: a kick-off with a name that
    finds no mentee starts a new one without asking.
    """
    if resume and fresh:
        raise DtrError("Choose either --resume or --fresh, not both.")
    sealing.ready()  # an encrypted home's passphrase now, before any answer is typed
    if answers_file is not None and (resume or fresh):
        raise DtrError(
            "--answers gives every answer, so there is no draft to resume or start over; "
            "use one or the other."
        )
    reg = load_registry()
    for problem in reg.problems:
        notices.warn(problem)
    template = reg.get(template_id)
    from dtrcli.conversation import terminal

    asking = answers_file is None and terminal.stdin_is_terminal()
    found = finding.exact(name) if new else finding.lookup(name)  # --new: this very name
    if found is None:
        starting.may_start(template.id, name, new=new, asking=asking)
    folder = found or paths.mentee_dir(name)
    mentee = names.name_for(folder, name)
    profile = _profile(folder)
    aside: Path | None = None
    draft: drafts.Draft | None = None
    ui: UI | None = None
    offered: list[followups.Followup] = []
    decisions: dict[str, str] = {}
    if answers_file is not None:
        from dtrcli.conversation.answers import read_answers_file, resolve_answers

        answers = resolve_answers(template, read_answers_file(answers_file))
    else:
        if not asking:
            raise NoTerminalError(
                f"'{command_for(template.id, name)}' asks its questions in a terminal, and "
                "there is none; pass --answers FILE (or '-' for standard input) to run without one."
            )
        ui = terminal.TerminalUI()
        if found is None and not new:
            starting.confirm_new(name, mentee, folder, ui.session, ui.confirm)
        draft, aside = drafts.start_draft(
            template, folder, mentee, date or dates.today(), resume, fresh, ui.draft_choice
        )
        date = _draft_date(draft, date)
        if folder.is_dir():
            offered = [
                f
                for f in followups.mentee_followups(folder, reg.templates)
                if f.state == followups.OPEN and f.date <= date.isoformat()
            ]
        answers = _interview(template, draft, name, ui, profile, offered, reg.templates)
        decisions = draft.followups
    date = date or dates.today()
    if date > dates.today():
        notices.warn(f"The note is dated {date}, which is after today; --date sets the day held.")
    answers = _settled(template, _with_carried(template, answers, offered, decisions), date)
    text = render_note(template, answers, mentee=mentee, date=date, week=week_of(profile, date))
    path = files.write_new(folder, f"{date.isoformat()}-{template.id}", text)
    changed = {
        f: decisions[f.key]
        for f in offered
        if decisions.get(f.key, followups.OPEN) != followups.OPEN
    }
    try:
        for item in followups.set_states(changed):
            notices.warn(
                f"The follow-up '{item.text}' is no longer in {item.path.name} as it was; "
                "its box was left as it is (dtr edit to mark it by hand)."
            )
    except DtrError as exc:
        notices.warn(f"The note is saved, but earlier follow-ups were not updated: {exc}")
    for leftover in (draft.path if draft else None, aside):
        if leftover is not None:
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    if ui is not None:
        with ui.session():
            _offer_profile(template, answers, profile, mentee, ui)
    return path


def _draft_date(draft: drafts.Draft, given: dt.date | None) -> dt.date:
    """The note's date: --date if given (a resumed draft takes it), else the draft's."""
    try:
        started = dt.date.fromisoformat(draft.date)
    except ValueError:
        started = None
    if given is None:
        if started is None:
            given = dates.today()
            notices.warn(
                f"The draft's date {draft.date!r} is not a date; the note is dated {given}."
            )
        else:
            given = started
    elif started is not None and started != given:
        notices.info(f"The note is dated {given} (--date), not {started} as the draft was.")
    if draft.date != given.isoformat():
        draft.date = given.isoformat()
        drafts.save_draft(draft)
    return given


def week_of(profile: profiles.Profile, date: dt.date) -> int | str | None:
    """The week of the module a conversation on ``date`` falls in, if the module holds it
    (its teaching week, or 'intermission' or 'a break week' by name)."""
    cal = profile.calendar()
    if cal is None:
        return None
    phase = cal.phase(date)
    if phase == "intermission":
        return "the intermission after week 6"
    if phase == "break":
        block = cal.block_of(date)
        return f"{block.label}, after week {cal.week_number(date)}" if block else None
    return cal.teaching_week(date)


def _profile(folder: Path) -> profiles.Profile:
    try:
        return profiles.load_profile(folder)
    except DtrError as exc:
        notices.warn(f"{exc} Carrying on without the profile.")
        return profiles.Profile(folder=folder)


def _settled(template: Template, answers: dict[str, Any], date: dt.date) -> dict[str, Any]:
    """The answers with each follow-up's "by Friday" made a date. duedates (like meets
    and the answers file's reader) is imported when first needed, after the first
    question is on screen."""
    from dtrcli.module import duedates

    return duedates.settled_answers(template, answers, date)


def _with_carried(
    template: Template,
    answers: dict[str, Any],
    offered: list[followups.Followup],
    decisions: dict[str, str],
) -> dict[str, Any]:
    """Put the carried follow-ups first in the new note's follow-up question."""
    from dtrcli.module import duedates

    carried = [
        duedates.settle(f.text, f.date)
        for f in offered
        if decisions.get(f.key) == followups.CARRIED
    ]
    target = next((q for q in template.questions if followups.is_followup_question(q)), None)
    if not carried or target is None:
        return answers
    new = list(answers.get(target.id) or [])
    merged = carried + [item for item in new if item not in carried]
    return {**answers, target.id: merged}


def _offer_profile(
    template: Template,
    answers: dict[str, Any],
    profile: profiles.Profile,
    mentee: str,
    ui: UI,
) -> None:
    """Offer to fill an empty profile field from an answer (e.g. the agreed meeting time).

    Each yes is written at once, into the profile as it is on disk then (it may have
    been edited in another terminal during the meeting).
    """
    try:
        for q in template.questions:
            value = answers.get(q.id)
            if not q.profile or not value or getattr(profile, q.profile) is not None:
                continue
            if q.profile == "meets":
                from dtrcli.module import meets

                value = meets.find_meets(str(value))
                if value is None:
                    continue
            label = {"meets": "weekly meeting", "channel": "channel"}[q.profile]
            if ui.confirm(f"Save '{value}' as {mentee}'s {label} in their profile?"):
                with locks.locked("profiles"):
                    try:
                        fresh = profiles.load_profile(profile.folder)
                    except DtrError:
                        continue  # a broken profile is never written over (warned at start)
                    if getattr(fresh, q.profile) is None:
                        setattr(fresh, q.profile, str(value))
                        fresh.name = fresh.name or mentee
                        profiles.save_profile(fresh)
    except (KeyboardInterrupt, EOFError):
        pass  # the note is saved; a "yes" given before the stop is already kept


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value).replace("\n", " / ")


def _interview(
    template: Template,
    draft: drafts.Draft,
    name: str,
    ui: UI,
    profile: profiles.Profile,
    offered: list[followups.Followup],
    known: dict[str, Template],
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    changed: list[str] = []  # answers the template (edited since) no longer accepts
    for qid, value in draft.answers.items():
        q = template.question(qid)
        if q is None:
            if value not in (None, "", []):
                changed.append(f"{qid}, no longer a question (was: {_as_text(value)})")
            continue
        try:
            answers[qid] = coerce_answer(q, value)
        except ValueError:
            changed.append(f"{q.prompt} (was: {_as_text(value)})")
    refit = {qid for qid in draft.answers if template.question(qid) and qid not in answers}
    asked = {a for a in draft.asked if template.question(a) is not None and a not in refit} | set(
        answers
    )

    def save(current: dict[str, Any], asked_now: set[str]) -> None:
        draft.answers = current
        draft.asked = sorted(asked_now)
        for qid in [qid for qid in draft.typing if qid in asked_now]:
            del draft.typing[qid]  # answered now: what was typed is in the answer, or gone
        drafts.save_draft(draft)

    def decided(key: str, state: str) -> None:
        draft.followups[key] = state
        drafts.save_draft(draft)

    template = keydates.with_dated_intros(template, profile)
    # The handlers stay in place until the draft is saved: a second signal (a closed
    # terminal can send two) never finds the default action, which would end dtr
    # before what was being typed is kept.
    with stopping.as_interrupt(ui.stop):
        try:
            with ui.session():
                carried = nextmodule.carried(profile, known, dt.date.fromisoformat(draft.date))
                if carried and 1 in template.weeks:
                    ui.notice(*carried)
                if template.weeks and min(template.weeks) > 1:
                    key_dates = profiles.dates_in_module(profile)
                    if key_dates:
                        ui.notice(
                            "Key dates this module",
                            [f"{d.date.isoformat()}  {d.label}" for d in key_dates],
                        )
                if changed:
                    ui.notice(
                        "The template changed since this draft; these are asked again "
                        "(what the draft held):",
                        changed,
                    )
                pending = [f for f in offered if f.key not in draft.followups]
                if pending:
                    can_carry = any(followups.is_followup_question(q) for q in template.questions)
                    origins = {f.key: followups.origin(f, known) for f in pending}
                    ui.followups(pending, can_carry, decided, lambda f: origins[f.key])
                return run_interview(
                    template,
                    ui,
                    answers=answers,
                    asked=asked,
                    on_answer=save,
                    recall=recaller(template, draft.path.parent, draft.date),
                    preview=lambda a: _settled(
                        template,
                        _with_carried(template, a, offered, draft.followups),
                        dt.date.fromisoformat(draft.date),
                    ),
                    typing={q: t for q, t in draft.typing.items() if template.question(q)},
                )
        except BaseException as exc:
            with stopping.ignored():  # a second signal must not cut the draft's saving short
                problem = _keep_typing(draft, ui)
            if not isinstance(exc, KeyboardInterrupt | EOFError):
                raise
            stopped = _stopped(draft, template, name, problem)
            raise InterviewInterrupted(stopped, draft.path) from None


def _keep_typing(draft: drafts.Draft, ui: UI) -> str | None:
    """Save the draft as it stands after a stop, with the text of the prompt stopped at
    (its answers stay as they are); what went wrong if it could not be saved."""
    stopped = ui.unfinished()
    if stopped is not None:
        qid, text = stopped
        if text.strip():
            draft.typing[qid] = text
        else:
            draft.typing.pop(qid, None)  # emptied before the stop: nothing is being typed
    if not (draft.path.exists() or draft.answers or draft.typing or draft.followups):
        return None  # stopped before anything was given: no draft is made
    try:
        drafts.save_draft(draft)
    except DtrError as exc:
        return str(exc)
    return None


def _stopped(draft: drafts.Draft, template: Template, name: str, problem: str | None) -> str:
    """What the mentor is told when the interview stops: what the draft keeps."""
    again = command_for(template.id, name)
    if problem:
        before = (
            f" It holds what was saved before ({draft.path}); to go on from there, run: {again}"
        )
        return f"Stopped. No note was written, and the draft could not be saved: {problem}" + (
            before if draft.path.exists() else ""
        )
    if not draft.path.exists():
        return "Stopped before the first answer; nothing was saved."
    kept = drafts.kept(draft)
    return (
        f"Stopped. No note was written; {kept} kept in the draft {draft.path}. "
        f"To pick up where you left off, run: {again}"
    )
