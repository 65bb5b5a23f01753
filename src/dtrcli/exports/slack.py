"""Slack: a mentee's copy of a note, made for pasting into Slack's message box.

The answers are read as the Markdown they are (with a CommonMark parser), and
each part is written the way Slack shows it: emphasis as ``_italic_``,
``*bold*`` and ``~struck~``, code as code, lists as bullet lines, headings in
bold, quotes as ``>``. A link becomes its text and its address (Slack links a
bare address itself), and what the note shows as typed (escaped characters,
``&amp;``) is written as the note shows it. Follow-ups carry their state:
``✅`` done, ``➡️`` carried, ``~struck~`` dropped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dtrcli.exports.privacy import shared_sections
from dtrcli.notebook import items, noteformat
from dtrcli.notebook.notes import FullNote

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_EMPHASIS = {"em": "_", "strong": "*", "s": "~"}
_MARKS = {items.DONE: "✅ ", items.CARRIED: "➡️ "}
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)


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
            lines += slack_text(answer, gfm=gfm).split("\n")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["strikethrough", "table"])


def slack_text(markdown: str, *, gfm: bool = True) -> str:
    """Markdown as Slack shows it; ``gfm``: follow-up states are written as GitHub tasks
    (else as boxes, as notes of format version 1 have them)."""
    md = _parser()
    source = markdown.split("\n")
    out: list[str] = []
    last = None  # the source line after the last block written
    # Each open list item: its indent, its bullet ("• ", "2. "), and whether it has a block.
    items_open: list[tuple[str, str, bool]] = []
    quoted = 0
    tokens = md.parse(markdown)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        kind = t.type
        if kind == "blockquote_open":
            quoted += 1
        elif kind == "blockquote_close":
            quoted -= 1
        elif kind == "list_item_open":
            line = source[t.map[0]] if t.map else ""
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            items_open.append((indent, f"{t.info}{t.markup} " if t.info else "• ", False))
        elif kind == "list_item_close":
            items_open.pop()
        elif t.map is not None and kind not in ("thead_open", "tbody_open", "tr_open"):
            text, i = _block(md, tokens, i, source, gfm)
            if text is None:
                continue
            if last is not None and t.map[0] > last and out:
                out.append("")
            last = t.map[1]
            out += _placed(text, items_open, quoted)
            continue
        i += 1
    return "\n".join(line.rstrip() for line in out)


def _placed(text: str, items_open: list[tuple[str, str, bool]], quoted: int) -> list[str]:
    """A block's lines with the bullet of its list item (or its indent) and quote marks."""
    lines = text.split("\n")
    if items_open:
        indent, head, started = items_open[-1]
        if started:
            lines = [f"{indent}  {line}" for line in lines]
        else:
            lines = [f"{indent}{head}{lines[0]}"] + [f"{indent}  {x}" for x in lines[1:]]
            items_open[-1] = (indent, head, True)
    if quoted:
        lines = [f"> {line}" for line in lines]
    return lines


def _block(
    md: MarkdownIt, tokens: list[Token], i: int, source: list[str], gfm: bool
) -> tuple[str | None, int]:
    """The Slack text of the block starting at ``tokens[i]``, and the index after it."""
    t = tokens[i]
    kind = t.type
    if kind == "paragraph_open":
        inline = tokens[i + 1]
        task = None
        if t.map is not None and t.map[0] < len(source):
            task = items.read_task(source[t.map[0]], gfm=gfm)
        if task is not None and inline.content.startswith(f"[{task.box}]"):
            rest = inline.content.split("\n", 1)[1:]
            words = _inline(md.parseInline("\n".join([task.words, *rest]))[0].children or [])
            if task.state == items.DROPPED:
                words = f"~{words}~"
            return _MARKS.get(task.state, "") + words, i + 3
        return _inline(inline.children or []), i + 3
    if kind == "heading_open":
        return f"*{_inline(tokens[i + 1].children or [])}*", i + 3
    if kind in ("code_block", "fence"):
        return "```\n" + t.content.rstrip("\n") + "\n```", i + 1
    if kind == "hr":
        return "---", i + 1
    if kind == "html_block":
        text = _COMMENT.sub("", t.content).strip("\n")
        return (text or None), i + 1
    if kind == "table_open":
        rows: list[str] = []
        cells: list[str] = []
        i += 1
        while tokens[i].type != "table_close":
            if tokens[i].type == "inline":
                cells.append(_inline(tokens[i].children or []))
            elif tokens[i].type == "tr_close":
                rows.append(" | ".join(cells))
                cells = []
            i += 1
        return "\n".join(rows), i + 1
    return None, i + 1


def _inline(children: list[Token]) -> str:
    """Inline Markdown as Slack shows it."""
    out: list[str] = []
    links: list[tuple[str, int, bool]] = []  # each open link: (address, start, autolink)
    for c in children:
        kind = c.type
        if kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in _EMPHASIS:
            out.append(_EMPHASIS[kind.rsplit("_", 1)[0]])
        elif kind == "code_inline":
            out.append(f"`{c.content}`")
        elif kind == "link_open":
            links.append((str(c.attrs.get("href", "")), len(out), c.markup == "autolink"))
        elif kind == "link_close" and links:
            href, start, auto = links.pop()
            words = "".join(out[start:])
            if not (auto or words in (href, href.removeprefix("mailto:"))):
                out.append(f" ({href})")
        elif kind == "image":
            alt = _inline(c.children or [])
            src = str(c.attrs.get("src", ""))
            out.append(f"{alt} ({src})" if alt else src)
        elif kind == "html_inline":
            if _BREAK_TAG.fullmatch(c.content):
                out.append("\n")
            elif not c.content.startswith("<!--"):
                out.append(c.content)  # a tag means nothing in Slack: shown as written
        else:
            out.append(c.content)
    return "".join(out)
