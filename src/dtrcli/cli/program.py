"""The program: bundle (the mentor's side) and report (the coordinator's)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dtrcli.cli.boundary import DtrGroup
from dtrcli.cli.options import MENTEE, ForceOpt, JsonOpt, check_output, write_text
from dtrcli.cli.output import markup_escape, print_json, templates
from dtrcli.errors import DtrError

if TYPE_CHECKING:
    from dtrcli.program.report import Group, Report

app = typer.Typer(
    name="program",
    cls=DtrGroup,
    help="Your shared notes as a bundle; many mentors' bundles as one report.\n\n"
    "For the program's roll-up of many pairs. "
    "Only what 'dtr share' would share goes into a bundle: never a private answer or a "
    '"Mentor only" note.',
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command(
    epilog="Examples: dtr program bundle --mentor 'Sam Lee' -o sam.json; "
    "dtr program bundle --pseudonyms --push git@example.org:school/mentoring.git"
)
def bundle(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME]...",
            click_type=MENTEE,
            help="The mentees (default: every mentee).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the bundle to FILE (a new file, outside dtr's notes folder); "
            "without -o or --push it goes to standard output.",
        ),
    ] = None,
    force: ForceOpt = False,
    mentor: Annotated[
        str | None,
        typer.Option(
            "--mentor", metavar="NAME", help="Your name or alias, as the program knows you."
        ),
    ] = None,
    pseudonyms: Annotated[
        bool,
        typer.Option(
            "--pseudonyms",
            help="Name you and your mentees by stable pseudonyms (mentor-…, mentee-…), the "
            "same in every bundle from this computer.",
        ),
    ] = False,
    share_outcome: Annotated[
        bool,
        typer.Option(
            "--share-outcome",
            help="Include each module's outcome (advancing or repeating), a private answer "
            "of the exit, as one word.",
        ),
    ] = False,
    push: Annotated[
        str | None,
        typer.Option(
            "--push",
            metavar="REMOTE",
            help="Commit the bundle to the program's git repository REMOTE and push it "
            "(one file per mentor and module, replacing your last one).",
        ),
    ] = None,
) -> None:
    """Your mentees' shared notes as one file for the program.

    Per mentee: program, module and dates; each conversation's day, kind and shared
    answers; check-ins (met, minutes); follow-ups counted; what is due. Private answers
    and "Mentor only" items are left out, as 'dtr share' leaves them out; the module's
    outcome only with --share-outcome.
    """
    check_output(output, force)
    if push is not None and not push.strip():
        raise DtrError(
            "--push needs the program's repository, e.g. --push "
            "git@example.org:school/mentoring.git; nothing was sent."
        )
    from dtrcli import dates
    from dtrcli.cli.output import no_mentee
    from dtrcli.notebook import finding, paths
    from dtrcli.program import bundle as bundling

    folders = [finding.folder(n, no_mentee(n)) for n in names] if names else paths.mentee_dirs()
    made = bundling.build(
        folders,
        templates(),
        dates.today(),
        mentor=mentor,
        pseudonyms=pseudonyms,
        share_outcome=share_outcome,
    )
    if push:
        from dtrcli import console
        from dtrcli.program import collect

        sent = collect.push(push, bundling.file_names(made), bundling.dumps, made["mentor_id"])
        console.info(f"Pushed {', '.join(sent)} to {push}.")
    if output is not None or not push:
        write_text(bundling.dumps(made), output, force)


@app.command(
    epilog="Examples: dtr program report bundles/; "
    "dtr program report clone/ -o report.html; dtr program report *.json --json"
)
def report(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="DIR|FILE...",
            help="Bundles, or folders holding them (a clone of the program's repository).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE as one HTML page (JSON with --json); nothing is "
            "written without it.",
        ),
    ] = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Many mentors' bundles rolled up, per program and module.

    Pairs; conversations held, due and missed by week; pairs stalled three weeks or more
    with no conversation or check-in; the weekly baseline; ratings; who continues. A file
    that is not a bundle dtr can read is named and left out; exit 1 only when none is.
    """
    check_output(output, force)
    from dtrcli import dates
    from dtrcli.exports.privacy import private_of
    from dtrcli.program import collect
    from dtrcli.program import report as rolling

    private = {tid: private_of(t) for tid, t in templates().items()}
    loaded, looked_at = collect.read_bundles(sources, private)
    if not loaded:
        what = (
            "no .json file was found there"
            if not looked_at
            else ("none of the files is a bundle dtr can read (each is named above)")
        )
        raise DtrError(
            f"There is nothing to report: {what}; give bundles made by "
            "'dtr program bundle', or folders holding them."
        )
    made = rolling.roll_up(loaded, dates.today(), looked_at)
    if as_json:
        if output is None:
            print_json(made.to_data())
            return
        import json

        text = json.dumps(made.to_data(), indent=2, ensure_ascii=False) + "\n"
        write_text(text, output, force)
        return
    if output is not None:
        from dtrcli.program import html

        write_text(html.page(made), output, force)
        return
    _print(made)


