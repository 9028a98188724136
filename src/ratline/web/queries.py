"""Read models shared by the JSON API and the pages: one shape per noun.

Incident and actor assembly lives in `ratline.analyze.incidents`; this module only
looks things up in the index and the store and shapes them for display.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import numpy as np
from sqlalchemy import func, select

from ratline import filters, masking
from ratline.analyze.citations import Citer
from ratline.analyze.incidents import (
    Fact,
    Filters,
    Incident,
    IncidentIndex,
    Selection,
    evidence_rank,
)
from ratline.analyze.places import country_label
from ratline.analyze.prices import UNCONVERTED, shown_rows
from ratline.analyze.routes import map_data
from ratline.analyze.timeline import timeline as timeline
from ratline.extract.pseudonyms import PREFIX as PSEUDONYM_PREFIX
from ratline.model import show_date
from ratline.store import Store, StoreError, schema
from ratline.web import shared_memo
from ratline.web.auth import HTTPProblem
from ratline.web.views import sentence

_DOC_REF = re.compile(r"^[0-9a-z-]{6,64}$")


def trades() -> list[str]:
    return filters.trades()


def evidence_levels() -> list[str]:
    return filters.evidence_levels()


def check_filters(values: Mapping[str, Any]) -> Filters:
    """`Filters` from request parameters (`ratline.filters.NAMES`; others ignored); a bad
    value is a 400 whose message names the accepted ones."""
    try:
        return filters.parse({k: v for k, v in values.items() if k in filters.NAMES})
    except filters.FilterError as exc:
        raise HTTPProblem(400, str(exc), "bad_parameter") from None


def filter_key(values: Mapping[str, Any]) -> tuple[Any, ...]:
    """What a selection is remembered under: the parameters, and with `since` (an age
    such as 7d moves with the clock) the current minute, so it is never older than that."""
    minute = int(time.time() // 60) if values.get("since") else 0
    return (*sorted(values.items()), minute)


# Documents a search used as a filter on the pages and the API reads, the best first: a
# word most documents hold matches a hundred thousand at 10M statements, and reading
# them all took 0.1-0.3 s a word per worker; a page says when the list is so cut
# (`search_capped`). An export reads every match (`every_match_filters`).
SEARCH_DOCUMENTS = 5000
SEARCH_MAX_CHARS = 200  # a longer search text is refused (400)


def every_match_filters(store: Store, *, q: str | None = None,
                        masker: masking.Masker | None = None, **values: str | None) -> Filters:
    """`check_filters`, plus `q`: a full-text search whose documents the incidents cite,
    every one it matches (an export; the pages read the SEARCH_DOCUMENTS best, `selected`).
    `masker`: the victims' names of the documents the filters will be applied to."""
    return searching(values, q, lambda text: store.matching_ids(text, masker=masker))


def searching(values: Mapping[str, str | None], q: str | None,
              search: Callable[[str], Collection[str]]) -> Filters:
    """`check_filters` of `values`, and the documents `search` finds for `q`."""
    chosen = check_filters(values)
    if q and q.strip():
        if len(q) > SEARCH_MAX_CHARS:
            raise HTTPProblem(400, f"search text is at most {SEARCH_MAX_CHARS} characters",
                              "bad_parameter")
        chosen.documents = set(search(q))
    return chosen


def searched(store: Store, index: IncidentIndex, q: str) -> list[str]:
    """The documents a search used as a filter reads (the SEARCH_DOCUMENTS best), once per
    query and index version, masked with the index's own victims' names: only documents
    the index holds can select one of its incidents, and reading the victims of
    thousands of matching documents again took longer than the search."""
    return shared_memo.recall(
        index, ("searched", " ".join(q.split())),
        lambda: store.search_ids(q, limit=SEARCH_DOCUMENTS, masker=index.masker),
        lambda ids: "\n".join(ids).encode("utf-8"),
        lambda data: data.decode("utf-8").split("\n") if data else [])


def search_capped(store: Store, index: IncidentIndex, values: Mapping[str, str | None]) -> bool:
    """Whether the search of `values` matched more documents than a list reads, so that
    its incidents are those of the SEARCH_DOCUMENTS best matches, not of every one."""
    q = values.get("q")
    if not q or not q.strip() or len(q) > SEARCH_MAX_CHARS:
        return False
    return len(searched(store, index, q)) >= SEARCH_DOCUMENTS


def selected(store: Store, index: IncidentIndex, values: Mapping[str, str | None]) -> Selection:
    """The index's incidents that the filter parameters `values` select, computed once per
    selection and index version (a search: `searched`)."""
    filter_values = {k: v for k, v in values.items() if k != "q"}
    return shared_memo.recall(
        index, ("select", filter_key(values)),
        lambda: index.select(searching(filter_values, values.get("q"),
                                       lambda q: searched(store, index, q))),
        _positions, lambda data: index.selection(np.frombuffer(data, dtype=np.int64)))


