"""Hard-wrapped reports extract as their unwrapped twins, every span in the original.

All texts are fictional, written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.extractor import rule_pass
from ratline.model import RawItem
from ratline.readers import read
from ratline.unwrap import unwrap
from support.wrapped import EMAIL, EMAIL_FLAT, FLAT, WRAPPED, plain

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"


def test_example_reports_without_wrapping_are_untouched() -> None:
    for name in ("01-kathmandu-kidney-ring-wire.txt", "02-chisinau-court-summary.txt",
                 "03-lahore-police-press-release.txt", "04-ngo-field-report-joypurhat.md"):
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        assert not unwrap(text).changed, name
        rules = rule_pass(text)
        assert rules is None or (rules.source is None and rules.text is text)


def _spans(a: Any, b: Any, path: str = "") -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Pairs of provenance entries with a span, walking two extractions side by side."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        out = [(path, a, b)] if a.get("start") is not None else []
        for k in a:
            out.extend(_spans(a[k], b[k], f"{path}.{k}"))
        return out
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        return [x for i, (p, q) in enumerate(zip(a, b, strict=True))
                for x in _spans(p, q, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize(("wrapped", "flat"), [(WRAPPED, FLAT), (EMAIL, EMAIL_FLAT)])
def test_wrapped_report_extracts_as_its_twin_with_spans_into_the_original(
    nlp: Any, wrapped: str, flat: str
) -> None:
    got = extract_text(wrapped, doc_id="x").to_json()
    twin = extract_text(flat, doc_id="x").to_json()
    assert got["incidents"], "the wrapped report loses its case"
    assert got["incidents"][0]["trade"] == "human"
    u = unwrap(wrapped)
    pairs = _spans(got, twin)
    assert len(pairs) > 10
    for path, w, f in pairs:
        assert (w["start"], w["end"]) == u.span(f["start"], f["end"]), path
        # The stored span is the very words the rules read, in the original.
        assert plain(wrapped[w["start"]:w["end"]]) == flat[f["start"]:f["end"]], path
        if "sentence_start" in w:
            sentence = wrapped[w["sentence_start"]:w["sentence_end"]]
            assert plain(sentence) == flat[f["sentence_start"]:f["sentence_end"]], path
            assert sentence == sentence.strip() and w["sentence_start"] <= w["start"]
    # Values other than spans are the same on both.
    assert _without_spans(got) == _without_spans(twin)


def _without_spans(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _without_spans(v) for k, v in x.items()
                if k not in ("start", "end", "sentence_start", "sentence_end")}
    if isinstance(x, list):
        return [_without_spans(v) for v in x]
    return x


def test_trade_words_across_breaks_are_found_and_cited_whole(nlp: Any) -> None:
    rules = rule_pass(WRAPPED)
    assert rules is not None and rules.source is not None
    cited = [WRAPPED[slice(*rules.source.span(c.start, c.end))]
             for m in rules.marks for c in m.trades]
    assert "human\ntrafficking" in cited
    assert "human traf-\nficking" in cited
    inc = extract_text(WRAPPED, doc_id="x").incidents[0]
    assert inc.trade.sentence is not None
    s, e = inc.trade.sentence
    assert WRAPPED[s:e].startswith("MOMBASA") and "human\ntrafficking" in WRAPPED[s:e]


def test_wrapped_pdf_example_finds_the_palermo_case(nlp: Any) -> None:
    path = EXAMPLES / "07-palermo-trafficking-charges.pdf"
    text = read(RawItem(origin=str(path), data=path.read_bytes(), filename=path.name)).text
    got = extract_text(text, doc_id=path.stem)
    assert [i.trade.value for i in got.incidents] == ["human"]
    inc = got.incidents[0]
    assert inc.evidence.value == "charge"
    assert {"IT", "NG"} <= {c.value for c in inc.countries}
    for a in inc.actors:
        if a.mention is not None and a.mention.start is not None and not a.pseudonymised:
            assert " ".join(text[a.mention.start:a.mention.end].split()) == a.name
