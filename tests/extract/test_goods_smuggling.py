"""A text whose only smuggling is of drugs or goods reports no case of the target trades,
however much it reads like one (a border seizure, a sentencing). Every text is written
here; all names are fictional."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.extractor import check_text, rule_pass

GOODS = {
    "rice": ("Customs officers at the Kaduna border post seized 40 bags of rice and six "
             "vehicles which were being smuggled into the country from Niger. The smugglers "
             "fled into the bush when the patrol team arrived, the area controller said on "
             "Monday."),
    "cocaine": ("Crew members of a cargo ship were sentenced on Friday in Miami to five years "
                "in prison for attempting to smuggle more than two tons of cocaine into the "
                "United States. Coast guard officers found the drugs in a hidden compartment, "
                "prosecutors said."),
    # A "smuggling operation" names no trade of its own: here it moved cigarettes.
    "cigarettes": ("Seven members of a smuggling gang who illegally imported 18m cigarettes "
                   "hidden in crates of garden furniture through Harwich have been jailed. The "
                   "group were caught at the port in March 2021 and received sentences of "
                   "between two and four years for conspiracy to evade excise duty. The "
                   "prosecutor told the court that an international smuggling operation of "
                   "this kind needed careful planning. The ringleader, Dale Spurling, 51, was "
                   "jailed for four years."),
}


@pytest.mark.parametrize("name", sorted(GOODS))
def test_goods_smuggling_is_no_case(nlp: Any, name: str) -> None:
    out = extract_text(GOODS[name], doc_id=name).to_json()
    assert out["incidents"] == []
    assert out["relevant"] is False


PEOPLE = {
    # People smuggled beside goods are a case.
    "beside_goods": ("Police in Kaduna arrested two men on Monday for smuggling 14 migrants "
                     "from Niger in a lorry that also carried bags of rice smuggled across the "
                     "border."),
    # A smuggling ring that moves people is still human trafficking.
    "ring": ("Police in Calais arrested four men on Tuesday who ran a migrant smuggling ring "
             "that moved 40 people across the Channel in small boats."),
}


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_people_smuggled_are_still_a_case(nlp: Any, name: str) -> None:
    out = extract_text(PEOPLE[name], doc_id=name).to_json()
    assert out["relevant"] is True
    assert [i["trade"] for i in out["incidents"]] == ["human"]


def test_a_smuggling_operation_alone_names_no_trade(nlp: Any) -> None:
    """What the cigarettes case turns on: "smuggling operation" is no cue of human
    trafficking, and the cigarettes imported illegally are goods."""
    rules = rule_pass(check_text(GOODS["cigarettes"]))
    assert rules is not None
    assert {c.label for m in rules.marks for c in m.trades} == {"other"}


def test_guns_named_where_none_is_traded_are_no_case(nlp: Any) -> None:
    # A debate on gun laws: guns bought and used, no smuggling, seizure, armed group or
    # unlawful deal.
    text = ("Gun violence prevention activists and gun owners met in Dayton, Ohio, in 2023 to "
            "discuss the assault weapons ban. Pistols and rifles bought at stores were used in "
            "most shootings, a researcher told the meeting, and police said permits had risen.")
    rules = rule_pass(check_text(text))
    assert rules is not None and rules.incidents == []
    # The same guns sold without a licence are the trade's goods.
    sold = text.replace("bought at stores", "sold without a license by a dealer")
    rules = rule_pass(check_text(sold))
    assert rules is not None and [i.trade.value for i in rules.incidents] == ["weapons"]
