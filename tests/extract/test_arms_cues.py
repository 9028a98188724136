"""Arms cases told without the words "trafficking" or "smuggling": weapons sold to gangs,
raiders or a middleman, and false end-user certificates. Every text is written here; all
names are fictional."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.extractor import check_text, rule_pass

CASES = [
    ("Police in Port Varn arrested a former army quartermaster, Sipho Dlamane, on Friday "
     "after 87 pistols that were meant to be destroyed turned up in the hands of taxi gangs. "
     "Detectives believe Dlamane sold the pistols to a middleman between 2018 and 2020.",
     "Sipho Dlamane"),
    ("Rumours have circulated for years in Kessa that a senior general, Gabriel Deng Marol, "
     "sold army weapons to cattle raiders. A parliamentary committee said on Wednesday it "
     "would look into the matter.", "Gabriel Deng Marol"),
    ("Prosecutors in Varn have indicted a former defence ministry official, Krasimir Todorov "
     "Petan, on charges of approving false end-user certificates that let mortars and "
     "ammunition worth $12 million reach Yemen in 2016.", "Krasimir Todorov Petan"),
    ("A Serbian arms broker, Dragan Markov, was extradited from Bulgaria to the United States "
     "on Friday to face charges of selling missiles to a Colombian armed group in 2019.",
     "Dragan Markov"),
    # A sale arranged for armed groups in breach of an embargo, and a sanction, not a court.
    ("The US Treasury on Wednesday imposed sanctions on a Serbian arms broker, Milan Jovak, "
     "accusing him of arranging the sale of mortar rounds and grenades from Bulgaria to "
     "armed groups in South Sudan in 2019 in breach of a UN embargo.", "Milan Jovak"),
]
NOT_CASES = [
    # Guns in a debate, a lawful sale, a gang's other goods.
    "The mayor said most of the guns used by the city's gangs were bought legally in "
    "neighbouring states, and called for tighter background checks.",
    "The defence ministry said it had sold surplus rifles to a licensed dealer in 2019 under "
    "an export permit, and that every end-user certificate had been checked.",
    "A middleman who sold stolen phones to gangs in Lagos was jailed for two years on Monday.",
    # A lawful supply between states.
    "The government said it had supplied air-defence missiles to its neighbour in 2023 under "
    "a treaty approved by parliament.",
    # An embargo imposed or extended is no breach of it.
    "The UN Security Council extended the arms embargo on Libya for another year in 2023.",
]


@pytest.mark.parametrize(("text", "name"), CASES)
def test_weapons_handed_to_those_who_may_not_have_them_are_an_arms_case(
        nlp: Any, text: str, name: str) -> None:
    out = extract_text(text, doc_id="arms").to_json()
    assert out["relevant"]
    (incident,) = out["incidents"]
    assert incident["trade"] == "weapons"
    roles = {a["name"]: a["role"] for a in incident["actors"]}
    assert roles.get(name) == "broker", roles


@pytest.mark.parametrize("text", NOT_CASES)
def test_weapons_named_without_an_illicit_deal_are_no_arms_case(nlp: Any, text: str) -> None:
    out = extract_text(text, doc_id="guns").to_json()
    assert not any(i["trade"] == "weapons" for i in out["incidents"])


def test_weapons_found_hidden_in_goods_are_an_arms_case(nlp: Any) -> None:
    text = ("Customs officers at the port of Varn seized 300 pistols hidden in a shipment of "
            "machine parts from Turkey in March 2024. Investigators are trying to trace the "
            "importer.")
    out = extract_text(text, doc_id="hidden").to_json()
    assert [i["trade"] for i in out["incidents"]] == ["weapons"]


def test_weapons_supplied_against_sanctions_are_an_arms_case_between_states(nlp: Any) -> None:
    text = ("A UN panel of experts reported that Varnia supplied ballistic missiles to Kessland "
            "in 2023 in violation of sanctions. Both governments deny the transfers.")
    out = extract_text(text, doc_id="states").to_json()
    (incident,) = out["incidents"]
    assert incident["trade"] == "weapons" and incident["year"] == 2023
    assert incident["evidence"] not in ("arrest", "charge", "conviction")


@pytest.mark.parametrize("text", [
    # Arms moved without the licence the law requires.
    "The indictment alleges that from 2017 to 2019 the defendant conspired with others known "
    "and unknown to purchase firearms in Arizona and export them to Sonora, Mexico, without a "
    "license.",
    # A seizure told with its shipment.
    "Rebels seized a shipment of 200 AK-47 rifles from an army depot in 2021 and sold some of "
    "them to cattle rustlers across the border, a UN panel reported.",
    # Weapons traced back from where they were found, or stolen from a state's armoury.
    "Investigators traced mortar rounds found in Yemen back to a state factory in Serbia, which "
    "had sold them to a private broker in 2017.",
    "Police are hunting a reservist over the theft of 36 rifles from a police armoury in Isiolo "
    "in 2023, which officials fear were sold to cattle rustlers.",
    # A state buying arms from another, told in the present.
    "Officials in Kyiv said in 2023 that Russia is buying drones from Iran and shipping them "
    "across the Caspian Sea.",
    # Found hidden in goods, without the word "seized".
    "Customs officers at Durban port found 500 rifles and 20,000 rounds of ammunition hidden in "
    "a container declared as farm equipment in 2024; the importer is under investigation.",
    # An arms embargo broken, the weapons named after a hyphened word among other goods.
    "A court in Valletta convicted a businessman on Monday of selling military-grade boats "
    "and firearms to armed groups in Libya in 2019.",
    "A court in Valletta convicted a businessman on Monday of shipping boats to armed groups "
    "in Libya in 2019 in breach of a UN arms embargo.",
])
def test_arms_moved_without_a_licence_against_an_embargo_or_seized_are_an_arms_case(
        nlp: Any, text: str) -> None:
    rules = rule_pass(check_text(text))
    assert rules is not None
    assert [inc.trade.value for inc in rules.incidents] == ["weapons"]


def test_one_who_arrives_to_pick_up_the_weapons_carries_them(nlp: Any) -> None:
    from ratline.extract.actors import actors

    rules = rule_pass(check_text(
        "An undercover agent drove 40 rifles bought in Tucson to Laredo in 2011, where Ramon "
        "Estrada Villa, 29, arrived to pick up the weapons for a cartel and was arrested."))
    assert rules is not None
    found = {a.name: a.role for a in actors(rules.text, rules.marks, "weapons")}
    assert found.get("Ramon Estrada Villa") == "transporter", found


def test_weapons_that_reach_a_force_outside_the_state_are_an_arms_case(nlp: Any) -> None:
    out = extract_text(
        "The United Nations panel of experts said in its 2023 report that the Kivu Liberation Army "
        "received mortars and assault rifles flown into Goma airport by a private cargo company. "
        "The company denied any involvement.", doc_id="t").to_json()
    assert [inc["trade"] for inc in out["incidents"]] == ["weapons"]
    rules = rule_pass(check_text(
        "Assault rifles and grenades were smuggled across the lake to rebels in the north, "
        "villagers told reporters in 2021."))
    assert rules is not None and [i.trade.value for i in rules.incidents] == ["weapons"]



def test_weapons_one_state_supplied_that_reached_a_force_are_an_arms_case(nlp: Any) -> None:
    text = ("A UN panel of experts said in a 2023 report that weapons supplied by the Republic "
            "of Varnia reached the Northern Defence Forces in Kessa through airstrips near the "
            "border.")
    out = extract_text(text, doc_id="t").to_json()
    assert out["relevant"]
    assert [inc["trade"] for inc in out["incidents"]] == ["weapons"]


def test_mortar_rounds_sold_on_to_fighters_are_an_arms_case(nlp: Any) -> None:
    text = ("An investigation by reporters found that a company in Varn sold mortar rounds to a "
            "broker in Kessa who shipped them on to fighters in the north in 2016.")
    out = extract_text(text, doc_id="t").to_json()
    assert [inc["trade"] for inc in out["incidents"]] == ["weapons"]


def test_weapons_sold_on_to_a_gang_are_no_trade_in_people(nlp: Any) -> None:
    rules = rule_pass(check_text(
        "A former soldier was jailed in 2021 for stealing 40 grenades from an army depot in "
        "Nakuru and selling them to a criminal gang in Nairobi."))
    assert rules is not None
    assert [inc.trade.value for inc in rules.incidents] == ["weapons"]


def test_the_charge_names_its_goods_far_after_trafficking(nlp: Any) -> None:
    # "accused of trafficking" names the human trade unless its goods follow; a count may
    # stand between ("more than 500 firearms").
    text = ("Daniel Okoro Reyes, accused of trafficking more than 500 firearms from Arizona to a "
            "cartel in Mexico, pleaded not guilty in San Diego on Monday in October 2021.")
    out = extract_text(text, doc_id="count").to_json()
    assert [i["trade"] for i in out["incidents"]] == ["weapons"]
