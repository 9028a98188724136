"""Bad input gives a clear result or a clear ExtractionError, never a crash."""

from __future__ import annotations

import os
from typing import Any

import pytest

from ratline.extract import ExtractionError, extract_text


def test_empty_text_is_not_relevant() -> None:
    for text in ("", "   \n\t "):
        out = extract_text(text, doc_id="e")
        assert out.relevant is False and out.incidents == []


def test_not_a_string_raises_clear_error() -> None:
    with pytest.raises(ExtractionError, match="expected text"):
        extract_text(b"bytes", doc_id="b")  # type: ignore[arg-type]


def test_random_bytes_decoded_as_text() -> None:
    junk = os.urandom(50_000).decode("latin-1")
    try:
        out = extract_text(junk, doc_id="junk")
    except ExtractionError as err:
        assert "binary" in str(err) or "decode" in str(err)
    else:
        assert out.relevant is False


def test_other_language_is_not_relevant(nlp: Any) -> None:
    text = "警方逮捕了一名涉嫌器官贩卖的男子。" * 50
    out = extract_text(text, doc_id="zh")
    assert out.relevant is False


def test_ten_megabytes_of_irrelevant_text_never_reach_the_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # What keeps a huge irrelevant text cheap: triage turns it away before spaCy reads a
    # word of it. (Triage's speed is measured by bench/extract.py.)
    from ratline.extract import nlp

    def no_parse() -> Any:
        raise AssertionError("the parser was loaded for an irrelevant text")

    monkeypatch.setattr(nlp, "load", no_parse)
    text = (
        "The council met to discuss road repairs and the new library budget. " * 20 + "\n\n"
    ) * 7500
    assert len(text) > 10_000_000
    out = extract_text(text, doc_id="big")
    assert out.relevant is False and out.incidents == []


def test_long_relevant_text_is_processed_in_pieces(nlp: Any) -> None:
    case = (
        "Police in Lahore, Pakistan, arrested a kidney broker, Imran Qadir, in 2023 for luring "
        "labourers to sell their kidneys.\n\n"
    )
    filler = "The weather was mild and the markets were busy. " * 40 + "\n\n"
    text = case + filler * 400  # about 1 MB, beyond one spaCy call
    out = extract_text(text, doc_id="long")
    assert out.relevant and out.incidents[0].trade.value == "organ"


def test_transplant_medicine_without_any_sign_of_crime_is_not_an_incident() -> None:
    from ratline.extract import extract_text

    legal = ("IZMIR, 3 May 2024 — Surgeons at a university hospital removed part of a father's "
             "liver and transplanted it into his daughter, the clinic's 500th living-donor "
             "transplant. Donors must be relatives and are evaluated by an ethics committee.")
    assert not extract_text(legal, doc_id="legal").relevant
    crime = legal + " Police later arrested a broker who sold kidneys to foreign patients."
    result = extract_text(crime, doc_id="crime")
    assert result.relevant and any(i.trade.value == "organ" for i in result.incidents)


def test_negated_crime_words_do_not_make_transplant_news_an_incident() -> None:
    from ratline.extract import extract_text

    text = ("BENGALURU, 2 March 2024 — A hospital completed its 100th paired kidney exchange, in "
            "which two families swap donors so that each patient receives a matching kidney. "
            "Every exchange is approved under the transplant law, no donor was paid and there "
            "was no trafficking.")
    assert not extract_text(text, doc_id="swap").relevant
