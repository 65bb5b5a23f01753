"""dtr program bundle and dtr program report: what a bundle holds (only what is shared),
pseudonyms, the roll-up of several mentors' homes, bad bundles, and a shared git repository."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest

from dtrcli import console
from dtrcli.notebook import index
from dtrcli.program import schema
from tests.support import homes
from tests.support.cli import ok, one_line_error

pytestmark = pytest.mark.timeout(60)

TODAY = dt.date(2026, 11, 25)  # a Wednesday of week 4 of a module that started 2026-11-03
START = dt.date(2026, 11, 3)
SECRET = "Xylophone42"  # on every private line: it must never be in a bundle


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dtrcli.dates.today", lambda: TODAY)


def use_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mentor: str) -> Path:
    """Another mentor's computer: its own data home and config folder (and so its key)."""
    for name, value in homes.folders(tmp_path / mentor).items():
        monkeypatch.setenv(name, value)
    index.reset()
    console.reset()
    return Path(os.environ["DTR_HOME"])


KICKOFF = {
    "meeting_time": "Tuesdays 18:00",
    "channel": "Slack",
    "focus_topic": "SQL joins",
    "module_concerns": f"Moving house mid-module.\n\nMentor only: {SECRET} at home.",
    "mentor_notes": f"Private: {SECRET} kickoff",
    "followups": ["Ann shares her repo", f"Mentor only: ask about {SECRET}"],
}
MIDMOD = {"module_rating": 4, "struggles": "Recursion", "mentor_notes": f"{SECRET} midmod"}
EXIT = {
    "module_rating": 5,
    "continue_next": "Yes",
    "outcome": "Repeating this module",
    "mentor_notes": f"{SECRET} exit",
}


def ann_home(home: Path) -> None:
    """Ann's module: kick-off, mid-module and exit held, two check-ins (one too short)."""
    homes.write_profile(home, "Ann Lee", program="BE", module="2", start=START)
    homes.write_note(home, "kickoff", "Ann Lee", "2026-11-03", KICKOFF)
    homes.write_note(
        home, "checkin", "Ann Lee", "2026-11-11", {"met": True, "session_minutes": "45"}
    )
    homes.write_note(
        home,
        "checkin",
        "Ann Lee",
        "2026-11-18",
        {"met": True, "session_minutes": "20", "blockers": f"Mentor only: {SECRET}"},
    )
    homes.write_note(home, "midmod", "Ann Lee", "2026-11-20", MIDMOD)
    homes.write_note(home, "exit", "Ann Lee", "2026-11-24", EXIT)


def test_a_bundle_holds_what_is_shared_and_nothing_private(dtr, home):
    ann_home(home)
    out = ok(dtr("program", "bundle", "--mentor", "Sam Lee")).stdout
    assert SECRET not in out and "Repeating" not in out and '"outcome"' not in out
    data = json.loads(out)
    schema.validate(data)  # a bundle as the report reads it
    assert (data["mentor"], data["pseudonyms"], data["outcome_shared"]) == ("Sam Lee", False, False)
    (ann,) = data["mentees"]
    assert (ann["mentee"], ann["program"], ann["module"]) == ("Ann Lee", "BE", "2")
    assert (ann["start"], ann["end"]) == ("2026-11-03", "2026-12-14")
    assert [(c["date"], c["kind"]) for c in ann["conversations"]] == [
        ("2026-11-03", "kickoff"),
        ("2026-11-20", "midmod"),
        ("2026-11-24", "exit"),
    ]
    kickoff = ann["conversations"][0]["answers"]
    assert kickoff["module_concerns"] == "Moving house mid-module."
    assert kickoff["followups"] == ["Ann shares her repo"]
    assert "mentor_notes" not in kickoff
    assert ann["checkins"] == [
        {"date": "2026-11-11", "met": True, "minutes": 45},
        {"date": "2026-11-18", "met": True, "minutes": 20},
    ]
    assert ann["followups"] == {"open": 1, "done": 0, "dropped": 0, "carried": 0}
    assert [r["value"] for r in ann["ratings"]] == [4, 5] and ann["continues"] == "Yes"
    assert [(s["kind"], s["held"]) for s in ann["schedule"]] == [
        ("kickoff", "2026-11-03"),
        ("midmod", "2026-11-20"),
        ("exit", "2026-11-24"),
    ]
    # Week 1 the kick-off, 2 a 45-minute session, 3 the mid-module conversation (the
    # 20-minute check-in alone would not do), 4 (this week) the exit.
    assert ann["baseline"] == {"met": True, "weeks_judged": 4, "weeks_met": 4}


