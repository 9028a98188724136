"""`ratline prices`, `ratline routes` and `ratline report`: the analysis views on the
command line, over the incidents that the filter options select.

The filter options are those `ratline export` takes (--trade, --country, --min-evidence),
declared once here by `filter_options` and turned into `Filters` by `selected_filters`;
a shared filter decorator replaces these two and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ratline import settings
from ratline.analyze.incidents import (
    Filters,
    Incident,
    IncidentIndex,
    build_index,
    evidence_rank,
)
from ratline.store import Store, open_store
from ratline.vocab import load

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = click.Choice(["text", "jsonl"])


def filter_options(f: F) -> F:
    """--trade, --country and --min-evidence, as `ratline export` has them."""
    for option in reversed((
            click.option("--trade", default=None, help="Only incidents of this trade."),
            click.option("--country", default=None,
                         help="Only incidents in or routed through this country (ISO code)."),
            click.option("--min-evidence", default=None,
                         help="Only incidents at this evidence level or stronger."))):
        f = option(f)
    return f


def selected_filters(trade: str | None, country: str | None,
                     min_evidence: str | None) -> Filters:
    """The filters the options name; a value that cannot match is a one-line error."""
    trades = list(load("trades")["trades"])
    if trade and trade not in trades:
        raise click.BadParameter(f"unknown trade {trade!r}; known: {', '.join(trades)}",
                                 param_hint="--trade")
    if min_evidence and evidence_rank(min_evidence) < 0:
        raise click.BadParameter(f"unknown evidence level {min_evidence!r}",
                                 param_hint="--min-evidence")
    code = country.strip().upper() if country else None
    if code is not None and not (len(code) == 2 and code.isalpha()):
        raise click.BadParameter("a two-letter ISO code such as NP", param_hint="--country")
    return Filters(trade=trade, country=code, min_evidence=min_evidence)


def _selection(filters: Filters) -> tuple[Store, IncidentIndex, list[Incident]]:
    store = open_store()
    index = build_index(store)
    return store, index, index.select(filters)


@click.command()
@filter_options
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def prices(trade: str | None, country: str | None, min_evidence: str | None, fmt: str) -> None:
    """Reported payments to sellers against prices charged to recipients, by country,
    year and currency, with every source's sentence (amounts not converted)."""
    from ratline.analyze.citations import Citer
    from ratline.analyze.prices import SIDES, UNCONVERTED, price_table, range_text

    store, index, chosen = _selection(selected_filters(trade, country, min_evidence))
    rows = price_table(chosen, Citer(store, index.masker))
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return
    if not rows:
        click.echo("No selected incident reports a payment to a seller or a price to a recipient.")
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
def routes(trade: str | None, country: str | None, min_evidence: str | None, fmt: str) -> None:
    """Route legs between countries (origin -> transit -> destination): how many
    incidents take each, and the strongest evidence for it."""
    from ratline.analyze.routes import route_flows
    from ratline.web.views import evidence_label

    _store, index, chosen = _selection(selected_filters(trade, country, min_evidence))
    flows = route_flows(chosen)
    if fmt == "jsonl":
        for f in flows:
            click.echo(json.dumps(f, ensure_ascii=False, sort_keys=True))
        return
    if not flows:
        click.echo("No selected incident names a route between countries.")
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
def report(trade: str | None, country: str | None, min_evidence: str | None, path: Path,
           max_incidents: int) -> None:
    """A briefing: map, network, timeline, prices, route flows and cited incidents
    (victims' names masked; recorded in the audit log as RATLINE_REVIEWER or $USER)."""
    from ratline.report.briefing import ReportError, report_format, write_report

    filters = selected_filters(trade, country, min_evidence)
    try:
        report_format(path)
        done = write_report(open_store(), path, filters, who=settings.reviewer(),
                            max_incidents=max_incidents)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = ", ".join(f"{n} {k}" for k, n in done.counts.items())
    click.echo(f"wrote {done.format} briefing to {done.path}: {rows}")
