"""A victim count counts the people the case harmed, never the accused the police or the
courts acted on. Every text is written here; all names are fictional."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text

ACCUSED_THEN_HARMED = [
    # The arrested come first in the text; the rescued are the victims.
    ("A tip-off led police to a bar in Cunupia, Trinidad, where they arrested six people on "
     "Tuesday night for human trafficking. Forty-six women were rescued from the bar in 2019.",
     46),
    ("Three men were convicted in Harlow of trafficking 14 girls to brothels in Varn in 2021.",
     14),
    # The accused named by a participle: "Two men accused of smuggling 14 migrants".
    ("Two men accused of smuggling 14 migrants across the Channel in a small boat in 2022 were "
     "acquitted by a jury at Maidstone Crown Court on Friday.", 14),
    # The sentenced told as a gang of so many; the harmed come after.
    ("A court in Varn has sentenced a gang of 18 people, including seven doctors, for "
     "removing and selling the kidneys of 11 people between 2017 and 2020.", 11),
    # The harmed named by what was done to them, the children among them after.
    ("Police in Sindh freed 30 bonded labourers, including 12 children, from a brick kiln "
     "near Hyderabad in 2023; the kiln owner escaped during the raid.", 30),
    # Harmed people described by a relative clause are still counted.
    ("Police in Varn said in 2023 that six women who had been trafficked to Dubai were "
     "rescued from a flat there.", 6),
    # Girls sold as brides, counted past "at least"; the accused counted first.
    ("Police in Kathmandu arrested four people accused of selling at least 12 Nepali girls as "
     "brides to men in China between 2019 and 2022.", 12),
    # Those held for questioning are the suspects, not the harmed.
    ("Police in Ostra are questioning three men over the disappearance of 20 farm workers who "
     "were promised jobs abroad in a suspected human trafficking case in 2022.", 20),
    # The accused named in apposition inside the count's relative clause.
    ("Two of the men who held them, Karel Stoyan and Ivo Dimas, were convicted in 2021 of "
     "trafficking five girls to a brothel in Dravo.", 5),
]
ONLY_ACCUSED = [
    "Federal prosecutors in Tucson on Tuesday charged three men with smuggling 200 rifles "
    "across the border into Mexico in 2023.",
    "Police in Lahore said four men were arrested for kidney trafficking in 2022.",
    # The accused named by the noun of the law's act: "the convictions of five people".
    "The Supreme Court upheld the convictions of five people for organ trafficking at a clinic "
    "near Pristina in 2008.",
    "Italian police broke up a gang that smuggled migrants into Europe in 2023, arresting 12 "
    "people in raids in Milan and Trieste.",
    # The accused told by their appearance in court or their plea.
    "Two men appeared before magistrates in Harlow on Monday charged with arranging the "
    "travel of workers for labour exploitation in 2023. Both were remanded in custody.",
    "Three women pleaded not guilty at Harlow Crown Court to trafficking girls from Varn to "
    "brothels in 2022.",
    # Those named between commas stand in the count of the arrested.
    "Eight people, including a nurse and a lab technician, were arrested in Varn in 2023 for "
    "running a kidney racket.",
    # The accused described by a relative clause before the verb of the law's act.
    "Two men who ran a travel agency in Dhaka were arrested in 2023 for sending workers to "
    "Libya, where they were held for ransom by armed groups.",
    "Two men who drove a lorry of migrants from the port of Varn to a farm near Harlow were "
    "jailed in 2023 for human smuggling.",
    # A gang counted, whatever verb comes before.
    "Police in Varn said in 2022 that a broker's papers were forged by a gang of four men, "
    "who then sold kidneys at a private clinic.",
    # One of those harmed, named: no count of them.
    "A gangmaster was jailed in Maidstone in 2023 for human trafficking after forcing "
    "Lithuanian men to catch chickens for 17 hours a day. One worker, Darius, told the court "
    "he slept on the floor.",
]


@pytest.mark.parametrize(("text", "count"), ACCUSED_THEN_HARMED)
def test_the_count_is_of_the_harmed_not_of_the_accused(nlp: Any, text: str, count: int) -> None:
    (incident,) = extract_text(text, doc_id="c").to_json()["incidents"]
    assert incident["victims"]["count"] == count


@pytest.mark.parametrize("text", ONLY_ACCUSED)
def test_a_count_of_the_accused_is_no_victim_count(nlp: Any, text: str) -> None:
    (incident,) = extract_text(text, doc_id="c").to_json()["incidents"]
    assert incident["victims"]["count"] is None


def test_an_arms_case_counts_no_victims(nlp: Any) -> None:
    """An arms case moves goods, not people: the people shot with its guns elsewhere are
    no victims of the trade (real-text gold keeps its victims empty)."""
    text = ("Federal prosecutors in Tucson charged Marcus Whitford with smuggling 200 rifles "
            "to a cartel in Sonora in 2023. The rifles were used in an attack that killed 14 "
            "villagers, prosecutors said.")
    (incident,) = extract_text(text, doc_id="c").to_json()["incidents"]
    assert incident["trade"] == "weapons"
    victims = incident["victims"]
    assert (victims["count"], victims["deaths"], victims["kinds"]) == (None, None, [])


def test_the_dead_told_as_deaths_of_n_are_the_deaths_and_not_the_count(nlp: Any) -> None:
    (incident,) = extract_text(
        "A Varn man was sentenced today for conspiring to transport migrants, resulting in the "
        "deaths of three people. He organized the transport of at least 60 migrants in "
        "trailers between 2019 and 2021.", doc_id="c").to_json()["incidents"]
    assert incident["victims"]["count"] == 60
    assert incident["victims"]["deaths"] == 3


@pytest.mark.parametrize(("text", "kinds"), [
    # The suspects include a woman; the harmed are children.
    ("Detectives rescued 14 children and arrested four suspects in a raid on a house in "
     "Kayole, Kenya, in 2023. The suspects, including a woman who posed as a children's "
     "home director, are accused of selling the children to buyers.", {"child"}),
    ("A woman accused of organ trafficking was tried in Phnom Penh on Monday for persuading "
     "her two cousins to sell their kidneys in Thailand in 2023.", {"donor"}),
])
def test_a_kind_of_person_among_the_accused_is_no_victim_kind(
        nlp: Any, text: str, kinds: set[str]) -> None:
    out = extract_text(text, doc_id="t")
    assert [{k.value for k in i.victims.kinds} for i in out.incidents] == [kinds]


@pytest.mark.parametrize("died", ["drowned", "suffocated", "were found dead"])
def test_the_drowned_and_the_suffocated_are_the_dead(nlp: Any, died: str) -> None:
    text = (f"Police in Bari arrested a Tunisian man in 2023 on suspicion of smuggling "
            f"migrants on a boat from Libya to Italy; 12 migrants {died} off Calabria.")
    out = extract_text(text, doc_id="t")
    assert [i.victims.deaths.value for i in out.incidents if i.victims.deaths] == [12]
