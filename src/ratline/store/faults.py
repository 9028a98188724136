"""Crash points for the fault suite.

`RATLINE_FAULT_KILL=STAGE:N` makes the process SIGKILL itself the N-th time it passes
the point named STAGE, so a test can stop a run at an exact place (inside a transaction,
right after a commit) the way a power cut or the OOM killer would. Unset, as always
outside tests, a point costs one environment lookup. With `RATLINE_FAULT_KILL_ONCE=PATH`
only the first process to reach the point dies (it creates PATH; the others find it), so
a worker that is restarted and retried gets through the second time.

Points: `ingest-batch` (a batch written, not committed), `ingest-commit` (a batch
committed), `extract-batch` (a batch of extracted documents' statements and failures
written, not committed), `extract-commit` (that batch committed), `resolve` (a
resolution written, not committed), `engine-batch` (a Ray worker has extracted or read
a batch, not yet handed it back).
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
    if name == stage and n.isdigit() and _passed[stage] == int(n) and _first_to_die():
        os.kill(os.getpid(), signal.SIGKILL)


def _first_to_die() -> bool:
    marker = os.environ.get("RATLINE_FAULT_KILL_ONCE")
    if not marker:
        return True
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True
