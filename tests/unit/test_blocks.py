"""parse_blocks: a note's body cut into its marked headings and the Markdown under each.

It finds the lines that start like a heading and slices the text between them; the
reference below reads the body a line at a time, as the format describes it. Both must
give the same blocks for any body made of the lines a note holds (marked questions and
sections, markers dtr cannot read, headings without a marker, text, blank lines)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dtrcli.notebook.noteformat import (
    _HEADING,
    MARKED_HEADING,
    MARKER,
    PRIVATE_SUFFIX,
    Block,
    parse_blocks,
)


def reference(body: str) -> list[Block]:
    """The body's blocks read a line at a time."""
    blocks: list[Block] = []
    buf: list[str] = []
    for number, line in enumerate(body.split("\n"), start=1):
        if MARKED_HEADING.match(line):
            if blocks:
                blocks[-1].raw = "\n".join(buf).strip("\n")
            buf = []
            start = line.rindex("<!")
            m = MARKER.search(line)
            heading = line[:start].strip().lstrip("#").strip()
            if m and m.start() == start and m.group(2):
                private = bool(m.group(3))
                if private and heading.endswith(PRIVATE_SUFFIX):
                    heading = heading[: -len(PRIVATE_SUFFIX)]
                blocks.append(Block("question", heading, m.group(2), private, line=number))
            elif m and m.start() == start:
                blocks.append(Block("section", heading, line=number))
            else:
                blocks.append(
                    Block("unreadable", heading, line=number, marker=line[start:].strip())
                )
            continue
        if blocks and line.startswith("#"):
            m = _HEADING.match(line)
            if m:
                blocks[-1].unmarked.append((number, m.group(1)))
        buf.append(line)
    if blocks:
        blocks[-1].raw = "\n".join(buf).strip("\n")
    return blocks


LINES = [
    "## How do you like to be reached? <!-- dtr:q contact -->",
    "## What worries you? (private) <!-- dtr:q worries private -->",
    "# Kick-off <!-- dtr:section -->",
    "   ### Indented <!-- dtr:q indented -->",
    "    ## Four spaces is code <!-- dtr:q code -->",
    "## A typo <!-- DTR:q typo -->",
    "## Another <!--dtr q other-->",
    "## Two <!-- dtr:q first --> <!-- dtr:q second -->",
    "####### Seven <!-- dtr:q seven -->",
    "#<!-- dtr:section -->",
    "## Trailing <!-- dtr:q after --> words",
    "## Heading without a marker",
    "# Top heading",
    "#not a heading",
    "  # indented, no marker",
    "Slack, mostly <!-- a comment -->",
    "- [ ] send the repo link",
    "_(no answer)_",
    "\\## escaped <!-- dtr:q escaped -->",
    "text with a carriage return\r",
    "## Marker then CR <!-- dtr:q cr -->\r",
    "",
    "   ",
    "plain words",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINES) | st.text(max_size=12), max_size=30), st.booleans())
def test_the_same_blocks_as_reading_a_line_at_a_time(lines: list[str], newline: bool) -> None:
    body = "\n".join(lines) + ("\n" if newline else "")
    assert parse_blocks(body) == reference(body)


def test_blocks_of_a_small_note() -> None:
    body = (
        "Intro before any marker\n"
        "## Contact <!-- dtr:q contact -->\n"
        "\n"
        "Slack\n"
        "### Notes\n"
        "more\n"
        "\n"
        "## Worries (private) <!-- dtr:q worries private -->\n"
        "none\n"
        "## Odd <!-- DTR:q odd -->\n"
    )
    blocks = parse_blocks(body)
    assert [(b.kind, b.heading, b.qid, b.private, b.line) for b in blocks] == [
        ("question", "Contact", "contact", False, 2),
        ("question", "Worries", "worries", True, 8),
        ("unreadable", "Odd", None, False, 10),
    ]
    assert blocks[0].raw == "Slack\n### Notes\nmore"
    assert blocks[0].unmarked == [(5, "Notes")]
    assert blocks[1].raw == "none"
    assert blocks[2].marker == "<!-- DTR:q odd -->"
    assert blocks[2].raw == ""
