"""An allegation is never shown as a conviction, and a named victim is never named or cast
as a perpetrator. Every input is written here; all names are fictional."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.actors import TRADER_ROLES
from ratline.extract.extractor import check_text, rule_pass
from ratline.extract.pseudonyms import pseudonym

KEY = b"test-key"
BROKER = "John Kamau"
LEAD = "Villagers in Kenya accused the broker John Kamau of kidney trafficking in Nairobi in 2021. "


def _extract(text: str, **kw: Any) -> dict[str, Any]:
    return extract_text(text, doc_id="t", pseudonym_key=KEY, **kw).to_json()


def _only_incident(out: dict[str, Any]) -> dict[str, Any]:
    assert len(out["incidents"]) == 1, out["incidents"]
    return dict(out["incidents"][0])


def _person(inc: dict[str, Any], name: str) -> dict[str, Any]:
    people = [a for a in inc["actors"] if a["name"] == name]
    assert people, inc["actors"]
    return dict(people[0])


def _named_victim(inc: dict[str, Any], label: str) -> dict[str, Any]:
    """A victim's pseudonym is listed with the people harmed, never among the actors."""
    assert all(a["name"] != label for a in inc["actors"]), inc["actors"]
    named = [a for a in inc["victims"]["named"] if a["name"] == label]
    assert named, inc["victims"]
    return dict(named[0])


# (text, levels the incident must not have, statuses the person must not have, expected
# level or None, expected status or None)
NEGATED = {
    "never_convicted": (
        "In 2023 police in Kenya accused the broker John Kamau of kidney trafficking in "
        "Nairobi, but he has never been convicted.",
        {"conviction"}, {"convicted"}, None, None,
    ),
    "not_convicted": (
        LEAD + "A court heard the case in 2023 and John Kamau was not convicted.",
        {"conviction"}, {"convicted"}, None, None,
    ),
    # Convictions still awaited: "until there are convictions".
    "until_there_are_convictions": (
        LEAD + "\"We will not rest until there are convictions,\" said an activist, Meena Iyer.",
        {"conviction"}, {"convicted"}, None, None,
    ),
    "would_be_convicted_soon": (
        LEAD + "Officials said John Kamau would be convicted soon, but no charges have been filed.",
        {"conviction", "charge"}, {"convicted", "charged"}, None, None,
    ),
    "rumour_conviction_police_deny": (
        "Rumours say the broker John Kamau was convicted of kidney trafficking in Kenya in 2021, "
        "but police deny any case exists.",
        {"conviction", "charge", "arrest"}, {"convicted"}, "denial", None,
    ),
    "conviction_overturned": (
        "In 2019 the broker John Kamau was convicted of kidney trafficking in Kenya, but the "
        "conviction was overturned on appeal in 2021.",
        {"conviction"}, {"convicted"}, "charge", "acquitted",
    ),
    "never_charged": (
        "In 2020 the broker John Kamau was arrested over kidney trafficking in Kenya, but he was "
        "never charged.",
        {"charge", "conviction"}, {"charged", "convicted"}, "arrest", "arrested",
    ),
    "charges_dropped": (
        "In 2020 the broker John Kamau was charged with kidney trafficking in Kenya, but the "
        "charges were dropped.",
        {"charge", "conviction"}, {"charged", "convicted"}, None, "charges_withdrawn",
    ),
    "released_without_charge": (
        "In 2020 police in Kenya questioned the broker John Kamau over kidney trafficking in "
        "Nairobi and he was released without charge.",
        {"charge", "conviction"}, {"charged", "convicted"}, None, None,
    ),
    "not_arrested": (
        "The broker John Kamau, accused of kidney trafficking in Kenya in 2020, was not arrested.",
        {"arrest", "charge", "conviction"}, {"arrested", "charged", "convicted"}, None, None,
    ),
    "police_deny_any_arrest": (
        LEAD + "Police deny any arrest of John Kamau has taken place.",
        {"arrest", "charge", "conviction"}, {"arrested", "charged", "convicted"}, None, None,
    ),
    "acquitted_later_sentence": (
        "In 2020 the broker John Kamau was charged with kidney trafficking in Kenya. In 2022 he "
        "was acquitted.",
        {"conviction"}, {"charged", "convicted"}, "charge", "acquitted",
    ),
    # The outcome told first, the step it undid after it in the past perfect.
    "overturned_then_told_in_the_past_perfect": (
        "The appeals court overturned the 2020 conviction of the broker John Kamau for kidney "
        "trafficking in Kenya. Kamau had been sentenced to eight years.",
        {"conviction"}, {"convicted"}, "charge", "acquitted",
    ),
    # The verdict of another case, told of someone accused in this one.
    "verdict_of_a_different_case": (
        "A rights group accused the broker John Kamau in 2024 of buying kidneys from poor "
        "villagers in Kenya. Kamau was found guilty of kidney trafficking by a court in 2015 "
        "in a different case.",
        {"conviction", "charge", "arrest"}, {"convicted"}, None, None,
    ),
    "tried_and_acquitted": (
        "In 2020 the broker John Kamau was tried for kidney trafficking in Kenya and acquitted by "
        "the high court.",
        {"conviction"}, {"convicted"}, "charge", "acquitted",
    ),
    # A sentence for another crime beside the acquittal of the trade's, told either way
    # round: the trade's case ended in the acquittal.
    "acquitted_of_the_trade_jailed_for_another_crime": (
        "In 2023 a court in Nairobi acquitted the broker John Kamau of kidney trafficking but "
        "sentenced him to two years in prison for forging hospital records.",
        {"conviction"}, {"convicted"}, "charge", "acquitted",
    ),
    "convicted_of_another_crime_acquitted_of_the_trade": (
        "In 2023 a court in Nairobi convicted the broker John Kamau of forgery but acquitted "
        "him of kidney trafficking.",
        {"conviction"}, {"convicted"}, "charge", "acquitted",
    ),
    # A plea offered is not entered.
    "offered_to_plead_guilty": (
        "In 2022 the broker John Kamau, on trial in Nairobi for kidney trafficking, offered to "
        "plead guilty in exchange for a lighter sentence. Prosecutors have not accepted the "
        "offer.",
        {"conviction"}, {"convicted"}, "charge", None,
    ),
    "conviction_thrown_out": (
        "In 2022 an appeals court in Kenya threw out the conviction of the broker John Kamau, "
        "who was found guilty in 2019 of kidney trafficking.",
        {"conviction"}, {"convicted"}, "charge", "acquitted",
    ),
    # The verdict with the accused named inside it.
    "found_named_not_guilty_of_the_trade_guilty_of_another": (
        "In 2023 a jury in Nairobi found the broker John Kamau not guilty of kidney trafficking "
        "but guilty of money laundering.",
        {"conviction"}, {"convicted"}, "charge", "acquitted",
    ),
}


@pytest.mark.parametrize("case", sorted(NEGATED))
def test_negated_or_undone_step_is_not_stated(nlp: Any, case: str) -> None:
    text, bad_levels, bad_statuses, level, status = NEGATED[case]
    inc = _only_incident(_extract(text))
    assert inc["evidence"] not in bad_levels
    kamau = _person(inc, BROKER)
    assert kamau["status"] not in bad_statuses
    if level is not None:
        assert inc["evidence"] == level
    if status is not None:
        assert kamau["status"] == status


@pytest.mark.parametrize(("text", "level"), [
    # A separate case of the trade is a case of its own: its arrest stands.
    ("Police in Kenya arrested a broker in 2024 in a separate case of kidney trafficking.",
     "arrest"),
    # "wanted by police" asks for no step.
    ("The broker wanted by police was arrested in Kenya in 2024 for selling kidneys.", "arrest"),
    # A step that ended a time told with "until" was taken.
    ("A broker in Kenya sold kidneys to buyers in India until he was arrested in 2024.",
     "arrest"),
    ("A raid in Kenya in 2024 aimed at the kidney ring arrested five brokers.", "arrest"),
    # A trial faced, a court told: a charge; one yet to be faced is not.
    ("A broker in Kenya faces trial in 2025 for selling kidneys in 2024.", "charge"),
    ("A witness told the court in 2024 that a Kenyan broker sold kidneys.", "charge"),
    ("Police in Kenya arrested a broker in 2024 for selling kidneys; he is yet to face trial.",
     "arrest"),
    # Forgery is how kidney rackets pass paid donors off as kin: its conviction is the case's.
    ("A court in Nairobi convicted a kidney broker of forgery in 2024 for preparing papers that "
     "showed paid donors as relatives of the patients.", "conviction"),
    # What those rescued said is theirs; the police's arrest after it stands.
    ("Thai marine police rescued 23 fishermen from Myanmar in 2024 who said they had been "
     "forced to work without pay aboard a trawler, and arrested the vessel's owner.", "arrest"),
    # Bail is granted to one held: the arrest stands.
    ("Prosecutors in Cairo released four suspects in a kidney trafficking case on bail in "
     "2022.", "arrest"),
])
def test_a_step_told_near_those_words_still_counts(nlp: Any, text: str, level: str) -> None:
    assert _only_incident(_extract(text))["evidence"] == level


def test_a_stated_conviction_still_counts(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Kenyan police arrested the broker John Kamau in 2020 and charged him with kidney "
        "trafficking; in 2022 he was convicted and sentenced to ten years."
    ))
    assert inc["evidence"] == "conviction"
    assert _person(inc, BROKER)["status"] == "convicted"


