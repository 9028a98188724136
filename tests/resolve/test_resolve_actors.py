"""Actor resolution: explained scores, blocking, human judgements and stable ids."""

from __future__ import annotations

from ratline.resolve import ActorMention, Judgement, compare, resolve_actors
from ratline.resolve.actors import blocking_keys, profile


def m(mid: str, name: str, type_: str = "person", doc: str = "", *countries: str) -> ActorMention:
    return ActorMention(mid, name, type_, "broker", doc or f"d-{mid}", None, frozenset(countries))


PLANCARTE = [
    m("m1", "Manuel Plancarte Gaspar", "person", "d1", "MX"),
    m("m2", "Plancarte Gaspar, Manuel", "person", "d2", "MX"),
    m("m3", "M. Plancarte", "person", "d3", "MX"),
]


def test_compare_explains_alias_group() -> None:
    s = compare(m("a", "ISIS", "armed_group"), m("b", "Daesh", "armed_group"))
    assert s.verdict == "yes"
    assert any("same alias group Islamic State" in r for r in s.reasons)


def test_a_person_and_a_body_are_never_one_actor() -> None:
    s = compare(m("a", "Sinaloa", "person", "", "MX"), m("b", "Sinaloa", "armed_group", "", "MX"))
    assert s.value == 0.0 and s.reasons == ["type mismatch person/armed_group: a person is not a body"]


def test_compare_explains_type_and_country_with_their_weights() -> None:
    s = compare(m("a", "Sinaloa Traders", "organization", "", "MX"),
                m("b", "Sinaloa Traders", "armed_group", "", "MX"))
    assert any(r.startswith("type compatible (organization/armed_group): -") for r in s.reasons)
    assert any(r.startswith("countries shared (MX): +") for r in s.reasons)


def test_compare_different_alias_groups_is_no() -> None:
    s = compare(m("a", "Hezbollah", "armed_group"), m("b", "Hamas", "armed_group"))
    assert s.value == 0.0 and "different alias groups" in s.reasons[0]


def test_same_name_in_different_countries_is_not_one_person() -> None:
    s = compare(m("a", "Juan Garcia", "person", "", "MX"), m("b", "Juan García", "person", "", "ES"))
    assert s.verdict != "yes"
    assert any(r.startswith("countries disjoint_local (MX vs ES): -") for r in s.reasons)


def test_initial_form_shares_a_block_with_full_name() -> None:
    full = blocking_keys(profile("Manuel Plancarte Gaspar", "person"))
    initial = blocking_keys(profile("M. Plancarte", "person"))
    assert full & initial


def test_resolution_merges_variants_with_explained_pairs() -> None:
    res = resolve_actors(PLANCARTE + [m("m4", "Yusuf Demirkan", "person", "d4", "TR")])
    aid = res.actor_id_of("m1")
    assert res.actor_id_of("m2") == aid == res.actor_id_of("m3")
    assert res.actor_id_of("m4") != aid
    cluster = res.actor(aid)
    assert cluster.name == "Manuel Plancarte Gaspar"
    assert set(cluster.aliases) == {"Manuel Plancarte Gaspar", "Plancarte Gaspar, Manuel", "M. Plancarte"}
    assert cluster.documents == ("d1", "d2", "d3")
    merged = {frozenset((x.a, x.b)) for x in res.merges}
    assert frozenset(("m1", "m3")) in merged
    assert all(x.score.reasons for x in res.merges)


def test_alias_cluster_takes_group_name() -> None:
    res = resolve_actors([m("a", "ISIS", "armed_group", "d1", "IQ"), m("b", "Daesh", "armed_group", "d2", "SY"),
                          m("c", "Islamic State", "organization", "d3")])
    assert len(res.actors) == 1 and res.actors[0].name == "Islamic State"


def test_human_no_beats_machine_yes() -> None:
    mentions = [m("a", "Yusuf Demirkan", "person", "d1", "TR"), m("b", "Yousef Demirkan", "person", "d2", "TR")]
    assert compare(*mentions).verdict == "yes"
    res = resolve_actors(mentions, [Judgement("a", "b", "no", "reviewer")])
    assert res.actor_id_of("a") != res.actor_id_of("b")
    assert any("judged these apart" in " ".join(x.score.reasons) for x in res.review)


def test_human_no_is_not_bypassed_through_a_third_mention() -> None:
    mentions = [m("a", "Yusuf Demirkan", "person", "d1", "TR"), m("b", "Yousef Demirkan", "person", "d2", "TR"),
                m("c", "Youssef Demirkan", "person", "d3", "TR")]
    res = resolve_actors(mentions, [Judgement("a", "b", "no", "reviewer")])
    assert res.actor_id_of("a") != res.actor_id_of("b")
    assert res.actor_id_of("c") in (res.actor_id_of("a"), res.actor_id_of("b"))


