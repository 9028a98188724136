"""Evidence levels: the strongest stated level, moved by hedges, negation and conditions."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.extractor import check_text, rule_pass
from ratline.extract.features import Marks


def _evidence(text: str) -> list[str]:
    out = extract_text(text, doc_id="t", published=None)
    return [i.evidence.value for i in out.incidents]


def _marks(text: str) -> list[Marks]:
    rules = rule_pass(check_text(text))
    assert rules is not None, "triage ruled the test text out"
    return rules.marks


def _debunks(text: str) -> bool:
    """Whether the rules read words of the text as finding its claim false."""
    return any(m.debunk for m in _marks(text))


def _denies(text: str) -> bool:
    return any(m.denial for m in _marks(text))


@pytest.mark.usefixtures("nlp")
class TestLadder:
    def test_arrest(self) -> None:
        text = (
            "Police in Lahore, Pakistan, arrested a broker, Imran Qadir, on Monday for luring "
            "labourers to sell their kidneys to foreign patients at a private clinic in 2023."
        )
        assert _evidence(text) == ["arrest"]

    def test_conviction_beats_arrest(self) -> None:
        text = (
            "A court in Cairo, Egypt, convicted a surgeon, Karim Nassar, of removing kidneys from "
            "migrants who were paid USD 2,000 each; he had been arrested in 2019."
        )
        assert _evidence(text) == ["conviction"]

    def test_negated_arrest_stays_at_report(self) -> None:
        text = (
            "Villagers in Kavre, Nepal, say brokers recruited at least ten men to sell their kidneys "
            "in India in 2022. No arrests have been made."
        )
        assert _evidence(text) == ["report"]

    def test_conditional_conviction_is_not_a_conviction(self) -> None:
        text = (
            "Prosecutors in Bratislava, Slovakia, charged Jan Kovac with trafficking firearms to "
            "Sweden in 2022. If convicted, he faces up to ten years in prison."
        )
        assert _evidence(text) == ["charge"]

    def test_unconfirmed_claims_are_allegations(self) -> None:
        text = (
            "Migrants held near Sabha, Libya, allege that guards removed kidneys from detainees and "
            "sold them in 2023. The claims could not be independently confirmed."
        )
        assert _evidence(text) == ["allegation"]

    def test_speculation_with_official_denial(self) -> None:
        text = (
            "A blogger speculates that kidneys are being removed from Syrian refugees in Lebanon and "
            "sold abroad. The health ministry categorically denies these claims."
        )
        assert _evidence(text) == ["denial"]

    def test_officials_dismissing_a_rumour_is_a_denial(self) -> None:
        text = (
            "Police in Cebu, Philippines, said there was no truth to rumours that a gang "
            "abducts children to harvest their kidneys and sell them abroad."
        )
        assert _evidence(text) == ["denial"]

    def test_a_party_denying_an_allegation_leaves_the_allegation(self) -> None:
        text = (
            "Elbonia rejected allegations by a UN panel that it smuggled rifles and ammunition "
            "to rebels in Freedonia in 2022."
        )
        assert _evidence(text) == ["allegation"]

    def test_debunked_rumour_yields_no_incident(self) -> None:
        text = (
            "A viral post claiming that a pupil's kidney was removed at a school in Lagos, Nigeria, "
            "is false, the hospital said after scans showed that both kidneys are present."
        )
        result = extract_text(text, doc_id="t")
        assert result.incidents == []


    def test_a_story_the_text_calls_fake_yields_no_incident(self) -> None:
        text = (
            "Fake news peddlers are at it again in Hyderabad, India, churning out false stories "
            "that a gang from Bihar is killing people and selling their organs to hospitals."
        )
        assert extract_text(text, doc_id="t").incidents == []

    def test_a_report_the_text_finds_false_elsewhere_is_debunked(self) -> None:
        from ratline.extract.extractor import _debunked, check_text, rule_pass
        from ratline.extract.incidents import Group

        text = (
            "A post reported that children in Addis Ababa, Ethiopia, are kidnapped for kidney "
            "theft.\n\nOrgan trade is illegal almost everywhere.\n\nA fact-checking team "
            "examined the post and concluded that it is false."
        )
        rules = rule_pass(check_text(text))
        assert rules is not None
        claim = [m for m in rules.marks if m.trades][:1]
        assert {lv for m in claim for lv in m.levels} == {"report"} and not claim[0].debunk
        # Told as a report, not as a rumour, and found false in another paragraph.
        assert _debunked(Group("organ", claim), rules.marks, rules.text)

    def test_a_fact_checks_verdict_label_debunks(self) -> None:
        text = ("Fake: Ukrainian forces trade in organs of their own wounded soldiers, a Russian "
                "politician claims, saying that the organs are sold abroad.")
        assert extract_text(text, doc_id="t").incidents == []
        assert extract_text(text.replace("Fake: ", ""), doc_id="t").incidents != []

    def test_forged_papers_are_part_of_the_case_not_a_debunking(self) -> None:
        text = (
            "Detectives in Kolkata, India, are investigating a racket that bought kidneys from "
            "poor villagers and sold them to patients from Delhi. The medical papers that "
            "certified the villagers as relatives of the recipients were fake, they said."
        )
        assert _evidence(text) == ["investigation"]
        assert not _debunks(text)
        # Said of the story, the same words debunk it.
        assert _debunks(text.replace("The medical papers that certified the villagers as "
                                     "relatives of the recipients were fake",
                                     "The stories about the racket were fake"))

    def test_the_accused_calling_accusations_baseless_denies_them(self) -> None:
        """Accusations are made against someone: the accused calling them baseless denies
        them, and the accused case stands at its level; a court finding them baseless
        debunks it."""
        text = (
            "Ostravia rejects claims that it sold weapons to rebels\n\nDalmany's foreign "
            "ministry said last month that rifles and mortar rounds seized from rebels in the "
            "north of Dalmany bore Ostravian markings, and accused Ostravia of supplying the "
            "group through a private company.\n\n\"These are baseless allegations,\" the "
            "Ostravian defence minister, Hana Vole, told reporters."
        )
        assert len(_evidence(text)) == 1
        assert not _debunks(text) and _denies(text)
        found = text.replace("\"These are baseless allegations,\" the Ostravian defence "
                             "minister, Hana Vole, told reporters.",
                             "A court in Dalmany found that the allegations were baseless.")
        assert _debunks(found)
        assert _evidence(found) == []

    def test_the_accused_hospital_s_quoted_word_that_claims_are_false_denies_them(self) -> None:
        """A quotation calling the claims false, its speaker one of the accused named after
        it, is a denial: the alleged case stands."""
        text = (
            "NAIROBI - The Kestrel Hospital on Friday denied allegations that its surgeons "
            "removed kidneys from poor young men who were brought from Somalia by brokers in "
            "2020. \"These claims are false and malicious,\" the hospital's director, Dr. Otieno "
            "Marvell, said."
        )
        assert _evidence(text) == ["allegation"]
        assert not _debunks(text) and _denies(text)
        # Said by the police, the same words find the claims false.
        assert _debunks(text.replace("the hospital's director, Dr. Otieno Marvell, said",
                                     "a police spokesman said"))

    def test_an_inquiry_s_report_called_false_by_the_accused_state_is_denied(self) -> None:
        text = ("A report by a group of UN experts said a rebel group in Varnia bought rifles "
                "and grenades from corrupt army officers in Chad in 2021. The experts named a "
                "Chadian colonel, Idriss Mahadi, as the main seller. Chad's government said the "
                "report was false.")
        assert len(_evidence(text)) == 1
        assert not _debunks(text) and _denies(text)
        # A post no inquiry wrote, found false, is debunked.
        assert _debunks(text.replace("A report by a group of UN experts said",
                                     "A viral post said"))

    def test_an_arrest_beside_a_debunked_rumour_still_stands(self) -> None:
        text = (
            "Police in Lagos, Nigeria, arrested two brokers, Tunde Bakare and Musa Idris, for "
            "selling kidneys of young men in 2023. A separate viral post about kidnapped pupils "
            "is false, the police added."
        )
        assert _evidence(text) == ["arrest"]


def test_organ_donation_news_yields_no_incident(nlp: Any) -> None:
    text = (
        "Doctors at a hospital in Tiruchi, India, harvested organs from a deceased patient on "
        "Wednesday, and the heart was flown to Chennai through a green corridor after the "
        "bereaved family agreed to donate the organs."
    )
    assert extract_text(text, doc_id="t").incidents == []


def test_hedge_words_do_not_raise_level(nlp: Any) -> None:
    text = (
        "Rumours say children in Oaxaca, Mexico, were kidnapped and their organs harvested in 2015."
    )
    assert _evidence(text) == ["rumor"]


def test_a_fear_that_a_network_was_arrested_is_no_arrest(nlp: Any) -> None:
    text = (
        "Relatives say South Sudanese migrants in Cairo, Egypt, are being killed for their "
        "kidneys. There is general panic that a network was arrested recently for organ "
        "trafficking, the community chairman said in 2017."
    )
    levels = _evidence(text)
    assert levels, "no incident"
    assert "arrest" not in levels and all(lv not in ("charge", "conviction") for lv in levels), levels


@pytest.mark.parametrize("killed", ["killed for their organs", "murdered for their kidneys"])
def test_people_killed_for_their_organs_are_an_organ_case(nlp: Any, killed: str) -> None:
    text = (
        "Investigation into missing migrants\n\nProsecutors in Cairo have opened an "
        f"investigation into claims that Eritrean migrants held by smugglers in Sinai were "
        f"{killed} in 2012. No one has been arrested."
    )
    out = extract_text(text, doc_id="t", published=None)
    assert [(i.trade.value, i.evidence.value) for i in out.incidents] == [
        ("organ", "investigation")]


def test_the_first_time_any_trafficker_was_charged_is_a_charge(nlp: Any) -> None:
    # "any" makes a statute's clause conditional ("any person who ... shall"); after "the
    # first time" it tells what happened.
    text = (
        "Four men from Camden were caught in 2019 selling untraceable rifles built from kits. "
        "\"This is the first time any defendant has been charged in a gun trafficking case "
        "under the new statute,\" the state prosecutor said."
    )
    assert "charge" in _evidence(text), _evidence(text)
    statute = (
        "Four men from Camden were caught in 2019 selling untraceable rifles built from kits. "
        "Under the statute, if any defendant is charged with trafficking, the court may hold "
        "him without bail."
    )
    assert "charge" not in _evidence(statute), _evidence(statute)


def test_an_acquittal_alone_tells_of_a_case_tried(nlp: Any) -> None:
    # No arrest, charge or act of the trade's own is stated: the acquittal implies the charge,
    # and the rules build the case from it.
    text = ("Two men accused of smuggling 14 migrants across the Channel in a small boat in 2022 "
            "were acquitted by a jury at Maidstone Crown Court on Friday.")
    assert _evidence(text) == ["charge"]
    rules = rule_pass(check_text(text))
    assert rules is not None and [i.evidence.value for i in rules.incidents] == ["charge"]


@pytest.mark.parametrize(("text", "level"), [
    # The press only tells what the opposition claims: an allegation.
    ("Opposition says army sold rifles to rebels\n\n"
     "The opposition in Varnia accused the army on Monday of selling rifles and ammunition to "
     "rebels in the north in 2023. State media reported that the defence minister rejected "
     "the claim. Local newspapers reported that the weapons were moved across the border by "
     "lorry.", "allegation"),
    # A report that found something is one, accusations or not.
    ("A report by the rights group Open Borders found that the army of Varnia sold rifles "
     "to rebels in 2023. The opposition accused the defence minister of profiting from the "
     "trade.", "report"),
])
def test_the_press_telling_a_claim_is_an_allegation(nlp: Any, text: str, level: str) -> None:
    assert _evidence(text) == [level]
