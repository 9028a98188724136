"""The masker: which words of a victim's name are blacked out, in texts, snippets, search
and structured values; RATLINE_KEEP_VICTIM_NAMES turns it off."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ratline import masking, pipeline
from ratline.cli import cli
from ratline.extract.pseudonyms import PREFIX, pseudonym
from ratline.masking import MASK, Masker, mask, mask_snippet, victim_names
from ratline.model import Document, Statement
from ratline.store import MARK_END, MARK_START, Store

NAMES = victim_names(["Lucia Marvell"], others=["Tomas Marvell-Ortiz", "Paulo Reyes"])


def test_prefix_is_the_extractors() -> None:
    assert masking.PREFIX == PREFIX


@pytest.mark.parametrize(("text", "hidden"), [
    ("The victim, Lucia Marvell, 19, was lured", "Lucia Marvell"),
    ("Lucia said she was lured", "Lucia"),
    ("the family of Lucia\nMarvell said", "Lucia\nMarvell"),
    ("LUCIA MARVELL: A STORY OF DECEIT", "LUCIA MARVELL"),
    ("Lúcia told the court", "Lúcia"),
])
def test_name_and_its_parts_are_masked(text: str, hidden: str) -> None:
    shown = mask(text, NAMES)
    assert len(shown) == len(text)  # offsets of every other statement stay valid
    assert hidden not in shown
    assert shown.replace(MASK, "").strip() == text.replace(hidden, "").strip() or MASK in shown


def test_name_read_from_a_wrapped_text_masks_the_wrapped_text() -> None:
    # The span of a victim statement in a wrapped text covers the cut ("Wan-\njiru").
    names = victim_names(["Grace Wan-\njiru"])
    assert names.full == {"Grace Wanjiru"}
    # A name from an unwrapped span, met cut by a wrap or across quoted e-mail lines.
    assert mask("the family of Lucia Mar-\nvell said", NAMES) == \
        "the family of █████ ███-\n████ said"
    assert mask("> the family of Lucia\n> Marvell said", NAMES) == \
        "> the family of █████\n> ███████ said"
    text = "The victim, Grace Wan-\njiru, 19, said Wanjiru had been lured; Wanjirus"
    assert mask(text, names) == \
        "The victim, █████ ███-\n████, 19, said ███████ had been lured; Wanjirus"


def test_possessive_and_surname_alone() -> None:
    names = victim_names(["Kofi Mensaba"])
    assert mask("Mensaba's kidney; Mensaba’s mother; Mensaba said", names) == \
        "███████'s kidney; ███████’s mother; ███████ said"


def test_what_is_not_the_victim_stays() -> None:
    # A surname shared with a named broker is ambiguous: only the full name goes.
    assert mask("Tomas Marvell-Ortiz met Lucia Marvell; Marvell-Ortiz paid", NAMES) == \
        "Tomas Marvell-Ortiz met █████ ███████; Marvell-Ortiz paid"
    names = victim_names(["Lucia Marvell"], others=["Juan Marvell"])
    assert mask("Juan Marvell said Marvell left", names) == "Juan Marvell said Marvell left"
    # Ordinary words, words inside other words, months and honorifics are left alone.
    may = victim_names(["Ms May Rosslyn"])
    assert mask("in may, Rosslynville; on 3 May Rosslyn and Ms Grey", may) == \
        "in may, Rosslynville; on 3 May ███████ and Ms Grey"


def test_victims_own_name_under_another_statement_is_still_the_victim() -> None:
    names = victim_names(["Lucia Marvell"], others=["Marvell", "Lucia Marvell"])
    assert mask("Marvell said", names) == "███████ said"


def test_pseudonym_surfaces_are_no_names() -> None:
    assert not victim_names(["Victim-1a2b3c", ""])


def test_snippet_markers_stay_and_a_split_name_is_masked() -> None:
    snippet = f"…lured {MARK_START}Lucia{MARK_END} {MARK_START}Marvell{MARK_END} to a {MARK_START}farm{MARK_END}…"
    shown, through_name = mask_snippet(snippet, NAMES)
    assert shown == f"…lured {MARK_START}█████{MARK_END} {MARK_START}███████{MARK_END} to a {MARK_START}farm{MARK_END}…"
    assert through_name
    plain, through = mask_snippet(f"Lucia was sent to a {MARK_START}farm{MARK_END}", NAMES)
    assert plain == f"█████ was sent to a {MARK_START}farm{MARK_END}" and not through


def test_masker_values_sources_and_search_terms() -> None:
    m = Masker({"d1": NAMES}, keep=False)
    value = {"summary": "Lucia Marvell was lured", "n": 3,
             "nested": [json.dumps({"name": "Lucia"})]}
    assert m.value(value, "d1") == {"summary": "█████ ███████ was lured", "n": 3,
                                    "nested": [json.dumps({"name": "█████"}, ensure_ascii=False)]}
    assert m.value(value, "d2") == value  # another document's victims are not this one's
    # In a file name or URL the words of the full name may be joined by - _ . or +.
    assert m.source("/news/lucia-marvell_lured.html", "d1") == "/news/█████-███████_lured.html"
    assert m.source("/news/marvell_lured.html", "d1") == "/news/marvell_lured.html"
    assert m.hides(["marvell"], "d1") and m.hides(["Lucias"], "d1")
    assert not m.hides(["farm", "reyes"], "d1") and not m.hides(["marvell"], "d2")
    # Among many documents (fewer than those naming a victim, or more): the ones it hides.
    assert m.found_by_names(["marvell"], {"d1"}) == {"d1"}
    assert m.found_by_names(["marvell"], {"d1", "d2", "d3"}) == {"d1"}
    assert m.found_by_names(["reyes"], {"d1", "d2"}) == set() == m.found_by_names(["marvell"], set())


def test_keep_victim_names_turns_masking_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATLINE_KEEP_VICTIM_NAMES", "1")
    m = Masker({"d1": NAMES})
    assert m.text("Lucia Marvell", "d1") == "Lucia Marvell"


TEXT = ("# Lucia Marvell freed from farm\n\n"
        "QUITO, May 3, 2022 - Police freed Lucia Marvell from a banana farm where a broker, "
        "Paulo Reyes, had forced her to work. Marvell said Reyes kept her passport.\n")


def _seeded(store: Store, folder: Path) -> str:
    folder.mkdir()
    (folder / "marvell-freed.md").write_text(TEXT, encoding="utf-8")
    report = pipeline.ingest(store, [str(folder)])
    doc = next(store.run_document_ids(report.run_id))[0]
    text = store.document(doc)["text"]  # type: ignore[index]
    at = text.index("Lucia Marvell", 10)
    alias = json.dumps({"name": pseudonym("Lucia Marvell", b"test-key"), "role": "seller_donor",
                        "type": "person"}, sort_keys=True)
    broker = json.dumps({"name": "Paulo Reyes", "role": "broker", "type": "person"}, sort_keys=True)
    b = text.index("Paulo Reyes")
    subject = f"incident:{doc[:16]}:0"
    store.replace_machine_statements(doc, [
        Statement(subject, "actor", alias, doc, at, at + 13, "test", "1"),
        Statement(subject, "actor", broker, doc, b, b + 11, "test", "1"),
        Statement(subject, "summary", "Police freed Lucia Marvell from a banana farm", doc, None,
                  None, "test", "1"),
    ], relevant=True, extractor_version="test")
    return doc


def test_search_masks_hits_and_finds_nothing_through_a_name(store: Store, tmp_path: Path) -> None:
    doc = _seeded(store, tmp_path / "docs")
    (hit,) = store.search("banana")
    assert hit["id"] == doc
    assert "Lucia" not in hit["title"] and "Marvell" not in hit["title"] and MASK in hit["title"]
    assert "Marvell" not in hit["source"]
    assert "Lucia" not in hit["snippet"] and "Marvell" not in hit["snippet"]
    assert f"{MARK_START}banana{MARK_END}" in hit["snippet"].lower()
    for query in ("Lucia Marvell", "marvell", "Marvell's", "banana Lucia"):
        assert store.search(query) == [], query
        # Nor does it select incidents (the web's filters, downloads).
        assert store.search_ids(query) == [] and store.matching_ids(query) == set(), query
    assert [h["id"] for h in store.search("Reyes")] == [doc]  # the broker stays findable
    assert store.search_ids("Reyes") == [doc] and store.matching_ids("Reyes") == {doc}


def test_cli_masks_every_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    store = Store(url)
    doc = _seeded(store, tmp_path / "docs")
    pipeline.resolve_stored(store)
    monkeypatch.setenv("RATLINE_DATABASE_URL", url)

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    for fmt in ("text", "jsonl"):
        for args in (("documents",), ("show", doc), ("search", "banana"), ("incidents",),
                     ("actors",)):
            out = run(*args, "--format", fmt)
            assert "Marvell" not in out and "Lucia" not in out, (args, fmt, out)
    shown = json.loads(run("show", doc, "--format", "jsonl"))
    assert "Paulo Reyes" in shown["text"] and MASK in shown["title"]
    assert any("█████ ███████" in s["value"] for s in shown["statements"])
    monkeypatch.setenv("RATLINE_KEEP_VICTIM_NAMES", "1")
    assert "Lucia Marvell" in run("show", doc)
    store.close()


EXTRACT_TEXT = (
    "In Cairo, Egypt, a migrant from Eritrea named Tesfaye Gebremariam sold his kidney to a "
    "broker, Samir Barsoum, in 2021. Tesfaye Gebremariam, who asked for help, said he woke up "
    "in a clinic. Police arrested Samir Barsoum in 2022."
)


def test_extract_command_masks_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "cairo.txt"
    path.write_text(EXTRACT_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.splitlines()[-1])
    summaries = [i["summary"] for i in line["incidents"]]
    assert summaries and not any("Tesfaye" in s or "Gebremariam" in s for s in summaries)
    assert "Gebremariam" not in result.output and "Samir Barsoum" in result.output


def test_short_name_parts_are_not_codes() -> None:
    names = victim_names(["Li Wen"])
    assert mask("Li said; LI and NP are country codes; Wen's family", names) == \
        "██ said; LI and NP are country codes; ███'s family"


def test_index_masks_words_not_codes() -> None:
    from ratline.analyze.incidents import Fact, assemble

    rows = [{"id": str(i), "subject": "incident:x:1", "prop": prop, "value": value,
             "document_id": "d1", "start": None, "end": None, "confidence": 0.5,
             "status": "machine", "reviewer": None, "original_value": None}
            for i, (prop, value) in enumerate([("country", "LI"), ("summary", "Li Wen was sold"),
                                               ("place", "Wen")])]
    inc = assemble("incident:x:1", [Fact.from_row(r) for r in rows], masker=Masker({"d1": victim_names(["Li Wen"])},
                                                       keep=False))
    assert inc is not None
    assert inc.countries == ["LI"] and inc.summary == "██ ███ was sold" and inc.places == ["███"]


def test_export_hook_masks_a_whole_record(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'export.sqlite'}")
    doc = _seeded(store, tmp_path / "docs")
    record = {"document": doc, "title": store.document(doc)["title"],  # type: ignore[index]
              "facts": [{"summary": "Police freed Lucia Marvell"}, "Marvell's passport"],
              "broker": "Paulo Reyes", "count": 2}
    assert masking.shown(store, record, [doc]) == {
        "document": doc, "title": "█████ ███████ freed from farm",
        "facts": [{"summary": "Police freed █████ ███████"}, "███████'s passport"],
        "broker": "Paulo Reyes", "count": 2}
    store.close()


def test_titles_before_a_name_are_not_part_of_it() -> None:
    names = victim_names(["Survivor Elif Demirkaya", "The Ms Ana Ruiz"])
    assert names.full == {"Elif Demirkaya", "Ana Ruiz"}
    assert mask("The survivor Elif Demirkaya and Ms Ana Ruiz", names) == \
        "The survivor ████ █████████ and Ms ███ ████"
    m = Masker({"d": names}, keep=False)
    assert not m.hides(["the", "survivor", "ms"], "d") and m.hides(["ruiz"], "d")


def test_extraction_loses_victims_names_in_summaries_and_places() -> None:
    from types import SimpleNamespace as NS

    text = "The victim, Maribel Quintero, was lured to Lima. Quintero escaped."
    at = text.index("Maribel Quintero")
    victim = NS(name=pseudonym("Maribel Quintero", b"k"),
                mention=NS(start=at, end=at + len("Maribel Quintero")))
    inc = NS(actors=[victim], summary=text,
             places=[NS(value="Lima", start=43, end=47), NS(value="Quintero", start=49, end=57)])
    masking.protect_extraction(NS(incidents=[inc]), text)
    assert inc.summary == "The victim, ███████ ████████, was lured to Lima. ████████ escaped."
    assert [p.value for p in inc.places] == ["Lima"]


def test_masking_reads_victim_statements_through_their_index(store: Store, tmp_path: Path) -> None:
    # Every list of documents shown asks which of them name a victim: through the index
    # of victim statements, not every statement of every document (2.25 s -> 0.06 s for
    # 5,000 documents of a 10M-statement store). The database takes the index only when
    # the query spells the index's pattern as a literal.
    from sqlalchemy import event, text

    from ratline.store import schema

    assert f"%{PREFIX}%" == schema.VICTIM_PATTERN
    doc = _seeded(store, tmp_path / "docs")
    seen: list[tuple[str, object]] = []

    def keep(conn: object, cursor: object, statement: str, params: object, *rest: object) -> None:
        if "substr(" in statement.lower():
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        masker = masking.load(store, [doc])
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    assert masker.names([doc])  # the victim was found
    (statement, params), = seen
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            # INDEXED BY fails ("no query solution") where the index cannot serve the query.
            forced = statement.replace("FROM statements", "FROM statements INDEXED BY "
                                       "ix_statements_victims", 1)
            rows = conn.exec_driver_sql(forced, params).fetchall()  # type: ignore[arg-type]
            assert rows and all(r[0] == doc for r in rows)
        else:
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = conn.exec_driver_sql("EXPLAIN " + statement, params).fetchall()  # type: ignore[arg-type]
            assert "ix_statements_victims" in " ".join(r[0] for r in plan)


def test_search_asks_for_more_when_masking_drops_the_best_hits(store: Store) -> None:
    # Twenty reports name a victim Marvell (found only through her name: dropped) and
    # rank first; two name a street. Snippets are made for a few more hits than shown,
    # so the street's reports come from a second, larger request.
    docs = []
    for i in range(20):
        text = f"Report {i}: police freed Lucia Marvell. Marvell, Marvell and Marvell again."
        docs.append(Document(id=hashlib.sha256(text.encode()).hexdigest(), text=text,
                             source=f"v{i}.txt", media_type="text/plain", title=None,
                             size=len(text)))
    streets = [f"Note {i}: a depot on Marvell Street was searched." for i in range(2)]
    docs += [Document(id=hashlib.sha256(t.encode()).hexdigest(), text=t, source=f"s{i}.txt",
                      media_type="text/plain", title=None, size=len(t))
             for i, t in enumerate(streets)]
    store.add_documents(docs)
    alias = json.dumps({"name": pseudonym("Lucia Marvell", b"test-key"), "role": "seller_donor",
                        "type": "person"}, sort_keys=True)
    for d in docs[:20]:
        at = d.text.index("Lucia Marvell")
        store.replace_machine_statements(d.id, [
            Statement(f"incident:{d.id[:16]}:0", "actor", alias, d.id, at, at + 13, "test", "1"),
        ], relevant=True, extractor_version="test")
    hits = store.search("Marvell", limit=2)
    assert sorted(h["id"] for h in hits) == sorted(d.id for d in docs[20:])
