"""The report as one self-contained HTML page: no network, no JavaScript.

Styles are in the page, the chart of conversations held per week (and missed,
stacked above them) is inline SVG with its numbers written on it, and a print
style sheet keeps each program and module together on paper. Every text from
a bundle is escaped.
"""

from __future__ import annotations

from html import escape

from dtrcli.program.report import CONTINUE_ORDER, Group, Report
from dtrcli.visible import printable

CSS = """
:root { --ink: #1d2433; --soft: #5b6475; --line: #d9dde5; --held: #2f6db5;
  --missed: #c8553d; --paper: #ffffff; --band: #f4f6f9; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--paper); margin: 0 auto; max-width: 1000px;
  padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 18px 0 6px; color: var(--soft); text-transform: uppercase;
  letter-spacing: .04em; }
p.meta { color: var(--soft); margin: 0 0 20px; }
section.group { border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px;
  margin: 22px 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; background: var(--band); }
td.n, th.n { text-align: right; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 8px; padding: 0; }
.figures li { list-style: none; background: var(--band); border-radius: 6px;
  padding: 8px 10px; flex: 1 1 88px; }
.figures b { display: block; font-size: 22px; white-space: nowrap; }
.figures span { color: var(--soft); font-size: 13px; }
.warn b { color: var(--missed); }
svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
svg text.in { fill: #ffffff; font-weight: 600; }
.legend { color: var(--soft); font-size: 13px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
  gap: 0 24px; }
.none { color: var(--soft); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.group { break-inside: avoid; page-break-inside: avoid; border-color: #999; }
  th { background: #eee; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .figures li { border: 1px solid #bbb; background: none; padding: 4px 8px;
    flex-basis: 60px; }
  .figures b { font-size: 16pt; }
  a { color: inherit; text-decoration: none; }
}
"""

WIDTH, HEIGHT = 760, 220
LEFT, BOTTOM, TOP = 34, 34, 18


def _e(value: object) -> str:
    """A value from a bundle as HTML text: escaped, every control character made visible
    (as on the terminal), since a bundle is any file a mentor sent."""
    return escape(printable(str(value)), quote=True)


COLOURS = {"held": "#2f6db5", "checkins": "#9cc3e8", "missed": "#c8553d"}
LABELS = {
    "held": "conversations held",
    "checkins": "check-ins",
    "missed": "conversations missed (the window ended that week)",
}


def chart(group: Group, number: int = 1) -> str:
    """A bar a week: the conversations held, the check-ins above them and the missed
    conversations on top, each part with its number written in it (or just above)."""
    weeks = sorted(group.weeks.items())
    title = f"Conversations held per week, {group.label}"
    if not weeks:
        return f'<p class="none">No conversations to chart for {_e(group.label)}.</p>'
    top = max(h + m + k for _, (h, _d, m, k) in weeks) or 1
    inner_w, inner_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = inner_w / len(weeks)
    bar = max(min(slot * 0.7, 48), 2)
    every = max(1, round(len(weeks) / 12))  # at most a dozen date labels
    base = TOP + inner_h
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-{number}" '
        'class="chart">',
        f'<title id="chart-{number}">{_e(title)}</title>',
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - 8}" y2="{base}" stroke="#999"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top}</text>',
        f'<text x="{LEFT - 6}" y="{base}" text-anchor="end">0</text>',
    ]
    for at, (monday, (held, _due, missed, checkins)) in enumerate(weeks):
        x = LEFT + at * slot + (slot - bar) / 2
        label = f"week of {monday.isoformat()}: {held} held, {checkins} check-ins, {missed} missed"
        parts.append(f'<g class="week"><title>{_e(label)}</title>')
        y = float(base)
        for kind, value in (("held", held), ("checkins", checkins), ("missed", missed)):
            height = inner_h * value / top
            y -= height
            parts.append(
                f'<rect class="{kind}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{COLOURS[kind]}" data-{kind}="{value}"/>'
            )
            if value and slot >= 16:
                inside = height >= 14
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y + 11 if inside else y - 3:.1f}" '
                    f'text-anchor="middle" class="{"in" if inside else ""}">{value}</text>'
                )
        parts.append("</g>")
        if at % every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{base + 16}" '
                f'text-anchor="middle">{monday.strftime("%b %d")}</text>'
            )
    parts.append("</svg>")
    legend = "".join(
        f'<i style="background:{COLOURS[kind]}"></i>{_e(text)}' for kind, text in LABELS.items()
    )
    return "".join(parts) + f'<p class="legend">Weeks start on Monday.{legend}</p>'


