"""`ratline export --shareable`: victim counts under 11 suppressed in every format, the
aggregates summed before suppression, and the suppression stated inside each file."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import openpyxl
import pytest

from ratline import sharing
from ratline.store import Store, audit
from support.exports import export, ingested


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Every fictional example: incidents with 1 to 10 victims and with 17 and 23."""
    yield ingested(tmp_path_factory.mktemp("sharing"))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _jsonl(path: Path) -> dict[str, dict[str, Any]]:
    rows = (json.loads(line) for line in path.read_text("utf-8").splitlines())
    return {r["id"]: r for r in rows}


def test_csv_suppresses_small_counts_and_says_so(world: dict[str, str], tmp_path: Path) -> None:
    plain = {r["id"]: r for r in _csv(export(world, "csv", tmp_path / "p") / "incidents.csv")}
    folder = export(world, "csv", tmp_path / "s", "--shareable")
    shared = {r["id"]: r for r in _csv(folder / "incidents.csv")}
    assert shared.keys() == plain.keys()
    raw = [int(r["victim_count"]) for r in plain.values() if r["victim_count"]]
    assert any(n < sharing.K for n in raw) and any(n >= sharing.K for n in raw)
    for key, row in plain.items():
        n = row["victim_count"]
        expected = n if not n or int(n) >= sharing.K else sharing.SUPPRESSED
        assert shared[key]["victim_count"] == expected, key
    meta = {r["key"]: r["value"] for r in _csv(folder / "metadata.csv")}
    assert meta["suppressed_below"] == "11" and "k=11" in meta["sharing"]
    assert not (tmp_path / "p" / "metadata.csv").exists()
    # Statements giving a small count lose the number and the sentence stating it.
    counts = [r for r in _csv(folder / "statements.csv") if r["prop"] in sharing.COUNT_PROPS]
    assert counts
    for r in counts:
        if r["value"] == sharing.SUPPRESSED:
            assert r["sentence"] == ""
        else:
            assert int(r["value"]) >= sharing.K


def test_jsonl_and_xlsx(world: dict[str, str], tmp_path: Path) -> None:
    plain = _jsonl(export(world, "jsonl", tmp_path / "p.jsonl"))
    shared = _jsonl(export(world, "jsonl", tmp_path / "s.jsonl", "--shareable"))
    for key, rec in plain.items():
        n = rec["victim_count"]
        assert shared[key]["victim_count"] == (sharing.SUPPRESSED if n is not None and n < 11
                                               else n)
        assert shared[key]["sharing"] == sharing.NOTICE and "sharing" not in rec
    book = openpyxl.load_workbook(export(world, "xlsx", tmp_path / "s.xlsx", "--shareable"))
    assert book.sheetnames[-1] == "metadata"
    assert dict(book["metadata"].iter_rows(min_row=2, values_only=True))["suppressed_below"] == "11"
    sheet = book["incidents"]
    col = [c.value for c in sheet[1]].index("victim_count")
    cells = {r[col] for r in sheet.iter_rows(min_row=2, values_only=True)} - {None, ""}
    assert sharing.SUPPRESSED in cells
    assert all(c == sharing.SUPPRESSED or int(c) >= 11 for c in cells)


def test_geojson_route_aggregates_suppressed_after_summing(world: dict[str, str],
                                                            tmp_path: Path) -> None:
    plain = json.loads(export(world, "geojson", tmp_path / "p.geojson").read_text("utf-8"))
    shared = json.loads(export(world, "geojson", tmp_path / "s.geojson", "--shareable")
                        .read_text("utf-8"))
    assert shared["metadata"] == sharing.NOTICE and "metadata" not in plain
    records = _jsonl(export(world, "jsonl", tmp_path / "r.jsonl"))
    legs = [f["properties"] for f in plain["features"] if f["properties"]["kind"] == "route_leg"]
    shared_legs = {f["properties"]["direction"]: f["properties"]["victims"]
                   for f in shared["features"] if f["properties"]["kind"] == "route_leg"}
    assert legs
    for leg in legs:
        total = sum(records[i]["victim_count"] or 0 for i in leg["incident_ids"])
        assert leg["victims"] == total
        assert shared_legs[leg["direction"]] == (total if total >= 11 else sharing.SUPPRESSED)
    points = [f["properties"] for f in shared["features"] if f["properties"]["kind"] == "incident"]
    assert any(p["victim_count"] == sharing.SUPPRESSED for p in points)


def test_networks_state_it_and_audit_records_it(world: dict[str, str], tmp_path: Path) -> None:
    g = nx.read_graphml(export(world, "graphml", tmp_path / "s.graphml", "--shareable"))
    assert g.graph["suppressed_below"] == "11"
    counts = {d["victim_count"] for _, d in g.nodes(data=True) if d.get("victim_count")}
    assert sharing.SUPPRESSED in counts and all(c == "<11" or int(c) >= 11 for c in counts)
    gexf = export(world, "gexf", tmp_path / "s.gexf", "--shareable").read_text("utf-8")
    assert "<description>shareable export: victim counts under 11" in gexf
    nx.read_gexf(tmp_path / "s.gexf")  # still a valid GEXF file
    store = Store(world["RATLINE_DATABASE_URL"])
    try:
        _, entries = audit.entries(store, action="export")
    finally:
        store.close()
    assert json.loads(entries[0]["after"])["shareable"] is True
