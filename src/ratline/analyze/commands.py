"""`ratline prices`, `ratline routes` and `ratline report`: the analysis views on the
command line, over the incidents that the filter options select.

The filter options are the shared ones of `ratline.filters` (those of `incidents`,
`actors` and `export`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ratline import settings
from ratline.analyze.incidents import Filters, IncidentIndex, Selection, build_index
from ratline.filters import filter_options, filters_from_options
from ratline.store import Store, open_store

FORMATS = click.Choice(["text", "jsonl"])


def _selection(filters: Filters) -> tuple[Store, IncidentIndex, Selection]:
    store = open_store()
    index = build_index(store)
    return store, index, index.select(filters)


def _text_listing(rows: list[dict[str, Any]], fmt: str, empty: str) -> bool:
    """Prints `rows` as JSON lines (jsonl), or `empty` when there are none; True when the
    text listing is still to be printed."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return False
    if not rows:
        click.echo(empty)
        return False
    return True


@click.command()
@filter_options
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def prices(fmt: str, **options: str | None) -> None:
    """Reported payments to sellers against prices charged to recipients, by country,
    year and currency, with every source's sentence (amounts not converted)."""
    from ratline.analyze.citations import Citer
    from ratline.analyze.prices import SIDES, UNCONVERTED, price_table, range_text

    store, index, chosen = _selection(filters_from_options(options))
    rows = price_table(chosen, Citer(store, index.masker))
    if not _text_listing(rows, fmt, "No selected incident reports a payment to a seller or a "
                                    "price to a recipient."):
        return
    click.echo(f"Amounts {UNCONVERTED}.")
    names = {"payment_to_seller": "paid to sellers", "price_to_recipient": "charged to recipients"}
    for row in rows:
        click.echo(f"\n{row['country_name']} ({row['country'] or '-'}), "
                   f"{row['year'] or 'no year'}, {row['currency']}")
        for side in SIDES:
            click.echo(f"  {names[side]:<22} {range_text(row[side], row['currency'])}")
        for side in SIDES:
            for s in row[side]["sources"]:
                click.echo(f"    [{names[side]}] {s['amount']:,.0f} {s['currency']}: "
                           f"\"{s['sentence']}\" — {s['title']} {s['url']} ({s['evidence']})")


@click.command()
@filter_options
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def routes(fmt: str, **options: str | None) -> None:
    """Route legs between countries (origin -> transit -> destination): how many
    incidents take each, and the strongest evidence for it."""
    from ratline.analyze.routes import route_flows
    from ratline.web.views import evidence_label

    _store, index, chosen = _selection(filters_from_options(options))
    flows = route_flows(chosen)
    if not _text_listing(flows, fmt, "No selected incident names a route between countries."):
        return
    for f in flows:
        best = index.incidents[f["strongest_incident"]]
        click.echo(f"{f['from_label']} ({f['from']}) -> {f['to_label']} ({f['to']}): "
                   f"{f['incidents']} incident(s), strongest: {evidence_label(f['evidence'])} "
                   f"— {best.title} [{best.id}]")


@click.command()
@filter_options
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="brief.html (self-contained) or brief.pdf.")
@click.option("--max-incidents", type=click.IntRange(min=1), default=200, show_default=True,
              help="List at most this many incidents, strongest evidence first.")
def report(path: Path, max_incidents: int, **options: str | None) -> None:
    """A briefing: map, network, timeline, prices, route flows and cited incidents
    (victims' names masked; recorded in the audit log as RATLINE_REVIEWER or $USER)."""
    from ratline.report.briefing import ReportError, report_format, write_report

    filters = filters_from_options(options)
    try:
        report_format(path)
        done = write_report(open_store(), path, filters, who=settings.reviewer(),
                            max_incidents=max_incidents)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = ", ".join(f"{n} {k}" for k, n in done.counts.items())
    click.echo(f"wrote {done.format} briefing to {done.path}: {rows}")
