"""`ratline export`: the store's incidents as files other tools open.

Formats: csv (a folder, or a zip when the path ends in .zip, of flat tables), xlsx (the
same tables as sheets), geojson (incident points and route legs, RFC 7946), gexf and
graphml (actors and incidents as a network), jsonl (one incident a line).

Every record is masked before it is written, with the victims' names of the documents
it came from (`Masker.value`, the call `masking.shown` makes, with the masker loaded once
for the whole store). Exports are reproducible: everything is sorted and no timestamp is
written into the data or the archive entries, so the same store gives the same bytes.
Each export is written to the audit log with who made it, the filters and row counts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ratline import masking
from ratline.analyze.incidents import Filters, Incident, build_index, evidence_rank
from ratline.analyze.places import country_point, place_point
from ratline.analyze.routes import route_legs
from ratline.store import Store, audit, resolution
from ratline.unwrap import soft_breaks_near

FORMATS = ("csv", "xlsx", "geojson", "gexf", "graphml", "jsonl")
TABLES = ("incidents", "actors", "money", "route_legs", "statements")
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The fixed time stamped on archive entries (zip, xlsx) so equal stores give equal bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)
_JOIN = ";"


class ExportError(ValueError):
    """Bad export input (format, filter value): one line for the user."""


@dataclass(frozen=True)
class ExportFilters:
    trade: str | None = None
    country: str | None = None
    min_evidence: str | None = None


@dataclass
class Tables:
    """Flat rows per table, masked and sorted; what every format is written from."""

    incidents: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    money: list[dict[str, Any]]
    route_legs: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    records: list[dict[str, Any]]  # one nested record per incident (jsonl, networks, maps)

    def counts(self) -> dict[str, int]:
        return {t: len(getattr(self, t)) for t in TABLES}


def inert(value: Any) -> Any:
    """A text a spreadsheet would run as a formula, made plain text with a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_STOPS = (". ", "! ", "? ")
_REACH = 320


def _hard_break(text: str, start: int, soft: frozenset[int]) -> int:
    """The last line break before `start` that is not inside a wrapped paragraph."""
    i = text.rfind("\n", 0, start)
    while i in soft:
        i = text.rfind("\n", 0, i)
    return i


def _sentence(text: str, start: int | None, end: int | None) -> str:
    """The sentence around a statement's span (the text between sentence stops)."""
    if start is None or end is None or not text:
        return ""
    # A line break of hard-wrapped text (PDF, e-mail) goes on with the sentence.
    soft = soft_breaks_near(text, start, end, _REACH)
    left = max(_hard_break(text, start, soft), *(text.rfind(c, 0, start) for c in _STOPS))
    stops = [i for i in (text.find(c, end) for c in _STOPS) if i >= 0]
    newline = text.find("\n", end)
    while newline in soft:
        newline = text.find("\n", newline + 1)
    stops += [newline] if newline >= 0 else []
    right = min(stops) + 1 if stops else len(text)
    return " ".join(text[left + 1:right].split())


def _select(store: Store, filters: ExportFilters) -> tuple[list[Incident], masking.Masker]:
    if filters.min_evidence and evidence_rank(filters.min_evidence) < 0:
        raise ExportError(f"unknown evidence level {filters.min_evidence!r}")
    index = build_index(store)
    chosen = index.select(Filters(trade=filters.trade, country=filters.country,
                                  min_evidence=filters.min_evidence))
    return sorted(chosen, key=lambda i: i.id), index.masker


