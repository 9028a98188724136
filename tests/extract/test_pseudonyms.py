"""Named victims are pseudonymised unless the operator keeps names."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.pseudonyms import pseudonym

TEXT = (
    "In Cairo, Egypt, a migrant from Eritrea named Tesfaye Gebremariam sold his kidney to a broker, "
    "Samir Barsoum, in 2021. Tesfaye Gebremariam, who asked for help, said he woke up in a clinic. "
    "Police arrested Samir Barsoum in 2022."
)


def test_pseudonym_is_stable_and_keyed() -> None:
    a = pseudonym("Tesfaye Gebremariam", b"k1")
    assert a == pseudonym("  tesfaye  GEBREMARIAM ", b"k1")
    assert a != pseudonym("Tesfaye Gebremariam", b"k2")
    assert a.startswith("Victim-") and len(a) == len("Victim-") + 6


@pytest.fixture(scope="module")
def names(nlp: Any) -> tuple[set[str], set[str]]:
    hidden = extract_text(TEXT, doc_id="v", pseudonym_key=b"secret").to_json()
    kept = extract_text(TEXT, doc_id="v", keep_victim_names=True).to_json()
    # Named victims under their pseudonyms are listed with the people harmed; with their
    # names kept, they are actors like anyone the text names.
    assert not any(a["name"].startswith("Victim-") for i in hidden["incidents"]
                   for a in i["actors"])
    assert not any(i["victims"]["named"] for i in kept["incidents"])
    return (
        {a["name"] for i in hidden["incidents"]
         for a in [*i["actors"], *i["victims"]["named"]]},
        {a["name"] for i in kept["incidents"] for a in i["actors"]},
    )


def test_victim_name_is_replaced(names: tuple[set[str], set[str]]) -> None:
    hidden, _ = names
    assert not any("Tesfaye" in n for n in hidden)
    assert pseudonym("Tesfaye Gebremariam", b"secret") in hidden


def test_names_kept_on_request(names: tuple[set[str], set[str]]) -> None:
    _, kept = names
    assert any("Tesfaye" in n for n in kept)


def test_perpetrator_names_are_not_pseudonymised(names: tuple[set[str], set[str]]) -> None:
    hidden, _ = names
    assert any("Barsoum" in n for n in hidden)