# Words that hold a ladder step without stating it.
FALSE_STEPS = {
    # A judge's order to arrest one who is at large.
    "a_judge_ordered_the_arrest": (
        "A judge in Varn has ordered the arrest of a businessman suspected of heading a network "
        "that smuggled migrants across the strait in speedboats in 2023. Karim Idrissi was "
        "last seen in Tangier.",
        "arrest",
    ),
    # A country's tally of convictions, told beside what brokers do.
    "a_tally_of_cases_that_ended_in_convictions": (
        "The conviction rate for trafficking cases in Varnia remains low, a government report "
        "said on Monday. Of 300 cases filed in 2022, only 40 ended in convictions. Activists say "
        "brokers who send young men abroad to sell kidneys are seldom caught.",
        "conviction",
    ),
    # A step claimed on social media, asked about in a question, or demanded.
    "unverified_posts": (
        "According to unverified social media posts, a broker named Ram Thapa was convicted in "
        "2020 of selling kidneys of villagers from Kavre to buyers in India.",
        "conviction",
    ),
    "a_question_heading": (
        "CONVICTED? Social media users claim that arms dealer Ivan Petrov was jailed in 2022 for "
        "smuggling rifles to a militia in Libya.",
        "conviction",
    ),
    "asked_whether": (
        "To ask the Minister whether the gangmaster Ram Thapa has been convicted of trafficking "
        "workers from Nepal to farms in Kent in 2017.",
        "conviction",
    ),
    "demanded_arrest_and_conviction": (
        "Activists demanded the arrest and conviction of Ram Thapa, a labour contractor they "
        "accuse of trafficking children from Kavre to mills in India in 2020.",
        "conviction",
    ),
    "record_of_tax_fraud": (
        "Rights groups allege that a factory owner, Ram Thapa, used forced child labour from "
        "Nepal in 2019. Thapa, who was convicted of tax fraud in 2015, denies the trafficking "
        "allegations.",
        "conviction",
    ),
    # A profession's verdict, the world's, and a verdict of another case.
    "a_medical_board_found_guilty": (
        "A medical board found surgeon Karl Weiss guilty of professional misconduct for "
        "transplanting kidneys bought from poor donors in Kosovo in 2019, and struck him off "
        "the register. No criminal charges have been brought.",
        "conviction",
    ),
    "convicted_in_the_eyes_of_the_world": (
        "Human rights groups say the militia has been convicted in the eyes of the world for "
        "selling captured fighters' organs in Libya in 2019, although no court has examined "
        "the claims.",
        "conviction",
    ),
    "captured_fighters_organs": (
        "Human rights groups say the militia sold captured fighters' organs in Libya in 2019.",
        "arrest",
    ),
    "a_separate_offence": (
        "Three men accused of smuggling 40 Afghan migrants through Serbia in 2022 will go on "
        "trial next month. A fourth suspect, Dragan Ilic, was convicted last year of a separate "
        "smuggling offence.",
        "conviction",
    ),
    "levels_of_conviction": (
        "Experts hold different levels of conviction about the challenge of organ trafficking in "
        "Kenya, where brokers recruited kidney donors in 2020.",
        "conviction",
    ),
    "deserve_an_investigation": (
        "Rumours of kidney trafficking by brokers in Kenya deserve an investigation, activists "
        "said in 2021.",
        "investigation",
    ),
    "agency_name": (
        "Agents of Homeland Security Investigations said that in 2020 a broker in Kenya sold "
        "kidneys of poor donors to buyers from abroad.",
        "investigation",
    ),
    "statute_penalty": (
        "Under the law, anyone who sells a kidney in Kenya shall be fined or imprisoned for up to "
        "ten years; brokers recruited donors in 2020.",
        "conviction",
    ),
    # A warrant for an arrest is no arrest; an earlier crime's conviction is not this case's.
    "arrest_warrant": (
        "A court in Kenya issued an arrest warrant in 2024 for a broker accused of selling "
        "kidneys to buyers in India. He remains at large.",
        "arrest",
    ),
    "prior_conviction": (
        "A broker charged in Kenya in 2024 with kidney trafficking had previously been "
        "convicted of fraud.",
        "conviction",
    ),
    "hope_to_secure_a_conviction": (
        "Police in Kenya arrested a broker in 2024 for selling kidneys to buyers in India. "
        "Prosecutors hope to secure a conviction.",
        "conviction",
    ),
    "another_crime_s_sentence": (
        "A Kenyan broker accused of selling kidneys in 2024 was sentenced to death in a "
        "separate murder case.",
        "conviction",
    ),
    "whoever_is_convicted": (
        "Police in Kenya arrested a broker in 2024 for selling kidneys. Under Kenyan law, those "
        "convicted of organ trafficking face life in prison.",
        "conviction",
    ),
    "criminal_record": (
        "Police in Kenya questioned a broker in 2024 over the sale of kidneys to buyers in "
        "India; he has a prior conviction for theft.",
        "conviction",
    ),
    # An accused's record of another crime, told with its time in a relative clause.
    "record_in_a_relative_clause": (
        "Villagers in Nepal accuse a broker of luring men in 2024 to sell their kidneys in "
        "India. The broker, who was convicted of fraud in 2012, denied the accusations.",
        "conviction",
    ),
    "record_with_its_year_first": (
        "Rights groups in Mexico accuse a former officer of smuggling migrants in 2023. The "
        "officer, who was jailed in 2009 for bribery, has not been charged.",
        "conviction",
    ),
    "record_of_an_arrest_years_ago": (
        "Aid workers in Bangladesh say a broker persuaded refugees in 2024 to sell kidneys. "
        "The broker, who was arrested for theft five years ago, denies it.",
        "arrest",
    ),
    # A step escaped, wished for, judged out of reach, or said of whoever did it.
    "evaded_arrest": (
        "Villagers in Nepal say a broker lured men in 2023 to sell kidneys in India. The broker "
        "evaded arrest by moving to Chennai.",
        "arrest",
    ),
    "escaped_conviction": (
        "Villagers in Nepal say a broker lured men in 2023 to sell kidneys in India. He escaped "
        "conviction in an earlier case for lack of evidence.",
        "conviction",
    ),
    "wished_for": (
        "Villagers in Nepal say brokers lured men in 2023 to sell kidneys in India. Activists "
        "want the brokers convicted and jailed.",
        "conviction",
    ),
    "out_of_reach": (
        "Villagers in Nepal say a broker lured men in 2023 to sell kidneys in India. A "
        "conviction is unlikely because the men signed consent forms, a lawyer said.",
        "conviction",
    ),
    "whoever_they_are": (
        "Villagers in Nepal say a broker lured men in 2023 to sell kidneys in India. Convicted "
        "traffickers often return to the trade within a few years, experts say.",
        "conviction",
    ),
    # A country's or a year's figures are no step of this case.
    "figures_since_a_year": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. "
        "Since 2010, 30 people have been convicted of organ trafficking in Nepal.",
        "conviction",
    ),
    "figures_of_a_report": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. "
        "Nepal's courts convicted 112 people of human trafficking in 2021, the State "
        "Department said.",
        "conviction",
    ),
    "figures_each_year": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. "
        "Police arrest hundreds of people each year for trafficking.",
        "arrest",
    ),
    "very_few_prosecuted": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. "
        "The government has arrested and prosecuted very few traffickers.",
        "arrest",
    ),
    "convictions_remain_rare": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. "
        "Convictions for organ trafficking remain rare in Nepal.",
        "conviction",
    ),
    # A step still awaited.
    "an_arrest_long_overdue": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. "
        "The broker's arrest, activists say, is long overdue.",
        "arrest",
    ),
    # No charges filed implies no arrest; a demand; a figure of speech.
    "no_charges_filed": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. "
        "No charges have been filed and no arrests made.",
        "arrest",
    ),
    "pressing_police_to_arrest": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. "
        "The men are pressing police to arrest and charge him.",
        "arrest",
    ),
    "court_of_public_opinion": (
        "Villagers in Nepal accuse a broker of luring men in 2023 to sell kidneys in India. He "
        "said he had been convicted in the court of public opinion.",
        "conviction",
    ),
    # A conviction asked for by the prosecution, the verdict still to come.
    "a_conviction_asked_for": (
        "A court in Accra is expected to deliver its verdict next month in the trial of Kofi "
        "Amedzro, who is accused of trafficking 12 children from the Volta region to work on "
        "fishing boats in 2019. Prosecutors have asked for a conviction and a 20-year "
        "sentence.",
        "conviction",
    ),
    # A country's milestone, another case's conviction, told beside this case's arrest.
    "a_first_conviction_under_the_law": (
        "Tanzania secured its first conviction under the 2008 anti-trafficking law in 2010, a "
        "man who had sold girls to bars in Dar es Salaam. This week police arrested a second "
        "suspect, Juma Mrembo, who is accused of recruiting 15 girls from Dodoma for domestic "
        "work in Oman in 2023.",
        "conviction",
    ),
    # A verdict on the word of those around the case, which officials deny.
    "a_verdict_migrants_speak_of": (
        "Migrants in Agadez say a smuggler known as Moussa Tchadi was convicted in Niger last "
        "year of smuggling people to Libya, but local officials say he was never arrested "
        "and still runs trucks across the desert.",
        "conviction",
    ),
    # A relative's record, dated, told beside the arrest.
    "a_brother_s_record": (
        "Customs officers at the port of Durban seized 60 pistols hidden in a container "
        "shipped from Turkey. A clearing agent, Sipho Mabuzane, was arrested. Mabuzane's "
        "brother was convicted of arms dealing in 2015.",
        "conviction",
    ),
}


ACCUSED = ("Villagers in Kavre, Nepal, accuse a broker named Ram Thapa of luring young men in "
           "2023 to sell their kidneys at private hospitals in Chennai. ")
# Words of the ladder that state no step of this case give its accused no legal status.
NO_STATUS = {
    "record_of_another_crime": ACCUSED + "Thapa, who was convicted of fraud in 2012, denied "
    "the accusations.",
    "court_of_public_opinion": ACCUSED + "Thapa said he had been convicted in the court of "
    "public opinion.",
    "previously_jailed": ACCUSED + "Thapa had previously been jailed for theft.",
    "both_steps_wished_for": ACCUSED + "Activists want Thapa convicted and jailed.",
    # A record told by its kind or its count.
    "a_convicted_trafficker": ACCUSED + "Thapa, a convicted trafficker, denies the accusations.",
    "arrested_twice_before": ACCUSED + "Thapa has been arrested twice before but never charged.",
    # A record told in a sentence of its own, with its year.
    "record_told_on_its_own": ACCUSED + "Thapa was convicted of tax fraud in 2009 and served "
    "three years.",
}


def test_the_year_of_a_record_of_another_crime_is_not_the_case_s(nlp: Any) -> None:
    inc = _only_incident(_extract("Police in Kavre, Nepal, arrested a broker, Ram Thapa, on "
                                  "Tuesday for luring young men to sell their kidneys. Thapa "
                                  "was convicted of tax fraud in 2009 and served three years."))
    assert inc["year"] != 2009
    assert inc["evidence"] == "arrest"
    assert _person(inc, "Ram Thapa")["status"] == "arrested"


def test_jailed_alone_is_a_hold_and_jailed_for_years_a_sentence(nlp: Any) -> None:
    held = _only_incident(_extract(ACCUSED + "Thapa was jailed briefly in 2015 after a bar "
                                   "fight, police records show."))
    assert _person(held, "Ram Thapa")["status"] != "convicted"
    sentenced = _only_incident(_extract(ACCUSED + "In 2024 Thapa was jailed for seven years "
                                        "for organ trafficking."))
    assert _person(sentenced, "Ram Thapa")["status"] == "convicted"
    # "Has been jailed" is the news of a sentence, unless a trial is still awaited.
    news = _only_incident(_extract(ACCUSED + "In 2024 Thapa has been jailed at the district "
                                   "court in Kathmandu."))
    assert news["evidence"] == "conviction"
    assert _person(news, "Ram Thapa")["status"] == "convicted"
    awaits = _only_incident(_extract(ACCUSED + "In 2024 Thapa has been jailed pending trial."))
    assert awaits["evidence"] != "conviction"
    assert _person(awaits, "Ram Thapa")["status"] != "convicted"
    # Named between the verb and the term; a hold before trial told the same way is none.
    term = _only_incident(_extract(ACCUSED + "In 2024 a court jailed the broker, Ram Thapa, "
                                   "for seven years."))
    assert term["evidence"] == "conviction"
    assert _person(term, "Ram Thapa")["status"] == "convicted"
    hold = _only_incident(_extract(ACCUSED + "In 2024 Thapa was jailed preventatively in "
                                   "Kathmandu for 14 months on charges of trafficking."))
    assert hold["evidence"] != "conviction"
    assert _person(hold, "Ram Thapa")["status"] != "convicted"


@pytest.mark.parametrize("case", sorted(NO_STATUS))
def test_an_accused_is_not_shown_convicted_by_words_of_another_case(nlp: Any, case: str) -> None:
    inc = _only_incident(_extract(NO_STATUS[case]))
    assert _person(inc, "Ram Thapa")["status"] == "mentioned"
    assert inc["evidence"] not in ("arrest", "charge", "conviction")


def test_two_steps_wished_for_are_both_unstated(nlp: Any) -> None:
    inc = _only_incident(_extract(ACCUSED + "Activists want Thapa convicted and sentenced to "
                                  "life."))
    assert inc["evidence"] != "conviction"


@pytest.mark.parametrize("case", sorted(FALSE_STEPS))
def test_a_word_of_the_ladder_is_not_the_step(nlp: Any, case: str) -> None:
    text, level = FALSE_STEPS[case]
    for inc in _extract(text)["incidents"]:
        assert inc["evidence"] != level
        assert level not in inc["activities"]


