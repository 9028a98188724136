"""Merge, split and rename made through the web: check, keep as a human judgement
(`ratline.store.resolution`), audit, re-resolve, refresh the pages.

The same judgements `ratline merge` and `ratline split` keep: they hold in every later
resolve run. A merge or split re-runs the full resolve at once (as the CLI does), so the
pages show the result; a rename (`pipeline.rename_actor`) only renames the actor's row
and is applied again by every resolve run. One judgement at a time: two resolve runs never race.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from fastapi import Request
from sqlalchemy import select

from ratline import masking, pipeline
from ratline.resolve.names import search_key
from ratline.store import Store, StoreError, resolution, schema
from ratline.web import audit, queries
from ratline.web.auth import HTTPProblem, check_csrf, client_ip, require_reviewer
from ratline.web.users import User

_LOCK = threading.Lock()
# Pairs judged at most by one split of two actor spellings (every mention of one with
# every mention of the other), so a split cannot be undone by a third mention.
MAX_SPLIT_PAIRS = 400


def act(request: Request, user: User, kind: str, ref: str, action: Any, *args: str,
        csrf: str | None = None) -> dict[str, Any]:
    """Runs a merge, split or rename asked for in a request: the token and the role first
    (a viewer learns nothing of ids), then the id (404), then the act; its result."""
    check_csrf(request, csrf)
    require_reviewer(user)
    index = request.app.state.cache.get()
    if kind == "incident":
        queries.get_incident(index, ref)
    else:
        queries.actor_detail(index, ref)
    result: dict[str, Any] = action(request.app.state.store, request.app.state.cache, user,
                                    *args, client_ip(request))
    return result


def _member(store: Store, kind: str, ref: str) -> tuple[str, str]:
    """(member, cluster id) for an id; an unknown one is a 404."""
    ref = (ref or "").strip()
    if not ref:
        raise HTTPProblem(400, f"name the other {kind} by its id", "bad_parameter")
    try:
        one = resolution.member(store, kind, ref)
    except StoreError as exc:
        raise HTTPProblem(404, str(exc), "not_found") from None
    return one, resolution.memberships(store, kind)[one]


def _cluster_of(store: Store, kind: str, member: str) -> str | None:
    return resolution.memberships(store, kind).get(member)


def _shown(store: Store, kind: str, cluster_id: str | None) -> dict[str, Any] | None:
    """A cluster's name and members as the audit log keeps them (victims' names masked)."""
    row = resolution.cluster(store, kind, cluster_id) if cluster_id else None
    if row is None:
        return None
    shown = masking.clusters(store, [row])[0]
    return {"id": cluster_id, "name": shown["name"],
            "members": list(row.get("members") or row.get("mentions") or [])}


def merge(store: Store, cache: Any, user: User, kind: str, ref: str, other: str,
          ip: str) -> dict[str, Any]:
    """Say `ref` and `other` (ids of clusters or members) are one actor or incident."""
    with _LOCK:
        a, cid_a = _member(store, kind, ref)
        b, cid_b = _member(store, kind, other)
        if cid_a == cid_b:
            raise HTTPProblem(400, f"{ref} and {other} are already one {kind}; nothing to merge",
                              "same")
        before = {"a": _shown(store, kind, cid_a), "b": _shown(store, kind, cid_b)}
        resolution.add_judgement(store, kind, a, b, "yes", user.name)
        return _resolve(store, cache, user, "merge", kind, [(a, b)], before, ip)


def split(store: Store, cache: Any, user: User, kind: str, cluster: str, ref: str,
          other: str, ip: str) -> dict[str, Any]:
    """Say the members `ref` and `other` of `cluster` are not one actor or incident. For
    an actor, every mention spelled as `ref` is kept apart from every one spelled as `other`."""
    with _LOCK:
        a, cid_a = _member(store, kind, ref)
        b, cid_b = _member(store, kind, other)
        _, home = _member(store, kind, cluster)
        if a == b:
            raise HTTPProblem(400, "a split needs two different members", "same")
        if not cid_a == cid_b == home:
            raise HTTPProblem(400, f"{ref} and {other} are not both in {cluster}; nothing to split",
                              "not_linked")
        pairs = [(a, b)]
        if kind == "actor":
            pairs = _spelling_pairs(store, home, a, b)
        before = {"a": _shown(store, kind, home)}
        for x, y in pairs:
            resolution.add_judgement(store, kind, x, y, "no", user.name)
        done = _resolve(store, cache, user, "split", kind, [(a, b)], before, ip)
        if home in resolution.memberships(store, kind).values():
            done[kind] = home  # the page the split was made on still exists
        return done


def _spelling_pairs(store: Store, cluster_id: str, a: str, b: str) -> list[tuple[str, str]]:
    row = resolution.cluster(store, "actor", cluster_id) or {}
    mentions = [str(m) for m in row.get("mentions") or ()]
    names = _mention_names(store, mentions)
    side_a = [m for m in mentions if search_key(names.get(m, "")) == search_key(names.get(a, a))] or [a]
    side_b = [m for m in mentions if search_key(names.get(m, "")) == search_key(names.get(b, b))] or [b]
    if set(side_a) & set(side_b):
        raise HTTPProblem(400, "both mentions spell the same name; split two different "
                          "spellings", "same")
    return [(x, y) for x in side_a for y in side_b][:MAX_SPLIT_PAIRS]


def _mention_names(store: Store, mentions: list[str]) -> dict[str, str]:
    s = schema.statements
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(mentions), 500):
            for sid, value in conn.execute(select(s.c.id, s.c.value).where(
                    s.c.id.in_(mentions[i:i + 500]))).all():
                try:
                    out[str(sid)] = str(json.loads(value).get("name") or "")
                except (ValueError, AttributeError):
                    continue
    return out


def _resolve(store: Store, cache: Any, user: User, action: str, kind: str,
             pairs: list[tuple[str, str]], before: dict[str, Any], ip: str) -> dict[str, Any]:
    pipeline.resolve_stored(store)
    cache.invalidate()
    a, b = pairs[0]
    cid_a, cid_b = _cluster_of(store, kind, a), _cluster_of(store, kind, b)
    after = {"verdict": "yes" if action == "merge" else "no", "a": a, "b": b,
             "clusters": [_shown(store, kind, cid_a)] + (
                 [] if cid_b == cid_a else [_shown(store, kind, cid_b)])}
    audit.record(store, user.name, action, f"{kind}:{a}|{b}", before=before, after=after, ip=ip)
    return {"action": action, "kind": kind, "a": a, "b": b, kind: cid_a, "other": cid_b}


def rename(store: Store, cache: Any, user: User, actor_id: str, name: str,
           ip: str) -> dict[str, Any]:
    """Choose the name an actor is shown under, now and after every resolve run."""
    statuses = {"unknown": 404, "pseudonym": 403, "victim": 400, "bad": 400}
    with _LOCK:
        try:
            before, after = pipeline.rename_actor(store, actor_id, name, user.name)
        except pipeline.RenameRefused as exc:
            raise HTTPProblem(statuses[exc.reason], str(exc), exc.reason) from None
        cache.invalidate()
        audit.record(store, user.name, "rename", f"actor:{actor_id}", before={"name": before},
                     after={"name": after}, ip=ip)
    return {"action": "rename", "kind": "actor", "actor": actor_id, "name": after}
