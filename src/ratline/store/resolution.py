"""Reads and writes of the resolution tables: judgements, memberships and cluster rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.engine import RowMapping

from ratline.store import bulk, faults, frequencies, schema
from ratline.store.store import Store, StoreError

if TYPE_CHECKING:  # the resolve stage loads slowly; the store needs it only to resolve
    from ratline.resolve.actors import ActorMention
    from ratline.resolve.fingerprint import NameSet
    from ratline.resolve.incidents import IncidentRecord, Prepared

KINDS = ("actor", "incident")
VERDICTS = ("yes", "no", "unsure")
# A chosen display name is a judgement too: `a` is a member of the cluster, `b` the name.
# Kept on a member for the reason pair verdicts are (cluster ids can retire).
NAME = "name"
MAX_NAME = 200


def add_judgement(store: Store, kind: str, a: str, b: str, verdict: str, reviewer: str) -> int:
    if kind not in KINDS:
        raise StoreError(f"kind must be one of {', '.join(KINDS)}")
    if verdict not in VERDICTS:
        raise StoreError(f"verdict must be one of {', '.join(VERDICTS)}")
    if a == b:
        raise StoreError("a judgement needs two different things")
    j = schema.judgements
    with store.writer() as conn:
        result = conn.execute(j.insert().values(kind=kind, a=a, b=b, verdict=verdict,
                                                reviewer=reviewer, created_at=datetime.now(UTC)))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def member(store: Store, kind: str, ref: str) -> str:
    """The member a judgement should name for `ref`: a member id, a cluster id, or (for
    actors) a name or alias that exactly one actor carries, spelled in any case or accents.

    Judgements are kept between members, never cluster ids: a cluster id can be retired
    by a later merge, while the member it stood for stays, so the verdict keeps holding.
    """
    r = schema.resolutions
    with store.engine.connect() as conn:
        if conn.execute(select(r.c.member).where(r.c.kind == kind, r.c.member == ref)).first():
            return ref
        first = conn.execute(select(r.c.member).where(r.c.kind == kind, r.c.cluster_id == ref)
                             .order_by(r.c.member).limit(1)).scalar()
    if first is None and kind == "actor":
        found = named(store, kind, ref)
        if len(found) > 1:
            listed = "; ".join(f"{c['id']} ({c['name']}, {c.get('type') or '-'})" for c in found[:10])
            raise StoreError(f"{len(found)} actors are named {ref!r}: {listed}; give an id")
        if found:
            return str(found[0]["mentions"][0])
    if first is None:
        raise StoreError(f"no {kind} or {kind} member {ref!r}; see `ratline {kind}s`")
    return str(first)


def members_of(store: Store, kind: str, ref: str) -> tuple[str, list[str]]:
    """The cluster `ref` names (a member id, a cluster id or an actor's name) and the
    members it stands for: the one member when `ref` is a member id, else all of them."""
    one = member(store, kind, ref)
    r = schema.resolutions
    with store.engine.connect() as conn:
        cid = conn.execute(select(r.c.cluster_id).where(r.c.kind == kind, r.c.member == one)).scalar()
        if ref == one:
            return str(cid), [one]
        rows = conn.execute(select(r.c.member).where(r.c.kind == kind, r.c.cluster_id == cid)
                            .order_by(r.c.member)).scalars().all()
    return str(cid), [str(m) for m in rows]


def named(store: Store, kind: str, text: str, exact: bool = True) -> list[dict[str, Any]]:
    """Clusters whose name or an alias is `text` (exact) or contains it, ignoring case and
    accents ("cardenas" finds "Cárdenas")."""
    from ratline.resolve.names import search_key

    needle = search_key(text)
    if not needle:
        return []
    out = []
    for c in clusters(store, kind):
        keys = {search_key(n) for n in (c["name"], *(c.get("aliases") or ()))}
        if needle in keys if exact else any(needle in k for k in keys):
            out.append(c)
    return out


def judgements(store: Store, kind: str) -> list[RowMapping]:
    """Every pair judgement of a kind, oldest first (a later verdict on the same pair wins);
    chosen names are left out (see `chosen_names`)."""
    j = schema.judgements
    with store.engine.connect() as conn:
        return list(conn.execute(select(j).where(j.c.kind == kind, j.c.verdict.in_(VERDICTS))
                                 .order_by(j.c.id)).mappings())


def add_name(store: Store, kind: str, member_id: str, name: str, reviewer: str) -> int:
    """Keep `name` as the display name of the cluster `member_id` belongs to, now and in
    every later resolve run (the latest name given to any of its members wins)."""
    if kind not in KINDS:
        raise StoreError(f"kind must be one of {', '.join(KINDS)}")
    name = " ".join(name.split())
    if not name:
        raise StoreError("a name needs at least one letter")
    if len(name) > MAX_NAME:
        raise StoreError(f"a name has at most {MAX_NAME} characters")
    j, c, r = schema.judgements, schema.clusters, schema.resolutions
    now = datetime.now(UTC)
    with store.writer() as conn:
        result = conn.execute(j.insert().values(kind=kind, a=member_id, b=name, verdict=NAME,
                                                reviewer=reviewer, created_at=now))
        # The cluster row shows it at once; resolve runs apply it from the judgement.
        cid = conn.execute(select(r.c.cluster_id).where(r.c.kind == kind,
                                                        r.c.member == member_id)).scalar()
        if cid is not None:
            conn.execute(c.update().where(c.c.kind == kind, c.c.cluster_id == cid)
                         .values(name=name, updated_at=now))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def member_names(store: Store, kind: str) -> dict[str, tuple[int, str]]:
    """Member -> (judgement id, name) of the latest name chosen on it (see `add_name`)."""
    j = schema.judgements
    with store.engine.connect() as conn:
        rows = conn.execute(select(j.c.id, j.c.a, j.c.b).where(
            j.c.kind == kind, j.c.verdict == NAME).order_by(j.c.id)).all()
    return {str(a): (int(i), str(b)) for i, a, b in rows}


def chosen_name(names: Mapping[str, tuple[int, str]], members: Iterable[str]) -> str | None:
    """The name people chose for a cluster of `members`: the latest given to any of them."""
    given = [names[m] for m in members if m in names]
    return max(given)[1] if given else None


def chosen_names(store: Store, kind: str) -> dict[str, str]:
    """Cluster id -> the name people chose for it, for the clusters that have one."""
    j, r = schema.judgements, schema.resolutions
    q = (select(r.c.cluster_id, j.c.b).join(r, (r.c.kind == j.c.kind) & (r.c.member == j.c.a))
         .where(j.c.kind == kind, j.c.verdict == NAME).order_by(j.c.id))
    with store.engine.connect() as conn:
        return {str(cid): str(name) for cid, name in conn.execute(q).all()}


def memberships(store: Store, kind: str) -> dict[str, str]:
    r = schema.resolutions
    with store.engine.connect() as conn:
        return dict(conn.execute(select(r.c.member, r.c.cluster_id).where(r.c.kind == kind)).all())


# Rows written by one insert: a full resolution of a large store made the database rows
# of every membership, cluster (its JSON) and key before writing any, and those transient
# copies were a third of the memory of `ratline resolve` at 1M statements.
WRITE_CHUNK = 5_000


def _write_resolution(conn: Connection, kind: str, members: Mapping[str, str],
                      rows: list[tuple[str, str, dict[str, Any]]], now: datetime) -> None:
    r, c, ck = schema.resolutions, schema.clusters, schema.cluster_keys
    pairs = list(members.items())
    for i in range(0, len(pairs), WRITE_CHUNK):
        bulk.insert_rows(conn, r, [{"kind": kind, "member": m, "cluster_id": cid, "updated_at": now}
                                   for m, cid in pairs[i:i + WRITE_CHUNK]], ignore_conflicts=False)
    for i in range(0, len(rows), WRITE_CHUNK):
        chunk = rows[i:i + WRITE_CHUNK]
        bulk.insert_rows(conn, c, [
            {"kind": kind, "cluster_id": cid, "name": name,
             "data": json.dumps(data, ensure_ascii=False, default=str), "updated_at": now}
            for cid, name, data in chunk], ignore_conflicts=False)
        bulk.insert_rows(conn, ck, [{"kind": kind, "key": k, "cluster_id": cid}
                                    for cid, _, data in chunk for k in sorted(set(data.get("keys") or ()))],
                         ignore_conflicts=False)


def replace_resolution(
    store: Store, kind: str, members: Mapping[str, str], rows: Iterable[tuple[str, str, dict[str, Any]]],
    counts: frequencies.Counts | None = None,
) -> None:
    """Swap in a fresh resolution of one kind: memberships and cluster rows, atomically,
    with the name frequencies it counted (`counts`, incidents)."""
    r, c, ck = schema.resolutions, schema.clusters, schema.cluster_keys
    now = datetime.now(UTC)
    rows = list(rows)

    def work(conn: Connection) -> None:
        conn.execute(delete(r).where(r.c.kind == kind))
        conn.execute(delete(c).where(c.c.kind == kind))
        conn.execute(delete(ck).where(ck.c.kind == kind))
        _write_resolution(conn, kind, members, rows, now)
        if kind == "incident":
            _settle(conn, members)
        if counts is not None:
            frequencies.replace_counts(conn, counts)
        # Written in today's format: an incremental run can extend it.
        st = schema.resolution_state
        conn.execute(delete(st).where(st.c.kind == kind))
        conn.execute(st.insert().values(kind=kind, extendable=1))
        faults.point("resolve")

    store.write(work)


def _settle(conn: Connection, subjects: Iterable[str]) -> None:
    """Take subjects a resolution has placed (or found nothing to place of) off the queue."""
    u = schema.unresolved
    done = sorted(set(subjects))
    for i in range(0, len(done), 500):
        conn.execute(delete(u).where(u.c.subject.in_(done[i:i + 500])))


def add_resolution(
    store: Store, kind: str, members: Mapping[str, str], rows: Iterable[tuple[str, str, dict[str, Any]]],
    settled: Iterable[str] = (),
    removed: Iterable[str] = (),
    counts: frequencies.Counts | None = None,
) -> None:
    """Add memberships and replace the rows of the clusters given (an incremental run);
    the `removed` clusters (joined into others, their members among `members`) go.
    Incident members, and the `settled` subjects it found nothing to link of, leave the
    queue of unresolved incidents; `counts` (its new reports' names) join the store's."""
    r, c, ck = schema.resolutions, schema.clusters, schema.cluster_keys
    now = datetime.now(UTC)
    rows, removed = list(rows), list(removed)

    def work(conn: Connection) -> None:
        # In lists of 500, as everywhere here: PostgreSQL takes at most 65,535 parameters
        # a statement, and an ingest of more new incidents failed on one list.
        linked = sorted(members)
        for i in range(0, len(linked), 500):
            conn.execute(delete(r).where(r.c.kind == kind, r.c.member.in_(linked[i:i + 500])))
        ids = sorted({cid for cid, _, _ in rows} | set(removed))
        for i in range(0, len(ids), 500):
            conn.execute(delete(c).where(c.c.kind == kind, c.c.cluster_id.in_(ids[i:i + 500])))
            conn.execute(delete(ck).where(ck.c.kind == kind, ck.c.cluster_id.in_(ids[i:i + 500])))
        _write_resolution(conn, kind, members, rows, now)
        if kind == "incident":
            _settle(conn, [*members, *settled])
        if counts is not None:
            frequencies.add_counts(conn, counts)
        faults.point("resolve")

    store.write(work)


def unresolved_subjects(store: Store) -> list[str]:
    """The incident subjects no resolution has placed yet (read from their queue, which
    extraction fills; a subject placed since, re-extracted, is left out)."""
    return [x for page in unresolved_pages(store) for x in page]


def unresolved_pages(store: Store, size: int = 5_000) -> Iterator[list[str]]:
    """`unresolved_subjects` in order, at most `size` queued subjects a page, each page
    read when the one before it has been taken: a run may settle a page before it asks
    for the next, and a queue of millions is never held at once."""
    u = schema.unresolved
    last = ""
    while True:
        with store.engine.connect() as conn:
            queued = [str(x) for x in conn.execute(
                select(u.c.subject).where(u.c.subject > last).order_by(u.c.subject).limit(size)).scalars()]
        if not queued:
            return
        last = queued[-1]
        placed = memberships_of(store, "incident", queued)
        if page := [x for x in queued if x not in placed]:
            yield page


def _pairs(store: Store, wanted: Iterable[str], query: Callable[[list[str]], Any]) -> dict[str, Any]:
    """The (key, value) rows of `query(chunk)` over the wanted values, 500 at a time (for
    databases' parameter limits)."""
    values = sorted(set(wanted))
    out: dict[str, Any] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(values), 500):
            out.update(conn.execute(query(values[i:i + 500])).all())
    return out


def memberships_of(store: Store, kind: str, members: Iterable[str]) -> dict[str, str]:
    """The clusters of the given members (those placed)."""
    r = schema.resolutions
    return _pairs(store, members, lambda chunk: select(r.c.member, r.c.cluster_id).where(
        r.c.kind == kind, r.c.member.in_(chunk)))


class StoredMemberships(Mapping[str, str]):
    """A kind's memberships as a mapping read on demand, member by member (or a batch
    at once with `load`): an incremental run asks about its few members, never all."""

    def __init__(self, store: Store, kind: str) -> None:
        self.store, self.kind = store, kind
        self._known: dict[str, str | None] = {}

    def load(self, members: Iterable[str]) -> None:
        wanted = [m for m in members if m not in self._known]
        found = memberships_of(self.store, self.kind, wanted)
        self._known.update({m: found.get(m) for m in wanted})

    def __getitem__(self, member: str) -> str:
        if member not in self._known:
            self.load([member])
        cid = self._known[member]
        if cid is None:
            raise KeyError(member)
        return cid

    def __iter__(self) -> Iterator[str]:  # every membership: for completeness, not for runs
        return iter(memberships(self.store, self.kind))

    def __len__(self) -> int:
        r = schema.resolutions
        with self.store.engine.connect() as conn:
            return int(conn.execute(select(func.count()).where(r.c.kind == self.kind)).scalar() or 0)


class TakenIds:
    """Cluster ids already issued, as `resolve.clusters.fresh_id` asks: the stored clusters
    (looked up one id at a time) and those issued in this run."""

    def __init__(self, store: Store, kind: str) -> None:
        self.store, self.kind = store, kind
        self._issued: set[str] = set()

    def __contains__(self, cid: object) -> bool:
        if cid in self._issued:
            return True
        c = schema.clusters
        with self.store.engine.connect() as conn:
            return conn.execute(select(c.c.cluster_id).where(
                c.c.kind == self.kind, c.c.cluster_id == cid)).first() is not None

    def add(self, cid: str) -> None:
        self._issued.add(cid)


def _read_columns() -> tuple[Any, ...]:
    """The statement columns `resolve.records.incidents_from_statements` reads."""
    s = schema.statements
    return s.c.id, s.c.subject, s.c.document_id, s.c.prop, s.c.value, s.c.status


def incident_statements(store: Store, batch: int = 5_000) -> Iterator[RowMapping]:
    """Every statement about an incident that resolution reads (none rejected), in the
    order `Store.statements` gives, streamed `batch` rows at a time with only the columns
    `resolve.records.incidents_from_statements` reads: a full resolution of a large store
    never holds all its statements, nor their quotes and spans."""
    s = schema.statements
    q = (select(*_read_columns())
         .where(s.c.subject.like("incident:%"), s.c.status != "rejected")
         .order_by(s.c.document_id, s.c.start, s.c.prop, s.c.id))
    with store.engine.connect() as conn:
        yield from conn.execution_options(yield_per=batch).execute(q).mappings()


_READ_AT_ONCE = 500  # subjects a query names (PostgreSQL's parameter limit, and SQLite's)


def statements_of(store: Store, subjects: Iterable[str]) -> Iterator[list[RowMapping]]:
    """The statements about the given subjects, with the columns `incident_statements`
    reads, one list for each 500 subjects (databases' parameter limits): a caller builds
    what it needs of one list before the next is read. An incremental run at 100,000
    incidents read some 70,000 candidate reports' statements whole, quotes and spans
    included, and held them all at once."""
    s = schema.statements
    wanted = sorted(set(subjects))
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), _READ_AT_ONCE):
            chunk = wanted[i:i + _READ_AT_ONCE]
            yield list(conn.execute(select(*_read_columns()).where(s.c.subject.in_(chunk))
                                    .order_by(s.c.document_id, s.c.start, s.c.prop, s.c.id)).mappings())


