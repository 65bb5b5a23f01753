"""The schema reference in docs/templates.md is the loader's own."""

from __future__ import annotations

from pathlib import Path

from dtrcli.templates import load_template, schema_markdown

DOCS = Path(__file__).parents[2] / "docs"


def test_templates_doc_reference_is_current():
    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    start = text.index("<!-- schema:start -->\n") + len("<!-- schema:start -->\n")
    end = text.index("<!-- schema:end -->")
    assert text[start:end] == schema_markdown(), (
        "docs/templates.md is stale: put the output of dtrcli.templates.schema_markdown() "
        "between the schema markers"
    )


def test_templates_doc_example_is_a_valid_template(tmp_path: Path):
    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "retro.yaml"
    path.write_text(example, encoding="utf-8")
    template = load_template(path)
    assert template.id == "retro"
    assert template.question("stuck_where").when is not None


def test_cli_reference_is_current():
    import subprocess
    import sys

    tool = Path(__file__).parents[2] / "tools" / "cli_docs.py"
    proc = subprocess.run(
        [sys.executable, str(tool), "--check"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
