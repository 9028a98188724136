"""A text whose only smuggling is of drugs or goods reports no case of the target trades,
however much it reads like one (a border seizure, a sentencing). Every text is written
here; all names are fictional."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text

GOODS = {
    "rice": ("Customs officers at the Kaduna border post seized 40 bags of rice and six "
             "vehicles which were being smuggled into the country from Niger. The smugglers "
             "fled into the bush when the patrol team arrived, the area controller said on "
             "Monday."),
    "cocaine": ("Crew members of a cargo ship were sentenced on Friday in Miami to five years "
                "in prison for attempting to smuggle more than two tons of cocaine into the "
                "United States. Coast guard officers found the drugs in a hidden compartment, "
                "prosecutors said."),
}


@pytest.mark.parametrize("name", sorted(GOODS))
def test_goods_smuggling_is_no_case(nlp: Any, name: str) -> None:
    out = extract_text(GOODS[name], doc_id=name).to_json()
    assert out["incidents"] == []
    assert out["relevant"] is False


def test_people_smuggled_beside_goods_still_are_a_case(nlp: Any) -> None:
    text = ("Police in Kaduna arrested two men on Monday for smuggling 14 migrants from Niger "
            "in a lorry that also carried bags of rice smuggled across the border.")
    out = extract_text(text, doc_id="both").to_json()
    assert out["relevant"] is True
    assert [i["trade"] for i in out["incidents"]] == ["human"]
