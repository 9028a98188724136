"""The incident index's memo: least recently used results go first, and a result is
computed once however many requests ask for it at the same time."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import pytest

from ratline.analyze import incidents
from ratline.analyze.incidents import IncidentIndex


def test_a_stream_of_one_off_keys_keeps_the_result_in_use() -> None:
    index = IncidentIndex({}, {})
    computed: list[str] = []

    def make(key: str) -> str:
        computed.append(key)
        return key.upper()

    assert index.memo("map", lambda: make("map")) == "MAP"
    for n in range(3 * incidents.MEMO_SIZE):
        index.memo(("search", n), lambda n=n: make(f"q{n}"))
        assert index.memo("map", lambda: make("map")) == "MAP"
    assert computed.count("map") == 1
    assert len(index._tiers[0]) == incidents.MEMO_SIZE
    index.memo(("search", 0), lambda: make("q0"))  # long gone: computed again
    assert computed.count("q0") == 2


def test_concurrent_requests_for_one_key_compute_it_once() -> None:
    index = IncidentIndex({}, {})
    calls = 0
    lock = threading.Lock()

    def slow() -> int:
        nonlocal calls
        with lock:
            calls += 1
        time.sleep(0.2)
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(index.memo("k", slow))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8 and calls == 1


def test_a_built_index_is_left_out_of_garbage_collections(tmp_path: Path) -> None:
    # A full collection walks every tracked object while no request runs: the index's
    # millions are frozen out of it once built.
    from ratline.analyze.incidents import IndexCache
    from ratline.store import Store

    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        index = IndexCache(store).get()
        assert gc.get_freeze_count() > 0
        assert not any(gc.is_tracked(x) and x is index for x in gc.get_objects())
    finally:
        gc.unfreeze()
        store.close()


def test_what_a_map_adds_to_the_index_leaves_garbage_collection() -> None:
    # Route legs are worked out at the first map, after the index was frozen: as lists,
    # one per incident, every full collection walked them (70 ms at a million statements).
    from ratline.analyze.routes import route_legs

    inc = incidents.Incident("i1", [], route=[("NP", "origin"), ("IN", "transit"),
                                              ("TR", "destination")])
    legs = route_legs(inc)
    assert legs == (("NP", "IN"), ("IN", "TR"))
    gc.collect()
    gc.collect()
    assert not gc.is_tracked(legs)
    assert route_legs(inc) is legs


def test_the_server_reads_the_gazetteer_and_freezes_before_serving(tmp_path: Path) -> None:
    # The gazetteer is 300,000 objects, read at the first map: a full collection walking
    # them held every request for 250 ms. The server reads it and freezes at start.
    from fastapi.testclient import TestClient

    from ratline.geo import places
    from ratline.store import Store
    from ratline.web.app import create_app

    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    places._index.cache_clear()
    gc.unfreeze()
    try:
        with TestClient(create_app(store)):
            assert places._index.cache_info().currsize == 1
            assert gc.get_freeze_count() > 0
            assert not any(gc.is_tracked(x) and x is places._index() for x in gc.get_objects())
    finally:
        gc.unfreeze()
        store.close()


def test_results_slow_to_compute_outlive_a_stream_of_quick_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # At 10M statements a map takes seconds and an incident milliseconds: incidents viewed
    # once each must not push the map out.
    monkeypatch.setattr(incidents, "COSTLY_SECONDS", 0.05)
    index = IncidentIndex({}, {})
    computed: list[str] = []

    def make(key: str, seconds: float = 0.0) -> str:
        computed.append(key)
        time.sleep(seconds)
        return key

    index.memo("map", lambda: make("map", 0.1))
    for n in range(3 * incidents.MEMO_SIZE):
        index.memo(("incident", n), lambda n=n: make(f"i{n}"))
    index.memo("map", lambda: make("map", 0.1))
    assert computed.count("map") == 1
    assert len(index._tiers[0]) == incidents.MEMO_SIZE
    index.memo(("incident", 0), lambda: make("i0"))  # a quick one long gone
    assert computed.count("i0") == 2
    # Slow results have a budget of their own, least recently used first out.
    monkeypatch.setattr(incidents, "MEMO_SIZE", 3)
    for n in range(4):
        index.memo(("map", n), lambda n=n: make(f"m{n}", 0.1))
    index.memo(("map", 0), lambda: make("m0", 0.1))
    assert computed.count("m0") == 2 and len(index._tiers[1]) == 3


def test_a_stream_of_new_searches_never_pushes_out_a_map(monkeypatch: pytest.MonkeyPatch) -> None:
    # At 10M statements a search takes a tenth of a second and a map seconds: searches
    # each new to the server had pushed the maps out, and the browse mix stalled while
    # every worker thread waited for a map computed again.
    monkeypatch.setattr(incidents, "COSTLY_SECONDS", 0.01)
    monkeypatch.setattr(incidents, "MEMO_SIZE", 3)
    index = IncidentIndex({}, {})
    computed: list[str] = []

    def make(key: str, seconds: float) -> str:
        computed.append(key)
        time.sleep(seconds)
        return key

    index.memo("map", lambda: make("map", 0.15))
    for n in range(8):
        index.memo(("search", n), lambda n=n: make(f"s{n}", 0.02))
    index.memo("map", lambda: make("map", 0.15))
    assert computed.count("map") == 1
    index.memo(("search", 0), lambda: make("s0", 0.02))
    assert computed.count("s0") == 2  # searches make room among themselves


def test_a_costly_result_is_kept_out_of_the_collectors_walks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A kept selection of hundreds of thousands of incidents was walked by every full
    # collection (50-100 ms at 10M statements, with every request waiting).
    monkeypatch.setattr(incidents, "COSTLY_SECONDS", 0.01)
    index = IncidentIndex({}, {})

    def selection(seconds: float) -> list[list[int]]:
        time.sleep(seconds)
        return [[n] for n in range(1000)]

    try:
        costly = index.memo("all incidents", lambda: selection(0.05))
        tracked = {id(o) for o in gc.get_objects()}
        assert id(costly) not in tracked and id(costly[0]) not in tracked
        quick = index.memo("one incident", lambda: selection(0.0))
        assert id(quick) in {id(o) for o in gc.get_objects()}
        assert index.memo("all incidents", lambda: selection(0.05)) is costly
    finally:
        gc.unfreeze()


def test_large_results_are_kept_within_a_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # A search most documents match selects most incidents: a few hundred such
    # selections would be gigabytes. The oldest go once a tier holds MEMO_BYTES.
    monkeypatch.setattr(incidents, "MEMO_BYTES", 10_000)
    index = IncidentIndex({}, {})
    computed: list[int] = []

    def body(n: int) -> bytes:
        computed.append(n)
        return bytes(4_000)

    for n in range(6):
        index.memo(("search", n), lambda n=n: body(n))
    assert len(index._tiers[0]) == 2 and index._held[0] == 8_000
    index.memo(("search", 5), lambda: body(5))  # the newest are kept
    assert computed.count(5) == 1
    index.memo(("search", 0), lambda: body(0))  # the oldest went
    assert computed.count(0) == 2
    # A result over the whole budget is still kept, alone, until the next.
    index.memo("huge", lambda: bytes(50_000))
    assert list(index._tiers[0]) == ["huge"] and index._held[0] == 50_000
    index.memo("small", lambda: b"x")
    assert list(index._tiers[0]) == ["small"] and index._held[0] == 1
