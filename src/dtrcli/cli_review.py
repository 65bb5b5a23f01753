"""Commands for after the meeting: history, search, edit, share, summary, export."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dtrcli.clishared import (
    STDOUT_NAMES,
    ForceOpt,
    JsonOpt,
    NameArg,
    OutputOpt,
    complete_mentee,
    complete_template,
    json_text,
    markup_escape,
)
from dtrcli.errors import DtrError

WhichArg = Annotated[
    str,
    typer.Argument(
        metavar="WHICH",
        help="latest (default), a date YYYY-MM-DD, a conversation such as kickoff, or a file name.",
    ),
]
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        metavar="TEMPLATE",
        autocompletion=complete_template,
        help="Only this conversation, e.g. exit.",
    ),
]


def _since(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DtrError(f"--since {text!r} is not a date; use the form YYYY-MM-DD.") from None


def _templates() -> dict[str, Any]:
    from dtrcli.templates import load_registry

    return load_registry().templates


def _check_output(output: Path | None, force: bool) -> None:
    if output is not None and str(output) not in STDOUT_NAMES:
        from dtrcli import store

        store.check_output(output, force=force)


def _write(text: str, output: Path | None, force: bool) -> None:
    if output is None or str(output) in STDOUT_NAMES:
        typer.echo(text, nl=False)
        return
    from dtrcli import console, store

    store.write_output(output, text.encode("utf-8"), force=force)
    console.info(f"Wrote {output}.")


def history(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="The mentee (default: every mentee).",
            show_default=False,
            autocompletion=complete_mentee,
        ),
    ] = None,
    kind: KindOpt = None,
    since: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Only notes from this date on.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Show at most N notes.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List notes, newest first.

    Date, conversation, title and file; every mentee's without NAME.
    """
    from dtrcli import console, library

    notes = library.notes_of([name] if name else None, kind, _since(since))
    shown = notes[:limit] if limit else notes
    if as_json:
        typer.echo(
            json_text([library.note_summary(n) for n in shown], indent=2, ensure_ascii=False)
        )
        return
    if not notes:
        hint = f"dtr kickoff {name}" if name else "dtr kickoff NAME"
        console.info("No notes match." if kind or since else f"No notes yet; start with: {hint}")
        return
    label = library.labeler(notes)
    if limit is None and sys.stdout.isatty():
        shown = notes[: max(shutil.get_terminal_size().lines - 4, 5)]
    columns = ["date"] + ([] if name else ["mentee"]) + ["conversation", "title", "file"]
    console.table(
        columns,
        [
            [n.date, *([] if name else [label(n)]), n.template_id, n.title, n.path.name]
            for n in shown
        ],
        shrink=columns.index("title"),
    )
    if len(shown) < len(notes):
        more = len(notes) - len(shown)
        console.info(f"... and {more} older note{'s' if more > 1 else ''} (use --limit or --json).")


