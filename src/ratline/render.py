"""Turns store rows and run reports into what the terminal shows: tables, snippets, JSON lines."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ratline import masking
from ratline.store import MARK_END, MARK_START, Store


class PlainWhenPiped(Console):
    """A console that, when its output is not a terminal, prints what a pipe expects:
    a table as tab-separated lines (a header, then one row per line, nothing folded or
    cut) and text unwrapped, so `grep`, `cut` and `sort` see whole rows."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        if self.is_terminal:
            super().print(*objects, **kwargs)
            return
        kwargs.setdefault("soft_wrap", True)
        for obj in objects:
            if isinstance(obj, Table):
                # Written as is: the console would expand the tabs into spaces.
                self.file.write("".join(line + "\n" for line in tsv_lines(obj)))
                self.file.flush()
            else:
                super().print(obj, **kwargs)


def _cell(value: Any) -> str:
    text = value.plain if isinstance(value, Text) else str(value)
    return " ".join(text.split())  # tabs and line breaks inside a cell would split it


def tsv_lines(table: Table) -> list[str]:
    """A table's header and rows as tab-separated lines."""
    columns = [[_cell(c) for c in col.cells] for col in table.columns]
    header = "\t".join(_cell(col.header) for col in table.columns)
    return [header, *("\t".join(cells) for cells in zip(*columns, strict=True))]


console = PlainWhenPiped(highlight=False)
# Store rows (SQLAlchemy RowMapping) or plain dicts.
Row = Mapping[Any, Any]


def jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def json_lines(rows: Iterable[Row]) -> None:
    for row in rows:
        # `default` reaches dates nested in lists (the statements of `show`).
        print(json.dumps({k: jsonable(v) for k, v in row.items()}, ensure_ascii=False,
                         default=lambda v: jsonable(v) if isinstance(v, (date, datetime)) else str(v)))


def snippet_text(snippet: str) -> Text:
    """A search snippet with its matches highlighted; document text is shown as text only."""
    out = Text()
    rest = snippet.replace("\n", " ")
    while MARK_START in rest:
        before, _, after = rest.partition(MARK_START)
        match, _, rest = after.partition(MARK_END)
        out.append(before)
        out.append(match, style="bold black on yellow")
    out.append(rest)
    return out


def documents_table(rows: Sequence[Row]) -> Table:
    table = Table(show_lines=False)
    for col in ("id", "status", "relevant", "type", "title / source"):
        table.add_column(col, overflow="fold")
    for r in rows:
        relevant = {None: "-", 1: "yes", 0: "no"}.get(r["relevant"], "-")
        table.add_row(r["id"][:12], r["status"], relevant, (r["media_type"] or "-").split("/")[-1],
                      Text(str(r["title"] or r["source"])))
    return table


def failures_table(rows: Sequence[Row]) -> Table:
    table = Table(title="Failures")
    table.add_column("source", overflow="fold")
    table.add_column("stage")
    table.add_column("reason", overflow="fold")
    for r in rows:
        table.add_row(Text(r["source"]), r["stage"] or "-", Text(r["error"] or ""))
    return table


def summary(store: Store) -> None:
    """A readable account of what the store holds: documents, incidents, actors, routes."""
    counts = store.counts()
    console.print(
        f"[bold]{counts['documents']}[/] documents ({counts['relevant']} about trafficking), "
        f"[bold]{counts['failed']}[/] failures, [bold]{counts['statements']}[/] statements"
    )
    by_prop: dict[str, Counter[str]] = {}
    incidents: set[str] = set()
    masker = masking.load(store)
    for st in store.statements():
        if st["status"] == "rejected" or not st["subject"].startswith("incident:"):
            continue
        incidents.add(st["subject"])
        value = masker.value(st["value"], st["document_id"])
        by_prop.setdefault(st["prop"], Counter())[_short(st["prop"], value)] += 1
    console.print(f"[bold]{len(incidents)}[/] incidents")
    table = Table(title="What the documents describe", show_header=True)
    table.add_column("field")
    table.add_column("most frequent values (incidents)", overflow="fold")
    for prop in ("trade", "evidence", "country", "route", "organ", "activity", "actor", "year", "money"):
        if prop in by_prop:
            values = ", ".join(f"{v} ({n})" for v, n in by_prop[prop].most_common(8))
            table.add_row(prop, Text(values))
    console.print(table)
    failures = store.failures()
    if failures:
        console.print(failures_table(failures))


