"""A person who sold, gave or lost their own organ is a victim of the trade: never named,
never in a perpetrator's role, however the entity model tagged the name and whichever
road (rules, models) brought it into the case. The one the organ went to bought it, and
is shown as its buyer. Every text is written here; all names are fictional."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.extractor import check_text, finish, rule_pass
from ratline.extract.named_victims import owns_organ, receives_organ, victim_anywhere
from ratline.extract.results import Actor
from ratline.extract.sentences import analyse

OWNERS = [
    ("Bishnu Gurung, who is unemployed, received 80,000 rupees for his kidney.", "Gurung"),
    ("Zhao Ming confessed to his mother that he sold one of his kidneys.", "Zhao Ming"),
    ("Anita Rai lost her kidney in a private clinic in Chennai.", "Anita Rai"),
    ("Bishnu Gurung cleared his debt and sold his kidney to a broker.", "Bishnu Gurung"),
]
NOT_OWNERS = [
    # Others' organs: the broker lured them, the kingpin's network, the recipient's.
    ("Police said Rajan Thapa lured poor villagers to sell their kidneys.", "Rajan Thapa"),
    ("Rajan Thapa persuaded the farmer to sell his kidney for $5,000.", "Rajan Thapa"),
    ("Paul Lang received his new kidney from a donor in Manila.", "Paul Lang"),
    ("Paul Lang got his liver from an executed prisoner.", "Paul Lang"),
    ("Paul Lang suffered from his kidney failure for years.", "Paul Lang"),
]


def _mention(text: str, name: str) -> tuple[Any, int, int]:
    sent = analyse(text)[0]
    start = text.index(name)
    return sent, start, start + len(name)


@pytest.mark.parametrize(("text", "name"), OWNERS)
def test_the_parse_gives_the_organ_to_its_seller(nlp: Any, text: str, name: str) -> None:
    sent, start, end = _mention(text, name)
    assert owns_organ(text, sent, start, end)


@pytest.mark.parametrize(("text", "name"), NOT_OWNERS)
def test_nor_to_a_broker_or_a_recipient(nlp: Any, text: str, name: str) -> None:
    sent, start, end = _mention(text, name)
    assert not owns_organ(text, sent, start, end)


def test_a_seller_is_found_by_surname_where_no_entity_was_tagged(nlp: Any) -> None:
    text = ("Bishnu Gurung stands in front of his house. "
            "Gurung, who is unemployed, received 80,000 rupees for his kidney.")
    assert victim_anywhere(text, analyse(text), "Gurung")
    assert not victim_anywhere(text, analyse(text), "Rajan Thapa")


CASE = ("Police in Kathmandu arrested the broker Rajan Thapa in March 2023 for trafficking "
        "kidneys to India. Gurung, who is unemployed, received 80,000 rupees for his kidney "
        "and gave the rest to a moneylender.")


@pytest.mark.parametrize("kind", ["state", "organization", "person"])
def test_a_seller_brought_in_under_any_type_or_role_leaves_masked(nlp: Any, kind: str) -> None:
    from ratline.extract.learned import Models
    from ratline.learn.train import _NULL, COMPONENTS

    rules = rule_pass(check_text(CASE))
    assert rules is not None and rules.incidents
    inc = rules.incidents[0]
    assert inc.trade.value == "organ"
    # As a model or the entity model might bring him: a place, a body, or a buyer.
    inc.actors.append(Actor("Gurung", kind, "buyer"))
    models = Models.from_dict(_NULL)
    models.off = frozenset(COMPONENTS)
    out = finish("t", rules, models=models, pseudonym_key=b"k").to_json()
    assert "Gurung" not in json.dumps(out)
    people = [a for i in out["incidents"] for a in i["actors"]]
    assert any(a["name"] == "Rajan Thapa" and a["role"] == "broker" for a in people), people
    assert not any(a["name"].startswith("Victim-") for a in people), people
    sellers = [a for i in out["incidents"] for a in i["victims"]["named"]]
    # One seller, once, as a seller (the rules' own reading of him and the one brought in).
    assert len(sellers) == 1, people
    assert sellers[0]["role"] == "seller_donor" and sellers[0]["type"] == "person"


RECIPIENTS = [
    ("Ryan, a retired bus driver, died two months after receiving Picado's kidney.", "Ryan"),
    ("Jaiswal, a kidney failure patient, was receiving a donor organ from Shobha Thakur.",
     "Jaiswal"),
    ("Madhubabu met the family of Kethineni Swamy, who required a kidney.", "Kethineni Swamy"),
    ("Allah Wasaya sold his house to buy a kidney for his eldest son.", "Allah Wasaya"),
    ("Paul Lang received his new kidney in Manila.", "Paul Lang"),
    # A list the parse may hang on the donor beside it.
    ("Police said that Ramu, a donor, Karim Uddin and Jalal Mia, the receivers, had left for "
     "Dhaka.", "Karim Uddin"),
    # The one an organ was sold to, by the parse or, where it hangs the name elsewhere, by
    # the words before it.
    ("Deepak sold his kidney to Harish Malhotra in a hospital in Delhi.", "Harish Malhotra"),
    ("Another Indonesian, Toma, who had sold his kidney to an Indonesian woman, Sari Wulan, "
     "is now serving a jail term.", "Sari Wulan"),
]
NOT_RECIPIENTS = [
    ("Bishnu Gurung received 80,000 rupees for his kidney.", "Bishnu Gurung"),
    ("Anita Rai lost her kidney in a private clinic.", "Anita Rai"),
    ("Rajan Thapa persuaded the farmer to sell his kidney to a patient.", "Rajan Thapa"),
    ("The farmer sold his kidney to a local broker, Suresh Nair, who resold it.", "Suresh Nair"),
]


@pytest.mark.parametrize(("text", "name"), RECIPIENTS)
def test_the_parse_finds_whom_the_organ_went_to(nlp: Any, text: str, name: str) -> None:
    sent, start, end = _mention(text, name)
    assert receives_organ(text, sent, start, end)


@pytest.mark.parametrize(("text", "name"), NOT_RECIPIENTS)
def test_a_seller_or_a_broker_is_no_recipient(nlp: Any, text: str, name: str) -> None:
    sent, start, end = _mention(text, name)
    assert not receives_organ(text, sent, start, end)


def test_a_recipient_is_shown_as_the_buyer_and_the_seller_stays_masked(nlp: Any) -> None:
    """The words around a recipient are a donor's and a kidney's; the parse tells the
    buyer from the seller."""
    text = ("Police in Mumbai arrested the kidney broker Rajan Thapa in March 2023. Thapa "
            "arranged a transplant at a private hospital for Vikram Mehta, a businessman who "
            "was receiving a donor kidney from a farmer from Nepal. The farmer, Bishnu Gurung, "
            "received 80,000 rupees for his kidney.")
    out = extract_text(text, doc_id="t", pseudonym_key=b"k").to_json()
    people = {a["name"]: a for i in out["incidents"] for a in i["actors"]}
    assert people.get("Vikram Mehta", {}).get("role") == "buyer", people
    assert "Gurung" not in json.dumps(out)
    harmed = [a for i in out["incidents"] for a in i["victims"]["named"]]
    assert any(a["role"] == "seller_donor" and a["name"].startswith("Victim-") for a in harmed)


def test_receivers_listed_beside_a_donor_are_no_victims_and_the_donor_is(nlp: Any) -> None:
    from ratline.extract.named_victims import is_victim
    from ratline.extract.sentences import Entity

    text = ("Police said that Ramu, a donor, Karim Uddin and Jalal Mia, the receivers, had "
            "left for Dhaka.")
    sent = analyse(text)[0]

    def victim(name: str) -> bool:
        start = text.index(name)
        return is_victim(text, sent, Entity("PERSON", start, start + len(name), name))

    assert victim("Ramu")
    assert not victim("Karim Uddin") and not victim("Jalal Mia")


def test_whose_relative_a_convict_is_does_not_make_a_victim(nlp: Any) -> None:
    """"The daughter of X ... were convicted" names X to say whose daughter; "the brother of X
    said" speaks for a victim."""
    text = ("The daughter of Tommy Rourke and her husband have also been convicted of keeping "
            "men in servitude.")
    assert not victim_anywhere(text, analyse(text), "Tommy Rourke")
    text = "The brother of Tommy Rourke said he had been forced to work for no pay."
    assert victim_anywhere(text, analyse(text), "Tommy Rourke")


