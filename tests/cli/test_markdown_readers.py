"""Files other tools read: a note, a shared copy and an export in any Markdown viewer
(checked with markdown-it-py and its task lists, as GitHub, VS Code, pandoc and Obsidian
read them), and a Slack copy pasted into Slack."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import DATA
from tests.support.cli import ok, runner
from tests.support.homes import add_note, set_box
from tests.support.markdown import list_items, text_of

TYPED = "Alum, now at Acme & Co <backend>"
FOLLOWUPS = [
    "Sam: read *Clean Code* & `git rebase`",
    "Ann: book [the room]",
    "*Mentor only*: ask about her visa SECRET",
    "Ann: try <div> tags",
]
ANSWERS = {
    "meeting_time": "Tuesdays 18:00",
    "channel": "Slack",
    "mentee_background": f"{TYPED}\n# not a heading\n1. not a list\nsee <!-- dtr:q x -->\n\n"
    "    indented, as typed",
    "review_topics": ["Ruby *enumerables*", "Hashes & sets"],
    "followups": FOLLOWUPS,
}
SHARED = [f for f in FOLLOWUPS if "SECRET" not in f]
LINES = (TYPED, "# not a heading", "1. not a list", "see <!-- dtr:q x -->")


def _note(dtr) -> Path:
    return add_note(runner(dtr), "kickoff", "Ann", "2026-11-02", ANSWERS)


def _section(markdown: str, heading: str) -> str:
    """The Markdown under ``heading`` up to the next heading or bold question."""
    after = markdown.split(heading, 1)[1]
    lines = []
    for line in after.split("\n")[1:]:
        if line.startswith(("#", "**")):
            break
        lines.append(line)
    return "\n".join(lines).strip()


def test_an_answer_reads_as_typed_in_every_markdown_copy(dtr, home):
    note = _note(dtr)
    copies = {
        "note": note.read_text(encoding="utf-8"),
        "share": ok(dtr("share", "ann")).stdout,
        "export": ok(dtr("export", "ann", "-f", "markdown")).stdout,
        "export --no-private": ok(dtr("export", "ann", "-f", "markdown", "--no-private")).stdout,
    }
    for name, markdown in copies.items():
        shown = text_of(markdown)
        for line in (*LINES, "indented, as typed"):
            assert line in shown.split("\n"), (name, line)
        for topic in ANSWERS["review_topics"]:
            assert topic in shown.split("\n"), (name, topic)
    data = json.loads(ok(dtr("export", "ann")).stdout)[0]
    assert data["answers"]["mentee_background"] == ANSWERS["mentee_background"]
    assert data["answers"]["followups"] == FOLLOWUPS


def test_the_shared_follow_ups_are_tasks_as_typed(dtr, home):
    note = _note(dtr)
    set_box(note, "Sam", "x")
    set_box(note, "Ann: book", "-")
    share = ok(dtr("share", "ann")).stdout
    tasks = list_items(_section(share, "**What are the follow-ups, and who's doing each one?**"))
    assert tasks is not None
    assert [(t.checked, t.text) for t in tasks] == [
        (True, SHARED[0]),
        (True, f"{SHARED[1]} (dropped)"),
        (False, SHARED[2]),
    ]
    assert "SECRET" not in share  # "*Mentor only*:" as typed still is one


def test_search_finds_what_was_typed(dtr, home):
    _note(dtr)
    for needle, line in (
        ("<backend>", TYPED),
        ("*clean code* & `git", f"- [ ] {FOLLOWUPS[0]}"),
        ("[the room]", f"- [ ] {FOLLOWUPS[1]}"),
    ):
        hits = json.loads(ok(dtr("search", needle, "--json")).stdout)
        assert [h["line"] for h in hits] == [line], needle


def test_follow_up_states_everywhere(dtr, home):
    note = _note(dtr)
    set_box(note, "Sam", "x")
    set_box(note, "Ann: book", "-")
    set_box(note, "Ann: try", ">")
    open_ = json.loads(ok(dtr("followups", "ann", "--json")).stdout)
    assert [f["text"] for f in open_] == [FOLLOWUPS[2]]
    summary = json.loads(ok(dtr("summary", "ann", "--json", "--private")).stdout)["followups"]
    assert {k: summary[k] for k in ("done", "open", "carried", "dropped")} == {
        "done": 1,
        "open": 1,
        "carried": 1,
        "dropped": 1,
    }
    shared = json.loads(ok(dtr("summary", "ann", "--json")).stdout)["followups"]
    assert shared["open"] == 0  # the open one is "Mentor only"
    data = json.loads(ok(dtr("export", "ann")).stdout)[0]
    assert [(f["text"], f["state"]) for f in data["followups"]] == [
        (FOLLOWUPS[0], "done"),
        (FOLLOWUPS[1], "dropped"),
        (FOLLOWUPS[2], "open"),
        (FOLLOWUPS[3], "carried"),
    ]
    assert data["answers"]["followups"] == FOLLOWUPS  # the words, without the marks
    slack = ok(dtr("share", "ann", "-f", "slack")).stdout.splitlines()
    assert "• ✅ Sam: read *Clean Code* & `git rebase`" in slack
    assert "• ~Ann: book [the room]~" in slack
    assert "• ➡️ Ann: try <div> tags" in slack


def test_a_note_of_format_version_1_in_every_command(dtr, home):
    folder = home / "alice"
    folder.mkdir(parents=True)
    (folder / "2026-11-02-kickoff.md").write_bytes((DATA / "kickoff-v1.md").read_bytes())
    open_ = json.loads(ok(dtr("followups", "alice", "--json")).stdout)
    assert open_ == []  # done, done, carried, dropped
    data = json.loads(ok(dtr("export", "alice")).stdout)[0]
    assert [f["state"] for f in data["followups"]] == ["done", "done", "carried", "dropped"]
    assert data["answers"]["review_topics"][0] == "Ruby <enumerables>"
    slack = ok(dtr("share", "alice", "-f", "slack")).stdout.splitlines()
    assert "• ✅ Alice shares her _repo_" in slack  # Markdown in a note of version 1
    assert "• ➡️ Book a room" in slack
    hits = json.loads(ok(dtr("search", "Acme & Co", "--json")).stdout)
    assert [h["line"] for h in hits] == [TYPED]


def test_slack_copy_is_for_pasting_into_slack(dtr, home):
    note = _note(dtr)
    text = note.read_text(encoding="utf-8")
    # Markdown written by hand in an editor: Slack gets its own markup for it.
    hand = (
        "See [the guide](https://example.org/guide), <https://example.org> and "
        "[https://x.org](https://x.org).\n**Bold**, _quiet_, ~~gone~~, `code`, Q&amp;A\n\n"
        "- one\n  - two\n\n> quoted"
    )
    note.write_text(text.replace("Hashes & sets\n", f"Hashes & sets\n\n{hand}\n"), "utf-8")
    slack = ok(dtr("share", "ann", "-f", "slack")).stdout
    lines = slack.splitlines()
    assert (
        "See the guide (https://example.org/guide), https://example.org and https://x.org." in lines
    )
    assert "*Bold*, _quiet_, ~gone~, `code`, Q&A" in lines
    assert "• one" in lines and "  • two" in lines and "> quoted" in lines
    # What was typed reads as typed: no escapes, no Markdown link syntax, no tags lost.
    assert all(line in lines for line in LINES)
    assert "• Ruby *enumerables*" in lines and "• Hashes & sets" in lines
    assert "\\" not in slack and "](" not in slack
