"""How real reports word deception and recruitment: the cues the rules read, which the
activity model then weighs. Every text here is fictional."""

from __future__ import annotations

import pytest

from ratline.extract.extractor import check_text, rule_pass


def _cued(text: str) -> set[str]:
    rules = rule_pass(check_text(text))
    assert rules is not None, "triage ruled the test text out"
    return {c.label for m in rules.marks for c in m.activities}


@pytest.mark.parametrize("text", [
    "Brokers in Dhaka lured men to sell kidneys with promises of a better life in India.",
    "The broker promised to pay them 4 lakh rupees for a kidney, police in Guntur said.",
    "Traffickers took the girls to Lagos under the false pretense of hotel jobs.",
    "A child trafficking gang ran a fake charity in Delhi that sold babies to couples.",
    "Agents of the kidney racket cheated the sellers and never paid them, police in Kochi said.",
    "Two men were arrested in Surabaya for luring villagers into selling their kidneys.",
    "Police in Singapore charged a patient who bought a kidney and made a false statutory "
    "declaration that the seller was his cousin.",
])
def test_real_report_wording_of_deception(text: str) -> None:
    assert "deception" in _cued(text)


def test_a_plain_promise_to_investigate_is_no_deception() -> None:
    assert "deception" not in _cued(
        "The minister promised an inquiry into the kidney racket in Kathmandu, Nepal.")


@pytest.mark.parametrize("text", [
    "A youth from Guntur was offered 30 lakh rupees for donating his kidney by a racket.",
    "Organ traffickers posted offers of money to refugees in Istanbul in exchange for their kidneys.",
    "Agents of the smuggling ring were sourcing people who wanted to reach Britain illegally.",
])
def test_real_report_wording_of_recruitment(text: str) -> None:
    assert "recruitment" in _cued(text)


@pytest.mark.parametrize("level", ["rumor", "speculation", "allegation", "report"])
def test_a_case_resting_on_a_report_or_less_lists_no_act_of_enforcement(level: str) -> None:
    from ratline.extract.activities import follow_evidence
    from ratline.extract.results import Found

    acts = [Found(a) for a in ("recruitment", "investigation", "arrest", "sale")]
    assert [a.value for a in follow_evidence(acts, level)] == ["recruitment", "sale"]


def test_acts_of_enforcement_stop_at_the_level_and_a_denial_keeps_them() -> None:
    from ratline.extract.activities import follow_evidence
    from ratline.extract.results import Found

    acts = [Found(a) for a in ("sale", "investigation", "arrest", "conviction")]
    assert {a.value for a in follow_evidence(acts, "arrest")} == {"sale", "investigation",
                                                                   "arrest"}
    # A denial stands outside the ladder: what the text says was done stays listed.
    assert {a.value for a in follow_evidence(acts, "denial")} == {a.value for a in acts}


@pytest.mark.parametrize("text", [
    "The kidney broker received Rs 8 lakh from the patient in Kochi, police said.",
    "The kidney broker received Rs 500,000 from the patient in Kochi, police said.",
    "Each trafficker received $5,000 for a migrant smuggled across the border to Texas.",
    "Each seller was given 60,000 yuan after the organ was removed in Yunnan.",
    "The smuggler received about 1.5 billion rials from the migrants before the crossing.",
    "The kidney donor was handed USD 1,500 by the organ broker at the clinic in Lima.",
])
def test_money_received_or_given_is_a_payment(text: str) -> None:
    assert "payment" in _cued(text)


@pytest.mark.parametrize("text", [
    "The ringleader of the migrant smuggling ring was handed an eight-year jail term in Athens.",
    "The trafficker received a two and a half year sentence for forced labour in Cardiff.",
    "Police received two reports of kidney trafficking in Bau district yesterday.",
    "Customs officers received a tip on December 6 and seized the smuggled rifles in Manila.",
])
def test_a_sentence_report_or_tip_received_is_no_payment(text: str) -> None:
    assert "payment" not in _cued(text)


@pytest.mark.parametrize("text", [
    "The broker paid each man 400,000 rupees before the kidney removal in Lahore in 2019.",
    "The patient paid $5,000 to a kidney broker in Cairo in 2018.",
    "The girl's father was paid 50 dollars by the trafficker in Lilongwe in 2021.",
])
def test_a_payment_is_cued_whatever_the_sum_s_digits(text: str, nlp: object) -> None:
    assert "payment" in _cued(text)


def test_a_cue_ending_on_a_letter_still_ends_on_a_word() -> None:
    from ratline.extract.cues import CueSet

    cues = CueSet({"sale": ["sold"], "payment": [r"paid (?:\w+ ){0,3}\d"]})
    assert [c.label for c in cues.find("The soldiers were paid 400,000 rupees.")] == ["payment"]


def test_a_person_sold_by_the_trade_s_own_words_is_a_sale(nlp: object) -> None:
    # The sentence names the sale only in the human trade's cue, no "sold to" in it.
    rules = rule_pass(check_text(
        "A man accused of selling his own daughter to a brothel owner in Battambang was "
        "granted bail on Tuesday. The girl, 14, was rescued by police in 2023."))
    assert rules is not None and rules.incidents
    assert "sale" in {a.value for a in rules.incidents[0].activities}


@pytest.mark.parametrize(("text", "rescued"), [
    ("A smuggling suspect accused of moving migrants across the Sahara to Libya was freed "
     "for lack of evidence in Agadez in 2023.", False),
    ("A court in Agadez freed a man accused of smuggling migrants to Libya in 2023.", False),
    ("Police freed 30 migrants held by smugglers in a house in Agadez in 2023.", True),
])
def test_the_accused_let_go_are_not_rescued(text: str, rescued: bool) -> None:
    assert ("rescue" in _cued(text)) is rescued
