"""Ingest keeps what a source says about a document: its URL and its date, as precise
as the source gives it, or the date of the dateline that opens the text."""

from __future__ import annotations

import json
from datetime import date
from itertools import islice
from pathlib import Path

from click.testing import CliRunner

from ratline import pipeline
from ratline.cli import cli
from ratline.export import tables
from ratline.readers import normalise_text
from ratline.sources.corpus import URL_KEYS
from ratline.store import Store

RECORDS = [
    {"id": "f-1", "url_or_origin": "https://example.org/reports/1 ; github:example/corpus@abc:1.md",
     "date": "2019", "title": "Year only", "text": "A fictional report dated only by its year."},
    {"id": "f-2", "url": "https://example.org/reports/2", "date": "2019-05",
     "title": "Month only", "text": "A fictional report dated by its month."},
    {"id": "f-3", "url": "https://example.org/reports/3", "date": "sometime in spring",
     "title": "Bad date", "text": "A fictional report whose date names nothing."},
    {"id": "f-4", "url_or_origin": "github:example/corpus@abc:4.md", "date": 2020,
     "title": "Number", "text": "A fictional report dated by the number 2020."},
    {"id": "f-5", "date": "", "title": "Dateline",
     "text": "LAKEVILLE, 9 June 2022 \u2014 Police in the fictional town held a broker."},
    {"id": "f-6", "date": "2018-02-30", "title": "No such day",
     "text": "LAKEVILLE, Ruritania, March 3, 2021 - The record's own date is impossible."},
    {"id": "f-7", "title": "Date in the middle",
     "text": "Police held a broker.\nHe was charged.\nThe trial opened.\nWitnesses spoke.\n"
             "LAKEVILLE, 9 June 2022 \u2014 the court sat again."},
]


def write_corpus(folder: Path, records: list[dict]) -> Path:
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def stored(store: Store) -> dict[str, dict]:
    """Stored documents by title: url, date and precision."""
    return {r["title"]: {"url": r["url"], "published": r["published"],
                         "precision": r["published_precision"]}
            for r in store.documents(status="stored")}


def test_corpus_records_keep_their_url_and_date_of_any_precision(store: Store, tmp_path: Path) -> None:
    report = pipeline.ingest(store, [str(write_corpus(tmp_path, RECORDS))])
    assert (report.added, report.failed) == (len(RECORDS), 0)  # a bad date stops nothing
    docs = stored(store)
    assert docs["Year only"] == {"url": "https://example.org/reports/1",
                                 "published": date(2019, 1, 1), "precision": "year"}
    assert docs["Month only"] == {"url": "https://example.org/reports/2",
                                  "published": date(2019, 5, 1), "precision": "month"}
    assert docs["Bad date"] == {"url": "https://example.org/reports/3", "published": None,
                                "precision": None}
    # A snapshot pointer is no web page: no URL rather than a link nobody can open.
    assert docs["Number"] == {"url": None, "published": date(2020, 1, 1), "precision": "year"}
    assert docs["Dateline"]["published"] == date(2022, 6, 9)
    assert docs["Dateline"]["precision"] == "day"
    # A record date that names nothing is missing, so the dateline dates the document.
    assert docs["No such day"]["published"] == date(2021, 3, 3)
    assert docs["Date in the middle"]["published"] is None


def test_ingesting_again_changes_nothing(store: Store, tmp_path: Path) -> None:
    corpus = str(write_corpus(tmp_path, RECORDS))
    pipeline.ingest(store, [corpus])
    before = stored(store)
    again = pipeline.ingest(store, [corpus])
    assert (again.added, again.duplicates) == (0, len(RECORDS))
    assert stored(store) == before


def test_a_document_stored_without_url_and_date_gains_them_and_keeps_what_it_has(
    store: Store, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path, RECORDS[:2])
    pipeline.ingest(store, [str(corpus)])
    with store.writer() as conn:  # as a ratline that dropped them left the first one
        conn.exec_driver_sql("UPDATE documents SET url = NULL, published = NULL, "
                             "published_precision = NULL WHERE title = 'Year only'")
        conn.exec_driver_sql("UPDATE documents SET extractor_version = 'old'")
    changed = [{**RECORDS[0]}, {**RECORDS[1], "url": "https://elsewhere.example/2", "date": "2001"}]
    write_corpus(tmp_path, changed)
    pipeline.ingest(store, [str(corpus)])
    docs = stored(store)
    assert docs["Year only"] == {"url": "https://example.org/reports/1",
                                 "published": date(2019, 1, 1), "precision": "year"}
    assert docs["Month only"] == {"url": "https://example.org/reports/2",
                                  "published": date(2019, 5, 1), "precision": "month"}
    # The newly dated document is due for extraction; the other is left as it was.
    versions = {r["title"]: r["extractor_version"] for r in store.documents()}
    assert versions == {"Year only": None, "Month only": "old"}


