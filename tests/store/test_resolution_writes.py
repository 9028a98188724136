"""How a resolution is written (`store.resolution.replace_resolution` after a full run,
`add_resolution` after an incremental one): in chunks, whatever its size."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.store import bulk, resolution
from ratline.store.store import Store


def test_a_resolution_is_written_in_chunks_and_reads_back_whole(
        store: Store, other_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # 70 clusters of two members, three keys each: with chunks of 7 rows no insert holds
    # more, and what is read back is what one insert of everything stores.
    members = {f"incident:{i:03d}:{n}": f"inc-{i:03d}" for i in range(70) for n in (1, 2)}
    rows = [(f"inc-{i:03d}", f"case {i}", {"keys": [f"k{i % 5}", f"y{i % 3}", "trade:organ"], "n": i})
            for i in range(70)]
    whole = Store(other_url)
    resolution.replace_resolution(whole, "incident", members, rows)
    sizes: list[int] = []
    insert_rows = bulk.insert_rows

    def counted(conn: Any, table: Any, chunk: Any, **kwargs: Any) -> Any:
        sizes.append(len(chunk))
        return insert_rows(conn, table, chunk, **kwargs)

    monkeypatch.setattr(resolution, "WRITE_CHUNK", 7)
    monkeypatch.setattr(bulk, "insert_rows", counted)
    resolution.replace_resolution(store, "incident", members, rows)
    assert max(sizes) <= 7 * 3  # a chunk of 7 clusters has 21 keys
    assert sum(sizes) == len(members) + len(rows) + 3 * len(rows)
    for kind in resolution.KINDS:
        assert resolution.memberships(store, kind) == resolution.memberships(whole, kind)
        assert resolution.clusters(store, kind) == resolution.clusters(whole, kind)
    assert resolution.clusters_per_key(store, "incident", ["k1", "trade:organ"]) == {"k1": 14, "trade:organ": 70}
    # An incremental run's rows go the same way.
    sizes.clear()
    resolution.add_resolution(store, "incident", {"incident:999:1": "inc-999"},
                              [(f"inc-{i:03d}", f"case {i}", {"keys": ["k9"]}) for i in range(900, 920)])
    assert sizes and max(sizes) <= 7
    assert resolution.clusters_per_key(store, "incident", ["k9"]) == {"k9": 20}
    whole.close()



def test_an_incremental_run_links_more_incidents_than_a_statement_takes_parameters(store: Store) -> None:
    # PostgreSQL takes at most 65,535 parameters a statement: the memberships an
    # incremental run replaced were deleted with one list of them all, so an ingest of
    # more new incidents failed when it linked them.
    members = {f"incident:{i:06d}:1": f"inc-{i % 1000:03d}" for i in range(70_000)}
    resolution.add_resolution(store, "incident", members, [])
    resolution.add_resolution(store, "incident", {**members, "incident:999999:1": "inc-000"}, [])
    stored = resolution.memberships(store, "incident")
    assert len(stored) == 70_001 and stored["incident:069999:1"] == "inc-999"
