"""The learned components added over the rules, each on text written for the test:

* a case the rules group no incident for gets one (`fallback`), unless the rules' own
  reasons for none hold (a debunked claim);
* one case split by the rules is joined (`count` + `combine`), a case the text calls
  different stays apart;
* the year of the acts is ranked over the printed years (`year`);
* countries and acts the rules list are kept or dropped (`field_filters`);
* confidences are the models' probabilities;
* the model file carries no word of a victim's name.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ratline.extract import field_filters, learned
from ratline.extract.combine import combine
from ratline.extract.extractor import check_text, finish, rule_pass
from ratline.extract.results import Actor, Found, Incident, Victims

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _constant(winner: str, classes: list[str]) -> dict[str, Any]:
    """A model that always answers `winner`."""
    return {"classes": classes, "bias": [20.0 if c == winner else 0.0 for c in classes],
            "weights": {}}


def _models(**override: dict[str, Any]) -> learned.Models:
    """The shipped models with some components replaced."""
    spec = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    spec["models"].update(override)
    return learned.Models.from_dict(spec)


def _extract(text: str, models: learned.Models) -> list[dict[str, Any]]:
    rules = rule_pass(check_text(text))
    assert rules is not None
    return [i.to_dict() for i in finish("t", copy.deepcopy(rules), models=models).incidents]


# -- fallback -------------------------------------------------------------------------------

# Guns "shipped" and "smuggled in barrels": no trafficking cue word the rules group on.
SHIPMENT = (
    "Customs officers in Port-au-Prince, Haiti, opened three barrels shipped from Miami in "
    "May 2022 and found 12 rifles, 4 pistols and 2,000 rounds of ammunition hidden under "
    "clothes. Two men who had sent the barrels, Marc Dorval and Jean-Baptiste Ferrand, were "
    "arrested in Florida."
)


def test_a_fact_check_that_finds_the_claim_false_is_not_about_the_trade() -> None:
    # The models may read such a text as one about organ trafficking; it reports none.
    text = (
        "A message shared thousands of times on social media says that an organ trafficking "
        "gang in Port Arden is kidnapping children and selling their kidneys and livers to "
        "buyers abroad. The message is fake. Port Arden police said no child had been reported "
        "missing, and the photo shows a hospital in another country."
    )
    assert _refined(text) == (False, [], "negative")
    arrested = text + " Two men who spread it were arrested and charged on Monday."
    assert _refined(arrested)[2] != "negative"


def _refined(text: str) -> tuple[bool, list[Incident], str]:
    """What the shipped models make of a text whose rules read a claim found false."""
    rules = rule_pass(check_text(text))
    assert rules is not None and any(m.debunk for m in rules.marks)
    return learned.refine(rules, learned.shipped())


def test_arrests_for_a_mob_s_violence_over_a_false_claim_are_not_the_trade_s() -> None:
    # The arrests are of those who acted on the rumour; the claim itself is found false.
    text = ("A mob in Port Arden beat to death a man they accused of stealing children's "
            "organs, police said. There is no evidence that any child's organs were taken, "
            "police spokesman Tom Kell said, and the rumours are false. Five people were "
            "arrested for the killing.")
    assert _refined(text) == (False, [], "negative")
    models = _models(document=_constant("case", ["case", "negative", "policy"]),
                     trade=_constant("organ", ["human", "organ", "weapons"]))
    assert _extract(text, models) == []  # nor does the fallback build the claim's case
    # Without a mob, an arrest beside the false claim may be the case's: it stands.
    arrested = text.replace("A mob in Port Arden beat to death a man they accused",
                            "Residents of Port Arden accused a man").replace(
        " for the killing.", " for selling kidneys.")
    assert _refined(arrested)[2] != "negative"


def test_a_place_named_only_in_the_dateline_is_no_candidate_actor() -> None:
    text = ("MANILA, April 2, 2021 - Police rescued 14 women from a bar in Angeles City on "
            "Tuesday and arrested the manager, Roberto Santos. Santos faces charges of "
            "qualified trafficking.")
    rules = rule_pass(check_text(text))
    assert rules is not None
    names = [c.name for c in learned.candidates(rules, [])]
    assert "Roberto Santos" in names and "MANILA" not in names
    # Written elsewhere too, the name stays a candidate, its dateline mention with it.
    twice = ("INTERPOL, April 2, 2021 - Police rescued 14 women from a bar in Angeles City on "
             "Tuesday after a tip from Interpol and arrested the manager, Roberto Santos.")
    rules = rule_pass(check_text(twice))
    assert rules is not None
    (found,) = [c for c in learned.candidates(rules, []) if c.name.lower() == "interpol"]
    assert len(found.mentions) == 2


def test_a_case_the_rules_grouped_no_incident_for_gets_one() -> None:
    rules = rule_pass(check_text(SHIPMENT))
    assert rules is not None
    models = _models(document=_constant("case", ["case", "negative", "policy"]),
                     trade=_constant("weapons", ["human", "organ", "weapons"]))
    assert rules.incidents == []  # the rules miss it ...
    (inc,) = _extract(SHIPMENT, models)  # ... the fallback builds it
    assert inc["trade"] == "weapons"
    assert "HT" in inc["countries"]
    assert inc["year"] == 2022
    assert inc["evidence"] == "arrest"
    off = _models(document=_constant("case", ["case", "negative", "policy"]))
    off.off = frozenset({"fallback"})
    assert _extract(SHIPMENT, off) == []


def test_the_fallback_takes_a_trade_whose_words_the_text_uses() -> None:
    # The trade model says human trafficking; the text speaks of rifles only.
    models = _models(document=_constant("case", ["case", "negative", "policy"]),
                     trade=_constant("human", ["human", "organ", "weapons"]))
    (inc,) = _extract(SHIPMENT, models)
    assert inc["trade"] == "weapons"
    fraud = ("Police arrested 38 people in Atlanta, Georgia, in 2023 over a fraud scheme that "
             "stole $30 million from victims, and prosecutors charged them with money laundering.")
    assert _extract(fraud, models) == []  # no trade's words: no incident


def test_no_fallback_incident_for_a_debunked_claim() -> None:
    text = ("A viral post claiming that a pupil's kidney was removed at a school in Lagos, "
            "Nigeria, is false, the hospital said after scans showed that both kidneys are "
            "present.")
    models = _models(document=_constant("case", ["case", "negative", "policy"]),
                     trade=_constant("organ", ["human", "organ", "weapons"]))
    assert _extract(text, models) == []


def test_no_fallback_weapons_case_without_a_word_of_the_arms_trade() -> None:
    # Guns named in a debate on gun laws: no smuggling, no seizure, no armed group.
    text = ("Mayor Dana Fields of Dayton, Ohio, testified before the House Judiciary Committee "
            "on Wednesday for a nationwide ban on assault weapons. \"Hand guns are used in most "
            "shootings,\" said a pro-gun activist, citing the 1994 ban on semi-automatic "
            "rifles.")
    rules = rule_pass(check_text(text))
    assert rules is not None and rules.incidents == []
    models = _models(document=_constant("case", ["case", "negative", "policy"]),
                     trade=_constant("weapons", ["human", "organ", "weapons"]))
    assert _extract(text, models) == []
    # Nor is it about the trade because the document model read a case into it: the
    # rules' reading of relevance stands.
    assert not rules.relevant
    assert not finish("t", copy.deepcopy(rules), models=models).relevant
    # Guns shipped in barrels are the trade's goods (`test_a_case_the_rules_grouped...`).
    assert len(_extract(SHIPMENT, models)) == 1


# -- one case, one incident -----------------------------------------------------------------

SPLIT_STORY = """NAIROBI, 9 June 2023 — Police in Kenya arrested two brokers, Peter Otieno and Samuel Kiprop, accusing them of trafficking kidneys from young men in Kibera.

