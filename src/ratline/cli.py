"""The `ratline` command line: one small function per command, no logic of its own."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

from ratline import __version__, masking, pipeline, render, settings
from ratline.analyze import commands as _analysis
from ratline.filters import filter_options, filters_from_options
from ratline.learn.command import train as _train_command
from ratline.model import show_date
from ratline.progress import estimate_items, progress_bar, stderr
from ratline.store import StoreError, open_store
from ratline.store.errors import describe

FORMATS = click.Choice(["text", "jsonl"])
FULL_RESOLVE = click.option(
    "--full-resolve", is_flag=True,
    help="Re-resolve the whole store afterwards instead of linking only what is new "
         "(the incremental run is the default once the store has a resolution).")



def engine_options(command: Any) -> Any:
    """--engine, --address and --workers: where the read and extract stages run."""
    command = click.option(
        "--workers", type=click.IntRange(min=1), default=None,
        help="Ray workers (default: one per CPU of the cluster).")(command)
    command = click.option(
        "--address", default=None,
        help="Ray cluster to join (e.g. 127.0.0.1:6379 or auto); default: start a local one.")(command)
    return click.option(
        "--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
        help="Run the read and extract stages in this process or on Ray "
             "(pip install 'ratline[ray]').")(command)


class Commands(click.Group):
    """Every command: a store that cannot be opened, read or written (full disk, read-only
    home, damaged file, server down) ends it with one line naming the cause and exit
    status 1, never a traceback, and never a document's text."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader of our output went away (`| head`): nothing left to say.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except (StoreError, pipeline.EngineError) as exc:
            raise click.ClickException(str(exc)) from None
        except (SQLAlchemyError, OSError, settings.KeyFileError) as exc:
            raise click.ClickException(describe(exc)) from None


