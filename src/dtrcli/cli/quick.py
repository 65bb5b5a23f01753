"""The plain forms of the listings mentors run most, answered without typer.

``dtr history``, ``dtr history NAME``, ``dtr search TEXT`` and ``dtr due``: importing typer and
building a command would take longer than many such listings do, so :func:`run`
answers these forms itself, with the same bodies (:mod:`dtrcli.cli.listed`), the same
start and the same end (:mod:`dtrcli.cli.guard`) as typer's commands. Every other
form (an option, one word more or less, a word starting with '-', a shell asking for
completions) goes to typer. Tests run each form both ways and compare what is printed
and the exit code.
"""

from __future__ import annotations

import os
import sys

# command -> how many words may follow it
FORMS: dict[str, tuple[int, ...]] = {"history": (0, 1), "search": (1,), "due": (0,)}


def form(args: list[str]) -> tuple[str, list[str]] | None:
    """(command, its words) when ``args`` is a plain form :func:`run` answers."""
    if not args or args[0] not in FORMS:
        return None
    command, *words = args
    if len(words) not in FORMS[command]:
        return None
    for word in words:
        if word.startswith("-"):  # an option, --help, '--': typer's to parse
            return None
        if os.name == "nt" and any(c in word for c in "*?["):
            return None  # click expands such words as file patterns on Windows
    if command == "history" and words and not words[0].strip():
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
    from dtrcli.cli import guard, listed

    try:
        guard.begin(command, words, debug=False)
        if command == "history":
            listed.history(words[0] if words else None, None, None, None, False)
        elif command == "search":
            listed.search(words[0], None, None, False)
        else:
            listed.due(False)
    except KeyboardInterrupt:  # Ctrl-C: exit 130, nothing said (as typer's path)
        return 130
    except EOFError:  # as click: a new line on stderr, exit 130
        sys.stderr.write("\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - guard.ended says each in one sentence
        return guard.ended(exc)
    return 0
