"""`ratline export --format ftm`: the export as FollowTheMoney entities, one JSON a line.

Built through the `followthemoney` model, so every value is cleaned the way FtM tools
(`ftm validate`, `ftm aggregate`, Aleph, yente) expect it:

* a Person, Organization or LegalEntity per actor, by the actor's type;
* an Event per incident: summary, year (`date`), countries, places (`location`), trade
  and organs (`keywords`), the actors it names (`involved`), its documents (`proof`) and
  the ratline incident id (`recordId`);
* a Payment per sum of money: amount, currency, what it pays for (`purpose`), the
  sentence that states it (`summary`), the incident's year, and a payer or beneficiary
  only when that sentence names the one buyer (payer of a price) or the one seller or
  donor (beneficiary of a payment to the seller) -- FtM calls both required, but ratline
  does not guess whom the text leaves unnamed;
* a Document per source document (title and source as people may see them: victims'
  names masked) and a Documentation linking each actor and each incident to every
  document that names it, with the actor's role and legal status in that incident.

No actor gets FtM `topics` such as crime: a person named in a report is at most alleged
or charged until a court says otherwise, which the Documentation's status states.
Entity ids are `make_id("ratline", kind, ratline id)` hashes, so the same store gives the
same ids and bytes. Every text comes from the masked export tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

    from ratline.export import Tables

NAMESPACE = "ratline"
# Actor type -> FtM schema; anything else is a LegalEntity (who or what it is is unknown).
SCHEMA_BY_TYPE = {"person": "Person", "organization": "Organization",
                  "armed_group": "Organization", "facility": "Organization"}
PURPOSES = {
    "price_to_recipient": "price paid by the recipient or end buyer",
    "payment_to_seller": "payment to the seller, donor or supplier",
    "market_value": "estimated value of the trade",
    "other": "other sum (fee, debt, wage, fine, bribe or seized cash)",
}
_NAME_LENGTH = 120


def _model() -> Any:
    try:
        from followthemoney import model
    except ImportError as exc:  # a runtime dependency; a broken install says which
        raise RuntimeError("the ftm export needs the followthemoney package "
                           "(pip install followthemoney)") from exc
    return model


def entity_id(kind: str, ratline_id: str) -> str:
    """The FtM id of a ratline object: stable across exports of the same store."""
    eid = _model().make_entity("Thing").make_id(NAMESPACE, kind, ratline_id)
    assert eid is not None
    return str(eid)


def _make(schema: str, kind: str, ratline_id: str) -> EntityProxy:
    proxy: EntityProxy = _model().make_entity(schema)
    proxy.id = entity_id(kind, ratline_id)
    return proxy


def _name(text: str, fallback: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _NAME_LENGTH:
        return text or fallback
    return text[:_NAME_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def entities(t: Tables) -> Iterator[EntityProxy]:
    """Documents, events, actors, documentation and payments; the same tables give the
    same entities in the same order."""
    years = {r["id"]: r["year"] for r in t.records}
    for d in t.documents:
        doc = _make("Document", "document", d["id"])
        source = str(d["source"] or "")
        doc.add("fileName", source.rstrip("/").rsplit("/", 1)[-1] or d["id"])
        doc.add("title", d["title"] or None)
        if str(d["url"]).startswith(("http://", "https://")):
            doc.add("sourceUrl", d["url"])
        doc.add("publishedAt", str(d["published"])[:10] if d["published"] else None)
        yield doc
    actors: dict[str, EntityProxy] = {}
    links: dict[str, EntityProxy] = {}
    for rec in t.records:
        event = _make("Event", "incident", rec["id"])
        event.add("name", _name(rec["summary"], rec["id"]))
        event.add("summary", rec["summary"] or None)
        event.add("date", str(rec["year"]) if rec["year"] is not None else None)
        event.add("country", rec["countries"])
        event.add("location", rec["places"])
        event.add("keywords", [k for k in [rec["trade"], *rec["organs"]] if k])
        event.add("recordId", rec["id"])
        event.add("description", f"evidence level: {rec['evidence'] or 'none'}")
        event.add("proof", [entity_id("document", d) for d in rec["documents"]])
        for d in rec["documents"]:
            link = _make("Documentation", "documentation", f"{rec['id']}|{d}")
            link.add("document", entity_id("document", d))
            link.add("entity", event.id)
            link.add("role", "incident reported")
            links[str(link.id)] = link
        for a in rec["actors"]:
            actor = actors.get(a["id"])
            if actor is None:
                actor = actors[a["id"]] = _make(SCHEMA_BY_TYPE.get(a["type"], "LegalEntity"),
                                                "actor", a["id"])
                actor.add("name", a["name"])
            event.add("involved", actor.id)
            for d in a["documents"]:
                key = f"{rec['id']}|{a['id']}|{a['role']}|{d}"
                link = _make("Documentation", "documentation", key)
                link.add("document", entity_id("document", d))
                link.add("entity", actor.id)
                link.add("role", a["role"])
                link.add("summary", f"legal status in incident {rec['id']}: {a['status']}")
                links[str(link.id)] = link
        yield event
    yield from (actors[k] for k in sorted(actors))
    yield from (links[k] for k in sorted(links))
    for m in t.money:
        pay = _make("Payment", "payment", m["statement_id"])
        pay.add("amount", str(m["amount"]))
        pay.add("currency", m["currency"] or None)
        pay.add("purpose", PURPOSES.get(m["what"], m["what"]) or None)
        pay.add("summary", m["sentence"] or None)
        year = years.get(m["incident_id"])
        pay.add("date", str(year) if year is not None else None)
        pay.add("proof", entity_id("document", m["document_id"]))
        pay.add("recordId", m["statement_id"])
        if m["payer"]:
            pay.add("payer", entity_id("actor", m["payer"]))
        if m["beneficiary"]:
            pay.add("beneficiary", entity_id("actor", m["beneficiary"]))
        yield pay


def write_ftm(t: Tables, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for proxy in entities(t):
            out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