def _positions(found: Selection) -> bytes | None:
    # Every incident (no filter, or none that narrows) is a range: nothing to share.
    if isinstance(found.positions, range):
        return None
    return np.asarray(found.positions, dtype=np.int64).tobytes()


def evidence_level(level: str | None, name: str) -> str | None:
    """A level named by a request parameter; an unknown one is a 400 naming the known."""
    if level and level not in evidence_levels():
        raise HTTPProblem(400, f"unknown {name} {level!r}; known: {', '.join(evidence_levels())}",
                          "bad_parameter")
    return level or None


def prices(store: Store, index: IncidentIndex, incidents: Sequence[Incident]) -> dict[str, Any]:
    """The price table of `ratline.analyze.prices`, every citation masked again with the
    victims' names of its document."""
    rows = shown_rows(incidents, Citer(store, index.masker))
    return {"rows": rows, "converted": False, "note": UNCONVERTED}


def incident_summary(inc: Incident, index: IncidentIndex) -> dict[str, Any]:
    return {
        "id": inc.id, "title": inc.title, "summary": inc.summary, "trade": inc.trade, "year": inc.year,
        "evidence": inc.evidence, "organs": inc.organs, "countries": inc.countries,
        "route": [{"country": c, "role": r} for c, r in inc.route],
        "actors": len(inc.actors), "victim_count": inc.victim_count,
        "conflicts": inc.conflicts,
        "documents": [{"id": d, "title": index.titles.get(d)} for d in inc.documents],
    }


def _doc_texts(store: Store, ids: list[str], masker: masking.Masker) -> dict[str, str]:
    """Document texts as people may see them: victims' names blacked out."""
    d = schema.documents
    with store.reading() as conn:
        texts = dict(conn.execute(select(d.c.id, d.c.text).where(d.c.id.in_(ids))).all())
    return {i: masker.text(t, i) for i, t in texts.items()}


def search_hits(store: Store, index: IncidentIndex, q: str, limit: int = 100) -> list[dict[str, Any]]:
    """Documents matching `q`, best first, with snippets as people may see them (the store
    masks them); computed once per query and data version."""
    return [dict(h) for h in shared_memo.recall(
        index, ("search", q, limit), lambda: store.search(q, limit=limit),
        lambda hits: json.dumps(hits, ensure_ascii=False).encode("utf-8"), json.loads)]


def victim_pseudonym(f: Fact) -> str | None:
    """The pseudonym when a statement is about a named victim: its span holds the real name."""
    if isinstance(f.data, dict) and str(f.data.get("name", "")).startswith(PSEUDONYM_PREFIX):
        return str(f.data["name"])
    return None


def fact_dict(f: Fact, text: str | None, evidence: str | None) -> dict[str, Any]:
    s = sentence(text, f.start, f.end) if text is not None else None
    alias = victim_pseudonym(f)
    if s is not None and alias:
        s.match = f"[{alias}]"
    return {
        "statement": f.statement_id, "subject": f.subject, "prop": f.prop, "value": f.value, "data": f.data,
        "document": f.document_id, "start": f.start, "end": f.end,
        "confidence": f.confidence, "status": f.status, "reviewer": f.reviewer,
        "original_value": f.original_value, "evidence": evidence,
        "sentence": None if s is None else {"before": s.before, "match": s.match,
                                            "after": s.after, "start": s.start, "end": s.end},
    }


def get_incident(index: IncidentIndex, incident_id: str) -> Incident:
    inc = index.incidents.get(index.key_of(incident_id))
    if inc is None:
        raise HTTPProblem(404, f"no incident {incident_id!r}", "not_found")
    return inc


def incident_detail(store: Store, index: IncidentIndex, incident_id: str) -> dict[str, Any]:
    inc = get_incident(index, incident_id)
    texts = _doc_texts(store, inc.documents, index.masker)
    out = incident_summary(inc, index)
    out["facts"] = [fact_dict(f, texts.get(f.document_id), inc.evidence_by_document.get(f.document_id))
                    for f in inc.facts]
    out["sources"] = [{"id": d, "title": index.titles.get(d),
                       "evidence": inc.evidence_by_document.get(d)} for d in inc.documents]
    out["map"] = map_data([inc])
    out["actors"] = [{"id": a.actor_id, "name": a.name, "type": a.type, "role": a.role,
                      "status": a.status, "statement": a.fact.statement_id} for a in inc.actors]
    return out


