"""What a kick-off loads before its first question is on a real terminal (a pty)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

# Runs dtr kickoff NAME --new on the pty, and writes the modules loaded when the first
# question is about to be asked (terminal.ask), then ends the process there.
DRIVER = """
import importlib.util, os, sys
out = sys.argv.pop(1)
class Hook:
    def find_spec(self, name, path, target=None):
        if name != "dtrcli.conversation.terminal":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            def ask(question):
                with open(out, "w") as fh:
                    fh.write("\\n".join(sorted(sys.modules)))
                os._exit(0)
            module.ask = ask
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Hook())
sys.argv = ["dtr", "kickoff", "Kim Startup", "--new"]
from dtrcli.cli import main
main()
"""


def _first_question(tmp_path: Path, run: int) -> set[str]:
    out = tmp_path / f"modules-{run}.txt"
    main, child = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", DRIVER, str(out)],
            stdin=child,
            stdout=subprocess.PIPE,
            stderr=child,
            env={**os.environ, "TERM": "xterm-256color"},
            timeout=120,
            check=False,
        )
    finally:
        os.close(child)
        os.close(main)
    assert proc.returncode == 0, proc.stdout
    return set(out.read_text().split())


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_the_first_question_is_asked_without_yaml_or_rich(tmp_path: Path) -> None:
    first = _first_question(tmp_path, 1)
    assert "questionary" in first  # the first question was reached
    assert "yaml" in first  # the templates' YAML read once, and kept
    again = _first_question(tmp_path, 2)
    assert "questionary" in again
    for module in ("yaml", "rich", "rich.console"):
        assert module not in again, f"{module} was loaded before the first question"