VICTIM = "Maria Lopez"
TRADE = "Police in Nepal arrested two brokers in 2024 for kidney trafficking. "
HUMAN = "Police in Malaysia arrested two traffickers in 2023 for human trafficking. "
SMUGGLING = "Police in Texas arrested two smugglers in 2023 for human smuggling. "
ARMS = "Police in Mexico seized rifles in 2022 in an arms trafficking case. "
NAMED_VICTIM = {
    # Her story opens on a time before her name; the next sentence tells what was done to her.
    "story_opens_on_a_time": HUMAN + "For three years, Maria Lopez cooked and cleaned for a "
    "family in Doha without a day off. Her employer confiscated her passport and paid her "
    "nothing, she said.",
    # Her own words before her name; her employer's harm in the story that opens on her name.
    "quoted_before_said": HUMAN + "\"I was sold like a goat,\" said Maria Lopez, who escaped "
    "in 2019 with the help of a neighbour.",
    "employer_locked_her": HUMAN + "Maria Lopez was 19 when a recruiter offered her a job in "
    "Riyadh. Instead, she says, her employer locked her in the house and beat her.",
    # A story opening on a dateline, its harm an organ taken; forced into prostitution.
    "dateline_then_organ_taken": TRADE + "KATHMANDU — Maria Lopez went to India in 2019 "
    "believing she had found work in a factory. Three weeks later she woke up in a hospital "
    "bed in Chennai with a long scar on her side.",
    "forced_into": HUMAN + "Maria Lopez had just turned 16 when a man offered her work in a "
    "restaurant. When she arrived, he took her to a house where she was forced into "
    "prostitution.",
    "among_the_workers_freed_in_the_raid": HUMAN + "Among the workers freed in the raid was "
    "Maria Lopez, 24, who told investigators she had not been paid for two years.",
    # Harm in the person's own clause, told after another act; her papers taken; recalled.
    "worked_without_pay_and_was_beaten": HUMAN + "Maria Lopez worked 20 hours a day without pay "
    "and was beaten by the owner of the restaurant.",
    "paid_the_smuggler_and_was_locked_in": SMUGGLING + "Maria Lopez paid the smuggler 2,000 dollars "
    "and was locked in a stash house for weeks.",
    "her_passport_was_taken": HUMAN + "Maria Lopez's passport was taken on arrival and she was "
    "not allowed to leave the house.",
    "recalls_being_kept": HUMAN + "Maria Lopez recalls being kept in a locked room for two years.",
    "escaped_and_went_to_the_police": HUMAN + "Maria Lopez escaped and went to the police, who "
    "raided the flat the next day.",
    "who_answered_an_advert_was_held": HUMAN + "Maria Lopez, who answered a fake job "
    "advertisement, was held in the compound for six months.",
    # Whom a trader of people moved.
    "moved_by_the_trafficker": HUMAN + "The trafficker took Maria Lopez through Niger to Libya, "
    "where smugglers held her for ransom.",
    "apposition": TRADE + "The victim, Maria Lopez, 19, was lured to Kathmandu with a job offer.",
    "object_of_trafficked": TRADE + "The broker trafficked Maria Lopez to India, where her kidney "
    "was removed.",
    "age_then_passive": TRADE + "Maria Lopez, 19, was recruited in a village near Pokhara and "
    "sold to a clinic.",
    "a_victim_of": TRADE + "Maria Lopez, a victim of the ring, told police she was paid 3,000 "
    "dollars.",
    "who_was_trafficked": TRADE + "Maria Lopez, who was trafficked to India, lost a kidney.",
    "survivor_title": TRADE + "Survivor Maria Lopez said the brokers took her passport.",
    "passive_kidnapped": TRADE + "Maria Lopez was kidnapped and her kidney was removed in a "
    "private clinic.",
    "object_of_lured": TRADE + "The brokers lured Maria Lopez to Delhi and sold her kidney.",
    "relative_of": TRADE + "The brother of Maria Lopez said she had been deceived by the brokers.",
    "whose_organs_were_removed": TRADE + "The case concerns a 10-year-old girl, Maria Lopez, whose "
    "organs were removed without consent at a clinic in Pokhara.",
    "refugee_named": TRADE + "One refugee named Maria Lopez made a deal with an organ broker "
    "in Istanbul.",
    "teen_identified_as": TRADE + "Prosecutors said the teen male, identified as Maria Lopez, "
    "was paid 2,000 dollars.",
    "bought_a_kidney_from": TRADE + "A businessman arranged to buy a kidney from Maria Lopez, "
    "a cleaner from Jakarta.",
    "farmer_apposition": TRADE + "The distressed farmer, Maria Lopez, approached the police "
    "after the operation.",
    "renal_failure": TRADE + "Maria Lopez suffered renal failure after the operation.",
    "whose_kidney_was_taken": TRADE + "Maria Lopez, whose kidney was taken in a private clinic, "
    "asked the court for compensation.",
    # Harm done to a child the case is about: missing, found dead.
    "disappearance_of": TRADE + "One broker was held over the disappearance of 10-year-old "
    "Maria Lopez from her village.",
    "body_of_a_missing_child": TRADE + "Fears grew after the body of Maria Lopez, a missing "
    "6-year-old, was found near the clinic.",
    "went_missing": TRADE + "Maria Lopez went missing in March after the brokers visited her "
    "village.",
    # Whom a broker went after, who woke up without a kidney, one among those held.
    "approached_by_a_broker": TRADE + "In 2020 a broker approached Maria Lopez with an offer "
    "of work in India. Maria said she was taken to a hospital in Chennai.",
    "woke_up_without_a_kidney": TRADE + "Maria Lopez said she woke up in a Chennai hospital "
    "without a kidney.",
    "among_them": TRADE + "Women from Pokhara, among them Maria Lopez, were held in a flat in "
    "Delhi before the operations.",
    "paid_by_the_broker_in_her_account": TRADE + "Maria Lopez, a mother of three, said the "
    "broker paid her 3,000 dollars after the operation.",
    "beaten": TRADE + "Maria Lopez was beaten by the brokers when she asked for her money.",
    # Freed, held, taken for the operation, cheated, persuaded: each read before as a
    # broker, a recruiter, an official or a member of the medical staff.
    "among_those_rescued": TRADE + "Among those rescued was Maria Lopez, 16, who had been held "
    "in a flat in Delhi for months.",
    "described_being_locked": TRADE + "In her testimony, Maria Lopez described being locked in a "
    "basement in Delhi before the operation.",
    "such_as_subjected_to_threats": TRADE + "Villagers such as Maria Lopez were subjected to "
    "threats by the brokers after the operations.",
    "a_girl_in_apposition": TRADE + "A 14-year-old girl, Maria Lopez, was found in a clinic in "
    "Delhi after the operation.",
    "cheated_of_what_was_promised": TRADE + "Maria Lopez received only half of the 5,000 dollars "
    "she had been promised.",
    "agreed_to_sell_a_kidney": TRADE + "Desperate to repay a loan, Maria Lopez agreed to sell a "
    "kidney in 2019.",
    "taken_to_a_hospital": TRADE + "Maria Lopez was taken to a hospital in Chennai, where doctors "
    "operated on her.",
    "her_ordeal": TRADE + "Maria Lopez's ordeal began when a neighbour offered her work in India.",
    "offered_work": TRADE + "A neighbour offered Maria Lopez work in India in 2020.",
    "locked_in_with_others": TRADE + "Maria Lopez and three other women were locked in a room in "
    "Delhi before the operations.",
    "sent_home": TRADE + "Maria Lopez was sent home from Delhi without payment after the "
    "operation.",
    "went_abroad_with_a_broker_who_promised": TRADE + "Maria Lopez went to India in 2019 with "
    "a broker who promised her 4,000 dollars.",
    "needed_money_and_contacted_a_broker": TRADE + "Maria Lopez needed money for her "
    "daughter's wedding, so she contacted a broker.",
    "filed_a_complaint": TRADE + "Maria Lopez filed a complaint with the police after the "
    "broker refused to pay her.",
    "cheated_out_of_payment": TRADE + "The broker cheated Maria Lopez out of her payment.",
    "the_scar": TRADE + "Maria Lopez, whose abdomen bears a long scar, says she regrets the "
    "sale.",
    "last_of_the_sellers_listed": TRADE + "The sellers, Ana Ruiz, Lina Haddad and Maria Lopez, "
    "were paid 2,000 dollars each.",
    # Outside the organ trade, where only the mention the rules grouped is read.
    "relative_speaks_after_the_name": HUMAN + "Maria Lopez's mother said her daughter had been "
    "promised a job in a restaurant.",
    "married_off": HUMAN + "Maria Lopez was married off to a man in China by the traffickers.",
    "held_in_debt_bondage": HUMAN + "Maria Lopez spent three years in debt bondage on a palm "
    "oil plantation.",
    "escaped_and_reported_the_gang": HUMAN + "Maria Lopez escaped from the brothel in 2022 and "
    "reported the gang to police.",
    # A name the entity model runs on into the next words is no body's name.
    "surname_in_a_body_s_name": HUMAN + "Maria Lopez was trafficked to Kuala Lumpur in 2021. "
    "Lopez told police the recruiter kept her passport and forced her to work in a restaurant.",
    "a_migrant_in_apposition": SMUGGLING + "Maria Lopez, a migrant from Honduras, was found in "
    "the trailer with 40 others.",
    "paid_the_smugglers_to_take_her": SMUGGLING + "Maria Lopez paid the smugglers 8,000 dollars "
    "to take her across the border.",
    "a_child_by_her_age": HUMAN + "Maria Lopez, 15, was advertised online by the traffickers.",
    # Offered a lure of a job, made to see clients, threatened, examined and tested for the
    # operation, given forged papers, telling in court what the broker promised.
    "a_nurse_offered_a_job": HUMAN + "Maria Lopez, a nurse from Manila, was offered a job in a "
    "hospital that did not exist.",
    "made_to_see_clients": HUMAN + "Maria Lopez was made to see up to ten clients a night in a "
    "brothel in Penang.",
    "family_threatened": HUMAN + "The traffickers threatened to kill Maria Lopez's family if "
    "she went to the police.",
    "examined_before_the_operation": TRADE + "A doctor in Delhi examined Maria Lopez before the "
    "operation.",
    "blood_tests_for": TRADE + "The brokers paid for blood tests for Maria Lopez in Kathmandu.",
    "a_forged_passport_for": TRADE + "The brokers made a fake passport for Maria Lopez so she "
    "could travel to India.",
    "testified_what_the_broker_promised": TRADE + "Maria Lopez testified in court that the "
    "broker had promised her 5,000 dollars.",
    # Paid for an organ: the seller (read as a broker before).
    "paid_for_a_kidney": TRADE + "Maria Lopez was paid 2,000 dollars for a kidney.",
    "received_money_for_a_kidney": TRADE + "Maria Lopez received 900 dollars for a kidney.",
    # Whose organ was taken (read as the surgeon before), left with one kidney, identified by
    # the police, working off a debt to the recruiter (read as the recruiter).
    "a_kidney_taken_from": TRADE + "Surgeons took a kidney from Maria Lopez without her "
    "consent.",
    "left_with_one_kidney": TRADE + "Maria Lopez was left with one kidney and no money.",
    "identified_by_the_police": HUMAN + "Police identified the woman as Maria Lopez, 24, from "
    "Laos.",
    "a_debt_to_her_recruiter": HUMAN + "Maria Lopez worked in a karaoke bar to pay off a debt of "
    "3,000 dollars to her recruiter.",
    # Met the one who exploited her, controlled through debts, living in a shelter.
    "met_the_one_who_forced_her": HUMAN + "Maria Lopez fell in love with a man who later forced "
    "her into prostitution.",
    "controlled_through_debts": HUMAN + "Maria Lopez was controlled through debts and threats "
    "against her family.",
    "lives_in_a_shelter": HUMAN + "Maria Lopez now lives in a shelter run by a charity in "
    "Madrid.",
    # In an arms case, the one its weapons killed.
    "killed_with_the_weapons": ARMS + "The rifles were used in an attack that killed Maria "
    "Lopez, a teacher, in Culiacan.",
    # Kept by the accused, and arrested once for their debts: still their victim.
    "kept_by_the_accused": TRADE + "The brokers kept Maria Lopez in a locked room for months "
    "before the operation. Lopez spent a night in prison after being arrested for the "
    "brokers' unpaid fines.",
    # A child by the age the story gives; one telling that her own kidney was taken; one
    # among other migrants found; one who ran away from the brothel.
    "a_child_by_the_age_when": HUMAN + "Maria Lopez was 16 when a neighbour introduced her to "
    "a man who promised work in a hotel in Kuala Lumpur.",
    "tells_her_kidney_was_taken": TRADE + "Maria Lopez, a widow from a village near Pokhara, "
    "told officers the broker drove her to a hospital where doctors removed her kidney.",
    "among_other_migrants": SMUGGLING + "Maria Lopez and 30 other migrants were found inside "
    "the trailer.",
    "ran_away_from_the_brothel": HUMAN + "Maria Lopez ran away from the brothel with the help "
    "of a client and went to the police.",
    # One of the children freed; told to sell a kidney; telling what the madam did to her;
    # the scar shown to reporters; papers taken and forced to work; brought with a promise.
    "one_of_the_boys": HUMAN + "Maria Lopez, one of the boys, said the owner beat them if they "
    "stopped working.",
    "told_to_sell_a_kidney": TRADE + "Maria Lopez, a bonded labourer at a brick kiln, said the "
    "kiln owner told her to sell a kidney to clear the debt.",
    "tells_what_the_madam_did": HUMAN + "Maria Lopez told investigators the madam had arranged "
    "her journey across the Sahara and then demanded 30,000 euros.",
    "scar_shown_to_reporters": TRADE + "Maria Lopez showed reporters the long scar on her side "
    "and said she had been paid half of what she was promised.",
    "papers_taken_forced_to_work": HUMAN + "The court heard that Maria Lopez, a construction "
    "worker, had her passport taken on arrival and was forced to work 14 hours a day.",
    "brought_with_a_promise": HUMAN + "The couple had brought Maria Lopez from Paraguay with a "
    "promise of a job in a restaurant, but kept her as a servant without pay.",
    # The woman whose kidney was transplanted; whose family paid a smuggler to take her;
    # drugged and waking with stitches; telling of her employers past a relative clause;
    # among the workers freed.
    "whose_kidney_was_transplanted": "Police in Nepal arrested a doctor in 2024 for organ "
    "trafficking. Maria Lopez, the woman whose kidney was "
    "transplanted into a patient from Oman, was presented at the hospital as his wife.",
    "family_paid_a_smuggler": SMUGGLING + "Maria Lopez's family paid 8,000 dollars to a smuggler "
    "to take her to the United States.",
    "drugged_woke_with_stitches": TRADE + "According to the police, Maria Lopez, a labourer from "
    "Pokhara, was given drugs and woke up in a private clinic with stitches in her side.",
    "tells_of_her_employers": HUMAN + "Maria Lopez, who was placed by the agency as a maid in a "
    "house in Kuala Lumpur, said her employers beat her and never paid her.",
    "among_the_workers_freed": HUMAN + "Maria Lopez was among 130 workers freed from a brick "
    "kiln in Selangor.",
    # Telling the court of her hours; paying for a job that was not there.
    "tells_the_court_of_her_hours": HUMAN + "Maria Lopez, a Moroccan worker, told the court she "
    "worked 12 hours a day for 20 euros and slept in a shed.",
    "paid_an_agency_for_a_job": HUMAN + "Maria Lopez paid a recruitment agency in Dhaka 400,000 "
    "taka for a job in Malaysia. When she arrived, there was no job.",
    # As police reports in South Asia tell it: the complainant, the age in brackets, whom the
    # accused targeted or the gang paid, and one recovering from the operation.
    "the_complainant": TRADE + "The complainant, Maria Lopez (32), told police that the "
    "accused took her to Colombo for the surgery.",
    "age_in_brackets_lodged_a_complaint": TRADE + "Maria Lopez (32), a resident of Pokhara, "
    "lodged a complaint alleging that she was cheated by the brokers.",
    "the_accused_targeted": TRADE + "According to police, the accused had targeted Maria Lopez "
    "and other poor women from the village.",
    "the_gang_paid": TRADE + "The gang paid Maria Lopez 3 lakh rupees and kept the rest of the "
    "money.",
    "recovering_from_the_operation": TRADE + "Police traced Maria Lopez to a village near "
    "Pokhara, where she was recovering after the surgery.",
    # Held and sold by smugglers; in an arms case, one killed told in apposition and a child
    # an armed group recruited.
    "held_by_smugglers": SMUGGLING + "Smugglers in Libya held Maria Lopez in a warehouse and "
    "sold her to a militia.",
    "killed_in_apposition": ARMS + "The family of Maria Lopez, killed with a smuggled rifle in "
    "Juarez, sued the gun maker.",
    "a_child_an_armed_group_recruited": ARMS + "Maria Lopez, 16, was recruited by an armed "
    "group and forced to carry the rifles.",
    # The last of a list of victims "identified as" three names; one named among migrants
    # found ("among them a woman named X"), whatever follows the name.
    "last_of_the_victims_identified_as": HUMAN + "Three victims, identified as Grace Atieno, "
    "Mercy Wanjiru and Maria Lopez, told the court that the recruiter took their passports in "
    "Riyadh.",
    "among_the_migrants_a_woman_named": SMUGGLING + "Agents found 14 migrants, among them a "
    "Honduran woman named Maria Lopez, locked in a trailer in Laredo.",
    # The perpetrator's word ending the sentence before is not the victim's title.
    "after_a_sentence_ending_with_the_broker": TRADE + "The donors were taken to the "
    "trafficker. Maria Lopez, a donor from a village, sold her kidney for 2,000 dollars.",
    # A family in bondage, the second of its members named; workers of a scam compound.
    "the_second_of_a_family_including": HUMAN + "A family of seven, including Ana Perez and "
    "her sister Maria Lopez, were found in debt bondage at a brick kiln in Kasur.",
    # A title between the word and the name; later names of a list of those freed; what a
    # woman told officers of how she was brought; a relative of the one harmed.
    "the_complainant_with_a_title": TRADE + "The complainant, Ms. Maria Lopez, told police that "
    "the accused took her to Colombo for the surgery.",
    "a_later_name_of_those_freed": HUMAN + "Among those freed were Ana Perez, 45, her sister "
    "Maria Lopez and their cousin Rosa.",
    "the_second_of_those_rescued": HUMAN + "Police rescued Ana Perez and Maria Lopez from a "
    "brothel in Kuala Lumpur.",
    "told_officers_she_had_been_brought": HUMAN + "Maria Lopez, 19, told officers she had been "
    "brought to Malaysia in the back of a lorry and forced to work to pay off a debt.",
    "a_sister_of_the_complainant": HUMAN + "The second witness, Maria Lopez, a sister of the "
    "complainant, told the court that the recruiter collected 3,000 dollars from the family.",
    # An apposition before the name, then what she told the court of the broker she names;
    # a relative named in apposition who complained or testified.
    "told_the_court_what_the_named_broker_did": TRADE + "A 24-year-old woman from Pokhara, "
    "Maria Lopez, told the district court that broker Ram Thapa took her to Chennai, where "
    "her kidney was removed.",
    "her_mother_filed_a_complaint": HUMAN + "A girl of 15 was rescued from a brothel in Penang. "
    "Her mother, Maria Lopez, had filed a missing person complaint in Ipoh.",
    "the_victim_s_sister_testified": HUMAN + "The victim's sister, Maria Lopez, also testified "
    "against the recruiter.",
    # A name the outlet gave to protect her.
    "not_her_real_name": HUMAN + "Maria Lopez (not her real name) was 17 when she answered an "
    "advert for au pair work in Penang.",
    "a_worker_identified_in_court_only_as": HUMAN + "The worker, identified in court only as "
    "\"Maria Lopez\", 29, was paid nothing and slept on the kitchen floor.",
    # Whose organ the surgeons took or a broker paid for; a child among smuggled migrants;
    # names under a "Rescued:" label, between dashes, held by kidnappers; a sister in a quote.
    "operated_on_removing_her_kidney": TRADE + "Surgeon Ram Thapa operated on Maria Lopez, 30, "
    "a widow from Pokhara, in 2016, removing her kidney for a wealthy recipient.",
    "the_kidney_of": TRADE + "The kidney of Maria Lopez, a 22-year-old porter from Pokhara, was "
    "transplanted into a businessman at a clinic in Delhi.",
    "doctors_removed_the_kidney_of": TRADE + "Doctors at a clinic in Delhi removed the kidney of "
    "Maria Lopez, 26, after a broker paid her 2,000 dollars.",
    "paid_for_her_kidney": TRADE + "A broker paid Maria Lopez, 24, 100,000 rupees for her kidney "
    "in Pokhara and kept the rest.",
    "among_them_a_child_by_age": SMUGGLING + "Agents arrested a driver who was smuggling 20 "
    "migrants, among them 12-year-old Maria Lopez, in a van.",
    "including_a_child_by_age": SMUGGLING + "Police detained the smuggler together with 30 "
    "migrants, including 15-year-old Maria Lopez, in a truck.",
    "under_a_rescued_label": HUMAN + "Arrested: Ana Perez (45). Rescued: Rosa Diaz (14), Maria "
    "Lopez (13).",
    "between_dashes": HUMAN + "Three women - Rosa Diaz, Maria Lopez and Ana Perez - were "
    "rescued at the border while being trafficked to Thailand.",
    "the_workers_rescued_were": HUMAN + "The workers rescued were: Rosa Diaz (40), Maria Lopez "
    "(13) and Ana Perez (16).",
    "held_by_kidnappers_described": SMUGGLING + "Kidnappers in Laredo held Honduran migrant Maria "
    "Lopez, 22, for two weeks and demanded a ransom from her family.",
    "my_sister_in_a_quote": HUMAN + "\"My sister Maria Lopez was only 13,\" said her brother, "
    "who says a neighbour sold her to a brothel.",
    # The teller of a first-person account.
    "my_name_is_in_a_testimony": HUMAN + "My name is Maria Lopez. In 2019 a man told me I could "
    "earn good money in a nail bar in Penang. He took my passport and put me in a lorry.",
    "i_comma_name_was_kept": SMUGGLING + "Q: What happened? A: I, Maria Lopez, was kept in a "
    "camp near the border and beaten until my family paid 2,000 dollars.",
    # Named in apposition to a group the text said was trafficked, then charged with a
    # migrant's offence.
    "named_in_apposition_to_a_group_trafficked": "Two Nepali women who were trafficked to "
    "Kenya to dance in bars were charged with working illegally, while the club owner walked "
    "free. The women, Ana Perez and Maria Lopez, spent three weeks in custody.",
    # The smuggled people a US court holds to testify.
    "material_witnesses": SMUGGLING + "Material witnesses Ana Perez and Maria Lopez, both "
    "Guatemalan nationals found in the trailer, told agents they had agreed to pay 8,000 "
    "dollars each to be smuggled to Houston.",
    # Made to recruit, and called a victim by the police a sentence later.
    "called_a_victim_by_the_police_later": HUMAN + "After two years in the compound, Maria "
    "Lopez was ordered to recruit friends from her village. She lured three cousins with "
    "promises of jobs before escaping. Police have not charged her, saying she was herself a "
    "victim of trafficking.",
    # One who asks to stay unnamed; one who tells what smugglers did to her.
    "asked_that_her_surname_not_be_used": HUMAN + "Maria Lopez, who asked that her surname not "
    "be used, said a recruiter in Chisinau promised her a job in a bakery in Istanbul.",
    "described_how_smugglers_beat_her": SMUGGLING + "In an interview, Maria Lopez described how "
    "smugglers in Libya beat her and demanded 3,000 dollars from her family.",
    "the_workers_including": HUMAN + "The workers, including Maria Lopez, said they had been "
    "beaten in the scam compound when they failed to meet targets.",
    # One who tells that the employer, named between, threatened to report her.
    "one_worker_said_y_threatened_to_report_her": HUMAN + "One worker, Maria Lopez, said "
    "Roberto Salgado threatened to report her to immigration if she complained.",
    # A story that opens on her and tells in the next sentence what was done to her.
    "a_story_that_opens_on_her": HUMAN + "Maria Lopez was 19 when she left her village near "
    "Chiang Rai for what she thought was a job in a hotel in Bangkok. Within a week she had "
    "been taken across the border and sold to a bar in Kuala Lumpur.",
    # One who tells that smugglers held her for ransom.
    "smugglers_held_her_for_ransom": SMUGGLING + "Maria Lopez, 23, from Honduras, said "
    "smugglers in Reynosa held her for ransom for eight months.",
    # The first of a pair named after the group, harmed in the same sentence.
    "the_women_x_and_y_had_been_forced": HUMAN + "The women, Maria Lopez and Ana Ruiz, had "
    "been forced by armed guards to work in a bar in Kuala Lumpur.",
    # One who tells what she paid a broker, and that he put her on a boat.
    "paid_a_broker_who_put_her_on_a_boat": SMUGGLING + "Maria Lopez, 19, said she paid 50,000 "
    "pesos to a broker called Juan Ortega, who put her on a crowded boat.",
    # Whose passport the accused took: named as the owner of the papers.
    "whose_passport_was_confiscated": HUMAN + "Lim Ah Kow, 52, is accused of confiscating "
    "the passport of Maria Lopez, 23, and forcing her to work 18 hours a day without pay.",
    # Sold as a bride by a broker, named with her sister and their ages.
    "sold_as_a_bride": "A court in Dhaka heard on Sunday how two sisters, Maria Lopez and Ana "
    "Lopez, aged 14 and 16, were sold by a broker to men in India as brides. The broker, Abdul "
    "Karim, denies the charges.",
    # Taken from home by a named neighbour, told by her mother.
    "taken_from_her_village_by_a_neighbour": HUMAN + "Her mother said Maria Lopez was taken "
    "from their village in Nepal by a neighbour, Ram Bahadur, who promised her a job in a hotel.",
    # One who tells the court what a man she names did to her: he is the agent, she the
    # one harmed (the lede's "the man accused" says nothing of her).
    "tells_the_court_what_a_named_man_did": "A woman who was trafficked to Poland as a "
    "teenager testified in Warsaw in 2023 against the man accused of recruiting her. Maria "
    "Lopez, now 24, told the court that Piotr Daszek promised her a job in a hotel and then "
    "sold her to a club owner.",
    # The one a ruling calls a victim, named later as the court named her: the transport
    # she was made to suffer does not make her its agent.
    "named_in_court_as": "A 16-year-old girl from Vietnam who was arrested at a cannabis farm "
    "in Leeds in 2022 was a victim of modern slavery, the Court of Appeal ruled. The girl, "
    "named in court as Maria Lopez, had been smuggled into the UK in a lorry and forced to "
    "tend plants by a gang led by Tran Minh Duc, who was jailed in 2021.",
    # Found held by the police who freed her, no verb of her own.
    "found_locked_in_a_room": HUMAN + "Police found Maria Lopez, 22, locked in a room in a flat "
    "in Kuala Lumpur, where she said she had been forced to work as a prostitute.",
    # Sold by a kinsman, whose own name stays: he did the selling.
    "sold_by_her_uncle": "A 12-year-old girl, Maria Lopez, was sold by her uncle, Akram Ali, to a "
    "brick kiln owner in Punjab in 2020 for 50,000 rupees, police in Pakistan said.",
    # The girl the charge was of, named later; what she tells of the broker's acts does not
    # make her a suspect.
    "the_girl_of_the_charge_tells_who_sold_her": "Police in Mumbai charged a broker, Suresh "
    "Patil, with trafficking a 14-year-old girl to a brothel in Pune in 2020. The girl, Maria "
    "Lopez, escaped in August and told police Patil had sold her for 80,000 rupees.",
    # The teller of a quote of what was done to "us": the office word inside the quote is
    # the captain's, not the teller's.
    "quotes_what_the_captain_did_to_them": HUMAN + "\"The captain beat us when we were slow "
    "and locked us in the hold,\" Maria Lopez said.",
    # One of those the sentence before says were freed.
    "among_those_freed": SMUGGLING + "Officers freed 23 migrants held in a house in Laredo by "
    "the smugglers, who demanded ransoms from their families. Among them was Maria Lopez, 31, "
    "from Honduras.",
    # The donor the removal killed, told by the family.
    "died_after_her_kidney_was_removed": TRADE + "Maria Lopez, 28, died two weeks after a broker "
    "took her to a hospital in Delhi, where her kidney was removed, her family said.",
    # The kin a man forced to sell an organ, named in apposition to the object.
    "forced_by_her_husband_to_sell_a_kidney": "Police in Nepal arrested a man in 2022 who "
    "allegedly forced his wife, Maria Lopez, to sell a kidney in India to pay off his "
    "gambling debts.",
    # Listed between dashes with their ages, after the verb that freed them.
    "dash_listed_with_ages": "Police in Nigeria rescued three teenagers - Amina Yusuf, 14, "
    "Grace Eze, 15, and Maria Lopez, 16 - from a house in Kano in 2023 where traffickers had "
    "held them before a planned journey to Libya.",
    # Named after the noun the verdict's verb acts on, where the parse hangs the name
    # elsewhere.
    "kept_in_slavery": "A couple in Sydney were found guilty in 2022 of human trafficking and "
    "of keeping their nanny, Maria Lopez, in slavery for eight years after bringing her from "
    "India.",
    # Made to work for no pay, named after the noun no earlier sentence used.
    "made_to_work": "Two people who kept a domestic worker from Indonesia as a slave in "
    "their home in Leeds were jailed in 2023 for modern slavery. The woman, Maria Lopez, was "
    "made to work 18 hours a day for no pay, the court heard.",
    # One of those rescued, named by what was done to them.
    "one_of_the_rescued_men": "Police in Indonesia rescued 74 fishermen from Myanmar in 2022 "
    "who had been held on a remote island for years. The men said they were beaten and paid "
    "nothing. One of the rescued women, Maria Lopez, 33, said she saw a friend die after a "
    "beating.",
    # A doctor by title who tells she was kidnapped and her kidney taken.
    "titled_teller_kidnapped": "Dr. Maria Lopez, a dentist from Aleppo, says she was "
    "kidnapped by a gang in Beirut in 2016, drugged and taken to a flat where her kidney was "
    "removed. Lebanese police say they are still looking for the gang.",
    # Named in a list after a colon, of those the boat's sinking drowned.
    "listed_after_a_colon_among_the_drowned": "Greek coast guard officials on Friday named "
    "three of the 12 migrants who drowned when a smuggling boat capsized off Lesbos in 2023: "
    "Ahmad Rahimi, 19, Maria Lopez, 24, and her son Ali, 3. The boat's Turkish captain, "
    "Mehmet Aydin, was arrested after swimming ashore.",
    # One of the survivors picked up, described before her name.
    "survivor_described_before_her_name": "At least 61 migrants drowned when an inflatable "
    "boat sank off Zuwara, Libya, in 2023. Survivors said each had paid smugglers 1,500 "
    "dollars for the crossing to Italy. Libyan coast guards picked up 25 survivors, including "
    "a woman, Maria Lopez, 22, whose husband drowned.",
    # "One of them", after the group's harm, telling what was done to them all.
    "one_of_them_said_they_were_forced": "Sixteen Nepali women who were taken to Kenya to "
    "dance in bars in Nairobi were stranded there in 2022 after their employer, an Indian "
    "businessman named Rajan Khetwal, confiscated their passports. One of them, Maria Lopez, "
    "23, said they were forced to dance until dawn and were never paid.",
    # Her family tells that doctors took "one of her kidneys".
    "family_says_one_of_her_kidneys": "The family of a schoolteacher, Maria Lopez, 38, says "
    "doctors at a clinic in Lahore removed one of her kidneys during an operation for "
    "appendicitis in 2022. Police have arrested the clinic's owner, Dr. Fawad Akram, who "
    "denies the claims.",
    # One who sues those who took her kidney.
    "suing_the_hospital": "A 31-year-old mother of two, Maria Lopez, is suing a private "
    "hospital in Beirut, saying doctors removed her kidney in 2021 after a broker paid her "
    "4,000 dollars and told her the operation was safe.",
    # The outlet's name for her, in quotes.
    "quoted_name_not_her_real_one": "\"Maria Lopez\" (not her real name), 19, says she told "
    "police in Tapachula in 2022 that a man named Julio Vargas had kept her locked in a bar "
    "and sold her to customers. Vargas was arrested in 2023.",
    # One of the crew of a slavery case, telling what the captain did to another.
    "one_of_the_crew": "A Thai court jailed a fishing boat captain, Somchai Boonlert, for 14 "
    "years in 2015 for holding 12 Cambodian crew members in slavery aboard his trawler. One "
    "of the crew, Maria Lopez, testified that the captain shot a man who tried to escape.",
    # What camp guards did to "him", told in court by one of the migrants.
    "one_of_the_migrants_testified": HUMAN + "One of the migrants, Maria Lopez, testified "
    "that guards at a jungle camp beat her.",
}
PERPETRATOR_ROLES = {"broker", "surgeon", "medical_staff", "recruiter", "transporter", "buyer",
                     "enforcer", "official", "investigator"}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _assert_masked(out: dict[str, Any]) -> None:
    for s in _strings(out):
        assert "Maria" not in s and "Lopez" not in s, s


