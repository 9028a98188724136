"""Each layer as a function: what it shows about one case.

A layer function takes a `World` (a store with its web client) and a `Case` and returns
a `Shown`: every text the layer shows about the case, the roles and legal statuses it
gives people, the evidence levels it gives the case's incidents, and where a search for
a victim's real name found the case's document. The checks in `test_ethics.py` run over
`LAYERS`; an export layer is one more function appended there.
"""

from __future__ import annotations

import html
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ethics.cases import Case
from ratline import render
from ratline.cli import cli
from ratline.store import resolution


@dataclass
class Shown:
    texts: list[tuple[str, str]] = field(default_factory=list)  # (where, what is shown)
    roles: list[tuple[str, str, str]] = field(default_factory=list)  # (where, name, role)
    statuses: list[tuple[str, str, str]] = field(default_factory=list)  # (where, name, status)
    levels: list[tuple[str, str]] = field(default_factory=list)  # (where, evidence level)
    found_by_victim_name: list[str] = field(default_factory=list)  # where

    def text(self, where: str, value: Any) -> None:
        """Record what was shown; JSON (and JSON lines) as the strings it holds, since
        escapes such as \\u0002 before a name would hide it from a word search."""
        self.texts.append((where, "\n".join(_strings(_parsed(value)))))


def _parsed(value: Any) -> Any:
    if not isinstance(value, str) or value[:1] not in "{[":
        return value
    try:
        return json.loads(value)
    except ValueError:
        pass
    try:
        return [json.loads(line) for line in value.splitlines() if line.strip()]
    except ValueError:
        return value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        parsed = _parsed(value)
        if parsed is value:
            yield value
        else:
            yield from _strings(parsed)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
    elif value is not None:
        yield str(value)


Layer = Callable[[Any, Case], Shown]


def _subjects(world: Any, doc: str) -> list[str]:
    return sorted({s["subject"] for s in world.store.statements(document_id=doc)
                   if s["subject"].startswith("incident:")})


def _json_value(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def victim_queries(case: Case) -> list[str]:
    """What someone who knows a victim would type: the full name, and the surname."""
    out = []
    for name in case.victims:
        out += [name, name.split()[-1]]
    return out


# -- store ------------------------------------------------------------------------------
def store_statements(world: Any, case: Case) -> Shown:
    """What the store holds about the case: its statements and the resolved clusters that
    came from its document (the document text itself is the source, kept as it is)."""
    shown = Shown()
    doc = world.documents[case.key]
    text = world.store.document(doc)["text"]
    for s in world.store.statements(document_id=doc):
        where = f"statement {s['prop']}"
        shown.text(where, s["value"])
        if s["original_value"]:
            shown.text(where, s["original_value"])
        data = _json_value(s["value"])
        name = str(data.get("name", "")) if isinstance(data, dict) else ""
        # The name as written at the statement's span tells whom it is about.
        label = f"{name} / {text[s['start']:s['end']]}" if s["start"] is not None else name
        if s["prop"] == "actor" and isinstance(data, dict):
            shown.roles.append((where, label, str(data.get("role"))))
        elif s["prop"] == "person_status" and isinstance(data, dict):
            shown.statuses.append((where, label, str(data.get("status"))))
        elif s["prop"] == "evidence":
            shown.levels.append((where, s["value"]))
    for kind in ("incident", "actor"):
        for row in resolution.clusters(world.store, kind):
            docs = set(row.get("documents") or row.get("sources") or [])
            if doc in docs:
                shown.text(f"{kind} cluster", row)
                for claim in row.get("claims") or []:
                    if claim.get("document_id") == doc:
                        shown.levels.append((f"{kind} cluster claim", str(claim.get("evidence"))))
                        if claim.get("outcome"):
                            shown.statuses.append(("incident cluster outcome", "(case)",
                                                   str(claim["outcome"])))
    return shown


def store_search(world: Any, case: Case) -> Shown:
    """`Store.search`, which every layer's search goes through."""
    shown = Shown()
    doc = world.documents[case.key]
    for word in case.words:
        for hit in world.store.search(word, limit=50):
            shown.text(f"store search {word!r}", hit)
    for q in victim_queries(case):
        if any(hit["id"] == doc for hit in world.store.search(q, limit=50)):
            shown.found_by_victim_name.append(f"store search {q!r}")
    return shown


# -- web pages --------------------------------------------------------------------------
_ACTOR_LINK = re.compile(r'href="/actors/([^"]+)"')
_INCIDENT_ACTOR = re.compile(
    r'<li><a href="/actors/[^"]*">([^<]*)</a> <span class="muted">[^<]*, ([a-z_]+)</span> '
    r'<span class="legal legal-([a-z_]+)">')
_ACTOR_ROW = re.compile(r'<td>([a-z_]+)</td><td><span class="legal legal-([a-z_]+)">')
_BADGE = re.compile(r'class="badge ev-([a-z_]+)"')
_H1 = re.compile(r"<h1>([^<]*)</h1>")


def _page(world: Any, shown: Shown, url: str) -> str:
    r = world.client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    body = html.unescape(r.text)
    shown.text(f"page {url}", body)
    return r.text


def web(world: Any, case: Case) -> Shown:
    """Pages: documents list, search, document, incident list and pages, actors list and
    pages, timeline, reported prices and the review queue of the document."""
    shown = Shown()
    doc = world.documents[case.key]
    for url in ("/documents", f"/documents/{doc}", "/incidents", "/actors", "/timeline",
                "/prices", f"/review?document={doc}"):
        _page(world, shown, url)
    for word in case.words:
        _page(world, shown, f"/documents?q={word}")
    r = world.admin.get("/admin/audit")
    assert r.status_code == 200
    shown.text("page /admin/audit", html.unescape(r.text))
    actors: set[str] = set()
    incident_ids = set()
    for subject in _subjects(world, doc):
        page = _page(world, shown, f"/incidents/{subject}")
        incident_ids.add(world.client.get(f"/api/incidents/{subject}").json()["id"])
        where = f"page /incidents/{subject}"
        for name, role, status in _INCIDENT_ACTOR.findall(page):
            shown.roles.append((where, html.unescape(name), role))
            shown.statuses.append((where, html.unescape(name), status))
        shown.levels += [(where, lv) for lv in _BADGE.findall(page)]
        actors.update(_ACTOR_LINK.findall(page))
    for actor in sorted(actors):
        page = _page(world, shown, f"/actors/{actor}")
        heading = _H1.search(page)
        assert heading, f"/actors/{actor} has no heading"
        name = html.unescape(heading.group(1))
        for role, status in _ACTOR_ROW.findall(page):
            shown.roles.append((f"page /actors/{actor}", name, role))
            shown.statuses.append((f"page /actors/{actor}", name, status))
    for q in victim_queries(case):
        # The search pages echo what was typed; only what they found counts.
        if f'href="/documents/{doc}"' in world.client.get("/documents", params={"q": q}).text:
            shown.found_by_victim_name.append(f"page /documents?q={q}")
        for param in ("q", "actor"):
            listed = world.client.get("/incidents", params={param: q}).text
            if any(f'href="/incidents/{i}"' in listed for i in incident_ids):
                shown.found_by_victim_name.append(f"page /incidents?{param}={q}")
    return shown


# -- JSON API ---------------------------------------------------------------------------
def _get(world: Any, shown: Shown, url: str, **params: Any) -> Any:
    r = world.client.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code)
    shown.text(f"api {url} {params or ''}".strip(), r.text)
    return r.json()


