"""`ratline export`: every format read back with its consumer's own parser, formula
injection made inert, the same store giving the same bytes, and an audit row per export."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import geojson
import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from ratline.cli import cli
from ratline.export import inert
from ratline.store import Store, audit
from support.exports import export, ingested

EXAMPLES = ["01-kathmandu-kidney-ring-wire.txt", "03-lahore-police-press-release.txt"]
# A line a spreadsheet would run as a formula: the statements' sentences quote it.
INJECTION = ('=HYPERLINK("http://evil.example/x","open") Police in Karachi arrested the '
             "kidney broker Tariq Zamanov in 2021 after a raid on a clinic\n")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A store of two fictional example reports and one formula line, ingested once."""
    yield ingested(tmp_path_factory.mktemp("export"), EXAMPLES, {"formula.txt": INJECTION})


def test_inert_neutralises_formula_starts() -> None:
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert inert(bad) == "'" + bad
    assert inert("plain") == "plain" and inert(3) == 3


def test_csv_tables_read_back_and_inert(world: dict[str, str], tmp_path: Path) -> None:
    folder = export(world, "csv", tmp_path / "out")
    tables = {p.stem: list(csv.DictReader(p.open(encoding="utf-8", newline="")))
              for p in folder.glob("*.csv")}
    assert set(tables) == {"incidents", "actors", "money", "route_legs", "statements"}
    assert tables["incidents"] and tables["statements"]
    assert {"id", "summary", "trade", "organs", "countries", "year", "evidence",
            "sources"} <= set(tables["incidents"][0])
    ids = {r["id"] for r in tables["incidents"]}
    assert {r["incident_id"] for r in tables["statements"]} <= ids
    assert {r["incident_id"] for r in tables["actors"]} <= ids
    sentences = [r["sentence"] for r in tables["statements"]]
    assert any("HYPERLINK(" in s for s in sentences)
    for table in tables.values():
        for row in table:
            for cell in row.values():
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_zip_is_reproducible(world: dict[str, str], tmp_path: Path) -> None:
    a = export(world, "csv", tmp_path / "a.zip")
    b = export(world, "csv", tmp_path / "b.zip")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert sorted(z.namelist()) == ["actors.csv", "incidents.csv", "money.csv",
                                        "route_legs.csv", "statements.csv"]