def _short(prop: str, value: str) -> str:
    """Structured values (JSON) shown briefly."""
    if not value.startswith("{"):
        return value
    try:
        data = json.loads(value)
    except json.JSONDecodeError:
        return value
    if prop == "actor":
        return f"{data.get('name')} [{data.get('role')}]"
    if prop == "route":
        return f"{data.get('country')} {data.get('role')}"
    if prop == "money":
        return f"{data.get('amount'):,.0f} {data.get('currency')}"
    return value


def show_document(row: Row, stmts: Sequence[Row]) -> None:
    """One document as `ratline show` prints it; `row` and `stmts` come masked."""
    console.print(Text(row["title"] or "(untitled)", style="bold"))
    console.print(Text(f"id {row['id']}\nsource {row['source']}\n"
                       + (f"url {row['url']}\n" if row.get("url") else "")
                       + f"status {row['status']}  published {row['published'] or '-'}"
                       f"  type {row['media_type'] or '-'}"))
    if row["error"]:
        console.print(Text(f"error ({row['stage']}): {row['error']}", style="red"))
    console.print()
    console.print(Text(row["text"]))
    if stmts:
        table = Table(title="Statements")
        for col in ("subject", "property", "value", "span", "status", "sentence"):
            table.add_column(col, overflow="fold")
        for s in stmts:
            span = f"{s['start']}-{s['end']}" if s["start"] is not None else "-"
            quote = row["text"][s["start"]:s["end"]] if s["start"] is not None else ""
            table.add_row(s["subject"].split(":", 1)[-1], s["prop"], Text(_short(s["prop"], s["value"])),
                          span, s["status"], Text(quote))
        console.print(table)


def status(store: Store, failures: Sequence[Row]) -> None:
    counts = store.counts()
    console.print(
        f"{counts['documents']} documents ({counts['extracted']} extracted, "
        f"{counts['relevant']} relevant), {counts['statements']} statements, "
        f"{len(failures)} failures"
    )
    runs = store.runs(limit=5)
    if runs:
        table = Table(title="Recent runs")
        for col in ("run", "status", "started", "seen", "added", "duplicates", "failed"):
            table.add_column(col)
        for r in runs:
            table.add_row(str(r["id"]), r["status"], str(r["started_at"])[:19], str(r["seen"]),
                          str(r["added"]), str(r["duplicates"]), str(r["failed"]))
        console.print(table)
    if failures:
        console.print(failures_table(failures))


def resolve_report(report: Any) -> None:
    console.print(
        f"{report.incidents} document incidents -> [bold]{report.incident_clusters}[/] incidents "
        f"({report.corroborated} corroborated by several documents, {report.conflicting} with "
        f"conflicting claims); {report.mentions} actor mentions -> [bold]{report.actors}[/] actors"
    )
    for problem in report.problems:
        console.print(Text(f"note: {problem}", style="yellow"))


def incidents_table(rows: Sequence[Row]) -> Table:
    table = Table(title="Incidents")
    for col in ("id", "trade", "evidence", "year", "countries", "sources", "conflicts", "summary"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"], r.get("trade") or "-", r.get("evidence") or "-", str(r.get("year") or "-"),
                      " ".join(r.get("countries") or []), str(r.get("corroboration")),
                      Text("; ".join(r.get("conflicts") or [])), Text(_clip(str(r["name"]), 120)))
    return table


def _clip(text: str, size: int) -> str:
    """Long text cut for a terminal table; whole when piped."""
    return text[:size] if console.is_terminal else text


def actors_table(rows: Sequence[Row]) -> Table:
    table = Table(title="Actors")
    for col in ("id", "name", "type", "aliases", "documents"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"], Text(r["name"]), r.get("type") or "-",
                      Text(", ".join(a for a in r.get("aliases") or [] if a != r["name"])),
                      str(len(r.get("documents") or [])))
    return table


def places_table(rows: Sequence[Row]) -> Table:
    table = Table(title="Places")
    for col in ("query", "name", "country", "admin1", "lat", "lon", "precision"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(Text(str(r[c]) if r[c] is not None else "-") for c in
                        ("query", "name", "country", "admin1", "lat", "lon", "precision")))
    return table
