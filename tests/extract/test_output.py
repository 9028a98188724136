"""Output shape: schema-valid incidents with provenance that points into the text."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from ratline.extract import EXTRACTOR, EXTRACTOR_VERSION, extract_text

from .conftest import SHARED

TEXT = (
    "KATHMANDU, March 14, 2025 — Nepal Police on Thursday arrested two men accused of luring "
    "at least 14 villagers from Kavrepalanchok district to sell their kidneys at a hospital in "
    "Chennai, India. The suspects, Bikram Moktan and Sushil Pyakurel, were detained in Banepa. "
    "The villagers were paid NPR 200,000 each, while recipients paid up to INR 30 lakh."
)


@pytest.fixture(scope="module")
def result(nlp: Any) -> Any:
    return extract_text(TEXT, doc_id="nepal")


def test_schema_valid(result: Any) -> None:
    schema_path = SHARED / "spec" / "incident.schema.json"
    if not schema_path.is_file():
        pytest.skip("schema not found")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    doc = result.to_json("texts/nepal.txt")
    jsonschema.validate(doc, schema)
    assert doc["id"] == "nepal" and doc["path"] == "texts/nepal.txt"


def test_path_is_omitted_when_none(result: Any) -> None:
    assert "path" not in result.to_json()


def test_fields(result: Any) -> None:
    assert result.relevant
    inc = result.to_json()["incidents"][0]
    assert inc["trade"] == "organ"
    assert inc["organs"] == ["kidney"]
    assert {"NP", "IN"} <= set(inc["countries"])
    assert inc["evidence"] == "arrest"
    assert inc["year"] == 2025
    assert {"amount": 200000, "currency": "NPR", "what": "payment_to_seller"} in inc["money"]
    assert {"amount": 3000000, "currency": "INR", "what": "price_to_recipient"} in inc["money"]
    assert inc["extractor"] == EXTRACTOR and inc["extractor_version"] == EXTRACTOR_VERSION


def test_people_carry_status(result: Any) -> None:
    inc = result.to_json()["incidents"][0]
    people = {a["name"]: a for a in inc["actors"] if a["type"] == "person"}
    assert "Sushil Pyakurel" in people
    assert people["Sushil Pyakurel"]["status"] == "arrested"
    status = next(
        p["status"] for p in inc["provenance"]["actors"] if p["value"] == "Sushil Pyakurel"
    )
    assert (
        "detained" in TEXT[status["start"] : status["end"]]
        or "arrested" in TEXT[status["start"] : status["end"]]
    )


def test_provenance_points_into_text(result: Any) -> None:
    prov = result.to_json()["incidents"][0]["provenance"]
    for entry in prov["organs"] + prov["countries"] + prov["money"]:
        assert entry["start"] is not None
        assert (
            0
            <= entry["sentence_start"]
            <= entry["start"]
            < entry["end"]
            <= entry["sentence_end"]
            <= len(TEXT)
        )
    organ = prov["organs"][0]
    assert TEXT[organ["start"] : organ["end"]].lower().startswith("kidney")


def test_facts_cover_every_value(result: Any) -> None:
    inc = result.incidents[0]
    facts = list(inc.facts())
    props = {f.prop for f in facts}
    assert {
        "trade",
        "organ",
        "country",
        "evidence",
        "money",
        "actor",
        "person_status",
        "year",
    } <= props
    money = [json.loads(f.value) for f in facts if f.prop == "money"]
    assert len(money) == len(inc.money)
    assert all(0.0 <= f.confidence <= 1.0 for f in facts)
