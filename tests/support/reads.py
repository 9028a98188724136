"""Which reports a piece of code reads: every subject whose statements it asks for."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.store import resolution


def statements_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The subjects `resolution.statements_of` is asked for from now on, in order (clear
    the list between the runs compared)."""
    read: list[str] = []
    statements_of = resolution.statements_of

    def counted(store: Any, subjects: Any) -> Any:
        wanted = list(subjects)
        read.extend(wanted)
        return statements_of(store, wanted)

    monkeypatch.setattr(resolution, "statements_of", counted)
    return read