@click.group(cls=Commands)
@click.version_option(__version__, prog_name="ratline")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (to stderr).")
def cli(verbose: bool) -> None:
    """ratline: source-cited trafficking incidents from published documents.

    Data lives in RATLINE_HOME (default ./ratline-data); the store is
    RATLINE_DATABASE_URL (default: SQLite inside RATLINE_HOME).
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        # trafilatura logs an ERROR for markup it cannot parse (a feed entry's bare text);
        # the HTML reader then reads the text another way, or records a failure of its own.
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on private, loopback and link-local addresses.")
@click.option("--extract/--no-extract", default=True, show_default=True,
              help="Triage and extract the documents after storing them.")
@FULL_RESOLVE
@engine_options
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def ingest(sources: tuple[str, ...], allow_private: bool, extract: bool, full_resolve: bool,
           engine: str, address: str | None, workers: int | None, fmt: str) -> None:
    """Read files, folders, globs, archives, URLs, feeds or JSON-lines corpora into the store."""
    store = open_store()
    with _engine(engine, address, workers) as run:
        with progress_bar("ingest", estimate_items(list(sources))) as advance:
            report = run.ingest(store, list(sources), allow_private=allow_private,
                                progress=advance, keep_ids=extract)
        extracted = resolved = None
        if extract:
            # The run's documents are read back from the store, never held as a list.
            with progress_bar("extract", report.documents) as advance:
                extracted = run.extract_stored(store, run_id=report.run_id, progress=advance)
    if extracted:
        resolved = pipeline.resolve_changes(store, full=full_resolve,
                                            withdrawn=extracted.statements_removed)
    if fmt == "jsonl":
        out: dict[str, object] = {"run": report.run_id, "seen": report.seen, "added": report.added,
               "duplicates": report.duplicates, "failed": report.failed}
        if extracted:
            out.update(relevant=extracted.relevant, incidents=extracted.incidents,
                       extraction_failed=len(extracted.failures))
        if resolved:
            out.update(resolve=resolved.mode, resolve_seconds=round(resolved.seconds, 3))
        print(json.dumps(out))
        _fail_on_missing(report.missing)
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
        if resolved:
            _resolve_run(resolved)
    failures = report.failures + (extracted.failures if extracted else [])
    if failures:
        render.console.print(render.failures_table(
            [{"source": f.origin, "stage": f.stage, "error": f.reason} for f in failures]))
    _fail_on_missing(report.missing)


@contextmanager
def _engine(engine: str, address: str | None, workers: int | None) -> Iterator[Any]:
    """The stage runner: `pipeline` itself, or the Ray engine bound to one Ray session
    (so ingest and its extraction share the cluster)."""
    if engine == "local":
        if address or workers:
            raise click.UsageError("--address and --workers need --engine ray")
        yield pipeline
        return
    from ratline import distributed

    with distributed.session(address, workers):
        yield distributed.Runner(address, workers)


def _resolve_run(run: pipeline.ResolveRun) -> None:
    if run.full is not None:
        render.console.print(f"full resolve ({run.seconds:.2f}s)")
        render.resolve_report(run.full)
    elif run.link is not None:
        linked = run.link
        render.console.print(
            f"incremental resolve ({run.seconds:.2f}s): {linked.new} new document incidents, "
            f"{linked.linked} linked to known incidents, {linked.created} new; {linked.mentions} new actor "
            f"mentions, {linked.actors_linked} linked to known actors, {linked.actors_created} new"
            + (f"; {linked.joined} known incidents joined into others, which new reports linked"
               if linked.joined else ""))


def _fail_on_missing(missing: list[str]) -> None:
    """A source that does not exist is a mistake in the command: exit non-zero, after the
    other sources were ingested."""
    if missing:
        raise click.ClickException(f"no such file, folder or match: {', '.join(missing)}")


@cli.command()
@click.option("--all", "everything", is_flag=True, help="Re-extract every document, not only pending ones.")
@FULL_RESOLVE
@engine_options
def process(everything: bool, full_resolve: bool, engine: str, address: str | None,
            workers: int | None) -> None:
    """Triage and extract stored documents (those not yet done by this extractor version)."""
    store = open_store()
    with _engine(engine, address, workers) as run, progress_bar("extract", None) as advance:
        report = run.extract_stored(store, everything=everything, progress=advance)
    resolved = pipeline.resolve_changes(store, full=full_resolve, withdrawn=report.statements_removed)
    render.console.print(
        f"extracted {report.processed} documents: {report.relevant} about trafficking, "
        f"{report.incidents} incidents, {report.statements_added} new and "
        f"{report.statements_removed} withdrawn machine statements, {len(report.failures)} failures"
    )
    _resolve_run(resolved)


@cli.command()
@click.option("--status", type=click.Choice(["stored", "extracted", "failed"]))
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def documents(status: str | None, limit: int | None, fmt: str) -> None:
    """List stored documents."""
    store = open_store()
    rows = masking.documents(store, store.documents(status=status, limit=limit))
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
    # Victims' names masked in everything shown (unless RATLINE_KEEP_VICTIM_NAMES is set).
    masker = masking.load(store, [row["id"]])
    shown = masker.document(row)
    shown["published"] = show_date(row["published"], row["published_precision"])
    stmts = [masker.statement(s) for s in store.statements(document_id=row["id"])] if statements else []
    if fmt == "jsonl":
        render.json_lines([{**shown, "statements": [
            {k: render.jsonable(v) for k, v in s.items()} for s in stmts]}])
        return
    render.show_document(shown, stmts)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def search(query: tuple[str, ...], limit: int, fmt: str) -> None:
    """Full-text search over documents; matches highlighted in snippets.

    Victims' names are masked, and a search for one finds nothing through it."""
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
        runs = [{k: render.jsonable(v) for k, v in r.items()} for r in store.runs(limit=5)]
        render.json_lines([{"counts": store.counts(), "runs": runs}])
        render.json_lines(failures)
        return
    render.status(store, failures)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Copy the store to PATH (consistent while others write), then verify the copy."""
    from ratline.store.backup import backup as run_backup

    done = run_backup(open_store(), path)
    click.echo(f"backed up to {done.path}, verified: {done.summary()}")


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a store that already holds data.")
def restore(path: Path, force: bool) -> None:
    """Replace the store with the backup at PATH, then verify it (a store that holds data
    is only replaced with --force)."""
    from ratline.store.backup import restore as run_restore

    done = run_restore(settings.database_url(), path, force=force)
    click.echo(f"restored {done.path}, verified: {done.summary()}")


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
        pipeline.extract_stored(store, run_id=report.run_id)
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

    failures: list[tuple[str, str]] = []
    scores = run_eval(gold, text_dir, failures)
    for doc_id, reason in failures:
        stderr.print(f"[red]error[/] {doc_id}: {reason}")
    if failures:
        stderr.print(f"{len(failures)} documents could not be read; scored as missing predictions")
    print(json.dumps(scores) if fmt == "json" else format_report(scores))


@cli.command()
def summary() -> None:
    """A readable summary of what has been ingested and found."""
    render.summary(open_store())


@cli.command()
@click.option("--new", "only_new", is_flag=True,
              help="Only link incidents and actor mentions not yet resolved to the existing "
                   "clusters (fast; merges between existing clusters wait for a full run; "
                   "a store not yet resolved gets the full run).")
def resolve(only_new: bool) -> None:
    """Reconcile actors and incidents across all stored documents."""
    if only_new:
        # A store never resolved, or resolved before incremental runs, needs a full run.
        _resolve_run(pipeline.resolve_changes(open_store()))
        return
    report = pipeline.resolve_stored(open_store())
    render.resolve_report(report)


EXPLAIN = click.option("--explain", nargs=2, default=None, metavar="A B",
                       help="Show the comparisons, their weights, the total and the threshold "
                            "for A and B (ids, members or, for actors, names).")


def _explain(kind: str, a: str, b: str) -> None:
    try:
        lines = pipeline.explain_stored(open_store(), kind, a, b)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in lines:
        render.console.print(Text(line))


@cli.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@EXPLAIN
@filter_options
def incidents(fmt: str, explain: tuple[str, str] | None, **options: str | None) -> None:
    """Incidents reconciled across reports, each with its source documents; the options
    keep those that match all of them (jsonl adds each incident's route, route legs, and
    actors with their roles and legal statuses)."""
    from ratline.analyze.listings import incident_rows

    chosen = filters_from_options(options)
    if explain:
        _explain("incident", *explain)
        return
    rows = incident_rows(open_store(), chosen, detail=fmt == "jsonl")
    if fmt == "jsonl":
        render.json_lines(rows)
    else:
        render.console.print(render.incidents_table(rows))


@cli.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@EXPLAIN
@filter_options
def actors(name: str | None, fmt: str, explain: tuple[str, str] | None,
           **options: str | None) -> None:
    """Actors reconciled across documents, with their aliases; NAME keeps those whose
    name or an alias contains it, ignoring case and accents. The options keep the actors
    of the incidents that match them (with --actor or --role, only the actors asked for)."""
    from ratline.analyze.listings import actor_rows

    chosen = filters_from_options(options)
    if explain:
        _explain("actor", *explain)
        return
    rows = actor_rows(open_store(), chosen, name)
    if fmt == "jsonl":
        render.json_lines(rows)
    else:
        render.console.print(render.actors_table(rows))


@cli.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "geojson", "gexf", "graphml",
                                                    "jsonl", "ftm"]), required=True)
@click.option("-o", "--output", "path", type=click.Path(path_type=Path), required=True,
              help="File to write (csv: a folder, or a .zip).")
@click.option("--shareable", is_flag=True,
              help="For sharing outside the team: victim counts under 11 suppressed "
                   "(CTDC's k-anonymity threshold), stated in the file.")
@filter_options
def export_command(fmt: str, path: Path, shareable: bool, **options: str | None) -> None:
    """Export incidents, actors, money, route legs and statements (victims' names masked;
    recorded in the audit log as RATLINE_REVIEWER or $USER); the options keep the
    incidents that match them. ftm: FollowTheMoney entities as JSON lines."""
    from ratline.export import ExportError, export

    chosen = filters_from_options(options)
    try:
        done = export(open_store(), fmt, path, chosen, who=settings.reviewer(),
                      shareable=shareable)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = ", ".join(f"{n} {t}" for t, n in done.counts.items())
    click.echo(f"exported {fmt} to {done.path}: {rows}")


def _judge(kind: str, a: str, b: str, verdict: str, reviewer: str) -> None:
    from ratline.store import resolution

    store = open_store()
    before = resolution.memberships(store, kind)
    try:
        member_a, member_b = resolution.member(store, kind, a), resolution.member(store, kind, b)
        resolution.add_judgement(store, kind, member_a, member_b, verdict, reviewer)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    pipeline.record_audit(store, reviewer, "merge" if verdict == "yes" else "split", f"{kind}:{a}|{b}",
                          before={"a": before.get(member_a), "b": before.get(member_b)},
                          after={"verdict": verdict, "a": member_a, "b": member_b})
    report = pipeline.resolve_stored(store)
    render.resolve_report(report)


JUDGE_KIND = click.option("--kind", type=click.Choice(["actor", "incident"]), default="incident",
                          show_default=True)
REVIEWER = click.option("--reviewer", default=lambda: settings.reviewer(), show_default="$USER",
                        help="Who makes this judgement (kept with it and in the audit log).")


@cli.command()
@click.argument("a")
@click.argument("b")
@JUDGE_KIND
@REVIEWER
def merge(a: str, b: str, kind: str, reviewer: str) -> None:
    """Say that A and B are the same actor or incident (ids of clusters or members).

    The judgement is kept and holds in every later run."""
    _judge(kind, a, b, "yes", reviewer)


@cli.command()
@click.argument("a")
@click.argument("b")
@JUDGE_KIND
@REVIEWER
def split(a: str, b: str, kind: str, reviewer: str) -> None:
    """Say that A and B are NOT the same actor or incident (member ids, e.g. incident
    subjects or actor statement ids). The judgement holds in every later run."""
    _judge(kind, a, b, "no", reviewer)


@cli.command()
@click.argument("actor")
@click.argument("name")
@REVIEWER
def rename(actor: str, name: str, reviewer: str) -> None:
    """Show ACTOR (an actor id, a mention id or a name only one actor carries) as NAME
    from now on, in every listing, page and export; the choice holds in every later run.
    A victim keeps its pseudonym and cannot be renamed."""
    store = open_store()
    try:
        before, after = pipeline.rename_actor(store, actor, name, reviewer)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    pipeline.record_audit(store, reviewer, "rename", f"actor:{actor}", before={"name": before},
                          after={"name": after})
    click.echo(f"{before} is now shown as {after}")


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--context", default=None, help="Text whose countries are preferred.")
@click.option("--format", "fmt", type=FORMATS, default="jsonl", show_default=True)
def geocode(names: tuple[str, ...], context: str | None, fmt: str) -> None:
    """Resolve place names offline: country, first-level region, coordinates, precision."""
    from ratline.geo.geocode import geocode as run_geocode

    rows = [run_geocode(name, context) for name in names]
    if fmt == "jsonl":
        render.json_lines(rows)
    else:
        render.console.print(render.places_table(rows))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep 127.0.0.1 unless a proxy with TLS is in front.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--proxy-headers", is_flag=True,
              help="Behind a TLS proxy: believe its X-Forwarded-For and X-Forwarded-Proto "
                   "(client address for login throttling, https for Secure cookies).")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True,
              help="Comma-separated proxy addresses or networks whose forwarded headers "
                   "are believed (with --proxy-headers); others' are ignored.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes answering requests, sharing one incident index built first "
                   "(one per core for a large store).")
def serve(host: str, port: int, proxy_headers: bool, forwarded_allow_ips: str,
          workers: int) -> None:
    """Serve the web UI and JSON API (log in with a user made by `ratline user add`)."""
    from ratline.web.server import serve as run_server

    run_server(host, port, proxy_headers=proxy_headers, forwarded_allow_ips=forwarded_allow_ips,
               workers=workers)


@cli.group()
def user() -> None:
    """Manage the people who may use the web UI."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "analyst", "viewer"]), required=True)
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of generating one.")
def user_add(name: str, role: str, password_stdin: bool) -> None:
    """Add a user; without --password-stdin a password is generated and printed once."""
    from ratline.web.users import UserError, add_user, new_password

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else new_password()
    try:
        add_user(open_store(), name, role, password)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"added {role} {name!r}")
    if not password_stdin:
        click.echo(f"password (shown once): {password}")


cli.add_command(_train_command)
for _command in (_analysis.prices, _analysis.routes, _analysis.report):
    cli.add_command(_command)


def main() -> None:
    try:
        cli(prog_name="ratline")
    except BrokenPipeError:
        # The reader of a pipe stopped early (`ratline prices | head`): that is no error.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
