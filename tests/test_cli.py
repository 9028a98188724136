"""The command line as a user types it: ingest, list, show, search, status, retry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from ratline.cli import cli


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def make_docs(folder: Path) -> Path:
    folder.mkdir()
    (folder / "raid.txt").write_text("Police in Karachi arrested a kidney broker after a raid.\n")
    (folder / "court.md").write_text("# Verdict\n\nA surgeon was convicted in Delhi for organ sales.\n")
    (folder / "empty.txt").write_text("")
    return folder


def test_ingest_list_show_search_status(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs")
    summary = jsonl(run("ingest", "--no-extract", "--format", "jsonl", str(docs)))[0]
    assert (summary["added"], summary["failed"]) == (2, 1)

    listed = jsonl(run("documents", "--format", "jsonl"))
    titles = sorted(d["title"] for d in listed if d["status"] != "failed")
    assert len(titles) == 2 and "Verdict" in titles
    assert all("text" not in d for d in listed)

    stored = [d for d in listed if d["status"] == "stored"]
    shown = jsonl(run("show", stored[0]["id"][:10], "--format", "jsonl"))[0]
    assert shown["id"] == stored[0]["id"] and shown["text"]

    hits = jsonl(run("search", "kidney", "--format", "jsonl"))
    assert len(hits) == 1 and "\x02kidney\x03" in hits[0]["snippet"].lower()
    text_hits = run("search", "surgeon")
    assert "surgeon" in text_hits and "Verdict" in text_hits

    status = run("status")
    assert "empty.txt" in status and "empty document" in status

    again = jsonl(run("ingest", "--no-extract", "--format", "jsonl", str(docs)))[0]
    assert (again["added"], again["duplicates"]) == (0, 2)


def test_retry_reads_fixed_files(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs")
    run("ingest", "--no-extract", str(docs))
    (docs / "empty.txt").write_text("Now there is a report of a broker in Lagos.")
    out = run("retry")
    assert "1 resolved, 0 remain" in out
    assert not [d for d in jsonl(run("documents", "--format", "jsonl")) if d["status"] == "failed"]


def test_ingest_extracts_exactly_the_documents_it_read(
        database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATLINE_DATABASE_URL", database_url)
    aside = tmp_path / "aside"
    aside.mkdir()
    (aside / "clinic.txt").write_text("A clinic in Lakeville was searched by police.\n")
    run("ingest", "--no-extract", str(aside))  # stored, left for `ratline process`
    docs = make_docs(tmp_path / "docs")

    def statuses() -> dict[str, str]:
        return {Path(d["source"]).name: d["status"] for d in jsonl(run("documents", "--format", "jsonl"))}

    def statements() -> int:
        return int(jsonl(run("status", "--format", "jsonl"))[0]["counts"]["statements"])

    assert "extracted 2 documents" in run("ingest", str(docs))
    assert statuses() == {"clinic.txt": "stored", "raid.txt": "extracted",
                          "court.md": "extracted", "empty.txt": "failed"}
    stored = statements()
    assert stored > 0
    # Read again: every document is extracted already, so nothing is added twice.
    assert "extracted 0 documents" in run("ingest", str(docs))
    assert statements() == stored
    # A new folder: its new document, and the stored one it reads again (the clinic,
    # stored but not extracted), are extracted; the documents of earlier runs are not.
    later = tmp_path / "later"
    later.mkdir()
    (later / "seized.txt").write_text("Customs in Port Arden seized forged papers from a broker.\n")
    (later / "clinic-again.txt").write_text("A clinic in Lakeville was searched by police.\n")
    (later / "raid-again.txt").write_text((docs / "raid.txt").read_text())
    assert "extracted 2 documents" in run("ingest", str(later))
    assert statuses() == {"clinic.txt": "extracted", "raid.txt": "extracted", "court.md": "extracted",
                          "empty.txt": "failed", "seized.txt": "extracted"}


def test_show_unknown_document_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "0123456789"])
    assert result.exit_code != 0
    assert "no document" in result.output


# -- the shared filters on `incidents` and `actors`, over the fictional examples ----------
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports"


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a store holding the bundled fictional examples, extracted and
    resolved once for the module."""
    tmp = tmp_path_factory.mktemp("examples")
    env = {"RATLINE_HOME": str(tmp / "home"), "RATLINE_PSEUDONYM_KEY": "test-key",
           "RATLINE_DATABASE_URL": f"sqlite:///{tmp / 'store.sqlite'}"}
    result = CliRunner().invoke(cli, ["ingest", str(EXAMPLES)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return env


def listed(env: dict[str, str], *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--format", "jsonl"], env=env,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return jsonl(result.output)


def ids(rows: list[dict]) -> list[str]:
    return [r["id"] for r in rows]


def test_incidents_jsonl_carries_route_legs_and_actors_with_roles(examples: dict[str, str]) -> None:
    rows = listed(examples, "incidents")
    routed = [r for r in rows if r["route"]]
    assert routed
    for r in routed:
        assert all(set(step) == {"country", "role"} and len(step["country"]) == 2 and
                   step["role"] in ("origin", "transit", "destination", "unknown")
                   for step in r["route"])
        countries = {step["country"] for step in r["route"]}
        assert all({leg["from"], leg["to"]} <= countries for leg in r["route_legs"])
        assert countries <= set(r["countries"])  # a route runs through the case's countries
    actors = [a for r in rows for a in r["actors"]]
    assert actors and all({"id", "name", "type", "role", "status"} <= set(a) for a in actors)
    assert {"convicted", "charged"} & {a["status"] for a in actors}
    assert {"broker", "surgeon"} <= {a["role"] for a in actors}
    # What resolution finds candidates by is no reader's business (an incident of several
    # reports lists each one's blocking keys).
    assert any(len(r["members"]) > 1 for r in rows)
    for row in [*rows, *listed(examples, "incidents", "--country", "NP"), *listed(examples, "actors")]:
        assert not {"keys", "member_keys"} & set(row)


def test_country_by_name_or_alias_is_the_country_by_code(examples: dict[str, str]) -> None:
    by_code = ids(listed(examples, "incidents", "--country", "NP"))
    assert by_code
    for spelling in ("Nepal", "nepal", "NEPAL", "np", "NPL"):
        assert ids(listed(examples, "incidents", "--country", spelling)) == by_code
    turkey = ids(listed(examples, "incidents", "--country", "TR"))
    assert turkey and ids(listed(examples, "incidents", "--country", "Türkiye")) == turkey
    assert ids(listed(examples, "incidents", "--country", "Turkey")) == turkey


@pytest.mark.parametrize(("args", "message"), [
    (["--country", "Atlantis"], "unknown country 'Atlantis'; give a country name or ISO code"),
    (["--destination", "Narnia"], "unknown destination 'Narnia'"),
    (["--conflict", "maybe"], "conflict must be one of yes, true, 1, no, false, 0"),
    (["--since", "lately"], "since must be an age such as 7d"),
    (["--min-evidence", "gossip"], "unknown min_evidence 'gossip'; known: rumor"),
])
def test_bad_filter_is_a_usage_error(examples: dict[str, str], args: list[str],
                                     message: str) -> None:
    for command in ("incidents", "actors"):
        result = CliRunner().invoke(cli, [command, *args], env=examples)
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output


def test_route_role_filters(examples: dict[str, str]) -> None:
    everything = listed(examples, "incidents")
    into_india = listed(examples, "incidents", "--destination", "India")
    assert into_india and len(into_india) < len(everything)
    assert all({"country": "IN", "role": "destination"} in r["route"] for r in into_india)
    expected = [r["id"] for r in everything
                if {"country": "IN", "role": "destination"} in r["route"]]
    assert ids(into_india) == expected
    from_nepal = listed(examples, "incidents", "--origin", "Nepal", "--destination", "IN")
    assert from_nepal and set(ids(from_nepal)) <= set(ids(into_india))
    # India is only ever a destination in the examples.
    assert listed(examples, "incidents", "--origin", "India") == []


def test_actor_name_ignores_accents_and_case(examples: dict[str, str]) -> None:
    accented = listed(examples, "incidents", "--actor", "Mrkonjić")
    assert accented and ids(listed(examples, "incidents", "--actor", "MRKONJIC")) == ids(accented)
    assert all(any("Mrkonjić" in a["name"] for a in r["actors"]) for r in accented)
    people = listed(examples, "actors", "--actor", "mrkonjic")
    assert [p["name"] for p in people] == ["Dragan Mrkonjić-Vuletić"]
    surgeons = listed(examples, "actors", "--role", "surgeon")
    assert surgeons and "Kemal Oruçlugil" in {p["name"] for p in surgeons}
    assert listed(examples, "actors", "--actor", "oruclugil", "--role", "broker") == []


def test_since_filters_on_the_ingest_time(examples: dict[str, str]) -> None:
    from sqlalchemy import update

    from ratline.store import Store, schema

    everything = listed(examples, "incidents")
    old = next(r for r in everything if r["route"])
    store = Store(examples["RATLINE_DATABASE_URL"])
    try:
        d = schema.documents
        with store.engine.begin() as conn:
            conn.execute(update(d).where(d.c.id.in_(old["sources"]))
                         .values(created_at=datetime(2020, 1, 1, tzinfo=UTC)))
    finally:
        store.close()
    recent = ids(listed(examples, "incidents", "--since", "7d"))
    # An incident is kept when any of its documents was ingested since.
    assert recent == [r["id"] for r in everything if set(r["sources"]) - set(old["sources"])]
    assert old["id"] not in recent and recent
    assert ids(listed(examples, "incidents", "--since", "2019-12-31")) == ids(everything)
    assert listed(examples, "incidents", "--since", "2999-01-01") == []


def test_kind_and_conflict_words(examples: dict[str, str]) -> None:
    everything = ids(listed(examples, "incidents"))
    assert ids(listed(examples, "incidents", "--kind", "case")) == everything
    assert listed(examples, "incidents", "--kind", "negative") == []
    agree = ids(listed(examples, "incidents", "--conflict", "no"))
    assert ids(listed(examples, "incidents", "--conflict", "false")) == agree
    disagree = ids(listed(examples, "incidents", "--conflict", "yes"))
    assert ids(listed(examples, "incidents", "--conflict", "true")) == disagree
    assert sorted(agree + disagree) == sorted(everything)


def test_piped_incidents_are_one_unwrapped_row_a_line(examples: dict[str, str]) -> None:
    rows = listed(examples, "incidents")
    env = {**os.environ, **examples, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-m", "ratline", "incidents"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "trade", "evidence", "year", "countries", "sources",
                                    "conflicts", "summary"]
    assert len(lines) == len(rows) + 1
    assert any(len(line) > 80 for line in lines)  # nothing folded at 80 columns
    for line, row in zip(lines[1:], rows, strict=True):
        cells = line.split("\t")
        assert len(cells) == 8 and cells[0] == row["id"] and cells[7] == " ".join(row["name"].split())


def test_a_pipe_closed_early_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ratline prices | head`: the reader goes away mid-output; the command ends quietly
    with status 0 instead of a traceback."""
    import ratline.cli as cli_module

    def closed(**_: object) -> None:
        raise BrokenPipeError

    monkeypatch.setattr(cli_module, "cli", closed)
    saved = os.dup(sys.stdout.fileno())
    try:
        with pytest.raises(SystemExit) as done:
            cli_module.main()
    finally:
        os.dup2(saved, sys.stdout.fileno())
        os.close(saved)
    assert done.value.code == 0