The donors were flown to Chennai, India, where a surgeon, Dr Ravi Menon, removed their kidneys in 2021 and sold them to patients from Israel.

A relative of one donor said the ring had operated for years. Activists say kidney trafficking in East Africa is a growing business."""

DIFFERENT = SPLIT_STORY + """

In 2011, a different ring in Kisumu was broken up after police arrested a nurse, Agnes Wambui, for kidney trafficking to Uganda."""


def test_one_case_told_over_paragraphs_is_joined_when_the_model_says_so() -> None:
    rules = rule_pass(check_text(SPLIT_STORY))
    assert rules is not None and len(rules.incidents) >= 2  # the rules split the case
    one = _models(count=_constant("one", ["many", "one"]))
    many = _models(count=_constant("many", ["many", "one"]))
    joined = _extract(SPLIT_STORY, one)
    assert len(joined) == 1
    assert len(_extract(SPLIT_STORY, many)) >= 2
    assert {"IN", "IL"} <= set(joined[0]["countries"])
    assert joined[0]["year"] == 2021
    names = {a["name"] for a in joined[0]["actors"]}
    assert {"Peter Otieno", "Samuel Kiprop"} <= names


def test_a_case_the_text_calls_different_stays_apart() -> None:
    one = _models(count=_constant("one", ["many", "one"]))
    incidents = _extract(DIFFERENT, one)
    years = sorted(i["year"] for i in incidents if i["year"])
    assert 2011 in years and len(incidents) >= 2


def test_combine_keeps_every_value_once_and_the_strongest_level() -> None:
    a = Incident(Found("organ", 0, 5), Found("arrest", 10, 18),
                 countries=[Found("KE", 1, 2)], year=Found(2023, 3, 7),
                 actors=[Actor("Otieno", "person", "broker")],
                 activities=[Found("sale"), Found("arrest")],
                 victims=Victims(count=Found(2)))
    b = Incident(Found("organ", 30, 35), Found("charge", 40, 47),
                 countries=[Found("KE", 31, 32), Found("UG", 33, 34)], year=Found(2022, 36, 40),
                 actors=[Actor("Peter Otieno", "person", "broker"),
                         Actor("Victim-1a2b3c", "person", "seller_donor", pseudonymised=True)],
                 activities=[Found("sale"), Found("charge")],
                 victims=Victims(count=Found(5)))
    c = combine([a, b])
    assert c.evidence.value == "charge"
    assert [f.value for f in c.countries] == ["KE", "UG"]
    assert c.year is not None and c.year.value == 2022  # the earliest year of acts
    assert sorted(x.name for x in c.actors) == ["Peter Otieno", "Victim-1a2b3c"]
    assert [f.value for f in c.activities] == ["sale", "arrest", "charge"]
    assert c.victims.count is not None and c.victims.count.value == 5


def test_combine_lists_a_sum_told_in_two_paragraphs_once() -> None:
    lead = Incident(Found("organ", 0, 5), Found("report", 6, 9),
                    money=[Found({"amount": 180000, "currency": "USD",
                                  "what": "price_to_recipient"}, 20, 28)])
    court = Incident(Found("organ", 40, 45), Found("charge", 46, 53),
                     money=[Found({"amount": 180000.0, "currency": "USD",
                                   "what": "payment_to_seller"}, 60, 68),
                            Found({"amount": 5000, "currency": "USD",
                                   "what": "payment_to_seller"}, 70, 76)])
    c = combine([lead, court])
    assert [(f.value["amount"], f.start) for f in c.money] == [(180000, 20), (5000, 70)]


def test_combine_never_lets_a_victim_become_a_perpetrator() -> None:
    named = Incident(Found("organ"), Found("arrest"),
                     actors=[Actor("Grace Njeri", "person", "broker")])
    masked = Incident(Found("organ"), Found("report"),
                      actors=[Actor("Grace Njeri", "person", "seller_donor", pseudonymised=True)])
    (who,) = combine([named, masked]).actors
    assert who.pseudonymised and who.role == "seller_donor"


# -- year -------------------------------------------------------------------------------------

SENTENCED = (
    "MANILA, 12 October 2024 — A court in Quezon City on Friday sentenced a broker, Ramon "
    "Villanueva, to life in prison under the Anti-Trafficking in Persons Act of 2003. "
    "Prosecutors said that between 2016 and 2018 Villanueva recruited jobless men from Tondo, "
    "Philippines, to sell kidneys to foreign patients for 150,000 pesos each."
)


def test_the_year_of_the_acts_beats_the_law_and_the_verdict() -> None:
    (inc,) = _extract(SENTENCED, learned.shipped())
    assert inc["year"] == 2016


def test_the_year_model_decides_between_printed_years() -> None:
    rules = rule_pass(check_text(SENTENCED))
    assert rules is not None
    years = [c.year for c in learned.year_candidates(rules)]
    assert {2016, 2018, 2024} <= set(years)
    assert 2003 not in years  # the year in a law's name dates no act
    latest = {"classes": ["acts", "not"], "bias": [0.0], "weights": {"latest": [-9.0]}}
    (inc,) = _extract(SENTENCED, _models(year=latest))
    assert inc["year"] == 2024


@pytest.mark.parametrize(("text", "years"), [
    # A report's, a street block's and a decade's years.
    ("According to a 2018 report, brokers in the 2000 block of Santa Anita Avenue in El "
     "Monte, California, have trafficked workers since 2019, as they had in the 1990s, "
     "police said in 2023.", [2019, 2023]),
    # Births.
    ("Mme X, a domestic worker born 7 June, 1989, in Lazi, was recruited by an agency "
     "and trafficked to Kuwait in 2012, where her employer, born in 1975, confiscated "
     "her passport.", [2012]),
    # A vehicle's model year; a year before a name that is also a make is a date.
    ("Agents stopped a 2011 Freightliner tractor and a 2009-model Toyota van near Laredo in "
     "2021 and found 40 migrants being smuggled inside; the driver, who drove his 2015 "
     "Dodge Ram, was charged. In 2019 Mercedes Ruiz had recruited them.", [2019, 2021]),
    # A law named by its year, beside law enforcement dated by one.
    ("Police in Nairobi charged three men in 2024 with selling Kenyan workers to scam "
     "compounds in Myanmar, ten years after its 2014 anti-trafficking law; in 2023 law "
     "enforcement officers had warned of the gang.", [2023, 2024]),
    # A picture's caption dates the picture.
    ("Photo: A border crossing near Tijuana, taken in 2015.\n\nMexican officials found 127 "
     "migrants being smuggled in a trailer truck in Veracruz in 2023.", [2023]),
])
def test_years_naming_a_report_a_block_a_decade_a_birth_or_a_vehicle_are_no_candidates(
        text: str, years: list[int]) -> None:
    rules = rule_pass(check_text(text))
    assert rules is not None
    assert [c.year for c in learned.year_candidates(rules)] == years


@pytest.mark.parametrize("law", ["Act B.E. 2551 (2008)", "Act B.E 2551 (2008)",
                                 "Act, BE 2551 (2008)"])
def test_a_thai_laws_year_is_no_candidate(law: str) -> None:
    text = (f"On 31 August 2016 a court in Pak Phanang, Thailand, found a boat captain guilty "
            f"under the Anti-Trafficking in Persons {law} of holding twelve Myanmar fishermen "
            f"in forced labour.")
    rules = rule_pass(check_text(text))
    assert rules is not None
    assert [c.year for c in learned.year_candidates(rules)] == [2016]


# -- countries and acts ----------------------------------------------------------------------


def _candidates(text: str) -> list[learned.Candidate]:
    rules = rule_pass(check_text(text))
    assert rules is not None, "triage ruled the test text out"
    return learned.candidates(rules, [])


def _incident_with(countries: list[str], acts: list[str]) -> Incident:
    return Incident(Found("organ"), Found("arrest"),
                    countries=[Found(c) for c in countries],
                    route=[Found({"country": c, "role": "origin"}) for c in countries],
                    activities=[Found(a) for a in acts])


def _country_features(text: str) -> dict[str, dict[str, float]]:
    rules = rule_pass(check_text(text))
    assert rules is not None
    cands = field_filters.country_candidates(rules.marks, rules.incidents)
    return {c.country: field_filters.country_features(text, c, rules.incidents, len(cands))
            for c in cands}


def test_country_features_tell_the_state_that_polices_and_a_name_from_a_place() -> None:
    navy = _country_features("The U.S. Navy said it seized 2,100 assault rifles smuggled from "
                             "Iran to Yemen on a fishing boat in 2023.")
    assert navy["US"].get("only_agent") == 1.0 and navy["US"]["agent_share"] == 1.0
    assert "only_agent" not in navy["IR"] and navy["IR"]["agent_share"] == 0.0
    tried = _country_features("An arms trafficker smuggled 40 rifles from Bulgaria to rebels "
                              "in Colombia in 2007, US Attorney Ann Cole said; a U.S. federal "
                              "jury convicted him of weapons trafficking.")
    assert tried["US"].get("only_agent") == 1.0
    assert "only_agent" not in tried["BG"] and "only_agent" not in tried["CO"]
    named = _country_features("Brokers from Nepal sold kidneys in India in 2019. Chad "
                              "Johnson, a lawyer for the victims, said: the brokers must be "
                              "tried.")
    # "Chad" reads as a country only inside the person's name; "Nepal" is a place even
    # where the entity model calls it a person. (A town inside a name, "Corinna Ferguson",
    # is no place mention at all: `features._not_in_names`.)
    assert named["TD"].get("only_in_person_name") == 1.0
    assert "only_in_person_name" not in named["NP"] and "only_in_person_name" not in named["IN"]


def test_a_rejected_country_leaves_the_incident_and_its_route() -> None:
    text = "Brokers from Nepal sold kidneys in India, a minister said at a summit in Geneva."
    rules = rule_pass(check_text(text))
    assert rules is not None
    inc = _incident_with(["NP", "IN", "CH"], ["sale"])
    field_filters.filter_countries(text, rules.marks, [inc],
                                   lambda f: 0.1 if any("summit" in k for k in f) else 0.9, 0.5)
    assert [c.value for c in inc.countries] == ["NP", "IN"]
    assert [leg.value["country"] for leg in inc.route] == ["NP", "IN"]
    assert all(c.confidence == 0.9 for c in inc.countries)
    everything = _incident_with(["NP", "IN"], ["sale"])
    field_filters.filter_countries(text, rules.marks, [everything], lambda f: 0.0, 0.5)
    assert len(everything.countries) == 2  # never every country of a case


def test_a_country_the_rules_missed_joins_when_the_model_rates_it_high() -> None:
    text = ("Police arrested the smuggler in Lahore. He had sent five Pakistani men by boat "
            "towards Greece, where they drowned.")
    rules = rule_pass(check_text(text))
    assert rules is not None
    inc = _incident_with(["PK"], ["transport"])
    # Greece: a mention the rules' grouping left out; the model reads it as the case's.
    field_filters.filter_countries(text, rules.marks, [inc],
                                   lambda f: 0.8 if f.get("unlisted") else 0.9, 0.5, 0.6)
    assert [c.value for c in inc.countries] == ["PK", "GR"]
    added = inc.countries[1]
    assert added.start is not None and text[added.start:added.end] == "Greece"
    assert added.confidence == 0.8
    below = _incident_with(["PK"], ["transport"])
    field_filters.filter_countries(text, rules.marks, [below],
                                   lambda f: 0.55 if f.get("unlisted") else 0.9, 0.5, 0.6)
    assert [c.value for c in below.countries] == ["PK"]  # a higher bar to join than to stay


def test_a_text_whose_only_trafficking_is_of_drugs_yields_no_case() -> None:
    text = ("Thirty members of a drug trafficking organization that moved heroin and "
            "methamphetamine from Mexico to Atlanta were sentenced to prison on Monday, "
            "federal prosecutors said.")
    models = _models(document=_constant("case", ["case", "negative", "policy"]),
                     trade=_constant("human", ["human", "organ", "weapons"]))
    rules = rule_pass(check_text(text))
    assert rules is not None and rules.incidents == []
    assert {c.label for m in rules.marks for c in m.trades} == {"drugs"}
    relevant, incidents, kind = learned.refine(rules, models, lambda trade: None)
    assert (relevant, incidents, kind) == (False, [], "negative")
    assert _extract(text, models) == []


def test_an_act_joins_only_with_a_cue_and_never_an_enforcement_act() -> None:
    text = ("Brokers recruited villagers in Nepal and sold their kidneys. Police later arrested "
            "one of them.")
    rules = rule_pass(check_text(text))
    assert rules is not None
    inc = _incident_with(["NP"], ["sale"])
    field_filters.filter_activities(text, rules.marks, [inc], lambda f: 0.9, 0.5)
    acts = {a.value for a in inc.activities}
    assert "recruitment" in acts  # the text has a cue for it
    assert "arrest" not in acts  # enforcement follows the evidence level, not this model
    assert "kidnapping" not in acts  # no cue, never added
    field_filters.filter_activities(text, rules.marks, [inc], lambda f: 0.1, 0.5)
    assert inc.activities  # an incident keeps at least one act


def test_transport_is_implied_by_a_case_that_spans_countries_and_cites_its_country() -> None:
    # No word of the text moves anyone: the case spans two countries, so someone was moved.
    text = ("A broker in Kathmandu promised the farmer work. Weeks later he woke in a clinic "
            "in Chennai without a kidney.")
    rules = rule_pass(check_text(text))
    assert rules is not None
    assert not any(c.label == "transport" for m in rules.marks for c in m.activities)
    chennai = text.index("Chennai")
    inc = _incident_with(["NP"], ["removal"])
    inc.countries.append(Found("IN", chennai, chennai + 7, (49, len(text))))
    seen: list[dict[str, float]] = []

    def proba(f: dict[str, float]) -> float:
        seen.append(f)
        return 0.9

    field_filters.filter_activities(text, rules.marks, [inc], proba, 0.5)
    transport = next(a for a in inc.activities if a.value == "transport")
    assert (transport.start, transport.end) == (chennai, chennai + 7)  # the fact it rests on
    assert any(f.get("transport|implied") == 1.0 for f in seen)
    # A case told in one country implies no move: transport is not even weighed.
    one = _incident_with(["NP"], ["removal"])
    field_filters.filter_activities(text, rules.marks, [one], lambda f: 0.9, 0.5)
    assert "transport" not in {a.value for a in one.activities}


# -- confidence ------------------------------------------------------------------------------


def test_confidences_are_the_models_probabilities() -> None:
    rules = rule_pass(check_text(SPLIT_STORY))
    assert rules is not None
    models = learned.shipped()
    ext = finish("t", copy.deepcopy(rules), models=models)
    people = [a for inc in ext.incidents for a in inc.actors
              if not a.pseudonymised and a.mention is not None]
    assert people
    values = {a.mention.confidence for a in people if a.mention is not None}
    assert all(0.0 <= v <= 1.0 for v in values)
    assert values - {0.5, 0.7, 0.8}, "role confidences are still rule constants"
    top = max(ext.incidents, key=lambda i: learned.LADDER.index(i.evidence.value)
              if i.evidence.value in learned.LADDER else -1)
    p = models.evidence.proba(learned.evidence_features(rules))
    assert top.evidence.confidence == pytest.approx(p[top.evidence.value], abs=1e-3)


# -- the model file and victims ----------------------------------------------------------------


def test_training_forgets_every_word_of_a_victims_name() -> None:
    from ratline.learn.train import forget_victims

    models = {"actor_role": {"classes": ["a", "b"], "bias": [0.0],
                             "weights": {"nw:njeri": [1.0], "lw:arrested": [1.0],
                                         "cw:grace": [0.5], "type:person": [0.2]}}}
    forget_victims(models, {"grace", "njeri"})
    assert set(models["actor_role"]["weights"]) == {"lw:arrested", "type:person"}


@pytest.mark.skipif(not (SHARED / "news" / "train.jsonl").is_file(),
                    reason="the news training set is not beside the project")
def test_the_shipped_model_names_no_victim_of_the_training_texts() -> None:
    import re

    words: set[str] = set()
    for line in (SHARED / "news" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        for inc in json.loads(line).get("incidents") or []:
            for a in inc.get("actors") or []:
                if a.get("type") == "person" and a.get("role") in ("seller_donor", "other"):
                    words |= set(re.findall(r"[a-z][a-z'-]{2,}", a["name"].lower()))
    spec = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    leaked = {name for m in spec["models"].values() for name in m["weights"]
              if set(re.findall(r"[a-z][a-z'-]{2,}", name.lower())) & words}
    assert not leaked, sorted(leaked)[:10]


# -- what an amount was ------------------------------------------------------------------------

PRICES = (
    "DHAKA, 2 May 2023 — Police in Bangladesh arrested a kidney broker, Rafiq Hossain, who "
    "promised villagers from Joypurhat 400,000 taka for a kidney. The family of one patient "
    "said they paid the broker 2.5 million taka for the transplant in Kolkata, India."
)


def test_the_money_model_says_what_each_amount_was() -> None:
    (inc,) = _extract(PRICES, learned.shipped())
    what = {(m["amount"], m["currency"]): m["what"] for m in inc["money"]}
    assert what.get((400000, "BDT")) == "payment_to_seller"
    assert what.get((2500000, "BDT")) == "price_to_recipient"


def test_the_money_model_decides_over_the_rules_reading() -> None:
    everything_other = _constant("other", ["other", "payment_to_seller", "price_to_recipient"])
    (inc,) = _extract(PRICES, _models(money=everything_other))
    assert inc["money"] and {m["what"] for m in inc["money"]} == {"other"}
    rules_only = _models()
    rules_only.off = frozenset({"money"})
    rule_what = {m["what"] for i in _extract(PRICES, rules_only) for m in i["money"]}
    assert rule_what  # the rules read something; the model replaced it above


# -- names and amounts as real reports give them ---------------------------------------------


def test_an_acronym_the_text_defines_takes_its_long_form() -> None:
    from ratline.extract.acronyms import definitions

    text = ("Officers of the Federal Investigation Agency (FIA) arrested the broker. Agents of the "
            "Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF) traced the rifles. HSI "
            "(Homeland Security Investigations) joined. He said (in 2021) nothing. Police in "
            "Delhi (PID) is no definition. The National Agency for the Prohibition of "
            "Trafficking in Persons (NAPTIP) rescued them. The Office of Investigations (OI) "
            "closed it. Rifles went to the Revolutionary Armed Forces of Colombia (FARC), in "
            "its own language's order. The Fiscalía General de la República (FGR) opened a "
            "case. Rockets were offered to the National Liberation Army, or NLA, in 2008. The "
            "Southern Border Unit (SUN) is no definition: its letters are not the name's.")
    assert definitions(text) == {
        "FARC": "Revolutionary Armed Forces of Colombia",
        "FGR": "Fiscalía General de la República",
        "NLA": "National Liberation Army",
        "FIA": "Federal Investigation Agency",
        "ATF": "Bureau of Alcohol, Tobacco, Firearms and Explosives",
        "HSI": "Homeland Security Investigations",
        "NAPTIP": "National Agency for the Prohibition of Trafficking in Persons",
        "OI": "Office of Investigations",
    }


def test_a_group_named_in_full_and_by_its_acronym_is_one_actor() -> None:
    text = ("In 2007 the arms dealer Karim Haddad agreed to sell rifles to the Revolutionary "
            "Armed Forces of Colombia, or FARC, according to the indictment. Agents posing as "
            "FARC buyers recorded the talks, and police in Madrid arrested Haddad in June 2007.")
    names = [a["name"] for inc in _extract(text, learned.shipped()) for a in inc["actors"]]
    assert "FARC" not in names
    assert names.count("Revolutionary Armed Forces of Colombia") <= 1


def test_a_state_named_by_its_abbreviation_goes_by_its_name() -> None:
    from ratline.extract.state_names import spell_out

    inc = Incident(Found("weapons", 0, 5), Found("allegation", 6, 9),
                   actors=[Actor("UAE", "organization", "broker"),
                           Actor("United Arab Emirates", "state", "broker"),
                           Actor("U.S", "state", "other"),
                           Actor("People's Republic of China", "state", "other"),
                           Actor("NABU", "organization", "investigator"),
                           Actor("Kora Liberation Front", "armed_group", "buyer")])
    spell_out([inc])
    assert [(a.name, a.type) for a in inc.actors] == [
        ("United Arab Emirates", "state"), ("United States", "state"),
        ("People's Republic of China", "state"), ("NABU", "organization"),
        ("Kora Liberation Front", "armed_group")]


def test_a_converted_amount_is_listed_in_both_currencies() -> None:
    text = ("In 2021 police in Kathmandu, Nepal, arrested a kidney broker, Ram Thapa, who paid "
            "each seller Rs 3 lakh (about $2,500) for a kidney.")
    (inc,) = _extract(text, learned.shipped())
    amounts = {(m["amount"], m["currency"]) for m in inc["money"]}
    assert {(300000, "NPR"), (2500, "USD")} <= amounts


# -- route roles -------------------------------------------------------------------------------

ROUTE = ("In 2022 brokers recruited poor villagers from Nepal and took them to Chennai, India, "
         "where their kidneys were removed and sold to patients. Two brokers, Hari Basnet and "
         "Dil Tamang, were arrested.")


def test_the_route_model_places_each_country() -> None:
    (inc,) = _extract(ROUTE, learned.shipped())
    legs = {(leg["country"], leg["role"]) for leg in inc["route"]}
    assert {("NP", "origin"), ("IN", "destination")} <= legs


def test_the_route_model_decides_over_the_rules_route() -> None:
    nowhere = _constant("none", ["destination", "none", "origin", "transit"])
    (inc,) = _extract(ROUTE, _models(route=nowhere))
    assert inc["route"] == []
    assert {"NP", "IN"} <= set(inc["countries"])  # countries stay; only the route is decided


def test_a_hedge_word_is_no_actor() -> None:
    from ratline.model import RawItem
    from ratline.readers import read

    # The op-ed example opens a sentence with "Rumour has it that ...".
    path = Path(__file__).resolve().parents[2] / "examples/reports/05-op-ed-cairo-rumours.html"
    text = read(RawItem(origin=str(path), data=path.read_bytes(), filename=path.name)).text
    names = {a["name"] for inc in _extract(text, learned.shipped()) for a in inc["actors"]}
    assert "Hagg Mansour" in names and "Rumour" not in names


def test_candidates_take_agency_names_whole_without_article() -> None:
    text = (
        "Pierre Lamarque was arrested in Miami in 2021 for smuggling rifles to Haiti. The "
        "case was built by the Bureau of Alcohol, Tobacco, Firearms and Explosives, and "
        "Harbour City police seized the guns. Dayton Mayor Nan Whaley praised the officers."
    )
    names = {c.name for c in _candidates(text)}
    assert "Bureau of Alcohol, Tobacco, Firearms and Explosives" in names
    assert "Harbour City police" in names
    assert "Nan Whaley" in names
    assert not any(n.lower().startswith("the ") or "Mayor" in n for n in names)


def test_a_shorter_form_of_a_kept_name_is_the_same_actor() -> None:
    long_ = Actor("Tomas Rielle Jr", "person", "buyer")
    short = Actor("Tomas Rielle", "person", "other")
    other = Actor("Rielle Holdings", "organization", "broker")
    victim = Actor("Rielle", "person", "seller_donor")
    victim.pseudonymised = True
    kept = learned._one_per_name([short, long_, other, victim])
    assert kept == [long_, other, victim]


def test_a_persons_short_form_joins_the_full_name_among_candidates() -> None:
    text = (
        "A federal jury in Boston convicted two men on Friday of selling rifles to a militia. "
        "Dariusz Felk-Omanov, 58, was described by prosecutors as a prolific arms dealer. "
        "He stood trial with Tomasz Radek Wilcz, 61. Prosecutors said Felk-Omanov was "
        "motivated by greed and that Radek carried the money. Agents searched Omanov's "
        "office in Gdansk. The freight firm was run by Marek Brodzik. His brother, Pawel "
        "Brodzik, told reporters he knew nothing. Brodzik declined to comment."
    )
    found = {c.name: c for c in _candidates(text)}
    full = next(c for n, c in found.items() if "Dariusz" in n)
    # Every later mention of the surname reads as the full name's, none as an actor of its own.
    assert len(full.mentions) >= 3
    assert not any(n in found for n in ("Felk-Omanov", "Omanov", "Radek"))
    tomasz = next(c for n, c in found.items() if "Tomasz" in n)
    assert len(tomasz.mentions) >= 2
    assert tomasz.label == "PERSON"  # whatever the entity model made of the full name
    # A surname two full names share stays apart: whose it is cannot be told.
    assert "Brodzik" in found


def test_a_defined_acronym_joins_the_full_name_among_candidates() -> None:
    text = (
        "The Lakeshore Border Services Agency (LBSA) seized 14 handguns smuggled in a truck "
        "from Ohio in 2019. LBSA officers charged the driver with firearms trafficking. LBSA "
        "said the guns were bought at gun shows."
    )
    found = {c.name: c for c in _candidates(text)}
    full = found["Lakeshore Border Services Agency"]
    # The acronym's sentences are read as the agency's, and the acronym is no second actor.
    assert "LBSA" not in found
    assert len(full.mentions) >= 3
    assert len({m.sentence.start for m in full.marks}) == 2


def test_a_nations_adjective_is_its_state_among_candidates() -> None:
    text = (
        "The rebels smuggled rifles across the border in 2012. The Rwandan defence minister "
        "commanded them, and Rwanda supplied the rifles, a panel of experts said."
    )
    names = [c.name for c in _candidates(text)]
    assert "Rwandan" not in names
    assert names.count("Rwanda") <= 1


# -- what a model's guess may not say of a body ------------------------------------------------


def _roles(models: learned.Models, text: str) -> dict[str, tuple[str, str]]:
    return {a["name"]: (a["type"], a["role"]) for inc in _extract(text, models)
            for a in inc["actors"]}


def test_a_guess_never_accuses_a_body_nor_puts_an_armed_group_on_the_laws_side() -> None:
    spec = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))["models"]
    roles = spec["actor_role"]["classes"]
    always = {"actor_keep": _constant("actor", spec["actor_keep"]["classes"]),
              "candidate_keep": _constant("actor", spec["candidate_keep"]["classes"])}
    brokers = _models(**always, actor_role=_constant("broker", roles),
                      candidate_role=_constant("broker", spec["candidate_role"]["classes"]))
    text = ("Officers of the Rapid Action Battalion arrested five members of a kidney "
            "trafficking ring in Dhaka in 2019, among them the broker Abdul Karim. Amnesty "
            "International said the ring had lured poor villagers to a clinic in Kolkata.")
    got = _roles(brokers, text)
    assert got["Abdul Karim"][1] == "broker"  # the constant model does answer
    # The rules read the battalion as no trader; Amnesty's name says it documents.
    assert got["Rapid Action Battalion"][1] != "broker", got
    assert got["Amnesty International"][1] != "broker", got
    police = _models(**always, actor_role=_constant("investigator", roles),
                     candidate_role=_constant("investigator", spec["candidate_role"]["classes"]))
    text = ("In 2020 the Kora Liberation Front bought rifles and grenades from an arms dealer, "
            "Tom Vale, who smuggled them across the border from Sudan in trucks.")
    got = _roles(police, text)
    assert got["Kora Liberation Front"] == ("armed_group", "buyer"), got


def test_a_law_officer_or_a_victim_of_violence_is_no_trader_whatever_the_rules_read() -> None:
    from ratline.extract.learned import _no_trader_by_rank

    p = {"broker": 0.5, "buyer": 0.2, "official": 0.2, "investigator": 0.06, "other": 0.04}
    assert _no_trader_by_rank("broker", {"officer": 1.0, "near:broker": 1.0}, p) == "official"
    assert _no_trader_by_rank("seller_donor", {"harmed": 1.0}, p) == "official"
    assert _no_trader_by_rank("broker", {"near:broker": 1.0}, p) == "broker"
    assert _no_trader_by_rank("investigator", {"officer": 1.0}, p) == "investigator"
