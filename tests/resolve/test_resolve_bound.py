"""How a full actor run finds and weighs its candidate pairs cheaply without changing
what it decides: the bound that stops weighing a pair early never drops one that would
have scored UNSURE or more, and a large block is still read in the order of its words."""

from __future__ import annotations

from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from ratline.resolve.actor_levels import AGREEING, FIELDS
from ratline.resolve.actors import (
    FULL_BLOCK,
    WINDOW,
    Profile,
    WeightBound,
    _candidates,
    actor_model,
    blocking_keys,
    machine_score,
    profile,
    score_profiles,
)
from ratline.resolve.clusters import UNSURE
from ratline.resolve.linkage import FieldWeights, LinkageModel

# Invented names: spellings of one person, namesakes, bodies that differ by one word,
# alias groups and agencies, so that pairs land on every name level.
NAMES = [
    ("Manuel Plancarte Gaspar", "person"), ("M. Plancarte", "person"),
    ("Plancarte Gaspar, Manuel", "person"), ("Mario Plancarte", "person"), ("Plancarte", "person"),
    ("Dr. Mohammed Kalouri", "person"), ("Muhammad Kalouri", "person"), ("Mohamed Kallouri", "person"),
    ("Yusuf Abdelrahman Tevo", "person"), ("Youssef Abd al-Rahman Tevo", "person"),
    ("Sergei Tomarov", "person"), ("Sergey Tomarova", "person"), ("Oleksandr Vintu", "person"),
    ("Aleksandr Vintu", "person"), ("Wei He", "person"),
    ("Los Cuervos de Ramirel", "armed_group"), ("Cuervos de Ramirel", "armed_group"),
    ("Los Lobos de Ramirel", "armed_group"), ("Ramirel Renal Care", "facility"),
    ("Ramirel Kidney Centre", "facility"), ("Ramirel Traders", "organization"),
    ("ISIS", "armed_group"), ("Daesh", "organization"), ("Islamic State", "armed_group"),
    ("Hezbollah", "armed_group"), ("Europol", "organization"), ("National Crime Agency", "organization"),
    ("NCA", "organization"), ("Delhi Police", "organization"), ("Nepal Police", "organization"),
    ("Federal Investigation Agency", "organization"), ("National Investigation Agency", "organization"),
]
COUNTRIES = [frozenset(), frozenset({"MX"}), frozenset({"EG"}), frozenset({"MX", "US"})]
PROFILES = [profile(n, t, c) for (n, t), c in product(NAMES, COUNTRIES)]


def every_level() -> list[tuple[str, str, str | None, str | None]]:
    """Each way a pair outside one alias group can land: name, type, countries (None:
    a side has none) and, at an agreeing name, rarity."""
    return [(name, type_, countries, rarity)
            for name in FIELDS["name"] if name != "alias"
            for type_ in FIELDS["type"]
            for countries in (*FIELDS["countries"], None)
            for rarity in (FIELDS["rarity"] if name in AGREEING else (None,))]


def total(model: LinkageModel, name: str, type_: str, countries: str | None, rarity: str | None) -> float:
    found = [("name", name), ("type", type_), ("countries", countries), ("rarity", rarity)]
    return sum(model.weight_of(f, lvl) for f, lvl in found if lvl is not None)


def test_the_bound_is_never_below_what_a_pair_can_reach() -> None:
    model = actor_model()
    bound = WeightBound(model)
    reached = 0
    for name, type_, countries, rarity in every_level():
        reach = total(model, name, type_, countries, rarity)
        known = bound.known(type_, countries)
        # The same weights added in another order may differ in the last bit.
        assert reach <= known + bound.best_name + 1e-9
        assert reach <= known + bound.name[name] + 1e-9
        if model.probability(reach) >= UNSURE:
            reached += 1
            assert known + bound.name[name] >= bound.need
    assert reached


def test_the_shipped_weights_drop_a_pair_in_disjoint_countries_unread() -> None:
    bound = WeightBound(actor_model())
    # Two people, or two bodies, placed in disjoint countries: no name makes up for it.
    assert bound.known("same", "disjoint_local") + bound.best_name < bound.need
    assert bound.known("same", "disjoint") + bound.best_name < bound.need
    # Shared countries, or none known: the names decide.
    assert bound.known("same", "shared") + bound.best_name >= bound.need
    assert bound.known("same", None) + bound.best_name >= bound.need
    assert bound.known("same", None) + bound.name["none"] < bound.need