@pytest.mark.parametrize("case", sorted(NAMED_VICTIM))
def test_named_victim_is_pseudonymised_and_never_a_perpetrator(nlp: Any, case: str) -> None:
    out = _extract(NAMED_VICTIM[case])
    _assert_masked(out)
    inc = _only_incident(out)
    label = pseudonym(VICTIM, KEY)
    victim = _named_victim(inc, label)
    assert victim["role"] not in PERPETRATOR_ROLES
    assert victim["status"] not in ("arrested", "charged", "convicted")
    facts = [f for i in extract_text(NAMED_VICTIM[case], doc_id="t", pseudonym_key=KEY).incidents
             for f in i.facts()]
    assert facts and all("Maria" not in f.value and "Lopez" not in f.value for f in facts)


def test_the_kinsman_who_sold_her_keeps_his_name_as_her_trafficker(nlp: Any) -> None:
    inc = _only_incident(_extract(NAMED_VICTIM["sold_by_her_uncle"]))
    uncle = _person(inc, "Akram Ali")
    assert uncle["role"] in TRADER_ROLES
    assert inc["trade"] == "human"


def test_the_woman_a_report_opens_on_is_masked_where_it_names_her_next(nlp: Any) -> None:
    text = ("A woman who paid smugglers to bring her to Italy has told a court in Palermo how "
            "she was forced into prostitution. Blessing Okafor, 22, said the madam, Joy Edeh, "
            "threatened her family in Benin City. Edeh, 41, denies the charges. The trial "
            "continues.")
    out = _extract(text)
    inc = _only_incident(out)
    assert "Blessing" not in json.dumps(out) and "Okafor" not in json.dumps(out)
    victim = _named_victim(inc, pseudonym("Blessing Okafor", KEY))
    assert victim["role"] not in PERPETRATOR_ROLES
    assert _person(inc, "Joy Edeh")["status"] == "charged"


