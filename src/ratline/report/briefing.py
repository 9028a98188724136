"""`ratline report`: a briefing on the selected incidents, as one self-contained HTML file
(images inline as data: URIs) or a PDF (WeasyPrint).

It holds a map, the actor network and a timeline chart (static images, drawn offline),
the table of reported prices, the route flows, and the incidents, where every fact is
cited to its sentence and the source's address. Every text passes through the masker
with the victims' names of the documents it came from, evidence levels are worded as
the sources state them (an allegation reads "Allegation (unproven)"), and each report
is written to the audit log as an export.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ratline import masking
from ratline.analyze.citations import Citer
from ratline.analyze.incidents import Fact, Filters, Incident, build_index, evidence_rank
from ratline.analyze.network import network_data
from ratline.analyze.places import country_label
from ratline.analyze.prices import UNCONVERTED, money_text, shown_rows
from ratline.analyze.routes import map_data, route_flows
from ratline.analyze.timeline import timeline
from ratline.report import charts
from ratline.store import Store, audit
from ratline.web.views import evidence_label, legal_label

FORMATS = ("html", "pdf")
# The facts an incident lists, in this order; the summary is its title already.
FACT_ORDER = ("trade", "organ", "year", "evidence", "country", "place", "route", "actor",
              "person_status", "activity", "victim_count", "victim_kind", "victim_deaths",
              "money")
MAX_INCIDENTS = 200


class ReportError(ValueError):
    """Bad report input (format, path): one line for the user."""


@dataclass(frozen=True)
class Reported:
    path: Path
    format: str
    counts: dict[str, int]


def report_format(path: Path, fmt: str | None = None) -> str:
    fmt = fmt or path.suffix.lower().lstrip(".")
    if fmt == "htm":
        fmt = "html"
    if fmt not in FORMATS:
        raise ReportError(f"the report is html or pdf: name the file .html or .pdf, not {path.name!r}")
    return fmt


def fact_text(f: Fact) -> str:
    """A fact as a person reads it; levels and legal statuses in their stated wording."""
    d = f.data if isinstance(f.data, dict) else {}
    if f.prop == "actor" and d:
        return f"{d.get('name', '')} ({str(d.get('role') or 'other').replace('_', ' ')})"
    if f.prop == "person_status" and d:
        return f"{d.get('name', '')}: {legal_label(str(d.get('status') or ''))}"
    if f.prop == "route" and d:
        return f"{country_label(str(d.get('country', '')))} ({d.get('role') or 'unknown'})"
    if f.prop == "money" and d:
        what = str(d.get("what") or "other").replace("_", " ")
        amount = d.get("amount", "")
        if isinstance(amount, (int, float)) and not isinstance(amount, bool):
            amount = money_text(float(amount))
        return f"{amount} {d.get('currency', '')} ({what})"
    if f.prop == "country":
        return country_label(f.value)
    if f.prop == "evidence":
        return evidence_label(f.value)
    return f.value


def _incident(inc: Incident, citer: Citer, masker: masking.Masker) -> dict[str, Any]:
    sources = {d: i + 1 for i, d in enumerate(inc.documents)}
    # Facts grouped under the sentence that states them, in reading order: one quotation
    # per sentence, with every fact it supports.
    said: dict[tuple[str, str], dict[str, Any]] = {}
    order = {p: i for i, p in enumerate(FACT_ORDER)}
    for f in sorted((f for f in inc.facts if f.prop in order),
                    key=lambda f: (sources[f.document_id], f.start if f.start is not None
                                   else 10**9, order[f.prop])):
        cited = citer.cite(f)
        group = said.setdefault((f.document_id, cited.sentence), {
            "sentence": cited.sentence, "source": sources[f.document_id], "url": cited.url,
            "facts": []})
        shown = {"prop": f.prop.replace("_", " "), "text": fact_text(f),
                 "reviewed": f.status != "machine"}
        if shown not in group["facts"]:
            group["facts"].append(shown)
    for group in said.values():
        group["facts"].sort(key=lambda x: order[x["prop"].replace(" ", "_")])
    entry = {
        "id": inc.id, "title": inc.title, "trade": inc.trade or "unknown", "year": inc.year,
        "evidence": inc.evidence, "evidence_label": evidence_label(inc.evidence),
        "countries": [country_label(c) for c in inc.countries],
        "actors": [{"name": a.name, "role": a.role.replace("_", " "), "role_code": a.role,
                    "status": legal_label(a.status), "status_code": a.status}
                   for a in inc.actors],
        "documents": list(inc.documents),
        "sources": [{"n": n, **asdict(citer.source(d)),
                     "evidence": evidence_label(inc.evidence_by_document.get(d))}
                    for d, n in sources.items()],
        "said": list(said.values()),
    }
    # Facts were masked when the incident was assembled; this pass keeps every string
    # of the report under the same hook, whatever assembled it.
    out: dict[str, Any] = masker.value(entry, *inc.documents)
    return out


def _described(filters: Filters) -> dict[str, Any]:
    return {k: v for k, v in asdict(filters).items() if v is not None and k != "documents"}


def briefing(store: Store, filters: Filters, max_incidents: int = MAX_INCIDENTS) -> dict[str, Any]:
    """Everything the briefing shows, masked, with its images as data: URIs."""
    index = build_index(store)
    chosen = index.select(filters)
    masker = index.masker
    citer = Citer(store, masker)
    prices = shown_rows(chosen, citer)
    flows = route_flows(chosen)
    for f in flows:
        f["evidence_label"] = evidence_label(f["evidence"])
        strongest_inc = index.incidents.get(f["strongest_incident"])
        f["strongest_title"] = strongest_inc.title if strongest_inc else f["strongest_incident"]
    net = network_data(chosen, max_nodes=300)
    tl = timeline(chosen)
    listed = sorted(chosen, key=lambda i: (-evidence_rank(i.evidence), -(i.year or 0), i.id))
    return {
        "made": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "filters": _described(filters),
        "total": len(chosen),
        "images": {"map": charts.data_uri(charts.map_image(map_data(chosen))),
                   "network": charts.data_uri(charts.network_image(net)),
                   "timeline": charts.data_uri(charts.timeline_image(tl))},
        "network": {"nodes": len(net["nodes"]), "edges": len(net["edges"])},
        "timeline": tl,
        "prices": prices, "unconverted": UNCONVERTED,
        "flows": flows,
        "incidents": [_incident(i, citer, masker) for i in listed[:max_incidents]],
        "truncated": max(0, len(listed) - max_incidents),
    }


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("ratline.report", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals["evidence_label"] = evidence_label
    return env


def render_html(context: dict[str, Any]) -> str:
    return _environment().get_template("briefing.html").render(**context)


def write_pdf(html: str, path: Path) -> None:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the pango system library is missing
        raise ReportError(f"PDF needs WeasyPrint and its pango library: {exc}") from exc
    HTML(string=html).write_pdf(str(path))


def write_report(store: Store, path: Path, filters: Filters | None = None, who: str = "cli",
                 fmt: str | None = None, max_incidents: int = MAX_INCIDENTS) -> Reported:
    """Write the briefing, then record it in the audit log."""
    fmt = report_format(path, fmt)
    filters = filters or Filters()
    context = briefing(store, filters, max_incidents)
    html = render_html(context)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        write_pdf(html, path)
    else:
        path.write_text(html, encoding="utf-8")
    counts = {"incidents": context["total"], "listed": len(context["incidents"]),
              "prices": len(context["prices"]), "flows": len(context["flows"])}
    audit.record(store, who, "export", f"report:{fmt}",
                 after={"format": fmt, "path": str(path), "filters": context["filters"],
                        "rows": counts})
    return Reported(path, fmt, counts)
