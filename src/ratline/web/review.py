"""Review decisions made through the web: validate (against the vocabularies, see
`ratline.vocab.values`), store via `Store.review`, audit, refresh."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from ratline import masking
from ratline.store import Store, StoreError, schema
from ratline.vocab import values
from ratline.web import audit, queries
from ratline.web.auth import HTTPProblem
from ratline.web.users import User

# Short forms the keyboard-driven UI and API clients may use.
ALIASES = {"accept": "accepted", "reject": "rejected", "edit": "edited",
           "accepted": "accepted", "rejected": "rejected", "edited": "edited"}
MAX_VALUE = 2000
# Properties the queue can be narrowed to (incident statements only).
PROPS = ("trade", "organ", "country", "place", "route", "year", "actor", "person_status",
         "victim_count", "victim_kind", "activity", "money", "evidence", "summary")


def queue(store: Store, index: Any, *, status: str, prop: str = "", trade: str = "",
          incident: str = "", document: str = "", limit: int,
          offset: int) -> tuple[int, list[dict[str, Any]]]:
    """The review queue, least certain statement first, narrowed by property, trade,
    incident (a resolved incident id or a document incident) and document; memoised per
    index version. Unknown filter values are a 400 that names the allowed ones."""
    if prop and prop not in PROPS:
        raise HTTPProblem(400, f"unknown property {prop!r}; allowed: {', '.join(PROPS)}",
                          "bad_parameter")
    if trade and trade not in values.allowed("trade"):
        raise HTTPProblem(400, f"unknown trade {trade!r}; allowed: "
                          f"{', '.join(values.allowed('trade'))}", "bad_parameter")
    subjects = None
    if incident:
        queries.get_incident(index, incident)  # 404 for an unknown one
        subjects = index.subjects_of(index.key_of(incident))
    key = ("review", status, prop, trade, incident, document, limit, offset)
    result: tuple[int, list[dict[str, Any]]] = index.memo(key, lambda: queries.review_queue(
        store, status, prop or None, document or None, limit, offset, trade=trade or None,
        subjects=subjects))
    return result


def _row_dict(row: Any) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "subject", "prop", "value", "original_value", "status",
                                "reviewer", "document_id", "start", "end")}


def apply(store: Store, cache: Any, user: User, statement_id: str, status: str,
          value: str | None, ip: str) -> dict[str, Any]:
    """Record one decision; returns the statement after it."""
    decided = ALIASES.get((status or "").strip().lower())
    if decided is None:
        raise HTTPProblem(400, "status must be accepted, rejected or edited", "bad_status")
    before = _lookup(store, statement_id)
    if before is None:
        raise HTTPProblem(404, f"no statement {statement_id}", "not_found")
    if decided == "edited":
        value = (value or "").strip()
        if not value:
            raise HTTPProblem(400, "an edit needs a non-empty value", "bad_value")
        if len(value) > MAX_VALUE:
            raise HTTPProblem(400, f"a value has at most {MAX_VALUE} characters", "bad_value")
        if before["value"][:1] == "{":
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):
                raise HTTPProblem(400, f"{before['prop']} values are JSON objects, e.g. "
                                  f"{before['value']}", "bad_value")
            value = json.dumps(parsed, ensure_ascii=False, sort_keys=True)
        try:
            values.check(before["prop"], value)
        except values.BadValue as exc:
            raise HTTPProblem(400, str(exc), "bad_value") from None
    else:
        value = None
    try:
        store.review(statement_id, decided, user.name, value)
    except StoreError as exc:
        raise HTTPProblem(400, str(exc), "bad_review") from exc
    after = _lookup(store, statement_id)
    assert after is not None
    audit.record(store, user.name, "review", f"statement:{statement_id}",
                 before=_row_dict(before), after=_row_dict(after), ip=ip)
    cache.refresh_subject(str(after["subject"]))
    return masking.load(store, [after["document_id"]]).statement(_row_dict(after))


def _lookup(store: Store, statement_id: str) -> Any:
    s = schema.statements
    with store.engine.connect() as conn:
        return conn.execute(select(s).where(s.c.id == statement_id)).mappings().first()
