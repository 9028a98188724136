"""`ratline export`: the store's incidents as files other tools open.

Formats: csv (a folder, or a zip when the path ends in .zip, of flat tables), xlsx (the
same tables as sheets), geojson (incident points and route legs, RFC 7946), gexf and
graphml (actors and incidents as a network), jsonl (one incident a line) and ftm
(FollowTheMoney entities as JSON lines, `ratline.export_ftm`).

Every record is masked before it is written, with the victims' names of the documents
it came from (`Masker.value`, the call `masking.shown` makes, with the masker loaded once
for the whole store). Exports are reproducible: everything is sorted and no timestamp is
written into the data or the archive entries, so the same store gives the same bytes.
Each export is written to the audit log with who made it, the filters and row counts.

A shareable export (`shareable=True`) suppresses victim counts under `sharing.K` and says
so inside the file (`ratline.sharing`).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ratline import sharing
from ratline.analyze.citations import sentence_around, sentence_span
from ratline.analyze.incidents import Filters, Incident, IncidentIndex, build_index
from ratline.analyze.places import country_point, place_point
from ratline.analyze.routes import route_legs
from ratline.model import show_date
from ratline.store import Store, audit, resolution

FORMATS = ("csv", "xlsx", "geojson", "gexf", "graphml", "jsonl", "ftm")
# Who pays and who is paid, by what a sum pays for: the role an actor named in the same
# sentence as the sum must have to be its payer or beneficiary (nothing is guessed beyond).
PAYER_ROLES = {"price_to_recipient": "buyer"}
BENEFICIARY_ROLES = {"payment_to_seller": "seller_donor"}
TABLES = ("incidents", "actors", "money", "route_legs", "statements")
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The fixed time stamped on archive entries (zip, xlsx) so equal stores give equal bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)
_JOIN = ";"


class ExportError(ValueError):
    """Bad export input (format, filter value): one line for the user."""


@dataclass
class Tables:
    """Flat rows per table, masked and sorted; what every format is written from."""

    incidents: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    money: list[dict[str, Any]]
    route_legs: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    records: list[dict[str, Any]]  # one nested record per incident (jsonl, networks, maps)
    # The incidents' documents: id, masked title, masked source and URL (ftm).
    documents: list[dict[str, Any]] = field(default_factory=list)
    # Victim counts as reported, before any suppression: aggregates are summed from
    # these and suppressed as a whole (a shareable export).
    victims: dict[str, int | None] = field(default_factory=dict)
    shareable: bool = False

    def counts(self) -> dict[str, int]:
        return {t: len(getattr(self, t)) for t in TABLES}

    def count(self, n: int | None) -> int | str | None:
        """A victim count as this export shows it."""
        return sharing.shown(n) if self.shareable else n


def inert(value: Any) -> Any:
    """A text a spreadsheet would run as a formula, made plain text with a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _party(inc: Incident, text: str, money: Any, role: str | None) -> str:
    """The one actor of `role` the money statement's sentence names, or "" (none, or more
    than one: then the text does not say who)."""
    if role is None or money.start is None or money.end is None or not text:
        return ""
    left, right = sentence_span(text, money.start, money.end)
    found = {a.actor_id for a in inc.actors
             if a.role == role and a.fact.document_id == money.document_id
             and a.fact.start is not None and left <= a.fact.start < right}
    return found.pop() if len(found) == 1 else ""