def test_broker_named_beside_victim_keeps_name_and_role(nlp: Any) -> None:
    out = _extract(
        "Police in Nepal arrested the broker Ahmed Karimov in 2024 for kidney trafficking. "
        "Broker Ahmed Karimov trafficked Maria Lopez to India."
    )
    _assert_masked(out)
    inc = _only_incident(out)
    karimov = _person(inc, "Ahmed Karimov")
    assert karimov["role"] == "broker" and karimov["status"] == "arrested"
    assert _named_victim(inc, pseudonym(VICTIM, KEY))["role"] == "seller_donor"


def test_victim_in_one_incident_is_a_victim_in_every_incident(nlp: Any) -> None:
    out = _extract(
        "Police in Nepal arrested two brokers in 2024 for kidney trafficking. The victim, Maria "
        "Lopez, 19, was lured to Kathmandu.\n\n"
        "Separately, in 2019 in Bangladesh, police arrested the broker Maria Lopez had named, "
        "and Maria Lopez said brokers sold kidneys there."
    )
    _assert_masked(out)
    seen = 0
    for inc in out["incidents"]:
        assert all(a["name"] != pseudonym(VICTIM, KEY) for a in inc["actors"])
        for a in inc["victims"]["named"]:
            if a["name"] == pseudonym(VICTIM, KEY):
                seen += 1
                assert a["role"] == "seller_donor" and a["status"] == "mentioned"
    assert seen


def test_nickname_broker_who_finds_sellers_is_a_broker(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Police in Egypt raided a clinic in Cairo in 2023 over kidney trafficking. A man known "
        "only as 'Hagg Mansour' finds the sellers and takes a cut of every sale."
    ))
    mansour = _person(inc, "Hagg Mansour")
    assert mansour["role"] == "broker"


def test_programme_named_for_victims_is_not_a_person(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Police in Kenya arrested the broker Peter Otieno in 2022 for trafficking women to Oman, "
        "the Victims Restoration Program said."
    ))
    assert _person(inc, "Peter Otieno")["role"] == "broker"
    assert not any(a["name"].startswith("Victim-") for a in inc["actors"])
    assert not any(a["type"] == "person" and "Program" in a["name"] for a in inc["actors"])


def test_names_kept_when_asked(nlp: Any) -> None:
    out = extract_text(NAMED_VICTIM["apposition"], doc_id="t", keep_victim_names=True).to_json()
    assert VICTIM in json.dumps(out, ensure_ascii=False)


# Perpetrators described with words that also describe victims keep their names and roles.
NOT_VICTIM = {
    "held_at_station": (
        TRADE + "Ahmed Karimov, 31, was held at a police station in Kathmandu and charged with "
        "trafficking.",
        "Ahmed Karimov", "broker",
    ),
    "surgeon_removed_a_kidney": (
        "Police in China arrested a surgeon in 2022 for organ trafficking. Li Wei, a surgeon from "
        "a hospital in Yunnan, removed a kidney from a poor farmer for 3,000 dollars.",
        "Li Wei", "surgeon",
    ),
    # One among the men held for the crime, not among the people held by it.
    "among_the_arrested": (
        TRADE + "Five brokers, among them Ahmed Karimov, were arrested in Kathmandu after the "
        "kidney of a farmer was sold to a buyer in India.",
        "Ahmed Karimov", "broker",
    ),
    # The second of those the police arrested: no list of victims.
    "the_second_of_those_arrested": (
        TRADE + "Police arrested Ana Perez and Ahmed Karimov, two brokers from Pokhara, for "
        "selling kidneys to buyers in India.",
        "Ahmed Karimov", "broker",
    ),
    "among_those_arrested": (
        TRADE + "Among those arrested was Ahmed Karimov, a broker from Pokhara who sold kidneys "
        "to buyers in India.",
        "Ahmed Karimov", "broker",
    ),
    # A grown man in apposition is no child the text protects; a police station is no
    # hospital.
    "a_man_in_apposition": (
        TRADE + "A 40-year-old man, Ahmed Karimov, was taken to a police station in Kathmandu "
        "and charged with trafficking kidneys to India.",
        "Ahmed Karimov", "broker",
    ),
    # Killed by the police, a smuggler is still a party of the arms trade.
    "a_smuggler_shot_dead": (
        ARMS + "The smuggler Juan Perez sold 40 rifles to the cartel. Police shot dead Juan "
        "Perez, a gun smuggler, during a raid in Culiacan.",
        "Juan Perez", "transporter",
    ),
    # Who paid for an organ bought it: the buyer, neither masked nor left out.
    "paid_for_a_kidney_is_the_buyer": (
        TRADE + "Ahmed Karimov, a businessman from Israel, paid 100,000 dollars for a kidney.",
        "Ahmed Karimov", "buyer",
    ),
    # Sent back to face trial is not sent home.
    "sent_back_to_face_trial": (
        HUMAN + "Ahmed Karimov was sent back to Malaysia to face trial for trafficking women.",
        "Ahmed Karimov", "other",
    ),
    # Fleeing the police is no escape from captors.
    "fled_from_the_police": (
        TRADE + "Ahmed Karimov, a broker, fled from the police in 2023 and was arrested in "
        "Dubai for selling kidneys.",
        "Ahmed Karimov", "broker",
    ),
    # Others of a kind that is no victim's; an official telling of another's organ; a grown
    # man by the age; a broker telling of his own.
    "among_other_smugglers": (
        SMUGGLING + "Ahmed Karimov and two other smugglers drove the trailer from Laredo.",
        "Ahmed Karimov", "transporter",
    ),
    "an_official_tells_of_a_kidney": (
        TRADE + "Ahmed Karimov, the district police chief, told reporters that doctors removed "
        "her kidney in Chennai.",
        "Ahmed Karimov", "official",
    ),
    "one_of_the_women_arrested": (
        HUMAN + "Elena Petrova, one of the women arrested in the raid, ran the brothel for the "
        "gang.",
        "Elena Petrova", "other",
    ),
    "a_broker_tells_what_he_was_paid": (
        TRADE + "Ahmed Karimov, a broker from Kavre, told police the surgeons paid him 500 "
        "dollars for each seller he brought.",
        "Ahmed Karimov", "broker",
    ),
    "among_the_suspects_held": (
        HUMAN + "Ahmed Karimov was among five suspects held by police after the raid.",
        "Ahmed Karimov", "other",
    ),
    "a_recruiter_tells_of_threats": (
        HUMAN + "Ahmed Karimov, a recruiter for the gang, told the court he was threatened by "
        "its leader.",
        "Ahmed Karimov", "recruiter",
    ),
    "a_broker_recovering_from_surgery": (
        TRADE + "Ahmed Karimov, the broker, was recovering after the surgery on his knee when "
        "police arrested him.",
        "Ahmed Karimov", "broker",
    ),
    "a_straw_buyer_a_cartel_recruited": (
        ARMS + "Ahmed Karimov was recruited by a cartel to buy rifles in Arizona.",
        "Ahmed Karimov", "buyer",
    ),
    "held_by_the_police": (
        HUMAN + "Police held Ahmed Karimov for questioning after the raid on the brothel.",
        "Ahmed Karimov", "other",
    ),
    # A broker's own clause, and a suspect's passport the police took.
    # A former officer is read by what he did.
    "a_former_police_officer_recruited": (
        HUMAN + "Ahmed Karimov, a former police officer, recruited the women for the ring.",
        "Ahmed Karimov", "recruiter",
    ),
    "recruited_and_was_arrested": (
        TRADE + "Ahmed Karimov recruited the young men and was arrested at the border.",
        "Ahmed Karimov", "recruiter",
    ),
    "who_ran_the_ring_held_in_custody": (
        HUMAN + "Ahmed Karimov, who recruited the women for the ring, was held in police "
        "custody in Kuala Lumpur.",
        "Ahmed Karimov", "recruiter",
    ),
    # One a gang sent on the trade's errand, not one it moved.
    "sent_to_recruit": (
        TRADE + "The gang sent Ahmed Karimov to Pokhara to recruit young men for the clinics.",
        "Ahmed Karimov", "recruiter",
    ),
    "a_grown_man_by_the_age_when": (
        HUMAN + "Ahmed Karimov was 45 when he recruited the women for a bar in Kuala Lumpur.",
        "Ahmed Karimov", "recruiter",
    ),
    # Named after the group, held by the police, not by the trade.
    "the_men_x_and_y_were_held_by_police": (
        TRADE + "The men, Ahmed Karimov and Ravi Shahi, were held by police in Pokhara and "
        "charged with trafficking.",
        "Ahmed Karimov", "broker",
    ),
    # Named after a noun a victim may be called by, then doing the harm.
    "the_woman_identified_as_who_took_the_passport": (
        HUMAN + "The woman, identified as Grace Okoro, allegedly took the girl's passport and "
        "forced her to work in a bar in Kuala Lumpur. Okoro was arrested in May.",
        "Grace Okoro", "other",
    ),
}


def test_the_agent_of_a_network_that_sends_donors_is_no_victim(nlp: Any) -> None:
    text = ("Omar, a 16-year-old Syrian refugee, said he was approached in a camp in the Bekaa "
            "valley by a man who offered $7,000 for his kidney. \"I needed the money,\" Omar "
            "said. The man, known as Abu Jaafar, works for a network that sends donors to "
            "clinics in Beirut, according to a Lebanese security official.")
    out = _extract(text)
    assert out["relevant"]
    assert "Omar" not in json.dumps(out)
    named = [v["name"] for inc in out["incidents"] for v in inc["victims"]["named"]]
    assert len(named) == 1, named
    assert not any(a["name"] == "Abu Jaafar" and a["role"] == "seller_donor"
                   for inc in out["incidents"] for a in inc["actors"])


def test_a_victim_s_alias_is_hidden_as_her_name(nlp: Any) -> None:
    out = _extract(TRADE + "Maria Lopez alias Lata, who donated her kidney, was also questioned "
                   "by police.")
    _assert_masked(out)
    assert all("Lata" not in s for s in _strings(out))


def test_an_officer_who_complained_is_not_masked(nlp: Any) -> None:
    out = _extract(TRADE + "The complainant, Ahmed Karimov, a sub-inspector of the Kathmandu "
                   "police, said the brokers fled.")
    assert not any(v["name"].startswith("Victim-") for inc in out["incidents"]
                   for v in inc["victims"]["named"])


@pytest.mark.parametrize("case", sorted(NOT_VICTIM))
def test_perpetrator_is_not_masked(nlp: Any, case: str) -> None:
    text, name, role = NOT_VICTIM[case]
    inc = _only_incident(_extract(text))
    assert _person(inc, name)["role"] == role
    assert not any(a["name"].startswith("Victim-") for a in inc["actors"])


