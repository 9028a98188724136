"""bench/resolve_incidents.py: its synthetic incident records, and resolution on a few hundred."""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ratline.resolve import IncidentRecord, resolve_incidents

BENCH = Path(__file__).resolve().parents[2] / "bench"
SIZE = 300


@pytest.fixture(scope="module")
def bench() -> Iterator[Any]:
    # The bench imports bench/resolve.py by bare name, as when run from bench/; put
    # sys.path and the modules back as they were afterwards.
    path, modules = list(sys.path), set(sys.modules)
    try:
        spec = importlib.util.spec_from_file_location("bench_resolve_incidents",
                                                      BENCH / "resolve_incidents.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path[:] = path
        for name in set(sys.modules) - modules:
            if BENCH in Path(getattr(sys.modules[name], "__file__", None) or "/").parents:
                del sys.modules[name]


@pytest.fixture(scope="module")
def drawn(bench: Any) -> tuple[list[IncidentRecord], list[int]]:
    records, gold = bench.make_records(SIZE)
    return records, list(gold)


def test_same_seed_gives_the_same_records(bench: Any, drawn: tuple[list[IncidentRecord], list[int]]) -> None:
    records, gold = drawn
    again, gold_again = bench.make_records(SIZE)
    assert again == records and list(gold_again) == gold
    docs = list(dict.fromkeys(r.document_id for r in records))
    first = [r for r in records if r.document_id == docs[0]]
    second = [r for r in records if r.document_id == docs[1]]
    assert first and second and first != second
    assert first == [r for r in again if r.document_id == docs[0]]
    assert second == [r for r in again if r.document_id == docs[1]]
    other, _ = bench.make_records(SIZE, seed=8)
    assert other != records


def test_records_look_like_several_reports_of_fewer_cases(drawn: tuple[list[IncidentRecord], list[int]]) -> None:
    records, gold = drawn
    assert len(records) == SIZE
    cases = set(gold)
    assert SIZE / 6 <= len(cases) < SIZE * 0.6
    # Reports of one case differ: a subset of its people, other spellings, other years.
    by_case: dict[int, list[IncidentRecord]] = defaultdict(list)
    for r, case in zip(records, gold, strict=True):
        by_case[case].append(r)
    varied = [rs for rs in by_case.values() if len(rs) > 2 and len({r.actors for r in rs}) > 1]
    assert len(varied) >= 10
    assert any(len({r.year for r in rs if r.year is not None}) > 1 for rs in by_case.values())
    # Unrelated cases share towns, so blocking has real work.
    towns: dict[str, set[int]] = defaultdict(set)
    for r, case in zip(records, gold, strict=True):
        for place in r.places:
            towns[place].add(case)
    assert max(len(cs) for cs in towns.values()) >= 3
    # A few documents are round-ups of two cases.
    docs: dict[str, set[int]] = defaultdict(set)
    for r, case in zip(records, gold, strict=True):
        docs[r.document_id].add(case)
    assert any(len(cs) == 2 for cs in docs.values())


def test_resolution_finds_the_cases(bench: Any, drawn: tuple[list[IncidentRecord], list[int]]) -> None:
    records, gold = drawn
    res = resolve_incidents(records)
    found = [res.by_member[r.incident_id] for r in records]
    precision, recall = bench.actor_bench.pairwise_quality(found, gold)
    assert precision >= 0.95
    assert recall >= 0.9
    clusters: dict[int, set[str]] = defaultdict(set)
    reports: dict[int, int] = defaultdict(int)
    for cluster, case in zip(found, gold, strict=True):
        clusters[case].add(cluster)
        reports[case] += 1
    reported_often = [case for case, k in reports.items() if k > 1]
    whole = sum(1 for case in reported_often if len(clusters[case]) == 1)
    assert whole >= 0.85 * len(reported_often)
    assert res.stats["comparisons"] > SIZE


@pytest.mark.slow
def test_the_weight_bound_changes_no_outcome(bench: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The bound skips comparing the names of pairs that cannot score UNSURE whatever
    # the names show: the clusters, merges and pairs for review stay those of scoring
    # every candidate pair in full.
    from ratline.resolve import incidents
    from ratline.resolve.clusters import UNSURE

    records, _ = bench.make_records(1200, seed=5)
    bounded = resolve_incidents(records)
    skipped = 0

    def in_full(a: Any, b: Any, fa: Any, fb: Any, freq: Any, bound: Any) -> Any:
        nonlocal skipped
        s = incidents.score_records(a, b, fa, fb, freq, bound.model, explain=False)
        skipped += bound_skips(a, b, fa, fb, freq, bound)
        return s if s.value >= UNSURE else None

    bound_skips = _skips(incidents)
    monkeypatch.setattr(incidents, "machine_score", in_full)
    full = resolve_incidents(records)
    assert [c.members for c in bounded.clusters] == [c.members for c in full.clusters]
    assert bounded.merges == full.merges and bounded.review == full.review
    assert skipped > bounded.stats["comparisons"] / 2  # most pairs end on the bound


def _skips(incidents: Any) -> Any:
    """1 when the bound ends a pair before its names are compared, else 0."""
    def skips(a: Any, b: Any, fa: Any, fb: Any, freq: Any, bound: Any) -> int:
        known = [incidents._trade(a, b), *incidents._other_fields(a, b, fa, fb, freq)]
        return int(bound.short(known, incidents._name_fields(fa, fb, freq)))
    return skips


def test_weighing_without_reasons_gives_the_scored_values(
        drawn: tuple[list[IncidentRecord], list[int]]) -> None:
    # A full run weighs names by `match_value` and other fields without their details;
    # both must give what the explained scores give, or resolution would change.
    from ratline.resolve import incidents
    from ratline.resolve.actors import match_value, score_profiles

    records, _ = drawn
    feats = incidents._features(records)
    freq = incidents.frequencies(feats, records)
    people = [p for f in feats[:60] for p in f.actors]
    values = [(match_value(a, b), score_profiles(a, b).value) for a in people for b in people]
    assert len(values) > 1000
    assert all(fast == scored for fast, scored in values)
    assert any(v >= 0.85 for v, _ in values) and any(v == 0.0 for v, _ in values)
    levels = 0
    for i in range(0, len(records) - 1, 3):
        a, b, fa, fb = records[i], records[i + 1], feats[i], feats[i + 1]
        explained = incidents._other_fields(a, b, fa, fb, freq)
        bare = incidents._other_fields(a, b, fa, fb, freq, explain=False)
        assert [(c.field, c.level, c.frequency) for c in bare] == \
            [(c.field, c.level, c.frequency) for c in explained]
        assert all(c.detail for c in explained) and not any(c.detail for c in bare)
        levels += len(bare)
    assert levels > 200
