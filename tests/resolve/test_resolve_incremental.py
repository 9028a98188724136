"""Incremental resolution: an ingest into a resolved store links the new reports and actor
mentions to the existing clusters, ids and judgements hold, and a full `ratline resolve`
afterwards arrives at the same clusters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ratline.cli import cli
from ratline.store import open_store, resolution

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "incremental"
BROKER = "Dorje Tamang-Rai"


@pytest.fixture(autouse=True)
def backend(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RATLINE_DATABASE_URL", database_url)
    return database_url


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def ingest(name: str, *flags: str) -> str:
    return run("ingest", str(CASES / name), *flags)


def snapshot() -> dict[str, Any]:
    """Memberships and cluster names of both kinds, as the store holds them."""
    store = open_store()
    try:
        return {kind: {"members": resolution.memberships(store, kind),
                       "names": {c["id"]: c["name"] for c in resolution.clusters(store, kind)}}
                for kind in resolution.KINDS}
    finally:
        store.close()


def incidents_by_site() -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in run("incidents", "--format", "jsonl").splitlines() if line]
    store = open_store()
    try:
        site = {d["id"]: d["site"] for d in store.documents()}
    finally:
        store.close()
    return {site[doc]: row for row in rows for doc in row["sources"]}


def broker_mentions() -> dict[str, str]:
    """The broker's mention ids -> the outlet reporting each."""
    store = open_store()
    try:
        site = {d["id"]: d["site"] for d in store.documents()}
        return {s["id"]: site[s["document_id"]] for s in store.statements(prop="actor")
                if json.loads(s["value"])["name"] == BROKER}
    finally:
        store.close()


def test_a_second_report_of_the_case_links_to_the_known_incident_and_actor() -> None:
    out = ingest("first.jsonl")
    assert "full resolve (" in out
    before = snapshot()
    case = incidents_by_site()["Valley Courier"]["id"]

    out = ingest("second.jsonl")
    assert "incremental resolve (" in out and "full resolve" not in out
    after = snapshot()
    rows = incidents_by_site()
    assert rows["Himal Daily"]["id"] == case
    assert set(rows[site]["id"] for site in ("Valley Courier", "Himal Daily")) == {case}
    assert rows["Himal Daily"]["corroboration"] == 2
    # The unrelated reports each keep (or get) an incident of their own.
    assert len({rows[s]["id"] for s in ("Valley Courier", "Harbour Times", "Andes Post")}) == 3
    # Clusters that existed keep their ids: every old membership is unchanged.
    for kind in resolution.KINDS:
        assert {m: after[kind]["members"][m] for m in before[kind]["members"]} == before[kind]["members"]
    # The broker's new mention joined the actor the first report's mention is in.
    actor_of = after["actor"]["members"]
    mentions = broker_mentions()
    assert len(mentions) == 2
    assert len({actor_of[m] for m in mentions}) == 1
    assert actor_of[next(iter(mentions))] in before["actor"]["names"]

    # A full run finds the same clusters, ids and names.
    run("resolve")
    assert snapshot() == after
    # Ingesting the same documents again changes nothing.
    out = ingest("second.jsonl")
    assert "0 new document incidents" in out
    ingest("first.jsonl")
    assert snapshot() == after


def test_a_split_judgement_holds_for_a_mention_added_later() -> None:
    ingest("first.jsonl")
    ingest("namesake.jsonl", "--full-resolve")
    mentions = broker_mentions()
    courier = next(m for m, site in mentions.items() if site == "Valley Courier")
    ledger = next(m for m, site in mentions.items() if site == "Gulf Ledger")
    members = snapshot()["actor"]["members"]
    assert members[courier] == members[ledger]  # one name, one country: one man to the machine
    run("split", courier, ledger, "--kind", "actor", "--reviewer", "ana")
    judged = snapshot()
    assert judged["actor"]["members"][courier] != judged["actor"]["members"][ledger]

    out = ingest("second.jsonl")
    assert "incremental resolve (" in out
    after = snapshot()
    members = after["actor"]["members"]
    new = next(m for m, site in broker_mentions().items() if site == "Himal Daily")
    # The new mention joins one of the two men, never bridges them, and no old id moves.
    assert members[new] in (members[courier], members[ledger])
    assert members[courier] != members[ledger]
    assert {m: members[m] for m in judged["actor"]["members"]} == judged["actor"]["members"]
    # Exactly where the full run puts it.
    run("resolve")
    assert snapshot() == after