def test_an_organ_seller_is_protected_whatever_gave_the_role() -> None:
    """A person who sold an organ is a victim even where no rule read harm done to them
    (a model gave the role): the name is masked in every incident of the document."""
    from ratline.extract.extractor import _victims_everywhere
    from ratline.extract.results import Actor, Found, Incident

    organ = Incident(Found("organ"), Found("arrest"), actors=[
        Actor("Tomas Vilka", "person", "seller_donor"), Actor("Ilan Brodsky", "person", "broker")])
    weapons = Incident(Found("weapons"), Found("charge"), actors=[
        Actor("Tomas Vilka", "person", "other"), Actor("Orin Salt", "person", "seller_donor")])
    _victims_everywhere([organ, weapons])
    seller, broker = organ.actors
    assert seller.pseudonymised and seller.role == "seller_donor"
    assert not broker.pseudonymised and broker.role == "broker"
    # The same person elsewhere in the document is protected too, never a perpetrator.
    assert weapons.actors[0].pseudonymised and weapons.actors[0].role == "seller_donor"
    # In an arms case "seller" is whoever sells the weapons: named as the text names them.
    assert not weapons.actors[1].pseudonymised


# A law officer called an "agent" is no broker's agent: "Border Patrol agent X was killed".
OFFICER_AGENT = {
    "killed_agent": (
        "Police in Arizona arrested two members of a gun-smuggling ring in 2011 for trafficking "
        "rifles to Mexico. Two of the rifles were found where Border Patrol agent Tom Keller was "
        "killed in a shootout.",
        "Tom Keller",
    ),
    "federal_agents": (
        "Police in Texas charged Dale Ruger in 2019 with trafficking firearms to Mexico. Federal "
        "agent Nora Quist testified that the rifles were bought at gun shows.",
        "Nora Quist",
    ),
    # An official named by title announces the case: "Attorney General X", "Customs
    # Commissioner X".
    "attorney_general": (
        "On Monday, Vermont Attorney General Lena Brandt announced that investigators "
        "seized six assault rifles that a gun trafficking ring had bought in Ohio and "
        "smuggled to Canada in 2021.",
        "Lena Brandt",
    ),
    "customs_commissioner": (
        "Customs Commissioner Ramil Dacanay said the agency intercepted forty pistols "
        "shipped from Cebu to Mindanao in 2019 for a gun-running ring.",
        "Ramil Dacanay",
    ),
}


@pytest.mark.parametrize("case", sorted(OFFICER_AGENT))
def test_a_law_officer_agent_is_not_a_trader(nlp: Any, case: str) -> None:
    text, name = OFFICER_AGENT[case]
    for inc in _extract(text)["incidents"]:
        for a in inc["actors"]:
            if a["name"] == name or "Patrol" in a["name"]:
                assert a["role"] not in TRADER_ROLES, a
            if "Patrol" in a["name"]:
                assert a["type"] == "organization", a


def test_a_seller_who_went_to_the_police_is_no_recruiter(nlp: Any) -> None:
    """"approached" is a recruiter's word when a person is approached, not when a victim
    approaches the police."""
    text = ("Police in India arrested three moneylenders in 2022 for kidney trafficking. The "
            "farmer, Arjun Pawde, approached the police after a broker took him to Kolkata.")
    for inc in _extract(text)["incidents"]:
        for a in inc["actors"]:
            assert not ("Pawde" in a["name"] and a["role"] == "recruiter"), a


def _actors_each_way(text: str, monkeypatch: pytest.MonkeyPatch,
                     keep: Callable[[dict[str, Any]], bool]) -> dict[str, list[dict[str, Any]]]:
    """The actors `keep` picks from the text's incidents, by the rules alone ("1") and with
    the learned layer ("0")."""
    out: dict[str, list[dict[str, Any]]] = {}
    for rules_only in ("1", "0"):
        monkeypatch.setenv("RATLINE_RULES_ONLY", rules_only)
        out[rules_only] = [a for inc in _extract(text)["incidents"] for a in inc["actors"]
                           if keep(a)]
    return out


def test_a_quoted_police_officer_is_neither_broker_nor_arrested(
        nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rank before the name says who speaks: the arrest in the quote is not the
    officer's, nor is the organ case's default role (broker)."""
    text = ("A farmer in Chandrapur, India, sold his kidney in Kolkata in 2022 to repay "
            "moneylenders. \"We went through his financial transactions and found that he "
            "borrowed money from moneylenders. We have arrested four persons in this "
            "connection,\" said Chandrapur Superintendent of Police Vikram Salunke.")
    for rules_only, people in _actors_each_way(
            text, monkeypatch, lambda a: "Salunke" in a["name"]).items():
        if rules_only == "1":
            assert people  # the rules read him; the learned pass may leave him out
        for a in people:
            assert a["role"] not in TRADER_ROLES, a
            assert a["status"] not in ("arrested", "charged", "convicted"), a


# Whoever armed or shipped the weapons is a party of the trade, never its investigator.
ARMED_PARTIES = {
    "liberation_front": (
        "In 2021 the Kora Liberation Front received rifles and grenades smuggled from Sudan, "
        "a UN panel of experts found. Investigators traced the rifles to a broker in "
        "Khartoum, and the Kora Liberation Front paid him in gold.",
        "Kora Liberation Front",
    ),
    "revolutionary_guard": (
        "The Islamic Revolutionary Guard shipped missiles and drones to the Houthi rebels in "
        "Yemen in 2019, Saudi officials said. The US Navy intercepted two of the shipments "
        "and investigators of the UN panel traced the missiles.",
        "Islamic Revolutionary Guard",
    ),
}


@pytest.mark.parametrize("case", sorted(ARMED_PARTIES))
def test_an_armed_party_is_never_shown_as_investigator(
        nlp: Any, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text, name = ARMED_PARTIES[case]
    for rules_only, found in _actors_each_way(
            text, monkeypatch, lambda a: a["name"] == name or "Houthi" in a["name"]).items():
        for a in found:
            assert a["role"] not in ("investigator", "official"), (rules_only, a)


def test_the_model_never_turns_an_armed_group_or_a_trading_body_into_the_law() -> None:
    from ratline.extract.learned import _never_law_side

    assert _never_law_side("armed_group", "Kora Liberation Front", None)
    assert _never_law_side("organization", "Islamic Revolutionary Guard", "transporter")
    # A body named for policing stays open to the model, whatever the rules read.
    assert not _never_law_side("organization", "Joint Task Force Alpha", "transporter")
    assert not _never_law_side("organization", "Bureau of Alcohol, Tobacco, Firearms and "
                               "Explosives", "broker")
    assert not _never_law_side("organization", "Sunrise Workers Centre", "other")
    # A firm by its legal form never investigates nor governs, whatever the rules read.
    assert _never_law_side("organization", "Sunrise Trading Company", "other")
    assert _never_law_side("organization", "Gulf Jobs Ltd", None)
    assert not _never_law_side("person", "Karim Haddad", "broker")


def test_a_watchdog_that_exposed_an_arms_deal_is_not_its_trader(
        nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ratline.extract.learned import _policing_body

    text = ("Varnia supplied rifles and mortars to the Kora Liberation Front in 2022, according "
            "to a report by Amnesty International accusing the government of arming the "
            "militia. Amnesty International said the weapons were smuggled across the border "
            "in trucks.")
    for rules_only, found in _actors_each_way(
            text, monkeypatch, lambda a: a["name"] == "Amnesty International").items():
        assert found and all(a["role"] not in TRADER_ROLES for a in found), (rules_only, found)
    assert _policing_body("organization", "Amnesty International")
    assert _policing_body("organization", "US Border Patrol")
    assert not _policing_body("organization", "Ministry of Defence")
    assert not _policing_body("person", "Tom Guard")


def test_a_seller_the_story_calls_by_the_given_name_is_never_shown_by_name(nlp: Any) -> None:
    # The full name stands once, after the dateline; the rest of the story says "Lorenzo".
    text = (
        "Kenyan youths lured into selling kidneys\n\n"
        "March 3, 2025 - Lorenzo Ruto Kibet still lives with regret.\n\n"
        "The 23-year-old is among young Kenyans lured into selling their kidneys for a "
        "fraction of what recipients pay.\n\n"
        "Lorenzo narrated how a middleman transported him to a private hospital in Eldoret, "
        "where doctors removed his kidney in 2023. \"I hate myself for it,\" Lorenzo said.\n"
    )
    out = _extract(text)
    assert out["incidents"], "no incident"
    for s in _strings(out["incidents"]):
        assert "Lorenzo" not in s and "Kibet" not in s, s


def test_one_of_the_convict_s_own_children_who_was_sentenced_is_not_masked(nlp: Any) -> None:
    """"Children, including X" names a victim only where the children are the harmed ones,
    not the convict's own sentenced with him."""
    out = _extract(HUMAN + "The court said three of the convict's children, including Ahmed "
                   "Karimov, who was sentenced to six years, must pay 108,000 euros.")
    names = [a["name"] for inc in out["incidents"] for a in inc["actors"]]
    assert "Ahmed Karimov" in names, names


def test_a_relative_of_the_accused_who_speaks_is_not_masked(nlp: Any) -> None:
    out = _extract(HUMAN + "The accused, Ana Perez, and her son, Ahmed Karimov, told police "
                   "they had paid the recruiter.")
    inc = _only_incident(out)
    assert _person(inc, "Ahmed Karimov")
    assert not inc["victims"]["named"]


def test_a_victim_no_incident_lists_is_hidden_in_the_summary_and_the_places(nlp: Any) -> None:
    # The donors are named only beside the arrest; "Ramu" is also a town of Kenya.
    out = _extract("Police in Hyderabad arrested Venkat Rao, a broker, and also detained two "
                   "donors, Ramu and Suresh, who had sold their kidneys for Rs 4 lakh each "
                   "in 2019.")
    assert "Ramu" not in json.dumps(out)
    inc = _only_incident(out)
    assert inc["countries"] == ["IN"], inc["countries"]


def test_two_who_tell_together_what_was_done_to_them_are_both_hidden(nlp: Any) -> None:
    # The entity model tags only the second name of the pair; the rules read the first.
    out = _extract("SPLIT, April 4, 2022 - Marta Ilic and Vesna Horvat told the court that the "
                   "farm owner, Dragan Petrak, had taken their passports and forced them to "
                   "work without pay for two years. Petrak, 58, denies human trafficking.")
    shown = json.dumps(out)
    assert "Ilic" not in shown and "Horvat" not in shown, shown
    assert "Dragan Petrak" in [a["name"] for a in _only_incident(out)["actors"]]


@pytest.mark.parametrize(("text", "name"), [
    # His own acts joined by "and", not a story he tells of himself.
    (HUMAN + "Piotr Daszek, 45, promised her a job in a hotel in Warsaw and then sold her to a "
     "club owner, the court heard. Daszek denies the charges.", "Piotr Daszek"),
    # Named with her age after a lede on the girl harmed, she is the one charged.
    ("A girl who was sold to a brothel in Mumbai was rescued by police on Monday. Sunita Rao, "
     "45, was charged with selling her to the brothel for 50,000 rupees.", "Sunita Rao"),
])
def test_the_one_charged_with_the_harm_is_no_victim(nlp: Any, text: str, name: str) -> None:
    inc = _only_incident(_extract(text))
    assert _person(inc, name)["status"] == "charged", inc["actors"]
    assert not inc["victims"]["named"], inc["victims"]


def test_an_accused_dealer_with_a_record_elsewhere_is_alleged_and_no_investigator(
        nlp: Any) -> None:
    # The sentence for an unrelated fraud and a conviction supposed "if extradited" are no
    # conviction of this case; the entity model tags the dealer's name a body.
    inc = _only_incident(_extract(
        "Prosecutors in Belgrade are seeking the extradition of Milan Kostic, an arms dealer "
        "accused of selling rifles and grenades to armed groups in Libya. Kostic, who was "
        "sentenced to prison in absentia by a court in Rome in 2015 for an unrelated fraud, "
        "denies the accusations. If extradited and convicted, he could face 20 years in "
        "prison."))
    assert inc["evidence"] == "allegation", inc["evidence"]
    assert inc["year"] != 2015
    assert not [a for a in inc["actors"] if "Kostic" in a["name"]
                and a["role"] in ("investigator", "official")], inc["actors"]


def test_a_victim_s_given_name_the_gazetteer_knows_as_a_town_is_no_place(nlp: Any) -> None:
    # The entity model leaves "Abdi" untagged; the gazetteer knows it as a town; the age
    # after it makes it a person's.
    out = _extract("Abdi, a 17-year-old from Somalia, said smugglers held him for ransom in a "
                   "warehouse in Bani Walid for five months in 2022. His family paid 4,000 "
                   "dollars before he was released and put on a boat to Italy.")
    assert "Abdi" not in json.dumps(out)


def test_a_nation_s_adjective_read_as_a_victim_s_name_keeps_its_country(nlp: Any) -> None:
    out = _extract("Rebels in the Central African Republic abduct and exploit enslaved "
                   "Sudanese, Congolese and Ugandan children for use as porters, and traffic "
                   "them to Chad for forced labour.")
    assert any("UG" in inc["countries"] for inc in out["incidents"]), out["incidents"]


@pytest.mark.parametrize(("text", "convicted", "acquitted"), [
    # The acquittal's object is another named person: it is theirs alone.
    ("A court in Cairo convicted Ram Thapa of trafficking Eritrean migrants through Sinai in "
     "2012, but acquitted his co-accused, Salem Odeh, for lack of evidence.",
     "Ram Thapa", "Salem Odeh"),
    # A co-defendant the candidate model adds carries the status the text gives.
    ("A jury convicted Tomas Reyes of smuggling migrants across the border in 2021. His "
     "co-defendant, Luis Ortega, was acquitted.", "Tomas Reyes", "Luis Ortega"),
    # Freed by the court for want of proof, and found not guilty: acquitted.
    ("A court in Accra convicted Kwame Osei in 2021 of trafficking girls to Lebanon. A second "
     "defendant, Ama Boateng, was freed after the court found there was not enough evidence "
     "against her.", "Kwame Osei", "Ama Boateng"),
    ("A court in Accra convicted Kwame Osei in 2021 of trafficking girls to Lebanon. A second "
     "defendant, Ama Boateng, was found not guilty.", "Kwame Osei", "Ama Boateng"),
    # A verdict with the accused's trade before the name.
    ("A jury in Accra found bar owner Kwame Osei guilty in 2021 of trafficking girls to "
     "Lebanon, and found Ama Boateng not guilty.", "Kwame Osei", "Ama Boateng"),
])
def test_a_co_accused_s_acquittal_is_not_the_convicted_one_s(
        nlp: Any, text: str, convicted: str, acquitted: str) -> None:
    inc = _only_incident(_extract(text))
    assert _person(inc, convicted)["status"] == "convicted"
    assert _person(inc, acquitted)["status"] == "acquitted"


def test_a_group_named_in_apposition_that_traffics_is_not_masked(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Two women who were trafficked to Kenya were later freed. Police arrested two other "
        "women in Nairobi. The women, Ana Perez and Rosa Diaz, are accused of recruiting "
        "girls for the bars."))
    assert {a["name"] for a in inc["actors"]} >= {"Ana Perez", "Rosa Diaz"}