def records_of(store: Store, subjects: Iterable[str]) -> tuple[list[IncidentRecord], list[ActorMention]]:
    """The linkage records and actor mentions of some document incidents, read from their
    statements, their documents and the documents' fingerprints alone."""
    from ratline.resolve.records import incidents_from_statements, records_and_mentions

    stored = [inc for rows in statements_of(store, subjects) for inc in incidents_from_statements(rows)]
    documents = documents_by_id(store, {s.document_id for s in stored})
    return records_and_mentions(stored, documents, fingerprints(store, documents))


def stored_records(store: Store) -> tuple[list[IncidentRecord], list[ActorMention]]:
    """The linkage records and actor mentions of every stored incident, in the order of
    `incident_statements`. They are built one document at a time as its statements
    stream in, so the store's statements are never held at once (at 1M statements the
    reading took 183 MB instead of 397; the resolvers, which come after, then take more)."""
    from ratline.resolve.records import incidents_from_statements, records_and_mentions

    documents = {d["id"]: d for d in store.documents()}
    names = fingerprints(store)
    records: list[IncidentRecord] = []
    mentions: list[ActorMention] = []
    # The statements come ordered by document, so a document's are contiguous.
    for _, rows in groupby(incident_statements(store), key=itemgetter("document_id")):
        recs, ments = records_and_mentions(incidents_from_statements(rows), documents, names)
        records.extend(recs)
        mentions.extend(ments)
    return records, mentions


