"""The bodies of history, search, due and followups, without typer: typer's commands call them,
and so does :mod:`dtrcli.cli.quick` for the plain forms it answers itself."""

from __future__ import annotations

import datetime as dt
import sys

from dtrcli.cli import listings
from dtrcli.cli.output import (
    date_option,
    kept_or_made,
    print_json,
    say_more,
    screen_rows,
    templates,
    views_of,
)
from dtrcli.errors import DtrError

TYPE_CHECKING = False  # typing is imported only by type checkers
if TYPE_CHECKING:
    from typing import Any


def kinds() -> set[str]:
    """The ids of every template dtr knows (the kinds --kind accepts)."""
    from dtrcli.conversation.templates import load_registry

    return set(load_registry().templates)


def history(
    name: str | None, kind: str | None, since: str | None, limit: int | None, as_json: bool
) -> None:
    """dtr history [NAME] [--kind] [--since] [--limit] [--json]."""
    from dtrcli.notebook import index

    # The rows listed, their cells and the lines printed are no garbage: at 100,000 notes
    # a scan of them all would only walk them again (twice, in the oldest generation).
    with index.uncollected():
        _history(name, kind, since, limit, as_json)


def _history(
    name: str | None, kind: str | None, since: str | None, limit: int | None, as_json: bool
) -> None:
    from dtrcli import console

    cut = limit
    if cut is None and not as_json and sys.stdout.isatty():
        cut = screen_rows()
    day = date_option(since, "--since")
    # A table needs no object for each note: its cells come a column at a time.
    shown, total, folders, _ = _listed(name, kind, day, cut, rows=True, columns=not as_json)
    synced = _synced()
    if as_json:
        from dtrcli.notebook.notes import note_summary

        print_json([note_summary(n) | synced(n.path) for n in shown])
        return
    if not shown:
        hint = f"dtr kickoff {name}" if name else "dtr kickoff NAME"
        console.info("No notes match." if kind or since else f"No notes yet; start with: {hint}")
        return
    columns = ["date"] + ([] if name else ["mentee"]) + ["conversation", "title", "file"]
    places = shown.places
    unsent = (
        []
        if synced is _unsynced
        else [
            not synced(places[f] / n).get("synced", True)
            for f, n in zip(shown.folder, shown.name, strict=True)
        ]
    )
    some_unsent = any(unsent)  # once, not per row
    cells = [shown.date] + ([] if name else [listings.labels(folders, shown.mentee, places)])
    cells += [shown.template_id, shown.title, shown.name]
    if some_unsent:
        columns.append("sync")
        cells.append(["not yet" if waiting else "" for waiting in unsent])
    console.table_of_columns(columns, cells, shrink=columns.index("title"))
    if len(shown) < total:
        more = total - len(shown)
        console.info(f"... and {more} older note{'s' if more > 1 else ''} (use --limit or --json).")
    if some_unsent:
        waiting = console.count(sum(unsent), "note")
        console.info(f"{waiting} not yet synced; dtr sync sends them.")


def search(text: str, mentee: str | None, kind: str | None, as_json: bool) -> None:
    """dtr search TEXT [--mentee] [--kind] [--json]."""
    from dtrcli import console
    from dtrcli import search as searching
    from dtrcli.notebook.names import labeler, read_labels

    if not text.strip():
        raise DtrError("Give some text to search for.")
    texts: list[str | None] = []
    notes, _, _, narrowed = _listed(
        mentee, kind, None, None, text.casefold(), rows=True, texts=texts
    )
    hits = searching.search(text, notes, narrowed=narrowed, texts=texts if narrowed else None)
    label = labeler()  # the notes read are those with hits: each folder's name is looked up
    read_labels(h.note for h in hits)  # what the index keeps of those names, at once
    if as_json:
        print_json(
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
            ]
        )
        return
    if not hits:
        console.info(f"No note mentions {text!r}.")
        return
    listings.print_hits(hits, label)
    notes_hit = len({id(h.note) for h in hits})  # one object a note: no path is made
    console.info(
        f"{console.count(len(hits), 'match', 'matches')} in {console.count(notes_hit, 'note')}."
    )


def due(as_json: bool) -> None:
    """dtr due [--json]: every mentee's rows as kept in the index when nothing they are
    made from changed (module.duecache), else made (and kept)."""
    kept_or_made(as_json, ("rows", "json"), _due_rows, _print_due)  # duecache's forms


def followups(name: str | None, due: bool, as_json: bool) -> None:
    """The body of ``dtr followups [NAME] [--due] [--json]``."""
    from dtrcli import console, dates
    from dtrcli.module import duedates
    from dtrcli.module.due import open_followups
    from dtrcli.notebook import finding, paths

    folders = [finding.folder(name)] if name else paths.mentee_dirs()
    items = open_followups(folders, templates(), every=not name)
    if not items:  # a listing that could read no note at all says so
        from dtrcli.notebook.notes import check_readable, read_notes

        if not any(read_notes(folder) for folder in folders):
            check_readable(folders, name)
    listed = duedates.all_dated(items)
    today = dates.today()
    undated = 0
    if due:
        shown = duedates.soonest_first(listed)
        undated, listed = len(listed) - len(shown), shown
    if as_json:
        print_json(
            [
                {
                    "mentee": d.item.mentee,
                    "date": d.item.date,
                    "conversation": d.item.template,
                    "text": d.item.text,
                    "owner": d.owner,
                    "due": d.due.isoformat() if d.due else None,
                    "overdue": d.due < today if d.due else False,
                    "file": d.item.path.name,
                    "path": str(d.item.path),
                }
                for d in listed
            ]
        )
        return
    if not listed:
        console.info("No open follow-ups with a due date." if due else "No open follow-ups.")
        return
    if not due:
        console.table_or_blocks(
            ("date", "mentee", "conversation", "follow-up"),
            [[d.item.date, d.item.mentee, d.item.template, d.item.text] for d in listed],
        )
        return
    rows, styles = [], []
    for d in listed:
        assert d.due is not None  # soonest_first keeps those with a due date
        late = d.due < today
        rows.append(
            [d.due.isoformat(), duedates.when_text(d.due, today), d.item.mentee, d.owner or "-"]
            + [d.item.text]
        )
        styles.append([None, "bold red" if late else None, None, None, None])
    console.table_or_blocks(("due", "when", "mentee", "owner", "follow-up"), rows, styles)
    if undated:
        console.info(
            f"{console.count(undated, 'more open follow-up')} without a due date: dtr followups"
            + (f" {name}" if name else "")
        )


