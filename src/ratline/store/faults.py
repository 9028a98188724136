"""Crash points for the fault suite.

`RATLINE_FAULT_KILL=STAGE:N` makes the process SIGKILL itself the N-th time it passes
the point named STAGE, so a test can stop a run at an exact place (inside a transaction,
right after a commit) the way a power cut or the OOM killer would. Unset, as always
outside tests, a point costs one environment lookup.

Points: `ingest-batch` (a batch written, not committed), `ingest-commit` (a batch
committed), `extract-document` (a document's statements written, not committed),
`extract-commit` (committed), `resolve` (a resolution written, not committed).
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_passed: Counter[str] = Counter()


def point(stage: str) -> None:
    spec = os.environ.get("RATLINE_FAULT_KILL")
    if not spec:
        return
    _passed[stage] += 1
    name, _, n = spec.partition(":")
    if name == stage and n.isdigit() and _passed[stage] == int(n):
        os.kill(os.getpid(), signal.SIGKILL)
