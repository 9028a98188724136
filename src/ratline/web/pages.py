"""Server-rendered pages: login, overview, incidents, actors, documents, review, map,
network, timeline, reported prices and the audit log. Forms post with the session's CSRF
token: review decisions, and merge, split and rename (`ratline.web.judge`)."""

from __future__ import annotations

import json
import re
import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ratline import masking
from ratline.analyze.incidents import LEGAL_STATUSES
from ratline.analyze.links import actor_links, incident_links
from ratline.filters import NAMES
from ratline.resolve.names import search_key
from ratline.store import MARK_END, MARK_START
from ratline.web import audit, judge, queries, review
from ratline.web.app import render, render_shared
from ratline.web.auth import (
    check_csrf,
    client_ip,
    current_user,
    require_admin,
    require_reviewer,
)
from ratline.web.params import Offset, Page
from ratline.web.sessions import COOKIE, LOGIN_COOKIE, same_token
from ratline.web.users import TooManyAttempts, User, authenticate
from ratline.web.views import bars, columns, evidence_label, safe_next, segments

router = APIRouter(include_in_schema=False)
Viewer = Annotated[User, Depends(current_user)]
PAGE = 25
# The most hits a text search shows, over its pages.
SEARCH_HITS = 100
MAP_MIN_EVIDENCE = "arrest"
FILTER_KEYS = (*NAMES, "q")


def page_filters(request: Request) -> tuple[dict[str, Any], dict[str, str]]:
    """Filter arguments from the query string (empty form fields ignored) and the raw
    values to echo back into the form."""
    raw = {k: request.query_params.get(k, "").strip() for k in FILTER_KEYS}
    args: dict[str, Any] = {k: v or None for k, v in raw.items()}
    queries.check_filters(args)
    return args, {k: v for k, v in raw.items() if v}


def _login_page(request: Request, message: str = "", status: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {
        "login_csrf": token, "message": message,
        "next": safe_next(request.query_params.get("next"))}, status)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/login", max_age=1800)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
