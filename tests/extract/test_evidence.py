"""Evidence levels: the strongest stated level, moved by hedges, negation and conditions."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text


def _evidence(text: str) -> list[str]:
    out = extract_text(text, doc_id="t", published=None)
    return [i.evidence.value for i in out.incidents]


@pytest.mark.usefixtures("nlp")
class TestLadder:
    def test_arrest(self) -> None:
        text = (
            "Police in Lahore, Pakistan, arrested a broker, Imran Qadir, on Monday for luring "
            "labourers to sell their kidneys to foreign patients at a private clinic in 2023."
        )
        assert _evidence(text) == ["arrest"]

    def test_conviction_beats_arrest(self) -> None:
        text = (
            "A court in Cairo, Egypt, convicted a surgeon, Karim Nassar, of removing kidneys from "
            "migrants who were paid USD 2,000 each; he had been arrested in 2019."
        )
        assert _evidence(text) == ["conviction"]

    def test_negated_arrest_stays_at_report(self) -> None:
        text = (
            "Villagers in Kavre, Nepal, say brokers recruited at least ten men to sell their kidneys "
            "in India in 2022. No arrests have been made."
        )
        assert _evidence(text) == ["report"]

    def test_conditional_conviction_is_not_a_conviction(self) -> None:
        text = (
            "Prosecutors in Bratislava, Slovakia, charged Jan Kovac with trafficking firearms to "
            "Sweden in 2022. If convicted, he faces up to ten years in prison."
        )
        assert _evidence(text) == ["charge"]

    def test_unconfirmed_claims_are_allegations(self) -> None:
        text = (
            "Migrants held near Sabha, Libya, allege that guards removed kidneys from detainees and "
            "sold them in 2023. The claims could not be independently confirmed."
        )
        assert _evidence(text) == ["allegation"]

    def test_speculation_with_official_denial(self) -> None:
        text = (
            "A blogger speculates that kidneys are being removed from Syrian refugees in Lebanon and "
            "sold abroad. The health ministry categorically denies these claims."
        )
        assert _evidence(text) == ["denial"]

    def test_debunked_rumour_yields_no_incident(self) -> None:
        text = (
            "A viral post claiming that a pupil's kidney was removed at a school in Lagos, Nigeria, "
            "is false, the hospital said after scans showed that both kidneys are present."
        )
        result = extract_text(text, doc_id="t")
        assert result.incidents == []


def test_hedge_words_do_not_raise_level(nlp: Any) -> None:
    text = (
        "Rumours say children in Oaxaca, Mexico, were kidnapped and their organs harvested in 2015."
    )
    assert _evidence(text) == ["rumor"]
