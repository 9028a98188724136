"""Routes come out ordered by stage, with legs whose ends carry their evidence and places."""

from __future__ import annotations

from typing import Any

from ratline.extract import extract_text

TEXT = ("KATHMANDU, 3 March 2024 — Police in Nepal arrested a kidney broker who sent villagers "
        "from Sindhupalchok through Birgunj to a private hospital in Chennai, India, where their "
        "kidneys were removed and sold to foreign patients.")


def test_legs_join_stages_in_order_with_places_at_each_end() -> None:
    (incident,) = extract_text(TEXT, doc_id="k").to_json()["incidents"]
    roles = [r["role"] for r in incident["route"]]
    assert roles == sorted(roles, key=["origin", "transit", "destination"].index)
    assert {"country": "IN", "role": "destination"} in incident["route"]
    legs = incident["legs"]
    assert legs, incident["route"]
    last = legs[-1]["to"]
    assert last["country"] == "IN" and "Chennai" in last["places"]
    assert last["sentence_start"] is not None and last["start"] is not None
    assert all(leg["from"]["country"] != leg["to"]["country"] for leg in legs)


def test_a_country_inside_a_persons_name_is_no_country_of_the_case() -> None:
    text = ("In 2023 the Deputy Attorney General, Lisa Monaco, announced that a broker had been "
            "charged with trafficking kidneys from Nepal to India.")
    (incident,) = extract_text(text, doc_id="m").to_json()["incidents"]
    assert "MC" not in incident["countries"]
    assert {"NP", "IN"} <= set(incident["countries"])


def _places(text: str) -> list[tuple[str, str]]:
    from ratline.extract.features import mark
    from ratline.extract.sentences import analyse

    return [(p.surface, p.country) for m in mark(text, analyse(text)) for p in m.places]


def test_a_town_inside_a_persons_name_puts_no_country_on_the_case(nlp: Any) -> None:
    # "Ferguson" (a town in the United States) is a surname here, in the full name and
    # again alone; "Gazi" and "Sohag" are towns too.
    text = ("Corinna Ferguson, a legal officer, said the trafficked women were failed by "
            "the police in Leeds. Ferguson said the force must act. Sohag Gazi was "
            "arrested in Dhaka.")
    got = _places(text)
    assert ("Leeds", "GB") in got and ("Dhaka", "BD") in got
    assert not [s for s, _ in got if s in ("Ferguson", "Gazi", "Sohag")], got
    # The same town where the text names it as a place stays; a place's own name that
    # the entity model reads as a person's keeps its place.
    assert ("Ferguson", "US") in _places("Police in Ferguson arrested two men.")
    assert any(c == "ML" for _, c in _places("Bamako Mali police arrested the smugglers."))


def test_where_leaders_met_to_speak_of_the_trade_is_no_country_of_the_case(nlp: Any) -> None:
    text = ("In 2021 customs officers detained shipments of cotton picked by forced labour in "
            "Xinjiang, China. At the recent G7 Summit in Cornwall, United Kingdom, the leaders "
            "stood united against forced labour.")
    countries = {c for inc in extract_text(text, doc_id="g").to_json()["incidents"]
                 for c in inc["countries"]}
    assert "CN" in countries and "GB" not in countries, countries
