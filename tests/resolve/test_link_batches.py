"""An incremental run of many new documents (`pipeline.link_new`) reads the stored
clusters and reports it needs once for a chunk of new records, not once for each, and
links every record as a run that asked for each record alone would. It holds and stores
one chunk at a time, and weighs each as a full run would."""

from __future__ import annotations

import gc
import importlib.util
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ratline import pipeline
from ratline.resolve import records
from ratline.store import resolution
from ratline.store.store import Store
from support.reads import statements_read

BENCH = Path(__file__).resolve().parents[2] / "bench" / "incremental.py"
STORED = 300  # incidents resolved in full first
NEW = 60  # documents then linked in one run


@pytest.fixture(scope="module")
def bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_incremental", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _resolved_store(url: str, bench: Any) -> Store:
    """The same store every time for one url scheme: STORED incidents of invented cases,
    resolved in full, then NEW documents queued for an incremental run. Half the new
    documents report known cases, some report the same new case, so records link to
    stored clusters, to clusters changed earlier in the run and to each other."""
    rng = random.Random(5)
    cases = bench.make_cases(rng, STORED // 2)
    store = Store(url)
    bench.add_documents(store, [(bench._doc_id(i), rng.choice(cases)) for i in range(STORED)], rng)
    pipeline.resolve_stored(store)
    fresh = bench.make_cases(rng, 10)
    bench.add_documents(store, [(bench._doc_id(STORED + k), rng.choice(cases if k % 2 else fresh))
                                for k in range(NEW)], rng)
    return store


def _state(store: Store) -> dict[str, Any]:
    return {kind: {"members": resolution.memberships(store, kind),
                   "rows": {c["id"]: c for c in resolution.clusters(store, kind)}}
            for kind in resolution.KINDS}


class _AskEachTime:
    """What the run did before: the store asked for each record's or mention's keys."""

    def __init__(self, store: Store, kind: str, keys: Any, most: int | None = None) -> None:
        self.store, self.kind = store, kind
        self.crowded = frozenset(resolution.crowded_keys(store, kind, keys, most) if most is not None else ())

    def __call__(self, keys: Any) -> list[dict[str, Any]]:
        return resolution.clusters_with_keys(self.store, self.kind, set(keys) - self.crowded)

    def held(self, key: str) -> list[dict[str, Any]]:
        return [] if key in self.crowded else resolution.clusters_with_keys(self.store, self.kind, [key])


@pytest.fixture
def stores(database_url: str, other_url: str, bench: Any) -> Iterator[tuple[Store, Store]]:
    a, b = _resolved_store(database_url, bench), _resolved_store(other_url, bench)
    yield a, b
    a.close()
    b.close()


def test_a_run_of_many_documents_links_as_one_that_asks_for_each(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    one_by_one, batched = stores
    assert _state(one_by_one) == _state(batched)  # the same store twice
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "LINK_CHUNK", 1)
        patched.setattr(resolution, "RowsByKey", _AskEachTime)
        alone = pipeline.link_new(one_by_one)
    # Chunks of 7: clusters an earlier chunk changed are met again by later ones.
    monkeypatch.setattr(pipeline, "LINK_CHUNK", 7)
    together = pipeline.link_new(batched)
    assert (together.new, together.linked, together.created) == (alone.new, alone.linked, alone.created)
    assert (together.actors_linked, together.actors_created) == (alone.actors_linked, alone.actors_created)
    assert together.linked >= NEW // 3 and together.actors_linked >= NEW // 3  # a real test of linking
    assert _state(batched) == _state(one_by_one)


def test_a_run_of_many_documents_reads_the_store_once_a_chunk(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    store = stores[0]
    calls = {"clusters": 0, "rows": 0, "statements": 0}
    clusters_with_keys, cluster_rows = resolution.clusters_with_keys, resolution.cluster_rows
    statements_of = resolution.statements_of

    def counted_clusters(*args: Any, **kwargs: Any) -> Any:
        calls["clusters"] += 1
        return clusters_with_keys(*args, **kwargs)

    def counted_rows(*args: Any, **kwargs: Any) -> Any:
        calls["rows"] += 1
        return cluster_rows(*args, **kwargs)

    def counted_statements(*args: Any, **kwargs: Any) -> Any:
        calls["statements"] += 1
        return statements_of(*args, **kwargs)

    monkeypatch.setattr(resolution, "clusters_with_keys", counted_clusters)
    monkeypatch.setattr(resolution, "cluster_rows", counted_rows)
    monkeypatch.setattr(resolution, "statements_of", counted_statements)
    report = pipeline.link_new(store)
    assert report.new == NEW and report.linked > 0
    # One read of actor rows by key; of incident rows, one of the candidates' members and
    # one of those the new reports can join (NEW < LINK_CHUNK). Before, one of each for
    # every new mention and record.
    assert calls["clusters"] == 1 and calls["rows"] == 2
    # The new reports, the candidates' reports, and those of clusters the run itself
    # changed, read when a later record meets them: far fewer than one read per record.
    assert calls["statements"] <= NEW // 4


def test_both_resolutions_run_without_the_cyclic_collector_and_restore_it(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    # Each run builds a store's worth of long-lived objects; automatic collections only
    # walked them again (2.4x the time of an incremental run at 100k incidents).
    store = stores[0]
    seen: list[bool] = []
    records_of = resolution.records_of

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return records_of(*args, **kwargs)

    monkeypatch.setattr(resolution, "records_of", watched)
    assert gc.isenabled()
    assert pipeline.link_new(store).linked > 0
    assert seen and not any(seen)
    assert gc.isenabled()
    incidents_from_statements = records.incidents_from_statements
    seen.clear()

    def watched_full(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return incidents_from_statements(*args, **kwargs)

    monkeypatch.setattr(records, "incidents_from_statements", watched_full)
    assert pipeline.resolve_stored(store).incidents > 0
    assert seen and not any(seen)
    assert gc.isenabled()


def test_a_record_that_two_clusters_score_alike_joins_the_first_by_member(
        store: Store, bench: Any) -> None:
    # A document that reports one case twice (two incidents alike) leaves two clusters,
    # since a document's incidents are never merged; a later report of the case scores
    # both alike. It joined whichever the set of candidate ids gave first, which differs
    # from process to process (string hashes): the same store linked differently on a
    # re-run. Now it joins the cluster of the first member by id, as a full run's
    # strongest-first edges do, and never both (one document's two incidents).
    rng = random.Random(9)
    cases = bench.make_cases(rng, 12)
    twice = []
    for i, case in enumerate(cases):
        doc = bench._doc_id(1000 + i)
        rows = bench.statements_for_report(doc, case, rng)
        twice.append((doc, [*rows, *({**r, "id": r["id"][:-4] + "9" + r["id"][-3:],
                                      "subject": r["subject"][:-1] + "2"} for r in rows)]))
    _add_statements(store, twice)
    pipeline.resolve_stored(store)
    members = resolution.memberships(store, "incident")
    pairs = [sorted({members[f"incident:{doc[:16]}:1"], members[f"incident:{doc[:16]}:2"]})
             for doc, _ in twice]
    assert all(len(p) == 2 for p in pairs)
    new = [(bench._doc_id(2000 + i), case) for i, case in enumerate(cases)]
    bench.add_documents(store, new, rng)
    report = pipeline.link_new(store)
    assert report.linked >= len(cases) - 2  # a report naming too little of its case may not link
    members = resolution.memberships(store, "incident")
    joined = [(members[f"incident:{doc[:16]}:1"], pair) for (doc, _), pair in zip(new, pairs, strict=True)]
    assert sum(1 for cid, pair in joined if cid in pair) == report.linked
    first = [members[f"incident:{doc[:16]}:1"] for doc, _ in twice]
    assert [cid for cid, pair in joined if cid in pair] == [
        f for f, (cid, pair) in zip(first, joined, strict=True) if cid in pair]
    assert report.joined == 0 and all(len(set(p) & set(members.values())) == 2 for p in pairs)


def _add_statements(store: Store, documents: list[tuple[str, list[dict[str, Any]]]],
                    published: dict[str, str] | None = None) -> None:
    from datetime import UTC, date, datetime

    from ratline.store import schema

    now = datetime.now(UTC)
    dates = {d: date.fromisoformat(x) for d, x in (published or {}).items()}
    with store.writer() as conn:
        conn.execute(schema.documents.insert(), [
            {"id": d, "source": f"test:{d}", "size": 0, "status": "extracted", "relevant": 1,
             "extractor_version": "0", "text": "", "published": dates.get(d), "created_at": now,
             "updated_at": now}
            for d, _ in documents])
        conn.execute(schema.statements.insert(), [r for _, rows in documents for r in rows])


def test_of_more_actors_than_are_compared_those_whose_ids_sort_first_are() -> None:
    # 45 stored actors of one name share every key with a new mention, more than the
    # MAX_CANDIDATES compared. The cut among them followed the order of a set of ids (the
    # process's string hashes); now it keeps the ids that sort first, so the mention
    # joins the earliest-reported actor among those, never the one outside the cut.
    from ratline.resolve.actor_links import actor_row, link_mentions
    from ratline.resolve.actors import MAX_BLOCK, MAX_CANDIDATES, ActorMention

    def mention(mid: str, doc: str) -> ActorMention:
        return ActorMention(mention_id=mid, name="Omar Rahimi", type="person", role="broker",
                            document_id=doc, incident_id=None, countries=frozenset({"AF"}))

    count = MAX_CANDIDATES + 5
    assert count <= MAX_BLOCK
    # The actor whose id sorts last was reported first: outside the cut.
    rows = {f"actor-{i:03d}": actor_row(f"actor-{i:03d}", [mention(f"s{i}", f"doc-{count - i:03d}")], None)
            for i in range(count)}
    stored = [{"id": cid, "name": name, **data} for cid, name, data in rows.values()]

    def find(keys: Any) -> list[dict[str, Any]]:
        return [r for r in stored if set(r["keys"]) & set(keys)]

    links = link_mentions([mention("new", "doc-999")], find, [], {}, lambda members: None)
    # Among the MAX_CANDIDATES ids that sort first, the one reported earliest.
    assert links.assigned == {"new": f"actor-{MAX_CANDIDATES - 1:03d}"}


@pytest.mark.parametrize(("stored", "new"), [
    # A person of the same name in another country: another person.
    ([("Omar Rahimi", "person", "AF"), ("Omar Rahimi", "person", "AF")], ("Omar Rahimi", "person", "PK")),
    ([("Omar Rahimi", "person", "AF")], ("Omar Rahimi", "person", "AF")),
    # Another body whose name has a word this one lacks.
    ([("Federal Investigation Agency", "organization", "PK")], ("National Investigation Agency", "organization", "PK")),
    ([("Federal Investigation Agency", "organization", "PK")], ("Federal Investigation Agency", "organization", "PK")),
    # Names of one alias group, and of another.
    ([("Islamic State", "armed_group", "SY")], ("ISIS", "armed_group", "SY")),
    ([("Islamic State", "armed_group", "NG")], ("Islamic State West Africa Province", "armed_group", "NG")),
])
def test_a_new_mention_joins_the_actor_a_full_run_puts_it_in(
        stored: list[tuple[str, str, str]], new: tuple[str, str, str]) -> None:
    # The cluster rules (persons of other countries, another body, another alias group)
    # read the row's own fields before its names, and parse its names only where they
    # can forbid the join: joins and refusals alike must stay the full run's.
    from ratline.resolve import resolve_actors
    from ratline.resolve.actor_links import actor_row, link_mentions
    from ratline.resolve.actors import ActorMention, blocking_keys, profile

    def mention(mid: str, name: str, type_: str, country: str) -> ActorMention:
        return ActorMention(mention_id=mid, name=name, type=type_, role="broker", document_id=f"doc-{mid}",
                            incident_id=None, countries=frozenset({country}))

    old = [mention(f"s{i}", *spec) for i, spec in enumerate(stored)]
    fresh = mention("new", *new)
    full = resolve_actors(old)
    rows = [{"id": a.actor_id, "name": name, **data} for a in full.actors
            for _, name, data in [actor_row(a.actor_id, [m for m in old if m.mention_id in a.mention_ids], None)]]
    # The stored cluster is a candidate: the comparison and the rules, not the blocking, decide.
    assert blocking_keys(profile(fresh.name, fresh.type, fresh.countries)) & set(rows[0]["keys"])
    links = link_mentions([fresh], lambda keys: rows, [], full.by_member, lambda members: None)
    again = resolve_actors([*old, fresh])
    assert (links.linked == 1) == (again.by_member["new"] == again.by_member["s0"])


def _report(doc: str, facts: list[tuple[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return doc, [{"id": f"{doc}-{k:04d}", "subject": f"incident:{doc[:16]}:1", "prop": prop,
                  "value": value if isinstance(value, str) else json.dumps(value), "document_id": doc,
                  "start": None, "end": None, "extractor": "test", "extractor_version": "0",
                  "confidence": 1.0, "status": "machine", "created_at": now, "updated_at": now}
                 for k, (prop, value) in enumerate(facts)]


BROKER = ("actor", {"name": "Tariq Mehmood Qureshi", "type": "person", "role": "broker"})
SURGEON = ("actor", {"name": "Farhan Latif", "type": "person", "role": "surgeon"})
CLINIC = ("actor", {"name": "Al-Shifa Raiwind Clinic", "type": "facility", "role": "clinic"})
CASE = [("trade", "organ"), ("country", "PK"), ("year", "2021"), ("organ", "kidney")]


def test_a_new_report_that_links_two_stored_incidents_joins_them_as_a_full_run_does(store: Store) -> None:
    # The broker's arrest and the surgeon's share too little to be one case alone; a
    # later report naming both, the clinic and both towns shows they are. The run linked
    # it to one of them and left the other apart until a full run; now it joins both, as
    # the full run does, and the cluster joined into the other leaves the store.
    from ratline.store import schema

    arrest = _report("doc-arrest", [*CASE, ("place", "Lahore"), ("evidence", "arrest"), BROKER,
                                    ("summary", "Police arrest broker Tariq Mehmood Qureshi in Lahore")])
    clinic = _report("doc-clinic", [*CASE, ("place", "Raiwind"), ("evidence", "arrest"), SURGEON, CLINIC,
                                    ("summary", "Surgeon Farhan Latif held at Raiwind clinic")])
    both = _report("doc-charge", [*CASE, ("place", "Lahore"), ("place", "Raiwind"), ("evidence", "charge"),
                                  BROKER, SURGEON, CLINIC,
                                  ("summary", "Qureshi and surgeon Farhan Latif charged in Lahore")])
    _add_statements(store, [arrest, clinic])
    pipeline.resolve_stored(store)
    before = resolution.memberships(store, "incident")
    subjects = [f"incident:{doc[:16]}:1" for doc in ("doc-arrest", "doc-clinic", "doc-charge")]
    assert before[subjects[0]] != before[subjects[1]]
    _add_statements(store, [both])
    with store.writer() as conn:
        conn.execute(schema.unresolved.insert(), [{"subject": subjects[2]}])

    report = pipeline.link_new(store)
    after = resolution.memberships(store, "incident")
    assert (report.new, report.linked, report.created, report.joined) == (1, 1, 0, 1)
    assert len({after[s] for s in subjects}) == 1 and after[subjects[0]] in set(before.values())
    gone = ({before[s] for s in subjects[:2]} - {after[subjects[0]]}).pop()
    assert gone not in {c["id"] for c in resolution.clusters(store, "incident")}
    with store.engine.connect() as conn:
        keys = conn.execute(schema.cluster_keys.select().where(schema.cluster_keys.c.cluster_id == gone)).all()
    assert keys == []
    (row,) = [c for c in resolution.clusters(store, "incident") if c["id"] == after[subjects[0]]]
    assert sorted(row["members"]) == sorted(subjects) and row["corroboration"] == 3
    assert {a["name"] for a in row["actors"]} >= {"Tariq Mehmood Qureshi", "Farhan Latif"}
    # A full run arrives at the same incident, under the same id.
    pipeline.resolve_stored(store)
    assert resolution.memberships(store, "incident") == after


KHAN = ("actor", {"name": "Ali Raza Khan", "type": "person", "role": "broker"})


def test_a_new_report_parts_a_stored_incident_as_a_full_run_would(store: Store) -> None:
    # The broker's arrest in Multan and a report of him with a surgeon in Lahore and
    # Multan months later were joined as one case. A new report tells the arrest again
    # with a recruiter, other victims and other money: with it, a full run keeps the
    # arrest with the new report and the surgeon's case apart (their reports no longer
    # agree on average). The run linked the new report into the stored case and kept all
    # three together; now it resolves the candidates' reports with it, as a full run
    # does, and the part that leaves keeps its own actors.
    from ratline.store import schema

    kidney = [("trade", "organ"), ("country", "PK"), ("year", "2017"), ("organ", "kidney"), ("evidence", "arrest")]
    arrest = _report("doc-arrest", [*kidney, KHAN, ("place", "Multan"), ("activity", "arrest"),
                                    ("summary", "Ali Raza Khan held")])
    surgeon = _report("doc-surgeon", [
        *kidney, KHAN, ("actor", {"name": "Imran Qadir", "type": "person", "role": "surgeon"}),
        ("place", "Lahore"), ("place", "Multan"), ("victim_count", "3"),
        ("money", {"amount": 5000, "currency": "USD", "what": "payment_to_seller"}),
        ("summary", "Kidney broker Ali Raza Khan and surgeon Imran Qadir held in Lahore")])
    again = _report("doc-again", [
        *kidney, KHAN, ("actor", {"name": "Nadia Pervez", "type": "person", "role": "recruiter"}),
        ("place", "Multan"), ("place", "Bahawalpur"), ("victim_count", "24"),
        ("money", {"amount": 900000, "currency": "PKR", "what": "payment_to_seller"}),
        ("summary", "Ali Raza Khan and Nadia Pervez convicted in Multan kidney case")])
    published = {"doc-arrest": "2017-05-01", "doc-surgeon": "2017-09-01", "doc-again": "2017-05-03"}
    _add_statements(store, [arrest, surgeon], published)
    pipeline.resolve_stored(store)
    subjects = [f"incident:{doc[:16]}:1" for doc in ("doc-arrest", "doc-surgeon", "doc-again")]
    before = resolution.memberships(store, "incident")
    assert before[subjects[0]] == before[subjects[1]]
    _add_statements(store, [again], published)
    with store.writer() as conn:
        conn.execute(schema.unresolved.insert(), [{"subject": subjects[2]}])

    report = pipeline.link_new(store)
    after = resolution.memberships(store, "incident")
    assert (report.new, report.linked, report.created) == (1, 1, 0)
    assert after[subjects[0]] == after[subjects[2]] != after[subjects[1]]
    assert before[subjects[0]] in {after[subjects[0]], after[subjects[1]]}  # one part keeps the id
    rows = {c["id"]: c for c in resolution.clusters(store, "incident")}
    assert set(after.values()) == set(rows)
    assert sorted(rows[after[subjects[1]]]["members"]) == [subjects[1]]
    assert {a["name"] for a in rows[after[subjects[1]]]["actors"]} == {"Ali Raza Khan", "Imran Qadir"}
    assert {a["name"] for a in rows[after[subjects[0]]]["actors"]} == {"Ali Raza Khan", "Nadia Pervez"}
    pipeline.resolve_stored(store)
    assert resolution.memberships(store, "incident") == after
    full = {c["id"]: c for c in resolution.clusters(store, "incident")}
    assert {cid: sorted(a["id"] for a in row["actors"]) for cid, row in full.items()} == {
        cid: sorted(a["id"] for a in row["actors"]) for cid, row in rows.items()}


def _counts(store: Store) -> dict[tuple[str, str], int]:
    from ratline.store import schema

    f = schema.frequencies
    with store.engine.connect() as conn:
        return {(field, key): n for field, key, n in conn.execute(f.select())}


@pytest.mark.parametrize("chunk", [pipeline.LINK_CHUNK, 7])
def test_an_incremental_run_counts_names_as_a_full_run_of_the_store(
        database_url: str, bench: Any, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # What an incremental run weighs names by is the store's counts, which it raises by
    # its new reports: they must equal what a full run counts over every report, whether
    # it stores its reports at once or a chunk at a time.
    monkeypatch.setattr(pipeline, "LINK_CHUNK", chunk)
    store = _resolved_store(database_url, bench)
    try:
        pipeline.link_new(store)
        incremental = _counts(store)
        assert incremental[("total", "records")] == STORED + NEW
        pipeline.resolve_stored(store)
        assert _counts(store) == incremental
    finally:
        store.close()


def test_a_run_holds_and_stores_one_chunk_of_new_reports_at_a_time(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    # An ingest of a million documents queued a million reports, and the run read them
    # all before it linked any: its memory grew with the ingest. It reads, links and
    # stores them a chunk at a time, and links them as a run of one chunk does.
    whole, chunked = stores
    pipeline.link_new(whole)
    queued = set(resolution.unresolved_subjects(chunked))
    assert len(queued) == NEW
    monkeypatch.setattr(pipeline, "LINK_CHUNK", 7)
    new_read: list[int] = []
    records_of = resolution.records_of

    def watched(store: Store, subjects: Any) -> Any:
        subjects = set(subjects)
        # Those still queued (a stored chunk's reports are candidates of the next).
        new_read.append(len(subjects & set(resolution.unresolved_subjects(store))))
        return records_of(store, subjects)

    with monkeypatch.context() as patched:
        patched.setattr(resolution, "records_of", watched)
        report = pipeline.link_new(chunked)
    assert report.new == NEW
    assert max(new_read) <= 7 and sum(new_read) >= NEW
    assert _state(chunked) == _state(whole)


def test_every_chunk_weighs_names_by_the_whole_store_its_later_chunks_included(
        database_url: str, bench: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # A full run counts every report before it weighs any; so does a run of many chunks,
    # though it has stored only the chunks before the one it links.
    from ratline.store import frequencies

    store = _resolved_store(database_url, bench)
    monkeypatch.setattr(pipeline, "LINK_CHUNK", 7)
    totals: list[int] = []
    weighing = frequencies.weighing

    def watched(store: Store, plus: Any = None) -> Any:
        stored = frequencies.read_counts(store, {})["total"]["records"]
        totals.append(stored + (plus["total"]["records"] if plus else 0))
        return weighing(store, plus)

    monkeypatch.setattr(frequencies, "weighing", watched)
    try:
        pipeline.link_new(store)
    finally:
        store.close()
    assert len(totals) == -(-NEW // 7)
    assert set(totals) == {STORED + NEW}


def test_a_run_stopped_part_way_keeps_the_chunks_it_stored(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    # The chunks before the stop stay linked, the rest stay queued, and the next run
    # links them as an unbroken run would have (nothing twice: the names are counted once).
    from ratline.store import faults

    whole, stopped = stores
    monkeypatch.setattr(pipeline, "LINK_CHUNK", 7)
    pipeline.link_new(whole)
    passes = 0
    point = faults.point

    def stop(stage: str) -> None:
        nonlocal passes
        if stage == "resolve":
            passes += 1
            if passes == 4:  # chunk 1's actors, its incidents, chunk 2's actors, its incidents
                raise RuntimeError("stopped")
        point(stage)

    with monkeypatch.context() as patched:
        patched.setattr(faults, "point", stop)
        with pytest.raises(RuntimeError, match="stopped"):
            pipeline.link_new(stopped)
    left = resolution.unresolved_subjects(stopped)
    assert len(left) == NEW - 7  # the first chunk's seven were stored
    assert pipeline.link_new(stopped).new == NEW - 7
    assert _state(stopped) == _state(whole)
    assert _counts(stopped) == _counts(whole)


def test_clusters_joined_after_they_changed_in_an_earlier_chunk_are_never_asked_for(
        tmp_path: Path, bench: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # A run kept one index of cluster keys over all its chunks. A cluster that lost keys
    # in one chunk (a report parted from it) and was joined into another in a later one
    # stayed listed under the keys it had lost; the next chunk with such a key asked for
    # it and the run failed (KeyError), as an ingest of 20,000 documents into 10,000
    # incidents did. Each chunk now reads the clusters as the store holds them.
    rng = random.Random(3)
    cases = bench.make_cases(rng, 150)
    store = Store(f"sqlite:///{tmp_path / 'chunks.db'}")
    try:
        bench.add_documents(store, [(bench._doc_id(i), rng.choice(cases)) for i in range(300)], rng)
        pipeline.resolve_stored(store)
        bench.add_documents(store, [(bench._doc_id(300 + k), rng.choice(cases)) for k in range(400)], rng)
        monkeypatch.setattr(pipeline, "LINK_CHUNK", 5)
        report = pipeline.link_new(store)
        assert report.new == 400 and report.joined > 0
        assert resolution.unresolved_subjects(store) == []
        rows = {c["id"] for c in resolution.clusters(store, "incident")}
        members = resolution.memberships(store, "incident")
        assert len(members) == 700 and set(members.values()) == rows
    finally:
        store.close()


def test_a_run_never_reads_the_rows_of_a_key_too_crowded_to_compare(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    # No report is compared through a key that more than `max_block` clusters hold (a
    # country's, in a large store), yet every chunk read and decoded all those rows: at
    # 100,000 incidents, every cluster row of the store once a chunk. Of the rest it
    # needs the members, and the whole row only of those the new reports can join.
    from ratline.resolve.incidents import blocking_keys_of

    store = stores[0]
    new, _ = resolution.records_of(store, resolution.unresolved_subjects(store))
    keys = set(blocking_keys_of(new))
    crowded = resolution.crowded_keys(store, "incident", keys, 2)
    compared = {c["id"] for c in resolution.clusters_with_keys(store, "incident", keys - crowded)}
    every = {c["id"] for c in resolution.clusters_with_keys(store, "incident", keys)}
    assert crowded and compared < every
    read: set[str] = set()
    full: set[str] = set()
    cluster_rows = resolution.cluster_rows

    def watched(store: Store, kind: str, ids: Any, fields: Any = None) -> dict[str, dict[str, Any]]:
        rows = cluster_rows(store, kind, ids, fields)
        if kind == "incident":
            (read if fields else full).update(rows)
        return rows

    monkeypatch.setattr(resolution, "cluster_rows", watched)
    assert pipeline.link_new(store, max_block=2).linked > 0
    assert read == compared
    # Whole rows (claims, actors) only of the clusters the new reports can join.
    assert full and len(full) < len(compared)


def test_a_run_compares_no_two_reports_through_a_key_too_crowded_to_compare(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    # A full run compares no two reports through a block of more than MAX_BLOCK. A chunk
    # resolved again with the clusters it can join met the same keys in blocks of a few
    # (a country's, of a few hundred clusters in the store): most of its comparisons were
    # through them, comparisons a full run never makes, which also linked what it would not.
    from ratline.resolve import incidents

    store = stores[0]
    every, _ = resolution.records_of(store, [*resolution.memberships(store, "incident"),
                                             *resolution.unresolved_subjects(store)])
    keys = {r.incident_id: set(incidents.blocking_keys_of([r])) for r in every}
    crowded = resolution.crowded_keys(store, "incident", set().union(*keys.values()), 2)
    assert crowded
    compared: list[tuple[str, str]] = []
    machine_score = incidents.machine_score

    def watched(a: Any, b: Any, *args: Any) -> Any:
        compared.append((a.incident_id, b.incident_id))
        return machine_score(a, b, *args)

    monkeypatch.setattr(incidents, "machine_score", watched)
    assert pipeline.link_new(store, max_block=2).linked > 0
    assert compared
    through_crowded = [(a, b) for a, b in compared if not (keys[a] & keys[b]) - crowded]
    assert through_crowded == []


def test_a_chunk_makes_each_records_features_once(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    # The nearest reports, what they can reach and their resolution meet the same records:
    # each step parsed their names and keyed them again.
    from collections import Counter

    from ratline.resolve import incidents

    made: Counter[str] = Counter()
    features, keys = incidents._features, incidents._blocking_keys

    def counted(records: Any) -> Any:
        made.update(r.incident_id for r in records)
        return features(records)

    keyed: Counter[str] = Counter()

    def counted_keys(record: Any, f: Any) -> Any:
        keyed[record.incident_id] += 1
        return keys(record, f)

    monkeypatch.setattr(incidents, "_features", counted)
    monkeypatch.setattr(incidents, "_blocking_keys", counted_keys)
    report = pipeline.link_new(stores[0])
    assert report.linked > 0
    stored = set(resolution.memberships(stores[0], "incident"))
    assert len(made) > NEW and set(keyed) == set(made)  # stored reports too
    assert len(made) == NEW + report.read  # the run's count of stored reports read
    assert max(made.values()) == 1 and max(keyed.values()) == 1
    assert set(made) <= stored


@pytest.mark.parametrize("own_keys", [False, True], ids=["cluster keys", "member keys"])
def test_the_nearest_reports_read_are_those_of_reading_every_report_asked_about(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, own_keys: bool) -> None:
    # A chunk read every report of every cluster sharing a key with one of its records,
    # though each record is compared with the MAX_CANDIDATES sharing most keys: at
    # 300,000 incidents, 199,402 reports for 1,000 new records. What a report's cluster
    # shares bounds what the report shares, so the rest need not be read; the nearest
    # of each record must be those found by reading every report. Where the rows list
    # each member's own keys (rows written before them do not), only those are read.
    from ratline.resolve import incidents

    monkeypatch.setattr(incidents, "MAX_CANDIDATES", 4)  # a small store's blocks are small
    store = stores[0]
    new, _ = resolution.records_of(store, resolution.unresolved_subjects(store))
    keys_of = {r.incident_id: incidents.blocking_keys_of([r]) for r in new}
    holding = resolution.clusters_holding(store, "incident", {k for ks in keys_of.values() for k in ks})
    asked = {r: sorted({cid for k in ks for cid in holding.get(k, ())}) for r, ks in keys_of.items()}
    rows = resolution.cluster_rows(store, "incident", {c for cs in asked.values() for c in cs},
                                   ("members", "keys", "member_keys"))
    clusters = {cid: (row["members"], set(row["keys"])) for cid, row in rows.items()}
    every, _ = resolution.records_of(store, {m for ms, _ in clusters.values() for m in ms})
    read: list[int] = []

    def reader(ids: set[str]) -> list[Any]:
        read.append(len(ids))
        return resolution.records_of(store, ids)[0]

    stored_keys = resolution.member_keys(rows) if own_keys else None
    assert not own_keys or len(stored_keys or ()) > 20  # clusters of several reports list theirs
    found = incidents.nearest_reports(keys_of, clusters, asked, reader, stored_keys=stored_keys)
    assert sum(read) == len(found) < len(every)

    def nearest(reports: list[Any]) -> dict[str, list[tuple[int, str]]]:
        # Those sharing most keys, ties to the lower id; one sharing none is never compared.
        feats = incidents._features([*new, *reports])
        keys = {r.incident_id: incidents._blocking_keys(r, f) for r, f in zip([*new, *reports], feats, strict=True)}
        by_cluster = {cid: {m for m in ms} for cid, (ms, _) in clusters.items()}
        return {r.incident_id: [(n, x) for n, x in sorted(
                    (-len(keys[r.incident_id] & keys[x.incident_id]), x.incident_id) for x in reports
                    if any(x.incident_id in by_cluster[c] for c in asked[r.incident_id]))[:4] if n]
                for r in new}

    assert nearest(list(found.values())) == nearest(every)
    if own_keys:
        assert set(found) == {x for ranked in nearest(every).values() for _, x in ranked}


def test_a_chunk_of_reports_whose_statements_were_all_rejected_leaves_the_queue(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    # A reviewer may reject every statement of a report before it is linked: nothing is
    # left to link of it, here a whole chunk's worth, and the run goes on to the next.
    from sqlalchemy import update

    from ratline.store import schema

    store = stores[0]
    queued = resolution.unresolved_subjects(store)
    gone = queued[:7]
    with store.writer() as conn:
        conn.execute(update(schema.statements).where(schema.statements.c.subject.in_(gone)).values(status="rejected"))
    monkeypatch.setattr(pipeline, "LINK_CHUNK", 7)
    report = pipeline.link_new(store)
    assert report.new == NEW - 7
    assert resolution.unresolved_subjects(store) == []
    members = resolution.memberships(store, "incident")
    assert not set(gone) & set(members) and set(queued[7:]) <= set(members)


def test_the_link_evidence_reads_the_nearest_reports_and_shows_what_reading_all_shows(
        stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    # An incident's link evidence read every report of every cluster sharing a key with
    # it (at 100,000 incidents up to 3.4 s a page) to show, for each of its reports, the
    # MAX_CANDIDATES nearest of other incidents: the nearest alone show the same page.
    from ratline.analyze import links
    from ratline.analyze.incidents import build_index
    from ratline.resolve import incidents

    for module in (links, incidents):
        monkeypatch.setattr(module, "MAX_CANDIDATES", 4)  # a small store's blocks are small
    store = stores[0]
    index = build_index(store)

    def read_all(keys_of: Any, clusters: Any, asked: Any, reader: Any, *args: Any) -> Any:
        return {r.incident_id: r for r in reader({m for cids in asked.values() for c in cids
                                                  for m in clusters[c][0]})}

    read = statements_read(monkeypatch)
    pages, nearest_read, all_read = 0, 0, 0
    for row in resolution.clusters(store, "incident")[:40]:
        read.clear()
        page = links.incident_links(store, index, row["id"])
        nearest_read += len(read)
        read.clear()
        with monkeypatch.context() as patched:
            patched.setattr(incidents, "nearest_reports", read_all)
            assert links.incident_links(store, index, row["id"]) == page
        all_read += len(read)
        pages += bool(page["near"])
    assert pages > 10  # pages with near-links
    assert nearest_read < all_read * 0.8
