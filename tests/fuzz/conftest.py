"""Hypothesis settings for the fuzz suite: bounded and reproducible, so CI stays fast and a
failure found once is found again.

Profiles are registered here and applied per test with `@FUZZ` (`settings.get_profile`),
not loaded globally, so they never change other suites that use hypothesis.
`RATLINE_FUZZ_EXAMPLES=5000 pytest tests/fuzz` runs a deeper search locally; keep
`derandomize` so it still reproduces.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# The readers' test builders (tiny real PDF, DOCX and e-mail files) seed structured inputs.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "readers"))

EXAMPLES = int(os.environ.get("RATLINE_FUZZ_EXAMPLES", "200"))

settings.register_profile(
    "ratline-fuzz",
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples on every run and machine
    deadline=None,  # time is bounded by `bounded()` in the tests, with a clear message
    database=None,  # nothing written under .hypothesis/ in CI checkouts
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