def login(request: Request, name: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=1024)],
          csrf: Annotated[str, Form(max_length=200)] = "",
          next: Annotated[str, Form(max_length=500)] = "/") -> Response:
    if not same_token(csrf, request.cookies.get(LOGIN_COOKIE, "")):
        return _login_page(request, "The form expired; please try again.", 403)
    store = request.app.state.store
    try:
        user = authenticate(store, name, password, client_ip(request))
    except TooManyAttempts as exc:
        return _login_page(request, str(exc), 429)
    if user is None:
        return _login_page(request, "Wrong name or password.", 401)
    token, _session = request.app.state.sessions.create(user.id)
    audit.record(store, user.name, "login", f"user:{user.name}", ip=client_ip(request))
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, user: Viewer, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_csrf(request, csrf)
    request.app.state.sessions.drop(request.cookies.get(COOKIE))
    audit.record(request.app.state.store, user.name, "logout", f"user:{user.name}",
                 ip=client_ip(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, user: Viewer) -> Response:
    index = request.app.state.cache.get()
    st = index.memo(("stats",), lambda: queries.stats(request.app.state.store, index))
    years = [(int(k), v) for k, v in st["by_year"]]
    return render_shared(request, "overview.html", {
        "stats": st, "trade_bars": bars(st["by_trade"]), "evidence_bars": bars(st["by_evidence"], label=evidence_label),
        "country_bars": bars(st["by_country"], 15), "year_columns": columns(years)}, index, ())


def _search_cut(request: Request, args: dict[str, Any]) -> dict[str, Any]:
    """Whether the search of a filtered view was cut to the best matching documents
    (`queries.search_capped`), for the `search_cut` notice of its template."""
    index = request.app.state.cache.get()
    return {"search_capped": queries.search_capped(request.app.state.store, index, args),
            "search_documents": queries.SEARCH_DOCUMENTS}


@router.get("/incidents", response_class=HTMLResponse)
def incidents(request: Request, user: Viewer,
              page: Page = 1) -> Response:
    args, raw = page_filters(request)
    index = request.app.state.cache.get()
    key = queries.filter_key(args)
    found = queries.selected(request.app.state.store, index, args)
    facets = index.memo(("facets", key), lambda: index.facets(found))
    rows = found[(page - 1) * PAGE: page * PAGE]
    return render_shared(request, "incidents.html", {
        "incidents": rows, "total": len(found), "page": page, "pages": max(1, -(-len(found) // PAGE)),
        **_search_cut(request, args),
        "facets": facets, "raw": raw, "titles": index.titles,
        "trades": queries.trades(), "levels": queries.evidence_levels(),
        "query": lambda **kw: urlencode({**raw, **{k: v for k, v in kw.items() if v is not None}}),
    }, index, (key, page))


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(request: Request, user: Viewer, incident_id: str) -> Response:
    index = request.app.state.cache.get()
    return render_shared(request, "incident.html", lambda: {"incident": index.memo(
        ("incident", incident_id), lambda: queries.incident_detail(
            request.app.state.store, index, incident_id))}, index, (incident_id,))


@router.get("/incidents/{incident_id}/links", response_class=HTMLResponse)
def incident_links_page(request: Request, user: Viewer, incident_id: str) -> Response:
    """Why an incident's reports are one and which near ones are not: the incident page
    loads it when asked (weighing the candidates costs several times the rest of the
    page), and it stands alone without scripts."""
    index = request.app.state.cache.get()
    detail = index.memo(("incident", incident_id), lambda: queries.incident_detail(
        request.app.state.store, index, incident_id))
    links = index.memo(("links", incident_id), lambda: incident_links(
        request.app.state.store, index, incident_id))
    return render_shared(request, "incident_links.html", {"incident": detail, "links": links},
                         index, (incident_id,))


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, user: Viewer, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    index = request.app.state.cache.get()
    found = index.memo(("actors",), lambda: sorted(index.actors.values(),
                                                   key=lambda a: (-len(a.incidents), a.name)))
    if q:
        needle = search_key(q)
        found = [a for a in found if needle in search_key(a.name)]
    return render_shared(request, "actors.html", {"actors": found[:500], "total": len(found), "q": q},
                         index, (q,))


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, user: Viewer, actor_id: str) -> Response:
    index = request.app.state.cache.get()
    detail = queries.actor_detail(index, actor_id)
    links = index.memo(("actor-links", actor_id), lambda: actor_links(
        request.app.state.store, index, actor_id))
    return render(request, "actor.html", {"actor": detail, "links": links,
                                          "statuses": LEGAL_STATUSES})


Ref = Annotated[str, Form(max_length=200)]
Token = Annotated[str, Form(max_length=200)]


def _judged(request: Request, user: User, csrf: str, kind: str, ref: str, action: Any,
            *args: str) -> Response:
    """A merge, split or rename form: token, role, id, act; then the page of the result."""
    done = judge.act(request, user, kind, ref, action, *args, csrf=csrf)
    target = done.get(kind) or ref
    return RedirectResponse(f"/{kind}s/{target}#links", status_code=303)


@router.post("/incidents/{incident_id}/merge")
def merge_incident_form(request: Request, user: Viewer, incident_id: str, other: Ref,
                        csrf: Token = "") -> Response:
    return _judged(request, user, csrf, "incident", incident_id, judge.merge, "incident",
                   incident_id, other)


@router.post("/incidents/{incident_id}/split")
def split_incident_form(request: Request, user: Viewer, incident_id: str, a: Ref, b: Ref,
                        csrf: Token = "") -> Response:
    return _judged(request, user, csrf, "incident", incident_id, judge.split, "incident",
                   incident_id, a, b)


@router.post("/actors/{actor_id}/merge")
def merge_actor_form(request: Request, user: Viewer, actor_id: str, other: Ref,
                     csrf: Token = "") -> Response:
    return _judged(request, user, csrf, "actor", actor_id, judge.merge, "actor", actor_id, other)


@router.post("/actors/{actor_id}/split")
def split_actor_form(request: Request, user: Viewer, actor_id: str, a: Ref, b: Ref,
                     csrf: Token = "") -> Response:
    return _judged(request, user, csrf, "actor", actor_id, judge.split, "actor", actor_id, a, b)


@router.post("/actors/{actor_id}/rename")
def rename_actor_form(request: Request, user: Viewer, actor_id: str,
                      name: Annotated[str, Form(max_length=400)], csrf: Token = "") -> Response:
    return _judged(request, user, csrf, "actor", actor_id, judge.rename, actor_id, name)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, user: Viewer, q: Annotated[str, Query(max_length=200)] = "",
              page: Page = 1) -> Response:
    store = request.app.state.store
    index = request.app.state.cache.get()
    hits, more = None, False
    if q.strip():
        # Search hits come with victims' names masked (and none found through such a
        # name), PAGE to a page: each hit's snippet is a pass over its document's text,
        # and at ten million statements a page of 100 cost twice the search of a page
        # of 25 and four times the rendering. One more is asked for, to know of a next page.
        # SEARCH_HITS at most, as many as a search ever showed: a deep page would make
        # snippets of every hit before it.
        found = [] if (page - 1) * PAGE >= SEARCH_HITS else queries.search_hits(
            store, index, q, limit=min(page * PAGE + 1, SEARCH_HITS))
        hits, more = found[(page - 1) * PAGE:page * PAGE], len(found) > page * PAGE
        for hit in hits:
            # Markers become alternate plain/marked parts; the template escapes each.
            hit["snippet_parts"] = re.split(f"[{MARK_START}{MARK_END}]", hit.get("snippet") or "")
    rows = masking.documents(store, store.documents(
        limit=PAGE * 4, offset=(page - 1) * PAGE * 4)) if hits is None else []
    return render(request, "documents.html", {"documents": rows, "hits": hits, "q": q,
                                              "page": page, "more": more})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, user: Viewer, document_id: str) -> Response:
    index = request.app.state.cache.get()
    row, facts = index.memo(("document", document_id), lambda: queries.document_detail(
        request.app.state.store, document_id))
    return render_shared(request, "document.html", {
        "doc": row, "segments": index.memo(("segments", document_id), lambda: segments(row["text"], facts)),
        "facts": facts}, index, (document_id,))


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, user: Viewer,
                 status: Annotated[str, Query(pattern="^(machine|accepted|edited|rejected)$")] = "machine",
                 prop: Annotated[str, Query(max_length=40)] = "",
                 trade: Annotated[str, Query(max_length=40)] = "",
                 incident: Annotated[str, Query(max_length=200)] = "",
                 document: Annotated[str, Query(max_length=64)] = "",
                 offset: Offset = 0) -> Response:
    total, items = review.queue(
        request.app.state.store, request.app.state.cache.get(), status=status, prop=prop,
        trade=trade, incident=incident, document=document, limit=PAGE, offset=offset)
    here = "/review?" + urlencode({k: v for k, v in (
        ("status", status), ("prop", prop), ("trade", trade), ("incident", incident),
        ("document", document)) if v})
    return render(request, "review.html", {
        "items": items, "total": total, "status": status, "prop": prop, "trade": trade,
        "incident": incident, "document": document, "offset": offset, "page_size": PAGE,
        "props": review.PROPS, "trades": queries.trades(), "here": here,
        "next_offset": offset + PAGE if offset + PAGE < total else None,
        "prev_offset": max(0, offset - PAGE) if offset else None})


