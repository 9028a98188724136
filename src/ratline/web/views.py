"""Presentation helpers shared by pages and API: evidence wording, sentences, highlights, charts.

Nothing here produces markup from data: highlights are lists of plain-text segments
that templates escape, so document text can never become HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ratline.extract.pseudonyms import PREFIX as PSEUDONYM_PREFIX
from ratline.unwrap import soft_breaks_near

# Distinct wording per level so an allegation never reads like a conviction.
EVIDENCE_LABELS = {
    "rumor": "Rumour",
    "speculation": "Speculation",
    "allegation": "Allegation (unproven)",
    "report": "Reported",
    "investigation": "Under investigation",
    "arrest": "Arrest made",
    "charge": "Charged",
    "conviction": "Convicted (court)",
    "denial": "Officially denied",
}
LEGAL_STATUS_LABELS = {
    "mentioned": "named only",
    "alleged": "alleged",
    "suspected": "suspected",
    "arrested": "arrested",
    "charged": "charged",
    "convicted": "convicted",
    "acquitted": "acquitted",
    "charges_withdrawn": "charges withdrawn",
}
# The downloads each page offers (`/export?format=`): the formats that fit what it shows.
EXPORT_FORMATS = {
    "incidents": [("csv", "CSV (zip)"), ("xlsx", "Excel"), ("jsonl", "JSON lines"),
                  ("ftm", "FollowTheMoney")],
    "map": [("geojson", "GeoJSON")],
    "network": [("gexf", "GEXF"), ("graphml", "GraphML")],
}
STATUS_LABELS = {"machine": "unreviewed", "accepted": "accepted", "edited": "edited",
                 "rejected": "rejected"}
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
CONTEXT = 320


def evidence_label(level: str | None) -> str:
    return EVIDENCE_LABELS.get(level or "", "No evidence level")


def legal_label(status: str | None) -> str:
    return LEGAL_STATUS_LABELS.get(status or "", status or "unknown")


@dataclass
class Sentence:
    before: str
    match: str
    after: str
    start: int
    end: int


def sentence(text: str, start: int | None, end: int | None) -> Sentence | None:
    """The sentence around a span, split so the span itself can be marked."""
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return None
    # A line break of hard-wrapped text (PDF, e-mail) goes on with the sentence.
    soft = soft_breaks_near(text, start, end, CONTEXT)
    lo = max(0, start - CONTEXT)
    head = text[lo:start]
    cut = 0
    for m in _SENTENCE_END.finditer(head):
        if lo + m.start() not in soft:
            cut = m.end()
    s0 = lo + cut
    tail = text[end:end + CONTEXT]
    stop = next((m for m in _SENTENCE_END.finditer(tail) if end + m.start() not in soft), None)
    s1 = end + (stop.start() + 1 if stop else len(tail))
    return Sentence(text[s0:start].lstrip(), text[start:end], text[end:s1].rstrip(), s0, s1)


@dataclass
class Segment:
    text: str
    statements: list[Any] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return bool(self.statements)

    @property
    def css(self) -> str:
        statuses = {s.status for s in self.statements}
        for status in ("rejected", "edited", "accepted", "machine"):
            if statuses == {status}:
                return f"mark-{status}"
        return "mark-mixed"

    @property
    def title(self) -> str:
        return "; ".join(f"{s.prop} = {s.value} ({STATUS_LABELS.get(s.status, s.status)})"
                         for s in self.statements)


def segments(text: str, statements: Iterable[Any]) -> list[Segment]:
    """Text cut at every span boundary; each piece lists the statements covering it."""
    spans = [s for s in statements if s.start is not None and s.end is not None
             and 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Any]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out: list[Segment] = []
    active: list[Any] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [s for s in active if s.end > a] + starts.get(a, [])
        if out and not active and not out[-1].marked:
            out[-1].text += text[a:b]
            continue
        piece = text[a:b]
        # A named victim's span shows the pseudonym, never the name.
        alias = next((n for n in (_victim(s) for s in active) if n), None)
        out.append(Segment(f"[{alias}]" if alias else piece, list(active)))
    return out


def _victim(statement: Any) -> str | None:
    data = getattr(statement, "data", None)
    name = str(data.get("name", "")) if isinstance(data, dict) else ""
    return name if name.startswith(PSEUDONYM_PREFIX) else None


def bars(items: Sequence[tuple[str, int]], limit: int = 12,
         label: Callable[[str], str] | None = None) -> list[dict[str, Any]]:
    """Rows of a horizontal bar chart with widths in percent of the largest count; `key`
    picks the colour, `label` is what a person reads."""
    rows = list(items)[:limit]
    top = max((n for _, n in rows), default=0) or 1
    return [{"key": k, "label": label(k) if label else k, "count": n,
             "width": round(100 * n / top, 1), "y": i * 26} for i, (k, n) in enumerate(rows)]


def columns(items: Sequence[tuple[int, int]], width: int = 800, height: int = 160) -> list[dict[str, Any]]:
    """Columns of a vertical chart (year, count) scaled into a width x height box."""
    rows = sorted(items)
    if not rows:
        return []
    top = max(n for _, n in rows) or 1
    step = width / len(rows)
    return [{"label": str(k), "count": n, "x": round(i * step, 1), "w": round(max(step - 2, 1), 1),
             "h": round(height * n / top, 1), "y": round(height - height * n / top, 1)}
            for i, (k, n) in enumerate(rows)]


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to; anything that could leave the site becomes `default`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
