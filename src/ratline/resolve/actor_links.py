"""New actor mentions joined to the actor clusters a resolve run left, one at a time.

The full run (`resolve_actors`) compares every mention with its blocking candidates. Here
a new mention is compared only with the clusters that share a blocking key with it, by
the same comparison (`score_profiles`) against each name the cluster carries, with the
same threshold (`YES`) and the same cluster rules (one alias group, persons and
facilities in shared countries, no two different bodies). It joins the best-scoring
cluster or starts its own. Ties go to the cluster with the earliest document: the one the
full run's name collapse meets first. A person's 'no' between the mention and a cluster
is never crossed, and a 'yes' joins it. Merging two existing clusters through a new
mention waits for the next full run.

Cluster rows carry what this needs (blocking keys, counts of names and types), so a
new mention costs a few rows read, never the whole store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from ratline.resolve.actors import (
    LOCAL_TYPES,
    MAX_BLOCK,
    MAX_CANDIDATES,
    ActorMention,
    Profile,
    _canonical_name,
    blocking_keys,
    different_bodies,
    name_form,
    profile,
    score_profiles,
)
from ratline.resolve.clusters import YES, IdPool, Judgement, fresh_id

# Actor rows as stored: cluster id -> {"id", "name", **data}.
Row = dict[str, Any]
FindRows = Callable[[set[str]], list[Row]]


def actor_row(actor_id: str, mentions: Sequence[ActorMention], chosen: str | None) -> tuple[str, str, dict[str, Any]]:
    """The stored row of one actor cluster (what lists, the web and incremental runs read);
    `chosen` is the name a person gave it, if any."""
    names = Counter(m.name for m in sorted(mentions, key=lambda m: m.mention_id))
    types = Counter(m.type for m in sorted(mentions, key=lambda m: m.mention_id))
    return _row(actor_id, names, types, mentions, chosen, {})


def _row(actor_id: str, names: Mapping[str, int], types: Mapping[str, int],
         mentions: Iterable[ActorMention], chosen: str | None, before: Mapping[str, Any]) -> tuple[str, str, dict[str, Any]]:
    ms = list(mentions)
    type_ = Counter(types).most_common(1)[0][0]
    forms = {n: name_form(n, profile(n, type_)) for n in names}
    listed = [n for n, k in names.items() for _ in range(k)]
    countries = set(before.get("countries") or ()).union(*(m.countries for m in ms))
    keys: set[str] = set(before.get("keys") or ())
    for n in names:
        if n not in (before.get("name_counts") or {}):
            keys |= blocking_keys(profile(n, type_, frozenset(countries)))
    data = {
        "type": type_, "aliases": sorted(names), "countries": sorted(countries),
        "documents": sorted(set(before.get("documents") or ()) | {m.document_id for m in ms}),
        "mentions": sorted(set(before.get("mentions") or ()) | {m.mention_id for m in ms}),
        "incident_subjects": sorted(set(before.get("incident_subjects") or ())
                                    | {m.incident_id for m in ms if m.incident_id}),
        "keys": sorted(keys), "name_counts": dict(names), "type_counts": dict(types),
    }
    return actor_id, chosen or _canonical_name(Counter(listed), forms), data


@dataclass
class ActorLinks:
    """What `link_mentions` decided: mention id -> actor id, and the rows to write."""

    assigned: dict[str, str] = field(default_factory=dict)
    rows: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)
    linked: int = 0
    created: int = 0


def link_mentions(
    mentions: Iterable[ActorMention],
    find_rows: FindRows,
    judgements: Iterable[Judgement],
    memberships: Mapping[str, str],
    chosen: Callable[[Iterable[str]], str | None],
    taken: IdPool | None = None,
    crowded: AbstractSet[str] = frozenset(),
) -> ActorLinks:
    """Join each new mention to the existing actor cluster the full run would put it in,
    else give it its own. `find_rows(keys)` returns the stored rows sharing any key;
    `memberships` maps known mentions to their actors; `chosen(members)` is the name a
    person gave a cluster of those members; `taken` the ids already issued (by default those
    `memberships` holds); `crowded` the keys more than MAX_BLOCK stored clusters hold,
    whose rows `find_rows` did not read (a block that large is never compared)."""
    out = ActorLinks()
    rows: dict[str, Row] = {}
    index: dict[str, set[str]] = {}
    if taken is None:
        taken = set(memberships.values())
    verdicts = list(judgements)
    # The full run meets mentions in document order; so do we.
    for m in sorted(mentions, key=lambda m: (m.document_id, m.mention_id)):
        p = profile(m.name, m.type, m.countries)
        keys = blocking_keys(p)
        for row in find_rows(keys):
            if row["id"] not in rows:
                _index(rows, index, row)
        forced, forbidden = _judged(m.mention_id, verdicts, memberships, out.assigned)
        shared: Counter[str] = Counter()
        for k in keys:
            block = index.get(k, set())
            if len(block) <= MAX_BLOCK and k not in crowded:
                shared.update(block)
        best: tuple[float, str, str] | None = None
        # Those sharing most keys, at most MAX_CANDIDATES; of those sharing as many, the
        # ids that sort first. (Counted from sets of ids, the cut among equals followed
        # the process's string hashes: a re-run could compare other actors.)
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]
        for candidate, _n in ranked:
            if candidate in forbidden or not _allowed(p, rows[candidate]):
                continue
            value = max(score_profiles(p, ap).value for ap in _profiles(rows[candidate]))
            # Strongest first; ties to the earliest document, as the full run meets them.
            rank = (-value, _first_document(rows[candidate]), candidate)
            if value >= YES and (best is None or rank < best):
                best = rank
        joined = best[2] if best else None
        if forced is not None and forced not in forbidden and forced in rows:
            joined = forced
        before: Row = {}
        if joined is None:
            cid = fresh_id("actor", m.mention_id, taken)
            out.created += 1
        else:
            cid, before = joined, rows[joined]
            out.linked += 1
        names = Counter(before.get("name_counts") or {})
        types = Counter(before.get("type_counts") or {})
        names[m.name] += 1
        types[m.type] += 1
        members = [*(before.get("mentions") or ()), m.mention_id]
        row_t = _row(cid, names, types, [m], chosen(members), before)
        out.rows[cid] = row_t
        out.assigned[m.mention_id] = cid
        _index(rows, index, {"id": cid, "name": row_t[1], **row_t[2]})
    return out


def mention_keys(m: ActorMention) -> set[str]:
    """The blocking keys `link_mentions` looks a mention's candidates up by."""
    return blocking_keys(profile(m.name, m.type, m.countries))


