"""Slavery today is a human-trafficking case under the names courts give it ("modern
slavery offences", "held in slavery or servitude", "forced or compulsory labour"); slavery
told as history is not. Every text is written here; all names are fictional."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text
from ratline.extract.cues import CueSet
from ratline.extract.extractor import check_text, rule_pass
from ratline.extract.learned import RulePass
from ratline.vocab import load

CASES = {
    "modern_slavery": ("Three men were jailed at Exeter Crown Court on Friday after a jury "
                       "found them guilty of modern slavery offences. Dermot Callan, 52, was "
                       "jailed for six years and his two nephews for four years each. They "
                       "made two homeless men work on their driveways for no pay."),
    "compulsory_labour": ("Gareth Loame, 44, was convicted at Swansea Crown Court of requiring "
                          "a man to perform forced or compulsory labour at his scrapyard in "
                          "2019."),
    "held_in_servitude": ("Police in Leeds arrested a couple on Tuesday who are accused of "
                          "holding a young woman in servitude in their home for three years."),
    # The sex trade told by its acts, without the word "trafficking".
    "forced_into_prostitution": ("Police in Bucharest arrested Ion Marin in 2022 for forcing "
                                 "young women from Iasi into prostitution in Germany."),
    "sold_to_a_brothel": ("Police in Chisinau arrested Ion Marin in 2021 after he sold two "
                          "girls from Moldova to a brothel in Istanbul."),
    "scam_compound": ("Thai police arrested three men in 2023 for running a scam compound in "
                      "Myawaddy where workers lured by fake job offers were held."),
    "sexually_exploiting_girls": ("Colombian police arrested two men in 2023 for sexually "
                                  "exploiting girls from Cartagena with foreign tourists."),
    "migrants_kidnapped_for_ransom": ("Egyptian police broke up a gang in 2014 that kidnapped "
                                      "Eritrean refugees in Sinai and held them for ransom."),
    "forced_to_sell_sex": ("Women recruited in Manila in 2022 with promises of hotel work "
                           "were forced to sell sex in Kuala Lumpur, police said after "
                           "arresting a recruiter."),
    # Forced labour told by its place and pay, and the people named before the word.
    "forced_to_work_on_boats": ("Police and labour inspectors rescued 42 men from Myanmar who "
                                "had been forced to work on fishing boats off Songkhla "
                                "without pay in 2023."),
    "forced_them_to_work": ("Three women told a court in Mombasa that a recruiter took their "
                            "passports when they arrived in Riyadh in 2021 and forced them to "
                            "work without pay."),
    "lured_to_dance_bars": ("Two men accused of luring women to Kenya's dance bars in 2022 "
                            "are awaiting trial in Kathmandu, police said."),
    "repatriated_from_a_scam_compound": ("Cambodian police said they had repatriated 40 "
                                         "workers from a scam compound in Myawaddy in "
                                         "2023."),
    "baby_sold": ("Police in Varn arrested a couple in 2022 for selling their newborn son to "
                  "a foreign couple for 40,000 quetzales."),
    "promises_of_jobs": ("Police in Dhaka arrested three members of a gang that sent young "
                         "men to Libya with promises of jobs in Italy, where they were held "
                         "for ransom in 2023."),
    # A person sold to those who exploit, with no word of trafficking; forced scam work.
    "sold_to_a_club_owner": ("Nadia was 16 when a family friend, Olena Petrenko, offered her "
                             "work as a waitress in Dubai. Instead she was sold to a club "
                             "owner. Petrenko was arrested in Kyiv in 2021."),
    "sold_to_a_boat_captain": ("A broker in Mahachai sold him to the captain of a Thai "
                               "trawler for 20,000 baht; police arrested the broker in 2019."),
    "kept_as_a_slave_in_servitude": ("A court in Hong Kong jailed a couple in 2023 for keeping "
                                     "a domestic worker from the Philippines in servitude "
                                     "for four years."),
    "hostages_of_a_smuggling_camp": ("Egyptian troops freed 19 Eritrean hostages from a "
                                     "smuggling camp in North Sinai in 2013; their captors "
                                     "had demanded ransoms from relatives abroad."),
    # Told in the first person.
    "worked_without_pay_first_person": ("In 2019 a man took my passport in Hanoi and put me in "
                                        "a lorry to England, where I worked for two years "
                                        "without pay until police raided the nail bar."),
    "beaten_until_families_paid": ("Smugglers kept us in a camp near the Thai border and beat "
                                   "us until our families paid 200,000 taka each in 2020."),
    "forced_to_run_scams": ("Guards took their passports in Sihanoukville and forced them to "
                            "run online scams; police raided the building in June 2023."),
    # A person sold for a sum, or again and again; people sold at slave markets today; the
    # trade as India's penal code names it, told with commas between the lure and the promise.
    "sold_to_a_man_for_a_sum": ("The girl was 14 when her uncle sold her to a man in "
                                "Rajasthan for 50,000 rupees. Police arrested the uncle in "
                                "2022."),
    "held_and_sold_three_times": ("Survivors told the commission in 2019 that she was held by "
                                  "militants in Sinjar for eight months and sold three times."),
    "sold_at_slave_markets": ("Migrants held in detention centres in Libya in 2017 were sold at "
                              "slave markets, a rights group said."),
    "section_370_ipc": ("The accused lured the victim, a 19-year-old woman from Salem, with the "
                        "promise of a job in a garment unit in 2018. The trial court convicted "
                        "him under Section 370 IPC."),
    # Children made soldiers.
    "child_soldiers": ("The report says the militia recruited hundreds of child soldiers in "
                       "Kivu in 2021."),
    "recruited_by_an_armed_group_and_forced": ("The 12-year-old boy was recruited by the armed "
                                               "group in 2022 and forced to carry ammunition "
                                               "across the border."),
    # Sold to a man, or as brides.
    "sold_to_a_man_on_the_pretext_of_marriage": ("His daughter, aged 16, was taken to Delhi "
                                                 "in 2023 on the pretext of marriage and sold "
                                                 "to a man in Haryana."),
    "women_sold_as_brides": ("Police in Yunnan detained 17 suspects in 2019 for selling women "
                             "from Myanmar as brides."),
    "recruiting_women_for_sex_work": ("Oksana Melnyk, 41, admitted in 2023 recruiting "
                                      "Ukrainian women for sex work in Berlin."),
    "forced_to_see_clients": ("When she arrived in Istanbul in 2019, she was locked in an "
                              "apartment and forced to see clients."),
    "recruited_for_jobs_that_did_not_exist": ("Prosecutors in Lisbon charged an agency owner "
                                              "in 2022 with recruiting Brazilian women for jobs "
                                              "in hotels that did not exist."),
    "forced_three_women_to_work_as_prostitutes": ("The court heard in 2023 that Ionel Vasile "
                                                  "forced three Romanian women to work as "
                                                  "prostitutes in Leeds."),
    "paid_nothing_and_kept_the_passport": ("Police in Foggia arrested a farm owner in 2022 who "
                                           "paid him nothing and kept his passport for two "
                                           "years."),
    "orphans_sold_to_couples": ("The former head of a children's home in Varn was charged in "
                                "2020 with selling orphans to foreign couples."),
    "rescued_from_a_house_where_they_were_held": ("In 2023 police in Ikeja rescued 12 teenage "
                                                  "girls from a house where they were being "
                                                  "held by a woman who planned to take them "
                                                  "abroad."),
    "paid_for_each_girl": ("A woman arrested in Ikeja in 2023 told police she had been paid "
                           "200,000 naira for each girl she brought to the house."),
    "a_gang_that_smuggles_women": ("Prosecutors in Tirana charged five men in 2023 with running "
                                   "a gang that smuggles women to Italy."),
    "forced_to_see_up_to_ten_clients": ("In Vienna in 2022 she was locked in a flat and "
                                        "forced to see up to ten clients a day."),
    "smugglers_beat_and_demanded": ("Smugglers in Libya beat him in 2016 and demanded 3,000 "
                                    "dollars from his family before putting him on a boat."),
    # Workers passed on and held by their papers and pay; a person sold twice or as a child;
    # crews held at sea unpaid.
    "sold_on_to_employers": ("Domestic workers recruited in Addis Ababa in 2022 by the agency "
                             "Bright Horizon were sold on to employers in Jeddah, a rights "
                             "group said."),
    "passports_and_wages": ("Several women hired in Kampala in 2021 said their passports were "
                            "confiscated and their wages withheld for months in Muscat."),
    "sold_twice": ("Testifying in 2020, a 22-year-old woman told the court she was sold twice "
                   "before she reached Germany."),
    "sale_of_a_child": ("Police in Quetta arrested two men in 2023 over the sale of a child to "
                        "a couple in Lahore."),
    # Sold for a sum, told in the passive.
    "she_was_sold_for_a_sum": ("A 19-year-old woman from Shan state told a rights group she "
                               "was sold for 7,000 dollars to a family in Henan province, "
                               "China, in 2018 by a broker who had promised her a factory "
                               "job."),
    "sold_him_for_a_sum": ("The boy's father sold him for 200,000 rupees in 2022, and police "
                           "in Multan arrested the buyer."),
    "held_on_a_vessel_without_pay": ("Indonesian authorities said in 2020 that 22 fishermen "
                                     "recruited by an agency in Tegal had been held on a "
                                     "Chinese fishing vessel for 14 months without pay."),
    "held_at_sea": ("Crews from Myanmar were held at sea for years on trawlers off Ambon; one "
                    "deckhand said in 2019 that the captain beat him and that he was never "
                    "paid."),
    "advertised_for_sex": ("The victim, identified in court documents as Jane Doe 1, was 16 "
                           "when Darnell Pryce advertised her for sex online in 2019, prosecutors "
                           "said. Pryce was sentenced to 25 years in federal prison."),
    # A worker locked in and unpaid.
    "locked_in_and_unpaid": ("A woman from Kenvaria who escaped from a house in Doha in 2022 "
                             "said her employer locked her in and refused to pay her for 14 "
                             "months."),
    # A crew whose agency kept their passports.
    "agency_kept_passports": ("Two fishermen died aboard a trawler in 2020; the crew were "
                              "recruited by an agency in Tegal that kept their passports."),
    "women_trafficked_to": ("A report published on Tuesday documents 35 cases of Nepali women "
                            "trafficked to Kenya between 2019 and 2022 and forced to dance in "
                            "bars in Nairobi."),
    # Children forced to beg for a teacher who takes the money.
    "forced_to_beg": ("Police in Dakar arrested a Koranic teacher, Amadou Fall, in 2022 who "
                      "forced 30 boys to beg on the streets for up to 10 hours a day and beat "
                      "them if they came back with less than 500 CFA francs."),
    # Work without pay told with "made to", the word "trafficking" nowhere.
    "made_to_work_for_no_pay": ("Ms Tran was brought to Britain at 15 and made to work in a "
                                "nail bar in Essex for no pay. The bar's owner was jailed for "
                                "seven years in 2020."),
    # Children taken to fight, freed by the armed group.
    "children_recruited_to_fight": ("The United Nations said 300 children had been released "
                                    "by an armed group in Western Equatoria after being "
                                    "recruited to fight in 2018."),
    # Stopped at the airport with false papers, the agent with them arrested.
    "stopped_with_fake_permits": ("Police at the airport in Nairobi stopped 18 young women "
                                  "on Thursday who were about to board a flight to Riyadh "
                                  "with fake work permits. An agent, Mary Wanjala, who had "
                                  "accompanied them, was arrested."),
    # Sold by kin to a man as his wife, told in a relative clause.
    "girl_who_was_sold_by_her_stepmother": ("Police in Rajasthan have rescued a 15-year-old "
                                            "girl who was sold by her stepmother to a man in "
                                            "Haryana for 150,000 rupees to be his wife."),
    # Kept in a bar and sold to its customers.
    "sold_to_customers": ("A 19-year-old woman told police in Tapachula in 2022 that a man "
                          "had kept her locked in a bar and sold her to customers."),
    # Domestic workers held and unpaid by those who employ them, in a rights group's report.
    "domestic_workers_locked_in": ("A rights group said on Tuesday that domestic workers "
                                   "from Ethiopia in Lebanon were routinely locked in, unpaid "
                                   "and beaten by employers in 2020."),
    # Who was forced named between the verb and the work.
    "forcing_homeless_men_to_work": ("Four members of a family were convicted at a crown "
                                     "court in 2017 of forcing homeless men to work for "
                                     "little or no pay between 2010 and 2016."),
    # Girls freed from a dance bar, its manager arrested.
    "rescued_from_a_dance_bar": ("Police in Mumbai rescued 12 girls, including four from "
                                 "Nepal, from a dance bar on Saturday and arrested the bar's "
                                 "manager, Ramesh Shenoy, 45."),
    # Made to dance and never paid, their papers taken by the one who employed them.
    "forced_to_dance_never_paid": ("Sixteen women who were taken to Nairobi to dance in bars "
                                   "in 2022 said they were forced to dance until dawn and were "
                                   "never paid."),
    "employer_named_took_their_passports": ("Sixteen women were stranded in Nairobi in 2022 "
                                            "after their employer, a businessman named Rajan "
                                            "Khetwal, confiscated their passports."),
    # Held and never paid, in the words of those freed.
    "beaten_and_paid_nothing": ("Indonesian police rescued 74 fishermen from Myanmar and "
                                "Cambodia in 2015 who had been held on a remote island in "
                                "Maluku. The men said they were beaten and paid nothing."),
}
# Wages owed after a lay-off are no forced labour.
LAID_OFF = ("Workers at a textile factory in Dhaka protested on Monday after they were laid "
            "off in March and not paid for two months, a union leader said.")
# A thing sold for a sum, told in the passive.
FLAT_SOLD = ("The flat in Henan was sold for 7,000 dollars to a family from Shanghai in 2018, "
             "the agent said.")
LAND_SOLD = ("The land beside the river was sold to a club owner from Dubai in 2021, and "
             "the new owner plans to build a hotel there.")
HISTORY = ("The museum in Bristol tells the history of the transatlantic trade. Britain "
           "abolished slavery in 1833, and ships from the city carried enslaved Africans for "
           "more than a century before that.")



def _rules(text: str) -> RulePass:
    rules = rule_pass(check_text(text))
    assert rules is not None, "triage ruled the test text out"
    return rules


@pytest.mark.parametrize("name", sorted(CASES))
def test_slavery_as_courts_name_it_is_a_human_trafficking_case(nlp: Any, name: str) -> None:
    rules = _rules(CASES[name])
    assert "human" in {c.label for m in rules.marks for c in m.trades}
    assert [inc.trade.value for inc in rules.incidents] == ["human"]


def test_the_convicted_are_named_in_the_modern_slavery_case(nlp: Any) -> None:
    out = extract_text(CASES["modern_slavery"], doc_id="modern_slavery").to_json()
    (inc,) = out["incidents"]
    assert inc["evidence"] == "conviction"
    assert "Dermot Callan" in {a["name"] for a in inc["actors"]}


# History dated by its decade: the nineteenth century's labour trade in the Pacific.
DECADE = ("Whalers frequented the islands of Varuna in the 1800s. In the 1860s, planters from "
          "abroad needed labour and kidnapped half the men of the islands, trafficked them to "
          "plantations and forced them to work as indentured servants. The islands became "
          "independent in 1980.")


@pytest.mark.parametrize("text", [HISTORY, DECADE])
def test_slavery_told_as_history_is_no_case(nlp: Any, text: str) -> None:
    rules = rule_pass(check_text(text))
    assert rules is None or not rules.incidents
    out = extract_text(text, doc_id="history").to_json()
    assert out["incidents"] == []


LOOKS_BACK = ("Children vanish from villages near Quetzaltenango, Guatemala, and their "
              "mothers fear baby trafficking. When the conquistadors invaded the Guatemalan "
              "highlands in the 16th century, mothers hid their children in the hills. In "
              "Quetzaltenango they keep them home from school after three boys went missing in "
              "March. A police officer in Quetzaltenango said two strangers were seen near the "
              "school. The mayor asked the national police for help.")


def test_the_fallback_case_builds_no_incident_for_history_but_keeps_a_look_back(nlp: Any) -> None:
    """What the model's fallback builds where no sentence names the trade: nothing for a
    text of history, a case for a report that looks back once."""
    from ratline.extract.extractor import _fallback

    history = rule_pass(check_text(HISTORY))
    assert history is not None and _fallback(history, "human") is None
    report = rule_pass(check_text(LOOKS_BACK))
    assert report is not None
    assert _fallback(report, "human") is not None


def test_the_rules_read_the_price_of_a_person_sold_as_the_price_to_the_recipient(
        nlp: Any) -> None:
    """As real-text gold counts it: what a buyer paid for a baby or a bride (the money
    model reads this reading beside the words around the sum)."""
    rules = _rules(CASES["baby_sold"])
    (inc,) = rules.incidents
    assert [(m.value["amount"], m.value["what"]) for m in inc.money] == [
        (40000, "price_to_recipient")]


def test_a_thing_sold_to_an_owner_is_no_trade_in_people(nlp: Any) -> None:
    for text in (LAND_SOLD, FLAT_SOLD, LAID_OFF):
        rules = rule_pass(check_text(text))
        assert rules is None or not rules.incidents
    # Goods for babies are no babies sold.
    rules = rule_pass(check_text("Police in Ikeja arrested two men in 2023 for robbing a shop "
                                 "selling baby clothes and formula."))
    assert rules is None or not any(inc.trade.value == "human" for inc in rules.incidents)


def test_a_given_name_the_gazetteer_holds_is_no_place_of_the_case(nlp: Any) -> None:
    out = extract_text(CASES["sold_to_a_club_owner"], doc_id="t")
    (inc,) = out.incidents
    d = inc.to_dict()
    assert "Nadia" not in d["places"] and "IN" not in d["countries"], d["countries"]
    assert {"AE", "UA"} <= set(d["countries"]), d["countries"]


def test_a_name_introduced_as_a_person_is_no_place(nlp: Any) -> None:
    # "Asha" is a town of Russia in the gazetteer.
    out = extract_text("The woman, identified only as Asha to protect her identity, told the "
                       "court that the recruiter, Benno Tarak, promised her a job as a maid in "
                       "Dubai. Instead she was locked in a house and forced to work without "
                       "pay.", doc_id="t")
    countries = {c for inc in out.incidents for c in inc.to_dict()["countries"]}
    assert "RU" not in countries and "AE" in countries, countries


def test_a_person_whose_name_is_a_town_s_is_an_actor_where_written_as_one(nlp: Any) -> None:
    # "Thanh Nguyen" is a town of Vietnam in the gazetteer, and a person's name too.
    text = ("A woman was brought to Britain at 15 and made to work in a nail bar in Essex for "
            "no pay. The bar's owner, Thanh Nguyen, was jailed for seven years in 2020.")
    (inc,) = extract_text(text, doc_id="t").to_json()["incidents"]
    assert [(a["name"], a["status"]) for a in inc["actors"]] == [("Thanh Nguyen", "convicted")]
    # Named alone, as a place is, it stays no one.
    town = text.replace("The bar's owner, Thanh Nguyen, was jailed",
                        "Police in Thanh Nguyen said the bar's owner was jailed")
    (inc,) = extract_text(town, doc_id="t").to_json()["incidents"]
    assert "Thanh Nguyen" not in [a["name"] for a in inc["actors"]]


def test_the_penal_code_case_is_placed_where_its_town_is(nlp: Any) -> None:
    # "Salem" is also another spelling of Jerusalem, a capital the gazetteer weighs more.
    out = extract_text(CASES["section_370_ipc"], doc_id="t")
    (inc,) = out.incidents
    assert inc.to_dict()["countries"] == ["IN"]


def test_a_broker_s_alias_is_no_place(nlp: Any) -> None:
    # "Babu" is a town of China in the gazetteer.
    out = extract_text("\"They promised me 5,000 dollars,\" said the seller, showing the scar "
                       "where his kidney was removed. He said the broker, whom he knew only as "
                       "Babu, took him to Chennai in 2019.", doc_id="t")
    countries = {c for inc in out.incidents for c in inc.to_dict()["countries"]}
    assert "CN" not in countries and "IN" in countries, countries


@pytest.mark.parametrize("text", [
    "Sources close to the investigation said the broker supplied at least 20 donors to the "
    "clinic in Varn in 2022.",
    # Papers that pass the donors off as the patients' kin; a gang moving harvested kidneys.
    "The health ministry revoked the licence of the Sunrise Kidney Centre in 2019 after an "
    "audit found that 23 transplants had used donors with forged kinship papers.",
    "Sources said in 2021 that the minister's nephew, Karim Haddad, had helped a gang move "
    "kidneys harvested from refugees across the border to a clinic in Erbil.",
    "Police have arrested two brokers, Ramesh Kulkarni and Sunil Bhosle, who allegedly found "
    "the donors in poor villages in 2019 and forged papers showing them as relatives of the "
    "recipients.",
    # Money offered for a person's organ, with no other word of a crime.
    "In 2023 a man approached him in a camp in the Bekaa valley and offered $7,000 for his "
    "kidney.",
])
def test_donors_supplied_to_a_clinic_are_an_organ_case(nlp: Any, text: str) -> None:
    rules = _rules(text)
    assert [inc.trade.value for inc in rules.incidents] == ["organ"]


@pytest.mark.parametrize("text", [
    "Pleading guilty in 2023, Oksana Melnyk admitted recruiting Ukrainian women for sex work in "
    "Berlin.",
    "In 2020 the driver, Marten Robley, admitted manslaughter and conspiracy to traffic "
    "Vietnamese migrants to Essex.",
])
def test_a_guilty_plea_told_as_an_admission_is_a_conviction(nlp: Any, text: str) -> None:
    rules = _rules(text)
    assert [inc.evidence.value for inc in rules.incidents] == ["conviction"]


@pytest.mark.parametrize("text", [
    "Drug smugglers beat a man in Tijuana in 2020 and stole his car, police said.",
    # Goods abandoned, not people.
    "Customs officers seized rice and vehicles in 2021; the smugglers also abandoned two "
    "lorries at the border.",
])
def test_smugglers_of_goods_are_no_trade_in_people(nlp: Any, text: str) -> None:
    rules = rule_pass(check_text(text))
    assert rules is None or "human" not in {c.label for m in rules.marks for c in m.trades}


@pytest.mark.parametrize(("text", "trade"), [
    # Not a debunking: the owner of the agency the report accuses speaks for it.
    ("Domestic workers recruited in Addis Ababa in 2022 by the agency Bright Horizon were sold "
     "on to employers in Jeddah, according to a report by a rights group. The agency's owner, "
     "Dawit Alemu, said the claims were false.", "human"),
    # Nor is the hospital the racket is said to run from, calling the allegations baseless.
    ("An opposition MP, Ravi Menon, has alleged that a kidney racket is operating out of a "
     "private hospital in Northfield, with poor farmers paid small sums for their kidneys. The "
     "hospital said the allegations were baseless.", "organ"),
])
def test_an_accused_calling_the_claims_false_denies_them_and_the_case_stands(
        nlp: Any, text: str, trade: str) -> None:
    rules = _rules(text)
    assert [inc.trade.value for inc in rules.incidents] == [trade]
    assert not any(m.debunk for m in rules.marks)
    assert any(m.denial for m in rules.marks)
    # A finding by the police still debunks.
    debunked = rule_pass(check_text(
        "Messages shared in 2022 claimed that children were kidnapped in Jos for their kidneys. "
        "Police said the claims were false."))
    assert debunked is None or not debunked.incidents


def test_a_body_named_after_the_word_agency_is_no_victim(nlp: Any) -> None:
    out = extract_text(
        "Domestic workers recruited in Addis Ababa in 2022 by the agency Bright Horizon were sold "
        "on to employers in Jeddah. Police arrested the agency's owner, Dawit Alemu, on charges "
        "of human trafficking.", doc_id="t").to_json()
    assert all(not v["name"].startswith("Victim-") for inc in out["incidents"]
               for v in inc["victims"]["named"]), out["incidents"]


@pytest.mark.parametrize(("text", "trade"), [
    # The trade named by the charge alone; the abuse of children streamed to viewers.
    ("A 17-year-old told the jury in 2023 that Grace Adebayo made her swear an oath before she "
     "travelled to Birmingham. Adebayo, 46, denies trafficking.", "human"),
    ("Police in Cebu filed charges in 2022 against a couple who allegedly livestreamed the "
     "sexual abuse of their own children for foreign customers.", "human"),
    # The charge names the goods: no trade in people.
    ("Police arrested two men in Pune in 2021 for trafficking in human kidneys.", "organ"),
    # Children sold for sex, the trade not named.
    ("Prosecutors say Derek Hale transported two girls from Ohio to Florida in 2022 and sold "
     "them for sex at motels.", "human"),
    # A person sold on to a man, the trade not named.
    ("Anka was 17 when a boyfriend she met online took her from Moldova to Turkey in 2021, "
     "where he sold her to a man who kept her locked in a flat.", "human"),
    # Marriage promised, work unpaid told by its task, passage sold to those who cross.
    ("A rights group documented cases in 2023 of refugees in the camps who were lured to "
     "Penang with promises of marriage and then sold.", "human"),
    ("A worker has sued a farm owner in Ohio, saying she was forced to pick tomatoes "
     "without pay from 2019 to 2021.", "human"),
    ("Police opened an investigation in 2024 into a network suspected of charging Algerian "
     "migrants up to 6,000 euros each to cross to Sardinia.", "human"),
    # Donors paid to pass as the recipients' kin.
    ("Health officials in Varn found in 2023 that donors were paid to pose as relatives of "
     "the recipients at a private hospital.", "organ"),
    # A child sold to anyone, for any sum; children made camel jockeys.
    ("His father said he had sold the boy to Rafiq for 20,000 rupees in 2019.", "human"),
    ("Police in Karachi said in 2019 that nine boys had worked as camel jockeys on a farm in "
     "the Emirates.", "human"),
    # The Italian code's crime.
    ("Prosecutors in Prato charged a workshop owner in 2023 with reducing workers to "
     "slavery.", "human"),
    # A man sold to the owner of a boat (a possessive before the owner).
    ("Thai police rescued 22 Cambodian men from a trawler in 2019; one said he had been sold "
     "to the boat's owner by a broker.", "human"),
    # Sold to the firm that works him.
    ("Workers rescued from a fishing company's boats in 2021 said they were beaten; one said "
     "he was sold to the company by a broker for 600 dollars.", "human"),
    # A person trafficked, named; passage paid to a smuggler.
    ("Mira Kessel was trafficked to Varn in 2019 and later testified against the network.",
     "human"),
    ("The family had paid a smuggler 9,000 dollars in 2022 to bring the boy to Ohio.",
     "human"),
    # Women sold, counted between the verb and the noun.
    ("Prosecutors said the recruiter sold at least seven women to nightclub owners in Dubai "
     "between 2018 and 2020.", "human"),
    # People sold by bidding.
    ("In 2017 footage showed migrants being auctioned in Libya for as little as 400 dollars.",
     "human"),
    # Donors paid, told without the organ (not blood donors).
    ("The surgeon told investigators in 2020 he believed the donors were relatives of the "
     "patients. Three donors, however, said they had each been paid 400,000 rupees by a man "
     "named Tariq.", "organ"),
])
def test_the_trade_is_read_from_what_the_charge_or_the_payment_names(
        nlp: Any, text: str, trade: str) -> None:
    rules = _rules(text)
    assert {c.label for m in rules.marks for c in m.trades} == {trade}


@pytest.mark.parametrize("text", [
    "Blood donors were paid 500 rupees each at the camp in Pune in 2021.",
    "The suspect was charged with trafficking drugs in Pune in 2021.",
])
def test_paid_blood_donors_and_drug_charges_are_no_trade_in_people_or_organs(
        nlp: Any, text: str) -> None:
    rules = rule_pass(check_text(text))
    assert rules is None or not {c.label for m in rules.marks for c in m.trades} & {
        "human", "organ"}


@pytest.mark.parametrize(("text", "evidence", "acts"), [
    # One named as trafficked to a place: the case its conviction states, and the move.
    ("Mira Kessel was trafficked to Varn at the age of 19 and later testified against the "
     "network that sold her. The network's leader, Otto Brand, was convicted in 2021.",
     "conviction", {"transport"}),
    # People trafficked from a place, told as a reduced relative; the court's name before
    # what it heard is no name that swallows the step.
    ("Two teenage girls trafficked from Liverpool to Aberdeen were made to sell drugs from a "
     "flat in 2022, Aberdeen Sheriff Court heard on Thursday.", "charge", set()),
])
def test_people_told_as_trafficked_to_or_from_a_place_make_a_case(
        nlp: Any, text: str, evidence: str, acts: set[str]) -> None:
    rules = rule_pass(check_text(text))
    assert rules is not None and len(rules.incidents) == 1
    inc = rules.incidents[0]
    assert inc.trade.value == "human" and inc.evidence.value == evidence
    assert acts <= {a.value for a in inc.activities}


def test_organs_trafficked_from_people_are_no_people_trafficked() -> None:
    # Not from a lower-case place word, nor goods.
    human = CueSet({"human": load("trades")["trades"]["human"]["cues"]})
    assert not any("trafficked" in c.text
                   for c in human.find("Kidneys trafficked from the poor are sold abroad."))
