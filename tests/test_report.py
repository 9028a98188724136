"""`ratline report`: the briefing as self-contained HTML and as PDF, over a store of
fictional reports: charts inline, every fact cited to its sentence and source, the
victim's name masked, levels worded as stated, and an audit row per report."""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from ratline.store import audit, open_store
from support.analysis_store import VICTIM, build, run

IMG = re.compile(r'<img id="img-(\w+)" alt="[^"]*" src="data:image/png;base64,([A-Za-z0-9+/=]+)">')


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    yield build(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def brief(world: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    out = run(world, "report", "-o", str(path))
    assert out.startswith(f"wrote html briefing to {path}")
    return path.read_text("utf-8")


def test_html_has_the_three_charts_inline(brief: str) -> None:
    images = dict(IMG.findall(brief))
    assert set(images) == {"map", "network", "timeline"}
    for data in images.values():
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
        assert len(data) > 5000  # a drawn chart, not an empty frame
    # Self-contained: nothing is loaded from elsewhere.
    assert not re.search(r'<(?:img|script|link)[^>]+(?:src|href)="(?:https?:)?//', brief)


def test_html_cites_sentences_and_sources(brief: str) -> None:
    text = html.unescape(brief)
    assert "Recipients from Israel paid USD 60,000 per transplant, police said." in text
    assert re.search(r'<a href="[^"]*cairo\.md">[^<]*cairo\.md</a>', brief)
    prices = html.unescape(brief[brief.index('<h2 id="prices">'):brief.index('<h2 id="routes">')])
    assert "2,000–5,000 USD (3)" in prices and "60,000–80,000 USD (2)" in prices
    assert "not converted" in prices
    # Every fact sits under the sentence that states it, with the number of its source,
    # and every incident lists its sources with their addresses.
    said = re.findall(r'<li><q class="sentence">(.*?)</q> \[(\d+)\] — (.*?)</li>', brief)
    assert said and all(sentence and facts.startswith("<b>") for sentence, _, facts in said)
    broker = next(facts for sentence, _, facts in said
                  if "arrested the kidney broker Omar Halimfaro" in html.unescape(sentence))
    assert "<b>actor</b>: Omar Halimfaro (broker)" in broker
    assert re.search(r'<li value="1">Kidney broker arrested in Cairo — <a href="[^"]*cairo\.md">',
                     brief)
    assert re.search(r"<td>Eritrea</td><td>Egypt</td><td>1</td><td class=\"level\">Charged</td>",
                     brief)


def test_html_masks_the_victim_and_states_levels(brief: str) -> None:
    text = html.unescape(brief)
    for word in VICTIM.split():
        assert word not in text
    assert "Victim-" in text  # the victim is there, under a pseudonym
    assert "Allegation (unproven)" in text  # the Istanbul rumour, worded as such
    assert "Convicted" not in text.replace('only "Convicted (court)" means', "")


def test_filters_select_incidents(world: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "strong.html"
    out = run(world, "report", "--min-evidence", "arrest", "-o", str(path))
    assert "min_evidence = arrest" in path.read_text("utf-8")
    assert "Syria" not in html.unescape(path.read_text("utf-8"))
    assert re.search(r"\d+ incidents, \d+ listed", out)


def test_pdf_text_has_no_victim_name(world: dict[str, str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "brief.pdf"
    run(world, "report", "-o", str(path))
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "Briefing" in text and "Reported prices" in text
    assert "Allegation (unproven)" in text
    for word in VICTIM.split():
        assert word not in text
    for key, value in world.items():
        monkeypatch.setenv(key, value)
    store = open_store()
    try:
        _total, rows = audit.entries(store, 10, 0, "export")
    finally:
        store.close()
    assert any(r["target"] == "report:pdf" and r["user_name"] == "analysis-test" for r in rows)


def test_bad_output_name_is_one_line(world: dict[str, str], tmp_path: Path) -> None:
    out = run(world, "report", "-o", str(tmp_path / "brief.docx"), code=1)
    assert out.strip() == "Error: the report is html or pdf: name the file .html or .pdf, " \
        "not 'brief.docx'"
    assert not (tmp_path / "brief.docx").exists()
