"""Country trafficking narratives: partner countries take the role their preposition gives."""

from __future__ import annotations

from ratline.extract import extract_text

NARRATIVE = (
    "current situation: Tajikistan is a source country for women trafficked through Kyrgyzstan "
    "and Russia to the UAE, Turkey, and Russia for commercial sexual exploitation; women and "
    "girls from Afghanistan and the Dominican Republic are subjected to forced labor in "
    "Tajikistan; victims have also been trafficked to the US. (2008)"
)


def route_of(text: str) -> set[tuple[str, str]]:
    (incident,) = extract_text(text, doc_id="n").to_json()["incidents"]
    return {(r["country"], r["role"]) for r in incident["route"]}


def test_partner_roles_follow_their_preposition() -> None:
    route = route_of(NARRATIVE)
    assert {("KG", "transit"), ("RU", "transit"), ("AE", "destination"), ("TR", "destination"),
            ("RU", "destination"), ("AF", "origin"), ("DO", "origin"),
            ("US", "destination"), ("TJ", "origin")} <= route
    assert ("KG", "destination") not in route and ("AF", "destination") not in route


def test_narrative_year_and_countries() -> None:
    (incident,) = extract_text(NARRATIVE, doc_id="n").to_json()["incidents"]
    assert incident["year"] == 2008 and incident["evidence"] == "report"
    assert {"TJ", "KG", "RU", "AE", "TR", "AF", "DO", "US"} <= set(incident["countries"])