def tables(store: Store, filters: Filters | None = None, *,
           index: IncidentIndex | None = None, shareable: bool = False) -> Tables:
    """The export's rows. `index`: an index already built (the web's cache); otherwise
    one is built from the store."""
    chosen = filters or Filters()
    index = index or build_index(store)
    masker = index.masker
    incidents = sorted(index.select(chosen), key=lambda i: i.id)
    docs = resolution.documents_by_id(store, {d for i in incidents for d in i.documents})
    texts: dict[str, str] = {}
    out = Tables([], [], [], [], [], [], shareable=shareable)

    def source(d: str, fallback: str) -> str:
        row = docs.get(d, {})
        return str(masker.source(str(row.get("url") or row.get("source") or fallback), d))

    for d in sorted({d for i in incidents for d in i.documents}):
        row = docs.get(d, {})
        out.documents.append({
            "id": d, "title": index.titles.get(d) or "", "source": source(d, d),
            "url": str(masker.source(str(row.get("url") or ""), d)),
            "published": show_date(row.get("published"), row.get("published_precision"))})
    for inc in incidents:
        documents = sorted(inc.documents)
        sources = [source(d, d) for d in documents]
        out.victims[inc.id] = inc.victim_count
        legs = route_legs(inc)
        actors = sorted({(a.actor_id, a.name, a.type, a.role, a.status) for a in inc.actors})
        named_in: dict[tuple[str, str], set[str]] = {}
        for a in inc.actors:
            named_in.setdefault((a.actor_id, a.role), set()).add(a.fact.document_id)
        record = {
            "id": inc.id, "summary": inc.summary or "", "trade": inc.trade or "",
            "organs": sorted(inc.organs), "countries": sorted(inc.countries),
            "places": sorted(inc.places), "year": inc.year, "evidence": inc.evidence or "",
            "victim_count": out.count(inc.victim_count), "documents": documents,
            "sources": sources,
            "route": [{"country": c, "role": r} for c, r in sorted(inc.route)],
            "route_legs": [{"from": a, "to": b} for a, b in sorted(legs)],
            "actors": [{"id": i, "name": n, "type": t, "role": r, "status": s,
                        "documents": sorted(named_in[(i, r)])} for i, n, t, r, s in actors],
        }
        # The incident's facts were masked when it was assembled; masking again here keeps
        # every exported string under the same hook, whatever assembled it.
        record = masker.value(record, *documents)
        out.records.append(record)
        out.incidents.append({
            "id": inc.id, "summary": record["summary"], "trade": record["trade"],
            "organs": _JOIN.join(record["organs"]), "countries": _JOIN.join(record["countries"]),
            "year": "" if inc.year is None else inc.year, "evidence": record["evidence"],
            "victim_count": record["victim_count"], "sources": _JOIN.join(record["sources"])})
        if shareable:
            record["sharing"] = sharing.NOTICE
        for a in record["actors"]:
            out.actors.append({"incident_id": inc.id, "actor_id": a["id"], "name": a["name"],
                               "type": a["type"], "role": a["role"], "status": a["status"]})
        for leg in record["route_legs"]:
            out.route_legs.append({"incident_id": inc.id, "from": leg["from"], "to": leg["to"]})
        for f in sorted(inc.facts, key=lambda f: (f.document_id, f.start or -1, f.prop,
                                                  f.statement_id)):
            if f.document_id not in texts:
                stored = store.document(f.document_id)
                texts[f.document_id] = str(stored["text"] or "") if stored is not None else ""
            text = texts[f.document_id]
            said = masker.text(sentence_around(text, f.start, f.end), f.document_id)
            if f.prop == "money" and isinstance(f.data, dict):
                what = str(f.data.get("what", ""))
                out.money.append(masker.value({
                    "incident_id": inc.id, "amount": f.data.get("amount", ""),
                    "currency": f.data.get("currency", ""), "what": what,
                    "payer": _party(inc, text, f, PAYER_ROLES.get(what)),
                    "beneficiary": _party(inc, text, f, BENEFICIARY_ROLES.get(what)),
                    "sentence": said, "statement_id": f.statement_id,
                    "document_id": f.document_id}, f.document_id))
            value: Any = f.value
            if shareable and f.prop in sharing.COUNT_PROPS:
                # The sentence states the number the value holds.
                value, said = sharing.shown_text(f.value), ""
            out.statements.append({
                "incident_id": inc.id, "statement_id": f.statement_id, "prop": f.prop,
                "value": value, "status": f.status, "document_id": f.document_id,
                "sentence": said, "source_url": source(f.document_id, "")})
    return out


# -- writers ----------------------------------------------------------------------------
def _csv_bytes(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: inert("" if row.get(k) is None else row.get(k)) for k in columns})
    return buf.getvalue().encode("utf-8")