def agrees_with_scoring_every_pair(model: LinkageModel, profiles: list[Profile]) -> tuple[int, int]:
    """machine_score keeps exactly the pairs score_profiles puts at UNSURE or more, with
    the same score; returns how many pairs it kept and dropped."""
    bound = WeightBound(model)
    kept = dropped = 0
    for a, b in combinations(profiles, 2):
        s = score_profiles(a, b, cached=False, explain=False, model=model)
        got = machine_score(a, b, bound)
        if s.value >= UNSURE:
            assert got is not None, (a.name.raw, b.name.raw, s)
            assert (got.value, got.reasons, got.total) == (s.value, s.reasons, s.total)
            kept += 1
        else:
            assert got is None, (a.name.raw, b.name.raw, s)
            dropped += 1
    return kept, dropped


def test_a_full_run_keeps_exactly_the_pairs_scoring_unsure_or_more() -> None:
    kept, dropped = agrees_with_scoring_every_pair(actor_model(), PROFILES)
    assert kept > 100 and dropped > 1000


def test_one_alias_group_is_never_dropped_for_its_countries() -> None:
    bound = WeightBound(actor_model())
    isis, daesh = profile("ISIS", "armed_group", frozenset({"SY"})), profile("Daesh", "organization", frozenset({"IQ"}))
    got = machine_score(isis, daesh, bound)
    assert got is not None and got.verdict == "yes"
    assert machine_score(profile("Mario Plancarte", "person", frozenset({"MX"})),
                         profile("Mario Plancarte", "person", frozenset({"EG"})), bound) is None


def _model(weights: list[float], threshold: float) -> LinkageModel:
    levels = [(f, lvl) for f in FIELDS for lvl in FIELDS[f]]
    m: dict[str, dict[str, float]] = {f: {} for f in FIELDS}
    for (f, lvl), w in zip(levels, weights, strict=True):
        m[f][lvl] = w
    u = {f: dict.fromkeys(FIELDS[f], 0.05) for f in FIELDS}
    return LinkageModel("drawn", {f: FieldWeights(m[f], u[f]) for f in FIELDS}, threshold)


LEVELS = sum(len(v) for v in FIELDS.values())


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(0.0005, 1.0), min_size=LEVELS, max_size=LEVELS), st.floats(-4.0, 6.0))
def test_the_bound_holds_under_any_fitted_weights(weights: list[float], threshold: float) -> None:
    # Any m/u fit, any threshold: the bound is worked out from the model, never assumed.
    agrees_with_scoring_every_pair(_model(weights, threshold), PROFILES[::5])


# Given names and third names of distinct sounds: with one surname, each pair of the
# people below shares one key only, M + the sound of the surname, a block too large to
# compare whole.
GIVEN = ["Mabar", "Madag", "Mabal", "Malad", "Mamab", "Madar", "Magab", "Malar", "Mabad", "Magam",
         "Madal", "Mamar", "Magad", "Malab", "Mabag", "Mabab", "Magal", "Mamag", "Malam", "Madab",
         "Mabam", "Magar", "Mamal"]
THIRD = ["Ebabo", "Ebado", "Ebago", "Ebalo", "Ebamo", "Ebaro", "Edabo", "Edado", "Edago", "Edalo",
         "Edamo", "Edaro", "Egabo", "Egado", "Egago", "Egalo", "Egamo", "Egaro", "Elabo", "Elado",
         "Elago", "Elalo", "Elamo"]


def test_a_large_block_is_read_in_the_order_of_its_words() -> None:
    # The block's words are surname + given name, so its order is that of the given
    # names; the third names are dealt out of step, so that the order of the whole names
    # ("ebabo kuintero mabar") or of reading differs from it.
    rank = {g: r for r, g in enumerate(sorted(GIVEN))}
    people = [profile(f"{g} Quintero {THIRD[rank[g] * 7 % len(THIRD)]}", "person") for g in GIVEN]
    shared = set.intersection(*(blocking_keys(p) for p in people))
    assert len(shared) == 1 and len(people) > FULL_BLOCK
    assert all(len(blocking_keys(a) & blocking_keys(b)) == 1 for a, b in combinations(people, 2))
    order = sorted(range(len(people)), key=lambda e: people[e].name.tokens[0])
    assert order != sorted(order)
    assert order != sorted(range(len(people)), key=lambda e: people[e].name.key)
    expected = {(min(order[i], order[j]), max(order[i], order[j]))
                for i in range(len(order)) for j in range(i + 1, min(len(order), i + WINDOW + 1))}
    found = {(e, x) for e, xs in _candidates(people) for x in xs}
    assert found == expected


def test_a_small_block_is_compared_whole() -> None:
    people = [profile(f"{g} Quintero", "person") for g in GIVEN[:FULL_BLOCK]]
    assert len(set.intersection(*(blocking_keys(p) for p in people))) == 1
    found = [(e, x) for e, xs in _candidates(people) for x in xs]
    assert sorted(found) == list(combinations(range(len(people)), 2))
