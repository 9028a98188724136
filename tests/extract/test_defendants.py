"""A person the parse makes the one arrested, charged or sentenced is a defendant of the
case: such a person the rules left out joins it, never as its investigator, and a victim
never joins by that road. Every text is written here; all names are fictional."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from ratline.extract import actors as actors_module
from ratline.extract import defendants, extract_text
from ratline.extract.extractor import check_text, rule_pass
from ratline.extract.learned import (
    DEFENDANT_PRECISION,
    LinearModel,
    RulePass,
    _add_candidates,
    refine,
    shipped,
)
from ratline.extract.sentences import Entity, analyse
from support.models import roles_all

BOUND = [
    ("Mark Halloway, 47, was jailed for nine years at Dover Crown Court.", "Mark Halloway"),
    ("Police arrested Irena Vasko and Tomas Brel at the border crossing.", "Tomas Brel"),
    ("Irena Vasko, Tomas Brel and Lukas Marr were convicted of trafficking kidneys.",
     "Tomas Brel"),
    ("Tomas Brel pleaded guilty to two counts of conspiracy.", "Tomas Brel"),
    # A plea of guilty told as an admission of the crime.
    ("The lorry driver, Tomas Brel, has admitted manslaughter.", "Tomas Brel"),
    # The name hung on the place that ends the noun's phrase.
    ("An off-duty police officer in Manila, Sergeant Tomas Brel, was charged on Friday.",
     "Sergeant Tomas Brel"),
    # A counted prison term received.
    ("His assistant, Tomas Brel, received five years.", "Tomas Brel"),
    ("Prosecutors filed charges against John Harlow on Monday.", "John Harlow"),
    ("John Harlow faces charges of organ trafficking.", "John Harlow"),
    ("Petra Linz was found guilty of servitude.", "Petra Linz"),
    # Who the police or the courts named, by what they are to the case.
    ("The suspects were identified as Tomas Brel and Lukas Marr.", "Lukas Marr"),
    ("Prosecutors named the men charged as Mark Halloway, 47, and John Harlow, 35.",
     "John Harlow"),
    ("Police identified the arrested men as Tomas Brel and Lukas Marr.", "Tomas Brel"),
    ("The detainees were identified as Douglas, 39; Carlos, 36; Luis, 26; and Yordin, 30.",
     "Luis"),
    ("The suspects were Tomas Brel and Lukas Marr.", "Lukas Marr"),
    # A sentence received, a verdict of guilty.
    ("Lukas Marr received a two and a half year sentence.", "Lukas Marr"),
    ("Tomas Brel and Lukas Marr are guilty of exploiting vulnerable workers.", "Tomas Brel"),
    # One of a list of people with ages and home towns, where the parse hangs the next
    # name on the town before it: the act bound to the list is bound to each.
    ("Karel Dvorak, 41, of Brno and Milan Hrubes, 38, of Ostrava are accused of smuggling "
     "migrants.", "Milan Hrubes"),
    ("The defendants are Tran Van Loc, 39, living in Can Tho City and Pham Thi Mai, 49, "
     "residing in Long Xuyen City.", "Pham Thi Mai"),
    # The rest of the accused, listed after the noun that says what they are.
    ("Other defendants include Kevin Dale Moss, 41; Laura Moss, 40; and Jeremy Dix, 45.",
     "Laura Moss"),
    # Named after "among those arrested", wherever the parse hangs the name.
    ("Among those arrested on Saturday was the owner of the Sunrise Clinic, 54-year-old Dr "
     "Marko Vidal, and his deputy, 58-year-old Ivan Petrak.", "Ivan Petrak"),
    ("Among those arrested on Saturday was the owner of the Sunrise Clinic, 54-year-old Dr "
     "Marko Vidal, and his deputy, 58-year-old Ivan Petrak.", "Marko Vidal"),
    # Tried and acquitted: a defendant all the same.
    ("His girlfriend, Klara Dusek, 31, was cleared of all charges.", "Klara Dusek"),
    ("Tomas Brel was acquitted by the jury in Leeds.", "Tomas Brel"),
    # A defendant's plea at trial, told as a denial of the charge.
    ("Tomas Brel, 29, and Irena Vasko, 33, deny conspiracy to commit trafficking offences.",
     "Tomas Brel"),
    ("Tomas Brel denies all charges.", "Tomas Brel"),
]
NOT_BOUND = [
    # A seller's regret is no confession to a court.
    ("Amina Kole confessed that she regretted selling her kidney.", "Amina Kole"),
    ("Amina Kole admitted that she had paid a broker to take her to Oman.", "Amina Kole"),
    # Held or detained by the gang: the active voice is the traffickers'.
    ("The gang held Maria Santos captive for three months.", "Maria Santos"),
    ("Police detained Maria Santos at the airport.", "Maria Santos"),
    ("Maria Santos was rescued by police in March.", "Maria Santos"),
    # Who speaks of an arrest is not the one arrested.
    ("Inspector Dana Ruel said the men were arrested on Friday.", "Dana Ruel"),
    ("Petra Linz was found in a flat in Leeds.", "Petra Linz"),
    # Named, but not as the accused.
    ("The victim was identified as Maria Santos, 24.", "Maria Santos"),
    ("The officer in charge was named as Dana Ruel.", "Dana Ruel"),
    ("The women rescued were identified as Maria Santos and Ana Pereira.", "Ana Pereira"),
    ("The victims are Maria Santos and Ana Pereira.", "Ana Pereira"),
    ("Maria Santos received a kidney from her brother.", "Maria Santos"),
    # Beside a defendant, but not in his list.
    ("Police arrested Karel Dvorak, 41, and rescued Jana Novak, 19.", "Jana Novak"),
    ("Karel Dvorak, 41, was jailed and his victim Jana Novak, 19, gave evidence.",
     "Jana Novak"),
    # Included, but not among the accused.
    ("The women rescued include Maria Santos, 24, and Ana Pereira, 19.", "Ana Pereira"),
    # Among the rescued, or named in what one of the arrested said.
    ("Among those rescued on Saturday was Jana Novak, 19.", "Jana Novak"),
    ("Among those arrested was Dr Marko Vidal, who told police that Ivan Petrak had hired "
     "him.", "Ivan Petrak"),
    # A denial of what is said, not of a charge.
    ("The minister, Dana Ruel, denied the allegations on Monday.", "Dana Ruel"),
    # Cleared for something else than a trial.
    ("Maria Santos was cleared to travel home in May.", "Maria Santos"),
]


def _bound(text: str, name: str) -> bool:
    for sent in analyse(text):
        for ent in sent.entities:
            if ent.label == "PERSON" and ent.text == name:
                return defendants.enforced(sent, ent)
    raise AssertionError(f"the parse found no person {name!r} in {text!r}")


@pytest.mark.parametrize(("text", "name"), BOUND)
def test_the_parse_binds_the_act_to_the_defendant(nlp: Any, text: str, name: str) -> None:
    assert _bound(text, name)


@pytest.mark.parametrize(("text", "name"), NOT_BOUND)
def test_no_act_of_the_police_or_courts_bound_to_the_name(nlp: Any, text: str,
                                                          name: str) -> None:
    assert not _bound(text, name)


def test_a_detention_alone_is_no_act_of_the_courts(nlp: Any) -> None:
    (sent,) = analyse("Maria Santos was detained at the airport in Leeds.")
    (ent,) = [e for e in sent.entities if e.label == "PERSON"]
    assert defendants.enforced(sent, ent)
    assert not defendants.enforced(sent, ent, courts_only=True)


SENTENCED = (
    "Three men were jailed at Exeter Crown Court on Friday for modern slavery offences.\n"
    "Gareth Loame received a three year sentence for controlling his vulnerable victims on "
    "the farm.\n"
    "One of the victims, Peter Hale, worked on the farm for no pay for nine years.\n"
)


def test_the_sentenced_man_is_no_victim_and_the_victim_stays_masked(nlp: Any) -> None:
    rules = rule_pass(check_text(SENTENCED))
    assert rules is not None
    people = {a.name: a for inc in rules.incidents for a in inc.actors}
    assert not people["Gareth Loame"].pseudonymised
    assert people["Gareth Loame"].role != "seller_donor"
    assert people["Peter Hale"].pseudonymised


def _without_actors(text: str) -> RulePass:
    """The rule pass of the text, as if the rules had read no actor: whoever the case
    names comes from the candidates."""
    rules = rule_pass(check_text(text))
    assert rules is not None and rules.incidents
    for inc in rules.incidents:
        inc.actors = []
    return rules


COURT = (
    "Four men were sentenced on Friday for smuggling migrants across the border in sealed "
    "trailers, prosecutors said.\n"
    "Darren Pike, Colin Marsh and Raymond Tuck pleaded guilty to conspiracy to transport "
    "undocumented migrants.\n"
    "One of the migrants, Peter Walsh, was rescued from a trailer near the checkpoint.\n"
)


def test_defendants_the_rules_missed_join_the_case_and_victims_do_not(nlp: Any) -> None:
    # As if the rules had read no actor at all, and with a keep model that keeps no
    # candidate: only the parse's binding can bring a name in.
    rules = _without_actors(COURT)
    refuse = LinearModel({"classes": ["actor", "not"], "bias": [50.0], "weights": {}})
    _add_candidates(rules, rules.incidents, refuse, shipped().candidate_role, 0.5)
    found = {a.name: a for inc in rules.incidents for a in inc.actors}
    assert {"Darren Pike", "Colin Marsh", "Raymond Tuck"} <= set(found), found
    for name in ("Darren Pike", "Colin Marsh", "Raymond Tuck"):
        assert found[name].role not in ("investigator", "official", "seller_donor")
        # P(actor) x P(role): no surer than the binding itself has been right.
        mention = found[name].mention
        assert mention is not None and 0 < mention.confidence <= DEFENDANT_PRECISION
    assert not any("Walsh" in name for name in found)


def _after_lede(text: str, name: str) -> bool:
    rules = rule_pass(check_text(text))
    assert rules is not None
    for m in rules.marks:
        for ent in m.sentence.entities:
            if ent.label == "PERSON" and ent.text == name:
                return defendants.named_after_lede(rules.text, m.sentence, ent)
    raise AssertionError(f"the parse found no person {name!r} in {text!r}")


@pytest.mark.parametrize(("text", "name", "bound"), [
    ("A Moravian man has pleaded guilty to smuggling 40 migrants across the border in a "
     "lorry. Karel Dvorsky, 38, was stopped near Linz in March.", "Karel Dvorsky", True),
    ("A lorry driver was jailed on Friday for smuggling migrants into Austria. Karel "
     "Dvorsky, a 38-year-old from Brno, was stopped near Linz.", "Karel Dvorsky", True),
    ("Police in Linz have extradited a Moravian national wanted for smuggling migrants into "
     "Austria. Karel Dvorsky, 45, was handed over at the border.", "Karel Dvorsky", True),
    # Two named with their ages after a lede of two; the second after the first.
    ("Two Moravian men who smuggled dozens of migrants across the river in small boats have "
     "been jailed in Linz. Karel Dvorsky, 29, and Jan Novak, 33, charged migrants 3,000 euros "
     "each.", "Jan Novak", True),
    ("Two Moravian men who smuggled dozens of migrants across the river in small boats have "
     "been jailed in Linz. Karel Dvorsky, 29, and Jan Novak, 33, charged migrants 3,000 euros "
     "each.", "Karel Dvorsky", True),
    # The opening sentence's person was the one harmed, or this one tells of harm.
    ("Police in Linz arrested a woman who had been trafficked from Brno. Ilona Sabo, 19, "
     "was taken to a shelter.", "Ilona Sabo", False),
    ("A woman who was trafficked by a man who was jailed last year has spoken out. Ilona "
     "Sabo, 19, was kept in a flat in Linz.", "Ilona Sabo", False),
    ("A man was arrested on Friday for trafficking women into Austria. Ilona Sabo, 19, "
     "said she was kept in a flat in Linz.", "Ilona Sabo", False),
    # Not at the sentence's start, or no age.
    ("A man has pleaded guilty to smuggling migrants. Police said Karel Dvorsky, 38, was "
     "stopped near Linz.", "Karel Dvorsky", False),
    ("A man has pleaded guilty to smuggling migrants. Karel Dvorsky was stopped near Linz.",
     "Karel Dvorsky", False),
])
def test_the_one_the_opening_sentence_had_convicted_named_next_with_an_age(
        nlp: Any, text: str, name: str, bound: bool) -> None:
    assert _after_lede(text, name) is bound


BRIDES = (
    "Police in An Giang province have filed charges against two women for human trafficking "
    "after they sold 21 Vietnamese women as brides to men in China. The women were recruited "
    "by the broker Tran Thi Lan with promises of jobs. The defendants are Tran Thi Lan, 39, "
    "and Vo Thi Mai, 49. Both were arrested in March 2023."
)


def test_a_defendant_the_rules_found_is_never_the_investigator(nlp: Any) -> None:
    """With a role model that calls everyone an investigator, a person the text names as a
    defendant takes the likeliest other role."""
    rules = rule_pass(check_text(BRIDES))
    assert rules is not None
    assert any(a.name == "Tran Thi Lan" for inc in rules.incidents for a in inc.actors)
    _, incidents, _ = refine(rules, roles_all("investigator"))
    (lan,) = [a for inc in incidents for a in inc.actors if a.name == "Tran Thi Lan"]
    assert lan.role not in ("investigator", "official")


SELLER = (
    "A kidney trafficking ring in Eldoret was exposed by the police in 2024.\n"
    "Kibet Arapmoi still lives with regret. A middleman drove him to a clinic where "
    "doctors removed his kidney, Kibet told reporters.\n"
)


def test_a_person_the_role_model_reads_in_part_as_the_seller_is_not_named(nlp: Any) -> None:
    rules = _without_actors(SELLER)
    keep = LinearModel({"classes": ["actor", "not"], "bias": [-50.0], "weights": {}})

    def roles(seller: float) -> LinearModel:
        # investigator first, the seller's role at `seller`, the rest spread thin
        bias = {"investigator": 2.0, "seller_donor": seller, "other": -5.0}
        classes = sorted(bias)
        return LinearModel({"classes": classes, "bias": [bias[c] for c in classes],
                            "weights": {}})

    # Seller's role close behind (p about 0.27): the person may be the victim.
    _add_candidates(rules, rules.incidents, keep, roles(1.0), 0.5)
    assert not any("Kibet" in a.name for inc in rules.incidents for a in inc.actors)
    # Seller's role far behind (p under 0.01): the model's role stands.
    _add_candidates(rules, rules.incidents, keep, roles(-3.0), 0.5)
    named = [a for inc in rules.incidents for a in inc.actors if "Kibet" in a.name]
    assert named and named[0].role == "investigator"


def test_the_rest_of_the_defendants_listed_after_include_are_charged(nlp: Any) -> None:
    from ratline.extract import extract_text

    out = extract_text(
        "A federal grand jury in Texas indicted 11 people in 2023 for smuggling migrants from "
        "Guatemala in tractor-trailers. Other defendants include Kevin Dale Moss, 41; Laura "
        "Moss, 40; Lloyd Baxter, 51; and Jeremy Dix, 45.", doc_id="t").to_json()
    listed = {a["name"]: a["status"] for inc in out["incidents"] for a in inc["actors"]}
    assert listed.get("Laura Moss") == "charged" and listed.get("Jeremy Dix") == "charged", listed


def test_a_co_defendant_cleared_of_all_charges_joins_the_case_as_acquitted(nlp: Any) -> None:
    from ratline.extract import extract_text

    text = ("A 44-year-old man was jailed for nine years on Tuesday for running a network that "
            "smuggled women into Britain from Albania and forced them into prostitution. Edvin "
            "Kola, of Luton, was convicted at Luton Crown Court last month. His girlfriend, "
            "Klara Dusek, 31, was cleared of all charges.")
    found = {a.name: a for inc in extract_text(text, doc_id="t").incidents for a in inc.actors}
    assert found["Edvin Kola"].status == "convicted"
    assert "Klara Dusek" in found, found
    assert found["Klara Dusek"].status == "acquitted"
    assert found["Klara Dusek"].role not in ("investigator", "official", "seller_donor")


def test_a_list_of_the_accused_runs_on_past_aliases_and_ages() -> None:
    from ratline.extract.sentences import Sentence

    text = "They are Kevin Moss aka Captain, 41; Laura Moss aka \"Barbie\", 40; and Lloyd Baxter, 51."
    names = ["Kevin Moss", "Laura Moss", "Lloyd Baxter"]
    ents = [Entity("PERSON", text.index(n), text.index(n) + len(n), n) for n in names]
    sent = Sentence(0, 0, 0, len(text), text, ents, [])
    assert [e.text for e in defendants.listed_with(sent, ents[2])] == names[:2]
    # A verb between two names ends the list.
    told = "They are Kevin Moss, 41, who paid Lloyd Baxter, 51."
    ents = [Entity("PERSON", told.index(n), told.index(n) + len(n), n)
            for n in ("Kevin Moss", "Lloyd Baxter")]
    assert defendants.listed_with(Sentence(0, 0, 0, len(told), told, ents, []), ents[1]) == []


@pytest.mark.parametrize(("text", "name", "person"), [
    ("A third smuggler, Noe Varga, was sentenced to ten years.", "Noe Varga", True),
    ("Mohammed Ibrahim, a/k/a Hakim, 27, was sentenced to five years.", "Hakim", False),
    ("Lieutenant General Soran was charged in March.", "Lieutenant General", False),
    ("VARGAS MONCADA was sentenced to ten years.", "VARGAS MONCADA", False),
    ("Police in Kathmandu charged the broker.", "Kathmandu", False),
    ("The Border Service was charged with negligence.", "Border Service", False),
])
def test_a_name_tagged_a_body_or_place_may_be_a_defendant_s(text: str, name: str,
                                                            person: bool) -> None:
    from types import SimpleNamespace

    from ratline.extract.learned import Candidate, _person_typed_otherwise

    start = text.index(name)
    cand = Candidate(name, "ORG", [(start, start + len(name), (0, len(text)))], [])
    assert _person_typed_otherwise(SimpleNamespace(text=text), cand) is person  # type: ignore[arg-type]


def test_a_defendant_the_entity_model_took_for_a_body_joins_as_a_person(nlp: Any) -> None:
    # "Noe Varga" is tagged an organisation; an alias after "a/k/a" names no one new.
    out = extract_text(
        "Five men were sentenced on Friday for their roles in a ring that moved migrants "
        "across the border near Varn in 2021. Diego Morales, 41, who led the ring, "
        "received 15 years. A third smuggler, Noe Varga, was sentenced to ten years for "
        "driving the vans.", doc_id="varga").to_json()
    (inc,) = out["incidents"]
    people = {a["name"]: (a["type"], a["status"]) for a in inc["actors"]}
    assert people.get("Noe Varga") == ("person", "convicted"), people
    assert "Varga" not in people


GUNSMITH = ("Police in Amsterdam charged a gunsmith, Joost de Wilde, 51, on Friday with "
            "building at least 60 untraceable assault rifles from parts bought online and "
            "selling them to a criminal gang in Rotterdam in 2023. His girlfriend, Ilse "
            "Brandt, who kept the money, was released without charge.")


def test_a_name_written_as_a_person_s_that_the_entity_model_took_for_a_body_is_a_person(
        nlp: Any) -> None:
    rules = rule_pass(check_text(GUNSMITH))
    assert rules is not None
    for m in rules.marks:  # as the entity model reads the name in some texts
        m.sentence.entities[:] = [replace(e, label="ORG") if e.text == "Joost de Wilde" else e
                                  for e in m.sentence.entities]
    found = {a.name: (a.type, a.status) for a in actors_module.actors(GUNSMITH, rules.marks,
                                                                       "weapons")}
    assert found.get("Joost de Wilde") == ("person", "charged"), found


def test_one_released_without_charge_beside_one_charged_leaves_the_case_charged(
        nlp: Any) -> None:
    (inc,) = extract_text(GUNSMITH, doc_id="gunsmith").to_json()["incidents"]
    assert inc["evidence"] == "charge"
    people = {a["name"]: a["status"] for a in inc["actors"]}
    assert people.get("Joost de Wilde") == "charged", people


def test_the_defendants_a_case_title_names_join_the_case(nlp: Any) -> None:
    text = ("R v. Daniel Okoro and Precious Okoro\n\n"
            "Sentencing remarks, 12 March 2021\n\n"
            "You have each been convicted after trial of conspiracy to arrange the travel of "
            "another person with a view to exploitation. Between 2016 and 2019 you brought "
            "three young women from Edo State, Nigeria, to your home in Croydon, where they "
            "worked without pay.")
    (inc,) = extract_text(text, doc_id="okoro").to_json()["incidents"]
    names = {a["name"] for a in inc["actors"] if a["type"] == "person"}
    assert {"Daniel Okoro", "Precious Okoro"} <= names, names


@pytest.mark.parametrize(("line", "name", "named"), [
    ("R v. Daniel Okoro and Precious Okoro", "Precious Okoro", True),
    ("United States v. Ramon Estrada", "Ramon Estrada", True),
    # A case named in running text, not its title.
    ("The indictment, titled USA v. Ramon Estrada, was unsealed.", "Ramon Estrada", False),
])
def test_a_case_title_names_its_defendants_on_a_line_of_its_own(
        line: str, name: str, named: bool) -> None:
    at = line.index(name)
    ent = Entity("PERSON", at, at + len(name), name)
    assert defendants.named_in_case_title(line, ent) is named