def _columns(t: Tables, name: str) -> list[str]:
    rows = getattr(t, name)
    if rows:
        return list(rows[0])
    return {"incidents": ["id", "summary", "trade", "organs", "countries", "year", "evidence",
                          "victim_count", "sources"],
            "actors": ["incident_id", "actor_id", "name", "type", "role", "status"],
            "money": ["incident_id", "amount", "currency", "what", "payer", "beneficiary",
                      "sentence", "statement_id", "document_id"],
            "route_legs": ["incident_id", "from", "to"],
            "statements": ["incident_id", "statement_id", "prop", "value", "status",
                           "document_id", "sentence", "source_url"]}[name]


def _metadata_rows(t: Tables) -> list[dict[str, Any]]:
    return [{"key": k, "value": v} for k, v in sharing.NOTICE.items()] if t.shareable else []


def write_csv(t: Tables, path: Path) -> None:
    files = {f"{name}.csv": _csv_bytes(getattr(t, name), _columns(t, name)) for name in TABLES}
    if t.shareable:
        files["metadata.csv"] = _csv_bytes(_metadata_rows(t), ["key", "value"])
    if path.suffix.lower() == ".zip":
        _write_zip(path, files)
        return
    path.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (path / name).write_bytes(data)


def _write_zip(path: Path, files: dict[str, bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name])


_MODIFIED = re.compile(rb"<dcterms:(modified|created)([^>]*)>[^<]*</dcterms:\1>")


def write_xlsx(t: Tables, path: Path) -> None:
    from openpyxl import Workbook

    # Write-only: rows stream to the file instead of a cell object each (at 100,000
    # statements the full workbook took 15 times the tables' time and half a gigabyte).
    wb = Workbook(write_only=True)
    sheets = [(name, _columns(t, name), getattr(t, name)) for name in TABLES]
    if t.shareable:
        sheets.append(("metadata", ["key", "value"], _metadata_rows(t)))
    for name, columns, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append(columns)
        for row in rows:
            # Plain strings: openpyxl would store "=..." as a formula; `inert` prevents it.
            ws.append([inert("" if row.get(k) is None else row.get(k)) for k in columns])
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the save time in docProps/core.xml and on every zip entry. Entries
    # are copied one at a time: the statements sheet's XML is the bulk of the memory.
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        names = src.namelist()
        # [Content_Types].xml first, as Office expects; the rest in openpyxl's order.
        for name in sorted(names, key=lambda n: n != "[Content_Types].xml"):
            data = src.read(name)
            if name == "docProps/core.xml":
                data = _MODIFIED.sub(rb"<dcterms:\1\2>1980-01-01T00:00:00Z</dcterms:\1>", data)
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def _lonlat(lat: float, lon: float) -> list[float]:
    return [round(lon, 5), round(lat, 5)]


def geojson(t: Tables) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    for rec in t.records:
        placed = False
        for name in rec["places"]:
            pt = place_point(name, rec["countries"])
            if pt is not None and pt.precision == "place":
                placed = True
                features.append(_point(rec, pt.lat, pt.lon, "place", pt.label, pt.country))
        if not placed:
            for code in rec["countries"]:
                cp = country_point(code)
                if cp is not None:
                    features.append(_point(rec, cp.lat, cp.lon, "country", cp.label, code))
    legs: Counter[tuple[str, str]] = Counter()
    by_leg: dict[tuple[str, str], list[str]] = {}
    victims: Counter[tuple[str, str]] = Counter()
    for rec in t.records:
        for leg in rec["route_legs"]:
            key = (leg["from"], leg["to"])
            legs[key] += 1
            by_leg.setdefault(key, []).append(rec["id"])
            victims[key] += t.victims.get(rec["id"]) or 0
    for (a, b), n in sorted(legs.items()):
        pa, pb = country_point(a), country_point(b)
        if pa is None or pb is None:
            continue
        features.append({"type": "Feature", "geometry": {
            "type": "LineString", "coordinates": [_lonlat(pa.lat, pa.lon), _lonlat(pb.lat, pb.lon)]},
            "properties": {"kind": "route_leg", "from": a, "to": b, "direction": f"{a}->{b}",
                           "incidents": n, "incident_ids": sorted(by_leg[(a, b)]),
                           # Victims the leg's incidents report (those that give a count).
                           "victims": t.count(victims[(a, b)])}})
    out: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if t.shareable:
        out["metadata"] = dict(sharing.NOTICE)  # a foreign member (RFC 7946, 6.1)
    return out


