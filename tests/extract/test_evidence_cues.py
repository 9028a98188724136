"""How real reports word the steps of the evidence ladder: the rules' whole-text level
(`evidence.level` over every sentence), read without the learned layer."""

from __future__ import annotations

import pytest

from ratline.extract.cues import CueSet
from ratline.extract.evidence import level
from ratline.extract.extractor import rule_pass


def _stated(text: str) -> str:
    rules = rule_pass(text)
    assert rules is not None, "triage ruled the test text out"
    return level(rules.marks).value


def test_the_longer_cue_wins_where_two_labels_start_together() -> None:
    cues = CueSet({"report": ["found"], "conviction": ["found guilty"]}, longest=True)
    assert [(c.label, c.text) for c in cues.find("They were found guilty.")] == [
        ("conviction", "found guilty")]
    assert cues.search("It was found.") is not None
    plain = CueSet({"report": ["found"], "conviction": ["found guilty"]})
    assert [c.label for c in plain.find("They were found guilty.")] == ["report"]


@pytest.mark.usefixtures("nlp")
@pytest.mark.parametrize(("text", "expected"), [
    # A seizure, a rescue, a network "busted", a case registered: investigation.
    ("Police in Patna, India, busted a kidney racket that lured labourers to sell their "
     "organs to patients in Delhi in 2021.", "investigation"),
    ("Officers in Kakinada, India, registered a case against a hospital over a kidney sold "
     "by a farm worker for Rs 4 lakh in 2022.", "investigation"),
    ("Customs officers in Durban, South Africa, intercepted forty rifles smuggled in "
     "furniture crates bound for Maputo in 2020.", "investigation"),
    ("Labour officials in Salem, India, rescued twelve trafficked bonded workers forced to work without "
     "wages at a brick kiln in 2019.", "investigation"),
    # "brought to trial", "faces charges", charges filed: charge.
    ("Ten men who sold kidneys of migrants in Izmir, Turkey, were brought to trial in 2020 "
     "after a police operation.", "charge"),
    ("Ruben Ocampo faces charges of arms trafficking for smuggling pistols from Texas to Monterrey, Mexico, "
     "in 2021.", "charge"),
    ("Charges were filed against Ruben Ocampo for arms trafficking, smuggling pistols from Texas to Monterrey, "
     "Mexico, in 2021.", "charge"),
    # A trial under way: counts denied, a plea of not guilty, what the court heard.
    ("Four men from Cardiff, Wales, have denied one count of holding a worker in forced "
     "labour between 2008 and 2019.", "charge"),
    ("Two brokers pleaded not guilty to trafficking women from Kenya to Oman in 2021.",
     "charge"),
    ("The court heard how the accused kept two men in forced labour at a camp near Cardiff, "
     "Wales, from 2005 to 2019.", "charge"),
    # "found guilty" is a conviction, not a "found" report; so is a jail term served.
    ("A court in Accra, Ghana, found guilty two brokers who trafficked women to Lebanon as "
     "domestic workers in 2018.", "conviction"),
    ("The broker who arranged the kidney sale in Jakarta, Indonesia, in 2017 is now serving "
     "a jail term of two years.", "conviction"),
    # How a reporter quotes the person met: a report, not hearsay.
    ("Mirela Dobre, a farm worker from Iasi, Romania, sold a kidney to a broker in 2019. "
     "She says the money ran out within a year.", "report"),
    ("He says he was paid a third of what the broker in Lahore, Pakistan, promised for his "
     "kidney in 2016.", "report"),
    # What people say about the case is still hearsay.
    ("People say a boy from Kisumu, Kenya, was kidnapped by organ traffickers who sold his "
     "kidney in 2023.", "rumor"),
    # The police's own account of what they did ("claimed to have arrested", as South Asian
    # papers word it) states the step; anyone else's claim does not.
    ("The police on Thursday claimed to have busted a kidney racket in Gurugram, India, and "
     "detained four Bangladeshi nationals in 2019.", "arrest"),
    ("The Federal Investigation Agency (FIA) claimed to have arrested a broker of a kidney "
     "gang in Lahore, Pakistan, in 2018.", "arrest"),
    ("Villagers claimed that the broker who bought kidneys in Kavre, Nepal, was arrested in "
     "2019.", "allegation"),
    # A headline that only suspects frames the text; "according to" below it attributes.
    ("Minister did not rule out that militias sell the organs of soldiers held prisoner\n\n"
     "According to the minister, soldiers taken prisoner near Shusha, Azerbaijan, in 2020 were "
     "never returned and their families fear their kidneys were sold.", "speculation"),
    # The same headline under a blank line and a date stamp.
    ("\n date 2021-03-04 Minister did not rule out that militias sell the organs of soldiers "
     "held prisoner\n\nAccording to the minister, soldiers taken prisoner near Shusha, "
     "Azerbaijan, in 2020 were never returned and their families fear their kidneys were "
     "sold.", "speculation"),
    ("Officers raided a kidney racket in Lahore, Pakistan, in 2018, the police claiming that "
     "they had arrested two brokers.", "arrest"),
    # "Defendant" is what some police call a suspect: no charge by that word alone.
    ("Police in Korosten, Ukraine, said the defendants smuggled rifles from the front and "
     "sold them online in 2023.", "report"),
    # A verdict told with its object between the words: conviction.
    ("Two men were jailed at Newport Crown Court in 2022 after a jury found them guilty of "
     "trafficking women from Romania to work in brothels.", "conviction"),
    ("A jury in Leeds found Ion Marcu and Radu Stan guilty of trafficking migrants from "
     "Albania in lorries in 2021.", "conviction"),
    # A higher court keeps the sentences: conviction.
    ("The Supreme Court in Kathmandu upheld the sentences of seven members of a gang that "
     "trafficked women to brothels in Mumbai in 2016.", "conviction"),
    ("Pasang Lama, who trafficked women from Nepal to brothels in India in 2016, will serve "
     "20 years in prison.", "conviction"),
    # A charge stands beside an accused's record of another crime.
    ("Prosecutors charged a broker in Kenya in 2024 with organ trafficking; the broker, who "
     "was convicted of fraud in 2012, denies selling kidneys.", "charge"),
    # The step taken at last, and one wanted by the police taken.
    ("Police in Chennai arrested a kidney broker in 2024 who had evaded arrest for two years "
     "by moving between Nepal and India.", "arrest"),
    ("The man wanted by police in Kenya was arrested in 2024 for selling kidneys of poor "
     "villagers to buyers in India.", "arrest"),
    # Counted arrests of this case stand, in a crackdown across the country too.
    ("Police in Nepal arrested 14 people in a raid on a kidney racket in Kavre in 2023, "
     "officials said.", "arrest"),
    ("Police arrested 120 suspected traffickers across the country in a crackdown on a "
     "kidney racket in Nepal in 2023.", "arrest"),
    ("Police raided transit houses of migrants in Agadez, Niger, in 2016 and arrested a "
     "handful of smugglers and officials.", "arrest"),
    # An arrest stands where no charge followed.
    ("Police in Kenya detained a broker in 2024 over the sale of kidneys to buyers in India; "
     "no charges were filed.", "arrest"),
    # South Asian police usage: a man "booked under" sections is named in a registered case
    # (an FIR), not charged; one a magistrate sends to judicial custody is held.
    ("Police in Guntur, India, booked a hospital owner under sections 370 and 420 of the IPC "
     "in 2024 over kidneys bought from labourers; a search is on for him.", "investigation"),
    ("A kidney broker from Guntur, India, was produced before a magistrate in 2024 and sent "
     "to judicial custody for 14 days.", "arrest"),
    ("A court in Lima, Peru, ordered a recruiter who trafficked women to brothels in Cusco "
     "held in pretrial detention in 2023.", "arrest"),
    ("A trafficker who sent women from Edo State, Nigeria, to brothels in Italy in 2023 was "
     "held on remand at a prison in Lagos.", "arrest"),
    # A warrant or a look-out circular issued: the police want the person, nobody holds him.
    ("An arrest warrant was issued in 2023 for a broker who sent women from Edo State, "
     "Nigeria, to brothels in Italy.", "investigation"),
    ("A look-out circular was issued in 2024 for a hospital owner in Hyderabad, India, over "
     "kidneys bought from labourers.", "investigation"),
    # A court's orders and a trial's steps: the step itself.
    ("A trafficker of women from Edo State, Nigeria, to Italy was ordered to stand trial in "
     "Palermo in 2023.", "charge"),
    ("The trial of a trafficker of women from Edo State, Nigeria, to Italy opened in "
     "Palermo in 2023.", "charge"),
    ("A grand jury returned a true bill in 2023 against a smuggler of migrants from "
     "Guatemala to Texas.", "charge"),
    ("A court in Birmingham ordered a trafficker of Romanian women to serve 12 years in "
     "prison in 2023.", "conviction"),
    ("A trafficker of Romanian women to Birmingham lost his appeal against a 12-year "
     "sentence in 2023.", "conviction"),
    # A judgment's own words, in the present tense.
    ("The court finds the accused guilty of trafficking women from Edo State, Nigeria, to "
     "Italy and sentences him to ten years' imprisonment.", "conviction"),
    ("Having heard the evidence, the court sentences the accused to eight years for selling "
     "the kidneys of labourers from Guntur, India, in 2022.", "conviction"),
    # Those charged named between the verb and the offence.
    ("Police in Bavaria charged the couple, Klaus Weber and Petra Weber, with human "
     "trafficking in 2022 after a girl from Romania escaped.", "charge"),
    # A number charged is a charge, not a price.
    ("Police in Dhaka charged 20 people with trafficking women to India in 2023.", "charge"),
    ("Authorities in Thailand have charged 14 people, including two police officers, over the "
     "deaths of migrants trafficked in a fish truck in 2008.", "charge"),
    # The police's find, nobody yet named under arrest.
    ("Sri Lankan police said on Friday they had uncovered a racket in which young men were paid "
     "to pose as relatives of Indian patients to sell kidneys in Colombo in 2023.",
     "investigation"),
    # A network dismantled with nobody named under arrest: investigation.
    ("Police in Cusco, Peru, dismantled a network that trafficked Venezuelan women to bars "
     "in mining towns in 2022.", "investigation"),
    # A witness before a court named in full, or against the accused; a trial going on.
    ("A woman trafficked from Kampala to Muscat in 2021 told the High Court on Tuesday that "
     "her employer took her passport.", "charge"),
    ("A worker gave evidence against the recruiter who trafficked him from Lagos to Dubai "
     "in 2020.", "charge"),
    ("Three men accused of trafficking women from Moldova to Cyprus in 2019 deny the "
     "offences. The trial continues.", "charge"),
    # Charges denied, named by their crime.
    ("Police in Tallinn said Boris Kalin trafficked three women to Oslo in 2022. Kalin denies "
     "trafficking charges.", "charge"),
    # A verdict told in a relative clause is the case's where nothing is done again.
    ("Ivan Dimov, who was convicted of trafficking women from Sofia to brothels in Germany in "
     "2019, lost his appeal on Monday.", "conviction"),
    # A verdict given anew after the lede's overturning stands.
    ("A man jailed for trafficking his niece from Kisumu to work as a maid had his "
     "conviction quashed in 2021.\n\nAli Hamisi, 52, was convicted again at a retrial in "
     "2023.", "conviction"),
    # What the victims went without is no negation of the step after it.
    ("Two brothers who trafficked Romanian men to Leeds in 2020 and forced them to work at "
     "car washes for almost no pay were sentenced on Friday.", "conviction"),
    # The press's own investigation is its report; an agency's is an investigation.
    ("Militias in Libya sold migrants to traffickers in 2019, according to a 2019 "
     "AP investigation.", "report"),
    ("Brokers picked kidney donors from mental health facilities in 2019, an investigation "
     "has found.", "report"),
    ("NIA investigations have revealed that the men were trafficked across the border in "
     "2019.", "investigation"),
    # A suspect named by the police, before any charge.
    ("Twenty fishermen recruited by an agency in Tegal were held on a fishing vessel for "
     "14 months without pay in 2019. The agency's director was named a suspect by police.",
     "investigation"),
    # A raid on the clinic where the organs were taken; a probe launched on reports.
    ("Police in Nairobi raided a clinic in 2023 where the kidneys of slum residents were "
     "allegedly removed and sold to patients in India.", "investigation"),
    ("The ministry launched a probe in 2023 after reports that the kidneys of slum residents "
     "in Nairobi were sold to patients in India.", "investigation"),
    # An inquiry still asking whether the claims are true rests on the claims.
    ("Officials said investigations are underway to ascertain if reports of kidney "
     "trafficking at the hospital in 2019 are true.", "allegation"),
])
def test_real_report_wording_states_the_step(text: str, expected: str) -> None:
    assert _stated(text) == expected