@pytest.mark.parametrize("kind", ["state", "organization"])
def test_a_seller_by_the_model_under_another_type_leaves_masked(nlp: Any, kind: str) -> None:
    """A surname the entity model typed as a body, that a model reads as the organ's seller
    where no sentence does ("a student, surnamed Wang ... gave Wang 22,000 yuan"), is a
    person and a victim, never shown by name."""
    from ratline.extract.learned import Models
    from ratline.learn.train import _NULL, COMPONENTS

    text = ("Police in Kunming arrested the broker He Ling in 2023 for trafficking kidneys. "
            "The surgeon removed a kidney from a student surnamed Wang and gave Wang 22,000 "
            "yuan.")
    rules = rule_pass(check_text(text))
    assert rules is not None and rules.incidents
    rules.incidents[0].actors.append(Actor("Wang", kind, "seller_donor"))
    models = Models.from_dict(_NULL)
    models.off = frozenset(COMPONENTS)
    out = finish("t", rules, models=models, pseudonym_key=b"k").to_json()
    assert "Wang" not in json.dumps(out)


TELLERS = [
    ("Speaking to a radio station, Kibet narrated how a middleman transported him to a "
     "clinic in Eldoret.", "Kibet", True),
    ("Wanjiru Otieno recalled how a broker lured her to Nairobi with a job offer.",
     "Wanjiru Otieno", True),
    # An officer telling of a victim is no victim.
    ("Inspector Daudi Mwangi said the gang lured her to Nairobi with a job offer.",
     "Daudi Mwangi", False),
    ("Daudi Mwangi, a police inspector, said the gang lured her to Nairobi.",
     "Daudi Mwangi", False),
    # The one an organ's buyer pays is its seller; a broker is named as one.
    ("The patients had offered to pay about 150 million rupiah to Halim Saragih for a "
     "kidney.", "Halim Saragih", True),
    ("The patients paid $20,000 to the broker Halim Saragih for a kidney.", "Halim Saragih",
     False),
    ("The migrants paid $5,000 to Halim Saragih to cross the sea.", "Halim Saragih", False),
    # The pronoun may be the other person's.
    ("Daudi Mwangi said Grace Achieng had trusted the broker who lured her to Nairobi.",
     "Daudi Mwangi", False),
]


