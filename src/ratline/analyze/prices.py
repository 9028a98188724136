"""Reported prices side by side: what sellers were paid against what recipients were
charged, by country, year and currency, each amount cited to its sentence and source.

This is an analysis of what sources report, for comparing the two ends of a trade; it
lists no offers and matches nobody. Amounts stay in the currency the source names: no
offline exchange-rate table ships with any installed package, so nothing is converted,
and every row says so (`converted` is False). An incident naming several countries is
counted under each of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ratline.analyze.citations import Citer
from ratline.analyze.incidents import Incident
from ratline.analyze.places import country_label

SIDES = ("payment_to_seller", "price_to_recipient")
UNCONVERTED = "as reported, not converted (no offline exchange-rate table is installed)"


@dataclass
class Side:
    """The amounts of one side (seller or recipient) of a group, with their citations."""

    amounts: list[float] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"count": len(self.amounts),
                "min": min(self.amounts) if self.amounts else None,
                "max": max(self.amounts) if self.amounts else None,
                "sources": self.sources}


def _amount(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def price_table(incidents: Sequence[Incident], citer: Citer) -> list[dict[str, Any]]:
    """One row per (country, year, currency) with both sides' range, count and sources."""
    groups: dict[tuple[str, int | None, str], dict[str, Side]] = {}
    for inc in incidents:
        for f in inc.facts_of("money"):
            data = f.data if isinstance(f.data, dict) else {}
            what = data.get("what")
            amount = _amount(data.get("amount"))
            if what not in SIDES or amount is None:
                continue
            currency = str(data.get("currency") or "unknown")
            cited = {**citer.cite(f).as_dict(), "incident_id": inc.id, "amount": amount,
                     "currency": currency, "evidence": inc.evidence_by_document.get(
                         f.document_id, inc.evidence)}
            for country in inc.countries or [""]:
                sides = groups.setdefault((country, inc.year, currency),
                                          {s: Side() for s in SIDES})
                sides[what].amounts.append(amount)
                sides[what].sources.append(cited)
    rows = []
    for (country, year, currency), sides in sorted(
            groups.items(), key=lambda kv: (kv[0][0], -(kv[0][1] or 0), kv[0][2])):
        rows.append({"country": country, "country_name": country_label(country) if country
                     else "unknown", "year": year, "currency": currency, "converted": False,
                     **{s: sides[s].as_dict() for s in SIDES}})
    return rows


def money_text(n: float | None) -> str:
    if n is None:
        return ""
    return f"{n:,.0f}" if n == int(n) else f"{n:,.2f}"


def range_text(side: dict[str, Any], currency: str) -> str:
    """"1,500–3,000 USD (2)", or "—" when the side has no amount."""
    if not side["count"]:
        return "—"
    lo, hi = money_text(side["min"]), money_text(side["max"])
    span = lo if lo == hi else f"{lo}–{hi}"
    return f"{span} {currency} ({side['count']})"


def shown_rows(incidents: Sequence[Incident], citer: Citer) -> list[dict[str, Any]]:
    """The price table as people see it: each row masked again with the victims' names
    of the documents it cites, and each side's range as text."""
    rows = []
    for row in price_table(incidents, citer):
        docs = {s["document_id"] for side in SIDES for s in row[side]["sources"]}
        row = citer.masker.value(row, *docs)
        row["ranges"] = {side: range_text(row[side], row["currency"]) for side in SIDES}
        for side in SIDES:
            row[side]["cited"] = by_sentence(row[side]["sources"])
        rows.append(row)
    return rows


def by_sentence(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sources that quote the same sentence of the same document as one citation listing
    its amounts ("300, 1,500, 2,500 EUR"), so a sentence naming a range is quoted once."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for s in sources:
        cited = out.setdefault((s["document_id"], s["sentence"]), {**s, "amounts": []})
        if s["amount"] not in cited["amounts"]:
            cited["amounts"].append(s["amount"])
    for cited in out.values():
        cited["amounts_text"] = ", ".join(money_text(a) for a in sorted(cited["amounts"]))
    return list(out.values())
