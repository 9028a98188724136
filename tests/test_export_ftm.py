"""`ratline export --format ftm`: FollowTheMoney entities the package's own model and the
`ftm` command line accept, stable ids, masked victims, and payers only where named."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from ratline.export_ftm import entity_id
from support.exports import export, ingested

# Fictional: a donor whose real name must never be exported, paid a sum the text states.
DONOR = """FICTIONAL TEST DOCUMENT: kidney trafficking broker charged in Colombo

COLOMBO, 9 May 2022 - Police in Colombo, Sri Lanka, arrested and charged a kidney broker named Anil Perawardena with organ trafficking in 2022. Investigators said the trafficking ring sold kidneys from poor villagers to foreign patients. The donor, Sunil Bandaraketiya, received $4,000 for his kidney. Patients paid a transplant package price of $60,000 at a private clinic, police said.
"""
FTM_CLI = Path(sys.executable).parent / "ftm"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    yield ingested(tmp_path_factory.mktemp("ftm"), None, {"colombo.txt": DONOR})


@pytest.fixture(scope="module")
def exported(world: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(world, "ftm", tmp_path_factory.mktemp("out") / "all.ftm.json")


def entities(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_every_entity_is_valid_in_the_ftm_model(exported: Path) -> None:
    rows = entities(exported)
    ids = {r["id"] for r in rows}
    assert len(ids) == len(rows), "entity ids repeat"
    schemata = {r["schema"] for r in rows}
    assert {"Event", "Person", "Payment", "Document", "Documentation"} <= schemata
    assert schemata <= {"Event", "Person", "Organization", "LegalEntity", "Payment",
                        "Document", "Documentation"}
    for row in rows:
        proxy = model.get_proxy(row, cleaned=False)
        assert proxy.schema.validate(row) is None
        for name, values in row["properties"].items():
            prop = proxy.schema.get(name)
            assert prop is not None, (row["schema"], name)
            for value in values:
                # Already clean: FtM's own cleaning leaves every value as it is.
                assert prop.type.clean(value, proxy=proxy) == value, (name, value)
                if prop.type.name == "entity":
                    assert value in ids, f"{row['schema']}.{name} points at a missing entity"
        for name in proxy.schema.required:
            if row["schema"] != "Payment":  # payer and beneficiary only when the text says
                assert row["properties"].get(name), (row["schema"], name)


def test_ftm_cli_validates_and_aggregates(exported: Path, tmp_path: Path) -> None:
    assert FTM_CLI.exists(), "the followthemoney package installs the ftm command"
    checked = tmp_path / "checked.json"
    subprocess.run([str(FTM_CLI), "validate", "-i", str(exported), "-o", str(checked)],
                   check=True, timeout=120)
    ours = {r["id"]: (r["schema"], r["properties"]) for r in entities(exported)}
    theirs = {r["id"]: (r["schema"], r["properties"]) for r in entities(checked)}
    assert theirs == ours
    merged = subprocess.run([str(FTM_CLI), "aggregate", "-i", str(exported)], check=True,
                            capture_output=True, text=True, timeout=120).stdout
    assert len(merged.splitlines()) == len(ours)


def test_events_carry_the_incidents(world: dict[str, str], exported: Path,
                                    tmp_path: Path) -> None:
    records = {json.loads(line)["id"]: json.loads(line)
               for line in export(world, "jsonl", tmp_path / "i.jsonl").read_text().splitlines()}
    rows = entities(exported)
    events = [r for r in rows if r["schema"] == "Event"]
    assert len(events) == len(records)
    for event in events:
        props = event["properties"]
        rec = records[props["recordId"][0]]
        assert event["id"] == entity_id("incident", rec["id"])
        assert sorted(props.get("involved", [])) == sorted(
            {entity_id("actor", a["id"]) for a in rec["actors"]})
        assert sorted(props["proof"]) == sorted(entity_id("document", d) for d in rec["documents"])
        assert props.get("country", []) == sorted(c.lower() for c in rec["countries"])
        if rec["year"] is not None:
            assert props["date"] == [str(rec["year"])]
        assert props["description"] == [f"evidence level: {rec['evidence'] or 'none'}"]
    # Each actor's legal status in each incident is stated on its link to the document.
    statuses = {(r["properties"]["entity"][0], r["properties"]["role"][0],
                 r["properties"]["summary"][0]) for r in rows
                if r["schema"] == "Documentation" and r["properties"].get("summary")}
    for rec in records.values():
        for a in rec["actors"]:
            assert (entity_id("actor", a["id"]), a["role"],
                    f"legal status in incident {rec['id']}: {a['status']}") in statuses
    assert not any("topics" in r["properties"] for r in rows)


def test_payment_parties_only_where_the_sentence_names_them(exported: Path) -> None:
    rows = entities(exported)
    by_id = {r["id"]: r for r in rows}
    payments = [r["properties"] for r in rows if r["schema"] == "Payment"]
    assert payments and all(p["amount"] and p["currency"] and p["proof"] for p in payments)
    paid = [p for p in payments if p["amount"] == ["4000"]]
    assert len(paid) == 1 and paid[0]["purpose"] == ["payment to the seller, donor or supplier"]
    donor = by_id[paid[0]["beneficiary"][0]]
    assert donor["schema"] == "Person"
    assert donor["properties"]["name"][0].startswith("Victim-")
    assert "payer" not in paid[0]
    # A sum whose sentence names nobody in the payer's or beneficiary's role has neither.
    assert any("payer" not in p and "beneficiary" not in p for p in payments)
    text = exported.read_text("utf-8")
    assert "Bandaraketiya" not in text and "Sunil" not in text
    assert "Perawardena" in text  # the broker is named: not a victim


def test_same_store_same_bytes_and_filters(world: dict[str, str], exported: Path,
                                           tmp_path: Path) -> None:
    assert export(world, "ftm", tmp_path / "again.json").read_bytes() == exported.read_bytes()
    weapons = entities(export(world, "ftm", tmp_path / "arms.json", "--trade", "weapons"))
    events = [r for r in weapons if r["schema"] == "Event"]
    assert events and all("weapons" in r["properties"]["keywords"] for r in events)
    assert len(weapons) < len(entities(exported))
    kept = {r["id"] for r in weapons}
    assert {r["id"] for r in entities(exported) if r["schema"] == "Event"} > {
        r["id"] for r in events} and {e["id"] for e in events} <= kept
