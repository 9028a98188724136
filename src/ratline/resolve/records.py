"""Incident records and actor mentions rebuilt from stored statements, for resolution.

Statements are the truth; this module reads them back into the shapes the resolve
library takes. Rejected statements are left out and edited ones count with their
edited value, so a person's review shapes what gets merged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from ratline.resolve.actors import ActorMention
from ratline.resolve.fingerprint import NameSet, name_set
from ratline.resolve.incidents import IncidentRecord

INCIDENT_PREFIX = "incident:"


@dataclass
class StoredIncident:
    """One document's incident, as the extraction format has it, with its actor mentions."""

    subject: str
    document_id: str
    incident: dict[str, Any]
    mentions: list[tuple[str, dict[str, Any]]]  # (actor statement id, {"name", "type", "role"})


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return None


def incidents_from_statements(rows: Iterable[Mapping[Any, Any]]) -> list[StoredIncident]:
    """Group statements by incident subject into extraction-format incident dicts."""
    out: dict[str, StoredIncident] = {}
    for row in rows:
        subject = row["subject"]
        if not subject.startswith(INCIDENT_PREFIX) or row["status"] == "rejected":
            continue
        entry = out.get(subject)
        if entry is None:
            entry = out[subject] = StoredIncident(subject, row["document_id"], {
                "trade": None, "summary": "", "organs": [], "countries": [], "places": [],
                "route": [], "year": None, "actors": [], "activities": [], "money": [],
                "victims": {"count": None, "deaths": None, "kinds": []}, "evidence": None,
            }, [])
        inc, prop, value = entry.incident, row["prop"], row["value"]
        listed = {"organ": "organs", "country": "countries", "place": "places", "activity": "activities"}
        if prop in listed:
            if value not in inc[listed[prop]]:
                inc[listed[prop]].append(value)
        elif prop in ("trade", "evidence", "summary"):
            inc[prop] = inc[prop] or value
        elif prop == "year" and value.isdigit():
            inc["year"] = inc["year"] or int(value)
        elif prop in ("victim_count", "victim_deaths") and value.isdigit():
            key = "count" if prop == "victim_count" else "deaths"
            inc["victims"][key] = inc["victims"][key] or int(value)
        elif prop == "victim_kind" and value not in inc["victims"]["kinds"]:
            inc["victims"]["kinds"].append(value)
        elif prop in ("route", "money") and isinstance(data := _json(value), dict):
            inc[prop].append(data)
        elif prop == "actor" and isinstance(data := _json(value), dict) and data.get("name"):
            inc["actors"].append(data)
            entry.mentions.append((row["id"], data))
    return list(out.values())


def outlet_of(document: Mapping[Any, Any]) -> str | None:
    """Who published a document: its site, else its URL's host."""
    if document.get("site"):
        return str(document["site"])
    url = document.get("url")
    return urlsplit(str(url)).hostname if url else None


def records_and_mentions(
    incidents: list[StoredIncident], documents: Mapping[str, Mapping[Any, Any]],
    fingerprints: Mapping[str, Iterable[str]] | None = None,
) -> tuple[list[IncidentRecord], list[ActorMention]]:
    """Linkage records and actor mentions; `fingerprints` are the documents' name
    fingerprints (`store.resolution.fingerprints`), left out where not given."""
    fingerprints = fingerprints or {}
    records: list[IncidentRecord] = []
    mentions: list[ActorMention] = []
    # One fingerprint per document, shared by the records of its incidents.
    names: dict[str, NameSet] = {}
    for n, entry in enumerate(incidents):
        doc = documents.get(entry.document_id, {})
        published = doc.get("published")
        if doc.get("published_precision") not in (None, "day"):
            published = None  # days apart between documents dated only by month or year mislead
        record = IncidentRecord.from_json(
            entry.document_id, n, {**entry.incident, "id": entry.subject},
            outlet=outlet_of(doc), published=published if isinstance(published, date) else None,
            names=names.get(entry.document_id)
            or names.setdefault(entry.document_id, name_set(fingerprints.get(entry.document_id, ()))),
        )
        records.append(record)
        for statement_id, actor in entry.mentions:
            mentions.append(ActorMention(
                mention_id=statement_id, name=str(actor["name"]),
                type=str(actor.get("type") or "person"), role=str(actor.get("role") or "other"),
                document_id=entry.document_id, incident_id=entry.subject,
                countries=frozenset(entry.incident["countries"]),
            ))
    return records, mentions
