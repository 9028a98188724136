"""Routes come out ordered by stage, with legs whose ends carry their evidence and places."""

from __future__ import annotations

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