def _index(rows: dict[str, Row], index: dict[str, set[str]], row: Row) -> None:
    rows[row["id"]] = row
    for k in row.get("keys") or ():
        index.setdefault(k, set()).add(row["id"])


def _profiles(row: Row) -> list[Profile]:
    countries = frozenset(row.get("countries") or ())
    return [profile(n, row["type"], countries) for n in row.get("aliases") or [row["name"]]]


def _first_document(row: Row) -> str:
    return min(row.get("documents") or [""])


def _allowed(p: Profile, row: Row) -> bool:
    """The full run's cluster rules, against the cluster's names."""
    countries = frozenset(row.get("countries") or ())
    if (p.type in LOCAL_TYPES and row["type"] in LOCAL_TYPES and p.countries and countries
            and not p.countries & countries):
        return False
    # The row's own fields decide most candidates; its names are parsed only where an
    # alias group or another body could forbid the join (at 300,000 incidents parsing
    # every candidate's names was a quarter of the time of linking a batch's mentions).
    if p.group is None and p.person:
        return True
    others = _profiles(row)
    groups = {ap.group.id for ap in others if ap.group is not None}
    if p.group is not None and groups and p.group.id not in groups:
        return False
    return p.person or not any(different_bodies(p, ap) for ap in others if not ap.person)


def _judged(mention_id: str, verdicts: Sequence[Judgement], memberships: Mapping[str, str],
            assigned: Mapping[str, str]) -> tuple[str | None, set[str]]:
    """The cluster a person's 'yes' puts the mention in, and those a 'no' keeps it from."""
    forced: str | None = None
    forbidden: set[str] = set()
    for j in verdicts:
        if mention_id not in (j.a, j.b):
            continue
        other = j.b if j.a == mention_id else j.a
        cid = memberships.get(other) or assigned.get(other) or (other if other.startswith("actor-") else None)
        if cid is None:
            continue
        if j.verdict == "no":
            forbidden.add(cid)
        elif j.verdict == "yes":
            forced = cid
    return forced, forbidden
