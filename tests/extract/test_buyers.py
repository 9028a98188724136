"""Whom the parse makes the one weapons were bought by or sold to is the buyer of an arms
case, whatever the words around the name. Every text is written here; all names are
fictional."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import buyers, extract_text
from ratline.extract.extractor import check_text, rule_pass
from ratline.extract.learned import refine
from ratline.extract.sentences import analyse
from support.models import roles_all

BOUND = [
    ("Mark Dorsey was jailed for five years for buying 40 rifles for a cartel.", "Mark Dorsey"),
    ("Tom Ash ordered six pistols from a vendor on the dark web.", "Tom Ash"),
    ("The broker supplied rifles and ammunition to Victor Lanz last year.", "Victor Lanz"),
    ("A Dutch court convicted the trader of selling weapons to the warlord Samuel Okoro.",
     "Samuel Okoro"),
    ("Prosecutors said Lena Vos bought the handguns in Arizona.", "Lena Vos"),
]
NOT_BOUND = [
    # The seller, not the buyer.
    ("The broker Tom Hale sold rifles to the rebels.", "Tom Hale"),
    ("A court convicted Tom Hale of selling 40 rifles to the rebels.", "Tom Hale"),
    ("Police said Tom Hale had sold 30 rifles in Phoenix.", "Tom Hale"),
    # A purchase of something else.
    ("Victor Lanz bought a house in Marbella in 2009.", "Victor Lanz"),
    # Who speaks of the purchase.
    ("Agent Lena Vos said the men bought the rifles with cash.", "Lena Vos"),
]


def _bound(text: str, name: str) -> bool:
    sentences = analyse(text)
    if not any(e.label == "PERSON" and e.text == name for s in sentences for e in s.entities):
        raise AssertionError(f"the parse found no person {name!r} in {text!r}")
    return buyers.weapons_buyer(text, sentences, name)


@pytest.mark.parametrize(("text", "name"), BOUND)
def test_the_parse_binds_the_purchase_to_the_buyer(nlp: Any, text: str, name: str) -> None:
    assert _bound(text, name)


@pytest.mark.parametrize(("text", "name"), NOT_BOUND)
def test_no_purchase_of_weapons_bound_to_the_name(nlp: Any, text: str, name: str) -> None:
    assert not _bound(text, name)


CASE = (
    "A federal judge in Phoenix on Wednesday sentenced Daniel Ortega Ruiz, 27, to six years "
    "in prison for trafficking firearms to Mexico.\n"
    "Ortega Ruiz admitted he had recruited three straw purchasers, who bought 52 rifles at "
    "gun shops in Arizona in 2021 and handed them to him in a parking lot.\n"
    "Prosecutors said Ortega Ruiz then sold the rifles to Marco Salinas, a cartel "
    "commander in Sonora, who paid 2,500 dollars for each weapon."
)


def test_the_one_weapons_were_sold_to_is_the_buyer(nlp: Any) -> None:
    out = extract_text(CASE, doc_id="rifles").to_json()
    inc = next(i for i in out["incidents"] if i["trade"] == "weapons")
    roles = {a["name"]: a["role"] for a in inc["actors"]}
    assert roles.get("Marco Salinas") == "buyer", roles


SOLD_TO = (
    "Police in Phoenix arrested arms dealer John Brack on Monday for trafficking rifles to "
    "Mexico. Brack sold 200 rifles and ammunition to Pedro Kwame, a cartel commander in "
    "Sonora, prosecutors said. Pedro Kwame paid 300,000 dollars for the weapons."
)


def test_the_parse_overrules_the_role_model_for_a_buyer(nlp: Any) -> None:
    """With a role model that calls everyone a broker, the one the rifles were sold to is
    still the buyer, and the dealer keeps the model's role."""
    rules = rule_pass(check_text(SOLD_TO))
    assert rules is not None
    _, incidents, _ = refine(rules, roles_all("broker"))
    roles = {a.name: a for inc in incidents if inc.trade.value == "weapons" for a in inc.actors}
    assert roles["Pedro Kwame"].role == "buyer"
    assert roles["John Brack"].role == "broker"
    mention = roles["Pedro Kwame"].mention
    assert mention is not None and 0 < mention.confidence <= 1