def search(
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="What to look for (any case).", show_default=False)
    ],
    mentee: Annotated[
        str | None, typer.Option(help="Only this mentee's notes.", autocompletion=complete_mentee)
    ] = None,
    kind: KindOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find text in the notes.

    Case-insensitive; each match with mentee, date, conversation, question and line.
    """
    from dtrcli import console, library, review

    if not text.strip():
        raise DtrError("Give some text to search for.")
    notes = library.notes_of([mentee] if mentee else None, kind)
    hits = review.search(text, notes)
    label = library.labeler(notes)
    if as_json:
        typer.echo(
            json_text(
                [
                    {
                        "mentee": label(h.note),
                        "date": h.note.date,
                        "conversation": h.note.template_id,
                        "question": h.question,
                        "question_id": h.qid,
                        "line": h.line,
                        "path": str(h.note.path),
                    }
                    for h in hits
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not hits:
        console.info(f"No note mentions {text!r}.")
        return
    from rich.text import Text

    out = console.out()
    for h in hits:
        head = Text(f"{h.note.date}  {label(h.note)}  {h.note.template_id}  ", style="bold")
        if h.line == h.question:  # the match is in the question itself: one line says it
            offset = len(head)
            head.append(h.question, style="dim")
            head.stylize("bold reverse", offset + h.start, offset + h.end)
            out.print(head)
            continue
        head.append(h.question, style="dim")
        out.print(head)
        line, start, end = review.snippet(h, max(40, out.width - 2))
        body = Text("  " + line)
        body.stylize("bold reverse", start + 2, end + 2)
        out.print(body)
    notes_hit = len({h.note.path for h in hits})
    console.info(
        f"{console.count(len(hits), 'match', 'matches')} in {console.count(notes_hit, 'note')}."
    )


def edit(name: NameArg, which: WhichArg = "latest") -> None:
    """Edit a note in your editor.

    Opens $VISUAL or $EDITOR, then checks dtr can still read the note.
    """
    import subprocess

    from dtrcli import console, library, review

    path = library.pick_path(name, which)
    # Read as bytes kept exactly (a note saved in another encoding can be opened to fix it).
    before = path.read_bytes().decode("utf-8", "surrogateescape")
    command = review.editor_command()
    try:
        if command is None:
            code = typer.launch(str(path), wait=True)
        else:
            code = subprocess.run([*command, str(path)], check=False).returncode
    except OSError as exc:
        tried = " ".join(command) if command else "the system's opener"
        raise DtrError(
            f"Could not start the editor {tried!r} ({exc.strerror}); set $VISUAL or $EDITOR "
            "to an editor on your PATH."
        ) from None
    if code != 0:
        raise DtrError(
            f"The editor stopped with exit code {code}; {path} is as the editor left it."
        )
    try:
        after = path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        from dtrcli import store

        if path.exists() or path.is_symlink():
            kept = review.keep_previous(path, before)
            raise DtrError(
                f"{path.name} cannot be read after the edit ({exc.strerror or exc}); the "
                f"version before it is kept at {kept}."
            ) from None
        back = store.write_new(path.parent, path.stem, before)
        raise DtrError(
            f"The editor removed {path.name}; dtr put the note back as it was ({back.name}). "
            "To delete a note, delete its file yourself."
        ) from None
    if after == before:
        console.info(f"No changes to {path.name}.")
        still = review.check_edit(before, after, path)
        if still:
            console.warn(f"{path.name} still cannot be read by dtr: {'; '.join(still)}.")
        return
    problems = review.check_edit(before, after, path)
    if problems:
        kept = review.keep_previous(path, before)
        raise DtrError(
            f"{path.name}: {'; '.join(problems)}. dtr cannot read the note this way; fix it with "
            f"'dtr edit {name} {path.name}' (the version before your edit is kept at {kept})."
        )
    console.info(f"Saved {path.name}.")


def share(
    name: NameArg,
    which: WhichArg = "latest",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="markdown (default) or slack.")
    ] = "markdown",
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """The mentee's copy of a note.

    Private answers and "Mentor only:" follow-ups are left out.
    """
    _check_output(output, force)
    from dtrcli import library, review

    if fmt not in ("markdown", "slack"):
        raise DtrError(f"--format {fmt!r} is not markdown or slack.")
    full = review.read_full(library.pick_note(name, which).path, warn=False)
    text = review.share_slack(full) if fmt == "slack" else review.share_markdown(full)
    _write(text, output, force)


def summary(name: NameArg, as_json: JsonOpt = False) -> None:
    """The module's conversations side by side.

    Topic by topic (from the templates' topic keys), with follow-ups done and open.
    """
    from dtrcli import console, followups, library, review

    folder = library.existing_folder(name)
    notes = library.read_notes(folder)
    templates = _templates()
    order, rows = review.module_summary(notes, templates)
    items = followups.mentee_followups(folder, templates)
    counts = {
        label: sum(1 for f in items if f.state == state)
        for state, label in followups.STATES.items()
    }
    open_items = [f.text for f in items if f.state == followups.OPEN]
    if as_json:
        typer.echo(
            json_text(
                {
                    "mentee": library.recorded_name(folder) or folder.name,
                    "conversations": {
                        t: next(n.date for n in notes if n.template_id == t) for t in order
                    },
                    "topics": {
                        topic: {
                            t: [{"question": q, "answer": a} for q, a in qa]
                            for t, qa in cells.items()
                        }
                        for topic, cells in rows
                    },
                    "followups": {**counts, "open_items": open_items},
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not notes:
        raise DtrError(f"There are no readable notes for '{name}' in {folder}.")
    from rich.table import Table
    from rich.text import Text

    dates = {t: next(n.date for n in notes if n.template_id == t) for t in order}
    title = Text(f"Module summary: {library.recorded_name(folder) or folder.name}", "bold")
    table = Table(show_lines=True, header_style="bold")
    table.add_column("topic", style="bold")
    for t in order:
        table.add_column(f"{t}\n{dates[t]}")
    for topic, cells in rows:
        table.add_row(
            # Two answers on one topic (e.g. technical and professional growth): a blank
            # line between them, so they do not read as one paragraph.
            topic,
            *(Text("\n\n".join(a for _, a in cells.get(t, [])) or "-") for t in order),
        )
    out = console.out()
    out.print(title)
    out.print(table)
    out.print(
        f"Follow-ups: {counts['done']} done, {counts['open']} open, "
        f"{counts['carried']} carried, {counts['dropped']} dropped."
    )
    for text in open_items:
        out.print(f"  [ ] {markup_escape(text)}")


def export(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="The mentee (default: every mentee).",
            show_default=False,
            autocompletion=complete_mentee,
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json (default) or markdown.")
    ] = "json",
    output: OutputOpt = None,
    force: ForceOpt = False,
    private: Annotated[
        bool,
        typer.Option(
            "--private/--no-private",
            help="Keep private answers and mentor-only items (the default, for a backup); "
            "--no-private leaves them out, as 'dtr share' does (for a coordinator).",
        ),
    ] = True,
) -> None:
    """Export notes as JSON or Markdown.

    Every note as data (json) or one document (markdown). The default is a full
    backup, private answers included; add --no-private for anyone but yourself.
    """
    _check_output(output, force)
    from dtrcli import library, review

    if fmt not in ("json", "markdown"):
        raise DtrError(f"--format {fmt!r} is not json or markdown.")
    notes = library.notes_of([name] if name else None)
    if fmt == "markdown":
        _write(review.export_markdown(notes, private=private), output, force)
        return
    templates = _templates()
    data = [review.note_data(n, templates, private=private) for n in notes]
    _write(json_text(data, indent=2, ensure_ascii=False, default=str) + "\n", output, force)
