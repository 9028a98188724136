"""bench/splink_clusters.py: the Splink input table and a Splink run on the fictional dedup set.

Skipped where the optional `splink` extra is not installed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from ratline.resolve import IncidentRecord

pytest.importorskip("splink")

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bench() -> Iterator[Any]:
    # The bench scripts import each other by bare name, as when run from bench/.
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_splink_clusters", BENCH / "splink_clusters.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


def _record(doc: str, **incident: Any) -> IncidentRecord:
    return IncidentRecord.from_json(doc, 0, {"trade": "organ", **incident}, names=incident.pop("names", ()))


def test_table_leaves_agencies_out_and_empty_fields_null(bench: Any) -> None:
    a = _record("d1", countries=["XA"], places=["Port Ovel"], year=2019, evidence="charge",
                actors=[{"name": "Dario Venn", "type": "person", "role": "broker"},
                        {"name": "Ovel Police Department", "type": "organization", "role": "other"},
                        {"name": "Inspector Mara Sole", "type": "person", "role": "investigator"}],
                summary="Broker charged over kidney sales in Port Ovel", names=["h1", "h2"])
    b = _record("d2", countries=["XA"], summary="Clinic raided")
    table = bench.splink_table([a, b]).set_index("unique_id")
    row = table.loc[a.incident_id]
    # The broker only: the police are an agency, the inspector investigates.
    assert len(row["actors"]) == 1 and row["actors"][0].startswith("dario")
    assert row["facilities"] is None
    assert row["places"] == ["ovel port"]
    assert row["stage"] == 3 and row["year"] == 2019
    assert sorted(row["names"]) == ["h1", "h2"]
    other = table.loc[b.incident_id]
    for col in ("actors", "places", "organs", "money", "names"):
        assert other[col] is None, col


def test_splink_links_the_dedup_set_with_its_labels(bench: Any) -> None:
    records, gold, _, _ = bench.load_dedup()
    labels = [(a.incident_id, b.incident_id) for a, b in combinations(records, 2)
              if gold[a.incident_id] == gold[b.incident_id]]
    runs, _ = bench.splink_clusters(bench.splink_table(records), labels, "labels", [0.99])
    mapping = runs[0.99]
    assert set(mapping) == {r.incident_id for r in records}
    s = bench.pairwise(mapping, gold)
    assert s["precision"] >= 0.9 and s["recall"] >= 0.9, s