SOLD_BY = [
    ("The smuggler Tom Hale sold 40 rifles to the cartel.", "Tom Hale"),
    ("Tom Hale was jailed for selling rifles to the Corvo Cartel.", "Tom Hale"),
    # The one a court or prosecutors acted on did what their "of" or "for" names.
    ("A court in Harlow convicted the former colonel Tom Hale of selling seized rifles to a "
     "smuggling network.", "Tom Hale"),
    ("Prosecutors accused Tom Hale of supplying pistols to the Corvo Cartel.", "Tom Hale"),
    # The one a verdict's "guilty" is said of ("found X guilty of selling").
    ("A federal jury found gun shop owner Tom Hale guilty on Wednesday of selling 40 rifles to "
     "straw buyers for a cartel.", "Tom Hale"),
    # The one the weapons were bought from.
    ("Karl Benning bought the rifles from a corrupt quartermaster, Piet Rauch.", "Piet Rauch"),
]
NOT_SOLD_BY = [
    # Whom the weapons were sold to.
    ("Rifles were sold to Tom Hale by a dealer in Texas.", "Tom Hale"),
    # Moving weapons for one's own use is no sale.
    ("Tom Hale smuggled the rifles across the border for his own gang.", "Tom Hale"),
    # The one who bought them from another.
    ("Karl Benning bought the rifles from a corrupt quartermaster, Piet Rauch.", "Karl Benning"),
]


@pytest.mark.parametrize(("text", "name"), SOLD_BY)
def test_the_parse_binds_the_sale_to_the_seller(nlp: Any, text: str, name: str) -> None:
    assert buyers.weapons_seller(text, analyse(text), name)


@pytest.mark.parametrize(("text", "name"), NOT_SOLD_BY)
def test_no_sale_of_weapons_by_the_name(nlp: Any, text: str, name: str) -> None:
    assert not buyers.weapons_seller(text, analyse(text), name)


def test_the_seller_of_the_weapons_is_never_read_as_their_buyer(nlp: Any) -> None:
    """A role model that calls everyone a buyer does not make the smuggler who sold the
    rifles their buyer: the rules' trader role stands."""
    rules = rule_pass(check_text(
        "Police in Mexico seized rifles in 2022 in an arms trafficking case. The smuggler "
        "Tom Hale sold 40 rifles to the cartel."))
    assert rules is not None
    _, incidents, _ = refine(rules, roles_all("buyer"))
    hale = next(a for inc in incidents for a in inc.actors if a.name == "Tom Hale")
    assert hale.role == "transporter"


def test_a_person_who_smuggled_the_weapons_is_not_read_as_their_buyer(nlp: Any) -> None:
    """The rules read the smuggler as the transporter; a role model that calls everyone a
    buyer does not overrule the parse that makes him the one who moved the rifles."""
    text = ("Police in Mexico seized rifles in 2022 in an arms trafficking case. Tom Hale "
            "smuggled the rifles across the border in his truck.")
    assert buyers.moves_weapons(analyse(text)[1], text.index("Tom"), text.index(" smuggled"))
    rules = rule_pass(check_text(text))
    assert rules is not None
    _, incidents, _ = refine(rules, roles_all("buyer"))
    hale = next(a for inc in incidents for a in inc.actors if a.name == "Tom Hale")
    assert hale.role == "transporter"


@pytest.mark.parametrize("text", [
    "Police in Texas seized rifles in 2022 in an arms trafficking case. Ricardo Flores handed "
    "the guns to a contact, Mario Pena, who drove them across the border.",
    "Police in Texas seized rifles in 2022 in an arms trafficking case. Mario Pena drove the "
    "rifles across the border in his truck.",
])
def test_one_who_drove_the_weapons_over_moved_them_and_did_not_buy_them(
        nlp: Any, text: str) -> None:
    sent = analyse(text)[1]
    at = text.index("Mario Pena")
    assert buyers.moves_weapons(sent, at, at + len("Mario Pena"))
    rules = rule_pass(check_text(text))
    assert rules is not None
    _, incidents, _ = refine(rules, roles_all("buyer"))
    pena = next(a for inc in incidents for a in inc.actors if a.name == "Mario Pena")
    assert pena.role == "transporter"


