"""One news story about one case is one incident, even told over a headline, a dateline
paragraph and a follow-up; a past case years earlier stays apart."""

from __future__ import annotations

from ratline.extract import extract_text
from ratline.extract.extractor import check_text, rule_pass

STORY = """Broker Charged Over Kidney Sales to Foreign Patients

DHAKA, March 14, 2025 — Police in Bangladesh arrested a kidney broker, Rafiq Sarder-Molla, on Thursday, accusing him of recruiting villagers from Joypurhat to sell kidneys in India.

Investigators said the ring began recruiting donors in 2024 and paid each about 400,000 taka.

The suspect was charged with organ trafficking and remanded in custody."""

PAST = STORY + """

In 2009, a different ring in Khulna was broken up after police arrested a surgeon, Jalal Uddin-Mia, for kidney trafficking to Nepal."""


def test_a_story_told_over_several_paragraphs_is_one_incident() -> None:
    incidents = extract_text(STORY, doc_id="s").to_json()["incidents"]
    assert len(incidents) == 1
    (incident,) = incidents
    assert incident["year"] == 2024  # the acts, not the dateline
    assert incident["evidence"] == "charge"
    assert {"BD", "IN"} <= set(incident["countries"])


def test_a_case_years_earlier_stays_its_own_incident() -> None:
    incidents = extract_text(PAST, doc_id="p").to_json()["incidents"]
    years = sorted(i["year"] for i in incidents if i["year"])
    assert years == [2009, 2024]


def test_a_dated_release_about_an_arrest_takes_the_release_year() -> None:
    text = ("Metropolitan Police — Press Release No. 17\nCúcuta, 6 May 2024\n\n"
            "Officers of the Metropolitan Police of Cúcuta captured three members of a criminal "
            "network dedicated to the recruitment of Venezuelan migrants for the illegal removal "
            "and sale of kidneys.")
    (incident,) = extract_text(text, doc_id="r").to_json()["incidents"]
    assert incident["evidence"] == "arrest" and incident["year"] == 2024


def test_a_case_in_a_text_naming_one_country_takes_that_country() -> None:
    text = ("Police rescue 46 women in central Trinidad\n\n"
            "A tip-off led police to a bar in Cunupia where they arrested six people on Tuesday "
            "night for human trafficking.\n\nForty-six women were rescued from the bar in 2019.")
    incidents = extract_text(text, doc_id="t").to_json()["incidents"]
    assert incidents and all(i["countries"] == ["TT"] for i in incidents)


def test_one_of_a_counted_group_counts_the_group() -> None:
    text = ("In 1995 police raided a garment sweatshop in Los Angeles, United States, where "
            "traffickers held workers from Thailand in forced labour. Rotchana, one of the 72 "
            "workers found in the sweatshop, said she was recruited in her village.")
    (incident,) = extract_text(text, doc_id="v").to_json()["incidents"]
    assert incident["victims"]["count"] == 72


def test_last_weeks_arrest_told_after_the_case_opens_another() -> None:
    from ratline.extract.extractor import rule_pass

    text = ("Nine hospital workers in Cambodia were arrested in 2013 on suspicion of running an "
            "organ trafficking ring that sold kidneys to buyers from China.\n\n"
            "Last week, police arrested a Cambodian woman who had allegedly acted as a middleman "
            "between poor Cambodian kidney sellers and patients in Thai hospitals.")
    rules = rule_pass(text)
    assert rules is not None
    assert len(rules.incidents) == 2
    assert {c.value for c in rules.incidents[1].countries} == {"KH", "TH"}


MIGRANTS = """Police in Teknaf, Bangladesh, arrested ten Rohingya refugees in 2018 as they were about to board a boat to Malaysia.

The refugees live in vast camps near the border, and many may try to leave by sea while the weather is calm.

Hasan said the women paid US$100 each to traffickers and the men paid nearly $250 (about 21,000 taka). The case paid US$100 again."""


def test_amounts_outside_the_cases_sentences_join_the_case_told_before_them_as_payments() -> None:
    from ratline.extract.extractor import _build, _money_everywhere
    from ratline.extract.incidents import Group

    rules = rule_pass(check_text(MIGRANTS))
    assert rules is not None
    # The case as told in its first paragraph only: its sentences hold no amount.
    first = [m for m in rules.marks if m.sentence.paragraph == 0]
    group = Group("human", first)
    case = _build(rules.text, group, rules.marks, None)
    assert case.money == []
    assert "payment" not in {a.value for a in case.activities}
    _money_everywhere(rules.text, rules.marks, [(group, case)])
    assert "payment" in {a.value for a in case.activities}  # money that changed hands
    # Each amount once (US$100 is told twice), at its place in the text.
    assert [(f.value["amount"], f.value["currency"]) for f in case.money] == [
        (100, "USD"), (250, "USD"), (21000, "BDT")]
    assert [rules.text[f.start:f.end] for f in case.money if f.start is not None] == [
        "US$100", "$250", "21,000 taka"]
