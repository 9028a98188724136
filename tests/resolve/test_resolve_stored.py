"""Resolution over the store: reports of one case become one incident; people's merges and
splits survive re-running the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ratline.cli import cli

SAME_CASE = Path(__file__).resolve().parents[1] / "fixtures" / "same_case"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def incidents() -> list[dict]:
    return [json.loads(line) for line in run("incidents", "--format", "jsonl").splitlines() if line]


def by_source(rows: list[dict]) -> dict[str, dict]:
    return {src: row for row in rows for src in row["sources"]}


def member_of(rows: dict[str, dict], document_id: str) -> str:
    """The document's own incident subject inside its cluster (`incident:<doc16>:<n>`)."""
    return next(m for m in rows[document_id]["members"] if m.split(":")[1] == document_id[:16])


@pytest.fixture
def ingested() -> dict[str, str]:
    """Ingest the four reports; return document id by file stem."""
    run("ingest", str(SAME_CASE))
    docs = json.loads("[" + ",".join(run("documents", "--format", "jsonl").splitlines()) + "]")
    return {Path(d["source"]).stem: d["id"] for d in docs}


def test_reports_of_one_case_become_one_incident_with_every_source(ingested: dict[str, str]) -> None:
    rows = incidents()
    same = {ingested["wire"], ingested["daily"], ingested["ngo"]}
    case = by_source(rows)[ingested["wire"]]
    assert set(case["sources"]) == same
    assert case["corroboration"] == 3
    assert case["trade"] == "organ" and case["evidence"] == "arrest"
    # The look-alike in another year stays its own incident.
    other = by_source(rows)[ingested["other-year"]]
    assert other["id"] != case["id"] and other["sources"] == [ingested["other-year"]]
    # Each source's own claim stays visible.
    assert {c["document_id"] for c in case["claims"]} == same


def test_ids_are_stable_and_judgements_survive_reruns(ingested: dict[str, str]) -> None:
    before = by_source(incidents())
    case_id = before[ingested["wire"]]["id"]
    ngo_member = member_of(before, ingested["ngo"])
    wire_member = member_of(before, ingested["wire"])

    # A person says the NGO account is a different incident.
    run("split", ngo_member, wire_member, "--reviewer", "ana")
    after_split = by_source(incidents())
    assert after_split[ingested["ngo"]]["id"] != after_split[ingested["wire"]]["id"]
    assert after_split[ingested["wire"]]["id"] == case_id  # the larger part keeps its id

    # Re-running the whole pipeline (re-extraction + resolution) keeps the split.
    run("process", "--all")
    rerun = by_source(incidents())
    assert rerun[ingested["ngo"]]["id"] != rerun[ingested["wire"]]["id"]
    assert rerun[ingested["wire"]]["id"] == case_id

    # A person merges the look-alike into the case; that holds across re-runs too.
    other_id = rerun[ingested["other-year"]]["id"]
    run("merge", case_id, other_id, "--reviewer", "ana")
    run("process", "--all")
    final = by_source(incidents())
    assert final[ingested["other-year"]]["id"] == final[ingested["wire"]]["id"] == case_id
    assert final[ingested["ngo"]]["id"] != case_id


def test_actors_are_reconciled_across_spellings(ingested: dict[str, str]) -> None:
    actors = [json.loads(line) for line in run("actors", "--format", "jsonl").splitlines() if line]
    broker = [a for a in actors if "Shrestha" in a["name"]]
    assert len(broker) == 1, broker
    assert len(broker[0]["documents"]) == 3
    assert {"wire", "daily", "ngo"} <= {
        stem for stem, doc in ingested.items() if doc in broker[0]["documents"]}


def test_geocode_prints_country_region_and_precision() -> None:
    rows = [json.loads(line) for line in run("geocode", "Tal Afar", "Michoacán", "Sinai",
                                             "Benin City").splitlines()]
    got = {r["query"]: r for r in rows}
    assert got["Tal Afar"]["country"] == "IQ" and got["Tal Afar"]["precision"] == "place"
    assert got["Michoacán"]["country"] == "MX" and got["Michoacán"]["precision"] == "region"
    assert got["Sinai"]["country"] == "EG"
    assert got["Benin City"]["country"] == "NG"
    assert all(isinstance(r["lat"], float) and isinstance(r["lon"], float) for r in rows)


def test_explain_shows_weights_of_a_link_and_of_a_refused_near_link(ingested: dict[str, str]) -> None:
    rows = by_source(incidents())
    case, other = rows[ingested["wire"]], rows[ingested["other-year"]]
    linked = run("incidents", "--explain", member_of(rows, ingested["wire"]), member_of(rows, ingested["daily"]))
    assert "linked: same incident" in linked and "total +" in linked and "threshold +" in linked
    assert "actors " in linked and "bits" in linked
    apart = run("incidents", "--explain", case["id"], other["id"])
    assert "not linked" in apart and "year " in apart
    broker = next(a for a in json.loads("[" + ",".join(run("actors", "--format", "jsonl").splitlines()) + "]")
                  if "Shrestha" in a["name"])
    out = run("actors", "--explain", broker["id"], broker["aliases"][0])
    assert "score " in out and "threshold 0.85" in out