# Parties of any kind the weapons went to: an armed group the entity model may take for
# an organisation, a person or nothing.
PARTY_BOUND = [
    ("The rifles were bound for the Black Heron militia, the navy said.", "Black Heron militia"),
    ("He admitted running guns to Sonora for the Corvo Cartel.", "Corvo Cartel"),
    ("The crew smuggled 90 rifles to the Corvo Cartel in 2019.", "Corvo Cartel"),
    ("Officials said Velaria has been arming the Black Dune rebels for years.", "Black Dune rebels"),
    ("UN experts said the Black Dune rebels received rifles smuggled by sea.", "Black Dune rebels"),
    # The consignee of a seized shipment, however the parse hangs the clause.
    ("Customs agents seized the smuggled rifles, which were consigned to a certain Ramon "
     "Delgado of Iloilo City.", "Ramon Delgado"),
    ("Police are still looking for Ramon Delgado, to whom the shipment of pistols was "
     "consigned.", "Ramon Delgado"),
]
PARTY_NOT_BOUND = [
    # Where the weapons went is no party that bought them.
    ("The crew smuggled 90 rifles to Mexico in 2019.", "Mexico"),
    ("The rifles were bound for Yemen, the navy said.", "Yemen"),
    # What went to the party was no weapon.
    ("The money was meant for the Corvo Cartel, the navy said.", "Corvo Cartel"),
    # Whom the weapons were taken from.
    ("Troops seized 90 rifles from the Black Dune rebels in 2019.", "Black Dune rebels"),
    # The one who consigned them.
    ("Customs agent Ramon Delgado consigned the seized rifles to the evidence room.",
     "Ramon Delgado"),
]


@pytest.mark.parametrize(("text", "name"), PARTY_BOUND)
def test_weapons_bound_smuggled_or_given_to_a_party_make_it_the_buyer(
        nlp: Any, text: str, name: str) -> None:
    assert buyers.weapons_buyer(text, analyse(text), name)


@pytest.mark.parametrize(("text", "name"), PARTY_NOT_BOUND)
def test_a_place_or_a_party_that_got_no_weapons_is_no_buyer(nlp: Any, text: str, name: str) -> None:
    assert not buyers.weapons_buyer(text, analyse(text), name)


GROUP_CASE = (
    "A federal jury in Laredo on Tuesday convicted Alan Pryce, 41, of trafficking firearms "
    "in 2021. Prosecutors said Pryce smuggled 147 assault rifles to Mexico's Corvo drug "
    "cartel. The rifles were bound for Black Dune rebels, a navy report said in 2022."
)


def test_an_armed_group_named_by_its_words_is_found_and_is_the_buyer(nlp: Any) -> None:
    out = extract_text(GROUP_CASE, doc_id="cartel").to_json()
    actors = {a["name"]: a for i in out["incidents"] for a in i["actors"]}
    assert {"Corvo drug cartel", "Black Dune rebels"} <= set(actors), actors
    for name in ("Corvo drug cartel", "Black Dune rebels"):
        assert (actors[name]["type"], actors[name]["role"]) == ("armed_group", "buyer")
    assert not any(n.startswith("Mexico") for n in actors)  # the possessor is no part of it


def test_a_group_s_backer_is_no_part_of_its_name(nlp: Any) -> None:
    text = ("The navy seized 2,000 assault rifles from a dhow off Halvor in 2023. The rifles "
            "were bound for Veltran-backed Black Dune rebels, officials said.")
    out = extract_text(text, doc_id="backed").to_json()
    names = [a["name"] for i in out["incidents"] for a in i["actors"]]
    assert "Black Dune rebels" in names, names
    assert not any("backed" in n for n in names), names


DEALER = (
    "A court in Varn sentenced arms dealer Oumar Sidibe Traore to 15 years in prison on "
    "Monday for supplying assault rifles and grenades to an armed group in Mali. The "
    "weapons had been shipped from Guinea through Senegal in 2021, the court heard."
)


@pytest.mark.parametrize("model_role", ["seller_donor", "broker"])
def test_whoever_supplies_the_weapons_is_their_broker_never_a_seller(
        nlp: Any, model_role: str) -> None:
    """A seller is an organ's or a person's: the dealer who supplied an armed group is the
    arms case's broker, whether the rules' words ("arms dealer", "supplying") or a role
    model say seller."""
    rules = rule_pass(check_text(DEALER))
    assert rules is not None
    dealer = next(a for inc in rules.incidents for a in inc.actors if "Traore" in a.name)
    assert dealer.role == "broker"
    _, incidents, _ = refine(rules, roles_all(model_role))
    roles = {a.name: a.role for inc in incidents if inc.trade.value == "weapons"
             for a in inc.actors}
    assert roles.get("Oumar Sidibe Traore") == "broker", roles
