"""`ratline extract` reads files as `ratline ingest` does: through the sources stage, with
its link policy and size limits, one object per document of an archive or a corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ratline.cli import cli
from ratline.extract_files import document_id, extract_paths
from ratline.model import RawItem
from ratline.sources.limits import SourceLimits

CASE = "Police in Kathmandu arrested a kidney broker in 2015; he was charged with organ trafficking."
SECRET = "Nobody outside this folder should read the words Quartz Lantern Seventeen."


def test_document_ids_follow_files_members_and_records() -> None:
    assert document_id("/data/reports/case-01.txt") == "case-01"
    assert document_id("/data/bundle.zip!2019/case-02.html") == "case-02"
    assert document_id("/data/corpus.jsonl#17") == "corpus#17"
    assert document_id("/data/corpus.jsonl#3", RawItem(origin="x", meta={"id": "rec-9"})) == "rec-9"
    assert document_id("/data/a.tar.gz!b.zip!x/case-03.txt") == "case-03"
    # A '#' that is no line number, or a '!' after no archive, belongs to the name.
    assert document_id("/data/notes#draft.txt") == "notes#draft"
    assert document_id("/data/breaking!news.txt") == "breaking!news"
    assert document_id("/data/breaking!news.txt",
                       RawItem(origin="/data/breaking!news.txt", filename="breaking!news.txt")
                       ) == "breaking!news"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_out_of_the_folder_is_refused_and_not_read(tmp_path: Path) -> None:
    inside, outside = tmp_path / "reports", tmp_path / "private"
    inside.mkdir()
    outside.mkdir()
    (outside / "notes.txt").write_text(SECRET, encoding="utf-8")
    (inside / "case.txt").write_text(CASE, encoding="utf-8")
    (inside / "notes.txt").symlink_to(outside / "notes.txt")
    result = CliRunner().invoke(cli, ["extract", str(inside)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(rows) == {"case", "notes"}
    assert rows["case"]["incidents"] and "error" not in rows["case"]
    assert "outside" in rows["notes"]["error"] and rows["notes"]["incidents"] == []
    assert "Quartz" not in result.output


def test_an_oversized_file_is_a_failure_not_a_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(CASE * 20, encoding="utf-8")
    (row,) = extract_paths([big], limits=SourceLimits(max_item_bytes=1_000))
    assert row["id"] == "big" and row["incidents"] == []
    assert "larger than" in row["error"]


def test_a_corpus_gives_one_object_per_record_and_a_failure_per_bad_line(tmp_path: Path) -> None:
    corpus = tmp_path / "cases.jsonl"
    corpus.write_text(
        json.dumps({"id": "nepal-2015", "text": CASE}) + "\n"
        + "not json\n"
        + json.dumps({"text": "A court in Chisinau convicted an organ broker in 2003."}) + "\n",
        encoding="utf-8",
    )
    rows = list(extract_paths([corpus]))
    assert [r["id"] for r in rows] == ["nepal-2015", "cases#2", "cases#3"]
    assert [r["path"] for r in rows] == [f"{corpus}#1", f"{corpus}#2", f"{corpus}#3"]
    assert rows[0]["incidents"][0]["year"] == 2015
    assert "not valid JSON" in rows[1]["error"]
    assert rows[2]["incidents"][0]["evidence"] == "conviction"
    # No record's text runs into another's: each is a document of its own.
    assert all("Chisinau" not in i["summary"] for i in rows[0]["incidents"])


def test_an_archive_gives_one_object_per_member(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("2015/nepal.txt", CASE)
        zf.writestr("2003/moldova.txt", "A court in Chisinau convicted an organ broker in 2003.")
    rows = sorted(extract_paths([bundle]), key=lambda r: r["id"])
    assert [r["id"] for r in rows] == ["moldova", "nepal"]
    assert [r["incidents"][0]["year"] for r in rows] == [2003, 2015]
    assert all(r["path"].startswith(f"{bundle}!") for r in rows)


def test_markup_the_html_reader_recovers_from_prints_no_library_errors(tmp_path: Path) -> None:
    # Bare text under an .html name: trafilatura finds no tree and logs errors, and the
    # reader reads the text all the same; the user sees the result, not the errors.
    page = tmp_path / "fragment.html"
    page.write_text(CASE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ratline", "extract", str(page)],
                          capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(done.stdout)["incidents"][0]["year"] == 2015
    assert "trafilatura" not in done.stderr and "ERROR" not in done.stderr
