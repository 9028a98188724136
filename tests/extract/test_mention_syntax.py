"""What the parse says a named actor did, over all of its mentions (`mention_syntax`)."""

from __future__ import annotations

from ratline.extract.extractor import check_text, rule_pass
from ratline.extract.mention_syntax import stem, syntax_features

TEXT = (
    "Police in Phoenix arrested Jaime Avila Jr. in March 2011 after a tip from a dealer. "
    "Avila bought 52 rifles from licensed dealers for a cartel in Sinaloa. "
    "The smuggler Avila was charged with trafficking firearms."
)


def _features(text: str, name: str, label: str) -> dict[str, float]:
    rules = rule_pass(check_text(text))
    assert rules is not None
    return syntax_features(rules.text, rules.marks, name, label)


def test_every_mention_tells_what_the_actor_did() -> None:
    f = _features(TEXT, "Jaime Avila Jr.", "PERSON")
    assert f.get("obj:arrest") == 1.0          # police arrested him
    assert f.get("subj:bought") == 1.0         # a later sentence, by surname alone
    assert f.get("pass:charg") == 1.0          # he was charged
    assert f.get("mod:smuggler") == 1.0        # the noun set beside his name


def test_a_generation_suffix_is_no_surname() -> None:
    # Without the suffix rule "Jr." would be searched for instead of "Avila".
    f = _features(TEXT, "Jaime Avila Jr.", "PERSON")
    assert sum(v for k, v in f.items() if k.startswith("dep:")) >= 3


def test_a_name_the_text_never_prints_has_no_features() -> None:
    assert _features(TEXT, "Maria Lopez", "PERSON") == {}


def test_counts_are_capped() -> None:
    text = " ".join(["Kone smuggled rifles into Mali."] * 6)
    assert _features(text, "Kone", "PERSON").get("subj:smuggl") == 3.0


def test_stem_lets_inflections_meet() -> None:
    assert stem("smuggled") == stem("smuggling") == stem("smuggles") == "smuggl"
    assert stem("paid") == "paid"  # short words stay whole