@pytest.mark.parametrize(("text", "name", "victim"), TELLERS)
def test_who_tells_that_the_trade_acted_on_them_is_the_victim(
        nlp: Any, text: str, name: str, victim: bool) -> None:
    assert victim_anywhere(text, analyse(text), name) is victim


def test_a_seller_telling_their_story_is_not_named_whatever_role_the_model_reads(
        nlp: Any) -> None:
    text = (
        "Police in Eldoret said in 2024 that a kidney trafficking ring had sold the organs of "
        "young men to foreign patients at a private hospital.\n"
        "Kibet Arapmoi still lives with regret. Speaking to a radio station, Kibet narrated "
        "how a middleman transported him to the hospital, where doctors removed his kidney.\n"
    )
    out = json.dumps(extract_text(text, doc_id="t", pseudonym_key=b"k").to_json())
    assert "Kibet" not in out and "Arapmoi" not in out


def test_a_buyer_no_sentence_reads_taking_an_organ_in_is_masked(nlp: Any) -> None:
    from ratline.extract.extractor import _victims_everywhere

    text = (
        "A kidney trafficking ring sent young Ugandans to hospitals in India, police said "
        "in 2023.\n"
        "Okello Mugisha was broke when a friend introduced him to a quick fix: sell your "
        "kidney and save a life. The last thing Okello remembers is breakfast with the "
        "kidney recipient.\n"
        "Ravi Menon received a kidney at the hospital in Chennai.\n"
        "The intended recipient, a 61-year-old trader, Arjun Pillai, paid the broker.\n"
        "Doctors operated on Meera Nair, the transplant patient, the next day.\n"
    )
    rules = rule_pass(check_text(text))
    assert rules is not None and rules.incidents
    inc = rules.incidents[0]
    # Both cast as buyers, whatever the rules or a model made of them.
    inc.actors = [Actor(name, "person", "buyer") for name in
                  ("Okello Mugisha", "Ravi Menon", "Arjun Pillai", "Meera Nair")]
    _victims_everywhere([inc], rules)
    people = {a.name: a for a in inc.actors}
    assert people["Okello Mugisha"].pseudonymised and people["Okello Mugisha"].role != "buyer"
    # Read taking an organ in, or named the recipient in apposition: the buyer, by name.
    for name in ("Ravi Menon", "Arjun Pillai", "Meera Nair"):
        assert not people[name].pseudonymised and people[name].role == "buyer", name


