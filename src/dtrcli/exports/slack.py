"""Slack: a mentee's copy of a note in Slack's own markup, ready to paste."""

from __future__ import annotations

import re

from dtrcli.exports.privacy import shared_sections
from dtrcli.notebook import items, noteformat
from dtrcli.notebook.noteformat import unescape
from dtrcli.notebook.notes import FullNote

_ITALIC = re.compile(r"(?<![*\w])\*(?![*\s])([^*]+?)(?<!\s)\*(?![*\w])")


def _slack_line(line: str, gfm: bool) -> str:
    task = items.read_task(line, gfm=gfm)
    if task:
        text = _slack_inline(task.words)
        if task.state == items.DROPPED:
            return f"{task.indent}• ~{text}~"
        mark = {items.DONE: "✅ ", items.CARRIED: "➡️ "}.get(task.state, "")
        return f"{task.indent}• {mark}{text}"
    m = items.BULLET.match(line)
    if m:
        return f"{m['indent']}• {_slack_inline(m['text'])}"
    return _slack_inline(re.sub(r"^#{1,6}\s+", "", unescape(line)), unescaped=True)


def _slack_inline(text: str, unescaped: bool = False) -> str:
    # dtr's own escape of a line that looks like its markers, and HTML comments, mean
    # nothing in Slack; Markdown *italic* is Slack _italic_ and **bold** is *bold*.
    if not unescaped:
        text = unescape(text)
    text = re.sub(r"\s*<!--.*?-->", "", text)
    text = _ITALIC.sub(r"_\1_", text)
    return re.sub(r"\*\*(.+?)\*\*", r"*\1*", text)


def share(full: FullNote) -> str:
    """Slack's own markup: *bold*, bullet lines, no headings; ready to paste."""
    n = full.note
    gfm = noteformat.gfm_tasks(noteformat.version_of(n.meta))
    lines = [f"*{n.title or n.template_id}* ({n.date})", ""]
    for title, answers in shared_sections(full):
        if title:  # sections in bold, questions in italics: the two read apart
            lines += [f"*{title}*", ""]
        for question, answer in answers:
            lines.append(f"_{question}_")
            lines += [_slack_line(line, gfm) for line in answer.split("\n")]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