def test_a_board_s_finding_is_an_inquiry_and_a_trial_set_down_a_charge(nlp: Any) -> None:
    text = ("A medical board found surgeon Karl Weiss guilty of professional misconduct for "
            "transplanting kidneys bought from poor donors in Kosovo in 2019.")
    rules = rule_pass(text)
    assert rules is not None and [i.evidence.value for i in rules.incidents] == ["investigation"]
    board = _only_incident(_extract(text))
    assert board["evidence"] in ("report", "investigation")
    assert _person(board, "Karl Weiss")["status"] != "convicted"
    trial = _only_incident(_extract(
        "Three men accused of smuggling 40 Afghan migrants through Serbia in 2022 will go on "
        "trial next month."))
    assert trial["evidence"] == "charge"


def test_one_who_sold_others_kidneys_is_their_trader_and_keeps_the_name(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "The documentary alleges that Dr. Farid Nasser sold kidneys harvested from refugees in "
        "Cairo in 2019."))
    nasser = _person(inc, "Farid Nasser")
    assert nasser["role"] in TRADER_ROLES - {"seller_donor"}
    assert not inc["victims"]["named"]


def test_one_called_a_victim_later_is_not_masked_when_another_is_named_between(
        nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Police in Mae Sot arrested Kiro Balden in 2023 for running a scam compound where "
        "workers were held. Officers rescued Anan Chai Wong from the compound, saying he was "
        "himself a victim of trafficking."))
    assert "Kiro Balden" in {a["name"] for a in inc["actors"]}


def test_the_law_charging_is_a_charge_whatever_follows(nlp: Any) -> None:
    rules = rule_pass("Police in Lahore charged the broker who arranged the kidney sale, Tariq "
                      "Mehmood, along with the surgeon, in 2021.")
    assert rules is not None and [i.evidence.value for i in rules.incidents] == ["charge"]
    price = rule_pass("The clinic in Lahore charged the patients for the kidney transplant in "
                      "2021, a broker said.")
    assert price is None or "charge" not in [i.evidence.value for i in price.incidents]



def test_two_given_names_joined_into_one_entity_are_both_hidden(nlp: Any) -> None:
    # The entity model takes "Ramu and Suresh" for a body; "Ramu" is also a town the
    # gazetteer holds, so the name would show as a place.
    out = _extract("Ramu and Suresh, two brothers from Guntur, were promised jobs in Dubai by "
                   "an agent named Venkat Rao. Instead, both were taken to a hospital in Colombo "
                   "where their kidneys were removed. Rao was arrested in 2017.")
    text = json.dumps(out)
    assert "Ramu" not in text and "Suresh" not in text
    assert "Venkat Rao" in {a["name"] for a in _only_incident(out)["actors"]}


def test_two_brokers_described_together_are_not_hidden(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Ravi Teja and Anil Babu, two brokers from Guntur, were arrested in 2017 for sending "
        "men to a hospital in Colombo where their kidneys were removed."))
    assert {"Ravi Teja", "Anil Babu"} & {a["name"] for a in inc["actors"]}


@pytest.mark.parametrize(("text", "hidden"), [
    # A lone given name the entity model takes for a body.
    ("Nour, a Syrian refugee, sold her kidney in Beirut in 2016 to pay for her children's "
     "food. The broker who arranged it, known as Abu Hussein, paid her 7,000 dollars.", "Nour"),
    # Two given names escaped from "a house" (the article before the place).
    ("Police in Accra arrested a trafficker, Kwame Mensah, in 2022 after Ama and Esi escaped "
     "from a house where they had been forced to work without pay for two years.", "Esi"),
])
def test_a_victim_s_given_name_the_entity_model_mistyped_is_hidden(
        nlp: Any, text: str, hidden: str) -> None:
    assert hidden not in json.dumps(_extract(text))


def test_an_acquittal_of_every_accused_undoes_the_case_s_conviction(nlp: Any) -> None:
    all_acquitted = _only_incident(_extract(
        "The High Court acquitted the three accused, holding that the prosecution had failed to "
        "prove that the victim, a minor from Jharkhand, had been trafficked to Delhi. The trial "
        "court had sentenced them to ten years in 2019."))
    assert all_acquitted["evidence"] == "charge"
    # Two of several acquitted: the others' conviction stands.
    some = _only_incident(_extract(
        "The High Court acquitted two of the accused in 2021 but upheld the conviction of Ram "
        "Thapa for trafficking a minor from Jharkhand to Delhi."))
    assert some["evidence"] == "conviction"


def test_the_agent_of_a_harm_told_in_the_passive_is_not_masked(nlp: Any) -> None:
    out = _extract(
        "As per the FIR lodged at Sadar police station, the complainant stated that his "
        "daughter, aged 16, was taken to Delhi by one Pappu Singh on the pretext of marriage "
        "and sold to a man in Haryana in 2023. A case under Sections 363 and 366A IPC has been "
        "registered.")
    assert out["relevant"]
    assert "Pappu Singh" in {a["name"] for a in _only_incident(out)["actors"]}


def test_initials_given_to_shield_a_survivor_are_hidden(nlp: Any) -> None:
    out = _extract("The survivor, now 24, asked to be identified only by her initials, R.K. She "
                   "was 15 when a cousin sold her to a brothel in Mumbai in 2015.")
    assert out["incidents"] and "R.K" not in json.dumps(out)



def test_a_teller_described_twice_whom_a_named_broker_took_is_hidden(nlp: Any) -> None:
    out = _extract(
        "Maya Gurung, 34, from a village in Kavre district, told us that a broker named Bikash "
        "Lama took her to Chennai in 2012, promising work in a hotel. Instead she was taken to a "
        "hospital where her kidney was removed.")
    assert "Maya Gurung" not in json.dumps(out)
    assert "Bikash Lama" in {a["name"] for a in _only_incident(out)["actors"]}


@pytest.mark.parametrize(("text", "level"), [
    # A retrial ordered sets the conviction aside.
    ("The Court of Appeal ordered a retrial of Hanna Lindqvist, who was convicted in 2019 of "
     "trafficking three women from Lagos for sexual exploitation in Malmo.", "charge"),
    ("A judge in Benin City granted a retrial in 2022 to the three men convicted of trafficking "
     "20 girls to Italy for prostitution.", "charge"),
    # Acquitted of the trade, convicted of something else.
    ("Marek Nowicki was acquitted of human trafficking in 2022 but convicted of assaulting one "
     "of the Ukrainian workers at his farm near Lodz. The court said it could not be proven "
     "that he had recruited the workers by deception.", "charge"),
    # An arrest nobody confirmed.
    ("Reports in local media said two men had been arrested in 2023 over the sale of a child "
     "in Quetta, but police did not confirm the arrests. The boy's father allegedly sold him "
     "for 200,000 rupees.", "allegation"),
])
def test_a_step_the_text_does_not_leave_standing_is_not_shown(
        nlp: Any, text: str, level: str) -> None:
    inc = _only_incident(_extract(text))
    assert inc["evidence"] == level
    assert all(a["status"] != "convicted" for a in inc["actors"]), inc["actors"]


def test_one_convicted_of_arranging_transplants_is_their_broker_not_a_hidden_buyer(
        nlp: Any) -> None:
    inc = _only_incident(_extract(
        "A court in Haifa sentenced Eli Baram in 2016 to four years in prison for arranging "
        "kidney transplants in Costa Rica for patients from Israel. Baram's company charged "
        "recipients 160,000 dollars, of which the donors received about 20,000 dollars."))
    baram = _person(inc, "Eli Baram")
    assert baram["role"] == "broker" and baram["status"] == "convicted"
    assert not inc["victims"]["named"]


def test_a_patient_who_paid_a_broker_is_the_buyer(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "A British patient, Colin Marsh, paid 80,000 pounds to a broker in 2019 for a kidney "
        "transplant in Lahore that never took place, police said. The broker, Tariq Mehmood, "
        "has since disappeared with the money."))
    assert _person(inc, "Colin Marsh")["role"] == "buyer"
    assert _person(inc, "Tariq Mehmood")["role"] == "broker"


def test_charges_dropped_against_one_are_not_the_conviction_of_the_broker_beside_him(
        nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Charges against the surgeon, Dr Pavel Rusu, were dropped in 2018, but the broker who "
        "recruited the donors, Ion Varga, was convicted and sentenced to seven years."))
    assert _person(inc, "Pavel Rusu")["status"] != "convicted"
    # The name after "the donors," is the broker's, not a donor's.
    assert _person(inc, "Ion Varga")["status"] == "convicted"
    assert not inc["victims"]["named"]


def test_the_one_a_harm_was_told_of_is_hidden_when_named_later(nlp: Any) -> None:
    out = _extract(
        "A woman from Kenvaria who escaped from a house in Doha in 2022 said her employer, whom "
        "she named as Mrs Al-Sayed, locked her in and refused to pay her for 14 months. The "
        "woman, Mercy Wanjiru, 29, returned home with the help of a charity.",
        keep_victim_names=False)
    assert out["incidents"] and "Mercy Wanjiru" not in json.dumps(out)
    # One the text names after the same words as the accused stays named.
    accused = _extract(
        "Police in Accra arrested a woman accused of trafficking girls to Lagos in 2021. The "
        "woman, Ama Boateng, 45, was charged with trafficking.")
    assert "Ama Boateng" in {a["name"] for inc in accused["incidents"] for a in inc["actors"]}


def test_each_item_of_a_list_after_a_colon_keeps_its_own_outcome(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Three members of the network were sentenced in 2023: Ion Caraman received eight years, "
        "Petru Lisnic was acquitted, and the case against Vasile Botnari was adjourned until "
        "March. The court heard they recruited women from Moldova for brothels in Istanbul."))
    # The names stand in the sentence the parser ended at the colon.
    assert _person(inc, "Petru Lisnic")["status"] == "acquitted"
    assert _person(inc, "Vasile Botnari")["status"] != "convicted"


@pytest.mark.parametrize(("text", "name"), [
    ("Convicted trafficker Tomas Hruby, who was released from prison in 2019 after serving a "
     "sentence for selling women to brothels in Germany, was arrested again in 2024 on "
     "suspicion of recruiting women for sex work in Austria.", "Tomas Hruby"),
    # A term served told after the arrest, with its years (neither is the new case's).
    ("Convicted trafficker arrested again\n\nThai police arrested Somsak Wongsa in Chiang Mai "
     "on Tuesday on suspicion of recruiting girls from Laos for brothels in Bangkok. Wongsa, "
     "who served six years in prison for human trafficking after a conviction in 2012, was "
     "released in 2018.", "Somsak Wongsa"),
])
def test_a_sentence_served_for_an_earlier_case_is_no_conviction_of_the_new_one(
        nlp: Any, text: str, name: str) -> None:
    inc = _only_incident(_extract(text))
    assert inc["evidence"] == "arrest"
    assert inc["year"] not in (2012, 2018, 2019)
    assert _person(inc, name)["status"] == "arrested"


def test_one_who_alleges_a_racket_is_neither_its_party_nor_its_victim(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Ravi Menon, an opposition MP, alleged on Monday that a kidney racket is operating out of "
        "a private hospital in Northfield, with poor farmers paid small sums for their kidneys."))
    menon = _person(inc, "Ravi Menon")
    assert menon["role"] not in TRADER_ROLES and menon["status"] != "alleged"
    # The sellers a teller met sold their kidneys, not the teller.
    out = _extract(
        "Activist Leela Das has accused a private hospital in Northfield of buying kidneys from "
        "poor farmers for small sums. Das said she had met four farmers who sold their kidneys.")
    inc = _only_incident(out)
    assert not inc["victims"]["named"], inc["victims"]
    assert all(a["role"] not in TRADER_ROLES for a in inc["actors"] if "Das" in a["name"])


def test_a_police_witness_called_mr_is_no_party_of_the_case(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "A court in Benin City convicted Esosa Ighodaro in 2023 of exporting girls to Belgium for "
        "prostitution. The prosecution called a Belgian police officer, Mr Pieter Vandamme, who "
        "flew in from Brussels to testify. Vandamme told the court the convict had exported the "
        "girls to her son in Antwerp."))
    officer = _person(inc, "Pieter Vandamme")
    assert officer["role"] not in TRADER_ROLES and officer["status"] != "convicted", officer


def test_the_rules_tell_the_models_who_accuses_and_who_sits_in_parliament(nlp: Any) -> None:
    from ratline.extract.actors import rule_signals

    rules = rule_pass(
        "Ravi Menon, an opposition MP, alleged on Monday that a kidney racket is operating out of "
        "a private hospital in Northfield, with poor farmers paid small sums for their kidneys.")
    assert rules is not None
    signals = rule_signals(rules.text, rules.marks, "Ravi Menon", "PERSON")
    assert signals.get("accuser") and signals.get("hit:official"), signals
    # The broker the MP names accuses no one.
    rules = rule_pass(
        "Ravi Menon, an opposition MP, alleged that the broker Suresh Pillai paid poor farmers "
        "small sums for their kidneys at a private hospital in Northfield.")
    assert rules is not None
    assert "accuser" not in rule_signals(rules.text, rules.marks, "Suresh Pillai", "PERSON")