def clusters_with_keys(store: Store, kind: str, keys: Iterable[str]) -> list[dict[str, Any]]:
    """The cluster rows whose blocking keys include any of `keys`, found through the
    key index (`cluster_keys`), so only candidate rows are read."""
    c, ck = schema.clusters, schema.cluster_keys
    wanted = sorted(set(keys))
    out: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            found = select(ck.c.cluster_id).where(ck.c.kind == kind, ck.c.key.in_(wanted[i:i + 500]))
            for cid, name, data in conn.execute(select(c.c.cluster_id, c.c.name, c.c.data).where(
                    c.c.kind == kind, c.c.cluster_id.in_(found.scalar_subquery()))).all():
                out[cid] = {"id": cid, "name": name, **json.loads(data)}
    return [out[k] for k in sorted(out)]


class RowsByKey:
    """The cluster rows sharing a key with any of a run's new members, read once;
    called with some of those keys it answers as `clusters_with_keys` would. An
    incremental run of many documents asked the store once for each new member, and so
    read and decoded the rows of a common key (a country) again for every member that
    holds it.

    With `most`, a key more than `most` clusters hold (`crowded`: too many to compare,
    so a run leaves it out) is not read: a country's key led every chunk of a run to
    read and decode every cluster row of the store."""

    def __init__(self, store: Store, kind: str, keys: Iterable[str], most: int | None = None) -> None:
        wanted = set(keys)
        self.crowded = frozenset(crowded_keys(store, kind, wanted, most) if most is not None else ())
        read = wanted - self.crowded
        self._by_key: dict[str, list[dict[str, Any]]] = {}
        for row in clusters_with_keys(store, kind, read):
            # The key index holds a row's keys as the row lists them (`_write_resolution`).
            for k in set(row.get("keys") or ()) & read:
                self._by_key.setdefault(k, []).append(row)
        self._wanted = wanted

    def __call__(self, keys: Iterable[str]) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for k in keys:
            if k not in self._wanted:
                raise KeyError(f"key {k!r} was not read")
            for row in self._by_key.get(k, ()):
                out[row["id"]] = row
        return [out[cid] for cid in sorted(out)]

    def held(self, key: str) -> list[dict[str, Any]]:
        """The stored rows that hold `key` (none for a crowded key)."""
        return self._by_key.get(key, [])