def test_human_yes_merges_what_the_machine_would_not() -> None:
    mentions = [m("a", "Emeka Eze", "person", "d1", "NG"), m("b", "Chukwuemeka Obiora Eze", "person", "d2", "NG")]
    assert resolve_actors(mentions).actor_id_of("a") != resolve_actors(mentions).actor_id_of("b")
    res = resolve_actors(mentions, [Judgement("a", "b", "yes", "reviewer")])
    assert res.actor_id_of("a") == res.actor_id_of("b")
    assert any(x.by == "reviewer" for x in res.merges)


def test_contradicting_yes_is_reported_and_no_holds() -> None:
    mentions = [m("a", "Emeka Eze"), m("b", "Chukwuemeka Eze")]
    res = resolve_actors(mentions, [Judgement("a", "b", "no", "r1"), Judgement("a", "b", "yes", "r2")])
    assert res.actor_id_of("a") != res.actor_id_of("b")
    assert any("contradicts" in p for p in res.problems)


def test_person_chains_do_not_cross_countries() -> None:
    # A mention without a country must not glue the Mexican and the Spanish Juan Garcia.
    mentions = [m("a", "Juan Garcia", "person", "d1", "MX"), m("b", "Juan Garcia", "person", "d2"),
                m("c", "Juan Garcia", "person", "d3", "ES")]
    res = resolve_actors(mentions)
    assert res.actor_id_of("a") != res.actor_id_of("c")


def test_ids_stable_across_reruns_with_new_mentions() -> None:
    first = resolve_actors(PLANCARTE)
    old_id = first.actor_id_of("m1")
    assert old_id.startswith("actor-") and len(old_id) == len("actor-") + 12
    # A new mention whose id sorts first would change a fresh id; the old one must survive.
    new = [m("a0", "Manuel Plancarte", "person", "d0", "MX"), m("z9", "Octavio Renteria", "person", "d9", "MX")]
    second = resolve_actors(new + PLANCARTE, previous=first.mapping())
    assert second.actor_id_of("a0") == old_id == second.actor_id_of("m3")
    assert second.actor_id_of("z9") != old_id
    # Same input, same ids.
    assert resolve_actors(new + PLANCARTE, previous=first.mapping()).mapping() == second.mapping()


def test_split_by_a_person_gives_the_split_off_part_a_new_id() -> None:
    first = resolve_actors(PLANCARTE)
    old_id = first.actor_id_of("m1")
    second = resolve_actors(PLANCARTE, [Judgement("m1", "m3", "no", "reviewer")], previous=first.mapping())
    assert second.actor_id_of("m1") == old_id == second.actor_id_of("m2")
    assert second.actor_id_of("m3") != old_id
    assert second.actor_id_of("m3") not in set(first.mapping().values())


def test_merge_of_two_old_actors_keeps_smallest_id_and_redirects() -> None:
    mentions = [m("a", "Emeka Eze", "person", "d1", "NG"), m("b", "Chukwuemeka Obiora Eze", "person", "d2", "NG")]
    first = resolve_actors(mentions)
    ids = sorted({first.actor_id_of("a"), first.actor_id_of("b")})
    second = resolve_actors(mentions, [Judgement(ids[0], ids[1], "yes", "reviewer")], previous=first.mapping())
    assert second.actor_id_of("a") == ids[0] == second.actor_id_of("b")
    assert second.redirects == {ids[1]: ids[0]}
    assert second.actor(ids[1]).actor_id == ids[0]


def test_blocking_keeps_comparisons_near_linear() -> None:
    mentions = [m(f"x{i}", f"Person{i:04d} Surname{i % 7}", "person", f"d{i}", "PK") for i in range(2000)]
    res = resolve_actors(mentions)
    assert res.stats["comparisons"] < 2000 * 20


def test_no_between_a_mention_and_its_own_actor_splits_it_off() -> None:
    first = resolve_actors(PLANCARTE)
    old_id = first.actor_id_of("m1")
    second = resolve_actors(PLANCARTE, [Judgement("m3", old_id, "no", "reviewer")], previous=first.mapping())
    assert second.actor_id_of("m1") == old_id == second.actor_id_of("m2")
    assert second.actor_id_of("m3") != old_id
    same = resolve_actors(PLANCARTE, [Judgement("m1", "m1", "no", "reviewer")])
    assert same.actor_id_of("m1") == same.actor_id_of("m2")
    assert any("both sides" in p for p in same.problems)
