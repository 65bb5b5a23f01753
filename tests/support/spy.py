"""Counting the calls of a function a test lets run as it does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def spy(
    monkeypatch: pytest.MonkeyPatch,
    owner: Any,
    name: str,
    record: Callable[..., Any] | None = None,
) -> list[Any]:
    """The calls of ``owner.name`` from now on, which still runs: for each, what
    ``record`` gives of its arguments (else the arguments themselves)."""
    seen: list[Any] = []
    real = getattr(owner, name)

    def spying(*args: Any, **kwargs: Any) -> Any:
        seen.append(record(*args, **kwargs) if record else args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spying)
    return seen