def test_the_outcome_is_shared_only_when_the_mentor_says_so(dtr, home):
    ann_home(home)
    out = ok(dtr("program", "bundle", "--mentor", "Sam Lee", "--share-outcome")).stdout
    data = json.loads(out)
    assert data["outcome_shared"] is True and data["mentees"][0]["outcome"] == "repeating"
    assert SECRET not in out and "Repeating this module" not in out  # one word, not the answer


def test_pseudonyms_are_stable_and_hide_every_name(dtr, home, tmp_path, monkeypatch):
    ann_home(home)
    first = ok(dtr("program", "bundle", "--pseudonyms")).stdout
    again = ok(dtr("program", "bundle", "--pseudonyms", "ann-lee")).stdout
    assert "Ann" not in first and "Sam" not in first
    one, two = json.loads(first), json.loads(again)
    assert one["pseudonyms"] is True and one["mentor"] == one["mentor_id"]
    assert one["mentor"].startswith("mentor-") and one["mentees"][0]["mentee"].startswith("mentee-")
    assert (one["mentor"], one["mentees"][0]["mentee"]) == (
        two["mentor"],
        two["mentees"][0]["mentee"],
    )
    key = tmp_path / "config" / "dtr" / "program.key"
    assert key.is_file() and oct(key.stat().st_mode & 0o777) == "0o600"
    # Another computer (another key): other pseudonyms for the same names.
    ann_home(use_home(tmp_path, monkeypatch, "other"))
    other = json.loads(ok(dtr("program", "bundle", "--pseudonyms")).stdout)
    assert other["mentor"] != one["mentor"]
    assert other["mentees"][0]["mentee"] != one["mentees"][0]["mentee"]


def test_a_bundle_says_who_it_is_from(dtr, home):
    ann_home(home)
    one_line_error(dtr("program", "bundle"), "--mentor NAME", "--pseudonyms")
    one_line_error(dtr("program", "bundle", "nobody", "--mentor", "Sam"), "nobody")


# --- several mentors, one report ------------------------------------------------------------


def bob_home(home: Path) -> None:
    """Bob: a kick-off only, then nothing: stalled, and the mid-module conversation due."""
    homes.write_profile(home, "Bob Ray", program="BE", module="2", start=START)
    homes.write_note(home, "kickoff", "Bob Ray", "2026-11-02", KICKOFF)


def cy_home(home: Path) -> None:
    """Cy, in another module: no kick-off at all (missed), one check-in last week."""
    homes.write_profile(home, "Cy Dee", program="FE", module="1", start=dt.date(2026, 10, 27))
    homes.write_note(
        home, "checkin", "Cy Dee", "2026-11-19", {"met": True, "session_minutes": "60"}
    )