def _due_rows(as_json: bool, today: dt.date, folders: list[Any], shown: int | None) -> Any:
    """What due prints: each view's data (``--json``), else the table's headers, rows and
    their styles, the (name, folder) of each mentee without a start date, how many
    mentees there are."""
    views = views_of(today, folders, shown)
    if as_json:
        return [v.to_data(today) for v in views]
    styles = {
        "done": "green",
        "due this week": "bold yellow",
        "overdue": "bold red",
        "upcoming": "dim",
        "missed": "dim",
    }
    names = [s.template for v in views for s in v.statuses]
    columns = list(dict.fromkeys(names))
    rows: list[list[str]] = []
    row_styles: list[list[str | None]] = []
    missing = []
    for v in views:
        if v.profile.start is None:
            missing.append((v.name, v.folder.name))
            continue
        cells = [v.name, v.week_text(today)]
        cell_styles: list[str | None] = [None, None]
        by_id = {s.template: s for s in v.statuses}
        for col in columns:
            s = by_id.get(col)
            cells.append(s.text() if s else "")
            cell_styles.append(styles.get(s.state) if s else None)
        baseline = v.baseline.text() if v.baseline else "-"
        cells.append(baseline)
        cell_styles.append("yellow" if v.baseline and v.baseline.missed else None)
        nd = v.next_date
        cells.append(f"{nd.date.isoformat()} {nd.label}" if nd else "-")
        cell_styles.append(None)
        rows.append(cells)
        row_styles.append(cell_styles)
    headers = ["mentee", "week", *columns, "weekly session", "next key date"]
    return headers, rows, row_styles, missing, len(folders)


def _print_due(as_json: bool, made: Any) -> None:
    from dtrcli import console, shell

    if as_json:
        print_json(made)
        return
    headers, rows, row_styles, missing, total = made
    if not total:
        console.info("No mentees yet; add one with: dtr mentee add NAME --start YYYY-MM-DD")
        return
    if rows:
        console.table_or_blocks(headers, rows, row_styles)
    say_more(total - len(rows) - len(missing), "mentee")
    for name, folder in missing:
        console.info(
            f"{name} has no module start date: "
            f"dtr mentee edit {shell.quote(folder)} --start YYYY-MM-DD"
        )


def _listed(
    name: str | None,
    kind: str | None,
    since: dt.date | None,
    limit: int | None,
    needle: str | None = None,
    rows: bool = False,
    texts: list[str | None] | None = None,
    columns: bool = False,
) -> tuple[Any, int, list[str], bool]:
    """The first ``limit`` notes of a mentee (every mentee's without ``name``), newest
    first, how many there are, each one's folder name and whether the index gave them
    (else the files did). ``needle`` (casefolded): only the notes that may mention it; ``rows``: the
    index's light rows (listing.Row) will do (and rows of the notes read from the files,
    except for a search: ``texts`` given, it looks at the notes themselves); ``texts``:
    filled as listing.notes fills it; ``columns``: the notes as one columns.Columns."""
    from dtrcli.notebook import finding, listing

    folders = [finding.folder(name)] if name else None
    found = listing.notes(
        folders, kind, since, kinds, limit, needle, name, rows=rows, texts=texts, columns=columns
    )
    if found is not None:
        return (*found, True)
    from dtrcli.notebook.notes import notes_of

    notes = notes_of([name] if name else None, kind, since, kinds)
    shown: list[Any] = notes[:limit] if limit else notes
    if columns:
        from dtrcli.notebook.columns import Columns

        places = {n.path.parent.name: n.path.parent for n in shown}
        made = Columns(
            places,
            [(n.path.parent.name, n.path.name, n.title, n.mentee, n.template_id, n.date)
             for n in shown],
        )  # fmt: skip
        return made, len(notes), made.folder, False
    if rows and texts is None:
        shown = [
            listing.Row(n.path.parent, n.path.name, n.title, n.mentee, n.template_id, n.date,
                        n.created)
            for n in shown
        ]  # fmt: skip
    return shown, len(notes), [n.path.parent.name for n in shown], False


def _synced() -> Any:
    """``path -> {"synced": bool}`` (a note's path) where sync is set up, else
    ``path -> {}`` (one git status a run, and only in a home that is a repository)."""
    import os

    from dtrcli.notebook import paths

    home = paths.data_home()
    if not os.path.lexists(home / ".git"):  # not set up: nothing more is imported or run
        return _unsynced
    from dtrcli.notebook import syncstatus

    waiting = syncstatus.unsynced()
    if waiting is None:
        return _unsynced

    def synced(path: Any) -> dict[str, bool]:
        try:
            where = path.relative_to(home).as_posix()
        except ValueError:
            return {}
        return {"synced": where not in waiting}

    return synced


def _unsynced(path: Any) -> dict[str, bool]:
    """What :func:`_synced` says of every note where sync is not set up: nothing."""
    return {}
