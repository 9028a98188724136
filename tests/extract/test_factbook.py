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


def test_a_government_exploiting_its_nationals_is_a_state_actor() -> None:
    text = ("tier rating: Tier 3 Ruritania does not fully meet the minimum standards; a "
            "government policy or pattern of human trafficking existed; the government "
            "continued to exploit its nationals in forced labor. current situation: Eritrea is "
            "a source country for men and women subjected to forced labor in its compulsory "
            "national service and to sex trafficking in Sudan and Egypt. (2023)")
    (incident,) = extract_text(text, doc_id="e").to_json()["incidents"]
    assert {"name": "Eritrea", "type": "state", "role": "other"} in [
        {k: a[k] for k in ("name", "type", "role")} for a in incident["actors"]]


def test_another_countrys_government_is_not_the_subject_state() -> None:
    text = ("current situation: South Africa is a source, transit, and destination country for "
            "forced labor; the Cuban government may have forced Cuban medical workers to work in "
            "South Africa. (2023)")
    (incident,) = extract_text(text, doc_id="s").to_json()["incidents"]
    assert all(a["type"] != "state" for a in incident["actors"])