def test_new_report_links_to_the_known_incident_without_a_full_run(ingested: dict[str, str]) -> None:
    from sqlalchemy import delete

    from ratline import pipeline
    from ratline.store import open_store, schema

    rows = by_source(incidents())
    case_id = rows[ingested["wire"]]["id"]
    ngo = member_of(rows, ingested["ngo"])
    store = open_store()
    # Forget the NGO report's place, as if it had just been extracted (and queued).
    with store.writer() as conn:
        conn.execute(delete(schema.resolutions).where(schema.resolutions.c.member == ngo))
        conn.execute(schema.unresolved.insert().values(subject=ngo))
    report = pipeline.link_new(store)
    assert (report.new, report.linked, report.created) == (1, 1, 0)
    after = by_source(incidents())
    assert after[ingested["ngo"]]["id"] == case_id
    assert set(after[ingested["ngo"]]["sources"]) == set(rows[ingested["wire"]]["sources"])
    assert pipeline.link_new(store).new == 0
    out = run("resolve", "--new")
    assert out.startswith("incremental resolve (") and ": 0 new document incidents" in out


def test_fingerprints_are_made_once_and_remade_after_a_version_change(ingested: dict[str, str]) -> None:
    """Resolution fingerprints each document from its text once and keeps the hashes; a
    fingerprint of an older version is made again, never trusted."""
    from sqlalchemy import select, update

    from ratline.resolve.fingerprint import decode, fingerprint
    from ratline.store import open_store, resolution, schema

    store = open_store()
    f = schema.fingerprints
    with store.engine.connect() as conn:
        stored = {d: decode(v) for d, v in conn.execute(select(f.c.document_id, f.c.value))}
    assert set(stored) == set(ingested.values())  # the ingest's resolution made them all
    wire = ingested["wire"]
    text = next(r["text"] for r in store.iter_texts([wire]))
    assert stored[wire] == fingerprint(text) and stored[wire]
    with store.writer() as conn:
        conn.execute(update(f).where(f.c.document_id == wire).values(value='{"v":"0","names":[]}'))
    assert resolution.fingerprints(store, [wire]) == {wire: fingerprint(text)}
    with store.engine.connect() as conn:
        value = conn.execute(select(f.c.value).where(f.c.document_id == wire)).scalar_one()
    assert decode(value) == fingerprint(text)
    store.close()


def test_a_full_resolution_streams_the_incidents_statements_alone(
        ingested: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`ratline resolve` reads the statements about incidents, none rejected, in the order
    and with the values it read when it took every statement, and never asks for every
    statement: a large store's statements are streamed, not held."""
    from ratline.pipeline import resolve_stored
    from ratline.store import Store, open_store, resolution

    store = open_store()
    actor = next(r for r in store.statements(document_id=ingested["wire"], prop="actor"))
    store.review(actor["id"], "rejected", "tester")
    wanted = [(r["id"], r["subject"], r["document_id"], r["prop"], r["value"], r["status"])
              for r in store.statements()
              if r["subject"].startswith("incident:") and r["status"] != "rejected"]
    streamed = [(r["id"], r["subject"], r["document_id"], r["prop"], r["value"], r["status"])
                for r in resolution.incident_statements(store, batch=7)]
    assert streamed == wanted and actor["id"] not in {r[0] for r in streamed}
    before = by_source(incidents())

    def refused(*args: object, **kwargs: object) -> list[object]:
        raise AssertionError("a full resolution read every statement")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "statements", refused)
        report = resolve_stored(store)
    store.close()
    after = by_source(incidents())
    assert report.incidents == len({r[1] for r in wanted})
    assert {d: r["id"] for d, r in after.items()} == {d: r["id"] for d, r in before.items()}
    assert {d: sorted(r["sources"]) for d, r in after.items()} == {
        d: sorted(r["sources"]) for d, r in before.items()}


def test_explain_reads_the_two_sides_only_and_weighs_names_as_the_whole_store(
        ingested: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # It read every report of the store to count names; the store keeps the counts.
    from ratline import pipeline
    from ratline.resolve.explain import explain_incidents
    from ratline.store import open_store, resolution

    rows = by_source(incidents())
    a, b = member_of(rows, ingested["wire"]), member_of(rows, ingested["other-year"])
    store = open_store()
    try:
        records, _ = resolution.stored_records(store)
        whole = explain_incidents(records, [a], [b]).lines

        def refused(*args: object) -> None:
            raise AssertionError("every report read")

        monkeypatch.setattr(resolution, "stored_records", refused)
        assert pipeline.explain_stored(store, "incident", a, b)[1:] == whole
    finally:
        store.close()