@pytest.mark.usefixtures("nlp")
@pytest.mark.parametrize(("text", "not_above"), [
    # Only possible, only allowed, or not done at all.
    ("Ruben Ocampo could face charges of arms trafficking for smuggling pistols from Texas to Monterrey, "
     "Mexico, in 2021.", "report"),
    ("If found guilty of trafficking women from Kenya to Oman in 2020, the agent could be "
     "fined or jailed up to three years.", "report"),
    ("Police in Pokhara, Nepal, received authorization to arrest eleven traffickers who "
     "sent women to the Gulf on visit visas in 2024.", "report"),
    ("Witnesses in Kassala, Sudan, said guards helped the kidnappers of Eritrean migrants "
     "in 2014 rather than arresting them.", "report"),
    ("Relatives in Baku, Azerbaijan, spoke of the seizure of the organs of dead soldiers in "
     "2024, a claim officials call organ trafficking lies.", "report"),
    ("Officials in Gaza called for the creation of an independent international "
     "investigation committee into organ theft from bodies in 2023.", "report"),
    # A step told on a claimant's word, across an aside in parentheses.
    ("Vigilante leader Ramon Ortiz made the claim that his militia (the guardians) "
     "intercepted a truck of kidnapped children sold for their organs in Sonora, Mexico, "
     "in 2015.", "allegation"),
    # Soldiers captured in a war: no arrest.
    ("Soldiers captured near Shusha, Azerbaijan, in 2020 were never returned, and relatives "
     "fear their kidneys were sold by organ traffickers.", "report"),
    # Missiles shot down by air defences: no interception of a shipment; and a claim
    # ("claiming that") hedges like "claims".
    ("The coalition accused Iran of smuggling arms to Yemen in 2019; the rebels fired 118 "
     "missiles at Saudi Arabia, and all were intercepted by air defences.", "allegation"),
    ("The spokesman said the rebels smuggled rifles from Iran to Yemen in 2019, claiming that "
     "the coast guard intercepted three boats.", "report"),
    # Cleared by the jury: no conviction.
    ("A jury in Leeds found Ion Marcu not guilty of trafficking migrants from Albania in "
     "lorries in 2021.", "charge"),
    # A warrant to be issued is no step taken; nor does "warrant" the verb state one.
    ("Officials in Manila said in 2023 that customs would issue a warrant of seizure for a "
     "shipment of rifles smuggled from Cebu.", "report"),
    ("Reports in 2023 that a broker in Kathmandu, Nepal, sold kidneys to buyers in India "
     "warrant an investigation, activists said.", "report"),
    # A step taken against no one.
    ("Relatives in Al-Arish, Egypt, said migrants held by traffickers were killed for their "
     "kidneys in 2013. Police have arrested no one.", "report"),
    # A sum asked of the victims is no charge laid against anyone.
    ("Six people were arrested in Puno, Peru, in 2022; the trafficked women were charged a "
     "debt of 3,000 soles for their travel.", "arrest"),
    ("Police in Dhaka arrested a gang leader in 2023 who charged each family Tk 4 lakh to "
     "smuggle their sons to Libya.", "arrest"),
    ("Police in Dhaka arrested a broker in 2023; the traffickers had charged 40,000 taka a "
     "person to smuggle migrants to Libya, police said.", "arrest"),
    # Papers taken from workers are a sign of forced labour, not a police seizure.
    ("Traffickers confiscated their passports and forced twenty trafficked women to work "
     "as maids in Dubai in 2021.", "report"),
    # A country's tally told in words, and reports a government rejects.
    ("Sri Lanka convicted only four traffickers in 2023 despite identifying more than 80 "
     "women trafficked to the Gulf, the US State Department said.", "report"),
    ("The ministry in 2023 rejected reports that rifles supplied to its army were being "
     "smuggled to Sudan; a foreign official had claimed they were sold there.", "allegation"),
    # A verdict a higher court reversed, summed up in the headline and told in the past
    # perfect below it.
    ("Supreme Court frees woman convicted of trafficking\n\nThe Supreme Court acquitted a "
     "woman who had been convicted by a lower court of trafficking three girls from Kisumu "
     "to work as maids in 2018. Fatima Noor had been sentenced to ten years in 2020.",
     "charge"),
    # The lede tells where the case stands; the paragraph after it, the story before.
    ("A man jailed for trafficking his niece from Kisumu to work as a maid has had his "
     "conviction quashed.\n\nAli Hamisi, 52, was convicted in 2022 and sentenced to eight "
     "years.", "charge"),
    # The same trade's earlier verdict of one suspected of it again.
    ("Police in Sofia arrested a man who was convicted of human trafficking in 2012 on "
     "suspicion of again luring women to brothels in Germany in 2024.", "arrest"),
    # Charges a suspect was due to face when he died were never brought.
    ("A surgeon suspected of illegal kidney transplants for a ring in Velden in 2021 died "
     "weeks before he was due to face charges.", "report"),
    # What someone said to a reporter outside a court is no step before it.
    ("The mother of a girl trafficked from Kathmandu to Delhi in 2022 told the reporter "
     "outside court that she wanted answers.", "report"),
])
def test_a_step_only_possible_or_not_taken_is_not_stated(text: str, not_above: str) -> None:
    ladder = ["rumor", "speculation", "allegation", "report", "investigation", "arrest",
              "charge", "conviction"]
    got = _stated(text)
    assert got == "denial" or ladder.index(got) <= ladder.index(not_above)


