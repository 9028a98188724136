"""The command line as a user types it: ingest, list, show, search, status, retry."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_show_unknown_document_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "0123456789"])
    assert result.exit_code != 0
    assert "no document" in result.output