def _figures(items: list[tuple[str, object, bool]]) -> str:
    cells = "".join(
        f'<li class="{"warn" if warn else ""}"><b>{_e(value)}</b><span>{_e(name)}</span></li>'
        for name, value, warn in items
    )
    return f'<ul class="figures">{cells}</ul>'


def _table(headers: list[str], rows: list[list[object]], numeric: set[int]) -> str:
    head = "".join(
        f'<th class="{"n" if i in numeric else ""}">{_e(h)}</th>' for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"n" if i in numeric else ""}">{_e(c)}</td>' for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def group_section(group: Group, number: int = 1) -> str:
    s = group.states
    mean = group.rating_mean
    figures = _figures(
        [
            ("pairs", group.pairs, False),
            ("mentors", len(group.mentors), False),
            ("held", s["held"], False),
            ("due now", s["due"], False),
            ("missed", s["missed"], s["missed"] > 0),
            ("stalled 3+ weeks", len(group.stalled), bool(group.stalled)),
            ("baseline met", f"{group.baseline['met']} of {group.pairs}", False),
            ("rating", f"{mean:.1f}" if mean is not None else "-", False),
        ]
    )
    weeks = _table(
        ["week of", "held", "due", "missed", "check-ins"],
        [[m.isoformat(), h, d, x, k] for m, (h, d, x, k) in sorted(group.weeks.items())],
        {1, 2, 3, 4},
    )
    if group.stalled:
        stalled = _table(
            ["mentor", "mentee", "last noted", "days quiet"],
            [[x.mentor, x.mentee, x.since.isoformat(), x.days] for x in group.stalled],
            {3},
        )
    else:
        stalled = (
            '<p class="none">No pair has gone three weeks without a conversation or check-in.</p>'
        )
    baseline = _table(
        ["baseline (weekly session of 30+ minutes)", "pairs"],
        [[k, group.baseline[k]] for k in ("met", "not met", "not judged")],
        {1},
    )
    ratings = _table(
        ["rating (latest per pair)", "pairs"],
        [[v, c] for v, c in sorted(group.ratings.items())] or [["none given", 0]],
        {1},
    )
    others = [k for k in sorted(group.continues) if k not in CONTINUE_ORDER]
    continues = _table(
        ["continue together next module?", "pairs"],
        [[k, group.continues[k]] for k in (*CONTINUE_ORDER, *others)]
        + [["not asked yet", group.pairs - sum(group.continues.values())]],
        {1},
    )
    extra = ""
    if group.outcome_pairs:
        extra = _table(
            [f"outcome (shared for {group.outcome_pairs} pairs)", "pairs"],
            [[k, group.outcomes[k]] for k in ("advancing", "repeating", "not decided")],
            {1},
        )
    followups = _table(
        ["follow-ups", "count"],
        [[k, group.followups[k]] for k in ("open", "done", "dropped", "carried")],
        {1},
    )
    return (
        f'<section class="group"><h2>{_e(group.label)}</h2>{figures}'
        f"<h3>Conversations and check-ins per week</h3>{chart(group, number)}{weeks}"
        f"<h3>Stalled pairs</h3>{stalled}"
        f'<div class="cols"><div><h3>Baseline</h3>{baseline}</div>'
        f"<div><h3>Ratings</h3>{ratings}</div>"
        f"<div><h3>Continuing</h3>{continues}{extra}</div>"
        f"<div><h3>Follow-ups</h3>{followups}</div></div></section>"
    )


def page(report: Report) -> str:
    """The whole page."""
    summary = _table(
        ["program · module", "pairs", "held", "due", "missed", "stalled", "baseline met"],
        [
            [
                g.label,
                g.pairs,
                g.states["held"],
                g.states["due"],
                g.states["missed"],
                len(g.stalled),
                g.baseline["met"],
            ]
            for g in report.groups
        ],
        {1, 2, 3, 4, 5, 6},
    )
    mentors = len({m["mentor"] for m in report.mentors})
    meta = (
        f"On {report.today.isoformat()}, from {report.bundles} bundles of {mentors} mentors "
        "(shared notes only: private answers and mentor-only notes never leave a mentor's "
        "computer)."
    )
    sections = "".join(group_section(g, n) for n, g in enumerate(report.groups, 1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Program report {_e(report.today.isoformat())}</title>"
        f"<style>{CSS}</style></head><body>"
        f'<h1>Program report</h1><p class="meta">{_e(meta)}</p>'
        f"{summary}{sections}</body></html>\n"
    )