def test_the_cli_and_exports_show_the_url_and_the_date_as_precise_as_given(
    tmp_path: Path,
) -> None:
    env = {"RATLINE_HOME": str(tmp_path / "home"), "RATLINE_PSEUDONYM_KEY": "test-key",
           "RATLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    record = {"url_or_origin": "https://example.org/reports/9 ; github:example/corpus@abc:9.md",
              "date": "2019-05", "title": "Fictional kidney broker case",
              "text": "Police in Lakeville, Nepal, arrested a kidney broker in May 2019. The broker "
                      "allegedly paid villagers $2,000 to sell a kidney in a private hospital."}
    corpus = write_corpus(tmp_path, [record])
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(corpus)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    doc_id = pipeline.document_id(normalise_text(record["text"]))
    shown = runner.invoke(cli, ["show", doc_id], env=env, catch_exceptions=False).output
    assert "url https://example.org/reports/9\n" in shown
    assert "published 2019-05 " in shown and "2019-05-01" not in shown
    line = runner.invoke(cli, ["show", doc_id, "--format", "jsonl"], env=env,
                         catch_exceptions=False).output
    row = json.loads(line)
    assert (row["url"], row["published"], row["published_precision"]) == (
        "https://example.org/reports/9", "2019-05", "month")
    store = Store(env["RATLINE_DATABASE_URL"])
    try:
        documents = tables(store).documents
    finally:
        store.close()
    assert [(d["url"], d["published"]) for d in documents] == [
        ("https://example.org/reports/9", "2019-05")]


def test_shared_corpus_records_keep_their_urls(store: Store, shared: Path, tmp_path: Path) -> None:
    """A sample from every file of the shared corpus: each record naming a web address
    has it stored as its document's URL, and each dated record has its year."""
    sample: list[dict] = []
    for path in sorted((shared / "corpus").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            sample += [json.loads(line) for line in islice(fh, 4)]
    sample = sample[:20]
    assert len(sample) == 20
    pipeline.ingest(store, [str(write_corpus(tmp_path, sample))])
    by_id = {r["id"]: r for r in store.documents(status="stored")}
    with_url = 0
    for record in sample:
        row = by_id[pipeline.document_id(normalise_text(record["text"]))]
        given = next((str(record[k]) for k in URL_KEYS if record.get(k)), "")
        web = next((w.rstrip(";,") for w in given.split() if w.startswith(("http://", "https://"))),
                   None)
        assert row["url"] == web, record["id"]
        with_url += web is not None
        if record.get("date"):
            assert row["published"] is not None, record["id"]
            assert str(row["published"].year) == str(record["date"])[:4], record["id"]
    assert with_url >= 10  # the sample is not all URL-less records


def test_a_year_from_the_record_dates_the_incidents_its_text_leaves_undated(tmp_path: Path) -> None:
    """The year filter finds an incident by the year of its document when the text names
    none: a year-only corpus date counts as the document's date."""
    env = {"RATLINE_HOME": str(tmp_path / "home"), "RATLINE_PSEUDONYM_KEY": "test-key",
           "RATLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    record = {"url": "https://example.org/reports/11", "date": "2017", "title": "Undated text",
              "text": "Police in Lakeville, Nepal, arrested a kidney broker who allegedly paid "
                      "villagers $2,000 each to sell a kidney to patients at a private hospital."}
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(write_corpus(tmp_path, [record]))], env=env,
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output

    def years(*args: str) -> list[int | None]:
        out = runner.invoke(cli, ["incidents", *args, "--format", "jsonl"], env=env,
                            catch_exceptions=False).output
        return [json.loads(line)["year"] for line in out.splitlines() if line.strip()]

    assert years() and set(years()) == {2017}
    assert years("--year", "2017") == years()
    assert years("--year", "2018") == []
