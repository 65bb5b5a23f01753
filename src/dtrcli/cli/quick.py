"""The plain forms of the commands mentors run most, answered without typer.

``dtr history [NAME]``, ``dtr search TEXT``, ``dtr due`` and ``dtr followups [NAME]``:
importing typer and building a command would take longer than many such listings do;
``dtr kickoff NAME`` (``--new`` too), ``midmod NAME``, ``exit NAME`` and ``checkin NAME``:
the first question should be on screen as soon as it can. :func:`run` answers these
forms itself, with the same bodies (:mod:`dtrcli.cli.listed`, :mod:`dtrcli.cli.held`),
the same start and the same end (:mod:`dtrcli.cli.guard`) as typer's commands. Every
other form (another option, one word more or less, a word starting with '-', a shell
asking for completions) goes to typer. Tests run each form both ways and compare what is
printed and the exit code.
"""

from __future__ import annotations

import os
import sys

# command -> how many words may follow it (flags left out)
FORMS: dict[str, tuple[int, ...]] = {
    "history": (0, 1),
    "search": (1,),
    "due": (0,),
    "followups": (0, 1),
    "kickoff": (1,),
    "midmod": (1,),
    "exit": (1,),
    "checkin": (1,),
}
FLAGS = {"kickoff": "--new"}  # the one flag a command's plain form may have (once)
CONVERSATIONS = ("kickoff", "midmod", "exit", "checkin")
NAMED = ("history", "followups", *CONVERSATIONS)  # their word is a mentee's name


def form(args: list[str]) -> tuple[str, list[str]] | None:
    """(command, its words) when ``args`` is a plain form :func:`run` answers."""
    if not args or args[0] not in FORMS:
        return None
    command, *words = args
    flag = FLAGS.get(command)
    named = [word for word in words if word != flag]
    if len(named) not in FORMS[command] or len(words) - len(named) > 1:
        return None
    for word in named:
        if word.startswith("-"):  # an option, --help, '--': typer's to parse
            return None
        if os.name == "nt" and any(c in word for c in "*?["):
            return None  # click expands such words as file patterns on Windows
    if command in NAMED and named and not named[0].strip():
        return None  # an empty NAME: typer's MENTEE type refuses it, as a usage mistake
    if "_DTR_COMPLETE" in os.environ:  # a shell asking for completions
        return None
    return command, words


def run(args: list[str]) -> int | None:
    """Run ``args`` if it is a plain form, returning the exit code; None when it is not
    (typer then runs it)."""
    found = form(args)
    if found is None:
        return None
    command, words = found
    from dtrcli.cli import guard

    try:
        guard.begin(command, words, debug=False)
        _answer(command, words)
    except KeyboardInterrupt:  # Ctrl-C: exit 130, nothing said (as typer's path)
        return 130
    except EOFError:  # as click: a new line on stderr, exit 130
        sys.stderr.write("\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - guard.ended says each in one sentence
        return guard.ended(exc)
    return 0


def _answer(command: str, words: list[str]) -> None:
    """The body of the plain form ``command`` with ``words``."""
    if command in CONVERSATIONS:
        from dtrcli.cli import held

        flag = FLAGS.get(command)
        name = next(word for word in words if word != flag)
        held.conversation(command, name, new=flag in words)
        return
    from dtrcli.cli import listed

    if command == "history":
        listed.history(words[0] if words else None, None, None, None, False)
    elif command == "search":
        listed.search(words[0], None, None, False)
    elif command == "followups":
        listed.followups(words[0] if words else None, False, False)
    else:
        listed.due(False)