def test_xlsx_sheets_and_injection_inert(world: dict[str, str], tmp_path: Path) -> None:
    path = export(world, "xlsx", tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["incidents", "actors", "money", "route_legs", "statements"]
    ws = wb["statements"]
    header = [c.value for c in ws[1]]
    col = header.index("sentence")
    sentences = [row[col].value for row in ws.iter_rows(min_row=2)]
    quoted = [s for s in sentences if s and "HYPERLINK(" in s]
    assert quoted and all(s.startswith("'=HYPERLINK(") for s in quoted)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    assert path.read_bytes() == export(world, "xlsx", tmp_path / "again.xlsx").read_bytes()


def test_geojson_structure(world: dict[str, str], tmp_path: Path) -> None:
    raw = export(world, "geojson", tmp_path / "out.geojson").read_text("utf-8")
    # The consumer's own parser and validator (the `geojson` package, RFC 7946).
    parsed = geojson.loads(raw)
    assert isinstance(parsed, geojson.FeatureCollection) and parsed.is_valid, parsed.errors()
    assert all(f.is_valid and f.geometry.is_valid for f in parsed.features)
    data = json.loads(raw)
    assert data["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in data["features"]}
    assert "incident" in kinds
    for f in data["features"]:
        geom = f["geometry"]
        points = [geom["coordinates"]] if geom["type"] == "Point" else geom["coordinates"]
        assert geom["type"] in ("Point", "LineString")
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        if f["properties"]["kind"] == "incident":
            assert f["properties"]["precision"] in ("place", "country")
        else:
            assert f["properties"]["direction"] == f"{f['properties']['from']}->{f['properties']['to']}"
            assert f["properties"]["incidents"] >= 1


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_networks_read_back(world: dict[str, str], tmp_path: Path, fmt: str) -> None:
    path = export(world, fmt, tmp_path / f"out.{fmt}")
    g = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"actor", "incident"}
    assert g.number_of_edges() > 0
    for a, b, d in g.edges(data=True):
        assert d["role"] and d["status"] and float(d["weight"]) >= 1
        assert {g.nodes[a]["kind"], g.nodes[b]["kind"]} == {"actor", "incident"}
    assert path.read_bytes() == export(world, fmt, tmp_path / f"again.{fmt}").read_bytes()


def test_jsonl_and_audit_row(world: dict[str, str], tmp_path: Path) -> None:
    path = export(world, "jsonl", tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert rows and rows == sorted(rows, key=lambda r: r["id"])
    assert all({"route_legs", "actors", "evidence", "sources"} <= set(r) for r in rows)
    assert any(a["status"] for r in rows for a in r["actors"])
    assert path.read_bytes() == export(world, "jsonl", tmp_path / "again.jsonl").read_bytes()
    store = Store(world["RATLINE_DATABASE_URL"])
    try:
        _, entries = audit.entries(store, action="export")
    finally:
        store.close()
    last = entries[0]
    after = json.loads(last["after"])
    assert last["user_name"] == "exporter-test" and last["target"] == "export:jsonl"
    assert after["rows"]["incidents"] == len(rows)
    assert after["filters"] == {}  # only the filters given are recorded
    assert after["shareable"] is False


def test_filters_narrow_and_bad_level_is_one_line(world: dict[str, str], tmp_path: Path) -> None:
    everything = export(world, "jsonl", tmp_path / "all.jsonl").read_text("utf-8").splitlines()
    organ = export(world, "jsonl", tmp_path / "organ.jsonl", "--trade", "organ").read_text("utf-8")
    assert organ.splitlines() and all(json.loads(line)["trade"] == "organ"
                                      for line in organ.splitlines())
    # The shared filters: a country by name, and a route role.
    by_name = export(world, "jsonl", tmp_path / "np.jsonl", "--country", "nepal").read_text("utf-8")
    by_code = export(world, "jsonl", tmp_path / "np2.jsonl", "--country", "NP").read_text("utf-8")
    assert by_name == by_code and by_name
    assert 0 < len(by_name.splitlines()) < len(everything)  # the Lahore case is not in Nepal
    into_india = export(world, "jsonl", tmp_path / "in.jsonl", "--destination", "India")
    records = [json.loads(line) for line in into_india.read_text("utf-8").splitlines()]
    assert records and all({"country": "IN", "role": "destination"} in r["route"] for r in records)
    store = Store(world["RATLINE_DATABASE_URL"])
    try:
        _, entries = audit.entries(store, action="export")
    finally:
        store.close()
    assert json.loads(entries[0]["after"])["filters"] == {"destination": "IN"}
    for bad, message in ((["--min-evidence", "rumour-ish"], "unknown min_evidence 'rumour-ish'"),
                         (["--trade", "arms"], "unknown trade 'arms'; known: organ")):
        result = CliRunner().invoke(cli, ["export", "--format", "csv", "-o", str(tmp_path / "x"),
                                          *bad], env=world)
        assert result.exit_code == 2 and message in result.output, result.output
        assert "Traceback" not in result.output and not (tmp_path / "x").exists()


def test_csv_values_match_xlsx(world: dict[str, str], tmp_path: Path) -> None:
    """The two table formats carry the same cells."""
    folder = export(world, "csv", tmp_path / "t")
    wb = openpyxl.load_workbook(export(world, "xlsx", tmp_path / "t.xlsx"))
    for name in ("incidents", "actors", "route_legs"):
        rows = list(csv.reader(io.StringIO((folder / f"{name}.csv").read_text("utf-8"))))
        sheet = [["" if c is None else str(c) for c in r] for r in wb[name].iter_rows(values_only=True)]
        assert rows == sheet, name