def tables(store: Store, filters: ExportFilters | None = None) -> Tables:
    incidents, masker = _select(store, filters or ExportFilters())
    docs = resolution.documents_by_id(store, {d for i in incidents for d in i.documents})
    texts: dict[str, str] = {}
    out = Tables([], [], [], [], [], [])
    for inc in incidents:
        documents = sorted(inc.documents)
        sources = [masker.source(str(docs.get(d, {}).get("url") or docs.get(d, {}).get("source")
                                     or d), d) for d in documents]
        legs = route_legs(inc)
        actors = sorted({(a.actor_id, a.name, a.type, a.role, a.status) for a in inc.actors})
        record = {
            "id": inc.id, "summary": inc.summary or "", "trade": inc.trade or "",
            "organs": sorted(inc.organs), "countries": sorted(inc.countries),
            "places": sorted(inc.places), "year": inc.year, "evidence": inc.evidence or "",
            "victim_count": inc.victim_count, "documents": documents, "sources": sources,
            "route": [{"country": c, "role": r} for c, r in sorted(inc.route)],
            "route_legs": [{"from": a, "to": b} for a, b in sorted(legs)],
            "actors": [{"id": i, "name": n, "type": t, "role": r, "status": s}
                       for i, n, t, r, s in actors],
        }
        # The incident's facts were masked when it was assembled; masking again here keeps
        # every exported string under the same hook, whatever assembled it.
        record = masker.value(record, *documents)
        out.records.append(record)
        out.incidents.append({
            "id": inc.id, "summary": record["summary"], "trade": record["trade"],
            "organs": _JOIN.join(record["organs"]), "countries": _JOIN.join(record["countries"]),
            "year": "" if inc.year is None else inc.year, "evidence": record["evidence"],
            "sources": _JOIN.join(record["sources"])})
        for a in record["actors"]:
            out.actors.append({"incident_id": inc.id, "actor_id": a["id"], "name": a["name"],
                               "type": a["type"], "role": a["role"], "status": a["status"]})
        for leg in record["route_legs"]:
            out.route_legs.append({"incident_id": inc.id, "from": leg["from"], "to": leg["to"]})
        for f in sorted(inc.facts, key=lambda f: (f.document_id, f.start or -1, f.prop,
                                                  f.statement_id)):
            if f.prop == "money" and isinstance(f.data, dict):
                out.money.append(masker.value({
                    "incident_id": inc.id, "amount": f.data.get("amount", ""),
                    "currency": f.data.get("currency", ""), "what": f.data.get("what", ""),
                    "statement_id": f.statement_id, "document_id": f.document_id},
                    f.document_id))
            if f.document_id not in texts:
                row = store.document(f.document_id)
                texts[f.document_id] = str(row["text"] or "") if row is not None else ""
            out.statements.append({
                "incident_id": inc.id, "statement_id": f.statement_id, "prop": f.prop,
                "value": f.value, "status": f.status, "document_id": f.document_id,
                "sentence": masker.text(_sentence(texts[f.document_id], f.start, f.end),
                                        f.document_id),
                "source_url": masker.source(str(docs.get(f.document_id, {}).get("url")
                                                or docs.get(f.document_id, {}).get("source")
                                                or ""), f.document_id)})
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
                          "sources"],
            "actors": ["incident_id", "actor_id", "name", "type", "role", "status"],
            "money": ["incident_id", "amount", "currency", "what", "statement_id", "document_id"],
            "route_legs": ["incident_id", "from", "to"],
            "statements": ["incident_id", "statement_id", "prop", "value", "status",
                           "document_id", "sentence", "source_url"]}[name]


def write_csv(t: Tables, path: Path) -> None:
    files = {f"{name}.csv": _csv_bytes(getattr(t, name), _columns(t, name)) for name in TABLES}
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

    wb = Workbook()
    wb.remove(wb.active)
    for name in TABLES:
        ws = wb.create_sheet(name)
        columns = _columns(t, name)
        ws.append(columns)
        for row in getattr(t, name):
            # Plain strings: openpyxl would store "=..." as a formula; `inert` prevents it.
            ws.append([inert("" if row.get(k) is None else row.get(k)) for k in columns])
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the save time in docProps/core.xml and on every zip entry.
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["docProps/core.xml"] = _MODIFIED.sub(
        rb"<dcterms:\1\2>1980-01-01T00:00:00Z</dcterms:\1>", files["docProps/core.xml"])
    # [Content_Types].xml first, as Office expects; the rest in openpyxl's order.
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in files:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name])


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
    for rec in t.records:
        for leg in rec["route_legs"]:
            key = (leg["from"], leg["to"])
            legs[key] += 1
            by_leg.setdefault(key, []).append(rec["id"])
    for (a, b), n in sorted(legs.items()):
        pa, pb = country_point(a), country_point(b)
        if pa is None or pb is None:
            continue
        features.append({"type": "Feature", "geometry": {
            "type": "LineString", "coordinates": [_lonlat(pa.lat, pa.lon), _lonlat(pb.lat, pb.lon)]},
            "properties": {"kind": "route_leg", "from": a, "to": b, "direction": f"{a}->{b}",
                           "incidents": n, "incident_ids": sorted(by_leg[(a, b)])}})
    return {"type": "FeatureCollection", "features": features}


def _point(rec: dict[str, Any], lat: float, lon: float, precision: str, label: str,
           country: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(lat, lon)},
            "properties": {"kind": "incident", "incident_id": rec["id"], "trade": rec["trade"],
                           "evidence": rec["evidence"], "year": rec["year"],
                           "precision": precision, "label": label, "country": country}}


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
                            "year": "" if rec["year"] is None else str(rec["year"])}
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
    else:
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


def export(store: Store, fmt: str, path: Path, filters: ExportFilters | None = None,
           who: str = "cli") -> Exported:
    """Write the export, then record it in the audit log."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}")
    filters = filters or ExportFilters()
    t = tables(store, filters)
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
    else:
        write_jsonl(t, path)
    counts = t.counts()
    audit.record(store, who, "export", f"export:{fmt}",
                 after={"format": fmt, "path": str(path), "filters": asdict(filters),
                        "rows": counts})
    return Exported(path, fmt, counts)