def test_full_resolve_flag_and_process_report_which_resolution_ran() -> None:
    ingest("first.jsonl")
    out = ingest("second.jsonl", "--full-resolve")
    assert "full resolve (" in out and "incremental" not in out
    out = run("process")
    assert "incremental resolve (" in out
    out = run("process", "--full-resolve")
    assert "full resolve (" in out
    jsonl = json.loads(run("ingest", str(CASES / "namesake.jsonl"), "--format", "jsonl"))
    assert jsonl["resolve"] == "incremental" and jsonl["resolve_seconds"] >= 0


def test_a_mention_judged_apart_never_rejoins_the_actor_incrementally() -> None:
    from sqlalchemy import delete

    from ratline.store import schema

    ingest("first.jsonl")
    ingest("second.jsonl")
    mentions = broker_mentions()
    courier = next(m for m, site in mentions.items() if site == "Valley Courier")
    daily = next(m for m, site in mentions.items() if site == "Himal Daily")
    run("split", daily, courier, "--kind", "actor", "--reviewer", "ana")
    judged = snapshot()
    assert judged["actor"]["members"][daily] != judged["actor"]["members"][courier]
    # Forget the Himal Daily report's resolution, as if it had just been extracted: its
    # incidents unplaced and queued for the next run, as extraction queues them.
    store = open_store()
    daily_doc = next(s["document_id"] for s in store.statements(prop="actor") if s["id"] == daily)
    r = schema.resolutions
    subjects = sorted({s["subject"] for s in store.statements(document_id=daily_doc)
                       if s["subject"].startswith("incident:")})
    with store.writer() as conn:
        conn.execute(delete(r).where(r.c.member.in_(subjects)))
        conn.execute(delete(r).where(r.c.member.in_(
            [s["id"] for s in store.statements(document_id=daily_doc, prop="actor")])))
        conn.execute(schema.unresolved.insert(), [{"subject": x} for x in subjects])
    store.close()

    out = run("resolve", "--new")
    assert "1 new document incidents" in out
    members = snapshot()["actor"]["members"]
    assert members[daily] != members[courier]  # the name matches; the judgement wins
    after = snapshot()
    run("resolve")
    assert snapshot() == after


def test_rows_from_before_incremental_runs_get_one_full_run() -> None:
    from sqlalchemy import text, update

    from ratline.store import schema

    ingest("first.jsonl")
    store = open_store()
    c = schema.clusters
    with store.writer() as conn:  # actor rows as a full run wrote them before: no keys
        for cid, data in conn.execute(c.select().with_only_columns(c.c.cluster_id, c.c.data)
                                      .where(c.c.kind == "actor")).all():
            old = {k: v for k, v in json.loads(data).items() if k not in ("keys", "name_counts")}
            conn.execute(update(c).where(c.c.kind == "actor", c.c.cluster_id == cid)
                         .values(data=json.dumps(old)))
        # ... in a store from before the resolution's state was recorded (schema 9).
        conn.execute(text("DROP TABLE resolution_state"))
        conn.execute(text("DROP TABLE unresolved"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version >= 10"))
    store.close()
    store = open_store()  # the migration reads the rows' format
    assert not resolution.extendable(store)
    store.close()
    assert "full resolve (" in ingest("second.jsonl")
    assert "incremental resolve (" in run("resolve", "--new")


def test_an_incremental_run_reads_only_what_it_links(monkeypatch: pytest.MonkeyPatch) -> None:
    # At 100,000 incidents reading every membership and incident subject made a new
    # document cost 2 s of CPU: the run reads the queue extraction fills, and the
    # memberships and clusters of what it links.
    ingest("first.jsonl")
    before = snapshot()

    def whole(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an incremental run read every membership or subject")

    with monkeypatch.context() as patched:
        patched.setattr(resolution, "memberships", whole)
        patched.setattr(resolution, "clusters", whole)
        out = ingest("second.jsonl")
    assert "incremental resolve (" in out and "new document incidents" in out
    after = snapshot()
    assert set(after["incident"]["members"]) > set(before["incident"]["members"])
    store = open_store()
    try:
        assert resolution.unresolved_subjects(store) == []  # the queue is empty again
    finally:
        store.close()
    run("resolve")
    assert snapshot() == after
