"""The `ratline` command line: one small function per command, no logic of its own."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from ratline import __version__, pipeline, render, settings
from ratline.progress import estimate_items, progress_bar, stderr
from ratline.store import StoreError, open_store

FORMATS = click.Choice(["text", "jsonl"])


@click.group()
@click.version_option(__version__, prog_name="ratline")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (to stderr).")
def cli(verbose: bool) -> None:
    """ratline: source-cited trafficking incidents from published documents.

    Data lives in RATLINE_HOME (default ./ratline-data); the store is
    RATLINE_DATABASE_URL (default: SQLite inside RATLINE_HOME).
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on private, loopback and link-local addresses.")
@click.option("--extract/--no-extract", default=True, show_default=True,
              help="Triage and extract the documents after storing them.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def ingest(sources: tuple[str, ...], allow_private: bool, extract: bool, fmt: str) -> None:
    """Read files, folders, globs, archives, URLs, feeds or JSON-lines corpora into the store."""
    store = open_store()
    with progress_bar("ingest", estimate_items(list(sources))) as advance:
        report = pipeline.ingest(store, list(sources), allow_private=allow_private, progress=advance)
    extracted = None
    if extract:
        ids = list(dict.fromkeys(report.document_ids))
        with progress_bar("extract", len(ids)) as advance:
            extracted = pipeline.extract_stored(store, ids=ids, progress=advance)
    if fmt == "jsonl":
        out = {"run": report.run_id, "seen": report.seen, "added": report.added,
               "duplicates": report.duplicates, "failed": report.failed}
        if extracted:
            out.update(relevant=extracted.relevant, incidents=extracted.incidents,
                       extraction_failed=len(extracted.failures))
        print(json.dumps(out))
        return
    render.console.print(
        f"run {report.run_id}: {report.seen} items, [green]{report.added} added[/], "
        f"{report.duplicates} already stored, [red]{report.failed} failed[/]"
    )
    if extracted:
        render.console.print(
            f"extracted {extracted.processed} documents: {extracted.relevant} about trafficking, "
            f"{extracted.incidents} incidents, {extracted.statements_added} new statements"
        )
    failures = report.failures + (extracted.failures if extracted else [])
    if failures:
        render.console.print(render.failures_table(
            [{"source": f.origin, "stage": f.stage, "error": f.reason} for f in failures]))


@cli.command()
@click.option("--all", "everything", is_flag=True, help="Re-extract every document, not only pending ones.")
def process(everything: bool) -> None:
    """Triage and extract stored documents (those not yet done by this extractor version)."""
    store = open_store()
    with progress_bar("extract", None) as advance:
        report = pipeline.extract_stored(store, everything=everything, progress=advance)
    render.console.print(
        f"extracted {report.processed} documents: {report.relevant} about trafficking, "
        f"{report.incidents} incidents, {report.statements_added} new and "
        f"{report.statements_removed} withdrawn machine statements, {len(report.failures)} failures"
    )


@cli.command()
@click.option("--status", type=click.Choice(["stored", "extracted", "failed"]))
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def documents(status: str | None, limit: int | None, fmt: str) -> None:
    """List stored documents."""
    rows = open_store().documents(status=status, limit=limit)
    if fmt == "jsonl":
        render.json_lines(rows)
    else:
        render.console.print(render.documents_table(rows))


@cli.command()
@click.argument("doc")
@click.option("--statements/--no-statements", default=True, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def show(doc: str, statements: bool, fmt: str) -> None:
    """Show one document (by id or id prefix) with its statements."""
    store = open_store()
    try:
        row = store.document(doc)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if row is None:
        raise click.ClickException(f"no document {doc!r}")
    stmts = store.statements(document_id=row["id"]) if statements else []
    if fmt == "jsonl":
        render.json_lines([{**row, "statements": [dict(s) for s in stmts]}])
        return
    render.show_document(row, stmts)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def search(query: tuple[str, ...], limit: int, fmt: str) -> None:
    """Full-text search over documents; matches highlighted in snippets."""
    hits = open_store().search(" ".join(query), limit=limit)
    if fmt == "jsonl":
        render.json_lines(hits)
        return
    if not hits:
        render.console.print("no matches")
    for hit in hits:
        render.console.print(f"[bold cyan]{hit['id'][:12]}[/] ", render.snippet_text(str(hit["title"] or hit["source"])))
        render.console.print("  ", render.snippet_text(hit["snippet"] or ""))


@cli.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def status(fmt: str) -> None:
    """Counts, recent runs, and every failure with its reason."""
    store = open_store()
    failures = store.failures()
    if fmt == "jsonl":
        render.json_lines([{"counts": store.counts()}])
        render.json_lines(failures)
        return
    render.status(store, failures)


@cli.command()
@click.option("--allow-private", is_flag=True)
def retry(allow_private: bool) -> None:
    """Try every failed item again; those that now read are stored, the rest keep their reason."""
    store = open_store()
    failures = store.failures()
    read_failures = [f["source"] for f in failures if f["stage"] != "extract"]
    extract_failures = [f["id"] for f in failures if f["stage"] == "extract"]
    specs = pipeline.retry_specs(read_failures)
    if specs:
        report = pipeline.ingest(store, specs, allow_private=allow_private)
        ids = list(dict.fromkeys(report.document_ids))
        pipeline.extract_stored(store, ids=ids)
    if extract_failures:
        pipeline.extract_stored(store, ids=extract_failures, everything=True)
    left = store.failures()
    render.console.print(f"retried {len(failures)} failures: {len(failures) - len(left)} resolved, {len(left)} remain")
    if left:
        render.console.print(render.failures_table(left))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--keep-victim-names", is_flag=True, default=None,
              help="Print victims' names instead of pseudonyms (default: RATLINE_KEEP_VICTIM_NAMES).")
def extract(paths: tuple[Path, ...], fmt: str, keep_victim_names: bool | None) -> None:
    """Extract incidents from files, one JSON object per document (no database needed)."""
    from ratline.extract_files import extract_paths

    keep = settings.keep_victim_names() if keep_victim_names is None else keep_victim_names
    failed = 0
    for line in extract_paths(list(paths), keep_victim_names=keep):
        if "error" in line:
            failed += 1
            stderr.print(f"[red]error[/] {line.get('path')}: {line['error']}")
        print(json.dumps(line, ensure_ascii=False))
    if failed:
        stderr.print(f"{failed} documents could not be read")


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("text_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evaluate(gold: Path, text_dir: Path, fmt: str) -> None:
    """Score extraction on a gold set: precision, recall and F1 per field, and overall."""
    from ratline.evaluate import evaluate as run_eval
    from ratline.evaluate import format_report

    scores = run_eval(gold, text_dir)
    print(json.dumps(scores) if fmt == "json" else format_report(scores))


@cli.command()
def summary() -> None:
    """A readable summary of what has been ingested and found."""
    render.summary(open_store())


def main() -> None:
    try:
        cli(prog_name="ratline")
    except StoreError as exc:
        stderr.print(f"[red]error:[/] {exc}")
        sys.exit(1)
