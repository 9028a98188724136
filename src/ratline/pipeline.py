"""Composes the stages: sources -> readers -> store, then triage -> extract -> store.

Work is committed in batches: an ingest batch's documents, failures and progress rows
land in one transaction, and so do an extraction batch's statements and failures, so a
run killed at any point leaves whole batches behind and the next run skips what is
stored (document and statement ids are content hashes).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ratline import gc_pause, masking, settings
from ratline.model import Document, Failure, RawItem, Statement
from ratline.store import Store, StoreError, faults
from ratline.store.store import MachineStatements

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
# Reads a source's raw items into documents and failures, in order (`read_items`).
Reader = Callable[[Iterable[RawItem | Failure]], Iterable[Document | Failure]]
# Attachments inside attachments inside e-mails: stop somewhere sane.
MAX_ATTACHMENT_DEPTH = 3


class EngineError(Exception):
    """The distributed engine failed (a cluster lost, a worker that kept dying); the run
    stops, and what it wrote stays (a re-run adds only the rest)."""


@dataclass
class IngestReport:
    run_id: int = 0
    seen: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    # Distinct documents the run read, new or stored before, kept in the store for the
    # extraction that follows (`extract_stored(run_id=...)`); 0 without `keep_ids`. Their
    # ids stay there: held here they grew with the run (120 MB at a million documents).
    documents: int = 0
    # Sources named by the user that do not exist (the others are still ingested).
    missing: list[str] = field(default_factory=list)


@dataclass
class ExtractReport:
    processed: int = 0
    relevant: int = 0
    incidents: int = 0
    statements_added: int = 0
    statements_removed: int = 0
    failures: list[Failure] = field(default_factory=list)


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_item(item: RawItem, depth: int = 0) -> Iterator[Document | Failure]:
    """One raw item -> its document (and its attachments' documents), or failures."""
    from ratline.readers import ReadError, read

    try:
        result = read(item)
    except ReadError as exc:
        yield Failure(item.origin, str(exc), stage="read")
        return
    except Exception as exc:  # a reader bug must not end the run
        log.exception("reader crashed on %s", item.origin)
        yield Failure(item.origin, f"reader error: {type(exc).__name__}: {exc}", stage="read")
        return
    text = result.text  # readers return normalised text
    if text.strip():
        yield Document(
            id=document_id(text), text=text, source=item.origin, media_type=result.media_type,
            url=item.url, title=result.title, published=result.published,
            published_precision=result.published_precision,
            language=result.language, author=result.author, site=result.site,
            size=len(item.data) if item.data else len(text.encode("utf-8")),
        )
    elif not result.attachments:
        yield Failure(item.origin, "empty document: no text could be read", stage="read")
    for attachment in result.attachments:
        if depth < MAX_ATTACHMENT_DEPTH:
            yield from read_item(attachment, depth + 1)
        else:
            yield Failure(
                attachment.origin,
                f"attachment {attachment.filename or attachment.origin!r} is nested more than "
                f"{MAX_ATTACHMENT_DEPTH} levels deep; not read",
                stage="read",
            )


def read_items(items: Iterable[RawItem | Failure]) -> Iterator[Document | Failure]:
    """Raw items (and the sources' own failures) -> documents and failures, in order."""
    for item in items:
        if isinstance(item, Failure):
            yield item
        else:
            yield from read_item(item)


def iter_documents(
    specs: Iterable[str], *, allow_private: bool = False, store: Store | None = None,
    read: Reader | None = None,
) -> Iterator[Document | Failure]:
    from ratline.sources import iter_items

    state = StoreFeedState(store) if store is not None else None
    for spec in specs:
        try:
            items = iter_items(spec, allow_private=allow_private, state=state)
            yield from (read or read_items)(items)
        except EngineError:
            raise  # the engine is gone, not the source: the run stops
        except Exception as exc:  # a source bug must not lose the other sources
            log.exception("source crashed on %s", spec)
            yield Failure(spec, f"source error: {type(exc).__name__}: {exc}", stage="source")


class StoreFeedState:
    """Feed validators (ETag, Last-Modified) kept in the store, so conditional GET works
    across runs."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, url: str) -> tuple[str | None, str | None]:
        return self.store.feed_validators(url)

    def set(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.store.set_feed_validators(url, etag, last_modified)


def ingest(
    store: Store,
    specs: list[str],
    *,
    allow_private: bool = False,
    batch_size: int | None = None,
    progress: Progress | None = None,
    read: Reader | None = None,
    keep_ids: bool = True,
) -> IngestReport:
    """Read every source into the store; one document per distinct text. With `keep_ids`,
    the store keeps which documents the run read (`run_documents`), for the extraction
    that follows (`extract_stored(run_id=report.run_id)`).

    `read` replaces the reading of raw items (`read_items`), as the Ray engine does to
    read them on its workers; the writes stay here."""
    batch_size = batch_size or settings.ingest_batch_size()
    report = IngestReport(run_id=store.start_run("ingest", specs))
    batch: list[Document | Failure] = []
    status = "failed"
    try:
        from ratline.sources import is_missing_source

        for entry in iter_documents(specs, allow_private=allow_private, store=store, read=read):
            if isinstance(entry, Failure) and any(is_missing_source(entry, s) for s in specs):
                report.missing.append(entry.origin)
            batch.append(entry)
            if len(batch) >= batch_size:
                _flush(store, report, batch, keep_ids)
                if progress:
                    progress(len(batch))
                batch = []
        _flush(store, report, batch, keep_ids)
        if progress:
            progress(len(batch))
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        _finish_run(store, report.run_id, status)
    return report


def _finish_run(store: Store, run_id: int, status: str) -> None:
    try:
        store.finish_run(run_id, status)
    except Exception:
        if status == "done":
            raise
        # The run is already failing (a full disk, a lost server): its own error is the
        # one to report. The run row stays `running` and reads as interrupted later.
        log.warning("could not record the end of run %s", run_id, exc_info=True)


def _flush(store: Store, report: IngestReport, batch: list[Document | Failure],
           keep_ids: bool = True) -> None:
    if not batch:
        return
    docs = [e for e in batch if isinstance(e, Document)]
    failures = [e for e in batch if isinstance(e, Failure)]

    def write(conn: Any) -> tuple[int, int, int]:
        added = set(store.add_documents(docs, conn))
        store.record_failures(failures, conn)
        items: dict[str, dict[str, object]] = {}
        for doc in docs:
            outcome = "added" if doc.id in added else "duplicate"
            added.discard(doc.id)  # a second copy inside the same batch is a duplicate
            items.setdefault(doc.source, {"origin": doc.source, "document_id": doc.id,
                                          "outcome": outcome, "error": None})
        for f in failures:
            items.setdefault(f.origin, {"origin": f.origin, "document_id": None,
                                        "outcome": "failed", "error": f.reason})
        store.record_run_items(report.run_id, list(items.values()), conn)
        n_documents = 0
        if keep_ids:
            n_documents = store.record_run_documents(report.run_id, (d.id for d in docs), conn)
        n_added = sum(1 for i in items.values() if i["outcome"] == "added")
        n_dup = sum(1 for i in items.values() if i["outcome"] == "duplicate")
        store.bump_run(report.run_id, conn, seen=len(batch), added=n_added,
                       duplicates=n_dup, failed=len(failures))
        faults.point("ingest-batch")
        return n_added, n_dup, n_documents

    n_added, n_dup, n_documents = store.write(write)
    faults.point("ingest-commit")
    report.seen += len(batch)
    report.added += n_added
    report.duplicates += n_dup
    report.failed += len(failures)
    report.failures.extend(failures)
    report.documents += n_documents


def statements_for(doc_id: str, extraction: object) -> list[Statement]:
    """Turn one document's extraction into statements with provenance."""
    from ratline.extract import EXTRACTOR, EXTRACTOR_VERSION, Extraction

    assert isinstance(extraction, Extraction)
    out = [
        Statement(f"document:{doc_id}", "relevant", "true" if extraction.relevant else "false",
                  doc_id, None, None, EXTRACTOR, EXTRACTOR_VERSION,
                  confidence=round(extraction.relevance, 4)),
    ]
    if extraction.kind:
        # Kept as a statement so incidents can be filtered by their documents' kind.
        out.append(Statement(f"document:{doc_id}", "kind", extraction.kind, doc_id, None, None,
                             EXTRACTOR, EXTRACTOR_VERSION))
    for n, incident in enumerate(extraction.incidents, start=1):
        subject = incident_subject(doc_id, n)
        for fact in incident.facts():
            out.append(
                Statement(subject, fact.prop, fact.value, doc_id, fact.start, fact.end,
                          EXTRACTOR, EXTRACTOR_VERSION, confidence=round(fact.confidence, 4))
            )
    return out


def incident_subject(doc_id: str, n: int) -> str:
    return f"incident:{doc_id[:16]}:{n}"


@dataclass
class Extracted:
    """One document's extraction as statements, ready to store: what an extraction
    worker (in this process or a Ray actor) hands to the writer."""

    document_id: str
    source: str
    statements: list[Statement] = field(default_factory=list)
    relevant: bool = False
    incidents: int = 0
    error: str | None = None


def extract_document(row: Any, *, keep_victim_names: bool, pseudonym_key: bytes) -> Extracted:
    """Triage and extract one stored document (`iter_texts` row) into statements."""
    from ratline.extract import extract_text

    try:
        extraction = extract_text(
            row["text"], doc_id=row["id"], published=_as_date(row["published"]),
            keep_victim_names=keep_victim_names, pseudonym_key=pseudonym_key,
        )
        masking.protect_extraction(extraction, row["text"])  # summaries quote victims' names
        return Extracted(row["id"], row["source"], statements_for(row["id"], extraction),
                         relevant=extraction.relevant, incidents=len(extraction.incidents))
    except Exception as exc:
        log.exception("extraction failed on %s", row["id"])
        return Extracted(row["id"], row["source"],
                         error=f"extraction error: {type(exc).__name__}: {exc}")


def store_extracted_batch(store: Store, report: ExtractReport, results: Sequence[Extracted]) -> None:
    """Write a batch of documents' extractions in one transaction: each document's machine
    statements replace its previous ones, and a document whose extraction failed keeps
    the reason (the others are stored all the same). A crash leaves the whole batch or
    none of it; ids are content hashes, so writing a batch again adds nothing."""
    from ratline.extract import EXTRACTOR_VERSION

    if not results:
        return
    # Only the extraction's own failures become records: a store that cannot be
    # written (full disk, lost server) ends the run with its reason instead.
    # In id order, as the statements are written: concurrent writers lock rows alike.
    failed = sorted((r for r in results if r.error is not None), key=lambda r: r.document_id)
    done = [r for r in results if r.error is None]

    def write(conn: Any) -> tuple[int, int]:
        for r in failed:
            store.record_document_error(r.document_id, str(r.error), "extract", conn)
        counts = store.replace_machine_statements_batch(
            [MachineStatements(r.document_id, r.statements, r.relevant) for r in done],
            EXTRACTOR_VERSION, conn)
        faults.point("extract-batch")
        return counts

    added, removed = store.write(write)
    faults.point("extract-commit")
    report.failures.extend(Failure(r.source, str(r.error), stage="extract") for r in failed)
    report.processed += len(done)
    report.relevant += sum(r.relevant for r in done)
    report.incidents += sum(r.incidents for r in done)
    report.statements_added += added
    report.statements_removed += removed


def store_extracted(store: Store, results: Iterable[Extracted], *,
                    progress: Progress | None = None, batch_size: int | None = None) -> ExtractReport:
    """Write extractions as they come, `batch_size` documents a transaction
    (`settings.extract_batch_size`). Stopped while extracting (Ctrl-C, a lost Ray
    cluster), it writes the batch gathered so far before it stops: finished work stays."""
    size = batch_size or settings.extract_batch_size()
    report = ExtractReport()
    batch: list[Extracted] = []
    try:
        for result in results:
            batch.append(result)
            if progress and result.error is None:
                progress(1)
            if len(batch) >= size:
                store_extracted_batch(store, report, batch)
                batch = []
    except (KeyboardInterrupt, EngineError):
        store_extracted_batch(store, report, batch)
        raise
    store_extracted_batch(store, report, batch)
    return report


def pending_texts(store: Store, ids: Iterable[str] | None, everything: bool,
                  run_id: int | None = None) -> Iterator[Any]:
    """The stored documents an extraction run takes (`ids`, or those ingest run `run_id`
    read, or every one): those not yet extracted by this extractor version, or all of
    them with `everything`."""
    from ratline.extract import EXTRACTOR_VERSION

    pending = None if everything else EXTRACTOR_VERSION
    return store.iter_texts(ids=list(ids) if ids is not None else None, pending_version=pending,
                            run_id=run_id)


def extract_stored(
    store: Store,
    *,
    ids: Iterable[str] | None = None,
    everything: bool = False,
    progress: Progress | None = None,
    run_id: int | None = None,
) -> ExtractReport:
    """Triage and extract stored documents into machine statements: `ids`, or the
    documents ingest run `run_id` read (kept in the store, never listed in memory), or
    every stored document.

    Only documents not yet extracted by this extractor version are processed unless
    `everything` is set. Human-reviewed statements always survive.
    """
    keep_names = settings.keep_victim_names()
    key = b"" if keep_names else settings.pseudonym_key()
    return store_extracted(store, (
        extract_document(row, keep_victim_names=keep_names, pseudonym_key=key)
        for row in pending_texts(store, ids, everything, run_id)), progress=progress)


def _as_date(value: object) -> date | None:
    return value if isinstance(value, date) else None


def retry_specs(origins: Iterable[str]) -> list[str]:
    """The sources to read again so that these failed origins are retried."""
    specs: list[str] = []
    for origin in origins:
        spec = origin
        if "://" not in origin:
            spec = origin.split("!", 1)[0]
            if "#" in spec and spec.split("#", 1)[0].endswith(".jsonl"):
                spec = spec.split("#", 1)[0]
            elif "#" in spec and not os.path.exists(spec) and os.path.isfile(spec.split("#")[0]):
                spec = spec.split("#", 1)[0]  # an entry of a saved feed: read the feed again
            if os.path.islink(spec):
                # A link found in a folder is judged from that folder: read on its own it
                # would count as named by the user and be followed wherever it leads.
                spec = os.path.dirname(spec) or "."
        if spec not in specs:
            specs.append(spec)
    return specs


@dataclass
class ResolveReport:
    incidents: int = 0
    incident_clusters: int = 0
    corroborated: int = 0
    conflicting: int = 0
    mentions: int = 0
    actors: int = 0
    problems: list[str] = field(default_factory=list)


def record_audit(store: Store, user: str, action: str, target: str, before: Any = None,
                 after: Any = None) -> None:
    from ratline.store import audit

    audit.record(store, user, action, target, before=before, after=after)


def _latest_verdicts(rows: Iterable[Any]) -> list[Any]:
    """One verdict per pair: the latest a person gave."""
    from ratline.resolve import Judgement

    latest: dict[frozenset[str], Judgement] = {}
    for r in rows:
        latest[frozenset((r["a"], r["b"]))] = Judgement(r["a"], r["b"], r["verdict"], r["reviewer"])
    return list(latest.values())


def explain_stored(store: Store, kind: str, a: str, b: str) -> list[str]:
    """Lines explaining why A and B (ids, members or actor names) are linked or not."""
    from ratline.resolve.explain import explain_actors, explain_incidents
    from ratline.store import frequencies, resolution

    cid_a, side_a = resolution.members_of(store, kind, a)
    cid_b, side_b = resolution.members_of(store, kind, b)
    header = [f"{a} -> {cid_a}; {b} -> {cid_b}" + ("  (same cluster now)" if cid_a == cid_b else "")]
    if kind == "incident":
        # Only the two sides' reports are read: names weigh by the store's counts (a
        # store no run has counted yet: by counts over every report, as it was resolved).
        counted = frequencies.held(store)
        records, _ = (resolution.records_of(store, {*side_a, *side_b}) if counted
                      else resolution.stored_records(store))
        ids = {r.incident_id for r in records}
        side_a = [m for m in side_a if m in ids and (cid_a != cid_b or m not in side_b or len(side_a) == 1)]
        side_b = [m for m in side_b if m in ids and m not in side_a]
        if not side_a or not side_b:
            raise StoreError("nothing to compare: both name the same incident report")
        return header + explain_incidents(records, side_a, side_b, frequencies.weighing(store)).lines
    rows = {c["id"]: c for c in resolution.clusters(store, "actor")}
    ca, cb = rows[cid_a], rows[cid_b]
    best = None
    for x in ca.get("aliases") or [ca["name"]]:
        for y in cb.get("aliases") or [cb["name"]]:
            e = explain_actors((x, ca["type"], frozenset(ca.get("countries") or ())),
                               (y, cb["type"], frozenset(cb.get("countries") or ())))
            if best is None or e.score.value > best.score.value:
                best = e
    assert best is not None
    return header + best.lines


class RenameRefused(StoreError):
    """A rename that may not be made; `reason`: unknown (no such actor), pseudonym (the
    actor is a victim), victim (the name is a victim's) or bad (not a name)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def rename_actor(store: Store, actor_id: str, name: str, reviewer: str) -> tuple[str, str]:
    """Choose the name a resolved actor is shown under, kept as a judgement that every
    later resolve run applies; returns (name before, name after), as people may see them.

    A victim keeps its pseudonym, and a name some stored document gives a victim is
    refused in any letter case: a rename must never put a victim's name on show."""
    from ratline.extract.pseudonyms import PREFIX as PSEUDONYM_PREFIX
    from ratline.store import resolution

    name = " ".join((name or "").split())
    if not name or any(ord(c) < 32 for c in name):
        raise RenameRefused("a name needs at least one letter and no control characters", "bad")
    if len(name) > resolution.MAX_NAME:
        raise RenameRefused(f"a name has at most {resolution.MAX_NAME} characters", "bad")
    row = resolution.cluster(store, "actor", actor_id)
    if row is None:
        try:
            row = resolution.cluster(store, "actor", resolution.members_of(store, "actor", actor_id)[0])
        except StoreError as exc:
            raise RenameRefused(str(exc), "unknown") from None
    if row is None or not row.get("mentions"):
        raise RenameRefused(f"no resolved actor {actor_id!r}; see `ratline actors`", "unknown")
    if any(str(n).startswith(PSEUDONYM_PREFIX) for n in (row["name"], *(row.get("aliases") or ()))):
        raise RenameRefused("a victim is shown only under a pseudonym; this actor cannot be "
                            "renamed", "pseudonym")
    masker = masking.load(store)
    victims = masker.names(masker.by_document)
    if victims and masking.mask(name, victims, any_case=True) != name:
        raise RenameRefused("that name is a victim's name in a stored document; choose another",
                            "victim")
    before = masking.clusters(store, [row])[0]["name"]
    resolution.add_name(store, "actor", str(row["mentions"][0]), name, reviewer)
    after = resolution.cluster(store, "actor", str(row["id"])) or row
    return str(before), str(masking.clusters(store, [after])[0]["name"])


def _incident_row(cluster: Any, records: list[Any], actors: list[dict[str, str]],
                  prepared: Any = None) -> tuple[str, str, dict[str, Any]]:
    """The stored row of one incident cluster (what lists, the web and incremental runs
    read), from its members' linkage records: they hold what the row shows of the
    reports, so a run need not keep the reports' statements until the rows are made.
    Their blocking keys come from `prepared` where the run made them."""
    from ratline.resolve.incidents import report_keys

    seen: set[str] = set()
    unique_actors = [a for a in actors if not (a["id"] in seen or seen.add(a["id"]))]  # type: ignore[func-returns-value]
    c = cluster
    held = dict(zip((r.incident_id for r in records), report_keys(records, prepared), strict=True))
    keys = sorted(set().union(*held.values()))
    position = {k: i for i, k in enumerate(keys)}
    summary = records[0].summary if records else ""
    return (c.cluster_id, summary or c.cluster_id, {
        "trade": c.trade, "evidence": c.evidence, "year": c.year,
        "countries": sorted(c.countries), "sources": list(c.sources),
        "corroboration": c.corroboration, "conflicts": list(c.conflicts),
        "members": list(c.members), "actors": unique_actors,
        "organs": sorted({o for r in records for o in r.organs}),
        "places": sorted({p for r in records for p in r.places}),
        "claims": [{"document_id": cl.document_id, "incident": cl.incident_id,
                    "outlet": cl.outlet, "published": cl.published, "evidence": cl.evidence,
                    "outcome": cl.outcome, "year": cl.year, "victims": cl.victims,
                    "deaths": cl.deaths,
                    "money": [{"amount": a, "currency": cur, "what": w} for a, cur, w in cl.money]}
                   for cl in c.claims],
        # Blocking keys, so an incremental run finds candidates without re-reading statements.
        "keys": keys,
        # And each member's (positions in `keys`, null for one with no record), so that it
        # reads only the members among a new report's nearest; a lone member's are `keys`.
        **({"member_keys": [None if (own := held.get(m)) is None else sorted(position[k] for k in own)
                            for m in cluster.members]} if len(cluster.members) > 1 else {}),
    })


# New records an incremental run reads the candidates of, resolves and stores at once:
# what it holds at one time does not grow with the documents an ingest brought.
LINK_CHUNK = 1000


@dataclass
class LinkReport:
    new: int = 0
    linked: int = 0
    created: int = 0
    # Stored incidents a new report showed to be one with another (joined into it).
    joined: int = 0
    mentions: int = 0
    actors_linked: int = 0
    actors_created: int = 0
    # Stored incident reports read to compare the new ones with (what grows with the store).
    read: int = 0
    seconds: float = 0.0


# Both resolutions read a store's worth of records, profiles and rows, all long-lived and
# free of reference cycles, so the cyclic collector only walks them again and again:
# without it an incremental run of 500 documents into 40,000 stored incidents took 9.0 ms
# a document instead of 18-22 (`bench/incremental.py`, docs/scale.md).
@gc_pause.paused()
def link_new(store: Store, max_block: int = 300) -> LinkReport:
    """Link incidents not yet resolved, and their actor mentions, to the existing
    clusters without re-resolving the store: candidates come from the blocking keys kept
    in each cluster row, and only their members' statements are read. The new incidents
    and the candidates' reports are resolved together as a full run resolves them (the
    same comparisons, threshold and average-link rule, names weighed by the frequencies
    of the whole store, kept in it), so a new report that links two stored incidents
    joins them, and one that makes a shared name common enough to weigh less may part
    reports joined before. New actor mentions join actors or start their own (see
    `resolve.actor_links`); merging actors waits for the next full `resolve_stored`.

    The queue is linked LINK_CHUNK reports at a time, each chunk stored before the next
    is read: a run holds one chunk and its candidates however many documents an ingest
    brought, and a run stopped part way keeps the chunks it stored (the rest stay
    queued for the next)."""
    import time

    from ratline.resolve.incidents import Prepared, counts_of, less_counts
    from ratline.store import frequencies, resolution

    t0 = time.perf_counter()
    report = LinkReport()
    judgements = _latest_verdicts(resolution.judgements(store, "incident"))
    taken = resolution.TakenIds(store, "incident")
    pending = _queued_counts(store)
    for subjects in resolution.unresolved_pages(store, LINK_CHUNK):
        chunk, mentions = resolution.records_of(store, subjects)
        prepared = Prepared()  # each record's features and keys, made once for the chunk's steps
        counts = counts_of(chunk, frequencies.counted(store, {r.document_id for r in chunk}), prepared)
        # Every queued report counts before any is weighed, as in a full run of the whole
        # store: the store holds the chunks stored so far, `pending` the rest.
        weighing = frequencies.weighing(store, counts if pending is None else pending)
        actors_of = _link_new_actors(store, mentions, report)
        memberships, changed, removed = _link_chunk(store, chunk, actors_of, judgements, taken, weighing,
                                                    report, max_block, prepared)
        # Queued subjects with nothing left to link (every statement rejected) leave the queue.
        resolution.add_resolution(store, "incident", memberships, changed, settled=subjects,
                                  removed=removed, counts=counts)
        if pending is not None:
            pending = less_counts(pending, counts)
    report.linked = report.new - report.created
    report.seconds = time.perf_counter() - t0
    return report


def _queued_counts(store: Store) -> Any:
    """The name counts of every queued report, for a run of more than one chunk to weigh
    by before it has stored them; None where one chunk holds the queue (its own counts are
    all there are, and reading its reports twice would cost a run of one document)."""
    from ratline.resolve.incidents import add_counts, counts_of
    from ratline.store import frequencies, resolution

    pages = resolution.unresolved_pages(store, LINK_CHUNK)
    if next(pages, None) is None or next(pages, None) is None:
        return None
    total: Any = None
    before: set[str] = set()  # a document's reports end a page or two and start the next
    for subjects in resolution.unresolved_pages(store, LINK_CHUNK):
        records, _ = resolution.records_of(store, subjects)
        documents = {r.document_id for r in records}
        counts = counts_of(records, frequencies.counted(store, documents) | (before & documents))
        total = counts if total is None else add_counts(total, counts)
        before = documents
    return total


def _link_chunk(store: Store, chunk: list[Any], actors_of: Mapping[str, list[dict[str, str]]],
                judgements: list[Any], taken: Any, weighing: Any, report: LinkReport,
                max_block: int, prepared: Any,
                ) -> tuple[dict[str, str], list[tuple[str, str, dict[str, Any]]], set[str]]:
    """Resolve a chunk of new reports with the stored clusters they can join; returns the
    memberships that changed, the cluster rows to write and the clusters joined into others."""
    from ratline.resolve.incidents import report_keys, resolve_incidents, within_reach
    from ratline.store import resolution

    # Read once for the chunk, not once for each record (what a run of many new documents
    # spent most of its time on): the stored clusters sharing a key with any of them that
    # at most `max_block` clusters hold (their ids from the key index, their members from
    # their rows), and the reports of those that can be candidates.
    own = dict(zip((r.incident_id for r in chunk), report_keys(chunk, prepared), strict=True))
    fresh = {r.incident_id for r in chunk}
    # A row may still list a report queued again: it is new, no candidate.
    found = resolution.nearest_stored(store, own, fresh, max_block, prepared)
    crowded, asked, clusters, nearest = found.crowded, found.asked, found.clusters, found.reports
    members = {cid: [nearest[m] for m in ms if m in nearest] for cid, (ms, _) in clusters.items()}
    # Resolved again with the new reports: the clusters they can link to, as a full run
    # meets them. A cluster sharing only a key (a country) with them, or nothing they
    # score high enough against, keeps what the last run made of it.
    candidates = sorted(within_reach(chunk, members, asked, weighing, crowded=crowded, prepared=prepared))
    before = resolution.cluster_rows(store, "incident", candidates)
    # Their reports' keys too: a block of a few hundred in the store is a few here, and
    # comparing through it (a country's, reports of one trade there) would make the
    # comparisons a full run never makes, most of this resolution's work.
    held = set().union(*(clusters[cid][1] for cid in candidates)) - set().union(*own.values())
    crowded |= resolution.crowded_keys(store, "incident", held, max_block)
    # Each is resolved again whole: its reports not read yet too.
    rest, _ = resolution.records_of(store, {m for cid in candidates for m in clusters[cid][0] if m not in nearest})
    report.read += len(nearest) + len(rest)
    known = nearest | {r.incident_id: r for r in rest} | {r.incident_id: r for r in chunk}
    old_of = {m: cid for cid in candidates for m in clusters[cid][0] if m in known}
    result = resolve_incidents([*(known[m] for m in old_of), *chunk], judgements, old_of,
                               taken=taken, weighing=weighing, crowded=crowded, prepared=prepared)
    # A stored incident whose reports went to several: its actors are read per report.
    split = {x for c in result.clusters for x in {old_of[m] for m in c.members if m in old_of}
             if not all(m in c.members for m in before[x]["members"] if m in old_of)}
    parted = _stored_incident_actors(store, [m for m, x in old_of.items() if x in split]) if split else {}
    memberships: dict[str, str] = {}
    changed: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for c in result.clusters:
        parts = sorted({old_of[m] for m in c.members if m in old_of})
        placed = [m for m in c.members if m in fresh]
        if not placed and parts == [c.cluster_id] and c.cluster_id not in split:
            continue  # as it was
        if not parts:
            report.created += 1
        actors: list[dict[str, str]] = []
        for x in parts:
            if x in split:
                actors += [a for m in c.members if old_of.get(m) == x for a in parted.get(m, [])]
            else:
                actors += before[x].get("actors") or []
        actors += [a for m in placed for a in actors_of.get(m, [])]
        changed[c.cluster_id] = _incident_row(c, [known[m] for m in c.members], actors, prepared)
        memberships.update((m, c.cluster_id) for m in c.members if old_of.get(m) != c.cluster_id)
    removed = set(result.redirects)
    for old, cid in result.redirects.items():
        report.joined += 1
        # Its members not read (no statement left to link) follow the rest.
        memberships.update((m, cid) for m in before[old]["members"] if m not in known)
        changed.pop(old, None)
    report.new += len(chunk)
    return memberships, list(changed.values()), removed


def _stored_incident_actors(store: Store, subjects: list[str]) -> dict[str, list[dict[str, str]]]:
    """The resolved actors of each stored incident report, as a full run lists them in
    its incident's row: the actors its mentions belong to."""
    from ratline.store import resolution

    _, mentions = resolution.records_of(store, subjects)
    actor_of = resolution.memberships_of(store, "actor", [m.mention_id for m in mentions])
    rows = {cid: resolution.cluster(store, "actor", cid) for cid in sorted(set(actor_of.values()))}
    out: dict[str, list[dict[str, str]]] = {}
    for m in mentions:
        row = rows.get(actor_of.get(m.mention_id, ""))
        if m.incident_id and row is not None:
            out.setdefault(m.incident_id, []).append({"id": row["id"], "name": row["name"], "type": row["type"]})
    return out


def _link_new_actors(store: Store, mentions: list[Any], report: LinkReport) -> dict[str, list[dict[str, str]]]:
    """Link the actor mentions not yet resolved and store them; returns, per incident
    subject, the actors it names (as incident rows list them)."""
    from ratline.resolve.actor_links import link_mentions, mention_keys
    from ratline.resolve.actors import MAX_BLOCK
    from ratline.store import resolution

    known = resolution.StoredMemberships(store, "actor")
    verdicts = _latest_verdicts(resolution.judgements(store, "actor"))
    # The memberships this run asks about: its mentions', and those a person judged.
    known.load([m.mention_id for m in mentions] + [x for j in verdicts for x in (j.a, j.b)])
    fresh = [m for m in mentions if m.mention_id not in known]
    names = resolution.member_names(store, "actor")
    # The stored rows sharing a key with any new mention, read once for the run, not once
    # for each mention.
    find = resolution.RowsByKey(store, "actor", {k for m in fresh for k in mention_keys(m)}, most=MAX_BLOCK)
    links = link_mentions(
        fresh, find, verdicts, known,
        lambda members: resolution.chosen_name(names, members),
        taken=resolution.TakenIds(store, "actor"), crowded=find.crowded)
    resolution.add_resolution(store, "actor", links.assigned, list(links.rows.values()))
    report.mentions += len(fresh)
    report.actors_linked += links.linked
    report.actors_created += links.created
    shown = {cid: {"id": cid, "name": name, "type": data["type"]} for cid, name, data in links.rows.values()}
    out: dict[str, list[dict[str, str]]] = {}
    for m in mentions:
        cid = links.assigned.get(m.mention_id) or known.get(m.mention_id)
        if cid is None or not m.incident_id:
            continue
        if cid not in shown:  # linked by an earlier run that stopped before its incidents
            row = resolution.cluster(store, "actor", cid)
            if row is None:
                continue
            shown[cid] = {"id": cid, "name": row["name"], "type": row["type"]}
        out.setdefault(m.incident_id, []).append(shown[cid])
    return out


@dataclass
class ResolveRun:
    """Which resolution ran after an ingest or extraction, what it did and how long."""

    mode: str  # "full" or "incremental"
    seconds: float
    full: ResolveReport | None = None
    link: LinkReport | None = None


def resolve_changes(store: Store, *, full: bool = False, withdrawn: int = 0) -> ResolveRun:
    """Resolve what an ingest or extraction added: incrementally (`link_new`) when the
    store has a resolution an incremental run can extend, else in full. `full` forces the
    full run; so do withdrawn statements, which only a full run takes out of clusters."""
    import time

    from ratline.store import resolution

    t0 = time.perf_counter()
    if full or withdrawn or not resolution.extendable(store):
        report = resolve_stored(store)
        return ResolveRun("full", time.perf_counter() - t0, full=report)
    link = link_new(store)
    return ResolveRun("incremental", time.perf_counter() - t0, link=link)


@gc_pause.paused()  # see `link_new`
def resolve_stored(store: Store) -> ResolveReport:
    """Reconcile actors and incidents across every stored document.

    Cluster ids of the previous run are kept (adding documents never renumbers), and
    people's merge and split judgements always hold.
    """
    from ratline.resolve import resolve_actors, resolve_incidents
    from ratline.resolve.actor_links import actor_row
    from ratline.store import resolution

    # The records hold what the rows show; the statements are never held all at once.
    records, mentions = resolution.stored_records(store)
    actors = resolve_actors(mentions, _latest_verdicts(resolution.judgements(store, "actor")),
                            previous=resolution.memberships(store, "actor"))
    incidents = resolve_incidents(records, _latest_verdicts(resolution.judgements(store, "incident")),
                                  previous=resolution.memberships(store, "incident"))
    actor_rows = []
    incident_actors: dict[str, list[dict[str, str]]] = {}
    subject_of = {m.mention_id: m.incident_id for m in mentions if m.incident_id}
    names = resolution.member_names(store, "actor")
    mention_of = {m.mention_id: m for m in mentions}
    for a in actors.actors:
        subjects = sorted({subject_of[m] for m in a.mention_ids if m in subject_of})
        row = actor_row(a.actor_id, [mention_of[m] for m in a.mention_ids],
                        resolution.chosen_name(names, a.mention_ids))
        actor_rows.append(row)
        for s in subjects:
            incident_actors.setdefault(s, []).append({"id": a.actor_id, "name": row[1], "type": row[2]["type"]})
    resolution.replace_resolution(store, "actor", actors.mapping(), actor_rows)
    record_of = {r.incident_id: r for r in records}
    incident_rows = []
    for c in incidents.clusters:
        cluster_actors: list[dict[str, str]] = []
        for m in c.members:
            cluster_actors.extend(incident_actors.get(m, []))
        incident_rows.append(_incident_row(c, [record_of[m] for m in c.members if m in record_of],
                                           cluster_actors))
    resolution.replace_resolution(store, "incident", incidents.mapping(), incident_rows, incidents.counts)
    return ResolveReport(
        incidents=len(records), incident_clusters=len(incidents.clusters),
        corroborated=sum(1 for c in incidents.clusters if c.corroboration > 1),
        conflicting=sum(1 for c in incidents.clusters if c.conflicts),
        mentions=len(mentions), actors=len(actors.actors),
        problems=list(actors.problems) + list(incidents.problems),
    )