def _point(rec: dict[str, Any], lat: float, lon: float, precision: str, label: str,
           country: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(lat, lon)},
            "properties": {"kind": "incident", "incident_id": rec["id"], "trade": rec["trade"],
                           "evidence": rec["evidence"], "year": rec["year"],
                           "victim_count": rec["victim_count"], "precision": precision, "label": label, "country": country}}


def network(t: Tables) -> Any:
    """Actors and incidents as nodes; an edge per actor in an incident, with its role and
    legal status, weighted by how many times the incident names the actor in that role."""
    import networkx as nx

    g = nx.Graph()
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in t.records:
        nodes[rec["id"]] = {"label": rec["summary"][:80] or rec["id"], "kind": "incident",
                            "trade": rec["trade"], "evidence": rec["evidence"],
                            "year": "" if rec["year"] is None else str(rec["year"]),
                            "victim_count": "" if rec["victim_count"] is None
                            else str(rec["victim_count"])}
        for a in rec["actors"]:
            node = nodes.setdefault(a["id"], {"label": a["name"], "kind": "actor",
                                              "type": a["type"], "roles": set()})
            node["roles"].add(a["role"])
            edge = edges.setdefault((a["id"], rec["id"]), {"roles": set(), "statuses": set(),
                                                            "evidence": rec["evidence"],
                                                            "weight": 0})
            edge["roles"].add(a["role"])
            edge["statuses"].add(a["status"])
            edge["weight"] += 1
    for key in sorted(nodes):
        g.add_node(key, **{k: _JOIN.join(sorted(v)) if isinstance(v, set) else v
                           for k, v in nodes[key].items()})
    for a, b in sorted(edges):
        e = edges[(a, b)]
        g.add_edge(a, b, role=_JOIN.join(sorted(e["roles"])),
                   status=_JOIN.join(sorted(e["statuses"])), evidence=e["evidence"],
                   weight=float(e["weight"]))
    return g


_GEXF_DATE = re.compile(rb' lastmodifieddate="[^"]*"')


def write_network(t: Tables, path: Path, fmt: str) -> None:
    import networkx as nx

    g = network(t)
    buf = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(g, buf)
        data = _GEXF_DATE.sub(b"", buf.getvalue())  # today's date, not the data's
        if t.shareable:  # GEXF's <meta> holds a description; networkx writes none
            note = html.escape(sharing.NOTICE["sharing"]).encode()
            data = data.replace(b"</creator>", b"</creator><description>" + note
                                + b"</description>", 1)
    else:
        if t.shareable:
            g.graph.update(sharing.NOTICE)  # graph-level <data> keys
        nx.write_graphml(g, buf)
        data = buf.getvalue()
    path.write_bytes(data)


def write_jsonl(t: Tables, path: Path) -> None:
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in t.records]
    path.write_text("".join(lines), encoding="utf-8")


@dataclass(frozen=True)
class Exported:
    path: Path
    format: str
    counts: dict[str, int]


def export(store: Store, fmt: str, path: Path, filters: Filters | None = None,
           who: str = "cli", *, shareable: bool = False, index: IncidentIndex | None = None,
           described: dict[str, Any] | None = None, destination: str | None = None,
           ip: str | None = None) -> Exported:
    """Write the export, then record it in the audit log. `described`: the filters as the
    user gave them, and `destination` where the file went (default: `path`), for the log."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}")
    filters = filters or Filters()
    if described is None:
        described = filters.described()
    t = tables(store, filters, index=index, shareable=shareable)
    if fmt != "csv":
        path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        write_csv(t, path)
    elif fmt == "xlsx":
        write_xlsx(t, path)
    elif fmt == "geojson":
        path.write_text(json.dumps(geojson(t), ensure_ascii=False, sort_keys=True, indent=1)
                        + "\n", encoding="utf-8")
    elif fmt in ("gexf", "graphml"):
        write_network(t, path, fmt)
    elif fmt == "ftm":
        from ratline.export_ftm import write_ftm

        write_ftm(t, path)
    else:
        write_jsonl(t, path)
    counts = t.counts()
    audit.record(store, who, "export", f"export:{fmt}",
                 after={"format": fmt, "path": destination or str(path), "filters": described,
                        "shareable": shareable, "rows": counts}, ip=ip)
    return Exported(path, fmt, counts)

