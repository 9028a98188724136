"""A victim's name never shows as a place of the case (texts written for the test)."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text, features
from ratline.extract.pseudonyms import holds_one_of, names_one_of

DATELINE = (
    "Kenyan youths lured into selling kidneys\n\n"
    "March 3, 2025 - Amon Ruto Kibet still lives with regret.\n\n"
    "The 23-year-old is among young Kenyans lured into selling their kidneys for a fraction "
    "of what recipients pay.\n\n"
    "Amon narrated how a middleman transported him to a private hospital in Eldoret, where "
    "doctors removed his kidney in 2023. \"I hate myself for it,\" Amon said.\n"
)

SELLER = (
    "Kidney sellers of Cusco\n\n"
    "Rosa Lima, 31, sold her kidney for $3,000 in 2022 to pay her family's debts, she told "
    "reporters in Cusco.\n\n"
    "A broker took Rosa Lima to a private clinic in Arequipa, where doctors removed her "
    "kidney. Police in Arequipa arrested the broker, Julio Quispe, in 2023.\n"
)


def _places(text: str, **kw: Any) -> list[str]:
    out = extract_text(text, doc_id="t", **kw)
    return [p for inc in out.incidents for p in inc.to_dict()["places"]]


def test_a_dateline_s_name_whose_given_name_is_a_town_is_a_person_not_a_place(
        nlp: Any) -> None:
    out = extract_text(DATELINE, doc_id="t")
    places = [p for inc in out.incidents for p in inc.to_dict()["places"]]
    assert "Amon" not in places and "Eldoret" in places, places
    named = [v["name"] for inc in out.incidents for v in inc.to_dict()["victims"]["named"]]
    assert named and all(n.startswith("Victim-") for n in named), named
    assert "Amon" not in repr([inc.to_dict() for inc in out.incidents])


def test_a_victim_s_name_word_read_as_a_town_is_dropped_from_the_places(
        nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the reading of names, "Lima" of "Rosa Lima" is a town of the gazetteer: the
    # last guard is that no word the summary masks is shown as a place.
    monkeypatch.setattr(features, "_not_in_names", lambda places, sentences: places)
    monkeypatch.setattr(features, "_not_people", lambda places, text: places)
    assert "Lima" in _places(SELLER, keep_victim_names=True)
    places = _places(SELLER)
    assert "Lima" not in places and "Arequipa" in places, places


def test_names_one_of_reads_a_name_as_the_masker_does() -> None:
    names = ["Rosa Lima Quispe"]
    assert names_one_of("Lima", names) and names_one_of("rosa lima quispe", names)
    assert not names_one_of("Li", ["Li Wei"])  # two letters: the masker leaves them too
    assert not names_one_of("Arequipa", names) and not names_one_of("", names)


def test_holds_one_of_finds_a_name_word_standing_alone() -> None:
    names = ["Maria Lopez"]
    assert holds_one_of("Lopez told police", names) and holds_one_of("the MARIA group", names)
    assert not holds_one_of("Lopezville Police", names)  # no word of the name alone
    assert not holds_one_of("Li Wei Clinic", ["Li Ka"])  # two letters: the masker leaves them


def test_a_common_word_of_a_heading_and_a_sea_s_name_are_no_places(nlp: Any) -> None:
    # "Bride" is a village of the Isle of Man; the Strait of Gibraltar is no stay there.
    bride = _places("Bride trafficking case: woman held\n\nPolice in Haryana arrested a woman "
                    "who bought a girl from Assam for Rs 50,000 in 2023.")
    assert "Bride" not in bride and "Haryana" in bride, bride
    out = extract_text("Police in Algeciras arrested smugglers who ferried migrants across the "
                       "Strait of Gibraltar in speedboats in 2023.", doc_id="t")
    (inc,) = out.incidents
    assert inc.to_dict()["countries"] == ["ES"], inc.to_dict()["countries"]


def test_a_trader_s_given_name_the_gazetteer_holds_is_no_place_of_the_case(nlp: Any) -> None:
    text = ("Kidney seller speaks out\n\nRahim Uddin, 30, sold his kidney in 2019 for 300,000 "
            "taka to pay off debts. A broker named Jamal took him to a hospital in Kolkata, "
            "where the organ was removed.\n")
    out = extract_text(text, doc_id="t")
    countries = {c for inc in out.incidents for c in inc.to_dict()["countries"]}
    assert "IN" in countries and "TN" not in countries, countries  # Jamal, a town of Tunisia
