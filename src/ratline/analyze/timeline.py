"""Incidents counted by year, per trade and per evidence level: what the timeline chart
of the web page and of the briefing draws."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ratline.analyze.incidents import Incident, ladder


def timeline(incidents: Sequence[Incident]) -> dict[str, Any]:
    """{"years": [{"year", "count", "by_trade", "by_evidence"}], "undated", "trades",
    "levels"}: years ascending; `trades` and `levels` list every key the years use, levels
    weakest first, so every chart stacks them in the same order."""
    trades: dict[int, Counter[str]] = {}
    levels: dict[int, Counter[str]] = {}
    undated = 0
    for inc in incidents:
        if inc.year is None:
            undated += 1
            continue
        trades.setdefault(inc.year, Counter())[inc.trade or "unknown"] += 1
        levels.setdefault(inc.year, Counter())[inc.evidence or "unknown"] += 1
    order = ladder() + ["denial", "unknown"]
    used_levels = {lv for c in levels.values() for lv in c}
    return {
        "years": [{"year": y, "count": sum(c.values()), "by_trade": dict(sorted(c.items())),
                   "by_evidence": dict(sorted(levels[y].items(),
                                              key=lambda kv: order.index(kv[0])
                                              if kv[0] in order else 99))}
                  for y, c in sorted(trades.items())],
        "undated": undated,
        "trades": sorted({t for c in trades.values() for t in c}),
        "levels": [lv for lv in order if lv in used_levels] + sorted(used_levels - set(order)),
    }