def api(world: Any, case: Case) -> Shown:
    """Every JSON endpoint that shows documents, incidents or actors."""
    shown = Shown()
    doc = world.documents[case.key]
    _get(world, shown, "/api/documents", limit=500)
    detail = _get(world, shown, f"/api/documents/{doc}")
    for s in detail["statements"]:
        if s["prop"] == "evidence":
            shown.levels.append(("api document statement", s["value"]))
    for url in ("/api/incidents", "/api/actors"):
        _get(world, shown, url, limit=500)
    for url in ("/api/network", "/api/map", "/api/timeline", "/api/stats", "/api/prices",
                "/api/routes"):
        _get(world, shown, url)
    queue = _get(world, shown, "/api/review", document=doc, limit=500)
    shown.levels += [("api /api/review", s["value"]) for s in queue["statements"]
                     if s["prop"] == "evidence"]
    _get(world, shown, "/api/network", min_link_evidence="arrest")
    if case.key in world.reviews:
        shown.text("api POST /api/statements/…/review", world.reviews[case.key])
    for word in case.words:
        _get(world, shown, "/api/incidents", q=word, limit=500)
    actors: set[str] = set()
    for subject in _subjects(world, doc):
        inc = _get(world, shown, f"/api/incidents/{subject}")
        where = f"api /api/incidents/{subject}"
        shown.levels.append((where, str(inc["evidence"])))
        shown.levels += [(where, str(s["evidence"])) for s in inc["sources"] if s["id"] == doc]
        shown.levels += [(where, f["value"]) for f in inc["facts"] if f["prop"] == "evidence"]
        for a in inc["actors"]:
            shown.roles.append((where, a["name"], a["role"]))
            shown.statuses.append((where, a["name"], a["status"]))
            actors.add(a["id"])
    for subject in _subjects(world, doc):
        # Why the reports are linked, and the near-links: names compared are masked.
        _get(world, shown, f"/api/incidents/{subject}/links")
    for actor in sorted(actors):
        _refused_renames(world, shown, actor, case)
        a = _get(world, shown, f"/api/actors/{actor}")
        shown.roles += [(f"api /api/actors/{actor}", a["name"], r) for r in a["roles"]]
        shown.statuses.append((f"api /api/actors/{actor}", a["name"], a["status"]))
        _get(world, shown, f"/api/actors/{actor}/links")
    for q in victim_queries(case):
        for param in ("q", "actor"):
            found = world.client.get("/api/incidents", params={param: q, "limit": 500}).json()
            if any(d["id"] == doc for i in found["incidents"] for d in i["documents"]):
                shown.found_by_victim_name.append(f"api /api/incidents?{param}={q}")
    return shown


