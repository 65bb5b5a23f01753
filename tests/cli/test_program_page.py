"""The report's HTML page read back with an HTML parser (the standard library's): well
formed, nothing fetched and nothing run, the chart there with the report's numbers."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.cli.test_program import bundles, fixed_today  # noqa: F401 - the fixture
from tests.support.cli import ok

pytestmark = pytest.mark.timeout(60)

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster"}


class Page(HTMLParser):
    """Each element, its attributes and the text inside it; every problem of form."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.texts: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), list(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), list(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())

    def of(self, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        return [
            a
            for t, a, _ in self.elements
            if t == tag and (cls is None or cls in (a.get("class") or "").split())
        ]


@pytest.fixture
def page(dtr, tmp_path, monkeypatch) -> tuple[Page, str, dict]:
    folder = bundles(dtr, tmp_path, monkeypatch)
    target = tmp_path / "report.html"
    ok(dtr("program", "report", str(folder), "-o", str(target)))
    data = json.loads(ok(dtr("program", "report", str(folder), "--json")).stdout)
    text = Path(target).read_text(encoding="utf-8")
    parsed = Page()
    parsed.feed(text)
    parsed.close()
    return parsed, text, data


def test_the_page_is_well_formed(page):
    parsed, _, _ = page
    assert parsed.doctype
    assert parsed.problems == [] and parsed.stack == []
    assert [t for t, _, _ in parsed.elements][:3] == ["html", "head", "meta"]


def test_the_page_fetches_nothing_and_runs_nothing(page):
    parsed, text, _ = page
    tags = {t for t, _, _ in parsed.elements}
    assert not tags & {"script", "iframe", "object", "embed", "link", "img", "form", "base"}
    for tag, attrs, _ in parsed.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)  # no event handlers
            assert name not in URL_ATTRIBUTES, (tag, name, value)
    lowered = text.lower()
    for needle in ("http:", "https:", "//", "url(", "@import", "javascript:"):
        assert needle not in lowered, needle


def test_the_chart_and_the_numbers_are_the_reports(page):
    parsed, _, data = page
    charts = parsed.of("svg", "chart")
    assert len(charts) == len(data["groups"]) == 2
    held = [int(a["data-held"] or 0) for a in parsed.of("rect", "held")]
    missed = [int(a["data-missed"] or 0) for a in parsed.of("rect", "missed")]
    checkins = [int(a["data-checkins"] or 0) for a in parsed.of("rect", "checkins")]
    weeks = [w for g in data["groups"] for w in g["weeks"]]
    assert held == [w["held"] for w in weeks]
    assert missed == [w["missed"] for w in weeks]
    assert checkins == [w["checkins"] for w in weeks]
    assert sum(checkins) == sum(g["checkins"] for g in data["groups"]) == 3
    assert sum(held) == sum(g["conversations"]["held"] for g in data["groups"]) == 4
    # A bar is as tall as its number says: the tallest is the chart's height.
    be = [a for a in parsed.of("rect", "held")][: len(data["groups"][0]["weeks"])]
    tallest = max(be, key=lambda a: int(a["data-held"] or 0))
    assert float(tallest["height"] or 0) > 0
    for a in be:
        share = int(a["data-held"] or 0) / int(tallest["data-held"] or 1)
        assert float(a["height"] or 0) == pytest.approx(
            share * float(tallest["height"] or 0), abs=0.1
        )
    texts = parsed.texts
    assert "BE · module 2" in texts and "FE · module 1" in texts
    assert "Bob Ray" in texts and "22" in texts  # the stalled pair and its days
    assert "Conversations held per week, BE · module 2" in texts  # the chart's title


def test_the_page_prints(page):
    _, text, _ = page
    assert "@media print" in text and "break-inside: avoid" in text


def test_control_characters_from_a_bundle_never_reach_the_page(dtr, tmp_path, monkeypatch):
    """A NUL or an escape sequence in a bundle's names is shown as a visible mark, never
    written raw into the HTML (where a parser turns NUL into U+FFFD and a terminal
    showing the file would act on ESC)."""
    folder = bundles(dtr, tmp_path, monkeypatch)
    path = folder / "Sam.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["mentor"] = "Sam\x1b[31m"
    for mentee in data["mentees"]:
        mentee["module"] = "2\x00"
    path.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "report.html"
    ok(dtr("program", "report", str(folder), "-o", str(target)))
    text = target.read_text(encoding="utf-8")
    assert not [c for c in text if ord(c) < 32 and c not in "\n\t"], "raw control characters"
    assert "2^@" in text
