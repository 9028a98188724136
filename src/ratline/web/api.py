"""The JSON API under /api/: incidents, actors, documents, review, map, network, timeline, stats.

Every endpoint needs a logged-in session; the review, merge, split and rename endpoints
also need the session's CSRF token (X-CSRF-Token header) and an analyst or admin role. Bad parameters are 400
with {"error", "message"}; unknown ids are 404.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ratline import masking
from ratline.analyze.incidents import IncidentIndex
from ratline.analyze.links import actor_links, incident_links
from ratline.analyze.network import network_data
from ratline.analyze.routes import map_data, route_flows
from ratline.filters import YEARS
from ratline.model import show_date
from ratline.resolve.names import search_key
from ratline.store import Store
from ratline.web import judge, queries, review, shared_memo
from ratline.web.auth import check_csrf, client_ip, current_user, require_reviewer
from ratline.web.params import Limit, Offset
from ratline.web.users import User

router = APIRouter(prefix="/api", tags=["api"], default_response_class=JSONResponse)
Viewer = Annotated[User, Depends(current_user)]
Year = Annotated[int | None, Query(ge=1800, le=2200)]
Text = Annotated[str | None, Query(max_length=200)]


class FilterParams(BaseModel):
    """The filter vocabulary of `ratline.filters`, checked there (a bad value is a 400)."""

    trade: str | None = Field(None, max_length=40, description="organ, human, weapons, ...")
    organ: str | None = Field(None, max_length=40, description="kidney, liver, ...")
    country: str | None = Field(None, max_length=60, description="ISO code or name: NP, Nepal")
    origin: str | None = Field(None, max_length=60, description="country where the route starts")
    transit: str | None = Field(None, max_length=60, description="country the route passes")
    destination: str | None = Field(None, max_length=60, description="country where the route ends")
    actor: str | None = Field(None, max_length=200, description="part of an actor's name")
    role: str | None = Field(None, max_length=40, description="an actor's role: broker, ...")
    evidence: str | None = Field(None, max_length=20, description="exact evidence level")
    min_evidence: str | None = Field(None, max_length=20, description="lowest evidence level")
    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1])
    year_from: int | None = Field(None, ge=YEARS[0], le=YEARS[1])
    year_to: int | None = Field(None, ge=YEARS[0], le=YEARS[1])
    since: str | None = Field(None, max_length=40, description="ingested since: 7d, 12h, 2w, "
                                                             "or an ISO date")
    kind: str | None = Field(None, max_length=20, description="document kind: case, policy, ...")
    conflict: str | None = Field(None, max_length=5, description="yes/true/1: sources disagree; "
                                                                 "no/false/0: they agree")
    q: str | None = Field(None, max_length=200, description="full-text search in documents")


Filtered = Annotated[FilterParams, Query()]


class ReviewBody(BaseModel):
    status: str = Field(description="accepted, rejected or edited")
    value: str | None = Field(None, max_length=2000, description="the new value of an edit")


class MergeBody(BaseModel):
    other: str = Field(max_length=200, description="the id of the incident (or actor) to merge "
                                                   "with this one, or of one of its members")


class SplitBody(BaseModel):
    a: str = Field(max_length=200, description="a member: an incident subject, or an actor "
                                               "mention (statement id)")
    b: str = Field(max_length=200, description="another member of the same incident or actor")


class RenameBody(BaseModel):
    name: str = Field(max_length=400, description="the name to show the actor under")


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _key(params: FilterParams) -> tuple[Any, ...]:
    return queries.filter_key(params.model_dump())


def _selected(request: Request, params: FilterParams) -> Sequence[Any]:
    index = request.app.state.cache.get()
    args = {k: None if v is None else str(v) for k, v in params.model_dump().items()}
    return queries.selected(_store(request), index, args)


def _json(data: Any) -> Response:
    # Serialised directly: FastAPI's response-model pass costs more than the query here.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(content=body.encode("utf-8"), media_type="application/json")


def _cached_json(request: Request, key: tuple[Any, ...], compute: Any,
                 index: IncidentIndex | None = None) -> Response:
    """A JSON body computed once per index version, and for every web worker
    (`shared_memo`): map and network data are large, a search's page is a search.
    `index`: the one `compute` reads, when the caller has it."""
    index = index or request.app.state.cache.get()
    body = shared_memo.recall(index, key, lambda: bytes(_json(compute()).body), bytes, bytes)
    return Response(content=body, media_type="application/json")


@router.get("/incidents", summary="Incidents, filtered and paged", description=(
    "`total` counts every incident the filters select. With `q`, `search_capped` is true "
    "when the search matched more than `search_documents` documents: the incidents are "
    "then those of the best matching ones."))
def incidents(request: Request, user: Viewer, params: Filtered,
              limit: Limit = 50, offset: Offset = 0,
              facets: bool = False) -> Response:
    index = request.app.state.cache.get()

    def page() -> dict[str, Any]:
        found = _selected(request, params)
        out: dict[str, Any] = {
            "total": len(found), "limit": limit, "offset": offset,
            "incidents": [queries.incident_summary(i, index)
                          for i in found[offset:offset + limit]],
        }
        if params.q:
            # True: the search matched more documents than a list reads; the incidents
            # are those of the best `search_documents` (an export reads every match).
            out["search_capped"] = queries.search_capped(_store(request), index,
                                                         {"q": params.q})
            out["search_documents"] = queries.SEARCH_DOCUMENTS
        if facets:
            out["facets"] = index.memo(("facets", _key(params)), lambda: index.facets(found))
        return out

    # The body itself is kept: summing up and serialising 50 incidents again cost more
    # than finding them.
    return _cached_json(request, ("incidents-json", _key(params), limit, offset, facets), page,
                        index)


@router.get("/incidents/{incident_id}", summary="One incident: every fact with its sentence")
def incident(request: Request, user: Viewer, incident_id: str) -> Response:
    index = request.app.state.cache.get()
    return _cached_json(request, ("incident-json", incident_id), lambda: index.memo(
        ("incident", incident_id), lambda: queries.incident_detail(
            _store(request), index, incident_id)), index)


@router.get("/incidents/{incident_id}/links",
            summary="Why the incident's reports are linked, and its nearest refused links")
def incident_link_evidence(request: Request, user: Viewer, incident_id: str) -> Response:
    index = request.app.state.cache.get()
    queries.get_incident(index, incident_id)
    return _json(index.memo(("links", incident_id), lambda: incident_links(
        _store(request), index, incident_id)))


def _judge(request: Request, user: User, kind: str, ref: str, action: Any, *args: str) -> Response:
    return _json(judge.act(request, user, kind, ref, action, *args))


@router.post("/incidents/{incident_id}/merge", summary="Say another incident is this one")
def merge_incident(request: Request, user: Viewer, incident_id: str,
                   body: Annotated[MergeBody, Body()]) -> Response:
    return _judge(request, user, "incident", incident_id, judge.merge, "incident", incident_id,
                  body.other)


@router.post("/incidents/{incident_id}/split",
             summary="Say two reports of this incident are not one incident")
def split_incident(request: Request, user: Viewer, incident_id: str,
                   body: Annotated[SplitBody, Body()]) -> Response:
    return _judge(request, user, "incident", incident_id, judge.split, "incident", incident_id,
                  body.a, body.b)


@router.get("/actors/{actor_id}/links",
            summary="Why the actor's names are one actor, and its nearest refused links")
def actor_link_evidence(request: Request, user: Viewer, actor_id: str) -> Response:
    index = request.app.state.cache.get()
    queries.actor_detail(index, actor_id)
    return _json(index.memo(("actor-links", actor_id), lambda: actor_links(
        _store(request), index, actor_id)))


@router.post("/actors/{actor_id}/merge", summary="Say another actor is this one")
def merge_actor(request: Request, user: Viewer, actor_id: str,
                body: Annotated[MergeBody, Body()]) -> Response:
    return _judge(request, user, "actor", actor_id, judge.merge, "actor", actor_id, body.other)


@router.post("/actors/{actor_id}/split",
             summary="Say two spellings of this actor are different actors")
def split_actor(request: Request, user: Viewer, actor_id: str,
                body: Annotated[SplitBody, Body()]) -> Response:
    return _judge(request, user, "actor", actor_id, judge.split, "actor", actor_id, body.a, body.b)


@router.post("/actors/{actor_id}/rename", summary="Choose the name the actor is shown under")
def rename_actor(request: Request, user: Viewer, actor_id: str,
                 body: Annotated[RenameBody, Body()]) -> Response:
    return _judge(request, user, "actor", actor_id, judge.rename, actor_id, body.name)


@router.get("/actors", summary="Actors named in incidents")
def actors(request: Request, user: Viewer, q: Text = None,
           type: Annotated[str | None, Query(max_length=40)] = None,
           limit: Limit = 50, offset: Offset = 0) -> Response:
    index = request.app.state.cache.get()
    found = sorted(index.actors.values(), key=lambda a: (-len(a.incidents), a.name))
    if q:
        needle = search_key(q)
        found = [a for a in found if needle in search_key(a.name)]
    if type:
        found = [a for a in found if a.type == type]
    return _json({"total": len(found), "limit": limit, "offset": offset, "actors": [
        {"id": a.id, "name": a.name, "type": a.type, "roles": a.roles, "status": a.status,
         "incidents": len(a.incidents)} for a in found[offset:offset + limit]]})


@router.get("/actors/{actor_id}", summary="One actor and the incidents that name it")
def actor(request: Request, user: Viewer, actor_id: str) -> Response:
    return _json(queries.actor_detail(request.app.state.cache.get(), actor_id))


@router.get("/documents", summary="Stored documents (without text)")
def documents(request: Request, user: Viewer,
              status: Annotated[str | None, Query(pattern="^(stored|extracted|failed)$")] = None,
              limit: Limit = 50, offset: Offset = 0) -> Response:
    store = _store(request)
    rows = masking.documents(store, store.documents(status=status, limit=limit, offset=offset))
    keys = ("id", "source", "url", "title", "published_precision", "media_type", "status",
            "error", "relevant")
    return _json({"limit": limit, "offset": offset, "documents": [
        {**{k: r[k] for k in keys}, "published": show_date(r["published"], r["published_precision"])}
        for r in rows]})


@router.get("/documents/{document_id}", summary="One document with its text and statements")
def document(request: Request, user: Viewer, document_id: str) -> Response:
    index = request.app.state.cache.get()
    row, facts = index.memo(("document", document_id),
                            lambda: queries.document_detail(_store(request), document_id))
    return _json(queries.document_dict(row, facts))


@router.get("/review", summary="The review queue: least certain statements first")
def review_queue(request: Request, user: Viewer,
                 status: Annotated[str, Query(pattern="^(machine|accepted|edited|rejected)$")] = "machine",
                 prop: Annotated[str, Query(max_length=40, description="property, e.g. actor")] = "",
                 trade: Annotated[str, Query(max_length=40, description="organ, human, ...")] = "",
                 incident: Annotated[str, Query(max_length=200, description="incident id")] = "",
                 document: Annotated[str, Query(max_length=64)] = "",
                 limit: Limit = 50, offset: Offset = 0) -> Response:
    total, items = review.queue(
        _store(request), request.app.state.cache.get(), status=status, prop=prop, trade=trade,
        incident=incident, document=document, limit=limit, offset=offset)
    return _json({"total": total, "limit": limit, "offset": offset, "statements": items})


@router.post("/statements/{statement_id}/review", summary="Accept, edit or reject a statement")
def review_statement(request: Request, user: Viewer, statement_id: str,
                     body: Annotated[ReviewBody, Body()]) -> Response:
    check_csrf(request)
    require_reviewer(user)
    return _json(review.apply(_store(request), request.app.state.cache, user, statement_id,
                              body.status, body.value, client_ip(request)))


@router.get("/map", summary="Incident points by precision and route flows")
def map_(request: Request, user: Viewer, params: Filtered) -> Response:
    return _cached_json(request, ("map", _key(params)),
                        lambda: map_data(_selected(request, params)))


@router.get("/network", summary="Actors and incidents as a graph, links weighted by evidence")
def network(request: Request, user: Viewer, params: Filtered,
            max_nodes: Annotated[int, Query(ge=10, le=5000)] = 1500,
            min_link_evidence: Annotated[str | None, Query(
                max_length=20, description="drop links whose sources are weaker, e.g. arrest")]
            = None) -> Response:
    level = queries.evidence_level(min_link_evidence, "min_link_evidence")
    return _cached_json(request, ("network", max_nodes, level, _key(params)),
                        lambda: network_data(_selected(request, params), max_nodes=max_nodes,
                                             min_link_evidence=level))


@router.get("/routes", summary="Route legs between countries: incidents and strongest evidence")
def routes(request: Request, user: Viewer, params: Filtered) -> Response:
    return _cached_json(request, ("routes", _key(params)),
                        lambda: {"flows": route_flows(_selected(request, params))})


@router.get("/prices", summary="Reported payments to sellers against prices to recipients")
def prices(request: Request, user: Viewer, params: Filtered) -> Response:
    return _cached_json(request, ("prices", _key(params)),
                        lambda: queries.prices(_store(request), request.app.state.cache.get(),
                                               _selected(request, params)))


@router.get("/timeline", summary="Incidents per year and trade")
def timeline(request: Request, user: Viewer, params: Filtered) -> Response:
    return _json(queries.timeline(_selected(request, params)))


@router.get("/stats", summary="Counts by trade, country, year, evidence and review status")
def stats(request: Request, user: Viewer) -> Response:
    index = request.app.state.cache.get()
    return _json(index.memo(("stats",), lambda: queries.stats(_store(request), index)))


@router.get("/me", summary="The logged-in user, role and CSRF token")
def me(request: Request, user: Viewer) -> Response:
    return _json({"name": user.name, "role": user.role, "csrf": request.state.csrf})