def actor_detail(index: IncidentIndex, actor_id: str) -> dict[str, Any]:
    actor = index.actors.get(actor_id)
    if actor is None:
        raise HTTPProblem(404, f"no actor {actor_id!r}", "not_found")
    rows = []
    for inc_id in actor.incidents:
        inc = index.incidents[inc_id]
        for role in inc.actors:
            if role.actor_id == actor_id:
                rows.append({"incident": incident_summary(inc, index), "role": role.role,
                             "status": role.status, "statement": role.fact.statement_id,
                             "document": role.fact.document_id})
    return {"id": actor.id, "name": actor.name, "type": actor.type, "roles": actor.roles,
            "status": actor.status, "incidents": rows}


def document_detail(store: Store, ref: str) -> tuple[Any, list[Fact]]:
    if not _DOC_REF.match(ref):
        raise HTTPProblem(400, "a document id (or its first 6+ characters) is lower-case hex",
                          "bad_parameter")
    try:
        row = store.document(ref)
    except StoreError as exc:
        raise HTTPProblem(400, str(exc), "bad_parameter") from exc
    if row is None:
        raise HTTPProblem(404, f"no document {ref!r}", "not_found")
    masker = masking.load(store, [row["id"]])
    facts = [Fact.from_row(masker.statement(r)) for r in store.statements(document_id=row["id"])]
    shown = masker.document(row)
    shown["published"] = show_date(row["published"], row["published_precision"])
    return shown, facts


def document_dict(row: Any, facts: list[Fact], with_text: bool = True) -> dict[str, Any]:
    out = {k: row[k] for k in ("id", "source", "url", "title", "published",
                               "published_precision", "language", "media_type", "status",
                               "error", "relevant", "size")}
    out["published"] = str(out["published"]) if out["published"] else None
    if with_text:
        out["text"] = row["text"]
    out["statements"] = [fact_dict(f, None, None) for f in facts]
    return out


def stats(store: Store, index: IncidentIndex) -> dict[str, Any]:
    incidents = list(index.incidents.values())
    facets = index.facets(incidents)
    s = schema.statements
    with store.engine.connect() as conn:
        review: dict[str, int] = dict(conn.execute(select(s.c.status, func.count()).group_by(s.c.status)).all())
    return {
        "counts": {**store.counts(), "incidents": len(incidents), "actors": len(index.actors)},
        "review": {k: int(v) for k, v in review.items()},
        "by_trade": facets["trade"], "by_evidence": facets["evidence"],
        "by_year": [(k, v) for k, v in facets["year"] if k != "unknown"],
        "by_country": [(country_label(k), v) for k, v in facets["country"]],
        "countries": facets["country"],
    }


def review_queue(store: Store, status: str, prop: str | None, document: str | None,
                 limit: int, offset: int, *, trade: str | None = None,
                 subjects: list[str] | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Statements awaiting (or having had) review, with their sentences, least certain
    first (ties in text order). `trade` keeps the incidents of that trade (by their
    trade statement, unless rejected); `subjects` the document incidents of one incident."""
    s, d = schema.statements, schema.documents
    q = select(s).where(s.c.status == status, s.c.subject.like("incident:%"))
    if prop:
        q = q.where(s.c.prop == prop)
    if document:
        q = q.where(s.c.document_id == document)
    if subjects is not None:
        q = q.where(s.c.subject.in_(subjects))
    if trade:
        t = s.alias("t")
        q = q.where(s.c.subject.in_(select(t.c.subject).where(
            t.c.prop == "trade", t.c.value == trade, t.c.status != "rejected")))
    n = select(func.count()).select_from(q.subquery())
    q = q.order_by(s.c.confidence, s.c.document_id, s.c.start, s.c.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        total = int(conn.execute(n).scalar() or 0)
        rows = list(conn.execute(q).mappings())
        ids = sorted({r["document_id"] for r in rows})
        docs = {r[0]: (r[1], r[2] or r[3]) for r in conn.execute(
            select(d.c.id, d.c.text, d.c.title, d.c.source).where(d.c.id.in_(ids)))}
    masker = masking.load(store, ids)
    docs = {i: (masker.text(t, i), masker.source(title, i)) for i, (t, title) in docs.items()}
    items = []
    for r in rows:
        f = Fact.from_row(masker.statement(r))
        text, title = docs.get(f.document_id, ("", ""))
        item = fact_dict(f, text, None)
        item["subject"] = f.subject
        item["title"] = title
        items.append(item)
    return total, items


def min_level_ok(level: str | None, minimum: str | None) -> bool:
    return not minimum or evidence_rank(level) >= evidence_rank(minimum)
