"""Incremental resolution: one new document into a store of N resolved incidents.

Builds a SQLite store of N synthetic incidents (invented names: persons, a facility, a
place, a country, a year; reports of one case share some of them) and resolves it fully
once. Then it adds documents one at a time and resolves each the way `ratline ingest`
does by default (`pipeline.resolve_changes`: incidents and actor mentions linked to the
existing clusters), and once with `--full-resolve` (the whole store re-resolved), and
prints the time per document of each. Last, one invented text goes through the whole
ingest (read, extract, resolve) to show what a real new document costs end to end.
Target: under 1 s per new document at 10,000 incidents. `--batch B` then adds B
documents at once and links them in one run, as after an ingest of many, and prints a
digest of the memberships, so that two versions of the code can be compared on the same
store (code from before 5 December linked ties by string hashes: fix `PYTHONHASHSEED`).

    python bench/incremental.py [--incidents 10000] [--new 20] [--batch 1000]
    python bench/incremental.py --incidents 100000 --batch 1000 --keep /tmp/100k.db
    python bench/incremental.py --incidents 100000 --batch 0 --links 40 --keep /tmp/100k.db
    python bench/incremental.py --incidents 100000 --batch 0 --ingest 300 --keep /tmp/100k.db
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

SYLLABLES = ["ka", "ro", "men", "di", "sa", "vel", "tor", "an", "qui", "ba", "lu", "zar", "nov",
             "sha", "hid", "rin", "pa", "gan", "mo", "ler", "ti", "vas", "che", "dor", "el"]
COUNTRIES = ["PK", "IN", "EG", "MX", "TR", "NG", "LY", "IQ", "CO", "BD", "PH", "NP", "KH", "ID"]
EVIDENCE = ["report", "arrest", "charge", "conviction"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _doc_id(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def make_cases(rng: random.Random, n_cases: int) -> list[dict[str, object]]:
    return [{"trade": rng.choice(["organ", "human", "weapons"]), "country": rng.choice(COUNTRIES),
             "place": _word(rng), "year": rng.randint(2000, 2024),
             "people": [f"{_word(rng)} {_word(rng)}" for _ in range(rng.randint(1, 3))],
             "facility": f"{_word(rng)} Hospital" if rng.random() < 0.3 else None}
            for _ in range(n_cases)]


def statements_for_report(doc: str, case: dict[str, object], rng: random.Random) -> list[dict[str, object]]:
    now = datetime.now(UTC)
    subject = f"incident:{doc[:16]}:1"
    people = list(case["people"])  # type: ignore[call-overload]
    named = rng.sample(people, rng.randint(1, len(people)))
    facts: list[tuple[str, str]] = [("trade", str(case["trade"])), ("country", str(case["country"])),
                                    ("place", str(case["place"])), ("evidence", rng.choice(EVIDENCE)),
                                    ("summary", f"Case of {named[0]} in {case['place']}")]
    if rng.random() < 0.8:
        facts.append(("year", str(case["year"])))
    facts += [("actor", json.dumps({"name": p, "type": "person", "role": "broker"})) for p in named]
    if case["facility"]:
        facts.append(("actor", json.dumps({"name": case["facility"], "type": "facility", "role": "other"})))
    return [{"id": f"{doc[:28]}{k:04d}", "subject": subject, "prop": prop, "value": value,
             "document_id": doc, "start": None, "end": None, "extractor": "bench",
             "extractor_version": "0", "confidence": 1.0, "status": "machine",
             "created_at": now, "updated_at": now} for k, (prop, value) in enumerate(facts)]


def add_documents(store: object, reports: list[tuple[str, dict[str, object]]], rng: random.Random) -> None:
    from ratline.store import schema

    now = datetime.now(UTC)
    docs = [{"id": d, "source": f"bench:{d}", "size": 0, "status": "extracted", "relevant": 1,
             "extractor_version": "0", "text": "", "created_at": now, "updated_at": now} for d, _ in reports]
    rows = [s for d, case in reports for s in statements_for_report(d, case, rng)]
    with store.writer() as conn:  # type: ignore[attr-defined]
        conn.execute(schema.documents.insert(), docs)
        for i in range(0, len(rows), 5000):
            conn.execute(schema.statements.insert(), rows[i:i + 5000])
        # Queued for resolution, as extraction queues the incidents it writes.
        subjects = sorted({s for r in rows if (s := str(r["subject"])).startswith("incident:")})
        conn.execute(schema.unresolved.insert(), [{"subject": x} for x in subjects])


REPORT = ("FICTIONAL EXAMPLE. {place}, 4 June 2024. Police arrested a kidney broker, {name}, "
          "accusing him of taking villagers to {facility} in {place}, where their kidneys were "
          "removed in 2024. Investigators said each man was promised 3,000 dollars.")


def ingest_one(store: object, tmp: Path) -> None:
    """One invented report through read, extract and the default resolution."""
    from ratline import pipeline

    rng = random.Random(11)
    path = tmp / "new-report.txt"
    path.write_text(REPORT.format(place=_word(rng), name=f"{_word(rng)} {_word(rng)}",
                                  facility=f"{_word(rng)} Hospital"), encoding="utf-8")
    t0 = time.perf_counter()
    report = pipeline.ingest(store, [str(path)])  # type: ignore[arg-type]
    t1 = time.perf_counter()
    pipeline.extract_stored(store, run_id=report.run_id)  # type: ignore[arg-type]
    t2 = time.perf_counter()
    run = pipeline.resolve_changes(store)  # type: ignore[arg-type]
    t3 = time.perf_counter()
    print(f"one real document end to end: {t3 - t0:.2f}s (read {t1 - t0:.2f}s, extract "
          f"{t2 - t1:.2f}s, {run.mode} resolve {t3 - t2:.2f}s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=20)
    ap.add_argument("--batch", type=int, default=0,
                    help="then add this many documents at once and link them in one run, as an "
                         "ingest of many documents does")
    ap.add_argument("--no-check", action="store_true",
                    help="skip the full run afterwards that checks the incremental clusters")
    ap.add_argument("--keep", metavar="PATH",
                    help="with --batch, only the batch: the resolved store of --incidents is built "
                         "at PATH once (the generator's state beside it) and each run links its "
                         "batch into a copy, so that versions of the code meet the same store "
                         "without building it again (300,000 incidents take some 15 minutes)")
    ap.add_argument("--links", type=int, default=0, metavar="PAGES",
                    help="with --keep, first the link evidence of PAGES incidents of the kept "
                         "store (seed 11): reports read a page, median and 90th percentile")
    ap.add_argument("--ingest", type=int, default=0, metavar="N",
                    help="with --keep, N documents made from the corpus and news texts (as "
                         "bench/scale.py makes them) read, extracted and linked as `ratline ingest` "
                         "does by default: CPU ms a document for each step")
    args = ap.parse_args()
    if args.keep:
        return kept(Path(args.keep), args.incidents, args.batch, args.links, args.ingest)
    from ratline import pipeline
    from ratline.store.store import Store

    os.environ.setdefault("RATLINE_PSEUDONYM_KEY", "bench-incremental")
    rng = random.Random(3)
    cases = make_cases(rng, max(1, args.incidents // 2))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        reports = [(_doc_id(i), rng.choice(cases)) for i in range(args.incidents)]
        t0 = time.perf_counter()
        add_documents(store, reports, rng)
        print(f"stored {args.incidents} incidents in {time.perf_counter() - t0:.1f}s")
        t0, c0 = time.perf_counter(), time.process_time()
        full = pipeline.resolve_stored(store)
        print(f"full resolve: {time.perf_counter() - t0:.1f}s (CPU {time.process_time() - c0:.1f}s) ({full.incident_clusters} incidents, "
              f"{full.actors} actors)")
        times = []
        cpu = []
        linked = actors_linked = 0
        for k in range(args.new):
            doc = _doc_id(args.incidents + k)
            add_documents(store, [(doc, rng.choice(cases))], rng)
            t0, c0 = time.perf_counter(), time.process_time()
            run = pipeline.resolve_changes(store)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            assert run.mode == "incremental" and run.link is not None, run.mode
            linked += run.link.linked
            actors_linked += run.link.actors_linked
        times.sort()
        cpu.sort()
        if args.new:
            print(f"incremental: {args.new} new documents, {linked} linked to known incidents, "
                  f"{actors_linked} actor mentions to known actors; median {times[len(times) // 2]:.3f}s, "
                  f"max {times[-1]:.3f}s per document (CPU median {cpu[len(cpu) // 2]:.3f}s, "
                  f"max {cpu[-1]:.3f}s)")
        if args.batch:
            link_batch(store, [(_doc_id(args.incidents + args.new + 1 + k), rng.choice(cases))
                               for k in range(args.batch)], rng)
        if not args.no_check:
            add_documents(store, [(_doc_id(args.incidents + args.new), rng.choice(cases))], rng)
            from ratline.store import resolution

            incremental = {k: resolution.memberships(store, k) for k in resolution.KINDS}
            t0 = time.perf_counter()
            again = pipeline.resolve_changes(store, full=True).full
            assert again is not None
            print(f"full resolve (--full-resolve) of 1 new document: {time.perf_counter() - t0:.1f}s "
                  f"({again.incident_clusters} incidents, {again.actors} actors)")
            # Where the full run put the incrementally linked members elsewhere.
            for kind, before in incremental.items():
                after = resolution.memberships(store, kind)
                moved = sum(1 for m, c in before.items() if after.get(m) != c)
                print(f"  {kind}s: {moved} of {len(before)} members in another cluster after the full run")
        link_evidence(store, rng)
        ingest_one(store, Path(tmp))
        store.close()
    return 0


def kept(path: Path, incidents: int, batch: int, links: int = 0, ingest: int = 0) -> int:
    """`--keep`: a batch linked into a copy of the resolved store kept at `path`."""
    from ratline import pipeline
    from ratline.store.store import Store

    os.environ.setdefault("RATLINE_PSEUDONYM_KEY", "bench-incremental")
    state = path.with_name(path.name + ".rng.json")
    rng = random.Random(3)
    cases = make_cases(rng, max(1, incidents // 2))
    if not path.exists():
        part = path.with_name(path.name + ".part")
        part.unlink(missing_ok=True)
        store = Store(f"sqlite:///{part}")
        add_documents(store, [(_doc_id(i), rng.choice(cases)) for i in range(incidents)], rng)
        t0, c0 = time.perf_counter(), time.process_time()
        full = pipeline.resolve_stored(store)
        print(f"full resolve of {incidents} incidents: {time.perf_counter() - t0:.1f}s (CPU "
              f"{time.process_time() - c0:.1f}s), {full.incident_clusters} incidents; kept at {path}")
        store.close()
        state.write_text(json.dumps(rng.getstate()))
        part.rename(path)
    version, internal, gauss = json.loads(state.read_text())
    rng.setstate((version, tuple(internal), gauss))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copyfile(path, copy)
        store = Store(f"sqlite:///{copy}")
        print(f"{incidents} stored incidents (a copy of {path})")
        if links:
            link_pages(store, links)
        if batch:
            link_batch(store, [(_doc_id(incidents + 100 + k), rng.choice(cases)) for k in range(batch)], rng)
        if ingest:
            ingest_texts(store, ingest, Path(tmp))
        store.close()
    return 0


def ingest_texts(store: object, n: int, tmp: Path) -> None:
    """`--ingest`: n documents varied from the corpus and news texts by `bench/scale.py`'s
    generator (seed 29), through read, extraction and the default incremental
    resolution, as `ratline ingest` runs them; one document first loads the model,
    untimed. What each step costs a document shows which of them grows with the store."""
    import importlib.util

    from ratline import pipeline

    spec = importlib.util.spec_from_file_location("bench_scale", Path(__file__).with_name("scale.py"))
    assert spec is not None and spec.loader is not None
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    texts, origin = scale.base_texts()
    records = list(scale.generate(texts, n + 1, seed=29))
    paths = []
    for name, part in (("warm-up", records[:1]), ("documents", records[1:])):
        path = tmp / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        paths.append(path)
    marks = []
    for path in paths:
        marks = [time.process_time()]
        read = pipeline.ingest(store, [str(path)])  # type: ignore[arg-type]
        marks.append(time.process_time())
        pipeline.extract_stored(store, run_id=read.run_id)  # type: ignore[arg-type]
        marks.append(time.process_time())
        run = pipeline.resolve_changes(store)  # type: ignore[arg-type]
        marks.append(time.process_time())
    steps = [(b - a) / n * 1000 for a, b in zip(marks, marks[1:], strict=False)]
    linked = f"{run.link.new} new incident reports, {run.link.linked} linked, {run.link.read:,} stored reports read" \
        if run.link else run.mode
    print(f"ingest of {n} documents from {origin}: CPU ms a document: read {steps[0]:.1f}, extract "
          f"{steps[1]:.1f}, {run.mode} resolve {steps[2]:.1f}, all {sum(steps):.1f}; {linked}")


def link_batch(store: object, reports: list[tuple[str, dict[str, object]]], rng: random.Random) -> None:
    """Many new documents linked in one incremental run, as after an ingest of a batch:
    time per document, documents an hour, and a digest of every membership afterwards
    (the same seed gives the same store, so two versions of the code can be compared)."""
    from ratline import pipeline
    from ratline.store import resolution

    add_documents(store, reports, rng)
    start = _memory_mb("VmRSS", reset=True)
    t0, c0 = time.perf_counter(), time.process_time()
    run = pipeline.resolve_changes(store)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    grown = _memory_mb("VmHWM") - start
    assert run.mode == "incremental" and run.link is not None, run.mode
    digest = hashlib.sha256()
    for kind in resolution.KINDS:
        for member, cluster in sorted(resolution.memberships(store, kind).items()):  # type: ignore[arg-type]
            digest.update(f"{kind} {member} {cluster}\n".encode())
    n = len(reports)
    print(f"incremental, {n} new documents in one run: {wall:.2f}s (CPU {cpu:.2f}s), "
          f"{wall / n * 1000:.1f} ms a document (CPU {cpu / n * 1000:.1f} ms), "
          f"{n / wall * 3600:,.0f} documents an hour; {run.link.linked} linked to known incidents, "
          f"{run.link.actors_linked} actor mentions to known actors, {run.link.read:,} stored reports "
          f"read; peak memory {grown:,.0f} MB "
          f"above the {start:,.0f} MB before the run; memberships {digest.hexdigest()[:16]}")


def _memory_mb(field: str, reset: bool = False) -> float:
    """This process's resident memory (VmRSS) or its peak (VmHWM) in MB. `reset` first
    sets the peak to the present (Linux's clear_refs), so that the run timed next has a
    peak of its own, not the store's build."""
    status = Path("/proc/self/status")
    if reset:
        Path("/proc/self/clear_refs").write_text("5")
    for line in status.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise OSError(f"no {field} in {status}")


def incident_pages(store: object, index: object, keys: list[str]) -> tuple[list[float], int, int]:
    """Each incident's link evidence (`analyze.links.incident_links`) in turn: the seconds
    of each page, the near-links shown and the reports read."""
    from ratline.analyze.links import incident_links
    from ratline.store import resolution

    read = [0]
    statements_of = resolution.statements_of

    def counted(store: object, subjects: object) -> object:
        wanted = list(subjects)  # type: ignore[call-overload]
        read[0] += len(wanted)
        return statements_of(store, wanted)  # type: ignore[arg-type]

    resolution.statements_of = counted  # type: ignore[assignment]
    try:
        times, near = [], 0
        for key in keys:
            t0 = time.perf_counter()
            near += len(incident_links(store, index, key)["near"])  # type: ignore[arg-type]
            times.append(time.perf_counter() - t0)
    finally:
        resolution.statements_of = statements_of
    return times, near, read[0]


def link_pages(store: object, pages: int) -> None:
    """`--links`: what the link evidence of `pages` incidents drawn with seed 11 reads and
    takes, on the kept store."""
    from ratline.analyze.incidents import build_index

    index = build_index(store)  # type: ignore[arg-type]
    keys = random.Random(11).sample(sorted(index.incidents), min(pages, len(index.incidents)))
    times, near, read = incident_pages(store, index, keys)
    times.sort()
    print(f"link evidence of {len(keys)} incidents: {read / len(keys):,.1f} reports read a page, "
          f"median {times[len(times) // 2] * 1000:.0f} ms, 90th percentile "
          f"{times[int(len(times) * 0.9)] * 1000:.0f} ms, {near} near-links shown")


def link_evidence(store: object, rng: random.Random, pages: int = 20) -> None:
    """What an incident page's link evidence costs (`analyze.links`): it reads the
    incident's reports and its candidates' through the clusters' key index. Before, the
    first page after any change read every report into linkage records; that read alone
    is timed here as the baseline."""
    from ratline.analyze.incidents import build_index
    from ratline.analyze.links import actor_links
    from ratline.resolve.incidents import _features
    from ratline.resolve.records import incidents_from_statements, records_and_mentions
    from ratline.store import resolution

    index = build_index(store)  # type: ignore[arg-type]
    keys = rng.sample(sorted(index.incidents), min(pages, len(index.incidents)))
    times, near, _ = incident_pages(store, index, keys)
    actors = rng.sample(sorted(index.actors), min(pages, len(index.actors)))
    actor_times = []
    for actor in actors:
        t0 = time.perf_counter()
        actor_links(store, index, actor)  # type: ignore[arg-type]
        actor_times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    stored = incidents_from_statements(store.statements())  # type: ignore[attr-defined]
    documents = {d["id"]: d for d in store.documents()}  # type: ignore[attr-defined]
    records, _ = records_and_mentions(stored, documents, resolution.fingerprints(store))  # type: ignore[arg-type]
    _features(records)
    whole = time.perf_counter() - t0
    times.sort()
    actor_times.sort()
    print(f"link evidence of one incident: median {times[len(times) // 2] * 1000:.0f} ms, max "
          f"{times[-1] * 1000:.0f} ms over {len(times)} pages ({near} near-links shown); of one "
          f"actor: median {actor_times[len(actor_times) // 2] * 1000:.0f} ms, max "
          f"{actor_times[-1] * 1000:.0f} ms; every report read into records, as the first page "
          f"after a change did before: {whole:.1f}s")


if __name__ == "__main__":
    sys.exit(main())
