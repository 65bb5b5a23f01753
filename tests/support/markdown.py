"""Markdown as a real renderer reads it: markdown-it-py (CommonMark) with GitHub's
tables and strikethrough, and task lists from mdit-py-plugins.

The checks here look at the parsed tokens, not at strings: :func:`shown` is what a
viewer shows of an answer when all of it is plain text (None when any of it turned
into markup), :func:`list_items` what it shows of a list, task boxes included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(tasklists_plugin)


def lines_of(text: str) -> list[str]:
    """The lines a viewer shows of plain text: blank lines and indents do not show."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _plain(children: list[Token]) -> str | None:
    if any(c.type not in ("text", "softbreak") for c in children):
        return None
    return "".join("\n" if c.type == "softbreak" else c.content for c in children)


def shown(markdown: str) -> list[str] | None:
    """The lines a renderer shows of ``markdown`` (as :func:`lines_of` counts them) if it
    reads it as nothing but paragraphs of plain text and code blocks; else None."""
    out: list[str] = []
    for token in RENDERER.parse(markdown):
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type == "code_block":
            out += lines_of(token.content)
        elif token.type == "inline":
            text = _plain(token.children or [])
            if text is None:
                return None
            out += lines_of(text)
        else:
            return None
    return out


@dataclass
class Item:
    """One item of a rendered list."""

    task: bool  # rendered with a checkbox
    checked: bool
    text: str  # all its text, struck parts included
    struck: list[str] = field(default_factory=list)  # the parts shown struck through


def list_items(markdown: str) -> list[Item] | None:
    """The items of ``markdown`` if a renderer reads it as one flat list of one-line items
    whose only markup is a task box and strikethrough; else None."""
    tokens = RENDERER.parse(markdown)
    if not tokens or tokens[0].type != "bullet_list_open" or tokens[-1].type != "bullet_list_close":
        return None
    found: list[Item] = []
    for token in tokens[1:-1]:
        if token.type in ("list_item_open", "list_item_close", "paragraph_open"):
            continue
        if token.type == "paragraph_close":
            continue
        if token.type != "inline":
            return None
        children = list(token.children or [])
        item = Item(task=False, checked=False, text="")
        if children and children[0].type == "html_inline" and "checkbox" in children[0].content:
            item.task, item.checked = True, "checked" in children[0].content
            children = children[1:]
        struck = None
        for c in children:
            if c.type == "s_open":
                struck = ""
            elif c.type == "s_close" and struck is not None:
                item.struck.append(struck)
                struck = None
            elif c.type == "text":
                item.text += c.content
                struck = None if struck is None else struck + c.content
            else:
                return None
        item.text = item.text.strip()
        found.append(item)
    return found


def text_of(markdown: str) -> str:
    """All the text a renderer shows of ``markdown``, a line per line break (markup and
    the tags and comments it hides left out)."""
    out: list[str] = []
    for token in RENDERER.parse(markdown):
        if token.type == "inline":
            for c in token.children or []:
                if c.type in ("softbreak", "hardbreak"):
                    out.append("\n")
                elif c.type in ("text", "code_inline"):
                    out.append(c.content)
            out.append("\n")
        elif token.type in ("code_block", "fence"):
            out.append(token.content)
    return "".join(out)
