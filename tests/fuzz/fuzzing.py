"""Shared strategies and checks for the fuzz tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

# Generous on a loaded 2-core CI machine; a hang or quadratic blow-up is far beyond it.
MAX_SECONDS = 10.0


def bounded(call: Callable[[], T], limit: float = MAX_SECONDS) -> T:
    """Run `call`, failing the example if it takes longer than `limit` seconds."""
    started = time.monotonic()
    try:
        return call()
    finally:
        took = time.monotonic() - started
        assert took < limit, f"took {took:.1f} s (limit {limit:g} s)"


# Text that mixes the characters that break parsers: digits, currency signs, separators,
# non-ASCII letters, control characters, combining marks and surrogate-free astral ones.
TRICKY = (
    "0123456789 ,.-–—/$€£¥₹#§%'’\"()[]:;\n\t\r\x00\x0b\u00a0\u200b\u2028"
    "kmbKMBUSDEURRs.lakhcrorebillionmillionthousandhundredtwentyfiftyonetwo"
    "ÀÉÎÕÜßçñøłİıﬁ\u0301\u0308آبتثجحخ中文字"
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=200) | st.text(max_size=200)
