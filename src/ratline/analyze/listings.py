"""The rows `ratline incidents` and `ratline actors` list: resolved clusters, kept or
dropped by the shared `Filters` through the incident index, every string masked.

An incident row is the cluster row of the resolve stage plus what the index knows of it:
its route (each country with its role), the route legs, and its actors each with their
role in it and their legal status.
"""

from __future__ import annotations

from typing import Any

from ratline import masking
from ratline.analyze.incidents import Filters, Incident, IncidentIndex, build_index
from ratline.analyze.routes import route_legs
from ratline.store import Store, resolution

# What resolution runs find candidates by (blocking keys, and each member's), not what a
# reader of a listing reads.
_RUN_FIELDS = frozenset({"keys", "member_keys"})


def _shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in _RUN_FIELDS} for row in rows]


def incident_rows(store: Store, filters: Filters | None = None,
                  detail: bool = True) -> list[dict[str, Any]]:
    """Resolved incidents the filters keep, ordered by id; with `detail`, each with its
    route and actors from the index (which is built only when needed)."""
    clusters = resolution.clusters(store, "incident")
    if not detail and (filters is None or not filters.described()):
        return _shown(masking.clusters(store, clusters))
    index = build_index(store)
    kept = {i.id: i for i in index.select(filters or Filters())}
    rows = [_with_index(c, kept[c["id"]]) for c in clusters if c["id"] in kept]
    return _shown(masking.clusters(store, rows))


def _with_index(row: dict[str, Any], inc: Incident) -> dict[str, Any]:
    actors: dict[tuple[str, str], dict[str, Any]] = {}
    for a in inc.actors:
        actors.setdefault((a.actor_id, a.role), {"id": a.actor_id, "name": a.name,
                                                 "type": a.type, "role": a.role,
                                                 "status": a.status})
    return {**row, "route": [{"country": c, "role": r} for c, r in inc.route],
            "route_legs": [{"from": a, "to": b} for a, b in route_legs(inc)],
            "actors": [actors[k] for k in sorted(actors)]}


def actor_ids(index: IncidentIndex, filters: Filters) -> set[str]:
    """Actors of the incidents the filters keep; with actor filters (name, role), only
    the actors they ask for."""
    return {a.actor_id for inc in index.select(filters) for a in inc.actors
            if filters.keeps_actor(a)}


def actor_rows(store: Store, filters: Filters | None = None,
               name: str | None = None) -> list[dict[str, Any]]:
    """Resolved actors, ordered by id: those `name` names (a part of the name or an alias,
    case and accents ignored) and, with filters, those of the incidents they keep."""
    found = (resolution.named(store, "actor", name, exact=False) if name
             else resolution.clusters(store, "actor"))
    if filters is not None and filters.described():
        wanted = actor_ids(build_index(store), filters)
        found = [c for c in found if c["id"] in wanted]
    return _shown(masking.clusters(store, found))