@router.post("/review/{statement_id}")
def review_form(request: Request, user: Viewer, statement_id: str,
                status: Annotated[str, Form(max_length=16)],
                csrf: Annotated[str, Form(max_length=200)] = "",
                value: Annotated[str | None, Form(max_length=2000)] = None,
                next: Annotated[str, Form(max_length=500)] = "/review") -> Response:
    check_csrf(request, csrf)
    require_reviewer(user)
    review.apply(request.app.state.store, request.app.state.cache, user, statement_id, status,
                 value, client_ip(request))
    return RedirectResponse(safe_next(next, "/review"), status_code=303)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, user: Viewer) -> Response:
    if not request.url.query:
        # Opened plainly, the map shows the strongest evidence first; the form's "any"
        # (an empty min_evidence) shows every level.
        return RedirectResponse("/map?" + urlencode({"min_evidence": MAP_MIN_EVIDENCE}),
                                status_code=303)
    args, raw = page_filters(request)
    return render(request, "map.html", {"raw": raw, "trades": queries.trades(),
                                        "levels": queries.evidence_levels(),
                                        **_search_cut(request, args)})


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, user: Viewer) -> Response:
    args, raw = page_filters(request)
    strong = queries.evidence_level(request.query_params.get("min_link_evidence"),
                                    "min_link_evidence")
    return render(request, "network.html", {"raw": raw, "trades": queries.trades(),
                                            "levels": queries.evidence_levels(),
                                            "strong": strong, **_search_cut(request, args)})


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, user: Viewer, page: Page = 1) -> Response:
    args, raw = page_filters(request)
    index = request.app.state.cache.get()
    key = queries.filter_key(args)
    found = queries.selected(request.app.state.store, index, args)
    tl = index.memo(("timeline-counts", key), lambda: queries.timeline(found))
    # The list below the chart is paged like the incident list; newest year first.
    by_year: dict[Any, list[Any]] = {}
    for inc in found[(page - 1) * PAGE: page * PAGE]:
        by_year.setdefault(inc.year, []).append(inc)
    return render_shared(request, "timeline.html", {
        "timeline": tl, "by_year": list(by_year.items()), "raw": raw, "total": len(found),
        "page": page, "pages": max(1, -(-len(found) // PAGE)),
        "query": lambda **kw: urlencode({**raw, **{k: v for k, v in kw.items() if v is not None}}),
        "trades": queries.trades(), "levels": queries.evidence_levels(),
        **_search_cut(request, args)}, index, (key, page))


@router.get("/prices", response_class=HTMLResponse)
def prices_page(request: Request, user: Viewer) -> Response:
    args, raw = page_filters(request)
    index = request.app.state.cache.get()
    key = queries.filter_key(args)
    found = queries.selected(request.app.state.store, index, args)
    table = index.memo(("prices-table", key), lambda: queries.prices(
        request.app.state.store, index, found))
    return render_shared(request, "prices.html", {
        "table": table, "raw": raw, "trades": queries.trades(),
        "levels": queries.evidence_levels(), **_search_cut(request, args)}, index, key)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: Viewer,
               action: Annotated[str, Query(pattern="^(|review|merge|split|rename|export|login|logout)$")] = "",
               offset: Offset = 0) -> Response:
    require_admin(user)
    total, entries = audit.entries(request.app.state.store, 100, offset, action or None)
    rows = _masked_audit(request.app.state.store, entries)
    return render(request, "audit.html", {"rows": rows, "total": total, "action": action,
                                          "offset": offset, "actions": audit.ACTIONS})


def _masked_audit(store: Any, rows: list[Any]) -> list[dict[str, Any]]:
    """Audit rows with victims' names masked in the before and after of reviews (a
    reviewed summary quotes the document)."""
    def document(row: Any) -> str | None:
        for key in ("before", "after"):
            try:
                data = json.loads(row[key] or "null")
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("document_id"):
                return str(data["document_id"])
        return None

    docs = [document(r) for r in rows]
    masker = masking.load(store, [d for d in docs if d])
    return [{**r, "before": masker.value(r["before"], d), "after": masker.value(r["after"], d)}
            for r, d in zip(rows, docs, strict=True)]