@pytest.mark.usefixtures("nlp")
@pytest.mark.parametrize("text", [
    "The foreign minister did not rule out that Azerbaijan is selling the organs of captured "
    "soldiers in 2020.",
    "It is worth investigating whether prisoners in Syria had their kidneys harvested and sold "
    "in 2013.",
    # Illegal transplants are a case of the trade, however hedged.
    "Investigators believe the surgeon may have performed dozens of illegal transplants at a "
    "clinic in Ostrava in 2019, a police source said.",
    "It is possible that the men's kidneys were removed and sold abroad, the police chief said "
    "after three bodies were found near the border in 2021.",
])
def test_a_conjecture_is_speculation(text: str) -> None:
    assert _stated(text) == "speculation"



@pytest.mark.usefixtures("nlp")
def test_investigators_at_work_on_the_case_investigate_it() -> None:
    assert _stated(
        "Investigators from the health ministry are examining records of 30 kidney transplants "
        "performed at the Varn clinic in 2016 on patients from abroad; the clinic denied that "
        "any donor was paid.") == "investigation"


@pytest.mark.usefixtures("nlp")
def test_the_police_hunting_a_suspect_investigate() -> None:
    assert _stated(
        "Police in Varn are searching for a man known as the Doctor, who they say removed kidneys "
        "from at least 15 migrants in a rented flat in 2021. No arrests have been made.") == (
        "investigation")


@pytest.mark.usefixtures("nlp")
def test_the_press_s_own_unnamed_inquiry_is_no_investigation() -> None:
    assert _stated("An investigation by a Bangladeshi newspaper found in 2023 that brokers "
                   "bought kidneys from villagers for transplants in India.") == "report"
    # Police at work on it are.
    assert _stated("Police opened an investigation in 2023 after brokers bought kidneys from "
                   "villagers for transplants in India.") == "investigation"
