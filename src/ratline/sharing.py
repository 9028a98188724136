"""Shareable exports: victim counts under k suppressed before data leaves the team.

A small count of victims in one incident, place or route can point at the people
themselves, so a shareable export (`ratline export --shareable`, the web's "shareable"
box) shows every victim count under `K` as `SUPPRESSED` instead of the number: in the
incidents' `victim_count`, in victim-count statements (whose sentence, which states the
number, is left out too) and in aggregates summed from them (victims per route leg).
Aggregates are summed from the reported counts first and then suppressed as a whole.
`K` is 11, the threshold the Counter Trafficking Data Collaborative (CTDC) applies to
its public k-anonymised data. Each format states the suppression inside the file
(`NOTICE`): a metadata table or sheet, a metadata member, a graph attribute or a field
of every record.
"""

from __future__ import annotations

from typing import Any

K = 11
SUPPRESSED = f"<{K}"
# Statement properties whose value is a number of victims.
COUNT_PROPS = frozenset({"victim_count", "victim_deaths"})
NOTICE = {
    "sharing": f"shareable export: victim counts under {K} are suppressed (shown as "
               f"{SUPPRESSED}), following CTDC's k-anonymity threshold k={K}",
    "suppressed_below": str(K),
}


def shown(n: int | None) -> int | str | None:
    """A victim count as a shareable export shows it (unknown stays unknown)."""
    if n is None:
        return None
    return SUPPRESSED if n < K else n


def shown_text(value: Any) -> Any:
    """A victim count held as text (a statement's value); what is not a number stays."""
    try:
        n = int(str(value).strip())
    except ValueError:
        return value
    return SUPPRESSED if n < K else value