def test_doctors_accused_and_tried_for_removing_kidneys_are_a_case(nlp: Any) -> None:
    """An accusation and a trial are signs of a crime as an arrest is: the organ words are
    no transplant medicine's here."""
    text = ("Three doctors accused of removing kidneys from poor labourers at a private "
            "hospital in Kathmandu in 2019 were brought to trial on Monday, court officials "
            "said.")
    out = extract_text(text, doc_id="trial").to_json()
    assert [(i["trade"], i["evidence"]) for i in out["incidents"]] == [("organ", "charge")]


def test_one_named_in_apposition_who_paid_for_a_kidney_is_its_buyer(nlp: Any) -> None:
    text = ("A court in Varn sentenced five members of a kidney ring in 2020. A retired "
            "businessman, Moshe Levanon, paid $110,000 for a kidney at the Belmar Clinic.")
    out = extract_text(text, doc_id="buyer").to_json()
    actors = {a["name"]: a for i in out["incidents"] for a in i["actors"]}
    assert actors.get("Moshe Levanon", {}).get("role") == "buyer", actors


def test_one_who_agreed_to_pay_the_donor_for_the_transplant_is_its_buyer(nlp: Any) -> None:
    text = ("A wealthy businessman from Varn who paid a young man to donate a kidney has been "
            "charged with organ trading. Lim Boon Seng, 58, allegedly agreed to pay the donor, "
            "Adi Santoso, 27, about 150 million rupiah for the transplant at a hospital in Varn. "
            "A middleman, Tan Ah Kiat, arranged the meeting.")
    out = extract_text(text, doc_id="buyer").to_json()
    actors = {a["name"]: a for i in out["incidents"] for a in i["actors"]}
    assert actors.get("Lim Boon Seng", {}).get("role") == "buyer", actors
    assert "Santoso" not in json.dumps(out)


def test_a_kidney_removed_from_a_named_kind_of_person_is_an_organ_case(nlp: Any) -> None:
    """"Removed a labourer's kidney": the organ words read across a possessive."""
    text = ("Police in Bihar have registered a case against a doctor who allegedly removed a "
            "labourer's kidney without consent at a clinic in Muzaffarpur in 2023.")
    out = extract_text(text, doc_id="possessive").to_json()
    assert [i["trade"] for i in out["incidents"]] == ["organ"]


def test_the_buyer_named_in_apposition_keeps_the_name_and_the_seller_is_hidden(
        nlp: Any) -> None:
    text = ("The buyer, an Israeli patient named Dov Kessler, paid 100,000 dollars for a kidney "
            "from one of the sellers, Viorel Munteanu, a farmer from Moldova. Munteanu received "
            "3,000 dollars.")
    out = extract_text(text, doc_id="t").to_json()
    assert out["relevant"]
    (inc,) = out["incidents"]
    assert {a["name"]: a["role"] for a in inc["actors"]}.get("Dov Kessler") == "buyer"
    assert "Munteanu" not in json.dumps(out)