def _refused_renames(world: Any, shown: Shown, actor: str, case: Case) -> None:
    """An analyst renaming one of the case's actors to a victim's name, or renaming a victim
    (a pseudonymised actor) at all, is refused, and the refusal does not echo the name."""
    current = world.client.get(f"/api/actors/{actor}").json()["name"]
    for q in victim_queries(case):
        r = world.client.post(f"/api/actors/{actor}/rename", json={"name": q})
        assert r.status_code in (400, 403), (actor, q, r.status_code, r.text)
        shown.text(f"api POST /api/actors/{actor}/rename", r.text)
    if current.startswith("Victim-"):
        r = world.client.post(f"/api/actors/{actor}/rename", json={"name": "Someone Else"})
        assert r.status_code == 403, (actor, r.text)


# -- command line -----------------------------------------------------------------------
@contextmanager
def _wide_console() -> Iterator[None]:
    """Tables as wide as needed, so no name is folded over two lines."""
    before = render.console.width
    render.console.width = 1000
    try:
        yield
    finally:
        render.console.width = before


def _run(world: Any, shown: Shown | None, *args: str) -> str:
    with _wide_console():
        result = CliRunner().invoke(cli, list(args), env={"RATLINE_DATABASE_URL": world.url},
                                    catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    if shown is not None:
        shown.text("ratline " + " ".join(args), result.output)
    return result.output


def _jsonl(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def cli_commands(world: Any, case: Case) -> Shown:
    """`documents`, `show`, `search`, `incidents`, `actors` in every format, and `summary`."""
    shown = Shown()
    doc = world.documents[case.key]
    for fmt in ("text", "jsonl"):
        _run(world, shown, "documents", "--format", fmt)
        _run(world, shown, "incidents", "--format", fmt)
        _run(world, shown, "actors", "--format", fmt)
        _run(world, shown, "show", doc, "--format", fmt)
        for word in case.words:
            _run(world, shown, "search", word, "--format", fmt)
    _run(world, shown, "summary")
    (one,) = _jsonl(_run(world, None, "show", doc, "--format", "jsonl"))
    for s in one["statements"]:
        data = _json_value(s["value"])
        where = f"ratline show --format jsonl ({s['prop']})"
        if s["prop"] == "actor" and isinstance(data, dict):
            shown.roles.append((where, str(data.get("name")), str(data.get("role"))))
        elif s["prop"] == "person_status" and isinstance(data, dict):
            shown.statuses.append((where, str(data.get("name")), str(data.get("status"))))
        elif s["prop"] == "evidence":
            shown.levels.append((where, s["value"]))
    for row in _jsonl(_run(world, None, "incidents", "--format", "jsonl")):
        if doc in (row.get("sources") or []):
            shown.levels.append(("ratline incidents --format jsonl", str(row.get("evidence"))))
            for a in row.get("actors") or []:
                shown.roles.append(("ratline incidents --format jsonl", a["name"], a["role"]))
                shown.statuses.append(("ratline incidents --format jsonl", a["name"],
                                       a["status"]))
            for claim in row.get("claims") or []:
                if claim.get("outcome"):
                    shown.statuses.append(("ratline incidents --format jsonl", "(case)",
                                           str(claim["outcome"])))
    case_actors = {a["id"] for row in _jsonl(_run(world, None, "incidents", "--format", "jsonl"))
                   if doc in (row.get("sources") or []) for a in row.get("actors") or []}
    for q in victim_queries(case):
        hits = _jsonl(_run(world, None, "search", q, "--format", "jsonl"))
        if any(h["id"] == doc for h in hits):
            shown.found_by_victim_name.append(f"ratline search {q!r}")
        # The actor filter compares the names as shown: a victim's real name is not one.
        rows = _jsonl(_run(world, None, "incidents", "--actor", q, "--format", "jsonl"))
        if any(doc in (row.get("sources") or []) for row in rows):
            shown.found_by_victim_name.append(f"ratline incidents --actor {q!r}")
        rows = _jsonl(_run(world, None, "actors", "--actor", q, "--format", "jsonl"))
        if any(row["id"] in case_actors for row in rows):
            shown.found_by_victim_name.append(f"ratline actors --actor {q!r}")
    return shown


# -- exports ----------------------------------------------------------------------------
EXPORT_FORMATS = ("csv", "xlsx", "geojson", "gexf", "graphml", "jsonl", "ftm")


def _exported(world: Any) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """Every format exported once per store: (where, text) of every file, and the JSON
    lines records."""
    if "exports" not in world.memo:
        import openpyxl

        texts: list[tuple[str, str]] = []
        records: list[dict[str, Any]] = []
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in EXPORT_FORMATS:
                path = Path(tmp) / f"export.{fmt}"
                _run(world, None, "export", "--format", fmt, "-o", str(path))
                where = f"ratline export --format {fmt}"
                if fmt == "csv":
                    for table in sorted(path.iterdir()):
                        texts.append((f"{where} {table.name}", table.read_text("utf-8")))
                elif fmt == "xlsx":
                    book = openpyxl.load_workbook(path)
                    for sheet in book.worksheets:
                        cells = [str(c) for row in sheet.iter_rows(values_only=True)
                                 for c in row if c is not None]
                        texts.append((f"{where} {sheet.title}", "\n".join(cells)))
                else:
                    raw = path.read_text("utf-8")
                    # XML escapes (&apos;) would hide a name from a word search.
                    texts.append((where, html.unescape(raw) if fmt in ("gexf", "graphml")
                                  else raw))
                if fmt == "jsonl":
                    records = _jsonl(path.read_text("utf-8"))
        # The pages' download buttons: the same export code behind the web's index.
        for fmt in ("csv", "jsonl", "ftm", "geojson", "gexf", "graphml"):
            where = f"web /export?format={fmt}"
            r = world.client.get("/export", params={"format": fmt})
            assert r.status_code == 200, r.text
            data = r.content
            if fmt == "csv":
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    texts += [(f"{where} {n}", z.read(n).decode("utf-8")) for n in z.namelist()]
            else:
                raw = data.decode("utf-8")
                texts.append((where, html.unescape(raw) if fmt in ("gexf", "graphml") else raw))
        world.memo["exports"] = (texts, records)
    out: tuple[list[tuple[str, str]], list[dict[str, Any]]] = world.memo["exports"]
    return out


def exports(world: Any, case: Case) -> Shown:
    """`ratline export` in every format and the web's downloads: all the text written, and
    the case's incidents' actors, roles, legal statuses and evidence levels as the JSON
    lines export gives them."""
    shown = Shown()
    doc = world.documents[case.key]
    texts, records = _exported(world)
    for where, text in texts:
        shown.text(where, text)
    for rec in records:
        if doc not in rec.get("documents", []):
            continue
        where = f"ratline export --format jsonl ({rec['id']})"
        shown.levels.append((where, str(rec.get("evidence"))))
        for a in rec["actors"]:
            shown.roles.append((where, a["name"], a["role"]))
            shown.statuses.append((where, a["name"], a["status"]))
    return shown


# -- briefing report ----------------------------------------------------------------------
_REPORT_INCIDENT = re.compile(r'<section class="incident" id="[^"]*" data-documents="([^"]*)">'
                              r"(.*?)</section>", re.DOTALL)
_REPORT_LEVEL = re.compile(r'<span class="level ev-([a-z_]+)">')
_REPORT_ACTOR = re.compile(r'<span class="actor" data-role="([a-z_]+)" '
                           r'data-status="([a-z_]+)">([^<]*)</span>')


def _reported(world: Any) -> tuple[str, str]:
    """`ratline report` once per store: the HTML, and the text of the PDF."""
    if "report" not in world.memo:
        from pypdf import PdfReader

        with tempfile.TemporaryDirectory() as tmp:
            html_path, pdf_path = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
            _run(world, None, "report", "-o", str(html_path))
            _run(world, None, "report", "-o", str(pdf_path))
            pdf_text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf_path).pages)
            world.memo["report"] = (html_path.read_text("utf-8"), pdf_text)
    out: tuple[str, str] = world.memo["report"]
    return out


def report(world: Any, case: Case) -> Shown:
    """`ratline report` as HTML and PDF: all the text, and the case's incidents' evidence
    levels, actors, roles and legal statuses as the report states them."""
    shown = Shown()
    doc = world.documents[case.key]
    page, pdf_text = _reported(world)
    shown.text("ratline report (html)", html.unescape(page))
    shown.text("ratline report (pdf)", pdf_text)
    for docs, body in _REPORT_INCIDENT.findall(page):
        if doc not in docs.split():
            continue
        shown.levels += [("ratline report", lv) for lv in _REPORT_LEVEL.findall(body)]
        for role, status, name in _REPORT_ACTOR.findall(body):
            shown.roles.append(("ratline report", html.unescape(name), role))
            shown.statuses.append(("ratline report", html.unescape(name), status))
    return shown