def clusters_per_key(store: Store, kind: str, keys: Iterable[str]) -> dict[str, int]:
    """How many clusters hold each of `keys` (a key held by none is left out)."""
    ck = schema.cluster_keys
    return _pairs(store, keys, lambda chunk: select(ck.c.key, func.count()).where(
        ck.c.kind == kind, ck.c.key.in_(chunk)).group_by(ck.c.key))


def crowded_keys(store: Store, kind: str, keys: Iterable[str], most: int) -> set[str]:
    """Those of `keys` that more than `most` clusters hold: blocks too large for a run to
    compare, whose clusters it need not read."""
    return {k for k, n in clusters_per_key(store, kind, keys).items() if n > most}


def clusters_holding(store: Store, kind: str, keys: Iterable[str]) -> dict[str, list[str]]:
    """The clusters holding each of `keys`, read from the key index alone (no row is
    decoded). Leave out the `crowded_keys` first: their blocks are too large to compare."""
    ck = schema.cluster_keys
    wanted = sorted(set(keys))
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            for key, cid in conn.execute(select(ck.c.key, ck.c.cluster_id).where(
                    ck.c.kind == kind, ck.c.key.in_(wanted[i:i + 500]))):
                out.setdefault(key, []).append(cid)
    return {k: sorted(ids) for k, ids in out.items()}