def bundles(dtr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three mentors' bundles in one folder: Sam (Ann), Kim (Bob), Lu (Cy)."""
    folder = tmp_path / "collected"
    folder.mkdir()
    for mentor, fill in (("Sam", ann_home), ("Kim", bob_home), ("Lu", cy_home)):
        fill(use_home(tmp_path, monkeypatch, mentor))
        out = folder / f"{mentor}.json"
        ok(dtr("program", "bundle", "--mentor", mentor, "-o", str(out)))
    return folder


def test_the_report_rolls_up_several_mentors(dtr, tmp_path, monkeypatch):
    folder = bundles(dtr, tmp_path, monkeypatch)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    data = json.loads(ok(dtr("program", "report", str(folder), "--json")).stdout)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written
    assert (data["today"], data["bundles"], data["files"]) == ("2026-11-25", 3, 3)
    be, fe = data["groups"]
    assert (be["program"], be["module"], be["pairs"], be["mentors"]) == ("BE", "2", 2, 2)
    # Ann's three held; Bob's kick-off held, mid-module due, exit upcoming.
    assert be["conversations"] == {"held": 4, "due": 1, "missed": 0, "upcoming": 1}
    assert [s["mentee"] for s in be["stalled"]] == ["Bob Ray"]
    assert be["stalled"][0] == {
        "mentor": "Kim",
        "mentee": "Bob Ray",
        "since": "2026-11-03",
        "days": 22,
    }
    assert be["baseline"] == {"met": 1, "not met": 1, "not judged": 0}  # Ann met, Bob not
    assert be["ratings"] == {"count": 1, "mean": 5.0, "values": {"5": 1}}
    assert be["continues"] == {"Yes": 1, "Not sure yet": 0, "No": 0}
    assert be["followups"]["open"] == 2
    weeks = {w["week"]: w for w in be["weeks"]}
    assert weeks["2026-11-02"]["held"] == 2  # both kick-offs (Bob's the Monday before)
    assert weeks["2026-11-16"]["held"] == 1 and weeks["2026-11-23"]["held"] == 1
    assert sum(w["held"] for w in be["weeks"]) == 4
    assert weeks["2026-11-09"]["checkins"] == 1 and weeks["2026-11-16"]["checkins"] == 1
    assert [w["week"] for w in be["weeks"]][:3] == ["2026-11-02", "2026-11-09", "2026-11-16"]
    assert (fe["program"], fe["module"], fe["pairs"]) == ("FE", "1", 1)
    assert fe["conversations"]["missed"] == 2  # no kick-off, no mid-module (weeks 3-4 over)
    assert fe["stalled"] == []  # a check-in six days ago
    text = ok(dtr("program", "report", str(folder))).stdout
    assert "BE" in text and "Bob Ray" in text and "stalled 3+ weeks" in text
    assert "3 bundles of 3 mentors" in text
    assert "Continue together: 1 yes, 0 not sure yet, 0 no, 1 not asked yet." in text
    assert "Baseline (30+ minutes a week): met by 1 of 2 pairs, not met by 1" in text
    assert "Rating: 5.0 on average from 1 pair" in text


def test_a_newer_bundle_of_the_same_mentor_and_module_replaces_the_older(
    dtr, home, tmp_path, monkeypatch
):
    folder = tmp_path / "collected"
    folder.mkdir()
    homes.write_profile(home, "Ann Lee", program="BE", module="2", start=START)
    ok(dtr("program", "bundle", "--mentor", "Sam", "-o", str(folder / "monday.json")))
    homes.write_note(home, "kickoff", "Ann Lee", "2026-11-03", KICKOFF)
    older = json.loads((folder / "monday.json").read_text())
    older["made"] = "2026-11-23T08:00:00+00:00"
    (folder / "monday.json").write_text(json.dumps(older))
    ok(dtr("program", "bundle", "--mentor", "Sam", "-o", str(folder / "friday.json")))
    (be,) = json.loads(ok(dtr("program", "report", str(folder), "--json")).stdout)["groups"]
    assert be["pairs"] == 1 and be["conversations"]["held"] == 1
    # Two made in the same second: still one pair, not two.
    (folder / "monday.json").write_text((folder / "friday.json").read_text())
    (be,) = json.loads(ok(dtr("program", "report", str(folder), "--json")).stdout)["groups"]
    assert be["pairs"] == 1


BAD = {
    "not-a-bundle.json": ("[1, 2, 3]", "is not a dtr bundle"),
    "newer.json": (None, "of bundle schema 2, newer than this dtr reads (1)"),
    "private.json": (None, "a private answer"),
    "extra.json": (None, "mentees[0].notes is not a field a bundle may hold"),
    "cut.json": (None, "ends before its JSON does"),
    "empty.json": ("", "is empty"),
    "text.json": ("hello there", "not JSON"),
}


def test_bad_bundles_are_named_and_left_out(dtr, home, tmp_path):
    ann_home(home)
    folder = tmp_path / "collected"
    folder.mkdir()
    good = ok(dtr("program", "bundle", "--mentor", "Sam")).stdout
    (folder / "good.json").write_text(good)
    data = json.loads(good)
    changed = {
        "newer.json": {**data, "dtr_bundle": 2},
        "private.json": json.loads(good.replace('"focus_topic"', '"mentor_notes"')),
        "extra.json": {**data, "mentees": [{**data["mentees"][0], "notes": "x"}]},
    }
    for name, (text, _) in BAD.items():
        if name == "cut.json":
            text = good[: len(good) // 2]
        elif text is None:
            text = json.dumps(changed[name])
        (folder / name).write_text(text)
    result = ok(dtr("program", "report", str(folder), "--json"))
    report = json.loads(result.stdout)
    assert report["bundles"] == 1 and report["files"] == 1 + len(BAD)
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == len(BAD), result.stderr
    for name, (_, reason) in BAD.items():
        (line,) = [w for w in warnings if f"{folder / name} is left out of the report" in w]
        assert reason in line, line
    assert SECRET not in result.stdout
    # None readable: one sentence, exit 1.
    (folder / "good.json").unlink()
    result = dtr("program", "report", str(folder))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].startswith("error: There is nothing to report")
    (tmp_path / "empty").mkdir()
    one_line_error(dtr("program", "report", str(tmp_path / "empty")), "no .json file was found")
    result = dtr("program", "report", str(tmp_path / "not-there.json"))
    assert (
        result.exit_code == 1
        and "not-there.json is left out of the report: it does not exist" in result.stderr
    )


def test_the_report_page_is_written_only_with_o(dtr, tmp_path, monkeypatch):
    folder = bundles(dtr, tmp_path, monkeypatch)
    page = tmp_path / "report.html"
    ok(dtr("program", "report", str(folder), "-o", str(page)))
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    one_line_error(dtr("program", "report", str(folder), "-o", str(page)), "--force")
    ok(dtr("program", "report", str(folder), "-o", str(page), "--force"))


# --- a shared repository -----------------------------------------------------------------


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def test_bundles_pushed_to_a_shared_repository(dtr, tmp_path, monkeypatch):
    remote = tmp_path / "program.git"
    git("init", "-q", "--bare", str(remote))
    ids = {}
    for mentor, fill in (("Sam", ann_home), ("Kim", bob_home), ("Lu", cy_home)):
        fill(use_home(tmp_path, monkeypatch, mentor))
        result = ok(dtr("program", "bundle", "--pseudonyms", "--push", str(remote)))
        assert result.stdout == "" and "Pushed mentor-" in result.stderr
        ids[mentor] = json.loads(ok(dtr("program", "bundle", "--pseudonyms")).stdout)["mentor_id"]
    # Sam pushes again after a check-in: the same file, replaced, not a second one.
    home = use_home(tmp_path, monkeypatch, "Sam")
    homes.write_note(
        home, "checkin", "Ann Lee", "2026-11-25", {"met": True, "session_minutes": "40"}
    )
    ok(dtr("program", "bundle", "--pseudonyms", "--push", str(remote)))
    listed = git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", "HEAD").split()
    assert sorted(listed) == sorted(
        [f"{ids['Sam']}/be-2.json", f"{ids['Kim']}/be-2.json", f"{ids['Lu']}/fe-1.json"]
    )
    log = git("--git-dir", str(remote), "log", "--format=%an", "HEAD").split()
    assert len(log) == 4 and set(log) == set(ids.values())  # authors: the pseudonyms
    clone = tmp_path / "clone"
    git("clone", "-q", str(remote), str(clone))
    data = json.loads(ok(dtr("program", "report", str(clone), "--json")).stdout)
    assert data["bundles"] == 3
    be = data["groups"][0]
    assert be["pairs"] == 2 and be["checkins"] == 3  # Sam's latest bundle, with its check-in
    assert "Ann" not in json.dumps(data)


def test_a_push_to_a_repository_that_is_not_there_is_one_sentence(dtr, home, tmp_path):
    ann_home(home)
    result = dtr("program", "bundle", "--mentor", "Sam", "--push", str(tmp_path / "none.git"))
    one_line_error(result, "git clone failed")


def test_a_private_answer_that_lost_its_marker_stops_the_bundle(dtr, home):
    ann_home(home)
    note = home / "ann-lee" / "2026-11-20-midmod.md"
    text = note.read_text(encoding="utf-8")
    marker = " <!-- dtr:q mentor_notes private -->"
    assert marker in text
    note.write_text(text.replace(marker, ""), encoding="utf-8")
    err = one_line_error(dtr("program", "bundle", "--mentor", "Sam"), "private question")
    assert note.name in err and f"dtr edit ann-lee {note.name}" in err
    page = home.parent / "sam.json"
    one_line_error(dtr("program", "bundle", "--mentor", "Sam", "-o", str(page)))
    assert not page.exists()  # nothing half-written


def test_no_mentees_no_bundle(dtr):
    one_line_error(dtr("program", "bundle", "--mentor", "Sam"), "no mentees to bundle")


def test_the_report_as_json_in_a_file_and_names_escaped_in_the_page(dtr, home, tmp_path):
    ann_home(home)
    folder = tmp_path / "collected"
    folder.mkdir()
    mentor = '<script>alert("x")</script> & Co'
    ok(dtr("program", "bundle", "--mentor", mentor, "-o", str(folder / "a.json")))
    ok(dtr("program", "report", str(folder), "--json", "-o", str(tmp_path / "r.json")))
    assert json.loads((tmp_path / "r.json").read_text())["mentors"][0]["mentor"] == mentor
    # A mentor's name never becomes markup: the stalled table shows it as typed.
    data = json.loads((folder / "a.json").read_text())
    data["mentees"][0]["conversations"] = data["mentees"][0]["checkins"] = []
    (folder / "a.json").write_text(json.dumps(data))
    ok(dtr("program", "report", str(folder), "-o", str(tmp_path / "r.html")))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (
        "<script" not in page
        and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page
    )
    assert "[bold]" not in ok(dtr("program", "report", str(folder))).stdout


def test_a_push_that_loses_a_race_is_fetched_and_tried_again(dtr, home, tmp_path, monkeypatch):
    from dtrcli.program import collect

    remote = tmp_path / "program.git"
    git("init", "-q", "--bare", str(remote))
    other = tmp_path / "other-mentor"
    git("clone", "-q", str(remote), str(other))
    (other / "mentor-other").mkdir()
    (other / "mentor-other" / "be-2.json").write_text("{}\n")
    git("-c", "user.name=o", "-c", "user.email=o@x", "add", ".", cwd=other)
    git("-c", "user.name=o", "-c", "user.email=o@x", "commit", "-qm", "first", cwd=other)
    git("push", "-q", "origin", "HEAD", cwd=other)
    branch = collect._branch

    def and_another_mentor_pushes(repo):  # between this clone and its push
        (other / "mentor-other" / "be-2.json").write_text('{"newer": true}\n')
        git("-c", "user.name=o", "-c", "user.email=o@x", "commit", "-qam", "again", cwd=other)
        git("push", "-q", "origin", "HEAD", cwd=other)
        return branch(repo)

    monkeypatch.setattr(collect, "_branch", and_another_mentor_pushes)
    ann_home(home)
    ok(dtr("program", "bundle", "--mentor", "Sam", "--push", str(remote)))
    listed = git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", "HEAD").split()
    assert len(listed) == 2 and "mentor-other/be-2.json" in listed
    newer = git("--git-dir", str(remote), "show", "HEAD:mentor-other/be-2.json")
    assert newer == '{"newer": true}\n'  # the other mentor's push kept


def test_a_note_on_no_day_of_the_calendar_is_named_and_left_out(dtr, home):
    ann_home(home)
    note = home / "ann-lee" / "2026-11-11-checkin.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("date: 2026-11-11", "date: '2026-11-31'"),
        encoding="utf-8",
    )
    assert "'2026-11-31'" in note.read_text(encoding="utf-8")
    result = ok(dtr("program", "bundle", "--mentor", "Sam"))
    assert f"{note}: its date '2026-11-31' is not a day of the calendar" in result.stderr
    (ann,) = json.loads(result.stdout)["mentees"]
    assert [c["date"] for c in ann["checkins"]] == ["2026-11-18"]
