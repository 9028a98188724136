"""A named victim's role says what happened to them: `seller_donor` only for a person who
sold an organ, `other` for anyone else the case harmed (trafficked, exploited, abducted,
killed). A trafficked woman is no seller. Every text is written here; all names are
fictional."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.named_victims import victim_role
from ratline.extract.sentences import analyse


def _named_victims(text: str, keep: bool = False) -> list[dict[str, Any]]:
    out = extract_text(text, doc_id="t", pseudonym_key=b"k", keep_victim_names=keep).to_json()
    assert out["incidents"], out
    return [a for i in out["incidents"] for a in i["victims"]["named"]] + (
        [a for i in out["incidents"] for a in i["actors"]] if keep else [])


HARMED = [
    # Labour and sex trafficking: the victim sold nothing.
    ("Police in Leeds charged Darren Colby in June 2021 with trafficking Ioana Varga, who "
     "was lured from Romania with the promise of a job and forced to work in a car wash.",
     "Ioana Varga"),
    ("Prosecutors in Milan charged two men with human trafficking in 2019. They said Marta "
     "Ilic, 19, was recruited in Belgrade and sold to a brothel owner, who exploited her "
     "for two years.", "Marta Ilic"),
]
ORGAN_HARMED = [
    # A child killed or gone missing in an organ case: harmed, not a seller.
    ("Police in Santo Fresco arrested Tomas Belmar in May 2018 as a suspect in the "
     "disappearance of 9-year-old Lucia Arvelo, who investigators believe was killed for "
     "her kidneys.", "Lucia Arvelo"),
    # A description between the name and the harm ("X, a 29-year-old teacher, was found
    # dead").
    ("Relatives say organ traffickers are behind the killings. In March 2020, Amira Solen, "
     "a 29-year-old teacher, was found dead near a clinic in Port Vela with her kidneys "
     "removed.", "Amira Solen"),
]
ORGAN_SELLERS = [
    ("Police in Kathmandu arrested the broker Rajan Thapa in March 2023 for trafficking "
     "kidneys to India. Bishnu Gurung, who is unemployed, received 80,000 rupees for his "
     "kidney.", "Bishnu Gurung"),
    # Harm words near the name do not undo a sale the text tells.
    ("Police in Dhaka arrested the broker Karim Sheikh in 2022. The kidney seller, Rafiq "
     "Mia, sold his kidney for 4 lakh taka and nearly died of an infection afterwards.",
     "Rafiq Mia"),
]


@pytest.mark.parametrize(("text", "name"), HARMED + ORGAN_HARMED)
def test_a_victim_who_sold_nothing_is_other(nlp: Any, text: str, name: str) -> None:
    harmed = _named_victims(text)
    assert harmed, "no named victim"
    assert all(a["name"].startswith("Victim-") for a in harmed), harmed
    assert {a["role"] for a in harmed} == {"other"}, harmed


@pytest.mark.parametrize(("text", "name"), ORGAN_SELLERS)
def test_an_organ_seller_stays_seller_donor(nlp: Any, text: str, name: str) -> None:
    harmed = _named_victims(text)
    assert harmed and {a["role"] for a in harmed} == {"seller_donor"}, harmed
    assert name not in str(harmed)


def test_with_names_kept_the_trafficked_person_is_an_actor_of_role_other(nlp: Any) -> None:
    text, name = HARMED[0]
    people = {a["name"]: a for a in _named_victims(text, keep=True)}
    assert people[name]["role"] == "other", people


@pytest.mark.parametrize(("text", "name", "trade", "role"), [
    (HARMED[0][0], HARMED[0][1], "human", "other"),
    (ORGAN_HARMED[0][0], ORGAN_HARMED[0][1], "organ", "other"),
    (ORGAN_SELLERS[0][0], ORGAN_SELLERS[0][1], "organ", "seller_donor"),
    # A death that followed the operation: the seller's.
    ("The broker Rajan Thapa took six villagers to Cairo to sell their kidneys. One of "
     "them, Meena Tamang, 29, died in a Cairo hospital from a post-operative infection.",
     "Meena Tamang", "organ", "seller_donor"),
    # An organ case's victim of whom the text tells nothing more is read as its seller,
    # as most named victims of organ cases are.
    ("Police arrested the broker Rajan Thapa. Bishnu Gurung was taken to Chennai.",
     "Bishnu Gurung", "organ", "seller_donor"),
])
def test_victim_role(nlp: Any, text: str, name: str, trade: str, role: str) -> None:
    assert victim_role(text, analyse(text), name, trade) == role
