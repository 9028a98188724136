"""What governs a name in the parse tells the actor models what the named party did or
underwent, whatever words stand around it. Every text is written here; all names are
fictional."""

from __future__ import annotations

import pytest

from ratline.extract import learned
from ratline.extract.extractor import check_text, rule_pass
from ratline.extract.governors import governor
from ratline.extract.sentences import analyse


def _governor(text: str, name: str) -> tuple[str, str] | None:
    for sent in analyse(text):
        at = sent.text.find(name)
        if at >= 0:
            found = governor(sent, sent.start + at, sent.start + at + len(name))
            return None if found is None else (found[0], found[1].text)
    raise AssertionError(f"{name!r} not in {text!r}")


@pytest.mark.parametrize(("text", "name", "expected"), [
    # The one who arrested, the one arrested, and the one who arrested by "by".
    ("The Halvoran police arrested three men at the border.", "Halvoran police",
     ("nsubj", "arrested")),
    ("Tomas Brel was arrested at the border.", "Tomas Brel", ("nsubjpass", "arrested")),
    ("The broker was arrested by the Coastal Crimes Unit on Friday.", "Coastal Crimes Unit",
     ("by", "arrested")),
    # A second party joined by "and" did what the first did.
    ("Interpol and the Halvoran police arrested three men.", "Halvoran police",
     ("nsubj", "arrested")),
    # A year inside a date dates what the date's preposition hangs on.
    ("He was arrested at Halvor airport in June 2007.", "2007", ("in", "arrested")),
    ("He has lived in Marbella since 1980.", "1980", ("since", "lived")),
])
def test_the_word_that_governs_a_name(text: str, name: str,
                                      expected: tuple[str, str]) -> None:
    assert _governor(text, name) == expected


def test_a_span_outside_every_token_has_no_governor() -> None:
    sent = analyse("The broker was arrested.")[0]
    assert governor(sent, sent.end + 5, sent.end + 9) is None


def _candidate_features(text: str, name: str) -> dict[str, float]:
    rules = rule_pass(check_text(text))
    for cand in learned.candidates(rules, rules.incidents):
        if cand.name == name:
            return learned.candidate_features(rules, cand)
    raise AssertionError(f"{name!r} is no candidate of {text!r}")


def test_the_candidate_models_read_whom_the_arrest_was_by_and_whom_it_was_of() -> None:
    text = ("Tomas Brel, who ran the flat where the women stayed, was arrested by the "
            "Halvoran Border Agency on Friday. Officials said the women were trafficked "
            "from Moldova.")
    agency = _candidate_features(text, "Halvoran Border Agency")
    assert agency.get("gov_cue:by:arrest") == 1.0
    assert agency.get("rel:by") == 1.0
    # A body the arrest was by is read apart from a person it was by (an officer).
    assert agency.get("gov_cue:by:arrest|ORG") == 1.0
    assert not any(k.startswith("gov_cue:nsubjpass") for k in agency)


def test_the_rule_actor_models_read_that_the_named_broker_was_the_one_arrested() -> None:
    text = ("The broker Tomas Brel was arrested by police in Halvor on 3 May 2024 for organ "
            "trafficking. He recruited poor villagers to sell their kidneys to foreign "
            "patients at a private clinic.")
    rules = rule_pass(check_text(text))
    [(inc, actor)] = [(inc, a) for inc in rules.incidents for a in inc.actors
                      if a.name == "Tomas Brel"]
    f = learned.actor_features(rules, inc, actor)
    assert f.get("gov_cue:nsubjpass:arrest") == 1.0
    assert "gov_cue:by:arrest" not in f


def test_the_year_model_reads_which_act_a_year_dates() -> None:
    text = ("The broker Tomas Brel, who has lived in Halvor since 1998, was arrested in "
            "June 2021 for organ trafficking. He recruited poor villagers to sell their "
            "kidneys to foreign patients.")
    rules = rule_pass(check_text(text))
    rule_year = None
    feats = {c.year: learned.year_features(rules, c, rule_year)
             for c in learned.year_candidates(rules)}
    assert feats[2021].get("gov_cue:in:arrest") == 1.0
    assert feats[1998].get("rel:since") == 1.0
    assert not any(k.startswith("gov_cue:") for k in feats[1998])


def _pronoun_reads(text: str, name: str) -> set[str]:
    from ratline.extract.features import mark
    from ratline.extract.governors import read_pronouns

    f: dict[str, float] = {}
    read_pronouns(f, text, mark(text, analyse(text)), name)
    return set(f)


def test_he_after_the_name_tells_what_the_person_did() -> None:
    text = ("Police in Halvor arrested Omar Tesk on Monday. He had recruited poor farmers to "
            "sell their kidneys at a private clinic.")
    assert "pro_gov_cue:nsubj:recruitment" in _pronoun_reads(text, "Omar Tesk")


def test_he_in_the_name_s_own_sentence_after_it() -> None:
    text = ("Bilal Vrana, a driver, told reporters that he drove the kidney donors to the "
            "clinic in Halvor.")
    assert "pro_gov_cue:nsubj:transporter" in _pronoun_reads(text, "Bilal Vrana")


def test_he_after_another_person_is_named_is_not_the_first_one() -> None:
    text = ("Police in Halvor arrested Omar Tesk on Monday. Officers also questioned Bilal "
            "Vrana. He had recruited poor farmers to sell their kidneys.")
    assert not any(k.startswith("pro_") for k in _pronoun_reads(text, "Omar Tesk"))
    assert "pro_gov_cue:nsubj:recruitment" in _pronoun_reads(text, "Bilal Vrana")


def test_the_rules_actor_and_the_candidate_read_the_pronoun() -> None:
    text = ("Police in Halvor arrested Omar Tesk on Monday in a kidney trafficking case. He "
            "had recruited poor farmers to sell their kidneys at a private clinic.")
    rules = rule_pass(check_text(text))
    assert rules is not None
    feats = [learned.actor_features(rules, inc, a) for inc in rules.incidents
             for a in inc.actors if a.name == "Omar Tesk"]
    feats += [learned.candidate_features(rules, c) for c in learned.candidates(rules, [])
              if c.name == "Omar Tesk"]
    assert feats and all("pro_gov_cue:nsubj:recruitment" in f for f in feats)