def _print(made: Report) -> None:
    from rich.table import Table

    from dtrcli import console

    out = console.out()
    mentors = len({m["mentor"] for m in made.mentors})
    out.print(
        f"Program report on {made.today.isoformat()}: {console.count(made.bundles, 'bundle')} "
        f"of {console.count(mentors, 'mentor')}."
    )
    summary = Table(box=console.box(), header_style="bold")
    for name in ("program", "module", "pairs", "mentors", "held", "due", "missed", "stalled"):
        summary.add_column(name, justify="left" if name in ("program", "module") else "right")
    for g in made.groups:
        summary.add_row(
            markup_escape(g.program or "-"),
            markup_escape(g.module or "-"),
            str(g.pairs),
            str(len(g.mentors)),
            str(g.states["held"]),
            str(g.states["due"]),
            str(g.states["missed"]),
            str(len(g.stalled)),
        )
    out.print(summary)
    for g in made.groups:
        out.print()
        out.print(f"[bold]{markup_escape(g.label)}[/bold]")
        for line in _facts(g):
            out.print(markup_escape(line))
        weeks = Table(box=console.box(), header_style="bold")
        for name in ("week of", "held", "due", "missed", "check-ins"):
            weeks.add_column(name, justify="left" if name == "week of" else "right")
        for monday, (held, due, missed, checkins) in sorted(g.weeks.items()):
            weeks.add_row(monday.isoformat(), str(held), str(due), str(missed), str(checkins))
        out.print(weeks)
        if g.stalled:
            stalled = Table(box=console.box(), header_style="bold", title="stalled 3+ weeks")
            for name in ("mentor", "mentee", "last noted", "days quiet"):
                stalled.add_column(name, justify="right" if name == "days quiet" else "left")
            for s in g.stalled:
                stalled.add_row(
                    markup_escape(s.mentor),
                    markup_escape(s.mentee),
                    s.since.isoformat(),
                    str(s.days),
                )
            out.print(stalled)
        else:
            out.print("No pair stalled 3+ weeks.")


def _facts(g: Group) -> list[str]:
    """The pairs' baseline, ratings, whether they continue, the outcome and follow-ups,
    a line each."""
    from dtrcli import console
    from dtrcli.program.report import CONTINUE_ORDER

    mean = g.rating_mean
    rated = sum(g.ratings.values())
    asked = sum(g.continues.values())
    lines = [
        f"Baseline (30+ minutes a week): met by {g.baseline['met']} of "
        f"{g.pairs} pairs, not met by {g.baseline['not met']}, "
        f"{g.baseline['not judged']} not judged yet.",
        f"Rating: {mean:.1f} on average from {console.count(rated, 'pair')} (latest each)."
        if mean is not None
        else "Rating: none given yet.",
        "Continue together: "
        + ", ".join(f"{g.continues[k]} {k.lower()}" for k in CONTINUE_ORDER)
        + f", {g.pairs - asked} not asked yet.",
    ]
    if g.outcome_pairs:
        lines.append(
            f"Outcome (shared for {g.outcome_pairs}): {g.outcomes['advancing']} advancing, "
            f"{g.outcomes['repeating']} repeating, {g.outcomes['not decided']} not decided."
        )
    f = g.followups
    lines.append(
        f"Follow-ups: {f['open']} open, {f['done']} done, {f['dropped']} dropped, "
        f"{f['carried']} carried; {console.count(g.checkins, 'check-in')}."
    )
    return lines
