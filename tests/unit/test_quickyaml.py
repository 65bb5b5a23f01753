"""The fast front-matter reader agrees with PyYAML wherever it answers at all."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dtrcli.notebook import quickyaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pyyaml(text: str):
    return yaml.load(text, Loader=LOADER)


def test_reads_the_front_matter_dtr_writes():
    text = (
        "title: 'Module kick-off DTR: Zoë-Ann O''Neil'\n"
        "mentee: Zoë-Ann O'Neil\n"
        "template: kickoff\n"
        "template_version: 1\n"
        "date: 2026-11-29\n"
        "created: '2026-11-29T01:53:48+00:00'\n"
        "tags:\n- dtr\n- kickoff\n"
        "dtr_format: 1\n"
    )
    data = quickyaml.load(text)
    assert data == {
        "title": "Module kick-off DTR: Zoë-Ann O'Neil",
        "mentee": "Zoë-Ann O'Neil",
        "template": "kickoff",
        "template_version": 1,
        "date": dt.date(2026, 11, 29),
        "created": "2026-11-29T01:53:48+00:00",
        "tags": ["dtr", "kickoff"],
        "dtr_format": 1,
    }
    assert data == pyyaml(text)


def test_leaves_everything_else_to_pyyaml():
    for text in (
        "date: 2026-13-45\n",  # PyYAML raises on it: not for the fast path to judge
        "done: yes\n",  # a YAML 1.1 boolean
        "mode: 0755\n",  # octal
        "a: b # comment\n",
        "a: {b: c}\n",
        "a: 'x'\n  continued\n",
        "list:\n  - indented\n",
        "a: 1\na: 2\n",
        "- a list at the top\n",
        'a: "double"\n',
        "# only a comment\n",
        "",
        "a: x\u2028y\n",
        "a: x\r\n",
        "a:x\n",
        "a: x\ufeff\n",
        "yes: x\n",
        "key: value\n- item after a value\n",
    ):
        assert quickyaml.load(text) is None, text


KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("'\":#-?&*!|>% \t")),
    max_size=30,
)
SCALARS = (
    TEXT
    | st.integers(-(10**20), 10**20)
    | st.dates()
    | st.booleans()
    | st.none()
    | st.sampled_from(["yes", "No", "null", "~", "0755", "1_000", "2026-11-29", "1e3", ".inf"])
)
VALUES = SCALARS | st.lists(SCALARS, max_size=4)


@settings(max_examples=400)
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=6))
def test_agrees_with_pyyaml_on_what_safe_dump_writes(data):
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    quick = quickyaml.load(text)
    if quick is not None:
        assert quick == pyyaml(text)


@settings(max_examples=400)
@given(st.lists(st.tuples(KEYS, TEXT), min_size=1, max_size=5))
def test_agrees_with_pyyaml_on_hand_written_lines(pairs):
    text = "".join(f"{k}: {v}\n" for k, v in pairs)
    quick = quickyaml.load(text)
    if quick is None:
        return
    try:
        expected = pyyaml(text)
    except yaml.YAMLError:
        raise AssertionError(f"the fast path accepted what PyYAML refuses: {text!r}") from None
    assert quick == expected