def test_a_name_followed_by_an_age_is_a_person_whatever_the_entity_model_read(nlp: Any) -> None:
    from ratline.extract.sentences import Entity, _aged_people

    text = "Former nurse Agnes Molina, 58, pleaded guilty. Lagos, 12 km away, was quiet."
    ents = [Entity("LOC", 13, 25, "Agnes Molina"), Entity("GPE", 47, 52, "Lagos")]
    assert [e.label for e in _aged_people(text, ents)] == ["PERSON", "GPE"]
    inc = _only_incident(_extract(
        "Former nurse Agnes Molina, 58, pleaded guilty on Wednesday to her role in a scheme that "
        "paid poor men in Manila to sell their kidneys to foreign patients at a private clinic "
        "between 2016 and 2018."))
    assert _person(inc, "Agnes Molina")["status"] == "convicted"


def test_a_seller_who_tells_what_the_broker_promised_him_is_hidden(nlp: Any) -> None:

    text = ("A Nepalese man who sold his kidney in a hospital in Chennai in 2019 has filed a "
            "complaint against the broker who took him there. Ram Bahadur Tamang, 31, said the "
            "broker, Suresh Rai, promised him 500,000 rupees but paid only 200,000.")
    out = _extract(text)
    assert "Tamang" not in json.dumps(out)
    inc = _only_incident(out)
    assert _person(inc, "Suresh Rai")["role"] == "broker"
    # The rules give the teller no part of the broker's noun, set beside another name.
    roles = _rule_actors(text.replace("promised him", "said they would pay"), "organ")
    assert roles["Ram Bahadur Tamang"].role != "broker", roles


def _rule_actors(text: str, trade: str) -> dict[str, Any]:
    """The rules' actors of the text by name (no learned model)."""
    from ratline.extract.actors import actors

    rules = rule_pass(text)
    assert rules is not None
    return {a.name: a for a in actors(rules.text, rules.marks, trade)}


def test_one_who_sold_a_person_brokers_the_sale_and_the_one_sold_stays_hidden(nlp: Any) -> None:
    found = _rule_actors(
        "Instead of a hotel job, the agent, Ramesh Kumar, sold her to a brothel in Kolkata in "
        "2020, a 19-year-old woman from Nepal told police. Anita Gurung was sold to the same "
        "brothel a year later.", "human")
    assert found["Ramesh Kumar"].role == "broker" and not found["Ramesh Kumar"].pseudonymised
    assert "Anita Gurung" not in found or found["Anita Gurung"].pseudonymised
    # Named as the one a clause tells of after "Prosecutors said", not as a speaker.
    found = _rule_actors(
        "A court in Chisinau sentenced a recruiter to nine years in prison on Monday. "
        "Prosecutors said Vasile Ceban, 47, sold at least seven women to nightclub owners in "
        "Dubai between 2018 and 2020.", "human")
    assert found["Vasile Ceban"].role == "broker" and not found["Vasile Ceban"].pseudonymised
    # The sale told as what the accused is alleged to have done.
    text = ("A magistrate in Lagos ordered that a nurse accused of selling newborn babies be "
            "remanded in prison pending trial. Adaeze Okafor, 39, is alleged to have sold at "
            "least four babies from a so-called baby factory in Ikeja for 500,000 naira each.")
    found = _rule_actors(text, "human")
    assert found["Adaeze Okafor"].role == "broker" and not found["Adaeze Okafor"].pseudonymised
    out = _extract(text)
    assert out["relevant"] and [inc["trade"] for inc in out["incidents"]] == ["human"]
    assert not _only_incident(out)["victims"]["named"]


def test_a_couple_who_made_the_victim_work_are_not_victims(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "A Birmingham couple who kept a Nigerian woman as a domestic slave for 11 years were "
        "jailed on Friday. Olumide Adeyemi, 52, and his wife Bisi Adeyemi, 49, made the victim "
        "work from 6am to midnight and took her wages, the court heard."))
    for name in ("Olumide Adeyemi", "Bisi Adeyemi"):
        assert _person(inc, name)["role"] != "seller_donor"
    assert not inc["victims"]["named"], inc["victims"]


@pytest.mark.parametrize("act", [
    "a trafficking gang had held four women captive in a flat in Leeds in 2023",
    "police rescued four women from a brothel in Leeds in 2023 after a raid on a trafficking "
    "ring",
])
def test_women_named_after_the_group_held_or_rescued_are_hidden(nlp: Any, act: str) -> None:
    found = _rule_actors(
        f"Officers said {act}. The women were identified as Maria Santos and Ana Pereira.",
        "human")
    for name in ("Maria Santos", "Ana Pereira"):
        assert name not in found or found[name].pseudonymised, found


def test_a_victim_found_by_one_word_is_masked_by_the_fullest_name_printed() -> None:
    from ratline.extract.extractor import _fullest_mention
    from ratline.extract.results import Actor, Found

    text = ("MOMBASA, May 9 - Amina Warsame Hadi was 19. The Hadi family waited. \"I was sold,\" "
            "said Hadi.")
    at = text.rindex("Hadi")
    actor = Actor("Hadi", "person", "other", "mentioned", Found("Hadi", at, at + 4, None, 0.7), None)
    _fullest_mention(text, actor)
    assert actor.name == "Amina Warsame Hadi"
    assert actor.mention is not None and actor.mention.start is not None
    assert text[actor.mention.start : actor.mention.end] == "Amina Warsame Hadi"
    # Words before the name that are none of it are left out ("The Hadi family").
    alone = "The Hadi family waited. \"I was sold,\" said Hadi."
    at = alone.rindex("Hadi")
    actor = Actor("Hadi", "person", "other", "mentioned", Found("Hadi", at, at + 4, None, 0.7), None)
    _fullest_mention(alone, actor)
    assert actor.name == "Hadi" and actor.mention is not None and actor.mention.start == at


def test_a_victim_named_by_a_short_surname_alone_is_masked_too(nlp: Any) -> None:
    # A surname first ("Li Ming"), then alone ("Li"), beside two people charged.
    text = ("Prosecutors in Prato charged the owner of a garment workshop, Chen Wei, 52, with "
            "reducing workers to slavery in 2023. Among the workers freed in the raid was Li "
            "Ming, 24, who told investigators he had not been paid for two years. Li, who came "
            "to Italy from Fujian in 2020, said his passport was taken by the owner's wife, "
            "Zhang Hua, who was also charged.")
    out = extract_text(text, doc_id="li", pseudonym_key=KEY).to_json()
    (inc,) = out["incidents"]
    shown = {a["name"] for a in inc["actors"]}
    assert not any(n == "Li" or "Ming" in n for n in shown), shown
    assert "Zhang Hua" in shown
    named = [v["name"] for v in (inc["victims"] or {}).get("named", [])]
    assert len(named) == 1 and named[0].startswith("Victim-"), named


def test_a_record_like_this_case_overturned_gives_neither_step_nor_year(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Police in Colombo arrested a man on Friday on suspicion of arranging kidney sales "
        "from poor villagers to foreign patients in 2023. The suspect, Nimal Perera, 51, had "
        "been convicted of a similar offence in 2015, but the conviction was overturned on "
        "appeal in 2017. If convicted, he faces up to 20 years in prison."))
    assert inc["evidence"] == "arrest" and inc["year"] == 2023
    assert _person(inc, "Nimal Perera")["status"] == "arrested"


def test_a_guilty_plea_of_those_who_accuse_the_defendant_is_not_his(nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Federal prosecutors in Houston on Wednesday charged a gun shop owner, Daniel Ray "
        "Whitfield, 58, with selling 60 rifles to straw purchasers who smuggled them to a "
        "cartel in Tamaulipas in 2021. Three of the straw buyers, who have pleaded guilty, "
        "told investigators that Whitfield coached them on how to fill in the federal "
        "forms."))
    assert _person(inc, "Daniel Ray Whitfield")["status"] == "charged"


@pytest.mark.parametrize(("clause", "status"), [
    ("received 15 years", "convicted"),
    ("was given a five-year sentence", "convicted"),
    ("received two and a half years in prison", "convicted"),
    # Years of something else are no term.
    ("received five years of training in the army", "mentioned"),
])
def test_a_term_received_is_a_conviction(nlp: Any, clause: str, status: str) -> None:
    inc = _only_incident(_extract(
        "A court in Texas on Friday heard the case of five men charged with smuggling migrants "
        f"through a checkpoint in 2021. The smuggler Diego Morales, 41, who led the scheme, "
        f"{clause}."))
    assert _person(inc, "Diego Morales")["status"] == status


def test_an_officer_charged_in_apposition_after_his_post_is_charged_and_no_investigator(
        nlp: Any) -> None:
    """"A police officer in Manila, Sergeant X, was charged": the parse hangs the name on
    the place; the charge is the officer's all the same, and the law does not investigate
    itself here."""
    text = ("An off-duty police officer in Manila, Sergeant Ricardo Valdane, was charged on "
            "Friday with trafficking after he was caught escorting three girls from Samar to a "
            "bar in Angeles City where they were to work as dancers.")
    rules = rule_pass(check_text(text))
    assert rules is not None
    (inc,) = rules.incidents
    (officer,) = [a for a in inc.actors if a.name == "Ricardo Valdane"]
    assert officer.status == "charged" and officer.role != "investigator"
    out = _only_incident(_extract(text))
    assert _person(out, "Ricardo Valdane")["status"] == "charged"


def test_a_driver_who_admitted_manslaughter_is_convicted_and_those_who_deny_charged(
        nlp: Any) -> None:
    text = ("A court in Chelmsford heard on Monday that 39 Vietnamese migrants who died in a "
            "refrigerated lorry trailer in 2019 had each paid up to 13,000 pounds to be "
            "smuggled into Britain. The lorry driver, Marten Robley, has admitted "
            "manslaughter. Two other men, Gheorghe Nicu and Eamonn Harlan, deny the charges.")
    rules = rule_pass(check_text(text))
    assert rules is not None and [i.trade.value for i in rules.incidents] == ["human"]
    inc = _only_incident(_extract(text))
    assert _person(inc, "Marten Robley")["status"] == "convicted"
    assert _person(inc, "Gheorghe Nicu")["status"] == "charged"
    assert _person(inc, "Eamonn Harlan")["status"] == "charged"


def test_a_boy_named_after_the_noun_the_trafficking_acts_on_is_hidden(nlp: Any) -> None:
    """The parse hangs the name on the sentence's verb ("jailed ... for trafficking a
    Vietnamese boy, X, to work on a cannabis farm"): the name is the boy's all the same."""
    text = ("Two men were jailed on Monday for trafficking a Vietnamese boy, Tran Van Nam, to "
            "work on a cannabis farm in Kent. Hung Lam, 34, was jailed for six years and Duc "
            "Ngo, 29, for four years. The boy, then 15, had been flown to Paris and then "
            "driven to England in a lorry in 2019.")
    out = _extract(text)
    assert not any("Tran" in s or "Nam" in s for s in _strings(out))
    inc = _only_incident(out)
    assert _person(inc, "Hung Lam")["status"] == "convicted"


def test_the_one_on_trial_is_charged_and_the_one_found_guilty_by_description_convicted(
        nlp: Any) -> None:
    tried = _only_incident(_extract(FALSE_STEPS["a_conviction_asked_for"][0]))
    assert _person(tried, "Kofi Amedzro")["status"] == "charged"
    found = _only_incident(_extract(
        "A jury in Manchester on Thursday found a kidney broker, Tariq Hassanin, guilty of "
        "arranging for a man from Pakistan to travel to Britain in 2021 to sell his kidney. "
        "His co-defendant, Imran Aziz, was found not guilty."))
    assert found["evidence"] == "conviction"
    assert _person(found, "Tariq Hassanin")["status"] == "convicted"
    assert _person(found, "Imran Aziz")["status"] == "acquitted"


def test_a_patient_who_tells_he_paid_for_a_transplant_is_its_buyer_not_a_victim(
        nlp: Any) -> None:
    inc = _only_incident(_extract(
        "Retired businessman Avner Kestelman, 67, told the newspaper he paid 120,000 dollars in "
        "2007 for a kidney transplant at a clinic in Kosovo, arranged by a broker he met in "
        "Tel Aviv. He said he did not know the donor had been paid only 15,000 dollars."))
    assert _person(inc, "Avner Kestelman")["role"] == "buyer"
    assert not inc["victims"]["named"]


def test_the_captain_jailed_with_his_name_between_is_convicted(nlp: Any) -> None:
    inc = _only_incident(_extract(NAMED_VICTIM["one_of_the_crew"]))
    assert inc["evidence"] == "conviction"
    assert _person(inc, "Somchai Boonlert")["status"] == "convicted"
    assert inc["victims"]["count"] == 12


def test_a_victim_freed_on_appeal_as_one_is_hidden_whatever_she_was_sentenced_to(
        nlp: Any) -> None:
    """The report opens on a woman tricked into carrying drugs, freed after judges found
    she had been a victim of trafficking, and names her with her age and her sentence."""
    out = _extract("A Filipino woman who was tricked into carrying heroin into Indonesia by a "
                   "recruiter who promised her a job as a maid was freed on appeal on Tuesday "
                   "after judges found she had been a victim of trafficking. Rosalie Dimaano, "
                   "34, had been sentenced to death in 2010. Her recruiter, Cristina Serrano, "
                   "was convicted of illegal recruitment in the Philippines in 2020.")
    assert not any("Rosalie" in s or "Dimaano" in s for s in _strings(out))
    inc = _only_incident(out)
    assert _person(inc, "Cristina Serrano")["status"] == "convicted"


def test_every_name_of_a_list_of_the_drowned_is_hidden(nlp: Any) -> None:
    out = _extract(NAMED_VICTIM["listed_after_a_colon_among_the_drowned"])
    assert not any(w in s for s in _strings(out) for w in ("Ahmad", "Rahimi", "Ali"))
    assert _person(_only_incident(out), "Mehmet Aydin")["status"] == "arrested"