def member_keys(rows: Mapping[str, Mapping[str, Any]], leave_out: AbstractSet[str] = frozenset()
                ) -> dict[str, frozenset[str]]:
    """Each member's blocking keys where its incident row lists them (`member_keys`:
    positions in the row's `keys`; rows of one report, and rows written before, list
    none), but those of the members in `leave_out`."""
    out: dict[str, frozenset[str]] = {}
    for row in rows.values():
        keys, held, members = row.get("keys") or [], row.get("member_keys"), row.get("members") or []
        # A row whose lists disagree (never written so) gives its cluster's keys as bounds.
        if held and len(held) == len(members):
            out.update((m, frozenset(keys[i] for i in own)) for m, own in zip(members, held, strict=True)
                       if own is not None and m not in leave_out)
    return out


@dataclass
class NearestStored:
    """What `nearest_stored` found for some records: the keys too crowded to compare,
    the clusters each record asks about, each of those clusters' members (but those
    left out) and keys, and the stored reports that can be among a record's nearest."""

    crowded: set[str]
    asked: dict[str, list[str]]
    clusters: dict[str, tuple[list[str], set[str]]]
    reports: dict[str, IncidentRecord]


def nearest_stored(store: Store, keys_of: Mapping[str, AbstractSet[str]], leave_out: AbstractSet[str],
                   most: int, prepared: Prepared) -> NearestStored:
    """For records (id -> blocking keys) not stored yet or left out of the candidates
    (`leave_out`), the stored incident reports each can be compared with, as a full run
    compares: of the clusters sharing a key with it that at most `most` clusters hold
    (found through the key index), the reports among its nearest
    (`resolve.incidents.nearest_reports`, ranked by the rows' member keys where they
    list them). An incremental run's chunk and an incident's link evidence ask this."""
    from ratline.resolve.incidents import nearest_reports

    crowded = crowded_keys(store, "incident", set().union(*keys_of.values()), most)
    # A crowded key makes no candidate and, as in a full run, counts for no shared key.
    own = {r: set(ks) - crowded for r, ks in keys_of.items()}
    holding = clusters_holding(store, "incident", set().union(*own.values()))
    asked = {r: sorted({cid for k in ks for cid in holding.get(k, ())}) for r, ks in own.items()}
    rows = cluster_rows(store, "incident", {cid for cids in asked.values() for cid in cids},
                        fields=("members", "keys", "member_keys"))
    clusters = {cid: ([m for m in row.get("members") or () if m not in leave_out], set(row.get("keys") or ()))
                for cid, row in rows.items()}
    reports = nearest_reports(own, clusters, asked, lambda ids: records_of(store, ids)[0], prepared,
                              member_keys(rows, leave_out))
    return NearestStored(crowded, asked, clusters, reports)


def cluster_rows(store: Store, kind: str, ids: Iterable[str],
                 fields: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """The rows of the given clusters by id; with `fields`, only those fields of each
    (rows are decoded one at a time and the rest dropped: a run that needs the members of
    thousands of clusters never holds their claims)."""
    c = schema.clusters
    wanted, kept = sorted(set(ids)), None if fields is None else tuple(fields)
    out: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            for cid, name, data in conn.execute(select(c.c.cluster_id, c.c.name, c.c.data).where(
                    c.c.kind == kind, c.c.cluster_id.in_(wanted[i:i + 500]))):
                row = json.loads(data)
                out[cid] = ({"id": cid, "name": name, **row} if kept is None
                            else {"id": cid, **{f: row.get(f) for f in kept}})
    return out


def documents_by_id(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Documents' metadata (no text), one query per 500 ids."""
    d = schema.documents
    wanted = sorted(set(ids))
    out: dict[str, dict[str, Any]] = {}
    cols = [d.c.id, d.c.url, d.c.site, d.c.published, d.c.published_precision, d.c.source]
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            for row in conn.execute(select(*cols).where(d.c.id.in_(wanted[i:i + 500]))).mappings():
                out[row["id"]] = dict(row)
    return out


def clusters(store: Store, kind: str) -> list[dict[str, Any]]:
    c = schema.clusters
    with store.engine.connect() as conn:
        rows = conn.execute(select(c.c.cluster_id, c.c.name, c.c.data).where(c.c.kind == kind)
                            .order_by(c.c.cluster_id)).all()
    return [{"id": cid, "name": name, **json.loads(data)} for cid, name, data in rows]


def cluster(store: Store, kind: str, cluster_id: str) -> dict[str, Any] | None:
    c = schema.clusters
    with store.engine.connect() as conn:
        row = conn.execute(select(c.c.name, c.c.data).where(
            c.c.kind == kind, c.c.cluster_id == cluster_id)).first()
    return None if row is None else {"id": cluster_id, "name": row[0], **json.loads(row[1])}


def extendable(store: Store) -> bool:
    """Whether the store has a resolution that an incremental run can extend: some
    memberships, and cluster rows that carry the blocking keys (rows written before
    incremental actor linking existed lack them and need one full run)."""
    r, st = schema.resolutions, schema.resolution_state
    with store.engine.connect() as conn:
        if conn.execute(select(r.c.member).limit(1)).first() is None:
            return False
        # Recorded by the migration that made the table and by every full run.
        return all(conn.execute(select(st.c.extendable)).scalars())


def fingerprints(store: Store, ids: Iterable[str] | None = None) -> dict[str, NameSet]:
    """Documents' name fingerprints, fingerprinting from the text any that lack one (or
    hold one of an older version) first; `ids` None: every document. Only the texts of
    those lacking one are read, 500 at a time. Each comes as the records hold it
    (`name_set`), decoded as it is read: no stored value of every document is held."""
    from ratline.resolve.fingerprint import decode, encode, fingerprint, name_set

    f, d = schema.fingerprints, schema.documents
    out: dict[str, NameSet] = {}
    with store.engine.connect() as conn:
        if ids is None:
            wanted = sorted(conn.execute(select(d.c.id).where(d.c.status != "failed")).scalars())
            rows: Iterable[Any] = conn.execution_options(yield_per=5_000).execute(
                select(f.c.document_id, f.c.value))
        else:
            wanted = sorted(set(ids))
            rows = (row for i in range(0, len(wanted), 500) for row in conn.execute(
                select(f.c.document_id, f.c.value).where(f.c.document_id.in_(wanted[i:i + 500]))))
        for doc, value in rows:
            names = decode(value)
            if names is not None:
                out[doc] = name_set(names)
    missing = [doc for doc in wanted if doc not in out]
    for i in range(0, len(missing), 500):
        fresh = {row["id"]: fingerprint(str(row["text"] or "")) for row in store.iter_texts(missing[i:i + 500])}
        if fresh and not store.read_only:
            # A cache of what the texts say: filling it changes nothing shown.
            with store.writer(bump=False) as conn:
                conn.execute(delete(f).where(f.c.document_id.in_(list(fresh))))
                conn.execute(f.insert(), [{"document_id": doc, "value": encode(v)} for doc, v in fresh.items()])
        out |= {doc: name_set(v) for doc, v in fresh.items()}
    return out
